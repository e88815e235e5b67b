/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-engine"
#include "config.h"

#include <arpa/inet.h>
#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <netinet/in.h>
#include <string.h>

#include "aura-engine-private.h"

/* Name resolution with c-ares on the engine's GMainContext: the channel's
 * sockets are watched by GSources (sock_state_cb) and its timeouts by one
 * timer (ares_timeout). Answers are cached by name, for the TTL of the
 * answer up to CACHE_MAX_S; failures that say the name does not exist for
 * NEGATIVE_TTL_S. Transfers asking for a name already being looked up wait
 * on that lookup instead of sending another query. */

#define CACHE_MAX_S 300
#define NEGATIVE_TTL_S 10
/* Names asked at once; the others wait their turn. A burst of thousands of
 * UDP queries would overflow the server's socket buffers (and is rude). */
#define MAX_ACTIVE_LOOKUPS 128

typedef struct
{
  EngineTransfer *transfer;
  EngineResolveFunc func;
} Waiter;

typedef struct
{
  EngineResolver *resolver;
  char *name;
  GArray *waiters; /* Waiter */
  gboolean in_submit;
  gboolean done;
  EngineAddresses result;
  gint64 ttl_s;
} Lookup;

typedef struct
{
  EngineAddresses result;
  gint64 expires;
} CacheEntry;

struct _EngineResolver
{
  ares_channel channel;
  AuraEngine *engine;
  GMainContext *context;
  GHashTable *sockets; /* fd → GSource */
  GSource *timer;
  GHashTable *cache;   /* name → CacheEntry */
  GHashTable *lookups; /* name → Lookup, sent or pending */
  GQueue pending;      /* Lookup not sent yet */
  guint active;
  gboolean destroying;
};

typedef struct
{
  char *pattern; /* a host name, or ".suffix" for "*.suffix" */
  char *address;
} EngineOverride;

static void
addresses_clear (EngineAddresses *result)
{
  g_clear_pointer (&result->addresses, g_ptr_array_unref);
  g_clear_pointer (&result->error_message, g_free);
}

static void
cache_entry_free (gpointer data)
{
  CacheEntry *entry = data;

  addresses_clear (&entry->result);
  g_free (entry);
}

static void
lookup_free (Lookup *lookup)
{
  addresses_clear (&lookup->result);
  g_array_unref (lookup->waiters);
  g_free (lookup->name);
  g_free (lookup);
}

static void reschedule (EngineResolver *resolver);

static gboolean
socket_ready_cb (int fd, GIOCondition condition, gpointer data)
{
  EngineResolver *resolver = data;
  ares_socket_t read_fd = ARES_SOCKET_BAD;
  ares_socket_t write_fd = ARES_SOCKET_BAD;

  if (condition & (G_IO_IN | G_IO_ERR | G_IO_HUP))
    read_fd = fd;
  if (condition & G_IO_OUT)
    write_fd = fd;
  ares_process_fd (resolver->channel, read_fd, write_fd);
  reschedule (resolver);
  return G_SOURCE_CONTINUE;
}

static void
sock_state_cb (void *data, ares_socket_t fd, int readable, int writable)
{
  EngineResolver *resolver = data;
  GIOCondition condition = 0;
  GSource *source;

  g_hash_table_remove (resolver->sockets, GINT_TO_POINTER (fd));
  if (!readable && !writable)
    return;
  if (readable)
    condition |= G_IO_IN;
  if (writable)
    condition |= G_IO_OUT;
  source = g_unix_fd_source_new (fd, condition | G_IO_ERR | G_IO_HUP);
  g_source_set_callback (source, G_SOURCE_FUNC (socket_ready_cb), resolver, NULL);
  g_source_set_static_name (source, "[aura-engine] c-ares socket");
  g_source_attach (source, resolver->context);
  g_hash_table_insert (resolver->sockets, GINT_TO_POINTER (fd), source);
}

static gboolean
timer_cb (gpointer data)
{
  EngineResolver *resolver = data;

  g_clear_pointer (&resolver->timer, g_source_unref);
  ares_process_fd (resolver->channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
  reschedule (resolver);
  return G_SOURCE_REMOVE;
}

/* Arms the timer for c-ares' next timeout, if it has queries. */
static void
reschedule (EngineResolver *resolver)
{
  struct timeval tv;
  guint ms;

  if (resolver->timer != NULL)
    {
      g_source_destroy (resolver->timer);
      g_clear_pointer (&resolver->timer, g_source_unref);
    }
  if (resolver->destroying || ares_timeout (resolver->channel, NULL, &tv) == NULL)
    return;
  ms = (guint)(tv.tv_sec * 1000 + (tv.tv_usec + 999) / 1000);
  resolver->timer = g_timeout_source_new (ms);
  g_source_set_callback (resolver->timer, timer_cb, resolver, NULL);
  g_source_set_static_name (resolver->timer, "[aura-engine] c-ares timer");
  g_source_attach (resolver->timer, resolver->context);
}

static void
source_destroy_unref (gpointer data)
{
  g_source_destroy (data);
  g_source_unref (data);
}

static gboolean
parse_server (const char *entry, GString *csv, GError **error)
{
  g_autoptr (GInetAddress) inet = NULL;
  g_autofree char *host = NULL;
  const char *colon = strrchr (entry, ':');
  char *end = NULL;
  guint64 port;

  if (colon == NULL)
    goto bad;
  host = g_strndup (entry, colon - entry);
  if (host[0] == '[' && strlen (host) > 2 && host[strlen (host) - 1] == ']')
    {
      memmove (host, host + 1, strlen (host));
      host[strlen (host) - 1] = '\0';
    }
  inet = g_inet_address_new_from_string (host);
  port = g_ascii_strtoull (colon + 1, &end, 10);
  if (inet == NULL || end == colon + 1 || *end != '\0' || port == 0 || port > 65535)
    goto bad;
  if (csv->len > 0)
    g_string_append_c (csv, ',');
  if (g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6)
    g_string_append_printf (csv, "[%s]:%u", host, (guint)port);
  else
    g_string_append_printf (csv, "%s:%u", host, (guint)port);
  return TRUE;

bad:
  g_set_error (error, AURA_ENGINE_ERROR, AURA_ENGINE_ERROR_INVALID,
               _ ("The DNS server “%s” is not of the form IP:PORT (for example 127.0.0.1:5353)."),
               entry);
  return FALSE;
}

static gpointer
ares_global_once (gpointer data)
{
  return GINT_TO_POINTER (ares_library_init (ARES_LIB_INIT_ALL) == ARES_SUCCESS);
}

EngineResolver *
engine_resolver_new (const char *const *servers, GError **error)
{
  static GOnce once = G_ONCE_INIT;
  EngineResolver *resolver;
  struct ares_options options = { 0 };
  int mask = ARES_OPT_SOCK_STATE_CB | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES;
  g_autoptr (GString) csv = g_string_new (NULL);
  int status;

  for (guint i = 0; servers != NULL && servers[i] != NULL; i++)
    if (!parse_server (servers[i], csv, error))
      return NULL;
  if (!GPOINTER_TO_INT (g_once (&once, ares_global_once, NULL)))
    {
      g_set_error (error, AURA_ENGINE_ERROR, AURA_ENGINE_ERROR_FAILED,
                   _ ("The c-ares resolver library could not be initialised."));
      return NULL;
    }

  resolver = g_new0 (EngineResolver, 1);
  options.sock_state_cb = sock_state_cb;
  options.sock_state_cb_data = resolver;
  options.timeout = 2000;
  options.tries = 2;
  options.socket_receive_buffer_size = 1024 * 1024;
  mask |= ARES_OPT_SOCK_RCVBUF;
  if (csv->len > 0)
    {
      /* Explicit servers mean a closed world: no /etc/hosts either. */
      options.lookups = (char *)"b";
      mask |= ARES_OPT_LOOKUPS;
    }
  status = ares_init_options (&resolver->channel, &options, mask);
  if (status == ARES_SUCCESS && csv->len > 0)
    status = ares_set_servers_ports_csv (resolver->channel, csv->str);
  if (status != ARES_SUCCESS)
    {
      g_set_error (error, AURA_ENGINE_ERROR, AURA_ENGINE_ERROR_FAILED,
                   _ ("The DNS resolver could not be set up: %s."), ares_strerror (status));
      if (resolver->channel != NULL)
        ares_destroy (resolver->channel);
      g_free (resolver);
      return NULL;
    }
  resolver->sockets = g_hash_table_new_full (NULL, NULL, NULL, source_destroy_unref);
  resolver->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, cache_entry_free);
  resolver->lookups = g_hash_table_new (g_str_hash, g_str_equal);
  return resolver;
}

void
engine_resolver_attach (EngineResolver *resolver, AuraEngine *engine, GMainContext *context)
{
  resolver->engine = engine;
  resolver->context = context;
}

void
engine_resolver_free (EngineResolver *resolver)
{
  resolver->destroying = TRUE;
  /* Calls the callbacks of pending lookups with ARES_EDESTRUCTION; their
   * transfers were cancelled before. */
  ares_destroy (resolver->channel);
  g_queue_clear_full (&resolver->pending, (GDestroyNotify)lookup_free);
  if (resolver->timer != NULL)
    source_destroy_unref (resolver->timer);
  g_hash_table_unref (resolver->sockets);
  g_hash_table_unref (resolver->cache);
  g_hash_table_unref (resolver->lookups);
  g_free (resolver);
}

static void
copy_result (EngineAddresses *to, const EngineAddresses *from)
{
  to->ok = from->ok;
  to->addresses = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; from->addresses != NULL && i < from->addresses->len; i++)
    g_ptr_array_add (to->addresses, g_strdup (g_ptr_array_index (from->addresses, i)));
  to->error_message = g_strdup (from->error_message);
}

/* Turns c-ares' answer into addresses (or a message) and a TTL. */
static void
read_answer (Lookup *lookup, int status, struct ares_addrinfo *info)
{
  EngineAddresses *result = &lookup->result;
  gint64 ttl = CACHE_MAX_S;

  result->addresses = g_ptr_array_new_with_free_func (g_free);
  for (struct ares_addrinfo_node *node = info != NULL ? info->nodes : NULL; node != NULL;
       node = node->ai_next)
    {
      char text[INET6_ADDRSTRLEN] = "";

      if (node->ai_family == AF_INET)
        inet_ntop (AF_INET, &((struct sockaddr_in *)(gpointer)node->ai_addr)->sin_addr, text,
                   sizeof text);
      else if (node->ai_family == AF_INET6)
        inet_ntop (AF_INET6, &((struct sockaddr_in6 *)(gpointer)node->ai_addr)->sin6_addr, text,
                   sizeof text);
      else
        continue;
      ttl = MIN (ttl, MAX (node->ai_ttl, 0));
      if (!g_ptr_array_find_with_equal_func (result->addresses, text, g_str_equal, NULL))
        g_ptr_array_add (result->addresses, g_strdup (text));
    }

  result->ok = status == ARES_SUCCESS && result->addresses->len > 0;
  lookup->ttl_s = result->ok ? ttl : 0;
  if (result->ok)
    return;
  switch (status)
    {
      case ARES_SUCCESS:
      case ARES_ENOTFOUND:
      case ARES_ENODATA:
        lookup->ttl_s = NEGATIVE_TTL_S;
        result->error_message =
            g_strdup_printf (_ ("The name “%s” does not exist (DNS)."), lookup->name);
        break;
      case ARES_ETIMEOUT:
      case ARES_ECONNREFUSED:
        result->error_message =
            g_strdup_printf (_ ("No DNS server answered for “%s”."), lookup->name);
        break;
      default:
        result->error_message = g_strdup_printf (_ ("The name “%s” could not be resolved (%s)."),
                                                 lookup->name, ares_strerror (status));
        break;
    }
}

static void start_pending (EngineResolver *resolver);
static void answer_cb (void *data, int status, int timeouts, struct ares_addrinfo *info);

/* Hands the lookup's result to every transfer waiting on it, caches it, and
 * frees the lookup. */
static void
complete (EngineResolver *resolver, Lookup *lookup)
{
  g_autoptr (GArray) waiters = g_steal_pointer (&lookup->waiters);

  lookup->waiters = g_array_new (FALSE, FALSE, sizeof (Waiter));
  g_hash_table_remove (resolver->lookups, lookup->name);
  if (lookup->ttl_s > 0)
    {
      CacheEntry *entry = g_new0 (CacheEntry, 1);

      copy_result (&entry->result, &lookup->result);
      entry->expires = g_get_monotonic_time () + lookup->ttl_s * G_USEC_PER_SEC;
      g_hash_table_replace (resolver->cache, g_strdup (lookup->name), entry);
    }
  for (guint i = 0; i < waiters->len; i++)
    {
      Waiter *waiter = &g_array_index (waiters, Waiter, i);

      waiter->transfer->lookup = NULL;
      waiter->func (waiter->transfer, &lookup->result);
    }
  lookup_free (lookup);
  resolver->active--;
  start_pending (resolver);
}

static void
send_lookup (EngineResolver *resolver, Lookup *lookup)
{
  struct ares_addrinfo_hints hints = { 0 };

  hints.ai_family = AF_UNSPEC;
  hints.ai_flags = ARES_AI_NOSORT;
  resolver->active++;
  lookup->in_submit = TRUE;
  ares_getaddrinfo (resolver->channel, lookup->name, NULL, &hints, answer_cb, lookup);
  lookup->in_submit = FALSE;
  if (lookup->done)
    complete (resolver, lookup);
}

static void
start_pending (EngineResolver *resolver)
{
  while (resolver->active < MAX_ACTIVE_LOOKUPS && resolver->pending.length > 0)
    send_lookup (resolver, g_queue_pop_head (&resolver->pending));
}

static void
answer_cb (void *data, int status, int timeouts, struct ares_addrinfo *info)
{
  Lookup *lookup = data;
  EngineResolver *resolver = lookup->resolver;

  if (status == ARES_EDESTRUCTION || resolver->destroying)
    {
      if (info != NULL)
        ares_freeaddrinfo (info);
      g_hash_table_remove (resolver->lookups, lookup->name);
      lookup_free (lookup);
      resolver->active--;
      return;
    }
  read_answer (lookup, status, info);
  if (info != NULL)
    ares_freeaddrinfo (info);
  lookup->done = TRUE;
  /* An answer given during ares_getaddrinfo() itself (a numeric name,
   * /etc/hosts) is completed by engine_resolver_lookup() once c-ares has
   * returned. */
  if (!lookup->in_submit)
    complete (resolver, lookup);
}

void
engine_resolver_lookup (EngineResolver *resolver,
                        EngineTransfer *transfer,
                        const char *name,
                        EngineResolveFunc func)
{
  AuraEngine *engine = resolver->engine;
  CacheEntry *entry = g_hash_table_lookup (resolver->cache, name);
  Lookup *lookup;
  Waiter waiter = { transfer, func };

  if (entry != NULL && entry->expires > g_get_monotonic_time ())
    {
      engine_stats_update (engine, 0, 0, 0, 0, 0, 1, 0);
      func (transfer, &entry->result);
      return;
    }
  lookup = g_hash_table_lookup (resolver->lookups, name);
  if (lookup != NULL)
    {
      engine_stats_update (engine, 0, 0, 0, 0, 0, 1, 0);
      g_array_append_val (lookup->waiters, waiter);
      transfer->lookup = lookup;
      return;
    }

  lookup = g_new0 (Lookup, 1);
  lookup->resolver = resolver;
  lookup->name = g_strdup (name);
  lookup->waiters = g_array_new (FALSE, FALSE, sizeof (Waiter));
  g_array_append_val (lookup->waiters, waiter);
  transfer->lookup = lookup;
  g_hash_table_insert (resolver->lookups, lookup->name, lookup);
  engine_stats_update (engine, 0, 0, 0, 0, 1, 0, 0);

  g_queue_push_tail (&resolver->pending, lookup);
  start_pending (resolver);
  reschedule (resolver);
}

/* A cancelled transfer stops waiting; the lookup goes on for the cache. */
void
engine_resolver_forget (EngineResolver *resolver, EngineTransfer *transfer)
{
  Lookup *lookup = transfer->lookup;

  if (lookup == NULL)
    return;
  for (guint i = 0; i < lookup->waiters->len; i++)
    if (g_array_index (lookup->waiters, Waiter, i).transfer == transfer)
      {
        g_array_remove_index (lookup->waiters, i);
        break;
      }
  transfer->lookup = NULL;
}

/* Host overrides ------------------------------------------------------- */

static void
override_free (gpointer data)
{
  EngineOverride *override = data;

  g_free (override->pattern);
  g_free (override->address);
  g_free (override);
}

GPtrArray *
engine_overrides_parse (const char *const *entries, GError **error)
{
  g_autoptr (GPtrArray) overrides = g_ptr_array_new_with_free_func (override_free);

  for (guint i = 0; entries != NULL && entries[i] != NULL; i++)
    {
      const char *entry = entries[i];
      const char *colon = strchr (entry, ':');
      g_autofree char *host = NULL;
      g_autofree char *address = NULL;
      EngineOverride *override;

      if (colon != NULL)
        {
          host = g_ascii_strdown (entry, colon - entry);
          address = g_strdup (colon + 1);
          if (address[0] == '[' && g_str_has_suffix (address, "]"))
            {
              memmove (address, address + 1, strlen (address));
              address[strlen (address) - 1] = '\0';
            }
        }
      if (host == NULL || !g_hostname_is_ip_address (address) || host[0] == '\0' ||
          strchr (host, '/') != NULL || (host[0] == '*' && host[1] != '.') ||
          strchr (host + 1, '*') != NULL || g_str_equal (host, "*."))
        {
          g_set_error (error, AURA_ENGINE_ERROR, AURA_ENGINE_ERROR_INVALID,
                       _ ("The host override “%s” is not of the form HOST:ADDRESS or "
                          "*.SUFFIX:ADDRESS."),
                       entry);
          return NULL;
        }
      override = g_new0 (EngineOverride, 1);
      override->pattern = g_strdup (host[0] == '*' ? host + 1 : host);
      override->address = g_steal_pointer (&address);
      g_ptr_array_add (overrides, override);
    }
  return g_steal_pointer (&overrides);
}

/* The address @host is overridden to, or NULL. The first match wins. */
const char *
engine_overrides_match (GPtrArray *overrides, const char *host)
{
  for (guint i = 0; i < overrides->len; i++)
    {
      EngineOverride *override = g_ptr_array_index (overrides, i);

      if (override->pattern[0] == '.' ? g_str_has_suffix (host, override->pattern)
                                      : g_str_equal (host, override->pattern))
        return override->address;
    }
  return NULL;
}
