/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "aura-api-keys.h"
#include "aura-domain-scan.h"
#include "aura-test-knot.h"
#include "aura-test-server.h"
#include "aura.h"
#include "store-test-utils.h"

/* The domain scan end to end on loopback: Knot serves the zones (records,
 * aliases, a refused and an allowed zone transfer, Team Cymru's AS
 * answers), a SoupServer plays the passive sources, the RDAP registry and
 * the domain's own web site, and everything lands in a real store. */

typedef struct
{
  StoreFixture store;
  gint64 investigation_id;
  AuraTestKnot *knot;
  AuraTestServer *server;
  AuraEngine *engine;
  char *bootstrap_dir;
  char *wordlist;
  char *resolvers[2];
} DomainFixture;

static const char example_zone[] =
    "@ A 127.0.0.1\n"
    "@ MX 10 mail\n"
    "@ TXT \"v=spf1 ip4:192.0.2.0/24 \" \"include:spf.mailer.test -all\"\n"
    "@ TXT \"google-site-verification=Tok3nAbc123\"\n"
    "_dmarc TXT \"v=DMARC1; p=reject; rua=mailto:reports@example.test\"\n"
    "www A 127.0.0.2\n"
    "mail A 127.0.0.3\n"
    "dev A 127.0.0.4\n"
    "api CNAME www\n"
    "old CNAME gone.example.test.\n"
    "_xmpp-server._tcp SRV 5 0 5269 chat\n"
    "chat A 127.0.0.5\n";

static const char xfr_zone[] = "@ A 127.0.0.1\n"
                               "secret-admin A 127.0.0.7\n"
                               "vault CNAME secret-admin\n";

/* Team Cymru's answers for the loopback addresses the zones use. */
static const char cymru_zone[] =
    "1.0.0.127.origin TXT \"64500 | 127.0.0.0/24 | ZZ | test | 2020-01-01\"\n"
    "2.0.0.127.origin TXT \"64500 | 127.0.0.0/24 | ZZ | test | 2020-01-01\"\n"
    "3.0.0.127.origin TXT \"64501 64502 | 127.0.0.0/30 | ZZ | test | 2020-01-01\"\n"
    "AS64500 TXT \"64500 | ZZ | test | 2020-01-01 | LOOPNET Loopback Networks, ZZ\"\n"
    "AS64501 TXT \"64501 | ZZ | test | 2020-01-01 | SMALLNET, ZZ\"\n";

static const char home_page[] =
    "<html><head><title>Example</title>"
    "<script>gtag('config', 'G-TESTABC123');</script></head><body>"
    "<a href=\"/contact\">Contact</a> <a href=\"https://github.com/example-org\">GitHub</a>"
    "</body></html>";

static const char contact_page[] = "<html><body><p>Write to press [at] example-press [dot] com "
                                   "or <a href=\"mailto:sales@example.org\">sales</a>.</p>"
                                   "<p>Staff portal: https://portal.example.test/login</p>"
                                   "</body></html>";

static char *
rdap_domain_json (void)
{
  return g_strdup (
      "{\"objectClassName\":\"domain\",\"handle\":\"D1-TEST\",\"ldhName\":\"example.test\","
      "\"status\":[\"active\"],"
      "\"events\":[{\"eventAction\":\"registration\",\"eventDate\":\"2001-02-03T04:05:06Z\"},"
      "{\"eventAction\":\"expiration\",\"eventDate\":\"2031-02-03T04:05:06Z\"}],"
      "\"nameservers\":[{\"objectClassName\":\"nameserver\",\"ldhName\":\"ns1.example.test\"}],"
      "\"entities\":[{\"objectClassName\":\"entity\",\"roles\":[\"registrar\"],"
      "\"publicIds\":[{\"type\":\"IANA Registrar ID\",\"identifier\":\"9999\"}],"
      "\"vcardArray\":[\"vcard\",[[\"version\",{},\"text\",\"4.0\"],"
      "[\"fn\",{},\"text\",\"Loopback Registrar Ltd\"]]],"
      "\"entities\":[{\"objectClassName\":\"entity\",\"roles\":[\"abuse\"],"
      "\"vcardArray\":[\"vcard\",[[\"version\",{},\"text\",\"4.0\"],[\"fn\",{},\"text\",\"Abuse\"],"
      "[\"email\",{},\"text\",\"abuse@registrar.test\"]]]}]},"
      "{\"objectClassName\":\"entity\",\"roles\":[\"registrant\"],"
      "\"vcardArray\":[\"vcard\",[[\"version\",{},\"text\",\"4.0\"],[\"fn\",{},\"text\",\"\"],"
      "[\"org\",{},\"text\",\"Example Holdings\"]]]}]}");
}

static void
write_bootstrap (DomainFixture *fixture)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *base = aura_test_server_url (fixture->server, "127.0.0.1", "/rdap/");
  g_autofree char *dns = g_strdup_printf (
      "{\"version\":\"1.0\",\"publication\":\"2026-01-01T00:00:00Z\",\"description\":\"test\","
      "\"services\":[[[\"test\"],[\"%s\"]]]}",
      base);
  const char *ranges[] = { "127.0.0.0/8", "::1/128", "64500-64510" };
  const char *files[] = { "ipv4.json", "ipv6.json", "asn.json" };
  g_autofree char *path = NULL;

  fixture->bootstrap_dir = g_dir_make_tmp ("aura-rdap-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->bootstrap_dir, "dns.json", NULL);
  g_file_set_contents (path, dns, -1, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *other = g_build_filename (fixture->bootstrap_dir, files[i], NULL);
      g_autofree char *json =
          g_strdup_printf ("{\"version\":\"1.0\",\"publication\":\"2026-01-01T00:00:00Z\","
                           "\"description\":\"test\",\"services\":[[[\"%s\"],[\"%s\"]]]}",
                           ranges[i], base);

      g_file_set_contents (other, json, -1, &error);
      g_assert_no_error (error);
    }
}

static void
fixture_set_up (DomainFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *rdap = rdap_domain_json ();
  const char *overrides[] = { "*.test:127.0.0.1", NULL };
  AuraTestZone zones[] = {
    { "example.test", example_zone, FALSE },
    { "xfr.test", xfr_zone, TRUE },
    { "asn.cymru.com", cymru_zone, FALSE },
  };
  AuraEngineOptions options = { 0 };

  store_fixture_set_up (&fixture->store, data);
  fixture->investigation_id = store_fixture_investigation (&fixture->store, "Domain");
  fixture->knot = aura_test_knot_start (zones, G_N_ELEMENTS (zones), &error);
  if (fixture->knot == NULL)
    {
      g_test_skip (error->message);
      return;
    }
  fixture->resolvers[0] = g_strdup (aura_test_knot_get_server (fixture->knot));
  fixture->server = aura_test_server_new ();
  aura_test_server_add_response (fixture->server, "127.0.0.1", "/rdap/domain/example.test", 200,
                                 NULL, rdap, 0);
  aura_test_server_add_response (
      fixture->server, "127.0.0.1", "/crtsh/", 200, NULL,
      "[{\"name_value\":\"www.example.test\\nstaging.example.test\\n*.example.test\","
      "\"common_name\":\"example.test\"},"
      "{\"name_value\":\"admin@example.test\",\"common_name\":\"other.invalid\"}]",
      0);
  aura_test_server_add_response (fixture->server, "127.0.0.1", "/ht/hostsearch/", 200, NULL,
                                 "www.example.test,127.0.0.2\nlegacy.example.test,127.0.0.8\n", 0);
  aura_test_server_add_response (fixture->server, "127.0.0.1", "*", 404, NULL, "{}", 0);
  aura_test_server_add_response (fixture->server, "example.test", "/", 200, NULL, home_page, 0);
  aura_test_server_add_response (fixture->server, "example.test", "/contact", 200, NULL,
                                 contact_page, 0);
  aura_test_server_add_response (fixture->server, "example.test", "*", 404, NULL, "no", 0);
  write_bootstrap (fixture);

  fixture->wordlist = g_build_filename (fixture->bootstrap_dir, "words.txt", NULL);
  g_file_set_contents (fixture->wordlist,
                       "# test words\nwww\nmail\ndev\napi\nold\nnothing\n"
                       "secret-admin\nbad label!\n",
                       -1, &error);
  g_assert_no_error (error);

  options.host_overrides = overrides;
  options.loopback_only = TRUE;
  options.timeout_ms = 2000;
  options.max_retries = 0;
  fixture->engine = aura_engine_new (&options, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (DomainFixture *fixture, gconstpointer data)
{
  if (fixture->engine != NULL)
    g_assert_finalize_object (fixture->engine);
  g_clear_pointer (&fixture->server, aura_test_server_free);
  g_clear_pointer (&fixture->knot, aura_test_knot_stop);
  if (fixture->bootstrap_dir != NULL)
    store_fixture_remove_dir (fixture->bootstrap_dir);
  g_free (fixture->bootstrap_dir);
  g_free (fixture->wordlist);
  g_free (fixture->resolvers[0]);
  store_fixture_tear_down (&fixture->store, data);
}

static void
base_options (DomainFixture *fixture, AuraDomainScanOptions *options, const char *domain)
{
  static const char *none[] = { "none", NULL };

  memset (options, 0, sizeof *options);
  options->domain = domain;
  options->resolvers = (const char *const *)fixture->resolvers;
  options->sources = none;
  options->rdap_bootstrap_dir = fixture->bootstrap_dir;
  options->web_port = aura_test_server_get_port (fixture->server);
  options->web_scheme = "http";
  options->timeout_ms = 1000;
  options->investigation_id = fixture->investigation_id;
}

static AuraDomainName *
find_name (AuraDomainScan *scan, const char *name)
{
  g_autoptr (GPtrArray) names = aura_domain_scan_get_names (scan);

  for (guint i = 0; i < names->len; i++)
    if (g_str_equal (((AuraDomainName *)names->pdata[i])->name, name))
      return names->pdata[i];
  return NULL;
}

static gboolean
has (GPtrArray *values, const char *value)
{
  for (guint i = 0; i < values->len; i++)
    if (g_str_equal (values->pdata[i], value))
      return TRUE;
  return FALSE;
}

static AuraDomainSource *
find_part (AuraDomainScan *scan, const char *name)
{
  g_autoptr (GPtrArray) parts = aura_domain_scan_get_sources (scan);

  for (guint i = 0; i < parts->len; i++)
    if (g_str_equal (((AuraDomainSource *)parts->pdata[i])->name, name))
      return parts->pdata[i];
  return NULL;
}

static gboolean
store_has (DomainFixture *fixture, AuraEntityType type, const char *value)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraEntity) entity =
      aura_store_find_entity (fixture->store.store, fixture->investigation_id, type, value, &error);

  return entity != NULL;
}

static void
test_full_scan (DomainFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraDomainScan) scan = NULL;
  g_autoptr (AuraScanRecord) record = NULL;
  g_autoptr (JsonNode) json = NULL;
  AuraDomainScanOptions options;
  AuraDomainScanProgress progress;
  AuraDomainName *name;
  AuraDomainSource *part;
  g_autofree char *crtsh = NULL;
  g_autofree char *hackertarget = NULL;
  const char *overrides[3] = { NULL };
  const char *sources[] = { "crtsh", "hackertarget", NULL };

  if (fixture->knot == NULL)
    return;
  base_options (fixture, &options, "Example.TEST.");
  options.wordlist = fixture->wordlist;
  crtsh = g_strdup_printf ("crtsh=http://127.0.0.1:%u/crtsh",
                           aura_test_server_get_port (fixture->server));
  hackertarget = g_strdup_printf ("hackertarget=http://127.0.0.1:%u/ht",
                                  aura_test_server_get_port (fixture->server));
  overrides[0] = crtsh;
  overrides[1] = hackertarget;
  options.sources = sources;
  options.source_url_overrides = overrides;
  scan = aura_domain_scan_new (fixture->engine, fixture->store.store, &options, &error);
  g_assert_no_error (error);
  g_assert_true (aura_domain_scan_run (scan, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (aura_domain_scan_get_domain (scan), ==, "example.test");

  /* Records: the MX and SRV targets, found and resolved. */
  name = find_name (scan, "mail.example.test");
  g_assert_nonnull (name);
  g_assert_true (has (name->sources, "dns-records"));
  g_assert_true (has (name->sources, "brute"));
  g_assert_true (has (name->addresses, "127.0.0.3"));
  name = find_name (scan, "chat.example.test");
  g_assert_nonnull (name);
  g_assert_true (name->resolves);
  /* The brute force: an alias and a dangling alias. */
  name = find_name (scan, "api.example.test");
  g_assert_nonnull (name);
  g_assert_true (has (name->addresses, "127.0.0.2"));
  g_assert_true (has (name->cnames, "www.example.test"));
  name = find_name (scan, "old.example.test");
  g_assert_nonnull (name);
  g_assert_false (name->resolves);
  g_assert_true (name->dangling);
  g_assert_null (find_name (scan, "nothing.example.test"));
  /* Passive sources: attributed to each, validated by resolution. */
  name = find_name (scan, "www.example.test");
  g_assert_true (has (name->sources, "crtsh"));
  g_assert_true (has (name->sources, "hackertarget"));
  g_assert_true (has (name->sources, "brute"));
  name = find_name (scan, "staging.example.test");
  g_assert_nonnull (name);
  g_assert_true (has (name->sources, "crtsh"));
  g_assert_false (name->resolves);
  name = find_name (scan, "legacy.example.test");
  g_assert_nonnull (name);
  g_assert_false (name->resolves);
  g_assert_cmpuint (find_part (scan, "crtsh")->found, >=, 2);
  g_assert_cmpint (find_part (scan, "crtsh")->state, ==, AURA_DOMAIN_SOURCE_OK);
  g_assert_cmpint (find_part (scan, "hackertarget")->state, ==, AURA_DOMAIN_SOURCE_OK);
  g_assert_true (store_has (fixture, AURA_ENTITY_IP, "127.0.0.8"));
  /* The names the pages mention, validated by resolution. */
  name = find_name (scan, "portal.example.test");
  if (name != NULL)
    g_assert_false (name->resolves);

  {
    g_autoptr (GPtrArray) parts = aura_domain_scan_get_sources (scan);

    for (guint i = 0; i < parts->len; i++)
      {
        AuraDomainSource *p = parts->pdata[i];

        g_test_message ("part %s: %s, %u found, %s", p->name,
                        aura_domain_source_state_to_string (p->state), p->found,
                        p->error != NULL ? p->error : "-");
      }
  }
  /* Parts: the transfer refused, said plainly. */
  part = find_part (scan, "axfr");
  g_assert_nonnull (part);
  g_assert_cmpint (part->state, ==, AURA_DOMAIN_SOURCE_OK);
  g_assert_nonnull (part->error);
  g_assert_true (strstr (part->error, "refused") != NULL);
  g_assert_cmpint (find_part (scan, "dns-records")->state, ==, AURA_DOMAIN_SOURCE_OK);
  g_assert_cmpint (find_part (scan, "brute")->state, ==, AURA_DOMAIN_SOURCE_OK);
  g_assert_cmpint (find_part (scan, "rdap")->state, ==, AURA_DOMAIN_SOURCE_OK);
  g_assert_cmpint (find_part (scan, "harvest")->state, ==, AURA_DOMAIN_SOURCE_OK);

  aura_domain_scan_get_progress (scan, &progress);
  g_assert_cmpuint (progress.names, >=, 7);
  g_assert_cmpuint (progress.emails, >=, 3);

  /* The store: names, addresses and their network, policies, RDAP, pages. */
  g_assert_true (store_has (fixture, AURA_ENTITY_DOMAIN, "example.test"));
  g_assert_true (store_has (fixture, AURA_ENTITY_SUBDOMAIN, "dev.example.test"));
  g_assert_true (store_has (fixture, AURA_ENTITY_IP, "127.0.0.4"));
  g_assert_true (store_has (fixture, AURA_ENTITY_NETWORK, "127.0.0.0/24"));
  g_assert_true (store_has (fixture, AURA_ENTITY_ASN, "AS64500"));
  g_assert_true (store_has (fixture, AURA_ENTITY_ORGANISATION, "LOOPNET Loopback Networks, ZZ"));
  g_assert_true (store_has (fixture, AURA_ENTITY_NETWORK, "192.0.2.0/24"));
  g_assert_true (store_has (fixture, AURA_ENTITY_DOMAIN, "mailer.test") ||
                 store_has (fixture, AURA_ENTITY_SUBDOMAIN, "spf.mailer.test"));
  g_assert_true (store_has (fixture, AURA_ENTITY_EMAIL, "reports@example.test"));
  g_assert_true (store_has (fixture, AURA_ENTITY_EMAIL, "hostmaster@example.test"));
  g_assert_true (
      store_has (fixture, AURA_ENTITY_IDENTIFIER, "google-site-verification=Tok3nAbc123"));
  g_assert_true (store_has (fixture, AURA_ENTITY_ORGANISATION, "Loopback Registrar Ltd"));
  g_assert_true (store_has (fixture, AURA_ENTITY_ORGANISATION, "Example Holdings"));
  g_assert_true (store_has (fixture, AURA_ENTITY_EMAIL, "abuse@registrar.test"));
  /* The pages' addresses (emails under .test are not taken from text: it
   * is not a public suffix). */
  g_assert_true (store_has (fixture, AURA_ENTITY_EMAIL, "sales@example.org"));
  g_assert_true (store_has (fixture, AURA_ENTITY_EMAIL, "press@example-press.com"));
  g_assert_true (store_has (fixture, AURA_ENTITY_IDENTIFIER, "G-TESTABC123"));

  record = aura_store_get_scan (fixture->store.store, aura_domain_scan_get_scan_id (scan), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (record->status, ==, "done");
  g_assert_cmpstr (record->tool, ==, "domain");

  json = aura_domain_scan_to_json (scan);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json));
  g_assert_cmpint (
      json_array_get_length (json_object_get_array_member (json_node_get_object (json), "names")),
      ==, progress.names);
  g_assert_nonnull (json_object_get_object_member (json_node_get_object (json), "rdap"));
}

static void
test_transfer_allowed (DomainFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraDomainScan) scan = NULL;
  AuraDomainScanOptions options;
  AuraDomainName *name;

  if (fixture->knot == NULL)
    return;
  base_options (fixture, &options, "xfr.test");
  options.no_rdap = TRUE;
  options.no_harvest = TRUE;
  options.no_asn = TRUE;
  scan = aura_domain_scan_new (fixture->engine, NULL, &options, &error);
  g_assert_no_error (error);
  g_assert_true (aura_domain_scan_run (scan, &error));
  name = find_name (scan, "secret-admin.xfr.test");
  g_assert_nonnull (name);
  g_assert_true (has (name->sources, "axfr"));
  g_assert_true (has (name->addresses, "127.0.0.7"));
  name = find_name (scan, "vault.xfr.test");
  g_assert_nonnull (name);
  g_assert_true (has (name->addresses, "127.0.0.7"));
  g_assert_cmpuint (find_part (scan, "axfr")->found, >=, 3);
  g_assert_null (find_part (scan, "axfr")->error);
  g_assert_cmpint (aura_domain_scan_get_scan_id (scan), ==, 0);
}

static void
test_bad_options (DomainFixture *fixture, gconstpointer data)
{
  AuraDomainScanOptions options;
  const char *unknown[] = { "no-such-source", NULL };
  const char *mixed[] = { "all", "crtsh", NULL };
  const char *domains[] = { "",     "localhost",    "*.example.test", "exa mple.test",
                            "a..b", "\xff\xfe.test" };

  if (fixture->knot == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (domains); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (AuraDomainScan) scan = NULL;

      base_options (fixture, &options, domains[i]);
      scan = aura_domain_scan_new (fixture->engine, NULL, &options, &error);
      g_assert_null (scan);
      g_assert_nonnull (error);
      g_test_message ("“%s”: %s", domains[i], error->message);
    }
  {
    g_autoptr (GError) error = NULL;

    base_options (fixture, &options, "example.test");
    options.sources = unknown;
    g_assert_null (aura_domain_scan_new (fixture->engine, NULL, &options, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  }
  {
    g_autoptr (GError) error = NULL;

    base_options (fixture, &options, "example.test");
    options.sources = mixed;
    g_assert_null (aura_domain_scan_new (fixture->engine, NULL, &options, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  }
  {
    g_autoptr (GError) error = NULL;

    base_options (fixture, &options, "example.test");
    options.wordlist = "/no/such/words.txt";
    g_assert_null (aura_domain_scan_new (fixture->engine, NULL, &options, &error));
    g_assert_nonnull (error);
  }
  {
    g_autoptr (GError) error = NULL;

    base_options (fixture, &options, "example.test");
    options.investigation_id = 999999;
    g_assert_null (aura_domain_scan_new (fixture->engine, fixture->store.store, &options, &error));
    g_assert_nonnull (error);
  }
}

static void
cancel_on_first_name_cb (AuraDomainScan *scan, AuraDomainName *name, gpointer data)
{
  aura_domain_scan_cancel (scan);
}

static void
test_cancel (DomainFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraDomainScan) scan = NULL;
  g_autoptr (AuraScanRecord) record = NULL;
  AuraDomainScanOptions options;

  if (fixture->knot == NULL)
    return;
  base_options (fixture, &options, "example.test");
  options.wordlist = fixture->wordlist;
  scan = aura_domain_scan_new (fixture->engine, fixture->store.store, &options, &error);
  g_assert_no_error (error);
  g_signal_connect (scan, "name", G_CALLBACK (cancel_on_first_name_cb), NULL);
  g_assert_true (aura_domain_scan_run (scan, &error));
  g_assert_true (aura_domain_scan_was_cancelled (scan));
  record = aura_store_get_scan (fixture->store.store, aura_domain_scan_get_scan_id (scan), &error);
  g_assert_cmpstr (record->status, ==, "cancelled");
}

static void
test_resolver_gone (DomainFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraDomainScan) scan = NULL;
  AuraDomainScanOptions options;
  gint64 started;

  if (fixture->knot == NULL)
    return;
  base_options (fixture, &options, "example.test");
  options.wordlist = fixture->wordlist;
  options.no_rdap = TRUE;
  options.no_harvest = TRUE;
  options.timeout_ms = 300;
  scan = aura_domain_scan_new (fixture->engine, NULL, &options, &error);
  g_assert_no_error (error);
  aura_test_knot_pause (fixture->knot);
  started = g_get_monotonic_time ();
  g_assert_true (aura_domain_scan_run (scan, &error));
  aura_test_knot_resume (fixture->knot);
  /* Every part ends, with errors, within its bounds. */
  g_assert_cmpint (g_get_monotonic_time () - started, <, 20 * G_USEC_PER_SEC);
  g_assert_cmpint (find_part (scan, "dns-records")->state, ==, AURA_DOMAIN_SOURCE_OK);
  g_assert_cmpint (find_part (scan, "brute")->state, ==, AURA_DOMAIN_SOURCE_ERROR);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func)                                                                            \
  g_test_add ("/scan/domain/" path, DomainFixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("full", test_full_scan);
  ADD ("transfer-allowed", test_transfer_allowed);
  ADD ("bad-options", test_bad_options);
  ADD ("cancel", test_cancel);
  ADD ("resolver-gone", test_resolver_gone);
  return g_test_run ();
}
