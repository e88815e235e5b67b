/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include <locale.h>

#include "store-test-utils.h"

/* The graph data model and its loading from the store. */

static void
test_builder_index_survives_growth (void)
{
  g_autoptr (AuraGraph) graph = aura_graph_new ();
  guint *offsets = NULL, *adjacency = NULL;

  for (gint64 id = 1; id <= 1000; id++)
    g_assert_cmpuint (aura_graph_add_node (graph, id * 7, AURA_ENTITY_USERNAME, "n", 1.0), ==,
                      (guint)(id - 1));
  /* Adding an id again gives the same node. */
  g_assert_cmpuint (aura_graph_add_node (graph, 7 * 500, AURA_ENTITY_EMAIL, "x", 0.1), ==, 499);
  g_assert_cmpuint (graph->n_nodes, ==, 1000);
  for (gint64 id = 1; id <= 1000; id++)
    g_assert_cmpint (aura_graph_find_node (graph, id * 7), ==, (gint)(id - 1));
  g_assert_cmpint (aura_graph_find_node (graph, 3), ==, -1);

  aura_graph_add_edge (graph, 0, 1, "links_to", 1.0, 0);
  aura_graph_add_edge (graph, 0, 2, "links_to", 1.0, 0);
  aura_graph_add_edge (graph, 3, 3, "self", 1.0, 0);
  g_assert_true (graph->edge_types[0] == graph->edge_types[1]);
  aura_graph_build_adjacency (graph, &offsets, &adjacency);
  g_assert_cmpuint (offsets[1] - offsets[0], ==, 2);
  g_assert_cmpuint (offsets[2] - offsets[1], ==, 1);
  g_assert_cmpuint (adjacency[offsets[1]], ==, 0);
  g_assert_cmpuint (offsets[4] - offsets[3], ==, 1);
  g_assert_cmpuint (offsets[1000], ==, 5);
  g_free (offsets);
  g_free (adjacency);
}

static void
test_load_from_store (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 inv = store_fixture_investigation (fixture, "Graph");
  gint64 other = store_fixture_investigation (fixture, "Other");
  g_autoptr (AuraEntity) a = NULL;
  g_autoptr (AuraEntity) b = NULL;
  g_autoptr (AuraEntity) c = NULL;
  g_autoptr (AuraEntity) elsewhere = NULL;
  g_autoptr (AuraRelation) ab = NULL;
  g_autoptr (AuraRelation) bc = NULL;
  g_autoptr (AuraGraph) graph = NULL;
  gint ia, ib;

  a = aura_store_add_entity (fixture->store, inv, AURA_ENTITY_USERNAME, "alice", NULL, 1.0, NULL,
                             NULL, &error);
  b = aura_store_add_entity (fixture->store, inv, AURA_ENTITY_EMAIL, "alice@example.com", NULL, 0.5,
                             NULL, NULL, &error);
  c = aura_store_add_entity (fixture->store, inv, AURA_ENTITY_DOMAIN, "example.com", NULL, 0.9,
                             NULL, NULL, &error);
  elsewhere = aura_store_add_entity (fixture->store, other, AURA_ENTITY_USERNAME, "bob", NULL, 1.0,
                                     NULL, NULL, &error);
  ab = aura_store_add_relation (fixture->store, inv, aura_entity_get_id (a), aura_entity_get_id (b),
                                "has_email", NULL, 0.8, NULL, &error);
  bc = aura_store_add_relation (fixture->store, inv, aura_entity_get_id (b), aura_entity_get_id (c),
                                "at_domain", NULL, 1.0, NULL, &error);
  g_assert_no_error (error);

  graph = aura_store_load_graph (fixture->store, inv, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (graph->n_nodes, ==, 3);
  g_assert_cmpuint (graph->n_edges, ==, 2);
  ia = aura_graph_find_node (graph, aura_entity_get_id (a));
  ib = aura_graph_find_node (graph, aura_entity_get_id (b));
  g_assert_cmpint (ia, >=, 0);
  g_assert_cmpint (graph->types[ib], ==, AURA_ENTITY_EMAIL);
  g_assert_cmpstr (graph->labels[ib], ==, "alice@example.com");
  g_assert_cmpuint (graph->edge_source[0], ==, (guint)ia);
  g_assert_cmpuint (graph->edge_target[0], ==, (guint)ib);
  g_assert_cmpstr (graph->edge_types[0], ==, "has_email");
  g_assert_cmpfloat (graph->edge_weight[0], ==, 0.8);
  g_assert_cmpint (graph->relation_ids[1], ==, aura_relation_get_id (bc));
  g_assert_cmpint (aura_graph_find_node (graph, aura_entity_get_id (elsewhere)), ==, -1);

  g_assert_null (aura_store_load_graph (fixture->store, 987654, &error));
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_NOT_FOUND);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/graph/builder/index-survives-growth", test_builder_index_survives_growth);
  g_test_add ("/graph/store/load", StoreFixture, NULL, store_fixture_set_up, test_load_from_store,
              store_fixture_tear_down);

  return g_test_run ();
}
