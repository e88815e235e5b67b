/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-store"
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "aura-store-private.h"

/* Deleting entities so that the deletion can be undone (aura-store.h,
 * "Deleting with undo"). The deletion writes down, before it deletes, every
 * row that goes with the entities — their own rows, the relations touching
 * them, the provenance of both, their target marks and graph positions —
 * and which scans, evidence and attachments pointed at them (those rows
 * stay, their entity_id is set to NULL by the schema). The restore puts the
 * same rows back under the same ids and points the links at them again.
 *
 * The snapshot is JSON: a header (format, version, schema version,
 * investigation) and one list of rows per table, each row an object of
 * every column of the table by name, with SQLite's own types (integers,
 * reals written with 17 digits so that they read back to the same bits,
 * text, null). Columns are read from the table as it is, so a later
 * migration that adds one needs nothing here; a snapshot of another
 * schema version is refused. */

#define SNAPSHOT_FORMAT "aura-entity-snapshot"
#define SNAPSHOT_VERSION 1

/* The rows that go with the entities, in the order they are put back. The
 * entity ids are ?1, as a JSON array. */
typedef enum
{
  SECTION_ENTITIES,
  SECTION_RELATIONS,
  SECTION_PROVENANCE,
  SECTION_TARGETS,
  SECTION_POSITIONS,
  N_SECTIONS
} Section;

typedef struct
{
  const char *name;    /* the table, and the snapshot's member */
  const char *select;  /* the rows to keep */
  const char *columns; /* the table's columns, in order */
  const char *exists;  /* whether a row of that id is there now, or NULL */
  const char *key;     /* the column naming the row */
} SectionSpec;

#define IDS "(SELECT value FROM json_each (?1))"

static const SectionSpec sections[N_SECTIONS] = {
  [SECTION_ENTITIES] = { "entities", "SELECT * FROM entities WHERE id IN " IDS " ORDER BY id",
                         "SELECT name FROM pragma_table_info ('entities') ORDER BY cid",
                         "SELECT 1 FROM entities WHERE id = ?1", "id" },
  [SECTION_RELATIONS] = { "relations",
                          "SELECT * FROM relations WHERE source_id IN " IDS " OR target_id IN " IDS
                          " ORDER BY id",
                          "SELECT name FROM pragma_table_info ('relations') ORDER BY cid",
                          "SELECT 1 FROM relations WHERE id = ?1", "id" },
  [SECTION_PROVENANCE] = { "provenance",
                           "SELECT * FROM provenance WHERE entity_id IN " IDS
                           " OR relation_id IN (SELECT id FROM relations WHERE source_id IN " IDS
                           " OR target_id IN " IDS ") ORDER BY id",
                           "SELECT name FROM pragma_table_info ('provenance') ORDER BY cid",
                           "SELECT 1 FROM provenance WHERE id = ?1", "id" },
  [SECTION_TARGETS] = { "targets", "SELECT * FROM targets WHERE entity_id IN " IDS " ORDER BY id",
                        "SELECT name FROM pragma_table_info ('targets') ORDER BY cid",
                        "SELECT 1 FROM targets WHERE id = ?1", "id" },
  [SECTION_POSITIONS] = { "graph_positions",
                          "SELECT * FROM graph_positions WHERE entity_id IN " IDS
                          " ORDER BY entity_id",
                          "SELECT name FROM pragma_table_info ('graph_positions') ORDER BY cid",
                          NULL, "entity_id" },
};

/* Rows that stay but lose their entity_id (ON DELETE SET NULL). */
typedef struct
{
  const char *name;
  const char *select;
  const char *relink;
} LinkSpec;

static const LinkSpec links[] = {
  { "osint_scans", "SELECT id, entity_id FROM osint_scans WHERE entity_id IN " IDS " ORDER BY id",
    "UPDATE osint_scans SET entity_id = ?2 WHERE id = ?1 AND entity_id IS NULL" },
  { "evidence", "SELECT id, entity_id FROM evidence WHERE entity_id IN " IDS " ORDER BY id",
    "UPDATE evidence SET entity_id = ?2 WHERE id = ?1 AND entity_id IS NULL" },
  { "file_attachments",
    "SELECT id, entity_id FROM file_attachments WHERE entity_id IN " IDS " ORDER BY id",
    "UPDATE file_attachments SET entity_id = ?2 WHERE id = ?1 AND entity_id IS NULL" },
};

/* ---- The snapshot ---------------------------------------------------------- */

static void
add_column_value (JsonBuilder *builder, sqlite3_stmt *stmt, int column)
{
  switch (sqlite3_column_type (stmt, column))
    {
      case SQLITE_INTEGER:
        json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, column));
        break;
      case SQLITE_FLOAT:
        {
          double v = sqlite3_column_double (stmt, column);

          /* JSON has no infinity; SQLite stores no NaN. */
          json_builder_add_double_value (builder, isfinite (v) ? v : 0.0);
          break;
        }
      case SQLITE_NULL:
        json_builder_add_null_value (builder);
        break;
      case SQLITE_TEXT:
      case SQLITE_BLOB:
      default:
        json_builder_add_string_value (builder, (const char *)sqlite3_column_text (stmt, column));
        break;
    }
}

/* Every row of @sql (entity ids as ?1) as an object of its columns. */
static gboolean
add_rows (AuraStore *self, JsonBuilder *builder, const char *sql, const char *ids, GError **error)
{
  sqlite3_stmt *stmt = aura_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, ids, -1, SQLITE_STATIC);
  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      json_builder_begin_object (builder);
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        {
          json_builder_set_member_name (builder, sqlite3_column_name (stmt, c));
          add_column_value (builder, stmt, c);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      aura_store_set_sqlite_error (self->db, rc, self->path, error);
      return FALSE;
    }
  return TRUE;
}

static char *
build_snapshot (AuraStore *self, gint64 investigation_id, const char *ids, GError **error)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, SNAPSHOT_FORMAT);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, SNAPSHOT_VERSION);
  json_builder_set_member_name (builder, "schema_version");
  json_builder_add_int_value (builder, self->schema_version);
  json_builder_set_member_name (builder, "investigation_id");
  json_builder_add_int_value (builder, investigation_id);
  for (guint s = 0; s < N_SECTIONS; s++)
    {
      json_builder_set_member_name (builder, sections[s].name);
      if (!add_rows (self, builder, sections[s].select, ids, error))
        return NULL;
    }
  json_builder_set_member_name (builder, "links");
  json_builder_begin_object (builder);
  for (guint l = 0; l < G_N_ELEMENTS (links); l++)
    {
      json_builder_set_member_name (builder, links[l].name);
      if (!add_rows (self, builder, links[l].select, ids, error))
        return NULL;
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* ---- Deleting --------------------------------------------------------------- */

/* The ids without repeats, as a JSON array, each checked to be an entity
 * of @investigation_id; @entities receives them loaded. */
static char *
check_entities (AuraStore *self,
                gint64 investigation_id,
                const gint64 *ids,
                guint n,
                GPtrArray *entities,
                GError **error)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr (GString) json = g_string_new ("[");

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GError) local_error = NULL;
      AuraEntity *entity;

      if (!g_hash_table_add (seen, (gpointer)&ids[i]))
        continue;
      entity = aura_store_load_entity (self, ids[i], &local_error);
      if (entity == NULL)
        {
          if (g_error_matches (local_error, AURA_STORE_ERROR, AURA_STORE_ERROR_NOT_FOUND))
            g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_NOT_FOUND,
                         _ ("Entity %lld does not exist (deleted meanwhile?): nothing was deleted"),
                         (long long)ids[i]);
          else
            g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      g_ptr_array_add (entities, entity);
      if (aura_entity_get_investigation_id (entity) != investigation_id)
        {
          g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID,
                       _ ("“%s” belongs to another investigation: nothing was deleted"),
                       aura_entity_get_value (entity));
          return NULL;
        }
      g_string_append_printf (json, "%s%" G_GINT64_FORMAT, json->len > 1 ? "," : "", ids[i]);
    }
  g_string_append_c (json, ']');
  return g_string_free (g_steal_pointer (&json), FALSE);
}

gboolean
aura_store_delete_entities_restorable (AuraStore *self,
                                       gint64 investigation_id,
                                       const gint64 *ids,
                                       guint n,
                                       char **out_snapshot_json,
                                       GError **error)
{
  g_autoptr (GPtrArray) entities = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *ids_json = NULL;
  g_autofree char *snapshot = NULL;
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (AURA_IS_STORE (self), FALSE);
  g_return_val_if_fail (ids != NULL || n == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (out_snapshot_json != NULL)
    *out_snapshot_json = NULL;
  if (n == 0)
    {
      g_set_error_literal (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID,
                           _ ("Choose at least one entity to delete"));
      return FALSE;
    }
  if (!aura_store_change_begin (self, error))
    return FALSE;
  ok = aura_store_check_live_investigation (self, investigation_id, error) &&
       (ids_json = check_entities (self, investigation_id, ids, n, entities, error)) != NULL &&
       (snapshot = build_snapshot (self, investigation_id, ids_json, error)) != NULL &&
       (stmt = aura_store_prepare (self, "DELETE FROM entities WHERE id IN " IDS, error)) != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, ids_json, -1, SQLITE_STATIC);
      ok = aura_store_step_done (self, stmt, error);
    }
  for (guint i = 0; ok && i < entities->len; i++)
    {
      AuraEntity *entity = entities->pdata[i];
      g_autofree char *canon = aura_entity_dup_canonical (entity);
      g_autofree char *details =
          aura_store_details ("type", aura_entity_get_type_name (entity), "value",
                              aura_entity_get_value (entity), "undo", "snapshot", NULL);

      ok = aura_store_audit (self, "entity.delete", "entity", aura_entity_get_id (entity),
                             investigation_id, canon, NULL, details, error);
    }
  if (!aura_store_change_end (self, ok, error))
    return FALSE;
  if (out_snapshot_json != NULL)
    *out_snapshot_json = g_steal_pointer (&snapshot);
  return TRUE;
}

/* ---- Restoring --------------------------------------------------------------- */

static gboolean malformed (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
malformed (GError **error, const char *format, ...)
{
  va_list args;
  g_autofree char *why = NULL;

  va_start (args, format);
  why = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID,
               _ ("This undo record cannot be restored, it is damaged: %s"), why);
  return FALSE;
}

/* What a restore has put back so far, to check each row against. */
typedef struct
{
  gint64 investigation_id;
  GHashTable *entities;  /* ids */
  GHashTable *relations; /* ids put back */
  GHashTable *skipped;   /* relation ids left out: their other end is gone */
  GPtrArray *restored;   /* AuraEntity, for the audit */
  char **columns;        /* of the section being restored */
  guint n_columns;
} Restore;

static void
restore_clear (Restore *restore)
{
  g_clear_pointer (&restore->entities, g_hash_table_unref);
  g_clear_pointer (&restore->relations, g_hash_table_unref);
  g_clear_pointer (&restore->skipped, g_hash_table_unref);
  g_clear_pointer (&restore->restored, g_ptr_array_unref);
  g_clear_pointer (&restore->columns, g_strfreev);
}

static gboolean
read_columns (AuraStore *self, Restore *restore, const SectionSpec *spec, GError **error)
{
  sqlite3_stmt *stmt = aura_store_prepare (self, spec->columns, error);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (names, aura_stmt_dup_text (stmt, 0));
  sqlite3_reset (stmt);
  g_ptr_array_add (names, NULL);
  g_clear_pointer (&restore->columns, g_strfreev);
  restore->n_columns = names->len - 1;
  restore->columns = (char **)g_ptr_array_free (g_steal_pointer (&names), FALSE);
  if (rc != SQLITE_DONE)
    {
      aura_store_set_sqlite_error (self->db, rc, self->path, error);
      return FALSE;
    }
  return TRUE;
}

/* An integer member of @row, or FALSE (@error set) when it is missing or
 * not an integer; a null one is 0 when @nullable. */
static gboolean
row_int (JsonObject *row,
         const char *table,
         const char *column,
         gboolean nullable,
         gint64 *out,
         GError **error)
{
  JsonNode *node = json_object_get_member (row, column);

  *out = 0;
  if (node != NULL && nullable && JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return malformed (error, "a row of “%s” has no whole number “%s”", table, column);
  *out = json_node_get_int (node);
  return TRUE;
}

/* Checks that @row has exactly the table's columns, each a plain value. */
static gboolean
check_row_shape (Restore *restore, const char *table, JsonNode *node, GError **error)
{
  JsonObject *row;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return malformed (error, "“%s” holds something that is not a row", table);
  row = json_node_get_object (node);
  if (json_object_get_size (row) != restore->n_columns)
    return malformed (error, "a row of “%s” has %u columns where the table has %u", table,
                      json_object_get_size (row), restore->n_columns);
  for (guint c = 0; c < restore->n_columns; c++)
    {
      JsonNode *value = json_object_get_member (row, restore->columns[c]);
      GType type;

      if (value == NULL)
        return malformed (error, "a row of “%s” lacks “%s”", table, restore->columns[c]);
      if (JSON_NODE_HOLDS_NULL (value))
        continue;
      if (!JSON_NODE_HOLDS_VALUE (value))
        return malformed (error, "“%s” of a row of “%s” is not a plain value", restore->columns[c],
                          table);
      type = json_node_get_value_type (value);
      if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE && type != G_TYPE_STRING)
        return malformed (error, "“%s” of a row of “%s” is neither a number nor text",
                          restore->columns[c], table);
    }
  return TRUE;
}

static gboolean
row_exists (AuraStore *self, const char *sql, gint64 id, gboolean *out_exists, GError **error)
{
  sqlite3_stmt *stmt = aura_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  *out_exists = rc == SQLITE_ROW;
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      aura_store_set_sqlite_error (self->db, rc, self->path, error);
      return FALSE;
    }
  return TRUE;
}

/* Refuses an entity whose value was added again meanwhile (under another
 * id: the same id is caught by the caller). */
static gboolean
check_entity_free (AuraStore *self, Restore *restore, JsonObject *row, GError **error)
{
  const char *type = json_object_get_string_member_with_default (row, "type", NULL);
  const char *normalized = json_object_get_string_member_with_default (row, "normalized", NULL);
  const char *value = json_object_get_string_member_with_default (row, "value", "");
  sqlite3_stmt *stmt;
  gint64 other = 0;
  int rc;

  if (type == NULL || normalized == NULL)
    return malformed (error, "an entity has no type or no normalised value");
  stmt = aura_store_prepare (self,
                             "SELECT id FROM entities WHERE investigation_id = ?1 AND type = ?2 "
                             "AND normalized = ?3",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, restore->investigation_id);
  sqlite3_bind_text (stmt, 2, type, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, normalized, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    other = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      aura_store_set_sqlite_error (self->db, rc, self->path, error);
      return FALSE;
    }
  if (other != 0)
    {
      g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID,
                   _ ("“%s” was added again since it was deleted (now entity %lld): delete that "
                      "one first to undo, or keep it"),
                   value, (long long)other);
      return FALSE;
    }
  return TRUE;
}

/* Whether the row belongs with the restored entities; sets *@out_skip for
 * a relation whose other end is gone, and for its provenance. */
static gboolean
check_row_owner (AuraStore *self,
                 Restore *restore,
                 Section s,
                 JsonObject *row,
                 gboolean *out_skip,
                 GError **error)
{
  const char *table = sections[s].name;
  gint64 inv, a = 0, b = 0;

  *out_skip = FALSE;
  if (!row_int (row, table, "investigation_id", FALSE, &inv, error))
    return FALSE;
  if (inv != restore->investigation_id)
    return malformed (error, "a row of “%s” belongs to another investigation", table);
  switch (s)
    {
      case SECTION_ENTITIES:
        return check_entity_free (self, restore, row, error);
      case SECTION_RELATIONS:
        {
          gboolean has_a, has_b, a_exists = TRUE, b_exists = TRUE;

          if (!row_int (row, table, "source_id", FALSE, &a, error) ||
              !row_int (row, table, "target_id", FALSE, &b, error))
            return FALSE;
          has_a = g_hash_table_contains (restore->entities, &a);
          has_b = g_hash_table_contains (restore->entities, &b);
          if (!has_a && !has_b)
            return malformed (error, "a relation touches none of the deleted entities");
          /* The other end deleted since: the relation cannot come back. */
          if ((!has_a &&
               !row_exists (self, sections[SECTION_ENTITIES].exists, a, &a_exists, error)) ||
              (!has_b &&
               !row_exists (self, sections[SECTION_ENTITIES].exists, b, &b_exists, error)))
            return FALSE;
          *out_skip = !a_exists || !b_exists;
          return TRUE;
        }
      case SECTION_PROVENANCE:
        if (!row_int (row, table, "entity_id", TRUE, &a, error) ||
            !row_int (row, table, "relation_id", TRUE, &b, error))
          return FALSE;
        if (b != 0 && g_hash_table_contains (restore->skipped, &b))
          {
            *out_skip = TRUE;
            return TRUE;
          }
        if ((a != 0 && g_hash_table_contains (restore->entities, &a)) ||
            (b != 0 && g_hash_table_contains (restore->relations, &b)))
          return TRUE;
        return malformed (error, "a provenance row is not of a deleted entity or relation");
      case SECTION_TARGETS:
      case SECTION_POSITIONS:
      case N_SECTIONS:
      default:
        if (!row_int (row, table, "entity_id", FALSE, &a, error))
          return FALSE;
        if (!g_hash_table_contains (restore->entities, &a))
          return malformed (error, "a row of “%s” is not of a deleted entity", table);
        return TRUE;
    }
}

static gboolean
insert_row (AuraStore *self, Restore *restore, const char *table, JsonObject *row, GError **error)
{
  g_autoptr (GString) sql = g_string_new (NULL);
  sqlite3_stmt *stmt;

  g_string_append_printf (sql, "INSERT INTO %s (", table);
  for (guint c = 0; c < restore->n_columns; c++)
    g_string_append_printf (sql, "%s\"%s\"", c > 0 ? ", " : "", restore->columns[c]);
  g_string_append (sql, ") VALUES (");
  for (guint c = 0; c < restore->n_columns; c++)
    g_string_append_printf (sql, "%s?%u", c > 0 ? ", " : "", c + 1);
  g_string_append_c (sql, ')');
  stmt = aura_store_prepare_dynamic (self, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  for (guint c = 0; c < restore->n_columns; c++)
    {
      JsonNode *value = json_object_get_member (row, restore->columns[c]);

      if (JSON_NODE_HOLDS_NULL (value))
        sqlite3_bind_null (stmt, (int)c + 1);
      else if (json_node_get_value_type (value) == G_TYPE_INT64)
        sqlite3_bind_int64 (stmt, (int)c + 1, json_node_get_int (value));
      else if (json_node_get_value_type (value) == G_TYPE_DOUBLE)
        sqlite3_bind_double (stmt, (int)c + 1, json_node_get_double (value));
      else
        sqlite3_bind_text (stmt, (int)c + 1, json_node_get_string (value), -1, SQLITE_STATIC);
    }
  if (aura_store_step_done (self, stmt, error))
    return TRUE;
  /* A constraint the checks above did not foresee: still the record's
   * fault, said so. */
  g_prefix_error (error, _ ("Could not put a row of “%s” back: "), table);
  return FALSE;
}

static gboolean
restore_section (AuraStore *self, Restore *restore, Section s, JsonObject *root, GError **error)
{
  const SectionSpec *spec = &sections[s];
  JsonNode *member = json_object_get_member (root, spec->name);
  JsonArray *rows;

  if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member))
    return malformed (error, "“%s” is missing or not a list of rows", spec->name);
  if (!read_columns (self, restore, spec, error))
    return FALSE;
  rows = json_node_get_array (member);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonNode *node = json_array_get_element (rows, i);
      JsonObject *row;
      gint64 key;
      gboolean skip, exists = FALSE;

      if (!check_row_shape (restore, spec->name, node, error))
        return FALSE;
      row = json_node_get_object (node);
      if (!row_int (row, spec->name, spec->key, FALSE, &key, error))
        return FALSE;
      if (s == SECTION_ENTITIES &&
          !g_hash_table_add (restore->entities, g_memdup2 (&key, sizeof key)))
        return malformed (error, "entity %lld appears twice", (long long)key);
      if (!check_row_owner (self, restore, s, row, &skip, error))
        return FALSE;
      if (skip)
        {
          if (s == SECTION_RELATIONS)
            g_hash_table_add (restore->skipped, g_memdup2 (&key, sizeof key));
          continue;
        }
      if (spec->exists != NULL && !row_exists (self, spec->exists, key, &exists, error))
        return FALSE;
      if (exists)
        {
          g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID,
                       _ ("Cannot undo: id %lld of “%s” has been used again since the deletion"),
                       (long long)key, spec->name);
          return FALSE;
        }
      if (!insert_row (self, restore, spec->name, row, error))
        return FALSE;
      if (s == SECTION_RELATIONS)
        g_hash_table_add (restore->relations, g_memdup2 (&key, sizeof key));
    }
  return TRUE;
}

/* Points the scans, evidence and attachments that pointed at the entities
 * at them again, unless they were deleted or pointed elsewhere since. */
static gboolean
restore_links (AuraStore *self, Restore *restore, JsonObject *root, GError **error)
{
  JsonNode *member = json_object_get_member (root, "links");
  JsonObject *all;

  if (member == NULL || !JSON_NODE_HOLDS_OBJECT (member))
    return malformed (error, "“links” is missing or not an object");
  all = json_node_get_object (member);
  if (json_object_get_size (all) != G_N_ELEMENTS (links))
    return malformed (error, "“links” does not name the tables it should");
  for (guint l = 0; l < G_N_ELEMENTS (links); l++)
    {
      JsonNode *list = json_object_get_member (all, links[l].name);
      JsonArray *rows;

      if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
        return malformed (error, "the links of “%s” are missing", links[l].name);
      rows = json_node_get_array (list);
      for (guint i = 0; i < json_array_get_length (rows); i++)
        {
          JsonNode *node = json_array_get_element (rows, i);
          JsonObject *row;
          gint64 id, entity_id;
          sqlite3_stmt *stmt;

          if (!JSON_NODE_HOLDS_OBJECT (node) ||
              json_object_get_size (row = json_node_get_object (node)) != 2)
            return malformed (error, "a link of “%s” is not an id and an entity", links[l].name);
          if (!row_int (row, links[l].name, "id", FALSE, &id, error) ||
              !row_int (row, links[l].name, "entity_id", FALSE, &entity_id, error))
            return FALSE;
          if (!g_hash_table_contains (restore->entities, &entity_id))
            return malformed (error, "a link of “%s” is not to a deleted entity", links[l].name);
          stmt = aura_store_prepare (self, links[l].relink, error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, id);
          sqlite3_bind_int64 (stmt, 2, entity_id);
          if (!aura_store_step_done (self, stmt, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
header_int (JsonObject *root, const char *name, gint64 *out, GError **error)
{
  JsonNode *node = json_object_get_member (root, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return malformed (error, "its “%s” is not a whole number", name);
  *out = json_node_get_int (node);
  return TRUE;
}

/* The snapshot's header: its kind, version, schema and investigation. */
static gboolean
check_header (AuraStore *self, JsonObject *root, gint64 investigation_id, GError **error)
{
  gint64 version, schema, inv;

  if (g_strcmp0 (json_object_get_string_member_with_default (root, "format", NULL),
                 SNAPSHOT_FORMAT) != 0)
    return malformed (error, "it is not a record of deleted entities");
  if (!header_int (root, "version", &version, error) ||
      !header_int (root, "schema_version", &schema, error) ||
      !header_int (root, "investigation_id", &inv, error))
    return FALSE;
  if (version != SNAPSHOT_VERSION || schema != self->schema_version)
    {
      g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID,
                   _ ("This undo record was written by another version of Aura (record %lld, "
                      "database schema %lld): it cannot be restored here"),
                   (long long)version, (long long)schema);
      return FALSE;
    }
  if (inv != investigation_id)
    {
      g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID,
                   _ ("This undo record is of investigation %lld, not of investigation %lld"),
                   (long long)inv, (long long)investigation_id);
      return FALSE;
    }
  if (json_object_get_size (root) != 5 + N_SECTIONS)
    return malformed (error, "it has members it should not have");
  return TRUE;
}

static int
compare_entity_ids (gconstpointer a, gconstpointer b)
{
  gint64 x = aura_entity_get_id (*(AuraEntity *const *)a);
  gint64 y = aura_entity_get_id (*(AuraEntity *const *)b);

  return x < y ? -1 : x > y;
}

static gboolean
audit_restored (AuraStore *self, Restore *restore, GError **error)
{
  g_autoptr (GList) keys = g_hash_table_get_keys (restore->entities);

  for (GList *k = keys; k != NULL; k = k->next)
    {
      AuraEntity *entity = aura_store_load_entity (self, *(gint64 *)k->data, error);

      if (entity == NULL)
        return FALSE;
      g_ptr_array_add (restore->restored, entity);
    }
  /* In id order, so the audit reads the same whatever the hash order. */
  g_ptr_array_sort (restore->restored, compare_entity_ids);
  for (guint i = 0; i < restore->restored->len; i++)
    {
      AuraEntity *entity = restore->restored->pdata[i];
      g_autofree char *canon = aura_entity_dup_canonical (entity);
      g_autofree char *details = aura_store_details ("type", aura_entity_get_type_name (entity),
                                                     "value", aura_entity_get_value (entity), NULL);

      if (!aura_store_audit (self, "entity.restore", "entity", aura_entity_get_id (entity),
                             restore->investigation_id, NULL, canon, details, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
aura_store_restore_entities (AuraStore *self,
                             gint64 investigation_id,
                             const char *snapshot_json,
                             GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) parse_error = NULL;
  Restore restore = { 0 };
  JsonNode *root;
  gboolean ok;

  g_return_val_if_fail (AURA_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (snapshot_json == NULL ||
      !json_parser_load_from_data (parser, snapshot_json, -1, &parse_error))
    return malformed (error, "%s", parse_error != NULL ? parse_error->message : "it is empty");
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return malformed (error, "it is not a JSON object");
  if (!check_header (self, json_node_get_object (root), investigation_id, error))
    return FALSE;

  restore.investigation_id = investigation_id;
  restore.entities = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  restore.relations = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  restore.skipped = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  restore.restored = g_ptr_array_new_with_free_func (g_object_unref);
  if (!aura_store_change_begin (self, error))
    {
      restore_clear (&restore);
      return FALSE;
    }
  ok = aura_store_check_live_investigation (self, investigation_id, error);
  for (Section s = 0; ok && s < N_SECTIONS; s++)
    ok = restore_section (self, &restore, s, json_node_get_object (root), error);
  if (ok && g_hash_table_size (restore.entities) == 0)
    ok = malformed (error, "it holds no entity");
  ok = ok && restore_links (self, &restore, json_node_get_object (root), error) &&
       audit_restored (self, &restore, error);
  restore_clear (&restore);
  return aura_store_change_end (self, ok, error);
}
