/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "aura.h"
#include "aura-adapter-private.h"

/* Runs of the bundled adapters against fake-tool, which plays each tool
 * by the name it is called by: canned output mapped to the expected
 * entities and relations, tools missing or broken, failures, time-outs and
 * cancels that kill the whole process group, stderr kept, garbage and
 * huge output bounded, JSON lines streamed as they come. */

static char *bin_dir;

/* The fake tool reads its mode from a file: changing the environment
 * once threads run is not safe. */
static void
set_mode (const char *mode)
{
  g_autofree char *path = g_build_filename (bin_dir, "mode", NULL);

  g_assert_true (g_file_set_contents (path, mode, -1, NULL));
}
static AuraAdapterList *bundled;

static const char *const tool_names[] = { "sherlock",    "maigret", "holehe",
                                          "subfinder",   "amass",   "theHarvester",
                                          "phoneinfoga", "yt-dlp",  NULL };

typedef struct
{
  AuraAdapter *adapter;
  GMainLoop *loop;
  AuraAdapterResult *result;
  GError *error;
  GPtrArray *streamed; /* char *: "type value" as findings arrived */
  GArray *streamed_at; /* gint64 */
  GPtrArray *lines;    /* char *: the lines handed over; "<N bytes>" for a long one */
  guint stop_after;    /* on_line returns FALSE at this line; 0: never */
} Wait;

static void
run_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Wait *wait = user_data;

  (void)source;
  wait->result = aura_adapter_run_finish (wait->adapter, result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static void
on_finding (const AuraAdapterFinding *finding, gpointer user_data)
{
  Wait *wait = user_data;
  gint64 now = g_get_monotonic_time ();

  g_ptr_array_add (
      wait->streamed,
      g_strdup_printf ("%s %s", aura_entity_type_to_string (finding->type), finding->value));
  g_array_append_val (wait->streamed_at, now);
}

static gboolean
on_line (const char *line, gsize length, gpointer user_data)
{
  Wait *wait = user_data;

  if (line == NULL)
    g_ptr_array_add (wait->lines, g_strdup_printf ("<%" G_GSIZE_FORMAT " bytes>", length));
  else
    {
      g_assert_cmpuint (strlen (line), ==, length);
      g_ptr_array_add (wait->lines, g_strdup (line));
    }
  return wait->stop_after == 0 || wait->lines->len < wait->stop_after;
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/* Runs @id on @value and waits; the result or the error is in @wait. */
static void
run_tool (Wait *wait,
          const char *id,
          AuraEntityType type,
          const char *value,
          AuraAdapterRunOptions *options,
          GCancellable *cancellable)
{
  AuraAdapter *adapter = aura_adapter_list_lookup (bundled, id);
  AuraAdapterRunOptions defaults = { 0 };

  g_assert_nonnull (adapter);
  memset (wait, 0, sizeof *wait);
  wait->adapter = adapter;
  wait->loop = g_main_loop_new (NULL, FALSE);
  wait->streamed = g_ptr_array_new_with_free_func (g_free);
  wait->streamed_at = g_array_new (FALSE, FALSE, sizeof (gint64));
  wait->lines = g_ptr_array_new_with_free_func (g_free);
  if (options == NULL)
    options = &defaults;
  options->on_finding = on_finding;
  options->user_data = wait;
  aura_adapter_run_async (adapter, type, value, options, cancellable, run_done_cb, wait);
  g_main_loop_run (wait->loop);
}

static void
wait_clear (Wait *wait)
{
  g_main_loop_unref (wait->loop);
  g_clear_pointer (&wait->result, aura_adapter_result_unref);
  g_clear_error (&wait->error);
  g_ptr_array_unref (wait->streamed);
  g_array_unref (wait->streamed_at);
  g_ptr_array_unref (wait->lines);
}

static int
compare_lines (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *)a, *(const char *const *)b);
}

/* Each finding as "type value", then one line per relation
 * "  <- from_type from_value relation", sorted, so that a test compares
 * the whole picture at once. */
static char *
describe (AuraAdapterResult *result)
{
  GPtrArray *findings = aura_adapter_result_get_findings (result);
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) out = g_string_new (NULL);

  for (guint i = 0; i < findings->len; i++)
    {
      AuraAdapterFinding *finding = findings->pdata[i];

      g_ptr_array_add (lines, g_strdup_printf ("%s %s", aura_entity_type_to_string (finding->type),
                                               finding->value));
      for (guint j = 0; j < finding->relations->len; j++)
        {
          AuraAdapterRelation *relation = finding->relations->pdata[j];

          g_ptr_array_add (lines, g_strdup_printf ("%s %s <- %s %s %s",
                                                   aura_entity_type_to_string (finding->type),
                                                   finding->value,
                                                   aura_entity_type_to_string (relation->from_type),
                                                   relation->from_value, relation->relation));
        }
    }
  g_ptr_array_sort (lines, compare_lines);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (out, "%s\n", (char *)lines->pdata[i]);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static AuraAdapterFinding *
find (AuraAdapterResult *result, AuraEntityType type, const char *value)
{
  GPtrArray *findings = aura_adapter_result_get_findings (result);

  for (guint i = 0; i < findings->len; i++)
    {
      AuraAdapterFinding *finding = findings->pdata[i];

      if (finding->type == type && strcmp (finding->value, value) == 0)
        return finding;
    }
  return NULL;
}

static void
assert_attribute (AuraAdapterFinding *finding, const char *json_fragment)
{
  g_assert_nonnull (finding);
  g_assert_nonnull (finding->attributes_json);
  if (strstr (finding->attributes_json, json_fragment) == NULL)
    g_error ("%s lacks %s", finding->attributes_json, json_fragment);
}

/* ---- Bundled adapters on canned output ------------------------------------ */

typedef struct
{
  const char *id;
  AuraEntityType type;
  const char *value;
  const char *expected;
} Canned;

static const Canned canned[] = {
  { "sherlock", AURA_ENTITY_USERNAME, "alice_example",
    "url https://www.github.com/alice_example\n"
    "url https://www.github.com/alice_example <- username alice_example has_account\n"
    "url https://www.reddit.com/user/alice_example\n"
    "url https://www.reddit.com/user/alice_example <- username alice_example has_account\n" },
  { "maigret", AURA_ENTITY_USERNAME, "alice_example",
    "image https://avatars.githubusercontent.com/u/583231?v=4\n"
    "image https://avatars.githubusercontent.com/u/583231?v=4 <- url "
    "https://github.com/alice_example has_avatar\n"
    "person Alice Example\n"
    "person Alice Example <- url https://github.com/alice_example has_name\n"
    "url https://github.com/alice_example\n"
    "url https://github.com/alice_example <- username alice_example has_account\n"
    "url https://www.reddit.com/user/alice_example\n"
    "url https://www.reddit.com/user/alice_example <- username alice_example has_account\n" },
  { "holehe", AURA_ENTITY_EMAIL, "alice@example.com",
    "domain adobe.com\n"
    "domain adobe.com <- email alice@example.com registered_with\n"
    "domain instagram.com\n"
    "domain instagram.com <- email alice@example.com registered_with\n"
    "domain twitter.com\n"
    "domain twitter.com <- email alice@example.com registered_with\n" },
  { "subfinder", AURA_ENTITY_DOMAIN, "example.com",
    "subdomain mail.example.com\n"
    "subdomain mail.example.com <- domain example.com has_subdomain\n"
    "subdomain www.example.com\n"
    "subdomain www.example.com <- domain example.com has_subdomain\n" },
  { "amass", AURA_ENTITY_DOMAIN, "example.com",
    "asn AS15133\n"
    "domain example.com\n"
    "ip 2606:2800:220:1:248:1893:25c8:1946\n"
    "ip 2606:2800:220:1:248:1893:25c8:1946 <- subdomain www.example.com resolves_to\n"
    "ip 93.184.216.34\n"
    "ip 93.184.216.34 <- network 93.184.216.0/24 contains\n"
    "ip 93.184.216.34 <- subdomain www.example.com resolves_to\n"
    "network 93.184.216.0/24\n"
    "network 93.184.216.0/24 <- asn AS15133 announces\n"
    "organisation EDGECAST - MCI Communications Services, Inc.\n"
    "organisation EDGECAST - MCI Communications Services, Inc. <- asn AS15133 managed_by\n"
    "subdomain a.iana-servers.net\n"
    "subdomain a.iana-servers.net <- domain example.com name_server\n"
    "subdomain dev.example.com\n"
    "subdomain dev.example.com <- domain example.com has_subdomain\n"
    "subdomain mail.example.com\n"
    "subdomain mail.example.com <- domain example.com mail_server\n"
    "subdomain www.example.com\n"
    "subdomain www.example.com <- domain example.com has_subdomain\n"
    "subdomain www.example.com <- subdomain dev.example.com alias_of\n" },
  { "theharvester", AURA_ENTITY_DOMAIN, "example.com",
    "asn AS15133\n"
    "email info@example.com\n"
    "email info@example.com <- domain example.com has_email\n"
    "email press@example.com\n"
    "email press@example.com <- domain example.com has_email\n"
    "ip 10.0.0.5\n"
    "ip 10.0.0.5 <- subdomain dev.example.com resolves_to\n"
    "ip 93.184.216.34\n"
    "ip 93.184.216.34 <- subdomain www.example.com resolves_to\n"
    "subdomain dev.example.com\n"
    "subdomain dev.example.com <- domain example.com has_subdomain\n"
    "subdomain mail.example.com\n"
    "subdomain mail.example.com <- domain example.com has_subdomain\n"
    "subdomain www.example.com\n"
    "subdomain www.example.com <- domain example.com has_subdomain\n"
    "url https://www.example.com/login\n"
    "url https://www.example.com/login <- domain example.com has_url\n" },
  { "phoneinfoga", AURA_ENTITY_PHONE, "+41761234567", "phone +41761234567\n" },
  { "yt-dlp", AURA_ENTITY_URL, "https://www.tiktok.com/@alice_example",
    "hashtag #fitness\n"
    "hashtag #fitness <- video https://www.tiktok.com/@alice_example/video/7301234567890123456 "
    "uses_hashtag\n"
    "hashtag #fitness <- video https://www.tiktok.com/@alice_example/video/7302234567890123456 "
    "uses_hashtag\n"
    "hashtag #running\n"
    "hashtag #running <- video https://www.tiktok.com/@alice_example/video/7301234567890123456 "
    "uses_hashtag\n"
    "video https://www.tiktok.com/@alice_example/video/7301234567890123456\n"
    "video https://www.tiktok.com/@alice_example/video/7301234567890123456 <- url "
    "https://www.tiktok.com/@alice_example posted\n"
    "video https://www.tiktok.com/@alice_example/video/7302234567890123456\n"
    "video https://www.tiktok.com/@alice_example/video/7302234567890123456 <- url "
    "https://www.tiktok.com/@alice_example posted\n"
    "video https://www.tiktok.com/@alice_example/video/7303234567890123456\n"
    "video https://www.tiktok.com/@alice_example/video/7303234567890123456 <- url "
    "https://www.tiktok.com/@alice_example posted\n" },
};

static void
test_canned (gconstpointer data)
{
  const Canned *c = data;
  g_autofree char *got = NULL;
  Wait wait;

  set_mode ("ok");
  run_tool (&wait, c->id, c->type, c->value, NULL, NULL);
  g_assert_no_error (wait.error);
  g_assert_nonnull (wait.result);
  g_assert_cmpstr (aura_adapter_result_get_output_error (wait.result), ==, NULL);
  g_assert_true (aura_adapter_result_get_success (wait.result));
  g_assert_cmpint (aura_adapter_result_get_exit_status (wait.result), ==, 0);
  g_assert_cmpint (aura_adapter_result_get_killed (wait.result), ==, AURA_ADAPTER_KILL_NONE);
  got = describe (wait.result);
  g_assert_cmpstr (got, ==, c->expected);
  /* Every distinct entity was announced once, as it was first mapped. */
  g_assert_cmpuint (wait.streamed->len, ==, aura_adapter_result_get_findings (wait.result)->len);
  g_assert_cmpuint (aura_adapter_result_get_n_mapped (wait.result), >, 0);
  wait_clear (&wait);
}

static void
test_canned_attributes (void)
{
  Wait wait;

  set_mode ("ok");
  run_tool (&wait, "sherlock", AURA_ENTITY_USERNAME, "alice_example", NULL, NULL);
  assert_attribute (
      find (wait.result, AURA_ENTITY_URL, "https://www.reddit.com/user/alice_example"),
      "\"site\":\"Reddit\"");
  /* The “Available” row is counted, not mapped. */
  g_assert_cmpuint (aura_adapter_result_get_n_mapped (wait.result), ==, 2);
  g_assert_cmpuint (aura_adapter_result_get_n_skipped (wait.result), ==, 1);
  wait_clear (&wait);

  run_tool (&wait, "maigret", AURA_ENTITY_USERNAME, "alice_example", NULL, NULL);
  assert_attribute (find (wait.result, AURA_ENTITY_URL, "https://github.com/alice_example"),
                    "\"site\":\"GitHub\"");
  assert_attribute (find (wait.result, AURA_ENTITY_URL, "https://github.com/alice_example"),
                    "\"rank\":29");
  assert_attribute (
      find (wait.result, AURA_ENTITY_URL, "https://www.reddit.com/user/alice_example"),
      "\"tags\":[\"discussion\",\"news\"]");
  wait_clear (&wait);

  run_tool (&wait, "holehe", AURA_ENTITY_EMAIL, "alice@example.com", NULL, NULL);
  assert_attribute (find (wait.result, AURA_ENTITY_DOMAIN, "adobe.com"),
                    "\"recovery_phone\":\"+33 * ** ** ** 42\"");
  wait_clear (&wait);

  run_tool (&wait, "subfinder", AURA_ENTITY_DOMAIN, "example.com", NULL, NULL);
  /* Seen by two sources: one entity, the later source's attribute. */
  assert_attribute (find (wait.result, AURA_ENTITY_SUBDOMAIN, "www.example.com"),
                    "\"source\":\"alienvault\"");
  wait_clear (&wait);

  run_tool (&wait, "phoneinfoga", AURA_ENTITY_PHONE, "+41761234567", NULL, NULL);
  {
    AuraAdapterFinding *phone = find (wait.result, AURA_ENTITY_PHONE, "+41761234567");

    assert_attribute (phone, "\"country\":\"CH\"");
    assert_attribute (phone, "\"carrier\":\"Swisscom\"");
    assert_attribute (phone, "\"line_type\":\"mobile\"");
    assert_attribute (phone, "\"local_format\":\"076 123 45 67\"");
    g_assert_null (strstr (phone->attributes_json, "location"));
  }
  wait_clear (&wait);

  run_tool (&wait, "yt-dlp", AURA_ENTITY_URL, "https://www.tiktok.com/@alice_example", NULL, NULL);
  {
    AuraAdapterFinding *video =
        find (wait.result, AURA_ENTITY_VIDEO,
              "https://www.tiktok.com/@alice_example/video/7302234567890123456");

    assert_attribute (video, "\"view_count\":800");
    assert_attribute (video, "\"duration\":31.5");
    assert_attribute (video, "\"timestamp\":1700100000");
    assert_attribute (video, "\"repost_count\":0");
    assert_attribute (video, "\"artist\":\"Someone\"");
  }
  wait_clear (&wait);
}

/* ---- Availability --------------------------------------------------------- */

static const char missing_manifest[] =
    "{\"aura_adapter\": 1, \"id\": \"ghost\", \"name\": \"Ghost\","
    " \"executables\": [\"aura-no-such-tool\", \"aura-nor-this-one\"],"
    " \"input_types\": [\"domain\"], \"output_types\": [\"ip\"], \"arguments\": [\"{value}\"],"
    " \"output\": {\"from\": \"stdout\", \"format\": \"jsonl\"},"
    " \"mapping\": [{\"entities\": [{\"id\": \"a\", \"type\": \"ip\", \"value\": \"{ip}\"}]}]}";

static void
test_available (void)
{
  g_autoptr (AuraAdapterAvailability) sherlock = NULL;
  g_autoptr (AuraAdapterAvailability) ytdlp = NULL;
  g_autoptr (AuraAdapterAvailability) subfinder = NULL;
  g_autoptr (AuraAdapterAvailability) harvester = NULL;

  set_mode ("ok");
  sherlock =
      aura_adapter_list_get_availability (bundled, aura_adapter_list_lookup (bundled, "sherlock"));
  g_assert_cmpint (sherlock->state, ==, AURA_ADAPTER_AVAILABLE);
  g_assert_cmpstr (sherlock->version, ==, "0.14.3");
  g_assert_true (g_str_has_prefix (sherlock->path, bin_dir));
  ytdlp =
      aura_adapter_list_get_availability (bundled, aura_adapter_list_lookup (bundled, "yt-dlp"));
  g_assert_cmpstr (ytdlp->version, ==, "2024.08.06");
  /* subfinder prints its version on stderr. */
  subfinder =
      aura_adapter_list_get_availability (bundled, aura_adapter_list_lookup (bundled, "subfinder"));
  g_assert_cmpstr (subfinder->version, ==, "2.6.3");
  /* No probe: found is enough. */
  harvester = aura_adapter_list_get_availability (
      bundled, aura_adapter_list_lookup (bundled, "theharvester"));
  g_assert_cmpint (harvester->state, ==, AURA_ADAPTER_AVAILABLE);
  g_assert_null (harvester->version);
}

static void
check_all_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (aura_adapter_list_check_all_finish (AURA_ADAPTER_LIST (source), result, &error));
  g_assert_no_error (error);
  g_main_loop_quit (user_data);
}

static void
test_broken_and_cached (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraAdapterList) list = aura_adapter_list_load_bundled (&error);
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr (AuraAdapterAvailability) broken = NULL;
  g_autoptr (AuraAdapterAvailability) again = NULL;
  gint64 start;

  g_assert_no_error (error);
  set_mode ("badversion");
  aura_adapter_list_check_all_async (list, NULL, check_all_cb, loop);
  g_main_loop_run (loop);
  set_mode ("ok");
  broken = aura_adapter_list_get_availability (list, aura_adapter_list_lookup (list, "maigret"));
  g_assert_cmpint (broken->state, ==, AURA_ADAPTER_BROKEN);
  g_assert_nonnull (strstr (broken->detail, "ModuleNotFoundError"));
  g_assert_true (g_utf8_validate (broken->detail, -1, NULL));
  /* Cached: the tool is not asked again, so it still reads as broken. */
  start = g_get_monotonic_time ();
  again = aura_adapter_list_get_availability (list, aura_adapter_list_lookup (list, "maigret"));
  g_assert_cmpint (again->state, ==, AURA_ADAPTER_BROKEN);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 50000);
  aura_adapter_list_forget_availability (list);
  g_clear_pointer (&again, aura_adapter_availability_free);
  again = aura_adapter_list_get_availability (list, aura_adapter_list_lookup (list, "maigret"));
  g_assert_cmpint (again->state, ==, AURA_ADAPTER_AVAILABLE);
}

static void
test_missing (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraAdapter) ghost =
      aura_adapter_load_data (missing_manifest, -1, "ghost.json", NULL, &error);
  g_autoptr (AuraAdapterAvailability) availability = NULL;
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Wait wait = { 0 };

  g_assert_no_error (error);
  availability = aura_adapter_check (ghost, NULL);
  g_assert_cmpint (availability->state, ==, AURA_ADAPTER_MISSING);
  g_assert_null (availability->path);
  g_assert_nonnull (strstr (availability->detail, "aura-no-such-tool"));
  g_assert_nonnull (strstr (availability->detail, "aura-nor-this-one"));

  wait.loop = loop;
  wait.adapter = ghost;
  aura_adapter_run_async (ghost, AURA_ENTITY_DOMAIN, "example.com", NULL, NULL, run_done_cb, &wait);
  g_main_loop_run (loop);
  g_assert_null (wait.result);
  g_assert_error (wait.error, AURA_ADAPTER_ERROR, AURA_ADAPTER_ERROR_MISSING);
  g_clear_error (&wait.error);
}

/* ---- Failures and limits --------------------------------------------------- */

static void
test_bad_input (void)
{
  static const struct
  {
    AuraEntityType type;
    const char *value;
  } bad[] = {
    { AURA_ENTITY_USERNAME, "--help" },
    { AURA_ENTITY_USERNAME, "alice\nbob" },
    { AURA_ENTITY_USERNAME, "" },
    { AURA_ENTITY_EMAIL, "alice@example.com" },
    { AURA_ENTITY_USERNAME, "al\x7f"
                            "ice" },
    { AURA_ENTITY_USERNAME, "\xff\xfe" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      Wait wait;

      run_tool (&wait, "sherlock", bad[i].type, bad[i].value, NULL, NULL);
      g_assert_null (wait.result);
      g_assert_error (wait.error, AURA_ADAPTER_ERROR, AURA_ADAPTER_ERROR_INPUT);
      wait_clear (&wait);
    }
}

static void
test_failure_keeps_stderr (void)
{
  Wait wait;

  set_mode ("fail");
  run_tool (&wait, "sherlock", AURA_ENTITY_USERNAME, "alice_example", NULL, NULL);
  set_mode ("ok");
  g_assert_no_error (wait.error);
  g_assert_false (aura_adapter_result_get_success (wait.result));
  g_assert_cmpint (aura_adapter_result_get_exit_status (wait.result), ==, 2);
  g_assert_nonnull (strstr (aura_adapter_result_get_stderr (wait.result), "rate limited"));
  /* It wrote no CSV: said so, nothing mapped. */
  g_assert_nonnull (strstr (aura_adapter_result_get_output_error (wait.result), "*.csv"));
  g_assert_cmpuint (aura_adapter_result_get_findings (wait.result)->len, ==, 0);
  wait_clear (&wait);
}

static void
test_stderr_tail (void)
{
  const char *err;
  Wait wait;

  set_mode ("chatter");
  run_tool (&wait, "subfinder", AURA_ENTITY_DOMAIN, "example.com", NULL, NULL);
  set_mode ("ok");
  g_assert_true (aura_adapter_result_get_success (wait.result));
  err = aura_adapter_result_get_stderr (wait.result);
  g_assert_true (g_utf8_validate (err, -1, NULL));
  g_assert_true (g_str_has_suffix (err, "FINAL-STDERR-LINE\n"));
  /* The last 64 KiB, a replacement character for the bad byte adding a
   * little. */
  g_assert_cmpuint (strlen (err), <=, AURA_ADAPTER_STDERR_KEEP + 8);
  g_assert_cmpuint (strlen (err), >=, AURA_ADAPTER_STDERR_KEEP - 8);
  g_assert_nonnull (strstr (err, "bad byte \xef\xbf\xbd here"));
  g_assert_null (strstr (err, "progress 00000"));
  g_assert_cmpuint (aura_adapter_result_get_findings (wait.result)->len, ==, 2);
  wait_clear (&wait);
}

static void
test_garbage (void)
{
  Wait wait;

  set_mode ("garbage");
  /* JSON lines: the good lines are kept, the bad ones counted. */
  run_tool (&wait, "subfinder", AURA_ENTITY_DOMAIN, "example.com", NULL, NULL);
  g_assert_nonnull (find (wait.result, AURA_ENTITY_SUBDOMAIN, "ok1.example.com"));
  g_assert_nonnull (find (wait.result, AURA_ENTITY_SUBDOMAIN, "ok2.example.com"));
  g_assert_nonnull (strstr (aura_adapter_result_get_output_error (wait.result), "not JSON"));
  g_assert_cmpuint (aura_adapter_result_get_n_skipped (wait.result), ==, 2);
  g_assert_nonnull (aura_adapter_result_get_skip_reasons (wait.result)[0]);
  g_assert_nonnull (strstr (aura_adapter_result_get_skip_reasons (wait.result)[0], "line 2"));
  wait_clear (&wait);
  /* A JSON document. */
  run_tool (&wait, "maigret", AURA_ENTITY_USERNAME, "alice_example", NULL, NULL);
  g_assert_true (g_str_has_prefix (aura_adapter_result_get_output_error (wait.result),
                                   "The output is not JSON"));
  g_assert_cmpuint (aura_adapter_result_get_findings (wait.result)->len, ==, 0);
  wait_clear (&wait);
  /* CSV. */
  run_tool (&wait, "holehe", AURA_ENTITY_EMAIL, "alice@example.com", NULL, NULL);
  g_assert_nonnull (strstr (aura_adapter_result_get_output_error (wait.result), "CSV"));
  wait_clear (&wait);
  run_tool (&wait, "sherlock", AURA_ENTITY_USERNAME, "alice_example", NULL, NULL);
  g_assert_nonnull (strstr (aura_adapter_result_get_output_error (wait.result), "CSV"));
  wait_clear (&wait);
  /* Text: lines that match nothing are chatter, not errors. */
  run_tool (&wait, "amass", AURA_ENTITY_DOMAIN, "example.com", NULL, NULL);
  g_assert_null (aura_adapter_result_get_output_error (wait.result));
  g_assert_cmpuint (aura_adapter_result_get_findings (wait.result)->len, ==, 0);
  wait_clear (&wait);
  set_mode ("ok");
}

static void
test_huge_output (void)
{
  AuraAdapterRunOptions options = { .max_output = 64 * 1024 };
  Wait wait;

  set_mode ("huge");
  run_tool (&wait, "subfinder", AURA_ENTITY_DOMAIN, "example.com", &options, NULL);
  set_mode ("ok");
  g_assert_no_error (wait.error);
  g_assert_cmpint (aura_adapter_result_get_killed (wait.result), ==,
                   AURA_ADAPTER_KILL_OUTPUT_LIMIT);
  g_assert_false (aura_adapter_result_get_success (wait.result));
  g_assert_nonnull (aura_adapter_result_get_output_error (wait.result));
  /* 64 KiB of 40 to 45-byte lines was read, and no more. */
  g_assert_cmpuint (aura_adapter_result_get_findings (wait.result)->len, >, 1400);
  g_assert_cmpuint (aura_adapter_result_get_findings (wait.result)->len, <, 1700);
  wait_clear (&wait);
}

static void
test_streaming (void)
{
  gint64 first, end;
  Wait wait;

  set_mode ("slow");
  run_tool (&wait, "subfinder", AURA_ENTITY_DOMAIN, "example.com", NULL, NULL);
  end = g_get_monotonic_time ();
  set_mode ("ok");
  g_assert_cmpuint (wait.streamed->len, ==, 5);
  g_assert_cmpstr (wait.streamed->pdata[0], ==, "subdomain slow0.example.com");
  first = g_array_index (wait.streamed_at, gint64, 0);
  /* The first came while the tool was still writing the others (5 ×
   * 150 ms). */
  g_assert_cmpint (end - first, >, 400000);
  wait_clear (&wait);
}

/* ---- Raw lines ------------------------------------------------------------ */

static void
test_lines_stdout (void)
{
  AuraAdapterRunOptions options = { .on_line = on_line };
  Wait wait;

  set_mode ("garbage");
  run_tool (&wait, "yt-dlp", AURA_ENTITY_URL, "https://www.tiktok.com/@alice_example", &options,
            NULL);
  set_mode ("ok");
  g_assert_no_error (wait.error);
  /* Every line, in order, without its line break, garbage included: the
   * caller judges them. */
  g_assert_cmpuint (wait.lines->len, ==, 4);
  g_assert_true (g_str_has_prefix (wait.lines->pdata[0], "{\"id\": \"7301234567890123456\""));
  g_assert_true (g_str_has_suffix (wait.lines->pdata[0], "\"TikTok\"}"));
  g_assert_cmpstr (wait.lines->pdata[1], ==, "this is <not> what you expected");
  g_assert_cmpstr (wait.lines->pdata[2], ==, "\x01\x02{\"unclosed\": [");
  g_assert_true (g_str_has_prefix (wait.lines->pdata[3], "{\"id\": \"7303234567890123456\""));
  /* The mapper still maps what it can. */
  g_assert_nonnull (find (wait.result, AURA_ENTITY_VIDEO,
                          "https://www.tiktok.com/@alice_example/video/7303234567890123456"));
  g_assert_true (aura_adapter_result_get_success (wait.result));
  wait_clear (&wait);
}

static void
test_lines_output_file (void)
{
  AuraAdapterRunOptions options = { .on_line = on_line };
  Wait wait;

  /* sherlock writes a CSV file whose last row ends in CRLF: the file's
   * lines are handed over, not stdout's chatter, without the CR. */
  set_mode ("ok");
  run_tool (&wait, "sherlock", AURA_ENTITY_USERNAME, "alice_example", &options, NULL);
  g_assert_cmpuint (wait.lines->len, ==, 4);
  g_assert_true (g_str_has_prefix (wait.lines->pdata[0], "username,name,url_main"));
  g_assert_true (g_str_has_suffix (wait.lines->pdata[3], "Available,404,0.12"));
  for (guint i = 0; i < wait.lines->len; i++)
    g_assert_null (strpbrk (wait.lines->pdata[i], "\r\n"));
  wait_clear (&wait);
}

static void
test_lines_stop (void)
{
  AuraAdapterRunOptions options = { .on_line = on_line, .timeout_ms = 20000, .grace_ms = 500 };
  gint64 start = g_get_monotonic_time ();
  Wait wait;

  /* A tool that never ends, stopped by the caller once it has read
   * enough: no line after that, a result that says why. */
  set_mode ("endless");
  memset (&wait, 0, sizeof wait);
  wait.stop_after = 25;
  {
    AuraAdapter *adapter = aura_adapter_list_lookup (bundled, "yt-dlp");

    wait.adapter = adapter;
    wait.loop = g_main_loop_new (NULL, FALSE);
    wait.streamed = g_ptr_array_new_with_free_func (g_free);
    wait.streamed_at = g_array_new (FALSE, FALSE, sizeof (gint64));
    wait.lines = g_ptr_array_new_with_free_func (g_free);
    options.user_data = &wait;
    aura_adapter_run_async (adapter, AURA_ENTITY_URL, "https://www.tiktok.com/@alice_example",
                            &options, NULL, run_done_cb, &wait);
    g_main_loop_run (wait.loop);
  }
  set_mode ("ok");
  g_assert_no_error (wait.error);
  g_assert_cmpuint (wait.lines->len, ==, 25);
  g_assert_cmpint (aura_adapter_result_get_killed (wait.result), ==, AURA_ADAPTER_KILL_STOPPED);
  g_assert_false (aura_adapter_result_get_success (wait.result));
  g_assert_null (aura_adapter_result_get_output_error (wait.result));
  g_assert_cmpint (aura_adapter_result_get_term_signal (wait.result), ==, SIGTERM);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  wait_clear (&wait);
}

static void
test_lines_bounded (void)
{
  AuraAdapterRunOptions options = { .on_line = on_line, .max_line = 1024 * 1024 };
  AuraAdapterRunOptions small = { .on_line = on_line, .max_output = 64 * 1024 };
  gsize total = 0;
  Wait wait;

  /* A line over max_line comes as its length only (384 × 4 KiB of title and
   * 42 bytes around it); the next one whole. */
  set_mode ("long");
  run_tool (&wait, "yt-dlp", AURA_ENTITY_URL, "https://www.tiktok.com/@alice_example", &options,
            NULL);
  g_assert_cmpuint (wait.lines->len, ==, 2);
  g_assert_cmpstr (wait.lines->pdata[0], ==, "<1572906 bytes>");
  g_assert_true (g_str_has_prefix (wait.lines->pdata[1], "{\"id\": \"7302234567890123456\""));
  wait_clear (&wait);

  /* Nothing past max_output is handed over. */
  set_mode ("huge");
  run_tool (&wait, "subfinder", AURA_ENTITY_DOMAIN, "example.com", &small, NULL);
  set_mode ("ok");
  g_assert_cmpint (aura_adapter_result_get_killed (wait.result), ==,
                   AURA_ADAPTER_KILL_OUTPUT_LIMIT);
  for (guint i = 0; i < wait.lines->len; i++)
    total += strlen (wait.lines->pdata[i]) + 1;
  g_assert_cmpuint (total, <=, 64 * 1024 + 1);
  g_assert_cmpuint (total, >, 60 * 1024);
  wait_clear (&wait);
}

/* ---- Killing the process group ------------------------------------------- */

static void
read_pids (const char *path, pid_t *leader, pid_t *child)
{
  g_autofree char *text = NULL;
  int a = 0, b = 0;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_cmpint (sscanf (text, "%d %d", &a, &b), ==, 2);
  *leader = a;
  *child = b;
}

/* The grandchild was reparented to us (a subreaper); reap it, then check
 * that neither pid names a process any more. */
static void
assert_dead (pid_t leader, pid_t child)
{
  gint64 deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  int status = 0;

  while (g_get_monotonic_time () < deadline)
    {
      pid_t r = waitpid (child, &status, WNOHANG);

      if (r == child)
        {
          g_assert_true (WIFSIGNALED (status));
          g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
          break;
        }
      if (r < 0 && errno == ECHILD)
        break;
      g_usleep (10000);
    }
  g_assert_cmpint (kill (child, 0), ==, -1);
  g_assert_cmpint (errno, ==, ESRCH);
  g_assert_cmpint (kill (leader, 0), ==, -1);
  g_assert_cmpint (errno, ==, ESRCH);
}

static void
test_timeout_kills_group (void)
{
  g_autofree char *pidfile = g_build_filename (bin_dir, "pids", NULL);
  AuraAdapterRunOptions options = { .timeout_ms = 400, .grace_ms = 300 };
  pid_t leader, child;
  gint64 start = g_get_monotonic_time ();
  Wait wait;

  set_mode ("hang");
  g_unlink (pidfile);
  run_tool (&wait, "subfinder", AURA_ENTITY_DOMAIN, "example.com", &options, NULL);
  set_mode ("ok");
  g_assert_no_error (wait.error);
  g_assert_cmpint (aura_adapter_result_get_killed (wait.result), ==, AURA_ADAPTER_KILL_TIMEOUT);
  g_assert_false (aura_adapter_result_get_success (wait.result));
  g_assert_cmpint (aura_adapter_result_get_term_signal (wait.result), ==, SIGTERM);
  /* Time limit + grace, and a margin for a loaded machine. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 400000);
  /* What came before the hang was kept. */
  g_assert_nonnull (find (wait.result, AURA_ENTITY_SUBDOMAIN, "before-hang.example.com"));
  read_pids (pidfile, &leader, &child);
  assert_dead (leader, child);
  wait_clear (&wait);
}

static void
test_cancel_kills_group (void)
{
  g_autofree char *pidfile = g_build_filename (bin_dir, "pids", NULL);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  AuraAdapterRunOptions options = { .timeout_ms = 30000, .grace_ms = 300 };
  pid_t leader, child;
  gint64 start = g_get_monotonic_time ();
  Wait wait;

  set_mode ("hang");
  g_unlink (pidfile);
  g_timeout_add (300, cancel_cb, cancellable);
  run_tool (&wait, "subfinder", AURA_ENTITY_DOMAIN, "example.com", &options, cancellable);
  set_mode ("ok");
  g_assert_no_error (wait.error);
  g_assert_cmpint (aura_adapter_result_get_killed (wait.result), ==, AURA_ADAPTER_KILL_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
  read_pids (pidfile, &leader, &child);
  assert_dead (leader, child);
  wait_clear (&wait);
}

static void
test_temp_dir_removed (void)
{
  g_autofree char *tmp = g_strdup (g_get_tmp_dir ());
  guint before = 0, after = 0;
  Wait wait;

  for (guint pass = 0; pass < 2; pass++)
    {
      g_autoptr (GDir) dir = g_dir_open (tmp, 0, NULL);
      const char *name;
      guint n = 0;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        n += g_str_has_prefix (name, "aura-adapter-");
      if (pass == 0)
        {
          before = n;
          set_mode ("ok");
          run_tool (&wait, "theharvester", AURA_ENTITY_DOMAIN, "example.com", NULL, NULL);
          wait_clear (&wait);
        }
      else
        after = n;
    }
  g_assert_cmpuint (after, ==, before);
}

/* ---- Recording ------------------------------------------------------------- */

static void
test_record_in_store (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("aura-adapter-store-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "aura.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  AuraStore *store = aura_store_open (path, AURA_STORE_OPEN_DEFAULT, &error);
  g_autoptr (AuraInvestigation) inv = NULL;
  g_autoptr (AuraFindingRecorder) recorder = NULL;
  g_autoptr (AuraEntity) profile = NULL;
  g_autoptr (AuraEntity) name = NULL;
  g_autoptr (GPtrArray) relations = NULL;
  gint64 scan;
  Wait wait;

  g_assert_no_error (error);
  inv = aura_store_create_investigation (store, "adapter", NULL, &error);
  g_assert_no_error (error);
  scan = aura_store_begin_scan (store, aura_investigation_get_id (inv), 0, "maigret", NULL, &error);
  g_assert_no_error (error);
  set_mode ("ok");
  run_tool (&wait, "maigret", AURA_ENTITY_USERNAME, "alice_example", NULL, NULL);
  recorder = aura_finding_recorder_new (store, aura_investigation_get_id (inv), scan, "maigret",
                                        "maigret alice_example");
  g_assert_cmpuint (aura_adapter_result_record (wait.result, recorder, "maigret", 0.8), ==, 4);
  g_assert_true (aura_finding_recorder_flush (recorder, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (aura_finding_recorder_get_rejected (recorder), ==, 0);

  profile = aura_store_find_entity (store, aura_investigation_get_id (inv), AURA_ENTITY_URL,
                                    "https://github.com/alice_example", &error);
  g_assert_no_error (error);
  g_assert_nonnull (profile);
  g_assert_nonnull (strstr (aura_entity_get_attributes (profile), "GitHub"));
  name = aura_store_find_entity (store, aura_investigation_get_id (inv), AURA_ENTITY_PERSON,
                                 "Alice Example", &error);
  g_assert_nonnull (name);
  /* username → profile (has_account), profile → name, profile → avatar. */
  relations = aura_store_list_relations (store, aura_entity_get_id (profile), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (relations->len, ==, 3);
  wait_clear (&wait);
  g_clear_pointer (&recorder, aura_finding_recorder_free);
  g_assert_finalize_object (store);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  /* Orphans of the tools come back to us, so the tests can see them die. */
  prctl (PR_SET_CHILD_SUBREAPER, 1);
  tmp = g_dir_make_tmp ("aura-adapter-test-XXXXXX", &error);
  g_assert_no_error (error);
  bin_dir = g_build_filename (tmp, "bin", NULL);
  g_assert_cmpint (g_mkdir (bin_dir, 0700), ==, 0);
  for (guint i = 0; tool_names[i] != NULL; i++)
    {
      g_autofree char *link = g_build_filename (bin_dir, tool_names[i], NULL);

      g_assert_cmpint (symlink (FAKE_TOOL, link), ==, 0);
    }
  g_setenv ("AURA_ADAPTER_PATH", bin_dir, TRUE);
  {
    g_autofree char *mode = g_build_filename (bin_dir, "mode", NULL);
    g_autofree char *pids = g_build_filename (bin_dir, "pids", NULL);

    g_setenv ("FAKE_TOOL_MODE_FILE", mode, TRUE);
    g_setenv ("FAKE_TOOL_PIDFILE", pids, TRUE);
    g_setenv ("FAKE_TOOL_MB", "4", TRUE);
    set_mode ("ok");
  }
  bundled = aura_adapter_list_load_bundled (&error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (canned); i++)
    {
      g_autofree char *name = g_strdup_printf ("/adapter/run/canned/%s", canned[i].id);

      g_test_add_data_func (name, &canned[i], test_canned);
    }
  g_test_add_func ("/adapter/run/canned-attributes", test_canned_attributes);
  g_test_add_func ("/adapter/availability/available", test_available);
  g_test_add_func ("/adapter/availability/broken-and-cached", test_broken_and_cached);
  g_test_add_func ("/adapter/availability/missing", test_missing);
  g_test_add_func ("/adapter/run/bad-input", test_bad_input);
  g_test_add_func ("/adapter/run/failure-keeps-stderr", test_failure_keeps_stderr);
  g_test_add_func ("/adapter/run/stderr-tail", test_stderr_tail);
  g_test_add_func ("/adapter/run/garbage", test_garbage);
  g_test_add_func ("/adapter/run/huge-output", test_huge_output);
  g_test_add_func ("/adapter/run/streaming", test_streaming);
  g_test_add_func ("/adapter/run/lines/stdout-in-order", test_lines_stdout);
  g_test_add_func ("/adapter/run/lines/output-file", test_lines_output_file);
  g_test_add_func ("/adapter/run/lines/caller-stops-the-tool", test_lines_stop);
  g_test_add_func ("/adapter/run/lines/bounded", test_lines_bounded);
  g_test_add_func ("/adapter/run/timeout-kills-group", test_timeout_kills_group);
  g_test_add_func ("/adapter/run/cancel-kills-group", test_cancel_kills_group);
  g_test_add_func ("/adapter/run/temp-dir-removed", test_temp_dir_removed);
  g_test_add_func ("/adapter/run/record-in-store", test_record_in_store);
  status = g_test_run ();

  g_clear_object (&bundled);
  for (guint i = 0; tool_names[i] != NULL; i++)
    {
      g_autofree char *link = g_build_filename (bin_dir, tool_names[i], NULL);

      g_unlink (link);
    }
  {
    g_autofree char *p1 = g_build_filename (bin_dir, "pids", NULL);
    g_autofree char *p2 = g_build_filename (bin_dir, "mode", NULL);

    g_unlink (p1);
    g_unlink (p2);
  }
  g_rmdir (bin_dir);
  g_rmdir (tmp);
  g_free (bin_dir);
  return status;
}
