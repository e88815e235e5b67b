/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <aura.h>
#include <gtk/gtk.h>

#include "aura-entity-details.h"
#include "aura-entity-table.h"

G_BEGIN_DECLS

#define AURA_TYPE_INVESTIGATION_PAGE (aura_investigation_page_get_type ())
G_DECLARE_FINAL_TYPE (
    AuraInvestigationPage, aura_investigation_page, AURA, INVESTIGATION_PAGE, GtkWidget)

/* One investigation: its name and description, its targets, and the table
 * of its entities with a details panel. Reloads on the store's "changed"
 * signal for this investigation. */
AuraInvestigationPage *aura_investigation_page_new (AuraStore *store,
                                                    AuraInvestigation *investigation);
gint64 aura_investigation_page_get_investigation_id (AuraInvestigationPage *self);
/* Updates the header from a newer snapshot of the same investigation. */
void aura_investigation_page_set_investigation (AuraInvestigationPage *self,
                                                AuraInvestigation *investigation);
/* Opens the Add Target dialog. */
void aura_investigation_page_add_target (AuraInvestigationPage *self);
/* Focuses the search of the view shown (table or graph). */
void aura_investigation_page_focus_search (AuraInvestigationPage *self);
/* Shows the "table" or the "graph" view; the graph page is made, and its
 * graph read, the first time it is shown. */
void aura_investigation_page_show_view (AuraInvestigationPage *self, const char *name);
/* The AuraGraphPage, %NULL until the graph was first shown. */
GtkWidget *aura_investigation_page_get_graph_page (AuraInvestigationPage *self);
AuraEntityTable *aura_investigation_page_get_entity_table (AuraInvestigationPage *self);
AuraEntityDetails *aura_investigation_page_get_details (AuraInvestigationPage *self);
/* The targets listed (element-type AuraEntity), %NULL until first read. */
GPtrArray *aura_investigation_page_get_targets (AuraInvestigationPage *self);
/* Removes a target as its row's button does (with the undo toast). */
void aura_investigation_page_remove_target (AuraInvestigationPage *self, AuraEntity *target);
/* Runs the registry's tool @tool_id on @entity as its menus do: one of
 * the app's scans or panels ("username.accounts", "domain.map",
 * "tiktok.profile", "phone.offline", "email.accounts"), an installed
 * external tool ("adapter.…", recorded here) or a web service opened in
 * the browser ("link.…"). */
void aura_investigation_page_run_tool (AuraInvestigationPage *self,
                                       AuraEntity *entity,
                                       const char *tool_id);

G_END_DECLS
