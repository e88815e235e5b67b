/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-app"
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "aura-graph-view-private.h"
#include "aura-tool-catalog.h"

/* Input of the graph canvas: pointer (click, drag a node, pan, rubber
 * band, minimap), scroll and pinch zoom, the keyboard (Tab and arrows
 * between nodes, Enter, Menu / Shift+F10, + - 0, Delete, Ctrl+M to merge,
 * Escape), the
 * context menu and its "graph.*" actions, tooltips, and the hit testing
 * they all need. */

#define DRAG_THRESHOLD 4.0 /* px before a press becomes a drag */

/* ---- Hit testing ------------------------------------------------------------- */

gint
aura_graph_view_node_at (AuraGraphView *self, double x, double y)
{
  const NodeGrid *grid = &self->grid;
  double wx, wy, tolerance, reach, best = G_MAXDOUBLE;
  gint cx0, cy0, cx1, cy1, found = -1;

  g_return_val_if_fail (AURA_IS_GRAPH_VIEW (self), -1);
  if (self->graph == NULL || self->graph->n_nodes == 0)
    return -1;
  aura_graph_view_ensure_grid (self);
  aura_graph_view_view_to_world (self, x, y, &wx, &wy);
  /* Small discs stay easy to hit: at least 6 px around the centre. */
  tolerance = 6.0 / self->zoom;
  reach = MAX (self->max_radius, tolerance) + 2.0 / self->zoom;
  cx0 = (gint)floor ((wx - reach - grid->x0) / grid->cell);
  cy0 = (gint)floor ((wy - reach - grid->y0) / grid->cell);
  cx1 = (gint)floor ((wx + reach - grid->x0) / grid->cell);
  cy1 = (gint)floor ((wy + reach - grid->y0) / grid->cell);
  cx0 = MAX (cx0, 0);
  cy0 = MAX (cy0, 0);
  cx1 = MIN (cx1, (gint)grid->cols - 1);
  cy1 = MIN (cy1, (gint)grid->rows - 1);
  for (gint cy = cy0; cy <= cy1; cy++)
    for (gint cx = cx0; cx <= cx1; cx++)
      {
        guint c = (guint)cy * grid->cols + (guint)cx;

        for (guint k = grid->cell_start[c]; k < grid->cell_start[c + 1]; k++)
          {
            guint i = grid->cell_nodes[k];
            double dx = self->positions[i].x - wx, dy = self->positions[i].y - wy;
            double d = sqrt (dx * dx + dy * dy);
            double r = MAX (self->radius[i], tolerance) + 2.0 / self->zoom;

            if (d <= r && d < best && (self->flags[i] & NODE_INVISIBLE) == 0)
              {
                best = d;
                found = (gint)i;
              }
          }
      }
  return found;
}

gint
aura_graph_view_edge_at (AuraGraphView *self, double x, double y)
{
  AuraGraph *graph = self->graph;
  double wx, wy, limit, best = G_MAXDOUBLE;
  gint found = -1;

  g_return_val_if_fail (AURA_IS_GRAPH_VIEW (self), -1);
  if (graph == NULL)
    return -1;
  aura_graph_view_view_to_world (self, x, y, &wx, &wy);
  limit = 4.0 / self->zoom;
  for (guint e = 0; e < graph->n_edges; e++)
    {
      guint s = graph->edge_source[e], t = graph->edge_target[e];
      double ax, ay, bx, by, dx, dy, len2, u, px, py, d;

      if (((self->flags[s] | self->flags[t]) & NODE_INVISIBLE))
        continue;
      ax = self->positions[s].x;
      ay = self->positions[s].y;
      bx = self->positions[t].x;
      by = self->positions[t].y;
      if (wx < MIN (ax, bx) - limit || wx > MAX (ax, bx) + limit || wy < MIN (ay, by) - limit ||
          wy > MAX (ay, by) + limit)
        continue;
      dx = bx - ax;
      dy = by - ay;
      len2 = dx * dx + dy * dy;
      u = len2 > 0.0 ? CLAMP (((wx - ax) * dx + (wy - ay) * dy) / len2, 0.0, 1.0) : 0.0;
      px = ax + u * dx - wx;
      py = ay + u * dy - wy;
      d = sqrt (px * px + py * py);
      if (d <= limit && d < best)
        {
          best = d;
          found = (gint)e;
        }
    }
  return found;
}

/* ---- Pointer ------------------------------------------------------------- */

static gboolean
in_minimap (AuraGraphView *self, double x, double y)
{
  graphene_rect_t rect;

  if (!aura_graph_view_has_minimap (self))
    return FALSE;
  aura_graph_view_get_minimap_rect (self, &rect);
  return graphene_rect_contains_point (&rect, &GRAPHENE_POINT_INIT ((float)x, (float)y));
}

static void
center_from_minimap (AuraGraphView *self, double x, double y)
{
  double wx, wy;

  if (self->minimap_dirty || self->mm_scale <= 0.0)
    return;
  aura_graph_view_minimap_to_world (self, x, y, &wx, &wy);
  self->tx = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0 - wx * self->zoom;
  self->ty = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0 - wy * self->zoom;
  self->fitted = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
aura_graph_view_pointer_down (AuraGraphView *self, double x, double y, GdkModifierType mods)
{
  g_return_if_fail (AURA_IS_GRAPH_VIEW (self));

  self->press_x = self->drag_x = self->last_x = x;
  self->press_y = self->drag_y = self->last_y = y;
  self->press_mods = mods;
  self->drag_moved = FALSE;
  self->drag_node = -1;
  if (self->graph == NULL)
    {
      self->drag_mode = DRAG_PAN;
      return;
    }
  if (in_minimap (self, x, y))
    {
      self->drag_mode = DRAG_MINIMAP;
      center_from_minimap (self, x, y);
      return;
    }
  self->drag_node = aura_graph_view_node_at (self, x, y);
  if (self->drag_node >= 0)
    self->drag_mode = DRAG_NODE;
  else if (mods & GDK_SHIFT_MASK)
    self->drag_mode = DRAG_RUBBER;
  else
    self->drag_mode = DRAG_PAN;
}

void
aura_graph_view_pointer_drag (AuraGraphView *self, double x, double y)
{
  g_return_if_fail (AURA_IS_GRAPH_VIEW (self));

  if (!self->drag_moved && hypot (x - self->press_x, y - self->press_y) < DRAG_THRESHOLD)
    return;
  self->drag_moved = TRUE;
  self->drag_x = x;
  self->drag_y = y;
  switch (self->drag_mode)
    {
      case DRAG_PAN:
        aura_graph_view_pan (self, x - self->last_x, y - self->last_y);
        break;
      case DRAG_NODE:
        {
          double wx, wy;

          aura_graph_view_view_to_world (self, x, y, &wx, &wy);
          aura_graph_view_move_node (self, (guint)self->drag_node, (float)wx, (float)wy);
        }
        break;
      case DRAG_MINIMAP:
        center_from_minimap (self, x, y);
        break;
      case DRAG_RUBBER:
        gtk_widget_queue_draw (GTK_WIDGET (self));
        break;
      case DRAG_NONE:
      default:
        break;
    }
  self->last_x = x;
  self->last_y = y;
}

void
aura_graph_view_pointer_up (AuraGraphView *self, double x, double y)
{
  gboolean extend;
  DragMode mode;

  g_return_if_fail (AURA_IS_GRAPH_VIEW (self));

  aura_graph_view_pointer_drag (self, x, y);
  mode = self->drag_mode;
  self->drag_mode = DRAG_NONE;
  extend = (self->press_mods & (GDK_SHIFT_MASK | GDK_CONTROL_MASK)) != 0;
  if (self->graph == NULL)
    return;
  if (mode == DRAG_RUBBER && self->drag_moved)
    aura_graph_view_select_rect (self, self->press_x, self->press_y, x, y,
                                 (self->press_mods & GDK_CONTROL_MASK) != 0);
  else if (mode == DRAG_NODE && self->drag_moved)
    {
      /* A node put somewhere by hand stays there: the layout leaves it. */
      aura_graph_view_set_pinned (self, (guint)self->drag_node, TRUE);
      aura_graph_view_emit_node_moved (self, (guint)self->drag_node);
    }
  else if (mode == DRAG_NODE)
    aura_graph_view_select_node (self, self->drag_node, extend);
  else if ((mode == DRAG_PAN || mode == DRAG_RUBBER) && !self->drag_moved && !extend)
    aura_graph_view_select_node (self, -1, FALSE);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
aura_graph_view_pointer_motion (AuraGraphView *self, double x, double y)
{
  gint node, edge = -1;

  g_return_if_fail (AURA_IS_GRAPH_VIEW (self));

  self->pointer_x = x;
  self->pointer_y = y;
  if (self->graph == NULL || self->drag_mode != DRAG_NONE)
    return;
  node = aura_graph_view_node_at (self, x, y);
  if (node < 0 && !in_minimap (self, x, y))
    edge = aura_graph_view_edge_at (self, x, y);
  if (node != self->hover_node || edge != self->hover_edge)
    {
      self->hover_node = node;
      self->hover_edge = edge;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

void
aura_graph_view_scroll_zoom (AuraGraphView *self, double dy)
{
  g_return_if_fail (AURA_IS_GRAPH_VIEW (self));
  aura_graph_view_zoom_at (self, self->zoom * pow (1.15, -dy), self->pointer_x, self->pointer_y);
}

static void
drag_begin_cb (GtkGestureDrag *gesture, double x, double y, AuraGraphView *self)
{
  GdkModifierType mods =
      gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));

  gtk_widget_grab_focus (GTK_WIDGET (self));
  aura_graph_view_pointer_down (self, x, y, mods);
}

static void
drag_update_cb (GtkGestureDrag *gesture, double dx, double dy, AuraGraphView *self)
{
  aura_graph_view_pointer_drag (self, self->press_x + dx, self->press_y + dy);
}

static void
drag_end_cb (GtkGestureDrag *gesture, double dx, double dy, AuraGraphView *self)
{
  aura_graph_view_pointer_up (self, self->press_x + dx, self->press_y + dy);
}

static void
double_click_cb (GtkGestureClick *gesture, int n_press, double x, double y, AuraGraphView *self)
{
  gint node;

  if (n_press != 2)
    return;
  node = aura_graph_view_node_at (self, x, y);
  if (node >= 0)
    aura_graph_view_emit_node_activated (self, (guint)node);
}

static void
secondary_click_cb (GtkGestureClick *gesture, int n_press, double x, double y, AuraGraphView *self)
{
  gint node = aura_graph_view_node_at (self, x, y);

  if (node < 0)
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (!aura_graph_view_is_selected (self, (guint)node))
    aura_graph_view_select_node (self, node, FALSE);
  aura_graph_view_popup_menu (self, (guint)node);
}

static void
motion_cb (GtkEventControllerMotion *controller, double x, double y, AuraGraphView *self)
{
  aura_graph_view_pointer_motion (self, x, y);
}

static void
leave_cb (GtkEventControllerMotion *controller, AuraGraphView *self)
{
  if (self->hover_node >= 0 || self->hover_edge >= 0)
    {
      self->hover_node = self->hover_edge = -1;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

/* A mouse wheel zooms; a touchpad's two-finger scroll pans, and zooms with
 * Ctrl. */
static gboolean
scroll_cb (GtkEventControllerScroll *controller, double dx, double dy, AuraGraphView *self)
{
  GdkModifierType mods =
      gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  if (gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_SURFACE &&
      !(mods & GDK_CONTROL_MASK))
    aura_graph_view_pan (self, -dx, -dy);
  else
    aura_graph_view_scroll_zoom (self, gtk_event_controller_scroll_get_unit (controller) ==
                                               GDK_SCROLL_UNIT_SURFACE
                                           ? dy / 10.0
                                           : dy);
  return TRUE;
}

static void
zoom_begin_cb (GtkGesture *gesture, GdkEventSequence *sequence, AuraGraphView *self)
{
  self->gesture_zoom_start = self->zoom;
}

static void
zoom_scale_changed_cb (GtkGestureZoom *gesture, double scale, AuraGraphView *self)
{
  double x, y;

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    {
      x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
    }
  aura_graph_view_zoom_at (self, self->gesture_zoom_start * scale, x, y);
}

static gboolean
query_tooltip_cb (AuraGraphView *self, int x, int y, gboolean keyboard, GtkTooltip *tooltip)
{
  gint node, edge;
  AuraGraph *graph = self->graph;
  g_autofree char *text = NULL;

  if (graph == NULL)
    return FALSE;
  node = keyboard ? self->cursor : aura_graph_view_node_at (self, x, y);
  if (node >= 0)
    {
      /* Translators: a node's tooltip: the value, its type, and the
       * confidence in percent. */
      text = g_strdup_printf (_ ("%s\n%s, confidence %.0f %%"), graph->labels[node],
                              aura_entity_type_get_label (graph->types[node]),
                              graph->confidence[node] * 100.0);
    }
  else if (!keyboard && (edge = aura_graph_view_edge_at (self, x, y)) >= 0)
    {
      /* Translators: an edge's tooltip: the relation type, then the two
       * entities it joins. */
      text = g_strdup_printf (_ ("%s\n%s → %s"), graph->edge_types[edge],
                              graph->labels[graph->edge_source[edge]],
                              graph->labels[graph->edge_target[edge]]);
    }
  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

void
aura_graph_view_install_input (AuraGraphView *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkGesture *secondary = gtk_gesture_click_new ();
  GtkGesture *zoom = gtk_gesture_zoom_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *scroll =
      gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (double_click_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (secondary), GDK_BUTTON_SECONDARY);
  g_signal_connect (secondary, "pressed", G_CALLBACK (secondary_click_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (secondary));

  g_signal_connect (zoom, "begin", G_CALLBACK (zoom_begin_cb), self);
  g_signal_connect (zoom, "scale-changed", G_CALLBACK (zoom_scale_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (zoom));

  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
}

/* ---- Keyboard ----------------------------------------------------------- */

static gint
first_visible (AuraGraphView *self, gboolean backwards)
{
  guint n = self->graph != NULL ? self->graph->n_nodes : 0;

  for (guint k = 0; k < n; k++)
    {
      guint i = backwards ? n - 1 - k : k;

      if (aura_graph_view_is_visible (self, i))
        return (gint)i;
    }
  return -1;
}

/* Tab and Shift+Tab walk the visible nodes in order; past the last one the
 * focus leaves the canvas, so the keyboard is never trapped. */
gboolean
aura_graph_view_focus_step (AuraGraphView *self, GtkDirectionType direction)
{
  guint n = self->graph != NULL ? self->graph->n_nodes : 0;
  gboolean backwards = direction == GTK_DIR_TAB_BACKWARD;

  if (direction != GTK_DIR_TAB_FORWARD && direction != GTK_DIR_TAB_BACKWARD)
    {
      if (gtk_widget_has_focus (GTK_WIDGET (self)))
        return FALSE;
      return gtk_widget_grab_focus (GTK_WIDGET (self));
    }
  if (!gtk_widget_has_focus (GTK_WIDGET (self)))
    {
      /* Entering: stay on the node we were on, or start at an end. */
      if (self->cursor < 0 || !aura_graph_view_is_visible (self, (guint)self->cursor))
        aura_graph_view_move_cursor (self, first_visible (self, backwards), FALSE);
      return gtk_widget_grab_focus (GTK_WIDGET (self));
    }
  if (self->cursor < 0)
    {
      aura_graph_view_move_cursor (self, first_visible (self, backwards), FALSE);
      return self->cursor >= 0;
    }
  for (gint i = self->cursor + (backwards ? -1 : 1); i >= 0 && i < (gint)n; i += backwards ? -1 : 1)
    if (aura_graph_view_is_visible (self, (guint)i))
      {
        aura_graph_view_move_cursor (self, i, FALSE);
        return TRUE;
      }
  return FALSE;
}

/* Moves the cursor to the closest visible node in the direction (@dx,
 * @dy): distance along it, plus twice the distance across it. */
void
aura_graph_view_cursor_towards (AuraGraphView *self, double dx, double dy, gboolean extend)
{
  guint n = self->graph != NULL ? self->graph->n_nodes : 0;
  double best = G_MAXDOUBLE, ox, oy;
  gint found = -1;

  if (n == 0)
    return;
  if (self->cursor < 0)
    {
      aura_graph_view_move_cursor (self, first_visible (self, FALSE), extend);
      return;
    }
  ox = self->positions[self->cursor].x;
  oy = self->positions[self->cursor].y;
  for (guint i = 0; i < n; i++)
    {
      double vx = self->positions[i].x - ox, vy = self->positions[i].y - oy;
      double along = vx * dx + vy * dy, across = fabs (vx * dy - vy * dx), score;

      if ((gint)i == self->cursor || along <= 0.0 || across > 2.0 * along ||
          !aura_graph_view_is_visible (self, i))
        continue;
      score = along + 2.0 * across;
      if (score < best)
        {
          best = score;
          found = (gint)i;
        }
    }
  if (found >= 0)
    aura_graph_view_move_cursor (self, found, extend);
}

static gboolean
arrow_cb (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  double dx, dy;
  gboolean extend;

  g_variant_get (args, "(ddb)", &dx, &dy, &extend);
  aura_graph_view_cursor_towards (AURA_GRAPH_VIEW (widget), dx, dy, extend);
  return TRUE;
}

static gboolean
activate_cb (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  AuraGraphView *self = AURA_GRAPH_VIEW (widget);

  if (self->cursor < 0)
    return FALSE;
  aura_graph_view_emit_node_activated (self, (guint)self->cursor);
  return TRUE;
}

static gboolean
menu_cb (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  AuraGraphView *self = AURA_GRAPH_VIEW (widget);

  if (self->cursor < 0)
    return FALSE;
  aura_graph_view_popup_menu (self, (guint)self->cursor);
  return TRUE;
}

static gboolean
zoom_key_cb (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  AuraGraphView *self = AURA_GRAPH_VIEW (widget);
  int how = g_variant_get_int32 (args);

  if (how > 0)
    aura_graph_view_zoom_in (self);
  else if (how < 0)
    aura_graph_view_zoom_out (self);
  else
    aura_graph_view_fit (self);
  return TRUE;
}

static gboolean
escape_cb (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  AuraGraphView *self = AURA_GRAPH_VIEW (widget);

  if (self->n_selected == 0)
    return FALSE;
  aura_graph_view_select_node (self, -1, FALSE);
  return TRUE;
}

static gboolean
select_all_cb (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  aura_graph_view_select_all (AURA_GRAPH_VIEW (widget));
  return TRUE;
}

/* Ctrl+M: the selection into the node the keyboard is on. */
static gboolean
merge_key_cb (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  AuraGraphView *self = AURA_GRAPH_VIEW (widget);

  if (self->cursor < 0 || !aura_graph_view_can_merge (self, (guint)self->cursor))
    return FALSE;
  aura_graph_view_emit_node_action (self, "merge", (guint)self->cursor);
  return TRUE;
}

static gboolean
delete_key_cb (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  AuraGraphView *self = AURA_GRAPH_VIEW (widget);

  if (self->cursor < 0)
    return FALSE;
  aura_graph_view_emit_node_action (self, "delete", (guint)self->cursor);
  return TRUE;
}

static void
add_arrow (GtkWidgetClass *widget_class, guint key, guint kp_key, double dx, double dy)
{
  gtk_widget_class_add_binding (widget_class, key, 0, arrow_cb, "(ddb)", dx, dy, FALSE);
  gtk_widget_class_add_binding (widget_class, kp_key, 0, arrow_cb, "(ddb)", dx, dy, FALSE);
  gtk_widget_class_add_binding (widget_class, key, GDK_SHIFT_MASK, arrow_cb, "(ddb)", dx, dy, TRUE);
}

/* ---- Context menu and actions -------------------------------------------- */

static GMenuItem *
node_item (const char *label, const char *action, guint node)
{
  GMenuItem *item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target_value (item, action, g_variant_new_uint32 (node));
  return item;
}

static void
append_item (GMenu *menu, const char *label, const char *action, guint node)
{
  g_autoptr (GMenuItem) item = node_item (label, action, node);

  g_menu_append_item (menu, item);
}

static GVariant *
node_tool_target (const char *tool_id, gpointer user_data)
{
  return g_variant_new ("(us)", *(guint *)user_data, tool_id);
}

GMenuModel *
aura_graph_view_create_node_menu (AuraGraphView *self, guint node)
{
  GMenu *menu;
  g_autoptr (GMenu) first = g_menu_new ();
  g_autoptr (GMenu) tools = g_menu_new ();
  g_autoptr (GMenu) view = g_menu_new ();
  g_autoptr (GMenu) danger = g_menu_new ();

  g_return_val_if_fail (AURA_IS_GRAPH_VIEW (self), NULL);
  g_return_val_if_fail (self->graph != NULL && node < self->graph->n_nodes, NULL);

  menu = g_menu_new ();
  if (self->graph->types[node] == AURA_ENTITY_USERNAME)
    append_item (first, _ ("_Look for Accounts"), "graph.look-for-accounts", node);
  if (self->graph->types[node] == AURA_ENTITY_DOMAIN ||
      self->graph->types[node] == AURA_ENTITY_SUBDOMAIN)
    append_item (first, _ ("_Map Domain"), "graph.map-domain", node);
  append_item (first, _ ("Show _Details"), "graph.details", node);
  /* The registry's tools for the type: panels, installed programs, web services. */
  aura_tool_catalog_append_menu (aura_tool_catalog_get_default (), tools, self->graph->types[node],
                                 AURA_TOOL_MENU_DEFAULT, "graph.run-tool", node_tool_target, &node);
  if (aura_graph_view_get_pinned (self, node))
    append_item (view, _ ("_Unpin"), "graph.unpin", node);
  else
    append_item (view, _ ("_Pin"), "graph.pin", node);
  append_item (view, _ ("_Hide"), "graph.hide", node);
  /* Keeps this one: the node whose menu it is. */
  if (aura_graph_view_can_merge (self, node))
    append_item (danger, _ ("_Merge Selection Into This…"), "graph.merge", node);
  append_item (danger, _ ("_Delete"), "graph.delete", node);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (first));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (tools));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (view));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (danger));
  return G_MENU_MODEL (menu);
}

void
aura_graph_view_popup_menu (AuraGraphView *self, guint node)
{
  g_autoptr (GMenuModel) model = NULL;
  double x, y;
  float r;

  g_return_if_fail (AURA_IS_GRAPH_VIEW (self));
  g_return_if_fail (self->graph != NULL && node < self->graph->n_nodes);

  model = aura_graph_view_create_node_menu (self, node);
  if (self->popover == NULL)
    {
      self->popover = gtk_popover_menu_new_from_model (model);
      gtk_widget_set_parent (self->popover, GTK_WIDGET (self));
      gtk_popover_set_has_arrow (GTK_POPOVER (self->popover), TRUE);
    }
  else
    gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->popover), model);
  aura_graph_view_world_to_view (self, self->positions[node].x, self->positions[node].y, &x, &y);
  r = MAX ((float)(self->radius[node] * self->zoom), 3.0f);
  gtk_popover_set_pointing_to (
      GTK_POPOVER (self->popover),
      &(GdkRectangle){ (int)(x - r), (int)(y - r), (int)(2 * r), (int)(2 * r) });
  gtk_popover_popup (GTK_POPOVER (self->popover));
}

static gboolean
action_node (AuraGraphView *self, GVariant *param, guint *out_node)
{
  guint node = g_variant_get_uint32 (param);

  if (self->graph == NULL || node >= self->graph->n_nodes)
    return FALSE;
  *out_node = node;
  return TRUE;
}

static void
node_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  AuraGraphView *self = AURA_GRAPH_VIEW (widget);
  guint node;

  if (!action_node (self, param, &node))
    return;
  if (g_str_equal (action_name, "graph.pin") || g_str_equal (action_name, "graph.unpin"))
    {
      aura_graph_view_set_pinned (self, node, g_str_equal (action_name, "graph.pin"));
      aura_graph_view_emit_node_moved (self, node);
    }
  else if (g_str_equal (action_name, "graph.hide"))
    aura_graph_view_set_node_hidden (self, node, TRUE);
  else if (g_str_equal (action_name, "graph.details"))
    aura_graph_view_emit_node_activated (self, node);
  else if (g_str_equal (action_name, "graph.merge") && !aura_graph_view_can_merge (self, node))
    return;
  else
    aura_graph_view_emit_node_action (self, action_name + strlen ("graph."), node);
}

/* A tool of the registry on a node: the page fetches its entity and says
 * which tool (node action "tool:ID"). */
static void
run_tool_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  AuraGraphView *self = AURA_GRAPH_VIEW (widget);
  g_autofree char *action = NULL;
  const char *tool_id;
  guint node;

  g_variant_get (param, "(u&s)", &node, &tool_id);
  if (self->graph == NULL || node >= self->graph->n_nodes)
    return;
  action = g_strdup_printf ("tool:%s", tool_id);
  aura_graph_view_emit_node_action (self, action, node);
}

void
aura_graph_view_class_install_input (GtkWidgetClass *widget_class)
{
  static const char *const actions[] = { "graph.look-for-accounts",
                                         "graph.map-domain",
                                         "graph.details",
                                         "graph.pin",
                                         "graph.unpin",
                                         "graph.hide",
                                         "graph.merge",
                                         "graph.delete" };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_class_install_action (widget_class, actions[i], "u", node_action);
  gtk_widget_class_install_action (widget_class, "graph.run-tool", "(us)", run_tool_action);

  add_arrow (widget_class, GDK_KEY_Left, GDK_KEY_KP_Left, -1, 0);
  add_arrow (widget_class, GDK_KEY_Right, GDK_KEY_KP_Right, 1, 0);
  add_arrow (widget_class, GDK_KEY_Up, GDK_KEY_KP_Up, 0, -1);
  add_arrow (widget_class, GDK_KEY_Down, GDK_KEY_KP_Down, 0, 1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Return, 0, activate_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Enter, 0, activate_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_space, 0, activate_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Menu, 0, menu_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, menu_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_plus, 0, zoom_key_cb, "i", 1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_plus, GDK_SHIFT_MASK, zoom_key_cb, "i", 1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_equal, 0, zoom_key_cb, "i", 1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Add, 0, zoom_key_cb, "i", 1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_minus, 0, zoom_key_cb, "i", -1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Subtract, 0, zoom_key_cb, "i", -1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_0, 0, zoom_key_cb, "i", 0);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_0, 0, zoom_key_cb, "i", 0);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, escape_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_a, GDK_CONTROL_MASK, select_all_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Delete, 0, delete_key_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Delete, 0, delete_key_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_m, GDK_CONTROL_MASK, merge_key_cb, NULL);
}
