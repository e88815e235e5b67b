/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-app"
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "aura-app-util.h"
#include "aura-column-sorter.h"
#include "aura-entity-table.h"
#include "aura-tool-catalog.h"

/* Selection by entity id. The model pages its rows, so positions and ids
 * are matched through the list's order of ids, read again (in a worker, as
 * the list reads it) after each change of the list, and only while some
 * rows are selected or wanted: selected_ids is what the table should show
 * selected, kept by id so that a reload of the list, which drops the
 * selection of GtkMultiSelection, does not lose it. */
#define DIRECT_READ_MAX 2048 /* selected rows read one by one at most */

struct _AuraEntityTable
{
  GtkWidget parent_instance;

  AuraEntityList *list;
  GtkMultiSelection *selection;
  GArray *order;               /* gint64: the list's ids in order, or NULL */
  guint list_serial;           /* items-changed of the list seen */
  guint order_serial;          /* the list_serial the read in flight is for */
  GCancellable *order_read;    /* the read in flight, or NULL */
  GArray *selected_ids;        /* gint64, or NULL: nothing to keep */
  gboolean apply_when_ordered; /* select selected_ids once the order is read */
  gboolean emit_when_ordered;  /* emit selection-changed then */
  gboolean applying;           /* selecting from the program, not the person */
  GtkColumnViewColumn *columns[AURA_ENTITY_SORT_RANK];
  AuraEntity *menu_entity; /* the entity the context menu is for */
  GtkWidget *popover;

  GtkDropDown *type_dropdown;
  GtkSearchEntry *search_entry;
  GtkSpinner *spinner;
  GtkLabel *count_label;
  GtkStack *stack;
  GtkColumnView *column_view;
  AdwStatusPage *error_page;
};

G_DEFINE_FINAL_TYPE (AuraEntityTable, aura_entity_table, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_ENTITY_ACTIVATED,
  SIGNAL_SELECTION_CHANGED,
  SIGNAL_RUN_TOOL,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

AuraEntityTable *
aura_entity_table_new (void)
{
  return g_object_new (AURA_TYPE_ENTITY_TABLE, NULL);
}

AuraEntityList *
aura_entity_table_get_list (AuraEntityTable *self)
{
  g_return_val_if_fail (AURA_IS_ENTITY_TABLE (self), NULL);
  return self->list;
}

GtkColumnView *
aura_entity_table_get_column_view (AuraEntityTable *self)
{
  g_return_val_if_fail (AURA_IS_ENTITY_TABLE (self), NULL);
  return self->column_view;
}

GtkColumnViewColumn *
aura_entity_table_get_column (AuraEntityTable *self, AuraEntitySort key)
{
  g_return_val_if_fail (AURA_IS_ENTITY_TABLE (self), NULL);
  g_return_val_if_fail (key < AURA_ENTITY_SORT_RANK, NULL);
  return self->columns[key];
}

GtkSearchEntry *
aura_entity_table_get_search_entry (AuraEntityTable *self)
{
  g_return_val_if_fail (AURA_IS_ENTITY_TABLE (self), NULL);
  return self->search_entry;
}

const char *
aura_entity_table_get_view_name (AuraEntityTable *self)
{
  g_return_val_if_fail (AURA_IS_ENTITY_TABLE (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

void
aura_entity_table_focus_search (AuraEntityTable *self)
{
  g_return_if_fail (AURA_IS_ENTITY_TABLE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
aura_entity_table_set_type_filter (AuraEntityTable *self, int type)
{
  g_return_if_fail (AURA_IS_ENTITY_TABLE (self));
  g_return_if_fail (type >= -1 && type < AURA_ENTITY_N_TYPES);
  gtk_drop_down_set_selected (self->type_dropdown, (guint)(type + 1));
}

/* ---- Selection by id ------------------------------------------------- */

typedef struct
{
  AuraStore *store;
  AuraEntityQuery query;
  char *text;
} OrderRead;

static void
order_read_free (gpointer data)
{
  OrderRead *read = data;

  g_clear_object (&read->store);
  g_free (read->text);
  g_free (read);
}

static void
order_read_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  OrderRead *read = task_data;
  g_autoptr (GError) error = NULL;
  GArray *ids = aura_store_query_entity_ids (read->store, &read->query, cancellable, &error);

  if (ids == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, ids, (GDestroyNotify)g_array_unref);
}

static gboolean
order_valid (AuraEntityTable *self)
{
  return self->order != NULL && self->list != NULL &&
         self->order->len == g_list_model_get_n_items (G_LIST_MODEL (self->list));
}

static void apply_selected_ids (AuraEntityTable *self);
static void read_order (AuraEntityTable *self);
static GArray *read_selected_ids (AuraEntityTable *self);

static void
order_read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AuraEntityTable *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids = g_task_propagate_pointer (G_TASK (result), &error);

  if (ids == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->order_read);
  if (ids == NULL)
    {
      g_warning ("Could not read the order of the entities: %s", error->message);
      return;
    }
  if (self->order_serial != self->list_serial)
    {
      /* The list changed meanwhile: read what it shows now. */
      read_order (self);
      return;
    }
  g_clear_pointer (&self->order, g_array_unref);
  self->order = g_steal_pointer (&ids);
  if (self->apply_when_ordered)
    {
      self->apply_when_ordered = FALSE;
      apply_selected_ids (self);
    }
  if (self->emit_when_ordered)
    {
      self->emit_when_ordered = FALSE;
      g_clear_pointer (&self->selected_ids, g_array_unref);
      self->selected_ids = read_selected_ids (self);
      g_signal_emit (self, signals[SIGNAL_SELECTION_CHANGED], 0);
    }
}

/* Reads the list's ids in its order, in a worker, with the list's query. */
static void
read_order (AuraEntityTable *self)
{
  g_autoptr (GTask) task = NULL;
  OrderRead *read;

  if (self->list == NULL || self->order_read != NULL)
    return;
  read = g_new0 (OrderRead, 1);
  read->store = g_object_ref (aura_entity_list_get_store (self->list));
  read->text = g_strdup (aura_entity_list_get_search_text (self->list));
  read->query.investigation_id = aura_entity_list_get_investigation_id (self->list);
  read->query.type = aura_entity_list_get_entity_type (self->list);
  read->query.text = read->text;
  read->query.targets_only = aura_entity_list_get_targets_only (self->list);
  read->query.sort = aura_entity_list_get_sort (self->list);
  read->query.descending = aura_entity_list_get_descending (self->list);
  self->order_read = g_cancellable_new ();
  self->order_serial = self->list_serial;
  task = g_task_new (NULL, self->order_read, order_read_cb, self);
  g_task_set_source_tag (task, read_order);
  g_task_set_task_data (task, read, order_read_free);
  g_task_run_in_thread (task, order_read_thread);
}

/* Selects the rows of selected_ids (those the list shows), once the order
 * is known. */
static void
apply_selected_ids (AuraEntityTable *self)
{
  g_autoptr (GHashTable) wanted = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr (GtkBitset) rows = gtk_bitset_new_empty ();
  g_autoptr (GtkBitset) current = NULL;
  guint n;

  if (self->list == NULL || self->selected_ids == NULL)
    return;
  if (self->selected_ids->len == 0)
    {
      /* Nothing to find: no need for the order. */
      self->applying = TRUE;
      gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
      self->applying = FALSE;
      return;
    }
  if (!order_valid (self))
    {
      self->apply_when_ordered = TRUE;
      read_order (self);
      return;
    }
  for (guint k = 0; k < self->selected_ids->len; k++)
    g_hash_table_add (wanted, &g_array_index (self->selected_ids, gint64, k));
  n = self->order->len;
  for (guint pos = 0; pos < n; pos++)
    if (g_hash_table_contains (wanted, &g_array_index (self->order, gint64, pos)))
      gtk_bitset_add (rows, pos);
  current = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_equals (current, rows))
    return;
  self->applying = TRUE;
  {
    g_autoptr (GtkBitset) all = gtk_bitset_new_range (0, n);

    gtk_selection_model_set_selection (GTK_SELECTION_MODEL (self->selection), rows, all);
  }
  self->applying = FALSE;
}

/* The ids of the selected rows, NULL when they are not known yet (many
 * rows and the order not read: "selection-changed" comes again then). */
static GArray *
read_selected_ids (AuraEntityTable *self)
{
  g_autoptr (GtkBitset) rows = NULL;
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GtkBitsetIter iter;
  guint pos;
  gboolean valid;

  if (self->list == NULL)
    return g_steal_pointer (&ids);
  rows = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (!order_valid (self) && gtk_bitset_get_size (rows) > DIRECT_READ_MAX)
    return NULL;
  for (valid = gtk_bitset_iter_init_first (&iter, rows, &pos); valid;
       valid = gtk_bitset_iter_next (&iter, &pos))
    {
      gint64 id = 0;

      if (order_valid (self))
        id = g_array_index (self->order, gint64, pos);
      else
        {
          g_autoptr (AuraEntity) entity = g_list_model_get_item (G_LIST_MODEL (self->list), pos);

          if (entity != NULL)
            id = aura_entity_get_id (entity);
        }
      if (id != 0)
        g_array_append_val (ids, id);
    }
  return g_steal_pointer (&ids);
}

static void
selection_changed_cb (AuraEntityTable *self)
{
  GArray *ids;

  if (self->applying)
    return;
  ids = read_selected_ids (self);
  g_clear_pointer (&self->selected_ids, g_array_unref);
  if (ids == NULL)
    {
      self->emit_when_ordered = TRUE;
      read_order (self);
      return;
    }
  self->selected_ids = ids;
  g_signal_emit (self, signals[SIGNAL_SELECTION_CHANGED], 0);
}

/* The list read its matches again: positions moved, and GtkMultiSelection
 * forgot the selection; the ids it had are selected again. */
static void
list_items_changed_cb (AuraEntityTable *self)
{
  self->list_serial++;
  g_clear_pointer (&self->order, g_array_unref);
  if (self->selected_ids != NULL && self->selected_ids->len > 0)
    apply_selected_ids (self);
}

GArray *
aura_entity_table_get_selected_ids (AuraEntityTable *self)
{
  g_return_val_if_fail (AURA_IS_ENTITY_TABLE (self), NULL);
  if (self->selected_ids == NULL)
    return g_array_new (FALSE, FALSE, sizeof (gint64));
  return g_array_copy (self->selected_ids);
}

void
aura_entity_table_select_ids (AuraEntityTable *self, const gint64 *ids, guint n_ids)
{
  g_return_if_fail (AURA_IS_ENTITY_TABLE (self));
  g_return_if_fail (ids != NULL || n_ids == 0);

  g_clear_pointer (&self->selected_ids, g_array_unref);
  self->selected_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);
  g_array_append_vals (self->selected_ids, ids, n_ids);
  apply_selected_ids (self);
}

AuraEntity *
aura_entity_table_get_selected_entity (AuraEntityTable *self)
{
  g_autoptr (GtkBitset) rows = NULL;

  g_return_val_if_fail (AURA_IS_ENTITY_TABLE (self), NULL);
  if (self->list == NULL)
    return NULL;
  rows = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_get_size (rows) != 1)
    return NULL;
  return g_list_model_get_item (G_LIST_MODEL (self->list), gtk_bitset_get_minimum (rows));
}

GtkSelectionModel *
aura_entity_table_get_selection_model (AuraEntityTable *self)
{
  g_return_val_if_fail (AURA_IS_ENTITY_TABLE (self), NULL);
  return GTK_SELECTION_MODEL (self->selection);
}

/* ---- State of the view ---------------------------------------------- */

static void
update_state (AuraEntityTable *self)
{
  const GError *error;
  guint n;
  gboolean loading;
  g_autofree char *count = NULL;

  if (self->list == NULL)
    return;
  error = aura_entity_list_get_error (self->list);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  loading = aura_entity_list_get_loading (self->list);

  gtk_spinner_set_spinning (self->spinner, loading);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), loading);
  count = g_strdup_printf (ngettext ("%'u entity", "%'u entities", n), n);
  gtk_label_set_label (self->count_label, count);

  if (error != NULL && !loading)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
  else if (n == 0 && !loading)
    {
      const char *text = aura_entity_list_get_search_text (self->list);
      gboolean filtered =
          (text != NULL && *text != '\0') || aura_entity_list_get_entity_type (self->list) >= 0;

      gtk_stack_set_visible_child_name (self->stack, filtered ? "no-results" : "empty");
    }
  else
    gtk_stack_set_visible_child_name (self->stack, "table");
}

static void
search_changed_cb (AuraEntityTable *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  AuraEntitySort key;
  gboolean descending;

  if (self->list == NULL)
    return;
  /* Without a column chosen, search results come best match first. */
  if (!aura_column_sorter_probe (gtk_column_view_get_sorter (self->column_view), &key, &descending))
    aura_entity_list_set_sort (
        self->list, *text != '\0' ? AURA_ENTITY_SORT_RANK : AURA_ENTITY_SORT_VALUE, FALSE);
  aura_entity_list_set_search_text (self->list, text);
}

static void
type_selected_cb (AuraEntityTable *self)
{
  guint selected = gtk_drop_down_get_selected (self->type_dropdown);

  if (self->list != NULL && selected != GTK_INVALID_LIST_POSITION)
    aura_entity_list_set_entity_type (self->list, (int)selected - 1);
}

/* The user clicked a column header: read which column is now primary and
 * hand the ordering to the model, which sorts in SQL. */
static void
view_sorter_changed_cb (AuraEntityTable *self)
{
  AuraEntitySort key = AURA_ENTITY_SORT_VALUE;
  gboolean descending = FALSE;
  const char *text;

  if (self->list == NULL)
    return;
  if (!aura_column_sorter_probe (gtk_column_view_get_sorter (self->column_view), &key, &descending))
    {
      text = aura_entity_list_get_search_text (self->list);
      key = text != NULL && *text != '\0' ? AURA_ENTITY_SORT_RANK : AURA_ENTITY_SORT_VALUE;
      descending = FALSE;
    }
  aura_entity_list_set_sort (self->list, key, descending);
}

static void
activate_cb (AuraEntityTable *self, guint position)
{
  g_autoptr (AuraEntity) entity = NULL;

  if (self->list == NULL)
    return;
  entity = g_list_model_get_item (G_LIST_MODEL (self->list), position);
  if (entity != NULL)
    g_signal_emit (self, signals[SIGNAL_ENTITY_ACTIVATED], 0, entity);
}

/* ---- Context menu ----------------------------------------------------------- */

static GVariant *
tool_target (const char *tool_id, gpointer user_data)
{
  return g_variant_new_string (tool_id);
}

GMenuModel *
aura_entity_table_create_menu (AuraEntityTable *self, AuraEntity *entity)
{
  GMenu *menu;
  g_autoptr (GMenu) first = g_menu_new ();

  g_return_val_if_fail (AURA_IS_ENTITY_TABLE (self), NULL);
  g_return_val_if_fail (AURA_IS_ENTITY (entity), NULL);

  menu = g_menu_new ();
  g_menu_append (first, _ ("Show _Details"), "table.details");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (first));
  aura_tool_catalog_append_menu (aura_tool_catalog_get_default (), menu,
                                 aura_entity_get_entity_type (entity), AURA_TOOL_MENU_SCANS,
                                 "table.run-tool", tool_target, NULL);
  return G_MENU_MODEL (menu);
}

void
aura_entity_table_popup_menu (AuraEntityTable *self, AuraEntity *entity, double x, double y)
{
  g_autoptr (GMenuModel) model = NULL;

  g_return_if_fail (AURA_IS_ENTITY_TABLE (self));
  g_return_if_fail (AURA_IS_ENTITY (entity));

  g_set_object (&self->menu_entity, entity);
  model = aura_entity_table_create_menu (self, entity);
  if (self->popover == NULL)
    {
      self->popover = gtk_popover_menu_new_from_model (model);
      gtk_widget_set_parent (self->popover, GTK_WIDGET (self));
      gtk_popover_set_has_arrow (GTK_POPOVER (self->popover), FALSE);
      gtk_widget_set_halign (self->popover, GTK_ALIGN_START);
    }
  else
    gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->popover), model);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover),
                               &(GdkRectangle){ (int)x, (int)y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->popover));
}

/* The row of the cell at (@x, @y) of the column view, or G_MAXUINT. */
static guint
row_at (AuraEntityTable *self, double x, double y)
{
  GtkWidget *widget = gtk_widget_pick (GTK_WIDGET (self->column_view), x, y, GTK_PICK_DEFAULT);

  for (; widget != NULL && widget != GTK_WIDGET (self->column_view);
       widget = gtk_widget_get_parent (widget))
    {
      GtkListItem *item = g_object_get_data (G_OBJECT (widget), "aura-list-item");

      if (item != NULL)
        return gtk_list_item_get_position (item);
    }
  return G_MAXUINT;
}

static void
secondary_pressed_cb (GtkGestureClick *gesture, int n_press, double x, double y, gpointer data)
{
  AuraEntityTable *self = data;
  g_autoptr (AuraEntity) entity = NULL;
  guint position = row_at (self, x, y);
  graphene_point_t point;

  if (position == G_MAXUINT || self->list == NULL)
    return;
  /* A row outside the selection becomes the selection, as in file managers. */
  if (!gtk_selection_model_is_selected (GTK_SELECTION_MODEL (self->selection), position))
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  entity = g_list_model_get_item (G_LIST_MODEL (self->list), position);
  if (entity == NULL ||
      !gtk_widget_compute_point (GTK_WIDGET (self->column_view), GTK_WIDGET (self),
                                 &GRAPHENE_POINT_INIT ((float)x, (float)y), &point))
    return;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  aura_entity_table_popup_menu (self, entity, point.x, point.y);
}

/* Menu and Shift+F10: the menu of the only selected row. */
static gboolean
menu_key_cb (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  AuraEntityTable *self = AURA_ENTITY_TABLE (widget);
  g_autoptr (AuraEntity) entity = aura_entity_table_get_selected_entity (self);
  graphene_rect_t bounds;

  if (entity == NULL ||
      !gtk_widget_compute_bounds (GTK_WIDGET (self->column_view), widget, &bounds))
    return FALSE;
  aura_entity_table_popup_menu (self, entity, bounds.origin.x + 24, bounds.origin.y + 24);
  return TRUE;
}

static void
menu_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  AuraEntityTable *self = AURA_ENTITY_TABLE (widget);
  g_autoptr (AuraEntity) entity = NULL;

  /* The entity of the menu shown, else the only selected row. */
  if (self->popover != NULL && gtk_widget_get_visible (self->popover) && self->menu_entity != NULL)
    entity = g_object_ref (self->menu_entity);
  else
    entity = aura_entity_table_get_selected_entity (self);
  if (entity == NULL)
    return;
  if (g_str_equal (action_name, "table.details"))
    g_signal_emit (self, signals[SIGNAL_ENTITY_ACTIVATED], 0, entity);
  else
    g_signal_emit (self, signals[SIGNAL_RUN_TOOL], 0, entity, g_variant_get_string (param, NULL));
}

void
aura_entity_table_set_list (AuraEntityTable *self, AuraEntityList *list)
{
  g_return_if_fail (AURA_IS_ENTITY_TABLE (self));
  g_return_if_fail (list == NULL || AURA_IS_ENTITY_LIST (list));

  if (self->list == list)
    return;
  if (self->list != NULL)
    g_signal_handlers_disconnect_by_data (self->list, self);
  g_set_object (&self->list, list);
  gtk_multi_selection_set_model (self->selection, G_LIST_MODEL (list));
  g_cancellable_cancel (self->order_read);
  g_clear_object (&self->order_read);
  g_clear_pointer (&self->order, g_array_unref);
  g_clear_pointer (&self->selected_ids, g_array_unref);
  self->list_serial++;
  if (list == NULL)
    return;

  g_signal_connect_object (list, "items-changed", G_CALLBACK (update_state), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (list, "notify::loading", G_CALLBACK (update_state), self,
                           G_CONNECT_SWAPPED);
  /* After the selection model's own handler, which drops the selection. */
  g_signal_connect_object (list, "items-changed", G_CALLBACK (list_items_changed_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  /* The view starts from the model's state. */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry),
                         aura_entity_list_get_search_text (list) != NULL
                             ? aura_entity_list_get_search_text (list)
                             : "");
  gtk_drop_down_set_selected (self->type_dropdown,
                              (guint)(aura_entity_list_get_entity_type (list) + 1));
  update_state (self);
}

/* ---- Cells ---------------------------------------------------------------- */

static void
setup_label_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *label = gtk_label_new (NULL);
  gboolean numeric = GPOINTER_TO_INT (user_data) != AURA_ENTITY_SORT_VALUE;

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1.0f : 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  /* Minimum widths: when the details panel narrows the table it scrolls
   * sideways rather than ellipsising every value. */
  switch (GPOINTER_TO_INT (user_data))
    {
      case AURA_ENTITY_SORT_VALUE:
        gtk_label_set_width_chars (GTK_LABEL (label), 18);
        break;
      case AURA_ENTITY_SORT_FIRST_SEEN:
      case AURA_ENTITY_SORT_LAST_SEEN:
        gtk_label_set_width_chars (GTK_LABEL (label), 16);
        break;
      default:
        break;
    }
  /* The context menu finds its row from the cell under the pointer. */
  g_object_set_data (G_OBJECT (label), "aura-list-item", item);
  gtk_list_item_set_child (item, label);
}

static char *
format_time (gint64 unix_time)
{
  g_autoptr (GDateTime) dt = NULL;

  if (unix_time <= 0)
    return g_strdup ("—");
  dt = g_date_time_new_from_unix_local (unix_time);
  if (dt == NULL)
    return g_strdup ("—");
  /* Translators: date and time format in the entities table, see
   * g_date_time_format(). */
  return g_date_time_format (dt, _ ("%Y-%m-%d %H:%M"));
}

static void
bind_label_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  AuraEntity *entity = gtk_list_item_get_item (item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  g_autofree char *text = NULL;

  if (entity == NULL)
    return;
  switch (GPOINTER_TO_INT (user_data))
    {
      case AURA_ENTITY_SORT_VALUE:
        gtk_label_set_label (label, aura_entity_get_value (entity));
        gtk_widget_set_tooltip_text (GTK_WIDGET (label), aura_entity_get_value (entity));
        return;
      case AURA_ENTITY_SORT_CONFIDENCE:
        /* Translators: a confidence in percent. */
        text = g_strdup_printf (_ ("%.0f %%"), aura_entity_get_confidence (entity) * 100.0);
        break;
      case AURA_ENTITY_SORT_N_SOURCES:
        text = g_strdup_printf ("%" G_GINT64_FORMAT, aura_entity_get_n_sources (entity));
        break;
      case AURA_ENTITY_SORT_FIRST_SEEN:
        text = format_time (aura_entity_get_first_seen (entity));
        break;
      case AURA_ENTITY_SORT_LAST_SEEN:
        text = format_time (aura_entity_get_last_seen (entity));
        break;
      default:
        g_assert_not_reached ();
    }
  gtk_label_set_label (label, text);
}

static void
setup_type_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (label), 12);
  gtk_box_append (GTK_BOX (box), gtk_image_new ());
  gtk_box_append (GTK_BOX (box), label);
  g_object_set_data (G_OBJECT (box), "aura-list-item", item);
  gtk_list_item_set_child (item, box);
}

static void
bind_type_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  AuraEntity *entity = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  AuraEntityType type;

  if (entity == NULL)
    return;
  type = aura_entity_get_entity_type (entity);
  gtk_image_set_from_icon_name (GTK_IMAGE (gtk_widget_get_first_child (box)),
                                aura_entity_type_get_icon_name (type));
  gtk_label_set_label (GTK_LABEL (gtk_widget_get_last_child (box)),
                       aura_entity_type_get_label (type));
}

static void
add_column (AuraEntityTable *self, AuraEntitySort key, const char *title, gboolean expand)
{
  g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr (GtkColumnViewColumn) column = NULL;
  g_autoptr (AuraColumnSorter) sorter = aura_column_sorter_new (key);

  if (key == AURA_ENTITY_SORT_TYPE)
    {
      g_signal_connect (factory, "setup", G_CALLBACK (setup_type_cb), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_type_cb), NULL);
    }
  else
    {
      g_signal_connect (factory, "setup", G_CALLBACK (setup_label_cb), GINT_TO_POINTER (key));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_label_cb), GINT_TO_POINTER (key));
    }
  column = gtk_column_view_column_new (title, g_object_ref (factory));
  gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_append_column (self->column_view, column);
  self->columns[key] = column;
}

static void
setup_columns (AuraEntityTable *self)
{
  add_column (self, AURA_ENTITY_SORT_TYPE, _ ("Type"), FALSE);
  add_column (self, AURA_ENTITY_SORT_VALUE, _ ("Value"), TRUE);
  add_column (self, AURA_ENTITY_SORT_CONFIDENCE, _ ("Confidence"), FALSE);
  add_column (self, AURA_ENTITY_SORT_N_SOURCES, _ ("Sources"), FALSE);
  add_column (self, AURA_ENTITY_SORT_FIRST_SEEN, _ ("First Seen"), FALSE);
  add_column (self, AURA_ENTITY_SORT_LAST_SEEN, _ ("Last Seen"), FALSE);
}

static void
setup_type_filter (AuraEntityTable *self)
{
  g_autoptr (GtkStringList) types = gtk_string_list_new (NULL);

  gtk_string_list_append (types, _ ("All Types"));
  for (int i = 0; i < AURA_ENTITY_N_TYPES; i++)
    gtk_string_list_append (types, aura_entity_type_get_label (i));
  gtk_drop_down_set_model (self->type_dropdown, G_LIST_MODEL (types));
}

static void
aura_entity_table_dispose (GObject *object)
{
  AuraEntityTable *self = AURA_ENTITY_TABLE (object);

  if (self->list != NULL)
    g_signal_handlers_disconnect_by_data (self->list, self);
  g_cancellable_cancel (self->order_read);
  g_clear_object (&self->order_read);
  g_clear_pointer (&self->order, g_array_unref);
  g_clear_pointer (&self->selected_ids, g_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), AURA_TYPE_ENTITY_TABLE);
  aura_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->selection);
  g_clear_object (&self->list);
  g_clear_object (&self->menu_entity);
  g_clear_pointer (&self->popover, gtk_widget_unparent);
  G_OBJECT_CLASS (aura_entity_table_parent_class)->dispose (object);
}

static void
aura_entity_table_class_init (AuraEntityTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aura_entity_table_dispose;

  signals[SIGNAL_ENTITY_ACTIVATED] =
      g_signal_new ("entity-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 1, AURA_TYPE_ENTITY);
  signals[SIGNAL_SELECTION_CHANGED] =
      g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                    NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_RUN_TOOL] =
      g_signal_new ("run-tool", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                    G_TYPE_NONE, 2, AURA_TYPE_ENTITY, G_TYPE_STRING);
  gtk_widget_class_install_action (widget_class, "table.details", NULL, menu_action);
  gtk_widget_class_install_action (widget_class, "table.run-tool", "s", menu_action);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Menu, 0, menu_key_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, menu_key_cb, NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/aura-entity-table.ui");
  gtk_widget_class_bind_template_child (widget_class, AuraEntityTable, type_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AuraEntityTable, search_entry);
  gtk_widget_class_bind_template_child (widget_class, AuraEntityTable, spinner);
  gtk_widget_class_bind_template_child (widget_class, AuraEntityTable, count_label);
  gtk_widget_class_bind_template_child (widget_class, AuraEntityTable, stack);
  gtk_widget_class_bind_template_child (widget_class, AuraEntityTable, column_view);
  gtk_widget_class_bind_template_child (widget_class, AuraEntityTable, error_page);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, type_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);
}

static void
aura_entity_table_init (AuraEntityTable *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (
      GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))), GTK_ORIENTATION_VERTICAL);

  self->selection = gtk_multi_selection_new (NULL);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "selection-changed", G_CALLBACK (selection_changed_cb),
                           self, G_CONNECT_SWAPPED);
  setup_type_filter (self);
  setup_columns (self);
  {
    GtkGesture *click = gtk_gesture_click_new ();

    gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
    g_signal_connect (click, "pressed", G_CALLBACK (secondary_pressed_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self->column_view), GTK_EVENT_CONTROLLER (click));
  }
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (view_sorter_changed_cb), self, G_CONNECT_SWAPPED);
}
