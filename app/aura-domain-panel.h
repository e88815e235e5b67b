/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <aura.h>
#include <gtk/gtk.h>

#include "aura-domain-scan.h"

G_BEGIN_DECLS

/**
 * AuraDomainPanelState:
 * @AURA_DOMAIN_PANEL_IDLE: no scan ran yet, or the panel was closed
 * @AURA_DOMAIN_PANEL_LOADING: reading the passive sources' manifests
 * @AURA_DOMAIN_PANEL_RUNNING: the scan runs
 * @AURA_DOMAIN_PANEL_FINISHED: the scan ended by itself
 * @AURA_DOMAIN_PANEL_CANCELLED: the scan was cancelled; what it found is kept
 * @AURA_DOMAIN_PANEL_FAILED: the scan could not start (an invalid domain, an
 *   unreadable word list…), or recording its findings failed
 *
 * Where the panel's scan stands.
 */
typedef enum
{
  AURA_DOMAIN_PANEL_IDLE,
  AURA_DOMAIN_PANEL_LOADING,
  AURA_DOMAIN_PANEL_RUNNING,
  AURA_DOMAIN_PANEL_FINISHED,
  AURA_DOMAIN_PANEL_CANCELLED,
  AURA_DOMAIN_PANEL_FAILED,
} AuraDomainPanelState;

/**
 * AuraDomainNameStatus:
 * @AURA_DOMAIN_NAME_PENDING: found, not resolved yet
 * @AURA_DOMAIN_NAME_RESOLVES: it has addresses
 * @AURA_DOMAIN_NAME_NO_ADDRESS: resolved, no address
 * @AURA_DOMAIN_NAME_DANGLING: its alias points to a name that does not exist
 * @AURA_DOMAIN_NAME_UNCHECKED: the scan was cancelled before it was resolved
 *
 * What a name listed by the panel resolves to, as far as the panel knows.
 */
typedef enum
{
  AURA_DOMAIN_NAME_PENDING,
  AURA_DOMAIN_NAME_RESOLVES,
  AURA_DOMAIN_NAME_NO_ADDRESS,
  AURA_DOMAIN_NAME_DANGLING,
  AURA_DOMAIN_NAME_UNCHECKED,
} AuraDomainNameStatus;

/* One name of the panel's list: a small object the list view binds to.
 * Read-only properties "name" (A-labels), "details" (the addresses, or
 * what the status says, translated), "sources" (who found it, joined with
 * ", ") and "status" (AuraDomainNameStatus, as an int). */
#define AURA_TYPE_DOMAIN_NAME_ITEM (aura_domain_name_item_get_type ())
G_DECLARE_FINAL_TYPE (AuraDomainNameItem, aura_domain_name_item, AURA, DOMAIN_NAME_ITEM, GObject)

const char *aura_domain_name_item_get_name (AuraDomainNameItem *self);
const char *aura_domain_name_item_get_details (AuraDomainNameItem *self);
const char *aura_domain_name_item_get_sources (AuraDomainNameItem *self);
AuraDomainNameStatus aura_domain_name_item_get_status (AuraDomainNameItem *self);

#define AURA_TYPE_DOMAIN_PANEL (aura_domain_panel_get_type ())
G_DECLARE_FINAL_TYPE (AuraDomainPanel, aura_domain_panel, AURA, DOMAIN_PANEL, GtkWidget)

/* One domain scan of an investigation page: its heading, a live status
 * line, a row per part of the scan (DNS records, zone transfer, each
 * passive source, brute force, RDAP, harvest) with its state, the names
 * found as they stream in with a filter, Cancel / Run Again / close, and a
 * summary at the end. The scan records into the store by itself; the
 * panel only shows it. Property "running" (read-only) is TRUE while
 * loading or running. */
AuraDomainPanel *aura_domain_panel_new (void);

/* Maps @domain (a domain or a host name under one) into @investigation_id
 * from @seed_entity_id (0 if none), on the engine of the widget's
 * application, with the "domain-*" settings (word list, permutations,
 * sources, rate, harvest, RDAP, zone transfers) and the system's
 * resolvers. Shows the panel. The passive sources' manifests are read in a
 * worker thread first. An invalid domain is not an error here: the panel
 * shows why in its summary and a toast, and ends FAILED. FALSE with
 * @error, and nothing started, when a scan already runs in this panel or
 * the engine cannot be built. */
gboolean aura_domain_panel_start (AuraDomainPanel *self,
                                  AuraStore *store,
                                  gint64 investigation_id,
                                  gint64 seed_entity_id,
                                  const char *domain,
                                  GError **error);
/* Stops the scan; what was found stays recorded. No-op when not running. */
void aura_domain_panel_cancel (AuraDomainPanel *self);

/* For tests and the screenshot helper: options that replace what the
 * settings say in every scan this panel starts from now on (Run Again
 * included). Each non-NULL pointer (resolvers, wordlist, sources,
 * source_list, keys, source_url_overrides, rdap_bootstrap_dir, web_scheme)
 * and each non-zero number (rate, harvest_pages, web_port, timeout_ms)
 * replaces the setting; each TRUE flag (permutations, no_transfer,
 * no_rdap, no_harvest, no_asn) is added. domain, investigation_id and
 * seed_entity_id are ignored. The panel copies what it needs; %NULL
 * forgets the overrides. */
void aura_domain_panel_set_test_options (AuraDomainPanel *self,
                                         const AuraDomainScanOptions *overrides);

AuraDomainPanelState aura_domain_panel_get_state (AuraDomainPanel *self);
gboolean aura_domain_panel_get_running (AuraDomainPanel *self);
/* The scan shown, %NULL before the first one starts or after closing. */
AuraDomainScan *aura_domain_panel_get_scan (AuraDomainPanel *self);
/* (element-type AuraDomainNameItem): every name found, sorted. */
GListModel *aura_domain_panel_get_names (AuraDomainPanel *self);
/* (element-type AuraDomainNameItem): the names the filter lets through,
 * as the list shows them. */
GListModel *aura_domain_panel_get_shown_names (AuraDomainPanel *self);
/* Filters the names list as typing in its search entry does: a name
 * shows when its name or one of its addresses holds @text (any case). */
void aura_domain_panel_set_filter_text (AuraDomainPanel *self, const char *text);
/* The part rows, one per part of the scan in the scan's order; each is an
 * AdwActionRow titled with the part's label. */
GtkListBox *aura_domain_panel_get_parts (AuraDomainPanel *self);
/* The row of the part named @name ("dns-records", "brute", a source's
 * name), %NULL when there is none. */
GtkWidget *aura_domain_panel_get_part_row (AuraDomainPanel *self, const char *name);
/* The state a part's row shows, -1 when there is no such row. */
int aura_domain_panel_get_part_state (AuraDomainPanel *self, const char *name);
/* The texts shown, for tests and the screenshot helper. */
const char *aura_domain_panel_get_heading (AuraDomainPanel *self);
const char *aura_domain_panel_get_status (AuraDomainPanel *self);
const char *aura_domain_panel_get_summary (AuraDomainPanel *self);
const char *aura_domain_panel_get_empty_text (AuraDomainPanel *self);

G_END_DECLS
