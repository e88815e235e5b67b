/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-app"
#include "config.h"

#include "aura-store-op.h"

typedef struct
{
  AuraStoreOpKind kind;
  AuraStore *store;
  gint64 id;
  int type;
  gboolean flag;
  char *text;
  char *text2;
} StoreOp;

static void
store_op_free (gpointer data)
{
  StoreOp *op = data;

  g_clear_object (&op->store);
  g_free (op->text);
  g_free (op->text2);
  g_free (op);
}

static gboolean
edit_investigation (StoreOp *op, GError **error)
{
  g_autoptr (AuraInvestigation) old = NULL;

  old = aura_store_get_investigation (op->store, op->id, error);
  if (old == NULL)
    return FALSE;
  if (g_strcmp0 (aura_investigation_get_name (old), op->text) != 0 &&
      !aura_store_rename_investigation (op->store, op->id, op->text, error))
    return FALSE;
  if (g_strcmp0 (aura_investigation_get_description (old), op->text2) != 0 &&
      !aura_store_set_investigation_description (op->store, op->id, op->text2, error))
    return FALSE;
  return TRUE;
}

/* Runs @op; returns whether it succeeded and puts what it yields, if
 * anything, in @out_result with @out_destroy to free it. */
static gboolean
store_op_execute (StoreOp *op, gpointer *out_result, GDestroyNotify *out_destroy, GError **error)
{
  *out_destroy = g_object_unref;
  switch (op->kind)
    {
      case AURA_STORE_OP_OPEN:
        *out_result = aura_store_open (op->text, AURA_STORE_OPEN_DEFAULT, error);
        return *out_result != NULL;
      case AURA_STORE_OP_CREATE_INVESTIGATION:
        *out_result = aura_store_create_investigation (op->store, op->text, op->text2, error);
        return *out_result != NULL;
      case AURA_STORE_OP_ADD_TARGET:
        *out_result = aura_store_add_target (op->store, op->id, op->type, op->text, error);
        return *out_result != NULL;
      case AURA_STORE_OP_LIST_INVESTIGATIONS:
        *out_destroy = (GDestroyNotify)g_ptr_array_unref;
        *out_result = aura_store_list_investigations (op->store, op->flag, error);
        return *out_result != NULL;
      case AURA_STORE_OP_LIST_TARGETS:
        *out_destroy = (GDestroyNotify)g_ptr_array_unref;
        *out_result = aura_store_list_targets (op->store, op->id, error);
        return *out_result != NULL;
      case AURA_STORE_OP_LIST_PROVENANCE:
        *out_destroy = (GDestroyNotify)g_ptr_array_unref;
        *out_result = aura_store_list_provenance (op->store, op->id, error);
        return *out_result != NULL;
      case AURA_STORE_OP_LIST_NEIGHBOURS:
        *out_destroy = (GDestroyNotify)g_ptr_array_unref;
        *out_result = aura_store_get_neighbours (op->store, op->id, error);
        return *out_result != NULL;
      case AURA_STORE_OP_EDIT_INVESTIGATION:
        return edit_investigation (op, error);
      case AURA_STORE_OP_ARCHIVE_INVESTIGATION:
        return aura_store_archive_investigation (op->store, op->id, op->flag, error);
      case AURA_STORE_OP_DELETE_INVESTIGATION:
        return aura_store_delete_investigation (op->store, op->id, error);
      case AURA_STORE_OP_RESTORE_INVESTIGATION:
        return aura_store_restore_investigation (op->store, op->id, error);
      case AURA_STORE_OP_REMOVE_TARGET:
        return aura_store_remove_target (op->store, op->id, error);
      default:
        g_assert_not_reached ();
    }
}

static void
store_op_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  StoreOp *op = task_data;
  g_autoptr (GError) error = NULL;
  gpointer result = NULL;
  GDestroyNotify destroy = NULL;

  if (!store_op_execute (op, &result, &destroy, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result, result != NULL ? destroy : NULL);
}

void
aura_store_op_run (AuraStore *store,
                   AuraStoreOpKind kind,
                   gint64 id,
                   int type,
                   gboolean flag,
                   const char *text,
                   const char *text2,
                   GCancellable *cancellable,
                   GAsyncReadyCallback callback,
                   gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  StoreOp *op;

  g_return_if_fail (store != NULL || kind == AURA_STORE_OP_OPEN);

  op = g_new0 (StoreOp, 1);
  op->kind = kind;
  op->store = store != NULL ? g_object_ref (store) : NULL;
  op->id = id;
  op->type = type;
  op->flag = flag;
  op->text = g_strdup (text);
  op->text2 = g_strdup (text2);

  /* No source object: a window closed while the operation runs must not be
   * kept alive by it. Callers pass a cancellable they cancel on dispose, and
   * a cancelled task reports G_IO_ERROR_CANCELLED whatever the thread did. */
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, aura_store_op_run);
  g_task_set_task_data (task, op, store_op_free);
  g_task_run_in_thread (task, store_op_thread);
}

gboolean
aura_store_op_finish (GAsyncResult *result, gpointer *out_result, GError **error)
{
  gpointer value;
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  value = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (out_result != NULL)
    *out_result = value;
  else if (value != NULL)
    g_warning ("Result of a store operation dropped");
  return TRUE;
}
