/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* DNS records for the domain scan (README.md): lookups of the common record
 * types with c-ares on the caller's main context, CNAME chains, a survey of
 * one domain, zone transfers (AXFR) with ldns, and the SPF and DMARC policy
 * parsers. */

#define AURA_DNS_ERROR (aura_dns_error_quark ())

/**
 * AuraDnsError:
 * @AURA_DNS_ERROR_INVALID_NAME: the name cannot be sent: empty, a label over
 *   63 bytes, over 253 bytes in all, a character DNS names do not carry, or
 *   an international name IDNA refuses; nothing was sent
 * @AURA_DNS_ERROR_INVALID_SERVER: a server is not of the form IP[:PORT]
 * @AURA_DNS_ERROR_NOT_LOOPBACK: loopback-only mode refused a server outside
 *   127.0.0.0/8 and ::1; nothing was sent to it
 * @AURA_DNS_ERROR_NXDOMAIN: the name does not exist
 * @AURA_DNS_ERROR_NODATA: the name exists but has no record of that type
 * @AURA_DNS_ERROR_SERVFAIL: the server failed to answer (SERVFAIL)
 * @AURA_DNS_ERROR_REFUSED: the server refused to answer (REFUSED)
 * @AURA_DNS_ERROR_TIMEOUT: no answer within the time allowed
 * @AURA_DNS_ERROR_UNREACHABLE: the server could not be reached (connection
 *   refused: nothing listens there)
 * @AURA_DNS_ERROR_MALFORMED: the answer could not be read, or a transfer
 *   stopped half-way
 * @AURA_DNS_ERROR_CNAME_LOOP: a CNAME chain comes back to a name already in
 *   it
 * @AURA_DNS_ERROR_CNAME_TOO_LONG: a CNAME chain has more than
 *   %AURA_DNS_MAX_CNAME_HOPS aliases
 * @AURA_DNS_ERROR_TRANSFER_REFUSED: the server refused the zone transfer
 *   (NOTAUTH, REFUSED, NOTIMP, an empty answer, or the connection closed)
 * @AURA_DNS_ERROR_TOO_BIG: a zone transfer passed the record limit (or
 *   256 MiB of messages)
 * @AURA_DNS_ERROR_NOT_POLICY: the text is not an SPF (v=spf1) or DMARC
 *   (v=DMARC1) record at all
 * @AURA_DNS_ERROR_POLICY_SYNTAX: an SPF or DMARC record is invalid; the
 *   message says where and why
 * @AURA_DNS_ERROR_FAILED: anything else; the message says what
 *
 * Cancellation is reported as %G_IO_ERROR_CANCELLED.
 */
typedef enum
{
  AURA_DNS_ERROR_INVALID_NAME,
  AURA_DNS_ERROR_INVALID_SERVER,
  AURA_DNS_ERROR_NOT_LOOPBACK,
  AURA_DNS_ERROR_NXDOMAIN,
  AURA_DNS_ERROR_NODATA,
  AURA_DNS_ERROR_SERVFAIL,
  AURA_DNS_ERROR_REFUSED,
  AURA_DNS_ERROR_TIMEOUT,
  AURA_DNS_ERROR_UNREACHABLE,
  AURA_DNS_ERROR_MALFORMED,
  AURA_DNS_ERROR_CNAME_LOOP,
  AURA_DNS_ERROR_CNAME_TOO_LONG,
  AURA_DNS_ERROR_TRANSFER_REFUSED,
  AURA_DNS_ERROR_TOO_BIG,
  AURA_DNS_ERROR_NOT_POLICY,
  AURA_DNS_ERROR_POLICY_SYNTAX,
  AURA_DNS_ERROR_FAILED,
} AuraDnsError;

GQuark aura_dns_error_quark (void);

/* The longest CNAME chain followed: aliases after the queried name. */
#define AURA_DNS_MAX_CNAME_HOPS 16
/* The most records a zone transfer keeps before it stops. */
#define AURA_DNS_AXFR_MAX_RECORDS 1000000

/* Record types ------------------------------------------------------------ */

/**
 * AuraDnsType:
 *
 * The record types Aura looks up, by their numbers in the DNS. Records of
 * other types (from a zone transfer) keep their number in
 * #AuraDnsRecord.type.
 */
typedef enum
{
  AURA_DNS_TYPE_A = 1,
  AURA_DNS_TYPE_NS = 2,
  AURA_DNS_TYPE_CNAME = 5,
  AURA_DNS_TYPE_SOA = 6,
  AURA_DNS_TYPE_PTR = 12,
  AURA_DNS_TYPE_MX = 15,
  AURA_DNS_TYPE_TXT = 16,
  AURA_DNS_TYPE_AAAA = 28,
  AURA_DNS_TYPE_SRV = 33,
  AURA_DNS_TYPE_CAA = 257,
} AuraDnsType;

/* "A", "MX"… or "TYPE65" for a type without a mnemonic here. The string is
 * static for the types of #AuraDnsType, interned otherwise. */
const char *aura_dns_type_to_string (guint type);
/* Reads "mx", "MX" or "TYPE15"; FALSE when @text names no type. */
gboolean aura_dns_type_from_string (const char *text, guint *type);

/**
 * AuraDnsRecord:
 * @type: the record type (an #AuraDnsType or any other type number)
 * @name: the owner name in lower case A-labels, without the final dot
 * @ttl: time to live, in seconds
 * @address: A, AAAA: the address in canonical text
 * @target: CNAME, NS, PTR: the name pointed to; MX: the exchange; SRV: the
 *   target; SOA: the primary name server. Lower case, no final dot ("." for
 *   the root, as in a null MX)
 * @preference: MX preference
 * @priority: SRV priority
 * @weight: SRV weight
 * @port: SRV port
 * @strings: TXT: the character-strings of the record, in order, as UTF-8
 *   (bytes that are not UTF-8, and NUL bytes, become U+FFFD)
 * @text: TXT: the character-strings concatenated without separator, as
 *   RFC 7208 §3.3 reads an SPF record split into several strings
 * @mailbox: SOA: the responsible mailbox, as a domain name
 * @serial: SOA serial
 * @refresh: SOA refresh, seconds
 * @retry: SOA retry, seconds
 * @expire: SOA expire, seconds
 * @minimum: SOA minimum (negative caching TTL), seconds
 * @caa_flags: CAA flags (128: critical)
 * @caa_tag: CAA tag ("issue", "issuewild", "iodef"…)
 * @caa_value: CAA value, as UTF-8 (see @strings)
 * @rdata: the record data in zone-file presentation, for every type: names
 *   end with a dot, TXT strings are quoted with bytes outside printable
 *   ASCII as \DDD; for types without fields here, ldns' presentation
 *
 * One resource record. Fields that do not apply to @type are 0 or NULL.
 */
typedef struct
{
  guint type;
  char *name;
  guint32 ttl;
  char *address;
  char *target;
  guint16 preference;
  guint16 priority;
  guint16 weight;
  guint16 port;
  char **strings;
  char *text;
  char *mailbox;
  guint32 serial;
  guint32 refresh;
  guint32 retry;
  guint32 expire;
  guint32 minimum;
  guint8 caa_flags;
  char *caa_tag;
  char *caa_value;
  char *rdata;
} AuraDnsRecord;

AuraDnsRecord *aura_dns_record_copy (const AuraDnsRecord *record);
void aura_dns_record_free (AuraDnsRecord *record);
/* "example.test. 60 IN MX 10 mail.example.test.": owner, TTL, class, type
 * and @rdata, one line, stable across versions of Aura. */
char *aura_dns_record_to_string (const AuraDnsRecord *record);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraDnsRecord, aura_dns_record_free)

/* Names ------------------------------------------------------------------- */

/* The name as it is sent: international labels converted to A-labels
 * (IDNA 2008, UTS #46 mapping), lower case, no final dot; "_" is allowed
 * (_dmarc, _sip._tcp) and "*" as a whole label. Refuses, with
 * AURA_DNS_ERROR_INVALID_NAME and the reason, an empty name or label, a
 * label over 63 bytes, a name over 253 bytes, a character DNS names do not
 * carry, text that is not UTF-8. */
char *aura_dns_normalize_name (const char *name, GError **error);
/* The reverse-lookup name of an IPv4 or IPv6 address:
 * "9.0.0.127.in-addr.arpa", "1.0.…ip6.arpa"; AURA_DNS_ERROR_INVALID_NAME
 * when @address is not an IP address. */
char *aura_dns_reverse_name (const char *address, GError **error);

/* The client -------------------------------------------------------------- */

/**
 * AuraDnsClientOptions:
 * @servers: (nullable): servers to ask, each "IP" or "IP:PORT" ("[IPv6]:PORT"
 *   for IPv6 with a port); NULL or empty: those of /etc/resolv.conf
 * @timeout_ms: the wait for an answer to one try (0: 2000)
 * @tries: tries per server (0: 2)
 * @loopback_only: refuse every server outside 127.0.0.0/8 and ::1 (forced
 *   on when the environment has AURA_LOOPBACK_ONLY=1)
 *
 * A query is sent at most @tries × (number of servers) times and ends,
 * whatever c-ares does, @timeout_ms × @tries × (number of servers) plus
 * 250 ms after it is sent (a client keeps 64 queries out at once per main
 * context; the others wait their turn). The first answer counts, whatever
 * its rcode: another server is asked only when one does not answer. A
 * lookup that follows aliases sends one query per step. All zeros is a
 * usable default.
 */
typedef struct
{
  const char *const *servers;
  guint timeout_ms;
  guint tries;
  gboolean loopback_only;
} AuraDnsClientOptions;

#define AURA_TYPE_DNS_CLIENT (aura_dns_client_get_type ())
G_DECLARE_FINAL_TYPE (AuraDnsClient, aura_dns_client, AURA, DNS_CLIENT, GObject)

/* @options may be NULL. Fails with AURA_DNS_ERROR_INVALID_SERVER or
 * AURA_DNS_ERROR_NOT_LOOPBACK (nothing is sent then), or
 * AURA_DNS_ERROR_FAILED when c-ares cannot be set up. */
AuraDnsClient *aura_dns_client_new (const AuraDnsClientOptions *options, GError **error);
/* The servers asked, "IP:PORT" each. */
char **aura_dns_client_get_servers (AuraDnsClient *self);
gboolean aura_dns_client_get_loopback_only (AuraDnsClient *self);

/* Every asynchronous call runs its queries on the main context that is the
 * thread default when it is made, and calls @callback there. The _sync
 * variants iterate a private main context until the answer is in; they
 * block the calling thread, so they are for the CLI, tests and workers. */

/* The records of @type at @name. For PTR, @name may be an IPv4 or IPv6
 * address (its reverse name is asked). When @name is an alias, the CNAME
 * records that lead to the answer come first, then the records of @type.
 * Returns (element-type AuraDnsRecord) (transfer full): never empty; no
 * record of @type is AURA_DNS_ERROR_NODATA. */
void aura_dns_client_lookup_async (AuraDnsClient *self,
                                   const char *name,
                                   guint type,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data);
GPtrArray *
aura_dns_client_lookup_finish (AuraDnsClient *self, GAsyncResult *result, GError **error);
GPtrArray *aura_dns_client_lookup_sync (
    AuraDnsClient *self, const char *name, guint type, GCancellable *cancellable, GError **error);

/**
 * AuraDnsChainStatus:
 * @AURA_DNS_CHAIN_RESOLVED: the last name has addresses
 * @AURA_DNS_CHAIN_NO_ADDRESS: the last name exists but has no A or AAAA
 * @AURA_DNS_CHAIN_DANGLING: the last alias points to a name that does not
 *   exist (a candidate for subdomain takeover)
 * @AURA_DNS_CHAIN_LOOP: the chain comes back to a name already in it
 * @AURA_DNS_CHAIN_TOO_LONG: more than %AURA_DNS_MAX_CNAME_HOPS aliases
 * @AURA_DNS_CHAIN_FAILED: a query along the chain failed (timeout,
 *   SERVFAIL…)
 */
typedef enum
{
  AURA_DNS_CHAIN_RESOLVED,
  AURA_DNS_CHAIN_NO_ADDRESS,
  AURA_DNS_CHAIN_DANGLING,
  AURA_DNS_CHAIN_LOOP,
  AURA_DNS_CHAIN_TOO_LONG,
  AURA_DNS_CHAIN_FAILED,
} AuraDnsChainStatus;

/**
 * AuraDnsChain:
 * @status: how the chain ends
 * @names: the queried name (normalised), then each alias in order; a loop
 *   does not repeat the name it comes back to
 * @addresses: the A then AAAA addresses of the last name, possibly empty
 * @records: (element-type AuraDnsRecord): the CNAME, A and AAAA records
 *   that make the chain, in the order met
 * @error: (nullable): why @status is not %AURA_DNS_CHAIN_RESOLVED
 *   (AURA_DNS_ERROR_CNAME_LOOP, _CNAME_TOO_LONG, _NXDOMAIN, _NODATA, or the
 *   error of the query that failed)
 */
typedef struct
{
  AuraDnsChainStatus status;
  char **names;
  char **addresses;
  GPtrArray *records;
  GError *error;
} AuraDnsChain;

void aura_dns_chain_free (AuraDnsChain *chain);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraDnsChain, aura_dns_chain_free)

/* Follows the CNAMEs of @name (those in the answers, and by asking again
 * when a server gives only the alias) to the addresses of the last name.
 * Returns a chain when there is something to show: an address or at least
 * one alias. When the queried name itself has neither, or its first query
 * fails, returns NULL and the error (NXDOMAIN, NODATA, TIMEOUT…). */
void aura_dns_client_resolve_chain_async (AuraDnsClient *self,
                                          const char *name,
                                          GCancellable *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer user_data);
AuraDnsChain *
aura_dns_client_resolve_chain_finish (AuraDnsClient *self, GAsyncResult *result, GError **error);
AuraDnsChain *aura_dns_client_resolve_chain_sync (AuraDnsClient *self,
                                                  const char *name,
                                                  GCancellable *cancellable,
                                                  GError **error);

/* Policies: SPF and DMARC --------------------------------------------------- */

/**
 * AuraSpfQualifier:
 *
 * The result a mechanism gives when it matches.
 */
typedef enum
{
  AURA_SPF_PASS = '+',
  AURA_SPF_FAIL = '-',
  AURA_SPF_SOFTFAIL = '~',
  AURA_SPF_NEUTRAL = '?',
} AuraSpfQualifier;

typedef enum
{
  AURA_SPF_ALL,
  AURA_SPF_INCLUDE,
  AURA_SPF_A,
  AURA_SPF_MX,
  AURA_SPF_PTR,
  AURA_SPF_IP4,
  AURA_SPF_IP6,
  AURA_SPF_EXISTS,
} AuraSpfMechanismType;

/**
 * AuraSpfMechanism:
 * @qualifier: the qualifier, %AURA_SPF_PASS when none is written
 * @type: the mechanism
 * @domain: (nullable): include, exists: the domain-spec; a, mx, ptr: the
 *   domain-spec when one is written. Macros are kept as written
 * @network: (nullable): ip4, ip6: the address as written
 * @cidr4: a, mx, ip4: the IPv4 prefix length, -1 when none is written
 * @cidr6: a, mx, ip6: the IPv6 prefix length, -1 when none is written
 * @offset: byte offset of the term in the record
 */
typedef struct
{
  AuraSpfQualifier qualifier;
  AuraSpfMechanismType type;
  char *domain;
  char *network;
  int cidr4;
  int cidr6;
  gsize offset;
} AuraSpfMechanism;

/**
 * AuraSpfRecord:
 * @mechanisms: (element-type AuraSpfMechanism): in the order written
 * @redirect: (nullable): the redirect= domain-spec
 * @explanation: (nullable): the exp= domain-spec
 * @modifiers: (element-type utf8): other modifiers, "name=value" as written
 * @dns_lookups: the mechanisms and modifiers that cost a DNS lookup
 *   (include, a, mx, ptr, exists, redirect), counted in this record only;
 *   RFC 7208 §4.6.4 allows 10 for a whole evaluation
 * @warnings: (element-type utf8): sentences about legal but doubtful
 *   parts (ptr, terms after "all", redirect ignored because of "all", over
 *   10 lookups)
 */
typedef struct
{
  GPtrArray *mechanisms;
  char *redirect;
  char *explanation;
  GPtrArray *modifiers;
  guint dns_lookups;
  GPtrArray *warnings;
} AuraSpfRecord;

/* RFC 7208: "v=spf1", then terms separated by spaces. Fails with
 * AURA_DNS_ERROR_NOT_POLICY when @text does not start with "v=spf1" (any
 * case) followed by a space or its end, or AURA_DNS_ERROR_POLICY_SYNTAX;
 * the message quotes the term and its position (1-based byte offset), and
 * @error_offset (nullable) receives the 0-based byte offset. Records over
 * 4096 bytes are refused. */
AuraSpfRecord *aura_spf_parse (const char *text, gsize *error_offset, GError **error);
void aura_spf_record_free (AuraSpfRecord *record);
/* "all", "include"… */
const char *aura_spf_mechanism_type_to_string (AuraSpfMechanismType type);
/* Whether @text starts like an SPF record ("v=spf1" then a space or end). */
gboolean aura_spf_is_record (const char *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraSpfRecord, aura_spf_record_free)

typedef enum
{
  AURA_DMARC_NONE,
  AURA_DMARC_QUARANTINE,
  AURA_DMARC_REJECT,
} AuraDmarcPolicy;

typedef enum
{
  AURA_DMARC_RELAXED = 'r',
  AURA_DMARC_STRICT = 's',
} AuraDmarcAlignment;

/**
 * AuraDmarcUri:
 * @uri: the reporting URI ("mailto:dmarc@example.com")
 * @max_size: the size limit in bytes written after "!", 0 when none
 */
typedef struct
{
  char *uri;
  guint64 max_size;
} AuraDmarcUri;

/**
 * AuraDmarcRecord:
 * @policy: p=, or none when p is missing but rua is valid (RFC 7489 §6.6.3)
 * @subdomain_policy: sp=, else @policy
 * @has_subdomain_policy: whether sp= is written
 * @percent: pct=, 0–100 (default 100)
 * @rua: (element-type AuraDmarcUri): aggregate report addresses
 * @ruf: (element-type AuraDmarcUri): failure report addresses
 * @adkim: DKIM alignment (default relaxed)
 * @aspf: SPF alignment (default relaxed)
 * @failure_options: fo=, the options joined by ":" (default "0")
 * @interval: ri=, seconds between aggregate reports (default 86400)
 * @report_format: rf= (default "afrf")
 * @warnings: (element-type utf8): sentences about legal but doubtful parts
 *   (unknown tags, p missing, pct below 100…)
 */
typedef struct
{
  AuraDmarcPolicy policy;
  AuraDmarcPolicy subdomain_policy;
  gboolean has_subdomain_policy;
  guint percent;
  GPtrArray *rua;
  GPtrArray *ruf;
  AuraDmarcAlignment adkim;
  AuraDmarcAlignment aspf;
  char *failure_options;
  guint32 interval;
  char *report_format;
  GPtrArray *warnings;
} AuraDmarcRecord;

/* RFC 7489 §6.3–6.4: "v=DMARC1" first, then tag=value pairs separated by
 * ";". Unknown tags are ignored (with a warning). Fails with
 * AURA_DNS_ERROR_NOT_POLICY when @text does not start with v=DMARC1, or
 * AURA_DNS_ERROR_POLICY_SYNTAX naming the tag and the reason (a bad value,
 * a tag given twice, p missing without a valid rua…). Records over 4096
 * bytes are refused. */
AuraDmarcRecord *aura_dmarc_parse (const char *text, GError **error);
void aura_dmarc_record_free (AuraDmarcRecord *record);
/* "none", "quarantine", "reject" */
const char *aura_dmarc_policy_to_string (AuraDmarcPolicy policy);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraDmarcRecord, aura_dmarc_record_free)

/* The survey of one domain ---------------------------------------------------- */

/**
 * AuraDnsSurveyPart:
 * @AURA_DNS_SURVEY_SRV: the SRV records of a fixed list of well-known
 *   services under the domain (_sip._tcp, _xmpp-server._tcp…)
 * @AURA_DNS_SURVEY_PTR: the PTR records of the A and AAAA addresses found
 *   (at most 16 addresses)
 * @AURA_DNS_SURVEY_DMARC: the TXT records of _dmarc.DOMAIN
 *
 * The other parts are the records of that type at the domain.
 */
typedef enum
{
  AURA_DNS_SURVEY_A,
  AURA_DNS_SURVEY_AAAA,
  AURA_DNS_SURVEY_CNAME,
  AURA_DNS_SURVEY_MX,
  AURA_DNS_SURVEY_NS,
  AURA_DNS_SURVEY_TXT,
  AURA_DNS_SURVEY_SOA,
  AURA_DNS_SURVEY_CAA,
  AURA_DNS_SURVEY_SRV,
  AURA_DNS_SURVEY_PTR,
  AURA_DNS_SURVEY_DMARC,
  AURA_DNS_SURVEY_N_PARTS,
} AuraDnsSurveyPart;

/**
 * AuraDnsSurveyResult:
 * @records: (element-type AuraDnsRecord): the records found, never NULL,
 *   possibly empty; only records of the part's type (no CNAME)
 * @error: (nullable): why @records is empty (NODATA, NXDOMAIN, TIMEOUT…)
 */
typedef struct
{
  GPtrArray *records;
  GError *error;
} AuraDnsSurveyResult;

/**
 * AuraDnsSurvey:
 * @domain: the domain surveyed, normalised
 * @parts: one result per #AuraDnsSurveyPart
 * @spf: (nullable): the domain's SPF record, parsed, when exactly one TXT
 *   record is SPF and it is valid
 * @spf_error: (nullable): why @spf is NULL while TXT records were found
 *   (none is SPF: AURA_DNS_ERROR_NOT_POLICY; several; invalid)
 * @dmarc: (nullable): the DMARC record, parsed, when exactly one is valid
 * @dmarc_error: (nullable): why @dmarc is NULL
 */
typedef struct
{
  char *domain;
  AuraDnsSurveyResult parts[AURA_DNS_SURVEY_N_PARTS];
  AuraSpfRecord *spf;
  GError *spf_error;
  AuraDmarcRecord *dmarc;
  GError *dmarc_error;
} AuraDnsSurvey;

void aura_dns_survey_free (AuraDnsSurvey *survey);
/* "a", "aaaa", "cname", "mx", "ns", "txt", "soa", "caa", "srv", "ptr",
 * "dmarc" */
const char *aura_dns_survey_part_to_string (AuraDnsSurveyPart part);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraDnsSurvey, aura_dns_survey_free)

/* Every part of the survey at once (all queries in flight together). Each
 * part has its records or its error; the call itself fails only for an
 * invalid name or cancellation. */
void aura_dns_client_survey_async (AuraDnsClient *self,
                                   const char *domain,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data);
AuraDnsSurvey *
aura_dns_client_survey_finish (AuraDnsClient *self, GAsyncResult *result, GError **error);
AuraDnsSurvey *aura_dns_client_survey_sync (AuraDnsClient *self,
                                            const char *domain,
                                            GCancellable *cancellable,
                                            GError **error);

/* SPF evaluation of a domain -------------------------------------------------------- */

/**
 * AuraSpfCheckResult:
 * @AURA_SPF_CHECK_OK: every record reached is valid, within 10 lookups
 * @AURA_SPF_CHECK_NONE: the domain has no SPF record
 * @AURA_SPF_CHECK_PERMERROR: what receivers call permerror: an invalid
 *   record, several SPF records, an include or redirect target without
 *   one, an include loop, or more than 10 DNS lookups
 * @AURA_SPF_CHECK_TEMPERROR: a lookup failed (timeout, SERVFAIL…)
 */
typedef enum
{
  AURA_SPF_CHECK_OK,
  AURA_SPF_CHECK_NONE,
  AURA_SPF_CHECK_PERMERROR,
  AURA_SPF_CHECK_TEMPERROR,
} AuraSpfCheckResult;

/**
 * AuraSpfCheckStep:
 * @domain: the domain whose record this is
 * @depth: 0 for the domain checked, 1 for its includes and redirect…
 * @via: (nullable): "include" or "redirect", how the step was reached
 * @text: (nullable): the SPF record's text
 * @record: (nullable): the record, parsed
 * @error: (nullable): why there is no record, or why it was not followed
 *   (a domain-spec with macros cannot be followed without a message)
 */
typedef struct
{
  char *domain;
  guint depth;
  const char *via;
  char *text;
  AuraSpfRecord *record;
  GError *error;
} AuraSpfCheckStep;

/**
 * AuraSpfCheck:
 * @result: the outcome, as a receiver would see it
 * @steps: (element-type AuraSpfCheckStep): the records met, in the order a
 *   receiver evaluates them (depth first)
 * @dns_lookups: the lookups counted over all the steps (RFC 7208 §4.6.4)
 * @error: (nullable): why @result is not %AURA_SPF_CHECK_OK
 */
typedef struct
{
  AuraSpfCheckResult result;
  GPtrArray *steps;
  guint dns_lookups;
  GError *error;
} AuraSpfCheck;

void aura_spf_check_free (AuraSpfCheck *check);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraSpfCheck, aura_spf_check_free)

/* Reads @domain's SPF record and follows its include mechanisms and its
 * redirect, one lookup at a time, as a receiver would, counting the DNS
 * lookups; it stops at the eleventh (permerror) and after 32 records in
 * any case. Fails only for an invalid name or cancellation. */
void aura_dns_client_check_spf_async (AuraDnsClient *self,
                                      const char *domain,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data);
AuraSpfCheck *
aura_dns_client_check_spf_finish (AuraDnsClient *self, GAsyncResult *result, GError **error);
AuraSpfCheck *aura_dns_client_check_spf_sync (AuraDnsClient *self,
                                              const char *domain,
                                              GCancellable *cancellable,
                                              GError **error);

/* Zone transfers ---------------------------------------------------------------- */

/* The records of @zone by AXFR over TCP from @server ("IP" or "IP:PORT",
 * port 53 by default), the opening SOA first, the closing SOA left out.
 * @timeout_ms bounds the whole transfer (0: 10 s); at most
 * %AURA_DNS_AXFR_MAX_RECORDS records (and 256 MiB of messages) are kept,
 * past that the transfer stops with AURA_DNS_ERROR_TOO_BIG. Refusals are AURA_DNS_ERROR_TRANSFER_REFUSED
 * ("the name server 127.0.0.1:5353 refused the zone transfer for
 * example.test"). Respects AURA_LOOPBACK_ONLY=1. Blocks the calling thread.
 * Returns (element-type AuraDnsRecord) (transfer full). */
GPtrArray *aura_dns_axfr (const char *server,
                          const char *zone,
                          guint timeout_ms,
                          GCancellable *cancellable,
                          GError **error);
/* As aura_dns_axfr(), with a record limit (0: %AURA_DNS_AXFR_MAX_RECORDS)
 * and loopback-only mode (also forced by AURA_LOOPBACK_ONLY=1). */
GPtrArray *aura_dns_axfr_full (const char *server,
                               const char *zone,
                               guint timeout_ms,
                               guint max_records,
                               gboolean loopback_only,
                               GCancellable *cancellable,
                               GError **error);
/* aura_dns_axfr() in a worker thread. */
void aura_dns_axfr_async (const char *server,
                          const char *zone,
                          guint timeout_ms,
                          GCancellable *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer user_data);
GPtrArray *aura_dns_axfr_finish (GAsyncResult *result, GError **error);

/**
 * AuraDnsTransfer:
 * @nameserver: a name server of the domain (its NS target)
 * @server: (nullable): the "IP:PORT" the transfer was asked from; NULL when
 *   @nameserver has no address
 * @records: (nullable) (element-type AuraDnsRecord): the zone, when the
 *   transfer succeeded
 * @error: (nullable): why there is no zone
 */
typedef struct
{
  char *nameserver;
  char *server;
  GPtrArray *records;
  GError *error;
} AuraDnsTransfer;

void aura_dns_transfer_free (AuraDnsTransfer *transfer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraDnsTransfer, aura_dns_transfer_free)

/* Asks @domain's NS records, resolves each name server (at most 16, their
 * first 4 addresses each) through the client, and tries a zone transfer
 * from every address at once, each bounded by @timeout_ms (0: 10 s). @port
 * is the port to connect to (0: 53); tests and the domain scan give the
 * port of their configured server, since NS names resolve to an address
 * only. With the client's loopback-only mode, addresses outside loopback
 * are refused without a packet. Returns (element-type AuraDnsTransfer)
 * (transfer full): one outcome per name server address, in the NS order;
 * fails only when the NS records cannot be had (invalid name, NXDOMAIN,
 * NODATA, timeout…) or on cancellation. */
void aura_dns_client_try_transfers_async (AuraDnsClient *self,
                                          const char *domain,
                                          guint16 port,
                                          guint timeout_ms,
                                          GCancellable *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer user_data);
GPtrArray *
aura_dns_client_try_transfers_finish (AuraDnsClient *self, GAsyncResult *result, GError **error);
GPtrArray *aura_dns_client_try_transfers_sync (AuraDnsClient *self,
                                               const char *domain,
                                               guint16 port,
                                               guint timeout_ms,
                                               GCancellable *cancellable,
                                               GError **error);

G_END_DECLS
