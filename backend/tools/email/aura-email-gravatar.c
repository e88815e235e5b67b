/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-email"
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "aura-email-private.h"

/* Gravatar (README.md): whether an avatar exists for an address (the image
 * URL with d=404 answers 404 when there is none) and its public profile,
 * from the REST API (v3, by SHA-256) or the legacy JSON (by MD5). Both
 * requests go out at once through the engine. */

#define DEFAULT_AVATAR_BASE "https://gravatar.com/avatar/"
#define DEFAULT_PROFILE_BASE "https://en.gravatar.com/"
#define DEFAULT_API_BASE "https://api.gravatar.com/v3/"
#define DEFAULT_TIMEOUT_MS 15000
#define MAX_BODY (256 * 1024)
/* Linked accounts, links and photos kept at most from one profile. */
#define MAX_ITEMS 100

typedef struct
{
  AuraEmailCancel cancel;
  AuraGravatarResult *result;
  char *api_key;
  gboolean legacy;
  guint pending;
} Lookup;

static const char *const state_names[] = {
  [AURA_EMAIL_LOOKUP_FOUND] = "found",
  [AURA_EMAIL_LOOKUP_NONE] = "none",
  [AURA_EMAIL_LOOKUP_SKIPPED] = "skipped",
  [AURA_EMAIL_LOOKUP_UNKNOWN] = "unknown",
};

const char *
aura_email_lookup_state_to_string (AuraEmailLookupState state)
{
  g_return_val_if_fail ((guint)state < G_N_ELEMENTS (state_names), NULL);
  return state_names[state];
}

static char *
hash_email (GChecksumType type, const char *email)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (email));
  g_autofree char *lower = g_utf8_strdown (trimmed, -1);

  return g_compute_checksum_for_string (type, lower, -1);
}

char *
aura_gravatar_md5 (const char *email)
{
  g_return_val_if_fail (email != NULL, NULL);
  return hash_email (G_CHECKSUM_MD5, email);
}

char *
aura_gravatar_sha256 (const char *email)
{
  g_return_val_if_fail (email != NULL, NULL);
  return hash_email (G_CHECKSUM_SHA256, email);
}

static void
account_free (AuraGravatarAccount *account)
{
  g_free (account->service);
  g_free (account->label);
  g_free (account->url);
  g_free (account->username);
  g_free (account);
}

static void
clear_profile (AuraGravatarResult *result)
{
  g_clear_pointer (&result->profile_url, g_free);
  g_clear_pointer (&result->username, g_free);
  g_clear_pointer (&result->display_name, g_free);
  g_clear_pointer (&result->about, g_free);
  g_clear_pointer (&result->location, g_free);
  g_clear_pointer (&result->job_title, g_free);
  g_clear_pointer (&result->company, g_free);
  g_clear_pointer (&result->pronouns, g_free);
  g_ptr_array_set_size (result->accounts, 0);
  g_strfreev (result->urls);
  g_strfreev (result->photos);
  result->urls = g_new0 (char *, 1);
  result->photos = g_new0 (char *, 1);
}

static AuraGravatarResult *
result_new (void)
{
  AuraGravatarResult *result = g_new0 (AuraGravatarResult, 1);

  result->avatar = AURA_EMAIL_LOOKUP_UNKNOWN;
  result->profile = AURA_EMAIL_LOOKUP_UNKNOWN;
  result->accounts = g_ptr_array_new_with_free_func ((GDestroyNotify)account_free);
  result->urls = g_new0 (char *, 1);
  result->photos = g_new0 (char *, 1);
  return result;
}

void
aura_gravatar_result_free (AuraGravatarResult *result)
{
  if (result == NULL)
    return;
  clear_profile (result);
  g_ptr_array_unref (result->accounts);
  g_strfreev (result->urls);
  g_strfreev (result->photos);
  g_free (result->md5);
  g_free (result->sha256);
  g_free (result->avatar_url);
  g_free (result->avatar_reason);
  g_free (result->profile_reason);
  g_free (result);
}

/* ---- Reading profiles ------------------------------------------------------- */

static JsonArray *
get_array (JsonObject *object, const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* The objects of @array, at most MAX_ITEMS of them. */
static JsonObject *
item_at (JsonArray *array, guint i)
{
  JsonNode *node;

  if (array == NULL || i >= MIN (json_array_get_length (array), MAX_ITEMS))
    return NULL;
  node = json_array_get_element (array, i);
  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static guint
n_items (JsonArray *array)
{
  return array != NULL ? MIN (json_array_get_length (array), MAX_ITEMS) : 0;
}

static void
add_account (AuraGravatarResult *result,
             char *service,
             char *label,
             char *url,
             char *username,
             gboolean verified)
{
  AuraGravatarAccount *account = g_new0 (AuraGravatarAccount, 1);

  account->service = service != NULL ? service : g_strdup ("");
  account->label = label;
  account->url = url;
  account->username = username;
  account->verified = verified;
  g_ptr_array_add (result->accounts, account);
}

static GStrv
collect (JsonArray *array, const char *member)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < n_items (array); i++)
    {
      g_autofree char *value = aura_email_json_text (item_at (array, i), member);

      if (value != NULL)
        g_strv_builder_add (builder, value);
    }
  return g_strv_builder_end (builder);
}

static void
read_legacy (AuraGravatarResult *result, JsonObject *entry)
{
  JsonArray *accounts = get_array (entry, "accounts");

  result->profile_url = aura_email_json_text (entry, "profileUrl");
  result->username = aura_email_json_text (entry, "preferredUsername");
  result->display_name = aura_email_json_text (entry, "displayName");
  result->about = aura_email_json_text (entry, "aboutMe");
  result->location = aura_email_json_text (entry, "currentLocation");
  result->job_title = aura_email_json_text (entry, "job_title");
  result->company = aura_email_json_text (entry, "company");
  result->pronouns = aura_email_json_text (entry, "pronouns");
  for (guint i = 0; i < n_items (accounts); i++)
    {
      JsonObject *account = item_at (accounts, i);

      if (account != NULL)
        add_account (
            result, aura_email_json_text (account, "shortname"),
            aura_email_json_text (account, "domain"), aura_email_json_text (account, "url"),
            aura_email_json_text (account, "username"), aura_email_json_flag (account, "verified"));
    }
  g_strfreev (result->urls);
  result->urls = collect (get_array (entry, "urls"), "value");
  g_strfreev (result->photos);
  result->photos = collect (get_array (entry, "photos"), "value");
}

/* The last path segment of a profile URL ("https://gravatar.com/ann" →
 * "ann"), the profile's user name in the REST API's shape. */
static char *
slug_of (const char *url)
{
  g_autoptr (GUri) uri = url != NULL ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
  g_auto (GStrv) parts = NULL;
  guint n;

  if (uri == NULL)
    return NULL;
  parts = g_strsplit (g_uri_get_path (uri), "/", -1);
  n = g_strv_length (parts);
  while (n > 0 && *parts[n - 1] == '\0')
    n--;
  return n > 0 ? g_strdup (parts[n - 1]) : NULL;
}

static void
read_v3 (AuraGravatarResult *result, JsonObject *profile)
{
  JsonArray *accounts = get_array (profile, "verified_accounts");
  JsonArray *gallery = get_array (profile, "gallery");
  g_autofree char *avatar = aura_email_json_text (profile, "avatar_url");
  g_autoptr (GStrvBuilder) photos = g_strv_builder_new ();

  result->profile_url = aura_email_json_text (profile, "profile_url");
  result->username = slug_of (result->profile_url);
  result->display_name = aura_email_json_text (profile, "display_name");
  result->about = aura_email_json_text (profile, "description");
  result->location = aura_email_json_text (profile, "location");
  result->job_title = aura_email_json_text (profile, "job_title");
  result->company = aura_email_json_text (profile, "company");
  result->pronouns = aura_email_json_text (profile, "pronouns");
  for (guint i = 0; i < n_items (accounts); i++)
    {
      JsonObject *account = item_at (accounts, i);

      if (account != NULL && !aura_email_json_flag (account, "is_hidden"))
        add_account (result, aura_email_json_text (account, "service_type"),
                     aura_email_json_text (account, "service_label"),
                     aura_email_json_text (account, "url"), NULL, TRUE);
    }
  g_strfreev (result->urls);
  result->urls = collect (get_array (profile, "links"), "url");
  if (avatar != NULL)
    g_strv_builder_add (photos, avatar);
  for (guint i = 0; i < n_items (gallery); i++)
    {
      g_autofree char *url = aura_email_json_text (item_at (gallery, i), "url");

      if (url != NULL)
        g_strv_builder_add (photos, url);
    }
  g_strfreev (result->photos);
  result->photos = g_strv_builder_end (photos);
}

static gboolean
profile_fail (AuraGravatarResult *result, char *reason)
{
  clear_profile (result);
  result->profile = AURA_EMAIL_LOOKUP_UNKNOWN;
  g_free (result->profile_reason);
  result->profile_reason = reason;
  return FALSE;
}

gboolean
aura_gravatar_read_profile (AuraGravatarResult *result,
                            const char *body,
                            gsize len,
                            gboolean legacy)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *said = NULL;
  JsonNode *root;
  JsonObject *object;

  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (body != NULL, FALSE);
  clear_profile (result);
  said = aura_email_snippet (body, len);
  if (!g_utf8_validate_len (body, len, NULL) ||
      !json_parser_load_from_data (parser, body, (gssize)len, &error))
    {
      const char *p = body;

      while (p < body + len && g_ascii_isspace (*p))
        p++;
      if (p < body + len && *p == '<')
        return profile_fail (result,
                             g_strdup_printf (_ ("Gravatar answered with a web page instead of "
                                                 "JSON (a block page?): “%s”"),
                                              said));
      return profile_fail (
          result, g_strdup_printf (_ ("Gravatar’s answer is not valid JSON "
                                      "(%s): “%s”"),
                                   error != NULL ? error->message : _ ("not UTF-8"), said));
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return profile_fail (result, g_strdup_printf (_ ("Gravatar’s answer is not a profile: "
                                                     "“%s”"),
                                                  said));
  object = json_node_get_object (root);
  if (legacy)
    {
      JsonObject *entry = item_at (get_array (object, "entry"), 0);

      if (entry == NULL)
        return profile_fail (result, g_strdup_printf (_ ("Gravatar’s answer has no profile "
                                                         "entry: “%s”"),
                                                      said));
      read_legacy (result, entry);
    }
  else
    {
      if (!json_object_has_member (object, "hash") &&
          !json_object_has_member (object, "profile_url") &&
          !json_object_has_member (object, "display_name"))
        return profile_fail (result, g_strdup_printf (_ ("Gravatar’s answer is not a profile: "
                                                         "“%s”"),
                                                      said));
      read_v3 (result, object);
    }
  result->profile = AURA_EMAIL_LOOKUP_FOUND;
  g_clear_pointer (&result->profile_reason, g_free);
  return TRUE;
}

/* ---- Requests ----------------------------------------------------------------- */

static void
lookup_free (Lookup *lookup)
{
  aura_email_cancel_clear (&lookup->cancel);
  aura_gravatar_result_free (lookup->result);
  g_free (lookup->api_key);
  g_free (lookup);
}

/* What went wrong with @response, in words, or NULL when it is a 2xx. */
static char *
problem_of (Lookup *lookup, const AuraHttpResponse *response)
{
  g_autofree char *said = NULL;
  const char *text;
  gsize len;

  if (response->outcome != AURA_HTTP_OK)
    return aura_email_service_no_answer ("Gravatar", response);
  if (response->status >= 200 && response->status < 300)
    return NULL;
  text = aura_http_response_get_text (response, &len);
  said = aura_email_snippet (text, len);
  if (response->status == 429)
    return g_strdup_printf (_ ("Gravatar limits the requests (HTTP 429), still after %u "
                               "retries; try again later"),
                            response->retries);
  if ((response->status == 401 || response->status == 403) && lookup->api_key != NULL)
    return g_strdup_printf (_ ("Gravatar refused the API key (HTTP %u): check it; it said: "
                               "“%s”"),
                            response->status, said);
  return g_strdup_printf (_ ("Gravatar answered HTTP %u: “%s”"), response->status, said);
}

static void
finish_one (GTask *task)
{
  Lookup *lookup = g_task_get_task_data (task);

  if (--lookup->pending > 0)
    return;
  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_pointer (task, g_steal_pointer (&lookup->result),
                         (GDestroyNotify)aura_gravatar_result_free);
}

static void
avatar_done_cb (AuraEngine *engine, AuraHttpResponse *response, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (AuraHttpResponse) owned = response;
  Lookup *lookup = g_task_get_task_data (task);
  AuraGravatarResult *result = lookup->result;
  char *problem = NULL;

  if (response->outcome == AURA_HTTP_OK && response->status == 404)
    result->avatar = AURA_EMAIL_LOOKUP_NONE;
  else if ((problem = problem_of (lookup, response)) != NULL)
    result->avatar_reason = problem;
  else if (response->content_type != NULL && !g_str_has_prefix (response->content_type, "image/"))
    result->avatar_reason =
        g_strdup_printf (_ ("Gravatar answered “%s” instead of an image"), response->content_type);
  else
    result->avatar = AURA_EMAIL_LOOKUP_FOUND;
  finish_one (task);
}

static void
profile_done_cb (AuraEngine *engine, AuraHttpResponse *response, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (AuraHttpResponse) owned = response;
  Lookup *lookup = g_task_get_task_data (task);
  AuraGravatarResult *result = lookup->result;
  g_autofree char *problem = NULL;
  const char *text;
  gsize len;

  if (response->outcome == AURA_HTTP_OK && response->status == 404)
    result->profile = AURA_EMAIL_LOOKUP_NONE;
  else if ((problem = problem_of (lookup, response)) != NULL)
    result->profile_reason = aura_email_redact (problem, lookup->api_key);
  else if (response->truncated)
    result->profile_reason = g_strdup_printf (
        _ ("Gravatar’s profile answer is over %u KiB; it was not read"), MAX_BODY / 1024);
  else
    {
      text = aura_http_response_get_text (response, &len);
      aura_gravatar_read_profile (result, text, len, lookup->legacy);
      if (result->profile_reason != NULL)
        {
          char *redacted = aura_email_redact (result->profile_reason, lookup->api_key);

          g_free (result->profile_reason);
          result->profile_reason = redacted;
        }
    }
  finish_one (task);
}

static void
submit (Lookup *lookup,
        GTask *task,
        const char *url,
        const char *const *headers,
        guint timeout_ms,
        AuraEngineCallback callback)
{
  lookup->pending++;
  aura_email_service_submit (&lookup->cancel, task, url, headers, MAX_BODY, timeout_ms, "gravatar",
                             callback);
}

void
aura_gravatar_lookup_async (AuraEngine *engine,
                            const char *email,
                            const AuraGravatarOptions *options,
                            GCancellable *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer user_data)
{
  static const AuraGravatarOptions defaults = { 0 };
  g_autoptr (GTask) task = NULL;
  g_autofree char *avatar_url = NULL;
  g_autofree char *profile_url = NULL;
  g_autofree char *rest = NULL;
  g_autofree char *bearer = NULL;
  const char *headers[3] = { "Accept: application/json", NULL, NULL };
  const char *avatar_base;
  guint timeout_ms;
  Lookup *lookup;

  g_return_if_fail (AURA_IS_ENGINE (engine));
  g_return_if_fail (email != NULL);
  if (options == NULL)
    options = &defaults;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, aura_gravatar_lookup_async);
  lookup = g_new0 (Lookup, 1);
  g_task_set_task_data (task, lookup, (GDestroyNotify)lookup_free);
  aura_email_cancel_init (&lookup->cancel, engine, options->group, cancellable);
  lookup->result = result_new ();
  lookup->result->md5 = aura_gravatar_md5 (email);
  lookup->result->sha256 = aura_gravatar_sha256 (email);
  lookup->legacy = options->use_legacy;
  lookup->api_key =
      options->api_key != NULL && *options->api_key != '\0' ? g_strdup (options->api_key) : NULL;
  timeout_ms = options->timeout_ms > 0 ? options->timeout_ms : DEFAULT_TIMEOUT_MS;

  /* The avatar is asked by SHA-256, which Gravatar prefers to MD5. */
  lookup->result->avatar_url = aura_email_join_url (DEFAULT_AVATAR_BASE, lookup->result->sha256);
  avatar_base = options->avatar_base != NULL ? options->avatar_base : DEFAULT_AVATAR_BASE;
  rest = g_strconcat (lookup->result->sha256, "?d=404", NULL);
  avatar_url = aura_email_join_url (avatar_base, rest);
  g_clear_pointer (&rest, g_free);
  if (lookup->legacy)
    {
      rest = g_strconcat (lookup->result->md5, ".json", NULL);
      profile_url = aura_email_join_url (
          options->profile_base != NULL ? options->profile_base : DEFAULT_PROFILE_BASE, rest);
    }
  else
    {
      rest = g_strconcat ("profiles/", lookup->result->sha256, NULL);
      profile_url = aura_email_join_url (
          options->api_base != NULL ? options->api_base : DEFAULT_API_BASE, rest);
      if (lookup->api_key != NULL)
        headers[1] = bearer = g_strconcat ("Authorization: Bearer ", lookup->api_key, NULL);
    }
  /* Both requests hold the task; the last answer completes it. */
  lookup->pending = 1;
  submit (lookup, task, avatar_url, NULL, timeout_ms, avatar_done_cb);
  submit (lookup, task, profile_url, headers, timeout_ms, profile_done_cb);
  finish_one (task);
}

AuraGravatarResult *
aura_gravatar_lookup_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == aura_gravatar_lookup_async,
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

JsonNode *
aura_gravatar_result_to_json (const AuraGravatarResult *result)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (result != NULL, NULL);
  json_builder_begin_object (builder);
  aura_email_json_add_string (builder, "md5", result->md5);
  aura_email_json_add_string (builder, "sha256", result->sha256);
  aura_email_json_add_string (builder, "avatar",
                              aura_email_lookup_state_to_string (result->avatar));
  aura_email_json_add_string (builder, "avatar_url", result->avatar_url);
  aura_email_json_add_string (builder, "avatar_reason", result->avatar_reason);
  aura_email_json_add_string (builder, "profile",
                              aura_email_lookup_state_to_string (result->profile));
  aura_email_json_add_string (builder, "profile_reason", result->profile_reason);
  aura_email_json_add_string (builder, "profile_url", result->profile_url);
  aura_email_json_add_string (builder, "username", result->username);
  aura_email_json_add_string (builder, "display_name", result->display_name);
  aura_email_json_add_string (builder, "about", result->about);
  aura_email_json_add_string (builder, "location", result->location);
  aura_email_json_add_string (builder, "job_title", result->job_title);
  aura_email_json_add_string (builder, "company", result->company);
  aura_email_json_add_string (builder, "pronouns", result->pronouns);
  json_builder_set_member_name (builder, "accounts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < result->accounts->len; i++)
    {
      AuraGravatarAccount *account = result->accounts->pdata[i];

      json_builder_begin_object (builder);
      aura_email_json_add_string (builder, "service", account->service);
      aura_email_json_add_string (builder, "label", account->label);
      aura_email_json_add_string (builder, "url", account->url);
      aura_email_json_add_string (builder, "username", account->username);
      aura_email_json_add_bool (builder, "verified", account->verified);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  aura_email_json_add_strv (builder, "urls", (const char *const *)result->urls);
  aura_email_json_add_strv (builder, "photos", (const char *const *)result->photos);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
