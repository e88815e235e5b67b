/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include <glib-unix.h>
#include <ldns/ldns.h>
#include <string.h>

#include "dns-fake-server.h"

/* One thread polls a UDP socket and a TCP listener (20 ms at a time, so that
 * stopping is quick) and answers as the mode says. Answers echo the
 * question's bytes, so that c-ares accepts them as answers to its query;
 * what follows the question is what each test needs. */

struct _DnsFake
{
  DnsFakeMode mode;
  GSocket *udp;
  GSocket *tcp;
  GPtrArray *held; /* connections kept open (SILENT) */
  GThread *thread;
  char *server;
  gint stop;
  gint queries;
  gint records_sent;
};

static void
put_u16 (GByteArray *out, guint16 value)
{
  guint8 bytes[2] = { value >> 8, value & 0xff };

  g_byte_array_append (out, bytes, 2);
}

/* The query's header and question, marked as an answer with @rcode. */
static GByteArray *
echo_question (const guint8 *query, gsize len, guint rcode, guint16 ancount)
{
  GByteArray *out = g_byte_array_new ();
  gsize end = 12;

  /* Past the question name and its type and class. */
  while (end < len && query[end] != 0)
    end += query[end] + 1;
  end = MIN (end + 5, len);
  g_byte_array_append (out, query, end);
  out->data[2] |= 0x80;
  out->data[3] = (out->data[3] & 0xf0) | (rcode & 0x0f);
  out->data[6] = ancount >> 8;
  out->data[7] = ancount & 0xff;
  memset (out->data + 8, 0, 4);
  return out;
}

static void
answer_udp (DnsFake *fake, const guint8 *query, gsize len, GSocketAddress *from)
{
  g_autoptr (GByteArray) out = NULL;
  static const guint8 a_in[] = { 0, 1, 0, 1, 0, 0, 0, 60 };

  if (len < 12)
    return;
  switch (fake->mode)
    {
      case DNS_FAKE_SERVFAIL:
        out = echo_question (query, len, 2, 0);
        break;
      case DNS_FAKE_FORMERR:
        out = echo_question (query, len, 1, 0);
        break;
      case DNS_FAKE_TRUNCATED_RR:
        out = echo_question (query, len, 0, 1);
        /* A pointer to the question name, A IN TTL, 4 bytes said, 2 sent. */
        g_byte_array_append (out, (const guint8 *)"\xc0\x0c", 2);
        g_byte_array_append (out, a_in, sizeof a_in);
        put_u16 (out, 4);
        g_byte_array_append (out, (const guint8 *)"\x7f\x00", 2);
        break;
      case DNS_FAKE_POINTER_LOOP:
        out = echo_question (query, len, 0, 1);
        put_u16 (out, 0xc000 | out->len);
        g_byte_array_append (out, a_in, sizeof a_in);
        put_u16 (out, 4);
        g_byte_array_append (out, (const guint8 *)"\x7f\x00\x00\x01", 4);
        break;
      case DNS_FAKE_WRONG_OWNERS:
        out = echo_question (query, len, 0, 1);
        /* "evil.invalid" A 127.0.0.66 */
        g_byte_array_append (out,
                             (const guint8 *)"\x04"
                                             "evil\x07"
                                             "invalid",
                             14);
        g_byte_array_append (out, a_in, sizeof a_in);
        put_u16 (out, 4);
        g_byte_array_append (out, (const guint8 *)"\x7f\x00\x00\x42", 4);
        break;
      default:
        return;
    }
  g_socket_send_to (fake->udp, from, (const char *)out->data, out->len, NULL, NULL);
}

/* TCP ---------------------------------------------------------------------------------- */

static gboolean
send_frame (GSocket *socket, const guint8 *data, gsize len)
{
  guint8 prefix[2] = { len >> 8, len & 0xff };
  g_autoptr (GByteArray) frame = g_byte_array_new ();
  gsize done = 0;

  g_byte_array_append (frame, prefix, 2);
  g_byte_array_append (frame, data, len);
  while (done < frame->len)
    {
      gssize sent;

      if (!g_socket_condition_timed_wait (socket, G_IO_OUT, 2 * G_USEC_PER_SEC, NULL, NULL))
        return FALSE;
      sent =
          g_socket_send (socket, (const char *)frame->data + done, frame->len - done, NULL, NULL);
      if (sent <= 0)
        return FALSE;
      done += (gsize)sent;
    }
  return TRUE;
}

/* A transfer message with @records (zone-file lines), for @query. */
static gboolean
send_records (GSocket *socket, ldns_pkt *query, const char *const *records, guint n)
{
  ldns_pkt *answer = ldns_pkt_new ();
  guint8 *wire = NULL;
  size_t size = 0;
  gboolean ok;

  ldns_pkt_set_id (answer, ldns_pkt_id (query));
  ldns_pkt_set_qr (answer, true);
  ldns_pkt_set_aa (answer, true);
  ldns_pkt_push_rr (answer, LDNS_SECTION_QUESTION,
                    ldns_rr_clone (ldns_rr_list_rr (ldns_pkt_question (query), 0)));
  for (guint i = 0; i < n; i++)
    {
      ldns_rr *rr = NULL;

      if (ldns_rr_new_frm_str (&rr, records[i], 60, NULL, NULL) == LDNS_STATUS_OK)
        ldns_pkt_push_rr (answer, LDNS_SECTION_ANSWER, rr);
    }
  ok = ldns_pkt2wire (&wire, answer, &size) == LDNS_STATUS_OK && send_frame (socket, wire, size);
  free (wire);
  ldns_pkt_free (answer);
  return ok;
}

static ldns_pkt *
read_query (GSocket *socket)
{
  guint8 prefix[2];
  guint8 body[512];
  gsize len;
  ldns_pkt *query = NULL;

  g_socket_set_blocking (socket, TRUE);
  g_socket_set_timeout (socket, 2);
  if (g_socket_receive (socket, (char *)prefix, 2, NULL, NULL) != 2)
    return NULL;
  len = ((gsize)prefix[0] << 8) | prefix[1];
  if (len > sizeof body || g_socket_receive (socket, (char *)body, len, NULL, NULL) != (gssize)len)
    return NULL;
  if (ldns_wire2pkt (&query, body, len) != LDNS_STATUS_OK)
    return NULL;
  return query;
}

/* The same message of 100 A records, again and again: built once, so that
 * the stream is fast even under the sanitizers. */
static void
stream_endless (DnsFake *fake, GSocket *socket, ldns_pkt *query)
{
  const char *soa[] = { "big.test. 60 IN SOA ns1.big.test. host.big.test. 1 2 3 4 5" };
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) lines = NULL;
  ldns_pkt *message = ldns_pkt_new ();
  guint8 *wire = NULL;
  size_t size = 0;

  if (!send_records (socket, query, soa, 1))
    return;
  ldns_pkt_set_id (message, ldns_pkt_id (query));
  ldns_pkt_set_qr (message, true);
  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *line = g_strdup_printf ("h%u.big.test. 60 IN A 127.0.0.1", i);
      ldns_rr *rr = NULL;

      g_assert_cmpint (ldns_rr_new_frm_str (&rr, line, 60, NULL, NULL), ==, LDNS_STATUS_OK);
      ldns_pkt_push_rr (message, LDNS_SECTION_ANSWER, rr);
    }
  g_assert_cmpint (ldns_pkt2wire (&wire, message, &size), ==, LDNS_STATUS_OK);
  ldns_pkt_free (message);
  while (!g_atomic_int_get (&fake->stop) && send_frame (socket, wire, size))
    g_atomic_int_add (&fake->records_sent, 100);
  free (wire);
}

/* A server that never stops talking, slowly: only a deadline on the whole
 * transfer ends it. */
static void
stream_trickle (DnsFake *fake, GSocket *socket, ldns_pkt *query)
{
  const char *soa[] = { "slow.test. 60 IN SOA ns1.slow.test. host.slow.test. 1 2 3 4 5" };
  const char *a[] = { "h.slow.test. 60 IN A 127.0.0.1" };

  if (!send_records (socket, query, soa, 1))
    return;
  while (!g_atomic_int_get (&fake->stop) && send_records (socket, query, a, 1))
    {
      g_atomic_int_inc (&fake->records_sent);
      g_usleep (20 * 1000);
    }
}

static void
answer_tcp (DnsFake *fake, GSocket *socket)
{
  ldns_pkt *query = read_query (socket);
  static const char *const cut[] = {
    "cut.test. 60 IN SOA ns1.cut.test. host.cut.test. 1 2 3 4 5",
    "a.cut.test. 60 IN A 127.0.0.1",
    "b.cut.test. 60 IN A 127.0.0.2",
    "c.cut.test. 60 IN A 127.0.0.3",
  };
  static const char *const no_soa[] = { "a.nosoa.test. 60 IN A 127.0.0.1" };

  if (query == NULL)
    return;
  switch (fake->mode)
    {
      case DNS_FAKE_AXFR_ENDLESS:
        stream_endless (fake, socket, query);
        break;
      case DNS_FAKE_AXFR_TRICKLE:
        stream_trickle (fake, socket, query);
        break;
      case DNS_FAKE_AXFR_GARBAGE:
        {
          guint8 junk[64];

          for (guint i = 0; i < sizeof junk; i++)
            junk[i] = (guint8)g_random_int ();
          send_frame (socket, junk, sizeof junk);
          break;
        }
      case DNS_FAKE_AXFR_NO_SOA:
        send_records (socket, query, no_soa, 1);
        break;
      case DNS_FAKE_AXFR_CUT:
        send_records (socket, query, cut, G_N_ELEMENTS (cut));
        break;
      case DNS_FAKE_AXFR_EMPTY:
        send_records (socket, query, NULL, 0);
        break;
      default:
        break;
    }
  ldns_pkt_free (query);
}

static gpointer
serve (gpointer data)
{
  DnsFake *fake = data;
  GPollFD fds[2] = {
    { g_socket_get_fd (fake->udp), G_IO_IN, 0 },
    { g_socket_get_fd (fake->tcp), G_IO_IN, 0 },
  };

  while (!g_atomic_int_get (&fake->stop))
    {
      if (g_poll (fds, 2, 20) <= 0)
        continue;
      if (fds[0].revents & G_IO_IN)
        {
          guint8 buffer[1500];
          g_autoptr (GSocketAddress) from = NULL;
          gssize got =
              g_socket_receive_from (fake->udp, &from, (char *)buffer, sizeof buffer, NULL, NULL);

          if (got > 0)
            {
              g_atomic_int_inc (&fake->queries);
              answer_udp (fake, buffer, (gsize)got, from);
            }
        }
      if (fds[1].revents & G_IO_IN)
        {
          GSocket *socket = g_socket_accept (fake->tcp, NULL, NULL);

          if (socket == NULL)
            continue;
          g_atomic_int_inc (&fake->queries);
          if (fake->mode == DNS_FAKE_AXFR_SILENT)
            {
              g_ptr_array_add (fake->held, socket);
              continue;
            }
          if (fake->mode != DNS_FAKE_AXFR_CLOSE)
            answer_tcp (fake, socket);
          g_socket_close (socket, NULL);
          g_object_unref (socket);
        }
    }
  return NULL;
}

static GSocket *
bind_loopback (GSocketType type, guint16 port)
{
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  GSocket *socket = g_socket_new (
      G_SOCKET_FAMILY_IPV4, type,
      type == G_SOCKET_TYPE_DATAGRAM ? G_SOCKET_PROTOCOL_UDP : G_SOCKET_PROTOCOL_TCP, NULL);

  g_assert_nonnull (socket);
  if (!g_socket_bind (socket, address, FALSE, NULL))
    {
      g_object_unref (socket);
      return NULL;
    }
  g_socket_set_blocking (socket, FALSE);
  return socket;
}

DnsFake *
dns_fake_start (DnsFakeMode mode)
{
  DnsFake *fake = g_new0 (DnsFake, 1);

  fake->mode = mode;
  fake->held = g_ptr_array_new_with_free_func (g_object_unref);
  /* The same port for UDP and TCP: take the UDP one, try it for TCP. */
  for (guint attempt = 0; attempt < 50 && fake->tcp == NULL; attempt++)
    {
      g_autoptr (GSocketAddress) local = NULL;
      guint16 port;

      g_clear_object (&fake->udp);
      fake->udp = bind_loopback (G_SOCKET_TYPE_DATAGRAM, 0);
      local = g_socket_get_local_address (fake->udp, NULL);
      port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
      fake->tcp = bind_loopback (G_SOCKET_TYPE_STREAM, port);
      if (fake->tcp != NULL && !g_socket_listen (fake->tcp, NULL))
        g_clear_object (&fake->tcp);
      if (fake->tcp != NULL)
        fake->server = g_strdup_printf ("127.0.0.1:%u", port);
    }
  g_assert_nonnull (fake->tcp);
  fake->thread = g_thread_new ("dns-fake", serve, fake);
  return fake;
}

const char *
dns_fake_get_server (DnsFake *fake)
{
  return fake->server;
}

guint
dns_fake_get_queries (DnsFake *fake)
{
  return (guint)g_atomic_int_get (&fake->queries);
}

guint
dns_fake_get_records_sent (DnsFake *fake)
{
  return (guint)g_atomic_int_get (&fake->records_sent);
}

void
dns_fake_stop (DnsFake *fake)
{
  if (fake == NULL)
    return;
  g_atomic_int_set (&fake->stop, 1);
  g_thread_join (fake->thread);
  g_ptr_array_unref (fake->held);
  g_socket_close (fake->udp, NULL);
  g_socket_close (fake->tcp, NULL);
  g_object_unref (fake->udp);
  g_object_unref (fake->tcp);
  g_free (fake->server);
  g_free (fake);
}
