/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "aura-graph-view.h"

G_BEGIN_DECLS

/* What aura-graph-view.c (state), aura-graph-view-draw.c (snapshot, export)
 * and aura-graph-view-input.c (gestures, keys, menu) share. */

/* Per-node state bits. */
enum
{
  NODE_SELECTED = 1 << 0,
  NODE_PINNED = 1 << 1,
  NODE_HIDDEN = 1 << 2,    /* hidden by the user */
  NODE_FILTERED = 1 << 3,  /* hidden by the type or confidence filter */
  NODE_MATCH = 1 << 4,     /* matches the search */
  NODE_NEIGHBOUR = 1 << 5, /* one hop from the selection */
  NODE_ON_PATH = 1 << 6,   /* on the highlighted shortest path */
};

#define NODE_INVISIBLE (NODE_HIDDEN | NODE_FILTERED)

/* The selection's colour (GNOME blue 3). */
#define AURA_GRAPH_ACCENT                                                                          \
  {                                                                                                \
    0.208f, 0.518f, 0.894f, 1.0f                                                                   \
  }

/* What a primary-button drag does, chosen when it starts. */
typedef enum
{
  DRAG_NONE,
  DRAG_PAN,     /* on the background */
  DRAG_NODE,    /* on a node: moves it (and pins it) once it really moves */
  DRAG_RUBBER,  /* with Shift on the background: rubber-band selection */
  DRAG_MINIMAP, /* in the minimap: moves the view */
} DragMode;

/* A uniform grid over the node positions for hit-testing and culling:
 * the nodes of cell c are cell_nodes[cell_start[c] .. cell_start[c+1]-1]. */
typedef struct
{
  float x0, y0; /* world origin of cell (0, 0) */
  float cell;   /* cell side, world units */
  guint cols, rows;
  guint *cell_start; /* cols × rows + 1 */
  guint *cell_nodes; /* n_nodes */
  gboolean valid;
} NodeGrid;

struct _AuraGraphView
{
  GtkWidget parent_instance;

  AuraGraph *graph;
  AuraPoint *positions;
  float *radius;        /* world units, from the degree */
  guint8 *flags;        /* NODE_* */
  PangoLayout **labels; /* made on first use */
  char **folded;        /* case-folded labels for the search, on first use */
  guint *adj_offsets;
  guint *adjacency;
  AuraGraphSizeMode size_mode;
  double *size_values; /* AURA_GRAPH_SIZE_VALUES: one per node */
  guint *groups;       /* colour groups, or NULL for colours by type */
  float unit;          /* base node radius, world units */
  float max_radius;
  NodeGrid grid;

  /* Transform: widget = world × zoom + (tx, ty). */
  double zoom;
  double tx, ty;
  gboolean fitted;      /* the transform is fit()'s, untouched since */
  gboolean pending_fit; /* fit once the widget has a size */

  /* Filters and highlights. */
  int type_filter;
  double min_confidence;
  guint n_selected;
  guint n_hidden;
  gint cursor;
  gboolean highlight_neighbours;
  gboolean highlight_active; /* a selection dims what is not near it */
  guint *path;
  guint path_len;
  guint n_matches;
  char *needle; /* the case-folded search text, or NULL */
  gint search_pos;

  /* Pointer state. */
  DragMode drag_mode;
  gint drag_node;
  gboolean drag_moved;
  double press_x, press_y;
  double last_x, last_y;
  double drag_x, drag_y; /* current point of a drag */
  GdkModifierType press_mods;
  gint hover_node;
  gint hover_edge;
  double pointer_x, pointer_y;
  double gesture_zoom_start;

  /* Drawing caches. */
  AuraGraphEdgeMode edge_mode;
  GskRenderNode *icon_nodes[AURA_ENTITY_N_TYPES][2]; /* white, black */
  int icon_size;                                     /* pixels the cached icons were made at */
  GdkTexture *minimap;
  gboolean minimap_dirty;
  double mm_scale, mm_ox, mm_oy; /* world → minimap pixels */
  float *screen;                 /* per-frame widget coordinates, 2 per node */
  GArray *edge_batch;            /* per-frame scratch: edge indexes by style */
  GHashTable *path_pos;          /* node → position on the path + 1 */
  gint64 last_frame_us;          /* how long the last snapshot took */
  struct _AuraRaster *raster;    /* the far level of detail, kept between frames */
  float *edge_xy;                /* its lines' end points, kept too */
  float *edge_xy_last;           /* those of the frame before */
  guint n_edge_xy_last;          /* lines in it */
  guint edge_xy_size;            /* lines both hold room for */
  guint settle_source;           /* redraws at full resolution once the view rests */
  guint n_line_draws;            /* frames that drew the raster's lines, for tests */
  gboolean half_lines;           /* the last raster frame's lines were at half resolution */

  GtkWidget *popover;
};

/* aura-graph-view.c */
void aura_graph_view_invalidate_positions (AuraGraphView *self);
void aura_graph_view_ensure_grid (AuraGraphView *self);
gboolean aura_graph_view_has_minimap (AuraGraphView *self);
void aura_graph_view_get_minimap_rect (AuraGraphView *self, graphene_rect_t *out_rect);
void aura_graph_view_minimap_to_world (
    AuraGraphView *self, double x, double y, double *out_wx, double *out_wy);
void aura_graph_view_update_accessible (AuraGraphView *self);
void aura_graph_view_emit_node_action (AuraGraphView *self, const char *action, guint node);
void aura_graph_view_emit_node_moved (AuraGraphView *self, guint node);
void aura_graph_view_emit_selection_changed (AuraGraphView *self);
void aura_graph_view_emit_visibility_changed (AuraGraphView *self);
void aura_graph_view_emit_node_activated (AuraGraphView *self, guint node);
void aura_graph_view_move_cursor (AuraGraphView *self, gint node, gboolean extend);

/* aura-graph-view-raster.c: the far level of detail. */
typedef struct _AuraRaster AuraRaster;
/* @width × @height widget pixels at @scale device pixels each; the lines
 * at half that resolution with @half_lines. Its top left corner is the
 * widget's, or where aura_raster_set_origin() puts it. */
AuraRaster *aura_raster_new (int width, int height, float scale, gboolean half_lines);
/* Whether @raster can serve another frame of this geometry (else make a
 * new one); its lines stay until cleared. */
gboolean
aura_raster_reuse (AuraRaster *raster, int width, int height, float scale, gboolean half_lines);
/* Moves the raster's top left corner to the widget pixel (@x, @y); TRUE
 * when it moved (its lines are then wrong). */
gboolean aura_raster_set_origin (AuraRaster *raster, int x, int y);
/* Whether lines were drawn since the raster was made or cleared. */
gboolean aura_raster_has_lines (AuraRaster *raster);
void aura_raster_clear_lines (AuraRaster *raster);
void aura_raster_free (AuraRaster *raster);
/* @n_lines one-pixel lines, four floats each (x0, y0, x1, y1, widget
 * coordinates); on two threads when there are many. */
void aura_raster_lines (AuraRaster *raster, const float *xy, guint n_lines);
/* Colours the lines; squares and discs go on top after it. */
void aura_raster_colorize (AuraRaster *raster, const GdkRGBA *color);
/* An antialiased line @line_width widget pixels wide, over the colour. */
void aura_raster_wide_line (AuraRaster *raster,
                            float x0,
                            float y0,
                            float x1,
                            float y1,
                            float line_width,
                            const GdkRGBA *color);
void aura_raster_square (AuraRaster *raster, float cx, float cy, float r, const GdkRGBA *color);
void aura_raster_disc (AuraRaster *raster, float cx, float cy, float r, const GdkRGBA *color);
void aura_raster_append (AuraRaster *raster, GtkSnapshot *snapshot);

/* aura-graph-view-draw.c */
/* The colour of @node's disc before any dimming: its group's or type's. */
const GdkRGBA *aura_graph_view_node_base_color (AuraGraphView *self, guint node);
void
aura_graph_view_snapshot_scene (AuraGraphView *self, GtkSnapshot *snapshot, int width, int height);
void aura_graph_view_drop_caches (AuraGraphView *self);

/* aura-graph-view-input.c: the gesture handlers call these, and so can
 * tests, which cannot synthesise pointer events. */
void aura_graph_view_install_input (AuraGraphView *self);
void aura_graph_view_class_install_input (GtkWidgetClass *widget_class);
void aura_graph_view_pointer_down (AuraGraphView *self, double x, double y, GdkModifierType mods);
void aura_graph_view_pointer_drag (AuraGraphView *self, double x, double y);
void aura_graph_view_pointer_up (AuraGraphView *self, double x, double y);
void aura_graph_view_pointer_motion (AuraGraphView *self, double x, double y);
void aura_graph_view_scroll_zoom (AuraGraphView *self, double dy);
gboolean aura_graph_view_focus_step (AuraGraphView *self, GtkDirectionType direction);
void aura_graph_view_cursor_towards (AuraGraphView *self, double dx, double dy, gboolean extend);

/* Small helpers every part uses. */
static inline guint
view_n_nodes (AuraGraphView *self)
{
  return self->graph != NULL ? self->graph->n_nodes : 0;
}

static inline gboolean
view_node_visible (AuraGraphView *self, guint node)
{
  return (self->flags[node] & NODE_INVISIBLE) == 0;
}

/* aura-graph-view-select.c, for the other parts */
void aura_graph_view_clear_path (AuraGraphView *self);
void aura_graph_view_apply_filters (AuraGraphView *self);
void aura_graph_view_mark_matches (AuraGraphView *self);

/* aura-graph-view-draw.c, for the other parts */
GdkRGBA aura_graph_view_foreground (AuraGraphView *self);

/* aura-graph-view-export.c, for the other parts */
void
aura_graph_view_draw_minimap (AuraGraphView *self, GtkSnapshot *snapshot, int width, int height);

G_END_DECLS
