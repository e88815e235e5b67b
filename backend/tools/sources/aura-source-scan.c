/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-sources"
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "aura-source-scan-private.h"

/* The source scan: options, the runs (one per source, aura-source-run.c),
 * deduplication with attribution, signals, the deadline and cancellation.
 * Every request goes through the engine; its answers, the key lookups and
 * the timers all come back in the main context of the caller of
 * aura_source_scan_start(), so nothing here needs a lock. */

#define DEFAULT_TIMEOUT_MS (5 * 60 * 1000)

enum
{
  SIGNAL_HIT,
  SIGNAL_REQUEST,
  SIGNAL_SOURCE_DONE,
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (AuraSourceScan, aura_source_scan, G_TYPE_OBJECT)

const char *
aura_source_state_to_string (AuraSourceState state)
{
  switch (state)
    {
      case AURA_SOURCE_STATE_OK:
        return "ok";
      case AURA_SOURCE_STATE_ERROR:
        return "error";
      case AURA_SOURCE_STATE_SKIPPED:
        return "skipped";
      case AURA_SOURCE_STATE_CANCELLED:
      default:
        return "cancelled";
    }
}

static void
hit_free (AuraSourceHit *hit)
{
  g_free (hit->value);
  g_strfreev (hit->sources);
  g_free (hit);
}

void
aura_source_request_free (AuraSourceRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->source);
  g_free (request->method);
  g_free (request->url);
  g_strfreev (request->headers);
  g_free (request->error);
  g_free (request);
}

void
aura_source_summary_free (AuraSourceSummary *summary)
{
  if (summary == NULL)
    return;
  g_free (summary->source);
  g_free (summary->message);
  g_free (summary);
}

static char *
hit_key (AuraEntityType kind, const char *value)
{
  return g_strdup_printf ("%d\n%s", (int)kind, value);
}

/* ---- Called by the runs ------------------------------------------------- */

gboolean
aura_source_scan_add_value (AuraSourceScan *self,
                            AuraSourceSummary *summary,
                            guint max_results,
                            AuraEntityType kind,
                            const char *value)
{
  g_autofree char *key = hit_key (kind, value);
  AuraSourceHit *hit = g_hash_table_lookup (self->hit_index, key);
  guint n;

  if (hit != NULL && g_strv_contains ((const char *const *)hit->sources, summary->source))
    return TRUE;
  if (summary->found >= max_results)
    return FALSE;
  summary->found++;
  if (hit == NULL)
    {
      hit = g_new0 (AuraSourceHit, 1);
      hit->value = g_strdup (value);
      hit->kind = kind;
      hit->sources = g_new0 (char *, 2);
      hit->sources[0] = g_strdup (summary->source);
      g_ptr_array_add (self->hits, hit);
      g_hash_table_insert (self->hit_index, g_steal_pointer (&key), hit);
    }
  else
    {
      n = g_strv_length (hit->sources);
      hit->sources = g_renew (char *, hit->sources, n + 2);
      hit->sources[n] = g_strdup (summary->source);
      hit->sources[n + 1] = NULL;
    }
  g_signal_emit (self, signals[SIGNAL_HIT], 0, hit, summary->source);
  return TRUE;
}

void
aura_source_scan_record_request (AuraSourceScan *self, AuraSourceRequest *request)
{
  g_ptr_array_add (self->requests, request);
  g_signal_emit (self, signals[SIGNAL_REQUEST], 0, request);
}

static void
maybe_finish (AuraSourceScan *self)
{
  if (!self->started || self->starting || self->finished)
    return;
  for (guint i = 0; i < self->runs->len; i++)
    if (!aura_source_run_is_done (self->runs->pdata[i]))
      return;
  self->finished = TRUE;
  if (self->deadline != NULL)
    {
      g_source_destroy (self->deadline);
      g_clear_pointer (&self->deadline, g_source_unref);
    }
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
  if (self->loop != NULL)
    g_main_loop_quit (self->loop);
}

void
aura_source_scan_run_done (AuraSourceScan *self, AuraSourceSummary *summary)
{
  g_debug ("%s: %s, %u found, %u dropped, %u pages, %u requests%s%s", summary->source,
           aura_source_state_to_string (summary->state), summary->found, summary->dropped,
           summary->pages, summary->requests, summary->message != NULL ? ": " : "",
           summary->message != NULL ? summary->message : "");
  g_signal_emit (self, signals[SIGNAL_SOURCE_DONE], 0, summary);
  maybe_finish (self);
}

/* ---- Life cycle --------------------------------------------------------- */

static void
stop_runs (AuraSourceScan *self)
{
  g_cancellable_cancel (self->cancellable);
  aura_engine_cancel_group (self->engine, self->group);
  /* Runs with a request or a key lookup in flight end when it comes back
   * cancelled; the others end now. */
  for (guint i = 0; i < self->runs->len; i++)
    aura_source_run_stop (self->runs->pdata[i]);
}

static gboolean
deadline_cb (gpointer data)
{
  AuraSourceScan *self = data;

  g_clear_pointer (&self->deadline, g_source_unref);
  g_debug ("Source scan of %s: the time limit ran out", self->domain);
  self->timed_out = TRUE;
  stop_runs (self);
  return G_SOURCE_REMOVE;
}

static gboolean
start_idle_cb (gpointer data)
{
  maybe_finish (data);
  return G_SOURCE_REMOVE;
}

void
aura_source_scan_start (AuraSourceScan *self)
{
  g_return_if_fail (AURA_IS_SOURCE_SCAN (self));
  g_return_if_fail (!self->started);

  self->started = TRUE;
  self->starting = TRUE;
  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  self->group = aura_engine_new_group (self->engine);
  self->deadline = g_timeout_source_new (self->timeout_ms);
  g_source_set_callback (self->deadline, deadline_cb, self, NULL);
  g_source_set_static_name (self->deadline, "[aura] source scan deadline");
  g_source_attach (self->deadline, self->context);
  for (guint i = 0; i < self->runs->len; i++)
    aura_source_run_start (self->runs->pdata[i]);
  self->starting = FALSE;
  /* Finishing is never re-entrant with start(): a scan whose sources all
   * ended at once finishes from the main loop. */
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, start_idle_cb, g_object_ref (self),
                              g_object_unref);
}

void
aura_source_scan_cancel (AuraSourceScan *self)
{
  g_return_if_fail (AURA_IS_SOURCE_SCAN (self));

  if (!self->started || self->finished || self->cancelled)
    return;
  self->cancelled = TRUE;
  stop_runs (self);
}

gboolean
aura_source_scan_run (AuraSourceScan *self, GError **error)
{
  g_return_val_if_fail (AURA_IS_SOURCE_SCAN (self), FALSE);

  if (!self->started)
    aura_source_scan_start (self);
  if (!self->finished)
    {
      self->loop = g_main_loop_new (self->context, FALSE);
      g_main_loop_run (self->loop);
      g_clear_pointer (&self->loop, g_main_loop_unref);
    }
  if (self->cancelled)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _ ("The source scan was cancelled"));
      return FALSE;
    }
  return TRUE;
}

gboolean
aura_source_scan_is_finished (AuraSourceScan *self)
{
  g_return_val_if_fail (AURA_IS_SOURCE_SCAN (self), FALSE);
  return self->finished;
}

gboolean
aura_source_scan_was_cancelled (AuraSourceScan *self)
{
  g_return_val_if_fail (AURA_IS_SOURCE_SCAN (self), FALSE);
  return self->cancelled;
}

const char *
aura_source_scan_get_domain (AuraSourceScan *self)
{
  g_return_val_if_fail (AURA_IS_SOURCE_SCAN (self), NULL);
  return self->domain;
}

GPtrArray *
aura_source_scan_get_hits (AuraSourceScan *self)
{
  g_return_val_if_fail (AURA_IS_SOURCE_SCAN (self), NULL);
  return self->hits;
}

const AuraSourceHit *
aura_source_scan_lookup_hit (AuraSourceScan *self, AuraEntityType kind, const char *value)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (AURA_IS_SOURCE_SCAN (self), NULL);
  g_return_val_if_fail (value != NULL, NULL);
  key = hit_key (kind, value);
  return g_hash_table_lookup (self->hit_index, key);
}

GPtrArray *
aura_source_scan_get_summaries (AuraSourceScan *self)
{
  g_return_val_if_fail (AURA_IS_SOURCE_SCAN (self), NULL);
  return self->summaries;
}

const AuraSourceSummary *
aura_source_scan_get_summary (AuraSourceScan *self, const char *source)
{
  g_return_val_if_fail (AURA_IS_SOURCE_SCAN (self), NULL);
  g_return_val_if_fail (source != NULL, NULL);
  for (guint i = 0; i < self->summaries->len; i++)
    {
      AuraSourceSummary *summary = self->summaries->pdata[i];

      if (g_ascii_strcasecmp (summary->source, source) == 0)
        return summary;
    }
  return NULL;
}

GPtrArray *
aura_source_scan_get_requests (AuraSourceScan *self)
{
  g_return_val_if_fail (AURA_IS_SOURCE_SCAN (self), NULL);
  return self->requests;
}

/* ---- Options ------------------------------------------------------------ */

static gboolean
set_domain (AuraSourceScan *self, const char *domain, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autofree char *trimmed = domain != NULL ? g_strstrip (g_strdup (domain)) : NULL;

  if (trimmed == NULL || *trimmed == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _ ("Give a domain name to ask the sources about, like example.com"));
      return FALSE;
    }
  self->domain = aura_entity_normalize (AURA_ENTITY_DOMAIN, trimmed, NULL, &local);
  self->domain_kind = AURA_ENTITY_DOMAIN;
  if (self->domain == NULL)
    {
      self->domain = aura_entity_normalize (AURA_ENTITY_SUBDOMAIN, trimmed, NULL, NULL);
      self->domain_kind = AURA_ENTITY_SUBDOMAIN;
    }
  if (self->domain == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "%s", local->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
set_kinds (AuraSourceScan *self, const char *const *kinds, GError **error)
{
  for (guint i = 0; kinds != NULL && kinds[i] != NULL; i++)
    {
      if (g_str_equal (kinds[i], "subdomain"))
        self->kinds |= 1u << AURA_ENTITY_SUBDOMAIN | 1u << AURA_ENTITY_DOMAIN;
      else if (g_str_equal (kinds[i], "email"))
        self->kinds |= 1u << AURA_ENTITY_EMAIL;
      else if (g_str_equal (kinds[i], "ip"))
        self->kinds |= 1u << AURA_ENTITY_IP;
      else if (g_str_equal (kinds[i], "url"))
        self->kinds |= 1u << AURA_ENTITY_URL;
      else
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _ ("“%s” is not a kind of value the sources give (subdomain, email, ip, "
                          "url)"),
                       kinds[i]);
          return FALSE;
        }
    }
  return TRUE;
}

/* The override for @name among "NAME=BASE" entries (all checked first by
 * check_overrides()), or NULL. */
static const char *
find_override (const char *const *overrides, const char *name)
{
  gsize len = strlen (name);

  for (guint i = 0; overrides != NULL && overrides[i] != NULL; i++)
    if (g_ascii_strncasecmp (overrides[i], name, len) == 0 && overrides[i][len] == '=')
      return overrides[i] + len + 1;
  return NULL;
}

static gboolean
check_overrides (AuraSourceList *list, const char *const *overrides, GError **error)
{
  for (guint i = 0; overrides != NULL && overrides[i] != NULL; i++)
    {
      const char *equals = strchr (overrides[i], '=');
      g_autofree char *name =
          equals != NULL ? g_strndup (overrides[i], equals - overrides[i]) : NULL;
      g_autoptr (GUri) uri = NULL;

      if (name == NULL || aura_source_list_lookup (list, name) == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _ ("URL override “%s”: give SOURCE=URL with the name of a known source"),
                       overrides[i]);
          return FALSE;
        }
      uri = g_uri_parse (equals + 1, G_URI_FLAGS_ENCODED, NULL);
      if (uri == NULL || g_uri_get_host (uri) == NULL ||
          (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
           g_strcmp0 (g_uri_get_scheme (uri), "https") != 0) ||
          g_uri_get_query (uri) != NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _ ("URL override “%s”: the base must be an http or https URL without a "
                          "query"),
                       overrides[i]);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
source_selected (AuraSourceScan *self, AuraSource *source)
{
  return self->kinds == 0 || (source->yields & self->kinds) != 0;
}

static gboolean
add_run (AuraSourceScan *self,
         AuraSource *source,
         const AuraSourceScanOptions *options,
         GError **error)
{
  AuraSourceSummary *summary = g_new0 (AuraSourceSummary, 1);
  AuraSourceRun *run;

  summary->source = g_strdup (source->name);
  summary->state = AURA_SOURCE_STATE_CANCELLED;
  run = aura_source_run_new (self, source, find_override (options->url_overrides, source->name),
                             summary, error);
  if (run == NULL)
    {
      aura_source_summary_free (summary);
      return FALSE;
    }
  g_ptr_array_add (self->summaries, summary);
  g_ptr_array_add (self->runs, run);
  return TRUE;
}

/* "a, b, c": the names of @list, for a message. */
static char *
known_names (AuraSourceList *list)
{
  g_autoptr (GString) names = g_string_new (NULL);

  for (guint i = 0; i < aura_source_list_get_n_sources (list); i++)
    g_string_append_printf (names, "%s%s", i > 0 ? ", " : "",
                            aura_source_get_name (aura_source_list_get_source (list, i)));
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static gboolean
add_runs (AuraSourceScan *self, const AuraSourceScanOptions *options, GError **error)
{
  AuraSourceList *list = options->sources;

  for (guint i = 0; options->source_names != NULL && options->source_names[i] != NULL; i++)
    {
      AuraSource *source = aura_source_list_lookup (list, options->source_names[i]);

      if (source == NULL)
        {
          g_autofree char *known = known_names (list);

          g_set_error (error, AURA_SOURCE_ERROR, AURA_SOURCE_ERROR_NOT_FOUND,
                       _ ("No source is named “%s”; the sources are: %s"), options->source_names[i],
                       known);
          return FALSE;
        }
      if (source_selected (self, source) &&
          aura_source_scan_get_summary (self, source->name) == NULL &&
          !add_run (self, source, options, error))
        return FALSE;
    }
  for (guint i = 0; options->source_names == NULL && i < aura_source_list_get_n_sources (list); i++)
    {
      AuraSource *source = aura_source_list_get_source (list, i);

      if (source_selected (self, source) && !add_run (self, source, options, error))
        return FALSE;
    }
  if (self->runs->len == 0)
    {
      g_set_error_literal (error, AURA_SOURCE_ERROR, AURA_SOURCE_ERROR_NOT_FOUND,
                           _ ("No source is left to ask: the list is empty, or none of the "
                              "sources named gives the kinds of values asked for"));
      return FALSE;
    }
  return TRUE;
}

AuraSourceScan *
aura_source_scan_new (AuraEngine *engine, const AuraSourceScanOptions *options, GError **error)
{
  g_autoptr (AuraSourceScan) self = NULL;

  g_return_val_if_fail (AURA_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (AURA_IS_SOURCE_LIST (options->sources), NULL);
  g_return_val_if_fail (options->keys == NULL || AURA_IS_API_KEYS (options->keys), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (AURA_TYPE_SOURCE_SCAN, NULL);
  self->engine = g_object_ref (engine);
  self->keys = options->keys != NULL ? g_object_ref (options->keys) : aura_api_keys_new ();
  self->max_results = options->max_results;
  self->max_pages = options->max_pages;
  self->request_timeout_ms = options->request_timeout_ms;
  self->ignore_rate_hints = options->ignore_rate_hints;
  self->timeout_ms = options->timeout_ms > 0 ? options->timeout_ms : DEFAULT_TIMEOUT_MS;
  if (!set_domain (self, options->domain, error) || !set_kinds (self, options->kinds, error) ||
      !check_overrides (options->sources, options->url_overrides, error) ||
      !add_runs (self, options, error))
    return NULL;
  return g_steal_pointer (&self);
}

static void
aura_source_scan_finalize (GObject *object)
{
  AuraSourceScan *self = AURA_SOURCE_SCAN (object);

  if (self->deadline != NULL)
    g_source_destroy (self->deadline);
  g_clear_pointer (&self->deadline, g_source_unref);
  g_ptr_array_unref (self->runs);
  g_ptr_array_unref (self->summaries);
  g_hash_table_unref (self->hit_index);
  g_ptr_array_unref (self->hits);
  g_ptr_array_unref (self->requests);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->keys);
  g_clear_object (&self->engine);
  g_free (self->domain);
  g_clear_pointer (&self->context, g_main_context_unref);
  G_OBJECT_CLASS (aura_source_scan_parent_class)->finalize (object);
}

static void
aura_source_scan_class_init (AuraSourceScanClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = aura_source_scan_finalize;

  signals[SIGNAL_HIT] = g_signal_new ("hit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                      NULL, NULL, G_TYPE_NONE, 2, G_TYPE_POINTER, G_TYPE_STRING);
  signals[SIGNAL_REQUEST] = g_signal_new ("request", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[SIGNAL_SOURCE_DONE] =
      g_signal_new ("source-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[SIGNAL_FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
aura_source_scan_init (AuraSourceScan *self)
{
  self->runs = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_source_run_free);
  self->summaries = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_source_summary_free);
  self->hits = g_ptr_array_new_with_free_func ((GDestroyNotify)hit_free);
  self->hit_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->requests = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_source_request_free);
  self->cancellable = g_cancellable_new ();
  self->context = g_main_context_ref_thread_default ();
}
