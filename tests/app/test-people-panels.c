/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>

#include "app-test-utils.h"
#include "aura-application.h"
#include "aura-chart.h"
#include "aura-people-actions.h"
#include "aura-phone-panel.h"
#include "aura-test-server.h"
#include "aura-tiktok-panel.h"

/* The people selectors' panels, each in a window of its own with a real
 * store in a temporary folder and the real engine of an AuraApplication
 * (loopback only): a SoupServer on 127.0.0.1 plays TikTok, and
 * tests/adapter's fake program, first on PATH under the name yt-dlp,
 * plays yt-dlp. Also the charts on their own and the target buttons. */

#define TIMEOUT_MS 15000

/* The folder on PATH that holds the fake yt-dlp, and its mode file. */
static char *fake_bin;

typedef struct
{
  char *dir;
  AuraStore *store;
  gint64 investigation_id;
  AuraTestServer *server;
  char *base;
  char *pages[2];
  int hits;
  AuraApplication *app;
  GtkWindow *window;
  GtkWidget *panel;
} Fixture;

/* ---- Pages ---------------------------------------------------------------------- */

static char *
load_page (const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path =
      g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "tiktok", "pages", name, NULL);
  char *data = NULL;

  g_file_get_contents (path, &data, NULL, &error);
  g_assert_no_error (error);
  return data;
}

static char *
replace (const char *text, const char *from, const char *to)
{
  g_auto (GStrv) parts = g_strsplit (text, from, -1);

  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  return g_strjoinv (to, parts);
}

/* The first visit sees the saved page, later ones more followers. */
static void
profile_handler (AuraTestServer *server,
                 SoupServerMessage *msg,
                 const char *host,
                 const char *path,
                 gpointer user_data)
{
  Fixture *f = user_data;
  int n = g_atomic_int_add (&f->hits, 1);
  const char *body = f->pages[MIN (n, 1)];

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_COPY, body,
                                    strlen (body));
}

/* ---- Fixture -------------------------------------------------------------------- */

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraInvestigation) investigation = NULL;
  g_autofree char *path = NULL;
  g_autofree char *public_page = load_page ("public.html");
  g_autofree char *slow_page = g_strdup (public_page);
  GtkWidget *overlay;

  f->dir = g_dir_make_tmp ("aura-people-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "aura.db", NULL);
  f->store = aura_store_open (path, AURA_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  investigation = aura_store_create_investigation (f->store, "People", NULL, &error);
  g_assert_no_error (error);
  f->investigation_id = aura_investigation_get_id (investigation);

  f->pages[0] = g_strdup (public_page);
  f->pages[1] = replace (public_page, "\"followerCount\":12345", "\"followerCount\":12400");
  f->server = aura_test_server_new ();
  aura_test_server_add_handler (f->server, "127.0.0.1", "/@ada.example", profile_handler, f, NULL);
  aura_test_server_add_response (f->server, "127.0.0.1", "/@slow.one", 200, NULL, slow_page, 10000);
  aura_test_server_add_response (f->server, "127.0.0.1", "*", 404, NULL, "no", 0);
  f->base = g_strdup_printf ("http://127.0.0.1:%u", aura_test_server_get_port (f->server));

  /* Not registered, not run: the process's default application, where the
   * panels find the engine. */
  f->app = aura_application_new ();
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1000, 800);
  overlay = adw_toast_overlay_new ();
  gtk_window_set_child (f->window, overlay);
  f->panel = GTK_WIDGET (aura_tiktok_panel_new ());
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), f->panel);
  gtk_window_present (f->window);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  if (f->window != NULL)
    {
      gtk_window_destroy (f->window);
      app_test_drain (200);
    }
  g_assert_finalize_object (f->app);
  g_clear_pointer (&f->server, aura_test_server_free);
  g_clear_object (&f->store);
  app_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->base);
  g_free (f->pages[0]);
  g_free (f->pages[1]);
}

static GtkWidget *
find_by_tooltip (GtkWidget *root, const char *tooltip)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_widget_get_tooltip_text (root), tooltip) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_tooltip (child, tooltip);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* ---- TikTok --------------------------------------------------------------------- */

static gboolean
tiktok_settled (gpointer data)
{
  AuraTikTokPanel *panel = data;

  return !aura_tiktok_panel_get_running (panel) && !aura_tiktok_panel_get_loading_growth (panel);
}

static void
set_tiktok_options (Fixture *f, AuraTikTokPanel *panel)
{
  AuraTikTokScanOptions options = { 0 };
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();

  options.base_url = f->base;
  options.time_zone = utc;
  options.timeout_ms = 5000;
  aura_tiktok_panel_set_test_options (panel, &options);
}

static const char videos_jsonl[] =
    "{\"id\":\"7300000000000000001\",\"webpage_url\":\"https://www.tiktok.com/@ada.example/video/"
    "7300000000000000001\",\"timestamp\":1704103200,\"view_count\":1000,\"like_count\":100,"
    "\"comment_count\":10,\"repost_count\":40,\"tags\":[\"sourdough\",\"crumb\"]}\n"
    "not json at all\n"
    "{\"id\":\"7300000000000000002\",\"webpage_url\":\"https://www.tiktok.com/@ada.example/video/"
    "7300000000000000002\",\"timestamp\":1704279600,\"view_count\":200,\"like_count\":20,"
    "\"tags\":[\"sourdough\"]}\n";

static void
test_tiktok_profile_growth_and_videos (Fixture *f, gconstpointer data)
{
  AuraTikTokPanel *panel = AURA_TIKTOK_PANEL (f->panel);
  g_autoptr (GError) error = NULL;
  g_autofree char *videos_path = g_build_filename (f->dir, "videos.jsonl", NULL);
  g_autoptr (GFile) videos = g_file_new_for_path (videos_path);
  AuraLineChart *growth = aura_tiktok_panel_get_growth_chart (panel);
  AuraHeatmapChart *heatmap = aura_tiktok_panel_get_heatmap (panel);
  guint day = 99, hour = 99;

  set_tiktok_options (f, panel);
  /* Loading videos before any account is refused. */
  g_assert_false (aura_tiktok_panel_load_videos (panel, videos, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  g_clear_error (&error);

  g_assert_true (
      aura_tiktok_panel_start (panel, f->store, f->investigation_id, 0, "@Ada.Example", &error));
  g_assert_no_error (error);
  g_assert_true (aura_tiktok_panel_get_running (panel));
  /* One at a time. */
  g_assert_false (
      aura_tiktok_panel_start (panel, f->store, f->investigation_id, 0, "other", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_clear_error (&error);

  app_test_wait_until (tiktok_settled, panel, TIMEOUT_MS, "the first visit");
  g_assert_cmpint (aura_tiktok_panel_get_state (panel), ==, AURA_TIKTOK_PANEL_FINISHED);
  g_assert_cmpint (aura_tiktok_scan_get_verdict (aura_tiktok_panel_get_scan (panel)), ==,
                   AURA_VERDICT_FOUND);
  g_assert_nonnull (strstr (aura_tiktok_panel_get_counts_text (panel), "12345 followers"));
  g_assert_cmpuint (aura_line_chart_get_n_points (growth), ==, 1);
  g_assert_cmpstr (aura_tiktok_panel_get_growth_hint (panel), ==, "Run again later to see growth");
  g_assert_nonnull (app_test_find_button (f->panel, "_Run Again"));

  /* A second visit: a second point, with the growth. */
  g_signal_emit_by_name (app_test_find_button (f->panel, "_Run Again"), "clicked");
  g_assert_true (aura_tiktok_panel_get_running (panel));
  app_test_wait_until (tiktok_settled, panel, TIMEOUT_MS, "the second visit");
  g_assert_cmpint (aura_tiktok_panel_get_state (panel), ==, AURA_TIKTOK_PANEL_FINISHED);
  g_assert_nonnull (strstr (aura_tiktok_panel_get_counts_text (panel), "12400 followers"));
  g_assert_cmpuint (aura_line_chart_get_n_points (growth), ==, 2);
  g_assert_nonnull (strstr (aura_line_chart_get_summary (growth), "from 12345 to 12400 (+55)"));

  /* The videos: heatmap, hashtags, engagement, top videos. */
  g_assert_true (g_file_set_contents (videos_path, videos_jsonl, -1, &error));
  g_assert_true (aura_tiktok_panel_load_videos (panel, videos, &error));
  g_assert_no_error (error);
  app_test_wait_until (tiktok_settled, panel, TIMEOUT_MS, "the videos");
  g_assert_cmpint (aura_tiktok_panel_get_state (panel), ==, AURA_TIKTOK_PANEL_FINISHED);
  g_assert_cmpuint (aura_heatmap_chart_get_total (heatmap), ==, 2);
  g_assert_true (aura_heatmap_chart_get_busiest (heatmap, &day, &hour));
  /* 2024-01-01 10:00 UTC was a Monday; 2024-01-03 11:00 a Wednesday. */
  g_assert_cmpuint (day, ==, 0);
  g_assert_cmpuint (hour, ==, 10);
  g_assert_nonnull (strstr (aura_heatmap_chart_get_summary (heatmap), "busiest Monday at 10:00"));
  g_assert_cmpuint (aura_bar_chart_get_n_bars (aura_tiktok_panel_get_hashtags_chart (panel)), ==,
                    2);
  g_assert_cmpstr (aura_bar_chart_get_summary (aura_tiktok_panel_get_hashtags_chart (panel)), ==,
                   "#sourdough: 2, #crumb: 1");
  g_assert_nonnull (
      strstr (aura_tiktok_panel_get_engagement_text (panel), "2 videos (1 line skipped) · "));
  g_assert_cmpuint (aura_tiktok_panel_get_n_top_videos (panel), ==, 2);
  g_assert_cmpuint (aura_line_chart_get_n_points (growth), ==, 3);

  /* A file that is not text. */
  g_assert_true (g_file_set_contents (videos_path, "\x89PNG\r\n\x1a\n\0\0", 10, &error));
  g_assert_true (aura_tiktok_panel_load_videos (panel, videos, &error));
  app_test_wait_until (tiktok_settled, panel, TIMEOUT_MS, "the binary file");
  g_assert_cmpint (aura_tiktok_panel_get_state (panel), ==, AURA_TIKTOK_PANEL_FAILED);
  g_assert_nonnull (strstr (aura_tiktok_panel_get_summary (panel), "not text"));

  /* Close hides the panel. */
  g_signal_emit_by_name (find_by_tooltip (f->panel, "Close the TikTok Profile"), "clicked");
  g_assert_false (gtk_widget_get_visible (f->panel));
  g_assert_cmpint (aura_tiktok_panel_get_state (panel), ==, AURA_TIKTOK_PANEL_IDLE);
}

static void
test_tiktok_cancel_and_invalid (Fixture *f, gconstpointer data)
{
  AuraTikTokPanel *panel = AURA_TIKTOK_PANEL (f->panel);
  g_autoptr (GError) error = NULL;
  gint64 started;

  set_tiktok_options (f, panel);
  g_assert_true (
      aura_tiktok_panel_start (panel, f->store, f->investigation_id, 0, "slow.one", &error));
  g_assert_no_error (error);
  app_test_drain (100);
  started = g_get_monotonic_time ();
  g_signal_emit_by_name (app_test_find_button (f->panel, "_Cancel"), "clicked");
  app_test_wait_until (tiktok_settled, panel, TIMEOUT_MS, "the cancel");
  g_assert_cmpint (g_get_monotonic_time () - started, <, 3 * G_USEC_PER_SEC);
  g_assert_cmpint (aura_tiktok_panel_get_state (panel), ==, AURA_TIKTOK_PANEL_CANCELLED);
  g_assert_nonnull (strstr (aura_tiktok_panel_get_summary (panel), "Cancelled"));

  /* Not a handle: the panel says why. */
  g_assert_true (aura_tiktok_panel_start (panel, f->store, f->investigation_id, 0, "a", &error));
  g_assert_no_error (error);
  g_assert_cmpint (aura_tiktok_panel_get_state (panel), ==, AURA_TIKTOK_PANEL_FAILED);
  g_assert_cmpstr (aura_tiktok_panel_get_summary (panel), !=, "");

  /* Closing the window while a visit runs cancels it. */
  g_assert_true (
      aura_tiktok_panel_start (panel, f->store, f->investigation_id, 0, "slow.one", &error));
  g_assert_true (aura_tiktok_panel_get_running (panel));
  g_object_add_weak_pointer (G_OBJECT (f->panel), (gpointer *)&f->panel);
  gtk_window_destroy (f->window);
  f->window = NULL;
  app_test_drain (300);
  g_assert_null (f->panel);
}

/* ---- TikTok videos from yt-dlp -------------------------------------------------- */

/* The fake tool reads its mode from a file: the environment must not
 * change once threads run. */
static void
set_fake_mode (const char *mode)
{
  g_autofree char *path = g_build_filename (fake_bin, "mode", NULL);

  g_assert_true (g_file_set_contents (path, mode, -1, NULL));
}

static gboolean
ytdlp_checked (gpointer data)
{
  return !aura_tiktok_panel_get_checking_ytdlp (data);
}

/* What the charts say, to compare two loads of the same videos. */
static char *
describe_charts (AuraTikTokPanel *panel)
{
  return g_strdup_printf ("%s\n%s\n%s\n%u", aura_tiktok_panel_get_engagement_text (panel),
                          aura_heatmap_chart_get_summary (aura_tiktok_panel_get_heatmap (panel)),
                          aura_bar_chart_get_summary (aura_tiktok_panel_get_hashtags_chart (panel)),
                          aura_tiktok_panel_get_n_top_videos (panel));
}

static void
test_tiktok_fetch_videos (Fixture *f, gconstpointer data)
{
  AuraTikTokPanel *panel = AURA_TIKTOK_PANEL (f->panel);
  AuraTikTokFetchOptions fetch_options = { .grace_ms = 200, .timeout_ms = 10000 };
  g_autoptr (GError) error = NULL;
  g_autofree char *tool = g_build_filename (fake_bin, "yt-dlp", NULL);
  g_autofree char *videos_path = g_build_filename (f->dir, "yt-dlp.jsonl", NULL);
  g_autoptr (GFile) videos = g_file_new_for_path (videos_path);
  g_autofree char *printed = NULL;
  g_autofree char *fetched = NULL;
  g_autofree char *loaded = NULL;
  const char *argv[] = { tool, "https://www.tiktok.com/@ada.example", NULL };
  GtkWidget *fetch_button;
  gint64 started;

  set_fake_mode ("ok");
  set_tiktok_options (f, panel);
  aura_tiktok_panel_set_fetch_test_options (panel, &fetch_options);
  /* Nothing to fetch for before an account. */
  g_assert_false (aura_tiktok_panel_fetch_videos (panel, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  g_clear_error (&error);

  g_assert_true (
      aura_tiktok_panel_start (panel, f->store, f->investigation_id, 0, "ada.example", &error));
  app_test_wait_until (tiktok_settled, panel, TIMEOUT_MS, "the visit");
  app_test_wait_until (ytdlp_checked, panel, TIMEOUT_MS, "the look for yt-dlp");
  g_assert_true (aura_tiktok_panel_get_can_fetch_videos (panel));
  fetch_button = app_test_find_button (f->panel, "_Fetch Videos");
  g_assert_nonnull (fetch_button);
  g_assert_true (gtk_widget_get_visible (fetch_button));

  /* Fetched: the charts fill from yt-dlp's lines… */
  g_signal_emit_by_name (fetch_button, "clicked");
  g_assert_true (aura_tiktok_panel_get_running (panel));
  g_assert_false (gtk_widget_get_visible (fetch_button));
  g_assert_true (gtk_widget_get_visible (app_test_find_button (f->panel, "_Cancel")));
  app_test_wait_until (tiktok_settled, panel, TIMEOUT_MS, "the fetch");
  g_assert_cmpint (aura_tiktok_panel_get_state (panel), ==, AURA_TIKTOK_PANEL_FINISHED);
  g_assert_cmpuint (aura_heatmap_chart_get_total (aura_tiktok_panel_get_heatmap (panel)), ==, 3);
  g_assert_cmpstr (aura_bar_chart_get_summary (aura_tiktok_panel_get_hashtags_chart (panel)), ==,
                   "#fitness: 2, #running: 1");
  g_assert_true (g_str_has_prefix (aura_tiktok_panel_get_engagement_text (panel), "3 videos · "));
  g_assert_true (gtk_widget_get_visible (fetch_button));
  fetched = describe_charts (panel);

  /* …exactly as from a file of the same lines. */
  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &printed, NULL, NULL,
                &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (videos_path, printed, -1, &error));
  g_assert_true (aura_tiktok_panel_load_videos (panel, videos, &error));
  app_test_wait_until (tiktok_settled, panel, TIMEOUT_MS, "the file");
  loaded = describe_charts (panel);
  g_assert_cmpstr (loaded, ==, fetched);

  /* Garbage among the lines is counted. */
  set_fake_mode ("garbage");
  g_assert_true (aura_tiktok_panel_fetch_videos (panel, &error));
  app_test_wait_until (tiktok_settled, panel, TIMEOUT_MS, "the garbage");
  g_assert_cmpint (aura_tiktok_panel_get_state (panel), ==, AURA_TIKTOK_PANEL_FINISHED);
  g_assert_nonnull (strstr (aura_tiktok_panel_get_engagement_text (panel), "2 videos (2 lines"));

  /* A failing yt-dlp: said, and the charts kept. */
  set_fake_mode ("fail");
  g_assert_true (aura_tiktok_panel_fetch_videos (panel, &error));
  app_test_wait_until (tiktok_settled, panel, TIMEOUT_MS, "the failure");
  g_assert_cmpint (aura_tiktok_panel_get_state (panel), ==, AURA_TIKTOK_PANEL_FAILED);
  g_assert_nonnull (strstr (aura_tiktok_panel_get_summary (panel), "exit status 2"));
  g_assert_nonnull (strstr (aura_tiktok_panel_get_summary (panel), "rate limited"));
  g_assert_nonnull (strstr (aura_tiktok_panel_get_engagement_text (panel), "2 videos (2 lines"));

  /* A hanging yt-dlp, cancelled: its whole group is stopped at once. */
  set_fake_mode ("hang");
  g_assert_true (aura_tiktok_panel_fetch_videos (panel, &error));
  app_test_drain (300);
  g_assert_true (aura_tiktok_panel_get_running (panel));
  started = g_get_monotonic_time ();
  g_signal_emit_by_name (app_test_find_button (f->panel, "_Cancel"), "clicked");
  app_test_wait_until (tiktok_settled, panel, TIMEOUT_MS, "the cancel");
  g_assert_cmpint (g_get_monotonic_time () - started, <, 3 * G_USEC_PER_SEC);
  g_assert_cmpint (aura_tiktok_panel_get_state (panel), ==, AURA_TIKTOK_PANEL_CANCELLED);
  g_assert_nonnull (strstr (aura_tiktok_panel_get_summary (panel), "Cancelled"));
  g_assert_true (gtk_widget_get_visible (fetch_button));
  set_fake_mode ("ok");
}

/* A yt-dlp that does not answer its version probe: no button. */
static void
test_tiktok_fetch_broken (Fixture *f, gconstpointer data)
{
  AuraTikTokPanel *panel = AURA_TIKTOK_PANEL (f->panel);
  g_autoptr (GError) error = NULL;

  set_fake_mode ("badversion");
  set_tiktok_options (f, panel);
  g_assert_true (
      aura_tiktok_panel_start (panel, f->store, f->investigation_id, 0, "ada.example", &error));
  app_test_wait_until (ytdlp_checked, panel, TIMEOUT_MS, "the look for yt-dlp");
  app_test_wait_until (tiktok_settled, panel, TIMEOUT_MS, "the visit");
  set_fake_mode ("ok");
  g_assert_false (aura_tiktok_panel_get_can_fetch_videos (panel));
  g_assert_false (gtk_widget_get_visible (app_test_find_button (f->panel, "_Fetch Videos")));
  g_assert_true (gtk_widget_get_visible (app_test_find_button (f->panel, "_Load Videos…")));
  g_assert_false (aura_tiktok_panel_fetch_videos (panel, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
}

/* ---- Phone ---------------------------------------------------------------------- */

static gboolean
phone_settled (gpointer data)
{
  return !aura_phone_panel_get_running (data);
}

/* Shows @panel in a window of its own, in a toast overlay. */
static GtkWindow *
window_with (GtkWidget *panel)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *overlay = adw_toast_overlay_new ();

  gtk_window_set_default_size (window, 1000, 700);
  gtk_window_set_child (window, overlay);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), panel);
  gtk_window_present (window);
  return window;
}

static void
test_phone_offline (Fixture *f, gconstpointer data)
{
  AuraPhonePanel *panel = aura_phone_panel_new ();
  g_autoptr (AuraApiKeys) keys = aura_api_keys_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraEntity) target = NULL;
  g_autoptr (AuraEntity) recorded = NULL;
  const char *whatsapp;

  GtkWindow *window = window_with (GTK_WIDGET (panel));

  /* Neither the keyring nor the environment: no numverify key. */
  aura_api_keys_set_use_keyring (keys, FALSE);
  aura_api_keys_set_use_environment (keys, FALSE);
  aura_phone_panel_set_test_options (panel, keys, NULL);
  target = aura_store_add_target (f->store, f->investigation_id, AURA_ENTITY_PHONE,
                                  "+33 6 12 34 56 78", &error);
  g_assert_no_error (error);

  g_assert_true (aura_phone_panel_start (panel, f->store, f->investigation_id,
                                         aura_entity_get_id (target), "+33 6 12 34 56 78", &error));
  g_assert_no_error (error);
  /* The offline analysis shows at once. */
  g_assert_cmpstr (aura_phone_panel_get_fact (panel, "Type"), ==, "Mobile");
  g_assert_nonnull (strstr (aura_phone_panel_get_fact (panel, "Country"), "France"));
  g_assert_cmpstr (aura_phone_panel_get_fact (panel, "E.164"), ==, "+33612345678");
  app_test_wait_until (phone_settled, panel, TIMEOUT_MS, "the phone parts");
  g_assert_cmpint (aura_phone_panel_get_state (panel), ==, AURA_PHONE_PANEL_FINISHED);
  g_assert_cmpstr (aura_phone_panel_get_fact (panel, "Carrier"), ==,
                   "Add a numverify key for the carrier");
  whatsapp = aura_phone_panel_get_link_url (panel, "whatsapp");
  g_assert_nonnull (whatsapp);
  g_assert_true (g_str_has_prefix (whatsapp, "https://"));
  g_assert_nonnull (strstr (whatsapp, "33612345678"));
  g_assert_cmpuint (aura_phone_panel_get_n_links (panel), >, 3);

  /* Recorded on the target's entity. */
  recorded = aura_store_get_entity (f->store, aura_entity_get_id (target), &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (aura_entity_get_attributes (recorded), "\"phone_type\":\"mobile\""));

  /* Not a number: the panel says why; hostile input too. */
  g_assert_true (aura_phone_panel_start (panel, f->store, f->investigation_id, 0, "hello", &error));
  g_assert_cmpint (aura_phone_panel_get_state (panel), ==, AURA_PHONE_PANEL_FAILED);
  g_assert_cmpstr (aura_phone_panel_get_summary (panel), !=, "");
  g_assert_null (aura_phone_panel_get_fact (panel, "Type"));
  g_assert_true (aura_phone_panel_start (panel, f->store, f->investigation_id, 0,
                                         "+33 6 12\xe2\x80\xae 34 56 78", &error));
  g_assert_cmpint (aura_phone_panel_get_state (panel), ==, AURA_PHONE_PANEL_FAILED);

  /* Cancel right after the start, then close. */
  g_assert_true (
      aura_phone_panel_start (panel, f->store, f->investigation_id, 0, "+1 650 253 0000", &error));
  g_assert_true (aura_phone_panel_get_running (panel));
  g_signal_emit_by_name (app_test_find_button (GTK_WIDGET (panel), "_Cancel"), "clicked");
  g_assert_cmpint (aura_phone_panel_get_state (panel), ==, AURA_PHONE_PANEL_CANCELLED);
  app_test_drain (200);
  g_assert_cmpint (aura_phone_panel_get_state (panel), ==, AURA_PHONE_PANEL_CANCELLED);
  g_signal_emit_by_name (find_by_tooltip (GTK_WIDGET (panel), "Close the Phone Number"), "clicked");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (panel)));
  g_object_add_weak_pointer (G_OBJECT (panel), (gpointer *)&panel);
  gtk_window_destroy (window);
  app_test_drain (100);
  g_assert_null (panel);
}

/* ---- Charts and buttons --------------------------------------------------------- */

static void
test_charts_summaries (void)
{
  GtkWidget *heatmap = g_object_ref_sink (aura_heatmap_chart_new ());
  GtkWidget *bars = g_object_ref_sink (aura_bar_chart_new ());
  GtkWidget *line = g_object_ref_sink (aura_line_chart_new ());
  guint counts[7][24] = { { 0 } };
  const char *labels[60];
  double values[60];
  gint64 times[3] = { 1000, 2000, 3000 };
  double points[3] = { 10, NAN, 30 };
  guint day, hour;

  g_assert_false (aura_heatmap_chart_get_busiest (AURA_HEATMAP_CHART (heatmap), &day, &hour));
  g_assert_cmpstr (aura_heatmap_chart_get_summary (AURA_HEATMAP_CHART (heatmap)), ==,
                   "Posting hours: no dated videos");
  counts[4][22] = 5;
  counts[0][1] = 2;
  aura_heatmap_chart_set_data (AURA_HEATMAP_CHART (heatmap), (const guint (*)[24])counts,
                               "Europe/Paris");
  g_assert_cmpstr (aura_heatmap_chart_get_summary (AURA_HEATMAP_CHART (heatmap)), ==,
                   "Posting hours of 7 videos, in Europe/Paris: busiest Friday at 22:00 (5)");

  /* Hostile labels: invalid UTF-8, too many bars, negative values. */
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      labels[i] = i == 0 ? "bad\xff\xfe" : "tag";
      values[i] = i == 1 ? -4.0 : (double)i;
    }
  aura_bar_chart_set_data (AURA_BAR_CHART (bars), labels, values, G_N_ELEMENTS (labels));
  g_assert_cmpuint (aura_bar_chart_get_n_bars (AURA_BAR_CHART (bars)), ==, 50);
  g_assert_true (g_utf8_validate (aura_bar_chart_get_summary (AURA_BAR_CHART (bars)), -1, NULL));
  g_assert_true (g_str_has_prefix (aura_bar_chart_get_summary (AURA_BAR_CHART (bars)),
                                   "bad\xef\xbf\xbd\xef\xbf\xbd: 0, tag: 0, tag: 2"));
  aura_bar_chart_set_data (AURA_BAR_CHART (bars), NULL, NULL, 0);
  g_assert_cmpstr (aura_bar_chart_get_summary (AURA_BAR_CHART (bars)), ==, "No data");

  aura_line_chart_set_quantity (AURA_LINE_CHART (line), "followers");
  aura_line_chart_set_points (AURA_LINE_CHART (line), times, points, 3);
  g_assert_cmpuint (aura_line_chart_get_n_points (AURA_LINE_CHART (line)), ==, 3);
  g_assert_cmpstr (aura_line_chart_get_summary (AURA_LINE_CHART (line)), ==,
                   "followers: from 10 to 30 (+20) over 3 measurements");

  /* They draw at any size without trouble. */
  for (guint i = 0; i < 3; i++)
    {
      GtkWidget *chart = i == 0 ? heatmap : i == 1 ? bars : line;
      GtkWidget *window = gtk_window_new ();

      gtk_window_set_child (GTK_WINDOW (window), chart);
      gtk_window_set_default_size (GTK_WINDOW (window), 30 + 400 * i, 20 + 100 * i);
      gtk_window_present (GTK_WINDOW (window));
      app_test_drain (100);
      gtk_window_destroy (GTK_WINDOW (window));
    }
  g_assert_finalize_object (heatmap);
  g_assert_finalize_object (bars);
  g_assert_finalize_object (line);
}

static void
action_cb (AuraEntity *target, AuraPeopleAction action, gpointer user_data)
{
  int *seen = user_data;

  *seen = (int)action;
}

static void
test_target_buttons (Fixture *f, gconstpointer data)
{
  struct
  {
    AuraEntityType type;
    const char *value;
    int action;
  } cases[] = {
    { AURA_ENTITY_EMAIL, "ada@example.test", AURA_PEOPLE_ACTION_EMAIL },
    { AURA_ENTITY_PHONE, "+33612345678", AURA_PEOPLE_ACTION_PHONE },
    { AURA_ENTITY_USERNAME, "ada", AURA_PEOPLE_ACTION_TIKTOK },
    { AURA_ENTITY_DOMAIN, "example.test", -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (AuraEntity) entity = aura_store_add_target (f->store, f->investigation_id,
                                                             cases[i].type, cases[i].value, &error);
      GtkWidget *button = aura_people_target_buttons_new (entity, action_cb, &(int){ 0 });
      int seen = -1;

      if (cases[i].action < 0)
        {
          g_assert_null (button);
          continue;
        }
      g_assert_no_error (error);
      g_assert_nonnull (button);
      g_object_ref_sink (button);
      g_assert_nonnull (gtk_widget_get_tooltip_text (button));
      g_object_unref (button);
      button = g_object_ref_sink (aura_people_target_buttons_new (entity, action_cb, &seen));
      g_signal_emit_by_name (button, "clicked");
      g_assert_cmpint (seen, ==, cases[i].action);
      g_assert_finalize_object (button);
    }
}

int
main (int argc, char *argv[])
{
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  /* The link-outs of the source tree. */
  if (g_getenv ("AURA_LINKOUTS_DIR") == NULL)
    {
      g_autofree char *dir =
          g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "..", "data", "linkouts", NULL);

      g_setenv ("AURA_LINKOUTS_DIR", dir, TRUE);
    }
  /* tests/adapter's fake program, first on PATH as yt-dlp; the bundled
   * adapter manifests of the source tree. */
  {
    g_autoptr (GError) error = NULL;
    g_autofree char *tmp = g_dir_make_tmp ("aura-people-bin-XXXXXX", &error);
    g_autofree char *link = NULL;
    g_autofree char *mode = NULL;
    g_autofree char *path = NULL;
    g_autofree char *adapters =
        g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "..", "data", "adapters", NULL);

    /* Built by tests/adapter, beside this folder of the build tree. */
    g_autofree char *fake =
        g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "adapter", "fake-tool", NULL);

    g_assert_no_error (error);
    g_assert_true (g_file_test (fake, G_FILE_TEST_IS_EXECUTABLE));
    fake_bin = g_steal_pointer (&tmp);
    link = g_build_filename (fake_bin, "yt-dlp", NULL);
    g_assert_cmpint (symlink (fake, link), ==, 0);
    mode = g_build_filename (fake_bin, "mode", NULL);
    path = g_strdup_printf ("%s:%s", fake_bin, g_getenv ("PATH"));
    g_setenv ("PATH", path, TRUE);
    g_unsetenv ("AURA_ADAPTER_PATH");
    g_setenv ("FAKE_TOOL_MODE_FILE", mode, TRUE);
    g_setenv ("AURA_ADAPTERS_DIR", adapters, TRUE);
    set_fake_mode ("ok");
  }
  gtk_init ();
  adw_init ();
  g_main_context_acquire (g_main_context_default ());

  g_test_add_func ("/app/people/charts-summarise-their-data", test_charts_summaries);
  g_test_add ("/app/people/target-buttons-by-type", Fixture, NULL, fixture_setup,
              test_target_buttons, fixture_teardown);
  g_test_add ("/app/people/tiktok/profile-growth-and-videos", Fixture, NULL, fixture_setup,
              test_tiktok_profile_growth_and_videos, fixture_teardown);
  g_test_add ("/app/people/tiktok/cancel-invalid-and-close", Fixture, NULL, fixture_setup,
              test_tiktok_cancel_and_invalid, fixture_teardown);
  g_test_add ("/app/people/tiktok/fetch-videos-with-yt-dlp", Fixture, NULL, fixture_setup,
              test_tiktok_fetch_videos, fixture_teardown);
  g_test_add ("/app/people/tiktok/no-fetch-when-yt-dlp-is-broken", Fixture, NULL, fixture_setup,
              test_tiktok_fetch_broken, fixture_teardown);
  g_test_add ("/app/people/phone/offline-analysis-and-links", Fixture, NULL, fixture_setup,
              test_phone_offline, fixture_teardown);
  status = g_test_run ();
  {
    g_autofree char *link = g_build_filename (fake_bin, "yt-dlp", NULL);
    g_autofree char *mode = g_build_filename (fake_bin, "mode", NULL);

    g_unlink (link);
    g_unlink (mode);
    g_rmdir (fake_bin);
    g_free (fake_bin);
  }
  return status;
}
