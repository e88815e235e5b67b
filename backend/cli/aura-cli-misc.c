/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "aura-cli"

#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include <gio/gunixoutputstream.h>
#include <glib/gi18n-lib.h>

#include "aura-cli-private.h"

/* Default number of audit rows shown by "audit list". */
#define DEFAULT_AUDIT_LIMIT 50

static void print_status_json (const char *first_key, ...) G_GNUC_NULL_TERMINATED;

/* Prints a flat JSON object from key/JsonNode pairs (the nodes are taken). */
static void
print_status_json (const char *first_key, ...)
{
  g_autoptr (JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();
  va_list args;

  va_start (args, first_key);
  for (const char *key = first_key; key != NULL; key = va_arg (args, const char *))
    json_object_set_member (object, key, va_arg (args, JsonNode *));
  va_end (args);
  json_node_take_object (root, object);
  aura_cli_print_json (root);
}

static JsonNode *
string_node (const char *value)
{
  return json_node_init_string (json_node_alloc (), value);
}

static JsonNode *
int_node (gint64 value)
{
  return json_node_init_int (json_node_alloc (), value);
}

static JsonNode *
bool_node (gboolean value)
{
  return json_node_init_boolean (json_node_alloc (), value);
}

static gboolean
parse_format (const char *name, AuraExportFormat *out_format, GError **error)
{
  if (name != NULL && g_ascii_strcasecmp (name, "json") == 0)
    *out_format = AURA_EXPORT_JSON;
  else if (name != NULL && g_ascii_strcasecmp (name, "csv") == 0)
    *out_format = AURA_EXPORT_CSV;
  else
    {
      g_set_error (error, AURA_CLI_ERROR, AURA_CLI_ERROR_USAGE,
                   name ? _ ("Unknown export format “%s”; use json or csv")
                        : _ ("Missing --format; use json or csv"),
                   name);
      return FALSE;
    }
  return TRUE;
}

/* Writes to a temporary file beside @path that replaces it only once the
 * export is complete: a failed export never leaves half a file, and an
 * existing file stays as it was. */
static gboolean
export_to_file (
    AuraStore *store, gint64 id, AuraExportFormat format, const char *path, GError **error)
{
  g_autoptr (GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr (GFileOutputStream) stream = NULL;
  g_autoptr (GCancellable) abort = NULL;
  gboolean existed = g_file_query_exists (file, NULL);

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, error);
  if (stream == NULL)
    return FALSE;
  if (aura_store_export (store, id, format, G_OUTPUT_STREAM (stream), NULL, error) &&
      g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, error))
    return TRUE;

  /* Closing with a cancelled cancellable drops the temporary file and keeps
   * the original; a file that did not exist before was written in place. */
  abort = g_cancellable_new ();
  g_cancellable_cancel (abort);
  g_output_stream_close (G_OUTPUT_STREAM (stream), abort, NULL);
  if (!existed)
    g_file_delete (file, NULL, NULL);
  return FALSE;
}

static gboolean
export_to_stdout (AuraStore *store, gint64 id, AuraExportFormat format, GError **error)
{
  g_autoptr (GOutputStream) stream = g_unix_output_stream_new (STDOUT_FILENO, FALSE);

  fflush (stdout);
  if (!aura_store_export (store, id, format, stream, NULL, error))
    return FALSE;
  return g_output_stream_flush (stream, NULL, error);
}

static gboolean
cmd_export (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE;
  g_autofree char *format_name = NULL;
  g_autofree char *output = NULL;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name, N_ ("json or csv"), N_ ("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_ ("Write to FILE (replaced only when the export succeeds) instead of standard output"),
      N_ ("FILE") },
    G_OPTION_ENTRY_NULL,
  };
  g_autoptr (GOptionContext) context = aura_cli_option_context_new (
      cli, "export", _ ("INV"),
      N_ ("Export an investigation: targets, entities with attributes and provenance, relations."),
      entries, &help);
  g_autoptr (AuraInvestigation) investigation = NULL;
  AuraExportFormat format;
  gint64 id;

  if (!aura_cli_parse (cli, context, &help, &argc, &argv, 1, 1, error))
    return FALSE;
  if (help)
    return TRUE;
  if (!parse_format (format_name, &format, error))
    return FALSE;
  if ((investigation = aura_cli_find_investigation (cli, argv[1], FALSE, error)) == NULL)
    return FALSE;
  id = aura_investigation_get_id (investigation);

  if (output == NULL)
    return export_to_stdout (cli->store, id, format, error);
  if (!export_to_file (cli->store, id, format, output, error))
    return FALSE;
  if (cli->json)
    print_status_json ("path", string_node (output), "format",
                       string_node (format == AURA_EXPORT_JSON ? "json" : "csv"),
                       "investigation_id", int_node (id), NULL);
  return TRUE;
}

gboolean
aura_cli_export (AuraCli *cli, int argc, char **argv, GError **error)
{
  return cmd_export (cli, argc, argv, error);
}

static void
print_audit_table (AuraCli *cli, GPtrArray *entries)
{
  g_autoptr (AuraCliTable) table = aura_cli_table_new (
      7, _ ("ID"), _ ("AT"), _ ("ACTOR"), _ ("ACTION"), _ ("OBJECT"), _ ("INV"), _ ("DETAILS"));
  aura_cli_table_set_flexible (table, 6);

  for (guint i = 0; i < entries->len; i++)
    {
      AuraAuditEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, aura_audit_entry_get_id (entry));
      g_autofree char *at = aura_cli_format_time (aura_audit_entry_get_at (entry) / G_USEC_PER_SEC);
      g_autofree char *object =
          g_strdup_printf ("%s %" G_GINT64_FORMAT, aura_audit_entry_get_object_type (entry) ?: "",
                           aura_audit_entry_get_object_id (entry));
      gint64 inv_id = aura_audit_entry_get_investigation_id (entry);
      g_autofree char *inv = inv_id ? g_strdup_printf ("%" G_GINT64_FORMAT, inv_id) : NULL;

      aura_cli_table_add_row (table, id, at, aura_audit_entry_get_actor (entry),
                              aura_audit_entry_get_action (entry), object, inv,
                              aura_audit_entry_get_details (entry));
    }
  aura_cli_table_print (cli, table);
}

static gboolean
cmd_audit_list (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE;
  g_autofree char *inv = NULL;
  int limit = DEFAULT_AUDIT_LIMIT;
  const GOptionEntry entries[] = {
    { "investigation", 'i', 0, G_OPTION_ARG_STRING, &inv, N_ ("Only rows of this investigation"),
      N_ ("INV") },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_ ("At most N rows (default 50, 0: all)"),
      N_ ("N") },
    G_OPTION_ENTRY_NULL,
  };
  g_autoptr (GOptionContext) context = aura_cli_option_context_new (
      cli, "audit list", NULL, N_ ("List audit log rows, newest first."), entries, &help);
  g_autoptr (AuraInvestigation) investigation = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  AuraStore *store;

  if (!aura_cli_parse (cli, context, &help, &argc, &argv, 0, 0, error))
    return FALSE;
  if (help)
    return TRUE;
  if (limit < 0)
    {
      g_set_error (error, AURA_CLI_ERROR, AURA_CLI_ERROR_USAGE,
                   _ ("--limit takes a number of zero or more"));
      return FALSE;
    }
  if ((store = aura_cli_get_store (cli, error)) == NULL)
    return FALSE;
  if (inv != NULL && (investigation = aura_cli_find_investigation (cli, inv, TRUE, error)) == NULL)
    return FALSE;
  rows = aura_store_list_audit (
      store, investigation ? aura_investigation_get_id (investigation) : 0, (guint)limit, error);
  if (rows == NULL)
    return FALSE;

  if (cli->json)
    {
      g_autoptr (JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_sized_new (rows->len);

      for (guint i = 0; i < rows->len; i++)
        json_array_add_element (array, aura_cli_audit_entry_to_json (g_ptr_array_index (rows, i)));
      json_node_take_array (root, array);
      aura_cli_print_json (root);
    }
  else
    print_audit_table (cli, rows);
  return TRUE;
}

/* A store CORRUPT error from a check means "the check failed", which has an
 * exit code of its own, distinct from "cannot open the database". */
static void
as_integrity_error (GError **error)
{
  if (error != NULL && g_error_matches (*error, AURA_STORE_ERROR, AURA_STORE_ERROR_CORRUPT))
    {
      (*error)->domain = AURA_CLI_ERROR;
      (*error)->code = AURA_CLI_ERROR_INTEGRITY;
    }
}

static gboolean
cmd_audit_verify (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE;
  g_autoptr (GOptionContext) context = aura_cli_option_context_new (
      cli, "audit verify", NULL,
      N_ ("Recompute the hash chain of the audit log; exit status 5 if a row was edited, deleted "
          "or reordered."),
      NULL, &help);
  AuraStore *store;
  gint64 checked = 0, bad = 0;
  gboolean ok;

  if (!aura_cli_parse (cli, context, &help, &argc, &argv, 0, 0, error))
    return FALSE;
  if (help)
    return TRUE;
  if ((store = aura_cli_get_store (cli, error)) == NULL)
    return FALSE;
  ok = aura_store_verify_audit (store, &checked, &bad, error);
  if (cli->json && (ok || g_error_matches (*error, AURA_STORE_ERROR, AURA_STORE_ERROR_CORRUPT)))
    print_status_json ("ok", bool_node (ok), "checked", int_node (checked), "first_bad_id",
                       int_node (bad), NULL);
  if (!ok)
    {
      as_integrity_error (error);
      return FALSE;
    }
  if (!cli->json)
    {
      g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, checked);

      printf (g_dngettext (GETTEXT_PACKAGE, "Audit log intact: %s row checked.\n",
                           "Audit log intact: %s rows checked.\n", (gulong)checked),
              count);
    }
  return TRUE;
}

static const AuraCliCommand audit_commands[] = {
  { "list", cmd_audit_list, N_ ("List audit log rows") },
  { "verify", cmd_audit_verify, N_ ("Verify the hash chain") },
  { NULL, NULL, NULL },
};

gboolean
aura_cli_audit (AuraCli *cli, int argc, char **argv, GError **error)
{
  return aura_cli_dispatch (cli, "audit", audit_commands, argc, argv, error);
}

static gboolean
cmd_db_check (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE;
  g_autoptr (GOptionContext) context = aura_cli_option_context_new (
      cli, "db check", NULL, N_ ("Run SQLite’s integrity check on the database."), NULL, &help);
  AuraStore *store;

  if (!aura_cli_parse (cli, context, &help, &argc, &argv, 0, 0, error))
    return FALSE;
  if (help)
    return TRUE;
  if ((store = aura_cli_get_store (cli, error)) == NULL)
    return FALSE;
  if (!aura_store_check_integrity (store, error))
    {
      as_integrity_error (error);
      return FALSE;
    }
  if (cli->json)
    print_status_json ("ok", bool_node (TRUE), "path", string_node (aura_store_get_path (store)),
                       "schema_version", int_node (aura_store_get_schema_version (store)), NULL);
  else
    printf (_ ("Database intact: %s\n"), aura_store_get_path (store));
  return TRUE;
}

static gboolean
cmd_db_path (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE;
  g_autoptr (GOptionContext) context = aura_cli_option_context_new (
      cli, "db path", NULL, N_ ("Print the database path in use (does not open it)."), NULL, &help);
  g_autofree char *path = NULL;

  if (!aura_cli_parse (cli, context, &help, &argc, &argv, 0, 0, error))
    return FALSE;
  if (help)
    return TRUE;
  path = aura_cli_get_db_path (cli);
  if (cli->json)
    print_status_json ("path", string_node (path), NULL);
  else
    printf ("%s\n", path);
  return TRUE;
}

static const AuraCliCommand db_commands[] = {
  { "check", cmd_db_check, N_ ("Check the integrity of the database") },
  { "path", cmd_db_path, N_ ("Print the database path") },
  { NULL, NULL, NULL },
};

gboolean
aura_cli_db (AuraCli *cli, int argc, char **argv, GError **error)
{
  return aura_cli_dispatch (cli, "db", db_commands, argc, argv, error);
}

static void
print_types_json (void)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (int t = 0; t < AURA_ENTITY_N_TYPES; t++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, aura_entity_type_to_string (t));
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, aura_entity_type_get_label (t));
      json_builder_set_member_name (builder, "hint");
      json_builder_add_string_value (builder, aura_entity_type_get_hint (t));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  aura_cli_print_json (root);
}

gboolean
aura_cli_types (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE;
  g_autoptr (GOptionContext) context = aura_cli_option_context_new (
      cli, "types", NULL, N_ ("List the entity types, with the form each accepts."), NULL, &help);
  g_autoptr (AuraCliTable) table = NULL;

  if (!aura_cli_parse (cli, context, &help, &argc, &argv, 0, 0, error))
    return FALSE;
  if (help)
    return TRUE;
  if (cli->json)
    {
      print_types_json ();
      return TRUE;
    }
  table = aura_cli_table_new (3, _ ("TYPE"), _ ("LABEL"), _ ("ACCEPTS"));
  aura_cli_table_set_flexible (table, 2);
  for (int t = 0; t < AURA_ENTITY_N_TYPES; t++)
    aura_cli_table_add_row (table, aura_entity_type_to_string (t), aura_entity_type_get_label (t),
                            aura_entity_type_get_hint (t));
  aura_cli_table_print (cli, table);
  return TRUE;
}

gboolean
aura_cli_version (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE;
  g_autoptr (GOptionContext) context = aura_cli_option_context_new (
      cli, "version", NULL, N_ ("Show the version of aura-cli and of the database schema."), NULL,
      &help);
  int schema = aura_store_get_code_schema_version ();

  if (!aura_cli_parse (cli, context, &help, &argc, &argv, 0, 0, error))
    return FALSE;
  if (help)
    return TRUE;
  if (cli->json)
    print_status_json ("version", string_node (PACKAGE_VERSION), "schema_version",
                       int_node (schema), NULL);
  else
    printf (_ ("aura-cli %s (database schema %d)\n"), PACKAGE_VERSION, schema);
  return TRUE;
}
