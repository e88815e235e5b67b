/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-app"
#include "config.h"

#include <glib/gi18n.h>

#include "aura-investigation-dialog.h"
#include "aura-store-op.h"

struct _AuraInvestigationDialog
{
  AdwWindow parent_instance;

  AuraStore *store;
  AuraInvestigation *investigation;
  GCancellable *cancellable;

  AdwWindowTitle *title;
  GtkButton *save_button;
  AdwEntryRow *name_row;
  AdwEntryRow *description_row;
  GtkLabel *message_label;
};

G_DEFINE_FINAL_TYPE (AuraInvestigationDialog, aura_investigation_dialog, ADW_TYPE_WINDOW)

static void
set_message (AuraInvestigationDialog *self, const char *message)
{
  gtk_label_set_label (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL && *message != '\0');
}

const char *
aura_investigation_dialog_get_message (AuraInvestigationDialog *self)
{
  g_return_val_if_fail (AURA_IS_INVESTIGATION_DIALOG (self), NULL);
  return gtk_label_get_label (self->message_label);
}

/* Validates what the store would reject anyway, so the button tells at once
 * rather than after a round trip. */
static void
name_changed_cb (AuraInvestigationDialog *self)
{
  g_autofree char *name =
      g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  glong length = g_utf8_strlen (name, -1);
  g_autofree char *message = NULL;

  if (length > AURA_INVESTIGATION_NAME_MAX)
    message = g_strdup_printf (_ ("The name is too long: at most %d characters"),
                               AURA_INVESTIGATION_NAME_MAX);
  set_message (self, message);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), length > 0 && message == NULL);
}

void
aura_investigation_dialog_set_values (AuraInvestigationDialog *self,
                                      const char *name,
                                      const char *description)
{
  g_return_if_fail (AURA_IS_INVESTIGATION_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name != NULL ? name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->description_row),
                         description != NULL ? description : "");
}

static void
save_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AuraInvestigationDialog *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GObject) created = NULL;

  if (!aura_store_op_finish (result, (gpointer *)&created, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
      set_message (self, error->message);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

void
aura_investigation_dialog_save (AuraInvestigationDialog *self)
{
  const char *name;
  const char *description;

  g_return_if_fail (AURA_IS_INVESTIGATION_DIALOG (self));

  name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  description = gtk_editable_get_text (GTK_EDITABLE (self->description_row));
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
  if (self->investigation == NULL)
    aura_store_op_run (self->store, AURA_STORE_OP_CREATE_INVESTIGATION, 0, 0, FALSE, name,
                       description, self->cancellable, save_cb, self);
  else
    aura_store_op_run (self->store, AURA_STORE_OP_EDIT_INVESTIGATION,
                       aura_investigation_get_id (self->investigation), 0, FALSE, name, description,
                       self->cancellable, save_cb, self);
}

static void
entry_activated_cb (AuraInvestigationDialog *self)
{
  if (gtk_widget_get_sensitive (GTK_WIDGET (self->save_button)))
    aura_investigation_dialog_save (self);
}

AuraInvestigationDialog *
aura_investigation_dialog_new (GtkWindow *parent,
                               AuraStore *store,
                               AuraInvestigation *investigation)
{
  AuraInvestigationDialog *self;

  g_return_val_if_fail (AURA_IS_STORE (store), NULL);
  g_return_val_if_fail (investigation == NULL || AURA_IS_INVESTIGATION (investigation), NULL);

  self = g_object_new (AURA_TYPE_INVESTIGATION_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  if (investigation != NULL)
    {
      self->investigation = g_object_ref (investigation);
      adw_window_title_set_title (self->title, _ ("Edit Investigation"));
      gtk_button_set_label (self->save_button, _ ("_Save"));
      aura_investigation_dialog_set_values (self, aura_investigation_get_name (investigation),
                                            aura_investigation_get_description (investigation));
    }
  name_changed_cb (self);
  return self;
}

static void
aura_investigation_dialog_dispose (GObject *object)
{
  AuraInvestigationDialog *self = AURA_INVESTIGATION_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), AURA_TYPE_INVESTIGATION_DIALOG);
  G_OBJECT_CLASS (aura_investigation_dialog_parent_class)->dispose (object);
}

static void
aura_investigation_dialog_finalize (GObject *object)
{
  AuraInvestigationDialog *self = AURA_INVESTIGATION_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->investigation);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (aura_investigation_dialog_parent_class)->finalize (object);
}

static void
aura_investigation_dialog_class_init (AuraInvestigationDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aura_investigation_dialog_dispose;
  object_class->finalize = aura_investigation_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/aura-investigation-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AuraInvestigationDialog, title);
  gtk_widget_class_bind_template_child (widget_class, AuraInvestigationDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, AuraInvestigationDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, AuraInvestigationDialog, description_row);
  gtk_widget_class_bind_template_child (widget_class, AuraInvestigationDialog, message_label);
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, aura_investigation_dialog_save);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
aura_investigation_dialog_init (AuraInvestigationDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}
