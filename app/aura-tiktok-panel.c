/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-app"
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "aura-app-util.h"
#include "aura-application.h"
#include "aura-people-actions.h"
#include "aura-tiktok-panel-private.h"

/* The panel runs one AuraTikTokScan at a time in the UI thread's main
 * context (the engine's thread does the request; the scan records in one
 * short batch). Then the growth series is read from the store's evidence
 * in a worker thread. A videos file is read in a worker thread too, then
 * the scan runs again with it: the analytics come from the scan, and the
 * visit adds a point to the growth. *Fetch Videos* does the same with the
 * videos yt-dlp lists: AuraTikTokVideoFetch runs it in a worker thread
 * (its lines are read there as they come), then the scan runs with the
 * videos read. Whether yt-dlp can run here is checked once, in a worker
 * thread too, when the first analysis starts; the button shows only then.
 *
 * Every asynchronous call holds only a weak reference to the panel: a
 * closed page may be finalised before its answer comes. */

#define MAX_MESSAGE_CHARS 600

G_DEFINE_FINAL_TYPE (AuraTikTokPanel, aura_tiktok_panel, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- State ---------------------------------------------------------------------- */

void
aura_tiktok_panel_update_controls (AuraTikTokPanel *self)
{
  gboolean running = self->state == AURA_TIKTOK_PANEL_RUNNING;
  gboolean ended = self->state == AURA_TIKTOK_PANEL_FINISHED ||
                   self->state == AURA_TIKTOK_PANEL_CANCELLED ||
                   self->state == AURA_TIKTOK_PANEL_FAILED;

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), running);
  gtk_spinner_set_spinning (self->spinner, running);
  gtk_widget_set_visible (self->cancel_button, running);
  gtk_widget_set_sensitive (self->cancel_button, running);
  gtk_widget_set_visible (self->run_again_button, ended);
  gtk_widget_set_visible (self->load_videos_button, ended);
  gtk_widget_set_visible (self->fetch_videos_button, ended && self->ytdlp != NULL);
  gtk_widget_set_visible (self->close_button, !running);
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label),
                          *gtk_label_get_label (self->summary_label) != '\0');
}

void
aura_tiktok_panel_set_state (AuraTikTokPanel *self, AuraTikTokPanelState state)
{
  gboolean was_running = self->state == AURA_TIKTOK_PANEL_RUNNING;

  self->state = state;
  aura_tiktok_panel_update_controls (self);
  if (was_running != (state == AURA_TIKTOK_PANEL_RUNNING))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

void
aura_tiktok_panel_set_summary (AuraTikTokPanel *self, const char *text)
{
  g_autofree char *shown = aura_people_displayable (text, MAX_MESSAGE_CHARS);

  gtk_label_set_label (self->summary_label, shown);
  aura_tiktok_panel_update_controls (self);
}

void
aura_tiktok_panel_fail (AuraTikTokPanel *self, const char *message)
{
  gtk_label_set_label (self->status_label, "");
  aura_tiktok_panel_set_summary (self, message);
  aura_tiktok_panel_set_state (self, AURA_TIKTOK_PANEL_FAILED);
  aura_people_toast (GTK_WIDGET (self), message);
}

/* ---- The profile card ------------------------------------------------------------ */

static char *
format_count (gint64 count)
{
  if (count < 0)
    return g_strdup ("?");
  return g_strdup_printf ("%" G_GINT64_FORMAT, count);
}

static void
link_clicked_cb (GtkButton *button, gpointer user_data)
{
  aura_people_open_uri (GTK_WIDGET (button), g_object_get_data (G_OBJECT (button), "aura-uri"));
}

static void
add_link (AuraTikTokPanel *self, const char *text, const char *uri)
{
  GtkWidget *button = gtk_button_new_with_label (text);
  GtkWidget *label = gtk_button_get_child (GTK_BUTTON (button));

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (button, uri);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _ ("Opens in the web browser"), -1);
  g_object_set_data_full (G_OBJECT (button), "aura-uri", g_strdup (uri), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (link_clicked_cb), NULL);
  gtk_box_append (self->links_box, button);
}

static void
clear_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    {
      if (GTK_IS_BOX (box))
        gtk_box_remove (GTK_BOX (box), child);
      else
        gtk_list_box_remove (GTK_LIST_BOX (box), child);
    }
}

static void
show_profile (AuraTikTokPanel *self, const AuraTikTokProfile *profile)
{
  g_autofree char *followers = format_count (profile->followers);
  g_autofree char *following = format_count (profile->following);
  g_autofree char *likes = format_count (profile->likes);
  g_autofree char *videos = format_count (profile->videos);
  g_autofree char *counts = NULL;
  g_autofree char *handle = NULL;
  g_autoptr (GString) details = g_string_new (NULL);
  g_autoptr (GPtrArray) items = aura_tiktok_analyse_bio (profile->bio, profile->bio_link);
  const char *url = aura_tiktok_scan_get_profile_url (self->scan);

  gtk_label_set_label (self->nickname_label, profile->nickname != NULL && *profile->nickname != '\0'
                                                 ? profile->nickname
                                                 : profile->handle);
  handle = g_strdup_printf ("@%s%s%s", profile->handle,
                            /* Translators: flags after a TikTok handle. */
                            profile->verified ? _ (" · verified") : "",
                            profile->private_account ? _ (" · private") : "");
  gtk_label_set_label (self->handle_label, handle);
  /* Translators: the counts of a TikTok profile. */
  counts = g_strdup_printf (_ ("%s followers · %s following · %s likes · %s videos"), followers,
                            following, likes, videos);
  gtk_label_set_label (self->counts_label, counts);
  gtk_label_set_label (self->bio_label, profile->bio != NULL ? profile->bio : "");
  gtk_widget_set_visible (GTK_WIDGET (self->bio_label),
                          profile->bio != NULL && *profile->bio != '\0');

  clear_box (GTK_WIDGET (self->links_box));
  if (url != NULL)
    add_link (self, _ ("Open the Profile"), url);
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      const AuraTikTokBioItem *item = items->pdata[i];

      if (item->kind == AURA_TIKTOK_BIO_LINK)
        add_link (self, item->value, item->value);
    }

  if (profile->avatar_url != NULL)
    /* Translators: the address of the profile picture. */
    g_string_append_printf (details, _ ("Avatar: %s\n"), profile->avatar_url);
  if (profile->region != NULL)
    g_string_append_printf (details, _ ("Region: %s\n"), profile->region);
  if (profile->created_at > 0)
    {
      g_autoptr (GDateTime) created = g_date_time_new_from_unix_utc (profile->created_at);
      g_autofree char *date = created != NULL ? g_date_time_format (created, "%x") : NULL;

      if (date != NULL)
        g_string_append_printf (details, _ ("Created: %s\n"), date);
    }
  if (profile->id != NULL)
    g_string_append_printf (details, _ ("Account id: %s"), profile->id);
  gtk_label_set_label (self->details_label, details->str);
  gtk_widget_set_visible (self->content_box, TRUE);
}

/* ---- Videos --------------------------------------------------------------------- */

static void
open_video_cb (GtkButton *button, gpointer user_data)
{
  aura_people_open_uri (GTK_WIDGET (button), g_object_get_data (G_OBJECT (button), "aura-uri"));
}

static GtkWidget *
create_video_row (const AuraTikTokVideo *video)
{
  GtkWidget *row = adw_action_row_new ();
  const char *title = video->title != NULL && *video->title != '\0' ? video->title
                      : video->description != NULL && *video->description != '\0'
                          ? video->description
                          : video->id;
  g_autofree char *views = format_count (video->views);
  g_autofree char *likes = format_count (video->likes);
  /* Translators: the counts of one video. */
  g_autofree char *subtitle = g_strdup_printf (_ ("%s views · %s likes"), views, likes);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 1);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (video->url != NULL &&
      (g_str_has_prefix (video->url, "https://") || g_str_has_prefix (video->url, "http://")))
    {
      GtkWidget *button = gtk_button_new_from_icon_name ("web-browser-symbolic");

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, _ ("Open the Video"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _ ("Open the Video"), -1);
      g_object_set_data_full (G_OBJECT (button), "aura-uri", g_strdup (video->url), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (open_video_cb), NULL);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  return row;
}

static char *
format_rate (double rate)
{
  if (isnan (rate))
    return g_strdup (_ ("unknown"));
  return g_strdup_printf ("%.2f %%", rate * 100.0);
}

static void
show_analytics (AuraTikTokPanel *self,
                const AuraTikTokAnalytics *analytics,
                const AuraTikTokVideoParse *parse)
{
  g_autofree char *median = format_rate (analytics->engagement_median);
  g_autofree char *mean = format_rate (analytics->engagement_mean);
  g_autofree char *text = NULL;
  g_autofree char *caption = NULL;
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) values = g_array_new (FALSE, FALSE, sizeof (double));

  guint skipped = parse != NULL ? parse->skipped : 0;
  g_autofree char *videos =
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u video", "%u videos", analytics->n_videos),
                       analytics->n_videos);
  g_autofree char *skipped_text =
      skipped == 0 ? g_strdup ("")
                   : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, " (%u line skipped)",
                                                   " (%u lines skipped)", skipped),
                                      skipped);

  /* Translators: the video analytics' first line: “12 videos” and “ (1 line
   * skipped)” (or nothing), the median and mean engagement rates, videos
   * per week. */
  text = g_strdup_printf (_ ("%s%s · engagement median %s, mean %s · %.1f videos a week"), videos,
                          skipped_text, median, mean, analytics->videos_per_week);
  gtk_label_set_label (self->engagement_label, text);
  /* Translators: %s is a time zone (“UTC”, “Europe/Paris”). */
  caption = g_strdup_printf (_ ("Posting Hours (%s)"),
                             analytics->time_zone != NULL ? analytics->time_zone : "UTC");
  gtk_label_set_label (self->heatmap_caption, caption);
  aura_heatmap_chart_set_data (self->heatmap, (const guint (*)[24])analytics->heatmap,
                               analytics->time_zone);

  for (guint i = 0; analytics->hashtags != NULL && i < analytics->hashtags->len; i++)
    {
      const AuraTikTokTagCount *tag = analytics->hashtags->pdata[i];
      double count = tag->count;

      g_ptr_array_add (labels, g_strdup_printf ("#%s", tag->tag));
      g_array_append_val (values, count);
    }
  aura_bar_chart_set_data (self->hashtags_chart, (const char *const *)labels->pdata,
                           (const double *)(void *)values->data, labels->len);

  clear_box (GTK_WIDGET (self->top_list));
  for (guint i = 0; analytics->top_by_views != NULL && i < analytics->top_by_views->len; i++)
    {
      const AuraTikTokRanked *ranked =
          &g_array_index (analytics->top_by_views, AuraTikTokRanked, i);

      if (ranked->index < analytics->videos->len)
        gtk_list_box_append (self->top_list,
                             create_video_row (analytics->videos->pdata[ranked->index]));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->top_list),
                          analytics->top_by_views != NULL && analytics->top_by_views->len > 0);
  gtk_widget_set_visible (self->videos_box, TRUE);
}

/* ---- Growth --------------------------------------------------------------------- */

typedef struct
{
  AuraStore *store;
  gint64 investigation_id;
  gint64 entity_id;
} GrowthQuery;

static void
growth_query_free (gpointer data)
{
  GrowthQuery *query = data;

  g_object_unref (query->store);
  g_free (query);
}

static void
load_growth_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GrowthQuery *query = task_data;
  GError *error = NULL;
  GArray *series =
      aura_tiktok_load_snapshots (query->store, query->investigation_id, query->entity_id, &error);

  if (series == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, series, (GDestroyNotify)g_array_unref);
}

static void
growth_loaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (AuraTikTokPanel) self = aura_people_weak_take (user_data);
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) series = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray) values = g_array_new (FALSE, FALSE, sizeof (double));

  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading_growth = FALSE;
  if (series == NULL)
    {
      gtk_label_set_label (self->growth_hint, error->message);
      return;
    }
  for (guint i = 0; i < series->len; i++)
    {
      const AuraTikTokSnapshot *point = &g_array_index (series, AuraTikTokSnapshot, i);
      double followers = point->followers;

      if (point->followers < 0)
        continue;
      g_array_append_val (times, point->captured_at);
      g_array_append_val (values, followers);
    }
  aura_line_chart_set_points (self->growth_chart, (const gint64 *)(void *)times->data,
                              (const double *)(void *)values->data, times->len);
  if (times->len <= 1)
    gtk_label_set_label (self->growth_hint, _ ("Run again later to see growth"));
  else
    gtk_label_set_label (self->growth_hint, aura_line_chart_get_summary (self->growth_chart));
}

static void
load_growth (AuraTikTokPanel *self, gint64 entity_id)
{
  g_autoptr (GTask) task = NULL;
  GrowthQuery *query = g_new0 (GrowthQuery, 1);
  gpointer weak;

  query->store = g_object_ref (self->store);
  query->investigation_id = self->investigation_id;
  query->entity_id = entity_id;
  weak = aura_people_weak_new (self);
  self->loading_growth = TRUE;
  task = g_task_new (NULL, self->cancellable, growth_loaded_cb, weak);
  g_task_set_source_tag (task, load_growth);
  g_task_set_task_data (task, query, growth_query_free);
  g_task_run_in_thread (task, load_growth_thread);
}

/* ---- The scan ------------------------------------------------------------------- */

static void
show_result (AuraTikTokPanel *self)
{
  const AuraTikTokProfile *profile = aura_tiktok_scan_get_profile (self->scan);
  const AuraTikTokAnalytics *analytics = aura_tiktok_scan_get_analytics (self->scan);
  const char *reason = aura_tiktok_scan_get_reason (self->scan);
  const GError *page_error = aura_tiktok_scan_get_page_error (self->scan);
  g_autofree char *summary = NULL;

  switch (aura_tiktok_scan_get_verdict (self->scan))
    {
      case AURA_VERDICT_FOUND:
        summary = g_strdup (profile != NULL && profile->private_account
                                ? _ ("Found: a private account; only its counts are public")
                                : "");
        break;
      case AURA_VERDICT_NOT_FOUND:
        summary = g_strdup (_ ("TikTok says this account does not exist"));
        break;
      default:
        /* Translators: %s says why (a CAPTCHA, a login wall, a timeout…). */
        summary = g_strdup_printf (_ ("The profile could not be read: %s"),
                                   page_error != NULL ? page_error->message
                                                      : (reason != NULL ? reason : ""));
        break;
    }
  if (self->videos_note != NULL)
    {
      char *joined = g_strjoin (*summary != '\0' ? "\n" : "", summary, self->videos_note, NULL);

      g_free (summary);
      summary = joined;
    }
  aura_tiktok_panel_set_summary (self, summary);
  if (profile != NULL)
    show_profile (self, profile);
  else
    gtk_widget_set_visible (self->content_box, FALSE);
  if (analytics != NULL)
    show_analytics (self, analytics, aura_tiktok_scan_get_videos (self->scan));
  if (aura_tiktok_scan_get_entity_id (self->scan) > 0)
    load_growth (self, aura_tiktok_scan_get_entity_id (self->scan));
}

static void
scan_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (AuraTikTokPanel) self = aura_people_weak_take (user_data);
  g_autoptr (GError) error = NULL;
  gboolean ok = aura_tiktok_scan_run_finish (AURA_TIKTOK_SCAN (source), result, &error);

  if (self == NULL || (AuraTikTokScan *)source != self->scan)
    return;
  gtk_label_set_label (self->status_label, "");
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      aura_tiktok_panel_set_summary (self, _ ("Cancelled: what was recorded before is kept"));
      aura_tiktok_panel_set_state (self, AURA_TIKTOK_PANEL_CANCELLED);
      return;
    }
  if (!ok)
    {
      aura_tiktok_panel_fail (self, error->message);
      return;
    }
  aura_tiktok_panel_set_state (self, AURA_TIKTOK_PANEL_FINISHED);
  show_result (self);
}

void
aura_tiktok_panel_begin_scan (AuraTikTokPanel *self, AuraEngine *engine)
{
  AuraTikTokScanOptions options = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();
  gpointer weak;

  options.handle = self->handle;
  options.base_url = self->base_url;
  options.videos_jsonl = self->videos_jsonl;
  options.videos = self->videos;
  /* The posting hours in the investigator's time, unless a test says. */
  options.time_zone = self->time_zone != NULL ? self->time_zone : local;
  options.timeout_ms = self->timeout_ms;
  options.investigation_id = self->investigation_id;
  g_clear_object (&self->scan);
  self->scan = aura_tiktok_scan_new (engine, self->store, &options, &error);
  if (self->scan == NULL)
    {
      aura_tiktok_panel_fail (self, error->message);
      return;
    }
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  weak = aura_people_weak_new (self);
  gtk_label_set_label (self->status_label, _ ("Reading the profile…"));
  aura_tiktok_panel_set_state (self, AURA_TIKTOK_PANEL_RUNNING);
  aura_tiktok_scan_run_async (self->scan, self->cancellable, scan_done_cb, weak);
}

static void
reset_view (AuraTikTokPanel *self)
{
  g_autofree char *valid = aura_people_displayable (self->handle, 120);
  /* Translators: %s is the TikTok handle analysed. */
  g_autofree char *heading = g_strdup_printf (_ ("TikTok Profile of “%s”"), valid);

  gtk_label_set_label (self->heading_label, heading);
  gtk_label_set_label (self->summary_label, "");
  gtk_label_set_label (self->status_label, "");
}

gboolean
aura_tiktok_panel_start (AuraTikTokPanel *self,
                         AuraStore *store,
                         gint64 investigation_id,
                         gint64 target_id,
                         const char *handle,
                         GError **error)
{
  AuraEngine *engine;
  char *copy;

  g_return_val_if_fail (AURA_IS_TIKTOK_PANEL (self), FALSE);
  g_return_val_if_fail (AURA_IS_STORE (store), FALSE);
  g_return_val_if_fail (handle != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->state == AURA_TIKTOK_PANEL_RUNNING)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                           _ ("A TikTok analysis is already running here: cancel it, or wait "
                              "until it ends, before starting another"));
      return FALSE;
    }
  engine = aura_people_find_engine (GTK_WIDGET (self), error);
  if (engine == NULL)
    return FALSE;

  /* A new account forgets the videos of the previous one. */
  if (self->handle == NULL || strcmp (self->handle, handle) != 0 ||
      investigation_id != self->investigation_id)
    {
      g_clear_pointer (&self->videos_jsonl, g_free);
      g_clear_pointer (&self->videos, aura_tiktok_video_parse_free);
      g_clear_pointer (&self->videos_note, g_free);
      gtk_widget_set_visible (self->videos_box, FALSE);
      gtk_widget_set_visible (self->content_box, FALSE);
      aura_line_chart_set_points (self->growth_chart, NULL, NULL, 0);
      gtk_label_set_label (self->growth_hint, "");
    }
  g_set_object (&self->store, store);
  self->investigation_id = investigation_id;
  self->target_id = target_id;
  copy = g_strdup (handle);
  g_free (self->handle);
  self->handle = copy;
  reset_view (self);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  aura_tiktok_panel_check_ytdlp (self);
  aura_tiktok_panel_begin_scan (self, engine);
  return TRUE;
}

void
aura_tiktok_panel_cancel (AuraTikTokPanel *self)
{
  g_return_if_fail (AURA_IS_TIKTOK_PANEL (self));

  if (self->state != AURA_TIKTOK_PANEL_RUNNING)
    return;
  gtk_widget_set_sensitive (self->cancel_button, FALSE);
  g_cancellable_cancel (self->cancellable);
}

/* ---- Buttons -------------------------------------------------------------------- */

static void
cancel_clicked_cb (AuraTikTokPanel *self)
{
  aura_tiktok_panel_cancel (self);
}

static void
run_again_clicked_cb (AuraTikTokPanel *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *handle = g_strdup (self->handle);

  if (self->store == NULL || handle == NULL)
    return;
  if (!aura_tiktok_panel_start (self, self->store, self->investigation_id, self->target_id, handle,
                                &error))
    aura_people_toast (GTK_WIDGET (self), error->message);
}

static void
close_clicked_cb (AuraTikTokPanel *self)
{
  if (self->state == AURA_TIKTOK_PANEL_RUNNING)
    return;
  g_cancellable_cancel (self->cancellable);
  self->loading_growth = FALSE;
  g_clear_object (&self->scan);
  aura_tiktok_panel_set_state (self, AURA_TIKTOK_PANEL_IDLE);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/* ---- Getters -------------------------------------------------------------------- */

void
aura_tiktok_panel_set_test_options (AuraTikTokPanel *self, const AuraTikTokScanOptions *overrides)
{
  g_return_if_fail (AURA_IS_TIKTOK_PANEL (self));

  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->time_zone, g_time_zone_unref);
  self->timeout_ms = 0;
  if (overrides == NULL)
    return;
  self->base_url = g_strdup (overrides->base_url);
  if (overrides->time_zone != NULL)
    self->time_zone = g_time_zone_ref (overrides->time_zone);
  self->timeout_ms = overrides->timeout_ms;
}

void
aura_tiktok_panel_set_fetch_test_options (AuraTikTokPanel *self,
                                          const AuraTikTokFetchOptions *overrides)
{
  g_return_if_fail (AURA_IS_TIKTOK_PANEL (self));

  memset (&self->fetch_options, 0, sizeof self->fetch_options);
  if (overrides == NULL)
    return;
  self->fetch_options.max_videos = overrides->max_videos;
  self->fetch_options.timeout_ms = overrides->timeout_ms;
  self->fetch_options.grace_ms = overrides->grace_ms;
}

gboolean
aura_tiktok_panel_get_can_fetch_videos (AuraTikTokPanel *self)
{
  g_return_val_if_fail (AURA_IS_TIKTOK_PANEL (self), FALSE);
  return self->ytdlp != NULL;
}

gboolean
aura_tiktok_panel_get_checking_ytdlp (AuraTikTokPanel *self)
{
  g_return_val_if_fail (AURA_IS_TIKTOK_PANEL (self), FALSE);
  return self->checking_ytdlp;
}

AuraTikTokPanelState
aura_tiktok_panel_get_state (AuraTikTokPanel *self)
{
  g_return_val_if_fail (AURA_IS_TIKTOK_PANEL (self), AURA_TIKTOK_PANEL_IDLE);
  return self->state;
}

gboolean
aura_tiktok_panel_get_running (AuraTikTokPanel *self)
{
  g_return_val_if_fail (AURA_IS_TIKTOK_PANEL (self), FALSE);
  return self->state == AURA_TIKTOK_PANEL_RUNNING;
}

AuraTikTokScan *
aura_tiktok_panel_get_scan (AuraTikTokPanel *self)
{
  g_return_val_if_fail (AURA_IS_TIKTOK_PANEL (self), NULL);
  return self->scan;
}

gboolean
aura_tiktok_panel_get_loading_growth (AuraTikTokPanel *self)
{
  g_return_val_if_fail (AURA_IS_TIKTOK_PANEL (self), FALSE);
  return self->loading_growth;
}

AuraLineChart *
aura_tiktok_panel_get_growth_chart (AuraTikTokPanel *self)
{
  g_return_val_if_fail (AURA_IS_TIKTOK_PANEL (self), NULL);
  return self->growth_chart;
}

AuraHeatmapChart *
aura_tiktok_panel_get_heatmap (AuraTikTokPanel *self)
{
  g_return_val_if_fail (AURA_IS_TIKTOK_PANEL (self), NULL);
  return self->heatmap;
}

AuraBarChart *
aura_tiktok_panel_get_hashtags_chart (AuraTikTokPanel *self)
{
  g_return_val_if_fail (AURA_IS_TIKTOK_PANEL (self), NULL);
  return self->hashtags_chart;
}

const char *
aura_tiktok_panel_get_heading (AuraTikTokPanel *self)
{
  g_return_val_if_fail (AURA_IS_TIKTOK_PANEL (self), NULL);
  return gtk_label_get_label (self->heading_label);
}

const char *
aura_tiktok_panel_get_summary (AuraTikTokPanel *self)
{
  g_return_val_if_fail (AURA_IS_TIKTOK_PANEL (self), NULL);
  return gtk_label_get_label (self->summary_label);
}

const char *
aura_tiktok_panel_get_counts_text (AuraTikTokPanel *self)
{
  g_return_val_if_fail (AURA_IS_TIKTOK_PANEL (self), NULL);
  return gtk_label_get_label (self->counts_label);
}

const char *
aura_tiktok_panel_get_growth_hint (AuraTikTokPanel *self)
{
  g_return_val_if_fail (AURA_IS_TIKTOK_PANEL (self), NULL);
  return gtk_label_get_label (self->growth_hint);
}

const char *
aura_tiktok_panel_get_engagement_text (AuraTikTokPanel *self)
{
  g_return_val_if_fail (AURA_IS_TIKTOK_PANEL (self), NULL);
  return gtk_label_get_label (self->engagement_label);
}

guint
aura_tiktok_panel_get_n_top_videos (AuraTikTokPanel *self)
{
  guint n = 0;

  g_return_val_if_fail (AURA_IS_TIKTOK_PANEL (self), 0);
  while (gtk_list_box_get_row_at_index (self->top_list, n) != NULL)
    n++;
  return n;
}

/* ---- GObject -------------------------------------------------------------------- */

AuraTikTokPanel *
aura_tiktok_panel_new (void)
{
  return g_object_new (AURA_TYPE_TIKTOK_PANEL, NULL);
}

static void
aura_tiktok_panel_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  AuraTikTokPanel *self = AURA_TIKTOK_PANEL (object);

  switch (prop_id)
    {
      case PROP_RUNNING:
        g_value_set_boolean (value, self->state == AURA_TIKTOK_PANEL_RUNNING);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aura_tiktok_panel_dispose (GObject *object)
{
  AuraTikTokPanel *self = AURA_TIKTOK_PANEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  aura_tiktok_panel_stop_fetch_progress (self);
  g_clear_object (&self->fetch);
  g_clear_object (&self->scan);
  g_clear_object (&self->store);
  g_clear_pointer (&self->ytdlp, aura_adapter_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), AURA_TYPE_TIKTOK_PANEL);
  aura_widget_unparent_children (GTK_WIDGET (self));
  G_OBJECT_CLASS (aura_tiktok_panel_parent_class)->dispose (object);
}

static void
aura_tiktok_panel_finalize (GObject *object)
{
  AuraTikTokPanel *self = AURA_TIKTOK_PANEL (object);

  g_free (self->handle);
  g_free (self->videos_jsonl);
  g_clear_pointer (&self->videos, aura_tiktok_video_parse_free);
  g_free (self->videos_note);
  g_free (self->base_url);
  g_clear_pointer (&self->time_zone, g_time_zone_unref);
  G_OBJECT_CLASS (aura_tiktok_panel_parent_class)->finalize (object);
}

static void
aura_tiktok_panel_class_init (AuraTikTokPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = aura_tiktok_panel_get_property;
  object_class->dispose = aura_tiktok_panel_dispose;
  object_class->finalize = aura_tiktok_panel_finalize;

  properties[PROP_RUNNING] =
      g_param_spec_boolean ("running", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (AURA_TYPE_LINE_CHART);
  g_type_ensure (AURA_TYPE_HEATMAP_CHART);
  g_type_ensure (AURA_TYPE_BAR_CHART);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/aura-tiktok-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, AuraTikTokPanel, heading_label);
  gtk_widget_class_bind_template_child (widget_class, AuraTikTokPanel, status_label);
  gtk_widget_class_bind_template_child (widget_class, AuraTikTokPanel, spinner);
  gtk_widget_class_bind_template_child (widget_class, AuraTikTokPanel, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, AuraTikTokPanel, load_videos_button);
  gtk_widget_class_bind_template_child (widget_class, AuraTikTokPanel, fetch_videos_button);
  gtk_widget_class_bind_template_child (widget_class, AuraTikTokPanel, run_again_button);
  gtk_widget_class_bind_template_child (widget_class, AuraTikTokPanel, close_button);
  gtk_widget_class_bind_template_child (widget_class, AuraTikTokPanel, summary_label);
  gtk_widget_class_bind_template_child (widget_class, AuraTikTokPanel, content_box);
  gtk_widget_class_bind_template_child (widget_class, AuraTikTokPanel, nickname_label);
  gtk_widget_class_bind_template_child (widget_class, AuraTikTokPanel, handle_label);
  gtk_widget_class_bind_template_child (widget_class, AuraTikTokPanel, counts_label);
  gtk_widget_class_bind_template_child (widget_class, AuraTikTokPanel, bio_label);
  gtk_widget_class_bind_template_child (widget_class, AuraTikTokPanel, links_box);
  gtk_widget_class_bind_template_child (widget_class, AuraTikTokPanel, details_label);
  gtk_widget_class_bind_template_child (widget_class, AuraTikTokPanel, growth_chart);
  gtk_widget_class_bind_template_child (widget_class, AuraTikTokPanel, growth_hint);
  gtk_widget_class_bind_template_child (widget_class, AuraTikTokPanel, videos_box);
  gtk_widget_class_bind_template_child (widget_class, AuraTikTokPanel, engagement_label);
  gtk_widget_class_bind_template_child (widget_class, AuraTikTokPanel, heatmap_caption);
  gtk_widget_class_bind_template_child (widget_class, AuraTikTokPanel, heatmap);
  gtk_widget_class_bind_template_child (widget_class, AuraTikTokPanel, hashtags_chart);
  gtk_widget_class_bind_template_child (widget_class, AuraTikTokPanel, top_list);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback_full (widget_class, "load_videos_clicked_cb",
                                                G_CALLBACK (aura_tiktok_panel_load_videos_clicked));
  gtk_widget_class_bind_template_callback_full (
      widget_class, "fetch_videos_clicked_cb", G_CALLBACK (aura_tiktok_panel_fetch_videos_clicked));
  gtk_widget_class_bind_template_callback (widget_class, run_again_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, close_clicked_cb);
}

static void
aura_tiktok_panel_init (AuraTikTokPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  aura_line_chart_set_quantity (self->growth_chart, _ ("Followers"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->growth_chart),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("Followers over time"), -1);
  aura_tiktok_panel_update_controls (self);
}
