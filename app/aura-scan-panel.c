/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-app"
#include "config.h"

#include <glib/gi18n.h>

#include "aura-app-util.h"
#include "aura-application.h"
#include "aura-scan-panel.h"

/* The panel drives one AuraUsernameScan at a time. The site lists are read
 * in a worker thread (a user's imported lists may be large); the scan then
 * runs in the UI thread's main context, where it only does short batched
 * store writes while the engine's own thread does the network. The scan
 * records everything by itself: closing the panel or the page cancels it
 * and keeps what was found. */

struct _AuraScanPanel
{
  GtkWidget parent_instance;

  AuraScanPanelState state;
  AuraStore *store;
  AuraEngine *engine; /* held only while the site lists load */
  gint64 investigation_id;
  gint64 seed_entity_id;
  char *username;
  AuraUsernameScan *scan;
  GCancellable *load_cancellable;
  guint n_hits;

  GtkLabel *heading_label;
  GtkLabel *status_label;
  GtkLabel *summary_label;
  GtkLabel *placeholder_label;
  GtkProgressBar *progress_bar;
  GtkWidget *cancel_button;
  GtkWidget *run_again_button;
  GtkWidget *close_button;
  GtkToggleButton *all_checks_button;
  GtkListBox *hits_list;
};

G_DEFINE_FINAL_TYPE (AuraScanPanel, aura_scan_panel, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What a row needs once the scan that made it is gone: its sort keys. */
typedef struct
{
  AuraVerdict verdict;
  double confidence;
  char *site;
} RowKeys;

static void
row_keys_free (gpointer data)
{
  RowKeys *keys = data;

  g_free (keys->site);
  g_free (keys);
}

typedef struct
{
  AuraSiteList *sites;
  char *problem;
} LoadResult;

static void
load_result_free (gpointer data)
{
  LoadResult *result = data;

  g_clear_object (&result->sites);
  g_free (result->problem);
  g_free (result);
}

/* ---- Small helpers -------------------------------------------------------- */

/* libadwaita 1.2 reads toast titles as Pango markup; messages quote
 * paths and names that may hold “<” or “&”. */
static void
toast (AuraScanPanel *self, const char *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), aura_toast_new_plain (message));
}

static gboolean
state_is_running (AuraScanPanelState state)
{
  return state == AURA_SCAN_PANEL_LOADING || state == AURA_SCAN_PANEL_RUNNING;
}

static void
update_controls (AuraScanPanel *self)
{
  gboolean running = state_is_running (self->state);
  gboolean ended = self->state == AURA_SCAN_PANEL_FINISHED ||
                   self->state == AURA_SCAN_PANEL_CANCELLED ||
                   self->state == AURA_SCAN_PANEL_FAILED;

  gtk_widget_set_visible (self->cancel_button, running);
  gtk_widget_set_sensitive (self->cancel_button, running);
  gtk_widget_set_visible (self->run_again_button, ended);
  gtk_widget_set_visible (self->close_button, !running);
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label), ended);
  gtk_label_set_label (self->placeholder_label,
                       running ? _ ("No account found yet") : _ ("No account found"));
}

static void
set_state (AuraScanPanel *self, AuraScanPanelState state)
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
fail (AuraScanPanel *self, const char *message)
{
  gtk_label_set_label (self->summary_label, message);
  set_state (self, AURA_SCAN_PANEL_FAILED);
  toast (self, message);
}

static AuraEngine *
find_engine (AuraScanPanel *self, GError **error)
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

/* ---- Rows ----------------------------------------------------------------- */

static const char *
verdict_label (AuraVerdict verdict)
{
  switch (verdict)
    {
      case AURA_VERDICT_FOUND:
        return _ ("Found");
      case AURA_VERDICT_NOT_FOUND:
        return _ ("Not found");
      case AURA_VERDICT_INVALID:
        return _ ("Name not possible");
      case AURA_VERDICT_UNKNOWN:
      default:
        return _ ("No answer");
    }
}

/* The HTTP status and the reason of the verdict, as the site's detection
 * rules saw them. Reasons are stored untranslated (see
 * backend/tools/username/README.md), so they are shown as they are. */
static char *
evidence_text (const AuraUsernameCheck *check)
{
  const char *reason = check->reason != NULL ? check->reason : "";

  /* “status 404”, “status 200 and text …”: the reason says it already. */
  if (check->http_status == 0 || g_str_has_prefix (reason, "status "))
    return g_strdup (reason);
  if (*reason == '\0')
    /* Translators: the HTTP status code a site answered with. */
    return g_strdup_printf (_ ("HTTP %u"), check->http_status);
  /* Translators: the HTTP status code a site answered with, then why Aura
   * decided, such as “blocked: Cloudflare challenge”. */
  return g_strdup_printf (_ ("HTTP %u · %s"), check->http_status, reason);
}

static gboolean
is_web_url (const char *url)
{
  const char *scheme = url != NULL ? g_uri_peek_scheme (url) : NULL;

  return g_strcmp0 (scheme, "http") == 0 || g_strcmp0 (scheme, "https") == 0;
}

static void
open_clicked_cb (GtkButton *button, gpointer user_data)
{
  const char *url = g_object_get_data (G_OBJECT (button), "aura-url");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, url, GDK_CURRENT_TIME);
}

static GtkWidget *
create_open_button (const char *url)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("web-browser-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _ ("Open the Profile in the Browser"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Open the Profile in the Browser"), -1);
  g_object_set_data_full (G_OBJECT (button), "aura-url", g_strdup (url), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (open_clicked_cb), NULL);
  return button;
}

/* The confidence of a hit, or the verdict of another check. */
static GtkWidget *
create_verdict_label (const AuraUsernameCheck *check)
{
  g_autofree char *percent = NULL;
  GtkWidget *label;

  if (check->verdict != AURA_VERDICT_FOUND)
    {
      label = gtk_label_new (verdict_label (check->verdict));
      gtk_widget_add_css_class (label, "dim-label");
      return label;
    }
  /* The same text as the entities table's confidence column. */
  percent = g_strdup_printf (_ ("%.0f %%"), CLAMP (check->confidence, 0.0, 1.0) * 100.0);
  label = gtk_label_new (percent);
  gtk_widget_add_css_class (label, "numeric");
  if (check->calibration == AURA_CALIBRATION_UNRELIABLE)
    {
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_tooltip_text (label, _ ("This site also said yes to a random name that "
                                             "cannot exist: check the profile yourself"));
    }
  else
    gtk_widget_set_tooltip_text (label, _ ("Confidence"));
  return label;
}

static GtkWidget *
create_row (const AuraUsernameCheck *check)
{
  GtkWidget *row = adw_action_row_new ();
  const char *url = check->profile_url != NULL ? check->profile_url : check->url;
  g_autofree char *evidence = evidence_text (check);
  GtkWidget *evidence_label = gtk_label_new (evidence);
  RowKeys *keys = g_new0 (RowKeys, 1);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), check->site);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), url != NULL ? url : "");
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);

  gtk_label_set_ellipsize (GTK_LABEL (evidence_label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (evidence_label), 36);
  gtk_label_set_xalign (GTK_LABEL (evidence_label), 1.0);
  gtk_widget_set_tooltip_text (evidence_label, evidence);
  gtk_widget_add_css_class (evidence_label, "dim-label");
  gtk_widget_add_css_class (evidence_label, "caption");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), evidence_label);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), create_verdict_label (check));
  if (check->verdict != AURA_VERDICT_INVALID && is_web_url (url))
    {
      GtkWidget *button = create_open_button (url);

      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
    }

  keys->verdict = check->verdict;
  keys->confidence = check->confidence;
  keys->site = g_utf8_casefold (check->site, -1);
  g_object_set_data_full (G_OBJECT (row), "aura-row-keys", keys, row_keys_free);
  return row;
}

/* Hits first, surest first; then the other verdicts; by site name. */
static int
compare_rows (GtkListBoxRow *row1, GtkListBoxRow *row2, gpointer user_data)
{
  const RowKeys *a = g_object_get_data (G_OBJECT (row1), "aura-row-keys");
  const RowKeys *b = g_object_get_data (G_OBJECT (row2), "aura-row-keys");

  if (a->verdict != b->verdict)
    return a->verdict < b->verdict ? -1 : 1;
  if (a->confidence != b->confidence)
    return a->confidence > b->confidence ? -1 : 1;
  return g_strcmp0 (a->site, b->site);
}

static void
clear_rows (AuraScanPanel *self)
{
  GtkListBoxRow *row;

  /* Not by child: the placeholder is a child of the list box too. */
  while ((row = gtk_list_box_get_row_at_index (self->hits_list, 0)) != NULL)
    gtk_list_box_remove (self->hits_list, GTK_WIDGET (row));
}

static gboolean
row_shown (AuraScanPanel *self, const AuraUsernameCheck *check)
{
  return check->verdict == AURA_VERDICT_FOUND ||
         gtk_toggle_button_get_active (self->all_checks_button);
}

static void
rebuild_rows (AuraScanPanel *self)
{
  GPtrArray *checks;

  clear_rows (self);
  if (self->scan == NULL)
    return;
  checks = aura_username_scan_get_checks (self->scan);
  for (guint i = 0; i < checks->len; i++)
    if (row_shown (self, checks->pdata[i]))
      gtk_list_box_append (self->hits_list, create_row (checks->pdata[i]));
}

static void
all_checks_toggled_cb (AuraScanPanel *self)
{
  rebuild_rows (self);
}

/* ---- The scan's signals ----------------------------------------------------- */

static void
update_progress (AuraScanPanel *self)
{
  AuraUsernameScanProgress p;
  g_autoptr (GString) status = g_string_new (NULL);
  double seconds;

  aura_username_scan_get_progress (self->scan, &p);
  gtk_progress_bar_set_fraction (self->progress_bar,
                                 p.total > 0 ? MIN (1.0, (double)p.done / p.total) : 0.0);
  seconds = (double)p.elapsed_us / G_USEC_PER_SEC;
  /* Translators: sites checked so far, of all the sites to check. */
  g_string_append_printf (status, _ ("%u of %u checked"), p.done, p.total);
  g_string_append (status, " · ");
  g_string_append_printf (status, ngettext ("%u found", "%u found", p.found), p.found);
  g_string_append (status, " · ");
  g_string_append_printf (status, ngettext ("%u error", "%u errors", p.errors), p.errors);
  g_string_append (status, " · ");
  /* Translators: checks stopped by a bot wall, a CAPTCHA or a rate limit. */
  g_string_append_printf (status, ngettext ("%u blocked", "%u blocked", p.blocked), p.blocked);
  if (seconds >= 0.5)
    {
      g_string_append (status, " · ");
      /* Translators: checks per second. */
      g_string_append_printf (status, _ ("%.0f checks/s"), p.done / seconds);
    }
  gtk_label_set_label (self->status_label, status->str);
}

static void
check_cb (AuraScanPanel *self, AuraUsernameCheck *check, AuraUsernameScan *scan)
{
  if (check->verdict == AURA_VERDICT_FOUND)
    self->n_hits++;
  if (row_shown (self, check))
    gtk_list_box_append (self->hits_list, create_row (check));
}

static void
progress_cb (AuraScanPanel *self, AuraUsernameScan *scan)
{
  update_progress (self);
}

static void
finished_cb (AuraScanPanel *self, AuraUsernameScan *scan)
{
  const GError *error = aura_username_scan_get_error (scan);
  AuraUsernameScanProgress p;
  guint n_sites = aura_username_scan_get_n_sites (scan);
  g_autofree char *summary = NULL;

  update_progress (self);
  aura_username_scan_get_progress (scan, &p);
  if (error != NULL)
    {
      /* Translators: %s is the store's message, such as a full disk. */
      summary =
          g_strdup_printf (_ ("Stopped: %s What was found until then is kept."), error->message);
      fail (self, summary);
      return;
    }
  if (aura_username_scan_was_cancelled (scan))
    {
      gtk_label_set_label (self->summary_label, _ ("Cancelled: results so far are kept"));
      set_state (self, AURA_SCAN_PANEL_CANCELLED);
      return;
    }
  /* Translators: the time the scan took, the accounts found and the sites
   * asked, such as “Finished in 3.2 s: 12 found on 480 sites”. */
  summary = g_strdup_printf (ngettext ("Finished in %.1f s: %u found on %u site",
                                       "Finished in %.1f s: %u found on %u sites", n_sites),
                             (double)p.elapsed_us / G_USEC_PER_SEC, p.found, n_sites);
  gtk_label_set_label (self->summary_label, summary);
  set_state (self, AURA_SCAN_PANEL_FINISHED);
}

static void
release_scan (AuraScanPanel *self)
{
  if (self->scan == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->scan, self);
  /* Does nothing once it finished; else what it found stays recorded. */
  aura_username_scan_cancel (self->scan);
  g_clear_object (&self->scan);
}

/* ---- Starting --------------------------------------------------------------- */

static void
begin_scan (AuraScanPanel *self, AuraSiteList *sites)
{
  const char *usernames[] = { self->username, NULL };
  AuraUsernameScanOptions options = { 0 };
  g_autoptr (AuraEngine) engine = g_steal_pointer (&self->engine);
  g_autoptr (GError) error = NULL;

  options.usernames = usernames;
  options.sites = sites;
  options.investigation_id = self->investigation_id;
  options.seed_entity_id = self->seed_entity_id;
  self->scan = aura_username_scan_new (engine, self->store, &options, &error);
  if (self->scan == NULL)
    {
      fail (self, error->message);
      return;
    }
  g_signal_connect_object (self->scan, "check", G_CALLBACK (check_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->scan, "progress", G_CALLBACK (progress_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->scan, "finished", G_CALLBACK (finished_cb), self,
                           G_CONNECT_SWAPPED);
  set_state (self, AURA_SCAN_PANEL_RUNNING);
  aura_username_scan_start (self->scan);
  update_progress (self);
}

static void
load_sites_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  g_autoptr (AuraSiteReport) report = NULL;
  GError *error = NULL;
  AuraSiteList *sites = aura_site_list_load_default (&report, &error);
  LoadResult *result;

  if (sites == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  result = g_new0 (LoadResult, 1);
  result->sites = sites;
  if (report != NULL && report->problems != NULL && report->problems->len > 0)
    {
      const AuraSiteProblem *problem = report->problems->pdata[0];

      result->problem = g_strdup (problem->message);
    }
  g_task_return_pointer (task, result, load_result_free);
}

static void
sites_loaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AuraScanPanel *self = user_data;
  g_autoptr (GError) error = NULL;
  LoadResult *loaded = g_task_propagate_pointer (G_TASK (result), &error);

  /* Cancelled: the panel was disposed (it may be gone) or the person
   * cancelled, which the panel already shows. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->load_cancellable);
  if (loaded == NULL)
    {
      g_clear_object (&self->engine);
      fail (self, error->message);
      return;
    }
  /* A broken list a person imported is skipped, and said so. */
  if (loaded->problem != NULL)
    toast (self, loaded->problem);
  begin_scan (self, loaded->sites);
  load_result_free (loaded);
}

static void
reset_view (AuraScanPanel *self)
{
  /* Translators: %s is the username looked for. */
  g_autofree char *heading =
      g_strdup_printf (_ ("Looking for accounts named “%s”"), self->username);

  gtk_label_set_label (self->heading_label, heading);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_label_set_label (self->status_label, _ ("Reading the site lists…"));
  gtk_label_set_label (self->summary_label, "");
  clear_rows (self);
  self->n_hits = 0;
}

gboolean
aura_scan_panel_start (AuraScanPanel *self,
                       AuraStore *store,
                       gint64 investigation_id,
                       gint64 seed_entity_id,
                       const char *username,
                       GError **error)
{
  g_autoptr (GTask) task = NULL;
  AuraEngine *engine;
  char *name;

  g_return_val_if_fail (AURA_IS_SCAN_PANEL (self), FALSE);
  g_return_val_if_fail (AURA_IS_STORE (store), FALSE);
  g_return_val_if_fail (username != NULL, FALSE);
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
  /* @username may be self->username itself (Run Again). */
  name = g_strdup (username);
  g_free (self->username);
  self->username = name;
  release_scan (self);
  reset_view (self);
  set_state (self, AURA_SCAN_PANEL_LOADING);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);

  self->load_cancellable = g_cancellable_new ();
  /* No source object: a closed page must not be kept alive by the task. */
  task = g_task_new (NULL, self->load_cancellable, sites_loaded_cb, self);
  g_task_set_source_tag (task, aura_scan_panel_start);
  g_task_run_in_thread (task, load_sites_thread);
  return TRUE;
}

void
aura_scan_panel_cancel (AuraScanPanel *self)
{
  g_return_if_fail (AURA_IS_SCAN_PANEL (self));

  if (self->state == AURA_SCAN_PANEL_LOADING)
    {
      g_cancellable_cancel (self->load_cancellable);
      g_clear_object (&self->load_cancellable);
      g_clear_object (&self->engine);
      gtk_label_set_label (self->status_label, "");
      gtk_label_set_label (self->summary_label, _ ("Cancelled before any site was asked"));
      set_state (self, AURA_SCAN_PANEL_CANCELLED);
    }
  else if (self->state == AURA_SCAN_PANEL_RUNNING)
    {
      /* "finished" follows once the engine has dropped what was in flight. */
      gtk_widget_set_sensitive (self->cancel_button, FALSE);
      aura_username_scan_cancel (self->scan);
    }
}

static void
cancel_clicked_cb (AuraScanPanel *self)
{
  aura_scan_panel_cancel (self);
}

static void
run_again_clicked_cb (AuraScanPanel *self)
{
  g_autoptr (GError) error = NULL;

  if (self->store == NULL || self->username == NULL)
    return;
  if (!aura_scan_panel_start (self, self->store, self->investigation_id, self->seed_entity_id,
                              self->username, &error))
    toast (self, error->message);
}

static void
close_clicked_cb (AuraScanPanel *self)
{
  if (state_is_running (self->state))
    return;
  release_scan (self);
  clear_rows (self);
  self->n_hits = 0;
  set_state (self, AURA_SCAN_PANEL_IDLE);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/* ---- Getters ---------------------------------------------------------------- */

AuraScanPanelState
aura_scan_panel_get_state (AuraScanPanel *self)
{
  g_return_val_if_fail (AURA_IS_SCAN_PANEL (self), AURA_SCAN_PANEL_IDLE);
  return self->state;
}

gboolean
aura_scan_panel_get_running (AuraScanPanel *self)
{
  g_return_val_if_fail (AURA_IS_SCAN_PANEL (self), FALSE);
  return state_is_running (self->state);
}

AuraUsernameScan *
aura_scan_panel_get_scan (AuraScanPanel *self)
{
  g_return_val_if_fail (AURA_IS_SCAN_PANEL (self), NULL);
  return self->scan;
}

GtkListBox *
aura_scan_panel_get_rows (AuraScanPanel *self)
{
  g_return_val_if_fail (AURA_IS_SCAN_PANEL (self), NULL);
  return self->hits_list;
}

guint
aura_scan_panel_get_n_hits (AuraScanPanel *self)
{
  g_return_val_if_fail (AURA_IS_SCAN_PANEL (self), 0);
  return self->n_hits;
}

void
aura_scan_panel_set_show_all_checks (AuraScanPanel *self, gboolean show_all)
{
  g_return_if_fail (AURA_IS_SCAN_PANEL (self));
  gtk_toggle_button_set_active (self->all_checks_button, show_all);
}

const char *
aura_scan_panel_get_heading (AuraScanPanel *self)
{
  g_return_val_if_fail (AURA_IS_SCAN_PANEL (self), NULL);
  return gtk_label_get_label (self->heading_label);
}

const char *
aura_scan_panel_get_status (AuraScanPanel *self)
{
  g_return_val_if_fail (AURA_IS_SCAN_PANEL (self), NULL);
  return gtk_label_get_label (self->status_label);
}

const char *
aura_scan_panel_get_summary (AuraScanPanel *self)
{
  g_return_val_if_fail (AURA_IS_SCAN_PANEL (self), NULL);
  return gtk_label_get_label (self->summary_label);
}

double
aura_scan_panel_get_fraction (AuraScanPanel *self)
{
  g_return_val_if_fail (AURA_IS_SCAN_PANEL (self), 0.0);
  return gtk_progress_bar_get_fraction (self->progress_bar);
}

/* ---- GObject ---------------------------------------------------------------- */

AuraScanPanel *
aura_scan_panel_new (void)
{
  return g_object_new (AURA_TYPE_SCAN_PANEL, NULL);
}

static void
aura_scan_panel_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  AuraScanPanel *self = AURA_SCAN_PANEL (object);

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
aura_scan_panel_dispose (GObject *object)
{
  AuraScanPanel *self = AURA_SCAN_PANEL (object);
  GtkWidget *child;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  release_scan (self);
  g_clear_object (&self->engine);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), AURA_TYPE_SCAN_PANEL);
  /* The template's outer box has no id: unparent it by hand. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (aura_scan_panel_parent_class)->dispose (object);
}

static void
aura_scan_panel_finalize (GObject *object)
{
  AuraScanPanel *self = AURA_SCAN_PANEL (object);

  g_free (self->username);
  G_OBJECT_CLASS (aura_scan_panel_parent_class)->finalize (object);
}

static void
aura_scan_panel_class_init (AuraScanPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = aura_scan_panel_get_property;
  object_class->dispose = aura_scan_panel_dispose;
  object_class->finalize = aura_scan_panel_finalize;

  properties[PROP_RUNNING] =
      g_param_spec_boolean ("running", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/aura-scan-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, AuraScanPanel, heading_label);
  gtk_widget_class_bind_template_child (widget_class, AuraScanPanel, status_label);
  gtk_widget_class_bind_template_child (widget_class, AuraScanPanel, summary_label);
  gtk_widget_class_bind_template_child (widget_class, AuraScanPanel, placeholder_label);
  gtk_widget_class_bind_template_child (widget_class, AuraScanPanel, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, AuraScanPanel, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, AuraScanPanel, run_again_button);
  gtk_widget_class_bind_template_child (widget_class, AuraScanPanel, close_button);
  gtk_widget_class_bind_template_child (widget_class, AuraScanPanel, all_checks_button);
  gtk_widget_class_bind_template_child (widget_class, AuraScanPanel, hits_list);
  gtk_widget_class_bind_template_callback (widget_class, all_checks_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, run_again_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, close_clicked_cb);
}

static void
aura_scan_panel_init (AuraScanPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_sort_func (self->hits_list, compare_rows, NULL, NULL);
  update_controls (self);
}
