/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-app"
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "aura-graph-view-private.h"

/* The graph canvas's marks on its nodes: highlights (neighbours of the
 * selection, the shortest path between two selected nodes), selection,
 * pins, filters and hidden nodes, and the search. */

/* ---- Highlights ----------------------------------------------------------- */

void
aura_graph_view_clear_path (AuraGraphView *self)
{
  g_clear_pointer (&self->path, g_free);
  self->path_len = 0;
  g_hash_table_remove_all (self->path_pos);
}

/* Breadth-first search over visible nodes from @from to @to. */
static void
find_path (AuraGraphView *self, guint from, guint to)
{
  guint n = view_n_nodes (self);
  g_autofree gint *parent = g_new (gint, n);
  g_autofree guint *queue = g_new (guint, n);
  guint head = 0, tail = 0, len = 0;

  for (guint i = 0; i < n; i++)
    parent[i] = -1;
  parent[from] = (gint)from;
  queue[tail++] = from;
  while (head < tail && parent[to] < 0)
    {
      guint u = queue[head++];

      for (guint k = self->adj_offsets[u]; k < self->adj_offsets[u + 1]; k++)
        {
          guint v = self->adjacency[k];

          if (parent[v] < 0 && view_node_visible (self, v))
            {
              parent[v] = (gint)u;
              queue[tail++] = v;
            }
        }
    }
  if (parent[to] < 0)
    return;
  for (guint v = to; v != from; v = (guint)parent[v])
    len++;
  self->path_len = len + 1;
  self->path = g_new (guint, self->path_len);
  for (guint v = to, k = len;; v = (guint)parent[v], k--)
    {
      self->path[k] = v;
      if (v == from)
        break;
    }
  for (guint k = 0; k < self->path_len; k++)
    {
      self->flags[self->path[k]] |= NODE_ON_PATH;
      g_hash_table_insert (self->path_pos, GUINT_TO_POINTER (self->path[k]),
                           GUINT_TO_POINTER (k + 1));
    }
}

static void
update_highlights (AuraGraphView *self)
{
  guint n = view_n_nodes (self);
  gint first = -1, second = -1;

  aura_graph_view_clear_path (self);
  for (guint i = 0; i < n; i++)
    self->flags[i] &= ~(NODE_NEIGHBOUR | NODE_ON_PATH);
  self->highlight_active = self->highlight_neighbours && self->n_selected > 0;
  if (!self->highlight_active)
    return;
  for (guint i = 0; i < n; i++)
    {
      if (!(self->flags[i] & NODE_SELECTED))
        continue;
      if (first < 0)
        first = (gint)i;
      else if (second < 0)
        second = (gint)i;
      for (guint k = self->adj_offsets[i]; k < self->adj_offsets[i + 1]; k++)
        if (view_node_visible (self, self->adjacency[k]))
          self->flags[self->adjacency[k]] |= NODE_NEIGHBOUR;
    }
  if (self->n_selected == 2)
    find_path (self, (guint)first, (guint)second);
}

gboolean
aura_graph_view_is_neighbour (AuraGraphView *self, guint node)
{
  g_return_val_if_fail (AURA_IS_GRAPH_VIEW (self), FALSE);
  g_return_val_if_fail (node < view_n_nodes (self), FALSE);
  return (self->flags[node] & NODE_NEIGHBOUR) != 0;
}

const guint *
aura_graph_view_get_path (AuraGraphView *self, guint *out_n)
{
  g_return_val_if_fail (AURA_IS_GRAPH_VIEW (self), NULL);
  g_return_val_if_fail (out_n != NULL, NULL);
  *out_n = self->path_len;
  return self->path;
}

void
aura_graph_view_set_highlight_neighbours (AuraGraphView *self, gboolean highlight)
{
  g_return_if_fail (AURA_IS_GRAPH_VIEW (self));
  if (self->highlight_neighbours == !!highlight)
    return;
  self->highlight_neighbours = !!highlight;
  update_highlights (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- Selection ------------------------------------------------------------ */

static void
selection_changed (AuraGraphView *self)
{
  update_highlights (self);
  aura_graph_view_update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  aura_graph_view_emit_selection_changed (self);
}

static void
clear_selection (AuraGraphView *self)
{
  guint n = view_n_nodes (self);

  for (guint i = 0; i < n; i++)
    self->flags[i] &= ~NODE_SELECTED;
  self->n_selected = 0;
}

static void
set_selected (AuraGraphView *self, guint node, gboolean selected)
{
  if (!!(self->flags[node] & NODE_SELECTED) == !!selected)
    return;
  if (selected)
    {
      self->flags[node] |= NODE_SELECTED;
      self->n_selected++;
    }
  else
    {
      self->flags[node] &= ~NODE_SELECTED;
      self->n_selected--;
    }
}

void
aura_graph_view_select_node (AuraGraphView *self, gint node, gboolean extend)
{
  g_return_if_fail (AURA_IS_GRAPH_VIEW (self));
  g_return_if_fail (node < (gint)view_n_nodes (self));

  if (node >= 0 && !view_node_visible (self, (guint)node))
    return;
  if (node >= 0 && extend)
    set_selected (self, (guint)node, !(self->flags[node] & NODE_SELECTED));
  else if (!extend)
    {
      clear_selection (self);
      if (node >= 0)
        set_selected (self, (guint)node, TRUE);
    }
  if (node >= 0)
    self->cursor = node;
  selection_changed (self);
}

void
aura_graph_view_select_rect (
    AuraGraphView *self, double x0, double y0, double x1, double y1, gboolean extend)
{
  double wx0, wy0, wx1, wy1;
  guint n;

  g_return_if_fail (AURA_IS_GRAPH_VIEW (self));

  aura_graph_view_view_to_world (self, MIN (x0, x1), MIN (y0, y1), &wx0, &wy0);
  aura_graph_view_view_to_world (self, MAX (x0, x1), MAX (y0, y1), &wx1, &wy1);
  if (!extend)
    clear_selection (self);
  n = view_n_nodes (self);
  for (guint i = 0; i < n; i++)
    {
      const AuraPoint *p = &self->positions[i];

      if (view_node_visible (self, i) && p->x >= wx0 && p->x <= wx1 && p->y >= wy0 && p->y <= wy1)
        {
          set_selected (self, i, TRUE);
          self->cursor = (gint)i;
        }
    }
  selection_changed (self);
}

void
aura_graph_view_select_all (AuraGraphView *self)
{
  guint n;

  g_return_if_fail (AURA_IS_GRAPH_VIEW (self));
  n = view_n_nodes (self);
  for (guint i = 0; i < n; i++)
    if (view_node_visible (self, i))
      set_selected (self, i, TRUE);
  selection_changed (self);
}

gboolean
aura_graph_view_is_selected (AuraGraphView *self, guint node)
{
  g_return_val_if_fail (AURA_IS_GRAPH_VIEW (self), FALSE);
  g_return_val_if_fail (node < view_n_nodes (self), FALSE);
  return (self->flags[node] & NODE_SELECTED) != 0;
}

guint
aura_graph_view_get_n_selected (AuraGraphView *self)
{
  g_return_val_if_fail (AURA_IS_GRAPH_VIEW (self), 0);
  return self->n_selected;
}

GArray *
aura_graph_view_get_selection (AuraGraphView *self)
{
  GArray *selection;
  guint n;

  g_return_val_if_fail (AURA_IS_GRAPH_VIEW (self), NULL);
  selection = g_array_sized_new (FALSE, FALSE, sizeof (guint), self->n_selected);
  n = view_n_nodes (self);
  for (guint i = 0; i < n; i++)
    if (self->flags[i] & NODE_SELECTED)
      g_array_append_val (selection, i);
  return selection;
}

gint
aura_graph_view_get_cursor (AuraGraphView *self)
{
  g_return_val_if_fail (AURA_IS_GRAPH_VIEW (self), -1);
  return self->cursor;
}

static void
bring_into_view (AuraGraphView *self, guint node)
{
  double x, y;
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));

  aura_graph_view_world_to_view (self, self->positions[node].x, self->positions[node].y, &x, &y);
  if (w > 0 && h > 0 && (x < 0 || y < 0 || x > w || y > h))
    aura_graph_view_center_on_node (self, node);
}

guint
aura_graph_view_select_entities (AuraGraphView *self, const gint64 *entity_ids, guint n_ids)
{
  g_autoptr (GHashTable) wanted = g_hash_table_new (g_int64_hash, g_int64_equal);
  gboolean changed = FALSE;
  gint first = -1;
  guint n;

  g_return_val_if_fail (AURA_IS_GRAPH_VIEW (self), 0);
  g_return_val_if_fail (entity_ids != NULL || n_ids == 0, 0);

  n = view_n_nodes (self);
  for (guint k = 0; k < n_ids; k++)
    g_hash_table_add (wanted, (gpointer)&entity_ids[k]);
  for (guint i = 0; i < n; i++)
    {
      gboolean want = self->graph->entity_ids[i] != 0 && view_node_visible (self, i) &&
                      g_hash_table_contains (wanted, &self->graph->entity_ids[i]);

      if (want && (first < 0 || (gint)i == self->cursor))
        first = (gint)i;
      if (!!(self->flags[i] & NODE_SELECTED) != want)
        {
          set_selected (self, i, want);
          changed = TRUE;
        }
    }
  if (!changed)
    return self->n_selected;
  if (first >= 0)
    {
      self->cursor = first;
      bring_into_view (self, (guint)first);
    }
  selection_changed (self);
  return self->n_selected;
}

gboolean
aura_graph_view_can_merge (AuraGraphView *self, guint node)
{
  guint n;

  g_return_val_if_fail (AURA_IS_GRAPH_VIEW (self), FALSE);
  n = view_n_nodes (self);
  if (node >= n || self->n_selected < 2 || !(self->flags[node] & NODE_SELECTED) ||
      self->graph->entity_ids[node] == 0)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if ((self->flags[i] & NODE_SELECTED) &&
        (self->graph->types[i] != self->graph->types[node] || self->graph->entity_ids[i] == 0))
      return FALSE;
  return TRUE;
}

/* Keyboard moves: select @node alone (or add it with @extend) and bring it
 * into view. */
void
aura_graph_view_move_cursor (AuraGraphView *self, gint node, gboolean extend)
{
  if (node < 0)
    return;
  if (extend)
    {
      set_selected (self, (guint)node, TRUE);
      self->cursor = node;
      selection_changed (self);
    }
  else
    aura_graph_view_select_node (self, node, FALSE);
  bring_into_view (self, (guint)node);
}

/* ---- Pins ------------------------------------------------------------------ */

void
aura_graph_view_set_pinned (AuraGraphView *self, guint node, gboolean pinned)
{
  g_return_if_fail (AURA_IS_GRAPH_VIEW (self));
  g_return_if_fail (node < view_n_nodes (self));
  if (pinned)
    self->flags[node] |= NODE_PINNED;
  else
    self->flags[node] &= ~NODE_PINNED;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
aura_graph_view_get_pinned (AuraGraphView *self, guint node)
{
  g_return_val_if_fail (AURA_IS_GRAPH_VIEW (self), FALSE);
  g_return_val_if_fail (node < view_n_nodes (self), FALSE);
  return (self->flags[node] & NODE_PINNED) != 0;
}

/* ---- Filters ------------------------------------------------------------- */

/* After any change of what is visible: selection and matches of hidden
 * nodes drop, highlights follow. */
static void
visibility_changed (AuraGraphView *self)
{
  guint n = view_n_nodes (self);
  gboolean selection_lost = FALSE;

  self->n_matches = 0;
  for (guint i = 0; i < n; i++)
    {
      if (view_node_visible (self, i))
        {
          self->n_matches += (self->flags[i] & NODE_MATCH) != 0;
          continue;
        }
      if (self->flags[i] & NODE_SELECTED)
        {
          set_selected (self, i, FALSE);
          selection_lost = TRUE;
        }
      self->flags[i] &= ~NODE_MATCH;
    }
  if (self->cursor >= 0 && !view_node_visible (self, (guint)self->cursor))
    self->cursor = -1;
  self->minimap_dirty = TRUE;
  update_highlights (self);
  aura_graph_view_update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (selection_lost)
    aura_graph_view_emit_selection_changed (self);
  aura_graph_view_emit_visibility_changed (self);
}

void
aura_graph_view_apply_filters (AuraGraphView *self)
{
  guint n = view_n_nodes (self);

  for (guint i = 0; i < n; i++)
    {
      gboolean out = (self->type_filter >= 0 && (int)self->graph->types[i] != self->type_filter) ||
                     self->graph->confidence[i] + 1e-9 < self->min_confidence;

      if (out)
        self->flags[i] |= NODE_FILTERED;
      else
        self->flags[i] &= ~NODE_FILTERED;
    }
  visibility_changed (self);
}

void
aura_graph_view_set_type_filter (AuraGraphView *self, int type)
{
  g_return_if_fail (AURA_IS_GRAPH_VIEW (self));
  g_return_if_fail (type >= -1 && type < AURA_ENTITY_N_TYPES);
  if (self->type_filter == type)
    return;
  self->type_filter = type;
  aura_graph_view_apply_filters (self);
}

int
aura_graph_view_get_type_filter (AuraGraphView *self)
{
  g_return_val_if_fail (AURA_IS_GRAPH_VIEW (self), -1);
  return self->type_filter;
}

void
aura_graph_view_set_min_confidence (AuraGraphView *self, double min_confidence)
{
  g_return_if_fail (AURA_IS_GRAPH_VIEW (self));
  min_confidence = CLAMP (min_confidence, 0.0, 1.0);
  if (self->min_confidence == min_confidence)
    return;
  self->min_confidence = min_confidence;
  aura_graph_view_apply_filters (self);
}

void
aura_graph_view_set_node_hidden (AuraGraphView *self, guint node, gboolean hidden)
{
  g_return_if_fail (AURA_IS_GRAPH_VIEW (self));
  g_return_if_fail (node < view_n_nodes (self));
  if (!!(self->flags[node] & NODE_HIDDEN) == !!hidden)
    return;
  if (hidden)
    {
      self->flags[node] |= NODE_HIDDEN;
      self->n_hidden++;
    }
  else
    {
      self->flags[node] &= ~NODE_HIDDEN;
      self->n_hidden--;
    }
  visibility_changed (self);
}

void
aura_graph_view_show_hidden (AuraGraphView *self)
{
  guint n;

  g_return_if_fail (AURA_IS_GRAPH_VIEW (self));
  n = view_n_nodes (self);
  for (guint i = 0; i < n; i++)
    self->flags[i] &= ~NODE_HIDDEN;
  self->n_hidden = 0;
  visibility_changed (self);
}

guint
aura_graph_view_get_n_hidden (AuraGraphView *self)
{
  g_return_val_if_fail (AURA_IS_GRAPH_VIEW (self), 0);
  return self->n_hidden;
}

gboolean
aura_graph_view_is_visible (AuraGraphView *self, guint node)
{
  g_return_val_if_fail (AURA_IS_GRAPH_VIEW (self), FALSE);
  g_return_val_if_fail (node < view_n_nodes (self), FALSE);
  return view_node_visible (self, node);
}

guint
aura_graph_view_get_n_visible (AuraGraphView *self)
{
  guint n, count = 0;

  g_return_val_if_fail (AURA_IS_GRAPH_VIEW (self), 0);
  n = view_n_nodes (self);
  for (guint i = 0; i < n; i++)
    count += view_node_visible (self, i);
  return count;
}

/* ---- Search ------------------------------------------------------------------ */

/* Marks the visible nodes whose label holds the search text. */
void
aura_graph_view_mark_matches (AuraGraphView *self)
{
  guint n = view_n_nodes (self);

  self->n_matches = 0;
  for (guint i = 0; i < n; i++)
    {
      self->flags[i] &= ~NODE_MATCH;
      if (self->needle == NULL || !view_node_visible (self, i))
        continue;
      if (self->folded[i] == NULL)
        self->folded[i] = g_utf8_casefold (self->graph->labels[i], -1);
      if (strstr (self->folded[i], self->needle) != NULL)
        {
          self->flags[i] |= NODE_MATCH;
          self->n_matches++;
        }
    }
}

guint
aura_graph_view_search (AuraGraphView *self, const char *text)
{
  g_return_val_if_fail (AURA_IS_GRAPH_VIEW (self), 0);
  g_return_val_if_fail (text != NULL, 0);

  g_clear_pointer (&self->needle, g_free);
  if (*text != '\0' && g_utf8_validate (text, -1, NULL))
    self->needle = g_utf8_casefold (text, -1);
  self->search_pos = -1;
  aura_graph_view_mark_matches (self);
  if (self->n_matches > 0)
    aura_graph_view_search_next (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return self->n_matches;
}

gint
aura_graph_view_search_next (AuraGraphView *self)
{
  guint n;

  g_return_val_if_fail (AURA_IS_GRAPH_VIEW (self), -1);
  n = view_n_nodes (self);
  if (self->n_matches == 0 || n == 0)
    return -1;
  for (guint k = 1; k <= n; k++)
    {
      guint i = (guint)((self->search_pos + (gint)k) % (gint)n);

      if ((self->flags[i] & NODE_MATCH) && view_node_visible (self, i))
        {
          self->search_pos = (gint)i;
          aura_graph_view_select_node (self, (gint)i, FALSE);
          aura_graph_view_center_on_node (self, i);
          return (gint)i;
        }
    }
  return -1;
}

gboolean
aura_graph_view_is_match (AuraGraphView *self, guint node)
{
  g_return_val_if_fail (AURA_IS_GRAPH_VIEW (self), FALSE);
  g_return_val_if_fail (node < view_n_nodes (self), FALSE);
  return (self->flags[node] & NODE_MATCH) != 0;
}
