/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <ares.h>
#include <poll.h>

#include "aura-subdomain.h"

G_BEGIN_DECLS

/* The brute force's insides, shared by its files:
 *   aura-subdomain-brute.c     the GObject, the caller's side
 *   aura-subdomain-worker.c    the worker thread: phases, dispatch, c-ares
 *   aura-subdomain-pool.c      resolvers: parsing, loopback guard, health
 *   aura-subdomain-wildcard.c  wildcard levels: probes and verdicts
 *   aura-subdomain-answer.c    reading one answer (ldns)
 * README.md explains the design and the measurements behind it. */

#define AURA_SUBDOMAIN_DNS_TYPE_A 1
#define AURA_SUBDOMAIN_DNS_TYPE_AAAA 28

/* Answers. */

typedef enum
{
  AURA_ANSWER_HIT,      /* NOERROR with addresses or a CNAME for the name */
  AURA_ANSWER_NODATA,   /* NOERROR, nothing of this type for the name */
  AURA_ANSWER_NXDOMAIN, /* the name does not exist, for any type */
  AURA_ANSWER_SERVFAIL, /* SERVFAIL, NOTIMP, FORMERR or another failure code */
  AURA_ANSWER_REFUSED,  /* REFUSED */
  AURA_ANSWER_MISMATCH, /* not an answer to the question asked */
} AuraAnswerKind;

/* Reads an answer to "@name IN @qtype": checks that it answers that
 * question, then (for NOERROR) adds the addresses of the name (following
 * its CNAME chain inside the answer) to @addresses as text and sets @cname
 * to the name's own CNAME target. */
AuraAnswerKind aura_subdomain_answer_read (const guint8 *buf,
                                           gsize len,
                                           const char *name,
                                           guint16 qtype,
                                           GPtrArray *addresses,
                                           char **cname);

/* Resolvers. */

/* The health state machine of one resolver (aura_subdomain_pool_*): */
typedef enum
{
  AURA_RESOLVER_HEALTHY, /* takes its share of the queries */
  AURA_RESOLVER_BENCHED, /* failed too often in a row: nothing until bench_until */
  AURA_RESOLVER_TRIAL,   /* bench over: one query at a time; an answer makes it
                            healthy, a failure benches it again for longer */
} AuraResolverState;

typedef struct
{
  char *address; /* "IP:PORT", as c-ares takes it: "[::1]:53" for IPv6 */
  char *display; /* "IP:PORT" for people */
  ares_channel channel;
  AuraResolverState state;
  guint failures_in_row; /* failures since the last valid answer */
  guint strikes;         /* benches since the last valid answer */
  gint64 bench_until;
  guint in_flight;
  AuraSubdomainResolverHealth health;
  /* Sockets c-ares opened for this channel. */
  ares_socket_t fds[8];
  gboolean fd_write[8];
  guint n_fds;
} AuraResolver;

typedef struct
{
  AuraResolver *resolvers;
  guint n;
  guint next; /* round-robin position */
  guint timeout_ms;
} AuraResolverPool;

/* Parses "IP", "IP:PORT", "[IPv6]:PORT" (or reads /etc/resolv.conf when
 * @specs is NULL) and refuses non-loopback ones when @loopback_only. No
 * channel is opened yet. */
gboolean aura_subdomain_pool_parse (AuraResolverPool *pool,
                                    const char *const *specs,
                                    gboolean loopback_only,
                                    GError **error);
/* One c-ares channel per resolver, queries tried once (the worker does
 * the retries, to another resolver). */
gboolean aura_subdomain_pool_open (AuraResolverPool *pool, guint timeout_ms, GError **error);
void aura_subdomain_pool_clear (AuraResolverPool *pool);
/* The resolver for the next query, not @avoid when another is usable;
 * -1 when none can take one now. */
int aura_subdomain_pool_pick (AuraResolverPool *pool, int avoid, gint64 now);
void aura_subdomain_pool_success (AuraResolverPool *pool, guint index, gint64 now);
/* @lost: the query timed out, rather than the resolver saying it failed. */
void aura_subdomain_pool_failure (AuraResolverPool *pool, guint index, gboolean lost, gint64 now);
/* Moves benched resolvers whose time is up to their trial. Returns the
 * earliest time one will be, or G_MAXINT64. */
gint64 aura_subdomain_pool_update (AuraResolverPool *pool, gint64 now);
gboolean aura_subdomain_pool_all_dead (AuraResolverPool *pool);
AuraSubdomainResolverState aura_subdomain_pool_public_state (const AuraResolver *resolver);
/* "127.0.0.1:5353 (12 timeouts, 0 answers), …" for an error message. */
char *aura_subdomain_pool_describe (AuraResolverPool *pool);

/* Wildcard levels. */

#define AURA_WILDCARD_PROBES 3

typedef enum
{
  AURA_LEVEL_PROBING, /* random names asked, answers awaited */
  AURA_LEVEL_KNOWN,   /* every probe settled: wildcard or not */
} AuraLevelState;

typedef struct
{
  char *rel; /* "" for the domain, "dev" for dev.DOMAIN */
  AuraLevelState state;
  guint probes_left;
  char *probes[AURA_WILDCARD_PROBES]; /* the random names, relative to the domain */
  gboolean wildcard;
  GPtrArray *addresses; /* char *, what the probes got */
  GPtrArray *cnames;    /* char * */
  GPtrArray *parked;    /* AuraSubdomainHit *, awaiting the verdict */
} AuraLevel;

/* Creates the level of @rel with fresh random probe names. */
AuraLevel *aura_subdomain_level_new (const char *rel, GRand *rand);
void aura_subdomain_level_free (AuraLevel *level);
/* Records what one probe got (a hit's addresses and CNAME, or NULLs when
 * the probe found nothing or failed). */
void aura_subdomain_level_add_probe (AuraLevel *level, char **addresses, const char *cname);
/* Whether @hit answers as the level's wildcard does. */
gboolean aura_subdomain_level_matches (const AuraLevel *level, const AuraSubdomainHit *hit);
/* "dev" for "x.dev", "" for "x". */
const char *aura_subdomain_parent_rel (const char *rel);

/* The scan shared between the caller's thread and the worker. */

typedef struct
{
  gint ref_count;
  GMutex lock;

  /* Set before the worker starts, read-only after. */
  char *domain;
  GStrv words;
  char *wordlist_path;
  AuraResolverPool pool;
  guint rate;
  guint retries;
  guint timeout_ms;
  guint max_in_flight;
  gboolean permutations;
  guint max_permutations;
  gboolean aaaa;
  GCancellable *cancellable;

  /* Under lock: what the worker publishes for the caller. */
  GPtrArray *pending_hits;          /* AuraSubdomainHit * */
  AuraSubdomainProgress *published; /* the latest figures */
  gboolean done;
  GError *error;

  /* The caller's side: the object to tell, cleared when it goes away.
   * Touched only in the caller's main context. */
  gpointer owner;
  GMainContext *context;
} AuraSubdomainJob;

AuraSubdomainJob *aura_subdomain_job_ref (AuraSubdomainJob *job);
void aura_subdomain_job_unref (AuraSubdomainJob *job);

/* The worker thread's function (aura-subdomain-worker.c). It ends by
 * marking the job done and waking the caller's main context through
 * aura_subdomain_job_notify_done(). */
gpointer aura_subdomain_worker_run (gpointer job);
/* Called by the worker once it is done (aura-subdomain-brute.c). */
void aura_subdomain_job_notify_done (AuraSubdomainJob *job);

void aura_subdomain_hit_set_addresses (AuraSubdomainHit *hit, GPtrArray *addresses);

G_END_DECLS
