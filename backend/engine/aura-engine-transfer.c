/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-engine"
#include "config.h"

#include <arpa/inet.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "aura-engine-private.h"

/* One request through the engine, as a state machine (see TransferState in
 * aura-engine-private.h). begin() is the INIT state: it parses the URL,
 * picks a proxy and asks for the names to resolve; resolved_cb() moves to
 * WAITING in the host's queue; the host scheduler calls
 * engine_transfer_run() (RUNNING); engine_transfer_attempt_done() decides
 * between DONE, a redirect (back to INIT) and a retry (BACKOFF, then INIT). */

static const char *const state_names[] = {
  [TRANSFER_INIT] = "init",       [TRANSFER_RESOLVING] = "resolving",
  [TRANSFER_WAITING] = "waiting", [TRANSFER_RUNNING] = "running",
  [TRANSFER_BACKOFF] = "backoff", [TRANSFER_DONE] = "done",
};

static void begin (AuraEngine *self, EngineTransfer *transfer);

void
engine_transfer_set_state (EngineTransfer *transfer, TransferState state)
{
  AuraEngine *self = transfer->engine;
  TransferState old = transfer->state;
  const char *query;

  if (old == state)
    return;
  /* The query string is left out of the log: some services take an API
   * key there, and debug logs get pasted into bug reports. */
  query = strchr (transfer->url, '?');
  g_debug ("transfer %" G_GUINT64_FORMAT " %s → %s (%.*s%s)", transfer->id, state_names[old],
           state_names[state],
           query != NULL ? (int)(query - transfer->url) : (int)strlen (transfer->url),
           transfer->url, query != NULL ? "?…" : "");
  transfer->state = state;
  if (state == TRANSFER_RUNNING)
    engine_stats_update (self, 1, -1, 0, 0, 0, 0, 0);
  else if (old == TRANSFER_RUNNING)
    engine_stats_update (self, -1, 1, 0, 0, 0, 0, 0);
}

EngineTransfer *
engine_transfer_new (const AuraHttpRequest *request)
{
  EngineTransfer *transfer = g_new0 (EngineTransfer, 1);

  transfer->state = TRANSFER_INIT;
  transfer->method = g_ascii_strup (request->method != NULL ? request->method : "GET", -1);
  transfer->url = g_strdup (request->url);
  transfer->original_url = g_strdup (request->url);
  transfer->headers = g_strdupv ((char **)request->headers);
  if (request->body != NULL)
    transfer->body = g_bytes_new (request->body, request->body_len);
  transfer->follow_redirects = request->follow_redirects;
  transfer->max_redirects = request->max_redirects;
  transfer->max_body = request->max_body;
  transfer->timeout_ms = request->timeout_ms;
  transfer->max_retries = request->max_retries;
  transfer->proxy_key = g_strdup (request->proxy_key);
  transfer->group = request->group;
  return transfer;
}

static void
clear_attempt (EngineTransfer *transfer)
{
  g_clear_pointer (&transfer->easy, curl_easy_cleanup);
  g_clear_pointer (&transfer->curl_headers, curl_slist_free_all);
  g_clear_pointer (&transfer->body_buf, g_byte_array_unref);
  g_clear_pointer (&transfer->resp_headers, g_hash_table_unref);
  g_clear_pointer (&transfer->refused_address, g_free);
  g_clear_pointer (&transfer->errbuf, g_free);
  transfer->truncated = FALSE;
}

void
engine_transfer_free (EngineTransfer *transfer)
{
  clear_attempt (transfer);
  g_clear_pointer (&transfer->curl_resolve, curl_slist_free_all);
  g_clear_pointer (&transfer->names, g_ptr_array_unref);
  if (transfer->backoff_timer != NULL)
    {
      g_source_destroy (transfer->backoff_timer);
      g_clear_pointer (&transfer->backoff_timer, g_source_unref);
    }
  g_free (transfer->method);
  g_free (transfer->url);
  g_free (transfer->original_url);
  g_strfreev (transfer->headers);
  g_clear_pointer (&transfer->body, g_bytes_unref);
  g_free (transfer->proxy_key);
  g_free (transfer->host);
  g_clear_pointer (&transfer->caller_context, g_main_context_unref);
  g_free (transfer);
}

gboolean
engine_is_ip_literal (const char *host)
{
  return g_hostname_is_ip_address (host);
}

gboolean
engine_address_is_loopback (const char *address)
{
  g_autoptr (GInetAddress) inet = g_inet_address_new_from_string (address);

  return inet != NULL && g_inet_address_get_is_loopback (inet);
}

/* Finishes @transfer with @response (transfer full). The caller pumps the
 * host queues afterwards when a slot was freed. */
static void
finish (AuraEngine *self, EngineTransfer *transfer, AuraHttpResponse *response)
{
  g_free (response->url);
  response->url = g_strdup (transfer->original_url);
  response->retries = transfer->retries;
  response->n_redirects = transfer->n_redirects;
  engine_proxy_release (transfer);
  engine_transfer_set_state (transfer, TRANSFER_DONE);
  engine_deliver (self, transfer, response);
}

void
engine_transfer_fail (AuraEngine *self,
                      EngineTransfer *transfer,
                      AuraHttpOutcome outcome,
                      const char *message)
{
  AuraHttpResponse *response = aura_http_response_new (transfer->original_url);

  response->outcome = outcome;
  response->error_message = g_strdup (message);
  if (transfer->proxy != NULL)
    response->proxy = g_strdup (transfer->proxy->display);
  finish (self, transfer, response);
}

void
engine_transfer_cancel (AuraEngine *self, EngineTransfer *transfer)
{
  switch (transfer->state)
    {
      case TRANSFER_INIT:
        break;
      case TRANSFER_RESOLVING:
        engine_resolver_forget (self->resolver, transfer);
        break;
      case TRANSFER_WAITING:
        engine_host_dequeue (self, transfer);
        break;
      case TRANSFER_RUNNING:
        engine_curl_remove (self, transfer);
        engine_host_release (self, transfer);
        break;
      case TRANSFER_BACKOFF:
        g_source_destroy (transfer->backoff_timer);
        g_clear_pointer (&transfer->backoff_timer, g_source_unref);
        break;
      case TRANSFER_DONE:
      default:
        g_assert_not_reached ();
    }
  engine_transfer_fail (self, transfer, AURA_HTTP_ERROR_CANCELLED,
                        _ ("The request was cancelled."));
}

/* Resolution ------------------------------------------------------------ */

static void resolve_next (AuraEngine *self, EngineTransfer *transfer);

/* How curl learns the addresses we found: a RESOLVE entry
 * ("host:port:address[,address…]") per name, so curl connects there while
 * the Host header, the TLS name and its connection-cache key stay the
 * host's. Two traps, both quadratic over thousands of hosts, are avoided:
 * curl prunes its DNS cache (a walk over every entry) at each lookup unless
 * CURLOPT_DNS_CACHE_TIMEOUT is -1, which setup_easy() sets since our own
 * cache decides how long an answer lives; and CONNECT_TO with an address
 * would key every connection under that address, so that curl walks one
 * bundle of thousands of connections for each new transfer. */
static void
add_address_entry (EngineTransfer *transfer, const char *name_port, GPtrArray *addresses)
{
  g_autoptr (GString) entry = g_string_new (name_port);

  g_string_append_c (entry, ':');
  for (guint i = 0; i < addresses->len; i++)
    {
      const char *address = g_ptr_array_index (addresses, i);

      if (i > 0)
        g_string_append_c (entry, ',');
      if (strchr (address, ':') != NULL)
        g_string_append_printf (entry, "[%s]", address);
      else
        g_string_append (entry, address);
    }
  transfer->curl_resolve = curl_slist_append (transfer->curl_resolve, entry->str);
}

static void
resolved_cb (EngineTransfer *transfer, const EngineAddresses *result)
{
  AuraEngine *self = transfer->engine;
  g_autofree char *name_port = g_ptr_array_steal_index (transfer->names, 0);
  g_autoptr (GPtrArray) allowed = g_ptr_array_new ();
  const char *colon = strrchr (name_port, ':');
  g_autofree char *name = g_strndup (name_port, colon - name_port);

  if (!result->ok)
    {
      engine_transfer_fail (self, transfer, AURA_HTTP_ERROR_DNS, result->error_message);
      return;
    }
  for (guint i = 0; i < result->addresses->len; i++)
    {
      const char *address = g_ptr_array_index (result->addresses, i);

      if (!self->loopback_only || engine_address_is_loopback (address))
        g_ptr_array_add (allowed, (gpointer)address);
    }
  if (allowed->len == 0)
    {
      g_autofree char *message = g_strdup_printf (
          _ ("Refused to connect to “%s” (%s): this engine only connects to loopback addresses."),
          name, (const char *)g_ptr_array_index (result->addresses, 0));

      engine_transfer_fail (self, transfer, AURA_HTTP_ERROR_CONNECT, message);
      return;
    }
  /* curl is never given a name it would resolve itself, except IP
   * literals, which it does not resolve. */
  if (!engine_is_ip_literal (name))
    add_address_entry (transfer, name_port, allowed);
  transfer->target_pending = FALSE;
  resolve_next (self, transfer);
}

/* Resolves the next pending name, or queues the transfer on its host when
 * none is left. May finish @transfer: the caller must not touch it after. */
static void
resolve_next (AuraEngine *self, EngineTransfer *transfer)
{
  const char *name_port;
  const char *colon;
  g_autofree char *name = NULL;
  const char *override;

  if (transfer->names->len == 0)
    {
      engine_host_enqueue (self, transfer);
      engine_hosts_pump (self);
      return;
    }
  name_port = g_ptr_array_index (transfer->names, 0);
  colon = strrchr (name_port, ':');
  name = g_strndup (name_port, colon - name_port);
  override = engine_overrides_match (self->overrides, name);
  if (override != NULL || engine_is_ip_literal (name))
    {
      g_autoptr (GPtrArray) addresses = g_ptr_array_new_with_free_func (g_free);
      EngineAddresses result = { TRUE, addresses, NULL };

      g_ptr_array_add (addresses, g_strdup (override != NULL ? override : name));
      resolved_cb (transfer, &result);
      return;
    }
  engine_transfer_set_state (transfer, TRANSFER_RESOLVING);
  engine_resolver_lookup (self->resolver, transfer, name, resolved_cb);
}

static gboolean
parse_url (EngineTransfer *transfer, char **message)
{
  g_autoptr (CURLU) url = curl_url ();
  char *scheme = NULL;
  char *host = NULL;
  char *port = NULL;
  gsize len;

  if (curl_url_set (url, CURLUPART_URL, transfer->url, 0) != CURLUE_OK ||
      curl_url_get (url, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
      (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0) ||
      curl_url_get (url, CURLUPART_HOST, &host, CURLU_PUNYCODE) != CURLUE_OK ||
      curl_url_get (url, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) != CURLUE_OK)
    {
      curl_free (scheme);
      curl_free (host);
      curl_free (port);
      *message = g_strdup_printf (_ ("“%s” is not an http or https URL."), transfer->url);
      return FALSE;
    }
  len = strlen (host);
  g_free (transfer->host);
  /* IPv6 literals come in brackets. */
  if (len > 2 && host[0] == '[' && host[len - 1] == ']')
    transfer->host = g_ascii_strdown (host + 1, len - 2);
  else
    transfer->host = g_ascii_strdown (host, -1);
  transfer->port = strtol (port, NULL, 10);
  curl_free (scheme);
  curl_free (host);
  curl_free (port);
  return TRUE;
}

/* The INIT state: (re)starts the request on transfer->url. */
static void
begin (AuraEngine *self, EngineTransfer *transfer)
{
  g_autofree char *message = NULL;

  engine_transfer_set_state (transfer, TRANSFER_INIT);
  g_clear_pointer (&transfer->curl_resolve, curl_slist_free_all);
  g_clear_pointer (&transfer->names, g_ptr_array_unref);
  transfer->names = g_ptr_array_new_with_free_func (g_free);
  transfer->target_pending = FALSE;
  if (!parse_url (transfer, &message))
    {
      engine_transfer_fail (self, transfer, AURA_HTTP_ERROR_FAILED, message);
      return;
    }
  engine_proxy_release (transfer);
  if (self->proxies->len > 0)
    {
      transfer->proxy = engine_proxies_choose (self, transfer);
      if (transfer->proxy == NULL)
        {
          engine_transfer_fail (self, transfer, AURA_HTTP_ERROR_PROXY,
                                _ ("Every proxy is failing; none was tried. They are tried "
                                   "again after their cool-down."));
          return;
        }
    }
  /* A proxy that resolves names gets the target's name as it is. */
  transfer->target_pending = transfer->proxy == NULL || !transfer->proxy->remote_dns;
  if (transfer->target_pending)
    g_ptr_array_add (transfer->names, g_strdup_printf ("%s:%ld", transfer->host, transfer->port));
  if (transfer->proxy != NULL)
    g_ptr_array_add (transfer->names,
                     g_strdup_printf ("%s:%ld", transfer->proxy->host, transfer->proxy->port));
  resolve_next (self, transfer);
}

void
engine_transfer_start (AuraEngine *self, EngineTransfer *transfer)
{
  if (transfer->timeout_ms == 0)
    transfer->timeout_ms = self->timeout_ms;
  if (transfer->max_body == 0)
    transfer->max_body = self->max_body;
  if (transfer->max_redirects == 0)
    transfer->max_redirects = self->max_redirects;
  if (transfer->max_retries < 0)
    transfer->max_retries = (int)self->max_retries;
  begin (self, transfer);
}

/* Running ---------------------------------------------------------------- */

static size_t
write_cb (char *data, size_t size, size_t n, void *user_data)
{
  EngineTransfer *transfer = user_data;
  gsize len = size * n;
  gsize room = transfer->max_body - MIN (transfer->body_buf->len, transfer->max_body);

  if (len > room)
    {
      /* Keep what fits and stop the transfer: a huge page is never read
       * whole. curl reports a write error, which attempt_done() knows. */
      g_byte_array_append (transfer->body_buf, (const guint8 *)data, room);
      transfer->truncated = TRUE;
      return 0;
    }
  g_byte_array_append (transfer->body_buf, (const guint8 *)data, len);
  return len;
}

static size_t
header_cb (char *data, size_t size, size_t n, void *user_data)
{
  EngineTransfer *transfer = user_data;
  gsize len = size * n;
  g_autofree char *line = g_strndup (data, len);
  char *colon;
  char *name;
  const char *old;

  g_strchomp (line);
  /* A new header block (after a redirect, 100 Continue or a proxy's
   * CONNECT answer): only the last one counts. */
  if (g_str_has_prefix (line, "HTTP/"))
    {
      g_hash_table_remove_all (transfer->resp_headers);
      return len;
    }
  colon = strchr (line, ':');
  if (colon == NULL || colon == line)
    return len;
  *colon = '\0';
  name = g_ascii_strdown (g_strstrip (line), -1);
  old = g_hash_table_lookup (transfer->resp_headers, name);
  if (old != NULL)
    g_hash_table_insert (transfer->resp_headers, name,
                         g_strconcat (old, ", ", g_strstrip (colon + 1), NULL));
  else
    g_hash_table_insert (transfer->resp_headers, name, g_strdup (g_strstrip (colon + 1)));
  return len;
}

static gboolean
sockaddr_is_loopback (const struct sockaddr *address)
{
  if (address->sa_family == AF_INET)
    {
      const struct sockaddr_in *in = (const struct sockaddr_in *)(gconstpointer)address;

      return (ntohl (in->sin_addr.s_addr) >> 24) == 127;
    }
  if (address->sa_family == AF_INET6)
    {
      const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)(gconstpointer)address;

      return IN6_IS_ADDR_LOOPBACK (&in6->sin6_addr);
    }
  return FALSE;
}

/* The last guard of loopback_only: curl asks for every socket here before
 * connecting, proxies included, so no packet leaves for a refused
 * address. */
static curl_socket_t
open_socket_cb (void *user_data, curlsocktype purpose, struct curl_sockaddr *address)
{
  EngineTransfer *transfer = user_data;
  AuraEngine *self = transfer->engine;

  if (self->loopback_only && !sockaddr_is_loopback (&address->addr))
    {
      char text[INET6_ADDRSTRLEN] = "?";

      if (address->family == AF_INET)
        inet_ntop (AF_INET, &((struct sockaddr_in *)(gpointer)&address->addr)->sin_addr, text,
                   sizeof text);
      else if (address->family == AF_INET6)
        inet_ntop (AF_INET6, &((struct sockaddr_in6 *)(gpointer)&address->addr)->sin6_addr, text,
                   sizeof text);
      g_free (transfer->refused_address);
      transfer->refused_address = g_strdup (text);
      return CURL_SOCKET_BAD;
    }
  return socket (address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

static gboolean
has_header (EngineTransfer *transfer, const char *name)
{
  gsize len = strlen (name);

  for (guint i = 0; transfer->headers != NULL && transfer->headers[i] != NULL; i++)
    if (g_ascii_strncasecmp (transfer->headers[i], name, len) == 0 &&
        transfer->headers[i][len] == ':')
      return TRUE;
  return FALSE;
}

static void
set_method (EngineTransfer *transfer)
{
  CURL *easy = transfer->easy;

  if (transfer->body != NULL)
    {
      curl_easy_setopt (easy, CURLOPT_POSTFIELDSIZE_LARGE,
                        (curl_off_t)g_bytes_get_size (transfer->body));
      curl_easy_setopt (easy, CURLOPT_POSTFIELDS, g_bytes_get_data (transfer->body, NULL));
    }
  if (g_str_equal (transfer->method, "HEAD"))
    curl_easy_setopt (easy, CURLOPT_NOBODY, 1L);
  else if (g_str_equal (transfer->method, "POST") && transfer->body == NULL)
    curl_easy_setopt (easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)0);
  if (!g_str_equal (transfer->method, "GET") && !g_str_equal (transfer->method, "HEAD") &&
      !(g_str_equal (transfer->method, "POST")))
    curl_easy_setopt (easy, CURLOPT_CUSTOMREQUEST, transfer->method);
  if (g_str_equal (transfer->method, "POST") && transfer->body == NULL)
    curl_easy_setopt (easy, CURLOPT_POSTFIELDS, "");
}

static void
setup_easy (AuraEngine *self, EngineTransfer *transfer, gint64 now)
{
  CURL *easy = transfer->easy;
  long remaining_ms = MAX (1, (transfer->deadline - now) / 1000);

  curl_easy_setopt (easy, CURLOPT_PRIVATE, transfer);
  curl_easy_setopt (easy, CURLOPT_URL, transfer->url);
  curl_easy_setopt (easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (easy, CURLOPT_ERRORBUFFER, transfer->errbuf);
  curl_easy_setopt (easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt (easy, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt (easy, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
  curl_easy_setopt (easy, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt (easy, CURLOPT_CONNECTTIMEOUT_MS,
                    MIN ((long)self->connect_timeout_ms, remaining_ms));
  curl_easy_setopt (easy, CURLOPT_TIMEOUT_MS, remaining_ms);
  curl_easy_setopt (easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt (easy, CURLOPT_LOW_SPEED_TIME, (long)self->low_speed_time_s);
  curl_easy_setopt (easy, CURLOPT_WRITEFUNCTION, write_cb);
  curl_easy_setopt (easy, CURLOPT_WRITEDATA, transfer);
  curl_easy_setopt (easy, CURLOPT_HEADERFUNCTION, header_cb);
  curl_easy_setopt (easy, CURLOPT_HEADERDATA, transfer);
  curl_easy_setopt (easy, CURLOPT_OPENSOCKETFUNCTION, open_socket_cb);
  curl_easy_setopt (easy, CURLOPT_OPENSOCKETDATA, transfer);
  curl_easy_setopt (easy, CURLOPT_RESOLVE, transfer->curl_resolve);
  curl_easy_setopt (easy, CURLOPT_DNS_CACHE_TIMEOUT, -1L);
  curl_easy_setopt (easy, CURLOPT_SSL_VERIFYPEER, self->tls_no_verify ? 0L : 1L);
  curl_easy_setopt (easy, CURLOPT_SSL_VERIFYHOST, self->tls_no_verify ? 0L : 2L);
  if (g_str_has_prefix (transfer->url, "https:"))
    curl_easy_setopt (easy, CURLOPT_PIPEWAIT, 1L);
  if (transfer->proxy != NULL)
    {
      curl_easy_setopt (easy, CURLOPT_PROXY, transfer->proxy->url);
      curl_easy_setopt (easy, CURLOPT_PROXY_SSL_VERIFYPEER, self->tls_no_verify ? 0L : 1L);
      curl_easy_setopt (easy, CURLOPT_PROXY_SSL_VERIFYHOST, self->tls_no_verify ? 0L : 2L);
    }
  else
    curl_easy_setopt (easy, CURLOPT_PROXY, "");
  for (guint i = 0; transfer->headers != NULL && transfer->headers[i] != NULL; i++)
    transfer->curl_headers = curl_slist_append (transfer->curl_headers, transfer->headers[i]);
  curl_easy_setopt (easy, CURLOPT_HTTPHEADER, transfer->curl_headers);
  if (!has_header (transfer, "User-Agent"))
    {
      guint n = g_strv_length (self->user_agents);

      curl_easy_setopt (easy, CURLOPT_USERAGENT, self->user_agents[self->ua_next++ % n]);
    }
  set_method (transfer);
}

/* Called by the host scheduler once the transfer holds a host slot, a token
 * and a global slot. */
void
engine_transfer_run (AuraEngine *self, EngineTransfer *transfer)
{
  gint64 now = g_get_monotonic_time ();

  g_assert (transfer->state == TRANSFER_WAITING);
  if (transfer->deadline == 0)
    transfer->deadline = now + (gint64)transfer->timeout_ms * 1000;
  transfer->easy = curl_easy_init ();
  transfer->errbuf = g_malloc0 (CURL_ERROR_SIZE);
  transfer->body_buf = g_byte_array_new ();
  transfer->resp_headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  transfer->status = 0;
  transfer->attempt_start = now;
  engine_transfer_set_state (transfer, TRANSFER_RUNNING);
  if (transfer->easy != NULL)
    setup_easy (self, transfer, now);
  if (transfer->easy == NULL || !engine_curl_add (self, transfer))
    {
      engine_host_release (self, transfer);
      clear_attempt (transfer);
      engine_transfer_set_state (transfer, TRANSFER_WAITING);
      engine_transfer_fail (self, transfer, AURA_HTTP_ERROR_FAILED,
                            _ ("libcurl could not start the transfer."));
    }
}

/* Back-off ---------------------------------------------------------------- */

static gboolean
backoff_done_cb (gpointer data)
{
  EngineTransfer *transfer = data;
  AuraEngine *self = transfer->engine;

  g_clear_pointer (&transfer->backoff_timer, g_source_unref);
  begin (self, transfer);
  return G_SOURCE_REMOVE;
}

static void
back_off (AuraEngine *self, EngineTransfer *transfer, guint delay_ms)
{
  transfer->retries++;
  engine_stats_update (self, 0, 0, 0, 1, 0, 0, 0);
  engine_transfer_set_state (transfer, TRANSFER_BACKOFF);
  transfer->backoff_timer = g_timeout_source_new (delay_ms);
  g_source_set_callback (transfer->backoff_timer, backoff_done_cb, transfer, NULL);
  g_source_set_static_name (transfer->backoff_timer, "[aura-engine] back-off");
  g_source_attach (transfer->backoff_timer, self->context);
}

static gboolean
is_redirect (guint status)
{
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

static guint
backoff_delay_ms (AuraEngine *self, EngineTransfer *transfer)
{
  guint64 delay = (guint64)self->retry_base_ms << MIN (transfer->retries, 16u);

  delay = MIN (delay, 60000u);
  /* Jitter up to half the delay keeps retries of one burst apart. */
  return (guint)(delay + g_rand_int_range (self->rand, 0, (gint32)(delay / 2) + 1));
}

static void
follow_redirect (AuraEngine *self, EngineTransfer *transfer, AuraHttpResponse *response)
{
  g_free (transfer->url);
  transfer->url = g_strdup (response->redirect_url);
  transfer->n_redirects++;
  /* What browsers do: 303 always becomes a GET, 301 and 302 turn a POST
   * into a GET; 307 and 308 keep the method and the body. */
  if ((response->status == 303 && !g_str_equal (transfer->method, "HEAD")) ||
      ((response->status == 301 || response->status == 302) &&
       g_str_equal (transfer->method, "POST")))
    {
      g_free (transfer->method);
      transfer->method = g_strdup ("GET");
      g_clear_pointer (&transfer->body, g_bytes_unref);
    }
  aura_http_response_free (response);
  begin (self, transfer);
}

/* After an attempt: DONE, a redirect to follow, or a retry. Takes
 * @response. */
static void
decide (AuraEngine *self,
        EngineTransfer *transfer,
        AuraHttpResponse *response,
        const EngineVerdict *verdict)
{
  if (response->outcome == AURA_HTTP_OK && is_redirect (response->status) &&
      transfer->follow_redirects && response->redirect_url != NULL)
    {
      if (transfer->n_redirects < transfer->max_redirects)
        {
          follow_redirect (self, transfer, response);
          return;
        }
      response->outcome = AURA_HTTP_ERROR_REDIRECTS;
      response->error_message = g_strdup_printf (
          _ ("Too many redirects: gave up after following %u."), transfer->n_redirects);
    }
  else if (verdict->transient && transfer->retries < (guint)transfer->max_retries)
    {
      guint delay_ms = backoff_delay_ms (self, transfer);

      if (verdict->retry_after_s > 0 && verdict->retry_after_s * 1000 > self->retry_after_cap_ms)
        {
          /* The server asks for more patience than allowed: its answer is
           * the response. */
          finish (self, transfer, response);
          return;
        }
      if (verdict->retry_after_s > 0)
        delay_ms = (guint)verdict->retry_after_s * 1000;
      if (g_get_monotonic_time () + (gint64)delay_ms * 1000 < transfer->deadline)
        {
          g_debug ("transfer %" G_GUINT64_FORMAT " retries in %u ms", transfer->id, delay_ms);
          if (verdict->proxy_failure)
            transfer->avoid_proxy = transfer->proxy;
          aura_http_response_free (response);
          back_off (self, transfer, delay_ms);
          return;
        }
    }
  finish (self, transfer, response);
}

/* The end of an attempt, from curl_multi_info_read(). */
void
engine_transfer_attempt_done (AuraEngine *self, EngineTransfer *transfer, CURLcode code)
{
  EngineVerdict verdict = { 0 };
  AuraHttpResponse *response;

  engine_curl_remove (self, transfer);
  engine_host_release (self, transfer);
  response = engine_response_build (self, transfer, code, &verdict);
  clear_attempt (transfer);
  if (transfer->proxy != NULL)
    engine_proxy_report (self, transfer, !verdict.proxy_failure);
  decide (self, transfer, response, &verdict);
  engine_hosts_pump (self);
}
