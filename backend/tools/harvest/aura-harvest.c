/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-harvest"
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "aura-entity-type.h"
#include "aura-harvest-private.h"

/* The crawl (see README.md):
 *
 * - the start page first (https, then http when https cannot be reached),
 *   alone, since everything else hangs on where it lands;
 * - then the well-known files of that origin and the links the pages
 *   give, in four queues by priority: start, well-known files, pages whose
 *   URL or anchor says contact/about/imprint/team/legal/privacy, others;
 * - every request through the engine, redirects followed here (one page
 *   each) so that no request leaves the registrable domain;
 * - bounded by requests, body bytes and time;
 * - each answer read in a worker thread, its findings merged in the
 *   crawl's main context into one list, each with the pages it was seen
 *   on; a request counts as in flight until then.
 *
 * Each request holds a reference on the crawl, so the crawl lives until
 * the engine has answered every one. */

#define DEFAULT_MAX_PAGES 20
#define DEFAULT_MAX_BYTES (8 * 1024 * 1024)
#define DEFAULT_MAX_PAGE_BYTES (1024 * 1024)
#define DEFAULT_TIMEOUT_MS 60000
#define DEFAULT_REQUEST_TIMEOUT_MS 15000
#define DEFAULT_MAX_CONCURRENT 4
#define MAX_FINDINGS 5000
#define MAX_QUEUED 2000
#define MAX_PAGES_PER_FINDING 50

typedef enum
{
  PRIORITY_START,
  PRIORITY_WELL_KNOWN,
  PRIORITY_PREFERRED,
  PRIORITY_OTHER,
  N_PRIORITIES,
} Priority;

typedef enum
{
  BODY_HTML,
  BODY_TEXT,
  BODY_SITEMAP,
  BODY_OTHER,
} BodyKind;

typedef struct
{
  char *url;
  Priority priority;
  gboolean start;
} Pending;

typedef struct
{
  AuraHarvest *harvest;
  Pending *pending;
  guint64 reserved;      /* bytes of the budget this request may use */
  AuraHarvestPage *page; /* owned by the crawl's pages, once answered */
} Job;

/* One answer read in a worker thread: what to read, and what it gave. */
typedef struct
{
  BodyKind kind;
  GBytes *body;
  char *url;
  char *site;
  AuraHarvestSink sink;
} Extraction;

struct _AuraHarvest
{
  GObject parent_instance;

  AuraEngine *engine;
  char *host; /* the domain as given, lower case, A-labels */
  char *site; /* its registrable domain */
  char *scheme;
  guint port;
  guint max_pages;
  guint64 max_bytes;
  gsize max_page_bytes;
  guint timeout_ms;
  guint request_timeout_ms;
  guint max_concurrent;
  gboolean no_well_known;
  char *start_url;

  GQueue queues[N_PRIORITIES]; /* Pending */
  guint queued;
  GHashTable *seen;  /* URL keys asked or queued */
  GHashTable *index; /* finding key → AuraHarvestFinding* */
  GPtrArray *findings;
  GPtrArray *pages;
  guint requests;
  guint in_flight;
  guint64 bytes;
  guint64 reserved; /* budget promised to requests in flight */
  guint64 group;
  gint64 deadline;
  GSource *timer;
  gboolean started;
  gboolean start_answered;
  gboolean finished;
  AuraHarvestStop stop;
  GError *error;
  GMainContext *context;
  GMainLoop *loop;
};

enum
{
  SIGNAL_FINDING,
  SIGNAL_PAGE,
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (AuraHarvest, aura_harvest, G_TYPE_OBJECT)

static void pump (AuraHarvest *self);
static void job_finish (Job *job);

/* Path parts and anchor words of the pages that name people and contacts. */
static const char *const preferred_words[] = {
  "contact", "kontakt",  "contacto", "contatti",    "about",           "a-propos", "apropos",
  "ueber",   "uber-uns", "imprint",  "impressum",   "mentions",        "legal",    "team",
  "staff",   "people",   "privacy",  "datenschutz", "confidentialite", "humans",
};

static const char *const well_known_paths[] = {
  "/robots.txt", "/sitemap.xml", "/.well-known/security.txt", "/humans.txt", "/ads.txt",
};

const char *
aura_harvest_stop_to_string (AuraHarvestStop stop)
{
  static const char *const names[] = { "none", "done",      "pages",      "bytes",
                                       "time", "cancelled", "unreachable" };

  g_return_val_if_fail (stop <= AURA_HARVEST_STOP_UNREACHABLE, NULL);
  return names[stop];
}

void
aura_harvest_page_free (AuraHarvestPage *page)
{
  if (page == NULL)
    return;
  g_free (page->url);
  g_free (page->error_message);
  g_free (page->content_type);
  g_free (page->redirect_url);
  g_free (page);
}

static void
pending_free (Pending *pending)
{
  g_free (pending->url);
  g_free (pending);
}

/* ---- URLs ----------------------------------------------------------------- */

/* A URL's identity for "seen": scheme and host in lower case, the port
 * only when it is not the scheme's, path and query. */
static char *
url_key (GUri *uri)
{
  g_autofree char *scheme = g_ascii_strdown (g_uri_get_scheme (uri), -1);
  g_autofree char *host = g_ascii_strdown (g_uri_get_host (uri), -1);
  int port = g_uri_get_port (uri);
  const char *query = g_uri_get_query (uri);
  gboolean default_port = port == -1 || (port == 80 && strcmp (scheme, "http") == 0) ||
                          (port == 443 && strcmp (scheme, "https") == 0);
  g_autofree char *port_text = default_port ? g_strdup ("") : g_strdup_printf (":%d", port);

  return g_strconcat (scheme, "://", host, port_text,
                      *g_uri_get_path (uri) != '\0' ? g_uri_get_path (uri) : "/",
                      query != NULL ? "?" : "", query != NULL ? query : "", NULL);
}

/* On the site, over http(s), on the start port or the scheme's default. */
static GUri *
allowed_uri (AuraHarvest *self, const char *url)
{
  g_autoptr (GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  g_autofree char *site = NULL;
  const char *scheme;
  int port;

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return NULL;
  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    return NULL;
  port = g_uri_get_port (uri);
  if (port != -1 && port != 80 && port != 443 && (guint)port != self->port)
    return NULL;
  site = aura_harvest_site_of (url);
  if (site == NULL || strcmp (site, self->site) != 0)
    return NULL;
  return g_steal_pointer (&uri);
}

static gboolean
enqueue (AuraHarvest *self, const char *url, Priority priority, gboolean start, gboolean front)
{
  g_autoptr (GUri) uri = allowed_uri (self, url);
  g_autofree char *key = NULL;
  Pending *pending;

  if (uri == NULL || self->queued >= MAX_QUEUED)
    return FALSE;
  key = url_key (uri);
  if (g_hash_table_contains (self->seen, key))
    return FALSE;
  g_hash_table_add (self->seen, g_steal_pointer (&key));
  pending = g_new0 (Pending, 1);
  pending->url = g_strdup (url);
  pending->priority = priority;
  pending->start = start;
  if (front)
    g_queue_push_head (&self->queues[priority], pending);
  else
    g_queue_push_tail (&self->queues[priority], pending);
  self->queued++;
  return TRUE;
}

static Pending *
pop_next (AuraHarvest *self)
{
  for (guint p = 0; p < N_PRIORITIES; p++)
    if (!g_queue_is_empty (&self->queues[p]))
      return g_queue_pop_head (&self->queues[p]);
  return NULL;
}

static gboolean
queues_empty (AuraHarvest *self)
{
  for (guint p = 0; p < N_PRIORITIES; p++)
    if (!g_queue_is_empty (&self->queues[p]))
      return FALSE;
  return TRUE;
}

static Priority
link_priority (const AuraHarvestLink *link)
{
  g_autofree char *url = g_ascii_strdown (link->url, -1);
  g_autofree char *text = link->text != NULL ? g_utf8_strdown (link->text, -1) : NULL;
  const char *path = strstr (url, "://");

  path = path != NULL && strchr (path + 3, '/') != NULL ? strchr (path + 3, '/') : url;
  if (g_str_has_suffix (path, ".xml"))
    return PRIORITY_PREFERRED;
  for (guint i = 0; i < G_N_ELEMENTS (preferred_words); i++)
    if (strstr (path, preferred_words[i]) != NULL ||
        (text != NULL && strstr (text, preferred_words[i]) != NULL))
      return PRIORITY_PREFERRED;
  return PRIORITY_OTHER;
}

static gboolean
looks_like_file (const char *url)
{
  static const char *const extensions[] = { ".jpg", ".jpeg", ".png",  ".gif",   ".webp", ".svg",
                                            ".ico", ".css",  ".js",   ".pdf",   ".zip",  ".gz",
                                            ".mp4", ".mp3",  ".woff", ".woff2", ".ttf",  ".exe",
                                            ".dmg", ".iso",  ".doc",  ".docx",  ".xls",  ".xlsx" };
  g_autofree char *lower = g_ascii_strdown (url, (gssize)strcspn (url, "?#"));

  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    if (g_str_has_suffix (lower, extensions[i]))
      return TRUE;
  return FALSE;
}

/* ---- Answers -------------------------------------------------------------- */

static BodyKind
body_kind (const AuraHttpResponse *response)
{
  g_autofree char *media = NULL;
  g_autofree char *path = NULL;
  const char *text;
  gsize len = 0;

  media =
      response->content_type != NULL
          ? g_ascii_strdown (response->content_type, (gssize)strcspn (response->content_type, ";"))
          : g_strdup ("");
  path = g_ascii_strdown (response->url, (gssize)strcspn (response->url, "?#"));
  if (strstr (media, "html") != NULL)
    return BODY_HTML;
  if (strstr (media, "xml") != NULL || g_str_has_suffix (path, ".xml"))
    return BODY_SITEMAP;
  if (g_str_has_prefix (media, "text/") || strstr (media, "json") != NULL ||
      g_str_has_suffix (path, ".txt"))
    return BODY_TEXT;
  if (*media != '\0')
    return BODY_OTHER;
  text = aura_http_response_get_text (response, &len);
  while (len > 0 && g_ascii_isspace (*text))
    {
      text++;
      len--;
    }
  return len > 0 && *text == '<' ? BODY_HTML : BODY_TEXT;
}

static gboolean
has_page (AuraHarvestFinding *finding, const char *url)
{
  for (guint i = 0; i < finding->pages->len; i++)
    if (strcmp (finding->pages->pdata[i], url) == 0)
      return TRUE;
  return FALSE;
}

/* Takes the sink's findings: new ones join the list (and are announced),
 * known ones gain the page. */
static void
merge_findings (AuraHarvest *self, AuraHarvestSink *sink, AuraHarvestPage *page, const char *url)
{
  g_ptr_array_set_free_func (sink->findings, NULL);
  for (guint i = 0; i < sink->findings->len; i++)
    {
      AuraHarvestFinding *finding = sink->findings->pdata[i];
      AuraHarvestFinding *known = g_hash_table_lookup (self->index, finding->key);

      if (known != NULL)
        {
          if (!has_page (known, url) && known->pages->len < MAX_PAGES_PER_FINDING)
            g_ptr_array_add (known->pages, g_strdup (url));
          aura_harvest_finding_free (finding);
          continue;
        }
      if (self->findings->len >= MAX_FINDINGS)
        {
          aura_harvest_finding_free (finding);
          continue;
        }
      g_ptr_array_add (self->findings, finding);
      g_hash_table_insert (self->index, finding->key, finding);
      page->n_findings++;
      g_signal_emit (self, signals[SIGNAL_FINDING], 0, finding);
    }
  g_ptr_array_set_size (sink->findings, 0);
}

static void
extraction_free (Extraction *extraction)
{
  g_clear_pointer (&extraction->body, g_bytes_unref);
  g_free (extraction->url);
  g_free (extraction->site);
  if (extraction->sink.findings != NULL)
    aura_harvest_sink_clear (&extraction->sink);
  g_free (extraction);
}

/* In a worker thread: the readers are pure (libxml2, GRegex, libpsl and
 * the store's normalisation are safe from any thread), and a large page
 * takes a while — the main context never waits for it. */
static void
extract_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Extraction *extraction = data;
  gsize len = 0;
  const char *text = g_bytes_get_data (extraction->body, &len);

  aura_harvest_sink_init (&extraction->sink, extraction->url, extraction->site);
  if (extraction->kind == BODY_HTML)
    aura_harvest_read_html (&extraction->sink, text, len);
  else if (extraction->kind == BODY_SITEMAP)
    aura_harvest_read_sitemap (&extraction->sink, text, len);
  else
    aura_harvest_read_text (&extraction->sink, text, len);
  g_task_return_boolean (task, TRUE);
}

/* Back in the crawl's main context: findings merged, links queued. */
static void
extracted_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Job *job = data;
  AuraHarvest *self = job->harvest;
  Extraction *extraction = g_task_get_task_data (G_TASK (result));

  merge_findings (self, &extraction->sink, job->page, extraction->url);
  for (guint i = 0; i < extraction->sink.links->len; i++)
    {
      const AuraHarvestLink *link = extraction->sink.links->pdata[i];

      if (!looks_like_file (link->url))
        enqueue (self, link->url, link_priority (link), FALSE, FALSE);
    }
  job_finish (job);
}

static void
start_extraction (Job *job, const AuraHttpResponse *response)
{
  Extraction *extraction = g_new0 (Extraction, 1);
  g_autoptr (GTask) task = g_task_new (NULL, NULL, extracted_cb, job);

  extraction->kind = body_kind (response);
  extraction->body =
      response->body != NULL ? g_bytes_ref (response->body) : g_bytes_new_static ("", 0);
  extraction->url = g_strdup (response->url);
  extraction->site = g_strdup (job->harvest->site);
  g_task_set_task_data (task, extraction, (GDestroyNotify)extraction_free);
  g_task_run_in_thread (task, extract_thread);
}

static void
queue_well_known (AuraHarvest *self, const char *url)
{
  g_autoptr (GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);

  if (self->no_well_known || uri == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (well_known_paths); i++)
    {
      g_autoptr (GUri) file =
          g_uri_build (G_URI_FLAGS_ENCODED, g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                       g_uri_get_port (uri), well_known_paths[i], NULL, NULL);
      g_autofree char *text = g_uri_to_string (file);

      enqueue (self, text, PRIORITY_WELL_KNOWN, FALSE, FALSE);
    }
}

static void
set_unreachable (AuraHarvest *self, const char *url, const char *why)
{
  if (self->stop == AURA_HARVEST_STOP_NONE)
    self->stop = AURA_HARVEST_STOP_UNREACHABLE;
  if (self->error == NULL)
    g_set_error (&self->error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE,
                 _ ("The pages of “%s” could not be read: %s (%s)"), self->host, why, url);
}

static AuraHarvestPage *
page_new (const AuraHttpResponse *response)
{
  AuraHarvestPage *page = g_new0 (AuraHarvestPage, 1);

  page->url = g_strdup (response->url);
  page->outcome = response->outcome;
  page->status = response->status;
  page->error_message = g_strdup (response->error_message);
  page->content_type = g_strdup (response->content_type);
  page->redirect_url = g_strdup (response->redirect_url);
  page->bytes = response->body != NULL ? g_bytes_get_size (response->body) : 0;
  page->truncated = response->truncated;
  return page;
}

/* A start page that did not answer: http after https, else the end. */
static void
start_failed (AuraHarvest *self, const Pending *pending, const AuraHttpResponse *response)
{
  if (g_get_monotonic_time () >= self->deadline)
    {
      if (self->stop == AURA_HARVEST_STOP_NONE)
        self->stop = AURA_HARVEST_STOP_TIME;
      return;
    }
  if (self->scheme == NULL && g_str_has_prefix (pending->url, "https://"))
    {
      g_autofree char *http = g_strconcat ("http://", pending->url + strlen ("https://"), NULL);

      if (enqueue (self, http, PRIORITY_START, TRUE, TRUE))
        return;
    }
  set_unreachable (self, pending->url,
                   response->error_message != NULL
                       ? response->error_message
                       : aura_http_outcome_to_string (response->outcome));
}

/* What an answer means for the crawl; TRUE when its body is to be read. */
static gboolean
handle_response (AuraHarvest *self, const Pending *pending, const AuraHttpResponse *response)
{
  if (response->outcome != AURA_HTTP_OK)
    {
      if (pending->start)
        start_failed (self, pending, response);
      return FALSE;
    }
  if (response->status >= 300 && response->status < 400 && response->redirect_url != NULL)
    {
      /* A redirect is followed as one more page, and only within the
       * site; the "seen" set ends redirect loops. */
      g_autoptr (GUri) target = allowed_uri (self, response->redirect_url);

      if (target == NULL)
        {
          if (pending->start)
            set_unreachable (self, pending->url, _ ("it redirects to another site"));
          return FALSE;
        }
      if (!enqueue (self, response->redirect_url, pending->priority, pending->start, TRUE) &&
          pending->start)
        set_unreachable (self, pending->url, _ ("its redirects go round in a loop"));
      return FALSE;
    }
  if (pending->start)
    {
      self->start_answered = TRUE;
      queue_well_known (self, response->url);
    }
  return response->status >= 200 && response->status < 300 && body_kind (response) != BODY_OTHER;
}

static void maybe_finish (AuraHarvest *self);

/* The end of a request: announced, counted out, the next ones started. */
static void
job_finish (Job *job)
{
  g_autoptr (AuraHarvest) self = job->harvest;

  g_assert (self->in_flight > 0);
  self->in_flight--;
  if (job->page != NULL)
    {
      g_debug ("%s: %s %u, %" G_GUINT64_FORMAT " bytes, %u new", job->page->url,
               aura_http_outcome_to_string (job->page->outcome), job->page->status,
               job->page->bytes, job->page->n_findings);
      g_signal_emit (self, signals[SIGNAL_PAGE], 0, job->page);
    }
  pending_free (job->pending);
  g_free (job);
  pump (self);
}

static void
job_done_cb (AuraEngine *engine, AuraHttpResponse *response, gpointer data)
{
  Job *job = data;
  AuraHarvest *self = job->harvest;
  g_autoptr (AuraHttpResponse) owned = response;

  self->reserved -= job->reserved;
  job->reserved = 0;
  if (response->outcome == AURA_HTTP_ERROR_CANCELLED || self->finished)
    {
      job_finish (job);
      return;
    }
  job->page = page_new (response);
  self->bytes += job->page->bytes;
  g_ptr_array_add (self->pages, job->page);
  /* The request stays in flight until its body is read. */
  if (handle_response (self, job->pending, response))
    start_extraction (job, response);
  else
    job_finish (job);
}

/* ---- Scheduling ------------------------------------------------------------ */

static void
submit (AuraHarvest *self, Pending *pending, guint64 reserve)
{
  static const char *const headers[] = {
    "Accept: text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5", NULL
  };
  AuraHttpRequest request = AURA_HTTP_REQUEST_INIT;
  gint64 left_ms = (self->deadline - g_get_monotonic_time ()) / 1000;
  Job *job = g_new0 (Job, 1);

  job->harvest = g_object_ref (self);
  job->pending = pending;
  job->reserved = reserve;
  self->reserved += reserve;
  request.url = pending->url;
  request.headers = headers;
  request.follow_redirects = FALSE;
  request.max_body = (gsize)reserve;
  /* A little past the crawl's deadline, so that the deadline, not the
   * request's own timeout, ends a request still running then. */
  request.timeout_ms = (guint)CLAMP (left_ms + 500, 1, (gint64)self->request_timeout_ms);
  request.max_retries = 1;
  request.group = self->group;
  self->requests++;
  self->in_flight++;
  aura_engine_submit (self->engine, &request, job_done_cb, job);
}

static void
pump (AuraHarvest *self)
{
  while (!self->finished && self->stop == AURA_HARVEST_STOP_NONE &&
         self->in_flight < self->max_concurrent)
    {
      Pending *pending;
      guint64 available;

      /* Nothing but the start page until it has answered. */
      if (!self->start_answered && self->in_flight > 0)
        break;
      pending = pop_next (self);
      if (pending == NULL)
        break;
      self->queued--;
      if (self->requests >= self->max_pages)
        self->stop = AURA_HARVEST_STOP_PAGES;
      else if (self->bytes >= self->max_bytes)
        self->stop = AURA_HARVEST_STOP_BYTES;
      if (self->stop != AURA_HARVEST_STOP_NONE)
        {
          pending_free (pending);
          break;
        }
      /* Requests in flight hold their share of the byte budget; with none
       * left the next waits for them. */
      available =
          self->max_bytes - self->bytes - MIN (self->reserved, self->max_bytes - self->bytes);
      if (available == 0)
        {
          g_queue_push_head (&self->queues[pending->priority], pending);
          self->queued++;
          break;
        }
      submit (self, pending, MIN ((guint64)self->max_page_bytes, available));
    }
  maybe_finish (self);
}

static void
maybe_finish (AuraHarvest *self)
{
  if (!self->started || self->finished || self->in_flight > 0)
    return;
  if (self->stop == AURA_HARVEST_STOP_NONE && !queues_empty (self))
    return;
  self->finished = TRUE;
  if (self->stop == AURA_HARVEST_STOP_NONE)
    self->stop = AURA_HARVEST_STOP_DONE;
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
  g_debug ("harvest of %s: %s after %u requests, %u findings", self->host,
           aura_harvest_stop_to_string (self->stop), self->requests, self->findings->len);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
  if (self->loop != NULL)
    g_main_loop_quit (self->loop);
}

static gboolean
deadline_cb (gpointer data)
{
  AuraHarvest *self = data;

  if (self->stop == AURA_HARVEST_STOP_NONE)
    self->stop = AURA_HARVEST_STOP_TIME;
  aura_engine_cancel_group (self->engine, self->group);
  g_clear_pointer (&self->timer, g_source_unref);
  maybe_finish (self);
  return G_SOURCE_REMOVE;
}

/* ---- Public -------------------------------------------------------------- */

void
aura_harvest_start (AuraHarvest *self)
{
  g_return_if_fail (AURA_IS_HARVEST (self));
  g_return_if_fail (!self->started);

  self->started = TRUE;
  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  self->group = aura_engine_new_group (self->engine);
  self->deadline = g_get_monotonic_time () + (gint64)self->timeout_ms * 1000;
  self->timer = g_timeout_source_new (self->timeout_ms);
  g_source_set_callback (self->timer, deadline_cb, self, NULL);
  g_source_attach (self->timer, self->context);
  enqueue (self, self->start_url, PRIORITY_START, TRUE, FALSE);
  pump (self);
}

void
aura_harvest_cancel (AuraHarvest *self)
{
  g_return_if_fail (AURA_IS_HARVEST (self));

  if (!self->started || self->finished)
    return;
  if (self->stop == AURA_HARVEST_STOP_NONE)
    self->stop = AURA_HARVEST_STOP_CANCELLED;
  aura_engine_cancel_group (self->engine, self->group);
  maybe_finish (self);
}

gboolean
aura_harvest_run (AuraHarvest *self, GError **error)
{
  g_return_val_if_fail (AURA_IS_HARVEST (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!self->started)
    aura_harvest_start (self);
  if (!self->finished)
    {
      self->loop = g_main_loop_new (self->context, FALSE);
      g_main_loop_run (self->loop);
      g_clear_pointer (&self->loop, g_main_loop_unref);
    }
  if (self->stop == AURA_HARVEST_STOP_UNREACHABLE && self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return FALSE;
    }
  if (self->stop == AURA_HARVEST_STOP_CANCELLED)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _ ("The harvest of “%s” was cancelled"),
                   self->host);
      return FALSE;
    }
  return TRUE;
}

gboolean
aura_harvest_is_finished (AuraHarvest *self)
{
  g_return_val_if_fail (AURA_IS_HARVEST (self), FALSE);
  return self->finished;
}

AuraHarvestStop
aura_harvest_get_stop_reason (AuraHarvest *self)
{
  g_return_val_if_fail (AURA_IS_HARVEST (self), AURA_HARVEST_STOP_NONE);
  return self->finished ? self->stop : AURA_HARVEST_STOP_NONE;
}

GPtrArray *
aura_harvest_get_findings (AuraHarvest *self)
{
  g_return_val_if_fail (AURA_IS_HARVEST (self), NULL);
  return self->findings;
}

GPtrArray *
aura_harvest_get_pages (AuraHarvest *self)
{
  g_return_val_if_fail (AURA_IS_HARVEST (self), NULL);
  return self->pages;
}

const char *
aura_harvest_get_site (AuraHarvest *self)
{
  g_return_val_if_fail (AURA_IS_HARVEST (self), NULL);
  return self->site;
}

const char *
aura_harvest_get_start_url (AuraHarvest *self)
{
  g_return_val_if_fail (AURA_IS_HARVEST (self), NULL);
  return self->start_url;
}

/* The domain as an A-label host name, or NULL with an error. */
static char *
normalize_host (const char *domain, GError **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (domain));
  g_autoptr (GError) domain_error = NULL;
  char *ace;
  gsize n = strlen (trimmed);

  if (n > 1 && trimmed[n - 1] == '.')
    trimmed[n - 1] = '\0';
  ace = aura_entity_normalize (AURA_ENTITY_DOMAIN, trimmed, NULL, &domain_error);
  if (ace == NULL)
    ace = aura_entity_normalize (AURA_ENTITY_SUBDOMAIN, trimmed, NULL, NULL);
  if (ace == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, domain_error->message);
  return ace;
}

AuraHarvest *
aura_harvest_new (AuraEngine *engine, const AuraHarvestOptions *options, GError **error)
{
  g_autoptr (AuraHarvest) self = NULL;
  g_autofree char *host = NULL;
  const char *scheme;

  g_return_val_if_fail (AURA_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options->domain == NULL || *options->domain == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _ ("Give the domain whose pages should be read"));
      return NULL;
    }
  if (options->scheme != NULL && g_ascii_strcasecmp (options->scheme, "http") != 0 &&
      g_ascii_strcasecmp (options->scheme, "https") != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _ ("“%s” is not a scheme pages are read with; use “http” or “https”"),
                   options->scheme);
      return NULL;
    }
  if (options->port > 65535)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _ ("%u is not a TCP port; give a number from 1 to 65535"), options->port);
      return NULL;
    }
  host = normalize_host (options->domain, error);
  if (host == NULL)
    return NULL;
  self = g_object_new (AURA_TYPE_HARVEST, NULL);
  self->engine = g_object_ref (engine);
  self->host = g_steal_pointer (&host);
  self->site = aura_harvest_site_of (self->host);
  self->scheme = options->scheme != NULL ? g_ascii_strdown (options->scheme, -1) : NULL;
  self->port = options->port;
  self->max_pages = options->max_pages > 0 ? options->max_pages : DEFAULT_MAX_PAGES;
  self->max_bytes = options->max_bytes > 0 ? options->max_bytes : DEFAULT_MAX_BYTES;
  self->max_page_bytes =
      options->max_page_bytes > 0 ? options->max_page_bytes : DEFAULT_MAX_PAGE_BYTES;
  self->timeout_ms = options->timeout_ms > 0 ? options->timeout_ms : DEFAULT_TIMEOUT_MS;
  self->request_timeout_ms =
      options->request_timeout_ms > 0 ? options->request_timeout_ms : DEFAULT_REQUEST_TIMEOUT_MS;
  self->max_concurrent =
      options->max_concurrent > 0 ? options->max_concurrent : DEFAULT_MAX_CONCURRENT;
  self->no_well_known = options->no_well_known;
  scheme = self->scheme != NULL ? self->scheme : "https";
  if (self->port != 0)
    self->start_url = g_strdup_printf ("%s://%s:%u/", scheme, self->host, self->port);
  else
    self->start_url = g_strdup_printf ("%s://%s/", scheme, self->host);
  return g_steal_pointer (&self);
}

static void
aura_harvest_finalize (GObject *object)
{
  AuraHarvest *self = AURA_HARVEST (object);

  if (self->timer != NULL)
    g_source_destroy (self->timer);
  g_clear_pointer (&self->timer, g_source_unref);
  for (guint p = 0; p < N_PRIORITIES; p++)
    g_queue_clear_full (&self->queues[p], (GDestroyNotify)pending_free);
  g_clear_object (&self->engine);
  g_free (self->host);
  g_free (self->site);
  g_free (self->scheme);
  g_free (self->start_url);
  g_hash_table_unref (self->seen);
  g_hash_table_unref (self->index);
  g_ptr_array_unref (self->findings);
  g_ptr_array_unref (self->pages);
  g_clear_error (&self->error);
  g_clear_pointer (&self->context, g_main_context_unref);
  G_OBJECT_CLASS (aura_harvest_parent_class)->finalize (object);
}

static void
aura_harvest_class_init (AuraHarvestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = aura_harvest_finalize;

  signals[SIGNAL_FINDING] = g_signal_new ("finding", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[SIGNAL_PAGE] = g_signal_new ("page", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[SIGNAL_FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
aura_harvest_init (AuraHarvest *self)
{
  for (guint p = 0; p < N_PRIORITIES; p++)
    g_queue_init (&self->queues[p]);
  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->index = g_hash_table_new (g_str_hash, g_str_equal);
  self->findings = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_harvest_finding_free);
  self->pages = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_harvest_page_free);
  self->context = g_main_context_ref_thread_default ();
}
