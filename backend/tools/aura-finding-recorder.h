/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "aura-store.h"

G_BEGIN_DECLS

/* Writes a tool's findings into an investigation in batches: each finding
 * is an entity, optionally linked from another, with the source that found
 * it as provenance. Entity ids are cached, so a name found by five sources
 * costs five provenance rows and one lookup. Values the store refuses (a
 * source's odd name) are counted and skipped, never fatal; a store failure
 * (disk full, busy, corrupt) stops the recorder with that error and loses
 * nothing committed before. Private to backend/tools. */

typedef struct _AuraFindingRecorder AuraFindingRecorder;

AuraFindingRecorder *aura_finding_recorder_new (AuraStore *store,
                                                gint64 investigation_id,
                                                gint64 scan_id,
                                                const char *tool,
                                                const char *batch_description);
void aura_finding_recorder_free (AuraFindingRecorder *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraFindingRecorder, aura_finding_recorder_free)

/**
 * aura_finding_recorder_add:
 * @from_type, @from_value: (nullable): the entity it links from; %NULL
 *   @from_value for no link
 * @relation: the relation type ("has_subdomain"…), ignored without @from_value
 * @type, @value: the entity found
 * @attributes_json: (nullable): a JSON object merged into its attributes
 * @confidence: 0..1
 * @source: (nullable): the provenance source ("crtsh", "brute", a URL…)
 *
 * Queues one finding; nothing is written before aura_finding_recorder_flush().
 */
void aura_finding_recorder_add (AuraFindingRecorder *self,
                                AuraEntityType from_type,
                                const char *from_value,
                                const char *relation,
                                AuraEntityType type,
                                const char *value,
                                const char *attributes_json,
                                double confidence,
                                const char *source);
/* Queues a scan_results row (copied). */
void aura_finding_recorder_add_result (AuraFindingRecorder *self,
                                       const AuraScanResultRecord *result);
/* At most @limit findings per flush (0: all); what is left stays queued
 * for the next flush, so that one flush never holds a main loop long. */
void aura_finding_recorder_set_batch_limit (AuraFindingRecorder *self, guint limit);
/* Writes what is queued (within the batch limit) in one transaction. FALSE
 * with the store's error when it failed; the recorder then drops what
 * comes next. */
gboolean aura_finding_recorder_flush (AuraFindingRecorder *self, GError **error);
guint aura_finding_recorder_get_pending (AuraFindingRecorder *self);
/* Findings the store refused as invalid values. */
guint aura_finding_recorder_get_rejected (AuraFindingRecorder *self);
/* Entities newly created so far. */
guint aura_finding_recorder_get_created (AuraFindingRecorder *self);

G_END_DECLS
