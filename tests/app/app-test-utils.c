/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include <glib/gstdio.h>

#include "app-test-utils.h"

/* Under AddressSanitizer everything runs several times slower, and CI runs
 * two such programs at once on two cores: the waits stretch with them
 * (meson's own timeouts get --timeout-multiplier 3 there). */
#if defined(__SANITIZE_ADDRESS__)
#define WAIT_SCALE 4
#else
#define WAIT_SCALE 1
#endif

void
app_test_wait_until (AppTestCondition condition, gpointer data, guint timeout_ms, const char *what)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)timeout_ms * 1000 * WAIT_SCALE;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out after %u ms waiting for %s", timeout_ms * WAIT_SCALE, what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

void
app_test_drain (guint ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)ms * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (1000);
    }
}

GtkWidget *
app_test_find_button (GtkWidget *root, const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = app_test_find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

void
app_test_populate (const char *path, guint n_entities)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraStore) store = aura_store_open (path, AURA_STORE_OPEN_DEFAULT, &error);
  g_autoptr (AuraInvestigation) alpha = NULL;
  g_autoptr (AuraInvestigation) beta = NULL;
  g_autoptr (AuraInvestigation) gamma = NULL;
  g_autoptr (AuraEntity) t1 = NULL;
  g_autoptr (AuraEntity) t2 = NULL;
  AuraProvenance provenance = { 0, "test-fixture", "app-test-utils.c" };
  gint64 id;

  g_assert_no_error (error);
  alpha = aura_store_create_investigation (store, "Alpha", "Who is behind alice?", &error);
  g_assert_no_error (error);
  beta = aura_store_create_investigation (store, "Beta", NULL, &error);
  g_assert_no_error (error);
  gamma = aura_store_create_investigation (store, "Gamma", "Closed case", &error);
  g_assert_no_error (error);
  g_assert_true (
      aura_store_archive_investigation (store, aura_investigation_get_id (gamma), TRUE, &error));
  id = aura_investigation_get_id (alpha);
  t1 = aura_store_add_target (store, id, AURA_ENTITY_EMAIL, "alice@example.com", &error);
  g_assert_no_error (error);
  t2 = aura_store_add_target (store, id, AURA_ENTITY_USERNAME, "alice", &error);
  g_assert_no_error (error);

  g_assert_true (aura_store_batch_begin (store, "app test fixture", &error));
  for (guint i = 0; i < n_entities; i++)
    {
      g_autofree char *value = NULL;
      g_autoptr (AuraEntity) entity = NULL;
      AuraEntityType type;

      switch (i % 3)
        {
          case 0:
            type = AURA_ENTITY_USERNAME;
            value = g_strdup_printf ("user%u", i / 3);
            break;
          case 1:
            type = AURA_ENTITY_DOMAIN;
            value = g_strdup_printf ("example%u.com", i / 3);
            break;
          default:
            type = AURA_ENTITY_EMAIL;
            value = g_strdup_printf ("person%u@example.org", i / 3);
            break;
        }
      entity = aura_store_add_entity (store, id, type, value, "{\"source\":\"fixture\"}",
                                      (double)(i % 100) / 100.0, &provenance, NULL, &error);
      g_assert_no_error (error);
    }
  g_assert_true (aura_store_batch_commit (store, &error));
  g_assert_no_error (error);
}

void
app_test_remove_tree (const char *dir)
{
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        app_test_remove_tree (path);
      else
        g_remove (path);
    }
  g_rmdir (dir);
}
