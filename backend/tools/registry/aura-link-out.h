/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "aura-entity-type.h"

G_BEGIN_DECLS

/* Link-outs: web services pre-filled with a selector, opened by the user
 * (never fetched by Aura). Declared in the JSON files of data/linkouts; the format is
 * in README.md beside this file. */

#define AURA_LINK_OUT_ERROR (aura_link_out_error_quark ())
GQuark aura_link_out_error_quark (void);

typedef enum
{
  AURA_LINK_OUT_ERROR_INVALID,       /* a manifest that does not validate */
  AURA_LINK_OUT_ERROR_WRONG_INPUT,   /* the link does not take this type */
  AURA_LINK_OUT_ERROR_MISSING_FIELD, /* the value lacks what the link needs */
} AuraLinkOutError;

typedef struct _AuraLinkOut AuraLinkOut;
typedef struct _AuraLinkOutList AuraLinkOutList;

const char *aura_link_out_get_id (const AuraLinkOut *link);
const char *aura_link_out_get_name (const AuraLinkOut *link);
const char *aura_link_out_get_description (const AuraLinkOut *link);
const char *aura_link_out_get_category (const AuraLinkOut *link);
const char *aura_link_out_get_homepage (const AuraLinkOut *link);
const char *aura_link_out_get_template (const AuraLinkOut *link);
const char *aura_link_out_get_origin (const AuraLinkOut *link);
/* Entity type names, NULL-terminated. */
const char *const *aura_link_out_get_inputs (const AuraLinkOut *link);
/* Whether the service asks the user to sign in before it answers. */
gboolean aura_link_out_needs_account (const AuraLinkOut *link);
gboolean aura_link_out_takes (const AuraLinkOut *link, AuraEntityType type);

/**
 * aura_link_out_build_url:
 * @type: the entity type of @value
 * @value: the selector, in any form the store accepts for @type
 *
 * Fills the link's template. Every field is percent-encoded; the host part
 * of the template never holds a field, so a value cannot send the user to
 * another site.
 *
 * Returns: (transfer full): the address, or %NULL with
 *   AURA_LINK_OUT_ERROR_WRONG_INPUT or _MISSING_FIELD.
 */
char *aura_link_out_build_url (const AuraLinkOut *link,
                               AuraEntityType type,
                               const char *value,
                               GError **error);

AuraLinkOutList *aura_link_out_list_new (void);
void aura_link_out_list_free (AuraLinkOutList *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraLinkOutList, aura_link_out_list_free)

guint aura_link_out_list_get_n_links (AuraLinkOutList *self);
const AuraLinkOut *aura_link_out_list_get_link (AuraLinkOutList *self, guint index);
const AuraLinkOut *aura_link_out_list_lookup (AuraLinkOutList *self, const char *id);

/* Loads one manifest (@origin names it in errors) into @self. Nothing is
 * added when it does not validate: the error names the file, the link's
 * index or id, and the field. */
gboolean aura_link_out_list_load_data (
    AuraLinkOutList *self, const char *data, gssize length, const char *origin, GError **error);
gboolean aura_link_out_list_load_file (AuraLinkOutList *self, const char *path, GError **error);
/* Every *.json in @dir, in name order; the first file that fails stops the
 * load with its error. */
gboolean aura_link_out_list_load_dir (AuraLinkOutList *self, const char *dir, GError **error);

/* $AURA_LINKOUTS_DIR, else $AURA_SOURCE_ROOT/data/linkouts when it exists,
 * else the installed copy. */
char *aura_link_out_list_get_bundled_dir (void);
AuraLinkOutList *aura_link_out_list_load_bundled (GError **error);

G_END_DECLS
