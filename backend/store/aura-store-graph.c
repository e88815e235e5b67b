/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-store"
#include "config.h"

#include "aura-graph.h"
#include "aura-store-private.h"

/* Reading an investigation as an AuraGraph: two sequential scans, entities
 * then relations, on the main connection. */

AuraGraph *
aura_store_load_graph (AuraStore *self, gint64 investigation_id, GError **error)
{
  g_autoptr (AuraGraph) graph = aura_graph_new ();
  sqlite3_stmt *stmt;
  int rc = SQLITE_DONE;

  g_return_val_if_fail (AURA_IS_STORE (self), NULL);

  g_rec_mutex_lock (&self->lock);
  if (!aura_store_check_live_investigation (self, investigation_id, error))
    goto failed;
  stmt = aura_store_prepare (self,
                             "SELECT id, type, value, confidence FROM entities "
                             "WHERE investigation_id = ? ORDER BY id",
                             error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, investigation_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AuraEntityType type = AURA_ENTITY_PERSON;

      aura_entity_type_from_string ((const char *)sqlite3_column_text (stmt, 1), &type, NULL);
      aura_graph_add_node (graph, sqlite3_column_int64 (stmt, 0), type,
                           (const char *)sqlite3_column_text (stmt, 2),
                           sqlite3_column_double (stmt, 3));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    goto sqlite_failed;
  stmt = aura_store_prepare (self,
                             "SELECT id, source_id, target_id, type, confidence FROM relations "
                             "WHERE investigation_id = ? ORDER BY id",
                             error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, investigation_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint source = aura_graph_find_node (graph, sqlite3_column_int64 (stmt, 1));
      gint target = aura_graph_find_node (graph, sqlite3_column_int64 (stmt, 2));

      if (source >= 0 && target >= 0)
        aura_graph_add_edge (graph, (guint)source, (guint)target,
                             (const char *)sqlite3_column_text (stmt, 3),
                             sqlite3_column_double (stmt, 4), sqlite3_column_int64 (stmt, 0));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    goto sqlite_failed;
  g_rec_mutex_unlock (&self->lock);
  return g_steal_pointer (&graph);

sqlite_failed:
  aura_store_set_sqlite_error (self->db, rc, self->path, error);
failed:
  g_rec_mutex_unlock (&self->lock);
  return NULL;
}
