/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include <json-glib/json-glib.h>
#include <locale.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "store-test-utils.h"

/* The store: opening and migrating, investigations and their trash,
 * targets, entities and their provenance, relations, queries with hostile
 * search text, export, settings. */

static void
test_open_creates_schema (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (aura_store_get_schema_version (fixture->store), ==,
                   aura_store_get_code_schema_version ());
  g_assert_cmpstr (aura_store_get_path (fixture->store), ==, fixture->path);
  g_assert_true (aura_store_check_integrity (fixture->store, &error));
  g_assert_no_error (error);
  g_clear_object (&fixture->store);

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT (SELECT count(*) FROM schema_migrations), "
                                       "(SELECT user_version FROM pragma_user_version), "
                                       "(SELECT journal_mode FROM pragma_journal_mode)",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, aura_store_get_code_schema_version ());
  g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, aura_store_get_code_schema_version ());
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 2), ==, "wal");
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  /* Reopening does not migrate again. */
  fixture->store = aura_store_open (fixture->path, AURA_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
}

static void
test_open_default_path_from_env (void)
{
  g_autofree char *saved = g_strdup (g_getenv ("AURA_DB"));
  g_autofree char *path = NULL;

  g_setenv ("AURA_DB", "/tmp/somewhere/else.db", TRUE);
  path = aura_store_get_default_path ();
  g_assert_cmpstr (path, ==, "/tmp/somewhere/else.db");
  g_free (path);
  g_unsetenv ("AURA_DB");
  path = aura_store_get_default_path ();
  g_assert_true (g_str_has_suffix (path, "/aura/aura.db"));
  if (saved != NULL)
    g_setenv ("AURA_DB", saved, TRUE);
}

static void
test_open_creates_private_folder (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "deep", "er", "aura.db", NULL);
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr (AuraStore) store = aura_store_open (path, AURA_STORE_OPEN_DEFAULT, &error);
  GStatBuf st;

  g_assert_no_error (error);
  g_assert_cmpint (g_stat (folder, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
}

static char *
read_file (const char *path, gsize *out_len)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, out_len, NULL));
  return contents;
}

static void
test_open_too_new_is_untouched (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "new.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;
  sqlite3 *db = NULL;
  AuraStore *store;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (
      sqlite3_exec (db, "CREATE TABLE future (x); PRAGMA user_version = 99", NULL, NULL, NULL), ==,
      SQLITE_OK);
  sqlite3_close (db);
  before = read_file (path, &before_len);

  store = aura_store_open (path, AURA_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer version of Aura"));
  g_assert_nonnull (strstr (error->message, "99"));

  after = read_file (path, &after_len);
  g_assert_cmpmem (before, before_len, after, after_len);
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_IS_DIR));
}

static void
test_open_garbage_is_corrupt (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "garbage.db", NULL);
  g_autoptr (GString) junk = g_string_new (NULL);
  AuraStore *store;

  for (int i = 0; i < 5000; i++)
    g_string_append_c (junk, (char)g_random_int ());
  g_assert_true (g_file_set_contents (path, junk->str, junk->len, NULL));
  store = aura_store_open (path, AURA_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, path));

  /* Another program's SQLite file is not an Aura database either. */
  g_clear_error (&error);
  g_remove (path);
  {
    sqlite3 *db = NULL;
    g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
    sqlite3_exec (db, "CREATE TABLE contacts (name)", NULL, NULL, NULL);
    sqlite3_close (db);
  }
  store = aura_store_open (path, AURA_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_CORRUPT);
}

static void
test_open_readonly_folder (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *folder = g_build_filename (fixture->dir, "locked", NULL);
  g_autofree char *path = g_build_filename (folder, "aura.db", NULL);
  AuraStore *store;

  if (geteuid () == 0)
    {
      g_test_skip ("root ignores file permissions");
      return;
    }
  g_assert_cmpint (g_mkdir (folder, 0500), ==, 0);
  store = aura_store_open (path, AURA_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_READONLY);
  g_chmod (folder, 0700);
}

static void
test_open_read_only_flag (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraStore) reader = NULL;
  g_autoptr (AuraInvestigation) inv = NULL;
  g_autoptr (GPtrArray) list = NULL;

  store_fixture_investigation (fixture, "Case");
  reader = aura_store_open (fixture->path, AURA_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  list = aura_store_list_investigations (reader, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  inv = aura_store_create_investigation (reader, "Other", NULL, &error);
  g_assert_null (inv);
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_READONLY);
}

static void
test_investigation_crud (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraInvestigation) inv = NULL;
  g_autoptr (AuraInvestigation) found = NULL;
  g_autoptr (GPtrArray) list = NULL;
  gint64 id;

  inv = aura_store_create_investigation (fixture->store, "  Operation Blue  ", "desc", &error);
  g_assert_no_error (error);
  id = aura_investigation_get_id (inv);
  g_assert_cmpstr (aura_investigation_get_name (inv), ==, "Operation Blue");
  g_assert_cmpstr (aura_investigation_get_description (inv), ==, "desc");
  g_assert_true (g_uuid_string_is_valid (aura_investigation_get_uuid (inv)));
  g_assert_cmpint (aura_investigation_get_created_at (inv), >, 0);

  g_assert_true (aura_store_rename_investigation (fixture->store, id, "Operation Red", &error));
  g_assert_no_error (error);
  g_assert_true (aura_store_set_investigation_description (fixture->store, id, "new", &error));
  g_assert_no_error (error);

  found = aura_store_find_investigation (fixture->store, "operation RED", &error);
  g_assert_no_error (error);
  g_assert_cmpint (aura_investigation_get_id (found), ==, id);
  g_assert_cmpstr (aura_investigation_get_description (found), ==, "new");
  g_clear_object (&found);
  found = aura_store_find_investigation (fixture->store, aura_investigation_get_uuid (inv), &error);
  g_assert_no_error (error);
  g_clear_object (&found);
  {
    g_autofree char *ref = g_strdup_printf ("%" G_GINT64_FORMAT, id);
    found = aura_store_find_investigation (fixture->store, ref, &error);
    g_assert_no_error (error);
  }
  g_clear_object (&found);
  found = aura_store_find_investigation (fixture->store, "nope", &error);
  g_assert_null (found);
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "nope"));
  g_clear_error (&error);

  g_assert_true (aura_store_archive_investigation (fixture->store, id, TRUE, &error));
  list = aura_store_list_investigations (fixture->store, FALSE, &error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = aura_store_list_investigations (fixture->store, TRUE, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_true (aura_investigation_get_archived (g_ptr_array_index (list, 0)));
}

static void
test_investigation_names_validated (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *long_name = g_strnfill (201, 'x');
  g_autofree char *max_name = g_strnfill (200, 'y');
  const char *bad[] = { "", "   ", "a\nb", "tab\there", "\x01", long_name };
  AuraInvestigation *inv;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      inv = aura_store_create_investigation (fixture->store, bad[i], NULL, &error);
      g_assert_null (inv);
      g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID);
      g_clear_error (&error);
    }
  inv = aura_store_create_investigation (fixture->store, max_name, NULL, &error);
  g_assert_no_error (error);
  g_object_unref (inv);

  /* Unique, case-insensitively, beyond ASCII too. */
  inv = aura_store_create_investigation (fixture->store, "Ärger", NULL, &error);
  g_assert_no_error (error);
  g_object_unref (inv);
  inv = aura_store_create_investigation (fixture->store, "ärger", NULL, &error);
  g_assert_null (inv);
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "already exists"));
}

static void
test_investigation_trash (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (AuraInvestigation) again = NULL;
  gint64 id = store_fixture_investigation (fixture, "Trash me");
  g_autoptr (AuraEntity) e = NULL;

  e = aura_store_add_target (fixture->store, id, AURA_ENTITY_USERNAME, "alice", &error);
  g_assert_no_error (error);
  g_assert_true (aura_store_delete_investigation (fixture->store, id, &error));
  g_assert_no_error (error);
  list = aura_store_list_investigations (fixture->store, TRUE, &error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = aura_store_list_deleted_investigations (fixture->store, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* The name is free again while the first one is in the trash… */
  again = aura_store_create_investigation (fixture->store, "Trash me", NULL, &error);
  g_assert_no_error (error);
  /* …so restoring it would clash. */
  g_assert_false (aura_store_restore_investigation (fixture->store, id, &error));
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (
      aura_store_purge_investigation (fixture->store, aura_investigation_get_id (again), &error));
  g_assert_true (aura_store_restore_investigation (fixture->store, id, &error));
  g_assert_no_error (error);
  list = aura_store_list_investigations (fixture->store, FALSE, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (aura_investigation_get_n_targets (g_ptr_array_index (list, 0)), ==, 1);

  /* Purging removes everything that belonged to it. */
  g_assert_true (aura_store_purge_investigation (fixture->store, id, &error));
  g_assert_no_error (error);
  g_clear_object (&e);
  e = aura_store_get_entity (fixture->store, 1, &error);
  g_assert_null (e);
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_NOT_FOUND);
}

static void
test_targets (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 inv = store_fixture_investigation (fixture, "Targets");
  g_autoptr (AuraEntity) t1 = NULL;
  g_autoptr (AuraEntity) t2 = NULL;
  g_autoptr (AuraEntity) dup = NULL;
  g_autoptr (AuraEntity) found = NULL;
  g_autoptr (GPtrArray) targets = NULL;
  AuraEntity *bad;

  t1 =
      aura_store_add_target (fixture->store, inv, AURA_ENTITY_EMAIL, " Alice@Example.COM ", &error);
  g_assert_no_error (error);
  g_assert_true (aura_entity_get_is_target (t1));
  g_assert_cmpint (aura_entity_get_n_sources (t1), ==, 1);
  dup = aura_store_add_target (fixture->store, inv, AURA_ENTITY_EMAIL, "alice@example.com", &error);
  g_assert_null (dup);
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "already a target"));
  g_clear_error (&error);

  bad = aura_store_add_target (fixture->store, inv, AURA_ENTITY_EMAIL, "not an email", &error);
  g_assert_null (bad);
  g_assert_error (error, AURA_ENTITY_ERROR, AURA_ENTITY_ERROR_INVALID);
  g_clear_error (&error);

  /* An existing entity becomes a target. */
  g_object_unref (aura_store_add_entity (fixture->store, inv, AURA_ENTITY_DOMAIN, "example.org",
                                         NULL, 0.5, NULL, NULL, &error));
  g_assert_no_error (error);
  t2 = aura_store_add_target (fixture->store, inv, AURA_ENTITY_DOMAIN, "EXAMPLE.org", &error);
  g_assert_no_error (error);
  g_assert_true (aura_entity_get_is_target (t2));

  targets = aura_store_list_targets (fixture->store, inv, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (targets->len, ==, 2);
  g_assert_cmpint (aura_entity_get_id (g_ptr_array_index (targets, 0)), ==,
                   aura_entity_get_id (t1));

  /* A mistyped target leaves no trace; one found by a tool too stays. */
  g_assert_true (aura_store_remove_target (fixture->store, aura_entity_get_id (t1), &error));
  g_assert_no_error (error);
  found = aura_store_get_entity (fixture->store, aura_entity_get_id (t1), &error);
  g_assert_null (found);
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (aura_store_remove_target (fixture->store, aura_entity_get_id (t2), &error));
  found = aura_store_get_entity (fixture->store, aura_entity_get_id (t2), &error);
  g_assert_no_error (error);
  g_assert_false (aura_entity_get_is_target (found));
  g_assert_false (aura_store_remove_target (fixture->store, aura_entity_get_id (t2), &error));
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_NOT_FOUND);
}

static void
test_entity_merge_keeps_provenance (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 inv = store_fixture_investigation (fixture, "Merge");
  AuraProvenance p1 = { 0, "sherlock-sites", "https://example.com/alice" };
  AuraProvenance p2 = { 0, "maigret", "request-42" };
  g_autoptr (AuraEntity) a = NULL;
  g_autoptr (AuraEntity) b = NULL;
  g_autoptr (GPtrArray) provenance = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *attrs;
  gboolean created = FALSE;

  a = aura_store_add_entity (fixture->store, inv, AURA_ENTITY_USERNAME, "Alice_Smith",
                             "{\"site\":\"github\",\"bio\":\"x\"}", 0.4, &p1, &created, &error);
  g_assert_no_error (error);
  g_assert_true (created);
  b = aura_store_add_entity (fixture->store, inv, AURA_ENTITY_USERNAME, "alice_smith",
                             "{\"bio\":\"y\",\"followers\":3}", 0.9, &p2, &created, &error);
  g_assert_no_error (error);
  g_assert_false (created);
  g_assert_cmpint (aura_entity_get_id (a), ==, aura_entity_get_id (b));
  g_assert_cmpstr (aura_entity_get_value (b), ==, aura_entity_get_value (a));
  g_assert_cmpfloat_with_epsilon (aura_entity_get_confidence (b), 0.9, 1e-9);
  g_assert_cmpint (aura_entity_get_n_sources (b), ==, 2);
  g_assert_cmpint (aura_entity_get_last_seen (b), >=, aura_entity_get_first_seen (b));
  g_assert_true (json_parser_load_from_data (parser, aura_entity_get_attributes (b), -1, NULL));
  attrs = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (attrs, "site"), ==, "github");
  g_assert_cmpstr (json_object_get_string_member (attrs, "bio"), ==, "y");
  g_assert_cmpint (json_object_get_int_member (attrs, "followers"), ==, 3);

  /* Lower confidence later does not lower it. */
  g_object_unref (aura_store_add_entity (fixture->store, inv, AURA_ENTITY_USERNAME, "ALICE_SMITH",
                                         NULL, 0.1, NULL, NULL, &error));
  provenance = aura_store_list_provenance (fixture->store, aura_entity_get_id (a), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (provenance->len, ==, 3);
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (provenance, 0), "tool"), ==,
                   "sherlock-sites");
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (provenance, 1), "source"), ==,
                   "request-42");
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (provenance, 2), "tool"), ==,
                   "manual");
  g_clear_object (&b);
  b = aura_store_find_entity (fixture->store, inv, AURA_ENTITY_USERNAME, "ALICE_smith", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (aura_entity_get_confidence (b), 0.9, 1e-9);
}

static void
test_entity_bad_input (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 inv = store_fixture_investigation (fixture, "Bad");
  const char *bad_attrs[] = { "[1,2]", "{", "\"text\"", "{\"a\":}", "null" };
  AuraEntity *e;

  for (guint i = 0; i < G_N_ELEMENTS (bad_attrs); i++)
    {
      e = aura_store_add_entity (fixture->store, inv, AURA_ENTITY_USERNAME, "bob", bad_attrs[i],
                                 0.5, NULL, NULL, &error);
      g_assert_null (e);
      g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID);
      g_clear_error (&error);
    }
  e = aura_store_add_entity (fixture->store, inv, AURA_ENTITY_USERNAME, "bob", NULL, 1.5, NULL,
                             NULL, &error);
  g_assert_null (e);
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  e = aura_store_add_entity (fixture->store, inv + 100, AURA_ENTITY_USERNAME, "bob", NULL, 0.5,
                             NULL, NULL, &error);
  g_assert_null (e);
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* Nothing of the failed attempts was kept. */
  {
    AuraEntityQuery q = AURA_ENTITY_QUERY_INIT;
    q.investigation_id = inv;
    g_assert_cmpint (aura_store_count_entities (fixture->store, &q, &error), ==, 0);
  }
}

static void
test_entity_odd_unicode (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 inv = store_fixture_investigation (fixture, "Unicode");
  const char *values[] = { "Zoë Ålander",    "Ζωή", "山田太郎", "محمد", "👩‍👩‍👧 family",
                           "e\xcc\x81tienne" /* combining accent */ };
  AuraEntityQuery q = AURA_ENTITY_QUERY_INIT;
  g_autoptr (GPtrArray) found = NULL;
  g_autofree char *huge = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr (AuraEntity) e = aura_store_add_entity (fixture->store, inv, AURA_ENTITY_PERSON,
                                                        values[i], NULL, 1.0, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (e);
    }
  /* NFC: the decomposed é is the same entity as the composed one. */
  {
    gboolean created = TRUE;
    g_autoptr (AuraEntity) e =
        aura_store_add_entity (fixture->store, inv, AURA_ENTITY_PERSON, "\xc3\xa9tienne", NULL, 1.0,
                               NULL, &created, &error);
    g_assert_no_error (error);
    g_assert_false (created);
  }
  q.investigation_id = inv;
  q.text = "zoe";
  found = aura_store_query_entities (fixture->store, &q, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  q.text = "山田";
  found = aura_store_query_entities (fixture->store, &q, &error);
  g_assert_no_error (error);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* A huge attribute value is stored whole. */
  {
    g_autofree char *fill = g_strnfill (1 << 20, 'z');
    huge = g_strdup_printf ("{\"blob\":\"%s\"}", fill);
  }
  {
    g_autoptr (AuraEntity) e = aura_store_add_entity (fixture->store, inv, AURA_ENTITY_USERNAME,
                                                      "big", huge, 1.0, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (strlen (aura_entity_get_attributes (e)), >, 1 << 20);
  }
}

static void
test_location_attributes (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 inv = store_fixture_investigation (fixture, "Places");
  g_autoptr (AuraEntity) e = NULL;

  e = aura_store_add_entity (fixture->store, inv, AURA_ENTITY_LOCATION, "48.8584, 2.2945", NULL,
                             1.0, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (aura_entity_get_attributes (e), "\"lat\":48.8584"));
  g_assert_nonnull (strstr (aura_entity_get_attributes (e), "\"lon\":2.2945"));
}

static void
test_relations (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 inv = store_fixture_investigation (fixture, "Graph");
  gint64 other = store_fixture_investigation (fixture, "Elsewhere");
  g_autoptr (AuraEntity) a = NULL, b = NULL, c = NULL, x = NULL;
  g_autoptr (AuraRelation) r = NULL, r2 = NULL;
  g_autoptr (GPtrArray) rels = NULL, neighbours = NULL;
  AuraRelation *bad;

  a = aura_store_add_entity (fixture->store, inv, AURA_ENTITY_USERNAME, "alice", NULL, 1, NULL,
                             NULL, &error);
  b = aura_store_add_entity (fixture->store, inv, AURA_ENTITY_URL, "https://github.com/alice", NULL,
                             1, NULL, NULL, &error);
  c = aura_store_add_entity (fixture->store, inv, AURA_ENTITY_EMAIL, "alice@example.com", NULL, 1,
                             NULL, NULL, &error);
  x = aura_store_add_entity (fixture->store, other, AURA_ENTITY_USERNAME, "alice", NULL, 1, NULL,
                             NULL, &error);
  g_assert_no_error (error);

  r = aura_store_add_relation (fixture->store, inv, aura_entity_get_id (a), aura_entity_get_id (b),
                               "has_account", "{\"site\":\"github\"}", 0.5, NULL, &error);
  g_assert_no_error (error);
  r2 = aura_store_add_relation (fixture->store, inv, aura_entity_get_id (a), aura_entity_get_id (b),
                                "has_account", NULL, 0.8, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (aura_relation_get_id (r), ==, aura_relation_get_id (r2));
  g_assert_cmpfloat_with_epsilon (aura_relation_get_confidence (r2), 0.8, 1e-9);
  g_assert_cmpstr (aura_relation_get_relation_type (r2), ==, "has_account");
  g_assert_nonnull (strstr (aura_relation_get_attributes (r2), "github"));
  g_object_unref (aura_store_add_relation (fixture->store, inv, aura_entity_get_id (c),
                                           aura_entity_get_id (a), "mentions", NULL, 1.0, NULL,
                                           &error));
  g_assert_no_error (error);

  bad = aura_store_add_relation (fixture->store, inv, aura_entity_get_id (a),
                                 aura_entity_get_id (x), "same_as", NULL, 1.0, NULL, &error);
  g_assert_null (bad);
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  bad = aura_store_add_relation (fixture->store, inv, aura_entity_get_id (a),
                                 aura_entity_get_id (b), "", NULL, 1.0, NULL, &error);
  g_assert_null (bad);
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID);
  g_clear_error (&error);

  rels = aura_store_list_relations (fixture->store, aura_entity_get_id (a), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rels->len, ==, 2);
  neighbours = aura_store_get_neighbours (fixture->store, aura_entity_get_id (a), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (neighbours->len, ==, 2);

  /* Deleting an entity takes its relations with it. */
  g_assert_true (aura_store_delete_entity (fixture->store, aura_entity_get_id (b), &error));
  g_clear_pointer (&rels, g_ptr_array_unref);
  rels = aura_store_list_relations (fixture->store, aura_entity_get_id (a), &error);
  g_assert_cmpuint (rels->len, ==, 1);
}

static void
add_many (StoreFixture *fixture, gint64 inv)
{
  g_autoptr (GError) error = NULL;
  const char *names[] = { "alice_smith", "alice.jones", "bob", "carol", "Alicia", "dave-smith" };

  g_assert_true (aura_store_batch_begin (fixture->store, "fill", &error));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *attrs = g_strdup_printf ("{\"bio\":\"person number %u\"}", i);
      g_autoptr (AuraEntity) e =
          aura_store_add_entity (fixture->store, inv, AURA_ENTITY_USERNAME, names[i], attrs,
                                 (i + 1) / 10.0, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  g_assert_true (aura_store_batch_commit (fixture->store, &error));
  g_assert_no_error (error);
}

static void
test_query_fts (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 inv = store_fixture_investigation (fixture, "Search");
  AuraEntityQuery q = AURA_ENTITY_QUERY_INIT;
  g_autoptr (GPtrArray) found = NULL;

  add_many (fixture, inv);
  q.investigation_id = inv;
  q.text = "alice";
  q.sort = AURA_ENTITY_SORT_RANK;
  found = aura_store_query_entities (fixture->store, &q, &error);
  g_assert_no_error (error);
  /* "alice_smith" and "alice.jones" match: _ and . separate words; "Alicia" does not. */
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_nonnull (strstr (aura_entity_get_snippet (g_ptr_array_index (found, 0)), "[alice]"));
  g_assert_cmpfloat (aura_entity_get_rank (g_ptr_array_index (found, 0)), <, 0.0);
  g_clear_pointer (&found, g_ptr_array_unref);

  q.text = "ali";
  g_assert_cmpint (aura_store_count_entities (fixture->store, &q, &error), ==, 3);
  q.text = "smi ali";
  g_assert_cmpint (aura_store_count_entities (fixture->store, &q, &error), ==, 1);
  q.text = "number 4";
  g_assert_cmpint (aura_store_count_entities (fixture->store, &q, &error), ==, 1);
  q.text = "   ";
  g_assert_cmpint (aura_store_count_entities (fixture->store, &q, &error), ==, 6);
  g_assert_no_error (error);
}

/* Past RANK_WINDOW matches, the first page ranks the most recent ones,
 * whole words before prefixes, and an exact value comes first whatever its
 * age; deeper pages and counts still see every match. */
static void
test_query_rank_window (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 inv = store_fixture_investigation (fixture, "Window");
  gint64 other = store_fixture_investigation (fixture, "Other");
  AuraEntityQuery q = AURA_ENTITY_QUERY_INIT;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (AuraEntity) exact = NULL;
  g_autoptr (AuraEntity) newest = NULL;

  exact = aura_store_add_entity (fixture->store, inv, AURA_ENTITY_USERNAME, "Example", NULL, 1.0,
                                 NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (aura_store_batch_begin (fixture->store, "window", &error));
  for (guint i = 0; i < 1200; i++)
    {
      g_autofree char *value = g_strdup_printf (i % 2 ? "examples_%u" : "example_%u", i);
      g_autoptr (AuraEntity) e =
          aura_store_add_entity (fixture->store, i < 900 ? inv : other, AURA_ENTITY_USERNAME, value,
                                 NULL, 1.0, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  g_assert_true (aura_store_batch_commit (fixture->store, &error));
  newest = aura_store_add_entity (fixture->store, inv, AURA_ENTITY_USERNAME, "examples_last", NULL,
                                  1.0, NULL, NULL, &error);
  g_assert_no_error (error);

  q.investigation_id = inv;
  q.text = "example";
  q.sort = AURA_ENTITY_SORT_RANK;
  q.limit = 20;
  found = aura_store_query_entities (fixture->store, &q, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 20);
  /* The exact value first, though it is the oldest of 901 matches. */
  g_assert_cmpint (aura_entity_get_id (found->pdata[0]), ==, aura_entity_get_id (exact));
  /* Then whole words: "examples_…" only holds the prefix. */
  for (guint i = 1; i < found->len; i++)
    {
      g_assert_true (g_str_has_prefix (aura_entity_get_value (found->pdata[i]), "example_"));
      g_assert_cmpint (aura_entity_get_investigation_id (found->pdata[i]), ==, inv);
    }
  g_clear_pointer (&found, g_ptr_array_unref);

  /* A prefix only: every match ranked from the most recent window. */
  q.text = "exampl";
  found = aura_store_query_entities (fixture->store, &q, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 20);
  for (guint i = 0; i < found->len; i++)
    g_assert_cmpint (aura_entity_get_investigation_id (found->pdata[i]), ==, inv);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* The newest match is found by its own words. */
  q.text = "examples last";
  found = aura_store_query_entities (fixture->store, &q, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (aura_entity_get_id (found->pdata[0]), ==, aura_entity_get_id (newest));
  g_clear_pointer (&found, g_ptr_array_unref);

  /* A page beyond the window ranks everything; counting sees everything. */
  q.text = "example";
  q.offset = 890;
  found = aura_store_query_entities (fixture->store, &q, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 902 - 890);
  g_assert_cmpint (aura_store_count_entities (fixture->store, &q, &error), ==, 902);
  g_assert_no_error (error);
}

static void
test_query_hostile_text (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 inv = store_fixture_investigation (fixture, "Hostile");
  const char *inputs[] = { "\"",
                           "*",
                           "AND OR (",
                           "NEAR(",
                           "-",
                           ":",
                           "alice\"",
                           "\"alice",
                           "value:bob",
                           "a*b",
                           "NOT",
                           "(((",
                           "^carol",
                           "bob OR",
                           "\\",
                           "'",
                           "alice NEAR/2 smith",
                           "{value}: x",
                           "\xff\xfe invalid utf8" };
  AuraEntityQuery q = AURA_ENTITY_QUERY_INIT;

  add_many (fixture, inv);
  q.investigation_id = inv;
  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr (GPtrArray) found = NULL;
      q.text = inputs[i];
      found = aura_store_query_entities (fixture->store, &q, &error);
      g_assert_no_error (error);
      g_assert_nonnull (found);
      g_assert_cmpint (aura_store_count_entities (fixture->store, &q, &error), ==, found->len);
      g_assert_no_error (error);
    }
  /* Operators are searched as words, not obeyed. */
  q.text = "bob OR carol";
  g_assert_cmpint (aura_store_count_entities (fixture->store, &q, &error), ==, 0);
  q.text = "value:bob";
  g_assert_cmpint (aura_store_count_entities (fixture->store, &q, &error), ==, 0);
  q.text = "\"bob\"";
  g_assert_cmpint (aura_store_count_entities (fixture->store, &q, &error), ==, 1);
}

static void
test_query_sort_filter_paging (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 inv = store_fixture_investigation (fixture, "Sorting");
  AuraEntityQuery q = AURA_ENTITY_QUERY_INIT;
  g_autoptr (GPtrArray) page1 = NULL, page2 = NULL, all = NULL;
  g_autoptr (GArray) ids = NULL;

  add_many (fixture, inv);
  g_object_unref (
      aura_store_add_target (fixture->store, inv, AURA_ENTITY_DOMAIN, "example.com", &error));
  q.investigation_id = inv;
  q.sort = AURA_ENTITY_SORT_CONFIDENCE;
  q.descending = TRUE;
  all = aura_store_query_entities (fixture->store, &q, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 7);
  for (guint i = 1; i < all->len; i++)
    g_assert_cmpfloat (aura_entity_get_confidence (g_ptr_array_index (all, i - 1)), >=,
                       aura_entity_get_confidence (g_ptr_array_index (all, i)));
  q.limit = 3;
  page1 = aura_store_query_entities (fixture->store, &q, &error);
  q.offset = 3;
  page2 = aura_store_query_entities (fixture->store, &q, &error);
  g_assert_cmpuint (page1->len, ==, 3);
  g_assert_cmpuint (page2->len, ==, 3);
  g_assert_true (g_ptr_array_index (page2, 0) != NULL);
  g_assert_cmpint (aura_entity_get_id (g_ptr_array_index (page2, 0)), ==,
                   aura_entity_get_id (g_ptr_array_index (all, 3)));

  q.limit = q.offset = 0;
  q.type = AURA_ENTITY_DOMAIN;
  g_assert_cmpint (aura_store_count_entities (fixture->store, &q, &error), ==, 1);
  q.type = -1;
  q.targets_only = TRUE;
  g_assert_cmpint (aura_store_count_entities (fixture->store, &q, &error), ==, 1);

  q.targets_only = FALSE;
  q.sort = AURA_ENTITY_SORT_VALUE;
  q.descending = FALSE;
  ids = aura_store_query_entity_ids (fixture->store, &q, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 7);
  {
    g_autoptr (GPtrArray) got =
        aura_store_get_entities (fixture->store, (gint64 *)ids->data, ids->len, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (got->len, ==, 7);
    for (guint i = 1; i < got->len; i++)
      g_assert_cmpstr (aura_entity_get_normalized (g_ptr_array_index (got, i - 1)), <=,
                       aura_entity_get_normalized (g_ptr_array_index (got, i)));
  }
}

static void
test_query_ids_cancelled (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  AuraEntityQuery q = AURA_ENTITY_QUERY_INIT;
  GArray *ids;

  g_cancellable_cancel (cancellable);
  ids = aura_store_query_entity_ids (fixture->store, &q, cancellable, &error);
  g_assert_null (ids);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_export_json (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 inv = store_fixture_investigation (fixture, "Export \"quoted\"");
  g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (AuraEntity) a = NULL, b = NULL;
  JsonObject *root;
  JsonArray *entities;
  AuraProvenance prov = { 0, "sherlock-sites", "https://example.com/x" };

  a = aura_store_add_target (fixture->store, inv, AURA_ENTITY_USERNAME, "alice", &error);
  b = aura_store_add_entity (fixture->store, inv, AURA_ENTITY_URL, "https://example.com/x",
                             "{\"title\":\"line\\nbreak \\\"q\\\"\"}", 0.7, &prov, NULL, &error);
  g_object_unref (aura_store_add_relation (fixture->store, inv, aura_entity_get_id (a),
                                           aura_entity_get_id (b), "has_account", NULL, 0.7, &prov,
                                           &error));
  g_assert_no_error (error);
  g_assert_true (aura_store_export (fixture->store, inv, AURA_EXPORT_JSON, out, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_close (out, NULL, NULL);
  g_assert_true (json_parser_load_from_data (
      parser, g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
      g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)), &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (
      json_object_get_string_member (json_object_get_object_member (root, "investigation"), "name"),
      ==, "Export \"quoted\"");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "targets")), ==, 1);
  entities = json_object_get_array_member (root, "entities");
  g_assert_cmpuint (json_array_get_length (entities), ==, 2);
  {
    JsonObject *e = json_array_get_object_element (entities, 1);
    g_assert_cmpstr (
        json_object_get_string_member (json_object_get_object_member (e, "attributes"), "title"),
        ==, "line\nbreak \"q\"");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (e, "provenance")), ==,
                      1);
  }
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "relations")), ==,
                    1);
}

/* A minimal RFC 4180 reader: rows of cells. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
  GString *cell = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (quoted)
        {
          if (*p == '"' && p[1] == '"')
            g_string_append_c (cell, *p++);
          else if (*p == '"')
            quoted = FALSE;
          else
            g_string_append_c (cell, *p);
        }
      else if (*p == '"')
        quoted = TRUE;
      else if (*p == ',')
        {
          g_ptr_array_add (row, g_strdup (cell->str));
          g_string_truncate (cell, 0);
        }
      else if (*p == '\r' && p[1] == '\n')
        {
          p++;
          g_ptr_array_add (row, g_strdup (cell->str));
          g_string_truncate (cell, 0);
          g_ptr_array_add (rows, row);
          row = g_ptr_array_new_with_free_func (g_free);
        }
      else
        g_string_append_c (cell, *p);
    }
  g_assert_false (quoted);
  g_assert_cmpuint (row->len, ==, 0);
  g_ptr_array_unref (row);
  g_string_free (cell, TRUE);
  return rows;
}

static void
test_export_csv (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 inv = store_fixture_investigation (fixture, "CSV");
  g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr (GPtrArray) rows = NULL;
  g_autofree char *text = NULL;

  g_object_unref (aura_store_add_entity (fixture->store, inv, AURA_ENTITY_PERSON,
                                         "=HYPERLINK(\"http://evil\")", NULL, 1, NULL, NULL,
                                         &error));
  g_object_unref (aura_store_add_entity (fixture->store, inv, AURA_ENTITY_PERSON, "Smith, John",
                                         "{\"note\":\"a \\\"b\\\"\\r\\nc\"}", 1, NULL, NULL,
                                         &error));
  g_object_unref (aura_store_add_entity (fixture->store, inv, AURA_ENTITY_PERSON, "@handle", NULL,
                                         1, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (aura_store_export (fixture->store, inv, AURA_EXPORT_CSV, out, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_write_all (out, "", 1, NULL, NULL, NULL);
  g_output_stream_close (out, NULL, NULL);
  text = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
  rows = parse_csv (text);
  g_assert_cmpuint (rows->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index ((GPtrArray *)g_ptr_array_index (rows, 0), 2), ==, "value");
  for (guint i = 1; i < rows->len; i++)
    g_assert_cmpuint (((GPtrArray *)g_ptr_array_index (rows, i))->len, ==, 11);
  g_assert_cmpstr (g_ptr_array_index ((GPtrArray *)g_ptr_array_index (rows, 1), 2), ==,
                   "'=HYPERLINK(\"http://evil\")");
  g_assert_cmpstr (g_ptr_array_index ((GPtrArray *)g_ptr_array_index (rows, 2), 2), ==,
                   "Smith, John");
  g_assert_cmpstr (g_ptr_array_index ((GPtrArray *)g_ptr_array_index (rows, 3), 2), ==, "'@handle");
}

static void
test_settings (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *value = NULL;

  value = aura_store_get_setting (fixture->store, "proxy", &error);
  g_assert_no_error (error);
  g_assert_null (value);
  g_assert_true (
      aura_store_set_setting (fixture->store, "proxy", "socks5://127.0.0.1:9050", &error));
  g_assert_true (aura_store_set_setting (fixture->store, "proxy", "none", &error));
  value = aura_store_get_setting (fixture->store, "proxy", &error);
  g_assert_cmpstr (value, ==, "none");
  g_assert_false (aura_store_set_setting (fixture->store, "", "x", &error));
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID);
}

static void
changed_cb (AuraStore *store, gint64 investigation_id, const char *what, gpointer data)
{
  GPtrArray *seen = data;

  g_ptr_array_add (seen, g_strdup_printf ("%" G_GINT64_FORMAT ":%s", investigation_id, what));
}

static void
test_changed_signal (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  gulong id = g_signal_connect (fixture->store, "changed", G_CALLBACK (changed_cb), seen);
  gint64 inv = store_fixture_investigation (fixture, "Signals");
  g_autofree char *expected = NULL;

  g_assert_cmpuint (seen->len, ==, 1);
  expected = g_strdup_printf ("%" G_GINT64_FORMAT ":investigation.create", inv);
  g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, expected);
  add_many (fixture, inv);
  g_assert_cmpuint (seen->len, ==, 2);
  g_free (expected);
  expected = g_strdup_printf ("%" G_GINT64_FORMAT ":batch", inv);
  g_assert_cmpstr (g_ptr_array_index (seen, 1), ==, expected);
  /* A failed change announces nothing. */
  g_assert_null (aura_store_create_investigation (fixture->store, "", NULL, &error));
  g_assert_cmpuint (seen->len, ==, 2);
  g_signal_handler_disconnect (fixture->store, id);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func)                                                                            \
  g_test_add (path, StoreFixture, NULL, store_fixture_set_up, func, store_fixture_tear_down)

  ADD ("/store/open/creates-schema", test_open_creates_schema);
  g_test_add_func ("/store/open/default-path-from-env", test_open_default_path_from_env);
  ADD ("/store/open/creates-private-folder", test_open_creates_private_folder);
  ADD ("/store/open/too-new-left-untouched", test_open_too_new_is_untouched);
  ADD ("/store/open/garbage-is-corrupt", test_open_garbage_is_corrupt);
  ADD ("/store/open/readonly-folder", test_open_readonly_folder);
  ADD ("/store/open/read-only-flag", test_open_read_only_flag);
  ADD ("/store/investigation/crud", test_investigation_crud);
  ADD ("/store/investigation/names-validated", test_investigation_names_validated);
  ADD ("/store/investigation/trash-restore-purge", test_investigation_trash);
  ADD ("/store/target/add-list-remove", test_targets);
  ADD ("/store/entity/merge-keeps-provenance", test_entity_merge_keeps_provenance);
  ADD ("/store/entity/bad-input-refused", test_entity_bad_input);
  ADD ("/store/entity/odd-unicode", test_entity_odd_unicode);
  ADD ("/store/entity/location-has-coordinates", test_location_attributes);
  ADD ("/store/relation/add-merge-neighbours", test_relations);
  ADD ("/store/query/fts-prefix-and-rank", test_query_fts);
  ADD ("/store/query/rank-window", test_query_rank_window);
  ADD ("/store/query/hostile-text-is-literal", test_query_hostile_text);
  ADD ("/store/query/sort-filter-paging", test_query_sort_filter_paging);
  ADD ("/store/query/ids-cancelled", test_query_ids_cancelled);
  ADD ("/store/export/json-parses-back", test_export_json);
  ADD ("/store/export/csv-quoting-and-formula-guard", test_export_csv);
  ADD ("/store/settings/set-get", test_settings);
  ADD ("/store/changed/emitted-once-per-commit", test_changed_signal);

  return g_test_run ();
}
