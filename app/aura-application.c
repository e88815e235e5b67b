/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-app"
#include "config.h"

#include <glib/gi18n.h>

#include "aura-application.h"
#include "aura-tool-catalog.h"
#include "aura-preferences-window.h"
#include "aura-window.h"

struct _AuraApplication
{
  AdwApplication parent_instance;

  GSettings *settings;
  char *db_path;
  AuraEngine *engine;
};

G_DEFINE_FINAL_TYPE (AuraApplication, aura_application, ADW_TYPE_APPLICATION)

static void ensure_settings (AuraApplication *self);

AuraApplication *
aura_application_new (void)
{
  return g_object_new (AURA_TYPE_APPLICATION, "application-id", APP_ID, "flags",
                       G_APPLICATION_DEFAULT_FLAGS, "resource-base-path", RESOURCE_PREFIX, NULL);
}

char *
aura_application_dup_store_path (AuraApplication *self)
{
  const char *env;
  g_autofree char *setting = NULL;

  g_return_val_if_fail (AURA_IS_APPLICATION (self), NULL);

  if (self->db_path != NULL)
    return g_strdup (self->db_path);
  env = g_getenv ("AURA_DB");
  if (env != NULL && *env != '\0')
    return g_strdup (env);
  ensure_settings (self);
  setting = g_settings_get_string (self->settings, "store-path");
  if (*setting != '\0')
    return g_steal_pointer (&setting);
  return NULL;
}

/* ---- The scanning engine ----------------------------------------------- */

/* The settings the engine is built from; a change to any of them makes
 * the next scan build a new engine. */
static const char *const engine_keys[] = {
  "scan-concurrency", "scan-timeout", "proxies", "proxy-rotation", "user-agent", NULL,
};

static AuraEngineProxyRotation
rotation_from_string (const char *rotation)
{
  if (g_strcmp0 (rotation, "random") == 0)
    return AURA_ENGINE_PROXY_RANDOM;
  if (g_strcmp0 (rotation, "sticky") == 0)
    return AURA_ENGINE_PROXY_STICKY;
  return AURA_ENGINE_PROXY_ROUND_ROBIN;
}

static AuraEngine *
build_engine (GSettings *settings, GError **error)
{
  AuraEngineOptions options = { 0 };
  g_auto (GStrv) proxies = g_settings_get_strv (settings, "proxies");
  g_autofree char *rotation = g_settings_get_string (settings, "proxy-rotation");
  g_autofree char *agent = g_strstrip (g_settings_get_string (settings, "user-agent"));
  const char *agents[] = { agent, NULL };
  AuraEngine *engine;

  options.max_in_flight = (guint)MAX (1, g_settings_get_int (settings, "scan-concurrency"));
  options.timeout_ms = (guint)MAX (1, g_settings_get_int (settings, "scan-timeout")) * 1000;
  options.proxies = proxies[0] != NULL ? (const char *const *)proxies : NULL;
  options.proxy_rotation = rotation_from_string (rotation);
  options.user_agents = *agent != '\0' ? agents : NULL;
  /* Tests and sandboxes set it: no request may leave the machine. */
  options.loopback_only = g_strcmp0 (g_getenv ("AURA_LOOPBACK_ONLY"), "1") == 0;
  engine = aura_engine_new (&options, error);
  if (engine == NULL)
    g_prefix_error (error, _ ("Fix the scanning preferences. "));
  return engine;
}

static void
engine_setting_changed_cb (AuraApplication *self, const char *key, GSettings *settings)
{
  if (!g_strv_contains (engine_keys, key))
    return;
  /* Running scans hold their own reference: the old engine ends with the
   * last of them. */
  g_clear_object (&self->engine);
}

static void
ensure_settings (AuraApplication *self)
{
  if (self->settings != NULL)
    return;
  self->settings = g_settings_new (AURA_SETTINGS_SCHEMA);
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (engine_setting_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

AuraEngine *
aura_application_get_engine (AuraApplication *self, GError **error)
{
  g_return_val_if_fail (AURA_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ensure_settings (self);
  if (self->engine == NULL)
    self->engine = build_engine (self->settings, error);
  return self->engine;
}

AuraApplication *
aura_application_get_for_widget (GtkWidget *widget)
{
  GtkRoot *root;
  GApplication *app = NULL;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (root)));
  if (app == NULL)
    app = g_application_get_default ();
  return AURA_IS_APPLICATION (app) ? AURA_APPLICATION (app) : NULL;
}

/* ---- Appearance and actions ---------------------------------------------- */

static void
apply_color_scheme (AuraApplication *self)
{
  g_autofree char *scheme = g_settings_get_string (self->settings, "color-scheme");
  AdwColorScheme value = ADW_COLOR_SCHEME_DEFAULT;

  if (g_strcmp0 (scheme, "light") == 0)
    value = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_strcmp0 (scheme, "dark") == 0)
    value = ADW_COLOR_SCHEME_FORCE_DARK;
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), value);
}

static void
color_scheme_changed_cb (AuraApplication *self, const char *key, GSettings *settings)
{
  apply_color_scheme (self);
  /* The tool registry is read in a worker now, so that the first entity
   * menu finds it ready. */
  aura_tool_catalog_get_default ();
}

static void
quit_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  const char *developers[] = { "Aura contributors", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW, "transient-for",
                        gtk_application_get_active_window (app), "application-name", _ ("Aura"),
                        "application-icon", APP_ID, "version", PACKAGE_VERSION, "developer-name",
                        _ ("Aura contributors"), "developers", developers, "license-type",
                        GTK_LICENSE_GPL_3_0, "website", "https://github.com/AuraOsint/aura",
                        "issue-url", "https://github.com/AuraOsint/aura/issues", "comments",
                        _ ("A workbench for open-source intelligence investigations"),
                        "translator-credits", _ ("translator-credits"), NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  AuraPreferencesWindow *prefs;

  prefs = aura_preferences_window_new (gtk_application_get_active_window (app));
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
new_investigation_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.new-investigation", NULL);
}

static void
shortcuts_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  /* GtkApplicationWindow shows gtk/help-overlay.ui, which GtkApplication
   * found in the resource base path. */
  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated, NULL, NULL, NULL, { 0 } },
  { "about", about_activated, NULL, NULL, NULL, { 0 } },
  { "preferences", preferences_activated, NULL, NULL, NULL, { 0 } },
  { "new-investigation", new_investigation_activated, NULL, NULL, NULL, { 0 } },
  { "shortcuts", shortcuts_activated, NULL, NULL, NULL, { 0 } },
};

static void
aura_application_startup (GApplication *app)
{
  AuraApplication *self = AURA_APPLICATION (app);
  GtkApplication *gtk_app = GTK_APPLICATION (app);
  const struct
  {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.new-investigation", { "<Control>n", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
    { "window.close", { "<Control>w", NULL } },
    { "win.focus-search", { "<Control>f", NULL } },
    { "win.add-target", { "<Control>t", NULL } },
    { "win.rename-investigation", { "F2", NULL } },
  };

  G_APPLICATION_CLASS (aura_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (gtk_app, accels[i].action, accels[i].accels);

  ensure_settings (self);
  g_signal_connect_object (self->settings, "changed::color-scheme",
                           G_CALLBACK (color_scheme_changed_cb), self, G_CONNECT_SWAPPED);
  apply_color_scheme (self);
}

static void
aura_application_activate (GApplication *app)
{
  AuraApplication *self = AURA_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      g_autofree char *path = aura_application_dup_store_path (self);

      window = GTK_WINDOW (aura_window_new (self, path));
    }
  gtk_window_present (window);
}

static int
aura_application_handle_local_options (GApplication *app, GVariantDict *options)
{
  AuraApplication *self = AURA_APPLICATION (app);
  g_autofree char *db = NULL;

  if (g_variant_dict_lookup (options, "db", "^ay", &db) && *db != '\0')
    {
      g_autoptr (GFile) file = g_file_new_for_commandline_arg (db);

      g_free (self->db_path);
      self->db_path = g_file_get_path (file);
    }
  return -1;
}

static void
aura_application_finalize (GObject *object)
{
  AuraApplication *self = AURA_APPLICATION (object);

  g_clear_object (&self->engine);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->db_path, g_free);
  G_OBJECT_CLASS (aura_application_parent_class)->finalize (object);
}

static void
aura_application_class_init (AuraApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = aura_application_finalize;
  app_class->startup = aura_application_startup;
  app_class->activate = aura_application_activate;
  app_class->handle_local_options = aura_application_handle_local_options;
}

static void
aura_application_init (AuraApplication *self)
{
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_ ("Open the investigation database at PATH instead of the default one"), N_ ("PATH") },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}
