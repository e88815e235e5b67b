/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-app"
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "aura-app-util.h"
#include "aura-adapter-job.h"
#include "aura-add-target-dialog.h"
#include "aura-domain-panel.h"
#include "aura-email-panel.h"
#include "aura-graph-page.h"
#include "aura-investigation-page.h"
#include "aura-people-actions.h"
#include "aura-phone-panel.h"
#include "aura-scan-panel.h"
#include "aura-store-op.h"
#include "aura-tiktok-panel.h"
#include "aura-tool-catalog.h"

struct _AuraInvestigationPage
{
  GtkWidget parent_instance;

  AuraStore *store;
  AuraInvestigation *investigation;
  AuraEntityList *entities;
  GPtrArray *targets;
  GCancellable *cancellable;
  gboolean loading_targets;
  gboolean reload_targets_again;
  gboolean syncing_selection; /* one view follows the other: no echo */

  GtkLabel *name_label;
  GtkLabel *description_label;
  GtkListBox *targets_list;
  GtkWidget *targets_scroller;
  GtkWidget *no_targets_label;
  AuraScanPanel *scan_panel;
  AuraDomainPanel *domain_panel;
  AuraTikTokPanel *tiktok_panel;
  AuraPhonePanel *phone_panel;
  AuraEmailPanel *email_panel;
  AuraEntityTable *entity_table;
  AdwViewStack *view_stack;
  AdwBin *graph_bin;
  GtkRevealer *details_revealer;
  AuraEntityDetails *details;
};

G_DEFINE_FINAL_TYPE (AuraInvestigationPage, aura_investigation_page, GTK_TYPE_WIDGET)

gint64
aura_investigation_page_get_investigation_id (AuraInvestigationPage *self)
{
  g_return_val_if_fail (AURA_IS_INVESTIGATION_PAGE (self), 0);
  return aura_investigation_get_id (self->investigation);
}

AuraEntityTable *
aura_investigation_page_get_entity_table (AuraInvestigationPage *self)
{
  g_return_val_if_fail (AURA_IS_INVESTIGATION_PAGE (self), NULL);
  return self->entity_table;
}

AuraEntityDetails *
aura_investigation_page_get_details (AuraInvestigationPage *self)
{
  g_return_val_if_fail (AURA_IS_INVESTIGATION_PAGE (self), NULL);
  return self->details;
}

GPtrArray *
aura_investigation_page_get_targets (AuraInvestigationPage *self)
{
  g_return_val_if_fail (AURA_IS_INVESTIGATION_PAGE (self), NULL);
  return self->targets;
}

void
aura_investigation_page_focus_search (AuraInvestigationPage *self)
{
  GtkWidget *graph;

  g_return_if_fail (AURA_IS_INVESTIGATION_PAGE (self));
  graph = adw_bin_get_child (self->graph_bin);
  if (graph != NULL &&
      g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "graph") == 0)
    aura_graph_page_focus_search (AURA_GRAPH_PAGE (graph));
  else
    aura_entity_table_focus_search (self->entity_table);
}

void
aura_investigation_page_show_view (AuraInvestigationPage *self, const char *name)
{
  g_return_if_fail (AURA_IS_INVESTIGATION_PAGE (self));
  g_return_if_fail (g_strcmp0 (name, "table") == 0 || g_strcmp0 (name, "graph") == 0);
  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

GtkWidget *
aura_investigation_page_get_graph_page (AuraInvestigationPage *self)
{
  g_return_val_if_fail (AURA_IS_INVESTIGATION_PAGE (self), NULL);
  return adw_bin_get_child (self->graph_bin);
}

void
aura_investigation_page_add_target (AuraInvestigationPage *self)
{
  AuraAddTargetDialog *dialog;

  g_return_if_fail (AURA_IS_INVESTIGATION_PAGE (self));
  dialog =
      aura_add_target_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), self->store,
                                  aura_investigation_get_id (self->investigation));
  gtk_window_present (GTK_WINDOW (dialog));
}

void
aura_investigation_page_set_investigation (AuraInvestigationPage *self,
                                           AuraInvestigation *investigation)
{
  const char *description;

  g_return_if_fail (AURA_IS_INVESTIGATION_PAGE (self));
  g_return_if_fail (AURA_IS_INVESTIGATION (investigation));

  g_set_object (&self->investigation, investigation);
  description = aura_investigation_get_description (investigation);
  gtk_label_set_label (self->name_label, aura_investigation_get_name (investigation));
  gtk_label_set_label (self->description_label, description != NULL ? description : "");
  gtk_widget_set_visible (GTK_WIDGET (self->description_label),
                          description != NULL && *description != '\0');
}

/* ---- Targets ------------------------------------------------------------ */

static void
toast (AuraInvestigationPage *self, AdwToast *new_toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), new_toast);
  else
    g_object_unref (g_object_ref_sink (new_toast));
}

static void
toast_text (AuraInvestigationPage *self, const char *message)
{
  toast (self, aura_toast_new_plain (message));
}

typedef struct
{
  AuraInvestigationPage *self;
  gint64 investigation_id;
  AuraEntityType type;
  char *value;
} RemoveData;

static void
remove_target_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  RemoveData *data = user_data;
  g_autoptr (GError) error = NULL;

  if (!aura_store_op_finish (result, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast_text (data->self, error->message);
    }
  else
    {
      /* Translators: %s is a target's value, such as an email address. */
      g_autofree char *value = g_markup_escape_text (data->value, -1);
      AdwToast *removed = adw_toast_new_format (_ ("Target “%s” removed"), value);

      adw_toast_set_button_label (removed, _ ("_Undo"));
      adw_toast_set_action_name (removed, "win.re-add-target");
      adw_toast_set_action_target_value (
          removed, g_variant_new ("(xis)", data->investigation_id, (int)data->type, data->value));
      toast (data->self, removed);
    }
  g_free (data->value);
  g_free (data);
}

void
aura_investigation_page_remove_target (AuraInvestigationPage *self, AuraEntity *target)
{
  RemoveData *data;

  g_return_if_fail (AURA_IS_INVESTIGATION_PAGE (self));
  g_return_if_fail (AURA_IS_ENTITY (target));

  data = g_new0 (RemoveData, 1);
  data->self = self;
  data->investigation_id = aura_entity_get_investigation_id (target);
  data->type = aura_entity_get_entity_type (target);
  data->value = g_strdup (aura_entity_get_value (target));
  aura_store_op_run (self->store, AURA_STORE_OP_REMOVE_TARGET, aura_entity_get_id (target), 0,
                     FALSE, NULL, NULL, self->cancellable, remove_target_cb, data);
}

static void
remove_clicked_cb (GtkButton *button, AuraInvestigationPage *self)
{
  AuraEntity *target = g_object_get_data (G_OBJECT (button), "aura-target");

  aura_investigation_page_remove_target (self, target);
}

/* Starts a username scan of @target into this investigation; one scan at
 * a time per page. */
static void
look_for_accounts (AuraInvestigationPage *self, AuraEntity *target)
{
  g_autoptr (GError) error = NULL;

  if (aura_domain_panel_get_running (self->domain_panel))
    {
      toast_text (self, _ ("A domain scan is running on this page: cancel it, or wait until it "
                           "ends, before looking for accounts"));
      return;
    }
  /* The ended domain scan's panel makes room; its findings stay in the
   * table and the graph. */
  gtk_widget_set_visible (GTK_WIDGET (self->domain_panel), FALSE);
  if (!aura_scan_panel_start (self->scan_panel, self->store,
                              aura_investigation_get_id (self->investigation),
                              aura_entity_get_id (target), aura_entity_get_value (target), &error))
    toast_text (self, error->message);
}

static void
look_for_accounts_clicked_cb (GtkButton *button, AuraInvestigationPage *self)
{
  look_for_accounts (self, g_object_get_data (G_OBJECT (button), "aura-target"));
}

static GtkWidget *
create_scan_button (AuraInvestigationPage *self, AuraEntity *target)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("system-search-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _ ("Look for Accounts"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Look for Accounts"), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _ ("Look for accounts with this username on every known site"),
                                  -1);
  g_object_set_data_full (G_OBJECT (button), "aura-target", g_object_ref (target), g_object_unref);
  g_signal_connect (button, "clicked", G_CALLBACK (look_for_accounts_clicked_cb), self);
  return button;
}

/* Starts a domain scan of @target (a domain or a subdomain) into this
 * investigation; one scan at a time per page. */
static void
map_domain (AuraInvestigationPage *self, AuraEntity *target)
{
  g_autoptr (GError) error = NULL;

  if (aura_scan_panel_get_running (self->scan_panel))
    {
      toast_text (self, _ ("A username scan is running on this page: cancel it, or wait until it "
                           "ends, before mapping a domain"));
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->scan_panel), FALSE);
  if (!aura_domain_panel_start (
          self->domain_panel, self->store, aura_investigation_get_id (self->investigation),
          aura_entity_get_id (target), aura_entity_get_value (target), &error))
    toast_text (self, error->message);
}

static void
map_domain_clicked_cb (GtkButton *button, AuraInvestigationPage *self)
{
  map_domain (self, g_object_get_data (G_OBJECT (button), "aura-target"));
}

static GtkWidget *
create_map_button (AuraInvestigationPage *self, AuraEntity *target)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("find-location-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _ ("Map Domain"));
  gtk_accessible_update_property (
      GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("Map Domain"),
      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
      _ ("Find the names under this domain, what they resolve to, and who registered it"), -1);
  g_object_set_data_full (G_OBJECT (button), "aura-target", g_object_ref (target), g_object_unref);
  g_signal_connect (button, "clicked", G_CALLBACK (map_domain_clicked_cb), self);
  return button;
}

/* A people-selector button of a target row: starts the panel it names. */
static void
people_action_cb (AuraEntity *target, AuraPeopleAction action, gpointer user_data)
{
  AuraInvestigationPage *self = user_data;
  g_autoptr (GError) error = NULL;
  gint64 investigation_id = aura_investigation_get_id (self->investigation);
  gboolean started = TRUE;

  if (action == AURA_PEOPLE_ACTION_TIKTOK)
    started = aura_tiktok_panel_start (self->tiktok_panel, self->store, investigation_id,
                                       aura_entity_get_id (target), aura_entity_get_value (target),
                                       &error);
  else if (action == AURA_PEOPLE_ACTION_PHONE)
    started = aura_phone_panel_start (self->phone_panel, self->store, investigation_id,
                                      aura_entity_get_id (target), aura_entity_get_value (target),
                                      &error);
  else if (action == AURA_PEOPLE_ACTION_EMAIL)
    started = aura_email_panel_start (self->email_panel, self->store, investigation_id,
                                      aura_entity_get_value (target), &error);
  if (!started)
    toast_text (self, error->message);
}

/* Runs the registry's tool @tool_id on @entity: the app's scans and
 * panels, an installed external tool, or a web service opened in the
 * browser. */
void
aura_investigation_page_run_tool (AuraInvestigationPage *self,
                                  AuraEntity *entity,
                                  const char *tool_id)
{
  AuraToolCatalog *catalog = aura_tool_catalog_get_default ();
  AuraEntityType type;
  const char *value;

  g_return_if_fail (AURA_IS_INVESTIGATION_PAGE (self));
  g_return_if_fail (AURA_IS_ENTITY (entity));
  g_return_if_fail (tool_id != NULL);

  type = aura_entity_get_entity_type (entity);
  value = aura_entity_get_value (entity);
  if (g_str_equal (tool_id, "username.accounts"))
    look_for_accounts (self, entity);
  else if (g_str_equal (tool_id, "domain.map"))
    map_domain (self, entity);
  else if (g_str_equal (tool_id, "tiktok.profile"))
    people_action_cb (entity, AURA_PEOPLE_ACTION_TIKTOK, self);
  else if (g_str_equal (tool_id, "phone.offline"))
    people_action_cb (entity, AURA_PEOPLE_ACTION_PHONE, self);
  else if (g_str_equal (tool_id, "email.accounts"))
    people_action_cb (entity, AURA_PEOPLE_ACTION_EMAIL, self);
  else if (g_str_has_prefix (tool_id, "link."))
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *url = aura_tool_catalog_build_link (catalog, tool_id, type, value, &error);

      if (url == NULL)
        toast_text (self, error->message);
      else
        aura_people_open_uri (GTK_WIDGET (self), url);
    }
  else if (g_str_has_prefix (tool_id, "adapter.") &&
           aura_tool_catalog_lookup_adapter (catalog, tool_id) != NULL)
    aura_adapter_job_start (GTK_WIDGET (self), self->store,
                            aura_investigation_get_id (self->investigation),
                            aura_tool_catalog_lookup_adapter (catalog, tool_id), type, value,
                            self->cancellable, NULL, NULL);
  else
    {
      g_autofree char *message =
          /* Translators: %s is a tool's id. */
          g_strdup_printf (_ ("“%s” runs from aura-cli, not from this menu"), tool_id);

      toast_text (self, message);
    }
}

static void
run_tool_cb (AuraInvestigationPage *self, AuraEntity *entity, const char *tool_id)
{
  aura_investigation_page_run_tool (self, entity, tool_id);
}

static GtkWidget *
create_target_row (AuraInvestigationPage *self, AuraEntity *target)
{
  AuraEntityType type = aura_entity_get_entity_type (target);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  GtkWidget *people;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), aura_entity_get_value (target));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), aura_entity_type_get_label (type));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name (aura_entity_type_get_icon_name (type)));

  if (type == AURA_ENTITY_USERNAME)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), create_scan_button (self, target));
  else if (type == AURA_ENTITY_DOMAIN || type == AURA_ENTITY_SUBDOMAIN)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), create_map_button (self, target));
  people = aura_people_target_buttons_new (target, people_action_cb, self);
  if (people != NULL)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), people);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _ ("Remove Target"));
  g_object_set_data_full (G_OBJECT (button), "aura-target", g_object_ref (target), g_object_unref);
  g_signal_connect (button, "clicked", G_CALLBACK (remove_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static void
show_targets (AuraInvestigationPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->targets_list))) != NULL)
    gtk_list_box_remove (self->targets_list, child);
  for (guint i = 0; i < self->targets->len; i++)
    gtk_list_box_append (self->targets_list,
                         create_target_row (self, g_ptr_array_index (self->targets, i)));
  gtk_widget_set_visible (self->targets_scroller, self->targets->len > 0);
  gtk_widget_set_visible (self->no_targets_label, self->targets->len == 0);
}

/* Whether @a and @b list the same targets, so that the rows, and the
 * keyboard focus in them, can stay as they are: a running scan changes the
 * investigation several times a second. */
static gboolean
same_targets (GPtrArray *a, GPtrArray *b)
{
  if (a == NULL || b == NULL || a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (aura_entity_get_id (a->pdata[i]) != aura_entity_get_id (b->pdata[i]) ||
        g_strcmp0 (aura_entity_get_value (a->pdata[i]), aura_entity_get_value (b->pdata[i])) != 0)
      return FALSE;
  return TRUE;
}

static void reload_targets (AuraInvestigationPage *self);

static void
list_targets_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AuraInvestigationPage *self = user_data;
  g_autoptr (GError) error = NULL;
  GPtrArray *targets = NULL;

  if (!aura_store_op_finish (result, (gpointer *)&targets, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->loading_targets = FALSE;
      toast_text (self, error->message);
      return;
    }
  self->loading_targets = FALSE;
  if (same_targets (self->targets, targets))
    g_ptr_array_unref (targets);
  else
    {
      g_clear_pointer (&self->targets, g_ptr_array_unref);
      self->targets = targets;
      show_targets (self);
    }
  if (self->reload_targets_again)
    {
      self->reload_targets_again = FALSE;
      reload_targets (self);
    }
}

static void
reload_targets (AuraInvestigationPage *self)
{
  if (self->loading_targets)
    {
      self->reload_targets_again = TRUE;
      return;
    }
  self->loading_targets = TRUE;
  aura_store_op_run (self->store, AURA_STORE_OP_LIST_TARGETS,
                     aura_investigation_get_id (self->investigation), 0, FALSE, NULL, NULL,
                     self->cancellable, list_targets_cb, self);
}

static void
store_changed_cb (AuraInvestigationPage *self, gint64 investigation_id, const char *what)
{
  if (investigation_id != aura_investigation_get_id (self->investigation))
    return;
  /* Saving graph positions or recording scan requests changes neither the
   * targets nor the entities. */
  if (g_strcmp0 (what, "graph.positions") == 0 || g_strcmp0 (what, "scan.begin") == 0 ||
      g_strcmp0 (what, "scan.finish") == 0)
    return;
  reload_targets (self);
  aura_entity_list_reload (self->entities);
}

/* ---- Details -------------------------------------------------------------- */

static void
entity_activated_cb (AuraInvestigationPage *self, AuraEntity *entity)
{
  aura_entity_details_set_entity (self->details, self->store, entity);
  gtk_revealer_set_reveal_child (self->details_revealer, TRUE);
}

static void
graph_map_domain_cb (AuraInvestigationPage *self, AuraEntity *entity)
{
  map_domain (self, entity);
}

static void
graph_look_for_accounts_cb (AuraInvestigationPage *self, AuraEntity *entity)
{
  look_for_accounts (self, entity);
}

/* ---- One selection for the table and the graph ------------------------- */

static AuraGraphPage *
graph_page (AuraInvestigationPage *self)
{
  GtkWidget *child = adw_bin_get_child (self->graph_bin);

  return child != NULL ? AURA_GRAPH_PAGE (child) : NULL;
}

static gboolean
details_shown (AuraInvestigationPage *self)
{
  return gtk_revealer_get_reveal_child (self->details_revealer);
}

/* The table's selection goes to the graph; the details panel, when open,
 * follows a single selected entity. */
static void
table_selection_changed_cb (AuraInvestigationPage *self)
{
  g_autoptr (GArray) ids = NULL;
  AuraGraphPage *graph = graph_page (self);

  if (self->syncing_selection)
    return;
  ids = aura_entity_table_get_selected_ids (self->entity_table);
  if (graph != NULL)
    {
      self->syncing_selection = TRUE;
      aura_graph_page_select_entities (graph, (const gint64 *)ids->data, ids->len);
      self->syncing_selection = FALSE;
    }
  if (ids->len == 1 && details_shown (self))
    {
      g_autoptr (AuraEntity) entity = aura_entity_table_get_selected_entity (self->entity_table);

      if (entity != NULL)
        aura_entity_details_set_entity (self->details, self->store, entity);
    }
}

/* The graph's selection goes to the table, and the details panel follows
 * the node the keyboard is on when one node is selected. */
static void
graph_selection_changed_cb (AuraInvestigationPage *self)
{
  AuraGraphPage *graph = graph_page (self);
  AuraGraphView *view;
  AuraGraph *g;
  g_autoptr (GArray) nodes = NULL;
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (self->syncing_selection || graph == NULL)
    return;
  view = aura_graph_page_get_view (graph);
  g = aura_graph_view_get_graph (view);
  if (g == NULL)
    return;
  nodes = aura_graph_view_get_selection (view);
  for (guint k = 0; k < nodes->len; k++)
    {
      gint64 id = g->entity_ids[g_array_index (nodes, guint, k)];

      if (id != 0)
        g_array_append_val (ids, id);
    }
  self->syncing_selection = TRUE;
  aura_entity_table_select_ids (self->entity_table, (const gint64 *)ids->data, ids->len);
  self->syncing_selection = FALSE;
  if (nodes->len == 1 && details_shown (self))
    aura_graph_page_show_details (graph, g_array_index (nodes, guint, 0));
}

/* The graph is read when first shown, not for every page opened. */
static void
view_changed_cb (AuraInvestigationPage *self)
{
  AuraGraphPage *graph;

  if (self->store == NULL || adw_bin_get_child (self->graph_bin) != NULL ||
      g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "graph") != 0)
    return;
  graph = aura_graph_page_new (self->store, aura_investigation_get_id (self->investigation));
  g_signal_connect_object (graph, "entity-activated", G_CALLBACK (entity_activated_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (graph, "map-domain", G_CALLBACK (graph_map_domain_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (graph, "look-for-accounts", G_CALLBACK (graph_look_for_accounts_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (graph, "selection-changed", G_CALLBACK (graph_selection_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (graph, "run-tool", G_CALLBACK (run_tool_cb), self, G_CONNECT_SWAPPED);
  adw_bin_set_child (self->graph_bin, GTK_WIDGET (graph));
  /* It opens on what the table has selected. */
  {
    g_autoptr (GArray) ids = aura_entity_table_get_selected_ids (self->entity_table);

    if (ids->len > 0)
      aura_graph_page_select_entities (graph, (const gint64 *)ids->data, ids->len);
  }
}

static void
details_close_cb (AuraInvestigationPage *self)
{
  gtk_revealer_set_reveal_child (self->details_revealer, FALSE);
}

AuraInvestigationPage *
aura_investigation_page_new (AuraStore *store, AuraInvestigation *investigation)
{
  AuraInvestigationPage *self;

  g_return_val_if_fail (AURA_IS_STORE (store), NULL);
  g_return_val_if_fail (AURA_IS_INVESTIGATION (investigation), NULL);

  self = g_object_new (AURA_TYPE_INVESTIGATION_PAGE, NULL);
  self->store = g_object_ref (store);
  aura_investigation_page_set_investigation (self, investigation);
  self->entities = aura_entity_list_new (store, aura_investigation_get_id (investigation));
  aura_entity_table_set_list (self->entity_table, self->entities);
  g_signal_connect_object (self->entity_table, "selection-changed",
                           G_CALLBACK (table_selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  reload_targets (self);
  return self;
}

static void
aura_investigation_page_dispose (GObject *object)
{
  AuraInvestigationPage *self = AURA_INVESTIGATION_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), AURA_TYPE_INVESTIGATION_PAGE);
  aura_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->entities);
  g_clear_object (&self->store);
  g_clear_object (&self->investigation);
  g_clear_pointer (&self->targets, g_ptr_array_unref);
  G_OBJECT_CLASS (aura_investigation_page_parent_class)->dispose (object);
}

static void
aura_investigation_page_finalize (GObject *object)
{
  AuraInvestigationPage *self = AURA_INVESTIGATION_PAGE (object);

  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (aura_investigation_page_parent_class)->finalize (object);
}

static void
aura_investigation_page_class_init (AuraInvestigationPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aura_investigation_page_dispose;
  object_class->finalize = aura_investigation_page_finalize;

  g_type_ensure (AURA_TYPE_ENTITY_TABLE);
  g_type_ensure (AURA_TYPE_ENTITY_DETAILS);
  g_type_ensure (AURA_TYPE_SCAN_PANEL);
  g_type_ensure (AURA_TYPE_DOMAIN_PANEL);
  g_type_ensure (AURA_TYPE_TIKTOK_PANEL);
  g_type_ensure (AURA_TYPE_PHONE_PANEL);
  g_type_ensure (AURA_TYPE_EMAIL_PANEL);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/aura-investigation-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AuraInvestigationPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, AuraInvestigationPage, description_label);
  gtk_widget_class_bind_template_child (widget_class, AuraInvestigationPage, targets_list);
  gtk_widget_class_bind_template_child (widget_class, AuraInvestigationPage, targets_scroller);
  gtk_widget_class_bind_template_child (widget_class, AuraInvestigationPage, no_targets_label);
  gtk_widget_class_bind_template_child (widget_class, AuraInvestigationPage, scan_panel);
  gtk_widget_class_bind_template_child (widget_class, AuraInvestigationPage, domain_panel);
  gtk_widget_class_bind_template_child (widget_class, AuraInvestigationPage, tiktok_panel);
  gtk_widget_class_bind_template_child (widget_class, AuraInvestigationPage, phone_panel);
  gtk_widget_class_bind_template_child (widget_class, AuraInvestigationPage, email_panel);
  gtk_widget_class_bind_template_child (widget_class, AuraInvestigationPage, entity_table);
  gtk_widget_class_bind_template_child (widget_class, AuraInvestigationPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, AuraInvestigationPage, graph_bin);
  gtk_widget_class_bind_template_child (widget_class, AuraInvestigationPage, details_revealer);
  gtk_widget_class_bind_template_child (widget_class, AuraInvestigationPage, details);
  gtk_widget_class_bind_template_callback (widget_class, entity_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, details_close_cb);
  gtk_widget_class_bind_template_callback (widget_class, run_tool_cb);
  gtk_widget_class_bind_template_callback (widget_class, view_changed_cb);
}

static void
aura_investigation_page_init (AuraInvestigationPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}
