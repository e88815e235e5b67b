/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

/* Runs the real aura-cli ($AURA_CLI) with the bundled list from the source
 * tree and a temporary folder for imported lists. */

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "site-test-utils.h"

typedef struct
{
  char *dir;
  char *bundled;
} Fixture;

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

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("aura-sites-cli-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->bundled =
      g_build_filename (g_getenv ("AURA_SOURCE_ROOT"), "data", "sites", "aura-sites.json", NULL);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->bundled);
}

static char *
bytes_to_string (GBytes *bytes)
{
  gsize size = 0;
  const char *data = bytes != NULL ? g_bytes_get_data (bytes, &size) : NULL;

  return data != NULL ? g_strndup (data, size) : g_strdup ("");
}

static Result *
run (Fixture *fixture, const char *const *args)
{
  g_autoptr (GSubprocessLauncher) launcher =
      g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GBytes) out = NULL;
  g_autoptr (GBytes) err = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *sites_dir = g_build_filename (fixture->dir, "sites", NULL);
  Result *result = g_new0 (Result, 1);

  g_subprocess_launcher_unsetenv (launcher, "AURA_CLI_TTY");
  g_subprocess_launcher_setenv (launcher, "AURA_SITES_BUNDLED", fixture->bundled, TRUE);
  g_subprocess_launcher_setenv (launcher, "AURA_SITES_DIR", sites_dir, TRUE);
  g_ptr_array_add (argv, (char *)g_getenv ("AURA_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *)args[i]);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *)argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  result->status = g_subprocess_get_exit_status (process);
  result->out = bytes_to_string (out);
  result->err = bytes_to_string (err);
  if (g_test_verbose ())
    g_printerr ("exit %d\nstdout: %s\nstderr: %s\n", result->status, result->out, result->err);
  return result;
}

#define RUN(fixture, ...) run (fixture, (const char *const[]){ __VA_ARGS__, NULL })

static void
assert_exit (Result *result, int status)
{
  if (result->status != status)
    g_error ("expected exit %d, got %d; stdout: %s; stderr: %s", status, result->status,
             result->out, result->err);
  if (status != 0)
    g_assert_true (g_str_has_prefix (result->err, "aura-cli: "));
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
test_help (Fixture *fixture, gconstpointer data)
{
  const char *const commands[][4] = {
    { "sites", "--help" },           { "sites", "list", "--help" },
    { "sites", "show", "--help" },   { "sites", "validate", "--help" },
    { "sites", "import", "--help" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr (Result) result = run (fixture, commands[i]);

      assert_exit (result, 0);
      g_assert_true (strstr (result->out, "sites") != NULL);
    }
  {
    g_autoptr (Result) result = RUN (fixture, "sites");

    assert_exit (result, 2);
  }
}

static void
test_list_and_show (Fixture *fixture, gconstpointer data)
{
  g_autoptr (Result) table = RUN (fixture, "sites", "list");
  g_autoptr (Result) json = RUN (fixture, "--json", "sites", "list");
  g_autoptr (Result) dev = RUN (fixture, "sites", "list", "--tag", "dev", "--json");
  g_autoptr (Result) show = RUN (fixture, "sites", "show", "github");
  g_autoptr (Result) show_json = RUN (fixture, "sites", "show", "GitHub", "--json");
  g_autoptr (Result) missing = RUN (fixture, "sites", "show", "no-such-site");
  g_autoptr (JsonNode) list = NULL;
  g_autoptr (JsonNode) dev_list = NULL;
  g_autoptr (JsonNode) site = NULL;
  JsonArray *array;

  assert_exit (table, 0);
  g_assert_true (strstr (table->out, "GitHub") != NULL);
  g_assert_true (strstr (table->out, "disabled") != NULL);
  /* nsfw sites are listed only on request. */
  g_assert_null (strstr (table->out, "Pornhub"));

  assert_exit (json, 0);
  list = parse_json (json->out);
  array = json_node_get_array (list);
  g_assert_cmpuint (json_array_get_length (array), >=, 55);

  assert_exit (dev, 0);
  dev_list = parse_json (dev->out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (dev_list)), <,
                    json_array_get_length (array));

  assert_exit (show, 0);
  g_assert_true (strstr (show->out, "https://api.github.com/users/{username}") != NULL);
  assert_exit (show_json, 0);
  site = parse_json (show_json->out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (site), "name"), ==,
                   "GitHub");
  assert_exit (missing, 3);
}

static void
test_validate (Fixture *fixture, gconstpointer data)
{
  g_autofree char *bad = g_build_filename (fixture->dir, "bad.json", NULL);
  g_autofree char *broken = g_build_filename (fixture->dir, "broken.json", NULL);
  g_autoptr (Result) good = NULL;
  g_autoptr (Result) invalid = NULL;
  g_autoptr (Result) invalid_json = NULL;
  g_autoptr (Result) not_json = NULL;
  g_autoptr (Result) absent = NULL;
  g_autoptr (JsonNode) report = NULL;

  g_assert_true (g_file_set_contents (
      bad,
      "{\"format\": \"aura-sites\", \"version\": 1, \"sites\": [{\"name\": \"Ok\", \"url\": "
      "\"https://ok.example/\", \"profile_url\": \"https://ok.example/{username}\", \"detect\": "
      "{\"found\": {\"status\": [200]}}}, {\"name\": \"Typo\", \"url\": \"https://t.example/\", "
      "\"profile_url\": \"https://t.example/{username}\", \"detetc\": {}}]}",
      -1, NULL));
  g_assert_true (g_file_set_contents (broken, "{\"format\": ", -1, NULL));

  good = RUN (fixture, "sites", "validate", fixture->bundled);
  assert_exit (good, 0);
  invalid = RUN (fixture, "sites", "validate", bad);
  assert_exit (invalid, 4);
  g_assert_true (strstr (invalid->out, "1 of 2") != NULL);
  g_assert_true (strstr (invalid->out, "Typo") != NULL);
  g_assert_true (strstr (invalid->out, "detetc") != NULL);
  invalid_json = RUN (fixture, "--json", "sites", "validate", bad);
  assert_exit (invalid_json, 4);
  report = parse_json (invalid_json->out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (report), "mapped"), ==, 1);
  not_json = RUN (fixture, "sites", "validate", broken);
  assert_exit (not_json, 4);
  absent = RUN (fixture, "sites", "validate", "/nonexistent/file.json");
  assert_exit (absent, 1);
}

static void
test_import (Fixture *fixture, gconstpointer data)
{
  g_autofree char *sample = g_build_filename (fixture->dir, "list.txt", NULL);
  g_autofree char *kept = g_build_filename (fixture->dir, "sites", "mine.json", NULL);
  g_autoptr (Result) imported = NULL;
  g_autoptr (Result) listed = NULL;
  g_autoptr (Result) shown = NULL;
  g_autoptr (Result) bad_name = NULL;
  g_autoptr (JsonNode) report = NULL;
  JsonObject *object;

  /* A Sherlock list under a name that says nothing: recognised by content. */
  g_assert_true (g_file_set_contents (
      sample,
      "{\"Mine\": {\"errorType\": \"status_code\", \"url\": \"https://mine.example/{}\", "
      "\"urlMain\": \"https://mine.example/\"}, \"Bad\": {\"errorType\": \"psychic\", \"url\": "
      "\"https://bad.example/{}\", \"urlMain\": \"https://bad.example/\"}}",
      -1, NULL));
  imported = RUN (fixture, "--json", "sites", "import", sample, "--name", "mine");
  assert_exit (imported, 0);
  report = parse_json (imported->out);
  object = json_node_get_object (report);
  g_assert_cmpstr (json_object_get_string_member (object, "format"), ==, "sherlock");
  g_assert_cmpint (json_object_get_int_member (object, "total"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (object, "mapped"), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "skipped")), ==,
                    1);
  g_assert_true (g_file_test (kept, G_FILE_TEST_EXISTS));

  listed = RUN (fixture, "sites", "list");
  assert_exit (listed, 0);
  g_assert_true (strstr (listed->out, "Mine") != NULL);
  g_assert_true (strstr (listed->out, "sherlock") != NULL);
  shown = RUN (fixture, "sites", "show", "mine");
  assert_exit (shown, 0);

  bad_name = RUN (fixture, "sites", "import", sample, "--name", "../escape");
  assert_exit (bad_name, 2);

  {
    g_autofree char *peers = g_build_filename (g_getenv ("AURA_PEERS_DIR"), "wmn-data.json", NULL);
    g_autoptr (Result) wmn = NULL;

    if (!g_file_test (peers, G_FILE_TEST_EXISTS))
      return;
    wmn = RUN (fixture, "sites", "import", peers);
    assert_exit (wmn, 0);
    g_assert_true (strstr (wmn->out, "716 of 716") != NULL);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/username/cli/help", test_help);
  ADD ("/username/cli/list-and-show", test_list_and_show);
  ADD ("/username/cli/validate", test_validate);
  ADD ("/username/cli/import", test_import);
#undef ADD
  return g_test_run ();
}
