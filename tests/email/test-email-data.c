/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "aura.h"
#include "aura-email.h"

/* The email data: the bundled providers.json, disposable.txt and roles.txt,
 * and the loaders' handling of malformed files. */

static AuraEmailData *
bundled (void)
{
  g_autoptr (GError) error = NULL;
  AuraEmailData *data = aura_email_data_get_default (&error);

  g_assert_no_error (error);
  return data;
}

static void
test_bundled_sizes (void)
{
  g_autofree char *dir = aura_email_data_get_bundled_dir ();
  g_autoptr (GError) error = NULL;
  AuraEmailData *data = aura_email_data_load_dir (dir, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (aura_email_data_get_n_providers (data), >=, 100);
  g_assert_cmpuint (aura_email_data_get_n_disposable (data), >=, 500);
  g_test_message ("%u providers, %u disposable domains", aura_email_data_get_n_providers (data),
                  aura_email_data_get_n_disposable (data));
  aura_email_data_unref (data);
}

static void
test_disposable (void)
{
  AuraEmailData *data = bundled ();

  g_assert_cmpstr (aura_email_data_match_disposable (data, "mailinator.com"), ==, "mailinator.com");
  g_assert_cmpstr (aura_email_data_match_disposable (data, "MAILINATOR.COM."), ==,
                   "mailinator.com");
  g_assert_cmpstr (aura_email_data_match_disposable (data, "inbox.mailinator.com"), ==,
                   "mailinator.com");
  g_assert_cmpstr (aura_email_data_match_disposable (data, "a.b.yopmail.fr"), ==, "yopmail.fr");
  g_assert_cmpstr (aura_email_data_match_disposable (data, "10minutemail.com"), ==,
                   "10minutemail.com");
  g_assert_null (aura_email_data_match_disposable (data, "notmailinator.example"));
  g_assert_null (aura_email_data_match_disposable (data, "mailinator.com.example"));
  g_assert_null (aura_email_data_match_disposable (data, "gmail.com"));
  g_assert_null (aura_email_data_match_disposable (data, "com"));
}

static void
test_disposable_custom (void)
{
  g_autoptr (GError) error = NULL;
  AuraEmailData *data = aura_email_data_new_from_text (NULL,
                                                       "# comment\n"
                                                       "\n"
                                                       "  Throw.Example  # trailing\n"
                                                       "bücher-wegwerf.example\n",
                                                       NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (aura_email_data_get_n_disposable (data), ==, 2);
  g_assert_cmpstr (aura_email_data_match_disposable (data, "x.throw.example"), ==, "throw.example");
  g_assert_cmpstr (aura_email_data_match_disposable (data, "xn--bcher-wegwerf-wob.example"), ==,
                   "xn--bcher-wegwerf-wob.example");
  aura_email_data_unref (data);
}

typedef struct
{
  const char *text;
  const char *message; /* words of the error */
} BadList;

static void
test_disposable_malformed (void)
{
  static const BadList bad[] = {
    { "ok.example\nnot a domain\n", "disposable.txt, line 2" },
    { "ok.example\n\n\n# c\nlocalhost\n", "line 5" },
    { "a..b.example\n", "line 1" },
    { "ok.example\n*.wild.example\n", "line 2" },
    { "ok.example\nuser@mail.example\n", "line 2" },
    { "ok.example\n-bad.example\n", "line 2" },
    { "ok.example\n\xff\xfe.example\n", "not UTF-8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      AuraEmailData *data = aura_email_data_new_from_text (NULL, bad[i].text, NULL, &error);

      g_assert_null (data);
      g_assert_error (error, AURA_EMAIL_ERROR, AURA_EMAIL_ERROR_DATA);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, bad[i].message));
    }
}

static void
test_roles (void)
{
  AuraEmailData *data = bundled ();
  g_autoptr (GError) error = NULL;
  AuraEmailData *custom = NULL;

  g_assert_true (aura_email_data_is_role (data, "info"));
  g_assert_true (aura_email_data_is_role (data, "Postmaster"));
  g_assert_true (aura_email_data_is_role (data, "no-reply"));
  g_assert_false (aura_email_data_is_role (data, "ann"));
  g_assert_false (aura_email_data_is_role (data, "information-desk"));

  custom = aura_email_data_new_from_text (NULL, NULL, "ok\nbad role\n", &error);
  g_assert_null (custom);
  g_assert_error (error, AURA_EMAIL_ERROR, AURA_EMAIL_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "roles.txt, line 2"));
}

typedef struct
{
  const char *domain;
  const char *provider;
  const char *kind;
} ByDomain;

static void
test_providers_by_domain (void)
{
  static const ByDomain cases[] = {
    { "gmail.com", "gmail", "free-webmail" },
    { "GoogleMail.com", "gmail", "free-webmail" },
    { "hotmail.fr", "outlook", "free-webmail" },
    { "proton.me", "proton", "privacy" },
    { "tutanota.com", "tuta", "privacy" },
    { "comcast.net", "comcast", "isp" },
    { "orange.fr", "orange", "isp" },
    { "yandex.ru", "yandex", "free-webmail" },
    { "web.de", "webde", "free-webmail" },
    { "gmx.de", "gmx", "free-webmail" },
    { "mit.edu", "education", "education" },
    { "ox.ac.uk", "education", "education" },
    { "sharklasers.com", "guerrillamail", "disposable" },
    { "example.com", NULL, NULL },
    { "gmail.com.example", NULL, NULL },
  };
  AuraEmailData *data = bundled ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const AuraEmailProvider *provider = aura_email_data_lookup_domain (data, cases[i].domain);

      g_test_message ("%s", cases[i].domain);
      g_assert_cmpstr (provider != NULL ? provider->id : NULL, ==, cases[i].provider);
      if (provider != NULL)
        g_assert_cmpstr (aura_email_provider_kind_to_string (provider->kind), ==, cases[i].kind);
    }
}

typedef struct
{
  const char *mx;
  const char *provider;
} ByMx;

static void
test_providers_by_mx (void)
{
  static const ByMx cases[] = {
    { "aspmx.l.google.com.", "google-workspace" },
    { "alt1.aspmx.l.google.com", "google-workspace" },
    { "smtp.google.com", "google-workspace" },
    { "acme-example.mail.protection.outlook.com", "microsoft-365" },
    { "mail.protonmail.ch", "proton" },
    { "mailsec.protonmail.ch", "proton" },
    { "mx.zoho.com", "zoho-workplace" },
    { "mx2.zoho.eu", "zoho-workplace" },
    { "mx.yandex.net", "yandex-360" },
    { "in1-smtp.messagingengine.com", "fastmail" },
    { "mx01.mail.icloud.com", "icloud" },
    { "mx00.gmx.net", "gmx" },
    { "mx-ha03.web.de", "webde" },
    { "mx1.mail.ovh.net", "ovh" },
    { "spool.mail.gandi.net", "gandi" },
    { "mx00.ionos.de", "ionos" },
    { "mx01.kundenserver.de", "ionos" },
    { "eu-smtp-inbound-1.mimecast.com", "mimecast" },
    { "mx0a-00123456.pphosted.com", "proofpoint" },
    { "d123456a.ess.barracudanetworks.com", "barracuda" },
    { "mx1.example.iphmx.com", "cisco-secure-email" },
    { "route1.mx.cloudflare.net", "cloudflare-routing" },
    { "mail.example.com", NULL },
    { "google.com.example", NULL },
    { "notgoogle.com", NULL },
  };
  AuraEmailData *data = bundled ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *hosts[] = { "mx-unknown.example", cases[i].mx, NULL };
      const AuraEmailProvider *provider = aura_email_data_lookup_mx (data, hosts);

      g_test_message ("%s", cases[i].mx);
      g_assert_cmpstr (provider != NULL ? provider->id : NULL, ==, cases[i].provider);
    }
  g_assert_null (aura_email_data_lookup_mx (data, NULL));
}

static void
test_providers_malformed (void)
{
  static const BadList bad[] = {
    { "{", "not valid JSON" },
    { "[]", "“providers” list" },
    { "{\"providers\": [1]}", "must be an object" },
    { "{\"providers\": [{\"name\": \"X\", \"kind\": \"privacy\", \"domains\": [\"x.example\"]}]}",
      "“id” is missing" },
    { "{\"providers\": [{\"id\": \"x\", \"name\": \"X\", \"kind\": \"spaceship\", \"domains\": "
      "[\"x.example\"]}]}",
      "provider “x”: the kind “spaceship”" },
    { "{\"providers\": [{\"id\": \"x\", \"name\": \"X\", \"kind\": \"privacy\"}]}",
      "neither domains nor MX" },
    { "{\"providers\": [{\"id\": \"x\", \"name\": \"X\", \"kind\": \"privacy\", \"domains\": "
      "[\"bad domain\"]}]}",
      "“bad domain” is not a domain name" },
    { "{\"providers\": [{\"id\": \"x\", \"name\": \"X\", \"kind\": \"privacy\", \"domains\": "
      "\"x.example\"}]}",
      "list of strings" },
    { "{\"providers\": [{\"id\": \"x\", \"name\": \"X\", \"kind\": \"privacy\", \"domains\": "
      "[\"x.example\"], \"canonical\": {\"tag_separators\": \"a\"}}]}",
      "“a” cannot separate" },
    { "{\"providers\": [{\"id\": \"x\", \"name\": \"X\", \"kind\": \"privacy\", \"domains\": "
      "[\"x.example\"]}, {\"id\": \"x\", \"name\": \"Y\", \"kind\": \"isp\", \"domains\": "
      "[\"y.example\"]}]}",
      "“x” is used twice" },
    { "{\"providers\": [{\"id\": \"x\", \"name\": \"X\", \"kind\": \"privacy\", \"domains\": "
      "[\"x.example\"]}, {\"id\": \"y\", \"name\": \"Y\", \"kind\": \"isp\", \"domains\": "
      "[\"X.example\"]}]}",
      "“x.example” is listed twice" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      AuraEmailData *data = aura_email_data_new_from_text (bad[i].text, NULL, NULL, &error);

      g_assert_null (data);
      g_assert_error (error, AURA_EMAIL_ERROR, AURA_EMAIL_ERROR_DATA);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, "providers.json"));
      g_assert_nonnull (strstr (error->message, bad[i].message));
    }
}

static void
test_missing_dir (void)
{
  g_autoptr (GError) error = NULL;
  AuraEmailData *data = aura_email_data_load_dir ("/nonexistent/aura-email", &error);

  g_assert_null (data);
  g_assert_error (error, AURA_EMAIL_ERROR, AURA_EMAIL_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "/nonexistent/aura-email/providers.json"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/email/data/bundled-sizes", test_bundled_sizes);
  g_test_add_func ("/email/data/disposable/matches-subdomains", test_disposable);
  g_test_add_func ("/email/data/disposable/custom-list", test_disposable_custom);
  g_test_add_func ("/email/data/disposable/malformed-lines", test_disposable_malformed);
  g_test_add_func ("/email/data/roles", test_roles);
  g_test_add_func ("/email/data/providers/by-domain", test_providers_by_domain);
  g_test_add_func ("/email/data/providers/by-mx", test_providers_by_mx);
  g_test_add_func ("/email/data/providers/malformed", test_providers_malformed);
  g_test_add_func ("/email/data/missing-dir", test_missing_dir);
  return g_test_run ();
}
