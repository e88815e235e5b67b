/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-app"
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "aura-app-util.h"
#include "aura-entity-details.h"
#include "aura-store-op.h"
#include "aura-tool-catalog.h"

struct _AuraEntityDetails
{
  GtkWidget parent_instance;

  AuraStore *store;
  AuraEntity *entity;
  GCancellable *cancellable;

  GtkImage *type_icon;
  GtkLabel *value_label;
  GtkLabel *type_label;
  AdwActionRow *key_row;
  GtkLabel *confidence_label;
  GtkLabel *attributes_label;
  GtkListBox *provenance_list;
  GtkListBox *relations_list;
  GtkMenuButton *tools_button;
};

G_DEFINE_FINAL_TYPE (AuraEntityDetails, aura_entity_details, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_CLOSE,
  SIGNAL_RUN_TOOL,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

AuraEntityDetails *
aura_entity_details_new (void)
{
  return g_object_new (AURA_TYPE_ENTITY_DETAILS, NULL);
}

AuraEntity *
aura_entity_details_get_entity (AuraEntityDetails *self)
{
  g_return_val_if_fail (AURA_IS_ENTITY_DETAILS (self), NULL);
  return self->entity;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
add_row (GtkListBox *list, const char *title, const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_append (list, row);
}

static char *
pretty_json (const char *json)
{
  g_autoptr (JsonNode) node = json_from_string (json, NULL);

  if (node == NULL)
    return g_strdup (json);
  return json_to_string (node, TRUE);
}

/* Provenance members may be strings or numbers; shows either, or NULL. */
static char *
member_to_string (JsonObject *object, const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (json_node_get_value_type (node) == G_TYPE_INT64 && g_str_equal (name, "at"))
    {
      g_autoptr (GDateTime) dt = g_date_time_new_from_unix_local (json_node_get_int (node));

      if (dt != NULL)
        /* Translators: date and time of a provenance record, see
         * g_date_time_format(). */
        return g_date_time_format (dt, _ ("%Y-%m-%d %H:%M:%S"));
    }
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  return NULL;
}

static void
provenance_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AuraEntityDetails *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = NULL;

  if (!aura_store_op_finish (result, (gpointer *)&rows, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        add_row (self->provenance_list, _ ("Could not read the provenance"), error->message);
      return;
    }
  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *object = g_ptr_array_index (rows, i);
      g_autofree char *tool = member_to_string (object, "tool");
      g_autofree char *src = member_to_string (object, "source");
      g_autofree char *at = member_to_string (object, "at");
      g_autofree char *subtitle = NULL;

      if (src != NULL && at != NULL)
        subtitle = g_strdup_printf ("%s — %s", src, at);
      add_row (self->provenance_list, tool != NULL ? tool : "",
               subtitle != NULL ? subtitle : (src != NULL ? src : (at != NULL ? at : "")));
    }
  if (rows->len == 0)
    add_row (self->provenance_list, _ ("Added by hand"), "");
}

static void
neighbours_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AuraEntityDetails *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = NULL;

  if (!aura_store_op_finish (result, (gpointer *)&rows, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        add_row (self->relations_list, _ ("Could not read the relations"), error->message);
      return;
    }
  for (guint i = 0; i < rows->len; i++)
    {
      AuraEntity *other = g_ptr_array_index (rows, i);

      add_row (self->relations_list, aura_entity_get_value (other),
               aura_entity_type_get_label (aura_entity_get_entity_type (other)));
    }
  if (rows->len == 0)
    add_row (self->relations_list, _ ("No related entities"), "");
}

static GVariant *
tool_target (const char *tool_id, gpointer user_data)
{
  return g_variant_new_string (tool_id);
}

/* The *Tools* menu: what the registry runs or opens for the entity's type. */
static void
update_tools (AuraEntityDetails *self)
{
  g_autoptr (GMenu) menu = g_menu_new ();
  guint n = 0;

  if (self->entity != NULL)
    n = aura_tool_catalog_append_menu (aura_tool_catalog_get_default (), menu,
                                       aura_entity_get_entity_type (self->entity),
                                       AURA_TOOL_MENU_SCANS, "details.run-tool", tool_target, NULL);
  gtk_menu_button_set_menu_model (self->tools_button, G_MENU_MODEL (menu));
  gtk_widget_set_visible (GTK_WIDGET (self->tools_button), n > 0);
}

GMenuModel *
aura_entity_details_get_tools_menu (AuraEntityDetails *self)
{
  g_return_val_if_fail (AURA_IS_ENTITY_DETAILS (self), NULL);
  return gtk_menu_button_get_menu_model (self->tools_button);
}

static void
run_tool_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  AuraEntityDetails *self = AURA_ENTITY_DETAILS (widget);

  if (self->entity != NULL)
    g_signal_emit (self, signals[SIGNAL_RUN_TOOL], 0, self->entity,
                   g_variant_get_string (param, NULL));
}

void
aura_entity_details_set_entity (AuraEntityDetails *self, AuraStore *store, AuraEntity *entity)
{
  g_autofree char *confidence = NULL;
  g_autofree char *attributes = NULL;
  AuraEntityType type;

  g_return_if_fail (AURA_IS_ENTITY_DETAILS (self));
  g_return_if_fail (AURA_IS_STORE (store));
  g_return_if_fail (AURA_IS_ENTITY (entity));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_set_object (&self->store, store);
  g_set_object (&self->entity, entity);

  type = aura_entity_get_entity_type (entity);
  gtk_image_set_from_icon_name (self->type_icon, aura_entity_type_get_icon_name (type));
  gtk_label_set_label (self->value_label, aura_entity_get_value (entity));
  gtk_label_set_label (self->type_label, aura_entity_type_get_label (type));
  adw_action_row_set_subtitle (self->key_row, aura_entity_get_normalized (entity));
  confidence = g_strdup_printf (_ ("%.0f %%"), aura_entity_get_confidence (entity) * 100.0);
  gtk_label_set_label (self->confidence_label, confidence);
  attributes = pretty_json (aura_entity_get_attributes (entity));
  gtk_label_set_label (self->attributes_label, attributes);
  update_tools (self);

  clear_list (self->provenance_list);
  clear_list (self->relations_list);
  aura_store_op_run (store, AURA_STORE_OP_LIST_PROVENANCE, aura_entity_get_id (entity), 0, FALSE,
                     NULL, NULL, self->cancellable, provenance_cb, self);
  aura_store_op_run (store, AURA_STORE_OP_LIST_NEIGHBOURS, aura_entity_get_id (entity), 0, FALSE,
                     NULL, NULL, self->cancellable, neighbours_cb, self);
}

static void
close_clicked_cb (AuraEntityDetails *self)
{
  g_signal_emit (self, signals[SIGNAL_CLOSE], 0);
}

static void
aura_entity_details_dispose (GObject *object)
{
  AuraEntityDetails *self = AURA_ENTITY_DETAILS (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), AURA_TYPE_ENTITY_DETAILS);
  aura_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->cancellable);
  g_clear_object (&self->entity);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (aura_entity_details_parent_class)->dispose (object);
}

static void
aura_entity_details_class_init (AuraEntityDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aura_entity_details_dispose;

  signals[SIGNAL_CLOSE] = g_signal_new ("close", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_RUN_TOOL] =
      g_signal_new ("run-tool", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                    G_TYPE_NONE, 2, AURA_TYPE_ENTITY, G_TYPE_STRING);
  gtk_widget_class_install_action (widget_class, "details.run-tool", "s", run_tool_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/aura-entity-details.ui");
  gtk_widget_class_bind_template_child (widget_class, AuraEntityDetails, type_icon);
  gtk_widget_class_bind_template_child (widget_class, AuraEntityDetails, value_label);
  gtk_widget_class_bind_template_child (widget_class, AuraEntityDetails, type_label);
  gtk_widget_class_bind_template_child (widget_class, AuraEntityDetails, key_row);
  gtk_widget_class_bind_template_child (widget_class, AuraEntityDetails, confidence_label);
  gtk_widget_class_bind_template_child (widget_class, AuraEntityDetails, attributes_label);
  gtk_widget_class_bind_template_child (widget_class, AuraEntityDetails, provenance_list);
  gtk_widget_class_bind_template_child (widget_class, AuraEntityDetails, relations_list);
  gtk_widget_class_bind_template_child (widget_class, AuraEntityDetails, tools_button);
  gtk_widget_class_bind_template_callback (widget_class, close_clicked_cb);
}

static void
aura_entity_details_init (AuraEntityDetails *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The menu fills once the registry is read. */
  g_signal_connect_object (aura_tool_catalog_get_default (), "loaded", G_CALLBACK (update_tools),
                           self, G_CONNECT_SWAPPED);
  update_tools (self);
}
