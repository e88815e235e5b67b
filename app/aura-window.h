/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>
#include <aura.h>

#include "aura-application.h"

G_BEGIN_DECLS

#define AURA_TYPE_WINDOW (aura_window_get_type ())
G_DECLARE_FINAL_TYPE (AuraWindow, aura_window, AURA, WINDOW, AdwApplicationWindow)

/* @application may be %NULL (tests); @store_path %NULL opens the default
 * database. The store opens in a worker thread: the window maps at once. */
AuraWindow *aura_window_new (AuraApplication *application, const char *store_path);
/* Opens another database in place of the current one (the error page's
 * "Choose Another Database" does this). */
void aura_window_open_store (AuraWindow *self, const char *store_path);
/* The open store, or %NULL while opening or after a failure. */
AuraStore *aura_window_get_store (AuraWindow *self);
/* The visible part of the window: "loading", "error", "empty",
 * "unselected" or "investigation". For tests and the screenshot helper. */
const char *aura_window_get_view_name (AuraWindow *self);
/* Selects the investigation named @name in the sidebar; FALSE when it is
 * not listed. */
gboolean aura_window_select_investigation (AuraWindow *self, const char *name);
/* The investigations listed in the sidebar (a GListModel of
 * AuraInvestigation, after the search filter). */
GListModel *aura_window_get_investigations (AuraWindow *self);
/* The page of the selected investigation, or %NULL. */
GtkWidget *aura_window_get_investigation_page (AuraWindow *self);
/* The message shown on the error page. */
const char *aura_window_get_error_message (AuraWindow *self);
void aura_window_add_toast (AuraWindow *self, AdwToast *toast);

G_END_DECLS
