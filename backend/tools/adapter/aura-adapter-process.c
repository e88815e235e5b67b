/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-adapter"
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "aura-adapter-private.h"

/* Finding a tool, starting it in a process group of its own, killing the
 * group, and the version probe that says whether a tool is usable. */

/* ---- Finding the executable --------------------------------------------- */

static char *
find_in (const char *search_path, const char *name)
{
  g_auto (GStrv) dirs = NULL;

  if (search_path == NULL || *search_path == '\0')
    return NULL;
  dirs = g_strsplit (search_path, G_SEARCHPATH_SEPARATOR_S, -1);
  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *candidate = NULL;

      /* An empty entry would mean the current folder, which a tool finder
       * must never search. */
      if (dirs[i][0] != '/')
        continue;
      candidate = g_build_filename (dirs[i], name, NULL);
      if (g_file_test (candidate, G_FILE_TEST_IS_REGULAR) && g_access (candidate, X_OK) == 0)
        return g_steal_pointer (&candidate);
    }
  return NULL;
}

char *
aura_adapter_find_executable (const AuraAdapter *adapter)
{
  g_return_val_if_fail (adapter != NULL, NULL);
  for (guint i = 0; adapter->executables[i] != NULL; i++)
    {
      char *found = find_in (g_getenv ("AURA_ADAPTER_PATH"), adapter->executables[i]);

      if (found == NULL)
        found = find_in (g_getenv ("PATH"), adapter->executables[i]);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* ---- Processes ------------------------------------------------------------ */

static void
child_setup (gpointer user_data)
{
  (void)user_data;
  /* A group of its own, so that one kill reaches every process the tool
   * starts (Python workers, browsers, resolvers…). Only async-signal-safe
   * calls here: this runs between fork and exec. */
  setpgid (0, 0);
}

GSubprocess *
aura_adapter_spawn (const char *const *argv,
                    const char *cwd,
                    const AuraAdapter *adapter,
                    GError **error)
{
  g_autoptr (GSubprocessLauncher) launcher =
      g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  GSubprocess *process;

  g_subprocess_launcher_set_stdin_file_path (launcher, "/dev/null");
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  if (cwd != NULL)
    g_subprocess_launcher_set_cwd (launcher, cwd);
  /* Tools that colour or animate their output when they think a person
   * watches it are told nobody does. */
  g_subprocess_launcher_setenv (launcher, "NO_COLOR", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "TERM", "dumb", TRUE);
  if (adapter != NULL)
    {
      for (guint i = 0; adapter->env_unset != NULL && adapter->env_unset[i] != NULL; i++)
        g_subprocess_launcher_unsetenv (launcher, adapter->env_unset[i]);
      for (guint i = 0; adapter->env_set != NULL && adapter->env_set[i] != NULL; i++)
        {
          const char *eq = strchr (adapter->env_set[i], '=');
          g_autofree char *name = g_strndup (adapter->env_set[i], eq - adapter->env_set[i]);

          g_subprocess_launcher_setenv (launcher, name, eq + 1, TRUE);
        }
    }
  process = g_subprocess_launcher_spawnv (launcher, argv, error);
  /* Kept for after the leader is reaped, when GLib forgets its pid. */
  if (process != NULL)
    g_object_set_data_full (G_OBJECT (process), "aura-pgid",
                            g_strdup (g_subprocess_get_identifier (process)), g_free);
  return process;
}

void
aura_adapter_kill_group (GSubprocess *process, int signum)
{
  const char *identifier = g_subprocess_get_identifier (process);
  gint64 pid;

  /* The identifier is NULL once the leader has been reaped; its pid is
   * the group's id, which stays valid while any member lives. */
  if (identifier == NULL)
    identifier = g_object_get_data (G_OBJECT (process), "aura-pgid");
  if (identifier == NULL || !g_ascii_string_to_signed (identifier, 10, 2, G_MAXINT, &pid, NULL))
    return;
  if (kill (-(pid_t)pid, signum) < 0 && errno != ESRCH)
    g_debug ("kill (-%" G_GINT64_FORMAT ", %d): %s", pid, signum, g_strerror (errno));
}

char *
aura_adapter_tail_utf8 (const guint8 *bytes, gsize length, gsize keep)
{
  gsize start = length > keep ? length - keep : 0;

  if (bytes == NULL || length == 0)
    return g_strdup ("");
  /* Start on a character boundary rather than with a replacement mark. */
  while (start > 0 && start < length && (bytes[start] & 0xc0) == 0x80)
    start++;
  return g_utf8_make_valid ((const char *)bytes + start, (gssize)(length - start));
}

void
aura_adapter_remove_tree (const char *dir)
{
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        aura_adapter_remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

/* ---- Availability --------------------------------------------------------- */

G_DEFINE_BOXED_TYPE (AuraAdapterAvailability,
                     aura_adapter_availability,
                     aura_adapter_availability_copy,
                     aura_adapter_availability_free)

AuraAdapterAvailability *
aura_adapter_availability_copy (const AuraAdapterAvailability *self)
{
  AuraAdapterAvailability *copy;

  g_return_val_if_fail (self != NULL, NULL);
  copy = g_new0 (AuraAdapterAvailability, 1);
  copy->state = self->state;
  copy->path = g_strdup (self->path);
  copy->version = g_strdup (self->version);
  copy->detail = g_strdup (self->detail);
  return copy;
}

void
aura_adapter_availability_free (AuraAdapterAvailability *self)
{
  if (self == NULL)
    return;
  g_free (self->path);
  g_free (self->version);
  g_free (self->detail);
  g_free (self);
}

typedef struct
{
  gboolean done;
  gboolean timed_out;
  char *out;
  char *err;
  GError *error;
} Probe;

static void
probe_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Probe *probe = user_data;
  g_autoptr (GBytes) out = NULL, err = NULL;

  if (g_subprocess_communicate_finish (G_SUBPROCESS (object), result, &out, &err, &probe->error))
    {
      probe->out = out != NULL ? aura_adapter_tail_utf8 (g_bytes_get_data (out, NULL),
                                                         g_bytes_get_size (out), 4096)
                               : g_strdup ("");
      probe->err = err != NULL ? aura_adapter_tail_utf8 (g_bytes_get_data (err, NULL),
                                                         g_bytes_get_size (err), 4096)
                               : g_strdup ("");
    }
  probe->done = TRUE;
}

static gboolean
probe_timeout_cb (gpointer user_data)
{
  GSubprocess *process = user_data;
  Probe *probe = g_object_get_data (G_OBJECT (process), "aura-probe");

  probe->timed_out = TRUE;
  aura_adapter_kill_group (process, SIGKILL);
  return G_SOURCE_REMOVE;
}

static AuraAdapterAvailability *
broken (const char *path, const char *message, const char *err)
{
  AuraAdapterAvailability *self = g_new0 (AuraAdapterAvailability, 1);
  g_autofree char *excerpt = NULL;

  self->state = AURA_ADAPTER_BROKEN;
  self->path = g_strdup (path);
  excerpt = err != NULL ? g_strstrip (g_strdup (err)) : NULL;
  if (excerpt != NULL && g_utf8_strlen (excerpt, -1) > 400)
    {
      g_autofree char *cut = g_utf8_substring (excerpt, g_utf8_strlen (excerpt, -1) - 400,
                                               g_utf8_strlen (excerpt, -1));

      g_free (excerpt);
      excerpt = g_steal_pointer (&cut);
    }
  /* Translators: the first %s says what failed, the second is the end of
   * what the tool wrote on its error output. */
  self->detail = excerpt != NULL && *excerpt != '\0'
                     ? g_strdup_printf (_ ("%s. It said: %s"), message, excerpt)
                     : g_strdup (message);
  return self;
}

/* Runs the probe in a private main context (this may be a worker thread). */
static AuraAdapterAvailability *
run_probe (AuraAdapter *adapter, const char *path, GCancellable *cancellable)
{
  g_autoptr (GMainContext) context = g_main_context_new ();
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GSource) timeout = NULL;
  g_autoptr (GMatchInfo) match = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *both = NULL;
  AuraAdapterAvailability *self;
  Probe probe = { 0 };

  g_ptr_array_add (argv, (char *)path);
  for (guint i = 0; adapter->probe_args[i] != NULL; i++)
    g_ptr_array_add (argv, adapter->probe_args[i]);
  g_ptr_array_add (argv, NULL);
  g_main_context_push_thread_default (context);
  process = aura_adapter_spawn ((const char *const *)argv->pdata, NULL, adapter, &error);
  if (process == NULL)
    {
      g_main_context_pop_thread_default (context);
      return broken (path, error->message, NULL);
    }
  g_object_set_data (G_OBJECT (process), "aura-probe", &probe);
  g_subprocess_communicate_async (process, NULL, cancellable, probe_done_cb, &probe);
  timeout = g_timeout_source_new (AURA_ADAPTER_PROBE_TIMEOUT_MS);
  g_source_set_callback (timeout, probe_timeout_cb, process, NULL);
  g_source_attach (timeout, context);
  while (!probe.done)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timeout);
  if (probe.error != NULL)
    {
      aura_adapter_kill_group (process, SIGKILL);
      g_subprocess_wait (process, NULL, NULL);
    }
  g_main_context_pop_thread_default (context);

  if (probe.timed_out)
    self = broken (path, _ ("Its version check did not answer within a few seconds"), probe.err);
  else if (probe.error != NULL)
    self = broken (path, probe.error->message, NULL);
  else if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    self = broken (path, _ ("Its version check failed"), probe.err);
  else
    {
      both = g_strconcat (probe.out, "\n", probe.err, NULL);
      if (!g_regex_match (adapter->probe_pattern, both, 0, &match))
        self = broken (path, _ ("Its version check printed something unexpected"), both);
      else
        {
          self = g_new0 (AuraAdapterAvailability, 1);
          self->state = AURA_ADAPTER_AVAILABLE;
          self->path = g_strdup (path);
          self->version = g_match_info_fetch (match, g_match_info_get_match_count (match) > 1);
          /* Translators: %s is a version number. */
          self->detail = g_strdup_printf (_ ("Version %s"), self->version);
        }
    }
  g_clear_error (&probe.error);
  g_free (probe.out);
  g_free (probe.err);
  return self;
}

AuraAdapterAvailability *
aura_adapter_check (AuraAdapter *adapter, GCancellable *cancellable)
{
  g_autofree char *path = NULL;
  AuraAdapterAvailability *self;

  g_return_val_if_fail (adapter != NULL, NULL);
  path = aura_adapter_find_executable (adapter);
  if (path == NULL)
    {
      g_autofree char *names = g_strjoinv (", ", adapter->executables);

      self = g_new0 (AuraAdapterAvailability, 1);
      self->state = AURA_ADAPTER_MISSING;
      /* Translators: %s is a list of program names. */
      self->detail = g_strdup_printf (_ ("Not installed: none of %s is in the search path"), names);
      return self;
    }
  if (adapter->probe_args == NULL)
    {
      self = g_new0 (AuraAdapterAvailability, 1);
      self->state = AURA_ADAPTER_AVAILABLE;
      self->path = g_steal_pointer (&path);
      self->detail = g_strdup (_ ("Installed"));
      return self;
    }
  return run_probe (adapter, path, cancellable);
}
