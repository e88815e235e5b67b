/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "aura-engine.h"
#include "aura-site.h"
#include "aura-store.h"
#include "aura-tiktok-fetch.h"
#include "aura-tiktok.h"

G_BEGIN_DECLS

/**
 * AuraTikTokScanOptions:
 * @handle: the account, as “@name”, “name” or a profile URL
 * @base_url: (nullable): the site's base URL, %AURA_TIKTOK_DEFAULT_BASE
 *   when %NULL (tests and mirrors point it elsewhere)
 * @videos_jsonl: (nullable): `yt-dlp -j` output for the account's videos
 * @time_zone: (nullable): for the posting-hour heatmap, UTC when %NULL
 * @top_n: hashtags and top videos kept (0: 10)
 * @timeout_ms: time allowed for the page (0: the engine's)
 * @investigation_id: where the findings go (needs a store)
 * @captured_at: the snapshot's time, Unix seconds (0: now)
 * @videos: (nullable): videos already read (by an AuraTikTokVideoFetch
 *   or an AuraTikTokVideoReader), used when @videos_jsonl is %NULL
 *
 * What to scan. The scan copies everything.
 */
typedef struct
{
  const char *handle;
  const char *base_url;
  const char *videos_jsonl;
  GTimeZone *time_zone;
  guint top_n;
  guint timeout_ms;
  gint64 investigation_id;
  gint64 captured_at;
  const AuraTikTokVideoParse *videos;
} AuraTikTokScanOptions;

#define AURA_TYPE_TIKTOK_SCAN (aura_tiktok_scan_get_type ())
G_DECLARE_FINAL_TYPE (AuraTikTokScan, aura_tiktok_scan, AURA, TIKTOK_SCAN, GObject)

/* Checks the handle (%AURA_TIKTOK_ERROR_INVALID_HANDLE) and, with a store,
 * that the investigation exists. */
AuraTikTokScan *aura_tiktok_scan_new (AuraEngine *engine,
                                      AuraStore *store,
                                      const AuraTikTokScanOptions *options,
                                      GError **error);
/* Fetches the profile page through the engine, reads it, records what it
 * says (with a store) and analyses the videos given. @callback runs in the
 * thread-default main context of the caller. Runs once per scan. */
void aura_tiktok_scan_run_async (AuraTikTokScan *self,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data);
/* FALSE with an error when the scan was cancelled (G_IO_ERROR_CANCELLED)
 * or recording failed; an account not found or a blocked page is not an
 * error: see the verdict. */
gboolean aura_tiktok_scan_run_finish (AuraTikTokScan *self, GAsyncResult *result, GError **error);
/* Runs the scan and iterates the thread-default main context until it
 * ends. */
gboolean aura_tiktok_scan_run (AuraTikTokScan *self, GCancellable *cancellable, GError **error);

const char *aura_tiktok_scan_get_handle (AuraTikTokScan *self);
const char *aura_tiktok_scan_get_profile_url (AuraTikTokScan *self);
/* Found (a profile, private or not), not found, or unknown (blocked,
 * structure changed, network error), with the reason. */
AuraVerdict aura_tiktok_scan_get_verdict (AuraTikTokScan *self);
const char *aura_tiktok_scan_get_reason (AuraTikTokScan *self);
/* (nullable): the profile read, when found. */
const AuraTikTokProfile *aura_tiktok_scan_get_profile (AuraTikTokScan *self);
/* (nullable): the page's error when no profile was read. */
const GError *aura_tiktok_scan_get_page_error (AuraTikTokScan *self);
/* (nullable): the videos read from @videos_jsonl (or given) and their
 * analytics. */
const AuraTikTokVideoParse *aura_tiktok_scan_get_videos (AuraTikTokScan *self);
const AuraTikTokAnalytics *aura_tiktok_scan_get_analytics (AuraTikTokScan *self);
/* The osint_scans row, the account's entity and its snapshot (0 when
 * none). */
gint64 aura_tiktok_scan_get_scan_id (AuraTikTokScan *self);
gint64 aura_tiktok_scan_get_entity_id (AuraTikTokScan *self);
gint64 aura_tiktok_scan_get_snapshot_id (AuraTikTokScan *self);

G_END_DECLS
