/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "aura-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n-lib.h>

#include "aura-cli-private.h"

/* Prints one investigation as JSON, or a confirmation line built from
 * @format (a literal, so the compiler checks it) with the id and the name. */
#define REPORT(cli, investigation, format)                                                         \
  G_STMT_START                                                                                     \
  {                                                                                                \
    if ((cli)->json)                                                                               \
      {                                                                                            \
        g_autoptr (JsonNode) node_ = aura_cli_investigation_to_json (investigation, FALSE);        \
        aura_cli_print_json (node_);                                                               \
      }                                                                                            \
    else                                                                                           \
      {                                                                                            \
        g_autofree char *id_ =                                                                     \
            g_strdup_printf ("%" G_GINT64_FORMAT, aura_investigation_get_id (investigation));      \
        g_autofree char *name_ =                                                                   \
            aura_cli_printable (cli, aura_investigation_get_name (investigation));                 \
        printf (format, id_, name_);                                                               \
        fputc ('\n', stdout);                                                                      \
      }                                                                                            \
  }                                                                                                \
  G_STMT_END

/* Re-reads @id after a change so that the output shows the stored state. */
static AuraInvestigation *
reread (AuraCli *cli, gint64 id, GError **error)
{
  return aura_store_get_investigation (cli->store, id, error);
}

static gboolean
cmd_new (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE;
  g_autofree char *description = NULL;
  const GOptionEntry entries[] = {
    { "description", 'd', 0, G_OPTION_ARG_STRING, &description,
      N_ ("What the investigation is about"), N_ ("TEXT") },
    G_OPTION_ENTRY_NULL,
  };
  g_autoptr (GOptionContext) context = aura_cli_option_context_new (
      cli, "investigation new", _ ("NAME"), N_ ("Create an investigation."), entries, &help);
  g_autoptr (AuraInvestigation) investigation = NULL;
  AuraStore *store;

  if (!aura_cli_parse (cli, context, &help, &argc, &argv, 1, 1, error))
    return FALSE;
  if (help)
    return TRUE;
  if ((store = aura_cli_get_store (cli, error)) == NULL)
    return FALSE;
  investigation = aura_store_create_investigation (store, argv[1], description, error);
  if (investigation == NULL)
    return FALSE;
  /* Translators: the first %s is the id, the second the name. */
  REPORT (cli, investigation, _ ("Created investigation %s “%s”."));
  return TRUE;
}

static void
add_list_rows (
    AuraCli *cli, AuraCliTable *table, JsonBuilder *builder, GPtrArray *list, gboolean deleted)
{
  for (guint i = 0; i < list->len; i++)
    {
      AuraInvestigation *investigation = g_ptr_array_index (list, i);
      g_autofree char *id =
          g_strdup_printf ("%" G_GINT64_FORMAT, aura_investigation_get_id (investigation));
      g_autofree char *targets =
          g_strdup_printf ("%" G_GINT64_FORMAT, aura_investigation_get_n_targets (investigation));
      g_autofree char *entities =
          g_strdup_printf ("%" G_GINT64_FORMAT, aura_investigation_get_n_entities (investigation));
      g_autofree char *updated =
          aura_cli_format_time (aura_investigation_get_updated_at (investigation));
      const char *state = deleted                                           ? _ ("deleted")
                          : aura_investigation_get_archived (investigation) ? _ ("archived")
                                                                            : _ ("active");

      if (builder != NULL)
        json_builder_add_value (builder, aura_cli_investigation_to_json (investigation, deleted));
      else
        aura_cli_table_add_row (table, id, aura_investigation_get_name (investigation), targets,
                                entities, state, updated);
    }
}

static gboolean
cmd_list (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE, archived = FALSE, deleted = FALSE;
  const GOptionEntry entries[] = {
    { "archived", 'a', 0, G_OPTION_ARG_NONE, &archived, N_ ("Include archived investigations"),
      NULL },
    { "deleted", 0, 0, G_OPTION_ARG_NONE, &deleted,
      N_ ("List the investigations in the trash instead"), NULL },
    G_OPTION_ENTRY_NULL,
  };
  g_autoptr (GOptionContext) context = aura_cli_option_context_new (
      cli, "investigation list", NULL, N_ ("List investigations, newest first."), entries, &help);
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (AuraCliTable) table = NULL;
  g_autoptr (JsonBuilder) builder = NULL;
  AuraStore *store;

  if (!aura_cli_parse (cli, context, &help, &argc, &argv, 0, 0, error))
    return FALSE;
  if (help)
    return TRUE;
  if ((store = aura_cli_get_store (cli, error)) == NULL)
    return FALSE;
  list = deleted ? aura_store_list_deleted_investigations (store, error)
                 : aura_store_list_investigations (store, archived, error);
  if (list == NULL)
    return FALSE;

  if (cli->json)
    {
      g_autoptr (JsonNode) root = NULL;

      builder = json_builder_new ();
      json_builder_begin_array (builder);
      add_list_rows (cli, NULL, builder, list, deleted);
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      aura_cli_print_json (root);
      return TRUE;
    }
  table = aura_cli_table_new (6, _ ("ID"), _ ("NAME"), _ ("TARGETS"), _ ("ENTITIES"), _ ("STATE"),
                              _ ("UPDATED"));
  aura_cli_table_set_flexible (table, 1);
  add_list_rows (cli, table, NULL, list, deleted);
  aura_cli_table_print (cli, table);
  return TRUE;
}

static void
print_targets (AuraCli *cli, GPtrArray *targets)
{
  g_autoptr (AuraCliTable) table =
      aura_cli_table_new (4, _ ("ID"), _ ("TYPE"), _ ("VALUE"), _ ("ADDED"));
  aura_cli_table_set_flexible (table, 2);

  for (guint i = 0; i < targets->len; i++)
    {
      AuraEntity *entity = g_ptr_array_index (targets, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, aura_entity_get_id (entity));
      g_autofree char *added = aura_cli_format_time (aura_entity_get_first_seen (entity));

      aura_cli_table_add_row (table, id,
                              aura_entity_type_to_string (aura_entity_get_entity_type (entity)),
                              aura_entity_get_value (entity), added);
    }
  aura_cli_table_print (cli, table);
}

static void
show_investigation_text (AuraCli *cli, AuraInvestigation *investigation, GPtrArray *targets)
{
  g_autofree char *id =
      g_strdup_printf ("%" G_GINT64_FORMAT, aura_investigation_get_id (investigation));
  g_autofree char *created =
      aura_cli_format_time (aura_investigation_get_created_at (investigation));
  g_autofree char *updated =
      aura_cli_format_time (aura_investigation_get_updated_at (investigation));
  g_autofree char *n_targets =
      g_strdup_printf ("%" G_GINT64_FORMAT, aura_investigation_get_n_targets (investigation));
  g_autofree char *n_entities =
      g_strdup_printf ("%" G_GINT64_FORMAT, aura_investigation_get_n_entities (investigation));

  aura_cli_print_line (cli, _ ("ID:"), id);
  aura_cli_print_line (cli, _ ("UUID:"), aura_investigation_get_uuid (investigation));
  aura_cli_print_line (cli, _ ("Name:"), aura_investigation_get_name (investigation));
  aura_cli_print_line (cli, _ ("Description:"), aura_investigation_get_description (investigation));
  aura_cli_print_line (cli, _ ("Archived:"),
                       aura_investigation_get_archived (investigation) ? _ ("yes") : _ ("no"));
  aura_cli_print_line (cli, _ ("Created:"), created);
  aura_cli_print_line (cli, _ ("Updated:"), updated);
  aura_cli_print_line (cli, _ ("Targets:"), n_targets);
  aura_cli_print_line (cli, _ ("Entities:"), n_entities);
  if (targets->len > 0)
    {
      fputc ('\n', stdout);
      print_targets (cli, targets);
    }
}

static gboolean
cmd_show (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE;
  g_autoptr (GOptionContext) context =
      aura_cli_option_context_new (cli, "investigation show", _ ("INV"),
                                   N_ ("Show an investigation and its targets."), NULL, &help);
  g_autoptr (AuraInvestigation) investigation = NULL;
  g_autoptr (GPtrArray) targets = NULL;

  if (!aura_cli_parse (cli, context, &help, &argc, &argv, 1, 1, error))
    return FALSE;
  if (help)
    return TRUE;
  if ((investigation = aura_cli_find_investigation (cli, argv[1], FALSE, error)) == NULL)
    return FALSE;
  targets = aura_store_list_targets (cli->store, aura_investigation_get_id (investigation), error);
  if (targets == NULL)
    return FALSE;

  if (cli->json)
    {
      g_autoptr (JsonNode) node = aura_cli_investigation_to_json (investigation, FALSE);
      JsonArray *array = json_array_sized_new (targets->len);

      for (guint i = 0; i < targets->len; i++)
        json_array_add_element (array, aura_cli_entity_to_json (g_ptr_array_index (targets, i)));
      json_object_set_array_member (json_node_get_object (node), "targets", array);
      aura_cli_print_json (node);
    }
  else
    show_investigation_text (cli, investigation, targets);
  return TRUE;
}

static gboolean
cmd_rename (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE;
  g_autoptr (GOptionContext) context =
      aura_cli_option_context_new (cli, "investigation rename", _ ("INV NEW-NAME"),
                                   N_ ("Rename an investigation."), NULL, &help);
  g_autoptr (AuraInvestigation) investigation = NULL;
  gint64 id;

  if (!aura_cli_parse (cli, context, &help, &argc, &argv, 2, 2, error))
    return FALSE;
  if (help)
    return TRUE;
  if ((investigation = aura_cli_find_investigation (cli, argv[1], FALSE, error)) == NULL)
    return FALSE;
  id = aura_investigation_get_id (investigation);
  if (!aura_store_rename_investigation (cli->store, id, argv[2], error))
    return FALSE;
  g_clear_object (&investigation);
  if ((investigation = reread (cli, id, error)) == NULL)
    return FALSE;
  REPORT (cli, investigation, _ ("Renamed investigation %s to “%s”."));
  return TRUE;
}

static gboolean
cmd_describe (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE;
  g_autoptr (GOptionContext) context = aura_cli_option_context_new (
      cli, "investigation describe", _ ("INV TEXT"),
      N_ ("Set the description of an investigation (empty text clears it)."), NULL, &help);
  g_autoptr (AuraInvestigation) investigation = NULL;
  gint64 id;

  if (!aura_cli_parse (cli, context, &help, &argc, &argv, 2, 2, error))
    return FALSE;
  if (help)
    return TRUE;
  if ((investigation = aura_cli_find_investigation (cli, argv[1], FALSE, error)) == NULL)
    return FALSE;
  id = aura_investigation_get_id (investigation);
  if (!aura_store_set_investigation_description (cli->store, id, argv[2], error))
    return FALSE;
  g_clear_object (&investigation);
  if ((investigation = reread (cli, id, error)) == NULL)
    return FALSE;
  REPORT (cli, investigation, _ ("Updated the description of investigation %s “%s”."));
  return TRUE;
}

static gboolean
cmd_archive (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE, undo = FALSE;
  const GOptionEntry entries[] = {
    { "undo", 'u', 0, G_OPTION_ARG_NONE, &undo, N_ ("Take the investigation out of the archive"),
      NULL },
    G_OPTION_ENTRY_NULL,
  };
  g_autoptr (GOptionContext) context = aura_cli_option_context_new (
      cli, "investigation archive", _ ("INV"),
      N_ ("Archive an investigation (hidden from the default list, kept intact)."), entries, &help);
  g_autoptr (AuraInvestigation) investigation = NULL;
  gint64 id;

  if (!aura_cli_parse (cli, context, &help, &argc, &argv, 1, 1, error))
    return FALSE;
  if (help)
    return TRUE;
  if ((investigation = aura_cli_find_investigation (cli, argv[1], FALSE, error)) == NULL)
    return FALSE;
  id = aura_investigation_get_id (investigation);
  if (!aura_store_archive_investigation (cli->store, id, !undo, error))
    return FALSE;
  g_clear_object (&investigation);
  if ((investigation = reread (cli, id, error)) == NULL)
    return FALSE;
  REPORT (cli, investigation,
          undo ? _ ("Unarchived investigation %s “%s”.") : _ ("Archived investigation %s “%s”."));
  return TRUE;
}

static void
report_removal (AuraCli *cli, AuraInvestigation *investigation, gboolean purged)
{
  const char *state = purged ? "purged" : "deleted";

  if (cli->json)
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, aura_investigation_get_id (investigation));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, aura_investigation_get_name (investigation));
      json_builder_set_member_name (builder, "state");
      json_builder_add_string_value (builder, state);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      aura_cli_print_json (root);
    }
  else if (purged)
    REPORT (cli, investigation, _ ("Erased investigation %s “%s”."));
  else
    REPORT (cli, investigation, _ ("Moved investigation %s “%s” to the trash."));
}

static gboolean
cmd_delete (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE, purge = FALSE;
  const GOptionEntry entries[] = {
    { "purge", 0, 0, G_OPTION_ARG_NONE, &purge,
      N_ ("Erase it and everything in it for good, even from the trash"), NULL },
    G_OPTION_ENTRY_NULL,
  };
  g_autoptr (GOptionContext) context = aura_cli_option_context_new (
      cli, "investigation delete", _ ("INV"),
      N_ ("Move an investigation to the trash, or erase it with --purge."), entries, &help);
  g_autoptr (AuraInvestigation) investigation = NULL;
  gint64 id;

  if (!aura_cli_parse (cli, context, &help, &argc, &argv, 1, 1, error))
    return FALSE;
  if (help)
    return TRUE;
  if ((investigation = aura_cli_find_investigation (cli, argv[1], purge, error)) == NULL)
    return FALSE;
  id = aura_investigation_get_id (investigation);
  if (purge ? !aura_store_purge_investigation (cli->store, id, error)
            : !aura_store_delete_investigation (cli->store, id, error))
    return FALSE;
  report_removal (cli, investigation, purge);
  return TRUE;
}

static gboolean
cmd_restore (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE;
  g_autoptr (GOptionContext) context =
      aura_cli_option_context_new (cli, "investigation restore", _ ("INV"),
                                   N_ ("Bring an investigation back from the trash."), NULL, &help);
  g_autoptr (AuraInvestigation) investigation = NULL;
  gint64 id;

  if (!aura_cli_parse (cli, context, &help, &argc, &argv, 1, 1, error))
    return FALSE;
  if (help)
    return TRUE;
  if ((investigation = aura_cli_find_investigation (cli, argv[1], TRUE, error)) == NULL)
    return FALSE;
  id = aura_investigation_get_id (investigation);
  if (!aura_store_restore_investigation (cli->store, id, error))
    return FALSE;
  g_clear_object (&investigation);
  if ((investigation = reread (cli, id, error)) == NULL)
    return FALSE;
  REPORT (cli, investigation, _ ("Restored investigation %s “%s”."));
  return TRUE;
}

static const AuraCliCommand investigation_commands[] = {
  { "new", cmd_new, N_ ("Create an investigation") },
  { "list", cmd_list, N_ ("List investigations") },
  { "show", cmd_show, N_ ("Show an investigation and its targets") },
  { "rename", cmd_rename, N_ ("Rename an investigation") },
  { "describe", cmd_describe, N_ ("Set the description") },
  { "archive", cmd_archive, N_ ("Archive, or unarchive with --undo") },
  { "delete", cmd_delete, N_ ("Move to the trash, or erase with --purge") },
  { "restore", cmd_restore, N_ ("Bring back from the trash") },
  { NULL, NULL, NULL },
};

gboolean
aura_cli_investigation (AuraCli *cli, int argc, char **argv, GError **error)
{
  return aura_cli_dispatch (cli, "investigation", investigation_commands, argc, argv, error);
}
