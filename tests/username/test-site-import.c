/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

/* The community formats: the real peer lists (read where they are, never
 * copied), and small inline samples written here for each format, judged on
 * hand-made responses to check that the import keeps their meaning. */

#include "site-test-utils.h"

static AuraSiteList *
import_inline (const char *json, AuraSiteFormat format, AuraSiteReport **out_report)
{
  g_autoptr (GError) error = NULL;
  AuraSiteList *list = aura_site_list_import_data (json, -1, "sample", out_report, &error);

  g_assert_no_error (error);
  g_assert_cmpint ((*out_report)->format, ==, format);
  g_assert_cmpuint ((*out_report)->mapped + (*out_report)->problems->len, ==, (*out_report)->total);
  return list;
}

static const char *
problem_for (AuraSiteReport *report, const char *site)
{
  for (guint i = 0; i < report->problems->len; i++)
    {
      AuraSiteProblem *problem = g_ptr_array_index (report->problems, i);

      if (g_strcmp0 (problem->site, site) == 0)
        return problem->message;
    }
  return NULL;
}

static AuraVerdict
judge (AuraSite *site, const char *username, AuraHttpResponse *response)
{
  g_autofree char *reason = NULL;

  return aura_site_judge (site, username, response, &reason, NULL);
}

static void
test_peer_file (gconstpointer data)
{
  const char *const *spec = data;
  g_autofree char *path = g_build_filename (g_getenv ("AURA_PEERS_DIR"), spec[0], NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraSiteReport) report = NULL;
  g_autoptr (AuraSiteList) list = NULL;
  g_autoptr (AuraSiteList) reloaded = NULL;
  g_autofree char *saved = NULL;
  guint64 expected_total = g_ascii_strtoull (spec[2], NULL, 10);
  gint64 start;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("the peer lists are not on this machine");
      return;
    }
  start = g_get_monotonic_time ();
  list = aura_site_list_import_file (path, &report, &error);
  g_assert_no_error (error);
  g_test_message ("%s: %u of %u mapped, %u reported, in %" G_GINT64_FORMAT " ms", spec[0],
                  report->mapped, report->total, report->problems->len,
                  (g_get_monotonic_time () - start) / 1000);
  g_assert_cmpstr (aura_site_format_to_string (report->format), ==, spec[1]);
  g_assert_cmpuint (report->total, ==, expected_total);
  /* Every site is either mapped or reported with a reason. */
  g_assert_cmpuint (report->mapped + report->problems->len, ==, report->total);
  g_assert_cmpuint (aura_site_list_get_n_sites (list), ==, report->mapped);
  g_assert_cmpuint (report->mapped, >=, report->total * 9 / 10);
  for (guint i = 0; i < report->problems->len; i++)
    {
      AuraSiteProblem *problem = g_ptr_array_index (report->problems, i);

      g_assert_nonnull (problem->site);
      g_assert_true (problem->message != NULL && *problem->message != '\0');
    }
  for (guint i = 0; i < aura_site_list_get_n_sites (list); i++)
    g_assert_cmpstr (aura_site_get_source (aura_site_list_get_site (list, i)), ==, spec[1]);

  /* Kept in Aura's format, the list loads strictly as it is. */
  saved = aura_site_list_to_data (list, NULL);
  reloaded = aura_site_list_load_data (saved, -1, "saved", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (aura_site_list_get_n_sites (reloaded), ==, report->mapped);

  if (g_str_equal (spec[1], "maigret"))
    {
      g_assert_nonnull (strstr (problem_for (report, "Twitter"), "token pre-request"));
      g_assert_nonnull (strstr (problem_for (report, "QQ"), "identifier"));
    }
}

static void
test_detect_from_content (void)
{
  static const struct
  {
    const char *json;
    AuraSiteFormat format;
  } cases[] = {
    { "{\"$schema\": \"x\", \"A\": {\"errorType\": \"status_code\", \"url\": \"https://a/{}\", "
      "\"urlMain\": \"https://a/\"}}",
      AURA_SITE_FORMAT_SHERLOCK },
    { "{\"sites\": {\"A\": {\"url\": \"https://a/{username}\"}}, \"engines\": {}}",
      AURA_SITE_FORMAT_MAIGRET },
    { "{\"sites\": [{\"name\": \"A\", \"uri_check\": \"https://a/{account}\"}]}",
      AURA_SITE_FORMAT_WHATSMYNAME },
    { "{\"format\": \"aura-sites\", \"version\": 1, \"sites\": []}", AURA_SITE_FORMAT_AURA },
    { "{\"a\": 1, \"b\": [2]}", AURA_SITE_FORMAT_UNKNOWN },
    { "\"just text\"", AURA_SITE_FORMAT_UNKNOWN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (JsonParser) parser = json_parser_new ();

      g_assert_true (json_parser_load_from_data (parser, cases[i].json, -1, NULL));
      g_assert_cmpint (aura_site_format_detect (json_parser_get_root (parser)), ==,
                       cases[i].format);
    }
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (AuraSiteList) list =
        aura_site_list_import_data ("{\"a\": 1}", -1, "what.json", NULL, &error);

    g_assert_null (list);
    g_assert_error (error, AURA_MANIFEST_ERROR, AURA_MANIFEST_ERROR_FORMAT);
  }
}

static const char sherlock_sample[] =
    "{\"$schema\": \"data.schema.json\","
    " \"Stat\": {\"errorType\": \"status_code\", \"url\": \"https://stat.example/{}\", "
    "  \"urlMain\": \"https://stat.example/\", \"username_claimed\": \"blue\", "
    "  \"regexCheck\": \"^[a-z]{2,8}$\", \"isNSFW\": true},"
    " \"Codes\": {\"errorType\": \"status_code\", \"errorCode\": 204, "
    "  \"url\": \"https://codes.example/{}\", \"urlMain\": \"https://codes.example/\"},"
    " \"Msg\": {\"errorType\": \"message\", \"errorMsg\": [\"No user\", \"Gone away\"], "
    "  \"url\": \"https://msg.example/u/{}\", \"urlProbe\": \"https://api.msg.example/{}\", "
    "  \"urlMain\": \"https://msg.example/\", \"headers\": {\"Accept\": \"text/html\"}},"
    " \"Redir\": {\"errorType\": \"response_url\", \"errorUrl\": \"https://redir.example/\", "
    "  \"url\": \"https://redir.example/{}\", \"urlMain\": \"https://redir.example/\"},"
    " \"Post\": {\"errorType\": \"status_code\", \"request_method\": \"POST\", "
    "  \"request_payload\": {\"query\": \"q\", \"variables\": {\"name\": \"{}\"}}, "
    "  \"url\": \"https://post.example/{}\", \"urlProbe\": \"https://post.example/graphql\", "
    "  \"urlMain\": \"https://post.example/\"},"
    " \"Odd\": {\"errorType\": \"telepathy\", \"url\": \"https://odd.example/{}\", "
    "  \"urlMain\": \"https://odd.example/\"},"
    " \"NoUrl\": {\"errorType\": \"status_code\", \"urlMain\": \"https://nourl.example/\"},"
    " \"BadRe\": {\"errorType\": \"status_code\", \"regexCheck\": \"^[a-\", "
    "  \"url\": \"https://badre.example/{}\", \"urlMain\": \"https://badre.example/\"}}";

static void
test_sherlock_sample (void)
{
  g_autoptr (AuraSiteReport) report = NULL;
  g_autoptr (AuraSiteList) list =
      import_inline (sherlock_sample, AURA_SITE_FORMAT_SHERLOCK, &report);
  AuraSite *stat = aura_site_list_lookup (list, "Stat");
  AuraSite *codes = aura_site_list_lookup (list, "Codes");
  AuraSite *msg = aura_site_list_lookup (list, "Msg");
  AuraSite *redir = aura_site_list_lookup (list, "Redir");
  AuraSite *post = aura_site_list_lookup (list, "Post");
  g_autoptr (AuraHttpResponse) ok = response_new (200, "hello");
  g_autoptr (AuraHttpResponse) missing = response_new (404, "");
  g_autoptr (AuraHttpResponse) no_content = response_new (204, "");
  g_autoptr (AuraHttpResponse) msg_missing = response_new (200, "Sorry, Gone away");
  g_autoptr (AuraHttpResponse) moved = response_new (301, "");
  g_autoptr (AuraSiteProbe) msg_probe = NULL;
  g_autoptr (AuraSiteProbe) post_probe = NULL;

  g_assert_cmpuint (report->total, ==, 8);
  g_assert_cmpuint (report->mapped, ==, 5);
  g_assert_nonnull (strstr (problem_for (report, "Odd"), "telepathy"));
  g_assert_nonnull (strstr (problem_for (report, "NoUrl"), "URL"));
  g_assert_nonnull (strstr (problem_for (report, "BadRe"), "username.regex"));

  g_assert_true (aura_site_is_nsfw (stat));
  g_assert_cmpstr (aura_site_get_known_present (stat), ==, "blue");
  g_assert_cmpint (judge (stat, "blue", ok), ==, AURA_VERDICT_FOUND);
  g_assert_cmpint (judge (stat, "blue", missing), ==, AURA_VERDICT_NOT_FOUND);
  g_assert_cmpint (judge (stat, "TOOLONGNAME", ok), ==, AURA_VERDICT_INVALID);
  g_assert_cmpint (judge (codes, "blue", no_content), ==, AURA_VERDICT_NOT_FOUND);
  g_assert_cmpint (judge (msg, "blue", ok), ==, AURA_VERDICT_FOUND);
  g_assert_cmpint (judge (msg, "blue", msg_missing), ==, AURA_VERDICT_NOT_FOUND);
  msg_probe = aura_site_build_probe (msg, "blue", NULL);
  g_assert_cmpstr (msg_probe->url, ==, "https://api.msg.example/blue");
  g_assert_cmpstr (msg_probe->profile_url, ==, "https://msg.example/u/blue");
  g_assert_cmpstr (msg_probe->headers[0], ==, "Accept: text/html");

  moved->redirect_url = g_strdup ("https://redir.example/");
  {
    g_autoptr (AuraSiteProbe) redir_probe = aura_site_build_probe (redir, "blue", NULL);

    g_assert_false (redir_probe->request.follow_redirects);
  }
  g_assert_cmpint (judge (redir, "blue", ok), ==, AURA_VERDICT_FOUND);
  g_assert_cmpint (judge (redir, "blue", moved), ==, AURA_VERDICT_NOT_FOUND);
  post_probe = aura_site_build_probe (post, "bl\"ue", NULL);
  g_assert_cmpstr (post_probe->request.method, ==, "POST");
  g_assert_nonnull (strstr (post_probe->body, "\"name\":\"bl\\\"ue\""));
}

static const char maigret_sample[] =
    "{\"engines\": {\"Forum\": {\"name\": \"Forum\", \"site\": {\"checkType\": \"message\", "
    "  \"absenceStrs\": [\"member cannot be found\"], \"presenseStrs\": [\"memberHeader\"], "
    "  \"url\": \"{urlMain}{urlSubpath}/members/?username={username}\"}}},"
    " \"tags\": [\"forum\"],"
    " \"sites\": {"
    "  \"Board\": {\"engine\": \"Forum\", \"urlMain\": \"https://board.example\", "
    "   \"urlSubpath\": \"/community\", \"tags\": [\"forum\", \"de\"], \"usernameClaimed\": "
    "   \"adam\", \"usernameUnclaimed\": \"noonewouldeverusethis7\"},"
    "  \"Api\": {\"checkType\": \"status_code\", \"urlMain\": \"https://api.example/\", "
    "   \"url\": \"https://api.example/{username}\", \"urlProbe\": "
    "   \"https://api.example/v1/{username}\", \"regexCheck\": \"^[^\\\\u3040-\\\\u30ff]+$\", "
    "   \"headers\": {\"X-Key\": \"1\"}, \"errors\": {\"Please log in\": \"Login required\"}, "
    "   \"requestHeadOnly\": true, \"disabled\": true, \"tags\": [\"porn\"]},"
    "  \"Gql\": {\"checkType\": \"message\", \"presenseStrs\": [\"id\"], \"absenceStrs\": "
    "   [\"null\"], \"urlMain\": \"https://gql.example/\", \"url\": "
    "\"https://gql.example/{username}\", "
    "   \"requestMethod\": \"post\", \"requestPayload\": {\"query\": \"{{ user(name: "
    "   \\\"{username}\\\") {{ id }} }}\"}, \"ignore403\": true},"
    "  \"Token\": {\"checkType\": \"status_code\", \"url\": \"https://t.example/{username}\", "
    "   \"activation\": {\"method\": \"twitter\", \"url\": \"https://t.example/guest\"}},"
    "  \"Ident\": {\"type\": \"steam_id\", \"checkType\": \"status_code\", \"url\": "
    "   \"https://i.example/{username}\"},"
    "  \"Tor\": {\"protocol\": \"tor\", \"checkType\": \"status_code\", \"url\": "
    "   \"http://abc.onion/{username}\"},"
    "  \"Weird\": {\"checkType\": \"ml_model\", \"url\": \"https://w.example/{username}\"},"
    "  \"NoUrl\": {\"checkType\": \"status_code\", \"urlMain\": \"https://n.example/\"},"
    "  \"Ghost\": {\"engine\": \"Nonexistent\", \"urlMain\": \"https://g.example/\"}}}";

static void
test_maigret_sample (void)
{
  g_autoptr (AuraSiteReport) report = NULL;
  g_autoptr (AuraSiteList) list = import_inline (maigret_sample, AURA_SITE_FORMAT_MAIGRET, &report);
  AuraSite *board = aura_site_list_lookup (list, "Board");
  AuraSite *api = aura_site_list_lookup (list, "Api");
  AuraSite *gql = aura_site_list_lookup (list, "Gql");
  g_autoptr (AuraSiteProbe) probe = NULL;
  g_autoptr (AuraSiteProbe) gql_probe = NULL;
  g_autoptr (AuraHttpResponse) member = response_new (200, "<div class=memberHeader>adam</div>");
  g_autoptr (AuraHttpResponse) absent = response_new (200, "The member cannot be found.");
  g_autoptr (AuraHttpResponse) login = response_new (200, "Please log in to continue");
  g_autoptr (AuraHttpResponse) forbidden = response_new (403, "");

  g_assert_cmpuint (report->total, ==, 9);
  g_assert_cmpuint (report->mapped, ==, 3);
  g_assert_nonnull (strstr (problem_for (report, "Token"), "token pre-request"));
  g_assert_nonnull (strstr (problem_for (report, "Ident"), "steam_id"));
  g_assert_nonnull (strstr (problem_for (report, "Tor"), "tor"));
  g_assert_nonnull (strstr (problem_for (report, "Weird"), "ml_model"));
  g_assert_nonnull (strstr (problem_for (report, "NoUrl"), "URL"));
  g_assert_nonnull (strstr (problem_for (report, "Ghost"), "Nonexistent"));

  /* The engine's template, with urlMain and urlSubpath filled in. */
  probe = aura_site_build_probe (board, "adam", NULL);
  g_assert_cmpstr (probe->url, ==, "https://board.example/community/members/?username=adam");
  g_assert_cmpint (judge (board, "adam", member), ==, AURA_VERDICT_FOUND);
  g_assert_cmpint (judge (board, "adam", absent), ==, AURA_VERDICT_NOT_FOUND);
  /* 403 is an error for Maigret unless ignore403. */
  g_assert_cmpint (judge (board, "adam", forbidden), ==, AURA_VERDICT_UNKNOWN);
  g_assert_true (aura_site_has_tag (board, "de"));

  g_assert_true (aura_site_get_disabled (api));
  g_assert_true (aura_site_is_nsfw (api));
  g_assert_cmpstr (aura_site_get_method (api), ==, "HEAD");
  g_assert_cmpstr (aura_site_get_probe_url_template (api), ==, "https://api.example/v1/{username}");
  /* Python's \u escapes work, and exclude the range they name. */
  g_assert_true (aura_site_check_username (api, "plain", NULL));
  g_assert_false (aura_site_check_username (api, "\u3042", NULL));
  g_assert_cmpint (judge (api, "plain", login), ==, AURA_VERDICT_UNKNOWN);

  gql_probe = aura_site_build_probe (gql, "eve", NULL);
  g_assert_cmpstr (gql_probe->request.method, ==, "POST");
  g_assert_cmpstr (gql_probe->body, ==, "{\"query\":\"{ user(name:    \\\"eve\\\") { id } }\"}");
  g_assert_cmpint (judge (gql, "eve", forbidden), ==, AURA_VERDICT_NOT_FOUND);
}

static const char wmn_sample[] =
    "{\"license\": [\"x\"], \"categories\": [\"social\"], \"sites\": ["
    " {\"name\": \"Both\", \"uri_check\": \"https://both.example/api/{account}\", "
    "  \"uri_pretty\": \"https://both.example/{account}\", \"e_code\": 200, \"e_string\": "
    "  \"\\\"username\\\":\", \"m_code\": 404, \"m_string\": \"not found\", \"known\": "
    "  [\"zed\", \"amy\"], \"cat\": \"social\"},"
    " {\"name\": \"Poster\", \"uri_check\": \"https://poster.example/check\", \"post_body\": "
    "  \"{\\\"u\\\": \\\"{account}\\\"}\", \"headers\": {\"Content-Type\": "
    "  \"application/json\"}, \"e_code\": 200, \"e_string\": \"taken\", \"m_code\": 200, "
    "  \"m_string\": \"available\", \"known\": [\"zed\"], \"cat\": \"xx NSFW xx\", "
    "  \"valid\": false, \"strip_bad_char\": \".\"},"
    " {\"name\": \"Broken\", \"e_code\": 200, \"e_string\": \"x\", \"m_code\": 404, "
    "  \"m_string\": \"y\", \"known\": [], \"cat\": \"misc\"},"
    " {\"name\": \"NoCode\", \"uri_check\": \"https://nocode.example/{account}\", "
    "  \"e_string\": \"x\", \"m_string\": \"y\", \"known\": [], \"cat\": \"misc\"}]}";

static void
test_wmn_sample (void)
{
  g_autoptr (AuraSiteReport) report = NULL;
  g_autoptr (AuraSiteList) list = import_inline (wmn_sample, AURA_SITE_FORMAT_WHATSMYNAME, &report);
  AuraSite *both = aura_site_list_lookup (list, "Both");
  AuraSite *poster = aura_site_list_lookup (list, "Poster");
  g_autoptr (AuraHttpResponse) hit = response_new (200, "{\"username\": \"zed\"}");
  g_autoptr (AuraHttpResponse) miss = response_new (404, "user not found");
  g_autoptr (AuraHttpResponse) odd = response_new (200, "something else");
  g_autoptr (AuraHttpResponse) available = response_new (200, "name available");
  g_autoptr (AuraSiteProbe) probe = NULL;
  g_autofree char *profile = NULL;

  g_assert_cmpuint (report->total, ==, 4);
  g_assert_cmpuint (report->mapped, ==, 2);
  g_assert_nonnull (strstr (problem_for (report, "Broken"), "URL"));
  g_assert_nonnull (strstr (problem_for (report, "NoCode"), "e_code"));

  g_assert_cmpstr (aura_site_get_known_present (both), ==, "zed");
  g_assert_cmpstr (aura_site_get_main_url (both), ==, "https://both.example/");
  profile = aura_site_format_profile_url (both, "zed");
  g_assert_cmpstr (profile, ==, "https://both.example/zed");
  g_assert_cmpint (judge (both, "zed", hit), ==, AURA_VERDICT_FOUND);
  g_assert_cmpint (judge (both, "zed", miss), ==, AURA_VERDICT_NOT_FOUND);
  /* Neither rule: WhatsMyName says no answer. */
  g_assert_cmpint (judge (both, "zed", odd), ==, AURA_VERDICT_UNKNOWN);

  g_assert_true (aura_site_get_disabled (poster));
  g_assert_true (aura_site_is_nsfw (poster));
  probe = aura_site_build_probe (poster, "z.e\"d", NULL);
  g_assert_cmpstr (probe->request.method, ==, "POST");
  g_assert_cmpstr (probe->body, ==, "{\"u\": \"ze\\\"d\"}");
  g_assert_cmpint (judge (poster, "zed", available), ==, AURA_VERDICT_NOT_FOUND);
}

int
main (int argc, char **argv)
{
  static const char *const sherlock[] = { "sherlock-data.json", "sherlock", "481" };
  static const char *const maigret[] = { "maigret-data.json", "maigret", "3236" };
  static const char *const wmn[] = { "wmn-data.json", "whatsmyname", "716" };

  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/username/import/peer/sherlock", sherlock, test_peer_file);
  g_test_add_data_func ("/username/import/peer/maigret", maigret, test_peer_file);
  g_test_add_data_func ("/username/import/peer/whatsmyname", wmn, test_peer_file);
  g_test_add_func ("/username/import/format-from-content", test_detect_from_content);
  g_test_add_func ("/username/import/sherlock-sample", test_sherlock_sample);
  g_test_add_func ("/username/import/maigret-sample", test_maigret_sample);
  g_test_add_func ("/username/import/whatsmyname-sample", test_wmn_sample);
  return g_test_run ();
}
