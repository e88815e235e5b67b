/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A DNS server that misbehaves on purpose, for the answers Knot will not
 * give: on 127.0.0.1 at a port the OS picks, UDP and TCP, in a thread of
 * its own. Each mode says how it answers every query. */

typedef enum
{
  /* UDP */
  DNS_FAKE_SERVFAIL,     /* the question echoed with rcode SERVFAIL */
  DNS_FAKE_FORMERR,      /* ... with rcode FORMERR */
  DNS_FAKE_TRUNCATED_RR, /* an answer record cut in the middle */
  DNS_FAKE_POINTER_LOOP, /* an answer whose owner name points at itself */
  DNS_FAKE_WRONG_OWNERS, /* A records for other names only (bailiwick) */
  /* TCP, zone transfers */
  DNS_FAKE_AXFR_CLOSE,   /* accepts, then closes without a word */
  DNS_FAKE_AXFR_ENDLESS, /* a SOA, then A records without end */
  DNS_FAKE_AXFR_TRICKLE, /* a SOA, then one A record every 20 ms */
  DNS_FAKE_AXFR_GARBAGE, /* a frame of random bytes */
  DNS_FAKE_AXFR_SILENT,  /* accepts, reads, never answers */
  DNS_FAKE_AXFR_NO_SOA,  /* the transfer starts with an A record */
  DNS_FAKE_AXFR_CUT,     /* a SOA and three records, then closes */
  DNS_FAKE_AXFR_EMPTY,   /* NOERROR without any record */
} DnsFakeMode;

typedef struct _DnsFake DnsFake;

DnsFake *dns_fake_start (DnsFakeMode mode);
/* "127.0.0.1:PORT" */
const char *dns_fake_get_server (DnsFake *fake);
/* Queries (UDP datagrams and TCP connections) seen so far. */
guint dns_fake_get_queries (DnsFake *fake);
/* Records sent by DNS_FAKE_AXFR_ENDLESS or _TRICKLE so far. */
guint dns_fake_get_records_sent (DnsFake *fake);
void dns_fake_stop (DnsFake *fake);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DnsFake, dns_fake_stop)

G_END_DECLS
