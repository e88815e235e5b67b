/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-tiktok"
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "aura-tiktok-fetch.h"

/* yt-dlp on an account's profile URL, through its adapter, in a worker
 * thread that owns a main context of its own: the adapter's run lives
 * there, and its line callback feeds each JSON line to an
 * AuraTikTokVideoReader as it arrives. The tool is stopped as soon as
 * max_videos videos were read. The calling thread only sees the end (and
 * the atomic count, for progress), so neither the tool's output nor the
 * JSON parsing ever runs on a UI thread. */

#define YTDLP_ID "yt-dlp"
#define STDERR_SHOWN_CHARS 300

struct _AuraTikTokVideoFetch
{
  GObject parent_instance;

  AuraAdapter *adapter;
  char *handle;
  char *url;
  guint max_videos;
  guint timeout_ms;
  guint grace_ms;

  gboolean started;
  /* Owned by the worker while it runs. */
  AuraTikTokVideoReader *reader;
  gint n_videos; /* atomic */
  gboolean reached_max;
  /* Set by the worker before it returns; read after the task ends. */
  AuraTikTokVideoParse *videos;
  AuraAdapterResult *result;
};

G_DEFINE_FINAL_TYPE (AuraTikTokVideoFetch, aura_tiktok_video_fetch, G_TYPE_OBJECT)

static void
aura_tiktok_video_fetch_finalize (GObject *object)
{
  AuraTikTokVideoFetch *self = AURA_TIKTOK_VIDEO_FETCH (object);

  aura_adapter_unref (self->adapter);
  g_free (self->handle);
  g_free (self->url);
  g_clear_pointer (&self->reader, aura_tiktok_video_reader_free);
  g_clear_pointer (&self->videos, aura_tiktok_video_parse_free);
  g_clear_pointer (&self->result, aura_adapter_result_unref);
  G_OBJECT_CLASS (aura_tiktok_video_fetch_parent_class)->finalize (object);
}

static void
aura_tiktok_video_fetch_class_init (AuraTikTokVideoFetchClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = aura_tiktok_video_fetch_finalize;
}

static void
aura_tiktok_video_fetch_init (AuraTikTokVideoFetch *self)
{
}

/**
 * aura_tiktok_load_ytdlp_adapter:
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the bundled yt-dlp adapter
 */
AuraAdapter *
aura_tiktok_load_ytdlp_adapter (GError **error)
{
  g_autoptr (AuraAdapterList) list = NULL;
  AuraAdapter *adapter;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  list = aura_adapter_list_load_bundled (error);
  if (list == NULL)
    return NULL;
  adapter = aura_adapter_list_lookup (list, YTDLP_ID);
  if (adapter == NULL)
    {
      g_autofree char *dir = aura_adapter_list_get_bundled_dir ();

      /* Translators: %s is a folder. */
      g_set_error (error, AURA_ADAPTER_ERROR, AURA_ADAPTER_ERROR_NOT_FOUND,
                   _ ("The adapter manifests in %s describe no “yt-dlp”; reinstall Aura"), dir);
      return NULL;
    }
  return aura_adapter_ref (adapter);
}

static void
find_ytdlp_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;
  g_autoptr (AuraAdapter) adapter = aura_tiktok_load_ytdlp_adapter (&error);
  g_autoptr (AuraAdapterAvailability) availability = NULL;

  if (adapter == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  availability = aura_adapter_check (adapter, cancellable);
  switch (availability->state)
    {
      case AURA_ADAPTER_AVAILABLE:
        g_task_return_pointer (task, g_steal_pointer (&adapter),
                               (GDestroyNotify)aura_adapter_unref);
        break;
      case AURA_ADAPTER_MISSING:
        g_task_return_new_error (task, AURA_ADAPTER_ERROR, AURA_ADAPTER_ERROR_MISSING, "%s",
                                 availability->detail);
        break;
      case AURA_ADAPTER_BROKEN:
      default:
        g_task_return_new_error (task, AURA_ADAPTER_ERROR, AURA_ADAPTER_ERROR_SPAWN, "%s",
                                 availability->detail);
        break;
    }
}

void
aura_tiktok_find_ytdlp_async (GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, aura_tiktok_find_ytdlp_async);
  g_task_run_in_thread (task, find_ytdlp_thread);
}

/**
 * aura_tiktok_find_ytdlp_finish:
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the yt-dlp adapter, when yt-dlp
 *   can run here
 */
AuraAdapter *
aura_tiktok_find_ytdlp_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == aura_tiktok_find_ytdlp_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * aura_tiktok_video_fetch_new:
 * @adapter: the yt-dlp adapter
 * @options: what to fetch
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the fetch, not started
 */
AuraTikTokVideoFetch *
aura_tiktok_video_fetch_new (AuraAdapter *adapter,
                             const AuraTikTokFetchOptions *options,
                             GError **error)
{
  g_autoptr (AuraTikTokVideoFetch) self = NULL;
  g_autofree char *handle = NULL;

  g_return_val_if_fail (adapter != NULL, NULL);
  g_return_val_if_fail (options != NULL && options->handle != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  handle = aura_tiktok_normalize_handle (options->handle, error);
  if (handle == NULL)
    return NULL;
  self = g_object_new (AURA_TYPE_TIKTOK_VIDEO_FETCH, NULL);
  self->adapter = aura_adapter_ref (adapter);
  self->url = aura_tiktok_profile_url (handle, options->base_url);
  self->handle = g_steal_pointer (&handle);
  self->max_videos = options->max_videos == 0 || options->max_videos > AURA_TIKTOK_FETCH_MAX_VIDEOS
                         ? AURA_TIKTOK_FETCH_MAX_VIDEOS
                         : options->max_videos;
  self->timeout_ms =
      options->timeout_ms > 0 ? options->timeout_ms : AURA_TIKTOK_FETCH_DEFAULT_TIMEOUT_MS;
  self->grace_ms = options->grace_ms;
  return g_steal_pointer (&self);
}

/* ---- The worker ----------------------------------------------------------- */

typedef struct
{
  AuraAdapter *adapter;
  AuraAdapterResult *result;
  GError *error;
  gboolean done;
} Wait;

static void
run_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Wait *wait = user_data;

  wait->result = aura_adapter_run_finish (wait->adapter, result, &wait->error);
  wait->done = TRUE;
}

/* In the worker's context: one line of yt-dlp's stdout. */
static gboolean
line_cb (const char *line, gsize length, gpointer user_data)
{
  AuraTikTokVideoFetch *self = user_data;
  const AuraTikTokVideoParse *parse;

  if (line == NULL)
    aura_tiktok_video_reader_skip_line (self->reader, _ ("longer than 1 MiB"));
  else if (!aura_tiktok_video_reader_add_line (self->reader, line, (gssize)length))
    return FALSE;
  parse = aura_tiktok_video_reader_get_parse (self->reader);
  g_atomic_int_set (&self->n_videos, (gint)parse->videos->len);
  if (parse->videos->len >= self->max_videos)
    {
      self->reached_max = TRUE;
      return FALSE;
    }
  return TRUE;
}

/* The caller's cancellable is cancelled in the caller's thread, while the
 * run watches a cancellable of its own in the worker's context: the
 * cancel is passed on through that context, so that the run's
 * GCancellableSource is only ever cancelled, dispatched and disposed in
 * the worker thread (GLib 2.74 can leak one that is cancelled in one
 * thread while another disposes of it). */
typedef struct
{
  GMainContext *context;
  GCancellable *inner;
} Bridge;

static void
bridge_free (gpointer data)
{
  Bridge *bridge = data;

  g_main_context_unref (bridge->context);
  g_object_unref (bridge->inner);
  g_free (bridge);
}

static gboolean
cancel_inner_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
outer_cancelled_cb (GCancellable *outer, gpointer data)
{
  Bridge *bridge = data;
  GSource *source = g_idle_source_new ();

  g_source_set_callback (source, cancel_inner_cb, g_object_ref (bridge->inner), g_object_unref);
  g_source_attach (source, bridge->context);
  g_source_unref (source);
}

static gboolean
run_tool (AuraTikTokVideoFetch *self, GCancellable *cancellable, GError **error)
{
  g_autoptr (GMainContext) context = g_main_context_new ();
  g_autoptr (GCancellable) inner = g_cancellable_new ();
  g_autofree char *executable = aura_adapter_find_executable (self->adapter);
  AuraAdapterRunOptions options = { 0 };
  Wait wait = { self->adapter, NULL, NULL, FALSE };
  gulong handler = 0;

  if (executable == NULL)
    {
      g_autofree char *names =
          g_strjoinv ("”, “", (char **)aura_adapter_get_executables (self->adapter));

      /* Translators: the first %s is a tool's name, the second program
       * names; the commands are for Debian and Ubuntu, and for pipx. */
      g_set_error (error, AURA_ADAPTER_ERROR, AURA_ADAPTER_ERROR_MISSING,
                   _ ("%s is not installed: no program named “%s” is in the search path (PATH). "
                      "Install it (Debian, Ubuntu: “sudo apt install yt-dlp”; elsewhere: “pipx "
                      "install yt-dlp”), then try again"),
                   aura_adapter_get_name (self->adapter), names);
      return FALSE;
    }
  options.timeout_ms = self->timeout_ms;
  options.grace_ms = self->grace_ms;
  options.max_line = AURA_TIKTOK_MAX_VIDEO_LINE;
  options.on_line = line_cb;
  options.user_data = self;
  g_main_context_push_thread_default (context);
  if (cancellable != NULL)
    {
      Bridge *bridge = g_new0 (Bridge, 1);

      bridge->context = g_main_context_ref (context);
      bridge->inner = g_object_ref (inner);
      handler =
          g_cancellable_connect (cancellable, G_CALLBACK (outer_cancelled_cb), bridge, bridge_free);
    }
  aura_adapter_run_async (self->adapter, AURA_ENTITY_URL, self->url, &options, inner, run_done_cb,
                          &wait);
  while (!wait.done)
    g_main_context_iteration (context, TRUE);
  g_cancellable_disconnect (cancellable, handler);
  g_main_context_pop_thread_default (context);
  self->result = wait.result;
  if (wait.error != NULL)
    {
      g_propagate_error (error, wait.error);
      return FALSE;
    }
  return TRUE;
}

static void
fetch_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  AuraTikTokVideoFetch *self = source;
  GError *error = NULL;
  gboolean ok = run_tool (self, cancellable, &error);

  self->videos = aura_tiktok_video_reader_finish (g_steal_pointer (&self->reader));
  if (!ok)
    g_task_return_error (task, error);
  else if (!g_task_return_error_if_cancelled (task))
    g_task_return_boolean (task, TRUE);
}

void
aura_tiktok_video_fetch_run_async (AuraTikTokVideoFetch *self,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (AURA_IS_TIKTOK_VIDEO_FETCH (self));
  g_return_if_fail (!self->started);

  self->started = TRUE;
  self->reader = aura_tiktok_video_reader_new ();
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, aura_tiktok_video_fetch_run_async);
  /* The worker always runs to the end: the tool must be reaped and the
   * videos read so far kept, even after a cancel. */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, fetch_thread);
}

gboolean
aura_tiktok_video_fetch_run_finish (AuraTikTokVideoFetch *self,
                                    GAsyncResult *result,
                                    GError **error)
{
  g_return_val_if_fail (AURA_IS_TIKTOK_VIDEO_FETCH (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (
      g_task_get_source_tag (G_TASK (result)) == aura_tiktok_video_fetch_run_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
sync_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

gboolean
aura_tiktok_video_fetch_run (AuraTikTokVideoFetch *self, GCancellable *cancellable, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;
  GMainContext *context = g_main_context_get_thread_default ();

  g_return_val_if_fail (AURA_IS_TIKTOK_VIDEO_FETCH (self), FALSE);

  aura_tiktok_video_fetch_run_async (self, cancellable, sync_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  return aura_tiktok_video_fetch_run_finish (self, result, error);
}

/* ---- Getters -------------------------------------------------------------- */

const char *
aura_tiktok_video_fetch_get_handle (AuraTikTokVideoFetch *self)
{
  g_return_val_if_fail (AURA_IS_TIKTOK_VIDEO_FETCH (self), NULL);
  return self->handle;
}

const char *
aura_tiktok_video_fetch_get_url (AuraTikTokVideoFetch *self)
{
  g_return_val_if_fail (AURA_IS_TIKTOK_VIDEO_FETCH (self), NULL);
  return self->url;
}

guint
aura_tiktok_video_fetch_get_n_videos (AuraTikTokVideoFetch *self)
{
  g_return_val_if_fail (AURA_IS_TIKTOK_VIDEO_FETCH (self), 0);
  return (guint)g_atomic_int_get (&self->n_videos);
}

const AuraTikTokVideoParse *
aura_tiktok_video_fetch_get_videos (AuraTikTokVideoFetch *self)
{
  g_return_val_if_fail (AURA_IS_TIKTOK_VIDEO_FETCH (self), NULL);
  return self->videos;
}

AuraAdapterResult *
aura_tiktok_video_fetch_get_result (AuraTikTokVideoFetch *self)
{
  g_return_val_if_fail (AURA_IS_TIKTOK_VIDEO_FETCH (self), NULL);
  return self->result;
}

gboolean
aura_tiktok_video_fetch_get_reached_max (AuraTikTokVideoFetch *self)
{
  g_return_val_if_fail (AURA_IS_TIKTOK_VIDEO_FETCH (self), FALSE);
  return self->reached_max;
}

/* The last line of @text that is not blank, cut to a readable length;
 * NULL when there is none. */
static char *
last_line (const char *text)
{
  g_auto (GStrv) lines = g_strsplit (text != NULL ? text : "", "\n", -1);

  for (guint i = g_strv_length (lines); i > 0; i--)
    {
      char *line = g_strstrip (lines[i - 1]);

      if (*line == '\0')
        continue;
      if (g_utf8_strlen (line, -1) > STDERR_SHOWN_CHARS)
        {
          g_autofree char *cut = g_utf8_substring (line, 0, STDERR_SHOWN_CHARS);

          return g_strconcat (cut, "…", NULL);
        }
      return g_strdup (line);
    }
  return NULL;
}

char *
aura_tiktok_video_fetch_describe_problem (AuraTikTokVideoFetch *self)
{
  AuraAdapterResult *result;
  const char *name;
  guint n;
  g_autofree char *said = NULL;

  g_return_val_if_fail (AURA_IS_TIKTOK_VIDEO_FETCH (self), NULL);

  result = self->result;
  if (result == NULL || self->videos == NULL)
    return NULL;
  name = aura_adapter_get_name (self->adapter);
  n = self->videos->videos->len;
  said = last_line (aura_adapter_result_get_stderr (result));
  switch (aura_adapter_result_get_killed (result))
    {
      case AURA_ADAPTER_KILL_TIMEOUT:
        /* Translators: %s is a tool's name, %u seconds, then a count of
         * videos. */
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%s took longer than %u s and was stopped; the %u "
                                             "video it listed before is kept",
                                             "%s took longer than %u s and was stopped; the %u "
                                             "videos it listed before are kept",
                                             n),
                                name, (self->timeout_ms + 999) / 1000, n);
      case AURA_ADAPTER_KILL_OUTPUT_LIMIT:
        return g_strdup (aura_adapter_result_get_output_error (result));
      case AURA_ADAPTER_KILL_CANCELLED:
        /* Translators: %s is a tool's name, %u a count of videos. */
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s was cancelled after %u video",
                                             "%s was cancelled after %u videos", n),
                                name, n);
      case AURA_ADAPTER_KILL_STOPPED:
        return NULL;
      case AURA_ADAPTER_KILL_NONE:
      default:
        break;
    }
  if (!aura_adapter_result_get_success (result))
    {
      int status = aura_adapter_result_get_exit_status (result);

      if (aura_adapter_result_get_term_signal (result) != 0)
        /* Translators: %s is a tool's name, %d a signal number, then
         * what it said last (or nothing). */
        return g_strdup_printf (_ ("%s was killed by signal %d%s%s"), name,
                                aura_adapter_result_get_term_signal (result),
                                said != NULL ? ": " : "", said != NULL ? said : "");
      /* Translators: %s is a tool's name, %d its exit status, then what it
       * said last (or nothing). */
      return g_strdup_printf (_ ("%s failed with exit status %d%s%s"), name, status,
                              said != NULL ? ": " : "", said != NULL ? said : "");
    }
  if (n == 0)
    {
      if (self->videos->skipped > 0 && self->videos->reasons->len > 0)
        /* Translators: %s is a tool's name, %u a count of lines, the last
         * %s the first reason (“line 2: not a JSON object”). */
        return g_strdup_printf (_ ("%s printed no line that reads as a video (%u skipped; %s)"),
                                name, self->videos->skipped,
                                (const char *)self->videos->reasons->pdata[0]);
      /* Translators: the first %s is a tool's name, the second a URL, then
       * what it said last (or nothing). */
      return g_strdup_printf (_ ("%s listed no videos for %s%s%s"), name, self->url,
                              said != NULL ? ": " : "", said != NULL ? said : "");
    }
  return NULL;
}
