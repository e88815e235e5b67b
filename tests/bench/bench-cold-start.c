/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-bench"
#include "config.h"

#include <aura.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

/* Cold start of the real `aura` binary: from just before exec to the first
 * "map" of its window, on a store holding one investigation of 100,000
 * entities. The app prints `startup-mapped-us: <g_get_monotonic_time()>`
 * when AURA_REPORT_STARTUP=1 and exits when AURA_EXIT_AFTER_MAP=1; both
 * clocks are CLOCK_MONOTONIC, so the difference is the start-up time.
 *
 * Needs an X display: it uses $DISPLAY when set, else starts `Xvfb :99`
 * itself (and stops it at the end). */

#define N_ENTITIES 100000

static char *db_path;
static char *aura_path;
static int n_runs = 15;

static gboolean
prepare_store (GError **error)
{
  g_autoptr (AuraStore) store = NULL;
  g_autoptr (AuraInvestigation) inv = NULL;
  AuraProvenance provenance = { 0, "bench", "bench-cold-start" };
  gint64 id;

  if (g_file_test (db_path, G_FILE_TEST_EXISTS))
    return TRUE;
  g_print ("preparing %s with %d entities…\n", db_path, N_ENTITIES);
  store = aura_store_open (db_path, AURA_STORE_OPEN_DEFAULT, error);
  if (store == NULL)
    return FALSE;
  inv = aura_store_create_investigation (store, "Cold start", "100,000 entities", error);
  if (inv == NULL)
    return FALSE;
  id = aura_investigation_get_id (inv);
  if (!aura_store_batch_begin (store, "bench-cold-start", error))
    return FALSE;
  for (int i = 0; i < N_ENTITIES; i++)
    {
      g_autofree char *value = NULL;
      g_autoptr (AuraEntity) entity = NULL;
      AuraEntityType type = i % 2 == 0 ? AURA_ENTITY_USERNAME : AURA_ENTITY_EMAIL;

      value = type == AURA_ENTITY_USERNAME ? g_strdup_printf ("user%06d", i)
                                           : g_strdup_printf ("person%06d@example.org", i);
      entity = aura_store_add_entity (store, id, type, value, NULL, 0.5, &provenance, NULL, error);
      if (entity == NULL)
        {
          aura_store_batch_rollback (store);
          return FALSE;
        }
    }
  return aura_store_batch_commit (store, error);
}

static GPid xvfb_pid;

static gboolean
ensure_display (GError **error)
{
  const char *argv[] = { "Xvfb", ":99", "-screen", "0", "1280x800x24", "-nolisten", "tcp", NULL };

  if (g_getenv ("DISPLAY") != NULL && *g_getenv ("DISPLAY") != '\0')
    return TRUE;
  if (!g_spawn_async (NULL, (char **)argv, NULL,
                      G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, &xvfb_pid, error))
    return FALSE;
  for (int i = 0; i < 100 && !g_file_test ("/tmp/.X11-unix/X99", G_FILE_TEST_EXISTS); i++)
    g_usleep (50000);
  g_setenv ("DISPLAY", ":99", TRUE);
  return TRUE;
}

/* One run: exec → "startup-mapped-us" line, in microseconds. */
static gint64
run_once (char **envp, GError **error)
{
  const char *argv[] = { aura_path, NULL };
  g_autofree char *err_text = NULL;
  int status = 0;
  gint64 start;
  const char *line;

  start = g_get_monotonic_time ();
  if (!g_spawn_sync (NULL, (char **)argv, envp, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                     &err_text, &status, error))
    return -1;
  line = strstr (err_text, "startup-mapped-us: ");
  if (line == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "aura printed no start-up time:\n%s",
                   err_text);
      return -1;
    }
  return g_ascii_strtoll (line + strlen ("startup-mapped-us: "), NULL, 10) - start;
}

static int
compare_int64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;

  return x < y ? -1 : x > y;
}

static char **
child_environment (void)
{
  g_autofree char *schema_dir = g_build_filename (AURA_BUILD_ROOT, "data", NULL);
  char **envp = g_get_environ ();

  envp = g_environ_setenv (envp, "AURA_REPORT_STARTUP", "1", TRUE);
  envp = g_environ_setenv (envp, "AURA_EXIT_AFTER_MAP", "1", TRUE);
  envp = g_environ_setenv (envp, "AURA_DB", db_path, TRUE);
  envp = g_environ_setenv (envp, "GSETTINGS_BACKEND", "memory", TRUE);
  envp = g_environ_setenv (envp, "GSETTINGS_SCHEMA_DIR", schema_dir, FALSE);
  envp = g_environ_setenv (envp, "NO_AT_BRIDGE", "1", TRUE);
  return envp;
}

int
main (int argc, char *argv[])
{
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path,
      "Store to use; created with 100,000 entities when absent", "PATH" },
    { "aura", 0, 0, G_OPTION_ARG_FILENAME, &aura_path, "The aura binary", "PATH" },
    { "runs", 'n', 0, G_OPTION_ARG_INT, &n_runs, "Number of starts", "N" },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("- time aura's cold start");
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_auto (GStrv) envp = NULL;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_runs < 1)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "--runs must be at least 1");
      return EXIT_FAILURE;
    }
  if (db_path == NULL)
    db_path = g_build_filename (g_get_tmp_dir (), "aura-bench-cold-start.db", NULL);
  if (aura_path == NULL)
    aura_path = g_build_filename (AURA_BUILD_ROOT, "app", "aura", NULL);

  if (!prepare_store (&error) || !ensure_display (&error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  envp = child_environment ();
  /* One start that is not counted, so every counted one finds the
   * binary and its libraries in the page cache as a person's second start
   * would; "cold" means a new process, not an empty page cache. */
  for (int i = -1; i < n_runs; i++)
    {
      gint64 us = run_once (envp, &error);

      if (us < 0)
        {
          g_printerr ("%s\n", error->message);
          if (xvfb_pid != 0)
            kill (xvfb_pid, SIGTERM);
          return EXIT_FAILURE;
        }
      if (i >= 0)
        g_array_append_val (times, us);
    }
  if (xvfb_pid != 0)
    kill (xvfb_pid, SIGTERM);

  g_array_sort (times, compare_int64);
  g_print ("runs: %u (store: %s, %d entities)\n", times->len, db_path, N_ENTITIES);
  g_print ("cold_start_min: %.1f ms\n", g_array_index (times, gint64, 0) / 1000.0);
  g_print ("cold_start_max: %.1f ms\n", g_array_index (times, gint64, times->len - 1) / 1000.0);
  g_print ("cold_start_ms: %.1f ms\n", g_array_index (times, gint64, times->len / 2) / 1000.0);
  return EXIT_SUCCESS;
}
