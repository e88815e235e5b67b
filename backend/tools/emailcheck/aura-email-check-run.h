/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "aura-email-check.h"
#include "aura-engine.h"
#include "aura-scan-record.h"
#include "aura-site.h"

G_BEGIN_DECLS

/* Runs email checks for one address through the engine: each check is a
 * first request (when the manifest has one) then the request that answers,
 * judged into a verdict, with the recovery hints the site showed. See
 * backend/tools/emailcheck/README.md. */

/* The evidence kind of recovery hints (aura_store_add_evidence()). */
#define AURA_EMAIL_CHECK_EVIDENCE_KIND "recovery_hint"

/**
 * AuraEmailCheckReason:
 * @AURA_EMAIL_CHECK_REASON_MATCHED: a found or not_found rule decided
 * @AURA_EMAIL_CHECK_REASON_RATE_LIMITED: the site asked to slow down (429
 *   or the check's own rate_limited rules)
 * @AURA_EMAIL_CHECK_REASON_BLOCKED: a bot wall or CAPTCHA answered (the
 *   check's blocked rules or a known wall)
 * @AURA_EMAIL_CHECK_REASON_TIMEOUT: no complete answer before the check's
 *   deadline
 * @AURA_EMAIL_CHECK_REASON_NETWORK: the exchange failed (refused,
 *   connection closed mid-answer, TLS…)
 * @AURA_EMAIL_CHECK_REASON_SERVER_ERROR: the site answered 5xx
 * @AURA_EMAIL_CHECK_REASON_NOT_JSON: the check reads JSON and the answer
 *   was not JSON
 * @AURA_EMAIL_CHECK_REASON_NO_TOKEN: a value the request needs was not in
 *   the first answer
 * @AURA_EMAIL_CHECK_REASON_INCONCLUSIVE: an answer no rule recognised
 * @AURA_EMAIL_CHECK_REASON_CANCELLED: the run was cancelled first
 *
 * Why a check ended as it did. Every reason but MATCHED goes with the
 * verdict unknown.
 */
typedef enum
{
  AURA_EMAIL_CHECK_REASON_MATCHED,
  AURA_EMAIL_CHECK_REASON_RATE_LIMITED,
  AURA_EMAIL_CHECK_REASON_BLOCKED,
  AURA_EMAIL_CHECK_REASON_TIMEOUT,
  AURA_EMAIL_CHECK_REASON_NETWORK,
  AURA_EMAIL_CHECK_REASON_SERVER_ERROR,
  AURA_EMAIL_CHECK_REASON_NOT_JSON,
  AURA_EMAIL_CHECK_REASON_NO_TOKEN,
  AURA_EMAIL_CHECK_REASON_INCONCLUSIVE,
  AURA_EMAIL_CHECK_REASON_CANCELLED,
} AuraEmailCheckReason;

/* "matched", "rate_limited", "blocked", "timeout", "network",
 * "server_error", "not_json", "no_token", "inconclusive", "cancelled". */
const char *aura_email_check_reason_to_string (AuraEmailCheckReason reason);

/**
 * AuraEmailHintKind:
 * @AURA_EMAIL_HINT_PHONE: a masked phone number ("+33 •• •• •• 12")
 * @AURA_EMAIL_HINT_EMAIL: a masked backup address ("j***@g****.com")
 */
typedef enum
{
  AURA_EMAIL_HINT_PHONE,
  AURA_EMAIL_HINT_EMAIL,
} AuraEmailHintKind;

/* "phone", "email". */
const char *aura_email_hint_kind_to_string (AuraEmailHintKind kind);

/**
 * AuraEmailHint:
 * @kind: what it hints at
 * @value: the text as the site showed it (valid UTF-8, controls and
 *   invisible characters removed, at most 128 characters)
 */
typedef struct
{
  AuraEmailHintKind kind;
  char *value;
} AuraEmailHint;

/**
 * AuraEmailCheckResult:
 * @check_id: the check's id
 * @name: the site's name
 * @category: the check's category
 * @verdict: %AURA_VERDICT_FOUND, %AURA_VERDICT_NOT_FOUND or
 *   %AURA_VERDICT_UNKNOWN
 * @reason_kind: why, as a code
 * @reason: why, in words (untranslated, first word from a fixed vocabulary
 *   as in the username checks: "status 200 and json taken = true",
 *   "rate_limited: status 429", "blocked: Cloudflare challenge",
 *   "no_token: “csrf” was not found in the first page"…)
 * @http_status: the status of the last answer, 0 when none arrived
 * @method: the method of the last request sent
 * @url: (nullable): the last URL requested, values taken from the first
 *   answer replaced by "REDACTED"
 * @latency_ms: from the check's start to its end
 * @bytes: body bytes received, both requests together
 * @requests: requests sent (0, 1 or 2)
 * @hints: (element-type AuraEmailHint): recovery hints, empty unless found
 * @needs_online_check: the check's facts are not confirmed online yet
 *
 * How one check ended; owned by the run.
 */
typedef struct
{
  char *check_id;
  char *name;
  char *category;
  AuraVerdict verdict;
  AuraEmailCheckReason reason_kind;
  char *reason;
  guint http_status;
  char *method;
  char *url;
  gint64 latency_ms;
  guint64 bytes;
  guint requests;
  GPtrArray *hints;
  gboolean needs_online_check;
} AuraEmailCheckResult;

void aura_email_check_result_free (AuraEmailCheckResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraEmailCheckResult, aura_email_check_result_free)

/* The row to give aura_store_add_scan_results(): site is the check's id,
 * verdict and reason as above, result a JSON object with the name,
 * category, reason code, hints and needs_online_check. */
AuraScanResultRecord *aura_email_check_result_to_record (const AuraEmailCheckResult *result,
                                                         gint64 scan_id);
/* The metadata of a "recovery_hint" evidence row for @result's hints (a
 * JSON object: email, check, site, url, hints [{kind, value}]), or NULL
 * when it has none. */
char *aura_email_check_result_hints_to_json (const AuraEmailCheckResult *result, const char *email);

/**
 * AuraEmailCheckRunOptions:
 * @email: the address to check
 * @checks: the checks
 * @check_ids: (nullable): only these ids (any case); an unknown id is an
 *   error
 * @include_disabled: run disabled checks too (tests); otherwise they are
 *   left out
 * @max_concurrent: checks running at once (0: 8, never above 64)
 * @check_timeout_ms: each check's deadline, both requests together
 *   (0: 20 s)
 * @url_overrides: (nullable): "ID=BASE" entries: every request of check ID
 *   goes to BASE (an http or https URL; its path, if any, is put in front
 *   of the request's path) instead of the manifest's scheme, host and port.
 *   For tests and mirrors.
 * @ignore_rate_hints: do not give the engine the checks' rate hints
 *   (otherwise each check's `rate` paces its site's host, unless an
 *   override sends the check elsewhere)
 *
 * What to run. The run copies what it needs.
 */
typedef struct
{
  const char *email;
  AuraEmailCheckList *checks;
  const char *const *check_ids;
  gboolean include_disabled;
  guint max_concurrent;
  guint check_timeout_ms;
  const char *const *url_overrides;
  gboolean ignore_rate_hints;
} AuraEmailCheckRunOptions;

#define AURA_TYPE_EMAIL_CHECK_RUN (aura_email_check_run_get_type ())
G_DECLARE_FINAL_TYPE (AuraEmailCheckRun, aura_email_check_run, AURA, EMAIL_CHECK_RUN, GObject)

/* Checks the options: a valid address, known ids, well-formed overrides
 * naming known checks. Signals are emitted in the thread-default main
 * context of the caller of aura_email_check_run_start():
 * - "result" (AuraEmailCheckResult *result): once per check, when it ends
 *   (the result stays owned by the run);
 * - "finished": once, after every "result". */
AuraEmailCheckRun *aura_email_check_run_new (AuraEngine *engine,
                                             const AuraEmailCheckRunOptions *options,
                                             GError **error);
void aura_email_check_run_start (AuraEmailCheckRun *self);
/* Stops every check; those not ended yet end unknown, "cancelled". */
void aura_email_check_run_cancel (AuraEmailCheckRun *self);
/* Starts the run and iterates the thread-default main context until it
 * finishes. FALSE with %G_IO_ERROR_CANCELLED when it was cancelled. */
gboolean aura_email_check_run_run (AuraEmailCheckRun *self, GError **error);
gboolean aura_email_check_run_is_finished (AuraEmailCheckRun *self);
/* The address as checked (trimmed, NFC, domain in lower case). */
const char *aura_email_check_run_get_email (AuraEmailCheckRun *self);
/* How many checks the run holds. */
guint aura_email_check_run_get_n_checks (AuraEmailCheckRun *self);
/* (element-type AuraEmailCheckResult): results in the order checks ended. */
GPtrArray *aura_email_check_run_get_results (AuraEmailCheckRun *self);
/* The result of check @id (any case), or NULL while it runs. */
const AuraEmailCheckResult *aura_email_check_run_lookup (AuraEmailCheckRun *self, const char *id);

G_END_DECLS
