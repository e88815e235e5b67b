/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-app"
#include "config.h"

#include "aura-api-keys.h"
#include "aura-application.h"
#include "aura-domain-panel-private.h"
#include "aura-source-list.h"

/* What a domain scan of the panel is asked to do: the "domain-*" settings,
 * read when a scan starts, then what a test put in their place
 * (aura_domain_panel_set_test_options()). */

typedef struct
{
  char **resolvers;
  char *wordlist;
  gboolean permutations;
  guint rate;
  char **sources;
  AuraSourceList *source_list;
  AuraApiKeys *keys;
  char **source_url_overrides;
  char *rdap_bootstrap_dir;
  gboolean no_transfer;
  gboolean no_rdap;
  gboolean no_harvest;
  gboolean no_asn;
  guint harvest_pages;
  guint web_port;
  char *web_scheme;
  guint timeout_ms;
} Overrides;

struct _AuraDomainScanConfig
{
  /* The settings. */
  char *wordlist; /* NULL: no brute force */
  gboolean permutations;
  guint rate;
  gboolean all_sources;
  gboolean harvest;
  gboolean rdap;
  gboolean transfer;

  Overrides *overrides;
};

static const char *const all_sources[] = { "all", NULL };
static const char *const no_sources[] = { "none", NULL };

static void
overrides_free (Overrides *overrides)
{
  if (overrides == NULL)
    return;
  g_strfreev (overrides->resolvers);
  g_free (overrides->wordlist);
  g_strfreev (overrides->sources);
  g_clear_object (&overrides->source_list);
  g_clear_object (&overrides->keys);
  g_strfreev (overrides->source_url_overrides);
  g_free (overrides->rdap_bootstrap_dir);
  g_free (overrides->web_scheme);
  g_free (overrides);
}

AuraDomainScanConfig *
aura_domain_scan_config_new (void)
{
  AuraDomainScanConfig *self = g_new0 (AuraDomainScanConfig, 1);

  self->all_sources = TRUE;
  self->harvest = TRUE;
  self->rdap = TRUE;
  self->transfer = TRUE;
  return self;
}

void
aura_domain_scan_config_free (AuraDomainScanConfig *self)
{
  if (self == NULL)
    return;
  g_free (self->wordlist);
  overrides_free (self->overrides);
  g_free (self);
}

void
aura_domain_scan_config_read_settings (AuraDomainScanConfig *self)
{
  g_autoptr (GSettings) settings = g_settings_new (AURA_SETTINGS_SCHEMA);
  g_autofree char *wordlist = g_settings_get_string (settings, "domain-wordlist");
  g_autofree char *sources = g_settings_get_string (settings, "domain-sources");

  g_free (self->wordlist);
  self->wordlist = g_strcmp0 (wordlist, "none") == 0 ? NULL : g_steal_pointer (&wordlist);
  self->permutations = g_settings_get_boolean (settings, "domain-permutations");
  self->rate = (guint)MAX (0, g_settings_get_int (settings, "domain-rate"));
  self->all_sources = g_strcmp0 (sources, "none") != 0;
  self->harvest = g_settings_get_boolean (settings, "domain-harvest");
  self->rdap = g_settings_get_boolean (settings, "domain-rdap");
  self->transfer = g_settings_get_boolean (settings, "domain-transfer");
}

void
aura_domain_scan_config_set_overrides (AuraDomainScanConfig *self,
                                       const AuraDomainScanOptions *overrides)
{
  Overrides *o;

  g_clear_pointer (&self->overrides, overrides_free);
  if (overrides == NULL)
    return;
  o = g_new0 (Overrides, 1);
  o->resolvers = g_strdupv ((char **)overrides->resolvers);
  o->wordlist = g_strdup (overrides->wordlist);
  o->permutations = overrides->permutations;
  o->rate = overrides->rate;
  o->sources = g_strdupv ((char **)overrides->sources);
  if (overrides->source_list != NULL)
    o->source_list = g_object_ref ((AuraSourceList *)overrides->source_list);
  if (overrides->keys != NULL)
    o->keys = g_object_ref ((AuraApiKeys *)overrides->keys);
  o->source_url_overrides = g_strdupv ((char **)overrides->source_url_overrides);
  o->rdap_bootstrap_dir = g_strdup (overrides->rdap_bootstrap_dir);
  o->no_transfer = overrides->no_transfer;
  o->no_rdap = overrides->no_rdap;
  o->no_harvest = overrides->no_harvest;
  o->no_asn = overrides->no_asn;
  o->harvest_pages = overrides->harvest_pages;
  o->web_port = overrides->web_port;
  o->web_scheme = g_strdup (overrides->web_scheme);
  o->timeout_ms = overrides->timeout_ms;
  self->overrides = o;
}

static const char *const *
chosen_sources (AuraDomainScanConfig *self)
{
  if (self->overrides != NULL && self->overrides->sources != NULL)
    return (const char *const *)self->overrides->sources;
  return self->all_sources ? all_sources : no_sources;
}

gboolean
aura_domain_scan_config_asks_sources (AuraDomainScanConfig *self)
{
  const char *const *sources = chosen_sources (self);

  return sources[0] != NULL && g_ascii_strcasecmp (sources[0], "none") != 0;
}

AuraSourceList *
aura_domain_scan_config_get_source_list (AuraDomainScanConfig *self)
{
  return self->overrides != NULL ? self->overrides->source_list : NULL;
}

void
aura_domain_scan_config_fill (AuraDomainScanConfig *self,
                              AuraSourceList *sources,
                              AuraDomainScanOptions *options)
{
  const Overrides *o = self->overrides;

  memset (options, 0, sizeof *options);
  options->wordlist = self->wordlist;
  options->permutations = self->permutations;
  options->rate = self->rate;
  options->sources = chosen_sources (self);
  options->source_list = sources;
  options->no_transfer = !self->transfer;
  options->no_rdap = !self->rdap;
  options->no_harvest = !self->harvest;
  if (o == NULL)
    return;
  options->resolvers = (const char *const *)o->resolvers;
  if (o->wordlist != NULL)
    options->wordlist = o->wordlist;
  options->permutations |= o->permutations;
  if (o->rate != 0)
    options->rate = o->rate;
  options->keys = o->keys;
  options->source_url_overrides = (const char *const *)o->source_url_overrides;
  options->rdap_bootstrap_dir = o->rdap_bootstrap_dir;
  options->no_transfer |= o->no_transfer;
  options->no_rdap |= o->no_rdap;
  options->no_harvest |= o->no_harvest;
  options->no_asn = o->no_asn;
  options->harvest_pages = o->harvest_pages;
  options->web_port = o->web_port;
  options->web_scheme = o->web_scheme;
  options->timeout_ms = o->timeout_ms;
}
