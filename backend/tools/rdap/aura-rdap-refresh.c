/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-rdap"
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "aura-rdap-private.h"

/* Downloading the four IANA bootstrap files through the engine. A file is
 * only written when it validates, and then through a temporary file renamed
 * over the old one, so a reader never sees half a file and a bad download
 * never replaces a good copy. */

#define MAX_BOOTSTRAP_BYTES (16 * 1024 * 1024)

typedef struct
{
  AuraEngine *engine;
  char *cache_dir;
  GPtrArray *updates; /* AuraRdapBootstrapUpdate, in registry order */
  guint pending;
  guint64 group;
  GCancellable *cancellable;
  gulong cancel_id;
} Refresh;

void
aura_rdap_bootstrap_update_free (AuraRdapBootstrapUpdate *update)
{
  if (update == NULL)
    return;
  g_free (update->url);
  g_free (update->path);
  g_clear_error (&update->error);
  g_free (update);
}

static void
refresh_free (Refresh *refresh)
{
  if (refresh->cancel_id != 0)
    g_cancellable_disconnect (refresh->cancellable, refresh->cancel_id);
  g_clear_object (&refresh->cancellable);
  g_clear_object (&refresh->engine);
  g_free (refresh->cache_dir);
  g_ptr_array_unref (refresh->updates);
  g_free (refresh);
}

/* Validates the download and replaces the cached copy. */
static void
keep (AuraRdapBootstrapUpdate *update, const char *cache_dir, const AuraHttpResponse *response)
{
  g_autofree char *path = NULL;
  const char *text;
  gsize len = 0;

  if (response->outcome != AURA_HTTP_OK)
    {
      g_set_error (&update->error, AURA_RDAP_ERROR, AURA_RDAP_ERROR_NETWORK, "%s: %s", update->url,
                   response->error_message != NULL
                       ? response->error_message
                       : aura_http_outcome_to_string (response->outcome));
      return;
    }
  if (response->status != 200)
    {
      g_set_error (&update->error, AURA_RDAP_ERROR, AURA_RDAP_ERROR_HTTP,
                   _ ("%s answered with HTTP status %u; the old copy is kept"), update->url,
                   response->status);
      return;
    }
  if (response->truncated)
    {
      g_set_error (&update->error, AURA_RDAP_ERROR, AURA_RDAP_ERROR_TOO_LARGE,
                   _ ("%s is larger than 16 MiB; the old copy is kept"), update->url);
      return;
    }
  text = aura_http_response_get_text (response, &len);
  if (!aura_rdap_bootstrap_validate (text, len, update->registry, &update->n_services,
                                     &update->error))
    {
      g_prefix_error (&update->error, _ ("%s (the old copy is kept): "), update->url);
      return;
    }
  if (g_mkdir_with_parents (cache_dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (&update->error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _ ("Cannot create the folder “%s”: %s"), cache_dir, g_strerror (saved));
      return;
    }
  path = g_build_filename (cache_dir, aura_rdap_registry_get_file_name (update->registry), NULL);
  if (g_file_set_contents_full (path, text, (gssize)len, G_FILE_SET_CONTENTS_CONSISTENT, 0644,
                                &update->error))
    update->path = g_steal_pointer (&path);
}

/* One download: the task and which file. */
typedef struct
{
  GTask *task;
  guint index;
} Fetch;

static void
fetched_cb (AuraEngine *engine, AuraHttpResponse *response, gpointer data)
{
  Fetch *fetch = data;
  g_autoptr (GTask) task = fetch->task;
  g_autoptr (AuraHttpResponse) owned = response;
  Refresh *refresh = g_task_get_task_data (task);
  AuraRdapBootstrapUpdate *update = refresh->updates->pdata[fetch->index];

  g_free (fetch);
  if (response->outcome == AURA_HTTP_ERROR_CANCELLED)
    g_set_error_literal (&update->error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                         _ ("The download was cancelled; the old copy is kept"));
  else
    keep (update, refresh->cache_dir, response);
  if (--refresh->pending > 0)
    return;
  if (g_cancellable_is_cancelled (refresh->cancellable))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             _ ("Refreshing the RDAP bootstrap files was cancelled"));
  else
    g_task_return_pointer (task, g_ptr_array_ref (refresh->updates),
                           (GDestroyNotify)g_ptr_array_unref);
}

static void
cancelled_cb (GCancellable *cancellable, gpointer data)
{
  Refresh *refresh = data;

  aura_engine_cancel_group (refresh->engine, refresh->group);
}

void
aura_rdap_bootstrap_refresh_async (AuraEngine *engine,
                                   const char *base_url,
                                   const char *cache_dir,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data)
{
  static const char *const headers[] = { "Accept: application/json", NULL };
  g_autoptr (GTask) task = NULL;
  g_autofree char *base = NULL;
  Refresh *refresh;

  g_return_if_fail (AURA_IS_ENGINE (engine));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (base_url == NULL)
    base_url = AURA_RDAP_IANA_BOOTSTRAP_URL;
  base = g_str_has_suffix (base_url, "/") ? g_strdup (base_url) : g_strconcat (base_url, "/", NULL);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, aura_rdap_bootstrap_refresh_async);
  refresh = g_new0 (Refresh, 1);
  refresh->engine = g_object_ref (engine);
  refresh->cache_dir =
      cache_dir != NULL ? g_strdup (cache_dir) : aura_rdap_bootstrap_get_cache_dir ();
  refresh->updates =
      g_ptr_array_new_with_free_func ((GDestroyNotify)aura_rdap_bootstrap_update_free);
  refresh->group = aura_engine_new_group (engine);
  refresh->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  g_task_set_task_data (task, refresh, (GDestroyNotify)refresh_free);
  if (cancellable != NULL)
    refresh->cancel_id =
        g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), refresh, NULL);

  for (guint r = 0; r < AURA_RDAP_N_REGISTRIES; r++)
    {
      AuraRdapBootstrapUpdate *update = g_new0 (AuraRdapBootstrapUpdate, 1);

      update->registry = r;
      update->url = g_strconcat (base, aura_rdap_registry_get_file_name (r), NULL);
      g_ptr_array_add (refresh->updates, update);
    }
  refresh->pending = AURA_RDAP_N_REGISTRIES;
  for (guint r = 0; r < AURA_RDAP_N_REGISTRIES; r++)
    {
      AuraHttpRequest request = AURA_HTTP_REQUEST_INIT;
      Fetch *fetch = g_new0 (Fetch, 1);

      fetch->task = g_object_ref (task);
      fetch->index = r;
      request.url = ((AuraRdapBootstrapUpdate *)refresh->updates->pdata[r])->url;
      request.headers = headers;
      request.max_body = MAX_BOOTSTRAP_BYTES + 1;
      request.group = refresh->group;
      aura_engine_submit (engine, &request, fetched_cb, fetch);
    }
}

GPtrArray *
aura_rdap_bootstrap_refresh_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (
      g_task_get_source_tag (G_TASK (result)) == aura_rdap_bootstrap_refresh_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

GPtrArray *
aura_rdap_bootstrap_refresh_run (AuraEngine *engine,
                                 const char *base_url,
                                 const char *cache_dir,
                                 GError **error)
{
  g_autoptr (GMainContext) context = g_main_context_new ();
  g_autoptr (GAsyncResult) result = NULL;
  GPtrArray *updates;

  g_return_val_if_fail (AURA_IS_ENGINE (engine), NULL);

  g_main_context_push_thread_default (context);
  aura_rdap_bootstrap_refresh_async (engine, base_url, cache_dir, NULL, aura_rdap_store_result_cb,
                                     &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  updates = aura_rdap_bootstrap_refresh_finish (result, error);
  g_main_context_pop_thread_default (context);
  return updates;
}
