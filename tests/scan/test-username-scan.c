/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include <locale.h>

#include "aura-test-server.h"
#include "aura.h"
#include "store-test-utils.h"

/* The username sweep end to end: a loopback server plays the sites, the
 * real engine asks them, verdicts and profiles land in a real store. */

typedef struct
{
  StoreFixture store;
  AuraTestServer *server;
  AuraEngine *engine;
  gint64 investigation;
} ScanFixture;

static const char profile_page[] =
    "<!doctype html><html><head><title>Ada Example (@alice)</title>"
    "<meta property=\"og:title\" content=\"Ada Example\">"
    "<meta property=\"og:description\" content=\"Writes compilers.\">"
    "</head><body><h1>Ada Example</h1><p>Write to ada@mail.example.org</p>"
    "<a rel=\"me\" href=\"https://github.com/ada-codes\">GitHub</a>"
    "</body></html>";

static void
alice_only_cb (AuraTestServer *server,
               SoupServerMessage *msg,
               const char *host,
               const char *path,
               gpointer user_data)
{
  const char *page = user_data;
  gboolean alice = g_str_has_suffix (path, "/alice");

  soup_server_message_set_status (msg, alice ? 200 : 404, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Content-Type",
                                "text/html; charset=utf-8");
  soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_COPY,
                                    alice ? page : "<html>No such user</html>",
                                    strlen (alice ? page : "<html>No such user</html>"));
}

/* Says "found" to every name: its detection misfires. */
static void
liar_cb (AuraTestServer *server,
         SoupServerMessage *msg,
         const char *host,
         const char *path,
         gpointer user_data)
{
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, "<html>Profile</html>",
                                    20);
}

static void
wall_cb (AuraTestServer *server,
         SoupServerMessage *msg,
         const char *host,
         const char *path,
         gpointer user_data)
{
  static const char body[] = "<html><head><title>Just a moment...</title></head><body>"
                             "<div id=\"cf-chl-widget\">Checking your browser</div></body></html>";

  soup_server_message_set_status (msg, 403, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "cf-mitigated",
                                "challenge");
  soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, body, strlen (body));
}

static void
slow_cb (AuraTestServer *server,
         SoupServerMessage *msg,
         const char *host,
         const char *path,
         gpointer user_data)
{
  aura_test_server_respond_later (server, msg, GPOINTER_TO_UINT (user_data), 200, "late");
}

static void
fixture_set_up (ScanFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  const char *overrides[] = { "*.test:127.0.0.1", NULL };
  AuraEngineOptions options = { 0 };

  store_fixture_set_up (&fixture->store, data);
  fixture->investigation = store_fixture_investigation (&fixture->store, "Scan");
  fixture->server = aura_test_server_new ();
  aura_test_server_add_handler (fixture->server, "profile.test", "*", alice_only_cb,
                                (gpointer)profile_page, NULL);
  aura_test_server_add_handler (fixture->server, "liar.test", "*", liar_cb, NULL, NULL);
  aura_test_server_add_handler (fixture->server, "wall.test", "*", wall_cb, NULL, NULL);
  aura_test_server_add_handler (fixture->server, "slow.test", "*", slow_cb, GUINT_TO_POINTER (5000),
                                NULL);
  aura_test_server_add_response (fixture->server, "api.test", "/users/alice", 200, NULL,
                                 "{\"login\":\"alice\",\"id\":42}", 0);
  aura_test_server_add_response (fixture->server, "api.test", "*", 404, NULL,
                                 "{\"message\":\"Not Found\"}", 0);
  options.host_overrides = overrides;
  options.loopback_only = TRUE;
  options.timeout_ms = 1500;
  options.max_retries = -1;
  fixture->engine = aura_engine_new (&options, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (ScanFixture *fixture, gconstpointer data)
{
  g_assert_finalize_object (fixture->engine);
  aura_test_server_free (fixture->server);
  store_fixture_tear_down (&fixture->store, data);
}

/* A site list on the fixture's port. */
static AuraSiteList *
site_list (ScanFixture *fixture)
{
  g_autoptr (GError) error = NULL;
  guint port = aura_test_server_get_port (fixture->server);
  g_autofree char *json = g_strdup_printf (
      "{\"format\": \"aura-sites\", \"version\": 1, \"sites\": ["
      "{\"name\": \"Profile\", \"url\": \"http://profile.test:%u/\","
      " \"profile_url\": \"http://profile.test:%u/u/{username}\","
      " \"username\": {\"allowed\": \"a-z0-9_\", \"max_length\": 20},"
      " \"detect\": {\"found\": [{\"status\": [200]}], \"not_found\": [{\"status\": [404]}]},"
      " \"tags\": [\"social\"]},"
      "{\"name\": \"Api\", \"url\": \"http://api.test:%u/\","
      " \"probe_url\": \"http://api.test:%u/users/{username}\","
      " \"profile_url\": \"http://api.test:%u/{username}\","
      " \"detect\": {\"found\": [{\"status\": [200], \"json\": [{\"path\": \"login\","
      " \"equals\": \"{username}\"}]}], \"not_found\": [{\"status\": [404]}]},"
      " \"tags\": [\"dev\"]},"
      "{\"name\": \"Liar\", \"url\": \"http://liar.test:%u/\","
      " \"profile_url\": \"http://liar.test:%u/{username}\","
      " \"detect\": {\"found\": [{\"status\": [200]}], \"not_found\": [{\"status\": [404]}]},"
      " \"tags\": [\"forum\"]},"
      "{\"name\": \"Wall\", \"url\": \"http://wall.test:%u/\","
      " \"profile_url\": \"http://wall.test:%u/{username}\","
      " \"detect\": {\"found\": [{\"status\": [200, 403]}], \"not_found\": [{\"status\": [404]}]},"
      " \"tags\": [\"social\"]},"
      "{\"name\": \"Adult\", \"url\": \"http://profile.test:%u/\","
      " \"profile_url\": \"http://profile.test:%u/adult/{username}\","
      " \"detect\": {\"found\": [{\"status\": [200]}]}, \"tags\": [\"nsfw\"]}"
      "]}",
      port, port, port, port, port, port, port, port, port, port, port);
  AuraSiteList *list = aura_site_list_load_data (json, -1, "test", NULL, &error);

  g_assert_no_error (error);
  return list;
}

static const AuraUsernameCheck *
find_check (AuraUsernameScan *scan, const char *username, const char *site)
{
  GPtrArray *checks = aura_username_scan_get_checks (scan);

  for (guint i = 0; i < checks->len; i++)
    {
      const AuraUsernameCheck *check = checks->pdata[i];
      if (g_str_equal (check->username, username) && g_str_equal (check->site, site))
        return check;
    }
  return NULL;
}

static void
count_check_cb (AuraUsernameScan *scan, gpointer check, gpointer data)
{
  (*(guint *)data)++;
}

static void
test_sweep_records_everything (ScanFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraSiteList) sites = site_list (fixture);
  g_autoptr (AuraUsernameScan) scan = NULL;
  g_autoptr (GPtrArray) results = NULL;
  g_autoptr (AuraScanRecord) record = NULL;
  g_autoptr (AuraEntity) account = NULL;
  g_autoptr (AuraEntity) email = NULL;
  g_autoptr (GPtrArray) neighbours = NULL;
  const char *names[] = { "alice", "bob", "Not A Name", NULL };
  AuraUsernameScanOptions options = { 0 };
  const AuraUsernameCheck *check;
  AuraUsernameScanProgress progress;
  guint emitted = 0;
  gint64 checked = 0, bad = -1;

  options.usernames = names;
  options.sites = sites;
  options.investigation_id = fixture->investigation;
  scan = aura_username_scan_new (fixture->engine, fixture->store.store, &options, &error);
  g_assert_no_error (error);
  /* nsfw sites are left out unless asked for. */
  g_assert_cmpuint (aura_username_scan_get_n_sites (scan), ==, 4);
  g_signal_connect (scan, "check", G_CALLBACK (count_check_cb), &emitted);
  g_assert_true (aura_username_scan_run (scan, &error));
  g_assert_no_error (error);

  aura_username_scan_get_progress (scan, &progress);
  g_assert_cmpuint (progress.total, ==, 12);
  g_assert_cmpuint (progress.done, ==, 12);
  g_assert_cmpuint (emitted, ==, 12);

  check = find_check (scan, "alice", "Profile");
  g_assert_cmpint (check->verdict, ==, AURA_VERDICT_FOUND);
  g_assert_cmpint (check->calibration, ==, AURA_CALIBRATION_RELIABLE);
  g_assert_cmpfloat (check->confidence, >=, 0.5);
  g_assert_cmpuint (check->n_findings, >, 0);
  check = find_check (scan, "bob", "Profile");
  g_assert_cmpint (check->verdict, ==, AURA_VERDICT_NOT_FOUND);
  /* The JSON rule reads the body, not only the status. */
  g_assert_cmpint (find_check (scan, "alice", "Api")->verdict, ==, AURA_VERDICT_FOUND);
  g_assert_cmpint (find_check (scan, "bob", "Api")->verdict, ==, AURA_VERDICT_NOT_FOUND);
  /* A name the site's rules refuse is never asked. */
  check = find_check (scan, "Not A Name", "Profile");
  g_assert_cmpint (check->verdict, ==, AURA_VERDICT_INVALID);
  g_assert_null (check->url);
  /* A bot wall is unknown, never found, even where 403 would mean found. */
  check = find_check (scan, "alice", "Wall");
  g_assert_cmpint (check->verdict, ==, AURA_VERDICT_UNKNOWN);
  g_assert_true (g_str_has_prefix (check->reason, "blocked"));
  /* A site that finds a random name is unreliable: its hits are weak. */
  check = find_check (scan, "bob", "Liar");
  g_assert_cmpint (check->verdict, ==, AURA_VERDICT_FOUND);
  g_assert_cmpint (check->calibration, ==, AURA_CALIBRATION_UNRELIABLE);
  g_assert_cmpfloat (check->confidence, <, 0.5);
  g_assert_cmpuint (progress.unreliable_sites, ==, 1);

  /* Recorded: the scan, every check, the findings linked to the account. */
  record =
      aura_store_get_scan (fixture->store.store, aura_username_scan_get_scan_id (scan), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (record->status, ==, "done");
  results = aura_store_list_scan_results (fixture->store.store, record->id, NULL, 0, &error);
  /* Every request: the 12 checks, a calibration for each of the 3 sites
   * with hits, and Api's profile page (its probe is an API call). */
  {
    guint calibrations = 0, profiles = 0;
    for (guint i = 0; i < results->len; i++)
      {
        const AuraScanResultRecord *row = results->pdata[i];
        calibrations += strstr (row->result, "\"kind\":\"calibration\"") != NULL;
        profiles += strstr (row->result, "\"kind\":\"profile\"") != NULL;
      }
    g_assert_cmpuint (results->len, ==, 16);
    g_assert_cmpuint (calibrations, ==, 3);
    g_assert_cmpuint (profiles, ==, 1);
  }
  account = aura_store_find_entity (fixture->store.store, fixture->investigation,
                                    AURA_ENTITY_ACCOUNT, "profile.test:alice", &error);
  g_assert_no_error (error);
  email = aura_store_find_entity (fixture->store.store, fixture->investigation, AURA_ENTITY_EMAIL,
                                  "ada@mail.example.org", &error);
  g_assert_no_error (error);
  neighbours =
      aura_store_get_neighbours (fixture->store.store, aura_entity_get_id (account), &error);
  g_assert_no_error (error);
  {
    gboolean linked = FALSE;
    for (guint i = 0; i < neighbours->len; i++)
      if (aura_entity_get_id (neighbours->pdata[i]) == aura_entity_get_id (email))
        linked = TRUE;
    g_assert_true (linked);
  }
  g_assert_true (aura_store_verify_audit (fixture->store.store, &checked, &bad, &error));
  g_assert_cmpint (bad, ==, 0);
}

static gboolean
cancel_cb (gpointer data)
{
  aura_username_scan_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel_keeps_results (ScanFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraSiteList) sites = NULL;
  g_autoptr (AuraUsernameScan) scan = NULL;
  g_autoptr (AuraScanRecord) record = NULL;
  g_autoptr (GPtrArray) results = NULL;
  guint port = aura_test_server_get_port (fixture->server);
  g_autofree char *json = g_strdup_printf (
      "{\"format\": \"aura-sites\", \"version\": 1, \"sites\": ["
      "{\"name\": \"Fast\", \"url\": \"http://profile.test:%u/\","
      " \"profile_url\": \"http://profile.test:%u/u/{username}\","
      " \"detect\": {\"found\": [{\"status\": [200]}], \"not_found\": [{\"status\": [404]}]}},"
      "{\"name\": \"Slow\", \"url\": \"http://slow.test:%u/\","
      " \"profile_url\": \"http://slow.test:%u/{username}\","
      " \"detect\": {\"found\": [{\"status\": [200]}]}}]}",
      port, port, port, port);
  const char *names[] = { "alice", NULL };
  AuraUsernameScanOptions options = { 0 };
  gint64 start;

  sites = aura_site_list_load_data (json, -1, "test", NULL, &error);
  g_assert_no_error (error);
  options.usernames = names;
  options.sites = sites;
  options.investigation_id = fixture->investigation;
  options.no_calibration = TRUE;
  options.timeout_ms = 10000;
  scan = aura_username_scan_new (fixture->engine, fixture->store.store, &options, &error);
  g_assert_no_error (error);
  g_timeout_add (300, cancel_cb, scan);
  start = g_get_monotonic_time ();
  g_assert_true (aura_username_scan_run (scan, &error));
  g_assert_no_error (error);
  /* The slow site answers after 5 s: cancelling ends the scan at once. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
  g_assert_true (aura_username_scan_was_cancelled (scan));
  g_assert_cmpint (find_check (scan, "alice", "Fast")->verdict, ==, AURA_VERDICT_FOUND);
  g_assert_null (find_check (scan, "alice", "Slow"));

  record =
      aura_store_get_scan (fixture->store.store, aura_username_scan_get_scan_id (scan), &error);
  g_assert_cmpstr (record->status, ==, "cancelled");
  results = aura_store_list_scan_results (fixture->store.store, record->id, "found", 0, &error);
  g_assert_cmpuint (results->len, ==, 1);
}

static void
test_bad_options (ScanFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraSiteList) sites = site_list (fixture);
  const char *none[] = { "  ", NULL };
  const char *names[] = { "alice", NULL };
  const char *tags[] = { "no-such-tag", NULL };
  AuraUsernameScanOptions options = { 0 };

  options.sites = sites;
  options.usernames = none;
  g_assert_null (aura_username_scan_new (fixture->engine, NULL, &options, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  options.usernames = names;
  options.tags = tags;
  g_assert_null (aura_username_scan_new (fixture->engine, NULL, &options, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  options.tags = NULL;
  options.investigation_id = 4242;
  g_assert_null (aura_username_scan_new (fixture->engine, fixture->store.store, &options, &error));
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_NOT_FOUND);
}

static gint64
arrival (GArray *arrivals, guint i)
{
  return g_array_index (arrivals, gint64, i);
}

/* A site's rate hint paces its host through the engine; a site without
 * one is not held back; ignore_rate_hints turns the hints off. */
static void
run_paced_sweep (ScanFixture *fixture, gboolean ignore, GArray **paced, GArray **free_arrivals)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraSiteList) sites = NULL;
  g_autoptr (AuraUsernameScan) scan = NULL;
  guint port = aura_test_server_get_port (fixture->server);
  g_autofree char *json = g_strdup_printf (
      "{\"format\": \"aura-sites\", \"version\": 1, \"sites\": ["
      "{\"name\": \"Paced\", \"url\": \"http://paced.test:%u/\","
      " \"profile_url\": \"http://paced.test:%u/{username}\","
      " \"detect\": {\"found\": [{\"status\": [200]}], \"not_found\": [{\"status\": [404]}]},"
      " \"rate\": {\"requests_per_second\": 5}},"
      "{\"name\": \"Free\", \"url\": \"http://free.test:%u/\","
      " \"profile_url\": \"http://free.test:%u/{username}\","
      " \"detect\": {\"found\": [{\"status\": [200]}], \"not_found\": [{\"status\": [404]}]}}"
      "]}",
      port, port, port, port);
  const char *names[] = { "n1", "n2", "n3", "n4", "n5", NULL };
  AuraUsernameScanOptions options = { 0 };

  aura_test_server_add_response (fixture->server, "paced.test", "*", 404, NULL, "no", 0);
  aura_test_server_add_response (fixture->server, "free.test", "*", 404, NULL, "no", 0);
  sites = aura_site_list_load_data (json, -1, "paced", NULL, &error);
  g_assert_no_error (error);
  options.usernames = names;
  options.sites = sites;
  options.no_calibration = TRUE;
  options.no_extract = TRUE;
  options.ignore_rate_hints = ignore;
  scan = aura_username_scan_new (fixture->engine, NULL, &options, &error);
  g_assert_no_error (error);
  g_assert_true (aura_username_scan_run (scan, &error));
  g_assert_no_error (error);
  *paced = aura_test_server_get_arrivals (fixture->server, "paced.test", "*");
  *free_arrivals = aura_test_server_get_arrivals (fixture->server, "free.test", "*");
  g_assert_cmpuint ((*paced)->len, ==, 5);
  g_assert_cmpuint ((*free_arrivals)->len, ==, 5);
}

static void
test_rate_hints_applied (ScanFixture *fixture, gconstpointer data)
{
  g_autoptr (GArray) paced = NULL;
  g_autoptr (GArray) free_arrivals = NULL;

  run_paced_sweep (fixture, FALSE, &paced, &free_arrivals);
  for (guint i = 1; i < paced->len; i++)
    {
      gint64 gap = arrival (paced, i) - arrival (paced, i - 1);

      g_test_message ("paced gap %u: %" G_GINT64_FORMAT " µs", i, gap);
      /* 5 a second: 200 ms apart, less the loopback's slack. */
      g_assert_cmpint (gap, >=, 170 * 1000);
    }
  /* The site without a hint was done before the paced one's third. */
  g_assert_cmpint (arrival (free_arrivals, 4), <, arrival (paced, 2));
}

static void
test_rate_hints_ignored (ScanFixture *fixture, gconstpointer data)
{
  g_autoptr (GArray) paced = NULL;
  g_autoptr (GArray) free_arrivals = NULL;

  run_paced_sweep (fixture, TRUE, &paced, &free_arrivals);
  /* Five requests in less than two tokens' time. */
  g_assert_cmpint (arrival (paced, 4) - arrival (paced, 0), <, 400 * 1000);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func)                                                                            \
  g_test_add (path, ScanFixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/scan/username/sweep-records-everything", test_sweep_records_everything);
  ADD ("/scan/username/cancel-keeps-results", test_cancel_keeps_results);
  ADD ("/scan/username/bad-options", test_bad_options);
  ADD ("/scan/username/rate-hints-applied", test_rate_hints_applied);
  ADD ("/scan/username/rate-hints-ignored", test_rate_hints_ignored);

  return g_test_run ();
}
