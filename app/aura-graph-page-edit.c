/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-app"
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "aura-graph-analytics.h"
#include "aura-graph-page-private.h"

/* What changes the graph from its page: deleting entities (at once, with
 * an undo toast that restores them), merging duplicates after a
 * confirmation, and exporting the view as PNG or SVG. */

/* ---- Deleting with undo ------------------------------------------------------ */

/* A deletion happens at once in the store, which hands back an undo
 * record of every row it removed; the toast keeps the record, and Undo
 * puts the rows back (same ids, positions, relations). The node is hidden
 * at once; the page's reload after the store's change drops it, and the
 * reload after a restore brings it back. Neither job is cancelled with
 * the page: what the person did or undid happens even if the page goes. */
typedef struct
{
  GWeakRef page;
  AuraStore *store;
  gint64 investigation_id;
  gint64 entity_id;
  char *value;    /* for the toast */
  char *snapshot; /* the undo record, once the deletion is done */
  gboolean undone;
} DeleteRecord;

static void
delete_record_free (gpointer data)
{
  DeleteRecord *record = data;

  g_weak_ref_clear (&record->page);
  g_clear_object (&record->store);
  g_free (record->value);
  g_free (record->snapshot);
  g_free (record);
}

static Job *
record_job (DeleteRecord *record, JobKind kind)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->store = g_object_ref (record->store);
  job->investigation_id = record->investigation_id;
  job->entity_id = record->entity_id;
  return job;
}

static void
restore_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraGraphPage) self = g_weak_ref_get (user_data);

  if (!g_task_propagate_boolean (G_TASK (result), &error) && self != NULL)
    toast_text (self, error->message);
  else if (self != NULL)
    self->n_restores++;
  g_weak_ref_clear (user_data);
  g_free (user_data);
}

static void
undo_record (DeleteRecord *record)
{
  g_autoptr (AuraGraphPage) page = g_weak_ref_get (&record->page);
  GWeakRef *ref;
  Job *job;

  if (record->undone || record->snapshot == NULL)
    return;
  record->undone = TRUE;
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, page);
  job = record_job (record, JOB_RESTORE);
  job->snapshot = g_strdup (record->snapshot);
  job_start (job, NULL, restore_done_cb, ref);
}

static void
undo_clicked_cb (AdwToast *toast, DeleteRecord *record)
{
  undo_record (record);
}

static void
toast_dismissed_cb (AdwToast *toast, DeleteRecord *record)
{
  g_autoptr (AuraGraphPage) self = g_weak_ref_get (&record->page);

  if (self != NULL)
    g_ptr_array_remove (self->undoable, record);
}

static void
show_undo_toast (AuraGraphPage *self, DeleteRecord *record)
{
  AdwToastOverlay *overlay = toast_overlay (self);
  g_autofree char *value = NULL;
  AdwToast *toast;

  if (overlay == NULL)
    {
      delete_record_free (record);
      return;
    }
  value = g_markup_escape_text (record->value, -1);
  /* Translators: %s is an entity's value. */
  toast = adw_toast_new_format (_ ("“%s” deleted"), value);
  adw_toast_set_button_label (toast, _ ("_Undo"));
  g_signal_connect (toast, "button-clicked", G_CALLBACK (undo_clicked_cb), record);
  g_signal_connect (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), record);
  /* The toast owns the record; the page only lists it, for tests. */
  g_object_set_data_full (G_OBJECT (toast), "aura-delete-record", record, delete_record_free);
  g_ptr_array_add (self->undoable, record);
  adw_toast_overlay_add_toast (overlay, toast);
}

static void
delete_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  DeleteRecord *record = user_data;
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraGraphPage) self = g_weak_ref_get (&record->page);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (self != NULL)
        {
          AuraGraph *graph = aura_graph_view_get_graph (self->view);
          gint node = graph != NULL ? aura_graph_find_node (graph, record->entity_id) : -1;

          if (node >= 0)
            aura_graph_view_set_node_hidden (self->view, (guint)node, FALSE);
          toast_text (self, error->message);
        }
      delete_record_free (record);
      return;
    }
  record->snapshot = g_steal_pointer (&job->snapshot);
  if (self == NULL)
    delete_record_free (record);
  else
    show_undo_toast (self, record);
}

void
aura_graph_page_delete_node (AuraGraphPage *self, guint node)
{
  AuraGraph *graph;
  DeleteRecord *record;

  g_return_if_fail (AURA_IS_GRAPH_PAGE (self));
  graph = aura_graph_view_get_graph (self->view);
  g_return_if_fail (graph != NULL && node < graph->n_nodes);

  if (graph->entity_ids[node] == 0)
    return;
  record = g_new0 (DeleteRecord, 1);
  g_weak_ref_init (&record->page, self);
  record->store = g_object_ref (self->store);
  record->investigation_id = self->investigation_id;
  record->entity_id = graph->entity_ids[node];
  record->value = g_strdup (graph->labels[node]);
  aura_graph_view_set_node_hidden (self->view, node, TRUE);
  job_start (record_job (record, JOB_DELETE), NULL, delete_done_cb, record);
}

gboolean
aura_graph_page_undo_delete (AuraGraphPage *self)
{
  g_return_val_if_fail (AURA_IS_GRAPH_PAGE (self), FALSE);

  for (guint i = self->undoable->len; i > 0; i--)
    {
      DeleteRecord *record = g_ptr_array_index (self->undoable, i - 1);

      if (!record->undone)
        {
          undo_record (record);
          return TRUE;
        }
    }
  return FALSE;
}

guint
aura_graph_page_get_n_restores (AuraGraphPage *self)
{
  g_return_val_if_fail (AURA_IS_GRAPH_PAGE (self), 0);
  return self->n_restores;
}

/* ---- Merging duplicates --------------------------------------------------------- */

static void
merge_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AuraGraphPage *self = user_data;
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;
  guint n = job->merge_ids->len;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast_text (self, error->message);
      return;
    }
  self->n_merges++;
  /* Translators: a toast after a merge; %s is the kept entity's value. */
  message = g_strdup_printf (
      ngettext ("%u duplicate merged into “%s”", "%u duplicates merged into “%s”", n), n,
      job->kept_value);
  toast_text (self, message);
  aura_graph_page_reload (self);
}

static void
merge_now (AuraGraphPage *self, gint64 keep_id, const char *kept_value, GArray *merge_ids)
{
  Job *job = job_new (self, JOB_MERGE, keep_id);

  job->merge_ids = g_array_ref (merge_ids);
  job->kept_value = g_strdup (kept_value);
  job_start (job, self->cancellable, merge_done_cb, self);
}

typedef struct
{
  GWeakRef page;
  gint64 keep_id;
  char *kept_value;
  GArray *merge_ids;
} MergeRequest;

static void
merge_request_free (gpointer data)
{
  MergeRequest *request = data;

  g_weak_ref_clear (&request->page);
  g_free (request->kept_value);
  g_array_unref (request->merge_ids);
  g_free (request);
}

static void
merge_response_cb (AdwMessageDialog *dialog, const char *response, MergeRequest *request)
{
  g_autoptr (AuraGraphPage) self = g_weak_ref_get (&request->page);

  if (self != NULL && g_strcmp0 (response, "merge") == 0)
    merge_now (self, request->keep_id, request->kept_value, request->merge_ids);
}

void
aura_graph_page_merge_into (AuraGraphPage *self, guint keep_node, gboolean confirm)
{
  AuraGraph *graph;
  g_autoptr (GArray) selection = NULL;
  g_autoptr (GArray) merge_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *heading = NULL;
  MergeRequest *request;
  GtkWidget *dialog;
  GtkRoot *root;

  g_return_if_fail (AURA_IS_GRAPH_PAGE (self));
  graph = aura_graph_view_get_graph (self->view);
  g_return_if_fail (graph != NULL && keep_node < graph->n_nodes);

  if (!aura_graph_view_can_merge (self->view, keep_node))
    {
      toast_text (self, _ ("Select two or more entities of one type, then merge them into the one "
                           "to keep"));
      return;
    }
  selection = aura_graph_view_get_selection (self->view);
  for (guint k = 0; k < selection->len; k++)
    {
      guint node = g_array_index (selection, guint, k);

      if (node != keep_node)
        g_array_append_val (merge_ids, graph->entity_ids[node]);
    }
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (!confirm || !GTK_IS_WINDOW (root))
    {
      merge_now (self, graph->entity_ids[keep_node], graph->labels[keep_node], merge_ids);
      return;
    }
  request = g_new0 (MergeRequest, 1);
  g_weak_ref_init (&request->page, self);
  request->keep_id = graph->entity_ids[keep_node];
  request->kept_value = g_strdup (graph->labels[keep_node]);
  request->merge_ids = g_array_ref (merge_ids);
  /* Translators: the heading of the merge confirmation; %s is the value
   * of the entity that stays. */
  heading = g_strdup_printf (
      ngettext ("Merge %u Duplicate Into “%s”?", "Merge %u Duplicates Into “%s”?", merge_ids->len),
      merge_ids->len, graph->labels[keep_node]);
  dialog = adw_message_dialog_new (GTK_WINDOW (root), heading, NULL);
  adw_message_dialog_set_body (
      ADW_MESSAGE_DIALOG (dialog),
      _ ("Their relations, sources, evidence and attributes move to the entity kept, which keeps "
         "its own value and place; the duplicates are then deleted. This cannot be undone."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "merge",
                                    _ ("_Merge"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "merge",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (merge_response_cb), request,
                         (GClosureNotify)(void (*) (void))merge_request_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- Export ---------------------------------------------------------------------- */

static void
export_response_cb (GtkNativeDialog *dialog, int response, AuraGraphPage *self)
{
  gboolean svg = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "aura-svg"));
  g_autoptr (GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  gboolean ok;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      path = file != NULL ? g_file_get_path (file) : NULL;
      if (path == NULL)
        toast_text (self, _ ("Choose a file on this computer to export to"));
      else
        {
          ok = svg ? aura_graph_view_save_svg (self->view, path, &error)
                   : aura_graph_view_save_png (self->view, path, &error);
          if (!ok)
            toast_text (self, error->message);
        }
    }
  g_object_unref (dialog);
}

void
aura_graph_page_export_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  AuraGraphPage *self = AURA_GRAPH_PAGE (widget);
  gboolean svg = g_str_equal (action_name, "graph-page.export-svg");
  GtkFileChooserNative *dialog;
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  dialog = gtk_file_chooser_native_new (
      svg ? _ ("Export the Graph as SVG") : _ ("Export the Graph as PNG"),
      GTK_WINDOW (gtk_widget_get_root (widget)), GTK_FILE_CHOOSER_ACTION_SAVE, _ ("_Export"), NULL);
  gtk_file_filter_set_name (filter, svg ? _ ("SVG images") : _ ("PNG images"));
  gtk_file_filter_add_mime_type (filter, svg ? "image/svg+xml" : "image/png");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  /* Translators: the suggested file name of an exported graph. */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog),
                                     svg ? _ ("graph.svg") : _ ("graph.png"));
  G_GNUC_END_IGNORE_DEPRECATIONS
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_object_set_data (G_OBJECT (dialog), "aura-svg", GINT_TO_POINTER (svg));
  g_signal_connect (dialog, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}
