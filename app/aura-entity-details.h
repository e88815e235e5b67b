/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <aura.h>
#include <gtk/gtk.h>

G_BEGIN_DECLS

#define AURA_TYPE_ENTITY_DETAILS (aura_entity_details_get_type ())
G_DECLARE_FINAL_TYPE (AuraEntityDetails, aura_entity_details, AURA, ENTITY_DETAILS, GtkWidget)

/* The side panel of one entity: value, normalised key, attributes as
 * indented JSON, provenance and relations (read in a worker thread).
 * Signal "close" when its close button is pressed. */
AuraEntityDetails *aura_entity_details_new (void);
void aura_entity_details_set_entity (AuraEntityDetails *self, AuraStore *store, AuraEntity *entity);
AuraEntity *aura_entity_details_get_entity (AuraEntityDetails *self);

G_END_DECLS
