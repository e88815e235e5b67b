/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-app"
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "aura-graph-view-private.h"

/* The far level of detail: when thousands of edges cross the view, they
 * are drawn as one-pixel lines into coverage buffers (each line adds one
 * to the pixels it crosses), turned into colour once (alpha 1 − (1 − a)^n
 * for n lines on a pixel), and nodes too small for their own render node
 * (squares below 2.5 px, small discs) are painted into the same pixels;
 * one cairo node paints the result, one to one. At 50,000 edges of a
 * fitted 10,000-node grid (tests/bench), cairo needs seconds a frame for
 * as many long lines (one path: minutes), GTK's rotated colour nodes about
 * three seconds, and GTK's renderer tens of milliseconds for 10,000 border
 * nodes; this takes a few milliseconds (app/README.md, "Graph").
 *
 * The lines go at half resolution when asked (a density at that point);
 * the colour is always at full resolution, so that the discs stay round.
 * Many lines are split between two threads, each with its own coverage
 * buffer; the colouring adds the two. */

#define THREAD_MIN_LINES 4000 /* below, a second thread costs more than it saves */

struct _AuraRaster
{
  int width, height; /* device pixels */
  float scale;       /* device pixels per widget pixel */
  int shift;         /* coverage pixels are 2^shift device pixels wide */
  int cw, ch;        /* coverage size */
  guint8 *coverage[2];
  cairo_surface_t *surface; /* the colour, CAIRO_FORMAT_ARGB32 */
  guint32 *pixels;          /* its data: native-endian premultiplied ARGB */
  int stride;               /* in pixels */
  gboolean has_lines;       /* the coverage holds the last lines drawn */
  int ox, oy;               /* widget pixel of the raster's top left corner */
};

AuraRaster *
aura_raster_new (int width, int height, float scale, gboolean half_lines)
{
  AuraRaster *raster = g_new0 (AuraRaster, 1);

  raster->scale = scale;
  raster->width = MAX ((int)ceilf (width * scale), 1);
  raster->height = MAX ((int)ceilf (height * scale), 1);
  raster->shift = half_lines ? 1 : 0;
  raster->cw = (raster->width + raster->shift) >> raster->shift;
  raster->ch = (raster->height + raster->shift) >> raster->shift;
  raster->coverage[0] = g_malloc0 ((gsize)raster->cw * raster->ch);
  raster->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, raster->width, raster->height);
  raster->pixels = (guint32 *)cairo_image_surface_get_data (raster->surface);
  raster->stride = cairo_image_surface_get_stride (raster->surface) / 4;
  return raster;
}

gboolean
aura_raster_reuse (AuraRaster *raster, int width, int height, float scale, gboolean half_lines)
{
  if (raster->scale != scale || raster->width != MAX ((int)ceilf (width * scale), 1) ||
      raster->height != MAX ((int)ceilf (height * scale), 1) ||
      raster->shift != (half_lines ? 1 : 0))
    return FALSE;
  return TRUE;
}

gboolean
aura_raster_set_origin (AuraRaster *raster, int x, int y)
{
  gboolean moved = raster->ox != x || raster->oy != y;

  raster->ox = x;
  raster->oy = y;
  return moved;
}

gboolean
aura_raster_has_lines (AuraRaster *raster)
{
  return raster->has_lines;
}

void
aura_raster_free (AuraRaster *raster)
{
  g_free (raster->coverage[0]);
  g_free (raster->coverage[1]);
  g_clear_pointer (&raster->surface, cairo_surface_destroy);
  g_free (raster);
}

/* Clips the segment to the coverage buffer (Liang–Barsky); FALSE when it
 * misses. */
static gboolean
clip (const AuraRaster *raster, float *x0, float *y0, float *x1, float *y1)
{
  float t0 = 0.0f, t1 = 1.0f, dx = *x1 - *x0, dy = *y1 - *y0;
  float p[4] = { -dx, dx, -dy, dy };
  /* A hair inside the last pixel, so that stepping never leaves it. */
  float q[4] = { *x0, raster->cw - 1.01f - *x0, *y0, raster->ch - 1.01f - *y0 };

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
  /* Kept a hair inside the buffer on every side, against rounding. */
  *x1 = CLAMP (*x0 + t1 * dx, 0.01f, raster->cw - 1.01f);
  *y1 = CLAMP (*y0 + t1 * dy, 0.01f, raster->ch - 1.01f);
  *x0 = CLAMP (*x0 + t0 * dx, 0.01f, raster->cw - 1.01f);
  *y0 = CLAMP (*y0 + t0 * dy, 0.01f, raster->ch - 1.01f);
  return TRUE;
}

/* One more line on the pixel, up to 255. */
#define COVER(c) (*(c) += *(c) != 255)

/* A one-pixel line in widget coordinates into @coverage, stepped one pixel
 * at a time along its major axis, the minor one in 16.16 fixed point. The
 * two loops keep the work per pixel to a few instructions: this is where
 * a frame of a big graph goes. */
static void
line (const AuraRaster *raster, guint8 *coverage, float x0, float y0, float x1, float y1)
{
  float s = raster->scale / (float)(1 << raster->shift);
  gsize cw = (gsize)raster->cw;
  float dx, dy;

  x0 = (x0 - raster->ox) * s;
  y0 = (y0 - raster->oy) * s;
  x1 = (x1 - raster->ox) * s;
  y1 = (y1 - raster->oy) * s;
  if (!clip (raster, &x0, &y0, &x1, &y1))
    return;
  dx = x1 - x0;
  dy = y1 - y0;
  /* The end points stay in the buffer (clip() left a margin), and so do
   * the points between (the minor axis steps are rounded toward zero): no
   * test per pixel. */
  if (fabsf (dx) >= fabsf (dy))
    {
      int c0 = (int)x0, n = abs ((int)x1 - c0), dir = (int)x1 > c0 ? 1 : -1;
      gint32 y = (gint32)(y0 * 65536.0f);
      gint32 sy = n > 0 ? (gint32)(dy * 65536.0f / n) : 0;
      guint8 *column = coverage + c0;

      for (int k = 0;;)
        {
          COVER (column + (gsize)(y >> 16) * cw);
          if (++k > n)
            break;
          y += sy;
          column += dir;
        }
    }
  else
    {
      /* Row after row: a pointer moved by a row a step. */
      int r0 = (int)y0, n = abs ((int)y1 - r0);
      gssize step = (int)y1 > r0 ? (gssize)cw : -(gssize)cw;
      gint32 x = (gint32)(x0 * 65536.0f);
      gint32 sx = n > 0 ? (gint32)(dx * 65536.0f / n) : 0;
      guint8 *row = coverage + (gsize)r0 * cw;

      for (int k = 0;;)
        {
          COVER (row + (x >> 16));
          if (++k > n)
            break;
          x += sx;
          row += step;
        }
    }
}

typedef struct
{
  const AuraRaster *raster;
  guint8 *coverage;
  const float *xy;
  guint first, end;
} LineJob;

static gpointer
line_job_run (gpointer data)
{
  LineJob *job = data;

  for (guint k = job->first; k < job->end; k++)
    line (job->raster, job->coverage, job->xy[4 * k], job->xy[4 * k + 1], job->xy[4 * k + 2],
          job->xy[4 * k + 3]);
  return NULL;
}

void
aura_raster_lines (AuraRaster *raster, const float *xy, guint n_lines)
{
  LineJob jobs[2];
  GThread *helper = NULL;
  guint half = n_lines;

  if (raster->cw < 2 || raster->ch < 2)
    {
      raster->has_lines = TRUE;
      return;
    }
  if (n_lines >= THREAD_MIN_LINES && g_get_num_processors () > 1)
    {
      half = n_lines / 2;
      if (raster->coverage[1] == NULL)
        raster->coverage[1] = g_malloc0 ((gsize)raster->cw * raster->ch);
      jobs[1] = (LineJob){ raster, raster->coverage[1], xy, half, n_lines };
      helper = g_thread_try_new ("aura-raster", line_job_run, &jobs[1], NULL);
      if (helper == NULL)
        half = n_lines;
    }
  jobs[0] = (LineJob){ raster, raster->coverage[0], xy, 0, half };
  line_job_run (&jobs[0]);
  if (helper != NULL)
    g_thread_join (helper);
  raster->has_lines = TRUE;
}

void
aura_raster_clear_lines (AuraRaster *raster)
{
  memset (raster->coverage[0], 0, (gsize)raster->cw * raster->ch);
  if (raster->coverage[1] != NULL)
    memset (raster->coverage[1], 0, (gsize)raster->cw * raster->ch);
  raster->has_lines = FALSE;
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
  guint32 table[511];
  const guint8 *second = raster->coverage[1];
  int shift = raster->shift;

  /* Two buffers add up to 510 lines at most; past 255 the colour no
   * longer changes visibly. */
  for (int k = 0; k < 511; k++)
    table[k] = premultiplied (color, 1.0 - pow (1.0 - color->alpha, k));
  /* A render node of the last frame may still show these pixels: cairo
   * gives it its own copy now, before they are overwritten. */
  cairo_surface_flush (raster->surface);
  for (int cy = 0; cy < raster->ch; cy++)
    {
      const guint8 *c0 = raster->coverage[0] + (gsize)cy * raster->cw;
      const guint8 *c1 = second != NULL ? second + (gsize)cy * raster->cw : NULL;
      int y = cy << shift;
      guint32 *p = raster->pixels + (gsize)y * raster->stride;

      if (shift == 0)
        {
          if (c1 != NULL)
            for (int cx = 0; cx < raster->cw; cx++)
              p[cx] = table[c0[cx] + c1[cx]];
          else
            for (int cx = 0; cx < raster->cw; cx++)
              p[cx] = table[c0[cx]];
          continue;
        }
      /* Each coverage pixel is two colour pixels wide and two high: the
       * first row written in pairs, the second copied from it. */
      for (int cx = 0; cx < raster->width / 2; cx++)
        {
          guint32 v = table[c0[cx] + (c1 != NULL ? c1[cx] : 0)];

          p[2 * cx] = v;
          p[2 * cx + 1] = v;
        }
      if (raster->width % 2 != 0)
        p[raster->width - 1] = table[c0[raster->cw - 1] + (c1 != NULL ? c1[raster->cw - 1] : 0)];
      if (y + 1 < raster->height)
        memcpy (p + raster->stride, p, sizeof (guint32) * raster->width);
    }
}

/* @src (premultiplied) over the pixel, @cover of 256 of it; two channels
 * at a time in one word. */
static inline void
blend (guint32 *p, guint32 src, guint cover)
{
  guint32 s = src, d = *p, keep, rb, ag;

  if (cover < 256)
    {
      rb = ((s & 0x00ff00ffu) * cover + 0x00800080u) >> 8 & 0x00ff00ffu;
      ag = (((s >> 8) & 0x00ff00ffu) * cover + 0x00800080u) >> 8 & 0x00ff00ffu;
      s = rb | ag << 8;
    }
  keep = 255 - (s >> 24);
  if (keep == 0)
    {
      *p = s;
      return;
    }
  rb = (d & 0x00ff00ffu) * keep + 0x00800080u;
  rb = ((rb + ((rb >> 8) & 0x00ff00ffu)) >> 8) & 0x00ff00ffu;
  ag = ((d >> 8) & 0x00ff00ffu) * keep + 0x00800080u;
  ag = ((ag + ((ag >> 8) & 0x00ff00ffu)) >> 8) & 0x00ff00ffu;
  *p = s + (rb | ag << 8);
}

/* Blends @src over the pixels of column (or row) @major between @lo and
 * @hi along the minor axis, each by how much of it the span covers. */
static inline void
wide_span (AuraRaster *raster, gboolean x_major, int major, float lo, float hi, guint32 src)
{
  int limit = x_major ? raster->height : raster->width;
  int first = MAX ((int)floorf (lo), 0), last = MIN ((int)ceilf (hi), limit) - 1;

  for (int m = first; m <= last; m++)
    {
      float cover = MIN ((float)(m + 1), hi) - MAX ((float)m, lo);
      guint32 *p = x_major ? &raster->pixels[(gsize)m * raster->stride + major]
                           : &raster->pixels[(gsize)major * raster->stride + m];

      if (cover > 0.0f)
        blend (p, src, cover >= 1.0f ? 256 : (guint)(cover * 256.0f));
    }
}

/* An antialiased line @line_width wide (widget pixels) over what is there:
 * along its major axis, each column (or row) gets the span the line
 * crosses, its end pixels by the part they have. The ends are cut square,
 * under the nodes' discs. For the highlighted edges, which cairo strokes
 * far more slowly when a hub has hundreds of them. */
void
aura_raster_wide_line (AuraRaster *raster,
                       float x0,
                       float y0,
                       float x1,
                       float y1,
                       float line_width,
                       const GdkRGBA *color)
{
  float s = raster->scale, dx, dy, len, half;
  guint32 src = premultiplied (color, color->alpha);
  gboolean x_major;
  int a, b;

  x0 = (x0 - raster->ox) * s;
  y0 = (y0 - raster->oy) * s;
  x1 = (x1 - raster->ox) * s;
  y1 = (y1 - raster->oy) * s;
  dx = x1 - x0;
  dy = y1 - y0;
  len = sqrtf (dx * dx + dy * dy);
  if (len < 1e-3f || !isfinite (len))
    return;
  x_major = fabsf (dx) >= fabsf (dy);
  /* Half the thickness measured across the major axis. */
  half = line_width * s / 2.0f * len / (x_major ? fabsf (dx) : fabsf (dy));
  if (x_major)
    {
      a = MAX ((int)floorf (MIN (x0, x1)), 0);
      b = MIN ((int)ceilf (MAX (x0, x1)), raster->width);
    }
  else
    {
      a = MAX ((int)floorf (MIN (y0, y1)), 0);
      b = MIN ((int)ceilf (MAX (y0, y1)), raster->height);
    }
  for (int major = a; major < b; major++)
    {
      float t = x_major ? (major + 0.5f - x0) / dx : (major + 0.5f - y0) / dy;
      float centre = x_major ? y0 + t * dy : x0 + t * dx;

      wide_span (raster, x_major, major, centre - half, centre + half, src);
    }
}

/* A filled square over what is there (source over). */
void
aura_raster_square (AuraRaster *raster, float cx, float cy, float r, const GdkRGBA *color)
{
  cx -= raster->ox;
  cy -= raster->oy;
  float s = raster->scale;
  int x0 = MAX ((int)floorf ((cx - r) * s), 0), x1 = MIN ((int)ceilf ((cx + r) * s), raster->width);
  int y0 = MAX ((int)floorf ((cy - r) * s), 0),
      y1 = MIN ((int)ceilf ((cy + r) * s), raster->height);
  guint32 src = premultiplied (color, color->alpha);

  for (int y = y0; y < y1; y++)
    {
      guint32 *p = &raster->pixels[(gsize)y * raster->stride];

      if (src >> 24 == 255)
        for (int x = x0; x < x1; x++)
          p[x] = src;
      else
        for (int x = x0; x < x1; x++)
          blend (&p[x], src, 256);
    }
}

/* A disc, antialiased over its rim (one pixel wide), source over. */
void
aura_raster_disc (AuraRaster *raster, float cx, float cy, float r, const GdkRGBA *color)
{
  cx -= raster->ox;
  cy -= raster->oy;
  float s = raster->scale;
  float dcx = cx * s, dcy = cy * s, dr = r * s;
  float inner = MAX (dr - 0.5f, 0.0f), outer = dr + 0.5f;
  int x0 = MAX ((int)floorf (dcx - outer), 0), x1 = MIN ((int)ceilf (dcx + outer), raster->width);
  int y0 = MAX ((int)floorf (dcy - outer), 0), y1 = MIN ((int)ceilf (dcy + outer), raster->height);
  guint32 src = premultiplied (color, color->alpha);

  for (int y = y0; y < y1; y++)
    {
      float dy = y + 0.5f - dcy;

      for (int x = x0; x < x1; x++)
        {
          float dx = x + 0.5f - dcx, d2 = dx * dx + dy * dy;
          guint32 *p = &raster->pixels[(gsize)y * raster->stride + x];

          if (d2 <= inner * inner)
            {
              if (src >> 24 == 255)
                *p = src;
              else
                blend (p, src, 256);
            }
          else if (d2 < outer * outer)
            blend (p, src, (guint)((outer - sqrtf (d2)) * 256.0f));
        }
    }
}

/* The pixels go in as a cairo node that paints them once: in GTK 4.8 a
 * memory texture of the window's size costs the cairo renderer about
 * 40 ms of format conversion a frame, this blit about one. */
void
aura_raster_append (AuraRaster *raster, GtkSnapshot *snapshot)
{
  cairo_t *cr = gtk_snapshot_append_cairo (
      snapshot, &GRAPHENE_RECT_INIT (raster->ox, raster->oy, raster->width / raster->scale,
                                     raster->height / raster->scale));

  cairo_surface_mark_dirty (raster->surface);
  cairo_translate (cr, raster->ox, raster->oy);
  cairo_scale (cr, 1.0 / raster->scale, 1.0 / raster->scale);
  cairo_set_source_surface (cr, raster->surface, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_paint (cr);
  cairo_destroy (cr);
}
