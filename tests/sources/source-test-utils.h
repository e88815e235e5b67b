/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <string.h>

#include "aura-source-private.h"
#include "aura-sources.h"
#include "aura-test-server.h"

G_BEGIN_DECLS

/* Shared by the source scan tests: a loopback server, an engine aimed at
 * it, keys that never ask the keyring, and handlers that answer by query
 * parameter the way paged APIs do. */

typedef struct
{
  AuraTestServer *server;
  AuraEngine *engine;
  AuraApiKeys *keys;
  AuraSourceList *list;
  GPtrArray *overrides; /* "name=http://name.test:PORT", NULL-terminated */
} SourceFixture;

/* One answer: when the query parameter has @value ("" when absent). */
typedef struct
{
  const char *value;
  guint status;
  const char *body;
} Route;

typedef struct
{
  const char *param;
  const char *content_type;
  const Route *routes;
  guint n_routes;
} Routes;

#define ROUTES(param, type, array)                                                                 \
  {                                                                                                \
    param, type, array, G_N_ELEMENTS (array)                                                       \
  }

static inline void
routes_cb (AuraTestServer *server,
           SoupServerMessage *msg,
           const char *host,
           const char *path,
           gpointer user_data)
{
  const Routes *routes = user_data;
  GUri *uri = soup_server_message_get_uri (msg);
  g_autoptr (GHashTable) query = NULL;
  const char *value = NULL;

  if (g_uri_get_query (uri) != NULL)
    query = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);
  if (query != NULL && routes->param != NULL)
    value = g_hash_table_lookup (query, routes->param);
  for (guint i = 0; i < routes->n_routes; i++)
    if (g_strcmp0 (routes->routes[i].value, value != NULL ? value : "") == 0)
      {
        const Route *route = &routes->routes[i];

        soup_server_message_set_status (msg, route->status, NULL);
        soup_server_message_set_response (msg, routes->content_type, SOUP_MEMORY_STATIC,
                                          route->body, strlen (route->body));
        return;
      }
  soup_server_message_set_status (msg, 418, NULL);
  soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "no route", 8);
}

static inline void
source_fixture_add_routes (SourceFixture *fixture,
                           const char *host,
                           const char *path,
                           const Routes *routes)
{
  aura_test_server_add_handler (fixture->server, host, path, routes_cb, (gpointer)routes, NULL);
}

/* "name=http://name.test:PORT" for @name. */
static inline void
source_fixture_override (SourceFixture *fixture, const char *name)
{
  g_autofree char *host = g_strconcat (name, ".test", NULL);
  g_autofree char *base = aura_test_server_url (fixture->server, host, "/");

  /* Keep the array NULL-terminated. */
  g_ptr_array_remove_index (fixture->overrides, fixture->overrides->len - 1);
  g_ptr_array_add (fixture->overrides, g_strdup_printf ("%s=%s", name, base));
  g_ptr_array_add (fixture->overrides, NULL);
}

static inline void
source_fixture_use_list (SourceFixture *fixture, AuraSourceList *list)
{
  g_clear_object (&fixture->list);
  fixture->list = list;
  for (guint i = 0; i < aura_source_list_get_n_sources (list); i++)
    source_fixture_override (fixture, aura_source_get_name (aura_source_list_get_source (list, i)));
}

static inline void
source_fixture_set_up (SourceFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  const char *host_overrides[] = { "*.test:127.0.0.1", NULL };
  AuraEngineOptions options = { 0 };

  fixture->server = aura_test_server_new ();
  options.host_overrides = host_overrides;
  options.loopback_only = TRUE;
  options.timeout_ms = 4000;
  options.max_retries = 2;
  options.retry_base_ms = 20;
  options.retry_after_cap_ms = 2000;
  fixture->engine = aura_engine_new (&options, &error);
  g_assert_no_error (error);
  fixture->keys = aura_api_keys_new ();
  aura_api_keys_set_use_keyring (fixture->keys, FALSE);
  aura_api_keys_set_use_environment (fixture->keys, FALSE);
  fixture->overrides = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (fixture->overrides, NULL);
}

static inline void
source_fixture_tear_down (SourceFixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->list);
  g_assert_finalize_object (fixture->keys);
  g_assert_finalize_object (fixture->engine);
  aura_test_server_free (fixture->server);
  g_ptr_array_unref (fixture->overrides);
}

typedef struct
{
  guint hits;
  guint requests;
  guint done;
  guint finished;
} SignalCounts;

static inline void
count_hit_cb (AuraSourceScan *scan, AuraSourceHit *hit, const char *source, gpointer data)
{
  ((SignalCounts *)data)->hits++;
  /* The source that just found it is always in the list. */
  g_assert_true (g_strv_contains ((const char *const *)hit->sources, source));
}

static inline void
count_request_cb (AuraSourceScan *scan, AuraSourceRequest *request, gpointer data)
{
  ((SignalCounts *)data)->requests++;
}

static inline void
count_done_cb (AuraSourceScan *scan, AuraSourceSummary *summary, gpointer data)
{
  ((SignalCounts *)data)->done++;
}

static inline void
count_finished_cb (AuraSourceScan *scan, gpointer data)
{
  SignalCounts *counts = data;

  counts->finished++;
  /* "finished" comes after every "source-done". */
  g_assert_cmpuint (counts->done, ==, aura_source_scan_get_summaries (scan)->len);
}

static inline void
source_fixture_connect (AuraSourceScan *scan, SignalCounts *counts)
{
  g_signal_connect (scan, "hit", G_CALLBACK (count_hit_cb), counts);
  g_signal_connect (scan, "request", G_CALLBACK (count_request_cb), counts);
  g_signal_connect (scan, "source-done", G_CALLBACK (count_done_cb), counts);
  g_signal_connect (scan, "finished", G_CALLBACK (count_finished_cb), counts);
}

/* A scan of example.com over @names (NULL: the whole list), run to its
 * end; every signal is checked for consistency. */
static inline AuraSourceScan *
source_fixture_run (SourceFixture *fixture,
                    const char *const *names,
                    AuraSourceScanOptions *extra,
                    SignalCounts *counts)
{
  g_autoptr (GError) error = NULL;
  AuraSourceScanOptions options = { 0 };
  AuraSourceScan *scan;
  SignalCounts local = { 0 };
  guint found = 0;

  if (extra != NULL)
    options = *extra;
  if (options.domain == NULL)
    options.domain = "example.com";
  options.sources = fixture->list;
  options.source_names = names;
  options.keys = fixture->keys;
  options.url_overrides = (const char *const *)fixture->overrides->pdata;
  if (options.timeout_ms == 0)
    options.timeout_ms = 20000;
  /* Pauses are tested on their own (test-source-paging.c). */
  options.ignore_rate_hints = TRUE;
  scan = aura_source_scan_new (fixture->engine, &options, &error);
  g_assert_no_error (error);
  counts = counts != NULL ? counts : &local;
  source_fixture_connect (scan, counts);
  aura_source_scan_run (scan, NULL);
  g_assert_true (aura_source_scan_is_finished (scan));
  g_assert_cmpuint (counts->finished, ==, 1);
  g_assert_cmpuint (counts->requests, ==, aura_source_scan_get_requests (scan)->len);
  for (guint i = 0; i < aura_source_scan_get_summaries (scan)->len; i++)
    found += ((AuraSourceSummary *)aura_source_scan_get_summaries (scan)->pdata[i])->found;
  /* One "hit" per value and source. */
  g_assert_cmpuint (counts->hits, ==, found);
  return scan;
}

static inline const AuraSourceSummary *
source_summary (AuraSourceScan *scan, const char *name)
{
  const AuraSourceSummary *summary = aura_source_scan_get_summary (scan, name);

  if (summary == NULL)
    g_error ("no summary for %s", name);
  return summary;
}

static inline void
assert_state (AuraSourceScan *scan, const char *name, AuraSourceState state)
{
  const AuraSourceSummary *summary = source_summary (scan, name);

  if (summary->state != state)
    g_error ("%s ended %s, not %s: %s", name, aura_source_state_to_string (summary->state),
             aura_source_state_to_string (state), summary->message != NULL ? summary->message : "");
}

static inline void
assert_message (AuraSourceScan *scan, const char *name, const char *words)
{
  const AuraSourceSummary *summary = source_summary (scan, name);

  if (summary->message == NULL || strstr (summary->message, words) == NULL)
    g_error ("%s: “%s” does not say “%s”", name,
             summary->message != NULL ? summary->message : "(null)", words);
}

/* @value was found (as @kind), and by @source among others. */
static inline void
assert_hit (AuraSourceScan *scan, AuraEntityType kind, const char *value, const char *source)
{
  const AuraSourceHit *hit = aura_source_scan_lookup_hit (scan, kind, value);

  if (hit == NULL)
    g_error ("%s was not found", value);
  if (source != NULL && !g_strv_contains ((const char *const *)hit->sources, source))
    g_error ("%s was not attributed to %s", value, source);
}

/* The last request on @host @path carried header @name with @expected
 * (NULL: did not carry it). */
static inline void
assert_header (SourceFixture *fixture,
               const char *host,
               const char *path,
               const char *name,
               const char *expected)
{
  g_autofree char *value = aura_test_server_get_last_header (fixture->server, host, path, name);

  g_assert_cmpstr (value, ==, expected);
}

static inline AuraSourceList *
source_list_from (const char *json)
{
  g_autoptr (GError) error = NULL;
  AuraSourceList *list = aura_source_list_load_data (json, -1, "test.json", &error);

  g_assert_no_error (error);
  return list;
}

G_END_DECLS
