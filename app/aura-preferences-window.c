/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-app"
#include "config.h"

#include <aura.h>
#include <glib/gi18n.h>

#include "aura-application.h"
#include "aura-preferences-window.h"

struct _AuraPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GSettings *settings;

  AdwComboRow *color_scheme_row;
  AdwActionRow *database_row;
  GtkButton *reset_database_button;
  GtkSwitch *show_archived_switch;
  GtkSpinButton *concurrency_spin;
  GtkSpinButton *timeout_spin;
  AdwEntryRow *proxies_row;
  AdwComboRow *proxy_rotation_row;
  AdwEntryRow *user_agent_row;
  GtkLabel *scanning_error_label;
  AdwComboRow *domain_wordlist_row;
  GtkSwitch *domain_permutations_switch;
  AdwComboRow *domain_sources_row;
  GtkSpinButton *domain_rate_spin;
  GtkSwitch *domain_transfer_switch;
  GtkSwitch *domain_rdap_switch;
  GtkSwitch *domain_harvest_switch;
};

G_DEFINE_FINAL_TYPE (AuraPreferencesWindow, aura_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The combo row's positions, in the order of the .ui. */
static const char *const color_schemes[] = { "default", "light", "dark" };

static gboolean
scheme_to_position (GValue *value, GVariant *variant, gpointer user_data)
{
  const char *scheme = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (color_schemes); i++)
    if (g_strcmp0 (scheme, color_schemes[i]) == 0)
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
position_to_scheme (const GValue *value, const GVariantType *type, gpointer user_data)
{
  guint position = g_value_get_uint (value);

  if (position >= G_N_ELEMENTS (color_schemes))
    position = 0;
  return g_variant_new_string (color_schemes[position]);
}

/* ---- Scanning --------------------------------------------------------------- */

/* The rotation combo row's positions, in the order of the .ui. */
static const char *const proxy_rotations[] = { "round-robin", "random", "sticky" };

static gboolean
rotation_to_position (GValue *value, GVariant *variant, gpointer user_data)
{
  const char *rotation = g_variant_get_string (variant, NULL);

  g_value_set_uint (value, 0);
  for (guint i = 0; i < G_N_ELEMENTS (proxy_rotations); i++)
    if (g_strcmp0 (rotation, proxy_rotations[i]) == 0)
      g_value_set_uint (value, i);
  return TRUE;
}

static GVariant *
position_to_rotation (const GValue *value, const GVariantType *type, gpointer user_data)
{
  guint position = g_value_get_uint (value);

  if (position >= G_N_ELEMENTS (proxy_rotations))
    position = 0;
  return g_variant_new_string (proxy_rotations[position]);
}

static void
show_scanning_error (AuraPreferencesWindow *self, GtkWidget *row, const char *message)
{
  if (row != NULL)
    gtk_widget_add_css_class (row, "error");
  gtk_label_set_label (self->scanning_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->scanning_error_label), message != NULL);
}

static void
load_proxies (AuraPreferencesWindow *self)
{
  g_auto (GStrv) proxies = g_settings_get_strv (self->settings, "proxies");
  g_autofree char *text = g_strjoinv (", ", proxies);

  gtk_editable_set_text (GTK_EDITABLE (self->proxies_row), text);
}

/* The proxy URLs of a comma-separated text, without blanks. */
static GStrv
parse_proxies (const char *text)
{
  g_auto (GStrv) parts = g_strsplit_set (text, ",\n", -1);
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }
  return g_strv_builder_end (builder);
}

/* The engine is the judge of a proxy URL: building one with the proxies
 * alone (and loopback only, so it could send nothing anywhere) names the
 * first bad one. */
static gboolean
validate_proxies (const char *const *proxies, GError **error)
{
  AuraEngineOptions options = { 0 };
  g_autoptr (AuraEngine) engine = NULL;

  if (proxies[0] == NULL)
    return TRUE;
  options.proxies = proxies;
  options.max_in_flight = 1;
  options.loopback_only = TRUE;
  engine = aura_engine_new (&options, error);
  return engine != NULL;
}

static void
proxies_apply_cb (AuraPreferencesWindow *self)
{
  g_auto (GStrv) proxies = parse_proxies (gtk_editable_get_text (GTK_EDITABLE (self->proxies_row)));
  g_autoptr (GError) error = NULL;

  if (!validate_proxies ((const char *const *)proxies, &error))
    {
      show_scanning_error (self, GTK_WIDGET (self->proxies_row), error->message);
      return;
    }
  g_settings_set_strv (self->settings, "proxies", (const char *const *)proxies);
  /* Shows the list as it was kept: trimmed, one comma between URLs. */
  load_proxies (self);
  show_scanning_error (self, NULL, NULL);
}

static void
proxies_changed_cb (AuraPreferencesWindow *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->proxies_row), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->scanning_error_label), FALSE);
}

static void
user_agent_apply_cb (AuraPreferencesWindow *self)
{
  g_autofree char *agent =
      g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->user_agent_row))));

  /* A header value cannot hold line breaks or other control characters. */
  for (const char *p = agent; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        show_scanning_error (self, GTK_WIDGET (self->user_agent_row),
                             _ ("The user agent cannot hold line breaks, tabs or other "
                                "control characters: type it on one line."));
        return;
      }
  g_settings_set_string (self->settings, "user-agent", agent);
  gtk_editable_set_text (GTK_EDITABLE (self->user_agent_row), agent);
  show_scanning_error (self, NULL, NULL);
}

static void
user_agent_changed_cb (AuraPreferencesWindow *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->user_agent_row), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->scanning_error_label), FALSE);
}

static void
bind_scanning (AuraPreferencesWindow *self)
{
  g_autofree char *agent = g_settings_get_string (self->settings, "user-agent");

  g_settings_bind (self->settings, "scan-concurrency", self->concurrency_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "scan-timeout", self->timeout_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "proxy-rotation", self->proxy_rotation_row,
                                "selected", G_SETTINGS_BIND_DEFAULT, rotation_to_position,
                                position_to_rotation, NULL, NULL);
  g_signal_connect_object (self->settings, "changed::proxies", G_CALLBACK (load_proxies), self,
                           G_CONNECT_SWAPPED);
  load_proxies (self);
  gtk_editable_set_text (GTK_EDITABLE (self->user_agent_row), agent);
}

/* ---- Domain scans ------------------------------------------------------------- */

/* The combo rows' positions, in the order of the .ui. */
static const char *const domain_wordlists[] = { "none", "small", "medium", "large", NULL };
static const char *const domain_sources[] = { "all", "none", NULL };

/* @user_data: the choices, NULL-terminated, in the combo row's order. */
static gboolean
choice_to_position (GValue *value, GVariant *variant, gpointer user_data)
{
  const char *const *choices = user_data;
  const char *choice = g_variant_get_string (variant, NULL);

  g_value_set_uint (value, 0);
  for (guint i = 0; choices[i] != NULL; i++)
    if (g_strcmp0 (choice, choices[i]) == 0)
      g_value_set_uint (value, i);
  return TRUE;
}

static GVariant *
position_to_choice (const GValue *value, const GVariantType *type, gpointer user_data)
{
  const char *const *choices = user_data;
  guint position = g_value_get_uint (value);

  if (position >= g_strv_length ((char **)choices))
    position = 0;
  return g_variant_new_string (choices[position]);
}

static void
bind_domain_scans (AuraPreferencesWindow *self)
{
  g_settings_bind_with_mapping (self->settings, "domain-wordlist", self->domain_wordlist_row,
                                "selected", G_SETTINGS_BIND_DEFAULT, choice_to_position,
                                position_to_choice, (gpointer)domain_wordlists, NULL);
  g_settings_bind_with_mapping (self->settings, "domain-sources", self->domain_sources_row,
                                "selected", G_SETTINGS_BIND_DEFAULT, choice_to_position,
                                position_to_choice, (gpointer)domain_sources, NULL);
  g_settings_bind (self->settings, "domain-permutations", self->domain_permutations_switch,
                   "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "domain-rate", self->domain_rate_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "domain-transfer", self->domain_transfer_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "domain-rdap", self->domain_rdap_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "domain-harvest", self->domain_harvest_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
}

/* ---- Database ---------------------------------------------------------------- */

static void
update_database_row (AuraPreferencesWindow *self)
{
  g_autofree char *path = g_settings_get_string (self->settings, "store-path");
  g_autofree char *default_path = NULL;

  if (*path == '\0')
    {
      default_path = aura_store_get_default_path ();
      adw_action_row_set_subtitle (self->database_row, default_path);
    }
  else
    adw_action_row_set_subtitle (self->database_row, path);
  gtk_widget_set_sensitive (GTK_WIDGET (self->reset_database_button), *path != '\0');
}

static void
choose_response_cb (GtkNativeDialog *dialog, int response, gpointer user_data)
{
  AuraPreferencesWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        g_settings_set_string (self->settings, "store-path", path);
    }
  g_object_unref (dialog);
}

static void
choose_database_cb (AuraPreferencesWindow *self)
{
  GtkFileChooserNative *chooser;

  /* Saving lets a person pick an existing file or name a new one; Aura
   * creates it at the next start. */
  chooser =
      gtk_file_chooser_native_new (_ ("Choose Database File"), GTK_WINDOW (self),
                                   GTK_FILE_CHOOSER_ACTION_SAVE, _ ("_Select"), _ ("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "aura.db");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (choose_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
reset_database_cb (AuraPreferencesWindow *self)
{
  g_settings_reset (self->settings, "store-path");
}

AuraPreferencesWindow *
aura_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (AURA_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
}

static void
aura_preferences_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), AURA_TYPE_PREFERENCES_WINDOW);
  G_OBJECT_CLASS (aura_preferences_window_parent_class)->dispose (object);
}

static void
aura_preferences_window_finalize (GObject *object)
{
  AuraPreferencesWindow *self = AURA_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);
  G_OBJECT_CLASS (aura_preferences_window_parent_class)->finalize (object);
}

static void
aura_preferences_window_class_init (AuraPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aura_preferences_window_dispose;
  object_class->finalize = aura_preferences_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/aura-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AuraPreferencesWindow, color_scheme_row);
  gtk_widget_class_bind_template_child (widget_class, AuraPreferencesWindow, database_row);
  gtk_widget_class_bind_template_child (widget_class, AuraPreferencesWindow, reset_database_button);
  gtk_widget_class_bind_template_child (widget_class, AuraPreferencesWindow, show_archived_switch);
  gtk_widget_class_bind_template_child (widget_class, AuraPreferencesWindow, concurrency_spin);
  gtk_widget_class_bind_template_child (widget_class, AuraPreferencesWindow, timeout_spin);
  gtk_widget_class_bind_template_child (widget_class, AuraPreferencesWindow, proxies_row);
  gtk_widget_class_bind_template_child (widget_class, AuraPreferencesWindow, proxy_rotation_row);
  gtk_widget_class_bind_template_child (widget_class, AuraPreferencesWindow, user_agent_row);
  gtk_widget_class_bind_template_child (widget_class, AuraPreferencesWindow, scanning_error_label);
  gtk_widget_class_bind_template_child (widget_class, AuraPreferencesWindow, domain_wordlist_row);
  gtk_widget_class_bind_template_child (widget_class, AuraPreferencesWindow,
                                        domain_permutations_switch);
  gtk_widget_class_bind_template_child (widget_class, AuraPreferencesWindow, domain_sources_row);
  gtk_widget_class_bind_template_child (widget_class, AuraPreferencesWindow, domain_rate_spin);
  gtk_widget_class_bind_template_child (widget_class, AuraPreferencesWindow,
                                        domain_transfer_switch);
  gtk_widget_class_bind_template_child (widget_class, AuraPreferencesWindow, domain_rdap_switch);
  gtk_widget_class_bind_template_child (widget_class, AuraPreferencesWindow, domain_harvest_switch);
  gtk_widget_class_bind_template_callback (widget_class, proxies_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, proxies_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, user_agent_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, user_agent_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_database_cb);
  gtk_widget_class_bind_template_callback (widget_class, reset_database_cb);
}

static void
aura_preferences_window_init (AuraPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (AURA_SETTINGS_SCHEMA);
  g_settings_bind_with_mapping (self->settings, "color-scheme", self->color_scheme_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, scheme_to_position, position_to_scheme,
                                NULL, NULL);
  g_settings_bind (self->settings, "show-archived", self->show_archived_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->settings, "changed::store-path", G_CALLBACK (update_database_row),
                           self, G_CONNECT_SWAPPED);
  update_database_row (self);
  bind_scanning (self);
  bind_domain_scans (self);
}
