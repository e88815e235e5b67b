/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-store"
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "aura-records-private.h"
#include "aura-store-private.h"

/* Scans (osint_scans) and what each of their requests concluded
 * (scan_results). */

#define SCAN_COLUMNS                                                                               \
  "id, investigation_id, entity_id, tool, status, params, summary, error, actor, created_at, "     \
  "started_at, finished_at"

#define RESULT_COLUMNS                                                                             \
  "id, scan_id, site, url, method, http_status, latency_ms, bytes, verdict, reason, result, "      \
  "created_at"

/* NULL or a JSON object; @message (translated) says which field is not. */
static gboolean
check_object (const char *json, const char *message, GError **error)
{
  g_autoptr (JsonParser) parser = NULL;
  JsonNode *root;

  if (json == NULL)
    return TRUE;
  parser = json_parser_new_immutable ();
  if (json_parser_load_from_data (parser, json, -1, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    return TRUE;
  g_set_error_literal (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID, message);
  return FALSE;
}

static gboolean
check_verdict (const char *verdict, GError **error)
{
  if (g_strcmp0 (verdict, "found") == 0 || g_strcmp0 (verdict, "not_found") == 0 ||
      g_strcmp0 (verdict, "unknown") == 0 || g_strcmp0 (verdict, "invalid") == 0)
    return TRUE;
  g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID,
               _ ("“%s” is not a verdict: use found, not_found, unknown or invalid"),
               verdict != NULL ? verdict : "");
  return FALSE;
}

static gpointer
scan_from_stmt (sqlite3_stmt *stmt)
{
  AuraScanRecord *scan = g_new0 (AuraScanRecord, 1);

  scan->id = sqlite3_column_int64 (stmt, 0);
  scan->investigation_id = sqlite3_column_int64 (stmt, 1);
  scan->entity_id = sqlite3_column_int64 (stmt, 2);
  scan->tool = aura_stmt_dup_text (stmt, 3);
  scan->status = aura_stmt_dup_text (stmt, 4);
  scan->params = aura_stmt_dup_text (stmt, 5);
  scan->summary = aura_stmt_dup_text (stmt, 6);
  scan->error = aura_stmt_dup_text (stmt, 7);
  scan->actor = aura_stmt_dup_text (stmt, 8);
  scan->created_at = sqlite3_column_int64 (stmt, 9);
  scan->started_at = sqlite3_column_int64 (stmt, 10);
  scan->finished_at = sqlite3_column_int64 (stmt, 11);
  return scan;
}

static AuraScanResultRecord *
result_from_stmt (sqlite3_stmt *stmt)
{
  AuraScanResultRecord *result = g_new0 (AuraScanResultRecord, 1);

  result->id = sqlite3_column_int64 (stmt, 0);
  result->scan_id = sqlite3_column_int64 (stmt, 1);
  result->site = aura_stmt_dup_text (stmt, 2);
  result->url = aura_stmt_dup_text (stmt, 3);
  result->method = aura_stmt_dup_text (stmt, 4);
  result->http_status = (guint)sqlite3_column_int (stmt, 5);
  result->latency_ms = sqlite3_column_int64 (stmt, 6);
  result->bytes = sqlite3_column_int64 (stmt, 7);
  result->verdict = aura_stmt_dup_text (stmt, 8);
  result->reason = aura_stmt_dup_text (stmt, 9);
  result->result = aura_stmt_dup_text (stmt, 10);
  result->created_at = sqlite3_column_int64 (stmt, 11);
  return result;
}

/* The scan's row, with the lock held; NULL with NOT_FOUND. */
static AuraScanRecord *
load_scan (AuraStore *self, gint64 scan_id, GError **error)
{
  AuraScanRecord *scan = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = aura_store_prepare (self, "SELECT " SCAN_COLUMNS " FROM osint_scans WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, scan_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    scan = scan_from_stmt (stmt);
  else if (rc == SQLITE_DONE)
    aura_store_set_not_found (error, _ ("There is no scan with id %lld"), scan_id);
  else
    aura_store_set_sqlite_error (self->db, rc, self->path, error);
  sqlite3_reset (stmt);
  return scan;
}

static char *
scan_canonical (const AuraScanRecord *scan)
{
  GString *out = g_string_new ("scan;");

  aura_canon_append_int (out, scan->id);
  aura_canon_append_int (out, scan->investigation_id);
  aura_canon_append_int (out, scan->entity_id);
  aura_canon_append_string (out, scan->tool);
  aura_canon_append_string (out, scan->status);
  aura_canon_append_string (out, scan->params);
  aura_canon_append_string (out, scan->summary);
  aura_canon_append_string (out, scan->error);
  return g_string_free (out, FALSE);
}

gint64
aura_store_begin_scan (AuraStore *self,
                       gint64 investigation_id,
                       gint64 entity_id,
                       const char *tool,
                       const char *params_json,
                       GError **error)
{
  g_autoptr (AuraScanRecord) scan = NULL;
  g_autofree char *canon = NULL;
  g_autofree char *details = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 id = 0;
  gboolean ok;

  g_return_val_if_fail (AURA_IS_STORE (self), 0);
  g_return_val_if_fail (tool != NULL && *tool != '\0', 0);

  if (!check_object (params_json, _ ("The scan’s parameters must be a JSON object"), error) ||
      !aura_store_change_begin (self, error))
    return 0;
  ok = aura_store_check_live_investigation (self, investigation_id, error);
  if (ok && entity_id != 0)
    {
      g_autoptr (AuraEntity) entity = aura_store_load_entity (self, entity_id, error);

      ok = entity != NULL;
      if (ok && aura_entity_get_investigation_id (entity) != investigation_id)
        {
          g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID,
                       _ ("Entity %lld is not in investigation %lld"), (long long)entity_id,
                       (long long)investigation_id);
          ok = FALSE;
        }
    }
  if (ok)
    ok = (stmt = aura_store_prepare (
              self,
              "INSERT INTO osint_scans (investigation_id, entity_id, tool, status, params, "
              "actor, created_at, started_at) VALUES (?1, ?2, ?3, 'running', "
              "coalesce (?4, '{}'), ?5, ?6, ?6)",
              error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, investigation_id);
      if (entity_id != 0)
        sqlite3_bind_int64 (stmt, 2, entity_id);
      sqlite3_bind_text (stmt, 3, tool, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, params_json, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, self->actor, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 6, aura_store_now ());
      ok = aura_store_step_done (self, stmt, error);
    }
  if (ok)
    {
      id = sqlite3_last_insert_rowid (self->db);
      ok = (scan = load_scan (self, id, error)) != NULL;
    }
  if (ok)
    {
      canon = scan_canonical (scan);
      details = aura_store_details ("tool", tool, NULL);
      ok = aura_store_audit (self, "scan.begin", "scan", id, investigation_id, NULL, canon, details,
                             error);
    }
  if (!aura_store_change_end (self, ok, error))
    return 0;
  return id;
}

static gboolean
insert_result (AuraStore *self,
               const AuraScanRecord *scan,
               const AuraScanResultRecord *result,
               gint64 now,
               GString *digest_text,
               GError **error)
{
  sqlite3_stmt *stmt;

  if (!check_verdict (result->verdict, error) ||
      !check_object (result->result, _ ("A scan result’s details must be a JSON object"), error))
    return FALSE;
  stmt = aura_store_prepare (self,
                             "INSERT INTO scan_results (scan_id, investigation_id, site, url, "
                             "method, http_status, latency_ms, bytes, verdict, reason, result, "
                             "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                             "coalesce (?, '{}'), ?)",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, scan->id);
  sqlite3_bind_int64 (stmt, 2, scan->investigation_id);
  sqlite3_bind_text (stmt, 3, result->site, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, result->url, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, result->method, -1, SQLITE_STATIC);
  if (result->http_status != 0)
    sqlite3_bind_int (stmt, 6, (int)result->http_status);
  sqlite3_bind_int64 (stmt, 7, result->latency_ms);
  sqlite3_bind_int64 (stmt, 8, result->bytes);
  sqlite3_bind_text (stmt, 9, result->verdict, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, result->reason, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 11, result->result, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 12, now);
  if (!aura_store_step_done (self, stmt, error))
    return FALSE;
  g_string_append (digest_text, "result;");
  aura_canon_append_int (digest_text, sqlite3_last_insert_rowid (self->db));
  aura_canon_append_string (digest_text, result->site);
  aura_canon_append_string (digest_text, result->url);
  aura_canon_append_int (digest_text, result->http_status);
  aura_canon_append_string (digest_text, result->verdict);
  aura_canon_append_string (digest_text, result->reason);
  aura_canon_append_string (digest_text, result->result);
  return TRUE;
}

gboolean
aura_store_add_scan_results (AuraStore *self,
                             gint64 scan_id,
                             const AuraScanResultRecord *const *results,
                             guint n_results,
                             GError **error)
{
  g_autoptr (AuraScanRecord) scan = NULL;
  g_autoptr (GString) digest_text = g_string_new (NULL);
  g_autofree char *details = NULL;
  g_autofree char *count = NULL;
  gint64 now = aura_store_now ();
  gboolean ok;

  g_return_val_if_fail (AURA_IS_STORE (self), FALSE);
  g_return_val_if_fail (results != NULL || n_results == 0, FALSE);

  if (n_results == 0)
    return TRUE;
  if (!aura_store_change_begin (self, error))
    return FALSE;
  ok = (scan = load_scan (self, scan_id, error)) != NULL;
  if (ok && g_strcmp0 (scan->status, "running") != 0)
    {
      g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID,
                   _ ("Scan %lld has ended; its results can no longer change"), (long long)scan_id);
      ok = FALSE;
    }
  for (guint i = 0; ok && i < n_results; i++)
    ok = insert_result (self, scan, results[i], now, digest_text, error);
  if (ok)
    {
      g_autofree char *digest = aura_store_sha256 (digest_text->str);

      count = g_strdup_printf ("%u", n_results);
      details = aura_store_details ("count", count, NULL);
      ok = aura_store_audit (self, "scan.results", "scan", scan_id, scan->investigation_id, NULL,
                             digest, details, error);
    }
  return aura_store_change_end (self, ok, error);
}

gboolean
aura_store_finish_scan (AuraStore *self,
                        gint64 scan_id,
                        const char *status,
                        const char *summary_json,
                        const char *error_text,
                        GError **error)
{
  g_autoptr (AuraScanRecord) before = NULL;
  g_autoptr (AuraScanRecord) after = NULL;
  g_autofree char *before_canon = NULL;
  g_autofree char *after_canon = NULL;
  g_autofree char *details = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (AURA_IS_STORE (self), FALSE);
  g_return_val_if_fail (status != NULL, FALSE);

  if (g_strcmp0 (status, "done") != 0 && g_strcmp0 (status, "failed") != 0 &&
      g_strcmp0 (status, "cancelled") != 0)
    {
      g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID,
                   _ ("“%s” is not how a scan ends: use done, failed or cancelled"), status);
      return FALSE;
    }
  if (!check_object (summary_json, _ ("The scan’s summary must be a JSON object"), error) ||
      !aura_store_change_begin (self, error))
    return FALSE;
  ok = (before = load_scan (self, scan_id, error)) != NULL;
  if (ok && g_strcmp0 (before->status, "running") != 0 && g_strcmp0 (before->status, "queued") != 0)
    {
      g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID,
                   _ ("Scan %lld has already ended (%s)"), (long long)scan_id, before->status);
      ok = FALSE;
    }
  if (ok)
    ok = (stmt = aura_store_prepare (self,
                                     "UPDATE osint_scans SET status = ?, summary = "
                                     "coalesce (?, summary), error = ?, finished_at = ? "
                                     "WHERE id = ?",
                                     error)) != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, status, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, summary_json, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, error_text, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, aura_store_now ());
      sqlite3_bind_int64 (stmt, 5, scan_id);
      ok = aura_store_step_done (self, stmt, error) &&
           (after = load_scan (self, scan_id, error)) != NULL;
    }
  if (ok)
    {
      before_canon = scan_canonical (before);
      after_canon = scan_canonical (after);
      details = aura_store_details ("status", status, NULL);
      ok = aura_store_audit (self, "scan.finish", "scan", scan_id, before->investigation_id,
                             before_canon, after_canon, details, error);
    }
  return aura_store_change_end (self, ok, error);
}

AuraScanRecord *
aura_store_get_scan (AuraStore *self, gint64 scan_id, GError **error)
{
  AuraScanRecord *scan;

  g_return_val_if_fail (AURA_IS_STORE (self), NULL);

  g_rec_mutex_lock (&self->lock);
  scan = load_scan (self, scan_id, error);
  g_rec_mutex_unlock (&self->lock);
  return scan;
}

GPtrArray *
aura_store_list_scans (AuraStore *self, gint64 investigation_id, GError **error)
{
  g_return_val_if_fail (AURA_IS_STORE (self), NULL);

  return aura_store_list_by_id (self,
                                "SELECT " SCAN_COLUMNS " FROM osint_scans "
                                "WHERE investigation_id = ?1 ORDER BY created_at DESC, id DESC",
                                investigation_id, scan_from_stmt,
                                (GDestroyNotify)aura_scan_record_free, error);
}

GPtrArray *
aura_store_list_scan_results (
    AuraStore *self, gint64 scan_id, const char *verdict, guint limit, GError **error)
{
  g_autoptr (GPtrArray) results =
      g_ptr_array_new_with_free_func ((GDestroyNotify)aura_scan_result_record_free);
  sqlite3_stmt *stmt;
  int rc = SQLITE_DONE;

  g_return_val_if_fail (AURA_IS_STORE (self), NULL);

  g_rec_mutex_lock (&self->lock);
  stmt = aura_store_prepare (self,
                             "SELECT " RESULT_COLUMNS " FROM scan_results WHERE scan_id = ?1 "
                             "AND (?2 IS NULL OR verdict = ?2) ORDER BY id LIMIT ?3",
                             error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, scan_id);
      sqlite3_bind_text (stmt, 2, verdict, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, limit > 0 ? (gint64)limit : -1);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (results, result_from_stmt (stmt));
      if (rc != SQLITE_DONE)
        aura_store_set_sqlite_error (self->db, rc, self->path, error);
      sqlite3_reset (stmt);
    }
  g_rec_mutex_unlock (&self->lock);
  if (stmt == NULL || rc != SQLITE_DONE)
    return NULL;
  return g_steal_pointer (&results);
}
