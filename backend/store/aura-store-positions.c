/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-store"
#include "config.h"

#include <math.h>

#include "aura-graph.h"
#include "aura-layout.h"
#include "aura-store-private.h"

/* Graph positions (graph_positions, migration 2): where each entity sits on
 * the canvas and whether a person pinned it there, so that a case reopens
 * as it was left. Saving writes the graph's nodes in one transaction with
 * one "graph.positions" audit row; nodes of other investigations and nodes
 * without a position are skipped, rows of entities the graph does not hold
 * are kept (a filtered view does not erase the rest of the picture). */

static gboolean
save_one (AuraStore *self,
          gint64 investigation_id,
          gint64 entity_id,
          const AuraPoint *point,
          gboolean pinned,
          GString *digest_text,
          guint *saved,
          GError **error)
{
  sqlite3_stmt *stmt;

  /* The SELECT makes sure the entity belongs to this investigation. */
  stmt = aura_store_prepare (self,
                             "INSERT OR REPLACE INTO graph_positions "
                             "(investigation_id, entity_id, x, y, pinned) "
                             "SELECT ?1, id, ?3, ?4, ?5 FROM entities "
                             "WHERE id = ?2 AND investigation_id = ?1",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, investigation_id);
  sqlite3_bind_int64 (stmt, 2, entity_id);
  sqlite3_bind_double (stmt, 3, point->x);
  sqlite3_bind_double (stmt, 4, point->y);
  sqlite3_bind_int (stmt, 5, pinned ? 1 : 0);
  if (!aura_store_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    return TRUE;
  (*saved)++;
  g_string_append (digest_text, "position;");
  aura_canon_append_int (digest_text, entity_id);
  aura_canon_append_double (digest_text, point->x);
  aura_canon_append_double (digest_text, point->y);
  aura_canon_append_int (digest_text, pinned ? 1 : 0);
  return TRUE;
}

/**
 * aura_store_save_positions:
 * @graph: the investigation's graph (node i is entity graph->entity_ids[i])
 * @positions: graph->n_nodes points; non-finite ones are not saved
 * @pinned: (nullable): graph->n_nodes flags; %NULL for none pinned
 *
 * Saves where the graph's entities sit, in one transaction with one
 * "graph.positions" audit row whose digest covers every saved row.
 */
gboolean
aura_store_save_positions (AuraStore *self,
                           gint64 investigation_id,
                           AuraGraph *graph,
                           const AuraPoint *positions,
                           const gboolean *pinned,
                           GError **error)
{
  g_autoptr (GString) digest_text = g_string_new (NULL);
  guint saved = 0;
  gboolean ok;

  g_return_val_if_fail (AURA_IS_STORE (self), FALSE);
  g_return_val_if_fail (graph != NULL, FALSE);
  g_return_val_if_fail (positions != NULL || graph->n_nodes == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!aura_store_change_begin (self, error))
    return FALSE;
  ok = aura_store_check_live_investigation (self, investigation_id, error);
  for (guint i = 0; ok && i < graph->n_nodes; i++)
    if (graph->entity_ids[i] != 0 && isfinite (positions[i].x) && isfinite (positions[i].y))
      ok = save_one (self, investigation_id, graph->entity_ids[i], &positions[i],
                     pinned != NULL && pinned[i], digest_text, &saved, error);
  if (ok)
    {
      g_autofree char *digest = aura_store_sha256 (digest_text->str);
      g_autofree char *count = g_strdup_printf ("%u", saved);
      g_autofree char *details = aura_store_details ("count", count, NULL);

      ok = aura_store_audit (self, "graph.positions", "investigation", investigation_id,
                             investigation_id, NULL, digest, details, error);
    }
  return aura_store_change_end (self, ok, error);
}

/**
 * aura_store_load_positions:
 * @out_pinned: (out) (optional): graph->n_nodes flags, free with g_free()
 *
 * Returns: (transfer full): graph->n_nodes points, NaN for the nodes with
 *   no saved position; free with g_free(). %NULL on error.
 */
AuraPoint *
aura_store_load_positions (AuraStore *self,
                           gint64 investigation_id,
                           AuraGraph *graph,
                           gboolean **out_pinned,
                           GError **error)
{
  g_autofree AuraPoint *points = NULL;
  g_autofree gboolean *pinned = NULL;
  sqlite3_stmt *stmt;
  int rc = SQLITE_DONE;

  g_return_val_if_fail (AURA_IS_STORE (self), NULL);
  g_return_val_if_fail (graph != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  points = g_new (AuraPoint, MAX (graph->n_nodes, 1));
  pinned = g_new0 (gboolean, MAX (graph->n_nodes, 1));
  for (guint i = 0; i < graph->n_nodes; i++)
    points[i].x = points[i].y = NAN;

  g_rec_mutex_lock (&self->lock);
  if (!aura_store_check_live_investigation (self, investigation_id, error))
    goto failed;
  stmt = aura_store_prepare (self,
                             "SELECT entity_id, x, y, pinned FROM graph_positions "
                             "WHERE investigation_id = ?",
                             error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, investigation_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint node = aura_graph_find_node (graph, sqlite3_column_int64 (stmt, 0));
      double x = sqlite3_column_double (stmt, 1), y = sqlite3_column_double (stmt, 2);

      /* Rows of entities the graph does not hold are not its business. */
      if (node < 0 || !isfinite (x) || !isfinite (y))
        continue;
      points[node].x = (float)x;
      points[node].y = (float)y;
      pinned[node] = sqlite3_column_int (stmt, 3) != 0;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      aura_store_set_sqlite_error (self->db, rc, self->path, error);
      goto failed;
    }
  g_rec_mutex_unlock (&self->lock);
  if (out_pinned != NULL)
    *out_pinned = g_steal_pointer (&pinned);
  return g_steal_pointer (&points);

failed:
  g_rec_mutex_unlock (&self->lock);
  return NULL;
}
