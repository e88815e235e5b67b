/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-store"
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

#include "aura-store-private.h"

/* Opening, migrations, transactions, batches, settings and the "changed"
 * signal. The repositories live in aura-store-investigations.c,
 * aura-store-entities.c, aura-store-query.c, aura-store-audit.c and
 * aura-store-export.c. */

G_DEFINE_QUARK (aura - store - error - quark, aura_store_error)

G_DEFINE_FINAL_TYPE (AuraStore, aura_store, G_TYPE_OBJECT)

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
aura_store_finalize (GObject *object)
{
  AuraStore *self = AURA_STORE (object);

  if (self->in_batch)
    {
      g_critical ("AuraStore finalized inside a batch; rolling it back");
      aura_store_batch_rollback (self);
    }
  g_clear_pointer (&self->stmts, g_hash_table_unref);
  g_clear_pointer (&self->dynamic_stmts, g_hash_table_unref);
  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->reader, sqlite3_close);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->path);
  g_free (self->actor);
  g_free (self->pending_action);
  g_rec_mutex_clear (&self->lock);
  g_mutex_clear (&self->reader_lock);

  G_OBJECT_CLASS (aura_store_parent_class)->finalize (object);
}

static void
aura_store_class_init (AuraStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = aura_store_finalize;

  /**
   * AuraStore::changed:
   * @investigation_id: the investigation changed, 0 for none
   * @what: the audit action of the change
   */
  signals[SIGNAL_CHANGED] =
      g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                    G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);
}

static void
finalize_stmt (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
aura_store_init (AuraStore *self)
{
  g_rec_mutex_init (&self->lock);
  g_mutex_init (&self->reader_lock);
  self->stmts = g_hash_table_new_full (NULL, NULL, NULL, finalize_stmt);
  self->dynamic_stmts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_stmt);
  self->actor = g_strdup (g_get_user_name ());
  self->busy_timeout_ms = 5000;
}

/* ---- Errors and statements --------------------------------------------- */

void
aura_store_set_sqlite_error (sqlite3 *db, int rc, const char *what, GError **error)
{
  const char *message = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);
  int code;

  switch (rc & 0xff)
    {
      case SQLITE_CORRUPT:
      case SQLITE_NOTADB:
        g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_CORRUPT,
                     _ ("%s: the database is damaged or is not an Aura database (%s)"), what,
                     message);
        return;
      case SQLITE_BUSY:
      case SQLITE_LOCKED:
        g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_BUSY,
                     _ ("%s: another program kept the database busy; nothing was changed, try "
                        "again (%s)"),
                     what, message);
        return;
      case SQLITE_FULL:
        g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_FULL,
                     _ ("%s: the disk is full; the change was rolled back and earlier data is "
                        "intact (%s)"),
                     what, message);
        return;
      case SQLITE_READONLY:
      case SQLITE_PERM:
      case SQLITE_AUTH:
        code = AURA_STORE_ERROR_READONLY;
        break;
      case SQLITE_CANTOPEN:
      case SQLITE_IOERR:
      case SQLITE_NOLFS:
        code = AURA_STORE_ERROR_IO;
        break;
      case SQLITE_CONSTRAINT:
      case SQLITE_MISMATCH:
      case SQLITE_TOOBIG:
      case SQLITE_RANGE:
        code = AURA_STORE_ERROR_INVALID;
        break;
      default:
        code = AURA_STORE_ERROR_FAILED;
        break;
    }
  g_set_error (error, AURA_STORE_ERROR, code, "%s: %s", what, message);
}

gboolean
aura_store_exec (AuraStore *self, const char *sql, GError **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      aura_store_set_sqlite_error (self->db, rc, self->path, error);
      return FALSE;
    }
  return TRUE;
}

static sqlite3_stmt *
prepare_cached (AuraStore *self, GHashTable *cache, const char *sql, char *key, GError **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (cache, sql);
  int rc;

  if (stmt != NULL)
    {
      g_free (key);
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      g_free (key);
      aura_store_set_sqlite_error (self->db, rc, self->path, error);
      return NULL;
    }
  g_hash_table_insert (cache, key != NULL ? key : (char *)sql, stmt);
  return stmt;
}

sqlite3_stmt *
aura_store_prepare (AuraStore *self, const char *sql, GError **error)
{
  /* Keyed by the address of the (static) text: hashing long SQL for every
   * row showed in the ingest profile. */
  return prepare_cached (self, self->stmts, sql, NULL, error);
}

sqlite3_stmt *
aura_store_prepare_dynamic (AuraStore *self, const char *sql, GError **error)
{
  if (g_hash_table_contains (self->dynamic_stmts, sql))
    return prepare_cached (self, self->dynamic_stmts, sql, NULL, error);
  return prepare_cached (self, self->dynamic_stmts, sql, g_strdup (sql), error);
}

gboolean
aura_store_step_done (AuraStore *self, sqlite3_stmt *stmt, GError **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ;
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      aura_store_set_sqlite_error (self->db, rc, self->path, error);
      return FALSE;
    }
  return TRUE;
}

gint64
aura_store_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

char *
aura_store_sha256 (const char *text)
{
  if (text == NULL)
    return NULL;
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

gboolean
aura_store_set_not_found (GError **error, const char *message, gint64 id)
{
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_NOT_FOUND, message, (long long)id);
#pragma GCC diagnostic pop
  return FALSE;
}

/* ---- Opening ------------------------------------------------------------ */

char *
aura_store_get_default_path (void)
{
  const char *env = g_getenv ("AURA_DB");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "aura", "aura.db", NULL);
}

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32)p[0] << 24) | ((guint32)p[1] << 16) | ((guint32)p[2] << 8) | p[3];
}

/* Looks at the file's 100-byte header without SQLite, so that a file that
 * is not a database, or one cut short, is reported before anything opens
 * it, and nothing is ever written to it. */
static gboolean
check_header (const char *path, GError **error)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFileInputStream) in = NULL;
  g_autoptr (GFileInfo) info = NULL;
  g_autofree char *wal = NULL;
  guint8 header[100];
  gsize n_read = 0;
  goffset size;
  guint32 page_size, n_pages;

  in = g_file_read (file, NULL, error);
  if (in == NULL)
    return FALSE;
  info = g_file_input_stream_query_info (in, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, error);
  if (info == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (in), header, sizeof header, &n_read, NULL, error))
    return FALSE;
  size = g_file_info_get_size (info);
  if (size == 0)
    return TRUE;
  if (n_read < sizeof header || memcmp (header, "SQLite format 3", 16) != 0)
    {
      g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_CORRUPT,
                   _ ("“%s” is not an Aura database (it is not an SQLite file at all)"), path);
      return FALSE;
    }
  page_size = ((guint32)header[16] << 8) | header[17];
  if (page_size == 1)
    page_size = 65536;
  n_pages = read_be32 (header + 28);
  wal = g_strconcat (path, "-wal", NULL);
  /* The size in the header is only valid when its "version valid for"
   * matches the change counter; a WAL may hold pages not yet written back. */
  if (read_be32 (header + 92) == read_be32 (header + 24) && n_pages > 0 &&
      (goffset)page_size * n_pages > size && !g_file_test (wal, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_CORRUPT,
                   _ ("The database “%s” is damaged: it was cut short (%lld bytes of %llu)"), path,
                   (long long)size, (unsigned long long)page_size * n_pages);
      return FALSE;
    }
  return TRUE;
}

static gboolean
query_int (sqlite3 *db, const char *sql, int *out_value, const char *what, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *out_value = sqlite3_column_int (stmt, 0);
          rc = SQLITE_OK;
        }
    }
  if (rc != SQLITE_OK)
    aura_store_set_sqlite_error (db, rc, what, error);
  sqlite3_finalize (stmt);
  return rc == SQLITE_OK;
}

/* Reads the schema version of an existing file on a read-only connection;
 * refuses a database newer than this build. */
static gboolean
inspect_existing (const char *path, int *out_version, GError **error)
{
  sqlite3 *db = NULL;
  int n_objects = 0;
  gboolean ok;
  int rc;

  if (!check_header (path, error))
    return FALSE;
  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
  ok = rc == SQLITE_OK;
  if (!ok)
    aura_store_set_sqlite_error (db, rc, path, error);
  ok = ok && query_int (db, "PRAGMA user_version", out_version, path, error) &&
       query_int (db, "SELECT count(*) FROM sqlite_schema", &n_objects, path, error);
  sqlite3_close (db);
  if (ok && *out_version > aura_store_get_code_schema_version ())
    {
      g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_TOO_NEW,
                   _ ("The database “%s” was written by a newer version of Aura (schema %d, this "
                      "build knows %d); it was left untouched"),
                   path, *out_version, aura_store_get_code_schema_version ());
      return FALSE;
    }
  if (ok && *out_version == 0 && n_objects > 0)
    {
      g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_CORRUPT,
                   _ ("“%s” is an SQLite database of another program, not an Aura database"), path);
      return FALSE;
    }
  return ok;
}

static gboolean
apply_migration (AuraStore *self, int version, GError **error)
{
  char *record;
  gboolean ok;

  if (!aura_store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  record = sqlite3_mprintf ("INSERT INTO schema_migrations (version, applied_at, description) "
                            "VALUES (%d, %lld, %Q); PRAGMA user_version = %d",
                            version, (long long)aura_store_now (),
                            aura_store_schema_migration_description (version), version);
  ok = aura_store_exec (self, aura_store_schema_migration_sql (version), error) &&
       aura_store_exec (self, record, error) && aura_store_exec (self, "COMMIT", error);
  sqlite3_free (record);
  if (!ok)
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      g_prefix_error (error, _ ("Could not upgrade the database to schema %d: "), version);
      return FALSE;
    }
  self->schema_version = version;
  g_debug ("%s: migrated to schema %d", self->path, version);
  return TRUE;
}

static gboolean
check_writable (const char *path, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  gboolean exists = g_file_test (path, G_FILE_TEST_EXISTS);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, AURA_STORE_ERROR,
                   saved_errno == EACCES || saved_errno == EROFS ? AURA_STORE_ERROR_READONLY
                                                                 : AURA_STORE_ERROR_IO,
                   _ ("Could not create the folder “%s”: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }
  if (exists ? g_access (path, R_OK | W_OK) != 0 : g_access (dir, W_OK | X_OK) != 0)
    {
      g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_READONLY,
                   _ ("“%s” cannot be written: check the permissions of the file and its folder"),
                   exists ? path : dir);
      return FALSE;
    }
  return TRUE;
}

static gboolean
configure_connection (AuraStore *self, GError **error)
{
  g_autofree char *journal = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  sqlite3_busy_timeout (self->db, (int)self->busy_timeout_ms);
  sqlite3_extended_result_codes (self->db, 1);
  if (self->read_only)
    return aura_store_exec (self, "PRAGMA foreign_keys = ON", error);
  rc = sqlite3_prepare_v2 (self->db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      journal = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_OK)
    {
      aura_store_set_sqlite_error (self->db, rc, self->path, error);
      return FALSE;
    }
  if (g_strcmp0 (journal, "wal") != 0)
    g_warning ("%s: could not switch to WAL (journal mode is %s)", self->path, journal);
  /* A 64 MiB page cache keeps the indexes of a large investigation in
   * memory while a batch writes (the default 2 MiB makes ingest re-read
   * pages from the OS for every row). */
  return aura_store_exec (self,
                          "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"
                          "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536",
                          error);
}

static gboolean
open_connection (AuraStore *self, int existing_version, GError **error)
{
  int flags = self->read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  int rc;

  rc = sqlite3_open_v2 (self->path, &self->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      aura_store_set_sqlite_error (self->db, rc, self->path, error);
      return FALSE;
    }
  if (!self->read_only && sqlite3_db_readonly (self->db, "main") == 1)
    {
      g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_READONLY,
                   _ ("“%s” cannot be written: check the permissions of the file and its folder"),
                   self->path);
      return FALSE;
    }
  if (!configure_connection (self, error))
    return FALSE;
  self->schema_version = existing_version;
  for (int v = existing_version + 1; !self->read_only && v <= aura_store_get_code_schema_version ();
       v++)
    if (!apply_migration (self, v, error))
      return FALSE;
  return TRUE;
}

AuraStore *
aura_store_open (const char *path, AuraStoreOpenFlags flags, GError **error)
{
  g_autoptr (AuraStore) self = NULL;
  int version = 0;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (AURA_TYPE_STORE, NULL);
  self->path = path != NULL ? g_strdup (path) : aura_store_get_default_path ();
  self->read_only = (flags & AURA_STORE_OPEN_READ_ONLY) != 0;
  self->context = g_main_context_ref_thread_default ();
  self->thread = g_thread_self ();

  if (self->read_only && !g_file_test (self->path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_IO, _ ("There is no database at “%s”"),
                   self->path);
      return NULL;
    }
  if (!self->read_only && !check_writable (self->path, error))
    return NULL;
  if (g_file_test (self->path, G_FILE_TEST_EXISTS) &&
      !inspect_existing (self->path, &version, error))
    return NULL;
  if (self->read_only && version != aura_store_get_code_schema_version ())
    {
      g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_READONLY,
                   _ ("The database “%s” needs upgrading (schema %d to %d), which cannot be done "
                      "read-only; open it once for writing"),
                   self->path, version, aura_store_get_code_schema_version ());
      return NULL;
    }
  if (!open_connection (self, version, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
aura_store_get_path (AuraStore *self)
{
  g_return_val_if_fail (AURA_IS_STORE (self), NULL);
  return self->path;
}

int
aura_store_get_schema_version (AuraStore *self)
{
  g_return_val_if_fail (AURA_IS_STORE (self), 0);
  return self->schema_version;
}

int
aura_store_get_code_schema_version (void)
{
  return aura_store_schema_n_migrations ();
}

void
aura_store_set_actor (AuraStore *self, const char *actor)
{
  g_return_if_fail (AURA_IS_STORE (self));
  g_rec_mutex_lock (&self->lock);
  g_free (self->actor);
  self->actor = g_strdup (actor != NULL && *actor != '\0' ? actor : g_get_user_name ());
  g_rec_mutex_unlock (&self->lock);
}

void
aura_store_set_busy_timeout (AuraStore *self, guint timeout_ms)
{
  g_return_if_fail (AURA_IS_STORE (self));
  g_rec_mutex_lock (&self->lock);
  self->busy_timeout_ms = timeout_ms;
  sqlite3_busy_timeout (self->db, (int)MIN (timeout_ms, (guint)G_MAXINT));
  g_rec_mutex_unlock (&self->lock);
  g_mutex_lock (&self->reader_lock);
  if (self->reader != NULL)
    sqlite3_busy_timeout (self->reader, (int)MIN (timeout_ms, (guint)G_MAXINT));
  g_mutex_unlock (&self->reader_lock);
}

static int
integrity_row_cb (void *data, int n_columns, char **values, char **names)
{
  GString *problems = data;

  if (n_columns > 0 && values[0] != NULL && g_strcmp0 (values[0], "ok") != 0 &&
      problems->len < 2000)
    g_string_append_printf (problems, "%s%s", problems->len > 0 ? "; " : "", values[0]);
  return 0;
}

gboolean
aura_store_check_integrity (AuraStore *self, GError **error)
{
  g_autoptr (GString) problems = g_string_new (NULL);
  int rc;

  g_return_val_if_fail (AURA_IS_STORE (self), FALSE);

  g_rec_mutex_lock (&self->lock);
  rc = sqlite3_exec (self->db, "PRAGMA integrity_check(20)", integrity_row_cb, problems, NULL);
  if (rc != SQLITE_OK)
    aura_store_set_sqlite_error (self->db, rc, self->path, error);
  g_rec_mutex_unlock (&self->lock);
  if (rc != SQLITE_OK)
    return FALSE;
  if (problems->len > 0)
    {
      g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_CORRUPT,
                   _ ("The database “%s” is damaged: %s"), self->path, problems->str);
      return FALSE;
    }
  return TRUE;
}

/* ---- Transactions and batches ------------------------------------------ */

static gboolean
check_writable_store (AuraStore *self, GError **error)
{
  if (!self->read_only)
    return TRUE;
  g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_READONLY,
               _ ("The database “%s” was opened read-only"), self->path);
  return FALSE;
}

gboolean
aura_store_change_begin (AuraStore *self, GError **error)
{
  g_rec_mutex_lock (&self->lock);
  if (self->in_batch)
    return TRUE;
  g_clear_pointer (&self->pending_action, g_free);
  self->pending_investigation_id = 0;
  if (!check_writable_store (self, error) || !aura_store_exec (self, "BEGIN IMMEDIATE", error))
    {
      g_rec_mutex_unlock (&self->lock);
      return FALSE;
    }
  return TRUE;
}

gboolean
aura_store_change_end (AuraStore *self, gboolean ok, GError **error)
{
  g_autofree char *action = NULL;
  gint64 investigation_id;

  if (self->in_batch)
    {
      g_rec_mutex_unlock (&self->lock);
      return ok;
    }
  if (ok && !aura_store_exec (self, "COMMIT", error))
    ok = FALSE;
  if (!ok)
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  action = g_steal_pointer (&self->pending_action);
  investigation_id = self->pending_investigation_id;
  g_rec_mutex_unlock (&self->lock);

  if (ok && action != NULL)
    aura_store_emit_changed (self, investigation_id, action);
  return ok;
}

static void
clear_batch (AuraStore *self)
{
  self->in_batch = FALSE;
  g_clear_pointer (&self->batch_description, g_free);
  g_clear_pointer (&self->batch_checksum, g_checksum_free);
  g_clear_pointer (&self->batch_counts, g_hash_table_unref);
  self->batch_changes = 0;
}

gboolean
aura_store_batch_begin (AuraStore *self, const char *description, GError **error)
{
  g_return_val_if_fail (AURA_IS_STORE (self), FALSE);

  g_rec_mutex_lock (&self->lock);
  if (self->in_batch)
    {
      g_set_error_literal (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID,
                           _ ("A batch is already in progress; batches do not nest"));
      g_rec_mutex_unlock (&self->lock);
      return FALSE;
    }
  if (!check_writable_store (self, error) || !aura_store_exec (self, "BEGIN IMMEDIATE", error))
    {
      g_rec_mutex_unlock (&self->lock);
      return FALSE;
    }
  self->in_batch = TRUE;
  self->batch_description = g_strdup (description != NULL ? description : "");
  self->batch_checksum = g_checksum_new (G_CHECKSUM_SHA256);
  self->batch_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->batch_investigation_id = -1;
  self->batch_changes = 0;
  /* The lock stays held until commit or rollback. */
  return TRUE;
}

static char *
batch_details (AuraStore *self)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GList) keys = g_hash_table_get_keys (self->batch_counts);
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, self->batch_description);
  json_builder_set_member_name (builder, "changes");
  json_builder_add_int_value (builder, self->batch_changes);
  json_builder_set_member_name (builder, "actions");
  json_builder_begin_object (builder);
  keys = g_list_sort (keys, (GCompareFunc)g_strcmp0);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      json_builder_set_member_name (builder, l->data);
      json_builder_add_int_value (
          builder, GPOINTER_TO_INT (g_hash_table_lookup (self->batch_counts, l->data)));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

gboolean
aura_store_batch_commit (AuraStore *self, GError **error)
{
  gint64 investigation_id;
  gboolean ok = TRUE;
  guint n_changes;

  g_return_val_if_fail (AURA_IS_STORE (self), FALSE);

  g_rec_mutex_lock (&self->lock);
  if (!self->in_batch)
    {
      g_rec_mutex_unlock (&self->lock);
      g_set_error_literal (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID,
                           _ ("There is no batch in progress to commit"));
      return FALSE;
    }
  n_changes = self->batch_changes;
  investigation_id = MAX (self->batch_investigation_id, 0);
  if (n_changes > 0)
    {
      g_autofree char *details = batch_details (self);
      ok = aura_store_audit_append (self, "batch", "batch", n_changes, investigation_id, NULL,
                                    g_checksum_get_string (self->batch_checksum), details, error);
    }
  ok = ok && aura_store_exec (self, "COMMIT", error);
  if (!ok)
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  clear_batch (self);
  /* Once for this call, once for batch_begin(). */
  g_rec_mutex_unlock (&self->lock);
  g_rec_mutex_unlock (&self->lock);

  if (ok && n_changes > 0)
    aura_store_emit_changed (self, investigation_id, "batch");
  return ok;
}

void
aura_store_batch_rollback (AuraStore *self)
{
  g_return_if_fail (AURA_IS_STORE (self));

  g_rec_mutex_lock (&self->lock);
  if (!self->in_batch)
    {
      g_rec_mutex_unlock (&self->lock);
      return;
    }
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  clear_batch (self);
  g_rec_mutex_unlock (&self->lock);
  g_rec_mutex_unlock (&self->lock);
}

/* ---- The "changed" signal ---------------------------------------------- */

typedef struct
{
  AuraStore *store; /* a strong reference until the signal is emitted */
  gint64 investigation_id;
  char *what;
} Changed;

static void
changed_free (gpointer data)
{
  Changed *changed = data;

  g_object_unref (changed->store);
  g_free (changed->what);
  g_free (changed);
}

static gboolean
emit_changed_cb (gpointer data)
{
  Changed *changed = data;

  g_signal_emit (changed->store, signals[SIGNAL_CHANGED], 0, changed->investigation_id,
                 changed->what);
  return G_SOURCE_REMOVE;
}

void
aura_store_emit_changed (AuraStore *self, gint64 investigation_id, const char *what)
{
  Changed *changed = g_new0 (Changed, 1);

  changed->store = g_object_ref (self);
  changed->investigation_id = investigation_id;
  changed->what = g_strdup (what);
  /* Emitted at once on the thread that opened the store, or one that owns
   * its context. From any other thread it is always queued to that context:
   * g_main_context_invoke() would run it right here when nobody owns the
   * context, and handlers would then run on a worker thread. */
  if (g_thread_self () == self->thread || g_main_context_is_owner (self->context))
    {
      emit_changed_cb (changed);
      changed_free (changed);
    }
  else
    {
      g_autoptr (GSource) source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, emit_changed_cb, changed, changed_free);
      g_source_set_static_name (source, "[aura] store changed");
      g_source_attach (source, self->context);
    }
}

/* ---- Settings ----------------------------------------------------------- */

char *
aura_store_get_setting (AuraStore *self, const char *key, GError **error)
{
  sqlite3_stmt *stmt;
  char *value = NULL;
  int rc;

  g_return_val_if_fail (AURA_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  g_rec_mutex_lock (&self->lock);
  stmt = aura_store_prepare (self, "SELECT value FROM settings WHERE key = ?", error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        value = aura_stmt_dup_text (stmt, 0);
      else if (rc != SQLITE_DONE)
        aura_store_set_sqlite_error (self->db, rc, self->path, error);
      sqlite3_reset (stmt);
    }
  g_rec_mutex_unlock (&self->lock);
  return value;
}

gboolean
aura_store_set_setting (AuraStore *self, const char *key, const char *value, GError **error)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr (GString) canon = g_string_new ("setting;");
  g_autoptr (GError) local_error = NULL;
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (AURA_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (*key == '\0')
    {
      g_set_error_literal (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID,
                           _ ("A setting needs a name"));
      return FALSE;
    }
  if (!aura_store_change_begin (self, error))
    return FALSE;
  before = aura_store_get_setting (self, key, &local_error);
  ok = local_error == NULL;
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));
  if (ok)
    {
      stmt = aura_store_prepare (self,
                                 "INSERT INTO settings (key, value) VALUES (?, ?) "
                                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                 error);
      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
          ok = aura_store_step_done (self, stmt, error);
        }
    }
  if (ok)
    {
      g_autoptr (GString) before_canon = g_string_new ("setting;");
      aura_canon_append_string (canon, key);
      aura_canon_append_string (canon, value);
      aura_canon_append_string (before_canon, key);
      aura_canon_append_string (before_canon, before);
      g_autofree char *details = aura_store_details ("key", key, NULL);
      ok = aura_store_audit (self, "setting.set", "setting", 0, 0,
                             before != NULL ? before_canon->str : NULL, canon->str, details, error);
    }
  return aura_store_change_end (self, ok, error);
}

/* ---- Test hooks --------------------------------------------------------- */

gboolean
aura_store_limit_pages_for_testing (AuraStore *self, guint max_pages, GError **error)
{
  g_autofree char *sql =
      g_strdup_printf ("PRAGMA max_page_count = %u", max_pages > 0 ? max_pages : G_MAXINT32);
  gboolean ok;

  g_rec_mutex_lock (&self->lock);
  ok = aura_store_exec (self, sql, error);
  g_rec_mutex_unlock (&self->lock);
  return ok;
}

guint
aura_store_get_page_count_for_testing (AuraStore *self)
{
  int n = 0;

  g_rec_mutex_lock (&self->lock);
  query_int (self->db, "PRAGMA page_count", &n, self->path, NULL);
  g_rec_mutex_unlock (&self->lock);
  return (guint)n;
}
