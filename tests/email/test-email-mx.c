/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "aura.h"
#include "aura-email.h"
#include "aura-test-knot.h"

/* Deliverability from the DNS, against Knot DNS on loopback: every state
 * of AuraEmailMxStatus, the provider behind the MX hosts, and a server
 * that stops answering. */

static AuraTestKnot *knot;

static const char zone_records[] = "@ MX 10 mx1\n"
                                   "mx1 A 127.0.0.1\n"
                                   "corp MX 1 aspmx.l.google.com.\n"
                                   "corp MX 5 alt1.aspmx.l.google.com.\n"
                                   "corp MX 5 alt2.aspmx.l.google.com.\n"
                                   "alias CNAME corp\n"
                                   "nullmx MX 0 .\n"
                                   "nullmx A 127.0.0.1\n"
                                   "mixed MX 0 .\n"
                                   "mixed MX 10 mx1\n"
                                   "implicit A 127.0.0.2\n"
                                   "implicit AAAA ::1\n"
                                   "implicit6 AAAA ::2\n"
                                   "nomail TXT \"v=spf1 -all\"\n";

typedef struct
{
  GMainLoop *loop;
  AuraEmailMxResult *result;
  GError *error;
} Wait;

static void
done_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Wait *wait = user_data;

  wait->result = aura_email_check_mx_finish (res, &wait->error);
  g_main_loop_quit (wait->loop);
}

static AuraDnsClient *
client_new (void)
{
  const char *servers[] = { aura_test_knot_get_server (knot), NULL };
  AuraDnsClientOptions options = { .servers = servers, .timeout_ms = 300, .tries = 1 };
  g_autoptr (GError) error = NULL;
  AuraDnsClient *client = aura_dns_client_new (&options, &error);

  g_assert_no_error (error);
  return client;
}

static AuraEmailMxResult *
check (const char *domain, GCancellable *cancellable, GError **error)
{
  g_autoptr (AuraDnsClient) client = client_new ();
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL, NULL };

  aura_email_check_mx_async (client, aura_email_data_get_default (NULL), domain, cancellable,
                             done_cb, &wait);
  g_main_loop_run (wait.loop);
  g_main_loop_unref (wait.loop);
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return wait.result;
}

static AuraEmailMxResult *
check_ok (const char *domain)
{
  g_autoptr (GError) error = NULL;
  AuraEmailMxResult *result = check (domain, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static void
test_deliverable (void)
{
  g_autoptr (AuraEmailMxResult) result = check_ok ("MAIL.test");
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *json = NULL;

  g_assert_cmpint (result->status, ==, AURA_EMAIL_MX_DELIVERABLE);
  g_assert_cmpstr (result->domain, ==, "mail.test");
  g_assert_cmpuint (result->mx->len, ==, 1);
  g_assert_cmpstr (((AuraDnsRecord *)result->mx->pdata[0])->target, ==, "mx1.mail.test");
  g_assert_null (result->provider);
  g_assert_null (result->reason);
  node = aura_email_mx_result_to_json (result);
  json = json_to_string (node, FALSE);
  g_assert_nonnull (strstr (json, "\"status\":\"deliverable\""));
}

static void
test_provider_by_mx (void)
{
  g_autoptr (AuraEmailMxResult) result = check_ok ("corp.mail.test");
  g_autoptr (AuraEmailMxResult) alias = check_ok ("alias.mail.test");
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *json = NULL;

  g_assert_cmpint (result->status, ==, AURA_EMAIL_MX_DELIVERABLE);
  g_assert_cmpuint (result->mx->len, ==, 3);
  /* By preference, then by name. */
  g_assert_cmpstr (((AuraDnsRecord *)result->mx->pdata[0])->target, ==, "aspmx.l.google.com");
  g_assert_cmpstr (((AuraDnsRecord *)result->mx->pdata[1])->target, ==, "alt1.aspmx.l.google.com");
  g_assert_nonnull (result->provider);
  g_assert_cmpstr (result->provider->id, ==, "google-workspace");
  g_assert_true (result->provider_by_mx);
  node = aura_email_mx_result_to_json (result);
  json = json_to_string (node, FALSE);
  g_assert_nonnull (strstr (json, "\"by\":\"mx\""));

  /* Through a CNAME: only the MX records count. */
  g_assert_cmpint (alias->status, ==, AURA_EMAIL_MX_DELIVERABLE);
  g_assert_cmpuint (alias->mx->len, ==, 3);
  g_assert_cmpstr (alias->provider->id, ==, "google-workspace");
}

static void
test_null_mx (void)
{
  g_autoptr (AuraEmailMxResult) result = check_ok ("nullmx.mail.test");
  g_autoptr (AuraEmailMxResult) mixed = check_ok ("mixed.mail.test");

  /* The null MX wins over the A record next to it. */
  g_assert_cmpint (result->status, ==, AURA_EMAIL_MX_NULL_MX);
  g_assert_cmpuint (result->mx->len, ==, 0);
  g_assert_null (result->provider);

  g_assert_cmpint (mixed->status, ==, AURA_EMAIL_MX_DELIVERABLE);
  g_assert_cmpuint (mixed->mx->len, ==, 1);
  g_assert_nonnull (strstr (mixed->reason, "RFC 7505"));
}

static void
test_implicit (void)
{
  g_autoptr (AuraEmailMxResult) both = check_ok ("implicit.mail.test");
  g_autoptr (AuraEmailMxResult) v6 = check_ok ("implicit6.mail.test");

  g_assert_cmpint (both->status, ==, AURA_EMAIL_MX_IMPLICIT);
  g_assert_cmpuint (g_strv_length (both->addresses), ==, 2);
  g_assert_true (g_strv_contains ((const char *const *)both->addresses, "127.0.0.2"));
  g_assert_true (g_strv_contains ((const char *const *)both->addresses, "::1"));
  g_assert_cmpint (v6->status, ==, AURA_EMAIL_MX_IMPLICIT);
  g_assert_cmpstr (v6->addresses[0], ==, "::2");
}

static void
test_no_domain_no_mail (void)
{
  g_autoptr (AuraEmailMxResult) missing = check_ok ("nope.mail.test");
  g_autoptr (AuraEmailMxResult) nomail = check_ok ("nomail.mail.test");

  g_assert_cmpint (missing->status, ==, AURA_EMAIL_MX_NO_DOMAIN);
  g_assert_cmpint (nomail->status, ==, AURA_EMAIL_MX_NO_MAIL);
  g_assert_null (nomail->addresses);
}

static void
test_unknown (void)
{
  g_autoptr (AuraEmailMxResult) refused = check_ok ("elsewhere.example");
  g_autoptr (AuraEmailMxResult) timeout = NULL;
  gint64 start;

  /* Knot answers only for its zones: REFUSED. */
  g_assert_cmpint (refused->status, ==, AURA_EMAIL_MX_UNKNOWN);
  g_assert_nonnull (refused->reason);
  g_test_message ("refused: %s", refused->reason);

  aura_test_knot_pause (knot);
  g_usleep (100 * 1000);
  start = g_get_monotonic_time ();
  timeout = check_ok ("mail.test");
  aura_test_knot_resume (knot);
  g_assert_cmpint (timeout->status, ==, AURA_EMAIL_MX_UNKNOWN);
  g_assert_nonnull (strstr (timeout->reason, "300 ms"));
  g_test_message ("timeout: %s", timeout->reason);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
}

static void
test_errors (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  AuraEmailMxResult *result;

  result = check ("[192.0.2.1]", NULL, &error);
  g_assert_null (result);
  g_assert_error (error, AURA_EMAIL_ERROR, AURA_EMAIL_ERROR_DOMAIN);
  g_clear_error (&error);

  result = check ("bad..name", NULL, &error);
  g_assert_null (result);
  g_assert_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_INVALID_NAME);
  g_clear_error (&error);

  g_cancellable_cancel (cancellable);
  result = check ("mail.test", cancellable, &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int argc, char **argv)
{
  const AuraTestZone zones[] = { { "mail.test", zone_records, FALSE } };
  g_autoptr (GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  knot = aura_test_knot_start (zones, G_N_ELEMENTS (zones), &error);
  if (knot == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_test_skip (error->message);
      return g_test_run ();
    }
  g_assert_no_error (error);
  g_test_add_func ("/email/mx/deliverable", test_deliverable);
  g_test_add_func ("/email/mx/provider-by-mx", test_provider_by_mx);
  g_test_add_func ("/email/mx/null-mx", test_null_mx);
  g_test_add_func ("/email/mx/implicit", test_implicit);
  g_test_add_func ("/email/mx/no-domain-and-no-mail", test_no_domain_no_mail);
  g_test_add_func ("/email/mx/unknown-refused-and-timeout", test_unknown);
  g_test_add_func ("/email/mx/errors", test_errors);
  status = g_test_run ();
  aura_test_knot_stop (knot);
  return status;
}
