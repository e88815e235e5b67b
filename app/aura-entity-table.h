/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <aura.h>
#include <gtk/gtk.h>

G_BEGIN_DECLS

#define AURA_TYPE_ENTITY_TABLE (aura_entity_table_get_type ())
G_DECLARE_FINAL_TYPE (AuraEntityTable, aura_entity_table, AURA, ENTITY_TABLE, GtkWidget)

/* The entities of an investigation in a GtkColumnView over an
 * AuraEntityList: filtering, search and sorting all run in SQL, so the view
 * never reads more rows than it shows. Signal "entity-activated"
 * (AuraEntity *) when a row is double-clicked or activated by keyboard. */
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

G_END_DECLS
