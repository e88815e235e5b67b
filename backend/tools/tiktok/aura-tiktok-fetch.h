/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "aura-adapter.h"
#include "aura-tiktok.h"

G_BEGIN_DECLS

/* An account's videos listed by yt-dlp, run through its adapter
 * (data/adapters/yt-dlp.json), its JSON lines read as they come into an
 * AuraTikTokVideoReader: no file in between. README.md, “Fetching the
 * videos”. */

/* The adapter's manifest asks yt-dlp for the newest 500 at most. */
#define AURA_TIKTOK_FETCH_MAX_VIDEOS 500
#define AURA_TIKTOK_FETCH_DEFAULT_TIMEOUT_MS (10 * 60 * 1000)

/**
 * AuraTikTokFetchOptions:
 * @handle: the account, as “@name”, “name” or a profile URL
 * @base_url: (nullable): the site's base URL for the profile URL given to
 *   yt-dlp, %AURA_TIKTOK_DEFAULT_BASE when %NULL
 * @max_videos: stop yt-dlp once this many videos were read (0 or more
 *   than %AURA_TIKTOK_FETCH_MAX_VIDEOS: that many)
 * @timeout_ms: time allowed to yt-dlp (0:
 *   %AURA_TIKTOK_FETCH_DEFAULT_TIMEOUT_MS)
 * @grace_ms: between SIGTERM and SIGKILL when it is stopped (0: the
 *   adapter's default)
 *
 * What to fetch. The fetch copies everything.
 */
typedef struct
{
  const char *handle;
  const char *base_url;
  guint max_videos;
  guint timeout_ms;
  guint grace_ms;
} AuraTikTokFetchOptions;

#define AURA_TYPE_TIKTOK_VIDEO_FETCH (aura_tiktok_video_fetch_get_type ())
G_DECLARE_FINAL_TYPE (
    AuraTikTokVideoFetch, aura_tiktok_video_fetch, AURA, TIKTOK_VIDEO_FETCH, GObject)

/* The bundled yt-dlp adapter (transfer full), or %NULL with an error when
 * the bundled manifests cannot be read or hold no yt-dlp. Reads a few
 * small files: call it where that may block. */
AuraAdapter *aura_tiktok_load_ytdlp_adapter (GError **error);

/* Loads the bundled yt-dlp adapter and checks that yt-dlp can run here
 * (aura_adapter_check(): found, and its version probe answers), in a
 * worker thread. */
void aura_tiktok_find_ytdlp_async (GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data);
/* (transfer full): the adapter when yt-dlp is available; NULL with
 * %AURA_ADAPTER_ERROR_MISSING when it is not installed, or
 * %AURA_ADAPTER_ERROR_SPAWN when it is there but broken (the message
 * says what its probe said). */
AuraAdapter *aura_tiktok_find_ytdlp_finish (GAsyncResult *result, GError **error);

/* Checks the handle (%AURA_TIKTOK_ERROR_INVALID_HANDLE). @adapter is
 * the yt-dlp adapter (aura_tiktok_load_ytdlp_adapter(), or another that
 * takes a URL and prints yt-dlp's JSON lines). */
AuraTikTokVideoFetch *aura_tiktok_video_fetch_new (AuraAdapter *adapter,
                                                   const AuraTikTokFetchOptions *options,
                                                   GError **error);
/* Runs yt-dlp on the profile URL in a worker thread (the tool in its own
 * process group, never through a shell), reading its lines there as they
 * come. @callback runs in the thread-default main context of the call.
 * Cancelling @cancellable stops the tool's whole process group. Runs once
 * per fetch. */
void aura_tiktok_video_fetch_run_async (AuraTikTokVideoFetch *self,
                                        GCancellable *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer user_data);
/* FALSE with %AURA_ADAPTER_ERROR_MISSING (the message says how to install
 * yt-dlp) or another adapter error when the tool could not start, or with
 * %G_IO_ERROR_CANCELLED; the videos read before a cancel are still there.
 * A tool that failed, timed out or listed nothing is not an error: see
 * aura_tiktok_video_fetch_describe_problem(). */
gboolean aura_tiktok_video_fetch_run_finish (AuraTikTokVideoFetch *self,
                                             GAsyncResult *result,
                                             GError **error);
/* Runs the fetch and iterates the thread-default main context until it
 * ends (signal sources there, Ctrl-C, still run). */
gboolean
aura_tiktok_video_fetch_run (AuraTikTokVideoFetch *self, GCancellable *cancellable, GError **error);

const char *aura_tiktok_video_fetch_get_handle (AuraTikTokVideoFetch *self);
/* The profile URL given to yt-dlp. */
const char *aura_tiktok_video_fetch_get_url (AuraTikTokVideoFetch *self);
/* Videos read so far; safe from any thread at any time (for progress). */
guint aura_tiktok_video_fetch_get_n_videos (AuraTikTokVideoFetch *self);
/* (nullable): the videos read, once the run ended. */
const AuraTikTokVideoParse *aura_tiktok_video_fetch_get_videos (AuraTikTokVideoFetch *self);
/* (nullable): how yt-dlp's run went, once it ended (NULL when it could
 * not start). */
AuraAdapterResult *aura_tiktok_video_fetch_get_result (AuraTikTokVideoFetch *self);
/* Whether yt-dlp was stopped because max_videos were read. */
gboolean aura_tiktok_video_fetch_get_reached_max (AuraTikTokVideoFetch *self);
/* (nullable): a sentence for people when something went wrong with the
 * run that ended: yt-dlp failed (with the end of what it said), was
 * stopped by the time limit or the output cap, or listed no video. NULL
 * when it listed videos and ended well (or was stopped at max_videos). */
char *aura_tiktok_video_fetch_describe_problem (AuraTikTokVideoFetch *self);

G_END_DECLS
