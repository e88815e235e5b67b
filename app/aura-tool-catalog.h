/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <aura.h>
#include <gio/gio.h>

G_BEGIN_DECLS

/* What the app offers to run on an entity, from the tool registry: the
 * scans it has panels for, the installed external tools (adapters) and
 * the link-outs. One catalogue per process, read from the bundled data off
 * the UI thread as soon as it is first asked for. */

#define AURA_TYPE_TOOL_CATALOG (aura_tool_catalog_get_type ())
G_DECLARE_FINAL_TYPE (AuraToolCatalog, aura_tool_catalog, AURA, TOOL_CATALOG, GObject)

/* The process's catalogue (transfer none); its loading starts in a worker
 * thread at the first call. Emits "loaded" once, in the main context,
 * when it is ready (also after a failure: see get_error). */
AuraToolCatalog *aura_tool_catalog_get_default (void);
/* A catalogue loaded now, in this thread, from the bundled data (tests,
 * and callers that cannot wait). */
AuraToolCatalog *aura_tool_catalog_new_sync (GError **error);

gboolean aura_tool_catalog_is_loaded (AuraToolCatalog *self);
/* (nullable): why the registry could not be read */
const GError *aura_tool_catalog_get_error (AuraToolCatalog *self);
/* (nullable) (transfer none): the registry, once loaded */
AuraToolRegistry *aura_tool_catalog_get_registry (AuraToolCatalog *self);

/**
 * AuraToolMenuFlags:
 * @AURA_TOOL_MENU_SCANS: include *Look for Accounts* and *Map Domain*
 *   (the graph's node menu has its own items for them)
 */
typedef enum
{
  AURA_TOOL_MENU_DEFAULT = 0,
  AURA_TOOL_MENU_SCANS = 1 << 0,
} AuraToolMenuFlags;

/* The target of a menu item for tool @tool_id (floating or not). */
typedef GVariant *(*AuraToolTargetFunc) (const char *tool_id, gpointer user_data);

/* Appends to @menu what applies to @type: a section with the app's scans
 * for it, a *Run Installed Tool* submenu (adapters available here), an
 * *Open In* submenu (link-outs by category). Each item activates
 * @action_name with the target @make_target gives for the tool's id.
 * Returns how many items were added (0 for a type nothing takes); the
 * submenus are left out until the catalogue is loaded. */
guint aura_tool_catalog_append_menu (AuraToolCatalog *self,
                                     GMenu *menu,
                                     AuraEntityType type,
                                     AuraToolMenuFlags flags,
                                     const char *action_name,
                                     AuraToolTargetFunc make_target,
                                     gpointer user_data);

/* The address of link-out @tool_id ("link.…") filled with @value, or
 * %NULL with an error (unknown link-out, a value it cannot take). */
char *aura_tool_catalog_build_link (AuraToolCatalog *self,
                                    const char *tool_id,
                                    AuraEntityType type,
                                    const char *value,
                                    GError **error);
/* (transfer none) (nullable): the link-outs, once loaded (NULL when they
 * could not be read) */
AuraLinkOutList *aura_tool_catalog_get_link_outs (AuraToolCatalog *self);
/* (transfer none) (nullable): the adapter of @tool_id ("adapter.…") */
AuraAdapter *aura_tool_catalog_lookup_adapter (AuraToolCatalog *self, const char *tool_id);

/* The translated name of a link-out category ("reverse-image" → “Reverse
 * Image Search”); unknown ones are returned as they are. */
const char *aura_tool_category_label (const char *category);

/* The app's own label for a native tool it runs from a menu
 * ("phone.offline" → “Analyse Phone Number”), or %NULL. */
const char *aura_tool_native_label (const char *tool_id);

G_END_DECLS
