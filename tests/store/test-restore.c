/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include <json-glib/json-glib.h>
#include <locale.h>
#include <sqlite3.h>
#include <string.h>

#include "aura-graph.h"
#include "store-test-utils.h"

/* aura_store_delete_entities_restorable() and aura_store_restore_entities():
 * a deletion and its undo leave every table byte for byte as before (ids,
 * reals to the last bit, odd Unicode, the search index), the audit chain
 * whole after each; damaged, foreign or stale records are refused with
 * nothing changed; an id or a value used again since is refused; a
 * relation whose other end went meanwhile is left out. */

typedef struct
{
  StoreFixture base;
  gint64 inv, other_inv;
  gint64 alice, mail, domain, bob, stranger;
  gint64 scan, evidence;
} RestoreFixture;

static gint64
add (RestoreFixture *f, AuraEntityType type, const char *value, const char *attributes, double c)
{
  g_autoptr (GError) error = NULL;
  AuraProvenance provenance = { 0, "test", value };
  g_autoptr (AuraEntity) e = aura_store_add_entity (f->base.store, f->inv, type, value, attributes,
                                                    c, &provenance, NULL, &error);

  g_assert_no_error (error);
  return aura_entity_get_id (e);
}

static void
relate (RestoreFixture *f, gint64 s, gint64 t, const char *type, double c)
{
  g_autoptr (GError) error = NULL;
  AuraProvenance provenance = { 0, "test", type };
  g_autoptr (AuraRelation) r = aura_store_add_relation (
      f->base.store, f->inv, s, t, type, "{\"why\":\"test\"}", c, &provenance, &error);

  g_assert_no_error (error);
}

static void
save_positions (RestoreFixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraGraph) graph = aura_store_load_graph (f->base.store, f->inv, &error);
  g_autofree AuraPoint *points = NULL;
  g_autofree gboolean *pinned = NULL;

  g_assert_no_error (error);
  points = g_new (AuraPoint, graph->n_nodes);
  pinned = g_new0 (gboolean, graph->n_nodes);
  for (guint i = 0; i < graph->n_nodes; i++)
    {
      /* Reals that need all 17 digits to read back the same. */
      points[i].x = (float)(G_PI * (i + 1) / 7.0);
      points[i].y = (float)(-1e6 / (3.0 + i));
      pinned[i] = i % 2;
    }
  g_assert_true (aura_store_save_positions (f->base.store, f->inv, graph, points, pinned, &error));
  g_assert_no_error (error);
}

static void
restore_setup (RestoreFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraEntity) target = NULL;
  g_autoptr (AuraEntity) stranger = NULL;

  store_fixture_set_up (&f->base, data);
  f->inv = store_fixture_investigation (&f->base, "Undo");
  f->other_inv = store_fixture_investigation (&f->base, "Elsewhere");
  f->alice = add (f, AURA_ENTITY_USERNAME, "ålice_ﬁ🦊",
                  "{\"bio\":\"línea\\nzwei \\\"quoted\\\"\",\"n\":0.1,\"deep\":{\"a\":[1,2.5]}}",
                  0.123456789012345678);
  f->mail = add (f, AURA_ENTITY_EMAIL, "alice@example.com", NULL, 1.0 / 3.0);
  f->domain = add (f, AURA_ENTITY_DOMAIN, "example.com", NULL, 0.5);
  f->bob = add (f, AURA_ENTITY_USERNAME, "bob", NULL, 0.7);
  target =
      aura_store_add_target (f->base.store, f->inv, AURA_ENTITY_USERNAME, "ålice_ﬁ🦊", &error);
  g_assert_no_error (error);
  relate (f, f->alice, f->mail, "uses", 0.9);
  relate (f, f->mail, f->domain, "belongs-to", 0.8);
  relate (f, f->bob, f->alice, "knows", 0.2);
  relate (f, f->alice, f->domain, "links-to", 0.6);
  f->scan = aura_store_begin_scan (f->base.store, f->inv, f->alice, "test", NULL, &error);
  g_assert_no_error (error);
  f->evidence = aura_store_add_evidence (f->base.store, f->inv, f->alice, f->scan, "profile",
                                         "https://example.com/alice", "{\"posts\":3}", 0, &error);
  g_assert_no_error (error);
  save_positions (f);
  stranger = aura_store_add_entity (f->base.store, f->other_inv, AURA_ENTITY_USERNAME, "stranger",
                                    NULL, 0.5, NULL, NULL, &error);
  g_assert_no_error (error);
  f->stranger = aura_entity_get_id (stranger);
}

static void
restore_teardown (RestoreFixture *f, gconstpointer data)
{
  store_fixture_tear_down (&f->base, data);
}

/* Every row of every table a deletion touches, quote()d (exact for reals
 * and text), read on a connection of its own. */
static char *
dump (RestoreFixture *f)
{
  static const char *const tables[] = {
    "entities", "relations", "provenance", "targets", "graph_positions", "osint_scans", "evidence",
  };
  GString *out = g_string_new (NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (f->base.path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  for (guint t = 0; t < G_N_ELEMENTS (tables) + 1; t++)
    {
      g_autofree char *sql =
          t < G_N_ELEMENTS (tables)
              ? g_strdup_printf ("SELECT * FROM %s ORDER BY rowid", tables[t])
              : g_strdup ("SELECT rowid FROM entities_fts WHERE entities_fts MATCH "
                          "'alice OR example OR bob OR línea' ORDER BY rowid");
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      g_string_append_printf (out, "[%s]\n", sql);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              sqlite3_stmt *q = NULL;

              /* quote() writes a real with every digit it needs. */
              g_assert_cmpint (
                  sqlite3_prepare_v2 (db, "SELECT typeof (?1) || ':' || quote (?1)", -1, &q, NULL),
                  ==, SQLITE_OK);
              sqlite3_bind_value (q, 1, sqlite3_column_value (stmt, c));
              g_assert_cmpint (sqlite3_step (q), ==, SQLITE_ROW);
              g_string_append_printf (out, "%s|", (const char *)sqlite3_column_text (q, 0));
              sqlite3_finalize (q);
            }
          g_string_append_c (out, '\n');
        }
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);
  return g_string_free (out, FALSE);
}

static gint64
count_audit (RestoreFixture *f, const char *action)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = aura_store_list_audit (f->base.store, f->inv, 0, &error);
  gint64 n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    n += g_strcmp0 (aura_audit_entry_get_action (entries->pdata[i]), action) == 0;
  return n;
}

static void
assert_audit_whole (RestoreFixture *f)
{
  g_autoptr (GError) error = NULL;
  gint64 bad = -1;

  g_assert_true (aura_store_verify_audit (f->base.store, NULL, &bad, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bad, ==, 0);
}

static gint64
count_search (RestoreFixture *f, const char *text)
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

static char *
delete_two (RestoreFixture *f)
{
  g_autoptr (GError) error = NULL;
  gint64 ids[] = { f->alice, f->mail, f->alice };
  char *snapshot = NULL;

  g_assert_true (aura_store_delete_entities_restorable (f->base.store, f->inv, ids,
                                                        G_N_ELEMENTS (ids), &snapshot, &error));
  g_assert_no_error (error);
  g_assert_nonnull (snapshot);
  return snapshot;
}

static void
test_round_trip (RestoreFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *before = dump (f);
  g_autofree char *snapshot = NULL;
  g_autofree char *deleted = NULL;
  g_autofree char *after = NULL;
  g_autoptr (AuraEntity) gone = NULL;
  g_autoptr (AuraEntity) scan_seed = NULL;

  g_assert_cmpint (count_search (f, "alice"), ==, 2);
  snapshot = delete_two (f);
  deleted = dump (f);
  g_assert_cmpstr (deleted, !=, before);
  /* Gone, with what hangs on them; the evidence and the scan stay. */
  gone = aura_store_get_entity (f->base.store, f->alice, &error);
  g_assert_null (gone);
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (count_search (f, "alice"), ==, 0);
  g_assert_cmpint (count_search (f, "bob"), ==, 1);
  g_assert_cmpint (count_audit (f, "entity.delete"), ==, 2);
  assert_audit_whole (f);
  g_assert_nonnull (strstr (snapshot, "\"format\":\"aura-entity-snapshot\""));

  g_assert_true (aura_store_restore_entities (f->base.store, f->inv, snapshot, &error));
  g_assert_no_error (error);
  after = dump (f);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (count_search (f, "alice"), ==, 2);
  g_assert_cmpint (count_search (f, "línea"), ==, 1);
  g_assert_cmpint (count_audit (f, "entity.restore"), ==, 2);
  assert_audit_whole (f);

  /* A second restore of the same record finds its ids taken. */
  g_assert_false (aura_store_restore_entities (f->base.store, f->inv, snapshot, &error));
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_free (after);
  after = dump (f);
  g_assert_cmpstr (after, ==, before);
}

/* Rewrites the record through a function of its root object. */
typedef void (*Mutation) (JsonObject *root, RestoreFixture *f);

static void
drop_entities (JsonObject *root, RestoreFixture *f)
{
  json_object_remove_member (root, "entities");
}

static void
entities_not_list (JsonObject *root, RestoreFixture *f)
{
  json_object_set_string_member (root, "entities", "alice");
}

static void
extra_member (JsonObject *root, RestoreFixture *f)
{
  json_object_set_int_member (root, "surprise", 1);
}

static void
wrong_format (JsonObject *root, RestoreFixture *f)
{
  json_object_set_string_member (root, "format", "something-else");
}

static void
future_version (JsonObject *root, RestoreFixture *f)
{
  json_object_set_int_member (root, "version", 99);
}

static void
other_schema (JsonObject *root, RestoreFixture *f)
{
  json_object_set_int_member (root, "schema_version", 1);
}

static JsonObject *
first_row (JsonObject *root, const char *table)
{
  JsonArray *rows = json_object_get_array_member (root, table);

  g_assert_cmpuint (json_array_get_length (rows), >, 0);
  return json_array_get_object_element (rows, 0);
}

static void
extra_column (JsonObject *root, RestoreFixture *f)
{
  json_object_set_string_member (first_row (root, "entities"), "colour", "red");
}

static void
missing_column (JsonObject *root, RestoreFixture *f)
{
  json_object_remove_member (first_row (root, "relations"), "type");
}

static void
nested_value (JsonObject *root, RestoreFixture *f)
{
  json_object_set_array_member (first_row (root, "entities"), "value", json_array_new ());
}

static void
boolean_value (JsonObject *root, RestoreFixture *f)
{
  json_object_set_boolean_member (first_row (root, "provenance"), "tool", TRUE);
}

static void
text_id (JsonObject *root, RestoreFixture *f)
{
  json_object_set_string_member (first_row (root, "entities"), "id", "1");
}

static void
row_of_other_investigation (JsonObject *root, RestoreFixture *f)
{
  json_object_set_int_member (first_row (root, "targets"), "investigation_id", f->other_inv);
}

static void
relation_of_strangers (JsonObject *root, RestoreFixture *f)
{
  JsonObject *row = first_row (root, "relations");

  json_object_set_int_member (row, "source_id", f->bob);
  json_object_set_int_member (row, "target_id", f->domain);
}

static void
position_of_stranger (JsonObject *root, RestoreFixture *f)
{
  json_object_set_int_member (first_row (root, "graph_positions"), "entity_id", f->bob);
}

static void
entity_twice (JsonObject *root, RestoreFixture *f)
{
  JsonArray *rows = json_object_get_array_member (root, "entities");

  json_array_add_element (rows, json_node_copy (json_array_get_element (rows, 0)));
}

static void
no_entities (JsonObject *root, RestoreFixture *f)
{
  static const char *const sections[] = { "entities", "relations", "provenance", "targets",
                                          "graph_positions" };

  for (guint s = 0; s < G_N_ELEMENTS (sections); s++)
    json_object_set_array_member (root, sections[s], json_array_new ());
}

static void
link_to_stranger (JsonObject *root, RestoreFixture *f)
{
  JsonArray *rows =
      json_object_get_array_member (json_object_get_object_member (root, "links"), "evidence");

  json_object_set_int_member (json_array_get_object_element (rows, 0), "entity_id", f->bob);
}

/* The last row breaks a constraint the checks do not look at: the whole
 * restore is rolled back. */
static void
bad_confidence_last (JsonObject *root, RestoreFixture *f)
{
  JsonArray *rows = json_object_get_array_member (root, "graph_positions");

  json_object_set_string_member (
      json_array_get_object_element (rows, json_array_get_length (rows) - 1), "pinned", "maybe");
}

static void
test_malformed (RestoreFixture *f, gconstpointer data)
{
  static const Mutation mutations[] = {
    drop_entities,         entities_not_list,    extra_member, wrong_format,
    future_version,        other_schema,         extra_column, missing_column,
    nested_value,          boolean_value,        text_id,      row_of_other_investigation,
    relation_of_strangers, position_of_stranger, entity_twice, no_entities,
    link_to_stranger,      bad_confidence_last,
  };
  static const char *const garbage[] = {
    "",
    "not json",
    "[]",
    "{\"format\":\"aura-entity-snapshot\"",
    "null",
    "{}",
    "{\"format\":\"aura-entity-snapshot\",\"version\":\"1\"}",
  };
  g_autoptr (GError) error = NULL;
  g_autofree char *snapshot = delete_two (f);
  g_autofree char *deleted = dump (f);
  g_autoptr (GString) deep = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (garbage); i++)
    {
      g_autofree char *now = NULL;

      g_assert_false (aura_store_restore_entities (f->base.store, f->inv, garbage[i], &error));
      g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID);
      g_test_message ("garbage %u: %s", i, error->message);
      g_clear_error (&error);
      now = dump (f);
      g_assert_cmpstr (now, ==, deleted);
    }
  /* Hostile nesting: refused, not a crash. */
  for (guint i = 0; i < 5000; i++)
    g_string_append_c (deep, '[');
  g_assert_false (aura_store_restore_entities (f->base.store, f->inv, deep->str, &error));
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (aura_store_restore_entities (f->base.store, f->other_inv, snapshot, &error));
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID);
  g_clear_error (&error);

  for (guint m = 0; m < G_N_ELEMENTS (mutations); m++)
    {
      g_autoptr (JsonParser) parser = json_parser_new ();
      g_autofree char *broken = NULL;
      g_autofree char *now = NULL;

      g_assert_true (json_parser_load_from_data (parser, snapshot, -1, NULL));
      mutations[m](json_node_get_object (json_parser_get_root (parser)), f);
      broken = json_to_string (json_parser_get_root (parser), FALSE);
      g_assert_false (aura_store_restore_entities (f->base.store, f->inv, broken, &error));
      g_assert_nonnull (error);
      g_test_message ("mutation %u: %s", m, error->message);
      g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID);
      g_clear_error (&error);
      now = dump (f);
      g_assert_cmpstr (now, ==, deleted);
    }
  assert_audit_whole (f);
  g_assert_cmpint (count_audit (f, "entity.restore"), ==, 0);
  /* The record itself still works. */
  g_assert_true (aura_store_restore_entities (f->base.store, f->inv, snapshot, &error));
  g_assert_no_error (error);
  assert_audit_whole (f);
}

static void
test_reused (RestoreFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *snapshot = NULL;
  g_autofree char *deleted = NULL;
  g_autofree char *now = NULL;
  gint64 ids[] = { f->bob };
  gint64 again;

  /* The highest id deleted and taken again by a new entity. */
  {
    gint64 top = f->stranger;
    g_autoptr (AuraEntity) last = NULL;

    g_assert_true (aura_store_delete_entities_restorable (f->base.store, f->other_inv, &top, 1,
                                                          &snapshot, &error));
    g_assert_no_error (error);
    last = aura_store_add_entity (f->base.store, f->other_inv, AURA_ENTITY_DOMAIN, "reused.test",
                                  NULL, 0.5, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (aura_entity_get_id (last), ==, top);
    g_assert_false (aura_store_restore_entities (f->base.store, f->other_inv, snapshot, &error));
    g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "used again"));
    g_clear_error (&error);
  }
  g_clear_pointer (&snapshot, g_free);

  /* The same value again, under a new id. */
  snapshot = delete_two (f);
  again = add (f, AURA_ENTITY_EMAIL, "alice@example.com", NULL, 0.5);
  g_assert_cmpint (again, !=, f->mail);
  deleted = dump (f);
  g_assert_false (aura_store_restore_entities (f->base.store, f->inv, snapshot, &error));
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "alice@example.com"));
  g_clear_error (&error);
  now = dump (f);
  g_assert_cmpstr (now, ==, deleted);

  /* Refusals of the deletion change nothing. */
  g_clear_pointer (&deleted, g_free);
  deleted = dump (f);
  ids[0] = 999999;
  g_assert_false (
      aura_store_delete_entities_restorable (f->base.store, f->inv, ids, 1, NULL, &error));
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  ids[0] = f->bob;
  g_assert_false (
      aura_store_delete_entities_restorable (f->base.store, f->other_inv, ids, 1, NULL, &error));
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (
      aura_store_delete_entities_restorable (f->base.store, f->inv, ids, 0, NULL, &error));
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_pointer (&now, g_free);
  now = dump (f);
  g_assert_cmpstr (now, ==, deleted);
  assert_audit_whole (f);
}

/* Undo of alice after bob went too: alice comes back without the relation
 * to bob (and its provenance); everything else as it was. */
static void
test_other_end_gone (RestoreFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *alice_snapshot = NULL;
  g_autofree char *bob_snapshot = NULL;
  g_autoptr (GPtrArray) related = NULL;
  g_autoptr (AuraEntity) back = NULL;
  gint64 alice = f->alice, bob = f->bob;

  g_assert_true (aura_store_delete_entities_restorable (f->base.store, f->inv, &alice, 1,
                                                        &alice_snapshot, &error));
  g_assert_no_error (error);
  g_assert_true (aura_store_delete_entities_restorable (f->base.store, f->inv, &bob, 1,
                                                        &bob_snapshot, &error));
  g_assert_no_error (error);
  g_assert_true (aura_store_restore_entities (f->base.store, f->inv, alice_snapshot, &error));
  g_assert_no_error (error);
  back = aura_store_get_entity (f->base.store, f->alice, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (aura_entity_get_value (back), ==, "ålice_ﬁ🦊");
  related = aura_store_list_relations (f->base.store, f->alice, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (related->len, ==, 2); /* uses, links-to; not knows */
  /* Bob comes back alone: the relation went with alice's record. */
  g_assert_true (aura_store_restore_entities (f->base.store, f->inv, bob_snapshot, &error));
  g_assert_no_error (error);
  g_clear_pointer (&related, g_ptr_array_unref);
  related = aura_store_list_relations (f->base.store, f->alice, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (related->len, ==, 2);
  assert_audit_whole (f);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, RestoreFixture, NULL, restore_setup, fn, restore_teardown)
  ADD ("/store/restore/round-trip", test_round_trip);
  ADD ("/store/restore/malformed", test_malformed);
  ADD ("/store/restore/reused", test_reused);
  ADD ("/store/restore/other-end-gone", test_other_end_gone);
#undef ADD
  return g_test_run ();
}
