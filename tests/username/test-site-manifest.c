/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

/* Aura's site format: the bundled list, validation errors that name the
 * file, the site and the field, round trips, and a very large list. */

#include <glib/gstdio.h>

#include "site-test-utils.h"

static char *
bundled_path (void)
{
  return g_build_filename (g_getenv ("AURA_SOURCE_ROOT"), "data", "sites", "aura-sites.json", NULL);
}

static AuraSiteList *
load_bundled (void)
{
  g_autofree char *path = bundled_path ();
  g_autoptr (GError) error = NULL;
  AuraSiteList *list = aura_site_list_load_file (path, NULL, &error);

  g_assert_no_error (error);
  return list;
}

static void
test_bundled_loads (void)
{
  static const char *const required[] = {
    "TikTok",  "Instagram",  "Facebook",  "X (Twitter)", "LinkedIn",
    "YouTube", "Snapchat",   "Discord",   "Telegram",    "Reddit",
    "GitHub",  "GitLab",     "Twitch",    "Pinterest",   "Medium",
    "Steam",   "SoundCloud", "Spotify",   "Patreon",     "Keybase",
    "Bluesky", "Minecraft",  "Chess.com", "Lichess",     "Mastodon (mastodon.social)",
  };
  g_autoptr (AuraSiteList) list = load_bundled ();
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  guint n = aura_site_list_get_n_sites (list);

  g_assert_cmpuint (n, >=, 60);
  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    if (aura_site_list_lookup (list, required[i]) == NULL)
      g_error ("the bundled list lacks %s", required[i]);

  for (guint i = 0; i < n; i++)
    {
      AuraSite *site = aura_site_list_get_site (list, i);
      const char *known = aura_site_get_known_present (site);
      g_autofree char *random = aura_site_random_username (site, rand);
      g_autofree char *reason = NULL;

      g_assert_cmpstr (aura_site_get_source (site), ==, "aura");
      g_assert_true (g_str_has_prefix (aura_site_get_main_url (site), "https://"));
      g_assert_true (aura_site_get_tags (site)[0] != NULL);
      if (aura_site_get_disabled (site))
        {
          g_assert_nonnull (aura_site_get_disabled_reason (site));
          continue;
        }
      /* A self-test name, and a calibration name, both acceptable there. */
      g_assert_nonnull (known);
      if (!aura_site_check_username (site, known, &reason))
        g_error ("%s: its known name “%s” breaks its rules: %s", aura_site_get_name (site), known,
                 reason);
      g_assert_nonnull (random);
      g_assert_true (aura_site_check_username (site, random, NULL));
    }
}

static void
test_bundled_login_walls (void)
{
  /* A login wall on these sites ends unknown/blocked, never found. */
  static const struct
  {
    const char *site;
    const char *redirect;
    const char *body;
  } walls[] = {
    { "Instagram", "https://www.instagram.com/accounts/login/?next=x", "" },
    { "Facebook", "https://www.facebook.com/login/?next=x", "" },
    { "LinkedIn", "https://www.linkedin.com/authwall?trk=x", "" },
    { "Instagram", NULL, "<title>Login • Instagram</title>" },
  };
  g_autoptr (AuraSiteList) list = load_bundled ();

  for (guint i = 0; i < G_N_ELEMENTS (walls); i++)
    {
      AuraSite *site = aura_site_list_lookup (list, walls[i].site);
      g_autoptr (AuraHttpResponse) response = response_new (200, walls[i].body);
      g_autofree char *reason = NULL;

      if (walls[i].redirect != NULL)
        {
          response->final_url = g_strdup (walls[i].redirect);
          response->n_redirects = 1;
        }
      reason = judge_expect (site, "someone", response, AURA_VERDICT_UNKNOWN, NULL);
      g_assert_true (g_str_has_prefix (reason, "blocked: "));
    }
}

static void
test_bundled_json_api (void)
{
  g_autoptr (AuraSiteList) list = load_bundled ();
  AuraSite *github = aura_site_list_lookup (list, "github");
  g_autoptr (AuraHttpResponse) found =
      response_new (200, "{\"login\": \"Octocat\", \"id\": 1, \"type\": \"User\"}");
  g_autoptr (AuraHttpResponse) missing = response_new (404, "{\"message\": \"Not Found\"}");
  g_autoptr (AuraHttpResponse) limited =
      response_new (403, "{\"message\": \"API rate limit exceeded for 127.0.0.1\"}");
  g_autoptr (AuraSiteProbe) probe = aura_site_build_probe (github, "octocat", NULL);
  g_autofree char *r1 = judge_expect (github, "octocat", found, AURA_VERDICT_FOUND, NULL);
  g_autofree char *r2 = judge_expect (github, "octocat", missing, AURA_VERDICT_NOT_FOUND, NULL);
  g_autofree char *r3 = judge_expect (github, "octocat", limited, AURA_VERDICT_UNKNOWN, NULL);

  g_assert_cmpstr (probe->url, ==, "https://api.github.com/users/octocat");
  g_assert_cmpstr (probe->profile_url, ==, "https://github.com/octocat");
  g_assert_true (g_str_has_prefix (r3, "blocked: "));
  g_assert_true (aura_site_check_username (github, "a-b", NULL));
  g_assert_false (aura_site_check_username (github, "a--b", NULL));
  g_assert_false (aura_site_check_username (github, "-ab", NULL));
}

static void
assert_error_mentions (GError *error, const char *site, const char *field)
{
  g_assert_error (error, AURA_MANIFEST_ERROR, AURA_MANIFEST_ERROR_INVALID);
  if (!g_str_has_prefix (error->message, "inline.json: ") ||
      (site != NULL && strstr (error->message, site) == NULL) ||
      strstr (error->message, field) == NULL)
    g_error ("message “%s” should name inline.json, %s and %s", error->message, site, field);
}

static void
test_invalid_fields (void)
{
  static const struct
  {
    const char *json;
    const char *field;
  } cases[] = {
    { "{\"name\": 5}", "“name”" },
    { "{\"name\": \"S\", \"url\": \"https://s/\", \"profile_url\": \"ftp://s/{username}\", "
      "\"detect\": {\"found\": {\"status\": [200]}}}",
      "“profile_url”" },
    { SITE_JSON ("\"detect\": {\"found\": {\"status\": [\"6xx\"]}}"), "detect.found.status" },
    { SITE_JSON ("\"detect\": {\"found\": {\"status\": \"200\"}}"), "detect.found.status" },
    { SITE_JSON ("\"detect\": {\"found\": {}}"), "detect.found" },
    { SITE_JSON ("\"detect\": {\"found\": [{\"status\": [200]}, {\"text_any\": []}]}"),
      "detect.found[1]" },
    { SITE_JSON ("\"detect\": {\"not_found\": {\"status\": [404]}}"), "detect.found" },
    { SITE_JSON ("\"detect\": {\"found\": {\"status\": [200], \"texts\": [\"x\"]}}"),
      "detect.found.texts" },
    { SITE_JSON ("\"detect\": {\"found\": {\"json\": [{\"path\": \"a..b\"}]}}"),
      "detect.found.json[0].path" },
    { SITE_JSON ("\"detect\": {\"found\": {\"status\": [200]}, \"otherwise\": \"found\"}"),
      "detect.otherwise" },
    { SITE_JSON ("\"method\": \"DELETE\", \"detect\": {\"found\": {\"status\": [200]}}"),
      "“method”" },
    { SITE_JSON ("\"body\": \"x={username}\", \"detect\": {\"found\": {\"status\": [200]}}"),
      "“body”" },
    { SITE_JSON ("\"headers\": {\"Bad Name\": \"x\"}, \"detect\": {\"found\": {\"status\": "
                 "[200]}}"),
      "headers.Bad Name" },
    { SITE_JSON ("\"headers\": {\"X\": \"a\\r\\nInjected: 1\"}, \"detect\": {\"found\": "
                 "{\"status\": [200]}}"),
      "headers.X" },
    { SITE_JSON ("\"username\": {\"regex\": \"([a-z\"}, \"detect\": {\"found\": {\"status\": "
                 "[200]}}"),
      "username.regex" },
    { SITE_JSON ("\"username\": {\"min_length\": 9, \"max_length\": 3}, \"detect\": "
                 "{\"found\": {\"status\": [200]}}"),
      "username.min_length" },
    { SITE_JSON ("\"username\": {\"allowed\": \"z-a\"}, \"detect\": {\"found\": {\"status\": "
                 "[200]}}"),
      "username.allowed" },
    { SITE_JSON ("\"disabled\": true, \"detect\": {\"found\": {\"status\": [200]}}"),
      "disabled_reason" },
    { SITE_JSON ("\"rate\": {\"requests_per_second\": -1}, \"detect\": {\"found\": "
                 "{\"status\": [200]}}"),
      "rate.requests_per_second" },
    { SITE_JSON ("\"tags\": [\"two words\"], \"detect\": {\"found\": {\"status\": [200]}}"),
      "“tags”" },
    { SITE_JSON ("\"tags\": [\"ok\", \"\"], \"detect\": {\"found\": {\"status\": [200]}}"),
      "“tags[1]”" },
    { SITE_JSON ("\"detect\": {\"found\": {\"status\": [200, \"20x\"]}}"),
      "detect.found.status[1]" },
    { SITE_JSON ("\"detect\": {\"found\": {\"json\": [{\"path\": \"a\", \"exists\": 1}]}}"),
      "detect.found.json[0].exists" },
    { SITE_JSON ("\"detect\": {\"found\": {\"header\": {\"Server\": 5}}}"),
      "detect.found.header.Server" },
    { SITE_JSON ("\"detect\": {\"found\": {\"header\": {}}}"), "detect.found.header" },
    { SITE_JSON ("\"username\": {\"lowercase\": \"yes\"}, \"detect\": {\"found\": "
                 "{\"status\": [200]}}"),
      "username.lowercase" },
    { SITE_JSON ("\"rate\": {\"requests_per_second\": 1000.5}, \"detect\": {\"found\": "
                 "{\"status\": [200]}}"),
      "rate.requests_per_second" },
    { SITE_JSON ("\"rate\": {\"max_concurrency\": 65}, \"detect\": {\"found\": "
                 "{\"status\": [200]}}"),
      "rate.max_concurrency" },
    { SITE_JSON ("\"body_type\": \"xml\", \"detect\": {\"found\": {\"status\": [200]}}"),
      "“body_type”" },
    { SITE_JSON ("\"colour\": \"red\", \"detect\": {\"found\": {\"status\": [200]}}"), "“colour”" },
    { "{\"name\": \"S\", \"url\": \"https://s/\", \"profile_url\": \"https://s/\", "
      "\"detect\": {\"found\": {\"status\": [200]}}}",
      "“probe_url”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = site_error (cases[i].json);

      assert_error_mentions (error, NULL, cases[i].field);
    }
  {
    /* Comments and extensions are ignored, not errors. */
    g_autoptr (AuraSite) site = site_from (
        SITE_JSON ("\"_comment\": \"hi\", \"x-vendor\": 1, \"detect\": {\"found\": {\"status\": "
                   "[200]}}"));

    g_assert_cmpstr (aura_site_get_name (site), ==, "Example");
  }
  {
    /* A site's rate hint may go to 1000 requests a second, above the
     * sources' ceiling of 100; defaults hold when the members are absent. */
    g_autoptr (AuraSite) fast =
        site_from (SITE_JSON ("\"rate\": {\"requests_per_second\": 1000, \"max_concurrency\": 64}, "
                              "\"detect\": {\"found\": {\"status\": [200]}}"));
    g_autoptr (AuraSite) plain =
        site_from (SITE_JSON ("\"detect\": {\"found\": {\"status\": [200]}}"));

    g_assert_cmpfloat (aura_site_get_rate (fast), ==, 1000.0);
    g_assert_cmpuint (aura_site_get_max_concurrency (fast), ==, 64);
    g_assert_cmpfloat (aura_site_get_rate (plain), ==, 0.0);
    g_assert_cmpstr (aura_site_get_method (plain), ==, "GET");
  }
  {
    /* Messages read "FILE: site “NAME”: field “FIELD”: …", with the
     * site's name or “?” before it is known. */
    g_autoptr (GError) named = site_error (
        SITE_JSON ("\"method\": \"PUT\", \"detect\": {\"found\": {\"status\": [200]}}"));
    g_autoptr (GError) nameless = site_error ("{\"name\": 5}");

    g_assert_true (
        g_str_has_prefix (named->message, "inline.json: site “Example”: field “method”: "));
    g_assert_nonnull (strstr (named->message, "“POST”"));
    g_assert_true (g_str_has_prefix (nameless->message, "inline.json: site “?”: field “name”: "));
  }
}

static void
test_document_errors (void)
{
  static const struct
  {
    const char *data;
    int code;
  } cases[] = {
    { "{\"format\": \"aura-sites\", \"version\": 1, \"sites\": [", AURA_MANIFEST_ERROR_PARSE },
    { "", AURA_MANIFEST_ERROR_PARSE },
    { "[1, 2]", AURA_MANIFEST_ERROR_FORMAT },
    { "{\"format\": \"aura-sites\", \"version\": 2, \"sites\": []}", AURA_MANIFEST_ERROR_FORMAT },
    { "{\"format\": \"aura-sites\", \"version\": 1, \"sites\": {}}", AURA_MANIFEST_ERROR_FORMAT },
    { "{\"format\": \"aura-sites\", \"version\": 1, \"sites\": [], \"extra\": 1}",
      AURA_MANIFEST_ERROR_FORMAT },
    { "{\"sites\": [{\"name\": \"x\", \"uri_check\": \"https://x/{account}\"}]}",
      AURA_MANIFEST_ERROR_FORMAT },
    { "{\"format\": \"aura-sites\", \"version\": 1, \"sites\": [7]}", AURA_MANIFEST_ERROR_INVALID },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (AuraSiteList) list =
          aura_site_list_load_data (cases[i].data, -1, "doc.json", NULL, &error);

      g_assert_null (list);
      g_assert_error (error, AURA_MANIFEST_ERROR, cases[i].code);
      g_assert_true (strstr (error->message, "doc.json") != NULL);
    }
}

static void
test_report_lists_every_problem (void)
{
  const char *doc =
      "{\"format\": \"aura-sites\", \"version\": 1, \"sites\": ["
      "{\"name\": \"A\", \"url\": \"https://a/\", \"profile_url\": \"https://a/{username}\", "
      "\"detect\": {\"found\": {\"status\": [200]}}},"
      "{\"name\": \"B\", \"url\": \"nope\"},"
      "{\"name\": \"a\", \"url\": \"https://a/\", \"profile_url\": \"https://a/{username}\", "
      "\"detect\": {\"found\": {\"status\": [200]}}},"
      "{\"name\": \"C\", \"url\": \"https://c/\", \"profile_url\": \"https://c/{username}\", "
      "\"detect\": {\"found\": {\"status\": [true]}}}]}";
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraSiteReport) report = NULL;
  g_autoptr (AuraSiteList) list = aura_site_list_load_data (doc, -1, "r.json", &report, &error);
  g_autoptr (AuraSiteList) imported = NULL;
  g_autoptr (AuraSiteReport) import_report = NULL;
  AuraSiteProblem *problem;

  g_assert_null (list);
  g_assert_error (error, AURA_MANIFEST_ERROR, AURA_MANIFEST_ERROR_INVALID);
  g_assert_true (strstr (error->message, "and 2 more problems") != NULL);
  g_assert_nonnull (report);
  g_assert_cmpuint (report->total, ==, 4);
  g_assert_cmpuint (report->mapped, ==, 1);
  g_assert_cmpuint (report->problems->len, ==, 3);
  problem = g_ptr_array_index (report->problems, 1);
  g_assert_cmpstr (problem->site, ==, "a");
  g_assert_true (strstr (problem->message, "same name") != NULL);

  /* Importing is lenient: the good site is kept. */
  g_clear_error (&error);
  imported = aura_site_list_import_data (doc, -1, "r.json", &import_report, &error);
  g_assert_no_error (error);
  g_assert_nonnull (imported);
  g_assert_cmpuint (aura_site_list_get_n_sites (imported), ==, 1);
  g_assert_cmpuint (import_report->mapped + import_report->problems->len, ==, import_report->total);
}

static void
test_round_trip (void)
{
  g_autoptr (AuraSiteList) list = load_bundled ();
  g_autoptr (GError) error = NULL;
  g_autofree char *first = aura_site_list_to_data (list, NULL);
  g_autoptr (AuraSiteList) again = aura_site_list_load_data (first, -1, "copy", NULL, &error);
  g_autofree char *second = NULL;
  g_autofree char *dir = g_dir_make_tmp ("aura-sites-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr (AuraSiteList) saved = NULL;

  g_assert_no_error (error);
  second = aura_site_list_to_data (again, NULL);
  g_assert_cmpstr (first, ==, second);

  path = g_build_filename (dir, "sub", "kept.json", NULL);
  g_assert_true (aura_site_list_save_file (list, path, &error));
  g_assert_no_error (error);
  saved = aura_site_list_load_file (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (aura_site_list_get_n_sites (saved), ==, aura_site_list_get_n_sites (list));
  g_unlink (path);
  {
    g_autofree char *sub = g_path_get_dirname (path);

    g_rmdir (sub);
  }
  g_rmdir (dir);
}

static void
test_lookup_and_merge (void)
{
  g_autoptr (AuraSiteList) list = load_bundled ();
  g_autoptr (AuraSiteList) other = aura_site_list_new ();
  g_autoptr (AuraSite) replacement = site_from (
      "{\"name\": \"GITHUB\", \"url\": \"https://example.com/\", \"profile_url\": "
      "\"https://example.com/{username}\", \"detect\": {\"found\": {\"status\": [200]}}}");
  guint n = aura_site_list_get_n_sites (list);

  g_assert_nonnull (aura_site_list_lookup (list, "gItHuB"));
  g_assert_null (aura_site_list_lookup (list, "no such site"));
  aura_site_list_add (other, replacement);
  aura_site_list_merge (list, other);
  g_assert_cmpuint (aura_site_list_get_n_sites (list), ==, n);
  g_assert_true (aura_site_list_lookup (list, "github") == replacement);
  g_assert_finalize_object (g_steal_pointer (&other));
}

static void
test_huge_manifest (void)
{
  GString *doc = g_string_new ("{\"format\": \"aura-sites\", \"version\": 1, \"sites\": [");
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraSiteList) list = NULL;
  gint64 start;
  double seconds;

  for (guint i = 0; i < 10000; i++)
    g_string_append_printf (
        doc,
        "%s{\"name\": \"Site %u\", \"url\": \"https://s%u.example/\", \"probe_url\": "
        "\"https://api.s%u.example/users/{username}\", \"profile_url\": "
        "\"https://s%u.example/{username}\", \"headers\": {\"Accept\": \"application/json\"}, "
        "\"username\": {\"regex\": \"^[a-z0-9_]{1,%u}$\", \"allowed\": \"a-z0-9_\"}, "
        "\"detect\": {\"found\": {\"status\": [200], \"json\": [{\"path\": \"data.login\", "
        "\"equals\": \"{username}\"}]}, \"not_found\": [{\"status\": [404]}, {\"text_any\": "
        "[\"No such user\", \"Not found\"]}], \"blocked\": {\"redirect\": \"*/login*\"}}, "
        "\"tags\": [\"social\", \"dev\"], \"known_present\": \"abc\"}",
        i ? "," : "", i, i, i, i, 3 + i % 20);
  g_string_append (doc, "]}");

  start = g_get_monotonic_time ();
  list = aura_site_list_load_data (doc->str, (gssize)doc->len, "huge", NULL, &error);
  seconds = (double)(g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  g_assert_no_error (error);
  g_assert_cmpuint (aura_site_list_get_n_sites (list), ==, 10000);
  g_test_message ("10,000 sites (%.1f MB) loaded in %.3f s", doc->len / 1e6, seconds);
  /* Under a second in a plain build (json-glib's parser is about half of
   * it); the bound leaves room for a busy machine, and sanitizers slow it
   * several times. */
#if defined(__SANITIZE_ADDRESS__)
  g_assert_cmpfloat (seconds, <, 15.0);
#else
  g_assert_cmpfloat (seconds, <, 3.0);
#endif
  g_string_free (doc, TRUE);
}

static void
test_too_many_sites (void)
{
  GString *doc = g_string_new ("{\"format\": \"aura-sites\", \"version\": 1, \"sites\": [");
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraSiteList) list = NULL;

  for (guint i = 0; i <= AURA_MANIFEST_MAX_SITES; i++)
    g_string_append (doc, i ? ",0" : "0");
  g_string_append (doc, "]}");
  list = aura_site_list_load_data (doc->str, (gssize)doc->len, "many", NULL, &error);
  g_assert_null (list);
  g_assert_error (error, AURA_MANIFEST_ERROR, AURA_MANIFEST_ERROR_TOO_LARGE);
  g_string_free (doc, TRUE);
}

static void
test_default_list_merges_user_dir (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("aura-sites-XXXXXX", &error);
  g_autofree char *bundled = bundled_path ();
  g_autofree char *good = g_build_filename (dir, "a.json", NULL);
  g_autofree char *bad = g_build_filename (dir, "b.json", NULL);
  g_autoptr (AuraSiteList) list = NULL;
  g_autoptr (AuraSiteReport) report = NULL;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (
      good,
      "{\"format\": \"aura-sites\", \"version\": 1, \"sites\": [{\"name\": \"Mine\", \"url\": "
      "\"https://mine.example/\", \"profile_url\": \"https://mine.example/{username}\", "
      "\"detect\": {\"found\": {\"status\": [200]}}}]}",
      -1, NULL));
  g_assert_true (g_file_set_contents (bad, "{broken", -1, NULL));
  g_setenv ("AURA_SITES_BUNDLED", bundled, TRUE);
  g_setenv ("AURA_SITES_DIR", dir, TRUE);
  list = aura_site_list_load_default (&report, &error);
  g_assert_no_error (error);
  g_assert_nonnull (aura_site_list_lookup (list, "Mine"));
  g_assert_nonnull (aura_site_list_lookup (list, "GitHub"));
  g_assert_cmpuint (report->problems->len, ==, 1);
  g_unlink (good);
  g_unlink (bad);
  g_rmdir (dir);
  g_unsetenv ("AURA_SITES_BUNDLED");
  g_unsetenv ("AURA_SITES_DIR");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/username/manifest/bundled-loads-and-validates", test_bundled_loads);
  g_test_add_func ("/username/manifest/bundled-login-walls-are-blocked", test_bundled_login_walls);
  g_test_add_func ("/username/manifest/bundled-json-api", test_bundled_json_api);
  g_test_add_func ("/username/manifest/errors-name-file-site-field", test_invalid_fields);
  g_test_add_func ("/username/manifest/document-errors", test_document_errors);
  g_test_add_func ("/username/manifest/report-lists-every-problem",
                   test_report_lists_every_problem);
  g_test_add_func ("/username/manifest/round-trip", test_round_trip);
  g_test_add_func ("/username/manifest/lookup-and-merge", test_lookup_and_merge);
  g_test_add_func ("/username/manifest/huge-manifest", test_huge_manifest);
  g_test_add_func ("/username/manifest/too-many-sites", test_too_many_sites);
  g_test_add_func ("/username/manifest/default-list-merges-user-dir",
                   test_default_list_merges_user_dir);
  return g_test_run ();
}
