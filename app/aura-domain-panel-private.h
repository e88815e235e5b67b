/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "aura-domain-panel.h"
#include "aura-source-list.h"

G_BEGIN_DECLS

/* The names list of AuraDomainPanel, in aura-domain-panel-names.c: the
 * AuraDomainNameItem of every name a scan announced, kept sorted by name
 * in a GListStore, a filter over it, and the row factory of the list view.
 *
 * GTK 4.8's list view rebinds the rows around every single insertion (about
 * twenty per name when names arrive by the thousand), so new names are
 * held back and spliced in together, in order, at most every 100 ms; a
 * name already listed is updated in place at once. */

typedef struct _AuraDomainNameList AuraDomainNameList;

AuraDomainNameList *aura_domain_name_list_new (void);
void aura_domain_name_list_free (AuraDomainNameList *self);

/* (element-type AuraDomainNameItem): every name listed, sorted. */
GListModel *aura_domain_name_list_get_all (AuraDomainNameList *self);
/* (element-type AuraDomainNameItem): the names the filter lets through. */
GListModel *aura_domain_name_list_get_shown (AuraDomainNameList *self);

/* The label a source's part has ("crt.sh" for "crtsh"), used to say who
 * found a name. */
void
aura_domain_name_list_set_label (AuraDomainNameList *self, const char *source, const char *label);
/* The scan's "name" signal: a new name, or news of one already listed. */
void aura_domain_name_list_announce (AuraDomainNameList *self, const AuraDomainName *name);
/* The end of the scan: @names (element-type AuraDomainName) is the scan's
 * own table, the last word on each name; names still unresolved are
 * unchecked when @cancelled, else without address. Flushes. */
void aura_domain_name_list_finish (AuraDomainNameList *self, GPtrArray *names, gboolean cancelled);
/* Adds the names held back now. */
void aura_domain_name_list_flush (AuraDomainNameList *self);
void aura_domain_name_list_clear (AuraDomainNameList *self);

/* Shows the names whose name or an address holds @text, ignoring case;
 * "" shows all. FALSE when that was already the filter. */
gboolean aura_domain_name_list_set_filter (AuraDomainNameList *self, const char *text);

/* The factory of the list view's rows: the name and what it resolves to
 * on a line, its sources in small text below. */
GtkListItemFactory *aura_domain_name_list_new_factory (void);

/* What a scan of the panel is asked to do, in aura-domain-panel-options.c:
 * the "domain-*" settings, read at each start, then the test overrides of
 * aura_domain_panel_set_test_options(). */

typedef struct _AuraDomainScanConfig AuraDomainScanConfig;

AuraDomainScanConfig *aura_domain_scan_config_new (void);
void aura_domain_scan_config_free (AuraDomainScanConfig *self);
void aura_domain_scan_config_read_settings (AuraDomainScanConfig *self);
/* Copies what @overrides sets (NULL: none). */
void aura_domain_scan_config_set_overrides (AuraDomainScanConfig *self,
                                            const AuraDomainScanOptions *overrides);
/* Whether the next scan asks passive sources (their manifests must be
 * read then, unless the overrides give a list). */
gboolean aura_domain_scan_config_asks_sources (AuraDomainScanConfig *self);
/* The overrides' source list, or NULL. */
AuraSourceList *aura_domain_scan_config_get_source_list (AuraDomainScanConfig *self);
/* Fills @options (pointers into @self, valid until the next change) with
 * @sources as its source list; domain, investigation_id and
 * seed_entity_id are left to the caller. */
void aura_domain_scan_config_fill (AuraDomainScanConfig *self,
                                   AuraSourceList *sources,
                                   AuraDomainScanOptions *options);

G_END_DECLS
