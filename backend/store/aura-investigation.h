/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define AURA_TYPE_INVESTIGATION (aura_investigation_get_type ())
G_DECLARE_FINAL_TYPE (AuraInvestigation, aura_investigation, AURA, INVESTIGATION, GObject)

/* An immutable snapshot of one investigations row, with its counts at the
 * time it was read. Properties: "id", "uuid", "name", "description",
 * "archived", "created-at", "updated-at", "n-entities", "n-targets". */
gint64 aura_investigation_get_id (AuraInvestigation *self);
const char *aura_investigation_get_uuid (AuraInvestigation *self);
const char *aura_investigation_get_name (AuraInvestigation *self);
const char *aura_investigation_get_description (AuraInvestigation *self);
gboolean aura_investigation_get_archived (AuraInvestigation *self);
/* Unix time, seconds. */
gint64 aura_investigation_get_created_at (AuraInvestigation *self);
gint64 aura_investigation_get_updated_at (AuraInvestigation *self);
gint64 aura_investigation_get_n_entities (AuraInvestigation *self);
gint64 aura_investigation_get_n_targets (AuraInvestigation *self);

G_END_DECLS
