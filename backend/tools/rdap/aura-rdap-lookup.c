/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-rdap"
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "aura-rdap-private.h"

/* A lookup is one request to the server the bootstrap names and, for a
 * domain, at most one more to the registrar's server the answer links to.
 * Both go through the engine, in a group of their own so that cancelling
 * the lookup stops them. */

#define DEFAULT_MAX_BODY (2 * 1024 * 1024)

static const char *const rdap_headers[] = { "Accept: application/rdap+json, application/json",
                                            NULL };

typedef struct
{
  AuraEngine *engine;
  AuraRdapKind kind;
  char *query;
  gboolean no_registrar;
  guint timeout_ms;
  gsize max_body;
  guint64 group;
  GCancellable *cancellable;
  gulong cancel_id;
  AuraRdapResult *result; /* the registry's answer, while the registrar is asked */
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  if (lookup->cancel_id != 0)
    g_cancellable_disconnect (lookup->cancellable, lookup->cancel_id);
  g_clear_object (&lookup->cancellable);
  g_clear_object (&lookup->engine);
  g_free (lookup->query);
  aura_rdap_result_free (lookup->result);
  g_free (lookup);
}

void
aura_rdap_store_result_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  *(GAsyncResult **)data = g_object_ref (result);
}

/* ---- URLs ------------------------------------------------------------- */

static char *
query_path (AuraRdapKind kind, const char *query, GError **error)
{
  if (kind == AURA_RDAP_KIND_DOMAIN)
    {
      g_autofree char *name = aura_rdap_normalize_domain (query, error);
      return name != NULL ? g_strconcat ("domain/", name, NULL) : NULL;
    }
  if (kind == AURA_RDAP_KIND_AUTNUM)
    {
      guint32 asn = 0;

      if (!aura_rdap_parse_asn (query, &asn))
        {
          g_set_error (error, AURA_RDAP_ERROR, AURA_RDAP_ERROR_INVALID_QUERY,
                       _ ("“%s” is not an AS number (such as AS13335 or 13335)"), query);
          return NULL;
        }
      return g_strdup_printf ("autnum/%u", asn);
    }
  else
    {
      guint8 bytes[16];
      guint bits = 0;
      guint prefix = 0;
      g_autoptr (GInetAddress) address = NULL;
      g_autofree char *text = NULL;

      if (!aura_rdap_parse_ip (query, bytes, &bits, &prefix))
        {
          g_set_error (error, AURA_RDAP_ERROR, AURA_RDAP_ERROR_INVALID_QUERY,
                       _ ("“%s” is not an IP address or network (such as 192.0.2.1, "
                          "2001:db8::/32)"),
                       query);
          return NULL;
        }
      address = g_inet_address_new_from_bytes (bytes, bits == 32 ? G_SOCKET_FAMILY_IPV4
                                                                 : G_SOCKET_FAMILY_IPV6);
      text = g_inet_address_to_string (address);
      if (prefix == bits)
        return g_strconcat ("ip/", text, NULL);
      return g_strdup_printf ("ip/%s/%u", text, prefix);
    }
}

char *
aura_rdap_lookup_url (AuraRdapBootstrap *bootstrap,
                      AuraRdapKind kind,
                      const char *query,
                      GError **error)
{
  g_auto (GStrv) bases = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (AURA_IS_RDAP_BOOTSTRAP (bootstrap), NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  path = query_path (kind, query, error);
  if (path == NULL)
    return NULL;
  bases = aura_rdap_bootstrap_lookup (bootstrap, kind, query, error);
  if (bases == NULL)
    return NULL;
  return g_strconcat (bases[0], path, NULL);
}

/* ---- Answers ------------------------------------------------------------ */

static char *
host_of_url (const char *url)
{
  g_autoptr (GUri) uri = url != NULL ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup (url != NULL ? url : "?");
  return g_strdup (g_uri_get_host (uri));
}

static AuraRdapResult *
result_from_response (const AuraHttpResponse *response,
                      AuraRdapKind kind,
                      const char *query,
                      gsize max_body,
                      GError **error)
{
  g_autofree char *host = host_of_url (response->url);
  AuraRdapResult *result;
  const char *text;
  gsize len = 0;

  if (response->outcome != AURA_HTTP_OK)
    {
      g_set_error (error, AURA_RDAP_ERROR, AURA_RDAP_ERROR_NETWORK,
                   _ ("Could not get an answer from the RDAP server %s: %s"), host,
                   response->error_message != NULL
                       ? response->error_message
                       : aura_http_outcome_to_string (response->outcome));
      return NULL;
    }
  if (response->status == 404)
    {
      g_set_error (error, AURA_RDAP_ERROR, AURA_RDAP_ERROR_NOT_FOUND,
                   _ ("“%s” was not found in RDAP (%s answered 404)"), query, host);
      return NULL;
    }
  if (response->status == 429)
    {
      const char *retry = aura_http_response_get_header (response, "retry-after");

      if (retry != NULL)
        g_set_error (error, AURA_RDAP_ERROR, AURA_RDAP_ERROR_RATE_LIMITED,
                     _ ("The RDAP server %s is limiting requests (429); it asks to wait %s "
                        "seconds before trying again"),
                     host, retry);
      else
        g_set_error (error, AURA_RDAP_ERROR, AURA_RDAP_ERROR_RATE_LIMITED,
                     _ ("The RDAP server %s is limiting requests (429); try again later"), host);
      return NULL;
    }
  if (response->status < 200 || response->status >= 300)
    {
      g_set_error (error, AURA_RDAP_ERROR, AURA_RDAP_ERROR_HTTP,
                   _ ("The RDAP server %s answered with HTTP status %u"), host, response->status);
      return NULL;
    }
  if (response->truncated)
    {
      g_set_error (error, AURA_RDAP_ERROR, AURA_RDAP_ERROR_TOO_LARGE,
                   _ ("The answer from the RDAP server %s is larger than %lu KiB; it was not "
                      "read"),
                   host, (unsigned long)(max_body / 1024));
      return NULL;
    }
  text = aura_http_response_get_text (response, &len);
  result = aura_rdap_parse (text, len, kind, error);
  if (result == NULL)
    {
      g_prefix_error (error, "%s: ", host);
      return NULL;
    }
  result->url = g_strdup (response->final_url != NULL ? response->final_url : response->url);
  return result;
}

/* ---- The lookup --------------------------------------------------------- */

static void lookup_done_cb (AuraEngine *engine, AuraHttpResponse *response, gpointer data);

static void
submit (GTask *task, const char *url)
{
  Lookup *lookup = g_task_get_task_data (task);
  AuraHttpRequest request = AURA_HTTP_REQUEST_INIT;

  request.url = url;
  request.headers = rdap_headers;
  /* One byte over the limit tells an answer that is too big. */
  request.max_body = lookup->max_body + 1;
  request.timeout_ms = lookup->timeout_ms;
  request.group = lookup->group;
  aura_engine_submit (lookup->engine, &request, lookup_done_cb, g_object_ref (task));
}

static void
lookup_done_cb (AuraEngine *engine, AuraHttpResponse *response, gpointer data)
{
  g_autoptr (GTask) task = data;
  g_autoptr (AuraHttpResponse) owned = response;
  Lookup *lookup = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  AuraRdapResult *result;

  if (response->outcome == AURA_HTTP_ERROR_CANCELLED ||
      g_cancellable_is_cancelled (lookup->cancellable))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _ ("The RDAP lookup was cancelled"));
      return;
    }
  result = result_from_response (response, lookup->kind, lookup->query, lookup->max_body, &error);
  if (lookup->result != NULL)
    {
      /* The registrar's answer: a failure there is kept, not fatal. */
      AuraRdapResult *registry = g_steal_pointer (&lookup->result);

      if (result != NULL)
        registry->registrar_data = result;
      else
        registry->registrar_error = g_steal_pointer (&error);
      g_task_return_pointer (task, registry, (GDestroyNotify)aura_rdap_result_free);
      return;
    }
  if (result == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (lookup->kind == AURA_RDAP_KIND_DOMAIN && !lookup->no_registrar &&
      result->related_url != NULL && g_strcmp0 (result->related_url, result->url) != 0 &&
      g_strcmp0 (result->related_url, response->url) != 0)
    {
      g_autofree char *url = g_strdup (result->related_url);

      lookup->result = result;
      submit (task, url);
      return;
    }
  g_task_return_pointer (task, result, (GDestroyNotify)aura_rdap_result_free);
}

static void
cancelled_cb (GCancellable *cancellable, gpointer data)
{
  Lookup *lookup = data;

  /* Thread-safe: the engine queues the command. */
  aura_engine_cancel_group (lookup->engine, lookup->group);
}

void
aura_rdap_lookup_async (AuraEngine *engine,
                        AuraRdapKind kind,
                        const char *query,
                        const AuraRdapLookupOptions *options,
                        GCancellable *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (AuraRdapBootstrap) bootstrap = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *url = NULL;
  Lookup *lookup;

  g_return_if_fail (AURA_IS_ENGINE (engine));
  g_return_if_fail (query != NULL);
  g_return_if_fail (kind <= AURA_RDAP_KIND_AUTNUM);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, aura_rdap_lookup_async);
  lookup = g_new0 (Lookup, 1);
  lookup->engine = g_object_ref (engine);
  lookup->kind = kind;
  lookup->query = g_strdup (query);
  lookup->no_registrar = options != NULL && options->no_registrar;
  lookup->timeout_ms = options != NULL ? options->timeout_ms : 0;
  lookup->max_body =
      options != NULL && options->max_body > 0 ? options->max_body : DEFAULT_MAX_BODY;
  lookup->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  g_task_set_task_data (task, lookup, (GDestroyNotify)lookup_free);

  if (options != NULL && options->bootstrap != NULL)
    bootstrap = g_object_ref (options->bootstrap);
  else
    bootstrap = aura_rdap_bootstrap_new_default (&error);
  if (bootstrap != NULL)
    url = aura_rdap_lookup_url (bootstrap, kind, query, &error);
  if (url == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  lookup->group = aura_engine_new_group (engine);
  if (cancellable != NULL)
    lookup->cancel_id =
        g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), lookup, NULL);
  submit (task, url);
}

AuraRdapResult *
aura_rdap_lookup_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == aura_rdap_lookup_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

AuraRdapResult *
aura_rdap_lookup_run (AuraEngine *engine,
                      AuraRdapKind kind,
                      const char *query,
                      const AuraRdapLookupOptions *options,
                      GError **error)
{
  g_autoptr (GMainContext) context = g_main_context_new ();
  g_autoptr (GAsyncResult) result = NULL;
  AuraRdapResult *answer;

  g_return_val_if_fail (AURA_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  g_main_context_push_thread_default (context);
  aura_rdap_lookup_async (engine, kind, query, options, NULL, aura_rdap_store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  answer = aura_rdap_lookup_finish (result, error);
  g_main_context_pop_thread_default (context);
  return answer;
}
