/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-app"
#include "config.h"

#include <glib/gi18n.h>

#include "aura-add-target-dialog.h"
#include "aura-store-op.h"

struct _AuraAddTargetDialog
{
  AdwWindow parent_instance;

  AuraStore *store;
  gint64 investigation_id;
  GCancellable *cancellable;
  gboolean adding;

  GtkButton *add_button;
  AdwComboRow *type_row;
  AdwEntryRow *value_row;
  GtkLabel *message_label;
};

G_DEFINE_FINAL_TYPE (AuraAddTargetDialog, aura_add_target_dialog, ADW_TYPE_WINDOW)

static AuraEntityType
selected_type (AuraAddTargetDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->type_row);

  return selected < AURA_ENTITY_N_TYPES ? (AuraEntityType)selected : AURA_ENTITY_USERNAME;
}

static void
show_message (AuraAddTargetDialog *self, const char *message, gboolean is_error)
{
  gtk_label_set_label (self->message_label, message);
  if (is_error)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->value_row), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "dim-label");
      gtk_widget_remove_css_class (GTK_WIDGET (self->value_row), "error");
    }
}

/* Live validation with the store's own rules, so what the dialog accepts
 * is exactly what aura_store_add_target() accepts. */
static void
validate (AuraAddTargetDialog *self)
{
  const char *value = gtk_editable_get_text (GTK_EDITABLE (self->value_row));
  AuraEntityType type = selected_type (self);
  g_autoptr (GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *message = NULL;
  gboolean valid = FALSE;

  if (value == NULL || *value == '\0')
    show_message (self, aura_entity_type_get_hint (type), FALSE);
  else if ((key = aura_entity_normalize (type, value, NULL, &error)) == NULL)
    show_message (self, error->message, TRUE);
  else
    {
      /* Translators: %s is the normalised form of a value, the key that
       * makes it unique. */
      message = g_strdup_printf (_ ("Will be stored as “%s”"), key);
      show_message (self, message, FALSE);
      valid = TRUE;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), valid && !self->adding);
}

void
aura_add_target_dialog_set_entity_type (AuraAddTargetDialog *self, AuraEntityType type)
{
  g_return_if_fail (AURA_IS_ADD_TARGET_DIALOG (self));
  g_return_if_fail (type < AURA_ENTITY_N_TYPES);
  adw_combo_row_set_selected (self->type_row, type);
}

void
aura_add_target_dialog_set_value (AuraAddTargetDialog *self, const char *value)
{
  g_return_if_fail (AURA_IS_ADD_TARGET_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->value_row), value != NULL ? value : "");
}

gboolean
aura_add_target_dialog_get_can_add (AuraAddTargetDialog *self)
{
  g_return_val_if_fail (AURA_IS_ADD_TARGET_DIALOG (self), FALSE);
  return gtk_widget_get_sensitive (GTK_WIDGET (self->add_button));
}

const char *
aura_add_target_dialog_get_message (AuraAddTargetDialog *self)
{
  g_return_val_if_fail (AURA_IS_ADD_TARGET_DIALOG (self), NULL);
  return gtk_label_get_label (self->message_label);
}

static void
add_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AuraAddTargetDialog *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraEntity) entity = NULL;

  if (!aura_store_op_finish (result, (gpointer *)&entity, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->adding = FALSE;
      validate (self);
      /* The store's reason, e.g. "already a target", replaces the key. */
      show_message (self, error->message, TRUE);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

void
aura_add_target_dialog_add (AuraAddTargetDialog *self)
{
  g_return_if_fail (AURA_IS_ADD_TARGET_DIALOG (self));

  if (!aura_add_target_dialog_get_can_add (self))
    return;
  self->adding = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), FALSE);
  aura_store_op_run (self->store, AURA_STORE_OP_ADD_TARGET, self->investigation_id,
                     selected_type (self), FALSE,
                     gtk_editable_get_text (GTK_EDITABLE (self->value_row)), NULL,
                     self->cancellable, add_cb, self);
}

static char *
type_label_cb (GtkStringObject *item, gpointer user_data)
{
  AuraEntityType type;

  if (!aura_entity_type_from_string (gtk_string_object_get_string (item), &type, NULL))
    return g_strdup (gtk_string_object_get_string (item));
  return g_strdup (aura_entity_type_get_label (type));
}

AuraAddTargetDialog *
aura_add_target_dialog_new (GtkWindow *parent, AuraStore *store, gint64 investigation_id)
{
  AuraAddTargetDialog *self;

  g_return_val_if_fail (AURA_IS_STORE (store), NULL);

  self = g_object_new (AURA_TYPE_ADD_TARGET_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->investigation_id = investigation_id;
  return self;
}

static void
aura_add_target_dialog_dispose (GObject *object)
{
  AuraAddTargetDialog *self = AURA_ADD_TARGET_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), AURA_TYPE_ADD_TARGET_DIALOG);
  G_OBJECT_CLASS (aura_add_target_dialog_parent_class)->dispose (object);
}

static void
aura_add_target_dialog_finalize (GObject *object)
{
  AuraAddTargetDialog *self = AURA_ADD_TARGET_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (aura_add_target_dialog_parent_class)->finalize (object);
}

static void
aura_add_target_dialog_class_init (AuraAddTargetDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aura_add_target_dialog_dispose;
  object_class->finalize = aura_add_target_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/aura-add-target-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AuraAddTargetDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, AuraAddTargetDialog, type_row);
  gtk_widget_class_bind_template_child (widget_class, AuraAddTargetDialog, value_row);
  gtk_widget_class_bind_template_child (widget_class, AuraAddTargetDialog, message_label);
  gtk_widget_class_bind_template_callback (widget_class, validate);
  gtk_widget_class_bind_template_callback (widget_class, aura_add_target_dialog_add);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
aura_add_target_dialog_init (AuraAddTargetDialog *self)
{
  g_autoptr (GtkStringList) types = gtk_string_list_new (NULL);
  g_autoptr (GtkExpression) expression = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  /* The combo lists the machine names and shows the translated labels, so
   * the row's position is the AuraEntityType. */
  for (int i = 0; i < AURA_ENTITY_N_TYPES; i++)
    gtk_string_list_append (types, aura_entity_type_to_string (i));
  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                            G_CALLBACK (type_label_cb), NULL, NULL);
  adw_combo_row_set_expression (self->type_row, expression);
  adw_combo_row_set_model (self->type_row, G_LIST_MODEL (types));
  validate (self);
}
