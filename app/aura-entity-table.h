/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <aura.h>
#include <gtk/gtk.h>

G_BEGIN_DECLS

#define AURA_TYPE_ENTITY_TABLE (aura_entity_table_get_type ())
G_DECLARE_FINAL_TYPE (AuraEntityTable, aura_entity_table, AURA, ENTITY_TABLE, GtkWidget)

/* The entities of an investigation in a GtkColumnView over an
 * AuraEntityList: filtering, search and sorting all run in SQL, so the view
 * never reads more rows than it shows. Signals "entity-activated"
 * (AuraEntity *) when a row is double-clicked or activated by keyboard,
 * "selection-changed" () when the person selects other rows, "run-tool"
 * (AuraEntity *, const char *tool_id) when a tool of the registry is
 * chosen in a row's context menu (right click, Menu or Shift+F10). */
AuraEntityTable *aura_entity_table_new (void);
void aura_entity_table_set_list (AuraEntityTable *self, AuraEntityList *list);
AuraEntityList *aura_entity_table_get_list (AuraEntityTable *self);
void aura_entity_table_focus_search (AuraEntityTable *self);
/* For tests: "table", "empty", "no-results" or "error". */
const char *aura_entity_table_get_view_name (AuraEntityTable *self);
GtkColumnView *aura_entity_table_get_column_view (AuraEntityTable *self);
/* The column sorted by @key (value, type, confidence, sources, first or
 * last seen). */
GtkColumnViewColumn *aura_entity_table_get_column (AuraEntityTable *self, AuraEntitySort key);
GtkSearchEntry *aura_entity_table_get_search_entry (AuraEntityTable *self);
/* Selects the type filter: -1 for all types. */
void aura_entity_table_set_type_filter (AuraEntityTable *self, int type);

/* Selection by entity id. "selection-changed" () is emitted when the
 * person selects other rows (not for aura_entity_table_select_ids()); the
 * selection is kept by id across reloads of the list. */
/* (element-type gint64) the selected entities, in the table's order. */
GArray *aura_entity_table_get_selected_ids (AuraEntityTable *self);
/* Selects the rows of these entities (the ones the table shows; the
 * others stay wanted for when a filter lets them in). Positions come from
 * a read of the list's order in a worker: this may complete later. */
void aura_entity_table_select_ids (AuraEntityTable *self, const gint64 *ids, guint n_ids);
/* The entity of the only selected row, or NULL. (transfer full) */
AuraEntity *aura_entity_table_get_selected_entity (AuraEntityTable *self);
GtkSelectionModel *aura_entity_table_get_selection_model (AuraEntityTable *self);

/* The context menu of @entity: *Show Details* and the registry's tools
 * for its type (actions "table.details", "table.run-tool", which act on
 * the entity of the menu shown, else on the only selected row). */
GMenuModel *aura_entity_table_create_menu (AuraEntityTable *self, AuraEntity *entity);
/* Shows that menu at (@x, @y) of the table. */
void aura_entity_table_popup_menu (AuraEntityTable *self, AuraEntity *entity, double x, double y);

G_END_DECLS
