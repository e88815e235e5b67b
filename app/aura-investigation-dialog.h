/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>
#include <aura.h>

G_BEGIN_DECLS

#define AURA_TYPE_INVESTIGATION_DIALOG (aura_investigation_dialog_get_type ())
G_DECLARE_FINAL_TYPE (
    AuraInvestigationDialog, aura_investigation_dialog, AURA, INVESTIGATION_DIALOG, AdwWindow)

/* Creates an investigation when @investigation is %NULL, else edits its
 * name and description. Errors (an empty or duplicate name) show inline
 * and keep the dialog open. */
AuraInvestigationDialog *aura_investigation_dialog_new (GtkWindow *parent,
                                                        AuraStore *store,
                                                        AuraInvestigation *investigation);
void aura_investigation_dialog_set_values (AuraInvestigationDialog *self,
                                           const char *name,
                                           const char *description);
/* Runs the create or edit, as the dialog's main button does. */
void aura_investigation_dialog_save (AuraInvestigationDialog *self);
/* The inline message shown under the fields ("" when none). */
const char *aura_investigation_dialog_get_message (AuraInvestigationDialog *self);

G_END_DECLS
