/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <aura.h>
#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * AuraPhonePanelState:
 * @AURA_PHONE_PANEL_IDLE: nothing shown, or closed
 * @AURA_PHONE_PANEL_RUNNING: the links, the carrier lookup or the recording
 *   are still under way (the offline analysis shows at once)
 * @AURA_PHONE_PANEL_FINISHED: everything shown
 * @AURA_PHONE_PANEL_CANCELLED: cancelled; the analysis stays shown
 * @AURA_PHONE_PANEL_FAILED: not a phone number (the summary says why)
 */
typedef enum
{
  AURA_PHONE_PANEL_IDLE,
  AURA_PHONE_PANEL_RUNNING,
  AURA_PHONE_PANEL_FINISHED,
  AURA_PHONE_PANEL_CANCELLED,
  AURA_PHONE_PANEL_FAILED,
} AuraPhonePanelState;

#define AURA_TYPE_PHONE_PANEL (aura_phone_panel_get_type ())
G_DECLARE_FINAL_TYPE (AuraPhonePanel, aura_phone_panel, AURA, PHONE_PANEL, GtkWidget)

/* A phone number of an investigation page: libphonenumber's offline
 * analysis (validity, line type, country and area, formats), the carrier
 * from numverify when the user has a "numverify" key, and the web services
 * that can look the number up, grouped by category, each opened in the
 * browser. The analysis is recorded on the number's entity (its
 * attributes) through the store in a worker thread. Property "running". */
AuraPhonePanel *aura_phone_panel_new (void);

/* Shows the panel for @number. FALSE with @error when a lookup already runs
 * here; a text that is not a number is shown as FAILED, not an error. */
gboolean aura_phone_panel_start (AuraPhonePanel *self,
                                 AuraStore *store,
                                 gint64 investigation_id,
                                 gint64 target_id,
                                 const char *number,
                                 GError **error);
void aura_phone_panel_cancel (AuraPhonePanel *self);

/* For tests: where the numverify key is looked up (%NULL: the keyring and
 * the environment) and numverify's endpoint (%NULL: the service's). */
void aura_phone_panel_set_test_options (AuraPhonePanel *self,
                                        AuraApiKeys *keys,
                                        const char *numverify_url);

AuraPhonePanelState aura_phone_panel_get_state (AuraPhonePanel *self);
gboolean aura_phone_panel_get_running (AuraPhonePanel *self);
/* (nullable): the analysis shown. */
const AuraPhoneInfo *aura_phone_panel_get_info (AuraPhonePanel *self);
/* The subtitle of the fact row titled @title (“Type”, “Country”,
 * “Carrier”…), %NULL when there is none. */
const char *aura_phone_panel_get_fact (AuraPhonePanel *self, const char *title);
/* The address the link-out @id opens, %NULL when it is not listed. */
const char *aura_phone_panel_get_link_url (AuraPhonePanel *self, const char *id);
guint aura_phone_panel_get_n_links (AuraPhonePanel *self);
const char *aura_phone_panel_get_summary (AuraPhonePanel *self);

G_END_DECLS
