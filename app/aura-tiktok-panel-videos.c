/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-app"
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "aura-app-util.h"
#include "aura-application.h"
#include "aura-people-actions.h"
#include "aura-tiktok-panel-private.h"

/* The TikTok panel's videos: a yt-dlp output file read in a worker thread,
 * or the videos yt-dlp lists when it is installed (AuraTikTokVideoFetch in
 * a worker thread, progress polled every FETCH_PROGRESS_MS); either way the
 * scan then runs again with them. */

#define MAX_VIDEOS_BYTES (64 * 1024 * 1024)
#define FETCH_PROGRESS_MS 250

/* ---- Videos file ---------------------------------------------------------------- */

static void
videos_read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (AuraTikTokPanel) self = aura_people_weak_take (user_data);
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  AuraEngine *engine;

  g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error);
  if (self == NULL)
    return;
  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          aura_tiktok_panel_set_summary (self, _ ("Cancelled before the videos were read"));
          aura_tiktok_panel_set_state (self, AURA_TIKTOK_PANEL_CANCELLED);
        }
      else
        aura_tiktok_panel_fail (self, error->message);
      return;
    }
  if (length > MAX_VIDEOS_BYTES)
    {
      aura_tiktok_panel_fail (
          self, _ ("The videos file is larger than 64 MiB: split it, or keep the newest "
                   "videos"));
      return;
    }
  if (memchr (contents, '\0', length) != NULL || !g_utf8_validate (contents, length, NULL))
    {
      aura_tiktok_panel_fail (self,
                              _ ("The videos file is not text: choose the output of “yt-dlp -j”"));
      return;
    }
  g_free (self->videos_jsonl);
  self->videos_jsonl = g_steal_pointer (&contents);
  g_clear_pointer (&self->videos, aura_tiktok_video_parse_free);
  g_clear_pointer (&self->videos_note, g_free);
  engine = aura_people_find_engine (GTK_WIDGET (self), &error);
  if (engine == NULL)
    {
      aura_tiktok_panel_fail (self, error->message);
      return;
    }
  aura_tiktok_panel_begin_scan (self, engine);
}

gboolean
aura_tiktok_panel_load_videos (AuraTikTokPanel *self, GFile *file, GError **error)
{
  gpointer weak;

  g_return_val_if_fail (AURA_IS_TIKTOK_PANEL (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->state == AURA_TIKTOK_PANEL_RUNNING)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                           _ ("Wait until the analysis ends before loading videos"));
      return FALSE;
    }
  if (self->handle == NULL || self->store == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                           _ ("Analyse a TikTok account first, then load its videos"));
      return FALSE;
    }
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  weak = aura_people_weak_new (self);
  gtk_label_set_label (self->status_label, _ ("Reading the videos file…"));
  aura_tiktok_panel_set_summary (self, "");
  aura_tiktok_panel_set_state (self, AURA_TIKTOK_PANEL_RUNNING);
  g_file_load_contents_async (file, self->cancellable, videos_read_cb, weak);
  return TRUE;
}

static void
chooser_response_cb (GtkNativeDialog *dialog, int response, gpointer user_data)
{
  g_autoptr (AuraTikTokPanel) self = aura_people_weak_take (user_data);
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_object_unref (dialog);
  if (self == NULL || file == NULL)
    return;
  if (!aura_tiktok_panel_load_videos (self, file, &error))
    aura_people_toast (GTK_WIDGET (self), error->message);
}

void
aura_tiktok_panel_load_videos_clicked (AuraTikTokPanel *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  gpointer weak;

  chooser = gtk_file_chooser_native_new (_ ("Load the Account’s Videos"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _ ("_Load"), _ ("_Cancel"));
  gtk_file_filter_set_name (filter, _ ("yt-dlp JSON lines"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_filter_add_pattern (filter, "*.jsonl");
  gtk_file_filter_add_pattern (filter, "*.txt");
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  G_GNUC_END_IGNORE_DEPRECATIONS
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  weak = aura_people_weak_new (self);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), weak);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- Videos from yt-dlp --------------------------------------------------------- */

static void
ytdlp_found_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (AuraTikTokPanel) self = aura_people_weak_take (user_data);
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraAdapter) adapter = aura_tiktok_find_ytdlp_finish (result, &error);

  if (self == NULL)
    return;
  self->checking_ytdlp = FALSE;
  if (adapter == NULL)
    {
      /* No button then: the tooltip of “Load Videos…” still says how to
       * get the file. */
      g_debug ("Fetch Videos is not offered: %s", error->message);
      return;
    }
  self->ytdlp = g_steal_pointer (&adapter);
  aura_tiktok_panel_update_controls (self);
}

/* Looks for yt-dlp once (again later only if it was not found). */
void
aura_tiktok_panel_check_ytdlp (AuraTikTokPanel *self)
{
  if (self->ytdlp != NULL || self->checking_ytdlp)
    return;
  self->checking_ytdlp = TRUE;
  aura_tiktok_find_ytdlp_async (NULL, ytdlp_found_cb, aura_people_weak_new (self));
}

static gboolean
fetch_progress_cb (gpointer user_data)
{
  AuraTikTokPanel *self = user_data;
  guint n = self->fetch != NULL ? aura_tiktok_video_fetch_get_n_videos (self->fetch) : 0;
  /* Translators: %u is a count of videos read so far. */
  g_autofree char *text = g_strdup_printf (_ ("Listing the videos with yt-dlp… %u read"), n);

  gtk_label_set_label (self->status_label, text);
  return G_SOURCE_CONTINUE;
}

void
aura_tiktok_panel_stop_fetch_progress (AuraTikTokPanel *self)
{
  if (self->fetch_progress_id != 0)
    g_source_remove (self->fetch_progress_id);
  self->fetch_progress_id = 0;
}

static void
fetch_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (AuraTikTokPanel) self = aura_people_weak_take (user_data);
  AuraTikTokVideoFetch *fetch = AURA_TIKTOK_VIDEO_FETCH (source);
  g_autoptr (GError) error = NULL;
  g_autofree char *problem = NULL;
  const AuraTikTokVideoParse *videos;
  AuraEngine *engine;
  gboolean ok = aura_tiktok_video_fetch_run_finish (fetch, result, &error);

  if (self == NULL || fetch != self->fetch)
    return;
  aura_tiktok_panel_stop_fetch_progress (self);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      gtk_label_set_label (self->status_label, "");
      aura_tiktok_panel_set_summary (self, _ ("Cancelled: what was recorded before is kept"));
      aura_tiktok_panel_set_state (self, AURA_TIKTOK_PANEL_CANCELLED);
      return;
    }
  if (!ok)
    {
      aura_tiktok_panel_fail (self, error->message);
      return;
    }
  videos = aura_tiktok_video_fetch_get_videos (fetch);
  problem = aura_tiktok_video_fetch_describe_problem (fetch);
  if (videos->videos->len == 0)
    {
      aura_tiktok_panel_fail (self, problem != NULL ? problem : _ ("yt-dlp listed no videos"));
      return;
    }
  /* The videos replace a file loaded before; then the scan runs with
   * them, as with a file. */
  g_clear_pointer (&self->videos_jsonl, g_free);
  g_clear_pointer (&self->videos, aura_tiktok_video_parse_free);
  self->videos = aura_tiktok_video_parse_copy (videos);
  g_free (self->videos_note);
  self->videos_note = g_steal_pointer (&problem);
  engine = aura_people_find_engine (GTK_WIDGET (self), &error);
  if (engine == NULL)
    {
      aura_tiktok_panel_fail (self, error->message);
      return;
    }
  aura_tiktok_panel_begin_scan (self, engine);
}

gboolean
aura_tiktok_panel_fetch_videos (AuraTikTokPanel *self, GError **error)
{
  AuraTikTokFetchOptions options;

  g_return_val_if_fail (AURA_IS_TIKTOK_PANEL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->state == AURA_TIKTOK_PANEL_RUNNING)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                           _ ("Wait until the analysis ends before fetching the videos"));
      return FALSE;
    }
  if (self->handle == NULL || self->store == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                           _ ("Analyse a TikTok account first, then fetch its videos"));
      return FALSE;
    }
  if (self->ytdlp == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _ ("yt-dlp is not installed here: install it (Debian, Ubuntu: “sudo "
                              "apt install yt-dlp”), or load a file of its output instead"));
      return FALSE;
    }
  options = self->fetch_options;
  options.handle = self->handle;
  options.base_url = self->base_url;
  g_clear_object (&self->fetch);
  self->fetch = aura_tiktok_video_fetch_new (self->ytdlp, &options, error);
  if (self->fetch == NULL)
    return FALSE;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  aura_tiktok_panel_set_summary (self, "");
  aura_tiktok_panel_set_state (self, AURA_TIKTOK_PANEL_RUNNING);
  fetch_progress_cb (self);
  self->fetch_progress_id = g_timeout_add (FETCH_PROGRESS_MS, fetch_progress_cb, self);
  aura_tiktok_video_fetch_run_async (self->fetch, self->cancellable, fetch_done_cb,
                                     aura_people_weak_new (self));
  return TRUE;
}

void
aura_tiktok_panel_fetch_videos_clicked (AuraTikTokPanel *self)
{
  g_autoptr (GError) error = NULL;

  if (!aura_tiktok_panel_fetch_videos (self, &error))
    aura_people_toast (GTK_WIDGET (self), error->message);
}
