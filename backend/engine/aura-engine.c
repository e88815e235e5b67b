/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-engine"
#include "config.h"

#include <glib/gi18n-lib.h>
#include <malloc.h>
#include <string.h>

#include "aura-engine-private.h"

/* AuraEngine: the object, its thread, the commands other threads send it,
 * and the delivery of responses to the submitters' main contexts. The
 * transfers themselves are in aura-engine-transfer.c. */

#define DEFAULT_USER_AGENT "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"

typedef enum
{
  COMMAND_SUBMIT,
  COMMAND_CANCEL_GROUP,
  COMMAND_CANCEL_ALL,
  COMMAND_SET_HOST_RATE,
  COMMAND_SHUTDOWN,
} CommandKind;

typedef struct
{
  CommandKind kind;
  EngineTransfer *transfer;
  guint64 group;
  char *host; /* COMMAND_SET_HOST_RATE */
  double rate;
  guint burst;
} Command;

static void
command_free (Command *command)
{
  g_free (command->host);
  g_free (command);
}

typedef struct
{
  AuraEngine *engine; /* a reference, so the callback's engine is valid */
  AuraEngineCallback callback;
  gpointer user_data;
  AuraHttpResponse *response;
} Delivery;

G_DEFINE_FINAL_TYPE (AuraEngine, aura_engine, G_TYPE_OBJECT)
G_DEFINE_QUARK (aura - engine - error - quark, aura_engine_error)

static gboolean
deliver_cb (gpointer data)
{
  Delivery *delivery = data;

  delivery->callback (delivery->engine, g_steal_pointer (&delivery->response), delivery->user_data);
  return G_SOURCE_REMOVE;
}

static void
delivery_free (gpointer data)
{
  Delivery *delivery = data;

  g_clear_pointer (&delivery->response, aura_http_response_free);
  g_object_unref (delivery->engine);
  g_free (delivery);
}

static void
post_delivery (AuraEngine *self,
               GMainContext *context,
               AuraEngineCallback callback,
               gpointer user_data,
               AuraHttpResponse *response)
{
  Delivery *delivery = g_new0 (Delivery, 1);
  g_autoptr (GSource) source = g_idle_source_new ();

  delivery->engine = g_object_ref (self);
  delivery->callback = callback;
  delivery->user_data = user_data;
  delivery->response = response;
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, deliver_cb, delivery, delivery_free);
  g_source_set_static_name (source, "[aura-engine] deliver");
  g_source_attach (source, context);
}

/* Hands @response (transfer full) to the transfer's submitter and frees the
 * transfer. Engine thread. */
void
engine_deliver (AuraEngine *self, EngineTransfer *transfer, AuraHttpResponse *response)
{
  g_hash_table_remove (self->transfers, transfer);
  engine_stats_update (self, 0, -1, 1, 0, 0, 0, 0);
  post_delivery (self, transfer->caller_context, transfer->callback, transfer->user_data, response);
  engine_transfer_free (transfer);
}

void
engine_stats_update (AuraEngine *self,
                     int d_in_flight,
                     int d_queued,
                     guint d_done,
                     guint d_retries,
                     guint d_lookups,
                     guint d_hits,
                     guint64 d_bytes)
{
  guint dead = 0;

  for (guint i = 0; self->proxies != NULL && i < self->proxies->len; i++)
    dead += ((EngineProxy *)g_ptr_array_index (self->proxies, i))->dead ? 1 : 0;
  g_mutex_lock (&self->lock);
  self->stats.in_flight += d_in_flight;
  self->stats.queued += d_queued;
  self->stats.done += d_done;
  self->stats.retries += d_retries;
  self->stats.dns_lookups += d_lookups;
  self->stats.dns_cache_hits += d_hits;
  self->stats.bytes += d_bytes;
  self->stats.proxies_dead = dead;
  g_mutex_unlock (&self->lock);
}

static void
cancel_matching (AuraEngine *self, gboolean all, guint64 group)
{
  g_autoptr (GPtrArray) victims = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->transfers);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      EngineTransfer *transfer = key;

      if (all || transfer->group == group)
        g_ptr_array_add (victims, transfer);
    }
  for (guint i = 0; i < victims->len; i++)
    engine_transfer_cancel (self, g_ptr_array_index (victims, i));
  /* Slots freed by running transfers go to whoever waits. */
  engine_hosts_pump (self);
}

static void
run_command (AuraEngine *self, Command *command)
{
  switch (command->kind)
    {
      case COMMAND_SUBMIT:
        {
          EngineTransfer *transfer = command->transfer;

          transfer->engine = self;
          g_hash_table_add (self->transfers, transfer);
          if (transfer->group != 0 &&
              g_hash_table_contains (self->cancelled_groups, &transfer->group))
            engine_transfer_cancel (self, transfer);
          else
            engine_transfer_start (self, transfer);
        }
        break;
      case COMMAND_CANCEL_GROUP:
        {
          guint64 *key = g_new (guint64, 1);

          *key = command->group;
          g_hash_table_add (self->cancelled_groups, key);
          cancel_matching (self, FALSE, command->group);
        }
        break;
      case COMMAND_CANCEL_ALL:
        cancel_matching (self, TRUE, 0);
        break;
      case COMMAND_SET_HOST_RATE:
        engine_hosts_set_rate (self, command->host, command->rate, command->burst);
        break;
      case COMMAND_SHUTDOWN:
        cancel_matching (self, TRUE, 0);
        g_main_loop_quit (self->loop);
        break;
      default:
        g_assert_not_reached ();
    }
}

static gboolean
commands_cb (gpointer data)
{
  AuraEngine *self = data;

  for (;;)
    {
      Command *command;

      g_mutex_lock (&self->lock);
      command = g_queue_pop_head (&self->commands);
      if (command == NULL)
        self->wakeup_pending = FALSE;
      g_mutex_unlock (&self->lock);
      if (command == NULL)
        break;
      run_command (self, command);
      command_free (command);
    }
  return G_SOURCE_REMOVE;
}

/* Queues @command (taken) for the engine thread. Returns FALSE when the
 * engine is closed, in which case nothing was queued and @command is
 * freed. */
static gboolean
queue_command (AuraEngine *self, Command *command)
{
  CommandKind kind = command->kind;
  gboolean wake;

  g_mutex_lock (&self->lock);
  if (self->closed)
    {
      g_mutex_unlock (&self->lock);
      command_free (command);
      return FALSE;
    }
  g_queue_push_tail (&self->commands, command);
  if (kind == COMMAND_SUBMIT)
    self->stats.queued++;
  if (kind == COMMAND_SHUTDOWN)
    self->closed = TRUE;
  wake = !self->wakeup_pending;
  self->wakeup_pending = TRUE;
  g_mutex_unlock (&self->lock);

  if (wake)
    {
      g_autoptr (GSource) source = g_idle_source_new ();

      g_source_set_callback (source, commands_cb, self, NULL);
      g_source_set_static_name (source, "[aura-engine] commands");
      g_source_attach (source, self->context);
    }
  return TRUE;
}

static gboolean
send_command (AuraEngine *self, CommandKind kind, EngineTransfer *transfer, guint64 group)
{
  Command *command = g_new0 (Command, 1);

  command->kind = kind;
  command->transfer = transfer;
  command->group = group;
  return queue_command (self, command);
}

static gpointer
engine_thread (gpointer data)
{
  AuraEngine *self = data;

  g_main_context_push_thread_default (self->context);
  engine_curl_attach (self);
  g_main_loop_run (self->loop);

  /* The shutdown command cancelled every transfer; what is left are the
   * handles and sources of the multi and of c-ares. */
  g_assert (g_hash_table_size (self->transfers) == 0);
  engine_hosts_clear (self);
  g_clear_pointer (&self->resolver, engine_resolver_free);
  engine_curl_shutdown (self);
  /* Sources removed above may still be pending in the context. */
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

static void
aura_engine_dispose (GObject *object)
{
  AuraEngine *self = AURA_ENGINE (object);

  if (self->thread != NULL)
    {
      send_command (self, COMMAND_SHUTDOWN, NULL, 0);
      g_thread_join (g_steal_pointer (&self->thread));
    }
  G_OBJECT_CLASS (aura_engine_parent_class)->dispose (object);
}

static void
aura_engine_finalize (GObject *object)
{
  AuraEngine *self = AURA_ENGINE (object);
  Command *command;

  /* Only set when construction failed half-way. */
  g_clear_pointer (&self->resolver, engine_resolver_free);
  engine_curl_shutdown (self);
  while ((command = g_queue_pop_head (&self->commands)) != NULL)
    command_free (command);
  g_clear_pointer (&self->transfers, g_hash_table_unref);
  g_clear_pointer (&self->hosts, g_hash_table_unref);
  g_clear_pointer (&self->host_rates, g_hash_table_unref);
  g_clear_pointer (&self->cancelled_groups, g_hash_table_unref);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->user_agents, g_strfreev);
  g_clear_pointer (&self->overrides, g_ptr_array_unref);
  g_clear_pointer (&self->proxies, g_ptr_array_unref);
  g_clear_pointer (&self->rand, g_rand_free);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (aura_engine_parent_class)->finalize (object);
}

static void
aura_engine_class_init (AuraEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = aura_engine_dispose;
  object_class->finalize = aura_engine_finalize;
}

static void
aura_engine_init (AuraEngine *self)
{
  g_mutex_init (&self->lock);
  g_queue_init (&self->commands);
  g_queue_init (&self->runnable_hosts);
  self->epoll_fd = -1;
  self->next_group = 1;
  self->next_id = 1;
  self->transfers = g_hash_table_new (NULL, NULL);
  self->cancelled_groups = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->rand = g_rand_new ();
  engine_hosts_init (self);
}

static void
apply_options (AuraEngine *self, const AuraEngineOptions *options)
{
  static const char *const default_agents[] = { DEFAULT_USER_AGENT, NULL };

  self->max_in_flight = options->max_in_flight ? options->max_in_flight : 256;
  self->max_per_host = options->max_per_host ? options->max_per_host : 6;
  self->host_rate = options->host_rate > 0 ? options->host_rate : 0;
  self->host_burst = options->host_burst ? options->host_burst : 1;
  self->connect_timeout_ms = options->connect_timeout_ms ? options->connect_timeout_ms : 10000;
  self->timeout_ms = options->timeout_ms ? options->timeout_ms : 30000;
  self->low_speed_time_s = options->low_speed_time_s ? options->low_speed_time_s : 20;
  self->max_body = options->max_body ? options->max_body : 4 * 1024 * 1024;
  self->max_redirects = options->max_redirects ? options->max_redirects : 10;
  if (options->max_retries < 0)
    self->max_retries = 0;
  else
    self->max_retries = options->max_retries ? (guint)options->max_retries : 2;
  self->retry_base_ms = options->retry_base_ms ? options->retry_base_ms : 500;
  self->retry_after_cap_ms = options->retry_after_cap_ms ? options->retry_after_cap_ms : 30000;
  /* AURA_LOOPBACK_ONLY=1 forces it for every engine of the process, whoever
   * creates it: the test suite sets it, so no test can reach past
   * 127.0.0.0/8 by mistake. */
  self->loopback_only =
      options->loopback_only || g_strcmp0 (g_getenv ("AURA_LOOPBACK_ONLY"), "1") == 0;
  self->tls_no_verify = options->tls_no_verify;
  self->proxy_rotation = options->proxy_rotation;
  self->proxy_max_failures = options->proxy_max_failures ? options->proxy_max_failures : 3;
  self->proxy_cooldown_ms = options->proxy_cooldown_ms ? options->proxy_cooldown_ms : 60000;
  if (options->user_agents != NULL && options->user_agents[0] != NULL)
    self->user_agents = g_strdupv ((char **)options->user_agents);
  else
    self->user_agents = g_strdupv ((char **)default_agents);
}

/**
 * aura_engine_new:
 * @options: (nullable): how the engine behaves; NULL for the defaults
 * @error: where to report malformed options
 *
 * Creates an engine and starts its thread.
 *
 * Returns: (transfer full): the engine, or NULL with @error set
 */
/* A sweep allocates and frees a few kilobytes per transfer thousands of
 * times a second (curl's handles and connections, bodies, headers). With
 * glibc's defaults the heap is trimmed and grown again all along (page
 * faults, madvise, malloc_consolidate in the profile); larger trim and
 * top-pad thresholds and a fixed mmap threshold keep the memory in the heap
 * instead, about 7 % less wall time on the 3,000-site benchmark (mean of
 * eight runs, 1.84 s against 1.97 s);
 * aura_engine_release_memory() gives it back once a scan is over. Set once
 * per process, by the first engine. */
static void
tune_malloc (void)
{
  static gsize tuned = 0;

  if (g_once_init_enter (&tuned))
    {
      mallopt (M_TRIM_THRESHOLD, 256 * 1024 * 1024);
      mallopt (M_TOP_PAD, 16 * 1024 * 1024);
      mallopt (M_MMAP_THRESHOLD, 1024 * 1024);
      g_once_init_leave (&tuned, 1);
    }
}

void
aura_engine_release_memory (void)
{
  malloc_trim (0);
}

AuraEngine *
aura_engine_new (const AuraEngineOptions *options, GError **error)
{
  static const AuraEngineOptions defaults = { 0 };
  g_autoptr (AuraEngine) self = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options == NULL)
    options = &defaults;
  tune_malloc ();
  self = g_object_new (AURA_TYPE_ENGINE, NULL);
  apply_options (self, options);

  self->overrides = engine_overrides_parse (options->host_overrides, error);
  if (self->overrides == NULL)
    return NULL;
  self->proxies = engine_proxies_parse (options->proxies, error);
  if (self->proxies == NULL)
    return NULL;
  self->resolver = engine_resolver_new (options->dns_servers, error);
  if (self->resolver == NULL)
    return NULL;
  if (!engine_curl_init (self, error))
    return NULL;

  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  engine_resolver_attach (self->resolver, self, self->context);
  self->thread = g_thread_new ("aura-engine", engine_thread, self);
  return g_steal_pointer (&self);
}

/**
 * aura_engine_submit:
 * @self: an engine
 * @request: what to fetch; copied
 * @callback: called once with the response
 * @user_data: for @callback
 *
 * Queues @request. Never blocks: the work happens on the engine thread and
 * @callback runs in the thread-default main context of the caller.
 */
void
aura_engine_submit (AuraEngine *self,
                    const AuraHttpRequest *request,
                    AuraEngineCallback callback,
                    gpointer user_data)
{
  EngineTransfer *transfer;

  g_return_if_fail (AURA_IS_ENGINE (self));
  g_return_if_fail (request != NULL);
  g_return_if_fail (request->url != NULL);
  g_return_if_fail (callback != NULL);

  transfer = engine_transfer_new (request);
  transfer->caller_context = g_main_context_ref_thread_default ();
  transfer->callback = callback;
  transfer->user_data = user_data;
  g_mutex_lock (&self->lock);
  transfer->id = self->next_id++;
  g_mutex_unlock (&self->lock);

  if (!send_command (self, COMMAND_SUBMIT, transfer, 0))
    {
      AuraHttpResponse *response = aura_http_response_new (request->url);

      response->outcome = AURA_HTTP_ERROR_CANCELLED;
      response->error_message =
          g_strdup (_ ("The request was cancelled: the engine is shut down."));
      post_delivery (self, transfer->caller_context, callback, user_data, response);
      engine_transfer_free (transfer);
    }
}

/**
 * aura_engine_new_group:
 * @self: an engine
 *
 * Returns: a new group number (never 0) for the requests of one scan
 */
guint64
aura_engine_new_group (AuraEngine *self)
{
  guint64 group;

  g_return_val_if_fail (AURA_IS_ENGINE (self), 0);
  g_mutex_lock (&self->lock);
  group = self->next_group++;
  g_mutex_unlock (&self->lock);
  return group;
}

/**
 * aura_engine_cancel_group:
 * @self: an engine
 * @group: a group from aura_engine_new_group()
 *
 * Cancels the requests of @group, those already submitted and those
 * submitted later. Each still gets its callback, with
 * %AURA_HTTP_ERROR_CANCELLED.
 */
void
aura_engine_cancel_group (AuraEngine *self, guint64 group)
{
  g_return_if_fail (AURA_IS_ENGINE (self));
  g_return_if_fail (group != 0);
  send_command (self, COMMAND_CANCEL_GROUP, NULL, group);
}

/**
 * aura_engine_cancel_all:
 * @self: an engine
 *
 * Cancels every request submitted so far.
 */
void
aura_engine_cancel_all (AuraEngine *self)
{
  g_return_if_fail (AURA_IS_ENGINE (self));
  send_command (self, COMMAND_CANCEL_ALL, NULL, 0);
}

/**
 * aura_engine_set_host_rate:
 * @self: an engine
 * @host: a host name (any case) or an address, as in the URLs
 * @rate: requests started per second against @host, on average; 0 removes
 *   the host's own rate
 * @burst: how many may start at once after a quiet time (0: 1)
 *
 * Gives @host a token bucket of its own, for a site that asks to be
 * visited slowly (a manifest's rate hint). When the engine has a
 * host_rate too, the stricter of the two applies. Takes effect for the
 * requests waiting for @host and for those submitted after this call (in
 * order with aura_engine_submit() from the same thread). Safe from any
 * thread.
 */
void
aura_engine_set_host_rate (AuraEngine *self, const char *host, double rate, guint burst)
{
  Command *command;
  gsize len;

  g_return_if_fail (AURA_IS_ENGINE (self));
  g_return_if_fail (host != NULL && *host != '\0');
  g_return_if_fail (rate >= 0.0 && rate <= AURA_ENGINE_HOST_RATE_MAX);

  len = strlen (host);
  command = g_new0 (Command, 1);
  command->kind = COMMAND_SET_HOST_RATE;
  /* Hosts are kept as the transfers see them: lower case, an IPv6
   * address without its brackets. */
  if (host[0] == '[' && len > 2 && host[len - 1] == ']')
    command->host = g_ascii_strdown (host + 1, len - 2);
  else
    command->host = g_ascii_strdown (host, -1);
  command->rate = rate;
  command->burst = MIN (burst > 0 ? burst : 1, AURA_ENGINE_HOST_BURST_MAX);
  queue_command (self, command);
}

/**
 * aura_engine_get_stats:
 * @self: an engine
 * @stats: (out caller-allocates): receives the counters
 *
 * Reads the engine's counters; safe from any thread.
 */
void
aura_engine_get_stats (AuraEngine *self, AuraEngineStats *stats)
{
  g_return_if_fail (AURA_IS_ENGINE (self));
  g_return_if_fail (stats != NULL);
  g_mutex_lock (&self->lock);
  *stats = self->stats;
  g_mutex_unlock (&self->lock);
}
