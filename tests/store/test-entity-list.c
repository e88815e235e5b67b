/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include <locale.h>
#include <string.h>

#include "aura-entity-list-private.h"
#include "store-test-utils.h"

/* AuraEntityList: the paged GListModel over the store, read in a worker
 * and announced on the main context. */

typedef struct
{
  guint n_signals;
  guint last_removed;
  guint last_added;
} ItemsChanged;

static void
items_changed_cb (GListModel *model, guint position, guint removed, guint added, gpointer data)
{
  ItemsChanged *seen = data;

  g_assert_cmpuint (position, ==, 0);
  seen->n_signals++;
  seen->last_removed = removed;
  seen->last_added = added;
}

static gboolean
timeout_cb (gpointer data)
{
  g_error ("Timed out waiting for the list to load");
  return G_SOURCE_REMOVE;
}

static void
wait_loaded (AuraEntityList *list)
{
  guint timeout = g_timeout_add_seconds (20, timeout_cb, NULL);

  /* Superseded reads still answer (and hold the list until then). */
  while (aura_entity_list_get_loading (list) || aura_entity_list_get_n_reads_in_flight (list) > 0)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
}

/* Waits until @seen has counted @n signals. */
static void
wait_signals (ItemsChanged *seen, guint n)
{
  guint timeout = g_timeout_add_seconds (20, timeout_cb, NULL);

  while (seen->n_signals < n)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
}

static void
fill (AuraStore *store, gint64 inv, guint n)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (aura_store_batch_begin (store, "fill", &error));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *value = g_strdup_printf ("user%06u", i);
      AuraEntityType type = i % 10 == 0 ? AURA_ENTITY_DOMAIN : AURA_ENTITY_USERNAME;
      g_autofree char *domain = g_strdup_printf ("site%u.example", i);
      g_object_unref (aura_store_add_entity (store, inv, type,
                                             type == AURA_ENTITY_DOMAIN ? domain : value, NULL,
                                             (i % 100) / 100.0, NULL, NULL, &error));
      g_assert_no_error (error);
    }
  g_assert_true (aura_store_batch_commit (store, &error));
  g_assert_no_error (error);
}

static void
test_load_and_page (StoreFixture *fixture, gconstpointer data)
{
  gint64 inv = store_fixture_investigation (fixture, "List");
  ItemsChanged seen = { 0 };
  AuraEntityList *list;
  g_autoptr (AuraEntity) first = NULL;
  g_autoptr (AuraEntity) last = NULL;

  fill (fixture->store, inv, 1000);
  list = aura_entity_list_new (fixture->store, inv);
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &seen);
  g_assert_true (aura_entity_list_get_loading (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  wait_loaded (list);
  g_assert_cmpuint (seen.n_signals, ==, 1);
  g_assert_cmpuint (seen.last_removed, ==, 0);
  g_assert_cmpuint (seen.last_added, ==, 1000);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1000);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == AURA_TYPE_ENTITY);
  g_assert_null (aura_entity_list_get_error (list));

  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  last = g_list_model_get_item (G_LIST_MODEL (list), 999);
  g_assert_nonnull (first);
  g_assert_nonnull (last);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 1000));
  g_assert_cmpstr (aura_entity_get_normalized (first), <, aura_entity_get_normalized (last));
  g_assert_cmpuint (aura_entity_list_get_n_page_reads (list), ==, 2);
  /* The same page is not read twice. */
  g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), 1));
  g_assert_cmpuint (aura_entity_list_get_n_page_reads (list), ==, 2);

  g_assert_finalize_object (list);
}

static void
test_sort_filter_search (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 inv = store_fixture_investigation (fixture, "Sorted");
  AuraEntityList *list;
  g_autoptr (AuraEntity) a = NULL;
  g_autoptr (AuraEntity) b = NULL;

  fill (fixture->store, inv, 500);
  list = aura_entity_list_new (fixture->store, inv);
  wait_loaded (list);

  aura_entity_list_set_sort (list, AURA_ENTITY_SORT_CONFIDENCE, TRUE);
  g_assert_cmpint (aura_entity_list_get_sort (list), ==, AURA_ENTITY_SORT_CONFIDENCE);
  g_assert_true (aura_entity_list_get_descending (list));
  wait_loaded (list);
  a = g_list_model_get_item (G_LIST_MODEL (list), 0);
  b = g_list_model_get_item (G_LIST_MODEL (list), 499);
  g_assert_cmpfloat (aura_entity_get_confidence (a), >=, aura_entity_get_confidence (b));
  g_assert_cmpfloat_with_epsilon (aura_entity_get_confidence (a), 0.99, 1e-9);

  aura_entity_list_set_entity_type (list, AURA_ENTITY_DOMAIN);
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 50);

  aura_entity_list_set_entity_type (list, -1);
  aura_entity_list_set_search_text (list, "user00012");
  wait_loaded (list);
  /* user000120…user000129 minus the domains (120) plus user00012x… */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 9);
  g_assert_cmpstr (aura_entity_list_get_search_text (list), ==, "user00012");

  aura_entity_list_set_search_text (list, "\" NEAR( *");
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_null (aura_entity_list_get_error (list));

  aura_entity_list_set_search_text (list, NULL);
  g_object_unref (
      aura_store_add_target (fixture->store, inv, AURA_ENTITY_USERNAME, "user000001", &error));
  g_assert_no_error (error);
  aura_entity_list_set_targets_only (list, TRUE);
  g_assert_true (aura_entity_list_get_targets_only (list));
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);

  g_assert_finalize_object (list);
}

static void
test_newer_read_wins (StoreFixture *fixture, gconstpointer data)
{
  gint64 inv = store_fixture_investigation (fixture, "Racing");
  ItemsChanged seen = { 0 };
  AuraEntityList *list;

  fill (fixture->store, inv, 300);
  list = aura_entity_list_new (fixture->store, inv);
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &seen);
  /* Three reads started before any ends: only the last one lands. */
  aura_entity_list_set_search_text (list, "user");
  aura_entity_list_set_search_text (list, "user0001");
  wait_loaded (list);
  g_assert_cmpuint (seen.n_signals, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 90);
  g_assert_finalize_object (list);
}

typedef struct
{
  AuraStore *store;
  gint64 inv;
} WriterData;

static gpointer
writer_thread (gpointer data)
{
  WriterData *writer = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraEntity) e = NULL;

  e = aura_store_add_entity (writer->store, writer->inv, AURA_ENTITY_USERNAME, "from-thread", NULL,
                             0.5, NULL, NULL, &error);
  g_assert_no_error (error);
  return NULL;
}

static void
test_reload_on_change (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 inv = store_fixture_investigation (fixture, "Live");
  gint64 other = store_fixture_investigation (fixture, "Other");
  ItemsChanged seen = { 0 };
  AuraEntityList *list;

  fill (fixture->store, inv, 10);
  list = aura_entity_list_new (fixture->store, inv);
  wait_loaded (list);
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &seen);

  /* A burst of changes is one reload. */
  for (int i = 0; i < 5; i++)
    {
      g_autofree char *value = g_strdup_printf ("late%d", i);
      g_object_unref (aura_store_add_entity (fixture->store, inv, AURA_ENTITY_USERNAME, value, NULL,
                                             0.5, NULL, NULL, &error));
    }
  /* Changes elsewhere are ignored. */
  g_object_unref (aura_store_add_entity (fixture->store, other, AURA_ENTITY_USERNAME, "far", NULL,
                                         0.5, NULL, NULL, &error));
  g_assert_no_error (error);
  wait_signals (&seen, 1);
  wait_loaded (list);
  g_assert_cmpuint (seen.n_signals, ==, 1);
  g_assert_cmpuint (seen.last_removed, ==, 10);
  g_assert_cmpuint (seen.last_added, ==, 15);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 15);

  /* A change made in another thread arrives on this main context. */
  {
    WriterData writer = { fixture->store, inv };
    GThread *thread = g_thread_new ("writer", writer_thread, &writer);
    g_thread_join (thread);
  }
  wait_signals (&seen, 2);
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 16);
  g_assert_finalize_object (list);
}

static void
test_large_reads_few_pages (StoreFixture *fixture, gconstpointer data)
{
  gint64 inv = store_fixture_investigation (fixture, "Large");
  AuraEntityList *list;
  const guint positions[] = { 0, 50000, 99999, 50001, 1 };
  gint64 start;

  fill (fixture->store, inv, 100000);
  list = aura_entity_list_new (fixture->store, inv);
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 100000);
  g_assert_cmpuint (aura_entity_list_get_n_cached_pages (list), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (positions); i++)
    {
      g_autoptr (AuraEntity) e = NULL;

      start = g_get_monotonic_time ();
      e = g_list_model_get_item (G_LIST_MODEL (list), positions[i]);
      g_assert_nonnull (e);
      g_test_message ("get_item (%u): %" G_GINT64_FORMAT " µs", positions[i],
                      g_get_monotonic_time () - start);
    }
  g_assert_cmpuint (aura_entity_list_get_n_page_reads (list), ==, 3);
  g_assert_cmpuint (aura_entity_list_get_n_cached_pages (list), <=, 4);
  g_assert_finalize_object (list);

  /* Counting full-text matches stays linear: the match must drive the
   * join (a plan that re-runs the MATCH per row takes minutes here). */
  {
    g_autoptr (GError) error = NULL;
    AuraEntityQuery q = AURA_ENTITY_QUERY_INIT;

    q.investigation_id = inv;
    q.text = "user";
    start = g_get_monotonic_time ();
    g_assert_cmpint (aura_store_count_entities (fixture->store, &q, &error), ==, 90000);
    g_assert_no_error (error);
    g_test_message ("count of 90,000 matches: %" G_GINT64_FORMAT " ms",
                    (g_get_monotonic_time () - start) / 1000);
  }
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func)                                                                            \
  g_test_add (path, StoreFixture, NULL, store_fixture_set_up, func, store_fixture_tear_down)

  ADD ("/store/entity-list/load-and-page", test_load_and_page);
  ADD ("/store/entity-list/sort-filter-search", test_sort_filter_search);
  ADD ("/store/entity-list/newer-read-wins", test_newer_read_wins);
  ADD ("/store/entity-list/reload-on-change", test_reload_on_change);
  ADD ("/store/entity-list/large-reads-few-pages", test_large_reads_few_pages);

  return g_test_run ();
}
