/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-app"
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "aura-graph-view-private.h"

/* Drawing the graph with GtkSnapshot, in widget coordinates (the view
 * transform is applied to positions here, so line widths and text stay
 * in pixels): edges, then nodes, labels, the rubber band and the minimap.
 * Only what falls in the widget is drawn; nodes are found through the
 * grid. Level of detail: tiny squares when zoomed far out, discs, then the
 * type's icon, then labels for a bounded number of nodes. */

#define ICON_MIN_RADIUS 7.0        /* px: icons from this on-screen radius */
#define LABEL_MIN_RADIUS 6.0       /* px: labels from this radius */
#define MAX_LABELS 250             /* labels per frame, selected ones first */
#define DISC_MIN_RADIUS 2.5        /* px: below, a node is a square */
#define LABEL_MAX_WIDTH 180        /* px */
#define AUTO_MAX_STROKE_PX 40000.0 /* px of bulk edges cairo may stroke per frame */
#define AUTO_MAX_DOTS 2000         /* dots drawn as nodes before the raster takes them */
#define RASTER_HALF_PX 2000000.0   /* px of bulk edges from which moving lines are half size */
#define SETTLE_MS 200              /* still this long, the lines are drawn again in full */

static const GdkRGBA accent = AURA_GRAPH_ACCENT;
static const GdkRGBA path_color = { 0.902f, 0.380f, 0.000f, 1.0f };
static const GdkRGBA match_color = { 0.965f, 0.827f, 0.176f, 1.0f };
static const GdkRGBA white = { 1.0f, 1.0f, 1.0f, 1.0f };
static const GdkRGBA black = { 0.0f, 0.0f, 0.0f, 1.0f };

/* The foreground colour of the widget's style; GTK 4.8 has no
 * gtk_widget_get_color(). */
GdkRGBA
aura_graph_view_foreground (AuraGraphView *self)
{
  GdkRGBA color;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS
  return color;
}

static GdkRGBA
with_alpha (const GdkRGBA *color, float alpha)
{
  GdkRGBA c = *color;

  c.alpha *= alpha;
  return c;
}

void
aura_graph_view_drop_caches (AuraGraphView *self)
{
  guint n = self->graph != NULL ? self->graph->n_nodes : 0;

  for (guint i = 0; i < AURA_ENTITY_N_TYPES; i++)
    for (guint dark = 0; dark < 2; dark++)
      g_clear_pointer (&self->icon_nodes[i][dark], gsk_render_node_unref);
  self->icon_size = 0;
  for (guint i = 0; i < n && self->labels != NULL; i++)
    g_clear_object (&self->labels[i]);
  g_clear_object (&self->minimap);
  self->minimap_dirty = TRUE;
  g_clear_pointer (&self->raster, aura_raster_free);
  g_clear_pointer (&self->edge_xy, g_free);
  g_clear_pointer (&self->edge_xy_last, g_free);
  self->edge_xy_size = 0;
  self->n_edge_xy_last = G_MAXUINT;
  g_clear_handle_id (&self->settle_source, g_source_remove);
}

/* ---- Icons: one render node per type, made at the size in use ---------------- */

static void
ensure_icons (AuraGraphView *self, int size)
{
  GtkIconTheme *theme;
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));

  if (self->icon_size == size)
    return;
  for (guint i = 0; i < AURA_ENTITY_N_TYPES; i++)
    for (guint dark = 0; dark < 2; dark++)
      g_clear_pointer (&self->icon_nodes[i][dark], gsk_render_node_unref);
  self->icon_size = size;
  theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (self)));
  for (guint i = 0; i < AURA_ENTITY_N_TYPES; i++)
    {
      g_autoptr (GtkIconPaintable) icon =
          gtk_icon_theme_lookup_icon (theme, aura_entity_type_get_icon_name (i), NULL, size, scale,
                                      gtk_widget_get_direction (GTK_WIDGET (self)), 0);

      for (guint dark = 0; dark < 2; dark++)
        {
          GtkSnapshot *snapshot = gtk_snapshot_new ();

          gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (icon), snapshot, size,
                                                    size, dark ? &black : &white, 1);
          self->icon_nodes[i][dark] = gtk_snapshot_free_to_node (snapshot);
        }
    }
}

/* ---- Edges ------------------------------------------------------------------------ */

typedef enum
{
  EDGE_DIM,
  EDGE_NORMAL,
  EDGE_NEAR, /* touches the selection */
  EDGE_PATH,
  EDGE_HOVER,
  N_EDGE_STYLES
} EdgeStyle;

static gboolean
on_path (AuraGraphView *self, guint s, guint t)
{
  guint ps, pt;

  if (!(self->flags[s] & NODE_ON_PATH) || !(self->flags[t] & NODE_ON_PATH))
    return FALSE;
  ps = GPOINTER_TO_UINT (g_hash_table_lookup (self->path_pos, GUINT_TO_POINTER (s)));
  pt = GPOINTER_TO_UINT (g_hash_table_lookup (self->path_pos, GUINT_TO_POINTER (t)));
  return ps + 1 == pt || pt + 1 == ps;
}

static EdgeStyle
edge_style (AuraGraphView *self, guint e, guint s, guint t)
{
  if ((gint)e == self->hover_edge)
    return EDGE_HOVER;
  if (self->path_len > 0 && on_path (self, s, t))
    return EDGE_PATH;
  if (!self->highlight_active)
    return EDGE_NORMAL;
  if ((self->flags[s] | self->flags[t]) & NODE_SELECTED)
    return EDGE_NEAR;
  return EDGE_DIM;
}

static void
edge_paint (AuraGraphView *self, EdgeStyle style, GdkRGBA *color, double *width)
{
  GdkRGBA fg = aura_graph_view_foreground (self);

  switch (style)
    {
      case EDGE_DIM:
        *color = with_alpha (&fg, 0.07f);
        *width = 1.0;
        break;
      case EDGE_NORMAL:
        *color = with_alpha (&fg, 0.28f);
        *width = 1.0;
        break;
      case EDGE_NEAR:
        *color = with_alpha (&accent, 0.85f);
        *width = 1.6;
        break;
      case EDGE_PATH:
        *color = path_color;
        *width = 3.0;
        break;
      case EDGE_HOVER:
      default:
        *color = accent;
        *width = 2.6;
        break;
    }
}

/* Sorts the visible edges that cross the widget by style into
 * self->edge_batch; @counts receives how many of each. */
static double
batch_edges (
    AuraGraphView *self, int width, int height, guint counts[N_EDGE_STYLES], guint8 **out_styles)
{
  double bulk_length = 0.0;
  AuraGraph *graph = self->graph;
  guint starts[N_EDGE_STYLES + 1] = { 0 };
  guint8 *styles = g_new (guint8, MAX (graph->n_edges, 1));
  guint n_kept = 0;

  memset (counts, 0, sizeof (guint) * N_EDGE_STYLES);
  for (guint e = 0; e < graph->n_edges; e++)
    {
      guint s = graph->edge_source[e], t = graph->edge_target[e];
      float ax = self->screen[2 * s], ay = self->screen[2 * s + 1];
      float bx = self->screen[2 * t], by = self->screen[2 * t + 1];

      styles[e] = 0xff;
      if (s == t || ((self->flags[s] | self->flags[t]) & NODE_INVISIBLE))
        continue;
      if (MAX (ax, bx) < 0 || MIN (ax, bx) > width || MAX (ay, by) < 0 || MIN (ay, by) > height)
        continue;
      /* Shorter than a pixel: it would not show. */
      if (fabsf (ax - bx) < 0.75f && fabsf (ay - by) < 0.75f)
        continue;
      styles[e] = (guint8)edge_style (self, e, s, t);
      counts[styles[e]]++;
      n_kept++;
      if (styles[e] <= EDGE_NORMAL)
        bulk_length += fabsf (ax - bx) + fabsf (ay - by);
    }
  for (guint k = 0; k < N_EDGE_STYLES; k++)
    starts[k + 1] = starts[k] + counts[k];
  g_array_set_size (self->edge_batch, n_kept);
  for (guint e = 0; e < graph->n_edges; e++)
    if (styles[e] != 0xff)
      g_array_index (self->edge_batch, guint, starts[styles[e]]++) = e;
  *out_styles = styles;
  return bulk_length;
}

/* Edges of styles @first..@last (batched, in self->edge_batch from
 * offset *@k) as cairo strokes, one per edge: one path of many long
 * crossing lines is far slower in cairo than separate strokes. */
static void
draw_edges_cairo (AuraGraphView *self,
                  GtkSnapshot *snapshot,
                  int width,
                  int height,
                  const guint counts[N_EDGE_STYLES],
                  guint first,
                  guint last,
                  guint *k)
{
  cairo_t *cr = NULL;

  for (guint style = first; style <= last; style++)
    {
      GdkRGBA color;
      double line_width;

      if (counts[style] == 0)
        continue;
      if (cr == NULL)
        {
          cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
          cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
        }
      edge_paint (self, style, &color, &line_width);
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_set_line_width (cr, line_width);
      for (guint end = *k + counts[style]; *k < end; (*k)++)
        {
          guint e = g_array_index (self->edge_batch, guint, *k);
          guint s = self->graph->edge_source[e], t = self->graph->edge_target[e];

          cairo_move_to (cr, self->screen[2 * s], self->screen[2 * s + 1]);
          cairo_line_to (cr, self->screen[2 * t], self->screen[2 * t + 1]);
          cairo_stroke (cr);
        }
    }
  g_clear_pointer (&cr, cairo_destroy);
}

static void
draw_edges_rects (AuraGraphView *self,
                  GtkSnapshot *snapshot,
                  const guint counts[N_EDGE_STYLES],
                  guint first,
                  guint last,
                  guint *k)
{
  for (guint style = first; style <= last; style++)
    {
      GdkRGBA color;
      double line_width;

      if (counts[style] == 0)
        continue;
      edge_paint (self, style, &color, &line_width);
      for (guint end = *k + counts[style]; *k < end; (*k)++)
        {
          guint e = g_array_index (self->edge_batch, guint, *k);
          guint s = self->graph->edge_source[e], t = self->graph->edge_target[e];
          float ax = self->screen[2 * s], ay = self->screen[2 * s + 1];
          float dx = self->screen[2 * t] - ax, dy = self->screen[2 * t + 1] - ay;
          float len = sqrtf (dx * dx + dy * dy);

          gtk_snapshot_save (snapshot);
          gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (ax, ay));
          gtk_snapshot_rotate (snapshot, atan2f (dy, dx) * (float)(180.0 / G_PI));
          gtk_snapshot_append_color (
              snapshot, &color,
              &GRAPHENE_RECT_INIT (0, (float)(-line_width / 2), len, (float)line_width));
          gtk_snapshot_restore (snapshot);
        }
    }
}

/* The end points of every visible edge, in edge order whatever their
 * style (so that a change of highlight leaves them alone), into
 * self->edge_xy; the last frame's go to self->edge_xy_last. Returns
 * whether they are the same as the last frame's: the view is still. */
static gboolean
edge_lines (AuraGraphView *self, const guint8 *styles, guint n, guint *out_n)
{
  float *xy;
  guint j = 0;

  /* Kept between frames: 16 bytes an edge would be a fresh mapping (and
   * its page faults) every frame. */
  if (self->edge_xy_size < n)
    {
      g_free (self->edge_xy);
      g_free (self->edge_xy_last);
      self->edge_xy_size = n;
      self->edge_xy = g_new (float, 4 * (gsize)n);
      self->edge_xy_last = g_new (float, 4 * (gsize)n);
      self->n_edge_xy_last = G_MAXUINT;
    }
  xy = self->edge_xy_last;
  self->edge_xy_last = self->edge_xy;
  self->edge_xy = xy;
  for (guint e = 0; e < self->graph->n_edges; e++)
    {
      guint s, t;

      if (styles[e] == 0xff)
        continue;
      s = self->graph->edge_source[e];
      t = self->graph->edge_target[e];
      xy[4 * j] = self->screen[2 * s];
      xy[4 * j + 1] = self->screen[2 * s + 1];
      xy[4 * j + 2] = self->screen[2 * t];
      xy[4 * j + 3] = self->screen[2 * t + 1];
      j++;
    }
  *out_n = j;
  return self->n_edge_xy_last == j &&
         (j == 0 || memcmp (self->edge_xy, self->edge_xy_last, sizeof (float) * 4 * (gsize)j) == 0);
}

static gboolean
settle_cb (gpointer data)
{
  AuraGraphView *self = data;

  self->settle_source = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

#define RASTER_QUANTUM 64 /* px: the raster's size moves by steps of this */

/* The part of the widget the raster covers (x, y, width, height, in
 * widget pixels): around the end points of the lines and the shown nodes,
 * so that a fitted graph that fills half the window costs half the pixels
 * to colour and paint; sized up to RASTER_QUANTUM so that small moves keep
 * the same buffers. */
static void
raster_region (
    AuraGraphView *self, GArray *shown, guint n_lines, int width, int height, int rect[4])
{
  const float *xy = self->edge_xy;
  float x0 = G_MAXFLOAT, y0 = G_MAXFLOAT, x1 = -G_MAXFLOAT, y1 = -G_MAXFLOAT;
  float margin = (float)MAX (self->max_radius * self->zoom, DISC_MIN_RADIUS) + 2.0f;
  int ix0, iy0, w, h;

  for (guint j = 0; j < 2 * n_lines; j++)
    {
      x0 = MIN (x0, xy[2 * j]);
      x1 = MAX (x1, xy[2 * j]);
      y0 = MIN (y0, xy[2 * j + 1]);
      y1 = MAX (y1, xy[2 * j + 1]);
    }
  for (guint j = 0; j < shown->len; j++)
    {
      guint i = g_array_index (shown, guint, j);

      x0 = MIN (x0, self->screen[2 * i] - margin);
      x1 = MAX (x1, self->screen[2 * i] + margin);
      y0 = MIN (y0, self->screen[2 * i + 1] - margin);
      y1 = MAX (y1, self->screen[2 * i + 1] + margin);
    }
  ix0 = (int)floorf (CLAMP (x0 - 1.0f, 0.0f, (float)width));
  iy0 = (int)floorf (CLAMP (y0 - 1.0f, 0.0f, (float)height));
  w = (int)ceilf (CLAMP (x1 + 1.0f, 0.0f, (float)width)) - ix0;
  h = (int)ceilf (CLAMP (y1 + 1.0f, 0.0f, (float)height)) - iy0;
  w = MIN ((MAX (w, 1) + RASTER_QUANTUM - 1) / RASTER_QUANTUM * RASTER_QUANTUM, width);
  h = MIN ((MAX (h, 1) + RASTER_QUANTUM - 1) / RASTER_QUANTUM * RASTER_QUANTUM, height);
  rect[0] = MIN (ix0, width - w);
  rect[1] = MIN (iy0, height - h);
  rect[2] = w;
  rect[3] = h;
}

/* Every visible edge as a one-pixel line in the raster, coloured as the
 * dim or normal ones; the highlighted ones are drawn again over it. The
 * lines are drawn only when they moved since the last frame: a change of
 * selection, hover or search only colours them again. While the view
 * moves (a drag, a zoom, the layout running), many lines go at half
 * resolution; once it rests for SETTLE_MS, they are drawn again in full. */
static AuraRaster *
draw_edges_raster (AuraGraphView *self,
                   const guint8 *styles,
                   const guint counts[N_EDGE_STYLES],
                   double bulk_length,
                   GArray *shown,
                   int width,
                   int height,
                   guint *k)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  guint n = 0;
  gboolean still, half, moved;
  GdkRGBA color;
  double line_width;
  int rect[4];

  for (guint style = 0; style < N_EDGE_STYLES; style++)
    n += counts[style];
  still = edge_lines (self, styles, n, &n);
  self->n_edge_xy_last = n;
  half = bulk_length > RASTER_HALF_PX && !still;
  self->half_lines = half;
  raster_region (self, shown, n, width, height, rect);
  if (self->raster == NULL || !aura_raster_reuse (self->raster, rect[2], rect[3], scale, half))
    {
      g_clear_pointer (&self->raster, aura_raster_free);
      self->raster = aura_raster_new (rect[2], rect[3], scale, half);
    }
  moved = aura_raster_set_origin (self->raster, rect[0], rect[1]);
  if (!still || moved || !aura_raster_has_lines (self->raster))
    {
      aura_raster_clear_lines (self->raster);
      aura_raster_lines (self->raster, self->edge_xy, n);
      self->n_line_draws++;
    }
  if (half)
    {
      g_clear_handle_id (&self->settle_source, g_source_remove);
      self->settle_source = g_timeout_add (SETTLE_MS, settle_cb, self);
    }
  edge_paint (self, self->highlight_active ? EDGE_DIM : EDGE_NORMAL, &color, &line_width);
  aura_raster_colorize (self->raster, &color);
  *k += counts[EDGE_DIM] + counts[EDGE_NORMAL];
  return self->raster;
}

/* The highlighted edges (selection, path, hover: batched after the
 * others) as antialiased lines of their width into @raster. */
static void
draw_edges_wide (AuraGraphView *self,
                 AuraRaster *raster,
                 const guint counts[N_EDGE_STYLES],
                 guint *k)
{
  for (guint style = EDGE_NEAR; style <= EDGE_HOVER; style++)
    {
      GdkRGBA color;
      double line_width;

      if (counts[style] == 0)
        continue;
      edge_paint (self, style, &color, &line_width);
      for (guint end = *k + counts[style]; *k < end; (*k)++)
        {
          guint e = g_array_index (self->edge_batch, guint, *k);
          guint s = self->graph->edge_source[e], t = self->graph->edge_target[e];

          aura_raster_wide_line (raster, self->screen[2 * s], self->screen[2 * s + 1],
                                 self->screen[2 * t], self->screen[2 * t + 1], (float)line_width,
                                 &color);
        }
    }
}

/* ---- Nodes ------------------------------------------------------------------------- */

static void
append_disc (GtkSnapshot *snapshot, float cx, float cy, float r, const GdkRGBA *color)
{
  GskRoundedRect disc;
  float widths[4] = { r, r, r, r };
  GdkRGBA colors[4] = { *color, *color, *color, *color };

  gsk_rounded_rect_init_from_rect (&disc, &GRAPHENE_RECT_INIT (cx - r, cy - r, 2 * r, 2 * r), r);
  gtk_snapshot_append_border (snapshot, &disc, widths, colors);
}

static void
append_ring (GtkSnapshot *snapshot, float cx, float cy, float r, float w, const GdkRGBA *color)
{
  GskRoundedRect ring;
  float widths[4] = { w, w, w, w };
  GdkRGBA colors[4] = { *color, *color, *color, *color };

  gsk_rounded_rect_init_from_rect (&ring, &GRAPHENE_RECT_INIT (cx - r, cy - r, 2 * r, 2 * r), r);
  gtk_snapshot_append_border (snapshot, &ring, widths, colors);
}

static gboolean
dimmed (AuraGraphView *self, guint i)
{
  return self->highlight_active &&
         !(self->flags[i] & (NODE_SELECTED | NODE_NEIGHBOUR | NODE_ON_PATH | NODE_MATCH));
}

static float
screen_radius (AuraGraphView *self, guint i)
{
  return MAX ((float)(self->radius[i] * self->zoom), 1.2f);
}

static gboolean
is_tiny (AuraGraphView *self, guint i)
{
  return screen_radius (self, i) < DISC_MIN_RADIUS &&
         !(self->flags[i] & (NODE_SELECTED | NODE_MATCH | NODE_ON_PATH));
}

/* A disc with nothing on or around it (no ring, icon, pin mark or label),
 * which the raster can paint as well as GTK: below the label size, and
 * neither selected, matching, on the path, a neighbour, pinned nor
 * hovered. */
static gboolean
is_small_plain (AuraGraphView *self, guint i)
{
  return screen_radius (self, i) < LABEL_MIN_RADIUS && (gint)i != self->hover_node &&
         !(self->flags[i] &
           (NODE_SELECTED | NODE_MATCH | NODE_ON_PATH | NODE_NEIGHBOUR | NODE_PINNED));
}

static GdkRGBA
node_color (AuraGraphView *self, guint i)
{
  GdkRGBA color = *aura_graph_view_node_base_color (self, i);

  if (dimmed (self, i))
    color.alpha = 0.25f;
  return color;
}

static void
draw_node (AuraGraphView *self, GtkSnapshot *snapshot, guint i, int icon_size)
{
  float cx = self->screen[2 * i], cy = self->screen[2 * i + 1];
  float r = screen_radius (self, i);
  guint8 f = self->flags[i];
  GdkRGBA color = node_color (self, i);

  if (is_tiny (self, i))
    {
      gtk_snapshot_append_color (snapshot, &color,
                                 &GRAPHENE_RECT_INIT (cx - r, cy - r, 2 * r, 2 * r));
      return;
    }
  r = MAX (r, (float)DISC_MIN_RADIUS);
  if (f & NODE_MATCH)
    append_ring (snapshot, cx, cy, r + 6, 3, &match_color);
  append_disc (snapshot, cx, cy, r, &color);
  if (f & NODE_SELECTED)
    append_ring (snapshot, cx, cy, r + 3, 2.5f, &accent);
  else if (f & NODE_ON_PATH)
    append_ring (snapshot, cx, cy, r + 3, 2.5f, &path_color);
  if (icon_size > 0 && r >= ICON_MIN_RADIUS && color.alpha == 1.0f)
    {
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot,
                              &GRAPHENE_POINT_INIT (cx - icon_size / 2.0f, cy - icon_size / 2.0f));
      gtk_snapshot_append_node (snapshot, self->icon_nodes[self->graph->types[i]][gdk_rgba_equal (
                                              aura_graph_view_icon_color (&color), &black)]);
      gtk_snapshot_restore (snapshot);
    }
  if (f & NODE_PINNED)
    {
      GdkRGBA fg = aura_graph_view_foreground (self);

      append_disc (snapshot, cx + r * 0.75f, cy - r * 0.75f, MAX (r * 0.22f, 2.0f), &fg);
    }
}

static PangoLayout *
node_label (AuraGraphView *self, guint i)
{
  if (self->labels[i] == NULL)
    {
      PangoLayout *layout =
          gtk_widget_create_pango_layout (GTK_WIDGET (self), self->graph->labels[i]);

      pango_layout_set_width (layout, LABEL_MAX_WIDTH * PANGO_SCALE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_MIDDLE);
      pango_layout_set_single_paragraph_mode (layout, TRUE);
      pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
      self->labels[i] = layout;
    }
  return self->labels[i];
}

static void
draw_label (AuraGraphView *self, GtkSnapshot *snapshot, guint i, const GdkRGBA *fg)
{
  PangoLayout *layout = node_label (self, i);
  float r = MAX (screen_radius (self, i), (float)DISC_MIN_RADIUS);
  GdkRGBA color = dimmed (self, i) ? with_alpha (fg, 0.35f) : *fg;

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT (self->screen[2 * i] - LABEL_MAX_WIDTH / 2.0f,
                                                self->screen[2 * i + 1] + r + 3));
  gtk_snapshot_append_layout (snapshot, layout, &color);
  gtk_snapshot_restore (snapshot);
}

static void
project (AuraGraphView *self)
{
  guint n = self->graph->n_nodes;

  for (guint i = 0; i < n; i++)
    {
      self->screen[2 * i] = (float)(self->positions[i].x * self->zoom + self->tx);
      self->screen[2 * i + 1] = (float)(self->positions[i].y * self->zoom + self->ty);
    }
}

/* Draws the nodes in the grid cells that meet the widget; returns how many
 * labels are wanted in @labelled (visible nodes big enough). */
static void
collect_nodes (AuraGraphView *self, int width, int height, GArray *shown)
{
  const NodeGrid *grid = &self->grid;
  double wx0, wy0, wx1, wy1, reach = self->max_radius + 8.0 / self->zoom;
  gint cx0, cy0, cx1, cy1;

  aura_graph_view_ensure_grid (self);
  aura_graph_view_view_to_world (self, 0, 0, &wx0, &wy0);
  aura_graph_view_view_to_world (self, width, height, &wx1, &wy1);
  cx0 = MAX ((gint)floor ((wx0 - reach - grid->x0) / grid->cell), 0);
  cy0 = MAX ((gint)floor ((wy0 - reach - grid->y0) / grid->cell), 0);
  cx1 = MIN ((gint)floor ((wx1 + reach - grid->x0) / grid->cell), (gint)grid->cols - 1);
  cy1 = MIN ((gint)floor ((wy1 + reach - grid->y0) / grid->cell), (gint)grid->rows - 1);
  for (gint cy = cy0; cy <= cy1; cy++)
    for (gint cx = cx0; cx <= cx1; cx++)
      {
        guint c = (guint)cy * grid->cols + (guint)cx;

        for (guint k = grid->cell_start[c]; k < grid->cell_start[c + 1]; k++)
          {
            guint i = grid->cell_nodes[k];
            float x = self->screen[2 * i], y = self->screen[2 * i + 1];
            float r = screen_radius (self, i) + 8;

            if (self->flags[i] & NODE_INVISIBLE)
              continue;
            if (x + r < 0 || y + r < 0 || x - r > width || y - r > height)
              continue;
            g_array_append_val (shown, i);
          }
      }
}

/* Draws the nodes of @shown and keeps in @labelled those big enough for a
 * label. */
static void
draw_nodes (AuraGraphView *self, GtkSnapshot *snapshot, GArray *shown, GArray *labelled)
{
  int icon_size = 0;
  double unit_px = self->unit * self->zoom;

  if (unit_px * 1.3 >= ICON_MIN_RADIUS)
    {
      icon_size = CLAMP ((int)(unit_px * 1.2) / 2 * 2, 10, 48);
      ensure_icons (self, icon_size);
    }
  for (guint k = 0; k < shown->len; k++)
    {
      guint i = g_array_index (shown, guint, k);

      draw_node (self, snapshot, i, icon_size);
      if (screen_radius (self, i) >= LABEL_MIN_RADIUS ||
          (self->flags[i] & (NODE_SELECTED | NODE_MATCH)) || (gint)i == self->hover_node)
        g_array_append_val (labelled, i);
    }
}

/* Labels of selected, matching and hovered nodes first, then of the
 * biggest nodes. */
static int
label_order (gconstpointer a, gconstpointer b, gpointer data)
{
  AuraGraphView *self = data;
  guint i = *(const guint *)a, j = *(const guint *)b;
  gboolean pi = (self->flags[i] & (NODE_SELECTED | NODE_MATCH)) || (gint)i == self->hover_node;
  gboolean pj = (self->flags[j] & (NODE_SELECTED | NODE_MATCH)) || (gint)j == self->hover_node;

  if (pi != pj)
    return pi ? -1 : 1;
  if (self->radius[i] != self->radius[j])
    return self->radius[i] > self->radius[j] ? -1 : 1;
  return i < j ? -1 : i > j;
}

#define LABEL_CELL 6 /* px: the occupancy grid that keeps labels apart */

/* Draws at most MAX_LABELS labels, skipping any that would overlap one
 * already drawn (except those of selected, matching or hovered nodes). */
static void
draw_labels (AuraGraphView *self, GtkSnapshot *snapshot, GArray *labelled, int width, int height)
{
  GdkRGBA fg = aura_graph_view_foreground (self);
  int cols = width / LABEL_CELL + 1, rows = height / LABEL_CELL + 1;
  g_autofree guint8 *used = g_new0 (guint8, (gsize)cols * rows);
  guint drawn = 0;

  g_array_sort_with_data (labelled, label_order, self);
  for (guint k = 0; k < labelled->len && drawn < MAX_LABELS; k++)
    {
      guint i = g_array_index (labelled, guint, k);
      gboolean forced =
          (self->flags[i] & (NODE_SELECTED | NODE_MATCH)) || (gint)i == self->hover_node;
      PangoLayout *layout = node_label (self, i);
      PangoRectangle logical;
      float r = MAX (screen_radius (self, i), (float)DISC_MIN_RADIUS);
      int x0, y0, x1, y1;
      gboolean free_space = TRUE;

      pango_layout_get_pixel_extents (layout, NULL, &logical);
      x0 = (int)(self->screen[2 * i] - LABEL_MAX_WIDTH / 2.0f) + logical.x;
      y0 = (int)(self->screen[2 * i + 1] + r + 3) + logical.y;
      x1 = x0 + logical.width;
      y1 = y0 + logical.height;
      if (x1 < 0 || y1 < 0 || x0 > width || y0 > height)
        continue;
      x0 = CLAMP (x0, 0, width) / LABEL_CELL;
      x1 = CLAMP (x1, 0, width) / LABEL_CELL;
      y0 = CLAMP (y0, 0, height) / LABEL_CELL;
      y1 = CLAMP (y1, 0, height) / LABEL_CELL;
      for (int y = y0; y <= y1 && free_space && !forced; y++)
        for (int x = x0; x <= x1 && free_space; x++)
          free_space = !used[y * cols + x];
      if (!free_space)
        continue;
      for (int y = y0; y <= y1; y++)
        memset (used + y * cols + x0, 1, (gsize)(x1 - x0 + 1));
      draw_label (self, snapshot, i, &fg);
      drawn++;
    }
}

/* ---- The scene --------------------------------------------------------------------- */

static void
draw_rubber_band (AuraGraphView *self, GtkSnapshot *snapshot)
{
  graphene_rect_t rect;
  GskRoundedRect frame;
  GdkRGBA fill = with_alpha (&accent, 0.15f);
  float widths[4] = { 1, 1, 1, 1 };
  GdkRGBA colors[4] = { accent, accent, accent, accent };

  graphene_rect_init (
      &rect, (float)MIN (self->press_x, self->drag_x), (float)MIN (self->press_y, self->drag_y),
      (float)fabs (self->drag_x - self->press_x), (float)fabs (self->drag_y - self->press_y));
  gtk_snapshot_append_color (snapshot, &fill, &rect);
  gsk_rounded_rect_init_from_rect (&frame, &rect, 0);
  gtk_snapshot_append_border (snapshot, &frame, widths, colors);
}

/* Whether the bulk of the edges (and the tiny nodes) go through a raster:
 * always in RASTER mode; in AUTO mode when they would be long to stroke,
 * or when thousands of nodes are dots. */
static gboolean
use_raster (AuraGraphView *self, double bulk_length, guint n_shown)
{
  switch (self->edge_mode)
    {
      case AURA_GRAPH_EDGES_RASTER:
        return TRUE;
      case AURA_GRAPH_EDGES_AUTO:
        return bulk_length > AUTO_MAX_STROKE_PX ||
               (n_shown > AUTO_MAX_DOTS && self->unit * self->zoom < DISC_MIN_RADIUS);
      case AURA_GRAPH_EDGES_CAIRO:
      case AURA_GRAPH_EDGES_RECTS:
      default:
        return FALSE;
    }
}

void
aura_graph_view_snapshot_scene (AuraGraphView *self, GtkSnapshot *snapshot, int width, int height)
{
  g_autoptr (GArray) labelled = NULL;
  g_autoptr (GArray) shown = NULL;
  g_autofree guint8 *styles = NULL;
  guint counts[N_EDGE_STYLES];
  AuraRaster *raster = NULL;
  double bulk_length;
  guint k = 0;

  if (self->graph == NULL || self->graph->n_nodes == 0 || width <= 0 || height <= 0)
    return;
  project (self);
  bulk_length = batch_edges (self, width, height, counts, &styles);
  shown = g_array_new (FALSE, FALSE, sizeof (guint));
  collect_nodes (self, width, height, shown);
  if (use_raster (self, bulk_length, shown->len))
    raster = draw_edges_raster (self, styles, counts, bulk_length, shown, width, height, &k);
  else
    {
      /* The raster's lines, if any, are not the last frame's any more. */
      self->n_edge_xy_last = G_MAXUINT;
      if (self->edge_mode == AURA_GRAPH_EDGES_RECTS)
        draw_edges_rects (self, snapshot, counts, EDGE_DIM, EDGE_NORMAL, &k);
      else
        draw_edges_cairo (self, snapshot, width, height, counts, EDGE_DIM, EDGE_NORMAL, &k);
    }
  labelled = g_array_new (FALSE, FALSE, sizeof (guint));
  if (raster != NULL)
    {
      /* The highlighted edges over the others, then dots and small plain
       * discs, all into the raster, which goes under everything else. */
      g_autoptr (GArray) rest = g_array_new (FALSE, FALSE, sizeof (guint));

      draw_edges_wide (self, raster, counts, &k);

      for (guint j = 0; j < shown->len; j++)
        {
          guint i = g_array_index (shown, guint, j);
          GdkRGBA color;

          if (!is_tiny (self, i) && !is_small_plain (self, i))
            {
              g_array_append_val (rest, i);
              continue;
            }
          color = node_color (self, i);
          if (is_tiny (self, i))
            aura_raster_square (raster, self->screen[2 * i], self->screen[2 * i + 1],
                                screen_radius (self, i), &color);
          else
            aura_raster_disc (raster, self->screen[2 * i], self->screen[2 * i + 1],
                              MAX (screen_radius (self, i), (float)DISC_MIN_RADIUS), &color);
        }
      aura_raster_append (raster, snapshot);
      raster = NULL;
      g_array_unref (shown);
      shown = g_steal_pointer (&rest);
      /* The nodes that are more than dots. */
      draw_nodes (self, snapshot, shown, labelled);
    }
  else
    {
      if (self->edge_mode == AURA_GRAPH_EDGES_RECTS)
        draw_edges_rects (self, snapshot, counts, EDGE_NEAR, EDGE_HOVER, &k);
      else
        draw_edges_cairo (self, snapshot, width, height, counts, EDGE_NEAR, EDGE_HOVER, &k);
      draw_nodes (self, snapshot, shown, labelled);
    }
  draw_labels (self, snapshot, labelled, width, height);
  if (self->drag_mode == DRAG_RUBBER)
    draw_rubber_band (self, snapshot);
  if (aura_graph_view_has_minimap (self))
    aura_graph_view_draw_minimap (self, snapshot, width, height);
}
