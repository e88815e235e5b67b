/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-app"
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "aura-graph-page-private.h"

/* The graph page: reads the investigation's graph and saved positions in a
 * worker thread, runs the force layout on its own worker with snapshots
 * every 50 ms, saves positions when the layout ends or a node is moved,
 * and reloads 300 ms after the last store change of its investigation.
 * Sizes and colours by analytics (betweenness, communities, components)
 * are computed in a worker too; merging duplicates runs the store's merge
 * in a worker after a confirmation. */

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

  aura_graph_page_stop_layout (self);
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
  aura_graph_page_update_legend (self, graph);
  aura_graph_page_update_counts (self);
  aura_graph_page_apply_analytics (self);
  gtk_stack_set_visible_child_name (self->stack, graph->n_nodes > 0 ? "graph" : "empty");
  if (graph->n_nodes == 0)
    return;
  if (complete)
    self->layout = aura_layout_new (graph, initial);
  else
    aura_graph_page_start_layout (self, initial);
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
  aura_graph_page_update_busy (self);
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
  aura_graph_page_update_busy (self);
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
  aura_graph_page_stop_layout (self);
  aura_graph_page_stop_analytics (self);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->save_source != 0)
    {
      g_clear_handle_id (&self->save_source, g_source_remove);
      aura_graph_page_save_positions_now (self);
    }
  /* The undo toasts still up keep their records (and can still undo). */
  g_ptr_array_set_size (self->undoable, 0);
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
  g_ptr_array_unref (self->undoable);
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

  gtk_widget_class_install_action (widget_class, "graph-page.export-png", NULL,
                                   aura_graph_page_export_action);
  gtk_widget_class_install_action (widget_class, "graph-page.export-svg", NULL,
                                   aura_graph_page_export_action);

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
  gtk_widget_class_bind_template_callback_full (widget_class, "relayout_cb",
                                                G_CALLBACK (aura_graph_page_relayout_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "analytics_changed_cb",
                                                G_CALLBACK (aura_graph_page_analytics_changed_cb));
}

static void
aura_graph_page_init (AuraGraphPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (
      GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))), GTK_ORIENTATION_VERTICAL);
  self->cancellable = g_cancellable_new ();
  self->undoable = g_ptr_array_new ();
  setup_type_filter (self);
  gtk_scale_set_format_value_func (self->confidence_scale, format_percent_cb, NULL, NULL);
  g_signal_connect_object (self->view, "node-activated", G_CALLBACK (node_activated_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "selection-changed", G_CALLBACK (view_selection_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "node-action", G_CALLBACK (node_action_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "node-moved", G_CALLBACK (aura_graph_page_node_moved_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "visibility-changed",
                           G_CALLBACK (aura_graph_page_update_counts), self, G_CONNECT_SWAPPED);
}
