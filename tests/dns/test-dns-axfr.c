/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "aura-dns.h"
#include "aura-test-dns.h"
#include "aura-test-knot.h"
#include "dns-fake-server.h"

/* Zone transfers: from Knot DNS (allowed and refused), from a server of
 * our own that misbehaves (closes, stalls, sends garbage, never ends), and
 * from every name server of a domain at once. All on 127.0.0.1. */

#define BIG_ZONE_RECORDS 20000

static AuraTestKnot *knot;

static const char open_records[] = "@ MX 10 mail\n"
                                   "mail A 127.0.0.11\n"
                                   "@ TXT \"v=spf1 \" \"-all\"\n"
                                   "@ CAA 0 issue \"letsencrypt.org\"\n"
                                   "_sip._tcp SRV 10 60 5060 mail\n"
                                   "www CNAME mail\n"
                                   "@ HINFO \"PC\" \"Linux\"\n"
                                   "odd TYPE65280 \\# 3 010203\n";

static const char outside_records[] = "@ NS far\n"
                                      "far A 192.0.2.53\n"
                                      "@ NS ghost\n";

static GPtrArray *
axfr (const char *server, const char *zone, guint timeout_ms, GError **error)
{
  return aura_dns_axfr (server, zone, timeout_ms, NULL, error);
}

static guint
count_type (GPtrArray *records, guint type)
{
  guint count = 0;

  for (guint i = 0; i < records->len; i++)
    if (((AuraDnsRecord *)g_ptr_array_index (records, i))->type == type)
      count++;
  return count;
}

static void
test_axfr_allowed (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) records =
      axfr (aura_test_knot_get_server (knot), "Open.test", 5000, &error);
  const AuraDnsRecord *first;
  gboolean odd = FALSE;

  g_assert_no_error (error);
  g_assert_nonnull (records);
  /* SOA, NS, ns1 A, then the 8 records of the zone; the closing SOA is
   * left out. */
  g_assert_cmpuint (records->len, ==, 11);
  first = g_ptr_array_index (records, 0);
  g_assert_cmpuint (first->type, ==, AURA_DNS_TYPE_SOA);
  g_assert_cmpstr (first->name, ==, "open.test");
  g_assert_cmpuint (count_type (records, AURA_DNS_TYPE_SOA), ==, 1);
  g_assert_cmpuint (count_type (records, AURA_DNS_TYPE_MX), ==, 1);
  g_assert_cmpuint (count_type (records, AURA_DNS_TYPE_TXT), ==, 1);
  g_assert_cmpuint (count_type (records, AURA_DNS_TYPE_CNAME), ==, 1);
  g_assert_cmpuint (count_type (records, 13 /* HINFO */), ==, 1);
  for (guint i = 0; i < records->len; i++)
    {
      const AuraDnsRecord *record = g_ptr_array_index (records, i);
      g_autofree char *text = aura_dns_record_to_string (record);

      if (record->type == 65280)
        {
          /* A type Aura has no fields for keeps its number and ldns' text. */
          g_assert_cmpstr (text, ==, "odd.open.test. 60 IN TYPE65280 \\# 3 010203");
          odd = TRUE;
        }
      if (record->type == AURA_DNS_TYPE_TXT)
        g_assert_cmpstr (record->text, ==, "v=spf1 -all");
    }
  g_assert_true (odd);
}

static void
assert_axfr_fails (
    const char *server, const char *zone, guint timeout_ms, int code, const char *says)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) records = axfr (server, zone, timeout_ms, &error);

  g_assert_null (records);
  if (!g_error_matches (error, AURA_DNS_ERROR, code))
    g_error ("%s from %s: expected code %d, got %s", zone, server, code,
             error != NULL ? error->message : "no error");
  if (says != NULL && strstr (error->message, says) == NULL)
    g_error ("expected “%s” in “%s”", says, error->message);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static void
test_axfr_refused (void)
{
  const char *server = aura_test_knot_get_server (knot);
  g_autofree char *says =
      g_strdup_printf ("The name server %s refused the zone transfer for closed.test", server);

  assert_axfr_fails (server, "closed.test", 5000, AURA_DNS_ERROR_TRANSFER_REFUSED, says);
  /* A zone the server does not serve at all. */
  assert_axfr_fails (server, "elsewhere.test", 5000, AURA_DNS_ERROR_TRANSFER_REFUSED, NULL);
}

static void
test_axfr_unreachable (void)
{
  g_autoptr (GError) error = NULL;
  guint16 port = aura_test_free_dns_port (&error);
  g_autofree char *server = g_strdup_printf ("127.0.0.1:%u", port);

  g_assert_no_error (error);
  assert_axfr_fails (server, "open.test", 2000, AURA_DNS_ERROR_UNREACHABLE, "nothing listens");
}

static void
test_axfr_bad_input (void)
{
  assert_axfr_fails ("nonsense", "open.test", 1000, AURA_DNS_ERROR_INVALID_SERVER, NULL);
  assert_axfr_fails ("127.0.0.1:99999", "open.test", 1000, AURA_DNS_ERROR_INVALID_SERVER, NULL);
  assert_axfr_fails ("127.0.0.1", "bad..zone", 1000, AURA_DNS_ERROR_INVALID_NAME, NULL);
  assert_axfr_fails ("192.0.2.1", "open.test", 1000, AURA_DNS_ERROR_NOT_LOOPBACK, NULL);
}

static void
test_axfr_misbehaving_servers (void)
{
  static const struct
  {
    DnsFakeMode mode;
    int code;
    const char *says;
  } cases[] = {
    { DNS_FAKE_AXFR_CLOSE, AURA_DNS_ERROR_TRANSFER_REFUSED, "closed the connection" },
    { DNS_FAKE_AXFR_EMPTY, AURA_DNS_ERROR_TRANSFER_REFUSED, "without any record" },
    { DNS_FAKE_AXFR_GARBAGE, AURA_DNS_ERROR_MALFORMED, "cannot be read" },
    { DNS_FAKE_AXFR_NO_SOA, AURA_DNS_ERROR_MALFORMED, "SOA" },
    { DNS_FAKE_AXFR_CUT, AURA_DNS_ERROR_MALFORMED, "after 4 records" },
    { DNS_FAKE_AXFR_SILENT, AURA_DNS_ERROR_TIMEOUT, "300 ms" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (DnsFake) fake = dns_fake_start (cases[i].mode);
      gint64 start = g_get_monotonic_time ();

      assert_axfr_fails (dns_fake_get_server (fake), "cut.test", 300, cases[i].code, cases[i].says);
      g_assert_cmpint (g_get_monotonic_time () - start, <, 1000 * 1000);
      g_assert_cmpuint (dns_fake_get_queries (fake), ==, 1);
    }
}

static void
test_axfr_record_limit (void)
{
  g_autoptr (DnsFake) fake = dns_fake_start (DNS_FAKE_AXFR_ENDLESS);
  g_autoptr (DnsFake) endless = dns_fake_start (DNS_FAKE_AXFR_ENDLESS);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) records =
      aura_dns_axfr_full (dns_fake_get_server (fake), "big.test", 10000, 5000, FALSE, NULL, &error);
  gint64 start;

  g_assert_null (records);
  g_assert_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_TOO_BIG);
  g_assert_nonnull (strstr (error->message, "5000 records"));
  g_assert_cmpuint (dns_fake_get_records_sent (fake), >=, 4900);
  g_clear_error (&error);

  /* The default limit: a million records, then it stops. */
  start = g_get_monotonic_time ();
  records = axfr (dns_fake_get_server (endless), "big.test", 20000, &error);
  g_assert_null (records);
  g_assert_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_TOO_BIG);
  g_assert_nonnull (strstr (error->message, "1000000 records"));
  g_assert_cmpuint (dns_fake_get_records_sent (endless), >=, AURA_DNS_AXFR_MAX_RECORDS - 100);
  g_test_message ("an endless transfer stopped at the limit after %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - start) / 1000);
}

static void
test_axfr_time_bound (void)
{
  g_autoptr (DnsFake) fake = dns_fake_start (DNS_FAKE_AXFR_TRICKLE);
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autoptr (GPtrArray) records = axfr (dns_fake_get_server (fake), "slow.test", 300, &error);
  gint64 elapsed = g_get_monotonic_time () - start;

  /* A server that keeps talking, slowly, is stopped by the deadline of the
   * whole transfer, not by a wait for each read. */
  g_assert_null (records);
  g_assert_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_TIMEOUT);
  g_assert_cmpint (elapsed, >=, 290 * 1000);
  g_assert_cmpint (elapsed, <, 1000 * 1000);
  g_assert_cmpuint (dns_fake_get_records_sent (fake), >, 2);
}

typedef struct
{
  GPtrArray *records;
  GError *error;
  gboolean done;
  GThread *thread;
} AsyncData;

static void
axfr_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  AsyncData *async = data;

  async->records = aura_dns_axfr_finish (result, &async->error);
  async->thread = g_thread_self ();
  async->done = TRUE;
}

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_axfr_async_and_cancel (void)
{
  g_autoptr (DnsFake) silent = dns_fake_start (DNS_FAKE_AXFR_SILENT);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  AsyncData data = { NULL, NULL, FALSE, NULL };
  gint64 start;

  /* Answered in the caller's context, from a worker thread. */
  aura_dns_axfr_async (aura_test_knot_get_server (knot), "open.test", 5000, NULL, axfr_cb, &data);
  while (!data.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (data.error);
  g_assert_cmpuint (data.records->len, ==, 11);
  g_assert_true (data.thread == g_thread_self ());
  g_clear_pointer (&data.records, g_ptr_array_unref);

  /* A cancelled transfer ends without waiting for its deadline. */
  data.done = FALSE;
  start = g_get_monotonic_time ();
  aura_dns_axfr_async (dns_fake_get_server (silent), "silent.test", 10000, cancellable, axfr_cb,
                       &data);
  g_timeout_add (100, cancel_cb, cancellable);
  while (!data.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (data.records);
  g_assert_error (data.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&data.error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 1000 * 1000);
}

static void
test_axfr_big_zone (void)
{
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autoptr (GPtrArray) records =
      axfr (aura_test_knot_get_server (knot), "big.test", 10000, &error);
  gint64 elapsed = g_get_monotonic_time () - start;

  g_assert_no_error (error);
  /* SOA, NS, ns1 A and the generated records. */
  g_assert_cmpuint (records->len, ==, BIG_ZONE_RECORDS + 3);
  g_test_message ("%u records transferred in %" G_GINT64_FORMAT " ms", records->len,
                  elapsed / 1000);
}

/* Every name server of a domain -------------------------------------------------------------- */

static AuraDnsClient *
knot_client (void)
{
  const char *servers[] = { aura_test_knot_get_server (knot), NULL };
  AuraDnsClientOptions options = { servers, 1000, 2, TRUE };
  g_autoptr (GError) error = NULL;
  AuraDnsClient *client = aura_dns_client_new (&options, &error);

  g_assert_no_error (error);
  return client;
}

static const AuraDnsTransfer *
find_outcome (GPtrArray *outcomes, const char *nameserver)
{
  for (guint i = 0; i < outcomes->len; i++)
    {
      const AuraDnsTransfer *outcome = g_ptr_array_index (outcomes, i);

      if (g_str_equal (outcome->nameserver, nameserver))
        return outcome;
    }
  g_error ("no outcome for %s", nameserver);
  return NULL;
}

static void
test_transfers_every_nameserver (void)
{
  g_autoptr (AuraDnsClient) client = knot_client ();
  guint16 port = aura_test_knot_get_port (knot);
  g_autofree char *server = g_strdup_printf ("127.0.0.1:%u", port);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) open = NULL;
  g_autoptr (GPtrArray) closed = NULL;
  g_autoptr (GPtrArray) outside = NULL;
  const AuraDnsTransfer *outcome;

  open = aura_dns_client_try_transfers_sync (client, "open.test", port, 5000, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 1);
  outcome = g_ptr_array_index (open, 0);
  g_assert_cmpstr (outcome->nameserver, ==, "ns1.open.test");
  g_assert_cmpstr (outcome->server, ==, server);
  g_assert_no_error (outcome->error);
  g_assert_cmpuint (outcome->records->len, ==, 11);

  closed = aura_dns_client_try_transfers_sync (client, "closed.test", port, 5000, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (closed->len, ==, 1);
  outcome = g_ptr_array_index (closed, 0);
  g_assert_null (outcome->records);
  g_assert_error (outcome->error, AURA_DNS_ERROR, AURA_DNS_ERROR_TRANSFER_REFUSED);

  /* Three name servers: one on loopback (refuses: outside.test does not
   * allow transfers), one outside (never contacted), one without an
   * address. */
  outside = aura_dns_client_try_transfers_sync (client, "outside.test", port, 5000, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outside->len, ==, 3);
  outcome = find_outcome (outside, "ns1.outside.test");
  g_assert_error (outcome->error, AURA_DNS_ERROR, AURA_DNS_ERROR_TRANSFER_REFUSED);
  outcome = find_outcome (outside, "far.outside.test");
  g_assert_true (g_str_has_prefix (outcome->server, "192.0.2.53:"));
  g_assert_error (outcome->error, AURA_DNS_ERROR, AURA_DNS_ERROR_NOT_LOOPBACK);
  outcome = find_outcome (outside, "ghost.outside.test");
  g_assert_null (outcome->server);
  g_assert_error (outcome->error, AURA_DNS_ERROR, AURA_DNS_ERROR_NXDOMAIN);
}

static void
test_transfers_without_nameservers (void)
{
  g_autoptr (AuraDnsClient) client = knot_client ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) outcomes = NULL;

  outcomes = aura_dns_client_try_transfers_sync (
      client, "missing.open.test", aura_test_knot_get_port (knot), 1000, NULL, &error);
  g_assert_null (outcomes);
  g_assert_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_NXDOMAIN);
  g_clear_error (&error);
  outcomes = aura_dns_client_try_transfers_sync (
      client, "mail.open.test", aura_test_knot_get_port (knot), 1000, NULL, &error);
  g_assert_null (outcomes);
  g_assert_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_NODATA);
  g_clear_error (&error);
  g_assert_finalize_object (g_steal_pointer (&client));
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) big = g_string_new (NULL);
  int status;

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < BIG_ZONE_RECORDS; i++)
    g_string_append_printf (big, "host%u A 127.%u.%u.%u\n", i, (i >> 16) & 0xff, (i >> 8) & 0xff,
                            i & 0xff);
  {
    const AuraTestZone zones[] = {
      { "open.test", open_records, TRUE },
      { "closed.test", "www A 127.0.0.1", FALSE },
      { "outside.test", outside_records, FALSE },
      { "big.test", big->str, TRUE },
    };

    knot = aura_test_knot_start (zones, G_N_ELEMENTS (zones), &error);
  }
  if (knot == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_test_skip (error->message);
      return g_test_run ();
    }
  g_assert_no_error (error);

  g_test_add_func ("/dns/axfr/allowed", test_axfr_allowed);
  g_test_add_func ("/dns/axfr/refused", test_axfr_refused);
  g_test_add_func ("/dns/axfr/unreachable", test_axfr_unreachable);
  g_test_add_func ("/dns/axfr/bad-input", test_axfr_bad_input);
  g_test_add_func ("/dns/axfr/misbehaving-servers", test_axfr_misbehaving_servers);
  g_test_add_func ("/dns/axfr/record-limit", test_axfr_record_limit);
  g_test_add_func ("/dns/axfr/time-bound", test_axfr_time_bound);
  g_test_add_func ("/dns/axfr/async-and-cancel", test_axfr_async_and_cancel);
  g_test_add_func ("/dns/axfr/big-zone", test_axfr_big_zone);
  g_test_add_func ("/dns/transfers/every-nameserver", test_transfers_every_nameserver);
  g_test_add_func ("/dns/transfers/without-nameservers", test_transfers_without_nameservers);

  status = g_test_run ();
  aura_test_knot_stop (knot);
  return status;
}
