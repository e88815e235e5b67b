/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <aura.h>
#include <gtk/gtk.h>

#include "aura-chart.h"

G_BEGIN_DECLS

/**
 * AuraTikTokPanelState:
 * @AURA_TIKTOK_PANEL_IDLE: nothing ran yet, or the panel was closed
 * @AURA_TIKTOK_PANEL_RUNNING: the profile is being fetched (or the videos
 *   file read, or yt-dlp lists the videos)
 * @AURA_TIKTOK_PANEL_FINISHED: the scan ended; its verdict says what it
 *   found
 * @AURA_TIKTOK_PANEL_CANCELLED: cancelled; nothing more was recorded
 * @AURA_TIKTOK_PANEL_FAILED: the scan could not start (an invalid handle)
 *   or recording failed
 */
typedef enum
{
  AURA_TIKTOK_PANEL_IDLE,
  AURA_TIKTOK_PANEL_RUNNING,
  AURA_TIKTOK_PANEL_FINISHED,
  AURA_TIKTOK_PANEL_CANCELLED,
  AURA_TIKTOK_PANEL_FAILED,
} AuraTikTokPanelState;

#define AURA_TYPE_TIKTOK_PANEL (aura_tiktok_panel_get_type ())
G_DECLARE_FINAL_TYPE (AuraTikTokPanel, aura_tiktok_panel, AURA, TIKTOK_PANEL, GtkWidget)

/* One TikTok profile analysis of an investigation page: the profile card,
 * the followers' growth over every run (one snapshot per run), and, once
 * a yt-dlp file of the account's videos is loaded, the posting-hour
 * heatmap, the top hashtags, engagement and the top videos. The scan
 * records into the store by itself. Property "running" (read-only). */
AuraTikTokPanel *aura_tiktok_panel_new (void);

/* Analyses @handle (“@name”, “name” or a profile URL) into
 * @investigation_id, on the engine of the widget's application, with the
 * videos file loaded before, if any. Shows the panel. An invalid handle is
 * not an error here: the summary says why and the panel ends FAILED.
 * FALSE with @error, and nothing started, when a scan already runs here or
 * the engine cannot be built. @target_id is kept for the caller. */
gboolean aura_tiktok_panel_start (AuraTikTokPanel *self,
                                  AuraStore *store,
                                  gint64 investigation_id,
                                  gint64 target_id,
                                  const char *handle,
                                  GError **error);
void aura_tiktok_panel_cancel (AuraTikTokPanel *self);
/* Reads @file (yt-dlp -j output, at most 64 MiB) in a worker thread, then
 * runs the scan again with it: what “Load Videos…” does after its file
 * chooser. FALSE with @error when no scan was started in this panel yet or
 * one runs. */
gboolean aura_tiktok_panel_load_videos (AuraTikTokPanel *self, GFile *file, GError **error);

/* Runs yt-dlp on the account's profile (AuraTikTokVideoFetch, in a worker
 * thread), then the scan again with the videos it listed, as
 * aura_tiktok_panel_load_videos() does with a file: what “Fetch Videos”
 * does. Cancel stops yt-dlp's whole process group. FALSE with @error when
 * no scan was started here yet, one runs, or yt-dlp was not found
 * runnable (%G_IO_ERROR_NOT_SUPPORTED). */
gboolean aura_tiktok_panel_fetch_videos (AuraTikTokPanel *self, GError **error);
/* Whether yt-dlp was found runnable (the check runs in a worker thread
 * when the first analysis starts), and whether that check still runs. */
gboolean aura_tiktok_panel_get_can_fetch_videos (AuraTikTokPanel *self);
gboolean aura_tiktok_panel_get_checking_ytdlp (AuraTikTokPanel *self);

/* For tests: @base_url, @time_zone and @timeout_ms of @overrides replace
 * the defaults (tiktok.com, local time, the engine's) from the next start
 * on; %NULL forgets them. */
void aura_tiktok_panel_set_test_options (AuraTikTokPanel *self,
                                         const AuraTikTokScanOptions *overrides);

/* For tests: @max_videos, @timeout_ms and @grace_ms of @overrides
 * replace the defaults of the next fetches; %NULL forgets them. */
void aura_tiktok_panel_set_fetch_test_options (AuraTikTokPanel *self,
                                               const AuraTikTokFetchOptions *overrides);

AuraTikTokPanelState aura_tiktok_panel_get_state (AuraTikTokPanel *self);
gboolean aura_tiktok_panel_get_running (AuraTikTokPanel *self);
/* The last scan, %NULL before the first. */
AuraTikTokScan *aura_tiktok_panel_get_scan (AuraTikTokPanel *self);
/* TRUE while the growth series is being read after a scan. */
gboolean aura_tiktok_panel_get_loading_growth (AuraTikTokPanel *self);
AuraLineChart *aura_tiktok_panel_get_growth_chart (AuraTikTokPanel *self);
AuraHeatmapChart *aura_tiktok_panel_get_heatmap (AuraTikTokPanel *self);
AuraBarChart *aura_tiktok_panel_get_hashtags_chart (AuraTikTokPanel *self);
/* The texts shown, for tests. */
const char *aura_tiktok_panel_get_heading (AuraTikTokPanel *self);
const char *aura_tiktok_panel_get_summary (AuraTikTokPanel *self);
const char *aura_tiktok_panel_get_counts_text (AuraTikTokPanel *self);
const char *aura_tiktok_panel_get_growth_hint (AuraTikTokPanel *self);
const char *aura_tiktok_panel_get_engagement_text (AuraTikTokPanel *self);
/* Rows of the top videos list. */
guint aura_tiktok_panel_get_n_top_videos (AuraTikTokPanel *self);

G_END_DECLS
