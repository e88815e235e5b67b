/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-sources"
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "aura-api-keys.h"
#include "aura-manifest.h"
#include "aura-source-private.h"

/* The validating parser of one source object (README.md). Every error
 * names the file, the source and the field, so that a person can go and
 * fix it. Unknown fields are warnings, not errors: a manifest written for a
 * newer Aura still loads. Fields starting with "_" or "x-" are comments and
 * extensions, ignored without a word. */

#define LABEL_MAX_CHARS 100
#define REGEX_MAX_BYTES 512
#define MAX_EXTRACTS 16

typedef AuraManifestCtx Ctx;

static gboolean
get_path (Ctx *ctx,
          JsonObject *object,
          const char *member,
          const char *field,
          gboolean required,
          AuraSourcePath **out)
{
  const char *text;
  GError *local = NULL;

  *out = NULL;
  if (!aura_manifest_get_string (ctx, object, member, field,
                                 (required) ? AURA_MANIFEST_REQUIRED : AURA_MANIFEST_OPTIONAL, 0,
                                 &text))
    return FALSE;
  if (text == NULL)
    return TRUE;
  if ((*out = aura_source_path_parse (text, &local)) == NULL)
    return aura_manifest_error_take (ctx, field, local);
  return TRUE;
}

static gboolean
get_template (Ctx *ctx,
              JsonObject *object,
              const char *member,
              const char *field,
              gboolean required,
              const char *const *allowed,
              AuraSourceTemplate **out)
{
  const char *text;
  GError *local = NULL;

  *out = NULL;
  if (!aura_manifest_get_string (ctx, object, member, field,
                                 (required) ? AURA_MANIFEST_REQUIRED : AURA_MANIFEST_OPTIONAL, 0,
                                 &text))
    return FALSE;
  if (text == NULL)
    return TRUE;
  if ((*out = aura_source_template_parse (text, allowed, &local)) == NULL)
    return aura_manifest_error_take (ctx, field, local);
  return TRUE;
}

/* A URL template: absolute http(s) with a fixed host, or starting with the
 * prepared base (@prepared). */
static gboolean
check_url_template (Ctx *ctx, const char *field, AuraSourceTemplate *tmpl, const char *prepared)
{
  const char *text = aura_source_template_get_text (tmpl);
  const char *leading = aura_source_template_get_leading (tmpl);
  const char *authority;

  if (leading != NULL)
    {
      if (prepared == NULL || !g_str_equal (leading, prepared))
        return aura_manifest_error (ctx, field,
                                    _ ("must start with “http://” or “https://”, or with the "
                                       "placeholder the “prepare” step fills"));
      return TRUE;
    }
  if (!g_str_has_prefix (text, "https://") && !g_str_has_prefix (text, "http://"))
    return aura_manifest_error (ctx, field, _ ("must start with “http://” or “https://”"));
  authority = strstr (text, "://") + 3;
  if (strcspn (authority, "{") < strcspn (authority, "/?#"))
    return aura_manifest_error (ctx, field, _ ("the host cannot hold a placeholder"));
  if (strcspn (authority, "/?#") == 0)
    return aura_manifest_error (ctx, field, _ ("the URL has no host"));
  return TRUE;
}

/* "Name": "template" pairs. */
static gboolean
get_headers (
    Ctx *ctx, JsonObject *object, const char *field, const char *const *allowed, GPtrArray **out)
{
  JsonObject *headers;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  g_autofree char *headers_field = g_strconcat (field, ".headers", NULL);

  *out = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_source_header_free);
  if (!aura_manifest_get_object (ctx, object, "headers", headers_field, AURA_MANIFEST_OPTIONAL,
                                 &headers))
    return FALSE;
  if (headers == NULL)
    return TRUE;
  json_object_iter_init (&iter, headers);
  while (json_object_iter_next (&iter, &name, &node))
    {
      g_autofree char *sub = g_strdup_printf ("%s.headers.%s", field, name);
      AuraSourceHeader *header;
      AuraSourceTemplate *value;
      GError *local = NULL;

      if (*name == '\0' || strpbrk (name, ": \t\r\n") != NULL || !g_str_is_ascii (name))
        return aura_manifest_error (ctx, sub, _ ("not a valid header name"));
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
          strpbrk (json_node_get_string (node), "\r\n") != NULL)
        return aura_manifest_error (ctx, sub, _ ("must be a string on one line"));
      value = aura_source_template_parse (json_node_get_string (node), allowed, &local);
      if (value == NULL)
        return aura_manifest_error_take (ctx, sub, local);
      header = g_new0 (AuraSourceHeader, 1);
      header->name = g_strdup (name);
      header->value = value;
      g_ptr_array_add (*out, header);
    }
  return TRUE;
}

/* ---- Parts of a source ------------------------------------------------- */

static gboolean
parse_yields (Ctx *ctx, JsonObject *object, AuraSource *source)
{
  g_auto (GStrv) yields = NULL;

  if (!aura_manifest_get_strv (ctx, object, "yields", "yields", AURA_MANIFEST_OPTIONAL, 0, &yields))
    return FALSE;
  if (yields == NULL || yields[0] == NULL)
    return aura_manifest_error (ctx, "yields",
                                _ ("list at least one of subdomain, email, ip, url"));
  for (guint i = 0; yields[i] != NULL; i++)
    {
      if (g_str_equal (yields[i], "subdomain"))
        source->yields |= 1u << AURA_ENTITY_SUBDOMAIN;
      else if (g_str_equal (yields[i], "email"))
        source->yields |= 1u << AURA_ENTITY_EMAIL;
      else if (g_str_equal (yields[i], "ip"))
        source->yields |= 1u << AURA_ENTITY_IP;
      else if (g_str_equal (yields[i], "url"))
        source->yields |= 1u << AURA_ENTITY_URL;
      else
        return aura_manifest_error (ctx, "yields",
                                    _ ("“%s” is not one of subdomain, email, ip, url"), yields[i]);
    }
  return TRUE;
}

static gboolean
parse_key (Ctx *ctx, JsonObject *object, AuraSource *source)
{
  static const char *const known[] = { "name", "required", "url", NULL };
  JsonObject *key;
  const char *name, *url;

  if (!aura_manifest_get_object (ctx, object, "key", "key", AURA_MANIFEST_OPTIONAL, &key))
    return FALSE;
  if (key == NULL)
    return TRUE;
  aura_manifest_check_members (ctx, key, "key", known);
  if (!aura_manifest_get_string (ctx, key, "name", "key.name", AURA_MANIFEST_REQUIRED, 0, &name))
    return FALSE;
  if (!aura_api_keys_name_is_valid (name))
    return aura_manifest_error (
        ctx, "key.name", _ ("“%s” is not a key name (1 to 64 of a-z, 0-9, “-” and “_”)"), name);
  source->key_name = g_ascii_strdown (name, -1);
  source->key_required = TRUE;
  if (!aura_manifest_get_bool (ctx, key, "required", "key.required", &source->key_required))
    return FALSE;
  if (!aura_manifest_get_string (ctx, key, "url", "key.url", AURA_MANIFEST_OPTIONAL, 0, &url))
    return FALSE;
  if (url != NULL && !aura_manifest_is_http_url (url))
    return aura_manifest_error (ctx, "key.url", _ ("must be an http or https URL"));
  source->key_url = g_strdup (url);
  return TRUE;
}

static gboolean
parse_prepare (Ctx *ctx, JsonObject *object, AuraSource *source, const char *const *allowed)
{
  static const char *const known[] = { "url", "headers", "path", "into", NULL };
  static const char *const reserved[] = { "domain", "key",    "key_base64", "page",
                                          "offset", "cursor", "value",      NULL };
  JsonObject *prepare;
  const char *into;

  if (!aura_manifest_get_object (ctx, object, "prepare", "prepare", AURA_MANIFEST_OPTIONAL,
                                 &prepare))
    return FALSE;
  if (prepare == NULL)
    return TRUE;
  aura_manifest_check_members (ctx, prepare, "prepare", known);
  if (!get_template (ctx, prepare, "url", "prepare.url", TRUE, allowed, &source->prepare_url) ||
      !check_url_template (ctx, "prepare.url", source->prepare_url, NULL))
    return FALSE;
  g_clear_pointer (&source->prepare_headers, g_ptr_array_unref);
  if (!get_headers (ctx, prepare, "prepare", allowed, &source->prepare_headers))
    return FALSE;
  if (!get_path (ctx, prepare, "path", "prepare.path", TRUE, &source->prepare_path))
    return FALSE;
  if (!aura_manifest_get_string (ctx, prepare, "into", "prepare.into", AURA_MANIFEST_REQUIRED, 0,
                                 &into))
    return FALSE;
  if (!g_ascii_islower (into[0]) ||
      strspn (into, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen (into) || strlen (into) > 32)
    return aura_manifest_error (
        ctx, "prepare.into",
        _ ("must be a placeholder name: a-z, 0-9 and “_”, starting with a letter"));
  if (g_strv_contains (reserved, into))
    return aura_manifest_error (ctx, "prepare.into", _ ("“%s” is a placeholder Aura fills itself"),
                                into);
  source->prepare_into = g_strdup (into);
  return TRUE;
}

static gboolean
parse_request (Ctx *ctx, JsonObject *object, AuraSource *source, const char *const *allowed)
{
  static const char *const known[] = { "method",    "url",       "headers", "body",
                                       "body_type", "timeout_s", NULL };
  static const char *const body_types[] = { "text", "json", "form", NULL };
  static const AuraSourceEscape escapes[] = { AURA_SOURCE_ESCAPE_TEXT, AURA_SOURCE_ESCAPE_JSON,
                                              AURA_SOURCE_ESCAPE_FORM };
  JsonObject *request;
  const char *method;
  int body_type = 0;
  guint timeout_s = 0;

  if (!aura_manifest_get_object (ctx, object, "request", "request", AURA_MANIFEST_REQUIRED,
                                 &request))
    return FALSE;
  aura_manifest_check_members (ctx, request, "request", known);
  if (!aura_manifest_get_string (ctx, request, "method", "request.method", AURA_MANIFEST_OPTIONAL,
                                 0, &method))
    return FALSE;
  if (method == NULL)
    method = "GET";
  if (!g_str_equal (method, "GET") && !g_str_equal (method, "POST"))
    return aura_manifest_error (ctx, "request.method", _ ("must be GET or POST"));
  source->method = g_strdup (method);
  if (!get_template (ctx, request, "url", "request.url", TRUE, allowed, &source->url) ||
      !check_url_template (ctx, "request.url", source->url, source->prepare_into))
    return FALSE;
  g_clear_pointer (&source->headers, g_ptr_array_unref);
  if (!get_headers (ctx, request, "request", allowed, &source->headers))
    return FALSE;
  if (!get_template (ctx, request, "body", "request.body", FALSE, allowed, &source->body))
    return FALSE;
  if (source->body != NULL && g_str_equal (method, "GET"))
    return aura_manifest_error (ctx, "request.body", _ ("only a POST request has a body"));
  if (!aura_manifest_get_enum (ctx, request, "body_type", "request.body_type",
                               AURA_MANIFEST_OPTIONAL, body_types, &body_type))
    return FALSE;
  source->body_escape = escapes[body_type];
  if (!aura_manifest_get_uint (ctx, request, "timeout_s", "request.timeout_s", 1, 600, &timeout_s))
    return FALSE;
  source->timeout_ms = timeout_s * 1000;
  return TRUE;
}

static gboolean
parse_response (Ctx *ctx, JsonObject *object, AuraSource *source)
{
  static const char *const known[] = { "format",     "empty_status", "error_path",
                                       "error_text", "max_body_mb",  NULL };
  /* In the order of AuraSourceBodyFormat. */
  static const char *const formats[] = { "json", "ndjson", "text", NULL };
  JsonObject *response;
  int format = AURA_SOURCE_BODY_JSON;
  JsonNode *empty;
  guint max_body_mb = 0;

  source->format = AURA_SOURCE_BODY_JSON;
  if (!aura_manifest_get_object (ctx, object, "response", "response", AURA_MANIFEST_OPTIONAL,
                                 &response))
    return FALSE;
  if (response == NULL)
    return TRUE;
  aura_manifest_check_members (ctx, response, "response", known);
  if (!aura_manifest_get_enum (ctx, response, "format", "response.format", AURA_MANIFEST_OPTIONAL,
                               formats, &format))
    return FALSE;
  source->format = (AuraSourceBodyFormat)format;
  empty = json_object_get_member (response, "empty_status");
  if (empty != NULL && !JSON_NODE_HOLDS_NULL (empty))
    {
      JsonArray *array = JSON_NODE_HOLDS_ARRAY (empty) ? json_node_get_array (empty) : NULL;

      if (array == NULL)
        return aura_manifest_error (ctx, "response.empty_status",
                                    _ ("must be a list of HTTP statuses"));
      source->empty_status = g_array_new (FALSE, FALSE, sizeof (guint));
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          gint64 status =
              JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_INT64
                  ? json_node_get_int (element)
                  : 0;
          guint value = (guint)status;

          if (status < 100 || status > 599)
            return aura_manifest_error (ctx, "response.empty_status",
                                        _ ("item %u must be an HTTP status (100 to 599)"), i + 1);
          g_array_append_val (source->empty_status, value);
        }
    }
  if (!get_path (ctx, response, "error_path", "response.error_path", FALSE, &source->error_path) ||
      !aura_manifest_get_strv (ctx, response, "error_text", "response.error_text",
                               AURA_MANIFEST_OPTIONAL, 0, &source->error_text) ||
      !aura_manifest_get_uint (ctx, response, "max_body_mb", "response.max_body_mb", 1,
                               AURA_SOURCE_MAX_BODY_CAP / (1024 * 1024), &max_body_mb))
    return FALSE;
  if (source->error_path != NULL && source->format == AURA_SOURCE_BODY_TEXT)
    return aura_manifest_error (ctx, "response.error_path", _ ("needs a json or ndjson response"));
  source->max_body = (gsize)max_body_mb * 1024 * 1024;
  return TRUE;
}

static gboolean
parse_pagination (Ctx *ctx, JsonObject *object, AuraSource *source)
{
  static const char *const known[] = { "type",  "max_pages", "param", "from", "to",
                                       "start", "step",      "path",  NULL };
  /* In the order of AuraSourcePaging. */
  static const char *const types[] = { "none", "page", "cursor", "offset", "next_url", NULL };
  JsonObject *paging;
  const char *param;
  int type = AURA_SOURCE_PAGING_NONE;

  source->max_pages = AURA_SOURCE_DEFAULT_MAX_PAGES;
  source->page_from = 1;
  if (!aura_manifest_get_object (ctx, object, "pagination", "pagination", AURA_MANIFEST_OPTIONAL,
                                 &paging))
    return FALSE;
  if (paging == NULL)
    {
      source->max_pages = 1;
      return TRUE;
    }
  aura_manifest_check_members (ctx, paging, "pagination", known);
  if (!aura_manifest_get_enum (ctx, paging, "type", "pagination.type", AURA_MANIFEST_REQUIRED,
                               types, &type))
    return FALSE;
  source->paging = (AuraSourcePaging)type;
  if (!aura_manifest_get_uint (ctx, paging, "max_pages", "pagination.max_pages", 1,
                               AURA_SOURCE_MAX_PAGES_CAP, &source->max_pages))
    return FALSE;
  if (source->paging == AURA_SOURCE_PAGING_NONE)
    source->max_pages = 1;
  if (!aura_manifest_get_string (ctx, paging, "param", "pagination.param", AURA_MANIFEST_OPTIONAL,
                                 0, &param))
    return FALSE;
  if (param != NULL &&
      (source->paging == AURA_SOURCE_PAGING_NONE || source->paging == AURA_SOURCE_PAGING_NEXT_URL))
    return aura_manifest_error (ctx, "pagination.param",
                                _ ("only page, cursor and offset take a param"));
  source->page_param = g_strdup (param);
  if (!aura_manifest_get_uint (ctx, paging, "from", "pagination.from", 0, G_MAXINT,
                               &source->page_from) ||
      !aura_manifest_get_uint (ctx, paging, "to", "pagination.to", 0, G_MAXINT, &source->page_to) ||
      !aura_manifest_get_uint (ctx, paging, "start", "pagination.start", 0, G_MAXINT,
                               &source->offset_start) ||
      !aura_manifest_get_uint (ctx, paging, "step", "pagination.step", 1, G_MAXINT,
                               &source->offset_step))
    return FALSE;
  if (source->page_to != 0 && source->page_to < source->page_from)
    return aura_manifest_error (ctx, "pagination.to", _ ("must not be below “from”"));
  if (source->paging == AURA_SOURCE_PAGING_OFFSET && source->offset_step == 0)
    return aura_manifest_error (ctx, "pagination.step",
                                _ ("missing (how far each page moves the offset)"));
  if (source->paging == AURA_SOURCE_PAGING_CURSOR || source->paging == AURA_SOURCE_PAGING_NEXT_URL)
    {
      if (!get_path (ctx, paging, "path", "pagination.path", TRUE, &source->next_path))
        return FALSE;
      if (source->format == AURA_SOURCE_BODY_TEXT)
        return aura_manifest_error (ctx, "pagination.path", _ ("needs a json or ndjson response"));
    }
  return TRUE;
}

static gboolean
template_uses_anywhere (AuraSource *source, const char *name)
{
  if (aura_source_template_uses (source->url, name) ||
      aura_source_template_uses (source->body, name))
    return TRUE;
  for (guint i = 0; i < source->headers->len; i++)
    if (aura_source_template_uses (((AuraSourceHeader *)source->headers->pdata[i])->value, name))
      return TRUE;
  return FALSE;
}

/* The paging placeholders match the pagination type; optional keys only
 * sit in headers (a header can be left out, a URL cannot). */
static gboolean
check_placeholders (Ctx *ctx, AuraSource *source)
{
  static const struct
  {
    const char *name;
    AuraSourcePaging paging;
  } paging_vars[] = {
    { "page", AURA_SOURCE_PAGING_PAGE },
    { "offset", AURA_SOURCE_PAGING_OFFSET },
    { "cursor", AURA_SOURCE_PAGING_CURSOR },
  };

  for (guint i = 0; i < G_N_ELEMENTS (paging_vars); i++)
    {
      gboolean used = template_uses_anywhere (source, paging_vars[i].name);

      if (used && source->paging != paging_vars[i].paging)
        return aura_manifest_error (ctx, "request",
                                    _ ("{%s} is used but the pagination type is not “%s”"),
                                    paging_vars[i].name, paging_vars[i].name);
      if (!used && source->paging == paging_vars[i].paging && source->page_param == NULL)
        return aura_manifest_error (
            ctx, "pagination",
            _ ("put {%s} in the request, or name the query parameter in “param”"),
            paging_vars[i].name);
    }
  if (source->key_name != NULL && !source->key_required &&
      (aura_source_template_uses (source->url, "key") ||
       aura_source_template_uses (source->url, "key_base64") ||
       aura_source_template_uses (source->body, "key") ||
       aura_source_template_uses (source->body, "key_base64")))
    return aura_manifest_error (
        ctx, "request",
        _ ("an optional key can only be used in headers, which are left out "
           "without it"));
  if (source->key_name != NULL && !template_uses_anywhere (source, "key") &&
      !template_uses_anywhere (source, "key_base64"))
    return aura_manifest_error (ctx, "key", _ ("the request never uses {key} or {key_base64}"));
  if (source->prepare_into != NULL && !template_uses_anywhere (source, source->prepare_into))
    return aura_manifest_error (ctx, "prepare.into", _ ("the request never uses {%s}"),
                                source->prepare_into);
  return TRUE;
}

static gboolean
parse_done_when (Ctx *ctx, JsonObject *object, AuraSource *source)
{
  static const char *const known[] = { "empty_page", "empty_path", "count_path", "more_path",
                                       NULL };
  JsonObject *done;

  source->stop_when_empty = TRUE;
  if (!aura_manifest_get_object (ctx, object, "done_when", "done_when", AURA_MANIFEST_OPTIONAL,
                                 &done))
    return FALSE;
  if (done == NULL)
    return TRUE;
  aura_manifest_check_members (ctx, done, "done_when", known);
  if (!aura_manifest_get_bool (ctx, done, "empty_page", "done_when.empty_page",
                               &source->stop_when_empty) ||
      !get_path (ctx, done, "empty_path", "done_when.empty_path", FALSE, &source->empty_path) ||
      !get_path (ctx, done, "count_path", "done_when.count_path", FALSE, &source->count_path) ||
      !get_path (ctx, done, "more_path", "done_when.more_path", FALSE, &source->more_path))
    return FALSE;
  if ((source->empty_path != NULL || source->count_path != NULL || source->more_path != NULL) &&
      source->format == AURA_SOURCE_BODY_TEXT)
    return aura_manifest_error (ctx, "done_when", _ ("paths need a json or ndjson response"));
  return TRUE;
}

static gboolean
check_regex (Ctx *ctx, const char *field, AuraSourceTemplate *tmpl)
{
  g_autoptr (GHashTable) vars = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GError) local = NULL;
  g_autoptr (GRegex) regex = NULL;
  g_autofree char *pattern = NULL;

  if (strlen (aura_source_template_get_text (tmpl)) > REGEX_MAX_BYTES)
    return aura_manifest_error (ctx, field, _ ("longer than %d bytes"), REGEX_MAX_BYTES);
  g_hash_table_insert (vars, "domain", "example.com");
  pattern = aura_source_template_expand (tmpl, vars, AURA_SOURCE_ESCAPE_REGEX, FALSE, NULL);
  regex = g_regex_new (pattern, G_REGEX_MULTILINE | G_REGEX_RAW, 0, &local);
  if (regex == NULL)
    return aura_manifest_error (ctx, field, _ ("not a valid regular expression: %s"),
                                local->message);
  if (g_regex_get_capture_count (regex) < 1)
    return aura_manifest_error (ctx, field, _ ("needs a capture group around the value"));
  return TRUE;
}

static gboolean
parse_kind (Ctx *ctx, const char *field, const char *kind, AuraSource *source, AuraEntityType *out)
{
  if (kind == NULL)
    return aura_manifest_error (ctx, field, _ ("missing"));
  if (g_str_equal (kind, "subdomain"))
    *out = AURA_ENTITY_SUBDOMAIN;
  else if (g_str_equal (kind, "email"))
    *out = AURA_ENTITY_EMAIL;
  else if (g_str_equal (kind, "ip"))
    *out = AURA_ENTITY_IP;
  else if (g_str_equal (kind, "url"))
    *out = AURA_ENTITY_URL;
  else
    return aura_manifest_error (ctx, field, _ ("“%s” is not one of subdomain, email, ip, url"),
                                kind);
  if ((source->yields & (1u << *out)) == 0)
    return aura_manifest_error (ctx, field, _ ("“%s” is not in “yields”"), kind);
  return TRUE;
}

static gboolean
parse_extract (Ctx *ctx, JsonObject *rule, guint index, AuraSource *source)
{
  static const char *const known[] = { "kind", "path", "regex", "split", "from", "value", NULL };
  static const char *const regex_vars[] = { "domain", NULL };
  static const char *const value_vars[] = { "value", "domain", NULL };
  g_autofree char *where = g_strdup_printf ("extract[%u]", index);
  g_autofree char *f_kind = g_strconcat (where, ".kind", NULL);
  g_autofree char *f_path = g_strconcat (where, ".path", NULL);
  g_autofree char *f_regex = g_strconcat (where, ".regex", NULL);
  g_autofree char *f_split = g_strconcat (where, ".split", NULL);
  g_autofree char *f_from = g_strconcat (where, ".from", NULL);
  g_autofree char *f_value = g_strconcat (where, ".value", NULL);
  AuraSourceExtract *extract = g_new0 (AuraSourceExtract, 1);
  const char *kind, *split, *from;

  g_ptr_array_add (source->extracts, extract);
  aura_manifest_check_members (ctx, rule, where, known);
  if (!aura_manifest_get_string (ctx, rule, "kind", f_kind, AURA_MANIFEST_REQUIRED, 0, &kind) ||
      !parse_kind (ctx, f_kind, kind, source, &extract->kind))
    return FALSE;
  if (!get_path (ctx, rule, "path", f_path, FALSE, &extract->path) ||
      !get_template (ctx, rule, "regex", f_regex, FALSE, regex_vars, &extract->regex))
    return FALSE;
  if (source->format == AURA_SOURCE_BODY_TEXT && extract->path != NULL)
    return aura_manifest_error (ctx, f_path, _ ("a text response has no JSON path; use “regex”"));
  if (source->format == AURA_SOURCE_BODY_TEXT && extract->regex == NULL)
    return aura_manifest_error (ctx, f_regex, _ ("missing (a text response is read with a regex)"));
  if (source->format != AURA_SOURCE_BODY_TEXT && extract->path == NULL)
    return aura_manifest_error (ctx, f_path, _ ("missing (where the values are in the JSON)"));
  if (extract->regex != NULL && !check_regex (ctx, f_regex, extract->regex))
    return FALSE;
  if (!aura_manifest_get_string (ctx, rule, "split", f_split, AURA_MANIFEST_OPTIONAL, 0, &split) ||
      !aura_manifest_get_string (ctx, rule, "from", f_from, AURA_MANIFEST_OPTIONAL, 0, &from))
    return FALSE;
  extract->split = g_strdup (split);
  if (from != NULL && !g_str_equal (from, "url") && !g_str_equal (from, "name"))
    return aura_manifest_error (ctx, f_from, _ ("must be name or url"));
  extract->from_url = g_strcmp0 (from, "url") == 0;
  if (!get_template (ctx, rule, "value", f_value, FALSE, value_vars, &extract->value))
    return FALSE;
  if (extract->value != NULL && !aura_source_template_uses (extract->value, "value"))
    return aura_manifest_error (ctx, f_value, _ ("must hold {value}"));
  return TRUE;
}

static gboolean
parse_extracts (Ctx *ctx, JsonObject *object, AuraSource *source)
{
  JsonNode *node = json_object_get_member (object, "extract");
  guint produced = 0;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return aura_manifest_error (ctx, "extract", _ ("missing"));
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      if (!parse_extract (ctx, json_node_get_object (node), 0, source))
        return FALSE;
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint n = json_array_get_length (array);

      if (n == 0 || n > MAX_EXTRACTS)
        return aura_manifest_error (ctx, "extract", _ ("must hold 1 to %d rules"), MAX_EXTRACTS);
      for (guint i = 0; i < n; i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_OBJECT (element))
            return aura_manifest_error (ctx, "extract", _ ("item %u must be an object"), i + 1);
          if (!parse_extract (ctx, json_node_get_object (element), i, source))
            return FALSE;
        }
    }
  else
    return aura_manifest_error (ctx, "extract", _ ("must be an object or a list of objects"));
  for (guint i = 0; i < source->extracts->len; i++)
    produced |= 1u << ((AuraSourceExtract *)source->extracts->pdata[i])->kind;
  if ((produced & source->yields) != source->yields)
    return aura_manifest_error (ctx, "yields", _ ("lists a kind no extract rule produces"));
  return TRUE;
}

static gboolean
parse_rate (Ctx *ctx, JsonObject *object, AuraSource *source)
{
  static const char *const known[] = { "requests_per_second", NULL };
  JsonObject *rate;

  if (!aura_manifest_get_object (ctx, object, "rate", "rate", AURA_MANIFEST_OPTIONAL, &rate))
    return FALSE;
  if (rate == NULL)
    return TRUE;
  aura_manifest_check_members (ctx, rate, "rate", known);
  return aura_manifest_get_rate (ctx, rate, "requests_per_second", "rate.requests_per_second",
                                 &source->rate);
}

static gboolean
parse_identity (Ctx *ctx, JsonObject *object, AuraSource *source)
{
  const char *name, *label, *homepage, *description;

  if (!aura_manifest_get_string (ctx, object, "name", "name", AURA_MANIFEST_REQUIRED, 0, &name))
    return FALSE;
  aura_manifest_ctx_take_item (ctx, g_strdup_printf (_ ("source “%s”"), name));
  if (!aura_api_keys_name_is_valid (name) || !g_ascii_isalnum (name[0]))
    return aura_manifest_error (ctx, "name",
                                _ ("must be 1 to 64 of a-z, 0-9, “-” and “_”, starting with a "
                                   "letter or digit"));
  for (const char *p = name; *p != '\0'; p++)
    if (g_ascii_isupper (*p))
      return aura_manifest_error (ctx, "name", _ ("must be lower case (it is a stable id)"));
  source->name = g_strdup (name);
  if (!aura_manifest_get_string (ctx, object, "label", "label", AURA_MANIFEST_REQUIRED, 0, &label))
    return FALSE;
  if (g_utf8_strlen (label, -1) > LABEL_MAX_CHARS)
    return aura_manifest_error (ctx, "label", _ ("longer than %d characters"), LABEL_MAX_CHARS);
  source->label = g_strdup (label);
  if (!aura_manifest_get_string (ctx, object, "homepage", "homepage", AURA_MANIFEST_OPTIONAL, 0,
                                 &homepage) ||
      !aura_manifest_get_string (ctx, object, "description", "description", AURA_MANIFEST_OPTIONAL,
                                 0, &description))
    return FALSE;
  if (homepage != NULL && !aura_manifest_is_http_url (homepage))
    return aura_manifest_error (ctx, "homepage", _ ("must be an http or https URL"));
  source->homepage = g_strdup (homepage);
  source->description = g_strdup (description);
  return TRUE;
}

/* The placeholders the request may use, given the key and the
 * preparation step. */
static GStrv
request_placeholders (AuraSource *source, gboolean with_paging)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  g_strv_builder_add (builder, "domain");
  if (source->key_name != NULL)
    {
      g_strv_builder_add (builder, "key");
      g_strv_builder_add (builder, "key_base64");
    }
  if (with_paging)
    {
      g_strv_builder_add (builder, "page");
      g_strv_builder_add (builder, "offset");
      g_strv_builder_add (builder, "cursor");
    }
  if (with_paging && source->prepare_into != NULL)
    g_strv_builder_add (builder, source->prepare_into);
  return g_strv_builder_end (builder);
}

AuraSource *
aura_source_from_json (JsonObject *object, const char *origin, GPtrArray *warnings, GError **error)
{
  static const char *const known[] = { "name",    "label",    "homepage",    "description",
                                       "notes",   "yields",   "key",         "prepare",
                                       "request", "response", "pagination",  "done_when",
                                       "extract", "rate",     "max_results", NULL };
  g_auto (AuraManifestCtx) ctx = { 0 };
  g_autoptr (AuraSource) source = aura_source_new_empty ();
  g_auto (GStrv) prepare_vars = NULL;
  g_auto (GStrv) request_vars = NULL;
  const char *notes;

  g_return_val_if_fail (object != NULL, NULL);
  aura_manifest_ctx_init (&ctx, origin, AURA_SOURCE_ERROR, AURA_SOURCE_ERROR_INVALID,
                          AURA_MANIFEST_DEFAULT, warnings, error);
  aura_manifest_ctx_take_item (&ctx, g_strdup_printf (_ ("source “%s”"), "?"));
  source->origin = g_strdup (origin);
  if (!parse_identity (&ctx, object, source))
    return NULL;
  aura_manifest_check_members (&ctx, object, NULL, known);
  if (!aura_manifest_get_string (&ctx, object, "notes", "notes", AURA_MANIFEST_OPTIONAL, 0,
                                 &notes) ||
      !parse_yields (&ctx, object, source) || !parse_key (&ctx, object, source))
    return NULL;
  prepare_vars = request_placeholders (source, FALSE);
  if (!parse_prepare (&ctx, object, source, (const char *const *)prepare_vars))
    return NULL;
  request_vars = request_placeholders (source, TRUE);
  if (!parse_request (&ctx, object, source, (const char *const *)request_vars) ||
      !parse_response (&ctx, object, source) || !parse_pagination (&ctx, object, source) ||
      !check_placeholders (&ctx, source) || !parse_done_when (&ctx, object, source) ||
      !parse_extracts (&ctx, object, source) || !parse_rate (&ctx, object, source))
    return NULL;
  source->max_results = AURA_SOURCE_DEFAULT_MAX_RESULTS;
  if (!aura_manifest_get_uint (&ctx, object, "max_results", "max_results", 1,
                               AURA_SOURCE_MAX_RESULTS_CAP, &source->max_results))
    return NULL;
  return g_steal_pointer (&source);
}
