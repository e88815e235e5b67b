/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-store"
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "aura-store-private.h"

/* The hash-chained audit log. README.md documents the encoding; in short,
 * each row's hash is the SHA-256 of
 *
 *   "aura-audit-v1;" id at actor action object_type object_id
 *   investigation_id before_digest after_digest details prev_hash
 *
 * with every field length-prefixed ("<bytes>:<text>", NULL as "~",
 * integers as decimal text), and prev_hash the previous row's hash (64
 * zeros for the first row). */

#define GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"

typedef struct
{
  gint64 id;
  gint64 at;
  const char *actor;
  const char *action;
  const char *object_type;
  gint64 object_id;
  gint64 investigation_id;
  const char *before_digest;
  const char *after_digest;
  const char *details;
  const char *prev_hash;
} AuditRow;

static char *
audit_row_hash (const AuditRow *row)
{
  g_autoptr (GString) canon = g_string_new ("aura-audit-v1;");

  aura_canon_append_int (canon, row->id);
  aura_canon_append_int (canon, row->at);
  aura_canon_append_string (canon, row->actor);
  aura_canon_append_string (canon, row->action);
  aura_canon_append_string (canon, row->object_type);
  aura_canon_append_int (canon, row->object_id);
  if (row->investigation_id != 0)
    aura_canon_append_int (canon, row->investigation_id);
  else
    aura_canon_append_string (canon, NULL);
  aura_canon_append_string (canon, row->before_digest);
  aura_canon_append_string (canon, row->after_digest);
  aura_canon_append_string (canon, row->details);
  aura_canon_append_string (canon, row->prev_hash);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)canon->str, canon->len);
}

char *
aura_store_details (const char *first_key, ...)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  va_list args;

  json_builder_begin_object (builder);
  va_start (args, first_key);
  for (const char *key = first_key; key != NULL; key = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);
      json_builder_set_member_name (builder, key);
      if (value != NULL)
        json_builder_add_string_value (builder, value);
      else
        json_builder_add_null_value (builder);
    }
  va_end (args);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

gboolean
aura_store_audit_append (AuraStore *self,
                         const char *action,
                         const char *object_type,
                         gint64 object_id,
                         gint64 investigation_id,
                         const char *before_digest,
                         const char *after_digest,
                         const char *details,
                         GError **error)
{
  g_autofree char *prev_hash = NULL;
  g_autofree char *hash = NULL;
  AuditRow row = { 0 };
  sqlite3_stmt *stmt;
  int rc;

  stmt =
      aura_store_prepare (self, "SELECT id, hash FROM audit_logs ORDER BY id DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      row.id = sqlite3_column_int64 (stmt, 0) + 1;
      prev_hash = aura_stmt_dup_text (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      aura_store_set_sqlite_error (self->db, rc, self->path, error);
      return FALSE;
    }
  if (prev_hash == NULL)
    {
      row.id = 1;
      prev_hash = g_strdup (GENESIS_HASH);
    }
  row.at = g_get_real_time ();
  row.actor = self->actor;
  row.action = action;
  row.object_type = object_type;
  row.object_id = object_id;
  row.investigation_id = investigation_id;
  row.before_digest = before_digest;
  row.after_digest = after_digest;
  row.details = details != NULL ? details : "{}";
  row.prev_hash = prev_hash;
  hash = audit_row_hash (&row);

  stmt = aura_store_prepare (self,
                             "INSERT INTO audit_logs (id, at, actor, action, object_type, "
                             "object_id, investigation_id, before_digest, after_digest, details, "
                             "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row.id);
  sqlite3_bind_int64 (stmt, 2, row.at);
  sqlite3_bind_text (stmt, 3, row.actor, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, object_type, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, object_id);
  if (investigation_id != 0)
    sqlite3_bind_int64 (stmt, 7, investigation_id);
  sqlite3_bind_text (stmt, 8, before_digest, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, after_digest, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, row.details, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 11, prev_hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 12, hash, -1, SQLITE_STATIC);
  return aura_store_step_done (self, stmt, error);
}

gboolean
aura_store_audit (AuraStore *self,
                  const char *action,
                  const char *object_type,
                  gint64 object_id,
                  gint64 investigation_id,
                  const char *before_canonical,
                  const char *after_canonical,
                  const char *details,
                  GError **error)
{
  g_autofree char *before_digest = NULL;
  g_autofree char *after_digest = NULL;

  if (self->in_batch)
    {
      /* A batch hashes the canonical texts themselves, in order: one
       * running SHA-256 instead of a row per change. */
      g_autoptr (GString) change = g_string_new (NULL);
      gpointer count = g_hash_table_lookup (self->batch_counts, action);

      aura_canon_append_string (change, action);
      aura_canon_append_string (change, object_type);
      aura_canon_append_int (change, object_id);
      aura_canon_append_int (change, investigation_id);
      aura_canon_append_string (change, before_canonical);
      aura_canon_append_string (change, after_canonical);
      aura_canon_append_string (change, details);
      g_checksum_update (self->batch_checksum, (const guchar *)change->str, change->len);
      g_hash_table_replace (self->batch_counts, g_strdup (action),
                            GINT_TO_POINTER (GPOINTER_TO_INT (count) + 1));
      if (self->batch_investigation_id == -1)
        self->batch_investigation_id = investigation_id;
      else if (self->batch_investigation_id != investigation_id)
        self->batch_investigation_id = 0;
      self->batch_changes++;
      return TRUE;
    }

  before_digest = aura_store_sha256 (before_canonical);
  after_digest = aura_store_sha256 (after_canonical);
  if (!aura_store_audit_append (self, action, object_type, object_id, investigation_id,
                                before_digest, after_digest, details, error))
    return FALSE;
  g_free (self->pending_action);
  self->pending_action = g_strdup (action);
  self->pending_investigation_id = investigation_id;
  return TRUE;
}

GPtrArray *
aura_store_list_audit (AuraStore *self, gint64 investigation_id, guint limit, GError **error)
{
  g_autoptr (GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc = SQLITE_DONE;

  g_return_val_if_fail (AURA_IS_STORE (self), NULL);

  g_rec_mutex_lock (&self->lock);
  stmt = aura_store_prepare (self,
                             "SELECT " AURA_AUDIT_COLUMNS " FROM audit_logs a "
                             "WHERE (?1 = 0 OR a.investigation_id = ?1) "
                             "ORDER BY a.id DESC LIMIT ?2",
                             error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, investigation_id);
      sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64)limit : -1);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (entries, aura_audit_entry_new_from_stmt (stmt));
      if (rc != SQLITE_DONE)
        aura_store_set_sqlite_error (self->db, rc, self->path, error);
      sqlite3_reset (stmt);
    }
  g_rec_mutex_unlock (&self->lock);
  if (stmt == NULL || rc != SQLITE_DONE)
    return NULL;
  return g_steal_pointer (&entries);
}

/* Checks one row against the chain; returns FALSE when it is broken. */
static gboolean
verify_row (sqlite3_stmt *stmt, const char *expected_prev, gint64 expected_min_id)
{
  g_autofree char *hash = NULL;
  AuditRow row;

  row.id = sqlite3_column_int64 (stmt, 0);
  row.at = sqlite3_column_int64 (stmt, 1);
  row.actor = (const char *)sqlite3_column_text (stmt, 2);
  row.action = (const char *)sqlite3_column_text (stmt, 3);
  row.object_type = (const char *)sqlite3_column_text (stmt, 4);
  row.object_id = sqlite3_column_int64 (stmt, 5);
  row.investigation_id = sqlite3_column_int64 (stmt, 6);
  row.before_digest = (const char *)sqlite3_column_text (stmt, 7);
  row.after_digest = (const char *)sqlite3_column_text (stmt, 8);
  row.details = (const char *)sqlite3_column_text (stmt, 9);
  row.prev_hash = (const char *)sqlite3_column_text (stmt, 10);
  if (row.id < expected_min_id || g_strcmp0 (row.prev_hash, expected_prev) != 0)
    return FALSE;
  hash = audit_row_hash (&row);
  return g_strcmp0 (hash, (const char *)sqlite3_column_text (stmt, 11)) == 0;
}

gboolean
aura_store_verify_audit (AuraStore *self,
                         gint64 *out_n_checked,
                         gint64 *out_first_bad_id,
                         GError **error)
{
  g_autofree char *expected_prev = g_strdup (GENESIS_HASH);
  sqlite3_stmt *stmt = NULL;
  gint64 n_checked = 0, bad_id = 0, last_id = 0;
  int rc;

  g_return_val_if_fail (AURA_IS_STORE (self), FALSE);

  g_rec_mutex_lock (&self->lock);
  rc = sqlite3_prepare_v2 (
      self->db, "SELECT " AURA_AUDIT_COLUMNS " FROM audit_logs a ORDER BY a.id", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        n_checked++;
        if (!verify_row (stmt, expected_prev, last_id + 1))
          {
            bad_id = sqlite3_column_int64 (stmt, 0);
            rc = SQLITE_DONE;
            break;
          }
        last_id = sqlite3_column_int64 (stmt, 0);
        g_free (expected_prev);
        expected_prev = aura_stmt_dup_text (stmt, 11);
      }
  if (rc != SQLITE_DONE)
    aura_store_set_sqlite_error (self->db, rc, self->path, error);
  sqlite3_finalize (stmt);
  g_rec_mutex_unlock (&self->lock);

  if (out_n_checked != NULL)
    *out_n_checked = n_checked;
  if (out_first_bad_id != NULL)
    *out_first_bad_id = bad_id;
  if (rc != SQLITE_DONE)
    return FALSE;
  if (bad_id != 0)
    {
      g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_CORRUPT,
                   _ ("The audit log of “%s” was tampered with: row %lld does not match the "
                      "chain (edited, removed or reordered rows)"),
                   self->path, (long long)bad_id);
      return FALSE;
    }
  return TRUE;
}
