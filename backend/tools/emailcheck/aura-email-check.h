/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Whether an email address has an account on a site, asked the way the
 * site's own registration, login or password-reset pages ask it, described
 * by declarative check manifests (format: backend/tools/emailcheck/README.md).
 * This header holds the checks and their lists; aura-email-check-run.h runs
 * them through the engine. */

#define AURA_EMAIL_CHECK_ERROR (aura_email_check_error_quark ())

/* Limits that keep a hostile manifest from costing much. */
#define AURA_EMAIL_CHECK_MAX_FILE_BYTES (4 * 1024 * 1024)
#define AURA_EMAIL_CHECK_MAX_CHECKS 2000

/**
 * AuraEmailCheckError:
 * @AURA_EMAIL_CHECK_ERROR_PARSE: the file is not JSON
 * @AURA_EMAIL_CHECK_ERROR_FORMAT: the JSON is not an email check manifest
 *   (format tag, version or top level wrong)
 * @AURA_EMAIL_CHECK_ERROR_INVALID: a check breaks the format; the message
 *   names the file, the check and the field
 * @AURA_EMAIL_CHECK_ERROR_TOO_LARGE: a file, a list or a value is over its
 *   limit
 * @AURA_EMAIL_CHECK_ERROR_NOT_FOUND: no such file, folder or check
 *
 * Errors of loading manifests and of setting up a run.
 */
typedef enum
{
  AURA_EMAIL_CHECK_ERROR_PARSE,
  AURA_EMAIL_CHECK_ERROR_FORMAT,
  AURA_EMAIL_CHECK_ERROR_INVALID,
  AURA_EMAIL_CHECK_ERROR_TOO_LARGE,
  AURA_EMAIL_CHECK_ERROR_NOT_FOUND,
} AuraEmailCheckError;

GQuark aura_email_check_error_quark (void);

#define AURA_TYPE_EMAIL_CHECK (aura_email_check_get_type ())

/* One check, immutable once loaded and reference counted. */
typedef struct _AuraEmailCheck AuraEmailCheck;

GType aura_email_check_get_type (void) G_GNUC_CONST;
AuraEmailCheck *aura_email_check_ref (AuraEmailCheck *check);
void aura_email_check_unref (AuraEmailCheck *check);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraEmailCheck, aura_email_check_unref)

/* The stable id ("spotify"): lower case letters, digits, "-" and "_". */
const char *aura_email_check_get_id (const AuraEmailCheck *check);
/* The name people read ("Spotify"). */
const char *aura_email_check_get_name (const AuraEmailCheck *check);
/* The site's home page. */
const char *aura_email_check_get_home (const AuraEmailCheck *check);
/* One word of a fixed vocabulary: "social", "shopping", "dev"… */
const char *aura_email_check_get_category (const AuraEmailCheck *check);
/* Whether the check asks a first page (for a token or a cookie) before
 * the request that answers. */
gboolean aura_email_check_has_prepare (const AuraEmailCheck *check);
/* Requests per second the site tolerates, 0.0 when the manifest does not
 * say (a hint for callers that run many addresses). */
double aura_email_check_get_rate (const AuraEmailCheck *check);
gboolean aura_email_check_get_disabled (const AuraEmailCheck *check);
/* Why the check is disabled, or NULL. */
const char *aura_email_check_get_disabled_reason (const AuraEmailCheck *check);
/* Whether the facts of the check (endpoint, parameters, answers) still
 * have to be confirmed against the real site. */
gboolean aura_email_check_get_needs_online_check (const AuraEmailCheck *check);
/* (nullable): free text for people. */
const char *aura_email_check_get_notes (const AuraEmailCheck *check);
/* The file the check was read from. */
const char *aura_email_check_get_origin (const AuraEmailCheck *check);

#define AURA_TYPE_EMAIL_CHECK_LIST (aura_email_check_list_get_type ())
G_DECLARE_FINAL_TYPE (AuraEmailCheckList, aura_email_check_list, AURA, EMAIL_CHECK_LIST, GObject)

AuraEmailCheckList *aura_email_check_list_new (void);
guint aura_email_check_list_get_n_checks (AuraEmailCheckList *self);
AuraEmailCheck *aura_email_check_list_get_check (AuraEmailCheckList *self, guint index);
/* By id, ignoring ASCII case; NULL when absent. */
AuraEmailCheck *aura_email_check_list_lookup (AuraEmailCheckList *self, const char *id);
/* Adds @check (a reference is taken); a check of the same id is replaced
 * where it stands, with a warning. */
void aura_email_check_list_add (AuraEmailCheckList *self, AuraEmailCheck *check);
/* What loading noticed without failing (a user check replacing a bundled
 * one). NULL-terminated, owned by the list. */
const char *const *aura_email_check_list_get_warnings (AuraEmailCheckList *self);

/* Loads one manifest strictly: any check that breaks the format fails the
 * whole load, with a message "FILE: check “id”: field “x”: what is wrong".
 * Two checks with the same id in one file are an error. */
AuraEmailCheckList *aura_email_check_list_load_file (const char *path, GError **error);
/* The same from text in memory; @origin names it in messages. */
AuraEmailCheckList *aura_email_check_list_load_data (const char *data,
                                                     gssize length,
                                                     const char *origin,
                                                     GError **error);
/* Every *.json file of @dir, in name order; the same id in two files is
 * an error. */
AuraEmailCheckList *aura_email_check_list_load_dir (const char *dir, GError **error);
/* Where the bundled manifests are: $AURA_EMAIL_CHECKS_DIR when set; else
 * $AURA_SOURCE_ROOT/data/email-checks when that folder exists (tests and
 * development trees); else the installed pkgdatadir/email-checks. */
char *aura_email_check_list_get_bundled_dir (void);
/* Where a person keeps their own checks: $XDG_DATA_HOME/aura/email-checks. */
char *aura_email_check_list_get_user_dir (void);
/* The bundled checks, then the user's (which replace bundled checks of the
 * same id, with a warning). A missing user folder is not an error. */
AuraEmailCheckList *aura_email_check_list_load_default (GError **error);

G_END_DECLS
