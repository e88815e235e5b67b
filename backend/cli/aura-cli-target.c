/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "aura-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n-lib.h>

#include "aura-cli-private.h"

static void
print_entity_json (AuraEntity *entity)
{
  g_autoptr (JsonNode) node = aura_cli_entity_to_json (entity);

  aura_cli_print_json (node);
}

static gboolean
parse_type (AuraCli *cli, const char *name, AuraEntityType *out_type, GError **error)
{
  if (aura_cli_parse_entity_type (name, out_type, error))
    return TRUE;
  aura_cli_set_hint (cli, _ ("Run “aura-cli types” to list the entity types."));
  return FALSE;
}

static gboolean
cmd_add (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE;
  g_autoptr (GOptionContext) context = aura_cli_option_context_new (
      cli, "target add", _ ("INV TYPE VALUE"),
      N_ ("Add a target (a seed entity) to an investigation. TYPE is an entity type name, see "
          "“aura-cli types”."),
      NULL, &help);
  g_autoptr (AuraInvestigation) investigation = NULL;
  g_autoptr (AuraEntity) entity = NULL;
  g_autofree char *value = NULL;
  AuraEntityType type;

  if (!aura_cli_parse (cli, context, &help, &argc, &argv, 3, 3, error))
    return FALSE;
  if (help)
    return TRUE;
  if (!parse_type (cli, argv[2], &type, error))
    return FALSE;
  if ((investigation = aura_cli_find_investigation (cli, argv[1], FALSE, error)) == NULL)
    return FALSE;
  entity = aura_store_add_target (cli->store, aura_investigation_get_id (investigation), type,
                                  argv[3], error);
  if (entity == NULL)
    {
      if (*error != NULL && (*error)->domain == AURA_ENTITY_ERROR)
        aura_cli_set_hint (cli, aura_entity_type_get_hint (type));
      return FALSE;
    }

  if (cli->json)
    print_entity_json (entity);
  else
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, aura_entity_get_id (entity));

      value = aura_cli_printable (cli, aura_entity_get_value (entity));
      /* Translators: the first %s is a type name, the second a value, the
       * third an entity id. */
      printf (_ ("Added target %s “%s” (entity %s).\n"),
              aura_entity_type_to_string (aura_entity_get_entity_type (entity)), value, id);
    }
  return TRUE;
}

static gboolean
cmd_list (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE;
  g_autoptr (GOptionContext) context = aura_cli_option_context_new (
      cli, "target list", _ ("INV"), N_ ("List the targets of an investigation."), NULL, &help);
  g_autoptr (AuraInvestigation) investigation = NULL;
  g_autoptr (GPtrArray) targets = NULL;
  g_autoptr (AuraCliTable) table = NULL;

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
      g_autoptr (JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_sized_new (targets->len);

      for (guint i = 0; i < targets->len; i++)
        json_array_add_element (array, aura_cli_entity_to_json (g_ptr_array_index (targets, i)));
      json_node_take_array (root, array);
      aura_cli_print_json (root);
      return TRUE;
    }

  table = aura_cli_table_new (4, _ ("ID"), _ ("TYPE"), _ ("VALUE"), _ ("ADDED"));
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
  return TRUE;
}

/* The target to remove, named by its entity id or by TYPE VALUE; it must
 * be a target of @investigation. */
static AuraEntity *
find_target (AuraCli *cli, AuraInvestigation *investigation, int argc, char **argv, GError **error)
{
  gint64 investigation_id = aura_investigation_get_id (investigation);
  g_autoptr (AuraEntity) entity = NULL;
  AuraEntityType type;
  gint64 id;

  if (argc == 3)
    {
      if (!aura_cli_parse_id (argv[2], &id))
        {
          g_set_error (error, AURA_CLI_ERROR, AURA_CLI_ERROR_USAGE,
                       _ ("“%s” is not an entity id; give an id, or a type and a value"), argv[2]);
          return NULL;
        }
      entity = aura_store_get_entity (cli->store, id, error);
    }
  else
    {
      if (!parse_type (cli, argv[2], &type, error))
        return NULL;
      entity = aura_store_find_entity (cli->store, investigation_id, type, argv[3], error);
    }
  if (entity == NULL)
    return NULL;
  if (aura_entity_get_investigation_id (entity) != investigation_id ||
      !aura_entity_get_is_target (entity))
    {
      g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, aura_entity_get_id (entity));

      g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_NOT_FOUND,
                   _ ("Entity %s is not a target of investigation “%s”"), id_text,
                   aura_investigation_get_name (investigation));
      aura_cli_set_hint (cli, _ ("List the targets with “aura-cli target list INV”."));
      return NULL;
    }
  return g_steal_pointer (&entity);
}

static gboolean
cmd_remove (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE;
  g_autoptr (GOptionContext) context = aura_cli_option_context_new (
      cli, "target remove", _ ("INV (TYPE VALUE | ENTITY-ID)"),
      N_ ("Remove a target. The entity goes too when nothing else refers to it."), NULL, &help);
  g_autoptr (AuraInvestigation) investigation = NULL;
  g_autoptr (AuraEntity) entity = NULL;
  g_autofree char *value = NULL;

  if (!aura_cli_parse (cli, context, &help, &argc, &argv, 2, 3, error))
    return FALSE;
  if (help)
    return TRUE;
  if ((investigation = aura_cli_find_investigation (cli, argv[1], FALSE, error)) == NULL)
    return FALSE;
  if ((entity = find_target (cli, investigation, argc, argv, error)) == NULL)
    return FALSE;
  if (!aura_store_remove_target (cli->store, aura_entity_get_id (entity), error))
    return FALSE;

  if (cli->json)
    print_entity_json (entity);
  else
    {
      value = aura_cli_printable (cli, aura_entity_get_value (entity));
      printf (_ ("Removed target %s “%s”.\n"),
              aura_entity_type_to_string (aura_entity_get_entity_type (entity)), value);
    }
  return TRUE;
}

static const AuraCliCommand target_commands[] = {
  { "add", cmd_add, N_ ("Add a target") },
  { "list", cmd_list, N_ ("List the targets of an investigation") },
  { "remove", cmd_remove, N_ ("Remove a target") },
  { NULL, NULL, NULL },
};

gboolean
aura_cli_target (AuraCli *cli, int argc, char **argv, GError **error)
{
  return aura_cli_dispatch (cli, "target", target_commands, argc, argv, error);
}
