/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "aura-engine.h"

G_BEGIN_DECLS

/* RDAP (RFC 9082, 9083, 9224, 9537): who registered a domain, who holds an
 * IP network, who runs an autonomous system. The servers are found in the
 * IANA bootstrap files (a copy is bundled, a fresher one can be downloaded
 * into the user cache); every request goes through the engine. See
 * README.md beside this file. */

/**
 * AuraRdapKind:
 * @AURA_RDAP_KIND_DOMAIN: a domain name ("example.com", "bücher.example")
 * @AURA_RDAP_KIND_IP: an IPv4 or IPv6 address or CIDR network
 * @AURA_RDAP_KIND_AUTNUM: an autonomous system number ("AS13335", "13335")
 *
 * What is asked about, and so which bootstrap file and which path
 * ("domain/", "ip/", "autnum/") serve it.
 */
typedef enum
{
  AURA_RDAP_KIND_DOMAIN,
  AURA_RDAP_KIND_IP,
  AURA_RDAP_KIND_AUTNUM,
} AuraRdapKind;

/* "domain", "ip", "autnum". */
const char *aura_rdap_kind_to_string (AuraRdapKind kind);

#define AURA_RDAP_ERROR (aura_rdap_error_quark ())

/**
 * AuraRdapError:
 * @AURA_RDAP_ERROR_INVALID_QUERY: the value is not a domain, an IP address
 *   or network, or an AS number
 * @AURA_RDAP_ERROR_NO_SERVER: the bootstrap files name no RDAP server for it
 * @AURA_RDAP_ERROR_NOT_FOUND: the server answered 404: not found in RDAP
 * @AURA_RDAP_ERROR_RATE_LIMITED: the server answered 429 (after the
 *   engine's retries)
 * @AURA_RDAP_ERROR_HTTP: another HTTP status than 200, 404 or 429
 * @AURA_RDAP_ERROR_NETWORK: the request failed (DNS, connection, TLS,
 *   timeout…); the message carries the engine's
 * @AURA_RDAP_ERROR_MALFORMED: the answer is not an RDAP JSON object (not
 *   JSON, not UTF-8, nested too deep…)
 * @AURA_RDAP_ERROR_WRONG_CLASS: the answer describes another kind of object
 *   than the one asked for
 * @AURA_RDAP_ERROR_TOO_LARGE: the answer is larger than the size limit
 * @AURA_RDAP_ERROR_BOOTSTRAP: a bootstrap file is missing or malformed
 *
 * Runtime failures of RDAP lookups and bootstrap files. Cancellation is
 * %G_IO_ERROR_CANCELLED.
 */
typedef enum
{
  AURA_RDAP_ERROR_INVALID_QUERY,
  AURA_RDAP_ERROR_NO_SERVER,
  AURA_RDAP_ERROR_NOT_FOUND,
  AURA_RDAP_ERROR_RATE_LIMITED,
  AURA_RDAP_ERROR_HTTP,
  AURA_RDAP_ERROR_NETWORK,
  AURA_RDAP_ERROR_MALFORMED,
  AURA_RDAP_ERROR_WRONG_CLASS,
  AURA_RDAP_ERROR_TOO_LARGE,
  AURA_RDAP_ERROR_BOOTSTRAP,
} AuraRdapError;

GQuark aura_rdap_error_quark (void);

/* ---- Results ------------------------------------------------------------ */

/**
 * AuraRdapEvent:
 * @action: the eventAction, lower case ("registration", "expiration",
 *   "last changed", "transfer"…)
 * @date_text: (nullable): the eventDate as the server wrote it
 * @date: (nullable): @date_text read as RFC 3339 (UTC when it names no
 *   zone), %NULL when it cannot be read
 * @actor: (nullable): the eventActor
 */
typedef struct
{
  char *action;
  char *date_text;
  GDateTime *date;
  char *actor;
} AuraRdapEvent;

/**
 * AuraRdapEntity:
 * @handle: (nullable): the entity's handle at the registry
 * @roles: lower-case roles ("registrant", "administrative", "technical",
 *   "abuse", "registrar", "billing", "noc"…), never %NULL
 * @kind: (nullable): the vCard kind ("individual", "org", "group")
 * @name: (nullable): the vCard fn (or the n parts)
 * @organisation: (nullable): the vCard org, units joined by ", "
 * @emails: addresses, never %NULL
 * @phones: voice (and untyped) numbers as written, "tel:" removed, never
 *   %NULL
 * @faxes: fax numbers, never %NULL
 * @address: (nullable): the postal address on one line
 * @country_code: (nullable): the address' ISO 3166 code (the "cc"
 *   parameter) when given
 * @url: (nullable): the vCard url
 * @contact_uri: (nullable): the vCard contact-uri (often a web form that
 *   stands in for a redacted email address)
 * @iana_id: (nullable): the "IANA Registrar ID" public id
 * @redacted: names of the fields that are not public, never %NULL: "name",
 *   "organisation", "email", "phone", "fax", "address", "handle"
 * @parent: index in the result's entities of the entity this one was
 *   nested in (a registrar's abuse contact), -1 at the top level
 *
 * A contact of an RDAP object, read from its jCard. Values the server
 * marked as withheld ("REDACTED FOR PRIVACY", RFC 9537 redactions, empty
 * values) are %NULL or absent and their field is listed in @redacted.
 */
typedef struct
{
  char *handle;
  GStrv roles;
  char *kind;
  char *name;
  char *organisation;
  GStrv emails;
  GStrv phones;
  GStrv faxes;
  char *address;
  char *country_code;
  char *url;
  char *contact_uri;
  char *iana_id;
  GStrv redacted;
  int parent;
} AuraRdapEntity;

gboolean aura_rdap_entity_has_role (const AuraRdapEntity *entity, const char *role);
gboolean aura_rdap_entity_is_redacted (const AuraRdapEntity *entity, const char *field);

/**
 * AuraRdapRedaction:
 * @name: the redacted field's name as the server gave it ("Registrant
 *   Email")
 * @role: (nullable): the contact role it belongs to, when it can be told
 * @field: (nullable): the field ("name", "email"…, as in
 *   #AuraRdapEntity.redacted), when it can be told
 * @method: (nullable): "removal", "emptyValue", "partialValue" or
 *   "replacementValue"
 * @reason: (nullable): why, as the server said
 *
 * One member of the RFC 9537 "redacted" array.
 */
typedef struct
{
  char *name;
  char *role;
  char *field;
  char *method;
  char *reason;
} AuraRdapRedaction;

/**
 * AuraRdapSecureDns:
 * @AURA_RDAP_SECURE_DNS_UNKNOWN: the answer says nothing
 * @AURA_RDAP_SECURE_DNS_SIGNED: the delegation is signed (DNSSEC)
 * @AURA_RDAP_SECURE_DNS_UNSIGNED: the delegation is not signed
 */
typedef enum
{
  AURA_RDAP_SECURE_DNS_UNKNOWN,
  AURA_RDAP_SECURE_DNS_SIGNED,
  AURA_RDAP_SECURE_DNS_UNSIGNED,
} AuraRdapSecureDns;

typedef struct _AuraRdapResult AuraRdapResult;

/**
 * AuraRdapResult:
 * @kind: what was asked for
 * @object_class: the objectClassName ("domain", "ip network", "autnum")
 * @url: (nullable): where it was fetched (%NULL from aura_rdap_parse())
 * @handle: (nullable): the registry's handle
 * @ldh_name: (nullable): domain: the name in ASCII, lower case
 * @unicode_name: (nullable): domain: the name in Unicode, NFC
 * @port43: (nullable): the WHOIS server
 * @status: status values ("active", "client transfer prohibited"…),
 *   never %NULL
 * @events: (element-type AuraRdapEvent): every event
 * @registered: (nullable): the registration event's date
 * @expires: (nullable): the expiration event's date
 * @last_changed: (nullable): the "last changed" event's date
 * @registrar_name: (nullable): the registrar entity's name
 * @registrar_iana_id: (nullable): its IANA Registrar ID
 * @related_url: (nullable): domain: the registrar's RDAP URL for the same
 *   domain (the link with rel "related")
 * @entities: (element-type AuraRdapEntity): every contact, nested ones
 *   included (see #AuraRdapEntity.parent)
 * @nameservers: domain: name servers, lower case, never %NULL
 * @secure_dns: domain: DNSSEC delegation
 * @start_address: (nullable): IP network: first address
 * @end_address: (nullable): IP network: last address
 * @ip_version: (nullable): IP network: "v4" or "v6"
 * @cidrs: IP network: its CIDR blocks (the cidr0 extension when given,
 *   else computed from the range), never %NULL
 * @name: (nullable): IP network or autnum: its name
 * @type: (nullable): IP network or autnum: its type ("ALLOCATED PA"…)
 * @country: (nullable): IP network or autnum: its country code
 * @parent_handle: (nullable): IP network: the enclosing network's handle
 * @start_autnum: autnum: first AS number
 * @end_autnum: autnum: last AS number
 * @redactions: (element-type AuraRdapRedaction): the RFC 9537 list
 * @registrar_data: (nullable): domain lookups: what the registrar's RDAP
 *   server answered for the same domain
 * @registrar_error: (nullable): why the registrar's server gave nothing,
 *   when it was asked and failed (the lookup still succeeds)
 *
 * What an RDAP server says about a domain, an IP network or an
 * autonomous system.
 */
struct _AuraRdapResult
{
  AuraRdapKind kind;
  char *object_class;
  char *url;
  char *handle;
  char *ldh_name;
  char *unicode_name;
  char *port43;
  GStrv status;
  GPtrArray *events;
  GDateTime *registered;
  GDateTime *expires;
  GDateTime *last_changed;
  char *registrar_name;
  char *registrar_iana_id;
  char *related_url;
  GPtrArray *entities;
  GStrv nameservers;
  AuraRdapSecureDns secure_dns;
  char *start_address;
  char *end_address;
  char *ip_version;
  GStrv cidrs;
  char *name;
  char *type;
  char *country;
  char *parent_handle;
  guint32 start_autnum;
  guint32 end_autnum;
  GPtrArray *redactions;
  AuraRdapResult *registrar_data;
  GError *registrar_error;
};

void aura_rdap_result_free (AuraRdapResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraRdapResult, aura_rdap_result_free)

/* The first contact with @role, looked for in the registrar's answer first
 * (it usually has the contacts) and then in the registry's; NULL if none. */
const AuraRdapEntity *aura_rdap_result_find_entity (const AuraRdapResult *result, const char *role);

/**
 * aura_rdap_parse:
 * @json: the response body, @len bytes (need not be NUL-terminated)
 * @len: its length
 * @kind: the kind of object expected
 * @error: %AURA_RDAP_ERROR_MALFORMED, %AURA_RDAP_ERROR_WRONG_CLASS,
 *   %AURA_RDAP_ERROR_NOT_FOUND (an RDAP error object with errorCode 404)
 *   or %AURA_RDAP_ERROR_TOO_LARGE
 *
 * Reads an RDAP answer. Nothing is fetched. Bodies over 8 MiB, nesting
 * deeper than 64 levels, more than 512 entities or 1,000 vCard properties
 * per entity are refused or cut, so hostile answers cost little.
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
AuraRdapResult *aura_rdap_parse (const char *json, gsize len, AuraRdapKind kind, GError **error);

/**
 * aura_rdap_guess_kind:
 * @query: what the user typed
 * @out_kind: (out): the kind it looks like
 *
 * "AS13335" and plain numbers are AS numbers, addresses and CIDRs are IP,
 * anything else with a dot is a domain.
 *
 * Returns: %FALSE when @query looks like none of them
 */
gboolean aura_rdap_guess_kind (const char *query, AuraRdapKind *out_kind);

/* ---- Bootstrap (RFC 9224) ------------------------------------------------ */

/**
 * AuraRdapRegistry:
 * @AURA_RDAP_REGISTRY_DNS: dns.json, top-level domains
 * @AURA_RDAP_REGISTRY_IPV4: ipv4.json, IPv4 prefixes
 * @AURA_RDAP_REGISTRY_IPV6: ipv6.json, IPv6 prefixes
 * @AURA_RDAP_REGISTRY_ASN: asn.json, AS number ranges
 *
 * The four IANA bootstrap files.
 */
typedef enum
{
  AURA_RDAP_REGISTRY_DNS,
  AURA_RDAP_REGISTRY_IPV4,
  AURA_RDAP_REGISTRY_IPV6,
  AURA_RDAP_REGISTRY_ASN,
  AURA_RDAP_N_REGISTRIES,
} AuraRdapRegistry;

/* "dns.json", "ipv4.json", "ipv6.json", "asn.json". */
const char *aura_rdap_registry_get_file_name (AuraRdapRegistry registry);

#define AURA_TYPE_RDAP_BOOTSTRAP (aura_rdap_bootstrap_get_type ())
G_DECLARE_FINAL_TYPE (AuraRdapBootstrap, aura_rdap_bootstrap, AURA, RDAP_BOOTSTRAP, GObject)

/* Where the downloaded files live: $AURA_RDAP_CACHE_DIR, else
 * g_get_user_cache_dir()/aura/rdap. */
char *aura_rdap_bootstrap_get_cache_dir (void);
/* Where the bundled partial copy lives: $AURA_RDAP_BUNDLED_DIR, else
 * PKGDATADIR/rdap. */
char *aura_rdap_bootstrap_get_bundled_dir (void);

/**
 * aura_rdap_bootstrap_new_from_dirs:
 * @cache_dir: (nullable): a folder of downloaded files, each used when
 *   present and valid
 * @bundled_dir: the folder of the bundled files, used for each file the
 *   cache lacks or holds broken
 * @error: %AURA_RDAP_ERROR_BOOTSTRAP when a file is in neither folder or
 *   is malformed in both
 *
 * Returns: (transfer full): the bootstrap, or %NULL with @error set
 */
AuraRdapBootstrap *
aura_rdap_bootstrap_new_from_dirs (const char *cache_dir, const char *bundled_dir, GError **error);
/* aura_rdap_bootstrap_new_from_dirs() with the cache and bundled folders
 * above. */
AuraRdapBootstrap *aura_rdap_bootstrap_new_default (GError **error);

/* The file each registry was read from. */
const char *aura_rdap_bootstrap_get_path (AuraRdapBootstrap *self, AuraRdapRegistry registry);
/* The file's "publication" date as written, or NULL. */
const char *aura_rdap_bootstrap_get_publication (AuraRdapBootstrap *self,
                                                 AuraRdapRegistry registry);

/**
 * aura_rdap_bootstrap_lookup:
 * @self: a bootstrap
 * @kind: what @query is
 * @query: a domain (IDNA A-label or Unicode), an IP address or CIDR, an
 *   AS number ("AS13335" or "13335")
 * @error: %AURA_RDAP_ERROR_INVALID_QUERY or %AURA_RDAP_ERROR_NO_SERVER
 *
 * Finds the RDAP servers for @query: the longest matching domain labels,
 * the longest matching prefix, or the range holding the AS number.
 *
 * Returns: (transfer full): base URLs ending in "/", https ones first
 */
GStrv aura_rdap_bootstrap_lookup (AuraRdapBootstrap *self,
                                  AuraRdapKind kind,
                                  const char *query,
                                  GError **error);

/**
 * aura_rdap_bootstrap_validate:
 * @data: a bootstrap file's text, @len bytes
 * @registry: which file it should be
 * @out_n_services: (out) (optional): how many services it lists
 * @error: %AURA_RDAP_ERROR_BOOTSTRAP saying what is wrong
 *
 * Checks a file before it replaces a cached one: JSON, "version" "1.0",
 * a non-empty "services" list whose entries are valid TLD labels, CIDRs or
 * AS ranges for @registry, with http(s) URLs.
 */
gboolean aura_rdap_bootstrap_validate (
    const char *data, gsize len, AuraRdapRegistry registry, guint *out_n_services, GError **error);

/**
 * AuraRdapBootstrapUpdate:
 * @registry: which file
 * @url: where it was fetched
 * @path: (nullable): where it was saved, %NULL when it was not
 * @n_services: services the new file lists
 * @error: (nullable): why it was not saved (the old copy stays)
 */
typedef struct
{
  AuraRdapRegistry registry;
  char *url;
  char *path;
  guint n_services;
  GError *error;
} AuraRdapBootstrapUpdate;

void aura_rdap_bootstrap_update_free (AuraRdapBootstrapUpdate *update);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraRdapBootstrapUpdate, aura_rdap_bootstrap_update_free)

#define AURA_RDAP_IANA_BOOTSTRAP_URL "https://data.iana.org/rdap/"

/**
 * aura_rdap_bootstrap_refresh_async:
 * @engine: the engine that fetches
 * @base_url: (nullable): where the four files are
 *   (%AURA_RDAP_IANA_BOOTSTRAP_URL when %NULL)
 * @cache_dir: (nullable): where to save them
 *   (aura_rdap_bootstrap_get_cache_dir() when %NULL); created if missing
 * @cancellable: (nullable): to stop
 *
 * Downloads the four files at once; each that validates replaces its
 * cached copy atomically (a temporary file renamed over it), each that
 * does not leaves the old copy alone. The callback runs in the
 * thread-default main context of the caller.
 */
void aura_rdap_bootstrap_refresh_async (AuraEngine *engine,
                                        const char *base_url,
                                        const char *cache_dir,
                                        GCancellable *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer user_data);
/* (element-type AuraRdapBootstrapUpdate): one per file, in registry
 * order; NULL with an error only when cancelled. */
GPtrArray *aura_rdap_bootstrap_refresh_finish (GAsyncResult *result, GError **error);
/* The same, waiting: runs a main context of its own until done. */
GPtrArray *aura_rdap_bootstrap_refresh_run (AuraEngine *engine,
                                            const char *base_url,
                                            const char *cache_dir,
                                            GError **error);

/* ---- Lookups -------------------------------------------------------------- */

/**
 * AuraRdapLookupOptions:
 * @bootstrap: (nullable): where to find servers
 *   (aura_rdap_bootstrap_new_default() when %NULL)
 * @no_registrar: domains: do not follow the registry's link to the
 *   registrar's RDAP server
 * @timeout_ms: time per request (0: the engine's)
 * @max_body: bytes of an answer read at most (0: 2 MiB); larger answers
 *   fail with %AURA_RDAP_ERROR_TOO_LARGE
 *
 * How a lookup runs. All zeros is the default.
 */
typedef struct
{
  AuraRdapBootstrap *bootstrap;
  gboolean no_registrar;
  guint timeout_ms;
  gsize max_body;
} AuraRdapLookupOptions;

/**
 * aura_rdap_lookup_url:
 * @bootstrap: a bootstrap
 * @kind: what @query is
 * @query: the domain, address, network or AS number
 * @error: as aura_rdap_bootstrap_lookup()
 *
 * The URL a lookup asks first: the server's base URL with "domain/NAME",
 * "ip/ADDRESS" or "autnum/N". Domains below a registered one are asked as
 * the registered domain ("www.example.co.uk" → "example.co.uk").
 *
 * Returns: (transfer full): the URL, or %NULL with @error set
 */
char *aura_rdap_lookup_url (AuraRdapBootstrap *bootstrap,
                            AuraRdapKind kind,
                            const char *query,
                            GError **error);

/**
 * aura_rdap_lookup_async:
 * @engine: the engine that fetches
 * @kind: what @query is (see aura_rdap_guess_kind())
 * @query: the domain, address, network or AS number
 * @options: (nullable): how; %NULL for the defaults
 * @cancellable: (nullable): to stop
 *
 * Asks the RDAP server the bootstrap names; for a domain, then follows the
 * registry's "related" link to the registrar's server once (its failure
 * is kept in #AuraRdapResult.registrar_error and does not fail the
 * lookup). The callback runs in the thread-default main context of the
 * caller.
 */
void aura_rdap_lookup_async (AuraEngine *engine,
                             AuraRdapKind kind,
                             const char *query,
                             const AuraRdapLookupOptions *options,
                             GCancellable *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer user_data);
AuraRdapResult *aura_rdap_lookup_finish (GAsyncResult *result, GError **error);
/* The same, waiting: runs a main context of its own until done. */
AuraRdapResult *aura_rdap_lookup_run (AuraEngine *engine,
                                      AuraRdapKind kind,
                                      const char *query,
                                      const AuraRdapLookupOptions *options,
                                      GError **error);

G_END_DECLS
