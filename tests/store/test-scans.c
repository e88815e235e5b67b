/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include <locale.h>

#include "store-test-utils.h"

/* Scans and their results: recorded, listed, audited; bad input refused
 * with nothing half-stored. */

static AuraScanResultRecord *
result_new (const char *site, guint status, const char *verdict, const char *reason)
{
  AuraScanResultRecord *result = g_new0 (AuraScanResultRecord, 1);

  result->site = g_strdup (site);
  result->url = g_strdup_printf ("https://%s.example/alice", site);
  result->method = g_strdup ("GET");
  result->http_status = status;
  result->latency_ms = 42;
  result->bytes = 1234;
  result->verdict = g_strdup (verdict);
  result->reason = g_strdup (reason);
  result->result = g_strdup ("{\"confidence\":0.9}");
  return result;
}

static void
test_scan_lifecycle (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 inv = store_fixture_investigation (fixture, "Scans");
  g_autoptr (AuraEntity) seed = NULL;
  g_autoptr (GPtrArray) results =
      g_ptr_array_new_with_free_func ((GDestroyNotify)aura_scan_result_record_free);
  g_autoptr (GPtrArray) listed = NULL;
  g_autoptr (GPtrArray) scans = NULL;
  g_autoptr (AuraScanRecord) scan = NULL;
  gint64 scan_id, checked = 0, bad = -1;

  seed = aura_store_add_target (fixture->store, inv, AURA_ENTITY_USERNAME, "alice", &error);
  g_assert_no_error (error);
  scan_id = aura_store_begin_scan (fixture->store, inv, aura_entity_get_id (seed), "username",
                                   "{\"sites\":3}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (scan_id, >, 0);

  g_ptr_array_add (results, result_new ("github", 200, "found", "status 200"));
  g_ptr_array_add (results, result_new ("gitlab", 404, "not_found", "status 404"));
  g_ptr_array_add (results, result_new ("reddit", 0, "unknown", "timeout"));
  g_assert_true (aura_store_add_scan_results (fixture->store, scan_id,
                                              (const AuraScanResultRecord *const *)results->pdata,
                                              results->len, &error));
  g_assert_no_error (error);

  listed = aura_store_list_scan_results (fixture->store, scan_id, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 3);
  g_assert_cmpstr (((AuraScanResultRecord *)listed->pdata[2])->reason, ==, "timeout");
  g_assert_cmpuint (((AuraScanResultRecord *)listed->pdata[2])->http_status, ==, 0);
  g_clear_pointer (&listed, g_ptr_array_unref);
  listed = aura_store_list_scan_results (fixture->store, scan_id, "found", 0, &error);
  g_assert_cmpuint (listed->len, ==, 1);
  g_assert_cmpstr (((AuraScanResultRecord *)listed->pdata[0])->site, ==, "github");
  g_assert_cmpint (((AuraScanResultRecord *)listed->pdata[0])->latency_ms, ==, 42);

  g_assert_true (aura_store_finish_scan (fixture->store, scan_id, "done",
                                         "{\"found\":1,\"checked\":3}", NULL, &error));
  g_assert_no_error (error);
  scan = aura_store_get_scan (fixture->store, scan_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (scan->status, ==, "done");
  g_assert_cmpstr (scan->tool, ==, "username");
  g_assert_cmpint (scan->entity_id, ==, aura_entity_get_id (seed));
  g_assert_cmpint (scan->finished_at, >=, scan->started_at);
  g_assert_nonnull (strstr (scan->summary, "\"found\""));

  /* An ended scan is closed. */
  g_assert_false (aura_store_add_scan_results (
      fixture->store, scan_id, (const AuraScanResultRecord *const *)results->pdata, 1, &error));
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (aura_store_finish_scan (fixture->store, scan_id, "failed", NULL, "x", &error));
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID);
  g_clear_error (&error);

  scans = aura_store_list_scans (fixture->store, inv, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (scans->len, ==, 1);

  /* begin, results and finish are in the audit chain, and it holds. */
  g_assert_true (aura_store_verify_audit (fixture->store, &checked, &bad, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bad, ==, 0);
  g_assert_cmpint (checked, >=, 5);
}

static void
test_scan_bad_input (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 inv = store_fixture_investigation (fixture, "Bad");
  gint64 other = store_fixture_investigation (fixture, "Other");
  g_autoptr (AuraEntity) elsewhere = NULL;
  g_autoptr (GPtrArray) results =
      g_ptr_array_new_with_free_func ((GDestroyNotify)aura_scan_result_record_free);
  g_autoptr (GPtrArray) listed = NULL;
  gint64 scan_id;

  g_assert_cmpint (aura_store_begin_scan (fixture->store, inv, 0, "username", "[1, 2]", &error), ==,
                   0);
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (aura_store_begin_scan (fixture->store, 999999, 0, "username", NULL, &error), ==,
                   0);
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  elsewhere = aura_store_add_target (fixture->store, other, AURA_ENTITY_USERNAME, "bob", &error);
  g_assert_no_error (error);
  g_assert_cmpint (aura_store_begin_scan (fixture->store, inv, aura_entity_get_id (elsewhere),
                                          "username", NULL, &error),
                   ==, 0);
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID);
  g_clear_error (&error);

  scan_id = aura_store_begin_scan (fixture->store, inv, 0, "username", NULL, &error);
  g_assert_no_error (error);
  /* One bad row fails the whole call: nothing of it is kept. */
  g_ptr_array_add (results, result_new ("github", 200, "found", "status 200"));
  g_ptr_array_add (results, result_new ("weird \xe2\x80\xae site", 200, "maybe", NULL));
  g_assert_false (aura_store_add_scan_results (fixture->store, scan_id,
                                               (const AuraScanResultRecord *const *)results->pdata,
                                               results->len, &error));
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  listed = aura_store_list_scan_results (fixture->store, scan_id, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 0);

  g_assert_false (aura_store_finish_scan (fixture->store, scan_id, "paused", NULL, NULL, &error));
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (aura_store_get_scan (fixture->store, 424242, &error));
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_NOT_FOUND);
}

/* Evidence: kept with its digest, listed oldest first and by entity and
 * kind, audited; bad kinds, bad JSON and foreign entities refused with
 * nothing stored. */
static void
test_evidence (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 inv = store_fixture_investigation (fixture, "Evidence");
  gint64 other = store_fixture_investigation (fixture, "Other");
  g_autoptr (AuraEntity) seed = NULL;
  g_autoptr (AuraEntity) foreign = NULL;
  g_autoptr (GPtrArray) all = NULL;
  g_autoptr (GPtrArray) snapshots = NULL;
  AuraEvidenceRecord *first;
  gint64 a, b, c;
  static const char *bad_kinds[] = { "", "Profile", "a b", "x/y", "é" };

  seed = aura_store_add_target (fixture->store, inv, AURA_ENTITY_USERNAME, "alice", &error);
  g_assert_no_error (error);
  foreign = aura_store_add_target (fixture->store, other, AURA_ENTITY_USERNAME, "bob", &error);
  g_assert_no_error (error);

  b = aura_store_add_evidence (fixture->store, inv, aura_entity_get_id (seed), 0,
                               "profile_snapshot", "https://example.test/@alice",
                               "{ \"followers\": 20 }", 2000, &error);
  g_assert_no_error (error);
  a = aura_store_add_evidence (fixture->store, inv, aura_entity_get_id (seed), 0,
                               "profile_snapshot", NULL, "{\"followers\":10}", 1000, &error);
  g_assert_no_error (error);
  c = aura_store_add_evidence (fixture->store, inv, 0, 0, "recovery_hint", NULL, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (a, >, 0);
  g_assert_cmpint (b, >, 0);
  g_assert_cmpint (c, >, 0);

  all = aura_store_list_evidence (fixture->store, inv, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 3);
  first = all->pdata[0];
  g_assert_cmpint (first->id, ==, a);
  g_assert_cmpstr (first->metadata, ==, "{\"followers\":10}");
  g_assert_cmpuint (strlen (first->sha256), ==, 64);
  g_assert_cmpint (((AuraEvidenceRecord *)all->pdata[1])->captured_at, ==, 2000);
  g_assert_cmpstr (((AuraEvidenceRecord *)all->pdata[1])->url, ==, "https://example.test/@alice");
  g_assert_cmpstr (((AuraEvidenceRecord *)all->pdata[2])->metadata, ==, "{}");
  g_assert_cmpint (((AuraEvidenceRecord *)all->pdata[2])->entity_id, ==, 0);

  snapshots = aura_store_list_evidence (fixture->store, inv, aura_entity_get_id (seed),
                                        "profile_snapshot", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (snapshots->len, ==, 2);

  for (guint i = 0; i < G_N_ELEMENTS (bad_kinds); i++)
    {
      g_assert_cmpint (
          aura_store_add_evidence (fixture->store, inv, 0, 0, bad_kinds[i], NULL, NULL, 0, &error),
          ==, 0);
      g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID);
      g_clear_error (&error);
    }
  g_assert_cmpint (
      aura_store_add_evidence (fixture->store, inv, 0, 0, "page", NULL, "[1,2]", 0, &error), ==, 0);
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (
      aura_store_add_evidence (fixture->store, inv, 0, 0, "page", NULL, "{\"a\":", 0, &error), ==,
      0);
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (aura_store_add_evidence (fixture->store, inv, aura_entity_get_id (foreign), 0,
                                            "page", NULL, NULL, 0, &error),
                   ==, 0);
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (
      aura_store_add_evidence (fixture->store, 9999, 0, 0, "page", NULL, NULL, 0, &error), ==, 0);
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_clear_pointer (&all, g_ptr_array_unref);
  all = aura_store_list_evidence (fixture->store, inv, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 3);
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

  ADD ("/store/scan/lifecycle", test_scan_lifecycle);
  ADD ("/store/scan/bad-input-refused", test_scan_bad_input);
  ADD ("/store/evidence", test_evidence);

  return g_test_run ();
}
