/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <aura.h>
#include <gtk/gtk.h>

G_BEGIN_DECLS

#define AURA_TYPE_INVESTIGATION_ROW (aura_investigation_row_get_type ())
G_DECLARE_FINAL_TYPE (
    AuraInvestigationRow, aura_investigation_row, AURA, INVESTIGATION_ROW, GtkWidget)

/* One row of the sidebar: name, counts and an "Archived" badge. */
AuraInvestigationRow *aura_investigation_row_new (void);
void aura_investigation_row_set_investigation (AuraInvestigationRow *self, AuraInvestigation *inv);

G_END_DECLS
