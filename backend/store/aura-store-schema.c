/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-store"
#include "config.h"

#include "aura-store-private.h"

/* The numbered migrations. Migration N takes a database from schema N-1 to
 * N; each runs in its own transaction at open. A released migration is
 * never edited: a change to the schema is a new migration appended here
 * (see README.md). */

/* Version 1: the whole initial schema. Times are Unix seconds except
 * audit_logs.at (microseconds, so that the order of quick changes shows). */
static const char migration_1[] =
    "CREATE TABLE schema_migrations ("
    "  version INTEGER PRIMARY KEY,"
    "  applied_at INTEGER NOT NULL,"
    "  description TEXT NOT NULL);"

    "CREATE TABLE users ("
    "  id INTEGER PRIMARY KEY,"
    "  login TEXT NOT NULL UNIQUE,"
    "  display_name TEXT,"
    "  created_at INTEGER NOT NULL);"

    "CREATE TABLE investigations ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL,"
    "  description TEXT NOT NULL DEFAULT '',"
    "  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),"
    "  deleted_at INTEGER,"
    "  sensitive INTEGER NOT NULL DEFAULT 0 CHECK (sensitive IN (0, 1)),"
    "  owner_id INTEGER REFERENCES users (id) ON DELETE SET NULL,"
    "  created_at INTEGER NOT NULL,"
    "  updated_at INTEGER NOT NULL);"
    /* Names are unique among investigations not in the trash. */
    "CREATE UNIQUE INDEX investigations_live_name ON investigations (name COLLATE NOCASE)"
    "  WHERE deleted_at IS NULL;"
    "CREATE INDEX investigations_updated ON investigations (updated_at);"

    "CREATE TABLE entities ("
    "  id INTEGER PRIMARY KEY,"
    "  investigation_id INTEGER NOT NULL REFERENCES investigations (id) ON DELETE CASCADE,"
    "  type TEXT NOT NULL,"
    "  value TEXT NOT NULL,"
    "  normalized TEXT NOT NULL,"
    "  attributes TEXT NOT NULL DEFAULT '{}' CHECK (json_valid (attributes)),"
    "  confidence REAL NOT NULL DEFAULT 1.0 CHECK (confidence BETWEEN 0.0 AND 1.0),"
    "  first_seen INTEGER NOT NULL,"
    "  last_seen INTEGER NOT NULL,"
    /* Count of provenance rows, kept by the store so that lists can sort
     * on it without counting. */
    "  n_sources INTEGER NOT NULL DEFAULT 0,"
    "  UNIQUE (investigation_id, type, normalized));"
    "CREATE INDEX entities_inv_type ON entities (investigation_id, type);"
    "CREATE INDEX entities_inv_normalized ON entities (investigation_id, normalized);"
    "CREATE INDEX entities_inv_last_seen ON entities (investigation_id, last_seen);"

    "CREATE TABLE targets ("
    "  id INTEGER PRIMARY KEY,"
    "  investigation_id INTEGER NOT NULL REFERENCES investigations (id) ON DELETE CASCADE,"
    "  entity_id INTEGER NOT NULL UNIQUE REFERENCES entities (id) ON DELETE CASCADE,"
    "  note TEXT,"
    /* The provenance row the target's own addition wrote, if it created
     * the entity: removing the target then leaves no trace. */
    "  provenance_id INTEGER REFERENCES provenance (id) ON DELETE SET NULL,"
    "  created_at INTEGER NOT NULL);"
    "CREATE INDEX targets_inv ON targets (investigation_id, id);"

    "CREATE TABLE osint_scans ("
    "  id INTEGER PRIMARY KEY,"
    "  investigation_id INTEGER NOT NULL REFERENCES investigations (id) ON DELETE CASCADE,"
    "  entity_id INTEGER REFERENCES entities (id) ON DELETE SET NULL,"
    "  tool TEXT NOT NULL,"
    "  status TEXT NOT NULL DEFAULT 'queued'"
    "    CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),"
    "  params TEXT NOT NULL DEFAULT '{}' CHECK (json_valid (params)),"
    "  summary TEXT NOT NULL DEFAULT '{}' CHECK (json_valid (summary)),"
    "  error TEXT,"
    "  actor TEXT,"
    "  created_at INTEGER NOT NULL,"
    "  started_at INTEGER,"
    "  finished_at INTEGER);"
    "CREATE INDEX osint_scans_inv ON osint_scans (investigation_id, created_at);"

    "CREATE TABLE scan_results ("
    "  id INTEGER PRIMARY KEY,"
    "  scan_id INTEGER NOT NULL REFERENCES osint_scans (id) ON DELETE CASCADE,"
    "  investigation_id INTEGER NOT NULL REFERENCES investigations (id) ON DELETE CASCADE,"
    "  site TEXT,"
    "  url TEXT,"
    "  method TEXT,"
    "  http_status INTEGER,"
    "  latency_ms INTEGER,"
    "  bytes INTEGER,"
    "  verdict TEXT NOT NULL CHECK (verdict IN ('found', 'not_found', 'unknown', 'invalid')),"
    "  reason TEXT,"
    "  result TEXT NOT NULL DEFAULT '{}' CHECK (json_valid (result)),"
    "  created_at INTEGER NOT NULL);"
    "CREATE INDEX scan_results_scan ON scan_results (scan_id);"
    "CREATE INDEX scan_results_inv ON scan_results (investigation_id);"

    "CREATE TABLE relations ("
    "  id INTEGER PRIMARY KEY,"
    "  investigation_id INTEGER NOT NULL REFERENCES investigations (id) ON DELETE CASCADE,"
    "  source_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,"
    "  target_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,"
    "  type TEXT NOT NULL,"
    "  attributes TEXT NOT NULL DEFAULT '{}' CHECK (json_valid (attributes)),"
    "  confidence REAL NOT NULL DEFAULT 1.0 CHECK (confidence BETWEEN 0.0 AND 1.0),"
    "  first_seen INTEGER NOT NULL,"
    "  last_seen INTEGER NOT NULL,"
    "  UNIQUE (investigation_id, source_id, target_id, type));"
    "CREATE INDEX relations_source ON relations (source_id);"
    "CREATE INDEX relations_target ON relations (target_id);"

    "CREATE TABLE provenance ("
    "  id INTEGER PRIMARY KEY,"
    "  investigation_id INTEGER NOT NULL REFERENCES investigations (id) ON DELETE CASCADE,"
    "  entity_id INTEGER REFERENCES entities (id) ON DELETE CASCADE,"
    "  relation_id INTEGER REFERENCES relations (id) ON DELETE CASCADE,"
    "  scan_id INTEGER REFERENCES osint_scans (id) ON DELETE SET NULL,"
    "  tool TEXT NOT NULL,"
    "  source TEXT,"
    "  actor TEXT,"
    "  created_at INTEGER NOT NULL,"
    "  CHECK ((entity_id IS NULL) <> (relation_id IS NULL)));"
    "CREATE INDEX provenance_entity ON provenance (entity_id) WHERE entity_id IS NOT NULL;"
    "CREATE INDEX provenance_relation ON provenance (relation_id) WHERE relation_id IS NOT NULL;"
    "CREATE INDEX provenance_scan ON provenance (scan_id) WHERE scan_id IS NOT NULL;"
    "CREATE INDEX provenance_inv ON provenance (investigation_id);"

    "CREATE TABLE evidence ("
    "  id INTEGER PRIMARY KEY,"
    "  investigation_id INTEGER NOT NULL REFERENCES investigations (id) ON DELETE CASCADE,"
    "  entity_id INTEGER REFERENCES entities (id) ON DELETE SET NULL,"
    "  scan_id INTEGER REFERENCES osint_scans (id) ON DELETE SET NULL,"
    "  kind TEXT NOT NULL,"
    "  url TEXT,"
    "  sha256 TEXT,"
    "  mime_type TEXT,"
    "  storage_path TEXT,"
    "  encrypted INTEGER NOT NULL DEFAULT 0,"
    "  metadata TEXT NOT NULL DEFAULT '{}' CHECK (json_valid (metadata)),"
    "  captured_at INTEGER NOT NULL);"
    "CREATE INDEX evidence_inv ON evidence (investigation_id);"
    "CREATE INDEX evidence_entity ON evidence (entity_id);"

    "CREATE TABLE file_attachments ("
    "  id INTEGER PRIMARY KEY,"
    "  investigation_id INTEGER NOT NULL REFERENCES investigations (id) ON DELETE CASCADE,"
    "  entity_id INTEGER REFERENCES entities (id) ON DELETE SET NULL,"
    "  file_name TEXT NOT NULL,"
    "  mime_type TEXT,"
    "  size INTEGER NOT NULL DEFAULT 0,"
    "  sha256 TEXT,"
    "  storage_path TEXT NOT NULL,"
    "  encrypted INTEGER NOT NULL DEFAULT 0,"
    "  created_at INTEGER NOT NULL);"
    "CREATE INDEX file_attachments_inv ON file_attachments (investigation_id);"

    "CREATE TABLE api_keys ("
    "  id INTEGER PRIMARY KEY,"
    "  service TEXT NOT NULL UNIQUE,"
    /* The secret itself lives in the keyring; this is its lookup handle. */
    "  secret_ref TEXT NOT NULL,"
    "  label TEXT,"
    "  created_at INTEGER NOT NULL,"
    "  last_used_at INTEGER);"

    "CREATE TABLE notifications ("
    "  id INTEGER PRIMARY KEY,"
    "  investigation_id INTEGER REFERENCES investigations (id) ON DELETE CASCADE,"
    "  kind TEXT NOT NULL,"
    "  title TEXT NOT NULL,"
    "  body TEXT,"
    "  payload TEXT NOT NULL DEFAULT '{}' CHECK (json_valid (payload)),"
    "  read INTEGER NOT NULL DEFAULT 0,"
    "  created_at INTEGER NOT NULL);"
    "CREATE INDEX notifications_inv ON notifications (investigation_id, created_at);"

    "CREATE TABLE webhooks ("
    "  id INTEGER PRIMARY KEY,"
    "  investigation_id INTEGER REFERENCES investigations (id) ON DELETE CASCADE,"
    "  url TEXT NOT NULL,"
    "  events TEXT NOT NULL DEFAULT '[]' CHECK (json_valid (events)),"
    "  secret_ref TEXT,"
    "  enabled INTEGER NOT NULL DEFAULT 1,"
    "  created_at INTEGER NOT NULL,"
    "  last_status INTEGER,"
    "  last_delivery_at INTEGER);"

    /* The audit log is never cascaded: purging an investigation keeps the
     * record that it existed and was purged. */
    "CREATE TABLE audit_logs ("
    "  id INTEGER PRIMARY KEY,"
    "  at INTEGER NOT NULL,"
    "  actor TEXT NOT NULL,"
    "  action TEXT NOT NULL,"
    "  object_type TEXT NOT NULL,"
    "  object_id INTEGER NOT NULL,"
    "  investigation_id INTEGER,"
    "  before_digest TEXT,"
    "  after_digest TEXT,"
    "  details TEXT NOT NULL DEFAULT '{}',"
    "  prev_hash TEXT NOT NULL,"
    "  hash TEXT NOT NULL);"
    "CREATE INDEX audit_logs_inv ON audit_logs (investigation_id, id);"

    "CREATE TABLE settings ("
    "  key TEXT PRIMARY KEY,"
    "  value TEXT) WITHOUT ROWID;"

    /* Full-text index over entities, kept in step by triggers. unicode61
     * splits on everything but letters and digits, so "alice_smith" and
     * "alice.smith@example.com" are found by "alice"; prefix indexes of 2
     * to 4 characters make search-as-you-type cheap (longer prefixes are
     * usually typed whole words, tried first: see aura-store-query.c). */
    "CREATE VIRTUAL TABLE entities_fts USING fts5 ("
    "  value, normalized, attributes,"
    "  content = 'entities', content_rowid = 'id',"
    "  tokenize = 'unicode61 remove_diacritics 2',"
    "  prefix = '2 3 4');"
    "CREATE TRIGGER entities_fts_insert AFTER INSERT ON entities BEGIN"
    "  INSERT INTO entities_fts (rowid, value, normalized, attributes)"
    "    VALUES (new.id, new.value, new.normalized, new.attributes);"
    "END;"
    "CREATE TRIGGER entities_fts_delete AFTER DELETE ON entities BEGIN"
    "  INSERT INTO entities_fts (entities_fts, rowid, value, normalized, attributes)"
    "    VALUES ('delete', old.id, old.value, old.normalized, old.attributes);"
    "END;"
    "CREATE TRIGGER entities_fts_update AFTER UPDATE OF value, normalized, attributes ON entities"
    "  WHEN old.value IS NOT new.value OR old.normalized IS NOT new.normalized"
    "    OR old.attributes IS NOT new.attributes BEGIN"
    "  INSERT INTO entities_fts (entities_fts, rowid, value, normalized, attributes)"
    "    VALUES ('delete', old.id, old.value, old.normalized, old.attributes);"
    "  INSERT INTO entities_fts (rowid, value, normalized, attributes)"
    "    VALUES (new.id, new.value, new.normalized, new.attributes);"
    "END;";

/* Version 2: where each entity sits on the graph canvas, so that a case
 * reopens as it was left (aura-store-positions.c). One row per placed
 * entity; deleting the entity or its investigation deletes the row. */
static const char migration_2[] =
    "CREATE TABLE graph_positions ("
    "  investigation_id INTEGER NOT NULL REFERENCES investigations (id) ON DELETE CASCADE,"
    "  entity_id INTEGER PRIMARY KEY REFERENCES entities (id) ON DELETE CASCADE,"
    "  x REAL NOT NULL,"
    "  y REAL NOT NULL,"
    "  pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)));"
    "CREATE INDEX graph_positions_inv ON graph_positions (investigation_id);";

/* Deleting or merging an entity sets the entity_id of its scans and
 * attachments to NULL (the foreign keys' ON DELETE SET NULL), and the undo
 * record of a deletion reads them: without these indexes each deletion
 * scanned both tables. */
static const char migration_3[] =
    "CREATE INDEX osint_scans_entity ON osint_scans (entity_id) WHERE entity_id IS NOT NULL;"
    "CREATE INDEX file_attachments_entity ON file_attachments (entity_id)"
    "  WHERE entity_id IS NOT NULL;";

typedef struct
{
  const char *sql;
  const char *description;
} Migration;

static const Migration migrations[] = {
  { migration_1, "initial schema" },
  { migration_2, "graph positions" },
  { migration_3, "entity indexes of scans and attachments" },
};

int
aura_store_schema_n_migrations (void)
{
  return G_N_ELEMENTS (migrations);
}

const char *
aura_store_schema_migration_sql (int version)
{
  g_return_val_if_fail (version >= 1 && version <= (int)G_N_ELEMENTS (migrations), NULL);
  return migrations[version - 1].sql;
}

const char *
aura_store_schema_migration_description (int version)
{
  g_return_val_if_fail (version >= 1 && version <= (int)G_N_ELEMENTS (migrations), NULL);
  return migrations[version - 1].description;
}
