/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib-object.h>

#include "aura-http.h"

G_BEGIN_DECLS

/* One site of a username check list: how to ask it whether a name exists
 * and how to read its answer. The manifest format is described in
 * backend/tools/username/README.md. A site is immutable once loaded and
 * reference counted, so a scan can keep it while the list goes away. */

#define AURA_TYPE_SITE (aura_site_get_type ())

typedef struct _AuraSite AuraSite;

/**
 * AuraVerdict:
 * @AURA_VERDICT_FOUND: the site has an account with that name
 * @AURA_VERDICT_NOT_FOUND: the site says it has none
 * @AURA_VERDICT_INVALID: the name cannot exist there (its username rules
 *   refuse it); the site is never asked
 * @AURA_VERDICT_UNKNOWN: no answer: timeout, error, rate limit, bot wall,
 *   or no rule decided
 */
typedef enum
{
  AURA_VERDICT_FOUND,
  AURA_VERDICT_NOT_FOUND,
  AURA_VERDICT_INVALID,
  AURA_VERDICT_UNKNOWN,
} AuraVerdict;

/**
 * AuraCalibration:
 * @AURA_CALIBRATION_UNTESTED: no calibration check was run
 * @AURA_CALIBRATION_RELIABLE: a name that cannot exist was reported not found
 * @AURA_CALIBRATION_UNRELIABLE: a name that cannot exist was reported found:
 *   the site's detection misfires, its hits are weak
 * @AURA_CALIBRATION_INCONCLUSIVE: the calibration check got no answer
 */
typedef enum
{
  AURA_CALIBRATION_UNTESTED,
  AURA_CALIBRATION_RELIABLE,
  AURA_CALIBRATION_UNRELIABLE,
  AURA_CALIBRATION_INCONCLUSIVE,
} AuraCalibration;

/**
 * AuraSiteProbe:
 * @request: the request to hand to the engine; its strings point into the
 *   storage below and live as long as the probe
 * @username: the name as sent (after the site's own rules: lower case,
 *   stripped characters, Unicode NFC)
 * @url: the probe URL
 * @profile_url: the profile URL to show a person
 * @headers: NULL-terminated "Name: value" lines
 * @body: (nullable): the request body
 *
 * What aura_site_build_probe() makes: an #AuraHttpRequest plus the storage
 * it points into.
 */
typedef struct
{
  AuraHttpRequest request;
  char *username;
  char *url;
  char *profile_url;
  char **headers;
  char *body;
} AuraSiteProbe;

GType aura_site_get_type (void) G_GNUC_CONST;
AuraSite *aura_site_ref (AuraSite *site);
void aura_site_unref (AuraSite *site);

const char *aura_site_get_name (const AuraSite *site);
/* The site's home page. */
const char *aura_site_get_main_url (const AuraSite *site);
/* The templates as written in the manifest, with their {username}. */
const char *aura_site_get_probe_url_template (const AuraSite *site);
const char *aura_site_get_profile_url_template (const AuraSite *site);
/* "GET", "HEAD" or "POST". */
const char *aura_site_get_method (const AuraSite *site);
/* NULL-terminated, lower case, sorted. */
const char *const *aura_site_get_tags (const AuraSite *site);
gboolean aura_site_has_tag (const AuraSite *site, const char *tag);
/* Whether the site is tagged nsfw (or an equivalent such as porn). */
gboolean aura_site_is_nsfw (const AuraSite *site);
gboolean aura_site_get_disabled (const AuraSite *site);
/* Why the site is disabled, or NULL. */
const char *aura_site_get_disabled_reason (const AuraSite *site);
/* A name that exists there, for self-tests, or NULL. */
const char *aura_site_get_known_present (const AuraSite *site);
/* Requests per second the site tolerates (0.0 when the manifest does not
 * say), and how many may be in flight at once (0 when it does not say). */
double aura_site_get_rate (const AuraSite *site);
guint aura_site_get_max_concurrency (const AuraSite *site);
/* Where the entry came from: "aura", "sherlock", "maigret" or
 * "whatsmyname". */
const char *aura_site_get_source (const AuraSite *site);
/* The bot protections the source list says the site uses
 * (NULL-terminated, may be empty), and free-form notes or NULL. */
const char *const *aura_site_get_protection (const AuraSite *site);
const char *aura_site_get_notes (const AuraSite *site);

/* Checks @username against the site's rules (length, allowed characters,
 * regular expression, host-name rules where the name goes in the host).
 * Returns FALSE with a reason starting with "invalid: " in @out_reason. */
gboolean aura_site_check_username (const AuraSite *site, const char *username, char **out_reason);

/* The profile URL to show for @username, NULL when the name is invalid
 * there. */
char *aura_site_format_profile_url (const AuraSite *site, const char *username);

/* The request that asks the site about @username. Fails with
 * AURA_MANIFEST_ERROR_INVALID_USERNAME when the name cannot exist there. */
AuraSiteProbe *aura_site_build_probe (const AuraSite *site, const char *username, GError **error);
void aura_site_probe_free (AuraSiteProbe *probe);

/* Judges the response to the probe for @username. @out_reason receives
 * an untranslated reason whose first word is from a fixed vocabulary
 * (see README.md): "status 404", "text “…” absent", "redirected to …",
 * "blocked: Cloudflare challenge", "rate_limited: status 429"… and
 * @out_confidence a value in 0..1 (0 for unknown). */
AuraVerdict aura_site_judge (const AuraSite *site,
                             const char *username,
                             const AuraHttpResponse *response,
                             char **out_reason,
                             double *out_confidence);

/* A random name that obeys the site's username rules and that nobody
 * plausibly holds, for calibration; NULL when the rules allow no such
 * name. */
char *aura_site_random_username (const AuraSite *site, GRand *rand);

/* What the verdict on a random name says about the site. */
AuraCalibration aura_site_calibration_from_verdict (AuraVerdict random_verdict);
/* The confidence of a verdict once the site's calibration is known: hits on
 * an unreliable site are capped low. */
double aura_site_calibrate_confidence (AuraVerdict verdict,
                                       double confidence,
                                       AuraCalibration calibration);

/* "found", "not_found", "invalid", "unknown". */
const char *aura_verdict_to_string (AuraVerdict verdict);
const char *aura_calibration_to_string (AuraCalibration calibration);

/* Variants of @username a person may also use elsewhere (separators
 * swapped or removed, trailing digits stripped, parts reversed), without
 * @username itself, at most @max, always in the same order. */
GPtrArray *aura_username_variants (const char *username, guint max);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraSite, aura_site_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraSiteProbe, aura_site_probe_free)

G_END_DECLS
