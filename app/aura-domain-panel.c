/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-app"
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "aura-app-util.h"
#include "aura-application.h"
#include "aura-domain-panel-private.h"
#include "aura-source-list.h"

/* The panel drives one AuraDomainScan at a time. The passive sources'
 * manifests are read in a worker thread (only when sources are asked);
 * the scan then runs in the UI thread's main context, where it only does
 * short batched store writes while the engine's thread, the DNS client and
 * the brute force's own thread do the network. The scan records everything
 * by itself: closing the panel or the page cancels it and keeps what was
 * found.
 *
 * The names found are an AuraDomainNameList (aura-domain-panel-names.c)
 * shown by a GtkListView: only the rows on screen exist as widgets, so
 * thousands of names cost thousands of small objects and no more. The
 * parts (at most a few dozen) are rows of a GtkListBox. */

/* Messages (the scan's errors) are shown up to this many characters. */
#define MAX_MESSAGE_CHARS 600

/* ---- The panel ------------------------------------------------------------------ */

struct _AuraDomainPanel
{
  GtkWidget parent_instance;

  AuraDomainPanelState state;
  AuraStore *store;
  AuraEngine *engine; /* held only while the manifests load */
  gint64 investigation_id;
  gint64 seed_entity_id;
  char *domain;
  AuraDomainScanConfig *config;
  AuraDomainScan *scan;
  GCancellable *load_cancellable;

  AuraDomainNameList *names;
  GHashTable *part_rows; /* part name → its row (owned by parts_list) */

  GtkLabel *heading_label;
  GtkLabel *status_label;
  GtkLabel *summary_label;
  GtkProgressBar *progress_bar;
  GtkWidget *cancel_button;
  GtkWidget *run_again_button;
  GtkWidget *close_button;
  GtkListBox *parts_list;
  GtkLabel *names_count_label;
  GtkSearchEntry *filter_entry;
  GtkStack *names_stack;
  GtkLabel *empty_label;
  GtkListView *names_view;
};

G_DEFINE_FINAL_TYPE (AuraDomainPanel, aura_domain_panel, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- Small helpers ------------------------------------------------------------ */

/* libadwaita 1.2 reads toast titles as Pango markup; messages quote
 * domains and paths that may hold “<” or “&”. */
static void
toast (AuraDomainPanel *self, const char *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), aura_toast_new_plain (message));
}

/* What a label can show of @text: valid UTF-8 (the scan's messages quote
 * the domain as typed), and at most @max_chars characters, the middle
 * given up for “…” — Pango takes minutes to wrap a name of 100,000
 * characters. */
static char *
displayable (const char *text, glong max_chars)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  glong length = g_utf8_strlen (valid, -1);
  const char *head_end;
  const char *tail;

  if (length <= max_chars)
    return g_steal_pointer (&valid);
  head_end = g_utf8_offset_to_pointer (valid, max_chars / 2);
  tail = g_utf8_offset_to_pointer (valid, length - (max_chars - max_chars / 2 - 1));
  return g_strdup_printf ("%.*s…%s", (int)(head_end - valid), valid, tail);
}

static gboolean
state_is_running (AuraDomainPanelState state)
{
  return state == AURA_DOMAIN_PANEL_LOADING || state == AURA_DOMAIN_PANEL_RUNNING;
}

static void update_names_view (AuraDomainPanel *self);

static void
update_controls (AuraDomainPanel *self)
{
  gboolean running = state_is_running (self->state);
  gboolean ended = self->state == AURA_DOMAIN_PANEL_FINISHED ||
                   self->state == AURA_DOMAIN_PANEL_CANCELLED ||
                   self->state == AURA_DOMAIN_PANEL_FAILED;

  gtk_widget_set_visible (self->cancel_button, running);
  gtk_widget_set_sensitive (self->cancel_button, running);
  gtk_widget_set_visible (self->run_again_button, ended);
  gtk_widget_set_visible (self->close_button, !running);
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label), ended);
  update_names_view (self);
}

static void
set_state (AuraDomainPanel *self, AuraDomainPanelState state)
{
  gboolean was_running = state_is_running (self->state);

  self->state = state;
  update_controls (self);
  if (was_running != state_is_running (state))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/* Shows why the scan could not start or stopped, in the summary and in a
 * toast. */
static void
fail (AuraDomainPanel *self, const char *message)
{
  g_autofree char *valid = displayable (message, MAX_MESSAGE_CHARS);

  gtk_label_set_label (self->summary_label, valid);
  set_state (self, AURA_DOMAIN_PANEL_FAILED);
  toast (self, valid);
}

static AuraEngine *
find_engine (AuraDomainPanel *self, GError **error)
{
  AuraApplication *app = aura_application_get_for_widget (GTK_WIDGET (self));

  if (app == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                           _ ("Scans run inside the Aura application, and none is running"));
      return NULL;
    }
  return aura_application_get_engine (app, error);
}

/* Setting a tooltip asks the X server where the pointer is, a round trip:
 * rows are updated often, so only a change is passed on. */
static void
set_tooltip (GtkWidget *widget, const char *text)
{
  const char *current = gtk_widget_get_tooltip_text (widget);

  if (g_strcmp0 (current, text) != 0)
    gtk_widget_set_tooltip_text (widget, text);
}

/* ---- Parts ---------------------------------------------------------------------- */

/* The widgets of a part's row that change with its state. */
typedef struct
{
  GtkWidget *spinner;
  GtkWidget *icon;
  GtkWidget *state_label;
  GtkWidget *found_label;
  AuraDomainSourceState state;
  char *label;
} PartWidgets;

static void
part_widgets_free (gpointer data)
{
  PartWidgets *widgets = data;

  g_free (widgets->label);
  g_free (widgets);
}

static const char *
part_state_text (AuraDomainSourceState state)
{
  switch (state)
    {
      case AURA_DOMAIN_SOURCE_RUNNING:
        return _ ("Running");
      case AURA_DOMAIN_SOURCE_OK:
        return _ ("Done");
      case AURA_DOMAIN_SOURCE_ERROR:
        return _ ("Failed");
      case AURA_DOMAIN_SOURCE_SKIPPED:
        /* Translators: a passive source was not asked because it needs an
         * API key and none is set. */
        return _ ("No API key");
      case AURA_DOMAIN_SOURCE_CANCELLED:
      default:
        return _ ("Cancelled");
    }
}

static const char *
part_state_icon (AuraDomainSourceState state)
{
  switch (state)
    {
      case AURA_DOMAIN_SOURCE_OK:
        return "emblem-ok-symbolic";
      case AURA_DOMAIN_SOURCE_ERROR:
        return "dialog-error-symbolic";
      case AURA_DOMAIN_SOURCE_SKIPPED:
        return "dialog-password-symbolic";
      case AURA_DOMAIN_SOURCE_RUNNING:
      case AURA_DOMAIN_SOURCE_CANCELLED:
      default:
        return "process-stop-symbolic";
    }
}

/* The icon's colour: green when done, red when failed, dim otherwise. */
static const char *
part_state_style (AuraDomainSourceState state)
{
  if (state == AURA_DOMAIN_SOURCE_OK)
    return "success";
  if (state == AURA_DOMAIN_SOURCE_ERROR)
    return "error";
  return "dim-label";
}

static GtkWidget *
create_part_row (AuraDomainPanel *self, const AuraDomainSource *part)
{
  GtkWidget *row = adw_action_row_new ();
  PartWidgets *widgets = g_new0 (PartWidgets, 1);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  widgets->spinner = gtk_spinner_new ();
  widgets->icon = gtk_image_new ();
  /* The state label says it in words; the icon only repeats it. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (widgets->icon), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE,
                               -1);
  widgets->state_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (widgets->state_label, "caption");
  widgets->found_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (widgets->found_label, "numeric");
  gtk_widget_set_valign (widgets->found_label, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (widgets->state_label, GTK_ALIGN_CENTER);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), widgets->spinner);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), widgets->icon);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), widgets->state_label);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), widgets->found_label);
  widgets->state = (AuraDomainSourceState)-1;
  g_object_set_data_full (G_OBJECT (row), "aura-part", widgets, part_widgets_free);
  g_hash_table_insert (self->part_rows, g_strdup (part->name), row);
  gtk_list_box_append (self->parts_list, row);
  return row;
}

static void
update_part_row (GtkWidget *row, const AuraDomainSource *part)
{
  PartWidgets *widgets = g_object_get_data (G_OBJECT (row), "aura-part");
  const char *label = part->label != NULL ? part->label : part->name;
  const char *reason = part->error != NULL ? part->error : "";
  gboolean running = part->state == AURA_DOMAIN_SOURCE_RUNNING;
  g_autofree char *found = NULL;
  g_autofree char *requests = NULL;
  g_autofree char *description = NULL;

  if (g_strcmp0 (widgets->label, label) != 0)
    {
      g_free (widgets->label);
      widgets->label = g_strdup (label);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), reason);
  set_tooltip (row, *reason != '\0' ? reason : NULL);

  if (widgets->state != part->state)
    {
      widgets->state = part->state;
      gtk_widget_set_visible (widgets->spinner, running);
      gtk_spinner_set_spinning (GTK_SPINNER (widgets->spinner), running);
      gtk_widget_set_visible (widgets->icon, !running);
      gtk_image_set_from_icon_name (GTK_IMAGE (widgets->icon), part_state_icon (part->state));
      gtk_widget_remove_css_class (widgets->icon, "success");
      gtk_widget_remove_css_class (widgets->icon, "error");
      gtk_widget_remove_css_class (widgets->icon, "dim-label");
      gtk_widget_add_css_class (widgets->icon, part_state_style (part->state));
      gtk_label_set_label (GTK_LABEL (widgets->state_label), part_state_text (part->state));
      if (part->state == AURA_DOMAIN_SOURCE_ERROR)
        gtk_widget_add_css_class (widgets->state_label, "error");
      else
        gtk_widget_remove_css_class (widgets->state_label, "error");
    }

  /* Translators: names or other items a part of the domain scan found. */
  found = g_strdup_printf (ngettext ("%u found", "%u found", part->found), part->found);
  gtk_label_set_label (GTK_LABEL (widgets->found_label), found);
  /* Translators: DNS queries or HTTP requests a part of the scan sent. */
  requests = g_strdup_printf (
      ngettext ("%u query or request sent", "%u queries or requests sent", part->requests),
      part->requests);
  set_tooltip (widgets->found_label, requests);

  /* What a screen reader says of the row after its title. */
  if (*reason != '\0')
    /* Translators: what a screen reader says of a part of the domain scan:
     * its state (“Done”), what it found (“3 found”) and why it stopped or
     * was skipped. */
    description = g_strdup_printf (_ ("%s, %s. %s"), part_state_text (part->state), found, reason);
  else
    /* Translators: the same without a reason. */
    description = g_strdup_printf (_ ("%s, %s."), part_state_text (part->state), found);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
}

static void
part_cb (AuraDomainPanel *self, AuraDomainSource *part, AuraDomainScan *scan)
{
  GtkWidget *row = g_hash_table_lookup (self->part_rows, part->name);

  if (row == NULL)
    {
      row = create_part_row (self, part);
      aura_domain_name_list_set_label (self->names, part->name, part->label);
    }
  update_part_row (row, part);
}

static void
name_cb (AuraDomainPanel *self, AuraDomainName *name, AuraDomainScan *scan)
{
  aura_domain_name_list_announce (self->names, name);
}

static void
clear_parts (AuraDomainPanel *self)
{
  GtkListBoxRow *row;

  g_hash_table_remove_all (self->part_rows);
  /* Not by child: the placeholder is a child of the list box too. */
  while ((row = gtk_list_box_get_row_at_index (self->parts_list, 0)) != NULL)
    gtk_list_box_remove (self->parts_list, GTK_WIDGET (row));
}

/* ---- Names ---------------------------------------------------------------------- */

/* The count above the list and, when the list is empty, why. */
static void
update_names_view (AuraDomainPanel *self)
{
  guint total;
  guint shown;
  g_autofree char *count = NULL;

  if (self->names == NULL)
    return;
  total = g_list_model_get_n_items (aura_domain_name_list_get_all (self->names));
  shown = g_list_model_get_n_items (aura_domain_name_list_get_shown (self->names));
  if (total == shown)
    count = g_strdup_printf (ngettext ("%u name", "%u names", total), total);
  else
    /* Translators: names the filter lets through, of all names found. */
    count = g_strdup_printf (ngettext ("%u of %u name", "%u of %u names", total), shown, total);
  gtk_label_set_label (self->names_count_label, count);

  if (shown > 0)
    {
      gtk_stack_set_visible_child_name (self->names_stack, "names");
      return;
    }
  if (total > 0)
    {
      const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->filter_entry));
      /* Translators: %s is the text typed in the filter entry. */
      g_autofree char *text = g_strdup_printf (_ ("No name matches “%s”"), typed);

      gtk_label_set_label (self->empty_label, text);
    }
  else if (state_is_running (self->state))
    gtk_label_set_label (self->empty_label, _ ("No names found yet"));
  else if (self->state == AURA_DOMAIN_PANEL_FAILED)
    gtk_label_set_label (self->empty_label, _ ("The scan found no names before it stopped"));
  else
    gtk_label_set_label (self->empty_label, _ ("No names found"));
  gtk_stack_set_visible_child_name (self->names_stack, "empty");
}

static void
shown_names_changed_cb (AuraDomainPanel *self)
{
  update_names_view (self);
}

static void
set_filter (AuraDomainPanel *self, const char *text)
{
  if (aura_domain_name_list_set_filter (self->names, text))
    update_names_view (self);
}

static void
filter_changed_cb (AuraDomainPanel *self)
{
  set_filter (self, gtk_editable_get_text (GTK_EDITABLE (self->filter_entry)));
}

/* ---- The scan's signals ---------------------------------------------------------- */

static void
update_progress (AuraDomainPanel *self)
{
  AuraDomainScanProgress p;
  g_autoptr (GString) status = g_string_new (NULL);

  aura_domain_scan_get_progress (self->scan, &p);
  gtk_progress_bar_set_fraction (self->progress_bar,
                                 p.parts_total > 0 ? MIN (1.0, (double)p.parts_done / p.parts_total)
                                                   : 0.0);
  g_string_append_printf (status, ngettext ("%u name", "%u names", p.names), p.names);
  g_string_append (status, " · ");
  /* Translators: how many of the names found have addresses. */
  g_string_append_printf (status, ngettext ("%u resolves", "%u resolve", p.resolved), p.resolved);
  g_string_append (status, " · ");
  g_string_append_printf (status, ngettext ("%u address", "%u addresses", p.addresses),
                          p.addresses);
  g_string_append (status, " · ");
  g_string_append_printf (status, ngettext ("%u email", "%u emails", p.emails), p.emails);
  g_string_append (status, " · ");
  /* Translators: parts of the scan (DNS records, each source, the brute
   * force…) finished, of all the parts. */
  g_string_append_printf (status,
                          ngettext ("%u of %u part done", "%u of %u parts done", p.parts_total),
                          p.parts_done, p.parts_total);
  g_string_append (status, " · ");
  /* Translators: the time the scan has taken so far, in seconds. */
  g_string_append_printf (status, _ ("%.1f s"), (double)p.elapsed_us / G_USEC_PER_SEC);
  gtk_label_set_label (self->status_label, status->str);
}

static void
progress_cb (AuraDomainPanel *self, AuraDomainScan *scan)
{
  update_progress (self);
}

static char *
finished_summary (AuraDomainPanel *self)
{
  AuraDomainScanProgress p;
  g_autoptr (GPtrArray) parts = aura_domain_scan_get_sources (self->scan);
  g_autoptr (GString) summary = g_string_new (NULL);
  guint failed = 0;

  aura_domain_scan_get_progress (self->scan, &p);
  for (guint i = 0; i < parts->len; i++)
    if (((AuraDomainSource *)parts->pdata[i])->state == AURA_DOMAIN_SOURCE_ERROR)
      failed++;
  /* Translators: the time the scan took and the names it found, such as
   * “Finished in 3.2 s: 12 names found, 9 resolve.” */
  g_string_printf (
      summary,
      ngettext ("Finished in %.1f s: %u name found", "Finished in %.1f s: %u names found", p.names),
      (double)p.elapsed_us / G_USEC_PER_SEC, p.names);
  g_string_append (summary, ", ");
  g_string_append_printf (summary, ngettext ("%u resolves.", "%u resolve.", p.resolved),
                          p.resolved);
  if (failed > 0)
    {
      g_string_append_c (summary, ' ');
      /* Translators: parts of the scan stopped by an error; their rows
       * say why. */
      g_string_append_printf (summary,
                              ngettext ("%u part failed: its row says why.",
                                        "%u parts failed: their rows say why.", failed),
                              failed);
    }
  return g_string_free (g_steal_pointer (&summary), FALSE);
}

static void
finished_cb (AuraDomainPanel *self, AuraDomainScan *scan)
{
  const GError *error = aura_domain_scan_get_error (scan);
  gboolean cancelled = aura_domain_scan_was_cancelled (scan);
  g_autoptr (GPtrArray) parts = aura_domain_scan_get_sources (scan);
  g_autoptr (GPtrArray) names = aura_domain_scan_get_names (scan);
  g_autofree char *summary = NULL;

  /* The scan's last word on every part and every name. */
  for (guint i = 0; i < parts->len; i++)
    part_cb (self, parts->pdata[i], scan);
  aura_domain_name_list_finish (self->names, names, cancelled);
  update_progress (self);
  if (error != NULL)
    {
      /* Translators: %s is the store's message, such as a full disk. */
      summary =
          g_strdup_printf (_ ("Stopped: %s What was found until then is kept."), error->message);
      fail (self, summary);
      return;
    }
  if (cancelled)
    {
      gtk_label_set_label (self->summary_label, _ ("Cancelled: what was found so far is kept"));
      set_state (self, AURA_DOMAIN_PANEL_CANCELLED);
      return;
    }
  summary = finished_summary (self);
  gtk_label_set_label (self->summary_label, summary);
  set_state (self, AURA_DOMAIN_PANEL_FINISHED);
}

static gboolean
nothing_cb (gpointer data)
{
  return G_SOURCE_REMOVE;
}

static void
drop_scan_cb (AuraDomainScan *scan, gpointer user_data)
{
  /* The last reference goes from an idle (its destroy notify), not from
   * inside the scan's own "finished" emission. */
  g_idle_add_full (G_PRIORITY_DEFAULT, nothing_cb, scan, g_object_unref);
}

/* Lets go of the scan. One still running is cancelled, and kept alive
 * until it has heard back from everything it had in flight: what it found
 * until then stays recorded. */
static void
release_scan (AuraDomainPanel *self)
{
  AuraDomainScan *scan = g_steal_pointer (&self->scan);

  if (scan == NULL)
    return;
  g_signal_handlers_disconnect_by_data (scan, self);
  if (aura_domain_scan_is_finished (scan))
    {
      g_object_unref (scan);
      return;
    }
  g_signal_connect (scan, "finished", G_CALLBACK (drop_scan_cb), NULL);
  aura_domain_scan_cancel (scan);
}

/* ---- Starting --------------------------------------------------------------------- */

static void
begin_scan (AuraDomainPanel *self, AuraSourceList *sources)
{
  AuraDomainScanOptions options;
  g_autoptr (AuraEngine) engine = g_steal_pointer (&self->engine);
  g_autoptr (GError) error = NULL;

  aura_domain_scan_config_fill (self->config, sources, &options);
  options.domain = self->domain;
  options.investigation_id = self->investigation_id;
  options.seed_entity_id = self->seed_entity_id;
  self->scan = aura_domain_scan_new (engine, self->store, &options, &error);
  if (self->scan == NULL)
    {
      gtk_label_set_label (self->status_label, "");
      fail (self, error->message);
      return;
    }
  g_signal_connect_object (self->scan, "name", G_CALLBACK (name_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->scan, "source", G_CALLBACK (part_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->scan, "progress", G_CALLBACK (progress_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->scan, "finished", G_CALLBACK (finished_cb), self,
                           G_CONNECT_SWAPPED);
  /* Before the start: a scan that cannot record ends inside it. */
  set_state (self, AURA_DOMAIN_PANEL_RUNNING);
  aura_domain_scan_start (self->scan);
  if (self->state == AURA_DOMAIN_PANEL_RUNNING)
    update_progress (self);
}

static void
load_sources_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;
  AuraSourceList *list = aura_source_list_load_bundled (&error);

  if (list == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, list, g_object_unref);
}

static void
sources_loaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AuraDomainPanel *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraSourceList) list = g_task_propagate_pointer (G_TASK (result), &error);

  /* Cancelled: the panel was disposed (it may be gone) or the person
   * cancelled, which the panel already shows. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->load_cancellable);
  if (list == NULL)
    {
      g_clear_object (&self->engine);
      gtk_label_set_label (self->status_label, "");
      fail (self, error->message);
      return;
    }
  begin_scan (self, list);
}

static void
reset_view (AuraDomainPanel *self)
{
  /* The longest name DNS allows is 253 characters. */
  g_autofree char *valid = displayable (self->domain, 253);
  /* Translators: %s is the domain being mapped. */
  g_autofree char *heading = g_strdup_printf (_ ("Mapping “%s”"), valid);

  gtk_label_set_label (self->heading_label, heading);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_label_set_label (self->status_label, "");
  gtk_label_set_label (self->summary_label, "");
  clear_parts (self);
  aura_domain_name_list_clear (self->names);
}

gboolean
aura_domain_panel_start (AuraDomainPanel *self,
                         AuraStore *store,
                         gint64 investigation_id,
                         gint64 seed_entity_id,
                         const char *domain,
                         GError **error)
{
  g_autoptr (GTask) task = NULL;
  AuraEngine *engine;
  char *copy;

  g_return_val_if_fail (AURA_IS_DOMAIN_PANEL (self), FALSE);
  g_return_val_if_fail (AURA_IS_STORE (store), FALSE);
  g_return_val_if_fail (domain != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (state_is_running (self->state))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                           _ ("A scan is already running here: cancel it, or wait until it "
                              "ends, before starting another"));
      return FALSE;
    }
  engine = find_engine (self, error);
  if (engine == NULL)
    return FALSE;

  g_set_object (&self->engine, engine);
  g_set_object (&self->store, store);
  self->investigation_id = investigation_id;
  self->seed_entity_id = seed_entity_id;
  /* @domain may be self->domain itself (Run Again). */
  copy = g_strdup (domain);
  g_free (self->domain);
  self->domain = copy;
  release_scan (self);
  reset_view (self);
  aura_domain_scan_config_read_settings (self->config);
  set_state (self, AURA_DOMAIN_PANEL_LOADING);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);

  if (aura_domain_scan_config_get_source_list (self->config) != NULL)
    {
      begin_scan (self, aura_domain_scan_config_get_source_list (self->config));
      return TRUE;
    }
  if (!aura_domain_scan_config_asks_sources (self->config))
    {
      g_autoptr (AuraSourceList) empty = aura_source_list_new ();

      begin_scan (self, empty);
      return TRUE;
    }
  gtk_label_set_label (self->status_label, _ ("Reading the passive sources…"));
  self->load_cancellable = g_cancellable_new ();
  /* No source object: a closed page must not be kept alive by the task. */
  task = g_task_new (NULL, self->load_cancellable, sources_loaded_cb, self);
  g_task_set_source_tag (task, aura_domain_panel_start);
  g_task_run_in_thread (task, load_sources_thread);
  return TRUE;
}

void
aura_domain_panel_cancel (AuraDomainPanel *self)
{
  g_return_if_fail (AURA_IS_DOMAIN_PANEL (self));

  if (self->state == AURA_DOMAIN_PANEL_LOADING)
    {
      g_cancellable_cancel (self->load_cancellable);
      g_clear_object (&self->load_cancellable);
      g_clear_object (&self->engine);
      gtk_label_set_label (self->status_label, "");
      gtk_label_set_label (self->summary_label, _ ("Cancelled before anything was asked"));
      set_state (self, AURA_DOMAIN_PANEL_CANCELLED);
    }
  else if (self->state == AURA_DOMAIN_PANEL_RUNNING)
    {
      /* "finished" follows once every part has let go of what it had in
       * flight. */
      gtk_widget_set_sensitive (self->cancel_button, FALSE);
      aura_domain_scan_cancel (self->scan);
    }
}

void
aura_domain_panel_set_test_options (AuraDomainPanel *self, const AuraDomainScanOptions *overrides)
{
  g_return_if_fail (AURA_IS_DOMAIN_PANEL (self));
  aura_domain_scan_config_set_overrides (self->config, overrides);
}

static void
cancel_clicked_cb (AuraDomainPanel *self)
{
  aura_domain_panel_cancel (self);
}

static void
run_again_clicked_cb (AuraDomainPanel *self)
{
  g_autoptr (GError) error = NULL;

  if (self->store == NULL || self->domain == NULL)
    return;
  if (!aura_domain_panel_start (self, self->store, self->investigation_id, self->seed_entity_id,
                                self->domain, &error))
    toast (self, error->message);
}

static void
close_clicked_cb (AuraDomainPanel *self)
{
  if (state_is_running (self->state))
    return;
  release_scan (self);
  clear_parts (self);
  aura_domain_name_list_clear (self->names);
  set_state (self, AURA_DOMAIN_PANEL_IDLE);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/* ---- Getters ---------------------------------------------------------------------- */

AuraDomainPanelState
aura_domain_panel_get_state (AuraDomainPanel *self)
{
  g_return_val_if_fail (AURA_IS_DOMAIN_PANEL (self), AURA_DOMAIN_PANEL_IDLE);
  return self->state;
}

gboolean
aura_domain_panel_get_running (AuraDomainPanel *self)
{
  g_return_val_if_fail (AURA_IS_DOMAIN_PANEL (self), FALSE);
  return state_is_running (self->state);
}

AuraDomainScan *
aura_domain_panel_get_scan (AuraDomainPanel *self)
{
  g_return_val_if_fail (AURA_IS_DOMAIN_PANEL (self), NULL);
  return self->scan;
}

GListModel *
aura_domain_panel_get_names (AuraDomainPanel *self)
{
  g_return_val_if_fail (AURA_IS_DOMAIN_PANEL (self), NULL);
  return aura_domain_name_list_get_all (self->names);
}

GListModel *
aura_domain_panel_get_shown_names (AuraDomainPanel *self)
{
  g_return_val_if_fail (AURA_IS_DOMAIN_PANEL (self), NULL);
  return aura_domain_name_list_get_shown (self->names);
}

void
aura_domain_panel_set_filter_text (AuraDomainPanel *self, const char *text)
{
  g_return_if_fail (AURA_IS_DOMAIN_PANEL (self));
  /* Through the entry, so that what it shows and what filters agree. */
  gtk_editable_set_text (GTK_EDITABLE (self->filter_entry), text != NULL ? text : "");
  set_filter (self, text);
}

GtkListBox *
aura_domain_panel_get_parts (AuraDomainPanel *self)
{
  g_return_val_if_fail (AURA_IS_DOMAIN_PANEL (self), NULL);
  return self->parts_list;
}

GtkWidget *
aura_domain_panel_get_part_row (AuraDomainPanel *self, const char *name)
{
  g_return_val_if_fail (AURA_IS_DOMAIN_PANEL (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  return g_hash_table_lookup (self->part_rows, name);
}

int
aura_domain_panel_get_part_state (AuraDomainPanel *self, const char *name)
{
  GtkWidget *row;
  PartWidgets *widgets;

  g_return_val_if_fail (AURA_IS_DOMAIN_PANEL (self), -1);
  g_return_val_if_fail (name != NULL, -1);
  row = g_hash_table_lookup (self->part_rows, name);
  if (row == NULL)
    return -1;
  widgets = g_object_get_data (G_OBJECT (row), "aura-part");
  return (int)widgets->state;
}

const char *
aura_domain_panel_get_heading (AuraDomainPanel *self)
{
  g_return_val_if_fail (AURA_IS_DOMAIN_PANEL (self), NULL);
  return gtk_label_get_label (self->heading_label);
}

const char *
aura_domain_panel_get_status (AuraDomainPanel *self)
{
  g_return_val_if_fail (AURA_IS_DOMAIN_PANEL (self), NULL);
  return gtk_label_get_label (self->status_label);
}

const char *
aura_domain_panel_get_summary (AuraDomainPanel *self)
{
  g_return_val_if_fail (AURA_IS_DOMAIN_PANEL (self), NULL);
  return gtk_label_get_label (self->summary_label);
}

const char *
aura_domain_panel_get_empty_text (AuraDomainPanel *self)
{
  g_return_val_if_fail (AURA_IS_DOMAIN_PANEL (self), NULL);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->names_stack), "empty") != 0)
    return NULL;
  return gtk_label_get_label (self->empty_label);
}

/* ---- GObject ---------------------------------------------------------------------- */

AuraDomainPanel *
aura_domain_panel_new (void)
{
  return g_object_new (AURA_TYPE_DOMAIN_PANEL, NULL);
}

static void
aura_domain_panel_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  AuraDomainPanel *self = AURA_DOMAIN_PANEL (object);

  switch (prop_id)
    {
      case PROP_RUNNING:
        g_value_set_boolean (value, state_is_running (self->state));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aura_domain_panel_dispose (GObject *object)
{
  AuraDomainPanel *self = AURA_DOMAIN_PANEL (object);

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  release_scan (self);
  g_clear_object (&self->engine);
  g_clear_object (&self->store);
  if (self->names != NULL)
    g_signal_handlers_disconnect_by_data (aura_domain_name_list_get_shown (self->names), self);
  gtk_widget_dispose_template (GTK_WIDGET (self), AURA_TYPE_DOMAIN_PANEL);
  aura_widget_unparent_children (GTK_WIDGET (self));
  g_clear_pointer (&self->names, aura_domain_name_list_free);
  G_OBJECT_CLASS (aura_domain_panel_parent_class)->dispose (object);
}

static void
aura_domain_panel_finalize (GObject *object)
{
  AuraDomainPanel *self = AURA_DOMAIN_PANEL (object);

  g_free (self->domain);
  aura_domain_scan_config_free (self->config);
  g_hash_table_unref (self->part_rows);
  G_OBJECT_CLASS (aura_domain_panel_parent_class)->finalize (object);
}

static void
aura_domain_panel_class_init (AuraDomainPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = aura_domain_panel_get_property;
  object_class->dispose = aura_domain_panel_dispose;
  object_class->finalize = aura_domain_panel_finalize;

  properties[PROP_RUNNING] =
      g_param_spec_boolean ("running", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/aura-domain-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, AuraDomainPanel, heading_label);
  gtk_widget_class_bind_template_child (widget_class, AuraDomainPanel, status_label);
  gtk_widget_class_bind_template_child (widget_class, AuraDomainPanel, summary_label);
  gtk_widget_class_bind_template_child (widget_class, AuraDomainPanel, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, AuraDomainPanel, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, AuraDomainPanel, run_again_button);
  gtk_widget_class_bind_template_child (widget_class, AuraDomainPanel, close_button);
  gtk_widget_class_bind_template_child (widget_class, AuraDomainPanel, parts_list);
  gtk_widget_class_bind_template_child (widget_class, AuraDomainPanel, names_count_label);
  gtk_widget_class_bind_template_child (widget_class, AuraDomainPanel, filter_entry);
  gtk_widget_class_bind_template_child (widget_class, AuraDomainPanel, names_stack);
  gtk_widget_class_bind_template_child (widget_class, AuraDomainPanel, empty_label);
  gtk_widget_class_bind_template_child (widget_class, AuraDomainPanel, names_view);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, run_again_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, close_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
}

static void
aura_domain_panel_init (AuraDomainPanel *self)
{
  g_autoptr (GtkListItemFactory) factory = aura_domain_name_list_new_factory ();
  g_autoptr (GtkNoSelection) selection = NULL;
  GListModel *shown;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->part_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->config = aura_domain_scan_config_new ();
  self->names = aura_domain_name_list_new ();
  shown = aura_domain_name_list_get_shown (self->names);
  g_signal_connect_object (shown, "items-changed", G_CALLBACK (shown_names_changed_cb), self,
                           G_CONNECT_SWAPPED);
  selection = gtk_no_selection_new (g_object_ref (shown));
  gtk_list_view_set_factory (self->names_view, factory);
  gtk_list_view_set_model (self->names_view, GTK_SELECTION_MODEL (selection));
  update_controls (self);
}
