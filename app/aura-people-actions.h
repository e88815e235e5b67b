/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <aura.h>
#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * AuraPeopleAction:
 * @AURA_PEOPLE_ACTION_EMAIL: check an email address (AuraEmailPanel)
 * @AURA_PEOPLE_ACTION_PHONE: analyse a phone number (AuraPhonePanel)
 * @AURA_PEOPLE_ACTION_TIKTOK: analyse a username as a TikTok account
 *   (AuraTikTokPanel)
 *
 * What a people-selector button of a target row asks for.
 */
typedef enum
{
  AURA_PEOPLE_ACTION_EMAIL,
  AURA_PEOPLE_ACTION_PHONE,
  AURA_PEOPLE_ACTION_TIKTOK,
} AuraPeopleAction;

/* Called when a button made by aura_people_target_buttons_new() is
 * clicked, with the row's target. */
typedef void (*AuraPeopleActionFunc) (AuraEntity *target,
                                      AuraPeopleAction action,
                                      gpointer user_data);

/* The suffix button of a target row for the people selectors: “Analyse
 * Phone Number” on a phone, “Analyse TikTok Profile” on a username,
 * “Check Email Address” on an email; flat, with an icon, a tooltip and an
 * accessible label and description. %NULL for any other type. The widget
 * holds a reference to @target; @user_data must outlive it (a page passes
 * itself: the buttons are its children). */
GtkWidget *
aura_people_target_buttons_new (AuraEntity *target, AuraPeopleActionFunc func, gpointer user_data);

/* Helpers the people panels share. */

/* Opens @uri (http, https or tel only) with gtk_show_uri() from
 * @widget's window; other schemes are refused with a toast. */
void aura_people_open_uri (GtkWidget *widget, const char *uri);
/* Shows @message as a plain-text toast in @widget's toast overlay, if any. */
void aura_people_toast (GtkWidget *widget, const char *message);
/* Sets the subtitle of the property row titled @title in @list to @value
 * (made valid UTF-8, cut to 400 characters), making the row the first time;
 * @rows maps each title to its row (owned by @list). */
void
aura_people_set_fact (GtkListBox *list, GHashTable *rows, const char *title, const char *value);
/* @text made valid UTF-8 and cut to @max_chars characters, the middle
 * given up for “…”. */
char *aura_people_displayable (const char *text, glong max_chars);
/* The engine of @widget's application (transfer none), or %NULL with an
 * error saying why. */
AuraEngine *aura_people_find_engine (GtkWidget *widget, GError **error);
/* A heap weak reference to @object for an asynchronous call's user data;
 * aura_people_weak_take() frees it and returns a strong reference, or
 * %NULL when @object is gone. */
gpointer aura_people_weak_new (gpointer object);
gpointer aura_people_weak_take (gpointer weak);

G_END_DECLS
