/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-app"
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "aura-app-util.h"
#include "aura-application.h"
#include "aura-people-actions.h"

typedef struct
{
  AuraPeopleActionFunc func;
  gpointer user_data;
  AuraPeopleAction action;
} ButtonAction;

static void
button_clicked_cb (GtkButton *button, gpointer data)
{
  ButtonAction *action = data;
  AuraEntity *target = g_object_get_data (G_OBJECT (button), "aura-target");

  if (action->func != NULL)
    action->func (target, action->action, action->user_data);
}

static GtkWidget *
create_button (AuraEntity *target,
               AuraPeopleAction kind,
               const char *icon,
               const char *label,
               const char *description,
               AuraPeopleActionFunc func,
               gpointer user_data)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);
  ButtonAction *action = g_new0 (ButtonAction, 1);

  action->func = func;
  action->user_data = user_data;
  action->action = kind;
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
  g_object_set_data_full (G_OBJECT (button), "aura-target", g_object_ref (target), g_object_unref);
  g_object_set_data_full (G_OBJECT (button), "aura-people-action", action, g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (button_clicked_cb), action);
  return button;
}

GtkWidget *
aura_people_target_buttons_new (AuraEntity *target, AuraPeopleActionFunc func, gpointer user_data)
{
  g_return_val_if_fail (AURA_IS_ENTITY (target), NULL);

  switch (aura_entity_get_entity_type (target))
    {
      case AURA_ENTITY_PHONE:
        return create_button (target, AURA_PEOPLE_ACTION_PHONE, "call-start-symbolic",
                              _ ("Analyse Phone Number"),
                              _ ("Show this number’s country, line type and formats, and the web "
                                 "services that can look it up"),
                              func, user_data);
      case AURA_ENTITY_USERNAME:
        return create_button (target, AURA_PEOPLE_ACTION_TIKTOK, "camera-video-symbolic",
                              _ ("Analyse TikTok Profile"),
                              _ ("Read this username’s TikTok profile, follow its growth and "
                                 "chart its videos"),
                              func, user_data);
      case AURA_ENTITY_EMAIL:
        return create_button (target, AURA_PEOPLE_ACTION_EMAIL, "mail-unread-symbolic",
                              _ ("Check Email Address"),
                              _ ("Show this address’s provider and mail servers, the sites it is "
                                 "registered on, its Gravatar and its breaches"),
                              func, user_data);
      default:
        return NULL;
    }
}

void
aura_people_open_uri (GtkWidget *widget, const char *uri)
{
  GtkRoot *root;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (uri == NULL || !(g_str_has_prefix (uri, "https://") || g_str_has_prefix (uri, "http://") ||
                       g_str_has_prefix (uri, "tel:")))
    {
      aura_people_toast (widget, _ ("Only web addresses and phone numbers are opened"));
      return;
    }
  root = gtk_widget_get_root (widget);
  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

void
aura_people_toast (GtkWidget *widget, const char *message)
{
  GtkWidget *overlay;
  g_autofree char *shown = NULL;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL || message == NULL)
    return;
  shown = aura_people_displayable (message, 300);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), aura_toast_new_plain (shown));
}

void
aura_people_set_fact (GtkListBox *list, GHashTable *rows, const char *title, const char *value)
{
  GtkWidget *row = g_hash_table_lookup (rows, title);
  g_autofree char *shown = aura_people_displayable (value, 400);

  g_return_if_fail (GTK_IS_LIST_BOX (list));
  if (row == NULL)
    {
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
      gtk_widget_add_css_class (row, "property");
      g_hash_table_insert (rows, g_strdup (title), row);
      gtk_list_box_append (list, row);
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), shown);
}

char *
aura_people_displayable (const char *text, glong max_chars)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  glong length = g_utf8_strlen (valid, -1);
  const char *head_end;
  const char *tail;

  if (length <= max_chars || max_chars < 3)
    return g_steal_pointer (&valid);
  head_end = g_utf8_offset_to_pointer (valid, max_chars / 2);
  tail = g_utf8_offset_to_pointer (valid, length - (max_chars - max_chars / 2 - 1));
  return g_strdup_printf ("%.*s…%s", (int)(head_end - valid), valid, tail);
}

AuraEngine *
aura_people_find_engine (GtkWidget *widget, GError **error)
{
  AuraApplication *app = aura_application_get_for_widget (widget);

  if (app == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                           _ ("Scans run inside the Aura application, and none is running"));
      return NULL;
    }
  return aura_application_get_engine (app, error);
}

gpointer
aura_people_weak_new (gpointer object)
{
  GWeakRef *weak = g_new0 (GWeakRef, 1);

  g_weak_ref_init (weak, object);
  return weak;
}

gpointer
aura_people_weak_take (gpointer weak)
{
  gpointer object = g_weak_ref_get (weak);

  g_weak_ref_clear (weak);
  g_free (weak);
  return object;
}
