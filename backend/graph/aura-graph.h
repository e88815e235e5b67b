/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "aura-entity-type.h"

G_BEGIN_DECLS

/* An investigation as a graph: entities are nodes, relations are edges,
 * kept in flat arrays that layouts and analytics index directly (node i is
 * entity_ids[i]; edge e joins edge_source[e] and edge_target[e], node
 * indexes). Built once from the store (aura_store_load_graph()) or by hand
 * in tests and benchmarks; then read-only except for what the builder
 * functions add. Reference counted; not thread-safe for writes, safe to
 * read from several threads once built. See backend/graph/README.md. */

typedef struct _AuraGraph AuraGraph;

struct _AuraGraph
{
  /*< public, read-only >*/
  guint n_nodes;
  guint n_edges;
  gint64 *entity_ids;      /* n_nodes; 0 for nodes made in tests */
  AuraEntityType *types;   /* n_nodes */
  char **labels;           /* n_nodes, display values */
  double *confidence;      /* n_nodes */
  guint *edge_source;      /* n_edges, node indexes */
  guint *edge_target;      /* n_edges */
  const char **edge_types; /* n_edges, interned strings */
  double *edge_weight;     /* n_edges, the relation's confidence */
  gint64 *relation_ids;    /* n_edges; 0 for edges made in tests */

  /*< private >*/
  guint node_capacity;
  guint edge_capacity;
  GHashTable *index; /* entity id → node index + 1 */
  gatomicrefcount ref_count;
};

#define AURA_TYPE_GRAPH (aura_graph_get_type ())
GType aura_graph_get_type (void) G_GNUC_CONST;

AuraGraph *aura_graph_new (void);
AuraGraph *aura_graph_ref (AuraGraph *graph);
void aura_graph_unref (AuraGraph *graph);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraGraph, aura_graph_unref)

/* Adds a node; returns its index. @entity_id 0 is allowed (tests); a
 * non-zero id already present returns the existing index. */
guint aura_graph_add_node (
    AuraGraph *graph, gint64 entity_id, AuraEntityType type, const char *label, double confidence);
/* Adds an edge between two node indexes; returns its index. */
guint aura_graph_add_edge (AuraGraph *graph,
                           guint source,
                           guint target,
                           const char *relation_type,
                           double weight,
                           gint64 relation_id);
/* The node index of an entity, or -1. */
gint aura_graph_find_node (AuraGraph *graph, gint64 entity_id);

/* Compressed adjacency, both directions, built on demand by the caller:
 * the neighbours of node i are adjacency[offsets[i] .. offsets[i+1]-1]
 * (node indexes; an edge appears at both ends, self-loops once). Free both
 * arrays with g_free(). */
void aura_graph_build_adjacency (AuraGraph *graph, guint **out_offsets, guint **out_adjacency);

G_END_DECLS
