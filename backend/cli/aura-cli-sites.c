/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "aura-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "aura-cli-private.h"

/* aura-cli sites: the username site lists. The bundled list plus the lists
 * imported into the user's folder ($AURA_SITES_DIR, else
 * $XDG_DATA_HOME/aura/sites). */

gboolean aura_cli_sites (AuraCli *cli, int argc, char **argv, GError **error);

/* Manifest errors end with the store's exit codes: 3 for a site that is not
 * there, 4 for a file that does not validate. */
static void
as_exit_error (GError **error)
{
  if (error == NULL || *error == NULL || (*error)->domain != AURA_MANIFEST_ERROR)
    return;
  (*error)->code = (*error)->code == AURA_MANIFEST_ERROR_NOT_FOUND ? AURA_STORE_ERROR_NOT_FOUND
                                                                   : AURA_STORE_ERROR_INVALID;
  (*error)->domain = AURA_STORE_ERROR;
}

static AuraSiteList *
load_all (AuraCli *cli, GError **error)
{
  g_autoptr (AuraSiteReport) report = NULL;
  AuraSiteList *list = aura_site_list_load_default (&report, error);

  if (list == NULL)
    {
      aura_cli_set_hint (cli, _ ("Set AURA_SITES_BUNDLED to the path of aura-sites.json."));
      as_exit_error (error);
      return NULL;
    }
  /* A damaged imported list does not hide the others. */
  for (guint i = 0; i < report->problems->len; i++)
    {
      AuraSiteProblem *problem = g_ptr_array_index (report->problems, i);

      g_printerr (_ ("aura-cli: skipped: %s\n"), problem->message);
    }
  return list;
}

static char *
join_tags (const AuraSite *site)
{
  return g_strjoinv (",", (char **)aura_site_get_tags (site));
}

static JsonNode *
site_summary_json (AuraSite *site)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  const char *const *tags = aura_site_get_tags (site);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, aura_site_get_name (site));
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, aura_site_get_main_url (site));
  json_builder_set_member_name (builder, "profile_url");
  json_builder_add_string_value (builder, aura_site_get_profile_url_template (site));
  json_builder_set_member_name (builder, "tags");
  json_builder_begin_array (builder);
  for (guint i = 0; tags[i] != NULL; i++)
    json_builder_add_string_value (builder, tags[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "source");
  json_builder_add_string_value (builder, aura_site_get_source (site));
  json_builder_set_member_name (builder, "disabled");
  json_builder_add_boolean_value (builder, aura_site_get_disabled (site));
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
cmd_list (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE;
  g_autofree char *tag = NULL;
  gboolean nsfw = FALSE;
  const GOptionEntry entries[] = {
    { "tag", 't', 0, G_OPTION_ARG_STRING, &tag, N_ ("Only sites with this tag"), N_ ("TAG") },
    { "nsfw", 0, 0, G_OPTION_ARG_NONE, &nsfw, N_ ("Include sites tagged nsfw"), NULL },
    G_OPTION_ENTRY_NULL,
  };
  g_autoptr (GOptionContext) context = aura_cli_option_context_new (
      cli, "sites list", NULL,
      N_ ("List the username sites: the bundled list and the imported ones."), entries, &help);
  g_autoptr (AuraSiteList) list = NULL;
  g_autoptr (AuraCliTable) table = NULL;
  g_autoptr (JsonNode) root = NULL;
  JsonArray *array = NULL;

  if (!aura_cli_parse (cli, context, &help, &argc, &argv, 0, 0, error))
    return FALSE;
  if (help)
    return TRUE;
  if ((list = load_all (cli, error)) == NULL)
    return FALSE;

  if (cli->json)
    {
      root = json_node_new (JSON_NODE_ARRAY);
      array = json_array_new ();
      json_node_take_array (root, array);
    }
  else
    {
      table = aura_cli_table_new (4, _ ("NAME"), _ ("TAGS"), _ ("SOURCE"), _ ("STATE"));
      aura_cli_table_set_flexible (table, 1);
    }
  for (guint i = 0; i < aura_site_list_get_n_sites (list); i++)
    {
      AuraSite *site = aura_site_list_get_site (list, i);
      g_autofree char *tags = NULL;

      if ((tag != NULL && !aura_site_has_tag (site, tag)) ||
          (!nsfw && aura_site_is_nsfw (site) && g_strcmp0 (tag, "nsfw") != 0))
        continue;
      if (array != NULL)
        {
          json_array_add_element (array, site_summary_json (site));
          continue;
        }
      tags = join_tags (site);
      aura_cli_table_add_row (table, aura_site_get_name (site), tags, aura_site_get_source (site),
                              aura_site_get_disabled (site) ? _ ("disabled") : _ ("enabled"));
    }
  if (root != NULL)
    aura_cli_print_json (root);
  else
    aura_cli_table_print (cli, table);
  return TRUE;
}

static gboolean
cmd_show (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE;
  g_autoptr (GOptionContext) context = aura_cli_option_context_new (
      cli, "sites show", _ ("NAME"),
      N_ ("Show a site’s definition: its request, username rules and detection rules."), NULL,
      &help);
  g_autoptr (AuraSiteList) list = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *tags = NULL;
  AuraSite *site;

  if (!aura_cli_parse (cli, context, &help, &argc, &argv, 1, 1, error))
    return FALSE;
  if (help)
    return TRUE;
  if ((list = load_all (cli, error)) == NULL)
    return FALSE;
  if ((site = aura_site_list_lookup (list, argv[1])) == NULL)
    {
      g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_NOT_FOUND, _ ("No site named “%s”"),
                   argv[1]);
      aura_cli_set_hint (cli, _ ("List sites with “aura-cli sites list”."));
      return FALSE;
    }
  node = aura_site_to_json (site);
  if (cli->json)
    {
      aura_cli_print_json (node);
      return TRUE;
    }
  tags = join_tags (site);
  aura_cli_print_line (cli, _ ("Name"), aura_site_get_name (site));
  aura_cli_print_line (cli, _ ("Home page"), aura_site_get_main_url (site));
  aura_cli_print_line (cli, _ ("Profile URL"), aura_site_get_profile_url_template (site));
  aura_cli_print_line (cli, _ ("Probe URL"), aura_site_get_probe_url_template (site));
  aura_cli_print_line (cli, _ ("Method"), aura_site_get_method (site));
  aura_cli_print_line (cli, _ ("Tags"), tags);
  aura_cli_print_line (cli, _ ("Source"), aura_site_get_source (site));
  if (aura_site_get_disabled (site))
    aura_cli_print_line (cli, _ ("Disabled"), aura_site_get_disabled_reason (site));
  if (aura_site_get_known_present (site) != NULL)
    aura_cli_print_line (cli, _ ("Known name"), aura_site_get_known_present (site));
  if (aura_site_get_notes (site) != NULL)
    aura_cli_print_line (cli, _ ("Notes"), aura_site_get_notes (site));
  {
    JsonObject *object = json_node_get_object (node);
    g_autoptr (JsonGenerator) generator = json_generator_new ();
    g_autoptr (JsonNode) detect = json_node_copy (json_object_get_member (object, "detect"));
    g_autofree char *text = NULL;

    json_generator_set_root (generator, detect);
    text = json_generator_to_data (generator, NULL);
    aura_cli_print_line (cli, _ ("Detection"), text);
  }
  return TRUE;
}

static JsonNode *
report_to_json (const char *path, AuraSiteReport *report, const char *saved)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, path);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, aura_site_format_to_string (report->format));
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder, report->total);
  json_builder_set_member_name (builder, "mapped");
  json_builder_add_int_value (builder, report->mapped);
  json_builder_set_member_name (builder, "skipped");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->problems->len; i++)
    {
      AuraSiteProblem *problem = g_ptr_array_index (report->problems, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "site");
      json_builder_add_string_value (builder, problem->site);
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, problem->message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  if (saved != NULL)
    {
      json_builder_set_member_name (builder, "saved_to");
      json_builder_add_string_value (builder, saved);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
print_problems (AuraCli *cli, AuraSiteReport *report)
{
  g_autoptr (AuraCliTable) table = NULL;

  if (report->problems->len == 0)
    return;
  table = aura_cli_table_new (2, _ ("SITE"), _ ("REASON"));
  aura_cli_table_set_flexible (table, 1);
  for (guint i = 0; i < report->problems->len; i++)
    {
      AuraSiteProblem *problem = g_ptr_array_index (report->problems, i);

      aura_cli_table_add_row (table, problem->site ? problem->site : "-", problem->message);
    }
  aura_cli_table_print (cli, table);
}

static gboolean
cmd_validate (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE;
  g_autoptr (GOptionContext) context = aura_cli_option_context_new (
      cli, "sites validate", _ ("FILE"),
      N_ ("Check a site list (Aura, Sherlock, Maigret or WhatsMyName) and report every site that "
          "does not validate; exit status 4 if any."),
      NULL, &help);
  g_autoptr (AuraSiteList) list = NULL;
  g_autoptr (AuraSiteReport) report = NULL;

  if (!aura_cli_parse (cli, context, &help, &argc, &argv, 1, 1, error))
    return FALSE;
  if (help)
    return TRUE;
  list = aura_site_list_import_file (argv[1], &report, error);
  if (list == NULL)
    {
      as_exit_error (error);
      return FALSE;
    }
  if (cli->json)
    {
      g_autoptr (JsonNode) root = report_to_json (argv[1], report, NULL);

      aura_cli_print_json (root);
    }
  else
    {
      printf (_ ("%s: %s list, %u of %u sites valid.\n"), argv[1],
              aura_site_format_to_string (report->format), report->mapped, report->total);
      print_problems (cli, report);
    }
  if (report->problems->len > 0)
    {
      g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE, "%u site of “%s” does not validate",
                                "%u sites of “%s” do not validate", report->problems->len),
                   report->problems->len, argv[1]);
      return FALSE;
    }
  return TRUE;
}

static gboolean
valid_list_name (const char *name)
{
  if (name == NULL || *name == '\0' || *name == '.' || strlen (name) > 64)
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;
  return TRUE;
}

static gboolean
cmd_import (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE;
  g_autofree char *name = NULL;
  const GOptionEntry entries[] = {
    { "name", 'n', 0, G_OPTION_ARG_STRING, &name,
      N_ ("Keep the list under this name (default: the format’s name)"), N_ ("NAME") },
    G_OPTION_ENTRY_NULL,
  };
  g_autoptr (GOptionContext) context = aura_cli_option_context_new (
      cli, "sites import", _ ("FILE"),
      N_ ("Convert a Sherlock, Maigret, WhatsMyName or Aura site list into Aura’s format and keep "
          "it for offline use. Sites that cannot be converted are listed with the reason."),
      entries, &help);
  g_autoptr (AuraSiteList) list = NULL;
  g_autoptr (AuraSiteReport) report = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *path = NULL;

  if (!aura_cli_parse (cli, context, &help, &argc, &argv, 1, 1, error))
    return FALSE;
  if (help)
    return TRUE;
  if (name != NULL && !valid_list_name (name))
    {
      g_set_error (error, AURA_CLI_ERROR, AURA_CLI_ERROR_USAGE,
                   _ ("“%s” is not a list name: use letters, digits, “-”, “_” and “.”"), name);
      return FALSE;
    }
  list = aura_site_list_import_file (argv[1], &report, error);
  if (list == NULL)
    {
      as_exit_error (error);
      return FALSE;
    }
  dir = aura_site_list_get_user_dir ();
  file_name = g_strdup_printf ("%s.json",
                               name != NULL ? name : aura_site_format_to_string (report->format));
  path = g_build_filename (dir, file_name, NULL);
  if (!aura_site_list_save_file (list, path, error))
    return FALSE;

  if (cli->json)
    {
      g_autoptr (JsonNode) root = report_to_json (argv[1], report, path);

      aura_cli_print_json (root);
      return TRUE;
    }
  printf (_ ("Imported %u of %u sites from a %s list into %s.\n"), report->mapped, report->total,
          aura_site_format_to_string (report->format), path);
  if (report->problems->len > 0)
    {
      printf (g_dngettext (GETTEXT_PACKAGE, "%u site skipped:\n", "%u sites skipped:\n",
                           report->problems->len),
              report->problems->len);
      print_problems (cli, report);
    }
  return TRUE;
}

/* NAME=URL → a source; NULL (and a usage error) when malformed. */
static gboolean
parse_source (const char *text, AuraSiteSource *out, GError **error)
{
  const char *equals = strchr (text, '=');

  if (equals == NULL || equals == text || equals[1] == '\0')
    {
      g_set_error (error, AURA_CLI_ERROR, AURA_CLI_ERROR_USAGE,
                   _ ("“%s” is not NAME=URL, like sherlock=https://example.org/data.json"), text);
      return FALSE;
    }
  out->name = g_strndup (text, equals - text);
  out->url = equals + 1;
  if (!valid_list_name (out->name))
    {
      g_set_error (error, AURA_CLI_ERROR, AURA_CLI_ERROR_USAGE,
                   _ ("“%s” is not a list name: use letters, digits, “-”, “_” and “.”"), out->name);
      g_free ((char *)out->name);
      out->name = NULL;
      return FALSE;
    }
  return TRUE;
}

static JsonNode *
update_to_json (const AuraSiteUpdate *update)
{
  JsonNode *node;
  JsonObject *object;

  if (update->report != NULL)
    node = report_to_json (update->url, update->report, update->saved_path);
  else
    {
      node = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (node, json_object_new ());
    }
  object = json_node_get_object (node);
  json_object_set_string_member (object, "name", update->name);
  json_object_set_string_member (object, "url", update->url);
  json_object_set_boolean_member (object, "ok", update->error == NULL);
  if (update->error != NULL)
    json_object_set_string_member (object, "error", update->error->message);
  return node;
}

static gboolean
cmd_update (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE, ok;
  g_auto (GStrv) urls = NULL;
  AuraCliNet net = { 0 };
  const GOptionEntry update_entries[] = {
    { "url", 0, 0, G_OPTION_ARG_STRING_ARRAY, &urls,
      N_ ("Fetch this list instead of the three community lists (repeat)"), N_ ("NAME=URL") },
  };
  g_autoptr (GArray) entries = g_array_new (TRUE, TRUE, sizeof (GOptionEntry));
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (AuraEngine) engine = NULL;
  g_autoptr (GPtrArray) updates = NULL;
  g_autoptr (GArray) sources = g_array_new (FALSE, TRUE, sizeof (AuraSiteSource));
  g_autofree char *dir = aura_site_list_get_user_dir ();
  guint n_failed = 0;

  net.loopback_only = g_strcmp0 (g_getenv ("AURA_LOOPBACK_ONLY"), "1") == 0;
  g_array_append_vals (entries, update_entries, G_N_ELEMENTS (update_entries));
  aura_cli_net_add_entries (&net, entries);
  context = aura_cli_option_context_new (
      cli, "sites update", NULL,
      N_ ("Download the Sherlock, Maigret and WhatsMyName site lists, import them and keep them "
          "for offline use. A list that cannot be fetched keeps its earlier copy."),
      (const GOptionEntry *)(void *)entries->data, &help);
  ok = aura_cli_parse (cli, context, &help, &argc, &argv, 0, 0, error);
  if (ok && !help)
    {
      for (guint i = 0; ok && urls != NULL && urls[i] != NULL; i++)
        {
          AuraSiteSource source = { NULL, NULL };
          ok = parse_source (urls[i], &source, error);
          if (ok)
            g_array_append_val (sources, source);
        }
      if (ok && sources->len == 0)
        {
          guint n;
          const AuraSiteSource *defaults = aura_site_sources_get_default (&n);
          for (guint i = 0; i < n; i++)
            {
              AuraSiteSource source = { g_strdup (defaults[i].name), defaults[i].url };
              g_array_append_val (sources, source);
            }
        }
      ok = ok && (engine = aura_cli_net_engine_new (&net, error)) != NULL;
    }
  aura_cli_net_clear (&net);
  if (ok && !help)
    updates = aura_site_update_run (engine, (const AuraSiteSource *)(void *)sources->data,
                                    sources->len, dir);
  for (guint i = 0; i < sources->len; i++)
    g_free ((char *)g_array_index (sources, AuraSiteSource, i).name);
  if (!ok || help)
    return ok;

  if (cli->json)
    {
      g_autoptr (JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < updates->len; i++)
        json_array_add_element (array, update_to_json (updates->pdata[i]));
      json_node_take_array (root, array);
      aura_cli_print_json (root);
    }
  for (guint i = 0; i < updates->len; i++)
    {
      AuraSiteUpdate *update = updates->pdata[i];

      if (update->error != NULL)
        {
          n_failed++;
          if (!cli->json)
            g_printerr (_ ("aura-cli: %s not updated: %s\n"), update->name, update->error->message);
          continue;
        }
      if (!cli->json)
        printf (_ ("%s: %u of %u sites kept in %s (%u skipped).\n"), update->name,
                update->report->mapped, update->report->total, update->saved_path,
                update->report->problems->len);
    }
  if (n_failed > 0)
    {
      g_set_error (
          error, G_IO_ERROR, G_IO_ERROR_FAILED,
          g_dngettext (GETTEXT_PACKAGE, "%u list could not be updated; its earlier copy is kept",
                       "%u lists could not be updated; their earlier copies are kept", n_failed),
          n_failed);
      return FALSE;
    }
  return TRUE;
}

static const AuraCliCommand sites_commands[] = {
  { "list", cmd_list, N_ ("List the username sites") },
  { "show", cmd_show, N_ ("Show one site’s definition") },
  { "validate", cmd_validate, N_ ("Check a site list file") },
  { "import", cmd_import, N_ ("Import a community site list for offline use") },
  { "update", cmd_update, N_ ("Download the community site lists for offline use") },
  { NULL, NULL, NULL },
};

gboolean
aura_cli_sites (AuraCli *cli, int argc, char **argv, GError **error)
{
  return aura_cli_dispatch (cli, "sites", sites_commands, argc, argv, error);
}
