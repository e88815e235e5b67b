/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-people: the people-selector tools of issue 6, on loopback.
 *
 * Prints, one per line as `name: value unit`:
 *   registry_load_ms       the whole tool registry (PATH lookups, no probes), median of 7
 *   registry_tools         how many tools it lists
 *   email_checks_s         every bundled email check once, against a server answering at once
 *   email_checks_per_s     checks finished per second in that run (median of 5 runs)
 *   tiktok_page_20mb_ms    a 20 MiB profile page parsed, median of 3
 *   tiktok_analytics_ms    10,000 yt-dlp video lines parsed and analysed
 *   link_out_urls_per_s    phone link-out addresses built per second
 *   peak_rss_mib
 *
 * Run from the build tree: AURA_SOURCE_ROOT=<source> tests/bench/bench-people */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include <libsoup/soup.h>

#include "aura.h"

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y;
}

static double
median (double *values, guint n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static void
bench_registry (void)
{
  double times[7];
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autoptr (AuraToolRegistry) registry = NULL;
      double start = now_ms ();

      registry = aura_tool_registry_load_default (
          NULL, AURA_TOOL_REGISTRY_NO_KEYRING | AURA_TOOL_REGISTRY_NO_PROBE, NULL);
      times[i] = now_ms () - start;
      g_assert_nonnull (registry);
      n = aura_tool_registry_get_n_tools (registry);
    }
  printf ("registry_load_ms: %.1f ms\n", median (times, G_N_ELEMENTS (times)));
  printf ("registry_tools: %u tools\n", n);
}

/* Every path answers 200 with a small JSON object, as fast as it can. */
static void
answer (SoupServer *server,
        SoupServerMessage *msg,
        const char *path,
        GHashTable *query,
        gpointer user_data)
{
  static const char body[] = "{\"status\":1,\"users\":[],\"isEmailAvailable\":true}";

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, body,
                                    sizeof body - 1);
}

static gpointer
server_thread (gpointer data)
{
  GMainContext *context = g_main_context_new ();
  GMainLoop *loop = g_main_loop_new (context, FALSE);
  SoupServer *server;
  GSList *uris;

  g_main_context_push_thread_default (context);
  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, answer, NULL, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, NULL));
  uris = soup_server_get_uris (server);
  *(guint *)data = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
  g_main_loop_run (loop);
  return NULL;
}

static void
bench_email_checks (void)
{
  static guint port = 0;
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraEmailCheckList) list = aura_email_check_list_load_default (&error);
  g_autoptr (AuraEngine) engine = NULL;
  g_autoptr (GPtrArray) overrides = g_ptr_array_new_with_free_func (g_free);
  AuraEngineOptions engine_options = { 0 };
  double times[5], rates[5];
  guint n = 0;

  g_assert_no_error (error);
  g_thread_unref (g_thread_new ("server", server_thread, &port));
  while (g_atomic_int_get (&port) == 0)
    g_usleep (1000);
  for (guint i = 0; i < aura_email_check_list_get_n_checks (list); i++)
    g_ptr_array_add (
        overrides, g_strdup_printf (
                       "%s=http://127.0.0.1:%u",
                       aura_email_check_get_id (aura_email_check_list_get_check (list, i)), port));
  g_ptr_array_add (overrides, NULL);
  engine_options.loopback_only = TRUE;
  engine_options.max_retries = -1;
  engine = aura_engine_new (&engine_options, &error);
  g_assert_no_error (error);

  for (guint r = 0; r < G_N_ELEMENTS (times); r++)
    {
      g_autoptr (AuraEmailCheckRun) run = NULL;
      AuraEmailCheckRunOptions options = { 0 };
      double start;

      options.email = "bench@example.org";
      options.checks = list;
      options.url_overrides = (const char *const *)overrides->pdata;
      options.include_disabled = TRUE;
      options.max_concurrent = 16;
      options.ignore_rate_hints = TRUE;
      run = aura_email_check_run_new (engine, &options, &error);
      g_assert_no_error (error);
      start = now_ms ();
      g_assert_true (aura_email_check_run_run (run, &error));
      times[r] = (now_ms () - start) / 1000.0;
      n = aura_email_check_run_get_n_checks (run);
      rates[r] = n / times[r];
    }
  printf ("email_checks: %u checks\n", n);
  printf ("email_checks_s: %.3f s\n", median (times, G_N_ELEMENTS (times)));
  printf ("email_checks_per_s: %.0f checks/s\n", median (rates, G_N_ELEMENTS (rates)));
}

static void
bench_tiktok (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("AURA_SOURCE_ROOT"), "tests", "tiktok",
                                            "pages", "public.html", NULL);
  g_autofree char *page = NULL;
  g_autoptr (GString) big = NULL;
  g_autoptr (GString) lines = g_string_new (NULL);
  double times[3], start;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &page, &length, NULL));
  /* The profile after 20 MiB of markup, as a heavy page would carry it. */
  big = g_string_sized_new (21 * 1024 * 1024);
  g_string_append (big, "<html><body>");
  while (big->len < 20 * 1024 * 1024)
    g_string_append (big, "<div class=\"filler\"><span>Lorem ipsum dolor sit amet</span></div>\n");
  g_string_append_len (big, page, (gssize)length);
  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autoptr (AuraTikTokProfile) profile = NULL;
      AuraTikTokPageLimits limits = { 64 * 1024 * 1024, 0, 0, 0 };

      start = now_ms ();
      profile = aura_tiktok_parse_profile_page (big->str, big->len, "ada.example", &limits, NULL);
      times[i] = now_ms () - start;
      g_assert_nonnull (profile);
    }
  printf ("tiktok_page_20mb_ms: %.0f ms\n", median (times, G_N_ELEMENTS (times)));

  for (guint i = 0; i < 10000; i++)
    g_string_append_printf (lines,
                            "{\"id\":\"%u\",\"timestamp\":%u,\"view_count\":%u,\"like_count\":%u,"
                            "\"comment_count\":%u,\"repost_count\":%u,\"duration\":%u,"
                            "\"description\":\"video %u #tag%u #common\"}\n",
                            i, 1700000000 + i * 3607, 1000 + i, 100 + i % 50, i % 17, i % 5,
                            10 + i % 50, i, i % 40);
  start = now_ms ();
  {
    g_autoptr (AuraTikTokVideoParse) parsed = aura_tiktok_parse_videos (lines->str, lines->len);
    g_autoptr (AuraTikTokAnalytics) analytics = NULL;
    AuraTikTokAnalyticsOptions options = { 0 };

    analytics = aura_tiktok_analyse_videos (parsed->videos, &options);
    g_assert_cmpuint (analytics->n_videos, ==, 10000);
  }
  printf ("tiktok_analytics_ms: %.0f ms\n", now_ms () - start);
}

static void
bench_link_outs (void)
{
  g_autoptr (AuraLinkOutList) links = aura_link_out_list_load_bundled (NULL);
  guint built = 0;
  double start = now_ms (), elapsed;

  g_assert_nonnull (links);
  for (guint round = 0; round < 200; round++)
    for (guint i = 0; i < aura_link_out_list_get_n_links (links); i++)
      {
        const AuraLinkOut *link = aura_link_out_list_get_link (links, i);
        g_autofree char *url = NULL;

        if (!aura_link_out_takes (link, AURA_ENTITY_PHONE))
          continue;
        url = aura_link_out_build_url (link, AURA_ENTITY_PHONE, "+33 6 12 34 56 78", NULL);
        g_assert_nonnull (url);
        built++;
      }
  elapsed = (now_ms () - start) / 1000.0;
  printf ("link_out_urls_per_s: %.0f urls/s\n", built / elapsed);
}

int
main (int argc, char **argv)
{
  struct rusage usage;

  if (g_getenv ("AURA_SOURCE_ROOT") == NULL)
    g_setenv ("AURA_SOURCE_ROOT", AURA_SOURCE_ROOT, TRUE);
  if (g_getenv ("AURA_SITES_BUNDLED") == NULL)
    {
      g_autofree char *sites = g_build_filename (g_getenv ("AURA_SOURCE_ROOT"), "data", "sites",
                                                 "aura-sites.json", NULL);

      g_setenv ("AURA_SITES_BUNDLED", sites, TRUE);
    }
  g_setenv ("AURA_LOOPBACK_ONLY", "1", TRUE);
  bench_registry ();
  bench_email_checks ();
  bench_tiktok ();
  bench_link_outs ();
  getrusage (RUSAGE_SELF, &usage);
  printf ("peak_rss_mib: %.1f MiB\n", usage.ru_maxrss / 1024.0);
  return 0;
}
