/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "aura-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "aura-cli-private.h"
#include "aura-phone.h"

/* aura-cli phone: what a phone number says by itself, offline
 * (libphonenumber): validity, type, formats, country, region. */

static JsonNode *
info_to_json (const AuraPhoneInfo *info)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "input");
  json_builder_add_string_value (builder, info->input);
  json_builder_set_member_name (builder, "valid");
  json_builder_add_boolean_value (builder, info->is_valid);
  json_builder_set_member_name (builder, "possible");
  json_builder_add_boolean_value (builder, info->is_possible);
  json_builder_set_member_name (builder, "possibility");
  json_builder_add_string_value (builder, aura_phone_possibility_to_string (info->possibility));
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, aura_phone_type_to_string (info->type));
  json_builder_set_member_name (builder, "region");
  json_builder_add_string_value (builder, info->region);
  json_builder_set_member_name (builder, "country");
  json_builder_add_string_value (builder, info->country_name);
  json_builder_set_member_name (builder, "country_code");
  json_builder_add_int_value (builder, info->country_code);
  json_builder_set_member_name (builder, "national_number");
  json_builder_add_string_value (builder, info->national_number);
  json_builder_set_member_name (builder, "extension");
  json_builder_add_string_value (builder, info->extension);
  json_builder_set_member_name (builder, "e164");
  json_builder_add_string_value (builder, info->e164);
  json_builder_set_member_name (builder, "international");
  json_builder_add_string_value (builder, info->international);
  json_builder_set_member_name (builder, "national");
  json_builder_add_string_value (builder, info->national);
  json_builder_set_member_name (builder, "rfc3966");
  json_builder_add_string_value (builder, info->rfc3966);
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, info->description);
  json_builder_set_member_name (builder, "carrier");
  json_builder_add_string_value (builder, info->carrier);
  json_builder_set_member_name (builder, "time_zones");
  json_builder_begin_array (builder);
  for (guint i = 0; info->time_zones != NULL && info->time_zones[i] != NULL; i++)
    json_builder_add_string_value (builder, info->time_zones[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "short_number");
  json_builder_add_boolean_value (builder, info->is_short_number);
  json_builder_set_member_name (builder, "emergency");
  json_builder_add_boolean_value (builder, info->is_emergency);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
print_line (AuraCli *cli, const char *label, const char *value)
{
  if (value != NULL && *value != '\0')
    aura_cli_print_line (cli, label, value);
}

static void
print_info (AuraCli *cli, const AuraPhoneInfo *info)
{
  g_autofree char *zones = info->time_zones != NULL && info->time_zones[0] != NULL
                               ? g_strjoinv (", ", info->time_zones)
                               : NULL;
  const char *validity = info->is_valid      ? _ ("valid")
                         : info->is_possible ? _ ("possible, but not a number in use")
                                             : _ ("not possible");

  print_line (cli, _ ("Number"), info->input);
  print_line (cli, _ ("Validity"), validity);
  print_line (cli, _ ("Type"), aura_phone_type_to_string (info->type));
  print_line (cli, _ ("E.164"), info->e164);
  print_line (cli, _ ("International"), info->international);
  print_line (cli, _ ("National"), info->national);
  print_line (cli, _ ("Country"), info->country_name);
  print_line (cli, _ ("Region"), info->region);
  print_line (cli, _ ("Area"), info->description);
  print_line (cli, _ ("Carrier"), info->carrier);
  print_line (cli, _ ("Time zones"), zones);
  if (info->is_emergency)
    print_line (cli, _ ("Note"), _ ("an emergency number"));
  else if (info->is_short_number)
    print_line (cli, _ ("Note"), _ ("a short number (service or emergency)"));
}

static gboolean
record (AuraCli *cli, const char *investigation_ref, const AuraPhoneInfo *info, GError **error)
{
  g_autoptr (AuraInvestigation) investigation = NULL;
  g_autoptr (AuraEntity) entity = NULL;
  g_autoptr (JsonNode) json = info_to_json (info);
  g_autofree char *attributes = NULL;
  AuraProvenance provenance = { 0, "phone", "libphonenumber" };

  if (info->e164 == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _ ("“%s” has no international form to record"), info->input);
      return FALSE;
    }
  investigation = aura_cli_find_investigation (cli, investigation_ref, FALSE, error);
  if (investigation == NULL)
    return FALSE;
  attributes = json_to_string (json, FALSE);
  entity = aura_store_add_entity (cli->store, aura_investigation_get_id (investigation),
                                  AURA_ENTITY_PHONE, info->e164, attributes,
                                  info->is_valid ? 1.0 : 0.5, &provenance, NULL, error);
  return entity != NULL;
}

gboolean
aura_cli_phone (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE;
  g_autofree char *region = NULL;
  g_autofree char *locale = NULL;
  g_autofree char *investigation_ref = NULL;
  const GOptionEntry entries[] = {
    { "region", 'r', 0, G_OPTION_ARG_STRING, &region,
      N_ ("Country of a number written without “+” (ISO code: FR, US, GB…)"), N_ ("CC") },
    { "locale", 'l', 0, G_OPTION_ARG_STRING, &locale,
      N_ ("Language of the area names (default: English)"), N_ ("LANG") },
    { "investigation", 'i', 0, G_OPTION_ARG_STRING, &investigation_ref,
      N_ ("Record the number, with what it says, in this investigation"), N_ ("INV") },
    { NULL },
  };
  g_autoptr (GOptionContext) context = aura_cli_option_context_new (
      cli, "phone", _ ("NUMBER"),
      N_ ("What a phone number says by itself, offline: valid or not, type (mobile, fixed, "
          "VoIP, toll-free…), formats, country and area."),
      entries, &help);
  g_autoptr (AuraPhoneInfo) info = NULL;

  if (!aura_cli_parse (cli, context, &help, &argc, &argv, 1, 1, error) || help)
    return !help ? FALSE : TRUE;
  info = aura_phone_analyse (argv[1], region, locale != NULL ? locale : "en", error);
  if (info == NULL)
    {
      /* A number that cannot be read is invalid input (exit code 4). */
      if ((*error)->domain == AURA_PHONE_ERROR)
        (*error)->domain = G_IO_ERROR, (*error)->code = G_IO_ERROR_INVALID_ARGUMENT;
      return FALSE;
    }
  if (investigation_ref != NULL && !record (cli, investigation_ref, info, error))
    return FALSE;
  if (cli->json)
    {
      g_autoptr (JsonNode) root = info_to_json (info);

      aura_cli_print_json (root);
    }
  else
    print_info (cli, info);
  return TRUE;
}

/* ---- aura-cli scan phone ------------------------------------------------
 * The offline analysis, numverify when asked and a key is set, and the
 * web links for the number (messaging apps, search dorks, caller ID),
 * recorded with -i as the phone, its area and its carrier. */

typedef struct
{
  AuraPhoneLookup *lookup;
  GError *error;
  gboolean done;
} OnlineRun;

static void
online_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  OnlineRun *run = user_data;

  run->lookup = aura_phone_numverify_finish (result, &run->error);
  run->done = TRUE;
}

/* numverify, waited for in a private main context. */
static AuraPhoneLookup *
ask_numverify (AuraEngine *engine, const char *e164, const char *key, GError **error)
{
  g_autoptr (GMainContext) context = g_main_context_new ();
  const char *base = g_getenv ("AURA_NUMVERIFY_URL");
  OnlineRun run = { 0 };

  g_main_context_push_thread_default (context);
  aura_phone_numverify_async (engine, e164, key, base != NULL && *base != '\0' ? base : NULL, NULL,
                              online_done, &run);
  while (!run.done)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);
  if (run.error != NULL)
    g_propagate_error (error, run.error);
  return run.lookup;
}

/* The phone link-outs filled with the number, in file order. */
static JsonNode *
phone_links (const char *e164, GPtrArray *lines)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraLinkOutList) links = aura_link_out_list_load_bundled (&error);
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; links != NULL && i < aura_link_out_list_get_n_links (links); i++)
    {
      const AuraLinkOut *link = aura_link_out_list_get_link (links, i);
      g_autofree char *url = NULL;

      if (!aura_link_out_takes (link, AURA_ENTITY_PHONE))
        continue;
      url = aura_link_out_build_url (link, AURA_ENTITY_PHONE, e164, NULL);
      if (url == NULL)
        continue;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, aura_link_out_get_id (link));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, aura_link_out_get_name (link));
      json_builder_set_member_name (builder, "category");
      json_builder_add_string_value (builder, aura_link_out_get_category (link));
      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, url);
      json_builder_end_object (builder);
      g_ptr_array_add (lines, g_strdup_printf ("%s\t%s", aura_link_out_get_name (link), url));
    }
  json_builder_end_array (builder);
  if (links == NULL)
    g_printerr (_ ("aura-cli: the web links were left out: %s\n"), error->message);
  return json_builder_get_root (builder);
}

static gboolean
add_related (AuraStore *store,
             gint64 investigation_id,
             gint64 phone_id,
             AuraEntityType type,
             const char *value,
             const char *relation,
             const AuraProvenance *provenance,
             GError **error)
{
  g_autoptr (AuraEntity) entity = NULL;
  g_autoptr (AuraRelation) link = NULL;

  if (value == NULL || *value == '\0')
    return TRUE;
  entity = aura_store_add_entity (store, investigation_id, type, value, NULL, 0.8, provenance, NULL,
                                  error);
  if (entity == NULL)
    return FALSE;
  link = aura_store_add_relation (store, investigation_id, phone_id, aura_entity_get_id (entity),
                                  relation, NULL, 0.8, provenance, error);
  return link != NULL;
}

/* The phone, where it is (country and area) and its carrier, with a scan
 * row for each part. */
static gboolean
record_scan (AuraCli *cli,
             const char *investigation_ref,
             const AuraPhoneInfo *info,
             const AuraPhoneLookup *lookup,
             const char *online_error,
             GError **error)
{
  g_autoptr (AuraInvestigation) investigation = NULL;
  g_autoptr (AuraEntity) phone = NULL;
  g_autoptr (JsonNode) json = info_to_json (info);
  g_autoptr (AuraScanResultRecord) offline = g_new0 (AuraScanResultRecord, 1);
  g_autoptr (AuraScanResultRecord) online = NULL;
  const AuraScanResultRecord *results[2];
  g_autofree char *attributes = NULL;
  g_autofree char *place = NULL;
  AuraProvenance provenance = { 0, "phone", "libphonenumber" };
  AuraProvenance online_provenance = { 0, "phone", "numverify" };
  gint64 inv, scan;
  guint n = 0;

  if (info->e164 == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _ ("“%s” has no international form to record"), info->input);
      return FALSE;
    }
  investigation = aura_cli_find_investigation (cli, investigation_ref, FALSE, error);
  if (investigation == NULL)
    return FALSE;
  inv = aura_investigation_get_id (investigation);
  if (lookup != NULL)
    {
      JsonObject *object = json_node_get_object (json);

      json_object_set_string_member (object, "carrier", lookup->carrier);
      json_object_set_string_member (object, "line_type", lookup->line_type);
    }
  attributes = json_to_string (json, FALSE);
  phone = aura_store_add_entity (cli->store, inv, AURA_ENTITY_PHONE, info->e164, attributes,
                                 info->is_valid ? 1.0 : 0.5, &provenance, NULL, error);
  if (phone == NULL)
    return FALSE;
  scan = aura_store_begin_scan (
      cli->store, inv, aura_entity_get_id (phone), "phone",
      lookup != NULL || online_error != NULL ? "{\"online\":true}" : "{\"online\":false}", error);
  if (scan == 0)
    return FALSE;
  provenance.scan_id = online_provenance.scan_id = scan;
  offline->site = g_strdup ("libphonenumber");
  offline->verdict = g_strdup (info->is_valid ? "found" : "invalid");
  offline->reason = g_strdup (aura_phone_possibility_to_string (info->possibility));
  results[n++] = offline;
  if (lookup != NULL || online_error != NULL)
    {
      online = g_new0 (AuraScanResultRecord, 1);
      online->site = g_strdup ("numverify");
      online->verdict = g_strdup (lookup == NULL  ? "unknown"
                                  : lookup->valid ? "found"
                                                  : "not_found");
      online->reason = g_strdup (online_error);
      results[n++] = online;
    }
  if (!aura_store_add_scan_results (cli->store, scan, results, n, error))
    return FALSE;

  /* "Paris, France" when the area is known, else the country. */
  if (info->country_name != NULL)
    place = info->description != NULL && g_strcmp0 (info->description, info->country_name) != 0
                ? g_strdup_printf ("%s, %s", info->description, info->country_name)
                : g_strdup (info->country_name);
  if (!add_related (cli->store, inv, aura_entity_get_id (phone), AURA_ENTITY_LOCATION, place,
                    "located_in", &provenance, error) ||
      !add_related (cli->store, inv, aura_entity_get_id (phone), AURA_ENTITY_ORGANISATION,
                    lookup != NULL ? lookup->carrier : NULL, "operated_by", &online_provenance,
                    error))
    {
      aura_store_finish_scan (cli->store, scan, "failed", NULL, (*error)->message, NULL);
      return FALSE;
    }
  return aura_store_finish_scan (cli->store, scan, "done", NULL, NULL, error);
}

gboolean
aura_cli_scan_phone (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE, online = FALSE;
  g_autofree char *region = NULL;
  g_autofree char *locale = NULL;
  g_autofree char *investigation_ref = NULL;
  g_auto (GStrv) key_args = NULL;
  AuraCliNet net = { 0 };
  const GOptionEntry scan_entries[] = {
    { "region", 'r', 0, G_OPTION_ARG_STRING, &region,
      N_ ("Country of a number written without “+” (ISO code: FR, US, GB…)"), N_ ("CC") },
    { "locale", 'l', 0, G_OPTION_ARG_STRING, &locale,
      N_ ("Language of the area names (default: English)"), N_ ("LANG") },
    { "investigation", 'i', 0, G_OPTION_ARG_STRING, &investigation_ref,
      N_ ("Record the number, its area and its carrier in this investigation"), N_ ("INV") },
    { "online", 0, 0, G_OPTION_ARG_NONE, &online,
      N_ ("Also ask numverify (needs a “numverify” key) for the carrier and line type"), NULL },
    { "key", 0, 0, G_OPTION_ARG_STRING_ARRAY, &key_args,
      N_ ("API key, as NAME=VALUE (else AURA_KEY_NAME or the keyring)"), N_ ("NAME=VALUE") },
  };
  g_autoptr (GArray) entries = g_array_new (TRUE, TRUE, sizeof (GOptionEntry));
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (AuraPhoneInfo) info = NULL;
  g_autoptr (AuraPhoneLookup) lookup = NULL;
  g_autoptr (AuraApiKeys) keys = aura_api_keys_new ();
  g_autoptr (GError) online_error = NULL;
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (JsonNode) links = NULL;
  gboolean ok;

  net.loopback_only = g_strcmp0 (g_getenv ("AURA_LOOPBACK_ONLY"), "1") == 0;
  g_array_append_vals (entries, scan_entries, G_N_ELEMENTS (scan_entries));
  aura_cli_net_add_entries (&net, entries);
  context = aura_cli_option_context_new (
      cli, "scan phone", _ ("NUMBER"),
      N_ ("What can be learnt of a phone number: the offline analysis, numverify with "
          "--online, and web links for it (messaging apps, search dorks, caller ID)."),
      (const GOptionEntry *)(void *)entries->data, &help);
  ok = aura_cli_parse (cli, context, &help, &argc, &argv, 1, 1, error);
  for (guint i = 0; ok && !help && key_args != NULL && key_args[i] != NULL; i++)
    ok = aura_api_keys_parse_assignment (keys, key_args[i], error);
  if (!ok || help)
    {
      aura_cli_net_clear (&net);
      return ok;
    }
  info = aura_phone_analyse (argv[1], region, locale != NULL ? locale : "en", error);
  if (info == NULL)
    {
      aura_cli_net_clear (&net);
      if ((*error)->domain == AURA_PHONE_ERROR)
        (*error)->domain = G_IO_ERROR, (*error)->code = G_IO_ERROR_INVALID_ARGUMENT;
      return FALSE;
    }
  if (online && info->e164 != NULL)
    {
      g_autofree char *key = aura_api_keys_get (keys, "numverify", NULL);
      g_autoptr (AuraEngine) engine = key != NULL ? aura_cli_net_engine_new (&net, error) : NULL;

      if (key == NULL)
        g_set_error_literal (&online_error, AURA_PHONE_LOOKUP_ERROR, AURA_PHONE_LOOKUP_ERROR_NO_KEY,
                             _ ("No numverify key: set one with aura-cli keys set numverify"));
      else if (engine == NULL)
        {
          aura_cli_net_clear (&net);
          return FALSE;
        }
      else
        lookup = ask_numverify (engine, info->e164, key, &online_error);
    }
  aura_cli_net_clear (&net);
  links = phone_links (info->e164 != NULL ? info->e164 : argv[1], lines);
  if (investigation_ref != NULL &&
      !record_scan (cli, investigation_ref, info, lookup,
                    online_error != NULL ? online_error->message : NULL, error))
    return FALSE;

  if (cli->json)
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "number");
      json_builder_add_value (builder, info_to_json (info));
      json_builder_set_member_name (builder, "numverify");
      if (lookup != NULL)
        json_builder_add_value (builder, aura_phone_lookup_to_json (lookup));
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "numverify_error");
      if (online_error != NULL)
        json_builder_add_string_value (builder, online_error->message);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "links");
      json_builder_add_value (builder, g_steal_pointer (&links));
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      aura_cli_print_json (root);
      return TRUE;
    }
  print_info (cli, info);
  if (lookup != NULL)
    {
      print_line (cli, _ ("Carrier (numverify)"), lookup->carrier);
      print_line (cli, _ ("Line (numverify)"), lookup->line_type);
      print_line (cli, _ ("Place (numverify)"), lookup->location);
      print_line (cli, _ ("Valid (numverify)"), lookup->valid ? _ ("yes") : _ ("no"));
    }
  else if (online_error != NULL)
    print_line (cli, _ ("numverify"), online_error->message);
  if (lines->len > 0)
    {
      printf ("\n%s\n", _ ("Links to open:"));
      for (guint i = 0; i < lines->len; i++)
        {
          g_auto (GStrv) parts = g_strsplit (lines->pdata[i], "\t", 2);
          g_autofree char *name = aura_cli_printable (cli, parts[0]);

          printf ("  %-28s %s\n", name, parts[1]);
        }
    }
  return TRUE;
}
