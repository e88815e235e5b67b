/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-manifest"
#include "config.h"

#include "aura-manifest.h"

/* A scan's rate hints, host by host: the hint of a site is a rate for the
 * host its requests go to, so two sites on one host share one bucket, at
 * the stricter rate. */

struct _AuraRateHints
{
  AuraEngine *engine;
  guint burst;
  GHashTable *rates; /* host → double * */
};

AuraRateHints *
aura_rate_hints_new (AuraEngine *engine, guint burst)
{
  AuraRateHints *hints;

  g_return_val_if_fail (AURA_IS_ENGINE (engine), NULL);

  hints = g_new0 (AuraRateHints, 1);
  hints->engine = g_object_ref (engine);
  hints->burst = burst > 0 ? burst : 1;
  hints->rates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return hints;
}

void
aura_rate_hints_free (AuraRateHints *hints)
{
  if (hints == NULL)
    return;
  g_object_unref (hints->engine);
  g_hash_table_unref (hints->rates);
  g_free (hints);
}

void
aura_rate_hints_apply (AuraRateHints *hints, const char *url, double rate)
{
  g_autoptr (GUri) uri = NULL;
  g_autofree char *host = NULL;
  double *known;

  g_return_if_fail (hints != NULL);

  if (url == NULL || !(rate > 0.0))
    return;
  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return;
  host = g_ascii_strdown (g_uri_get_host (uri), -1);
  known = g_hash_table_lookup (hints->rates, host);
  if (known != NULL && *known <= rate)
    return;
  aura_engine_set_host_rate (hints->engine, host, MIN (rate, AURA_ENGINE_HOST_RATE_MAX),
                             hints->burst);
  known = g_new (double, 1);
  *known = rate;
  g_hash_table_replace (hints->rates, g_steal_pointer (&host), known);
}
