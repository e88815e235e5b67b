/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "aura-api-keys.h"
#include "aura-engine.h"
#include "aura-entity-type.h"
#include "aura-source-list.h"

G_BEGIN_DECLS

/* Asks every applicable passive source about one domain, through the
 * engine, all sources at once; pages through their answers, reads names
 * out of them, normalises and deduplicates them, and remembers which
 * sources found each. See backend/tools/sources/README.md. */

/**
 * AuraSourceState:
 * @AURA_SOURCE_STATE_OK: the source answered (maybe with nothing)
 * @AURA_SOURCE_STATE_ERROR: it failed; what it found before stays
 * @AURA_SOURCE_STATE_SKIPPED: it was not asked (no API key)
 * @AURA_SOURCE_STATE_CANCELLED: the scan was cancelled first
 *
 * How one source ended.
 */
typedef enum
{
  AURA_SOURCE_STATE_OK,
  AURA_SOURCE_STATE_ERROR,
  AURA_SOURCE_STATE_SKIPPED,
  AURA_SOURCE_STATE_CANCELLED,
} AuraSourceState;

/* "ok", "error", "skipped", "cancelled". */
const char *aura_source_state_to_string (AuraSourceState state);

/**
 * AuraSourceHit:
 * @value: the normalised value (lower-case A-labels for names, the
 *   canonical form of addresses and URLs)
 * @kind: %AURA_ENTITY_SUBDOMAIN, %AURA_ENTITY_DOMAIN (the domain itself),
 *   %AURA_ENTITY_EMAIL, %AURA_ENTITY_IP or %AURA_ENTITY_URL
 * @sources: NULL-terminated names of every source that found it, in the
 *   order they did
 *
 * One distinct value found. Owned by the scan; the same pointer is emitted
 * again when another source finds the value.
 */
typedef struct
{
  char *value;
  AuraEntityType kind;
  char **sources;
} AuraSourceHit;

/**
 * AuraSourceSummary:
 * @source: the source's name
 * @state: how it ended
 * @found: distinct values it found and kept
 * @dropped: values it returned that were refused (outside the domain,
 *   malformed, invisible characters…)
 * @pages: pages read
 * @requests: requests sent (pages and the preparation request)
 * @elapsed_ms: from its start to its end
 * @message: (nullable): for an error or a skip, what happened and what to
 *   do (translated, keys redacted); for "ok", a note such as why paging
 *   stopped early, or NULL
 *
 * Where one source stands; final once "source-done" is emitted.
 */
typedef struct
{
  char *source;
  AuraSourceState state;
  guint found;
  guint dropped;
  guint pages;
  guint requests;
  gint64 elapsed_ms;
  char *message;
} AuraSourceSummary;

/**
 * AuraSourceRequest:
 * @source: the source's name
 * @page: 1 for the first page…, 0 for the preparation request
 * @method: the HTTP method
 * @url: the URL as sent, API keys replaced by "REDACTED"
 * @headers: NULL-terminated "Name: value" lines as sent, keys redacted
 * @outcome: how the exchange ended
 * @status: the HTTP status, 0 when none arrived
 * @latency_ms: time of the last attempt
 * @bytes: body bytes received
 * @retries: retries the engine made
 * @truncated: the body was cut at the size limit
 * @error: (nullable): what went wrong with this request (redacted)
 *
 * One request the scan made, for the record (scan_results).
 */
typedef struct
{
  char *source;
  guint page;
  char *method;
  char *url;
  char **headers;
  AuraHttpOutcome outcome;
  guint status;
  gint64 latency_ms;
  guint64 bytes;
  guint retries;
  gboolean truncated;
  char *error;
} AuraSourceRequest;

/**
 * AuraSourceScanOptions:
 * @domain: the domain to ask about (any case, Unicode or A-labels, a
 *   trailing dot allowed)
 * @sources: the manifests to use
 * @source_names: (nullable): only these sources (by name, any case); an
 *   unknown name is an error
 * @kinds: (nullable): only sources yielding one of these kinds
 *   ("subdomain", "email", "ip", "url"), and only hits of these kinds
 * @keys: (nullable): where API keys come from; NULL for a default
 *   #AuraApiKeys (environment and keyring)
 * @max_results: distinct values kept per source (0: the manifest's, else
 *   10,000; never above 100,000)
 * @max_pages: pages read per source (0: the manifest's; never above 1,000)
 * @request_timeout_ms: total time of one request, retries included (0: the
 *   manifest's, else the engine's)
 * @timeout_ms: the whole scan (0: 5 minutes); sources still running then
 *   end in error, keeping what they found
 * @url_overrides: (nullable): "NAME=BASE" entries: every request of source
 *   NAME goes to BASE (an http or https URL; its path, if any, is put in
 *   front of the request's path) instead of the manifest's scheme, host
 *   and port. For tests and mirrors.
 * @ignore_rate_hints: do not pause between a source's pages as its
 *   manifest asks (tests; the engine's own limits still apply)
 *
 * What to scan. The scan copies what it needs.
 */
typedef struct
{
  const char *domain;
  AuraSourceList *sources;
  const char *const *source_names;
  const char *const *kinds;
  AuraApiKeys *keys;
  guint max_results;
  guint max_pages;
  guint request_timeout_ms;
  guint timeout_ms;
  const char *const *url_overrides;
  gboolean ignore_rate_hints;
} AuraSourceScanOptions;

#define AURA_TYPE_SOURCE_SCAN (aura_source_scan_get_type ())
G_DECLARE_FINAL_TYPE (AuraSourceScan, aura_source_scan, AURA, SOURCE_SCAN, GObject)

/* Checks the options: a valid domain, known source names, well-formed URL
 * overrides naming known sources, at least one source left. Signals are
 * emitted in the thread-default main context of the caller of
 * aura_source_scan_start():
 * - "hit" (AuraSourceHit *hit, const char *source): a new value, or a new
 *   source for a value already found;
 * - "request" (AuraSourceRequest *request): each response, for the record;
 * - "source-done" (AuraSourceSummary *summary): once per source;
 * - "finished": once, after every "source-done". */
AuraSourceScan *
aura_source_scan_new (AuraEngine *engine, const AuraSourceScanOptions *options, GError **error);
void aura_source_scan_start (AuraSourceScan *self);
/* Stops every source; what was found stays; sources still running end
 * "cancelled". */
void aura_source_scan_cancel (AuraSourceScan *self);
/* Starts the scan and iterates the thread-default main context until it
 * finishes. FALSE with %G_IO_ERROR_CANCELLED when it was cancelled; a
 * source's failure is not an error of the scan (see the summaries). */
gboolean aura_source_scan_run (AuraSourceScan *self, GError **error);
gboolean aura_source_scan_is_finished (AuraSourceScan *self);
gboolean aura_source_scan_was_cancelled (AuraSourceScan *self);
/* The domain as asked, normalised (lower-case A-labels). */
const char *aura_source_scan_get_domain (AuraSourceScan *self);
/* (element-type AuraSourceHit): every value found, in the order found. */
GPtrArray *aura_source_scan_get_hits (AuraSourceScan *self);
/* The hit for @value of @kind, or NULL. @value is compared as normalised. */
const AuraSourceHit *
aura_source_scan_lookup_hit (AuraSourceScan *self, AuraEntityType kind, const char *value);
/* (element-type AuraSourceSummary): one per source run, in list order. */
GPtrArray *aura_source_scan_get_summaries (AuraSourceScan *self);
/* The summary of one source (by name, any case), or NULL. */
const AuraSourceSummary *aura_source_scan_get_summary (AuraSourceScan *self, const char *source);
/* (element-type AuraSourceRequest): every request, in the order answered. */
GPtrArray *aura_source_scan_get_requests (AuraSourceScan *self);

G_END_DECLS
