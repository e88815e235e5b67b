/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-app"
#include "config.h"

#include <cairo-svg.h>
#include <glib/gi18n.h>
#include <math.h>

#include "aura-graph-view-private.h"

/* The graph canvas's minimap (a small texture of dots with the visible
 * rectangle, in a corner of big graphs) and the export of the view as a
 * texture, PNG or SVG. */

static const GdkRGBA accent = AURA_GRAPH_ACCENT;

/* ---- Minimap geometry --------------------------------------------------- */

#define MINIMAP_MIN_NODES 60
#define MINIMAP_W 180.0f
#define MINIMAP_H 120.0f
#define MINIMAP_MARGIN 12.0f

gboolean
aura_graph_view_has_minimap (AuraGraphView *self)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));

  return view_n_nodes (self) >= MINIMAP_MIN_NODES && w >= 3 * MINIMAP_W && h >= 2.5 * MINIMAP_H;
}

void
aura_graph_view_get_minimap_rect (AuraGraphView *self, graphene_rect_t *out_rect)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));

  graphene_rect_init (out_rect, w - MINIMAP_W - MINIMAP_MARGIN, h - MINIMAP_H - MINIMAP_MARGIN,
                      MINIMAP_W, MINIMAP_H);
}

void
aura_graph_view_minimap_to_world (
    AuraGraphView *self, double x, double y, double *out_wx, double *out_wy)
{
  graphene_rect_t rect;

  aura_graph_view_get_minimap_rect (self, &rect);
  *out_wx = (x - rect.origin.x - self->mm_ox) / self->mm_scale;
  *out_wy = (y - rect.origin.y - self->mm_oy) / self->mm_scale;
}

/* ---- Minimap ----------------------------------------------------------------------- */

static void
update_minimap (AuraGraphView *self)
{
  guint n = self->graph->n_nodes;
  int mw = 180, mh = 120;
  float x0 = G_MAXFLOAT, y0 = G_MAXFLOAT, x1 = -G_MAXFLOAT, y1 = -G_MAXFLOAT;
  g_autofree guint8 *pixels = g_new0 (guint8, mw * mh * 4);
  g_autoptr (GBytes) bytes = NULL;
  double bw, bh;

  for (guint i = 0; i < n; i++)
    {
      if (self->flags[i] & NODE_INVISIBLE)
        continue;
      x0 = MIN (x0, self->positions[i].x);
      y0 = MIN (y0, self->positions[i].y);
      x1 = MAX (x1, self->positions[i].x);
      y1 = MAX (y1, self->positions[i].y);
    }
  if (x0 > x1)
    x0 = y0 = x1 = y1 = 0.0f;
  bw = MAX (x1 - x0, 1e-3);
  bh = MAX (y1 - y0, 1e-3);
  self->mm_scale = MIN ((mw - 12) / bw, (mh - 12) / bh);
  self->mm_ox = mw / 2.0 - (x0 + x1) / 2.0 * self->mm_scale;
  self->mm_oy = mh / 2.0 - (y0 + y1) / 2.0 * self->mm_scale;
  /* Straight into the pixels: a dot per node, 2 × 2, premultiplied. */
  for (guint i = 0; i < n; i++)
    {
      const GdkRGBA *c = aura_graph_view_node_base_color (self, i);
      int px, py;

      if (self->flags[i] & NODE_INVISIBLE)
        continue;
      px = (int)(self->positions[i].x * self->mm_scale + self->mm_ox);
      py = (int)(self->positions[i].y * self->mm_scale + self->mm_oy);
      for (int dy = 0; dy < 2; dy++)
        for (int dx = 0; dx < 2; dx++)
          {
            int x = CLAMP (px + dx, 0, mw - 1), y = CLAMP (py + dy, 0, mh - 1);
            guint8 *p = pixels + (y * mw + x) * 4;

            p[0] = (guint8)(c->red * 255);
            p[1] = (guint8)(c->green * 255);
            p[2] = (guint8)(c->blue * 255);
            p[3] = 255;
          }
    }
  bytes = g_bytes_new_take (g_steal_pointer (&pixels), mw * mh * 4);
  g_clear_object (&self->minimap);
  self->minimap = gdk_memory_texture_new (mw, mh, GDK_MEMORY_R8G8B8A8_PREMULTIPLIED, bytes, mw * 4);
  self->minimap_dirty = FALSE;
}

void
aura_graph_view_draw_minimap (AuraGraphView *self, GtkSnapshot *snapshot, int width, int height)
{
  graphene_rect_t rect, view;
  GskRoundedRect card;
  GdkRGBA fg = aura_graph_view_foreground (self);
  GdkRGBA background = { 0.5f, 0.5f, 0.5f, 0.12f };
  double wx0, wy0, wx1, wy1;
  float border[4] = { 1, 1, 1, 1 };
  GdkRGBA accents[4] = { accent, accent, accent, accent };
  GskRoundedRect frame;

  if (self->minimap_dirty || self->minimap == NULL)
    update_minimap (self);
  aura_graph_view_get_minimap_rect (self, &rect);
  gsk_rounded_rect_init_from_rect (&card, &rect, 8);
  gtk_snapshot_push_rounded_clip (snapshot, &card);
  gtk_snapshot_append_color (snapshot, &background, &rect);
  gtk_snapshot_append_texture (snapshot, self->minimap, &rect);
  aura_graph_view_view_to_world (self, 0, 0, &wx0, &wy0);
  aura_graph_view_view_to_world (self, width, height, &wx1, &wy1);
  graphene_rect_init (&view, (float)(rect.origin.x + wx0 * self->mm_scale + self->mm_ox),
                      (float)(rect.origin.y + wy0 * self->mm_scale + self->mm_oy),
                      (float)((wx1 - wx0) * self->mm_scale), (float)((wy1 - wy0) * self->mm_scale));
  gsk_rounded_rect_init_from_rect (&frame, &view, 0);
  gtk_snapshot_append_border (snapshot, &frame, border, accents);
  gtk_snapshot_pop (snapshot);
  fg.alpha = 0.15f;
  {
    GdkRGBA edges[4] = { fg, fg, fg, fg };

    gtk_snapshot_append_border (snapshot, &card, border, edges);
  }
}

/* ---- Export ------------------------------------------------------------------------- */

/* The scene over the window's background colour, as a render node. */
static GskRenderNode *
scene_node (AuraGraphView *self, int width, int height)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GdkRGBA background = { 1, 1, 1, 1 };

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_lookup_color (gtk_widget_get_style_context (GTK_WIDGET (self)),
                                  "window_bg_color", &background);
  G_GNUC_END_IGNORE_DEPRECATIONS
  gtk_snapshot_append_color (snapshot, &background, &GRAPHENE_RECT_INIT (0, 0, width, height));
  aura_graph_view_snapshot_scene (self, snapshot, width, height);
  return gtk_snapshot_free_to_node (snapshot);
}

GdkTexture *
aura_graph_view_render_texture (AuraGraphView *self)
{
  g_autoptr (GskRenderNode) node = NULL;
  GtkNative *native;
  int width, height;

  g_return_val_if_fail (AURA_IS_GRAPH_VIEW (self), NULL);

  native = gtk_widget_get_native (GTK_WIDGET (self));
  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  if (native == NULL || gtk_native_get_renderer (native) == NULL || width <= 0 || height <= 0)
    return NULL;
  node = scene_node (self, width, height);
  return gsk_renderer_render_texture (gtk_native_get_renderer (native), node,
                                      &GRAPHENE_RECT_INIT (0, 0, width, height));
}

gboolean
aura_graph_view_save_png (AuraGraphView *self, const char *path, GError **error)
{
  g_autoptr (GdkTexture) texture = NULL;

  g_return_val_if_fail (AURA_IS_GRAPH_VIEW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  texture = aura_graph_view_render_texture (self);
  if (texture == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                           _ ("The graph is not shown yet: open it in a window, then export"));
      return FALSE;
    }
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _ ("Could not write “%s”: check that the folder exists and is writable"), name);
      return FALSE;
    }
  return TRUE;
}

gboolean
aura_graph_view_save_svg (AuraGraphView *self, const char *path, GError **error)
{
  g_autoptr (GskRenderNode) node = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  int width, height;

  g_return_val_if_fail (AURA_IS_GRAPH_VIEW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  if (width <= 0 || height <= 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                           _ ("The graph is not shown yet: open it in a window, then export"));
      return FALSE;
    }
  /* The same render nodes as on screen, replayed on a cairo SVG surface:
   * colours, borders and text become vector shapes, the edge layer its
   * recorded path; icons are embedded images. */
  node = scene_node (self, width, height);
  surface = cairo_svg_surface_create (path, width, height);
  cr = cairo_create (surface);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _ ("Could not write “%s”: %s"), name,
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}
