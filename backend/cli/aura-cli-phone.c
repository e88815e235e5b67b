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
