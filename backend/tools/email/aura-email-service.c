/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-email"
#include "config.h"

#include <glib/gi18n-lib.h>

#include "aura-email-private.h"

/* What the Gravatar and Have I Been Pwned lookups share: sending a request
 * of a lookup through the engine, the words for an answer that did not
 * come, reading loose JSON answers and writing results as JSON. */

void
aura_email_service_submit (AuraEmailCancel *cancel,
                           GTask *task,
                           const char *url,
                           const char *const *headers,
                           gsize max_body,
                           guint timeout_ms,
                           const char *proxy_key,
                           AuraEngineCallback callback)
{
  AuraHttpRequest request = AURA_HTTP_REQUEST_INIT;

  request.url = url;
  request.headers = headers;
  request.max_body = max_body;
  request.timeout_ms = timeout_ms;
  request.proxy_key = proxy_key;
  request.group = cancel->group;
  aura_engine_submit (cancel->engine, &request, callback, g_object_ref (task));
}

char *
aura_email_service_no_answer (const char *service, const AuraHttpResponse *response)
{
  if (response->outcome == AURA_HTTP_OK)
    return NULL;
  /* Translators: %s is a service (Gravatar), then why it did not answer. */
  return g_strdup_printf (_ ("no answer from %s: %s"), service,
                          response->error_message != NULL
                              ? response->error_message
                              : aura_http_outcome_to_string (response->outcome));
}

char *
aura_email_json_text (JsonObject *object, const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;
  g_autofree char *text = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  text = g_strstrip (g_strdup (json_node_get_string (node)));
  if (*text == '\0' || !g_utf8_validate (text, -1, NULL))
    return NULL;
  return g_steal_pointer (&text);
}

gboolean
aura_email_json_flag (JsonObject *object, const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strcmp0 (json_node_get_string (node), "true") == 0;
  return FALSE;
}

void
aura_email_json_add_string (JsonBuilder *builder, const char *name, const char *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
aura_email_json_add_bool (JsonBuilder *builder, const char *name, gboolean value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

void
aura_email_json_add_strv (JsonBuilder *builder, const char *name, const char *const *values)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}
