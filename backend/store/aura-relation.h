/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define AURA_TYPE_RELATION (aura_relation_get_type ())
G_DECLARE_FINAL_TYPE (AuraRelation, aura_relation, AURA, RELATION, GObject)

/* An immutable snapshot of one relations row: a typed, directed link
 * ("has_account", "resolves_to", …) from one entity to another. */
gint64 aura_relation_get_id (AuraRelation *self);
gint64 aura_relation_get_investigation_id (AuraRelation *self);
gint64 aura_relation_get_source_id (AuraRelation *self);
gint64 aura_relation_get_target_id (AuraRelation *self);
const char *aura_relation_get_relation_type (AuraRelation *self);
const char *aura_relation_get_attributes (AuraRelation *self);
double aura_relation_get_confidence (AuraRelation *self);
gint64 aura_relation_get_first_seen (AuraRelation *self);
gint64 aura_relation_get_last_seen (AuraRelation *self);

G_END_DECLS
