/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include <locale.h>
#include <string.h>

#include "aura-test-server.h"
#include "engine-test-utils.h"

/* AuraEngine against a SoupServer on loopback: every outcome, the limits,
 * retries, bodies, redirects, cancellation and where callbacks land. */

typedef struct
{
  AuraTestServer *server;
  AuraEngine *engine;
  Collector collector;
} Fixture;

static void
fixture_setup_with (Fixture *fixture, const AuraEngineOptions *options)
{
  g_autoptr (GError) error = NULL;

  fixture->engine = aura_engine_new (options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->engine);
}

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  AuraEngineOptions options = engine_test_options ();

  fixture->server = aura_test_server_new ();
  collector_init (&fixture->collector);
  fixture_setup_with (fixture, &options);
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  if (fixture->engine != NULL)
    {
      AuraEngineStats stats;

      aura_engine_get_stats (fixture->engine, &stats);
      g_assert_cmpuint (stats.in_flight, ==, 0);
      g_assert_cmpuint (stats.queued, ==, 0);
      /* Callbacks already ran; nothing else holds the engine. */
      g_assert_finalize_object (fixture->engine);
    }
  collector_clear (&fixture->collector);
  aura_test_server_free (fixture->server);
}

/* Replaces the engine with one built from @options. */
static void
fixture_reconfigure (Fixture *fixture, const AuraEngineOptions *options)
{
  g_assert_finalize_object (fixture->engine);
  fixture_setup_with (fixture, options);
}

static char *
url (Fixture *fixture, const char *host, const char *path)
{
  return aura_test_server_url (fixture->server, host, path);
}

static guint
closed_port (void)
{
  g_autoptr (GSocket) socket =
      g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  /* Bound, never listening: connections are refused. */
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* Outcomes ------------------------------------------------------------------ */

static void
test_ok_response (Fixture *fixture, gconstpointer data)
{
  const char *headers[] = { "Content-Type: text/html; charset=utf-8", "X-Thing: one",
                            "X-Thing: two", NULL };
  g_autofree char *target = url (fixture, "site.test", "/page");
  g_autofree char *agent = NULL;
  AuraHttpResponse *response;

  aura_test_server_add_response (fixture->server, "site.test", "/page", 200, headers,
                                 "<p>hello</p>", 0);
  collector_get (&fixture->collector, fixture->engine, target);
  collector_wait (&fixture->collector, 1, 10);
  response = collector_response (&fixture->collector, 0);
  g_assert_cmpint (response->outcome, ==, AURA_HTTP_OK);
  g_assert_null (response->error_message);
  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpstr (aura_http_response_get_text (response, NULL), ==, "<p>hello</p>");
  g_assert_cmpstr (response->content_type, ==, "text/html; charset=utf-8");
  g_assert_cmpstr (aura_http_response_get_header (response, "X-THING"), ==, "one, two");
  g_assert_cmpstr (response->url, ==, target);
  g_assert_cmpstr (response->final_url, ==, target);
  g_assert_null (response->redirect_url);
  g_assert_cmpstr (response->primary_ip, ==, "127.0.0.1");
  g_assert_false (response->truncated);
  g_assert_cmpuint (response->bytes, ==, strlen ("<p>hello</p>"));
  g_assert_cmpint (response->latency_us, >, 0);
  g_assert_cmpuint (response->retries, ==, 0);
  g_assert_null (response->proxy);
  agent = aura_test_server_get_last_header (fixture->server, "site.test", "/page", "User-Agent");
  g_assert_nonnull (strstr (agent, "Firefox/"));
}

static void
test_status_is_not_error (Fixture *fixture, gconstpointer data)
{
  g_autofree char *target = url (fixture, "site.test", "/missing");
  AuraHttpResponse *response;

  collector_get (&fixture->collector, fixture->engine, target);
  collector_wait (&fixture->collector, 1, 10);
  response = collector_response (&fixture->collector, 0);
  g_assert_cmpint (response->outcome, ==, AURA_HTTP_OK);
  g_assert_cmpuint (response->status, ==, 404);
}

static void
test_connect_refused (Fixture *fixture, gconstpointer data)
{
  g_autofree char *target = g_strdup_printf ("http://closed.test:%u/", closed_port ());
  AuraHttpRequest request = AURA_HTTP_REQUEST_INIT;
  AuraHttpResponse *response;

  request.url = target;
  request.max_retries = 1;
  collector_submit (&fixture->collector, fixture->engine, &request);
  collector_wait (&fixture->collector, 1, 10);
  response = collector_response (&fixture->collector, 0);
  g_assert_cmpint (response->outcome, ==, AURA_HTTP_ERROR_CONNECT);
  g_assert_nonnull (strstr (response->error_message, "closed.test"));
  g_assert_cmpuint (response->status, ==, 0);
  /* A refused connection is transient: retried once. */
  g_assert_cmpuint (response->retries, ==, 1);
}

static void
test_timeout (Fixture *fixture, gconstpointer data)
{
  g_autofree char *target = url (fixture, "slow.test", "/");
  AuraHttpRequest request = AURA_HTTP_REQUEST_INIT;
  gint64 start = g_get_monotonic_time ();
  AuraHttpResponse *response;

  aura_test_server_add_response (fixture->server, "slow.test", "/", 200, NULL, "late", 5000);
  request.url = target;
  request.timeout_ms = 400;
  collector_submit (&fixture->collector, fixture->engine, &request);
  collector_wait (&fixture->collector, 1, 10);
  response = collector_response (&fixture->collector, 0);
  g_assert_cmpint (response->outcome, ==, AURA_HTTP_ERROR_TIMEOUT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
}

static void
test_broken_connection (Fixture *fixture, gconstpointer data)
{
  g_autofree char *target = url (fixture, "broken.test", "/");
  AuraHttpRequest request = AURA_HTTP_REQUEST_INIT;
  AuraHttpResponse *response;

  aura_test_server_add_broken (fixture->server, "broken.test", "/");
  request.url = target;
  request.max_retries = 0;
  collector_submit (&fixture->collector, fixture->engine, &request);
  collector_wait (&fixture->collector, 1, 10);
  response = collector_response (&fixture->collector, 0);
  g_assert_cmpint (response->outcome, ==, AURA_HTTP_ERROR_PROTOCOL);
  g_assert_cmpuint (aura_test_server_get_hits (fixture->server, "broken.test", "/"), ==, 1);
}

static gpointer
plain_talker_thread (gpointer data)
{
  GSocket *listener = data;
  g_autoptr (GSocket) client = g_socket_accept (listener, NULL, NULL);
  static const char reply[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";

  if (client != NULL)
    {
      g_socket_send (client, reply, sizeof reply - 1, NULL, NULL);
      g_socket_close (client, NULL);
    }
  return NULL;
}

static void
test_tls_failure (Fixture *fixture, gconstpointer data)
{
  /* A server that answers plain text where TLS is expected. */
  g_autoptr (GSocket) listener =
      g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  g_autofree char *target = NULL;
  AuraHttpResponse *response;
  GThread *thread;

  g_assert_true (g_socket_bind (listener, any, FALSE, NULL));
  g_assert_true (g_socket_listen (listener, NULL));
  bound = g_socket_get_local_address (listener, NULL);
  target = g_strdup_printf ("https://secure.test:%u/",
                            g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  thread = g_thread_new ("plain-talker", plain_talker_thread, listener);
  collector_get (&fixture->collector, fixture->engine, target);
  collector_wait (&fixture->collector, 1, 10);
  g_thread_join (thread);
  response = collector_response (&fixture->collector, 0);
  g_assert_cmpint (response->outcome, ==, AURA_HTTP_ERROR_TLS);
  g_assert_nonnull (strstr (response->error_message, "secure.test"));
}

static void
test_bad_urls (Fixture *fixture, gconstpointer data)
{
  const char *bad[] = {
    "ftp://site.test/file",  "not a url",          "", "http://", "file:///etc/passwd",
    "http://exa mple.test/", "javascript:alert(1)"
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    collector_get (&fixture->collector, fixture->engine, bad[i]);
  collector_wait (&fixture->collector, G_N_ELEMENTS (bad), 10);
  g_assert_cmpuint (collector_count (&fixture->collector, AURA_HTTP_ERROR_FAILED), ==,
                    G_N_ELEMENTS (bad));
}

/* Limits -------------------------------------------------------------------- */

static void
test_per_host_limit (Fixture *fixture, gconstpointer data)
{
  AuraEngineOptions options = engine_test_options ();
  g_autofree char *target = url (fixture, "busy.test", "/");

  options.max_per_host = 3;
  fixture_reconfigure (fixture, &options);
  aura_test_server_add_response (fixture->server, "busy.test", "/", 200, NULL, "ok", 100);
  for (guint i = 0; i < 15; i++)
    collector_get (&fixture->collector, fixture->engine, target);
  collector_wait (&fixture->collector, 15, 20);
  g_assert_cmpuint (collector_count (&fixture->collector, AURA_HTTP_OK), ==, 15);
  g_assert_cmpuint (aura_test_server_get_max_open (fixture->server, "busy.test"), ==, 3);
}

static void
test_global_limit (Fixture *fixture, gconstpointer data)
{
  AuraEngineOptions options = engine_test_options ();

  options.max_in_flight = 4;
  options.max_per_host = 6;
  fixture_reconfigure (fixture, &options);
  aura_test_server_add_response (fixture->server, NULL, "/", 200, NULL, "ok", 100);
  for (guint host = 0; host < 5; host++)
    for (guint i = 0; i < 5; i++)
      {
        g_autofree char *name = g_strdup_printf ("h%u.test", host);
        g_autofree char *target = url (fixture, name, "/");

        collector_get (&fixture->collector, fixture->engine, target);
      }
  collector_wait (&fixture->collector, 25, 20);
  g_assert_cmpuint (collector_count (&fixture->collector, AURA_HTTP_OK), ==, 25);
  g_assert_cmpuint (aura_test_server_get_max_open (fixture->server, NULL), ==, 4);
}

static void
test_token_bucket (Fixture *fixture, gconstpointer data)
{
  AuraEngineOptions options = engine_test_options ();
  g_autofree char *target = url (fixture, "polite.test", "/");
  g_autoptr (GArray) arrivals = NULL;

  options.host_rate = 10.0;
  options.host_burst = 1;
  fixture_reconfigure (fixture, &options);
  aura_test_server_add_response (fixture->server, "polite.test", "/", 200, NULL, "ok", 0);
  for (guint i = 0; i < 6; i++)
    collector_get (&fixture->collector, fixture->engine, target);
  collector_wait (&fixture->collector, 6, 10);
  arrivals = aura_test_server_get_arrivals (fixture->server, "polite.test", "/");
  g_assert_cmpuint (arrivals->len, ==, 6);
  for (guint i = 1; i < arrivals->len; i++)
    {
      gint64 gap = g_array_index (arrivals, gint64, i) - g_array_index (arrivals, gint64, i - 1);

      /* 100 ms a token; a little slack for the loopback round trip. */
      g_assert_cmpint (gap, >=, 85 * 1000);
    }
}

static gint64
arrival (GArray *arrivals, guint i)
{
  return g_array_index (arrivals, gint64, i);
}

/* A host's own rate (a site's hint) spaces its requests; another host
 * runs unhindered beside it. */
static void
test_host_rate (Fixture *fixture, gconstpointer data)
{
  g_autofree char *slow = url (fixture, "slow.test", "/");
  g_autofree char *fast = url (fixture, "fast.test", "/");
  g_autoptr (GArray) slow_arrivals = NULL;
  g_autoptr (GArray) fast_arrivals = NULL;

  aura_test_server_add_response (fixture->server, "slow.test", "/", 200, NULL, "ok", 0);
  aura_test_server_add_response (fixture->server, "fast.test", "/", 200, NULL, "ok", 0);
  /* Any case: hosts are compared as the URLs' lower-case names. */
  aura_engine_set_host_rate (fixture->engine, "Slow.TEST", 5.0, 1);
  for (guint i = 0; i < 5; i++)
    collector_get (&fixture->collector, fixture->engine, slow);
  for (guint i = 0; i < 20; i++)
    collector_get (&fixture->collector, fixture->engine, fast);
  collector_wait (&fixture->collector, 25, 20);
  g_assert_cmpuint (collector_count (&fixture->collector, AURA_HTTP_OK), ==, 25);
  slow_arrivals = aura_test_server_get_arrivals (fixture->server, "slow.test", "/");
  fast_arrivals = aura_test_server_get_arrivals (fixture->server, "fast.test", "/");
  g_assert_cmpuint (slow_arrivals->len, ==, 5);
  g_assert_cmpuint (fast_arrivals->len, ==, 20);
  for (guint i = 1; i < slow_arrivals->len; i++)
    {
      gint64 gap = arrival (slow_arrivals, i) - arrival (slow_arrivals, i - 1);

      g_test_message ("slow host gap %u: %" G_GINT64_FORMAT " µs", i, gap);
      /* 200 ms a token at 5/s, less the loopback round trip's slack. */
      g_assert_cmpint (gap, >=, 170 * 1000);
    }
  /* The other host was not held back: its twenty requests were all in
   * before the slow host's third (400 ms after its first). */
  g_test_message ("fast host: 20 requests within %" G_GINT64_FORMAT " µs",
                  arrival (fast_arrivals, 19) - arrival (fast_arrivals, 0));
  g_assert_cmpint (arrival (fast_arrivals, 19), <, arrival (slow_arrivals, 2));
}

/* Removing a host's rate frees the requests waiting for a token. */
static void
test_host_rate_removed (Fixture *fixture, gconstpointer data)
{
  g_autofree char *target = url (fixture, "slow.test", "/");
  gint64 start = g_get_monotonic_time ();

  aura_test_server_add_response (fixture->server, "slow.test", "/", 200, NULL, "ok", 0);
  aura_engine_set_host_rate (fixture->engine, "slow.test", 0.5, 1);
  for (guint i = 0; i < 3; i++)
    collector_get (&fixture->collector, fixture->engine, target);
  collector_wait (&fixture->collector, 1, 10);
  /* The other two wait 2 s a token, unless the rate goes. */
  aura_engine_set_host_rate (fixture->engine, "slow.test", 0, 0);
  collector_wait (&fixture->collector, 3, 10);
  g_assert_cmpuint (collector_count (&fixture->collector, AURA_HTTP_OK), ==, 3);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 1500 * 1000);
}

/* With an engine-wide rate too, the stricter applies. */
static void
test_host_rate_stricter_wins (Fixture *fixture, gconstpointer data)
{
  AuraEngineOptions options = engine_test_options ();
  g_autofree char *target = url (fixture, "polite.test", "/");
  g_autoptr (GArray) arrivals = NULL;

  options.host_rate = 5.0;
  options.host_burst = 1;
  fixture_reconfigure (fixture, &options);
  aura_test_server_add_response (fixture->server, "polite.test", "/", 200, NULL, "ok", 0);
  /* A laxer hint does not raise the engine's limit. */
  aura_engine_set_host_rate (fixture->engine, "polite.test", 50.0, 4);
  for (guint i = 0; i < 4; i++)
    collector_get (&fixture->collector, fixture->engine, target);
  collector_wait (&fixture->collector, 4, 10);
  arrivals = aura_test_server_get_arrivals (fixture->server, "polite.test", "/");
  g_assert_cmpuint (arrivals->len, ==, 4);
  for (guint i = 1; i < arrivals->len; i++)
    g_assert_cmpint (arrival (arrivals, i) - arrival (arrivals, i - 1), >=, 170 * 1000);
}

/* Retries ------------------------------------------------------------------- */

static void
test_retry_after_honoured (Fixture *fixture, gconstpointer data)
{
  const char *steps[] = { "429|Retry-After: 1|slow down", "200|welcome", NULL };
  g_autofree char *target = url (fixture, "limited.test", "/");
  gint64 start = g_get_monotonic_time ();
  AuraHttpResponse *response;

  aura_test_server_add_script (fixture->server, "limited.test", "/", steps);
  collector_get (&fixture->collector, fixture->engine, target);
  collector_wait (&fixture->collector, 1, 10);
  response = collector_response (&fixture->collector, 0);
  g_assert_cmpint (response->outcome, ==, AURA_HTTP_OK);
  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpstr (aura_http_response_get_text (response, NULL), ==, "welcome");
  g_assert_cmpuint (response->retries, ==, 1);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 950 * 1000);
}

static void
test_retry_after_beyond_cap (Fixture *fixture, gconstpointer data)
{
  const char *steps[] = { "429|Retry-After: 3600|come back later", "200|never", NULL };
  g_autofree char *target = url (fixture, "limited.test", "/");
  AuraHttpResponse *response;

  aura_test_server_add_script (fixture->server, "limited.test", "/", steps);
  collector_get (&fixture->collector, fixture->engine, target);
  collector_wait (&fixture->collector, 1, 10);
  response = collector_response (&fixture->collector, 0);
  g_assert_cmpint (response->outcome, ==, AURA_HTTP_OK);
  g_assert_cmpuint (response->status, ==, 429);
  g_assert_cmpuint (response->retries, ==, 0);
  g_assert_cmpstr (aura_http_response_get_header (response, "retry-after"), ==, "3600");
}

static void
test_retry_budget_exhausted (Fixture *fixture, gconstpointer data)
{
  g_autofree char *target = url (fixture, "down.test", "/");
  AuraHttpResponse *response;
  AuraEngineStats stats;

  aura_test_server_add_response (fixture->server, "down.test", "/", 503, NULL, "down", 0);
  collector_get (&fixture->collector, fixture->engine, target);
  collector_wait (&fixture->collector, 1, 10);
  response = collector_response (&fixture->collector, 0);
  g_assert_cmpint (response->outcome, ==, AURA_HTTP_OK);
  g_assert_cmpuint (response->status, ==, 503);
  g_assert_cmpuint (response->retries, ==, 2);
  g_assert_cmpuint (aura_test_server_get_hits (fixture->server, "down.test", "/"), ==, 3);
  aura_engine_get_stats (fixture->engine, &stats);
  g_assert_cmpuint (stats.retries, ==, 2);
}

/* Bodies -------------------------------------------------------------------- */

static void
test_body_cap_endless (Fixture *fixture, gconstpointer data)
{
  g_autofree char *target = url (fixture, "endless.test", "/");
  AuraHttpRequest request = AURA_HTTP_REQUEST_INIT;
  AuraHttpResponse *response;
  gsize len = 0;

  aura_test_server_add_stream (fixture->server, "endless.test", "/", 16384, 0);
  request.url = target;
  request.max_body = 100000;
  collector_submit (&fixture->collector, fixture->engine, &request);
  collector_wait (&fixture->collector, 1, 10);
  response = collector_response (&fixture->collector, 0);
  g_assert_cmpint (response->outcome, ==, AURA_HTTP_OK);
  g_assert_true (response->truncated);
  aura_http_response_get_text (response, &len);
  g_assert_cmpuint (len, ==, 100000);
  /* The transfer stopped: the server wrote little more than the cap
   * (socket buffers), nowhere near endless. */
  g_usleep (200 * 1000);
  g_assert_cmpuint (aura_test_server_get_streamed (fixture->server), <, 16 * 1024 * 1024);
}

static void
test_body_default_cap (Fixture *fixture, gconstpointer data)
{
  g_autofree char *target = url (fixture, "huge.test", "/");
  AuraHttpResponse *response;
  gsize len = 0;

  /* A 2 GiB page. */
  aura_test_server_add_stream (fixture->server, "huge.test", "/", 65536,
                               G_GUINT64_CONSTANT (2) << 30);
  collector_get (&fixture->collector, fixture->engine, target);
  collector_wait (&fixture->collector, 1, 20);
  response = collector_response (&fixture->collector, 0);
  g_assert_cmpint (response->outcome, ==, AURA_HTTP_OK);
  g_assert_true (response->truncated);
  aura_http_response_get_text (response, &len);
  g_assert_cmpuint (len, ==, 4 * 1024 * 1024);
  g_assert_cmpuint (aura_test_server_get_streamed (fixture->server), <, 64 * 1024 * 1024);
}

static void
test_gzip (Fixture *fixture, gconstpointer data)
{
  g_autofree char *target = url (fixture, "zip.test", "/");
  g_autoptr (GString) text = g_string_new (NULL);
  AuraHttpResponse *response;

  for (guint i = 0; i < 500; i++)
    g_string_append_printf (text, "line %u: café ☕\n", i);
  aura_test_server_add_gzip (fixture->server, "zip.test", "/", text->str);
  collector_get (&fixture->collector, fixture->engine, target);
  collector_wait (&fixture->collector, 1, 10);
  response = collector_response (&fixture->collector, 0);
  g_assert_cmpint (response->outcome, ==, AURA_HTTP_OK);
  g_assert_cmpstr (aura_http_response_get_text (response, NULL), ==, text->str);
  g_assert_cmpstr (aura_http_response_get_header (response, "content-encoding"), ==, "gzip");
  /* On the wire, compressed. */
  g_assert_cmpuint (response->bytes, <, text->len / 4);
}

/* Redirects ----------------------------------------------------------------- */

static void
test_redirect_followed (Fixture *fixture, gconstpointer data)
{
  g_autofree char *start = url (fixture, "a.test", "/start");
  g_autofree char *middle = url (fixture, "b.test", "/middle");
  AuraHttpResponse *response;

  aura_test_server_add_redirect (fixture->server, "a.test", "/start", 301, middle);
  aura_test_server_add_redirect (fixture->server, "b.test", "/middle", 302, "/end");
  aura_test_server_add_response (fixture->server, "b.test", "/end", 200, NULL, "arrived", 0);
  collector_get (&fixture->collector, fixture->engine, start);
  collector_wait (&fixture->collector, 1, 10);
  response = collector_response (&fixture->collector, 0);
  g_assert_cmpint (response->outcome, ==, AURA_HTTP_OK);
  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpuint (response->n_redirects, ==, 2);
  g_assert_cmpstr (response->url, ==, start);
  g_assert_true (g_str_has_suffix (response->final_url, "/end"));
  g_assert_nonnull (strstr (response->final_url, "b.test"));
  g_assert_cmpstr (aura_http_response_get_text (response, NULL), ==, "arrived");
  /* Only the last response's headers. */
  g_assert_null (aura_http_response_get_header (response, "location"));
}

static void
test_redirect_not_followed (Fixture *fixture, gconstpointer data)
{
  g_autofree char *start = url (fixture, "a.test", "/start");
  g_autofree char *end = url (fixture, "a.test", "/end");
  AuraHttpRequest request = AURA_HTTP_REQUEST_INIT;
  AuraHttpResponse *response;

  aura_test_server_add_redirect (fixture->server, "a.test", "/start", 302, "/end");
  request.url = start;
  request.follow_redirects = FALSE;
  collector_submit (&fixture->collector, fixture->engine, &request);
  collector_wait (&fixture->collector, 1, 10);
  response = collector_response (&fixture->collector, 0);
  g_assert_cmpint (response->outcome, ==, AURA_HTTP_OK);
  g_assert_cmpuint (response->status, ==, 302);
  g_assert_cmpuint (response->n_redirects, ==, 0);
  g_assert_cmpstr (response->redirect_url, ==, end);
  g_assert_cmpuint (aura_test_server_get_hits (fixture->server, "a.test", "/end"), ==, 0);
}

static void
test_redirect_loop (Fixture *fixture, gconstpointer data)
{
  g_autofree char *loop = url (fixture, "loop.test", "/loop");
  AuraHttpRequest request = AURA_HTTP_REQUEST_INIT;
  AuraHttpResponse *response;

  aura_test_server_add_redirect (fixture->server, "loop.test", "/loop", 302, "/loop");
  request.url = loop;
  request.max_redirects = 3;
  collector_submit (&fixture->collector, fixture->engine, &request);
  collector_wait (&fixture->collector, 1, 10);
  response = collector_response (&fixture->collector, 0);
  g_assert_cmpint (response->outcome, ==, AURA_HTTP_ERROR_REDIRECTS);
  g_assert_cmpuint (response->n_redirects, ==, 3);
  g_assert_cmpuint (aura_test_server_get_hits (fixture->server, "loop.test", "/loop"), ==, 4);
}

/* Cancellation -------------------------------------------------------------- */

static void
test_cancel_group (Fixture *fixture, gconstpointer data)
{
  g_autofree char *slow = url (fixture, "slow.test", "/");
  g_autofree char *fast = url (fixture, "fast.test", "/");
  guint64 doomed = aura_engine_new_group (fixture->engine);
  guint64 kept = aura_engine_new_group (fixture->engine);
  AuraHttpRequest request = AURA_HTTP_REQUEST_INIT;

  g_assert_cmpuint (doomed, !=, kept);
  aura_test_server_add_response (fixture->server, "slow.test", "/", 200, NULL, "late", 3000);
  aura_test_server_add_response (fixture->server, "fast.test", "/", 200, NULL, "ok", 200);
  request.group = doomed;
  request.url = slow;
  for (guint i = 0; i < 10; i++)
    collector_submit (&fixture->collector, fixture->engine, &request);
  request.group = kept;
  request.url = fast;
  for (guint i = 0; i < 4; i++)
    collector_submit (&fixture->collector, fixture->engine, &request);
  aura_engine_cancel_group (fixture->engine, doomed);
  /* Late submissions to a cancelled group are cancelled too. */
  request.group = doomed;
  request.url = slow;
  collector_submit (&fixture->collector, fixture->engine, &request);

  collector_wait (&fixture->collector, 15, 10);
  g_assert_cmpuint (collector_count (&fixture->collector, AURA_HTTP_ERROR_CANCELLED), ==, 11);
  g_assert_cmpuint (collector_count (&fixture->collector, AURA_HTTP_OK), ==, 4);
}

static void
test_cancel_all (Fixture *fixture, gconstpointer data)
{
  g_autofree char *slow = url (fixture, "slow.test", "/");
  gint64 start = g_get_monotonic_time ();
  AuraEngineStats stats;

  aura_test_server_add_response (fixture->server, "slow.test", "/", 200, NULL, "late", 5000);
  for (guint i = 0; i < 12; i++)
    collector_get (&fixture->collector, fixture->engine, slow);
  /* Some running, some waiting for a host slot. */
  while (aura_test_server_get_hits (fixture->server, "slow.test", "/") < 6)
    g_usleep (10 * 1000);
  aura_engine_cancel_all (fixture->engine);
  collector_wait (&fixture->collector, 12, 10);
  g_assert_cmpuint (collector_count (&fixture->collector, AURA_HTTP_ERROR_CANCELLED), ==, 12);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
  aura_engine_get_stats (fixture->engine, &stats);
  g_assert_cmpuint (stats.done, ==, 12);
}

static void
test_dispose_in_flight (Fixture *fixture, gconstpointer data)
{
  g_autofree char *slow = url (fixture, "slow.test", "/");
  AuraEngine *engine = g_steal_pointer (&fixture->engine);

  aura_test_server_add_response (fixture->server, "slow.test", "/", 200, NULL, "late", 5000);
  for (guint i = 0; i < 10; i++)
    collector_get (&fixture->collector, engine, slow);
  while (aura_test_server_get_hits (fixture->server, "slow.test", "/") < 6)
    g_usleep (10 * 1000);
  g_object_add_weak_pointer (G_OBJECT (engine), (gpointer *)&engine);
  g_object_unref (engine);
  /* The thread is gone; the cancellations are on their way. */
  collector_wait (&fixture->collector, 10, 10);
  g_assert_cmpuint (collector_count (&fixture->collector, AURA_HTTP_ERROR_CANCELLED), ==, 10);
  g_assert_null (engine);
}

/* Contexts ------------------------------------------------------------------ */

typedef struct
{
  Fixture *fixture;
  char *target;
  gboolean ok;
} ThreadJob;

static gpointer
submitter_thread (gpointer data)
{
  ThreadJob *job = data;
  g_autoptr (GMainContext) context = g_main_context_new ();
  Collector collector;

  g_main_context_push_thread_default (context);
  collector_init (&collector);
  for (guint i = 0; i < 5; i++)
    collector_get (&collector, job->fixture->engine, job->target);
  /* The callbacks check that they run in this context. */
  collector_wait (&collector, 5, 10);
  job->ok = collector_count (&collector, AURA_HTTP_OK) == 5;
  collector_clear (&collector);
  g_main_context_pop_thread_default (context);
  return NULL;
}

static void
test_callbacks_in_submitter_context (Fixture *fixture, gconstpointer data)
{
  g_autofree char *target = url (fixture, "site.test", "/");
  ThreadJob job = { fixture, target, FALSE };
  GThread *thread;

  aura_test_server_add_response (fixture->server, "site.test", "/", 200, NULL, "ok", 50);
  thread = g_thread_new ("submitter", submitter_thread, &job);
  for (guint i = 0; i < 5; i++)
    collector_get (&fixture->collector, fixture->engine, target);
  collector_wait (&fixture->collector, 5, 10);
  g_thread_join (thread);
  g_assert_true (job.ok);
  g_assert_cmpuint (collector_count (&fixture->collector, AURA_HTTP_OK), ==, 5);
}

/* Options ------------------------------------------------------------------- */

static void
test_bad_options (void)
{
  const char *overrides[][2] = {
    { "nocolon", NULL },           { "host:not-an-ip", NULL },     { "*example:127.0.0.1", NULL },
    { ":127.0.0.1", NULL },        { "a*b.test:127.0.0.1", NULL }, { "*.:127.0.0.1", NULL },
    { "héllo:１２７.0.0.1", NULL }
  };
  const char *proxies[][2] = { { "ftp://127.0.0.1:21", NULL },
                               { "not a url", NULL },
                               { "socks4://127.0.0.1:1080", NULL } };
  const char *servers[][2] = { { "127.0.0.1", NULL },
                               { "127.0.0.1:0", NULL },
                               { "localhost:53", NULL },
                               { "127.0.0.1:99999", NULL },
                               { "127.0.0.1:53x", NULL } };

  for (guint i = 0; i < G_N_ELEMENTS (overrides); i++)
    {
      AuraEngineOptions options = { 0 };
      g_autoptr (GError) error = NULL;

      options.host_overrides = overrides[i];
      g_assert_null (aura_engine_new (&options, &error));
      g_assert_error (error, AURA_ENGINE_ERROR, AURA_ENGINE_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "HOST:ADDRESS"));
    }
  for (guint i = 0; i < G_N_ELEMENTS (proxies); i++)
    {
      AuraEngineOptions options = { 0 };
      g_autoptr (GError) error = NULL;

      options.proxies = proxies[i];
      g_assert_null (aura_engine_new (&options, &error));
      g_assert_error (error, AURA_ENGINE_ERROR, AURA_ENGINE_ERROR_INVALID);
    }
  for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
    {
      AuraEngineOptions options = { 0 };
      g_autoptr (GError) error = NULL;

      options.dns_servers = servers[i];
      g_assert_null (aura_engine_new (&options, &error));
      g_assert_error (error, AURA_ENGINE_ERROR, AURA_ENGINE_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "IP:PORT"));
    }
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func)                                                                            \
  g_test_add ("/engine/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("outcome/ok-fills-response", test_ok_response);
  ADD ("outcome/http-status-is-not-an-error", test_status_is_not_error);
  ADD ("outcome/connect-refused", test_connect_refused);
  ADD ("outcome/timeout", test_timeout);
  ADD ("outcome/connection-closed-mid-response", test_broken_connection);
  ADD ("outcome/tls-failure", test_tls_failure);
  ADD ("outcome/bad-urls-fail-cleanly", test_bad_urls);
  ADD ("limits/per-host", test_per_host_limit);
  ADD ("limits/global", test_global_limit);
  ADD ("limits/token-bucket-spacing", test_token_bucket);
  ADD ("limits/host-rate-spaces-one-host", test_host_rate);
  ADD ("limits/host-rate-removed", test_host_rate_removed);
  ADD ("limits/host-rate-stricter-wins", test_host_rate_stricter_wins);
  ADD ("retry/retry-after-honoured", test_retry_after_honoured);
  ADD ("retry/retry-after-beyond-cap-returns-429", test_retry_after_beyond_cap);
  ADD ("retry/503-budget-exhausted", test_retry_budget_exhausted);
  ADD ("body/cap-stops-endless-body", test_body_cap_endless);
  ADD ("body/default-cap-on-2gib-page", test_body_default_cap);
  ADD ("body/gzip-decoded", test_gzip);
  ADD ("redirect/followed-across-hosts", test_redirect_followed);
  ADD ("redirect/not-followed", test_redirect_not_followed);
  ADD ("redirect/loop-gives-up", test_redirect_loop);
  ADD ("cancel/group-while-other-completes", test_cancel_group);
  ADD ("cancel/all", test_cancel_all);
  ADD ("cancel/dispose-with-requests-in-flight", test_dispose_in_flight);
  ADD ("context/callbacks-in-submitter-context", test_callbacks_in_submitter_context);
#undef ADD
  g_test_add_func ("/engine/options/malformed-refused", test_bad_options);
  return g_test_run ();
}
