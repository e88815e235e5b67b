/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "aura-dns.h"
#include "aura-engine.h"

G_BEGIN_DECLS

/* Email addresses (README.md): RFC 5321/5322 parsing with IDNA, the
 * provider behind a domain (bundled data/email/providers.json), disposable
 * domains and role accounts, deliverability from the DNS (MX), and two
 * lookups through the engine: Gravatar and Have I Been Pwned. */

struct _AuraApiKeys;

#define AURA_EMAIL_ERROR (aura_email_error_quark ())

/**
 * AuraEmailError:
 * @AURA_EMAIL_ERROR_EMPTY: nothing but white space
 * @AURA_EMAIL_ERROR_TOO_LONG: the address (or the text given) is too long
 * @AURA_EMAIL_ERROR_ENCODING: not UTF-8, a NUL byte or a control character
 * @AURA_EMAIL_ERROR_INVISIBLE: a bidirectional control or zero-width
 *   character
 * @AURA_EMAIL_ERROR_MIXED_SCRIPTS: a part mixes scripts that look alike
 *   (Latin with Cyrillic or Greek…)
 * @AURA_EMAIL_ERROR_DISPLAY_NAME: a display name, angle brackets or a
 *   comment, refused without %AURA_EMAIL_PARSE_STRIP
 * @AURA_EMAIL_ERROR_NO_AT: no "@" outside quotes, or more than one
 * @AURA_EMAIL_ERROR_LOCAL_PART: the part before "@" is not valid
 * @AURA_EMAIL_ERROR_DOMAIN: the part after "@" is not a valid domain
 * @AURA_EMAIL_ERROR_REFUSED: valid, but refused by a flag (quoted local
 *   part, IP literal, non-ASCII local part)
 * @AURA_EMAIL_ERROR_DATA: a bundled data file is malformed; the message
 *   names the file and the line or entry
 */
typedef enum
{
  AURA_EMAIL_ERROR_EMPTY,
  AURA_EMAIL_ERROR_TOO_LONG,
  AURA_EMAIL_ERROR_ENCODING,
  AURA_EMAIL_ERROR_INVISIBLE,
  AURA_EMAIL_ERROR_MIXED_SCRIPTS,
  AURA_EMAIL_ERROR_DISPLAY_NAME,
  AURA_EMAIL_ERROR_NO_AT,
  AURA_EMAIL_ERROR_LOCAL_PART,
  AURA_EMAIL_ERROR_DOMAIN,
  AURA_EMAIL_ERROR_REFUSED,
  AURA_EMAIL_ERROR_DATA,
} AuraEmailError;

GQuark aura_email_error_quark (void);

/* The longest text aura_email_parse() looks at, display name included. */
#define AURA_EMAIL_MAX_INPUT 1024
/* RFC 5321 §4.5.3.1: 64 octets before "@", 254 in all (the 256 of a path
 * minus its angle brackets). */
#define AURA_EMAIL_MAX_LOCAL 64
#define AURA_EMAIL_MAX_ADDRESS 254

/* Provider data ----------------------------------------------------------- */

/**
 * AuraEmailProviderKind:
 * @AURA_EMAIL_PROVIDER_FREE_WEBMAIL: anyone can open a mailbox (Gmail…)
 * @AURA_EMAIL_PROVIDER_PRIVACY: a privacy-minded service (Proton, Tuta…)
 * @AURA_EMAIL_PROVIDER_ISP: mailboxes that come with an internet line
 * @AURA_EMAIL_PROVIDER_CORPORATE_SUITE: hosted mail for an organisation's
 *   own domain (Google Workspace, Microsoft 365…)
 * @AURA_EMAIL_PROVIDER_HOSTING: mail of a web host or registrar (OVH…)
 * @AURA_EMAIL_PROVIDER_SECURITY_GATEWAY: a filtering service in front of
 *   the real mailboxes (Mimecast, Proofpoint…)
 * @AURA_EMAIL_PROVIDER_EDUCATION: a school or university
 * @AURA_EMAIL_PROVIDER_DISPOSABLE: throw-away mailboxes
 */
typedef enum
{
  AURA_EMAIL_PROVIDER_FREE_WEBMAIL,
  AURA_EMAIL_PROVIDER_PRIVACY,
  AURA_EMAIL_PROVIDER_ISP,
  AURA_EMAIL_PROVIDER_CORPORATE_SUITE,
  AURA_EMAIL_PROVIDER_HOSTING,
  AURA_EMAIL_PROVIDER_SECURITY_GATEWAY,
  AURA_EMAIL_PROVIDER_EDUCATION,
  AURA_EMAIL_PROVIDER_DISPOSABLE,
} AuraEmailProviderKind;

/* "free-webmail", "privacy", "isp", "corporate-suite", "hosting",
 * "security-gateway", "education", "disposable": the names used in
 * providers.json. */
const char *aura_email_provider_kind_to_string (AuraEmailProviderKind kind);
gboolean aura_email_provider_kind_from_string (const char *text, AuraEmailProviderKind *kind);

/**
 * AuraEmailProvider:
 * @id: a stable identifier ("gmail")
 * @name: the name shown ("Gmail")
 * @kind: what kind of service it is
 * @domains: the mail domains it hands out, A-labels in lower case
 * @mx_patterns: MX host names that mark it, "host" or "*.suffix"
 * @lowercase: the canonical form lower-cases the local part
 * @strip_dots: the canonical form drops the dots of the local part
 * @tag_separators: (nullable): characters that start a sub-address
 *   ("+"); the canonical form cuts the local part at the first one
 * @canonical_domain: (nullable): the domain every alias domain stands for
 *   ("gmail.com" for "googlemail.com")
 *
 * One provider, read from providers.json. Owned by its #AuraEmailData.
 */
typedef struct
{
  char *id;
  char *name;
  AuraEmailProviderKind kind;
  char **domains;
  char **mx_patterns;
  gboolean lowercase;
  gboolean strip_dots;
  char *tag_separators;
  char *canonical_domain;
} AuraEmailProvider;

/* Providers, disposable domains and role accounts: immutable once loaded,
 * safe to share between threads. */
typedef struct _AuraEmailData AuraEmailData;

/* From text: @providers_json (providers.json), @disposable (one domain a
 * line, "#" comments) and @roles (one local part a line), each nullable
 * for "none". @origin names the source in messages. Errors
 * AURA_EMAIL_ERROR_DATA name the file, the line (text lists) or the
 * provider (JSON) and what is wrong. */
AuraEmailData *aura_email_data_new_from_text (const char *providers_json,
                                              const char *disposable,
                                              const char *roles,
                                              GError **error);
/* Reads providers.json, disposable.txt and roles.txt from @dir. */
AuraEmailData *aura_email_data_load_dir (const char *dir, GError **error);
/* AURA_EMAIL_DATA_DIR, else $AURA_SOURCE_ROOT/data/email when it exists
 * (development trees, tests), else PKGDATADIR/email. */
char *aura_email_data_get_bundled_dir (void);
/* The bundled data, loaded once per process. Returns (transfer none)
 * (nullable): NULL, with the reason, when it does not load. */
AuraEmailData *aura_email_data_get_default (GError **error);
AuraEmailData *aura_email_data_ref (AuraEmailData *data);
void aura_email_data_unref (AuraEmailData *data);

/* The provider whose domains hold @domain (an A-label, any case) or a
 * parent of it; NULL when none. (transfer none) */
const AuraEmailProvider *aura_email_data_lookup_domain (AuraEmailData *data, const char *domain);
/* The first provider (in file order) with a pattern matching one of
 * @mx_hosts (exchange names, a final dot allowed); NULL when none. */
const AuraEmailProvider *aura_email_data_lookup_mx (AuraEmailData *data,
                                                    const char *const *mx_hosts);
const AuraEmailProvider *aura_email_data_get_provider (AuraEmailData *data, const char *id);
guint aura_email_data_get_n_providers (AuraEmailData *data);
/* The disposable-list entry that @domain is or is under ("mailinator.com"
 * for "x.mailinator.com"), or NULL. (transfer none) */
const char *aura_email_data_match_disposable (AuraEmailData *data, const char *domain);
guint aura_email_data_get_n_disposable (AuraEmailData *data);
/* Whether @local (a tag already cut off, any case) is a role account
 * ("info", "postmaster"…). */
gboolean aura_email_data_is_role (AuraEmailData *data, const char *local);

/* Parsing ---------------------------------------------------------------- */

/**
 * AuraEmailParseFlags:
 * @AURA_EMAIL_PARSE_DEFAULT: strict addr-spec: display names and comments
 *   refused; quoted local parts, IP literals and UTF-8 local parts accepted
 *   (and flagged)
 * @AURA_EMAIL_PARSE_STRIP: accept "Name <addr>", "<addr>" and
 *   (comments) around the address, and drop them (the display name is kept)
 * @AURA_EMAIL_PARSE_REFUSE_QUOTED: refuse quoted local parts
 * @AURA_EMAIL_PARSE_REFUSE_IP_LITERAL: refuse "[192.0.2.1]" domains
 * @AURA_EMAIL_PARSE_REFUSE_EAI: refuse non-ASCII local parts (RFC 6531)
 * @AURA_EMAIL_PARSE_ALLOW_MIXED_SCRIPTS: flag look-alike script mixes
 *   instead of refusing them
 */
typedef enum
{
  AURA_EMAIL_PARSE_DEFAULT = 0,
  AURA_EMAIL_PARSE_STRIP = 1 << 0,
  AURA_EMAIL_PARSE_REFUSE_QUOTED = 1 << 1,
  AURA_EMAIL_PARSE_REFUSE_IP_LITERAL = 1 << 2,
  AURA_EMAIL_PARSE_REFUSE_EAI = 1 << 3,
  AURA_EMAIL_PARSE_ALLOW_MIXED_SCRIPTS = 1 << 4,
} AuraEmailParseFlags;

/**
 * AuraEmailAddressFlags:
 * @AURA_EMAIL_ADDRESS_QUOTED: the local part needs quotes
 * @AURA_EMAIL_ADDRESS_IP_LITERAL: the domain is an address literal
 * @AURA_EMAIL_ADDRESS_EAI: the local part is not ASCII (SMTPUTF8 needed)
 * @AURA_EMAIL_ADDRESS_IDN: the domain has international labels
 * @AURA_EMAIL_ADDRESS_STRIPPED: a display name, brackets or comments were
 *   dropped
 * @AURA_EMAIL_ADDRESS_MIXED_SCRIPTS: a part mixes look-alike scripts
 *   (only with %AURA_EMAIL_PARSE_ALLOW_MIXED_SCRIPTS)
 * @AURA_EMAIL_ADDRESS_DISPOSABLE: the domain is on the disposable list
 * @AURA_EMAIL_ADDRESS_ROLE: the local part is a role account
 */
typedef enum
{
  AURA_EMAIL_ADDRESS_QUOTED = 1 << 0,
  AURA_EMAIL_ADDRESS_IP_LITERAL = 1 << 1,
  AURA_EMAIL_ADDRESS_EAI = 1 << 2,
  AURA_EMAIL_ADDRESS_IDN = 1 << 3,
  AURA_EMAIL_ADDRESS_STRIPPED = 1 << 4,
  AURA_EMAIL_ADDRESS_MIXED_SCRIPTS = 1 << 5,
  AURA_EMAIL_ADDRESS_DISPOSABLE = 1 << 6,
  AURA_EMAIL_ADDRESS_ROLE = 1 << 7,
} AuraEmailAddressFlags;

/**
 * AuraEmailAddress:
 * @address: the normalised address: the local part as written (NFC,
 *   quoted only when it must be), "@", the domain in lower-case A-labels
 * @display: the same with the domain in U-labels, for people
 * @local: the local part as in @address (quotes included when needed)
 * @local_unquoted: the local part's content, quotes and escapes removed
 * @domain: lower-case A-labels, or the literal with its brackets
 *   ("[192.0.2.1]", "[IPv6:2001:db8::1]")
 * @domain_unicode: the domain in U-labels (same as @domain when ASCII)
 * @ip_literal: (nullable): the literal's address in canonical text
 * @display_name: (nullable): the display name dropped by
 *   %AURA_EMAIL_PARSE_STRIP
 * @flags: what is special about the address
 * @tag: (nullable): the sub-address cut off by the canonical form ("news"
 *   in "ann+news@")
 * @canonical: the provider-canonical form: one key per mailbox (Gmail dots
 *   and +tags removed, alias domains merged…); for an unknown provider, the
 *   normalised address with its local part in lower case
 * @provider: (nullable): the provider found by the domain, owned by @data
 * @disposable_match: (nullable): the disposable-list entry matched
 * @username: (nullable): the local part as a username candidate, when it
 *   looks like a handle
 * @username_refusal: (nullable): why @username is NULL, in words
 * @domain_target: (nullable): the domain as a target for the domain scan,
 *   NULL for webmail, privacy, ISP and disposable domains and IP literals
 * @data: (nullable): the data used, kept alive for @provider
 */
typedef struct
{
  char *address;
  char *display;
  char *local;
  char *local_unquoted;
  char *domain;
  char *domain_unicode;
  char *ip_literal;
  char *display_name;
  AuraEmailAddressFlags flags;
  char *tag;
  char *canonical;
  const AuraEmailProvider *provider;
  char *disposable_match;
  char *username;
  char *username_refusal;
  char *domain_target;
  AuraEmailData *data;
} AuraEmailAddress;

void aura_email_address_free (AuraEmailAddress *address);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraEmailAddress, aura_email_address_free)

/* Parses one address with the bundled data (aura_email_data_get_default();
 * without it, syntax only: no provider, canonical form of an unknown
 * provider, no pivots refused for being roles). */
AuraEmailAddress *aura_email_parse (const char *text, AuraEmailParseFlags flags, GError **error);
/* The same with @data (nullable: syntax only) and a length (-1: up to the
 * NUL), so that NUL bytes inside the text are seen and refused. */
AuraEmailAddress *aura_email_parse_full (
    AuraEmailData *data, const char *text, gssize len, AuraEmailParseFlags flags, GError **error);
/* The canonical form of @address under @provider (nullable: unknown);
 * @out_tag (nullable) receives the sub-address cut off. */
char *aura_email_canonicalize (const AuraEmailAddress *address,
                               const AuraEmailProvider *provider,
                               char **out_tag);
JsonNode *aura_email_address_to_json (const AuraEmailAddress *address);

/* Deliverability (MX) ------------------------------------------------------ */

/**
 * AuraEmailMxStatus:
 * @AURA_EMAIL_MX_DELIVERABLE: the domain has MX records
 * @AURA_EMAIL_MX_IMPLICIT: no MX, but A or AAAA records, which receive
 *   mail by RFC 5321 §5.1
 * @AURA_EMAIL_MX_NULL_MX: a null MX ("0 ."): the domain says it takes no
 *   mail (RFC 7505)
 * @AURA_EMAIL_MX_NO_DOMAIN: the domain does not exist (NXDOMAIN)
 * @AURA_EMAIL_MX_NO_MAIL: the domain exists without MX, A or AAAA
 * @AURA_EMAIL_MX_UNKNOWN: the DNS did not say (timeout, SERVFAIL…): see
 *   the reason
 */
typedef enum
{
  AURA_EMAIL_MX_DELIVERABLE,
  AURA_EMAIL_MX_IMPLICIT,
  AURA_EMAIL_MX_NULL_MX,
  AURA_EMAIL_MX_NO_DOMAIN,
  AURA_EMAIL_MX_NO_MAIL,
  AURA_EMAIL_MX_UNKNOWN,
} AuraEmailMxStatus;

/* "deliverable", "implicit", "null-mx", "no-domain", "no-mail",
 * "unknown" */
const char *aura_email_mx_status_to_string (AuraEmailMxStatus status);

/**
 * AuraEmailMxResult:
 * @domain: the domain asked, A-labels
 * @status: what the DNS says
 * @reason: (nullable): why the status is unknown, or a note (a null MX
 *   mixed with other MX records)
 * @mx: (element-type AuraDnsRecord): the MX records, by preference then
 *   name, never NULL
 * @addresses: (nullable): for %AURA_EMAIL_MX_IMPLICIT, the A and AAAA
 *   addresses
 * @provider: (nullable): the provider, by the domain, else by the MX hosts;
 *   owned by @data
 * @provider_by_mx: whether @provider was found by the MX hosts
 * @data: (nullable): the data used
 */
typedef struct
{
  char *domain;
  AuraEmailMxStatus status;
  char *reason;
  GPtrArray *mx;
  char **addresses;
  const AuraEmailProvider *provider;
  gboolean provider_by_mx;
  AuraEmailData *data;
} AuraEmailMxResult;

void aura_email_mx_result_free (AuraEmailMxResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraEmailMxResult, aura_email_mx_result_free)
JsonNode *aura_email_mx_result_to_json (const AuraEmailMxResult *result);

/* Asks @client for the MX of @domain (an A-label, as in
 * AuraEmailAddress.domain), then for A and AAAA when there is none. The
 * callback runs in the thread-default main context of the caller. Fails
 * only for a name the DNS cannot carry (an IP literal included) and
 * cancellation; DNS failures are AURA_EMAIL_MX_UNKNOWN with a reason.
 * @data (nullable) identifies the provider. */
void aura_email_check_mx_async (AuraDnsClient *client,
                                AuraEmailData *data,
                                const char *domain,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer user_data);
AuraEmailMxResult *aura_email_check_mx_finish (GAsyncResult *result, GError **error);

/* Lookup states, shared by Gravatar and HIBP ------------------------------- */

/**
 * AuraEmailLookupState:
 * @AURA_EMAIL_LOOKUP_FOUND: the service knows the address
 * @AURA_EMAIL_LOOKUP_NONE: the service answered that it does not
 * @AURA_EMAIL_LOOKUP_SKIPPED: not asked (no API key…): see the reason
 * @AURA_EMAIL_LOOKUP_UNKNOWN: no usable answer (network, a refused key,
 *   rate limit, malformed answer): see the reason
 */
typedef enum
{
  AURA_EMAIL_LOOKUP_FOUND,
  AURA_EMAIL_LOOKUP_NONE,
  AURA_EMAIL_LOOKUP_SKIPPED,
  AURA_EMAIL_LOOKUP_UNKNOWN,
} AuraEmailLookupState;

/* "found", "none", "skipped", "unknown" */
const char *aura_email_lookup_state_to_string (AuraEmailLookupState state);

/* Gravatar ------------------------------------------------------------------ */

/* The hashes Gravatar files an address under: of the address trimmed and
 * in lower case, as lower-case hex. */
char *aura_gravatar_md5 (const char *email);
char *aura_gravatar_sha256 (const char *email);

/**
 * AuraGravatarOptions:
 * @avatar_base: (nullable): "https://gravatar.com/avatar/"
 * @profile_base: (nullable): the legacy profile JSON,
 *   "https://en.gravatar.com/" (then "<md5>.json")
 * @api_base: (nullable): the REST API, "https://api.gravatar.com/v3/"
 *   (then "profiles/<sha256>")
 * @use_legacy: ask the legacy profile JSON instead of the REST API
 * @api_key: (nullable): a Gravatar API key for the REST API (more fields,
 *   higher limits); sent as a bearer token, never recorded
 * @timeout_ms: per request (0: 15 s)
 * @group: the engine group the requests join (0: a group of their own)
 */
typedef struct
{
  const char *avatar_base;
  const char *profile_base;
  const char *api_base;
  gboolean use_legacy;
  const char *api_key;
  guint timeout_ms;
  guint64 group;
} AuraGravatarOptions;

/**
 * AuraGravatarAccount:
 * @service: the service ("github", or the domain in the legacy shape)
 * @label: (nullable): its name as shown ("GitHub")
 * @url: (nullable): the profile there
 * @username: (nullable): the name there
 * @verified: whether Gravatar verified it
 */
typedef struct
{
  char *service;
  char *label;
  char *url;
  char *username;
  gboolean verified;
} AuraGravatarAccount;

/**
 * AuraGravatarResult:
 * @md5: the MD5 hash
 * @sha256: the SHA-256 hash
 * @avatar: whether an avatar exists (404 with d=404: none)
 * @avatar_url: the avatar's URL (set whatever @avatar says)
 * @avatar_reason: (nullable): why @avatar is unknown
 * @profile: whether a public profile exists
 * @profile_reason: (nullable): why @profile is unknown
 * @profile_url: (nullable), @username: (nullable), @display_name:
 *   (nullable), @about: (nullable), @location: (nullable), @job_title:
 *   (nullable), @company: (nullable), @pronouns: (nullable): from the
 *   profile
 * @accounts: (element-type AuraGravatarAccount): linked accounts
 * @urls: the profile's links, never NULL
 * @photos: the profile's photos, never NULL
 */
typedef struct
{
  char *md5;
  char *sha256;
  AuraEmailLookupState avatar;
  char *avatar_url;
  char *avatar_reason;
  AuraEmailLookupState profile;
  char *profile_reason;
  char *profile_url;
  char *username;
  char *display_name;
  char *about;
  char *location;
  char *job_title;
  char *company;
  char *pronouns;
  GPtrArray *accounts;
  GStrv urls;
  GStrv photos;
} AuraGravatarResult;

void aura_gravatar_result_free (AuraGravatarResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraGravatarResult, aura_gravatar_result_free)
JsonNode *aura_gravatar_result_to_json (const AuraGravatarResult *result);

/* Reads a profile answer into @result (the legacy "entry" shape or the REST
 * API's); FALSE with the reason in @result->profile_reason. For tests and
 * for answers obtained elsewhere. */
gboolean aura_gravatar_read_profile (AuraGravatarResult *result,
                                     const char *body,
                                     gsize len,
                                     gboolean legacy);

/* Asks for the avatar and the profile of @email at once. Never fails but
 * for cancellation: each part has its state. */
void aura_gravatar_lookup_async (AuraEngine *engine,
                                 const char *email,
                                 const AuraGravatarOptions *options,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data);
AuraGravatarResult *aura_gravatar_lookup_finish (GAsyncResult *result, GError **error);

/* Have I Been Pwned ------------------------------------------------------------ */

/* The AuraApiKeys name of the key. */
#define AURA_HIBP_KEY_NAME "hibp"

/**
 * AuraHibpOptions:
 * @base_url: (nullable): "https://haveibeenpwned.com/api/v3"
 * @user_agent: (nullable): the User-Agent HIBP requires ("Aura-OSINT")
 * @skip_pastes: do not ask for pastes
 * @timeout_ms: per request (0: 20 s)
 * @group: the engine group the requests join (0: a group of their own)
 */
typedef struct
{
  const char *base_url;
  const char *user_agent;
  gboolean skip_pastes;
  guint timeout_ms;
  guint64 group;
} AuraHibpOptions;

/**
 * AuraHibpBreach: one breach, as HIBP describes it. Dates are as HIBP
 * writes them (BreachDate "2013-10-04", AddedDate ISO 8601).
 */
typedef struct
{
  char *name;
  char *title;
  char *domain;
  char *breach_date;
  char *added_date;
  gint64 pwn_count;
  GStrv data_classes;
  gboolean is_verified;
  gboolean is_fabricated;
  gboolean is_sensitive;
  gboolean is_retired;
  gboolean is_spam_list;
  gboolean is_malware;
} AuraHibpBreach;

/**
 * AuraHibpPaste: one paste that holds the address.
 */
typedef struct
{
  char *source;
  char *id;
  char *title;
  char *date;
  gint64 email_count;
} AuraHibpPaste;

/**
 * AuraHibpResult:
 * @account: the address asked
 * @breaches_state: found, none, skipped (no key) or unknown
 * @breaches_reason: (nullable): why skipped or unknown, with any key
 *   removed
 * @breaches: (element-type AuraHibpBreach): never NULL
 * @pastes_state, @pastes_reason, @pastes: the same for pastes
 * @retry_after_s: the Retry-After of a final 429, else 0
 */
typedef struct
{
  char *account;
  AuraEmailLookupState breaches_state;
  char *breaches_reason;
  GPtrArray *breaches;
  AuraEmailLookupState pastes_state;
  char *pastes_reason;
  GPtrArray *pastes;
  guint retry_after_s;
} AuraHibpResult;

void aura_hibp_result_free (AuraHibpResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraHibpResult, aura_hibp_result_free)
JsonNode *aura_hibp_result_to_json (const AuraHibpResult *result);

/* Looks up the key "hibp" in @keys, then asks for the breaches and then
 * the pastes of @account (one request at a time: HIBP limits per key).
 * Without a key both parts are skipped with that reason and nothing is
 * sent. Never fails but for cancellation. */
void aura_hibp_lookup_async (AuraEngine *engine,
                             struct _AuraApiKeys *keys,
                             const char *account,
                             const AuraHibpOptions *options,
                             GCancellable *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer user_data);
AuraHibpResult *aura_hibp_lookup_finish (GAsyncResult *result, GError **error);

G_END_DECLS
