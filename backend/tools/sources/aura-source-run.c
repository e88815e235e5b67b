/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-sources"
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "aura-source-scan-private.h"

/* One source asked about one domain: a small state machine, one request in
 * flight at a time, moved only by run_set_state() (which logs every change
 * at debug level, G_MESSAGES_DEBUG=aura-sources).
 *
 *   PENDING ──► KEY ──► PREPARE ──► FETCH ──► READ ──► WAIT
 *                                    ▲         │         │
 *                                    └─────────┴─────────┘
 *   any state ──► DONE (last page, error, no key, cancelled, deadline)
 *
 * KEY is skipped by sources without a key, PREPARE by those without a
 * preparation step, WAIT when the rate hint allows the next page at once.
 * READ parses, extracts and normalises a page in a worker thread (a GTask
 * whose callback holds the scan); deduplication and signals stay in the
 * main context.
 * Paging ends on the first of: no next page, an empty page, the count
 * reached, the page limit, the result limit, a repeated cursor, next URL or
 * page body (a loop), an error, cancellation or the scan's deadline. */

typedef enum
{
  RUN_PENDING, /* not started */
  RUN_KEY,     /* waiting for the API key lookup */
  RUN_PREPARE, /* the preparation request is in flight */
  RUN_WAIT,    /* pacing: waiting for the rate hint before the next page */
  RUN_FETCH,   /* a page request is in flight */
  RUN_READ,    /* a page is being read in a worker thread */
  RUN_DONE,    /* ended; its summary is final */
} RunState;

struct _AuraSourceRun
{
  AuraSourceScan *scan; /* not a reference: the scan owns the run */
  AuraSource *source;
  AuraSourceReader *reader;
  AuraSourceSummary *summary; /* owned by the scan */
  RunState state;
  char *url_override;
  guint max_pages;
  guint max_results;
  guint timeout_ms;

  char *key;
  char *secrets[3]; /* the key and its base64 form, NULL-terminated */
  GHashTable *vars; /* placeholder → value */

  guint page_number; /* {page} of the next request */
  guint offset;      /* {offset} of the next request */
  char *cursor;      /* the next cursor, NULL before the first page */
  char *next_url;    /* the next page's URL (next_url paging) */
  char *current_url; /* the URL of the page just asked, before overrides */
  GHashTable *seen;  /* cursors and next URLs already followed */
  char *last_digest; /* of the previous page's body */
  guint raw_total;   /* raw values read over all pages */
  gboolean capped;   /* the result limit was reached */

  gint64 started_us;
  gint64 last_answer_us; /* when the previous answer came back */
  GSource *wait_source;
};

typedef struct
{
  AuraSourceScan *scan; /* a reference: the scan lives until the answer */
  AuraSourceRun *run;
  guint page; /* 0: the preparation request */
  char *method;
  char *url;         /* as sent */
  char *logical_url; /* before the override */
  char **headers;
  char *body;
} Job;

static void run_fetch (AuraSourceRun *run);

static const char *
state_name (RunState state)
{
  static const char *const names[] = {
    "PENDING", "KEY", "PREPARE", "WAIT", "FETCH", "READ", "DONE"
  };

  return names[state];
}

static void
run_set_state (AuraSourceRun *run, RunState state)
{
  g_debug ("%s: %s → %s", run->source->name, state_name (run->state), state_name (state));
  run->state = state;
}

AuraSourceRun *
aura_source_run_new (AuraSourceScan *scan,
                     AuraSource *source,
                     const char *url_override,
                     AuraSourceSummary *summary,
                     GError **error)
{
  AuraSourceRun *run;
  AuraSourceReader *reader = aura_source_reader_new (source, scan->domain, error);

  if (reader == NULL)
    return NULL;
  run = g_new0 (AuraSourceRun, 1);
  run->scan = scan;
  run->source = aura_source_ref (source);
  run->reader = reader;
  run->summary = summary;
  run->url_override = g_strdup (url_override);
  run->max_pages =
      MIN (scan->max_pages > 0 ? scan->max_pages : source->max_pages, AURA_SOURCE_MAX_PAGES_CAP);
  run->max_results = MIN (scan->max_results > 0 ? scan->max_results : source->max_results,
                          AURA_SOURCE_MAX_RESULTS_CAP);
  run->timeout_ms = scan->request_timeout_ms > 0 ? scan->request_timeout_ms : source->timeout_ms;
  run->vars = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_hash_table_insert (run->vars, "domain", g_strdup (scan->domain));
  run->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  run->page_number = source->page_from;
  run->offset = source->offset_start;
  return run;
}

void
aura_source_run_free (AuraSourceRun *run)
{
  if (run == NULL)
    return;
  if (run->wait_source != NULL)
    {
      g_source_destroy (run->wait_source);
      g_source_unref (run->wait_source);
    }
  aura_source_unref (run->source);
  aura_source_reader_free (run->reader);
  g_free (run->url_override);
  for (guint i = 0; i < G_N_ELEMENTS (run->secrets); i++)
    g_free (run->secrets[i]);
  g_free (run->key);
  g_hash_table_unref (run->vars);
  g_free (run->cursor);
  g_free (run->next_url);
  g_free (run->current_url);
  g_hash_table_unref (run->seen);
  g_free (run->last_digest);
  g_free (run);
}

gboolean
aura_source_run_is_done (const AuraSourceRun *run)
{
  return run->state == RUN_DONE;
}

AuraSource *
aura_source_run_get_source (const AuraSourceRun *run)
{
  return run->source;
}

static char *
redact (AuraSourceRun *run, const char *text)
{
  return aura_source_redact (text, (const char *const *)run->secrets);
}

/* Ends the run. @message is redacted here, whoever built it. */
static void
run_finish (AuraSourceRun *run, AuraSourceState state, const char *message)
{
  if (run->state == RUN_DONE)
    return;
  if (run->wait_source != NULL)
    {
      g_source_destroy (run->wait_source);
      g_clear_pointer (&run->wait_source, g_source_unref);
    }
  run_set_state (run, RUN_DONE);
  run->summary->state = state;
  g_free (run->summary->message);
  run->summary->message = redact (run, message);
  run->summary->elapsed_ms =
      run->started_us > 0 ? (g_get_monotonic_time () - run->started_us) / 1000 : 0;
  aura_source_scan_run_done (run->scan, run->summary);
}

/* Ends the run because the scan was cancelled or ran out of time. */
static void
run_finish_stopped (AuraSourceRun *run)
{
  g_autofree char *message = NULL;

  if (!run->scan->timed_out)
    {
      run_finish (run, AURA_SOURCE_STATE_CANCELLED, NULL);
      return;
    }
  message = g_strdup_printf (_ ("stopped: the scan’s time limit (%u s) ran out"),
                             run->scan->timeout_ms / 1000);
  run_finish (run, AURA_SOURCE_STATE_ERROR, message);
}

static gboolean
scan_stopping (AuraSourceRun *run)
{
  return run->scan->cancelled || run->scan->timed_out;
}

void
aura_source_run_stop (AuraSourceRun *run)
{
  if (run->state == RUN_PENDING || run->state == RUN_WAIT)
    run_finish_stopped (run);
}

/* ---- Requests ----------------------------------------------------------- */

static void
job_free (Job *job)
{
  g_free (job->method);
  g_free (job->url);
  g_free (job->logical_url);
  g_strfreev (job->headers);
  g_free (job->body);
  g_clear_object (&job->scan);
  g_free (job);
}

static gboolean
uses_key (const AuraSourceTemplate *tmpl)
{
  return aura_source_template_uses (tmpl, "key") || aura_source_template_uses (tmpl, "key_base64");
}

static char **
build_headers (AuraSourceRun *run, GPtrArray *headers, GError **error)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < headers->len; i++)
    {
      AuraSourceHeader *header = headers->pdata[i];
      g_autofree char *value = NULL;
      g_autofree char *line = NULL;

      /* An optional key's header is left out without the key. */
      if (run->key == NULL && uses_key (header->value))
        continue;
      value = aura_source_template_expand (header->value, run->vars, AURA_SOURCE_ESCAPE_HEADER,
                                           FALSE, error);
      if (value == NULL)
        return NULL;
      line = g_strdup_printf ("%s: %s", header->name, value);
      g_strv_builder_add (builder, line);
    }
  return g_strv_builder_end (builder);
}

static char *
paging_param_value (AuraSourceRun *run)
{
  switch (run->source->paging)
    {
      case AURA_SOURCE_PAGING_PAGE:
        return g_strdup_printf ("%u", run->page_number);
      case AURA_SOURCE_PAGING_OFFSET:
        return g_strdup_printf ("%u", run->offset);
      case AURA_SOURCE_PAGING_CURSOR:
        return g_strdup (run->cursor);
      case AURA_SOURCE_PAGING_NONE:
      case AURA_SOURCE_PAGING_NEXT_URL:
      default:
        return NULL;
    }
}

/* The URL of the next request, before overrides. */
static char *
build_url (AuraSourceRun *run, guint page, GError **error)
{
  AuraSource *source = run->source;
  g_autofree char *url = NULL;
  g_autofree char *param = NULL;

  if (page == 0)
    return aura_source_template_expand (source->prepare_url, run->vars, AURA_SOURCE_ESCAPE_URL,
                                        FALSE, error);
  if (source->paging == AURA_SOURCE_PAGING_NEXT_URL && run->next_url != NULL)
    return g_strdup (run->next_url);
  url = aura_source_template_expand (source->url, run->vars, AURA_SOURCE_ESCAPE_URL,
                                     source->prepare_into != NULL, error);
  if (url == NULL)
    return NULL;
  if (source->page_param != NULL && (param = paging_param_value (run)) != NULL)
    return aura_source_add_query_param (url, source->page_param, param);
  return g_steal_pointer (&url);
}

static Job *
build_job (AuraSourceRun *run, guint page, GError **error)
{
  AuraSource *source = run->source;
  Job *job = g_new0 (Job, 1);
  char *cursor = g_strdup (run->cursor != NULL ? run->cursor : "");

  g_hash_table_replace (run->vars, "page", g_strdup_printf ("%u", run->page_number));
  g_hash_table_replace (run->vars, "offset", g_strdup_printf ("%u", run->offset));
  g_hash_table_replace (run->vars, "cursor", cursor);
  job->page = page;
  job->method = g_strdup (page == 0 ? "GET" : source->method);
  job->logical_url = build_url (run, page, error);
  if (job->logical_url == NULL)
    goto failed;
  job->headers = build_headers (run, page == 0 ? source->prepare_headers : source->headers, error);
  if (job->headers == NULL)
    goto failed;
  if (page > 0 && source->body != NULL)
    {
      job->body =
          aura_source_template_expand (source->body, run->vars, source->body_escape, FALSE, error);
      if (job->body == NULL)
        goto failed;
    }
  job->url = run->url_override != NULL
                 ? aura_source_rewrite_url (job->logical_url, run->url_override)
                 : g_strdup (job->logical_url);
  if (job->url == NULL)
    {
      g_set_error (error, AURA_SOURCE_ERROR, AURA_SOURCE_ERROR_INVALID,
                   _ ("the request URL “%s” is not valid"), job->logical_url);
      goto failed;
    }
  return job;

failed:
  job_free (job);
  return NULL;
}

static void job_done_cb (AuraEngine *engine, AuraHttpResponse *response, gpointer data);

static void
submit (AuraSourceRun *run, Job *job)
{
  AuraHttpRequest request = AURA_HTTP_REQUEST_INIT;
  g_autofree char *shown = redact (run, job->url);

  request.method = job->method;
  request.url = job->url;
  request.headers = (const char *const *)job->headers;
  request.body = job->body;
  request.body_len = job->body != NULL ? strlen (job->body) : 0;
  request.max_body = run->source->max_body;
  request.timeout_ms = run->timeout_ms;
  request.proxy_key = run->source->name;
  request.group = run->scan->group;
  job->scan = g_object_ref (run->scan);
  job->run = run;
  run->summary->requests++;
  g_free (run->current_url);
  run->current_url = g_strdup (job->logical_url);
  g_debug ("%s: %s %s", run->source->name, job->method, shown);
  aura_engine_submit (run->scan->engine, &request, job_done_cb, job);
}

/* ---- Reading answers ---------------------------------------------------- */

static gboolean
status_is_empty (AuraSource *source, guint status)
{
  for (guint i = 0; source->empty_status != NULL && i < source->empty_status->len; i++)
    if (g_array_index (source->empty_status, guint, i) == status)
      return TRUE;
  return FALSE;
}

/* What is wrong with @response before its body is read, or NULL;
 * @out_empty is set when its status means "no results". */
static char *
check_response (AuraSourceRun *run, const AuraHttpResponse *response, gboolean *out_empty)
{
  AuraSource *source = run->source;
  g_autofree char *said = NULL;
  const char *text;
  gsize len;

  *out_empty = FALSE;
  if (response->outcome != AURA_HTTP_OK)
    return g_strdup_printf (_ ("no answer from %s: %s"), source->label,
                            response->error_message != NULL
                                ? response->error_message
                                : aura_http_outcome_to_string (response->outcome));
  if (status_is_empty (source, response->status))
    {
      *out_empty = TRUE;
      return NULL;
    }
  if (response->status >= 200 && response->status < 300)
    return NULL;
  text = aura_http_response_get_text (response, &len);
  said = aura_source_snippet (text, len);
  if (response->status == 429)
    return g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE,
                     "rate limited by %s (HTTP 429), still after %u retry; try again later",
                     "rate limited by %s (HTTP 429), still after %u retries; try again later",
                     response->retries),
        source->label, response->retries);
  if ((response->status == 401 || response->status == 403) && run->key != NULL)
    return g_strdup_printf (_ ("%s refused the API key “%s” (HTTP %u): check it, or its quota; "
                               "it said: “%s”"),
                            source->label, source->key_name, response->status, said);
  return g_strdup_printf (_ ("%s answered HTTP %u: “%s”"), source->label, response->status, said);
}

/* ---- Paging ------------------------------------------------------------- */

/* Whether @next (a next-page link) may be followed from the current page:
 * resolved against it, http or https, on the same host. The resolved URL
 * goes to @out. */
static char *
resolve_next_url (AuraSourceRun *run, const char *next, char **out)
{
  g_autoptr (GUri) current = g_uri_parse (run->current_url, G_URI_FLAGS_ENCODED, NULL);
  g_autoptr (GUri) resolved = NULL;

  if (current != NULL)
    resolved = g_uri_parse_relative (current, next, G_URI_FLAGS_ENCODED, NULL);
  if (resolved == NULL || (g_strcmp0 (g_uri_get_scheme (resolved), "http") != 0 &&
                           g_strcmp0 (g_uri_get_scheme (resolved), "https") != 0))
    return g_strdup_printf (_ ("the next-page link of %s is not a web address"),
                            run->source->label);
  if (g_ascii_strcasecmp (g_uri_get_host (resolved), g_uri_get_host (current)) != 0)
    return g_strdup_printf (_ ("the next-page link of %s points to another host (%s); it was "
                               "not followed"),
                            run->source->label, g_uri_get_host (resolved));
  *out = g_uri_to_string (resolved);
  return NULL;
}

/* Whether the page just read says it is the last one. */
static gboolean
page_is_last (AuraSourceRun *run, const AuraSourcePageInfo *info, guint raw)
{
  AuraSource *source = run->source;

  if (source->paging == AURA_SOURCE_PAGING_NONE)
    return TRUE;
  if (source->stop_when_empty && (info->has_empty ? info->empty : raw == 0))
    return TRUE;
  if (info->has_more && !info->more)
    return TRUE;
  if (info->has_count && source->paging == AURA_SOURCE_PAGING_OFFSET)
    return (gint64)run->offset + source->offset_step >= info->count;
  if (info->has_count && (gint64)run->raw_total >= info->count)
    return TRUE;
  if (source->paging == AURA_SOURCE_PAGING_PAGE)
    return source->page_to != 0 && run->page_number >= source->page_to;
  if (source->paging == AURA_SOURCE_PAGING_CURSOR || source->paging == AURA_SOURCE_PAGING_NEXT_URL)
    return info->next == NULL || *info->next == '\0';
  return FALSE;
}

/* Moves the run to the next page. @url: the next page's URL (next_url
 * paging), taken. */
static void
advance (AuraSourceRun *run, const AuraSourcePageInfo *info, char *url)
{
  switch (run->source->paging)
    {
      case AURA_SOURCE_PAGING_PAGE:
        run->page_number++;
        break;
      case AURA_SOURCE_PAGING_OFFSET:
        run->offset += run->source->offset_step;
        break;
      case AURA_SOURCE_PAGING_CURSOR:
        g_hash_table_add (run->seen, g_strdup (info->next));
        g_free (run->cursor);
        run->cursor = g_strdup (info->next);
        break;
      case AURA_SOURCE_PAGING_NEXT_URL:
        g_hash_table_add (run->seen, g_strdup (url));
        g_free (run->next_url);
        run->next_url = url;
        return;
      case AURA_SOURCE_PAGING_NONE:
      default:
        break;
    }
  g_free (url);
}

/* Decides whether there is a next page and prepares it. Returns FALSE
 * when paging is over; *out_note then may say why (a loop, a limit), and
 * *out_problem is set when the next page cannot be asked. */
static gboolean
plan_next (AuraSourceRun *run,
           const AuraSourcePageInfo *info,
           guint raw,
           char **out_note,
           char **out_problem)
{
  AuraSource *source = run->source;
  g_autofree char *url = NULL;

  if (run->capped)
    {
      *out_note =
          g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "stopped at the limit of %u result",
                                        "stopped at the limit of %u results", run->max_results),
                           run->max_results);
      return FALSE;
    }
  if (page_is_last (run, info, raw))
    return FALSE;
  if (source->paging == AURA_SOURCE_PAGING_NEXT_URL)
    {
      /* The first page's own URL counts as read. */
      g_hash_table_add (run->seen, g_strdup (run->current_url));
      if ((*out_problem = resolve_next_url (run, info->next, &url)) != NULL)
        return FALSE;
    }
  if ((source->paging == AURA_SOURCE_PAGING_CURSOR ||
       source->paging == AURA_SOURCE_PAGING_NEXT_URL) &&
      g_hash_table_contains (run->seen, url != NULL ? url : info->next))
    {
      *out_note = g_strdup (_ ("the next page was one already read: stopped to avoid a loop"));
      return FALSE;
    }
  if (run->summary->pages >= run->max_pages)
    {
      *out_note =
          g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "stopped after %u page, the page limit",
                                        "stopped after %u pages, the page limit", run->max_pages),
                           run->max_pages);
      return FALSE;
    }
  advance (run, info, g_steal_pointer (&url));
  return TRUE;
}

static gboolean
wait_cb (gpointer data)
{
  AuraSourceRun *run = data;

  g_clear_pointer (&run->wait_source, g_source_unref);
  run_fetch (run);
  return G_SOURCE_REMOVE;
}

/* The next request now, or after the pause the rate hint asks for. */
static void
schedule_next (AuraSourceRun *run)
{
  gint64 interval_us, due_us, now = g_get_monotonic_time ();

  if (scan_stopping (run))
    {
      run_finish_stopped (run);
      return;
    }
  if (run->source->rate <= 0.0 || run->scan->ignore_rate_hints || run->last_answer_us == 0)
    {
      run_fetch (run);
      return;
    }
  interval_us = (gint64)(G_USEC_PER_SEC / run->source->rate);
  /* Counted from the previous answer, not the previous request: two
   * requests then reach the service at least the interval apart, however
   * long the first one took to connect. */
  due_us = run->last_answer_us + interval_us;
  if (due_us <= now)
    {
      run_fetch (run);
      return;
    }
  run_set_state (run, RUN_WAIT);
  run->wait_source = g_timeout_source_new ((guint)((due_us - now + 999) / 1000));
  g_source_set_callback (run->wait_source, wait_cb, run, NULL);
  g_source_set_static_name (run->wait_source, "[aura] source rate");
  g_source_attach (run->wait_source, run->scan->context);
}

/* Adds the page's values (the scan deduplicates them), up to the result
 * limit. */
static void
keep_values (AuraSourceRun *run, AuraSourcePageRead *read)
{
  run->summary->dropped += read->dropped;
  run->raw_total += read->raw;
  for (guint i = 0; i < read->values->len && !run->capped; i++)
    {
      AuraSourceValue *value = read->values->pdata[i];

      if (!aura_source_scan_add_value (run->scan, run->summary, run->max_results, value->kind,
                                       value->value) ||
          run->summary->found >= run->max_results)
        run->capped = TRUE;
    }
}

/* What the main context needs back from a worker. The scan is held here,
 * not as the GTask's source object: the worker may drop the last reference
 * to the task after this callback, and the scan must never be finalized
 * in a worker thread. */
typedef struct
{
  AuraSourceScan *scan;
  AuraSourceRun *run;
} PageWait;

static void
page_read_cb (GObject *object, GAsyncResult *result, gpointer data)
{
  PageWait *wait = data;
  g_autoptr (AuraSourceScan) scan = wait->scan;
  AuraSourceRun *run = wait->run;
  AuraSourcePageRead *read = g_task_get_task_data (G_TASK (result));
  g_autofree char *problem = NULL;
  g_autofree char *note = NULL;
  gboolean repeated;

  g_free (wait);
  /* A page whose body is the previous one's means the service ignores
   * the paging parameter: going on would loop. */
  repeated = run->last_digest != NULL && g_str_equal (run->last_digest, read->digest);
  g_free (run->last_digest);
  run->last_digest = g_strdup (read->digest);
  if (repeated)
    {
      run_finish (run, AURA_SOURCE_STATE_OK,
                  _ ("a page repeated the previous one: stopped to avoid a loop"));
      return;
    }
  keep_values (run, read);
  if (read->problem != NULL)
    run_finish (run, AURA_SOURCE_STATE_ERROR, read->problem);
  else if (scan_stopping (run))
    run_finish_stopped (run);
  else if (plan_next (run, &read->info, read->raw, &note, &problem))
    schedule_next (run);
  else if (problem != NULL)
    run_finish (run, AURA_SOURCE_STATE_ERROR, problem);
  else
    run_finish (run, AURA_SOURCE_STATE_OK, note);
}

static void
page_read_thread (GTask *task, gpointer object, gpointer data, GCancellable *cancellable)
{
  aura_source_page_read (data);
  g_task_return_boolean (task, TRUE);
}

/* A page arrived: its status is judged here, its body read in a worker.
 * Takes @response. */
static void
page_done (AuraSourceRun *run, AuraHttpResponse *response)
{
  AuraSourceScan *scan = run->scan;
  g_autoptr (AuraHttpResponse) owned = response;
  g_autofree char *problem = NULL;
  g_autoptr (GTask) task = NULL;
  PageWait *wait;
  gboolean empty;

  if ((problem = check_response (run, response, &empty)) != NULL)
    {
      run_finish (run, AURA_SOURCE_STATE_ERROR, problem);
      return;
    }
  run->summary->pages++;
  if (empty)
    {
      run_finish (run, AURA_SOURCE_STATE_OK, NULL);
      return;
    }
  run_set_state (run, RUN_READ);
  wait = g_new0 (PageWait, 1);
  wait->scan = g_object_ref (scan);
  wait->run = run;
  task = g_task_new (NULL, NULL, page_read_cb, wait);
  g_task_set_source_tag (task, page_done);
  g_task_set_task_data (task,
                        aura_source_page_read_new (run->source, run->reader,
                                                   g_steal_pointer (&owned), scan->domain,
                                                   scan->domain_kind, scan->kinds),
                        (GDestroyNotify)aura_source_page_read_free);
  g_task_run_in_thread (task, page_read_thread);
}

/* The preparation request: one value (Common Crawl's newest index URL)
 * that the page requests use. */
static void
prepare_done (AuraSourceRun *run, const AuraHttpResponse *response)
{
  AuraSource *source = run->source;
  g_autofree char *problem = NULL;
  g_autofree char *value = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GUri) uri = NULL;
  gboolean empty;
  const char *text;
  gsize len;

  if ((problem = check_response (run, response, &empty)) != NULL)
    {
      run_finish (run, AURA_SOURCE_STATE_ERROR, problem);
      return;
    }
  text = aura_http_response_get_text (response, &len);
  if (!empty && !aura_source_looks_like_html (text))
    root = aura_source_parse_json (text, len, &error);
  if (root != NULL)
    value = aura_source_json_to_text (aura_source_path_first (source->prepare_path, root));
  if (value == NULL || *value == '\0')
    {
      problem = g_strdup_printf (_ ("the preparation request of %s gave no “%s”"), source->label,
                                 aura_source_path_get_text (source->prepare_path));
      run_finish (run, AURA_SOURCE_STATE_ERROR, problem);
      return;
    }
  /* A base URL from the answer stays on the service's own host. */
  if (g_strcmp0 (aura_source_template_get_leading (source->url), source->prepare_into) == 0)
    {
      g_autoptr (GUri) asked = g_uri_parse (run->current_url, G_URI_FLAGS_ENCODED, NULL);

      uri = g_uri_parse (value, G_URI_FLAGS_ENCODED, NULL);
      if (uri == NULL || asked == NULL ||
          (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0 &&
           g_strcmp0 (g_uri_get_scheme (uri), "http") != 0) ||
          g_ascii_strcasecmp (g_uri_get_host (uri), g_uri_get_host (asked)) != 0)
        {
          problem = g_strdup_printf (_ ("the preparation request of %s gave “%s”, which is not "
                                        "an address on its own host"),
                                     source->label, value);
          run_finish (run, AURA_SOURCE_STATE_ERROR, problem);
          return;
        }
    }
  g_hash_table_replace (run->vars, source->prepare_into, g_steal_pointer (&value));
  schedule_next (run);
}

static AuraSourceRequest *
request_record (AuraSourceRun *run, const Job *job, const AuraHttpResponse *response)
{
  AuraSourceRequest *request = g_new0 (AuraSourceRequest, 1);
  guint n = g_strv_length (job->headers);

  request->source = g_strdup (run->source->name);
  request->page = job->page;
  request->method = g_strdup (job->method);
  request->url = redact (run, job->url);
  request->headers = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    request->headers[i] = redact (run, job->headers[i]);
  request->outcome = response->outcome;
  request->status = response->status;
  request->latency_ms = response->latency_us / 1000;
  request->bytes = response->bytes;
  request->retries = response->retries;
  request->truncated = response->truncated;
  if (response->outcome != AURA_HTTP_OK)
    request->error = redact (run, response->error_message);
  return request;
}

static void
job_done_cb (AuraEngine *engine, AuraHttpResponse *response, gpointer data)
{
  Job *job = data;
  g_autoptr (AuraSourceScan) scan = g_object_ref (job->scan);
  AuraSourceRun *run = job->run;

  run->last_answer_us = g_get_monotonic_time ();
  aura_source_scan_record_request (scan, request_record (run, job, response));
  if (run->state != RUN_DONE)
    {
      if (response->outcome == AURA_HTTP_ERROR_CANCELLED)
        run_finish_stopped (run);
      else if (job->page == 0)
        prepare_done (run, response);
      else
        page_done (run, g_steal_pointer (&response));
    }
  g_clear_pointer (&response, aura_http_response_free);
  job_free (job);
}

static void
run_fetch (AuraSourceRun *run)
{
  g_autoptr (GError) error = NULL;
  Job *job;

  if (scan_stopping (run))
    {
      run_finish_stopped (run);
      return;
    }
  job = build_job (run, run->summary->pages + 1, &error);
  if (job == NULL)
    {
      run_finish (run, AURA_SOURCE_STATE_ERROR, error->message);
      return;
    }
  run_set_state (run, RUN_FETCH);
  submit (run, job);
}

static void
run_begin (AuraSourceRun *run)
{
  g_autoptr (GError) error = NULL;
  Job *job;

  if (run->source->prepare_url == NULL)
    {
      run_fetch (run);
      return;
    }
  job = build_job (run, 0, &error);
  if (job == NULL)
    {
      run_finish (run, AURA_SOURCE_STATE_ERROR, error->message);
      return;
    }
  run_set_state (run, RUN_PREPARE);
  submit (run, job);
}

/* ---- Keys --------------------------------------------------------------- */

typedef struct
{
  AuraSourceScan *scan;
  AuraSourceRun *run;
} KeyWait;

static char *
missing_key_message (AuraSourceRun *run)
{
  AuraSource *source = run->source;
  g_autofree char *variable = aura_api_keys_get_env_name (source->key_name);
  const char *problem = aura_api_keys_get_keyring_problem (run->scan->keys);
  GString *message = g_string_new (NULL);

  g_string_printf (message,
                   _ ("no API key “%s”: pass --key %s=…, set %s, or save it in the keyring"),
                   source->key_name, source->key_name, variable);
  if (problem != NULL)
    g_string_append_printf (message, _ (" (%s)"), problem);
  if (source->key_url != NULL)
    g_string_append_printf (message, _ ("; get one at %s"), source->key_url);
  return g_string_free (message, FALSE);
}

static void
key_done_cb (GObject *object, GAsyncResult *result, gpointer data)
{
  KeyWait *wait = data;
  AuraSourceRun *run = wait->run;
  g_autoptr (AuraSourceScan) scan = wait->scan;
  g_autoptr (GError) error = NULL;
  g_autofree char *key = NULL;

  g_free (wait);
  key = aura_api_keys_lookup_finish (AURA_API_KEYS (object), result, NULL, &error);
  if (run->state == RUN_DONE)
    return;
  if (error != NULL || scan_stopping (run))
    {
      run_finish_stopped (run);
      return;
    }
  if (key == NULL && run->source->key_required)
    {
      g_autofree char *message = missing_key_message (run);

      run_finish (run, AURA_SOURCE_STATE_SKIPPED, message);
      return;
    }
  if (key != NULL)
    {
      run->key = g_strdup (key);
      run->secrets[0] = g_strdup (key);
      run->secrets[1] = g_base64_encode ((const guchar *)key, strlen (key));
      g_hash_table_replace (run->vars, "key", g_strdup (key));
      g_hash_table_replace (run->vars, "key_base64", g_strdup (run->secrets[1]));
      memset (key, 0, strlen (key));
    }
  run_begin (run);
}

void
aura_source_run_start (AuraSourceRun *run)
{
  KeyWait *wait;

  g_return_if_fail (run->state == RUN_PENDING);
  run->started_us = g_get_monotonic_time ();
  if (run->source->key_name == NULL)
    {
      run_begin (run);
      return;
    }
  run_set_state (run, RUN_KEY);
  wait = g_new0 (KeyWait, 1);
  wait->scan = g_object_ref (run->scan);
  wait->run = run;
  aura_api_keys_lookup_async (run->scan->keys, run->source->key_name, run->scan->cancellable,
                              key_done_cb, wait);
}
