/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <locale.h>

#include "source-test-utils.h"

/* API keys: the lookup order, the CLI's NAME=VALUE form, and the keyring
 * when it cannot help — no session bus, a bus without a secret service (a
 * private dbus-daemon from GTestDBus), and a bus that never answers (a
 * socket that accepts and stays silent). Each keyring case runs in a
 * subprocess: GDBus keeps one session connection per process. No test
 * here touches a real keyring. */

static void
test_order (void)
{
  g_autoptr (AuraApiKeys) keys = aura_api_keys_new ();
  g_autofree char *variable = aura_api_keys_get_env_name ("my-service_2");
  AuraApiKeyOrigin origin = AURA_API_KEY_ORIGIN_KEYRING;
  char *key;

  g_assert_cmpstr (variable, ==, "AURA_KEY_MY_SERVICE_2");
  aura_api_keys_set_use_keyring (keys, FALSE);
  key = aura_api_keys_get (keys, "my-service_2", &origin);
  g_assert_null (key);
  g_assert_cmpint (origin, ==, AURA_API_KEY_ORIGIN_NONE);

  g_setenv (variable, "from-env", TRUE);
  key = aura_api_keys_get (keys, "MY-SERVICE_2", &origin);
  g_assert_cmpstr (key, ==, "from-env");
  g_assert_cmpint (origin, ==, AURA_API_KEY_ORIGIN_ENVIRONMENT);
  g_free (key);

  aura_api_keys_set (keys, "My-Service_2", "explicit");
  key = aura_api_keys_get (keys, "my-service_2", &origin);
  g_assert_cmpstr (key, ==, "explicit");
  g_assert_cmpint (origin, ==, AURA_API_KEY_ORIGIN_EXPLICIT);
  g_free (key);
  g_assert_cmpstr (aura_api_key_origin_to_string (origin), ==, "explicit");

  aura_api_keys_set (keys, "MY-SERVICE_2", NULL);
  aura_api_keys_set_use_environment (keys, FALSE);
  key = aura_api_keys_get (keys, "my-service_2", &origin);
  g_assert_null (key);
  g_unsetenv (variable);
  g_assert_null (aura_api_keys_get_keyring_problem (keys));
}

static void
test_names (void)
{
  g_assert_true (aura_api_keys_name_is_valid ("virustotal"));
  g_assert_true (aura_api_keys_name_is_valid ("A-b_9"));
  g_assert_false (aura_api_keys_name_is_valid (""));
  g_assert_false (aura_api_keys_name_is_valid (NULL));
  g_assert_false (aura_api_keys_name_is_valid ("vt key"));
  g_assert_false (aura_api_keys_name_is_valid ("clé"));
  g_assert_false (aura_api_keys_name_is_valid ("a=b"));
}

static void
test_assignment (void)
{
  static const char *const bad[] = {
    "novalue", "=value", "name=", "bad name=value", "n=line\nbreak-SECRET", NULL
  };
  g_autoptr (AuraApiKeys) keys = aura_api_keys_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *key = NULL;

  aura_api_keys_set_use_keyring (keys, FALSE);
  g_assert_true (aura_api_keys_parse_assignment (keys, "shodan=a=b=c", &error));
  g_assert_no_error (error);
  key = aura_api_keys_get (keys, "shodan", NULL);
  g_assert_cmpstr (key, ==, "a=b=c");
  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_assert_false (aura_api_keys_parse_assignment (keys, bad[i], &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      /* The message never repeats what may be a key. */
      g_assert_null (strstr (error->message, "SECRET"));
      g_clear_error (&error);
    }
}

/* ---- The keyring when it cannot help ------------------------------------ */

static void
assert_no_keyring (AuraApiKeys *keys, const char *words)
{
  g_autoptr (GError) error = NULL;
  AuraApiKeyOrigin origin;
  gint64 start = g_get_monotonic_time ();
  char *key = aura_api_keys_get (keys, "virustotal", &origin);

  g_assert_null (key);
  g_assert_cmpint (origin, ==, AURA_API_KEY_ORIGIN_NONE);
  g_assert_nonnull (aura_api_keys_get_keyring_problem (keys));
  if (strstr (aura_api_keys_get_keyring_problem (keys), words) == NULL)
    g_error ("“%s” does not say “%s”", aura_api_keys_get_keyring_problem (keys), words);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  /* Remembered: the next lookup does not wait again. */
  start = g_get_monotonic_time ();
  g_assert_null (aura_api_keys_get (keys, "shodan", NULL));
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC / 10);
  /* Explicit values still work. */
  aura_api_keys_set (keys, "shodan", "given");
  key = aura_api_keys_get (keys, "shodan", &origin);
  g_assert_cmpstr (key, ==, "given");
  g_free (key);
  /* Saving says what to do instead. */
  g_assert_false (aura_api_keys_store_sync (keys, "virustotal", "vt-SECRET", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "AURA_KEY_VIRUSTOTAL"));
  g_assert_null (strstr (error->message, "vt-SECRET"));
  g_clear_error (&error);
  g_assert_false (aura_api_keys_clear_sync (keys, "virustotal", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
}

static void
test_no_session_bus (void)
{
  g_autoptr (AuraApiKeys) keys = NULL;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/aura-test-bus", TRUE);
  keys = aura_api_keys_new ();
  assert_no_keyring (keys, "no keyring");
}

static void
restore_env (const char *name, const char *value)
{
  if (value != NULL)
    g_setenv (name, value, TRUE);
  else
    g_unsetenv (name);
}

static void
test_bus_without_secret_service (void)
{
  g_autoptr (GTestDBus) bus = NULL;
  g_autoptr (AuraApiKeys) keys = NULL;

  if (!g_test_subprocess ())
    {
      if (!g_file_test ("/usr/bin/dbus-daemon", G_FILE_TEST_IS_EXECUTABLE))
        {
          g_test_skip ("dbus-daemon is not installed");
          return;
        }
      g_autofree char *lsan = g_strdup (g_getenv ("LSAN_OPTIONS"));
      g_autofree char *asan = g_strdup (g_getenv ("ASAN_OPTIONS"));
      g_autofree char *supp =
          g_test_build_filename (G_TEST_DIST, "sources", "lsan-gdbus.supp", NULL);
      g_autofree char *options = g_strdup_printf ("suppressions=%s:print_suppressions=0", supp);
      g_autofree char *unwind = g_strdup_printf ("%s%sfast_unwind_on_malloc=0",
                                                 asan != NULL ? asan : "", asan != NULL ? ":" : "");

      /* The child inherits the environment: only it reads these. Full
       * stacks let the suppression see the GIO frames. */
      g_setenv ("LSAN_OPTIONS", options, TRUE);
      g_setenv ("ASAN_OPTIONS", unwind, TRUE);
      g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
      restore_env ("LSAN_OPTIONS", lsan);
      restore_env ("ASAN_OPTIONS", asan);
      g_test_trap_assert_passed ();
      return;
    }
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  keys = aura_api_keys_new ();
  assert_no_keyring (keys, "org.freedesktop.secrets");
  /* g_test_dbus_down() waits for the session connection to go, which
   * libsecret's service proxy holds until it is disconnected. */
  secret_service_disconnect ();
  g_test_dbus_down (bus);
}

/* A bus address whose socket accepts connections and never says a word. */
static GSocket *
silent_bus (char **out_dir)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GSocketAddress) address = NULL;
  g_autofree char *bus = NULL;
  GSocket *socket;

  *out_dir = g_dir_make_tmp ("aura-bus-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (*out_dir, "bus", NULL);
  address = g_unix_socket_address_new (path);
  socket =
      g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, address, TRUE, &error));
  g_assert_true (g_socket_listen (socket, &error));
  bus = g_strconcat ("unix:path=", path, NULL);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", bus, TRUE);
  return socket;
}

static void
silent_bus_remove (GSocket *socket, char *dir)
{
  g_autofree char *path = g_build_filename (dir, "bus", NULL);

  g_socket_close (socket, NULL);
  g_remove (path);
  g_rmdir (dir);
}

static void
test_silent_bus_times_out (void)
{
  g_autoptr (AuraApiKeys) keys = NULL;
  g_autoptr (GSocket) socket = NULL;
  g_autofree char *dir = NULL;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }
  socket = silent_bus (&dir);
  keys = aura_api_keys_new ();
  aura_api_keys_set_keyring_timeout (keys, 300);
  assert_no_keyring (keys, "did not answer");
  silent_bus_remove (socket, dir);
}

static void
lookup_done_cb (GObject *object, GAsyncResult *result, gpointer data)
{
  GError **error = data;
  g_autofree char *key = aura_api_keys_lookup_finish (AURA_API_KEYS (object), result, NULL, error);

  g_assert_null (key);
  g_assert_nonnull (*error);
}

static void
test_lookup_cancelled (void)
{
  g_autoptr (AuraApiKeys) keys = NULL;
  g_autoptr (GSocket) socket = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = NULL;
  gint64 start;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }
  socket = silent_bus (&dir);
  keys = aura_api_keys_new ();
  start = g_get_monotonic_time ();
  aura_api_keys_lookup_async (keys, "virustotal", cancellable, lookup_done_cb, &error);
  g_cancellable_cancel (cancellable);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Long before the keyring timeout, and not remembered as a problem. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  g_assert_null (aura_api_keys_get_keyring_problem (keys));
  silent_bus_remove (socket, dir);
}

/* A source scan with the keyring on and no keyring: the source is skipped,
 * and the message says why the keyring did not help. */
static void
test_scan_skips_with_keyring_reason (void)
{
  static const char manifest[] =
      "{\"format\": \"aura-sources\", \"version\": 1, \"sources\": [{"
      "\"name\": \"vault\", \"label\": \"Vault\", \"yields\": [\"subdomain\"],"
      "\"key\": {\"name\": \"vault\"},"
      "\"request\": {\"url\": \"https://vault.example/{domain}\", \"headers\": {\"X-Key\": "
      "\"{key}\"}},"
      "\"extract\": {\"kind\": \"subdomain\", \"path\": \"[*]\"}}]}";
  g_autoptr (AuraSourceList) list = NULL;
  g_autoptr (AuraApiKeys) keys = NULL;
  g_autoptr (AuraEngine) engine = NULL;
  g_autoptr (AuraSourceScan) scan = NULL;
  g_autoptr (GError) error = NULL;
  AuraSourceScanOptions options = { 0 };
  AuraEngineOptions engine_options = { 0 };
  const AuraSourceSummary *summary;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/aura-test-bus", TRUE);
  list = source_list_from (manifest);
  keys = aura_api_keys_new ();
  engine_options.loopback_only = TRUE;
  engine = aura_engine_new (&engine_options, &error);
  g_assert_no_error (error);
  options.domain = "example.com";
  options.sources = list;
  options.keys = keys;
  scan = aura_source_scan_new (engine, &options, &error);
  g_assert_no_error (error);
  g_assert_true (aura_source_scan_run (scan, &error));
  summary = aura_source_scan_get_summary (scan, "vault");
  g_assert_cmpint (summary->state, ==, AURA_SOURCE_STATE_SKIPPED);
  g_assert_nonnull (strstr (summary->message, "AURA_KEY_VAULT"));
  g_assert_nonnull (strstr (summary->message, "no keyring"));
  g_assert_cmpuint (summary->requests, ==, 0);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sources/keys/order-explicit-env-keyring", test_order);
  g_test_add_func ("/sources/keys/names", test_names);
  g_test_add_func ("/sources/keys/cli-assignment", test_assignment);
  g_test_add_func ("/sources/keys/no-session-bus-is-no-key", test_no_session_bus);
  g_test_add_func ("/sources/keys/bus-without-secret-service", test_bus_without_secret_service);
  g_test_add_func ("/sources/keys/silent-bus-times-out", test_silent_bus_times_out);
  g_test_add_func ("/sources/keys/lookup-cancelled", test_lookup_cancelled);
  g_test_add_func ("/sources/keys/scan-skips-with-keyring-reason",
                   test_scan_skips_with_keyring_reason);

  return g_test_run ();
}
