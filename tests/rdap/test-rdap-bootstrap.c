/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>

#include "aura-test-server.h"
#include "rdap-test-utils.h"

/* The bootstrap files: the bundled copy, matching (longest label, longest
 * prefix, narrowest AS range), validation, the cache falling back on the
 * bundled copy, and refreshing through the engine. */

static char *
make_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("aura-rdap-bootstrap-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *dir)
{
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_tree (path);
      else
        g_remove (path);
    }
  g_rmdir (dir);
}

static void
write_file (const char *dir, const char *name, const char *contents)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static char *
first_server (AuraRdapBootstrap *bootstrap, AuraRdapKind kind, const char *query)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) urls = aura_rdap_bootstrap_lookup (bootstrap, kind, query, &error);

  g_assert_no_error (error);
  g_assert_nonnull (urls);
  return g_strdup (urls[0]);
}

/* ---- The bundled copy ------------------------------------------------------ */

static void
test_bundled_copy (void)
{
  g_autofree char *dir = rdap_bundled_dir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraRdapBootstrap) bootstrap = aura_rdap_bootstrap_new_from_dirs (NULL, dir, &error);
  static const struct
  {
    AuraRdapKind kind;
    const char *query;
    const char *server;
  } cases[] = {
    { AURA_RDAP_KIND_DOMAIN, "example.com", "https://rdap.verisign.com/com/v1/" },
    { AURA_RDAP_KIND_DOMAIN, "WWW.EXAMPLE.NET", "https://rdap.verisign.com/net/v1/" },
    { AURA_RDAP_KIND_DOMAIN, "wikipedia.org", "https://rdap.publicinterestregistry.org/rdap/" },
    { AURA_RDAP_KIND_DOMAIN, "bbc.co.uk", "https://rdap.nominet.uk/uk/" },
    { AURA_RDAP_KIND_DOMAIN, "b\u00fccher.fr", "https://rdap.nic.fr/" },
    { AURA_RDAP_KIND_DOMAIN, "example.app", "https://www.registry.google/rdap/" },
    { AURA_RDAP_KIND_IP, "1.1.1.1", "https://rdap.apnic.net/" },
    { AURA_RDAP_KIND_IP, "8.8.8.8", "https://rdap.arin.net/registry/" },
    { AURA_RDAP_KIND_IP, "193.0.6.139", "https://rdap.db.ripe.net/" },
    { AURA_RDAP_KIND_IP, "200.160.2.3", "https://rdap.lacnic.net/rdap/" },
    { AURA_RDAP_KIND_IP, "196.216.2.1", "https://rdap.afrinic.net/rdap/" },
    { AURA_RDAP_KIND_IP, "2a00:1450:4001::1", "https://rdap.db.ripe.net/" },
    { AURA_RDAP_KIND_IP, "2606:4700::1111", "https://rdap.arin.net/registry/" },
    { AURA_RDAP_KIND_IP, "2400:cb00::1", "https://rdap.apnic.net/" },
    { AURA_RDAP_KIND_AUTNUM, "AS13335", "https://rdap.arin.net/registry/" },
    { AURA_RDAP_KIND_AUTNUM, "3320", "https://rdap.db.ripe.net/" },
  };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *server = first_server (bootstrap, cases[i].kind, cases[i].query);
      g_assert_cmpstr (server, ==, cases[i].server);
    }
  /* Each bundled file validates as a download would, and says what it is. */
  for (guint r = 0; r < AURA_RDAP_N_REGISTRIES; r++)
    {
      g_autofree char *path = g_build_filename (dir, aura_rdap_registry_get_file_name (r), NULL);
      g_autofree char *data = NULL;
      gsize len = 0;
      guint n = 0;

      g_assert_cmpstr (aura_rdap_bootstrap_get_path (bootstrap, r), ==, path);
      g_assert_nonnull (aura_rdap_bootstrap_get_publication (bootstrap, r));
      g_assert_true (g_file_get_contents (path, &data, &len, NULL));
      g_assert_nonnull (strstr (data, "partial offline copy"));
      g_assert_true (aura_rdap_bootstrap_validate (data, len, r, &n, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (n, >=, 4);
    }
}

static void
test_bundled_gaps (void)
{
  g_autofree char *dir = rdap_bundled_dir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraRdapBootstrap) bootstrap = aura_rdap_bootstrap_new_from_dirs (NULL, dir, &error);
  g_auto (GStrv) urls = NULL;

  g_assert_no_error (error);
  urls = aura_rdap_bootstrap_lookup (bootstrap, AURA_RDAP_KIND_DOMAIN, "example.zz", &error);
  g_assert_null (urls);
  g_assert_error (error, AURA_RDAP_ERROR, AURA_RDAP_ERROR_NO_SERVER);
  g_assert_nonnull (strstr (error->message, "refresh"));
  g_clear_error (&error);
  urls = aura_rdap_bootstrap_lookup (bootstrap, AURA_RDAP_KIND_IP, "10.0.0.1", &error);
  g_assert_error (error, AURA_RDAP_ERROR, AURA_RDAP_ERROR_NO_SERVER);
  g_clear_error (&error);
  urls = aura_rdap_bootstrap_lookup (bootstrap, AURA_RDAP_KIND_AUTNUM, "4294967295", &error);
  g_assert_error (error, AURA_RDAP_ERROR, AURA_RDAP_ERROR_NO_SERVER);
}

static void
test_https_first (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraRdapBootstrap) bootstrap = NULL;
  g_auto (GStrv) urls = NULL;

  rdap_write_bootstrap (dir, "http://plain.example/rdap");
  write_file (dir, "dns.json",
              "{\"version\": \"1.0\", \"services\": [[[\"test\"], "
              "[\"http://plain.example/rdap\", \"https://secure.example/rdap\"]]]}");
  bootstrap = aura_rdap_bootstrap_new_from_dirs (NULL, dir, &error);
  g_assert_no_error (error);
  urls = aura_rdap_bootstrap_lookup (bootstrap, AURA_RDAP_KIND_DOMAIN, "a.test", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (urls), ==, 2);
  /* https first, and every base ends in a slash. */
  g_assert_cmpstr (urls[0], ==, "https://secure.example/rdap/");
  g_assert_cmpstr (urls[1], ==, "http://plain.example/rdap/");
  remove_tree (dir);
}

/* ---- Matching --------------------------------------------------------------- */

static void
test_longest_match (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraRdapBootstrap) bootstrap = NULL;
  static const struct
  {
    AuraRdapKind kind;
    const char *query;
    const char *server;
  } cases[] = {
    { AURA_RDAP_KIND_DOMAIN, "shop.example.test", "https://wide.example/" },
    { AURA_RDAP_KIND_DOMAIN, "a.b.example.test", "https://wide.example/" },
    { AURA_RDAP_KIND_DOMAIN, "xn--bcher-kva.test", "https://wide.example/" },
    { AURA_RDAP_KIND_DOMAIN, "example.zone", "https://zone.example/" },
    { AURA_RDAP_KIND_IP, "192.0.2.1", "https://wide.example/" },
    { AURA_RDAP_KIND_IP, "192.0.2.200", "https://narrow.example/" },
    { AURA_RDAP_KIND_IP, "192.0.2.128/25", "https://narrow.example/" },
    { AURA_RDAP_KIND_IP, "192.0.2.0/24", "https://wide.example/" },
    { AURA_RDAP_KIND_IP, "192.0.0.0/16", "https://widest.example/" },
    { AURA_RDAP_KIND_IP, "2001:db8:1::1", "https://narrow.example/" },
    { AURA_RDAP_KIND_IP, "2001:db8:2::1", "https://wide.example/" },
    { AURA_RDAP_KIND_AUTNUM, "64500", "https://wide.example/" },
    { AURA_RDAP_KIND_AUTNUM, "AS64510", "https://narrow.example/" },
    { AURA_RDAP_KIND_AUTNUM, "4200000000", "https://wide.example/" },
  };

  rdap_write_bootstrap (dir, "https://unused.example/");
  write_file (
      dir, "dns.json",
      "{\"version\": \"1.0\", \"services\": ["
      "[[\"TEST\"], [\"https://wide.example/\"]], [[\"zone\"], [\"https://zone.example/\"]]]}");
  write_file (dir, "ipv4.json",
              "{\"version\": \"1.0\", \"services\": ["
              "[[\"192.0.0.0/8\"], [\"https://widest.example/\"]],"
              "[[\"192.0.2.128/25\"], [\"https://narrow.example/\"]],"
              "[[\"192.0.2.0/24\"], [\"https://wide.example/\"]]]}");
  write_file (dir, "ipv6.json",
              "{\"version\": \"1.0\", \"services\": ["
              "[[\"2001:db8::/32\"], [\"https://wide.example/\"]],"
              "[[\"2001:db8:1::/48\"], [\"https://narrow.example/\"]]]}");
  write_file (dir, "asn.json",
              "{\"version\": \"1.0\", \"services\": ["
              "[[\"64496-64511\", \"4200000000\"], [\"https://wide.example/\"]],"
              "[[\"64510\"], [\"https://narrow.example/\"]]]}");
  bootstrap = aura_rdap_bootstrap_new_from_dirs (NULL, dir, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *server = first_server (bootstrap, cases[i].kind, cases[i].query);
      g_assert_cmpstr (server, ==, cases[i].server);
    }
  remove_tree (dir);
}

/* ---- Validation --------------------------------------------------------------- */

static void
test_validate_refuses (void)
{
  static const struct
  {
    AuraRdapRegistry registry;
    const char *json;
  } cases[] = {
    { AURA_RDAP_REGISTRY_DNS, "" },
    { AURA_RDAP_REGISTRY_DNS, "<html>not json</html>" },
    { AURA_RDAP_REGISTRY_DNS, "[]" },
    { AURA_RDAP_REGISTRY_DNS, "{\"services\": [[[\"com\"], [\"https://a.example/\"]]]}" },
    { AURA_RDAP_REGISTRY_DNS,
      "{\"version\": \"2.0\", \"services\": [[[\"com\"], [\"https://a.example/\"]]]}" },
    { AURA_RDAP_REGISTRY_DNS, "{\"version\": \"1.0\", \"services\": []}" },
    { AURA_RDAP_REGISTRY_DNS, "{\"version\": \"1.0\", \"services\": {}}" },
    { AURA_RDAP_REGISTRY_DNS, "{\"version\": \"1.0\", \"services\": [[\"com\"]]}" },
    { AURA_RDAP_REGISTRY_DNS,
      "{\"version\": \"1.0\", \"services\": [[[\"-bad\"], [\"https://a.example/\"]]]}" },
    { AURA_RDAP_REGISTRY_DNS,
      "{\"version\": \"1.0\", \"services\": [[[\"com\"], [\"ftp://a.example/\"]]]}" },
    { AURA_RDAP_REGISTRY_DNS,
      "{\"version\": \"1.0\", \"services\": [[[\"com\"], [\"javascript:alert(1)\"]]]}" },
    { AURA_RDAP_REGISTRY_DNS, "{\"version\": \"1.0\", \"services\": [[[\"com\"], []]]}" },
    { AURA_RDAP_REGISTRY_DNS,
      "{\"version\": \"1.0\", \"services\": [[[\"co m\"], [\"https://a.example/\"]]]}" },
    { AURA_RDAP_REGISTRY_DNS,
      "{\"version\": \"1.0\", \"services\": [[[7], [\"https://a.example/\"]]]}" },
    { AURA_RDAP_REGISTRY_IPV4,
      "{\"version\": \"1.0\", \"services\": [[[\"1.0.0.0\"], [\"https://a.example/\"]]]}" },
    { AURA_RDAP_REGISTRY_IPV4,
      "{\"version\": \"1.0\", \"services\": [[[\"1.0.0.0/33\"], [\"https://a.example/\"]]]}" },
    { AURA_RDAP_REGISTRY_IPV4,
      "{\"version\": \"1.0\", \"services\": [[[\"2001:db8::/32\"], [\"https://a.example/\"]]]}" },
    { AURA_RDAP_REGISTRY_IPV6,
      "{\"version\": \"1.0\", \"services\": [[[\"10.0.0.0/8\"], [\"https://a.example/\"]]]}" },
    { AURA_RDAP_REGISTRY_ASN,
      "{\"version\": \"1.0\", \"services\": [[[\"5-3\"], [\"https://a.example/\"]]]}" },
    { AURA_RDAP_REGISTRY_ASN,
      "{\"version\": \"1.0\", \"services\": [[[\"1-2-3\"], [\"https://a.example/\"]]]}" },
    { AURA_RDAP_REGISTRY_ASN,
      "{\"version\": \"1.0\", \"services\": [[[\"4294967296\"], [\"https://a.example/\"]]]}" },
    { AURA_RDAP_REGISTRY_ASN,
      "{\"version\": \"1.0\", \"services\": [[[\"AS1\"], [\"https://a.example/\"]]]}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;

      if (aura_rdap_bootstrap_validate (cases[i].json, strlen (cases[i].json), cases[i].registry,
                                        NULL, &error))
        g_error ("accepted: %s", cases[i].json);
      g_assert_error (error, AURA_RDAP_ERROR, AURA_RDAP_ERROR_BOOTSTRAP);
      g_assert_nonnull (
          strstr (error->message, aura_rdap_registry_get_file_name (cases[i].registry)));
    }
}

static void
test_validate_accepts (void)
{
  static const char json[] =
      "{\"description\": \"x\", \"publication\": \"2024-05-01T00:00:00Z\", \"version\": \"1.0\", "
      "\"services\": [[[\"1-1876\", \"13335\"], [\"https://a.example/rdap/\", "
      "\"http://a.example/rdap/\"]], [[\"4200000000-4294967295\"], [\"https://b.example\"]]]}";
  g_autoptr (GError) error = NULL;
  guint n = 0;

  g_assert_true (
      aura_rdap_bootstrap_validate (json, strlen (json), AURA_RDAP_REGISTRY_ASN, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
}

/* ---- Cache and bundled copy ----------------------------------------------- */

static void
test_cache_falls_back (void)
{
  g_autofree char *bundled = make_dir ();
  g_autofree char *cache = make_dir ();
  g_autofree char *dns_path = g_build_filename (cache, "dns.json", NULL);
  g_autofree char *ipv4_path = g_build_filename (bundled, "ipv4.json", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraRdapBootstrap) bootstrap = NULL;
  g_autofree char *server = NULL;

  rdap_write_bootstrap (bundled, "https://bundled.example/");
  /* A fresh dns.json, a broken ipv4.json; no ipv6.json or asn.json. */
  write_file (
      cache, "dns.json",
      "{\"version\": \"1.0\", \"services\": [[[\"test\"], [\"https://cached.example/\"]]]}");
  write_file (cache, "ipv4.json", "{\"version\": \"1.0\", \"services\": [[[\"1.0.0.0/8\"]");
  bootstrap = aura_rdap_bootstrap_new_from_dirs (cache, bundled, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (aura_rdap_bootstrap_get_path (bootstrap, AURA_RDAP_REGISTRY_DNS), ==, dns_path);
  g_assert_cmpstr (aura_rdap_bootstrap_get_path (bootstrap, AURA_RDAP_REGISTRY_IPV4), ==,
                   ipv4_path);
  server = first_server (bootstrap, AURA_RDAP_KIND_DOMAIN, "a.test");
  g_assert_cmpstr (server, ==, "https://cached.example/");
  g_clear_pointer (&server, g_free);
  server = first_server (bootstrap, AURA_RDAP_KIND_IP, "192.0.2.1");
  g_assert_cmpstr (server, ==, "https://bundled.example/");
  g_clear_object (&bootstrap);

  /* Through the environment, as aura-cli and the app find them. */
  g_setenv ("AURA_RDAP_CACHE_DIR", cache, TRUE);
  g_setenv ("AURA_RDAP_BUNDLED_DIR", bundled, TRUE);
  bootstrap = aura_rdap_bootstrap_new_default (&error);
  g_assert_no_error (error);
  g_assert_cmpstr (aura_rdap_bootstrap_get_path (bootstrap, AURA_RDAP_REGISTRY_DNS), ==, dns_path);
  g_unsetenv ("AURA_RDAP_CACHE_DIR");
  g_unsetenv ("AURA_RDAP_BUNDLED_DIR");
  remove_tree (bundled);
  remove_tree (cache);
}

static void
test_missing_bundled (void)
{
  g_autofree char *bundled = make_dir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraRdapBootstrap) bootstrap = NULL;

  rdap_write_bootstrap (bundled, "https://bundled.example/");
  write_file (bundled, "asn.json", "{\"version\": \"1.0\", \"services\": []}");
  bootstrap = aura_rdap_bootstrap_new_from_dirs (NULL, bundled, &error);
  g_assert_null (bootstrap);
  g_assert_error (error, AURA_RDAP_ERROR, AURA_RDAP_ERROR_BOOTSTRAP);
  g_assert_nonnull (strstr (error->message, "asn.json"));
  g_assert_nonnull (strstr (error->message, "AURA_RDAP_BUNDLED_DIR"));
  remove_tree (bundled);
}

/* ---- Refresh ---------------------------------------------------------------- */

static AuraEngine *
test_engine (void)
{
  static const char *const overrides[] = { "*.test:127.0.0.1", NULL };
  g_autoptr (GError) error = NULL;
  AuraEngineOptions options = { 0 };
  AuraEngine *engine;

  options.host_overrides = overrides;
  options.loopback_only = TRUE;
  options.max_retries = -1;
  options.timeout_ms = 10000;
  engine = aura_engine_new (&options, &error);
  g_assert_no_error (error);
  return engine;
}

static void
test_refresh_validates_before_replacing (void)
{
  static const char *const json[] = { "Content-Type: application/json", NULL };
  g_autoptr (AuraTestServer) server = aura_test_server_new ();
  g_autofree char *base = aura_test_server_url (server, "data.iana.test", "/rdap");
  g_autofree char *cache = make_dir ();
  g_autofree char *nested = g_build_filename (cache, "aura", "rdap", NULL);
  g_autofree char *old_asn = NULL;
  g_autofree char *new_dns = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) updates = NULL;
  g_autoptr (AuraRdapBootstrap) bootstrap = NULL;
  g_autofree char *bundled = rdap_bundled_dir ();
  g_autofree char *server_url = NULL;
  AuraEngine *engine = test_engine ();
  const AuraRdapBootstrapUpdate *update;

  aura_test_server_add_response (
      server, "data.iana.test", "/rdap/dns.json", 200, json,
      "{\"version\": \"1.0\", \"publication\": \"2030-01-01T00:00:00Z\", \"services\": "
      "[[[\"com\", \"test\"], [\"https://new.example/\"]], [[\"org\"], [\"https://o.example/\"]]]}",
      0);
  aura_test_server_add_response (
      server, "data.iana.test", "/rdap/ipv4.json", 200, json,
      "{\"version\": \"1.0\", \"services\": [[[\"8.0.0.0/8\"], [\"https://new.example/\"]]]}", 0);
  /* A broken download, a missing file and one that never ends. */
  aura_test_server_add_response (server, "data.iana.test", "/rdap/ipv6.json", 200, json,
                                 "{\"version\": \"1.0\", \"services\": [[[\"2001:db8::/33", 0);
  aura_test_server_add_response (server, "data.iana.test", "/rdap/asn.json", 404, NULL, "gone", 0);

  /* An older asn.json already in the cache stays. */
  g_assert_cmpint (g_mkdir_with_parents (nested, 0700), ==, 0);
  old_asn = g_build_filename (nested, "asn.json", NULL);
  g_assert_true (g_file_set_contents (
      old_asn, "{\"version\": \"1.0\", \"services\": [[[\"1-10\"], [\"https://old.example/\"]]]}",
      -1, NULL));

  updates = aura_rdap_bootstrap_refresh_run (engine, base, nested, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (updates->len, ==, 4);
  update = updates->pdata[AURA_RDAP_REGISTRY_DNS];
  g_assert_no_error (update->error);
  g_assert_cmpuint (update->n_services, ==, 2);
  new_dns = g_build_filename (nested, "dns.json", NULL);
  g_assert_cmpstr (update->path, ==, new_dns);
  update = updates->pdata[AURA_RDAP_REGISTRY_IPV4];
  g_assert_no_error (update->error);
  update = updates->pdata[AURA_RDAP_REGISTRY_IPV6];
  g_assert_error (update->error, AURA_RDAP_ERROR, AURA_RDAP_ERROR_BOOTSTRAP);
  g_assert_null (update->path);
  update = updates->pdata[AURA_RDAP_REGISTRY_ASN];
  g_assert_error (update->error, AURA_RDAP_ERROR, AURA_RDAP_ERROR_HTTP);
  g_assert_nonnull (strstr (update->error->message, "404"));
  g_assert_true (g_str_has_suffix (update->url, "/rdap/asn.json"));

  /* The next load uses the new files where there are some, the old cached
   * asn.json, and the bundled ipv6.json. */
  bootstrap = aura_rdap_bootstrap_new_from_dirs (nested, bundled, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (aura_rdap_bootstrap_get_publication (bootstrap, AURA_RDAP_REGISTRY_DNS), ==,
                   "2030-01-01T00:00:00Z");
  server_url = first_server (bootstrap, AURA_RDAP_KIND_DOMAIN, "example.com");
  g_assert_cmpstr (server_url, ==, "https://new.example/");
  g_clear_pointer (&server_url, g_free);
  server_url = first_server (bootstrap, AURA_RDAP_KIND_AUTNUM, "AS5");
  g_assert_cmpstr (server_url, ==, "https://old.example/");
  g_clear_pointer (&server_url, g_free);
  server_url = first_server (bootstrap, AURA_RDAP_KIND_IP, "2a00::1");
  g_assert_cmpstr (server_url, ==, "https://rdap.db.ripe.net/");
  /* No temporary file is left behind. */
  {
    g_autoptr (GDir) dir = g_dir_open (nested, 0, NULL);
    guint files = 0;

    while (g_dir_read_name (dir) != NULL)
      files++;
    g_assert_cmpuint (files, ==, 3);
  }
  g_assert_finalize_object (engine);
  remove_tree (cache);
}

static void
test_refresh_too_large (void)
{
  g_autoptr (AuraTestServer) server = aura_test_server_new ();
  g_autofree char *base = aura_test_server_url (server, "data.iana.test", "/rdap/");
  g_autofree char *cache = make_dir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) updates = NULL;
  AuraEngine *engine = test_engine ();
  gint64 start = g_get_monotonic_time ();

  aura_test_server_add_stream (server, "data.iana.test", "*", 65536, 0);
  updates = aura_rdap_bootstrap_refresh_run (engine, base, cache, &error);
  g_assert_no_error (error);
  for (guint r = 0; r < AURA_RDAP_N_REGISTRIES; r++)
    {
      const AuraRdapBootstrapUpdate *update = updates->pdata[r];

      g_assert_error (update->error, AURA_RDAP_ERROR, AURA_RDAP_ERROR_TOO_LARGE);
      g_assert_null (update->path);
    }
  g_assert_cmpint (g_get_monotonic_time () - start, <, 15 * G_USEC_PER_SEC);
  g_assert_finalize_object (engine);
  remove_tree (cache);
}

static void
refresh_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  GError **error = data;
  g_autoptr (GPtrArray) updates = aura_rdap_bootstrap_refresh_finish (result, error);

  g_assert_null (updates);
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
test_refresh_cancel (void)
{
  g_autoptr (AuraTestServer) server = aura_test_server_new ();
  g_autofree char *base = aura_test_server_url (server, "data.iana.test", "/rdap/");
  g_autofree char *cache = make_dir ();
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  GError *error = NULL;
  AuraEngine *engine = test_engine ();
  gint64 start = g_get_monotonic_time ();

  aura_test_server_add_handler (server, "data.iana.test", "*", slow_cb, NULL, NULL);
  aura_rdap_bootstrap_refresh_async (engine, base, cache, cancellable, refresh_done_cb, &error);
  while (aura_test_server_get_max_open (server, NULL) < 1)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_cancellable_cancel (cancellable);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
  g_assert_finalize_object (engine);
  remove_tree (cache);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rdap/bootstrap/bundled/answers-main-registries", test_bundled_copy);
  g_test_add_func ("/rdap/bootstrap/bundled/gaps-say-refresh", test_bundled_gaps);
  g_test_add_func ("/rdap/bootstrap/https-first", test_https_first);
  g_test_add_func ("/rdap/bootstrap/longest-match", test_longest_match);
  g_test_add_func ("/rdap/bootstrap/validate/refuses", test_validate_refuses);
  g_test_add_func ("/rdap/bootstrap/validate/accepts", test_validate_accepts);
  g_test_add_func ("/rdap/bootstrap/cache-falls-back-on-bundled", test_cache_falls_back);
  g_test_add_func ("/rdap/bootstrap/missing-bundled", test_missing_bundled);
  g_test_add_func ("/rdap/bootstrap/refresh/validates-before-replacing",
                   test_refresh_validates_before_replacing);
  g_test_add_func ("/rdap/bootstrap/refresh/too-large", test_refresh_too_large);
  g_test_add_func ("/rdap/bootstrap/refresh/cancel", test_refresh_cancel);

  return g_test_run ();
}
