/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "aura-test-knot.h"
#include "subdomain-test-common.h"

/* The brute force against Knot DNS on loopback: what it finds, CNAMEs,
 * AAAA, wildcards at every level, permutations, its signals and its
 * options. One knot serves every zone of this program. */

static AuraTestKnot *knot;

static const AuraTestZone zones[] = {
  { "plain.test",
    "www A 127.0.0.5\n"
    "api A 127.0.0.6\n"
    "mail A 127.0.0.7\n"
    "mail A 127.0.0.8\n"
    "alias CNAME www\n"
    "chain1 CNAME chain2\n"
    "chain2 CNAME www\n"
    "ext CNAME target.elsewhere.invalid.\n"
    "gone CNAME missing\n"
    "v6 AAAA ::1\n"
    "both A 127.0.0.11\n"
    "both AAAA ::2\n"
    "txtonly TXT \"nothing to see\"\n"
    "api2 A 127.0.0.12\n"
    "dev-api A 127.0.0.13\n"
    "api.eu A 127.0.0.14\n",
    FALSE },
  { "wild.test",
    "* A 127.0.0.9\n"
    "www A 127.0.0.5\n"
    "api A 127.0.0.6\n"
    "same A 127.0.0.9\n",
    FALSE },
  { "nested.test",
    "www A 127.0.0.5\n"
    "dev A 127.0.0.20\n"
    "*.dev A 127.0.0.10\n"
    "staging.dev A 127.0.0.22\n",
    FALSE },
  { "cnamewild.test",
    "* CNAME lb\n"
    "lb A 127.0.0.30\n"
    "www A 127.0.0.31\n"
    "shop CNAME other\n"
    "other A 127.0.0.32\n",
    FALSE },
};

static const char *resolvers[2];

static AuraSubdomainBruteOptions
options_for (const char *domain, const char *const *words)
{
  return (AuraSubdomainBruteOptions){
    .domain = domain,
    .words = words,
    .resolvers = resolvers,
    .timeout_ms = 500,
  };
}

static void
test_plain_zone (void)
{
  const char *const words[] = { "www", "api", "mail", "nothere", "txtonly", "WWW", "vpn", NULL };
  AuraSubdomainBruteOptions options = options_for ("plain.test", words);
  g_autoptr (TestScan) scan = test_scan_run (&options, NULL, NULL);
  const char *const www[] = { "127.0.0.5", NULL };
  const char *const mail[] = { "127.0.0.7", "127.0.0.8", NULL };

  g_assert_no_error (scan->error);
  g_assert_true (scan->ok);
  /* "WWW" is "www" once more; a TXT-only name has no address. */
  g_assert_cmpuint (g_hash_table_size (scan->hits), ==, 3);
  g_assert_true (test_hit_has_addresses (test_scan_hit (scan, "www.plain.test"), www));
  g_assert_true (test_hit_has_addresses (test_scan_hit (scan, "mail.plain.test"), mail));
  g_assert_nonnull (test_scan_hit (scan, "api.plain.test"));
  g_assert_null (test_scan_hit (scan, "www.plain.test")->cname);
  g_assert_false (test_scan_hit (scan, "www.plain.test")->under_wildcard);
  g_assert_false (test_scan_hit (scan, "www.plain.test")->from_permutation);

  g_assert_cmpint (scan->progress->phase, ==, AURA_SUBDOMAIN_PHASE_DONE);
  g_assert_cmpuint (scan->progress->total, ==, 6);
  g_assert_cmpuint (scan->progress->done, ==, 6);
  g_assert_cmpuint (scan->progress->found, ==, 3);
  g_assert_cmpuint (scan->progress->failed, ==, 0);
  g_assert_cmpuint (scan->progress->wildcard_discarded, ==, 0);
  /* Six names and three wildcard probes of the domain. */
  g_assert_cmpuint (scan->progress->sent, ==, 9);
  g_assert_cmpuint (scan->progress->answered, ==, 9);
  g_assert_cmpuint (scan->progress->n_resolvers, ==, 1);
  g_assert_cmpint (scan->progress->resolvers[0].state, ==, AURA_SUBDOMAIN_RESOLVER_HEALTHY);
  g_assert_cmpuint (scan->progress->resolvers[0].answered, ==, 9);
  g_assert_cmpuint (scan->found_batches, >=, 1);
}

static void
test_cnames (void)
{
  const char *const words[] = { "alias", "chain1", "ext", "gone", "missing", NULL };
  AuraSubdomainBruteOptions options = options_for ("plain.test", words);
  g_autoptr (TestScan) scan = test_scan_run (&options, NULL, NULL);
  const char *const www[] = { "127.0.0.5", NULL };
  const char *const nothing[] = { NULL };
  const AuraSubdomainHit *hit;

  g_assert_true (scan->ok);
  hit = test_scan_hit (scan, "alias.plain.test");
  g_assert_cmpstr (hit->cname, ==, "www.plain.test");
  g_assert_true (test_hit_has_addresses (hit, www));
  /* A chain: the name's own target, the addresses of its end. */
  hit = test_scan_hit (scan, "chain1.plain.test");
  g_assert_cmpstr (hit->cname, ==, "chain2.plain.test");
  g_assert_true (test_hit_has_addresses (hit, www));
  /* A dangling alias is found, without addresses. */
  hit = test_scan_hit (scan, "ext.plain.test");
  g_assert_cmpstr (hit->cname, ==, "target.elsewhere.invalid");
  g_assert_true (test_hit_has_addresses (hit, nothing));
  /* Inside the zone, a dangling alias answers NXDOMAIN with the CNAME. */
  hit = test_scan_hit (scan, "gone.plain.test");
  g_assert_cmpstr (hit->cname, ==, "missing.plain.test");
  g_assert_true (test_hit_has_addresses (hit, nothing));
  g_assert_null (test_scan_hit (scan, "missing.plain.test"));
  g_assert_cmpuint (g_hash_table_size (scan->hits), ==, 4);
}

static void
test_aaaa (void)
{
  const char *const words[] = { "v6", "both", "www", "nothere", NULL };
  AuraSubdomainBruteOptions options = options_for ("plain.test", words);
  g_autoptr (TestScan) with = NULL;
  g_autoptr (TestScan) without = NULL;
  const char *const v6[] = { "::1", NULL };
  const char *const both[] = { "127.0.0.11", "::2", NULL };

  options.aaaa = TRUE;
  with = test_scan_run (&options, NULL, NULL);
  g_assert_true (with->ok);
  g_assert_cmpuint (g_hash_table_size (with->hits), ==, 3);
  g_assert_true (test_hit_has_addresses (test_scan_hit (with, "v6.plain.test"), v6));
  g_assert_true (test_hit_has_addresses (test_scan_hit (with, "both.plain.test"), both));
  /* AAAA only for the names that exist: three more queries, not four. */
  g_assert_cmpuint (with->progress->sent, ==, 3 + 4 + 3);

  options.aaaa = FALSE;
  without = test_scan_run (&options, NULL, NULL);
  g_assert_cmpuint (g_hash_table_size (without->hits), ==, 2);
  g_assert_null (test_scan_hit (without, "v6.plain.test"));
}

static void
test_wildcard_zone (void)
{
  g_auto (GStrv) random = test_random_words (300, 7);
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) words = NULL;
  AuraSubdomainBruteOptions options;
  g_autoptr (TestScan) scan = NULL;
  const char *const www[] = { "127.0.0.5", NULL };

  g_strv_builder_addv (builder, (const char **)random);
  g_strv_builder_add_many (builder, "www", "api", "same", NULL);
  words = g_strv_builder_end (builder);
  options = options_for ("wild.test", (const char *const *)words);
  scan = test_scan_run (&options, NULL, NULL);

  g_assert_true (scan->ok);
  /* Not one random word is reported; the real names are, marked. */
  g_assert_cmpuint (g_hash_table_size (scan->hits), ==, 2);
  g_assert_true (test_hit_has_addresses (test_scan_hit (scan, "www.wild.test"), www));
  g_assert_true (test_scan_hit (scan, "www.wild.test")->under_wildcard);
  g_assert_true (test_scan_hit (scan, "api.wild.test")->under_wildcard);
  /* "same" answers exactly as the wildcard does: no DNS answer can tell
   * it apart, so it goes with the wildcard's. */
  g_assert_cmpuint (scan->progress->wildcard_discarded, ==, 301);
  g_assert_cmpuint (scan->progress->done, ==, 303);
}

static void
test_nested_wildcard (void)
{
  const char *const words[] = { "www",         "dev",    "nothere",     "x.dev",
                                "staging.dev", "qa.dev", "nothere.www", NULL };
  AuraSubdomainBruteOptions options = options_for ("nested.test", words);
  g_autoptr (TestScan) scan = test_scan_run (&options, NULL, NULL);
  const char *const staging[] = { "127.0.0.22", NULL };

  g_assert_true (scan->ok);
  g_assert_cmpuint (g_hash_table_size (scan->hits), ==, 3);
  g_assert_nonnull (test_scan_hit (scan, "www.nested.test"));
  g_assert_false (test_scan_hit (scan, "dev.nested.test")->under_wildcard);
  g_assert_true (test_hit_has_addresses (test_scan_hit (scan, "staging.dev.nested.test"), staging));
  g_assert_true (test_scan_hit (scan, "staging.dev.nested.test")->under_wildcard);
  /* x.dev and qa.dev are the *.dev wildcard. */
  g_assert_cmpuint (scan->progress->wildcard_discarded, ==, 2);
  /* Probes: three under the domain, three under dev (www had no hit below it). */
  g_assert_cmpuint (scan->progress->sent, ==, 7 + 6);
}

static void
test_cname_wildcard (void)
{
  g_auto (GStrv) random = test_random_words (50, 11);
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) words = NULL;
  AuraSubdomainBruteOptions options;
  g_autoptr (TestScan) scan = NULL;

  g_strv_builder_addv (builder, (const char **)random);
  g_strv_builder_add_many (builder, "www", "shop", NULL);
  words = g_strv_builder_end (builder);
  options = options_for ("cnamewild.test", (const char *const *)words);
  scan = test_scan_run (&options, NULL, NULL);

  g_assert_true (scan->ok);
  g_assert_cmpuint (g_hash_table_size (scan->hits), ==, 2);
  g_assert_nonnull (test_scan_hit (scan, "www.cnamewild.test"));
  g_assert_cmpstr (test_scan_hit (scan, "shop.cnamewild.test")->cname, ==, "other.cnamewild.test");
  g_assert_cmpuint (scan->progress->wildcard_discarded, ==, 50);
}

static void
test_permutations_pass (void)
{
  const char *const words[] = { "api", "www", NULL };
  AuraSubdomainBruteOptions options = options_for ("plain.test", words);
  g_autoptr (TestScan) first_only = test_scan_run (&options, NULL, NULL);
  g_autoptr (TestScan) both = NULL;

  g_assert_cmpuint (g_hash_table_size (first_only->hits), ==, 2);

  options.permutations = TRUE;
  both = test_scan_run (&options, NULL, NULL);
  g_assert_true (both->ok);
  g_assert_true (test_scan_hit (both, "api2.plain.test")->from_permutation);
  g_assert_true (test_scan_hit (both, "dev-api.plain.test")->from_permutation);
  g_assert_false (test_scan_hit (both, "api.plain.test")->from_permutation);
  g_assert_cmpuint (g_hash_table_size (both->hits), ==, 4);
  /* No word is asked twice: the permutations leave out api and www. */
  g_assert_cmpuint (both->progress->total, ==, 2 + both->progress->done - 2);
  g_assert_cmpuint (both->progress->total, >, 100);

  /* The cap holds. */
  options.max_permutations = 5;
  g_clear_pointer (&both, test_scan_free);
  both = test_scan_run (&options, NULL, NULL);
  g_assert_cmpuint (both->progress->total, ==, 2 + 5);
}

static void
test_signals (void)
{
  g_auto (GStrv) words = test_random_words (600, 3);
  AuraSubdomainBruteOptions options = options_for ("plain.test", (const char *const *)words);
  g_autoptr (TestScan) scan = NULL;

  /* About 0.6 s at 1,000 queries a second: several progress ticks. */
  options.rate = 1000;
  scan = test_scan_run (&options, NULL, NULL);
  g_assert_true (scan->ok);
  g_assert_cmpuint (scan->progress_signals, >=, 3);
  /* At most every 100 ms (a few ms of timer slack allowed). */
  g_assert_cmpint (scan->min_progress_gap, >=, 90 * 1000);
  g_assert_cmpuint (scan->finished_signals, ==, 1);
}

static void
test_wordlist_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("aura-brute-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "words.txt", NULL);
  AuraSubdomainBruteOptions options = options_for ("plain.test", NULL);
  g_autoptr (TestScan) scan = NULL;

  g_assert_no_error (error);
  g_file_set_contents (path, "# hosts\nwww\nbad_word\nMAIL\n\nnothere\n", -1, &error);
  g_assert_no_error (error);
  options.wordlist = path;
  scan = test_scan_run (&options, NULL, NULL);
  g_unlink (path);
  g_rmdir (dir);

  g_assert_true (scan->ok);
  g_assert_cmpuint (g_hash_table_size (scan->hits), ==, 2);
  g_assert_nonnull (test_scan_hit (scan, "mail.plain.test"));
  g_assert_cmpuint (scan->progress->words_rejected, ==, 1);
  g_assert_cmpuint (scan->progress->total, ==, 3);
}

static void
test_international_domain_and_words (void)
{
  const char *const words[] = { "www", "bücher", "-bad", "a_b", NULL };
  AuraSubdomainBruteOptions options = options_for ("PLAIN.test.", words);
  g_autoptr (TestScan) scan = test_scan_run (&options, NULL, NULL);

  g_assert_true (scan->ok);
  g_assert_nonnull (test_scan_hit (scan, "www.plain.test"));
  g_assert_cmpuint (scan->progress->words_rejected, ==, 2);
  g_assert_cmpuint (scan->progress->total, ==, 2);
}

static void
assert_refused (const AuraSubdomainBruteOptions *options, int code, const char *needle)
{
  g_autoptr (GError) error = NULL;
  AuraSubdomainBrute *brute = aura_subdomain_brute_new (options, &error);

  g_assert_null (brute);
  g_assert_error (error, AURA_SUBDOMAIN_ERROR, code);
  if (strstr (error->message, needle) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, needle);
}

static void
test_bad_options (void)
{
  const char *const words[] = { "www", NULL };
  const char *const empty[] = { NULL };
  const char *const bad_resolver[] = { "not-an-ip", NULL };
  const char *const bad_port[] = { "127.0.0.1:70000", NULL };
  AuraSubdomainBruteOptions options = options_for ("plain.test", words);

  options.domain = "exa mple.test";
  assert_refused (&options, AURA_SUBDOMAIN_ERROR_INVALID, "exa mple.test");
  options.domain = "";
  assert_refused (&options, AURA_SUBDOMAIN_ERROR_INVALID, "domain");
  options.domain = "-bad.test";
  assert_refused (&options, AURA_SUBDOMAIN_ERROR_INVALID, "-bad.test");
  options.domain = "plain.test";

  options.retries = 11;
  assert_refused (&options, AURA_SUBDOMAIN_ERROR_INVALID, "11");
  options.retries = 0;
  options.timeout_ms = 120000;
  assert_refused (&options, AURA_SUBDOMAIN_ERROR_INVALID, "120000");
  options.timeout_ms = 0;

  options.words = empty;
  assert_refused (&options, AURA_SUBDOMAIN_ERROR_WORDLIST, "words");
  options.words = NULL;
  options.wordlist = "/nonexistent/words.txt";
  assert_refused (&options, AURA_SUBDOMAIN_ERROR_WORDLIST, "/nonexistent/words.txt");
  options.words = words;

  options.resolvers = bad_resolver;
  assert_refused (&options, AURA_SUBDOMAIN_ERROR_INVALID, "not-an-ip");
  options.resolvers = bad_port;
  assert_refused (&options, AURA_SUBDOMAIN_ERROR_INVALID, "port");
}

static void
test_dispose_while_running (void)
{
  g_auto (GStrv) words = test_random_words (5000, 5);
  AuraSubdomainBruteOptions options = options_for ("plain.test", (const char *const *)words);
  g_autoptr (GError) error = NULL;
  AuraSubdomainBrute *brute;
  gint64 start;

  options.rate = 500;
  brute = aura_subdomain_brute_new (&options, &error);
  g_assert_no_error (error);
  aura_subdomain_brute_start (brute);
  g_usleep (100 * 1000);
  start = g_get_monotonic_time ();
  /* Dropping the last reference stops the worker and joins it. */
  g_assert_finalize_object (brute);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 1000 * 1000);
  /* Nothing is left for the main context to run that would touch it. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static char *skip_reason;

static void
skip_test (void)
{
  g_test_skip (skip_reason);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  knot = aura_test_knot_start (zones, G_N_ELEMENTS (zones), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      skip_reason = g_strdup (error->message);
      g_test_add_func ("/subdomain/brute/needs-knot", skip_test);
      return g_test_run ();
    }
  g_assert_no_error (error);
  resolvers[0] = aura_test_knot_get_server (knot);

  g_test_add_func ("/subdomain/brute/finds-the-names-of-a-plain-zone", test_plain_zone);
  g_test_add_func ("/subdomain/brute/reports-cname-targets", test_cnames);
  g_test_add_func ("/subdomain/brute/asks-aaaa-only-for-names-that-exist", test_aaaa);
  g_test_add_func ("/subdomain/brute/wildcard-zone-gives-no-false-positives", test_wildcard_zone);
  g_test_add_func ("/subdomain/brute/wildcard-below-a-found-name", test_nested_wildcard);
  g_test_add_func ("/subdomain/brute/cname-wildcard", test_cname_wildcard);
  g_test_add_func ("/subdomain/brute/permutations-second-pass", test_permutations_pass);
  g_test_add_func ("/subdomain/brute/signals-in-the-callers-context", test_signals);
  g_test_add_func ("/subdomain/brute/reads-a-wordlist-file", test_wordlist_file);
  g_test_add_func ("/subdomain/brute/normalises-the-domain-and-words",
                   test_international_domain_and_words);
  g_test_add_func ("/subdomain/brute/refuses-bad-options", test_bad_options);
  g_test_add_func ("/subdomain/brute/dispose-while-running", test_dispose_while_running);
  status = g_test_run ();
  aura_test_knot_stop (knot);
  return status;
}
