/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>

#include "app-test-utils.h"
#include "aura-add-target-dialog.h"
#include "aura-application.h"
#include "aura-investigation-dialog.h"
#include "aura-investigation-page.h"
#include "aura-preferences-window.h"
#include "aura-scan-panel.h"
#include "aura-test-server.h"
#include "aura-window.h"

/* Opens the main window on a database, selects an investigation, waits
 * until its table has loaded, and renders the window to a PNG. Run it
 * under xvfb-run (see app/README.md). */

typedef struct
{
  AuraWindow *window;
  const char *investigation;
} Shot;

static gboolean
window_ready (gpointer data)
{
  Shot *shot = data;
  const char *view = aura_window_get_view_name (shot->window);

  if (g_strcmp0 (view, "loading") == 0)
    return FALSE;
  if (shot->investigation == NULL || aura_window_get_store (shot->window) == NULL)
    return TRUE;
  return g_list_model_get_n_items (aura_window_get_investigations (shot->window)) > 0;
}

static gboolean
page_ready (gpointer data)
{
  Shot *shot = data;
  GtkWidget *page = aura_window_get_investigation_page (shot->window);
  AuraEntityList *list;

  if (page == NULL)
    return FALSE;
  list = aura_entity_table_get_list (
      aura_investigation_page_get_entity_table (AURA_INVESTIGATION_PAGE (page)));
  return aura_investigation_page_get_targets (AURA_INVESTIGATION_PAGE (page)) != NULL &&
         !aura_entity_list_get_loading (list);
}

static gboolean
render (GtkWidget *widget, const char *output, GError **error)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_to_node (snapshot);
  if (node == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The window drew nothing");
      return FALSE;
    }
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, output))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not write %s", output);
      return FALSE;
    }
  return TRUE;
}

/* Opens the dialog named @name over the window, for a screenshot of it. */
static GtkWidget *
open_dialog (AuraWindow *window, const char *name, const char *value)
{
  GtkWidget *page = aura_window_get_investigation_page (window);
  GtkWidget *dialog = NULL;

  if (g_strcmp0 (name, "preferences") == 0)
    dialog = GTK_WIDGET (aura_preferences_window_new (GTK_WINDOW (window)));
  else if (g_strcmp0 (name, "new-investigation") == 0)
    {
      dialog = GTK_WIDGET (aura_investigation_dialog_new (GTK_WINDOW (window),
                                                          aura_window_get_store (window), NULL));
      if (value != NULL)
        aura_investigation_dialog_set_values (AURA_INVESTIGATION_DIALOG (dialog), value, NULL);
    }
  else if (g_strcmp0 (name, "add-target") == 0 && page != NULL)
    {
      dialog = GTK_WIDGET (aura_add_target_dialog_new (
          GTK_WINDOW (window), aura_window_get_store (window),
          aura_investigation_page_get_investigation_id (AURA_INVESTIGATION_PAGE (page))));
      aura_add_target_dialog_set_entity_type (AURA_ADD_TARGET_DIALOG (dialog), AURA_ENTITY_EMAIL);
      if (value != NULL)
        aura_add_target_dialog_set_value (AURA_ADD_TARGET_DIALOG (dialog), value);
    }
  if (dialog != NULL)
    gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

/* ---- --scan: a username scan against demo sites on loopback -------------- */

/* How each demo site answers: "found" has every name but the random ones
 * the calibration asks (longer than 12 characters), "liar" has every name,
 * "absent" none, "wall" shows a bot wall. */
static const struct
{
  const char *name;
  const char *behaviour;
} demo_sites[] = {
  { "GitHub", "found" },     { "GitLab", "found" },   { "Codeberg", "found" },
  { "Mastodon", "found" },   { "Keybase", "absent" }, { "Reddit", "wall" },
  { "Flickr", "liar" },      { "Lobsters", "found" }, { "Hacker News", "absent" },
  { "SoundCloud", "found" },
};

static void
demo_site_cb (AuraTestServer *server,
              SoupServerMessage *msg,
              const char *host,
              const char *path,
              gpointer user_data)
{
  g_auto (GStrv) parts = g_strsplit (path, "/", 3);
  const char *behaviour = "absent";
  guint status = 404;
  const char *body = "<html>Not found</html>";

  for (guint i = 0; i < G_N_ELEMENTS (demo_sites) && g_strv_length (parts) == 3; i++)
    if (g_ascii_strcasecmp (parts[1], demo_sites[i].name) == 0)
      behaviour = demo_sites[i].behaviour;
  if (g_str_equal (behaviour, "liar") ||
      (g_str_equal (behaviour, "found") && strlen (parts[2] != NULL ? parts[2] : "") <= 12))
    {
      status = 200;
      body = "<html><head><title>Alice</title></head><body><h1>Alice</h1></body></html>";
    }
  else if (g_str_equal (behaviour, "wall"))
    {
      status = 403;
      body = "<html><head><title>Just a moment...</title></head><body>cf-chl-widget</body></html>";
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "cf-mitigated",
                                    "challenge");
    }
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_COPY, body, strlen (body));
}

/* Starts the demo server and points the site list variables at a manifest
 * of its sites, in a new folder @out_dir. Before any thread starts. */
static AuraTestServer *
start_demo_sites (char **out_dir)
{
  AuraTestServer *server = aura_test_server_new ();
  g_autoptr (GString) json =
      g_string_new ("{\"format\": \"aura-sites\", \"version\": 1, \"sites\": [");
  g_autofree char *manifest = NULL;
  g_autofree char *user_dir = NULL;
  guint port = aura_test_server_get_port (server);

  for (guint i = 0; i < G_N_ELEMENTS (demo_sites); i++)
    {
      g_autofree char *segment = g_ascii_strdown (demo_sites[i].name, -1);

      g_strdelimit (segment, " ", '-');
      g_string_append_printf (json,
                              "%s{\"name\": \"%s\", \"url\": \"http://127.0.0.1:%u/\","
                              " \"profile_url\": \"http://127.0.0.1:%u/%s/{username}\","
                              " \"detect\": {\"found\": [{\"status\": [200]}],"
                              " \"not_found\": [{\"status\": [404]}]}}",
                              i > 0 ? "," : "", demo_sites[i].name, port, port, segment);
    }
  g_string_append (json, "]}");
  *out_dir = g_dir_make_tmp ("aura-screenshot-sites-XXXXXX", NULL);
  manifest = g_build_filename (*out_dir, "aura-sites.json", NULL);
  user_dir = g_build_filename (*out_dir, "user", NULL);
  g_mkdir (user_dir, 0700);
  g_file_set_contents (manifest, json->str, (gssize)json->len, NULL);
  g_setenv ("AURA_SITES_BUNDLED", manifest, TRUE);
  g_setenv ("AURA_SITES_DIR", user_dir, TRUE);
  g_setenv ("AURA_LOOPBACK_ONLY", "1", TRUE);
  aura_test_server_add_handler (server, "127.0.0.1", "*", demo_site_cb, NULL, NULL);
  return server;
}

static void
stop_demo_sites (AuraTestServer *server, const char *dir)
{
  g_autofree char *manifest = g_build_filename (dir, "aura-sites.json", NULL);
  g_autofree char *user_dir = g_build_filename (dir, "user", NULL);

  aura_test_server_free (server);
  g_remove (manifest);
  g_rmdir (user_dir);
  g_rmdir (dir);
}

static gboolean
scan_ended (gpointer data)
{
  return !aura_scan_panel_get_running (data) &&
         aura_scan_panel_get_state (data) != AURA_SCAN_PANEL_IDLE;
}

static AuraScanPanel *
find_panel (GtkWidget *root)
{
  if (AURA_IS_SCAN_PANEL (root))
    return AURA_SCAN_PANEL (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AuraScanPanel *found = find_panel (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Looks for accounts named like the page's first username target and
 * waits for the scan to end. */
static gboolean
run_scan (AuraWindow *window)
{
  GtkWidget *page = aura_window_get_investigation_page (window);
  GPtrArray *targets = aura_investigation_page_get_targets (AURA_INVESTIGATION_PAGE (page));
  AuraScanPanel *panel = find_panel (page);
  g_autoptr (GError) error = NULL;

  for (guint i = 0; panel != NULL && i < targets->len; i++)
    {
      AuraEntity *target = targets->pdata[i];

      if (aura_entity_get_entity_type (target) != AURA_ENTITY_USERNAME)
        continue;
      if (!aura_scan_panel_start (
              panel, aura_window_get_store (window),
              aura_investigation_page_get_investigation_id (AURA_INVESTIGATION_PAGE (page)),
              aura_entity_get_id (target), aura_entity_get_value (target), &error))
        {
          g_printerr ("%s\n", error->message);
          return FALSE;
        }
      app_test_wait_until (scan_ended, panel, 30000, "the scan");
      return TRUE;
    }
  g_printerr ("The investigation has no username target to scan\n");
  return FALSE;
}

static void
init_gtk (void)
{
  g_autoptr (GtkCssProvider) provider = NULL;

  gtk_init ();
  adw_init ();
  /* The store delivers "changed" with g_main_context_invoke(), which runs
   * the handler in the calling worker thread whenever no thread owns the
   * default context. g_main_loop_run() owns it for the whole run in the
   * app; these loops iterate by hand, so they take ownership once. */
  g_main_context_acquire (g_main_context_default ());
  /* AdwApplication loads style.css by itself; without one, load it here. */
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, RESOURCE_PREFIX "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

/* Selects the investigation, waits for its page, and opens the first
 * entity's details when asked. */
static gboolean
select_investigation (Shot *shot, gboolean details)
{
  GtkWidget *page;

  if (!aura_window_select_investigation (shot->window, shot->investigation))
    {
      g_printerr ("No investigation named “%s”\n", shot->investigation);
      return FALSE;
    }
  app_test_wait_until (page_ready, shot, 30000, "the investigation page");
  page = aura_window_get_investigation_page (shot->window);
  if (details)
    g_signal_emit_by_name (
        aura_entity_table_get_column_view (
            aura_investigation_page_get_entity_table (AURA_INVESTIGATION_PAGE (page))),
        "activate", 0);
  return TRUE;
}

int
main (int argc, char *argv[])
{
  g_autofree char *db = NULL;
  g_autofree char *investigation = NULL;
  g_autofree char *output = NULL;
  g_autofree char *dialog_name = NULL;
  g_autofree char *dialog_value = NULL;
  GtkWidget *target;
  int width = 1280, height = 800, populate = 0;
  gboolean dark = FALSE;
  gboolean details = FALSE;
  gboolean scan = FALSE;
  g_autoptr (AuraApplication) app = NULL;
  AuraTestServer *server = NULL;
  g_autofree char *sites_dir = NULL;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "Database to open", "PATH" },
    { "investigation", 0, 0, G_OPTION_ARG_STRING, &investigation, "Investigation to select",
      "NAME" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "PNG file to write", "PATH" },
    { "width", 0, 0, G_OPTION_ARG_INT, &width, "Window width", "PX" },
    { "height", 0, 0, G_OPTION_ARG_INT, &height, "Window height", "PX" },
    { "dark", 0, 0, G_OPTION_ARG_NONE, &dark, "Use the dark style", NULL },
    { "details", 0, 0, G_OPTION_ARG_NONE, &details, "Open the first entity's details", NULL },
    { "scan", 0, 0, G_OPTION_ARG_NONE, &scan,
      "Look for accounts of the first username target on demo sites served on loopback", NULL },
    { "dialog", 0, 0, G_OPTION_ARG_STRING, &dialog_name,
      "Render a dialog instead: add-target, new-investigation or preferences", "NAME" },
    { "value", 0, 0, G_OPTION_ARG_STRING, &dialog_value, "Text typed into the dialog", "TEXT" },
    { "populate", 0, 0, G_OPTION_ARG_INT, &populate,
      "First fill a new database with the test fixture and N entities", "N" },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("- render Aura's window to PNG");
  g_autoptr (GError) error = NULL;
  Shot shot = { 0 };

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || db == NULL || output == NULL)
    {
      g_printerr ("%s\nUsage: aura-screenshot --db PATH --output FILE.png "
                  "[--investigation NAME] [--populate N]\n",
                  error != NULL ? error->message : "");
      return EXIT_FAILURE;
    }
  if (populate > 0)
    app_test_populate (db, (guint)populate);
  if (scan)
    server = start_demo_sites (&sites_dir);

  init_gtk ();
  /* The default application, where the scan panel finds the engine. */
  app = aura_application_new ();
  if (dark)
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                        ADW_COLOR_SCHEME_FORCE_DARK);

  shot.window = aura_window_new (NULL, db);
  shot.investigation = investigation;
  gtk_window_set_default_size (GTK_WINDOW (shot.window), width, height);
  gtk_window_present (GTK_WINDOW (shot.window));
  app_test_wait_until (window_ready, &shot, 30000, "the window");
  if (investigation != NULL && !select_investigation (&shot, details))
    return EXIT_FAILURE;
  if (scan && (investigation == NULL || !run_scan (shot.window)))
    return EXIT_FAILURE;
  target = GTK_WIDGET (shot.window);
  if (dialog_name != NULL &&
      (target = open_dialog (shot.window, dialog_name, dialog_value)) == NULL)
    {
      g_printerr ("Unknown dialog “%s”\n", dialog_name);
      return EXIT_FAILURE;
    }
  /* A few frames for the list to bind rows and the transitions to end. */
  app_test_drain (600);

  if (!render (target, output, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  g_print ("%s\n", output);
  gtk_window_destroy (GTK_WINDOW (shot.window));
  app_test_drain (100);
  if (server != NULL)
    stop_demo_sites (server, sites_dir);
  return EXIT_SUCCESS;
}
