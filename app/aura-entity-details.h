/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <aura.h>
#include <gtk/gtk.h>

G_BEGIN_DECLS

#define AURA_TYPE_ENTITY_DETAILS (aura_entity_details_get_type ())
G_DECLARE_FINAL_TYPE (AuraEntityDetails, aura_entity_details, AURA, ENTITY_DETAILS, GtkWidget)

/* The side panel of one entity: value, normalised key, attributes as
 * indented JSON, provenance and relations (read in a worker thread).
 * A *Tools* menu runs what the tool registry offers for the entity's
 * type. Signals "close" when its close button is pressed, "run-tool"
 * (AuraEntity *entity, const char *tool_id) when a tool is chosen. */
AuraEntityDetails *aura_entity_details_new (void);
void aura_entity_details_set_entity (AuraEntityDetails *self, AuraStore *store, AuraEntity *entity);
AuraEntity *aura_entity_details_get_entity (AuraEntityDetails *self);
/* (transfer none): the *Tools* menu of the entity shown (tests). */
GMenuModel *aura_entity_details_get_tools_menu (AuraEntityDetails *self);

G_END_DECLS
