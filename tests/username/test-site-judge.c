/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

/* Detection: verdicts, reasons and confidence from responses built by hand,
 * bot walls, username rules, probes, calibration and variants. */

#include "site-test-utils.h"

#define STATUS_SITE                                                                                \
  SITE_JSON ("\"detect\": {\"found\": {\"status\": [200]}, \"not_found\": {\"status\": [404]}}")

static void
test_status_rules (void)
{
  g_autoptr (AuraSite) site = site_from (STATUS_SITE);
  g_autoptr (AuraHttpResponse) ok = response_new (200, "<html>alice's page</html>");
  g_autoptr (AuraHttpResponse) missing = response_new (404, "gone");
  g_autoptr (AuraHttpResponse) odd = response_new (302, "");
  g_autofree char *r1 = judge_expect (site, "alice", ok, AURA_VERDICT_FOUND, NULL);
  g_autofree char *r2 = judge_expect (site, "alice", missing, AURA_VERDICT_NOT_FOUND, NULL);
  g_autofree char *r3 = judge_expect (site, "alice", odd, AURA_VERDICT_UNKNOWN, NULL);

  g_assert_cmpstr (r1, ==, "status 200");
  g_assert_cmpstr (r2, ==, "status 404");
  g_assert_cmpstr (r3, ==, "inconclusive: status 302");
}

static void
test_text_rules (void)
{
  g_autoptr (AuraSite) site = site_from (SITE_JSON (
      "\"detect\": {\"found\": {\"text_all\": [\"profile\", \"joined\"], \"text_none\": "
      "[\"banned\"]}, \"not_found\": {\"text_any\": [\"No such user\", \"Page not found\"]}, "
      "\"otherwise\": \"not_found\"}"));
  g_autoptr (AuraHttpResponse) found = response_new (200, "bob profile, joined 2020");
  g_autoptr (AuraHttpResponse) half = response_new (200, "bob profile only");
  g_autoptr (AuraHttpResponse) missing = response_new (200, "Sorry: Page not found here");
  g_autoptr (AuraHttpResponse) banned = response_new (200, "bob profile joined banned");
  g_autofree char *r1 = judge_expect (site, "bob", found, AURA_VERDICT_FOUND, NULL);
  g_autofree char *r2 = judge_expect (site, "bob", half, AURA_VERDICT_NOT_FOUND, NULL);
  g_autofree char *r3 = judge_expect (site, "bob", missing, AURA_VERDICT_NOT_FOUND, NULL);
  g_autofree char *r4 = judge_expect (site, "bob", banned, AURA_VERDICT_NOT_FOUND, NULL);

  g_assert_cmpstr (r1, ==, "text “profile” present and text “banned” absent");
  g_assert_true (g_str_has_prefix (r2, "unmatched"));
  g_assert_cmpstr (r3, ==, "text “Page not found” present");
  g_assert_true (g_str_has_prefix (r4, "unmatched"));
}

static void
test_not_found_wins (void)
{
  /* Both blocks hold: the explicit not-found rule decides. */
  g_autoptr (AuraSite) site = site_from (
      SITE_JSON ("\"detect\": {\"found\": {\"status\": [200]}, \"not_found\": {\"text_any\": "
                 "[\"suspended\"]}}"));
  g_autoptr (AuraHttpResponse) response = response_new (200, "This account is suspended");
  g_autofree char *reason = judge_expect (site, "carol", response, AURA_VERDICT_NOT_FOUND, NULL);

  g_assert_cmpstr (reason, ==, "text “suspended” present");
}

static void
test_found_needs_2xx (void)
{
  /* A found block without a status holds only on a 2xx answer, and a
   * server error never becomes "not found". */
  g_autoptr (AuraSite) site = site_from (SITE_JSON (
      "\"detect\": {\"found\": {\"text_none\": [\"not here\"]}, \"otherwise\": \"not_found\"}"));
  g_autoptr (AuraHttpResponse) error_page = response_new (404, "oops");
  g_autoptr (AuraHttpResponse) server = response_new (503, "maintenance");
  g_autofree char *r1 = judge_expect (site, "dave", error_page, AURA_VERDICT_NOT_FOUND, NULL);
  g_autofree char *r2 = judge_expect (site, "dave", server, AURA_VERDICT_UNKNOWN, NULL);

  g_assert_true (g_str_has_prefix (r1, "unmatched"));
  g_assert_cmpstr (r2, ==, "error: status 503");
}

static void
test_json_rules (void)
{
  g_autoptr (AuraSite) site = site_from (SITE_JSON (
      "\"probe_url\": \"https://api.example.com/users/{username}\", \"detect\": {\"found\": "
      "{\"status\": [200], \"json\": [{\"path\": \"data.items[1].login\", \"equals\": "
      "\"{username}\"}, {\"path\": \"data.active\", \"equals\": true}]}, \"not_found\": "
      "[{\"json\": [{\"path\": \"data.items\", \"exists\": false}]}, {\"json\": [{\"path\": "
      "\"[\\\"odd.key\\\"]\", \"equals\": 0}]}]}"));
  g_autoptr (AuraHttpResponse) found = response_new (
      200,
      "{\"data\": {\"active\": true, \"items\": [{\"login\": \"x\"}, {\"login\": \"Erin\"}]}}");
  g_autoptr (AuraHttpResponse) other = response_new (
      200, "{\"data\": {\"active\": true, \"items\": [{\"login\": \"x\"}, {\"login\": \"eve\"}]}}");
  g_autoptr (AuraHttpResponse) empty = response_new (200, "{\"data\": {\"items\": null}}");
  g_autoptr (AuraHttpResponse) odd =
      response_new (200, "{\"data\": {\"items\": []}, \"odd.key\": 0}");
  g_autoptr (AuraHttpResponse) broken = response_new (200, "{not json");
  double confidence = 0;
  g_autofree char *r1 = judge_expect (site, "erin", found, AURA_VERDICT_FOUND, &confidence);
  g_autofree char *r2 = judge_expect (site, "erin", other, AURA_VERDICT_UNKNOWN, NULL);
  g_autofree char *r3 = judge_expect (site, "erin", empty, AURA_VERDICT_NOT_FOUND, NULL);
  g_autofree char *r4 = judge_expect (site, "erin", odd, AURA_VERDICT_NOT_FOUND, NULL);
  g_autofree char *r5 = judge_expect (site, "erin", broken, AURA_VERDICT_UNKNOWN, NULL);

  /* Case-insensitive equality with the name; status + two JSON rules. */
  g_assert_true (strstr (r1, "json data.items[1].login = \"{username}\"") != NULL);
  g_assert_cmpfloat (confidence, >, 0.9);
  g_assert_cmpstr (r3, ==, "json data.items missing");
  g_assert_cmpstr (r4, ==, "json [\"odd.key\"] = 0");
}

static void
test_redirect_and_header_rules (void)
{
  g_autoptr (AuraSite) site = site_from (SITE_JSON (
      "\"follow_redirects\": false, \"detect\": {\"found\": {\"status\": [200]}, \"not_found\": "
      "[{\"redirect\": \"https://example.com/search?q=*\"}, {\"header\": {\"X-Missing\": "
      "\"y*\"}}], \"blocked\": {\"redirect\": \"*/login*\"}}"));
  g_autoptr (AuraHttpResponse) search = response_new (302, "");
  g_autoptr (AuraHttpResponse) login = response_new (302, "");
  g_autoptr (AuraHttpResponse) header = response_new (200, "");
  g_autofree char *r1 = NULL;
  g_autofree char *r2 = NULL;
  g_autofree char *r3 = NULL;

  search->redirect_url = g_strdup ("https://example.com/search?q=frank");
  login->redirect_url = g_strdup ("https://example.com/login?next=/u/frank");
  response_set_header (header, "X-Missing", "yes");
  r1 = judge_expect (site, "frank", search, AURA_VERDICT_NOT_FOUND, NULL);
  r2 = judge_expect (site, "frank", login, AURA_VERDICT_UNKNOWN, NULL);
  r3 = judge_expect (site, "frank", header, AURA_VERDICT_NOT_FOUND, NULL);
  g_assert_cmpstr (r1, ==, "redirected to https://example.com/search?q=frank");
  g_assert_cmpstr (r2, ==, "blocked: redirected to https://example.com/login?next=/u/frank");
  g_assert_cmpstr (r3, ==, "header x-missing “yes”");
}

static void
test_transport_and_rate_limit (void)
{
  g_autoptr (AuraSite) site = site_from (STATUS_SITE);
  g_autoptr (AuraHttpResponse) timeout = response_new (0, NULL);
  g_autoptr (AuraHttpResponse) refused = response_new (0, NULL);
  g_autoptr (AuraHttpResponse) limited = response_new (429, "slow down");
  g_autofree char *r1 = NULL;
  g_autofree char *r2 = NULL;
  g_autofree char *r3 = NULL;
  double confidence = 1.0;

  timeout->outcome = AURA_HTTP_ERROR_TIMEOUT;
  refused->outcome = AURA_HTTP_ERROR_CONNECT;
  r1 = judge_expect (site, "gina", timeout, AURA_VERDICT_UNKNOWN, &confidence);
  g_assert_cmpfloat (confidence, ==, 0.0);
  r2 = judge_expect (site, "gina", refused, AURA_VERDICT_UNKNOWN, NULL);
  r3 = judge_expect (site, "gina", limited, AURA_VERDICT_UNKNOWN, NULL);
  g_assert_cmpstr (r1, ==, "timeout");
  g_assert_cmpstr (r2, ==, "error: connect");
  g_assert_cmpstr (r3, ==, "rate_limited: status 429");
}

typedef struct
{
  guint status;
  const char *header;
  const char *value;
  const char *body;
  const char *wall;
} WallCase;

static void
test_bot_walls (void)
{
  /* Every page here would be "found" by the site's rule (status 200 or the
   * 403 the site lists as found): the wall must win. */
  static const WallCase cases[] = {
    { 403, "cf-mitigated", "challenge", "<html></html>", "Cloudflare challenge" },
    { 503, NULL, NULL, "<title>Just a moment...</title><script>window._cf_chl_opt={}</script>",
      "Cloudflare challenge" },
    { 200, NULL, NULL,
      "<title>Attention Required! | Cloudflare</title><div class=cf-error-details>",
      "Cloudflare firewall" },
    { 200, NULL, NULL, "<p>Please verify you are human</p><div class=\"g-recaptcha\"></div>",
      "reCAPTCHA" },
    { 403, NULL, NULL, "<div class=\"h-captcha\" data-sitekey=x></div>", "hCaptcha" },
    { 200, NULL, NULL, "<div class=\"cf-turnstile\"></div> Verify you are human", "Turnstile" },
    { 403, NULL, NULL, "<script src=\"https://geo.captcha-delivery.com/captcha/\"></script>",
      "DataDome" },
    { 403, NULL, NULL, "<div id=\"px-captcha\"></div> Press & Hold", "PerimeterX" },
    { 403, NULL, NULL,
      "<H1>Access Denied</H1>You don't have permission. Reference #18.2b3c.1700000000", "Akamai" },
    { 405, "x-amzn-waf-action", "captcha", "<html>AwsWafIntegration</html>", "AWS WAF" },
    { 200, NULL, NULL, "Incapsula incident ID: 123", "Imperva" },
    { 999, NULL, NULL, "", "status 999" },
  };
  g_autoptr (AuraSite) site = site_from (
      SITE_JSON ("\"detect\": {\"found\": {\"status\": [200, 403, 405, 503, 999]}, \"otherwise\": "
                 "\"not_found\"}"));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (AuraHttpResponse) response = response_new (cases[i].status, cases[i].body);
      g_autofree char *reason = NULL;
      g_autofree char *expected = g_strdup_printf ("blocked: %s", cases[i].wall);

      if (cases[i].header != NULL)
        response_set_header (response, cases[i].header, cases[i].value);
      reason = judge_expect (site, "hank", response, AURA_VERDICT_UNKNOWN, NULL);
      g_assert_cmpstr (reason, ==, expected);
    }
}

static void
test_ordinary_page_is_not_a_wall (void)
{
  /* A profile that embeds a captcha for its contact form, and Cloudflare's
   * bot-management script on an ordinary page, are not walls. */
  g_autoptr (AuraSite) site = site_from (STATUS_SITE);
  g_autoptr (AuraHttpResponse) form = response_new (
      200, "<h1>ivy</h1><form><div class=\"g-recaptcha\"></div></form>"
           "<script src=\"/cdn-cgi/challenge-platform/scripts/jsd/main.js\"></script>");
  g_autofree char *reason = judge_expect (site, "ivy", form, AURA_VERDICT_FOUND, NULL);

  g_assert_cmpstr (reason, ==, "status 200");
}

static void
test_site_blocked_markers (void)
{
  g_autoptr (AuraSite) site = site_from (SITE_JSON (
      "\"detect\": {\"found\": {\"status\": [200]}, \"blocked\": {\"text_any\": [\"Log in to "
      "see\"]}}"));
  g_autoptr (AuraHttpResponse) wall = response_new (200, "<h1>Log in to see this profile</h1>");
  g_autofree char *reason = judge_expect (site, "jack", wall, AURA_VERDICT_UNKNOWN, NULL);

  g_assert_cmpstr (reason, ==, "blocked: text “Log in to see” present");
}

static void
test_confidence_strength (void)
{
  g_autoptr (AuraSite) status_only = site_from (STATUS_SITE);
  g_autoptr (AuraSite) text =
      site_from (SITE_JSON ("\"detect\": {\"found\": {\"text_any\": [\"data-profile\"]}}"));
  g_autoptr (AuraSite) both = site_from (
      SITE_JSON ("\"detect\": {\"found\": {\"status\": [200], \"text_any\": [\"data-profile\"]}}"));
  g_autofree char *page = g_strdup_printf ("<html>%0300d kate data-profile</html>", 0);
  g_autofree char *anonymous = g_strdup_printf ("<html>%0300d data-profile</html>", 0);
  g_autoptr (AuraHttpResponse) response = response_new (200, page);
  g_autoptr (AuraHttpResponse) tiny = response_new (200, "data-profile");
  g_autoptr (AuraHttpResponse) generic = response_new (200, anonymous);
  double c_status = 0, c_text = 0, c_both = 0, c_tiny = 0, c_generic = 0;
  g_autofree char *r1 = judge_expect (status_only, "kate", response, AURA_VERDICT_FOUND, &c_status);
  g_autofree char *r2 = judge_expect (text, "kate", response, AURA_VERDICT_FOUND, &c_text);
  g_autofree char *r3 = judge_expect (both, "kate", response, AURA_VERDICT_FOUND, &c_both);
  g_autofree char *r4 = judge_expect (both, "kate", tiny, AURA_VERDICT_FOUND, &c_tiny);
  g_autofree char *r5 = judge_expect (both, "kate", generic, AURA_VERDICT_FOUND, &c_generic);

  g_assert_cmpfloat (c_status, <, c_text);
  g_assert_cmpfloat (c_text, <, c_both);
  g_assert_cmpfloat (c_tiny, <, c_both);
  g_assert_cmpfloat (c_generic, <, c_both);
  g_assert_cmpfloat (c_both, <, 1.0);
}

static void
test_calibration (void)
{
  double strong = 0.9;

  g_assert_cmpint (aura_site_calibration_from_verdict (AURA_VERDICT_FOUND), ==,
                   AURA_CALIBRATION_UNRELIABLE);
  g_assert_cmpint (aura_site_calibration_from_verdict (AURA_VERDICT_NOT_FOUND), ==,
                   AURA_CALIBRATION_RELIABLE);
  g_assert_cmpint (aura_site_calibration_from_verdict (AURA_VERDICT_UNKNOWN), ==,
                   AURA_CALIBRATION_INCONCLUSIVE);
  g_assert_cmpfloat (
      aura_site_calibrate_confidence (AURA_VERDICT_FOUND, strong, AURA_CALIBRATION_UNRELIABLE), <=,
      0.2);
  g_assert_cmpfloat (
      aura_site_calibrate_confidence (AURA_VERDICT_FOUND, strong, AURA_CALIBRATION_RELIABLE), ==,
      strong);
  g_assert_cmpfloat (
      aura_site_calibrate_confidence (AURA_VERDICT_FOUND, strong, AURA_CALIBRATION_INCONCLUSIVE), <,
      strong);
  /* A "not found" on a site that says "found" to everything still counts. */
  g_assert_cmpfloat (
      aura_site_calibrate_confidence (AURA_VERDICT_NOT_FOUND, 0.8, AURA_CALIBRATION_UNRELIABLE), ==,
      0.8);
}

static void
test_username_rules (void)
{
  g_autoptr (AuraSite) site = site_from (
      SITE_JSON ("\"username\": {\"regex\": \"^[a-z]\", \"min_length\": 3, \"max_length\": 8, "
                 "\"allowed\": \"a-z0-9_.\"}, \"detect\": {\"found\": {\"status\": [200]}}"));
  g_autoptr (AuraSite) host = site_from (
      "{\"name\": \"Hosted\", \"url\": \"https://example.com/\", \"profile_url\": "
      "\"https://{username}.example.com/\", \"detect\": {\"found\": {\"status\": [200]}}}");
  g_autoptr (AuraHttpResponse) ok = response_new (200, "x");
  static const char *const bad[] = { "ab",   "abcdefghi", "Abc",   "ab-c",
                                     "9abc", "",          "ab\tc", "ab\u202Ec" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *reason = NULL;
      g_autofree char *judged = judge_expect (site, bad[i], ok, AURA_VERDICT_INVALID, NULL);

      g_assert_false (aura_site_check_username (site, bad[i], &reason));
      g_assert_true (g_str_has_prefix (reason, "invalid: "));
      g_assert_true (g_str_has_prefix (judged, "invalid: "));
      g_assert_null (aura_site_format_profile_url (site, bad[i]));
    }
  g_assert_true (aura_site_check_username (site, "abc_1.x", NULL));
  /* A name in the host must be a DNS label. */
  g_assert_true (aura_site_check_username (host, "good-name", NULL));
  g_assert_false (aura_site_check_username (host, "bad_name", NULL));
  g_assert_false (aura_site_check_username (host, "-bad", NULL));
  g_assert_false (aura_site_check_username (host, "caf\u00e9", NULL));
}

static void
test_probe_encoding (void)
{
  g_autoptr (AuraSite) site = site_from (SITE_JSON (
      "\"probe_url\": \"https://api.example.com/u/{username}?q={username}&raw={username_raw}\", "
      "\"method\": \"POST\", \"headers\": {\"X-User\": \"{username_raw}\"}, \"body\": "
      "\"{\\\"name\\\": \\\"{username}\\\"}\", \"body_type\": \"json\", \"follow_redirects\": "
      "false, \"detect\": {\"found\": {\"status\": [200]}}"));
  g_autoptr (AuraSite) form = site_from (SITE_JSON (
      "\"method\": \"POST\", \"body\": \"user={username}&x=1\", \"body_type\": \"form\", "
      "\"detect\": {\"found\": {\"status\": [200]}}"));
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraSiteProbe) probe = NULL;
  g_autoptr (AuraSiteProbe) decomposed = NULL;
  g_autoptr (AuraSiteProbe) form_probe = NULL;
  g_autofree char *profile = NULL;

  probe = aura_site_build_probe (site, "a b/é?#&%\"😀", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (probe->request.url, ==,
                   "https://api.example.com/u/a%20b%2F%C3%A9%3F%23%26%25%22%F0%9F%98%80"
                   "?q=a%20b%2F%C3%A9%3F%23%26%25%22%F0%9F%98%80&raw=a b/é?#&%\"😀");
  g_assert_cmpstr (probe->request.method, ==, "POST");
  g_assert_false (probe->request.follow_redirects);
  g_assert_cmpstr (probe->request.headers[0], ==, "X-User: a b/é?#&%\"😀");
  g_assert_null (probe->request.headers[1]);
  g_assert_cmpstr (probe->request.body, ==, "{\"name\": \"a b/é?#&%\\\"😀\"}");
  g_assert_cmpuint (probe->request.body_len, ==, strlen (probe->body));
  g_assert_cmpstr (probe->request.proxy_key, ==, "Example");

  /* NFC: a decomposed é makes the same request as a precomposed one. */
  decomposed = aura_site_build_probe (site, "e\u0301", &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (decomposed->url, "https://api.example.com/u/%C3%A9?"));
  profile = aura_site_format_profile_url (site, "e\u0301");
  g_assert_cmpstr (profile, ==, "https://example.com/u/%C3%A9");

  form_probe = aura_site_build_probe (form, "x&y=z", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (form_probe->body, ==, "user=x%26y%3Dz&x=1");

  g_assert_null (aura_site_build_probe (site, "bad\nname", &error));
  g_assert_error (error, AURA_MANIFEST_ERROR, AURA_MANIFEST_ERROR_INVALID_USERNAME);
}

static void
test_lowercase_and_strip (void)
{
  g_autoptr (AuraSite) site = site_from (
      SITE_JSON ("\"username\": {\"lowercase\": true, \"strip\": \". \"}, \"detect\": {\"found\": "
                 "{\"json\": [{\"path\": \"name\", \"equals\": \"{username}\"}]}}"));
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraSiteProbe) probe = aura_site_build_probe (site, "Jo.Hn Doe", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (probe->username, ==, "johndoe");
  g_assert_cmpstr (probe->url, ==, "https://example.com/u/johndoe");
}

static void
test_random_username (void)
{
  static const char *const rules[] = {
    "\"username\": {\"regex\": \"^[1-9][0-9]{4,8}$\"}",
    "\"username\": {\"allowed\": \"a-z\", \"min_length\": 3, \"max_length\": 5}",
    "\"username\": {\"allowed\": \"A-Z0-9\"}",
    "\"username\": {\"regex\": \"^[a-z]+(-[a-z]+)*$\", \"lowercase\": true}",
    "",
  };
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);
  g_autoptr (GRand) again = g_rand_new_with_seed (42);

  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      g_autofree char *json =
          g_strdup_printf (SITE_JSON ("%s%s\"detect\": {\"found\": {\"status\": [200]}}"), rules[i],
                           *rules[i] != '\0' ? ", " : "");
      g_autoptr (AuraSite) site = site_from (json);

      for (guint n = 0; n < 20; n++)
        {
          g_autofree char *name = aura_site_random_username (site, rand);
          g_autofree char *same = aura_site_random_username (site, again);

          g_assert_nonnull (name);
          g_assert_true (aura_site_check_username (site, name, NULL));
          /* The same seed gives the same names. */
          g_assert_cmpstr (name, ==, same);
        }
    }
  {
    /* Rules no generated name can meet. */
    g_autoptr (AuraSite) impossible = site_from (SITE_JSON (
        "\"username\": {\"regex\": \"^@\"}, \"detect\": {\"found\": {\"status\": [200]}}"));

    g_assert_null (aura_site_random_username (impossible, rand));
  }
}

static void
test_catastrophic_regex (void)
{
  g_autoptr (GError) e1 = site_error (SITE_JSON (
      "\"username\": {\"regex\": \"^(a+)+$\"}, \"detect\": {\"found\": {\"status\": [200]}}"));
  g_autoptr (GError) e2 = site_error (SITE_JSON (
      "\"username\": {\"regex\": \"^(\\\\w+\\\\s?)*$\"}, \"detect\": {\"found\": {\"status\": "
      "[200]}}"));
  g_autofree char *long_pattern = g_strnfill (300, 'a');
  g_autofree char *long_json = g_strdup_printf (
      SITE_JSON ("\"username\": {\"regex\": \"%s\"}, \"detect\": {\"found\": {\"status\": [200]}}"),
      long_pattern);
  g_autoptr (GError) e3 = site_error (long_json);
  /* Separated repetition is fine. */
  g_autoptr (AuraSite) fine = site_from (SITE_JSON (
      "\"username\": {\"regex\": \"^[a-z]+(-[a-z]+)*$\"}, \"detect\": {\"found\": {\"status\": "
      "[200]}}"));
  /* An overlapping alternation escapes the shape check; PCRE's backtracking
   * limit stops it and the name is refused, in bounded time. */
  g_autoptr (AuraSite) slow = site_from (SITE_JSON (
      "\"username\": {\"regex\": \"^(a|aa)+$\"}, \"detect\": {\"found\": {\"status\": [200]}}"));
  g_autofree char *run = g_strnfill (100, 'a');
  g_autofree char *hostile = g_strdup_printf ("%s!", run);
  g_autofree char *reason = NULL;
  gint64 start;

  g_assert_error (e1, AURA_MANIFEST_ERROR, AURA_MANIFEST_ERROR_INVALID);
  g_assert_true (strstr (e1->message, "username.regex") != NULL);
  g_assert_true (strstr (e1->message, "nested repetition") != NULL);
  g_assert_error (e2, AURA_MANIFEST_ERROR, AURA_MANIFEST_ERROR_INVALID);
  g_assert_error (e3, AURA_MANIFEST_ERROR, AURA_MANIFEST_ERROR_INVALID);
  g_assert_true (aura_site_check_username (fine, "ab-cd-ef", NULL));
  g_assert_false (aura_site_check_username (fine, "ab--cd", NULL));

  start = g_get_monotonic_time ();
  g_assert_false (aura_site_check_username (slow, hostile, &reason));
  g_test_message ("overlapping alternation on a hostile name: %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - start) / 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_true (g_str_has_prefix (reason, "invalid: "));
}

static void
test_variants (void)
{
  g_autoptr (GPtrArray) variants = aura_username_variants ("John.Smith92", 20);
  g_autoptr (GPtrArray) capped = aura_username_variants ("John.Smith92", 3);
  g_autoptr (GPtrArray) camel = aura_username_variants ("JaneDoe", 20);
  g_autoptr (GPtrArray) plain = aura_username_variants ("x", 20);
  static const char *const expected[] = {
    "JohnSmith92", "John_Smith92", "John-Smith92", "JohnSmith", "John.Smith",   "John_Smith",
    "John-Smith",  "Smith.John",   "Smith_John",   "SmithJohn", "john.smith92",
  };
  gboolean has_reversed = FALSE;

  g_assert_cmpuint (variants->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < variants->len; i++)
    g_assert_true (g_strv_contains (expected, g_ptr_array_index (variants, i)));
  g_assert_cmpstr (g_ptr_array_index (variants, 0), ==, "JohnSmith92");
  g_assert_cmpuint (capped->len, ==, 3);
  for (guint i = 0; i < camel->len; i++)
    has_reversed |= g_str_equal (g_ptr_array_index (camel, i), "Doe.Jane");
  g_assert_true (has_reversed);
  g_assert_true (g_ptr_array_find_with_equal_func (camel, "Jane.Doe", g_str_equal, NULL));
  g_assert_false (g_ptr_array_find_with_equal_func (camel, "JaneDoe", g_str_equal, NULL));
  g_assert_cmpuint (plain->len, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/username/judge/status-rules", test_status_rules);
  g_test_add_func ("/username/judge/text-any-all-none", test_text_rules);
  g_test_add_func ("/username/judge/not-found-wins", test_not_found_wins);
  g_test_add_func ("/username/judge/found-needs-2xx", test_found_needs_2xx);
  g_test_add_func ("/username/judge/json-path-rules", test_json_rules);
  g_test_add_func ("/username/judge/redirect-and-header-rules", test_redirect_and_header_rules);
  g_test_add_func ("/username/judge/transport-and-rate-limit", test_transport_and_rate_limit);
  g_test_add_func ("/username/judge/bot-walls-are-blocked", test_bot_walls);
  g_test_add_func ("/username/judge/ordinary-page-is-not-a-wall", test_ordinary_page_is_not_a_wall);
  g_test_add_func ("/username/judge/site-blocked-markers", test_site_blocked_markers);
  g_test_add_func ("/username/judge/confidence-follows-strength", test_confidence_strength);
  g_test_add_func ("/username/judge/calibration", test_calibration);
  g_test_add_func ("/username/rules/invalid-names-are-never-checked", test_username_rules);
  g_test_add_func ("/username/rules/lowercase-and-strip", test_lowercase_and_strip);
  g_test_add_func ("/username/rules/random-name-obeys-rules", test_random_username);
  g_test_add_func ("/username/rules/catastrophic-regex", test_catastrophic_regex);
  g_test_add_func ("/username/probe/percent-encoding", test_probe_encoding);
  g_test_add_func ("/username/variants", test_variants);
  return g_test_run ();
}
