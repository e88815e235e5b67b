/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-emailcheck"
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "aura-email-check-private.h"
#include "aura-entity-type.h"
#include "aura-manifest.h"

/* One address against many checks, through the engine. Each check is a
 * small state machine moved only by task_set_state(), which logs every
 * change at debug level (G_MESSAGES_DEBUG=aura-emailcheck):
 *
 *   PENDING ──► PREPARE ──► REQUEST ──► DONE
 *      │           │                     ▲
 *      └───────────┴─────────────────────┘  (no first request, a missing
 *                                            token, cancellation, deadline)
 *
 * At most max_concurrent checks are out of PENDING and not DONE at once.
 * Each check has an engine group of its own: its deadline cancels that
 * group, and cancelling the run cancels every group. */

#define DEFAULT_CONCURRENT 8
#define MAX_CONCURRENT 64
#define DEFAULT_TIMEOUT_MS 20000
#define RANDOM_CHARS 16

typedef enum
{
  TASK_PENDING, /* not started */
  TASK_PREPARE, /* the first request is in flight */
  TASK_REQUEST, /* the request that answers is in flight */
  TASK_DONE,    /* ended; its result is final */
} TaskState;

typedef struct
{
  AuraEmailCheckRun *run; /* not a reference: the run owns its tasks */
  AuraEmailCheck *check;
  char *override;
  TaskState state;
  guint64 group;
  GSource *deadline;
  gboolean deadline_passed;
  gint64 started_us;
  GHashTable *vars;   /* placeholder → value */
  GPtrArray *cookies; /* "name=value" */
  GPtrArray *secrets; /* values of the first answer, NULL-terminated */
  guint requests;
  guint64 bytes;
  char *method;
  char *url;
} Task;

typedef struct
{
  AuraEmailCheckRun *run; /* a reference: the run lives until the answer */
  Task *task;
  char *shown_url;
} Job;

struct _AuraEmailCheckRun
{
  GObject parent_instance;
  AuraEngine *engine;
  AuraSite *wall_site;
  char *email;
  char *local;
  char *domain;
  guint max_concurrent;
  guint timeout_ms;
  AuraRateHints *rate_hints; /* NULL with ignore_rate_hints */
  GPtrArray *tasks;          /* Task */
  GPtrArray *results;        /* AuraEmailCheckResult, in the order they ended */
  guint next;                /* the next PENDING task to start */
  guint running;
  guint done;
  gboolean started;
  gboolean holding; /* a reference on itself from start to finish */
  gboolean cancelled;
  gboolean finished;
  GMainContext *context;
  GMainLoop *loop;
};

enum
{
  SIGNAL_RESULT,
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (AuraEmailCheckRun, aura_email_check_run, G_TYPE_OBJECT)

static void task_request (Task *task);
static void start_more (AuraEmailCheckRun *self);

const char *
aura_email_check_reason_to_string (AuraEmailCheckReason reason)
{
  static const char *const names[] = {
    "matched",      "rate_limited", "blocked",  "timeout",      "network",
    "server_error", "not_json",     "no_token", "inconclusive", "cancelled",
  };

  g_return_val_if_fail ((guint)reason < G_N_ELEMENTS (names), "inconclusive");
  return names[reason];
}

const char *
aura_email_hint_kind_to_string (AuraEmailHintKind kind)
{
  return kind == AURA_EMAIL_HINT_EMAIL ? "email" : "phone";
}

void
aura_email_check_result_free (AuraEmailCheckResult *result)
{
  if (result == NULL)
    return;
  g_free (result->check_id);
  g_free (result->name);
  g_free (result->category);
  g_free (result->reason);
  g_free (result->method);
  g_free (result->url);
  g_clear_pointer (&result->hints, g_ptr_array_unref);
  g_free (result);
}

static const char *
state_name (TaskState state)
{
  static const char *const names[] = { "PENDING", "PREPARE", "REQUEST", "DONE" };

  return names[state];
}

static void
task_set_state (Task *task, TaskState state)
{
  g_debug ("%s: %s → %s", task->check->id, state_name (task->state), state_name (state));
  task->state = state;
}

static void
task_free (Task *task)
{
  if (task->deadline != NULL)
    {
      g_source_destroy (task->deadline);
      g_source_unref (task->deadline);
    }
  aura_email_check_unref (task->check);
  g_free (task->override);
  g_hash_table_unref (task->vars);
  g_ptr_array_unref (task->cookies);
  g_ptr_array_unref (task->secrets);
  g_free (task->method);
  g_free (task->url);
  g_free (task);
}

static void
maybe_finish (AuraEmailCheckRun *self)
{
  if (self->finished || !self->started || self->done < self->tasks->len)
    return;
  self->finished = TRUE;
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
  if (self->loop != NULL)
    g_main_loop_quit (self->loop);
  if (self->holding)
    {
      self->holding = FALSE;
      g_object_unref (self);
    }
}

/* Ends @task with a verdict; takes @reason. */
static void
task_finish (Task *task,
             AuraVerdict verdict,
             AuraEmailCheckReason kind,
             char *reason,
             guint status,
             GPtrArray *hints)
{
  AuraEmailCheckRun *self = task->run;
  AuraEmailCheckResult *result = g_new0 (AuraEmailCheckResult, 1);
  gboolean was_running = task->state != TASK_PENDING;

  result->check_id = g_strdup (task->check->id);
  result->name = g_strdup (task->check->name);
  result->category = g_strdup (task->check->category);
  result->verdict = verdict;
  result->reason_kind = kind;
  result->reason = reason;
  result->http_status = status;
  result->method = g_strdup (task->method);
  result->url = g_strdup (task->url);
  result->latency_ms =
      task->started_us > 0 ? (g_get_monotonic_time () - task->started_us) / 1000 : 0;
  result->bytes = task->bytes;
  result->requests = task->requests;
  result->hints = hints != NULL
                      ? g_ptr_array_ref (hints)
                      : g_ptr_array_new_with_free_func ((GDestroyNotify)aura_email_hint_free);
  result->needs_online_check = task->check->needs_online_check;
  if (task->deadline != NULL)
    {
      g_source_destroy (task->deadline);
      g_clear_pointer (&task->deadline, g_source_unref);
    }
  task_set_state (task, TASK_DONE);
  g_ptr_array_add (self->results, result);
  self->done++;
  if (was_running)
    self->running--;
  g_signal_emit (self, signals[SIGNAL_RESULT], 0, result);
  start_more (self);
  maybe_finish (self);
}

static void
job_free (Job *job)
{
  g_object_unref (job->run);
  g_free (job->shown_url);
  g_free (job);
}

/* An answer that ends the check before any rule is read: a transport
 * failure, the deadline, cancellation. */
static gboolean
finish_on_transport (Task *task, const AuraHttpResponse *response, gboolean prepare)
{
  AuraEmailCheckReason kind;
  g_autofree char *reason = NULL;

  if (response->outcome == AURA_HTTP_OK)
    return FALSE;
  if (response->outcome == AURA_HTTP_ERROR_CANCELLED && task->deadline_passed)
    task_finish (
        task, AURA_VERDICT_UNKNOWN, AURA_EMAIL_CHECK_REASON_TIMEOUT,
        g_strdup_printf ("timeout: no answer within %u s", (task->run->timeout_ms + 999) / 1000), 0,
        NULL);
  else
    {
      aura_email_check_judge (task->check, NULL, response, &kind, &reason);
      task_finish (task, AURA_VERDICT_UNKNOWN, kind,
                   prepare ? g_strdup_printf ("%s (first request)", reason)
                           : g_steal_pointer (&reason),
                   response->status, NULL);
    }
  return TRUE;
}

/* The first answer: a wall or a rate limit ends the check; else its values
 * and cookies are read, and the request that answers follows. */
static void
prepare_done (Task *task, AuraHttpResponse *response)
{
  g_autofree char *missing = NULL;
  g_autofree char *wall = NULL;

  if (finish_on_transport (task, response, TRUE))
    return;
  if (response->status == 429)
    {
      task_finish (task, AURA_VERDICT_UNKNOWN, AURA_EMAIL_CHECK_REASON_RATE_LIMITED,
                   g_strdup ("rate_limited: status 429 (first request)"), response->status, NULL);
      return;
    }
  aura_email_collect_cookies (response, task->cookies);
  if (!aura_email_extract_values (task->check->prepare, response, task->cookies, task->vars,
                                  &missing))
    {
      /* A wall explains the missing token better than the token does. */
      wall = aura_email_detect_wall (task->run->wall_site, response);
      if (wall != NULL)
        task_finish (task, AURA_VERDICT_UNKNOWN, AURA_EMAIL_CHECK_REASON_BLOCKED,
                     g_strdup_printf ("blocked: %s (first request)", wall), response->status, NULL);
      else if (response->status >= 400)
        task_finish (task, AURA_VERDICT_UNKNOWN,
                     response->status >= 500 ? AURA_EMAIL_CHECK_REASON_SERVER_ERROR
                                             : AURA_EMAIL_CHECK_REASON_NO_TOKEN,
                     g_strdup_printf ("%s: status %u on the first request",
                                      response->status >= 500 ? "error" : "no_token",
                                      response->status),
                     response->status, NULL);
      else
        task_finish (task, AURA_VERDICT_UNKNOWN, AURA_EMAIL_CHECK_REASON_NO_TOKEN,
                     g_strdup_printf ("no_token: “%s” was not found in the first page", missing),
                     response->status, NULL);
      return;
    }
  for (guint i = 0; i < task->check->prepare->extracts->len; i++)
    {
      AuraEmailExtract *extract = g_ptr_array_index (task->check->prepare->extracts, i);
      g_autofree char *key = g_strconcat ("prepare.", extract->name, NULL);

      g_ptr_array_insert (task->secrets, (gint)task->secrets->len - 1,
                          g_strdup (g_hash_table_lookup (task->vars, key)));
    }
  task_request (task);
}

static void
request_done (Task *task, AuraHttpResponse *response)
{
  AuraEmailCheckReason kind;
  char *reason = NULL;
  AuraVerdict verdict;
  g_autoptr (GPtrArray) hints = NULL;

  if (finish_on_transport (task, response, FALSE))
    return;
  verdict = aura_email_check_judge (task->check, task->run->wall_site, response, &kind, &reason);
  if (verdict == AURA_VERDICT_FOUND)
    {
      hints = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_email_hint_free);
      aura_email_check_extract_hints (task->check, response, hints);
    }
  task_finish (task, verdict, kind, reason, response->status, hints);
}

static void
job_done_cb (AuraEngine *engine, AuraHttpResponse *response, gpointer user_data)
{
  Job *job = user_data;
  Task *task = job->task;

  task->bytes += response->bytes;
  if (task->state == TASK_PREPARE)
    prepare_done (task, response);
  else if (task->state == TASK_REQUEST)
    request_done (task, response);
  aura_http_response_free (response);
  job_free (job);
}

static guint
remaining_ms (Task *task)
{
  gint64 left = task->started_us + (gint64)task->run->timeout_ms * 1000 - g_get_monotonic_time ();

  return left > 1000 ? (guint)(left / 1000) : 1;
}

/* Sends the request of @spec; on a failure to build it, ends the check. */
static void
task_submit (Task *task, const AuraEmailRequestSpec *spec, TaskState state, gsize max_body)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraEmailProbe) probe = NULL;
  Job *job;

  probe = aura_email_probe_build (spec, task->vars, task->cookies, task->override,
                                  (const char *const *)task->secrets->pdata, &error);
  task_set_state (task, state);
  if (probe == NULL)
    {
      task_finish (task, AURA_VERDICT_UNKNOWN, AURA_EMAIL_CHECK_REASON_NO_TOKEN,
                   g_strdup_printf ("no_token: %s", error->message), 0, NULL);
      return;
    }
  g_free (task->method);
  task->method = g_strdup (probe->method);
  g_free (task->url);
  task->url = g_strdup (probe->shown_url);
  probe->request.group = task->group;
  probe->request.max_body = max_body;
  probe->request.timeout_ms = remaining_ms (task);
  probe->request.max_retries = 1;
  probe->request.proxy_key = task->check->id;
  /* The check's hint paces the site's host; a request an override sends
   * elsewhere (a test server, a mirror) is not the site's. */
  if (task->run->rate_hints != NULL && task->override == NULL)
    aura_rate_hints_apply (task->run->rate_hints, probe->request.url, task->check->rate);
  task->requests++;
  job = g_new0 (Job, 1);
  job->run = g_object_ref (task->run);
  job->task = task;
  aura_engine_submit (task->run->engine, &probe->request, job_done_cb, job);
}

static void
task_request (Task *task)
{
  task_submit (task, task->check->request, TASK_REQUEST, AURA_EMAIL_CHECK_MAX_BODY);
}

static gboolean
deadline_cb (gpointer data)
{
  Task *task = data;

  g_debug ("%s: deadline passed in %s", task->check->id, state_name (task->state));
  task->deadline_passed = TRUE;
  g_clear_pointer (&task->deadline, g_source_unref);
  aura_engine_cancel_group (task->run->engine, task->group);
  return G_SOURCE_REMOVE;
}

static char *
random_text (void)
{
  static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  char *text = g_malloc (RANDOM_CHARS + 1);

  for (guint i = 0; i < RANDOM_CHARS; i++)
    text[i] = alphabet[g_random_int_range (0, sizeof alphabet - 1)];
  text[RANDOM_CHARS] = '\0';
  return text;
}

static void
task_start (Task *task)
{
  AuraEmailCheckRun *self = task->run;

  self->running++;
  task->started_us = g_get_monotonic_time ();
  task->group = aura_engine_new_group (self->engine);
  g_hash_table_insert (task->vars, g_strdup ("email"), g_strdup (self->email));
  g_hash_table_insert (task->vars, g_strdup ("local"), g_strdup (self->local));
  g_hash_table_insert (task->vars, g_strdup ("domain"), g_strdup (self->domain));
  g_hash_table_insert (task->vars, g_strdup ("random"), random_text ());
  task->deadline = g_timeout_source_new (self->timeout_ms);
  g_source_set_callback (task->deadline, deadline_cb, task, NULL);
  g_source_set_static_name (task->deadline, "[aura] email check deadline");
  g_source_attach (task->deadline, self->context);
  if (task->check->prepare != NULL)
    task_submit (task, task->check->prepare, TASK_PREPARE, AURA_EMAIL_CHECK_PREPARE_MAX_BODY);
  else
    task_request (task);
}

static void
start_more (AuraEmailCheckRun *self)
{
  while (!self->cancelled && self->running < self->max_concurrent && self->next < self->tasks->len)
    {
      Task *task = g_ptr_array_index (self->tasks, self->next++);

      if (task->state == TASK_PENDING)
        task_start (task);
    }
}

/* ---- The object ----------------------------------------------------------------- */

static void
aura_email_check_run_finalize (GObject *object)
{
  AuraEmailCheckRun *self = AURA_EMAIL_CHECK_RUN (object);

  g_ptr_array_unref (self->tasks);
  g_ptr_array_unref (self->results);
  g_clear_pointer (&self->wall_site, aura_site_unref);
  g_clear_pointer (&self->rate_hints, aura_rate_hints_free);
  g_clear_object (&self->engine);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->email);
  g_free (self->local);
  g_free (self->domain);
  G_OBJECT_CLASS (aura_email_check_run_parent_class)->finalize (object);
}

static void
aura_email_check_run_class_init (AuraEmailCheckRunClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = aura_email_check_run_finalize;
  signals[SIGNAL_RESULT] = g_signal_new ("result", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[SIGNAL_FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
aura_email_check_run_init (AuraEmailCheckRun *self)
{
  self->tasks = g_ptr_array_new_with_free_func ((GDestroyNotify)task_free);
  self->results = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_email_check_result_free);
}

static const char *
find_override (const char *const *overrides, const char *id)
{
  gsize len = strlen (id);

  for (guint i = 0; overrides != NULL && overrides[i] != NULL; i++)
    if (g_ascii_strncasecmp (overrides[i], id, len) == 0 && overrides[i][len] == '=')
      return overrides[i] + len + 1;
  return NULL;
}

static gboolean
check_overrides (AuraEmailCheckList *list, const char *const *overrides, GError **error)
{
  for (guint i = 0; overrides != NULL && overrides[i] != NULL; i++)
    {
      const char *equals = strchr (overrides[i], '=');
      g_autofree char *id = equals != NULL ? g_strndup (overrides[i], equals - overrides[i]) : NULL;
      g_autoptr (GUri) base = NULL;

      if (id == NULL || aura_email_check_list_lookup (list, id) == NULL)
        {
          g_set_error (error, AURA_EMAIL_CHECK_ERROR, AURA_EMAIL_CHECK_ERROR_NOT_FOUND,
                       _ ("URL override “%s”: give CHECK=URL with the id of a known check"),
                       overrides[i]);
          return FALSE;
        }
      base = g_uri_parse (equals + 1, G_URI_FLAGS_ENCODED, NULL);
      if (base == NULL || g_uri_get_host (base) == NULL ||
          (g_strcmp0 (g_uri_get_scheme (base), "http") != 0 &&
           g_strcmp0 (g_uri_get_scheme (base), "https") != 0))
        {
          g_set_error (error, AURA_EMAIL_CHECK_ERROR, AURA_EMAIL_CHECK_ERROR_INVALID,
                       _ ("URL override “%s”: the base must be an http or https URL"),
                       overrides[i]);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
set_email (AuraEmailCheckRun *self, const char *email, GError **error)
{
  g_autofree char *display = NULL;
  g_autofree char *key = NULL;
  GError *inner = NULL;
  const char *at;

  key = aura_entity_normalize (AURA_ENTITY_EMAIL, email, &display, &inner);
  if (key == NULL)
    {
      g_set_error (error, AURA_EMAIL_CHECK_ERROR, AURA_EMAIL_CHECK_ERROR_INVALID,
                   _ ("Cannot check “%s”: %s"), email, inner->message);
      g_error_free (inner);
      return FALSE;
    }
  /* The local part as typed (a site may keep its case), the domain as
   * A-labels (what every site's form accepts). */
  at = strrchr (display, '@');
  self->local = g_strndup (display, at - display);
  self->domain = g_strdup (strrchr (key, '@') + 1);
  self->email = g_strconcat (self->local, "@", self->domain, NULL);
  return TRUE;
}

static gboolean
add_tasks (AuraEmailCheckRun *self, const AuraEmailCheckRunOptions *options, GError **error)
{
  AuraEmailCheckList *list = options->checks;

  for (guint i = 0; options->check_ids != NULL && options->check_ids[i] != NULL; i++)
    if (aura_email_check_list_lookup (list, options->check_ids[i]) == NULL)
      {
        g_set_error (error, AURA_EMAIL_CHECK_ERROR, AURA_EMAIL_CHECK_ERROR_NOT_FOUND,
                     _ ("No email check has the id “%s”"), options->check_ids[i]);
        return FALSE;
      }
  for (guint i = 0; i < aura_email_check_list_get_n_checks (list); i++)
    {
      AuraEmailCheck *check = aura_email_check_list_get_check (list, i);
      Task *task;
      gboolean wanted = options->check_ids == NULL;

      for (guint j = 0; !wanted && options->check_ids[j] != NULL; j++)
        wanted = g_ascii_strcasecmp (options->check_ids[j], check->id) == 0;
      if (!wanted || (check->disabled_reason != NULL && !options->include_disabled))
        continue;
      task = g_new0 (Task, 1);
      task->run = self;
      task->check = aura_email_check_ref (check);
      task->override = g_strdup (find_override (options->url_overrides, check->id));
      task->vars = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      task->cookies = g_ptr_array_new_with_free_func (g_free);
      task->secrets = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (task->secrets, NULL);
      g_ptr_array_add (self->tasks, task);
    }
  return TRUE;
}

/**
 * aura_email_check_run_new:
 * @engine: the engine that sends every request
 * @options: what to run
 * @error: where an invalid address, id or override is reported
 *
 * Returns: (transfer full): a run, not started, or %NULL with @error set.
 */
AuraEmailCheckRun *
aura_email_check_run_new (AuraEngine *engine,
                          const AuraEmailCheckRunOptions *options,
                          GError **error)
{
  g_autoptr (AuraEmailCheckRun) self = NULL;

  g_return_val_if_fail (AURA_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (options->email != NULL, NULL);
  g_return_val_if_fail (AURA_IS_EMAIL_CHECK_LIST (options->checks), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (AURA_TYPE_EMAIL_CHECK_RUN, NULL);
  self->engine = g_object_ref (engine);
  self->max_concurrent = options->max_concurrent > 0 ? MIN (options->max_concurrent, MAX_CONCURRENT)
                                                     : DEFAULT_CONCURRENT;
  self->timeout_ms = options->check_timeout_ms > 0 ? options->check_timeout_ms : DEFAULT_TIMEOUT_MS;
  /* Burst 2: a check's first request and its answer go together. */
  if (!options->ignore_rate_hints)
    self->rate_hints = aura_rate_hints_new (engine, 2);
  if (!set_email (self, options->email, error) ||
      !check_overrides (options->checks, options->url_overrides, error) ||
      !add_tasks (self, options, error))
    return NULL;
  self->wall_site = aura_email_wall_site_new ();
  return g_steal_pointer (&self);
}

/**
 * aura_email_check_run_start:
 * @self: a run
 *
 * Starts the checks; results come as "result" signals in the current
 * thread-default main context, then "finished".
 */
void
aura_email_check_run_start (AuraEmailCheckRun *self)
{
  g_return_if_fail (AURA_IS_EMAIL_CHECK_RUN (self));
  g_return_if_fail (!self->started);

  self->started = TRUE;
  self->context = g_main_context_ref_thread_default ();
  /* The run stays alive until it has finished, whatever the caller does. */
  self->holding = TRUE;
  g_object_ref (self);
  if (self->cancelled)
    {
      self->cancelled = FALSE;
      aura_email_check_run_cancel (self);
    }
  start_more (self);
  maybe_finish (self);
}

/**
 * aura_email_check_run_cancel:
 * @self: a run
 *
 * Cancels every check not ended yet: they end unknown, "cancelled".
 */
void
aura_email_check_run_cancel (AuraEmailCheckRun *self)
{
  g_autoptr (AuraEmailCheckRun) hold = NULL;

  g_return_if_fail (AURA_IS_EMAIL_CHECK_RUN (self));
  if (self->cancelled || self->finished)
    return;
  self->cancelled = TRUE;
  if (!self->started)
    return;
  hold = g_object_ref (self);
  for (guint i = 0; i < self->tasks->len; i++)
    {
      Task *task = g_ptr_array_index (self->tasks, i);

      if (task->state == TASK_PENDING)
        task_finish (task, AURA_VERDICT_UNKNOWN, AURA_EMAIL_CHECK_REASON_CANCELLED,
                     g_strdup ("cancelled"), 0, NULL);
      else if (task->state != TASK_DONE)
        aura_engine_cancel_group (self->engine, task->group);
    }
}

/**
 * aura_email_check_run_run:
 * @self: a run, not started
 * @error: set to %G_IO_ERROR_CANCELLED when the run was cancelled
 *
 * Starts the run and iterates the thread-default main context until it
 * has finished.
 */
gboolean
aura_email_check_run_run (AuraEmailCheckRun *self, GError **error)
{
  g_autoptr (GMainContext) context = g_main_context_ref_thread_default ();

  g_return_val_if_fail (AURA_IS_EMAIL_CHECK_RUN (self), FALSE);
  self->loop = g_main_loop_new (context, FALSE);
  aura_email_check_run_start (self);
  if (!self->finished)
    g_main_loop_run (self->loop);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  if (self->cancelled)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _ ("The email checks were cancelled"));
      return FALSE;
    }
  return TRUE;
}

gboolean
aura_email_check_run_is_finished (AuraEmailCheckRun *self)
{
  g_return_val_if_fail (AURA_IS_EMAIL_CHECK_RUN (self), FALSE);
  return self->finished;
}

const char *
aura_email_check_run_get_email (AuraEmailCheckRun *self)
{
  g_return_val_if_fail (AURA_IS_EMAIL_CHECK_RUN (self), NULL);
  return self->email;
}

guint
aura_email_check_run_get_n_checks (AuraEmailCheckRun *self)
{
  g_return_val_if_fail (AURA_IS_EMAIL_CHECK_RUN (self), 0);
  return self->tasks->len;
}

GPtrArray *
aura_email_check_run_get_results (AuraEmailCheckRun *self)
{
  g_return_val_if_fail (AURA_IS_EMAIL_CHECK_RUN (self), NULL);
  return self->results;
}

const AuraEmailCheckResult *
aura_email_check_run_lookup (AuraEmailCheckRun *self, const char *id)
{
  g_return_val_if_fail (AURA_IS_EMAIL_CHECK_RUN (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  for (guint i = 0; i < self->results->len; i++)
    {
      AuraEmailCheckResult *result = g_ptr_array_index (self->results, i);

      if (g_ascii_strcasecmp (result->check_id, id) == 0)
        return result;
    }
  return NULL;
}
