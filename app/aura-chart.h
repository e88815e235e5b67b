/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Three small charts drawn with GtkSnapshot (coloured rectangles, text
 * through PangoLayout), for the people selectors' panels. Each sets its
 * accessible description to a sentence summarising its data, which
 * aura_*_get_summary() returns too (GTK 4.8 cannot read accessible
 * properties back). */

/* ---- Heatmap: 7 weekdays × 24 hours ------------------------------------------ */

#define AURA_TYPE_HEATMAP_CHART (aura_heatmap_chart_get_type ())
G_DECLARE_FINAL_TYPE (AuraHeatmapChart, aura_heatmap_chart, AURA, HEATMAP_CHART, GtkWidget)

GtkWidget *aura_heatmap_chart_new (void);
/* @counts[day][hour], day 0 Monday … 6 Sunday; @zone names the time zone
 * the hours are in (nullable: UTC). */
void
aura_heatmap_chart_set_data (AuraHeatmapChart *self, const guint counts[7][24], const char *zone);
/* The busiest cell (the first one in week order among equals); FALSE when
 * every cell is 0. */
gboolean aura_heatmap_chart_get_busiest (AuraHeatmapChart *self, guint *day, guint *hour);
guint aura_heatmap_chart_get_total (AuraHeatmapChart *self);
const char *aura_heatmap_chart_get_summary (AuraHeatmapChart *self);

/* ---- Horizontal bars ---------------------------------------------------------- */

#define AURA_TYPE_BAR_CHART (aura_bar_chart_get_type ())
G_DECLARE_FINAL_TYPE (AuraBarChart, aura_bar_chart, AURA, BAR_CHART, GtkWidget)

GtkWidget *aura_bar_chart_new (void);
/* @n bars, top to bottom: @labels[i] with @values[i] (negative counts as
 * 0). The chart copies them; at most 50 are kept. */
void aura_bar_chart_set_data (AuraBarChart *self,
                              const char *const *labels,
                              const double *values,
                              guint n);
guint aura_bar_chart_get_n_bars (AuraBarChart *self);
const char *aura_bar_chart_get_summary (AuraBarChart *self);

/* ---- Time series as a line ---------------------------------------------------- */

#define AURA_TYPE_LINE_CHART (aura_line_chart_get_type ())
G_DECLARE_FINAL_TYPE (AuraLineChart, aura_line_chart, AURA, LINE_CHART, GtkWidget)

GtkWidget *aura_line_chart_new (void);
/* What the values are, for the summary ("followers"); copied. */
void aura_line_chart_set_quantity (AuraLineChart *self, const char *quantity);
/* @n points, oldest first: @times in Unix seconds, @values. Copied; at
 * most 10,000 kept (the newest). */
void aura_line_chart_set_points (AuraLineChart *self,
                                 const gint64 *times,
                                 const double *values,
                                 guint n);
guint aura_line_chart_get_n_points (AuraLineChart *self);
const char *aura_line_chart_get_summary (AuraLineChart *self);

G_END_DECLS
