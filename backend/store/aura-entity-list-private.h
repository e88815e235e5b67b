/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "aura-entity-list.h"

G_BEGIN_DECLS

/* For tests: how many pages of rows the model holds, and how many it has
 * read from the store since it was created. */
guint aura_entity_list_get_n_cached_pages (AuraEntityList *self);
guint aura_entity_list_get_n_page_reads (AuraEntityList *self);

/* Reads started and not yet answered, superseded ones included (each
 * holds a reference on the list until its answer arrives). */
guint aura_entity_list_get_n_reads_in_flight (AuraEntityList *self);

G_END_DECLS
