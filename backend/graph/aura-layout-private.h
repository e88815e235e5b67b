/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "aura-layout.h"

G_BEGIN_DECLS

/* Shared by the aura-layout*.c files only. */

/* ---- Barnes–Hut quadtree (aura-layout-barnes-hut.c) ----------------------
 * Rebuilt from scratch every iteration. Cells are kept in one array; a
 * cell either has four consecutive children starting at @first_child or is
 * a leaf holding the nodes order[start .. start + count - 1]. */

typedef struct
{
  double x0, y0, size; /* the square the cell covers */
  double cx, cy, mass; /* centre of mass and total mass */
  gint32 first_child;  /* -1 for a leaf */
  guint32 start;
  guint32 count;
} AuraQuadCell;

typedef struct
{
  AuraQuadCell *cells;
  guint n_cells;
  guint cells_capacity;
  guint *order; /* node indexes, grouped by leaf */
  guint order_capacity;
} AuraQuadTree;

void aura_quad_tree_build (
    AuraQuadTree *tree, const double *x, const double *y, const double *mass, guint n_nodes);
void aura_quad_tree_clear (AuraQuadTree *tree);

/* Adds to (*fx, *fy) the repulsion node @i feels from every other node,
 * kr·mᵢ·mⱼ/d along the line joining them, opening cells until their size
 * over their distance is below @theta. */
void aura_quad_tree_repulsion (const AuraQuadTree *tree,
                               const double *x,
                               const double *y,
                               const double *mass,
                               guint i,
                               double kr,
                               double theta,
                               double *fx,
                               double *fy);

/* A direction for two nodes at the same place, the same for a given pair
 * whichever is asked first (opposite signs), so coincident nodes part. */
void aura_layout_coincident_direction (guint i, guint j, double *dx, double *dy);

/* ---- Parallel loops (aura-layout-force.c) -------------------------------- */

/* Runs @func on every chunk index below @n_chunks, over @n_threads threads
 * (the caller's included); returns once all are done. */
typedef void (*AuraLayoutChunkFunc) (guint chunk, gpointer data);
void
aura_layout_parallel (guint n_threads, guint n_chunks, AuraLayoutChunkFunc func, gpointer data);

/* ---- Force state (aura-layout-force.c) ----------------------------------- */

typedef struct
{
  /* Options. */
  double scaling; /* kr: repulsion strength */
  double gravity; /* kg */
  gboolean strong_gravity;
  gboolean lin_log;
  double theta;
  double jitter_tolerance;
  guint n_threads;

  /* Graph, in the arrays the loops read. */
  guint n;
  guint *offsets; /* adjacency, n + 1 */
  guint *adjacency;
  /* Per adjacency entry: the edge's weight (relation confidence) over the
   * mean weight, so that equal weights give the unweighted layout. */
  double *weights;
  gboolean edge_weights; /* attraction × weight (default TRUE) */
  double *mass;          /* degree + 1 */
  double *radius;

  /* Positions and forces. */
  double *x, *y;
  double *fx, *fy;
  double *old_fx, *old_fy;
  gboolean *pinned;
  /* Per-node brake in (0, 1], 1 for free movement: nodes that were at rest
   * before new ones arrived start slow and speed up again over a few dozen
   * iterations, so the picture does not jump. */
  double *calm;

  /* The picture's RMS radius after the last iteration (0: unknown): the
   * bound on one move grows with it, so large graphs unfold quickly. */
  double extent;

  /* Adaptive speed. */
  double speed;
  double speed_efficiency;
  guint iteration;

  AuraQuadTree tree;
} AuraForceState;

void aura_force_state_init (AuraForceState *state);
void aura_force_state_clear (AuraForceState *state);
/* Sets the graph arrays (adjacency, masses, radii) for @graph; positions
 * are resized, keeping the first min(old, new) nodes. */
void aura_force_state_set_graph (AuraForceState *state, AuraGraph *graph);
/* One iteration; returns the mean displacement of the nodes. */
double aura_force_state_step (AuraForceState *state);
/* Pushes apart nodes whose discs overlap (a few passes over a grid). */
void aura_force_state_remove_overlaps (AuraForceState *state);
/* The typical distance between linked nodes at rest, for placing nodes. */
double aura_force_state_unit (const AuraForceState *state);

/* Places the nodes whose x is NaN near the barycentre of their placed
 * neighbours (breadth first), or at random in a disc when a whole
 * component has no placed node. */
void aura_layout_place_missing (AuraForceState *state, guint32 seed);

G_END_DECLS
