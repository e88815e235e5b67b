/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * AuraEvidenceRecord:
 * @id: the evidence row
 * @investigation_id: its investigation
 * @entity_id: the entity it is about, 0 when none
 * @scan_id: the scan that captured it, 0 when none
 * @kind: what it is ("profile_snapshot", "recovery_hint", "page"…)
 * @url: (nullable): where it was captured
 * @sha256: hex digest of the metadata text (inline evidence) or of the
 *   stored file
 * @mime_type: (nullable): the stored file's type
 * @storage_path: (nullable): the stored file, relative to the store
 * @encrypted: whether the stored file is encrypted
 * @metadata: a JSON object (the captured values for inline evidence)
 * @captured_at: Unix seconds
 *
 * One piece of evidence as the store keeps it; free with
 * aura_evidence_record_free().
 */
typedef struct
{
  gint64 id;
  gint64 investigation_id;
  gint64 entity_id;
  gint64 scan_id;
  char *kind;
  char *url;
  char *sha256;
  char *mime_type;
  char *storage_path;
  gboolean encrypted;
  char *metadata;
  gint64 captured_at;
} AuraEvidenceRecord;

void aura_evidence_record_free (AuraEvidenceRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraEvidenceRecord, aura_evidence_record_free)

G_END_DECLS
