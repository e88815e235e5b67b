/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-app"
#include "config.h"

#include <math.h>
#include <string.h>

#include "aura-graph-view-private.h"

/* The far level of detail: when thousands of edges cross the view, they
 * are drawn as one-pixel lines into a coverage buffer (each line adds one
 * to the pixels it crosses), turned into colour once (alpha 1 − (1 − a)^n
 * for n lines on a pixel), and nodes too small to be discs are squares
 * painted into the same pixels; one cairo node paints the result. At
 * 50,000 edges of a fitted 10,000-node grid (tests/bench), cairo needs
 * seconds a frame for as many long lines (one path: minutes), GTK's
 * rotated colour nodes about three seconds; this takes tens of
 * milliseconds (app/README.md, "Graph"). */

struct _AuraRaster
{
  int width, height; /* device pixels */
  float scale;
  guint8 *coverage;
  cairo_surface_t *surface; /* the colour, CAIRO_FORMAT_ARGB32 */
  guint32 *pixels;          /* its data: native-endian premultiplied ARGB */
  int stride;               /* in pixels */
};

AuraRaster *
aura_raster_new (int width, int height, float scale)
{
  AuraRaster *raster = g_new0 (AuraRaster, 1);

  raster->scale = scale;
  raster->width = MAX ((int)ceilf (width * scale), 1);
  raster->height = MAX ((int)ceilf (height * scale), 1);
  raster->coverage = g_malloc0 ((gsize)raster->width * raster->height);
  return raster;
}

void
aura_raster_free (AuraRaster *raster)
{
  g_free (raster->coverage);
  g_clear_pointer (&raster->surface, cairo_surface_destroy);
  g_free (raster);
}

/* Clips the segment to the buffer (Liang–Barsky); FALSE when it misses. */
static gboolean
clip (const AuraRaster *raster, float *x0, float *y0, float *x1, float *y1)
{
  float t0 = 0.0f, t1 = 1.0f, dx = *x1 - *x0, dy = *y1 - *y0;
  float p[4] = { -dx, dx, -dy, dy };
  float q[4] = { *x0, raster->width - 1 - *x0, *y0, raster->height - 1 - *y0 };

  for (int k = 0; k < 4; k++)
    {
      if (p[k] == 0.0f)
        {
          if (q[k] < 0.0f)
            return FALSE;
          continue;
        }
      float t = q[k] / p[k];

      if (p[k] < 0.0f)
        t0 = MAX (t0, t);
      else
        t1 = MIN (t1, t);
      if (t0 > t1)
        return FALSE;
    }
  *x1 = *x0 + t1 * dx;
  *y1 = *y0 + t1 * dy;
  *x0 = *x0 + t0 * dx;
  *y0 = *y0 + t0 * dy;
  return TRUE;
}

/* A one-pixel line in widget coordinates, stepped along its major axis in
 * 16.16 fixed point. */
void
aura_raster_line (AuraRaster *raster, float x0, float y0, float x1, float y1)
{
  float s = raster->scale;
  gint32 x, y, sx, sy;
  int steps;

  x0 *= s;
  y0 *= s;
  x1 *= s;
  y1 *= s;
  if (!clip (raster, &x0, &y0, &x1, &y1))
    return;
  steps = (int)MAX (fabsf (x1 - x0), fabsf (y1 - y0));
  x = (gint32)(x0 * 65536.0f);
  y = (gint32)(y0 * 65536.0f);
  sx = steps > 0 ? (gint32)((x1 - x0) * 65536.0f / steps) : 0;
  sy = steps > 0 ? (gint32)((y1 - y0) * 65536.0f / steps) : 0;
  for (int k = 0; k <= steps; k++, x += sx, y += sy)
    {
      guint px = (guint)(x >> 16), py = (guint)(y >> 16);
      guint8 *c;

      /* Rounding may step a hair outside: such pixels are dropped. */
      if (px >= (guint)raster->width || py >= (guint)raster->height)
        continue;
      c = &raster->coverage[(gsize)py * raster->width + px];
      *c += *c != 255;
    }
}

static guint32
premultiplied (const GdkRGBA *color, double alpha)
{
  guint32 a = (guint32)(alpha * 255.0 + 0.5);

  return a << 24 | (guint32)(color->red * alpha * 255.0 + 0.5) << 16 |
         (guint32)(color->green * alpha * 255.0 + 0.5) << 8 |
         (guint32)(color->blue * alpha * 255.0 + 0.5);
}

/* Turns the line coverage into pixels of @color, whose alpha is what one
 * line gives. */
void
aura_raster_colorize (AuraRaster *raster, const GdkRGBA *color)
{
  guint32 table[256];
  gsize n = (gsize)raster->width * raster->height;

  for (int k = 0; k < 256; k++)
    table[k] = premultiplied (color, 1.0 - pow (1.0 - color->alpha, k));
  raster->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, raster->width, raster->height);
  raster->pixels = (guint32 *)cairo_image_surface_get_data (raster->surface);
  raster->stride = cairo_image_surface_get_stride (raster->surface) / 4;
  for (int y = 0; y < raster->height; y++)
    {
      const guint8 *c = raster->coverage + (gsize)y * raster->width;
      guint32 *p = raster->pixels + (gsize)y * raster->stride;

      for (int x = 0; x < raster->width; x++)
        p[x] = table[c[x]];
    }
  (void)n;
}

/* A filled square over what is there (source over). */
void
aura_raster_square (AuraRaster *raster, float cx, float cy, float r, const GdkRGBA *color)
{
  float s = raster->scale;
  int x0 = MAX ((int)floorf ((cx - r) * s), 0), x1 = MIN ((int)ceilf ((cx + r) * s), raster->width);
  int y0 = MAX ((int)floorf ((cy - r) * s), 0),
      y1 = MIN ((int)ceilf ((cy + r) * s), raster->height);
  guint32 src = premultiplied (color, color->alpha);
  guint32 keep = 255 - (src >> 24);

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        guint32 *p = &raster->pixels[(gsize)y * raster->stride + x];

        if (keep == 0)
          *p = src;
        else
          {
            guint32 d = *p, out = 0;

            for (int shift = 0; shift < 32; shift += 8)
              out |= (((src >> shift) & 0xff) + (((d >> shift) & 0xff) * keep + 127) / 255)
                     << shift;
            *p = out;
          }
      }
}

/* The pixels go in as a cairo node that paints them once: in GTK 4.8 a
 * memory texture of the window's size costs the cairo renderer about
 * 40 ms of format conversion a frame, this blit about one. */
void
aura_raster_append (AuraRaster *raster, GtkSnapshot *snapshot, int width, int height)
{
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  cairo_surface_mark_dirty (raster->surface);
  cairo_scale (cr, 1.0 / raster->scale, 1.0 / raster->scale);
  cairo_set_source_surface (cr, raster->surface, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_paint (cr);
  cairo_destroy (cr);
}
