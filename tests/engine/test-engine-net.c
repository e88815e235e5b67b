/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include <locale.h>
#include <string.h>

#include "aura-test-dns.h"
#include "aura-test-proxy.h"
#include "aura-test-server.h"
#include "engine-test-utils.h"

/* AuraEngine's names and routes: DNS through dnsmasq, host overrides, the
 * loopback-only guard, and proxies. */

static AuraEngine *
engine_new (const AuraEngineOptions *options)
{
  g_autoptr (GError) error = NULL;
  AuraEngine *engine = aura_engine_new (options, &error);

  g_assert_no_error (error);
  return engine;
}

static AuraTestDns *
start_dns (const char *const *hosts)
{
  g_autoptr (GError) error = NULL;
  AuraTestDns *dns = aura_test_dns_start (hosts, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_test_skip (error->message);
      return NULL;
    }
  g_assert_no_error (error);
  return dns;
}

/* DNS ----------------------------------------------------------------------- */

static void
test_dns_resolves_and_caches (void)
{
  const char *hosts[] = { "127.0.0.1 gamma.example", NULL };
  g_autoptr (AuraTestDns) dns = start_dns (hosts);
  g_autoptr (AuraTestServer) server = NULL;
  AuraEngineOptions options = { 0 };
  const char *servers[2] = { NULL, NULL };
  g_autofree char *alpha = NULL;
  g_autofree char *gamma = NULL;
  AuraEngine *engine;
  AuraEngineStats stats;
  Collector collector;

  if (dns == NULL)
    return;
  server = aura_test_server_new ();
  aura_test_server_add_response (server, NULL, "/", 200, NULL, "ok", 20);
  servers[0] = aura_test_dns_get_server (dns);
  options.dns_servers = servers;
  options.loopback_only = TRUE;
  engine = engine_new (&options);
  collector_init (&collector);
  alpha = aura_test_server_url (server, "alpha.test", "/");
  gamma = aura_test_server_url (server, "gamma.example", "/");

  /* Five at once for one name: one query. */
  for (guint i = 0; i < 5; i++)
    collector_get (&collector, engine, alpha);
  collector_wait (&collector, 5, 10);
  aura_engine_get_stats (engine, &stats);
  g_assert_cmpuint (stats.dns_lookups, ==, 1);
  g_assert_cmpuint (stats.dns_cache_hits, ==, 4);

  /* Later, from the cache. */
  collector_get (&collector, engine, alpha);
  collector_get (&collector, engine, gamma);
  collector_wait (&collector, 7, 10);
  g_assert_cmpuint (collector_count (&collector, AURA_HTTP_OK), ==, 7);
  aura_engine_get_stats (engine, &stats);
  g_assert_cmpuint (stats.dns_lookups, ==, 2);
  g_assert_cmpuint (stats.dns_cache_hits, ==, 5);
  g_assert_cmpstr (collector_response (&collector, 6)->primary_ip, ==, "127.0.0.1");
  g_assert_finalize_object (engine);
  collector_clear (&collector);
}

static void
test_dns_nxdomain (void)
{
  g_autoptr (AuraTestDns) dns = start_dns (NULL);
  AuraEngineOptions options = { 0 };
  const char *servers[2] = { NULL, NULL };
  AuraEngine *engine;
  AuraHttpResponse *response;
  Collector collector;

  if (dns == NULL)
    return;
  servers[0] = aura_test_dns_get_server (dns);
  options.dns_servers = servers;
  options.loopback_only = TRUE;
  engine = engine_new (&options);
  collector_init (&collector);
  collector_get (&collector, engine, "http://nobody.nx.invalid:8080/");
  collector_wait (&collector, 1, 10);
  response = collector_response (&collector, 0);
  g_assert_cmpint (response->outcome, ==, AURA_HTTP_ERROR_DNS);
  g_assert_nonnull (strstr (response->error_message, "nobody.nx.invalid"));
  g_assert_cmpuint (response->retries, ==, 0);
  g_assert_finalize_object (engine);
  collector_clear (&collector);
}

/* Overrides and the loopback guard ------------------------------------------ */

static void
test_host_overrides (void)
{
  static const char *const overrides[] = { "exact.example:127.0.0.1", "*.wild.example:127.0.0.1",
                                           NULL };
  g_autoptr (AuraTestServer) server = aura_test_server_new ();
  AuraEngineOptions options = { 0 };
  g_autofree char *exact = aura_test_server_url (server, "exact.example", "/");
  g_autofree char *deep = aura_test_server_url (server, "a.b.wild.example", "/");
  AuraEngine *engine;
  AuraEngineStats stats;
  Collector collector;

  aura_test_server_add_response (server, NULL, "/", 200, NULL, "ok", 0);
  options.host_overrides = overrides;
  options.loopback_only = TRUE;
  engine = engine_new (&options);
  collector_init (&collector);
  collector_get (&collector, engine, exact);
  collector_get (&collector, engine, deep);
  collector_wait (&collector, 2, 10);
  g_assert_cmpuint (collector_count (&collector, AURA_HTTP_OK), ==, 2);
  g_assert_cmpuint (aura_test_server_get_hits (server, NULL, "/"), ==, 2);
  /* Overrides are not DNS. */
  aura_engine_get_stats (engine, &stats);
  g_assert_cmpuint (stats.dns_lookups, ==, 0);
  g_assert_finalize_object (engine);
  collector_clear (&collector);
}

static void
test_loopback_only_refuses (void)
{
  static const char *const overrides[] = { "*.far.example:192.0.2.1", "ten.example:10.255.255.1",
                                           NULL };
  static const char *const proxies[] = { "http://192.0.2.1:3128", NULL };
  AuraEngineOptions options = { 0 };
  gint64 start = g_get_monotonic_time ();
  AuraEngine *engine;
  AuraEngine *proxied;
  Collector collector;

  options.host_overrides = overrides;
  options.loopback_only = TRUE;
  options.connect_timeout_ms = 60000;
  engine = engine_new (&options);
  collector_init (&collector);
  collector_get (&collector, engine, "http://www.far.example/");
  collector_get (&collector, engine, "http://ten.example:8080/");
  collector_get (&collector, engine, "http://10.255.255.1/");
  collector_get (&collector, engine, "http://[2001:db8::1]:80/");
  /* Through a proxy outside loopback: the socket guard refuses it. */
  options.proxies = proxies;
  options.max_retries = -1;
  proxied = engine_new (&options);
  collector_get (&collector, proxied, "http://www.far.example/");
  collector_wait (&collector, 5, 10);
  for (guint i = 0; i < 5; i++)
    {
      AuraHttpResponse *response = collector_response (&collector, i);

      g_assert_cmpint (response->outcome, ==, AURA_HTTP_ERROR_CONNECT);
      g_assert_nonnull (strstr (response->error_message, "loopback"));
    }
  /* Refused before connecting: no connect timeout ran. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  g_assert_finalize_object (engine);
  g_assert_finalize_object (proxied);
  collector_clear (&collector);
}

/* Proxies ------------------------------------------------------------------- */

static void
test_proxy_rotation (void)
{
  g_autoptr (AuraTestServer) server = aura_test_server_new ();
  g_autoptr (AuraTestProxy) one = aura_test_proxy_new (AURA_TEST_PROXY_SOCKS5, NULL, NULL);
  g_autoptr (AuraTestProxy) two = aura_test_proxy_new (AURA_TEST_PROXY_SOCKS5, "user", "sécret");
  g_autoptr (AuraTestProxy) three = aura_test_proxy_new (AURA_TEST_PROXY_HTTP, NULL, NULL);
  g_autofree char *url_one =
      g_strdup_printf ("socks5h://127.0.0.1:%u", aura_test_proxy_get_port (one));
  g_autofree char *url_two =
      g_strdup_printf ("socks5h://user:s%%C3%%A9cret@127.0.0.1:%u", aura_test_proxy_get_port (two));
  g_autofree char *url_three =
      g_strdup_printf ("http://127.0.0.1:%u", aura_test_proxy_get_port (three));
  const char *proxies[] = { url_one, url_two, url_three, NULL };
  AuraEngineOptions options = engine_test_options ();
  AuraEngine *engine;
  Collector collector;

  aura_test_server_add_response (server, NULL, "/", 200, NULL, "ok", 0);
  options.proxies = proxies;
  /* One request per connection, so that every request opens a tunnel. */
  options.max_per_host = 1;
  engine = engine_new (&options);
  collector_init (&collector);
  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *name = g_strdup_printf ("site%u.test", i);
      g_autofree char *target = aura_test_server_url (server, name, "/");

      collector_get (&collector, engine, target);
    }
  collector_wait (&collector, 12, 15);
  g_assert_cmpuint (collector_count (&collector, AURA_HTTP_OK), ==, 12);
  /* Round robin over three proxies. */
  g_assert_cmpuint (aura_test_proxy_get_tunnels (one), ==, 4);
  g_assert_cmpuint (aura_test_proxy_get_tunnels (two), ==, 4);
  g_assert_cmpuint (aura_test_proxy_get_tunnels (three), ==, 4);
  /* socks5h and http proxies resolve names themselves. */
  g_assert_true (aura_test_proxy_saw_name (one, "site0.test"));
  for (guint i = 0; i < 12; i++)
    {
      const char *proxy = collector_response (&collector, i)->proxy;

      g_assert_nonnull (proxy);
      g_assert_null (strstr (proxy, "user"));
      g_assert_null (strstr (proxy, "cret"));
    }
  g_assert_finalize_object (engine);
  collector_clear (&collector);
}

static void
test_proxy_dies_mid_scan (void)
{
  g_autoptr (AuraTestServer) server = aura_test_server_new ();
  AuraTestProxy *proxies[3];
  char *urls[4] = { NULL };
  AuraEngineOptions options = engine_test_options ();
  AuraEngine *engine;
  AuraEngineStats stats;
  Collector collector;
  gboolean killed = FALSE;

  for (guint i = 0; i < 3; i++)
    {
      proxies[i] = aura_test_proxy_new (AURA_TEST_PROXY_SOCKS5, NULL, NULL);
      urls[i] = g_strdup_printf ("socks5h://127.0.0.1:%u", aura_test_proxy_get_port (proxies[i]));
    }
  aura_test_server_add_response (server, NULL, "/", 200, NULL, "ok", 30);
  options.proxies = (const char *const *)urls;
  options.max_retries = 3;
  options.max_per_host = 2;
  engine = engine_new (&options);
  collector_init (&collector);
  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *name = g_strdup_printf ("site%u.test", i % 20);
      g_autofree char *target = aura_test_server_url (server, name, "/");

      collector_get (&collector, engine, target);
    }
  while (collector.responses->len < 60)
    {
      g_main_context_iteration (collector.context, TRUE);
      if (!killed && collector.responses->len >= 10)
        {
          aura_test_proxy_kill (proxies[1]);
          killed = TRUE;
        }
    }
  g_assert_true (killed);
  g_assert_cmpuint (collector_count (&collector, AURA_HTTP_OK), ==, 60);
  aura_engine_get_stats (engine, &stats);
  g_assert_cmpuint (stats.proxies_dead, ==, 1);
  g_assert_cmpuint (stats.retries, >=, 1);
  g_assert_finalize_object (engine);
  collector_clear (&collector);
  for (guint i = 0; i < 3; i++)
    {
      aura_test_proxy_free (proxies[i]);
      g_free (urls[i]);
    }
}

static void
test_all_proxies_dead (void)
{
  g_autoptr (AuraTestProxy) proxy = aura_test_proxy_new (AURA_TEST_PROXY_HTTP, NULL, NULL);
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", aura_test_proxy_get_port (proxy));
  const char *proxies[] = { url, NULL };
  AuraEngineOptions options = engine_test_options ();
  AuraEngine *engine;
  AuraEngineStats stats;
  Collector collector;

  aura_test_proxy_kill (proxy);
  options.proxies = proxies;
  options.max_retries = -1;
  engine = engine_new (&options);
  collector_init (&collector);
  for (guint i = 0; i < 3; i++)
    {
      collector_get (&collector, engine, "http://site.test:9/");
      collector_wait (&collector, i + 1, 10);
    }
  aura_engine_get_stats (engine, &stats);
  g_assert_cmpuint (stats.proxies_dead, ==, 1);
  /* Set aside: the next request is not even tried. */
  collector_get (&collector, engine, "http://site.test:9/");
  collector_wait (&collector, 4, 10);
  g_assert_cmpuint (collector_count (&collector, AURA_HTTP_ERROR_PROXY), ==, 4);
  g_assert_nonnull (strstr (collector_response (&collector, 3)->error_message, "proxy"));
  g_assert_finalize_object (engine);
  collector_clear (&collector);
}

static void
test_http_proxy_connect_tunnel (void)
{
  g_autoptr (AuraTestServer) server = aura_test_server_new ();
  g_autoptr (AuraTestProxy) proxy = aura_test_proxy_new (AURA_TEST_PROXY_HTTP, "me", "pw");
  g_autofree char *url =
      g_strdup_printf ("http://me:pw@127.0.0.1:%u", aura_test_proxy_get_port (proxy));
  g_autofree char *target = aura_test_server_url (server, "tunnel.test", "/");
  const char *proxies[] = { url, NULL };
  const char *headers[] = { "Proxy-Tunnel-Check: yes", NULL };
  AuraEngineOptions options = engine_test_options ();
  AuraHttpRequest request = AURA_HTTP_REQUEST_INIT;
  AuraEngine *engine;
  Collector collector;

  aura_test_server_add_response (server, "tunnel.test", "/", 200, NULL, "through", 0);
  options.proxies = proxies;
  engine = engine_new (&options);
  collector_init (&collector);
  request.url = target;
  request.headers = headers;
  collector_submit (&collector, engine, &request);
  collector_wait (&collector, 1, 10);
  g_assert_cmpint (collector_response (&collector, 0)->outcome, ==, AURA_HTTP_OK);
  g_assert_cmpstr (aura_http_response_get_text (collector_response (&collector, 0), NULL), ==,
                   "through");
  g_assert_true (aura_test_proxy_saw_name (proxy, "tunnel.test"));
  g_assert_finalize_object (engine);
  collector_clear (&collector);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/dns/resolves-coalesces-and-caches", test_dns_resolves_and_caches);
  g_test_add_func ("/engine/dns/nxdomain-is-dns-error", test_dns_nxdomain);
  g_test_add_func ("/engine/override/exact-and-suffix", test_host_overrides);
  g_test_add_func ("/engine/loopback-only/refuses-before-connecting", test_loopback_only_refuses);
  g_test_add_func ("/engine/proxy/round-robin-rotation", test_proxy_rotation);
  g_test_add_func ("/engine/proxy/dead-proxy-dropped-scan-completes", test_proxy_dies_mid_scan);
  g_test_add_func ("/engine/proxy/all-dead-fails-with-proxy-error", test_all_proxies_dead);
  g_test_add_func ("/engine/proxy/http-proxy-with-credentials", test_http_proxy_connect_tunnel);
  return g_test_run ();
}
