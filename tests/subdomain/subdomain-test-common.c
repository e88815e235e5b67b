/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include <gio/gio.h>

#include "subdomain-test-common.h"

typedef struct
{
  TestScan *scan;
  GThread *thread;
  gint64 last_progress;
  TestProgressFunc on_progress;
  gpointer data;
} Watch;

static void
found_cb (AuraSubdomainBrute *brute, GPtrArray *hits, gpointer data)
{
  Watch *watch = data;

  watch->scan->found_batches++;
  if (g_thread_self () != watch->thread)
    watch->scan->wrong_thread = TRUE;
  for (guint i = 0; i < hits->len; i++)
    {
      AuraSubdomainHit *hit = g_ptr_array_index (hits, i);

      g_assert_false (g_hash_table_contains (watch->scan->hits, hit->name));
      g_hash_table_insert (watch->scan->hits, hit->name, hit);
    }
}

static void
progress_cb (AuraSubdomainBrute *brute, const AuraSubdomainProgress *progress, gpointer data)
{
  Watch *watch = data;
  gint64 now = g_get_monotonic_time ();

  if (g_thread_self () != watch->thread)
    watch->scan->wrong_thread = TRUE;
  if (watch->last_progress != 0)
    watch->scan->min_progress_gap = MIN (watch->scan->min_progress_gap, now - watch->last_progress);
  watch->last_progress = now;
  watch->scan->progress_signals++;
  if (watch->on_progress != NULL)
    watch->on_progress (watch->scan, progress, watch->data);
}

static void
finished_cb (AuraSubdomainBrute *brute, gpointer data)
{
  Watch *watch = data;

  watch->scan->finished_signals++;
  if (g_thread_self () != watch->thread)
    watch->scan->wrong_thread = TRUE;
}

TestScan *
test_scan_run (const AuraSubdomainBruteOptions *options,
               TestProgressFunc on_progress,
               gpointer data)
{
  TestScan *scan = g_new0 (TestScan, 1);
  Watch watch = { scan, g_thread_self (), 0, on_progress, data };
  gint64 start;

  scan->hits = g_hash_table_new (g_str_hash, g_str_equal);
  scan->min_progress_gap = G_MAXINT64;
  scan->brute = aura_subdomain_brute_new (options, &scan->error);
  g_assert_no_error (scan->error);
  g_signal_connect (scan->brute, "found", G_CALLBACK (found_cb), &watch);
  g_signal_connect (scan->brute, "progress", G_CALLBACK (progress_cb), &watch);
  g_signal_connect (scan->brute, "finished", G_CALLBACK (finished_cb), &watch);
  start = g_get_monotonic_time ();
  scan->ok = aura_subdomain_brute_run (scan->brute, &scan->error);
  scan->elapsed_us = g_get_monotonic_time () - start;
  g_signal_handlers_disconnect_by_data (scan->brute, &watch);
  scan->progress = aura_subdomain_brute_get_progress (scan->brute);
  g_assert_true (aura_subdomain_brute_is_finished (scan->brute));
  g_assert_cmpuint (scan->finished_signals, ==, 1);
  g_assert_false (scan->wrong_thread);
  /* Every hit reported went through "found". */
  g_assert_cmpuint (aura_subdomain_brute_get_hits (scan->brute)->len, ==,
                    g_hash_table_size (scan->hits));
  return scan;
}

void
test_scan_free (TestScan *scan)
{
  if (scan == NULL)
    return;
  g_hash_table_unref (scan->hits);
  if (scan->brute != NULL)
    g_assert_finalize_object (scan->brute);
  g_clear_error (&scan->error);
  aura_subdomain_progress_free (scan->progress);
  g_free (scan);
}

const AuraSubdomainHit *
test_scan_hit (TestScan *scan, const char *name)
{
  return g_hash_table_lookup (scan->hits, name);
}

gboolean
test_hit_has_addresses (const AuraSubdomainHit *hit, const char *const *expected)
{
  if (g_strv_length (hit->addresses) != g_strv_length ((char **)expected))
    return FALSE;
  for (guint i = 0; expected[i] != NULL; i++)
    if (!g_strv_contains ((const char *const *)hit->addresses, expected[i]))
      return FALSE;
  return TRUE;
}

char *
test_closed_server (void)
{
  g_autoptr (GSocket) socket =
      g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, NULL);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  guint16 port;

  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  /* Closed again: the port answers "unreachable" from now on. */
  g_socket_close (socket, NULL);
  return g_strdup_printf ("127.0.0.1:%u", port);
}

GStrv
test_random_words (guint n, guint32 seed)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  GStrv words = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    {
      char label[11];

      label[0] = 'q';
      for (guint k = 1; k < 10; k++)
        label[k] = "abcdefghijklmnopqrstuvwxyz0123456789"[g_rand_int_range (rand, 0, 36)];
      label[10] = '\0';
      words[i] = g_strdup_printf ("%s%u", label, i);
    }
  return words;
}
