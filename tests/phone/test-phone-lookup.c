/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include <locale.h>

#include "aura-phone-lookup.h"
#include "aura-test-server.h"
#include "aura.h"

/* numverify through the engine against a loopback server that answers as
 * the service documents: a lookup, each error object, status codes,
 * garbage, a hang; the key never shows in an error. */

static const char *const json_headers[] = { "Content-Type: application/json", NULL };
static const char *const secret = "s3cr3t-KEY-0123456789";

typedef struct
{
  AuraTestServer *server;
  AuraEngine *engine;
  char *base;
} Fixture;

static void
captured (AuraTestServer *server,
          SoupServerMessage *msg,
          const char *host,
          const char *path,
          gpointer user_data)
{
  GUri *uri = soup_server_message_get_uri (msg);
  g_autoptr (GHashTable) query = soup_form_decode (g_uri_get_query (uri));
  const char *number = g_hash_table_lookup (query, "number");
  const char *key = g_hash_table_lookup (query, "access_key");
  g_autofree char *body = NULL;

  if (g_strcmp0 (key, secret) != 0)
    body = g_strdup ("{\"success\":false,\"error\":{\"code\":101,\"type\":\"invalid_access_key\","
                     "\"info\":\"You have not supplied a valid API Access Key.\"}}");
  else if (g_strcmp0 (number, "33612345678") == 0)
    body = g_strdup ("{\"valid\":true,\"number\":\"33612345678\",\"local_format\":\"0612345678\","
                     "\"international_format\":\"+33612345678\",\"country_prefix\":\"+33\","
                     "\"country_code\":\"FR\",\"country_name\":\"France\",\"location\":\"\","
                     "\"carrier\":\"Orange France SA\",\"line_type\":\"mobile\"}");
  else if (g_strcmp0 (number, "441234") == 0)
    body = g_strdup ("{\"valid\":false,\"number\":\"441234\",\"local_format\":\"\","
                     "\"international_format\":\"\",\"country_prefix\":\"\",\"country_code\":"
                     "\"\",\"country_name\":\"\",\"location\":\"\",\"carrier\":\"\","
                     "\"line_type\":null}");
  else if (g_strcmp0 (number, "15550001111") == 0)
    body =
        g_strdup ("{\"success\":false,\"error\":{\"code\":104,\"type\":\"usage_limit_reached\"}}");
  else if (g_strcmp0 (number, "15550002222") == 0)
    body = g_strdup (
        "{\"success\":false,\"error\":{\"code\":105,\"type\":\"https_access_restricted\"}}");
  else if (g_strcmp0 (number, "15550003333") == 0)
    body = g_strdup ("<html>Maintenance</html>");
  else if (g_strcmp0 (number, "15550004444") == 0)
    body = g_strdup ("{\"valid\":\"yes\"}");
  else
    body = g_strdup (
        "{\"success\":false,\"error\":{\"code\":211,\"type\":\"non_numeric_phone_number_provided\","
        "\"info\":\"The phone number is not numeric \\u2014 \\u202eodd\"}}");
  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Content-Type",
                                "application/json");
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  static const char *const overrides[] = { "*.test:127.0.0.1", NULL };
  g_autoptr (GError) error = NULL;
  AuraEngineOptions options = { 0 };

  fixture->server = aura_test_server_new ();
  aura_test_server_add_handler (fixture->server, "numverify.test", "/api/validate", captured, NULL,
                                NULL);
  aura_test_server_add_response (fixture->server, "status.test", "/api/validate", 401, json_headers,
                                 "{}", 0);
  aura_test_server_add_response (fixture->server, "slow.test", "/api/validate", 429, json_headers,
                                 "{}", 0);
  aura_test_server_add_response (fixture->server, "hang.test", "/api/validate", 200, json_headers,
                                 "{}", 20000);
  fixture->base = aura_test_server_url (fixture->server, "numverify.test", "/api/validate");
  options.host_overrides = overrides;
  options.loopback_only = TRUE;
  options.max_retries = -1;
  options.timeout_ms = 1500;
  fixture->engine = aura_engine_new (&options, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->engine);
  aura_test_server_free (fixture->server);
  g_free (fixture->base);
}

static void
store_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static AuraPhoneLookup *
lookup (Fixture *fixture,
        const char *base,
        const char *number,
        const char *key,
        GCancellable *cancellable,
        GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  aura_phone_numverify_async (fixture->engine, number, key, base, cancellable, store_result,
                              &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return aura_phone_numverify_finish (result, error);
}

static void
assert_error (Fixture *fixture, const char *base, const char *number, const char *key, int code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraPhoneLookup) found = lookup (fixture, base, number, key, NULL, &error);

  g_assert_null (found);
  g_assert_error (error, AURA_PHONE_LOOKUP_ERROR, code);
  g_assert_null (strstr (error->message, secret));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static void
test_lookup (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraPhoneLookup) found = NULL;
  g_autoptr (AuraPhoneLookup) invalid = NULL;
  g_autoptr (JsonNode) json = NULL;

  found = lookup (fixture, fixture->base, "+33 6 12 34 56 78", secret, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (found->valid);
  g_assert_cmpstr (found->carrier, ==, "Orange France SA");
  g_assert_cmpstr (found->line_type, ==, "mobile");
  g_assert_cmpstr (found->country_code, ==, "FR");
  g_assert_cmpstr (found->local_format, ==, "0612345678");
  g_assert_null (found->location); /* "" means none */
  json = aura_phone_lookup_to_json (found);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json), "carrier"), ==,
                   "Orange France SA");

  invalid = lookup (fixture, fixture->base, "+441234", secret, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (invalid->valid);
  g_assert_null (invalid->line_type);
}

static void
test_errors (Fixture *fixture, gconstpointer data)
{
  g_autofree char *status = aura_test_server_url (fixture->server, "status.test", "/api/validate");
  g_autofree char *slow = aura_test_server_url (fixture->server, "slow.test", "/api/validate");
  g_autofree char *hang = aura_test_server_url (fixture->server, "hang.test", "/api/validate");
  g_autofree char *closed = g_strdup ("http://closed.test:1/api/validate");
  gint64 start;

  assert_error (fixture, fixture->base, "+33612345678", NULL, AURA_PHONE_LOOKUP_ERROR_NO_KEY);
  assert_error (fixture, fixture->base, "+33612345678", "wrong", AURA_PHONE_LOOKUP_ERROR_BAD_KEY);
  assert_error (fixture, fixture->base, "+1 555 000 1111", secret, AURA_PHONE_LOOKUP_ERROR_QUOTA);
  assert_error (fixture, fixture->base, "+1 555 000 2222", secret, AURA_PHONE_LOOKUP_ERROR_PLAN);
  assert_error (fixture, fixture->base, "+1 555 000 3333", secret,
                AURA_PHONE_LOOKUP_ERROR_MALFORMED);
  assert_error (fixture, fixture->base, "+1 555 000 4444", secret,
                AURA_PHONE_LOOKUP_ERROR_MALFORMED);
  assert_error (fixture, fixture->base, "+1 555 000 9999", secret, AURA_PHONE_LOOKUP_ERROR_REFUSED);
  assert_error (fixture, fixture->base, "12", secret, AURA_PHONE_LOOKUP_ERROR_REFUSED);
  assert_error (fixture, status, "+33612345678", secret, AURA_PHONE_LOOKUP_ERROR_BAD_KEY);
  assert_error (fixture, slow, "+33612345678", secret, AURA_PHONE_LOOKUP_ERROR_QUOTA);
  start = g_get_monotonic_time ();
  assert_error (fixture, hang, "+33612345678", secret, AURA_PHONE_LOOKUP_ERROR_NETWORK);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 8 * G_USEC_PER_SEC);
  assert_error (fixture, closed, "+33612345678", secret, AURA_PHONE_LOOKUP_ERROR_NETWORK);
}

static gboolean
cancel_soon (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (Fixture *fixture, gconstpointer data)
{
  g_autofree char *hang = aura_test_server_url (fixture->server, "hang.test", "/api/validate");
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraPhoneLookup) found = NULL;
  gint64 start = g_get_monotonic_time ();

  g_timeout_add (100, cancel_soon, cancellable);
  found = lookup (fixture, hang, "+33612345678", secret, cancellable, &error);
  g_assert_null (found);
  g_assert_nonnull (error);
  g_assert_true (
      g_error_matches (error, AURA_PHONE_LOOKUP_ERROR, AURA_PHONE_LOOKUP_ERROR_CANCELLED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 1 * G_USEC_PER_SEC);
}

static void
test_parse (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *huge = g_strnfill (100 * 1024, ' ');
  static const char *const bad[] = {
    "", "[]", "null", "{\"valid\":1}", "{\"error\":{}}", "{\"valid\":true", "\xff\xfe"
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_null (aura_phone_numverify_parse (bad[i], strlen (bad[i]), &error));
      g_assert_nonnull (error);
      g_clear_error (&error);
    }
  g_assert_null (aura_phone_numverify_parse (huge, strlen (huge), &error));
  g_assert_error (error, AURA_PHONE_LOOKUP_ERROR, AURA_PHONE_LOOKUP_ERROR_MALFORMED);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/phone/numverify/lookup", test_lookup);
  ADD ("/phone/numverify/errors", test_errors);
  ADD ("/phone/numverify/cancel", test_cancel);
#undef ADD
  g_test_add_func ("/phone/numverify/parse", test_parse);
  return g_test_run ();
}
