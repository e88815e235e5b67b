/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-app"
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "aura-graph-analytics.h"
#include "aura-graph-page-private.h"

/* The graph page's counts and legend, and sizes and colours by analytics
 * computed in a worker thread. */

/* ---- Counts, legend, busy state --------------------------------------------- */

void
aura_graph_page_update_busy (AuraGraphPage *self)
{
  gboolean busy =
      self->loading || self->layout_cancellable != NULL || self->analytics_cancellable != NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
}

void
aura_graph_page_update_counts (AuraGraphPage *self)
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

void
aura_graph_page_update_legend (AuraGraphPage *self, AuraGraph *graph)
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

/* ---- Sizes and colours by analytics ------------------------------------------ */

void
aura_graph_page_stop_analytics (AuraGraphPage *self)
{
  if (self->analytics_cancellable != NULL)
    {
      g_cancellable_cancel (self->analytics_cancellable);
      g_clear_object (&self->analytics_cancellable);
    }
  aura_graph_page_update_busy (self);
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
  aura_graph_page_update_legend (self, graph);
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
      aura_graph_page_update_busy (self);
      toast_text (self, error->message);
      return;
    }
  if (g_task_get_cancellable (G_TASK (result)) != self->analytics_cancellable)
    return;
  g_clear_object (&self->analytics_cancellable);
  aura_graph_page_update_busy (self);
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
void
aura_graph_page_apply_analytics (AuraGraphPage *self)
{
  AuraGraph *graph = aura_graph_view_get_graph (self->view);
  guint size_by = gtk_drop_down_get_selected (self->size_dropdown);
  guint colour_by = gtk_drop_down_get_selected (self->colour_dropdown);
  Job *job;

  aura_graph_page_stop_analytics (self);
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
  aura_graph_page_update_busy (self);
}

void
aura_graph_page_analytics_changed_cb (AuraGraphPage *self)
{
  aura_graph_page_apply_analytics (self);
}
