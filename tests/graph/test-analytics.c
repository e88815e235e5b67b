/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

/* Analytics against small graphs whose answers are worked out by hand. */

#include <aura.h>
#include <math.h>

static AuraGraph *
graph_with_nodes (guint n)
{
  AuraGraph *graph = aura_graph_new ();

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *label = g_strdup_printf ("node %u", i);

      aura_graph_add_node (graph, 0, AURA_ENTITY_PERSON, label, 1.0);
    }
  return graph;
}

static void
add_edges (AuraGraph *graph, const guint *pairs, guint n_pairs)
{
  for (guint i = 0; i < n_pairs; i++)
    aura_graph_add_edge (graph, pairs[2 * i], pairs[2 * i + 1], "linked_to", 1.0, 0);
}

/* 0 - 1 - 2 - 3 - 4 */
static AuraGraph *
path_of_five (void)
{
  static const guint pairs[] = { 0, 1, 1, 2, 2, 3, 3, 4 };
  AuraGraph *graph = graph_with_nodes (5);

  add_edges (graph, pairs, 4);
  return graph;
}

/* Triangles {0,1,2} and {3,4,5} joined by the bridge 2 - 3. */
static AuraGraph *
two_triangles (void)
{
  static const guint pairs[] = { 0, 1, 1, 2, 0, 2, 3, 4, 4, 5, 3, 5, 2, 3 };
  AuraGraph *graph = graph_with_nodes (6);

  add_edges (graph, pairs, 7);
  return graph;
}

static AuraGraphAnalytics *
analyse (AuraGraph *graph)
{
  g_autoptr (GError) error = NULL;
  AuraGraphAnalytics *analytics = aura_graph_analytics_new (graph, &error);

  g_assert_no_error (error);
  g_assert_nonnull (analytics);
  g_assert_true (aura_graph_analytics_get_graph (analytics) == graph);
  return analytics;
}

static void
test_path_betweenness (void)
{
  g_autoptr (AuraGraph) graph = path_of_five ();
  g_autoptr (AuraGraphAnalytics) analytics = analyse (graph);
  g_autoptr (GError) error = NULL;
  g_autofree double *betweenness = aura_graph_analytics_betweenness (analytics, NULL, &error);
  g_autofree guint *degree = aura_graph_analytics_degree (analytics, &error);

  g_assert_no_error (error);
  /* The middle node lies on the paths 0–3, 0–4, 1–3, 1–4: 4 of the 6 pairs
   * of other nodes. Node 1 lies on 0–2, 0–3, 0–4: 3 of 6. */
  g_assert_cmpfloat_with_epsilon (betweenness[2], 4.0 / 6.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (betweenness[1], 3.0 / 6.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (betweenness[3], 3.0 / 6.0, 1e-9);
  g_assert_cmpfloat (betweenness[0], ==, 0.0);
  g_assert_cmpfloat (betweenness[4], ==, 0.0);
  g_assert_cmpuint (degree[0], ==, 1);
  g_assert_cmpuint (degree[2], ==, 2);
}

static void
test_betweenness_cutoff_and_sampling (void)
{
  g_autoptr (AuraGraph) graph = path_of_five ();
  g_autoptr (AuraGraphAnalytics) analytics = analyse (graph);
  g_autoptr (GError) error = NULL;
  AuraBetweennessOptions options = AURA_BETWEENNESS_OPTIONS_INIT;
  g_autofree double *local = NULL;
  g_autofree double *sampled = NULL;
  double *both;

  /* Paths of at most 2 hops: the middle node only joins 1–3. */
  options.cutoff = 2;
  local = aura_graph_analytics_betweenness (analytics, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (local[2], 1.0 / 6.0, 1e-9);

  /* Sampling every node but one still gives the right order. */
  options.cutoff = 0;
  options.n_samples = 4;
  options.seed = 7;
  sampled = aura_graph_analytics_betweenness (analytics, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (sampled[2], >, sampled[0]);
  g_assert_cmpfloat (sampled[2], >, 0.0);

  options.cutoff = 2;
  both = aura_graph_analytics_betweenness (analytics, &options, &error);
  g_assert_null (both);
  g_assert_error (error, AURA_GRAPH_ANALYTICS_ERROR, AURA_GRAPH_ANALYTICS_ERROR_INVALID);
}

static void
check_two_communities (AuraGraphAnalytics *analytics, AuraCommunityMethod method)
{
  g_autoptr (GError) error = NULL;
  guint n = 0;
  double modularity = 0;
  g_autofree guint *community =
      aura_graph_analytics_communities (analytics, method, FALSE, 42, &n, &modularity, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (community[0], ==, community[1]);
  g_assert_cmpuint (community[1], ==, community[2]);
  g_assert_cmpuint (community[3], ==, community[4]);
  g_assert_cmpuint (community[4], ==, community[5]);
  g_assert_cmpuint (community[0], !=, community[3]);
  /* Equal sizes: the community of node 0 comes first. */
  g_assert_cmpuint (community[0], ==, 0);
  /* Two triangles and a bridge: Q = 2 × (3/7 − (7/14)²) = 5/14. */
  g_assert_cmpfloat_with_epsilon (modularity, 5.0 / 14.0, 1e-9);
}

static void
test_bridge (void)
{
  g_autoptr (AuraGraph) graph = two_triangles ();
  g_autoptr (AuraGraphAnalytics) analytics = analyse (graph);
  g_autoptr (GError) error = NULL;
  g_autofree double *betweenness = aura_graph_analytics_betweenness (analytics, NULL, &error);

  g_assert_no_error (error);
  check_two_communities (analytics, AURA_COMMUNITY_LOUVAIN);
  check_two_communities (analytics, AURA_COMMUNITY_LEIDEN);
  /* Of the 10 pairs of nodes other than 2, the 6 in {0,1} × {3,4,5} pass
   * through it; the same holds for 3 by symmetry. */
  g_assert_cmpfloat_with_epsilon (betweenness[2], 6.0 / 10.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (betweenness[3], 6.0 / 10.0, 1e-9);
  g_assert_cmpfloat (betweenness[0], ==, 0.0);
}

static void
test_star (void)
{
  static const guint pairs[] = { 0, 1, 0, 2, 0, 3, 0, 4, 0, 5 };
  g_autoptr (AuraGraph) graph = graph_with_nodes (6);
  g_autoptr (AuraGraphAnalytics) analytics = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree double *betweenness = NULL;
  g_autofree guint *degree = NULL;
  g_autoptr (GArray) around = NULL;

  add_edges (graph, pairs, 5);
  analytics = analyse (graph);
  betweenness = aura_graph_analytics_betweenness (analytics, NULL, &error);
  degree = aura_graph_analytics_degree (analytics, &error);
  g_assert_no_error (error);
  /* The centre is on every path between two leaves. */
  g_assert_cmpfloat_with_epsilon (betweenness[0], 1.0, 1e-9);
  for (guint i = 1; i < 6; i++)
    {
      g_assert_cmpfloat (betweenness[i], ==, 0.0);
      g_assert_cmpuint (degree[i], ==, 1);
    }
  g_assert_cmpuint (degree[0], ==, 5);

  /* One hop from a leaf: the leaf and the centre; two hops: everything. */
  around = aura_graph_analytics_neighbourhood (analytics, 3, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (around->len, ==, 2);
  g_assert_cmpuint (g_array_index (around, guint, 0), ==, 3);
  g_assert_cmpuint (g_array_index (around, guint, 1), ==, 0);
  g_clear_pointer (&around, g_array_unref);
  around = aura_graph_analytics_neighbourhood (analytics, 3, 2, &error);
  g_assert_cmpuint (around->len, ==, 6);
  g_clear_pointer (&around, g_array_unref);
  around = aura_graph_analytics_neighbourhood (analytics, 3, 0, &error);
  g_assert_cmpuint (around->len, ==, 1);
}

static void
test_components (void)
{
  /* {0,1,2} a path, {3,4} an edge, {5} alone, {6,7,8,9} a cycle. */
  static const guint pairs[] = { 0, 1, 1, 2, 3, 4, 6, 7, 7, 8, 8, 9, 9, 6 };
  g_autoptr (AuraGraph) graph = graph_with_nodes (10);
  g_autoptr (AuraGraphAnalytics) analytics = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree guint *component = NULL;
  guint n = 0;

  add_edges (graph, pairs, 7);
  analytics = analyse (graph);
  component = aura_graph_analytics_components (analytics, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 4);
  /* Numbered by decreasing size. */
  g_assert_cmpuint (component[6], ==, 0);
  g_assert_cmpuint (component[9], ==, 0);
  g_assert_cmpuint (component[0], ==, 1);
  g_assert_cmpuint (component[2], ==, 1);
  g_assert_cmpuint (component[3], ==, 2);
  g_assert_cmpuint (component[5], ==, 3);
}

static void
assert_path (GArray *path, const guint *expected, guint n)
{
  g_assert_nonnull (path);
  g_assert_cmpuint (path->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (g_array_index (path, guint, i), ==, expected[i]);
}

static void
test_shortest_path (void)
{
  /* A short doubtful route 0-1-4 and a longer confident one 0-2-3-4; node 5
   * is alone. */
  g_autoptr (AuraGraph) graph = graph_with_nodes (6);
  g_autoptr (AuraGraphAnalytics) analytics = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) path = NULL;
  static const guint hops[] = { 0, 1, 4 };
  static const guint confident[] = { 0, 2, 3, 4 };

  aura_graph_add_edge (graph, 0, 1, "a", 0.1, 0);
  aura_graph_add_edge (graph, 1, 4, "a", 0.1, 0);
  aura_graph_add_edge (graph, 0, 2, "a", 1.0, 0);
  aura_graph_add_edge (graph, 2, 3, "a", 1.0, 0);
  aura_graph_add_edge (graph, 3, 4, "a", 0.9, 0);
  analytics = analyse (graph);

  path = aura_graph_analytics_shortest_path (analytics, 0, 4, FALSE, &error);
  g_assert_no_error (error);
  assert_path (path, hops, 3);
  g_clear_pointer (&path, g_array_unref);

  /* Weighted: 10 + 10 against 1 + 1 + 1.11. */
  path = aura_graph_analytics_shortest_path (analytics, 0, 4, TRUE, &error);
  g_assert_no_error (error);
  assert_path (path, confident, 4);
  g_clear_pointer (&path, g_array_unref);

  /* No path is an empty answer, not an error. */
  path = aura_graph_analytics_shortest_path (analytics, 0, 5, FALSE, &error);
  g_assert_no_error (error);
  assert_path (path, NULL, 0);
  g_clear_pointer (&path, g_array_unref);
  path = aura_graph_analytics_shortest_path (analytics, 5, 0, TRUE, &error);
  g_assert_no_error (error);
  assert_path (path, NULL, 0);
  g_clear_pointer (&path, g_array_unref);

  path = aura_graph_analytics_shortest_path (analytics, 3, 3, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (path->len, ==, 1);
}

static void
test_out_of_range (void)
{
  g_autoptr (AuraGraph) graph = path_of_five ();
  g_autoptr (AuraGraphAnalytics) analytics = analyse (graph);
  g_autoptr (GError) error = NULL;

  g_assert_null (aura_graph_analytics_shortest_path (analytics, 0, 5, FALSE, &error));
  g_assert_error (error, AURA_GRAPH_ANALYTICS_ERROR, AURA_GRAPH_ANALYTICS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "5"));
  g_clear_error (&error);
  g_assert_null (aura_graph_analytics_neighbourhood (analytics, 99, 1, &error));
  g_assert_error (error, AURA_GRAPH_ANALYTICS_ERROR, AURA_GRAPH_ANALYTICS_ERROR_INVALID);
}

static void
test_empty_and_odd (void)
{
  g_autoptr (AuraGraph) empty = aura_graph_new ();
  g_autoptr (AuraGraph) odd = graph_with_nodes (3);
  g_autoptr (AuraGraphAnalytics) analytics = analyse (empty);
  g_autoptr (GError) error = NULL;
  g_autofree guint *component = NULL;
  g_autofree guint *community = NULL;
  g_autofree double *betweenness = NULL;
  guint n = 99;

  component = aura_graph_analytics_components (analytics, &n, &error);
  g_assert_no_error (error);
  g_assert_nonnull (component);
  g_assert_cmpuint (n, ==, 0);
  g_clear_pointer (&analytics, aura_graph_analytics_free);

  /* A self-loop, parallel edges, NaN and negative confidence, no edge
   * weight at all: nothing aborts, weights are clamped. */
  aura_graph_add_edge (odd, 0, 0, "self", NAN, 0);
  aura_graph_add_edge (odd, 0, 1, "a", -3.0, 0);
  aura_graph_add_edge (odd, 0, 1, "a", 0.0, 0);
  analytics = analyse (odd);
  community = aura_graph_analytics_communities (analytics, AURA_COMMUNITY_LEIDEN, TRUE, 1, &n, NULL,
                                                &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);
  betweenness = aura_graph_analytics_betweenness (analytics, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (isfinite (betweenness[0]));
}

static void
test_threads_cb (gpointer data, gpointer user_data)
{
  AuraGraph *graph = user_data;
  g_autoptr (AuraGraphAnalytics) analytics = analyse (graph);
  g_autoptr (GError) error = NULL;
  guint n = 0;
  g_autofree guint *community = aura_graph_analytics_communities (
      analytics, AURA_COMMUNITY_LOUVAIN, FALSE, GPOINTER_TO_UINT (data), &n, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
}

static void
test_threads (void)
{
  g_autoptr (AuraGraph) graph = two_triangles ();
  GThreadPool *pool = g_thread_pool_new (test_threads_cb, graph, 4, TRUE, NULL);

  for (guint i = 1; i <= 32; i++)
    g_thread_pool_push (pool, GUINT_TO_POINTER (i), NULL);
  g_thread_pool_free (pool, FALSE, TRUE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/graph/analytics/path-betweenness", test_path_betweenness);
  g_test_add_func ("/graph/analytics/betweenness-cutoff-and-sampling",
                   test_betweenness_cutoff_and_sampling);
  g_test_add_func ("/graph/analytics/bridge-two-communities", test_bridge);
  g_test_add_func ("/graph/analytics/star", test_star);
  g_test_add_func ("/graph/analytics/components-by-size", test_components);
  g_test_add_func ("/graph/analytics/shortest-path", test_shortest_path);
  g_test_add_func ("/graph/analytics/out-of-range", test_out_of_range);
  g_test_add_func ("/graph/analytics/empty-and-odd-graphs", test_empty_and_odd);
  g_test_add_func ("/graph/analytics/threads-serialised", test_threads);
  return g_test_run ();
}
