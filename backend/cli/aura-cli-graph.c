/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "aura-cli"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <unistd.h>

#include <gio/gunixoutputstream.h>
#include <glib/gi18n-lib.h>

#include "aura-cli-private.h"

/* aura-cli graph: statistics, shortest paths, GEXF/GraphML export and
 * import of an investigation's graph. */

#define DEFAULT_TOP 10
/* Above this many nodes, betweenness is estimated from sampled sources. */
#define EXACT_BETWEENNESS_MAX_NODES 5000
#define BETWEENNESS_SAMPLES 500

static AuraGraph *
load_graph (AuraCli *cli, const char *ref, gint64 *out_id, GError **error)
{
  g_autoptr (AuraInvestigation) investigation =
      aura_cli_find_investigation (cli, ref, FALSE, error);

  if (investigation == NULL)
    return NULL;
  *out_id = aura_investigation_get_id (investigation);
  return aura_store_load_graph (cli->store, *out_id, error);
}

typedef struct
{
  guint node;
  double score;
} Ranked;

static int
compare_ranked (gconstpointer a, gconstpointer b)
{
  const Ranked *ra = a, *rb = b;

  if (ra->score != rb->score)
    return ra->score > rb->score ? -1 : 1;
  return ra->node < rb->node ? -1 : ra->node > rb->node;
}

/* The @top best nodes by @score, best first. */
static GArray *
rank (AuraGraph *graph, const double *score, guint top)
{
  GArray *ranked = g_array_sized_new (FALSE, FALSE, sizeof (Ranked), graph->n_nodes);

  for (guint i = 0; i < graph->n_nodes; i++)
    {
      Ranked r = { i, score[i] };

      g_array_append_val (ranked, r);
    }
  g_array_sort (ranked, compare_ranked);
  g_array_set_size (ranked, MIN (top, ranked->len));
  return ranked;
}

static JsonNode *
ranked_json (AuraGraph *graph, GArray *ranked, const char *score_name)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < ranked->len; i++)
    {
      Ranked *r = &g_array_index (ranked, Ranked, i);
      JsonObject *object = json_object_new ();

      json_object_set_int_member (object, "id", graph->entity_ids[r->node]);
      json_object_set_string_member (object, "type",
                                     aura_entity_type_to_string (graph->types[r->node]));
      json_object_set_string_member (object, "value", graph->labels[r->node]);
      json_object_set_double_member (object, score_name, r->score);
      json_array_add_object_element (array, object);
    }
  json_node_take_array (node, array);
  return node;
}

static void
print_ranked (AuraCli *cli, AuraGraph *graph, GArray *ranked, const char *title, gboolean integer)
{
  g_autoptr (AuraCliTable) table =
      aura_cli_table_new (4, _ ("ID"), _ ("TYPE"), _ ("VALUE"), _ ("SCORE"));

  aura_cli_table_set_flexible (table, 2);
  printf ("\n%s\n", title);
  for (guint i = 0; i < ranked->len; i++)
    {
      Ranked *r = &g_array_index (ranked, Ranked, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, graph->entity_ids[r->node]);
      g_autofree char *score =
          integer ? g_strdup_printf ("%.0f", r->score) : g_strdup_printf ("%.4f", r->score);

      aura_cli_table_add_row (table, id, aura_entity_type_to_string (graph->types[r->node]),
                              graph->labels[r->node], score);
    }
  aura_cli_table_print (cli, table);
}

typedef struct
{
  guint n_components;
  guint n_communities;
  double modularity;
  gboolean sampled;
  GArray *by_degree;
  GArray *by_betweenness;
} Stats;

static void
stats_clear (Stats *stats)
{
  g_clear_pointer (&stats->by_degree, g_array_unref);
  g_clear_pointer (&stats->by_betweenness, g_array_unref);
}

static gboolean
compute_stats (AuraGraph *graph, guint top, Stats *stats, GError **error)
{
  g_autoptr (AuraGraphAnalytics) analytics = aura_graph_analytics_new (graph, error);
  AuraBetweennessOptions options = AURA_BETWEENNESS_OPTIONS_INIT;
  g_autofree guint *components = NULL;
  g_autofree guint *communities = NULL;
  g_autofree guint *degree = NULL;
  g_autofree double *betweenness = NULL;
  g_autofree double *degree_score = NULL;

  if (analytics == NULL)
    return FALSE;
  stats->sampled = graph->n_nodes > EXACT_BETWEENNESS_MAX_NODES;
  if (stats->sampled)
    options.n_samples = BETWEENNESS_SAMPLES;
  if ((components = aura_graph_analytics_components (analytics, &stats->n_components, error)) ==
          NULL ||
      (communities = aura_graph_analytics_communities (analytics, AURA_COMMUNITY_LOUVAIN, FALSE, 1,
                                                       &stats->n_communities, &stats->modularity,
                                                       error)) == NULL ||
      (degree = aura_graph_analytics_degree (analytics, error)) == NULL ||
      (betweenness = aura_graph_analytics_betweenness (analytics, &options, error)) == NULL)
    return FALSE;
  degree_score = g_new (double, MAX (1, graph->n_nodes));
  for (guint i = 0; i < graph->n_nodes; i++)
    degree_score[i] = degree[i];
  stats->by_degree = rank (graph, degree_score, top);
  stats->by_betweenness = rank (graph, betweenness, top);
  return TRUE;
}

static void
print_stats_json (AuraGraph *graph, Stats *stats)
{
  g_autoptr (JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "nodes", graph->n_nodes);
  json_object_set_int_member (object, "edges", graph->n_edges);
  json_object_set_int_member (object, "components", stats->n_components);
  json_object_set_int_member (object, "communities", stats->n_communities);
  if (isfinite (stats->modularity))
    json_object_set_double_member (object, "modularity", stats->modularity);
  else
    json_object_set_null_member (object, "modularity");
  json_object_set_boolean_member (object, "betweenness_sampled", stats->sampled);
  json_object_set_member (object, "top_degree", ranked_json (graph, stats->by_degree, "degree"));
  json_object_set_member (object, "top_betweenness",
                          ranked_json (graph, stats->by_betweenness, "betweenness"));
  json_node_take_object (root, object);
  aura_cli_print_json (root);
}

static void
print_stats (AuraCli *cli, AuraGraph *graph, Stats *stats)
{
  g_autofree char *nodes = g_strdup_printf ("%u", graph->n_nodes);
  g_autofree char *edges = g_strdup_printf ("%u", graph->n_edges);
  g_autofree char *components = g_strdup_printf ("%u", stats->n_components);
  g_autofree char *communities =
      isfinite (stats->modularity)
          ? g_strdup_printf (_ ("%u (modularity %.3f)"), stats->n_communities, stats->modularity)
          : g_strdup_printf ("%u", stats->n_communities);

  aura_cli_print_line (cli, _ ("Nodes:"), nodes);
  aura_cli_print_line (cli, _ ("Edges:"), edges);
  aura_cli_print_line (cli, _ ("Components:"), components);
  aura_cli_print_line (cli, _ ("Communities:"), communities);
  if (graph->n_nodes == 0)
    return;
  print_ranked (cli, graph, stats->by_degree, _ ("Top entities by degree:"), TRUE);
  print_ranked (cli, graph, stats->by_betweenness,
                stats->sampled ? _ ("Top entities by betweenness (estimated from a sample):")
                               : _ ("Top entities by betweenness:"),
                FALSE);
}

static gboolean
cmd_stats (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE;
  int top = DEFAULT_TOP;
  const GOptionEntry entries[] = {
    { "top", 'n', 0, G_OPTION_ARG_INT, &top, N_ ("Show the N best entities (default 10)"),
      N_ ("N") },
    G_OPTION_ENTRY_NULL,
  };
  g_autoptr (GOptionContext) context = aura_cli_option_context_new (
      cli, "graph stats", _ ("INV"),
      N_ ("Count nodes, edges, components and communities; rank entities by degree and "
          "betweenness."),
      entries, &help);
  g_autoptr (AuraGraph) graph = NULL;
  Stats stats = { 0 };
  gint64 id;
  gboolean ok;

  if (!aura_cli_parse (cli, context, &help, &argc, &argv, 1, 1, error))
    return FALSE;
  if (help)
    return TRUE;
  if (top < 0)
    {
      g_set_error_literal (error, AURA_CLI_ERROR, AURA_CLI_ERROR_USAGE,
                           _ ("--top takes a number of zero or more"));
      return FALSE;
    }
  if ((graph = load_graph (cli, argv[1], &id, error)) == NULL)
    return FALSE;
  ok = compute_stats (graph, (guint)top, &stats, error);
  if (ok && cli->json)
    print_stats_json (graph, &stats);
  else if (ok)
    print_stats (cli, graph, &stats);
  stats_clear (&stats);
  return ok;
}

/* An entity by id, or by value: exactly as displayed first, then the same
 * once normalised for the node's type. */
static gboolean
find_node (AuraCli *cli, AuraGraph *graph, const char *ref, guint *out_node, GError **error)
{
  gint64 id = 0;
  gint found;

  if (aura_cli_parse_id (ref, &id) && (found = aura_graph_find_node (graph, id)) >= 0)
    {
      *out_node = (guint)found;
      return TRUE;
    }
  for (guint i = 0; i < graph->n_nodes; i++)
    if (g_str_equal (graph->labels[i], ref))
      {
        *out_node = i;
        return TRUE;
      }
  for (guint i = 0; i < graph->n_nodes; i++)
    {
      g_autofree char *a = aura_entity_normalize (graph->types[i], ref, NULL, NULL);
      g_autofree char *b = NULL;

      if (a == NULL)
        continue;
      b = aura_entity_normalize (graph->types[i], graph->labels[i], NULL, NULL);
      if (g_strcmp0 (a, b) == 0)
        {
          *out_node = i;
          return TRUE;
        }
    }
  g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_NOT_FOUND,
               _ ("No entity “%s” in this investigation"), ref);
  aura_cli_set_hint (cli, _ ("Give an entity id or value from “aura-cli entity list INV”."));
  return FALSE;
}

static void
print_path (AuraCli *cli, AuraGraph *graph, GArray *path, const char *from, const char *to)
{
  if (cli->json)
    {
      g_autoptr (JsonNode) root = json_node_new (JSON_NODE_OBJECT);
      JsonObject *object = json_object_new ();
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < path->len; i++)
        {
          guint node = g_array_index (path, guint, i);
          JsonObject *step = json_object_new ();

          json_object_set_int_member (step, "id", graph->entity_ids[node]);
          json_object_set_string_member (step, "type",
                                         aura_entity_type_to_string (graph->types[node]));
          json_object_set_string_member (step, "value", graph->labels[node]);
          json_array_add_object_element (array, step);
        }
      json_object_set_boolean_member (object, "found", path->len > 0);
      json_object_set_int_member (object, "hops", path->len > 0 ? path->len - 1 : 0);
      json_object_set_array_member (object, "path", array);
      json_node_take_object (root, object);
      aura_cli_print_json (root);
      return;
    }
  if (path->len == 0)
    {
      g_autofree char *a = aura_cli_printable (cli, from);
      g_autofree char *b = aura_cli_printable (cli, to);

      printf (_ ("No path joins “%s” and “%s”.\n"), a, b);
      return;
    }
  for (guint i = 0; i < path->len; i++)
    {
      guint node = g_array_index (path, guint, i);
      g_autofree char *value = aura_cli_printable (cli, graph->labels[node]);

      printf ("%s%" G_GINT64_FORMAT "  %s  %s\n", i == 0 ? "  " : "→ ", graph->entity_ids[node],
              aura_entity_type_to_string (graph->types[node]), value);
    }
}

static gboolean
cmd_path (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE, weighted = FALSE;
  const GOptionEntry entries[] = {
    { "weighted", 'w', 0, G_OPTION_ARG_NONE, &weighted,
      N_ ("Prefer confident relations (each costs 1/confidence) over fewer hops"), NULL },
    G_OPTION_ENTRY_NULL,
  };
  g_autoptr (GOptionContext) context = aura_cli_option_context_new (
      cli, "graph path", _ ("INV FROM TO"),
      N_ ("Show a shortest path between two entities (ids or values)."), entries, &help);
  g_autoptr (AuraGraph) graph = NULL;
  g_autoptr (AuraGraphAnalytics) analytics = NULL;
  g_autoptr (GArray) path = NULL;
  guint from, to;
  gint64 id;

  if (!aura_cli_parse (cli, context, &help, &argc, &argv, 3, 3, error))
    return FALSE;
  if (help)
    return TRUE;
  if ((graph = load_graph (cli, argv[1], &id, error)) == NULL ||
      !find_node (cli, graph, argv[2], &from, error) ||
      !find_node (cli, graph, argv[3], &to, error) ||
      (analytics = aura_graph_analytics_new (graph, error)) == NULL ||
      (path = aura_graph_analytics_shortest_path (analytics, from, to, weighted, error)) == NULL)
    return FALSE;
  print_path (cli, graph, path, argv[2], argv[3]);
  return TRUE;
}

static gboolean
parse_layout (const char *name, AuraLayoutKind *out_kind, GError **error)
{
  static const struct
  {
    const char *name;
    AuraLayoutKind kind;
  } kinds[] = {
    { "force", AURA_LAYOUT_FORCE },       { "hierarchical", AURA_LAYOUT_HIERARCHICAL },
    { "circular", AURA_LAYOUT_CIRCULAR }, { "grid", AURA_LAYOUT_GRID },
    { "radial", AURA_LAYOUT_RADIAL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_ascii_strcasecmp (kinds[i].name, name) == 0)
      {
        *out_kind = kinds[i].kind;
        return TRUE;
      }
  g_set_error (error, AURA_CLI_ERROR, AURA_CLI_ERROR_USAGE,
               _ ("Unknown layout “%s”; use force, hierarchical, circular, grid or radial"), name);
  return FALSE;
}

/* Positions for the export, or NULL for none. */
static AuraPoint *
compute_positions (AuraGraph *graph, const char *layout, GError **error)
{
  AuraLayoutKind kind;

  if (!parse_layout (layout, &kind, error))
    return NULL;
#ifdef AURA_CLI_HAVE_LAYOUT
  {
    AuraPoint *positions = g_new0 (AuraPoint, MAX (1, graph->n_nodes));

    if (kind == AURA_LAYOUT_FORCE)
      {
        g_autoptr (AuraLayout) force = aura_layout_new (graph, NULL);

        for (guint i = 0; i < 500 && !aura_layout_is_converged (force); i++)
          aura_layout_step (force);
        memcpy (positions, aura_layout_get_positions (force), sizeof (AuraPoint) * graph->n_nodes);
      }
    else
      aura_layout_compute (graph, kind, -1, positions);
    return positions;
  }
#else
  g_set_error_literal (error, AURA_CLI_ERROR, AURA_CLI_ERROR_USAGE,
                       _ ("This build of Aura has no layouts; export without --layout"));
  return NULL;
#endif
}

/* The positions saved from the canvas, or NULL when no node has one. */
static AuraPoint *
saved_positions (AuraCli *cli, AuraGraph *graph, gint64 id, GError **error)
{
  g_autofree AuraPoint *positions = aura_store_load_positions (cli->store, id, graph, NULL, error);

  if (positions == NULL)
    return NULL;
  for (guint i = 0; i < graph->n_nodes; i++)
    if (isfinite (positions[i].x) && isfinite (positions[i].y))
      return g_steal_pointer (&positions);
  return NULL;
}

static gboolean
write_export (AuraGraph *graph,
              AuraGraphFormat format,
              const AuraPoint *positions,
              const char *output,
              GError **error)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GFileOutputStream) stream = NULL;
  g_autoptr (GCancellable) abort = NULL;
  gboolean existed;

  if (output == NULL)
    {
      g_autoptr (GOutputStream) out = g_unix_output_stream_new (STDOUT_FILENO, FALSE);

      fflush (stdout);
      return aura_graph_export (graph, format, positions, NULL, NULL, out, NULL, error) &&
             g_output_stream_flush (out, NULL, error);
    }
  /* As `aura-cli export`: the file is replaced only by a complete export. */
  file = g_file_new_for_commandline_arg (output);
  existed = g_file_query_exists (file, NULL);
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, error);
  if (stream == NULL)
    return FALSE;
  if (aura_graph_export (graph, format, positions, NULL, NULL, G_OUTPUT_STREAM (stream), NULL,
                         error) &&
      g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, error))
    return TRUE;
  abort = g_cancellable_new ();
  g_cancellable_cancel (abort);
  g_output_stream_close (G_OUTPUT_STREAM (stream), abort, NULL);
  if (!existed)
    g_file_delete (file, NULL, NULL);
  return FALSE;
}

static gboolean
cmd_export (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE;
  g_autofree char *format_name = NULL;
  g_autofree char *output = NULL;
  g_autofree char *layout = NULL;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name, N_ ("gexf or graphml"), N_ ("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_ ("Write to FILE (replaced only when the export succeeds) instead of standard output"),
      N_ ("FILE") },
    { "layout", 'l', 0, G_OPTION_ARG_STRING, &layout,
      N_ ("Compute node positions with this layout (force, hierarchical, circular, grid or "
          "radial) instead of using the saved ones"),
      N_ ("LAYOUT") },
    G_OPTION_ENTRY_NULL,
  };
  g_autoptr (GOptionContext) context = aura_cli_option_context_new (
      cli, "graph export", _ ("INV"),
      N_ ("Export the graph of an investigation as GEXF (Gephi) or GraphML (yEd)."), entries,
      &help);
  g_autoptr (AuraGraph) graph = NULL;
  g_autofree AuraPoint *positions = NULL;
  g_autoptr (GError) local_error = NULL;
  AuraGraphFormat format;
  gint64 id;

  if (!aura_cli_parse (cli, context, &help, &argc, &argv, 1, 1, error))
    return FALSE;
  if (help)
    return TRUE;
  if (format_name == NULL)
    {
      g_set_error_literal (error, AURA_CLI_ERROR, AURA_CLI_ERROR_USAGE,
                           _ ("Missing --format; use gexf or graphml"));
      return FALSE;
    }
  if (!aura_graph_format_from_string (format_name, &format, error))
    return FALSE;
  if ((graph = load_graph (cli, argv[1], &id, error)) == NULL)
    return FALSE;
  if (layout != NULL)
    positions = compute_positions (graph, layout, &local_error);
  else
    positions = saved_positions (cli, graph, id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!write_export (graph, format, positions, output, error))
    return FALSE;
  if (cli->json && output != NULL)
    {
      g_autoptr (JsonNode) root = json_node_new (JSON_NODE_OBJECT);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "path", output);
      json_object_set_string_member (object, "format", aura_graph_format_to_string (format));
      json_object_set_int_member (object, "investigation_id", id);
      json_object_set_int_member (object, "nodes", graph->n_nodes);
      json_object_set_int_member (object, "edges", graph->n_edges);
      json_node_take_object (root, object);
      aura_cli_print_json (root);
    }
  return TRUE;
}

static void
print_import (AuraCli *cli, AuraGraphImportReport *report, const char *path, guint n_placed)
{
  if (cli->json)
    {
      g_autoptr (JsonNode) root = json_node_new (JSON_NODE_OBJECT);
      JsonObject *object = json_object_new ();
      JsonArray *rejected = json_array_new ();

      for (guint i = 0; i < report->rejected->len; i++)
        json_array_add_string_element (
            rejected, g_array_index (report->rejected, AuraGraphImportRejection, i).message);
      json_object_set_string_member (object, "path", path);
      json_object_set_int_member (object, "created", report->n_created);
      json_object_set_int_member (object, "merged", report->n_merged);
      json_object_set_int_member (object, "relations", report->n_relations);
      json_object_set_int_member (object, "edges_skipped", report->n_edges_skipped);
      json_object_set_int_member (object, "placed", n_placed);
      json_object_set_array_member (object, "rejected", rejected);
      json_node_take_object (root, object);
      aura_cli_print_json (root);
      return;
    }
  printf (_ ("Imported %u new entities (%u already there) and %u relations.\n"), report->n_created,
          report->n_merged, report->n_relations);
  if (n_placed > 0)
    printf (g_dngettext (GETTEXT_PACKAGE, "%u entity keeps the position it had in the file.\n",
                         "%u entities keep the positions they had in the file.\n", n_placed),
            n_placed);
  if (report->rejected->len > 0 || report->n_edges_skipped > 0)
    printf (_ ("Refused %u nodes and skipped %u edges:\n"), report->rejected->len,
            report->n_edges_skipped);
  for (guint i = 0; i < report->rejected->len; i++)
    {
      g_autofree char *message = aura_cli_printable (
          cli, g_array_index (report->rejected, AuraGraphImportRejection, i).message);

      printf ("  %s\n", message);
    }
}

static gboolean
cmd_import (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE;
  g_autoptr (GOptionContext) context = aura_cli_option_context_new (
      cli, "graph import", _ ("INV FILE"),
      N_ ("Add the nodes and edges of a GEXF or GraphML file to an investigation."), NULL, &help);
  g_autoptr (AuraInvestigation) investigation = NULL;
  g_autoptr (AuraGraph) graph = NULL;
  g_autoptr (AuraGraphImportReport) report = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *source = NULL;
  g_autofree AuraPoint *positions = NULL;
  guint n_placed = 0;

  if (!aura_cli_parse (cli, context, &help, &argc, &argv, 2, 2, error))
    return FALSE;
  if (help)
    return TRUE;
  if ((investigation = aura_cli_find_investigation (cli, argv[1], FALSE, error)) == NULL)
    return FALSE;
  if ((graph = aura_graph_import_file (argv[2], &positions, &local_error)) == NULL)
    {
      /* A file that is not a usable graph is invalid input (exit code 4). */
      if (local_error->domain == AURA_GRAPH_EXCHANGE_ERROR)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               local_error->message);
          return FALSE;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  source = g_path_get_basename (argv[2]);
  report = aura_graph_import_into_store (cli->store, aura_investigation_get_id (investigation),
                                         graph, source, error);
  if (report == NULL)
    return FALSE;
  if (!aura_graph_import_save_positions (cli->store, aura_investigation_get_id (investigation),
                                         graph, report, positions, &n_placed, error))
    return FALSE;
  print_import (cli, report, argv[2], n_placed);
  return TRUE;
}

static const AuraCliCommand graph_commands[] = {
  { "stats", cmd_stats, N_ ("Nodes, edges, components, communities, central entities") },
  { "path", cmd_path, N_ ("A shortest path between two entities") },
  { "export", cmd_export, N_ ("Export as GEXF or GraphML") },
  { "import", cmd_import, N_ ("Import a GEXF or GraphML file") },
  { NULL, NULL, NULL },
};

gboolean
aura_cli_graph (AuraCli *cli, int argc, char **argv, GError **error)
{
  return aura_cli_dispatch (cli, "graph", graph_commands, argc, argv, error);
}
