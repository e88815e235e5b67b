/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "aura-investigation-page.h"
#include "aura-window.h"

G_BEGIN_DECLS

struct _AuraWindow
{
  AdwApplicationWindow parent_instance;

  GSettings *settings;
  AuraStore *store;
  char *store_path;
  GCancellable *cancellable;
  GListStore *investigations;
  GtkFilterListModel *filtered;
  GtkCustomFilter *filter;
  GtkSingleSelection *selection;
  gint64 selected_id;
  gboolean reloading;
  gboolean reload_again;
  gboolean startup_reported;

  /* Template children. */
  AdwToastOverlay *toast_overlay;
  GtkStack *main_stack;
  AdwStatusPage *error_page;
  AdwLeaflet *leaflet;
  GtkSearchEntry *sidebar_search;
  GtkListView *investigation_list;
  GtkStack *content_stack;
  AdwWindowTitle *content_title;
  AdwBin *page_bin;
  GtkMenuButton *investigation_menu_button;
};

/* aura-window-actions.c */
void aura_window_class_install_actions (GtkWidgetClass *widget_class);
void aura_window_update_actions (AuraWindow *self);
AuraInvestigation *aura_window_get_selected (AuraWindow *self);
void aura_window_toast_error (AuraWindow *self, const GError *error);

/* aura-window.c */
void aura_window_reload_investigations (AuraWindow *self);

G_END_DECLS
