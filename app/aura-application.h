/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

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

G_END_DECLS
