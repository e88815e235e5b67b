/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "aura-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n-lib.h>

#include "aura-cli-private.h"

/* How many search results are shown when --limit is not given. */
#define DEFAULT_SEARCH_LIMIT 50

static const struct
{
  const char *name;
  AuraEntitySort sort;
} sort_names[] = {
  { "value", AURA_ENTITY_SORT_VALUE },           { "type", AURA_ENTITY_SORT_TYPE },
  { "confidence", AURA_ENTITY_SORT_CONFIDENCE }, { "first-seen", AURA_ENTITY_SORT_FIRST_SEEN },
  { "last-seen", AURA_ENTITY_SORT_LAST_SEEN },   { "sources", AURA_ENTITY_SORT_N_SOURCES },
};

static gboolean
parse_sort (const char *name, AuraEntitySort *out_sort, GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (sort_names); i++)
    {
      if (g_ascii_strcasecmp (sort_names[i].name, name) == 0)
        {
          *out_sort = sort_names[i].sort;
          return TRUE;
        }
    }
  g_set_error (error, AURA_CLI_ERROR, AURA_CLI_ERROR_USAGE,
               _ ("Unknown sort order “%s”; use value, type, confidence, first-seen, last-seen or "
                  "sources"),
               name);
  return FALSE;
}

static gboolean
check_paging (int limit, int offset, GError **error)
{
  if (limit >= 0 && offset >= 0)
    return TRUE;
  g_set_error (error, AURA_CLI_ERROR, AURA_CLI_ERROR_USAGE,
               _ ("--limit and --offset take a number of zero or more"));
  return FALSE;
}

static gboolean
parse_type_option (AuraCli *cli, const char *name, int *out_type, GError **error)
{
  AuraEntityType type;

  if (name == NULL)
    return TRUE;
  if (!aura_cli_parse_entity_type (name, &type, error))
    {
      aura_cli_set_hint (cli, _ ("Run “aura-cli types” to list the entity types."));
      return FALSE;
    }
  *out_type = (int)type;
  return TRUE;
}

static void
print_entities_json (GPtrArray *entities)
{
  g_autoptr (JsonNode) root = json_node_new (JSON_NODE_ARRAY);
  JsonArray *array = json_array_sized_new (entities->len);

  for (guint i = 0; i < entities->len; i++)
    json_array_add_element (array, aura_cli_entity_to_json (g_ptr_array_index (entities, i)));
  json_node_take_array (root, array);
  aura_cli_print_json (root);
}

static void
print_entities_table (AuraCli *cli, GPtrArray *entities)
{
  g_autoptr (AuraCliTable) table =
      aura_cli_table_new (7, _ ("ID"), _ ("TYPE"), _ ("VALUE"), _ ("TARGET"), _ ("CONFIDENCE"),
                          _ ("SOURCES"), _ ("LAST SEEN"));
  aura_cli_table_set_flexible (table, 2);

  for (guint i = 0; i < entities->len; i++)
    {
      AuraEntity *entity = g_ptr_array_index (entities, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, aura_entity_get_id (entity));
      g_autofree char *confidence = g_strdup_printf ("%.2f", aura_entity_get_confidence (entity));
      g_autofree char *sources =
          g_strdup_printf ("%" G_GINT64_FORMAT, aura_entity_get_n_sources (entity));
      g_autofree char *seen = aura_cli_format_time (aura_entity_get_last_seen (entity));

      aura_cli_table_add_row (
          table, id, aura_entity_type_to_string (aura_entity_get_entity_type (entity)),
          aura_entity_get_value (entity), aura_entity_get_is_target (entity) ? _ ("yes") : "",
          confidence, sources, seen);
    }
  aura_cli_table_print (cli, table);
}

static gboolean
cmd_list (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE, targets = FALSE, desc = FALSE;
  g_autofree char *type = NULL;
  g_autofree char *sort = NULL;
  int limit = 0, offset = 0;
  const GOptionEntry entries[] = {
    { "type", 't', 0, G_OPTION_ARG_STRING, &type, N_ ("Only entities of this type"), N_ ("TYPE") },
    { "targets", 0, 0, G_OPTION_ARG_NONE, &targets, N_ ("Only targets"), NULL },
    { "sort", 's', 0, G_OPTION_ARG_STRING, &sort,
      N_ ("Order: value, type, confidence, first-seen, last-seen or sources"), N_ ("ORDER") },
    { "desc", 0, 0, G_OPTION_ARG_NONE, &desc, N_ ("Reverse the order"), NULL },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_ ("At most N entities (0: all)"), N_ ("N") },
    { "offset", 0, 0, G_OPTION_ARG_INT, &offset, N_ ("Skip the first N entities"), N_ ("N") },
    G_OPTION_ENTRY_NULL,
  };
  g_autoptr (GOptionContext) context = aura_cli_option_context_new (
      cli, "entity list", _ ("INV"), N_ ("List the entities of an investigation."), entries, &help);
  g_autoptr (AuraInvestigation) investigation = NULL;
  g_autoptr (GPtrArray) entities = NULL;
  AuraEntityQuery query = AURA_ENTITY_QUERY_INIT;

  if (!aura_cli_parse (cli, context, &help, &argc, &argv, 1, 1, error))
    return FALSE;
  if (help)
    return TRUE;
  if (!check_paging (limit, offset, error) || !parse_type_option (cli, type, &query.type, error) ||
      (sort != NULL && !parse_sort (sort, &query.sort, error)))
    return FALSE;
  if ((investigation = aura_cli_find_investigation (cli, argv[1], FALSE, error)) == NULL)
    return FALSE;

  query.investigation_id = aura_investigation_get_id (investigation);
  query.targets_only = targets;
  query.descending = desc;
  query.limit = (guint)limit;
  query.offset = (guint)offset;
  entities = aura_store_query_entities (cli->store, &query, error);
  if (entities == NULL)
    return FALSE;
  if (cli->json)
    print_entities_json (entities);
  else
    print_entities_table (cli, entities);
  return TRUE;
}

static JsonNode *
entity_details_json (AuraEntity *entity,
                     GPtrArray *provenance,
                     GPtrArray *relations,
                     GPtrArray *neighbours)
{
  JsonNode *node = aura_cli_entity_to_json (entity);
  JsonObject *object = json_node_get_object (node);
  JsonArray *array;

  array = json_array_sized_new (provenance->len);
  for (guint i = 0; i < provenance->len; i++)
    json_array_add_object_element (array, json_object_ref (g_ptr_array_index (provenance, i)));
  json_object_set_array_member (object, "provenance", array);

  array = json_array_sized_new (relations->len);
  for (guint i = 0; i < relations->len; i++)
    json_array_add_element (array, aura_cli_relation_to_json (g_ptr_array_index (relations, i)));
  json_object_set_array_member (object, "relations", array);

  array = json_array_sized_new (neighbours->len);
  for (guint i = 0; i < neighbours->len; i++)
    json_array_add_element (array, aura_cli_entity_to_json (g_ptr_array_index (neighbours, i)));
  json_object_set_array_member (object, "neighbours", array);
  return node;
}

static void
print_attributes (AuraCli *cli, AuraEntity *entity)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonNode *root;
  g_autoptr (GList) members = NULL;

  if (!json_parser_load_from_data (parser, aura_entity_get_attributes (entity), -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;
  members = json_object_get_members (json_node_get_object (root));
  if (members == NULL)
    return;
  printf ("\n%s\n", _ ("Attributes:"));
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *member = json_object_get_member (json_node_get_object (root), l->data);
      g_autofree char *text = json_to_string (member, FALSE);
      g_autofree char *key = aura_cli_printable (cli, l->data);
      g_autofree char *label = g_strdup_printf ("  %s:", key);

      aura_cli_print_line (cli, label, text);
    }
}

static void
print_provenance (AuraCli *cli, GPtrArray *provenance)
{
  g_autoptr (AuraCliTable) table = NULL;

  if (provenance->len == 0)
    return;
  table = aura_cli_table_new (5, _ ("TOOL"), _ ("SOURCE"), _ ("SCAN"), _ ("ACTOR"), _ ("AT"));
  aura_cli_table_set_flexible (table, 1);
  for (guint i = 0; i < provenance->len; i++)
    {
      JsonObject *row = g_ptr_array_index (provenance, i);
      gint64 scan_id = json_object_get_int_member_with_default (row, "scan_id", 0);
      g_autofree char *scan = scan_id ? g_strdup_printf ("%" G_GINT64_FORMAT, scan_id) : NULL;
      g_autofree char *at = NULL;
      JsonNode *at_node = json_object_get_member (row, "at");

      if (at_node != NULL && json_node_get_value_type (at_node) == G_TYPE_INT64)
        at = aura_cli_format_time (json_node_get_int (at_node));
      else
        at = g_strdup (json_object_get_string_member_with_default (row, "at", ""));
      aura_cli_table_add_row (table, json_object_get_string_member_with_default (row, "tool", ""),
                              json_object_get_string_member_with_default (row, "source", ""), scan,
                              json_object_get_string_member_with_default (row, "actor", ""), at);
    }
  printf ("\n%s\n", _ ("Provenance:"));
  aura_cli_table_print (cli, table);
}

static const char *
neighbour_value (GPtrArray *neighbours, gint64 id)
{
  for (guint i = 0; i < neighbours->len; i++)
    {
      AuraEntity *entity = g_ptr_array_index (neighbours, i);

      if (aura_entity_get_id (entity) == id)
        return aura_entity_get_value (entity);
    }
  return "";
}

static void
print_relations (AuraCli *cli, AuraEntity *entity, GPtrArray *relations, GPtrArray *neighbours)
{
  g_autoptr (AuraCliTable) table = NULL;

  if (relations->len == 0)
    return;
  table =
      aura_cli_table_new (5, _ ("ID"), _ ("DIRECTION"), _ ("RELATION"), _ ("ENTITY"), _ ("VALUE"));
  aura_cli_table_set_flexible (table, 4);
  for (guint i = 0; i < relations->len; i++)
    {
      AuraRelation *relation = g_ptr_array_index (relations, i);
      gboolean outgoing = aura_relation_get_source_id (relation) == aura_entity_get_id (entity);
      gint64 other = outgoing ? aura_relation_get_target_id (relation)
                              : aura_relation_get_source_id (relation);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, aura_relation_get_id (relation));
      g_autofree char *other_id = g_strdup_printf ("%" G_GINT64_FORMAT, other);

      aura_cli_table_add_row (table, id, outgoing ? "→" : "←",
                              aura_relation_get_relation_type (relation), other_id,
                              neighbour_value (neighbours, other));
    }
  printf ("\n%s\n", _ ("Relations:"));
  aura_cli_table_print (cli, table);
}

static void
print_neighbours (AuraCli *cli, GPtrArray *neighbours)
{
  g_autoptr (AuraCliTable) table = NULL;

  if (neighbours->len == 0)
    return;
  table = aura_cli_table_new (3, _ ("ID"), _ ("TYPE"), _ ("VALUE"));
  aura_cli_table_set_flexible (table, 2);
  for (guint i = 0; i < neighbours->len; i++)
    {
      AuraEntity *neighbour = g_ptr_array_index (neighbours, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, aura_entity_get_id (neighbour));

      aura_cli_table_add_row (table, id,
                              aura_entity_type_to_string (aura_entity_get_entity_type (neighbour)),
                              aura_entity_get_value (neighbour));
    }
  printf ("\n%s\n", _ ("Neighbours:"));
  aura_cli_table_print (cli, table);
}

static void
print_entity_details (AuraCli *cli,
                      AuraEntity *entity,
                      GPtrArray *provenance,
                      GPtrArray *relations,
                      GPtrArray *neighbours)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, aura_entity_get_id (entity));
  g_autofree char *inv =
      g_strdup_printf ("%" G_GINT64_FORMAT, aura_entity_get_investigation_id (entity));
  g_autofree char *confidence = g_strdup_printf ("%.2f", aura_entity_get_confidence (entity));
  g_autofree char *first = aura_cli_format_time (aura_entity_get_first_seen (entity));
  g_autofree char *last = aura_cli_format_time (aura_entity_get_last_seen (entity));

  aura_cli_print_line (cli, _ ("ID:"), id);
  aura_cli_print_line (cli, _ ("Investigation:"), inv);
  aura_cli_print_line (cli, _ ("Type:"),
                       aura_entity_type_to_string (aura_entity_get_entity_type (entity)));
  aura_cli_print_line (cli, _ ("Value:"), aura_entity_get_value (entity));
  aura_cli_print_line (cli, _ ("Normalised:"), aura_entity_get_normalized (entity));
  aura_cli_print_line (cli, _ ("Target:"),
                       aura_entity_get_is_target (entity) ? _ ("yes") : _ ("no"));
  aura_cli_print_line (cli, _ ("Confidence:"), confidence);
  aura_cli_print_line (cli, _ ("First seen:"), first);
  aura_cli_print_line (cli, _ ("Last seen:"), last);
  print_attributes (cli, entity);
  print_provenance (cli, provenance);
  print_relations (cli, entity, relations, neighbours);
  print_neighbours (cli, neighbours);
}

static gboolean
cmd_show (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE;
  g_autoptr (GOptionContext) context = aura_cli_option_context_new (
      cli, "entity show", _ ("ID"),
      N_ ("Show an entity: attributes, provenance, relations and neighbours."), NULL, &help);
  g_autoptr (AuraEntity) entity = NULL;
  g_autoptr (GPtrArray) provenance = NULL;
  g_autoptr (GPtrArray) relations = NULL;
  g_autoptr (GPtrArray) neighbours = NULL;
  AuraStore *store;
  gint64 id;

  if (!aura_cli_parse (cli, context, &help, &argc, &argv, 1, 1, error))
    return FALSE;
  if (help)
    return TRUE;
  if (!aura_cli_parse_id (argv[1], &id))
    {
      g_set_error (error, AURA_CLI_ERROR, AURA_CLI_ERROR_USAGE, _ ("“%s” is not an entity id"),
                   argv[1]);
      return FALSE;
    }
  if ((store = aura_cli_get_store (cli, error)) == NULL ||
      (entity = aura_store_get_entity (store, id, error)) == NULL ||
      (provenance = aura_store_list_provenance (store, id, error)) == NULL ||
      (relations = aura_store_list_relations (store, id, error)) == NULL ||
      (neighbours = aura_store_get_neighbours (store, id, error)) == NULL)
    return FALSE;

  if (cli->json)
    {
      g_autoptr (JsonNode) node = entity_details_json (entity, provenance, relations, neighbours);

      aura_cli_print_json (node);
    }
  else
    print_entity_details (cli, entity, provenance, relations, neighbours);
  return TRUE;
}

static void
print_search_results (AuraCli *cli, GPtrArray *entities)
{
  if (entities->len == 0)
    {
      printf ("%s\n", _ ("No matches."));
      return;
    }
  for (guint i = 0; i < entities->len; i++)
    {
      AuraEntity *entity = g_ptr_array_index (entities, i);
      g_autofree char *value = aura_cli_printable (cli, aura_entity_get_value (entity));
      const char *raw_snippet = aura_entity_get_snippet (entity);
      g_autofree char *snippet = raw_snippet ? aura_cli_highlight (cli, raw_snippet) : NULL;
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, aura_entity_get_id (entity));
      g_autofree char *inv =
          g_strdup_printf ("%" G_GINT64_FORMAT, aura_entity_get_investigation_id (entity));

      /* Translators: entity id, type, value, investigation id. */
      printf (_ ("#%s  %s  %s  (investigation %s)\n"), id,
              aura_entity_type_to_string (aura_entity_get_entity_type (entity)), value, inv);
      if (snippet != NULL && *snippet != '\0')
        printf ("    %s\n", snippet);
    }
}

static gboolean
cmd_search (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE;
  g_autofree char *inv = NULL;
  g_autofree char *type = NULL;
  int limit = DEFAULT_SEARCH_LIMIT;
  const GOptionEntry entries[] = {
    { "investigation", 'i', 0, G_OPTION_ARG_STRING, &inv, N_ ("Only in this investigation"),
      N_ ("INV") },
    { "type", 't', 0, G_OPTION_ARG_STRING, &type, N_ ("Only entities of this type"), N_ ("TYPE") },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_ ("At most N results (default 50, 0: all)"),
      N_ ("N") },
    G_OPTION_ENTRY_NULL,
  };
  g_autoptr (GOptionContext) context = aura_cli_option_context_new (
      cli, "entity search", _ ("TEXT"),
      N_ ("Full-text search over values and attributes, best match first. Each word matches as a "
          "prefix; quotes and operators are searched literally."),
      entries, &help);
  g_autoptr (AuraInvestigation) investigation = NULL;
  g_autoptr (GPtrArray) entities = NULL;
  AuraEntityQuery query = AURA_ENTITY_QUERY_INIT;
  AuraStore *store;

  if (!aura_cli_parse (cli, context, &help, &argc, &argv, 1, 1, error))
    return FALSE;
  if (help)
    return TRUE;
  if (!check_paging (limit, 0, error) || !parse_type_option (cli, type, &query.type, error))
    return FALSE;
  if ((store = aura_cli_get_store (cli, error)) == NULL)
    return FALSE;
  if (inv != NULL && (investigation = aura_cli_find_investigation (cli, inv, FALSE, error)) == NULL)
    return FALSE;

  query.investigation_id = investigation ? aura_investigation_get_id (investigation) : 0;
  query.text = argv[1];
  query.sort = AURA_ENTITY_SORT_RANK;
  query.limit = (guint)limit;
  if ((entities = aura_store_query_entities (store, &query, error)) == NULL)
    return FALSE;
  if (cli->json)
    print_entities_json (entities);
  else
    print_search_results (cli, entities);
  return TRUE;
}

static const AuraCliCommand entity_commands[] = {
  { "list", cmd_list, N_ ("List the entities of an investigation") },
  { "show", cmd_show, N_ ("Show an entity with its provenance and relations") },
  { "search", cmd_search, N_ ("Full-text search") },
  { NULL, NULL, NULL },
};

gboolean
aura_cli_entity (AuraCli *cli, int argc, char **argv, GError **error)
{
  return aura_cli_dispatch (cli, "entity", entity_commands, argc, argv, error);
}
