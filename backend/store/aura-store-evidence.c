/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-store"
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "aura-store-private.h"

/* Evidence (the evidence table of migration 1): what a tool saw, kept as it
 * was when it saw it. Inline evidence keeps its values in the metadata
 * object, hashed so that a later edit shows; a profile's counts captured at
 * each visit are the snapshots its growth is plotted from. */

void
aura_evidence_record_free (AuraEvidenceRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->kind);
  g_free (record->url);
  g_free (record->sha256);
  g_free (record->mime_type);
  g_free (record->storage_path);
  g_free (record->metadata);
  g_free (record);
}

#define MAX_KIND_LENGTH 64
#define MAX_METADATA_LENGTH (4 * 1024 * 1024)

static gboolean
check_kind (const char *kind, GError **error)
{
  gsize len = kind != NULL ? strlen (kind) : 0;

  if (len == 0 || len > MAX_KIND_LENGTH)
    goto invalid;
  for (const char *p = kind; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_' && *p != '.')
      goto invalid;
  return TRUE;

invalid:
  g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID,
               _ ("An evidence kind is 1 to %d lower-case letters, digits, dots or underscores"),
               MAX_KIND_LENGTH);
  return FALSE;
}

/* Parses @metadata_json, which must be a JSON object, and returns it in
 * canonical compact form. */
static char *
canonical_metadata (const char *metadata_json, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (JsonGenerator) generator = NULL;
  g_autoptr (GError) local_error = NULL;
  JsonNode *root;

  if (metadata_json == NULL)
    return g_strdup ("{}");
  if (strlen (metadata_json) > MAX_METADATA_LENGTH)
    {
      g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID,
                   _ ("The evidence’s details are larger than %d MiB"),
                   MAX_METADATA_LENGTH / (1024 * 1024));
      return NULL;
    }
  if (!json_parser_load_from_data (parser, metadata_json, -1, &local_error))
    {
      g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID,
                   _ ("The evidence’s details are not valid JSON: %s"), local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID,
                           _ ("The evidence’s details must be a JSON object"));
      return NULL;
    }
  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* The entity, when given, must belong to the investigation; the scan too. */
static gboolean
check_owner (AuraStore *self, const char *sql, gint64 id, gint64 investigation_id, GError **error)
{
  sqlite3_stmt *stmt;
  int rc;
  gboolean ok;

  if (id == 0)
    return TRUE;
  stmt = aura_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  ok = rc == SQLITE_ROW && sqlite3_column_int64 (stmt, 0) == investigation_id;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      aura_store_set_sqlite_error (self->db, rc, self->path, error);
      return FALSE;
    }
  if (!ok)
    g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_NOT_FOUND,
                 _ ("Record %lld does not belong to investigation %lld"), (long long)id,
                 (long long)investigation_id);
  return ok;
}

static gint64
insert_evidence (AuraStore *self,
                 gint64 investigation_id,
                 gint64 entity_id,
                 gint64 scan_id,
                 const char *kind,
                 const char *url,
                 const char *metadata,
                 const char *digest,
                 gint64 captured_at,
                 GError **error)
{
  sqlite3_stmt *stmt;

  stmt = aura_store_prepare (self,
                             "INSERT INTO evidence (investigation_id, entity_id, scan_id, kind, "
                             "url, sha256, metadata, captured_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                             error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, investigation_id);
  if (entity_id != 0)
    sqlite3_bind_int64 (stmt, 2, entity_id);
  else
    sqlite3_bind_null (stmt, 2);
  if (scan_id != 0)
    sqlite3_bind_int64 (stmt, 3, scan_id);
  else
    sqlite3_bind_null (stmt, 3);
  sqlite3_bind_text (stmt, 4, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, url, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, digest, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, metadata, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, captured_at);
  if (!aura_store_step_done (self, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (self->db);
}

/**
 * aura_store_add_evidence:
 * @entity_id: the entity it is about, 0 for none
 * @scan_id: the scan that captured it, 0 for none
 * @kind: lower-case letters, digits, dots and underscores
 * @url: (nullable): where it was captured
 * @metadata_json: (nullable): a JSON object with the captured values
 * @captured_at: Unix seconds; 0 for now
 *
 * Keeps one piece of inline evidence, with the SHA-256 of its canonical
 * metadata and an "evidence.add" audit row.
 *
 * Returns: the new row's id, 0 on error.
 */
gint64
aura_store_add_evidence (AuraStore *self,
                         gint64 investigation_id,
                         gint64 entity_id,
                         gint64 scan_id,
                         const char *kind,
                         const char *url,
                         const char *metadata_json,
                         gint64 captured_at,
                         GError **error)
{
  g_autofree char *metadata = NULL;
  g_autofree char *digest = NULL;
  gint64 id = 0;
  gboolean ok;

  g_return_val_if_fail (AURA_IS_STORE (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!check_kind (kind, error))
    return 0;
  if (url != NULL && !g_utf8_validate (url, -1, NULL))
    {
      g_set_error_literal (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID,
                           _ ("The evidence’s address is not valid UTF-8"));
      return 0;
    }
  metadata = canonical_metadata (metadata_json, error);
  if (metadata == NULL)
    return 0;
  digest = aura_store_sha256 (metadata);
  if (captured_at <= 0)
    captured_at = aura_store_now ();

  if (!aura_store_change_begin (self, error))
    return 0;
  ok = aura_store_check_live_investigation (self, investigation_id, error) &&
       check_owner (self, "SELECT investigation_id FROM entities WHERE id = ?", entity_id,
                    investigation_id, error) &&
       check_owner (self, "SELECT investigation_id FROM osint_scans WHERE id = ?", scan_id,
                    investigation_id, error);
  if (ok)
    {
      id = insert_evidence (self, investigation_id, entity_id, scan_id, kind, url, metadata, digest,
                            captured_at, error);
      ok = id != 0;
    }
  if (ok)
    {
      g_autofree char *details = aura_store_details ("kind", kind, NULL);

      ok = aura_store_audit (self, "evidence.add", "evidence", id, investigation_id, NULL, digest,
                             details, error);
    }
  if (!aura_store_change_end (self, ok, error))
    return 0;
  aura_store_emit_changed (self, investigation_id, "evidence");
  return id;
}

static AuraEvidenceRecord *
read_row (sqlite3_stmt *stmt)
{
  AuraEvidenceRecord *record = g_new0 (AuraEvidenceRecord, 1);

  record->id = sqlite3_column_int64 (stmt, 0);
  record->investigation_id = sqlite3_column_int64 (stmt, 1);
  record->entity_id = sqlite3_column_int64 (stmt, 2);
  record->scan_id = sqlite3_column_int64 (stmt, 3);
  record->kind = g_strdup ((const char *)sqlite3_column_text (stmt, 4));
  record->url = g_strdup ((const char *)sqlite3_column_text (stmt, 5));
  record->sha256 = g_strdup ((const char *)sqlite3_column_text (stmt, 6));
  record->mime_type = g_strdup ((const char *)sqlite3_column_text (stmt, 7));
  record->storage_path = g_strdup ((const char *)sqlite3_column_text (stmt, 8));
  record->encrypted = sqlite3_column_int (stmt, 9) != 0;
  record->metadata = g_strdup ((const char *)sqlite3_column_text (stmt, 10));
  record->captured_at = sqlite3_column_int64 (stmt, 11);
  return record;
}

/**
 * aura_store_list_evidence:
 * @entity_id: only evidence about this entity; 0 for all
 * @kind: (nullable): only this kind
 *
 * Returns: (transfer full) (element-type AuraEvidenceRecord): the
 *   investigation's evidence, oldest capture first; %NULL on error.
 */
GPtrArray *
aura_store_list_evidence (
    AuraStore *self, gint64 investigation_id, gint64 entity_id, const char *kind, GError **error)
{
  g_autoptr (GPtrArray) records = NULL;
  sqlite3_stmt *stmt;
  int rc = SQLITE_DONE;

  g_return_val_if_fail (AURA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  records = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_evidence_record_free);
  g_rec_mutex_lock (&self->lock);
  if (!aura_store_check_live_investigation (self, investigation_id, error))
    goto failed;
  stmt = aura_store_prepare (self,
                             "SELECT id, investigation_id, entity_id, scan_id, kind, url, sha256, "
                             "mime_type, storage_path, encrypted, metadata, captured_at "
                             "FROM evidence WHERE investigation_id = ?1 "
                             "AND (?2 = 0 OR entity_id = ?2) AND (?3 IS NULL OR kind = ?3) "
                             "ORDER BY captured_at, id",
                             error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, investigation_id);
  sqlite3_bind_int64 (stmt, 2, entity_id);
  sqlite3_bind_text (stmt, 3, kind, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (records, read_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      aura_store_set_sqlite_error (self->db, rc, self->path, error);
      goto failed;
    }
  g_rec_mutex_unlock (&self->lock);
  return g_steal_pointer (&records);

failed:
  g_rec_mutex_unlock (&self->lock);
  return NULL;
}
