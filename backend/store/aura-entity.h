/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib-object.h>

#include "aura-entity-type.h"

G_BEGIN_DECLS

#define AURA_TYPE_ENTITY (aura_entity_get_type ())
G_DECLARE_FINAL_TYPE (AuraEntity, aura_entity, AURA, ENTITY, GObject)

/* An immutable snapshot of one entities row. Properties (read-only): "id",
 * "investigation-id", "entity-type" (enum as int), "type-name", "value",
 * "normalized", "attributes" (JSON object text), "confidence",
 * "first-seen", "last-seen", "is-target", "target-id", "n-sources",
 * "snippet", "rank". */
gint64 aura_entity_get_id (AuraEntity *self);
gint64 aura_entity_get_investigation_id (AuraEntity *self);
AuraEntityType aura_entity_get_entity_type (AuraEntity *self);
const char *aura_entity_get_type_name (AuraEntity *self);
/* As displayed; the first form the entity was seen in, cleaned. */
const char *aura_entity_get_value (AuraEntity *self);
/* The uniqueness key (see aura_entity_normalize()). */
const char *aura_entity_get_normalized (AuraEntity *self);
/* A JSON object, never NULL ("{}" when empty). */
const char *aura_entity_get_attributes (AuraEntity *self);
/* 0.0 to 1.0 */
double aura_entity_get_confidence (AuraEntity *self);
/* Unix time, seconds. */
gint64 aura_entity_get_first_seen (AuraEntity *self);
gint64 aura_entity_get_last_seen (AuraEntity *self);
/* Whether the entity is a seed of its investigation (a targets row). */
gboolean aura_entity_get_is_target (AuraEntity *self);
/* The targets row id, 0 when not a target. */
gint64 aura_entity_get_target_id (AuraEntity *self);
/* How many provenance records the entity has. */
gint64 aura_entity_get_n_sources (AuraEntity *self);
/* Only for full-text search results: the highlighted excerpt that matched
 * (matches between "[" and "]"), and the bm25 rank (lower is better). NULL
 * and 0.0 otherwise. */
const char *aura_entity_get_snippet (AuraEntity *self);
double aura_entity_get_rank (AuraEntity *self);

G_END_DECLS
