/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include <json-glib/json-glib.h>
#include <locale.h>
#include <sqlite3.h>
#include <string.h>

#include "store-test-utils.h"

/* The audit chain: every change leaves a row linked to the previous one,
 * and tampering with the file (an edited field, a removed row, rows put in
 * another order) is found, naming the first broken row. */

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

/* Six rows: the create, the target's entity and its mark, an entity, a
 * rename, a setting. */
static void
make_history (StoreFixture *fixture)
{
  g_autoptr (GError) error = NULL;
  gint64 inv = store_fixture_investigation (fixture, "Audited");

  aura_store_set_actor (fixture->store, "investigator-1");
  g_object_unref (
      aura_store_add_target (fixture->store, inv, AURA_ENTITY_USERNAME, "alice", &error));
  g_object_unref (aura_store_add_entity (fixture->store, inv, AURA_ENTITY_EMAIL,
                                         "alice@example.com", NULL, 0.5, NULL, NULL, &error));
  g_assert_true (aura_store_rename_investigation (fixture->store, inv, "Audited 2", &error));
  g_assert_true (aura_store_set_setting (fixture->store, "theme", "dark", &error));
  g_assert_no_error (error);
}

static void
assert_chain_broken_at (StoreFixture *fixture, gint64 expected_bad)
{
  g_autoptr (GError) error = NULL;
  gint64 n_checked = 0, bad = 0;

  g_assert_false (aura_store_verify_audit (fixture->store, &n_checked, &bad, &error));
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_CORRUPT);
  g_assert_cmpint (bad, ==, expected_bad);
  g_assert_nonnull (strstr (error->message, "tampered"));
}

static void
test_chain_whole (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  gint64 n_checked = 0, bad = -1;
  AuraAuditEntry *first, *second;

  make_history (fixture);
  g_assert_true (aura_store_verify_audit (fixture->store, &n_checked, &bad, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n_checked, ==, 6);
  g_assert_cmpint (bad, ==, 0);

  entries = aura_store_list_audit (fixture->store, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 6);
  /* Newest first. */
  g_assert_cmpstr (aura_audit_entry_get_action (g_ptr_array_index (entries, 0)), ==, "setting.set");
  g_assert_cmpint (aura_audit_entry_get_investigation_id (g_ptr_array_index (entries, 0)), ==, 0);
  first = g_ptr_array_index (entries, 5);
  second = g_ptr_array_index (entries, 4);
  g_assert_cmpstr (aura_audit_entry_get_action (first), ==, "investigation.create");
  g_assert_null (aura_audit_entry_get_before_digest (first));
  g_assert_cmpuint (strlen (aura_audit_entry_get_after_digest (first)), ==, 64);
  g_assert_cmpstr (aura_audit_entry_get_prev_hash (second), ==, aura_audit_entry_get_hash (first));
  g_assert_cmpstr (aura_audit_entry_get_action (second), ==, "entity.add");
  g_assert_cmpstr (aura_audit_entry_get_action (g_ptr_array_index (entries, 3)), ==, "target.add");
  g_assert_cmpstr (aura_audit_entry_get_actor (second), ==, "investigator-1");
  g_assert_cmpint (aura_audit_entry_get_at (second), >=, aura_audit_entry_get_at (first));
  g_assert_cmpstr (aura_audit_entry_get_action (g_ptr_array_index (entries, 1)), ==,
                   "investigation.rename");
  g_assert_nonnull (aura_audit_entry_get_before_digest (g_ptr_array_index (entries, 1)));
  g_assert_cmpstr (aura_audit_entry_get_before_digest (g_ptr_array_index (entries, 1)), !=,
                   aura_audit_entry_get_after_digest (g_ptr_array_index (entries, 1)));
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* Filtered by investigation, and limited. */
  entries = aura_store_list_audit (fixture->store, 1, 2, &error);
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_cmpstr (aura_audit_entry_get_action (g_ptr_array_index (entries, 0)), ==,
                   "investigation.rename");
}

static void
test_tamper_edited_field (StoreFixture *fixture, gconstpointer data)
{
  make_history (fixture);
  raw_exec (fixture->path, "UPDATE audit_logs SET actor = 'mallory' WHERE id = 3");
  assert_chain_broken_at (fixture, 3);
}

static void
test_tamper_edited_details (StoreFixture *fixture, gconstpointer data)
{
  make_history (fixture);
  raw_exec (fixture->path, "UPDATE audit_logs SET details = '{}' WHERE id = 4");
  assert_chain_broken_at (fixture, 4);
}

static void
test_tamper_rehashed_row (StoreFixture *fixture, gconstpointer data)
{
  /* Even a forger who recomputes a row's hash breaks the next link. */
  make_history (fixture);
  raw_exec (fixture->path,
            "UPDATE audit_logs SET hash = '1111111111111111111111111111111111111111111111111111"
            "111111111111' WHERE id = 2");
  assert_chain_broken_at (fixture, 2);
}

static void
test_tamper_deleted_row (StoreFixture *fixture, gconstpointer data)
{
  make_history (fixture);
  raw_exec (fixture->path, "DELETE FROM audit_logs WHERE id = 2");
  assert_chain_broken_at (fixture, 3);
}

static void
test_tamper_reordered_rows (StoreFixture *fixture, gconstpointer data)
{
  make_history (fixture);
  raw_exec (fixture->path, "UPDATE audit_logs SET id = -2 WHERE id = 2;"
                           "UPDATE audit_logs SET id = 2 WHERE id = 3;"
                           "UPDATE audit_logs SET id = 3 WHERE id = -2");
  assert_chain_broken_at (fixture, 2);
}

static void
test_batch_rows (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  gint64 inv = store_fixture_investigation (fixture, "Batch");
  gint64 n_checked = 0;
  AuraAuditEntry *batch;
  JsonObject *details;

  g_assert_true (aura_store_batch_begin (fixture->store, "import of users.csv", &error));
  for (int i = 0; i < 10; i++)
    {
      g_autofree char *name = g_strdup_printf ("user%d", i % 7);
      g_object_unref (aura_store_add_entity (fixture->store, inv, AURA_ENTITY_USERNAME, name, NULL,
                                             0.5, NULL, NULL, &error));
      g_assert_no_error (error);
    }
  g_assert_true (aura_store_batch_commit (fixture->store, &error));
  g_assert_no_error (error);

  /* A rolled-back batch leaves neither rows nor an audit record. */
  g_assert_true (aura_store_batch_begin (fixture->store, "abandoned", &error));
  g_object_unref (aura_store_add_entity (fixture->store, inv, AURA_ENTITY_USERNAME, "ghost", NULL,
                                         0.5, NULL, NULL, &error));
  g_assert_false (aura_store_batch_begin (fixture->store, "nested", &error));
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  aura_store_batch_rollback (fixture->store);
  g_assert_null (
      aura_store_find_entity (fixture->store, inv, AURA_ENTITY_USERNAME, "ghost", &error));
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  entries = aura_store_list_audit (fixture->store, inv, 0, &error);
  g_assert_cmpuint (entries->len, ==, 2);
  batch = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (aura_audit_entry_get_action (batch), ==, "batch");
  g_assert_cmpuint (strlen (aura_audit_entry_get_after_digest (batch)), ==, 64);
  g_assert_true (
      json_parser_load_from_data (parser, aura_audit_entry_get_details (batch), -1, &error));
  details = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (details, "description"), ==,
                   "import of users.csv");
  g_assert_cmpint (json_object_get_int_member (details, "changes"), ==, 10);
  g_assert_cmpint (
      json_object_get_int_member (json_object_get_object_member (details, "actions"), "entity.add"),
      ==, 7);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (details, "actions"),
                                               "entity.merge"),
                   ==, 3);
  g_assert_true (aura_store_verify_audit (fixture->store, &n_checked, NULL, &error));
  g_assert_cmpint (n_checked, ==, 2);
}

static void
test_entity_digests (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  gint64 inv = store_fixture_investigation (fixture, "Digests");
  g_autoptr (AuraEntity) e = NULL;

  e = aura_store_add_entity (fixture->store, inv, AURA_ENTITY_DOMAIN, "example.com", NULL, 0.5,
                             NULL, NULL, &error);
  g_object_unref (aura_store_add_entity (fixture->store, inv, AURA_ENTITY_DOMAIN, "example.com",
                                         "{\"a\":1}", 0.5, NULL, NULL, &error));
  g_assert_true (aura_store_delete_entity (fixture->store, aura_entity_get_id (e), &error));
  g_assert_true (aura_store_purge_investigation (fixture->store, inv, &error));
  g_assert_no_error (error);
  entries = aura_store_list_audit (fixture->store, inv, 0, &error);
  g_assert_cmpuint (entries->len, ==, 5);
  g_assert_cmpstr (aura_audit_entry_get_action (g_ptr_array_index (entries, 0)), ==,
                   "investigation.purge");
  g_assert_null (aura_audit_entry_get_after_digest (g_ptr_array_index (entries, 0)));
  g_assert_cmpstr (aura_audit_entry_get_action (g_ptr_array_index (entries, 1)), ==,
                   "entity.delete");
  g_assert_null (aura_audit_entry_get_after_digest (g_ptr_array_index (entries, 1)));
  g_assert_cmpstr (aura_audit_entry_get_action (g_ptr_array_index (entries, 2)), ==,
                   "entity.merge");
  /* The merge's before is the add's after. */
  g_assert_cmpstr (aura_audit_entry_get_before_digest (g_ptr_array_index (entries, 2)), ==,
                   aura_audit_entry_get_after_digest (g_ptr_array_index (entries, 3)));
  /* The purge is still on record, and the chain holds. */
  g_assert_true (aura_store_verify_audit (fixture->store, NULL, NULL, &error));
  g_assert_no_error (error);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func)                                                                            \
  g_test_add (path, StoreFixture, NULL, store_fixture_set_up, func, store_fixture_tear_down)

  ADD ("/store/audit/chain-whole", test_chain_whole);
  ADD ("/store/audit/tamper/edited-field", test_tamper_edited_field);
  ADD ("/store/audit/tamper/edited-details", test_tamper_edited_details);
  ADD ("/store/audit/tamper/rehashed-row", test_tamper_rehashed_row);
  ADD ("/store/audit/tamper/deleted-row", test_tamper_deleted_row);
  ADD ("/store/audit/tamper/reordered-rows", test_tamper_reordered_rows);
  ADD ("/store/audit/batch-is-one-row", test_batch_rows);
  ADD ("/store/audit/entity-digests-link", test_entity_digests);

  return g_test_run ();
}
