/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "aura.h"
#include "aura-api-keys.h"
#include "aura-email.h"
#include "aura-test-server.h"

/* Gravatar and Have I Been Pwned through the engine, against a SoupServer
 * on loopback standing in for both services: found, none, malformed
 * answers, refused keys, rate limits and oversized bodies. The HIBP key
 * must never show in results, reasons or the log. */

#define EMAIL " Ann.Example@Example.COM "
#define KEY "k3y-0123456789abcdef-SECRET"

static GString *log_text;

static GLogWriterOutput
log_writer (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_strcmp0 (fields[i].key, "MESSAGE") == 0 && fields[i].length < 0)
      {
        g_string_append (log_text, fields[i].value);
        g_string_append_c (log_text, '\n');
      }
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_default (level, fields, n_fields, user_data);
  return G_LOG_WRITER_HANDLED;
}

typedef struct
{
  AuraTestServer *server;
  AuraEngine *engine;
  char *base;
  char *sha256;
  char *md5;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  AuraEngineOptions options = { 0 };
  g_autoptr (GError) error = NULL;

  options.loopback_only = TRUE;
  options.retry_base_ms = 50;
  options.retry_after_cap_ms = 3000;
  f->server = aura_test_server_new ();
  f->engine = aura_engine_new (&options, &error);
  g_assert_no_error (error);
  f->base = aura_test_server_url (f->server, "127.0.0.1", "/");
  f->sha256 = aura_gravatar_sha256 (EMAIL);
  f->md5 = aura_gravatar_md5 (EMAIL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_assert_finalize_object (f->engine);
  aura_test_server_free (f->server);
  g_free (f->base);
  g_free (f->sha256);
  g_free (f->md5);
}

static char *
path_of (const char *prefix, const char *hash, const char *suffix)
{
  return g_strconcat (prefix, hash, suffix, NULL);
}

/* ---- Gravatar -------------------------------------------------------------- */

typedef struct
{
  GMainLoop *loop;
  gpointer result;
  GError *error;
} Wait;

static void
gravatar_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Wait *wait = user_data;

  wait->result = aura_gravatar_lookup_finish (res, &wait->error);
  g_main_loop_quit (wait->loop);
}

static AuraGravatarResult *
gravatar (Fixture *f, gboolean legacy, const char *api_key)
{
  g_autofree char *avatar = g_strconcat (f->base, "avatar/", NULL);
  g_autofree char *api = g_strconcat (f->base, "v3/", NULL);
  AuraGravatarOptions options = { .avatar_base = avatar,
                                  .profile_base = f->base,
                                  .api_base = api,
                                  .use_legacy = legacy,
                                  .api_key = api_key };
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL, NULL };

  aura_gravatar_lookup_async (f->engine, EMAIL, &options, NULL, gravatar_cb, &wait);
  g_main_loop_run (wait.loop);
  g_main_loop_unref (wait.loop);
  g_assert_no_error (wait.error);
  g_assert_nonnull (wait.result);
  return wait.result;
}

static void
test_hashes (void)
{
  g_autofree char *md5 = aura_gravatar_md5 (EMAIL);
  g_autofree char *sha = aura_gravatar_sha256 (EMAIL);
  g_autofree char *expect_md5 =
      g_compute_checksum_for_string (G_CHECKSUM_MD5, "ann.example@example.com", -1);

  g_assert_cmpstr (md5, ==, expect_md5);
  g_assert_cmpstr (sha, ==, "ed8bbed62e5413bda71004ce9dc94605cb9321d340ba1d9c239b099d06bcc38e");
  for (const char *p = sha; *p != '\0'; p++)
    g_assert_true (g_ascii_isxdigit (*p) && !g_ascii_isupper (*p));
}

static const char v3_profile[] =
    "{\"hash\": \"x\", \"display_name\": \"Ann Example\", "
    "\"profile_url\": \"https://gravatar.com/annex\", "
    "\"avatar_url\": \"https://0.gravatar.com/avatar/x\", \"location\": \"Lyon, France\", "
    "\"description\": \"Maker of things\", \"job_title\": \"Engineer\", \"company\": \"Acme\", "
    "\"pronouns\": \"she/her\", "
    "\"verified_accounts\": [{\"service_type\": \"github\", \"service_label\": \"GitHub\", "
    "\"url\": \"https://github.com/annex\", \"is_hidden\": false}, "
    "{\"service_type\": \"x\", \"service_label\": \"X\", \"url\": \"https://x.com/hidden\", "
    "\"is_hidden\": true}, 42], "
    "\"links\": [{\"label\": \"Blog\", \"url\": \"https://ann.example/blog\"}, {\"label\": 1}]}";

static void
test_gravatar_found (Fixture *f, gconstpointer data)
{
  const char *image[] = { "Content-Type: image/png", NULL };
  const char *json[] = { "Content-Type: application/json", NULL };
  g_autofree char *avatar_path = path_of ("/avatar/", f->sha256, "");
  g_autofree char *profile_path = path_of ("/v3/profiles/", f->sha256, "");
  g_autoptr (AuraGravatarResult) result = NULL;
  g_autofree char *auth = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *text = NULL;
  AuraGravatarAccount *account;

  aura_test_server_add_response (f->server, NULL, avatar_path, 200, image, "PNG", 0);
  aura_test_server_add_response (f->server, NULL, profile_path, 200, json, v3_profile, 0);
  result = gravatar (f, FALSE, "grav-key");
  g_assert_cmpint (result->avatar, ==, AURA_EMAIL_LOOKUP_FOUND);
  g_assert_cmpint (result->profile, ==, AURA_EMAIL_LOOKUP_FOUND);
  g_assert_true (g_str_has_prefix (result->avatar_url, "https://gravatar.com/avatar/"));
  g_assert_cmpstr (result->display_name, ==, "Ann Example");
  g_assert_cmpstr (result->username, ==, "annex");
  g_assert_cmpstr (result->location, ==, "Lyon, France");
  g_assert_cmpstr (result->about, ==, "Maker of things");
  g_assert_cmpstr (result->company, ==, "Acme");
  g_assert_cmpuint (result->accounts->len, ==, 1);
  account = result->accounts->pdata[0];
  g_assert_cmpstr (account->service, ==, "github");
  g_assert_cmpstr (account->url, ==, "https://github.com/annex");
  g_assert_true (account->verified);
  g_assert_cmpuint (g_strv_length (result->urls), ==, 1);
  g_assert_cmpstr (result->urls[0], ==, "https://ann.example/blog");
  g_assert_cmpstr (result->photos[0], ==, "https://0.gravatar.com/avatar/x");
  auth = aura_test_server_get_last_header (f->server, NULL, profile_path, "Authorization");
  g_assert_cmpstr (auth, ==, "Bearer grav-key");
  node = aura_gravatar_result_to_json (result);
  text = json_to_string (node, FALSE);
  g_assert_nonnull (strstr (text, "\"avatar\":\"found\""));
  g_assert_null (strstr (text, "grav-key"));
}

static const char legacy_profile[] =
    "{\"entry\": [{\"id\": \"1\", \"preferredUsername\": \"annex\", "
    "\"displayName\": \"Ann E.\", \"aboutMe\": \"Hello\", \"currentLocation\": \"Lyon\", "
    "\"profileUrl\": \"http://gravatar.com/annex\", "
    "\"accounts\": [{\"domain\": \"github.com\", \"url\": \"https://github.com/annex\", "
    "\"username\": \"annex\", \"shortname\": \"github\", \"verified\": \"true\"}, "
    "{\"domain\": \"twitter.com\", \"url\": \"https://twitter.com/ann\", \"username\": "
    "\"ann\", \"shortname\": \"twitter\", \"verified\": \"false\"}], "
    "\"urls\": [{\"value\": \"https://ann.example\", \"title\": \"Site\"}], "
    "\"photos\": [{\"value\": \"https://secure.gravatar.com/avatar/x\", \"type\": "
    "\"thumbnail\"}]}]}";

static void
test_gravatar_legacy (Fixture *f, gconstpointer data)
{
  g_autofree char *profile_path = path_of ("/", f->md5, ".json");
  g_autoptr (AuraGravatarResult) result = NULL;
  AuraGravatarAccount *second;

  aura_test_server_add_response (f->server, NULL, profile_path, 200, NULL, legacy_profile, 0);
  result = gravatar (f, TRUE, NULL);
  /* No avatar handler: the server's 404. */
  g_assert_cmpint (result->avatar, ==, AURA_EMAIL_LOOKUP_NONE);
  g_assert_cmpint (result->profile, ==, AURA_EMAIL_LOOKUP_FOUND);
  g_assert_cmpstr (result->username, ==, "annex");
  g_assert_cmpstr (result->display_name, ==, "Ann E.");
  g_assert_cmpstr (result->location, ==, "Lyon");
  g_assert_cmpuint (result->accounts->len, ==, 2);
  second = result->accounts->pdata[1];
  g_assert_cmpstr (second->service, ==, "twitter");
  g_assert_cmpstr (second->label, ==, "twitter.com");
  g_assert_cmpstr (second->username, ==, "ann");
  g_assert_false (second->verified);
  g_assert_true (((AuraGravatarAccount *)result->accounts->pdata[0])->verified);
  g_assert_cmpstr (result->urls[0], ==, "https://ann.example");
  g_assert_cmpstr (result->photos[0], ==, "https://secure.gravatar.com/avatar/x");
}

static void
test_gravatar_none (Fixture *f, gconstpointer data)
{
  g_autofree char *avatar_path = path_of ("/avatar/", f->sha256, "");
  g_autofree char *profile_path = path_of ("/v3/profiles/", f->sha256, "");
  g_autoptr (AuraGravatarResult) result = NULL;

  aura_test_server_add_response (f->server, NULL, avatar_path, 404, NULL, "", 0);
  aura_test_server_add_response (f->server, NULL, profile_path, 404, NULL,
                                 "{\"error\": \"Profile not found\"}", 0);
  result = gravatar (f, FALSE, NULL);
  g_assert_cmpint (result->avatar, ==, AURA_EMAIL_LOOKUP_NONE);
  g_assert_cmpint (result->profile, ==, AURA_EMAIL_LOOKUP_NONE);
  g_assert_null (result->profile_reason);
  g_assert_cmpuint (result->accounts->len, ==, 0);
  g_assert_cmpuint (aura_test_server_get_hits (f->server, NULL, avatar_path), ==, 1);
}

typedef struct
{
  const char *body;
  const char *content_type;
  const char *reason;
} BadBody;

static void
test_gravatar_bad_bodies (Fixture *f, gconstpointer data)
{
  static const BadBody bodies[] = {
    { "{\"display_name\": ", "application/json", "not valid JSON" },
    { "  <!DOCTYPE html><html><body>Just a moment…</body></html>", "text/html", "web page" },
    { "[1, 2]", "application/json", "not a profile" },
    { "{\"unrelated\": true}", "application/json", "not a profile" },
    { "\"User not found\"", "application/json", "not a profile" },
  };
  g_autofree char *profile_path = path_of ("/v3/profiles/", f->sha256, "");

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autofree char *header = g_strconcat ("Content-Type: ", bodies[i].content_type, NULL);
      const char *headers[] = { header, NULL };
      g_autoptr (AuraGravatarResult) result = NULL;

      aura_test_server_add_response (f->server, NULL, profile_path, 200, headers, bodies[i].body,
                                     0);
      result = gravatar (f, FALSE, NULL);
      g_test_message ("%s", result->profile_reason);
      g_assert_cmpint (result->profile, ==, AURA_EMAIL_LOOKUP_UNKNOWN);
      g_assert_nonnull (strstr (result->profile_reason, bodies[i].reason));
      g_assert_null (result->display_name);
    }

  /* The reader on its own, with hostile input. */
  {
    g_autoptr (AuraGravatarResult) result = g_new0 (AuraGravatarResult, 1);
    const char invalid[] = "{\"display_name\": \"\xff\"}";

    result->accounts = g_ptr_array_new ();
    g_assert_false (aura_gravatar_read_profile (result, invalid, sizeof invalid - 1, FALSE));
    g_assert_nonnull (result->profile_reason);
    g_assert_false (aura_gravatar_read_profile (result, "{\"entry\": []}", 13, TRUE));
    g_assert_nonnull (strstr (result->profile_reason, "no profile entry"));
  }
}

static void
test_gravatar_rate_limit_then_ok (Fixture *f, gconstpointer data)
{
  g_autofree char *profile_path = path_of ("/v3/profiles/", f->sha256, "");
  g_autofree char *ok = g_strconcat ("200|Content-Type: application/json|", v3_profile, NULL);
  const char *steps[] = { "429|Retry-After: 1|slow down", ok, NULL };
  g_autoptr (AuraGravatarResult) result = NULL;

  aura_test_server_add_script (f->server, NULL, profile_path, steps);
  result = gravatar (f, FALSE, NULL);
  g_assert_cmpint (result->profile, ==, AURA_EMAIL_LOOKUP_FOUND);
  g_assert_cmpstr (result->display_name, ==, "Ann Example");
  g_assert_cmpuint (aura_test_server_get_hits (f->server, NULL, profile_path), ==, 2);
}

static void
test_gravatar_oversized (Fixture *f, gconstpointer data)
{
  g_autofree char *profile_path = path_of ("/v3/profiles/", f->sha256, "");
  g_autoptr (AuraGravatarResult) result = NULL;

  aura_test_server_add_stream (f->server, NULL, profile_path, 16384, 2 * 1024 * 1024);
  result = gravatar (f, FALSE, NULL);
  g_assert_cmpint (result->profile, ==, AURA_EMAIL_LOOKUP_UNKNOWN);
  g_assert_nonnull (strstr (result->profile_reason, "256 KiB"));
}

/* ---- Have I Been Pwned ---------------------------------------------------------- */

static void
hibp_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Wait *wait = user_data;

  wait->result = aura_hibp_lookup_finish (res, &wait->error);
  g_main_loop_quit (wait->loop);
}

static AuraHibpResult *
hibp (Fixture *f, const char *key)
{
  g_autoptr (AuraApiKeys) keys = aura_api_keys_new ();
  g_autofree char *base = g_strconcat (f->base, "api/v3", NULL);
  AuraHibpOptions options = { .base_url = base };
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL, NULL };

  aura_api_keys_set_use_keyring (keys, FALSE);
  aura_api_keys_set_use_environment (keys, FALSE);
  if (key != NULL)
    aura_api_keys_set (keys, AURA_HIBP_KEY_NAME, key);
  aura_hibp_lookup_async (f->engine, keys, EMAIL, &options, NULL, hibp_cb, &wait);
  g_main_loop_run (wait.loop);
  g_main_loop_unref (wait.loop);
  g_assert_no_error (wait.error);
  g_assert_nonnull (wait.result);
  return wait.result;
}

static const char breaches_body[] =
    "[{\"Name\": \"Adobe\", \"Title\": \"Adobe\", \"Domain\": \"adobe.com\", "
    "\"BreachDate\": \"2013-10-04\", \"AddedDate\": \"2013-12-04T00:00:00Z\", "
    "\"PwnCount\": 152445165, \"DataClasses\": [\"Email addresses\", \"Passwords\"], "
    "\"IsVerified\": true, \"IsFabricated\": false, \"IsSensitive\": false, "
    "\"IsRetired\": false, \"IsSpamList\": false, \"IsMalware\": false}, "
    "{\"Name\": \"SpamList\", \"Title\": \"A spam list\", \"Domain\": \"\", "
    "\"BreachDate\": \"2017-01-01\", \"PwnCount\": 1000, \"DataClasses\": [\"Email "
    "addresses\"], \"IsVerified\": false, \"IsSpamList\": true, \"IsSensitive\": true}, "
    "\"junk\"]";

static const char pastes_body[] =
    "[{\"Source\": \"Pastebin\", \"Id\": \"8Q0BvKD8\", \"Title\": \"syslog\", "
    "\"Date\": \"2014-03-04T19:14:54Z\", \"EmailCount\": 139}]";

/* SoupServer matches the decoded path: the "%40" sent arrives as "@". */
#define BREACH_PATH "/api/v3/breachedaccount/ann.example@example.com"
#define PASTE_PATH "/api/v3/pasteaccount/ann.example@example.com"

static void
assert_no_key (const AuraHibpResult *result)
{
  g_autoptr (JsonNode) node = aura_hibp_result_to_json (result);
  g_autofree char *text = json_to_string (node, FALSE);

  g_assert_null (strstr (text, KEY));
  g_assert_null (strstr (log_text->str, KEY));
}

static void
test_hibp_no_key (Fixture *f, gconstpointer data)
{
  g_autoptr (AuraHibpResult) result = hibp (f, NULL);

  g_assert_cmpint (result->breaches_state, ==, AURA_EMAIL_LOOKUP_SKIPPED);
  g_assert_cmpint (result->pastes_state, ==, AURA_EMAIL_LOOKUP_SKIPPED);
  g_assert_nonnull (strstr (result->breaches_reason, "no Have I Been Pwned API key"));
  g_assert_nonnull (strstr (result->breaches_reason, "AURA_KEY_HIBP"));
  g_assert_cmpuint (aura_test_server_get_hits (f->server, NULL, "*"), ==, 0);
}

static void
test_hibp_found (Fixture *f, gconstpointer data)
{
  const char *json[] = { "Content-Type: application/json", NULL };
  g_autoptr (AuraHibpResult) result = NULL;
  g_autofree char *sent_key = NULL;
  g_autofree char *agent = NULL;
  AuraHibpBreach *adobe;
  AuraHibpBreach *spam;
  AuraHibpPaste *paste;
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *text = NULL;

  aura_test_server_add_response (f->server, NULL, BREACH_PATH, 200, json, breaches_body, 0);
  aura_test_server_add_response (f->server, NULL, PASTE_PATH, 200, json, pastes_body, 0);
  result = hibp (f, KEY);
  g_assert_cmpstr (result->account, ==, "ann.example@example.com");
  g_assert_cmpint (result->breaches_state, ==, AURA_EMAIL_LOOKUP_FOUND);
  g_assert_cmpuint (result->breaches->len, ==, 2);
  adobe = result->breaches->pdata[0];
  g_assert_cmpstr (adobe->name, ==, "Adobe");
  g_assert_cmpstr (adobe->domain, ==, "adobe.com");
  g_assert_cmpstr (adobe->breach_date, ==, "2013-10-04");
  g_assert_cmpint (adobe->pwn_count, ==, 152445165);
  g_assert_cmpuint (g_strv_length (adobe->data_classes), ==, 2);
  g_assert_true (adobe->is_verified);
  spam = result->breaches->pdata[1];
  g_assert_true (spam->is_spam_list);
  g_assert_true (spam->is_sensitive);
  g_assert_false (spam->is_verified);
  g_assert_cmpint (result->pastes_state, ==, AURA_EMAIL_LOOKUP_FOUND);
  paste = result->pastes->pdata[0];
  g_assert_cmpstr (paste->source, ==, "Pastebin");
  g_assert_cmpint (paste->email_count, ==, 139);

  sent_key = aura_test_server_get_last_header (f->server, NULL, BREACH_PATH, "hibp-api-key");
  g_assert_cmpstr (sent_key, ==, KEY);
  agent = aura_test_server_get_last_header (f->server, NULL, BREACH_PATH, "User-Agent");
  g_assert_cmpstr (agent, ==, "Aura-OSINT");
  node = aura_hibp_result_to_json (result);
  text = json_to_string (node, FALSE);
  g_assert_nonnull (strstr (text, "\"spam_list\":true"));
  assert_no_key (result);
}

static void
test_hibp_none (Fixture *f, gconstpointer data)
{
  g_autoptr (AuraHibpResult) result = NULL;

  aura_test_server_add_response (f->server, NULL, BREACH_PATH, 404, NULL, "", 0);
  aura_test_server_add_response (f->server, NULL, PASTE_PATH, 404, NULL, "", 0);
  result = hibp (f, KEY);
  g_assert_cmpint (result->breaches_state, ==, AURA_EMAIL_LOOKUP_NONE);
  g_assert_cmpint (result->pastes_state, ==, AURA_EMAIL_LOOKUP_NONE);
  g_assert_null (result->breaches_reason);
  assert_no_key (result);
}

static void
test_hibp_bad_key (Fixture *f, gconstpointer data)
{
  g_autoptr (AuraHibpResult) result = NULL;

  /* The server quotes the key back: it must not survive into the result. */
  aura_test_server_add_response (f->server, NULL, BREACH_PATH, 401, NULL,
                                 "{\"statusCode\": 401, \"message\": \"Access denied due to "
                                 "invalid hibp-api-key " KEY "\"}",
                                 0);
  aura_test_server_add_response (f->server, NULL, PASTE_PATH, 401, NULL, "denied " KEY, 0);
  result = hibp (f, KEY);
  g_assert_cmpint (result->breaches_state, ==, AURA_EMAIL_LOOKUP_UNKNOWN);
  g_assert_nonnull (strstr (result->breaches_reason, "refused the API key (HTTP 401)"));
  g_assert_nonnull (strstr (result->breaches_reason, "[key]"));
  g_assert_cmpint (result->pastes_state, ==, AURA_EMAIL_LOOKUP_UNKNOWN);
  assert_no_key (result);
}

static void
test_hibp_rate_limit (Fixture *f, gconstpointer data)
{
  g_autofree char *ok = g_strconcat ("200|Content-Type: application/json|", breaches_body, NULL);
  const char *steps[] = { "429|Retry-After: 1|{\"statusCode\": 429}", ok, NULL };
  const char *always[] = { "429|Retry-After: 1|{\"statusCode\": 429}", NULL };
  g_autoptr (AuraHibpResult) result = NULL;
  g_autoptr (AuraHibpResult) limited = NULL;
  gint64 start;

  aura_test_server_add_script (f->server, NULL, BREACH_PATH, steps);
  aura_test_server_add_response (f->server, NULL, PASTE_PATH, 404, NULL, "", 0);
  start = g_get_monotonic_time ();
  result = hibp (f, KEY);
  g_assert_cmpint (result->breaches_state, ==, AURA_EMAIL_LOOKUP_FOUND);
  g_assert_cmpuint (result->breaches->len, ==, 2);
  g_assert_cmpuint (aura_test_server_get_hits (f->server, NULL, BREACH_PATH), ==, 2);
  /* Retry-After was honoured. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 900 * 1000);

  aura_test_server_add_script (f->server, NULL, PASTE_PATH, always);
  limited = hibp (f, KEY);
  g_assert_cmpint (limited->pastes_state, ==, AURA_EMAIL_LOOKUP_UNKNOWN);
  g_assert_nonnull (strstr (limited->pastes_reason, "HTTP 429"));
  g_assert_cmpuint (limited->retry_after_s, ==, 1);
  assert_no_key (limited);
}

static void
test_hibp_bad_bodies (Fixture *f, gconstpointer data)
{
  static const BadBody bodies[] = {
    { "[{\"Name\": ", "application/json", "not valid JSON" },
    { "<html><body>Attention Required! | Cloudflare</body></html>", "text/html", "web page" },
    { "{\"Name\": \"Adobe\"}", "application/json", "not a list" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autofree char *header = g_strconcat ("Content-Type: ", bodies[i].content_type, NULL);
      const char *headers[] = { header, NULL };
      g_autoptr (AuraHibpResult) result = NULL;

      aura_test_server_add_response (f->server, NULL, BREACH_PATH, 200, headers, bodies[i].body, 0);
      aura_test_server_add_response (f->server, NULL, PASTE_PATH, 404, NULL, "", 0);
      result = hibp (f, KEY);
      g_test_message ("%s", result->breaches_reason);
      g_assert_cmpint (result->breaches_state, ==, AURA_EMAIL_LOOKUP_UNKNOWN);
      g_assert_nonnull (strstr (result->breaches_reason, bodies[i].reason));
      g_assert_cmpint (result->pastes_state, ==, AURA_EMAIL_LOOKUP_NONE);
    }
}

static void
test_hibp_oversized (Fixture *f, gconstpointer data)
{
  g_autoptr (AuraHibpResult) result = NULL;

  aura_test_server_add_stream (f->server, NULL, BREACH_PATH, 65536, 5 * 1024 * 1024);
  aura_test_server_add_response (f->server, NULL, PASTE_PATH, 404, NULL, "", 0);
  result = hibp (f, KEY);
  g_assert_cmpint (result->breaches_state, ==, AURA_EMAIL_LOOKUP_UNKNOWN);
  g_assert_nonnull (strstr (result->breaches_reason, "4 MiB"));
}

static void
test_cancel (Fixture *f, gconstpointer data)
{
  g_autofree char *profile_path = path_of ("/v3/profiles/", f->sha256, "");
  g_autofree char *api = g_strconcat (f->base, "v3/", NULL);
  g_autofree char *avatar = g_strconcat (f->base, "avatar/", NULL);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  AuraGravatarOptions options = { .avatar_base = avatar, .api_base = api };
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL, NULL };
  gint64 start = g_get_monotonic_time ();

  aura_test_server_add_response (f->server, NULL, profile_path, 200, NULL, v3_profile, 5000);
  aura_gravatar_lookup_async (f->engine, EMAIL, &options, cancellable, gravatar_cb, &wait);
  g_timeout_add_once (100, (GSourceOnceFunc)g_cancellable_cancel, cancellable);
  g_main_loop_run (wait.loop);
  g_main_loop_unref (wait.loop);
  g_assert_null (wait.result);
  g_assert_error (wait.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&wait.error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
}

int
main (int argc, char **argv)
{
  int status;

  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  g_test_init (&argc, &argv, NULL);
  log_text = g_string_new (NULL);
  g_log_set_writer_func (log_writer, NULL, NULL);
  g_test_add_func ("/email/gravatar/hashes", test_hashes);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/email/gravatar/found", test_gravatar_found);
  ADD ("/email/gravatar/legacy-shape", test_gravatar_legacy);
  ADD ("/email/gravatar/none", test_gravatar_none);
  ADD ("/email/gravatar/bad-bodies", test_gravatar_bad_bodies);
  ADD ("/email/gravatar/rate-limit-then-ok", test_gravatar_rate_limit_then_ok);
  ADD ("/email/gravatar/oversized", test_gravatar_oversized);
  ADD ("/email/gravatar/cancel", test_cancel);
  ADD ("/email/hibp/no-key-skipped", test_hibp_no_key);
  ADD ("/email/hibp/found", test_hibp_found);
  ADD ("/email/hibp/none", test_hibp_none);
  ADD ("/email/hibp/bad-key-redacted", test_hibp_bad_key);
  ADD ("/email/hibp/rate-limit", test_hibp_rate_limit);
  ADD ("/email/hibp/bad-bodies", test_hibp_bad_bodies);
  ADD ("/email/hibp/oversized", test_hibp_oversized);
#undef ADD
  status = g_test_run ();
  g_string_free (log_text, TRUE);
  return status;
}
