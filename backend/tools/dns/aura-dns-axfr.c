/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-dns"
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "aura-dns-private.h"

/* Zone transfers (RFC 5936). ldns builds the AXFR query and reads each
 * message; the TCP frames (a two-byte length, then the message) are read
 * here with GSocket, because ldns' own transfer calls block without a
 * GCancellable and bound each read, not the whole transfer. Every wait is
 * bounded by the transfer's deadline, and the record count by a limit.
 *
 * The transfer ends at the second SOA record; a server that closes the
 * connection before the first message, or answers NOTAUTH, REFUSED or
 * NOTIMP, or an empty first message, refused it. Messages are only scanned
 * while they arrive (scan_message) and parsed once the connection is
 * closed (parse_messages), so that reading keeps up with the server. */

typedef struct
{
  GSocket *socket;
  GCancellable *cancellable;
  gint64 deadline; /* monotonic, µs */
  guint timeout_ms;
  const char *server; /* "IP:PORT", for messages */
  const char *zone;
} Connection;

static void
set_timeout (Connection *conn, GError **error)
{
  g_set_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_TIMEOUT,
               _ ("The zone transfer of %s from the name server %s did not finish within %u ms."),
               conn->zone, conn->server, conn->timeout_ms);
}

/* Waits for @condition until the deadline. */
static gboolean
wait_for (Connection *conn, GIOCondition condition, GError **error)
{
  g_autoptr (GError) local = NULL;
  gint64 left = conn->deadline - g_get_monotonic_time ();

  if (left <= 0)
    {
      set_timeout (conn, error);
      return FALSE;
    }
  if (g_socket_condition_timed_wait (conn->socket, condition, left, conn->cancellable, &local))
    return TRUE;
  if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    set_timeout (conn, error);
  else
    g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

static gboolean
connect_to (Connection *conn, const char *address, guint16 port, GError **error)
{
  g_autoptr (GInetAddress) inet = g_inet_address_new_from_string (address);
  g_autoptr (GSocketAddress) to = g_inet_socket_address_new (inet, port);
  g_autoptr (GError) local = NULL;

  conn->socket = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_STREAM,
                               G_SOCKET_PROTOCOL_TCP, error);
  if (conn->socket == NULL)
    return FALSE;
  g_socket_set_blocking (conn->socket, FALSE);
  if (g_socket_connect (conn->socket, to, conn->cancellable, &local))
    return TRUE;
  if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_PENDING))
    {
      g_clear_error (&local);
      if (!wait_for (conn, G_IO_OUT, error))
        return FALSE;
      if (g_socket_check_connect_result (conn->socket, &local))
        return TRUE;
    }
  if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    g_set_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_UNREACHABLE,
                 _ ("The name server %s refused the TCP connection for the zone transfer of %s: "
                    "nothing listens at that address and port."),
                 conn->server, conn->zone);
  else if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_steal_pointer (&local));
  else
    g_set_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_UNREACHABLE,
                 _ ("The name server %s could not be reached for the zone transfer of %s: %s."),
                 conn->server, conn->zone, local->message);
  return FALSE;
}

static gboolean
send_all (Connection *conn, const guint8 *data, gsize len, GError **error)
{
  while (len > 0)
    {
      g_autoptr (GError) local = NULL;
      gssize sent;

      if (!wait_for (conn, G_IO_OUT, error))
        return FALSE;
      sent = g_socket_send (conn->socket, (const char *)data, len, conn->cancellable, &local);
      if (sent < 0 && g_error_matches (local, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        continue;
      if (sent < 0)
        {
          g_set_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_TRANSFER_REFUSED,
                       _ ("The name server %s refused the zone transfer for %s (the connection "
                          "broke: %s)."),
                       conn->server, conn->zone, local->message);
          return FALSE;
        }
      data += sent;
      len -= (gsize)sent;
    }
  return TRUE;
}

/* Reads exactly @len bytes; *@closed says whether the server closed the
 * connection first (FALSE is returned then, without an error). */
static gboolean
receive_all (Connection *conn, guint8 *data, gsize len, gboolean *closed, GError **error)
{
  *closed = FALSE;
  while (len > 0)
    {
      g_autoptr (GError) local = NULL;
      gssize got;

      if (!wait_for (conn, G_IO_IN, error))
        return FALSE;
      got = g_socket_receive (conn->socket, (char *)data, len, conn->cancellable, &local);
      if (got < 0 && g_error_matches (local, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        continue;
      if (got < 0 && g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      if (got <= 0)
        {
          /* A reset is a close, as far as the transfer goes. */
          *closed = TRUE;
          return FALSE;
        }
      data += got;
      len -= (gsize)got;
    }
  return TRUE;
}

static guint8 *
build_query (const char *zone, guint16 id, gsize *size, GError **error)
{
  ldns_rdf *name = ldns_dname_new_frm_str (zone);
  ldns_pkt *packet;
  guint8 *wire = NULL;
  guint8 *framed;

  if (name == NULL)
    {
      g_set_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_INVALID_NAME,
                   _ ("“%s” cannot be sent as a zone name."), zone);
      return NULL;
    }
  packet = ldns_pkt_query_new (name, LDNS_RR_TYPE_AXFR, LDNS_RR_CLASS_IN, 0);
  ldns_pkt_set_id (packet, id);
  if (ldns_pkt2wire (&wire, packet, size) != LDNS_STATUS_OK || *size > G_MAXUINT16)
    {
      ldns_pkt_free (packet);
      free (wire);
      g_set_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_FAILED,
                   _ ("The zone transfer query for “%s” could not be built."), zone);
      return NULL;
    }
  ldns_pkt_free (packet);
  framed = g_malloc (*size + 2);
  framed[0] = (guint8)(*size >> 8);
  framed[1] = (guint8)(*size & 0xff);
  memcpy (framed + 2, wire, *size);
  free (wire);
  *size += 2;
  return framed;
}

typedef struct
{
  GPtrArray *frames; /* GBytes: the messages, as received */
  guint max_records;
  guint16 id;
  guint messages;
  guint records; /* counted on the wire, up to the closing SOA */
  gsize bytes;
  gboolean done;
} Transfer;

static gboolean
set_refused (Connection *conn, GError **error, const char *why)
{
  g_set_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_TRANSFER_REFUSED,
               _ ("The name server %s refused the zone transfer for %s (%s)."), conn->server,
               conn->zone, why);
  return FALSE;
}

static gboolean
set_unreadable (Connection *conn, GError **error, const char *why)
{
  g_set_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_MALFORMED,
               _ ("The name server %s sent a message that cannot be read during the zone "
                  "transfer of %s (%s)."),
               conn->server, conn->zone, why);
  return FALSE;
}

/* Skips a domain name in wire format; FALSE when it runs past @len. */
static gboolean
skip_name (const guint8 *data, gsize len, gsize *pos)
{
  while (*pos < len)
    {
      guint8 label = data[*pos];

      if (label == 0)
        {
          *pos += 1;
          return TRUE;
        }
      if ((label & 0xc0) == 0xc0)
        {
          *pos += 2;
          return *pos <= len;
        }
      if (label > 63)
        return FALSE;
      *pos += 1 + label;
    }
  return FALSE;
}

/* The limits of the transfer. */
static gboolean
check_limits (Connection *conn, Transfer *transfer, GError **error)
{
  if (transfer->records < transfer->max_records && transfer->bytes <= DNS_AXFR_MAX_BYTES)
    return TRUE;
  g_set_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_TOO_BIG,
               _ ("The zone transfer of %s from %s passed %u records (or %u MiB); Aura stopped "
                  "there to keep memory in check."),
               conn->zone, conn->server, transfer->max_records, DNS_AXFR_MAX_BYTES >> 20);
  return FALSE;
}

/* Looks at one message as it arrives, without parsing its records: the
 * header, the types of the records (the transfer opens and closes with the
 * SOA), their count. Parsing waits until the connection is closed, so that
 * a slow parse never stalls the server (some close a connection that does
 * not read for half a second). */
static gboolean
scan_message (Connection *conn, Transfer *transfer, const guint8 *data, gsize len, GError **error)
{
  guint rcode = data[3] & 0x0f;
  guint qdcount = ((guint)data[4] << 8) | data[5];
  guint ancount = ((guint)data[6] << 8) | data[7];
  gsize pos = 12;

  if ((((guint)data[0] << 8) | data[1]) != transfer->id || (data[2] & 0x80) == 0)
    return set_unreadable (conn, error, _ ("not an answer to the query"));
  transfer->messages++;
  if (rcode == LDNS_RCODE_SERVFAIL)
    {
      g_set_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_SERVFAIL,
                   _ ("The name server %s failed during the zone transfer of %s (SERVFAIL)."),
                   conn->server, conn->zone);
      return FALSE;
    }
  if (rcode != LDNS_RCODE_NOERROR)
    return set_refused (conn, error, dns_rcode_to_string (rcode));
  if (transfer->messages == 1 && ancount == 0)
    return set_refused (conn, error, _ ("it answered without any record"));
  for (guint i = 0; i < qdcount; i++)
    if (!skip_name (data, len, &pos) || (pos += 4) > len)
      return set_unreadable (conn, error, _ ("the question is cut short"));
  for (guint i = 0; i < ancount && !transfer->done; i++)
    {
      guint type;
      gsize rdlength;

      if (!skip_name (data, len, &pos) || pos + 10 > len)
        return set_unreadable (conn, error, _ ("a record is cut short"));
      type = ((guint)data[pos] << 8) | data[pos + 1];
      rdlength = ((gsize)data[pos + 8] << 8) | data[pos + 9];
      pos += 10 + rdlength;
      if (pos > len)
        return set_unreadable (conn, error, _ ("a record is cut short"));
      if (transfer->records == 0 && type != AURA_DNS_TYPE_SOA)
        {
          g_set_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_MALFORMED,
                       _ ("The name server %s began the zone transfer of %s without its SOA "
                          "record."),
                       conn->server, conn->zone);
          return FALSE;
        }
      if (type == AURA_DNS_TYPE_SOA && transfer->records > 0)
        transfer->done = TRUE;
      else if (!check_limits (conn, transfer, error))
        return FALSE;
      else
        transfer->records++;
    }
  return TRUE;
}

/* Parses the messages received into records, up to the closing SOA. */
static GPtrArray *
parse_messages (Connection *conn, Transfer *transfer, GError **error)
{
  g_autoptr (GPtrArray) records = dns_record_array_new ();
  guint seen = 0;

  for (guint m = 0; m < transfer->frames->len; m++)
    {
      GBytes *frame = g_ptr_array_index (transfer->frames, m);
      ldns_pkt *packet = NULL;
      ldns_status status;
      ldns_rr_list *answer;

      status = ldns_wire2pkt (&packet, g_bytes_get_data (frame, NULL), g_bytes_get_size (frame));
      if (status != LDNS_STATUS_OK)
        {
          set_unreadable (conn, error, ldns_get_errorstr_by_id (status));
          return NULL;
        }
      answer = ldns_pkt_answer (packet);
      for (gsize i = 0; answer != NULL && i < ldns_rr_list_rr_count (answer); i++)
        {
          ldns_rr *rr = ldns_rr_list_rr (answer, i);
          AuraDnsRecord *record;

          if (seen++ == transfer->records)
            break;
          record = dns_record_from_ldns (rr);
          if (record != NULL)
            g_ptr_array_add (records, record);
        }
      ldns_pkt_free (packet);
    }
  return g_steal_pointer (&records);
}

static gboolean
run_transfer (Connection *conn, Transfer *transfer, GError **error)
{
  g_autofree guint8 *query = NULL;
  gsize size;

  query = build_query (conn->zone, transfer->id, &size, error);
  if (query == NULL || !send_all (conn, query, size, error))
    return FALSE;
  while (!transfer->done)
    {
      guint8 prefix[2];
      g_autofree guint8 *message = NULL;
      gboolean closed;
      gsize len = 0;

      if (!receive_all (conn, prefix, 2, &closed, error) && !closed)
        return FALSE;
      if (!closed)
        {
          len = ((gsize)prefix[0] << 8) | prefix[1];
          if (len < 12)
            {
              g_set_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_MALFORMED,
                           _ ("The name server %s sent a message of %zu bytes during the zone "
                              "transfer of %s, too short to be DNS."),
                           conn->server, len, conn->zone);
              return FALSE;
            }
          message = g_malloc (len);
          if (!receive_all (conn, message, len, &closed, error) && !closed)
            return FALSE;
        }
      if (closed && transfer->messages == 0)
        return set_refused (conn, error, _ ("it closed the connection without answering"));
      if (closed)
        {
          g_set_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_MALFORMED,
                       _ ("The name server %s closed the connection in the middle of the zone "
                          "transfer of %s, after %u records."),
                       conn->server, conn->zone, transfer->records);
          return FALSE;
        }
      transfer->bytes += len;
      if (!scan_message (conn, transfer, message, len, error))
        return FALSE;
      g_ptr_array_add (transfer->frames, g_bytes_new_take (g_steal_pointer (&message), len));
    }
  return TRUE;
}

GPtrArray *
aura_dns_axfr_full (const char *server,
                    const char *zone,
                    guint timeout_ms,
                    guint max_records,
                    gboolean loopback_only,
                    GCancellable *cancellable,
                    GError **error)
{
  g_autofree char *address = NULL;
  g_autofree char *server_text = NULL;
  g_autofree char *name = NULL;
  Connection conn = { 0 };
  Transfer transfer = { 0 };
  GPtrArray *records;
  guint16 port;
  gboolean ok;

  g_return_val_if_fail (server != NULL, NULL);
  g_return_val_if_fail (zone != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!dns_parse_server (server, 53, &address, &port, error))
    return NULL;
  server_text = dns_format_server (address, port);
  if ((loopback_only || dns_loopback_forced ()) && !dns_address_is_loopback (address))
    {
      dns_set_not_loopback (error, server_text);
      return NULL;
    }
  name = aura_dns_normalize_name (zone, error);
  if (name == NULL || g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  conn.cancellable = cancellable;
  conn.timeout_ms = timeout_ms > 0 ? timeout_ms : DNS_DEFAULT_AXFR_TIMEOUT_MS;
  conn.deadline = g_get_monotonic_time () + (gint64)conn.timeout_ms * 1000;
  conn.server = server_text;
  conn.zone = name;
  transfer.frames = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  transfer.max_records = max_records > 0 ? max_records : AURA_DNS_AXFR_MAX_RECORDS;
  transfer.id = (guint16)g_random_int_range (0, 65536);

  g_debug ("asking %s for a transfer of %s", server_text, name);
  ok = connect_to (&conn, address, port, error) && run_transfer (&conn, &transfer, error);
  if (conn.socket != NULL)
    {
      g_socket_close (conn.socket, NULL);
      g_object_unref (conn.socket);
    }
  records = ok ? parse_messages (&conn, &transfer, error) : NULL;
  g_ptr_array_unref (transfer.frames);
  if (records != NULL)
    g_debug ("transfer of %s from %s: %u records in %u messages", name, server_text, records->len,
             transfer.messages);
  return records;
}

GPtrArray *
aura_dns_axfr (const char *server,
               const char *zone,
               guint timeout_ms,
               GCancellable *cancellable,
               GError **error)
{
  return aura_dns_axfr_full (server, zone, timeout_ms, 0, FALSE, cancellable, error);
}

/* In a thread ------------------------------------------------------------------------ */

typedef struct
{
  char *server;
  char *zone;
  guint timeout_ms;
  gboolean loopback_only;
} AxfrJob;

static void
axfr_job_free (gpointer data)
{
  AxfrJob *job = data;

  g_free (job->server);
  g_free (job->zone);
  g_free (job);
}

static void
axfr_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  AxfrJob *job = data;
  GError *error = NULL;
  GPtrArray *records = aura_dns_axfr_full (job->server, job->zone, job->timeout_ms, 0,
                                           job->loopback_only, cancellable, &error);

  if (records == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, records, (GDestroyNotify)g_ptr_array_unref);
}

static void
axfr_start (const char *server,
            const char *zone,
            guint timeout_ms,
            gboolean loopback_only,
            GCancellable *cancellable,
            GAsyncReadyCallback callback,
            gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  AxfrJob *job = g_new0 (AxfrJob, 1);

  g_task_set_source_tag (task, aura_dns_axfr_async);
  job->server = g_strdup (server);
  job->zone = g_strdup (zone);
  job->timeout_ms = timeout_ms;
  job->loopback_only = loopback_only;
  g_task_set_task_data (task, job, axfr_job_free);
  g_task_run_in_thread (task, axfr_thread);
}

void
aura_dns_axfr_async (const char *server,
                     const char *zone,
                     guint timeout_ms,
                     GCancellable *cancellable,
                     GAsyncReadyCallback callback,
                     gpointer user_data)
{
  g_return_if_fail (server != NULL);
  g_return_if_fail (zone != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  axfr_start (server, zone, timeout_ms, FALSE, cancellable, callback, user_data);
}

/**
 * aura_dns_axfr_finish:
 *
 * Returns: (transfer full) (element-type AuraDnsRecord): the zone's
 *   records, or NULL with @error set
 */
GPtrArray *
aura_dns_axfr_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == aura_dns_axfr_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Every name server of a domain -------------------------------------------------------- */

#define MAX_NAMESERVERS 16
#define MAX_ADDRESSES_PER_NAMESERVER 4

typedef struct
{
  char *domain;
  guint16 port;
  guint timeout_ms;
  GPtrArray *slots; /* per name server: GPtrArray of AuraDnsTransfer */
  guint pending;
} Transfers;

typedef struct
{
  GTask *task;
  AuraDnsTransfer *outcome; /* owned by a slot */
} TransferStep;

typedef struct
{
  GTask *task;
  guint slot;
} NameserverStep;

static void
transfers_free (gpointer data)
{
  Transfers *transfers = data;

  g_free (transfers->domain);
  g_ptr_array_unref (transfers->slots);
  g_free (transfers);
}

static void
transfers_step_done (GTask *task)
{
  Transfers *transfers = g_task_get_task_data (task);
  g_autoptr (GPtrArray) outcomes = NULL;

  if (--transfers->pending > 0)
    return;
  if (g_task_return_error_if_cancelled (task))
    return;
  outcomes = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_dns_transfer_free);
  for (guint i = 0; i < transfers->slots->len; i++)
    {
      GPtrArray *slot = g_ptr_array_index (transfers->slots, i);

      while (slot->len > 0)
        g_ptr_array_add (outcomes, g_ptr_array_steal_index (slot, 0));
    }
  g_task_return_pointer (task, g_steal_pointer (&outcomes), (GDestroyNotify)g_ptr_array_unref);
}

static void
axfr_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  TransferStep *step = data;
  g_autoptr (GTask) task = step->task;

  step->outcome->records = aura_dns_axfr_finish (result, &step->outcome->error);
  g_free (step);
  transfers_step_done (task);
}

static AuraDnsTransfer *
add_outcome (GPtrArray *slot, const char *nameserver, const char *server)
{
  AuraDnsTransfer *outcome = g_new0 (AuraDnsTransfer, 1);

  outcome->nameserver = g_strdup (nameserver);
  outcome->server = g_strdup (server);
  g_ptr_array_add (slot, outcome);
  return outcome;
}

/* One outcome per address of the name server in @slot, each transfer
 * started; or, without an address, the slot's outcome says why. */
static void
start_transfers (GTask *task, GPtrArray *slot, AuraDnsChain *chain, GError *error)
{
  AuraDnsClient *client = g_task_get_source_object (task);
  Transfers *transfers = g_task_get_task_data (task);
  AuraDnsTransfer *first = g_ptr_array_index (slot, 0);
  g_autofree char *nameserver = g_strdup (first->nameserver);
  guint n_addresses = chain != NULL ? g_strv_length (chain->addresses) : 0;
  guint16 port = transfers->port > 0 ? transfers->port : 53;
  gboolean loopback_only = aura_dns_client_get_loopback_only (client);

  if (n_addresses == 0)
    {
      if (error != NULL)
        first->error = g_error_copy (error);
      else if (chain->error != NULL)
        first->error = g_error_copy (chain->error);
      else
        first->error = g_error_new (AURA_DNS_ERROR, AURA_DNS_ERROR_NODATA,
                                    _ ("The name server %s has no address."), nameserver);
      return;
    }
  g_ptr_array_set_size (slot, 0);
  for (guint i = 0; i < MIN (n_addresses, MAX_ADDRESSES_PER_NAMESERVER); i++)
    {
      g_autofree char *server = dns_format_server (chain->addresses[i], port);
      AuraDnsTransfer *outcome = add_outcome (slot, nameserver, server);
      TransferStep *step;

      if (loopback_only && !dns_address_is_loopback (chain->addresses[i]))
        {
          dns_set_not_loopback (&outcome->error, server);
          continue;
        }
      step = g_new0 (TransferStep, 1);
      step->task = g_object_ref (task);
      step->outcome = outcome;
      transfers->pending++;
      axfr_start (server, transfers->domain, transfers->timeout_ms, loopback_only,
                  g_task_get_cancellable (task), axfr_done_cb, step);
    }
}

static void
nameserver_resolved_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  NameserverStep *step = data;
  g_autoptr (GTask) task = step->task;
  Transfers *transfers = g_task_get_task_data (task);
  GPtrArray *slot = g_ptr_array_index (transfers->slots, step->slot);
  g_autoptr (AuraDnsChain) chain = NULL;
  g_autoptr (GError) error = NULL;

  g_free (step);
  chain = aura_dns_client_resolve_chain_finish (AURA_DNS_CLIENT (source), result, &error);
  start_transfers (task, slot, chain, error);
  transfers_step_done (task);
}

static void
nameservers_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GTask) task = data;
  AuraDnsClient *client = AURA_DNS_CLIENT (source);
  Transfers *transfers = g_task_get_task_data (task);
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GPtrArray) seen = g_ptr_array_new ();
  GError *error = NULL;

  records = aura_dns_client_lookup_finish (client, result, &error);
  if (records == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  transfers->pending = 1;
  for (guint i = 0; i < records->len && seen->len < MAX_NAMESERVERS; i++)
    {
      const AuraDnsRecord *record = g_ptr_array_index (records, i);
      GPtrArray *slot;
      NameserverStep *step;

      if (record->type != AURA_DNS_TYPE_NS ||
          g_ptr_array_find_with_equal_func (seen, record->target, g_str_equal, NULL))
        continue;
      g_ptr_array_add (seen, record->target);
      slot = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_dns_transfer_free);
      add_outcome (slot, record->target, NULL);
      g_ptr_array_add (transfers->slots, slot);
      step = g_new0 (NameserverStep, 1);
      step->task = g_object_ref (task);
      step->slot = transfers->slots->len - 1;
      transfers->pending++;
      aura_dns_client_resolve_chain_async (client, record->target, g_task_get_cancellable (task),
                                           nameserver_resolved_cb, step);
    }
  transfers_step_done (task);
}

/**
 * aura_dns_client_try_transfers_async:
 * @self: a client
 * @domain: the zone to ask for
 * @port: the port of the name servers (0: 53)
 * @timeout_ms: the time each transfer may take (0: 10 s)
 * @cancellable: (nullable): to stop everything
 * @callback: called in the thread-default main context of the call
 * @user_data: for @callback
 *
 * Tries a zone transfer of @domain from each of its name servers.
 */
void
aura_dns_client_try_transfers_async (AuraDnsClient *self,
                                     const char *domain,
                                     guint16 port,
                                     guint timeout_ms,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char *normalized = NULL;
  GError *error = NULL;
  Transfers *transfers;

  g_return_if_fail (AURA_IS_DNS_CLIENT (self));
  g_return_if_fail (domain != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, aura_dns_client_try_transfers_async);
  normalized = aura_dns_normalize_name (domain, &error);
  if (normalized == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  transfers = g_new0 (Transfers, 1);
  transfers->domain = g_strdup (normalized);
  transfers->port = port;
  transfers->timeout_ms = timeout_ms;
  transfers->slots = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  g_task_set_task_data (task, transfers, transfers_free);
  aura_dns_client_lookup_async (self, normalized, AURA_DNS_TYPE_NS, cancellable, nameservers_cb,
                                g_steal_pointer (&task));
}

/**
 * aura_dns_client_try_transfers_finish:
 *
 * Returns: (transfer full) (element-type AuraDnsTransfer): one outcome per
 *   name server address, or NULL with @error set
 */
GPtrArray *
aura_dns_client_try_transfers_finish (AuraDnsClient *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (
      g_task_get_source_tag (G_TASK (result)) == aura_dns_client_try_transfers_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

GPtrArray *
aura_dns_client_try_transfers_sync (AuraDnsClient *self,
                                    const char *domain,
                                    guint16 port,
                                    guint timeout_ms,
                                    GCancellable *cancellable,
                                    GError **error)
{
  DnsSync sync;
  GPtrArray *outcomes;

  g_return_val_if_fail (AURA_IS_DNS_CLIENT (self), NULL);
  g_return_val_if_fail (domain != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dns_sync_begin (&sync);
  aura_dns_client_try_transfers_async (self, domain, port, timeout_ms, cancellable, dns_sync_cb,
                                       &sync);
  outcomes = aura_dns_client_try_transfers_finish (self, dns_sync_wait (&sync), error);
  dns_sync_end (&sync, self);
  return outcomes;
}
