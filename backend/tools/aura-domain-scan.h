/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "aura-engine.h"
#include "aura-store.h"

G_BEGIN_DECLS

/* A domain scan: what Subfinder, Amass and theHarvester do for a domain, in
 * one run. The domain's records and policies, zone transfers from its name
 * servers, the passive sources, a brute force with wildcard filtering and
 * permutations, every name validated by resolution, the addresses grouped
 * by network and AS, RDAP for the domain, and the domain's own pages
 * harvested; with a store, everything lands in an investigation as
 * entities and relations with their provenance. backend/tools/README.md
 * explains the phases. */

struct _AuraSourceList;
struct _AuraApiKeys;
struct _AuraRdapResult;
struct _JsonNode;

/**
 * AuraDomainScanOptions:
 * @domain: the domain (international names accepted)
 * @resolvers: (nullable): DNS servers "IP[:PORT]"; NULL: /etc/resolv.conf
 * @wordlist: (nullable): a word list file, or a bundled list's name
 *   ("small", "medium", "large"); NULL: no brute force
 * @permutations: also try permutations of the names found
 * @rate: DNS queries per second for the brute force (0: no limit)
 * @sources: (nullable): the passive sources to ask, by name; NULL or
 *   {"all"}: every source; {"none"}: none
 * @source_list: (nullable): where the sources come from; NULL: the bundled
 *   manifests
 * @keys: (nullable): API keys for the sources that need one; NULL: the
 *   environment and the keyring
 * @source_url_overrides: (nullable) (for tests and mirrors): "NAME=BASE"
 *   entries sending a source's requests to another base URL
 * @rdap_bootstrap_dir: (nullable) (for tests): where the RDAP bootstrap
 *   files are read instead of the cache and the bundled copy
 * @no_transfer: do not try zone transfers
 * @no_rdap: do not ask RDAP
 * @no_harvest: do not read the domain's own pages
 * @no_asn: do not look up the AS and network of the addresses found
 * @harvest_pages: pages read at most on the domain's site (0: 20)
 * @web_port: (for tests) the port of the domain's web site (0: 443 with
 *   https, then 80)
 * @web_scheme: (nullable) (for tests): "http" to read the site over plain
 *   HTTP only
 * @timeout_ms: time allowed per DNS try and per HTTP request (0: defaults)
 * @investigation_id: where the findings go (needs a store)
 * @seed_entity_id: (optional): the entity the scan starts from, 0 if none
 */
typedef struct
{
  const char *domain;
  const char *const *resolvers;
  const char *wordlist;
  gboolean permutations;
  guint rate;
  const char *const *sources;
  struct _AuraSourceList *source_list;
  struct _AuraApiKeys *keys;
  const char *const *source_url_overrides;
  const char *rdap_bootstrap_dir;
  gboolean no_transfer;
  gboolean no_rdap;
  gboolean no_harvest;
  gboolean no_asn;
  guint harvest_pages;
  guint web_port;
  const char *web_scheme;
  guint timeout_ms;
  gint64 investigation_id;
  gint64 seed_entity_id;
} AuraDomainScanOptions;

/**
 * AuraDomainName:
 * @name: a name at or under the domain, lower-case A-labels
 * @addresses: (element-type utf8): its A and AAAA addresses (at the end of
 *   its CNAME chain)
 * @cnames: (element-type utf8): the aliases it goes through, in order
 * @sources: (element-type utf8): everything that found it: "brute",
 *   "permutation", "axfr", "records", "harvest", or a passive source's name
 * @resolves: it has addresses
 * @dangling: its last alias points to a name that does not exist (a
 *   subdomain-takeover candidate)
 *
 * One name found, with what it resolves to.
 */
typedef struct
{
  char *name;
  GPtrArray *addresses;
  GPtrArray *cnames;
  GPtrArray *sources;
  gboolean resolves;
  gboolean dangling;
} AuraDomainName;

/**
 * AuraDomainSourceState:
 * @AURA_DOMAIN_SOURCE_RUNNING: still asking
 * @AURA_DOMAIN_SOURCE_OK: done
 * @AURA_DOMAIN_SOURCE_ERROR: stopped by an error (kept in @error)
 * @AURA_DOMAIN_SOURCE_SKIPPED: not asked: it needs an API key that is not set
 * @AURA_DOMAIN_SOURCE_CANCELLED: the scan was cancelled first
 */
typedef enum
{
  AURA_DOMAIN_SOURCE_RUNNING,
  AURA_DOMAIN_SOURCE_OK,
  AURA_DOMAIN_SOURCE_ERROR,
  AURA_DOMAIN_SOURCE_SKIPPED,
  AURA_DOMAIN_SOURCE_CANCELLED,
} AuraDomainSourceState;

/* "running", "ok", "error", "skipped", "cancelled" */
const char *aura_domain_source_state_to_string (AuraDomainSourceState state);

/**
 * AuraDomainSource:
 * @name: "crtsh", "dns-records", "axfr", "brute", "rdap", "harvest"…
 * @label: a name for people ("crt.sh", "Zone transfer"…)
 * @state: where it is
 * @found: names or items it found (new or not)
 * @requests: requests or queries it sent
 * @error: (nullable): why it stopped, or why it was skipped
 *
 * One part of the scan, for the per-source summary.
 */
typedef struct
{
  char *name;
  char *label;
  AuraDomainSourceState state;
  guint found;
  guint requests;
  char *error;
} AuraDomainSource;

/**
 * AuraDomainScanProgress:
 * @names: distinct names found
 * @resolved: names that resolve
 * @addresses: distinct addresses
 * @emails: distinct email addresses
 * @parts_done, @parts_total: parts (sources, phases) finished and planned
 * @dns_queries: DNS queries sent by the brute force and the validation
 * @wildcard_discarded: brute-force answers dropped as wildcard answers
 * @elapsed_us: time since the start
 */
typedef struct
{
  guint names;
  guint resolved;
  guint addresses;
  guint emails;
  guint parts_done;
  guint parts_total;
  guint64 dns_queries;
  guint64 wildcard_discarded;
  gint64 elapsed_us;
} AuraDomainScanProgress;

#define AURA_TYPE_DOMAIN_SCAN (aura_domain_scan_get_type ())
G_DECLARE_FINAL_TYPE (AuraDomainScan, aura_domain_scan, AURA, DOMAIN_SCAN, GObject)

/* Checks the options (a valid domain, the word list readable, the sources
 * known, the investigation alive when @store is given). Signals, in the
 * thread-default main context of the caller of aura_domain_scan_start():
 * "name" (AuraDomainName *, owned by the scan) when a name is found or
 * learns a source or its addresses, "source" (AuraDomainSource *) when a
 * part changes state, "progress" at most every 100 ms, "finished" once. */
AuraDomainScan *aura_domain_scan_new (AuraEngine *engine,
                                      AuraStore *store,
                                      const AuraDomainScanOptions *options,
                                      GError **error);
void aura_domain_scan_start (AuraDomainScan *self);
/* Stops everything in flight; what was found stays recorded and the scan
 * finishes "cancelled". */
void aura_domain_scan_cancel (AuraDomainScan *self);
/* Starts the scan and iterates the thread-default main context until it
 * finishes. FALSE with an error when recording into the store failed. */
gboolean aura_domain_scan_run (AuraDomainScan *self, GError **error);
gboolean aura_domain_scan_is_finished (AuraDomainScan *self);
gboolean aura_domain_scan_was_cancelled (AuraDomainScan *self);
void aura_domain_scan_get_progress (AuraDomainScan *self, AuraDomainScanProgress *progress);
/* (element-type AuraDomainName): every name found, sorted by name. */
GPtrArray *aura_domain_scan_get_names (AuraDomainScan *self);
/* (element-type AuraDomainSource): every part, in a stable order. */
GPtrArray *aura_domain_scan_get_sources (AuraDomainScan *self);
/* The whole result as one JSON object (names with their records and
 * sources, the domain's records and policies, transfers, sources, RDAP,
 * harvest, networks), as `aura-cli scan domain --json` prints it. */
struct _JsonNode *aura_domain_scan_to_json (AuraDomainScan *self);
/* An RDAP answer as the scan's JSON shows it (registrar, dates, status,
 * name servers, DNSSEC, contacts with what is redacted); `aura-cli rdap
 * --json` prints the same. */
struct _JsonNode *aura_rdap_result_summary_to_json (const struct _AuraRdapResult *result);
/* The domain as scanned: lower-case A-labels. */
const char *aura_domain_scan_get_domain (AuraDomainScan *self);
/* The osint_scans row, 0 without a store. */
gint64 aura_domain_scan_get_scan_id (AuraDomainScan *self);
/* The first store error, if recording failed. */
const GError *aura_domain_scan_get_error (AuraDomainScan *self);

G_END_DECLS
