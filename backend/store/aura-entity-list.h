/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "aura-store.h"

G_BEGIN_DECLS

#define AURA_TYPE_ENTITY_LIST (aura_entity_list_get_type ())
G_DECLARE_FINAL_TYPE (AuraEntityList, aura_entity_list, AURA, ENTITY_LIST, GObject)

/**
 * AuraEntityList:
 *
 * A #GListModel of #AuraEntity that pages from the store, for views of
 * investigations of any size. Changing the filter, search text or sort
 * reads the ordered ids of the matches in a worker thread (on the store's
 * reader connection); when they arrive the model emits one items-changed on
 * the thread-default main context it was created in. get_item() fetches the
 * page of rows around the position on first use (a page is 256 rows, read
 * by id) and keeps a bounded number of pages cached, so scrolling anywhere
 * in 100,000 rows costs one small indexed query per page.
 *
 * Properties: "store", "investigation-id", "entity-type" (-1 all),
 * "search-text", "sort", "descending", "targets-only", "loading",
 * "n-items".
 */
AuraEntityList *aura_entity_list_new (AuraStore *store, gint64 investigation_id);
AuraStore *aura_entity_list_get_store (AuraEntityList *self);
gint64 aura_entity_list_get_investigation_id (AuraEntityList *self);
void aura_entity_list_set_entity_type (AuraEntityList *self, int type);
int aura_entity_list_get_entity_type (AuraEntityList *self);
void aura_entity_list_set_search_text (AuraEntityList *self, const char *text);
const char *aura_entity_list_get_search_text (AuraEntityList *self);
void aura_entity_list_set_sort (AuraEntityList *self, AuraEntitySort sort, gboolean descending);
AuraEntitySort aura_entity_list_get_sort (AuraEntityList *self);
gboolean aura_entity_list_get_descending (AuraEntityList *self);
void aura_entity_list_set_targets_only (AuraEntityList *self, gboolean targets_only);
gboolean aura_entity_list_get_targets_only (AuraEntityList *self);
/* Re-reads the matches, e.g. after the store changed. */
void aura_entity_list_reload (AuraEntityList *self);
/* TRUE while a read is in flight. */
gboolean aura_entity_list_get_loading (AuraEntityList *self);
/* The error of the last read, or NULL. */
const GError *aura_entity_list_get_error (AuraEntityList *self);

G_END_DECLS
