/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * AuraScanRecord:
 * @id: the osint_scans row
 * @investigation_id: its investigation
 * @entity_id: the entity it started from, 0 when none
 * @tool: the tool's name ("username"…)
 * @status: "queued", "running", "done", "failed" or "cancelled"
 * @params: the parameters, JSON text
 * @summary: counts and figures, JSON text
 * @error: (nullable): why it failed
 * @actor: who ran it
 * @created_at, @started_at, @finished_at: Unix seconds, 0 when not yet
 *
 * One scan as the store keeps it; a plain copy, free with
 * aura_scan_record_free().
 */
typedef struct
{
  gint64 id;
  gint64 investigation_id;
  gint64 entity_id;
  char *tool;
  char *status;
  char *params;
  char *summary;
  char *error;
  char *actor;
  gint64 created_at;
  gint64 started_at;
  gint64 finished_at;
} AuraScanRecord;

/**
 * AuraScanResultRecord:
 * @id: the scan_results row (0 before it is stored)
 * @scan_id: its scan
 * @site: (nullable): the site or source checked
 * @url: (nullable): the URL requested
 * @method: (nullable): the HTTP method
 * @http_status: the status received, 0 when none
 * @latency_ms: how long the exchange took
 * @bytes: bytes received
 * @verdict: "found", "not_found", "unknown" or "invalid"
 * @reason: (nullable): why ("status 200", "timeout", "blocked"…)
 * @result: (nullable): more, as a JSON object (confidence, profile URL…)
 * @created_at: Unix seconds
 *
 * One request of a scan and what was concluded from it.
 */
typedef struct
{
  gint64 id;
  gint64 scan_id;
  char *site;
  char *url;
  char *method;
  guint http_status;
  gint64 latency_ms;
  gint64 bytes;
  char *verdict;
  char *reason;
  char *result;
  gint64 created_at;
} AuraScanResultRecord;

void aura_scan_record_free (AuraScanRecord *record);
void aura_scan_result_record_free (AuraScanResultRecord *record);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraScanRecord, aura_scan_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraScanResultRecord, aura_scan_result_record_free)

G_END_DECLS
