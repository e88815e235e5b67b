/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "aura-api-keys.h"
#include "aura-dns.h"
#include "aura-email-check-run.h"
#include "aura-email.h"
#include "aura-engine.h"
#include "aura-store.h"

G_BEGIN_DECLS

/* The email scan (README.md, "The email scan"): the address checked
 * offline (syntax, provider, disposable, role), its mail servers, the
 * account checks, Gravatar and Have I Been Pwned, all at once, then
 * recorded with the pivots (the local part as a username candidate, the
 * domain as a domain target). */

typedef void (*AuraEmailScanCheckFunc) (const AuraEmailCheckResult *result,
                                        guint n_done,
                                        guint n_checks,
                                        gpointer user_data);

/**
 * AuraEmailScanOptions:
 * @email: the address, as typed
 * @investigation_id: where to record (with a store), 0 for none
 * @no_mx, @no_checks, @no_gravatar, @no_breaches: leave a part out
 * @check_ids: (nullable): only these account checks
 * @url_overrides: (nullable): "CHECK=BASE" for the account checks (tests)
 * @gravatar: (nullable): Gravatar endpoints (tests)
 * @hibp: (nullable): Have I Been Pwned endpoint (tests)
 * @keys: (nullable): where the "hibp" key is looked up
 * @dns_servers: (nullable): "IP:PORT" of the resolvers for MX, NULL for
 *   the system's
 * @loopback_only: refuse resolvers outside 127.0.0.0/8
 * @on_check_result: (nullable): called once per account check as it ends,
 *   in the thread that runs aura_email_scan_run(), with the number of
 *   checks ended so far and in all; the result is owned by the scan
 * @user_data: for @on_check_result
 */
typedef struct
{
  const char *email;
  gint64 investigation_id;
  gboolean no_mx;
  gboolean no_checks;
  gboolean no_gravatar;
  gboolean no_breaches;
  const char *const *check_ids;
  const char *const *url_overrides;
  const AuraGravatarOptions *gravatar;
  const AuraHibpOptions *hibp;
  AuraApiKeys *keys;
  const char *const *dns_servers;
  gboolean loopback_only;
  AuraEmailScanCheckFunc on_check_result;
  gpointer user_data;
} AuraEmailScanOptions;

typedef struct _AuraEmailScan AuraEmailScan;

/* Parses the address (an invalid one is an AURA_EMAIL_ERROR) and loads
 * what the parts need; @store may be NULL (nothing recorded). */
AuraEmailScan *aura_email_scan_new (AuraEngine *engine,
                                    AuraStore *store,
                                    const AuraEmailScanOptions *options,
                                    GError **error);
void aura_email_scan_free (AuraEmailScan *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraEmailScan, aura_email_scan_free)

/* Runs every part at once in a private main context, then records. A part
 * that fails says so in its result; only recording can fail the run. */
gboolean aura_email_scan_run (AuraEmailScan *self, GCancellable *cancellable, GError **error);

const AuraEmailAddress *aura_email_scan_get_address (AuraEmailScan *self);
/* (nullable) each, when the part ran */
const AuraEmailMxResult *aura_email_scan_get_mx (AuraEmailScan *self);
const char *aura_email_scan_get_mx_error (AuraEmailScan *self);
const AuraGravatarResult *aura_email_scan_get_gravatar (AuraEmailScan *self);
const char *aura_email_scan_get_gravatar_error (AuraEmailScan *self);
const AuraHibpResult *aura_email_scan_get_hibp (AuraEmailScan *self);
const char *aura_email_scan_get_hibp_error (AuraEmailScan *self);
/* (element-type AuraEmailCheckResult), in check order; NULL without checks */
GPtrArray *aura_email_scan_get_check_results (AuraEmailScan *self);
gint64 aura_email_scan_get_scan_id (AuraEmailScan *self);
JsonNode *aura_email_scan_to_json (AuraEmailScan *self);

G_END_DECLS
