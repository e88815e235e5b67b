/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <ares.h>
#include <curl/curl.h>

#include "aura-engine.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CURLU, curl_url_cleanup)

/* Everything below lives on the engine thread unless a field says
 * otherwise. The split across files: aura-engine.c (the object, the thread,
 * commands, delivery, stats), aura-engine-curl.c (the multi handle on the
 * GMainContext), aura-engine-transfer.c (the state machine),
 * aura-engine-host.c (per-host slots and token buckets),
 * aura-engine-resolver.c (c-ares, cache, overrides) and
 * aura-engine-proxy.c (proxy rotation and health). */

/* The states of a transfer, in the order a request normally goes through
 * them. Only engine_transfer_set_state() changes the state, and it logs
 * every change at debug level. */
typedef enum
{
  /* Accepted by the engine thread, or sent back here to start over (a
   * redirect to follow, a back-off ended). A proxy is chosen and the name
   * is looked up next. */
  TRANSFER_INIT,
  /* Waiting for the addresses of the host name: a c-ares lookup, perhaps
   * shared with other transfers for the same name. */
  TRANSFER_RESOLVING,
  /* In its host's FIFO, waiting for a slot on the host, a token from the
   * host's bucket and a slot in the global in-flight limit. */
  TRANSFER_WAITING,
  /* Its easy handle is in the multi handle; curl drives it. */
  TRANSFER_RUNNING,
  /* The attempt failed in a way worth retrying; a timer brings it back to
   * INIT after the back-off delay. */
  TRANSFER_BACKOFF,
  /* Finished; the response is on its way to the submitter. */
  TRANSFER_DONE,
} TransferState;

typedef struct _EngineHost EngineHost;

/* A host's own rate, as aura_engine_set_host_rate() gave it. */
typedef struct
{
  double rate;
  guint burst;
} EngineHostRate;

typedef struct _EngineProxy EngineProxy;
typedef struct _EngineResolver EngineResolver;
typedef struct _EngineTransfer EngineTransfer;

/* What a lookup found: either addresses (text, IPv6 without brackets) or a
 * failure with a message. */
typedef struct
{
  gboolean ok;
  GPtrArray *addresses;
  char *error_message;
} EngineAddresses;

typedef void (*EngineResolveFunc) (EngineTransfer *transfer, const EngineAddresses *result);

struct _EngineProxy
{
  char *url;     /* with credentials, given to curl */
  char *display; /* without credentials, shown in responses */
  char *host;    /* host name of the proxy itself */
  long port;
  gboolean remote_dns; /* the proxy resolves target names */
  guint failures;      /* consecutive */
  gboolean dead;
  gint64 dead_since;
  gboolean probing; /* one request is trying it after the cool-down */
  guint64 used;
};

struct _EngineHost
{
  char *name;
  guint in_flight;
  GQueue waiting; /* EngineTransfer, FIFO */
  double rate;    /* requests a second: the engine's or the host's own, the stricter */
  guint burst;    /* the bucket's size for that rate */
  double tokens;
  gint64 refilled_at;
  GSource *token_timer;
  gboolean runnable; /* in engine->runnable_hosts */
};

struct _EngineTransfer
{
  AuraEngine *engine; /* not a reference: transfers die with the engine thread */
  TransferState state;
  guint64 id;

  /* The request, copied at submission. */
  char *method;
  char *url; /* the current URL: changes when a redirect is followed */
  char *original_url;
  char **headers;
  GBytes *body;
  gboolean follow_redirects;
  guint max_redirects;
  gsize max_body;
  guint timeout_ms;
  int max_retries;
  char *proxy_key;
  guint64 group;

  /* Where the current URL points. */
  char *host;
  long port;

  EngineHost *host_entry;
  GList *wait_link;

  EngineProxy *proxy;
  gboolean probing_proxy;   /* this request is the proxy's health probe */
  EngineProxy *avoid_proxy; /* the proxy that just failed this request */
  GPtrArray *names;         /* names still to resolve: "host:port" pairs */
  gboolean target_pending;  /* names[0] is the target's, resolved here */
  gpointer lookup;          /* the resolver's lookup this transfer waits on */

  /* The current attempt. */
  CURL *easy;
  struct curl_slist *curl_headers;
  struct curl_slist *curl_resolve; /* proxies' addresses */
  GByteArray *body_buf;
  GHashTable *resp_headers;
  guint status;
  gboolean truncated;
  char *refused_address; /* set when loopback_only refused an address */
  gint64 attempt_start;
  gint64 deadline; /* monotonic; set when the first attempt starts */
  char *errbuf;    /* CURL_ERROR_SIZE bytes */

  guint retries;
  guint n_redirects;
  GSource *backoff_timer;

  /* Where the response goes. Set by the submitting thread. */
  GMainContext *caller_context;
  AuraEngineCallback callback;
  gpointer user_data;
};

struct _AuraEngine
{
  GObject parent_instance;

  /* Options, with defaults filled in. Read-only after construction. */
  guint max_in_flight;
  guint max_per_host;
  double host_rate;
  guint host_burst;
  guint connect_timeout_ms;
  guint timeout_ms;
  guint low_speed_time_s;
  gsize max_body;
  guint max_redirects;
  guint max_retries;
  guint retry_base_ms;
  guint retry_after_cap_ms;
  gboolean loopback_only;
  gboolean tls_no_verify;
  char **user_agents;
  GPtrArray *overrides; /* EngineOverride */
  GPtrArray *proxies;   /* EngineProxy */
  AuraEngineProxyRotation proxy_rotation;
  guint proxy_max_failures;
  guint proxy_cooldown_ms;

  /* Shared with submitting threads, under @lock. */
  GMutex lock;
  GQueue commands;
  gboolean wakeup_pending;
  gboolean closed;
  AuraEngineStats stats;
  guint64 next_group;
  guint64 next_id;

  /* The engine thread. */
  GThread *thread;
  GMainContext *context;
  GMainLoop *loop;

  CURLM *multi;
  GSource *curl_timer;
  int epoll_fd; /* the sockets curl wants watched */
  GSource *epoll_source;
  EngineResolver *resolver;
  GHashTable *transfers;  /* EngineTransfer set: every live transfer */
  GHashTable *hosts;      /* name → EngineHost */
  GHashTable *host_rates; /* name → EngineHostRate: aura_engine_set_host_rate() */
  GQueue runnable_hosts;
  guint in_flight;
  GHashTable *cancelled_groups;
  guint proxy_next;
  guint ua_next;
  GRand *rand;
};

/* aura-engine.c */
void engine_stats_update (AuraEngine *self,
                          int d_in_flight,
                          int d_queued,
                          guint d_done,
                          guint d_retries,
                          guint d_lookups,
                          guint d_hits,
                          guint64 d_bytes);
void engine_deliver (AuraEngine *self, EngineTransfer *transfer, AuraHttpResponse *response);

/* aura-engine-curl.c */
gboolean engine_curl_init (AuraEngine *self, GError **error);
void engine_curl_shutdown (AuraEngine *self);
void engine_curl_attach (AuraEngine *self);
gboolean engine_curl_add (AuraEngine *self, EngineTransfer *transfer);
void engine_curl_remove (AuraEngine *self, EngineTransfer *transfer);

/* aura-engine-transfer.c */
EngineTransfer *engine_transfer_new (const AuraHttpRequest *request);
void engine_transfer_free (EngineTransfer *transfer);
void engine_transfer_start (AuraEngine *self, EngineTransfer *transfer);
void engine_transfer_run (AuraEngine *self, EngineTransfer *transfer);
void engine_transfer_attempt_done (AuraEngine *self, EngineTransfer *transfer, CURLcode code);
void engine_transfer_cancel (AuraEngine *self, EngineTransfer *transfer);
void engine_transfer_fail (AuraEngine *self,
                           EngineTransfer *transfer,
                           AuraHttpOutcome outcome,
                           const char *message);
void engine_transfer_set_state (EngineTransfer *transfer, TransferState state);
gboolean engine_address_is_loopback (const char *address);
gboolean engine_is_ip_literal (const char *host);

/* aura-engine-outcome.c: what an attempt's end means. */
typedef struct
{
  gboolean transient;     /* worth retrying: 429, 5xx, reset, timeout… */
  gboolean proxy_failure; /* the proxy, not the site, failed */
  gint64 retry_after_s;   /* the server's Retry-After, 0 when none */
} EngineVerdict;

AuraHttpResponse *engine_response_build (AuraEngine *self,
                                         EngineTransfer *transfer,
                                         CURLcode code,
                                         EngineVerdict *verdict);

/* aura-engine-host.c */
void engine_hosts_init (AuraEngine *self);
void engine_hosts_clear (AuraEngine *self);
void engine_host_enqueue (AuraEngine *self, EngineTransfer *transfer);
void engine_host_dequeue (AuraEngine *self, EngineTransfer *transfer);
void engine_host_release (AuraEngine *self, EngineTransfer *transfer);
void engine_hosts_pump (AuraEngine *self);
/* Sets (@rate > 0) or removes (0) @name's own rate, for the host entry
 * already there and those made later. */
void engine_hosts_set_rate (AuraEngine *self, const char *name, double rate, guint burst);

/* aura-engine-resolver.c */
EngineResolver *engine_resolver_new (const char *const *servers, GError **error);
void engine_resolver_attach (EngineResolver *resolver, AuraEngine *engine, GMainContext *context);
void engine_resolver_free (EngineResolver *resolver);
void engine_resolver_lookup (EngineResolver *resolver,
                             EngineTransfer *transfer,
                             const char *name,
                             EngineResolveFunc func);
void engine_resolver_forget (EngineResolver *resolver, EngineTransfer *transfer);
GPtrArray *engine_overrides_parse (const char *const *entries, GError **error);
const char *engine_overrides_match (GPtrArray *overrides, const char *host);

/* aura-engine-proxy.c */
GPtrArray *engine_proxies_parse (const char *const *urls, GError **error);
EngineProxy *engine_proxies_choose (AuraEngine *self, EngineTransfer *transfer);
void engine_proxy_report (AuraEngine *self, EngineTransfer *transfer, gboolean ok);
void engine_proxy_release (EngineTransfer *transfer);

G_END_DECLS
