/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-app"
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "aura-app-util.h"
#include "aura-email-panel.h"
#include "aura-people-actions.h"

/* The address is parsed in the UI thread (instant: the provider and
 * disposable lists are in memory) and its facts shown at once. The email
 * scan (AuraEmailScan) is synchronous, with a main context of its own: it
 * runs in a GTask worker thread. Each account check's end is posted to the
 * UI thread as it happens; when the scan ends (and has recorded), its mail
 * servers, Gravatar and breaches are shown. A run carries a generation
 * number so that answers of a run replaced by *Run Again* are dropped. */

struct _AuraEmailPanel
{
  GtkWidget parent_instance;

  AuraEmailPanelState state;
  AuraStore *store;
  gint64 investigation_id;
  char *email;
  GCancellable *cancellable;
  guint generation;
  guint n_checked;
  guint n_registered;
  guint n_unknown;
  guint n_checks;
  GHashTable *facts;    /* title → AdwActionRow (owned by facts_list) */
  GHashTable *accounts; /* check id → AdwActionRow (owned by its list) */

  AuraApiKeys *keys;
  char **check_ids;
  char **check_urls;
  char *gravatar_url;
  char *hibp_url;
  char **dns_servers;

  GtkLabel *heading_label;
  GtkLabel *summary_label;
  GtkLabel *progress_label;
  GtkSpinner *spinner;
  GtkWidget *cancel_button;
  GtkWidget *run_again_button;
  GtkWidget *close_button;
  GtkListBox *facts_list;
  GtkWidget *registered_caption;
  GtkListBox *registered_list;
  GtkWidget *unknown_caption;
  GtkListBox *unknown_list;
};

G_DEFINE_FINAL_TYPE (AuraEmailPanel, aura_email_panel, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- State ---------------------------------------------------------------------- */

static void
update_controls (AuraEmailPanel *self)
{
  gboolean running = self->state == AURA_EMAIL_PANEL_RUNNING;

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), running);
  gtk_spinner_set_spinning (self->spinner, running);
  gtk_widget_set_visible (self->cancel_button, running);
  gtk_widget_set_visible (self->run_again_button, !running && self->state != AURA_EMAIL_PANEL_IDLE);
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label),
                          *gtk_label_get_label (self->summary_label) != '\0');
  gtk_widget_set_visible (GTK_WIDGET (self->progress_label), self->n_checks > 0);
  gtk_widget_set_visible (self->registered_caption, self->n_registered > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->registered_list), self->n_registered > 0);
  gtk_widget_set_visible (self->unknown_caption, self->n_unknown > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->unknown_list), self->n_unknown > 0);
}

static void
set_state (AuraEmailPanel *self, AuraEmailPanelState state)
{
  gboolean was_running = self->state == AURA_EMAIL_PANEL_RUNNING;

  self->state = state;
  update_controls (self);
  if (was_running != (state == AURA_EMAIL_PANEL_RUNNING))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
set_summary (AuraEmailPanel *self, const char *text)
{
  g_autofree char *shown = aura_people_displayable (text, 600);

  gtk_label_set_label (self->summary_label, shown);
  update_controls (self);
}

static void
update_progress (AuraEmailPanel *self)
{
  g_autofree char *checked = NULL;
  g_autofree char *text = NULL;

  /* Translators: the first part of “12 of 43 sites checked · 2 registered · 1 could not tell”. */
  checked = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u site checked",
                                          "%u of %u sites checked", self->n_checks),
                             self->n_checked, self->n_checks);
  text = g_strdup_printf (
      /* Translators: “12 of 43 sites checked”, then how many know the address, then how
         many did not answer clearly. */
      _ ("%s · %u registered · %u could not tell"), checked, self->n_registered, self->n_unknown);
  gtk_label_set_label (self->progress_label, text);
  update_controls (self);
}

/* ---- Facts ---------------------------------------------------------------------- */

static void
set_fact (AuraEmailPanel *self, const char *title, const char *value)
{
  aura_people_set_fact (self->facts_list, self->facts, title, value);
}

static const char *
provider_kind_label (AuraEmailProviderKind kind)
{
  switch (kind)
    {
      case AURA_EMAIL_PROVIDER_FREE_WEBMAIL:
        return _ ("free webmail");
      case AURA_EMAIL_PROVIDER_PRIVACY:
        return _ ("privacy-minded mail");
      case AURA_EMAIL_PROVIDER_ISP:
        return _ ("an internet provider’s mail");
      case AURA_EMAIL_PROVIDER_CORPORATE_SUITE:
        return _ ("an organisation’s hosted mail");
      case AURA_EMAIL_PROVIDER_HOSTING:
        return _ ("a web host’s mail");
      case AURA_EMAIL_PROVIDER_SECURITY_GATEWAY:
        return _ ("a mail filtering service");
      case AURA_EMAIL_PROVIDER_EDUCATION:
        return _ ("a school or university");
      case AURA_EMAIL_PROVIDER_DISPOSABLE:
      default:
        return _ ("throw-away mailboxes");
    }
}

static void
show_provider (AuraEmailPanel *self, const AuraEmailProvider *provider, gboolean by_mx)
{
  g_autofree char *text = NULL;

  if (provider == NULL)
    {
      set_fact (self, _ ("Provider"),
                _ ("Not a known provider: likely the organisation’s own mail domain"));
      return;
    }
  text = by_mx ? g_strdup_printf (
                     /* Translators: a provider's name, then its kind (“free webmail”). */
                     _ ("%s, %s (known by its mail servers)"), provider->name,
                     provider_kind_label (provider->kind))
               : g_strdup_printf (
                     /* Translators: a provider's name, then its kind (“free webmail”). */
                     _ ("%s, %s"), provider->name, provider_kind_label (provider->kind));
  set_fact (self, _ ("Provider"), text);
}

static void
show_address (AuraEmailPanel *self, const AuraEmailAddress *address)
{
  g_autoptr (GString) notes = g_string_new (NULL);

  set_fact (self, _ ("Address"), address->address);
  show_provider (self, address->provider, FALSE);
  if (address->flags & AURA_EMAIL_ADDRESS_DISPOSABLE)
    {
      g_autofree char *text = g_strdup_printf (
          /* Translators: %s is the entry of the disposable list that matched. */
          _ ("Yes: a throw-away mailbox (%s)"), address->disposable_match);
      set_fact (self, _ ("Disposable"), text);
    }
  else
    set_fact (self, _ ("Disposable"), _ ("No"));
  set_fact (self, _ ("Role Account"),
            (address->flags & AURA_EMAIL_ADDRESS_ROLE)
                ? _ ("Yes: a shared mailbox, not one person’s")
                : _ ("No"));
  if (address->canonical != NULL && g_strcmp0 (address->canonical, address->address) != 0)
    set_fact (self, _ ("Same Mailbox As"), address->canonical);
  set_fact (self, _ ("Username Candidate"),
            address->username != NULL           ? address->username
            : address->username_refusal != NULL ? address->username_refusal
                                                : _ ("None"));
  if (address->flags & AURA_EMAIL_ADDRESS_IDN)
    g_string_append_printf (notes, "%s\n", _ ("Internationalised domain name"));
  if (address->flags & AURA_EMAIL_ADDRESS_EAI)
    g_string_append_printf (notes, "%s\n", _ ("Non-ASCII local part: few servers accept it"));
  if (address->flags & AURA_EMAIL_ADDRESS_QUOTED)
    g_string_append_printf (notes, "%s\n", _ ("Quoted local part"));
  if (address->flags & AURA_EMAIL_ADDRESS_IP_LITERAL)
    g_string_append_printf (notes, "%s\n", _ ("An IP address instead of a domain"));
  if (address->flags & AURA_EMAIL_ADDRESS_STRIPPED)
    g_string_append_printf (notes, "%s\n", _ ("Taken from a longer text (a name or brackets)"));
  if (notes->len > 0)
    {
      g_string_truncate (notes, notes->len - 1);
      set_fact (self, _ ("Notes"), notes->str);
    }
}

static char *
mx_text (const AuraEmailMxResult *mx)
{
  g_autoptr (GString) text = g_string_new (NULL);

  switch (mx->status)
    {
      case AURA_EMAIL_MX_DELIVERABLE:
        g_string_append (text, _ ("Takes mail:"));
        for (guint i = 0; i < mx->mx->len && i < 4; i++)
          {
            const AuraDnsRecord *record = mx->mx->pdata[i];

            g_string_append_printf (text, "%s%s", i > 0 ? ", " : " ", record->target);
          }
        if (mx->mx->len > 4)
          g_string_append (text, ", …");
        break;
      case AURA_EMAIL_MX_IMPLICIT:
        g_string_append (text, _ ("Takes mail at the domain’s own address (no MX record)"));
        break;
      case AURA_EMAIL_MX_NULL_MX:
        g_string_append (text, _ ("Says it takes no mail (null MX)"));
        break;
      case AURA_EMAIL_MX_NO_DOMAIN:
        g_string_append (text, _ ("The domain does not exist"));
        break;
      case AURA_EMAIL_MX_NO_MAIL:
        g_string_append (text, _ ("The domain exists but cannot receive mail"));
        break;
      case AURA_EMAIL_MX_UNKNOWN:
      default:
        g_string_append_printf (text, _ ("The DNS did not say: %s"),
                                mx->reason != NULL ? mx->reason : _ ("no answer"));
        break;
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
show_gravatar (AuraEmailPanel *self, const AuraGravatarResult *gravatar)
{
  g_autoptr (GString) text = g_string_new (NULL);

  if (gravatar->profile == AURA_EMAIL_LOOKUP_FOUND)
    {
      g_string_append (text, gravatar->display_name != NULL ? gravatar->display_name
                             : gravatar->username != NULL   ? gravatar->username
                                                            : _ ("A public profile"));
      if (gravatar->location != NULL)
        g_string_append_printf (text, " · %s", gravatar->location);
      if (gravatar->company != NULL)
        g_string_append_printf (text, " · %s", gravatar->company);
      if (gravatar->accounts != NULL && gravatar->accounts->len > 0)
        g_string_append_printf (text,
                                g_dngettext (GETTEXT_PACKAGE, " · %u linked account",
                                             " · %u linked accounts", gravatar->accounts->len),
                                gravatar->accounts->len);
      if (gravatar->profile_url != NULL)
        g_string_append_printf (text, "\n%s", gravatar->profile_url);
    }
  else if (gravatar->avatar == AURA_EMAIL_LOOKUP_FOUND)
    g_string_append (text, _ ("An avatar, but no public profile"));
  else if (gravatar->profile == AURA_EMAIL_LOOKUP_NONE)
    g_string_append (text, _ ("No Gravatar for this address"));
  else
    g_string_append (text, gravatar->profile_reason != NULL ? gravatar->profile_reason
                                                            : _ ("Gravatar did not answer"));
  set_fact (self, _ ("Gravatar"), text->str);
}

static void
show_breaches (AuraEmailPanel *self, const AuraHibpResult *hibp)
{
  g_autoptr (GString) text = g_string_new (NULL);

  switch (hibp->breaches_state)
    {
      case AURA_EMAIL_LOOKUP_FOUND:
        g_string_append_printf (
            text,
            g_dngettext (GETTEXT_PACKAGE, "In %u breach:", "In %u breaches:", hibp->breaches->len),
            hibp->breaches->len);
        for (guint i = 0; i < hibp->breaches->len && i < 8; i++)
          {
            const AuraHibpBreach *breach = hibp->breaches->pdata[i];

            g_string_append_printf (text, "%s%s", i > 0 ? ", " : " ",
                                    breach->title != NULL ? breach->title : breach->name);
          }
        if (hibp->breaches->len > 8)
          g_string_append (text, ", …");
        break;
      case AURA_EMAIL_LOOKUP_NONE:
        g_string_append (text, _ ("In no breach Have I Been Pwned knows"));
        break;
      case AURA_EMAIL_LOOKUP_SKIPPED:
        g_string_append (text, _ ("Add a Have I Been Pwned key (“hibp”) to look up breaches"));
        break;
      case AURA_EMAIL_LOOKUP_UNKNOWN:
      default:
        g_string_append (text, hibp->breaches_reason != NULL
                                   ? hibp->breaches_reason
                                   : _ ("Have I Been Pwned did not answer"));
        break;
    }
  set_fact (self, _ ("Breaches"), text->str);
}

/* ---- Accounts ------------------------------------------------------------------- */

static const char *
reason_label (AuraEmailCheckReason reason)
{
  switch (reason)
    {
      case AURA_EMAIL_CHECK_REASON_RATE_LIMITED:
        return _ ("Rate limited: try again later");
      case AURA_EMAIL_CHECK_REASON_BLOCKED:
        return _ ("Blocked by a bot wall");
      case AURA_EMAIL_CHECK_REASON_TIMEOUT:
        return _ ("No answer in time");
      case AURA_EMAIL_CHECK_REASON_NETWORK:
        return _ ("Network error");
      case AURA_EMAIL_CHECK_REASON_SERVER_ERROR:
        return _ ("The site failed");
      case AURA_EMAIL_CHECK_REASON_NOT_JSON:
        return _ ("An answer the check cannot read");
      case AURA_EMAIL_CHECK_REASON_NO_TOKEN:
        return _ ("The site’s form has changed");
      case AURA_EMAIL_CHECK_REASON_CANCELLED:
        return _ ("Cancelled");
      case AURA_EMAIL_CHECK_REASON_INCONCLUSIVE:
      case AURA_EMAIL_CHECK_REASON_MATCHED:
      default:
        return _ ("The answer matched neither way");
    }
}

/* What the UI thread needs of one check's end (the result itself belongs
 * to the scan, in the worker). */
typedef struct
{
  char *check_id;
  char *name;
  AuraVerdict verdict;
  AuraEmailCheckReason reason_kind;
  char *reason;
  char *hints;
  guint n_done;
  guint n_checks;
} CheckUpdate;

static void
check_update_free (CheckUpdate *update)
{
  g_free (update->check_id);
  g_free (update->name);
  g_free (update->reason);
  g_free (update->hints);
  g_free (update);
}

static char *
hints_text (const AuraEmailCheckResult *result)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; result->hints != NULL && i < result->hints->len; i++)
    {
      const AuraEmailHint *hint = result->hints->pdata[i];

      if (text->len > 0)
        g_string_append (text, "\n");
      g_string_append_printf (text,
                              hint->kind == AURA_EMAIL_HINT_PHONE
                                  /* Translators: %s is a masked phone number a site showed. */
                                  ? _ ("Recovery phone: %s")
                                  /* Translators: %s is a masked address a site showed. */
                                  : _ ("Recovery address: %s"),
                              hint->value);
    }
  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

static void
add_account (AuraEmailPanel *self, const CheckUpdate *update)
{
  GtkWidget *row;
  GtkListBox *list;
  const char *subtitle;

  self->n_checked = update->n_done;
  self->n_checks = update->n_checks;
  if (update->verdict == AURA_VERDICT_NOT_FOUND)
    {
      update_progress (self);
      return;
    }
  if (update->verdict == AURA_VERDICT_FOUND)
    {
      self->n_registered++;
      list = self->registered_list;
      subtitle = update->hints != NULL ? update->hints : _ ("Registered");
    }
  else
    {
      self->n_unknown++;
      list = self->unknown_list;
      subtitle = reason_label (update->reason_kind);
    }
  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), update->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  /* The check's own words, untranslated, for whoever wants the detail. */
  if (update->reason != NULL)
    gtk_widget_set_tooltip_text (row, update->reason);
  g_hash_table_replace (self->accounts, g_strdup (update->check_id), row);
  gtk_list_box_append (list, row);
  update_progress (self);
}

/* ---- The scan, in a worker thread ----------------------------------------------- */

typedef struct
{
  GWeakRef panel;
  guint generation;
  GMainContext *ui_context;
  AuraEngine *engine;
  AuraStore *store;
  gint64 investigation_id;
  char *email;
  AuraApiKeys *keys;
  char **check_ids;
  char **check_urls;
  char *gravatar_url;
  char *hibp_url;
  char **dns_servers;
  gboolean loopback_only;
} Job;

static void
job_clear (gpointer data)
{
  Job *job = data;

  g_weak_ref_clear (&job->panel);
  g_main_context_unref (job->ui_context);
  g_object_unref (job->engine);
  g_object_unref (job->store);
  g_free (job->email);
  g_clear_object (&job->keys);
  g_strfreev (job->check_ids);
  g_strfreev (job->check_urls);
  g_free (job->gravatar_url);
  g_free (job->hibp_url);
  g_strfreev (job->dns_servers);
}

static void
job_unref (Job *job)
{
  g_atomic_rc_box_release_full (job, job_clear);
}

typedef struct
{
  Job *job;
  CheckUpdate *update;
} Posted;

static void
posted_free (gpointer data)
{
  Posted *posted = data;

  job_unref (posted->job);
  check_update_free (posted->update);
  g_free (posted);
}

static gboolean
apply_update (gpointer data)
{
  Posted *posted = data;
  g_autoptr (AuraEmailPanel) self = g_weak_ref_get (&posted->job->panel);

  if (self != NULL && self->generation == posted->job->generation &&
      self->state == AURA_EMAIL_PANEL_RUNNING)
    add_account (self, posted->update);
  return G_SOURCE_REMOVE;
}

/* In the worker thread, as each check ends. */
static void
check_result_cb (const AuraEmailCheckResult *result,
                 guint n_done,
                 guint n_checks,
                 gpointer user_data)
{
  Job *job = user_data;
  Posted *posted = g_new0 (Posted, 1);
  CheckUpdate *update = g_new0 (CheckUpdate, 1);

  update->check_id = g_strdup (result->check_id);
  update->name = g_strdup (result->name != NULL ? result->name : result->check_id);
  update->verdict = result->verdict;
  update->reason_kind = result->reason_kind;
  update->reason = g_strdup (result->reason);
  update->hints = hints_text (result);
  update->n_done = n_done;
  update->n_checks = n_checks;
  posted->job = g_atomic_rc_box_acquire (job);
  posted->update = update;
  g_main_context_invoke_full (job->ui_context, G_PRIORITY_DEFAULT, apply_update, posted,
                              posted_free);
}

typedef struct
{
  AuraEmailScan *scan;
  GError *error;
} Outcome;

static void
outcome_free (Outcome *outcome)
{
  if (outcome == NULL)
    return;
  g_clear_pointer (&outcome->scan, aura_email_scan_free);
  g_clear_error (&outcome->error);
  g_free (outcome);
}

static void
scan_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Job *job = task_data;
  Outcome *outcome = g_new0 (Outcome, 1);
  AuraEmailScanOptions options = { 0 };
  AuraGravatarOptions gravatar = { 0 };
  AuraHibpOptions hibp = { 0 };

  options.email = job->email;
  options.investigation_id = job->investigation_id;
  options.check_ids = (const char *const *)job->check_ids;
  options.url_overrides = (const char *const *)job->check_urls;
  options.keys = job->keys;
  options.dns_servers = (const char *const *)job->dns_servers;
  options.loopback_only = job->loopback_only;
  options.on_check_result = check_result_cb;
  options.user_data = job;
  if (job->gravatar_url != NULL)
    {
      gravatar.avatar_base = gravatar.profile_base = gravatar.api_base = job->gravatar_url;
      options.gravatar = &gravatar;
    }
  if (job->hibp_url != NULL)
    {
      hibp.base_url = job->hibp_url;
      options.hibp = &hibp;
    }
  outcome->scan = aura_email_scan_new (job->engine, job->store, &options, &outcome->error);
  if (outcome->scan != NULL)
    aura_email_scan_run (outcome->scan, cancellable, &outcome->error);
  g_task_return_pointer (task, outcome, (GDestroyNotify)outcome_free);
}

static void
show_outcome (AuraEmailPanel *self, AuraEmailScan *scan)
{
  const AuraEmailMxResult *mx = aura_email_scan_get_mx (scan);

  if (mx != NULL)
    {
      g_autofree char *text = mx_text (mx);

      set_fact (self, _ ("Mail Servers"), text);
      if (mx->provider != NULL && mx->provider_by_mx)
        show_provider (self, mx->provider, TRUE);
    }
  else if (aura_email_scan_get_mx_error (scan) != NULL)
    set_fact (self, _ ("Mail Servers"), aura_email_scan_get_mx_error (scan));
  if (aura_email_scan_get_gravatar (scan) != NULL)
    show_gravatar (self, aura_email_scan_get_gravatar (scan));
  else if (aura_email_scan_get_gravatar_error (scan) != NULL)
    set_fact (self, _ ("Gravatar"), aura_email_scan_get_gravatar_error (scan));
  if (aura_email_scan_get_hibp (scan) != NULL)
    show_breaches (self, aura_email_scan_get_hibp (scan));
  else if (aura_email_scan_get_hibp_error (scan) != NULL)
    set_fact (self, _ ("Breaches"), aura_email_scan_get_hibp_error (scan));
}

static void
scan_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (AuraEmailPanel) self = g_weak_ref_get (&job->panel);
  Outcome *outcome = g_task_propagate_pointer (G_TASK (result), NULL);
  g_autofree char *summary = NULL;

  if (self == NULL || outcome == NULL || self->generation != job->generation ||
      self->state != AURA_EMAIL_PANEL_RUNNING)
    {
      outcome_free (outcome);
      return;
    }
  if (outcome->scan != NULL)
    show_outcome (self, outcome->scan);
  if (outcome->error != NULL)
    {
      /* Translators: %s says why the email scan failed or could not record. */
      summary = g_strdup_printf (_ ("The scan failed: %s"), outcome->error->message);
      set_summary (self, summary);
      set_state (self, AURA_EMAIL_PANEL_FAILED);
    }
  else
    {
      summary = g_strdup_printf (
          g_dngettext (GETTEXT_PACKAGE, "Registered on %u site; recorded in the investigation",
                       "Registered on %u sites; recorded in the investigation", self->n_registered),
          self->n_registered);
      set_summary (self, summary);
      set_state (self, AURA_EMAIL_PANEL_FINISHED);
    }
  outcome_free (outcome);
}

/* ---- Starting ------------------------------------------------------------------- */

static void
clear_list (GtkListBox *list)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

static void
reset_view (AuraEmailPanel *self)
{
  g_hash_table_remove_all (self->facts);
  g_hash_table_remove_all (self->accounts);
  clear_list (self->facts_list);
  clear_list (self->registered_list);
  clear_list (self->unknown_list);
  self->n_checked = self->n_registered = self->n_unknown = self->n_checks = 0;
  gtk_label_set_label (self->summary_label, "");
  gtk_label_set_label (self->progress_label, "");
}

static Job *
job_new (AuraEmailPanel *self, AuraEngine *engine)
{
  Job *job = g_atomic_rc_box_new0 (Job);

  g_weak_ref_init (&job->panel, self);
  job->generation = self->generation;
  job->ui_context = g_main_context_ref_thread_default ();
  job->engine = g_object_ref (engine);
  job->store = g_object_ref (self->store);
  job->investigation_id = self->investigation_id;
  job->email = g_strdup (self->email);
  job->keys = self->keys != NULL ? g_object_ref (self->keys) : NULL;
  job->check_ids = g_strdupv (self->check_ids);
  job->check_urls = g_strdupv (self->check_urls);
  job->gravatar_url = g_strdup (self->gravatar_url);
  job->hibp_url = g_strdup (self->hibp_url);
  job->dns_servers = g_strdupv (self->dns_servers);
  /* As the engine: AURA_LOOPBACK_ONLY=1 (the tests) keeps the resolvers on
   * loopback too. */
  job->loopback_only =
      self->dns_servers != NULL || g_strcmp0 (g_getenv ("AURA_LOOPBACK_ONLY"), "1") == 0;
  return job;
}

gboolean
aura_email_panel_start (AuraEmailPanel *self,
                        AuraStore *store,
                        gint64 investigation_id,
                        const char *email,
                        GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (AuraEmailAddress) address = NULL;
  g_autoptr (GTask) task = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *heading = NULL;
  AuraEngine *engine;
  char *copy;

  g_return_val_if_fail (AURA_IS_EMAIL_PANEL (self), FALSE);
  g_return_val_if_fail (AURA_IS_STORE (store), FALSE);
  g_return_val_if_fail (email != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->state == AURA_EMAIL_PANEL_RUNNING)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                           _ ("An email check is already running here: cancel it, or wait "
                              "until it ends"));
      return FALSE;
    }
  g_set_object (&self->store, store);
  self->investigation_id = investigation_id;
  copy = g_strdup (email);
  g_free (self->email);
  self->email = copy;
  self->generation++;
  reset_view (self);
  shown = aura_people_displayable (email, 80);
  /* Translators: %s is the email address checked. */
  heading = g_strdup_printf (_ ("Email Address “%s”"), shown);
  gtk_label_set_label (self->heading_label, heading);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);

  address = aura_email_parse (email, AURA_EMAIL_PARSE_STRIP, &local_error);
  if (address == NULL)
    {
      set_summary (self, local_error->message);
      set_state (self, AURA_EMAIL_PANEL_FAILED);
      return TRUE;
    }
  show_address (self, address);
  engine = aura_people_find_engine (GTK_WIDGET (self), &local_error);
  if (engine == NULL)
    {
      set_summary (self, local_error->message);
      set_state (self, AURA_EMAIL_PANEL_FAILED);
      return TRUE;
    }
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_fact (self, _ ("Mail Servers"), _ ("Asking the DNS…"));
  set_state (self, AURA_EMAIL_PANEL_RUNNING);
  task = g_task_new (NULL, self->cancellable, scan_done_cb, NULL);
  g_task_set_source_tag (task, aura_email_panel_start);
  /* The outcome always comes back: a cancelled scan's is dropped above. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, job_new (self, engine), (GDestroyNotify)job_unref);
  g_task_run_in_thread (task, scan_thread);
  return TRUE;
}

void
aura_email_panel_cancel (AuraEmailPanel *self)
{
  g_return_if_fail (AURA_IS_EMAIL_PANEL (self));

  if (self->state != AURA_EMAIL_PANEL_RUNNING)
    return;
  g_cancellable_cancel (self->cancellable);
  set_summary (self, _ ("Cancelled: nothing was recorded"));
  set_state (self, AURA_EMAIL_PANEL_CANCELLED);
}

void
aura_email_panel_set_test_options (AuraEmailPanel *self,
                                   AuraApiKeys *keys,
                                   const char *const *check_ids,
                                   const char *const *check_urls,
                                   const char *gravatar_url,
                                   const char *hibp_url,
                                   const char *const *dns_servers)
{
  g_return_if_fail (AURA_IS_EMAIL_PANEL (self));
  g_return_if_fail (keys == NULL || AURA_IS_API_KEYS (keys));

  g_set_object (&self->keys, keys);
  g_strfreev (self->check_ids);
  self->check_ids = g_strdupv ((char **)check_ids);
  g_strfreev (self->check_urls);
  self->check_urls = g_strdupv ((char **)check_urls);
  g_free (self->gravatar_url);
  self->gravatar_url = g_strdup (gravatar_url);
  g_free (self->hibp_url);
  self->hibp_url = g_strdup (hibp_url);
  g_strfreev (self->dns_servers);
  self->dns_servers = g_strdupv ((char **)dns_servers);
}

static void
cancel_clicked_cb (AuraEmailPanel *self)
{
  aura_email_panel_cancel (self);
}

static void
run_again_clicked_cb (AuraEmailPanel *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *email = g_strdup (self->email);

  if (self->store == NULL || email == NULL)
    return;
  if (!aura_email_panel_start (self, self->store, self->investigation_id, email, &error))
    aura_people_toast (GTK_WIDGET (self), error->message);
}

static void
close_clicked_cb (AuraEmailPanel *self)
{
  aura_email_panel_cancel (self);
  reset_view (self);
  set_state (self, AURA_EMAIL_PANEL_IDLE);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/* ---- Getters -------------------------------------------------------------------- */

AuraEmailPanelState
aura_email_panel_get_state (AuraEmailPanel *self)
{
  g_return_val_if_fail (AURA_IS_EMAIL_PANEL (self), AURA_EMAIL_PANEL_IDLE);
  return self->state;
}

gboolean
aura_email_panel_get_running (AuraEmailPanel *self)
{
  g_return_val_if_fail (AURA_IS_EMAIL_PANEL (self), FALSE);
  return self->state == AURA_EMAIL_PANEL_RUNNING;
}

const char *
aura_email_panel_get_fact (AuraEmailPanel *self, const char *title)
{
  GtkWidget *row;

  g_return_val_if_fail (AURA_IS_EMAIL_PANEL (self), NULL);
  g_return_val_if_fail (title != NULL, NULL);
  row = g_hash_table_lookup (self->facts, title);
  return row != NULL ? adw_action_row_get_subtitle (ADW_ACTION_ROW (row)) : NULL;
}

guint
aura_email_panel_get_n_checked (AuraEmailPanel *self)
{
  g_return_val_if_fail (AURA_IS_EMAIL_PANEL (self), 0);
  return self->n_checked;
}

guint
aura_email_panel_get_n_registered (AuraEmailPanel *self)
{
  g_return_val_if_fail (AURA_IS_EMAIL_PANEL (self), 0);
  return self->n_registered;
}

const char *
aura_email_panel_get_account (AuraEmailPanel *self, const char *check_id)
{
  GtkWidget *row;

  g_return_val_if_fail (AURA_IS_EMAIL_PANEL (self), NULL);
  g_return_val_if_fail (check_id != NULL, NULL);
  row = g_hash_table_lookup (self->accounts, check_id);
  return row != NULL ? adw_action_row_get_subtitle (ADW_ACTION_ROW (row)) : NULL;
}

const char *
aura_email_panel_get_summary (AuraEmailPanel *self)
{
  g_return_val_if_fail (AURA_IS_EMAIL_PANEL (self), NULL);
  return gtk_label_get_label (self->summary_label);
}

/* ---- GObject -------------------------------------------------------------------- */

AuraEmailPanel *
aura_email_panel_new (void)
{
  return g_object_new (AURA_TYPE_EMAIL_PANEL, NULL);
}

static void
aura_email_panel_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  AuraEmailPanel *self = AURA_EMAIL_PANEL (object);

  switch (prop_id)
    {
      case PROP_RUNNING:
        g_value_set_boolean (value, self->state == AURA_EMAIL_PANEL_RUNNING);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aura_email_panel_dispose (GObject *object)
{
  AuraEmailPanel *self = AURA_EMAIL_PANEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->keys);
  gtk_widget_dispose_template (GTK_WIDGET (self), AURA_TYPE_EMAIL_PANEL);
  aura_widget_unparent_children (GTK_WIDGET (self));
  G_OBJECT_CLASS (aura_email_panel_parent_class)->dispose (object);
}

static void
aura_email_panel_finalize (GObject *object)
{
  AuraEmailPanel *self = AURA_EMAIL_PANEL (object);

  g_free (self->email);
  g_strfreev (self->check_ids);
  g_strfreev (self->check_urls);
  g_free (self->gravatar_url);
  g_free (self->hibp_url);
  g_strfreev (self->dns_servers);
  g_hash_table_unref (self->facts);
  g_hash_table_unref (self->accounts);
  G_OBJECT_CLASS (aura_email_panel_parent_class)->finalize (object);
}

static void
aura_email_panel_class_init (AuraEmailPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = aura_email_panel_get_property;
  object_class->dispose = aura_email_panel_dispose;
  object_class->finalize = aura_email_panel_finalize;

  properties[PROP_RUNNING] =
      g_param_spec_boolean ("running", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/aura-email-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, AuraEmailPanel, heading_label);
  gtk_widget_class_bind_template_child (widget_class, AuraEmailPanel, summary_label);
  gtk_widget_class_bind_template_child (widget_class, AuraEmailPanel, progress_label);
  gtk_widget_class_bind_template_child (widget_class, AuraEmailPanel, spinner);
  gtk_widget_class_bind_template_child (widget_class, AuraEmailPanel, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, AuraEmailPanel, run_again_button);
  gtk_widget_class_bind_template_child (widget_class, AuraEmailPanel, close_button);
  gtk_widget_class_bind_template_child (widget_class, AuraEmailPanel, facts_list);
  gtk_widget_class_bind_template_child (widget_class, AuraEmailPanel, registered_caption);
  gtk_widget_class_bind_template_child (widget_class, AuraEmailPanel, registered_list);
  gtk_widget_class_bind_template_child (widget_class, AuraEmailPanel, unknown_caption);
  gtk_widget_class_bind_template_child (widget_class, AuraEmailPanel, unknown_list);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, run_again_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, close_clicked_cb);
}

static void
aura_email_panel_init (AuraEmailPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->facts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->accounts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  update_controls (self);
}
