/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-app"
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "aura-chart.h"

/* The charts draw with GtkSnapshot only: rectangles (gtk_snapshot_append_color,
 * rounded with gtk_snapshot_push_rounded_clip), lines as thin rotated
 * rectangles (GTK 4.8 has no path API), text as PangoLayouts from the
 * widget, so that it follows the font settings. Colours: the widget's
 * foreground for text and grid, libadwaita's blue accent for data. */

#define MAX_BARS 50
#define MAX_POINTS 10000
#define BAR_ROW_HEIGHT 22

static const GdkRGBA accent = { 0.208f, 0.518f, 0.894f, 1.0f };

static const char *const weekday_names[7] = {
  /* Translators: short weekday names of the posting-hour heatmap. */
  N_ ("Mon"), N_ ("Tue"), N_ ("Wed"), N_ ("Thu"), N_ ("Fri"), N_ ("Sat"), N_ ("Sun"),
};

static const char *const weekday_long_names[7] = {
  N_ ("Monday"), N_ ("Tuesday"),  N_ ("Wednesday"), N_ ("Thursday"),
  N_ ("Friday"), N_ ("Saturday"), N_ ("Sunday"),
};

/* ---- Drawing helpers ------------------------------------------------------------ */

static GdkRGBA
foreground (GtkWidget *widget, float alpha)
{
  GdkRGBA color;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS
  color.alpha *= alpha;
  return color;
}

static GdkRGBA
accent_with (float alpha)
{
  GdkRGBA color = accent;

  color.alpha = alpha;
  return color;
}

static void
fill_rect (GtkSnapshot *snapshot, float x, float y, float w, float h, const GdkRGBA *color)
{
  graphene_rect_t rect = GRAPHENE_RECT_INIT (x, y, MAX (w, 0.0f), MAX (h, 0.0f));

  gtk_snapshot_append_color (snapshot, color, &rect);
}

static void
fill_rounded (
    GtkSnapshot *snapshot, float x, float y, float w, float h, float radius, const GdkRGBA *color)
{
  GskRoundedRect rounded;
  graphene_rect_t rect = GRAPHENE_RECT_INIT (x, y, MAX (w, 0.0f), MAX (h, 0.0f));

  gsk_rounded_rect_init_from_rect (&rounded, &rect, MIN (radius, MIN (w, h) / 2.0f));
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, color, &rect);
  gtk_snapshot_pop (snapshot);
}

/* A segment from (x0, y0) to (x1, y1), @width wide. */
static void
draw_segment (GtkSnapshot *snapshot,
              float x0,
              float y0,
              float x1,
              float y1,
              float width,
              const GdkRGBA *color)
{
  float length = hypotf (x1 - x0, y1 - y0);
  float angle = atan2f (y1 - y0, x1 - x0) * 180.0f / (float)G_PI;

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x0, y0));
  gtk_snapshot_rotate (snapshot, angle);
  fill_rect (snapshot, 0.0f, -width / 2.0f, length, width, color);
  gtk_snapshot_restore (snapshot);
}

/* Text at (x, y), its left edge (@align 0), centre (0.5) or right edge (1)
 * there; returns its width. */
static int
draw_text (GtkWidget *widget,
           GtkSnapshot *snapshot,
           const char *text,
           float x,
           float y,
           float align,
           const GdkRGBA *color)
{
  g_autoptr (PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  int width;
  int height;

  pango_layout_get_pixel_size (layout, &width, &height);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x - align * width, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
  return width;
}

static int
text_width (GtkWidget *widget, const char *text, int *height)
{
  g_autoptr (PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  int width;

  pango_layout_get_pixel_size (layout, &width, height);
  return width;
}

/* A count as people write it: no decimals when it has none, “12.3k”-style
 * shortening above 10,000. */
static char *
format_value (double value)
{
  if (fabs (value) >= 1e9)
    return g_strdup_printf ("%.1fG", value / 1e9);
  if (fabs (value) >= 1e6)
    return g_strdup_printf ("%.1fM", value / 1e6);
  if (fabs (value) >= 1e4)
    return g_strdup_printf ("%.1fk", value / 1e3);
  if (value == floor (value))
    return g_strdup_printf ("%.0f", value);
  return g_strdup_printf ("%.2f", value);
}

static void
set_description (GtkWidget *widget, char **slot, char *summary)
{
  g_free (*slot);
  *slot = summary;
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  summary, -1);
}

/* ---- Heatmap -------------------------------------------------------------------- */

struct _AuraHeatmapChart
{
  GtkWidget parent_instance;
  guint counts[7][24];
  guint max;
  guint total;
  char *zone;
  char *summary;
};

G_DEFINE_FINAL_TYPE (AuraHeatmapChart, aura_heatmap_chart, GTK_TYPE_WIDGET)

static void
heatmap_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  AuraHeatmapChart *self = AURA_HEATMAP_CHART (widget);
  float width = gtk_widget_get_width (widget);
  float height = gtk_widget_get_height (widget);
  GdkRGBA text = foreground (widget, 0.7f);
  GdkRGBA empty = foreground (widget, 0.07f);
  int label_w = 0;
  int line_h = 0;
  float cell_w;
  float cell_h;

  for (guint d = 0; d < 7; d++)
    label_w = MAX (label_w, text_width (widget, _ (weekday_names[d]), &line_h));
  label_w += 8;
  cell_w = (width - label_w) / 24.0f;
  cell_h = (height - line_h - 4) / 7.0f;
  if (cell_w < 2.0f || cell_h < 2.0f)
    return;

  for (guint h = 0; h < 24; h += 3)
    {
      g_autofree char *hour = g_strdup_printf ("%02u", h);

      draw_text (widget, snapshot, hour, label_w + h * cell_w, 0.0f, 0.0f, &text);
    }
  for (guint d = 0; d < 7; d++)
    {
      float y = line_h + 4 + d * cell_h;

      draw_text (widget, snapshot, _ (weekday_names[d]), 0.0f, y + (cell_h - line_h) / 2.0f, 0.0f,
                 &text);
      for (guint h = 0; h < 24; h++)
        {
          guint count = self->counts[d][h];
          GdkRGBA color = count == 0 || self->max == 0
                              ? empty
                              : accent_with (0.25f + 0.75f * (float)count / (float)self->max);

          fill_rounded (snapshot, label_w + h * cell_w + 1.0f, y + 1.0f, cell_w - 2.0f,
                        cell_h - 2.0f, 3.0f, &color);
        }
    }
}

static void
heatmap_measure (GtkWidget *widget,
                 GtkOrientation orientation,
                 int for_size,
                 int *minimum,
                 int *natural,
                 int *minimum_baseline,
                 int *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 40 + 24 * 8;
      *natural = 40 + 24 * 18;
    }
  else
    {
      *minimum = 20 + 7 * 10;
      *natural = 20 + 7 * 18;
    }
}

static void
heatmap_update_summary (AuraHeatmapChart *self)
{
  guint day;
  guint hour;
  const char *zone = self->zone != NULL ? self->zone : "UTC";

  if (!aura_heatmap_chart_get_busiest (self, &day, &hour))
    {
      set_description (GTK_WIDGET (self), &self->summary,
                       g_strdup (_ ("Posting hours: no dated videos")));
      return;
    }
  set_description (
      GTK_WIDGET (self), &self->summary,
      /* Translators: the posting-hour heatmap's summary for screen readers:
       * videos in all, the time zone, the busiest weekday and hour, and how
       * many videos were posted then. */
      g_strdup_printf (
          ngettext ("Posting hours of %u video, in %s: busiest %s at %02u:00 (%u)",
                    "Posting hours of %u videos, in %s: busiest %s at %02u:00 (%u)", self->total),
          self->total, zone, _ (weekday_long_names[day]), hour, self->counts[day][hour]));
}

GtkWidget *
aura_heatmap_chart_new (void)
{
  return g_object_new (AURA_TYPE_HEATMAP_CHART, NULL);
}

void
aura_heatmap_chart_set_data (AuraHeatmapChart *self, const guint counts[7][24], const char *zone)
{
  g_return_if_fail (AURA_IS_HEATMAP_CHART (self));

  self->max = 0;
  self->total = 0;
  for (guint d = 0; d < 7; d++)
    for (guint h = 0; h < 24; h++)
      {
        self->counts[d][h] = counts != NULL ? counts[d][h] : 0;
        self->max = MAX (self->max, self->counts[d][h]);
        self->total += self->counts[d][h];
      }
  g_free (self->zone);
  self->zone = g_strdup (zone);
  heatmap_update_summary (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
aura_heatmap_chart_get_busiest (AuraHeatmapChart *self, guint *day, guint *hour)
{
  g_return_val_if_fail (AURA_IS_HEATMAP_CHART (self), FALSE);

  if (self->max == 0)
    return FALSE;
  for (guint d = 0; d < 7; d++)
    for (guint h = 0; h < 24; h++)
      if (self->counts[d][h] == self->max)
        {
          if (day != NULL)
            *day = d;
          if (hour != NULL)
            *hour = h;
          return TRUE;
        }
  g_return_val_if_reached (FALSE);
}

guint
aura_heatmap_chart_get_total (AuraHeatmapChart *self)
{
  g_return_val_if_fail (AURA_IS_HEATMAP_CHART (self), 0);
  return self->total;
}

const char *
aura_heatmap_chart_get_summary (AuraHeatmapChart *self)
{
  g_return_val_if_fail (AURA_IS_HEATMAP_CHART (self), NULL);
  return self->summary;
}

static void
aura_heatmap_chart_finalize (GObject *object)
{
  AuraHeatmapChart *self = AURA_HEATMAP_CHART (object);

  g_free (self->zone);
  g_free (self->summary);
  G_OBJECT_CLASS (aura_heatmap_chart_parent_class)->finalize (object);
}

static void
aura_heatmap_chart_class_init (AuraHeatmapChartClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = aura_heatmap_chart_finalize;
  widget_class->snapshot = heatmap_snapshot;
  widget_class->measure = heatmap_measure;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
aura_heatmap_chart_init (AuraHeatmapChart *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Posting hours by weekday"), -1);
  aura_heatmap_chart_set_data (self, NULL, NULL);
}

/* ---- Bars ----------------------------------------------------------------------- */

struct _AuraBarChart
{
  GtkWidget parent_instance;
  GPtrArray *labels;
  GArray *values;
  double max;
  char *summary;
};

G_DEFINE_FINAL_TYPE (AuraBarChart, aura_bar_chart, GTK_TYPE_WIDGET)

static void
bar_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  AuraBarChart *self = AURA_BAR_CHART (widget);
  float width = gtk_widget_get_width (widget);
  GdkRGBA text = foreground (widget, 0.8f);
  GdkRGBA track = foreground (widget, 0.07f);
  int label_w = 0;
  int value_w = 0;
  int line_h = 0;
  float bar_x;
  float bar_w;

  for (guint i = 0; i < self->labels->len; i++)
    {
      g_autofree char *value = format_value (g_array_index (self->values, double, i));

      label_w = MAX (label_w, text_width (widget, self->labels->pdata[i], &line_h));
      value_w = MAX (value_w, text_width (widget, value, &line_h));
    }
  label_w = MIN ((float)label_w, width * 0.4f) + 8;
  bar_x = label_w;
  bar_w = width - bar_x - value_w - 8;
  if (bar_w < 4.0f)
    return;

  for (guint i = 0; i < self->labels->len; i++)
    {
      double value = g_array_index (self->values, double, i);
      g_autofree char *shown = format_value (value);
      float y = i * BAR_ROW_HEIGHT;
      float length = self->max > 0 ? (float)(value / self->max) * bar_w : 0.0f;

      gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, y, label_w - 8, BAR_ROW_HEIGHT));
      draw_text (widget, snapshot, self->labels->pdata[i], 0.0f,
                 y + (BAR_ROW_HEIGHT - line_h) / 2.0f, 0.0f, &text);
      gtk_snapshot_pop (snapshot);
      fill_rounded (snapshot, bar_x, y + 4.0f, bar_w, BAR_ROW_HEIGHT - 8.0f, 4.0f, &track);
      fill_rounded (snapshot, bar_x, y + 4.0f, MAX (length, 2.0f), BAR_ROW_HEIGHT - 8.0f, 4.0f,
                    &accent);
      draw_text (widget, snapshot, shown, bar_x + bar_w + 6.0f,
                 y + (BAR_ROW_HEIGHT - line_h) / 2.0f, 0.0f, &text);
    }
}

static void
bar_measure (GtkWidget *widget,
             GtkOrientation orientation,
             int for_size,
             int *minimum,
             int *natural,
             int *minimum_baseline,
             int *natural_baseline)
{
  AuraBarChart *self = AURA_BAR_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 160;
      *natural = 360;
    }
  else
    *minimum = *natural = MAX (1u, self->labels->len) * BAR_ROW_HEIGHT;
}

GtkWidget *
aura_bar_chart_new (void)
{
  return g_object_new (AURA_TYPE_BAR_CHART, NULL);
}

void
aura_bar_chart_set_data (AuraBarChart *self,
                         const char *const *labels,
                         const double *values,
                         guint n)
{
  g_autoptr (GString) summary = g_string_new (NULL);

  g_return_if_fail (AURA_IS_BAR_CHART (self));
  g_return_if_fail (n == 0 || (labels != NULL && values != NULL));

  g_ptr_array_set_size (self->labels, 0);
  g_array_set_size (self->values, 0);
  self->max = 0;
  for (guint i = 0; i < MIN (n, MAX_BARS); i++)
    {
      double value = isfinite (values[i]) ? MAX (values[i], 0.0) : 0.0;
      g_autofree char *shown = format_value (value);

      g_ptr_array_add (self->labels, g_utf8_make_valid (labels[i] != NULL ? labels[i] : "", -1));
      g_array_append_val (self->values, value);
      self->max = MAX (self->max, value);
      if (i > 0)
        g_string_append (summary, ", ");
      /* Translators: one bar of a chart in its screen-reader summary: the
       * label, then the value. */
      g_string_append_printf (summary, _ ("%s: %s"), (char *)self->labels->pdata[i], shown);
    }
  if (self->labels->len == 0)
    set_description (GTK_WIDGET (self), &self->summary, g_strdup (_ ("No data")));
  else
    set_description (GTK_WIDGET (self), &self->summary,
                     g_string_free (g_steal_pointer (&summary), FALSE));
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
aura_bar_chart_get_n_bars (AuraBarChart *self)
{
  g_return_val_if_fail (AURA_IS_BAR_CHART (self), 0);
  return self->labels->len;
}

const char *
aura_bar_chart_get_summary (AuraBarChart *self)
{
  g_return_val_if_fail (AURA_IS_BAR_CHART (self), NULL);
  return self->summary;
}

static void
aura_bar_chart_finalize (GObject *object)
{
  AuraBarChart *self = AURA_BAR_CHART (object);

  g_ptr_array_unref (self->labels);
  g_array_unref (self->values);
  g_free (self->summary);
  G_OBJECT_CLASS (aura_bar_chart_parent_class)->finalize (object);
}

static void
aura_bar_chart_class_init (AuraBarChartClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = aura_bar_chart_finalize;
  widget_class->snapshot = bar_snapshot;
  widget_class->measure = bar_measure;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
aura_bar_chart_init (AuraBarChart *self)
{
  self->labels = g_ptr_array_new_with_free_func (g_free);
  self->values = g_array_new (FALSE, FALSE, sizeof (double));
  aura_bar_chart_set_data (self, NULL, NULL, 0);
}

/* ---- Line ----------------------------------------------------------------------- */

struct _AuraLineChart
{
  GtkWidget parent_instance;
  GArray *times;
  GArray *values;
  char *quantity;
  char *summary;
};

G_DEFINE_FINAL_TYPE (AuraLineChart, aura_line_chart, GTK_TYPE_WIDGET)

static char *
format_date (gint64 time)
{
  g_autoptr (GDateTime) when = g_date_time_new_from_unix_local (time);

  return when != NULL ? g_date_time_format (when, "%x") : g_strdup ("?");
}

static void
line_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  AuraLineChart *self = AURA_LINE_CHART (widget);
  float width = gtk_widget_get_width (widget);
  float height = gtk_widget_get_height (widget);
  GdkRGBA text = foreground (widget, 0.7f);
  GdkRGBA grid = foreground (widget, 0.15f);
  guint n = self->times->len;
  double vmin = G_MAXDOUBLE;
  double vmax = -G_MAXDOUBLE;
  gint64 tmin;
  gint64 tmax;
  g_autofree char *top = NULL;
  g_autofree char *bottom = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  int line_h = 0;
  float left;
  float plot_w;
  float plot_h;
  float prev_x = 0;
  float prev_y = 0;

  if (n == 0)
    return;
  for (guint i = 0; i < n; i++)
    {
      vmin = MIN (vmin, g_array_index (self->values, double, i));
      vmax = MAX (vmax, g_array_index (self->values, double, i));
    }
  if (vmax - vmin < 1e-9)
    {
      vmin -= 1;
      vmax += 1;
    }
  tmin = g_array_index (self->times, gint64, 0);
  tmax = g_array_index (self->times, gint64, n - 1);
  top = format_value (vmax);
  bottom = format_value (vmin);
  left = MAX (text_width (widget, top, &line_h), text_width (widget, bottom, &line_h)) + 8;
  plot_w = width - left - 8;
  plot_h = height - line_h - 12;
  if (plot_w < 8 || plot_h < 8)
    return;

  draw_text (widget, snapshot, top, left - 6, 0, 1.0f, &text);
  draw_text (widget, snapshot, bottom, left - 6, plot_h - line_h, 1.0f, &text);
  fill_rect (snapshot, left, 4, 1, plot_h, &grid);
  fill_rect (snapshot, left, plot_h + 4, plot_w, 1, &grid);
  first = format_date (tmin);
  last = format_date (tmax);
  draw_text (widget, snapshot, first, left, plot_h + 8, 0.0f, &text);
  if (n > 1 && tmax != tmin)
    draw_text (widget, snapshot, last, left + plot_w, plot_h + 8, 1.0f, &text);

  for (guint i = 0; i < n; i++)
    {
      gint64 t = g_array_index (self->times, gint64, i);
      double v = g_array_index (self->values, double, i);
      float x = tmax > tmin ? left + (float)((double)(t - tmin) / (double)(tmax - tmin)) * plot_w
                            : left + plot_w / 2.0f;
      float y = 4 + plot_h - (float)((v - vmin) / (vmax - vmin)) * plot_h;

      if (i > 0)
        draw_segment (snapshot, prev_x, prev_y, x, y, 2.0f, &accent);
      fill_rounded (snapshot, x - 4, y - 4, 8, 8, 4, &accent);
      prev_x = x;
      prev_y = y;
    }
}

static void
line_measure (GtkWidget *widget,
              GtkOrientation orientation,
              int for_size,
              int *minimum,
              int *natural,
              int *minimum_baseline,
              int *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 160;
      *natural = 400;
    }
  else
    {
      *minimum = 90;
      *natural = 140;
    }
}

static void
line_update_summary (AuraLineChart *self)
{
  guint n = self->times->len;
  const char *quantity = self->quantity != NULL ? self->quantity : _ ("values");
  double first;
  double last;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  if (n == 0)
    {
      set_description (GTK_WIDGET (self), &self->summary, g_strdup (_ ("No data")));
      return;
    }
  first = g_array_index (self->values, double, 0);
  last = g_array_index (self->values, double, n - 1);
  from = g_strdup_printf ("%.0f", first);
  to = g_strdup_printf ("%.0f", last);
  if (n == 1)
    set_description (GTK_WIDGET (self), &self->summary,
                     /* Translators: a growth chart with one point: what is
                      * counted (“followers”), and the count. */
                     g_strdup_printf (_ ("%s: %s, one measurement"), quantity, from));
  else
    set_description (
        GTK_WIDGET (self), &self->summary,
        /* Translators: a growth chart's summary: what is
                      * counted, the first and last counts, the change, and
                      * the number of measurements. */
        g_strdup_printf (ngettext ("%s: from %s to %s (%+.0f) over %u measurement",
                                   "%s: from %s to %s (%+.0f) over %u measurements", n),
                         quantity, from, to, last - first, n));
}

GtkWidget *
aura_line_chart_new (void)
{
  return g_object_new (AURA_TYPE_LINE_CHART, NULL);
}

void
aura_line_chart_set_quantity (AuraLineChart *self, const char *quantity)
{
  g_return_if_fail (AURA_IS_LINE_CHART (self));
  g_free (self->quantity);
  self->quantity = g_strdup (quantity);
  line_update_summary (self);
}

void
aura_line_chart_set_points (AuraLineChart *self, const gint64 *times, const double *values, guint n)
{
  guint start = n > MAX_POINTS ? n - MAX_POINTS : 0;

  g_return_if_fail (AURA_IS_LINE_CHART (self));
  g_return_if_fail (n == 0 || (times != NULL && values != NULL));

  g_array_set_size (self->times, 0);
  g_array_set_size (self->values, 0);
  for (guint i = start; i < n; i++)
    {
      double value = isfinite (values[i]) ? values[i] : 0.0;

      g_array_append_val (self->times, times[i]);
      g_array_append_val (self->values, value);
    }
  line_update_summary (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
aura_line_chart_get_n_points (AuraLineChart *self)
{
  g_return_val_if_fail (AURA_IS_LINE_CHART (self), 0);
  return self->times->len;
}

const char *
aura_line_chart_get_summary (AuraLineChart *self)
{
  g_return_val_if_fail (AURA_IS_LINE_CHART (self), NULL);
  return self->summary;
}

static void
aura_line_chart_finalize (GObject *object)
{
  AuraLineChart *self = AURA_LINE_CHART (object);

  g_array_unref (self->times);
  g_array_unref (self->values);
  g_free (self->quantity);
  g_free (self->summary);
  G_OBJECT_CLASS (aura_line_chart_parent_class)->finalize (object);
}

static void
aura_line_chart_class_init (AuraLineChartClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = aura_line_chart_finalize;
  widget_class->snapshot = line_snapshot;
  widget_class->measure = line_measure;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
aura_line_chart_init (AuraLineChart *self)
{
  self->times = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->values = g_array_new (FALSE, FALSE, sizeof (double));
  line_update_summary (self);
}
