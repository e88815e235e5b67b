/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-app"
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "aura-graph-analytics.h"
#include "aura-graph-page-private.h"

/* The graph page's work in worker threads (reads, entity fetches,
 * deletions and their undo, merges, analytics, saving positions) and the
 * force layout run with its snapshots. */

/* ---- Store work in worker threads ------------------------------------- */

static void
job_free (gpointer data)
{
  Job *job = data;

  g_clear_object (&job->store);
  g_free (job->action);
  g_clear_pointer (&job->graph, aura_graph_unref);
  g_free (job->positions);
  g_free (job->pinned);
  g_clear_pointer (&job->merge_ids, g_array_unref);
  g_free (job->kept_value);
  g_free (job->values);
  g_free (job->groups);
  g_free (job->snapshot);
  g_free (job);
}

/* Betweenness and groups of job->graph, as asked. */
static gboolean
compute_analytics (Job *job, GError **error)
{
  g_autoptr (AuraGraphAnalytics) analytics = aura_graph_analytics_new (job->graph, error);

  if (analytics == NULL)
    return FALSE;
  if (job->size_by == SIZE_BY_BETWEENNESS)
    {
      AuraBetweennessOptions options = AURA_BETWEENNESS_OPTIONS_INIT;

      if (job->graph->n_nodes > BETWEENNESS_EXACT_MAX)
        options.n_samples = BETWEENNESS_SAMPLES;
      job->values = aura_graph_analytics_betweenness (analytics, &options, error);
      if (job->values == NULL)
        return FALSE;
    }
  if (job->colour_by == COLOUR_BY_COMMUNITY)
    job->groups = aura_graph_analytics_communities (analytics, AURA_COMMUNITY_LOUVAIN, FALSE, 1,
                                                    &job->n_groups, NULL, error);
  else if (job->colour_by == COLOUR_BY_COMPONENT)
    job->groups = aura_graph_analytics_components (analytics, &job->n_groups, error);
  return job->colour_by == COLOUR_BY_TYPE || job->groups != NULL;
}

static void
job_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr (GError) error = NULL;

  switch (job->kind)
    {
      case JOB_LOAD:
        job->graph = aura_store_load_graph (job->store, job->investigation_id, &error);
        if (job->graph != NULL)
          job->positions = aura_store_load_positions (job->store, job->investigation_id, job->graph,
                                                      &job->pinned, &error);
        if (error != NULL)
          g_task_return_error (task, g_steal_pointer (&error));
        else
          g_task_return_boolean (task, TRUE);
        return;
      case JOB_GET_ENTITY:
        {
          AuraEntity *entity = aura_store_get_entity (job->store, job->entity_id, &error);

          if (entity == NULL)
            g_task_return_error (task, g_steal_pointer (&error));
          else
            g_task_return_pointer (task, entity, g_object_unref);
        }
        return;
      case JOB_DELETE:
        if (!aura_store_delete_entities_restorable (job->store, job->investigation_id,
                                                    &job->entity_id, 1, &job->snapshot, &error))
          g_task_return_error (task, g_steal_pointer (&error));
        else
          g_task_return_boolean (task, TRUE);
        return;
      case JOB_RESTORE:
        if (!aura_store_restore_entities (job->store, job->investigation_id, job->snapshot, &error))
          g_task_return_error (task, g_steal_pointer (&error));
        else
          g_task_return_boolean (task, TRUE);
        return;
      case JOB_SAVE_POSITIONS:
        if (!aura_store_save_positions (job->store, job->investigation_id, job->graph,
                                        job->positions, job->pinned, &error))
          g_task_return_error (task, g_steal_pointer (&error));
        else
          g_task_return_boolean (task, TRUE);
        return;
      case JOB_MERGE:
        if (!aura_store_merge_entities (job->store, job->investigation_id, job->entity_id,
                                        (const gint64 *)job->merge_ids->data, job->merge_ids->len,
                                        &error))
          g_task_return_error (task, g_steal_pointer (&error));
        else
          g_task_return_boolean (task, TRUE);
        return;
      case JOB_ANALYTICS:
        if (!compute_analytics (job, &error))
          g_task_return_error (task, g_steal_pointer (&error));
        else
          g_task_return_boolean (task, TRUE);
        return;
      default:
        g_assert_not_reached ();
    }
}

Job *
aura_graph_page_job_new (AuraGraphPage *self, JobKind kind, gint64 entity_id)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->store = g_object_ref (self->store);
  job->investigation_id = self->investigation_id;
  job->entity_id = entity_id;
  return job;
}

void
aura_graph_page_job_start (Job *job,
                           GCancellable *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, aura_graph_page_job_start);
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, job_thread);
}

/* ---- Positions: saving, layout --------------------------------------------- */

static void
save_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  /* Positions are a convenience: a failure is worth a note, not a toast
   * interrupting the work. */
  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not save the graph positions: %s", error->message);
}

void
aura_graph_page_save_positions_now (AuraGraphPage *self)
{
  AuraGraph *graph = aura_graph_view_get_graph (self->view);
  Job *job;
  guint n;

  if (graph == NULL || graph->n_nodes == 0)
    return;
  n = graph->n_nodes;
  job = job_new (self, JOB_SAVE_POSITIONS, 0);
  job->graph = aura_graph_ref (graph);
  job->positions = g_memdup2 (aura_graph_view_get_positions (self->view), sizeof (AuraPoint) * n);
  job->pinned = g_new (gboolean, n);
  for (guint i = 0; i < n; i++)
    job->pinned[i] = aura_graph_view_get_pinned (self->view, i);
  job_start (job, NULL, save_done_cb, NULL);
}

static gboolean
save_timeout_cb (gpointer data)
{
  AuraGraphPage *self = data;

  self->save_source = 0;
  aura_graph_page_save_positions_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_save (AuraGraphPage *self)
{
  g_clear_handle_id (&self->save_source, g_source_remove);
  self->save_source = g_timeout_add (SAVE_DELAY_MS, save_timeout_cb, self);
}

/* While a first layout runs, the view keeps the whole graph in sight
 * until the person zooms or pans. */
static void
follow_layout (AuraGraphPage *self)
{
  if (self->auto_fit && aura_graph_view_get_fitted (self->view))
    aura_graph_view_fit (self->view);
  else
    self->auto_fit = FALSE;
}

static void
layout_progress_cb (AuraLayout *layout,
                    const AuraPoint *positions,
                    guint n_positions,
                    guint iteration,
                    gpointer user_data)
{
  AuraGraphPage *self = user_data;
  AuraGraph *graph = aura_graph_view_get_graph (self->view);

  if (layout != self->layout || graph == NULL || n_positions != graph->n_nodes)
    return;
  aura_graph_view_set_positions (self->view, positions, n_positions);
  follow_layout (self);
}

static void
layout_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AuraGraphPage *self = user_data;
  g_autoptr (GError) error = NULL;

  if (!aura_layout_run_finish (AURA_LAYOUT (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_warning ("The graph layout failed: %s", error->message);
    }
  if (AURA_LAYOUT (source) != self->layout)
    return;
  g_clear_object (&self->layout_cancellable);
  aura_graph_page_update_busy (self);
  self->auto_fit = FALSE;
  aura_graph_page_save_positions_now (self);
}

void
aura_graph_page_stop_layout (AuraGraphPage *self)
{
  if (self->layout_cancellable != NULL)
    {
      g_cancellable_cancel (self->layout_cancellable);
      g_clear_object (&self->layout_cancellable);
    }
  aura_graph_page_update_busy (self);
}

/* Lays the view's graph out from @initial (NaN: no position yet), the
 * view's pinned nodes staying where they are. */
void
aura_graph_page_start_layout (AuraGraphPage *self, const AuraPoint *initial)
{
  AuraGraph *graph = aura_graph_view_get_graph (self->view);

  aura_graph_page_stop_layout (self);
  g_clear_object (&self->layout);
  self->layout = aura_layout_new (graph, initial);
  for (guint i = 0; i < graph->n_nodes; i++)
    if (aura_graph_view_get_pinned (self->view, i))
      aura_layout_set_pinned (self->layout, i, TRUE);
  aura_graph_view_set_positions (self->view, aura_layout_get_positions (self->layout),
                                 graph->n_nodes);
  self->layout_cancellable = g_cancellable_new ();
  aura_layout_run_async (self->layout, LAYOUT_MAX_ITERATIONS, LAYOUT_INTERVAL_MS,
                         layout_progress_cb, self, self->layout_cancellable, layout_done_cb, self);
  aura_graph_page_update_busy (self);
}

void
aura_graph_page_relayout_cb (AuraGraphPage *self)
{
  AuraGraph *graph = aura_graph_view_get_graph (self->view);
  const AuraPoint *current = aura_graph_view_get_positions (self->view);
  g_autofree AuraPoint *initial = NULL;

  if (graph == NULL || graph->n_nodes == 0)
    return;
  /* Pinned nodes keep their place; the rest start afresh. */
  initial = g_new (AuraPoint, graph->n_nodes);
  for (guint i = 0; i < graph->n_nodes; i++)
    initial[i] = aura_graph_view_get_pinned (self->view, i) ? current[i]
                                                            : (AuraPoint){ (float)NAN, (float)NAN };
  aura_graph_page_start_layout (self, initial);
  self->auto_fit = TRUE;
  aura_graph_view_fit (self->view);
}

void
aura_graph_page_node_moved_cb (AuraGraphPage *self, guint node)
{
  const AuraPoint *p = &aura_graph_view_get_positions (self->view)[node];

  if (self->layout != NULL)
    {
      aura_layout_set_position (self->layout, node, p->x, p->y);
      aura_layout_set_pinned (self->layout, node, aura_graph_view_get_pinned (self->view, node));
    }
  schedule_save (self);
}
