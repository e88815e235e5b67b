/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-graph"
#include "config.h"

#include <math.h>
#include <string.h>

#include "aura-layout-private.h"

/* One iteration of the ForceAtlas2-style layout, split over threads:
 *
 *  1. the quadtree is rebuilt (one thread);
 *  2. every node sums its forces — Barnes–Hut repulsion, attraction to its
 *     neighbours (read from the adjacency, so each end computes its own
 *     side and no two threads write the same node), gravity — and how much
 *     its force swung since the last iteration; chunks of nodes are handed
 *     to the threads as they free up;
 *  3. the global speed is adapted from the total swing and traction
 *     (the ForceAtlas2 rule: fast while forces agree from one iteration to
 *     the next, slower when they oscillate);
 *  4. every node moves by its force times its own speed, lower for nodes
 *     that swing, and never more than a bounded distance. */

#define CHUNK_SIZE 512
/* A node never moves further than this many units (aura_force_state_unit)
 * in one iteration: bounded energy even from a degenerate start. */
#define MAX_STEP_UNITS 10.0
/* …or this fraction of the picture's radius, when that is more. */
#define MAX_STEP_EXTENT 0.05
/* A braked node (AuraForceState.calm) recovers this much per iteration:
 * from 0.01 to full speed in about 100. */
#define CALM_RECOVERY 1.047

/* ---- Fork and join -------------------------------------------------------- */

typedef struct
{
  AuraLayoutChunkFunc func;
  gpointer data;
  guint n_chunks;
  gint next_chunk; /* atomic */
  GMutex lock;
  GCond done;
  guint running; /* helpers not yet finished, under @lock */
} ParallelJob;

static void
run_chunks (ParallelJob *job)
{
  gint chunk;

  while ((chunk = g_atomic_int_add (&job->next_chunk, 1)) < (gint)job->n_chunks)
    job->func ((guint)chunk, job->data);
}

static void
helper_cb (gpointer data, gpointer user_data)
{
  ParallelJob *job = data;

  run_chunks (job);
  g_mutex_lock (&job->lock);
  if (--job->running == 0)
    g_cond_signal (&job->done);
  g_mutex_unlock (&job->lock);
}

static GThreadPool *
helper_pool (void)
{
  static GThreadPool *pool = NULL;

  if (g_once_init_enter (&pool))
    {
      /* Shared by every layout of the process; helpers beyond the cores
       * would only wait for them. */
      GThreadPool *new_pool =
          g_thread_pool_new (helper_cb, NULL, MAX (1, (gint)g_get_num_processors ()), FALSE, NULL);
      g_once_init_leave (&pool, new_pool);
    }
  return pool;
}

void
aura_layout_parallel (guint n_threads, guint n_chunks, AuraLayoutChunkFunc func, gpointer data)
{
  ParallelJob job = { func, data, n_chunks, 0 };
  guint helpers = MIN (n_threads, n_chunks);

  helpers = helpers > 0 ? helpers - 1 : 0;
  if (helpers == 0)
    {
      run_chunks (&job);
      return;
    }
  g_mutex_init (&job.lock);
  g_cond_init (&job.done);
  job.running = helpers;
  for (guint h = 0; h < helpers; h++)
    g_thread_pool_push (helper_pool (), &job, NULL);
  run_chunks (&job);
  g_mutex_lock (&job.lock);
  while (job.running > 0)
    g_cond_wait (&job.done, &job.lock);
  g_mutex_unlock (&job.lock);
  g_mutex_clear (&job.lock);
  g_cond_clear (&job.done);
}

/* ---- State ---------------------------------------------------------------- */

void
aura_force_state_init (AuraForceState *state)
{
  memset (state, 0, sizeof *state);
  state->scaling = 2.0;
  state->gravity = 1.0;
  state->theta = 1.2;
  state->jitter_tolerance = 1.0;
  state->n_threads = 0;
  state->speed = 1.0;
  state->speed_efficiency = 1.0;
  state->edge_weights = TRUE;
}

void
aura_force_state_clear (AuraForceState *state)
{
  g_free (state->offsets);
  g_free (state->adjacency);
  g_free (state->weights);
  g_free (state->mass);
  g_free (state->radius);
  g_free (state->x);
  g_free (state->y);
  g_free (state->fx);
  g_free (state->fy);
  g_free (state->old_fx);
  g_free (state->old_fy);
  g_free (state->pinned);
  g_free (state->calm);
  aura_quad_tree_clear (&state->tree);
  memset (state, 0, sizeof *state);
}

double
aura_force_state_unit (const AuraForceState *state)
{
  /* Two leaves joined by an edge rest where kr·2·2/d = d. */
  return 2.0 * sqrt (MAX (state->scaling, 1e-6));
}

static void
resize_doubles (double **array, guint old_n, guint n, double fill)
{
  *array = g_renew (double, *array, MAX (n, 1));
  for (guint i = old_n; i < n; i++)
    (*array)[i] = fill;
}

/* Weights a relation's attraction may take, against the mean: a relation
 * of confidence 0 still holds its ends together a little, and an
 * imported weight of thousands does not collapse the picture. */
#define MIN_EDGE_WEIGHT 0.05
#define MAX_EDGE_WEIGHT 20.0

/* The weight of each adjacency entry, in the order
 * aura_graph_build_adjacency() fills them, divided by the mean. */
static double *
edge_weights (AuraGraph *graph, const guint *offsets)
{
  double *weights = g_new (double, MAX (1, offsets[graph->n_nodes]));
  g_autofree guint *fill = g_memdup2 (offsets, sizeof (guint) * (graph->n_nodes + 1));
  double sum = 0.0, mean;
  guint n = 0;

  for (guint e = 0; e < graph->n_edges; e++)
    {
      guint s = graph->edge_source[e], t = graph->edge_target[e];
      double w = graph->edge_weight[e];

      w = isfinite (w) ? CLAMP (w, MIN_EDGE_WEIGHT, MAX_EDGE_WEIGHT) : 1.0;
      weights[fill[s]++] = w;
      sum += w;
      n++;
      if (t != s)
        weights[fill[t]++] = w;
    }
  mean = n > 0 ? sum / n : 1.0;
  for (guint k = 0; k < offsets[graph->n_nodes]; k++)
    weights[k] /= mean;
  return weights;
}

void
aura_force_state_set_graph (AuraForceState *state, AuraGraph *graph)
{
  guint old_n = state->n, n = graph->n_nodes;
  double unit;

  g_clear_pointer (&state->offsets, g_free);
  g_clear_pointer (&state->adjacency, g_free);
  aura_graph_build_adjacency (graph, &state->offsets, &state->adjacency);
  g_free (state->weights);
  state->weights = edge_weights (graph, state->offsets);
  old_n = MIN (old_n, n);
  state->n = n;
  state->mass = g_renew (double, state->mass, MAX (n, 1));
  state->radius = g_renew (double, state->radius, MAX (n, 1));
  unit = aura_force_state_unit (state);
  for (guint i = 0; i < n; i++)
    {
      guint degree = state->offsets[i + 1] - state->offsets[i];

      state->mass[i] = degree + 1.0;
      /* Discs grow slowly with the degree: hubs look bigger without
       * pushing the picture apart. */
      state->radius[i] = 0.25 * unit * (1.0 + 0.5 * log1p (degree));
    }
  resize_doubles (&state->x, old_n, n, NAN);
  resize_doubles (&state->y, old_n, n, NAN);
  resize_doubles (&state->fx, old_n, n, 0);
  resize_doubles (&state->fy, old_n, n, 0);
  resize_doubles (&state->old_fx, old_n, n, 0);
  resize_doubles (&state->old_fy, old_n, n, 0);
  resize_doubles (&state->calm, old_n, n, 1.0);
  state->pinned = g_renew (gboolean, state->pinned, MAX (n, 1));
  for (guint i = old_n; i < n; i++)
    state->pinned[i] = FALSE;
}

/* ---- One iteration -------------------------------------------------------- */

typedef struct
{
  AuraForceState *state;
  double *swing;    /* per chunk */
  double *traction; /* per chunk */
  double *moved;    /* per chunk */
  guint *n_moved;   /* per chunk */
} StepData;

static void
attraction (const AuraForceState *s, guint i, double *fx, double *fy)
{
  double ax = 0, ay = 0;

  for (guint k = s->offsets[i]; k < s->offsets[i + 1]; k++)
    {
      guint j = s->adjacency[k];
      double dx = s->x[i] - s->x[j], dy = s->y[i] - s->y[j];
      double w = s->edge_weights ? s->weights[k] : 1.0;

      if (s->lin_log)
        {
          double d = sqrt (dx * dx + dy * dy);
          double f = d > 1e-9 ? w * log1p (d) / d : 0;

          ax -= f * dx;
          ay -= f * dy;
        }
      else
        {
          ax -= w * dx;
          ay -= w * dy;
        }
    }
  *fx += ax;
  *fy += ay;
}

static void
gravity (const AuraForceState *s, guint i, double *fx, double *fy)
{
  double d = sqrt (s->x[i] * s->x[i] + s->y[i] * s->y[i]);
  double f;

  if (d < 1e-9)
    return;
  f = s->strong_gravity ? s->gravity * s->mass[i] : s->gravity * s->mass[i] / d;
  *fx -= f * s->x[i];
  *fy -= f * s->y[i];
}

static void
forces_cb (guint chunk, gpointer data)
{
  StepData *d = data;
  AuraForceState *s = d->state;
  guint end = MIN (s->n, (chunk + 1) * CHUNK_SIZE);
  double swing = 0, traction = 0;

  for (guint i = chunk * CHUNK_SIZE; i < end; i++)
    {
      double fx = 0, fy = 0;

      aura_quad_tree_repulsion (&s->tree, s->x, s->y, s->mass, i, s->scaling, s->theta, &fx, &fy);
      attraction (s, i, &fx, &fy);
      gravity (s, i, &fx, &fy);
      if (!isfinite (fx) || !isfinite (fy))
        fx = fy = 0;
      s->fx[i] = fx;
      s->fy[i] = fy;
      if (s->pinned[i])
        continue;
      swing += s->mass[i] * hypot (fx - s->old_fx[i], fy - s->old_fy[i]);
      traction += s->mass[i] * hypot (fx + s->old_fx[i], fy + s->old_fy[i]) / 2;
    }
  d->swing[chunk] = swing;
  d->traction[chunk] = traction;
}

static void
move_cb (guint chunk, gpointer data)
{
  StepData *d = data;
  AuraForceState *s = d->state;
  guint end = MIN (s->n, (chunk + 1) * CHUNK_SIZE);
  double max_step = MAX (MAX_STEP_UNITS * aura_force_state_unit (s), MAX_STEP_EXTENT * s->extent);
  double moved = 0;
  guint n_moved = 0;

  for (guint i = chunk * CHUNK_SIZE; i < end; i++)
    {
      double fx = s->fx[i], fy = s->fy[i];
      double swinging = s->mass[i] * hypot (fx - s->old_fx[i], fy - s->old_fy[i]);
      double factor = s->speed / (1.0 + sqrt (s->speed * swinging));
      double dx, dy, step;

      factor *= s->calm[i];
      s->calm[i] = MIN (1.0, s->calm[i] * CALM_RECOVERY);
      dx = fx * factor;
      dy = fy * factor;
      step = hypot (dx, dy);

      s->old_fx[i] = fx;
      s->old_fy[i] = fy;
      if (s->pinned[i])
        continue;
      if (step > max_step)
        {
          dx *= max_step / step;
          dy *= max_step / step;
          step = max_step;
        }
      if (isfinite (dx) && isfinite (dy))
        {
          s->x[i] += dx;
          s->y[i] += dy;
          moved += step;
        }
      n_moved++;
    }
  d->moved[chunk] = moved;
  d->n_moved[chunk] = n_moved;
}

/* The ForceAtlas2 speed rule: the jitter tolerated grows with the size of
 * the graph; the speed follows the ratio of traction (forces that agree
 * with the last iteration) to swing (forces that reversed), rising by at
 * most half per iteration. */
static void
adapt_speed (AuraForceState *s, double total_swing, double total_traction)
{
  double n = s->n, estimated = 0.05 * sqrt (n);
  double min_jt = sqrt (estimated), max_jt = 10.0, jt, target;
  const double min_efficiency = 0.05;

  if (total_swing <= 0 || total_traction <= 0 || !isfinite (total_swing) ||
      !isfinite (total_traction))
    return;
  jt = s->jitter_tolerance * MAX (min_jt, MIN (max_jt, estimated * total_traction / (n * n)));
  if (total_swing / total_traction > 2.0)
    {
      if (s->speed_efficiency > min_efficiency)
        s->speed_efficiency *= 0.5;
      jt = MAX (jt, s->jitter_tolerance);
    }
  target = jt * s->speed_efficiency * total_traction / total_swing;
  if (total_swing > jt * total_traction)
    {
      if (s->speed_efficiency > min_efficiency)
        s->speed_efficiency *= 0.7;
    }
  else if (s->speed < 1000)
    s->speed_efficiency *= 1.3;
  s->speed += MIN (target - s->speed, 0.5 * s->speed);
  s->speed = CLAMP (s->speed, 1e-6, 1e6);
}

double
aura_force_state_step (AuraForceState *s)
{
  guint n_chunks = (s->n + CHUNK_SIZE - 1) / CHUNK_SIZE;
  guint n_threads = s->n_threads > 0 ? s->n_threads : g_get_num_processors ();
  g_autofree double *partials = NULL;
  g_autofree guint *counts = NULL;
  StepData data = { s };
  double total_swing = 0, total_traction = 0, moved = 0;
  guint n_moved = 0;

  if (s->n == 0)
    return 0;
  partials = g_new0 (double, 3 * n_chunks);
  counts = g_new0 (guint, n_chunks);
  data.swing = partials;
  data.traction = partials + n_chunks;
  data.moved = partials + 2 * n_chunks;
  data.n_moved = counts;

  aura_quad_tree_build (&s->tree, s->x, s->y, s->mass, s->n);
  aura_layout_parallel (n_threads, n_chunks, forces_cb, &data);
  /* Summed in chunk order, so the result does not depend on the threads. */
  for (guint c = 0; c < n_chunks; c++)
    {
      total_swing += data.swing[c];
      total_traction += data.traction[c];
    }
  adapt_speed (s, total_swing, total_traction);
  aura_layout_parallel (n_threads, n_chunks, move_cb, &data);
  for (guint c = 0; c < n_chunks; c++)
    {
      moved += data.moved[c];
      n_moved += data.n_moved[c];
    }
  s->iteration++;
  return n_moved > 0 ? moved / n_moved : 0;
}

/* ---- Overlap removal ------------------------------------------------------ */

static void
separate (AuraForceState *s, guint i, guint j)
{
  double dx = s->x[j] - s->x[i], dy = s->y[j] - s->y[i];
  double d = hypot (dx, dy), overlap = s->radius[i] + s->radius[j] - d;
  double share_i, share_j;

  if (overlap <= 0 || (s->pinned[i] && s->pinned[j]))
    return;
  if (d < 1e-9)
    {
      aura_layout_coincident_direction (j, i, &dx, &dy);
      d = 1;
    }
  share_i = s->pinned[i] ? 0 : s->pinned[j] ? 1 : 0.5;
  share_j = 1 - share_i;
  s->x[i] -= dx / d * overlap * share_i;
  s->y[i] -= dy / d * overlap * share_i;
  s->x[j] += dx / d * overlap * share_j;
  s->y[j] += dy / d * overlap * share_j;
}

static void
overlap_pass (AuraForceState *s)
{
  double min_x = INFINITY, min_y = INFINITY, max_x = -INFINITY, max_y = -INFINITY, cell = 0;
  guint cols, rows;
  g_autofree guint *start = NULL;
  g_autofree guint *members = NULL;
  g_autofree guint *fill = NULL;

  for (guint i = 0; i < s->n; i++)
    {
      min_x = MIN (min_x, s->x[i]);
      max_x = MAX (max_x, s->x[i]);
      min_y = MIN (min_y, s->y[i]);
      max_y = MAX (max_y, s->y[i]);
      cell = MAX (cell, 2 * s->radius[i]);
    }
  /* Cells as wide as the largest disc, but no more of them than about
   * four per node. */
  cell = MAX (cell, sqrt ((max_x - min_x + 1) * (max_y - min_y + 1) / (4.0 * s->n)));
  for (;;)
    {
      double c = (max_x - min_x) / cell + 1, r = (max_y - min_y) / cell + 1;

      /* A long thin picture: fewer, wider cells. */
      if (c * r <= 4.0 * s->n + 64)
        break;
      cell *= 2;
    }
  cols = (guint)((max_x - min_x) / cell) + 1;
  rows = (guint)((max_y - min_y) / cell) + 1;
  start = g_new0 (guint, (gsize)cols * rows + 1);
  members = g_new (guint, s->n);
  fill = g_new (guint, s->n);
  for (guint i = 0; i < s->n; i++)
    {
      guint cx = (guint)((s->x[i] - min_x) / cell), cy = (guint)((s->y[i] - min_y) / cell);

      fill[i] = cy * cols + cx;
      start[fill[i] + 1]++;
    }
  for (gsize c = 0; c < (gsize)cols * rows; c++)
    start[c + 1] += start[c];
  {
    g_autofree guint *pos = g_memdup2 (start, sizeof (guint) * ((gsize)cols * rows + 1));
    for (guint i = 0; i < s->n; i++)
      members[pos[fill[i]]++] = i;
  }
  for (guint r = 0; r < rows; r++)
    for (guint c = 0; c < cols; c++)
      {
        guint here = r * cols + c;

        /* This cell with itself, and with the four neighbours after it. */
        for (guint a = start[here]; a < start[here + 1]; a++)
          {
            for (guint b = a + 1; b < start[here + 1]; b++)
              separate (s, members[a], members[b]);
            for (int k = 0; k < 4; k++)
              {
                static const int off[4][2] = { { 1, 0 }, { -1, 1 }, { 0, 1 }, { 1, 1 } };
                int nc = (int)c + off[k][0], nr = (int)r + off[k][1];
                guint there;

                if (nc < 0 || nc >= (int)cols || nr >= (int)rows)
                  continue;
                there = (guint)nr * cols + (guint)nc;
                for (guint b = start[there]; b < start[there + 1]; b++)
                  separate (s, members[a], members[b]);
              }
          }
      }
}

void
aura_force_state_remove_overlaps (AuraForceState *s)
{
  if (s->n < 2)
    return;
  for (int pass = 0; pass < 3; pass++)
    overlap_pass (s);
}
