/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include <string.h>

#include "aura-test-knot.h"
#include "subdomain-test-common.h"

/* The resolver pool of the brute force: loopback-only mode, failover from
 * a dead resolver, a resolver that stops answering mid-scan, every
 * resolver dead, a resolver that refuses, the rate limit and cancelling.
 * Two knots serve the same zone, so one can be paused. */

#define N_WORDS 2000
#define N_REAL 200

static AuraTestKnot *knot_a;
static AuraTestKnot *knot_b;
static GStrv words;
static char *skip_reason;

/* h0000 … h1999; every tenth exists. */
static char *
zone_records (void)
{
  GString *records = g_string_new (NULL);

  for (guint i = 0; i < N_WORDS; i += N_WORDS / N_REAL)
    g_string_append_printf (records, "h%04u A 127.0.1.%u\n", i, i % 250 + 1);
  return g_string_free (records, FALSE);
}

static GStrv
make_words (guint n)
{
  GStrv out = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    out[i] = g_strdup_printf ("h%04u", i);
  return out;
}

static AuraSubdomainBruteOptions
options_for (const char *const *resolvers, guint n_words)
{
  return (AuraSubdomainBruteOptions){
    .domain = "pool.test",
    .words = (const char *const *)words + (N_WORDS - n_words),
    .resolvers = resolvers,
    .timeout_ms = 200,
  };
}

static guint
count_real (TestScan *scan)
{
  guint n = 0;

  for (guint i = 0; i < N_WORDS; i += N_WORDS / N_REAL)
    {
      g_autofree char *name = g_strdup_printf ("h%04u.pool.test", i);

      n += test_scan_hit (scan, name) != NULL;
    }
  return n;
}

static void
test_loopback_only (void)
{
  const char *const outside[] = { "127.0.0.1:53", "192.0.2.1", NULL };
  const char *const outside_v6[] = { "[2001:db8::1]:53", NULL };
  const char *const inside[] = { "127.0.0.2:5353", "::1", "[::1]:53", "127.255.0.1", NULL };
  const char *const mapped[] = { "::ffff:192.0.2.1", NULL };
  const char *const one[] = { "www", NULL };
  AuraSubdomainBruteOptions options = { .domain = "pool.test", .words = one };
  g_autoptr (GError) error = NULL;
  AuraSubdomainBrute *brute;

  /* The tests run with AURA_LOOPBACK_ONLY=1. */
  g_assert_cmpstr (g_getenv ("AURA_LOOPBACK_ONLY"), ==, "1");
  options.resolvers = outside;
  brute = aura_subdomain_brute_new (&options, &error);
  g_assert_null (brute);
  g_assert_error (error, AURA_SUBDOMAIN_ERROR, AURA_SUBDOMAIN_ERROR_NOT_LOOPBACK);
  g_assert_nonnull (strstr (error->message, "192.0.2.1"));
  g_clear_error (&error);

  options.resolvers = outside_v6;
  g_assert_null (aura_subdomain_brute_new (&options, &error));
  g_assert_error (error, AURA_SUBDOMAIN_ERROR, AURA_SUBDOMAIN_ERROR_NOT_LOOPBACK);
  g_clear_error (&error);

  options.resolvers = mapped;
  g_assert_null (aura_subdomain_brute_new (&options, &error));
  g_assert_error (error, AURA_SUBDOMAIN_ERROR, AURA_SUBDOMAIN_ERROR_NOT_LOOPBACK);
  g_clear_error (&error);

  /* The option alone does it too. */
  g_unsetenv ("AURA_LOOPBACK_ONLY");
  options.resolvers = outside;
  options.loopback_only = TRUE;
  brute = aura_subdomain_brute_new (&options, &error);
  g_setenv ("AURA_LOOPBACK_ONLY", "1", TRUE);
  g_assert_null (brute);
  g_assert_error (error, AURA_SUBDOMAIN_ERROR, AURA_SUBDOMAIN_ERROR_NOT_LOOPBACK);
  g_clear_error (&error);

  options.resolvers = inside;
  brute = aura_subdomain_brute_new (&options, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (brute);

  /* No resolver given: /etc/resolv.conf's, refused unless on loopback. */
  options.resolvers = NULL;
  brute = aura_subdomain_brute_new (&options, &error);
  if (brute != NULL)
    g_assert_finalize_object (brute);
  else
    g_assert_true (
        g_error_matches (error, AURA_SUBDOMAIN_ERROR, AURA_SUBDOMAIN_ERROR_NOT_LOOPBACK) ||
        g_error_matches (error, AURA_SUBDOMAIN_ERROR, AURA_SUBDOMAIN_ERROR_NO_RESOLVER));
}

static void
test_failover_from_a_dead_resolver (void)
{
  g_autofree char *closed = test_closed_server ();
  const char *resolvers[] = { closed, aura_test_knot_get_server (knot_a), NULL };
  AuraSubdomainBruteOptions options = options_for (resolvers, 500);
  g_autoptr (TestScan) scan = test_scan_run (&options, NULL, NULL);
  const AuraSubdomainResolverHealth *dead = &scan->progress->resolvers[0];
  const AuraSubdomainResolverHealth *alive = &scan->progress->resolvers[1];

  g_assert_no_error (scan->error);
  g_assert_cmpuint (count_real (scan), ==, 50);
  g_assert_cmpuint (scan->progress->failed, ==, 0);
  g_assert_cmpuint (scan->progress->retries, >, 0);
  g_assert_cmpstr (dead->address, ==, closed);
  g_assert_cmpint (dead->state, !=, AURA_SUBDOMAIN_RESOLVER_HEALTHY);
  g_assert_cmpuint (dead->answered, ==, 0);
  g_assert_cmpuint (dead->errors + dead->timeouts, >=, 5);
  /* Benched early: the dead one got a small share of the queries. */
  g_assert_cmpuint (dead->sent, <, alive->sent / 4);
  g_assert_cmpint (alive->state, ==, AURA_SUBDOMAIN_RESOLVER_HEALTHY);
  g_assert_cmpuint (alive->answered, >=, 500);
}

static void
pause_a_cb (TestScan *scan, const AuraSubdomainProgress *progress, gpointer data)
{
  gboolean *paused = data;

  if (!*paused && progress->sent > 300)
    {
      aura_test_knot_pause (knot_a);
      *paused = TRUE;
    }
}

static void
test_resolver_paused_mid_scan (void)
{
  const char *resolvers[] = { aura_test_knot_get_server (knot_a),
                              aura_test_knot_get_server (knot_b), NULL };
  AuraSubdomainBruteOptions options = options_for (resolvers, N_WORDS);
  g_autoptr (TestScan) scan = NULL;
  gboolean paused = FALSE;

  /* About two seconds of queries: the pause lands mid-scan. */
  options.rate = 1000;
  scan = test_scan_run (&options, pause_a_cb, &paused);
  aura_test_knot_resume (knot_a);

  g_assert_true (paused);
  g_assert_no_error (scan->error);
  g_assert_cmpuint (count_real (scan), ==, N_REAL);
  g_assert_cmpuint (scan->progress->failed, ==, 0);
  g_assert_cmpuint (scan->progress->timeouts, >, 0);
  g_assert_cmpuint (scan->progress->retries, >=, scan->progress->timeouts);
  g_assert_cmpuint (scan->progress->resolvers[0].timeouts, >, 0);
  g_assert_cmpint (scan->progress->resolvers[0].state, !=, AURA_SUBDOMAIN_RESOLVER_HEALTHY);
  g_assert_cmpint (scan->progress->resolvers[1].state, ==, AURA_SUBDOMAIN_RESOLVER_HEALTHY);
  g_assert_cmpuint (scan->progress->resolvers[1].answered, >,
                    scan->progress->resolvers[0].answered);
}

static void
test_all_resolvers_dead (void)
{
  g_autofree char *closed1 = test_closed_server ();
  g_autofree char *closed2 = test_closed_server ();
  const char *resolvers[] = { closed1, closed2, NULL };
  AuraSubdomainBruteOptions options = options_for (resolvers, 100);
  g_autoptr (TestScan) scan = test_scan_run (&options, NULL, NULL);

  g_assert_false (scan->ok);
  g_assert_error (scan->error, AURA_SUBDOMAIN_ERROR, AURA_SUBDOMAIN_ERROR_RESOLVERS_DEAD);
  g_assert_nonnull (strstr (scan->error->message, closed1));
  g_assert_nonnull (strstr (scan->error->message, closed2));
  /* Three benches of 250, 500 and 1,000 ms at most, with their trials. */
  g_assert_cmpint (scan->elapsed_us, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpint (scan->progress->resolvers[0].state, ==, AURA_SUBDOMAIN_RESOLVER_DEAD);
  g_assert_cmpint (scan->progress->resolvers[1].state, ==, AURA_SUBDOMAIN_RESOLVER_DEAD);
  g_assert_cmpint (scan->progress->phase, ==, AURA_SUBDOMAIN_PHASE_DONE);
}

static void
test_only_resolver_stops_answering (void)
{
  const char *resolvers[] = { aura_test_knot_get_server (knot_b), NULL };
  AuraSubdomainBruteOptions options = options_for (resolvers, 100);
  g_autoptr (TestScan) scan = NULL;

  aura_test_knot_pause (knot_b);
  scan = test_scan_run (&options, NULL, NULL);
  aura_test_knot_resume (knot_b);

  g_assert_error (scan->error, AURA_SUBDOMAIN_ERROR, AURA_SUBDOMAIN_ERROR_RESOLVERS_DEAD);
  g_assert_cmpuint (scan->progress->resolvers[0].timeouts, >, 0);
  g_assert_cmpint (scan->elapsed_us, <, 6 * G_USEC_PER_SEC);
}

static void
test_refusing_resolver (void)
{
  const char *resolvers[] = { aura_test_knot_get_server (knot_a), NULL };
  AuraSubdomainBruteOptions options = options_for (resolvers, 100);
  g_autoptr (TestScan) scan = NULL;

  /* Knot serves pool.test only: for any other zone it answers REFUSED. */
  options.domain = "elsewhere.test";
  scan = test_scan_run (&options, NULL, NULL);
  g_assert_error (scan->error, AURA_SUBDOMAIN_ERROR, AURA_SUBDOMAIN_ERROR_RESOLVERS_DEAD);
  g_assert_cmpuint (scan->progress->resolvers[0].refused, >, 0);
  g_assert_cmpuint (scan->progress->resolvers[0].answered, ==, 0);
  g_assert_nonnull (strstr (scan->error->message, "refused"));
}

static void
test_rate_limit (void)
{
  const char *resolvers[] = { aura_test_knot_get_server (knot_a), NULL };
  AuraSubdomainBruteOptions options = options_for (resolvers, 150);
  g_autoptr (TestScan) scan = NULL;
  double expected;

  options.rate = 300;
  scan = test_scan_run (&options, NULL, NULL);
  g_assert_no_error (scan->error);
  g_assert_cmpuint (scan->progress->sent, ==, 153);
  /* The bucket starts with one token and holds at most rate / 50. */
  expected = (scan->progress->sent - 6) / 300.0;
  g_assert_cmpfloat (scan->elapsed_us / 1e6, >=, expected);
  g_assert_cmpfloat (scan->elapsed_us / 1e6, <, expected * 2 + 0.5);
}

static gboolean
cancel_cb (gpointer data)
{
  aura_subdomain_brute_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (void)
{
  const char *resolvers[] = { aura_test_knot_get_server (knot_a), NULL };
  AuraSubdomainBruteOptions options = options_for (resolvers, N_WORDS);
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraSubdomainProgress) progress = NULL;
  AuraSubdomainBrute *brute;
  gint64 start;

  /* Four seconds of work, cancelled after 300 ms. */
  options.rate = 500;
  brute = aura_subdomain_brute_new (&options, &error);
  g_assert_no_error (error);
  g_timeout_add (300, cancel_cb, brute);
  start = g_get_monotonic_time ();
  g_assert_false (aura_subdomain_brute_run (brute, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 800 * 1000);
  g_assert_true (aura_subdomain_brute_is_finished (brute));
  progress = aura_subdomain_brute_get_progress (brute);
  g_assert_cmpuint (progress->sent, >, 50);
  g_assert_cmpuint (progress->sent, <, 600);
  g_assert_cmpint (progress->phase, ==, AURA_SUBDOMAIN_PHASE_DONE);
  g_assert_finalize_object (brute);
}

static void
skip_test (void)
{
  g_test_skip (skip_reason);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *records = zone_records ();
  const AuraTestZone zone = { "pool.test", records, FALSE };
  int status;

  g_test_init (&argc, &argv, NULL);
  knot_a = aura_test_knot_start (&zone, 1, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      skip_reason = g_strdup (error->message);
      g_test_add_func ("/subdomain/resolvers/needs-knot", skip_test);
      return g_test_run ();
    }
  g_assert_no_error (error);
  knot_b = aura_test_knot_start (&zone, 1, &error);
  g_assert_no_error (error);
  words = make_words (N_WORDS);

  g_test_add_func ("/subdomain/resolvers/loopback-only-refuses-before-sending", test_loopback_only);
  g_test_add_func ("/subdomain/resolvers/failover-from-a-dead-resolver",
                   test_failover_from_a_dead_resolver);
  g_test_add_func ("/subdomain/resolvers/resolver-paused-mid-scan", test_resolver_paused_mid_scan);
  g_test_add_func ("/subdomain/resolvers/all-dead-ends-with-an-error", test_all_resolvers_dead);
  g_test_add_func ("/subdomain/resolvers/only-resolver-stops-answering",
                   test_only_resolver_stops_answering);
  g_test_add_func ("/subdomain/resolvers/refusing-resolver", test_refusing_resolver);
  g_test_add_func ("/subdomain/resolvers/rate-limit-is-respected", test_rate_limit);
  g_test_add_func ("/subdomain/resolvers/cancel-stops-promptly", test_cancel);
  status = g_test_run ();
  aura_test_knot_stop (knot_a);
  aura_test_knot_stop (knot_b);
  g_strfreev (words);
  g_free (skip_reason);
  return status;
}
