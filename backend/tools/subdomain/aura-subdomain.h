/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Subdomain brute force: a word list asked under a domain through DNS, at
 * tens of thousands of names a second, with wildcard detection at every
 * label level, a resolver pool with health, and a second pass of
 * permutations built from what was found. Bundled word lists and their
 * loader live here too. See backend/tools/subdomain/README.md. */

#define AURA_SUBDOMAIN_ERROR (aura_subdomain_error_quark ())

/**
 * AuraSubdomainError:
 * @AURA_SUBDOMAIN_ERROR_INVALID: an option is not usable (the domain, a
 *   resolver address, a number out of range); the message names it
 * @AURA_SUBDOMAIN_ERROR_NOT_LOOPBACK: a resolver outside 127.0.0.0/8 (or
 *   ::1) while loopback-only mode is on; nothing was sent
 * @AURA_SUBDOMAIN_ERROR_NO_RESOLVER: no resolver was given and none could
 *   be read from /etc/resolv.conf
 * @AURA_SUBDOMAIN_ERROR_RESOLVERS_DEAD: every resolver stopped answering
 *   (or kept refusing) during the scan; the message gives each one's figures
 * @AURA_SUBDOMAIN_ERROR_WORDLIST: the word list cannot be read or holds no
 *   usable line
 */
typedef enum
{
  AURA_SUBDOMAIN_ERROR_INVALID,
  AURA_SUBDOMAIN_ERROR_NOT_LOOPBACK,
  AURA_SUBDOMAIN_ERROR_NO_RESOLVER,
  AURA_SUBDOMAIN_ERROR_RESOLVERS_DEAD,
  AURA_SUBDOMAIN_ERROR_WORDLIST,
} AuraSubdomainError;

GQuark aura_subdomain_error_quark (void);

/* Word lists. */

/* Lines read at most from one list; the rest is ignored and said so. */
#define AURA_WORDLIST_MAX_LINES 10000000
/* Problems kept (with their line numbers) for a person to read. */
#define AURA_WORDLIST_MAX_PROBLEMS 100

typedef struct _AuraWordlist AuraWordlist;

/* Reads a list of host labels, one a line: blank lines and "#" comments
 * skipped, lower-cased, each label checked (letters, digits and inner
 * hyphens, at most 63 bytes; an internationalised label becomes its
 * punycode "xn--" form), duplicates dropped, at most
 * AURA_WORDLIST_MAX_LINES lines. A bad line is skipped and reported by its
 * number, it does not fail the list. NULL with an error when the file
 * cannot be read or holds no usable line. */
AuraWordlist *aura_wordlist_load (const char *path, GError **error);
/* The words, in file order, NULL-terminated; owned by @wordlist. */
const char *const *aura_wordlist_get_words (AuraWordlist *wordlist);
guint aura_wordlist_get_n_words (AuraWordlist *wordlist);
/* Lines skipped as unusable (comments and blank lines are not counted). */
guint aura_wordlist_get_n_rejected (AuraWordlist *wordlist);
/* "line 12: …" for the first AURA_WORDLIST_MAX_PROBLEMS problems,
 * NULL-terminated, translated; owned by @wordlist. */
const char *const *aura_wordlist_get_problems (AuraWordlist *wordlist);
void aura_wordlist_free (AuraWordlist *wordlist);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraWordlist, aura_wordlist_free)

/* Checks one word as the loader does and returns it normalised
 * (lower-case, punycode), or NULL with an error saying why not. A word may
 * hold several labels ("mail.internal"). */
char *aura_wordlist_normalize_word (const char *word, GError **error);

/* The path of a bundled list by name ("small", "medium", "large"): looked
 * for in $AURA_WORDLISTS_DIR, then $AURA_SOURCE_ROOT/data/wordlists (a
 * source tree), then the installed data folder. NULL with
 * G_IO_ERROR_NOT_FOUND naming the places looked in. */
char *aura_wordlist_find_bundled (const char *name, GError **error);

/* Permutations. */

#define AURA_SUBDOMAIN_DEFAULT_MAX_PERMUTATIONS 20000

/* Names worth asking next, made from names already found (relative to the
 * domain: "api", "api-v2", "dev.api"): numbers (api1, api-02, api3 from
 * api2), environments put before or after with "-", "." or nothing
 * (dev-api, api.staging, apiprod), hyphenated words split and joined
 * (api-v2 → api, v2, apiv2) and known words swapped (dev-api →
 * staging-api). Candidates are valid host names, none of them in @found,
 * without duplicates, the likeliest kinds first for every found name, at
 * most @max (0: AURA_SUBDOMAIN_DEFAULT_MAX_PERMUTATIONS). A pure function. */
GStrv aura_subdomain_permutations (const char *const *found, guint max);

/* The brute force. */

/**
 * AuraSubdomainBruteOptions:
 * @domain: the domain to search under ("example.com"; IDN allowed)
 * @words: (nullable): the labels to try; or NULL with @wordlist
 * @wordlist: (nullable): the path of a word list (see aura_wordlist_load();
 *   aura_wordlist_find_bundled() gives the bundled ones)
 * @resolvers: (nullable): "IP", "IP:PORT" or "[IPv6]:PORT" servers to ask;
 *   NULL: the nameservers of /etc/resolv.conf
 * @rate: queries sent per second at most, all resolvers together (0: no
 *   limit but @max_in_flight)
 * @retries: tries after the first, each to another healthy resolver, when a
 *   query times out or a resolver fails (SERVFAIL, REFUSED) (0: 2;
 *   negative: none)
 * @timeout_ms: time allowed per try (0: 1,000 ms)
 * @max_in_flight: queries waiting for an answer at once (0: 100; a distant
 *   resolver needs more: the rate is at most this over the round trip)
 * @permutations: after the words, ask permutations of the names found
 * @max_permutations: permutations asked at most (0:
 *   AURA_SUBDOMAIN_DEFAULT_MAX_PERMUTATIONS)
 * @aaaa: also ask AAAA (only for names that exist: NXDOMAIN answers for
 *   every type)
 * @loopback_only: refuse any resolver outside 127.0.0.0/8 and ::1; the
 *   environment variable AURA_LOOPBACK_ONLY=1 turns it on for every scan
 */
typedef struct
{
  const char *domain;
  const char *const *words;
  const char *wordlist;
  const char *const *resolvers;
  guint rate;
  gint retries;
  guint timeout_ms;
  guint max_in_flight;
  gboolean permutations;
  guint max_permutations;
  gboolean aaaa;
  gboolean loopback_only;
} AuraSubdomainBruteOptions;

/**
 * AuraSubdomainHit:
 * @name: the name found ("api.example.com", IDNA A-label form)
 * @addresses: its IPv4 then IPv6 addresses as text, NULL-terminated (empty
 *   for a CNAME whose target does not resolve: a dangling alias)
 * @cname: (nullable): the target of the name's own CNAME record
 * @under_wildcard: its parent has a wildcard, whose answer differs from
 *   this name's (a real name inside a wildcard zone)
 * @from_permutation: found by the second pass
 */
typedef struct
{
  char *name;
  char **addresses;
  char *cname;
  gboolean under_wildcard;
  gboolean from_permutation;
} AuraSubdomainHit;

#define AURA_TYPE_SUBDOMAIN_HIT (aura_subdomain_hit_get_type ())
GType aura_subdomain_hit_get_type (void);
AuraSubdomainHit *aura_subdomain_hit_copy (const AuraSubdomainHit *hit);
void aura_subdomain_hit_free (AuraSubdomainHit *hit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraSubdomainHit, aura_subdomain_hit_free)

/**
 * AuraSubdomainResolverState:
 * @AURA_SUBDOMAIN_RESOLVER_HEALTHY: takes its share of the queries
 * @AURA_SUBDOMAIN_RESOLVER_BENCHED: failed several times in a row; set
 *   aside for a while, then tried with one query
 * @AURA_SUBDOMAIN_RESOLVER_DEAD: benched three times without answering in
 *   between; still tried now and then, but when every resolver is dead the
 *   scan ends with AURA_SUBDOMAIN_ERROR_RESOLVERS_DEAD
 */
typedef enum
{
  AURA_SUBDOMAIN_RESOLVER_HEALTHY,
  AURA_SUBDOMAIN_RESOLVER_BENCHED,
  AURA_SUBDOMAIN_RESOLVER_DEAD,
} AuraSubdomainResolverState;

/**
 * AuraSubdomainResolverHealth:
 * @address: "IP:PORT"
 * @state: healthy, benched or dead
 * @sent: queries sent to it
 * @answered: valid answers (NOERROR or NXDOMAIN)
 * @timeouts: queries it did not answer in time
 * @servfail: SERVFAIL (and NOTIMP, FORMERR) answers
 * @refused: REFUSED answers
 * @errors: other failures: port unreachable, an answer that does not match
 *   its question
 */
typedef struct
{
  char *address;
  AuraSubdomainResolverState state;
  guint64 sent;
  guint64 answered;
  guint64 timeouts;
  guint64 servfail;
  guint64 refused;
  guint64 errors;
} AuraSubdomainResolverHealth;

/**
 * AuraSubdomainPhase:
 * @AURA_SUBDOMAIN_PHASE_STARTING: loading the words, probing the domain
 *   itself for a wildcard
 * @AURA_SUBDOMAIN_PHASE_WORDS: asking the word list
 * @AURA_SUBDOMAIN_PHASE_PERMUTATIONS: asking permutations of what was found
 * @AURA_SUBDOMAIN_PHASE_DONE: finished (completed, failed or cancelled)
 */
typedef enum
{
  AURA_SUBDOMAIN_PHASE_STARTING,
  AURA_SUBDOMAIN_PHASE_WORDS,
  AURA_SUBDOMAIN_PHASE_PERMUTATIONS,
  AURA_SUBDOMAIN_PHASE_DONE,
} AuraSubdomainPhase;

/**
 * AuraSubdomainProgress:
 * @phase: what the scan is doing
 * @total: names to ask so far (words, then permutations added)
 * @done: names settled (found, absent, discarded or failed)
 * @sent: queries sent, retries, AAAA and wildcard probes included
 * @answered: valid answers received
 * @found: names reported
 * @timeouts: tries that timed out
 * @retries: tries sent again to another resolver
 * @wildcard_discarded: names that answered like their level's wildcard
 * @failed: names given up after every try failed
 * @words_rejected: words skipped as invalid host labels
 * @elapsed_us: time since the scan started
 * @n_resolvers: entries in @resolvers
 * @resolvers: the health of each resolver
 */
typedef struct
{
  AuraSubdomainPhase phase;
  guint64 total;
  guint64 done;
  guint64 sent;
  guint64 answered;
  guint64 found;
  guint64 timeouts;
  guint64 retries;
  guint64 wildcard_discarded;
  guint64 failed;
  guint64 words_rejected;
  gint64 elapsed_us;
  guint n_resolvers;
  AuraSubdomainResolverHealth *resolvers;
} AuraSubdomainProgress;

#define AURA_TYPE_SUBDOMAIN_PROGRESS (aura_subdomain_progress_get_type ())
GType aura_subdomain_progress_get_type (void);
AuraSubdomainProgress *aura_subdomain_progress_copy (const AuraSubdomainProgress *progress);
void aura_subdomain_progress_free (AuraSubdomainProgress *progress);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraSubdomainProgress, aura_subdomain_progress_free)

#define AURA_TYPE_SUBDOMAIN_BRUTE (aura_subdomain_brute_get_type ())
G_DECLARE_FINAL_TYPE (AuraSubdomainBrute, aura_subdomain_brute, AURA, SUBDOMAIN_BRUTE, GObject)

/* Checks the options (the domain, the resolvers and loopback-only mode, a
 * source of words) without sending anything. Signals are emitted in the
 * thread-default main context of the caller of aura_subdomain_brute_start():
 * "found" (GPtrArray *hits, element-type AuraSubdomainHit, owned by the
 * scan) with the names found since the last batch, "progress" (const
 * AuraSubdomainProgress *) at most every 100 ms, and "finished" once, after
 * the last "found"; the final figures are then those of
 * aura_subdomain_brute_get_progress(). */
AuraSubdomainBrute *aura_subdomain_brute_new (const AuraSubdomainBruteOptions *options,
                                              GError **error);
/* Starts the worker thread. */
void aura_subdomain_brute_start (AuraSubdomainBrute *self);
/* Stops the scan promptly; it finishes with G_IO_ERROR_CANCELLED, keeping
 * what it found. */
void aura_subdomain_brute_cancel (AuraSubdomainBrute *self);
/* Starts the scan if needed and iterates the thread-default main context
 * until it finishes. FALSE with the scan's error. */
gboolean aura_subdomain_brute_run (AuraSubdomainBrute *self, GError **error);
gboolean aura_subdomain_brute_is_finished (AuraSubdomainBrute *self);
/* The latest figures (transfer full). */
AuraSubdomainProgress *aura_subdomain_brute_get_progress (AuraSubdomainBrute *self);
/* (element-type AuraSubdomainHit): every name reported so far. */
GPtrArray *aura_subdomain_brute_get_hits (AuraSubdomainBrute *self);
/* Why the scan failed or stopped, NULL when it completed. */
const GError *aura_subdomain_brute_get_error (AuraSubdomainBrute *self);

G_END_DECLS
