/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-engine"
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "aura-engine-private.h"

/* Proxies: rotation and health. A proxy that fails proxy_max_failures
 * times in a row (connect refused, handshake refused, connection broken)
 * is set aside ("dead"); after proxy_cooldown_ms one request is let through
 * as a probe, and its success brings the proxy back. */

static void
proxy_free (gpointer data)
{
  EngineProxy *proxy = data;

  g_free (proxy->url);
  g_free (proxy->display);
  g_free (proxy->host);
  g_free (proxy);
}

static EngineProxy *
parse_one (const char *text, GError **error)
{
  g_autoptr (CURLU) url = curl_url ();
  g_autofree EngineProxy *proxy = NULL;
  char *scheme = NULL;
  char *host = NULL;
  char *port = NULL;
  gboolean ok;

  ok = curl_url_set (url, CURLUPART_URL, text, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK &&
       curl_url_get (url, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
       curl_url_get (url, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
       (g_str_equal (scheme, "http") || g_str_equal (scheme, "https") ||
        g_str_equal (scheme, "socks5") || g_str_equal (scheme, "socks5h"));
  if (!ok)
    {
      curl_free (scheme);
      curl_free (host);
      g_set_error (error, AURA_ENGINE_ERROR, AURA_ENGINE_ERROR_INVALID,
                   _ ("The proxy “%s” is not a URL of the form SCHEME://[USER:PASSWORD@]HOST:PORT "
                      "with an http, https, socks5 or socks5h scheme."),
                   text);
      return NULL;
    }
  proxy = g_new0 (EngineProxy, 1);
  if (curl_url_get (url, CURLUPART_PORT, &port, 0) == CURLUE_OK)
    proxy->port = strtol (port, NULL, 10);
  else
    proxy->port = g_str_equal (scheme, "https") ? 443 : 1080;
  proxy->url = g_strdup (text);
  if (host[0] == '[')
    proxy->host = g_strndup (host + 1, strlen (host) - 2);
  else
    proxy->host = g_ascii_strdown (host, -1);
  proxy->display = g_strdup_printf ("%s://%s:%ld", scheme, host, proxy->port);
  /* Only socks5:// wants the target's address; the others take its name. */
  proxy->remote_dns = !g_str_equal (scheme, "socks5");
  curl_free (scheme);
  curl_free (host);
  curl_free (port);
  return g_steal_pointer (&proxy);
}

GPtrArray *
engine_proxies_parse (const char *const *urls, GError **error)
{
  g_autoptr (GPtrArray) proxies = g_ptr_array_new_with_free_func (proxy_free);

  for (guint i = 0; urls != NULL && urls[i] != NULL; i++)
    {
      EngineProxy *proxy = parse_one (urls[i], error);

      if (proxy == NULL)
        return NULL;
      g_ptr_array_add (proxies, proxy);
    }
  return g_steal_pointer (&proxies);
}

/* Whether @proxy may carry a request now; a dead one whose cool-down is
 * over may carry one, its probe. */
static gboolean
usable (AuraEngine *self, EngineProxy *proxy, gint64 now)
{
  if (!proxy->dead)
    return TRUE;
  return !proxy->probing && now - proxy->dead_since >= (gint64)self->proxy_cooldown_ms * 1000;
}

static EngineProxy *
pick (AuraEngine *self, EngineTransfer *transfer, gboolean avoid)
{
  GPtrArray *proxies = self->proxies;
  gint64 now = g_get_monotonic_time ();
  guint n = proxies->len;
  guint start;

  switch (self->proxy_rotation)
    {
      case AURA_ENGINE_PROXY_RANDOM:
        start = g_rand_int_range (self->rand, 0, (gint32)n);
        break;
      case AURA_ENGINE_PROXY_STICKY:
        start = g_str_hash (transfer->proxy_key != NULL ? transfer->proxy_key : transfer->host) % n;
        break;
      case AURA_ENGINE_PROXY_ROUND_ROBIN:
      default:
        start = self->proxy_next++ % n;
        break;
    }
  for (guint i = 0; i < n; i++)
    {
      EngineProxy *proxy = g_ptr_array_index (proxies, (start + i) % n);

      if (avoid && proxy == transfer->avoid_proxy)
        continue;
      if (usable (self, proxy, now))
        return proxy;
    }
  return NULL;
}

EngineProxy *
engine_proxies_choose (AuraEngine *self, EngineTransfer *transfer)
{
  EngineProxy *proxy = pick (self, transfer, TRUE);

  /* The proxy that just failed this request, if nothing else is left. */
  if (proxy == NULL)
    proxy = pick (self, transfer, FALSE);
  if (proxy != NULL && proxy->dead)
    {
      g_debug ("proxy %s: probing after its cool-down", proxy->display);
      proxy->probing = TRUE;
      transfer->probing_proxy = TRUE;
    }
  if (proxy != NULL)
    proxy->used++;
  return proxy;
}

/* The transfer no longer uses its proxy (finished, or starting over). */
void
engine_proxy_release (EngineTransfer *transfer)
{
  if (transfer->proxy != NULL && transfer->probing_proxy)
    transfer->proxy->probing = FALSE;
  transfer->probing_proxy = FALSE;
  transfer->proxy = NULL;
}

void
engine_proxy_report (AuraEngine *self, EngineTransfer *transfer, gboolean ok)
{
  EngineProxy *proxy = transfer->proxy;

  if (ok)
    {
      if (proxy->dead)
        g_debug ("proxy %s is back", proxy->display);
      proxy->failures = 0;
      proxy->dead = FALSE;
    }
  else
    {
      proxy->failures++;
      if (proxy->dead || proxy->failures >= self->proxy_max_failures)
        {
          if (!proxy->dead)
            g_debug ("proxy %s set aside after %u failures", proxy->display, proxy->failures);
          proxy->dead = TRUE;
          proxy->dead_since = g_get_monotonic_time ();
        }
    }
  if (transfer->probing_proxy)
    {
      proxy->probing = FALSE;
      transfer->probing_proxy = FALSE;
    }
  engine_stats_update (self, 0, 0, 0, 0, 0, 0, 0);
}
