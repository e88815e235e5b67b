/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-graph"
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>
/* igraph's headers test an undefined macro in #if. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wundef"
#include <igraph.h>
#pragma GCC diagnostic pop

#include "aura-graph-analytics.h"

/* igraph keeps global state (its error "finally" stack, the default random
 * generator) and Debian builds it without thread-local storage, so one
 * lock serialises every igraph call in the process. The error handler is
 * replaced once: igraph's default aborts the process. */

#define MIN_PATH_CONFIDENCE 0.001
#define MAX_HOPS 1000

struct _AuraGraphAnalytics
{
  AuraGraph *graph;
  igraph_t ig;
  /* Relation confidence, clamped to ≥ 0 (igraph refuses negative or NaN
   * weights), and the Dijkstra costs 1/confidence. */
  igraph_vector_t weights;
  igraph_vector_t costs;
  double total_weight;
};

G_DEFINE_QUARK (aura - graph - analytics - error - quark, aura_graph_analytics_error)

static GMutex igraph_lock;
/* The reason igraph gave for its last error; guarded by igraph_lock. */
static char last_reason[256];

static void
error_handler (const char *reason, const char *file, int line, igraph_error_t igraph_errno)
{
  g_strlcpy (last_reason, reason != NULL ? reason : "", sizeof last_reason);
  g_debug ("igraph error %d at %s:%d: %s", (int)igraph_errno, file, line, last_reason);
  /* What igraph_error_handler_ignore does: free what the failed function
   * registered, then return the error code to the caller. */
  IGRAPH_FINALLY_FREE ();
}

static void
warning_handler (const char *reason, const char *file, int line)
{
  g_debug ("igraph warning at %s:%d: %s", file, line, reason);
}

static void
lock_igraph (void)
{
  static gsize installed = 0;

  g_mutex_lock (&igraph_lock);
  if (g_once_init_enter (&installed))
    {
      igraph_set_error_handler (error_handler);
      igraph_set_warning_handler (warning_handler);
      g_once_init_leave (&installed, 1);
    }
  last_reason[0] = '\0';
}

static void
unlock_igraph (void)
{
  g_mutex_unlock (&igraph_lock);
}

/* Call with the lock held. */
static gboolean
check (igraph_error_t rc, const char *what, GError **error)
{
  if (rc == IGRAPH_SUCCESS)
    return TRUE;
  g_set_error (error, AURA_GRAPH_ANALYTICS_ERROR, AURA_GRAPH_ANALYTICS_ERROR_FAILED,
               _ ("Could not compute the %s of the graph: %s (%s)"), what, igraph_strerror (rc),
               last_reason[0] != '\0' ? last_reason : igraph_strerror (rc));
  return FALSE;
}

static gboolean
check_node (AuraGraphAnalytics *self, guint node, GError **error)
{
  if (node < self->graph->n_nodes)
    return TRUE;
  g_set_error (error, AURA_GRAPH_ANALYTICS_ERROR, AURA_GRAPH_ANALYTICS_ERROR_INVALID,
               _ ("No node %u: the graph has %u nodes"), node, self->graph->n_nodes);
  return FALSE;
}

AuraGraphAnalytics *
aura_graph_analytics_new (AuraGraph *graph, GError **error)
{
  AuraGraphAnalytics *self;
  igraph_vector_int_t edges;
  igraph_error_t rc;

  g_return_val_if_fail (graph != NULL, NULL);

  self = g_new0 (AuraGraphAnalytics, 1);
  self->graph = aura_graph_ref (graph);

  lock_igraph ();
  rc = igraph_vector_int_init (&edges, 2 * (igraph_integer_t)graph->n_edges);
  if (rc == IGRAPH_SUCCESS)
    {
      for (guint e = 0; e < graph->n_edges; e++)
        {
          VECTOR (edges)[2 * e] = graph->edge_source[e];
          VECTOR (edges)[2 * e + 1] = graph->edge_target[e];
        }
      rc = igraph_create (&self->ig, &edges, graph->n_nodes, IGRAPH_UNDIRECTED);
      igraph_vector_int_destroy (&edges);
    }
  if (!check (rc, _ ("structure"), error))
    {
      /* Nothing was built: free only the graph reference. */
      unlock_igraph ();
      aura_graph_unref (self->graph);
      g_free (self);
      return NULL;
    }
  igraph_vector_init (&self->weights, graph->n_edges);
  igraph_vector_init (&self->costs, graph->n_edges);
  for (guint e = 0; e < graph->n_edges; e++)
    {
      double w = graph->edge_weight[e];

      if (!isfinite (w) || w < 0.0)
        w = 0.0;
      VECTOR (self->weights)[e] = w;
      VECTOR (self->costs)[e] = 1.0 / MAX (w, MIN_PATH_CONFIDENCE);
      self->total_weight += w;
    }
  unlock_igraph ();
  return self;
}

void
aura_graph_analytics_free (AuraGraphAnalytics *self)
{
  if (self == NULL)
    return;
  lock_igraph ();
  igraph_destroy (&self->ig);
  igraph_vector_destroy (&self->weights);
  igraph_vector_destroy (&self->costs);
  unlock_igraph ();
  aura_graph_unref (self->graph);
  g_free (self);
}

AuraGraph *
aura_graph_analytics_get_graph (AuraGraphAnalytics *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->graph;
}

guint *
aura_graph_analytics_degree (AuraGraphAnalytics *self, GError **error)
{
  igraph_vector_int_t res;
  guint *degree = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  lock_igraph ();
  if (check (igraph_vector_int_init (&res, 0), _ ("degrees"), error))
    {
      if (check (igraph_degree (&self->ig, &res, igraph_vss_all (), IGRAPH_ALL, IGRAPH_LOOPS),
                 _ ("degrees"), error))
        {
          degree = g_new0 (guint, MAX (1, self->graph->n_nodes));
          for (guint i = 0; i < self->graph->n_nodes; i++)
            degree[i] = (guint)VECTOR (res)[i];
        }
      igraph_vector_int_destroy (&res);
    }
  unlock_igraph ();
  return degree;
}

/* Fills @sources with @k distinct random nodes (partial Fisher–Yates). */
static void
sample_nodes (guint n, guint k, guint32 seed, igraph_vector_int_t *sources)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  g_autofree guint *order = g_new (guint, MAX (1, n));

  for (guint i = 0; i < n; i++)
    order[i] = i;
  for (guint i = 0; i < k; i++)
    {
      guint j = (guint)g_rand_int_range (rand, (gint32)i, (gint32)n);
      guint swap = order[i];

      order[i] = order[j];
      order[j] = swap;
      VECTOR (*sources)[i] = order[i];
    }
}

static igraph_error_t
compute_betweenness (AuraGraphAnalytics *self,
                     const AuraBetweennessOptions *options,
                     igraph_vector_t *res)
{
  const igraph_vector_t *weights = options->weighted ? &self->costs : NULL;
  guint n = self->graph->n_nodes;
  igraph_vector_int_t sources;
  igraph_error_t rc;

  if (options->n_samples == 0 || options->n_samples >= n)
    return igraph_betweenness_cutoff (&self->ig, res, igraph_vss_all (), IGRAPH_UNDIRECTED, weights,
                                      options->cutoff > 0 ? (double)options->cutoff : -1.0);

  rc = igraph_vector_int_init (&sources, options->n_samples);
  if (rc != IGRAPH_SUCCESS)
    return rc;
  sample_nodes (n, options->n_samples, options->seed, &sources);
  rc = igraph_betweenness_subset (&self->ig, res, igraph_vss_all (), IGRAPH_UNDIRECTED,
                                  igraph_vss_vector (&sources), igraph_vss_all (), weights);
  igraph_vector_int_destroy (&sources);
  if (rc == IGRAPH_SUCCESS)
    igraph_vector_scale (res, (double)n / options->n_samples);
  return rc;
}

double *
aura_graph_analytics_betweenness (AuraGraphAnalytics *self,
                                  const AuraBetweennessOptions *options,
                                  GError **error)
{
  const AuraBetweennessOptions defaults = AURA_BETWEENNESS_OPTIONS_INIT;
  guint n;
  igraph_vector_t res;
  double *result = NULL;
  double pairs;

  g_return_val_if_fail (self != NULL, NULL);

  if (options == NULL)
    options = &defaults;
  if (options->n_samples > 0 && options->cutoff > 0)
    {
      g_set_error_literal (
          error, AURA_GRAPH_ANALYTICS_ERROR, AURA_GRAPH_ANALYTICS_ERROR_INVALID,
          _ ("Betweenness takes either a cutoff or a number of samples, not both"));
      return NULL;
    }
  n = self->graph->n_nodes;
  pairs = n > 2 ? (double)(n - 1) * (double)(n - 2) / 2.0 : 1.0;

  lock_igraph ();
  if (check (igraph_vector_init (&res, 0), _ ("betweenness"), error))
    {
      if (check (compute_betweenness (self, options, &res), _ ("betweenness"), error))
        {
          result = g_new0 (double, MAX (1, n));
          for (guint i = 0; i < n; i++)
            result[i] = VECTOR (res)[i] / pairs;
        }
      igraph_vector_destroy (&res);
    }
  unlock_igraph ();
  return result;
}

typedef struct
{
  guint id;
  guint size;
  guint first;
} Group;

static int
compare_groups (gconstpointer a, gconstpointer b)
{
  const Group *ga = a, *gb = b;

  if (ga->size != gb->size)
    return ga->size > gb->size ? -1 : 1;
  return ga->first < gb->first ? -1 : ga->first > gb->first;
}

/* igraph's membership ids, renumbered by decreasing group size. */
static guint *
renumber (const igraph_vector_int_t *membership, guint n, guint *out_n_groups)
{
  g_autofree Group *groups = g_new0 (Group, MAX (1, n));
  g_autofree guint *map = g_new (guint, MAX (1, n));
  guint *result = g_new0 (guint, MAX (1, n));
  guint n_groups = 0;

  for (guint i = 0; i < n; i++)
    {
      guint id = (guint)VECTOR (*membership)[i];

      if (groups[id].size == 0)
        {
          groups[id].id = id;
          groups[id].first = i;
          n_groups++;
        }
      groups[id].size++;
    }
  /* Groups are ids 0..n_groups-1 in igraph's numbering; move the empty
   * slots to the end by sorting, then invert. */
  for (guint i = 0; i < n; i++)
    if (groups[i].size == 0)
      groups[i].first = G_MAXUINT;
  qsort (groups, n, sizeof (Group), compare_groups);
  for (guint i = 0; i < n_groups; i++)
    map[groups[i].id] = i;
  for (guint i = 0; i < n; i++)
    result[i] = map[VECTOR (*membership)[i]];
  if (out_n_groups != NULL)
    *out_n_groups = n_groups;
  return result;
}

static igraph_error_t
run_leiden (AuraGraphAnalytics *self, gboolean weighted, igraph_vector_int_t *membership)
{
  igraph_vector_t node_weights;
  igraph_vector_int_t degree;
  double m = weighted ? self->total_weight : (double)self->graph->n_edges;
  igraph_error_t rc;

  /* The modularity objective: node weights are degrees (strengths) and the
   * resolution 1/2m, as igraph's documentation prescribes. */
  rc = igraph_vector_init (&node_weights, self->graph->n_nodes);
  if (rc != IGRAPH_SUCCESS)
    return rc;
  if (weighted)
    rc = igraph_strength (&self->ig, &node_weights, igraph_vss_all (), IGRAPH_ALL, IGRAPH_LOOPS,
                          &self->weights);
  else if ((rc = igraph_vector_int_init (&degree, 0)) == IGRAPH_SUCCESS)
    {
      rc = igraph_degree (&self->ig, &degree, igraph_vss_all (), IGRAPH_ALL, IGRAPH_LOOPS);
      for (guint i = 0; rc == IGRAPH_SUCCESS && i < self->graph->n_nodes; i++)
        VECTOR (node_weights)[i] = (double)VECTOR (degree)[i];
      igraph_vector_int_destroy (&degree);
    }
  if (rc == IGRAPH_SUCCESS)
    rc = igraph_community_leiden (&self->ig, weighted ? &self->weights : NULL, &node_weights,
                                  1.0 / (2.0 * m), 0.01, FALSE, -1, membership, NULL, NULL);
  igraph_vector_destroy (&node_weights);
  return rc;
}

static igraph_error_t
run_communities (AuraGraphAnalytics *self,
                 AuraCommunityMethod method,
                 gboolean weighted,
                 igraph_vector_int_t *membership,
                 double *out_modularity)
{
  igraph_error_t rc;

  /* Without edges (or without weight) every node is its own community. */
  if (self->graph->n_edges == 0 || (weighted && self->total_weight <= 0.0))
    {
      rc = igraph_vector_int_resize (membership, self->graph->n_nodes);
      for (guint i = 0; rc == IGRAPH_SUCCESS && i < self->graph->n_nodes; i++)
        VECTOR (*membership)[i] = i;
      *out_modularity = NAN;
      return rc;
    }
  if (method == AURA_COMMUNITY_LEIDEN)
    rc = run_leiden (self, weighted, membership);
  else
    rc = igraph_community_multilevel (&self->ig, weighted ? &self->weights : NULL, 1.0, membership,
                                      NULL, NULL);
  if (rc == IGRAPH_SUCCESS)
    rc = igraph_modularity (&self->ig, membership, weighted ? &self->weights : NULL, 1.0,
                            IGRAPH_UNDIRECTED, out_modularity);
  return rc;
}

guint *
aura_graph_analytics_communities (AuraGraphAnalytics *self,
                                  AuraCommunityMethod method,
                                  gboolean weighted,
                                  guint32 seed,
                                  guint *out_n_communities,
                                  double *out_modularity,
                                  GError **error)
{
  igraph_vector_int_t membership;
  double modularity = NAN;
  guint *result = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (method == AURA_COMMUNITY_LOUVAIN || method == AURA_COMMUNITY_LEIDEN, NULL);

  lock_igraph ();
  igraph_rng_seed (igraph_rng_default (), seed);
  if (check (igraph_vector_int_init (&membership, 0), _ ("communities"), error))
    {
      if (check (run_communities (self, method, weighted, &membership, &modularity),
                 _ ("communities"), error))
        result = renumber (&membership, self->graph->n_nodes, out_n_communities);
      igraph_vector_int_destroy (&membership);
    }
  unlock_igraph ();
  if (result != NULL && out_modularity != NULL)
    *out_modularity = modularity;
  return result;
}

guint *
aura_graph_analytics_components (AuraGraphAnalytics *self, guint *out_n_components, GError **error)
{
  igraph_vector_int_t membership;
  guint *result = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  lock_igraph ();
  if (check (igraph_vector_int_init (&membership, 0), _ ("components"), error))
    {
      if (check (igraph_connected_components (&self->ig, &membership, NULL, NULL, IGRAPH_WEAK),
                 _ ("components"), error))
        result = renumber (&membership, self->graph->n_nodes, out_n_components);
      igraph_vector_int_destroy (&membership);
    }
  unlock_igraph ();
  return result;
}

static GArray *
int_vector_to_array (const igraph_vector_int_t *vector)
{
  igraph_integer_t size = igraph_vector_int_size (vector);
  GArray *array = g_array_sized_new (FALSE, FALSE, sizeof (guint), (guint)size);

  for (igraph_integer_t i = 0; i < size; i++)
    {
      guint node = (guint)VECTOR (*vector)[i];

      g_array_append_val (array, node);
    }
  return array;
}

GArray *
aura_graph_analytics_shortest_path (
    AuraGraphAnalytics *self, guint from, guint to, gboolean weighted, GError **error)
{
  igraph_vector_int_t vertices;
  igraph_error_t rc;
  GArray *path = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  if (!check_node (self, from, error) || !check_node (self, to, error))
    return NULL;

  lock_igraph ();
  if (check (igraph_vector_int_init (&vertices, 0), _ ("shortest path"), error))
    {
      /* An unreachable target is a warning for igraph and an empty path. */
      if (weighted)
        rc = igraph_get_shortest_path_dijkstra (&self->ig, &vertices, NULL, from, to, &self->costs,
                                                IGRAPH_ALL);
      else
        rc = igraph_get_shortest_path (&self->ig, &vertices, NULL, from, to, IGRAPH_ALL);
      if (check (rc, _ ("shortest path"), error))
        path = int_vector_to_array (&vertices);
      igraph_vector_int_destroy (&vertices);
    }
  unlock_igraph ();
  return path;
}

GArray *
aura_graph_analytics_neighbourhood (AuraGraphAnalytics *self,
                                    guint node,
                                    guint hops,
                                    GError **error)
{
  igraph_vector_int_list_t list;
  GArray *result = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  if (!check_node (self, node, error))
    return NULL;

  lock_igraph ();
  if (check (igraph_vector_int_list_init (&list, 0), _ ("neighbourhood"), error))
    {
      if (check (igraph_neighborhood (&self->ig, &list, igraph_vss_1 (node), MIN (hops, MAX_HOPS),
                                      IGRAPH_ALL, 0),
                 _ ("neighbourhood"), error))
        result = int_vector_to_array (igraph_vector_int_list_get_ptr (&list, 0));
      igraph_vector_int_list_destroy (&list);
    }
  unlock_igraph ();
  return result;
}
