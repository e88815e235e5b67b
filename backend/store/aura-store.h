/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "aura-audit-entry.h"
#include "aura-entity-type.h"
#include "aura-evidence-record.h"
#include "aura-entity.h"
#include "aura-investigation.h"
#include "aura-layout.h"
#include "aura-relation.h"
#include "aura-scan-record.h"

G_BEGIN_DECLS

#define AURA_STORE_ERROR (aura_store_error_quark ())

/* The longest investigation name, in characters. */
#define AURA_INVESTIGATION_NAME_MAX 200

/**
 * AuraStoreError:
 * @AURA_STORE_ERROR_CORRUPT: the file is not an Aura database or is damaged
 * @AURA_STORE_ERROR_TOO_NEW: the database was written by a newer Aura; it is
 *   left untouched
 * @AURA_STORE_ERROR_BUSY: another process held the database longer than the
 *   busy timeout; nothing was changed, the operation can be retried
 * @AURA_STORE_ERROR_FULL: the disk (or the configured size limit) is full;
 *   the failed change was rolled back, earlier data is intact
 * @AURA_STORE_ERROR_READONLY: the file or its folder cannot be written
 * @AURA_STORE_ERROR_NOT_FOUND: no such investigation, target or entity
 * @AURA_STORE_ERROR_INVALID: an argument a person gave is not acceptable (an
 *   empty name, a duplicate name…); the message says which and why
 * @AURA_STORE_ERROR_IO: the file could not be opened or read
 * @AURA_STORE_ERROR_FAILED: any other SQLite failure; the message carries
 *   SQLite's own words
 */
typedef enum
{
  AURA_STORE_ERROR_CORRUPT,
  AURA_STORE_ERROR_TOO_NEW,
  AURA_STORE_ERROR_BUSY,
  AURA_STORE_ERROR_FULL,
  AURA_STORE_ERROR_READONLY,
  AURA_STORE_ERROR_NOT_FOUND,
  AURA_STORE_ERROR_INVALID,
  AURA_STORE_ERROR_IO,
  AURA_STORE_ERROR_FAILED,
} AuraStoreError;

GQuark aura_store_error_quark (void);

typedef enum
{
  AURA_STORE_OPEN_DEFAULT = 0,
  /* Open an existing database for reading only; never creates or migrates. */
  AURA_STORE_OPEN_READ_ONLY = 1 << 0,
} AuraStoreOpenFlags;

typedef enum
{
  AURA_ENTITY_SORT_VALUE,
  AURA_ENTITY_SORT_TYPE,
  AURA_ENTITY_SORT_CONFIDENCE,
  AURA_ENTITY_SORT_FIRST_SEEN,
  AURA_ENTITY_SORT_LAST_SEEN,
  AURA_ENTITY_SORT_N_SOURCES,
  /* Only meaningful with a text query: best bm25 match first. */
  AURA_ENTITY_SORT_RANK,
} AuraEntitySort;

/**
 * AuraEntityQuery:
 * @investigation_id: restrict to one investigation; 0 for all
 * @type: an #AuraEntityType, or -1 for every type
 * @text: words as a person typed them in a search box, or %NULL. Each word
 *   is matched as a prefix over the value and the attributes (FTS5); the
 *   text is never passed to FTS5 as query syntax, so quotes, stars and
 *   operators a person types are searched literally
 * @targets_only: only entities that are seeds of their investigation
 * @sort: the ordering; ties break on id so paging is stable
 * @descending: reverse @sort
 * @limit: at most this many rows; 0 for no limit
 * @offset: skip this many rows first
 *
 * Initialise with AURA_ENTITY_QUERY_INIT.
 */
typedef struct
{
  gint64 investigation_id;
  int type;
  const char *text;
  gboolean targets_only;
  AuraEntitySort sort;
  gboolean descending;
  guint limit;
  guint offset;
} AuraEntityQuery;

#define AURA_ENTITY_QUERY_INIT                                                                     \
  {                                                                                                \
    0, -1, NULL, FALSE, AURA_ENTITY_SORT_VALUE, FALSE, 0, 0                                        \
  }

/**
 * AuraProvenance:
 * @scan_id: the osint_scans row that found it, or 0 (added by hand)
 * @tool: the tool's name ("manual", "import", "sherlock-sites"…)
 * @source: what was asked: a URL, a file name, a request id; may be %NULL
 *
 * Where a finding came from. Adding the same entity or relation again with
 * other provenance appends a provenance row; it never overwrites.
 */
typedef struct
{
  gint64 scan_id;
  const char *tool;
  const char *source;
} AuraProvenance;

typedef enum
{
  AURA_EXPORT_JSON,
  AURA_EXPORT_CSV,
} AuraExportFormat;

#define AURA_TYPE_STORE (aura_store_get_type ())
G_DECLARE_FINAL_TYPE (AuraStore, aura_store, AURA, STORE, GObject)

/* Signal "changed" (gint64 investigation_id, const char *what): emitted in
 * the thread-default main context that was current when the store was
 * opened, once per committed change or batch, whatever thread made it.
 * @what is the audit action ("investigation.rename", "batch"…);
 * investigation_id is 0 for changes outside an investigation. Views use it
 * to reload. */

/* ---- Opening ---------------------------------------------------------- */

/* $XDG_DATA_HOME/aura/aura.db (AURA_DB in the environment overrides it). */
char *aura_store_get_default_path (void);
/* Opens (creating when absent, unless read-only) and migrates the database
 * at @path (NULL: the default path). Safe to share between threads: every
 * call is serialised on one connection, and reads that a list model makes
 * in a worker thread use their own connection (WAL lets them run beside
 * writes). */
AuraStore *aura_store_open (const char *path, AuraStoreOpenFlags flags, GError **error);
const char *aura_store_get_path (AuraStore *self);
int aura_store_get_schema_version (AuraStore *self);
/* The newest schema version this build knows. */
int aura_store_get_code_schema_version (void);
/* Who the audit log names for the following changes (default: the login
 * name). */
void aura_store_set_actor (AuraStore *self, const char *actor);
/* How long a write waits for another process before AURA_STORE_ERROR_BUSY
 * (default 5000 ms). */
void aura_store_set_busy_timeout (AuraStore *self, guint timeout_ms);
/* PRAGMA integrity_check; FALSE with AURA_STORE_ERROR_CORRUPT and the first
 * problems SQLite names. */
gboolean aura_store_check_integrity (AuraStore *self, GError **error);

/* ---- Batches -------------------------------------------------------------
 * Everything between begin and commit is one transaction and one audit row
 * (action "batch", details naming @description and the count of changes by
 * action, after_digest the SHA-256 of every change in order). Batches do
 * not nest. On any error, call rollback: nothing of the batch is kept. */
gboolean aura_store_batch_begin (AuraStore *self, const char *description, GError **error);
gboolean aura_store_batch_commit (AuraStore *self, GError **error);
void aura_store_batch_rollback (AuraStore *self);

/* ---- Investigations ------------------------------------------------------
 * Names are unique among investigations not in the trash, 1–200 characters
 * after trimming. Deleting moves to the trash (restorable); purging erases
 * the investigation and everything in it. */
AuraInvestigation *aura_store_create_investigation (AuraStore *self,
                                                    const char *name,
                                                    const char *description,
                                                    GError **error);
AuraInvestigation *aura_store_get_investigation (AuraStore *self, gint64 id, GError **error);
/* @ref: a numeric id, a UUID, or an exact name (case-insensitive). */
AuraInvestigation *aura_store_find_investigation (AuraStore *self, const char *ref, GError **error);
/* (element-type AuraInvestigation), newest first. */
GPtrArray *
aura_store_list_investigations (AuraStore *self, gboolean include_archived, GError **error);
/* (element-type AuraInvestigation): the trash, most recently deleted first. */
GPtrArray *aura_store_list_deleted_investigations (AuraStore *self, GError **error);
gboolean
aura_store_rename_investigation (AuraStore *self, gint64 id, const char *name, GError **error);
gboolean aura_store_set_investigation_description (AuraStore *self,
                                                   gint64 id,
                                                   const char *description,
                                                   GError **error);
gboolean
aura_store_archive_investigation (AuraStore *self, gint64 id, gboolean archived, GError **error);
gboolean aura_store_delete_investigation (AuraStore *self, gint64 id, GError **error);
gboolean aura_store_restore_investigation (AuraStore *self, gint64 id, GError **error);
gboolean aura_store_purge_investigation (AuraStore *self, gint64 id, GError **error);

/* ---- Targets -------------------------------------------------------------
 * A target is an entity of its investigation marked as a seed. Adding a
 * target whose entity already exists marks that entity; adding it twice is
 * AURA_STORE_ERROR_INVALID ("already a target"). Invalid values fail with
 * AURA_ENTITY_ERROR_INVALID. */
AuraEntity *aura_store_add_target (AuraStore *self,
                                   gint64 investigation_id,
                                   AuraEntityType type,
                                   const char *value,
                                   GError **error);
/* (element-type AuraEntity), in the order they were added. */
GPtrArray *aura_store_list_targets (AuraStore *self, gint64 investigation_id, GError **error);
/* Removes the seed mark of the entity @entity_id. The entity itself is
 * removed too when nothing else refers to it (no relation and no provenance
 * but the target's own), so a mistyped target leaves no trace. */
gboolean aura_store_remove_target (AuraStore *self, gint64 entity_id, GError **error);

/* ---- Entities ----------------------------------------------------------- */

/**
 * aura_store_add_entity:
 * @attributes_json: (nullable): a JSON object merged key by key into the
 *   stored attributes (new keys added, existing keys updated)
 * @confidence: 0.0–1.0; the stored confidence is the highest seen
 * @provenance: (nullable): where it came from; %NULL means added by hand
 * @out_created: (out) (optional): %TRUE when the row is new
 *
 * Adds an entity, or merges into the one with the same normalised value:
 * last_seen moves forward, attributes merge, a provenance row is appended.
 */
AuraEntity *aura_store_add_entity (AuraStore *self,
                                   gint64 investigation_id,
                                   AuraEntityType type,
                                   const char *value,
                                   const char *attributes_json,
                                   double confidence,
                                   const AuraProvenance *provenance,
                                   gboolean *out_created,
                                   GError **error);
AuraEntity *aura_store_get_entity (AuraStore *self, gint64 id, GError **error);
/* Looks an entity up by any form of its value (normalised first). */
AuraEntity *aura_store_find_entity (AuraStore *self,
                                    gint64 investigation_id,
                                    AuraEntityType type,
                                    const char *value,
                                    GError **error);
gboolean aura_store_delete_entity (AuraStore *self, gint64 id, GError **error);
/* (element-type AuraEntity). With a text query each entity carries its
 * snippet and rank. */
GPtrArray *
aura_store_query_entities (AuraStore *self, const AuraEntityQuery *query, GError **error);
gint64 aura_store_count_entities (AuraStore *self, const AuraEntityQuery *query, GError **error);
/* The ids of every match, in order, read on a connection of its own: call
 * it from a worker thread. (element-type gint64) */
GArray *aura_store_query_entity_ids (AuraStore *self,
                                     const AuraEntityQuery *query,
                                     GCancellable *cancellable,
                                     GError **error);
/* (element-type AuraEntity) in the order of @ids; ids that no longer exist
 * are skipped. */
GPtrArray *
aura_store_get_entities (AuraStore *self, const gint64 *ids, guint n_ids, GError **error);
/* Provenance rows of an entity, oldest first, as JSON objects
 * {"scan_id":…, "tool":…, "source":…, "actor":…, "at":…}.
 * (element-type JsonObject) */
GPtrArray *aura_store_list_provenance (AuraStore *self, gint64 entity_id, GError **error);

/* ---- Relations ---------------------------------------------------------- */

/* Unique per (investigation, source, target, type); adding again merges
 * like aura_store_add_entity(). Both entities must be in @investigation_id. */
AuraRelation *aura_store_add_relation (AuraStore *self,
                                       gint64 investigation_id,
                                       gint64 source_id,
                                       gint64 target_id,
                                       const char *relation_type,
                                       const char *attributes_json,
                                       double confidence,
                                       const AuraProvenance *provenance,
                                       GError **error);
/* Every relation touching @entity_id, either direction. (element-type AuraRelation) */
GPtrArray *aura_store_list_relations (AuraStore *self, gint64 entity_id, GError **error);
/* The entities one hop from @entity_id. (element-type AuraEntity) */
GPtrArray *aura_store_get_neighbours (AuraStore *self, gint64 entity_id, GError **error);

/* ---- Graph ---------------------------------------------------------------- */

/* The investigation's entities and relations as an AuraGraph (nodes in
 * entity id order, edges in relation id order). */
struct _AuraGraph *aura_store_load_graph (AuraStore *self, gint64 investigation_id, GError **error);

/* ---- Evidence ---------------------------------------------------------------
 * What a tool saw, kept as it was (the evidence table): a profile's counts
 * at each visit, a recovery hint a site showed. Inline evidence keeps its
 * values in a JSON object, hashed (SHA-256) and audited. */

gint64 aura_store_add_evidence (AuraStore *self,
                                gint64 investigation_id,
                                gint64 entity_id,
                                gint64 scan_id,
                                const char *kind,
                                const char *url,
                                const char *metadata_json,
                                gint64 captured_at,
                                GError **error);
/* (element-type AuraEvidenceRecord), oldest capture first; @entity_id 0
 * and @kind NULL for all. */
GPtrArray *aura_store_list_evidence (
    AuraStore *self, gint64 investigation_id, gint64 entity_id, const char *kind, GError **error);

/* ---- Graph positions ------------------------------------------------------
 * Where each entity sits on the graph canvas and whether it is pinned, so
 * that a case reopens as it was left (graph_positions, migration 2). */

/* Saves the positions of @graph's nodes (one transaction, one
 * "graph.positions" audit row with a digest of every saved row). Nodes
 * without an entity of @investigation_id or with a non-finite position are
 * skipped; rows of entities not in @graph are kept. @pinned may be NULL. */
gboolean aura_store_save_positions (AuraStore *self,
                                    gint64 investigation_id,
                                    struct _AuraGraph *graph,
                                    const AuraPoint *positions,
                                    const gboolean *pinned,
                                    GError **error);
/* graph->n_nodes points (free with g_free()), NaN for nodes with no saved
 * position; entities deleted since are simply absent. @out_pinned
 * (optional) receives graph->n_nodes flags, free with g_free(). */
AuraPoint *aura_store_load_positions (AuraStore *self,
                                      gint64 investigation_id,
                                      struct _AuraGraph *graph,
                                      gboolean **out_pinned,
                                      GError **error);

/* ---- Scans ---------------------------------------------------------------
 * A scan is one run of a tool (osint_scans); each request it made and its
 * verdict is a scan result (scan_results). Re-running a tool appends a new
 * scan: nothing is overwritten. */

/* Starts a scan: status "running", started now. @entity_id may be 0;
 * @params_json a JSON object or NULL. Returns the scan id, 0 on error. */
gint64 aura_store_begin_scan (AuraStore *self,
                              gint64 investigation_id,
                              gint64 entity_id,
                              const char *tool,
                              const char *params_json,
                              GError **error);
/* Appends @n_results results to a running scan in one transaction (one
 * audit row for them all). The records' id, scan_id and created_at are
 * ignored. */
gboolean aura_store_add_scan_results (AuraStore *self,
                                      gint64 scan_id,
                                      const AuraScanResultRecord *const *results,
                                      guint n_results,
                                      GError **error);
/* Ends a running scan: @status "done", "failed" or "cancelled";
 * @summary_json a JSON object or NULL; @error_text why it failed. */
gboolean aura_store_finish_scan (AuraStore *self,
                                 gint64 scan_id,
                                 const char *status,
                                 const char *summary_json,
                                 const char *error_text,
                                 GError **error);
AuraScanRecord *aura_store_get_scan (AuraStore *self, gint64 scan_id, GError **error);
/* (element-type AuraScanRecord), newest first. */
GPtrArray *aura_store_list_scans (AuraStore *self, gint64 investigation_id, GError **error);
/* (element-type AuraScanResultRecord) in the order they were added;
 * @verdict NULL for all; @limit 0 for all. */
GPtrArray *aura_store_list_scan_results (
    AuraStore *self, gint64 scan_id, const char *verdict, guint limit, GError **error);

/* ---- Export ------------------------------------------------------------- */

/* Streams the investigation (targets, entities with attributes and
 * provenance, relations) to @stream without holding it all in memory. JSON
 * is one object; CSV is one row per entity with a header row, RFC 4180
 * quoting, and cells that a spreadsheet would run as a formula prefixed with
 * a quote. */
gboolean aura_store_export (AuraStore *self,
                            gint64 investigation_id,
                            AuraExportFormat format,
                            GOutputStream *stream,
                            GCancellable *cancellable,
                            GError **error);

/* Appends one CSV cell (RFC 4180 quoting) to @out, preceded by a comma
 * unless @first; a cell a spreadsheet would run as a formula (= + - @, tab,
 * CR first) gets a leading quote. NULL is an empty cell. */
void aura_csv_append_cell (GString *out, const char *text, gboolean first);

/* ---- Audit -------------------------------------------------------------- */

/* (element-type AuraAuditEntry), newest first; @investigation_id 0 for all,
 * @limit 0 for all. */
GPtrArray *
aura_store_list_audit (AuraStore *self, gint64 investigation_id, guint limit, GError **error);
/**
 * aura_store_verify_audit:
 * @out_n_checked: (out) (optional): rows checked
 * @out_first_bad_id: (out) (optional): id of the first row whose hash or
 *   link does not match, 0 when the chain is whole
 *
 * Recomputes the hash chain from the first row. Returns %FALSE with
 * AURA_STORE_ERROR_CORRUPT naming the first broken row when it was tampered
 * with (edited, deleted or reordered rows).
 */
gboolean aura_store_verify_audit (AuraStore *self,
                                  gint64 *out_n_checked,
                                  gint64 *out_first_bad_id,
                                  GError **error);

/* ---- Settings ----------------------------------------------------------- */

/* Free-form key/value settings kept in the database (not GSettings: these
 * travel with the workspace). Returns NULL when unset. */
char *aura_store_get_setting (AuraStore *self, const char *key, GError **error);
gboolean
aura_store_set_setting (AuraStore *self, const char *key, const char *value, GError **error);

/* ---- Merging ---------------------------------------------------------------
 * Duplicates found by a person (the same account under two spellings, a
 * person entered twice) are folded into the entity they choose to keep. */

/**
 * aura_store_merge_entities:
 * @investigation_id: the investigation of every entity named
 * @keep_id: the entity that stays, with its id, value and graph position
 * @merge_ids: (array length=n): the entities folded into it and deleted
 * @n: how many (at least one; repeats are ignored)
 *
 * In one transaction: every relation of the merged entities is re-pointed
 * to @keep_id (one that then duplicates an existing relation is folded into
 * it, one that would join @keep_id to itself is dropped); their provenance,
 * target mark (when @keep_id has none), scans, evidence and attachments move
 * to @keep_id; attributes merge with @keep_id's own winning; the confidence
 * becomes the highest and first/last seen the widest; the merged rows are
 * deleted (their search index rows and graph positions with them). One
 * "entity.merge" audit row records the kept and merged rows before and the
 * kept row after. Fails, changing nothing, with AURA_STORE_ERROR_INVALID
 * for entities of different types, of another investigation or @keep_id
 * among @merge_ids, and AURA_STORE_ERROR_NOT_FOUND for a missing id or
 * investigation.
 */
gboolean aura_store_merge_entities (AuraStore *self,
                                    gint64 investigation_id,
                                    gint64 keep_id,
                                    const gint64 *merge_ids,
                                    guint n,
                                    GError **error);

/* ---- Deleting with undo ------------------------------------------------------
 * The graph deletes at once and offers Undo: the deletion returns a record
 * of every row it removed, and the restore puts them back (aura-store-restore.c). */

/**
 * aura_store_delete_entities_restorable:
 * @investigation_id: the investigation of every entity named
 * @ids: (array length=n): the entities to delete (repeats are ignored)
 * @n: how many (at least one)
 * @out_snapshot_json: (out) (optional) (transfer full): the undo record
 *
 * Deletes the entities in one transaction, with one "entity.delete" audit
 * row each, and returns in *@out_snapshot_json a JSON record of the rows
 * removed with them: the entities (with their attributes), the relations
 * touching them, the provenance of both, their target marks and graph
 * positions, and the scans, evidence and attachments that pointed at them
 * (those rows stay, without their entity). Fails, deleting nothing, with
 * AURA_STORE_ERROR_NOT_FOUND for a missing entity or investigation and
 * AURA_STORE_ERROR_INVALID for an entity of another investigation or an
 * investigation in the trash.
 */
gboolean aura_store_delete_entities_restorable (AuraStore *self,
                                                gint64 investigation_id,
                                                const gint64 *ids,
                                                guint n,
                                                char **out_snapshot_json,
                                                GError **error);
/**
 * aura_store_restore_entities:
 * @investigation_id: the investigation the record was made in
 * @snapshot_json: what aura_store_delete_entities_restorable() returned
 *
 * Puts the deleted rows back with the same ids in one transaction (the
 * search index follows), points the scans, evidence and attachments that
 * still exist and point nowhere at their entities again, and writes one
 * "entity.restore" audit row per entity. A relation whose other end was
 * deleted since is left out, with its provenance. Fails, changing nothing,
 * with AURA_STORE_ERROR_INVALID when the record is malformed, of another
 * investigation or Aura version, or when an id it holds (or an entity's
 * value) was used again since.
 */
gboolean aura_store_restore_entities (AuraStore *self,
                                      gint64 investigation_id,
                                      const char *snapshot_json,
                                      GError **error);

G_END_DECLS
