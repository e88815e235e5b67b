/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-subdomain"
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "aura-subdomain-private.h"

/* The resolver pool: one c-ares channel per resolver, so that each
 * resolver's health is known and a retry can go to another one, and a
 * small state machine per resolver (AuraResolverState) that benches one
 * that keeps failing and tries it again later. */

#define MAX_RESOLVERS 64
#define DEFAULT_PORT 53
/* Failures in a row, with no valid answer for a timeout's length, that
 * bench a resolver. */
#define BENCH_AFTER 5
/* Benches in a row, without a valid answer between, that make it dead. */
#define DEAD_STRIKES 3
#define MAX_BENCH_MS 30000
/* c-ares reads answers into this; loopback bursts overflow the default. */
#define RECEIVE_BUFFER (4 * 1024 * 1024)
#define EDNS_SIZE 1232

static const char *
state_name (AuraResolverState state)
{
  static const char *const names[] = { "healthy", "benched", "trial" };

  return names[state];
}

/* The one place a resolver changes state. */
static void
set_state (AuraResolver *resolver, AuraResolverState state)
{
  if (resolver->state == state)
    return;
  g_debug ("resolver %s: %s → %s (%u failures in a row, %u strikes)", resolver->display,
           state_name (resolver->state), state_name (state), resolver->failures_in_row,
           resolver->strikes);
  resolver->state = state;
}

/* "IP", "IP:PORT", "[IPv6]:PORT" or a bare IPv6 address. */
static gboolean
parse_spec (const char *spec, char **out_host, guint *out_port, GError **error)
{
  g_autofree char *host = NULL;
  const char *port_text = NULL;
  const char *colon = strrchr (spec, ':');
  guint64 port = DEFAULT_PORT;
  g_autoptr (GInetAddress) inet = NULL;

  if (spec[0] == '[')
    {
      const char *close = strchr (spec, ']');

      if (close == NULL || (close[1] != '\0' && close[1] != ':'))
        goto invalid;
      host = g_strndup (spec + 1, (gsize)(close - spec - 1));
      if (close[1] == ':')
        port_text = close + 2;
    }
  else if (colon != NULL && strchr (spec, ':') == colon)
    {
      host = g_strndup (spec, (gsize)(colon - spec));
      port_text = colon + 1;
    }
  else
    host = g_strdup (spec);

  if (port_text != NULL && (!g_ascii_string_to_unsigned (port_text, 10, 1, 65535, &port, NULL)))
    {
      g_set_error (error, AURA_SUBDOMAIN_ERROR, AURA_SUBDOMAIN_ERROR_INVALID,
                   _ ("The resolver “%s” has an invalid port: give a number from 1 to 65535."),
                   spec);
      return FALSE;
    }
  inet = g_inet_address_new_from_string (host);
  if (inet == NULL)
    goto invalid;
  *out_host = g_steal_pointer (&host);
  *out_port = (guint)port;
  return TRUE;

invalid:
  g_set_error (error, AURA_SUBDOMAIN_ERROR, AURA_SUBDOMAIN_ERROR_INVALID,
               _ ("“%s” is not a resolver address: give an IP address, optionally with a port "
                  "(“192.0.2.1:53”, “[2001:db8::1]:53”)."),
               spec);
  return FALSE;
}

/* The nameservers of /etc/resolv.conf. */
static GStrv
read_resolv_conf (GError **error)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr (GError) local = NULL;
  guint n = 0;

  if (!g_file_get_contents ("/etc/resolv.conf", &text, NULL, &local))
    {
      g_set_error (error, AURA_SUBDOMAIN_ERROR, AURA_SUBDOMAIN_ERROR_NO_RESOLVER,
                   _ ("No resolver was given and /etc/resolv.conf cannot be read (%s): give the "
                      "resolvers to use."),
                   local->message);
      return NULL;
    }
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) words = g_strsplit_set (g_strstrip (lines[i]), " \t", -1);

      /* A link-local address needs its interface ("fe80::1%eth0"), which
       * c-ares's server list cannot take: such entries are left out. */
      if (g_strv_length (words) >= 2 && g_str_equal (words[0], "nameserver") &&
          strchr (words[1], '%') == NULL)
        {
          g_strv_builder_add (builder, words[1]);
          n++;
        }
    }
  if (n == 0)
    {
      g_set_error_literal (error, AURA_SUBDOMAIN_ERROR, AURA_SUBDOMAIN_ERROR_NO_RESOLVER,
                           _ ("No resolver was given and /etc/resolv.conf names none: give the "
                              "resolvers to use."));
      return NULL;
    }
  return g_strv_builder_end (builder);
}

gboolean
aura_subdomain_pool_parse (AuraResolverPool *pool,
                           const char *const *specs,
                           gboolean loopback_only,
                           GError **error)
{
  g_auto (GStrv) from_conf = NULL;
  g_autoptr (GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  guint n;

  if (specs == NULL || specs[0] == NULL)
    {
      from_conf = read_resolv_conf (error);
      if (from_conf == NULL)
        return FALSE;
      specs = (const char *const *)from_conf;
    }
  n = g_strv_length ((char **)specs);
  if (n > MAX_RESOLVERS)
    {
      g_set_error (error, AURA_SUBDOMAIN_ERROR, AURA_SUBDOMAIN_ERROR_INVALID,
                   _ ("%u resolvers were given; at most %u can be used at once."), n,
                   MAX_RESOLVERS);
      return FALSE;
    }
  pool->resolvers = g_new0 (AuraResolver, n);
  pool->n = 0;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *host = NULL;
      g_autoptr (GInetAddress) inet = NULL;
      AuraResolver *resolver;
      gboolean v6;
      guint port;

      if (!parse_spec (specs[i], &host, &port, error))
        return FALSE;
      inet = g_inet_address_new_from_string (host);
      if (loopback_only && !g_inet_address_get_is_loopback (inet))
        {
          g_set_error (error, AURA_SUBDOMAIN_ERROR, AURA_SUBDOMAIN_ERROR_NOT_LOOPBACK,
                       _ ("Refused to ask the resolver “%s”: this scan only talks to loopback "
                          "addresses (127.0.0.0/8 and ::1). Nothing was sent."),
                       specs[i]);
          return FALSE;
        }
      v6 = g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6;
      resolver = &pool->resolvers[pool->n];
      resolver->address =
          v6 ? g_strdup_printf ("[%s]:%u", host, port) : g_strdup_printf ("%s:%u", host, port);
      if (g_ptr_array_find_with_equal_func (seen, resolver->address, g_str_equal, NULL))
        {
          g_clear_pointer (&resolver->address, g_free);
          continue;
        }
      g_ptr_array_add (seen, g_strdup (resolver->address));
      resolver->display = g_strdup (resolver->address);
      resolver->health.address = resolver->display;
      pool->n++;
    }
  return TRUE;
}

/* c-ares opens and closes its sockets itself and tells us here. */
static void
sock_state_cb (void *data, ares_socket_t fd, int readable, int writable)
{
  AuraResolver *resolver = data;
  guint i;

  for (i = 0; i < resolver->n_fds; i++)
    if (resolver->fds[i] == fd)
      break;
  if (!readable && !writable)
    {
      if (i < resolver->n_fds)
        {
          resolver->n_fds--;
          resolver->fds[i] = resolver->fds[resolver->n_fds];
          resolver->fd_write[i] = resolver->fd_write[resolver->n_fds];
        }
      return;
    }
  if (i == resolver->n_fds)
    {
      if (resolver->n_fds == G_N_ELEMENTS (resolver->fds))
        return;
      resolver->fds[resolver->n_fds++] = fd;
    }
  resolver->fd_write[i] = writable != 0;
}

static gpointer
ares_global_init (gpointer data)
{
  return GINT_TO_POINTER (ares_library_init (ARES_LIB_INIT_ALL) == ARES_SUCCESS);
}

gboolean
aura_subdomain_pool_open (AuraResolverPool *pool, guint timeout_ms, GError **error)
{
  static GOnce once = G_ONCE_INIT;
  gint64 now = g_get_monotonic_time ();

  pool->timeout_ms = timeout_ms;
  if (!GPOINTER_TO_INT (g_once (&once, ares_global_init, NULL)))
    {
      g_set_error_literal (error, AURA_SUBDOMAIN_ERROR, AURA_SUBDOMAIN_ERROR_INVALID,
                           _ ("The DNS library (c-ares) could not be initialised."));
      return FALSE;
    }
  for (guint i = 0; i < pool->n; i++)
    {
      AuraResolver *resolver = &pool->resolvers[i];
      struct ares_options options = { 0 };
      int status;
      int mask = ARES_OPT_FLAGS | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | ARES_OPT_DOMAINS |
                 ARES_OPT_SOCK_STATE_CB | ARES_OPT_SOCK_RCVBUF | ARES_OPT_EDNSPSZ;

      /* NOCHECKRESP hands SERVFAIL and REFUSED answers to us (for the
       * resolver's health) instead of c-ares trying them again; it also
       * skips c-ares's question check, which aura_subdomain_answer_read()
       * does instead. One try: the retry goes to another resolver. */
      options.flags = ARES_FLAG_NOCHECKRESP | ARES_FLAG_STAYOPEN | ARES_FLAG_NOSEARCH |
                      ARES_FLAG_NOALIASES | ARES_FLAG_EDNS;
      options.timeout = (int)timeout_ms;
      options.tries = 1;
      options.ndomains = 0;
      options.sock_state_cb = sock_state_cb;
      options.sock_state_cb_data = resolver;
      options.socket_receive_buffer_size = RECEIVE_BUFFER;
      options.ednspsz = EDNS_SIZE;
      status = ares_init_options (&resolver->channel, &options, mask);
      if (status == ARES_SUCCESS)
        status = ares_set_servers_ports_csv (resolver->channel, resolver->address);
      if (status != ARES_SUCCESS)
        {
          g_set_error (error, AURA_SUBDOMAIN_ERROR, AURA_SUBDOMAIN_ERROR_INVALID,
                       _ ("The resolver %s cannot be used: %s."), resolver->display,
                       ares_strerror (status));
          return FALSE;
        }
      resolver->state = AURA_RESOLVER_HEALTHY;
      resolver->bench_until = now;
    }
  return TRUE;
}

void
aura_subdomain_pool_clear (AuraResolverPool *pool)
{
  for (guint i = 0; i < pool->n; i++)
    {
      AuraResolver *resolver = &pool->resolvers[i];

      if (resolver->channel != NULL)
        ares_destroy (resolver->channel);
      g_free (resolver->address);
      g_free (resolver->display);
    }
  g_clear_pointer (&pool->resolvers, g_free);
  pool->n = 0;
}

static gboolean
usable (const AuraResolver *resolver)
{
  return resolver->state == AURA_RESOLVER_HEALTHY ||
         (resolver->state == AURA_RESOLVER_TRIAL && resolver->in_flight == 0);
}

int
aura_subdomain_pool_pick (AuraResolverPool *pool, int avoid, gint64 now)
{
  int fallback = -1;

  for (guint step = 0; step < pool->n; step++)
    {
      guint i = (pool->next + step) % pool->n;

      if (!usable (&pool->resolvers[i]))
        continue;
      if ((int)i == avoid && pool->n > 1)
        {
          fallback = (int)i;
          continue;
        }
      pool->next = (i + 1) % pool->n;
      return (int)i;
    }
  return fallback;
}

void
aura_subdomain_pool_success (AuraResolverPool *pool, guint index, gint64 now)
{
  AuraResolver *resolver = &pool->resolvers[index];

  resolver->failures_in_row = 0;
  resolver->strikes = 0;
  resolver->bench_until = now;
  set_state (resolver, AURA_RESOLVER_HEALTHY);
}

static void
bench (AuraResolverPool *pool, AuraResolver *resolver, gint64 now)
{
  guint base = CLAMP (pool->timeout_ms, 250, 2000);
  guint64 ms = (guint64)base << MIN (resolver->strikes, 10u);

  resolver->strikes++;
  resolver->bench_until = now + (gint64)MIN (ms, (guint64)MAX_BENCH_MS) * 1000;
  set_state (resolver, AURA_RESOLVER_BENCHED);
}

void
aura_subdomain_pool_failure (AuraResolverPool *pool, guint index, gboolean lost, gint64 now)
{
  AuraResolver *resolver = &pool->resolvers[index];

  resolver->failures_in_row++;
  switch (resolver->state)
    {
      case AURA_RESOLVER_TRIAL:
        bench (pool, resolver, now);
        break;
      case AURA_RESOLVER_HEALTHY:
        /* Lost packets under load come in bursts: a resolver that answered
       * within the last timeout is alive, whatever the burst. bench_until
       * doubles as the time of the last valid answer while healthy. A
       * failure it says (REFUSED, SERVFAIL, port unreachable) counts at
       * once. */
        if (resolver->failures_in_row >= BENCH_AFTER &&
            (!lost || now - resolver->bench_until >= (gint64)pool->timeout_ms * 1000))
          bench (pool, resolver, now);
        break;
      case AURA_RESOLVER_BENCHED:
        break;
    }
}

gint64
aura_subdomain_pool_update (AuraResolverPool *pool, gint64 now)
{
  gint64 next = G_MAXINT64;

  for (guint i = 0; i < pool->n; i++)
    {
      AuraResolver *resolver = &pool->resolvers[i];

      if (resolver->state != AURA_RESOLVER_BENCHED)
        continue;
      if (resolver->bench_until <= now)
        set_state (resolver, AURA_RESOLVER_TRIAL);
      else
        next = MIN (next, resolver->bench_until);
    }
  return next;
}

gboolean
aura_subdomain_pool_all_dead (AuraResolverPool *pool)
{
  for (guint i = 0; i < pool->n; i++)
    if (pool->resolvers[i].strikes < DEAD_STRIKES)
      return FALSE;
  return pool->n > 0;
}

AuraSubdomainResolverState
aura_subdomain_pool_public_state (const AuraResolver *resolver)
{
  if (resolver->strikes >= DEAD_STRIKES)
    return AURA_SUBDOMAIN_RESOLVER_DEAD;
  if (resolver->state == AURA_RESOLVER_HEALTHY)
    return AURA_SUBDOMAIN_RESOLVER_HEALTHY;
  return AURA_SUBDOMAIN_RESOLVER_BENCHED;
}

char *
aura_subdomain_pool_describe (AuraResolverPool *pool)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < pool->n; i++)
    {
      const AuraSubdomainResolverHealth *health = &pool->resolvers[i].health;

      if (i > 0)
        g_string_append (text, "; ");
      /* TRANSLATORS: one resolver's figures in an error message. */
      g_string_append_printf (text,
                              _ ("%s: %llu sent, %llu answered, %llu timed out, %llu refused, "
                                 "%llu failed"),
                              pool->resolvers[i].display, (unsigned long long)health->sent,
                              (unsigned long long)health->answered,
                              (unsigned long long)health->timeouts,
                              (unsigned long long)health->refused,
                              (unsigned long long)(health->servfail + health->errors));
    }
  return g_string_free (text, FALSE);
}
