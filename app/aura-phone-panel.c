/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-app"
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "aura-app-util.h"
#include "aura-people-actions.h"
#include "aura-phone-panel.h"
#include "aura-tool-catalog.h"

/* The offline analysis is instant (libphonenumber's metadata is in
 * memory) and runs in the UI thread. Three things follow at once, each
 * counted in @pending: the link-outs, from the tool catalogue (read once
 * per process in a worker thread at start-up; waited for if not ready);
 * the numverify key, looked up without blocking, then numverify itself on
 * the engine; and the analysis recorded on the number's entity in a worker
 * thread. The panel is RUNNING until all three have answered. */

struct _AuraPhonePanel
{
  GtkWidget parent_instance;

  AuraPhonePanelState state;
  AuraStore *store;
  gint64 investigation_id;
  gint64 target_id;
  char *number;
  AuraPhoneInfo *info;
  GCancellable *cancellable;
  guint pending;
  GHashTable *facts;      /* title → AdwActionRow (owned by facts_list) */
  GHashTable *links;      /* link-out id → URL */
  gulong catalog_handler; /* waiting for the tool catalogue */
  AuraApiKeys *keys;
  char *numverify_url;

  GtkLabel *heading_label;
  GtkLabel *summary_label;
  GtkSpinner *spinner;
  GtkWidget *cancel_button;
  GtkWidget *run_again_button;
  GtkWidget *close_button;
  GtkListBox *facts_list;
  GtkBox *links_box;
};

G_DEFINE_FINAL_TYPE (AuraPhonePanel, aura_phone_panel, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- State ---------------------------------------------------------------------- */

static void
update_controls (AuraPhonePanel *self)
{
  gboolean running = self->state == AURA_PHONE_PANEL_RUNNING;

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), running);
  gtk_spinner_set_spinning (self->spinner, running);
  gtk_widget_set_visible (self->cancel_button, running);
  gtk_widget_set_visible (self->run_again_button, !running && self->state != AURA_PHONE_PANEL_IDLE);
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label),
                          *gtk_label_get_label (self->summary_label) != '\0');
}

static void
set_state (AuraPhonePanel *self, AuraPhonePanelState state)
{
  gboolean was_running = self->state == AURA_PHONE_PANEL_RUNNING;

  self->state = state;
  update_controls (self);
  if (was_running != (state == AURA_PHONE_PANEL_RUNNING))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
set_summary (AuraPhonePanel *self, const char *text)
{
  g_autofree char *shown = aura_people_displayable (text, 600);

  gtk_label_set_label (self->summary_label, shown);
  update_controls (self);
}

/* One of the three parts answered. */
static void
part_done (AuraPhonePanel *self)
{
  g_return_if_fail (self->pending > 0);
  if (--self->pending == 0 && self->state == AURA_PHONE_PANEL_RUNNING)
    set_state (self, AURA_PHONE_PANEL_FINISHED);
}

/* ---- Facts ---------------------------------------------------------------------- */

static void
set_fact (AuraPhonePanel *self, const char *title, const char *value)
{
  aura_people_set_fact (self->facts_list, self->facts, title, value);
}

static const char *
type_label (AuraPhoneType type)
{
  switch (type)
    {
      case AURA_PHONE_TYPE_FIXED_LINE:
        return _ ("Fixed line");
      case AURA_PHONE_TYPE_MOBILE:
        return _ ("Mobile");
      case AURA_PHONE_TYPE_FIXED_LINE_OR_MOBILE:
        return _ ("Fixed line or mobile");
      case AURA_PHONE_TYPE_TOLL_FREE:
        return _ ("Toll free");
      case AURA_PHONE_TYPE_PREMIUM_RATE:
        return _ ("Premium rate");
      case AURA_PHONE_TYPE_SHARED_COST:
        return _ ("Shared cost");
      case AURA_PHONE_TYPE_VOIP:
        return _ ("Internet telephony (VoIP)");
      case AURA_PHONE_TYPE_PERSONAL_NUMBER:
        return _ ("Personal number");
      case AURA_PHONE_TYPE_PAGER:
        return _ ("Pager");
      case AURA_PHONE_TYPE_UAN:
        return _ ("Universal access number");
      case AURA_PHONE_TYPE_VOICEMAIL:
        return _ ("Voicemail");
      case AURA_PHONE_TYPE_UNKNOWN:
      default:
        return _ ("Unknown");
    }
}

static void
show_info (AuraPhonePanel *self, const AuraPhoneInfo *info)
{
  g_autofree char *country = NULL;

  set_fact (self, _ ("Validity"),
            info->is_valid      ? _ ("Valid: in a range its country has allocated")
            : info->is_possible ? _ ("Possible length, but not in an allocated range")
                                : _ ("Not a possible number"));
  set_fact (self, _ ("Type"), type_label (info->type));
  country = g_strdup_printf ("%s (+%d)",
                             info->country_name != NULL ? info->country_name
                             : info->region != NULL     ? info->region
                                                        : _ ("unknown"),
                             info->country_code);
  set_fact (self, _ ("Country"), country);
  if (info->description != NULL)
    set_fact (self, _ ("Area"), info->description);
  set_fact (self, _ ("International"), info->international);
  set_fact (self, _ ("National"), info->national);
  set_fact (self, _ ("E.164"), info->e164);
  set_fact (self, _ ("RFC 3966"), info->rfc3966);
  if (info->time_zones != NULL && info->time_zones[0] != NULL)
    {
      guint n = g_strv_length (info->time_zones);
      g_autoptr (GString) zones = g_string_new (NULL);

      for (guint i = 0; i < n && i < 4; i++)
        g_string_append_printf (zones, "%s%s", i > 0 ? ", " : "", info->time_zones[i]);
      if (n > 4)
        /* Translators: after the first four time zones of a country. */
        g_string_append_printf (
            zones, g_dngettext (GETTEXT_PACKAGE, " and %u more", " and %u more", n - 4), n - 4);
      set_fact (self, n > 1 ? _ ("Time Zones (the country’s)") : _ ("Time Zone"), zones->str);
    }
}

/* ---- Link-outs ------------------------------------------------------------------ */

static void
link_row_activated_cb (AdwActionRow *row, gpointer user_data)
{
  aura_people_open_uri (GTK_WIDGET (row), g_object_get_data (G_OBJECT (row), "aura-uri"));
}

static GtkWidget *
create_link_row (const AuraLinkOut *link, const char *url)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("web-browser-symbolic");
  const char *description = aura_link_out_get_description (link);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), aura_link_out_get_name (link));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), description != NULL ? description : "");
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, url);
  gtk_accessible_update_state (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
  if (aura_link_out_needs_account (link))
    {
      GtkWidget *badge = gtk_label_new (_ ("Sign-in needed"));

      gtk_widget_add_css_class (badge, "caption");
      gtk_widget_add_css_class (badge, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
    }
  g_object_set_data_full (G_OBJECT (row), "aura-uri", g_strdup (url), g_free);
  g_signal_connect (row, "activated", G_CALLBACK (link_row_activated_cb), NULL);
  return row;
}

static void
clear_links (AuraPhonePanel *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->links_box))) != NULL)
    gtk_box_remove (self->links_box, child);
  g_hash_table_remove_all (self->links);
}

static void
show_links (AuraPhonePanel *self, AuraLinkOutList *list)
{
  g_autoptr (GHashTable) groups = g_hash_table_new (g_str_hash, g_str_equal);

  clear_links (self);
  for (guint i = 0; i < aura_link_out_list_get_n_links (list); i++)
    {
      const AuraLinkOut *link = aura_link_out_list_get_link (list, i);
      const char *category = aura_link_out_get_category (link);
      g_autofree char *url = NULL;
      GtkWidget *group;

      if (!aura_link_out_takes (link, AURA_ENTITY_PHONE))
        continue;
      url = aura_link_out_build_url (link, AURA_ENTITY_PHONE, self->info->e164, NULL);
      if (url == NULL)
        continue;
      if (category == NULL)
        category = "";
      group = g_hash_table_lookup (groups, category);
      if (group == NULL)
        {
          GtkWidget *caption = gtk_label_new (aura_tool_category_label (category));

          gtk_label_set_xalign (GTK_LABEL (caption), 0.0f);
          gtk_widget_add_css_class (caption, "caption-heading");
          gtk_box_append (self->links_box, caption);
          group = gtk_list_box_new ();
          gtk_list_box_set_selection_mode (GTK_LIST_BOX (group), GTK_SELECTION_NONE);
          gtk_widget_add_css_class (group, "boxed-list");
          gtk_accessible_update_property (GTK_ACCESSIBLE (group), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          gtk_label_get_label (GTK_LABEL (caption)), -1);
          gtk_box_append (self->links_box, group);
          g_hash_table_insert (groups, (gpointer)category, group);
        }
      gtk_list_box_append (GTK_LIST_BOX (group), create_link_row (link, url));
      g_hash_table_insert (self->links, g_strdup (aura_link_out_get_id (link)),
                           g_steal_pointer (&url));
    }
}

/* The link-outs come from the process's tool catalogue, read once at start-up
 * in a worker thread; a panel started before it is ready waits for it. */
static void
take_links (AuraPhonePanel *self, AuraToolCatalog *catalog)
{
  AuraLinkOutList *list = aura_tool_catalog_get_link_outs (catalog);

  if (list != NULL)
    show_links (self, list);
  else
    set_summary (self, _ ("The web services that look numbers up could not be read"));
  part_done (self);
}

static void
catalog_loaded_cb (AuraToolCatalog *catalog, AuraPhonePanel *self)
{
  g_clear_signal_handler (&self->catalog_handler, catalog);
  if (self->state == AURA_PHONE_PANEL_RUNNING)
    take_links (self, catalog);
}

/* ---- Carrier -------------------------------------------------------------------- */

static void
numverify_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (AuraPhonePanel) self = aura_people_weak_take (user_data);
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraPhoneLookup) lookup = aura_phone_numverify_finish (result, &error);

  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, AURA_PHONE_LOOKUP_ERROR, AURA_PHONE_LOOKUP_ERROR_CANCELLED))
    return;
  if (lookup == NULL)
    /* Translators: %s is numverify's error. */
    set_fact (self, _ ("Carrier"), error->message);
  else
    {
      set_fact (self, _ ("Carrier"),
                lookup->carrier != NULL && *lookup->carrier != '\0' ? lookup->carrier
                                                                    : _ ("Not known to numverify"));
      if (lookup->line_type != NULL)
        set_fact (self, _ ("Line type (numverify)"), lookup->line_type);
      if (lookup->location != NULL && *lookup->location != '\0')
        set_fact (self, _ ("Location (numverify)"), lookup->location);
    }
  part_done (self);
}

static void
key_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (AuraPhonePanel) self = aura_people_weak_take (user_data);
  g_autoptr (GError) error = NULL;
  g_autofree char *key = aura_api_keys_lookup_finish (AURA_API_KEYS (source), result, NULL, &error);
  g_autoptr (GError) engine_error = NULL;
  AuraEngine *engine;

  if (self == NULL || error != NULL)
    return;
  if (key == NULL || *key == '\0')
    {
      set_fact (self, _ ("Carrier"), _ ("Add a numverify key for the carrier"));
      part_done (self);
      return;
    }
  engine = aura_people_find_engine (GTK_WIDGET (self), &engine_error);
  if (engine == NULL)
    {
      set_fact (self, _ ("Carrier"), engine_error->message);
      part_done (self);
      return;
    }
  set_fact (self, _ ("Carrier"), _ ("Asking numverify…"));
  aura_phone_numverify_async (engine, self->info->e164, key, self->numverify_url, self->cancellable,
                              numverify_cb, aura_people_weak_new (self));
}

/* ---- Recording ------------------------------------------------------------------ */

typedef struct
{
  AuraStore *store;
  gint64 investigation_id;
  char *e164;
  char *attributes;
} RecordJob;

static void
record_job_free (gpointer data)
{
  RecordJob *job = data;

  g_object_unref (job->store);
  g_free (job->e164);
  g_free (job->attributes);
  g_free (job);
}

static void
record_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  RecordJob *job = task_data;
  AuraProvenance provenance = { 0, "phone", "libphonenumber" };
  GError *error = NULL;
  g_autoptr (AuraEntity) entity =
      aura_store_add_entity (job->store, job->investigation_id, AURA_ENTITY_PHONE, job->e164,
                             job->attributes, 1.0, &provenance, NULL, &error);

  if (entity == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
recorded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (AuraPhonePanel) self = aura_people_weak_take (user_data);
  g_autoptr (GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) && self != NULL &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Translators: %s is the store's message. */
      g_autofree char *message =
          g_strdup_printf (_ ("The analysis could not be recorded: %s"), error->message);

      set_summary (self, message);
      aura_people_toast (GTK_WIDGET (self), message);
    }
  if (self != NULL && g_task_get_cancellable (G_TASK (result)) == self->cancellable &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    part_done (self);
}

static char *
info_to_attributes (const AuraPhoneInfo *info)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "phone_valid");
  json_builder_add_boolean_value (builder, info->is_valid);
  json_builder_set_member_name (builder, "phone_type");
  json_builder_add_string_value (builder, aura_phone_type_to_string (info->type));
  json_builder_set_member_name (builder, "country_code");
  json_builder_add_int_value (builder, info->country_code);
  if (info->region != NULL)
    {
      json_builder_set_member_name (builder, "region");
      json_builder_add_string_value (builder, info->region);
    }
  if (info->description != NULL)
    {
      json_builder_set_member_name (builder, "area");
      json_builder_add_string_value (builder, info->description);
    }
  json_builder_set_member_name (builder, "international");
  json_builder_add_string_value (builder, info->international);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static void
record (AuraPhonePanel *self)
{
  g_autoptr (GTask) task =
      g_task_new (NULL, self->cancellable, recorded_cb, aura_people_weak_new (self));
  RecordJob *job = g_new0 (RecordJob, 1);

  job->store = g_object_ref (self->store);
  job->investigation_id = self->investigation_id;
  job->e164 = g_strdup (self->info->e164);
  job->attributes = info_to_attributes (self->info);
  g_task_set_source_tag (task, record);
  g_task_set_task_data (task, job, record_job_free);
  g_task_run_in_thread (task, record_thread);
}

/* ---- Starting ------------------------------------------------------------------- */

static void
reset_view (AuraPhonePanel *self)
{
  GtkListBoxRow *row;

  g_hash_table_remove_all (self->facts);
  while ((row = gtk_list_box_get_row_at_index (self->facts_list, 0)) != NULL)
    gtk_list_box_remove (self->facts_list, GTK_WIDGET (row));
  clear_links (self);
  g_clear_pointer (&self->info, aura_phone_info_free);
  gtk_label_set_label (self->summary_label, "");
}

gboolean
aura_phone_panel_start (AuraPhonePanel *self,
                        AuraStore *store,
                        gint64 investigation_id,
                        gint64 target_id,
                        const char *number,
                        GError **error)
{
  g_autoptr (GError) local_error = NULL;
  AuraToolCatalog *catalog;
  g_autofree char *shown = NULL;
  g_autofree char *heading = NULL;
  char *copy;

  g_return_val_if_fail (AURA_IS_PHONE_PANEL (self), FALSE);
  g_return_val_if_fail (AURA_IS_STORE (store), FALSE);
  g_return_val_if_fail (number != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->state == AURA_PHONE_PANEL_RUNNING)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                           _ ("A phone lookup is already running here: cancel it, or wait "
                              "until it ends"));
      return FALSE;
    }
  g_set_object (&self->store, store);
  self->investigation_id = investigation_id;
  self->target_id = target_id;
  copy = g_strdup (number);
  g_free (self->number);
  self->number = copy;
  reset_view (self);
  shown = aura_people_displayable (number, 80);
  /* Translators: %s is the phone number analysed. */
  heading = g_strdup_printf (_ ("Phone Number “%s”"), shown);
  gtk_label_set_label (self->heading_label, heading);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);

  self->info = aura_phone_analyse (number, NULL, g_get_language_names ()[0], &local_error);
  if (self->info == NULL)
    {
      set_summary (self, local_error->message);
      set_state (self, AURA_PHONE_PANEL_FAILED);
      return TRUE;
    }
  show_info (self, self->info);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->pending = 3;
  set_state (self, AURA_PHONE_PANEL_RUNNING);
  catalog = aura_tool_catalog_get_default ();
  if (aura_tool_catalog_is_loaded (catalog))
    take_links (self, catalog);
  else if (self->catalog_handler == 0)
    self->catalog_handler =
        g_signal_connect (catalog, "loaded", G_CALLBACK (catalog_loaded_cb), self);
  set_fact (self, _ ("Carrier"), _ ("Looking for a numverify key…"));
  aura_api_keys_lookup_async (self->keys, "numverify", self->cancellable, key_cb,
                              aura_people_weak_new (self));
  record (self);
  return TRUE;
}

void
aura_phone_panel_cancel (AuraPhonePanel *self)
{
  g_return_if_fail (AURA_IS_PHONE_PANEL (self));

  if (self->state != AURA_PHONE_PANEL_RUNNING)
    return;
  g_cancellable_cancel (self->cancellable);
  self->pending = 0;
  set_summary (self, _ ("Cancelled: the offline analysis stays shown"));
  set_state (self, AURA_PHONE_PANEL_CANCELLED);
}

void
aura_phone_panel_set_test_options (AuraPhonePanel *self,
                                   AuraApiKeys *keys,
                                   const char *numverify_url)
{
  g_return_if_fail (AURA_IS_PHONE_PANEL (self));
  g_return_if_fail (keys == NULL || AURA_IS_API_KEYS (keys));

  g_clear_object (&self->keys);
  self->keys = keys != NULL ? g_object_ref (keys) : aura_api_keys_new ();
  g_free (self->numverify_url);
  self->numverify_url = g_strdup (numverify_url);
}

static void
cancel_clicked_cb (AuraPhonePanel *self)
{
  aura_phone_panel_cancel (self);
}

static void
run_again_clicked_cb (AuraPhonePanel *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *number = g_strdup (self->number);

  if (self->store == NULL || number == NULL)
    return;
  if (!aura_phone_panel_start (self, self->store, self->investigation_id, self->target_id, number,
                               &error))
    aura_people_toast (GTK_WIDGET (self), error->message);
}

static void
close_clicked_cb (AuraPhonePanel *self)
{
  aura_phone_panel_cancel (self);
  reset_view (self);
  set_state (self, AURA_PHONE_PANEL_IDLE);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/* ---- Getters -------------------------------------------------------------------- */

AuraPhonePanelState
aura_phone_panel_get_state (AuraPhonePanel *self)
{
  g_return_val_if_fail (AURA_IS_PHONE_PANEL (self), AURA_PHONE_PANEL_IDLE);
  return self->state;
}

gboolean
aura_phone_panel_get_running (AuraPhonePanel *self)
{
  g_return_val_if_fail (AURA_IS_PHONE_PANEL (self), FALSE);
  return self->state == AURA_PHONE_PANEL_RUNNING;
}

const AuraPhoneInfo *
aura_phone_panel_get_info (AuraPhonePanel *self)
{
  g_return_val_if_fail (AURA_IS_PHONE_PANEL (self), NULL);
  return self->info;
}

const char *
aura_phone_panel_get_fact (AuraPhonePanel *self, const char *title)
{
  GtkWidget *row;

  g_return_val_if_fail (AURA_IS_PHONE_PANEL (self), NULL);
  g_return_val_if_fail (title != NULL, NULL);
  row = g_hash_table_lookup (self->facts, title);
  return row != NULL ? adw_action_row_get_subtitle (ADW_ACTION_ROW (row)) : NULL;
}

const char *
aura_phone_panel_get_link_url (AuraPhonePanel *self, const char *id)
{
  g_return_val_if_fail (AURA_IS_PHONE_PANEL (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  return g_hash_table_lookup (self->links, id);
}

guint
aura_phone_panel_get_n_links (AuraPhonePanel *self)
{
  g_return_val_if_fail (AURA_IS_PHONE_PANEL (self), 0);
  return g_hash_table_size (self->links);
}

const char *
aura_phone_panel_get_summary (AuraPhonePanel *self)
{
  g_return_val_if_fail (AURA_IS_PHONE_PANEL (self), NULL);
  return gtk_label_get_label (self->summary_label);
}

/* ---- GObject -------------------------------------------------------------------- */

AuraPhonePanel *
aura_phone_panel_new (void)
{
  return g_object_new (AURA_TYPE_PHONE_PANEL, NULL);
}

static void
aura_phone_panel_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  AuraPhonePanel *self = AURA_PHONE_PANEL (object);

  switch (prop_id)
    {
      case PROP_RUNNING:
        g_value_set_boolean (value, self->state == AURA_PHONE_PANEL_RUNNING);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aura_phone_panel_dispose (GObject *object)
{
  AuraPhonePanel *self = AURA_PHONE_PANEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->keys);
  g_clear_signal_handler (&self->catalog_handler, aura_tool_catalog_get_default ());
  gtk_widget_dispose_template (GTK_WIDGET (self), AURA_TYPE_PHONE_PANEL);
  aura_widget_unparent_children (GTK_WIDGET (self));
  G_OBJECT_CLASS (aura_phone_panel_parent_class)->dispose (object);
}

static void
aura_phone_panel_finalize (GObject *object)
{
  AuraPhonePanel *self = AURA_PHONE_PANEL (object);

  g_free (self->number);
  g_free (self->numverify_url);
  g_clear_pointer (&self->info, aura_phone_info_free);
  g_hash_table_unref (self->facts);
  g_hash_table_unref (self->links);
  G_OBJECT_CLASS (aura_phone_panel_parent_class)->finalize (object);
}

static void
aura_phone_panel_class_init (AuraPhonePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = aura_phone_panel_get_property;
  object_class->dispose = aura_phone_panel_dispose;
  object_class->finalize = aura_phone_panel_finalize;

  properties[PROP_RUNNING] =
      g_param_spec_boolean ("running", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/aura-phone-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, AuraPhonePanel, heading_label);
  gtk_widget_class_bind_template_child (widget_class, AuraPhonePanel, summary_label);
  gtk_widget_class_bind_template_child (widget_class, AuraPhonePanel, spinner);
  gtk_widget_class_bind_template_child (widget_class, AuraPhonePanel, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, AuraPhonePanel, run_again_button);
  gtk_widget_class_bind_template_child (widget_class, AuraPhonePanel, close_button);
  gtk_widget_class_bind_template_child (widget_class, AuraPhonePanel, facts_list);
  gtk_widget_class_bind_template_child (widget_class, AuraPhonePanel, links_box);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, run_again_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, close_clicked_cb);
}

static void
aura_phone_panel_init (AuraPhonePanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->facts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->links = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->keys = aura_api_keys_new ();
  update_controls (self);
}
