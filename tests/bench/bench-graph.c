/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-bench"
#include "config.h"

/* igraph's headers test macros they do not define. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wundef"
#include <igraph.h>
#pragma GCC diagnostic pop
#include <locale.h>
#include <math.h>

#include "aura-layout.h"

/* The graph layout benchmark (tests/bench/README.md, backend/graph/README.md):
 * scale-free graphs (Barabási–Albert, 5 edges per new node, fixed seed) of
 * 10,000 and 100,000 nodes laid out by AuraLayout and, for comparison, by
 * igraph's Fruchterman–Reingold (grid variant, 500 iterations), both judged
 * by aura_layout_quality(). Prints `name: value unit` lines. */

#define EDGES_PER_NODE 5
#define CONVERGE_CAP 300
#define QUALITY_PAIRS 200000
#define QUALITY_SEED 7

static gboolean opt_no_igraph = FALSE;
static gboolean opt_small_only = FALSE;

static GOptionEntry entries[] = {
  { "no-igraph", 0, 0, G_OPTION_ARG_NONE, &opt_no_igraph, "Skip igraph's layout", NULL },
  { "small-only", 0, 0, G_OPTION_ARG_NONE, &opt_small_only, "Only the 10,000-node graph", NULL },
  { NULL },
};

/* Preferential attachment through the list of edge ends: a node appears
 * there once per edge it has, so a uniform pick from it is a pick in
 * proportion to the degree. */
static AuraGraph *
barabasi_albert (guint n, guint m, guint32 seed)
{
  AuraGraph *graph = aura_graph_new ();
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr (GArray) ends = g_array_sized_new (FALSE, FALSE, sizeof (guint), 2 * n * m);
  g_autofree guint *targets = g_new (guint, m);

  for (guint v = 0; v < n; v++)
    aura_graph_add_node (graph, 0, AURA_ENTITY_USERNAME, NULL, 1.0);
  for (guint v = m; v < n; v++)
    {
      for (guint k = 0; k < m; k++)
        {
          gboolean again;
          do
            {
              targets[k] = v == m ? k
                                  : g_array_index (ends, guint,
                                                   g_rand_int_range (rand, 0, (gint32)ends->len));
              again = FALSE;
              for (guint l = 0; l < k; l++)
                again = again || targets[l] == targets[k];
            }
          while (again);
        }
      for (guint k = 0; k < m; k++)
        {
          aura_graph_add_edge (graph, v, targets[k], "links_to", 1.0, 0);
          g_array_append_val (ends, v);
          g_array_append_val (ends, targets[k]);
        }
    }
  return graph;
}

static double
now_s (void)
{
  return g_get_monotonic_time () / 1e6;
}

static double
mean_iteration_ms (AuraGraph *graph, guint threads, guint iterations)
{
  g_autoptr (AuraLayout) layout = aura_layout_new (graph, NULL);
  double start;

  aura_layout_set_threads (layout, threads);
  aura_layout_step (layout); /* warm up: first allocation of the tree */
  start = now_s ();
  for (guint k = 0; k < iterations; k++)
    aura_layout_step (layout);
  return (now_s () - start) * 1000 / iterations;
}

/* Runs to convergence. When @target_quality is positive (igraph's), also
 * reports when the layout first reaches it: the quality is checked every
 * 10 iterations, and the time spent checking is left out of the figure. */
static void
converge (AuraGraph *graph, const char *suffix, double target_quality)
{
  double start = now_s (), checking = 0, matched = -1;
  g_autoptr (AuraLayout) layout = aura_layout_new (graph, NULL);
  guint k, matched_at = 0;
  double wall;

  for (k = 0; k < CONVERGE_CAP && !aura_layout_is_converged (layout); k++)
    {
      double moved = aura_layout_step (layout);

      if (target_quality > 0 && matched < 0 && k % 10 == 9)
        {
          double before = now_s ();
          double quality = aura_layout_quality (graph, aura_layout_get_positions (layout),
                                                QUALITY_PAIRS, QUALITY_SEED);

          checking += now_s () - before;
          if (quality <= target_quality)
            {
              matched = before - start - (checking - (now_s () - before));
              matched_at = k + 1;
            }
        }
      if (g_getenv ("BENCH_TRACE") != NULL && k % 20 == 0)
        g_print ("  iteration %u: moved %.3f, quality %.4f, %.1f s\n", k, moved,
                 aura_layout_quality (graph, aura_layout_get_positions (layout), 20000, 1),
                 now_s () - start);
    }
  wall = now_s () - start - checking;
  g_print ("layout_converge_s_%s: %.2f s\n", suffix, wall);
  g_print ("layout_converge_iterations_%s: %u iterations (cap %u)\n", suffix, k, CONVERGE_CAP);
  g_print (
      "layout_quality_%s: %.4f ratio\n", suffix,
      aura_layout_quality (graph, aura_layout_get_positions (layout), QUALITY_PAIRS, QUALITY_SEED));
  if (target_quality > 0 && matched >= 0)
    g_print ("layout_match_igraph_s_%s: %.2f s (igraph's quality reached at iteration %u)\n",
             suffix, matched, matched_at);
  else if (target_quality > 0)
    g_print ("layout_match_igraph_s_%s: never (within %u iterations)\n", suffix, k);
}

/* Returns the quality igraph's layout reached. */
static double
igraph_fr (AuraGraph *graph, const char *suffix)
{
  double quality;
  igraph_t g;
  igraph_vector_int_t edges;
  igraph_matrix_t res;
  g_autofree AuraPoint *points = g_new (AuraPoint, graph->n_nodes);
  double start, wall;

  igraph_rng_seed (igraph_rng_default (), 42);
  igraph_vector_int_init (&edges, 2 * (igraph_integer_t)graph->n_edges);
  for (guint e = 0; e < graph->n_edges; e++)
    {
      VECTOR (edges)[2 * e] = graph->edge_source[e];
      VECTOR (edges)[2 * e + 1] = graph->edge_target[e];
    }
  igraph_create (&g, &edges, graph->n_nodes, IGRAPH_UNDIRECTED);
  igraph_matrix_init (&res, 0, 0);
  start = now_s ();
  igraph_layout_fruchterman_reingold (&g, &res, FALSE, 500, sqrt (graph->n_nodes) / 10,
                                      IGRAPH_LAYOUT_GRID, NULL, NULL, NULL, NULL, NULL);
  wall = now_s () - start;
  for (guint i = 0; i < graph->n_nodes; i++)
    {
      points[i].x = (float)MATRIX (res, i, 0);
      points[i].y = (float)MATRIX (res, i, 1);
    }
  quality = aura_layout_quality (graph, points, QUALITY_PAIRS, QUALITY_SEED);
  g_print ("igraph_fr_s_%s: %.2f s\n", suffix, wall);
  g_print ("igraph_fr_quality_%s: %.4f ratio\n", suffix, quality);
  igraph_matrix_destroy (&res);
  igraph_destroy (&g);
  igraph_vector_int_destroy (&edges);
  return quality;
}

static void
run_size (guint n, const char *suffix, guint timed_iterations)
{
  g_autoptr (AuraGraph) graph = barabasi_albert (n, EDGES_PER_NODE, 20261124);

  g_print ("graph_%s: %u nodes, %u edges\n", suffix, graph->n_nodes, graph->n_edges);
  g_print ("layout_iteration_ms_%s: %.2f ms (mean of %u, every core)\n", suffix,
           mean_iteration_ms (graph, 0, timed_iterations), timed_iterations);
  g_print ("layout_iteration_ms_%s_1thread: %.2f ms\n", suffix,
           mean_iteration_ms (graph, 1, timed_iterations));
  converge (graph, suffix, opt_no_igraph ? 0 : igraph_fr (graph, suffix));
}

int
main (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new ("— graph layout benchmark");
  g_autoptr (GError) error = NULL;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  g_print ("cores: %u\n", g_get_num_processors ());
  run_size (10000, "10k", 50);
  if (!opt_small_only)
    run_size (100000, "100k", 20);
  return 0;
}
