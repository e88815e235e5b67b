/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <aura.h>
#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * AuraEmailPanelState:
 * @AURA_EMAIL_PANEL_IDLE: nothing shown, or closed
 * @AURA_EMAIL_PANEL_RUNNING: the scan runs (the address's own facts show
 *   at once, the account checks as each ends)
 * @AURA_EMAIL_PANEL_FINISHED: everything shown and recorded
 * @AURA_EMAIL_PANEL_CANCELLED: cancelled; nothing was recorded
 * @AURA_EMAIL_PANEL_FAILED: not an address, or the scan could not start
 *   or record (the summary says why)
 */
typedef enum
{
  AURA_EMAIL_PANEL_IDLE,
  AURA_EMAIL_PANEL_RUNNING,
  AURA_EMAIL_PANEL_FINISHED,
  AURA_EMAIL_PANEL_CANCELLED,
  AURA_EMAIL_PANEL_FAILED,
} AuraEmailPanelState;

#define AURA_TYPE_EMAIL_PANEL (aura_email_panel_get_type ())
G_DECLARE_FINAL_TYPE (AuraEmailPanel, aura_email_panel, AURA, EMAIL_PANEL, GtkWidget)

/* An email address of an investigation page: what the address itself says
 * (syntax, provider, disposable, role account) at once; then, from the
 * email scan run in a worker thread, its mail servers, the sites it is
 * registered on as each check ends (with the recovery hints they show),
 * its Gravatar profile and its breaches (with a "hibp" key). When the scan
 * ends, everything is recorded in the investigation (the address, its
 * domain and local part as pivots, the accounts, the hints and breaches as
 * evidence), so the table and the graph fill. Property "running". */
AuraEmailPanel *aura_email_panel_new (void);

/* Shows the panel for @email. FALSE with @error when a scan already runs
 * here; a text that is not an address is shown as FAILED, not an error. */
gboolean aura_email_panel_start (AuraEmailPanel *self,
                                 AuraStore *store,
                                 gint64 investigation_id,
                                 const char *email,
                                 GError **error);
void aura_email_panel_cancel (AuraEmailPanel *self);

/* For tests: the keys (%NULL: the keyring and the environment), the
 * account checks to run (%NULL: all) and where their requests go
 * ("ID=URL"), Gravatar's and HIBP's base URLs, and the DNS servers
 * ("IP:PORT", resolvers limited to loopback). */
void aura_email_panel_set_test_options (AuraEmailPanel *self,
                                        AuraApiKeys *keys,
                                        const char *const *check_ids,
                                        const char *const *check_urls,
                                        const char *gravatar_url,
                                        const char *hibp_url,
                                        const char *const *dns_servers);

AuraEmailPanelState aura_email_panel_get_state (AuraEmailPanel *self);
gboolean aura_email_panel_get_running (AuraEmailPanel *self);
/* The subtitle of the fact row titled @title (“Provider”, “Mail
 * Servers”…), %NULL when there is none. */
const char *aura_email_panel_get_fact (AuraEmailPanel *self, const char *title);
/* Checks ended so far, and those that found the address. */
guint aura_email_panel_get_n_checked (AuraEmailPanel *self);
guint aura_email_panel_get_n_registered (AuraEmailPanel *self);
/* The subtitle of the account row of check @check_id (found or could not
 * tell), %NULL when it has none. */
const char *aura_email_panel_get_account (AuraEmailPanel *self, const char *check_id);
const char *aura_email_panel_get_summary (AuraEmailPanel *self);

G_END_DECLS
