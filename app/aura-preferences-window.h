/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define AURA_TYPE_PREFERENCES_WINDOW (aura_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (
    AuraPreferencesWindow, aura_preferences_window, AURA, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* Appearance, database location and the archived filter, bound to
 * GSettings. */
AuraPreferencesWindow *aura_preferences_window_new (GtkWindow *parent);

G_END_DECLS
