/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-app"
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "aura-adapter-job.h"
#include "aura-app-util.h"
#include "aura-people-actions.h"

/* The whole run happens in one worker thread: the program's check (a
 * version probe, bounded), the run with its own main context (as
 * aura-cli does), and the recording. The UI thread only shows toasts. */

typedef struct
{
  AuraStore *store;
  gint64 investigation_id;
  AuraAdapter *adapter;
  AuraEntityType type;
  char *value;
  GWeakRef widget;
  AdwToast *running_toast;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_object_unref (job->store);
  aura_adapter_unref (job->adapter);
  g_free (job->value);
  g_weak_ref_clear (&job->widget);
  g_clear_object (&job->running_toast);
  g_free (job);
}

typedef struct
{
  AuraAdapter *adapter;
  AuraAdapterResult *result;
  GError *error;
  gboolean done;
} Run;

static void
run_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Run *run = user_data;

  run->result = aura_adapter_run_finish (run->adapter, result, &run->error);
  run->done = TRUE;
}

/* The last non-empty line of @text, for a toast. */
static char *
last_line (const char *text)
{
  g_auto (GStrv) lines = g_strsplit (text != NULL ? text : "", "\n", -1);

  for (guint i = g_strv_length (lines); i > 0; i--)
    {
      g_strstrip (lines[i - 1]);
      if (*lines[i - 1] != '\0')
        return g_strdup (lines[i - 1]);
    }
  return NULL;
}

static void
job_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr (AuraAdapterAvailability) availability = aura_adapter_check (job->adapter, cancellable);
  g_autoptr (GMainContext) context = NULL;
  g_autoptr (AuraAdapterResult) result = NULL;
  g_autofree char *why = NULL;
  GError *error = NULL;
  Run run = { job->adapter, NULL, NULL, FALSE };

  if (availability->state != AURA_ADAPTER_AVAILABLE)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s",
                               availability->detail != NULL ? availability->detail
                                                            : _ ("The program is not installed"));
      return;
    }
  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  aura_adapter_run_async (job->adapter, job->type, job->value, NULL, cancellable, run_done, &run);
  while (!run.done)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);
  if (run.result == NULL)
    {
      g_task_return_error (task, run.error);
      return;
    }
  result = run.result;
  if (aura_adapter_result_get_killed (result) == AURA_ADAPTER_KILL_CANCELLED)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                               _ ("Stopped: nothing was recorded"));
      return;
    }
  /* What a failed run mapped is still recorded, with its scan marked failed. */
  if (aura_adapter_record_run (job->store, job->investigation_id, job->adapter, job->type,
                               job->value, result, &error) == 0)
    {
      g_task_return_error (task, error);
      return;
    }
  if (aura_adapter_result_get_success (result))
    {
      g_task_return_int (task, aura_adapter_result_get_findings (result)->len);
      return;
    }
  switch (aura_adapter_result_get_killed (result))
    {
      case AURA_ADAPTER_KILL_TIMEOUT:
        why = g_strdup (_ ("it ran past its time limit"));
        break;
      case AURA_ADAPTER_KILL_OUTPUT_LIMIT:
        why = g_strdup (_ ("it wrote more than Aura reads"));
        break;
      default:
        why = aura_adapter_result_get_output_error (result) != NULL
                  ? g_strdup (aura_adapter_result_get_output_error (result))
                  : last_line (aura_adapter_result_get_stderr (result));
        if (why == NULL)
          why =
              g_strdup_printf (_ ("exit status %d"), aura_adapter_result_get_exit_status (result));
        break;
    }
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", why);
}

static void
forward_cancel (GCancellable *cancellable, gpointer own)
{
  g_cancellable_cancel (G_CANCELLABLE (own));
}

static void
stop_clicked_cb (AdwToast *toast, GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
}

static void
job_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = G_TASK (result);
  Job *job = g_task_get_task_data (task);
  g_autoptr (GtkWidget) widget = g_weak_ref_get (&job->widget);
  g_autoptr (GError) error = NULL;
  gssize n = g_task_propagate_int (task, &error);
  g_autofree char *message = NULL;
  GTask *outer = user_data;

  if (job->running_toast != NULL)
    adw_toast_dismiss (job->running_toast);
  if (error != NULL)
    /* Translators: a tool's name, then why it failed. */
    message = g_strdup_printf (_ ("%s: %s"), aura_adapter_get_name (job->adapter), error->message);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s found %zd entity; recorded",
                                            "%s found %zd entities; recorded", n),
                               aura_adapter_get_name (job->adapter), n);
  if (widget != NULL)
    aura_people_toast (widget, message);
  if (error != NULL)
    g_task_return_error (outer, g_steal_pointer (&error));
  else
    g_task_return_int (outer, n);
  g_object_unref (outer);
}

void
aura_adapter_job_start (GtkWidget *widget,
                        AuraStore *store,
                        gint64 investigation_id,
                        AuraAdapter *adapter,
                        AuraEntityType type,
                        const char *value,
                        GCancellable *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer user_data)
{
  g_autoptr (GCancellable) own = NULL;
  g_autoptr (GTask) task = NULL;
  GTask *outer;
  GtkWidget *overlay;
  Job *job;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (AURA_IS_STORE (store));
  g_return_if_fail (adapter != NULL && value != NULL);

  /* A cancellable of the job's own, for its Stop button, that the
   * caller's cancels too. */
  own = g_cancellable_new ();
  if (cancellable != NULL)
    g_cancellable_connect (cancellable, G_CALLBACK (forward_cancel), g_object_ref (own),
                           g_object_unref);
  outer = g_task_new (NULL, own, callback, user_data);
  g_task_set_source_tag (outer, aura_adapter_job_start);
  /* The run's own words say it was stopped; a run that ended just before
   * Stop keeps its result. */
  g_task_set_check_cancellable (outer, FALSE);
  job = g_new0 (Job, 1);
  job->store = g_object_ref (store);
  job->investigation_id = investigation_id;
  job->adapter = aura_adapter_ref (adapter);
  job->type = type;
  job->value = g_strdup (value);
  g_weak_ref_init (&job->widget, widget);
  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    {
      g_autofree char *shown = aura_people_displayable (value, 60);
      g_autofree char *title =
          /* Translators: a tool's name, then the value it runs on. */
          g_strdup_printf (_ ("Running %s on “%s”…"), aura_adapter_get_name (adapter), shown);

      job->running_toast = g_object_ref_sink (aura_toast_new_plain (title));
      adw_toast_set_timeout (job->running_toast, 0);
      adw_toast_set_button_label (job->running_toast, _ ("_Stop"));
      g_signal_connect_object (job->running_toast, "button-clicked", G_CALLBACK (stop_clicked_cb),
                               own, 0);
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), g_object_ref (job->running_toast));
    }
  task = g_task_new (NULL, own, job_done, outer);
  g_task_set_source_tag (task, aura_adapter_job_start);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, job_thread);
}

gssize
aura_adapter_job_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), -1);
  return g_task_propagate_int (G_TASK (result), error);
}
