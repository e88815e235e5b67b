/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-graph"
#include "config.h"

#include "aura-graph.h"

G_DEFINE_BOXED_TYPE (AuraGraph, aura_graph, aura_graph_ref, aura_graph_unref)

AuraGraph *
aura_graph_new (void)
{
  AuraGraph *graph = g_new0 (AuraGraph, 1);

  g_atomic_ref_count_init (&graph->ref_count);
  graph->index = g_hash_table_new (g_int64_hash, g_int64_equal);
  return graph;
}

AuraGraph *
aura_graph_ref (AuraGraph *graph)
{
  g_return_val_if_fail (graph != NULL, NULL);
  g_atomic_ref_count_inc (&graph->ref_count);
  return graph;
}

void
aura_graph_unref (AuraGraph *graph)
{
  g_return_if_fail (graph != NULL);

  if (!g_atomic_ref_count_dec (&graph->ref_count))
    return;
  for (guint i = 0; i < graph->n_nodes; i++)
    g_free (graph->labels[i]);
  g_free (graph->entity_ids);
  g_free (graph->types);
  g_free (graph->labels);
  g_free (graph->confidence);
  g_free (graph->edge_source);
  g_free (graph->edge_target);
  g_free (graph->edge_types);
  g_free (graph->edge_weight);
  g_free (graph->relation_ids);
  g_hash_table_unref (graph->index);
  g_free (graph);
}

static void
grow_nodes (AuraGraph *graph)
{
  guint capacity = MAX (64, graph->node_capacity * 2);

  graph->entity_ids = g_renew (gint64, graph->entity_ids, capacity);
  graph->types = g_renew (AuraEntityType, graph->types, capacity);
  graph->labels = g_renew (char *, graph->labels, capacity);
  graph->confidence = g_renew (double, graph->confidence, capacity);
  graph->node_capacity = capacity;
  /* The index's keys point into entity_ids, which has just moved. */
  g_hash_table_remove_all (graph->index);
  for (guint i = 0; i < graph->n_nodes; i++)
    if (graph->entity_ids[i] != 0)
      g_hash_table_insert (graph->index, &graph->entity_ids[i], GUINT_TO_POINTER (i + 1));
}

static void
grow_edges (AuraGraph *graph)
{
  guint capacity = MAX (64, graph->edge_capacity * 2);

  graph->edge_source = g_renew (guint, graph->edge_source, capacity);
  graph->edge_target = g_renew (guint, graph->edge_target, capacity);
  graph->edge_types = g_renew (const char *, graph->edge_types, capacity);
  graph->edge_weight = g_renew (double, graph->edge_weight, capacity);
  graph->relation_ids = g_renew (gint64, graph->relation_ids, capacity);
  graph->edge_capacity = capacity;
}

guint
aura_graph_add_node (
    AuraGraph *graph, gint64 entity_id, AuraEntityType type, const char *label, double confidence)
{
  guint index;

  g_return_val_if_fail (graph != NULL, 0);

  if (entity_id != 0)
    {
      gpointer found = g_hash_table_lookup (graph->index, &entity_id);
      if (found != NULL)
        return GPOINTER_TO_UINT (found) - 1;
    }
  if (graph->n_nodes == graph->node_capacity)
    grow_nodes (graph);
  index = graph->n_nodes++;
  graph->entity_ids[index] = entity_id;
  graph->types[index] = type;
  graph->labels[index] = g_strdup (label != NULL ? label : "");
  graph->confidence[index] = confidence;
  if (entity_id != 0)
    g_hash_table_insert (graph->index, &graph->entity_ids[index], GUINT_TO_POINTER (index + 1));
  return index;
}

guint
aura_graph_add_edge (AuraGraph *graph,
                     guint source,
                     guint target,
                     const char *relation_type,
                     double weight,
                     gint64 relation_id)
{
  guint index;

  g_return_val_if_fail (graph != NULL, 0);
  g_return_val_if_fail (source < graph->n_nodes && target < graph->n_nodes, 0);

  if (graph->n_edges == graph->edge_capacity)
    grow_edges (graph);
  index = graph->n_edges++;
  graph->edge_source[index] = source;
  graph->edge_target[index] = target;
  graph->edge_types[index] = g_intern_string (relation_type != NULL ? relation_type : "");
  graph->edge_weight[index] = weight;
  graph->relation_ids[index] = relation_id;
  return index;
}

gint
aura_graph_find_node (AuraGraph *graph, gint64 entity_id)
{
  gpointer found;

  g_return_val_if_fail (graph != NULL, -1);
  found = g_hash_table_lookup (graph->index, &entity_id);
  return found != NULL ? (gint)GPOINTER_TO_UINT (found) - 1 : -1;
}

void
aura_graph_build_adjacency (AuraGraph *graph, guint **out_offsets, guint **out_adjacency)
{
  guint *offsets, *adjacency, *fill;

  g_return_if_fail (graph != NULL && out_offsets != NULL && out_adjacency != NULL);

  offsets = g_new0 (guint, graph->n_nodes + 1);
  for (guint e = 0; e < graph->n_edges; e++)
    {
      offsets[graph->edge_source[e] + 1]++;
      if (graph->edge_target[e] != graph->edge_source[e])
        offsets[graph->edge_target[e] + 1]++;
    }
  for (guint i = 0; i < graph->n_nodes; i++)
    offsets[i + 1] += offsets[i];
  adjacency = g_new (guint, MAX (1, offsets[graph->n_nodes]));
  fill = g_memdup2 (offsets, sizeof (guint) * graph->n_nodes + sizeof (guint));
  for (guint e = 0; e < graph->n_edges; e++)
    {
      guint s = graph->edge_source[e], t = graph->edge_target[e];

      adjacency[fill[s]++] = t;
      if (t != s)
        adjacency[fill[t]++] = s;
    }
  g_free (fill);
  *out_offsets = offsets;
  *out_adjacency = adjacency;
}
