/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>
#include <aura.h>

G_BEGIN_DECLS

/* The GSettings schema id; it stays the same in development builds, whose
 * application id ends in .Devel, because settings belong to the user. */
#define AURA_SETTINGS_SCHEMA "io.github.AuraOsint.Aura"

#define AURA_TYPE_APPLICATION (aura_application_get_type ())
G_DECLARE_FINAL_TYPE (AuraApplication, aura_application, AURA, APPLICATION, AdwApplication)

AuraApplication *aura_application_new (void);
/* The database path to open: --db, else $AURA_DB, else the "store-path"
 * setting, else %NULL for the store's default path. */
char *aura_application_dup_store_path (AuraApplication *self);
/* The engine every scan of the app runs on (transfer none: pass it on at
 * once, a scan takes its own reference). It is built from the scanning
 * settings at first use and built anew after one of them changes; scans
 * already running keep the engine they started with, which goes when the
 * last of them ends. %NULL with @error when the settings hold a value the
 * engine refuses, such as a malformed proxy URL. */
AuraEngine *aura_application_get_engine (AuraApplication *self, GError **error);
/* The application @widget belongs to: its window's, else the process's
 * default one (widget tests create an AuraApplication without running
 * it); %NULL when there is none. */
AuraApplication *aura_application_get_for_widget (GtkWidget *widget);

G_END_DECLS
