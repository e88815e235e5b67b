/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include <locale.h>

#include "source-test-utils.h"

/* The bundled manifests, run for real: the loopback server plays every
 * service with an answer shaped like its documented API (written for these
 * tests), the scan reaches it through URL overrides, and what comes back
 * is checked value by value, with attribution, keys and redaction. */

/* ---- The services, as the server plays them ----------------------------- */

static const char crtsh_body[] =
    "[{\"issuer_ca_id\": 183267, \"issuer_name\": \"C=US, O=Let's Encrypt, CN=R3\","
    "  \"common_name\": \"www.example.com\","
    "  \"name_value\": \"www.example.com\\nMAIL.Example.COM.\\n*.example.com\","
    "  \"id\": 9000000001, \"entry_timestamp\": \"2024-03-01T10:00:00.000\","
    "  \"not_before\": \"2024-03-01T09:00:00\", \"not_after\": \"2024-05-30T09:00:00\","
    "  \"serial_number\": \"04a1\"},"
    " {\"issuer_ca_id\": 183267, \"common_name\": \"admin@example.com\","
    "  \"name_value\": \"admin@example.com\\nexample.com.evil.net\\nvpn.example.com\","
    "  \"id\": 9000000002},"
    " {\"issuer_ca_id\": 1, \"common_name\": \"bücher.example.com\","
    "  \"name_value\": \"bücher.example.com\", \"id\": 9000000003}]";

static const Route certspotter_pages[] = {
  { "", 200,
    "[{\"id\": \"1001\", \"tbs_sha256\": \"aa\", \"cert_sha256\": \"bb\","
    "  \"dns_names\": [\"example.com\", \"*.example.com\", \"a.example.com\"],"
    "  \"pubkey_sha256\": \"cc\", \"not_before\": \"2024-01-01T00:00:00Z\","
    "  \"not_after\": \"2024-04-01T00:00:00Z\", \"revoked\": false},"
    " {\"id\": \"1002\", \"dns_names\": [\"b.example.com\"]}]" },
  { "1002", 200, "[{\"id\": \"1003\", \"dns_names\": [\"c.example.com\", \"www.example.com\"]}]" },
  { "1003", 200, "[]" },
};
static const Routes certspotter_routes = ROUTES ("after", "application/json", certspotter_pages);

static const char hackertarget_body[] = "www.example.com,93.184.216.34\n"
                                        "mail.example.com,93.184.216.35\r\n"
                                        "ftp.example.com,2606:2800:220:1:248:1893:25c8:1946\n"
                                        "garbage line without comma\n";

static const char alienvault_body[] =
    "{\"passive_dns\": ["
    " {\"address\": \"93.184.216.34\", \"first\": \"2023-01-01T00:00:00\","
    "  \"last\": \"2024-01-01T00:00:00\", \"hostname\": \"www.example.com\","
    "  \"record_type\": \"A\", \"indicator_link\": \"/indicator/hostname/www.example.com\","
    "  \"flag_url\": \"assets/images/flags/us.png\", \"asn\": \"AS15133\"},"
    " {\"address\": \"NXDOMAIN\", \"hostname\": \"old.example.com\", \"record_type\": \"A\"},"
    " {\"address\": \"cdn.provider.net\", \"hostname\": \"static.example.com\","
    "  \"record_type\": \"CNAME\"}],"
    " \"count\": 3}";

static const char anubis_body[] = "[\"www.example.com\", \"dev.example.com\", \"example.com\"]";

static const char rapiddns_body[] =
    "<!DOCTYPE html><html><body><table class=\"table\"><thead><tr><th>#</th><th>Domain</th>"
    "<th>Address</th><th>Type</th></tr></thead><tbody>\n"
    "<tr><th scope=\"row\">1</th><td>www.example.com</td><td>93.184.216.34</td><td>A</td></tr>\n"
    "<tr><th scope=\"row\">2</th><td>Shop.Example.com</td><td>shops.cdn.net</td><td>CNAME</td>"
    "</tr>\n<tr><th scope=\"row\">3</th><td>example.org</td><td>1.2.3.4</td><td>A</td></tr>\n"
    "</tbody></table></body></html>";

static const char wayback_body[] = "[[\"original\"],"
                                   " [\"http://www.example.com/\"],"
                                   " [\"https://archive.example.com:443/page?x=1\"],"
                                   " [\"http://EXAMPLE.com/about\"],"
                                   " [\"http://evil.example.com.attacker.net/\"],"
                                   " [\"http://www.example.com/other\"]]";

static const char commoncrawl_collinfo[] =
    "[{\"id\": \"CC-MAIN-2024-10\", \"name\": \"February/March 2024 Index\","
    "  \"timegate\": \"https://index.commoncrawl.org/CC-MAIN-2024-10/\","
    "  \"cdx-api\": \"https://index.commoncrawl.org/CC-MAIN-2024-10-index\"},"
    " {\"id\": \"CC-MAIN-2023-50\", \"name\": \"November/December 2023 Index\","
    "  \"cdx-api\": \"https://index.commoncrawl.org/CC-MAIN-2023-50-index\"}]";

static const Route commoncrawl_pages[] = {
  { "0", 200,
    "{\"url\": \"http://www.example.com/\"}\n"
    "{\"url\": \"https://blog.example.com/2024/post\"}\n"
    "not json at all\n" },
  { "1", 200, "{\"url\": \"https://shop.example.com/cart\"}\n" },
  { "2", 404, "{\"message\": \"No Captures found for: *.example.com\"}" },
};
static const Routes commoncrawl_routes = ROUTES ("page", "text/x-ndjson", commoncrawl_pages);

static const Route urlscan_pages[] = {
  { "", 200,
    "{\"results\": [{\"task\": {\"visibility\": \"public\", \"domain\": \"www.example.com\","
    "  \"url\": \"https://www.example.com/\"}, \"page\": {\"domain\": \"login.example.com\","
    "  \"ip\": \"93.184.216.34\", \"url\": \"https://login.example.com/\"},"
    "  \"_id\": \"0f1e\", \"sort\": [1709290000000, \"0f1e\"]}],"
    " \"total\": 2, \"took\": 12, \"has_more\": true}" },
  { "1709290000000,0f1e", 200,
    "{\"results\": [{\"page\": {\"domain\": \"api.example.com\","
    "  \"ip\": \"2606:2800:220:1:248:1893:25c8:1946\"}, \"sort\": [1709200000000, \"aa11\"]}],"
    " \"total\": 2, \"has_more\": false}" },
};
static const Routes urlscan_routes = ROUTES ("search_after", "application/json", urlscan_pages);

static const Route virustotal_pages[] = {
  { "", 200,
    "{\"meta\": {\"count\": 3, \"cursor\": \"eyJsaW1pdCI6IDQwfQ==\"},"
    " \"data\": [{\"attributes\": {\"last_dns_records\": []}, \"type\": \"domain\","
    "  \"id\": \"www.example.com\", \"links\": {\"self\": \"https://www.virustotal.com/x\"}},"
    "  {\"type\": \"domain\", \"id\": \"vt1.example.com\"}],"
    " \"links\": {\"self\": \"https://www.virustotal.com/api/v3/domains/example.com/subdomains\","
    "  \"next\": \"https://www.virustotal.com/api/v3/domains/example.com/subdomains?cursor=x\"}}" },
  { "eyJsaW1pdCI6IDQwfQ==", 200,
    "{\"meta\": {\"count\": 3}, \"data\": [{\"type\": \"domain\", \"id\": \"vt2.example.com\"}],"
    " \"links\": {\"self\": \"https://www.virustotal.com/x\"}}" },
};
static const Routes virustotal_routes = ROUTES ("cursor", "application/json", virustotal_pages);

static const char securitytrails_body[] =
    "{\"endpoint\": \"/v1/domain/example.com/subdomains\", \"meta\": {\"limit_reached\": false},"
    " \"subdomain_count\": 3, \"subdomains\": [\"www\", \"api\", \"mail\"]}";

static const Route shodan_pages[] = {
  { "1", 200,
    "{\"domain\": \"example.com\", \"tags\": [\"ipv6\"], \"data\": ["
    " {\"subdomain\": \"www\", \"type\": \"A\", \"value\": \"93.184.216.34\","
    "  \"last_seen\": \"2024-03-01T00:00:00.000000\"},"
    " {\"subdomain\": \"\", \"type\": \"MX\", \"value\": \"mx.example.net\"}],"
    " \"subdomains\": [\"www\", \"shop\", \"\"], \"more\": true}" },
  { "2", 200,
    "{\"domain\": \"example.com\", \"data\": [], \"subdomains\": [\"blog\"], \"more\": false}" },
};
static const Routes shodan_routes = ROUTES ("page", "application/json", shodan_pages);

static const Route censys_pages[] = {
  { "", 200,
    "{\"code\": 200, \"status\": \"OK\", \"result\": {\"query\": \"names:example.com\","
    " \"total\": 2, \"duration_ms\": 120, \"hits\": [{\"fingerprint_sha256\": \"ab\","
    " \"names\": [\"example.com\", \"c1.example.com\"], \"parsed\": {\"issuer_dn\": \"CN=R3\"}}],"
    " \"links\": {\"next\": \"cursor-2\", \"prev\": \"\"}}}" },
  { "cursor-2", 200,
    "{\"code\": 200, \"status\": \"OK\", \"result\": {\"hits\": [{\"names\": "
    "[\"c2.example.com\"]}],"
    " \"links\": {\"next\": \"\", \"prev\": \"cursor-1\"}}}" },
};
static const Routes censys_routes = ROUTES ("cursor", "application/json", censys_pages);

static const char chaos_body[] =
    "{\"domain\": \"example.com\", \"subdomains\": [\"www\", \"cdn\"], \"count\": 2}";

static const Route github_pages[] = {
  { "1", 200,
    "{\"total_count\": 2, \"incomplete_results\": false, \"items\": ["
    " {\"name\": \"deploy.yml\", \"path\": \"ci/deploy.yml\", \"text_matches\": [{"
    "   \"object_type\": \"FileContent\", \"property\": \"content\","
    "   \"fragment\": \"host: git.example.com\\nbackup: https://Backup.Example.com/x\\n"
    "notexample.com\", \"matches\": []}]},"
    " {\"name\": \"README.md\", \"text_matches\": [{\"fragment\": \"see example.com\"}]}]}" },
  { "2", 200, "{\"total_count\": 2, \"incomplete_results\": false, \"items\": []}" },
};
static const Routes github_routes = ROUTES ("page", "application/json", github_pages);

/* Hunter pages ten addresses at a time; meta.results says how many there
 * are in all. */
static const Route hunter_pages[] = {
  { "0", 200,
    "{\"data\": {\"domain\": \"example.com\", \"organization\": \"Example\", \"emails\": ["
    "{\"value\": \"alice@example.com\", \"type\": \"personal\", \"confidence\": 94},"
    "{\"value\": \"Bob@EXAMPLE.com\"}, {\"value\": \"carol@other.org\"},"
    "{\"value\": \"d1@example.com\"}, {\"value\": \"d2@example.com\"},"
    "{\"value\": \"d3@example.com\"}, {\"value\": \"d4@example.com\"},"
    "{\"value\": \"d5@example.com\"}, {\"value\": \"d6@example.com\"},"
    "{\"value\": \"not-an-address\"}]},"
    " \"meta\": {\"results\": 12, \"limit\": 10, \"offset\": 0}}" },
  { "10", 200,
    "{\"data\": {\"emails\": [{\"value\": \"hr@jobs.example.com\"}, {\"value\": "
    "\"eve@example.com\"}]},"
    " \"meta\": {\"results\": 12, \"limit\": 10, \"offset\": 10}}" },
};
static const Routes hunter_routes = ROUTES ("offset", "application/json", hunter_pages);

static void
fixture_set_up (SourceFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  AuraTestServer *server;

  source_fixture_set_up (fixture, data);
  server = fixture->server;
  source_fixture_use_list (fixture, aura_source_list_load_bundled (&error));
  g_assert_no_error (error);
  aura_test_server_add_response (server, "crtsh.test", "/", 200, NULL, crtsh_body, 0);
  source_fixture_add_routes (fixture, "certspotter.test", "/v1/issuances", &certspotter_routes);
  aura_test_server_add_response (server, "hackertarget.test", "/hostsearch/", 200, NULL,
                                 hackertarget_body, 0);
  aura_test_server_add_response (server, "alienvault.test",
                                 "/api/v1/indicators/domain/example.com/passive_dns", 200, NULL,
                                 alienvault_body, 0);
  aura_test_server_add_response (server, "anubis.test", "/anubis/subdomains/example.com", 200, NULL,
                                 anubis_body, 0);
  aura_test_server_add_response (server, "rapiddns.test", "/subdomain/example.com", 200, NULL,
                                 rapiddns_body, 0);
  aura_test_server_add_response (server, "wayback.test", "/cdx/search/cdx", 200, NULL, wayback_body,
                                 0);
  aura_test_server_add_response (server, "commoncrawl.test", "/collinfo.json", 200, NULL,
                                 commoncrawl_collinfo, 0);
  source_fixture_add_routes (fixture, "commoncrawl.test", "/CC-MAIN-2024-10-index",
                             &commoncrawl_routes);
  source_fixture_add_routes (fixture, "urlscan.test", "/api/v1/search/", &urlscan_routes);
  source_fixture_add_routes (fixture, "virustotal.test", "/api/v3/domains/example.com/subdomains",
                             &virustotal_routes);
  aura_test_server_add_response (server, "securitytrails.test", "/v1/domain/example.com/subdomains",
                                 200, NULL, securitytrails_body, 0);
  source_fixture_add_routes (fixture, "shodan.test", "/dns/domain/example.com", &shodan_routes);
  source_fixture_add_routes (fixture, "censys.test", "/api/v2/certificates/search", &censys_routes);
  aura_test_server_add_response (server, "chaos.test", "/dns/example.com/subdomains", 200, NULL,
                                 chaos_body, 0);
  source_fixture_add_routes (fixture, "github.test", "/search/code", &github_routes);
  source_fixture_add_routes (fixture, "hunter.test", "/v2/domain-search", &hunter_routes);
}

static const char *const free_sources[] = {
  "crtsh",    "certspotter", "hackertarget", "alienvault", "anubis",
  "rapiddns", "wayback",     "commoncrawl",  "urlscan",    NULL,
};

static const char *const key_sources[] = {
  "virustotal", "securitytrails", "shodan", "censys", "chaos", "github", "hunter", NULL,
};

static void
test_free_sources (SourceFixture *fixture, gconstpointer data)
{
  const AuraEntityType S = AURA_ENTITY_SUBDOMAIN;
  g_autoptr (AuraSourceScan) scan = source_fixture_run (fixture, free_sources, NULL, NULL);
  const AuraSourceHit *www;

  for (guint i = 0; free_sources[i] != NULL; i++)
    assert_state (scan, free_sources[i], AURA_SOURCE_STATE_OK);

  /* crt.sh: split name_value, wildcards, case, IDN; emails and other
   * domains dropped. */
  assert_hit (scan, S, "www.example.com", "crtsh");
  assert_hit (scan, S, "mail.example.com", "crtsh");
  assert_hit (scan, S, "vpn.example.com", "crtsh");
  assert_hit (scan, S, "xn--bcher-kva.example.com", "crtsh");
  assert_hit (scan, AURA_ENTITY_DOMAIN, "example.com", "crtsh");
  g_assert_cmpuint (source_summary (scan, "crtsh")->dropped, ==, 3);
  g_assert_null (aura_source_scan_lookup_hit (scan, S, "example.com.evil.net"));

  /* Cert Spotter: three pages through "after", the last one empty; no
   * key, so no Authorization header. */
  assert_hit (scan, S, "c.example.com", "certspotter");
  g_assert_cmpuint (source_summary (scan, "certspotter")->pages, ==, 3);
  g_assert_cmpuint (
      aura_test_server_get_hits (fixture->server, "certspotter.test", "/v1/issuances"), ==, 3);
  assert_header (fixture, "certspotter.test", "/v1/issuances", "Authorization", NULL);

  /* HackerTarget: names and addresses out of CSV text. */
  assert_hit (scan, S, "ftp.example.com", "hackertarget");
  assert_hit (scan, AURA_ENTITY_IP, "93.184.216.35", "hackertarget");
  assert_hit (scan, AURA_ENTITY_IP, "2606:2800:220:1:248:1893:25c8:1946", "hackertarget");

  /* OTX: NXDOMAIN and CNAME targets are no addresses. */
  assert_hit (scan, S, "old.example.com", "alienvault");
  assert_hit (scan, AURA_ENTITY_IP, "93.184.216.34", "alienvault");
  g_assert_cmpuint (source_summary (scan, "alienvault")->dropped, ==, 2);

  assert_hit (scan, S, "dev.example.com", "anubis");
  assert_hit (scan, S, "shop.example.com", "rapiddns");
  g_assert_cmpuint (source_summary (scan, "rapiddns")->found, ==, 2);

  /* Wayback: hosts of URLs; the header row and another domain dropped. */
  assert_hit (scan, S, "archive.example.com", "wayback");
  assert_hit (scan, AURA_ENTITY_DOMAIN, "example.com", "wayback");
  g_assert_cmpuint (source_summary (scan, "wayback")->found, ==, 3);
  g_assert_cmpuint (source_summary (scan, "wayback")->dropped, ==, 2);

  /* Common Crawl: collinfo first, then JSON lines until the 404 that
   * means "no more captures". */
  assert_hit (scan, S, "blog.example.com", "commoncrawl");
  assert_hit (scan, S, "shop.example.com", "commoncrawl");
  g_assert_cmpuint (source_summary (scan, "commoncrawl")->requests, ==, 4);
  g_assert_cmpuint (source_summary (scan, "commoncrawl")->pages, ==, 3);

  /* urlscan: search_after from the last result's sort values. */
  assert_hit (scan, S, "login.example.com", "urlscan");
  assert_hit (scan, S, "api.example.com", "urlscan");
  assert_hit (scan, AURA_ENTITY_IP, "2606:2800:220:1:248:1893:25c8:1946", "urlscan");
  g_assert_cmpuint (source_summary (scan, "urlscan")->pages, ==, 2);

  /* Attribution to every source that found it. */
  www = aura_source_scan_lookup_hit (scan, S, "www.example.com");
  g_assert_cmpuint (g_strv_length (www->sources), ==, 9);
  for (guint i = 0; free_sources[i] != NULL; i++)
    g_assert_true (g_strv_contains ((const char *const *)www->sources, free_sources[i]));
}

/* Nothing recorded shows a key: not in URLs (Shodan's and Hunter's are
 * query parameters), not in headers, not encoded. */
static void
assert_keys_redacted (AuraSourceScan *scan,
                      const char *const (*keys)[2],
                      guint n_keys,
                      const char *basic)
{
  GPtrArray *requests = aura_source_scan_get_requests (scan);

  g_assert_cmpuint (requests->len, ==, 12);
  for (guint r = 0; r < requests->len; r++)
    {
      AuraSourceRequest *request = requests->pdata[r];
      g_autofree char *joined = g_strjoinv ("\n", request->headers);
      g_autofree char *all = g_strconcat (request->url, "\n", joined, NULL);

      g_assert_cmpuint (request->status, ==, 200);
      for (guint i = 0; i < n_keys; i++)
        {
          g_autofree char *encoded = aura_source_percent_encode (keys[i][1]);

          g_assert_null (strstr (all, keys[i][1]));
          g_assert_null (strstr (all, encoded));
        }
      g_assert_null (strstr (all, basic));
      if (g_str_equal (request->source, "shodan") || g_str_equal (request->source, "hunter"))
        g_assert_nonnull (strstr (request->url, "key=REDACTED"));
      else
        g_assert_nonnull (strstr (joined, "REDACTED"));
    }
}

static void
test_keys_sent_and_redacted (SourceFixture *fixture, gconstpointer data)
{
  static const char *const keys[][2] = {
    { "virustotal", "vt-KEY-0123456789abcdef" },
    { "securitytrails", "st-KEY-abcdef" },
    { "shodan", "sh/KEY+x=y" },
    { "censys", "censys-id:censys-secret" },
    { "chaos", "chaos-KEY-42" },
    { "github", "ghp_KEYKEYKEY" },
    { "hunter", "hunter-KEY-777" },
    { "certspotter", "cs-KEY-1" },
  };
  g_autoptr (AuraSourceScan) scan = NULL;
  g_autofree char *basic = NULL;
  g_autofree char *authorization = NULL;
  const char *const only_certspotter[] = { "certspotter", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    aura_api_keys_set (fixture->keys, keys[i][0], keys[i][1]);
  scan = source_fixture_run (fixture, key_sources, NULL, NULL);
  for (guint i = 0; key_sources[i] != NULL; i++)
    assert_state (scan, key_sources[i], AURA_SOURCE_STATE_OK);

  assert_hit (scan, AURA_ENTITY_SUBDOMAIN, "vt2.example.com", "virustotal");
  assert_hit (scan, AURA_ENTITY_SUBDOMAIN, "mail.example.com", "securitytrails");
  assert_hit (scan, AURA_ENTITY_SUBDOMAIN, "blog.example.com", "shodan");
  assert_hit (scan, AURA_ENTITY_IP, "93.184.216.34", "shodan");
  assert_hit (scan, AURA_ENTITY_SUBDOMAIN, "c2.example.com", "censys");
  assert_hit (scan, AURA_ENTITY_SUBDOMAIN, "cdn.example.com", "chaos");
  assert_hit (scan, AURA_ENTITY_SUBDOMAIN, "git.example.com", "github");
  assert_hit (scan, AURA_ENTITY_SUBDOMAIN, "backup.example.com", "github");
  assert_hit (scan, AURA_ENTITY_EMAIL, "bob@example.com", "hunter");
  assert_hit (scan, AURA_ENTITY_EMAIL, "hr@jobs.example.com", "hunter");
  g_assert_cmpuint (source_summary (scan, "hunter")->found, ==, 10);
  g_assert_cmpuint (source_summary (scan, "hunter")->dropped, ==, 2);
  g_assert_cmpuint (source_summary (scan, "hunter")->pages, ==, 2);
  g_assert_cmpuint (source_summary (scan, "shodan")->pages, ==, 2);
  g_assert_cmpuint (source_summary (scan, "virustotal")->pages, ==, 2);
  g_assert_cmpuint (source_summary (scan, "github")->pages, ==, 2);
  g_assert_cmpuint (source_summary (scan, "github")->found, ==, 2);

  /* Each key went where its service wants it. */
  assert_header (fixture, "virustotal.test", "/api/v3/domains/example.com/subdomains", "x-apikey",
                 "vt-KEY-0123456789abcdef");
  assert_header (fixture, "securitytrails.test", "/v1/domain/example.com/subdomains", "APIKEY",
                 "st-KEY-abcdef");
  assert_header (fixture, "chaos.test", "/dns/example.com/subdomains", "Authorization",
                 "chaos-KEY-42");
  authorization = aura_test_server_get_last_header (fixture->server, "github.test", "/search/code",
                                                    "Authorization");
  g_assert_cmpstr (authorization, ==, "Bearer ghp_KEYKEYKEY");
  g_clear_pointer (&authorization, g_free);
  basic = g_base64_encode ((const guchar *)"censys-id:censys-secret", 23);
  authorization = aura_test_server_get_last_header (fixture->server, "censys.test",
                                                    "/api/v2/certificates/search", "Authorization");
  g_assert_true (g_str_has_prefix (authorization, "Basic "));
  g_assert_cmpstr (authorization + 6, ==, basic);

  /* Nothing recorded shows a key. */
  assert_keys_redacted (scan, keys, G_N_ELEMENTS (keys), basic);

  /* An optional key is sent when there is one. */
  g_clear_object (&scan);
  scan = source_fixture_run (fixture, only_certspotter, NULL, NULL);
  g_clear_pointer (&authorization, g_free);
  authorization = aura_test_server_get_last_header (fixture->server, "certspotter.test",
                                                    "/v1/issuances", "Authorization");
  g_assert_cmpstr (authorization, ==, "Bearer cs-KEY-1");
}

static void
test_missing_keys_skip (SourceFixture *fixture, gconstpointer data)
{
  g_autoptr (AuraSourceScan) scan = source_fixture_run (fixture, key_sources, NULL, NULL);

  for (guint i = 0; key_sources[i] != NULL; i++)
    {
      const AuraSourceSummary *summary = source_summary (scan, key_sources[i]);
      g_autofree char *variable = aura_api_keys_get_env_name (key_sources[i]);
      g_autofree char *flag = g_strdup_printf ("--key %s=", key_sources[i]);

      assert_state (scan, key_sources[i], AURA_SOURCE_STATE_SKIPPED);
      assert_message (scan, key_sources[i], variable);
      assert_message (scan, key_sources[i], flag);
      g_assert_cmpuint (summary->requests, ==, 0);
    }
  assert_message (scan, "virustotal", "https://www.virustotal.com/gui/my-apikey");
  g_assert_cmpuint (aura_source_scan_get_requests (scan)->len, ==, 0);
  g_assert_cmpuint (aura_source_scan_get_hits (scan)->len, ==, 0);
  g_assert_cmpuint (aura_test_server_get_max_open (fixture->server, NULL), ==, 0);
}

static void
test_keys_from_environment (SourceFixture *fixture, gconstpointer data)
{
  const char *const names[] = { "chaos", NULL };
  g_autoptr (AuraSourceScan) scan = NULL;
  g_autofree char *header = NULL;

  aura_api_keys_set_use_environment (fixture->keys, TRUE);
  g_setenv ("AURA_KEY_CHAOS", "from-the-environment", TRUE);
  scan = source_fixture_run (fixture, names, NULL, NULL);
  g_unsetenv ("AURA_KEY_CHAOS");
  assert_state (scan, "chaos", AURA_SOURCE_STATE_OK);
  header = aura_test_server_get_last_header (fixture->server, "chaos.test",
                                             "/dns/example.com/subdomains", "Authorization");
  g_assert_cmpstr (header, ==, "from-the-environment");
}

static void
test_everything_at_once (SourceFixture *fixture, gconstpointer data)
{
  g_autoptr (AuraSourceScan) scan = NULL;
  SignalCounts counts = { 0 };
  GPtrArray *hits;

  aura_api_keys_set (fixture->keys, "hunter", "h");
  aura_api_keys_set (fixture->keys, "chaos", "c");
  scan = source_fixture_run (fixture, NULL, NULL, &counts);
  g_assert_cmpuint (aura_source_scan_get_summaries (scan)->len, ==, 16);
  g_assert_cmpuint (counts.done, ==, 16);
  assert_state (scan, "virustotal", AURA_SOURCE_STATE_SKIPPED);
  assert_state (scan, "hunter", AURA_SOURCE_STATE_OK);
  assert_state (scan, "chaos", AURA_SOURCE_STATE_OK);
  assert_state (scan, "crtsh", AURA_SOURCE_STATE_OK);
  /* Each value once, whatever the number of sources that found it. */
  hits = aura_source_scan_get_hits (scan);
  for (guint i = 0; i < hits->len; i++)
    for (guint j = i + 1; j < hits->len; j++)
      {
        AuraSourceHit *a = hits->pdata[i], *b = hits->pdata[j];

        g_assert_false (a->kind == b->kind && g_str_equal (a->value, b->value));
      }
  g_assert_cmpuint (counts.hits, >, hits->len);
}

static void
test_kinds_filter (SourceFixture *fixture, gconstpointer data)
{
  const char *const emails[] = { "email", NULL };
  const char *const ips[] = { "ip", NULL };
  AuraSourceScanOptions options = { 0 };
  g_autoptr (AuraSourceScan) scan = NULL;
  GPtrArray *hits;

  aura_api_keys_set (fixture->keys, "hunter", "h");
  options.kinds = emails;
  scan = source_fixture_run (fixture, NULL, &options, NULL);
  g_assert_cmpuint (aura_source_scan_get_summaries (scan)->len, ==, 1);
  assert_state (scan, "hunter", AURA_SOURCE_STATE_OK);
  g_clear_object (&scan);

  /* Sources yielding addresses run, and only addresses are kept. */
  options.kinds = ips;
  scan = source_fixture_run (fixture, free_sources, &options, NULL);
  hits = aura_source_scan_get_hits (scan);
  g_assert_cmpuint (hits->len, >, 0);
  for (guint i = 0; i < hits->len; i++)
    g_assert_cmpint (((AuraSourceHit *)hits->pdata[i])->kind, ==, AURA_ENTITY_IP);
  g_assert_null (aura_source_scan_get_summary (scan, "crtsh"));
  assert_state (scan, "hackertarget", AURA_SOURCE_STATE_OK);
}

static void
test_domain_forms (SourceFixture *fixture, gconstpointer data)
{
  const char *const names[] = { "anubis", NULL };
  AuraSourceScanOptions options = { 0 };
  g_autoptr (AuraSourceScan) scan = NULL;

  /* Any case, a trailing dot: the same domain, the same request. */
  options.domain = "  EXAMPLE.com. ";
  scan = source_fixture_run (fixture, names, &options, NULL);
  g_assert_cmpstr (aura_source_scan_get_domain (scan), ==, "example.com");
  assert_state (scan, "anubis", AURA_SOURCE_STATE_OK);
  assert_hit (scan, AURA_ENTITY_SUBDOMAIN, "dev.example.com", "anubis");
}

static void
test_bad_options (SourceFixture *fixture, gconstpointer data)
{
  const char *const unknown[] = { "crtsh", "nosuchsource", NULL };
  const char *const bad_kind[] = { "phone", NULL };
  const char *const bad_override[] = { "crtsh=ftp://mirror.test/", NULL };
  const char *const unknown_override[] = { "nosuch=http://mirror.test/", NULL };
  const char *const no_equals[] = { "crtsh", NULL };
  AuraSourceScanOptions options = { 0 };
  g_autoptr (GError) error = NULL;
  AuraSourceScan *scan;

  options.sources = fixture->list;
  options.domain = "co.uk";
  scan = aura_source_scan_new (fixture->engine, &options, &error);
  g_assert_null (scan);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "public suffix"));
  g_clear_error (&error);
  options.domain = "";
  g_assert_null (aura_source_scan_new (fixture->engine, &options, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  options.domain = "example.com";
  options.source_names = unknown;
  g_assert_null (aura_source_scan_new (fixture->engine, &options, &error));
  g_assert_error (error, AURA_SOURCE_ERROR, AURA_SOURCE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "nosuchsource"));
  g_assert_nonnull (strstr (error->message, "crtsh, "));
  g_clear_error (&error);
  options.source_names = NULL;
  options.kinds = bad_kind;
  g_assert_null (aura_source_scan_new (fixture->engine, &options, &error));
  g_assert_nonnull (strstr (error->message, "phone"));
  g_clear_error (&error);
  options.kinds = NULL;
  options.url_overrides = bad_override;
  g_assert_null (aura_source_scan_new (fixture->engine, &options, &error));
  g_assert_nonnull (strstr (error->message, "crtsh=ftp"));
  g_clear_error (&error);
  options.url_overrides = unknown_override;
  g_assert_null (aura_source_scan_new (fixture->engine, &options, &error));
  g_assert_nonnull (strstr (error->message, "nosuch"));
  g_clear_error (&error);
  options.url_overrides = no_equals;
  g_assert_null (aura_source_scan_new (fixture->engine, &options, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func)                                                                            \
  g_test_add (path, SourceFixture, NULL, fixture_set_up, func, source_fixture_tear_down)
  ADD ("/sources/scan/free-sources-read-their-answers", test_free_sources);
  ADD ("/sources/scan/keys-sent-where-needed-and-redacted", test_keys_sent_and_redacted);
  ADD ("/sources/scan/missing-keys-skip-with-reason", test_missing_keys_skip);
  ADD ("/sources/scan/keys-from-environment", test_keys_from_environment);
  ADD ("/sources/scan/every-source-at-once-deduplicated", test_everything_at_once);
  ADD ("/sources/scan/kinds-filter", test_kinds_filter);
  ADD ("/sources/scan/domain-forms", test_domain_forms);
  ADD ("/sources/scan/bad-options", test_bad_options);
#undef ADD

  return g_test_run ();
}
