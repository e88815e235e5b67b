/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-graph"
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "aura-layout-private.h"

/* The one-shot layouts: grid, circular, radial, hierarchical. Every one
 * gives each node its own place, in the same units as the force layout
 * (SPACING is about one and a half times its resting edge length). */

#define SPACING 4.0
#define LAYER_GAP 8.0
#define HIERARCHY_SWEEPS 4

typedef struct
{
  guint n;
  guint *offsets;
  guint *adjacency;
} Adjacency;

static void
adjacency_clear (Adjacency *adj)
{
  g_free (adj->offsets);
  g_free (adj->adjacency);
}

static guint
degree (const Adjacency *adj, guint v)
{
  return adj->offsets[v + 1] - adj->offsets[v];
}

/* Breadth-first from @root over the nodes whose @level is still -1: fills
 * @level (relative to @base), @parent, and appends to @order. */
static void
bfs (const Adjacency *adj, guint root, gint base, gint *level, guint *parent, GArray *order)
{
  guint head = order->len;

  level[root] = base;
  parent[root] = root;
  g_array_append_val (order, root);
  while (head < order->len)
    {
      guint u = g_array_index (order, guint, head++);

      for (guint k = adj->offsets[u]; k < adj->offsets[u + 1]; k++)
        {
          guint v = adj->adjacency[k];
          if (level[v] < 0)
            {
              level[v] = level[u] + 1;
              parent[v] = u;
              g_array_append_val (order, v);
            }
        }
    }
}

static guint
pick_root (const Adjacency *adj, gint root)
{
  guint best = 0;

  if (root >= 0 && (guint)root < adj->n)
    return (guint)root;
  for (guint v = 1; v < adj->n; v++)
    if (degree (adj, v) > degree (adj, best))
      best = v;
  return best;
}

static void
layout_grid (const Adjacency *adj, const guint *order, AuraPoint *positions)
{
  guint cols = (guint)ceil (sqrt (adj->n));
  guint rows = (adj->n + cols - 1) / MAX (cols, 1);

  for (guint k = 0; k < adj->n; k++)
    {
      positions[order[k]].x = (float)(((double)(k % cols) - (cols - 1) / 2.0) * SPACING);
      positions[order[k]].y = (float)(((double)(k / cols) - (rows - 1) / 2.0) * SPACING);
    }
}

static void
layout_circular (const Adjacency *adj, const guint *order, AuraPoint *positions)
{
  double radius = MAX (SPACING, adj->n * SPACING / (2 * G_PI));

  if (adj->n == 1)
    {
      positions[order[0]].x = positions[order[0]].y = 0;
      return;
    }
  for (guint k = 0; k < adj->n; k++)
    {
      double a = 2 * G_PI * k / adj->n;
      positions[order[k]].x = (float)(radius * cos (a));
      positions[order[k]].y = (float)(radius * sin (a));
    }
}

static gint
compare_degree (gconstpointer a, gconstpointer b, gpointer data)
{
  const Adjacency *adj = data;
  guint va = *(const guint *)a, vb = *(const guint *)b;
  guint da = degree (adj, va), db = degree (adj, vb);

  if (da != db)
    return da > db ? -1 : 1;
  return va < vb ? -1 : va > vb;
}

/* Circular order: component by component, and by degree inside each. */
static void
sort_by_degree_within (const Adjacency *adj, guint *order, const GArray *starts)
{
  for (guint c = 0; c + 1 < starts->len; c++)
    {
      guint a = g_array_index (starts, guint, c), b = g_array_index (starts, guint, c + 1);

      g_qsort_with_data (order + a, b - a, sizeof (guint), compare_degree, (gpointer)adj);
    }
}

/* ---- Radial ----------------------------------------------------------------- */

static void
layout_radial (const Adjacency *adj,
               const guint *order,
               guint n_reached,
               const gint *level,
               const guint *parent,
               AuraPoint *positions)
{
  g_autofree guint *size = g_new (guint, adj->n);
  g_autofree double *wedge_start = g_new (double, adj->n);
  g_autofree double *wedge = g_new (double, adj->n);
  g_autofree double *next_start = g_new (double, adj->n);
  g_autofree double *ring = NULL;
  g_autofree guint *on_ring = NULL;
  gint max_level = 0;

  for (guint k = 0; k < n_reached; k++)
    max_level = MAX (max_level, level[order[k]]);
  on_ring = g_new0 (guint, max_level + 2);
  ring = g_new0 (double, max_level + 2);
  for (guint k = 0; k < n_reached; k++)
    on_ring[level[order[k]]]++;
  on_ring[max_level + 1] = adj->n - n_reached;
  /* A ring is at least SPACING further out than the last, and wide enough
   * for its nodes. */
  for (gint l = 1; l <= max_level + 1; l++)
    ring[l] = MAX (ring[l - 1] + SPACING, on_ring[l] * SPACING / (2 * G_PI));

  /* Subtree sizes of the breadth-first tree, leaves up. */
  for (guint k = 0; k < n_reached; k++)
    size[order[k]] = 1;
  for (guint k = n_reached; k-- > 1;)
    size[parent[order[k]]] += size[order[k]];
  /* Wedges, root down: each child gets a share of its parent's wedge in
   * proportion to its subtree, and sits in the middle of it. */
  wedge_start[order[0]] = next_start[order[0]] = 0;
  wedge[order[0]] = 2 * G_PI;
  positions[order[0]].x = positions[order[0]].y = 0;
  for (guint k = 1; k < n_reached; k++)
    {
      guint v = order[k], p = parent[v];
      double a;

      wedge[v] = wedge[p] * size[v] / MAX (size[p] - 1, 1);
      wedge_start[v] = next_start[v] = next_start[p];
      next_start[p] += wedge[v];
      a = wedge_start[v] + wedge[v] / 2;
      positions[v].x = (float)(ring[level[v]] * cos (a));
      positions[v].y = (float)(ring[level[v]] * sin (a));
    }
  /* Nodes the root does not reach: evenly on an outer ring. */
  for (guint k = n_reached; k < adj->n; k++)
    {
      double a = 2 * G_PI * (k - n_reached) / (adj->n - n_reached);

      positions[order[k]].x = (float)(ring[max_level + 1] * cos (a));
      positions[order[k]].y = (float)(ring[max_level + 1] * sin (a));
    }
}

/* ---- Hierarchical ------------------------------------------------------------ */

typedef struct
{
  double key;
  guint rank; /* the previous place, to break ties stably */
  guint node;
} Keyed;

static int
compare_keyed (gconstpointer a, gconstpointer b)
{
  const Keyed *ka = a, *kb = b;

  if (ka->key != kb->key)
    return ka->key < kb->key ? -1 : 1;
  return ka->rank < kb->rank ? -1 : ka->rank > kb->rank;
}

/* Reorders @layer by the mean place of each node's neighbours in the
 * layer @toward_level (nodes with none there keep their place). */
static void
order_layer (const Adjacency *adj,
             guint *layer,
             guint layer_len,
             const gint *level,
             gint toward_level,
             const guint *place,
             Keyed *scratch)
{
  for (guint k = 0; k < layer_len; k++)
    {
      guint v = layer[k], count = 0;
      double sum = 0;

      for (guint e = adj->offsets[v]; e < adj->offsets[v + 1]; e++)
        if (level[adj->adjacency[e]] == toward_level)
          {
            sum += place[adj->adjacency[e]];
            count++;
          }
      scratch[k].key = count > 0 ? sum / count : k;
      scratch[k].rank = k;
      scratch[k].node = v;
    }
  qsort (scratch, layer_len, sizeof (Keyed), compare_keyed);
  for (guint k = 0; k < layer_len; k++)
    layer[k] = scratch[k].node;
}

/* One component: its nodes are @nodes (breadth-first, so sorted by
 * level); lays it out from x = @left, returns its width. */
static double
layout_hierarchy_component (const Adjacency *adj,
                            guint *nodes,
                            guint n_nodes,
                            const gint *level,
                            guint *place,
                            Keyed *scratch,
                            double left,
                            AuraPoint *positions)
{
  g_autoptr (GArray) layer_start = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n_layers, widest = 1;

  for (guint k = 0; k < n_nodes; k++)
    if (k == 0 || level[nodes[k]] != level[nodes[k - 1]])
      g_array_append_val (layer_start, k);
  g_array_append_val (layer_start, n_nodes);
  n_layers = layer_start->len - 1;
  for (guint k = 0; k < n_nodes; k++)
    place[nodes[k]] = k - g_array_index (layer_start, guint, level[nodes[k]] - level[nodes[0]]);

  for (guint sweep = 0; sweep < HIERARCHY_SWEEPS; sweep++)
    for (guint step = 1; step < n_layers; step++)
      {
        /* Down sweeps order a layer by the one above, up sweeps by the
         * one below. */
        guint l = sweep % 2 == 0 ? step : n_layers - 1 - step;
        guint a = g_array_index (layer_start, guint, l),
              b = g_array_index (layer_start, guint, l + 1);
        gint toward = level[nodes[a]] + (sweep % 2 == 0 ? -1 : 1);

        order_layer (adj, nodes + a, b - a, level, toward, place, scratch);
        for (guint k = a; k < b; k++)
          place[nodes[k]] = k - a;
      }
  for (guint l = 0; l < n_layers; l++)
    widest = MAX (widest, g_array_index (layer_start, guint, l + 1) -
                              g_array_index (layer_start, guint, l));
  for (guint l = 0; l < n_layers; l++)
    {
      guint a = g_array_index (layer_start, guint, l),
            b = g_array_index (layer_start, guint, l + 1);

      for (guint k = a; k < b; k++)
        {
          /* Each layer centred under the widest. */
          double offset = (widest - (b - a)) / 2.0;
          positions[nodes[k]].x = (float)(left + (offset + (k - a)) * SPACING);
          positions[nodes[k]].y = (float)(l * LAYER_GAP);
        }
    }
  return widest * SPACING;
}

static void
layout_hierarchical (const Adjacency *adj,
                     guint *order,
                     const GArray *starts,
                     const gint *level,
                     AuraPoint *positions)
{
  g_autofree guint *place = g_new (guint, adj->n);
  g_autofree Keyed *scratch = g_new (Keyed, adj->n);
  double left = 0;

  for (guint c = 0; c + 1 < starts->len; c++)
    {
      guint a = g_array_index (starts, guint, c), b = g_array_index (starts, guint, c + 1);

      left += layout_hierarchy_component (adj, order + a, b - a, level, place, scratch, left,
                                          positions);
      left += SPACING;
    }
}

/* ---- Entry point ---------------------------------------------------------------- */

/**
 * aura_layout_compute:
 * @graph: the graph
 * @kind: any kind but %AURA_LAYOUT_FORCE
 * @root: the centre of RADIAL, the first root of HIERARCHICAL; -1 for the
 *   node of highest degree
 * @positions: (out caller-allocates): graph->n_nodes points
 *
 * Lays the graph out in one pass. Every node gets a distinct position.
 */
void
aura_layout_compute (AuraGraph *graph, AuraLayoutKind kind, gint root, AuraPoint *positions)
{
  Adjacency adj = { 0 };
  g_autofree gint *level = NULL;
  g_autofree guint *parent = NULL;
  g_autoptr (GArray) order = NULL;
  g_autoptr (GArray) starts = NULL;
  g_autofree guint *by_degree = NULL;
  guint first_root;

  g_return_if_fail (graph != NULL);
  g_return_if_fail (positions != NULL || graph->n_nodes == 0);
  g_return_if_fail (kind != AURA_LAYOUT_FORCE && kind <= AURA_LAYOUT_RADIAL);

  if (graph->n_nodes == 0)
    return;
  adj.n = graph->n_nodes;
  aura_graph_build_adjacency (graph, &adj.offsets, &adj.adjacency);
  level = g_new (gint, adj.n);
  parent = g_new (guint, adj.n);
  order = g_array_sized_new (FALSE, FALSE, sizeof (guint), adj.n);
  starts = g_array_new (FALSE, FALSE, sizeof (guint));
  first_root = pick_root (&adj, root);

  /* Components one after the other in breadth-first order: the root's
   * first, then each other from its node of highest degree. */
  by_degree = g_new (guint, adj.n);
  for (guint v = 0; v < adj.n; v++)
    {
      level[v] = -1;
      by_degree[v] = v;
    }
  g_qsort_with_data (by_degree, adj.n, sizeof (guint), compare_degree, &adj);
  g_array_append_val (starts, order->len);
  bfs (&adj, first_root, 0, level, parent, order);
  g_array_append_val (starts, order->len);
  for (guint k = 0; k < adj.n; k++)
    if (level[by_degree[k]] < 0)
      {
        bfs (&adj, by_degree[k], 0, level, parent, order);
        g_array_append_val (starts, order->len);
      }

  switch (kind)
    {
      case AURA_LAYOUT_GRID:
        layout_grid (&adj, (guint *)order->data, positions);
        break;
      case AURA_LAYOUT_CIRCULAR:
        sort_by_degree_within (&adj, (guint *)order->data, starts);
        layout_circular (&adj, (guint *)order->data, positions);
        break;
      case AURA_LAYOUT_RADIAL:
        layout_radial (&adj, (guint *)order->data, g_array_index (starts, guint, 1), level, parent,
                       positions);
        break;
      case AURA_LAYOUT_HIERARCHICAL:
        layout_hierarchical (&adj, (guint *)order->data, starts, level, positions);
        break;
      case AURA_LAYOUT_FORCE:
      default:
        g_assert_not_reached ();
    }
  adjacency_clear (&adj);
}
