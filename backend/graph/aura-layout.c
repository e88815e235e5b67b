/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-graph"
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "aura-layout-private.h"

/* AuraLayout: the force-directed layout as an object the canvas drives,
 * one step at a time or on a worker thread. The iteration itself is in
 * aura-layout-force.c, the quadtree in aura-layout-barnes-hut.c. */

/* Converged: the mean displacement stayed below this fraction of the
 * picture's radius (RMS distance from the centroid) for CONVERGED_STEPS
 * iterations in a row. */
#define CONVERGED_RATIO 0.005
#define CONVERGED_STEPS 5
/* Coordinates are kept within this range: far enough for any picture, near
 * enough that squares and float conversions stay finite. */
#define MAX_COORDINATE 1e9

typedef struct
{
  guint node;
  gboolean set_position;
  float x, y;
  gboolean pinned;
} Edit;

struct _AuraLayout
{
  GObject parent_instance;

  AuraGraph *graph;
  AuraForceState state;
  AuraPoint *points; /* state.n, kept in step with state.x/y */
  guint32 seed;
  gboolean converged;
  guint quiet_steps;

  /* While run_async() runs, the worker owns the state; changes asked for
   * meanwhile wait in @edits and are applied before its next iteration. */
  GMutex lock;
  gboolean running;
  GArray *edits;
};

G_DEFINE_FINAL_TYPE (AuraLayout, aura_layout, G_TYPE_OBJECT)

static void
aura_layout_finalize (GObject *object)
{
  AuraLayout *self = AURA_LAYOUT (object);

  aura_force_state_clear (&self->state);
  g_clear_pointer (&self->points, g_free);
  g_clear_pointer (&self->graph, aura_graph_unref);
  g_array_unref (self->edits);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (aura_layout_parent_class)->finalize (object);
}

static void
aura_layout_class_init (AuraLayoutClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = aura_layout_finalize;
}

static void
aura_layout_init (AuraLayout *self)
{
  aura_force_state_init (&self->state);
  g_mutex_init (&self->lock);
  self->edits = g_array_new (FALSE, FALSE, sizeof (Edit));
  self->seed = 0x5eed1e;
}

static void
sync_points (AuraLayout *self)
{
  self->points = g_renew (AuraPoint, self->points, MAX (self->state.n, 1));
  for (guint i = 0; i < self->state.n; i++)
    {
      self->points[i].x = (float)self->state.x[i];
      self->points[i].y = (float)self->state.y[i];
    }
}

/* ---- Placing nodes without a position ------------------------------------ */

static void
random_in_disc (GRand *rand, double cx, double cy, double radius, double *x, double *y)
{
  double r = radius * sqrt (g_rand_double (rand)), a = g_rand_double_range (rand, 0, 2 * G_PI);

  *x = cx + r * cos (a);
  *y = cy + r * sin (a);
}

/* Places @v at the barycentre of its placed neighbours, a unit away in a
 * random direction so that siblings do not land on each other. */
static void
place_near_neighbours (AuraForceState *s, GRand *rand, const gboolean *placed, guint v)
{
  double sx = 0, sy = 0, unit = aura_force_state_unit (s);
  guint count = 0;

  for (guint k = s->offsets[v]; k < s->offsets[v + 1]; k++)
    {
      guint u = s->adjacency[k];
      if (placed[u])
        {
          sx += s->x[u];
          sy += s->y[u];
          count++;
        }
    }
  g_assert (count > 0);
  random_in_disc (rand, sx / count, sy / count, unit, &s->x[v], &s->y[v]);
}

static void
spread_from (AuraForceState *s, GRand *rand, gboolean *placed, gboolean *queued, GQueue *queue)
{
  while (!g_queue_is_empty (queue))
    {
      guint u = GPOINTER_TO_UINT (g_queue_pop_head (queue));

      if (!placed[u])
        {
          place_near_neighbours (s, rand, placed, u);
          placed[u] = TRUE;
        }
      for (guint k = s->offsets[u]; k < s->offsets[u + 1]; k++)
        {
          guint v = s->adjacency[k];
          if (!placed[v] && !queued[v])
            {
              queued[v] = TRUE;
              g_queue_push_tail (queue, GUINT_TO_POINTER (v));
            }
        }
    }
}

void
aura_layout_place_missing (AuraForceState *s, guint32 seed)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  g_autofree gboolean *placed = g_new0 (gboolean, MAX (s->n, 1));
  g_autofree gboolean *queued = g_new0 (gboolean, MAX (s->n, 1));
  GQueue queue = G_QUEUE_INIT;
  double unit = aura_force_state_unit (s), extent = 0;
  guint n_placed = 0;

  for (guint i = 0; i < s->n; i++)
    {
      placed[i] = isfinite (s->x[i]) && isfinite (s->y[i]);
      if (placed[i])
        {
          n_placed++;
          extent = MAX (extent, hypot (s->x[i], s->y[i]));
          queued[i] = TRUE;
          g_queue_push_tail (&queue, GUINT_TO_POINTER (i));
        }
    }
  if (n_placed == s->n)
    return;
  if (n_placed == 0)
    {
      /* A fresh layout: a uniform disc whose area grows with the graph. */
      for (guint i = 0; i < s->n; i++)
        random_in_disc (rand, 0, 0, unit * sqrt (s->n + 1.0), &s->x[i], &s->y[i]);
      return;
    }
  spread_from (s, rand, placed, queued, &queue);
  /* Components with no placed node start just outside the picture. */
  for (guint i = 0; i < s->n; i++)
    if (!placed[i])
      {
        double a = g_rand_double_range (rand, 0, 2 * G_PI);

        s->x[i] = (extent + 2 * unit) * cos (a);
        s->y[i] = (extent + 2 * unit) * sin (a);
        placed[i] = queued[i] = TRUE;
        g_queue_push_tail (&queue, GUINT_TO_POINTER (i));
        spread_from (s, rand, placed, queued, &queue);
      }
}

/* ---- Construction ---------------------------------------------------------- */

/**
 * aura_layout_new:
 * @graph: the graph to lay out (a reference is taken)
 * @initial: (nullable): starting positions, NaN for nodes without one
 *
 * Returns: (transfer full): a force-directed layout of @graph.
 */
AuraLayout *
aura_layout_new (AuraGraph *graph, const AuraPoint *initial)
{
  AuraLayout *self;

  g_return_val_if_fail (graph != NULL, NULL);

  self = g_object_new (AURA_TYPE_LAYOUT, NULL);
  self->graph = aura_graph_ref (graph);
  aura_force_state_set_graph (&self->state, graph);
  for (guint i = 0; initial != NULL && i < graph->n_nodes; i++)
    if (isfinite (initial[i].x) && isfinite (initial[i].y))
      {
        self->state.x[i] = CLAMP (initial[i].x, -MAX_COORDINATE, MAX_COORDINATE);
        self->state.y[i] = CLAMP (initial[i].y, -MAX_COORDINATE, MAX_COORDINATE);
      }
  aura_layout_place_missing (&self->state, self->seed);
  sync_points (self);
  return self;
}

AuraGraph *
aura_layout_get_graph (AuraLayout *self)
{
  g_return_val_if_fail (AURA_IS_LAYOUT (self), NULL);
  return self->graph;
}

const AuraPoint *
aura_layout_get_positions (AuraLayout *self)
{
  g_return_val_if_fail (AURA_IS_LAYOUT (self), NULL);
  return self->points;
}

static void
apply_edit (AuraLayout *self, const Edit *edit)
{
  if (edit->node >= self->state.n)
    return;
  if (edit->set_position)
    {
      self->state.x[edit->node] = edit->x;
      self->state.y[edit->node] = edit->y;
      self->points[edit->node].x = edit->x;
      self->points[edit->node].y = edit->y;
    }
  else
    self->state.pinned[edit->node] = edit->pinned;
  self->converged = FALSE;
  self->quiet_steps = 0;
}

/* Applies @edit now, or queues it for the worker when one runs. */
static void
edit (AuraLayout *self, const Edit *edit)
{
  g_mutex_lock (&self->lock);
  if (self->running)
    g_array_append_val (self->edits, *edit);
  else
    apply_edit (self, edit);
  g_mutex_unlock (&self->lock);
}

static void
apply_pending_edits (AuraLayout *self)
{
  g_mutex_lock (&self->lock);
  for (guint k = 0; k < self->edits->len; k++)
    apply_edit (self, &g_array_index (self->edits, Edit, k));
  g_array_set_size (self->edits, 0);
  g_mutex_unlock (&self->lock);
}

/**
 * aura_layout_set_position:
 *
 * Moves a node (a drag on the canvas). Non-finite coordinates are ignored.
 * While aura_layout_run_async() runs, the move applies before its next
 * iteration.
 */
void
aura_layout_set_position (AuraLayout *self, guint node, float x, float y)
{
  Edit e = { node, TRUE, CLAMP (x, -MAX_COORDINATE, MAX_COORDINATE),
             CLAMP (y, -MAX_COORDINATE, MAX_COORDINATE), FALSE };

  g_return_if_fail (AURA_IS_LAYOUT (self));
  g_return_if_fail (node < self->state.n);

  if (isfinite (x) && isfinite (y))
    edit (self, &e);
}

void
aura_layout_set_pinned (AuraLayout *self, guint node, gboolean pinned)
{
  Edit e = { node, FALSE, 0, 0, pinned };

  g_return_if_fail (AURA_IS_LAYOUT (self));
  g_return_if_fail (node < self->state.n);

  edit (self, &e);
}

gboolean
aura_layout_get_pinned (AuraLayout *self, guint node)
{
  gboolean pinned;

  g_return_val_if_fail (AURA_IS_LAYOUT (self), FALSE);
  g_return_val_if_fail (node < self->state.n, FALSE);

  g_mutex_lock (&self->lock);
  pinned = self->state.pinned[node];
  /* A pin asked for during a run counts already. */
  for (guint k = 0; k < self->edits->len; k++)
    {
      const Edit *e = &g_array_index (self->edits, Edit, k);
      if (e->node == node && !e->set_position)
        pinned = e->pinned;
    }
  g_mutex_unlock (&self->lock);
  return pinned;
}

static gboolean
is_running (AuraLayout *self)
{
  gboolean running;

  g_mutex_lock (&self->lock);
  running = self->running;
  g_mutex_unlock (&self->lock);
  return running;
}

void
aura_layout_set_graph (AuraLayout *self, AuraGraph *graph)
{
  guint old_n;

  g_return_if_fail (AURA_IS_LAYOUT (self));
  g_return_if_fail (graph != NULL);
  g_return_if_fail (graph->n_nodes >= self->state.n);
  g_return_if_fail (!is_running (self));

  old_n = self->state.n;
  aura_graph_ref (graph);
  g_clear_pointer (&self->graph, aura_graph_unref);
  self->graph = graph;
  aura_force_state_set_graph (&self->state, graph);
  aura_layout_place_missing (&self->state, self->seed + self->state.iteration);
  if (graph->n_nodes > old_n)
    for (guint i = 0; i < old_n; i++)
      self->state.calm[i] = 0.01;
  self->converged = FALSE;
  self->quiet_steps = 0;
  sync_points (self);
}

/* ---- Iterating -------------------------------------------------------------- */

static double
picture_radius (const AuraForceState *s)
{
  double cx = 0, cy = 0, sum = 0;

  for (guint i = 0; i < s->n; i++)
    {
      cx += s->x[i];
      cy += s->y[i];
    }
  cx /= MAX (s->n, 1);
  cy /= MAX (s->n, 1);
  for (guint i = 0; i < s->n; i++)
    sum += (s->x[i] - cx) * (s->x[i] - cx) + (s->y[i] - cy) * (s->y[i] - cy);
  return sqrt (sum / MAX (s->n, 1));
}

static double
step_unlocked (AuraLayout *self)
{
  double moved = aura_force_state_step (&self->state);
  double radius = picture_radius (&self->state);

  self->state.extent = radius;

  if (moved <= CONVERGED_RATIO * MAX (radius, aura_force_state_unit (&self->state)))
    self->quiet_steps++;
  else
    self->quiet_steps = 0;
  if (self->quiet_steps >= CONVERGED_STEPS)
    {
      /* At rest: now make room for every node's disc. */
      self->converged = TRUE;
      aura_force_state_remove_overlaps (&self->state);
    }
  sync_points (self);
  return moved;
}

/**
 * aura_layout_step:
 *
 * Runs one iteration on the calling thread, using every core (or the
 * number set with aura_layout_set_threads()).
 *
 * Returns: the mean displacement of the nodes that are not pinned.
 */
double
aura_layout_step (AuraLayout *self)
{
  g_return_val_if_fail (AURA_IS_LAYOUT (self), 0);
  g_return_val_if_fail (!is_running (self), 0);

  return step_unlocked (self);
}

gboolean
aura_layout_is_converged (AuraLayout *self)
{
  g_return_val_if_fail (AURA_IS_LAYOUT (self), FALSE);
  return self->converged;
}

guint
aura_layout_get_iteration (AuraLayout *self)
{
  g_return_val_if_fail (AURA_IS_LAYOUT (self), 0);
  return self->state.iteration;
}

void
aura_layout_set_threads (AuraLayout *self, guint n_threads)
{
  g_return_if_fail (AURA_IS_LAYOUT (self));
  g_return_if_fail (!is_running (self));
  self->state.n_threads = n_threads;
}

void
aura_layout_set_lin_log (AuraLayout *self, gboolean lin_log)
{
  g_return_if_fail (AURA_IS_LAYOUT (self));
  g_return_if_fail (!is_running (self));
  self->state.lin_log = lin_log;
  self->converged = FALSE;
}

void
aura_layout_set_edge_weights (AuraLayout *self, gboolean edge_weights)
{
  g_return_if_fail (AURA_IS_LAYOUT (self));
  g_return_if_fail (!is_running (self));
  self->state.edge_weights = edge_weights;
  self->converged = FALSE;
}

gboolean
aura_layout_get_edge_weights (AuraLayout *self)
{
  g_return_val_if_fail (AURA_IS_LAYOUT (self), FALSE);
  return self->state.edge_weights;
}

void
aura_layout_set_gravity (AuraLayout *self, double gravity, gboolean strong)
{
  g_return_if_fail (AURA_IS_LAYOUT (self));
  g_return_if_fail (gravity >= 0 && isfinite (gravity));
  g_return_if_fail (!is_running (self));
  self->state.gravity = gravity;
  self->state.strong_gravity = strong;
  self->converged = FALSE;
}

void
aura_layout_set_scaling (AuraLayout *self, double scaling)
{
  g_return_if_fail (AURA_IS_LAYOUT (self));
  g_return_if_fail (scaling > 0 && isfinite (scaling));
  g_return_if_fail (!is_running (self));
  self->state.scaling = scaling;
  /* The discs' radii follow the unit length. */
  aura_force_state_set_graph (&self->state, self->graph);
  self->converged = FALSE;
}

double
aura_layout_get_node_radius (AuraLayout *self, guint node)
{
  g_return_val_if_fail (AURA_IS_LAYOUT (self), 0);
  g_return_val_if_fail (node < self->state.n, 0);
  return self->state.radius[node];
}

void
aura_layout_remove_overlaps (AuraLayout *self)
{
  g_return_if_fail (AURA_IS_LAYOUT (self));
  g_return_if_fail (!is_running (self));
  aura_force_state_remove_overlaps (&self->state);
  sync_points (self);
}

/* ---- Running on a worker thread ------------------------------------------- */

typedef struct
{
  AuraLayout *self;
  guint max_iterations;
  guint interval_ms;
  AuraLayoutProgress progress;
  gpointer progress_data;
  GCancellable *cancellable;
  GMainContext *context;

  GMutex lock;
  AuraPoint *snapshot; /* the latest positions not yet delivered */
  guint snapshot_n;
  guint snapshot_iteration;
  gboolean idle_pending;
} RunData;

static void
run_data_clear (gpointer data)
{
  RunData *run = data;

  g_clear_object (&run->self);
  g_clear_object (&run->cancellable);
  g_clear_pointer (&run->context, g_main_context_unref);
  g_clear_pointer (&run->snapshot, g_free);
  g_mutex_clear (&run->lock);
}

static void
release_run_data (gpointer data)
{
  g_atomic_rc_box_release_full (data, run_data_clear);
}

static gboolean
deliver_cb (gpointer data)
{
  RunData *run = data;
  g_autofree AuraPoint *snapshot = NULL;
  guint n, iteration;

  g_mutex_lock (&run->lock);
  snapshot = g_steal_pointer (&run->snapshot);
  n = run->snapshot_n;
  iteration = run->snapshot_iteration;
  run->idle_pending = FALSE;
  g_mutex_unlock (&run->lock);
  if (snapshot != NULL && !g_cancellable_is_cancelled (run->cancellable))
    run->progress (run->self, snapshot, n, iteration, run->progress_data);
  return G_SOURCE_REMOVE;
}

/* Hands the current positions to the caller's context; a snapshot not yet
 * delivered is replaced, so a slow consumer only ever sees the latest. */
static void
post_snapshot (RunData *run)
{
  AuraLayout *self = run->self;
  AuraPoint *copy = g_memdup2 (self->points, sizeof (AuraPoint) * MAX (self->state.n, 1));
  gboolean schedule;

  g_mutex_lock (&run->lock);
  g_free (run->snapshot);
  run->snapshot = copy;
  run->snapshot_n = self->state.n;
  run->snapshot_iteration = self->state.iteration;
  schedule = !run->idle_pending;
  run->idle_pending = TRUE;
  g_mutex_unlock (&run->lock);
  if (schedule)
    {
      g_autoptr (GSource) source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, deliver_cb, g_atomic_rc_box_acquire (run), release_run_data);
      g_source_set_static_name (source, "[aura] layout progress");
      g_source_attach (source, run->context);
    }
}

static void
run_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  RunData *run = task_data;
  AuraLayout *self = run->self;
  gint64 last_post = g_get_monotonic_time ();

  for (guint k = 0; k < run->max_iterations; k++)
    {
      if (g_cancellable_is_cancelled (cancellable))
        break;
      apply_pending_edits (self);
      step_unlocked (self);
      if (self->converged)
        break;
      if (run->progress != NULL &&
          g_get_monotonic_time () - last_post >= (gint64)run->interval_ms * 1000)
        {
          post_snapshot (run);
          last_post = g_get_monotonic_time ();
        }
    }
  g_mutex_lock (&self->lock);
  for (guint k = 0; k < self->edits->len; k++)
    apply_edit (self, &g_array_index (self->edits, Edit, k));
  g_array_set_size (self->edits, 0);
  if (run->progress != NULL && !g_cancellable_is_cancelled (cancellable))
    post_snapshot (run);
  self->running = FALSE;
  g_mutex_unlock (&self->lock);
  if (!g_task_return_error_if_cancelled (task))
    g_task_return_boolean (task, TRUE);
}

/**
 * aura_layout_run_async:
 * @max_iterations: an upper bound on the iterations of this run
 * @interval_ms: the least time between two snapshots
 * @progress: (nullable): called in the caller's thread-default main context
 *   with a copy of the positions
 *
 * Iterates on a worker thread until converged, @max_iterations, or
 * @cancellable is cancelled (then finish fails with G_IO_ERROR_CANCELLED).
 * The final positions are delivered through @progress before @callback
 * runs, and are aura_layout_get_positions() afterwards.
 */
void
aura_layout_run_async (AuraLayout *self,
                       guint max_iterations,
                       guint interval_ms,
                       AuraLayoutProgress progress,
                       gpointer progress_data,
                       GCancellable *cancellable,
                       GAsyncReadyCallback callback,
                       gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  RunData *run;

  g_return_if_fail (AURA_IS_LAYOUT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, aura_layout_run_async);
  g_mutex_lock (&self->lock);
  if (self->running)
    {
      g_mutex_unlock (&self->lock);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY,
                               _ ("The layout is already running"));
      return;
    }
  self->running = TRUE;
  g_mutex_unlock (&self->lock);

  run = g_atomic_rc_box_new0 (RunData);
  run->self = g_object_ref (self);
  run->max_iterations = max_iterations;
  run->interval_ms = interval_ms;
  run->progress = progress;
  run->progress_data = progress_data;
  run->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  run->context = g_main_context_ref_thread_default ();
  g_mutex_init (&run->lock);
  g_task_set_task_data (task, run, release_run_data);
  g_task_run_in_thread (task, run_thread);
}

gboolean
aura_layout_run_finish (AuraLayout *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (AURA_IS_LAYOUT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == aura_layout_run_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- Quality ---------------------------------------------------------------- */

/**
 * aura_layout_quality:
 *
 * The mean length of the edges (self-loops left out) divided by the mean
 * distance between @n_pairs pairs of distinct nodes drawn with a GRand
 * seeded by @seed. Lower is better: linked nodes close, the rest spread.
 * Returns 1.0 (no better than chance) when there is nothing to measure:
 * fewer than two nodes, no edge between distinct nodes, all nodes at one
 * place; non-finite positions are left out.
 */
double
aura_layout_quality (AuraGraph *graph, const AuraPoint *positions, guint n_pairs, guint32 seed)
{
  g_autoptr (GRand) rand = NULL;
  double edge_sum = 0, pair_sum = 0;
  guint n_edges = 0, n_sampled = 0;

  g_return_val_if_fail (graph != NULL, 1.0);
  g_return_val_if_fail (positions != NULL || graph->n_nodes == 0, 1.0);

  if (graph->n_nodes < 2 || n_pairs == 0)
    return 1.0;
  for (guint e = 0; e < graph->n_edges; e++)
    {
      const AuraPoint *a = &positions[graph->edge_source[e]];
      const AuraPoint *b = &positions[graph->edge_target[e]];
      double d = hypot ((double)a->x - b->x, (double)a->y - b->y);

      if (graph->edge_source[e] != graph->edge_target[e] && isfinite (d))
        {
          edge_sum += d;
          n_edges++;
        }
    }
  rand = g_rand_new_with_seed (seed);
  for (guint k = 0; k < n_pairs; k++)
    {
      guint i = (guint)g_rand_int_range (rand, 0, (gint32)graph->n_nodes);
      guint j = (guint)g_rand_int_range (rand, 0, (gint32)graph->n_nodes - 1);
      double d;

      /* j uniform among the other nodes. */
      if (j >= i)
        j++;
      d = hypot ((double)positions[i].x - positions[j].x, (double)positions[i].y - positions[j].y);
      if (isfinite (d))
        {
          pair_sum += d;
          n_sampled++;
        }
    }
  if (n_edges == 0 || n_sampled == 0 || pair_sum <= 0)
    return 1.0;
  return (edge_sum / n_edges) / (pair_sum / n_sampled);
}
