/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Small pieces every view of the app needs. */

/* A toast whose title shows @text as it is: libadwaita 1.2 reads toast
 * titles as Pango markup, and messages quote names and paths that may hold
 * “<” or “&”. */
AdwToast *aura_toast_new_plain (const char *text);

/* Unparents every child of @widget: template children without an id stay
 * parented after gtk_widget_dispose_template(), so a GtkWidget subclass
 * unparents them in dispose. */
void aura_widget_unparent_children (GtkWidget *widget);

G_END_DECLS
