/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-app"
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "aura-graph-view-private.h"

/* The graph canvas: its state (graph, positions, per-node flags, the view
 * transform, filters, selection, search and highlights) and the spatial
 * grid. Drawing is in aura-graph-view-draw.c, input in
 * aura-graph-view-input.c. */

#define FIT_MARGIN 32.0
#define ZOOM_STEP 1.25
/* Zoom limits, as the on-screen radius of a node of the base size. */
#define MIN_UNIT_PX 0.05
#define MAX_UNIT_PX 120.0

G_DEFINE_FINAL_TYPE (AuraGraphView, aura_graph_view, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_SELECTION_CHANGED,
  SIGNAL_NODE_ACTIVATED,
  SIGNAL_NODE_ACTION,
  SIGNAL_NODE_MOVED,
  SIGNAL_VISIBILITY_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

AuraGraphView *
aura_graph_view_new (void)
{
  return g_object_new (AURA_TYPE_GRAPH_VIEW, NULL);
}

AuraGraph *
aura_graph_view_get_graph (AuraGraphView *self)
{
  g_return_val_if_fail (AURA_IS_GRAPH_VIEW (self), NULL);
  return self->graph;
}

const AuraPoint *
aura_graph_view_get_positions (AuraGraphView *self)
{
  g_return_val_if_fail (AURA_IS_GRAPH_VIEW (self), NULL);
  return self->positions;
}

/* ---- Signals for the other parts of the class ---------------------------- */

void
aura_graph_view_emit_node_action (AuraGraphView *self, const char *action, guint node)
{
  g_signal_emit (self, signals[SIGNAL_NODE_ACTION], 0, action, node);
}

void
aura_graph_view_emit_selection_changed (AuraGraphView *self)
{
  g_signal_emit (self, signals[SIGNAL_SELECTION_CHANGED], 0);
}

void
aura_graph_view_emit_visibility_changed (AuraGraphView *self)
{
  g_signal_emit (self, signals[SIGNAL_VISIBILITY_CHANGED], 0);
}

void
aura_graph_view_emit_node_moved (AuraGraphView *self, guint node)
{
  g_signal_emit (self, signals[SIGNAL_NODE_MOVED], 0, node);
}

void
aura_graph_view_emit_node_activated (AuraGraphView *self, guint node)
{
  g_signal_emit (self, signals[SIGNAL_NODE_ACTIVATED], 0, node);
}

/* ---- Positions and the grid ------------------------------------------- */

static float
finite_or_zero (float v)
{
  return isfinite (v) ? v : 0.0f;
}

/* Disc sizes: by degree (log, from 1 to 2.6 base radii), uniform (1.4),
 * or with the area following a value (from 1 to 2.6 base radii). */
static void
update_radii (AuraGraphView *self)
{
  guint n = view_n_nodes (self);
  double max_value = 0.0;

  if (self->size_mode == AURA_GRAPH_SIZE_VALUES)
    for (guint i = 0; i < n; i++)
      max_value = MAX (max_value, self->size_values[i]);
  self->max_radius = 0.0f;
  for (guint i = 0; i < n; i++)
    {
      guint degree = self->adj_offsets[i + 1] - self->adj_offsets[i];
      float factor;

      switch (self->size_mode)
        {
          case AURA_GRAPH_SIZE_UNIFORM:
            factor = 1.4f;
            break;
          case AURA_GRAPH_SIZE_VALUES:
            factor = max_value > 0.0
                         ? (float)(1.0 + 1.6 * sqrt (MAX (self->size_values[i], 0.0) / max_value))
                         : 1.0f;
            break;
          case AURA_GRAPH_SIZE_DEGREE:
          default:
            factor = (float)MIN (1.0 + 0.3 * log2 (1.0 + degree), 2.6);
            break;
        }
      self->radius[i] = self->unit * factor;
      self->max_radius = MAX (self->max_radius, self->radius[i]);
    }
}

/* The base radius follows the spacing of the layout, so that a layout in
 * any unit shows discs of a sensible size against their edges. */
static void
update_unit (AuraGraphView *self)
{
  guint n = view_n_nodes (self);
  float x0 = G_MAXFLOAT, y0 = G_MAXFLOAT, x1 = -G_MAXFLOAT, y1 = -G_MAXFLOAT;
  double spacing;

  for (guint i = 0; i < n; i++)
    {
      x0 = MIN (x0, self->positions[i].x);
      y0 = MIN (y0, self->positions[i].y);
      x1 = MAX (x1, self->positions[i].x);
      y1 = MAX (y1, self->positions[i].y);
    }
  if (n < 2 || x1 - x0 <= 0.0f || y1 - y0 <= 0.0f)
    spacing = 60.0;
  else
    spacing = sqrt ((double)(x1 - x0) * (y1 - y0) / n);
  self->unit = (float)CLAMP (spacing * 0.16, 1e-3, 1e6);
  update_radii (self);
}

void
aura_graph_view_invalidate_positions (AuraGraphView *self)
{
  self->grid.valid = FALSE;
  self->minimap_dirty = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Counting sort of the nodes into cells about two node spacings wide, at
 * most 256 × 256 of them. */
void
aura_graph_view_ensure_grid (AuraGraphView *self)
{
  NodeGrid *grid = &self->grid;
  guint n = view_n_nodes (self);
  float x0 = G_MAXFLOAT, y0 = G_MAXFLOAT, x1 = -G_MAXFLOAT, y1 = -G_MAXFLOAT;
  double w, h, cell;
  guint n_cells;

  if (grid->valid)
    return;
  for (guint i = 0; i < n; i++)
    {
      x0 = MIN (x0, self->positions[i].x);
      y0 = MIN (y0, self->positions[i].y);
      x1 = MAX (x1, self->positions[i].x);
      y1 = MAX (y1, self->positions[i].y);
    }
  if (n == 0)
    x0 = y0 = x1 = y1 = 0.0f;
  w = MAX (x1 - x0, 1e-3);
  h = MAX (y1 - y0, 1e-3);
  cell = MAX (sqrt (w * h / MAX (n, 1)) * 2.0, 2.0 * self->max_radius);
  cell = MAX (cell, MAX (w, h) / 256.0);
  grid->x0 = x0;
  grid->y0 = y0;
  grid->cell = (float)cell;
  grid->cols = MIN ((guint)(w / cell) + 1, 256);
  grid->rows = MIN ((guint)(h / cell) + 1, 256);
  n_cells = grid->cols * grid->rows;

  g_free (grid->cell_start);
  g_free (grid->cell_nodes);
  grid->cell_start = g_new0 (guint, n_cells + 1);
  grid->cell_nodes = g_new (guint, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      guint cx = MIN ((guint)((self->positions[i].x - x0) / cell), grid->cols - 1);
      guint cy = MIN ((guint)((self->positions[i].y - y0) / cell), grid->rows - 1);

      grid->cell_start[cy * grid->cols + cx + 1]++;
    }
  for (guint c = 0; c < n_cells; c++)
    grid->cell_start[c + 1] += grid->cell_start[c];
  {
    g_autofree guint *fill = g_memdup2 (grid->cell_start, sizeof (guint) * n_cells);

    for (guint i = 0; i < n; i++)
      {
        guint cx = MIN ((guint)((self->positions[i].x - x0) / cell), grid->cols - 1);
        guint cy = MIN ((guint)((self->positions[i].y - y0) / cell), grid->rows - 1);

        grid->cell_nodes[fill[cy * grid->cols + cx]++] = i;
      }
  }
  grid->valid = TRUE;
}

void
aura_graph_view_set_positions (AuraGraphView *self, const AuraPoint *positions, guint n_positions)
{
  g_return_if_fail (AURA_IS_GRAPH_VIEW (self));
  g_return_if_fail (n_positions == view_n_nodes (self));
  g_return_if_fail (positions != NULL || n_positions == 0);

  for (guint i = 0; i < n_positions; i++)
    {
      self->positions[i].x = finite_or_zero (positions[i].x);
      self->positions[i].y = finite_or_zero (positions[i].y);
    }
  update_unit (self);
  aura_graph_view_invalidate_positions (self);
}

void
aura_graph_view_move_node (AuraGraphView *self, guint node, float x, float y)
{
  g_return_if_fail (AURA_IS_GRAPH_VIEW (self));
  g_return_if_fail (node < view_n_nodes (self));

  self->positions[node].x = finite_or_zero (x);
  self->positions[node].y = finite_or_zero (y);
  aura_graph_view_invalidate_positions (self);
}

/* ---- Accessibility ---------------------------------------------------- */

/* Distinct other nodes one relation away. */
static guint
count_neighbours (AuraGraphView *self, guint node)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (NULL, NULL);

  for (guint k = self->adj_offsets[node]; k < self->adj_offsets[node + 1]; k++)
    if (self->adjacency[k] != node)
      g_hash_table_add (seen, GUINT_TO_POINTER (self->adjacency[k]));
  return g_hash_table_size (seen);
}

void
aura_graph_view_update_accessible (AuraGraphView *self)
{
  g_autofree char *label = NULL;
  g_autofree char *description = NULL;

  if (self->cursor >= 0 && (self->flags[self->cursor] & NODE_SELECTED))
    {
      guint node = (guint)self->cursor;
      guint degree = self->adj_offsets[node + 1] - self->adj_offsets[node];

      /* Translators: the graph's accessible name with the entity the
       * keyboard is on: its value, then its type. */
      g_autofree char *relations = NULL;
      g_autofree char *neighbours = NULL;
      g_autofree char *selected = NULL;
      guint n_neighbours = count_neighbours (self, node);

      label = g_strdup_printf (_ ("Graph, on “%s”, %s"), self->graph->labels[node],
                               aura_entity_type_get_label (self->graph->types[node]));
      relations = g_strdup_printf (ngettext ("%u relation", "%u relations", degree), degree);
      neighbours =
          g_strdup_printf (ngettext ("%u neighbour", "%u neighbours", n_neighbours), n_neighbours);
      selected = g_strdup_printf (ngettext ("%u selected", "%u selected", self->n_selected),
                                  self->n_selected);
      /* Translators: the graph's accessible description with the entity
       * the keyboard is on: “3 relations, 2 neighbours; 1 selected”. */
      description = g_strdup_printf (_ ("%s, %s; %s"), relations, neighbours, selected);
    }
  else
    {
      label = g_strdup (_ ("Graph of the investigation"));
      description = g_strdup_printf (
          ngettext ("%u entity shown", "%u entities shown", aura_graph_view_get_n_visible (self)),
          aura_graph_view_get_n_visible (self));
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
}

/* ---- Transform ------------------------------------------------------------ */

gboolean
aura_graph_view_get_fitted (AuraGraphView *self)
{
  g_return_val_if_fail (AURA_IS_GRAPH_VIEW (self), FALSE);
  return self->fitted;
}

double
aura_graph_view_get_zoom (AuraGraphView *self)
{
  g_return_val_if_fail (AURA_IS_GRAPH_VIEW (self), 1.0);
  return self->zoom;
}

void
aura_graph_view_get_offset (AuraGraphView *self, double *out_x, double *out_y)
{
  g_return_if_fail (AURA_IS_GRAPH_VIEW (self));
  if (out_x != NULL)
    *out_x = self->tx;
  if (out_y != NULL)
    *out_y = self->ty;
}

void
aura_graph_view_world_to_view (
    AuraGraphView *self, double wx, double wy, double *out_x, double *out_y)
{
  g_return_if_fail (AURA_IS_GRAPH_VIEW (self));
  *out_x = wx * self->zoom + self->tx;
  *out_y = wy * self->zoom + self->ty;
}

void
aura_graph_view_view_to_world (
    AuraGraphView *self, double x, double y, double *out_wx, double *out_wy)
{
  g_return_if_fail (AURA_IS_GRAPH_VIEW (self));
  *out_wx = (x - self->tx) / self->zoom;
  *out_wy = (y - self->ty) / self->zoom;
}

static double
clamp_zoom (AuraGraphView *self, double zoom)
{
  return CLAMP (zoom, MIN_UNIT_PX / self->unit, MAX_UNIT_PX / self->unit);
}

void
aura_graph_view_zoom_at (AuraGraphView *self, double zoom, double anchor_x, double anchor_y)
{
  double wx, wy;

  g_return_if_fail (AURA_IS_GRAPH_VIEW (self));
  g_return_if_fail (zoom > 0.0 && isfinite (zoom));

  aura_graph_view_view_to_world (self, anchor_x, anchor_y, &wx, &wy);
  self->zoom = clamp_zoom (self, zoom);
  self->tx = anchor_x - wx * self->zoom;
  self->ty = anchor_y - wy * self->zoom;
  self->fitted = FALSE;
  self->pending_fit = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
aura_graph_view_zoom_in (AuraGraphView *self)
{
  g_return_if_fail (AURA_IS_GRAPH_VIEW (self));
  aura_graph_view_zoom_at (self, self->zoom * ZOOM_STEP,
                           gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
                           gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

void
aura_graph_view_zoom_out (AuraGraphView *self)
{
  g_return_if_fail (AURA_IS_GRAPH_VIEW (self));
  aura_graph_view_zoom_at (self, self->zoom / ZOOM_STEP,
                           gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
                           gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

void
aura_graph_view_pan (AuraGraphView *self, double dx, double dy)
{
  g_return_if_fail (AURA_IS_GRAPH_VIEW (self));
  self->tx += dx;
  self->ty += dy;
  self->fitted = FALSE;
  self->pending_fit = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
aura_graph_view_fit (AuraGraphView *self)
{
  int w, h;
  guint n, shown = 0;
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
  double zoom;

  g_return_if_fail (AURA_IS_GRAPH_VIEW (self));

  w = gtk_widget_get_width (GTK_WIDGET (self));
  h = gtk_widget_get_height (GTK_WIDGET (self));
  n = view_n_nodes (self);
  if (w <= 0 || h <= 0)
    {
      /* Not allocated yet: fit at the first allocation. */
      self->pending_fit = TRUE;
      self->fitted = TRUE;
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      if (!view_node_visible (self, i))
        continue;
      x0 = MIN (x0, self->positions[i].x - self->radius[i]);
      y0 = MIN (y0, self->positions[i].y - self->radius[i]);
      x1 = MAX (x1, self->positions[i].x + self->radius[i]);
      y1 = MAX (y1, self->positions[i].y + self->radius[i]);
      shown++;
    }
  if (shown == 0)
    {
      x0 = y0 = -1.0;
      x1 = y1 = 1.0;
    }
  zoom =
      MIN ((w - 2 * FIT_MARGIN) / MAX (x1 - x0, 1e-6), (h - 2 * FIT_MARGIN) / MAX (y1 - y0, 1e-6));
  self->zoom = clamp_zoom (self, MAX (zoom, 1e-9));
  self->tx = w / 2.0 - (x0 + x1) / 2.0 * self->zoom;
  self->ty = h / 2.0 - (y0 + y1) / 2.0 * self->zoom;
  self->fitted = TRUE;
  self->pending_fit = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
aura_graph_view_center_on_node (AuraGraphView *self, guint node)
{
  g_return_if_fail (AURA_IS_GRAPH_VIEW (self));
  g_return_if_fail (node < view_n_nodes (self));
  self->tx = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0 - self->positions[node].x * self->zoom;
  self->ty = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0 - self->positions[node].y * self->zoom;
  self->fitted = FALSE;
  self->pending_fit = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- The graph -------------------------------------------------------------- */

static void
free_graph_state (AuraGraphView *self)
{
  guint n = view_n_nodes (self);

  for (guint i = 0; i < n; i++)
    {
      g_clear_object (&self->labels[i]);
      g_free (self->folded[i]);
    }
  g_clear_pointer (&self->labels, g_free);
  g_clear_pointer (&self->folded, g_free);
  g_clear_pointer (&self->positions, g_free);
  g_clear_pointer (&self->radius, g_free);
  g_clear_pointer (&self->flags, g_free);
  g_clear_pointer (&self->screen, g_free);
  g_clear_pointer (&self->adj_offsets, g_free);
  g_clear_pointer (&self->adjacency, g_free);
  g_clear_pointer (&self->size_values, g_free);
  g_clear_pointer (&self->groups, g_free);
  self->size_mode = AURA_GRAPH_SIZE_DEGREE;
  g_clear_pointer (&self->grid.cell_start, g_free);
  g_clear_pointer (&self->grid.cell_nodes, g_free);
  self->grid.valid = FALSE;
  aura_graph_view_clear_path (self);
  g_clear_pointer (&self->graph, aura_graph_unref);
}

/* The flags a person set (selection, pins, hidden) by entity id. */
static GHashTable *
remember_flags (AuraGraphView *self)
{
  GHashTable *kept = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  guint n = view_n_nodes (self);

  for (guint i = 0; i < n; i++)
    {
      guint8 f = self->flags[i] & (NODE_SELECTED | NODE_PINNED | NODE_HIDDEN);

      if (f != 0 && self->graph->entity_ids[i] != 0)
        g_hash_table_insert (kept, g_memdup2 (&self->graph->entity_ids[i], sizeof (gint64)),
                             GUINT_TO_POINTER (f));
    }
  if (self->cursor >= 0 && self->graph->entity_ids[self->cursor] != 0)
    g_hash_table_insert (kept, g_memdup2 (&self->graph->entity_ids[self->cursor], sizeof (gint64)),
                         GUINT_TO_POINTER (self->flags[self->cursor] | 0x100));
  return kept;
}

void
aura_graph_view_set_graph (AuraGraphView *self, AuraGraph *graph, const AuraPoint *positions)
{
  g_autoptr (GHashTable) kept = NULL;
  gboolean had_nodes;
  guint n;

  g_return_if_fail (AURA_IS_GRAPH_VIEW (self));
  g_return_if_fail (graph != NULL);

  had_nodes = view_n_nodes (self) > 0;
  kept = remember_flags (self);
  aura_graph_ref (graph);
  free_graph_state (self);
  self->graph = graph;
  n = graph->n_nodes;

  self->positions = g_new0 (AuraPoint, MAX (n, 1));
  self->radius = g_new (float, MAX (n, 1));
  self->flags = g_new0 (guint8, MAX (n, 1));
  self->screen = g_new (float, 2 * MAX (n, 1));
  self->labels = g_new0 (PangoLayout *, MAX (n, 1));
  self->folded = g_new0 (char *, MAX (n, 1));
  aura_graph_build_adjacency (graph, &self->adj_offsets, &self->adjacency);
  if (positions != NULL)
    for (guint i = 0; i < n; i++)
      {
        self->positions[i].x = finite_or_zero (positions[i].x);
        self->positions[i].y = finite_or_zero (positions[i].y);
      }
  update_unit (self);

  self->n_selected = 0;
  self->n_hidden = 0;
  self->cursor = -1;
  self->hover_node = -1;
  self->hover_edge = -1;
  self->search_pos = -1;
  self->drag_mode = DRAG_NONE;
  for (guint i = 0; i < n; i++)
    {
      guint f = graph->entity_ids[i] != 0
                    ? GPOINTER_TO_UINT (g_hash_table_lookup (kept, &graph->entity_ids[i]))
                    : 0;

      self->flags[i] = (guint8)(f & (NODE_SELECTED | NODE_PINNED | NODE_HIDDEN));
      self->n_selected += (f & NODE_SELECTED) != 0;
      self->n_hidden += (f & NODE_HIDDEN) != 0;
      if (f & 0x100)
        self->cursor = (gint)i;
    }
  aura_graph_view_invalidate_positions (self);
  aura_graph_view_apply_filters (self);
  /* A search still typed marks the new graph's matches, without moving. */
  aura_graph_view_mark_matches (self);
  if (!had_nodes)
    aura_graph_view_fit (self);
  g_signal_emit (self, signals[SIGNAL_SELECTION_CHANGED], 0);
}

void
aura_graph_view_set_node_sizes (AuraGraphView *self,
                                AuraGraphSizeMode mode,
                                const double *values,
                                guint n_values)
{
  g_return_if_fail (AURA_IS_GRAPH_VIEW (self));
  g_return_if_fail (mode != AURA_GRAPH_SIZE_VALUES ||
                    (values != NULL && n_values == view_n_nodes (self)));

  g_clear_pointer (&self->size_values, g_free);
  if (mode == AURA_GRAPH_SIZE_VALUES)
    self->size_values = g_memdup2 (values, sizeof (double) * MAX (n_values, 1));
  self->size_mode = mode;
  update_radii (self);
  aura_graph_view_invalidate_positions (self);
}

AuraGraphSizeMode
aura_graph_view_get_size_mode (AuraGraphView *self)
{
  g_return_val_if_fail (AURA_IS_GRAPH_VIEW (self), AURA_GRAPH_SIZE_DEGREE);
  return self->size_mode;
}

void
aura_graph_view_set_node_groups (AuraGraphView *self, const guint *groups, guint n_groups)
{
  g_return_if_fail (AURA_IS_GRAPH_VIEW (self));
  g_return_if_fail (groups == NULL || n_groups == view_n_nodes (self));

  g_clear_pointer (&self->groups, g_free);
  if (groups != NULL)
    self->groups = g_memdup2 (groups, sizeof (guint) * MAX (n_groups, 1));
  self->minimap_dirty = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gint
aura_graph_view_get_node_group (AuraGraphView *self, guint node)
{
  g_return_val_if_fail (AURA_IS_GRAPH_VIEW (self), -1);
  g_return_val_if_fail (node < view_n_nodes (self), -1);
  return self->groups != NULL ? (gint)self->groups[node] : -1;
}

void
aura_graph_view_set_edge_mode (AuraGraphView *self, AuraGraphEdgeMode mode)
{
  g_return_if_fail (AURA_IS_GRAPH_VIEW (self));
  self->edge_mode = mode;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- GtkWidget ------------------------------------------------------------ */

static void
aura_graph_view_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  AuraGraphView *self = AURA_GRAPH_VIEW (widget);

  /* Fitted views stay fitted as the widget changes size. */
  if ((self->pending_fit || self->fitted) && view_n_nodes (self) > 0)
    aura_graph_view_fit (self);
  self->minimap_dirty = TRUE;
  if (self->popover != NULL)
    gtk_popover_present (GTK_POPOVER (self->popover));
}

static void
aura_graph_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  AuraGraphView *self = AURA_GRAPH_VIEW (widget);
  gint64 start = g_get_monotonic_time ();

  aura_graph_view_snapshot_scene (self, snapshot, gtk_widget_get_width (widget),
                                  gtk_widget_get_height (widget));
  self->last_frame_us = g_get_monotonic_time () - start;
}

static void
aura_graph_view_measure (GtkWidget *widget,
                         GtkOrientation orientation,
                         int for_size,
                         int *minimum,
                         int *natural,
                         int *minimum_baseline,
                         int *natural_baseline)
{
  *minimum = 120;
  *natural = 480;
}

static void
aura_graph_view_css_changed (GtkWidget *widget, GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (aura_graph_view_parent_class)->css_changed (widget, change);
  /* Fonts and colours may have changed: the cached labels and icons go. */
  aura_graph_view_drop_caches (AURA_GRAPH_VIEW (widget));
  gtk_widget_queue_draw (widget);
}

static gboolean
aura_graph_view_focus (GtkWidget *widget, GtkDirectionType direction)
{
  return aura_graph_view_focus_step (AURA_GRAPH_VIEW (widget), direction);
}

static void
aura_graph_view_dispose (GObject *object)
{
  AuraGraphView *self = AURA_GRAPH_VIEW (object);

  g_clear_pointer (&self->popover, gtk_widget_unparent);
  aura_graph_view_drop_caches (self);
  free_graph_state (self);
  G_OBJECT_CLASS (aura_graph_view_parent_class)->dispose (object);
}

static void
aura_graph_view_finalize (GObject *object)
{
  AuraGraphView *self = AURA_GRAPH_VIEW (object);

  g_clear_pointer (&self->edge_batch, g_array_unref);
  g_clear_pointer (&self->path_pos, g_hash_table_unref);
  g_free (self->needle);
  G_OBJECT_CLASS (aura_graph_view_parent_class)->finalize (object);
}

static void
aura_graph_view_class_init (AuraGraphViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aura_graph_view_dispose;
  object_class->finalize = aura_graph_view_finalize;
  widget_class->snapshot = aura_graph_view_snapshot;
  widget_class->measure = aura_graph_view_measure;
  widget_class->size_allocate = aura_graph_view_size_allocate;
  widget_class->css_changed = aura_graph_view_css_changed;
  widget_class->focus = aura_graph_view_focus;

  signals[SIGNAL_SELECTION_CHANGED] =
      g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                    NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_NODE_ACTIVATED] =
      g_signal_new ("node-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[SIGNAL_NODE_ACTION] =
      g_signal_new ("node-action", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_UINT);
  signals[SIGNAL_NODE_MOVED] =
      g_signal_new ("node-moved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                    G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[SIGNAL_VISIBILITY_CHANGED] =
      g_signal_new ("visibility-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                    NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "auragraphview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  aura_graph_view_class_install_input (widget_class);
}

static void
aura_graph_view_init (AuraGraphView *self)
{
  self->zoom = 1.0;
  self->unit = 10.0f;
  self->type_filter = -1;
  self->cursor = -1;
  self->hover_node = -1;
  self->hover_edge = -1;
  self->search_pos = -1;
  self->highlight_neighbours = TRUE;
  self->size_mode = AURA_GRAPH_SIZE_DEGREE;
  self->edge_mode = AURA_GRAPH_EDGES_AUTO;
  self->edge_batch = g_array_new (FALSE, FALSE, sizeof (guint));
  self->path_pos = g_hash_table_new (NULL, NULL);
  self->adj_offsets = g_new0 (guint, 1);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  aura_graph_view_install_input (self);
  aura_graph_view_update_accessible (self);
}
