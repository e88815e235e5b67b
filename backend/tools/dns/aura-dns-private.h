/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <ldns/ldns.h>

#include "aura-dns.h"

G_BEGIN_DECLS

/* What only backend/tools/dns shares between its files. */

#define DNS_DEFAULT_TIMEOUT_MS 2000
#define DNS_DEFAULT_TRIES 2
#define DNS_DEFAULT_AXFR_TIMEOUT_MS 10000
/* The most bytes of messages a zone transfer keeps. */
#define DNS_AXFR_MAX_BYTES (256u << 20)
/* The longest SPF or DMARC record read; a TXT record can hold far more, but
 * no sensible policy does. */
#define DNS_POLICY_MAX_LEN 4096

/* aura-dns-names.c */

/* Splits "IP", "IP:PORT" or "[IPv6]:PORT" into the address text and the
 * port (@default_port when none is written). */
gboolean dns_parse_server (
    const char *entry, guint16 default_port, char **address, guint16 *port, GError **error);
/* "IP:PORT", with brackets for IPv6. */
char *dns_format_server (const char *address, guint16 port);
gboolean dns_address_is_loopback (const char *address);
/* Whether AURA_LOOPBACK_ONLY=1 is set. */
gboolean dns_loopback_forced (void);
/* The error loopback-only mode gives for @server. */
void dns_set_not_loopback (GError **error, const char *server);
/* A short piece of @text safe to quote in a message: valid UTF-8, at most
 * @max characters, "…" when cut. */
char *dns_quote (const char *text, gsize max);

/* aura-dns-record.c */

/* A record from ldns' parse of an answer; NULL when its data does not have
 * the shape its type requires (the record is skipped then). */
AuraDnsRecord *dns_record_from_ldns (const ldns_rr *rr);
GPtrArray *dns_record_array_new (void);
/* Lower-case presentation of a name without the final dot ("." stays). */
char *dns_name_from_rdf (const ldns_rdf *rdf);
const char *dns_rcode_to_string (guint rcode);

/* aura-dns-client.c */

/**
 * DnsAnswer:
 * @rcode: the response code of the answer
 * @records: (element-type AuraDnsRecord): the answer section, every record
 *   that could be read
 *
 * A raw answer, before deciding what it means for the question.
 */
typedef struct
{
  guint rcode;
  GPtrArray *records;
} DnsAnswer;

void dns_answer_free (DnsAnswer *answer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DnsAnswer, dns_answer_free)

/* Sends one query for @name (already normalised) and returns its answer,
 * whatever its rcode except SERVFAIL and REFUSED, which c-ares turns into
 * errors after trying the other servers. Fails for transport problems. */
void dns_client_query_async (AuraDnsClient *self,
                             const char *name,
                             guint type,
                             GCancellable *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer user_data);
DnsAnswer *dns_client_query_finish (AuraDnsClient *self, GAsyncResult *result, GError **error);
/* The servers as one text for messages: "127.0.0.1:5353, 10.0.0.1:53". */
const char *dns_client_describe_servers (AuraDnsClient *self);

/* Walks the CNAMEs of @answer from @name: appends each alias to @names
 * (which holds @name first) and the CNAME records to @chain. Stops at a name
 * without an alias, at a loop, or when @names would pass
 * AURA_DNS_MAX_CNAME_HOPS aliases; returns the last name reached (owned by
 * @names). @status is set to LOOP or TOO_LONG when that is why it stopped,
 * else left alone. */
const char *dns_answer_follow (const DnsAnswer *answer,
                               GPtrArray *names,
                               GPtrArray *chain,
                               AuraDnsChainStatus *status);
/* The records of @type owned by @name in @answer, copied into @into. */
guint dns_answer_collect (const DnsAnswer *answer, const char *name, guint type, GPtrArray *into);
/* The error of an answer without records of @type at @name: NXDOMAIN,
 * NODATA or the rcode. */
GError *dns_answer_error (
    AuraDnsClient *self, const DnsAnswer *answer, const char *asked, const char *name, guint type);

/* Releases what the client holds for @context (a private one, after a
 * _sync call). */
void dns_client_forget_context (AuraDnsClient *self, GMainContext *context);

/* The _sync calls: dns_sync_begin() pushes a private main context, the
 * asynchronous call is made with dns_sync_cb and the DnsSync as its data,
 * dns_sync_wait() iterates the context until the result is in and pops it,
 * dns_sync_end() drops the result and what @client kept for the context. */
typedef struct
{
  GMainContext *context;
  GAsyncResult *result;
} DnsSync;

void dns_sync_begin (DnsSync *sync);
void dns_sync_cb (GObject *source, GAsyncResult *result, gpointer data);
GAsyncResult *dns_sync_wait (DnsSync *sync);
void dns_sync_end (DnsSync *sync, AuraDnsClient *client);

G_END_DECLS
