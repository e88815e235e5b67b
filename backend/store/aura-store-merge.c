/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-store"
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "aura-store-private.h"

/* Merging duplicate entities into one (aura-store.h, "Merging"). Everything
 * runs in one change: the merged entities' relations are re-pointed to the
 * kept one (a relation that would duplicate one the kept entity already
 * has is folded into it, one that would join the kept entity to itself is
 * dropped), their provenance, targets, scans, evidence and attachments move
 * to it, their attributes are merged under the kept entity's own, and the
 * merged rows are deleted. One "entity.merge" audit row records it. Any
 * failure rolls all of it back. */

/* The ids to merge as a JSON array, which json_each() turns into a set
 * inside SQL: one static statement whatever their number. */
static char *
ids_json (GArray *ids)
{
  GString *out = g_string_new ("[");

  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                            g_array_index (ids, gint64, i));
  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

/* Loads @id and checks that it may take part in the merge. */
static AuraEntity *
load_member (AuraStore *self, gint64 investigation_id, gint64 id, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  AuraEntity *entity = aura_store_load_entity (self, id, &local_error);

  if (entity == NULL)
    {
      if (g_error_matches (local_error, AURA_STORE_ERROR, AURA_STORE_ERROR_NOT_FOUND))
        g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_NOT_FOUND,
                     _ ("Entity %lld does not exist (deleted meanwhile?): nothing was merged"),
                     (long long)id);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (aura_entity_get_investigation_id (entity) != investigation_id)
    {
      g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID,
                   _ ("“%s” belongs to another investigation: only entities of one "
                      "investigation can be merged"),
                   aura_entity_get_value (entity));
      g_object_unref (entity);
      return NULL;
    }
  return entity;
}

/* The merged ids without repeats; refuses the kept id among them. */
static GArray *
check_ids (gint64 keep_id, const gint64 *merge_ids, guint n, GError **error)
{
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);

  if (n == 0)
    {
      g_set_error_literal (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID,
                           _ ("Choose at least one entity to merge into the kept one"));
      return NULL;
    }
  for (guint i = 0; i < n; i++)
    {
      if (merge_ids[i] == keep_id)
        {
          g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID,
                       _ ("Entity %lld cannot be merged into itself: leave the kept entity out "
                          "of the ones to merge"),
                       (long long)keep_id);
          return NULL;
        }
      if (g_hash_table_add (seen, (gpointer)&merge_ids[i]))
        g_array_append_val (ids, merge_ids[i]);
    }
  return g_steal_pointer (&ids);
}

typedef struct
{
  gint64 id, source_id, target_id;
  char *type;
} RelationRow;

static void
relation_row_clear (gpointer data)
{
  g_free (((RelationRow *)data)->type);
}

static GArray *
touching_relations (AuraStore *self, const char *ids, GError **error)
{
  g_autoptr (GArray) rows = g_array_new (FALSE, TRUE, sizeof (RelationRow));
  sqlite3_stmt *stmt;
  int rc;

  g_array_set_clear_func (rows, relation_row_clear);
  stmt = aura_store_prepare (self,
                             "SELECT id, source_id, target_id, type FROM relations "
                             "WHERE source_id IN (SELECT value FROM json_each (?1)) "
                             "OR target_id IN (SELECT value FROM json_each (?1)) ORDER BY id",
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, ids, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RelationRow row = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1),
                          sqlite3_column_int64 (stmt, 2), aura_stmt_dup_text (stmt, 3) };

      g_array_append_val (rows, row);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      aura_store_set_sqlite_error (self->db, rc, self->path, error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

/* Runs a statement with up to three integer parameters. */
static gboolean
run3 (AuraStore *self, const char *sql, gint64 a, gint64 b, gint64 c, GError **error)
{
  sqlite3_stmt *stmt = aura_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, a);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_int64 (stmt, 2, b);
  if (sqlite3_bind_parameter_count (stmt) >= 3)
    sqlite3_bind_int64 (stmt, 3, c);
  return aura_store_step_done (self, stmt, error);
}

/* The id of the relation (@investigation_id, @source_id, @target_id,
 * @type) in *@out_id, or 0 when there is none. */
static gboolean
find_relation (AuraStore *self,
               gint64 investigation_id,
               gint64 source_id,
               gint64 target_id,
               const char *type,
               gint64 *out_id,
               GError **error)
{
  sqlite3_stmt *stmt;
  int rc;

  *out_id = 0;
  stmt = aura_store_prepare (self,
                             "SELECT id FROM relations WHERE investigation_id = ? "
                             "AND source_id = ? AND target_id = ? AND type = ?",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, investigation_id);
  sqlite3_bind_int64 (stmt, 2, source_id);
  sqlite3_bind_int64 (stmt, 3, target_id);
  sqlite3_bind_text (stmt, 4, type, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      aura_store_set_sqlite_error (self->db, rc, self->path, error);
      return FALSE;
    }
  return TRUE;
}

/* Re-points every relation of the merged entities to @keep_id. Counts
 * what was moved, folded into an existing relation and dropped. */
static gboolean
repoint_relations (AuraStore *self,
                   gint64 investigation_id,
                   gint64 keep_id,
                   GHashTable *merged,
                   const char *ids,
                   guint counts[3],
                   GError **error)
{
  g_autoptr (GArray) rows = touching_relations (self, ids, error);

  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      RelationRow *row = &g_array_index (rows, RelationRow, i);
      gint64 s = g_hash_table_contains (merged, &row->source_id) ? keep_id : row->source_id;
      gint64 t = g_hash_table_contains (merged, &row->target_id) ? keep_id : row->target_id;
      gint64 existing;

      if (s == t)
        {
          /* Between two of the merged entities, or a merged one and the
           * kept one: it would join the entity to itself. */
          if (!run3 (self, "DELETE FROM relations WHERE id = ?", row->id, 0, 0, error))
            return FALSE;
          counts[2]++;
          continue;
        }
      if (!find_relation (self, investigation_id, s, t, row->type, &existing, error))
        return FALSE;
      if (existing == 0)
        {
          if (!run3 (self, "UPDATE relations SET source_id = ?2, target_id = ?3 WHERE id = ?1",
                     row->id, s, t, error))
            return FALSE;
          counts[0]++;
          continue;
        }
      /* A duplicate of a relation already there: that one takes its
       * provenance, its widest time span, its highest confidence and the
       * attributes it lacks. */
      if (!run3 (self,
                 "UPDATE relations SET "
                 "attributes = json_patch ((SELECT attributes FROM relations WHERE id = ?2), "
                 "attributes), "
                 "confidence = max (confidence, (SELECT confidence FROM relations WHERE id = ?2)), "
                 "first_seen = min (first_seen, (SELECT first_seen FROM relations WHERE id = ?2)), "
                 "last_seen = max (last_seen, (SELECT last_seen FROM relations WHERE id = ?2)) "
                 "WHERE id = ?1",
                 existing, row->id, 0, error) ||
          !run3 (self, "UPDATE provenance SET relation_id = ?1 WHERE relation_id = ?2", existing,
                 row->id, 0, error) ||
          !run3 (self, "DELETE FROM relations WHERE id = ?", row->id, 0, 0, error))
        return FALSE;
      counts[1]++;
    }
  return TRUE;
}

/* Runs @sql with the kept id as ?1 and the merged ids (JSON) as ?2. */
static gboolean
run_with_ids (AuraStore *self, const char *sql, gint64 keep_id, const char *ids, GError **error)
{
  sqlite3_stmt *stmt = aura_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, keep_id);
  sqlite3_bind_text (stmt, 2, ids, -1, SQLITE_STATIC);
  return aura_store_step_done (self, stmt, error);
}

/* Provenance, targets, scans, evidence and attachments move to the kept
 * entity. A target mark moves only when the kept entity is not a target
 * yet; the other marks go with their entities. */
static gboolean
move_references (AuraStore *self, gint64 keep_id, const char *ids, GError **error)
{
  static const char *const moves[] = {
    "UPDATE provenance SET entity_id = ?1 "
    "WHERE entity_id IN (SELECT value FROM json_each (?2))",
    "UPDATE targets SET entity_id = ?1 WHERE id = (SELECT min (id) FROM targets "
    "WHERE entity_id IN (SELECT value FROM json_each (?2))) "
    "AND NOT EXISTS (SELECT 1 FROM targets WHERE entity_id = ?1)",
    "UPDATE osint_scans SET entity_id = ?1 "
    "WHERE entity_id IN (SELECT value FROM json_each (?2))",
    "UPDATE evidence SET entity_id = ?1 "
    "WHERE entity_id IN (SELECT value FROM json_each (?2))",
    "UPDATE file_attachments SET entity_id = ?1 "
    "WHERE entity_id IN (SELECT value FROM json_each (?2))",
  };

  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    if (!run_with_ids (self, moves[i], keep_id, ids, error))
      return FALSE;
  return TRUE;
}

/* The kept row: attributes of the merged ones (in the order given) patched
 * over by its own, the highest confidence, the widest span, its sources
 * counted again. Then the merged rows go (their FTS rows with them, by the
 * triggers; their graph positions by the cascade). */
static gboolean
update_kept (AuraStore *self, AuraEntity *keep, GPtrArray *members, const char *ids, GError **error)
{
  g_autofree char *attributes = g_strdup ("{}");
  double confidence = aura_entity_get_confidence (keep);
  gint64 first_seen = aura_entity_get_first_seen (keep);
  gint64 last_seen = aura_entity_get_last_seen (keep);
  sqlite3_stmt *stmt;

  for (guint i = 0; i <= members->len; i++)
    {
      AuraEntity *e = i < members->len ? members->pdata[i] : keep;
      int rc;

      stmt = aura_store_prepare (self, "SELECT json_patch (?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, attributes, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, aura_entity_get_attributes (e), -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          g_free (attributes);
          attributes = aura_stmt_dup_text (stmt, 0);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW)
        {
          aura_store_set_sqlite_error (self->db, rc, self->path, error);
          return FALSE;
        }
      confidence = MAX (confidence, aura_entity_get_confidence (e));
      first_seen = MIN (first_seen, aura_entity_get_first_seen (e));
      last_seen = MAX (last_seen, aura_entity_get_last_seen (e));
    }
  stmt = aura_store_prepare (self,
                             "UPDATE entities SET attributes = ?2, confidence = ?3, "
                             "first_seen = ?4, last_seen = ?5, n_sources = (SELECT count(*) "
                             "FROM provenance WHERE entity_id = ?1) WHERE id = ?1",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, aura_entity_get_id (keep));
  sqlite3_bind_text (stmt, 2, attributes, -1, SQLITE_STATIC);
  sqlite3_bind_double (stmt, 3, confidence);
  sqlite3_bind_int64 (stmt, 4, first_seen);
  sqlite3_bind_int64 (stmt, 5, last_seen);
  if (!aura_store_step_done (self, stmt, error))
    return FALSE;
  return run_with_ids (self,
                       "DELETE FROM entities WHERE id IN (SELECT value FROM json_each (?2)) "
                       "AND ?1 IS NOT NULL",
                       aura_entity_get_id (keep), ids, error);
}

static char *
merge_details (AuraEntity *keep, GPtrArray *members, const guint counts[3])
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, aura_entity_get_type_name (keep));
  json_builder_set_member_name (builder, "value");
  json_builder_add_string_value (builder, aura_entity_get_value (keep));
  json_builder_set_member_name (builder, "merged");
  json_builder_begin_array (builder);
  for (guint i = 0; i < members->len; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, aura_entity_get_id (members->pdata[i]));
      json_builder_set_member_name (builder, "value");
      json_builder_add_string_value (builder, aura_entity_get_value (members->pdata[i]));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "relations_moved");
  json_builder_add_int_value (builder, counts[0]);
  json_builder_set_member_name (builder, "relations_folded");
  json_builder_add_int_value (builder, counts[1]);
  json_builder_set_member_name (builder, "relations_dropped");
  json_builder_add_int_value (builder, counts[2]);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* Loads and checks every member; fills @members and @merged (id set). */
static gboolean
load_members (AuraStore *self,
              gint64 investigation_id,
              AuraEntity *keep,
              GArray *ids,
              GPtrArray *members,
              GHashTable *merged,
              GString *before,
              GError **error)
{
  for (guint i = 0; i < ids->len; i++)
    {
      AuraEntity *e = load_member (self, investigation_id, g_array_index (ids, gint64, i), error);
      g_autofree char *canon = NULL;

      if (e == NULL)
        return FALSE;
      g_ptr_array_add (members, e);
      if (aura_entity_get_entity_type (e) != aura_entity_get_entity_type (keep))
        {
          g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID,
                       _ ("“%s” (%s) and “%s” (%s) differ in type: only entities of the same "
                          "type can be merged"),
                       aura_entity_get_value (e),
                       aura_entity_type_get_label (aura_entity_get_entity_type (e)),
                       aura_entity_get_value (keep),
                       aura_entity_type_get_label (aura_entity_get_entity_type (keep)));
          return FALSE;
        }
      g_hash_table_add (merged, &g_array_index (ids, gint64, i));
      canon = aura_entity_dup_canonical (e);
      g_string_append (before, canon);
    }
  return TRUE;
}

/**
 * aura_store_merge_entities:
 * @investigation_id: the investigation every entity must belong to
 * @keep_id: the entity that stays
 * @merge_ids: (array length=n): the duplicates to fold into it
 * @n: how many; repeats are ignored
 *
 * Folds duplicates into one entity, in one transaction with one
 * "entity.merge" audit row (before: the kept and merged rows; after: the
 * kept row). See the declaration in aura-store.h for the rules.
 */
gboolean
aura_store_merge_entities (AuraStore *self,
                           gint64 investigation_id,
                           gint64 keep_id,
                           const gint64 *merge_ids,
                           guint n,
                           GError **error)
{
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GHashTable) merged = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr (GPtrArray) members = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (AuraEntity) keep = NULL;
  g_autoptr (AuraEntity) after = NULL;
  g_autoptr (GString) before = g_string_new (NULL);
  g_autofree char *ids_text = NULL;
  g_autofree char *after_canon = NULL;
  g_autofree char *details = NULL;
  guint counts[3] = { 0, 0, 0 };
  gboolean ok;

  g_return_val_if_fail (AURA_IS_STORE (self), FALSE);
  g_return_val_if_fail (merge_ids != NULL || n == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ids = check_ids (keep_id, merge_ids, n, error);
  if (ids == NULL || !aura_store_change_begin (self, error))
    return FALSE;
  ids_text = ids_json (ids);
  ok = aura_store_check_live_investigation (self, investigation_id, error) &&
       (keep = load_member (self, investigation_id, keep_id, error)) != NULL;
  if (ok)
    {
      after_canon = aura_entity_dup_canonical (keep);
      g_string_append (before, after_canon);
      g_clear_pointer (&after_canon, g_free);
      ok = load_members (self, investigation_id, keep, ids, members, merged, before, error) &&
           repoint_relations (self, investigation_id, keep_id, merged, ids_text, counts, error) &&
           move_references (self, keep_id, ids_text, error) &&
           update_kept (self, keep, members, ids_text, error) &&
           (after = aura_store_load_entity (self, keep_id, error)) != NULL;
    }
  if (ok)
    {
      after_canon = aura_entity_dup_canonical (after);
      details = merge_details (keep, members, counts);
      ok = aura_store_audit (self, "entity.merge", "entity", keep_id, investigation_id, before->str,
                             after_canon, details, error);
    }
  return aura_store_change_end (self, ok, error);
}
