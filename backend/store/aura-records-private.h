/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <sqlite3.h>

#include "aura-audit-entry.h"
#include "aura-entity.h"
#include "aura-investigation.h"
#include "aura-relation.h"

G_BEGIN_DECLS

/* Constructors of the immutable record snapshots, shared by the store's
 * files only. Each reads the columns listed by its macro, in that order,
 * starting at column 0 of @stmt. */

/* Needs `FROM entities e LEFT JOIN targets t ON t.entity_id = e.id`. */
#define AURA_ENTITY_COLUMNS                                                                        \
  "e.id, e.investigation_id, e.type, e.value, e.normalized, e.attributes, e.confidence, "          \
  "e.first_seen, e.last_seen, t.id, e.n_sources"
#define AURA_ENTITY_N_COLUMNS 11

AuraEntity *aura_entity_new_from_stmt (sqlite3_stmt *stmt);
/* From values the store already holds, so that ingest need not read the
 * row back. */
AuraEntity *aura_entity_new (gint64 id,
                             gint64 investigation_id,
                             AuraEntityType type,
                             const char *value,
                             const char *normalized,
                             const char *attributes,
                             double confidence,
                             gint64 first_seen,
                             gint64 last_seen,
                             gint64 target_id,
                             gint64 n_sources);
/* Attaches a full-text match to a freshly built entity. */
void aura_entity_set_match (AuraEntity *self, const char *snippet, double rank);
/* Canonical text of the row, for audit digests. */
char *aura_entity_dup_canonical (AuraEntity *self);

/* Needs `FROM investigations i`. */
#define AURA_INVESTIGATION_COLUMNS                                                                 \
  "i.id, i.uuid, i.name, i.description, i.archived, i.created_at, i.updated_at, "                  \
  "(SELECT count(*) FROM entities e WHERE e.investigation_id = i.id), "                            \
  "(SELECT count(*) FROM targets t WHERE t.investigation_id = i.id), i.deleted_at"

AuraInvestigation *aura_investigation_new_from_stmt (sqlite3_stmt *stmt);
gint64 aura_investigation_get_deleted_at (AuraInvestigation *self);
char *aura_investigation_dup_canonical (AuraInvestigation *self);

/* Needs `FROM relations r`. */
#define AURA_RELATION_COLUMNS                                                                      \
  "r.id, r.investigation_id, r.source_id, r.target_id, r.type, r.attributes, r.confidence, "       \
  "r.first_seen, r.last_seen"

AuraRelation *aura_relation_new_from_stmt (sqlite3_stmt *stmt);
AuraRelation *aura_relation_new (gint64 id,
                                 gint64 investigation_id,
                                 gint64 source_id,
                                 gint64 target_id,
                                 const char *type,
                                 const char *attributes,
                                 double confidence,
                                 gint64 first_seen,
                                 gint64 last_seen);
char *aura_relation_dup_canonical (AuraRelation *self);

/* Needs `FROM audit_logs a`. */
#define AURA_AUDIT_COLUMNS                                                                         \
  "a.id, a.at, a.actor, a.action, a.object_type, a.object_id, a.investigation_id, "                \
  "a.before_digest, a.after_digest, a.details, a.prev_hash, a.hash"

AuraAuditEntry *aura_audit_entry_new_from_stmt (sqlite3_stmt *stmt);

/* Length-prefixed canonical encoding shared by digests and the audit chain:
 * a string is "<byte length>:<bytes>", NULL is "~", an integer is its
 * decimal text encoded as a string. */
void aura_canon_append_string (GString *out, const char *value);
void aura_canon_append_int (GString *out, gint64 value);
void aura_canon_append_double (GString *out, double value);

/* Column text duplicated, NULL for SQL NULL. */
char *aura_stmt_dup_text (sqlite3_stmt *stmt, int column);

G_END_DECLS
