/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include <locale.h>

#include "source-test-utils.h"

/* The runner on sources written for these tests: every kind of paging and
 * how it stops (loops, limits), every kind of failure a service can throw
 * (each one ending its own source only), odd Unicode, POST bodies, the
 * preparation step, the rate hint, cancellation and the deadline. */

#define SOURCE(name, rest)                                                                         \
  "{\"name\": \"" name "\", \"label\": \"" name "\", \"yields\": [\"subdomain\"], " rest "}"
#define NAMES_EXTRACT "\"extract\": {\"kind\": \"subdomain\", \"path\": \"names[*]\"}"

static const char manifest[] = "{\"format\": \"aura-sources\", \"version\": 1, \"sources\": ["
    /* Paging. */
    SOURCE ("pages",
            "\"request\": {\"url\": \"https://pages.example/list?d={domain}&p={page}\"},"
            " \"pagination\": {\"type\": \"page\", \"from\": 1},"
            " " NAMES_EXTRACT) "," SOURCE ("loop",
                                           "\"request\": {\"url\": "
                                           "\"https://loop.example/list?d={domain}\"},"
                                           " \"pagination\": {\"type\": \"cursor\", \"path\": "
                                           "\"next\", \"param\": \"c\"},"
                                           " " NAMES_EXTRACT) "," SOURCE ("endless",
                                                                          "\"request\": {\"url\": "
                                                                          "\"https://"
                                                                          "endless.example/"
                                                                          "list?c={cursor}\"},"
                                                                          " \"pagination\": "
                                                                          "{\"type\": \"cursor\", "
                                                                          "\"path\": \"next\","
                                                                          " \"max_pages\": "
                                                                          "4}, " NAMES_EXTRACT) "," SOURCE ("same",
                                                                                                            "\"request\": {\"url\": \"https://same.example/list\"},"
                                                                                                            " \"pagination\": {\"type\": \"page\", \"param\": \"p\"}, " NAMES_EXTRACT) "," SOURCE ("next",
                                                                                                                                                                                                   "\"request\": {\"url\": \"https://next.example/api?d={domain}\"},"
                                                                                                                                                                                                   " \"pagination\": {\"type\": \"next_url\", \"path\": \"links.next\"},"
                                                                                                                                                                                                   " " NAMES_EXTRACT) "," SOURCE ("escape",
                                                                                                                                                                                                                                  "\"request\": {\"url\": \"https://escape.example/api\"},"
                                                                                                                                                                                                                                  " \"pagination\": {\"type\": \"next_url\", \"path\": \"links.next\"},"
                                                                                                                                                                                                                                  " " NAMES_EXTRACT) "," SOURCE ("capped",
                                                                                                                                                                                                                                                                 "\"request\": {\"url\": \"https://capped.example/list\"},"
                                                                                                                                                                                                                                                                 " \"pagination\": {\"type\": \"page\", \"param\": \"p\"},"
                                                                                                                                                                                                                                                                 " \"max_results\": 5, " NAMES_EXTRACT) ","
    /* Failures. */
    SOURCE ("retry", "\"request\": {\"url\": \"https://retry.example/list\"}, " NAMES_EXTRACT) "," SOURCE (
        "limited", "\"request\": {\"url\": \"https://limited.example/list\"}, " NAMES_EXTRACT) "," SOURCE ("down",
                                                                                                           "\"request\": {\"url\": \"https://down.example/list\"}, " NAMES_EXTRACT) "," SOURCE ("malformed",
                                                                                                                                                                                                "\"request\": {\"url\": \"https://malformed.example/list\"},"
                                                                                                                                                                                                " " NAMES_EXTRACT) "," SOURCE ("html",
                                                                                                                                                                                                                               "\"request\": {\"url\": \"https://html.example/list\"}, " NAMES_EXTRACT) "," SOURCE ("empty",
                                                                                                                                                                                                                                                                                                                    "\"request\": {\"url\": \"https://empty.example/list\"}, " NAMES_EXTRACT) "," SOURCE ("hugejson",
                                                                                                                                                                                                                                                                                                                                                                                                          "\"request\": {\"url\": \"https://hugejson.example/list\"},"
                                                                                                                                                                                                                                                                                                                                                                                                          " \"response\": {\"max_body_mb\": 1}, " NAMES_EXTRACT) "," SOURCE ("hugetext",
                                                                                                                                                                                                                                                                                                                                                                                                                                                                             "\"request\": {\"url\": \"https://hugetext.example/list\"},"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                             " \"response\": {\"format\": \"text\", \"max_body_mb\": 1},"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                             " \"max_results\": 100000,"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                             " \"extract\": {\"kind\": \"subdomain\", \"regex\": \"^([^,]+),\"}") "," SOURCE ("marker",
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                              "\"request\": {\"url\": \"https://marker.example/list\"},"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                              " \"response\": {\"format\": \"text\", \"error_text\": [\"API count "
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                              "exceeded\"]},"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                              " \"extract\": {\"kind\": \"subdomain\", \"regex\": \"^([^,]+),\"}") "," SOURCE ("svcerror",
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                               "\"request\": {\"url\": \"https://svcerror.example/list\"},"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                               " \"response\": {\"error_path\": \"error\"}, " NAMES_EXTRACT) "," SOURCE ("gone",
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                         "\"request\": {\"url\": \"https://gone.example/list\"}, " NAMES_EXTRACT) "," SOURCE ("unauth",
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                              "\"key\": {\"name\": \"unauth\"},"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                              " \"request\": {\"url\": \"https://unauth.example/list?token={key}\"},"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                              " " NAMES_EXTRACT) ","
    /* Content and requests. */
    SOURCE ("unicode", "\"request\": {\"url\": \"https://unicode.example/list\"}, " NAMES_EXTRACT) "," SOURCE (
        "post",
        "\"request\": {\"url\": \"https://post.example/search\", \"method\": \"POST\","
        " \"body\": \"{\\\"query\\\": \\\"{domain}\\\", \\\"size\\\": 10}\","
        " \"body_type\": \"json\","
        " \"headers\": {\"Content-Type\": \"application/json\"}}, " NAMES_EXTRACT) "," SOURCE ("pre"
                                                                                               "pev"
                                                                                               "il",
                                                                                               "\"p"
                                                                                               "rep"
                                                                                               "are"
                                                                                               "\":"
                                                                                               " {"
                                                                                               "\"u"
                                                                                               "rl"
                                                                                               "\":"
                                                                                               " \""
                                                                                               "htt"
                                                                                               "ps:"
                                                                                               "//"
                                                                                               "pre"
                                                                                               "pev"
                                                                                               "il."
                                                                                               "exa"
                                                                                               "mpl"
                                                                                               "e/"
                                                                                               "col"
                                                                                               "lin"
                                                                                               "fo."
                                                                                               "jso"
                                                                                               "n\""
                                                                                               ","
                                                                                               " \""
                                                                                               "pat"
                                                                                               "h\""
                                                                                               ": "
                                                                                               "\"["
                                                                                               "0]."
                                                                                               "api"
                                                                                               "\","
                                                                                               " \""
                                                                                               "int"
                                                                                               "o\""
                                                                                               ": "
                                                                                               "\"a"
                                                                                               "pi"
                                                                                               "\"}"
                                                                                               ","
                                                                                               " \""
                                                                                               "req"
                                                                                               "ues"
                                                                                               "t\""
                                                                                               ": "
                                                                                               "{\""
                                                                                               "url"
                                                                                               "\":"
                                                                                               " \""
                                                                                               "{ap"
                                                                                               "i}?"
                                                                                               "q={"
                                                                                               "dom"
                                                                                               "ain"
                                                                                               "}\""
                                                                                               "},"
                                                                                               " " NAMES_EXTRACT) "," SOURCE ("slow",
                                                                                                                              "\"request\": {\"url\": \"https://slow.example/list\"}, " NAMES_EXTRACT) "," SOURCE ("paced",
                                                                                                                                                                                                                   "\"request\": {\"url\": \"https://paced.example/list\"},"
                                                                                                                                                                                                                   " \"pagination\": {\"type\": \"page\", \"param\": \"p\", \"to\": 3},"
                                                                                                                                                                                                                   " \"rate\": {\"requests_per_second\": 10}, " NAMES_EXTRACT) "]}";

static const Route pages_routes_array[] = {
  { "1", 200, "{\"names\": [\"p1.example.com\"]}" },
  { "2", 200, "{\"names\": [\"p2.example.com\"]}" },
  { "3", 200, "{\"names\": [\"p3.example.com\"]}" },
  { "4", 200, "{\"names\": []}" },
};
static const Routes pages_routes = ROUTES ("p", "application/json", pages_routes_array);

static const Route loop_routes_array[] = {
  { "", 200, "{\"names\": [\"l1.example.com\"], \"next\": \"A\"}" },
  { "A", 200, "{\"names\": [\"l2.example.com\"], \"next\": \"B\"}" },
  { "B", 200, "{\"names\": [\"l3.example.com\"], \"next\": \"A\"}" },
};
static const Routes loop_routes = ROUTES ("c", "application/json", loop_routes_array);

static const Route next_routes_array[] = {
  /* An absolute link on the real host: the override applies to it too. */
  { "", 200,
    "{\"names\": [\"n1.example.com\"],"
    " \"links\": {\"next\": \"https://next.example/api?d=example.com&n=2\"}}" },
  /* A relative link. */
  { "2", 200,
    "{\"names\": [\"n2.example.com\"], \"links\": {\"next\": \"/api?d=example.com&n=3\"}}" },
  { "3", 200, "{\"names\": [\"n3.example.com\"], \"links\": {}}" },
};
static const Routes next_routes = ROUTES ("n", "application/json", next_routes_array);

static const Route capped_routes_array[] = {
  { "1", 200, "{\"names\": [\"k1.example.com\", \"k2.example.com\", \"k3.example.com\"]}" },
  { "2", 200, "{\"names\": [\"k4.example.com\", \"k5.example.com\", \"k6.example.com\"]}" },
  { "3", 200, "{\"names\": [\"k7.example.com\"]}" },
};
static const Routes capped_routes = ROUTES ("p", "application/json", capped_routes_array);

static const Route paced_routes_array[] = {
  { "1", 200, "{\"names\": [\"r1.example.com\"]}" },
  { "2", 200, "{\"names\": [\"r2.example.com\"]}" },
  { "3", 200, "{\"names\": [\"r3.example.com\"]}" },
};
static const Routes paced_routes = ROUTES ("p", "application/json", paced_routes_array);

static const char unicode_body[] = "{\"names\": [\"bücher.example.com\","
                                   " \"ｍａｉｌ．example．com\"," /* full-width letters and stops */
                                   " \"пример.example.com\","
                                   " \"w\\u200bx.example.com\","   /* zero-width space */
                                   " \"\\u202eevil.example.com\"," /* right-to-left override */
                                   " \"ex ample.example.com\","
                                   " \"EXAMPLE.COM..\"]}";

/* Each page names e<c>.example.com and points to cursor c + 1. */
static void
endless_cb (AuraTestServer *server,
            SoupServerMessage *msg,
            const char *host,
            const char *path,
            gpointer user_data)
{
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
  guint cursor = query != NULL && g_str_has_prefix (query, "c=") ? atoi (query + 2) : 0;
  g_autofree char *body =
      g_strdup_printf ("{\"names\": [\"e%u.example.com\"], \"next\": \"%u\"}", cursor, cursor + 1);

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

/* 1.5 MiB of "name,address" lines. */
static void
hugetext_cb (AuraTestServer *server,
             SoupServerMessage *msg,
             const char *host,
             const char *path,
             gpointer user_data)
{
  GString *body = g_string_sized_new (1600 * 1024);
  gsize len;

  for (guint i = 0; body->len < 1536 * 1024; i++)
    g_string_append_printf (body, "h%06u.example.com,10.%u.%u.%u\n", i, i >> 16, (i >> 8) & 255,
                            i & 255);
  len = body->len;
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_TAKE,
                                    g_string_free (body, FALSE), len);
}

/* Answers only the exact JSON body the manifest should send. */
static void
post_cb (AuraTestServer *server,
         SoupServerMessage *msg,
         const char *host,
         const char *path,
         gpointer user_data)
{
  SoupMessageBody *request = soup_server_message_get_request_body (msg);
  g_autoptr (GBytes) bytes = soup_message_body_flatten (request);
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  static const char expected[] = "{\"query\": \"example.com\", \"size\": 10}";
  gboolean good = g_str_equal (soup_server_message_get_method (msg), "POST") &&
                  len == strlen (expected) && memcmp (data, expected, len) == 0;
  const char *body = good ? "{\"names\": [\"posted.example.com\"]}" : "{\"error\": \"bad body\"}";

  soup_server_message_set_status (msg, good ? 200 : 400, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, body,
                                    strlen (body));
}

static void
fixture_set_up (SourceFixture *fixture, gconstpointer data)
{
  AuraTestServer *server;
  static const char *const retry_steps[] = { "429|Retry-After: 0|slow down",
                                             "200|{\"names\": [\"after-retry.example.com\"]}",
                                             NULL };
  static const char *const limited_steps[] = { "429|Retry-After: 0|too many requests", NULL };

  source_fixture_set_up (fixture, data);
  server = fixture->server;
  source_fixture_use_list (fixture, source_list_from (manifest));
  source_fixture_add_routes (fixture, "pages.test", "/list", &pages_routes);
  source_fixture_add_routes (fixture, "loop.test", "/list", &loop_routes);
  aura_test_server_add_handler (server, "endless.test", "/list", endless_cb, NULL, NULL);
  aura_test_server_add_response (server, "same.test", "/list", 200, NULL,
                                 "{\"names\": [\"s.example.com\"]}", 0);
  source_fixture_add_routes (fixture, "next.test", "/api", &next_routes);
  aura_test_server_add_response (server, "escape.test", "/api", 200, NULL,
                                 "{\"names\": [\"x1.example.com\"],"
                                 " \"links\": {\"next\": \"https://evil.test/steal\"}}",
                                 0);
  source_fixture_add_routes (fixture, "capped.test", "/list", &capped_routes);
  aura_test_server_add_script (server, "retry.test", "/list", retry_steps);
  aura_test_server_add_script (server, "limited.test", "/list", limited_steps);
  aura_test_server_add_response (server, "down.test", "/list", 500, NULL, "Internal Server Error",
                                 0);
  aura_test_server_add_response (server, "malformed.test", "/list", 200, NULL,
                                 "{\"names\": [\"m.example.com\"", 0);
  aura_test_server_add_response (server, "html.test", "/list", 200, NULL,
                                 "\n  <!DOCTYPE html><html><title>Just a moment...</title></html>",
                                 0);
  aura_test_server_add_response (server, "empty.test", "/list", 200, NULL, "{\"names\": []}", 0);
  aura_test_server_add_stream (server, "hugejson.test", "/list", 64 * 1024, 3 * 1024 * 1024);
  aura_test_server_add_handler (server, "hugetext.test", "/list", hugetext_cb, NULL, NULL);
  aura_test_server_add_response (server, "marker.test", "/list", 200, NULL,
                                 "API count exceeded - Increase Quota with Membership", 0);
  aura_test_server_add_response (
      server, "svcerror.test", "/list", 200, NULL,
      "{\"error\": {\"code\": \"QuotaExceededError\", \"message\": \"Quota exceeded\"}}", 0);
  aura_test_server_add_broken (server, "gone.test", "/list");
  aura_test_server_add_response (server, "unauth.test", "/list", 401, NULL,
                                 "{\"error\": \"invalid token sekrit-123 for this endpoint\"}", 0);
  aura_test_server_add_response (server, "unicode.test", "/list", 200, NULL, unicode_body, 0);
  aura_test_server_add_handler (server, "post.test", "/search", post_cb, NULL, NULL);
  aura_test_server_add_response (server, "prepevil.test", "/collinfo.json", 200, NULL,
                                 "[{\"api\": \"https://elsewhere.test/index\"}]", 0);
  aura_test_server_add_response (server, "slow.test", "/list", 200, NULL,
                                 "{\"names\": [\"late.example.com\"]}", 3000);
  source_fixture_add_routes (fixture, "paced.test", "/list", &paced_routes);
}

static void
test_paging (SourceFixture *fixture, gconstpointer data)
{
  const char *const names[] = {
    "pages", "loop", "endless", "same", "next", "escape", "capped", NULL
  };
  g_autoptr (AuraSourceScan) scan = source_fixture_run (fixture, names, NULL, NULL);

  /* {page} in the URL until an empty page. */
  assert_state (scan, "pages", AURA_SOURCE_STATE_OK);
  g_assert_cmpuint (source_summary (scan, "pages")->pages, ==, 4);
  g_assert_cmpuint (source_summary (scan, "pages")->found, ==, 3);
  g_assert_null (source_summary (scan, "pages")->message);

  /* A cursor coming back (A, B, A) stops the paging. */
  assert_state (scan, "loop", AURA_SOURCE_STATE_OK);
  assert_message (scan, "loop", "loop");
  g_assert_cmpuint (source_summary (scan, "loop")->pages, ==, 3);
  g_assert_cmpuint (aura_test_server_get_hits (fixture->server, "loop.test", "/list"), ==, 3);

  /* A service that always has a next page stops at the page limit. */
  assert_state (scan, "endless", AURA_SOURCE_STATE_OK);
  assert_message (scan, "endless", "4 pages");
  g_assert_cmpuint (aura_test_server_get_hits (fixture->server, "endless.test", "/list"), ==, 4);
  assert_hit (scan, AURA_ENTITY_SUBDOMAIN, "e3.example.com", "endless");

  /* A service ignoring the page parameter sends the same page again. */
  assert_state (scan, "same", AURA_SOURCE_STATE_OK);
  assert_message (scan, "same", "repeated");
  g_assert_cmpuint (aura_test_server_get_hits (fixture->server, "same.test", "/list"), ==, 2);

  /* Next-page links, absolute (on the real host) and relative. */
  assert_state (scan, "next", AURA_SOURCE_STATE_OK);
  assert_hit (scan, AURA_ENTITY_SUBDOMAIN, "n3.example.com", "next");
  g_assert_cmpuint (source_summary (scan, "next")->pages, ==, 3);

  /* A link to another host is not followed; what came before stays. */
  assert_state (scan, "escape", AURA_SOURCE_STATE_ERROR);
  assert_message (scan, "escape", "evil.test");
  assert_hit (scan, AURA_ENTITY_SUBDOMAIN, "x1.example.com", "escape");

  /* The result limit. */
  assert_state (scan, "capped", AURA_SOURCE_STATE_OK);
  assert_message (scan, "capped", "5 results");
  g_assert_cmpuint (source_summary (scan, "capped")->found, ==, 5);
  g_assert_cmpuint (aura_test_server_get_hits (fixture->server, "capped.test", "/list"), ==, 2);
}

static void
test_max_pages_option (SourceFixture *fixture, gconstpointer data)
{
  const char *const names[] = { "endless", NULL };
  AuraSourceScanOptions options = { 0 };
  g_autoptr (AuraSourceScan) scan = NULL;

  options.max_pages = 2;
  options.max_results = 1;
  scan = source_fixture_run (fixture, names, &options, NULL);
  /* One result: the limit on results comes first, without another page. */
  assert_message (scan, "endless", "limit of 1 result");
  g_assert_cmpuint (source_summary (scan, "endless")->found, ==, 1);
  g_assert_cmpuint (source_summary (scan, "endless")->requests, ==, 1);
  g_clear_object (&scan);
  options.max_results = 0;
  scan = source_fixture_run (fixture, names, &options, NULL);
  assert_message (scan, "endless", "2 pages");
}

static void
test_failures_stay_per_source (SourceFixture *fixture, gconstpointer data)
{
  const char *const names[] = { "pages",    "retry", "limited",  "down",     "malformed",
                                "html",     "empty", "hugejson", "hugetext", "marker",
                                "svcerror", "gone",  "unauth",   NULL };
  g_autoptr (AuraSourceScan) scan = NULL;
  const AuraSourceRequest *request = NULL;
  GPtrArray *requests;

  aura_api_keys_set (fixture->keys, "unauth", "sekrit-123");
  scan = source_fixture_run (fixture, names, NULL, NULL);

  /* The healthy source is untouched by the others. */
  assert_state (scan, "pages", AURA_SOURCE_STATE_OK);
  g_assert_cmpuint (source_summary (scan, "pages")->found, ==, 3);

  /* 429, then an answer: the engine retried. */
  assert_state (scan, "retry", AURA_SOURCE_STATE_OK);
  assert_hit (scan, AURA_ENTITY_SUBDOMAIN, "after-retry.example.com", "retry");
  requests = aura_source_scan_get_requests (scan);
  for (guint i = 0; i < requests->len; i++)
    if (g_str_equal (((AuraSourceRequest *)requests->pdata[i])->source, "retry"))
      request = requests->pdata[i];
  g_assert_nonnull (request);
  g_assert_cmpuint (request->retries, ==, 1);
  g_assert_cmpuint (aura_test_server_get_hits (fixture->server, "retry.test", "/list"), ==, 2);

  assert_state (scan, "limited", AURA_SOURCE_STATE_ERROR);
  assert_message (scan, "limited", "429");
  assert_message (scan, "limited", "2 retries");
  assert_state (scan, "down", AURA_SOURCE_STATE_ERROR);
  assert_message (scan, "down", "HTTP 500");
  assert_message (scan, "down", "Internal Server Error");
  assert_state (scan, "malformed", AURA_SOURCE_STATE_ERROR);
  assert_message (scan, "malformed", "malformed JSON");
  assert_state (scan, "html", AURA_SOURCE_STATE_ERROR);
  assert_message (scan, "html", "HTML page");
  assert_state (scan, "empty", AURA_SOURCE_STATE_OK);
  g_assert_cmpuint (source_summary (scan, "empty")->found, ==, 0);
  g_assert_null (source_summary (scan, "empty")->message);
  assert_state (scan, "hugejson", AURA_SOURCE_STATE_ERROR);
  assert_message (scan, "hugejson", "cut at");

  /* A text answer cut at the limit keeps the whole lines before the cut. */
  assert_state (scan, "hugetext", AURA_SOURCE_STATE_ERROR);
  assert_message (scan, "hugetext", "kept");
  g_assert_cmpuint (source_summary (scan, "hugetext")->found, >, 30000);
  g_assert_cmpuint (source_summary (scan, "hugetext")->found, <, 40000);
  g_assert_cmpuint (source_summary (scan, "hugetext")->dropped, ==, 0);

  assert_state (scan, "marker", AURA_SOURCE_STATE_ERROR);
  assert_message (scan, "marker", "API count exceeded");
  assert_state (scan, "svcerror", AURA_SOURCE_STATE_ERROR);
  assert_message (scan, "svcerror", "Quota exceeded");
  assert_state (scan, "gone", AURA_SOURCE_STATE_ERROR);
  assert_message (scan, "gone", "no answer");

  /* A refused key: said so, and the key the service echoed is redacted. */
  assert_state (scan, "unauth", AURA_SOURCE_STATE_ERROR);
  assert_message (scan, "unauth", "refused the API key “unauth”");
  assert_message (scan, "unauth", "invalid token REDACTED");
  g_assert_null (strstr (source_summary (scan, "unauth")->message, "sekrit-123"));
}

static void
test_unicode (SourceFixture *fixture, gconstpointer data)
{
  const char *const names[] = { "unicode", NULL };
  g_autoptr (AuraSourceScan) scan = source_fixture_run (fixture, names, NULL, NULL);

  assert_state (scan, "unicode", AURA_SOURCE_STATE_OK);
  assert_hit (scan, AURA_ENTITY_SUBDOMAIN, "xn--bcher-kva.example.com", "unicode");
  assert_hit (scan, AURA_ENTITY_SUBDOMAIN, "mail.example.com", "unicode");
  assert_hit (scan, AURA_ENTITY_SUBDOMAIN, "xn--e1afmkfd.example.com", "unicode");
  g_assert_cmpuint (source_summary (scan, "unicode")->found, ==, 3);
  g_assert_cmpuint (source_summary (scan, "unicode")->dropped, ==, 4);
}

static void
test_post_and_prepare (SourceFixture *fixture, gconstpointer data)
{
  const char *const names[] = { "post", "prepevil", NULL };
  g_autoptr (AuraSourceScan) scan = source_fixture_run (fixture, names, NULL, NULL);

  assert_state (scan, "post", AURA_SOURCE_STATE_OK);
  assert_hit (scan, AURA_ENTITY_SUBDOMAIN, "posted.example.com", "post");
  /* A base URL from the preparation answer must stay on that host. */
  assert_state (scan, "prepevil", AURA_SOURCE_STATE_ERROR);
  assert_message (scan, "prepevil", "elsewhere.test");
  g_assert_cmpuint (source_summary (scan, "prepevil")->requests, ==, 1);
}

static void
cancel_on_hit_cb (AuraSourceScan *scan, AuraSourceHit *hit, const char *source, gpointer data)
{
  aura_source_scan_cancel (scan);
}

static void
test_cancel (SourceFixture *fixture, gconstpointer data)
{
  const char *const names[] = { "slow", "pages", NULL };
  AuraSourceScanOptions options = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraSourceScan) scan = NULL;
  gint64 start = g_get_monotonic_time ();

  options.domain = "example.com";
  options.sources = fixture->list;
  options.source_names = names;
  options.keys = fixture->keys;
  options.url_overrides = (const char *const *)fixture->overrides->pdata;
  scan = aura_source_scan_new (fixture->engine, &options, &error);
  g_assert_no_error (error);
  g_signal_connect (scan, "hit", G_CALLBACK (cancel_on_hit_cb), NULL);
  g_assert_false (aura_source_scan_run (scan, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (aura_source_scan_was_cancelled (scan));
  g_assert_true (aura_source_scan_is_finished (scan));
  assert_state (scan, "slow", AURA_SOURCE_STATE_CANCELLED);
  assert_state (scan, "pages", AURA_SOURCE_STATE_CANCELLED);
  /* What was found before the cancellation stays. */
  assert_hit (scan, AURA_ENTITY_SUBDOMAIN, "p1.example.com", "pages");
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
}

static void
test_deadline (SourceFixture *fixture, gconstpointer data)
{
  const char *const names[] = { "slow", "pages", NULL };
  AuraSourceScanOptions options = { 0 };
  g_autoptr (AuraSourceScan) scan = NULL;
  gint64 start = g_get_monotonic_time ();

  options.timeout_ms = 400;
  scan = source_fixture_run (fixture, names, &options, NULL);
  assert_state (scan, "slow", AURA_SOURCE_STATE_ERROR);
  assert_message (scan, "slow", "time limit");
  assert_state (scan, "pages", AURA_SOURCE_STATE_OK);
  g_assert_false (aura_source_scan_was_cancelled (scan));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
}

static void
test_rate_hint (SourceFixture *fixture, gconstpointer data)
{
  const char *const names[] = { "paced", NULL };
  AuraSourceScanOptions options = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraSourceScan) scan = NULL;
  g_autoptr (GArray) arrivals = NULL;

  options.domain = "example.com";
  options.sources = fixture->list;
  options.source_names = names;
  options.keys = fixture->keys;
  options.url_overrides = (const char *const *)fixture->overrides->pdata;
  scan = aura_source_scan_new (fixture->engine, &options, &error);
  g_assert_no_error (error);
  g_assert_true (aura_source_scan_run (scan, &error));
  assert_state (scan, "paced", AURA_SOURCE_STATE_OK);
  g_assert_cmpuint (source_summary (scan, "paced")->found, ==, 3);
  /* Ten requests a second at most: 100 ms between starts. */
  arrivals = aura_test_server_get_arrivals (fixture->server, "paced.test", "/list");
  g_assert_cmpuint (arrivals->len, ==, 3);
  for (guint i = 1; i < arrivals->len; i++)
    g_assert_cmpint (g_array_index (arrivals, gint64, i) - g_array_index (arrivals, gint64, i - 1),
                     >=, 90000);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func)                                                                            \
  g_test_add (path, SourceFixture, NULL, fixture_set_up, func, source_fixture_tear_down)
  ADD ("/sources/paging/every-kind-and-how-it-stops", test_paging);
  ADD ("/sources/paging/limits-from-options", test_max_pages_option);
  ADD ("/sources/errors/each-failure-ends-its-own-source", test_failures_stay_per_source);
  ADD ("/sources/content/odd-unicode", test_unicode);
  ADD ("/sources/content/post-body-and-prepare-step", test_post_and_prepare);
  ADD ("/sources/run/cancel-keeps-what-was-found", test_cancel);
  ADD ("/sources/run/deadline", test_deadline);
  ADD ("/sources/run/rate-hint-paces-pages", test_rate_hint);
#undef ADD

  return g_test_run ();
}
