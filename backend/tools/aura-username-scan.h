/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "aura-engine.h"
#include "aura-site-list.h"
#include "aura-store.h"

G_BEGIN_DECLS

/* A username sweep: which sites of a list have an account by each name,
 * checked through the engine, calibrated, with what each found profile says
 * extracted, and (with a store) everything recorded in an investigation.
 * See backend/tools/README.md. */

/**
 * AuraUsernameScanOptions:
 * @usernames: the names to look for (NULL-terminated, at least one)
 * @sites: the site list to check
 * @tags: (nullable): only sites with one of these tags
 * @site_names: (nullable): only these sites (by name, any case)
 * @include_nsfw: also check sites tagged nsfw (they are left out otherwise,
 *   unless @tags or @site_names asks for them)
 * @include_disabled: also check sites the list marks disabled
 * @no_calibration: do not check a random name alongside on each site
 * @no_extract: do not read the found profiles
 * @variants: also look for up to this many variants of each name (dots,
 *   underscores, hyphens swapped or removed…)
 * @depth: look in turn for the usernames the found profiles name, this
 *   many hops away (0: no recursion)
 * @max_requests: requests sent at most, all together (0: 100,000); checks
 *   beyond the budget end unknown with the reason "budget"
 * @timeout_ms: time allowed per request (0: the engine's)
 * @investigation_id: where the findings go (needs a store)
 * @seed_entity_id: (optional): the entity the scan starts from, 0 if none
 * @ignore_rate_hints: do not give the engine the sites' rate hints (tests
 *   and benchmarks on loopback); otherwise each site's
 *   `requests_per_second` paces the host its requests go to
 */
typedef struct
{
  const char *const *usernames;
  AuraSiteList *sites;
  const char *const *tags;
  const char *const *site_names;
  gboolean include_nsfw;
  gboolean include_disabled;
  gboolean no_calibration;
  gboolean no_extract;
  guint variants;
  guint depth;
  guint max_requests;
  guint timeout_ms;
  gint64 investigation_id;
  gint64 seed_entity_id;
  gboolean ignore_rate_hints;
} AuraUsernameScanOptions;

/**
 * AuraUsernameCheck:
 * @username: the name checked
 * @site: the site's name
 * @url: the URL asked (NULL when the name is invalid there)
 * @profile_url: the profile URL to show (NULL when invalid)
 * @method: the HTTP method
 * @verdict: found, not found, invalid or unknown
 * @reason: why, in the fixed vocabulary of aura_site_judge()
 * @confidence: 0..1, after calibration
 * @calibration: what the random-name check said about the site
 * @http_status: the status received, 0 when none
 * @latency_ms: how long the request took
 * @bytes: body bytes received
 * @depth: 0 for the names asked, 1 for names found on their profiles…
 * @n_findings: entities extracted from the profile
 *
 * One (username, site) check and its verdict.
 */
typedef struct
{
  char *username;
  char *site;
  char *url;
  char *profile_url;
  char *method;
  AuraVerdict verdict;
  char *reason;
  double confidence;
  AuraCalibration calibration;
  guint http_status;
  gint64 latency_ms;
  guint64 bytes;
  guint depth;
  guint n_findings;
} AuraUsernameCheck;

void aura_username_check_free (AuraUsernameCheck *check);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraUsernameCheck, aura_username_check_free)

/**
 * AuraUsernameScanProgress:
 * @total: checks planned so far (grows when recursion adds names)
 * @done: checks with a verdict
 * @found, @not_found, @unknown, @invalid: verdict counts
 * @errors: unknown verdicts from transport errors and timeouts
 * @blocked: unknown verdicts from bot walls, CAPTCHAs and rate limits
 * @requests: requests sent (probes, calibration, profile pages)
 * @unreliable_sites: sites whose calibration check misfired
 * @elapsed_us: time since the scan started
 */
typedef struct
{
  guint total;
  guint done;
  guint found;
  guint not_found;
  guint unknown;
  guint invalid;
  guint errors;
  guint blocked;
  guint requests;
  guint unreliable_sites;
  gint64 elapsed_us;
} AuraUsernameScanProgress;

#define AURA_TYPE_USERNAME_SCAN (aura_username_scan_get_type ())
G_DECLARE_FINAL_TYPE (AuraUsernameScan, aura_username_scan, AURA, USERNAME_SCAN, GObject)

/* Checks the options (names given, sites left after the filters, the
 * investigation alive when @store is given). Signals are emitted in the
 * thread-default main context of the caller of aura_username_scan_start():
 * "check" (AuraUsernameCheck *, owned by the scan) for every verdict,
 * "progress" at most every 100 ms, "finished" once. */
AuraUsernameScan *aura_username_scan_new (AuraEngine *engine,
                                          AuraStore *store,
                                          const AuraUsernameScanOptions *options,
                                          GError **error);
void aura_username_scan_start (AuraUsernameScan *self);
/* Stops every request in flight; what was found stays recorded and the
 * scan finishes "cancelled". */
void aura_username_scan_cancel (AuraUsernameScan *self);
/* Starts the scan and iterates the thread-default main context until it
 * finishes. FALSE with an error when recording into the store failed. */
gboolean aura_username_scan_run (AuraUsernameScan *self, GError **error);
gboolean aura_username_scan_is_finished (AuraUsernameScan *self);
gboolean aura_username_scan_was_cancelled (AuraUsernameScan *self);
void aura_username_scan_get_progress (AuraUsernameScan *self, AuraUsernameScanProgress *progress);
/* (element-type AuraUsernameCheck): every check with a verdict so far. */
GPtrArray *aura_username_scan_get_checks (AuraUsernameScan *self);
/* The osint_scans row, 0 without a store. */
gint64 aura_username_scan_get_scan_id (AuraUsernameScan *self);
/* The first store error, if recording failed. */
const GError *aura_username_scan_get_error (AuraUsernameScan *self);
/* The sites the filters left. */
guint aura_username_scan_get_n_sites (AuraUsernameScan *self);

G_END_DECLS
