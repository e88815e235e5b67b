/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-scan"
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "aura-site-update.h"

static const AuraSiteSource default_sources[] = {
  { "sherlock",
    "https://raw.githubusercontent.com/sherlock-project/sherlock/master/sherlock_project/"
    "resources/data.json" },
  { "maigret", "https://raw.githubusercontent.com/soxoj/maigret/main/maigret/resources/data.json" },
  { "whatsmyname", "https://raw.githubusercontent.com/WebBreacher/WhatsMyName/main/wmn-data.json" },
};

typedef struct
{
  AuraSiteUpdate *update;
  const char *dir;
  guint *pending;
} Fetch;

const AuraSiteSource *
aura_site_sources_get_default (guint *n_sources)
{
  g_return_val_if_fail (n_sources != NULL, NULL);
  *n_sources = G_N_ELEMENTS (default_sources);
  return default_sources;
}

void
aura_site_update_free (AuraSiteUpdate *update)
{
  if (update == NULL)
    return;
  g_free (update->name);
  g_free (update->url);
  g_free (update->saved_path);
  g_clear_pointer (&update->report, aura_site_report_free);
  g_clear_error (&update->error);
  g_free (update);
}

/* Imports the downloaded text and replaces NAME.json. */
static void
keep (AuraSiteUpdate *update, const char *dir, const AuraHttpResponse *response)
{
  g_autoptr (AuraSiteList) list = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *path = NULL;
  const char *text;
  gsize len;

  if (response->outcome != AURA_HTTP_OK)
    {
      g_set_error (&update->error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", update->url,
                   response->error_message != NULL
                       ? response->error_message
                       : aura_http_outcome_to_string (response->outcome));
      return;
    }
  if (response->status != 200)
    {
      g_set_error (&update->error, G_IO_ERROR, G_IO_ERROR_FAILED, _ ("%s answered with status %u"),
                   update->url, response->status);
      return;
    }
  if (response->truncated)
    {
      g_set_error (&update->error, AURA_MANIFEST_ERROR, AURA_MANIFEST_ERROR_TOO_LARGE,
                   _ ("%s: larger than %d MB; not kept"), update->url,
                   AURA_MANIFEST_MAX_BYTES / (1024 * 1024));
      return;
    }
  text = aura_http_response_get_text (response, &len);
  list =
      aura_site_list_import_data (text, (gssize)len, update->url, &update->report, &update->error);
  if (list == NULL)
    return;
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (&update->error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _ ("Cannot create the folder “%s”: %s"), dir, g_strerror (saved_errno));
      return;
    }
  file_name = g_strconcat (update->name, ".json", NULL);
  path = g_build_filename (dir, file_name, NULL);
  if (aura_site_list_save_file (list, path, &update->error))
    update->saved_path = g_steal_pointer (&path);
}

static void
fetched_cb (AuraEngine *engine, AuraHttpResponse *response, gpointer data)
{
  Fetch *fetch = data;

  keep (fetch->update, fetch->dir, response);
  aura_http_response_free (response);
  (*fetch->pending)--;
  g_free (fetch);
  g_main_context_wakeup (g_main_context_get_thread_default ());
}

GPtrArray *
aura_site_update_run (AuraEngine *engine,
                      const AuraSiteSource *sources,
                      guint n_sources,
                      const char *dir)
{
  g_autoptr (GPtrArray) updates =
      g_ptr_array_new_with_free_func ((GDestroyNotify)aura_site_update_free);
  GMainContext *context = g_main_context_ref_thread_default ();
  guint pending = 0;

  g_return_val_if_fail (AURA_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (sources != NULL || n_sources == 0, NULL);
  g_return_val_if_fail (dir != NULL, NULL);

  for (guint i = 0; i < n_sources; i++)
    {
      AuraSiteUpdate *update = g_new0 (AuraSiteUpdate, 1);
      AuraHttpRequest request = AURA_HTTP_REQUEST_INIT;
      Fetch *fetch = g_new0 (Fetch, 1);

      update->name = g_strdup (sources[i].name);
      update->url = g_strdup (sources[i].url);
      g_ptr_array_add (updates, update);
      fetch->update = update;
      fetch->dir = dir;
      fetch->pending = &pending;
      /* One byte over the manifest limit tells a list that is too big. */
      request.url = update->url;
      request.max_body = AURA_MANIFEST_MAX_BYTES + 1;
      pending++;
      aura_engine_submit (engine, &request, fetched_cb, fetch);
    }
  while (pending > 0)
    g_main_context_iteration (context, TRUE);
  g_main_context_unref (context);
  return g_steal_pointer (&updates);
}
