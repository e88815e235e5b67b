/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <aura.h>
#include <gtk/gtk.h>

#include "aura-graph-view.h"

G_BEGIN_DECLS

#define AURA_TYPE_GRAPH_PAGE (aura_graph_page_get_type ())
G_DECLARE_FINAL_TYPE (AuraGraphPage, aura_graph_page, AURA, GRAPH_PAGE, GtkWidget)

/* The graph of one investigation: a toolbar (type and confidence filters,
 * search, zoom, layout, export), the canvas with its legend, and the
 * empty and error states. Reads the graph in a worker thread, reloads on
 * the store's "changed" signal (debounced), lays it out, sizes and colours
 * the nodes by analytics, merges duplicates, and deletes entities with an
 * undo toast. Signals "entity-activated" (AuraEntity *)
 * to show an entity's details, "look-for-accounts" and "map-domain"
 * (AuraEntity *) for the scans, "run-tool" (AuraEntity *, const char
 * *tool_id) for a tool of the registry chosen in the node menu, all
 * handled by the investigation page, and
 * "selection-changed" () when the person selects other nodes (not when a
 * read of the graph carries the selection over). */
AuraGraphPage *aura_graph_page_new (AuraStore *store, gint64 investigation_id);
AuraGraphView *aura_graph_page_get_view (AuraGraphPage *self);
/* Reads the graph again (at once, or after the read in progress). */
void aura_graph_page_reload (AuraGraphPage *self);
void aura_graph_page_focus_search (AuraGraphPage *self);
/* For tests: "graph", "empty" or "error"; whether a read or a layout is
 * running; how many reads have completed. */
const char *aura_graph_page_get_view_name (AuraGraphPage *self);
gboolean aura_graph_page_get_busy (AuraGraphPage *self);
guint aura_graph_page_get_n_loads (AuraGraphPage *self);
/* Deletes the entity of @node at once (in a worker thread) and shows a
 * toast whose Undo puts it back, with its relations and place. */
void aura_graph_page_delete_node (AuraGraphPage *self, guint node);
/* For tests: what the Undo of the newest deletion toast still up does;
 * FALSE when there is none to undo. Restores completed. */
gboolean aura_graph_page_undo_delete (AuraGraphPage *self);
guint aura_graph_page_get_n_restores (AuraGraphPage *self);
GtkDropDown *aura_graph_page_get_type_dropdown (AuraGraphPage *self);
GtkRange *aura_graph_page_get_confidence_scale (AuraGraphPage *self);
GtkSearchEntry *aura_graph_page_get_search_entry (AuraGraphPage *self);
/* The "Size by" (nothing, degree, betweenness) and "Colour by" (type,
 * community, component) drop-downs. */
GtkDropDown *aura_graph_page_get_size_dropdown (AuraGraphPage *self);
GtkDropDown *aura_graph_page_get_colour_dropdown (AuraGraphPage *self);

/* Merges the selected entities into the entity of @keep_node (which must
 * be selected, the selection of one type), after an "are you sure" dialog
 * when @confirm and the page is in a window; a toast says how it went. */
void aura_graph_page_merge_into (AuraGraphPage *self, guint keep_node, gboolean confirm);
/* For tests: merges completed. */
guint aura_graph_page_get_n_merges (AuraGraphPage *self);
/* Selects the nodes of these entities (as the entities table does); before
 * the graph is first read, once it is. */
void aura_graph_page_select_entities (AuraGraphPage *self, const gint64 *entity_ids, guint n_ids);
/* Reads @node's entity and emits "entity-activated" with it. */
void aura_graph_page_show_details (AuraGraphPage *self, guint node);

G_END_DECLS
