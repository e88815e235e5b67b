/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-dns"
#include "config.h"

#include <ares.h>
#include <arpa/inet.h>
#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "aura-dns-private.h"

/* AuraDnsClient: the servers, timeouts and loopback rule, and one c-ares
 * channel per main context that asks (a DnsChannel). Each channel's sockets
 * are watched by GSources on its context (sock_state_cb) and c-ares'
 * timeouts by one timer (ares_timeout), so no call blocks and no thread is
 * used. Queries go out with ares_send() so that the whole answer comes back;
 * ldns reads it.
 *
 * A query (DnsQuery) lives until c-ares calls it back, but its GTask can be
 * returned before: on cancellation, or when the lookup's deadline passes
 * (c-ares doubles its timeout at each round of tries; the deadline keeps
 * the promise of AuraDnsClientOptions). At most MAX_IN_FLIGHT queries of a
 * channel are out at once; the deadline of a waiting query starts when it
 * is sent. The _sync calls use a private
 * context whose channel is destroyed at the end; c-ares then calls back the
 * queries abandoned there with ARES_EDESTRUCTION. */

#define DEADLINE_SLACK_MS 250
/* Queries out at once per channel; the others wait their turn. A burst of
 * hundreds of UDP queries overflows socket buffers, and the lost ones cost
 * a whole timeout each. */
#define MAX_IN_FLIGHT 64

struct _AuraDnsClient
{
  GObject parent_instance;

  char **servers; /* "IP:PORT" */
  char *servers_csv;
  char *servers_text;
  guint timeout_ms;
  guint tries;
  gboolean loopback_only;

  GMutex lock;
  GHashTable *channels; /* GMainContext → DnsChannel */
};

G_DEFINE_FINAL_TYPE (AuraDnsClient, aura_dns_client, G_TYPE_OBJECT)

typedef struct
{
  GMainContext *context;
  ares_channel channel;
  GHashTable *sockets; /* fd → GSource */
  GSource *timer;
  GQueue waiting; /* DnsQuery not sent yet */
  guint active;   /* sent, not called back yet */
  guint busy;     /* calls into c-ares under way */
  gboolean orphaned;
  gboolean starting;
  gboolean destroying;
} DnsChannel;

typedef struct
{
  DnsChannel *channel;
  GTask *task; /* NULL once returned */
  char *name;
  guint type;
  guint budget_ms;
  unsigned char *wire; /* until sent */
  int wire_len;
  GSource *deadline;
  GSource *cancel;
} DnsQuery;

static void query_free (DnsQuery *query);

/* Channels ----------------------------------------------------------------------- */

static void channel_reschedule (DnsChannel *channel);

static gboolean
channel_process (DnsChannel *channel, ares_socket_t read_fd, ares_socket_t write_fd);

static gboolean
socket_ready_cb (int fd, GIOCondition condition, gpointer data)
{
  DnsChannel *channel = data;
  ares_socket_t read_fd = ARES_SOCKET_BAD;
  ares_socket_t write_fd = ARES_SOCKET_BAD;

  if (condition & (G_IO_IN | G_IO_ERR | G_IO_HUP))
    read_fd = fd;
  if (condition & G_IO_OUT)
    write_fd = fd;
  if (!channel_process (channel, read_fd, write_fd))
    return G_SOURCE_REMOVE;
  channel_reschedule (channel);
  return G_SOURCE_CONTINUE;
}

static void
sock_state_cb (void *data, ares_socket_t fd, int readable, int writable)
{
  DnsChannel *channel = data;
  GIOCondition condition = 0;
  GSource *source;

  g_hash_table_remove (channel->sockets, GINT_TO_POINTER (fd));
  if ((!readable && !writable) || channel->destroying)
    return;
  if (readable)
    condition |= G_IO_IN;
  if (writable)
    condition |= G_IO_OUT;
  source = g_unix_fd_source_new (fd, condition | G_IO_ERR | G_IO_HUP);
  g_source_set_callback (source, G_SOURCE_FUNC (socket_ready_cb), channel, NULL);
  g_source_set_static_name (source, "[aura-dns] c-ares socket");
  g_source_attach (source, channel->context);
  g_hash_table_insert (channel->sockets, GINT_TO_POINTER (fd), source);
}

static gboolean
timer_cb (gpointer data)
{
  DnsChannel *channel = data;

  g_clear_pointer (&channel->timer, g_source_unref);
  if (channel_process (channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD))
    channel_reschedule (channel);
  return G_SOURCE_REMOVE;
}

static void
source_destroy_unref (gpointer data)
{
  g_source_destroy (data);
  g_source_unref (data);
}

/* Arms the timer for c-ares' next timeout, when it has queries. */
static void
channel_reschedule (DnsChannel *channel)
{
  struct timeval tv;
  guint ms;

  g_clear_pointer (&channel->timer, source_destroy_unref);
  if (channel->destroying || ares_timeout (channel->channel, NULL, &tv) == NULL)
    return;
  ms = (guint)(tv.tv_sec * 1000 + (tv.tv_usec + 999) / 1000);
  channel->timer = g_timeout_source_new (ms);
  g_source_set_callback (channel->timer, timer_cb, channel, NULL);
  g_source_set_static_name (channel->timer, "[aura-dns] c-ares timer");
  g_source_attach (channel->timer, channel->context);
}

static gpointer
ares_global_once (gpointer data)
{
  return GINT_TO_POINTER (ares_library_init (ARES_LIB_INIT_ALL) == ARES_SUCCESS);
}

static gboolean
ares_ready (GError **error)
{
  static GOnce once = G_ONCE_INIT;

  if (GPOINTER_TO_INT (g_once (&once, ares_global_once, NULL)))
    return TRUE;
  g_set_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_FAILED,
               _ ("The c-ares resolver library could not be initialised."));
  return FALSE;
}

static void
channel_destroy (DnsChannel *channel)
{
  channel->destroying = TRUE;
  /* Calls back every query still in flight with ARES_EDESTRUCTION. */
  ares_destroy (channel->channel);
  g_queue_clear_full (&channel->waiting, (GDestroyNotify)query_free);
  g_clear_pointer (&channel->timer, source_destroy_unref);
  g_hash_table_unref (channel->sockets);
  g_main_context_unref (channel->context);
  g_free (channel);
}

/* A callback run from inside c-ares can drop the last reference to the
 * client; the channel then outlives it until c-ares has returned. */
static void
channel_free (DnsChannel *channel)
{
  if (channel->busy > 0)
    {
      g_debug ("client gone during a c-ares call: its channel goes after it");
      channel->orphaned = TRUE;
    }
  else
    channel_destroy (channel);
}

/* Lets c-ares read and time out; FALSE when the channel was freed meanwhile
 * (it must not be touched then). */
static gboolean
channel_process (DnsChannel *channel, ares_socket_t read_fd, ares_socket_t write_fd)
{
  channel->busy++;
  ares_process_fd (channel->channel, read_fd, write_fd);
  channel->busy--;
  if (channel->orphaned && channel->busy == 0)
    {
      channel_destroy (channel);
      return FALSE;
    }
  return TRUE;
}

static DnsChannel *
channel_new (AuraDnsClient *self, GMainContext *context, GError **error)
{
  DnsChannel *channel = g_new0 (DnsChannel, 1);
  struct ares_options options = { 0 };
  int status;

  channel->context = g_main_context_ref (context);
  channel->sockets = g_hash_table_new_full (NULL, NULL, NULL, source_destroy_unref);
  options.sock_state_cb = sock_state_cb;
  options.sock_state_cb_data = channel;
  options.timeout = (int)self->timeout_ms;
  options.tries = (int)self->tries;
  /* c-ares 1.18 would turn SERVFAIL and REFUSED answers into "could not
   * contact the servers" once every server has given one: take every answer
   * as it is, and tell the rcodes apart here. */
  options.flags = ARES_FLAG_NOCHECKRESP;
  /* The servers were read once, at construction: every channel asks the
   * same, and loopback-only mode checked them. */
  status = ares_init_options (&channel->channel, &options,
                              ARES_OPT_FLAGS | ARES_OPT_SOCK_STATE_CB | ARES_OPT_TIMEOUTMS |
                                  ARES_OPT_TRIES);
  if (status == ARES_SUCCESS)
    status = ares_set_servers_ports_csv (channel->channel, self->servers_csv);
  if (status != ARES_SUCCESS)
    {
      g_set_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_FAILED,
                   _ ("The DNS resolver could not be set up: %s."), ares_strerror (status));
      if (channel->channel != NULL)
        ares_destroy (channel->channel);
      g_hash_table_unref (channel->sockets);
      g_main_context_unref (channel->context);
      g_free (channel);
      return NULL;
    }
  return channel;
}

/* The channel for the thread-default main context, made on first use. */
static DnsChannel *
get_channel (AuraDnsClient *self, GError **error)
{
  g_autoptr (GMainContext) context = g_main_context_ref_thread_default ();
  DnsChannel *channel;

  g_mutex_lock (&self->lock);
  channel = g_hash_table_lookup (self->channels, context);
  if (channel == NULL)
    {
      channel = channel_new (self, context, error);
      if (channel != NULL)
        g_hash_table_insert (self->channels, context, channel);
    }
  g_mutex_unlock (&self->lock);
  return channel;
}

void
dns_client_forget_context (AuraDnsClient *self, GMainContext *context)
{
  DnsChannel *channel;

  g_mutex_lock (&self->lock);
  channel = g_hash_table_lookup (self->channels, context);
  if (channel != NULL)
    g_hash_table_steal (self->channels, context);
  g_mutex_unlock (&self->lock);
  if (channel != NULL)
    channel_free (channel);
}

/* The object ------------------------------------------------------------------------ */

static void
aura_dns_client_finalize (GObject *object)
{
  AuraDnsClient *self = AURA_DNS_CLIENT (object);

  g_hash_table_unref (self->channels);
  g_mutex_clear (&self->lock);
  g_strfreev (self->servers);
  g_free (self->servers_csv);
  g_free (self->servers_text);

  G_OBJECT_CLASS (aura_dns_client_parent_class)->finalize (object);
}

static void
aura_dns_client_class_init (AuraDnsClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = aura_dns_client_finalize;
}

static void
aura_dns_client_init (AuraDnsClient *self)
{
  g_mutex_init (&self->lock);
  self->channels = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify)channel_free);
}

/* The servers of /etc/resolv.conf, as c-ares reads them. */
static GPtrArray *
system_servers (GError **error)
{
  g_autoptr (GPtrArray) servers = g_ptr_array_new_with_free_func (g_free);
  struct ares_addr_port_node *nodes = NULL;
  ares_channel channel = NULL;
  int status;

  status = ares_init (&channel);
  if (status == ARES_SUCCESS)
    status = ares_get_servers_ports (channel, &nodes);
  if (status != ARES_SUCCESS)
    {
      g_set_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_FAILED,
                   _ ("The DNS servers of /etc/resolv.conf could not be read: %s."),
                   ares_strerror (status));
      if (channel != NULL)
        ares_destroy (channel);
      return NULL;
    }
  for (struct ares_addr_port_node *node = nodes; node != NULL; node = node->next)
    {
      char text[INET6_ADDRSTRLEN];
      int port = node->udp_port > 0 ? node->udp_port : 53;

      if (inet_ntop (node->family, &node->addr, text, sizeof text) != NULL)
        g_ptr_array_add (servers, dns_format_server (text, (guint16)port));
    }
  ares_free_data (nodes);
  ares_destroy (channel);
  return g_steal_pointer (&servers);
}

/* Fills self->servers from the options (or the system's), checking each
 * against loopback-only mode before anything is sent. */
static gboolean
set_servers (AuraDnsClient *self, const char *const *entries, GError **error)
{
  g_autoptr (GPtrArray) servers = NULL;
  g_autoptr (GString) csv = g_string_new (NULL);

  if (entries != NULL && entries[0] != NULL)
    {
      servers = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; entries[i] != NULL; i++)
        {
          g_autofree char *address = NULL;
          guint16 port;

          if (!dns_parse_server (entries[i], 53, &address, &port, error))
            return FALSE;
          g_ptr_array_add (servers, dns_format_server (address, port));
        }
    }
  else
    {
      servers = system_servers (error);
      if (servers == NULL)
        return FALSE;
    }

  for (guint i = 0; i < servers->len; i++)
    {
      const char *server = g_ptr_array_index (servers, i);
      g_autofree char *address = NULL;
      guint16 port;

      if (!dns_parse_server (server, 53, &address, &port, error))
        return FALSE;
      if (self->loopback_only && !dns_address_is_loopback (address))
        {
          dns_set_not_loopback (error, server);
          return FALSE;
        }
      if (csv->len > 0)
        g_string_append_c (csv, ',');
      g_string_append (csv, server);
    }
  if (servers->len == 0)
    {
      g_set_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_FAILED,
                   _ ("No DNS server is configured (/etc/resolv.conf names none)."));
      return FALSE;
    }
  self->servers_csv = g_string_free (g_steal_pointer (&csv), FALSE);
  g_ptr_array_add (servers, NULL);
  self->servers = (char **)g_ptr_array_free (g_steal_pointer (&servers), FALSE);
  self->servers_text = g_strjoinv (", ", self->servers);
  return TRUE;
}

/**
 * aura_dns_client_new:
 * @options: (nullable): servers, timeout, tries, loopback-only mode
 * @error: where to put the reason it cannot be made
 *
 * Returns: (transfer full): a client, or NULL with @error set
 */
AuraDnsClient *
aura_dns_client_new (const AuraDnsClientOptions *options, GError **error)
{
  g_autoptr (AuraDnsClient) self = NULL;
  AuraDnsClientOptions defaults = { 0 };

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options == NULL)
    options = &defaults;
  if (!ares_ready (error))
    return NULL;
  self = g_object_new (AURA_TYPE_DNS_CLIENT, NULL);
  self->timeout_ms = options->timeout_ms > 0 ? options->timeout_ms : DNS_DEFAULT_TIMEOUT_MS;
  self->tries = options->tries > 0 ? options->tries : DNS_DEFAULT_TRIES;
  self->loopback_only = options->loopback_only || dns_loopback_forced ();
  if (!set_servers (self, options->servers, error))
    return NULL;
  return g_steal_pointer (&self);
}

char **
aura_dns_client_get_servers (AuraDnsClient *self)
{
  g_return_val_if_fail (AURA_IS_DNS_CLIENT (self), NULL);

  return g_strdupv (self->servers);
}

gboolean
aura_dns_client_get_loopback_only (AuraDnsClient *self)
{
  g_return_val_if_fail (AURA_IS_DNS_CLIENT (self), FALSE);

  return self->loopback_only;
}

const char *
dns_client_describe_servers (AuraDnsClient *self)
{
  return self->servers_text;
}

/* Queries ----------------------------------------------------------------------------- */

static void
query_free (DnsQuery *query)
{
  g_clear_pointer (&query->deadline, source_destroy_unref);
  g_clear_pointer (&query->cancel, source_destroy_unref);
  g_clear_object (&query->task);
  g_clear_pointer (&query->wire, ares_free_string);
  g_free (query->name);
  g_free (query);
}

/* Hands @error to the caller now; c-ares calls the query back later. */
static void
query_return_error (DnsQuery *query, GError *error)
{
  GTask *task = g_steal_pointer (&query->task);

  g_clear_pointer (&query->deadline, source_destroy_unref);
  g_clear_pointer (&query->cancel, source_destroy_unref);
  g_task_return_error (task, error);
  g_object_unref (task);
}

static GError *
timeout_error (AuraDnsClient *self, DnsQuery *query)
{
  return g_error_new (AURA_DNS_ERROR, AURA_DNS_ERROR_TIMEOUT,
                      _ ("No answer from the DNS server %s for “%s” (%s) within %u ms. The "
                         "server may be down or slow; try again, or allow a longer timeout."),
                      self->servers_text, query->name, aura_dns_type_to_string (query->type),
                      query->budget_ms);
}

static gboolean
deadline_cb (gpointer data)
{
  DnsQuery *query = data;
  AuraDnsClient *self = g_task_get_source_object (query->task);

  g_clear_pointer (&query->deadline, g_source_unref);
  query_return_error (query, timeout_error (self, query));
  return G_SOURCE_REMOVE;
}

static gboolean
cancelled_cb (GCancellable *cancellable, gpointer data)
{
  DnsQuery *query = data;
  /* Not sent yet: c-ares does not know it, so it ends here. */
  gboolean waiting = query->wire != NULL && g_queue_remove (&query->channel->waiting, query);
  GError *error = NULL;

  g_clear_pointer (&query->cancel, g_source_unref);
  g_cancellable_set_error_if_cancelled (cancellable, &error);
  if (waiting)
    {
      GTask *task = g_steal_pointer (&query->task);

      query_free (query);
      g_task_return_error (task, error);
      g_object_unref (task);
    }
  else
    /* Returning may drop the last reference to the client, and with it
     * the query: it is not touched after this. */
    query_return_error (query, error);
  return G_SOURCE_REMOVE;
}

static GError *
status_error (AuraDnsClient *self, DnsQuery *query, int status)
{
  const char *type = aura_dns_type_to_string (query->type);

  switch (status)
    {
      case ARES_ETIMEOUT:
        return timeout_error (self, query);
      case ARES_ECONNREFUSED:
        return g_error_new (AURA_DNS_ERROR, AURA_DNS_ERROR_UNREACHABLE,
                            _ ("The DNS server %s could not be reached for “%s”: the connection "
                               "was refused. Check that a DNS server listens at that address and "
                               "port."),
                            self->servers_text, query->name);
      case ARES_ESERVFAIL:
        return g_error_new (AURA_DNS_ERROR, AURA_DNS_ERROR_SERVFAIL,
                            _ ("The DNS server %s failed to answer for “%s” (%s, SERVFAIL); the "
                               "domain’s own name servers may be broken or unreachable."),
                            self->servers_text, query->name, type);
      case ARES_EREFUSED:
        return g_error_new (AURA_DNS_ERROR, AURA_DNS_ERROR_REFUSED,
                            _ ("The DNS server %s refused to answer for “%s” (%s, REFUSED): it "
                               "does not serve that name, or not to you."),
                            self->servers_text, query->name, type);
      case ARES_EBADRESP:
      case ARES_EFORMERR:
      case ARES_ENOTIMP:
        return g_error_new (AURA_DNS_ERROR, AURA_DNS_ERROR_MALFORMED,
                            _ ("The DNS server %s gave an unusable answer for “%s” (%s): %s."),
                            self->servers_text, query->name, type, ares_strerror (status));
      case ARES_ECANCELLED:
      case ARES_EDESTRUCTION:
        return g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED, _ ("The lookup of “%s” was stopped."),
                            query->name);
      default:
        return g_error_new (AURA_DNS_ERROR, AURA_DNS_ERROR_FAILED,
                            _ ("The lookup of “%s” (%s) failed: %s."), query->name, type,
                            ares_strerror (status));
    }
}

static DnsAnswer *
read_answer (
    AuraDnsClient *self, DnsQuery *query, const unsigned char *abuf, int alen, GError **error)
{
  g_autoptr (DnsAnswer) answer = g_new0 (DnsAnswer, 1);
  ldns_pkt *packet = NULL;
  ldns_status status = ldns_wire2pkt (&packet, abuf, (size_t)MAX (alen, 0));
  ldns_rr_list *section;

  if (status != LDNS_STATUS_OK)
    {
      g_set_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_MALFORMED,
                   _ ("The DNS server %s sent an answer for “%s” that cannot be read (%s)."),
                   self->servers_text, query->name, ldns_get_errorstr_by_id (status));
      return NULL;
    }
  answer->rcode = ldns_pkt_get_rcode (packet);
  answer->records = dns_record_array_new ();
  section = ldns_pkt_answer (packet);
  for (size_t i = 0; section != NULL && i < ldns_rr_list_rr_count (section); i++)
    {
      AuraDnsRecord *record = dns_record_from_ldns (ldns_rr_list_rr (section, i));

      if (record != NULL)
        g_ptr_array_add (answer->records, record);
    }
  ldns_pkt_free (packet);
  return g_steal_pointer (&answer);
}

static void start_waiting (DnsChannel *channel);

static void
answer_cb (void *data, int status, int timeouts, unsigned char *abuf, int alen)
{
  DnsQuery *query = data;
  DnsChannel *channel = query->channel;
  AuraDnsClient *self;
  GError *error = NULL;
  DnsAnswer *answer = NULL;

  channel->active--;
  if (query->task == NULL)
    {
      /* Returned already (cancelled, or past its deadline). */
      query_free (query);
      start_waiting (channel);
      return;
    }
  self = g_task_get_source_object (query->task);
  g_debug ("answer for %s %s: %s after %d timeouts", query->name,
           aura_dns_type_to_string (query->type), ares_strerror (status), timeouts);
  if (status == ARES_SUCCESS && abuf != NULL)
    answer = read_answer (self, query, abuf, alen, &error);
  else
    error = status_error (self, query, status == ARES_SUCCESS ? ARES_EBADRESP : status);
  if (answer != NULL)
    g_task_return_pointer (query->task, answer, (GDestroyNotify)dns_answer_free);
  else
    g_task_return_error (query->task, error);
  query_free (query);
  start_waiting (channel);
}

static void
query_send (DnsQuery *query)
{
  DnsChannel *channel = query->channel;
  AuraDnsClient *self = g_task_get_source_object (query->task);
  unsigned char *wire = g_steal_pointer (&query->wire);

  query->deadline = g_timeout_source_new (query->budget_ms + DEADLINE_SLACK_MS);
  g_source_set_callback (query->deadline, deadline_cb, query, NULL);
  g_source_set_static_name (query->deadline, "[aura-dns] lookup deadline");
  g_source_attach (query->deadline, channel->context);
  g_debug ("asking %s for %s %s", self->servers_text, query->name,
           aura_dns_type_to_string (query->type));
  channel->active++;
  /* c-ares may call answer_cb() before returning (no usable server). */
  ares_send (channel->channel, wire, query->wire_len, answer_cb, query);
  ares_free_string (wire);
}

/* Sends waiting queries while there is room. Not reentrant: a query
 * answered during ares_send() lands here again, and the outer loop goes
 * on. */
static void
start_waiting (DnsChannel *channel)
{
  if (channel->starting || channel->destroying)
    return;
  channel->starting = TRUE;
  channel->busy++;
  while (channel->active < MAX_IN_FLIGHT && channel->waiting.length > 0 && !channel->orphaned)
    query_send (g_queue_pop_head (&channel->waiting));
  channel->busy--;
  channel->starting = FALSE;
  if (channel->orphaned && channel->busy == 0)
    channel_destroy (channel);
  else
    channel_reschedule (channel);
}

void
dns_client_query_async (AuraDnsClient *self,
                        const char *name,
                        guint type,
                        GCancellable *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;
  DnsChannel *channel;
  DnsQuery *query;
  unsigned char *buffer = NULL;
  int length = 0;
  int status;

  g_task_set_source_tag (task, dns_client_query_async);
  if (g_task_return_error_if_cancelled (task))
    return;
  channel = get_channel (self, &error);
  if (channel == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  status = ares_create_query (name, 1 /* IN */, (int)type, 0, 1, &buffer, &length, 0);
  if (status != ARES_SUCCESS)
    {
      g_task_return_new_error (task, AURA_DNS_ERROR, AURA_DNS_ERROR_INVALID_NAME,
                               _ ("“%s” cannot be looked up: %s."), name, ares_strerror (status));
      return;
    }

  query = g_new0 (DnsQuery, 1);
  query->channel = channel;
  query->task = g_steal_pointer (&task);
  query->name = g_strdup (name);
  query->type = type;
  query->budget_ms = self->timeout_ms * self->tries * MAX (1, g_strv_length (self->servers));
  query->wire = buffer;
  query->wire_len = length;
  if (cancellable != NULL)
    {
      query->cancel = g_cancellable_source_new (cancellable);
      g_source_set_callback (query->cancel, G_SOURCE_FUNC (cancelled_cb), query, NULL);
      g_source_attach (query->cancel, channel->context);
    }
  g_queue_push_tail (&channel->waiting, query);
  start_waiting (channel);
}

DnsAnswer *
dns_client_query_finish (AuraDnsClient *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Synchronous calls ------------------------------------------------------------------ */

void
dns_sync_begin (DnsSync *sync)
{
  sync->context = g_main_context_new ();
  sync->result = NULL;
  g_main_context_push_thread_default (sync->context);
}

void
dns_sync_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  DnsSync *sync = data;

  sync->result = g_object_ref (result);
}

/* Every operation ends within its deadlines, so this returns. */
GAsyncResult *
dns_sync_wait (DnsSync *sync)
{
  while (sync->result == NULL)
    g_main_context_iteration (sync->context, TRUE);
  g_main_context_pop_thread_default (sync->context);
  return sync->result;
}

void
dns_sync_end (DnsSync *sync, AuraDnsClient *client)
{
  g_clear_object (&sync->result);
  if (client != NULL)
    dns_client_forget_context (client, sync->context);
  /* Run what destroying the channel scheduled, then let the context go. */
  while (g_main_context_iteration (sync->context, FALSE))
    ;
  g_clear_pointer (&sync->context, g_main_context_unref);
}
