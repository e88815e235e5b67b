/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "aura-graph.h"

G_BEGIN_DECLS

/* Graph layouts (backend/graph/README.md). THE CONTRACT: the app's canvas
 * is written against these declarations; their implementation may add
 * functions but keeps these. */

typedef struct
{
  float x;
  float y;
} AuraPoint;

typedef enum
{
  AURA_LAYOUT_FORCE,        /* ForceAtlas2-style with Barnes–Hut, iterative */
  AURA_LAYOUT_HIERARCHICAL, /* layers by distance from the roots (chains of pivots) */
  AURA_LAYOUT_CIRCULAR,
  AURA_LAYOUT_GRID,
  AURA_LAYOUT_RADIAL, /* rings by hop distance around one node */
} AuraLayoutKind;

/* One-shot layouts (not FORCE): fills @positions (graph->n_nodes points).
 * @root is the centre for RADIAL and a root for HIERARCHICAL (-1: pick the
 * highest degree node). */
void aura_layout_compute (AuraGraph *graph, AuraLayoutKind kind, gint root, AuraPoint *positions);

#define AURA_TYPE_LAYOUT (aura_layout_get_type ())
G_DECLARE_FINAL_TYPE (AuraLayout, aura_layout, AURA, LAYOUT, GObject)

/* A force-directed layout of @graph. @initial (nullable): starting
 * positions (NaN for "no position yet": such nodes are placed near their
 * placed neighbours). */
AuraLayout *aura_layout_new (AuraGraph *graph, const AuraPoint *initial);
AuraGraph *aura_layout_get_graph (AuraLayout *self);
/* Current positions, graph->n_nodes points; only valid in the thread that
 * owns the layout, and not while aura_layout_run_async() is running (use
 * the snapshots it delivers then). */
const AuraPoint *aura_layout_get_positions (AuraLayout *self);
void aura_layout_set_position (AuraLayout *self, guint node, float x, float y);
void aura_layout_set_pinned (AuraLayout *self, guint node, gboolean pinned);
gboolean aura_layout_get_pinned (AuraLayout *self, guint node);
/* Replaces the graph by a larger one that holds the old nodes at the same
 * indexes first (incremental: old positions kept, new nodes placed near
 * their neighbours, the picture stays stable). */
void aura_layout_set_graph (AuraLayout *self, AuraGraph *graph);
/* One iteration on the calling thread (using every core); returns the
 * mean displacement of the nodes, in layout units. */
double aura_layout_step (AuraLayout *self);
gboolean aura_layout_is_converged (AuraLayout *self);

/* Called in the caller's main context with a copy of the positions (valid
 * during the call) at most every @interval_ms while the layout runs. */
typedef void (*AuraLayoutProgress) (AuraLayout *layout,
                                    const AuraPoint *positions,
                                    guint n_positions,
                                    guint iteration,
                                    gpointer user_data);

/* Iterates on a worker thread until converged, @max_iterations, or
 * cancelled; reports snapshots through @progress. */
void aura_layout_run_async (AuraLayout *self,
                            guint max_iterations,
                            guint interval_ms,
                            AuraLayoutProgress progress,
                            gpointer progress_data,
                            GCancellable *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer user_data);
gboolean aura_layout_run_finish (AuraLayout *self, GAsyncResult *result, GError **error);

/* Layout quality: mean edge length divided by the mean distance between
 * @n_pairs random node pairs (lower is better), for benchmarks and tests. */
double
aura_layout_quality (AuraGraph *graph, const AuraPoint *positions, guint n_pairs, guint32 seed);

/* ---- Additions beyond the contract ----------------------------------------- */

/* Iterations run so far (every step, on any thread). */
guint aura_layout_get_iteration (AuraLayout *self);
/* Threads a step uses: 0 (the default) for every core. */
void aura_layout_set_threads (AuraLayout *self, guint n_threads);
/* Attraction log(1 + d) instead of d: tighter clusters, more space between
 * them (ForceAtlas2's LinLog mode). */
void aura_layout_set_lin_log (AuraLayout *self, gboolean lin_log);
/* Attraction along each edge times its weight (the relation's
 * confidence) over the mean weight, clamped to 0.05–20 (default on): sure
 * relations end shorter than doubtful ones; equal weights change nothing. */
void aura_layout_set_edge_weights (AuraLayout *self, gboolean edge_weights);
gboolean aura_layout_get_edge_weights (AuraLayout *self);
/* Pull toward the centre: @gravity · mass (default 1), or with @strong
 * @gravity · mass · distance, which keeps far components close. */
void aura_layout_set_gravity (AuraLayout *self, double gravity, gboolean strong);
/* Repulsion strength (default 2): the whole picture scales with its
 * square root. */
void aura_layout_set_scaling (AuraLayout *self, double scaling);
/* The radius of a node's disc in layout units, from its degree: what the
 * overlap prevention keeps apart. */
double aura_layout_get_node_radius (AuraLayout *self, guint node);
/* Pushes apart nodes whose discs overlap (done by itself on convergence). */
void aura_layout_remove_overlaps (AuraLayout *self);

G_END_DECLS
