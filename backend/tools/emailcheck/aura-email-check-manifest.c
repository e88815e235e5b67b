/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-emailcheck"
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "aura-email-check-private.h"
#include "aura-manifest.h"

/* The validating parser of one check. It is strict on purpose: an unknown
 * field is almost always a typo that would silently switch a rule off, so
 * it fails the load; every message names the file, the check and the field
 * ("detect.found[1].json[0].path") so that a person can fix it. */

typedef AuraManifestCtx Ctx;

static const char *const categories[] = {
  "adult",  "crm",          "crypto",   "dating",   "dev",    "finance", "forum",
  "gaming", "health",       "jobs",     "learning", "mail",   "media",   "music",
  "other",  "productivity", "shopping", "social",   "sports", "travel",  NULL,
};

static gboolean
check_http_url (Ctx *ctx, const char *field, const char *text)
{
  if (!g_str_has_prefix (text, "https://") && !g_str_has_prefix (text, "http://"))
    return aura_manifest_error (ctx, field, _ ("must be an absolute http or https URL"));
  return TRUE;
}

static gboolean
valid_token (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("-_.:", *p) == NULL)
      return FALSE;
  return TRUE;
}

GRegex *
aura_email_compile_regex (const char *pattern, GError **error)
{
  static GRegex *nested = NULL;
  GRegex *regex;

  if (strlen (pattern) > AURA_EMAIL_CHECK_MAX_REGEX)
    {
      g_set_error (error, AURA_EMAIL_CHECK_ERROR, AURA_EMAIL_CHECK_ERROR_TOO_LARGE,
                   _ ("the regular expression is longer than %d bytes"),
                   AURA_EMAIL_CHECK_MAX_REGEX);
      return NULL;
    }
  if (g_once_init_enter (&nested))
    g_once_init_leave (&nested,
                       g_regex_new ("\\([^()]*[+*][^()]*\\)[+*{]", G_REGEX_OPTIMIZE, 0, NULL));
  if (g_regex_match (nested, pattern, 0, NULL))
    {
      g_set_error (error, AURA_EMAIL_CHECK_ERROR, AURA_EMAIL_CHECK_ERROR_INVALID,
                   _ ("the regular expression repeats a repeated group, which can take forever "
                      "on some pages; simplify it"));
      return NULL;
    }
  regex = g_regex_new (pattern, G_REGEX_OPTIMIZE, 0, error);
  if (regex == NULL && error != NULL && *error != NULL)
    {
      g_autofree char *message = g_strdup ((*error)->message);

      g_clear_error (error);
      g_set_error (error, AURA_EMAIL_CHECK_ERROR, AURA_EMAIL_CHECK_ERROR_INVALID,
                   _ ("not a valid regular expression: %s"), message);
    }
  return regex;
}

static gboolean
get_regex (Ctx *ctx,
           JsonObject *object,
           const char *member,
           const char *field,
           GRegex **out,
           char **out_text)
{
  const char *text;
  GError *inner = NULL;

  if (!aura_manifest_get_string (ctx, object, member, field, AURA_MANIFEST_OPTIONAL,
                                 AURA_EMAIL_CHECK_MAX_REGEX * 2, &text))
    return FALSE;
  if (text == NULL)
    return TRUE;
  *out = aura_email_compile_regex (text, &inner);
  if (*out == NULL)
    return aura_manifest_error_take (ctx, field, inner);
  if (out_text != NULL)
    *out_text = g_strdup (text);
  return TRUE;
}

static gboolean
get_path (Ctx *ctx, const char *text, const char *field, AuraSourcePath **out)
{
  GError *inner = NULL;

  *out = aura_source_path_parse (text, &inner);
  return *out != NULL || aura_manifest_error_take (ctx, field, inner);
}

/* ---- Requests --------------------------------------------------------------- */

static void
field_free (AuraEmailField *field)
{
  g_free (field->name);
  aura_email_template_free (field->value);
  g_free (field);
}

static void
extract_free (AuraEmailExtract *extract)
{
  g_free (extract->name);
  g_free (extract->arg);
  g_clear_pointer (&extract->regex, g_regex_unref);
  aura_source_path_free (extract->path);
  g_free (extract);
}

void
aura_email_request_spec_free (AuraEmailRequestSpec *spec)
{
  if (spec == NULL)
    return;
  g_free (spec->method);
  aura_email_template_free (spec->url);
  g_clear_pointer (&spec->headers, g_ptr_array_unref);
  g_clear_pointer (&spec->form, g_ptr_array_unref);
  g_clear_pointer (&spec->json, json_node_unref);
  aura_email_template_free (spec->text);
  g_free (spec->content_type);
  g_clear_pointer (&spec->extracts, g_ptr_array_unref);
  g_free (spec);
}

static gboolean
parse_template (Ctx *ctx,
                const char *text,
                const char *field,
                AuraEmailTemplateContext context,
                const char *const *names,
                AuraEmailTemplate **out)
{
  GError *inner = NULL;

  *out = aura_email_template_parse (text, context, names, &inner);
  return *out != NULL || aura_manifest_error_take (ctx, field, inner);
}

/* "headers" or "form": an object of string templates. */
static gboolean
parse_fields (Ctx *ctx,
              JsonObject *object,
              const char *member,
              const char *where,
              const char *const *names,
              gboolean headers,
              GPtrArray **out)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autofree char *field = g_strdup_printf ("%s.%s", where, member);
  g_autoptr (GList) members = NULL;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return aura_manifest_error (ctx, field, _ ("must be an object of strings"));
  members = json_object_get_members (json_node_get_object (node));
  if (g_list_length (members) > AURA_EMAIL_CHECK_MAX_LIST)
    return aura_manifest_error (ctx, field, _ ("more than %d entries"), AURA_EMAIL_CHECK_MAX_LIST);
  *out = g_ptr_array_new_with_free_func ((GDestroyNotify)field_free);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      g_autofree char *sub = g_strdup_printf ("%s.%s", field, name);
      const char *text;
      JsonNode *value_node;
      AuraEmailField *entry;

      if (headers && (!valid_token (name) || strchr (name, ':') != NULL))
        return aura_manifest_error (ctx, sub, _ ("not a valid header name"));
      /* Empty values are fine here: forms send empty fields. */
      value_node = json_object_get_member (json_node_get_object (node), name);
      if (!JSON_NODE_HOLDS_VALUE (value_node) ||
          json_node_get_value_type (value_node) != G_TYPE_STRING)
        return aura_manifest_error (ctx, sub, _ ("must be a string"));
      text = json_node_get_string (value_node);
      if (strlen (text) > AURA_EMAIL_CHECK_MAX_STRING)
        return aura_manifest_error (ctx, sub, _ ("longer than %d bytes"),
                                    AURA_EMAIL_CHECK_MAX_STRING);
      if (headers && strpbrk (text, "\r\n") != NULL)
        return aura_manifest_error (ctx, sub, _ ("a header value cannot hold a line break"));
      entry = g_new0 (AuraEmailField, 1);
      entry->name = g_strdup (name);
      g_ptr_array_add (*out, entry);
      if (!parse_template (ctx, text, sub, AURA_EMAIL_TEMPLATE_TEXT, names, &entry->value))
        return FALSE;
    }
  return TRUE;
}

/* Every string inside a JSON body is a template: checked here, filled at
 * run time. */
static gboolean
check_json_body (Ctx *ctx, JsonNode *node, const char *field, const char *const *names, guint depth)
{
  if (depth > AURA_EMAIL_CHECK_MAX_DEPTH)
    return aura_manifest_error (ctx, field, _ ("nested too deeply"));
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr (GList) members = json_object_get_members (json_node_get_object (node));

      for (GList *l = members; l != NULL; l = l->next)
        if (!check_json_body (ctx, json_object_get_member (json_node_get_object (node), l->data),
                              field, names, depth + 1))
          return FALSE;
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!check_json_body (ctx, json_array_get_element (array, i), field, names, depth + 1))
          return FALSE;
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_autoptr (AuraEmailTemplate) tmpl = NULL;

      return parse_template (ctx, json_node_get_string (node), field, AURA_EMAIL_TEMPLATE_TEXT,
                             names, &tmpl);
    }
  return TRUE;
}

static gboolean
parse_body (Ctx *ctx,
            JsonObject *object,
            const char *where,
            const char *const *names,
            AuraEmailRequestSpec *spec)
{
  JsonNode *json = json_object_get_member (object, "json");
  const char *text = NULL;
  const char *type = NULL;
  g_autofree char *form_field = g_strdup_printf ("%s.form", where);
  g_autofree char *json_field = g_strdup_printf ("%s.json", where);
  g_autofree char *body_field = g_strdup_printf ("%s.body", where);
  g_autofree char *type_field = g_strdup_printf ("%s.content_type", where);
  guint bodies = (json_object_has_member (object, "form") ? 1 : 0) + (json != NULL ? 1 : 0) +
                 (json_object_has_member (object, "body") ? 1 : 0);

  if (bodies > 1)
    return aura_manifest_error (ctx, where,
                                _ ("give one of “form”, “json” and “body”, not several"));
  if (bodies == 1 && g_str_equal (spec->method, "GET"))
    return aura_manifest_error (ctx, where, _ ("a GET request has no body; use “method”: “POST”"));
  if (!parse_fields (ctx, object, "form", where, names, FALSE, &spec->form))
    return FALSE;
  if (spec->form != NULL)
    spec->body_kind = AURA_EMAIL_BODY_FORM;
  if (json != NULL)
    {
      if (!JSON_NODE_HOLDS_OBJECT (json) && !JSON_NODE_HOLDS_ARRAY (json))
        return aura_manifest_error (ctx, json_field, _ ("must be an object or an array"));
      if (!check_json_body (ctx, json, json_field, names, 0))
        return FALSE;
      spec->json = json_node_copy (json);
      spec->body_kind = AURA_EMAIL_BODY_JSON;
    }
  if (!aura_manifest_get_string (ctx, object, "body", body_field, AURA_MANIFEST_OPTIONAL,
                                 AURA_EMAIL_CHECK_MAX_STRING, &text) ||
      !aura_manifest_get_string (ctx, object, "content_type", type_field, AURA_MANIFEST_OPTIONAL,
                                 256, &type))
    return FALSE;
  if (type != NULL && text == NULL)
    return aura_manifest_error (ctx, type_field, _ ("only goes with “body”"));
  if (type != NULL && strpbrk (type, "\r\n") != NULL)
    return aura_manifest_error (ctx, type_field, _ ("cannot hold a line break"));
  if (text != NULL)
    {
      spec->body_kind = AURA_EMAIL_BODY_TEXT;
      spec->content_type = g_strdup (type);
      if (!parse_template (ctx, text, body_field, AURA_EMAIL_TEMPLATE_TEXT, names, &spec->text))
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_extract (
    Ctx *ctx, JsonObject *object, const char *name, const char *field, AuraEmailExtract *extract)
{
  static const char *const known[] = { "regex", "json", "cookie", "header", "input", "meta", NULL };
  static const AuraEmailExtractKind kinds[] = {
    AURA_EMAIL_EXTRACT_REGEX,  AURA_EMAIL_EXTRACT_JSON,  AURA_EMAIL_EXTRACT_COOKIE,
    AURA_EMAIL_EXTRACT_HEADER, AURA_EMAIL_EXTRACT_INPUT, AURA_EMAIL_EXTRACT_META,
  };
  guint n = 0;

  if (!aura_manifest_check_members (ctx, object, field, known))
    return FALSE;
  for (guint i = 0; known[i] != NULL; i++)
    {
      g_autofree char *sub = g_strdup_printf ("%s.%s", field, known[i]);
      const char *text;

      if (!json_object_has_member (object, known[i]))
        continue;
      if (++n > 1)
        return aura_manifest_error (ctx, field, _ ("give one way to read the value, not several"));
      if (!aura_manifest_get_string (ctx, object, known[i], sub, AURA_MANIFEST_REQUIRED,
                                     AURA_EMAIL_CHECK_MAX_REGEX * 2, &text))
        return FALSE;
      extract->kind = kinds[i];
      extract->arg = g_strdup (text);
      if (kinds[i] == AURA_EMAIL_EXTRACT_REGEX)
        {
          GError *inner = NULL;

          extract->regex = aura_email_compile_regex (text, &inner);
          if (extract->regex == NULL)
            return aura_manifest_error_take (ctx, sub, inner);
          if (g_regex_get_capture_count (extract->regex) < 1)
            return aura_manifest_error (ctx, sub, _ ("needs a group in brackets around the value"));
        }
      else if (kinds[i] == AURA_EMAIL_EXTRACT_JSON)
        {
          if (!get_path (ctx, text, sub, &extract->path))
            return FALSE;
        }
      else if (!valid_token (text))
        return aura_manifest_error (ctx, sub, _ ("“%s” is not a valid name"), text);
    }
  if (n == 0)
    return aura_manifest_error (
        ctx, field, _ ("say where the value is: regex, json, cookie, header, input or meta"));
  (void)name;
  return TRUE;
}

static gboolean
parse_extracts (Ctx *ctx, JsonObject *object, AuraEmailRequestSpec *spec)
{
  JsonNode *node = json_object_get_member (object, "extract");
  g_autoptr (GList) members = NULL;

  if (node == NULL)
    return aura_manifest_error (ctx, "prepare.extract",
                                _ ("missing: a first request is there to yield values"));
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return aura_manifest_error (ctx, "prepare.extract", _ ("must be an object"));
  members = json_object_get_members (json_node_get_object (node));
  if (members == NULL)
    return aura_manifest_error (ctx, "prepare.extract", _ ("must name at least one value"));
  if (g_list_length (members) > AURA_EMAIL_CHECK_MAX_LIST)
    return aura_manifest_error (ctx, "prepare.extract", _ ("more than %d values"),
                                AURA_EMAIL_CHECK_MAX_LIST);
  spec->extracts = g_ptr_array_new_with_free_func ((GDestroyNotify)extract_free);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      g_autofree char *field = g_strdup_printf ("prepare.extract.%s", name);
      JsonNode *value = json_object_get_member (json_node_get_object (node), name);
      AuraEmailExtract *extract = g_new0 (AuraEmailExtract, 1);

      extract->name = g_strdup (name);
      g_ptr_array_add (spec->extracts, extract);
      if (!g_ascii_islower (name[0]) ||
          strspn (name, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen (name))
        return aura_manifest_error (ctx, field,
                                    _ ("a value’s name is lower-case letters, digits and “_”"));
      if (!JSON_NODE_HOLDS_OBJECT (value))
        return aura_manifest_error (ctx, field, _ ("must be an object"));
      if (!parse_extract (ctx, json_node_get_object (value), name, field, extract))
        return FALSE;
    }
  return TRUE;
}

static AuraEmailRequestSpec *
parse_request (Ctx *ctx, JsonObject *check, const char *where, GPtrArray *names_out)
{
  static const char *const known_prepare[] = {
    "method", "url",          "headers",          "form",    "json",
    "body",   "content_type", "follow_redirects", "extract", NULL
  };
  static const char *const known_request[] = { "method", "url",  "headers",      "form",
                                               "json",   "body", "content_type", "follow_redirects",
                                               NULL };
  gboolean prepare = g_str_equal (where, "prepare");
  JsonNode *node = json_object_get_member (check, where);
  g_autoptr (AuraEmailRequestSpec) spec = g_new0 (AuraEmailRequestSpec, 1);
  g_autofree char *url_field = g_strdup_printf ("%s.url", where);
  g_autofree char *method_field = g_strdup_printf ("%s.method", where);
  g_autofree char *follow_field = g_strdup_printf ("%s.follow_redirects", where);
  const char *const *names = prepare ? NULL : (const char *const *)names_out->pdata;
  JsonObject *object;
  const char *url;
  const char *method;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      aura_manifest_error (ctx, where, node == NULL ? _ ("missing") : _ ("must be an object"));
      return NULL;
    }
  object = json_node_get_object (node);
  if (!aura_manifest_check_members (ctx, object, where, prepare ? known_prepare : known_request) ||
      !aura_manifest_get_string (ctx, object, "method", method_field, AURA_MANIFEST_OPTIONAL, 16,
                                 &method) ||
      !aura_manifest_get_string (ctx, object, "url", url_field, AURA_MANIFEST_REQUIRED,
                                 AURA_EMAIL_CHECK_MAX_URL, &url))
    return NULL;
  spec->method = g_strdup (method != NULL ? method : "GET");
  if (!g_str_equal (spec->method, "GET") && !g_str_equal (spec->method, "POST") &&
      !g_str_equal (spec->method, "PUT") && !g_str_equal (spec->method, "HEAD"))
    {
      aura_manifest_error (ctx, method_field, _ ("must be “GET”, “POST”, “PUT” or “HEAD”"));
      return NULL;
    }
  /* A first page is read whole; an answer is judged as it first comes,
   * so that a redirect can be a rule. */
  spec->follow_redirects = prepare;
  if (!check_http_url (ctx, url_field, url) ||
      !aura_manifest_get_bool (ctx, object, "follow_redirects", follow_field,
                               &spec->follow_redirects) ||
      !parse_template (ctx, url, url_field, AURA_EMAIL_TEMPLATE_URL, names, &spec->url) ||
      !parse_fields (ctx, object, "headers", where, names, TRUE, &spec->headers) ||
      !parse_body (ctx, object, where, names, spec))
    return NULL;
  if (prepare)
    {
      if (!parse_extracts (ctx, object, spec))
        return NULL;
      /* The NULL terminator stays last. */
      g_ptr_array_set_size (names_out, 0);
      for (guint i = 0; i < spec->extracts->len; i++)
        g_ptr_array_add (names_out,
                         ((AuraEmailExtract *)g_ptr_array_index (spec->extracts, i))->name);
      g_ptr_array_add (names_out, NULL);
    }
  return g_steal_pointer (&spec);
}

/* ---- Detection rules -------------------------------------------------------- */

static void
json_cond_free (AuraEmailJsonCond *cond)
{
  aura_source_path_free (cond->path);
  g_clear_pointer (&cond->values, g_ptr_array_unref);
  g_free (cond);
}

void
aura_email_rule_free (AuraEmailRule *rule)
{
  if (rule == NULL)
    return;
  g_clear_pointer (&rule->status, g_array_unref);
  g_strfreev (rule->contains);
  g_strfreev (rule->not_contains);
  g_clear_pointer (&rule->regex, g_regex_unref);
  g_free (rule->regex_text);
  g_clear_pointer (&rule->json, g_ptr_array_unref);
  g_clear_pointer (&rule->redirect, g_pattern_spec_free);
  g_free (rule->redirect_text);
  g_free (rule);
}

static gboolean
parse_status_item (Ctx *ctx, JsonNode *node, const char *field, AuraEmailStatusRange *range)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      gint64 code = json_node_get_int (node);

      if (code < 100 || code > 999)
        return aura_manifest_error (ctx, field, _ ("%lld is not an HTTP status"), (long long)code);
      range->lo = range->hi = (guint)code;
      return TRUE;
    }
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);

      if (strlen (text) == 3 && text[0] >= '1' && text[0] <= '5' && text[1] == 'x' &&
          text[2] == 'x')
        {
          range->lo = (guint)(text[0] - '0') * 100;
          range->hi = range->lo + 99;
          return TRUE;
        }
    }
  return aura_manifest_error (ctx, field, _ ("a status is a number (404) or a class (“4xx”)"));
}

static gboolean
parse_status (Ctx *ctx, JsonNode *node, const char *field, AuraEmailRule *rule)
{
  AuraEmailStatusRange range;

  rule->status = g_array_new (FALSE, FALSE, sizeof (AuraEmailStatusRange));
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      if (!parse_status_item (ctx, node, field, &range))
        return FALSE;
      g_array_append_val (rule->status, range);
      return TRUE;
    }
  if (json_array_get_length (json_node_get_array (node)) == 0 ||
      json_array_get_length (json_node_get_array (node)) > AURA_EMAIL_CHECK_MAX_LIST)
    return aura_manifest_error (ctx, field, _ ("give 1 to %d statuses"), AURA_EMAIL_CHECK_MAX_LIST);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      g_autofree char *sub = g_strdup_printf ("%s[%u]", field, i);

      if (!parse_status_item (ctx, json_array_get_element (json_node_get_array (node), i), sub,
                              &range))
        return FALSE;
      g_array_append_val (rule->status, range);
    }
  return TRUE;
}

/* A string or an array of strings. */
static gboolean
parse_texts (Ctx *ctx, JsonNode *node, const char *field, char ***out)
{
  g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (JsonArray) one = NULL;
  JsonArray *array;

  if (JSON_NODE_HOLDS_ARRAY (node))
    array = json_node_get_array (node);
  else
    {
      one = json_array_new ();
      json_array_add_element (one, json_node_copy (node));
      array = one;
    }
  if (json_array_get_length (array) == 0 ||
      json_array_get_length (array) > AURA_EMAIL_CHECK_MAX_LIST)
    return aura_manifest_error (ctx, field, _ ("give 1 to %d texts"), AURA_EMAIL_CHECK_MAX_LIST);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      const char *text;

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
        return aura_manifest_error (ctx, field, _ ("must be a string or a list of strings"));
      text = json_node_get_string (item);
      if (*text == '\0' || strlen (text) > AURA_EMAIL_CHECK_MAX_STRING)
        return aura_manifest_error (ctx, field, _ ("a text must hold 1 to %d bytes"),
                                    AURA_EMAIL_CHECK_MAX_STRING);
      g_ptr_array_add (texts, g_strdup (text));
    }
  g_ptr_array_add (texts, NULL);
  *out = (char **)g_ptr_array_free (g_steal_pointer (&texts), FALSE);
  return TRUE;
}

static gboolean
is_scalar (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) || JSON_NODE_HOLDS_NULL (node);
}

static gboolean
parse_json_cond (Ctx *ctx, JsonNode *node, const char *field, AuraEmailJsonCond *cond)
{
  static const char *const known[] = { "path", "exists", "equals", "in", NULL };
  JsonObject *object;
  const char *path;
  g_autofree char *path_field = g_strdup_printf ("%s.path", field);
  g_autofree char *in_field = g_strdup_printf ("%s.in", field);
  JsonNode *in;
  guint ops;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return aura_manifest_error (ctx, field, _ ("must be an object with “path”"));
  object = json_node_get_object (node);
  if (!aura_manifest_check_members (ctx, object, field, known) ||
      !aura_manifest_get_string (ctx, object, "path", path_field, AURA_MANIFEST_REQUIRED, 512,
                                 &path) ||
      !get_path (ctx, path, path_field, &cond->path))
    return FALSE;
  ops = json_object_has_member (object, "exists") + json_object_has_member (object, "equals") +
        json_object_has_member (object, "in");
  if (ops != 1)
    return aura_manifest_error (ctx, field, _ ("give exactly one of “exists”, “equals” and “in”"));
  cond->values = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);
  if (json_object_has_member (object, "exists"))
    {
      gboolean exists = TRUE;
      g_autofree char *sub = g_strdup_printf ("%s.exists", field);

      if (!aura_manifest_get_bool (ctx, object, "exists", sub, &exists))
        return FALSE;
      cond->op = exists ? AURA_EMAIL_JSON_EXISTS : AURA_EMAIL_JSON_MISSING;
      return TRUE;
    }
  if (json_object_has_member (object, "equals"))
    {
      JsonNode *value = json_object_get_member (object, "equals");

      if (!is_scalar (value))
        return aura_manifest_error (ctx, field,
                                    _ ("“equals” takes a string, number, boolean or null"));
      cond->op = AURA_EMAIL_JSON_EQUALS;
      g_ptr_array_add (cond->values, json_node_copy (value));
      return TRUE;
    }
  in = json_object_get_member (object, "in");
  if (!JSON_NODE_HOLDS_ARRAY (in) || json_array_get_length (json_node_get_array (in)) == 0 ||
      json_array_get_length (json_node_get_array (in)) > AURA_EMAIL_CHECK_MAX_LIST)
    return aura_manifest_error (ctx, in_field, _ ("must be a list of 1 to %d values"),
                                AURA_EMAIL_CHECK_MAX_LIST);
  cond->op = AURA_EMAIL_JSON_IN;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (in)); i++)
    {
      JsonNode *value = json_array_get_element (json_node_get_array (in), i);

      if (!is_scalar (value))
        return aura_manifest_error (ctx, in_field, _ ("takes strings, numbers, booleans or null"));
      g_ptr_array_add (cond->values, json_node_copy (value));
    }
  return TRUE;
}

static gboolean
parse_json_conds (Ctx *ctx, JsonNode *node, const char *field, AuraEmailRule *rule)
{
  JsonArray *array;

  rule->json = g_ptr_array_new_with_free_func ((GDestroyNotify)json_cond_free);
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      AuraEmailJsonCond *cond = g_new0 (AuraEmailJsonCond, 1);

      g_ptr_array_add (rule->json, cond);
      return parse_json_cond (ctx, node, field, cond);
    }
  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0 ||
      json_array_get_length (json_node_get_array (node)) > AURA_EMAIL_CHECK_MAX_LIST)
    return aura_manifest_error (ctx, field, _ ("must be a condition or a list of 1 to %d"),
                                AURA_EMAIL_CHECK_MAX_LIST);
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *sub = g_strdup_printf ("%s[%u]", field, i);
      AuraEmailJsonCond *cond = g_new0 (AuraEmailJsonCond, 1);

      g_ptr_array_add (rule->json, cond);
      if (!parse_json_cond (ctx, json_array_get_element (array, i), sub, cond))
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_rule (Ctx *ctx, JsonNode *node, const char *field, AuraEmailRule *rule)
{
  static const char *const known[] = { "status",   "contains", "not_contains", "regex", "json",
                                       "redirect", NULL };
  JsonObject *object;
  JsonNode *member;
  g_autofree char *sub = NULL;
  const char *redirect;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return aura_manifest_error (ctx, field, _ ("a rule is an object"));
  object = json_node_get_object (node);
  if (!aura_manifest_check_members (ctx, object, field, known))
    return FALSE;
  if (json_object_get_size (object) == 0)
    return aura_manifest_error (ctx, field, _ ("an empty rule would match everything"));
  if ((member = json_object_get_member (object, "status")) != NULL &&
      !parse_status (ctx, member, (sub = g_strdup_printf ("%s.status", field)), rule))
    return FALSE;
  g_clear_pointer (&sub, g_free);
  if ((member = json_object_get_member (object, "contains")) != NULL &&
      !parse_texts (ctx, member, (sub = g_strdup_printf ("%s.contains", field)), &rule->contains))
    return FALSE;
  g_clear_pointer (&sub, g_free);
  if ((member = json_object_get_member (object, "not_contains")) != NULL &&
      !parse_texts (ctx, member, (sub = g_strdup_printf ("%s.not_contains", field)),
                    &rule->not_contains))
    return FALSE;
  g_clear_pointer (&sub, g_free);
  if (!get_regex (ctx, object, "regex", (sub = g_strdup_printf ("%s.regex", field)), &rule->regex,
                  &rule->regex_text))
    return FALSE;
  g_clear_pointer (&sub, g_free);
  if ((member = json_object_get_member (object, "json")) != NULL &&
      !parse_json_conds (ctx, member, (sub = g_strdup_printf ("%s.json", field)), rule))
    return FALSE;
  g_clear_pointer (&sub, g_free);
  if (!aura_manifest_get_string (ctx, object, "redirect",
                                 (sub = g_strdup_printf ("%s.redirect", field)),
                                 AURA_MANIFEST_OPTIONAL, AURA_EMAIL_CHECK_MAX_URL, &redirect))
    return FALSE;
  if (redirect != NULL)
    {
      rule->redirect_text = g_strdup (redirect);
      rule->redirect = g_pattern_spec_new (redirect);
    }
  return TRUE;
}

static gboolean
parse_rules (Ctx *ctx, JsonObject *detect, const char *member, gboolean required, GPtrArray **out)
{
  JsonNode *node = json_object_get_member (detect, member);
  g_autofree char *field = g_strdup_printf ("detect.%s", member);
  JsonArray *array;

  if (node == NULL)
    return !required ||
           aura_manifest_error (ctx, field, _ ("missing: a check says how “%s” looks"), member);
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return aura_manifest_error (ctx, field, _ ("must be a list of rules"));
  array = json_node_get_array (node);
  if (json_array_get_length (array) == 0 ||
      json_array_get_length (array) > AURA_EMAIL_CHECK_MAX_LIST)
    return aura_manifest_error (ctx, field, _ ("give 1 to %d rules"), AURA_EMAIL_CHECK_MAX_LIST);
  *out = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_email_rule_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *sub = g_strdup_printf ("%s[%u]", field, i);
      AuraEmailRule *rule = g_new0 (AuraEmailRule, 1);

      g_ptr_array_add (*out, rule);
      if (!parse_rule (ctx, json_array_get_element (array, i), sub, rule))
        return FALSE;
    }
  return TRUE;
}

static gboolean
rules_read_json (GPtrArray *rules)
{
  for (guint i = 0; rules != NULL && i < rules->len; i++)
    if (((AuraEmailRule *)g_ptr_array_index (rules, i))->json != NULL)
      return TRUE;
  return FALSE;
}

static gboolean
parse_detect (Ctx *ctx, JsonObject *check, AuraEmailCheck *out)
{
  static const char *const known[] = { "found", "not_found", "rate_limited", "blocked", NULL };
  JsonNode *node = json_object_get_member (check, "detect");
  JsonObject *detect;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return aura_manifest_error (ctx, "detect",
                                node == NULL ? _ ("missing") : _ ("must be an object"));
  detect = json_node_get_object (node);
  if (!aura_manifest_check_members (ctx, detect, "detect", known) ||
      !parse_rules (ctx, detect, "found", TRUE, &out->found) ||
      !parse_rules (ctx, detect, "not_found", TRUE, &out->not_found) ||
      !parse_rules (ctx, detect, "rate_limited", FALSE, &out->rate_limited) ||
      !parse_rules (ctx, detect, "blocked", FALSE, &out->blocked))
    return FALSE;
  out->reads_json = rules_read_json (out->found) || rules_read_json (out->not_found);
  return TRUE;
}

/* ---- Hints ------------------------------------------------------------------ */

static void
hint_rule_free (AuraEmailHintRule *rule)
{
  g_clear_pointer (&rule->regex, g_regex_unref);
  g_free (rule->regex_text);
  aura_source_path_free (rule->path);
  g_free (rule);
}

static gboolean
parse_hint (Ctx *ctx, JsonNode *node, const char *field, AuraEmailHintRule *rule)
{
  static const char *const known[] = { "kind", "regex", "json", NULL };
  g_autofree char *kind_field = g_strdup_printf ("%s.kind", field);
  g_autofree char *regex_field = g_strdup_printf ("%s.regex", field);
  g_autofree char *json_field = g_strdup_printf ("%s.json", field);
  JsonObject *object;
  const char *kind;
  const char *path;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return aura_manifest_error (ctx, field, _ ("a hint is an object"));
  object = json_node_get_object (node);
  if (!aura_manifest_check_members (ctx, object, field, known) ||
      !aura_manifest_get_string (ctx, object, "kind", kind_field, AURA_MANIFEST_REQUIRED, 16,
                                 &kind))
    return FALSE;
  if (g_str_equal (kind, "phone"))
    rule->kind = AURA_EMAIL_HINT_PHONE;
  else if (g_str_equal (kind, "email"))
    rule->kind = AURA_EMAIL_HINT_EMAIL;
  else
    return aura_manifest_error (ctx, kind_field, _ ("must be “phone” or “email”"));
  if (json_object_has_member (object, "regex") == json_object_has_member (object, "json"))
    return aura_manifest_error (ctx, field, _ ("give either “regex” or “json”"));
  if (!get_regex (ctx, object, "regex", regex_field, &rule->regex, &rule->regex_text) ||
      !aura_manifest_get_string (ctx, object, "json", json_field, AURA_MANIFEST_OPTIONAL, 512,
                                 &path))
    return FALSE;
  return path == NULL || get_path (ctx, path, json_field, &rule->path);
}

static gboolean
parse_hints (Ctx *ctx, JsonObject *check, AuraEmailCheck *out)
{
  JsonNode *node = json_object_get_member (check, "hints");
  JsonArray *array;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return aura_manifest_error (ctx, "hints", _ ("must be a list"));
  array = json_node_get_array (node);
  if (json_array_get_length (array) > AURA_EMAIL_CHECK_MAX_LIST)
    return aura_manifest_error (ctx, "hints", _ ("more than %d hints"), AURA_EMAIL_CHECK_MAX_LIST);
  out->hints = g_ptr_array_new_with_free_func ((GDestroyNotify)hint_rule_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *field = g_strdup_printf ("hints[%u]", i);
      AuraEmailHintRule *rule = g_new0 (AuraEmailHintRule, 1);

      g_ptr_array_add (out->hints, rule);
      if (!parse_hint (ctx, json_array_get_element (array, i), field, rule))
        return FALSE;
    }
  return TRUE;
}

/* ---- The check ------------------------------------------------------------- */

static gboolean
valid_id (const char *id)
{
  gsize len = strlen (id);

  if (len == 0 || len > 64 || !(g_ascii_islower (id[0]) || g_ascii_isdigit (id[0])))
    return FALSE;
  return strspn (id, "abcdefghijklmnopqrstuvwxyz0123456789-_") == len;
}

static gboolean
parse_identity (Ctx *ctx, JsonObject *object, AuraEmailCheck *check)
{
  const char *name;
  const char *home;
  const char *category;
  const char *notes;
  JsonNode *disabled = json_object_get_member (object, "disabled");

  if (!aura_manifest_get_string (ctx, object, "name", "name", AURA_MANIFEST_REQUIRED, 100, &name) ||
      !aura_manifest_get_string (ctx, object, "home", "home", AURA_MANIFEST_REQUIRED,
                                 AURA_EMAIL_CHECK_MAX_URL, &home) ||
      !check_http_url (ctx, "home", home) ||
      !aura_manifest_get_string (ctx, object, "category", "category", AURA_MANIFEST_REQUIRED, 32,
                                 &category) ||
      !aura_manifest_get_string (ctx, object, "notes", "notes", AURA_MANIFEST_OPTIONAL,
                                 AURA_EMAIL_CHECK_MAX_STRING, &notes) ||
      !aura_manifest_get_bool (ctx, object, "needs_online_check", "needs_online_check",
                               &check->needs_online_check))
    return FALSE;
  if (!g_strv_contains (categories, category))
    {
      g_autofree char *list = g_strjoinv (", ", (char **)categories);

      return aura_manifest_error (ctx, "category", _ ("“%s” is not a category (%s)"), category,
                                  list);
    }
  check->name = g_strdup (name);
  check->home = g_strdup (home);
  check->category = g_strdup (category);
  check->notes = g_strdup (notes);
  if (!aura_manifest_get_rate (ctx, object, "rate", NULL, &check->rate))
    return FALSE;
  if (disabled != NULL)
    {
      const char *reason;

      if (!JSON_NODE_HOLDS_VALUE (disabled) || json_node_get_value_type (disabled) != G_TYPE_STRING)
        return aura_manifest_error (ctx, "disabled",
                                    _ ("give the reason the check is disabled, as text"));
      if (!aura_manifest_get_string (ctx, object, "disabled", "disabled", AURA_MANIFEST_REQUIRED,
                                     AURA_EMAIL_CHECK_MAX_STRING, &reason))
        return FALSE;
      check->disabled_reason = g_strdup (reason);
    }
  return TRUE;
}

AuraEmailCheck *
aura_email_check_from_json (JsonObject *object, const char *origin, guint index, GError **error)
{
  static const char *const known[] = {
    "id",    "name", "home",     "category",           "prepare", "request", "detect",
    "hints", "rate", "disabled", "needs_online_check", "notes",   NULL
  };
  g_auto (AuraManifestCtx) ctx = { 0 };
  g_autoptr (AuraEmailCheck) check = aura_email_check_new_empty ();
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  const char *id;

  aura_manifest_ctx_init (&ctx, origin, AURA_EMAIL_CHECK_ERROR, AURA_EMAIL_CHECK_ERROR_INVALID,
                          AURA_MANIFEST_STRICT | AURA_MANIFEST_NULL_IS_VALUE, NULL, error);
  /* Translators: a check before its id is known, by its position. */
  aura_manifest_ctx_take_item (&ctx, g_strdup_printf (_ ("check “#%u”"), index + 1));
  g_ptr_array_add (names, NULL);
  check->origin = g_strdup (origin);
  if (!aura_manifest_get_string (&ctx, object, "id", "id", AURA_MANIFEST_REQUIRED, 64, &id))
    return NULL;
  if (!valid_id (id))
    {
      aura_manifest_error (
          &ctx, "id", _ ("“%s” is not an id: lower-case letters, digits, “-” and “_”, at most 64"),
          id);
      return NULL;
    }
  check->id = g_strdup (id);
  aura_manifest_ctx_take_item (&ctx, g_strdup_printf (_ ("check “%s”"), check->id));
  if (!aura_manifest_check_members (&ctx, object, NULL, known) ||
      !parse_identity (&ctx, object, check))
    return NULL;
  if (json_object_has_member (object, "prepare") &&
      (check->prepare = parse_request (&ctx, object, "prepare", names)) == NULL)
    return NULL;
  if ((check->request = parse_request (&ctx, object, "request", names)) == NULL ||
      !parse_detect (&ctx, object, check) || !parse_hints (&ctx, object, check))
    return NULL;
  return g_steal_pointer (&check);
}
