/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "aura-http.h"

G_BEGIN_DECLS

#define AURA_ENGINE_ERROR (aura_engine_error_quark ())

/**
 * AuraEngineError:
 * @AURA_ENGINE_ERROR_INVALID: an option is not acceptable (a malformed proxy
 *   URL, host override or DNS server); the message names it
 * @AURA_ENGINE_ERROR_FAILED: libcurl or c-ares could not be set up
 *
 * Errors of aura_engine_new(). Failures of single requests are not errors:
 * they come back as an #AuraHttpResponse with an outcome.
 */
typedef enum
{
  AURA_ENGINE_ERROR_INVALID,
  AURA_ENGINE_ERROR_FAILED,
} AuraEngineError;

GQuark aura_engine_error_quark (void);

/**
 * AuraEngineProxyRotation:
 * @AURA_ENGINE_PROXY_ROUND_ROBIN: each request takes the next live proxy
 * @AURA_ENGINE_PROXY_RANDOM: each request takes a live proxy at random
 * @AURA_ENGINE_PROXY_STICKY: requests with the same proxy_key (else the same
 *   host) keep the same proxy while it lives
 */
typedef enum
{
  AURA_ENGINE_PROXY_ROUND_ROBIN,
  AURA_ENGINE_PROXY_RANDOM,
  AURA_ENGINE_PROXY_STICKY,
} AuraEngineProxyRotation;

/**
 * AuraEngineOptions:
 * @max_in_flight: transfers running at once, all hosts together (0: 256)
 * @max_per_host: transfers running at once against one host name (0: 6)
 * @host_rate: requests started per second per host, a token bucket
 *   (0: no limit)
 * @host_burst: the bucket's size (0: 1)
 * @connect_timeout_ms: time to connect (0: 10 s)
 * @timeout_ms: total time of a request, all its attempts together, unless
 *   the request sets its own (0: 30 s)
 * @low_speed_time_s: an attempt receiving less than one byte per second for
 *   this long is abandoned (0: 20 s)
 * @max_body: body bytes kept at most unless the request says (0: 4 MiB)
 * @max_redirects: redirects followed at most unless the request says (0: 10)
 * @max_retries: retries of a request unless it says (0: 2, negative: none)
 * @retry_base_ms: first back-off delay, doubled at each retry, plus jitter
 *   (0: 500 ms)
 * @retry_after_cap_ms: the longest Retry-After honoured; a server asking
 *   for more gets its response returned as it is (0: 30 s)
 * @dns_servers: (nullable): "IP:PORT" servers to ask instead of those of
 *   /etc/resolv.conf (which also turns off /etc/hosts)
 * @host_overrides: (nullable): "HOST:ADDR" or "*.SUFFIX:ADDR" entries that
 *   answer for those names before DNS, whatever the port
 * @loopback_only: refuse to connect anywhere outside 127.0.0.0/8 and ::1
 * @proxies: (nullable): proxy URLs, http://, https://, socks5:// or
 *   socks5h://, optionally with user:password@
 * @proxy_rotation: how requests are spread over @proxies
 * @proxy_max_failures: consecutive failures after which a proxy is set
 *   aside (0: 3)
 * @proxy_cooldown_ms: how long a failing proxy is set aside before one
 *   request tries it again (0: 60 s)
 * @user_agents: (nullable): User-Agent values used in turn (default: one
 *   current desktop Firefox)
 * @tls_no_verify: do not verify TLS certificates (tests only)
 *
 * How an engine behaves. All zeros is a usable default: every 0 means the
 * value in brackets. The engine copies the options.
 */
typedef struct
{
  guint max_in_flight;
  guint max_per_host;
  double host_rate;
  guint host_burst;
  guint connect_timeout_ms;
  guint timeout_ms;
  guint low_speed_time_s;
  gsize max_body;
  guint max_redirects;
  int max_retries;
  guint retry_base_ms;
  guint retry_after_cap_ms;
  const char *const *dns_servers;
  const char *const *host_overrides;
  gboolean loopback_only;
  const char *const *proxies;
  AuraEngineProxyRotation proxy_rotation;
  guint proxy_max_failures;
  guint proxy_cooldown_ms;
  const char *const *user_agents;
  gboolean tls_no_verify;
} AuraEngineOptions;

/**
 * AuraEngineStats:
 * @in_flight: transfers running now
 * @queued: requests accepted and not yet running or finished (resolving,
 *   waiting for a slot or a token, backing off)
 * @done: requests whose callback has been scheduled
 * @retries: retries done, all requests together
 * @dns_lookups: names sent to DNS
 * @dns_cache_hits: names answered from the cache or by a lookup already
 *   under way for the same name
 * @bytes: body bytes received on the wire
 * @proxies_dead: proxies currently set aside
 */
typedef struct
{
  guint in_flight;
  guint queued;
  guint64 done;
  guint64 retries;
  guint64 dns_lookups;
  guint64 dns_cache_hits;
  guint64 bytes;
  guint proxies_dead;
} AuraEngineStats;

#define AURA_TYPE_ENGINE (aura_engine_get_type ())
G_DECLARE_FINAL_TYPE (AuraEngine, aura_engine, AURA, ENGINE, GObject)

/**
 * AuraEngineCallback:
 * @engine: the engine (it stays valid during the call, even when it is
 *   being disposed)
 * @response: (transfer full): how the request ended
 * @user_data: the data given at submission
 *
 * Called exactly once per submitted request, in the main context that was
 * the thread default when the request was submitted.
 */
typedef void (*AuraEngineCallback) (AuraEngine *engine,
                                    AuraHttpResponse *response,
                                    gpointer user_data);

AuraEngine *aura_engine_new (const AuraEngineOptions *options, GError **error);

void aura_engine_submit (AuraEngine *self,
                         const AuraHttpRequest *request,
                         AuraEngineCallback callback,
                         gpointer user_data);

guint64 aura_engine_new_group (AuraEngine *self);
void aura_engine_cancel_group (AuraEngine *self, guint64 group);
void aura_engine_cancel_all (AuraEngine *self);

/* A host's own rate (a site's rate hint): see aura-engine.c. */
#define AURA_ENGINE_HOST_RATE_MAX 10000.0
#define AURA_ENGINE_HOST_BURST_MAX 1000
void aura_engine_set_host_rate (AuraEngine *self, const char *host, double rate, guint burst);

void aura_engine_get_stats (AuraEngine *self, AuraEngineStats *stats);

/* Engines keep freed memory in the heap while they run (see tune_malloc()
 * in aura-engine.c); this returns what is free to the system, for a
 * long-lived process once a scan is over. */
void aura_engine_release_memory (void);

G_END_DECLS
