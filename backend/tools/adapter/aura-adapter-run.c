/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-adapter"
#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "aura-adapter-private.h"

/* One run of a tool (README.md, “Running”), as a small state machine on
 * the caller's main context:
 *
 *   RUNNING ──time limit, cancel, output cap──▶ TERMINATING ──grace──▶ KILLED
 *      │                                             │                    │
 *      └──leader exits──▶ DRAINING ──grace──▶ KILLED │                    │
 *                            │                       ▼                    ▼
 *                            └──────────────▶ DONE (leader reaped, both pipes closed)
 *
 * Every signal goes to the whole process group, so that what the tool
 * started dies with it; a member still holding a pipe after the grace is
 * killed too. At DONE the group gets a last SIGKILL for members that let
 * go of the pipes, the output file (if any) is read, and the private
 * folder is removed.
 *
 * A caller that reads the raw lines itself (options.on_line) gets them as
 * they come, split here independently of the mapper, and may stop the
 * tool once it has read enough (AURA_ADAPTER_KILL_STOPPED). */

#define READ_CHUNK 65536
#define FILE_READ_CAP_DEFAULT AURA_ADAPTER_DEFAULT_MAX_OUTPUT

typedef enum
{
  RUN_RUNNING,     /* the tool runs; its output is read as it comes */
  RUN_DRAINING,    /* the leader exited; its pipes are still open */
  RUN_TERMINATING, /* SIGTERM sent to the group; SIGKILL when the grace ends */
  RUN_KILLED,      /* SIGKILL sent; waiting for the pipes and the leader */
  RUN_DONE,
} RunState;

static const char *const state_names[] = { "running", "draining", "terminating", "killed", "done" };

typedef struct
{
  AuraAdapter *adapter;
  AuraAdapterRunOptions options;
  RunState state;
  char *dir;
  GSubprocess *process;
  guint open_streams;
  gboolean exited;
  GSource *deadline;
  GSource *grace;
  GSource *cancel;
  GByteArray *err;
  gsize out_bytes;
  AuraAdapterMapper *mapper;
  AuraAdapterResult *result;
  gint64 started_us;
  /* The line being gathered for options.on_line: its bytes (at most
   * max_line), its whole length, and whether it outgrew max_line. */
  GString *line;
  gsize line_length;
  gboolean line_too_long;
  /* on_line returned FALSE: no more lines are handed over. */
  gboolean lines_stopped;
} Run;

static void
clear_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

static void
run_free (Run *run)
{
  clear_source (&run->deadline);
  clear_source (&run->grace);
  clear_source (&run->cancel);
  if (run->process != NULL && run->state != RUN_DONE)
    aura_adapter_kill_group (run->process, SIGKILL);
  g_clear_object (&run->process);
  if (run->dir != NULL)
    aura_adapter_remove_tree (run->dir);
  g_free (run->dir);
  g_byte_array_unref (run->err);
  g_string_free (run->line, TRUE);
  g_clear_pointer (&run->mapper, aura_adapter_mapper_free);
  g_clear_pointer (&run->result, aura_adapter_result_unref);
  aura_adapter_unref (run->adapter);
  g_free (run);
}

static void
set_state (Run *run, RunState state)
{
  g_debug ("%s: %s → %s", run->adapter->id, state_names[run->state], state_names[state]);
  run->state = state;
}

static GSource *
add_timeout (guint ms, GSourceFunc func, GTask *task)
{
  GSource *source = g_timeout_source_new (ms);

  g_source_set_callback (source, func, task, NULL);
  g_source_attach (source, g_task_get_context (task));
  return source;
}

static void finish (GTask *task);

static gboolean
grace_cb (gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);

  g_clear_pointer (&run->grace, g_source_unref);
  aura_adapter_kill_group (run->process, SIGKILL);
  set_state (run, RUN_KILLED);
  return G_SOURCE_REMOVE;
}

static void
start_grace (GTask *task)
{
  Run *run = g_task_get_task_data (task);

  if (run->grace == NULL)
    run->grace = add_timeout (run->options.grace_ms, grace_cb, task);
}

static void
terminate (GTask *task, AuraAdapterKill reason)
{
  Run *run = g_task_get_task_data (task);

  if (run->state != RUN_RUNNING && run->state != RUN_DRAINING)
    return;
  if (run->result->killed == AURA_ADAPTER_KILL_NONE)
    run->result->killed = reason;
  aura_adapter_kill_group (run->process, SIGTERM);
  set_state (run, RUN_TERMINATING);
  start_grace (task);
}

static gboolean
deadline_cb (gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);

  g_clear_pointer (&run->deadline, g_source_unref);
  terminate (task, AURA_ADAPTER_KILL_TIMEOUT);
  return G_SOURCE_REMOVE;
}

static gboolean
cancelled_cb (GCancellable *cancellable, gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);

  (void)cancellable;
  g_clear_pointer (&run->cancel, g_source_unref);
  terminate (task, AURA_ADAPTER_KILL_CANCELLED);
  return G_SOURCE_REMOVE;
}

static void
maybe_finish (GTask *task)
{
  Run *run = g_task_get_task_data (task);

  if (run->exited && run->open_streams == 0 && run->state != RUN_DONE)
    finish (task);
}

/* ---- Lines handed to the caller ------------------------------------------- */

static void
emit_line (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  gboolean go_on;

  if (run->line_too_long)
    go_on = run->options.on_line (NULL, run->line_length, run->options.user_data);
  else
    {
      if (run->line->len > 0 && run->line->str[run->line->len - 1] == '\r')
        g_string_truncate (run->line, run->line->len - 1);
      go_on = run->options.on_line (run->line->str, run->line->len, run->options.user_data);
    }
  g_string_truncate (run->line, 0);
  run->line_length = 0;
  run->line_too_long = FALSE;
  if (!go_on)
    {
      /* Past the end of the run (the last line, read at DONE) this only
       * stops the lines: the tool already ended by itself. */
      run->lines_stopped = TRUE;
      terminate (task, AURA_ADAPTER_KILL_STOPPED);
    }
}

/* Splits @data into lines for options.on_line; a line that is not ended
 * yet waits in run->line for the next chunk. */
static void
feed_lines (GTask *task, const char *data, gsize length)
{
  Run *run = g_task_get_task_data (task);
  gsize i = 0;

  if (run->options.on_line == NULL)
    return;
  while (i < length && !run->lines_stopped)
    {
      const char *nl = memchr (data + i, '\n', length - i);
      gsize end = nl != NULL ? (gsize)(nl - data) : length;
      gsize piece = end - i;

      run->line_length += piece;
      if (!run->line_too_long && run->line->len + piece <= run->options.max_line)
        g_string_append_len (run->line, data + i, (gssize)piece);
      else if (!run->line_too_long)
        {
          run->line_too_long = TRUE;
          g_string_truncate (run->line, 0);
        }
      if (nl == NULL)
        break;
      emit_line (task);
      i = end + 1;
    }
}

/* The last line, which no line break ended. */
static void
flush_line (GTask *task)
{
  Run *run = g_task_get_task_data (task);

  if (run->options.on_line != NULL && !run->lines_stopped && run->line_length > 0)
    emit_line (task);
}

/* ---- Reading -------------------------------------------------------------- */

static void read_next (GTask *task, GInputStream *stream, gboolean is_stdout);

static void
on_stdout (GTask *task, GBytes *bytes)
{
  Run *run = g_task_get_task_data (task);
  gsize size = g_bytes_get_size (bytes);
  gsize room =
      run->out_bytes < run->options.max_output ? run->options.max_output - run->out_bytes : 0;

  run->out_bytes += size;
  /* An output file is read at the end; stdout is then only chatter. */
  if (run->adapter->output_is_file)
    return;
  if (room > 0)
    {
      aura_adapter_mapper_feed (run->mapper, g_bytes_get_data (bytes, NULL), MIN (size, room));
      feed_lines (task, g_bytes_get_data (bytes, NULL), MIN (size, room));
    }
  if (size > room)
    terminate (task, AURA_ADAPTER_KILL_OUTPUT_LIMIT);
}

static void
on_stderr (Run *run, GBytes *bytes)
{
  g_byte_array_append (run->err, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  /* Keep the end only; trimming in halves keeps the copying linear. */
  if (run->err->len > 2 * AURA_ADAPTER_STDERR_KEEP)
    g_byte_array_remove_range (run->err, 0, run->err->len - AURA_ADAPTER_STDERR_KEEP);
}

static void
read_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  GInputStream *stream = G_INPUT_STREAM (object);
  gboolean is_stdout = stream == g_subprocess_get_stdout_pipe (run->process);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = g_input_stream_read_bytes_finish (stream, result, &error);

  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      if (error != NULL)
        g_debug ("%s: reading the tool's output: %s", run->adapter->id, error->message);
      run->open_streams--;
      maybe_finish (task);
      return;
    }
  if (is_stdout)
    on_stdout (task, bytes);
  else
    on_stderr (run, bytes);
  read_next (task, stream, is_stdout);
}

static void
read_next (GTask *task, GInputStream *stream, gboolean is_stdout)
{
  (void)is_stdout;
  g_input_stream_read_bytes_async (stream, READ_CHUNK, G_PRIORITY_DEFAULT, NULL, read_done_cb,
                                   g_object_ref (task));
}

static void
wait_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  Run *run = g_task_get_task_data (task);

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  run->exited = TRUE;
  if (run->open_streams > 0 && run->state == RUN_RUNNING)
    {
      /* Something the tool started still holds its output open. */
      set_state (run, RUN_DRAINING);
      start_grace (task);
    }
  maybe_finish (task);
}

/* ---- The end -------------------------------------------------------------- */

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *)a, *(const char *const *)b);
}

/* Feeds the output files (name order) to the mapper and the line
 * callback. */
static void
read_output_files (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  g_autoptr (GPatternSpec) pattern = g_pattern_spec_new (run->adapter->output_file);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GDir) dir = g_dir_open (run->dir, 0, NULL);
  const char *name;
  gsize budget = run->options.max_output;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_pattern_spec_match_string (pattern, name))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  if (names->len == 0)
    {
      /* Translators: %s is a file name pattern (“*.csv”). */
      g_autofree char *message = g_strdup_printf (_ ("The tool wrote no output file matching “%s”"),
                                                  run->adapter->output_file);

      aura_adapter_mapper_set_error (run->mapper, message);
      return;
    }
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (run->dir, names->pdata[i], NULL);
      g_autoptr (GMappedFile) file = NULL;
      g_autoptr (GError) error = NULL;
      gsize length;

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK) || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      file = g_mapped_file_new (path, FALSE, &error);
      if (file == NULL)
        {
          aura_adapter_mapper_set_error (run->mapper, error->message);
          continue;
        }
      length = g_mapped_file_get_length (file);
      if (length > budget)
        {
          /* Translators: %s is a file name, %u a size in MiB. */
          g_autofree char *message = g_strdup_printf (
              _ ("The output file %s is larger than %u MiB; it was not read"),
              (const char *)names->pdata[i], (guint)(run->options.max_output / (1024 * 1024)));

          aura_adapter_mapper_set_error (run->mapper, message);
          continue;
        }
      budget -= length;
      if (length > 0)
        {
          aura_adapter_mapper_feed (run->mapper, g_mapped_file_get_contents (file), length);
          feed_lines (task, g_mapped_file_get_contents (file), length);
        }
      aura_adapter_mapper_finish (run->mapper);
      flush_line (task);
    }
}

static gboolean
is_success_code (Run *run, int code)
{
  for (guint i = 0; i < run->adapter->success_codes->len; i++)
    if (g_array_index (run->adapter->success_codes, int, i) == code)
      return TRUE;
  return FALSE;
}

static void
fill_result (Run *run)
{
  AuraAdapterResult *result = run->result;
  GPtrArray *reasons = aura_adapter_mapper_get_reasons (run->mapper);

  if (g_subprocess_get_if_exited (run->process))
    result->exit_status = g_subprocess_get_exit_status (run->process);
  else if (g_subprocess_get_if_signaled (run->process))
    result->term_signal = g_subprocess_get_term_sig (run->process);
  result->success = result->killed == AURA_ADAPTER_KILL_NONE && result->exit_status >= 0 &&
                    is_success_code (run, result->exit_status);
  g_free (result->stderr_text);
  result->stderr_text =
      aura_adapter_tail_utf8 (run->err->data, run->err->len, AURA_ADAPTER_STDERR_KEEP);
  g_ptr_array_unref (result->findings);
  result->findings = g_ptr_array_ref (aura_adapter_mapper_get_findings (run->mapper));
  result->n_mapped = aura_adapter_mapper_get_n_mapped (run->mapper);
  result->n_skipped = aura_adapter_mapper_get_n_skipped (run->mapper);
  g_ptr_array_set_size (result->reasons, 0);
  for (guint i = 0; i + 1 < reasons->len; i++)
    g_ptr_array_add (result->reasons, g_strdup (reasons->pdata[i]));
  g_ptr_array_add (result->reasons, NULL);
  result->output_error = g_strdup (aura_adapter_mapper_get_error (run->mapper));
  if (result->output_error == NULL && result->killed == AURA_ADAPTER_KILL_OUTPUT_LIMIT)
    /* Translators: %u is a size in MiB. */
    result->output_error = g_strdup_printf (_ ("The tool wrote more than %u MiB; it was stopped "
                                               "and what came before was read"),
                                            (guint)(run->options.max_output / (1024 * 1024)));
  result->duration_ms = (guint)((g_get_monotonic_time () - run->started_us) / 1000);
}

static void
finish (GTask *task)
{
  Run *run = g_task_get_task_data (task);

  /* Members of the group that let go of the pipes but live on. */
  aura_adapter_kill_group (run->process, SIGKILL);
  set_state (run, RUN_DONE);
  clear_source (&run->deadline);
  clear_source (&run->grace);
  clear_source (&run->cancel);
  if (run->adapter->output_is_file)
    read_output_files (task);
  else
    {
      aura_adapter_mapper_finish (run->mapper);
      flush_line (task);
    }
  fill_result (run);
  g_task_return_pointer (task, aura_adapter_result_ref (run->result),
                         (GDestroyNotify)aura_adapter_result_unref);
}

/* ---- Starting ------------------------------------------------------------- */

static gboolean
check_input (AuraAdapter *adapter, AuraEntityType type, const char *value, GError **error)
{
  if (!aura_adapter_accepts (adapter, type))
    {
      /* Translators: the first %s is a tool's name, the second a kind of
       * value (“Email address”). */
      g_set_error (error, AURA_ADAPTER_ERROR, AURA_ADAPTER_ERROR_INPUT,
                   _ ("%s does not take a value of type %s"), adapter->name,
                   aura_entity_type_get_label (type));
      return FALSE;
    }
  if (*value == '\0' || strlen (value) > AURA_ADAPTER_VALUE_MAX_BYTES ||
      !g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, AURA_ADAPTER_ERROR, AURA_ADAPTER_ERROR_INPUT,
                   _ ("The value is empty, too long or not valid UTF-8"));
      return FALSE;
    }
  for (const char *p = value; *p != '\0'; p++)
    if ((guchar)*p < 0x20 || *p == 0x7f)
      {
        g_set_error (error, AURA_ADAPTER_ERROR, AURA_ADAPTER_ERROR_INPUT,
                     _ ("The value holds control characters; it cannot be given to a tool"));
        return FALSE;
      }
  /* A value alone in an argument that starts with “-” would be read as
   * an option by the tool. */
  if (value[0] == '-' && g_strv_contains ((const char *const *)adapter->arguments, "{value}"))
    {
      g_set_error (error, AURA_ADAPTER_ERROR, AURA_ADAPTER_ERROR_INPUT,
                   _ ("“%s” starts with “-” and would be taken for an option by %s"), value,
                   adapter->name);
      return FALSE;
    }
  return TRUE;
}

static char *
expand_argument (const char *argument, GHashTable *vars)
{
  g_autoptr (GString) out = g_string_new (NULL);
  const char *p = argument;

  while (*p != '\0')
    {
      const char *end;

      if (*p == '{' && (end = strchr (p, '}')) != NULL)
        {
          g_autofree char *name = g_strndup (p + 1, end - p - 1);
          const char *value = g_hash_table_lookup (vars, name);

          if (value != NULL)
            {
              g_string_append (out, value);
              p = end + 1;
              continue;
            }
        }
      g_string_append_c (out, *p++);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static GStrv
build_argv (Run *run, const char *executable, const char *value, guint timeout_ms)
{
  g_autoptr (GHashTable) vars = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr (GStrvBuilder) argv = g_strv_builder_new ();

  g_hash_table_insert (vars, "value", g_strdup (value));
  g_hash_table_insert (vars, "output_dir", g_strdup (run->dir));
  g_hash_table_insert (vars, "output_file", g_build_filename (run->dir, "output", NULL));
  g_hash_table_insert (vars, "timeout_s", g_strdup_printf ("%u", (timeout_ms + 999) / 1000));
  g_strv_builder_add (argv, executable);
  for (guint i = 0; run->adapter->arguments[i] != NULL; i++)
    {
      g_autofree char *argument = expand_argument (run->adapter->arguments[i], vars);

      g_strv_builder_add (argv, argument);
    }
  return g_strv_builder_end (argv);
}

void
aura_adapter_run_async (AuraAdapter *adapter,
                        AuraEntityType type,
                        const char *value,
                        const AuraAdapterRunOptions *options,
                        GCancellable *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *executable = NULL;
  g_auto (GStrv) argv = NULL;
  Run *run;
  guint timeout_ms;

  g_return_if_fail (adapter != NULL);
  g_return_if_fail (value != NULL);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, aura_adapter_run_async);
  /* A cancelled run still returns its result: what was found and why it
   * stopped. */
  g_task_set_check_cancellable (task, FALSE);
  run = g_new0 (Run, 1);
  run->adapter = aura_adapter_ref (adapter);
  run->err = g_byte_array_new ();
  run->line = g_string_new (NULL);
  run->result = aura_adapter_result_new ();
  run->started_us = g_get_monotonic_time ();
  if (options != NULL)
    run->options = *options;
  if (run->options.grace_ms == 0)
    run->options.grace_ms = AURA_ADAPTER_DEFAULT_GRACE_MS;
  if (run->options.max_output == 0)
    run->options.max_output = AURA_ADAPTER_DEFAULT_MAX_OUTPUT;
  if (run->options.max_line == 0)
    run->options.max_line = AURA_ADAPTER_DEFAULT_MAX_LINE;
  g_task_set_task_data (task, run, (GDestroyNotify)run_free);
  timeout_ms = run->options.timeout_ms > 0 ? run->options.timeout_ms : adapter->timeout_s * 1000;

  if (!check_input (adapter, type, value, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  executable = aura_adapter_find_executable (adapter);
  if (executable == NULL)
    {
      g_autofree char *names = g_strjoinv (", ", adapter->executables);

      /* Translators: the first %s is a tool's name, the second a list of
       * program names. */
      g_task_return_new_error (task, AURA_ADAPTER_ERROR, AURA_ADAPTER_ERROR_MISSING,
                               _ ("%s is not installed: none of %s is in the search path"),
                               adapter->name, names);
      return;
    }
  run->dir = g_dir_make_tmp ("aura-adapter-XXXXXX", &error);
  if (run->dir == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  run->mapper = aura_adapter_mapper_new (adapter, type, value, run->options.on_finding,
                                         run->options.user_data);
  argv = build_argv (run, executable, value, timeout_ms);
  run->process = aura_adapter_spawn ((const char *const *)argv, run->dir, adapter, &error);
  if (run->process == NULL)
    {
      /* Translators: the first %s is a tool's name, the second why. */
      g_task_return_new_error (task, AURA_ADAPTER_ERROR, AURA_ADAPTER_ERROR_SPAWN,
                               _ ("%s could not be started: %s"), adapter->name, error->message);
      return;
    }
  g_debug ("%s: started as process group %s", adapter->id,
           g_subprocess_get_identifier (run->process));
  run->open_streams = 2;
  read_next (task, g_subprocess_get_stdout_pipe (run->process), TRUE);
  read_next (task, g_subprocess_get_stderr_pipe (run->process), FALSE);
  g_subprocess_wait_async (run->process, NULL, wait_done_cb, g_object_ref (task));
  run->deadline = add_timeout (timeout_ms, deadline_cb, task);
  if (cancellable != NULL)
    {
      run->cancel = g_cancellable_source_new (cancellable);
      g_source_set_callback (run->cancel, (GSourceFunc)(void (*) (void))cancelled_cb, task, NULL);
      g_source_attach (run->cancel, g_task_get_context (task));
    }
}

AuraAdapterResult *
aura_adapter_run_finish (AuraAdapter *adapter, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (adapter != NULL, NULL);
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == aura_adapter_run_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
