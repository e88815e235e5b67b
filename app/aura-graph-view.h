/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <aura.h>
#include <gtk/gtk.h>

#include "aura-graph.h"
#include "aura-layout.h"

G_BEGIN_DECLS

/**
 * AuraGraphEdgeMode:
 * @AURA_GRAPH_EDGES_AUTO: cairo strokes while the visible edges are short
 *   in total, else the raster (the default)
 * @AURA_GRAPH_EDGES_CAIRO: each edge a cairo stroke, antialiased
 * @AURA_GRAPH_EDGES_RECTS: each edge a thin rotated colour node
 * @AURA_GRAPH_EDGES_RASTER: edges as one-pixel lines, and nodes too small
 *   for a disc as dots, in one texture
 *
 * How the edge layer is drawn. Highlighted edges (selection, path, hover)
 * are always drawn one by one, with their width.
 */
typedef enum
{
  AURA_GRAPH_EDGES_AUTO,
  AURA_GRAPH_EDGES_CAIRO,
  AURA_GRAPH_EDGES_RECTS,
  AURA_GRAPH_EDGES_RASTER,
} AuraGraphEdgeMode;

/**
 * AuraGraphSizeMode:
 * @AURA_GRAPH_SIZE_UNIFORM: every disc the same size
 * @AURA_GRAPH_SIZE_DEGREE: bigger with more relations (the default)
 * @AURA_GRAPH_SIZE_VALUES: bigger with a value per node (betweenness…),
 *   the area following the value
 *
 * What the size of a node's disc says.
 */
typedef enum
{
  AURA_GRAPH_SIZE_UNIFORM,
  AURA_GRAPH_SIZE_DEGREE,
  AURA_GRAPH_SIZE_VALUES,
} AuraGraphSizeMode;

/* How many group colours there are; groups past them are grey. */
#define AURA_GRAPH_N_GROUP_COLORS 12

#define AURA_TYPE_GRAPH_VIEW (aura_graph_view_get_type ())
G_DECLARE_FINAL_TYPE (AuraGraphView, aura_graph_view, AURA, GRAPH_VIEW, GtkWidget)

/* The canvas of an investigation graph, drawn with GtkSnapshot: entities
 * as coloured discs with their type's icon, relations as lines, labels
 * when zoomed in, a minimap for big graphs. The caller gives the graph and
 * the positions (layout units); the view owns selection, filters, search
 * and highlights. Node arguments are node indexes of the graph.
 *
 * Signals: "selection-changed" (), "node-activated" (guint node) on Enter
 * or double-click, "node-action" (const char *action, guint node) for what
 * the page does ("look-for-accounts", "map-domain", "delete", and "merge":
 * the selection into @node, from the menu or Ctrl+M), and
 * "node-moved" (guint node) when a drag ends (the node is pinned) or a
 * node is pinned or unpinned, "visibility-changed" () when filters or
 * hidden nodes change what is shown. */
AuraGraphView *aura_graph_view_new (void);

/* Sets the graph and its positions (graph->n_nodes points; NULL places
 * every node at the origin). Selection, pins and hidden nodes carry over
 * by entity id when both graphs have ids. */
void aura_graph_view_set_graph (AuraGraphView *self, AuraGraph *graph, const AuraPoint *positions);
AuraGraph *aura_graph_view_get_graph (AuraGraphView *self);
/* Replaces every position (@n_positions must be the number of nodes), as
 * the layout's progress snapshots do. */
void
aura_graph_view_set_positions (AuraGraphView *self, const AuraPoint *positions, guint n_positions);
const AuraPoint *aura_graph_view_get_positions (AuraGraphView *self);
void aura_graph_view_move_node (AuraGraphView *self, guint node, float x, float y);

/* The view transform: widget = world × zoom + offset. */
double aura_graph_view_get_zoom (AuraGraphView *self);
void aura_graph_view_get_offset (AuraGraphView *self, double *out_x, double *out_y);
/* Zooms to @zoom keeping the widget point (@anchor_x, @anchor_y) still. */
void aura_graph_view_zoom_at (AuraGraphView *self, double zoom, double anchor_x, double anchor_y);
void aura_graph_view_zoom_in (AuraGraphView *self);
void aura_graph_view_zoom_out (AuraGraphView *self);
void aura_graph_view_pan (AuraGraphView *self, double dx, double dy);
/* Fits every visible node in the widget, with a margin. The view stays
 * fitted as it is resized, until zoomed, panned or centred. */
void aura_graph_view_fit (AuraGraphView *self);
gboolean aura_graph_view_get_fitted (AuraGraphView *self);
void aura_graph_view_center_on_node (AuraGraphView *self, guint node);
void aura_graph_view_world_to_view (
    AuraGraphView *self, double wx, double wy, double *out_x, double *out_y);
void aura_graph_view_view_to_world (
    AuraGraphView *self, double x, double y, double *out_wx, double *out_wy);

/* Hit testing in widget coordinates: the visible node or edge under the
 * point, or -1. */
gint aura_graph_view_node_at (AuraGraphView *self, double x, double y);
gint aura_graph_view_edge_at (AuraGraphView *self, double x, double y);

/* Selection. @node -1 clears; @extend adds (or, when already selected,
 * removes) instead of replacing. The cursor is the node the keyboard is
 * on: the last one selected. */
void aura_graph_view_select_node (AuraGraphView *self, gint node, gboolean extend);
/* Selects the visible nodes inside a rectangle given in widget coordinates. */
void aura_graph_view_select_rect (
    AuraGraphView *self, double x0, double y0, double x1, double y1, gboolean extend);
void aura_graph_view_select_all (AuraGraphView *self);
gboolean aura_graph_view_is_selected (AuraGraphView *self, guint node);
guint aura_graph_view_get_n_selected (AuraGraphView *self);
/* (element-type guint) the selected nodes in index order. */
GArray *aura_graph_view_get_selection (AuraGraphView *self);
gint aura_graph_view_get_cursor (AuraGraphView *self);

void aura_graph_view_set_pinned (AuraGraphView *self, guint node, gboolean pinned);
gboolean aura_graph_view_get_pinned (AuraGraphView *self, guint node);

/* Filters. A node is visible when its type passes, its confidence is at
 * least the minimum, and it is not hidden; an edge when both ends are. */
void aura_graph_view_set_type_filter (AuraGraphView *self, int type);
int aura_graph_view_get_type_filter (AuraGraphView *self);
void aura_graph_view_set_min_confidence (AuraGraphView *self, double min_confidence);
void aura_graph_view_set_node_hidden (AuraGraphView *self, guint node, gboolean hidden);
void aura_graph_view_show_hidden (AuraGraphView *self);
guint aura_graph_view_get_n_hidden (AuraGraphView *self);
gboolean aura_graph_view_is_visible (AuraGraphView *self, guint node);
guint aura_graph_view_get_n_visible (AuraGraphView *self);

/* Marks the visible nodes whose label contains @text (case-insensitive),
 * selects and centres the first; returns how many match. Empty clears. */
guint aura_graph_view_search (AuraGraphView *self, const char *text);
/* Moves to the next match; returns its node or -1. */
gint aura_graph_view_search_next (AuraGraphView *self);
gboolean aura_graph_view_is_match (AuraGraphView *self, guint node);

/* Highlights: the neighbours of the selection, and with two nodes
 * selected the shortest path between them (over visible nodes). */
void aura_graph_view_set_highlight_neighbours (AuraGraphView *self, gboolean highlight);
gboolean aura_graph_view_is_neighbour (AuraGraphView *self, guint node);
/* The path from the first to the second selected node, or NULL with
 * *@out_n = 0. */
const guint *aura_graph_view_get_path (AuraGraphView *self, guint *out_n);

/* The context menu of @node: items targeting the view's "graph.*" actions. */
GMenuModel *aura_graph_view_create_node_menu (AuraGraphView *self, guint node);
/* Opens the context menu at @node (also Menu and Shift+F10). */
void aura_graph_view_popup_menu (AuraGraphView *self, guint node);

/* The colour of a type's discs (for a legend). */
const GdkRGBA *aura_graph_view_type_color (AuraEntityType type);
/* The colour of group @group (community, component…), grey from
 * AURA_GRAPH_N_GROUP_COLORS on. */
const GdkRGBA *aura_graph_view_group_color (guint group);

/* The WCAG 2 contrast ratio of two colours (1 to 21; alpha left out). */
double aura_graph_view_contrast_ratio (const GdkRGBA *a, const GdkRGBA *b);
/* The colour of the type icon drawn on a disc of @disc: black or white,
 * whichever contrasts more with it (light group colours such as yellow
 * take black icons). */
const GdkRGBA *aura_graph_view_icon_color (const GdkRGBA *disc);

/* Sizes the discs by @mode; @values (graph->n_nodes of them, not negative)
 * for AURA_GRAPH_SIZE_VALUES, else NULL. Setting another graph goes back
 * to sizes by degree. */
void aura_graph_view_set_node_sizes (AuraGraphView *self,
                                     AuraGraphSizeMode mode,
                                     const double *values,
                                     guint n_values);
AuraGraphSizeMode aura_graph_view_get_size_mode (AuraGraphView *self);
/* Colours the discs by group (graph->n_nodes group numbers, 0 the
 * biggest group) instead of by type; NULL goes back to types, as setting
 * another graph does. */
void aura_graph_view_set_node_groups (AuraGraphView *self, const guint *groups, guint n_groups);
/* The group of @node, or -1 when the discs are coloured by type. */
gint aura_graph_view_get_node_group (AuraGraphView *self, guint node);

/* Selects exactly the visible nodes of these entities (unknown ids are
 * skipped), puts the keyboard on the first and brings it into view when
 * it is outside; emits "selection-changed" only when the selection
 * changed. Returns how many nodes are selected. */
guint aura_graph_view_select_entities (AuraGraphView *self, const gint64 *entity_ids, guint n_ids);
/* Whether the selection can be merged into @node: two or more nodes
 * selected, @node among them, all of one type and all with an entity. */
gboolean aura_graph_view_can_merge (AuraGraphView *self, guint node);

void aura_graph_view_set_edge_mode (AuraGraphView *self, AuraGraphEdgeMode mode);

/* The view as shown, rendered with the widget's renderer. */
GdkTexture *aura_graph_view_render_texture (AuraGraphView *self);
gboolean aura_graph_view_save_png (AuraGraphView *self, const char *path, GError **error);
gboolean aura_graph_view_save_svg (AuraGraphView *self, const char *path, GError **error);

G_END_DECLS
