/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>
#include <aura.h>

G_BEGIN_DECLS

#define AURA_TYPE_ADD_TARGET_DIALOG (aura_add_target_dialog_get_type ())
G_DECLARE_FINAL_TYPE (
    AuraAddTargetDialog, aura_add_target_dialog, AURA, ADD_TARGET_DIALOG, AdwWindow)

/* Adds a target (a seed entity) to an investigation. The value is checked
 * as it is typed with aura_entity_normalize(): the normalised key shows
 * when it is valid, the reason when it is not, and Add stays insensitive
 * until it is valid. */
AuraAddTargetDialog *
aura_add_target_dialog_new (GtkWindow *parent, AuraStore *store, gint64 investigation_id);
void aura_add_target_dialog_set_entity_type (AuraAddTargetDialog *self, AuraEntityType type);
void aura_add_target_dialog_set_value (AuraAddTargetDialog *self, const char *value);
/* Whether Add can be pressed. */
gboolean aura_add_target_dialog_get_can_add (AuraAddTargetDialog *self);
/* The line under the value: the key, the hint, or the error. */
const char *aura_add_target_dialog_get_message (AuraAddTargetDialog *self);
/* Adds the target, as the Add button does; the dialog closes on success. */
void aura_add_target_dialog_add (AuraAddTargetDialog *self);

G_END_DECLS
