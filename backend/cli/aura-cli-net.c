/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "aura-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "aura-cli-private.h"

/* The network options every command that goes online shares (scan, sites
 * update), and the engine they configure. */

void
aura_cli_net_add_entries (AuraCliNet *net, GArray *entries)
{
  const GOptionEntry net_entries[] = {
    { "concurrency", 'c', 0, G_OPTION_ARG_INT, &net->concurrency,
      N_ ("Requests in flight at once (default 256)"), N_ ("N") },
    { "per-host", 0, 0, G_OPTION_ARG_INT, &net->per_host,
      N_ ("Requests in flight at once per host (default 6)"), N_ ("N") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &net->timeout, N_ ("Seconds allowed per request"),
      N_ ("S") },
    { "proxy", 0, 0, G_OPTION_ARG_STRING_ARRAY, &net->proxies,
      N_ ("Proxy URL, http://, https://, socks5:// or socks5h:// (repeat for rotation)"),
      N_ ("URL") },
    { "proxy-rotation", 0, 0, G_OPTION_ARG_STRING, &net->rotation,
      N_ ("round-robin, random or sticky (per site)"), N_ ("MODE") },
    { "user-agent", 0, 0, G_OPTION_ARG_STRING_ARRAY, &net->user_agents,
      N_ ("User-Agent to send (repeat for rotation)"), N_ ("TEXT") },
    { "resolve", 0, 0, G_OPTION_ARG_STRING_ARRAY, &net->resolve,
      N_ ("Answer for HOST (or *.SUFFIX) with ADDR instead of asking DNS"), N_ ("HOST:ADDR") },
    { "dns-server", 0, 0, G_OPTION_ARG_STRING_ARRAY, &net->dns_servers,
      N_ ("Ask this DNS server instead of the system’s"), N_ ("IP:PORT") },
    { "loopback-only", 0, 0, G_OPTION_ARG_NONE, &net->loopback_only,
      N_ ("Refuse to connect anywhere but 127.0.0.0/8 (also AURA_LOOPBACK_ONLY=1)"), NULL },
    { "insecure", 'k', 0, G_OPTION_ARG_NONE, &net->insecure, N_ ("Do not verify TLS certificates"),
      NULL },
  };

  g_array_append_vals (entries, net_entries, G_N_ELEMENTS (net_entries));
}

static gboolean
parse_rotation (const char *name, AuraEngineProxyRotation *out, GError **error)
{
  if (name == NULL || g_ascii_strcasecmp (name, "round-robin") == 0)
    *out = AURA_ENGINE_PROXY_ROUND_ROBIN;
  else if (g_ascii_strcasecmp (name, "random") == 0)
    *out = AURA_ENGINE_PROXY_RANDOM;
  else if (g_ascii_strcasecmp (name, "sticky") == 0)
    *out = AURA_ENGINE_PROXY_STICKY;
  else
    {
      g_set_error (error, AURA_CLI_ERROR, AURA_CLI_ERROR_USAGE,
                   _ ("Unknown proxy rotation “%s”; use round-robin, random or sticky"), name);
      return FALSE;
    }
  return TRUE;
}

AuraEngine *
aura_cli_net_engine_new (AuraCliNet *net, GError **error)
{
  AuraEngineOptions options = { 0 };

  if (net->concurrency < 0 || net->per_host < 0 || net->timeout < 0)
    {
      g_set_error (error, AURA_CLI_ERROR, AURA_CLI_ERROR_USAGE,
                   _ ("Counts and times take a number of zero or more"));
      return NULL;
    }
  if (!parse_rotation (net->rotation, &options.proxy_rotation, error))
    return NULL;
  options.max_in_flight = (guint)net->concurrency;
  options.max_per_host = (guint)net->per_host;
  options.timeout_ms = (guint)net->timeout * 1000;
  options.proxies = (const char *const *)net->proxies;
  options.user_agents = (const char *const *)net->user_agents;
  options.host_overrides = (const char *const *)net->resolve;
  options.dns_servers = (const char *const *)net->dns_servers;
  options.loopback_only = net->loopback_only;
  options.tls_no_verify = net->insecure;
  return aura_engine_new (&options, error);
}

void
aura_cli_net_clear (AuraCliNet *net)
{
  g_clear_pointer (&net->rotation, g_free);
  g_clear_pointer (&net->proxies, g_strfreev);
  g_clear_pointer (&net->resolve, g_strfreev);
  g_clear_pointer (&net->dns_servers, g_strfreev);
  g_clear_pointer (&net->user_agents, g_strfreev);
}
