/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <sqlite3.h>

#include "aura-records-private.h"
#include "aura-store.h"

G_BEGIN_DECLS

/* Shared by the aura-store*.c files only. */

struct _AuraStore
{
  GObject parent_instance;

  /* Serialises every use of @db; recursive so that public calls can use
   * each other and a batch can be held from begin to commit. */
  GRecMutex lock;
  sqlite3 *db;
  GHashTable *stmts;         /* static SQL text (by address) → sqlite3_stmt */
  GHashTable *dynamic_stmts; /* built SQL text (by content) → sqlite3_stmt */
  char *path;
  int schema_version;
  gboolean read_only;
  char *actor;
  guint busy_timeout_ms;
  GMainContext *context;
  GThread *thread; /* the thread that opened the store (not owned) */

  /* The batch in progress, if any. */
  gboolean in_batch;
  char *batch_description;
  GChecksum *batch_checksum;
  GHashTable *batch_counts;      /* action → GINT_TO_POINTER (count) */
  gint64 batch_investigation_id; /* -1: none yet, 0: several */
  guint batch_changes;

  /* The change made by the current transaction outside a batch, announced
   * by "changed" once it is committed. */
  char *pending_action;
  gint64 pending_investigation_id;

  /* The reader connection of query_entity_ids(), opened lazily. */
  GMutex reader_lock;
  sqlite3 *reader;
};

/* Migrations, in aura-store-schema.c. */
int aura_store_schema_n_migrations (void);
const char *aura_store_schema_migration_sql (int version);
const char *aura_store_schema_migration_description (int version);

/* Sets @error from the SQLite result @rc of @db, mapping it onto
 * AuraStoreError. @what says what was being done, for the message. */
void aura_store_set_sqlite_error (sqlite3 *db, int rc, const char *what, GError **error);
gboolean aura_store_exec (AuraStore *self, const char *sql, GError **error);
/* A cached prepared statement, reset and with its bindings cleared. @sql
 * must be static text (it is cached by address). */
sqlite3_stmt *aura_store_prepare (AuraStore *self, const char *sql, GError **error);
/* The same for SQL built at run time (cached by content). */
sqlite3_stmt *aura_store_prepare_dynamic (AuraStore *self, const char *sql, GError **error);
/* Steps a statement that returns no row (or ignores them); resets it. */
gboolean aura_store_step_done (AuraStore *self, sqlite3_stmt *stmt, GError **error);

/* Every mutation runs between change_begin() and change_end(). Outside a
 * batch they open and commit (or roll back) their own transaction; inside
 * one they join it. change_end() with @ok FALSE rolls back. Both hold the
 * store's lock between them. */
gboolean aura_store_change_begin (AuraStore *self, GError **error);
gboolean aura_store_change_end (AuraStore *self, gboolean ok, GError **error);

/* Records a change in the audit chain (or, inside a batch, in the batch's
 * running digest), within the current transaction. */
gboolean aura_store_audit (AuraStore *self,
                           const char *action,
                           const char *object_type,
                           gint64 object_id,
                           gint64 investigation_id,
                           const char *before_canonical,
                           const char *after_canonical,
                           const char *details,
                           GError **error);
/* Emits "changed" in the store's main context. */
void aura_store_emit_changed (AuraStore *self, gint64 investigation_id, const char *what);

gint64 aura_store_now (void);
/* A small JSON object of string members, from NULL-terminated key, value
 * pairs (a NULL value is JSON null). */
char *aura_store_details (const char *first_key, ...) G_GNUC_NULL_TERMINATED;
char *aura_store_sha256 (const char *text);

/* Audit helpers in aura-store-audit.c. */
gboolean aura_store_audit_append (AuraStore *self,
                                  const char *action,
                                  const char *object_type,
                                  gint64 object_id,
                                  gint64 investigation_id,
                                  const char *before_digest,
                                  const char *after_digest,
                                  const char *details,
                                  GError **error);

/* Adds or merges an entity inside a change (aura-store-entities.c);
 * writes the provenance row and the audit record. */
gboolean aura_store_upsert_entity (AuraStore *self,
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
                                   GError **error);
/* Checks that the investigation exists and is not in the trash. */
gboolean aura_store_check_live_investigation (AuraStore *self, gint64 id, GError **error);

/* Query helpers in aura-store-query.c. */
char *aura_store_fts_query (const char *text);
AuraEntity *aura_store_load_entity (AuraStore *self, gint64 id, GError **error);
AuraInvestigation *aura_store_load_investigation (AuraStore *self, gint64 id, GError **error);
/* Runs @sql with @id bound to ?1 and builds one element per row; NULL with
 * @error on failure. */
GPtrArray *aura_store_list_by_id (AuraStore *self,
                                  const char *sql,
                                  gint64 id,
                                  gpointer (*build) (sqlite3_stmt *),
                                  GDestroyNotify free_func,
                                  GError **error);
/* @message is a translated format with one %lld for @id. */
gboolean aura_store_set_not_found (GError **error, const char *message, gint64 id);

/* For tests only: caps the database at @max_pages pages (PRAGMA
 * max_page_count on the store's own connection), so that a full disk can
 * be simulated on the real write path. 0 lifts the cap. */
gboolean aura_store_limit_pages_for_testing (AuraStore *self, guint max_pages, GError **error);
/* For tests only: the number of pages the database has now. */
guint aura_store_get_page_count_for_testing (AuraStore *self);

G_END_DECLS
