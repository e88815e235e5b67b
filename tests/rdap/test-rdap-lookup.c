/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>

#include "aura-test-server.h"
#include "rdap-test-utils.h"

/* Lookups through the engine against a registry and a registrar played by
 * a SoupServer on loopback, found through a bootstrap written by the test. */

static const char *const json_headers[] = { "Content-Type: application/rdap+json", NULL };

typedef struct
{
  AuraTestServer *server;
  AuraEngine *engine;
  AuraRdapBootstrap *bootstrap;
  char *dir;
  char *registry;  /* "http://rdap.registry.test:PORT/registry/" */
  char *registrar; /* "http://rdap.registrar.test:PORT/" */
} Fixture;

/* The sample with the registrar's URLs pointed at the fixture. */
static char *
sample_for (Fixture *fixture, const char *name)
{
  g_autofree char *text = rdap_read_sample (name, NULL);
  g_auto (GStrv) parts = g_strsplit (text, "https://rdap.registrar.test/", -1);

  return g_strjoinv (fixture->registrar, parts);
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  static const char *const overrides[] = { "*.test:127.0.0.1", NULL };
  g_autoptr (GError) error = NULL;
  AuraEngineOptions options = { 0 };
  g_autofree char *registry_answer = NULL;
  g_autofree char *registrar_answer = NULL;
  g_autofree char *ip = rdap_read_sample ("ip-network-v4.json", NULL);
  g_autofree char *v6 = rdap_read_sample ("ip-network-v6.json", NULL);
  g_autofree char *autnum = rdap_read_sample ("autnum.json", NULL);

  fixture->server = aura_test_server_new ();
  fixture->registry = aura_test_server_url (fixture->server, "rdap.registry.test", "/registry/");
  fixture->registrar = aura_test_server_url (fixture->server, "rdap.registrar.test", "/");
  fixture->dir = g_dir_make_tmp ("aura-rdap-XXXXXX", &error);
  g_assert_no_error (error);
  rdap_write_bootstrap (fixture->dir, fixture->registry);
  fixture->bootstrap = aura_rdap_bootstrap_new_from_dirs (NULL, fixture->dir, &error);
  g_assert_no_error (error);

  registry_answer = sample_for (fixture, "domain-registry.json");
  registrar_answer = sample_for (fixture, "domain-registrar-redacted.json");
  aura_test_server_add_response (fixture->server, "rdap.registry.test",
                                 "/registry/domain/example-shop.test", 200, json_headers,
                                 registry_answer, 0);
  aura_test_server_add_response (fixture->server, "rdap.registrar.test", "/domain/EXAMPLE-SHOP.COM",
                                 200, json_headers, registrar_answer, 0);
  aura_test_server_add_response (fixture->server, "rdap.registry.test", "/registry/ip/192.0.2.1",
                                 200, json_headers, ip, 0);
  aura_test_server_add_response (fixture->server, "rdap.registry.test", "/registry/ip/2001:db8::1",
                                 200, json_headers, v6, 0);
  aura_test_server_add_response (fixture->server, "rdap.registry.test", "/registry/autnum/64500",
                                 200, json_headers, autnum, 0);

  options.host_overrides = overrides;
  options.loopback_only = TRUE;
  options.max_retries = -1;
  options.timeout_ms = 5000;
  fixture->engine = aura_engine_new (&options, &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *dir)
{
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_remove (path);
    }
  g_rmdir (dir);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_assert_finalize_object (fixture->engine);
  g_assert_finalize_object (fixture->bootstrap);
  aura_test_server_free (fixture->server);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->registry);
  g_free (fixture->registrar);
}

static AuraRdapResult *
lookup (Fixture *fixture,
        AuraRdapKind kind,
        const char *query,
        const AuraRdapLookupOptions *given,
        GError **error)
{
  AuraRdapLookupOptions options = { 0 };

  if (given != NULL)
    options = *given;
  options.bootstrap = fixture->bootstrap;
  return aura_rdap_lookup_run (fixture->engine, kind, query, &options, error);
}

/* ---- Domains ------------------------------------------------------------- */

static void
test_domain_follows_registrar (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraRdapResult) result =
      lookup (fixture, AURA_RDAP_KIND_DOMAIN, "Example-Shop.test", NULL, &error);
  g_autofree char *accept = NULL;
  g_autofree char *expected_url = NULL;
  const AuraRdapEntity *registrant;

  g_assert_no_error (error);
  expected_url = g_strconcat (fixture->registry, "domain/example-shop.test", NULL);
  g_assert_cmpstr (result->url, ==, expected_url);
  g_assert_cmpstr (result->registrar_name, ==, "Example Registrar, Inc.");
  g_assert_nonnull (result->registrar_data);
  g_assert_null (result->registrar_error);
  g_assert_true (g_str_has_prefix (result->registrar_data->url, fixture->registrar));
  registrant = aura_rdap_result_find_entity (result, "registrant");
  g_assert_nonnull (registrant);
  g_assert_cmpstr (registrant->organisation, ==, "Acme Widgets Ltd");
  g_assert_true (aura_rdap_entity_is_redacted (registrant, "email"));
  /* The registrar's answer first, the registry's when it has none. */
  g_assert_nonnull (aura_rdap_result_find_entity (result, "abuse"));
  g_assert_cmpuint (aura_test_server_get_hits (fixture->server, "rdap.registry.test",
                                               "/registry/domain/example-shop.test"),
                    ==, 1);
  g_assert_cmpuint (aura_test_server_get_hits (fixture->server, "rdap.registrar.test",
                                               "/domain/EXAMPLE-SHOP.COM"),
                    ==, 1);
  accept = aura_test_server_get_last_header (fixture->server, "rdap.registry.test",
                                             "/registry/domain/example-shop.test", "accept");
  g_assert_nonnull (strstr (accept, "application/rdap+json"));
}

static void
test_domain_registered_name_asked (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  AuraRdapLookupOptions options = { .no_registrar = TRUE };
  g_autoptr (AuraRdapResult) result = lookup (
      fixture, AURA_RDAP_KIND_DOMAIN, "https://www.shop.example-shop.test./path", &options, &error);

  g_assert_no_error (error);
  g_assert_null (result->registrar_data);
  g_assert_null (result->registrar_error);
  g_assert_cmpuint (aura_test_server_get_hits (fixture->server, "rdap.registrar.test",
                                               "/domain/EXAMPLE-SHOP.COM"),
                    ==, 0);
}

static void
test_registrar_failure_is_kept (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraRdapResult) result = NULL;
  g_autofree char *answer = sample_for (fixture, "domain-registry.json");
  g_autofree char *related = g_strconcat (fixture->registrar, "domain/EXAMPLE-SHOP.COM", NULL);
  g_autofree char *down = g_strconcat (fixture->registrar, "down/DOWN.TEST", NULL);
  g_auto (GStrv) parts = g_strsplit (answer, related, -1);
  g_autofree char *body = g_strjoinv (down, parts);

  /* A second domain whose registrar's server is down (500). */
  aura_test_server_add_response (fixture->server, "rdap.registry.test",
                                 "/registry/domain/down.test", 200, json_headers, body, 0);
  aura_test_server_add_response (fixture->server, "rdap.registrar.test", "/down/DOWN.TEST", 500,
                                 NULL, "oops", 0);
  result = lookup (fixture, AURA_RDAP_KIND_DOMAIN, "down.test", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (result->registrar_data);
  g_assert_error (result->registrar_error, AURA_RDAP_ERROR, AURA_RDAP_ERROR_HTTP);
  g_assert_nonnull (strstr (result->registrar_error->message, "500"));
  /* The registry's own data is all there. */
  g_assert_cmpstr (result->registrar_iana_id, ==, "9999");
  g_assert_nonnull (aura_rdap_result_find_entity (result, "abuse"));
}

static void
assert_lookup_error (Fixture *fixture,
                     AuraRdapKind kind,
                     const char *query,
                     const AuraRdapLookupOptions *options,
                     int code,
                     const char *needle)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraRdapResult) result = lookup (fixture, kind, query, options, &error);

  g_assert_null (result);
  g_assert_error (error, AURA_RDAP_ERROR, code);
  if (needle != NULL && strstr (error->message, needle) == NULL)
    g_error ("“%s” not in “%s”", needle, error->message);
}

static void
test_not_found (Fixture *fixture, gconstpointer data)
{
  assert_lookup_error (fixture, AURA_RDAP_KIND_DOMAIN, "nobody.test", NULL,
                       AURA_RDAP_ERROR_NOT_FOUND, "nobody.test");
}

static void
test_rate_limited (Fixture *fixture, gconstpointer data)
{
  static const char *const headers[] = { "Retry-After: 120", NULL };

  aura_test_server_add_response (fixture->server, "rdap.registry.test",
                                 "/registry/domain/busy.test", 429, headers, "slow down", 0);
  assert_lookup_error (fixture, AURA_RDAP_KIND_DOMAIN, "busy.test", NULL,
                       AURA_RDAP_ERROR_RATE_LIMITED, "120");
}

static void
test_not_json (Fixture *fixture, gconstpointer data)
{
  static const char *const html[] = { "Content-Type: text/html", NULL };

  aura_test_server_add_response (fixture->server, "rdap.registry.test",
                                 "/registry/domain/html.test", 200, html,
                                 "<html><body>Please enable JavaScript</body></html>", 0);
  assert_lookup_error (fixture, AURA_RDAP_KIND_DOMAIN, "html.test", NULL, AURA_RDAP_ERROR_MALFORMED,
                       "rdap.registry.test");
}

static void
test_wrong_class (Fixture *fixture, gconstpointer data)
{
  g_autofree char *entity = rdap_read_sample ("wrong-class.json", NULL);

  aura_test_server_add_response (fixture->server, "rdap.registry.test",
                                 "/registry/domain/entity.test", 200, json_headers, entity, 0);
  assert_lookup_error (fixture, AURA_RDAP_KIND_DOMAIN, "entity.test", NULL,
                       AURA_RDAP_ERROR_WRONG_CLASS, "entity");
}

static void
test_huge_answer (Fixture *fixture, gconstpointer data)
{
  AuraRdapLookupOptions options = { .max_body = 64 * 1024 };
  gint64 start = g_get_monotonic_time ();

  /* An answer that never ends: the engine stops at the cap. */
  aura_test_server_add_stream (fixture->server, "rdap.registry.test", "/registry/domain/huge.test",
                               4096, 0);
  assert_lookup_error (fixture, AURA_RDAP_KIND_DOMAIN, "huge.test", &options,
                       AURA_RDAP_ERROR_TOO_LARGE, "64 KiB");
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

static void
test_http_error (Fixture *fixture, gconstpointer data)
{
  aura_test_server_add_response (fixture->server, "rdap.registry.test",
                                 "/registry/domain/teapot.test", 418, NULL, "", 0);
  assert_lookup_error (fixture, AURA_RDAP_KIND_DOMAIN, "teapot.test", NULL, AURA_RDAP_ERROR_HTTP,
                       "418");
}

static void
test_redirect_followed (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *target =
      aura_test_server_url (fixture->server, "rdap.mirror.test", "/rdap/domain/moved.test");
  g_autofree char *answer = g_strdup (
      "{\"objectClassName\": \"domain\", \"ldhName\": \"moved.test\", \"handle\": \"MOVED\"}");
  g_autoptr (AuraRdapResult) result = NULL;

  aura_test_server_add_redirect (fixture->server, "rdap.registry.test",
                                 "/registry/domain/moved.test", 301, target);
  aura_test_server_add_response (fixture->server, "rdap.mirror.test", "/rdap/domain/moved.test",
                                 200, json_headers, answer, 0);
  result = lookup (fixture, AURA_RDAP_KIND_DOMAIN, "moved.test", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result->handle, ==, "MOVED");
  g_assert_cmpstr (result->url, ==, target);
}

/* ---- Networks and AS numbers --------------------------------------------- */

static void
test_ip_and_asn (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraRdapResult) v4 = lookup (fixture, AURA_RDAP_KIND_IP, " 192.0.2.1 ", NULL, &error);
  g_autoptr (AuraRdapResult) v6 = NULL;
  g_autoptr (AuraRdapResult) asn = NULL;
  g_autoptr (AuraRdapResult) plain = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (v4->cidrs[0], ==, "203.0.113.0/24");
  v6 = lookup (fixture, AURA_RDAP_KIND_IP, "2001:DB8:0::1", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (v6->cidrs[0], ==, "2001:db8::/32");
  asn = lookup (fixture, AURA_RDAP_KIND_AUTNUM, "AS64500", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (asn->start_autnum, ==, 64500);
  plain = lookup (fixture, AURA_RDAP_KIND_AUTNUM, "64500", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plain->name, ==, "EXAMPLE-AS");
  g_assert_cmpuint (
      aura_test_server_get_hits (fixture->server, "rdap.registry.test", "/registry/autnum/64500"),
      ==, 2);
}

static void
test_lookup_urls (Fixture *fixture, gconstpointer data)
{
  static const struct
  {
    AuraRdapKind kind;
    const char *query;
    const char *path;
  } cases[] = {
    { AURA_RDAP_KIND_DOMAIN, "WWW.Example.test", "domain/example.test" },
    { AURA_RDAP_KIND_DOMAIN, "b\u00fccher.test", "domain/xn--bcher-kva.test" },
    { AURA_RDAP_KIND_IP, "192.0.2.0/24", "ip/192.0.2.0/24" },
    { AURA_RDAP_KIND_IP, "2001:0db8::0001", "ip/2001:db8::1" },
    { AURA_RDAP_KIND_AUTNUM, "as65540", "autnum/65540" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *url =
          aura_rdap_lookup_url (fixture->bootstrap, cases[i].kind, cases[i].query, &error);
      g_autofree char *expected = g_strconcat (fixture->registry, cases[i].path, NULL);

      g_assert_no_error (error);
      g_assert_cmpstr (url, ==, expected);
    }
}

static void
test_no_server_and_invalid (Fixture *fixture, gconstpointer data)
{
  assert_lookup_error (fixture, AURA_RDAP_KIND_DOMAIN, "example.zz", NULL,
                       AURA_RDAP_ERROR_NO_SERVER, ".zz");
  assert_lookup_error (fixture, AURA_RDAP_KIND_IP, "10.1.2.3", NULL, AURA_RDAP_ERROR_NO_SERVER,
                       "10.1.2.3");
  assert_lookup_error (fixture, AURA_RDAP_KIND_AUTNUM, "AS13335", NULL, AURA_RDAP_ERROR_NO_SERVER,
                       "AS13335");
  assert_lookup_error (fixture, AURA_RDAP_KIND_DOMAIN, "not a domain!", NULL,
                       AURA_RDAP_ERROR_INVALID_QUERY, NULL);
  assert_lookup_error (fixture, AURA_RDAP_KIND_DOMAIN, "co.uk", NULL, AURA_RDAP_ERROR_INVALID_QUERY,
                       "co.uk");
  assert_lookup_error (fixture, AURA_RDAP_KIND_IP, "300.1.2.3", NULL, AURA_RDAP_ERROR_INVALID_QUERY,
                       "300.1.2.3");
  assert_lookup_error (fixture, AURA_RDAP_KIND_IP, "192.0.2.0/33", NULL,
                       AURA_RDAP_ERROR_INVALID_QUERY, NULL);
  assert_lookup_error (fixture, AURA_RDAP_KIND_AUTNUM, "AS-1", NULL, AURA_RDAP_ERROR_INVALID_QUERY,
                       NULL);
  /* Nothing of that reached the server. */
  g_assert_cmpuint (aura_test_server_get_max_open (fixture->server, NULL), ==, 0);
}

static void
test_server_unreachable (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraTestServer) gone = aura_test_server_new ();
  g_autofree char *base = aura_test_server_url (gone, "rdap.gone.test", "/");
  g_autofree char *dir = g_build_filename (fixture->dir, "gone", NULL);
  g_autoptr (AuraRdapBootstrap) bootstrap = NULL;
  g_autoptr (AuraRdapResult) result = NULL;
  AuraRdapLookupOptions options = { 0 };

  g_clear_pointer (&gone, aura_test_server_free);
  rdap_write_bootstrap (dir, base);
  bootstrap = aura_rdap_bootstrap_new_from_dirs (NULL, dir, &error);
  g_assert_no_error (error);
  options.bootstrap = bootstrap;
  result =
      aura_rdap_lookup_run (fixture->engine, AURA_RDAP_KIND_DOMAIN, "a.test", &options, &error);
  g_assert_null (result);
  g_assert_error (error, AURA_RDAP_ERROR, AURA_RDAP_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "rdap.gone.test"));
  remove_tree (dir);
}

/* ---- Async and cancellation ---------------------------------------------- */

typedef struct
{
  AuraRdapResult *result;
  GError *error;
  GThread *thread;
  gboolean done;
} Outcome;

static void
lookup_done_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  Outcome *outcome = data;

  outcome->result = aura_rdap_lookup_finish (res, &outcome->error);
  outcome->thread = g_thread_self ();
  outcome->done = TRUE;
}

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_async_in_caller_context (Fixture *fixture, gconstpointer data)
{
  AuraRdapLookupOptions options = { .bootstrap = fixture->bootstrap };
  Outcome outcome = { 0 };

  aura_rdap_lookup_async (fixture->engine, AURA_RDAP_KIND_IP, "192.0.2.1", &options, NULL,
                          lookup_done_cb, &outcome);
  g_assert_false (outcome.done);
  while (!outcome.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (outcome.error);
  g_assert_true (outcome.thread == g_thread_self ());
  g_assert_cmpstr (outcome.result->name, ==, "EXAMPLE-NET");
  aura_rdap_result_free (outcome.result);
}

static void
slow_cb (AuraTestServer *server,
         SoupServerMessage *msg,
         const char *host,
         const char *path,
         gpointer user_data)
{
  aura_test_server_respond_later (server, msg, 4000, 200, "{}");
}

static void
test_cancel (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  AuraRdapLookupOptions options = { .bootstrap = fixture->bootstrap };
  Outcome outcome = { 0 };
  gint64 start = g_get_monotonic_time ();

  aura_test_server_add_handler (fixture->server, "rdap.registry.test", "/registry/domain/slow.test",
                                slow_cb, NULL, NULL);
  aura_rdap_lookup_async (fixture->engine, AURA_RDAP_KIND_DOMAIN, "slow.test", &options,
                          cancellable, lookup_done_cb, &outcome);
  g_timeout_add (100, cancel_cb, cancellable);
  while (!outcome.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (outcome.result);
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  g_clear_error (&outcome.error);

  /* Already cancelled: no request at all. */
  outcome.done = FALSE;
  aura_rdap_lookup_async (fixture->engine, AURA_RDAP_KIND_IP, "192.0.2.1", &options, cancellable,
                          lookup_done_cb, &outcome);
  while (!outcome.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&outcome.error);
  g_assert_cmpuint (
      aura_test_server_get_hits (fixture->server, "rdap.registry.test", "/registry/ip/192.0.2.1"),
      ==, 0);
}

static void
add (const char *path, void (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  add ("/rdap/lookup/domain/follows-registrar", test_domain_follows_registrar);
  add ("/rdap/lookup/domain/asks-registered-name", test_domain_registered_name_asked);
  add ("/rdap/lookup/domain/registrar-failure-kept", test_registrar_failure_is_kept);
  add ("/rdap/lookup/errors/not-found", test_not_found);
  add ("/rdap/lookup/errors/rate-limited", test_rate_limited);
  add ("/rdap/lookup/errors/not-json", test_not_json);
  add ("/rdap/lookup/errors/wrong-class", test_wrong_class);
  add ("/rdap/lookup/errors/huge-answer", test_huge_answer);
  add ("/rdap/lookup/errors/http-status", test_http_error);
  add ("/rdap/lookup/errors/no-server-or-invalid", test_no_server_and_invalid);
  add ("/rdap/lookup/errors/unreachable", test_server_unreachable);
  add ("/rdap/lookup/redirect-followed", test_redirect_followed);
  add ("/rdap/lookup/ip-and-asn", test_ip_and_asn);
  add ("/rdap/lookup/urls", test_lookup_urls);
  add ("/rdap/lookup/async-in-caller-context", test_async_in_caller_context);
  add ("/rdap/lookup/cancel", test_cancel);

  return g_test_run ();
}
