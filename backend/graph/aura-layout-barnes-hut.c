/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-graph"
#include "config.h"

#include <math.h>
#include <string.h>

#include "aura-layout-private.h"

/* The Barnes–Hut approximation of the all-pairs repulsion: a quadtree over
 * the nodes, rebuilt every iteration by partitioning an index array in
 * place (no per-node allocation), with small leaves summed exactly. A
 * node far enough from a cell (size / distance < theta) feels the cell as
 * one body at its centre of mass. */

/* Leaves hold up to this many nodes: summing a few pairs exactly is
 * cheaper than descending further. */
#define LEAF_MAX 8
/* Below this depth cells are tiny: nodes still together there are (nearly)
 * coincident and stay in one leaf. */
#define MAX_DEPTH 40
/* Pairs closer than this are treated as coincident. */
#define MIN_DISTANCE2 1e-12

typedef struct
{
  AuraQuadTree *tree;
  const double *x, *y, *mass;
  guint *scratch;
} Builder;

static guint
add_cells (AuraQuadTree *tree, guint n)
{
  guint first = tree->n_cells;

  if (tree->n_cells + n > tree->cells_capacity)
    {
      tree->cells_capacity = MAX (tree->cells_capacity * 2, tree->n_cells + n + 64);
      tree->cells = g_renew (AuraQuadCell, tree->cells, tree->cells_capacity);
    }
  tree->n_cells += n;
  return first;
}

static void
sum_leaf (Builder *b, AuraQuadCell *cell)
{
  double m = 0, sx = 0, sy = 0;

  for (guint k = cell->start; k < cell->start + cell->count; k++)
    {
      guint j = b->tree->order[k];

      m += b->mass[j];
      sx += b->mass[j] * b->x[j];
      sy += b->mass[j] * b->y[j];
    }
  cell->mass = m;
  cell->cx = m > 0 ? sx / m : cell->x0 + cell->size / 2;
  cell->cy = m > 0 ? sy / m : cell->y0 + cell->size / 2;
}

static void
build_cell (Builder *b, guint index, guint depth)
{
  AuraQuadTree *tree = b->tree;
  AuraQuadCell cell = tree->cells[index];
  double half = cell.size / 2, mx = cell.x0 + half, my = cell.y0 + half;
  guint counts[4] = { 0 }, fill[4];
  guint first;
  double m = 0, sx = 0, sy = 0;

  if (cell.count <= LEAF_MAX || depth >= MAX_DEPTH)
    {
      tree->cells[index].first_child = -1;
      sum_leaf (b, &tree->cells[index]);
      return;
    }
  /* Partition order[start .. start + count) by quadrant, through the
   * scratch array. */
  for (guint k = cell.start; k < cell.start + cell.count; k++)
    {
      guint j = tree->order[k];
      counts[(b->x[j] >= mx) + 2 * (b->y[j] >= my)]++;
    }
  fill[0] = cell.start;
  for (guint q = 1; q < 4; q++)
    fill[q] = fill[q - 1] + counts[q - 1];
  for (guint k = cell.start; k < cell.start + cell.count; k++)
    {
      guint j = tree->order[k];
      b->scratch[fill[(b->x[j] >= mx) + 2 * (b->y[j] >= my)]++] = j;
    }
  memcpy (tree->order + cell.start, b->scratch + cell.start, cell.count * sizeof (guint));

  first = add_cells (tree, 4);
  tree->cells[index].first_child = (gint32)first;
  for (guint q = 0, start = cell.start; q < 4; start += counts[q], q++)
    {
      AuraQuadCell *child = &tree->cells[first + q];

      child->x0 = (q & 1) ? mx : cell.x0;
      child->y0 = (q & 2) ? my : cell.y0;
      child->size = half;
      child->start = start;
      child->count = counts[q];
      child->first_child = -1;
      child->mass = 0;
      child->cx = child->x0 + half / 2;
      child->cy = child->y0 + half / 2;
    }
  for (guint q = 0; q < 4; q++)
    if (counts[q] > 0)
      build_cell (b, first + q, depth + 1);
  for (guint q = 0; q < 4; q++)
    {
      const AuraQuadCell *child = &tree->cells[first + q];

      m += child->mass;
      sx += child->mass * child->cx;
      sy += child->mass * child->cy;
    }
  tree->cells[index].mass = m;
  tree->cells[index].cx = m > 0 ? sx / m : mx;
  tree->cells[index].cy = m > 0 ? sy / m : my;
}

void
aura_quad_tree_build (
    AuraQuadTree *tree, const double *x, const double *y, const double *mass, guint n_nodes)
{
  g_autofree guint *scratch = NULL;
  Builder b = { tree, x, y, mass, NULL };
  double min_x = INFINITY, min_y = INFINITY, max_x = -INFINITY, max_y = -INFINITY, size;
  AuraQuadCell *root;

  tree->n_cells = 0;
  if (n_nodes == 0)
    return;
  if (n_nodes > tree->order_capacity)
    {
      tree->order = g_renew (guint, tree->order, n_nodes);
      tree->order_capacity = n_nodes;
    }
  for (guint i = 0; i < n_nodes; i++)
    {
      tree->order[i] = i;
      min_x = MIN (min_x, x[i]);
      max_x = MAX (max_x, x[i]);
      min_y = MIN (min_y, y[i]);
      max_y = MAX (max_y, y[i]);
    }
  /* A little margin so that the largest coordinate falls inside. */
  size = MAX (max_x - min_x, max_y - min_y);
  size = size * (1 + 1e-9) + 1e-9;
  add_cells (tree, 1);
  root = &tree->cells[0];
  root->x0 = min_x;
  root->y0 = min_y;
  root->size = size;
  root->start = 0;
  root->count = n_nodes;
  root->first_child = -1;
  b.scratch = scratch = g_new (guint, n_nodes);
  build_cell (&b, 0, 0);
}

void
aura_quad_tree_clear (AuraQuadTree *tree)
{
  g_clear_pointer (&tree->cells, g_free);
  g_clear_pointer (&tree->order, g_free);
  tree->n_cells = tree->cells_capacity = tree->order_capacity = 0;
}

void
aura_layout_coincident_direction (guint i, guint j, double *dx, double *dy)
{
  guint lo = MIN (i, j), hi = MAX (i, j);
  /* A cheap integer hash of the pair, turned into an angle. */
  guint32 h = lo * 2654435761u ^ (hi + 0x9e3779b9u + (lo << 6) + (lo >> 2));
  double angle = (h % 6283u) / 1000.0;
  double sign = i < j ? 1.0 : -1.0;

  *dx = sign * cos (angle);
  *dy = sign * sin (angle);
}

static inline void
direct (const double *x,
        const double *y,
        const double *mass,
        guint i,
        guint j,
        double kr,
        double *fx,
        double *fy)
{
  double dx = x[i] - x[j], dy = y[i] - y[j];
  double d2 = dx * dx + dy * dy, f;

  if (d2 < MIN_DISTANCE2)
    {
      /* Coincident: a fixed push along a pair-specific direction, as if
       * they were 0.01 apart. */
      aura_layout_coincident_direction (i, j, &dx, &dy);
      dx *= 0.01;
      dy *= 0.01;
      d2 = 1e-4;
    }
  f = kr * mass[i] * mass[j] / d2;
  *fx += f * dx;
  *fy += f * dy;
}

void
aura_quad_tree_repulsion (const AuraQuadTree *tree,
                          const double *x,
                          const double *y,
                          const double *mass,
                          guint i,
                          double kr,
                          double theta,
                          double *fx,
                          double *fy)
{
  guint stack[4 * MAX_DEPTH + 8];
  guint top = 0;
  double xi = x[i], yi = y[i], theta2 = theta * theta;
  double ax = 0, ay = 0;

  if (tree->n_cells == 0)
    return;
  stack[top++] = 0;
  while (top > 0)
    {
      const AuraQuadCell *cell = &tree->cells[stack[--top]];
      double dx, dy, d2;
      gboolean inside;

      if (cell->mass <= 0)
        continue;
      if (cell->first_child < 0)
        {
          for (guint k = cell->start; k < cell->start + cell->count; k++)
            if (tree->order[k] != i)
              direct (x, y, mass, i, tree->order[k], kr, &ax, &ay);
          continue;
        }
      dx = xi - cell->cx;
      dy = yi - cell->cy;
      d2 = dx * dx + dy * dy;
      inside = xi >= cell->x0 && xi <= cell->x0 + cell->size && yi >= cell->y0 &&
               yi <= cell->y0 + cell->size;
      if (!inside && d2 > MIN_DISTANCE2 && cell->size * cell->size < theta2 * d2)
        {
          double f = kr * mass[i] * cell->mass / d2;
          ax += f * dx;
          ay += f * dy;
          continue;
        }
      for (guint q = 0; q < 4; q++)
        stack[top++] = (guint)cell->first_child + q;
    }
  *fx += ax;
  *fy += ay;
}
