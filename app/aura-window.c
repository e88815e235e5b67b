/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-app"
#include "config.h"

#include <glib/gi18n.h>

#include "aura-investigation-row.h"
#include "aura-store-op.h"
#include "aura-window-private.h"

G_DEFINE_FINAL_TYPE (AuraWindow, aura_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_STORE_PATH,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

AuraWindow *
aura_window_new (AuraApplication *application, const char *store_path)
{
  return g_object_new (AURA_TYPE_WINDOW, "application", application, "store-path", store_path,
                       NULL);
}

AuraStore *
aura_window_get_store (AuraWindow *self)
{
  g_return_val_if_fail (AURA_IS_WINDOW (self), NULL);
  return self->store;
}

const char *
aura_window_get_view_name (AuraWindow *self)
{
  const char *name;

  g_return_val_if_fail (AURA_IS_WINDOW (self), NULL);

  name = gtk_stack_get_visible_child_name (self->main_stack);
  if (g_strcmp0 (name, "workspace") == 0)
    return gtk_stack_get_visible_child_name (self->content_stack);
  return name;
}

GListModel *
aura_window_get_investigations (AuraWindow *self)
{
  g_return_val_if_fail (AURA_IS_WINDOW (self), NULL);
  return G_LIST_MODEL (self->selection);
}

GtkWidget *
aura_window_get_investigation_page (AuraWindow *self)
{
  g_return_val_if_fail (AURA_IS_WINDOW (self), NULL);
  return adw_bin_get_child (self->page_bin);
}

const char *
aura_window_get_error_message (AuraWindow *self)
{
  g_return_val_if_fail (AURA_IS_WINDOW (self), NULL);
  return adw_status_page_get_description (self->error_page);
}

void
aura_window_add_toast (AuraWindow *self, AdwToast *toast)
{
  g_return_if_fail (AURA_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

gboolean
aura_window_select_investigation (AuraWindow *self, const char *name)
{
  GListModel *model;
  guint n;

  g_return_val_if_fail (AURA_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  model = G_LIST_MODEL (self->selection);
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (AuraInvestigation) inv = g_list_model_get_item (model, i);

      if (g_strcmp0 (aura_investigation_get_name (inv), name) == 0)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return TRUE;
        }
    }
  return FALSE;
}

/* ---- Opening the store ---------------------------------------------- */

static void
store_changed_cb (AuraWindow *self, gint64 investigation_id, const char *what, AuraStore *store)
{
  aura_window_reload_investigations (self);
}

static void
set_store (AuraWindow *self, AuraStore *store)
{
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self,
                             G_CONNECT_SWAPPED);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

static void
show_open_error (AuraWindow *self, const GError *error)
{
  g_autofree char *message = NULL;
  const char *path = self->store_path;
  g_autofree char *default_path = NULL;

  if (path == NULL)
    path = default_path = aura_store_get_default_path ();
  /* Translators: the first %s is the database file, the second the reason
   * it could not be opened. */
  message = g_strdup_printf (_ ("%s\n\n%s"), path, error->message);
  adw_status_page_set_description (self->error_page, message);
  gtk_stack_set_visible_child_name (self->main_stack, "error");
}

static void
open_store_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AuraWindow *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraStore) store = NULL;

  if (!aura_store_op_finish (result, (gpointer *)&store, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_message ("Could not open the database: %s", error->message);
      show_open_error (self, error);
      return;
    }
  set_store (self, store);
  /* The spinner stays until the first list arrives, so the empty state
   * never flashes before the investigations. */
  aura_window_reload_investigations (self);
}

void
aura_window_open_store (AuraWindow *self, const char *store_path)
{
  g_return_if_fail (AURA_IS_WINDOW (self));

  if (store_path != self->store_path)
    {
      g_free (self->store_path);
      self->store_path = g_strdup (store_path);
    }
  set_store (self, NULL);
  adw_bin_set_child (self->page_bin, NULL);
  g_list_store_remove_all (self->investigations);
  gtk_stack_set_visible_child_name (self->main_stack, "loading");
  aura_store_op_run (NULL, AURA_STORE_OP_OPEN, 0, 0, FALSE, self->store_path, NULL,
                     self->cancellable, open_store_cb, self);
}

static void
choose_database_response_cb (GtkNativeDialog *dialog, int response, gpointer user_data)
{
  AuraWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        {
          g_settings_set_string (self->settings, "store-path", path);
          aura_window_open_store (self, path);
        }
    }
  g_object_unref (dialog);
}

static void
choose_database_cb (AuraWindow *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_ ("Open Database"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _ ("_Open"), _ ("_Cancel"));
  gtk_file_filter_set_name (filter, _ ("Aura databases"));
  gtk_file_filter_add_pattern (filter, "*.db");
  gtk_file_filter_add_mime_type (filter, "application/vnd.sqlite3");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (choose_database_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- The investigations list -------------------------------------------- */

static void
update_content (AuraWindow *self)
{
  AuraInvestigation *inv = aura_window_get_selected (self);
  GtkWidget *page = adw_bin_get_child (self->page_bin);

  if (inv == NULL)
    {
      self->selected_id = 0;
      adw_bin_set_child (self->page_bin, NULL);
      adw_window_title_set_title (self->content_title, "");
      gtk_stack_set_visible_child_name (
          self->content_stack, g_list_model_get_n_items (G_LIST_MODEL (self->investigations)) == 0
                                   ? "empty"
                                   : "unselected");
      aura_window_update_actions (self);
      return;
    }

  if (page != NULL && aura_investigation_page_get_investigation_id (
                          AURA_INVESTIGATION_PAGE (page)) == aura_investigation_get_id (inv))
    aura_investigation_page_set_investigation (AURA_INVESTIGATION_PAGE (page), inv);
  else
    adw_bin_set_child (self->page_bin, GTK_WIDGET (aura_investigation_page_new (self->store, inv)));
  self->selected_id = aura_investigation_get_id (inv);
  adw_window_title_set_title (self->content_title, aura_investigation_get_name (inv));
  gtk_stack_set_visible_child_name (self->content_stack, "investigation");
  aura_window_update_actions (self);
}

static void
selection_changed_cb (AuraWindow *self)
{
  update_content (self);
  if (aura_window_get_selected (self) != NULL)
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static guint
find_position (GListModel *model, gint64 id)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (AuraInvestigation) inv = g_list_model_get_item (model, i);

      if (aura_investigation_get_id (inv) == id)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

static void
list_investigations_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AuraWindow *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) list = NULL;
  gint64 keep_id;

  if (!aura_store_op_finish (result, (gpointer *)&list, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->reloading = FALSE;
      gtk_stack_set_visible_child_name (self->main_stack, "workspace");
      aura_window_toast_error (self, error);
      return;
    }
  self->reloading = FALSE;
  gtk_stack_set_visible_child_name (self->main_stack, "workspace");

  /* Replacing the items drops the selection: keep the selected id and
   * select it again, so a rename or a new target does not lose the page. */
  keep_id = self->selected_id;
  g_signal_handlers_block_by_func (self->selection, selection_changed_cb, self);
  g_list_store_splice (self->investigations, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->investigations)), list->pdata,
                       list->len);
  gtk_single_selection_set_selected (self->selection,
                                     find_position (G_LIST_MODEL (self->selection), keep_id));
  g_signal_handlers_unblock_by_func (self->selection, selection_changed_cb, self);
  update_content (self);

  if (self->reload_again)
    {
      self->reload_again = FALSE;
      aura_window_reload_investigations (self);
    }
}

void
aura_window_reload_investigations (AuraWindow *self)
{
  if (self->store == NULL)
    return;
  /* Changes can come in bursts: one read at a time, and one more after it
   * when something changed meanwhile. */
  if (self->reloading)
    {
      self->reload_again = TRUE;
      return;
    }
  self->reloading = TRUE;
  aura_store_op_run (self->store, AURA_STORE_OP_LIST_INVESTIGATIONS, 0, 0,
                     g_settings_get_boolean (self->settings, "show-archived"), NULL, NULL,
                     self->cancellable, list_investigations_cb, self);
}

static gboolean
filter_investigation (gpointer item, gpointer user_data)
{
  AuraWindow *self = user_data;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->sidebar_search));
  g_autofree char *needle = NULL;
  g_autofree char *haystack = NULL;

  if (text == NULL || *text == '\0')
    return TRUE;
  needle = g_utf8_casefold (text, -1);
  haystack = g_utf8_casefold (aura_investigation_get_name (AURA_INVESTIGATION (item)), -1);
  return strstr (haystack, needle) != NULL;
}

static void
sidebar_search_changed_cb (AuraWindow *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
show_archived_changed_cb (AuraWindow *self)
{
  aura_window_reload_investigations (self);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  gtk_list_item_set_child (item, GTK_WIDGET (aura_investigation_row_new ()));
}

static void
bind_row_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  aura_investigation_row_set_investigation (AURA_INVESTIGATION_ROW (gtk_list_item_get_child (item)),
                                            AURA_INVESTIGATION (gtk_list_item_get_item (item)));
}

/* ---- Window state --------------------------------------------------- */

static void
destroy_window_cb (gpointer data)
{
  gtk_window_destroy (GTK_WINDOW (data));
}

static void
map_cb (AuraWindow *self)
{
  if (self->startup_reported)
    return;
  self->startup_reported = TRUE;
  /* For tests/bench/bench-cold-start.c: the same CLOCK_MONOTONIC as the
   * bench's own clock, so the difference is exec → first map. */
  if (g_strcmp0 (g_getenv ("AURA_REPORT_STARTUP"), "1") == 0)
    g_printerr ("startup-mapped-us: %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  if (g_strcmp0 (g_getenv ("AURA_EXIT_AFTER_MAP"), "1") == 0)
    g_idle_add_once (destroy_window_cb, self);
}

static gboolean
aura_window_close_request (GtkWindow *window)
{
  AuraWindow *self = AURA_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  g_settings_apply (self->settings);

  return GTK_WINDOW_CLASS (aura_window_parent_class)->close_request (window);
}

static void
aura_window_constructed (GObject *object)
{
  AuraWindow *self = AURA_WINDOW (object);

  G_OBJECT_CLASS (aura_window_parent_class)->constructed (object);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  aura_window_open_store (self, self->store_path);
}

static void
aura_window_dispose (GObject *object)
{
  AuraWindow *self = AURA_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  set_store (self, NULL);
  /* Something in GTK keeps the settings action alive past the window; left
   * in the map, its state changes would reach the finalised action group. */
  g_action_map_remove_action (G_ACTION_MAP (self), "show-archived");
  gtk_widget_dispose_template (GTK_WIDGET (self), AURA_TYPE_WINDOW);
  G_OBJECT_CLASS (aura_window_parent_class)->dispose (object);
}

static void
aura_window_finalize (GObject *object)
{
  AuraWindow *self = AURA_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->investigations);
  g_clear_pointer (&self->store_path, g_free);
  G_OBJECT_CLASS (aura_window_parent_class)->finalize (object);
}

static void
aura_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  AuraWindow *self = AURA_WINDOW (object);

  switch (prop_id)
    {
      case PROP_STORE_PATH:
        g_value_set_string (value, self->store_path);
        break;
      case PROP_STORE:
        g_value_set_object (value, self->store);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aura_window_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  AuraWindow *self = AURA_WINDOW (object);

  switch (prop_id)
    {
      case PROP_STORE_PATH:
        self->store_path = g_value_dup_string (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aura_window_class_init (AuraWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = aura_window_constructed;
  object_class->dispose = aura_window_dispose;
  object_class->finalize = aura_window_finalize;
  object_class->get_property = aura_window_get_property;
  object_class->set_property = aura_window_set_property;
  window_class->close_request = aura_window_close_request;

  properties[PROP_STORE_PATH] =
      g_param_spec_string ("store-path", NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, AURA_TYPE_STORE,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/aura-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AuraWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AuraWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, AuraWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, AuraWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, AuraWindow, sidebar_search);
  gtk_widget_class_bind_template_child (widget_class, AuraWindow, investigation_list);
  gtk_widget_class_bind_template_child (widget_class, AuraWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, AuraWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, AuraWindow, page_bin);
  gtk_widget_class_bind_template_child (widget_class, AuraWindow, investigation_menu_button);
  gtk_widget_class_bind_template_callback (widget_class, choose_database_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, map_cb);

  aura_window_class_install_actions (widget_class);
}

static void
aura_window_init (AuraWindow *self)
{
  g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr (GAction) show_archived = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  if (DEVELOPMENT)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (AURA_SETTINGS_SCHEMA);
  show_archived = g_settings_create_action (self->settings, "show-archived");
  g_action_map_add_action (G_ACTION_MAP (self), show_archived);
  g_signal_connect_object (self->settings, "changed::show-archived",
                           G_CALLBACK (show_archived_changed_cb), self, G_CONNECT_SWAPPED);

  self->investigations = g_list_store_new (AURA_TYPE_INVESTIGATION);
  self->filter = gtk_custom_filter_new (filter_investigation, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->investigations)),
                                              GTK_FILTER (self->filter));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (selection_changed_cb),
                            self);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  gtk_list_view_set_factory (self->investigation_list, factory);
  gtk_list_view_set_model (self->investigation_list, GTK_SELECTION_MODEL (self->selection));
}
