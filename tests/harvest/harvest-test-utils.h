/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <string.h>

#include "aura-harvest.h"
#include "aura.h"

/* Helpers shared by the harvest tests. */

static inline const AuraHarvestFinding *
harvest_find (GPtrArray *findings, AuraHarvestKind kind, const char *value)
{
  for (guint i = 0; i < findings->len; i++)
    {
      const AuraHarvestFinding *finding = findings->pdata[i];

      if (finding->kind == kind && g_strcmp0 (finding->value, value) == 0)
        return finding;
    }
  return NULL;
}

/* The finding, which must be there. */
static inline const AuraHarvestFinding *
harvest_expect (GPtrArray *findings, AuraHarvestKind kind, const char *value)
{
  const AuraHarvestFinding *finding = harvest_find (findings, kind, value);

  if (finding == NULL)
    {
      g_autoptr (GString) all = g_string_new (NULL);

      for (guint i = 0; i < findings->len; i++)
        {
          const AuraHarvestFinding *f = findings->pdata[i];
          g_string_append_printf (all, "\n  %s %s %s", aura_harvest_kind_to_string (f->kind),
                                  f->type != NULL ? f->type : "-", f->value);
        }
      g_error ("no %s finding “%s” among:%s", aura_harvest_kind_to_string (kind), value, all->str);
    }
  return finding;
}

static inline guint
harvest_count (GPtrArray *findings, AuraHarvestKind kind)
{
  guint n = 0;

  for (guint i = 0; i < findings->len; i++)
    if (((const AuraHarvestFinding *)findings->pdata[i])->kind == kind)
      n++;
  return n;
}

/* Every string of every finding is valid UTF-8 and evidence is short. */
static inline void
harvest_assert_clean (GPtrArray *findings)
{
  for (guint i = 0; i < findings->len; i++)
    {
      const AuraHarvestFinding *f = findings->pdata[i];

      g_assert_true (g_utf8_validate (f->value, -1, NULL));
      g_assert_nonnull (f->key);
      g_assert_nonnull (f->evidence);
      g_assert_true (g_utf8_validate (f->evidence, -1, NULL));
      g_assert_cmpuint (g_utf8_strlen (f->evidence, -1), <=, 204);
      g_assert_null (strchr (f->evidence, '\n'));
      if (f->detail != NULL)
        g_assert_true (g_utf8_validate (f->detail, -1, NULL));
    }
}

static inline char *
harvest_read_page (const char *name, gsize *len)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "harvest", "pages", name, NULL);
  g_autoptr (GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, len, &error);
  g_assert_no_error (error);
  return contents;
}
