/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-engine"
#include "config.h"

#include "aura-engine-private.h"

/* The host scheduler. Each host name has a FIFO of transfers WAITING for
 * it, a count of its transfers RUNNING and, when a rate is set, a token
 * bucket. A host that could start its next transfer now (a free host slot
 * and a token) sits in engine->runnable_hosts; engine_hosts_pump() takes
 * hosts from there in turn, one transfer each, while the global in-flight
 * limit allows, so that one busy host cannot starve the others.
 *
 * A host's bucket runs at the engine's host_rate, or at the host's own
 * rate (aura_engine_set_host_rate(): a site's rate hint) when that is
 * stricter. */

static void
host_free (gpointer data)
{
  EngineHost *host = data;

  if (host->token_timer != NULL)
    {
      g_source_destroy (host->token_timer);
      g_source_unref (host->token_timer);
    }
  g_queue_clear (&host->waiting);
  g_free (host->name);
  g_free (host);
}

void
engine_hosts_init (AuraEngine *self)
{
  self->hosts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, host_free);
  self->host_rates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

void
engine_hosts_clear (AuraEngine *self)
{
  g_queue_clear (&self->runnable_hosts);
  g_hash_table_remove_all (self->hosts);
  g_hash_table_remove_all (self->host_rates);
}

/* The rate and burst @host runs at: the stricter of the engine's and its
 * own. */
static void
host_configure (AuraEngine *self, EngineHost *host)
{
  EngineHostRate *own = g_hash_table_lookup (self->host_rates, host->name);

  host->rate = self->host_rate;
  host->burst = self->host_burst;
  if (own != NULL && (host->rate <= 0 || own->rate < host->rate))
    {
      host->rate = own->rate;
      host->burst = own->burst;
    }
}

static void
refill (AuraEngine *self, EngineHost *host, gint64 now)
{
  double earned = (double)(now - host->refilled_at) / G_USEC_PER_SEC * host->rate;

  host->tokens = MIN ((double)host->burst, host->tokens + earned);
  host->refilled_at = now;
}

static void mark_runnable (AuraEngine *self, EngineHost *host);

typedef struct
{
  AuraEngine *engine;
  EngineHost *host;
} TokenWait;

static gboolean
token_ready_cb (gpointer data)
{
  TokenWait *wait = data;

  g_clear_pointer (&wait->host->token_timer, g_source_unref);
  mark_runnable (wait->engine, wait->host);
  engine_hosts_pump (wait->engine);
  return G_SOURCE_REMOVE;
}

/* Puts @host in the runnable queue when its next transfer could start now;
 * when only a token is missing, arms a timer for when it will be there. */
static void
mark_runnable (AuraEngine *self, EngineHost *host)
{
  if (host->runnable || host->waiting.length == 0 || host->in_flight >= self->max_per_host)
    return;
  if (host->rate > 0)
    {
      refill (self, host, g_get_monotonic_time ());
      if (host->tokens < 1.0)
        {
          TokenWait *wait;
          guint delay_ms;

          if (host->token_timer != NULL)
            return;
          delay_ms = (guint)((1.0 - host->tokens) / host->rate * 1000.0) + 1;
          wait = g_new (TokenWait, 1);
          wait->engine = self;
          wait->host = host;
          host->token_timer = g_timeout_source_new (delay_ms);
          g_source_set_callback (host->token_timer, token_ready_cb, wait, g_free);
          g_source_set_static_name (host->token_timer, "[aura-engine] host token");
          g_source_attach (host->token_timer, self->context);
          return;
        }
    }
  host->runnable = TRUE;
  g_queue_push_tail (&self->runnable_hosts, host);
}

void
engine_host_enqueue (AuraEngine *self, EngineTransfer *transfer)
{
  EngineHost *host = g_hash_table_lookup (self->hosts, transfer->host);

  if (host == NULL)
    {
      host = g_new0 (EngineHost, 1);
      host->name = g_strdup (transfer->host);
      host_configure (self, host);
      host->tokens = host->burst;
      host->refilled_at = g_get_monotonic_time ();
      g_queue_init (&host->waiting);
      g_hash_table_insert (self->hosts, host->name, host);
    }
  transfer->host_entry = host;
  g_queue_push_tail (&host->waiting, transfer);
  transfer->wait_link = host->waiting.tail;
  engine_transfer_set_state (transfer, TRANSFER_WAITING);
  mark_runnable (self, host);
}

void
engine_host_dequeue (AuraEngine *self, EngineTransfer *transfer)
{
  EngineHost *host = transfer->host_entry;

  g_queue_delete_link (&host->waiting, g_steal_pointer (&transfer->wait_link));
  if (host->waiting.length == 0 && host->runnable)
    {
      g_queue_remove (&self->runnable_hosts, host);
      host->runnable = FALSE;
    }
}

/* A running transfer gives back its host slot and its global slot. The
 * caller pumps. */
void
engine_host_release (AuraEngine *self, EngineTransfer *transfer)
{
  EngineHost *host = transfer->host_entry;

  g_assert (host->in_flight > 0 && self->in_flight > 0);
  host->in_flight--;
  self->in_flight--;
  mark_runnable (self, host);
}

void
engine_hosts_pump (AuraEngine *self)
{
  while (self->in_flight < self->max_in_flight && self->runnable_hosts.length > 0)
    {
      EngineHost *host = g_queue_pop_head (&self->runnable_hosts);
      EngineTransfer *transfer = g_queue_pop_head (&host->waiting);

      host->runnable = FALSE;
      transfer->wait_link = NULL;
      if (host->rate > 0)
        host->tokens -= 1.0;
      host->in_flight++;
      self->in_flight++;
      /* Back in the queue, behind the others, if it can start more. */
      mark_runnable (self, host);
      engine_transfer_run (self, transfer);
    }
}

void
engine_hosts_set_rate (AuraEngine *self, const char *name, double rate, guint burst)
{
  EngineHost *host = g_hash_table_lookup (self->hosts, name);

  if (rate > 0)
    {
      EngineHostRate *own = g_new (EngineHostRate, 1);

      own->rate = rate;
      own->burst = burst;
      g_hash_table_replace (self->host_rates, g_strdup (name), own);
    }
  else
    g_hash_table_remove (self->host_rates, name);
  if (host == NULL)
    return;
  /* Tokens earned so far count at the old rate; a waiting timer was armed
   * for the old one. */
  if (host->rate > 0)
    refill (self, host, g_get_monotonic_time ());
  else
    host->tokens = G_MAXDOUBLE;
  host_configure (self, host);
  host->tokens = MIN (host->tokens, (double)host->burst);
  host->refilled_at = g_get_monotonic_time ();
  if (host->token_timer != NULL)
    {
      g_source_destroy (host->token_timer);
      g_clear_pointer (&host->token_timer, g_source_unref);
    }
  mark_runnable (self, host);
  engine_hosts_pump (self);
}
