/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>

#include "app-test-utils.h"
#include "aura-application.h"
#include "aura-investigation-page.h"
#include "aura-preferences-window.h"
#include "aura-scan-panel.h"
#include "aura-test-server.h"
#include "aura-window.h"

/* Username scans from the investigation page, end to end: a loopback
 * server plays the sites of a small manifest the test writes, the real
 * engine (owned by an AuraApplication, loopback only) asks them, and the
 * panel, the store and the entities table show the result. Also the
 * "Scanning" preferences and how the application rebuilds its engine. */

#define TIMEOUT_MS 20000
/* The slow site answers long after any test gives up waiting for it. */
#define SLOW_MS 15000

/* Where the site lists are read, for the whole process: environment
 * variables are set once, before any thread starts. */
static char *sites_root;
static char *sites_bundled;
static char *sites_user_dir;

typedef struct
{
  char *dir;
  char *path;
  const char *manifest;
  AuraTestServer *server;
  AuraApplication *app;
  AuraWindow *window;
} Fixture;

/* ---- The sites -------------------------------------------------------------- */

static const char profile_page[] =
    "<!doctype html><html><head><title>Alice Example (@alice)</title>"
    "<meta property=\"og:title\" content=\"Alice Example\"></head>"
    "<body><h1>Alice Example</h1><p>Write to alice@mail.example.org</p>"
    "<div data-user=\"alice\">profile</div></body></html>";

static void
respond (SoupServerMessage *msg, guint status, const char *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_COPY, body,
                                    strlen (body));
}

/* One handler plays every site: the first path segment names it. */
static void
site_cb (AuraTestServer *server,
         SoupServerMessage *msg,
         const char *host,
         const char *path,
         gpointer user_data)
{
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
  gboolean alice = g_str_has_suffix (path, "/alice");

  if (g_str_has_prefix (path, "/one/") || g_str_has_prefix (path, "/two/"))
    respond (msg, alice ? 200 : 404, alice ? profile_page : "<html>No such user</html>");
  else if (g_str_has_prefix (path, "/three/"))
    respond (msg, 404, "<html>Nobody here</html>");
  else if (g_str_has_prefix (path, "/four"))
    respond (msg, g_strcmp0 (query, "u=alice&x=1") == 0 ? 200 : 404, "<html>four</html>");
  else if (g_str_has_prefix (path, "/liar/"))
    respond (msg, 200, "<html>Profile</html>");
  else if (g_str_has_prefix (path, "/wall/"))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "cf-mitigated",
                                    "challenge");
      respond (msg, 403,
               "<html><head><title>Just a moment...</title></head>"
               "<body><div id=\"cf-chl-widget\">Checking your browser</div></body></html>");
    }
  else if (g_str_has_prefix (path, "/slow/"))
    aura_test_server_respond_later (server, msg, SLOW_MS, 200, profile_page);
  else
    respond (msg, 404, "<html>?</html>");
}

/* A site of Aura's format at /@segment/ of the server. */
static void
add_site (GString *json, guint port, const char *name, const char *profile, const char *extra)
{
  if (json->str[json->len - 1] == '}')
    g_string_append_c (json, ',');
  g_string_append_printf (json,
                          "{\"name\": \"%s\", \"url\": \"http://127.0.0.1:%u/\","
                          " \"profile_url\": \"http://127.0.0.1:%u%s\","
                          " \"detect\": {\"found\": [{\"status\": [200]%s}],"
                          " \"not_found\": [{\"status\": [404]}]},"
                          " \"tags\": [\"social\"]}",
                          name, port, port, profile, extra);
}

static void
write_manifest (Fixture *f, gboolean with_slow)
{
  g_autoptr (GString) json = g_string_new ("{\"format\": \"aura-sites\", \"version\": 1, "
                                           "\"sites\": [");
  g_autoptr (GError) error = NULL;
  guint port = aura_test_server_get_port (f->server);

  add_site (json, port, "One", "/one/{username}", "");
  if (with_slow)
    add_site (json, port, "Slow", "/slow/{username}", "");
  else
    {
      add_site (json, port, "Two", "/two/{username}", ", \"text_any\": [\"data-user\"]");
      add_site (json, port, "Three", "/three/{username}", "");
      /* Markup characters in a name and an ampersand in the URL: the rows
       * must show them as text. */
      add_site (json, port, "Four & Co <b>", "/four?u={username}&x=1", "");
      add_site (json, port, "Liar", "/liar/{username}", "");
      add_site (json, port, "Wall", "/wall/{username}", "");
      /* "alice" breaks its rules: invalid there, never sent. */
      g_string_append_printf (json,
                              ",{\"name\": \"Short\", \"url\": \"http://127.0.0.1:%u/\","
                              " \"profile_url\": \"http://127.0.0.1:%u/short/{username}\","
                              " \"username\": {\"max_length\": 3},"
                              " \"detect\": {\"found\": [{\"status\": [200]}]}}",
                              port, port);
    }
  g_string_append (json, "]}");
  g_assert_true (g_file_set_contents (f->manifest, json->str, (gssize)json->len, &error));
  g_assert_no_error (error);
}

/* ---- Fixture ------------------------------------------------------------------ */

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("aura-scan-panel-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "aura.db", NULL);
  f->manifest = sites_bundled;
  app_test_populate (f->path, 0);

  f->server = aura_test_server_new ();
  aura_test_server_add_handler (f->server, "127.0.0.1", "*", site_cb, NULL, NULL);
  write_manifest (f, GPOINTER_TO_INT (data));
  /* Not registered, not run: it becomes the process's default
   * application, where the page finds the engine. */
  f->app = aura_application_new ();
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_autoptr (GSettings) settings = g_settings_new (AURA_SETTINGS_SCHEMA);
  const char *keys[] = { "scan-concurrency", "scan-timeout", "proxies", "proxy-rotation",
                         "user-agent" };

  if (f->window != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (f->window));
      /* The cancelled scan hears back from the engine for every request
       * it had in flight before it lets go of the store. */
      app_test_drain (300);
      g_assert_finalize_object (f->window);
    }
  g_assert_finalize_object (f->app);
  aura_test_server_free (f->server);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_settings_reset (settings, keys[i]);
  app_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* ---- Finding things --------------------------------------------------------- */

static GtkWidget *
find_widget (GtkWidget *root, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
collect_by_tooltip (GtkWidget *root, const char *tooltip, GPtrArray *found)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_widget_get_tooltip_text (root), tooltip) == 0)
    g_ptr_array_add (found, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_by_tooltip (child, tooltip, found);
}

static GtkWidget *
find_label (GtkWidget *root, const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (root)), text) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A label showing @text (as text, whatever its markup) outside @skip. */
static GtkWidget *
find_text_outside (GtkWidget *root, const char *text, GtkWidget *skip)
{
  if (root == skip)
    return NULL;
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_text_outside (child, text, skip);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_label_containing (GtkWidget *root, const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_visible (root) &&
      strstr (gtk_label_get_label (GTK_LABEL (root)), text) != NULL)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_containing (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The preferences row titled @title, of @type. */
static GtkWidget *
find_row (GtkWidget *root, GType type, const char *title)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, type, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static AuraInvestigationPage *
page_of (AuraWindow *window)
{
  return AURA_INVESTIGATION_PAGE (aura_window_get_investigation_page (window));
}

static AuraScanPanel *
panel_of (AuraWindow *window)
{
  return AURA_SCAN_PANEL (find_widget (GTK_WIDGET (page_of (window)), AURA_TYPE_SCAN_PANEL));
}

/* The site names of the rows the panel lists, in order. */
static GPtrArray *
row_titles (AuraScanPanel *panel)
{
  GPtrArray *titles = g_ptr_array_new ();
  GtkListBox *rows = aura_scan_panel_get_rows (panel);
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (rows, i)) != NULL; i++)
    g_ptr_array_add (titles, (gpointer)adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
  return titles;
}

static gboolean
titles_contain (GPtrArray *titles, const char *title)
{
  for (guint i = 0; i < titles->len; i++)
    if (g_strcmp0 (titles->pdata[i], title) == 0)
      return TRUE;
  return FALSE;
}

static gint64
store_count (AuraWindow *window, int type, const char *text)
{
  AuraEntityQuery query = AURA_ENTITY_QUERY_INIT;
  g_autoptr (GError) error = NULL;
  gint64 n;

  query.investigation_id = aura_investigation_page_get_investigation_id (page_of (window));
  query.type = type;
  query.text = text;
  n = aura_store_count_entities (aura_window_get_store (window), &query, &error);
  g_assert_no_error (error);
  return n;
}

/* ---- Conditions --------------------------------------------------------------- */

static gboolean
window_ready (gpointer data)
{
  return aura_window_get_store (data) != NULL &&
         g_list_model_get_n_items (aura_window_get_investigations (data)) > 0;
}

static gboolean
targets_loaded (gpointer data)
{
  return aura_investigation_page_get_targets (page_of (data)) != NULL;
}

static gboolean
panel_ended (gpointer data)
{
  AuraScanPanelState state = aura_scan_panel_get_state (data);

  return state == AURA_SCAN_PANEL_FINISHED || state == AURA_SCAN_PANEL_CANCELLED ||
         state == AURA_SCAN_PANEL_FAILED;
}

static gboolean
panel_shown (gpointer data)
{
  return gtk_widget_get_visible (data);
}

static gboolean
panel_hidden (gpointer data)
{
  return !gtk_widget_get_visible (data);
}

static gboolean
one_hit (gpointer data)
{
  return aura_scan_panel_get_n_hits (data) >= 1;
}

static gboolean
table_matches_store (gpointer data)
{
  AuraEntityList *list =
      aura_entity_table_get_list (aura_investigation_page_get_entity_table (page_of (data)));

  return !aura_entity_list_get_loading (list) &&
         g_list_model_get_n_items (G_LIST_MODEL (list)) == (guint)store_count (data, -1, NULL);
}

static gboolean
scan_finished (gpointer data)
{
  return aura_username_scan_is_finished (data);
}

/* ---- Driving the page ------------------------------------------------------------ */

static void
open_alpha (Fixture *f)
{
  f->window = g_object_ref_sink (aura_window_new (NULL, f->path));
  gtk_window_present (GTK_WINDOW (f->window));
  app_test_wait_until (window_ready, f->window, TIMEOUT_MS, "the investigations");
  g_assert_true (aura_window_select_investigation (f->window, "Alpha"));
  app_test_wait_until (targets_loaded, f->window, TIMEOUT_MS, "the targets");
}

/* Activates the one "Look for Accounts" button: only the username target
 * of Alpha has one, its email target none. A button activated this way
 * emits "clicked" a moment later, as for a key press: callers wait. */
static void
look_for_accounts (Fixture *f)
{
  g_autoptr (GPtrArray) buttons = g_ptr_array_new ();

  collect_by_tooltip (GTK_WIDGET (page_of (f->window)), "Look for Accounts", buttons);
  g_assert_cmpuint (buttons->len, ==, 1);
  g_assert_true (gtk_widget_activate (buttons->pdata[0]));
}

/* ---- Tests ------------------------------------------------------------------------ */

static void
test_finds_accounts (Fixture *f, gconstpointer data)
{
  AuraScanPanel *panel;
  AuraUsernameScanProgress progress;
  g_autoptr (GPtrArray) titles = NULL;
  const char *status;

  open_alpha (f);
  panel = panel_of (f->window);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (panel)));

  look_for_accounts (f);
  app_test_wait_until (panel_shown, panel, TIMEOUT_MS, "the panel");
  g_assert_true (aura_scan_panel_get_running (panel));
  g_assert_cmpstr (aura_scan_panel_get_heading (panel), ==, "Looking for accounts named “alice”");
  app_test_wait_until (panel_ended, panel, TIMEOUT_MS, "the scan to end");
  g_assert_cmpint (aura_scan_panel_get_state (panel), ==, AURA_SCAN_PANEL_FINISHED);

  /* Found where the profile exists, even on a site that finds everyone;
   * not on Three (404), Wall (a bot wall) or Short (name too long). */
  titles = row_titles (panel);
  g_assert_cmpuint (titles->len, ==, 4);
  g_assert_cmpuint (aura_scan_panel_get_n_hits (panel), ==, 4);
  g_assert_true (titles_contain (titles, "One"));
  g_assert_true (titles_contain (titles, "Two"));
  g_assert_true (titles_contain (titles, "Four & Co <b>"));
  /* The unreliable site's hit has the lowest confidence: it comes last. */
  g_assert_cmpstr (titles->pdata[3], ==, "Liar");

  aura_username_scan_get_progress (aura_scan_panel_get_scan (panel), &progress);
  g_assert_cmpuint (progress.total, ==, 7);
  g_assert_cmpuint (progress.done, ==, progress.total);
  g_assert_cmpuint (progress.blocked, ==, 1);
  g_assert_cmpuint (progress.invalid, ==, 1);
  g_assert_cmpfloat (aura_scan_panel_get_fraction (panel), ==, 1.0);
  status = aura_scan_panel_get_status (panel);
  g_assert_true (g_str_has_prefix (status, "7 of 7 checked · 4 found · 0 errors · 1 blocked"));
  g_assert_true (g_str_has_prefix (aura_scan_panel_get_summary (panel), "Finished in "));
  g_assert_true (g_str_has_suffix (aura_scan_panel_get_summary (panel), ": 4 found on 7 sites"));
  g_assert_nonnull (app_test_find_button (GTK_WIDGET (panel), "_Run Again"));
  g_assert_false (gtk_widget_get_visible (app_test_find_button (GTK_WIDGET (panel), "_Cancel")));

  /* Recorded, and the table followed by itself. Every site is on
   * 127.0.0.1 here, so the hits are one account, "127.0.0.1:alice"; the
   * email on the profile page is an entity too. */
  g_assert_cmpint (store_count (f->window, AURA_ENTITY_ACCOUNT, "127.0.0.1:alice"), ==, 1);
  g_assert_cmpint (store_count (f->window, AURA_ENTITY_EMAIL, "alice@mail.example.org"), ==, 1);
  app_test_wait_until (table_matches_store, f->window, TIMEOUT_MS, "the table to reload");

  /* Every check on demand, and back. */
  aura_scan_panel_set_show_all_checks (panel, TRUE);
  g_clear_pointer (&titles, g_ptr_array_unref);
  titles = row_titles (panel);
  g_assert_cmpuint (titles->len, ==, 7);
  g_assert_true (titles_contain (titles, "Wall"));
  g_assert_true (titles_contain (titles, "Short"));
  aura_scan_panel_set_show_all_checks (panel, FALSE);
  g_clear_pointer (&titles, g_ptr_array_unref);
  titles = row_titles (panel);
  g_assert_cmpuint (titles->len, ==, 4);
}

static gboolean
refusal_shown (gpointer data)
{
  return find_label (data, "A scan is already running here: cancel it, or wait until it ends, "
                           "before starting another") != NULL;
}

static void
test_cancel_keeps_results (Fixture *f, gconstpointer data)
{
  AuraScanPanel *panel;
  AuraUsernameScan *scan;
  GtkWidget *cancel;
  gint64 start;

  open_alpha (f);
  panel = panel_of (f->window);
  start = g_get_monotonic_time ();
  look_for_accounts (f);
  app_test_wait_until (one_hit, panel, TIMEOUT_MS, "the fast site's hit");
  g_assert_true (aura_scan_panel_get_running (panel));
  scan = aura_scan_panel_get_scan (panel);

  /* One scan at a time: a second is refused with a toast. */
  look_for_accounts (f);
  g_assert_true (aura_scan_panel_get_scan (panel) == scan);
  app_test_wait_until (refusal_shown, f->window, TIMEOUT_MS, "the refusal toast");

  cancel = app_test_find_button (GTK_WIDGET (panel), "_Cancel");
  g_assert_true (gtk_widget_get_visible (cancel));
  g_assert_true (gtk_widget_activate (cancel));
  app_test_wait_until (panel_ended, panel, TIMEOUT_MS, "the cancelled scan to end");
  /* Long before the slow site would have answered. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, SLOW_MS * 1000 / 2);
  g_assert_cmpint (aura_scan_panel_get_state (panel), ==, AURA_SCAN_PANEL_CANCELLED);
  g_assert_cmpstr (aura_scan_panel_get_summary (panel), ==, "Cancelled: results so far are kept");
  g_assert_cmpuint (aura_scan_panel_get_n_hits (panel), ==, 1);
  g_assert_cmpint (store_count (f->window, AURA_ENTITY_ACCOUNT, "127.0.0.1:alice"), ==, 1);

  /* Closing hides the panel and lets go of the scan. */
  {
    g_autoptr (GPtrArray) close = g_ptr_array_new ();

    collect_by_tooltip (GTK_WIDGET (panel), "Close the Scan Results", close);
    g_assert_cmpuint (close->len, ==, 1);
    g_assert_true (gtk_widget_activate (close->pdata[0]));
  }
  app_test_wait_until (panel_hidden, panel, TIMEOUT_MS, "the panel to close");
  g_assert_cmpint (aura_scan_panel_get_state (panel), ==, AURA_SCAN_PANEL_IDLE);
  g_assert_null (aura_scan_panel_get_scan (panel));
}

static void
test_leaving_page_cancels (Fixture *f, gconstpointer data)
{
  AuraScanPanel *panel;
  g_autoptr (AuraUsernameScan) scan = NULL;

  open_alpha (f);
  panel = panel_of (f->window);
  look_for_accounts (f);
  app_test_wait_until (one_hit, panel, TIMEOUT_MS, "the fast site's hit");
  scan = g_object_ref (aura_scan_panel_get_scan (panel));

  /* Another investigation replaces the page, which goes with its scan. */
  g_assert_true (aura_window_select_investigation (f->window, "Beta"));
  app_test_wait_until (scan_finished, scan, TIMEOUT_MS, "the scan to stop");
  g_assert_true (aura_username_scan_was_cancelled (scan));
  g_assert_null (aura_username_scan_get_error (scan));
  g_assert_cmpuint (aura_username_scan_get_n_sites (scan), ==, 2);
}

static void
test_broken_site_list_fails_clearly (Fixture *f, gconstpointer data)
{
  AuraScanPanel *panel;
  g_autoptr (GError) error = NULL;
  const char *summary;

  g_assert_true (
      g_file_set_contents (f->manifest, "{\"format\": \"aura-sites\", \"sites\": [", -1, &error));
  open_alpha (f);
  panel = panel_of (f->window);
  look_for_accounts (f);
  app_test_wait_until (panel_ended, panel, TIMEOUT_MS, "the failure");
  g_assert_cmpint (aura_scan_panel_get_state (panel), ==, AURA_SCAN_PANEL_FAILED);
  summary = aura_scan_panel_get_summary (panel);
  /* The message names the file. */
  g_assert_nonnull (strstr (summary, f->manifest));
  g_assert_null (aura_scan_panel_get_scan (panel));
  /* And a toast says it too, as text (the path holds markup characters). */
  g_assert_nonnull (find_text_outside (GTK_WIDGET (f->window), summary, GTK_WIDGET (panel)));
}

static void
test_engine_follows_settings (Fixture *f, gconstpointer data)
{
  g_autoptr (GSettings) settings = g_settings_new (AURA_SETTINGS_SCHEMA);
  const char *bad[] = { "socks5h://127.0.0.1:9050", "not a proxy", NULL };
  const char *good[] = { "socks5h://127.0.0.1:9050", NULL };
  g_autoptr (GError) error = NULL;
  AuraEngine *first;
  AuraEngine *second;
  gpointer weak;

  first = aura_application_get_engine (f->app, &error);
  g_assert_no_error (error);
  g_assert_true (AURA_IS_ENGINE (first));
  g_assert_true (aura_application_get_engine (f->app, NULL) == first);

  /* A change builds a new engine; nothing held the old one, so it went. */
  weak = first;
  g_object_add_weak_pointer (G_OBJECT (first), &weak);
  g_settings_set_int (settings, "scan-timeout", 5);
  g_assert_null (weak);
  second = aura_application_get_engine (f->app, &error);
  g_assert_no_error (error);
  g_assert_true (AURA_IS_ENGINE (second));

  /* A bad proxy in the settings: no engine, and the message names it. */
  g_settings_set_strv (settings, "proxies", bad);
  g_assert_null (aura_application_get_engine (f->app, &error));
  g_assert_error (error, AURA_ENGINE_ERROR, AURA_ENGINE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "not a proxy"));
  g_clear_error (&error);
  g_settings_set_strv (settings, "proxies", good);
  g_settings_set_string (settings, "proxy-rotation", "sticky");
  g_settings_set_string (settings, "user-agent", "AuraTest/1.0");
  g_assert_nonnull (aura_application_get_engine (f->app, &error));
  g_assert_no_error (error);
}

static void
test_preferences_scanning (Fixture *f, gconstpointer data)
{
  g_autoptr (GSettings) settings = g_settings_new (AURA_SETTINGS_SCHEMA);
  AuraPreferencesWindow *prefs = g_object_ref_sink (aura_preferences_window_new (NULL));
  GtkWidget *concurrency;
  GtkWidget *proxies;
  GtkWidget *rotation;
  GtkWidget *agent;
  g_auto (GStrv) kept = NULL;
  g_autofree char *text = NULL;

  gtk_window_present (GTK_WINDOW (prefs));
  concurrency = find_widget (find_row (GTK_WIDGET (prefs), ADW_TYPE_ACTION_ROW, "Requests at Once"),
                             GTK_TYPE_SPIN_BUTTON);
  proxies = find_row (GTK_WIDGET (prefs), ADW_TYPE_ENTRY_ROW,
                      "Proxies (comma-separated, empty for none)");
  rotation = find_row (GTK_WIDGET (prefs), ADW_TYPE_COMBO_ROW, "Proxy Rotation");
  agent = find_row (GTK_WIDGET (prefs), ADW_TYPE_ENTRY_ROW,
                    "User Agent (empty for a current desktop browser)");
  g_assert_nonnull (concurrency);
  g_assert_nonnull (proxies);
  g_assert_nonnull (rotation);
  g_assert_nonnull (agent);

  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (concurrency)), ==, 256);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (concurrency), 32);
  g_assert_cmpint (g_settings_get_int (settings, "scan-concurrency"), ==, 32);
  g_settings_set_int (settings, "scan-concurrency", 1024);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (concurrency)), ==, 1024);

  adw_combo_row_set_selected (ADW_COMBO_ROW (rotation), 2);
  text = g_settings_get_string (settings, "proxy-rotation");
  g_assert_cmpstr (text, ==, "sticky");

  /* A bad proxy is refused inline, naming it; nothing is kept. */
  gtk_editable_set_text (GTK_EDITABLE (proxies), "http://127.0.0.1:3128, ftp://nope:21");
  g_signal_emit_by_name (proxies, "apply");
  g_assert_true (gtk_widget_has_css_class (proxies, "error"));
  g_assert_nonnull (find_label_containing (GTK_WIDGET (prefs), "“ftp://nope:21”"));
  kept = g_settings_get_strv (settings, "proxies");
  g_assert_cmpuint (g_strv_length (kept), ==, 0);
  g_clear_pointer (&kept, g_strfreev);

  gtk_editable_set_text (GTK_EDITABLE (proxies),
                         " http://127.0.0.1:3128 ,socks5h://127.0.0.1:9050,\n"
                         "http://user:secret@proxy.example:3128");
  g_assert_false (gtk_widget_has_css_class (proxies, "error"));
  g_signal_emit_by_name (proxies, "apply");
  kept = g_settings_get_strv (settings, "proxies");
  g_assert_cmpuint (g_strv_length (kept), ==, 3);
  g_assert_cmpstr (kept[1], ==, "socks5h://127.0.0.1:9050");
  g_assert_cmpstr (
      gtk_editable_get_text (GTK_EDITABLE (proxies)), ==,
      "http://127.0.0.1:3128, socks5h://127.0.0.1:9050, http://user:secret@proxy.example:3128");

  /* A header value on one line only. */
  gtk_editable_set_text (GTK_EDITABLE (agent), "Bad\tAgent");
  g_signal_emit_by_name (agent, "apply");
  g_assert_true (gtk_widget_has_css_class (agent, "error"));
  g_clear_pointer (&text, g_free);
  text = g_settings_get_string (settings, "user-agent");
  g_assert_cmpstr (text, ==, "");
  gtk_editable_set_text (GTK_EDITABLE (agent), "  Mozilla/5.0 (Aura test) ");
  g_signal_emit_by_name (agent, "apply");
  g_clear_pointer (&text, g_free);
  text = g_settings_get_string (settings, "user-agent");
  g_assert_cmpstr (text, ==, "Mozilla/5.0 (Aura test)");

  gtk_window_destroy (GTK_WINDOW (prefs));
  app_test_drain (50);
  g_assert_finalize_object (prefs);
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  /* Whatever the environment says, no request leaves the machine. */
  g_setenv ("AURA_LOOPBACK_ONLY", "1", TRUE);
  /* The bundled list is the one each test writes; the user's folder is
   * empty. */
  sites_root = g_dir_make_tmp ("aura-scan-sites-XXXXXX", &error);
  g_assert_no_error (error);
  sites_bundled = g_build_filename (sites_root, "aura-sites.json", NULL);
  sites_user_dir = g_build_filename (sites_root, "user", NULL);
  g_assert_cmpint (g_mkdir (sites_user_dir, 0700), ==, 0);
  g_setenv ("AURA_SITES_BUNDLED", sites_bundled, TRUE);
  g_setenv ("AURA_SITES_DIR", sites_user_dir, TRUE);
  gtk_init ();
  adw_init ();
  /* As in test-window.c: the store's "changed" reaches the thread that
   * owns the default context, which these hand-run loops take once. */
  g_main_context_acquire (g_main_context_default ());

#define ADD(path, slow, func)                                                                      \
  g_test_add (path, Fixture, GINT_TO_POINTER (slow), fixture_setup, func, fixture_teardown)

  ADD ("/app/scan-panel/finds-accounts-live", FALSE, test_finds_accounts);
  ADD ("/app/scan-panel/cancel-keeps-results-and-refuses-a-second", TRUE,
       test_cancel_keeps_results);
  ADD ("/app/scan-panel/leaving-the-page-cancels", TRUE, test_leaving_page_cancels);
  ADD ("/app/scan-panel/broken-site-list-fails-clearly", FALSE,
       test_broken_site_list_fails_clearly);
  ADD ("/app/application/engine-follows-settings", FALSE, test_engine_follows_settings);
  ADD ("/app/preferences/scanning-validates-and-binds", FALSE, test_preferences_scanning);

  status = g_test_run ();
  app_test_remove_tree (sites_root);
  g_free (sites_user_dir);
  g_free (sites_bundled);
  g_free (sites_root);
  return status;
}
