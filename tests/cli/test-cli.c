/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

/* Runs the real aura-cli binary (path in $AURA_CLI) on a database in a
 * temporary folder and checks what it prints and how it exits. */

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <aura.h>

#include "aura-test-server.h"
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

typedef struct
{
  char *dir;
  char *db;
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
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("aura-cli-test-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db = g_build_filename (fixture->dir, "aura.db", NULL);
}

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
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->db);
}

static char *
bytes_to_string (GBytes *bytes)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  return data != NULL ? g_strndup (data, size) : g_strdup ("");
}

/* Runs aura-cli with --db and @args (NULL-terminated), with @env a
 * NULL-terminated list of "NAME=value" (or "NAME" to unset). */
static Result *
run_env (Fixture *fixture, const char *const *env, const char *const *args)
{
  g_autoptr (GSubprocessLauncher) launcher =
      g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GBytes) out = NULL;
  g_autoptr (GBytes) err = NULL;
  g_autoptr (GError) error = NULL;
  const char *cli = g_getenv ("AURA_CLI");
  Result *result = g_new0 (Result, 1);

  g_assert_nonnull (cli);
  g_subprocess_launcher_unsetenv (launcher, "AURA_CLI_TTY");
  g_subprocess_launcher_unsetenv (launcher, "AURA_DB");
  g_subprocess_launcher_unsetenv (launcher, "COLUMNS");
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      g_auto (GStrv) pair = g_strsplit (env[i], "=", 2);

      if (pair[1] != NULL)
        g_subprocess_launcher_setenv (launcher, pair[0], pair[1], TRUE);
      else
        g_subprocess_launcher_unsetenv (launcher, pair[0]);
    }

  g_ptr_array_add (argv, (char *)cli);
  if (fixture != NULL)
    {
      g_ptr_array_add (argv, (char *)"--db");
      g_ptr_array_add (argv, fixture->db);
    }
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *)args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char *const *)argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  result->status = g_subprocess_get_exit_status (process);
  result->out = bytes_to_string (out);
  result->err = bytes_to_string (err);
  if (g_test_verbose ())
    g_printerr ("exit %d\nstdout: %s\nstderr: %s\n", result->status, result->out, result->err);
  return result;
}

#define RUN(fixture, ...) run_env (fixture, NULL, (const char *const[]){ __VA_ARGS__, NULL })
#define RUN_ENV(fixture, env, ...)                                                                 \
  run_env (fixture, (const char *const[]){ env, NULL }, (const char *const[]){ __VA_ARGS__, NULL })

static void
assert_exit (Result *result, int status)
{
  if (result->status != status)
    g_error ("expected exit %d, got %d; stdout: %s; stderr: %s", status, result->status,
             result->out, result->err);
  /* Failures say what went wrong on stderr and nothing on stdout. */
  if (status != 0 && status != 5)
    g_assert_true (g_str_has_prefix (result->err, "aura-cli: "));
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (json_parser_get_root (parser));
  return json_node_copy (json_parser_get_root (parser));
}

static guint
json_array_length (const char *text)
{
  g_autoptr (JsonNode) root = parse_json (text);

  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  return json_array_get_length (json_node_get_array (root));
}

static gint64
json_int (const char *text, const char *member)
{
  g_autoptr (JsonNode) root = parse_json (text);

  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_get_int_member (json_node_get_object (root), member);
}

static char *
json_string (const char *text, const char *member)
{
  g_autoptr (JsonNode) root = parse_json (text);

  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return g_strdup (json_object_get_string_member (json_node_get_object (root), member));
}

static void
test_help_every_command (Fixture *fixture, gconstpointer data)
{
  const char *const commands[][4] = {
    { "--help" },
    { "investigation", "--help" },
    { "investigation", "new", "--help" },
    { "investigation", "list", "--help" },
    { "investigation", "show", "--help" },
    { "investigation", "rename", "--help" },
    { "investigation", "describe", "--help" },
    { "investigation", "archive", "--help" },
    { "investigation", "delete", "--help" },
    { "investigation", "restore", "--help" },
    { "target", "--help" },
    { "target", "add", "--help" },
    { "target", "list", "--help" },
    { "target", "remove", "--help" },
    { "entity", "--help" },
    { "entity", "list", "--help" },
    { "entity", "show", "--help" },
    { "entity", "search", "--help" },
    { "export", "--help" },
    { "audit", "--help" },
    { "audit", "list", "--help" },
    { "audit", "verify", "--help" },
    { "db", "--help" },
    { "db", "check", "--help" },
    { "db", "path", "--help" },
    { "types", "--help" },
    { "version", "--help" },
    { "scan", "domain", "--help" },
    { "sources", "list", "--help" },
    { "sources", "validate", "--help" },
    { "keys", "set", "--help" },
    { "keys", "clear", "--help" },
    { "dns", "lookup", "--help" },
    { "dns", "axfr", "--help" },
    { "rdap", "--help" },
    { "phone", "--help" },
    { "tools", "--help" },
    { "tools", "list", "--help" },
    { "tools", "show", "--help" },
    { "tools", "run", "--help" },
    { "scan", "phone", "--help" },
    { "scan", "tiktok", "--help" },
    { "scan", "email", "--help" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr (Result) result = run_env (fixture, NULL, commands[i]);

      assert_exit (result, 0);
      g_assert_nonnull (strstr (result->out, "Usage"));
      g_assert_nonnull (strstr (result->out, "aura-cli"));
    }
  /* --help must not have created the database. */
  g_assert_false (g_file_test (fixture->db, G_FILE_TEST_EXISTS));
}

static void
test_usage_errors (Fixture *fixture, gconstpointer data)
{
  g_autoptr (Result) unknown = RUN (fixture, "frobnicate");
  g_autoptr (Result) unknown_sub = RUN (fixture, "investigation", "frobnicate");
  g_autoptr (Result) bad_option = RUN (fixture, "investigation", "list", "--frob");
  g_autoptr (Result) missing = RUN (fixture, "investigation", "new");
  g_autoptr (Result) extra = RUN (fixture, "investigation", "new", "a", "b");
  g_autoptr (Result) none = RUN (fixture, "--json");
  g_autoptr (Result) bad_global = RUN (fixture, "--frob", "version");
  g_autoptr (Result) bad_sort = RUN (fixture, "entity", "list", "1", "--sort", "colour");
  g_autoptr (Result) bad_limit = RUN (fixture, "entity", "list", "1", "--limit", "-3");
  g_autoptr (Result) bad_format = RUN (fixture, "export", "1", "--format", "xml");

  assert_exit (unknown, 2);
  g_assert_nonnull (strstr (unknown->err, "frobnicate"));
  assert_exit (unknown_sub, 2);
  assert_exit (bad_option, 2);
  assert_exit (missing, 2);
  assert_exit (extra, 2);
  assert_exit (none, 2);
  assert_exit (bad_global, 2);
  assert_exit (bad_sort, 2);
  assert_exit (bad_limit, 2);
  assert_exit (bad_format, 2);
  g_assert_cmpstr (bad_sort->out, ==, "");
  /* Even the command list goes to stderr when --json asked for JSON. */
  g_assert_cmpstr (none->out, ==, "");
}

static void
test_odd_and_huge_values (Fixture *fixture, gconstpointer data)
{
  g_autofree char *long_name = g_strnfill (5000, 'a');
  g_autofree char *huge_value = g_strnfill (100000, 'b');
  g_autoptr (Result) not_utf8 = RUN (fixture, "investigation", "new", "\xff\xfe bad");
  g_autoptr (Result) cut_command = RUN (fixture, "\xe3");
  g_autoptr (Result) too_long = RUN (fixture, "investigation", "new", long_name);
  g_autoptr (Result) created = RUN (fixture, "investigation", "new", "Odd");
  g_autoptr (Result) huge = RUN (fixture, "target", "add", "Odd", "person", huge_value);
  g_autoptr (Result) newline = RUN (fixture, "target", "add", "Odd", "username", "ab\ncd");
  g_autoptr (Result) emoji = RUN (fixture, "--json", "target", "add", "Odd", "person",
                                  "Zo\u00eb \U0001F469\u200D\U0001F4BB e\u0301");
  g_autofree char *value = NULL;

  assert_exit (not_utf8, 4);
  assert_exit (cut_command, 2);
  g_assert_true (g_utf8_validate (cut_command->err, -1, NULL));
  assert_exit (too_long, 4);
  assert_exit (created, 0);
  assert_exit (huge, 4);
  assert_exit (newline, 4);
  assert_exit (emoji, 0);
  value = json_string (emoji->out, "value");
  g_assert_nonnull (strstr (value, "\U0001F469\u200D\U0001F4BB"));
}

static gint64
new_investigation (Fixture *fixture, const char *name)
{
  g_autoptr (Result) result = RUN (fixture, "--json", "investigation", "new", name);

  assert_exit (result, 0);
  return json_int (result->out, "id");
}

static void
test_investigation_lifecycle (Fixture *fixture, gconstpointer data)
{
  gint64 id = new_investigation (fixture, "Operation Nightjar");
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_autoptr (Result) dup = RUN (fixture, "investigation", "new", "operation nightjar");
  g_autoptr (Result) empty = RUN (fixture, "investigation", "new", "   ");
  g_autoptr (Result) rename = NULL, show = NULL, list = NULL, archived = NULL, trash = NULL;
  g_autoptr (Result) step = NULL;
  g_autofree char *name = NULL;

  assert_exit (dup, 4);
  assert_exit (empty, 4);
  new_investigation (fixture, "Second");

  rename = RUN (fixture, "--json", "investigation", "rename", "Operation Nightjar", "Nightjar II");
  assert_exit (rename, 0);
  name = json_string (rename->out, "name");
  g_assert_cmpstr (name, ==, "Nightjar II");

  step = RUN (fixture, "investigation", "describe", id_text, "Watching the harbour");
  assert_exit (step, 0);
  show = RUN (fixture, "investigation", "show", "--json", "nightjar ii");
  assert_exit (show, 0);
  g_clear_pointer (&name, g_free);
  name = json_string (show->out, "description");
  g_assert_cmpstr (name, ==, "Watching the harbour");

  g_clear_pointer (&step, result_free);
  step = RUN (fixture, "investigation", "archive", id_text);
  assert_exit (step, 0);
  list = RUN (fixture, "--json", "investigation", "list");
  g_assert_cmpuint (json_array_length (list->out), ==, 1);
  archived = RUN (fixture, "--json", "investigation", "list", "--archived");
  g_assert_cmpuint (json_array_length (archived->out), ==, 2);
  g_clear_pointer (&step, result_free);
  step = RUN (fixture, "investigation", "archive", "--undo", id_text);
  assert_exit (step, 0);

  g_clear_pointer (&step, result_free);
  step = RUN (fixture, "investigation", "delete", id_text);
  assert_exit (step, 0);
  trash = RUN (fixture, "--json", "investigation", "list", "--deleted");
  g_assert_cmpuint (json_array_length (trash->out), ==, 1);
  g_clear_pointer (&list, result_free);
  list = RUN (fixture, "--json", "investigation", "list", "--archived");
  g_assert_cmpuint (json_array_length (list->out), ==, 1);

  g_clear_pointer (&step, result_free);
  step = RUN (fixture, "investigation", "restore", "Nightjar II");
  assert_exit (step, 0);
  g_clear_pointer (&list, result_free);
  list = RUN (fixture, "--json", "investigation", "list");
  g_assert_cmpuint (json_array_length (list->out), ==, 2);

  g_clear_pointer (&step, result_free);
  step = RUN (fixture, "investigation", "delete", "--purge", id_text);
  assert_exit (step, 0);
  g_clear_pointer (&step, result_free);
  step = RUN (fixture, "investigation", "show", id_text);
  assert_exit (step, 3);
  g_clear_pointer (&trash, result_free);
  trash = RUN (fixture, "--json", "investigation", "list", "--deleted");
  g_assert_cmpuint (json_array_length (trash->out), ==, 0);
}

static void
test_missing_investigation (Fixture *fixture, gconstpointer data)
{
  g_autoptr (Result) show = RUN (fixture, "investigation", "show", "no such case");
  g_autoptr (Result) targets = RUN (fixture, "target", "list", "42");
  g_autoptr (Result) entity = RUN (fixture, "entity", "show", "42");
  g_autoptr (Result) restore = RUN (fixture, "investigation", "restore", "42");

  assert_exit (show, 3);
  g_assert_nonnull (strstr (show->err, "no such case"));
  assert_exit (targets, 3);
  assert_exit (entity, 3);
  assert_exit (restore, 3);
}

static void
test_targets (Fixture *fixture, gconstpointer data)
{
  g_autoptr (Result) add = NULL, bad = NULL, bad_type = NULL, list = NULL, again = NULL;
  g_autoptr (Result) remove = NULL, remove_id = NULL, remove_again = NULL;
  g_autofree char *type = NULL;
  g_autofree char *entity_id = NULL;

  new_investigation (fixture, "Targets");
  add = RUN (fixture, "--json", "target", "add", "Targets", "email", "Alice@Example.COM");
  assert_exit (add, 0);
  type = json_string (add->out, "type");
  g_assert_cmpstr (type, ==, "email");
  entity_id = g_strdup_printf ("%" G_GINT64_FORMAT, json_int (add->out, "id"));

  bad = RUN (fixture, "target", "add", "Targets", "email", "not-an-address");
  assert_exit (bad, 4);
  g_assert_cmpstr (bad->out, ==, "");
  bad_type = RUN (fixture, "target", "add", "Targets", "spaceship", "x");
  assert_exit (bad_type, 4);
  again = RUN (fixture, "target", "add", "Targets", "email", "alice@example.com");
  assert_exit (again, 4);

  g_clear_pointer (&add, result_free);
  add = RUN (fixture, "target", "add", "Targets", "domain", "example.org");
  assert_exit (add, 0);
  list = RUN (fixture, "--json", "target", "list", "Targets");
  g_assert_cmpuint (json_array_length (list->out), ==, 2);

  remove = RUN (fixture, "target", "remove", "Targets", "domain", "EXAMPLE.org");
  assert_exit (remove, 0);
  remove_id = RUN (fixture, "target", "remove", "Targets", entity_id);
  assert_exit (remove_id, 0);
  remove_again = RUN (fixture, "target", "remove", "Targets", entity_id);
  assert_exit (remove_again, 3);
  g_clear_pointer (&list, result_free);
  list = RUN (fixture, "--json", "target", "list", "Targets");
  g_assert_cmpuint (json_array_length (list->out), ==, 0);
}

static void
add_targets (Fixture *fixture)
{
  const char *const targets[][2] = {
    { "email", "alice@example.com" },
    { "username", "alice_w" },
    { "domain", "example.org" },
    { "person", "=HYPERLINK(\"http://evil.example\",\"x\")" },
    { "person", "Zoë \u202Eevil\u202C Smith" },
    { "person", "山田太郎" },
  };

  new_investigation (fixture, "Entities");
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_autoptr (Result) result =
          RUN (fixture, "target", "add", "Entities", targets[i][0], targets[i][1]);

      assert_exit (result, 0);
    }
}

static void
test_entities (Fixture *fixture, gconstpointer data)
{
  g_autoptr (Result) list = NULL, typed = NULL, paged = NULL, show = NULL, missing = NULL;
  g_autoptr (Result) sorted = NULL;
  g_autoptr (JsonNode) first = NULL;
  g_autoptr (JsonNode) details = NULL;
  g_autofree char *id = NULL;

  add_targets (fixture);
  list = RUN (fixture, "--json", "entity", "list", "Entities");
  assert_exit (list, 0);
  g_assert_cmpuint (json_array_length (list->out), ==, 6);
  typed = RUN (fixture, "--json", "entity", "list", "Entities", "--type", "person", "--targets");
  g_assert_cmpuint (json_array_length (typed->out), ==, 3);
  paged = RUN (fixture, "--json", "entity", "list", "Entities", "--limit", "2", "--offset", "5");
  g_assert_cmpuint (json_array_length (paged->out), ==, 1);
  sorted = RUN (fixture, "entity", "list", "Entities", "--sort", "type", "--desc");
  assert_exit (sorted, 0);
  g_assert_true (g_str_has_prefix (sorted->out, "ID"));

  first = parse_json (list->out);
  id = g_strdup_printf ("%" G_GINT64_FORMAT,
                        json_object_get_int_member (
                            json_array_get_object_element (json_node_get_array (first), 0), "id"));
  show = RUN (fixture, "--json", "entity", "show", id);
  assert_exit (show, 0);
  details = parse_json (show->out);
  g_assert_true (json_object_has_member (json_node_get_object (details), "provenance"));
  g_assert_true (json_object_has_member (json_node_get_object (details), "relations"));
  g_assert_true (json_object_has_member (json_node_get_object (details), "neighbours"));
  g_clear_pointer (&show, result_free);
  show = RUN (fixture, "entity", "show", id);
  assert_exit (show, 0);
  missing = RUN (fixture, "entity", "show", "999999");
  assert_exit (missing, 3);
  g_clear_pointer (&missing, result_free);
  missing = RUN (fixture, "entity", "show", "abc");
  assert_exit (missing, 2);
}

/* The CLI has no command that links entities; the test writes a relation
 * through libaura itself, as a scan would, and reads it back. */
static void
add_relation (Fixture *fixture, gint64 *out_source, gint64 *out_target)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraStore) store = aura_store_open (fixture->db, AURA_STORE_OPEN_DEFAULT, &error);
  g_autoptr (AuraInvestigation) investigation = NULL;
  g_autoptr (AuraEntity) source = NULL;
  g_autoptr (AuraEntity) target = NULL;
  g_autoptr (AuraRelation) relation = NULL;
  const AuraProvenance provenance = { 0, "test", "https://example.com/profile" };

  g_assert_no_error (error);
  investigation = aura_store_find_investigation (store, "Entities", &error);
  g_assert_no_error (error);
  source = aura_store_find_entity (store, aura_investigation_get_id (investigation),
                                   AURA_ENTITY_EMAIL, "alice@example.com", &error);
  g_assert_no_error (error);
  target = aura_store_add_entity (store, aura_investigation_get_id (investigation), AURA_ENTITY_URL,
                                  "https://example.com/alice", "{\"note\": \"\u202Eevil\"}", 0.5,
                                  &provenance, NULL, &error);
  g_assert_no_error (error);
  relation = aura_store_add_relation (store, aura_investigation_get_id (investigation),
                                      aura_entity_get_id (source), aura_entity_get_id (target),
                                      "has-profile", NULL, 0.8, &provenance, &error);
  g_assert_no_error (error);
  *out_source = aura_entity_get_id (source);
  *out_target = aura_entity_get_id (target);
}

static void
test_entity_relations (Fixture *fixture, gconstpointer data)
{
  g_autoptr (Result) json = NULL, text = NULL, tty = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *source_id = NULL;
  JsonObject *object;
  gint64 source, target;

  add_targets (fixture);
  add_relation (fixture, &source, &target);
  source_id = g_strdup_printf ("%" G_GINT64_FORMAT, source);

  json = RUN (fixture, "--json", "entity", "show", source_id);
  assert_exit (json, 0);
  root = parse_json (json->out);
  object = json_node_get_object (root);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "relations")), ==,
                    1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "neighbours")), ==,
                    1);
  g_assert_cmpint (
      json_object_get_int_member (
          json_array_get_object_element (json_object_get_array_member (object, "neighbours"), 0),
          "id"),
      ==, target);

  text = RUN (fixture, "entity", "show", source_id);
  assert_exit (text, 0);
  g_assert_nonnull (strstr (text->out, "has-profile"));
  g_assert_nonnull (strstr (text->out, "https://example.com/alice"));

  g_clear_pointer (&source_id, g_free);
  source_id = g_strdup_printf ("%" G_GINT64_FORMAT, target);
  tty = RUN_ENV (fixture, "AURA_CLI_TTY=1", "entity", "show", source_id);
  assert_exit (tty, 0);
  g_assert_nonnull (strstr (tty->out, "https://example.com/profile"));
  g_assert_null (strstr (tty->out, "\u202E"));
}

static void
test_search (Fixture *fixture, gconstpointer data)
{
  const char *const hostile[] = { "\"*(", "alice OR", "NEAR(a b)", "-", "\u202E", "'; DROP" };
  g_autoptr (Result) found = NULL, text = NULL, other = NULL;
  g_autoptr (JsonNode) root = NULL;
  JsonObject *hit;

  add_targets (fixture);
  found = RUN (fixture, "--json", "entity", "search", "alice", "--investigation", "Entities");
  assert_exit (found, 0);
  root = parse_json (found->out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), >=, 1);
  hit = json_array_get_object_element (json_node_get_array (root), 0);
  g_assert_nonnull (strstr (json_object_get_string_member (hit, "snippet"), "["));

  /* Not a terminal: the match is shown between brackets, never in ANSI. */
  text = RUN (fixture, "entity", "search", "alice");
  assert_exit (text, 0);
  g_assert_nonnull (strstr (text->out, "[alice"));
  g_assert_null (strstr (text->out, "\033["));

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autoptr (Result) result = RUN (fixture, "--json", "entity", "search", hostile[i]);

      assert_exit (result, 0);
      json_array_length (result->out);
    }
  other = RUN (fixture, "entity", "search", "alice", "--type", "planet");
  assert_exit (other, 4);
}

static void
test_export (Fixture *fixture, gconstpointer data)
{
  g_autofree char *csv_path = g_build_filename (fixture->dir, "out.csv", NULL);
  g_autofree char *bad_path = g_build_filename (fixture->dir, "no-such-dir", "out.csv", NULL);
  g_autoptr (Result) json = NULL, csv = NULL, bad = NULL, missing = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  guint n_rows = 0;

  add_targets (fixture);
  json = RUN (fixture, "export", "Entities", "--format", "json");
  assert_exit (json, 0);
  root = parse_json (json->out);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  g_assert_cmpuint (json_array_get_length (
                        json_object_get_array_member (json_node_get_object (root), "entities")),
                    ==, 6);

  csv = RUN (fixture, "export", "Entities", "--format", "csv", "--output", csv_path);
  assert_exit (csv, 0);
  g_assert_true (g_file_get_contents (csv_path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    if (*g_strstrip (lines[i]) != '\0')
      n_rows++;
  g_assert_cmpuint (n_rows, ==, 6);
  /* The formula a spreadsheet would run is defused by a leading quote. */
  g_assert_null (strstr (contents, ",=HYPERLINK"));
  g_assert_null (strstr (contents, ",\"=HYPERLINK"));

  bad = RUN (fixture, "export", "Entities", "--format", "csv", "--output", bad_path);
  assert_exit (bad, 1);
  g_assert_false (g_file_test (bad_path, G_FILE_TEST_EXISTS));

  /* A failed export leaves an existing file as it was. */
  missing = RUN (fixture, "export", "Nobody", "--format", "csv", "--output", csv_path);
  assert_exit (missing, 3);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (csv_path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "alice@example.com"));
}

static void
tamper_audit (const char *path)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_exec (
      db, "UPDATE audit_logs SET actor = 'mallory' WHERE id = (SELECT MIN(id) FROM audit_logs)",
      NULL, NULL, &message);
  g_assert_null (message);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_close (db);
}

static void
test_audit (Fixture *fixture, gconstpointer data)
{
  g_autoptr (Result) list = NULL, limited = NULL, verify = NULL, broken = NULL, text = NULL;

  add_targets (fixture);
  list = RUN (fixture, "--json", "--actor", "tester", "audit", "list", "--limit", "0");
  assert_exit (list, 0);
  g_assert_cmpuint (json_array_length (list->out), >=, 7);
  limited = RUN (fixture, "--json", "audit", "list", "--limit", "2", "--investigation", "Entities");
  g_assert_cmpuint (json_array_length (limited->out), ==, 2);
  verify = RUN (fixture, "--json", "audit", "verify");
  assert_exit (verify, 0);
  g_assert_cmpint (json_int (verify->out, "checked"), >=, 7);

  tamper_audit (fixture->db);
  broken = RUN (fixture, "--json", "audit", "verify");
  assert_exit (broken, 5);
  g_assert_cmpint (json_int (broken->out, "first_bad_id"), >, 0);
  g_assert_true (g_str_has_prefix (broken->err, "aura-cli: "));
  text = RUN (fixture, "audit", "verify");
  assert_exit (text, 5);
}

static void
test_garbage_database (Fixture *fixture, gconstpointer data)
{
  g_autoptr (Result) list = NULL, check = NULL, path = NULL;
  char garbage[4096];

  for (guint i = 0; i < sizeof garbage; i++)
    garbage[i] = (char)(i * 7 + 3);
  g_assert_true (g_file_set_contents (fixture->db, garbage, sizeof garbage, NULL));

  list = RUN (fixture, "investigation", "list");
  assert_exit (list, 7);
  g_assert_cmpstr (list->out, ==, "");
  g_assert_nonnull (strchr (list->err, '\n'));
  check = RUN (fixture, "db", "check");
  assert_exit (check, 7);
  path = RUN (fixture, "db", "path");
  assert_exit (path, 0);
  g_assert_nonnull (strstr (path->out, fixture->db));
}

/* Another process holds the write lock for longer than the store's busy
 * timeout (5 s): the change fails with exit 6 and nothing is written. */
static void
test_busy_database (Fixture *fixture, gconstpointer data)
{
  g_autoptr (Result) busy = NULL, list = NULL;
  sqlite3 *db = NULL;

  new_investigation (fixture, "Before");
  g_assert_cmpint (sqlite3_open (fixture->db, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  busy = RUN (fixture, "investigation", "new", "During");
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (db);

  assert_exit (busy, 6);
  list = RUN (fixture, "--json", "investigation", "list");
  assert_exit (list, 0);
  g_assert_cmpuint (json_array_length (list->out), ==, 1);
}

static void
test_db_types_version (Fixture *fixture, gconstpointer data)
{
  g_autoptr (Result) check = NULL, types = NULL, version = NULL, env_path = NULL;

  new_investigation (fixture, "Check");
  check = RUN (fixture, "--json", "db", "check");
  assert_exit (check, 0);
  types = RUN (fixture, "--json", "types");
  assert_exit (types, 0);
  g_assert_cmpuint (json_array_length (types->out), >=, 17);
  version = RUN (fixture, "--json", "version");
  assert_exit (version, 0);
  g_assert_cmpint (json_int (version->out, "schema_version"), >=, 1);
  env_path = RUN_ENV (NULL, "AURA_DB=/nonexistent/elsewhere.db", "db", "path");
  assert_exit (env_path, 0);
  g_assert_cmpstr (env_path->out, ==, "/nonexistent/elsewhere.db\n");
}

static void
test_terminal_output (Fixture *fixture, gconstpointer data)
{
  const char *long_name = "A very long investigation name that cannot fit in seventy columns at "
                          "all, however the table is laid out";
  g_autoptr (Result) tty = NULL, pipe = NULL, search = NULL;
  g_auto (GStrv) lines = NULL;

  new_investigation (fixture, "Bidi \u202Egnp.exe\u202C case");
  new_investigation (fixture, long_name);
  new_investigation (fixture, "調査ファイル");

  tty = RUN_ENV (fixture, "AURA_CLI_TTY=1", "investigation", "list");
  /* RUN_ENV takes one variable; COLUMNS comes through the forced width. */
  assert_exit (tty, 0);
  g_assert_nonnull (strstr (tty->out, "\\u202E"));
  g_assert_null (strstr (tty->out, "\u202E"));

  pipe = RUN (fixture, "investigation", "list");
  g_assert_nonnull (strstr (pipe->out, "\u202E"));
  g_assert_nonnull (strstr (pipe->out, long_name));

  {
    g_autoptr (Result) narrow = run_env (
        fixture, (const char *const[]){ "AURA_CLI_TTY=1", "COLUMNS=70", "NO_COLOR=1", NULL },
        (const char *const[]){ "investigation", "list", NULL });

    assert_exit (narrow, 0);
    g_assert_nonnull (strstr (narrow->out, "…"));
    lines = g_strsplit (narrow->out, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++)
      {
        /* Wide characters count two cells; nothing passes 70. */
        glong cells = 0;

        for (const char *p = lines[i]; *p; p = g_utf8_next_char (p))
          cells += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
        g_assert_cmpint (cells, <=, 70);
      }
  }

  add_targets (fixture);
  search = run_env (fixture, (const char *const[]){ "AURA_CLI_TTY=1", "NO_COLOR", NULL },
                    (const char *const[]){ "entity", "search", "alice", NULL });
  assert_exit (search, 0);
  g_assert_nonnull (strstr (search->out, "\033[1m"));
}

static void
test_french_does_not_crash (Fixture *fixture, gconstpointer data)
{
  const char *const env[] = { "LANGUAGE=fr", "LC_ALL=C.UTF-8", NULL };
  const char *const commands[][6] = {
    { "--help" },
    { "investigation", "new", "Enquête" },
    { "investigation", "list" },
    { "target", "add", "Enquête", "email", "pas-une-adresse" },
    { "investigation", "show", "absente" },
    { "audit", "verify" },
    { "frobnicate" },
  };
  const int expected[] = { 0, 0, 0, 4, 3, 0, 2 };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr (Result) result = run_env (fixture, env, commands[i]);

      assert_exit (result, expected[i]);
    }
}

/* aura-cli phone: offline, with libphonenumber; recorded in E.164. */
static void
test_phone (Fixture *fixture, gconstpointer data)
{
  const char *make[] = { "investigation", "new", "Calls", NULL };
  const char *international[] = { "--json", "phone", "+44 20 7946 0018", NULL };
  const char *national[] = { "phone", "06 12 34 56 78", "--region", "FR", "-i", "Calls", NULL };
  const char *no_country[] = { "phone", "06 12 34 56 78", NULL };
  const char *garbage[] = { "phone", "call me maybe", NULL };
  const char *hostile[] = { "phone", "+33 6 12\u202e34 56 78", NULL };
  const char *list[] = { "entity", "list", "Calls", "--type", "phone", NULL };
  g_autoptr (Result) made = run_env (fixture, NULL, make);
  g_autoptr (Result) gb = run_env (fixture, NULL, international);
  g_autoptr (Result) fr = run_env (fixture, NULL, national);
  g_autoptr (Result) nc = run_env (fixture, NULL, no_country);
  g_autoptr (Result) bad = run_env (fixture, NULL, garbage);
  g_autoptr (Result) odd = run_env (fixture, NULL, hostile);
  g_autoptr (Result) listed = NULL;
  g_autofree char *e164 = NULL;
  g_autofree char *region = NULL;

  assert_exit (made, 0);
  assert_exit (gb, 0);
  e164 = json_string (gb->out, "e164");
  region = json_string (gb->out, "region");
  g_assert_cmpstr (e164, ==, "+442079460018");
  g_assert_cmpstr (region, ==, "GB");
  assert_exit (fr, 0);
  g_assert_nonnull (strstr (fr->out, "mobile"));
  g_assert_nonnull (strstr (fr->out, "+33612345678"));
  /* No "+" and no region: said, exit 4. */
  assert_exit (nc, 4);
  g_assert_nonnull (strstr (nc->err, "06 12 34 56 78"));
  assert_exit (bad, 4);
  assert_exit (odd, 4);
  listed = run_env (fixture, NULL, list);
  assert_exit (listed, 0);
  g_assert_nonnull (strstr (listed->out, "+33612345678"));
}

/* aura-cli tools: the registry lists at least 150 tools of the kinds it
 * knows, in JSON too; show and run (a link-out's address, a native tool
 * through its command); clear errors for unknown tools and values. */
static void
test_tools (Fixture *fixture, gconstpointer data)
{
  g_autofree char *sites =
      g_build_filename (g_getenv ("AURA_SOURCE_ROOT"), "data", "sites", "aura-sites.json", NULL);
  g_autofree char *sites_env = g_strdup_printf ("AURA_SITES_BUNDLED=%s", sites);
  const char *env[] = { sites_env, "AURA_SITES_DIR=/nonexistent-aura", "AURA_KEY_NUMVERIFY", NULL };
  const char *list_json[] = { "--json", "tools", "list", "--no-keyring", NULL };
  const char *list_phone[] = { "tools", "list", "--input", "phone", "--no-keyring", NULL };
  const char *show[] = { "tools", "show", "phone.numverify", "--no-keyring", NULL };
  const char *link[] = { "tools", "run", "link.whatsapp", "+33 6 12 34 56 78", NULL };
  const char *link_json[] = { "--json", "tools", "run", "link.x-profile", "@alice", NULL };
  const char *native[] = { "tools", "run", "phone.offline", "+44 20 7946 0018", NULL };
  const char *unknown[] = { "tools", "run", "no.such-tool", "x", NULL };
  const char *bad_value[] = { "tools", "run", "link.whatsapp", "not a number", NULL };
  const char *bad_kind[] = { "tools", "list", "--kind", "plugin", NULL };
  const char *wrong_type[] = { "tools", "run", "link.google", "x", "--type", "planet", NULL };
  g_autoptr (Result) listed = run_env (fixture, env, list_json);
  g_autoptr (Result) phone = run_env (fixture, env, list_phone);
  g_autoptr (Result) shown = run_env (fixture, env, show);
  g_autoptr (Result) linked = run_env (fixture, env, link);
  g_autoptr (Result) linked_json = run_env (fixture, env, link_json);
  g_autoptr (Result) ran = run_env (fixture, env, native);
  g_autoptr (Result) missing = run_env (fixture, env, unknown);
  g_autoptr (Result) bad = run_env (fixture, env, bad_value);
  g_autoptr (Result) kind = run_env (fixture, env, bad_kind);
  g_autoptr (Result) type = run_env (fixture, env, wrong_type);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonArray *tools;
  guint kinds[4] = { 0 };
  static const char *const kind_names[] = { "native", "manifest", "adapter", "link-out" };

  assert_exit (listed, 0);
  g_assert_true (json_parser_load_from_data (parser, listed->out, -1, &error));
  g_assert_no_error (error);
  tools = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (tools), >=, 150);
  for (guint i = 0; i < json_array_get_length (tools); i++)
    {
      JsonObject *tool = json_array_get_object_element (tools, i);
      const char *kind_name = json_object_get_string_member (tool, "kind");

      g_assert_true (json_object_has_member (tool, "needs_key"));
      g_assert_true (json_object_has_member (tool, "available"));
      g_assert_true (json_object_has_member (tool, "inputs"));
      g_assert_true (json_object_has_member (tool, "outputs"));
      for (guint k = 0; k < G_N_ELEMENTS (kind_names); k++)
        kinds[k] += g_strcmp0 (kind_name, kind_names[k]) == 0;
    }
  g_assert_cmpuint (kinds[0], >, 0);
  g_assert_cmpuint (kinds[1], >, 0);
  g_assert_cmpuint (kinds[3], >, 0);

  assert_exit (phone, 0);
  g_assert_nonnull (strstr (phone->out, "phone.offline"));
  g_assert_nonnull (strstr (phone->out, "link.whatsapp"));
  g_assert_null (strstr (phone->out, "dns.records"));

  assert_exit (shown, 0);
  g_assert_nonnull (strstr (shown->out, "numverify"));
  g_assert_nonnull (strstr (shown->out, "needs a key"));

  assert_exit (linked, 0);
  g_assert_cmpstr (linked->out, ==, "https://wa.me/33612345678\n");
  assert_exit (linked_json, 0);
  g_assert_nonnull (strstr (linked_json->out, "https://x.com/alice"));

  assert_exit (ran, 0);
  g_assert_nonnull (strstr (ran->out, "+442079460018"));

  assert_exit (missing, 3);
  g_assert_nonnull (strstr (missing->err, "no.such-tool"));
  assert_exit (bad, 4);
  assert_exit (kind, 2);
  g_assert_nonnull (strstr (kind->err, "plugin"));
  assert_exit (type, 4);
}

/* aura-cli scan phone: the analysis, numverify on a loopback server with
 * the key from the environment, the links, and what -i records. */
static void
test_scan_phone (Fixture *fixture, gconstpointer data)
{
  static const char *const json_headers[] = { "Content-Type: application/json", NULL };
  g_autoptr (AuraTestServer) server = aura_test_server_new ();
  g_autofree char *base = aura_test_server_url (server, "numverify.test", "/api/validate");
  g_autofree char *base_env = g_strdup_printf ("AURA_NUMVERIFY_URL=%s", base);
  const char *env[] = { base_env, "AURA_KEY_NUMVERIFY=k123", NULL };
  const char *no_key_env[] = { base_env, "AURA_KEY_NUMVERIFY", NULL };
  const char *make[] = { "investigation", "new", "Lines", NULL };
  const char *scan[] = { "--json", "scan",  "phone",     "+33 6 12 34 56 78",        "--online",
                         "-i",     "Lines", "--resolve", "numverify.test:127.0.0.1", NULL };
  const char *no_key[] = { "scan", "phone", "+33612345678", "--online", NULL };
  const char *offline[] = { "scan", "phone", "0612345678", "-r", "FR", NULL };
  const char *bad[] = { "scan", "phone", "hello", NULL };
  const char *relations[] = { "entity", "search", "Orange", "--investigation", "Lines", NULL };
  g_autoptr (Result) made = NULL;
  g_autoptr (Result) scanned = NULL;
  g_autoptr (Result) without = NULL;
  g_autoptr (Result) plain = NULL;
  g_autoptr (Result) refused = NULL;
  g_autoptr (Result) found = NULL;

  aura_test_server_add_response (
      server, "numverify.test", "/api/validate", 200, json_headers,
      "{\"valid\":true,\"number\":\"33612345678\",\"local_format\":\"0612345678\","
      "\"international_format\":\"+33612345678\",\"country_code\":\"FR\","
      "\"country_name\":\"France\",\"location\":\"\",\"carrier\":\"Orange France SA\","
      "\"line_type\":\"mobile\"}",
      0);
  made = run_env (fixture, env, make);
  assert_exit (made, 0);
  scanned = run_env (fixture, env, scan);
  assert_exit (scanned, 0);
  g_assert_nonnull (strstr (scanned->out, "\"carrier\" : \"Orange France SA\""));
  g_assert_nonnull (strstr (scanned->out, "https://wa.me/33612345678"));
  g_assert_null (strstr (scanned->out, "k123"));
  found = run_env (fixture, env, relations);
  assert_exit (found, 0);
  g_assert_nonnull (strstr (found->out, "Orange France SA"));

  without = run_env (fixture, no_key_env, no_key);
  assert_exit (without, 0);
  g_assert_nonnull (strstr (without->out, "No numverify key"));
  plain = run_env (fixture, env, offline);
  assert_exit (plain, 0);
  g_assert_nonnull (strstr (plain->out, "+33612345678"));
  g_assert_nonnull (strstr (plain->out, "https://t.me/+33612345678"));
  refused = run_env (fixture, env, bad);
  assert_exit (refused, 4);
}

/* aura-cli scan tiktok: a saved profile page played on loopback, the
 * videos from a file of yt-dlp lines, what -i records; a missing account
 * and a bad handle. */
static void
test_scan_tiktok (Fixture *fixture, gconstpointer data)
{
  static const char *const html_headers[] = { "Content-Type: text/html; charset=utf-8", NULL };
  g_autoptr (AuraTestServer) server = aura_test_server_new ();
  g_autofree char *base = aura_test_server_url (server, "tiktok.test", "");
  g_autofree char *page_path = g_build_filename (g_getenv ("AURA_SOURCE_ROOT"), "tests", "tiktok",
                                                 "pages", "public.html", NULL);
  g_autofree char *missing_path = g_build_filename (g_getenv ("AURA_SOURCE_ROOT"), "tests",
                                                    "tiktok", "pages", "not-found.html", NULL);
  g_autofree char *page = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *videos = g_build_filename (fixture->dir, "videos.jsonl", NULL);
  const char *make[] = { "investigation", "new", "Clips", NULL };
  const char *scan[] = { "--json",     "scan",  "tiktok",    "@ada.example",
                         "-i",         "Clips", "--videos",  videos,
                         "--base-url", base,    "--resolve", "tiktok.test:127.0.0.1",
                         NULL };
  const char *human[] = { "scan", "tiktok",    "ada.example",           "--base-url",
                          base,   "--resolve", "tiktok.test:127.0.0.1", NULL };
  const char *gone[] = { "--json",     "scan", "tiktok",    "nobody.here",
                         "--base-url", base,   "--resolve", "tiktok.test:127.0.0.1",
                         NULL };
  const char *bad[] = { "scan", "tiktok", "no spaces allowed", NULL };
  const char *hashtags[] = { "entity", "list", "Clips", "--type", "hashtag", NULL };
  g_autoptr (Result) made = NULL;
  g_autoptr (Result) scanned = NULL;
  g_autoptr (Result) printed = NULL;
  g_autoptr (Result) not_found = NULL;
  g_autoptr (Result) refused = NULL;
  g_autoptr (Result) listed = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_get_contents (page_path, &page, NULL, &error));
  g_assert_true (g_file_get_contents (missing_path, &missing, NULL, &error));
  aura_test_server_add_response (server, "tiktok.test", "/@ada.example", 200, html_headers, page,
                                 0);
  aura_test_server_add_response (server, "tiktok.test", "/@nobody.here", 200, html_headers, missing,
                                 0);
  g_assert_true (g_file_set_contents (
      videos,
      "{\"id\":\"1\",\"timestamp\":1700000000,\"view_count\":1000,\"like_count\":100,"
      "\"comment_count\":5,\"repost_count\":2,\"description\":\"#osint #maps\"}\n"
      "not json\n"
      "{\"id\":\"2\",\"timestamp\":1700090000,\"view_count\":500,\"like_count\":10,"
      "\"comment_count\":1,\"repost_count\":0,\"description\":\"#osint\"}\n",
      -1, &error));
  made = run_env (fixture, NULL, make);
  assert_exit (made, 0);
  scanned = run_env (fixture, NULL, scan);
  assert_exit (scanned, 0);
  g_assert_nonnull (strstr (scanned->out, "\"verdict\" : \"found\""));
  g_assert_nonnull (strstr (scanned->out, "6812345678901234567"));
  g_assert_nonnull (strstr (scanned->out, "\"videos_per_week\""));
  listed = run_env (fixture, NULL, hashtags);
  assert_exit (listed, 0);
  g_assert_nonnull (strstr (listed->out, "sourdough"));

  printed = run_env (fixture, NULL, human);
  assert_exit (printed, 0);
  g_assert_nonnull (strstr (printed->out, "Ada Example"));
  not_found = run_env (fixture, NULL, gone);
  assert_exit (not_found, 0);
  g_assert_nonnull (strstr (not_found->out, "\"verdict\" : \"not_found\""));
  refused = run_env (fixture, NULL, bad);
  assert_exit (refused, 4);
}

/* A folder holding the fake program (built by tests/adapter) under the
 * name yt-dlp, and "AURA_ADAPTER_PATH=…" for it. */
static char *
fake_ytdlp (Fixture *fixture, char **path_env)
{
  g_autofree char *fake =
      g_build_filename (g_getenv ("AURA_BUILD_ROOT"), "tests", "adapter", "fake-tool", NULL);
  char *bin = g_build_filename (fixture->dir, "bin", NULL);
  g_autofree char *link = g_build_filename (bin, "yt-dlp", NULL);

  g_assert_true (g_file_test (fake, G_FILE_TEST_IS_EXECUTABLE));
  g_assert_cmpint (g_mkdir (bin, 0700), ==, 0);
  g_assert_cmpint (symlink (fake, link), ==, 0);
  *path_env = g_strdup_printf ("AURA_ADAPTER_PATH=%s", bin);
  return bin;
}

/* aura-cli scan tiktok --yt-dlp: the fake program plays yt-dlp; its
 * videos are analysed and recorded as a file's would be; --max-videos
 * stops it; garbage is counted; a failure, a missing program and bad
 * options are said plainly. */
static void
test_scan_tiktok_ytdlp (Fixture *fixture, gconstpointer data)
{
  static const char *const html_headers[] = { "Content-Type: text/html; charset=utf-8", NULL };
  g_autoptr (AuraTestServer) server = aura_test_server_new ();
  g_autofree char *base = aura_test_server_url (server, "tiktok.test", "");
  g_autofree char *page_path = g_build_filename (g_getenv ("AURA_SOURCE_ROOT"), "tests", "tiktok",
                                                 "pages", "public.html", NULL);
  g_autofree char *page = NULL;
  g_autofree char *path_env = NULL;
  g_autofree char *bin = fake_ytdlp (fixture, &path_env);
  g_autofree char *empty_env = NULL;
  g_autofree char *empty = g_build_filename (fixture->dir, "empty", NULL);
  const char *ok_env[] = { path_env, "FAKE_TOOL_MODE=ok", NULL };
  const char *garbage_env[] = { path_env, "FAKE_TOOL_MODE=garbage", NULL };
  const char *fail_env[] = { path_env, "FAKE_TOOL_MODE=fail", NULL };
  const char *make[] = { "investigation", "new", "Clips", NULL };
  const char *scan[] = {
    "--json",     "scan", "tiktok",    "@ada.example",          "-i", "Clips", "--yt-dlp",
    "--base-url", base,   "--resolve", "tiktok.test:127.0.0.1", NULL
  };
  const char *human[] = { "scan", "tiktok",     "ada.example", "--yt-dlp",  "--max-videos",
                          "2",    "--base-url", base,          "--resolve", "tiktok.test:127.0.0.1",
                          NULL };
  const char *plain[] = { "--json",     "scan", "tiktok",    "ada.example",           "--yt-dlp",
                          "--base-url", base,   "--resolve", "tiktok.test:127.0.0.1", NULL };
  const char *both[] = { "scan", "tiktok", "ada.example", "--yt-dlp", "--videos", "x", NULL };
  const char *too_many[] = { "scan",         "tiktok", "ada.example", "--yt-dlp",
                             "--max-videos", "501",    NULL };
  const char *alone[] = { "scan", "tiktok", "ada.example", "--max-videos", "5", NULL };
  const char *hashtags[] = { "entity", "list", "Clips", "--type", "hashtag", NULL };
  const char *urls[] = { "entity", "list", "Clips", "--type", "url", NULL };
  g_autoptr (Result) made = NULL;
  g_autoptr (Result) scanned = NULL;
  g_autoptr (Result) printed = NULL;
  g_autoptr (Result) counted = NULL;
  g_autoptr (Result) failed = NULL;
  g_autoptr (Result) missing = NULL;
  g_autoptr (Result) listed = NULL;
  g_autoptr (Result) videos = NULL;
  g_autoptr (Result) usage = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  JsonObject *ytdlp;

  g_assert_true (g_file_get_contents (page_path, &page, NULL, &error));
  aura_test_server_add_response (server, "tiktok.test", "/@ada.example", 200, html_headers, page,
                                 0);
  made = run_env (fixture, ok_env, make);
  assert_exit (made, 0);

  /* Recorded as the videos of a file are: posted videos and their tags. */
  scanned = run_env (fixture, ok_env, scan);
  assert_exit (scanned, 0);
  root = parse_json (scanned->out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "verdict"), ==,
                   "found");
  ytdlp = json_object_get_object_member (json_node_get_object (root), "yt_dlp");
  g_assert_cmpint (json_object_get_int_member (ytdlp, "videos"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (ytdlp, "exit_status"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (ytdlp, "stopped"), ==, "none");
  g_assert_true (json_object_get_null_member (ytdlp, "problem"));
  g_assert_cmpint (
      json_object_get_int_member (
          json_object_get_object_member (
              json_object_get_object_member (json_node_get_object (root), "analytics"), "totals"),
          "videos"),
      ==, 3);
  listed = run_env (fixture, ok_env, hashtags);
  assert_exit (listed, 0);
  g_assert_nonnull (strstr (listed->out, "#running"));
  g_assert_nonnull (strstr (listed->out, "#fitness"));
  videos = run_env (fixture, ok_env, urls);
  assert_exit (videos, 0);
  g_assert_nonnull (strstr (videos->out, "/video/7303234567890123456"));

  /* At most two videos: the third is not read. */
  printed = run_env (fixture, ok_env, human);
  assert_exit (printed, 0);
  g_assert_nonnull (strstr (printed->out, "2 videos from "));
  g_assert_nonnull (strstr (printed->out, "Videos analysed  2"));

  counted = run_env (fixture, garbage_env, plain);
  assert_exit (counted, 0);
  g_assert_nonnull (strstr (counted->out, "\"skipped\" : 2"));
  g_assert_nonnull (strstr (counted->out, "line 2: not a JSON object"));

  failed = run_env (fixture, fail_env, plain);
  assert_exit (failed, 1);
  g_assert_nonnull (strstr (failed->err, "exit status 2: Error: rate limited"));
  g_assert_cmpstr (failed->out, ==, "");

  g_assert_cmpint (g_mkdir (empty, 0700), ==, 0);
  empty_env = g_strdup_printf ("PATH=%s", empty);
  {
    const char *gone_env[] = { "AURA_ADAPTER_PATH", empty_env, NULL };

    missing = run_env (fixture, gone_env, plain);
  }
  assert_exit (missing, 1);
  g_assert_nonnull (strstr (missing->err, "yt-dlp is not installed"));
  g_assert_nonnull (strstr (missing->err, "apt install yt-dlp"));

  usage = run_env (fixture, ok_env, both);
  assert_exit (usage, 2);
  g_clear_pointer (&usage, result_free);
  usage = run_env (fixture, ok_env, too_many);
  assert_exit (usage, 2);
  g_clear_pointer (&usage, result_free);
  usage = run_env (fixture, ok_env, alone);
  assert_exit (usage, 2);
}

static gboolean
wait_for_file (const char *path, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *text = NULL;

      if (g_file_get_contents (path, &text, NULL, NULL) && strchr (text, '\n') != NULL)
        return TRUE;
      g_usleep (20000);
    }
  return FALSE;
}

/* Ctrl-C while yt-dlp hangs: it is stopped, what it listed is printed,
 * nothing is recorded, the exit status is 130. A time limit stops it too,
 * and the scan goes on with what it listed. */
static void
test_scan_tiktok_ytdlp_interrupt (Fixture *fixture, gconstpointer data)
{
  g_autofree char *path_env = NULL;
  g_autofree char *bin = fake_ytdlp (fixture, &path_env);
  g_autofree char *pidfile = g_build_filename (fixture->dir, "pids", NULL);
  g_autofree char *pid_env = g_strdup_printf ("FAKE_TOOL_PIDFILE=%s", pidfile);
  g_autoptr (GSubprocessLauncher) launcher =
      g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GBytes) out = NULL;
  g_autoptr (GBytes) err = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *out_text = NULL;
  g_autofree char *err_text = NULL;
  const char *hang_env[] = { path_env, pid_env, "FAKE_TOOL_MODE=hang", NULL };
  const char *timed[] = { "--json",
                          "scan",
                          "tiktok",
                          "ada.example",
                          "--yt-dlp",
                          "--yt-dlp-timeout",
                          "1",
                          "--yt-dlp-grace-ms",
                          "200",
                          "--base-url",
                          "http://127.0.0.1:9",
                          NULL };
  g_autoptr (Result) stopped = NULL;
  gint64 start;

  g_subprocess_launcher_unsetenv (launcher, "AURA_CLI_TTY");
  g_subprocess_launcher_setenv (launcher, "AURA_ADAPTER_PATH", bin, TRUE);
  g_subprocess_launcher_setenv (launcher, "FAKE_TOOL_PIDFILE", pidfile, TRUE);
  g_subprocess_launcher_setenv (launcher, "FAKE_TOOL_MODE", "hang", TRUE);
  process = g_subprocess_launcher_spawn (
      launcher, &error, g_getenv ("AURA_CLI"), "--db", fixture->db, "scan", "tiktok", "ada.example",
      "--yt-dlp", "--yt-dlp-grace-ms", "200", "--base-url", "http://127.0.0.1:9", NULL);
  g_assert_no_error (error);
  /* The fake yt-dlp writes its pids once it runs: aura-cli listens for
   * Ctrl-C by then. */
  g_assert_true (wait_for_file (pidfile, 10000));
  start = g_get_monotonic_time ();
  g_subprocess_send_signal (process, SIGINT);
  g_subprocess_communicate (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  out_text = g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
  err_text = g_strndup (g_bytes_get_data (err, NULL), g_bytes_get_size (err));
  g_assert_true (g_subprocess_get_if_exited (process));
  if (g_subprocess_get_exit_status (process) != 130)
    g_error ("expected 130, got %d: %s %s", g_subprocess_get_exit_status (process), out_text,
             err_text);
  /* SIGTERM, then SIGKILL for the child that ignores it. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_nonnull (
      strstr (out_text, "1 video from http://127.0.0.1:9/@ada.example; lines skipped: 0"));
  g_assert_nonnull (strstr (out_text, "Videos analysed  1"));
  g_assert_nonnull (strstr (err_text, "Cancelled while yt-dlp listed the videos"));

  g_unlink (pidfile);
  stopped = run_env (fixture, hang_env, timed);
  assert_exit (stopped, 0);
  g_assert_nonnull (strstr (stopped->err, "yt-dlp took longer than 1 s and was stopped"));
  g_assert_nonnull (strstr (stopped->out, "\"stopped\" : \"timeout\""));
  g_assert_nonnull (strstr (stopped->out, "\"videos\" : 1"));
  g_unlink (pidfile);
}

/* aura-cli tools run adapter.…: the fake program playing sherlock (built
 * by tests/adapter) found through AURA_ADAPTER_PATH; findings printed and
 * recorded; a failing run exits 1 with the tool's messages; the registry
 * tells installed from missing programs. */
static void
test_tools_adapter (Fixture *fixture, gconstpointer data)
{
  g_autofree char *fake =
      g_build_filename (g_getenv ("AURA_BUILD_ROOT"), "tests", "adapter", "fake-tool", NULL);
  g_autofree char *bin = g_build_filename (fixture->dir, "bin", NULL);
  g_autofree char *link = g_build_filename (bin, "sherlock", NULL);
  g_autofree char *path_env = g_strdup_printf ("AURA_ADAPTER_PATH=%s", bin);
  g_autofree char *sites =
      g_build_filename (g_getenv ("AURA_SOURCE_ROOT"), "data", "sites", "aura-sites.json", NULL);
  g_autofree char *sites_env = g_strdup_printf ("AURA_SITES_BUNDLED=%s", sites);
  const char *env[] = { path_env, sites_env, NULL };
  const char *fail_env[] = { path_env, sites_env, "FAKE_TOOL_MODE=fail", NULL };
  const char *make[] = { "investigation", "new", "Handles", NULL };
  const char *run[] = {
    "tools", "run", "adapter.sherlock", "alice_example", "-i", "Handles", NULL
  };
  const char *list[] = { "tools", "list", "--kind", "adapter", "--no-keyring", NULL };
  const char *urls[] = { "entity", "list", "Handles", "--type", "url", NULL };
  g_autoptr (Result) made = NULL;
  g_autoptr (Result) ran = NULL;
  g_autoptr (Result) failed = NULL;
  g_autoptr (Result) listed = NULL;
  g_autoptr (Result) recorded = NULL;

  g_assert_true (g_file_test (fake, G_FILE_TEST_IS_EXECUTABLE));
  g_assert_cmpint (g_mkdir (bin, 0700), ==, 0);
  g_assert_cmpint (symlink (fake, link), ==, 0);
  made = run_env (fixture, env, make);
  assert_exit (made, 0);
  ran = run_env (fixture, env, run);
  assert_exit (ran, 0);
  g_assert_nonnull (strstr (ran->out, "https://www.github.com/alice_example"));
  recorded = run_env (fixture, env, urls);
  assert_exit (recorded, 0);
  g_assert_nonnull (strstr (recorded->out, "github.com/alice_example"));
  failed = run_env (fixture, fail_env, run);
  assert_exit (failed, 1);
  listed = run_env (fixture, env, list);
  assert_exit (listed, 0);
  g_assert_nonnull (strstr (listed->out, "adapter.sherlock"));
  g_assert_nonnull (strstr (listed->out, "not installed"));
}

/* aura-cli scan email: one account check played on loopback, the pivots
 * recorded with -i, breaches skipped for want of a key, bad addresses
 * refused. */
static void
test_scan_email (Fixture *fixture, gconstpointer data)
{
  static const char *const json_headers[] = { "Content-Type: application/json", NULL };
  g_autoptr (AuraTestServer) server = aura_test_server_new ();
  g_autofree char *base = aura_test_server_url (server, "chess.test", "");
  g_autofree char *override = g_strdup_printf ("chess=%s", base);
  const char *env[] = { "AURA_KEY_HIBP", NULL };
  const char *make[] = { "investigation", "new", "Mail", NULL };
  const char *scan[] = { "--json",      "scan",
                         "email",       "Alice.Martin@Example.org",
                         "--check",     "chess",
                         "--check-url", override,
                         "--no-mx",     "--no-gravatar",
                         "-i",          "Mail",
                         "--resolve",   "chess.test:127.0.0.1",
                         NULL };
  const char *human[] = { "scan",          "email", "bob+promo@gmail.com", "--no-checks", "--no-mx",
                          "--no-gravatar", NULL };
  const char *bad[] = { "scan", "email", "alice@@example.org", NULL };
  const char *hostile[] = { "scan", "email", "al\u202eice@example.org", NULL };
  const char *accounts[] = { "entity", "list", "Mail", "--type", "account", NULL };
  const char *usernames[] = { "entity", "list", "Mail", "--type", "username", NULL };
  g_autoptr (Result) made = NULL;
  g_autoptr (Result) scanned = NULL;
  g_autoptr (Result) printed = NULL;
  g_autoptr (Result) refused = NULL;
  g_autoptr (Result) odd = NULL;
  g_autoptr (Result) listed = NULL;
  g_autoptr (Result) names = NULL;

  aura_test_server_add_response (server, "chess.test", "/callback/email/available", 200,
                                 json_headers, "{\"isEmailAvailable\":false}", 0);
  made = run_env (fixture, env, make);
  assert_exit (made, 0);
  scanned = run_env (fixture, env, scan);
  assert_exit (scanned, 0);
  g_assert_nonnull (strstr (scanned->out, "\"verdict\" : \"found\""));
  listed = run_env (fixture, env, accounts);
  assert_exit (listed, 0);
  g_assert_nonnull (strstr (listed->out, "chess:"));
  names = run_env (fixture, env, usernames);
  assert_exit (names, 0);
  g_assert_nonnull (strstr (names->out, "alice.martin"));

  printed = run_env (fixture, env, human);
  assert_exit (printed, 0);
  g_assert_nonnull (strstr (printed->out, "Gmail"));
  g_assert_nonnull (strstr (printed->out, "bob@gmail.com"));
  g_assert_nonnull (strstr (printed->out, "AURA_KEY_HIBP"));
  refused = run_env (fixture, env, bad);
  assert_exit (refused, 4);
  odd = run_env (fixture, env, hostile);
  assert_exit (odd, 4);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/cli/help/every-command-exits-zero", test_help_every_command);
  ADD ("/cli/usage/errors-exit-2", test_usage_errors);
  ADD ("/cli/input/odd-and-huge-values", test_odd_and_huge_values);
  ADD ("/cli/investigation/lifecycle", test_investigation_lifecycle);
  ADD ("/cli/investigation/missing-exits-3", test_missing_investigation);
  ADD ("/cli/target/add-list-remove", test_targets);
  ADD ("/cli/entity/list-and-show", test_entities);
  ADD ("/cli/entity/relations-and-neighbours", test_entity_relations);
  ADD ("/cli/entity/search-hostile-input", test_search);
  ADD ("/cli/export/json-and-csv", test_export);
  ADD ("/cli/audit/verify-detects-tampering", test_audit);
  ADD ("/cli/db/garbage-file-exits-7", test_garbage_database);
  ADD ("/cli/db/check-types-version", test_db_types_version);
  ADD ("/cli/db/busy-exits-6", test_busy_database);
  ADD ("/cli/output/terminal-escapes-and-truncates", test_terminal_output);
  ADD ("/cli/i18n/french-does-not-crash", test_french_does_not_crash);
  ADD ("/cli/phone/offline-analysis", test_phone);
  ADD ("/cli/tools/list-show-run", test_tools);
  ADD ("/cli/scan/phone", test_scan_phone);
  ADD ("/cli/scan/tiktok", test_scan_tiktok);
  ADD ("/cli/scan/tiktok-yt-dlp", test_scan_tiktok_ytdlp);
  ADD ("/cli/scan/tiktok-yt-dlp-interrupt-and-time-limit", test_scan_tiktok_ytdlp_interrupt);
  ADD ("/cli/tools/adapter", test_tools_adapter);
  ADD ("/cli/scan/email", test_scan_email);
#undef ADD

  return g_test_run ();
}
