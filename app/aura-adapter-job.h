/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <aura.h>
#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Runs an installed command-line tool (an adapter) on @value of @type in a
 * worker thread — its program checked, run in its own process group with
 * its time limit — and records what it found in @investigation_id
 * (aura_adapter_record_run()), so that the table and the graph fill. A
 * toast in @widget's toast overlay says it runs, with a *Stop* button, and
 * another how it ended. @callback (nullable) is called in the caller's
 * context when it has ended; aura_adapter_job_finish() gives the number of
 * entities recorded. */
void aura_adapter_job_start (GtkWidget *widget,
                             AuraStore *store,
                             gint64 investigation_id,
                             AuraAdapter *adapter,
                             AuraEntityType type,
                             const char *value,
                             GCancellable *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer user_data);
/* The number of entities the tool's output mapped to, or -1 with @error
 * when it could not run, was stopped or failed. */
gssize aura_adapter_job_finish (GAsyncResult *result, GError **error);

G_END_DECLS
