/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-graph"
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "aura-graph-exchange-private.h"

/* Importing an AuraGraph read from a file into an investigation, through
 * the store's public API only: one batch, so the import is one audit row
 * and all or nothing when the store itself fails. */

#define MAX_RELATION_TYPE_BYTES 100

static void
rejection_clear (gpointer data)
{
  AuraGraphImportRejection *rejection = data;

  g_free (rejection->message);
}

void
aura_graph_import_report_free (AuraGraphImportReport *report)
{
  if (report == NULL)
    return;
  g_array_unref (report->rejected);
  g_free (report->entity_ids);
  g_free (report);
}

static double
clamp_confidence (double value)
{
  if (!isfinite (value))
    return 0.5;
  return CLAMP (value, 0.0, 1.0);
}

static void
reject (AuraGraphImportReport *report, guint node, const char *message)
{
  AuraGraphImportRejection rejection = { node, g_strdup (message) };

  g_array_append_val (report->rejected, rejection);
}

/* A refusal of this one value, as opposed to a failure of the store. */
static gboolean
is_refusal (const GError *error)
{
  return error->domain == AURA_ENTITY_ERROR ||
         g_error_matches (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID);
}

static gboolean
add_nodes (AuraStore *store,
           gint64 investigation_id,
           AuraGraph *graph,
           const AuraProvenance *provenance,
           AuraGraphImportReport *report,
           GError **error)
{
  for (guint i = 0; i < graph->n_nodes; i++)
    {
      g_autoptr (GError) local_error = NULL;
      g_autoptr (AuraEntity) entity = NULL;
      g_autofree char *key = NULL;
      gboolean created = FALSE;

      /* Validate first: a refused value then never reaches SQLite. */
      key = aura_entity_normalize (graph->types[i], graph->labels[i], NULL, &local_error);
      if (key != NULL)
        entity = aura_store_add_entity (store, investigation_id, graph->types[i], graph->labels[i],
                                        NULL, clamp_confidence (graph->confidence[i]), provenance,
                                        &created, &local_error);
      if (entity == NULL)
        {
          g_autofree char *message = NULL;

          if (!is_refusal (local_error))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          message =
              g_strdup_printf (_ ("“%s” (%s): %s"), graph->labels[i],
                               aura_entity_type_to_string (graph->types[i]), local_error->message);
          reject (report, i, message);
          continue;
        }
      report->entity_ids[i] = aura_entity_get_id (entity);
      if (created)
        report->n_created++;
      else
        report->n_merged++;
    }
  return TRUE;
}

static gboolean
add_edges (AuraStore *store,
           gint64 investigation_id,
           AuraGraph *graph,
           const AuraProvenance *provenance,
           AuraGraphImportReport *report,
           GError **error)
{
  for (guint e = 0; e < graph->n_edges; e++)
    {
      gint64 source = report->entity_ids[graph->edge_source[e]];
      gint64 target = report->entity_ids[graph->edge_target[e]];
      const char *type = graph->edge_types[e];
      g_autoptr (GError) local_error = NULL;
      g_autoptr (AuraRelation) relation = NULL;

      if (type == NULL || *type == '\0')
        type = "related";
      if (source == 0 || target == 0 || strlen (type) > MAX_RELATION_TYPE_BYTES)
        {
          report->n_edges_skipped++;
          continue;
        }
      relation = aura_store_add_relation (store, investigation_id, source, target, type, NULL,
                                          clamp_confidence (graph->edge_weight[e]), provenance,
                                          &local_error);
      if (relation == NULL)
        {
          if (!is_refusal (local_error))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          report->n_edges_skipped++;
          continue;
        }
      report->n_relations++;
    }
  return TRUE;
}

AuraGraphImportReport *
aura_graph_import_into_store (
    AuraStore *store, gint64 investigation_id, AuraGraph *graph, const char *source, GError **error)
{
  g_autoptr (AuraGraphImportReport) report = NULL;
  g_autoptr (AuraInvestigation) investigation = NULL;
  g_autofree char *description = NULL;
  const AuraProvenance provenance = { 0, "import", source };

  g_return_val_if_fail (AURA_IS_STORE (store), NULL);
  g_return_val_if_fail (graph != NULL, NULL);

  /* Inside a batch the store does not check the investigation per row. */
  investigation = aura_store_get_investigation (store, investigation_id, error);
  if (investigation == NULL)
    return NULL;

  report = g_new0 (AuraGraphImportReport, 1);
  report->rejected = g_array_new (FALSE, TRUE, sizeof (AuraGraphImportRejection));
  g_array_set_clear_func (report->rejected, rejection_clear);
  report->entity_ids = g_new0 (gint64, MAX (1, graph->n_nodes));

  description = g_strdup_printf ("import %s", source != NULL ? source : "graph");
  if (!aura_store_batch_begin (store, description, error))
    return NULL;
  if (!add_nodes (store, investigation_id, graph, &provenance, report, error) ||
      !add_edges (store, investigation_id, graph, &provenance, report, error) ||
      !aura_store_batch_commit (store, error))
    {
      aura_store_batch_rollback (store);
      return NULL;
    }
  return g_steal_pointer (&report);
}

gboolean
aura_graph_import_save_positions (AuraStore *store,
                                  gint64 investigation_id,
                                  AuraGraph *imported,
                                  const AuraGraphImportReport *report,
                                  const AuraPoint *positions,
                                  guint *out_saved,
                                  GError **error)
{
  g_autoptr (AuraGraph) graph = NULL;
  g_autofree AuraPoint *saved = NULL;
  g_autofree gboolean *pinned = NULL;
  guint n_new = 0;

  g_return_val_if_fail (AURA_IS_STORE (store), FALSE);
  g_return_val_if_fail (imported != NULL && report != NULL, FALSE);
  if (out_saved != NULL)
    *out_saved = 0;
  if (positions == NULL)
    return TRUE;
  graph = aura_store_load_graph (store, investigation_id, error);
  if (graph == NULL)
    return FALSE;
  saved = aura_store_load_positions (store, investigation_id, graph, &pinned, error);
  if (saved == NULL && graph->n_nodes > 0)
    return FALSE;
  /* Entities placed before keep their place: only those without one take
   * the file's. */
  for (guint i = 0; i < imported->n_nodes; i++)
    {
      gint node;

      if (report->entity_ids[i] == 0 || !isfinite (positions[i].x) || !isfinite (positions[i].y))
        continue;
      node = aura_graph_find_node (graph, report->entity_ids[i]);
      if (node < 0 || (isfinite (saved[node].x) && isfinite (saved[node].y)))
        continue;
      saved[node] = positions[i];
      n_new++;
    }
  if (n_new > 0 &&
      !aura_store_save_positions (store, investigation_id, graph, saved, pinned, error))
    return FALSE;
  if (out_saved != NULL)
    *out_saved = n_new;
  return TRUE;
}
