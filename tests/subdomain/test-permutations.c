/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include <string.h>

#include "aura-subdomain.h"

static GStrv
permute (const char *const *found, guint max)
{
  GStrv out = aura_subdomain_permutations (found, max);

  g_assert_nonnull (out);
  return out;
}

static void
assert_contains_all (GStrv out, const char *const *expected)
{
  for (guint i = 0; expected[i] != NULL; i++)
    if (!g_strv_contains ((const char *const *)out, expected[i]))
      g_error ("“%s” is missing from the permutations", expected[i]);
}

static void
test_numbers (void)
{
  const char *const found[] = { "api", "web2", "db02", "node-7", NULL };
  const char *const expected[] = { "api1", "api2", "api3",   "api01",  "api-1", "api-01",
                                   "web1", "web3", "web4",   "web",    "db01",  "db03",
                                   "db04", "db",   "node-6", "node-8", "node",  NULL };
  g_auto (GStrv) out = permute (found, 0);

  assert_contains_all (out, expected);
  g_assert_false (g_strv_contains ((const char *const *)out, "web2"));
}

static void
test_environments (void)
{
  const char *const found[] = { "api", NULL };
  const char *const expected[] = { "dev-api", "api-dev",     "dev.api",     "api.dev", "devapi",
                                   "apidev",  "staging-api", "api-staging", "qa-api",  "api-prod",
                                   "uat.api", "apiuat",      NULL };
  g_auto (GStrv) out = permute (found, 0);

  assert_contains_all (out, expected);
}

static void
test_split_and_join (void)
{
  const char *const found[] = { "api-v2", NULL };
  const char *const expected[] = { "api", "v2", "apiv2", NULL };
  g_auto (GStrv) out = permute (found, 0);

  assert_contains_all (out, expected);
}

static void
test_environment_swaps (void)
{
  const char *const found[] = { "dev-api", NULL };
  const char *const expected[] = { "staging-api", "qa-api", "prod-api", "uat-api", NULL };
  g_auto (GStrv) out = permute (found, 0);

  assert_contains_all (out, expected);
  /* The environment is swapped, not added a second time. */
  g_assert_false (g_strv_contains ((const char *const *)out, "dev-dev-api"));
}

static void
test_word_swaps (void)
{
  const char *const found[] = { "api", "mail-dev", NULL };
  const char *const expected[] = { "api-dev", "mail-api", NULL };
  g_auto (GStrv) out = permute (found, 0);

  assert_contains_all (out, expected);
}

static void
test_later_labels_are_kept (void)
{
  const char *const found[] = { "web1.eu", NULL };
  const char *const expected[] = { "web2.eu", "web.eu", "dev-web1.eu", NULL };
  g_auto (GStrv) out = permute (found, 0);

  assert_contains_all (out, expected);
  for (guint i = 0; out[i] != NULL; i++)
    g_assert_true (g_str_has_suffix (out[i], ".eu"));
}

static void
test_valid_unique_and_new (void)
{
  g_autofree char *label = g_strnfill (62, 'a');
  const char *const found[] = { "api", "api1", "api-v2", "web2", label, NULL };
  g_auto (GStrv) out = permute (found, 0);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (g_strv_length (out), >, 100);
  for (guint i = 0; out[i] != NULL; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *normal = aura_wordlist_normalize_word (out[i], &error);

      /* A valid host name, already in its normal form. */
      g_assert_no_error (error);
      g_assert_cmpstr (normal, ==, out[i]);
      g_assert_cmpuint (strlen (out[i]), <=, 200);
      g_assert_false (g_strv_contains (found, out[i]));
      g_assert_true (g_hash_table_add (seen, out[i]));
    }
  /* The 62-byte label took no environment suffix past 63 bytes. */
  g_assert_false (
      g_strv_contains ((const char *const *)out,
                       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-dev"));
}

static void
test_cap_and_fairness (void)
{
  const char *const found[] = { "api", "web", NULL };
  g_auto (GStrv) out = permute (found, 12);
  g_autoptr (GPtrArray) many = g_ptr_array_new_with_free_func (g_free);
  g_auto (GStrv) capped = NULL;
  g_auto (GStrv) unbounded = NULL;

  /* Twelve: the six number forms of each name, both names served. */
  g_assert_cmpuint (g_strv_length (out), ==, 12);
  g_assert_true (g_strv_contains ((const char *const *)out, "api1"));
  g_assert_true (g_strv_contains ((const char *const *)out, "web-01"));

  /* 200 names make some 40,000 candidates. */
  for (guint i = 0; i < 200; i++)
    g_ptr_array_add (many, g_strdup_printf ("host%c%u", 'a' + i % 26, i));
  g_ptr_array_add (many, NULL);
  capped = permute ((const char *const *)many->pdata, 0);
  g_assert_cmpuint (g_strv_length (capped), ==, AURA_SUBDOMAIN_DEFAULT_MAX_PERMUTATIONS);
  unbounded = permute ((const char *const *)many->pdata, 1000000);
  g_assert_cmpuint (g_strv_length (unbounded), >, AURA_SUBDOMAIN_DEFAULT_MAX_PERMUTATIONS);
}

static void
test_hostile_input (void)
{
  g_autofree char *huge = g_strnfill (300, 'x');
  const char *const found[] = { "",   "bad_name", "-x",       "x-",          "a..b",
                                huge, "API",      "\xff\xfe", "caf\xc3\xa9", NULL };
  g_auto (GStrv) out = permute (found, 0);
  const char *const empty[] = { NULL };
  g_auto (GStrv) none = permute (empty, 0);

  /* Only "API" is usable, lower-cased. */
  g_assert_true (g_strv_contains ((const char *const *)out, "api1"));
  for (guint i = 0; out[i] != NULL; i++)
    {
      g_assert_null (strchr (out[i], '_'));
      g_assert_true (g_str_is_ascii (out[i]));
      g_assert_false (g_str_has_prefix (out[i], "xxxxxxxx"));
    }
  g_assert_cmpuint (g_strv_length (none), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/subdomain/permutations/numbers", test_numbers);
  g_test_add_func ("/subdomain/permutations/environments", test_environments);
  g_test_add_func ("/subdomain/permutations/split-and-join", test_split_and_join);
  g_test_add_func ("/subdomain/permutations/environment-swaps", test_environment_swaps);
  g_test_add_func ("/subdomain/permutations/word-swaps", test_word_swaps);
  g_test_add_func ("/subdomain/permutations/later-labels-are-kept", test_later_labels_are_kept);
  g_test_add_func ("/subdomain/permutations/valid-unique-and-new", test_valid_unique_and_new);
  g_test_add_func ("/subdomain/permutations/capped-and-fair", test_cap_and_fairness);
  g_test_add_func ("/subdomain/permutations/hostile-input", test_hostile_input);
  return g_test_run ();
}
