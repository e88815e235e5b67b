/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "aura-test-knot.h"

/* `aura-cli scan domain` run for real (path in $AURA_CLI) against a Knot
 * zone on loopback: the brute force from a word list file, a resolvers
 * file, JSON output, recording, and the errors a person can make. */

typedef struct
{
  AuraTestKnot *knot;
  char *dir;
  char *db;
  char *words;
  char *resolvers;
} CliFixture;

static const char zone[] = "@ A 127.0.0.1\n"
                           "www A 127.0.0.2\n"
                           "vpn A 127.0.0.3\n"
                           "* A 127.0.0.9\n";

static void
write_file (const char *path, const char *text)
{
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (CliFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *resolvers = NULL;
  AuraTestZone zones[] = { { "corp.test", zone, FALSE } };

  fixture->knot = aura_test_knot_start (zones, 1, &error);
  if (fixture->knot == NULL)
    {
      g_test_skip (error->message);
      return;
    }
  fixture->dir = g_dir_make_tmp ("aura-cli-domain-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db = g_build_filename (fixture->dir, "aura.db", NULL);
  fixture->words = g_build_filename (fixture->dir, "words.txt", NULL);
  fixture->resolvers = g_build_filename (fixture->dir, "resolvers.txt", NULL);
  write_file (fixture->words, "www\nvpn\nmail\nintranet\n");
  resolvers =
      g_strdup_printf ("# the test's Knot\n%s\n\n", aura_test_knot_get_server (fixture->knot));
  write_file (fixture->resolvers, resolvers);
}

static void
fixture_tear_down (CliFixture *fixture, gconstpointer data)
{
  g_autoptr (GDir) dir = NULL;
  const char *name;

  g_clear_pointer (&fixture->knot, aura_test_knot_stop);
  if (fixture->dir == NULL)
    return;
  dir = g_dir_open (fixture->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (fixture->dir, name, NULL);

      g_remove (child);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->db);
  g_free (fixture->words);
  g_free (fixture->resolvers);
}

/* Runs aura-cli with @args; returns its exit status, fills @out and @err. */
static int
run (CliFixture *fixture, const char *const *args, char **out, char **err)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocessLauncher) launcher =
      g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) process = NULL;

  g_ptr_array_add (argv, (gpointer)g_getenv ("AURA_CLI"));
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, fixture->db);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer)args[i]);
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_setenv (launcher, "AURA_LOOPBACK_ONLY", "1", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *)argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (process);
}

static JsonObject *
find_name (JsonArray *names, const char *name)
{
  for (guint i = 0; i < json_array_get_length (names); i++)
    {
      JsonObject *object = json_array_get_object_element (names, i);

      if (g_str_equal (json_object_get_string_member (object, "name"), name))
        return object;
    }
  return NULL;
}

static void
test_json_and_recorded (CliFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL, *err = NULL, *list = NULL, *list_err = NULL;
  const char *new_args[] = { "investigation", "new", "Corp", NULL };
  const char *scan_args[] = { "--json",    "scan",         "domain", "corp.test", "--brute",
                              NULL,        "-r",           NULL,     "--sources", "none",
                              "--no-rdap", "--no-harvest", "-i",     "Corp",      NULL };
  const char *list_args[] = { "entity", "list", "Corp", "--type", "subdomain", NULL };
  JsonObject *root, *www;
  JsonArray *names;

  if (fixture->knot == NULL)
    return;
  g_assert_cmpint (run (fixture, new_args, NULL, NULL), ==, 0);
  scan_args[5] = fixture->words;
  scan_args[7] = fixture->resolvers;
  g_assert_cmpint (run (fixture, scan_args, &out, &err), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "domain"), ==, "corp.test");
  g_assert_cmpint (json_object_get_int_member (root, "scan_id"), >, 0);
  names = json_object_get_array_member (root, "names");
  www = find_name (names, "www.corp.test");
  g_assert_nonnull (www);
  g_assert_cmpstr (
      json_array_get_string_element (json_object_get_array_member (www, "addresses"), 0), ==,
      "127.0.0.2");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (www, "sources"), 0),
                   ==, "brute");
  g_assert_nonnull (find_name (names, "vpn.corp.test"));
  /* The wildcard answers for mail and intranet are left out. */
  g_assert_null (find_name (names, "mail.corp.test"));
  g_assert_null (find_name (names, "intranet.corp.test"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (root, "summary"),
                                               "wildcard_discarded"),
                   >=, 2);

  g_assert_cmpint (run (fixture, list_args, &list, &list_err), ==, 0);
  g_assert_nonnull (strstr (list, "www.corp.test"));
  g_assert_nonnull (strstr (list, "vpn.corp.test"));
  g_assert_null (strstr (list, "mail.corp.test"));
}

static void
test_human_output (CliFixture *fixture, gconstpointer data)
{
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "scan", "domain",    "corp.test", "-b",        NULL,           "-r",
                         NULL,   "--sources", "none",      "--no-rdap", "--no-harvest", NULL };

  if (fixture->knot == NULL)
    return;
  args[4] = fixture->words;
  args[6] = fixture->resolvers;
  g_assert_cmpint (run (fixture, args, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "www.corp.test"));
  g_assert_nonnull (strstr (out, "127.0.0.3"));
  /* The per-source summary. */
  g_assert_nonnull (strstr (out, "Brute force"));
  g_assert_nonnull (strstr (out, "Zone transfer"));
  g_assert_nonnull (strstr (out, "refused"));
}

static void
test_usage_errors (CliFixture *fixture, gconstpointer data)
{
  g_autofree char *bad_resolvers = NULL;
  const char *no_domain[] = { "scan", "domain", NULL };
  const char *bad_domain[] = { "scan", "domain", "not a domain", "--sources", "none", NULL };
  const char *bad_source[] = { "scan", "domain", "corp.test", "--sources", "nosuch", NULL };
  const char *bad_list[] = { "scan", "domain", "corp.test", "-b", "/no/such/list", NULL };
  const char *bad_file[] = { "scan", "domain", "corp.test", "-r", NULL, NULL };
  const char *bad_rate[] = { "scan", "domain", "corp.test", "--rate", "-4", NULL };
  const char *outside[] = { "scan",      "domain", "corp.test", "-r",           NULL,
                            "--sources", "none",   "--no-rdap", "--no-harvest", NULL };
  struct
  {
    const char *const *args;
    const char *says;
  } cases[] = {
    { no_domain, "Missing argument" }, { bad_domain, "space" }, { bad_source, "nosuch" },
    { bad_list, "/no/such" },          { bad_file, "line 2" },  { bad_rate, "zero or more" },
    { outside, "127.0.0.0/8" },
  };
  g_autofree char *outside_file = NULL;

  if (fixture->knot == NULL)
    return;
  bad_resolvers = g_build_filename (fixture->dir, "bad-resolvers.txt", NULL);
  write_file (bad_resolvers, "127.0.0.1:53\n127.0.0.1 53 extra\n");
  bad_file[4] = bad_resolvers;
  outside_file = g_build_filename (fixture->dir, "outside.txt", NULL);
  write_file (outside_file, "192.0.2.53\n");
  outside[4] = outside_file;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL, *err = NULL;
      int status = run (fixture, cases[i].args, &out, &err);

      g_test_message ("case %u: status %d, %s", i, status, err);
      g_assert_cmpint (status, !=, 0);
      g_assert_nonnull (strstr (err, cases[i].says));
    }
}

/* The domain tools one by one: dns lookup and axfr, sources list and
 * validate. */
static void
test_single_tools (CliFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *bad = NULL;
  const char *server;
  const char *lookup[] = { "dns", "lookup", "www.corp.test", "A", "-s", NULL, NULL };
  const char *txt[] = { "dns", "lookup", "corp.test", "TXT", "-s", NULL, NULL };
  const char *axfr[] = { "dns", "axfr", "corp.test", NULL, NULL };
  const char *sources[] = { "--json", "sources", "list", NULL };
  const char *validate[] = { "sources", "validate", NULL, NULL };

  if (fixture->knot == NULL)
    return;
  server = aura_test_knot_get_server (fixture->knot);
  lookup[5] = txt[5] = axfr[3] = server;
  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run (fixture, lookup, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "www.corp.test. 60 IN A 127.0.0.2"));
  }
  {
    g_autofree char *out = NULL, *err = NULL;

    /* No TXT record at the apex: said, not an empty success. */
    g_assert_cmpint (run (fixture, txt, &out, &err), !=, 0);
    g_assert_nonnull (strstr (err, "corp.test"));
  }
  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run (fixture, axfr, &out, &err), !=, 0);
    g_assert_nonnull (strstr (err, "refused"));
  }
  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run (fixture, sources, &out, &err), ==, 0);
    json_parser_load_from_data (parser, out, -1, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (json_parser_get_root (parser))),
                      >=, 16);
  }
  {
    g_autofree char *out = NULL, *err = NULL;

    bad = g_build_filename (fixture->dir, "bad-sources.json", NULL);
    write_file (bad, "{\"format\": \"aura-sources\", \"version\": 1, \"sources\": [{}]}");
    validate[2] = bad;
    g_assert_cmpint (run (fixture, validate, &out, &err), ==, 4);
    g_assert_nonnull (strstr (err, "bad-sources.json"));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/scan/cli-domain/json-and-recorded", CliFixture, NULL, fixture_set_up,
              test_json_and_recorded, fixture_tear_down);
  g_test_add ("/scan/cli-domain/human-output", CliFixture, NULL, fixture_set_up, test_human_output,
              fixture_tear_down);
  g_test_add ("/scan/cli-domain/usage-errors", CliFixture, NULL, fixture_set_up, test_usage_errors,
              fixture_tear_down);
  g_test_add ("/scan/cli-domain/single-tools", CliFixture, NULL, fixture_set_up, test_single_tools,
              fixture_tear_down);
  return g_test_run ();
}
