/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-username"
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "aura-manifest.h"
#include "aura-site-private.h"

/* Aura's site format (README.md): one JSON object per site, checked field by
 * field with the shared manifest getters (tools/manifest), so that every
 * error reads "FILE: site “NAME”: field “FIELD”: what is wrong". Unknown
 * fields are errors (they are usually typos); fields whose name starts with
 * "_" or "x-" are ignored. What is the site format's own — URLs with
 * {username}, status classes, header names, JSON paths, tags — is here. */

#define NAME_MAX_CHARS 100
#define TAG_MAX_CHARS 32
#define CONCURRENCY_MAX 64
/* The ceiling of a site's rate hint, in requests per second; above the
 * shared default, since some APIs take that many. */
#define SITE_RATE_MAX 1000.0

typedef AuraManifestCtx Ctx;

/* An optional string that may be empty. */
#define MAY_BE_EMPTY (AURA_MANIFEST_OPTIONAL | AURA_MANIFEST_MAY_BE_EMPTY)

static gboolean
has_bad_chars (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar)*p < 0x20 || *p == 0x7f)
      return TRUE;
  return FALSE;
}

/* A list that may be absent (or null) but, when given, must not be empty:
 * NULL in *out when absent. With @objects each element must be an object. */
static gboolean
get_list (Ctx *ctx, JsonObject *object, const char *member, gboolean objects, JsonArray **out)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (objects)
    return aura_manifest_get_objects (ctx, object, member, NULL, AURA_MANIFEST_REQUIRED, 0, out);
  return aura_manifest_get_array (ctx, object, member, NULL, AURA_MANIFEST_REQUIRED, 0, out);
}

static gboolean
has_placeholder (const char *text)
{
  return text != NULL &&
         (strstr (text, "{username}") != NULL || strstr (text, "{username_raw}") != NULL);
}

/* Whether {username} sits in the authority part of an absolute URL. */
static gboolean
placeholder_in_host (const char *url)
{
  const char *start = strstr (url, "://");
  gsize authority;

  if (start == NULL)
    return FALSE;
  start += 3;
  authority = strcspn (start, "/?#");
  for (const char *p = start; p < start + authority; p++)
    if (*p == '{' && g_str_has_prefix (p, "{username"))
      return TRUE;
  return FALSE;
}

/* A URL member: a string that, {username} filled in, is an absolute http
 * or https URL. NULL in *out when absent and not @need'ed. */
static gboolean
get_url (Ctx *ctx, JsonObject *object, const char *member, AuraManifestNeed need, const char **out)
{
  g_autofree char *sample = NULL;
  g_autoptr (GUri) uri = NULL;
  const char *url;

  if (!aura_manifest_get_string (ctx, object, member, NULL, need, 0, out))
    return FALSE;
  if ((url = *out) == NULL)
    return TRUE;
  if (has_bad_chars (url) || strchr (url, ' ') != NULL)
    return aura_manifest_error (ctx, member, _ ("contains spaces or control characters"));
  sample = aura_site_expand_url (url, "user");
  uri = g_uri_parse (sample, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return aura_manifest_error (ctx, member, _ ("“%s” is not a URL"), url);
  if (!aura_manifest_is_http_url (sample))
    return aura_manifest_error (ctx, member, _ ("must be an absolute http or https URL"));
  return TRUE;
}

/* Whether a group's content starts with a fixed character ("-", "\\.")
 * rather than a class or a repeated item: then each repetition of the group
 * must begin there, and it cannot backtrack into the one before. */
static gboolean
starts_with_literal (const char *content)
{
  const char *next;

  if (content[0] == '?' && content[1] == ':')
    content += 2;
  if (content[0] == '\\')
    {
      if (g_ascii_isalnum (content[1]) || content[1] == '\0')
        return FALSE;
      next = content + 2;
    }
  else if (content[0] == '\0' || strchr ("[(.|)^$", content[0]) != NULL)
    return FALSE;
  else
    next = content + 1;
  return strchr ("*+?{", *next) == NULL;
}

GRegex *
aura_site_compile_regex (const char *pattern, GError **error)
{
  GArray *groups;
  gboolean in_class = FALSE;
  gsize len = strlen (pattern);
  GRegex *regex;

  if (len > AURA_MANIFEST_MAX_REGEX)
    {
      g_set_error (error, AURA_MANIFEST_ERROR, AURA_MANIFEST_ERROR_INVALID,
                   _ ("pattern longer than %d characters"), AURA_MANIFEST_MAX_REGEX);
      return NULL;
    }
  /* GRegex has no time limit. PCRE's backtracking limit ends a runaway
   * match (in about a quarter of a second), and the classic runaway shape,
   * a repeated group that itself ends in a repeated item — (a+)+,
   * (\w+\s?)* — is refused here. */
  groups = g_array_new (FALSE, FALSE, sizeof (gsize));
  for (gsize i = 0; i < len; i++)
    {
      char c = pattern[i];

      if (c == '\\')
        {
          i++;
          continue;
        }
      if (in_class)
        {
          in_class = c != ']';
          continue;
        }
      if (c == '[')
        in_class = TRUE;
      else if (c == '(')
        g_array_append_val (groups, i);
      else if (c == ')' && groups->len > 0)
        {
          char before = i > 0 ? pattern[i - 1] : '\0';
          char after = pattern[i + 1];

          gsize start = g_array_index (groups, gsize, groups->len - 1);

          g_array_set_size (groups, groups->len - 1);
          if ((before == '+' || before == '*' || before == '?' || before == '}') &&
              (after == '+' || after == '*' || after == '{') &&
              !starts_with_literal (pattern + start + 1))
            {
              g_array_unref (groups);
              g_set_error (error, AURA_MANIFEST_ERROR, AURA_MANIFEST_ERROR_INVALID,
                           _ ("pattern has a nested repetition that can run for ever"));
              return NULL;
            }
        }
    }
  g_array_unref (groups);

  regex = g_regex_new (pattern, G_REGEX_DOLLAR_ENDONLY, 0, error);
  if (regex == NULL && error != NULL && *error != NULL)
    {
      (*error)->domain = AURA_MANIFEST_ERROR;
      (*error)->code = AURA_MANIFEST_ERROR_INVALID;
    }
  return regex;
}

GArray *
aura_site_parse_charset (const char *text, GError **error)
{
  GArray *ranges = g_array_new (FALSE, FALSE, sizeof (AuraCharRange));
  glong n = g_utf8_strlen (text, -1);
  g_autofree gunichar *chars = g_utf8_to_ucs4_fast (text, -1, NULL);

  for (glong i = 0; i < n; i++)
    {
      AuraCharRange range = { chars[i], chars[i] };

      /* "a-z" is a range; a "-" first or last is itself. */
      if (i + 2 < n && chars[i + 1] == '-')
        {
          range.hi = chars[i + 2];
          i += 2;
          if (range.hi < range.lo)
            {
              g_array_unref (ranges);
              g_set_error (error, AURA_MANIFEST_ERROR, AURA_MANIFEST_ERROR_INVALID,
                           _ ("range “%s” is backwards"), text);
              return NULL;
            }
        }
      g_array_append_val (ranges, range);
    }
  if (ranges->len == 0)
    {
      g_array_unref (ranges);
      g_set_error (error, AURA_MANIFEST_ERROR, AURA_MANIFEST_ERROR_INVALID,
                   _ ("no character is allowed"));
      return NULL;
    }
  return ranges;
}

static gboolean
parse_username (Ctx *ctx, JsonObject *site_object, AuraSite *site)
{
  static const char *const known[] = { "regex",     "min_length", "max_length", "allowed",
                                       "lowercase", "strip",      NULL };
  const char *regex = NULL, *allowed = NULL, *strip = NULL;
  GError *local = NULL;
  JsonObject *object;

  if (!aura_manifest_get_object (ctx, site_object, "username", NULL, AURA_MANIFEST_OPTIONAL,
                                 &object))
    return FALSE;
  if (object == NULL)
    return TRUE;
  ctx->prefix = "username";
  if (!aura_manifest_check_members (ctx, object, NULL, known) ||
      !aura_manifest_get_string (ctx, object, "regex", NULL, MAY_BE_EMPTY, 0, &regex) ||
      !aura_manifest_get_string (ctx, object, "allowed", NULL, MAY_BE_EMPTY, 0, &allowed) ||
      !aura_manifest_get_string (ctx, object, "strip", NULL, MAY_BE_EMPTY, 0, &strip) ||
      !aura_manifest_get_uint (ctx, object, "min_length", NULL, 0, AURA_USERNAME_MAX_CHARS,
                               &site->min_length) ||
      !aura_manifest_get_uint (ctx, object, "max_length", NULL, 0, AURA_USERNAME_MAX_CHARS,
                               &site->max_length) ||
      !aura_manifest_get_bool (ctx, object, "lowercase", NULL, &site->lowercase))
    return FALSE;
  if (site->max_length > 0 && site->min_length > site->max_length)
    return aura_manifest_error (ctx, "min_length", _ ("greater than max_length"));
  if (regex != NULL && *regex != '\0')
    {
      site->regex = aura_site_compile_regex (regex, &local);
      if (site->regex == NULL)
        return aura_manifest_error_take (ctx, "regex", local);
      site->regex_text = g_strdup (regex);
    }
  if (allowed != NULL && *allowed != '\0')
    {
      site->allowed = aura_site_parse_charset (allowed, &local);
      if (site->allowed == NULL)
        return aura_manifest_error_take (ctx, "allowed", local);
      site->allowed_text = g_strdup (allowed);
    }
  site->strip = g_strdup (strip);
  ctx->prefix = NULL;
  return TRUE;
}

/* One element of "status": 404, "4xx" or "500-599"; FALSE when it is none. */
static gboolean
parse_status_range (JsonNode *element, AuraStatusRange *range)
{
  GType type = JSON_NODE_HOLDS_VALUE (element) ? json_node_get_value_type (element) : 0;

  range->lo = range->hi = 0;
  if (type == G_TYPE_INT64)
    range->lo = range->hi = (guint)CLAMP (json_node_get_int (element), 0, 1000);
  else if (type == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (element);
      guint64 a = 0, b = 0;
      g_auto (GStrv) parts = g_strsplit (text, "-", 2);

      if (strlen (text) == 3 && text[0] >= '1' && text[0] <= '5' && g_str_has_suffix (text, "xx"))
        range->lo = (guint)(text[0] - '0') * 100, range->hi = range->lo + 99;
      else if (g_ascii_string_to_unsigned (parts[0], 10, 100, 999, &a, NULL) &&
               (parts[1] == NULL || g_ascii_string_to_unsigned (parts[1], 10, a, 999, &b, NULL)))
        range->lo = (guint)a, range->hi = parts[1] != NULL ? (guint)b : (guint)a;
    }
  return range->lo >= 100 && range->hi <= 999;
}

static gboolean
parse_status (Ctx *ctx, JsonObject *object, GArray **out)
{
  JsonArray *array;

  if (!get_list (ctx, object, "status", FALSE, &array))
    return FALSE;
  if (array == NULL)
    return TRUE;
  *out = g_array_new (FALSE, FALSE, sizeof (AuraStatusRange));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      AuraStatusRange range;

      if (!parse_status_range (json_array_get_element (array, i), &range))
        {
          g_autofree char *where = g_strdup_printf ("status[%u]", i);

          return aura_manifest_error (
              ctx, where, _ ("must be a status (404), a class (“4xx”) or a range (“500-599”)"));
        }
      g_array_append_val (*out, range);
    }
  return TRUE;
}

static gboolean
parse_json_rule (Ctx *ctx, JsonObject *object, guint i, GPtrArray *rules)
{
  static const char *const known[] = { "path", "exists", "equals", NULL };
  g_autofree char *where = g_strdup_printf ("json[%u]", i);
  g_autofree char *path_field = g_strdup_printf ("%s.path", where);
  g_autofree char *exists_field = g_strdup_printf ("%s.exists", where);
  JsonNode *equals = json_object_get_member (object, "equals");
  const char *path = NULL;
  AuraJsonRule *rule;

  if (!aura_manifest_check_members (ctx, object, where, known) ||
      !aura_manifest_get_string (ctx, object, "path", path_field, AURA_MANIFEST_REQUIRED, 0, &path))
    return FALSE;
  if (!aura_site_json_path_is_valid (path))
    return aura_manifest_error (ctx, path_field,
                                _ ("“%s” is not a path such as data.items[0].name"), path);
  rule = g_new0 (AuraJsonRule, 1);
  rule->path = g_strdup (path);
  g_ptr_array_add (rules, rule);
  if (equals == NULL)
    {
      rule->exists = TRUE;
      return aura_manifest_get_bool (ctx, object, "exists", exists_field, &rule->exists);
    }
  /* null is a value here: "equals": null holds when the member is null. */
  if (!JSON_NODE_HOLDS_VALUE (equals) && !JSON_NODE_HOLDS_NULL (equals))
    return aura_manifest_error (ctx, where,
                                _ ("“equals” must be a string, number, boolean or null"));
  rule->has_equals = TRUE;
  rule->equals = json_node_copy (equals);
  return TRUE;
}

static gboolean
parse_json_rules (Ctx *ctx, JsonObject *object, GPtrArray **out)
{
  JsonArray *array;

  if (!get_list (ctx, object, "json", TRUE, &array))
    return FALSE;
  if (array == NULL)
    return TRUE;
  *out = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_json_rule_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!parse_json_rule (ctx, json_array_get_object_element (array, i), i, *out))
      return FALSE;
  return TRUE;
}

/* "header": {"Name": "glob pattern", …}, all of which must hold. */
static gboolean
parse_header_rules (Ctx *ctx, JsonObject *block, GPtrArray **out)
{
  g_autoptr (GList) members = NULL;
  JsonObject *object;

  if (!aura_manifest_get_object (ctx, block, "header", NULL, AURA_MANIFEST_OPTIONAL, &object))
    return FALSE;
  if (object == NULL)
    return TRUE;
  if (json_object_get_size (object) == 0)
    return aura_manifest_error (ctx, "header", _ ("must name at least one header"));
  members = json_object_get_members (object);
  *out = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_header_rule_free);
  for (GList *l = members; l != NULL; l = l->next)
    {
      g_autofree char *field = g_strdup_printf ("header.%s", (const char *)l->data);
      const char *pattern = NULL;
      AuraHeaderRule *rule;

      if (!aura_manifest_get_string (ctx, object, l->data, field, MAY_BE_EMPTY, 0, &pattern))
        return FALSE;
      if (pattern == NULL)
        return aura_manifest_error (ctx, field, _ ("must be a string"));
      rule = g_new0 (AuraHeaderRule, 1);
      rule->name = g_ascii_strdown (l->data, -1);
      rule->pattern_text = g_strdup (pattern);
      rule->pattern = g_pattern_spec_new (rule->pattern_text);
      g_ptr_array_add (*out, rule);
    }
  return TRUE;
}

static gboolean
block_has_condition (const AuraRuleBlock *block)
{
  return block->status != NULL || block->text_any != NULL || block->text_all != NULL ||
         block->text_none != NULL || block->json != NULL || block->redirect != NULL ||
         block->header != NULL;
}

/* One block of conditions; @where ("detect.found[1]") prefixes the field
 * names of its messages. */
static gboolean
parse_block (Ctx *ctx, JsonNode *node, const char *where, AuraRuleBlock **out)
{
  static const char *const known[] = { "status", "text_any", "text_all", "text_none",
                                       "json",   "redirect", "header",   NULL };
  AuraRuleBlock *block;
  JsonObject *object;
  const char *redirect = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return aura_manifest_error (ctx, where, _ ("must be an object of conditions"));
  object = json_node_get_object (node);
  *out = block = g_new0 (AuraRuleBlock, 1);
  ctx->prefix = where;
  if (!aura_manifest_check_members (ctx, object, NULL, known) ||
      !parse_status (ctx, object, &block->status) ||
      !aura_manifest_get_strv (ctx, object, "text_any", NULL, AURA_MANIFEST_OPTIONAL, 0,
                               &block->text_any) ||
      !aura_manifest_get_strv (ctx, object, "text_all", NULL, AURA_MANIFEST_OPTIONAL, 0,
                               &block->text_all) ||
      !aura_manifest_get_strv (ctx, object, "text_none", NULL, AURA_MANIFEST_OPTIONAL, 0,
                               &block->text_none) ||
      !aura_manifest_get_string (ctx, object, "redirect", NULL, MAY_BE_EMPTY, 0, &redirect) ||
      !parse_json_rules (ctx, object, &block->json) ||
      !parse_header_rules (ctx, object, &block->header))
    return FALSE;
  ctx->prefix = NULL;
  if (redirect != NULL)
    {
      block->redirect_text = g_strdup (redirect);
      block->redirect = g_pattern_spec_new (redirect);
    }
  if ((block->text_any != NULL && block->text_any[0] == NULL) ||
      (block->text_all != NULL && block->text_all[0] == NULL) ||
      (block->text_none != NULL && block->text_none[0] == NULL))
    return aura_manifest_error (ctx, where, _ ("a text list is empty"));
  if (!block_has_condition (block))
    return aura_manifest_error (ctx, where, _ ("has no condition; it would hold for every answer"));
  return TRUE;
}

/* A block or a non-empty list of blocks; NULL in *out when absent. */
static gboolean
parse_blocks (Ctx *ctx, JsonObject *detect, const char *member, GPtrArray **out)
{
  JsonNode *node = json_object_get_member (detect, member);
  g_autofree char *field = g_strdup_printf ("detect.%s", member);
  JsonArray *array;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  *out = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_rule_block_free);
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      AuraRuleBlock *block = NULL;
      gboolean ok = parse_block (ctx, node, field, &block);

      if (block != NULL)
        g_ptr_array_add (*out, block);
      return ok;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0)
    return aura_manifest_error (ctx, field,
                                _ ("must be a block of conditions or a non-empty list of them"));
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = g_strdup_printf ("%s[%u]", field, i);
      AuraRuleBlock *block = NULL;
      gboolean ok = parse_block (ctx, json_array_get_element (array, i), where, &block);

      if (block != NULL)
        g_ptr_array_add (*out, block);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_detect (Ctx *ctx, JsonObject *site_object, AuraSite *site)
{
  static const char *const known[] = { "found", "not_found", "blocked", "otherwise", NULL };
  /* In the order of the verdicts they stand for, below. */
  static const char *const otherwise[] = { "unknown", "not_found", NULL };
  int verdict = 0;
  JsonObject *object;

  if (!aura_manifest_get_object (ctx, site_object, "detect", NULL, AURA_MANIFEST_REQUIRED,
                                 &object) ||
      !aura_manifest_check_members (ctx, object, "detect", known) ||
      !parse_blocks (ctx, object, "found", &site->found) ||
      !parse_blocks (ctx, object, "not_found", &site->not_found) ||
      !parse_blocks (ctx, object, "blocked", &site->blocked) ||
      !aura_manifest_get_enum (ctx, object, "otherwise", "detect.otherwise", AURA_MANIFEST_OPTIONAL,
                               otherwise, &verdict))
    return FALSE;
  if (site->found == NULL)
    return aura_manifest_error (ctx, "detect.found",
                                _ ("missing: a site needs a rule that says “found”"));
  site->otherwise = verdict == 1 ? AURA_VERDICT_NOT_FOUND : AURA_VERDICT_UNKNOWN;
  return TRUE;
}

static gboolean
is_token_char (char c)
{
  return g_ascii_isalnum (c) || strchr ("!#$%&'*+-.^_`|~", c) != NULL;
}

/* "headers": {"Name": "value", …}, sent with every probe. */
static gboolean
parse_headers (Ctx *ctx, JsonObject *site_object, AuraSite *site)
{
  g_autoptr (GList) members = NULL;
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  JsonObject *object;

  if (!aura_manifest_get_object (ctx, site_object, "headers", NULL, AURA_MANIFEST_OPTIONAL,
                                 &object))
    return FALSE;
  if (object == NULL)
    return TRUE;
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      g_autofree char *field = g_strdup_printf ("headers.%s", name);
      const char *value = NULL;

      if (*name == '\0')
        return aura_manifest_error (ctx, "headers", _ ("a header has no name"));
      for (const char *p = name; *p != '\0'; p++)
        if (!is_token_char (*p))
          return aura_manifest_error (ctx, field, _ ("not a valid header name"));
      if (!aura_manifest_get_string (ctx, object, name, field, MAY_BE_EMPTY, 0, &value))
        return FALSE;
      if (value == NULL || has_bad_chars (value))
        return aura_manifest_error (ctx, field,
                                    _ ("the value must be a string without line breaks"));
      g_ptr_array_add (lines, g_strdup_printf ("%s: %s", name, value));
    }
  g_ptr_array_add (lines, NULL);
  site->headers = (char **)g_ptr_array_free (g_steal_pointer (&lines), FALSE);
  return TRUE;
}

static gboolean
parse_request (Ctx *ctx, JsonObject *object, AuraSite *site)
{
  static const char *const methods[] = { "GET", "HEAD", "POST", NULL };
  /* In the order of AuraBodyType. */
  static const char *const body_types[] = { "text", "json", "form", NULL };
  const char *body = NULL;
  int method = 0, body_type = AURA_BODY_TEXT;

  if (!aura_manifest_get_enum (ctx, object, "method", NULL, AURA_MANIFEST_OPTIONAL, methods,
                               &method) ||
      !aura_manifest_get_string (ctx, object, "body", NULL, MAY_BE_EMPTY, 0, &body) ||
      !aura_manifest_get_enum (ctx, object, "body_type", NULL, AURA_MANIFEST_OPTIONAL, body_types,
                               &body_type) ||
      !aura_manifest_get_bool (ctx, object, "follow_redirects", NULL, &site->follow_redirects) ||
      !parse_headers (ctx, object, site))
    return FALSE;
  site->method = g_strdup (methods[method]);
  if (body != NULL && !g_str_equal (site->method, "POST"))
    return aura_manifest_error (ctx, "body", _ ("only a POST request has a body"));
  site->body = g_strdup (body);
  site->body_type = (AuraBodyType)body_type;
  return TRUE;
}

static gboolean
parse_rate (Ctx *ctx, JsonObject *site_object, AuraSite *site)
{
  static const char *const known[] = { "requests_per_second", "max_concurrency", NULL };
  JsonObject *object;

  if (!aura_manifest_get_object (ctx, site_object, "rate", NULL, AURA_MANIFEST_OPTIONAL, &object))
    return FALSE;
  if (object == NULL)
    return TRUE;
  ctx->prefix = "rate";
  if (!aura_manifest_check_members (ctx, object, NULL, known) ||
      !aura_manifest_get_uint (ctx, object, "max_concurrency", NULL, 0, CONCURRENCY_MAX,
                               &site->max_concurrency) ||
      !aura_manifest_get_rate_max (ctx, object, "requests_per_second", NULL, SITE_RATE_MAX,
                                   &site->rate))
    return FALSE;
  ctx->prefix = NULL;
  return TRUE;
}

/* g_ptr_array_sort() hands the comparison pointers to the elements. */
static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *)a, *(const char *const *)b);
}

/* Tags: one lower-case word each, sorted, without repeats. */
static gboolean
parse_tags (Ctx *ctx, JsonObject *object, AuraSite *site)
{
  g_auto (GStrv) tags = NULL;
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func (g_free);

  if (!aura_manifest_get_strv (ctx, object, "tags", NULL, AURA_MANIFEST_OPTIONAL, 0, &tags) ||
      !aura_manifest_get_strv (ctx, object, "protection", NULL, AURA_MANIFEST_OPTIONAL, 0,
                               &site->protection))
    return FALSE;
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      g_autofree char *tag = g_utf8_strdown (tags[i], -1);

      if (g_utf8_strlen (tag, -1) > TAG_MAX_CHARS || has_bad_chars (tag) || strchr (tag, ' '))
        return aura_manifest_error (ctx, "tags",
                                    _ ("“%s” is not a tag (one word, at most %d characters)"),
                                    tags[i], TAG_MAX_CHARS);
      if (!g_ptr_array_find_with_equal_func (out, tag, g_str_equal, NULL))
        g_ptr_array_add (out, g_steal_pointer (&tag));
    }
  g_ptr_array_sort (out, compare_strings);
  g_ptr_array_add (out, NULL);
  site->tags = (char **)g_ptr_array_free (g_steal_pointer (&out), FALSE);
  return TRUE;
}

/* The free-text members: optional, possibly empty strings. */
static gboolean
parse_texts (Ctx *ctx, JsonObject *object, AuraSite *site)
{
  const struct
  {
    const char *member;
    char **dest;
  } texts[] = {
    { "known_present", &site->known_present },
    { "known_absent", &site->known_absent },
    { "disabled_reason", &site->disabled_reason },
    { "notes", &site->notes },
    { "source", &site->source },
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      const char *value = NULL;

      if (!aura_manifest_get_string (ctx, object, texts[i].member, NULL, MAY_BE_EMPTY, 0, &value))
        return FALSE;
      *texts[i].dest = g_strdup (value);
    }
  return TRUE;
}

/* The name first, so that every later message names the site. */
static gboolean
parse_name (Ctx *ctx, JsonObject *object, AuraSite *site)
{
  const char *name = NULL;

  if (!aura_manifest_get_string (ctx, object, "name", NULL, AURA_MANIFEST_REQUIRED, 0, &name))
    return FALSE;
  aura_manifest_ctx_take_item (ctx, g_strdup_printf (_ ("site “%s”"), name));
  site->name = g_strdup (name);
  if (g_utf8_strlen (name, -1) > NAME_MAX_CHARS || has_bad_chars (name))
    return aura_manifest_error (ctx, "name", _ ("at most %d characters, no control characters"),
                                NAME_MAX_CHARS);
  return TRUE;
}

static gboolean
parse_urls (Ctx *ctx, JsonObject *object, AuraSite *site)
{
  const char *url = NULL, *probe = NULL, *profile = NULL;

  if (!get_url (ctx, object, "url", AURA_MANIFEST_REQUIRED, &url) ||
      !get_url (ctx, object, "profile_url", AURA_MANIFEST_REQUIRED, &profile) ||
      !get_url (ctx, object, "probe_url", AURA_MANIFEST_OPTIONAL, &probe))
    return FALSE;
  site->main_url = g_strdup (url);
  site->profile_url = g_strdup (profile);
  site->probe_url = g_strdup (probe != NULL ? probe : profile);
  return TRUE;
}

static gboolean
parse_site (Ctx *ctx, JsonObject *object, AuraSite *site)
{
  static const char *const known[] = {
    "name",
    "url",
    "probe_url",
    "profile_url",
    "method",
    "headers",
    "body",
    "body_type",
    "follow_redirects",
    "username",
    "detect",
    "tags",
    "rate",
    "known_present",
    "known_absent",
    "disabled",
    "disabled_reason",
    "protection",
    "notes",
    "source",
    NULL,
  };

  if (!parse_name (ctx, object, site) || !aura_manifest_check_members (ctx, object, NULL, known) ||
      !parse_urls (ctx, object, site) || !parse_request (ctx, object, site))
    return FALSE;
  if (!has_placeholder (site->probe_url) && !has_placeholder (site->body))
    return aura_manifest_error (ctx, "probe_url",
                                _ ("has no {username}, and no body has one either"));
  site->in_host = placeholder_in_host (site->probe_url) || placeholder_in_host (site->profile_url);
  if (!parse_username (ctx, object, site) || !parse_detect (ctx, object, site) ||
      !parse_tags (ctx, object, site) || !parse_rate (ctx, object, site) ||
      !aura_manifest_get_bool (ctx, object, "disabled", NULL, &site->disabled) ||
      !parse_texts (ctx, object, site))
    return FALSE;
  if (site->disabled && (site->disabled_reason == NULL || *site->disabled_reason == '\0'))
    return aura_manifest_error (ctx, "disabled_reason", _ ("a disabled site needs a reason"));
  return TRUE;
}

AuraSite *
aura_site_from_json (JsonObject *object, const char *origin, GError **error)
{
  g_auto (AuraManifestCtx) ctx = { 0 };
  AuraSite *site = aura_site_new_empty ();

  aura_manifest_ctx_init (&ctx, origin, AURA_MANIFEST_ERROR, AURA_MANIFEST_ERROR_INVALID,
                          AURA_MANIFEST_STRICT, NULL, error);
  /* Until the name is read. */
  aura_manifest_ctx_take_item (&ctx, g_strdup_printf (_ ("site “%s”"), "?"));
  if (!parse_site (&ctx, object, site))
    {
      aura_site_unref (site);
      return NULL;
    }
  return site;
}
