/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "aura-api-keys.h"
#include "aura-dns.h"
#include "aura-domain-scan.h"
#include "aura-finding-recorder.h"
#include "aura-source-list.h"

G_BEGIN_DECLS

/* The domain scan's parts share this state; each part lives in a file of
 * its own (aura-domain-scan-dns.c, -sources.c, -brute.c, -web.c) and
 * reports through the functions below. Everything runs on the context of
 * the caller of aura_domain_scan_start(). */

/* One address's network, from the AS lookup. */
typedef struct
{
  char *address;
  char *asn;     /* "AS64500" or NULL */
  char *prefix;  /* "192.0.2.0/24" or NULL */
  char *country; /* "FR" or NULL */
  char *registry;
  char *as_name; /* the AS's name or NULL */
} AuraDomainNetwork;

struct _AuraDomainScan
{
  GObject parent_instance;

  AuraEngine *engine;
  AuraStore *store;
  GMainContext *context;
  GCancellable *cancellable;
  AuraDnsClient *dns;

  /* Options, copied. */
  char *domain;               /* normalised A-labels */
  AuraEntityType domain_type; /* domain, or subdomain when a host was given */
  char **resolvers;
  char *wordlist;
  gboolean permutations;
  guint rate;
  char **sources;
  AuraSourceList *source_list;
  AuraApiKeys *keys;
  char **source_url_overrides;
  char *rdap_bootstrap_dir;
  gboolean no_transfer, no_rdap, no_harvest, no_asn;
  guint harvest_pages;
  guint web_port;
  char *web_scheme;
  guint timeout_ms;
  gint64 investigation_id;
  gint64 seed_entity_id;
  guint16 dns_port; /* the port of the first resolver, for transfers */

  /* Findings. */
  GHashTable *names;     /* name → AuraDomainName */
  GPtrArray *parts;      /* AuraDomainSource, in start order */
  GHashTable *emails;    /* address → GPtrArray of sources */
  GHashTable *addresses; /* address → AuraDomainNetwork (networks may be unknown) */
  AuraDnsSurvey *survey;
  GPtrArray *transfers;    /* AuraDnsTransfer */
  JsonNode *rdap;          /* the domain's RDAP summary, or NULL */
  GPtrArray *web_findings; /* JsonObject: kind, value, pages */
  guint n_url_entities;
  guint64 dns_queries;
  guint64 brute_queries;
  guint64 wildcard_discarded;

  /* Validation of names that came without addresses. */
  GQueue to_resolve; /* char * */
  guint resolving;
  /* AS lookups of new addresses. */
  GQueue to_locate; /* char * */
  guint locating;
  guint located;

  /* Running parts and bookkeeping. */
  guint running; /* asynchronous operations in flight */
  GObject *source_scan;
  GObject *brute;
  GObject *harvest;
  AuraFindingRecorder *recorder;
  gint64 scan_id;
  gint64 started_us;
  gint64 finished_us;
  GSource *flush_source;
  GSource *progress_source;
  gboolean started;
  gboolean finished;
  gboolean cancelled;
  GError *error;
};

/* Parts. */
AuraDomainSource *
aura_domain_scan_add_part (AuraDomainScan *self, const char *name, const char *label);
AuraDomainSource *aura_domain_scan_find_part (AuraDomainScan *self, const char *name);
/* Sets the part's state (and error), emits "source". */
void aura_domain_scan_end_part (AuraDomainScan *self,
                                AuraDomainSource *part,
                                AuraDomainSourceState state,
                                const char *error);
void aura_domain_scan_part_changed (AuraDomainScan *self, AuraDomainSource *part);

/* A name at or under the domain found by @source, with its addresses and
 * aliases when the finder knows them (NULL otherwise: it is then resolved).
 * Names outside the domain are ignored. Returns the name's entry, or NULL. */
AuraDomainName *aura_domain_scan_add_name (AuraDomainScan *self,
                                           const char *name,
                                           const char *source,
                                           const char *const *addresses,
                                           const char *const *cnames);
/* Whether @name is the domain or under it (normalised names). */
gboolean aura_domain_scan_is_inside (AuraDomainScan *self, const char *name);
void aura_domain_scan_add_email (AuraDomainScan *self, const char *email, const char *source);
/* An address found for @owner (a name, or NULL for the domain's web
 * pages): recorded, and its network looked up. */
void aura_domain_scan_add_address (AuraDomainScan *self, const char *address);

/* Bookkeeping of asynchronous work: hold before starting one, release in
 * its callback; the scan finishes when nothing is held. */
void aura_domain_scan_hold (AuraDomainScan *self);
void aura_domain_scan_release (AuraDomainScan *self);
void aura_domain_scan_record (AuraDomainScan *self,
                              AuraEntityType from_type,
                              const char *from_value,
                              const char *relation,
                              AuraEntityType type,
                              const char *value,
                              const char *attributes_json,
                              double confidence,
                              const char *source);
void aura_domain_scan_record_result (AuraDomainScan *self,
                                     const char *site,
                                     const char *url,
                                     const char *verdict,
                                     const char *reason,
                                     const char *result_json);

/* Each part's start. */
void aura_domain_scan_start_dns (AuraDomainScan *self);
void aura_domain_scan_start_sources (AuraDomainScan *self);
void aura_domain_scan_start_brute (AuraDomainScan *self);
void aura_domain_scan_start_web (AuraDomainScan *self);
void aura_domain_scan_start_rdap (AuraDomainScan *self);
/* Resolves queued names and locates queued addresses, within bounds. */
void aura_domain_scan_pump (AuraDomainScan *self);
/* A word list file, or a bundled list by name ("small"…). */
char *aura_domain_scan_find_wordlist (const char *wordlist, GError **error);
void aura_domain_scan_cancel_parts (AuraDomainScan *self);
void aura_domain_scan_cancel_brute (AuraDomainScan *self);
void aura_domain_scan_cancel_web (AuraDomainScan *self);
/* The validation's answer for a name that came without addresses (@chain
 * NULL when it does not resolve). */
void aura_domain_scan_resolved (AuraDomainScan *self, const char *name, AuraDnsChain *chain);

/* JSON of each part, for aura_domain_scan_to_json(). */
void aura_domain_scan_dns_to_json (AuraDomainScan *self, JsonBuilder *builder);

void aura_domain_network_free (AuraDomainNetwork *network);

G_END_DECLS
