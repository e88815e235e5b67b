/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib/gstdio.h>

#include "aura.h"

G_BEGIN_DECLS

/* A temporary folder holding one database, removed by store_fixture_tear_down(). */
typedef struct
{
  char *dir;
  char *path;
  AuraStore *store;
} StoreFixture;

static inline void
store_fixture_remove_dir (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        store_fixture_remove_dir (child);
      else
        g_remove (child);
    }
  g_rmdir (dir);
}

static inline void
store_fixture_set_up (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("aura-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "aura.db", NULL);
  fixture->store = aura_store_open (fixture->path, AURA_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);
}

static inline void
store_fixture_tear_down (StoreFixture *fixture, gconstpointer data)
{
  if (fixture->store != NULL)
    g_assert_finalize_object (fixture->store);
  store_fixture_remove_dir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static inline gint64
store_fixture_investigation (StoreFixture *fixture, const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraInvestigation) inv =
      aura_store_create_investigation (fixture->store, name, NULL, &error);

  g_assert_no_error (error);
  return aura_investigation_get_id (inv);
}

G_END_DECLS
