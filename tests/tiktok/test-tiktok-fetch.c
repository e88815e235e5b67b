/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <unistd.h>

#include "aura-tiktok-fetch.h"
#include "aura.h"

/* AuraTikTokVideoFetch against tests/adapter/fake-tool playing yt-dlp
 * (a symbolic link named yt-dlp in a folder of $AURA_ADAPTER_PATH): its
 * canned lines read as the same text read whole, garbage counted, a
 * failure, a hang cancelled or timed out, an endless list stopped at
 * max_videos, a line too long, and a program that is not installed. */

static char *bin_dir;
static AuraAdapter *ytdlp;

/* The fake tool reads its mode from a file: the environment must not
 * change once threads run. */
static void
set_mode (const char *mode)
{
  g_autofree char *path = g_build_filename (bin_dir, "mode", NULL);

  g_assert_true (g_file_set_contents (path, mode, -1, NULL));
}

static AuraTikTokVideoFetch *
new_fetch (const char *handle, guint max_videos, guint timeout_ms)
{
  g_autoptr (GError) error = NULL;
  AuraTikTokFetchOptions options = { 0 };
  AuraTikTokVideoFetch *fetch;

  options.handle = handle;
  options.base_url = "http://127.0.0.1:9";
  options.max_videos = max_videos;
  options.timeout_ms = timeout_ms;
  options.grace_ms = 300;
  fetch = aura_tiktok_video_fetch_new (ytdlp, &options, &error);
  g_assert_no_error (error);
  return fetch;
}

/* What the fake yt-dlp prints in @mode, read whole by the reader of
 * files. */
static AuraTikTokVideoParse *
parse_as_file (const char *mode)
{
  g_autofree char *tool = g_build_filename (bin_dir, "yt-dlp", NULL);
  g_autofree char *out = NULL;
  g_autoptr (GError) error = NULL;
  const char *argv[] = { tool, "https://www.tiktok.com/@alice_example", NULL };
  int status = 0;

  set_mode (mode);
  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status,
                &error);
  g_assert_no_error (error);
  return aura_tiktok_parse_videos (out, -1);
}

static void
assert_same_videos (const AuraTikTokVideoParse *a, const AuraTikTokVideoParse *b)
{
  g_autoptr (AuraTikTokAnalytics) x = aura_tiktok_analyse_videos (a->videos, NULL);
  g_autoptr (AuraTikTokAnalytics) y = aura_tiktok_analyse_videos (b->videos, NULL);
  g_autofree char *json_x = aura_tiktok_analytics_to_json (x);
  g_autofree char *json_y = aura_tiktok_analytics_to_json (y);

  g_assert_cmpuint (a->lines, ==, b->lines);
  g_assert_cmpuint (a->skipped, ==, b->skipped);
  g_assert_cmpuint (a->reasons->len, ==, b->reasons->len);
  for (guint i = 0; i < a->reasons->len; i++)
    g_assert_cmpstr (a->reasons->pdata[i], ==, b->reasons->pdata[i]);
  g_assert_cmpstr (json_x, ==, json_y);
}

static void
test_fetch_canned (void)
{
  g_autoptr (AuraTikTokVideoFetch) fetch = new_fetch ("@Alice_Example", 0, 0);
  g_autoptr (AuraTikTokVideoParse) file = parse_as_file ("ok");
  g_autoptr (GError) error = NULL;
  const AuraTikTokVideoParse *videos;

  set_mode ("ok");
  g_assert_cmpstr (aura_tiktok_video_fetch_get_url (fetch), ==,
                   "http://127.0.0.1:9/@alice_example");
  g_assert_null (aura_tiktok_video_fetch_get_videos (fetch));
  g_assert_true (aura_tiktok_video_fetch_run (fetch, NULL, &error));
  g_assert_no_error (error);
  videos = aura_tiktok_video_fetch_get_videos (fetch);
  g_assert_cmpuint (videos->videos->len, ==, 3);
  g_assert_cmpuint (aura_tiktok_video_fetch_get_n_videos (fetch), ==, 3);
  g_assert_false (aura_tiktok_video_fetch_get_reached_max (fetch));
  g_assert_null (aura_tiktok_video_fetch_describe_problem (fetch));
  g_assert_true (aura_adapter_result_get_success (aura_tiktok_video_fetch_get_result (fetch)));
  g_assert_cmpstr (((AuraTikTokVideo *)videos->videos->pdata[1])->artist, ==, "Someone");
  /* The lines streamed from the tool read exactly as the same lines read
   * from a file. */
  assert_same_videos (videos, file);
}

static void
test_fetch_garbage (void)
{
  g_autoptr (AuraTikTokVideoFetch) fetch = new_fetch ("alice_example", 0, 0);
  g_autoptr (AuraTikTokVideoParse) file = parse_as_file ("garbage");
  g_autoptr (GError) error = NULL;
  const AuraTikTokVideoParse *videos;

  set_mode ("garbage");
  g_assert_true (aura_tiktok_video_fetch_run (fetch, NULL, &error));
  set_mode ("ok");
  videos = aura_tiktok_video_fetch_get_videos (fetch);
  g_assert_cmpuint (videos->videos->len, ==, 2);
  g_assert_cmpuint (videos->skipped, ==, 2);
  g_assert_cmpstr (videos->reasons->pdata[0], ==, "line 2: not a JSON object");
  g_assert_cmpstr (videos->reasons->pdata[1], ==, "line 3: not a JSON object");
  g_assert_null (aura_tiktok_video_fetch_describe_problem (fetch));
  assert_same_videos (videos, file);
}

static void
test_fetch_failure (void)
{
  g_autoptr (AuraTikTokVideoFetch) fetch = new_fetch ("alice_example", 0, 0);
  g_autoptr (GError) error = NULL;
  g_autofree char *problem = NULL;

  set_mode ("fail");
  g_assert_true (aura_tiktok_video_fetch_run (fetch, NULL, &error));
  set_mode ("ok");
  g_assert_no_error (error);
  g_assert_cmpuint (aura_tiktok_video_fetch_get_videos (fetch)->videos->len, ==, 0);
  problem = aura_tiktok_video_fetch_describe_problem (fetch);
  g_assert_cmpstr (problem, ==,
                   "yt-dlp failed with exit status 2: Error: rate limited by upstream, try "
                   "again later");
}

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_fetch_cancel_and_timeout (void)
{
  g_autoptr (AuraTikTokVideoFetch) cancelled = new_fetch ("alice_example", 0, 30000);
  g_autoptr (AuraTikTokVideoFetch) slow = new_fetch ("alice_example", 0, 500);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *problem = NULL;
  gint64 start;

  /* The hanging tool (and the child it started, which ignores SIGTERM)
   * is killed; the video it printed first is kept. */
  set_mode ("hang");
  start = g_get_monotonic_time ();
  g_timeout_add (400, cancel_cb, cancellable);
  g_assert_false (aura_tiktok_video_fetch_run (cancelled, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
  g_assert_cmpuint (aura_tiktok_video_fetch_get_videos (cancelled)->videos->len, ==, 1);
  g_assert_cmpint (aura_adapter_result_get_killed (aura_tiktok_video_fetch_get_result (cancelled)),
                   ==, AURA_ADAPTER_KILL_CANCELLED);
  g_clear_error (&error);

  start = g_get_monotonic_time ();
  g_assert_true (aura_tiktok_video_fetch_run (slow, NULL, &error));
  set_mode ("ok");
  g_assert_no_error (error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 500000);
  problem = aura_tiktok_video_fetch_describe_problem (slow);
  g_assert_cmpstr (problem, ==,
                   "yt-dlp took longer than 1 s and was stopped; the 1 video it listed before "
                   "is kept");
}

static void
test_fetch_max_videos (void)
{
  g_autoptr (AuraTikTokVideoFetch) fetch = new_fetch ("alice_example", 7, 20000);
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  const AuraTikTokVideoParse *videos;

  /* yt-dlp would go on for ever: stopped at the seventh video. */
  set_mode ("endless");
  g_assert_true (aura_tiktok_video_fetch_run (fetch, NULL, &error));
  set_mode ("ok");
  g_assert_no_error (error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  videos = aura_tiktok_video_fetch_get_videos (fetch);
  g_assert_cmpuint (videos->videos->len, ==, 7);
  g_assert_true (aura_tiktok_video_fetch_get_reached_max (fetch));
  g_assert_cmpint (aura_adapter_result_get_killed (aura_tiktok_video_fetch_get_result (fetch)), ==,
                   AURA_ADAPTER_KILL_STOPPED);
  g_assert_null (aura_tiktok_video_fetch_describe_problem (fetch));
  g_assert_cmpstr (((AuraTikTokVideo *)videos->videos->pdata[6])->id, ==, "7400000000000000006");
}

static void
test_fetch_long_line (void)
{
  g_autoptr (AuraTikTokVideoFetch) fetch = new_fetch ("alice_example", 0, 0);
  g_autoptr (GError) error = NULL;
  const AuraTikTokVideoParse *videos;

  set_mode ("long");
  g_assert_true (aura_tiktok_video_fetch_run (fetch, NULL, &error));
  set_mode ("ok");
  videos = aura_tiktok_video_fetch_get_videos (fetch);
  g_assert_cmpuint (videos->videos->len, ==, 1);
  g_assert_cmpuint (videos->skipped, ==, 1);
  g_assert_cmpstr (videos->reasons->pdata[0], ==, "line 1: longer than 1 MiB");
}

static void
test_fetch_missing_and_invalid (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *manifest_path =
      g_build_filename (g_getenv ("AURA_SOURCE_ROOT"), "data", "adapters", "yt-dlp.json", NULL);
  g_autofree char *manifest = NULL;
  g_autofree char *renamed = NULL;
  g_autoptr (AuraAdapter) ghost = NULL;
  g_autoptr (AuraTikTokVideoFetch) fetch = NULL;
  g_autoptr (AuraTikTokVideoFetch) invalid = NULL;
  AuraTikTokFetchOptions options = { .handle = "alice_example" };
  g_auto (GStrv) parts = NULL;

  /* The bundled manifest, with a program name nobody has. */
  g_assert_true (g_file_get_contents (manifest_path, &manifest, NULL, &error));
  parts = g_strsplit (manifest, "\"executables\": [\"yt-dlp\"]", -1);
  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  renamed = g_strjoinv ("\"executables\": [\"aura-no-such-yt-dlp\"]", parts);
  ghost = aura_adapter_load_data (renamed, -1, "ghost.json", NULL, &error);
  g_assert_no_error (error);
  fetch = aura_tiktok_video_fetch_new (ghost, &options, &error);
  g_assert_no_error (error);
  g_assert_false (aura_tiktok_video_fetch_run (fetch, NULL, &error));
  g_assert_error (error, AURA_ADAPTER_ERROR, AURA_ADAPTER_ERROR_MISSING);
  g_assert_nonnull (strstr (error->message, "“aura-no-such-yt-dlp”"));
  g_assert_nonnull (strstr (error->message, "apt install yt-dlp"));
  g_assert_null (aura_tiktok_video_fetch_get_result (fetch));
  g_assert_cmpuint (aura_tiktok_video_fetch_get_videos (fetch)->videos->len, ==, 0);
  g_assert_null (aura_tiktok_video_fetch_describe_problem (fetch));
  g_clear_error (&error);

  /* Handles are held to TikTok's rules before anything runs. */
  options.handle = "-o /tmp/x";
  invalid = aura_tiktok_video_fetch_new (ytdlp, &options, &error);
  g_assert_null (invalid);
  g_assert_error (error, AURA_TIKTOK_ERROR, AURA_TIKTOK_ERROR_INVALID_HANDLE);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *link = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *pids = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp = g_dir_make_tmp ("aura-tiktok-fetch-XXXXXX", &error);
  g_assert_no_error (error);
  bin_dir = g_build_filename (tmp, "bin", NULL);
  g_assert_cmpint (g_mkdir (bin_dir, 0700), ==, 0);
  link = g_build_filename (bin_dir, "yt-dlp", NULL);
  g_assert_cmpint (symlink (FAKE_TOOL, link), ==, 0);
  mode = g_build_filename (bin_dir, "mode", NULL);
  pids = g_build_filename (bin_dir, "pids", NULL);
  g_setenv ("AURA_ADAPTER_PATH", bin_dir, TRUE);
  g_setenv ("FAKE_TOOL_MODE_FILE", mode, TRUE);
  g_setenv ("FAKE_TOOL_PIDFILE", pids, TRUE);
  set_mode ("ok");
  ytdlp = aura_tiktok_load_ytdlp_adapter (&error);
  g_assert_no_error (error);

  g_test_add_func ("/tiktok/fetch/streamed-like-a-file", test_fetch_canned);
  g_test_add_func ("/tiktok/fetch/garbage-counted", test_fetch_garbage);
  g_test_add_func ("/tiktok/fetch/failure-said", test_fetch_failure);
  g_test_add_func ("/tiktok/fetch/cancel-and-timeout", test_fetch_cancel_and_timeout);
  g_test_add_func ("/tiktok/fetch/stops-at-max-videos", test_fetch_max_videos);
  g_test_add_func ("/tiktok/fetch/line-too-long", test_fetch_long_line);
  g_test_add_func ("/tiktok/fetch/missing-program-and-bad-handle", test_fetch_missing_and_invalid);
  status = g_test_run ();

  aura_adapter_unref (ytdlp);
  g_unlink (link);
  g_unlink (mode);
  g_unlink (pids);
  g_rmdir (bin_dir);
  g_rmdir (tmp);
  g_free (bin_dir);
  return status;
}
