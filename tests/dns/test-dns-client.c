/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "aura-dns.h"
#include "aura-test-dns.h"
#include "aura-test-knot.h"
#include "dns-fake-server.h"

/* AuraDnsClient against Knot DNS serving zones written here, and against a
 * server of our own that misbehaves. Every server is on 127.0.0.1. */

#define IP6_REVERSE_ZONE "0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa"

static AuraTestKnot *knot;

static const char example_records[] =
    "@ A 127.0.0.10\n"
    "@ AAAA ::1\n"
    "@ MX 10 mail\n"
    "@ MX 20 mail2.other.test.\n"
    "mail A 127.0.0.11\n"
    "@ TXT \"v=spf1 ip4:192.0.2.0/24 \" \"include:_spf.example.test -all\"\n"
    "@ TXT \"hello \\\"world\\\"\"\n"
    "_dmarc TXT \"v=DMARC1; p=reject; rua=mailto:dmarc@example.test\"\n"
    "@ CAA 0 issue \"letsencrypt.org\"\n"
    "@ CAA 128 iodef \"mailto:security@example.test\"\n"
    "_sip._tcp SRV 10 60 5060 sip\n"
    "sip A 127.0.0.12\n"
    "www CNAME web\n"
    "web A 127.0.0.13\n"
    "onlytxt TXT \"x\"\n"
    "v6only AAAA ::2\n"
    "a1 CNAME a2\n"
    "a2 CNAME a3\n"
    "a3 A 127.0.0.14\n"
    "loop1 CNAME loop2\n"
    "loop2 CNAME loop1\n"
    "self CNAME self\n"
    "dangling CNAME nowhere.example.test.\n"
    "noaddr CNAME onlytxt\n"
    "cross CNAME target.other.test.\n"
    "xn--caf-dma A 127.0.0.16\n";

static const char other_records[] = "target A 127.0.0.17\n"
                                    "target AAAA ::17\n"
                                    "mail2 A 127.0.0.18\n";

static const char reverse_records[] = "9 PTR host.example.test.\n"
                                      "10 PTR example.test.\n";

static const char ip6_records[] = "1 PTR localhost6.example.test.\n";

static const char spf_records[] =
    "@ TXT \"v=spf1 include:a.spf.test include:b.spf.test redirect=c.spf.test\"\n"
    "a TXT \"v=spf1 ip4:192.0.2.1 include:b.spf.test -all\"\n"
    "b TXT \"v=spf1 a mx -all\"\n"
    "c TXT \"v=spf1 -all\"\n"
    "big TXT \"v=spf1 a mx a mx -all\"\n"
    "ten TXT \"v=spf1 include:big.spf.test include:big.spf.test -all\"\n"
    "eleven TXT \"v=spf1 include:big.spf.test include:big.spf.test include:big.spf.test -all\"\n"
    "loop TXT \"v=spf1 include:loop2.spf.test -all\"\n"
    "loop2 TXT \"v=spf1 include:loop.spf.test -all\"\n"
    "broken TXT \"v=spf1 include:nothere.spf.test -all\"\n"
    "invalid TXT \"v=spf1 include:bad.spf.test -all\"\n"
    "bad TXT \"v=spf1 ip4:300.1.1.1 -all\"\n"
    "macro TXT \"v=spf1 include:%{d}.spf.test exists:%{i}.x.spf.test -all\"\n"
    "nospf TXT \"hello\"\n"
    "double TXT \"v=spf1 -all\"\n"
    "double TXT \"v=spf1 ~all\"\n";

/* "prefixN CNAME prefixN+1" for N < @n, then "prefix@n A 127.0.0.15". */
static char *
chain_records (const char *prefix, guint n)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (out, "%s%u CNAME %s%u\n", prefix, i, prefix, i + 1);
  g_string_append_printf (out, "%s%u A 127.0.0.15\n", prefix, n);
  return g_string_free (out, FALSE);
}

static AuraDnsClient *
client_for (const char *server, guint timeout_ms, guint tries)
{
  const char *servers[] = { server, NULL };
  AuraDnsClientOptions options = { servers, timeout_ms, tries, TRUE };
  g_autoptr (GError) error = NULL;
  AuraDnsClient *client = aura_dns_client_new (&options, &error);

  g_assert_no_error (error);
  return client;
}

static AuraDnsClient *
knot_client (void)
{
  return client_for (aura_test_knot_get_server (knot), 1000, 2);
}

static GPtrArray *
lookup (AuraDnsClient *client, const char *name, guint type, GError **error)
{
  return aura_dns_client_lookup_sync (client, name, type, NULL, error);
}

static GPtrArray *
lookup_ok (AuraDnsClient *client, const char *name, guint type)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *records = lookup (client, name, type, &error);

  g_assert_no_error (error);
  g_assert_nonnull (records);
  g_assert_cmpuint (records->len, >, 0);
  return records;
}

static int
compare_lines (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char *const *)a, *(char *const *)b);
}

/* The records' presentations, sorted, joined by "|". */
static char *
present (GPtrArray *records)
{
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < records->len; i++)
    g_ptr_array_add (lines, aura_dns_record_to_string (g_ptr_array_index (records, i)));
  g_ptr_array_sort (lines, compare_lines);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? "|" : "", (char *)g_ptr_array_index (lines, i));
  return g_string_free (out, FALSE);
}

/* Lookups ----------------------------------------------------------------------------- */

static void
test_lookup_each_type (void)
{
  g_autoptr (AuraDnsClient) client = knot_client ();
  static const struct
  {
    const char *name;
    guint type;
    const char *expected;
  } cases[] = {
    { "example.test", AURA_DNS_TYPE_A, "example.test. 60 IN A 127.0.0.10" },
    { "example.test", AURA_DNS_TYPE_AAAA, "example.test. 60 IN AAAA ::1" },
    { "example.test", AURA_DNS_TYPE_MX,
      "example.test. 60 IN MX 10 mail.example.test.|example.test. 60 IN MX 20 mail2.other.test." },
    { "example.test", AURA_DNS_TYPE_NS, "example.test. 60 IN NS ns1.example.test." },
    { "EXAMPLE.test.", AURA_DNS_TYPE_SOA,
      "example.test. 60 IN SOA ns1.example.test. hostmaster.example.test. 1 3600 600 86400 60" },
    { "example.test", AURA_DNS_TYPE_CAA,
      "example.test. 60 IN CAA 0 issue \"letsencrypt.org\"|example.test. 60 IN CAA 128 iodef "
      "\"mailto:security@example.test\"" },
    { "_sip._tcp.example.test", AURA_DNS_TYPE_SRV,
      "_sip._tcp.example.test. 60 IN SRV 10 60 5060 sip.example.test." },
    { "127.0.0.9", AURA_DNS_TYPE_PTR, "9.0.0.127.in-addr.arpa. 60 IN PTR host.example.test." },
    { "10.0.0.127.in-addr.arpa", AURA_DNS_TYPE_PTR,
      "10.0.0.127.in-addr.arpa. 60 IN PTR example.test." },
    { "::1", AURA_DNS_TYPE_PTR, "1." IP6_REVERSE_ZONE ". 60 IN PTR localhost6.example.test." },
    { "www.example.test", AURA_DNS_TYPE_CNAME, "www.example.test. 60 IN CNAME web.example.test." },
    { "café.example.test", AURA_DNS_TYPE_A, "xn--caf-dma.example.test. 60 IN A 127.0.0.16" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GPtrArray) records = lookup_ok (client, cases[i].name, cases[i].type);
      g_autofree char *text = present (records);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

static void
test_lookup_fields (void)
{
  g_autoptr (AuraDnsClient) client = knot_client ();
  g_autoptr (GPtrArray) txt = lookup_ok (client, "example.test", AURA_DNS_TYPE_TXT);
  g_autoptr (GPtrArray) soa = lookup_ok (client, "example.test", AURA_DNS_TYPE_SOA);
  g_autoptr (GPtrArray) srv = lookup_ok (client, "_sip._tcp.example.test", AURA_DNS_TYPE_SRV);
  const AuraDnsRecord *spf = NULL;
  const AuraDnsRecord *record;

  g_assert_cmpuint (txt->len, ==, 2);
  for (guint i = 0; i < txt->len; i++)
    if (aura_spf_is_record (((AuraDnsRecord *)g_ptr_array_index (txt, i))->text))
      spf = g_ptr_array_index (txt, i);
  g_assert_nonnull (spf);
  /* The two character-strings of the record, and the SPF text they make. */
  g_assert_cmpuint (g_strv_length (spf->strings), ==, 2);
  g_assert_cmpstr (spf->text, ==, "v=spf1 ip4:192.0.2.0/24 include:_spf.example.test -all");

  record = g_ptr_array_index (soa, 0);
  g_assert_cmpstr (record->target, ==, "ns1.example.test");
  g_assert_cmpstr (record->mailbox, ==, "hostmaster.example.test");
  g_assert_cmpuint (record->serial, ==, 1);
  g_assert_cmpuint (record->minimum, ==, 60);

  record = g_ptr_array_index (srv, 0);
  g_assert_cmpuint (record->priority, ==, 10);
  g_assert_cmpuint (record->weight, ==, 60);
  g_assert_cmpuint (record->port, ==, 5060);
  g_assert_cmpstr (record->target, ==, "sip.example.test");
}

static void
test_lookup_through_alias (void)
{
  g_autoptr (AuraDnsClient) client = knot_client ();
  g_autoptr (GPtrArray) records = lookup_ok (client, "www.example.test", AURA_DNS_TYPE_A);
  AuraDnsRecord *first = g_ptr_array_index (records, 0);
  AuraDnsRecord *last = g_ptr_array_index (records, records->len - 1);

  /* The alias first, then the answer. */
  g_assert_cmpuint (records->len, ==, 2);
  g_assert_cmpuint (first->type, ==, AURA_DNS_TYPE_CNAME);
  g_assert_cmpstr (first->target, ==, "web.example.test");
  g_assert_cmpuint (last->type, ==, AURA_DNS_TYPE_A);
  g_assert_cmpstr (last->address, ==, "127.0.0.13");
}

static void
test_lookup_large_answer (void)
{
  g_autoptr (AuraDnsClient) client = knot_client ();
  g_autoptr (GPtrArray) records = lookup_ok (client, "big.other.test", AURA_DNS_TYPE_TXT);
  const AuraDnsRecord *record = g_ptr_array_index (records, 0);

  /* Over 512 bytes: the UDP answer is truncated, and c-ares asks again
   * over TCP. */
  g_assert_cmpuint (g_strv_length (record->strings), ==, 20);
  g_assert_cmpuint (strlen (record->text), ==, 20 * 200);
}

/* Errors -------------------------------------------------------------------------------- */

static void
assert_lookup_fails (
    AuraDnsClient *client, const char *name, guint type, int code, const char *says)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) records = lookup (client, name, type, &error);

  g_assert_null (records);
  g_assert_error (error, AURA_DNS_ERROR, code);
  if (says != NULL && strstr (error->message, says) == NULL)
    g_error ("%s: expected “%s” in “%s”", name, says, error->message);
}

static void
test_error_kinds (void)
{
  g_autoptr (AuraDnsClient) client = knot_client ();

  assert_lookup_fails (client, "missing.example.test", AURA_DNS_TYPE_A, AURA_DNS_ERROR_NXDOMAIN,
                       "does not exist");
  assert_lookup_fails (client, "onlytxt.example.test", AURA_DNS_TYPE_A, AURA_DNS_ERROR_NODATA,
                       "no A record");
  assert_lookup_fails (client, "example.test", AURA_DNS_TYPE_PTR, AURA_DNS_ERROR_NODATA, NULL);
  assert_lookup_fails (client, "noaddr.example.test", AURA_DNS_TYPE_A, AURA_DNS_ERROR_NODATA,
                       "alias");
  assert_lookup_fails (client, "dangling.example.test", AURA_DNS_TYPE_A, AURA_DNS_ERROR_NXDOMAIN,
                       "nowhere.example.test");
  /* Knot refuses names outside its zones. */
  assert_lookup_fails (client, "elsewhere.invalid", AURA_DNS_TYPE_A, AURA_DNS_ERROR_REFUSED,
                       "REFUSED");
  assert_lookup_fails (client, "loop1.example.test", AURA_DNS_TYPE_A, AURA_DNS_ERROR_CNAME_LOOP,
                       "loop");
}

static void
test_error_servfail (void)
{
  g_autoptr (DnsFake) fake = dns_fake_start (DNS_FAKE_SERVFAIL);
  g_autoptr (AuraDnsClient) client = client_for (dns_fake_get_server (fake), 500, 2);
  gint64 start = g_get_monotonic_time ();

  assert_lookup_fails (client, "example.test", AURA_DNS_TYPE_A, AURA_DNS_ERROR_SERVFAIL,
                       "SERVFAIL");
  /* An answer, not a timeout. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 400 * 1000);
}

static void
test_error_hostile_answers (void)
{
  static const struct
  {
    DnsFakeMode mode;
    int code;
  } cases[] = {
    { DNS_FAKE_TRUNCATED_RR, AURA_DNS_ERROR_MALFORMED },
    { DNS_FAKE_POINTER_LOOP, AURA_DNS_ERROR_MALFORMED },
    { DNS_FAKE_FORMERR, AURA_DNS_ERROR_FAILED },
    /* Records for other names than the one asked are not taken. */
    { DNS_FAKE_WRONG_OWNERS, AURA_DNS_ERROR_NODATA },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (DnsFake) fake = dns_fake_start (cases[i].mode);
      g_autoptr (AuraDnsClient) client = client_for (dns_fake_get_server (fake), 300, 1);
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) records = lookup (client, "victim.test", AURA_DNS_TYPE_A, &error);

      g_assert_null (records);
      if (!g_error_matches (error, AURA_DNS_ERROR, cases[i].code))
        g_error ("mode %d: %s", cases[i].mode, error != NULL ? error->message : "no error");
    }
}

static void
test_error_closed_port (void)
{
  g_autoptr (GError) error = NULL;
  guint16 port = aura_test_free_dns_port (&error);
  g_autofree char *server = g_strdup_printf ("127.0.0.1:%u", port);
  g_autoptr (AuraDnsClient) client = NULL;
  gint64 start;

  g_assert_no_error (error);
  client = client_for (server, 500, 2);
  start = g_get_monotonic_time ();
  assert_lookup_fails (client, "example.test", AURA_DNS_TYPE_A, AURA_DNS_ERROR_UNREACHABLE, server);
  /* The refusal comes back at once: no waiting for the timeout. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 400 * 1000);
}

static void
test_error_paused_server (void)
{
  const AuraTestZone zones[] = { { "paused.test", "www A 127.0.0.1", FALSE } };
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraTestKnot) paused = aura_test_knot_start (zones, 1, &error);
  g_autoptr (AuraDnsClient) client = NULL;
  g_autoptr (GPtrArray) records = NULL;
  gint64 start, elapsed;

  g_assert_no_error (error);
  client = client_for (aura_test_knot_get_server (paused), 200, 2);
  records = lookup_ok (client, "www.paused.test", AURA_DNS_TYPE_A);
  g_clear_pointer (&records, g_ptr_array_unref);

  aura_test_knot_pause (paused);
  /* kill() returns before every thread of knotd has stopped: a query sent
   * at once can still be answered. */
  g_usleep (100 * 1000);
  start = g_get_monotonic_time ();
  records = lookup (client, "www.paused.test", AURA_DNS_TYPE_A, &error);
  elapsed = g_get_monotonic_time () - start;
  g_assert_null (records);
  g_assert_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "400 ms"));
  g_clear_error (&error);
  /* 200 ms × 2 tries, plus the 250 ms slack: well under a second. */
  g_assert_cmpint (elapsed, >=, 350 * 1000);
  g_assert_cmpint (elapsed, <, 1000 * 1000);
  g_test_message ("timeout after %" G_GINT64_FORMAT " ms", elapsed / 1000);

  /* Cancelled before it starts: nothing waits. */
  {
    g_autoptr (GCancellable) cancellable = g_cancellable_new ();

    g_cancellable_cancel (cancellable);
    start = g_get_monotonic_time ();
    records = aura_dns_client_lookup_sync (client, "www.paused.test", AURA_DNS_TYPE_A, cancellable,
                                           &error);
    g_assert_null (records);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_assert_cmpint (g_get_monotonic_time () - start, <, 100 * 1000);
  }

  /* The server comes back, and so do the answers. */
  aura_test_knot_resume (paused);
  records = lookup_ok (client, "www.paused.test", AURA_DNS_TYPE_A);
}

typedef struct
{
  GCancellable *cancellable;
  GError *error;
  gboolean done;
} CancelData;

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
cancelled_lookup_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  CancelData *cancel = data;
  g_autoptr (GPtrArray) records =
      aura_dns_client_lookup_finish (AURA_DNS_CLIENT (source), result, &cancel->error);

  g_assert_null (records);
  cancel->done = TRUE;
}

static void
test_cancel_in_flight (void)
{
  g_autoptr (DnsFake) silent = dns_fake_start (DNS_FAKE_AXFR_SILENT);
  g_autoptr (AuraDnsClient) client = client_for (dns_fake_get_server (silent), 5000, 2);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  CancelData data = { cancellable, NULL, FALSE };
  gint64 start = g_get_monotonic_time ();

  /* The silent server never answers UDP: the lookup waits until cancelled. */
  aura_dns_client_lookup_async (client, "example.test", AURA_DNS_TYPE_A, cancellable,
                                cancelled_lookup_cb, &data);
  g_timeout_add (50, cancel_cb, cancellable);
  while (!data.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (data.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&data.error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 1000 * 1000);
  g_assert_finalize_object (g_steal_pointer (&client));
}

static void
test_invalid_names_not_sent (void)
{
  g_autoptr (DnsFake) fake = dns_fake_start (DNS_FAKE_SERVFAIL);
  g_autoptr (AuraDnsClient) client = client_for (dns_fake_get_server (fake), 300, 1);
  g_autofree char *label = g_strnfill (64, 'x');
  g_autofree char *long_label = g_strconcat (label, ".test", NULL);
  const char *names[] = { long_label, "a..test", "bad name.test", "☃.test", "" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    assert_lookup_fails (client, names[i], AURA_DNS_TYPE_A, AURA_DNS_ERROR_INVALID_NAME, NULL);
  g_assert_cmpuint (dns_fake_get_queries (fake), ==, 0);
}

/* Loopback-only mode ------------------------------------------------------------------------ */

static void
assert_refused_server (const char *server, gboolean option)
{
  const char *servers[] = { server, NULL };
  AuraDnsClientOptions options = { servers, 0, 0, option };
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraDnsClient) client = aura_dns_client_new (&options, &error);

  g_assert_null (client);
  g_assert_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_NOT_LOOPBACK);
  g_assert_nonnull (strstr (error->message, "nothing was sent"));
}

static void
test_loopback_only (void)
{
  g_autofree char *saved = g_strdup (g_getenv ("AURA_LOOPBACK_ONLY"));
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraDnsClient) system = NULL;
  g_autoptr (AuraDnsClient) v6 = NULL;
  g_autoptr (GPtrArray) records = NULL;
  const char *loopback6[] = { "[::1]:53", NULL };
  const char *outside[] = { "192.0.2.1:53", NULL };
  AuraDnsClientOptions options = { loopback6, 0, 0, FALSE };

  /* The environment the test suite sets. */
  g_setenv ("AURA_LOOPBACK_ONLY", "1", TRUE);
  assert_refused_server ("192.0.2.1:53", FALSE);
  assert_refused_server ("10.0.0.1", FALSE);
  assert_refused_server ("[2001:db8::1]:53", FALSE);
  assert_refused_server ("::ffff:127.0.0.1", FALSE);
  v6 = aura_dns_client_new (&options, &error);
  g_assert_no_error (error);
  g_assert_true (aura_dns_client_get_loopback_only (v6));

  /* /etc/resolv.conf: refused unless every server in it is loopback. */
  system = aura_dns_client_new (NULL, &error);
  if (system == NULL)
    {
      g_assert_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_NOT_LOOPBACK);
      g_clear_error (&error);
    }
  else
    {
      g_auto (GStrv) servers = aura_dns_client_get_servers (system);

      for (guint i = 0; servers[i] != NULL; i++)
        g_assert_true (g_str_has_prefix (servers[i], "127.") ||
                       g_str_has_prefix (servers[i], "[::1]"));
    }

  /* A zone transfer is refused before any connection. */
  records = aura_dns_axfr ("192.0.2.1:53", "example.test", 1000, NULL, &error);
  g_assert_null (records);
  g_assert_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_NOT_LOOPBACK);
  g_clear_error (&error);

  /* The option alone does the same. */
  g_unsetenv ("AURA_LOOPBACK_ONLY");
  assert_refused_server ("192.0.2.1", TRUE);
  {
    AuraDnsClientOptions open = { outside, 0, 0, FALSE };
    g_autoptr (AuraDnsClient) client = aura_dns_client_new (&open, &error);
    g_auto (GStrv) servers = NULL;

    /* Made, but never used here: the test sends nothing outside. */
    g_assert_no_error (error);
    g_assert_false (aura_dns_client_get_loopback_only (client));
    servers = aura_dns_client_get_servers (client);
    g_assert_cmpstr (servers[0], ==, "192.0.2.1:53");
  }
  if (saved != NULL)
    g_setenv ("AURA_LOOPBACK_ONLY", saved, TRUE);
}

static void
test_bad_servers (void)
{
  static const char *const bad[] = {
    "",     "example.test:53", "127.0.0.1:0",   "127.0.0.1:65536", "127.0.0.1:",
    "[::1", "[::1]x",          "1.2.3.4:53:53", "127.0.0.1:5x"
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      const char *servers[] = { bad[i], NULL };
      AuraDnsClientOptions options = { servers, 0, 0, TRUE };
      g_autoptr (GError) error = NULL;
      g_autoptr (AuraDnsClient) client = aura_dns_client_new (&options, &error);

      g_assert_null (client);
      g_assert_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_INVALID_SERVER);
    }
}

/* Chains ------------------------------------------------------------------------------------- */

static AuraDnsChain *
chain_of (AuraDnsClient *client, const char *name)
{
  g_autoptr (GError) error = NULL;
  AuraDnsChain *chain = aura_dns_client_resolve_chain_sync (client, name, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (chain);
  return chain;
}

static void
test_chain_hops (void)
{
  g_autoptr (AuraDnsClient) client = knot_client ();
  g_autoptr (AuraDnsChain) chain = chain_of (client, "a1.example.test");
  g_autofree char *names = g_strjoinv (" ", chain->names);

  g_assert_cmpint (chain->status, ==, AURA_DNS_CHAIN_RESOLVED);
  g_assert_no_error (chain->error);
  g_assert_cmpstr (names, ==, "a1.example.test a2.example.test a3.example.test");
  g_assert_cmpuint (g_strv_length (chain->addresses), ==, 1);
  g_assert_cmpstr (chain->addresses[0], ==, "127.0.0.14");
  g_assert_cmpuint (chain->records->len, ==, 3);
}

static void
test_chain_plain_name (void)
{
  g_autoptr (AuraDnsClient) client = knot_client ();
  g_autoptr (AuraDnsChain) chain = chain_of (client, "example.test");
  g_autoptr (AuraDnsChain) v6 = chain_of (client, "v6only.example.test");
  g_autoptr (GError) error = NULL;
  AuraDnsChain *none;

  g_assert_cmpint (chain->status, ==, AURA_DNS_CHAIN_RESOLVED);
  g_assert_cmpuint (g_strv_length (chain->names), ==, 1);
  g_assert_cmpuint (g_strv_length (chain->addresses), ==, 2);
  g_assert_cmpstr (chain->addresses[0], ==, "127.0.0.10");
  g_assert_cmpstr (chain->addresses[1], ==, "::1");

  g_assert_cmpint (v6->status, ==, AURA_DNS_CHAIN_RESOLVED);
  g_assert_cmpstr (v6->addresses[0], ==, "::2");

  none = aura_dns_client_resolve_chain_sync (client, "missing.example.test", NULL, &error);
  g_assert_null (none);
  g_assert_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_NXDOMAIN);
  g_clear_error (&error);
  none = aura_dns_client_resolve_chain_sync (client, "onlytxt.example.test", NULL, &error);
  g_assert_null (none);
  g_assert_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_NODATA);
}

static void
test_chain_loops (void)
{
  g_autoptr (AuraDnsClient) client = knot_client ();
  g_autoptr (AuraDnsChain) loop = chain_of (client, "loop1.example.test");
  g_autoptr (GError) error = NULL;
  AuraDnsChain *self_loop;

  g_assert_cmpint (loop->status, ==, AURA_DNS_CHAIN_LOOP);
  g_assert_error (loop->error, AURA_DNS_ERROR, AURA_DNS_ERROR_CNAME_LOOP);
  g_assert_nonnull (strstr (loop->error->message,
                            "loop1.example.test → loop2.example.test → loop1.example.test"));
  g_assert_cmpuint (g_strv_length (loop->names), ==, 2);
  g_assert_cmpuint (g_strv_length (loop->addresses), ==, 0);

  /* A name that is its own alias: nothing to show but the loop. */
  self_loop = aura_dns_client_resolve_chain_sync (client, "self.example.test", NULL, &error);
  g_assert_null (self_loop);
  g_assert_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_CNAME_LOOP);
}

static void
test_chain_length (void)
{
  g_autoptr (AuraDnsClient) client = knot_client ();
  g_autoptr (AuraDnsChain) sixteen = chain_of (client, "c0.chains.test");
  g_autoptr (AuraDnsChain) too_long = chain_of (client, "l0.chains.test");

  g_assert_cmpint (sixteen->status, ==, AURA_DNS_CHAIN_RESOLVED);
  g_assert_cmpuint (g_strv_length (sixteen->names), ==, 17);
  g_assert_cmpstr (sixteen->addresses[0], ==, "127.0.0.15");

  g_assert_cmpint (too_long->status, ==, AURA_DNS_CHAIN_TOO_LONG);
  g_assert_error (too_long->error, AURA_DNS_ERROR, AURA_DNS_ERROR_CNAME_TOO_LONG);
  g_assert_cmpuint (g_strv_length (too_long->names), ==, AURA_DNS_MAX_CNAME_HOPS + 1);
  g_assert_cmpuint (g_strv_length (too_long->addresses), ==, 0);
}

static void
test_chain_ends (void)
{
  g_autoptr (AuraDnsClient) client = knot_client ();
  g_autoptr (AuraDnsChain) dangling = chain_of (client, "dangling.example.test");
  g_autoptr (AuraDnsChain) noaddr = chain_of (client, "noaddr.example.test");
  g_autoptr (AuraDnsChain) cross = chain_of (client, "cross.example.test");

  g_assert_cmpint (dangling->status, ==, AURA_DNS_CHAIN_DANGLING);
  g_assert_error (dangling->error, AURA_DNS_ERROR, AURA_DNS_ERROR_NXDOMAIN);
  g_assert_cmpstr (dangling->names[1], ==, "nowhere.example.test");

  g_assert_cmpint (noaddr->status, ==, AURA_DNS_CHAIN_NO_ADDRESS);
  g_assert_error (noaddr->error, AURA_DNS_ERROR, AURA_DNS_ERROR_NODATA);

  /* Knot answers only the alias for a target in another zone: the client
   * asks again for the target. */
  g_assert_cmpint (cross->status, ==, AURA_DNS_CHAIN_RESOLVED);
  g_assert_cmpstr (cross->names[1], ==, "target.other.test");
  g_assert_cmpuint (g_strv_length (cross->addresses), ==, 2);
  g_assert_cmpstr (cross->addresses[0], ==, "127.0.0.17");
  g_assert_cmpstr (cross->addresses[1], ==, "::17");
}

/* The survey ----------------------------------------------------------------------------------- */

static void
test_survey (void)
{
  g_autoptr (AuraDnsClient) client = knot_client ();
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraDnsSurvey) survey =
      aura_dns_client_survey_sync (client, "Example.test", NULL, &error);
  static const guint expected[AURA_DNS_SURVEY_N_PARTS] = {
    [AURA_DNS_SURVEY_A] = 1,   [AURA_DNS_SURVEY_AAAA] = 1,  [AURA_DNS_SURVEY_CNAME] = 0,
    [AURA_DNS_SURVEY_MX] = 2,  [AURA_DNS_SURVEY_NS] = 1,    [AURA_DNS_SURVEY_TXT] = 2,
    [AURA_DNS_SURVEY_SOA] = 1, [AURA_DNS_SURVEY_CAA] = 2,   [AURA_DNS_SURVEY_SRV] = 1,
    [AURA_DNS_SURVEY_PTR] = 2, [AURA_DNS_SURVEY_DMARC] = 1,
  };
  g_autofree char *ptr = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (survey->domain, ==, "example.test");
  for (guint i = 0; i < AURA_DNS_SURVEY_N_PARTS; i++)
    {
      AuraDnsSurveyResult *part = &survey->parts[i];

      if (part->records->len != expected[i])
        g_error ("%s: %u records (%s)", aura_dns_survey_part_to_string (i), part->records->len,
                 part->error != NULL ? part->error->message : "no error");
      if (expected[i] > 0)
        g_assert_no_error (part->error);
      else
        g_assert_nonnull (part->error);
    }
  g_assert_error (survey->parts[AURA_DNS_SURVEY_CNAME].error, AURA_DNS_ERROR,
                  AURA_DNS_ERROR_NODATA);
  ptr = present (survey->parts[AURA_DNS_SURVEY_PTR].records);
  g_assert_nonnull (strstr (ptr, "PTR example.test."));
  g_assert_nonnull (strstr (ptr, "PTR localhost6.example.test."));

  g_assert_no_error (survey->spf_error);
  g_assert_nonnull (survey->spf);
  g_assert_cmpuint (survey->spf->mechanisms->len, ==, 3);
  g_assert_cmpuint (survey->spf->dns_lookups, ==, 1);
  g_assert_no_error (survey->dmarc_error);
  g_assert_nonnull (survey->dmarc);
  g_assert_cmpint (survey->dmarc->policy, ==, AURA_DMARC_REJECT);
}

static void
test_survey_missing_domain (void)
{
  g_autoptr (AuraDnsClient) client = knot_client ();
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraDnsSurvey) survey =
      aura_dns_client_survey_sync (client, "missing.example.test", NULL, &error);
  AuraDnsSurvey *invalid;

  g_assert_no_error (error);
  for (guint i = 0; i < AURA_DNS_SURVEY_N_PARTS; i++)
    {
      g_assert_cmpuint (survey->parts[i].records->len, ==, 0);
      g_assert_nonnull (survey->parts[i].error);
    }
  g_assert_error (survey->parts[AURA_DNS_SURVEY_A].error, AURA_DNS_ERROR, AURA_DNS_ERROR_NXDOMAIN);
  g_assert_error (survey->parts[AURA_DNS_SURVEY_SRV].error, AURA_DNS_ERROR, AURA_DNS_ERROR_NODATA);
  g_assert_error (survey->spf_error, AURA_DNS_ERROR, AURA_DNS_ERROR_NOT_POLICY);
  g_assert_error (survey->dmarc_error, AURA_DNS_ERROR, AURA_DNS_ERROR_NOT_POLICY);

  invalid = aura_dns_client_survey_sync (client, "bad..name", NULL, &error);
  g_assert_null (invalid);
  g_assert_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_INVALID_NAME);
}

/* SPF evaluation -------------------------------------------------------------------------------- */

static AuraSpfCheck *
check_spf (AuraDnsClient *client, const char *domain)
{
  g_autoptr (GError) error = NULL;
  AuraSpfCheck *check = aura_dns_client_check_spf_sync (client, domain, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (check);
  return check;
}

/* "domain/depth/via" for each step, joined by spaces. */
static char *
describe_steps (const AuraSpfCheck *check)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < check->steps->len; i++)
    {
      const AuraSpfCheckStep *step = g_ptr_array_index (check->steps, i);

      g_string_append_printf (out, "%s%s/%u/%s", i > 0 ? " " : "", step->domain, step->depth,
                              step->via != NULL ? step->via : "-");
    }
  return g_string_free (out, FALSE);
}

static void
test_spf_check_walk (void)
{
  g_autoptr (AuraDnsClient) client = knot_client ();
  g_autoptr (AuraSpfCheck) check = check_spf (client, "spf.test");
  g_autoptr (AuraSpfCheck) ten = check_spf (client, "ten.spf.test");
  g_autoptr (AuraSpfCheck) macro = check_spf (client, "macro.spf.test");
  g_autofree char *steps = describe_steps (check);

  /* Depth first, in the order written, the redirect last. */
  g_assert_cmpint (check->result, ==, AURA_SPF_CHECK_OK);
  g_assert_no_error (check->error);
  g_assert_cmpstr (steps, ==,
                   "spf.test/0/- a.spf.test/1/include b.spf.test/2/include b.spf.test/1/include "
                   "c.spf.test/1/redirect");
  g_assert_cmpuint (check->dns_lookups, ==, 8);

  /* Exactly ten lookups is still fine. */
  g_assert_cmpint (ten->result, ==, AURA_SPF_CHECK_OK);
  g_assert_cmpuint (ten->dns_lookups, ==, 10);

  /* Macros cannot be expanded without a message: noted, not followed. */
  g_assert_cmpint (macro->result, ==, AURA_SPF_CHECK_OK);
  g_assert_cmpuint (macro->steps->len, ==, 2);
  g_assert_nonnull (((AuraSpfCheckStep *)g_ptr_array_index (macro->steps, 1))->error);
}

static void
test_spf_check_errors (void)
{
  static const struct
  {
    const char *domain;
    AuraSpfCheckResult result;
    int code;
    const char *says;
  } cases[] = {
    { "eleven.spf.test", AURA_SPF_CHECK_PERMERROR, AURA_DNS_ERROR_POLICY_SYNTAX, "more than 10" },
    { "loop.spf.test", AURA_SPF_CHECK_PERMERROR, AURA_DNS_ERROR_POLICY_SYNTAX, "itself again" },
    { "broken.spf.test", AURA_SPF_CHECK_PERMERROR, AURA_DNS_ERROR_NOT_POLICY, "nothere" },
    { "invalid.spf.test", AURA_SPF_CHECK_PERMERROR, AURA_DNS_ERROR_POLICY_SYNTAX, "IPv4" },
    { "nospf.spf.test", AURA_SPF_CHECK_NONE, AURA_DNS_ERROR_NOT_POLICY, "no SPF record" },
    { "missing.spf.test", AURA_SPF_CHECK_NONE, AURA_DNS_ERROR_NOT_POLICY, "no SPF record" },
    { "double.spf.test", AURA_SPF_CHECK_PERMERROR, AURA_DNS_ERROR_POLICY_SYNTAX, "2 SPF" },
    { "elsewhere.invalid", AURA_SPF_CHECK_TEMPERROR, AURA_DNS_ERROR_REFUSED, "REFUSED" },
  };
  g_autoptr (AuraDnsClient) client = knot_client ();
  g_autoptr (GError) error = NULL;
  AuraSpfCheck *invalid;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (AuraSpfCheck) check = check_spf (client, cases[i].domain);

      if (check->result != cases[i].result ||
          !g_error_matches (check->error, AURA_DNS_ERROR, cases[i].code) ||
          strstr (check->error->message, cases[i].says) == NULL)
        g_error ("%s: result %d, %s", cases[i].domain, check->result,
                 check->error != NULL ? check->error->message : "no error");
    }
  invalid = aura_dns_client_check_spf_sync (client, "a b", NULL, &error);
  g_assert_null (invalid);
  g_assert_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_INVALID_NAME);
}

/* Main contexts and concurrency ------------------------------------------------------------------ */

typedef struct
{
  AuraDnsClient *client;
  GThread *callback_thread;
  GPtrArray *records;
} ThreadData;

static void
thread_lookup_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  ThreadData *thread = data;

  thread->callback_thread = g_thread_self ();
  thread->records = aura_dns_client_lookup_finish (AURA_DNS_CLIENT (source), result, NULL);
}

static gpointer
thread_main (gpointer data)
{
  ThreadData *thread = data;
  GMainContext *context = g_main_context_new ();

  g_main_context_push_thread_default (context);
  aura_dns_client_lookup_async (thread->client, "mail.example.test", AURA_DNS_TYPE_A, NULL,
                                thread_lookup_cb, thread);
  while (thread->callback_thread == NULL)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);
  g_main_context_unref (context);
  return g_thread_self ();
}

static void
test_results_in_callers_context (void)
{
  g_autoptr (AuraDnsClient) client = knot_client ();
  ThreadData data = { client, NULL, NULL };
  GThread *thread = g_thread_new ("dns-caller", thread_main, &data);
  GThread *worker = g_thread_join (thread);

  g_assert_true (data.callback_thread == worker);
  g_assert_nonnull (data.records);
  g_assert_cmpstr (((AuraDnsRecord *)g_ptr_array_index (data.records, 0))->address, ==,
                   "127.0.0.11");
  g_ptr_array_unref (data.records);
  g_assert_finalize_object (g_steal_pointer (&client));
}

typedef struct
{
  guint pending;
  guint answered;
} Many;

static void
many_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Many *many = data;
  g_autoptr (GPtrArray) records =
      aura_dns_client_lookup_finish (AURA_DNS_CLIENT (source), result, NULL);

  if (records != NULL)
    many->answered++;
  many->pending--;
}

static void
test_many_at_once (void)
{
  g_autoptr (AuraDnsClient) client = knot_client ();
  Many many = { 0, 0 };
  const char *names[] = { "example.test", "mail.example.test", "www.example.test",
                          "a1.example.test" };
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < 400; i++)
    {
      many.pending++;
      aura_dns_client_lookup_async (client, names[i % G_N_ELEMENTS (names)], AURA_DNS_TYPE_A, NULL,
                                    many_cb, &many);
    }
  while (many.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (many.answered, ==, 400);
  g_test_message ("400 lookups in %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - start) / 1000);
  g_assert_finalize_object (g_steal_pointer (&client));
}

typedef struct
{
  AuraDnsClient *client; /* owned: dropped in the callback */
  GError *error;
  gboolean done;
} DropData;

static void
drop_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  DropData *drop = data;
  g_autoptr (GPtrArray) records =
      aura_dns_client_lookup_finish (AURA_DNS_CLIENT (source), result, &drop->error);

  /* The last reference goes while c-ares may still be on the stack. */
  g_clear_object (&drop->client);
  drop->done = TRUE;
}

static void
test_client_dropped_in_callback (void)
{
  g_autoptr (DnsFake) silent = dns_fake_start (DNS_FAKE_AXFR_SILENT);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  DropData answered = { knot_client (), NULL, FALSE };
  DropData cancelled = { client_for (dns_fake_get_server (silent), 5000, 1), NULL, FALSE };
  DropData timed_out = { client_for (dns_fake_get_server (silent), 100, 1), NULL, FALSE };
  GWeakRef weak;

  g_weak_ref_init (&weak, answered.client);
  aura_dns_client_lookup_async (answered.client, "www.example.test", AURA_DNS_TYPE_A, NULL, drop_cb,
                                &answered);
  aura_dns_client_lookup_async (cancelled.client, "example.test", AURA_DNS_TYPE_A, cancellable,
                                drop_cb, &cancelled);
  aura_dns_client_lookup_async (timed_out.client, "example.test", AURA_DNS_TYPE_A, NULL, drop_cb,
                                &timed_out);
  g_timeout_add (50, cancel_cb, cancellable);
  while (!answered.done || !cancelled.done || !timed_out.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (answered.error);
  g_assert_error (cancelled.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_error (timed_out.error, AURA_DNS_ERROR, AURA_DNS_ERROR_TIMEOUT);
  g_clear_error (&cancelled.error);
  g_clear_error (&timed_out.error);
  g_assert_null (g_weak_ref_get (&weak));
  g_weak_ref_clear (&weak);
  /* Whatever the finalised clients left on the context runs without harm. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *chains = NULL;
  g_autofree char *sixteen = chain_records ("c", 16);
  g_autofree char *eighteen = chain_records ("l", 18);
  g_autoptr (GString) big = g_string_new ("big TXT");
  int status;

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *chunk = g_strnfill (200, 'a' + i);

      g_string_append_printf (big, " \"%s\"", chunk);
    }
  {
    g_autofree char *other = g_strconcat (other_records, big->str, "\n", NULL);

    chains = g_strconcat (sixteen, eighteen, NULL);
    {
      const AuraTestZone zones[] = {
        { "example.test", example_records, TRUE },
        { "other.test", other, FALSE },
        { "chains.test", chains, FALSE },
        { "0.0.127.in-addr.arpa", reverse_records, FALSE },
        { IP6_REVERSE_ZONE, ip6_records, FALSE },
        { "spf.test", spf_records, FALSE },
      };

      knot = aura_test_knot_start (zones, G_N_ELEMENTS (zones), &error);
    }
  }
  if (knot == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_test_skip (error->message);
      return g_test_run ();
    }
  g_assert_no_error (error);

  g_test_add_func ("/dns/client/lookup/each-type", test_lookup_each_type);
  g_test_add_func ("/dns/client/lookup/typed-fields", test_lookup_fields);
  g_test_add_func ("/dns/client/lookup/through-alias", test_lookup_through_alias);
  g_test_add_func ("/dns/client/lookup/large-answer-over-tcp", test_lookup_large_answer);
  g_test_add_func ("/dns/client/error/kinds-are-distinct", test_error_kinds);
  g_test_add_func ("/dns/client/error/servfail", test_error_servfail);
  g_test_add_func ("/dns/client/error/hostile-answers", test_error_hostile_answers);
  g_test_add_func ("/dns/client/error/closed-port", test_error_closed_port);
  g_test_add_func ("/dns/client/error/paused-server-times-out", test_error_paused_server);
  g_test_add_func ("/dns/client/cancel-in-flight", test_cancel_in_flight);
  g_test_add_func ("/dns/client/invalid-names-not-sent", test_invalid_names_not_sent);
  g_test_add_func ("/dns/client/loopback-only", test_loopback_only);
  g_test_add_func ("/dns/client/bad-servers", test_bad_servers);
  g_test_add_func ("/dns/client/chain/hops", test_chain_hops);
  g_test_add_func ("/dns/client/chain/plain-name", test_chain_plain_name);
  g_test_add_func ("/dns/client/chain/loops", test_chain_loops);
  g_test_add_func ("/dns/client/chain/length-limit", test_chain_length);
  g_test_add_func ("/dns/client/chain/ends", test_chain_ends);
  g_test_add_func ("/dns/client/survey/every-part", test_survey);
  g_test_add_func ("/dns/client/survey/missing-domain", test_survey_missing_domain);
  g_test_add_func ("/dns/client/spf-check/walk", test_spf_check_walk);
  g_test_add_func ("/dns/client/spf-check/errors", test_spf_check_errors);
  g_test_add_func ("/dns/client/results-in-callers-context", test_results_in_callers_context);
  g_test_add_func ("/dns/client/many-at-once", test_many_at_once);
  g_test_add_func ("/dns/client/dropped-in-callback", test_client_dropped_in_callback);

  status = g_test_run ();
  aura_test_knot_stop (knot);
  return status;
}
