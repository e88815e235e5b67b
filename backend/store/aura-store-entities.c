/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-store"
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "aura-store-private.h"

/* Adding, merging and deleting entities and relations: the ingest path.
 * Every statement here is prepared once and cached. */

/* The state of an entities or relations row, enough for its canonical
 * audit text. */
typedef struct
{
  gint64 id;
  char *value;
  char *attributes;
  double confidence;
  gint64 first_seen;
  gint64 last_seen;
  gint64 target_id;
  gint64 n_sources;
} RowState;

static void
row_state_clear (RowState *state)
{
  g_clear_pointer (&state->value, g_free);
  g_clear_pointer (&state->attributes, g_free);
}

static char *
entity_canonical (gint64 investigation_id,
                  AuraEntityType type,
                  const char *normalized,
                  const RowState *state)
{
  GString *out = g_string_new ("entity;");

  aura_canon_append_int (out, state->id);
  aura_canon_append_int (out, investigation_id);
  aura_canon_append_string (out, aura_entity_type_to_string (type));
  aura_canon_append_string (out, state->value);
  aura_canon_append_string (out, normalized);
  aura_canon_append_string (out, state->attributes);
  aura_canon_append_double (out, state->confidence);
  aura_canon_append_int (out, state->first_seen);
  aura_canon_append_int (out, state->last_seen);
  return g_string_free (out, FALSE);
}

static gboolean
check_confidence (double confidence, GError **error)
{
  if (isfinite (confidence) && confidence >= 0.0 && confidence <= 1.0)
    return TRUE;
  g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID,
               _ ("A confidence must be between 0 and 1, not %g"), confidence);
  return FALSE;
}

/* Attributes must be one JSON object; anything else is refused before it
 * reaches SQLite. */
static gboolean
check_attributes (const char *attributes_json, GError **error)
{
  g_autoptr (JsonParser) parser = NULL;
  JsonNode *root;

  if (attributes_json == NULL)
    return TRUE;
  parser = json_parser_new_immutable ();
  if (json_parser_load_from_data (parser, attributes_json, -1, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    return TRUE;
  g_set_error_literal (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID,
                       _ ("Attributes must be a JSON object such as {\"key\": \"value\"}"));
  return FALSE;
}

/* The attributes to merge: the caller's, plus lat/lon for a location. */
static char *
location_attributes (AuraEntityType type, const char *value)
{
  char lat_text[G_ASCII_DTOSTR_BUF_SIZE], lon_text[G_ASCII_DTOSTR_BUF_SIZE];
  double lat, lon;

  if (type != AURA_ENTITY_LOCATION || !aura_entity_parse_location (value, &lat, &lon))
    return NULL;
  return g_strdup_printf ("{\"lat\":%s,\"lon\":%s}",
                          g_ascii_dtostr (lat_text, sizeof lat_text, lat),
                          g_ascii_dtostr (lon_text, sizeof lon_text, lon));
}

static gboolean
lookup_entity_row (AuraStore *self,
                   gint64 investigation_id,
                   const char *type_name,
                   const char *normalized,
                   RowState *state,
                   GError **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = aura_store_prepare (self,
                             "SELECT e.id, e.value, e.attributes, e.confidence, e.first_seen, "
                             "e.last_seen, t.id FROM entities e "
                             "LEFT JOIN targets t ON t.entity_id = e.id "
                             "WHERE e.investigation_id = ? AND e.type = ? AND e.normalized = ?",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, investigation_id);
  sqlite3_bind_text (stmt, 2, type_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, normalized, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      state->id = sqlite3_column_int64 (stmt, 0);
      state->value = aura_stmt_dup_text (stmt, 1);
      state->attributes = aura_stmt_dup_text (stmt, 2);
      state->confidence = sqlite3_column_double (stmt, 3);
      state->first_seen = sqlite3_column_int64 (stmt, 4);
      state->last_seen = sqlite3_column_int64 (stmt, 5);
      state->target_id = sqlite3_column_int64 (stmt, 6);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      aura_store_set_sqlite_error (self->db, rc, self->path, error);
      return FALSE;
    }
  return TRUE;
}

/* Inserts (when @before->id is 0) or merges; fills @after. */
static gboolean
write_entity_row (AuraStore *self,
                  gint64 investigation_id,
                  const char *type_name,
                  const char *display,
                  const char *normalized,
                  const char *attributes,
                  const char *extra_attributes,
                  double confidence,
                  const RowState *before,
                  RowState *after,
                  GError **error)
{
  gint64 now = aura_store_now ();
  sqlite3_stmt *stmt;
  int rc;

  if (before->id == 0)
    stmt = aura_store_prepare (
        self,
        "INSERT INTO entities (investigation_id, type, value, normalized, attributes, "
        "confidence, first_seen, last_seen, n_sources) VALUES (?1, ?2, ?3, ?4, "
        "json_patch (json_patch ('{}', coalesce (?5, '{}')), coalesce (?6, '{}')), ?7, ?8, ?8, 1) "
        "RETURNING id, attributes, confidence, first_seen, last_seen, n_sources",
        error);
  else
    stmt = aura_store_prepare (
        self,
        "UPDATE entities SET attributes = json_patch (json_patch (attributes, "
        "coalesce (?5, '{}')), coalesce (?6, '{}')), confidence = max (confidence, ?7), "
        "last_seen = max (last_seen, ?8), n_sources = n_sources + 1 WHERE id = ?9 "
        "AND ?1 IS NOT NULL AND ?2 IS NOT NULL AND ?3 IS NOT NULL AND ?4 IS NOT NULL "
        "RETURNING id, attributes, confidence, first_seen, last_seen, n_sources",
        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, investigation_id);
  sqlite3_bind_text (stmt, 2, type_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, display, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, normalized, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, attributes, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, extra_attributes, -1, SQLITE_STATIC);
  sqlite3_bind_double (stmt, 7, confidence);
  sqlite3_bind_int64 (stmt, 8, now);
  if (before->id != 0)
    sqlite3_bind_int64 (stmt, 9, before->id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      after->id = sqlite3_column_int64 (stmt, 0);
      after->value = g_strdup (before->id != 0 ? before->value : display);
      after->attributes = aura_stmt_dup_text (stmt, 1);
      after->confidence = sqlite3_column_double (stmt, 2);
      after->first_seen = sqlite3_column_int64 (stmt, 3);
      after->last_seen = sqlite3_column_int64 (stmt, 4);
      after->n_sources = sqlite3_column_int64 (stmt, 5);
      after->target_id = before->target_id;
      rc = sqlite3_step (stmt);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      aura_store_set_sqlite_error (self->db, rc, self->path, error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
append_provenance (AuraStore *self,
                   gint64 investigation_id,
                   gint64 entity_id,
                   gint64 relation_id,
                   const AuraProvenance *provenance,
                   gint64 *out_id,
                   GError **error)
{
  sqlite3_stmt *stmt;

  stmt = aura_store_prepare (self,
                             "INSERT INTO provenance (investigation_id, entity_id, relation_id, "
                             "scan_id, tool, source, actor, created_at) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, investigation_id);
  if (entity_id != 0)
    sqlite3_bind_int64 (stmt, 2, entity_id);
  if (relation_id != 0)
    sqlite3_bind_int64 (stmt, 3, relation_id);
  if (provenance != NULL && provenance->scan_id != 0)
    sqlite3_bind_int64 (stmt, 4, provenance->scan_id);
  sqlite3_bind_text (stmt, 5,
                     provenance != NULL && provenance->tool != NULL ? provenance->tool : "manual",
                     -1, SQLITE_STATIC);
  if (provenance != NULL)
    sqlite3_bind_text (stmt, 6, provenance->source, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, self->actor, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, aura_store_now ());
  if (!aura_store_step_done (self, stmt, error))
    return FALSE;
  if (out_id != NULL)
    *out_id = sqlite3_last_insert_rowid (self->db);
  return TRUE;
}

gboolean
aura_store_upsert_entity (AuraStore *self,
                          gint64 investigation_id,
                          AuraEntityType type,
                          const char *value,
                          const char *attributes_json,
                          double confidence,
                          const AuraProvenance *provenance,
                          gboolean *out_created,
                          gint64 *out_id,
                          gint64 *out_provenance_id,
                          AuraEntity **out_entity,
                          GError **error)
{
  g_autofree char *display = NULL;
  g_autofree char *normalized = NULL;
  g_autofree char *extra = NULL;
  g_autofree char *before_canon = NULL;
  g_autofree char *after_canon = NULL;
  g_autofree char *details = NULL;
  const char *type_name = aura_entity_type_to_string (type);
  RowState before = { 0 }, after = { 0 };
  gboolean ok;

  normalized = aura_entity_normalize (type, value, &display, error);
  if (normalized == NULL)
    return FALSE;
  extra = location_attributes (type, display);
  ok =
      lookup_entity_row (self, investigation_id, type_name, normalized, &before, error) &&
      write_entity_row (self, investigation_id, type_name, display, normalized, attributes_json,
                        extra, confidence, &before, &after, error) &&
      append_provenance (self, investigation_id, after.id, 0, provenance, out_provenance_id, error);
  if (ok)
    {
      if (before.id != 0)
        before_canon = entity_canonical (investigation_id, type, normalized, &before);
      after_canon = entity_canonical (investigation_id, type, normalized, &after);
      /* Inside a batch the details only feed the batch digest, which the
       * canonical texts already cover. */
      if (!self->in_batch)
        details = aura_store_details (
            "value", display, "tool",
            provenance != NULL && provenance->tool != NULL ? provenance->tool : "manual", NULL);
      ok = aura_store_audit (self, before.id == 0 ? "entity.add" : "entity.merge", "entity",
                             after.id, investigation_id, before_canon, after_canon, details, error);
    }
  if (ok && out_created != NULL)
    *out_created = before.id == 0;
  if (ok && out_id != NULL)
    *out_id = after.id;
  if (ok && out_entity != NULL)
    *out_entity = aura_entity_new (after.id, investigation_id, type, after.value, normalized,
                                   after.attributes, after.confidence, after.first_seen,
                                   after.last_seen, after.target_id, after.n_sources);
  row_state_clear (&before);
  row_state_clear (&after);
  return ok;
}

AuraEntity *
aura_store_add_entity (AuraStore *self,
                       gint64 investigation_id,
                       AuraEntityType type,
                       const char *value,
                       const char *attributes_json,
                       double confidence,
                       const AuraProvenance *provenance,
                       gboolean *out_created,
                       GError **error)
{
  AuraEntity *entity = NULL;
  gboolean ok;

  g_return_val_if_fail (AURA_IS_STORE (self), NULL);
  g_return_val_if_fail (type >= 0 && type < AURA_ENTITY_N_TYPES, NULL);
  g_return_val_if_fail (value != NULL, NULL);

  if (!check_confidence (confidence, error) || !check_attributes (attributes_json, error))
    return NULL;
  if (!aura_store_change_begin (self, error))
    return NULL;
  /* Inside a batch the caller vouches for the investigation (the foreign
   * key still refuses a missing one); the check costs a query per row. */
  ok = (self->in_batch || aura_store_check_live_investigation (self, investigation_id, error)) &&
       aura_store_upsert_entity (self, investigation_id, type, value, attributes_json, confidence,
                                 provenance, out_created, NULL, NULL, &entity, error);
  if (!aura_store_change_end (self, ok, error))
    g_clear_object (&entity);
  return entity;
}

gboolean
aura_store_delete_entity (AuraStore *self, gint64 id, GError **error)
{
  g_autoptr (AuraEntity) before = NULL;
  g_autofree char *canon = NULL;
  g_autofree char *details = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (AURA_IS_STORE (self), FALSE);

  if (!aura_store_change_begin (self, error))
    return FALSE;
  before = aura_store_load_entity (self, id, error);
  ok = before != NULL &&
       (stmt = aura_store_prepare (self, "DELETE FROM entities WHERE id = ?", error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      ok = aura_store_step_done (self, stmt, error);
    }
  if (ok)
    {
      canon = aura_entity_dup_canonical (before);
      details = aura_store_details ("type", aura_entity_get_type_name (before), "value",
                                    aura_entity_get_value (before), NULL);
      ok =
          aura_store_audit (self, "entity.delete", "entity", id,
                            aura_entity_get_investigation_id (before), canon, NULL, details, error);
    }
  return aura_store_change_end (self, ok, error);
}

/* ---- Relations ---------------------------------------------------------- */

static gboolean
check_relation_ends (
    AuraStore *self, gint64 investigation_id, gint64 source_id, gint64 target_id, GError **error)
{
  sqlite3_stmt *stmt;
  gint64 n = 0;
  int rc;

  /* The unary + keeps the planner on the primary key: with every row in
   * one investigation an index on investigation_id is a full scan. */
  stmt = aura_store_prepare (self,
                             "SELECT count(*) FROM entities WHERE id IN (?1, ?2) "
                             "AND +investigation_id = ?3",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, source_id);
  sqlite3_bind_int64 (stmt, 2, target_id);
  sqlite3_bind_int64 (stmt, 3, investigation_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      aura_store_set_sqlite_error (self->db, rc, self->path, error);
      return FALSE;
    }
  if (n != (source_id == target_id ? 1 : 2))
    {
      g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_NOT_FOUND,
                   _ ("A relation needs both entities (%lld and %lld) in investigation %lld"),
                   (long long)source_id, (long long)target_id, (long long)investigation_id);
      return FALSE;
    }
  return TRUE;
}

static char *
relation_canonical (gint64 investigation_id,
                    gint64 source_id,
                    gint64 target_id,
                    const char *type,
                    const RowState *state)
{
  GString *out = g_string_new ("relation;");

  aura_canon_append_int (out, state->id);
  aura_canon_append_int (out, investigation_id);
  aura_canon_append_int (out, source_id);
  aura_canon_append_int (out, target_id);
  aura_canon_append_string (out, type);
  aura_canon_append_string (out, state->attributes);
  aura_canon_append_double (out, state->confidence);
  aura_canon_append_int (out, state->first_seen);
  aura_canon_append_int (out, state->last_seen);
  return g_string_free (out, FALSE);
}

static gboolean
upsert_relation_row (AuraStore *self,
                     gint64 investigation_id,
                     gint64 source_id,
                     gint64 target_id,
                     const char *relation_type,
                     const char *attributes_json,
                     double confidence,
                     RowState *before,
                     RowState *after,
                     GError **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = aura_store_prepare (self,
                             "SELECT id, attributes, confidence, first_seen, last_seen "
                             "FROM relations WHERE investigation_id = ? AND source_id = ? "
                             "AND target_id = ? AND type = ?",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, investigation_id);
  sqlite3_bind_int64 (stmt, 2, source_id);
  sqlite3_bind_int64 (stmt, 3, target_id);
  sqlite3_bind_text (stmt, 4, relation_type, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      before->id = sqlite3_column_int64 (stmt, 0);
      before->attributes = aura_stmt_dup_text (stmt, 1);
      before->confidence = sqlite3_column_double (stmt, 2);
      before->first_seen = sqlite3_column_int64 (stmt, 3);
      before->last_seen = sqlite3_column_int64 (stmt, 4);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      aura_store_set_sqlite_error (self->db, rc, self->path, error);
      return FALSE;
    }
  stmt = aura_store_prepare (
      self,
      "INSERT INTO relations (investigation_id, source_id, target_id, type, attributes, "
      "confidence, first_seen, last_seen) VALUES (?1, ?2, ?3, ?4, "
      "json_patch ('{}', coalesce (?5, '{}')), ?6, ?7, ?7) "
      "ON CONFLICT (investigation_id, source_id, target_id, type) DO UPDATE SET "
      "attributes = json_patch (attributes, excluded.attributes), "
      "confidence = max (confidence, excluded.confidence), "
      "last_seen = max (last_seen, excluded.last_seen) "
      "RETURNING id, attributes, confidence, first_seen, last_seen",
      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, investigation_id);
  sqlite3_bind_int64 (stmt, 2, source_id);
  sqlite3_bind_int64 (stmt, 3, target_id);
  sqlite3_bind_text (stmt, 4, relation_type, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, attributes_json, -1, SQLITE_STATIC);
  sqlite3_bind_double (stmt, 6, confidence);
  sqlite3_bind_int64 (stmt, 7, aura_store_now ());
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      after->id = sqlite3_column_int64 (stmt, 0);
      after->attributes = aura_stmt_dup_text (stmt, 1);
      after->confidence = sqlite3_column_double (stmt, 2);
      after->first_seen = sqlite3_column_int64 (stmt, 3);
      after->last_seen = sqlite3_column_int64 (stmt, 4);
      rc = sqlite3_step (stmt);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      aura_store_set_sqlite_error (self->db, rc, self->path, error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_relation_type (const char *relation_type, GError **error)
{
  if (relation_type != NULL && *relation_type != '\0' &&
      g_utf8_validate (relation_type, -1, NULL) && strlen (relation_type) <= 100)
    return TRUE;
  g_set_error_literal (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID,
                       _ ("A relation needs a type such as “has_account” (at most 100 bytes)"));
  return FALSE;
}

AuraRelation *
aura_store_add_relation (AuraStore *self,
                         gint64 investigation_id,
                         gint64 source_id,
                         gint64 target_id,
                         const char *relation_type,
                         const char *attributes_json,
                         double confidence,
                         const AuraProvenance *provenance,
                         GError **error)
{
  g_autofree char *before_canon = NULL;
  g_autofree char *after_canon = NULL;
  g_autofree char *details = NULL;
  RowState before = { 0 }, after = { 0 };
  AuraRelation *relation = NULL;
  gboolean ok;

  g_return_val_if_fail (AURA_IS_STORE (self), NULL);

  if (!check_relation_type (relation_type, error) || !check_confidence (confidence, error) ||
      !check_attributes (attributes_json, error) || !aura_store_change_begin (self, error))
    return NULL;
  ok = check_relation_ends (self, investigation_id, source_id, target_id, error) &&
       upsert_relation_row (self, investigation_id, source_id, target_id, relation_type,
                            attributes_json, confidence, &before, &after, error) &&
       append_provenance (self, investigation_id, 0, after.id, provenance, NULL, error);
  if (ok)
    {
      if (before.id != 0)
        before_canon =
            relation_canonical (investigation_id, source_id, target_id, relation_type, &before);
      after_canon =
          relation_canonical (investigation_id, source_id, target_id, relation_type, &after);
      if (!self->in_batch)
        details = aura_store_details ("type", relation_type, NULL);
      ok = aura_store_audit (self, "relation.add", "relation", after.id, investigation_id,
                             before_canon, after_canon, details, error);
    }
  if (aura_store_change_end (self, ok, error))
    relation =
        aura_relation_new (after.id, investigation_id, source_id, target_id, relation_type,
                           after.attributes, after.confidence, after.first_seen, after.last_seen);
  row_state_clear (&before);
  row_state_clear (&after);
  return relation;
}
