/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include <locale.h>

#include "harvest-test-utils.h"

/* aura_harvest_page() and aura_harvest_text(): a company home page with
 * every kind of finding (pages/acme-home.html), obfuscation forms, phone
 * numbers and what is not one, text files, and hostile pages. */

#define ACME_URL "https://www.acme-widgets.fr/"

static GPtrArray *
harvest_acme (void)
{
  gsize len = 0;
  g_autofree char *html = harvest_read_page ("acme-home.html", &len);
  GPtrArray *findings = aura_harvest_page (html, len, ACME_URL, "acme-widgets.fr");

  harvest_assert_clean (findings);
  return findings;
}

static void
test_emails (void)
{
  g_autoptr (GPtrArray) findings = harvest_acme ();
  const AuraHarvestFinding *f;

  f = harvest_expect (findings, AURA_HARVEST_EMAIL, "info@acme-widgets.fr");
  g_assert_cmpstr (f->type, ==, "mailto");
  g_assert_nonnull (strstr (f->evidence, "mailto:Info@Acme-Widgets.FR"));
  g_assert_cmpuint (f->pages->len, ==, 1);
  g_assert_cmpstr (f->pages->pdata[0], ==, ACME_URL);
  g_assert_cmpstr (f->key, ==, "email:info@acme-widgets.fr");
  g_assert_cmpstr (harvest_expect (findings, AURA_HARVEST_EMAIL, "ventes@acme-widgets.fr")->type,
                   ==, "mailto");
  g_assert_cmpstr (harvest_expect (findings, AURA_HARVEST_EMAIL, "compta@acme-widgets.fr")->type,
                   ==, "mailto");
  f = harvest_expect (findings, AURA_HARVEST_EMAIL, "presse@acme-widgets.fr");
  g_assert_cmpstr (f->type, ==, "text-deobfuscated");
  g_assert_nonnull (strstr (f->evidence, "presse [at] acme-widgets [dot] fr"));
  g_assert_cmpstr (harvest_expect (findings, AURA_HARVEST_EMAIL, "jobs@acme-widgets.fr")->type, ==,
                   "text-deobfuscated");
  g_assert_cmpstr (harvest_expect (findings, AURA_HARVEST_EMAIL, "hidden@acme-widgets.fr")->type,
                   ==, "cloudflare");
  g_assert_cmpstr (harvest_expect (findings, AURA_HARVEST_EMAIL, "webmaster@acme-widgets.fr")->type,
                   ==, "script");
  g_assert_cmpstr (harvest_expect (findings, AURA_HARVEST_EMAIL, "jsonld@acme-widgets.fr")->type,
                   ==, "json-ld");
  g_assert_cmpuint (harvest_count (findings, AURA_HARVEST_EMAIL), ==, 8);
}

static void
test_phones (void)
{
  g_autoptr (GPtrArray) findings = harvest_acme ();
  const AuraHarvestFinding *f;

  f = harvest_expect (findings, AURA_HARVEST_PHONE, "+33 1 23 45 67 89");
  g_assert_cmpstr (f->type, ==, "tel");
  g_assert_cmpstr (f->detail, ==, "+33123456789");
  g_assert_cmpstr (f->key, ==, "phone:+33123456789");
  f = harvest_expect (findings, AURA_HARVEST_PHONE, "04 78 00 00 00");
  g_assert_cmpstr (f->type, ==, "text");
  g_assert_cmpstr (f->detail, ==, "0478000000");
  g_assert_nonnull (strstr (f->evidence, "Tél. : 04 78 00 00 00"));
  harvest_expect (findings, AURA_HARVEST_PHONE, "04 78 00 00 01");
  g_assert_cmpstr (harvest_expect (findings, AURA_HARVEST_PHONE, "+44 20 7946 0958")->detail, ==,
                   "+442079460958");
  g_assert_cmpstr (harvest_expect (findings, AURA_HARVEST_PHONE, "+33-4-78-00-00-02")->type, ==,
                   "json-ld");
  /* An order number and a date are not phone numbers. */
  g_assert_null (harvest_find (findings, AURA_HARVEST_PHONE, "12345678"));
  g_assert_null (harvest_find (findings, AURA_HARVEST_PHONE, "2024-03-01"));
  g_assert_cmpuint (harvest_count (findings, AURA_HARVEST_PHONE), ==, 5);
}

static void
test_hosts (void)
{
  static const char *const hosts[] = {
    "static.acme-widgets.fr", "stats.acme-widgets.fr", "api.acme-widgets.fr",
    "www.acme-widgets.fr",    "blog.acme-widgets.fr",  "shop.acme-widgets.fr",
    "cdn.acme-widgets.fr",    "mail.acme-widgets.fr",
  };
  g_autoptr (GPtrArray) findings = harvest_acme ();

  for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
    {
      const AuraHarvestFinding *f = harvest_expect (findings, AURA_HARVEST_HOST, hosts[i]);

      g_autofree char *evidence = g_ascii_strdown (f->evidence, -1);

      g_assert_null (f->type);
      g_assert_nonnull (strstr (evidence, hosts[i]));
    }
  /* Look-alikes under other names are not the site's. */
  g_assert_cmpuint (harvest_count (findings, AURA_HARVEST_HOST), ==, G_N_ELEMENTS (hosts));
}

static void
test_social (void)
{
  g_autoptr (GPtrArray) findings = harvest_acme ();
  const AuraHarvestFinding *f;

  /* twitter:site and the footer link are one account. */
  f = harvest_expect (findings, AURA_HARVEST_SOCIAL, "https://x.com/acmewidgets");
  g_assert_cmpstr (f->type, ==, "twitter");
  g_assert_cmpstr (f->detail, ==, "acmewidgets");
  g_assert_null (harvest_find (findings, AURA_HARVEST_SOCIAL, "https://twitter.com/acmewidgets"));
  g_assert_cmpstr (
      harvest_expect (findings, AURA_HARVEST_SOCIAL, "https://github.com/acme-widgets")->type, ==,
      "github");
  g_assert_cmpstr (
      harvest_expect (findings, AURA_HARVEST_SOCIAL, "https://www.instagram.com/acme.widgets/")
          ->detail,
      ==, "acme.widgets");
  harvest_expect (findings, AURA_HARVEST_SOCIAL, "https://www.youtube.com/@acmewidgets");
  harvest_expect (findings, AURA_HARVEST_SOCIAL, "https://www.linkedin.com/in/claire-acme");
  g_assert_cmpstr (
      harvest_expect (findings, AURA_HARVEST_SOCIAL, "https://mastodon.social/@acmewidgets")->type,
      ==, "mastodon");
  g_assert_cmpuint (harvest_count (findings, AURA_HARVEST_SOCIAL), ==, 6);
}

static void
test_tracking_ids (void)
{
  static const struct
  {
    const char *type;
    const char *value;
    const char *detail;
  } expected[] = {
    { "google-analytics-4", "G-ABCDE12345", NULL },
    { "google-analytics", "UA-1234567-1", "UA-1234567" },
    { "google-tag-manager", "GTM-K9XQ2T", NULL },
    { "google-adsense", "ca-pub-1234567890123456", NULL },
    { "facebook-pixel", "123456789012345", NULL },
    { "yandex-metrica", "87654321", NULL },
    { "hotjar", "3456789", NULL },
    { "matomo", "7", "stats.acme-widgets.fr" },
    { "microsoft-clarity", "abcd1234ef", NULL },
    { "google-site-verification", "Gx7kQ2_pL9vR4tY8uI0oP3aS6dF1gH5jK8lZ2xC4vB7", NULL },
    { "facebook-domain-verification", "a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5", NULL },
    { "bing-site-verification", "0123456789ABCDEF0123456789ABCDEF", NULL },
  };
  g_autoptr (GPtrArray) findings = harvest_acme ();

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const AuraHarvestFinding *f =
          harvest_expect (findings, AURA_HARVEST_TRACKING_ID, expected[i].value);

      g_assert_cmpstr (f->type, ==, expected[i].type);
      g_assert_cmpstr (f->detail, ==, expected[i].detail);
      g_assert_nonnull (strstr (f->evidence, expected[i].value));
    }
  /* The pixel's script and its <noscript> image are one ID. */
  g_assert_cmpuint (harvest_count (findings, AURA_HARVEST_TRACKING_ID), ==,
                    G_N_ELEMENTS (expected));
}

static void
test_domain_from_url (void)
{
  static const char html[] = "<p>see https://api.b\xc3\xbc"
                             "cher.example.com/ and "
                             "http://cdn.example.com/x</p>";
  g_autoptr (GPtrArray) findings =
      aura_harvest_page (html, strlen (html), "http://www.example.com/page", NULL);

  /* Without a domain, the page's own; a name written in Unicode becomes
   * A-labels. */
  harvest_expect (findings, AURA_HARVEST_HOST, "cdn.example.com");
  harvest_expect (findings, AURA_HARVEST_HOST, "api.xn--bcher-kva.example.com");
  g_assert_cmpuint (harvest_count (findings, AURA_HARVEST_HOST), ==, 2);
}

/* ---- Forms ----------------------------------------------------------------- */

static void
test_obfuscation_forms (void)
{
  static const struct
  {
    const char *text;
    const char *address;
  } cases[] = {
    { "alice [at] example [dot] com", "alice@example.com" },
    { "alice(at)example.com", "alice@example.com" },
    { "alice (at) example (dot) co (dot) uk", "alice@example.co.uk" },
    { "alice{at}example{dot}org", "alice@example.org" },
    { "alice&#64;example&#46;net", "alice@example.net" },
    { "ALICE [AT] EXAMPLE [DOT] DE", "alice@example.de" },
    { "<b>alice</b>@<i>example.fr</i>", "alice@example.fr" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *html = g_strdup_printf ("<p>Write to %s please.</p>", cases[i].text);
      g_autoptr (GPtrArray) findings = aura_harvest_page (html, strlen (html), NULL, NULL);
      g_autofree char *folded = NULL;

      g_assert_cmpuint (harvest_count (findings, AURA_HARVEST_EMAIL), ==, 1);
      folded = g_ascii_strdown (((AuraHarvestFinding *)findings->pdata[0])->value, -1);
      g_assert_cmpstr (folded, ==, cases[i].address);
    }
}

static void
test_not_addresses (void)
{
  static const char html[] =
      "<p>Meet me at example dot com. Retina logo@2x.png, root@localhost, a@b@c.com,"
      " user@intranet.corp, \"@mention\", email@, @example.com.</p>"
      "<p><a href='mailto:'>empty</a> <a href='mailto:not-an-address'>bad</a></p>";
  g_autoptr (GPtrArray) findings = aura_harvest_page (html, strlen (html), NULL, NULL);

  g_assert_cmpuint (harvest_count (findings, AURA_HARVEST_EMAIL), ==, 0);
}

static void
test_phone_forms (void)
{
  static const struct
  {
    const char *text;
    const char *value; /* NULL: not a phone number */
  } cases[] = {
    { "Phone: (555) 123-4567", "(555) 123-4567" },
    { "Tel. 030 1234567", "030 1234567" },
    { "Telefon: 030/12 34 56-78", "030/12 34 56-78" },
    { "T\xc3\xa9l\xc3\xa9phone : 01.23.45.67.89", "01.23.45.67.89" },
    { "WhatsApp +49 151 23456789", "+49 151 23456789" },
    { "+1 202 555 0143", "+1 202 555 0143" },
    { "\xe2\x98\x8e 0800 123 4567", "0800 123 4567" },
    { "Call\xc2\xa0us: 020\xc2\xa0"
      "7946\xc2\xa0"
      "0958",
      "020 7946 0958" },
    { "ISBN 978-3-16-148410-0", NULL },
    { "Order 12345678901", NULL },
    { "Phone: 12 34", NULL },
    { "Tel: 2023-11-05", NULL },
    { "Price +123", NULL },
    { "Phone: 1234567890123456789", NULL },
    { "Tel: 0123456789abc", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *html = g_strdup_printf ("<div>%s</div>", cases[i].text);
      g_autoptr (GPtrArray) findings = aura_harvest_page (html, strlen (html), NULL, NULL);

      if (cases[i].value == NULL)
        {
          if (harvest_count (findings, AURA_HARVEST_PHONE) != 0)
            g_error ("“%s” read as a phone number", cases[i].text);
          continue;
        }
      harvest_expect (findings, AURA_HARVEST_PHONE, cases[i].value);
    }
}

static void
test_context_needed_for_ga4 (void)
{
  static const char html[] = "<p>Replacement part G-12345678AB fits model G-ABCDEFGHIJ.</p>"
                             "<script>gtag('config', 'G-XYZ9876543');</script>";
  g_autoptr (GPtrArray) findings = aura_harvest_page (html, strlen (html), NULL, NULL);

  g_assert_cmpuint (harvest_count (findings, AURA_HARVEST_TRACKING_ID), ==, 1);
  harvest_expect (findings, AURA_HARVEST_TRACKING_ID, "G-XYZ9876543");
}

/* ---- Text files ------------------------------------------------------------ */

static void
test_text_files (void)
{
  static const char security[] =
      "# security.txt\nContact: mailto:security@acme-widgets.fr\nContact: tel:+1-201-555-0123\n"
      "Encryption: https://keys.acme-widgets.fr/pgp.txt\nPolicy: https://github.com/acme-widgets\n"
      "Expires: 2030-12-31T23:00:00.000Z\n";
  static const char ads[] = "google.com, pub-9876543210987654, DIRECT, f08c47fec0942fa0\n"
                            "appnexus.com, 1234, RESELLER\n";
  static const char humans[] =
      "/* TEAM */\nDeveloper: Jane Dev\nContact: jane [at] acme-widgets "
      "[dot] fr\nTwitter: https://twitter.com/janedev\x00\xff\xfe trailing";
  g_autoptr (GPtrArray) found_security = aura_harvest_text (
      security, strlen (security), "https://acme-widgets.fr/.well-known/security.txt", NULL);
  g_autoptr (GPtrArray) found_ads =
      aura_harvest_text (ads, strlen (ads), "https://acme-widgets.fr/ads.txt", "acme-widgets.fr");
  g_autoptr (GPtrArray) found_humans =
      aura_harvest_text (humans, sizeof humans - 1, "https://acme-widgets.fr/humans.txt", NULL);

  harvest_assert_clean (found_security);
  harvest_expect (found_security, AURA_HARVEST_EMAIL, "security@acme-widgets.fr");
  harvest_expect (found_security, AURA_HARVEST_PHONE, "+1-201-555-0123");
  harvest_expect (found_security, AURA_HARVEST_HOST, "keys.acme-widgets.fr");
  harvest_expect (found_security, AURA_HARVEST_SOCIAL, "https://github.com/acme-widgets");
  g_assert_cmpuint (harvest_count (found_security, AURA_HARVEST_PHONE), ==, 1);

  g_assert_cmpstr (
      harvest_expect (found_ads, AURA_HARVEST_TRACKING_ID, "ca-pub-9876543210987654")->type, ==,
      "google-adsense");
  g_assert_cmpuint (found_ads->len, ==, 1);

  harvest_assert_clean (found_humans);
  harvest_expect (found_humans, AURA_HARVEST_EMAIL, "jane@acme-widgets.fr");
  harvest_expect (found_humans, AURA_HARVEST_SOCIAL, "https://twitter.com/janedev");
}

/* ---- Hostile pages ---------------------------------------------------------- */

static void
test_deep_nesting (void)
{
  g_autoptr (GString) html = g_string_new ("<html><body>");
  g_autoptr (GPtrArray) findings = NULL;
  gint64 start = g_get_monotonic_time ();

  g_string_append (html, "<p>first@acme-widgets.fr</p>");
  for (guint i = 0; i < 100000; i++)
    g_string_append (html, "<div>");
  g_string_append (html, "deep.acme-widgets.fr UA-7654321-2");
  for (guint i = 0; i < 100000; i++)
    g_string_append (html, "</div>");
  findings = aura_harvest_page (html->str, html->len, ACME_URL, NULL);
  harvest_expect (findings, AURA_HARVEST_EMAIL, "first@acme-widgets.fr");
  /* Past libxml2's depth limit the raw scans still see everything. */
  harvest_expect (findings, AURA_HARVEST_HOST, "deep.acme-widgets.fr");
  harvest_expect (findings, AURA_HARVEST_TRACKING_ID, "UA-7654321-2");
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
}

static void
test_huge_attribute (void)
{
  gsize size = 6 * 1024 * 1024;
  g_autoptr (GString) html = g_string_sized_new (size + 256);
  g_autoptr (GPtrArray) findings = NULL;
  gint64 start = g_get_monotonic_time ();

  g_string_append (html, "<div data-x=\"");
  for (gsize i = 0; html->len < size; i++)
    g_string_append (html, i % 1000 == 0 ? " GTM-ABCD123 " : "a.b");
  g_string_append (html, "\">after</div><a href=\"mailto:after@acme-widgets.fr\">x</a>");
  findings = aura_harvest_page (html->str, html->len, ACME_URL, NULL);
  harvest_expect (findings, AURA_HARVEST_TRACKING_ID, "GTM-ABCD123");
  harvest_expect (findings, AURA_HARVEST_EMAIL, "after@acme-widgets.fr");
  g_assert_cmpint (g_get_monotonic_time () - start, <, 15 * G_USEC_PER_SEC);
}

static void
test_odd_unicode (void)
{
  static const char html[] = "<meta charset=utf-8><p>\xe2\x80\xae"
                             "evil@acme-widgets.fr\xe2\x80\xac is RTL.</p>"
                             "<p>zero\xe2\x80\x8bwidth@acme-widgets.fr</p>"
                             "<p>fullwidth\xef\xbc\xa0"
                             "acme-widgets.fr</p>"
                             "<p>bad bytes \xff\xfe\xc3 phone: +33 6 12 34 56 78 \xed\xa0\x80</p>"
                             "<p>NUL\0inside sub.acme-widgets.fr</p>"
                             "<a href=\"https://github.com/\xe2\x80\xae"
                             "evil\">spoof</a>"
                             "<a href=\"mailto:%E2%80%AEspoof@acme-widgets.fr\">m</a>";
  g_autoptr (GPtrArray) findings = aura_harvest_page (html, sizeof html - 1, ACME_URL, NULL);

  harvest_assert_clean (findings);
  harvest_expect (findings, AURA_HARVEST_EMAIL, "evil@acme-widgets.fr");
  harvest_expect (findings, AURA_HARVEST_EMAIL, "width@acme-widgets.fr");
  harvest_expect (findings, AURA_HARVEST_EMAIL, "spoof@acme-widgets.fr");
  g_assert_null (harvest_find (findings, AURA_HARVEST_EMAIL, "fullwidth@acme-widgets.fr"));
  harvest_expect (findings, AURA_HARVEST_PHONE, "+33 6 12 34 56 78");
  harvest_expect (findings, AURA_HARVEST_HOST, "sub.acme-widgets.fr");
  g_assert_cmpuint (harvest_count (findings, AURA_HARVEST_SOCIAL), ==, 0);
  for (guint i = 0; i < findings->len; i++)
    g_assert_null (strstr (((AuraHarvestFinding *)findings->pdata[i])->value, "\xe2\x80\xae"));
}

static void
test_garbage (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);
  gsize len = 512 * 1024;
  g_autofree char *bytes = g_malloc (len);
  g_autoptr (GPtrArray) empty = aura_harvest_page ("", 0, NULL, NULL);
  g_autoptr (GPtrArray) random = NULL;
  g_autoptr (GPtrArray) text = NULL;

  g_assert_cmpuint (empty->len, ==, 0);
  for (gsize i = 0; i < len; i++)
    bytes[i] = (char)g_rand_int_range (rand, 0, 256);
  random = aura_harvest_page (bytes, len, "not a url", "not a domain!");
  harvest_assert_clean (random);
  text = aura_harvest_text (bytes, len, NULL, "acme-widgets.fr");
  harvest_assert_clean (text);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/harvest/page/emails", test_emails);
  g_test_add_func ("/harvest/page/phones", test_phones);
  g_test_add_func ("/harvest/page/hosts", test_hosts);
  g_test_add_func ("/harvest/page/social-profiles", test_social);
  g_test_add_func ("/harvest/page/tracking-ids", test_tracking_ids);
  g_test_add_func ("/harvest/page/domain-from-url", test_domain_from_url);
  g_test_add_func ("/harvest/forms/obfuscated-emails", test_obfuscation_forms);
  g_test_add_func ("/harvest/forms/not-addresses", test_not_addresses);
  g_test_add_func ("/harvest/forms/phones", test_phone_forms);
  g_test_add_func ("/harvest/forms/ga4-needs-context", test_context_needed_for_ga4);
  g_test_add_func ("/harvest/text/well-known-files", test_text_files);
  g_test_add_func ("/harvest/hostile/deep-nesting", test_deep_nesting);
  g_test_add_func ("/harvest/hostile/huge-attribute", test_huge_attribute);
  g_test_add_func ("/harvest/hostile/odd-unicode", test_odd_unicode);
  g_test_add_func ("/harvest/hostile/garbage", test_garbage);

  return g_test_run ();
}
