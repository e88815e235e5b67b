/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-app"
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "aura-app-util.h"
#include "aura-graph-analytics.h"
#include "aura-graph-page.h"

/* The graph page: reads the investigation's graph and saved positions in a
 * worker thread, runs the force layout on its own worker with snapshots
 * every 50 ms, saves positions when the layout ends or a node is moved,
 * and reloads 300 ms after the last store change of its investigation.
 * Sizes and colours by analytics (betweenness, communities, components)
 * are computed in a worker too; merging duplicates runs the store's merge
 * in a worker after a confirmation. */

#define RELOAD_DELAY_MS 300
#define SAVE_DELAY_MS 800
#define LAYOUT_INTERVAL_MS 50
#define LAYOUT_MAX_ITERATIONS 1500
/* Above this many nodes betweenness is estimated from sampled sources, as
 * aura-cli graph stats does. */
#define BETWEENNESS_EXACT_MAX 5000
#define BETWEENNESS_SAMPLES 500

/* The "Size by" and "Colour by" choices, in their drop-downs' order. */
enum
{
  SIZE_BY_NOTHING,
  SIZE_BY_DEGREE,
  SIZE_BY_BETWEENNESS,
};

enum
{
  COLOUR_BY_TYPE,
  COLOUR_BY_COMMUNITY,
  COLOUR_BY_COMPONENT,
};

struct _AuraGraphPage
{
  GtkWidget parent_instance;

  AuraStore *store;
  gint64 investigation_id;
  GCancellable *cancellable;        /* store reads; cancelled in dispose */
  GCancellable *layout_cancellable; /* the layout run in progress */
  AuraLayout *layout;
  gboolean loading;
  gboolean load_again;
  gboolean first_load_done;
  guint n_loads;
  guint reload_source;
  guint save_source;
  GPtrArray *pending_deletes; /* PendingDelete, until their toast goes */
  gboolean auto_fit;
  GCancellable *analytics_cancellable; /* the analytics run in progress */
  guint *groups;                       /* the groups shown, for the legend */
  guint n_groups;
  GArray *pending_selection; /* entity ids to select once the graph is read */
  gboolean quiet_selection;  /* a read is being shown: not a person's choice */
  guint n_merges;            /* merges completed, for tests */

  GtkLabel *count_label;
  GtkSpinner *spinner;
  GtkButton *show_hidden_button;
  GtkDropDown *type_dropdown;
  GtkScale *confidence_scale;
  GtkSearchEntry *search_entry;
  GtkStack *stack;
  AuraGraphView *view;
  GtkBox *legend;
  AdwStatusPage *error_page;
  GtkDropDown *size_dropdown;
  GtkDropDown *colour_dropdown;
};

G_DEFINE_FINAL_TYPE (AuraGraphPage, aura_graph_page, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_ENTITY_ACTIVATED,
  SIGNAL_LOOK_FOR_ACCOUNTS,
  SIGNAL_MAP_DOMAIN,
  SIGNAL_SELECTION_CHANGED,
  SIGNAL_RUN_TOOL,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

AuraGraphView *
aura_graph_page_get_view (AuraGraphPage *self)
{
  g_return_val_if_fail (AURA_IS_GRAPH_PAGE (self), NULL);
  return self->view;
}

const char *
aura_graph_page_get_view_name (AuraGraphPage *self)
{
  g_return_val_if_fail (AURA_IS_GRAPH_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

gboolean
aura_graph_page_get_busy (AuraGraphPage *self)
{
  g_return_val_if_fail (AURA_IS_GRAPH_PAGE (self), FALSE);
  return self->loading || self->layout_cancellable != NULL || self->reload_source != 0 ||
         self->analytics_cancellable != NULL;
}

GtkDropDown *
aura_graph_page_get_size_dropdown (AuraGraphPage *self)
{
  g_return_val_if_fail (AURA_IS_GRAPH_PAGE (self), NULL);
  return self->size_dropdown;
}

GtkDropDown *
aura_graph_page_get_colour_dropdown (AuraGraphPage *self)
{
  g_return_val_if_fail (AURA_IS_GRAPH_PAGE (self), NULL);
  return self->colour_dropdown;
}

guint
aura_graph_page_get_n_merges (AuraGraphPage *self)
{
  g_return_val_if_fail (AURA_IS_GRAPH_PAGE (self), 0);
  return self->n_merges;
}

guint
aura_graph_page_get_n_loads (AuraGraphPage *self)
{
  g_return_val_if_fail (AURA_IS_GRAPH_PAGE (self), 0);
  return self->n_loads;
}

GtkDropDown *
aura_graph_page_get_type_dropdown (AuraGraphPage *self)
{
  g_return_val_if_fail (AURA_IS_GRAPH_PAGE (self), NULL);
  return self->type_dropdown;
}

GtkRange *
aura_graph_page_get_confidence_scale (AuraGraphPage *self)
{
  g_return_val_if_fail (AURA_IS_GRAPH_PAGE (self), NULL);
  return GTK_RANGE (self->confidence_scale);
}

GtkSearchEntry *
aura_graph_page_get_search_entry (AuraGraphPage *self)
{
  g_return_val_if_fail (AURA_IS_GRAPH_PAGE (self), NULL);
  return self->search_entry;
}

void
aura_graph_page_focus_search (AuraGraphPage *self)
{
  g_return_if_fail (AURA_IS_GRAPH_PAGE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* ---- Toasts ------------------------------------------------------------------ */

static AdwToastOverlay *
toast_overlay (AuraGraphPage *self)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  return overlay != NULL ? ADW_TOAST_OVERLAY (overlay) : NULL;
}

static void
toast_text (AuraGraphPage *self, const char *message)
{
  AdwToastOverlay *overlay = toast_overlay (self);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (overlay, aura_toast_new_plain (message));
  else
    g_message ("%s", message);
}

/* ---- Store work in worker threads ------------------------------------- */

typedef enum
{
  JOB_LOAD,       /* the graph and its saved positions */
  JOB_GET_ENTITY, /* one entity, for details or a scan */
  JOB_DELETE,     /* one entity */
  JOB_SAVE_POSITIONS,
  JOB_MERGE,     /* entity_id keeps, merge_ids go */
  JOB_ANALYTICS, /* sizes and groups of graph */
} JobKind;

typedef struct
{
  JobKind kind;
  AuraStore *store;
  gint64 investigation_id;
  gint64 entity_id;
  char *action; /* JOB_GET_ENTITY: what the entity is for */
  AuraGraph *graph;
  AuraPoint *positions;
  gboolean *pinned;
  GArray *merge_ids;      /* JOB_MERGE: gint64 */
  char *kept_value;       /* JOB_MERGE: for the toast */
  int size_by, colour_by; /* JOB_ANALYTICS: what to compute */
  double *values;         /* JOB_ANALYTICS: betweenness */
  guint *groups;          /* JOB_ANALYTICS: communities or components */
  guint n_groups;
} Job;

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
        if (!aura_store_delete_entity (job->store, job->entity_id, &error))
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

static Job *
job_new (AuraGraphPage *self, JobKind kind, gint64 entity_id)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->store = g_object_ref (self->store);
  job->investigation_id = self->investigation_id;
  job->entity_id = entity_id;
  return job;
}

/* Runs @job (filled in by then) in a worker thread. No source object: a
 * page closed while a job runs is not kept alive by it; callbacks get
 * G_IO_ERROR_CANCELLED when @cancellable went. */
static void
job_start (Job *job, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, job_start);
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, job_thread);
}

/* ---- Counts, legend, busy state --------------------------------------------- */

static void
update_busy (AuraGraphPage *self)
{
  gboolean busy =
      self->loading || self->layout_cancellable != NULL || self->analytics_cancellable != NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
}

static void
update_counts (AuraGraphPage *self)
{
  AuraGraph *graph = aura_graph_view_get_graph (self->view);
  guint n_hidden = aura_graph_view_get_n_hidden (self->view);
  g_autofree char *nodes = NULL;
  g_autofree char *edges = NULL;
  g_autofree char *text = NULL;
  guint n, m;

  if (graph == NULL)
    return;
  n = graph->n_nodes;
  m = graph->n_edges;
  nodes = g_strdup_printf (ngettext ("%'u entity", "%'u entities", n), n);
  edges = g_strdup_printf (ngettext ("%'u relation", "%'u relations", m), m);
  /* Translators: the graph's size: “12 entities, 30 relations”. */
  text = g_strdup_printf (_ ("%s, %s"), nodes, edges);
  gtk_label_set_label (self->count_label, text);

  gtk_widget_set_visible (GTK_WIDGET (self->show_hidden_button), n_hidden > 0);
  if (n_hidden > 0)
    {
      g_autofree char *label =
          g_strdup_printf (ngettext ("Show %'u Hidden", "Show %'u Hidden", n_hidden), n_hidden);

      gtk_button_set_label (self->show_hidden_button, label);
    }
}

static void
draw_swatch (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  const GdkRGBA *color = data;

  gdk_cairo_set_source_rgba (cr, color);
  cairo_arc (cr, width / 2.0, height / 2.0, MIN (width, height) / 2.0, 0, 2 * G_PI);
  cairo_fill (cr);
}

static void
add_legend_row (AuraGraphPage *self, const GdkRGBA *color, const char *text)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *swatch = gtk_drawing_area_new ();
  GtkWidget *label = gtk_label_new (text);

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), 12);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), 12);
  gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), draw_swatch, (gpointer)color, NULL);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (row), swatch);
  gtk_box_append (GTK_BOX (row), label);
  gtk_widget_set_margin_start (row, 10);
  gtk_widget_set_margin_end (row, 10);
  gtk_box_append (self->legend, row);
}

/* The groups by size (the biggest are numbered first), then the rest in
 * one grey line. */
static void
add_group_legend (AuraGraphPage *self, AuraGraph *graph)
{
  gboolean communities = gtk_drop_down_get_selected (self->colour_dropdown) == COLOUR_BY_COMMUNITY;
  guint shown = MIN (self->n_groups, AURA_GRAPH_N_GROUP_COLORS);
  g_autofree guint *counts = g_new0 (guint, shown + 1);

  for (guint i = 0; i < graph->n_nodes; i++)
    counts[MIN (self->groups[i], shown)]++;
  for (guint g = 0; g < shown; g++)
    {
      g_autofree char *text = NULL;

      if (communities)
        /* Translators: a legend line: a community's number and its size. */
        text = g_strdup_printf (_ ("Community %u (%'u)"), g + 1, counts[g]);
      else
        /* Translators: a legend line: a connected component's number and
         * its size. */
        text = g_strdup_printf (_ ("Component %u (%'u)"), g + 1, counts[g]);
      add_legend_row (self, aura_graph_view_group_color (g), text);
    }
  if (counts[shown] > 0)
    {
      guint rest = self->n_groups - shown;
      g_autofree char *text = communities
                                  ? g_strdup_printf (ngettext ("%'u more community (%'u)",
                                                               "%'u more communities (%'u)", rest),
                                                     rest, counts[shown])
                                  : g_strdup_printf (ngettext ("%'u more component (%'u)",
                                                               "%'u more components (%'u)", rest),
                                                     rest, counts[shown]);

      add_legend_row (self, aura_graph_view_group_color (AURA_GRAPH_N_GROUP_COLORS), text);
    }
}

static void
update_legend (AuraGraphPage *self, AuraGraph *graph)
{
  guint counts[AURA_ENTITY_N_TYPES] = { 0 };
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->legend))) != NULL)
    gtk_box_remove (self->legend, child);
  if (self->groups != NULL)
    add_group_legend (self, graph);
  for (guint i = 0; i < graph->n_nodes && self->groups == NULL; i++)
    counts[graph->types[i]]++;
  for (guint t = 0; t < AURA_ENTITY_N_TYPES; t++)
    {
      g_autofree char *text = NULL;

      if (counts[t] == 0)
        continue;
      /* Translators: a legend line: a type and how many entities of it. */
      text = g_strdup_printf (_ ("%s (%'u)"), aura_entity_type_get_label (t), counts[t]);
      add_legend_row (self, aura_graph_view_type_color (t), text);
    }
  if (gtk_widget_get_first_child (GTK_WIDGET (self->legend)) != NULL)
    {
      gtk_widget_set_margin_top (gtk_widget_get_first_child (GTK_WIDGET (self->legend)), 8);
      gtk_widget_set_margin_bottom (gtk_widget_get_last_child (GTK_WIDGET (self->legend)), 8);
    }
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

static void
save_positions_now (AuraGraphPage *self)
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
  save_positions_now (self);
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
  update_busy (self);
  self->auto_fit = FALSE;
  save_positions_now (self);
}

static void
stop_layout (AuraGraphPage *self)
{
  if (self->layout_cancellable != NULL)
    {
      g_cancellable_cancel (self->layout_cancellable);
      g_clear_object (&self->layout_cancellable);
    }
  update_busy (self);
}

/* Lays the view's graph out from @initial (NaN: no position yet), the
 * view's pinned nodes staying where they are. */
static void
start_layout (AuraGraphPage *self, const AuraPoint *initial)
{
  AuraGraph *graph = aura_graph_view_get_graph (self->view);

  stop_layout (self);
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
  update_busy (self);
}

static void
relayout_cb (AuraGraphPage *self)
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
  start_layout (self, initial);
  self->auto_fit = TRUE;
  aura_graph_view_fit (self->view);
}

static void
node_moved_cb (AuraGraphPage *self, guint node)
{
  const AuraPoint *p = &aura_graph_view_get_positions (self->view)[node];

  if (self->layout != NULL)
    {
      aura_layout_set_position (self->layout, node, p->x, p->y);
      aura_layout_set_pinned (self->layout, node, aura_graph_view_get_pinned (self->view, node));
    }
  schedule_save (self);
}

/* ---- Sizes and colours by analytics ------------------------------------------ */

static void
stop_analytics (AuraGraphPage *self)
{
  if (self->analytics_cancellable != NULL)
    {
      g_cancellable_cancel (self->analytics_cancellable);
      g_clear_object (&self->analytics_cancellable);
    }
  update_busy (self);
}

static void
set_groups (AuraGraphPage *self, guint *groups, guint n_groups)
{
  AuraGraph *graph = aura_graph_view_get_graph (self->view);

  g_free (self->groups);
  self->groups = groups;
  self->n_groups = n_groups;
  if (graph == NULL)
    return;
  aura_graph_view_set_node_groups (self->view, groups, groups != NULL ? graph->n_nodes : 0);
  update_legend (self, graph);
}

static void
analytics_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AuraGraphPage *self = user_data;
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_clear_object (&self->analytics_cancellable);
      update_busy (self);
      toast_text (self, error->message);
      return;
    }
  if (g_task_get_cancellable (G_TASK (result)) != self->analytics_cancellable)
    return;
  g_clear_object (&self->analytics_cancellable);
  update_busy (self);
  /* A graph read since belongs to another run. */
  if (job->graph != aura_graph_view_get_graph (self->view))
    return;
  if (job->values != NULL)
    aura_graph_view_set_node_sizes (self->view, AURA_GRAPH_SIZE_VALUES, job->values,
                                    job->graph->n_nodes);
  if (job->groups != NULL)
    set_groups (self, g_steal_pointer (&job->groups), job->n_groups);
}

/* Applies the "Size by" and "Colour by" choices to the graph shown: at
 * once for what needs no computing, through a worker for the rest. */
static void
apply_analytics (AuraGraphPage *self)
{
  AuraGraph *graph = aura_graph_view_get_graph (self->view);
  guint size_by = gtk_drop_down_get_selected (self->size_dropdown);
  guint colour_by = gtk_drop_down_get_selected (self->colour_dropdown);
  Job *job;

  stop_analytics (self);
  if (graph == NULL)
    return;
  if (size_by == SIZE_BY_NOTHING)
    aura_graph_view_set_node_sizes (self->view, AURA_GRAPH_SIZE_UNIFORM, NULL, 0);
  else if (size_by != SIZE_BY_BETWEENNESS)
    aura_graph_view_set_node_sizes (self->view, AURA_GRAPH_SIZE_DEGREE, NULL, 0);
  if (colour_by != COLOUR_BY_COMMUNITY && colour_by != COLOUR_BY_COMPONENT)
    set_groups (self, NULL, 0);
  if ((size_by != SIZE_BY_BETWEENNESS && colour_by == COLOUR_BY_TYPE) || graph->n_nodes == 0)
    return;
  job = job_new (self, JOB_ANALYTICS, 0);
  job->graph = aura_graph_ref (graph);
  job->size_by = (int)size_by;
  job->colour_by = (int)colour_by;
  self->analytics_cancellable = g_cancellable_new ();
  job_start (job, self->analytics_cancellable, analytics_done_cb, self);
  update_busy (self);
}

static void
analytics_changed_cb (AuraGraphPage *self)
{
  apply_analytics (self);
}

/* ---- Loading ----------------------------------------------------------------- */

/* Where each node of @job's graph starts: where the view shows it now (a
 * reload), else where it was saved, else NaN. Returns whether every node
 * has a place. */
static gboolean
initial_positions (AuraGraphPage *self, Job *job, AuraPoint *initial)
{
  AuraGraph *old = aura_graph_view_get_graph (self->view);
  AuraGraph *graph = job->graph;
  gboolean complete = TRUE;

  for (guint i = 0; i < graph->n_nodes; i++)
    {
      gint k = old != NULL ? aura_graph_find_node (old, graph->entity_ids[i]) : -1;

      if (k >= 0)
        initial[i] = aura_graph_view_get_positions (self->view)[k];
      else if (job->positions != NULL)
        initial[i] = job->positions[i];
      else
        initial[i] = (AuraPoint){ (float)NAN, (float)NAN };
      complete = complete && isfinite (initial[i].x) && isfinite (initial[i].y);
    }
  return complete;
}

static void load (AuraGraphPage *self);

static void
show_graph (AuraGraphPage *self, Job *job)
{
  AuraGraph *graph = job->graph;
  g_autofree AuraPoint *initial = g_new (AuraPoint, MAX (graph->n_nodes, 1));
  gboolean complete = initial_positions (self, job, initial);
  gboolean first = !self->first_load_done;

  stop_layout (self);
  g_clear_object (&self->layout);
  /* The selection a read carries over (by entity id), or the one asked for
   * before the first read, is nothing new for the page's listeners. */
  self->quiet_selection = TRUE;
  aura_graph_view_set_graph (self->view, graph, complete ? initial : NULL);
  /* Saved pins hold on the first read; afterwards the view keeps its own. */
  if (first && job->pinned != NULL)
    for (guint i = 0; i < graph->n_nodes; i++)
      if (job->pinned[i])
        aura_graph_view_set_pinned (self->view, i, TRUE);
  self->first_load_done = TRUE;
  /* The view forgot the sizes and groups of the last graph. */
  g_clear_pointer (&self->groups, g_free);
  self->n_groups = 0;
  if (self->pending_selection != NULL)
    {
      aura_graph_view_select_entities (self->view, (const gint64 *)self->pending_selection->data,
                                       self->pending_selection->len);
      g_clear_pointer (&self->pending_selection, g_array_unref);
    }
  self->quiet_selection = FALSE;
  update_legend (self, graph);
  update_counts (self);
  apply_analytics (self);
  gtk_stack_set_visible_child_name (self->stack, graph->n_nodes > 0 ? "graph" : "empty");
  if (graph->n_nodes == 0)
    return;
  if (complete)
    self->layout = aura_layout_new (graph, initial);
  else
    start_layout (self, initial);
  if (first)
    {
      self->auto_fit = !complete;
      aura_graph_view_fit (self->view);
    }
}

static void
load_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AuraGraphPage *self = user_data;
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->loading = FALSE;
      self->n_loads++;
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
  else
    {
      self->loading = FALSE;
      self->n_loads++;
      show_graph (self, job);
    }
  update_busy (self);
  if (self->load_again)
    {
      self->load_again = FALSE;
      load (self);
    }
}

static void
load (AuraGraphPage *self)
{
  if (self->loading)
    {
      self->load_again = TRUE;
      return;
    }
  self->loading = TRUE;
  update_busy (self);
  job_start (job_new (self, JOB_LOAD, 0), self->cancellable, load_cb, self);
}

void
aura_graph_page_reload (AuraGraphPage *self)
{
  g_return_if_fail (AURA_IS_GRAPH_PAGE (self));
  g_clear_handle_id (&self->reload_source, g_source_remove);
  load (self);
}

static gboolean
reload_timeout_cb (gpointer data)
{
  AuraGraphPage *self = data;

  self->reload_source = 0;
  load (self);
  return G_SOURCE_REMOVE;
}

/* A running scan changes the investigation several times a second: wait
 * for a pause before reading the whole graph again. */
static void
store_changed_cb (AuraGraphPage *self, gint64 investigation_id, const char *what)
{
  /* Saved positions are this page's own writes: nothing to read back. */
  if (investigation_id != self->investigation_id || g_strcmp0 (what, "graph.positions") == 0)
    return;
  g_clear_handle_id (&self->reload_source, g_source_remove);
  self->reload_source = g_timeout_add (RELOAD_DELAY_MS, reload_timeout_cb, self);
}

/* ---- Node actions -------------------------------------------------------------- */

static void
entity_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AuraGraphPage *self = user_data;
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraEntity) entity = g_task_propagate_pointer (G_TASK (result), &error);

  if (entity == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast_text (self, error->message);
      return;
    }
  if (g_str_equal (job->action, "look-for-accounts"))
    g_signal_emit (self, signals[SIGNAL_LOOK_FOR_ACCOUNTS], 0, entity);
  else if (g_str_equal (job->action, "map-domain"))
    g_signal_emit (self, signals[SIGNAL_MAP_DOMAIN], 0, entity);
  else if (g_str_has_prefix (job->action, "tool:"))
    g_signal_emit (self, signals[SIGNAL_RUN_TOOL], 0, entity, job->action + strlen ("tool:"));
  else
    g_signal_emit (self, signals[SIGNAL_ENTITY_ACTIVATED], 0, entity);
}

static void
fetch_entity (AuraGraphPage *self, guint node, const char *action)
{
  AuraGraph *graph = aura_graph_view_get_graph (self->view);
  Job *job;

  if (graph == NULL || node >= graph->n_nodes || graph->entity_ids[node] == 0)
    return;
  job = job_new (self, JOB_GET_ENTITY, graph->entity_ids[node]);
  job->action = g_strdup (action);
  job_start (job, self->cancellable, entity_cb, self);
}

static void
view_selection_changed_cb (AuraGraphPage *self)
{
  if (!self->quiet_selection)
    g_signal_emit (self, signals[SIGNAL_SELECTION_CHANGED], 0);
}

static void
node_activated_cb (AuraGraphPage *self, guint node)
{
  fetch_entity (self, node, "details");
}

/* A deletion waits for its toast to go, so that Undo only has to show the
 * node again; the page runs what is still pending when it is disposed. */
typedef struct
{
  GWeakRef page;
  AuraStore *store;
  gint64 investigation_id;
  gint64 entity_id;
  gboolean settled; /* undone, or the deletion started */
} PendingDelete;

static void
pending_delete_free (gpointer data)
{
  PendingDelete *pending = data;

  g_weak_ref_clear (&pending->page);
  g_clear_object (&pending->store);
  g_free (pending);
}

static void
delete_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraGraphPage) self = g_weak_ref_get (user_data);

  if (!g_task_propagate_boolean (G_TASK (result), &error) && self != NULL &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    toast_text (self, error->message);
  g_weak_ref_clear (user_data);
  g_free (user_data);
}

static void
delete_entity_in_thread (AuraStore *store, gint64 entity_id, AuraGraphPage *page)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);
  Job *job = g_new0 (Job, 1);

  g_weak_ref_init (ref, page);
  job->kind = JOB_DELETE;
  job->store = g_object_ref (store);
  job->entity_id = entity_id;
  /* Not cancellable: a deletion the person confirmed happens even when the
   * page goes meanwhile. */
  job_start (job, NULL, delete_done_cb, ref);
}

/* @self is the page when it is still there. Never called with a page being
 * disposed other than from its dispose, which passes NULL for the page's
 * weak references to stay untouched there. */
static void
settle_delete (PendingDelete *pending, gboolean undo, AuraGraphPage *self)
{
  if (pending->settled)
    return;
  pending->settled = TRUE;
  if (undo && self != NULL)
    {
      AuraGraph *graph = aura_graph_view_get_graph (self->view);
      gint node = graph != NULL ? aura_graph_find_node (graph, pending->entity_id) : -1;

      if (node >= 0)
        aura_graph_view_set_node_hidden (self->view, (guint)node, FALSE);
    }
  else if (!undo)
    delete_entity_in_thread (pending->store, pending->entity_id, self);
  if (self != NULL)
    g_ptr_array_remove (self->pending_deletes, pending);
}

static void
settle_from_toast (PendingDelete *pending, gboolean undo)
{
  g_autoptr (AuraGraphPage) self = g_weak_ref_get (&pending->page);

  settle_delete (pending, undo, self);
}

static void
undo_clicked_cb (AdwToast *toast, PendingDelete *pending)
{
  settle_from_toast (pending, TRUE);
}

static void
toast_dismissed_cb (AdwToast *toast, PendingDelete *pending)
{
  settle_from_toast (pending, FALSE);
}

void
aura_graph_page_delete_node (AuraGraphPage *self, guint node)
{
  AuraGraph *graph;
  AdwToastOverlay *overlay;
  PendingDelete *pending;
  AdwToast *toast;
  g_autofree char *value = NULL;

  g_return_if_fail (AURA_IS_GRAPH_PAGE (self));
  graph = aura_graph_view_get_graph (self->view);
  g_return_if_fail (graph != NULL && node < graph->n_nodes);

  if (graph->entity_ids[node] == 0)
    return;
  pending = g_new0 (PendingDelete, 1);
  g_weak_ref_init (&pending->page, self);
  pending->store = g_object_ref (self->store);
  pending->investigation_id = self->investigation_id;
  pending->entity_id = graph->entity_ids[node];
  aura_graph_view_set_node_hidden (self->view, node, TRUE);
  overlay = toast_overlay (self);
  if (overlay == NULL)
    {
      settle_delete (pending, FALSE, self);
      pending_delete_free (pending);
      return;
    }
  /* The toast owns the pending deletion; the page only lists it. */
  g_ptr_array_add (self->pending_deletes, pending);
  value = g_markup_escape_text (graph->labels[node], -1);
  /* Translators: %s is an entity's value. */
  toast = adw_toast_new_format (_ ("“%s” deleted"), value);
  adw_toast_set_button_label (toast, _ ("_Undo"));
  g_signal_connect (toast, "button-clicked", G_CALLBACK (undo_clicked_cb), pending);
  g_signal_connect (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), pending);
  g_object_set_data_full (G_OBJECT (toast), "aura-pending-delete", pending, pending_delete_free);
  adw_toast_overlay_add_toast (overlay, toast);
}

static void
node_action_cb (AuraGraphPage *self, const char *action, guint node)
{
  if (g_str_equal (action, "look-for-accounts") || g_str_equal (action, "map-domain") ||
      g_str_has_prefix (action, "tool:"))
    fetch_entity (self, node, action);
  else if (g_str_equal (action, "delete"))
    aura_graph_page_delete_node (self, node);
  else if (g_str_equal (action, "merge"))
    aura_graph_page_merge_into (self, node, TRUE);
}

/* ---- Merging duplicates --------------------------------------------------------- */

static void
merge_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AuraGraphPage *self = user_data;
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;
  guint n = job->merge_ids->len;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast_text (self, error->message);
      return;
    }
  self->n_merges++;
  /* Translators: a toast after a merge; %s is the kept entity's value. */
  message = g_strdup_printf (
      ngettext ("%u duplicate merged into “%s”", "%u duplicates merged into “%s”", n), n,
      job->kept_value);
  toast_text (self, message);
  aura_graph_page_reload (self);
}

static void
merge_now (AuraGraphPage *self, gint64 keep_id, const char *kept_value, GArray *merge_ids)
{
  Job *job = job_new (self, JOB_MERGE, keep_id);

  job->merge_ids = g_array_ref (merge_ids);
  job->kept_value = g_strdup (kept_value);
  job_start (job, self->cancellable, merge_done_cb, self);
}

typedef struct
{
  GWeakRef page;
  gint64 keep_id;
  char *kept_value;
  GArray *merge_ids;
} MergeRequest;

static void
merge_request_free (gpointer data)
{
  MergeRequest *request = data;

  g_weak_ref_clear (&request->page);
  g_free (request->kept_value);
  g_array_unref (request->merge_ids);
  g_free (request);
}

static void
merge_response_cb (AdwMessageDialog *dialog, const char *response, MergeRequest *request)
{
  g_autoptr (AuraGraphPage) self = g_weak_ref_get (&request->page);

  if (self != NULL && g_strcmp0 (response, "merge") == 0)
    merge_now (self, request->keep_id, request->kept_value, request->merge_ids);
}

void
aura_graph_page_merge_into (AuraGraphPage *self, guint keep_node, gboolean confirm)
{
  AuraGraph *graph;
  g_autoptr (GArray) selection = NULL;
  g_autoptr (GArray) merge_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *heading = NULL;
  MergeRequest *request;
  GtkWidget *dialog;
  GtkRoot *root;

  g_return_if_fail (AURA_IS_GRAPH_PAGE (self));
  graph = aura_graph_view_get_graph (self->view);
  g_return_if_fail (graph != NULL && keep_node < graph->n_nodes);

  if (!aura_graph_view_can_merge (self->view, keep_node))
    {
      toast_text (self, _ ("Select two or more entities of one type, then merge them into the one "
                           "to keep"));
      return;
    }
  selection = aura_graph_view_get_selection (self->view);
  for (guint k = 0; k < selection->len; k++)
    {
      guint node = g_array_index (selection, guint, k);

      if (node != keep_node)
        g_array_append_val (merge_ids, graph->entity_ids[node]);
    }
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (!confirm || !GTK_IS_WINDOW (root))
    {
      merge_now (self, graph->entity_ids[keep_node], graph->labels[keep_node], merge_ids);
      return;
    }
  request = g_new0 (MergeRequest, 1);
  g_weak_ref_init (&request->page, self);
  request->keep_id = graph->entity_ids[keep_node];
  request->kept_value = g_strdup (graph->labels[keep_node]);
  request->merge_ids = g_array_ref (merge_ids);
  /* Translators: the heading of the merge confirmation; %s is the value
   * of the entity that stays. */
  heading = g_strdup_printf (
      ngettext ("Merge %u Duplicate Into “%s”?", "Merge %u Duplicates Into “%s”?", merge_ids->len),
      merge_ids->len, graph->labels[keep_node]);
  dialog = adw_message_dialog_new (GTK_WINDOW (root), heading, NULL);
  adw_message_dialog_set_body (
      ADW_MESSAGE_DIALOG (dialog),
      _ ("Their relations, sources, evidence and attributes move to the entity kept, which keeps "
         "its own value and place; the duplicates are then deleted. This cannot be undone."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "merge",
                                    _ ("_Merge"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "merge",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (merge_response_cb), request,
                         (GClosureNotify)(void (*) (void))merge_request_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- Selection from outside --------------------------------------------------- */

void
aura_graph_page_select_entities (AuraGraphPage *self, const gint64 *entity_ids, guint n_ids)
{
  g_return_if_fail (AURA_IS_GRAPH_PAGE (self));
  g_return_if_fail (entity_ids != NULL || n_ids == 0);

  if (!self->first_load_done)
    {
      /* Applied once the graph is read. */
      g_clear_pointer (&self->pending_selection, g_array_unref);
      self->pending_selection = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);
      g_array_append_vals (self->pending_selection, entity_ids, n_ids);
      return;
    }
  aura_graph_view_select_entities (self->view, entity_ids, n_ids);
}

void
aura_graph_page_show_details (AuraGraphPage *self, guint node)
{
  g_return_if_fail (AURA_IS_GRAPH_PAGE (self));
  fetch_entity (self, node, "details");
}

/* ---- Toolbar ---------------------------------------------------------------------- */

static void
type_selected_cb (AuraGraphPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->type_dropdown);

  if (selected != GTK_INVALID_LIST_POSITION)
    aura_graph_view_set_type_filter (self->view, (int)selected - 1);
}

static void
confidence_changed_cb (AuraGraphPage *self)
{
  aura_graph_view_set_min_confidence (
      self->view, gtk_range_get_value (GTK_RANGE (self->confidence_scale)) / 100.0);
}

static char *
format_percent_cb (GtkScale *scale, double value, gpointer user_data)
{
  /* Translators: a confidence in percent. */
  return g_strdup_printf (_ ("%.0f %%"), value);
}

static void
search_changed_cb (AuraGraphPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  guint n = aura_graph_view_search (self->view, text);

  if (*text != '\0' && n == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->search_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->search_entry), "error");
}

static void
search_next_cb (AuraGraphPage *self)
{
  aura_graph_view_search_next (self->view);
}

static void
show_hidden_cb (AuraGraphPage *self)
{
  aura_graph_view_show_hidden (self->view);
}

static void
zoom_in_cb (AuraGraphPage *self)
{
  aura_graph_view_zoom_in (self->view);
}

static void
zoom_out_cb (AuraGraphPage *self)
{
  aura_graph_view_zoom_out (self->view);
}

static void
fit_cb (AuraGraphPage *self)
{
  aura_graph_view_fit (self->view);
}

static void
setup_type_filter (AuraGraphPage *self)
{
  g_autoptr (GtkStringList) types = gtk_string_list_new (NULL);

  gtk_string_list_append (types, _ ("All Types"));
  for (int i = 0; i < AURA_ENTITY_N_TYPES; i++)
    gtk_string_list_append (types, aura_entity_type_get_label (i));
  gtk_drop_down_set_model (self->type_dropdown, G_LIST_MODEL (types));
}

/* ---- Export ---------------------------------------------------------------------- */

static void
export_response_cb (GtkNativeDialog *dialog, int response, AuraGraphPage *self)
{
  gboolean svg = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "aura-svg"));
  g_autoptr (GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  gboolean ok;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      path = file != NULL ? g_file_get_path (file) : NULL;
      if (path == NULL)
        toast_text (self, _ ("Choose a file on this computer to export to"));
      else
        {
          ok = svg ? aura_graph_view_save_svg (self->view, path, &error)
                   : aura_graph_view_save_png (self->view, path, &error);
          if (!ok)
            toast_text (self, error->message);
        }
    }
  g_object_unref (dialog);
}

static void
export_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  AuraGraphPage *self = AURA_GRAPH_PAGE (widget);
  gboolean svg = g_str_equal (action_name, "graph-page.export-svg");
  GtkFileChooserNative *dialog;
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  dialog = gtk_file_chooser_native_new (
      svg ? _ ("Export the Graph as SVG") : _ ("Export the Graph as PNG"),
      GTK_WINDOW (gtk_widget_get_root (widget)), GTK_FILE_CHOOSER_ACTION_SAVE, _ ("_Export"), NULL);
  gtk_file_filter_set_name (filter, svg ? _ ("SVG images") : _ ("PNG images"));
  gtk_file_filter_add_mime_type (filter, svg ? "image/svg+xml" : "image/png");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  /* Translators: the suggested file name of an exported graph. */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog),
                                     svg ? _ ("graph.svg") : _ ("graph.png"));
  G_GNUC_END_IGNORE_DEPRECATIONS
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_object_set_data (G_OBJECT (dialog), "aura-svg", GINT_TO_POINTER (svg));
  g_signal_connect (dialog, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ---- Life cycle ------------------------------------------------------------------ */

AuraGraphPage *
aura_graph_page_new (AuraStore *store, gint64 investigation_id)
{
  AuraGraphPage *self;

  g_return_val_if_fail (AURA_IS_STORE (store), NULL);
  g_return_val_if_fail (investigation_id > 0, NULL);

  self = g_object_new (AURA_TYPE_GRAPH_PAGE, NULL);
  self->store = g_object_ref (store);
  self->investigation_id = investigation_id;
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  load (self);
  return self;
}

static void
aura_graph_page_dispose (GObject *object)
{
  AuraGraphPage *self = AURA_GRAPH_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  stop_layout (self);
  stop_analytics (self);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->save_source != 0)
    {
      g_clear_handle_id (&self->save_source, g_source_remove);
      save_positions_now (self);
    }
  /* Deletions whose toast is still up happen now; their toasts, when they
   * go, find them settled. */
  for (guint i = 0; i < self->pending_deletes->len; i++)
    settle_delete (g_ptr_array_index (self->pending_deletes, i), FALSE, NULL);
  g_ptr_array_set_size (self->pending_deletes, 0);
  gtk_widget_dispose_template (GTK_WIDGET (self), AURA_TYPE_GRAPH_PAGE);
  aura_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->layout);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (aura_graph_page_parent_class)->dispose (object);
}

static void
aura_graph_page_finalize (GObject *object)
{
  AuraGraphPage *self = AURA_GRAPH_PAGE (object);

  g_clear_object (&self->cancellable);
  g_ptr_array_unref (self->pending_deletes);
  g_free (self->groups);
  g_clear_pointer (&self->pending_selection, g_array_unref);
  G_OBJECT_CLASS (aura_graph_page_parent_class)->finalize (object);
}

static void
aura_graph_page_class_init (AuraGraphPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aura_graph_page_dispose;
  object_class->finalize = aura_graph_page_finalize;

  signals[SIGNAL_ENTITY_ACTIVATED] =
      g_signal_new ("entity-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 1, AURA_TYPE_ENTITY);
  signals[SIGNAL_LOOK_FOR_ACCOUNTS] =
      g_signal_new ("look-for-accounts", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                    NULL, NULL, G_TYPE_NONE, 1, AURA_TYPE_ENTITY);
  signals[SIGNAL_MAP_DOMAIN] =
      g_signal_new ("map-domain", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                    G_TYPE_NONE, 1, AURA_TYPE_ENTITY);
  signals[SIGNAL_SELECTION_CHANGED] =
      g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                    NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_RUN_TOOL] =
      g_signal_new ("run-tool", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                    G_TYPE_NONE, 2, AURA_TYPE_ENTITY, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "graph-page.export-png", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "graph-page.export-svg", NULL, export_action);

  g_type_ensure (AURA_TYPE_GRAPH_VIEW);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/aura-graph-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AuraGraphPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, AuraGraphPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, AuraGraphPage, show_hidden_button);
  gtk_widget_class_bind_template_child (widget_class, AuraGraphPage, type_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AuraGraphPage, confidence_scale);
  gtk_widget_class_bind_template_child (widget_class, AuraGraphPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, AuraGraphPage, stack);
  gtk_widget_class_bind_template_child (widget_class, AuraGraphPage, view);
  gtk_widget_class_bind_template_child (widget_class, AuraGraphPage, legend);
  gtk_widget_class_bind_template_child (widget_class, AuraGraphPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, AuraGraphPage, size_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AuraGraphPage, colour_dropdown);
  gtk_widget_class_bind_template_callback (widget_class, type_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, confidence_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_next_cb);
  gtk_widget_class_bind_template_callback (widget_class, show_hidden_cb);
  gtk_widget_class_bind_template_callback (widget_class, zoom_in_cb);
  gtk_widget_class_bind_template_callback (widget_class, zoom_out_cb);
  gtk_widget_class_bind_template_callback (widget_class, fit_cb);
  gtk_widget_class_bind_template_callback (widget_class, relayout_cb);
  gtk_widget_class_bind_template_callback (widget_class, analytics_changed_cb);
}

static void
aura_graph_page_init (AuraGraphPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (
      GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))), GTK_ORIENTATION_VERTICAL);
  self->cancellable = g_cancellable_new ();
  self->pending_deletes = g_ptr_array_new ();
  setup_type_filter (self);
  gtk_scale_set_format_value_func (self->confidence_scale, format_percent_cb, NULL, NULL);
  g_signal_connect_object (self->view, "node-activated", G_CALLBACK (node_activated_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "selection-changed", G_CALLBACK (view_selection_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "node-action", G_CALLBACK (node_action_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "node-moved", G_CALLBACK (node_moved_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "visibility-changed", G_CALLBACK (update_counts), self,
                           G_CONNECT_SWAPPED);
}
