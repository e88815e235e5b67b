/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include <locale.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "aura-store-private.h"
#include "store-test-utils.h"

/* What happens when things go wrong: a full disk, another program holding
 * the write lock, a crash in the middle of a batch, damaged files. Each
 * time the store reports an error a person can act on, and what was
 * committed before is intact. */

static gint64
count_entities (AuraStore *store, gint64 inv)
{
  g_autoptr (GError) error = NULL;
  AuraEntityQuery q = AURA_ENTITY_QUERY_INIT;
  gint64 n;

  q.investigation_id = inv;
  n = aura_store_count_entities (store, &q, &error);
  g_assert_no_error (error);
  return n;
}

static void
add_entities (AuraStore *store, gint64 inv, const char *prefix, int n)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (aura_store_batch_begin (store, prefix, &error));
  for (int i = 0; i < n; i++)
    {
      g_autofree char *value = g_strdup_printf ("%s%d", prefix, i);
      g_object_unref (aura_store_add_entity (store, inv, AURA_ENTITY_USERNAME, value, NULL, 0.5,
                                             NULL, NULL, &error));
      g_assert_no_error (error);
    }
  g_assert_true (aura_store_batch_commit (store, &error));
  g_assert_no_error (error);
}

static void
test_disk_full (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *big = NULL;
  gint64 inv = store_fixture_investigation (fixture, "Full");
  AuraEntity *e = NULL;
  int i;

  add_entities (fixture->store, inv, "kept", 50);
  g_assert_true (aura_store_limit_pages_for_testing (
      fixture->store, aura_store_get_page_count_for_testing (fixture->store) + 8, &error));

  /* A batch that outgrows the space fails as a whole. */
  {
    g_autofree char *fill = g_strnfill (20000, 'x');
    big = g_strdup_printf ("{\"blob\":\"%s\"}", fill);
  }
  g_assert_true (aura_store_batch_begin (fixture->store, "too much", &error));
  for (i = 0; i < 1000; i++)
    {
      g_autofree char *value = g_strdup_printf ("lost%d", i);
      e = aura_store_add_entity (fixture->store, inv, AURA_ENTITY_USERNAME, value, big, 0.5, NULL,
                                 NULL, &error);
      if (e == NULL)
        break;
      g_object_unref (e);
    }
  g_assert_null (e);
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_FULL);
  g_assert_nonnull (strstr (error->message, "full"));
  g_clear_error (&error);
  aura_store_batch_rollback (fixture->store);
  g_assert_cmpint (count_entities (fixture->store, inv), ==, 50);

  /* So does a single change outside a batch. */
  e = aura_store_add_entity (fixture->store, inv, AURA_ENTITY_USERNAME, "single",
                             "{\"blob\":\"huge\"}", 0.5, NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&e);
  for (i = 0; i < 100 && error == NULL; i++)
    {
      g_autofree char *value = g_strdup_printf ("single%d", i);
      e = aura_store_add_entity (fixture->store, inv, AURA_ENTITY_USERNAME, value, big, 0.5, NULL,
                                 NULL, &error);
      g_clear_object (&e);
    }
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_FULL);
  g_clear_error (&error);
  g_assert_cmpint (count_entities (fixture->store, inv), ==, 50 + i);

  /* Once there is room again, writing works. */
  g_assert_true (aura_store_limit_pages_for_testing (fixture->store, 0, &error));
  add_entities (fixture->store, inv, "after", 10);
  g_assert_true (aura_store_check_integrity (fixture->store, &error));
  g_assert_true (aura_store_verify_audit (fixture->store, NULL, NULL, &error));
  g_assert_no_error (error);
}

typedef struct
{
  sqlite3 *db;
  guint delay_ms;
} Holder;

static gpointer
release_later_thread (gpointer data)
{
  Holder *holder = data;

  g_usleep (holder->delay_ms * 1000);
  g_assert_cmpint (sqlite3_exec (holder->db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  return NULL;
}

static void
test_busy (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  AuraInvestigation *inv;
  Holder holder = { NULL, 300 };
  GThread *thread;
  gint64 start, elapsed;

  store_fixture_investigation (fixture, "Before");
  g_assert_cmpint (sqlite3_open (fixture->path, &holder.db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (holder.db, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);

  aura_store_set_busy_timeout (fixture->store, 200);
  start = g_get_monotonic_time ();
  inv = aura_store_create_investigation (fixture->store, "Blocked", NULL, &error);
  elapsed = (g_get_monotonic_time () - start) / 1000;
  g_assert_null (inv);
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_BUSY);
  g_assert_cmpint (elapsed, >=, 150);
  g_assert_cmpint (elapsed, <, 3000);
  g_clear_error (&error);

  /* Released within the timeout: the change waits and goes through. */
  aura_store_set_busy_timeout (fixture->store, 5000);
  thread = g_thread_new ("holder", release_later_thread, &holder);
  inv = aura_store_create_investigation (fixture->store, "Blocked", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (inv);
  g_object_unref (inv);
  g_thread_join (thread);
  sqlite3_close (holder.db);
}

static void
test_crash_mid_batch (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 inv = store_fixture_investigation (fixture, "Crash");
  int status = 0;
  pid_t pid;

  add_entities (fixture->store, inv, "committed", 100);
  g_clear_object (&fixture->store);

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      /* The child writes well past the page cache, so uncommitted pages
       * reach the WAL, then dies without committing. */
      AuraStore *store = aura_store_open (fixture->path, AURA_STORE_OPEN_DEFAULT, NULL);
      if (store == NULL || !aura_store_batch_begin (store, "doomed", NULL))
        _exit (2);
      for (int i = 0; i < 20000; i++)
        {
          g_autofree char *value = g_strdup_printf ("uncommitted%d", i);
          AuraEntity *e = aura_store_add_entity (store, inv, AURA_ENTITY_USERNAME, value,
                                                 "{\"pad\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}",
                                                 0.5, NULL, NULL, NULL);
          if (e == NULL)
            _exit (3);
          g_object_unref (e);
        }
      _exit (0);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);

  fixture->store = aura_store_open (fixture->path, AURA_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_entities (fixture->store, inv), ==, 100);
  g_assert_true (aura_store_check_integrity (fixture->store, &error));
  g_assert_true (aura_store_verify_audit (fixture->store, NULL, NULL, &error));
  g_assert_no_error (error);
  add_entities (fixture->store, inv, "later", 5);
  g_assert_cmpint (count_entities (fixture->store, inv), ==, 105);
}

static void
test_truncated_is_corrupt (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  gint64 inv = store_fixture_investigation (fixture, "Truncated");
  gsize len;
  AuraStore *store;

  add_entities (fixture->store, inv, "row", 2000);
  g_clear_object (&fixture->store);
  g_assert_true (g_file_get_contents (fixture->path, &contents, &len, NULL));
  {
    /* Closing the last connection checkpointed and removed the WAL. */
    g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
    g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  }
  g_assert_true (g_file_set_contents (fixture->path, contents, len / 2, NULL));

  store = aura_store_open (fixture->path, AURA_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, fixture->path));
}

static void
test_damaged_page_is_corrupt (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  gint64 inv = store_fixture_investigation (fixture, "Damaged");
  AuraEntityQuery q = AURA_ENTITY_QUERY_INIT;
  g_autoptr (GPtrArray) rows = NULL;
  gsize len;

  add_entities (fixture->store, inv, "row", 3000);
  g_clear_object (&fixture->store);
  g_assert_true (g_file_get_contents (fixture->path, &contents, &len, NULL));
  /* Scribble over every page but the first: the header stays valid. */
  for (gsize i = 4096; i < len; i += 97)
    contents[i] = (char)(i * 31);
  g_assert_true (g_file_set_contents (fixture->path, contents, len, NULL));

  fixture->store = aura_store_open (fixture->path, AURA_STORE_OPEN_DEFAULT, &error);
  if (fixture->store == NULL)
    {
      g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_CORRUPT);
      return;
    }
  g_assert_false (aura_store_check_integrity (fixture->store, &error));
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_CORRUPT);
  g_clear_error (&error);
  q.investigation_id = inv;
  rows = aura_store_query_entities (fixture->store, &q, &error);
  /* Either it reads what it can or it says the file is damaged; never a crash. */
  if (rows == NULL)
    g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_CORRUPT);
}

static void
test_empty_file_becomes_database (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "empty.db", NULL);
  g_autoptr (AuraStore) store = NULL;

  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  store = aura_store_open (path, AURA_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (aura_store_get_schema_version (store), ==,
                   aura_store_get_code_schema_version ());
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func)                                                                            \
  g_test_add (path, StoreFixture, NULL, store_fixture_set_up, func, store_fixture_tear_down)

  ADD ("/store/failure/disk-full-rolls-back", test_disk_full);
  ADD ("/store/failure/busy-then-released", test_busy);
  ADD ("/store/failure/crash-mid-batch-keeps-committed", test_crash_mid_batch);
  ADD ("/store/failure/truncated-file-is-corrupt", test_truncated_is_corrupt);
  ADD ("/store/failure/damaged-pages-are-corrupt", test_damaged_page_is_corrupt);
  ADD ("/store/failure/empty-file-becomes-database", test_empty_file_becomes_database);

  return g_test_run ();
}
