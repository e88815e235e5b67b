/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-email"
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "aura-api-keys.h"
#include "aura-email-private.h"

/* Have I Been Pwned, API v3 (README.md), with the user's own key:
 *
 *   KEY ──► BREACHES ──► PASTES ──► done
 *    └──► no key: both parts skipped, nothing sent
 *
 * One request at a time, since HIBP counts requests per key. The key
 * travels in the hibp-api-key header; every reason kept in the result has
 * it removed, in case an answer quotes it. */

#define DEFAULT_BASE_URL "https://haveibeenpwned.com/api/v3"
#define DEFAULT_USER_AGENT "Aura-OSINT"
#define DEFAULT_TIMEOUT_MS 20000
#define MAX_BODY (4 * 1024 * 1024)
/* Breaches and pastes kept at most. */
#define MAX_ITEMS 10000

typedef struct
{
  AuraEmailCancel cancel;
  AuraHibpResult *result;
  char *key;
  char *base_url;
  char *user_agent;
  gboolean skip_pastes;
  guint timeout_ms;
} Lookup;

static void
breach_free (AuraHibpBreach *breach)
{
  g_free (breach->name);
  g_free (breach->title);
  g_free (breach->domain);
  g_free (breach->breach_date);
  g_free (breach->added_date);
  g_strfreev (breach->data_classes);
  g_free (breach);
}

static void
paste_free (AuraHibpPaste *paste)
{
  g_free (paste->source);
  g_free (paste->id);
  g_free (paste->title);
  g_free (paste->date);
  g_free (paste);
}

void
aura_hibp_result_free (AuraHibpResult *result)
{
  if (result == NULL)
    return;
  g_free (result->account);
  g_free (result->breaches_reason);
  g_ptr_array_unref (result->breaches);
  g_free (result->pastes_reason);
  g_ptr_array_unref (result->pastes);
  g_free (result);
}

static void
lookup_free (Lookup *lookup)
{
  aura_email_cancel_clear (&lookup->cancel);
  aura_hibp_result_free (lookup->result);
  if (lookup->key != NULL)
    memset (lookup->key, 0, strlen (lookup->key));
  g_free (lookup->key);
  g_free (lookup->base_url);
  g_free (lookup->user_agent);
  g_free (lookup);
}

/* ---- Reading answers ------------------------------------------------------- */

static gint64
get_count (JsonObject *object, const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;
  return json_node_get_int (node);
}

static AuraHibpBreach *
read_breach (JsonObject *object)
{
  AuraHibpBreach *breach = g_new0 (AuraHibpBreach, 1);
  JsonNode *classes = json_object_get_member (object, "DataClasses");
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  breach->name = aura_email_json_text (object, "Name");
  breach->title = aura_email_json_text (object, "Title");
  breach->domain = aura_email_json_text (object, "Domain");
  breach->breach_date = aura_email_json_text (object, "BreachDate");
  breach->added_date = aura_email_json_text (object, "AddedDate");
  breach->pwn_count = get_count (object, "PwnCount");
  breach->is_verified = aura_email_json_flag (object, "IsVerified");
  breach->is_fabricated = aura_email_json_flag (object, "IsFabricated");
  breach->is_sensitive = aura_email_json_flag (object, "IsSensitive");
  breach->is_retired = aura_email_json_flag (object, "IsRetired");
  breach->is_spam_list = aura_email_json_flag (object, "IsSpamList");
  breach->is_malware = aura_email_json_flag (object, "IsMalware");
  if (classes != NULL && JSON_NODE_HOLDS_ARRAY (classes))
    {
      JsonArray *array = json_node_get_array (classes);

      for (guint i = 0; i < MIN (json_array_get_length (array), 256); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element) &&
              json_node_get_value_type (element) == G_TYPE_STRING)
            g_strv_builder_add (builder, json_node_get_string (element));
        }
    }
  breach->data_classes = g_strv_builder_end (builder);
  return breach;
}

static AuraHibpPaste *
read_paste (JsonObject *object)
{
  AuraHibpPaste *paste = g_new0 (AuraHibpPaste, 1);

  paste->source = aura_email_json_text (object, "Source");
  paste->id = aura_email_json_text (object, "Id");
  paste->title = aura_email_json_text (object, "Title");
  paste->date = aura_email_json_text (object, "Date");
  paste->email_count = get_count (object, "EmailCount");
  return paste;
}

/* Reads a JSON list of breaches or pastes into @items; the reason when the
 * answer is not one. */
static char *
read_list (const AuraHttpResponse *response, gboolean pastes, GPtrArray *items)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *said = NULL;
  const char *text;
  gsize len;
  JsonNode *root;
  JsonArray *array;

  text = aura_http_response_get_text (response, &len);
  said = aura_email_snippet (text, len);
  if (response->truncated)
    return g_strdup_printf (_ ("Have I Been Pwned’s answer is over %u MiB; it was not read"),
                            MAX_BODY / (1024 * 1024));
  if (!g_utf8_validate_len (text, len, NULL) ||
      !json_parser_load_from_data (parser, text, (gssize)len, &error))
    {
      if (len > 0 && (*g_strchug ((char *)said) == '<'))
        return g_strdup_printf (_ ("Have I Been Pwned answered with a web page instead of JSON "
                                   "(a block page?): “%s”"),
                                said);
      return g_strdup_printf (_ ("Have I Been Pwned’s answer is not valid JSON: “%s”"), said);
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return g_strdup_printf (_ ("Have I Been Pwned’s answer is not a list: “%s”"), said);
  array = json_node_get_array (root);
  for (guint i = 0; i < MIN (json_array_get_length (array), MAX_ITEMS); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      g_ptr_array_add (items, pastes ? (gpointer)read_paste (json_node_get_object (element))
                                     : (gpointer)read_breach (json_node_get_object (element)));
    }
  return NULL;
}

static guint
retry_after (const AuraHttpResponse *response)
{
  const char *value = aura_http_response_get_header (response, "retry-after");
  guint64 seconds = 0;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 0, 86400, &seconds, NULL))
    return 0;
  return (guint)seconds;
}

/* The state and reason of one answer; fills @items when found. */
static AuraEmailLookupState
judge (Lookup *lookup,
       const AuraHttpResponse *response,
       gboolean pastes,
       GPtrArray *items,
       char **out_reason)
{
  g_autofree char *said = NULL;
  g_autofree char *reason = NULL;
  const char *text;
  gsize len;

  if (response->outcome != AURA_HTTP_OK)
    reason = aura_email_service_no_answer ("Have I Been Pwned", response);
  else if (response->status == 404)
    return AURA_EMAIL_LOOKUP_NONE;
  else if (response->status == 200)
    {
      reason = read_list (response, pastes, items);
      if (reason == NULL)
        return items->len > 0 ? AURA_EMAIL_LOOKUP_FOUND : AURA_EMAIL_LOOKUP_NONE;
    }
  else
    {
      text = aura_http_response_get_text (response, &len);
      said = aura_email_snippet (text, len);
      if (response->status == 401)
        reason = g_strdup_printf (_ ("Have I Been Pwned refused the API key (HTTP 401): check "
                                     "the key “%s”; it said: “%s”"),
                                  AURA_HIBP_KEY_NAME, said);
      else if (response->status == 429)
        {
          lookup->result->retry_after_s = retry_after (response);
          reason = g_strdup_printf (_ ("Have I Been Pwned limits the requests of this key (HTTP "
                                       "429), still after %u retries; try again in %u s"),
                                    response->retries, lookup->result->retry_after_s);
        }
      else if (response->status == 403)
        reason = g_strdup_printf (_ ("Have I Been Pwned refused the request (HTTP 403; it "
                                     "requires a user agent): “%s”"),
                                  said);
      else
        reason = g_strdup_printf (_ ("Have I Been Pwned answered HTTP %u: “%s”"), response->status,
                                  said);
    }
  *out_reason = aura_email_redact (reason, lookup->key);
  return AURA_EMAIL_LOOKUP_UNKNOWN;
}

/* ---- Requests ------------------------------------------------------------------- */

static void submit (GTask *task, gboolean pastes);

static void
done_cb (AuraEngine *engine, AuraHttpResponse *response, gpointer user_data, gboolean pastes)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (AuraHttpResponse) owned = response;
  Lookup *lookup = g_task_get_task_data (task);
  AuraHibpResult *result = lookup->result;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (!pastes)
    {
      result->breaches_state =
          judge (lookup, response, FALSE, result->breaches, &result->breaches_reason);
      if (!lookup->skip_pastes)
        {
          submit (task, TRUE);
          return;
        }
    }
  else
    result->pastes_state = judge (lookup, response, TRUE, result->pastes, &result->pastes_reason);
  g_task_return_pointer (task, g_steal_pointer (&lookup->result),
                         (GDestroyNotify)aura_hibp_result_free);
}

static void
breaches_done_cb (AuraEngine *engine, AuraHttpResponse *response, gpointer user_data)
{
  done_cb (engine, response, user_data, FALSE);
}

static void
pastes_done_cb (AuraEngine *engine, AuraHttpResponse *response, gpointer user_data)
{
  done_cb (engine, response, user_data, TRUE);
}

static void
submit (GTask *task, gboolean pastes)
{
  Lookup *lookup = g_task_get_task_data (task);
  g_autofree char *account = g_uri_escape_string (lookup->result->account, NULL, FALSE);
  g_autofree char *path = NULL;
  g_autofree char *url = NULL;
  g_autofree char *key_header = g_strconcat ("hibp-api-key: ", lookup->key, NULL);
  g_autofree char *agent_header = g_strconcat ("User-Agent: ", lookup->user_agent, NULL);
  const char *headers[] = { key_header, agent_header, "Accept: application/json", NULL };

  path = pastes ? g_strconcat ("pasteaccount/", account, NULL)
                : g_strconcat ("breachedaccount/", account, "?truncateResponse=false", NULL);
  url = aura_email_join_url (lookup->base_url, path);
  aura_email_service_submit (&lookup->cancel, task, url, headers, MAX_BODY, lookup->timeout_ms,
                             "hibp", pastes ? pastes_done_cb : breaches_done_cb);
  memset (key_header, 0, strlen (key_header));
}

static void
key_done_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  Lookup *lookup = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  AuraApiKeyOrigin origin = AURA_API_KEY_ORIGIN_NONE;

  lookup->key = aura_api_keys_lookup_finish (AURA_API_KEYS (source), res, &origin, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  if (lookup->key == NULL || *lookup->key == '\0')
    {
      AuraHibpResult *result = lookup->result;

      result->breaches_state = AURA_EMAIL_LOOKUP_SKIPPED;
      result->breaches_reason = g_strdup_printf (
          _ ("no Have I Been Pwned API key: give one with --key %s=KEY, the %s environment "
             "variable or the keyring"),
          AURA_HIBP_KEY_NAME, "AURA_KEY_HIBP");
      result->pastes_state = AURA_EMAIL_LOOKUP_SKIPPED;
      result->pastes_reason = g_strdup (result->breaches_reason);
      g_task_return_pointer (task, g_steal_pointer (&lookup->result),
                             (GDestroyNotify)aura_hibp_result_free);
      return;
    }
  submit (task, FALSE);
}

void
aura_hibp_lookup_async (AuraEngine *engine,
                        AuraApiKeys *keys,
                        const char *account,
                        const AuraHibpOptions *options,
                        GCancellable *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer user_data)
{
  static const AuraHibpOptions defaults = { 0 };
  g_autoptr (GTask) task = NULL;
  g_autoptr (AuraApiKeys) own_keys = NULL;
  g_autofree char *trimmed = NULL;
  Lookup *lookup;

  g_return_if_fail (AURA_IS_ENGINE (engine));
  g_return_if_fail (keys == NULL || AURA_IS_API_KEYS (keys));
  g_return_if_fail (account != NULL);
  if (options == NULL)
    options = &defaults;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, aura_hibp_lookup_async);
  lookup = g_new0 (Lookup, 1);
  g_task_set_task_data (task, lookup, (GDestroyNotify)lookup_free);
  aura_email_cancel_init (&lookup->cancel, engine, options->group, cancellable);
  lookup->base_url = g_strdup (options->base_url != NULL ? options->base_url : DEFAULT_BASE_URL);
  lookup->user_agent =
      g_strdup (options->user_agent != NULL ? options->user_agent : DEFAULT_USER_AGENT);
  lookup->skip_pastes = options->skip_pastes;
  lookup->timeout_ms = options->timeout_ms > 0 ? options->timeout_ms : DEFAULT_TIMEOUT_MS;
  lookup->result = g_new0 (AuraHibpResult, 1);
  trimmed = g_strstrip (g_strdup (account));
  lookup->result->account = g_utf8_strdown (trimmed, -1);
  lookup->result->breaches = g_ptr_array_new_with_free_func ((GDestroyNotify)breach_free);
  lookup->result->pastes = g_ptr_array_new_with_free_func ((GDestroyNotify)paste_free);
  lookup->result->pastes_state = AURA_EMAIL_LOOKUP_SKIPPED;
  if (lookup->skip_pastes)
    lookup->result->pastes_reason = g_strdup (_ ("pastes were not asked for"));
  if (keys == NULL)
    {
      /* No key store given: the environment alone, without the keyring. */
      keys = own_keys = aura_api_keys_new ();
      aura_api_keys_set_use_keyring (own_keys, FALSE);
    }
  aura_api_keys_lookup_async (keys, AURA_HIBP_KEY_NAME, cancellable, key_done_cb,
                              g_steal_pointer (&task));
}

AuraHibpResult *
aura_hibp_lookup_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == aura_hibp_lookup_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
add_breach (JsonBuilder *builder, const AuraHibpBreach *breach)
{
  json_builder_begin_object (builder);
  aura_email_json_add_string (builder, "name", breach->name);
  aura_email_json_add_string (builder, "title", breach->title);
  aura_email_json_add_string (builder, "domain", breach->domain);
  aura_email_json_add_string (builder, "breach_date", breach->breach_date);
  aura_email_json_add_string (builder, "added_date", breach->added_date);
  json_builder_set_member_name (builder, "pwn_count");
  json_builder_add_int_value (builder, breach->pwn_count);
  aura_email_json_add_strv (builder, "data_classes", (const char *const *)breach->data_classes);
  aura_email_json_add_bool (builder, "verified", breach->is_verified);
  aura_email_json_add_bool (builder, "fabricated", breach->is_fabricated);
  aura_email_json_add_bool (builder, "sensitive", breach->is_sensitive);
  aura_email_json_add_bool (builder, "retired", breach->is_retired);
  aura_email_json_add_bool (builder, "spam_list", breach->is_spam_list);
  aura_email_json_add_bool (builder, "malware", breach->is_malware);
  json_builder_end_object (builder);
}

JsonNode *
aura_hibp_result_to_json (const AuraHibpResult *result)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (result != NULL, NULL);
  json_builder_begin_object (builder);
  aura_email_json_add_string (builder, "account", result->account);
  aura_email_json_add_string (builder, "breaches_state",
                              aura_email_lookup_state_to_string (result->breaches_state));
  aura_email_json_add_string (builder, "breaches_reason", result->breaches_reason);
  json_builder_set_member_name (builder, "breaches");
  json_builder_begin_array (builder);
  for (guint i = 0; i < result->breaches->len; i++)
    add_breach (builder, result->breaches->pdata[i]);
  json_builder_end_array (builder);
  aura_email_json_add_string (builder, "pastes_state",
                              aura_email_lookup_state_to_string (result->pastes_state));
  aura_email_json_add_string (builder, "pastes_reason", result->pastes_reason);
  json_builder_set_member_name (builder, "pastes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < result->pastes->len; i++)
    {
      AuraHibpPaste *paste = result->pastes->pdata[i];

      json_builder_begin_object (builder);
      aura_email_json_add_string (builder, "source", paste->source);
      aura_email_json_add_string (builder, "id", paste->id);
      aura_email_json_add_string (builder, "title", paste->title);
      aura_email_json_add_string (builder, "date", paste->date);
      json_builder_set_member_name (builder, "email_count");
      json_builder_add_int_value (builder, paste->email_count);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "retry_after_s");
  json_builder_add_int_value (builder, result->retry_after_s);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
