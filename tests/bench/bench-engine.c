/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-bench"
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "aura-test-bench.h"
#include "aura-test-server.h"
#include "aura.h"

/* The engine under a username-sweep load: 3,000 host names
 * (site0001.test … site3000.test) resolved by dnsmasq, each answering one
 * GET after its own delay, drawn uniformly from 50–300 ms with a fixed
 * seed. The server runs in a child process (this program with --serve), so
 * the figures are the engine's alone. Prints "name: value unit" lines.
 * BENCH_NO_DNS=1 aims the names at loopback with a host override instead,
 * to tell DNS time from HTTP time. */

#define N_HOSTS 3000
#define SEED 20240601

static void
site_cb (AuraTestServer *server,
         SoupServerMessage *msg,
         const char *host,
         const char *path,
         gpointer data)
{
  const guint *delays = data;
  guint n = 0;

  if (sscanf (host, "site%u.test", &n) != 1 || n < 1 || n > N_HOSTS)
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }
  aura_test_server_respond_later (server, msg, delays[n], 200, "<html>profile</html>");
}

static int
serve (void)
{
  g_autoptr (AuraTestServer) server = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (SEED);
  guint *delays = g_new0 (guint, N_HOSTS + 1);
  char line[16];

  aura_test_raise_fd_limit ();
  for (guint i = 1; i <= N_HOSTS; i++)
    delays[i] = (guint)g_rand_int_range (rand, 50, 301);
  server = aura_test_server_new ();
  aura_test_server_add_handler (server, NULL, "/", site_cb, delays, g_free);
  printf ("%u\n", aura_test_server_get_port (server));
  fflush (stdout);
  /* Serve until the parent closes our stdin. */
  while (fgets (line, sizeof line, stdin) != NULL)
    ;
  return 0;
}

static void
done_cb (AuraEngine *engine, AuraHttpResponse *response, gpointer data)
{
  guint *counts = data;

  counts[0]++;
  if (response->outcome != AURA_HTTP_OK || response->status != 200)
    {
      if (counts[1] < 5)
        g_printerr ("error: %s %s\n", response->url,
                    response->error_message != NULL ? response->error_message : "");
      counts[1]++;
    }
  aura_http_response_free (response);
}

int
main (int argc, char **argv)
{
  g_autoptr (AuraTestDns) dns = NULL;
  g_autoptr (GSubprocess) child = NULL;
  g_autoptr (AuraEngine) engine = NULL;
  g_autoptr (GError) error = NULL;
  const char *servers[2] = { NULL, NULL };
  AuraEngineOptions options = { 0 };
  AuraEngineStats stats;
  struct rusage usage;
  guint counts[2] = { 0, 0 };
  gint64 start;
  double wall;
  guint port;

  setlocale (LC_ALL, "");
  if (argc > 1 && g_str_equal (argv[1], "--serve"))
    return serve ();
  aura_test_raise_fd_limit ();

  dns = aura_test_bench_dns (N_HOSTS, &error);
  if (dns == NULL)
    g_error ("dnsmasq: %s", error->message);
  child = aura_test_bench_server (argv[0], &port, &error);
  if (child == NULL)
    g_error ("server: %s", error->message);

  servers[0] = aura_test_dns_get_server (dns);
  if (g_getenv ("BENCH_NO_DNS") != NULL)
    {
      static const char *const overrides[] = { "*.test:127.0.0.1", NULL };

      options.host_overrides = overrides;
    }
  else
    options.dns_servers = servers;
  options.loopback_only = TRUE;
  options.max_in_flight = 4000;
  engine = aura_engine_new (&options, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  for (guint i = 1; i <= N_HOSTS; i++)
    {
      g_autofree char *url = g_strdup_printf ("http://site%04u.test:%u/", i, port);
      AuraHttpRequest request = AURA_HTTP_REQUEST_INIT;

      request.url = url;
      aura_engine_submit (engine, &request, done_cb, counts);
    }
  while (counts[0] < N_HOSTS)
    g_main_context_iteration (NULL, TRUE);
  wall = (double)(g_get_monotonic_time () - start) / G_USEC_PER_SEC;

  aura_engine_get_stats (engine, &stats);
  getrusage (RUSAGE_SELF, &usage);
  printf ("requests: %u\n", N_HOSTS);
  printf ("wall_s: %.3f s\n", wall);
  printf ("requests_per_s: %.0f req/s\n", N_HOSTS / wall);
  printf ("peak_rss_mib: %.1f MiB\n", usage.ru_maxrss / 1024.0);
  printf ("dns_lookups: %" G_GUINT64_FORMAT " lookups\n", stats.dns_lookups);
  printf ("errors: %u requests\n", counts[1]);
  printf ("cpu_s: %.2f s\n", usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
                                 usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6);

  g_clear_object (&engine);
  aura_test_bench_server_stop (child);
  getrusage (RUSAGE_CHILDREN, &usage);
  printf ("helpers_cpu_s: %.2f s\n", usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
                                         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6);
  return counts[1] == 0 ? 0 : 1;
}
