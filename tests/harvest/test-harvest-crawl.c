/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include <locale.h>

#include "aura-test-dns.h"
#include "aura-test-server.h"
#include "harvest-test-utils.h"

/* AuraHarvest against a small site played by a SoupServer, its names
 * (acme.test, blog.acme.test, other.test) answered by dnsmasq as
 * 127.0.0.1; the crawl starts at http://acme.test:PORT/ (scheme and port
 * options). */

static const char *const html[] = { "Content-Type: text/html; charset=utf-8", NULL };
static const char *const text[] = { "Content-Type: text/plain", NULL };
static const char *const xml[] = { "Content-Type: application/xml", NULL };

typedef struct
{
  AuraTestDns *dns;
  AuraTestServer *server;
  AuraEngine *engine;
  guint port;
  char *origin; /* "http://acme.test:PORT" */
} Fixture;

static char *
with_port (Fixture *fixture, const char *template)
{
  g_autofree char *port = g_strdup_printf ("%u", fixture->port);
  g_auto (GStrv) parts = g_strsplit (template, "PORT", -1);

  return g_strjoinv (port, parts);
}

static void
add_page (Fixture *fixture,
          const char *host,
          const char *path,
          const char *const *headers,
          const char *body)
{
  g_autofree char *filled = with_port (fixture, body);

  aura_test_server_add_response (fixture->server, host, path, 200, headers, filled, 0);
}

static void
build_site (Fixture *fixture)
{
  g_autoptr (GString) home = g_string_new (
      "<html><head><title>Acme</title>"
      "<script>gtag('config', 'G-HOME123456');</script></head><body>"
      "<nav><a href='/products'>Products</a> <a href='/about'>About us</a>"
      " <a href='http://blog.acme.test:PORT/'>Blog</a></nav>"
      "<p>Visit our friends at <a href='http://other.test:PORT/'>Other</a>.</p>"
      "<p><a href='/endless'>catalogue</a> <a href='/loop1'>loop</a> <a href='/away'>away</a>"
      " <a href='/logo.png'>logo</a> <a href='mailto:hello@acme-widgets.fr'>mail</a></p>");

  /* Forty product pages come first on the page; the contact page last. */
  for (guint i = 0; i < 40; i++)
    g_string_append_printf (home, "<a href='/p/%u'>Product %u</a> ", i, i);
  g_string_append (home, "<footer><a href='/contact'>Contact</a></footer></body></html>");
  add_page (fixture, "acme.test", "/", html, home->str);
  add_page (fixture, "acme.test", "/contact", html,
            "<h1>Contact</h1><p>Sales: sales [at] acme-widgets [dot] fr</p>"
            "<p>Phone: +33 4 78 00 00 00</p><p>hello@acme-widgets.fr</p>"
            "<a href='https://www.linkedin.com/in/acme-founder'>Founder</a>");
  add_page (fixture, "acme.test", "/about", html,
            "<p>About Acme.</p><script>ga('create', 'UA-7777777-3', 'auto');"
            "ym(11223344, \"init\", {});</script><img src='http://img.acme.test:PORT/team.jpg'>");
  add_page (fixture, "acme.test", "/products", html, "<p>Products: <a href='/p/1'>one</a></p>");
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *path = g_strdup_printf ("/p/%u", i);
      add_page (fixture, "acme.test", path, html, "<p>A product.</p>");
    }
  add_page (fixture, "acme.test", "/robots.txt", text,
            "User-agent: *\nDisallow: /admin\nSitemap: http://acme.test:PORT/sitemap-pages.xml\n");
  add_page (fixture, "acme.test", "/sitemap-pages.xml", xml,
            "<?xml version='1.0'?><urlset><url><loc>http://acme.test:PORT/team?a=1&amp;b=2"
            "</loc></url><url><loc>http://elsewhere.test:PORT/x</loc></url></urlset>");
  add_page (fixture, "acme.test", "/team", html,
            "<p>Hidden page. security-team@acme-widgets.fr</p>");
  add_page (fixture, "acme.test", "/.well-known/security.txt", text,
            "Contact: mailto:security@acme-widgets.fr\n");
  add_page (fixture, "acme.test", "/ads.txt", text,
            "google.com, pub-1111222233334444, DIRECT, f08c47fec0942fa0\n");
  add_page (fixture, "acme.test", "/humans.txt", text, "Team: Jane (jane [at] acme-widgets.fr)\n");
  add_page (fixture, "blog.acme.test", "/", html,
            "<p>The Acme blog. Editor: editor@acme-widgets.fr</p>"
            "<script>(function(){})(window,document,'script','dataLayer','GTM-BL0G42');</script>");
  add_page (fixture, "other.test", "/", html, "<p>not@acme-widgets.fr</p>");
  aura_test_server_add_stream (fixture->server, "acme.test", "/endless", 16384, 0);
  aura_test_server_add_redirect (fixture->server, "acme.test", "/loop1", 302, "/loop2");
  aura_test_server_add_redirect (fixture->server, "acme.test", "/loop2", 302, "/loop1");
  {
    g_autofree char *away = with_port (fixture, "http://other.test:PORT/");
    aura_test_server_add_redirect (fixture->server, "acme.test", "/away", 301, away);
  }
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  const char *servers[2] = { NULL, NULL };
  AuraEngineOptions options = { 0 };

  fixture->dns = aura_test_dns_start (NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return;
  g_assert_no_error (error);
  fixture->server = aura_test_server_new ();
  fixture->port = aura_test_server_get_port (fixture->server);
  fixture->origin = g_strdup_printf ("http://acme.test:%u", fixture->port);
  build_site (fixture);
  servers[0] = aura_test_dns_get_server (fixture->dns);
  options.dns_servers = servers;
  options.loopback_only = TRUE;
  options.max_retries = -1;
  options.timeout_ms = 5000;
  fixture->engine = aura_engine_new (&options, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  if (fixture->dns == NULL)
    return;
  g_assert_finalize_object (fixture->engine);
  aura_test_server_free (fixture->server);
  aura_test_dns_stop (fixture->dns);
  g_free (fixture->origin);
}

static gboolean
skipped (Fixture *fixture)
{
  if (fixture->dns == NULL)
    {
      g_test_skip ("dnsmasq is not installed");
      return TRUE;
    }
  return FALSE;
}

static AuraHarvest *
harvest_new (Fixture *fixture, AuraHarvestOptions *options)
{
  g_autoptr (GError) error = NULL;
  AuraHarvest *harvest;

  if (options->domain == NULL)
    options->domain = "acme.test";
  if (options->scheme == NULL)
    options->scheme = "http";
  options->port = fixture->port;
  harvest = aura_harvest_new (fixture->engine, options, &error);
  g_assert_no_error (error);
  return harvest;
}

static guint
hits (Fixture *fixture, const char *host, const char *path)
{
  return aura_test_server_get_hits (fixture->server, host, path);
}

typedef struct
{
  guint findings;
  guint pages;
  guint finished;
  GThread *thread; /* where the signals must arrive */
  AuraHarvest *cancel_after_first_page;
} Counts;

static void
finding_cb (AuraHarvest *harvest, AuraHarvestFinding *finding, gpointer data)
{
  Counts *counts = data;

  g_assert_nonnull (finding->value);
  g_assert_true (g_thread_self () == counts->thread);
  counts->findings++;
}

static void
page_cb (AuraHarvest *harvest, AuraHarvestPage *page, gpointer data)
{
  Counts *counts = data;

  g_assert_true (g_thread_self () == counts->thread);
  counts->pages++;
  if (counts->cancel_after_first_page != NULL)
    aura_harvest_cancel (counts->cancel_after_first_page);
}

static void
finished_cb (AuraHarvest *harvest, gpointer data)
{
  ((Counts *)data)->finished++;
}

static void
connect_counts (AuraHarvest *harvest, Counts *counts)
{
  counts->thread = g_thread_self ();
  g_signal_connect (harvest, "finding", G_CALLBACK (finding_cb), counts);
  g_signal_connect (harvest, "page", G_CALLBACK (page_cb), counts);
  g_signal_connect (harvest, "finished", G_CALLBACK (finished_cb), counts);
}

/* ---- The crawl ----------------------------------------------------------- */

static void
test_crawl_prefers_contact_pages (Fixture *fixture, gconstpointer data)
{
  AuraHarvestOptions options = { .max_page_bytes = 64 * 1024 };
  g_autoptr (GError) error = NULL;
  AuraHarvest *harvest;
  Counts counts = { 0 };
  GPtrArray *findings;
  const AuraHarvestFinding *f;
  g_autofree char *contact = NULL;
  g_autofree char *home = NULL;
  guint products = 0;

  if (skipped (fixture))
    return;
  harvest = harvest_new (fixture, &options);
  connect_counts (harvest, &counts);
  g_assert_true (aura_harvest_run (harvest, &error));
  g_assert_no_error (error);
  findings = aura_harvest_get_findings (harvest);
  harvest_assert_clean (findings);

  /* 20 requests: the start page, the well-known files, the contact and
   * about pages before the forty products. */
  g_assert_cmpint (aura_harvest_get_stop_reason (harvest), ==, AURA_HARVEST_STOP_PAGES);
  g_assert_cmpuint (aura_harvest_get_pages (harvest)->len, ==, 20);
  g_assert_cmpuint (hits (fixture, "acme.test", "/contact"), ==, 1);
  g_assert_cmpuint (hits (fixture, "acme.test", "/about"), ==, 1);
  g_assert_cmpuint (hits (fixture, "acme.test", "/robots.txt"), ==, 1);
  g_assert_cmpuint (hits (fixture, "acme.test", "/sitemap-pages.xml"), ==, 1);
  g_assert_cmpuint (hits (fixture, "acme.test", "/.well-known/security.txt"), ==, 1);
  g_assert_cmpuint (hits (fixture, "acme.test", "/ads.txt"), ==, 1);
  g_assert_cmpuint (hits (fixture, "acme.test", "/humans.txt"), ==, 1);
  g_assert_cmpuint (hits (fixture, "acme.test", "/team"), ==, 1);
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *path = g_strdup_printf ("/p/%u", i);
      products += hits (fixture, "acme.test", path);
    }
  g_assert_cmpuint (products, <, 40);
  /* Nothing off the site, nothing that is not a page. */
  g_assert_cmpuint (hits (fixture, "other.test", "/"), ==, 0);
  g_assert_cmpuint (hits (fixture, "elsewhere.test", "/x"), ==, 0);
  g_assert_cmpuint (hits (fixture, "acme.test", "/logo.png"), ==, 0);

  /* Findings from every kind of page, deduplicated across pages. */
  contact = g_strconcat (fixture->origin, "/contact", NULL);
  home = g_strconcat (fixture->origin, "/", NULL);
  f = harvest_expect (findings, AURA_HARVEST_EMAIL, "hello@acme-widgets.fr");
  g_assert_cmpuint (f->pages->len, ==, 2);
  g_assert_cmpstr (f->pages->pdata[0], ==, home);
  g_assert_cmpstr (f->pages->pdata[1], ==, contact);
  g_assert_cmpstr (harvest_expect (findings, AURA_HARVEST_EMAIL, "sales@acme-widgets.fr")->type, ==,
                   "text-deobfuscated");
  harvest_expect (findings, AURA_HARVEST_EMAIL, "security@acme-widgets.fr");
  harvest_expect (findings, AURA_HARVEST_EMAIL, "security-team@acme-widgets.fr");
  harvest_expect (findings, AURA_HARVEST_EMAIL, "jane@acme-widgets.fr");
  harvest_expect (findings, AURA_HARVEST_EMAIL, "editor@acme-widgets.fr");
  g_assert_null (harvest_find (findings, AURA_HARVEST_EMAIL, "not@acme-widgets.fr"));
  harvest_expect (findings, AURA_HARVEST_PHONE, "+33 4 78 00 00 00");
  harvest_expect (findings, AURA_HARVEST_SOCIAL, "https://www.linkedin.com/in/acme-founder");
  harvest_expect (findings, AURA_HARVEST_TRACKING_ID, "G-HOME123456");
  harvest_expect (findings, AURA_HARVEST_TRACKING_ID, "UA-7777777-3");
  harvest_expect (findings, AURA_HARVEST_TRACKING_ID, "11223344");
  harvest_expect (findings, AURA_HARVEST_TRACKING_ID, "ca-pub-1111222233334444");
  harvest_expect (findings, AURA_HARVEST_TRACKING_ID, "GTM-BL0G42");
  harvest_expect (findings, AURA_HARVEST_HOST, "blog.acme.test");
  harvest_expect (findings, AURA_HARVEST_HOST, "img.acme.test");

  /* Signals: each finding once, each page once, finished once. */
  g_assert_cmpuint (counts.findings, ==, findings->len);
  g_assert_cmpuint (counts.pages, ==, aura_harvest_get_pages (harvest)->len);
  g_assert_cmpuint (counts.finished, ==, 1);
  g_assert_cmpstr (aura_harvest_get_site (harvest), ==, "acme.test");
  g_assert_finalize_object (harvest);
}

static void
test_endless_page_and_redirects (Fixture *fixture, gconstpointer data)
{
  AuraHarvestOptions options = { .max_pages = 100,
                                 .max_page_bytes = 64 * 1024,
                                 .no_well_known = TRUE };
  g_autoptr (GError) error = NULL;
  AuraHarvest *harvest;
  gint64 start = g_get_monotonic_time ();
  GPtrArray *pages;
  gboolean saw_endless = FALSE;

  if (skipped (fixture))
    return;
  harvest = harvest_new (fixture, &options);
  g_assert_true (aura_harvest_run (harvest, &error));
  g_assert_no_error (error);
  g_assert_cmpint (aura_harvest_get_stop_reason (harvest), ==, AURA_HARVEST_STOP_DONE);
  pages = aura_harvest_get_pages (harvest);
  for (guint i = 0; i < pages->len; i++)
    {
      const AuraHarvestPage *page = pages->pdata[i];

      if (g_str_has_suffix (page->url, "/endless"))
        {
          saw_endless = TRUE;
          g_assert_true (page->truncated);
          g_assert_cmpuint (page->bytes, <=, 64 * 1024);
        }
    }
  g_assert_true (saw_endless);
  /* The loop is asked once each way; the redirect off the site is not
   * followed. */
  g_assert_cmpuint (hits (fixture, "acme.test", "/loop1"), ==, 1);
  g_assert_cmpuint (hits (fixture, "acme.test", "/loop2"), ==, 1);
  g_assert_cmpuint (hits (fixture, "acme.test", "/away"), ==, 1);
  g_assert_cmpuint (hits (fixture, "other.test", "/"), ==, 0);
  g_assert_cmpuint (hits (fixture, "acme.test", "/robots.txt"), ==, 0);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  g_assert_finalize_object (harvest);
}

static void
test_byte_budget (Fixture *fixture, gconstpointer data)
{
  AuraHarvestOptions options = {
    .domain = "big.acme.test", .max_pages = 100, .max_bytes = 100 * 1024, .no_well_known = TRUE
  };
  g_autoptr (GString) page = g_string_new ("<html><body>");
  AuraHarvest *harvest;
  guint64 total = 0;

  if (skipped (fixture))
    return;
  for (guint i = 0; i < 20; i++)
    g_string_append_printf (page, "<a href='/big/%u'>%u</a>", i, i);
  g_string_append (page, "<p>");
  while (page->len < 30 * 1024)
    g_string_append (page, "filler text ");
  g_string_append (page, "</p></body></html>");
  aura_test_server_add_response (fixture->server, "big.acme.test", "*", 200, html, page->str, 0);
  harvest = harvest_new (fixture, &options);
  g_assert_true (aura_harvest_run (harvest, NULL));
  g_assert_cmpint (aura_harvest_get_stop_reason (harvest), ==, AURA_HARVEST_STOP_BYTES);
  for (guint i = 0; i < aura_harvest_get_pages (harvest)->len; i++)
    total += ((AuraHarvestPage *)aura_harvest_get_pages (harvest)->pdata[i])->bytes;
  g_assert_cmpuint (total, <=, 100 * 1024);
  g_assert_cmpuint (aura_harvest_get_pages (harvest)->len, <, 10);
  g_assert_finalize_object (harvest);
}

static void
slow_cb (AuraTestServer *server,
         SoupServerMessage *msg,
         const char *host,
         const char *path,
         gpointer user_data)
{
  aura_test_server_respond_later (server, msg, 10000, 200, "<p>late</p>");
}

static void
test_time_budget (Fixture *fixture, gconstpointer data)
{
  AuraHarvestOptions options = { .domain = "slow.test", .timeout_ms = 800 };
  gint64 start = g_get_monotonic_time ();
  AuraHarvest *harvest;
  g_autoptr (GError) error = NULL;

  if (skipped (fixture))
    return;
  aura_test_server_add_handler (fixture->server, "slow.test", "*", slow_cb, NULL, NULL);
  harvest = harvest_new (fixture, &options);
  /* The start page never came: the crawl ends in time, with nothing. */
  g_assert_true (aura_harvest_run (harvest, &error));
  g_assert_cmpint (aura_harvest_get_stop_reason (harvest), ==, AURA_HARVEST_STOP_TIME);
  g_assert_cmpuint (aura_harvest_get_findings (harvest)->len, ==, 0);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
  g_assert_finalize_object (harvest);
}

static void
test_cancel (Fixture *fixture, gconstpointer data)
{
  AuraHarvestOptions options = { 0 };
  g_autoptr (GError) error = NULL;
  AuraHarvest *harvest;
  Counts counts = { 0 };

  if (skipped (fixture))
    return;
  harvest = harvest_new (fixture, &options);
  counts.cancel_after_first_page = harvest;
  connect_counts (harvest, &counts);
  g_assert_false (aura_harvest_run (harvest, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (aura_harvest_get_stop_reason (harvest), ==, AURA_HARVEST_STOP_CANCELLED);
  g_assert_cmpuint (counts.pages, ==, 1);
  g_assert_cmpuint (counts.finished, ==, 1);
  /* What the first page gave stays. */
  harvest_expect (aura_harvest_get_findings (harvest), AURA_HARVEST_EMAIL, "hello@acme-widgets.fr");
  g_assert_finalize_object (harvest);
}

static void
test_https_falls_back_to_http (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  AuraHarvestOptions options = {
    .domain = "acme.test", .max_pages = 3, .no_well_known = TRUE, .request_timeout_ms = 1000
  };
  AuraHarvest *harvest;
  GPtrArray *pages;

  if (skipped (fixture))
    return;
  /* No scheme: https first. The plain HTTP server never completes the
   * TLS handshake: after the request's timeout, http. */
  options.port = fixture->port;
  harvest = aura_harvest_new (fixture->engine, &options, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (aura_harvest_get_start_url (harvest), "https://acme.test:"));
  g_assert_true (aura_harvest_run (harvest, &error));
  g_assert_no_error (error);
  pages = aura_harvest_get_pages (harvest);
  g_assert_cmpuint (pages->len, >=, 2);
  g_assert_cmpint (((AuraHarvestPage *)pages->pdata[0])->outcome, !=, AURA_HTTP_OK);
  g_assert_true (g_str_has_prefix (((AuraHarvestPage *)pages->pdata[1])->url, "http://"));
  g_assert_cmpuint (((AuraHarvestPage *)pages->pdata[1])->status, ==, 200);
  harvest_expect (aura_harvest_get_findings (harvest), AURA_HARVEST_EMAIL, "hello@acme-widgets.fr");
  g_assert_finalize_object (harvest);
}

static void
test_unreachable (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  AuraHarvestOptions options = { .domain = "nowhere.nx.invalid" };
  AuraHarvest *harvest;

  if (skipped (fixture))
    return;
  harvest = aura_harvest_new (fixture->engine, &options, &error);
  g_assert_no_error (error);
  g_assert_false (aura_harvest_run (harvest, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE);
  g_assert_nonnull (strstr (error->message, "nowhere.nx.invalid"));
  g_assert_cmpint (aura_harvest_get_stop_reason (harvest), ==, AURA_HARVEST_STOP_UNREACHABLE);
  /* https, then http. */
  g_assert_cmpuint (aura_harvest_get_pages (harvest)->len, ==, 2);
  g_assert_finalize_object (harvest);
}

static void
test_start_redirects_away (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *away = with_port (fixture, "http://other.test:PORT/");
  AuraHarvestOptions options = { .domain = "moved.test" };
  AuraHarvest *harvest;

  if (skipped (fixture))
    return;
  aura_test_server_add_redirect (fixture->server, "moved.test", "/", 301, away);
  harvest = harvest_new (fixture, &options);
  g_assert_false (aura_harvest_run (harvest, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE);
  g_assert_nonnull (strstr (error->message, "another site"));
  g_assert_cmpuint (hits (fixture, "other.test", "/"), ==, 0);
  g_assert_finalize_object (harvest);
}

static void
test_options_checked (Fixture *fixture, gconstpointer data)
{
  static const AuraHarvestOptions bad[] = {
    { .domain = "" },
    { .domain = "not a domain" },
    { .domain = "co.uk" },
    { .domain = "acme.test", .scheme = "ftp" },
    { .domain = "acme.test", .port = 70000 },
  };

  if (skipped (fixture))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      AuraHarvest *harvest = aura_harvest_new (fixture->engine, &bad[i], &error);

      g_assert_null (harvest);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    }
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

  add ("/harvest/crawl/prefers-contact-pages", test_crawl_prefers_contact_pages);
  add ("/harvest/crawl/endless-page-and-redirects", test_endless_page_and_redirects);
  add ("/harvest/crawl/byte-budget", test_byte_budget);
  add ("/harvest/crawl/time-budget", test_time_budget);
  add ("/harvest/crawl/cancel", test_cancel);
  add ("/harvest/crawl/https-falls-back-to-http", test_https_falls_back_to_http);
  add ("/harvest/crawl/unreachable", test_unreachable);
  add ("/harvest/crawl/start-redirects-away", test_start_redirects_away);
  add ("/harvest/crawl/options-checked", test_options_checked);

  return g_test_run ();
}
