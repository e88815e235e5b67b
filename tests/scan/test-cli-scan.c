/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <signal.h>

#include "aura-test-server.h"

/* `aura-cli scan username` run for real (path in $AURA_CLI) against sites
 * played on loopback. */

typedef struct
{
  AuraTestServer *server;
  char *dir;
  char *db;
  char *sites;
} CliFixture;

static void
found_cb (AuraTestServer *server,
          SoupServerMessage *msg,
          const char *host,
          const char *path,
          gpointer user_data)
{
  gboolean alice = g_str_has_suffix (path, "/alice");
  const char *body = alice ? "<html><title>alice</title></html>" : "<html>nobody</html>";

  soup_server_message_set_status (msg, alice ? 200 : 404, NULL);
  soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_COPY, body, strlen (body));
}

static void
slow_cb (AuraTestServer *server,
         SoupServerMessage *msg,
         const char *host,
         const char *path,
         gpointer user_data)
{
  aura_test_server_respond_later (server, msg, 8000, 200, "late");
}

static void
fixture_set_up (CliFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *json = NULL;
  guint port;

  fixture->server = aura_test_server_new ();
  aura_test_server_add_handler (fixture->server, "one.test", "*", found_cb, NULL, NULL);
  aura_test_server_add_handler (fixture->server, "two.test", "*", found_cb, NULL, NULL);
  aura_test_server_add_handler (fixture->server, "slow.test", "*", slow_cb, NULL, NULL);
  port = aura_test_server_get_port (fixture->server);
  fixture->dir = g_dir_make_tmp ("aura-cli-scan-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db = g_build_filename (fixture->dir, "aura.db", NULL);
  fixture->sites = g_build_filename (fixture->dir, "sites.json", NULL);
  /* Sherlock's format, to check that --sites takes it as it is. */
  json = g_strdup_printf (
      "{\"One\": {\"url\": \"http://one.test:%u/{}\", \"urlMain\": \"http://one.test:%u/\","
      " \"errorType\": \"status_code\", \"username_claimed\": \"alice\"},"
      " \"Two\": {\"url\": \"http://two.test:%u/u/{}\", \"urlMain\": \"http://two.test:%u/\","
      " \"errorType\": \"status_code\", \"username_claimed\": \"alice\"},"
      " \"Slow\": {\"url\": \"http://slow.test:%u/{}\", \"urlMain\": \"http://slow.test:%u/\","
      " \"errorType\": \"status_code\", \"username_claimed\": \"alice\"}}",
      port, port, port, port, port, port);
  g_file_set_contents (fixture->sites, json, -1, &error);
  g_assert_no_error (error);
}

static void
remove_all (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);
      g_remove (child);
    }
  g_rmdir (dir);
}

static void
fixture_tear_down (CliFixture *fixture, gconstpointer data)
{
  aura_test_server_free (fixture->server);
  remove_all (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->db);
  g_free (fixture->sites);
}

static GSubprocess *
spawn (CliFixture *fixture, const char *const *args)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocessLauncher) launcher =
      g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  GSubprocess *process;

  g_ptr_array_add (argv, (gpointer)g_getenv ("AURA_CLI"));
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, fixture->db);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer)args[i]);
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_setenv (launcher, "AURA_LOOPBACK_ONLY", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "AURA_SITES_DIR", fixture->dir, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *)argv->pdata, &error);
  g_assert_no_error (error);
  return process;
}

static JsonObject *
parse_object (JsonParser *parser, const char *text)
{
  g_autoptr (GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

static const char *
verdict_of (JsonArray *checks, const char *site)
{
  for (guint i = 0; i < json_array_get_length (checks); i++)
    {
      JsonObject *check = json_array_get_object_element (checks, i);
      if (g_str_equal (json_object_get_string_member (check, "site"), site))
        return json_object_get_string_member (check, "verdict");
    }
  return NULL;
}

static void
test_json_and_recorded (CliFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) make = NULL;
  g_autoptr (GSubprocess) scan = NULL;
  g_autoptr (GSubprocess) list = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *new_args[] = { "investigation", "new", "Case", NULL };
  const char *scan_args[] = { "--json", "scan",   "username", "alice",     "--sites",
                              NULL,     "--site", "One,Two",  "--resolve", "*.test:127.0.0.1",
                              "-i",     "Case",   NULL };
  const char *list_args[] = { "--json", "entity", "list", "Case", "--type", "account", NULL };
  JsonObject *root;
  JsonArray *checks;

  make = spawn (fixture, new_args);
  g_assert_true (g_subprocess_wait_check (make, NULL, &error));
  g_assert_no_error (error);

  scan_args[5] = fixture->sites;
  scan = spawn (fixture, scan_args);
  g_subprocess_communicate_utf8 (scan, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (scan), ==, 0);
  root = parse_object (parser, out);
  g_assert_false (json_object_get_boolean_member (root, "cancelled"));
  g_assert_cmpint (json_object_get_int_member (root, "scan_id"), >, 0);
  checks = json_object_get_array_member (root, "checks");
  g_assert_cmpuint (json_array_get_length (checks), ==, 2);
  g_assert_cmpstr (verdict_of (checks, "One"), ==, "found");
  g_assert_cmpstr (verdict_of (checks, "Two"), ==, "found");
  g_assert_cmpint (
      json_object_get_int_member (json_object_get_object_member (root, "summary"), "found"), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  list = spawn (fixture, list_args);
  g_subprocess_communicate_utf8 (list, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (list), ==, 0);
  g_assert_nonnull (strstr (out, "one.test:alice"));
  g_assert_nonnull (strstr (out, "two.test:alice"));
}

static gboolean
interrupt_cb (gpointer data)
{
  g_subprocess_send_signal (data, SIGINT);
  return G_SOURCE_REMOVE;
}

static void
communicate_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  char **outputs = data;
  g_autoptr (GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &outputs[0], &outputs[1],
                                        &error);
  g_assert_no_error (error);
  outputs[2] = (char *)"done";
}

static void
test_ctrl_c_keeps_results (CliFixture *fixture, gconstpointer data)
{
  g_autoptr (GSubprocess) scan = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  const char *scan_args[] = { "--json",    "scan", "username",         "alice",
                              "--sites",   NULL,   "--resolve",        "*.test:127.0.0.1",
                              "--timeout", "30",   "--no-calibration", NULL };
  char *outputs[3] = { NULL, NULL, NULL };
  JsonArray *checks;
  JsonObject *root;
  gint64 start = g_get_monotonic_time ();

  scan_args[5] = fixture->sites;
  scan = spawn (fixture, scan_args);
  g_subprocess_communicate_utf8_async (scan, NULL, NULL, communicate_cb, outputs);
  g_timeout_add (800, interrupt_cb, scan);
  while (outputs[2] == NULL)
    g_main_context_iteration (NULL, TRUE);
  /* The slow site would answer after 8 s: Ctrl-C ends it at once. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_true (g_subprocess_get_if_exited (scan));
  g_assert_cmpint (g_subprocess_get_exit_status (scan), ==, 130);
  root = parse_object (parser, outputs[0]);
  g_assert_true (json_object_get_boolean_member (root, "cancelled"));
  checks = json_object_get_array_member (root, "checks");
  g_assert_cmpstr (verdict_of (checks, "One"), ==, "found");
  g_assert_null (verdict_of (checks, "Slow"));
  g_assert_nonnull (strstr (outputs[1], "Cancelled"));
  g_free (outputs[0]);
  g_free (outputs[1]);
}

static void
test_bad_sites_file (CliFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) scan = NULL;
  g_autofree char *bad = g_build_filename (fixture->dir, "bad.json", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *scan_args[] = { "scan", "username", "alice", "--sites", NULL, NULL };

  g_file_set_contents (bad, "{\"format\": \"aura-sites\", \"sites\": [{\"name\": 3", -1, &error);
  g_assert_no_error (error);
  scan_args[4] = bad;
  scan = spawn (fixture, scan_args);
  g_subprocess_communicate_utf8 (scan, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (scan), ==, 4);
  g_assert_nonnull (strstr (err, "bad.json"));
}

/* sites update: one list fetched, imported and kept; one that fails
 * leaves its earlier copy as it was. */
static void
test_sites_update (CliFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) update = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *good_url = NULL;
  g_autofree char *bad_url = NULL;
  g_autofree char *good = g_build_filename (fixture->dir, "mine.json", NULL);
  g_autofree char *bad = g_build_filename (fixture->dir, "broken.json", NULL);
  g_autofree char *kept = NULL;
  g_autofree char *sherlock = NULL;
  const char *args[] = { "sites",     "update",           "--url", NULL, "--url", NULL,
                         "--resolve", "*.test:127.0.0.1", NULL };

  g_file_get_contents (fixture->sites, &sherlock, NULL, &error);
  g_assert_no_error (error);
  aura_test_server_add_response (fixture->server, "lists.test", "/data.json", 200, NULL, sherlock,
                                 0);
  aura_test_server_add_response (fixture->server, "lists.test", "/broken.json", 500, NULL, "oops",
                                 0);
  g_file_set_contents (bad, "{\"format\": \"aura-sites\", \"version\": 1, \"sites\": []}", -1,
                       &error);
  g_assert_no_error (error);
  good_url = g_strdup_printf ("mine=http://lists.test:%u/data.json",
                              aura_test_server_get_port (fixture->server));
  bad_url = g_strdup_printf ("broken=http://lists.test:%u/broken.json",
                             aura_test_server_get_port (fixture->server));
  args[3] = good_url;
  args[5] = bad_url;
  update = spawn (fixture, args);
  g_subprocess_communicate_utf8 (update, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (update), ==, 1);
  g_assert_nonnull (strstr (out, "mine: 3 of 3 sites"));
  g_assert_nonnull (strstr (err, "broken not updated"));
  g_assert_true (g_file_test (good, G_FILE_TEST_EXISTS));
  g_file_get_contents (bad, &kept, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (kept, "\"sites\": []"));
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, CliFixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/scan/cli/json-and-recorded", test_json_and_recorded);
  ADD ("/scan/cli/ctrl-c-keeps-results", test_ctrl_c_keeps_results);
  ADD ("/scan/cli/bad-sites-file", test_bad_sites_file);
  ADD ("/scan/cli/sites-update", test_sites_update);

  return g_test_run ();
}
