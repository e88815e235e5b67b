/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <aura.h>
#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * AuraScanPanelState:
 * @AURA_SCAN_PANEL_IDLE: no scan ran yet, or the panel was closed
 * @AURA_SCAN_PANEL_LOADING: reading the site lists before the scan starts
 * @AURA_SCAN_PANEL_RUNNING: the scan runs
 * @AURA_SCAN_PANEL_FINISHED: the scan ended by itself
 * @AURA_SCAN_PANEL_CANCELLED: the scan was cancelled; what it found is kept
 * @AURA_SCAN_PANEL_FAILED: the scan could not start, or recording its
 *   results failed
 *
 * Where the panel's scan stands.
 */
typedef enum
{
  AURA_SCAN_PANEL_IDLE,
  AURA_SCAN_PANEL_LOADING,
  AURA_SCAN_PANEL_RUNNING,
  AURA_SCAN_PANEL_FINISHED,
  AURA_SCAN_PANEL_CANCELLED,
  AURA_SCAN_PANEL_FAILED,
} AuraScanPanelState;

#define AURA_TYPE_SCAN_PANEL (aura_scan_panel_get_type ())
G_DECLARE_FINAL_TYPE (AuraScanPanel, aura_scan_panel, AURA, SCAN_PANEL, GtkWidget)

/* One username scan of an investigation page: its heading, progress, a
 * live status line, Cancel / Run Again / close, the summary when it ends,
 * and the accounts found (every check with "All Checks"). The scan records
 * into the store by itself; the panel only shows it. Property "running"
 * (read-only) is TRUE while loading or running. */
AuraScanPanel *aura_scan_panel_new (void);

/* Reads the site lists in a worker thread, then looks for accounts named
 * @username on every site, recorded in @investigation_id from
 * @seed_entity_id (0 if none), on the engine of the widget's application.
 * Shows the panel. FALSE with @error, and nothing started, when a scan is
 * already running in this panel or the engine cannot be built. */
gboolean aura_scan_panel_start (AuraScanPanel *self,
                                AuraStore *store,
                                gint64 investigation_id,
                                gint64 seed_entity_id,
                                const char *username,
                                GError **error);
/* Stops the scan; what was found stays recorded. No-op when not running. */
void aura_scan_panel_cancel (AuraScanPanel *self);

AuraScanPanelState aura_scan_panel_get_state (AuraScanPanel *self);
gboolean aura_scan_panel_get_running (AuraScanPanel *self);
/* The scan shown, %NULL before the first one starts or after closing. */
AuraUsernameScan *aura_scan_panel_get_scan (AuraScanPanel *self);
/* The rows listed: the hits, or every check with "All Checks". Each row
 * is an AdwActionRow whose title is the site's name. */
GtkListBox *aura_scan_panel_get_rows (AuraScanPanel *self);
guint aura_scan_panel_get_n_hits (AuraScanPanel *self);
void aura_scan_panel_set_show_all_checks (AuraScanPanel *self, gboolean show_all);
/* The texts shown, for tests and the screenshot helper. */
const char *aura_scan_panel_get_heading (AuraScanPanel *self);
const char *aura_scan_panel_get_status (AuraScanPanel *self);
const char *aura_scan_panel_get_summary (AuraScanPanel *self);
double aura_scan_panel_get_fraction (AuraScanPanel *self);

G_END_DECLS
