/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-subdomain"
#include "config.h"

#include <string.h>

#include "aura-subdomain-private.h"

/* Wildcard levels. A level is a parent name under which hits were found
 * (the domain itself, "dev" for x.dev.DOMAIN). Before its hits are
 * trusted, AURA_WILDCARD_PROBES random 12-character labels are asked
 * under it; what they get is the level's wildcard answer. A hit whose
 * answer is the wildcard's is discarded, one with its own answer is kept.
 * The worker keeps the levels in a table, so each is probed once. */

#define PROBE_LABEL 12

static void
random_label (GRand *rand, char *out)
{
  static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";

  /* A letter first: a label of digits only looks odd to some servers. */
  out[0] = alphabet[g_rand_int_range (rand, 0, 26)];
  for (guint i = 1; i < PROBE_LABEL; i++)
    out[i] = alphabet[g_rand_int_range (rand, 0, (gint32)sizeof alphabet - 1)];
  out[PROBE_LABEL] = '\0';
}

AuraLevel *
aura_subdomain_level_new (const char *rel, GRand *rand)
{
  AuraLevel *level = g_new0 (AuraLevel, 1);

  level->rel = g_strdup (rel);
  level->state = AURA_LEVEL_PROBING;
  level->probes_left = AURA_WILDCARD_PROBES;
  for (guint i = 0; i < AURA_WILDCARD_PROBES; i++)
    {
      char label[PROBE_LABEL + 1];

      random_label (rand, label);
      level->probes[i] = rel[0] != '\0' ? g_strconcat (label, ".", rel, NULL) : g_strdup (label);
    }
  level->addresses = g_ptr_array_new_with_free_func (g_free);
  level->cnames = g_ptr_array_new_with_free_func (g_free);
  level->parked = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_subdomain_hit_free);
  return level;
}

void
aura_subdomain_level_free (AuraLevel *level)
{
  if (level == NULL)
    return;
  g_free (level->rel);
  for (guint i = 0; i < AURA_WILDCARD_PROBES; i++)
    g_free (level->probes[i]);
  g_ptr_array_unref (level->addresses);
  g_ptr_array_unref (level->cnames);
  g_ptr_array_unref (level->parked);
  g_free (level);
}

static void
add_unique (GPtrArray *set, const char *value)
{
  if (!g_ptr_array_find_with_equal_func (set, value, g_str_equal, NULL))
    g_ptr_array_add (set, g_strdup (value));
}

void
aura_subdomain_level_add_probe (AuraLevel *level, char **addresses, const char *cname)
{
  g_return_if_fail (level->probes_left > 0);

  if (cname != NULL)
    {
      add_unique (level->cnames, cname);
      level->wildcard = TRUE;
    }
  for (guint i = 0; addresses != NULL && addresses[i] != NULL; i++)
    {
      add_unique (level->addresses, addresses[i]);
      level->wildcard = TRUE;
    }
  if (--level->probes_left == 0)
    {
      level->state = AURA_LEVEL_KNOWN;
      g_debug ("level “%s”: %s (%u addresses, %u CNAME targets)", level->rel,
               level->wildcard ? "wildcard" : "no wildcard", level->addresses->len,
               level->cnames->len);
    }
}

/* A wildcard that is a CNAME answers with its target: a hit with the same
 * target is the wildcard. Otherwise a hit without a CNAME whose every
 * address is one the probes got is the wildcard (round-robin wildcards
 * give subsets of one set of addresses). */
gboolean
aura_subdomain_level_matches (const AuraLevel *level, const AuraSubdomainHit *hit)
{
  if (!level->wildcard)
    return FALSE;
  if (hit->cname != NULL)
    return g_ptr_array_find_with_equal_func (level->cnames, hit->cname, g_str_equal, NULL);
  if (hit->addresses == NULL || hit->addresses[0] == NULL)
    return FALSE;
  for (guint i = 0; hit->addresses[i] != NULL; i++)
    if (!g_ptr_array_find_with_equal_func (level->addresses, hit->addresses[i], g_str_equal, NULL))
      return FALSE;
  return TRUE;
}

const char *
aura_subdomain_parent_rel (const char *rel)
{
  const char *dot = strchr (rel, '.');

  return dot != NULL ? dot + 1 : "";
}
