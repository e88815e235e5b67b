/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-subdomain"
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "aura-subdomain-private.h"

/* The worker thread. It owns the c-ares channels (one per resolver), a
 * fixed table of in-flight queries, a queue of tasks that go first
 * (wildcard probes, retries, AAAA follow-ups) and the cursor into the
 * word list or the permutations. One loop: send what the limits allow,
 * poll the sockets, let c-ares hand each answer to answer_cb(), publish
 * the figures for the caller's thread. The scan moves through the phases
 * below in advance(). */

typedef enum
{
  PHASE_STARTING,     /* probing the domain itself for a wildcard */
  PHASE_WORDS,        /* the word list, with the probes of deeper levels */
  PHASE_PERMUTATIONS, /* names made from the hits of the words */
  PHASE_DONE,         /* finished: completed, failed or cancelled */
} Phase;

typedef enum
{
  TASK_NAME,  /* a word or a permutation */
  TASK_PROBE, /* a random name under a level, for its wildcard */
} TaskKind;

typedef struct
{
  const char *rel;           /* relative to the domain; owned by the word list,
                                the permutations or the level */
  AuraLevel *level;          /* TASK_PROBE: the level probed */
  AuraSubdomainHit *partial; /* the A answer, kept while AAAA is asked */
  guint16 qtype;
  guint8 kind;
  guint8 tries; /* tries sent so far */
  gint16 last_resolver;
  gboolean from_permutation;
} Task;

typedef struct _Worker Worker;

typedef struct
{
  Worker *worker;
  Task task;
  guint resolver;
} Slot;

struct _Worker
{
  AuraSubdomainJob *job;
  AuraResolverPool *pool;
  Phase phase;

  /* The names to ask. */
  AuraWordlist *wordlist;
  GPtrArray *words;    /* const char *, into wordlist, job->words or chunk */
  GStringChunk *chunk; /* words that needed normalising */
  guint next_word;
  GStrv permutations;
  guint n_permutations;
  guint next_permutation;

  /* What is in flight and what waits. */
  GQueue queue; /* Task *, sent before new names */
  Slot *slots;
  guint *free_slots;
  guint n_free;
  guint n_slots;
  double tokens;
  gint64 tokens_at;

  /* Wildcard levels and results. */
  GHashTable *levels; /* rel → AuraLevel * */
  GRand *rand;
  GPtrArray *found_rels; /* char *, the names kept, for the permutations */
  GPtrArray *hits_out;   /* AuraSubdomainHit *, not yet published */
  GPtrArray *addresses;  /* char *, of the answer being read */
  AuraSubdomainProgress progress;
  gint64 started;
  gint64 last_publish;
  gint64 next_sweep;
  GPollFD cancel_fd;
  GError *error;
  char name[512];
};

/* Sweeps c-ares's timeouts on quiet channels this often. */
#define SWEEP_US (20 * 1000)
#define PUBLISH_US (50 * 1000)
#define MAX_POLL_FDS 512

static const char *
phase_name (Phase phase)
{
  static const char *const names[] = { "starting", "words", "permutations", "done" };

  return names[phase];
}

static void
set_phase (Worker *w, Phase phase)
{
  static const AuraSubdomainPhase public_phases[] = {
    AURA_SUBDOMAIN_PHASE_STARTING,
    AURA_SUBDOMAIN_PHASE_WORDS,
    AURA_SUBDOMAIN_PHASE_PERMUTATIONS,
    AURA_SUBDOMAIN_PHASE_DONE,
  };

  g_debug ("brute %s: %s → %s (sent %" G_GUINT64_FORMAT ", found %" G_GUINT64_FORMAT ")",
           w->job->domain, phase_name (w->phase), phase_name (phase), w->progress.sent,
           w->progress.found);
  w->phase = phase;
  w->progress.phase = public_phases[phase];
}

static const char *
full_name (Worker *w, const char *rel)
{
  g_snprintf (w->name, sizeof w->name, "%s.%s", rel, w->job->domain);
  return w->name;
}

/* Words. */

/* Lower-case letters, digits, inner hyphens and dots between labels: the
 * common case, kept without a copy. */
static gboolean
word_is_plain (const char *word)
{
  gsize label = 0;
  char previous = '.';

  for (const char *p = word; *p != '\0'; p++)
    {
      char c = *p;

      if (c == '.')
        {
          if (label == 0 || previous == '-')
            return FALSE;
          label = 0;
        }
      else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && label > 0))
        {
          if (++label > 63)
            return FALSE;
        }
      else
        return FALSE;
      previous = c;
    }
  return label > 0 && previous != '-';
}

static gboolean
load_words (Worker *w, GError **error)
{
  AuraSubdomainJob *job = w->job;
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  const char *const *source;
  gsize room = 253 - strlen (job->domain) - 1;

  if (job->words != NULL)
    source = (const char *const *)job->words;
  else
    {
      w->wordlist = aura_wordlist_load (job->wordlist_path, error);
      if (w->wordlist == NULL)
        return FALSE;
      w->progress.words_rejected = aura_wordlist_get_n_rejected (w->wordlist);
      source = aura_wordlist_get_words (w->wordlist);
    }
  w->chunk = g_string_chunk_new (4096);
  w->words = g_ptr_array_new ();
  for (guint i = 0; source[i] != NULL; i++)
    {
      const char *word = source[i];

      if (!word_is_plain (word))
        {
          g_autofree char *normal = aura_wordlist_normalize_word (word, NULL);

          if (normal == NULL)
            {
              w->progress.words_rejected++;
              continue;
            }
          word = g_string_chunk_insert (w->chunk, normal);
        }
      if (strlen (word) > room)
        {
          w->progress.words_rejected++;
          continue;
        }
      if (!g_hash_table_add (seen, (gpointer)word))
        continue;
      g_ptr_array_add (w->words, (gpointer)word);
    }
  if (w->words->len == 0)
    {
      g_set_error_literal (error, AURA_SUBDOMAIN_ERROR, AURA_SUBDOMAIN_ERROR_WORDLIST,
                           _ ("None of the words is a usable host label."));
      return FALSE;
    }
  w->progress.total = w->words->len;
  return TRUE;
}

/* Tasks. */

static void
task_clear (Task *task)
{
  g_clear_pointer (&task->partial, aura_subdomain_hit_free);
}

static void
queue_task (Worker *w, const Task *task, gboolean first)
{
  Task *copy = g_memdup2 (task, sizeof *task);

  if (first)
    g_queue_push_head (&w->queue, copy);
  else
    g_queue_push_tail (&w->queue, copy);
}

static void
queue_probes (Worker *w, AuraLevel *level)
{
  for (guint i = 0; i < AURA_WILDCARD_PROBES; i++)
    {
      Task task = { .rel = level->probes[i],
                    .level = level,
                    .qtype = AURA_SUBDOMAIN_DNS_TYPE_A,
                    .kind = TASK_PROBE,
                    .last_resolver = -1 };

      queue_task (w, &task, TRUE);
    }
}

/* The next task, without taking it. */
static gboolean
peek_task (Worker *w, Task *out)
{
  Task *head = g_queue_peek_head (&w->queue);

  if (head != NULL)
    {
      *out = *head;
      return TRUE;
    }
  if (w->phase == PHASE_WORDS && w->next_word < w->words->len)
    {
      *out = (Task){ .rel = g_ptr_array_index (w->words, w->next_word),
                     .qtype = AURA_SUBDOMAIN_DNS_TYPE_A,
                     .kind = TASK_NAME,
                     .last_resolver = -1 };
      return TRUE;
    }
  if (w->phase == PHASE_PERMUTATIONS && w->next_permutation < w->n_permutations)
    {
      *out = (Task){ .rel = w->permutations[w->next_permutation],
                     .qtype = AURA_SUBDOMAIN_DNS_TYPE_A,
                     .kind = TASK_NAME,
                     .last_resolver = -1,
                     .from_permutation = TRUE };
      return TRUE;
    }
  return FALSE;
}

static void
take_task (Worker *w)
{
  if (!g_queue_is_empty (&w->queue))
    g_free (g_queue_pop_head (&w->queue));
  else if (w->phase == PHASE_WORDS)
    w->next_word++;
  else
    w->next_permutation++;
}

/* Verdicts. */

static void
keep_hit (Worker *w, AuraSubdomainHit *hit, const AuraLevel *level)
{
  gsize domain_len = strlen (w->job->domain);

  hit->under_wildcard = level->wildcard;
  w->progress.found++;
  w->progress.done++;
  g_ptr_array_add (w->found_rels, g_strndup (hit->name, strlen (hit->name) - domain_len - 1));
  g_ptr_array_add (w->hits_out, hit);
}

static void
judge_at (Worker *w, AuraSubdomainHit *hit, const AuraLevel *level)
{
  if (aura_subdomain_level_matches (level, hit))
    {
      w->progress.wildcard_discarded++;
      w->progress.done++;
      aura_subdomain_hit_free (hit);
      return;
    }
  keep_hit (w, hit, level);
}

/* A name answered: its level decides, once its wildcard is known. */
static void
judge (Worker *w, AuraSubdomainHit *hit, const char *rel)
{
  const char *parent = aura_subdomain_parent_rel (rel);
  AuraLevel *level = g_hash_table_lookup (w->levels, parent);

  if (level == NULL)
    {
      level = aura_subdomain_level_new (parent, w->rand);
      g_hash_table_insert (w->levels, level->rel, level);
      queue_probes (w, level);
    }
  if (level->state == AURA_LEVEL_PROBING)
    g_ptr_array_add (level->parked, hit);
  else
    judge_at (w, hit, level);
}

static void
probe_settled (Worker *w, AuraLevel *level, AuraSubdomainHit *hit)
{
  aura_subdomain_level_add_probe (level, hit != NULL ? hit->addresses : NULL,
                                  hit != NULL ? hit->cname : NULL);
  if (level->state != AURA_LEVEL_KNOWN)
    return;
  for (guint i = 0; i < level->parked->len; i++)
    judge_at (w, g_ptr_array_steal_index_fast (level->parked, i--), level);
}

/* A task is over: @hit is what it found (owned), or NULL. */
static void
task_done (Worker *w, Task *task, AuraSubdomainHit *hit)
{
  if (task->kind == TASK_PROBE)
    {
      probe_settled (w, task->level, hit);
      g_clear_pointer (&hit, aura_subdomain_hit_free);
    }
  else if (hit != NULL)
    {
      hit->from_permutation = task->from_permutation;
      judge (w, hit, task->rel);
    }
  else
    w->progress.done++;
  task_clear (task);
}

static AuraSubdomainHit *
hit_new (const char *name, GPtrArray *addresses, char *cname)
{
  AuraSubdomainHit *hit = g_new0 (AuraSubdomainHit, 1);

  hit->name = g_strdup (name);
  hit->cname = cname;
  aura_subdomain_hit_set_addresses (hit, addresses);
  return hit;
}

static void
merge_aaaa (AuraSubdomainHit *hit, GPtrArray *addresses, char *cname)
{
  guint n = g_strv_length (hit->addresses);

  hit->addresses = g_renew (char *, hit->addresses, n + addresses->len + 1);
  for (guint i = 0; i < addresses->len; i++)
    hit->addresses[n + i] = g_strdup (g_ptr_array_index (addresses, i));
  hit->addresses[n + addresses->len] = NULL;
  if (hit->cname == NULL)
    hit->cname = cname;
  else
    g_free (cname);
}

/* A valid answer: NOERROR (with or without records) or NXDOMAIN. */
static void
settle (Worker *w, Task *task, AuraAnswerKind kind, GPtrArray *addresses, char *cname)
{
  const char *name = w->name;

  if (task->qtype == AURA_SUBDOMAIN_DNS_TYPE_AAAA)
    {
      AuraSubdomainHit *hit = g_steal_pointer (&task->partial);

      merge_aaaa (hit, addresses, cname);
      if (hit->addresses[0] == NULL && hit->cname == NULL)
        g_clear_pointer (&hit, aura_subdomain_hit_free);
      task_done (w, task, hit);
      return;
    }
  if (kind == AURA_ANSWER_NXDOMAIN || (kind == AURA_ANSWER_NODATA && !w->job->aaaa))
    {
      g_free (cname);
      task_done (w, task, NULL);
      return;
    }
  if (w->job->aaaa)
    {
      /* The name exists: ask its AAAA too, under a fresh count of tries. */
      Task next = *task;

      next.partial = hit_new (name, addresses, cname);
      next.qtype = AURA_SUBDOMAIN_DNS_TYPE_AAAA;
      next.tries = 0;
      next.last_resolver = -1;
      task->partial = NULL;
      queue_task (w, &next, TRUE);
      return;
    }
  task_done (w, task, hit_new (name, addresses, cname));
}

/* A try failed: again on another resolver, or give up. */
static void
retry_or_give_up (Worker *w, Task *task, guint resolver)
{
  if (task->tries <= w->job->retries)
    {
      task->last_resolver = (gint16)resolver;
      w->progress.retries++;
      queue_task (w, task, FALSE);
      return;
    }
  if (task->kind == TASK_NAME && task->partial == NULL)
    {
      w->progress.failed++;
      g_debug ("gave up on %s after %u tries", full_name (w, task->rel), task->tries);
    }
  /* An AAAA follow-up that failed still reports the A answer. */
  task_done (w, task, g_steal_pointer (&task->partial));
}

/* c-ares hands every answer, timeout or failure here, from inside
 * ares_process_fd() or ares_cancel(). */
static void
answer_cb (void *data, int status, int timeouts, unsigned char *abuf, int alen)
{
  Slot *slot = data;
  Worker *w = slot->worker;
  Task task = slot->task;
  guint index = slot->resolver;
  AuraResolver *resolver = &w->pool->resolvers[index];
  GPtrArray *addresses = w->addresses;
  char *cname = NULL;
  AuraAnswerKind kind;
  gint64 now;

  w->free_slots[w->n_free++] = (guint)(slot - w->slots);
  resolver->in_flight--;
  if (status == ARES_ECANCELLED || status == ARES_EDESTRUCTION)
    {
      task_clear (&task);
      return;
    }
  now = g_get_monotonic_time ();
  if (status == ARES_ETIMEOUT || abuf == NULL)
    {
      g_debug ("%s to %s: %s", full_name (w, task.rel), resolver->display, ares_strerror (status));
      if (status == ARES_ETIMEOUT)
        {
          resolver->health.timeouts++;
          w->progress.timeouts++;
        }
      else
        resolver->health.errors++;
      aura_subdomain_pool_failure (w->pool, index, status == ARES_ETIMEOUT, now);
      retry_or_give_up (w, &task, index);
      return;
    }
  g_ptr_array_set_size (addresses, 0);
  kind = aura_subdomain_answer_read (abuf, (gsize)alen, full_name (w, task.rel), task.qtype,
                                     addresses, &cname);
  switch (kind)
    {
      case AURA_ANSWER_HIT:
      case AURA_ANSWER_NODATA:
      case AURA_ANSWER_NXDOMAIN:
        resolver->health.answered++;
        w->progress.answered++;
        aura_subdomain_pool_success (w->pool, index, now);
        settle (w, &task, kind, addresses, cname);
        return;
      case AURA_ANSWER_SERVFAIL:
        resolver->health.servfail++;
        break;
      case AURA_ANSWER_REFUSED:
        resolver->health.refused++;
        break;
      case AURA_ANSWER_MISMATCH:
        resolver->health.errors++;
        break;
    }
  g_free (cname);
  aura_subdomain_pool_failure (w->pool, index, FALSE, now);
  retry_or_give_up (w, &task, index);
}

static void
send_task (Worker *w, const Task *task, guint index)
{
  AuraResolver *resolver = &w->pool->resolvers[index];
  Slot *slot = &w->slots[w->free_slots[--w->n_free]];

  slot->task = *task;
  slot->task.tries++;
  slot->resolver = index;
  resolver->in_flight++;
  resolver->health.sent++;
  w->progress.sent++;
  /* c-ares copies the name into its packet; the callback may run before
   * ares_query() returns (a name it cannot encode). */
  ares_query (resolver->channel, full_name (w, task->rel), 1, task->qtype, answer_cb, slot);
}

/* Sends what the in-flight limit, the rate and the resolvers allow. */
static void
dispatch (Worker *w, gint64 now)
{
  guint rate = w->job->rate;

  if (rate > 0)
    {
      double burst = MAX (1.0, rate / 50.0);

      w->tokens = MIN (burst, w->tokens + (double)(now - w->tokens_at) * rate / G_USEC_PER_SEC);
      w->tokens_at = now;
    }
  while (w->n_free > 0 && (rate == 0 || w->tokens >= 1.0))
    {
      Task task;
      int index;

      if (!peek_task (w, &task))
        return;
      index = aura_subdomain_pool_pick (w->pool, task.last_resolver, now);
      if (index < 0)
        return;
      take_task (w);
      send_task (w, &task, (guint)index);
      w->tokens -= 1.0;
    }
}

static guint
in_flight (Worker *w)
{
  return w->n_slots - w->n_free;
}

/* The second pass: permutations of the names kept, less the words
 * already asked. */
static GStrv
make_permutations (Worker *w)
{
  g_autoptr (GHashTable) fresh = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GStrvBuilder) kept = g_strv_builder_new ();
  g_auto (GStrv) candidates = NULL;
  gsize room = 253 - strlen (w->job->domain) - 1;

  g_ptr_array_add (w->found_rels, NULL);
  candidates = aura_subdomain_permutations ((const char *const *)w->found_rels->pdata,
                                            w->job->max_permutations);
  g_ptr_array_set_size (w->found_rels, w->found_rels->len - 1);
  for (guint i = 0; candidates[i] != NULL; i++)
    if (strlen (candidates[i]) <= room)
      g_hash_table_add (fresh, candidates[i]);
  /* One pass over the words against the (smaller) set of candidates. */
  for (guint i = 0; i < w->words->len; i++)
    g_hash_table_remove (fresh, g_ptr_array_index (w->words, i));
  for (guint i = 0; candidates[i] != NULL; i++)
    if (g_hash_table_contains (fresh, candidates[i]))
      g_strv_builder_add (kept, candidates[i]);
  g_debug ("brute %s: %u permutations of %u names", w->job->domain, g_hash_table_size (fresh),
           w->found_rels->len);
  return g_strv_builder_end (kept);
}

/* Moves to the next phase when the current one has nothing left. */
static void
advance (Worker *w)
{
  AuraLevel *domain_level;

  switch (w->phase)
    {
      case PHASE_STARTING:
        domain_level = g_hash_table_lookup (w->levels, "");
        if (domain_level->state == AURA_LEVEL_KNOWN)
          set_phase (w, PHASE_WORDS);
        break;
      case PHASE_WORDS:
      case PHASE_PERMUTATIONS:
        if (in_flight (w) > 0 || !g_queue_is_empty (&w->queue) || w->next_word < w->words->len ||
            w->next_permutation < w->n_permutations)
          break;
        if (w->phase == PHASE_WORDS && w->job->permutations && w->found_rels->len > 0)
          {
            w->permutations = make_permutations (w);
            w->n_permutations = g_strv_length (w->permutations);
            w->progress.total += w->n_permutations;
            set_phase (w, PHASE_PERMUTATIONS);
          }
        else
          set_phase (w, PHASE_DONE);
        break;
      case PHASE_DONE:
        break;
    }
}

/* The figures and the hits, handed to the caller's thread. */
static void
publish (Worker *w, gint64 now)
{
  AuraSubdomainJob *job = w->job;
  AuraSubdomainProgress *out;

  w->last_publish = now;
  w->progress.elapsed_us = now - w->started;
  g_mutex_lock (&job->lock);
  out = job->published;
  for (guint i = 0; i < out->n_resolvers; i++)
    g_free (out->resolvers[i].address);
  g_free (out->resolvers);
  *out = w->progress;
  out->n_resolvers = w->pool->n;
  out->resolvers = g_new0 (AuraSubdomainResolverHealth, w->pool->n);
  for (guint i = 0; i < w->pool->n; i++)
    {
      out->resolvers[i] = w->pool->resolvers[i].health;
      out->resolvers[i].address = g_strdup (w->pool->resolvers[i].display);
      out->resolvers[i].state = aura_subdomain_pool_public_state (&w->pool->resolvers[i]);
    }
  g_ptr_array_extend_and_steal (job->pending_hits, g_steal_pointer (&w->hits_out));
  w->hits_out = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_subdomain_hit_free);
  g_mutex_unlock (&job->lock);
}

/* How long poll() may sleep. */
static int
wait_ms (Worker *w, gint64 now, gint64 bench_next)
{
  gint64 until = w->last_publish + PUBLISH_US;
  Task task;

  if (in_flight (w) > 0)
    until = MIN (until, now + SWEEP_US);
  if (w->job->rate > 0 && w->tokens < 1.0 && w->n_free > 0 && peek_task (w, &task))
    until = MIN (until, now + (gint64)((1.0 - w->tokens) * G_USEC_PER_SEC / w->job->rate) + 1);
  until = MIN (until, bench_next);
  if (until <= now)
    return 0;
  return (int)((until - now + 999) / 1000);
}

/* Waits for the sockets of every channel and the cancellable, then lets
 * c-ares read what arrived. Channels with queries in flight also get a
 * timeout sweep every SWEEP_US, busy or not. */
static void
poll_once (Worker *w, int timeout)
{
  struct pollfd fds[MAX_POLL_FDS];
  guint owners[MAX_POLL_FDS];
  guint n = 0;
  gint64 now;

  fds[n].fd = w->cancel_fd.fd;
  fds[n].events = POLLIN;
  n++;
  for (guint r = 0; r < w->pool->n; r++)
    {
      AuraResolver *resolver = &w->pool->resolvers[r];

      for (guint i = 0; i < resolver->n_fds && n < MAX_POLL_FDS; i++, n++)
        {
          fds[n].fd = resolver->fds[i];
          fds[n].events = POLLIN | (resolver->fd_write[i] ? POLLOUT : 0);
          owners[n] = r;
        }
    }
  if (poll (fds, n, timeout) > 0)
    for (guint i = 1; i < n; i++)
      {
        ares_channel channel = w->pool->resolvers[owners[i]].channel;

        if (fds[i].revents == 0)
          continue;
        ares_process_fd (
            channel, (fds[i].revents & (POLLIN | POLLERR | POLLHUP)) ? fds[i].fd : ARES_SOCKET_BAD,
            (fds[i].revents & POLLOUT) ? fds[i].fd : ARES_SOCKET_BAD);
      }
  now = g_get_monotonic_time ();
  if (now >= w->next_sweep)
    {
      w->next_sweep = now + SWEEP_US;
      for (guint r = 0; r < w->pool->n; r++)
        if (w->pool->resolvers[r].in_flight > 0)
          ares_process_fd (w->pool->resolvers[r].channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
    }
}

static void
fail_all_dead (Worker *w)
{
  g_autofree char *figures = aura_subdomain_pool_describe (w->pool);

  g_set_error (&w->error, AURA_SUBDOMAIN_ERROR, AURA_SUBDOMAIN_ERROR_RESOLVERS_DEAD,
               _ ("No DNS resolver answers any more (%s). Check that the resolvers are "
                  "reachable and answer queries for “%s”, or give others."),
               figures, w->job->domain);
}

static void
run_loop (Worker *w)
{
  AuraLevel *level = aura_subdomain_level_new ("", w->rand);

  g_hash_table_insert (w->levels, level->rel, level);
  queue_probes (w, level);
  set_phase (w, PHASE_STARTING);
  g_cancellable_make_pollfd (w->job->cancellable, &w->cancel_fd);
  while (w->phase != PHASE_DONE)
    {
      gint64 now = g_get_monotonic_time ();
      gint64 bench_next;

      if (g_cancellable_set_error_if_cancelled (w->job->cancellable, &w->error))
        break;
      bench_next = aura_subdomain_pool_update (w->pool, now);
      if (aura_subdomain_pool_all_dead (w->pool))
        {
          fail_all_dead (w);
          break;
        }
      advance (w);
      if (w->phase == PHASE_DONE)
        break;
      dispatch (w, now);
      poll_once (w, wait_ms (w, now, bench_next));
      now = g_get_monotonic_time ();
      if (now - w->last_publish >= PUBLISH_US)
        publish (w, now);
    }
  g_cancellable_release_fd (w->job->cancellable);
}

static void
worker_clear (Worker *w)
{
  Task *task;

  /* Cancelling hands every query in flight to answer_cb(), which frees
   * its task; the channels are destroyed after. */
  for (guint i = 0; i < w->pool->n; i++)
    if (w->pool->resolvers[i].channel != NULL)
      {
        ares_cancel (w->pool->resolvers[i].channel);
        ares_destroy (w->pool->resolvers[i].channel);
        w->pool->resolvers[i].channel = NULL;
      }
  while ((task = g_queue_pop_head (&w->queue)) != NULL)
    {
      task_clear (task);
      g_free (task);
    }
  g_clear_pointer (&w->levels, g_hash_table_unref);
  g_clear_pointer (&w->wordlist, aura_wordlist_free);
  g_clear_pointer (&w->words, g_ptr_array_unref);
  g_clear_pointer (&w->chunk, g_string_chunk_free);
  g_clear_pointer (&w->permutations, g_strfreev);
  g_clear_pointer (&w->slots, g_free);
  g_clear_pointer (&w->free_slots, g_free);
  g_clear_pointer (&w->found_rels, g_ptr_array_unref);
  g_clear_pointer (&w->addresses, g_ptr_array_unref);
  g_clear_pointer (&w->rand, g_rand_free);
}

gpointer
aura_subdomain_worker_run (gpointer data)
{
  AuraSubdomainJob *job = data;
  Worker w = { 0 };

  w.job = job;
  w.pool = &job->pool;
  w.started = g_get_monotonic_time ();
  w.last_publish = w.started;
  w.tokens_at = w.started;
  w.tokens = 1.0;
  w.n_slots = job->max_in_flight;
  w.slots = g_new0 (Slot, w.n_slots);
  w.free_slots = g_new (guint, w.n_slots);
  for (guint i = 0; i < w.n_slots; i++)
    {
      w.slots[i].worker = &w;
      w.free_slots[w.n_free++] = w.n_slots - 1 - i;
    }
  g_queue_init (&w.queue);
  w.levels = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                    (GDestroyNotify)aura_subdomain_level_free);
  w.rand = g_rand_new ();
  w.found_rels = g_ptr_array_new_with_free_func (g_free);
  w.hits_out = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_subdomain_hit_free);
  w.addresses = g_ptr_array_new_with_free_func (g_free);

  if (load_words (&w, &w.error) && aura_subdomain_pool_open (w.pool, job->timeout_ms, &w.error))
    run_loop (&w);
  worker_clear (&w);
  if (w.phase != PHASE_DONE)
    set_phase (&w, PHASE_DONE);
  publish (&w, g_get_monotonic_time ());

  g_mutex_lock (&job->lock);
  job->done = TRUE;
  job->error = g_steal_pointer (&w.error);
  g_mutex_unlock (&job->lock);
  g_clear_pointer (&w.hits_out, g_ptr_array_unref);
  aura_subdomain_job_notify_done (job);
  aura_subdomain_job_unref (job);
  return NULL;
}
