/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-app"
#include "config.h"

#include <glib/gi18n.h>

#include "aura-app-util.h"
#include "aura-investigation-dialog.h"
#include "aura-store-op.h"
#include "aura-window-private.h"

/* The window's actions: everything done to investigations, with their undo
 * toasts. Mutations go through aura_store_op_run(), so the UI thread never
 * waits for SQLite; the store's "changed" signal then reloads the views. */

AuraInvestigation *
aura_window_get_selected (AuraWindow *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
}

void
aura_window_toast_error (AuraWindow *self, const GError *error)
{
  AdwToast *toast = aura_toast_new_plain (error->message);

  adw_toast_set_timeout (toast, 0);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
aura_window_update_actions (AuraWindow *self)
{
  AuraInvestigation *inv = aura_window_get_selected (self);
  gboolean has_store = self->store != NULL;
  gboolean selected = inv != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-investigation", has_store);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.rename-investigation", selected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-investigation", selected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-target", selected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.archive-investigation",
                                 selected && !aura_investigation_get_archived (inv));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.unarchive-investigation",
                                 selected && aura_investigation_get_archived (inv));
  gtk_widget_set_visible (GTK_WIDGET (self->investigation_menu_button), selected);
}

/* Reports a failed mutation, or does nothing when it succeeded. */
static void
mutation_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GObject) object = NULL;

  if (!aura_store_op_finish (result, (gpointer *)&object, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    aura_window_toast_error (AURA_WINDOW (user_data), error);
}

static void
new_investigation_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  AuraWindow *self = AURA_WINDOW (widget);
  AuraInvestigationDialog *dialog;

  if (self->store == NULL)
    return;
  dialog = aura_investigation_dialog_new (GTK_WINDOW (self), self->store, NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
rename_investigation_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  AuraWindow *self = AURA_WINDOW (widget);
  AuraInvestigation *inv = aura_window_get_selected (self);
  AuraInvestigationDialog *dialog;

  if (inv == NULL || self->store == NULL)
    return;
  dialog = aura_investigation_dialog_new (GTK_WINDOW (self), self->store, inv);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
set_archived (AuraWindow *self, gboolean archived)
{
  AuraInvestigation *inv = aura_window_get_selected (self);

  if (inv == NULL)
    return;
  aura_store_op_run (self->store, AURA_STORE_OP_ARCHIVE_INVESTIGATION,
                     aura_investigation_get_id (inv), 0, archived, NULL, NULL, self->cancellable,
                     mutation_cb, self);
}

static void
archive_investigation_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  set_archived (AURA_WINDOW (widget), TRUE);
}

static void
unarchive_investigation_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  set_archived (AURA_WINDOW (widget), FALSE);
}

typedef struct
{
  AuraWindow *self;
  gint64 id;
  char *name;
} DeleteData;

static void
delete_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  DeleteData *data = user_data;
  g_autoptr (GError) error = NULL;
  AdwToast *toast;

  if (!aura_store_op_finish (result, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        aura_window_toast_error (data->self, error);
    }
  else
    {
      g_autofree char *name = g_markup_escape_text (data->name, -1);

      /* Translators: %s is an investigation's name. */
      toast = adw_toast_new_format (_ ("“%s” moved to trash"), name);
      adw_toast_set_button_label (toast, _ ("_Undo"));
      adw_toast_set_action_name (toast, "win.restore-investigation");
      adw_toast_set_action_target_value (toast, g_variant_new_int64 (data->id));
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      adw_toast_overlay_add_toast (data->self->toast_overlay, toast);
    }
  g_free (data->name);
  g_free (data);
}

static void
delete_investigation_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  AuraWindow *self = AURA_WINDOW (widget);
  AuraInvestigation *inv = aura_window_get_selected (self);
  DeleteData *data;

  if (inv == NULL)
    return;
  data = g_new0 (DeleteData, 1);
  data->self = self;
  data->id = aura_investigation_get_id (inv);
  data->name = g_strdup (aura_investigation_get_name (inv));
  aura_store_op_run (self->store, AURA_STORE_OP_DELETE_INVESTIGATION, data->id, 0, FALSE, NULL,
                     NULL, self->cancellable, delete_cb, data);
}

static void
restore_investigation_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  AuraWindow *self = AURA_WINDOW (widget);

  if (self->store == NULL)
    return;
  aura_store_op_run (self->store, AURA_STORE_OP_RESTORE_INVESTIGATION, g_variant_get_int64 (param),
                     0, FALSE, NULL, NULL, self->cancellable, mutation_cb, self);
}

/* Undo of a removed target: the parameter is (investigation id, type,
 * value). */
static void
readd_target_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  AuraWindow *self = AURA_WINDOW (widget);
  gint64 investigation_id;
  int type;
  const char *value;

  if (self->store == NULL)
    return;
  g_variant_get (param, "(xi&s)", &investigation_id, &type, &value);
  aura_store_op_run (self->store, AURA_STORE_OP_ADD_TARGET, investigation_id, type, FALSE, value,
                     NULL, self->cancellable, mutation_cb, self);
}

static void
add_target_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  GtkWidget *page = aura_window_get_investigation_page (AURA_WINDOW (widget));

  if (page != NULL)
    aura_investigation_page_add_target (AURA_INVESTIGATION_PAGE (page));
}

static void
focus_search_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  AuraWindow *self = AURA_WINDOW (widget);
  GtkWidget *page = aura_window_get_investigation_page (self);

  if (page != NULL && gtk_widget_get_mapped (page))
    aura_investigation_page_focus_search (AURA_INVESTIGATION_PAGE (page));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->sidebar_search));
}

/* The back button of the folded (narrow) layout. */
static void
show_sidebar_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  adw_leaflet_navigate (AURA_WINDOW (widget)->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

void
aura_window_class_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.show-sidebar", NULL, show_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.new-investigation", NULL,
                                   new_investigation_action);
  gtk_widget_class_install_action (widget_class, "win.rename-investigation", NULL,
                                   rename_investigation_action);
  gtk_widget_class_install_action (widget_class, "win.archive-investigation", NULL,
                                   archive_investigation_action);
  gtk_widget_class_install_action (widget_class, "win.unarchive-investigation", NULL,
                                   unarchive_investigation_action);
  gtk_widget_class_install_action (widget_class, "win.delete-investigation", NULL,
                                   delete_investigation_action);
  gtk_widget_class_install_action (widget_class, "win.restore-investigation", "x",
                                   restore_investigation_action);
  gtk_widget_class_install_action (widget_class, "win.re-add-target", "(xis)", readd_target_action);
  gtk_widget_class_install_action (widget_class, "win.add-target", NULL, add_target_action);
  gtk_widget_class_install_action (widget_class, "win.focus-search", NULL, focus_search_action);
}
