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
 * the store's "changed" signal (debounced), lays it out, and deletes
 * entities with an undo toast. Signals "entity-activated" (AuraEntity *)
 * to show an entity's details and "look-for-accounts" (AuraEntity *) for a
 * username scan, both handled by the investigation page. */
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
/* Deletes the entity of @node after its undo toast goes (at once when the
 * page is in no toast overlay). */
void aura_graph_page_delete_node (AuraGraphPage *self, guint node);
GtkDropDown *aura_graph_page_get_type_dropdown (AuraGraphPage *self);
GtkRange *aura_graph_page_get_confidence_scale (AuraGraphPage *self);
GtkSearchEntry *aura_graph_page_get_search_entry (AuraGraphPage *self);

G_END_DECLS
