/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include <float.h>
#include <locale.h>
#include <math.h>

#include "aura-layout.h"
#include "store-test-utils.h"

/* Graph layouts: the force-directed AuraLayout, the one-shot layouts, the
 * quality measure and the positions kept in the store. */

/* ---- Helpers ---------------------------------------------------------------- */

static AuraGraph *
graph_with_nodes (guint n)
{
  AuraGraph *graph = aura_graph_new ();

  for (guint i = 0; i < n; i++)
    aura_graph_add_node (graph, 0, AURA_ENTITY_USERNAME, "n", 1.0);
  return graph;
}

static void
connect (AuraGraph *graph, guint a, guint b)
{
  aura_graph_add_edge (graph, a, b, "links_to", 1.0, 0);
}

static void
assert_finite (AuraLayout *layout)
{
  AuraGraph *graph = aura_layout_get_graph (layout);
  const AuraPoint *p = aura_layout_get_positions (layout);

  for (guint i = 0; i < graph->n_nodes; i++)
    {
      g_assert_true (isfinite (p[i].x));
      g_assert_true (isfinite (p[i].y));
    }
}

static void
run_checked (AuraLayout *layout, guint steps)
{
  for (guint k = 0; k < steps; k++)
    {
      double moved = aura_layout_step (layout);

      g_assert_true (isfinite (moved));
      g_assert_cmpfloat (moved, >=, 0);
      assert_finite (layout);
    }
}

/* A random connected graph: a random tree plus @extra random edges. */
static AuraGraph *
random_graph (guint n, guint extra, guint32 seed)
{
  AuraGraph *graph = graph_with_nodes (n);
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);

  for (guint v = 1; v < n; v++)
    connect (graph, v, (guint)g_rand_int_range (rand, 0, (gint32)v));
  for (guint k = 0; k < extra; k++)
    connect (graph, (guint)g_rand_int_range (rand, 0, (gint32)n),
             (guint)g_rand_int_range (rand, 0, (gint32)n));
  return graph;
}

static double
distance (AuraPoint a, AuraPoint b)
{
  return hypot ((double)a.x - b.x, (double)a.y - b.y);
}

static double
diameter (const AuraPoint *p, guint n)
{
  float min_x = FLT_MAX, min_y = FLT_MAX, max_x = -FLT_MAX, max_y = -FLT_MAX;

  for (guint i = 0; i < n; i++)
    {
      min_x = MIN (min_x, p[i].x);
      max_x = MAX (max_x, p[i].x);
      min_y = MIN (min_y, p[i].y);
      max_y = MAX (max_y, p[i].y);
    }
  return hypot ((double)max_x - min_x, (double)max_y - min_y);
}

static void
run_until_converged (AuraLayout *layout, guint cap)
{
  for (guint k = 0; k < cap && !aura_layout_is_converged (layout); k++)
    aura_layout_step (layout);
}

/* ---- Edge weights ------------------------------------------------------------------ */

/* Mean length of the heavy (confidence 1) and light (0.1) spokes of a
 * star of 12 leaves with alternating weights, laid out to convergence. */
static void
weighted_star_lengths (gboolean use_weights, double *out_heavy, double *out_light)
{
  g_autoptr (AuraGraph) graph = graph_with_nodes (13);
  g_autoptr (AuraLayout) layout = NULL;
  const AuraPoint *p;
  double heavy = 0, light = 0;

  for (guint i = 1; i <= 12; i++)
    aura_graph_add_edge (graph, 0, i, "uses", i % 2 == 0 ? 1.0 : 0.1, 0);
  layout = aura_layout_new (graph, NULL);
  g_assert_true (aura_layout_get_edge_weights (layout));
  aura_layout_set_edge_weights (layout, use_weights);
  g_assert_cmpint (aura_layout_get_edge_weights (layout), ==, use_weights);
  for (guint k = 0; k < 3000 && !aura_layout_is_converged (layout); k++)
    aura_layout_step (layout);
  assert_finite (layout);
  p = aura_layout_get_positions (layout);
  for (guint i = 1; i <= 12; i++)
    *(i % 2 == 0 ? &heavy : &light) += distance (p[0], p[i]) / 6.0;
  *out_heavy = heavy;
  *out_light = light;
}

static void
test_force_edge_weights (void)
{
  double heavy, light;
  g_autoptr (AuraGraph) equal = graph_with_nodes (3);
  g_autoptr (AuraGraph) hostile = graph_with_nodes (3);
  g_autoptr (AuraLayout) a = NULL;
  g_autoptr (AuraLayout) b = NULL;

  weighted_star_lengths (TRUE, &heavy, &light);
  g_test_message ("weighted: heavy %.3f, light %.3f", heavy, light);
  g_assert_cmpfloat (heavy, <, 0.7 * light);
  weighted_star_lengths (FALSE, &heavy, &light);
  g_test_message ("unweighted: heavy %.3f, light %.3f", heavy, light);
  g_assert_cmpfloat (heavy, >, 0.85 * light);
  g_assert_cmpfloat (heavy, <, 1.15 * light);

  /* Weights of 0, NaN, infinity and huge ones give finite positions. */
  aura_graph_add_edge (hostile, 0, 1, "uses", 0.0, 0);
  aura_graph_add_edge (hostile, 1, 2, "uses", NAN, 0);
  aura_graph_add_edge (hostile, 2, 0, "uses", INFINITY, 0);
  aura_graph_add_edge (hostile, 0, 2, "uses", 1e300, 0);
  a = aura_layout_new (hostile, NULL);
  run_checked (a, 300);
  /* Equal weights, whatever their value, lay out as without weights. */
  aura_graph_add_edge (equal, 0, 1, "uses", 0.3, 0);
  aura_graph_add_edge (equal, 1, 2, "uses", 0.3, 0);
  b = aura_layout_new (equal, NULL);
  run_checked (b, 300);
  {
    g_autoptr (AuraLayout) c = aura_layout_new (equal, NULL);
    const AuraPoint *pb = aura_layout_get_positions (b), *pc;

    aura_layout_set_edge_weights (c, FALSE);
    run_checked (c, 300);
    pc = aura_layout_get_positions (c);
    for (guint i = 0; i < 3; i++)
      {
        g_assert_cmpfloat_with_epsilon (pb[i].x, pc[i].x, 1e-3);
        g_assert_cmpfloat_with_epsilon (pb[i].y, pc[i].y, 1e-3);
      }
  }
}

/* ---- Degenerate graphs never give NaN ------------------------------------------ */

static void
test_force_empty_and_single (void)
{
  g_autoptr (AuraGraph) empty = aura_graph_new ();
  g_autoptr (AuraGraph) one = graph_with_nodes (1);
  g_autoptr (AuraLayout) a = aura_layout_new (empty, NULL);
  g_autoptr (AuraLayout) b = aura_layout_new (one, NULL);

  g_assert_cmpfloat (aura_layout_step (a), ==, 0);
  g_assert_nonnull (aura_layout_get_positions (a));
  run_checked (b, 50);
  g_assert_cmpfloat (aura_layout_quality (empty, aura_layout_get_positions (a), 100, 1), ==, 1.0);
  g_assert_cmpfloat (aura_layout_quality (one, aura_layout_get_positions (b), 100, 1), ==, 1.0);
}

static void
test_force_two_disconnected (void)
{
  g_autoptr (AuraGraph) graph = graph_with_nodes (2);
  g_autoptr (AuraLayout) layout = aura_layout_new (graph, NULL);
  const AuraPoint *p;

  run_checked (layout, 200);
  p = aura_layout_get_positions (layout);
  /* Repulsion keeps them apart, gravity keeps them from flying away. */
  g_assert_cmpfloat (distance (p[0], p[1]), >, 0.1);
  g_assert_cmpfloat (distance (p[0], p[1]), <, 1000);
}

static void
test_force_star (void)
{
  g_autoptr (AuraGraph) graph = graph_with_nodes (1001);
  g_autoptr (AuraLayout) layout = NULL;
  const AuraPoint *p;
  double mean = 0;

  for (guint v = 1; v <= 1000; v++)
    connect (graph, 0, v);
  layout = aura_layout_new (graph, NULL);
  run_checked (layout, 150);
  p = aura_layout_get_positions (layout);
  for (guint v = 1; v <= 1000; v++)
    mean += distance (p[0], p[v]) / 1000;
  /* The leaves sit around the hub, not in a heap on it. */
  g_assert_cmpfloat (mean, >, 1.0);
}

static void
test_force_coincident (void)
{
  g_autoptr (AuraGraph) graph = graph_with_nodes (60);
  g_autofree AuraPoint *initial = g_new (AuraPoint, 60);
  g_autoptr (AuraLayout) layout = NULL;
  const AuraPoint *p;

  for (guint v = 0; v < 60; v++)
    {
      connect (graph, v, (v + 1) % 60);
      initial[v].x = 5;
      initial[v].y = 5;
    }
  layout = aura_layout_new (graph, initial);
  run_checked (layout, 100);
  p = aura_layout_get_positions (layout);
  for (guint i = 0; i < 60; i++)
    for (guint j = i + 1; j < 60; j++)
      g_assert_cmpfloat (distance (p[i], p[j]), >, 1e-3);
}

static void
test_force_hostile_input (void)
{
  g_autoptr (AuraGraph) graph = graph_with_nodes (8);
  AuraPoint initial[8] = {
    { NAN, NAN }, { INFINITY, 0 },    { FLT_MAX, -FLT_MAX }, { 0, 0 },
    { 0, 0 },     { -INFINITY, NAN }, { 1e-30f, 1e-30f },    { 3, 4 },
  };
  g_autoptr (AuraLayout) layout = NULL;

  /* A self-loop, duplicate edges both ways, and a far-away node. */
  connect (graph, 3, 3);
  for (int k = 0; k < 5; k++)
    {
      connect (graph, 3, 4);
      connect (graph, 4, 3);
    }
  connect (graph, 0, 1);
  connect (graph, 2, 7);
  connect (graph, 6, 7);
  layout = aura_layout_new (graph, initial);
  assert_finite (layout);
  run_checked (layout, 200);
  /* Dragging to a non-finite place is ignored. */
  aura_layout_set_position (layout, 3, NAN, 1);
  aura_layout_set_position (layout, 3, INFINITY, INFINITY);
  assert_finite (layout);
  g_assert_cmpfloat (aura_layout_quality (graph, aura_layout_get_positions (layout), 100, 3), <,
                     10.0);
}

/* ---- It converges, and to a good picture -------------------------------------- */

static void
test_force_energy_bounded (void)
{
  g_autoptr (AuraGraph) graph = graph_with_nodes (100);
  g_autoptr (AuraLayout) layout = NULL;
  double first = 0, last = 0, final;
  const guint steps = 400;

  for (guint r = 0; r < 10; r++)
    for (guint c = 0; c < 10; c++)
      {
        if (c + 1 < 10)
          connect (graph, r * 10 + c, r * 10 + c + 1);
        if (r + 1 < 10)
          connect (graph, r * 10 + c, (r + 1) * 10 + c);
      }
  layout = aura_layout_new (graph, NULL);
  for (guint k = 0; k < steps; k++)
    {
      double moved = aura_layout_step (layout);

      g_assert_true (isfinite (moved));
      if (k < 20)
        first += moved / 20;
      if (k >= steps - 20)
        last += moved / 20;
    }
  final = aura_layout_step (layout);
  g_test_message ("mean displacement: first 20 %.4f, last 20 %.4f, final %.4f", first, last, final);
  g_assert_cmpfloat (last, <, first / 10);
  /* Well under a tenth of the edge length (about 4 units here). */
  g_assert_cmpfloat (final, <, 0.3);
  g_assert_true (aura_layout_is_converged (layout));
}

static void
test_force_quality_two_cliques (void)
{
  g_autoptr (AuraGraph) graph = graph_with_nodes (100);
  g_autoptr (AuraLayout) layout = NULL;
  double quality, random_quality;
  g_autofree AuraPoint *random = g_new (AuraPoint, 100);
  g_autoptr (GRand) rand = g_rand_new_with_seed (5);

  for (guint c = 0; c < 2; c++)
    for (guint i = 0; i < 50; i++)
      for (guint j = i + 1; j < 50; j++)
        connect (graph, c * 50 + i, c * 50 + j);
  connect (graph, 0, 50);
  layout = aura_layout_new (graph, NULL);
  run_until_converged (layout, 1000);
  quality = aura_layout_quality (graph, aura_layout_get_positions (layout), 5000, 11);
  for (guint i = 0; i < 100; i++)
    {
      random[i].x = (float)g_rand_double_range (rand, -50, 50);
      random[i].y = (float)g_rand_double_range (rand, -50, 50);
    }
  random_quality = aura_layout_quality (graph, random, 5000, 11);
  g_test_message ("quality %.3f (random positions %.3f)", quality, random_quality);
  g_assert_cmpfloat (quality, <, 0.5);
  /* Random positions are no better than chance: the measure can fail. */
  g_assert_cmpfloat (random_quality, >, 0.8);
}

static void
test_force_pinned (void)
{
  g_autoptr (AuraGraph) graph = random_graph (80, 40, 9);
  g_autoptr (AuraLayout) layout = aura_layout_new (graph, NULL);
  AuraPoint before[3];
  const guint pinned[3] = { 0, 17, 79 };

  aura_layout_set_position (layout, 17, 100, -100);
  for (guint k = 0; k < 3; k++)
    {
      aura_layout_set_pinned (layout, pinned[k], TRUE);
      before[k] = aura_layout_get_positions (layout)[pinned[k]];
    }
  g_assert_cmpfloat (before[1].x, ==, 100);
  g_assert_true (aura_layout_get_pinned (layout, 17));
  g_assert_false (aura_layout_get_pinned (layout, 18));
  run_checked (layout, 100);
  run_until_converged (layout, 500); /* overlap removal included */
  for (guint k = 0; k < 3; k++)
    {
      const AuraPoint *p = &aura_layout_get_positions (layout)[pinned[k]];
      g_assert_cmpfloat (p->x, ==, before[k].x);
      g_assert_cmpfloat (p->y, ==, before[k].y);
    }
  /* Unpinned, it moves again. */
  aura_layout_set_pinned (layout, 17, FALSE);
  run_checked (layout, 20);
  g_assert_cmpfloat (aura_layout_get_positions (layout)[17].x, !=, before[1].x);
}

/* ---- Incremental: the picture stays stable --------------------------------------- */

static void
test_force_incremental (void)
{
  g_autoptr (AuraGraph) graph = random_graph (200, 100, 21);
  g_autoptr (AuraGraph) bigger = aura_graph_new ();
  g_autoptr (AuraLayout) layout = aura_layout_new (graph, NULL);
  g_autoptr (GRand) rand = g_rand_new_with_seed (4);
  g_autofree AuraPoint *old = NULL;
  double span, moved = 0;
  const AuraPoint *p;

  run_until_converged (layout, 1000);
  g_assert_true (aura_layout_is_converged (layout));
  old = g_memdup2 (aura_layout_get_positions (layout), sizeof (AuraPoint) * 200);
  span = diameter (old, 200);

  /* The same graph, then 10 new nodes each linked to two old ones. */
  for (guint i = 0; i < 210; i++)
    aura_graph_add_node (bigger, 0, AURA_ENTITY_USERNAME, "n", 1.0);
  for (guint e = 0; e < graph->n_edges; e++)
    connect (bigger, graph->edge_source[e], graph->edge_target[e]);
  for (guint v = 200; v < 210; v++)
    {
      connect (bigger, v, (guint)g_rand_int_range (rand, 0, 200));
      connect (bigger, v, (guint)g_rand_int_range (rand, 0, 200));
    }
  {
    /* For reference: how far the same layout drifts on its own. */
    g_autoptr (AuraLayout) alone = aura_layout_new (graph, NULL);
    double drift = 0;

    run_until_converged (alone, 1000);
    run_checked (alone, 50);
    for (guint i = 0; i < 200; i++)
      drift += distance (aura_layout_get_positions (alone)[i], old[i]) / 200;
    g_test_message ("drift without new nodes %.2f, %.1f%%", drift, 100 * drift / span);
  }
  aura_layout_set_graph (layout, bigger);
  g_assert_true (aura_layout_get_graph (layout) == bigger);
  p = aura_layout_get_positions (layout);
  /* Old nodes where they were; new ones already near their neighbours. */
  for (guint i = 0; i < 200; i++)
    g_assert_cmpfloat (distance (p[i], old[i]), <, 1e-3);
  for (guint v = 200; v < 210; v++)
    g_assert_cmpfloat (distance (p[v], p[bigger->edge_target[bigger->n_edges - 2 * (210 - v)]]), <,
                       span / 2);
  run_checked (layout, 50);
  p = aura_layout_get_positions (layout);
  for (guint i = 0; i < 200; i++)
    moved += distance (p[i], old[i]) / 200;
  g_test_message ("old nodes moved %.2f on average, %.1f%% of the diameter %.1f", moved,
                  100 * moved / span, span);
  g_assert_cmpfloat (moved, <, 0.04 * span);
}

/* ---- The worker thread ------------------------------------------------------------ */

typedef struct
{
  GMainContext *context;
  GCancellable *cancellable;
  guint n_progress;
  guint last_iteration;
  guint cancel_after;
  AuraPoint *last;
  guint last_n;
  gboolean done;
  gboolean ok;
  GError *error;
} RunState;

static void
progress_cb (AuraLayout *layout,
             const AuraPoint *positions,
             guint n_positions,
             guint iteration,
             gpointer user_data)
{
  RunState *state = user_data;

  g_assert_true (g_main_context_is_owner (state->context));
  g_assert_cmpuint (n_positions, ==, aura_layout_get_graph (layout)->n_nodes);
  g_assert_cmpuint (iteration, >=, state->last_iteration);
  for (guint i = 0; i < n_positions; i++)
    g_assert_true (isfinite (positions[i].x) && isfinite (positions[i].y));
  state->last_iteration = iteration;
  state->n_progress++;
  g_free (state->last);
  state->last = g_memdup2 (positions, sizeof (AuraPoint) * n_positions);
  state->last_n = n_positions;
  if (state->cancel_after > 0 && state->n_progress == state->cancel_after)
    g_cancellable_cancel (state->cancellable);
}

static void
run_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  RunState *state = user_data;

  g_assert_true (g_main_context_is_owner (state->context));
  state->ok = aura_layout_run_finish (AURA_LAYOUT (object), result, &state->error);
  state->done = TRUE;
}

static void
run_in_context (AuraLayout *layout, RunState *state, guint max_iterations)
{
  state->context = g_main_context_new ();
  state->cancellable = g_cancellable_new ();
  g_main_context_push_thread_default (state->context);
  aura_layout_run_async (layout, max_iterations, 0, progress_cb, state, state->cancellable,
                         run_done_cb, state);
  while (!state->done)
    g_main_context_iteration (state->context, TRUE);
  /* Nothing is delivered after the end. */
  while (g_main_context_iteration (state->context, FALSE))
    ;
  /* The worker drops its references to the layout just after the task
   * returns. */
  for (guint k = 0; k < 5000 && G_OBJECT (layout)->ref_count > 1; k++)
    g_usleep (1000);
  g_main_context_pop_thread_default (state->context);
  g_main_context_unref (state->context);
  g_object_unref (state->cancellable);
}

static void
test_force_run_async_completes (void)
{
  g_autoptr (AuraGraph) graph = random_graph (300, 150, 2);
  g_autoptr (AuraLayout) layout = aura_layout_new (graph, NULL);
  RunState state = { 0 };

  run_in_context (layout, &state, 2000);
  g_assert_no_error (state.error);
  g_assert_true (state.ok);
  g_assert_cmpuint (state.n_progress, >=, 1);
  g_assert_true (aura_layout_is_converged (layout));
  /* The last snapshot is the final picture. */
  g_assert_cmpuint (state.last_n, ==, 300);
  for (guint i = 0; i < 300; i++)
    {
      g_assert_cmpfloat (state.last[i].x, ==, aura_layout_get_positions (layout)[i].x);
      g_assert_cmpfloat (state.last[i].y, ==, aura_layout_get_positions (layout)[i].y);
    }
  g_free (state.last);
  g_assert_finalize_object (g_steal_pointer (&layout));
}

static void
test_force_run_async_cancel (void)
{
  g_autoptr (AuraGraph) graph = random_graph (5000, 5000, 3);
  g_autoptr (AuraLayout) layout = aura_layout_new (graph, NULL);
  RunState state = { 0 };
  guint iteration;

  state.cancel_after = 3;
  run_in_context (layout, &state, 1000000);
  g_assert_false (state.ok);
  g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (state.n_progress, ==, 3);
  iteration = aura_layout_get_iteration (layout);
  g_assert_cmpuint (iteration, <, 1000000);
  /* Once it has stopped, the layout is the caller's again. */
  aura_layout_step (layout);
  g_assert_cmpuint (aura_layout_get_iteration (layout), ==, iteration + 1);
  assert_finite (layout);
  g_clear_error (&state.error);
  g_free (state.last);
  g_assert_finalize_object (g_steal_pointer (&layout));
}

/* ---- One-shot layouts ------------------------------------------------------------------ */

/* A tree of 40 with a few cross edges, a separate triangle and a lone
 * node. */
static AuraGraph *
static_test_graph (void)
{
  AuraGraph *graph = random_graph (40, 6, 17);

  for (guint i = 0; i < 4; i++)
    aura_graph_add_node (graph, 0, AURA_ENTITY_DOMAIN, "d", 1.0);
  connect (graph, 40, 41);
  connect (graph, 41, 42);
  connect (graph, 42, 40);
  connect (graph, 5, 5);
  return graph;
}

static void
assert_distinct_finite (const AuraPoint *p, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      g_assert_true (isfinite (p[i].x) && isfinite (p[i].y));
      for (guint j = i + 1; j < n; j++)
        g_assert_cmpfloat (distance (p[i], p[j]), >, 0.5);
    }
}

static void
test_static_layouts_distinct (void)
{
  g_autoptr (AuraGraph) graph = static_test_graph ();
  const AuraLayoutKind kinds[] = { AURA_LAYOUT_HIERARCHICAL, AURA_LAYOUT_CIRCULAR, AURA_LAYOUT_GRID,
                                   AURA_LAYOUT_RADIAL };
  g_autoptr (AuraGraph) empty = aura_graph_new ();
  g_autoptr (AuraGraph) one = graph_with_nodes (1);
  AuraPoint single;

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autofree AuraPoint *p = g_new (AuraPoint, graph->n_nodes);

      aura_layout_compute (graph, kinds[k], -1, p);
      assert_distinct_finite (p, graph->n_nodes);
      aura_layout_compute (graph, kinds[k], 43, p); /* rooted at the lone node */
      assert_distinct_finite (p, graph->n_nodes);
      aura_layout_compute (empty, kinds[k], -1, NULL);
      aura_layout_compute (one, kinds[k], 7, &single);
      g_assert_true (isfinite (single.x) && isfinite (single.y));
    }
}

static void
test_static_radial_rings (void)
{
  g_autoptr (AuraGraph) graph = static_test_graph ();
  g_autofree AuraPoint *p = g_new (AuraPoint, graph->n_nodes);
  guint *offsets, *adjacency;
  const guint root = 3;
  const AuraPoint centre = { 0, 0 };
  double first_ring = -1;

  aura_layout_compute (graph, AURA_LAYOUT_RADIAL, root, p);
  g_assert_cmpfloat (distance (p[root], centre), <, 1e-6);
  aura_graph_build_adjacency (graph, &offsets, &adjacency);
  g_assert_cmpuint (offsets[root + 1], >, offsets[root]);
  for (guint k = offsets[root]; k < offsets[root + 1]; k++)
    {
      double r = distance (p[adjacency[k]], centre);

      if (first_ring < 0)
        first_ring = r;
      g_assert_cmpfloat (fabs (r - first_ring), <, 1e-3);
    }
  g_assert_cmpfloat (first_ring, >, 1.0);
  /* Everyone else is further out. */
  for (guint v = 0; v < graph->n_nodes; v++)
    {
      gboolean neighbour = v == root;

      for (guint k = offsets[root]; k < offsets[root + 1]; k++)
        neighbour = neighbour || adjacency[k] == v;
      if (!neighbour)
        g_assert_cmpfloat (distance (p[v], centre), >, first_ring + 1.0);
    }
  g_free (offsets);
  g_free (adjacency);
}

static void
test_static_hierarchical_layers (void)
{
  g_autoptr (AuraGraph) graph = graph_with_nodes (7);
  AuraPoint p[7];

  /* A binary tree: three layers, the root alone on top. */
  for (guint v = 1; v < 7; v++)
    connect (graph, (v - 1) / 2, v);
  aura_layout_compute (graph, AURA_LAYOUT_HIERARCHICAL, 0, p);
  g_assert_cmpfloat (p[1].y, ==, p[2].y);
  g_assert_cmpfloat (p[1].y, >, p[0].y);
  for (guint v = 3; v < 7; v++)
    g_assert_cmpfloat (p[v].y, >, p[1].y);
  /* Ordered by barycentre: 1's children are on 1's side. */
  g_assert_true ((p[3].x < p[5].x) == (p[1].x < p[2].x));
  g_assert_true ((p[4].x < p[6].x) == (p[1].x < p[2].x));
}

/* ---- Positions in the store --------------------------------------------------------- */

static void
test_positions_round_trip (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 inv = store_fixture_investigation (fixture, "Layout");
  gint64 other = store_fixture_investigation (fixture, "Elsewhere");
  g_autoptr (AuraEntity) a = NULL;
  g_autoptr (AuraEntity) b = NULL;
  g_autoptr (AuraEntity) c = NULL;
  g_autoptr (AuraEntity) far = NULL;
  g_autoptr (AuraRelation) ab = NULL;
  g_autoptr (AuraRelation) bc = NULL;
  g_autoptr (AuraGraph) graph = NULL;
  g_autoptr (AuraGraph) after = NULL;
  g_autoptr (AuraLayout) layout = NULL;
  g_autoptr (GPtrArray) audit = NULL;
  g_autofree AuraPoint *loaded = NULL;
  g_autofree AuraPoint *reloaded = NULL;
  g_autofree gboolean *pinned = NULL;
  g_autofree gboolean *repinned = NULL;
  gboolean pins[4] = { FALSE, TRUE, FALSE, FALSE };
  AuraPoint saved[3];
  gint ia, ic;

  a = aura_store_add_entity (fixture->store, inv, AURA_ENTITY_USERNAME, "ålice_ß", NULL, 1.0, NULL,
                             NULL, &error);
  b = aura_store_add_entity (fixture->store, inv, AURA_ENTITY_EMAIL, "alice@example.com", NULL, 1.0,
                             NULL, NULL, &error);
  c = aura_store_add_entity (fixture->store, inv, AURA_ENTITY_DOMAIN, "example.com", NULL, 1.0,
                             NULL, NULL, &error);
  far = aura_store_add_entity (fixture->store, other, AURA_ENTITY_DOMAIN, "example.org", NULL, 1.0,
                               NULL, NULL, &error);
  g_assert_no_error (error);
  ab = aura_store_add_relation (fixture->store, inv, aura_entity_get_id (a), aura_entity_get_id (b),
                                "uses", NULL, 1.0, NULL, &error);
  bc = aura_store_add_relation (fixture->store, inv, aura_entity_get_id (b), aura_entity_get_id (c),
                                "hosted_at", NULL, 1.0, NULL, &error);
  g_assert_no_error (error);

  graph = aura_store_load_graph (fixture->store, inv, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (graph->n_nodes, ==, 3);
  /* Nothing saved yet: every position is missing. */
  loaded = aura_store_load_positions (fixture->store, inv, graph, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    g_assert_true (isnan (loaded[i].x) && isnan (loaded[i].y));
  g_clear_pointer (&loaded, g_free);

  layout = aura_layout_new (graph, NULL);
  run_checked (layout, 30);
  memcpy (saved, aura_layout_get_positions (layout), sizeof saved);
  /* An entity of another investigation in the graph is not saved there. */
  aura_graph_add_node (graph, aura_entity_get_id (far), AURA_ENTITY_DOMAIN, "example.org", 1.0);
  {
    AuraPoint four[4] = { saved[0], saved[1], saved[2], { 1, 1 } };
    g_assert_true (aura_store_save_positions (fixture->store, inv, graph, four, pins, &error));
    g_assert_no_error (error);
  }
  audit = aura_store_list_audit (fixture->store, inv, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (aura_audit_entry_get_action (g_ptr_array_index (audit, 0)), ==,
                   "graph.positions");
  g_assert_nonnull (strstr (aura_audit_entry_get_details (g_ptr_array_index (audit, 0)), "\"3\""));

  /* The case reopens as it was left. */
  g_assert_finalize_object (g_steal_pointer (&fixture->store));
  fixture->store = aura_store_open (fixture->path, AURA_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  loaded = aura_store_load_positions (fixture->store, inv, graph, &pinned, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpfloat (loaded[i].x, ==, saved[i].x);
      g_assert_cmpfloat (loaded[i].y, ==, saved[i].y);
      g_assert_cmpint (pinned[i], ==, pins[i]);
    }
  g_assert_true (isnan (loaded[3].x));

  /* An entity deleted since is simply absent. */
  g_assert_true (aura_store_delete_entity (fixture->store, aura_entity_get_id (b), &error));
  g_assert_no_error (error);
  after = aura_store_load_graph (fixture->store, inv, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->n_nodes, ==, 2);
  reloaded = aura_store_load_positions (fixture->store, inv, after, &repinned, &error);
  g_assert_no_error (error);
  ia = aura_graph_find_node (after, aura_entity_get_id (a));
  ic = aura_graph_find_node (after, aura_entity_get_id (c));
  g_assert_cmpfloat (reloaded[ia].x, ==, saved[0].x);
  g_assert_cmpfloat (reloaded[ic].y, ==, saved[2].y);
  g_assert_false (repinned[ia]);
  g_assert_true (aura_store_verify_audit (fixture->store, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_positions_errors (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraGraph) graph = graph_with_nodes (2);
  AuraPoint points[2] = { { 0, 0 }, { 1, 1 } };
  g_autofree AuraPoint *loaded = NULL;

  g_assert_false (aura_store_save_positions (fixture->store, 4242, graph, points, NULL, &error));
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  loaded = aura_store_load_positions (fixture->store, 4242, graph, NULL, &error);
  g_assert_null (loaded);
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_NOT_FOUND);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/graph/layout/force/empty-and-single", test_force_empty_and_single);
  g_test_add_func ("/graph/layout/force/two-disconnected", test_force_two_disconnected);
  g_test_add_func ("/graph/layout/force/star-of-1000", test_force_star);
  g_test_add_func ("/graph/layout/force/edge-weights", test_force_edge_weights);
  g_test_add_func ("/graph/layout/force/coincident-start", test_force_coincident);
  g_test_add_func ("/graph/layout/force/hostile-input", test_force_hostile_input);
  g_test_add_func ("/graph/layout/force/energy-bounded", test_force_energy_bounded);
  g_test_add_func ("/graph/layout/force/two-cliques-quality", test_force_quality_two_cliques);
  g_test_add_func ("/graph/layout/force/pinned-never-move", test_force_pinned);
  g_test_add_func ("/graph/layout/force/incremental-stable", test_force_incremental);
  g_test_add_func ("/graph/layout/force/run-async-completes", test_force_run_async_completes);
  g_test_add_func ("/graph/layout/force/run-async-cancel", test_force_run_async_cancel);
  g_test_add_func ("/graph/layout/static/distinct", test_static_layouts_distinct);
  g_test_add_func ("/graph/layout/static/radial-rings", test_static_radial_rings);
  g_test_add_func ("/graph/layout/static/hierarchical-layers", test_static_hierarchical_layers);
  g_test_add ("/graph/layout/positions/round-trip", StoreFixture, NULL, store_fixture_set_up,
              test_positions_round_trip, store_fixture_tear_down);
  g_test_add ("/graph/layout/positions/errors", StoreFixture, NULL, store_fixture_set_up,
              test_positions_errors, store_fixture_tear_down);
  return g_test_run ();
}
