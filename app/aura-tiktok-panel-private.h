/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "aura-chart.h"
#include "aura-tiktok-panel.h"

G_BEGIN_DECLS

/* Shared by aura-tiktok-panel.c (state, profile, growth, the scan) and
 * aura-tiktok-panel-videos.c (a videos file, or the videos yt-dlp lists). */

struct _AuraTikTokPanel
{
  GtkWidget parent_instance;

  AuraTikTokPanelState state;
  AuraStore *store;
  gint64 investigation_id;
  gint64 target_id;
  char *handle;
  char *videos_jsonl;
  /* Videos yt-dlp listed (used when no file was loaded), and what went
   * wrong while it listed them, said after the scan. */
  AuraTikTokVideoParse *videos;
  char *videos_note;
  /* The yt-dlp adapter once found runnable; the fetch that runs. */
  AuraAdapter *ytdlp;
  gboolean checking_ytdlp;
  AuraTikTokVideoFetch *fetch;
  guint fetch_progress_id;
  AuraTikTokScan *scan;
  GCancellable *cancellable;
  gboolean loading_growth;
  /* Test overrides. */
  char *base_url;
  GTimeZone *time_zone;
  guint timeout_ms;
  AuraTikTokFetchOptions fetch_options;

  GtkLabel *heading_label;
  GtkLabel *status_label;
  GtkSpinner *spinner;
  GtkWidget *cancel_button;
  GtkWidget *load_videos_button;
  GtkWidget *fetch_videos_button;
  GtkWidget *run_again_button;
  GtkWidget *close_button;
  GtkLabel *summary_label;
  GtkWidget *content_box;
  GtkLabel *nickname_label;
  GtkLabel *handle_label;
  GtkLabel *counts_label;
  GtkLabel *bio_label;
  GtkBox *links_box;
  GtkLabel *details_label;
  AuraLineChart *growth_chart;
  GtkLabel *growth_hint;
  GtkWidget *videos_box;
  GtkLabel *engagement_label;
  GtkLabel *heatmap_caption;
  AuraHeatmapChart *heatmap;
  AuraBarChart *hashtags_chart;
  GtkListBox *top_list;
};

void aura_tiktok_panel_update_controls (AuraTikTokPanel *self);
void aura_tiktok_panel_set_state (AuraTikTokPanel *self, AuraTikTokPanelState state);
void aura_tiktok_panel_set_summary (AuraTikTokPanel *self, const char *text);
/* The summary says @message and the panel is FAILED. */
void aura_tiktok_panel_fail (AuraTikTokPanel *self, const char *message);
/* Runs the scan again with what the panel holds (handle, videos). */
void aura_tiktok_panel_begin_scan (AuraTikTokPanel *self, AuraEngine *engine);

/* aura-tiktok-panel-videos.c */
void aura_tiktok_panel_check_ytdlp (AuraTikTokPanel *self);
void aura_tiktok_panel_stop_fetch_progress (AuraTikTokPanel *self);
void aura_tiktok_panel_load_videos_clicked (AuraTikTokPanel *self);
void aura_tiktok_panel_fetch_videos_clicked (AuraTikTokPanel *self);

G_END_DECLS
