/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <aura.h>

G_BEGIN_DECLS

/* The store mutations and reads that the views start. Each runs in a GTask
 * worker thread, so SQLite never blocks the UI thread; the store is safe to
 * share between threads. */
typedef enum
{
  AURA_STORE_OP_OPEN,                  /* text: path or NULL → AuraStore */
  AURA_STORE_OP_LIST_INVESTIGATIONS,   /* flag: include archived → GPtrArray */
  AURA_STORE_OP_CREATE_INVESTIGATION,  /* text: name, text2: description → AuraInvestigation */
  AURA_STORE_OP_EDIT_INVESTIGATION,    /* id, text: name, text2: description */
  AURA_STORE_OP_ARCHIVE_INVESTIGATION, /* id, flag: archived */
  AURA_STORE_OP_DELETE_INVESTIGATION,  /* id */
  AURA_STORE_OP_RESTORE_INVESTIGATION, /* id */
  AURA_STORE_OP_LIST_TARGETS,          /* id → GPtrArray of AuraEntity */
  AURA_STORE_OP_ADD_TARGET,            /* id, type, text: value → AuraEntity */
  AURA_STORE_OP_REMOVE_TARGET,         /* id: entity id */
  AURA_STORE_OP_LIST_PROVENANCE,       /* id: entity id → GPtrArray of JsonObject */
  AURA_STORE_OP_LIST_NEIGHBOURS,       /* id: entity id → GPtrArray of AuraEntity */
} AuraStoreOpKind;

/* @store may be NULL only for AURA_STORE_OP_OPEN. */
void aura_store_op_run (AuraStore *store,
                        AuraStoreOpKind kind,
                        gint64 id,
                        int type,
                        gboolean flag,
                        const char *text,
                        const char *text2,
                        GCancellable *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer user_data);

/* Returns %FALSE with @error set when the operation failed or was
 * cancelled. @out_result (transfer full) receives the object or array the
 * operation yields, or %NULL for those that yield nothing. */
gboolean aura_store_op_finish (GAsyncResult *result, gpointer *out_result, GError **error);

G_END_DECLS
