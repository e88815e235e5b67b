/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include <locale.h>

#include "emailcheck-test-utils.h"

/* Every flow of a check, run for real through the engine against a
 * loopback server: a token in a page then a POST carrying it and the
 * cookies, a token in JSON, a missing token, detection on JSON paths,
 * status, text and redirects, rate limits, bot walls, malformed and broken
 * answers, deadlines, hints with odd Unicode, cancellation, bounded
 * concurrency, and the store converters. */

#define KNOWN "known@example.com"
#define UNKNOWN "nobody@example.com"

/* Manifests are written with ' for " to stay readable. */
static AuraEmailCheckList *
load_checks (const char *checks)
{
  g_autofree char *json =
      g_strdup_printf ("{'format': 'aura-email-checks', 'version': 1, 'checks': [%s]}", checks);

  g_strdelimit (json, "'", '"');
  return check_list_from_text (json);
}

static const AuraEmailCheckResult *
result_of (AuraEmailCheckRun *run, const char *id)
{
  const AuraEmailCheckResult *result = aura_email_check_run_lookup (run, id);

  g_assert_nonnull (result);
  return result;
}

static void
assert_result (AuraEmailCheckRun *run,
               const char *id,
               AuraVerdict verdict,
               AuraEmailCheckReason kind,
               const char *reason_part)
{
  const AuraEmailCheckResult *result = result_of (run, id);

  if (result->verdict != verdict || result->reason_kind != kind ||
      (reason_part != NULL && strstr (result->reason, reason_part) == NULL))
    g_error ("%s: got %s / %s / “%s”, expected %s / %s / “%s”", id,
             aura_verdict_to_string (result->verdict),
             aura_email_check_reason_to_string (result->reason_kind), result->reason,
             aura_verdict_to_string (verdict), aura_email_check_reason_to_string (kind),
             reason_part != NULL ? reason_part : "");
}

/* ---- A site with a sign-up page and an API behind it ------------------------- */

static const char signup_page[] =
    "<!DOCTYPE html><html><head><meta charset='utf-8'>"
    "<meta name=\"csrf-token\" content=\"tok&amp;en42\"></head><body>"
    "<form action=\"/api/check\" method=\"post\">"
    "<input type=\"email\" name=\"email\">"
    "<input type=\"hidden\" value=\"ZX+CV/9=\" name=\"authenticity_token\">"
    "</form></body></html>";

static void
signup_cb (AuraTestServer *server,
           SoupServerMessage *msg,
           const char *host,
           const char *path,
           gpointer user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_append (headers, "Set-Cookie",
                               "sid=abc123; Path=/; Expires=Wed, 21 Oct 2037 07:28:00 GMT; "
                               "HttpOnly");
  soup_message_headers_append (headers, "Set-Cookie", "lang=fr; Path=/");
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, signup_page,
                                    strlen (signup_page));
}

static void
respond (SoupServerMessage *msg, guint status, const char *type, const char *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY, body, strlen (body));
}

/* The API answers only when the token, the hidden field and both cookies
 * came back; it knows KNOWN. */
static void
api_check_cb (AuraTestServer *server,
              SoupServerMessage *msg,
              const char *host,
              const char *path,
              gpointer user_data)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *cookie = soup_message_headers_get_one (headers, "Cookie");
  const char *token = soup_message_headers_get_one (headers, "X-CSRF-Token");
  const char *type = soup_message_headers_get_one (headers, "Content-Type");
  g_autofree char *text = g_strndup (body->data, body->length);
  g_autoptr (GHashTable) form = NULL;

  if (g_strcmp0 (soup_server_message_get_method (msg), "POST") != 0 ||
      g_strcmp0 (type, "application/x-www-form-urlencoded") != 0 || cookie == NULL ||
      strstr (cookie, "sid=abc123") == NULL || strstr (cookie, "lang=fr") == NULL ||
      g_strcmp0 (token, "tok&en42") != 0)
    {
      respond (msg, 403, "application/json", "{\"error\": \"invalid session\"}");
      return;
    }
  form = soup_form_decode (text);
  if (g_strcmp0 (g_hash_table_lookup (form, "authenticity_token"), "ZX+CV/9=") != 0)
    {
      respond (msg, 403, "application/json", "{\"error\": \"bad token\"}");
      return;
    }
  if (g_strcmp0 (g_hash_table_lookup (form, "email"), KNOWN) == 0)
    respond (msg, 200, "application/json",
             "{\"taken\": true, \"recovery\": {\"phone\": \"+33 \\u2022\\u2022 \\u2022\\u2022 "
             "\\u2022\\u2022 \\u2022\\u2022 12\", \"emails\": [\"j***@g****.com\", "
             "\"k\\u2022\\u2022\\u2022@o\\u2022\\u2022\\u2022.fr\"]}}");
  else
    respond (msg, 200, "application/json", "{\"taken\": false}");
}

static const char token_check[] =
    "{'id': 'tokensite', 'name': 'Token Site', 'home': 'https://www.tokensite.example/',"
    " 'category': 'social', 'needs_online_check': true,"
    " 'prepare': {'url': 'https://www.tokensite.example/signup',"
    "   'extract': {'csrf': {'meta': 'csrf-token'}, 'auth': {'input': 'authenticity_token'}}},"
    " 'request': {'method': 'POST', 'url': 'https://www.tokensite.example/api/check',"
    "   'headers': {'X-CSRF-Token': '{prepare.csrf}'},"
    "   'form': {'email': '{email}', 'authenticity_token': '{prepare.auth}'}},"
    " 'detect': {'found': [{'status': 200, 'json': {'path': 'taken', 'equals': true}}],"
    "            'not_found': [{'status': 200, 'json': {'path': 'taken', 'equals': false}}]},"
    " 'hints': [{'kind': 'phone', 'json': 'recovery.phone'},"
    "           {'kind': 'email', 'json': 'recovery.emails'}]}";

static void
add_token_site (CheckFixture *fixture)
{
  aura_test_server_add_handler (fixture->server, "tokensite.test", "/signup", signup_cb, NULL,
                                NULL);
  aura_test_server_add_handler (fixture->server, "tokensite.test", "/api/check", api_check_cb, NULL,
                                NULL);
}

static void
test_token_in_page_then_post (CheckFixture *fixture, gconstpointer data)
{
  g_autoptr (AuraEmailCheckList) list = load_checks (token_check);
  g_autoptr (AuraEmailCheckRun) known = NULL;
  g_autoptr (AuraEmailCheckRun) unknown = NULL;
  const AuraEmailCheckResult *result;
  AuraEmailHint *hint;

  add_token_site (fixture);
  known = check_run (fixture, list, KNOWN, 5000, 0);
  assert_result (known, "tokensite", AURA_VERDICT_FOUND, AURA_EMAIL_CHECK_REASON_MATCHED,
                 "json taken = true");
  result = result_of (known, "tokensite");
  g_assert_cmpuint (result->http_status, ==, 200);
  g_assert_cmpuint (result->requests, ==, 2);
  g_assert_cmpstr (result->method, ==, "POST");
  g_assert_true (g_str_has_suffix (result->url, "/api/check"));
  g_assert_true (result->needs_online_check);
  g_assert_cmpuint (result->hints->len, ==, 3);
  hint = g_ptr_array_index (result->hints, 0);
  g_assert_cmpint (hint->kind, ==, AURA_EMAIL_HINT_PHONE);
  g_assert_cmpstr (hint->value, ==, "+33 •• •• •• •• 12");
  hint = g_ptr_array_index (result->hints, 1);
  g_assert_cmpint (hint->kind, ==, AURA_EMAIL_HINT_EMAIL);
  g_assert_cmpstr (hint->value, ==, "j***@g****.com");
  hint = g_ptr_array_index (result->hints, 2);
  g_assert_cmpstr (hint->value, ==, "k•••@o•••.fr");

  unknown = check_run (fixture, list, UNKNOWN, 5000, 0);
  assert_result (unknown, "tokensite", AURA_VERDICT_NOT_FOUND, AURA_EMAIL_CHECK_REASON_MATCHED,
                 "json taken = false");
  g_assert_cmpuint (result_of (unknown, "tokensite")->hints->len, ==, 0);
  g_assert_cmpuint (aura_test_server_get_hits (fixture->server, "tokensite.test", "/signup"), ==,
                    2);
}

/* ---- Token in JSON, and missing ------------------------------------------------ */

static void
json_api_cb (AuraTestServer *server,
             SoupServerMessage *msg,
             const char *host,
             const char *path,
             gpointer user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autofree char *text = g_strndup (body->data, body->length);
  g_autoptr (JsonNode) root = json_from_string (text, NULL);
  JsonObject *object =
      root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  const char *email =
      object != NULL ? json_object_get_string_member_with_default (object, "login", "") : "";

  if (g_strcmp0 (soup_message_headers_get_one (headers, "Authorization"), "Bearer j-77\"x") != 0 ||
      object == NULL ||
      g_strcmp0 (json_object_get_string_member_with_default (object, "note", ""),
                 "say \"hi\" to known@example.com") != 0)
    {
      respond (msg, 401, "application/json", "{\"error\": \"no token\"}");
      return;
    }
  if (g_str_equal (email, KNOWN))
    respond (msg, 200, "application/json", "{\"status\": \"EMAIL_TAKEN\", \"n\": 3}");
  else
    respond (msg, 200, "application/json", "{\"status\": \"OK\", \"n\": 0}");
}

static const char json_checks[] =
    "{'id': 'jsontoken', 'name': 'JSON Token', 'home': 'https://jsontoken.example/',"
    " 'category': 'dev',"
    " 'prepare': {'url': 'https://jsontoken.example/api/session',"
    "   'extract': {'token': {'json': 'data.session[\\\"access-token\\\"]'}}},"
    " 'request': {'method': 'POST', 'url': 'https://jsontoken.example/api/lookup',"
    "   'headers': {'Authorization': 'Bearer {prepare.token}'},"
    "   'json': {'login': '{email}', 'options': [1, true, null],"
    "            'note': 'say \\'hi\\' to known@example.com'}},"
    " 'detect': {'found': [{'json': {'path': 'status', 'in': ['EMAIL_TAKEN', 'EMAIL_BANNED']}}],"
    "            'not_found': [{'json': [{'path': 'status', 'equals': 'OK'},"
    "                                    {'path': 'n', 'equals': 0}]}]}},"
    "{'id': 'notoken', 'name': 'No Token', 'home': 'https://notoken.example/',"
    " 'category': 'dev',"
    " 'prepare': {'url': 'https://notoken.example/signup',"
    "   'extract': {'csrf': {'regex': 'name=\\\"csrf\\\" value=\\\"([^\\\"]+)\\\"'}}},"
    " 'request': {'url': 'https://notoken.example/check?e={email_url}&t={prepare.csrf|url}'},"
    " 'detect': {'found': [{'status': 200}], 'not_found': [{'status': 404}]}}";

static void
test_token_in_json_and_missing (CheckFixture *fixture, gconstpointer data)
{
  g_autoptr (AuraEmailCheckList) list = load_checks (json_checks);
  g_autoptr (AuraEmailCheckRun) known = NULL;
  g_autoptr (AuraEmailCheckRun) unknown = NULL;
  const AuraEmailCheckResult *result;

  aura_test_server_add_response (
      fixture->server, "jsontoken.test", "/api/session", 200, NULL,
      "{\"data\": {\"session\": {\"access-token\": \"j-77\\\"x\", \"ttl\": 60}}}", 0);
  aura_test_server_add_handler (fixture->server, "jsontoken.test", "/api/lookup", json_api_cb, NULL,
                                NULL);
  aura_test_server_add_response (fixture->server, "notoken.test", "/signup", 200, NULL,
                                 "<form><input name=\"email\"></form>", 0);
  known = check_run (fixture, list, KNOWN, 5000, 0);
  assert_result (known, "jsontoken", AURA_VERDICT_FOUND, AURA_EMAIL_CHECK_REASON_MATCHED,
                 "json status = \"EMAIL_TAKEN\"");
  assert_result (known, "notoken", AURA_VERDICT_UNKNOWN, AURA_EMAIL_CHECK_REASON_NO_TOKEN,
                 "“csrf” was not found in the first page");
  /* The check stopped after the first page. */
  result = result_of (known, "notoken");
  g_assert_cmpuint (result->requests, ==, 1);
  g_assert_cmpuint (aura_test_server_get_hits (fixture->server, "notoken.test", "/check"), ==, 0);
  unknown = check_run (fixture, list, UNKNOWN, 5000, 0);
  assert_result (unknown, "jsontoken", AURA_VERDICT_NOT_FOUND, AURA_EMAIL_CHECK_REASON_MATCHED,
                 "json status = \"OK\" and json n = 0");
}

/* ---- Detection: status, text, redirects ----------------------------------------- */

static void
by_email_cb (AuraTestServer *server,
             SoupServerMessage *msg,
             const char *host,
             const char *path,
             gpointer user_data)
{
  const char *const *answers = user_data; /* known, unknown: "STATUS|LOCATION|BODY" */
  GUri *uri = soup_server_message_get_uri (msg);
  const char *query = g_uri_get_query (uri);
  gboolean known = query != NULL && strstr (query, "known%40example.com") != NULL;
  g_auto (GStrv) parts = g_strsplit (answers[known ? 0 : 1], "|", 3);

  if (*parts[1] != '\0')
    soup_message_headers_append (soup_server_message_get_response_headers (msg), "Location",
                                 parts[1]);
  respond (msg, (guint)g_ascii_strtoull (parts[0], NULL, 10), "text/html", parts[2]);
}

static const char *const status_answers[] = { "200||{}", "404||{}" };
static const char *const text_answers[] = {
  "200||<p>Cette adresse est déjà utilisée.</p>",
  "200||<p>Adresse disponible, continuez.</p>",
};
static const char *const redirect_answers[] = {
  "302|/login?existing=1|",
  "302|https://redirect.test/signup/step2|",
};

static const char detect_checks[] =
    "{'id': 'bystatus', 'name': 'Status', 'home': 'https://status.example/', 'category': 'other',"
    " 'request': {'url': 'https://status.example/u?email={email_url}'},"
    " 'detect': {'found': [{'status': '2xx'}], 'not_found': [{'status': [404, 410]}]}},"
    "{'id': 'bytext', 'name': 'Text', 'home': 'https://text.example/', 'category': 'other',"
    " 'request': {'url': 'https://text.example/u?email={email|url}'},"
    " 'detect': {'found': [{'contains': 'déjà utilisée'}],"
    "            'not_found': [{'contains': ['Adresse', 'disponible'],"
    "                           'not_contains': 'utilisée'}]}},"
    "{'id': 'byredirect', 'name': 'Redirect', 'home': 'https://r.example/', 'category': 'other',"
    " 'request': {'url': 'https://r.example/u?email={email_url}'},"
    " 'detect': {'found': [{'status': '3xx', 'redirect': '/login*'}],"
    "            'not_found': [{'redirect': '*/signup/*'}]}}";

static void
test_detect_status_text_redirect (CheckFixture *fixture, gconstpointer data)
{
  g_autoptr (AuraEmailCheckList) list = load_checks (detect_checks);
  g_autoptr (AuraEmailCheckRun) known = NULL;
  g_autoptr (AuraEmailCheckRun) unknown = NULL;

  aura_test_server_add_handler (fixture->server, "bystatus.test", "/u", by_email_cb,
                                (gpointer)status_answers, NULL);
  aura_test_server_add_handler (fixture->server, "bytext.test", "/u", by_email_cb,
                                (gpointer)text_answers, NULL);
  aura_test_server_add_handler (fixture->server, "byredirect.test", "/u", by_email_cb,
                                (gpointer)redirect_answers, NULL);
  known = check_run (fixture, list, KNOWN, 5000, 0);
  assert_result (known, "bystatus", AURA_VERDICT_FOUND, AURA_EMAIL_CHECK_REASON_MATCHED,
                 "status 200");
  assert_result (known, "bytext", AURA_VERDICT_FOUND, AURA_EMAIL_CHECK_REASON_MATCHED,
                 "text “déjà utilisée” present");
  assert_result (known, "byredirect", AURA_VERDICT_FOUND, AURA_EMAIL_CHECK_REASON_MATCHED,
                 "redirected to http://byredirect.test:");
  unknown = check_run (fixture, list, UNKNOWN, 5000, 0);
  assert_result (unknown, "bystatus", AURA_VERDICT_NOT_FOUND, AURA_EMAIL_CHECK_REASON_MATCHED,
                 "status 404");
  assert_result (unknown, "bytext", AURA_VERDICT_NOT_FOUND, AURA_EMAIL_CHECK_REASON_MATCHED,
                 "text “utilisée” absent");
  /* The redirect pointed elsewhere and was not followed. */
  assert_result (unknown, "byredirect", AURA_VERDICT_NOT_FOUND, AURA_EMAIL_CHECK_REASON_MATCHED,
                 "redirected to https://redirect.test/signup/step2");
}

/* ---- What is not an answer ---------------------------------------------------- */

static const char trouble_checks[] =
    "{'id': 'limited', 'name': 'Limited', 'home': 'https://l.example/', 'category': 'other',"
    " 'request': {'url': 'https://l.example/u?e={email_url}'},"
    " 'detect': {'found': [{'status': 200}], 'not_found': [{'status': 404}]}},"
    "{'id': 'limitedtext', 'name': 'Limited text', 'home': 'https://lt.example/',"
    " 'category': 'other', 'request': {'url': 'https://lt.example/u?e={email_url}'},"
    " 'detect': {'found': [{'status': 200}], 'not_found': [{'status': 404}],"
    "            'rate_limited': [{'contains': 'Too many attempts'}]}},"
    "{'id': 'walled', 'name': 'Walled', 'home': 'https://w.example/', 'category': 'other',"
    " 'request': {'url': 'https://w.example/u?e={email_url}'},"
    " 'detect': {'found': [{'status': 403}], 'not_found': [{'status': 404}]}},"
    "{'id': 'ownwall', 'name': 'Own wall', 'home': 'https://ow.example/', 'category': 'other',"
    " 'request': {'url': 'https://ow.example/u?e={email_url}'},"
    " 'detect': {'found': [{'status': 200}], 'not_found': [{'status': 404}],"
    "            'blocked': [{'status': 200, 'contains': 'Press and hold'}]}},"
    "{'id': 'badjson', 'name': 'Bad JSON', 'home': 'https://bj.example/', 'category': 'other',"
    " 'request': {'url': 'https://bj.example/u?e={email_url}'},"
    " 'detect': {'found': [{'json': {'path': 'exists', 'equals': true}}],"
    "            'not_found': [{'json': {'path': 'exists', 'equals': false}}]}},"
    "{'id': 'broken', 'name': 'Broken', 'home': 'https://b.example/', 'category': 'other',"
    " 'request': {'url': 'https://b.example/u?e={email_url}'},"
    " 'detect': {'found': [{'status': 200}], 'not_found': [{'status': 404}]}},"
    "{'id': 'failing', 'name': 'Failing', 'home': 'https://f.example/', 'category': 'other',"
    " 'request': {'url': 'https://f.example/u?e={email_url}'},"
    " 'detect': {'found': [{'status': 200}], 'not_found': [{'status': 404}]}},"
    "{'id': 'odd', 'name': 'Odd', 'home': 'https://o.example/', 'category': 'other',"
    " 'request': {'url': 'https://o.example/u?e={email_url}'},"
    " 'detect': {'found': [{'status': 200, 'contains': 'yes'}],"
    "            'not_found': [{'status': 200, 'contains': 'no'}]}}";

static const char cloudflare_page[] =
    "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
    "<div id=\"challenge\">Checking your browser before accessing the site.</div>"
    "<script>window._cf_chl_opt={cvId: '3'};</script></body></html>";

static void
test_unknown_answers (CheckFixture *fixture, gconstpointer data)
{
  g_autoptr (AuraEmailCheckList) list = load_checks (trouble_checks);
  g_autoptr (AuraEmailCheckRun) run = NULL;
  const char *const cf_headers[] = { "Server: cloudflare", "cf-mitigated: challenge", NULL };

  aura_test_server_add_response (fixture->server, "limited.test", "/u", 429, NULL, "slow down", 0);
  aura_test_server_add_response (fixture->server, "limitedtext.test", "/u", 200, NULL,
                                 "<p>Too many attempts, try later</p>", 0);
  aura_test_server_add_response (fixture->server, "walled.test", "/u", 403, cf_headers,
                                 cloudflare_page, 0);
  aura_test_server_add_response (fixture->server, "ownwall.test", "/u", 200, NULL,
                                 "<p>Press and hold the button</p>", 0);
  aura_test_server_add_response (fixture->server, "badjson.test", "/u", 200, NULL,
                                 "{\"exists\": tru", 0);
  aura_test_server_add_broken (fixture->server, "broken.test", "/u");
  aura_test_server_add_response (fixture->server, "failing.test", "/u", 500, NULL, "oops", 0);
  aura_test_server_add_response (fixture->server, "odd.test", "/u", 200, NULL, "maybe", 0);
  run = check_run (fixture, list, KNOWN, 5000, 0);
  assert_result (run, "limited", AURA_VERDICT_UNKNOWN, AURA_EMAIL_CHECK_REASON_RATE_LIMITED,
                 "rate_limited: status 429");
  assert_result (run, "limitedtext", AURA_VERDICT_UNKNOWN, AURA_EMAIL_CHECK_REASON_RATE_LIMITED,
                 "rate_limited: text “Too many attempts” present");
  /* A wall on a status the check reads as "found" is still a wall. */
  assert_result (run, "walled", AURA_VERDICT_UNKNOWN, AURA_EMAIL_CHECK_REASON_BLOCKED,
                 "blocked: Cloudflare challenge");
  assert_result (run, "ownwall", AURA_VERDICT_UNKNOWN, AURA_EMAIL_CHECK_REASON_BLOCKED,
                 "blocked: status 200 and text “Press and hold” present");
  assert_result (run, "badjson", AURA_VERDICT_UNKNOWN, AURA_EMAIL_CHECK_REASON_NOT_JSON,
                 "not_json: the answer was not JSON (status 200");
  assert_result (run, "broken", AURA_VERDICT_UNKNOWN, AURA_EMAIL_CHECK_REASON_NETWORK, "error: ");
  assert_result (run, "failing", AURA_VERDICT_UNKNOWN, AURA_EMAIL_CHECK_REASON_SERVER_ERROR,
                 "error: status 500");
  assert_result (run, "odd", AURA_VERDICT_UNKNOWN, AURA_EMAIL_CHECK_REASON_INCONCLUSIVE,
                 "inconclusive: status 200, no rule matched");
  g_assert_cmpuint (result_of (run, "failing")->http_status, ==, 500);
}

/* A first page behind a wall, or rate limited, explains itself. */
static const char prepare_trouble_checks[] =
    "{'id': 'prewall', 'name': 'Prewall', 'home': 'https://pw.example/', 'category': 'other',"
    " 'prepare': {'url': 'https://pw.example/signup', 'extract': {'t': {'input': 'tok'}}},"
    " 'request': {'url': 'https://pw.example/u?e={email_url}&t={prepare.t|url}'},"
    " 'detect': {'found': [{'status': 200}], 'not_found': [{'status': 404}]}},"
    "{'id': 'prelimit', 'name': 'Prelimit', 'home': 'https://pl.example/', 'category': 'other',"
    " 'prepare': {'url': 'https://pl.example/signup', 'extract': {'t': {'cookie': 'tok'}}},"
    " 'request': {'url': 'https://pl.example/u?e={email_url}'},"
    " 'detect': {'found': [{'status': 200}], 'not_found': [{'status': 404}]}},"
    "{'id': 'secret', 'name': 'Secret', 'home': 'https://s.example/', 'category': 'other',"
    " 'prepare': {'url': 'https://s.example/signup', 'extract': {'t': {'header': 'x-token'}}},"
    " 'request': {'url': 'https://s.example/u?e={email_url}&t={prepare.t|url}'},"
    " 'detect': {'found': [{'status': 200}], 'not_found': [{'status': 404}]}}";

static void
test_prepare_trouble_and_redaction (CheckFixture *fixture, gconstpointer data)
{
  g_autoptr (AuraEmailCheckList) list = load_checks (prepare_trouble_checks);
  g_autoptr (AuraEmailCheckRun) run = NULL;
  const char *const token_headers[] = { "X-Token: s3cr3t/t0ken", NULL };
  const AuraEmailCheckResult *result;

  aura_test_server_add_response (fixture->server, "prewall.test", "/signup", 403, NULL,
                                 "<div class=\"g-recaptcha\">Please verify you are human</div>", 0);
  aura_test_server_add_response (fixture->server, "prelimit.test", "/signup", 429, NULL, "", 0);
  aura_test_server_add_response (fixture->server, "secret.test", "/signup", 200, token_headers, "",
                                 0);
  aura_test_server_add_response (fixture->server, "secret.test", "/u", 200, NULL, "", 0);
  run = check_run (fixture, list, KNOWN, 5000, 0);
  assert_result (run, "prewall", AURA_VERDICT_UNKNOWN, AURA_EMAIL_CHECK_REASON_BLOCKED,
                 "blocked: reCAPTCHA (first request)");
  assert_result (run, "prelimit", AURA_VERDICT_UNKNOWN, AURA_EMAIL_CHECK_REASON_RATE_LIMITED,
                 "first request");
  assert_result (run, "secret", AURA_VERDICT_FOUND, AURA_EMAIL_CHECK_REASON_MATCHED, NULL);
  /* The token went to the site, and stays out of what is recorded. */
  result = result_of (run, "secret");
  g_assert_null (strstr (result->url, "s3cr3t"));
  g_assert_nonnull (strstr (result->url, "t=REDACTED"));
  g_assert_nonnull (strstr (result->url, "e=known%40example.com"));
}

/* ---- Deadlines, cancellation, concurrency ------------------------------------------ */

static const char slow_check[] =
    "{'id': 'slow', 'name': 'Slow', 'home': 'https://slow.example/', 'category': 'other',"
    " 'request': {'url': 'https://slow.example/u?e={email_url}'},"
    " 'detect': {'found': [{'status': 200}], 'not_found': [{'status': 404}]}}";

static void
test_deadline (CheckFixture *fixture, gconstpointer data)
{
  g_autoptr (AuraEmailCheckList) list = load_checks (slow_check);
  g_autoptr (AuraEmailCheckRun) run = NULL;
  gint64 start = g_get_monotonic_time ();

  aura_test_server_add_response (fixture->server, "slow.test", "/u", 200, NULL, "late", 3000);
  run = check_run (fixture, list, KNOWN, 300, 0);
  assert_result (run, "slow", AURA_VERDICT_UNKNOWN, AURA_EMAIL_CHECK_REASON_TIMEOUT, "timeout");
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
}

static gboolean
cancel_cb (gpointer data)
{
  aura_email_check_run_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
count_result_cb (AuraEmailCheckRun *run, AuraEmailCheckResult *result, gpointer data)
{
  guint *count = data;

  (*count)++;
  g_assert_cmpint (result->verdict, ==, AURA_VERDICT_UNKNOWN);
  g_assert_cmpint (result->reason_kind, ==, AURA_EMAIL_CHECK_REASON_CANCELLED);
}

static void
test_cancel (CheckFixture *fixture, gconstpointer data)
{
  g_autoptr (GString) checks = g_string_new (NULL);
  g_autoptr (AuraEmailCheckList) list = NULL;
  g_autoptr (AuraEmailCheckRun) run = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) overrides = NULL;
  AuraEmailCheckRunOptions options = { 0 };
  gint64 start = g_get_monotonic_time ();
  guint results = 0;

  for (guint i = 0; i < 6; i++)
    g_string_append_printf (
        checks,
        "%s{'id': 'c%u', 'name': 'C', 'home': 'https://c.example/', 'category': 'other',"
        " 'request': {'url': 'https://c.example/u?e={email_url}'},"
        " 'detect': {'found': [{'status': 200}], 'not_found': [{'status': 404}]}}",
        i > 0 ? "," : "", i);
  list = load_checks (checks->str);
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *host = g_strdup_printf ("c%u.test", i);

      aura_test_server_add_response (fixture->server, host, "/u", 200, NULL, "late", 3000);
    }
  overrides = check_overrides (fixture, list);
  options.email = KNOWN;
  options.checks = list;
  options.url_overrides = (const char *const *)overrides;
  options.max_concurrent = 2;
  run = aura_email_check_run_new (fixture->engine, &options, &error);
  g_assert_no_error (error);
  g_signal_connect (run, "result", G_CALLBACK (count_result_cb), &results);
  g_timeout_add (150, cancel_cb, run);
  g_assert_false (aura_email_check_run_run (run, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (results, ==, 6);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  /* Only the two running checks had reached the server. */
  g_assert_cmpuint (aura_test_server_get_max_open (fixture->server, NULL), <=, 2);
}

static void
test_bounded_concurrency (CheckFixture *fixture, gconstpointer data)
{
  g_autoptr (GString) checks = g_string_new (NULL);
  g_autoptr (AuraEmailCheckList) list = NULL;
  g_autoptr (AuraEmailCheckRun) run = NULL;

  for (guint i = 0; i < 9; i++)
    {
      g_autofree char *host = g_strdup_printf ("k%u.test", i);

      g_string_append_printf (
          checks,
          "%s{'id': 'k%u', 'name': 'K', 'home': 'https://k.example/', 'category': 'other',"
          " 'request': {'url': 'https://k.example/u?e={email_url}'},"
          " 'detect': {'found': [{'status': 200}], 'not_found': [{'status': 404}]}}",
          i > 0 ? "," : "", i);
      aura_test_server_add_response (fixture->server, host, "/u", 404, NULL, "", 60);
    }
  list = load_checks (checks->str);
  run = check_run (fixture, list, KNOWN, 5000, 3);
  for (guint i = 0; i < 9; i++)
    {
      g_autofree char *id = g_strdup_printf ("k%u", i);

      assert_result (run, id, AURA_VERDICT_NOT_FOUND, AURA_EMAIL_CHECK_REASON_MATCHED, NULL);
    }
  g_assert_cmpuint (aura_test_server_get_max_open (fixture->server, NULL), <=, 3);
  g_assert_cmpuint (aura_test_server_get_max_open (fixture->server, NULL), >=, 2);
}

/* ---- Hints with odd Unicode -------------------------------------------------------- */

static const char hint_check[] =
    "{'id': 'hinty', 'name': 'Hinty', 'home': 'https://h.example/', 'category': 'other',"
    " 'request': {'url': 'https://h.example/u?e={email_url}'},"
    " 'detect': {'found': [{'status': 200, 'contains': 'We sent a code'}],"
    "            'not_found': [{'status': 404}]},"
    " 'hints': [{'kind': 'phone', 'regex': 'to the phone ending <b>([^<]{1,60})</b>'},"
    "           {'kind': 'email', 'regex': 'backup address <i>([^<]{1,80})</i>'}]}";

static void
test_hints_odd_unicode (CheckFixture *fixture, gconstpointer data)
{
  g_autoptr (AuraEmailCheckList) list = load_checks (hint_check);
  g_autoptr (AuraEmailCheckRun) run = NULL;
  const AuraEmailCheckResult *result;
  /* A bidirectional override, a zero-width space, a no-break space, a
   * character reference, a line break and invalid UTF-8. */
  const char page[] = "<p>We sent a code to the phone ending <b>+1\u202e \u200b•••\u00a0•••"
                      "&#x2022;&bull; 4\n2</b>.</p>"
                      "<p>Or to your backup address <i>m\xff\xfe***@y&amp;***.com</i></p>"
                      "<p>And to the phone ending <b>+1\u202e \u200b•••\u00a0•••&#x2022;&bull; "
                      "4\n2</b> again.</p>";
  AuraEmailHint *hint;

  aura_test_server_add_response (fixture->server, "hinty.test", "/u", 200, NULL, page, 0);
  run = check_run (fixture, list, KNOWN, 5000, 0);
  assert_result (run, "hinty", AURA_VERDICT_FOUND, AURA_EMAIL_CHECK_REASON_MATCHED, NULL);
  result = result_of (run, "hinty");
  /* The repeated phone is kept once. */
  g_assert_cmpuint (result->hints->len, ==, 2);
  hint = g_ptr_array_index (result->hints, 0);
  g_assert_cmpint (hint->kind, ==, AURA_EMAIL_HINT_PHONE);
  g_assert_cmpstr (hint->value, ==, "+1 ••• ••••• 4 2");
  hint = g_ptr_array_index (result->hints, 1);
  g_assert_cmpint (hint->kind, ==, AURA_EMAIL_HINT_EMAIL);
  g_assert_true (g_utf8_validate (hint->value, -1, NULL));
  g_assert_cmpstr (hint->value, ==, "m\uFFFD\uFFFD***@y&***.com");
}

/* ---- Store converters, options ---------------------------------------------------- */

static void
test_record_and_evidence (CheckFixture *fixture, gconstpointer data)
{
  g_autoptr (AuraEmailCheckList) list = load_checks (token_check);
  g_autoptr (AuraEmailCheckRun) run = NULL;
  g_autoptr (AuraScanResultRecord) record = NULL;
  g_autoptr (JsonNode) result_json = NULL;
  g_autoptr (JsonNode) evidence = NULL;
  g_autofree char *metadata = NULL;
  const AuraEmailCheckResult *result;
  JsonObject *object;
  JsonArray *hints;

  add_token_site (fixture);
  run = check_run (fixture, list, KNOWN, 5000, 0);
  result = result_of (run, "tokensite");
  record = aura_email_check_result_to_record (result, 42);
  g_assert_cmpint (record->scan_id, ==, 42);
  g_assert_cmpstr (record->site, ==, "tokensite");
  g_assert_cmpstr (record->verdict, ==, "found");
  g_assert_cmpstr (record->method, ==, "POST");
  g_assert_cmpuint (record->http_status, ==, 200);
  g_assert_cmpstr (record->reason, ==, result->reason);
  result_json = json_from_string (record->result, NULL);
  object = json_node_get_object (result_json);
  g_assert_cmpstr (json_object_get_string_member (object, "reason_code"), ==, "matched");
  g_assert_cmpstr (json_object_get_string_member (object, "category"), ==, "social");
  g_assert_true (json_object_get_boolean_member (object, "needs_online_check"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "hints")), ==, 3);

  metadata = aura_email_check_result_hints_to_json (result, KNOWN);
  g_assert_nonnull (metadata);
  evidence = json_from_string (metadata, NULL);
  object = json_node_get_object (evidence);
  g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "recovery_hint");
  g_assert_cmpstr (json_object_get_string_member (object, "email"), ==, KNOWN);
  g_assert_cmpstr (json_object_get_string_member (object, "check"), ==, "tokensite");
  hints = json_object_get_array_member (object, "hints");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (hints, 0), "kind"),
                   ==, "phone");
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (hints, 1), "value"), ==,
      "j***@g****.com");
}

static void
test_options_refused (CheckFixture *fixture, gconstpointer data)
{
  g_autoptr (AuraEmailCheckList) list = load_checks (slow_check);
  AuraEmailCheckRunOptions options = { 0 };
  const char *const bad_override[] = { "nosuch=http://x.test/", NULL };
  const char *const bad_base[] = { "slow=ftp://x.test/", NULL };
  const char *const bad_id[] = { "slow", "nosuch", NULL };
  const char *const emails[] = { "no-at-sign", "a@@b.example", "spaced out@example.com", "" };

  options.checks = list;
  for (guint i = 0; i < G_N_ELEMENTS (emails); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (AuraEmailCheckRun) run = NULL;

      options.email = emails[i];
      run = aura_email_check_run_new (fixture->engine, &options, &error);
      g_assert_null (run);
      g_assert_error (error, AURA_EMAIL_CHECK_ERROR, AURA_EMAIL_CHECK_ERROR_INVALID);
    }
  options.email = KNOWN;
  {
    g_autoptr (GError) error = NULL;

    options.url_overrides = bad_override;
    g_assert_null (aura_email_check_run_new (fixture->engine, &options, &error));
    g_assert_error (error, AURA_EMAIL_CHECK_ERROR, AURA_EMAIL_CHECK_ERROR_NOT_FOUND);
  }
  {
    g_autoptr (GError) error = NULL;

    options.url_overrides = bad_base;
    g_assert_null (aura_email_check_run_new (fixture->engine, &options, &error));
    g_assert_error (error, AURA_EMAIL_CHECK_ERROR, AURA_EMAIL_CHECK_ERROR_INVALID);
  }
  {
    g_autoptr (GError) error = NULL;

    options.url_overrides = NULL;
    options.check_ids = bad_id;
    g_assert_null (aura_email_check_run_new (fixture->engine, &options, &error));
    g_assert_error (error, AURA_EMAIL_CHECK_ERROR, AURA_EMAIL_CHECK_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "nosuch"));
  }
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (AuraEmailCheckRun) run = NULL;

    /* An address in any case and with a Unicode domain is checked as
     * A-labels, its local part as typed. */
    options.check_ids = NULL;
    options.email = "  Jean.Dupont@Bücher.Example ";
    run = aura_email_check_run_new (fixture->engine, &options, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (aura_email_check_run_get_email (run), ==, "Jean.Dupont@xn--bcher-kva.example");
  }
}

#define ADD(path, func)                                                                            \
  g_test_add (path, CheckFixture, NULL, check_fixture_set_up, func, check_fixture_tear_down)

/* ---- Rate hints -------------------------------------------------------------- */

static void
count_finished_cb (AuraEmailCheckRun *run, gpointer data)
{
  (*(guint *)data)++;
}

/* Five addresses at once, each run asking "paced" (5 a second) and "quick"
 * (no hint) on their own hosts, without overrides. */
static void
run_five (CheckFixture *fixture, gboolean ignore, GArray **paced, GArray **quick)
{
  guint port = aura_test_server_get_port (fixture->server);
  g_autofree char *checks = g_strdup_printf (
      "{'id': 'paced', 'name': 'Paced', 'home': 'http://paced.test:%u/', 'category': 'other',"
      " 'rate': 5, 'request': {'url': 'http://paced.test:%u/check?e={email|url}'},"
      " 'detect': {'found': [{'status': 200}], 'not_found': [{'status': 404}]}},"
      "{'id': 'quick', 'name': 'Quick', 'home': 'http://quick.test:%u/', 'category': 'other',"
      " 'request': {'url': 'http://quick.test:%u/check?e={email|url}'},"
      " 'detect': {'found': [{'status': 200}], 'not_found': [{'status': 404}]}}",
      port, port, port, port);
  g_autoptr (AuraEmailCheckList) list = load_checks (checks);
  g_autoptr (GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  guint finished = 0;

  aura_test_server_add_response (fixture->server, "paced.test", "/check", 404, NULL, "no", 0);
  aura_test_server_add_response (fixture->server, "quick.test", "/check", 404, NULL, "no", 0);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *email = g_strdup_printf ("user%u@example.com", i);
      AuraEmailCheckRunOptions options = { 0 };
      AuraEmailCheckRun *run;

      options.email = email;
      options.checks = list;
      options.ignore_rate_hints = ignore;
      run = aura_email_check_run_new (fixture->engine, &options, &error);
      g_assert_no_error (error);
      g_signal_connect (run, "finished", G_CALLBACK (count_finished_cb), &finished);
      g_ptr_array_add (runs, run);
      aura_email_check_run_start (run);
    }
  while (finished < 5 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (finished, ==, 5);
  for (guint i = 0; i < runs->len; i++)
    {
      assert_result (runs->pdata[i], "paced", AURA_VERDICT_NOT_FOUND,
                     AURA_EMAIL_CHECK_REASON_MATCHED, NULL);
      assert_result (runs->pdata[i], "quick", AURA_VERDICT_NOT_FOUND,
                     AURA_EMAIL_CHECK_REASON_MATCHED, NULL);
    }
  *paced = aura_test_server_get_arrivals (fixture->server, "paced.test", "/check");
  *quick = aura_test_server_get_arrivals (fixture->server, "quick.test", "/check");
  g_assert_cmpuint ((*paced)->len, ==, 5);
  g_assert_cmpuint ((*quick)->len, ==, 5);
}

static gint64
arrival (GArray *arrivals, guint i)
{
  return g_array_index (arrivals, gint64, i);
}

static void
test_rate_hints (CheckFixture *fixture, gconstpointer data)
{
  g_autoptr (GArray) paced = NULL;
  g_autoptr (GArray) quick = NULL;

  run_five (fixture, FALSE, &paced, &quick);
  /* A burst of two (a check's two requests), then 200 ms apart. */
  for (guint i = 2; i < paced->len; i++)
    {
      gint64 gap = arrival (paced, i) - arrival (paced, i - 1);

      g_test_message ("paced gap %u: %" G_GINT64_FORMAT " µs", i, gap);
      g_assert_cmpint (gap, >=, 170 * 1000);
    }
  /* The site without a hint was not held back. */
  g_assert_cmpint (arrival (quick, 4), <, arrival (paced, 3));
}

static void
test_rate_hints_ignored (CheckFixture *fixture, gconstpointer data)
{
  g_autoptr (GArray) paced = NULL;
  g_autoptr (GArray) quick = NULL;

  run_five (fixture, TRUE, &paced, &quick);
  g_assert_cmpint (arrival (paced, 4) - arrival (paced, 0), <, 400 * 1000);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  ADD ("/emailcheck/run/token-in-page-then-post-with-cookies", test_token_in_page_then_post);
  ADD ("/emailcheck/run/token-in-json-and-token-missing", test_token_in_json_and_missing);
  ADD ("/emailcheck/run/detect-status-text-redirect", test_detect_status_text_redirect);
  ADD ("/emailcheck/run/unknown-answers-say-why", test_unknown_answers);
  ADD ("/emailcheck/run/first-request-trouble-and-redaction", test_prepare_trouble_and_redaction);
  ADD ("/emailcheck/run/deadline", test_deadline);
  ADD ("/emailcheck/run/cancel", test_cancel);
  ADD ("/emailcheck/run/bounded-concurrency", test_bounded_concurrency);
  ADD ("/emailcheck/run/hints-odd-unicode", test_hints_odd_unicode);
  ADD ("/emailcheck/run/record-and-evidence", test_record_and_evidence);
  ADD ("/emailcheck/run/options-refused", test_options_refused);
  ADD ("/emailcheck/run/rate-hints-pace-hosts", test_rate_hints);
  ADD ("/emailcheck/run/rate-hints-ignored", test_rate_hints_ignored);
  return g_test_run ();
}
