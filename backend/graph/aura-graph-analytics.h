/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "aura-graph.h"

G_BEGIN_DECLS

/* Graph analytics on an AuraGraph, computed with igraph (see
 * backend/graph/README.md, "Analytics"). The graph is converted once into
 * an undirected igraph graph by aura_graph_analytics_new(); every result is
 * a plain array indexed by node so the canvas can use it for size, colour
 * and filtering. igraph is not thread-safe in Debian's build: every call is
 * serialised on one process-wide lock, so calls from several threads are
 * safe but do not run in parallel. */

#define AURA_GRAPH_ANALYTICS_ERROR (aura_graph_analytics_error_quark ())

/**
 * AuraGraphAnalyticsError:
 * @AURA_GRAPH_ANALYTICS_ERROR_INVALID: an argument is out of range (a node
 *   index past the end, a negative weight…); the message names it
 * @AURA_GRAPH_ANALYTICS_ERROR_FAILED: igraph failed (out of memory, an
 *   internal limit); the message carries igraph's reason
 */
typedef enum
{
  AURA_GRAPH_ANALYTICS_ERROR_INVALID,
  AURA_GRAPH_ANALYTICS_ERROR_FAILED,
} AuraGraphAnalyticsError;

GQuark aura_graph_analytics_error_quark (void);

typedef enum
{
  AURA_COMMUNITY_LOUVAIN, /* igraph_community_multilevel */
  AURA_COMMUNITY_LEIDEN,  /* igraph_community_leiden, modularity objective */
} AuraCommunityMethod;

/**
 * AuraBetweennessOptions:
 * @cutoff: only paths of at most this many hops count (0: every path).
 *   Makes big graphs tractable; the result is then a local betweenness
 * @n_samples: estimate from this many random source nodes instead of all
 *   of them (0: exact); the sum over the samples is scaled by
 *   n_nodes / n_samples
 * @seed: random seed for the sampling, so a result can be reproduced
 * @weighted: path lengths are 1/confidence of the relations rather than
 *   hop counts
 *
 * Initialise with AURA_BETWEENNESS_OPTIONS_INIT.
 */
typedef struct
{
  guint cutoff;
  guint n_samples;
  guint32 seed;
  gboolean weighted;
} AuraBetweennessOptions;

#define AURA_BETWEENNESS_OPTIONS_INIT                                                              \
  {                                                                                                \
    0, 0, 1, FALSE                                                                                 \
  }

typedef struct _AuraGraphAnalytics AuraGraphAnalytics;

/* Converts @graph (kept with a reference) into igraph's form. Edges are
 * undirected; parallel edges and self-loops are kept (a self-loop adds 2 to
 * its node's degree). */
AuraGraphAnalytics *aura_graph_analytics_new (AuraGraph *graph, GError **error);
void aura_graph_analytics_free (AuraGraphAnalytics *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraGraphAnalytics, aura_graph_analytics_free)
AuraGraph *aura_graph_analytics_get_graph (AuraGraphAnalytics *self);

/* Every array below has graph->n_nodes elements (at least one is allocated,
 * so a result is never %NULL on success); free it with g_free(). */

/* The number of relations touching each node. */
guint *aura_graph_analytics_degree (AuraGraphAnalytics *self, GError **error);

/* Betweenness centrality normalised to 0–1 (divided by the number of pairs
 * of other nodes, (n−1)(n−2)/2). @options may be %NULL for the exact,
 * unweighted value. */
double *aura_graph_analytics_betweenness (AuraGraphAnalytics *self,
                                          const AuraBetweennessOptions *options,
                                          GError **error);

/* Community of each node, numbered from 0 by decreasing size (ties: the
 * community holding the lowest node index first), weighted by relation
 * confidence when @weighted. @seed makes the result reproducible.
 * @out_n_communities and @out_modularity are optional. */
guint *aura_graph_analytics_communities (AuraGraphAnalytics *self,
                                         AuraCommunityMethod method,
                                         gboolean weighted,
                                         guint32 seed,
                                         guint *out_n_communities,
                                         double *out_modularity,
                                         GError **error);

/* Connected component of each node, numbered as communities are. */
guint *
aura_graph_analytics_components (AuraGraphAnalytics *self, guint *out_n_components, GError **error);

/* The node indexes of a shortest path from @from to @to, both included
 * (element-type guint). When no path joins them the array is empty: that
 * is an answer, not an error. @weighted: each relation costs
 * 1/confidence (a confidence under 0.001 counts as 0.001), so a path over
 * confident relations wins over a shorter doubtful one. */
GArray *aura_graph_analytics_shortest_path (
    AuraGraphAnalytics *self, guint from, guint to, gboolean weighted, GError **error);

/* The nodes at most @hops relations away from @node, @node first, then by
 * increasing distance (element-type guint). @hops is capped at 1000. */
GArray *aura_graph_analytics_neighbourhood (AuraGraphAnalytics *self,
                                            guint node,
                                            guint hops,
                                            GError **error);

G_END_DECLS
