/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

/* GEXF and GraphML: round trips, foreign sample files, hostile files, the
 * import into a store, and the `aura-cli graph` commands (the real binary,
 * from $AURA_CLI). */

#include <aura.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

/* ---- Helpers ------------------------------------------------------------ */

static AuraGraph *
sample_graph (AuraPoint **out_positions)
{
  AuraGraph *graph = aura_graph_new ();
  AuraPoint *positions = g_new (AuraPoint, 4);

  aura_graph_add_node (graph, 11, AURA_ENTITY_EMAIL, "alice@example.org", 0.9);
  aura_graph_add_node (graph, 12, AURA_ENTITY_DOMAIN, "example.org", 1.0);
  /* Markup, quotes, a combining accent, an emoji and a control character
   * (which XML cannot carry: it comes back as U+FFFD). */
  aura_graph_add_node (graph, 13, AURA_ENTITY_PERSON, "<Zoë> & \"Ann\" 😀\x01", 0.25);
  aura_graph_add_node (graph, 0, AURA_ENTITY_USERNAME, "ann_e", 0.5);
  aura_graph_add_edge (graph, 0, 1, "uses_domain", 0.75, 101);
  aura_graph_add_edge (graph, 2, 0, "owns", 0.5, 102);
  aura_graph_add_edge (graph, 2, 3, "", 1.0, 0);
  positions[0] = (AuraPoint){ 1.5f, -2.25f };
  positions[1] = (AuraPoint){ 1000.125f, 3e6f };
  positions[2] = (AuraPoint){ NAN, NAN };
  positions[3] = (AuraPoint){ 0.0f, 0.0f };
  *out_positions = positions;
  return graph;
}

static char *
export_to_string (AuraGraph *graph, AuraGraphFormat format, const AuraPoint *positions)
{
  g_autoptr (GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr (GError) error = NULL;
  guint32 colors[4] = { 0xff0000, 0x00ff00, 0x0000ff, 0x123456 };
  float sizes[4] = { 1, 2, 3, 4 };

  g_assert_true (aura_graph_export (graph, format, positions, graph->n_nodes == 4 ? colors : NULL,
                                    graph->n_nodes == 4 ? sizes : NULL, stream, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (stream, "", 1, NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (stream, NULL, NULL));
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (stream));
}

static AuraGraph *
import_string (const char *text, AuraPoint **positions, GError **error)
{
  return aura_graph_import_data (text, strlen (text), "test.xml", positions, error);
}

static void
check_round_trip (AuraGraphFormat format)
{
  g_autofree AuraPoint *positions = NULL;
  g_autoptr (AuraGraph) graph = sample_graph (&positions);
  g_autofree char *text = export_to_string (graph, format, positions);
  g_autofree AuraPoint *back_positions = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraGraph) back = import_string (text, &back_positions, &error);

  g_assert_no_error (error);
  g_assert_nonnull (back);
  g_assert_cmpuint (back->n_nodes, ==, 4);
  g_assert_cmpuint (back->n_edges, ==, 3);
  for (guint i = 0; i < 4; i++)
    {
      g_assert_cmpint (back->entity_ids[i], ==, graph->entity_ids[i]);
      g_assert_cmpint (back->types[i], ==, graph->types[i]);
      g_assert_cmpfloat (back->confidence[i], ==, graph->confidence[i]);
      if (i != 2)
        g_assert_cmpstr (back->labels[i], ==, graph->labels[i]);
    }
  g_assert_cmpstr (back->labels[2], ==, "<Zoë> & \"Ann\" 😀\xEF\xBF\xBD");
  for (guint e = 0; e < 3; e++)
    {
      g_assert_cmpuint (back->edge_source[e], ==, graph->edge_source[e]);
      g_assert_cmpuint (back->edge_target[e], ==, graph->edge_target[e]);
      g_assert_cmpfloat (back->edge_weight[e], ==, graph->edge_weight[e]);
      g_assert_cmpint (back->relation_ids[e], ==, graph->relation_ids[e]);
    }
  g_assert_cmpstr (back->edge_types[0], ==, "uses_domain");
  g_assert_cmpstr (back->edge_types[1], ==, "owns");
  g_assert_cmpstr (back->edge_types[2], ==, "related");
  g_assert_nonnull (back_positions);
  g_assert_cmpfloat (back_positions[0].x, ==, 1.5f);
  g_assert_cmpfloat (back_positions[0].y, ==, -2.25f);
  g_assert_cmpfloat (back_positions[1].x, ==, 1000.125f);
  g_assert_cmpfloat (back_positions[1].y, ==, 3e6f);
  g_assert_true (isnan (back_positions[2].x));
  g_assert_cmpfloat (back_positions[3].x, ==, 0.0f);
}

static void
test_round_trip_gexf (void)
{
  check_round_trip (AURA_GRAPH_FORMAT_GEXF);
}

static void
test_round_trip_graphml (void)
{
  check_round_trip (AURA_GRAPH_FORMAT_GRAPHML);
}

static void
test_no_positions (void)
{
  g_autoptr (AuraGraph) graph = aura_graph_new ();
  g_autofree char *text = NULL;
  g_autofree AuraPoint *positions = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraGraph) back = NULL;

  aura_graph_add_node (graph, 1, AURA_ENTITY_HASHTAG, "#osint", 1.0);
  text = export_to_string (graph, AURA_GRAPH_FORMAT_GRAPHML, NULL);
  g_assert_null (strstr (text, "Geometry"));
  back = import_string (text, &positions, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->n_nodes, ==, 1);
  g_assert_null (positions);

  g_clear_pointer (&text, g_free);
  g_clear_pointer (&back, aura_graph_unref);
  text = export_to_string (graph, AURA_GRAPH_FORMAT_GEXF, NULL);
  g_assert_nonnull (strstr (text, "http://gexf.net/1.3"));
  back = import_string (text, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->labels[0], ==, "#osint");
}

static AuraGraph *
import_sample (const char *name, AuraPoint **positions)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "graph", "data", name, NULL);
  g_autoptr (GError) error = NULL;
  AuraGraph *graph = aura_graph_import_file (path, positions, &error);

  g_assert_no_error (error);
  g_assert_nonnull (graph);
  return graph;
}

static void
test_gephi_sample (void)
{
  g_autofree AuraPoint *positions = NULL;
  g_autoptr (AuraGraph) graph = import_sample ("gephi-sample.gexf", &positions);

  g_assert_cmpuint (graph->n_nodes, ==, 4);
  g_assert_cmpuint (graph->n_edges, ==, 3);
  g_assert_cmpint (graph->types[0], ==, AURA_ENTITY_EMAIL);
  g_assert_cmpfloat (graph->confidence[0], ==, 0.9);
  /* No type: guessed from the value. */
  g_assert_cmpint (graph->types[1], ==, AURA_ENTITY_DOMAIN);
  g_assert_cmpint (graph->types[3], ==, AURA_ENTITY_IP);
  /* "Organization" is an alias Aura knows. */
  g_assert_cmpint (graph->types[2], ==, AURA_ENTITY_ORGANISATION);
  g_assert_cmpstr (graph->labels[2], ==, "Alice Liddell");
  g_assert_cmpfloat (graph->confidence[2], ==, 0.5);
  g_assert_cmpstr (graph->edge_types[0], ==, "uses_domain");
  g_assert_cmpstr (graph->edge_types[1], ==, "related");
  g_assert_cmpfloat (graph->edge_weight[0], ==, 0.75);
  g_assert_cmpfloat (graph->edge_weight[1], ==, 2.0);
  g_assert_cmpfloat (positions[0].x, ==, -12.5f);
  g_assert_cmpfloat (positions[0].y, ==, 40.25f);
  g_assert_cmpfloat (positions[1].x, ==, 100.0f);
  g_assert_true (isnan (positions[2].x));
}

static void
test_yed_sample (void)
{
  g_autofree AuraPoint *positions = NULL;
  g_autoptr (AuraGraph) graph = import_sample ("yed-sample.graphml", &positions);

  g_assert_cmpuint (graph->n_nodes, ==, 3);
  g_assert_cmpuint (graph->n_edges, ==, 2);
  g_assert_cmpstr (graph->labels[0], ==, "https://example.com/users/bob");
  g_assert_cmpint (graph->types[0], ==, AURA_ENTITY_URL);
  g_assert_cmpint (graph->types[1], ==, AURA_ENTITY_EMAIL);
  g_assert_cmpint (graph->types[2], ==, AURA_ENTITY_PERSON);
  /* yEd's top-left corner plus half the size. */
  g_assert_cmpfloat (positions[0].x, ==, 40.0f);
  g_assert_cmpfloat (positions[0].y, ==, 35.0f);
  g_assert_cmpfloat (positions[1].x, ==, 215.0f);
  g_assert_true (isnan (positions[2].y));
  g_assert_cmpstr (graph->edge_types[0], ==, "lists_email");
  g_assert_cmpstr (graph->edge_types[1], ==, "related");
  g_assert_cmpuint (graph->edge_source[1], ==, 2);
}

/* ---- Hostile and malformed files ---------------------------------------- */

static void
assert_refused (const char *text, int code, const char *needle)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraGraph) graph = import_string (text, NULL, &error);

  g_assert_null (graph);
  g_assert_error (error, AURA_GRAPH_EXCHANGE_ERROR, code);
  g_assert_true (g_str_has_prefix (error->message, "test.xml"));
  if (needle != NULL && strstr (error->message, needle) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, needle);
}

static void
test_malformed (void)
{
  assert_refused ("", AURA_GRAPH_EXCHANGE_ERROR_MALFORMED, NULL);
  assert_refused ("name,value\nalice,1\n", AURA_GRAPH_EXCHANGE_ERROR_MALFORMED, "not an XML");
  assert_refused ("<gexf><graph><nodes><node id='a'></nodes></graph></gexf>",
                  AURA_GRAPH_EXCHANGE_ERROR_MALFORMED, "line 1");
  assert_refused ("<?xml version='1.0'?>\n<html><body/></html>", AURA_GRAPH_EXCHANGE_ERROR_INVALID,
                  "<html>");
  assert_refused ("<gexf>\n<graph>\n<nodes><node id='a'/></nodes>\n<edges>\n"
                  "<edge source='a' target='ghost'/></edges></graph></gexf>",
                  AURA_GRAPH_EXCHANGE_ERROR_INVALID, "line 5");
  assert_refused ("<graphml><graph><node id='a'/><node id='a'/></graph></graphml>",
                  AURA_GRAPH_EXCHANGE_ERROR_INVALID, "“a”");
  assert_refused ("<graphml><graph><node/></graph></graphml>", AURA_GRAPH_EXCHANGE_ERROR_INVALID,
                  NULL);
  assert_refused ("<gexf xmlns:viz='v'><graph><nodes><node id='a'><viz:position x='left' y='1'/>"
                  "</node></nodes></graph></gexf>",
                  AURA_GRAPH_EXCHANGE_ERROR_INVALID, "left");
  assert_refused ("<gexf><graph><edges><edge source='a'/></edges></graph></gexf>",
                  AURA_GRAPH_EXCHANGE_ERROR_INVALID, "target");
}

static void
test_hostile (void)
{
  static const char laughs[] =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
      " <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
      " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n]>\n"
      "<gexf><graph><nodes><node id=\"a\" label=\"&lol3;\"/></nodes></graph></gexf>";
  static const char external[] =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE graphml [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
      "<graphml><graph><node id=\"&xxe;\"/></graph></graphml>";
  static const char utf16[] = "\xFF\xFE<\0g\0e\0x\0f\0/\0>\0";
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) deep = g_string_new ("<gexf>");
  g_autoptr (AuraGraph) graph = NULL;
  g_autofree char *huge = NULL;

  assert_refused (laughs, AURA_GRAPH_EXCHANGE_ERROR_UNSAFE, "line 2");
  assert_refused (external, AURA_GRAPH_EXCHANGE_ERROR_UNSAFE, NULL);
  graph = aura_graph_import_data (utf16, sizeof utf16 - 1, "test.xml", NULL, &error);
  g_assert_null (graph);
  g_assert_error (error, AURA_GRAPH_EXCHANGE_ERROR, AURA_GRAPH_EXCHANGE_ERROR_MALFORMED);
  g_clear_error (&error);

  /* Nesting far past libxml2's own limit is refused, not a stack overflow. */
  for (guint i = 0; i < 20000; i++)
    g_string_append (deep, "<a>");
  assert_refused (deep->str, AURA_GRAPH_EXCHANGE_ERROR_MALFORMED, NULL);

  /* Over the size cap: refused before parsing. */
  huge = g_malloc (AURA_GRAPH_IMPORT_MAX_BYTES + 2);
  memset (huge, ' ', AURA_GRAPH_IMPORT_MAX_BYTES + 1);
  huge[0] = '<';
  huge[AURA_GRAPH_IMPORT_MAX_BYTES + 1] = '\0';
  assert_refused (huge, AURA_GRAPH_EXCHANGE_ERROR_TOO_LARGE, NULL);
}

/* ---- Into a store --------------------------------------------------------- */

typedef struct
{
  char *dir;
  char *db;
  AuraStore *store;
  gint64 investigation;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraInvestigation) investigation = NULL;

  fixture->dir = g_dir_make_tmp ("aura-exchange-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db = g_build_filename (fixture->dir, "aura.db", NULL);
  fixture->store = aura_store_open (fixture->db, AURA_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  investigation = aura_store_create_investigation (fixture->store, "Case", NULL, &error);
  g_assert_no_error (error);
  fixture->investigation = aura_investigation_get_id (investigation);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GDir) dir = NULL;
  const char *name;

  g_assert_finalize_object (fixture->store);
  dir = g_dir_open (fixture->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->db);
}

static void
test_import_into_store (Fixture *fixture, gconstpointer data)
{
  g_autoptr (AuraGraph) graph = aura_graph_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraGraphImportReport) report = NULL;
  g_autoptr (AuraGraph) loaded = NULL;
  g_autoptr (GPtrArray) provenance = NULL;
  AuraGraphImportRejection *rejection;

  aura_graph_add_node (graph, 0, AURA_ENTITY_EMAIL, "alice@example.org", 0.9);
  aura_graph_add_node (graph, 0, AURA_ENTITY_EMAIL, "not an email", 0.9);
  aura_graph_add_node (graph, 0, AURA_ENTITY_DOMAIN, "example.org", 7.0);
  aura_graph_add_edge (graph, 0, 2, "uses_domain", 0.5, 0);
  aura_graph_add_edge (graph, 1, 2, "uses_domain", 0.5, 0);
  aura_graph_add_edge (graph, 2, 0, "", 3.0, 0);

  report = aura_graph_import_into_store (fixture->store, fixture->investigation, graph, "case.gexf",
                                         &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_created, ==, 2);
  g_assert_cmpuint (report->n_merged, ==, 0);
  g_assert_cmpuint (report->n_relations, ==, 2);
  g_assert_cmpuint (report->n_edges_skipped, ==, 1);
  g_assert_cmpuint (report->rejected->len, ==, 1);
  rejection = &g_array_index (report->rejected, AuraGraphImportRejection, 0);
  g_assert_cmpuint (rejection->node, ==, 1);
  g_assert_nonnull (strstr (rejection->message, "not an email"));
  g_assert_cmpint (report->entity_ids[1], ==, 0);

  loaded = aura_store_load_graph (fixture->store, fixture->investigation, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->n_nodes, ==, 2);
  g_assert_cmpuint (loaded->n_edges, ==, 2);
  g_assert_cmpfloat (loaded->confidence[1], ==, 1.0);
  provenance = aura_store_list_provenance (fixture->store, report->entity_ids[0], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (provenance->len, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (provenance, 0), "tool"), ==,
                   "import");
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (provenance, 0), "source"), ==,
                   "case.gexf");

  /* Importing again merges. */
  g_clear_pointer (&report, aura_graph_import_report_free);
  report = aura_graph_import_into_store (fixture->store, fixture->investigation, graph, "case.gexf",
                                         &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_created, ==, 0);
  g_assert_cmpuint (report->n_merged, ==, 2);

  g_clear_pointer (&report, aura_graph_import_report_free);
  report = aura_graph_import_into_store (fixture->store, 999999, graph, "x", &error);
  g_assert_null (report);
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_NOT_FOUND);
}

/* The file's positions are kept for new entities; placed ones stay put. */
static void
test_import_positions (Fixture *fixture, gconstpointer data)
{
  g_autoptr (AuraGraph) graph = aura_graph_new ();
  g_autoptr (AuraGraph) loaded = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraGraphImportReport) report = NULL;
  g_autofree AuraPoint *saved = NULL;
  AuraPoint positions[3] = { { 10, 20 }, { NAN, NAN }, { -5, 7.5 } };
  guint placed = 0;
  gint node;

  aura_graph_add_node (graph, 0, AURA_ENTITY_EMAIL, "alice@example.org", 0.9);
  aura_graph_add_node (graph, 0, AURA_ENTITY_DOMAIN, "example.org", 1.0);
  aura_graph_add_node (graph, 0, AURA_ENTITY_EMAIL, "not an email", 0.9);
  report = aura_graph_import_into_store (fixture->store, fixture->investigation, graph, "a.gexf",
                                         &error);
  g_assert_no_error (error);
  g_assert_true (aura_graph_import_save_positions (fixture->store, fixture->investigation, graph,
                                                   report, positions, &placed, &error));
  g_assert_no_error (error);
  /* The refused node and the one without a position are not placed. */
  g_assert_cmpuint (placed, ==, 1);

  /* A second file moving alice does not move her: she has her place. */
  positions[0].x = 500;
  positions[1].x = 3, positions[1].y = 4;
  g_assert_true (aura_graph_import_save_positions (fixture->store, fixture->investigation, graph,
                                                   report, positions, &placed, &error));
  g_assert_cmpuint (placed, ==, 1);
  loaded = aura_store_load_graph (fixture->store, fixture->investigation, &error);
  saved = aura_store_load_positions (fixture->store, fixture->investigation, loaded, NULL, &error);
  g_assert_no_error (error);
  node = aura_graph_find_node (loaded, report->entity_ids[0]);
  g_assert_cmpfloat (saved[node].x, ==, 10);
  g_assert_cmpfloat (saved[node].y, ==, 20);
  node = aura_graph_find_node (loaded, report->entity_ids[1]);
  g_assert_cmpfloat (saved[node].x, ==, 3);
  g_assert_true (aura_graph_import_save_positions (fixture->store, fixture->investigation, graph,
                                                   report, NULL, &placed, &error));
  g_assert_cmpuint (placed, ==, 0);
}

/* ---- aura-cli graph ----------------------------------------------------- */

typedef struct
{
  int status;
  char *out;
  char *err;
} Result;

static void
result_free (Result *result)
{
  g_free (result->out);
  g_free (result->err);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Result, result_free)

static Result *
run_cli (Fixture *fixture, const char *const *args)
{
  g_autoptr (GSubprocessLauncher) launcher =
      g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  Result *result = g_new0 (Result, 1);

  g_assert_nonnull (g_getenv ("AURA_CLI"));
  g_subprocess_launcher_unsetenv (launcher, "AURA_CLI_TTY");
  g_subprocess_launcher_unsetenv (launcher, "AURA_DB");
  g_ptr_array_add (argv, (char *)g_getenv ("AURA_CLI"));
  g_ptr_array_add (argv, (char *)"--db");
  g_ptr_array_add (argv, fixture->db);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *)args[i]);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *)argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);
  result->status = g_subprocess_get_exit_status (process);
  if (g_test_verbose ())
    g_printerr ("exit %d\nstdout: %s\nstderr: %s\n", result->status, result->out, result->err);
  return result;
}

#define CLI(fixture, ...) run_cli (fixture, (const char *const[]){ __VA_ARGS__, NULL })

static JsonObject *
parse_object (const char *text, JsonParser **parser)
{
  g_autoptr (GError) error = NULL;

  *parser = json_parser_new ();
  json_parser_load_from_data (*parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (*parser));
}

/* Two triangles joined by a bridge, plus an isolated entity. */
static void
fill_store (Fixture *fixture)
{
  static const char *const values[] = { "a.example", "b.example", "c.example",     "d.example",
                                        "e.example", "f.example", "lonely.example" };
  static const guint pairs[] = { 0, 1, 1, 2, 0, 2, 3, 4, 4, 5, 3, 5, 2, 3 };
  g_autoptr (GError) error = NULL;
  gint64 ids[G_N_ELEMENTS (values)];

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr (AuraEntity) entity =
          aura_store_add_entity (fixture->store, fixture->investigation, AURA_ENTITY_DOMAIN,
                                 values[i], NULL, 1.0, NULL, NULL, &error);

      g_assert_no_error (error);
      ids[i] = aura_entity_get_id (entity);
    }
  for (guint i = 0; i < G_N_ELEMENTS (pairs) / 2; i++)
    {
      g_autoptr (AuraRelation) relation =
          aura_store_add_relation (fixture->store, fixture->investigation, ids[pairs[2 * i]],
                                   ids[pairs[2 * i + 1]], "linked_to", NULL, 1.0, NULL, &error);

      g_assert_no_error (error);
    }
}

static void
test_cli_stats_and_path (Fixture *fixture, gconstpointer data)
{
  g_autoptr (Result) result = NULL;
  g_autoptr (JsonParser) parser = NULL;
  JsonObject *object;
  JsonArray *array;

  fill_store (fixture);
  result = CLI (fixture, "graph", "stats", "Case", "--top", "2", "--json");
  g_assert_cmpint (result->status, ==, 0);
  object = parse_object (result->out, &parser);
  g_assert_cmpint (json_object_get_int_member (object, "nodes"), ==, 7);
  g_assert_cmpint (json_object_get_int_member (object, "edges"), ==, 7);
  g_assert_cmpint (json_object_get_int_member (object, "components"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (object, "communities"), ==, 3);
  array = json_object_get_array_member (object, "top_betweenness");
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (array, 0), "value"), ==,
      "c.example");
  g_clear_pointer (&result, result_free);

  result = CLI (fixture, "graph", "stats", "Case");
  g_assert_cmpint (result->status, ==, 0);
  g_assert_nonnull (strstr (result->out, "Components:"));
  g_assert_nonnull (strstr (result->out, "d.example"));
  g_clear_pointer (&result, result_free);

  g_clear_object (&parser);
  result = CLI (fixture, "graph", "path", "Case", "a.example", "F.EXAMPLE", "--json");
  g_assert_cmpint (result->status, ==, 0);
  object = parse_object (result->out, &parser);
  g_assert_true (json_object_get_boolean_member (object, "found"));
  g_assert_cmpint (json_object_get_int_member (object, "hops"), ==, 3);
  g_clear_pointer (&result, result_free);

  result = CLI (fixture, "graph", "path", "Case", "a.example", "lonely.example");
  g_assert_cmpint (result->status, ==, 0);
  g_assert_nonnull (strstr (result->out, "No path"));
  g_clear_pointer (&result, result_free);

  result = CLI (fixture, "graph", "path", "Case", "a.example", "nowhere.example");
  g_assert_cmpint (result->status, ==, 3);
  g_assert_nonnull (strstr (result->err, "nowhere.example"));
  g_clear_pointer (&result, result_free);

  result = CLI (fixture, "graph", "stats", "No such case");
  g_assert_cmpint (result->status, ==, 3);
}

static void
test_cli_export_import (Fixture *fixture, gconstpointer data)
{
  g_autofree char *gexf = g_build_filename (fixture->dir, "case.gexf", NULL);
  g_autofree char *graphml = g_build_filename (fixture->dir, "case.graphml", NULL);
  g_autofree char *bad = g_build_filename (fixture->dir, "bad.gexf", NULL);
  g_autoptr (Result) result = NULL;
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraInvestigation) copy = NULL;
  g_autoptr (AuraGraph) graph = NULL;
  JsonObject *object;

  fill_store (fixture);
  result = CLI (fixture, "graph", "export", "Case", "--format", "gexf", "--output", gexf);
  g_assert_cmpint (result->status, ==, 0);
  g_clear_pointer (&result, result_free);
  result = CLI (fixture, "graph", "export", "Case", "-f", "graphml");
  g_assert_cmpint (result->status, ==, 0);
  g_assert_nonnull (strstr (result->out, "<graphml"));
  g_assert_true (g_file_set_contents (graphml, result->out, -1, NULL));
  g_clear_pointer (&result, result_free);
  result = CLI (fixture, "graph", "export", "Case", "-f", "gexf", "--layout", "circular");
  g_assert_cmpint (result->status, ==, 0);
  g_assert_nonnull (strstr (result->out, "viz:position"));
  g_clear_pointer (&result, result_free);
  result = CLI (fixture, "graph", "export", "Case", "-f", "graphml", "--layout", "force");
  g_assert_cmpint (result->status, ==, 0);
  g_assert_nonnull (strstr (result->out, "y:Geometry"));
  g_clear_pointer (&result, result_free);
  {
    g_autoptr (AuraGraph) saved =
        aura_store_load_graph (fixture->store, fixture->investigation, &error);
    g_autofree AuraPoint *points = g_new (AuraPoint, saved->n_nodes);

    for (guint i = 0; i < saved->n_nodes; i++)
      points[i] = (AuraPoint){ 10.0f * i, 123.5f };
    g_assert_true (aura_store_save_positions (fixture->store, fixture->investigation, saved, points,
                                              NULL, &error));
    g_assert_no_error (error);
  }
  result = CLI (fixture, "graph", "export", "Case", "-f", "gexf");
  g_assert_cmpint (result->status, ==, 0);
  g_assert_nonnull (strstr (result->out, "y=\"123.5\""));
  g_clear_pointer (&result, result_free);
  result = CLI (fixture, "graph", "export", "Case", "-f", "gexf", "--layout", "spiral");
  g_assert_cmpint (result->status, ==, 2);
  g_clear_pointer (&result, result_free);
  result = CLI (fixture, "graph", "export", "Case", "--format", "dot");
  g_assert_cmpint (result->status, ==, 4);
  g_clear_pointer (&result, result_free);

  copy = aura_store_create_investigation (fixture->store, "Copy", NULL, &error);
  g_assert_no_error (error);
  result = CLI (fixture, "graph", "import", "Copy", gexf, "--json");
  g_assert_cmpint (result->status, ==, 0);
  object = parse_object (result->out, &parser);
  g_assert_cmpint (json_object_get_int_member (object, "created"), ==, 7);
  g_assert_cmpint (json_object_get_int_member (object, "relations"), ==, 7);
  g_clear_pointer (&result, result_free);
  result = CLI (fixture, "graph", "import", "Copy", graphml);
  g_assert_cmpint (result->status, ==, 0);
  g_assert_nonnull (strstr (result->out, "7 already there"));
  g_clear_pointer (&result, result_free);

  graph = aura_store_load_graph (fixture->store, aura_investigation_get_id (copy), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (graph->n_nodes, ==, 7);
  g_assert_cmpuint (graph->n_edges, ==, 7);

  g_assert_true (g_file_set_contents (bad, "<gexf><graph>", -1, NULL));
  result = CLI (fixture, "graph", "import", "Copy", bad);
  g_assert_cmpint (result->status, ==, 4);
  g_assert_nonnull (strstr (result->err, "bad.gexf"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/graph/exchange/gexf-round-trip", test_round_trip_gexf);
  g_test_add_func ("/graph/exchange/graphml-round-trip", test_round_trip_graphml);
  g_test_add_func ("/graph/exchange/without-positions", test_no_positions);
  g_test_add_func ("/graph/exchange/gephi-sample", test_gephi_sample);
  g_test_add_func ("/graph/exchange/yed-sample", test_yed_sample);
  g_test_add_func ("/graph/exchange/malformed-refused", test_malformed);
  g_test_add_func ("/graph/exchange/hostile-refused", test_hostile);
  g_test_add ("/graph/exchange/import-into-store", Fixture, NULL, fixture_set_up,
              test_import_into_store, fixture_tear_down);
  g_test_add ("/graph/exchange/import-positions", Fixture, NULL, fixture_set_up,
              test_import_positions, fixture_tear_down);
  g_test_add ("/graph/cli/stats-and-path", Fixture, NULL, fixture_set_up, test_cli_stats_and_path,
              fixture_tear_down);
  g_test_add ("/graph/cli/export-import", Fixture, NULL, fixture_set_up, test_cli_export_import,
              fixture_tear_down);
  return g_test_run ();
}
