/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-subdomain"
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "aura-subdomain-private.h"

/* AuraSubdomainBrute: the caller's side of a brute force. The scan runs
 * on a worker thread (aura-subdomain-worker.c) that shares an
 * AuraSubdomainJob with this object; the worker publishes its hits and
 * figures under the job's lock, and a 100 ms timer in the caller's main
 * context turns them into "found" and "progress" signals. */

#define DEFAULT_RETRIES 2
#define MAX_RETRIES 10
#define DEFAULT_TIMEOUT_MS 1000
#define MAX_TIMEOUT_MS 60000
#define DEFAULT_MAX_IN_FLIGHT 100
#define MAX_IN_FLIGHT 65536
#define TICK_MS 100

struct _AuraSubdomainBrute
{
  GObject parent_instance;

  AuraSubdomainJob *job;
  GMainContext *context;
  GThread *thread;
  GSource *tick;
  GMainLoop *loop;
  GPtrArray *hits; /* AuraSubdomainHit *, every one reported */
  AuraSubdomainProgress *progress;
  GError *error;
  gint64 last_progress;
  gboolean started;
  gboolean finished;
};

enum
{
  SIGNAL_FOUND,
  SIGNAL_PROGRESS,
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (AuraSubdomainBrute, aura_subdomain_brute, G_TYPE_OBJECT)

/* Boxed types. */

void
aura_subdomain_hit_set_addresses (AuraSubdomainHit *hit, GPtrArray *addresses)
{
  g_strfreev (hit->addresses);
  hit->addresses = g_new (char *, (addresses != NULL ? addresses->len : 0) + 1);
  for (guint i = 0; addresses != NULL && i < addresses->len; i++)
    hit->addresses[i] = g_strdup (g_ptr_array_index (addresses, i));
  hit->addresses[addresses != NULL ? addresses->len : 0] = NULL;
}

AuraSubdomainHit *
aura_subdomain_hit_copy (const AuraSubdomainHit *hit)
{
  AuraSubdomainHit *copy;

  g_return_val_if_fail (hit != NULL, NULL);
  copy = g_new0 (AuraSubdomainHit, 1);
  copy->name = g_strdup (hit->name);
  copy->addresses = g_strdupv (hit->addresses);
  copy->cname = g_strdup (hit->cname);
  copy->under_wildcard = hit->under_wildcard;
  copy->from_permutation = hit->from_permutation;
  return copy;
}

void
aura_subdomain_hit_free (AuraSubdomainHit *hit)
{
  if (hit == NULL)
    return;
  g_free (hit->name);
  g_strfreev (hit->addresses);
  g_free (hit->cname);
  g_free (hit);
}

G_DEFINE_BOXED_TYPE (AuraSubdomainHit,
                     aura_subdomain_hit,
                     aura_subdomain_hit_copy,
                     aura_subdomain_hit_free)

AuraSubdomainProgress *
aura_subdomain_progress_copy (const AuraSubdomainProgress *progress)
{
  AuraSubdomainProgress *copy;

  g_return_val_if_fail (progress != NULL, NULL);
  copy = g_memdup2 (progress, sizeof *progress);
  copy->resolvers = g_new0 (AuraSubdomainResolverHealth, MAX (progress->n_resolvers, 1));
  for (guint i = 0; i < progress->n_resolvers; i++)
    {
      copy->resolvers[i] = progress->resolvers[i];
      copy->resolvers[i].address = g_strdup (progress->resolvers[i].address);
    }
  return copy;
}

void
aura_subdomain_progress_free (AuraSubdomainProgress *progress)
{
  if (progress == NULL)
    return;
  for (guint i = 0; i < progress->n_resolvers; i++)
    g_free (progress->resolvers[i].address);
  g_free (progress->resolvers);
  g_free (progress);
}

G_DEFINE_BOXED_TYPE (AuraSubdomainProgress,
                     aura_subdomain_progress,
                     aura_subdomain_progress_copy,
                     aura_subdomain_progress_free)

/* The job. */

AuraSubdomainJob *
aura_subdomain_job_ref (AuraSubdomainJob *job)
{
  g_atomic_int_inc (&job->ref_count);
  return job;
}

void
aura_subdomain_job_unref (AuraSubdomainJob *job)
{
  if (!g_atomic_int_dec_and_test (&job->ref_count))
    return;
  g_free (job->domain);
  g_strfreev (job->words);
  g_free (job->wordlist_path);
  aura_subdomain_pool_clear (&job->pool);
  g_clear_object (&job->cancellable);
  g_ptr_array_unref (job->pending_hits);
  aura_subdomain_progress_free (job->published);
  g_clear_error (&job->error);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_mutex_clear (&job->lock);
  g_free (job);
}

static void finish (AuraSubdomainBrute *self);

static gboolean
done_cb (gpointer data)
{
  AuraSubdomainJob *job = data;

  /* The owner is cleared when the object goes away first. */
  if (job->owner != NULL)
    finish (job->owner);
  return G_SOURCE_REMOVE;
}

void
aura_subdomain_job_notify_done (AuraSubdomainJob *job)
{
  g_autoptr (GSource) source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, done_cb, aura_subdomain_job_ref (job),
                         (GDestroyNotify)aura_subdomain_job_unref);
  g_source_set_static_name (source, "aura-subdomain-done");
  g_source_attach (source, job->context);
}

/* Validation of the options. */

static char *
normalize_domain (const char *domain, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (domain));
  gsize len = strlen (trimmed);
  char *result;

  if (len > 0 && trimmed[len - 1] == '.')
    trimmed[len - 1] = '\0';
  if (trimmed[0] == '\0')
    {
      g_set_error_literal (error, AURA_SUBDOMAIN_ERROR, AURA_SUBDOMAIN_ERROR_INVALID,
                           _ ("No domain was given: give the domain to search under."));
      return NULL;
    }
  result = aura_wordlist_normalize_word (trimmed, &local);
  if (result == NULL)
    g_set_error (error, AURA_SUBDOMAIN_ERROR, AURA_SUBDOMAIN_ERROR_INVALID,
                 _ ("“%s” is not a domain name: %s."), domain, local->message);
  else if (strlen (result) > 240)
    {
      g_set_error (error, AURA_SUBDOMAIN_ERROR, AURA_SUBDOMAIN_ERROR_INVALID,
                   _ ("“%s” is too long to have subdomains (at most 240 bytes)."), domain);
      g_clear_pointer (&result, g_free);
    }
  return result;
}

static gboolean
check_numbers (const AuraSubdomainBruteOptions *options, GError **error)
{
  if (options->retries > MAX_RETRIES)
    {
      g_set_error (error, AURA_SUBDOMAIN_ERROR, AURA_SUBDOMAIN_ERROR_INVALID,
                   _ ("%d retries were asked; at most %d are allowed."), options->retries,
                   MAX_RETRIES);
      return FALSE;
    }
  if (options->timeout_ms > MAX_TIMEOUT_MS)
    {
      g_set_error (error, AURA_SUBDOMAIN_ERROR, AURA_SUBDOMAIN_ERROR_INVALID,
                   _ ("A timeout of %u ms was asked; at most %u ms are allowed."),
                   options->timeout_ms, MAX_TIMEOUT_MS);
      return FALSE;
    }
  if (options->max_in_flight > MAX_IN_FLIGHT)
    {
      g_set_error (error, AURA_SUBDOMAIN_ERROR, AURA_SUBDOMAIN_ERROR_INVALID,
                   _ ("%u queries in flight were asked; at most %u are allowed."),
                   options->max_in_flight, MAX_IN_FLIGHT);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_words (const AuraSubdomainBruteOptions *options, GError **error)
{
  if (options->words != NULL && options->words[0] != NULL)
    return TRUE;
  if (options->words == NULL && options->wordlist != NULL)
    {
      if (g_file_test (options->wordlist, G_FILE_TEST_IS_REGULAR))
        return TRUE;
      g_set_error (error, AURA_SUBDOMAIN_ERROR, AURA_SUBDOMAIN_ERROR_WORDLIST,
                   _ ("The word list “%s” does not exist or is not a file."), options->wordlist);
      return FALSE;
    }
  g_set_error_literal (error, AURA_SUBDOMAIN_ERROR, AURA_SUBDOMAIN_ERROR_WORDLIST,
                       _ ("No words to try: give a list of words or a word list file."));
  return FALSE;
}

static AuraSubdomainJob *
job_new (const AuraSubdomainBruteOptions *options, char *domain)
{
  AuraSubdomainJob *job = g_new0 (AuraSubdomainJob, 1);

  job->ref_count = 1;
  g_mutex_init (&job->lock);
  job->domain = domain;
  job->words = options->words != NULL ? g_strdupv ((char **)options->words) : NULL;
  job->wordlist_path = job->words == NULL ? g_strdup (options->wordlist) : NULL;
  job->rate = options->rate;
  job->retries = options->retries == 0 ? DEFAULT_RETRIES : (guint)MAX (options->retries, 0);
  job->timeout_ms = options->timeout_ms > 0 ? MAX (options->timeout_ms, 10u) : DEFAULT_TIMEOUT_MS;
  job->max_in_flight = options->max_in_flight > 0 ? options->max_in_flight : DEFAULT_MAX_IN_FLIGHT;
  job->permutations = options->permutations;
  job->max_permutations = options->max_permutations > 0 ? options->max_permutations
                                                        : AURA_SUBDOMAIN_DEFAULT_MAX_PERMUTATIONS;
  job->aaaa = options->aaaa;
  job->cancellable = g_cancellable_new ();
  job->pending_hits = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_subdomain_hit_free);
  job->published = g_new0 (AuraSubdomainProgress, 1);
  return job;
}

AuraSubdomainBrute *
aura_subdomain_brute_new (const AuraSubdomainBruteOptions *options, GError **error)
{
  g_autoptr (AuraSubdomainBrute) self = NULL;
  AuraSubdomainJob *job;
  g_autofree char *domain = NULL;
  gboolean loopback_only;

  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (options->domain != NULL, NULL);

  domain = normalize_domain (options->domain, error);
  if (domain == NULL || !check_numbers (options, error) || !check_words (options, error))
    return NULL;
  /* AURA_LOOPBACK_ONLY=1 forces it for every scan of the process, as it
   * does for the engine. */
  loopback_only = options->loopback_only || g_strcmp0 (g_getenv ("AURA_LOOPBACK_ONLY"), "1") == 0;

  job = job_new (options, g_steal_pointer (&domain));
  self = g_object_new (AURA_TYPE_SUBDOMAIN_BRUTE, NULL);
  self->job = job;
  if (!aura_subdomain_pool_parse (&job->pool, options->resolvers, loopback_only, error))
    return NULL;
  self->progress = aura_subdomain_progress_copy (job->published);
  return g_steal_pointer (&self);
}

/* Delivery in the caller's context. */

/* Emits the hits published since the last call, and the figures when
 * they changed and the last "progress" is at least TICK_MS old; otherwise
 * the figures are only kept, for aura_subdomain_brute_get_progress(). */
static void
flush (AuraSubdomainBrute *self)
{
  AuraSubdomainJob *job = self->job;
  g_autoptr (GPtrArray) batch = NULL;
  g_autoptr (AuraSubdomainProgress) progress = NULL;
  gint64 now = g_get_monotonic_time ();

  g_mutex_lock (&job->lock);
  if (job->pending_hits->len > 0)
    {
      batch = g_steal_pointer (&job->pending_hits);
      job->pending_hits = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_subdomain_hit_free);
    }
  if (job->published->elapsed_us != self->progress->elapsed_us ||
      job->published->phase != self->progress->phase)
    progress = aura_subdomain_progress_copy (job->published);
  g_mutex_unlock (&job->lock);

  if (batch != NULL)
    {
      /* The scan keeps every hit; the batch only points at the new ones. */
      g_ptr_array_set_free_func (batch, NULL);
      for (guint i = 0; i < batch->len; i++)
        g_ptr_array_add (self->hits, g_ptr_array_index (batch, i));
      g_signal_emit (self, signals[SIGNAL_FOUND], 0, batch);
    }
  if (progress != NULL)
    {
      aura_subdomain_progress_free (self->progress);
      self->progress = g_steal_pointer (&progress);
      /* The timer's own slack aside, never two within TICK_MS. */
      if (now - self->last_progress >= (TICK_MS - 5) * 1000)
        {
          self->last_progress = now;
          g_signal_emit (self, signals[SIGNAL_PROGRESS], 0, self->progress);
        }
    }
}

static gboolean
tick_cb (gpointer data)
{
  flush (data);
  return G_SOURCE_CONTINUE;
}

static void
finish (AuraSubdomainBrute *self)
{
  if (self->finished)
    return;
  g_object_ref (self);
  if (self->tick != NULL)
    {
      g_source_destroy (self->tick);
      g_clear_pointer (&self->tick, g_source_unref);
    }
  /* The worker has published everything and is returning. */
  g_clear_pointer (&self->thread, g_thread_join);
  flush (self);
  g_mutex_lock (&self->job->lock);
  if (self->job->error != NULL)
    self->error = g_error_copy (self->job->error);
  g_mutex_unlock (&self->job->lock);
  self->finished = TRUE;
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
  if (self->loop != NULL)
    g_main_loop_quit (self->loop);
  g_object_unref (self);
}

void
aura_subdomain_brute_start (AuraSubdomainBrute *self)
{
  AuraSubdomainJob *job;

  g_return_if_fail (AURA_IS_SUBDOMAIN_BRUTE (self));
  g_return_if_fail (!self->started);

  job = self->job;
  self->started = TRUE;
  self->context = g_main_context_ref_thread_default ();
  job->context = g_main_context_ref (self->context);
  job->owner = self;
  self->tick = g_timeout_source_new (TICK_MS);
  g_source_set_callback (self->tick, tick_cb, self, NULL);
  g_source_set_static_name (self->tick, "aura-subdomain-tick");
  g_source_attach (self->tick, self->context);
  self->thread =
      g_thread_new ("aura-subdomain", aura_subdomain_worker_run, aura_subdomain_job_ref (job));
}

void
aura_subdomain_brute_cancel (AuraSubdomainBrute *self)
{
  g_return_if_fail (AURA_IS_SUBDOMAIN_BRUTE (self));
  g_cancellable_cancel (self->job->cancellable);
}

gboolean
aura_subdomain_brute_run (AuraSubdomainBrute *self, GError **error)
{
  g_return_val_if_fail (AURA_IS_SUBDOMAIN_BRUTE (self), FALSE);

  if (!self->started)
    aura_subdomain_brute_start (self);
  if (!self->finished)
    {
      self->loop = g_main_loop_new (self->context, FALSE);
      g_main_loop_run (self->loop);
      g_clear_pointer (&self->loop, g_main_loop_unref);
    }
  if (self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return FALSE;
    }
  return TRUE;
}

gboolean
aura_subdomain_brute_is_finished (AuraSubdomainBrute *self)
{
  g_return_val_if_fail (AURA_IS_SUBDOMAIN_BRUTE (self), FALSE);
  return self->finished;
}

AuraSubdomainProgress *
aura_subdomain_brute_get_progress (AuraSubdomainBrute *self)
{
  g_return_val_if_fail (AURA_IS_SUBDOMAIN_BRUTE (self), NULL);
  return aura_subdomain_progress_copy (self->progress);
}

GPtrArray *
aura_subdomain_brute_get_hits (AuraSubdomainBrute *self)
{
  g_return_val_if_fail (AURA_IS_SUBDOMAIN_BRUTE (self), NULL);
  return self->hits;
}

const GError *
aura_subdomain_brute_get_error (AuraSubdomainBrute *self)
{
  g_return_val_if_fail (AURA_IS_SUBDOMAIN_BRUTE (self), NULL);
  return self->error;
}

/* GObject. */

static void
aura_subdomain_brute_dispose (GObject *object)
{
  AuraSubdomainBrute *self = AURA_SUBDOMAIN_BRUTE (object);

  if (self->thread != NULL)
    {
      g_cancellable_cancel (self->job->cancellable);
      g_clear_pointer (&self->thread, g_thread_join);
    }
  if (self->tick != NULL)
    {
      g_source_destroy (self->tick);
      g_clear_pointer (&self->tick, g_source_unref);
    }
  if (self->job != NULL)
    {
      self->job->owner = NULL;
      g_clear_pointer (&self->job, aura_subdomain_job_unref);
    }
  G_OBJECT_CLASS (aura_subdomain_brute_parent_class)->dispose (object);
}

static void
aura_subdomain_brute_finalize (GObject *object)
{
  AuraSubdomainBrute *self = AURA_SUBDOMAIN_BRUTE (object);

  g_ptr_array_unref (self->hits);
  aura_subdomain_progress_free (self->progress);
  g_clear_error (&self->error);
  g_clear_pointer (&self->context, g_main_context_unref);
  G_OBJECT_CLASS (aura_subdomain_brute_parent_class)->finalize (object);
}

static void
aura_subdomain_brute_class_init (AuraSubdomainBruteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = aura_subdomain_brute_dispose;
  object_class->finalize = aura_subdomain_brute_finalize;

  /**
   * AuraSubdomainBrute::found:
   * @hits: (element-type AuraSubdomainHit): the names found since the last
   *   batch, owned by the scan
   */
  signals[SIGNAL_FOUND] =
      g_signal_new ("found", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                    G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY | G_SIGNAL_TYPE_STATIC_SCOPE);
  /**
   * AuraSubdomainBrute::progress:
   * @progress: (type AuraSubdomainProgress): the latest figures
   */
  signals[SIGNAL_PROGRESS] =
      g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                    G_TYPE_NONE, 1, AURA_TYPE_SUBDOMAIN_PROGRESS | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
aura_subdomain_brute_init (AuraSubdomainBrute *self)
{
  self->hits = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_subdomain_hit_free);
}
