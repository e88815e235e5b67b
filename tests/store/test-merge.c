/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include <json-glib/json-glib.h>
#include <locale.h>
#include <sqlite3.h>
#include <string.h>

#include "aura-graph.h"
#include "store-test-utils.h"

/* aura_store_merge_entities(): relations re-pointed (duplicates folded,
 * self-loops dropped), provenance, targets and evidence moved, attributes
 * merged with the kept entity winning, the search index and the audit
 * chain in step, and every refusal or failure midway leaving the database
 * exactly as it was. */

typedef struct
{
  StoreFixture base;
  gint64 inv;
  gint64 keep, dup, old; /* usernames: kestrel, kestrel_dup, kestrel.old */
  gint64 mail, domain;   /* their neighbours */
  gint64 other_inv, stranger;
} MergeFixture;

static gint64
add (MergeFixture *f, AuraEntityType type, const char *value, const char *attributes, double c)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraEntity) e =
      aura_store_add_entity (f->base.store, f->inv, type, value, attributes, c, NULL, NULL, &error);

  g_assert_no_error (error);
  return aura_entity_get_id (e);
}

static void
relate (MergeFixture *f, gint64 s, gint64 t, const char *type, double c, const char *source)
{
  g_autoptr (GError) error = NULL;
  AuraProvenance provenance = { 0, "test", source };
  g_autoptr (AuraRelation) r =
      aura_store_add_relation (f->base.store, f->inv, s, t, type, NULL, c, &provenance, &error);

  g_assert_no_error (error);
}

static void
merge_setup (MergeFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraEntity) target = NULL;
  g_autoptr (AuraEntity) stranger = NULL;

  store_fixture_set_up (&f->base, data);
  f->inv = store_fixture_investigation (&f->base, "Duplicates");
  f->other_inv = store_fixture_investigation (&f->base, "Elsewhere");
  f->keep = add (f, AURA_ENTITY_USERNAME, "kestrel", "{\"bio\":\"kept\",\"a\":1}", 0.4);
  f->dup = add (f, AURA_ENTITY_USERNAME, "kestrel_dup", "{\"bio\":\"dup\",\"b\":2}", 0.9);
  f->old = add (f, AURA_ENTITY_USERNAME, "kestrel.old", "{\"nickname\":\"falconer\"}", 0.2);
  f->mail = add (f, AURA_ENTITY_EMAIL, "kestrel@example.com", NULL, 0.5);
  f->domain = add (f, AURA_ENTITY_DOMAIN, "example.com", NULL, 0.5);
  /* The duplicate is the investigation's seed. */
  target =
      aura_store_add_target (f->base.store, f->inv, AURA_ENTITY_USERNAME, "kestrel_dup", &error);
  g_assert_no_error (error);
  relate (f, f->keep, f->mail, "uses", 0.5, "kept-uses");
  relate (f, f->dup, f->mail, "uses", 0.9, "dup-uses");          /* folds into the one above */
  relate (f, f->dup, f->domain, "links-to", 0.7, "dup-links");   /* moves */
  relate (f, f->old, f->keep, "same-as", 0.3, "old-same");       /* would be a self-loop */
  relate (f, f->dup, f->old, "knows", 0.3, "dup-knows-old");     /* so would this */
  relate (f, f->mail, f->old, "mentions", 0.6, "mail-mentions"); /* moves, other end */
  g_assert_cmpint (aura_store_add_evidence (f->base.store, f->inv, f->old, 0, "profile",
                                            "https://example.com/kestrel.old", "{\"posts\":3}", 0,
                                            &error),
                   >, 0);
  g_assert_no_error (error);
  stranger = aura_store_add_entity (f->base.store, f->other_inv, AURA_ENTITY_USERNAME, "kestrel",
                                    NULL, 0.5, NULL, NULL, &error);
  g_assert_no_error (error);
  f->stranger = aura_entity_get_id (stranger);
}

static void
merge_teardown (MergeFixture *f, gconstpointer data)
{
  store_fixture_tear_down (&f->base, data);
}

/* Every row of every table a merge touches, read on a connection of its
 * own: equal snapshots mean nothing changed. */
static char *
snapshot (MergeFixture *f)
{
  static const char *const tables[] = {
    "SELECT * FROM entities ORDER BY id",
    "SELECT * FROM relations ORDER BY id",
    "SELECT * FROM provenance ORDER BY id",
    "SELECT * FROM targets ORDER BY id",
    "SELECT * FROM evidence ORDER BY id",
    "SELECT * FROM graph_positions ORDER BY entity_id",
    "SELECT * FROM audit_logs ORDER BY id",
    "SELECT rowid FROM entities_fts "
    "WHERE entities_fts MATCH 'falconer OR dup'",
  };
  GString *out = g_string_new (NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (f->base.path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, tables[t], -1, &stmt, NULL), ==, SQLITE_OK);
      g_string_append_printf (out, "[%s]\n", tables[t]);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            g_string_append_printf (out, "%s|", (const char *)sqlite3_column_text (stmt, c));
          g_string_append_c (out, '\n');
        }
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);
  return g_string_free (out, FALSE);
}

static gint64
count_search (MergeFixture *f, const char *text)
{
  g_autoptr (GError) error = NULL;
  AuraEntityQuery query = AURA_ENTITY_QUERY_INIT;
  gint64 n;

  query.investigation_id = f->inv;
  query.text = text;
  n = aura_store_count_entities (f->base.store, &query, &error);
  g_assert_no_error (error);
  return n;
}

static guint
n_provenance (MergeFixture *f, gint64 id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = aura_store_list_provenance (f->base.store, id, &error);

  g_assert_no_error (error);
  return rows->len;
}

static void
assert_chain_whole (MergeFixture *f)
{
  g_autoptr (GError) error = NULL;
  gint64 bad = -1;

  g_assert_true (aura_store_verify_audit (f->base.store, NULL, &bad, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bad, ==, 0);
}

static AuraRelation *
find_relation (GPtrArray *relations, gint64 s, gint64 t, const char *type)
{
  for (guint i = 0; i < relations->len; i++)
    {
      AuraRelation *r = relations->pdata[i];

      if (aura_relation_get_source_id (r) == s && aura_relation_get_target_id (r) == t &&
          g_str_equal (aura_relation_get_relation_type (r), type))
        return r;
    }
  return NULL;
}

static void
save_positions (MergeFixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraGraph) graph = aura_store_load_graph (f->base.store, f->inv, &error);
  g_autofree AuraPoint *points = g_new (AuraPoint, graph->n_nodes);

  g_assert_no_error (error);
  for (guint i = 0; i < graph->n_nodes; i++)
    points[i] = (AuraPoint){ (float)(10 * graph->entity_ids[i]), -1.0f };
  g_assert_true (aura_store_save_positions (f->base.store, f->inv, graph, points, NULL, &error));
  g_assert_no_error (error);
}

static void
test_merge_moves_everything (MergeFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraEntity) kept = NULL;
  g_autoptr (GPtrArray) relations = NULL;
  g_autoptr (GPtrArray) targets = NULL;
  g_autoptr (GPtrArray) evidence = NULL;
  g_autoptr (GPtrArray) audit = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (AuraGraph) graph = NULL;
  g_autofree AuraPoint *points = NULL;
  AuraAuditEntry *last;
  AuraRelation *r;
  JsonObject *attributes;
  /* Repeats are ignored. */
  gint64 merge[] = { f->dup, f->old, f->dup };
  guint sources;
  gint node;

  save_positions (f);
  sources = n_provenance (f, f->keep) + n_provenance (f, f->dup) + n_provenance (f, f->old);
  g_assert_cmpint (count_search (f, "falconer"), ==, 1);
  g_assert_cmpint (count_search (f, "dup"), ==, 1);

  g_assert_true (aura_store_merge_entities (f->base.store, f->inv, f->keep, merge,
                                            G_N_ELEMENTS (merge), &error));
  g_assert_no_error (error);

  /* The merged rows are gone; the kept one holds what they had. */
  g_assert_null (aura_store_get_entity (f->base.store, f->dup, &error));
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (aura_store_get_entity (f->base.store, f->old, &error));
  g_clear_error (&error);
  kept = aura_store_get_entity (f->base.store, f->keep, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (aura_entity_get_value (kept), ==, "kestrel");
  g_assert_cmpfloat (aura_entity_get_confidence (kept), ==, 0.9);
  g_assert_true (aura_entity_get_is_target (kept));
  g_assert_cmpint (aura_entity_get_n_sources (kept), ==, sources);
  g_assert_cmpuint (n_provenance (f, f->keep), ==, sources);
  g_assert_true (json_parser_load_from_data (parser, aura_entity_get_attributes (kept), -1, NULL));
  attributes = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (attributes, "bio"), ==, "kept");
  g_assert_cmpint (json_object_get_int_member (attributes, "a"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (attributes, "b"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (attributes, "nickname"), ==, "falconer");

  /* Relations: the duplicate "uses" folded (highest confidence, both
   * provenance rows), "links-to" and "mentions" re-pointed, the two that
   * would join kestrel to itself dropped. */
  relations = aura_store_list_relations (f->base.store, f->keep, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (relations->len, ==, 3);
  r = find_relation (relations, f->keep, f->mail, "uses");
  g_assert_nonnull (r);
  g_assert_cmpfloat (aura_relation_get_confidence (r), ==, 0.9);
  g_assert_nonnull (find_relation (relations, f->keep, f->domain, "links-to"));
  g_assert_nonnull (find_relation (relations, f->mail, f->keep, "mentions"));
  for (guint i = 0; i < relations->len; i++)
    g_assert_cmpint (aura_relation_get_source_id (relations->pdata[i]), !=,
                     aura_relation_get_target_id (relations->pdata[i]));

  targets = aura_store_list_targets (f->base.store, f->inv, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (targets->len, ==, 1);
  g_assert_cmpint (aura_entity_get_id (targets->pdata[0]), ==, f->keep);
  evidence = aura_store_list_evidence (f->base.store, f->inv, f->keep, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (evidence->len, ==, 1);

  /* The search index follows: the merged values are not found any more,
   * the attributes they brought are, on the kept entity. */
  g_assert_cmpint (count_search (f, "dup"), ==, 0);
  g_assert_cmpint (count_search (f, "falconer"), ==, 1);

  /* The kept entity keeps its own place on the canvas. */
  graph = aura_store_load_graph (f->base.store, f->inv, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (graph->n_nodes, ==, 3);
  points = aura_store_load_positions (f->base.store, f->inv, graph, NULL, &error);
  g_assert_no_error (error);
  node = aura_graph_find_node (graph, f->keep);
  g_assert_cmpint (node, >=, 0);
  g_assert_cmpfloat (points[node].x, ==, (float)(10 * f->keep));

  /* One audit row, digests of before and after, the chain whole. */
  audit = aura_store_list_audit (f->base.store, f->inv, 1, &error);
  g_assert_no_error (error);
  last = audit->pdata[0];
  g_assert_cmpstr (aura_audit_entry_get_action (last), ==, "entity.merge");
  g_assert_cmpint (aura_audit_entry_get_object_id (last), ==, f->keep);
  g_assert_cmpuint (strlen (aura_audit_entry_get_before_digest (last)), ==, 64);
  g_assert_cmpuint (strlen (aura_audit_entry_get_after_digest (last)), ==, 64);
  g_assert_nonnull (strstr (aura_audit_entry_get_details (last), "kestrel.old"));
  g_assert_nonnull (strstr (aura_audit_entry_get_details (last), "\"relations_dropped\":2"));
  assert_chain_whole (f);
}

static void
assert_refused (MergeFixture *f,
                gint64 inv,
                gint64 keep,
                const gint64 *ids,
                guint n,
                int code,
                const char *fragment)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *before = snapshot (f);
  g_autofree char *after = NULL;

  g_assert_false (aura_store_merge_entities (f->base.store, inv, keep, ids, n, &error));
  g_assert_error (error, AURA_STORE_ERROR, code);
  g_test_message ("refused: %s", error->message);
  g_assert_nonnull (strstr (error->message, fragment));
  after = snapshot (f);
  g_assert_cmpstr (after, ==, before);
}

static void
test_merge_refusals (MergeFixture *f, gconstpointer data)
{
  gint64 email[] = { f->mail };
  gint64 itself[] = { f->dup, f->keep };
  gint64 missing[] = { f->dup, 987654 };
  gint64 stranger[] = { f->stranger };
  gint64 dup[] = { f->dup };

  assert_refused (f, f->inv, f->keep, email, 1, AURA_STORE_ERROR_INVALID, "same type");
  assert_refused (f, f->inv, f->keep, itself, 2, AURA_STORE_ERROR_INVALID, "into itself");
  assert_refused (f, f->inv, f->keep, missing, 2, AURA_STORE_ERROR_NOT_FOUND, "987654");
  assert_refused (f, f->inv, f->keep, stranger, 1, AURA_STORE_ERROR_INVALID,
                  "another investigation");
  /* The kept one from elsewhere, and the investigation of neither. */
  assert_refused (f, f->inv, f->stranger, dup, 1, AURA_STORE_ERROR_INVALID,
                  "another investigation");
  assert_refused (f, f->other_inv, f->keep, dup, 1, AURA_STORE_ERROR_INVALID,
                  "another investigation");
  assert_refused (f, 424242, f->keep, dup, 1, AURA_STORE_ERROR_NOT_FOUND, "424242");
  assert_refused (f, f->inv, 313131, dup, 1, AURA_STORE_ERROR_NOT_FOUND, "313131");
  assert_refused (f, f->inv, f->keep, NULL, 0, AURA_STORE_ERROR_INVALID, "at least one");
  assert_chain_whole (f);
}

static void
raw_exec (const char *path, const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

/* A failure after the relations, provenance and targets have moved (the
 * last merged row refuses to be deleted) rolls every step back. */
static void
test_merge_failure_midway_changes_nothing (MergeFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 merge[] = { f->dup, f->old };

  save_positions (f);
  raw_exec (f->base.path, "CREATE TRIGGER refuse_delete BEFORE DELETE ON entities "
                          "WHEN old.value = 'kestrel.old' BEGIN "
                          "SELECT RAISE (ABORT, 'injected failure'); END;");
  before = snapshot (f);
  g_assert_false (aura_store_merge_entities (f->base.store, f->inv, f->keep, merge, 2, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "injected failure"));
  g_clear_error (&error);
  after = snapshot (f);
  g_assert_cmpstr (after, ==, before);
  assert_chain_whole (f);

  /* Without the fault the same merge goes through. */
  raw_exec (f->base.path, "DROP TRIGGER refuse_delete;");
  g_assert_true (aura_store_merge_entities (f->base.store, f->inv, f->keep, merge, 2, &error));
  g_assert_no_error (error);
  assert_chain_whole (f);
}

/* Inside a batch the merge is one of the batch's changes; odd values and
 * many repeats of one id change nothing of the rules. */
static void
test_merge_in_batch (MergeFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 odd = add (f, AURA_ENTITY_USERNAME, "k\xc3\xa9strel_\xf0\x9f\xa6\x85", NULL, 1.0);
  g_autoptr (AuraEntity) kept = NULL;

  for (guint i = 0; i < 5000; i++)
    g_array_append_val (ids, odd);
  g_assert_true (aura_store_batch_begin (f->base.store, "tidy up", &error));
  g_assert_true (aura_store_merge_entities (f->base.store, f->inv, f->keep, (gint64 *)ids->data,
                                            ids->len, &error));
  g_assert_no_error (error);
  g_assert_true (aura_store_batch_commit (f->base.store, &error));
  g_assert_no_error (error);
  kept = aura_store_get_entity (f->base.store, f->keep, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (aura_entity_get_confidence (kept), ==, 1.0);
  g_assert_null (aura_store_get_entity (f->base.store, odd, &error));
  g_clear_error (&error);
  assert_chain_whole (f);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define MERGE(path, func) g_test_add (path, MergeFixture, NULL, merge_setup, func, merge_teardown)

  MERGE ("/store/merge/moves-relations-provenance-targets", test_merge_moves_everything);
  MERGE ("/store/merge/refusals-change-nothing", test_merge_refusals);
  MERGE ("/store/merge/failure-midway-changes-nothing", test_merge_failure_midway_changes_nothing);
  MERGE ("/store/merge/inside-a-batch", test_merge_in_batch);
  return g_test_run ();
}
