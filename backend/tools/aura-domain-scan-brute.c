/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-tools"
#include "config.h"

#include <glib/gi18n-lib.h>

#include "aura-domain-scan-private.h"
#include "aura-subdomain.h"

/* The brute force of the domain scan: the word list (then permutations of
 * the names found) through backend/tools/subdomain, on its own thread;
 * its names arrive here with their addresses, already free of wildcard
 * answers. */

static void
found_cb (AuraSubdomainBrute *brute, GPtrArray *hits, gpointer data)
{
  AuraDomainScan *self = data;
  AuraDomainSource *part = aura_domain_scan_find_part (self, "brute");

  for (guint i = 0; i < hits->len; i++)
    {
      const AuraSubdomainHit *hit = hits->pdata[i];
      const char *cnames[] = { hit->cname, NULL };
      aura_domain_scan_add_name (self, hit->name, hit->from_permutation ? "permutation" : "brute",
                                 (const char *const *)hit->addresses,
                                 hit->cname != NULL ? cnames : NULL);
      part->found++;
    }
  aura_domain_scan_part_changed (self, part);
}

static void
progress_cb (AuraSubdomainBrute *brute, const AuraSubdomainProgress *progress, gpointer data)
{
  AuraDomainScan *self = data;
  AuraDomainSource *part = aura_domain_scan_find_part (self, "brute");

  part->requests = (guint)MIN (progress->sent, G_MAXUINT);
  self->brute_queries = progress->sent;
  self->wildcard_discarded = progress->wildcard_discarded;
}

static void
finished_cb (AuraSubdomainBrute *brute, gpointer data)
{
  AuraDomainScan *self = data;
  AuraDomainSource *part = aura_domain_scan_find_part (self, "brute");
  const GError *error = aura_subdomain_brute_get_error (brute);
  g_autoptr (AuraSubdomainProgress) progress = aura_subdomain_brute_get_progress (brute);

  progress_cb (brute, progress, self);
  if (error == NULL)
    aura_domain_scan_end_part (self, part, AURA_DOMAIN_SOURCE_OK, NULL);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    aura_domain_scan_end_part (self, part, AURA_DOMAIN_SOURCE_CANCELLED, NULL);
  else
    aura_domain_scan_end_part (self, part, AURA_DOMAIN_SOURCE_ERROR, error->message);
  aura_domain_scan_release (self);
}

/* A word list file, or a bundled list by name. */
char *
aura_domain_scan_find_wordlist (const char *wordlist, GError **error)
{
  if (g_file_test (wordlist, G_FILE_TEST_EXISTS) || strchr (wordlist, G_DIR_SEPARATOR) != NULL)
    return g_strdup (wordlist);
  return aura_wordlist_find_bundled (wordlist, error);
}

void
aura_domain_scan_start_brute (AuraDomainScan *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  AuraSubdomainBruteOptions options = { 0 };
  AuraSubdomainBrute *brute;
  AuraDomainSource *part;

  if (self->wordlist == NULL)
    return;
  part = aura_domain_scan_add_part (self, "brute", _ ("Brute force"));
  path = aura_domain_scan_find_wordlist (self->wordlist, &error);
  options.domain = self->domain;
  options.wordlist = path;
  options.resolvers = (const char *const *)self->resolvers;
  options.rate = self->rate;
  options.timeout_ms = self->timeout_ms;
  options.permutations = self->permutations;
  options.aaaa = TRUE;
  brute = path != NULL ? aura_subdomain_brute_new (&options, &error) : NULL;
  if (brute == NULL)
    {
      aura_domain_scan_end_part (self, part, AURA_DOMAIN_SOURCE_ERROR, error->message);
      return;
    }
  self->brute = G_OBJECT (brute);
  g_signal_connect (brute, "found", G_CALLBACK (found_cb), self);
  g_signal_connect (brute, "progress", G_CALLBACK (progress_cb), self);
  g_signal_connect (brute, "finished", G_CALLBACK (finished_cb), self);
  aura_domain_scan_hold (self);
  aura_subdomain_brute_start (brute);
}

void
aura_domain_scan_cancel_brute (AuraDomainScan *self)
{
  if (self->brute != NULL)
    aura_subdomain_brute_cancel (AURA_SUBDOMAIN_BRUTE (self->brute));
}
