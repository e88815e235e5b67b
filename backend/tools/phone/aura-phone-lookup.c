/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-phone"
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "aura-phone-lookup.h"

/* numverify (apilayer): GET <endpoint>?access_key=KEY&number=DIGITS answers
 * {"valid": true, "number": "33612345678", "local_format": "0612345678",
 * "international_format": "+33612345678", "country_prefix": "+33",
 * "country_code": "FR", "country_name": "France", "location": "",
 * "carrier": "Orange France SA", "line_type": "mobile"}, or
 * {"success": false, "error": {"code": 101, "type": "…", "info": "…"}}
 * with HTTP status 200. */

G_DEFINE_QUARK (aura - phone - lookup - error - quark, aura_phone_lookup_error)

#define MAX_ANSWER_BYTES (64 * 1024)

void
aura_phone_lookup_free (AuraPhoneLookup *lookup)
{
  if (lookup == NULL)
    return;
  g_free (lookup->number);
  g_free (lookup->local_format);
  g_free (lookup->international_format);
  g_free (lookup->country_code);
  g_free (lookup->country_name);
  g_free (lookup->location);
  g_free (lookup->carrier);
  g_free (lookup->line_type);
  g_free (lookup);
}

static void
add_string (JsonBuilder *builder, const char *member, const char *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

JsonNode *
aura_phone_lookup_to_json (const AuraPhoneLookup *lookup)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (lookup != NULL, NULL);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "valid");
  json_builder_add_boolean_value (builder, lookup->valid);
  add_string (builder, "number", lookup->number);
  add_string (builder, "local_format", lookup->local_format);
  add_string (builder, "international_format", lookup->international_format);
  add_string (builder, "country_code", lookup->country_code);
  add_string (builder, "country_name", lookup->country_name);
  add_string (builder, "location", lookup->location);
  add_string (builder, "carrier", lookup->carrier);
  add_string (builder, "line_type", lookup->line_type);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* A string member, trimmed; NULL when absent, empty, not a string or not
 * valid UTF-8. */
static char *
member_text (JsonObject *object, const char *member)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autofree char *text = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  text = g_strstrip (g_strdup (json_node_get_string (node)));
  if (*text == '\0' || strlen (text) > 256 || !g_utf8_validate (text, -1, NULL))
    return NULL;
  return g_steal_pointer (&text);
}

static gboolean
set_service_error (JsonObject *object, GError **error)
{
  JsonNode *node = json_object_get_member (object, "error");
  JsonObject *details;
  gint64 code = 0;
  g_autofree char *info = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  details = json_node_get_object (node);
  code = json_object_get_int_member_with_default (details, "code", 0);
  info = member_text (details, "info");
  switch (code)
    {
      case 101:
        g_set_error_literal (error, AURA_PHONE_LOOKUP_ERROR, AURA_PHONE_LOOKUP_ERROR_BAD_KEY,
                             _ ("numverify refused the access key; check it in your account"));
        break;
      case 104:
        g_set_error_literal (error, AURA_PHONE_LOOKUP_ERROR, AURA_PHONE_LOOKUP_ERROR_QUOTA,
                             _ ("The numverify plan has used up its requests for this month"));
        break;
      case 105:
        g_set_error_literal (
            error, AURA_PHONE_LOOKUP_ERROR, AURA_PHONE_LOOKUP_ERROR_PLAN,
            _ ("The numverify plan does not allow encrypted (HTTPS) requests; Aura does not send "
               "the key in clear text"));
        break;
      default:
        g_set_error (error, AURA_PHONE_LOOKUP_ERROR, AURA_PHONE_LOOKUP_ERROR_REFUSED,
                     _ ("numverify refused the request (code %d): %s"), (int)code,
                     info != NULL ? info : _ ("no reason given"));
        break;
    }
  return TRUE;
}

AuraPhoneLookup *
aura_phone_numverify_parse (const char *data, gsize length, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (GError) parse_error = NULL;
  g_autoptr (AuraPhoneLookup) lookup = NULL;
  JsonNode *root, *valid;
  JsonObject *object;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length > MAX_ANSWER_BYTES)
    {
      g_set_error_literal (error, AURA_PHONE_LOOKUP_ERROR, AURA_PHONE_LOOKUP_ERROR_MALFORMED,
                           _ ("numverify’s answer is far larger than a lookup"));
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data != NULL ? data : "", (gssize)length, &parse_error))
    {
      g_set_error (error, AURA_PHONE_LOOKUP_ERROR, AURA_PHONE_LOOKUP_ERROR_MALFORMED,
                   _ ("numverify’s answer is not JSON: %s"), parse_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, AURA_PHONE_LOOKUP_ERROR, AURA_PHONE_LOOKUP_ERROR_MALFORMED,
                           _ ("numverify’s answer is not a JSON object"));
      return NULL;
    }
  object = json_node_get_object (root);
  if (set_service_error (object, error))
    return NULL;
  valid = json_object_get_member (object, "valid");
  if (valid == NULL || !JSON_NODE_HOLDS_VALUE (valid) ||
      json_node_get_value_type (valid) != G_TYPE_BOOLEAN)
    {
      g_set_error_literal (error, AURA_PHONE_LOOKUP_ERROR, AURA_PHONE_LOOKUP_ERROR_MALFORMED,
                           _ ("numverify’s answer has no “valid” field"));
      return NULL;
    }
  lookup = g_new0 (AuraPhoneLookup, 1);
  lookup->valid = json_node_get_boolean (valid);
  lookup->number = member_text (object, "number");
  lookup->local_format = member_text (object, "local_format");
  lookup->international_format = member_text (object, "international_format");
  lookup->country_code = member_text (object, "country_code");
  lookup->country_name = member_text (object, "country_name");
  lookup->location = member_text (object, "location");
  lookup->carrier = member_text (object, "carrier");
  lookup->line_type = member_text (object, "line_type");
  return g_steal_pointer (&lookup);
}

typedef struct
{
  AuraEngine *engine;
  guint64 group;
  GCancellable *cancellable;
  gulong cancel_id;
  GMainContext *context;
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  if (lookup->cancel_id != 0)
    g_cancellable_disconnect (lookup->cancellable, lookup->cancel_id);
  g_clear_object (&lookup->cancellable);
  g_clear_object (&lookup->engine);
  g_main_context_unref (lookup->context);
  g_free (lookup);
}

typedef struct
{
  AuraEngine *engine;
  guint64 group;
} Cancel;

static gboolean
cancel_group (gpointer data)
{
  Cancel *cancel = data;

  aura_engine_cancel_group (cancel->engine, cancel->group);
  return G_SOURCE_REMOVE;
}

static void
cancel_free (gpointer data)
{
  Cancel *cancel = data;

  g_object_unref (cancel->engine);
  g_free (cancel);
}

/* The engine may answer at once, which would free the lookup (and
 * disconnect this handler) inside the "cancelled" emission: the group is
 * cancelled from the lookup's main context instead. */
static void
cancelled_cb (GCancellable *cancellable, gpointer data)
{
  Lookup *lookup = data;
  Cancel *cancel = g_new (Cancel, 1);
  g_autoptr (GSource) source = g_idle_source_new ();

  cancel->engine = g_object_ref (lookup->engine);
  cancel->group = lookup->group;
  g_source_set_callback (source, cancel_group, cancel, cancel_free);
  g_source_attach (source, lookup->context);
}

static void
answered (AuraEngine *engine, AuraHttpResponse *response, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (AuraHttpResponse) owned = response;
  gsize length = 0;
  const char *text;
  GError *error = NULL;
  AuraPhoneLookup *lookup;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (response->outcome == AURA_HTTP_ERROR_CANCELLED)
    {
      g_task_return_new_error (task, AURA_PHONE_LOOKUP_ERROR, AURA_PHONE_LOOKUP_ERROR_CANCELLED,
                               "%s", _ ("The numverify lookup was cancelled"));
      return;
    }
  if (response->outcome != AURA_HTTP_OK)
    {
      /* The engine's message names the host, never the query string. */
      g_task_return_new_error (task, AURA_PHONE_LOOKUP_ERROR, AURA_PHONE_LOOKUP_ERROR_NETWORK,
                               _ ("numverify did not answer: %s"),
                               aura_http_outcome_to_string (response->outcome));
      return;
    }
  if (response->status == 401 || response->status == 403)
    {
      g_task_return_new_error (task, AURA_PHONE_LOOKUP_ERROR, AURA_PHONE_LOOKUP_ERROR_BAD_KEY, "%s",
                               _ ("numverify refused the access key; check it in your account"));
      return;
    }
  if (response->status == 429)
    {
      g_task_return_new_error (task, AURA_PHONE_LOOKUP_ERROR, AURA_PHONE_LOOKUP_ERROR_QUOTA, "%s",
                               _ ("numverify asks to slow down (HTTP 429); try again later"));
      return;
    }
  text = aura_http_response_get_text (response, &length);
  lookup = aura_phone_numverify_parse (text, length, &error);
  if (lookup == NULL && response->status != 200 &&
      g_error_matches (error, AURA_PHONE_LOOKUP_ERROR, AURA_PHONE_LOOKUP_ERROR_MALFORMED))
    {
      g_clear_error (&error);
      g_set_error (&error, AURA_PHONE_LOOKUP_ERROR, AURA_PHONE_LOOKUP_ERROR_NETWORK,
                   _ ("numverify answered with HTTP status %u"), response->status);
    }
  if (lookup == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, lookup, (GDestroyNotify)aura_phone_lookup_free);
}

void
aura_phone_numverify_async (AuraEngine *engine,
                            const char *e164,
                            const char *key,
                            const char *base_url,
                            GCancellable *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char *escaped_key = NULL;
  g_autofree char *url = NULL;
  AuraHttpRequest request = AURA_HTTP_REQUEST_INIT;
  Lookup *lookup;
  GString *digits;

  g_return_if_fail (AURA_IS_ENGINE (engine));
  g_return_if_fail (e164 != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, aura_phone_numverify_async);
  if (key == NULL || *key == '\0')
    {
      g_task_return_new_error (task, AURA_PHONE_LOOKUP_ERROR, AURA_PHONE_LOOKUP_ERROR_NO_KEY, "%s",
                               _ ("No numverify key: set one with aura-cli keys set numverify"));
      return;
    }
  digits = g_string_new (NULL);
  for (const char *p = e164; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  if (digits->len < 4 || digits->len > 17)
    {
      g_string_free (digits, TRUE);
      g_task_return_new_error (task, AURA_PHONE_LOOKUP_ERROR, AURA_PHONE_LOOKUP_ERROR_REFUSED, "%s",
                               _ ("The number is not in international form"));
      return;
    }
  escaped_key = g_uri_escape_string (key, NULL, FALSE);
  url =
      g_strdup_printf ("%s?access_key=%s&number=%s&format=1",
                       base_url != NULL ? base_url : AURA_NUMVERIFY_URL, escaped_key, digits->str);
  g_string_free (digits, TRUE);

  lookup = g_new0 (Lookup, 1);
  lookup->engine = g_object_ref (engine);
  lookup->group = aura_engine_new_group (engine);
  lookup->context = g_main_context_ref_thread_default ();
  g_task_set_task_data (task, lookup, (GDestroyNotify)lookup_free);
  if (cancellable != NULL)
    {
      lookup->cancellable = g_object_ref (cancellable);
      lookup->cancel_id =
          g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), lookup, NULL);
    }
  request.url = url;
  /* Each request counts against the user's plan: one retry at most. */
  request.max_retries = 1;
  request.max_body = MAX_ANSWER_BYTES + 1;
  request.group = lookup->group;
  aura_engine_submit (engine, &request, answered, g_steal_pointer (&task));
}

AuraPhoneLookup *
aura_phone_numverify_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
