/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-username"
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "aura-site-private.h"

/* Aura's site format (README.md): one JSON object per site, checked field by
 * field. Every error names the file, the site and the field, so that a
 * person can go and fix it. Unknown fields are errors (they are usually
 * typos); fields whose name starts with "_" or "x-" are ignored. */

#define NAME_MAX_CHARS 100
#define TEXT_MAX_BYTES 4096
#define TAG_MAX_CHARS 32

typedef struct
{
  const char *origin;
  const char *site;
  /* Prepended to field names in messages ("detect.found[0]"), or NULL;
   * field names are only put together when there is an error to report. */
  const char *prefix;
  GError **error;
} Ctx;

static gboolean field_error (Ctx *ctx, const char *field, const char *format, ...)
    G_GNUC_PRINTF (3, 4);

static gboolean
field_error (Ctx *ctx, const char *field, const char *format, ...)
{
  g_autofree char *message = NULL;
  g_autofree char *full = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (ctx->prefix != NULL)
    field = full = g_strdup_printf ("%s.%s", ctx->prefix, field);
  /* Translators: the first %s is a file, the second a site's name, the
   * third a field of the site list, the last what is wrong with it. */
  g_set_error (ctx->error, AURA_MANIFEST_ERROR, AURA_MANIFEST_ERROR_INVALID,
               _ ("%s: site “%s”: field “%s”: %s"), ctx->origin, ctx->site ? ctx->site : "?", field,
               message);
  return FALSE;
}

static gboolean
is_ignored_member (const char *name)
{
  return name[0] == '_' || g_str_has_prefix (name, "x-");
}

/* Fails on the first member of @object that is not in @known. */
static gboolean
check_members (Ctx *ctx, JsonObject *object, const char *where, const char *const *known)
{
  JsonObjectIter iter;
  const char *name;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, NULL))
    {
      if (!is_ignored_member (name) && !g_strv_contains (known, name))
        {
          g_autofree char *field =
              where != NULL ? g_strdup_printf ("%s.%s", where, name) : g_strdup (name);

          return field_error (ctx, field, _ ("unknown field (a typo?)"));
        }
    }
  return TRUE;
}

static gboolean
has_bad_chars (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar)*p < 0x20 || *p == 0x7f)
      return TRUE;
  return FALSE;
}

/* A string member: NULL in *out when absent (allowed unless @required). */
static gboolean
get_string (Ctx *ctx,
            JsonObject *object,
            const char *member,
            const char *field,
            gboolean required,
            const char **out)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *value;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return required ? field_error (ctx, field, _ ("missing")) : TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return field_error (ctx, field, _ ("must be a string"));
  value = json_node_get_string (node);
  if (required && *value == '\0')
    return field_error (ctx, field, _ ("must not be empty"));
  if (strlen (value) > TEXT_MAX_BYTES)
    return field_error (ctx, field, _ ("longer than %d bytes"), TEXT_MAX_BYTES);
  if (!g_utf8_validate (value, -1, NULL))
    return field_error (ctx, field, _ ("not valid UTF-8"));
  *out = value;
  return TRUE;
}

static gboolean
get_bool (Ctx *ctx, JsonObject *object, const char *member, gboolean fallback, gboolean *out)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = fallback;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return field_error (ctx, member, _ ("must be true or false"));
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
get_uint (
    Ctx *ctx, JsonObject *object, const char *member, const char *field, guint max, guint *out)
{
  JsonNode *node = json_object_get_member (object, member);
  gint64 value;

  *out = 0;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return field_error (ctx, field, _ ("must be a whole number"));
  value = json_node_get_int (node);
  if (value < 0 || value > max)
    return field_error (ctx, field, _ ("must be between 0 and %u"), max);
  *out = (guint)value;
  return TRUE;
}

/* An array of non-empty strings; NULL in *out when absent. */
static gboolean
get_strv (Ctx *ctx, JsonObject *object, const char *member, const char *field, char ***out)
{
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array;
  guint n;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return field_error (ctx, field, _ ("must be a list of strings"));
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  *out = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *value;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING ||
          *(value = json_node_get_string (element)) == '\0' || strlen (value) > TEXT_MAX_BYTES ||
          !g_utf8_validate (value, -1, NULL))
        {
          g_clear_pointer (out, g_strfreev);
          return field_error (ctx, field, _ ("item %u must be a non-empty string"), i + 1);
        }
      (*out)[i] = g_strdup (value);
    }
  return TRUE;
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

static gboolean
check_url (Ctx *ctx, const char *field, const char *url)
{
  g_autofree char *sample = aura_site_expand_url (url, "user");
  g_autoptr (GUri) uri = NULL;
  const char *scheme;

  if (has_bad_chars (url) || strchr (url, ' ') != NULL)
    return field_error (ctx, field, _ ("contains spaces or control characters"));
  uri = g_uri_parse (sample, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return field_error (ctx, field, _ ("“%s” is not a URL"), url);
  scheme = g_uri_get_scheme (uri);
  if ((g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return field_error (ctx, field, _ ("must be an absolute http or https URL"));
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
parse_username (Ctx *ctx, JsonObject *object, AuraSite *site)
{
  static const char *const known[] = { "regex",     "min_length", "max_length", "allowed",
                                       "lowercase", "strip",      NULL };
  const char *regex = NULL, *allowed = NULL, *strip = NULL;
  g_autoptr (GError) local = NULL;

  if (!check_members (ctx, object, "username", known) ||
      !get_string (ctx, object, "regex", "username.regex", FALSE, &regex) ||
      !get_string (ctx, object, "allowed", "username.allowed", FALSE, &allowed) ||
      !get_string (ctx, object, "strip", "username.strip", FALSE, &strip) ||
      !get_uint (ctx, object, "min_length", "username.min_length", AURA_USERNAME_MAX_CHARS,
                 &site->min_length) ||
      !get_uint (ctx, object, "max_length", "username.max_length", AURA_USERNAME_MAX_CHARS,
                 &site->max_length) ||
      !get_bool (ctx, object, "lowercase", FALSE, &site->lowercase))
    return FALSE;
  if (site->max_length > 0 && site->min_length > site->max_length)
    return field_error (ctx, "username.min_length", _ ("greater than max_length"));
  if (regex != NULL && *regex != '\0')
    {
      site->regex = aura_site_compile_regex (regex, &local);
      if (site->regex == NULL)
        return field_error (ctx, "username.regex", "%s", local->message);
      site->regex_text = g_strdup (regex);
    }
  if (allowed != NULL && *allowed != '\0')
    {
      site->allowed = aura_site_parse_charset (allowed, &local);
      if (site->allowed == NULL)
        return field_error (ctx, "username.allowed", "%s", local->message);
      site->allowed_text = g_strdup (allowed);
    }
  site->strip = g_strdup (strip);
  return TRUE;
}

static gboolean
parse_status (Ctx *ctx, JsonNode *node, const char *field, GArray **out)
{
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0)
    return field_error (ctx, field, _ ("must be a non-empty list of status codes"));
  array = json_node_get_array (node);
  *out = g_array_new (FALSE, FALSE, sizeof (AuraStatusRange));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      AuraStatusRange range = { 0, 0 };
      GType type = JSON_NODE_HOLDS_VALUE (element) ? json_node_get_value_type (element) : 0;

      if (type == G_TYPE_INT64)
        range.lo = range.hi = (guint)CLAMP (json_node_get_int (element), 0, 1000);
      else if (type == G_TYPE_STRING)
        {
          const char *text = json_node_get_string (element);
          guint64 a = 0, b = 0;
          g_auto (GStrv) parts = g_strsplit (text, "-", 2);

          if (strlen (text) == 3 && text[0] >= '1' && text[0] <= '5' &&
              g_str_has_suffix (text, "xx"))
            range.lo = (guint)(text[0] - '0') * 100, range.hi = range.lo + 99;
          else if (g_ascii_string_to_unsigned (parts[0], 10, 100, 999, &a, NULL) &&
                   (parts[1] == NULL ||
                    g_ascii_string_to_unsigned (parts[1], 10, a, 999, &b, NULL)))
            range.lo = (guint)a, range.hi = parts[1] != NULL ? (guint)b : (guint)a;
        }
      if (range.lo < 100 || range.hi > 999)
        return field_error (ctx, field,
                            _ ("item %u must be a status (404), a class (“4xx”) or a range "
                               "(“500-599”)"),
                            i + 1);
      g_array_append_val (*out, range);
    }
  return TRUE;
}

static gboolean
parse_json_rules (Ctx *ctx, JsonNode *node, const char *field, GPtrArray **out)
{
  static const char *const known[] = { "path", "exists", "equals", NULL };
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0)
    return field_error (ctx, field, _ ("must be a non-empty list of JSON rules"));
  array = json_node_get_array (node);
  *out = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_json_rule_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *where = g_strdup_printf ("%s[%u]", field, i);
      g_autofree char *path_field = g_strdup_printf ("%s.path", where);
      JsonObject *object;
      JsonNode *equals;
      const char *path = NULL;
      AuraJsonRule *rule;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return field_error (ctx, where, _ ("must be an object"));
      object = json_node_get_object (element);
      if (!check_members (ctx, object, where, known) ||
          !get_string (ctx, object, "path", path_field, TRUE, &path))
        return FALSE;
      if (!aura_site_json_path_is_valid (path))
        return field_error (ctx, path_field, _ ("“%s” is not a path such as data.items[0].name"),
                            path);
      rule = g_new0 (AuraJsonRule, 1);
      rule->path = g_strdup (path);
      g_ptr_array_add (*out, rule);
      equals = json_object_get_member (object, "equals");
      if (equals != NULL)
        {
          if (!JSON_NODE_HOLDS_VALUE (equals) && !JSON_NODE_HOLDS_NULL (equals))
            return field_error (ctx, where,
                                _ ("“equals” must be a string, number, boolean or null"));
          rule->has_equals = TRUE;
          rule->equals = json_node_copy (equals);
        }
      else if (!get_bool (ctx, object, "exists", TRUE, &rule->exists))
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_headers_rule (Ctx *ctx, JsonNode *node, const char *field, GPtrArray **out)
{
  JsonObject *object;
  g_autoptr (GList) members = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node) || json_object_get_size (json_node_get_object (node)) == 0)
    return field_error (ctx, field, _ ("must be an object of header names and patterns"));
  object = json_node_get_object (node);
  members = json_object_get_members (object);
  *out = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_header_rule_free);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (object, l->data);
      AuraHeaderRule *rule;

      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
        return field_error (ctx, field, _ ("the pattern of “%s” must be a string"),
                            (const char *)l->data);
      rule = g_new0 (AuraHeaderRule, 1);
      rule->name = g_ascii_strdown (l->data, -1);
      rule->pattern_text = g_strdup (json_node_get_string (value));
      rule->pattern = g_pattern_spec_new (rule->pattern_text);
      g_ptr_array_add (*out, rule);
    }
  return TRUE;
}

static gboolean
parse_block (Ctx *ctx, JsonNode *node, const char *where, AuraRuleBlock **out)
{
  static const char *const known[] = { "status", "text_any", "text_all", "text_none",
                                       "json",   "redirect", "header",   NULL };
  AuraRuleBlock *block;
  JsonObject *object;
  JsonNode *member;
  const char *redirect = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return field_error (ctx, where, _ ("must be an object of conditions"));
  object = json_node_get_object (node);
  if (!check_members (ctx, object, where, known))
    return FALSE;
  *out = block = g_new0 (AuraRuleBlock, 1);
  ctx->prefix = where;
  if ((member = json_object_get_member (object, "status")) != NULL &&
      !parse_status (ctx, member, "status", &block->status))
    return FALSE;
  if (!get_strv (ctx, object, "text_any", "text_any", &block->text_any) ||
      !get_strv (ctx, object, "text_all", "text_all", &block->text_all) ||
      !get_strv (ctx, object, "text_none", "text_none", &block->text_none) ||
      !get_string (ctx, object, "redirect", "redirect", FALSE, &redirect))
    return FALSE;
  if ((member = json_object_get_member (object, "json")) != NULL &&
      !parse_json_rules (ctx, member, "json", &block->json))
    return FALSE;
  if ((member = json_object_get_member (object, "header")) != NULL &&
      !parse_headers_rule (ctx, member, "header", &block->header))
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
    return field_error (ctx, where, _ ("a text list is empty"));
  if (block->status == NULL && block->text_any == NULL && block->text_all == NULL &&
      block->text_none == NULL && block->json == NULL && block->redirect == NULL &&
      block->header == NULL)
    return field_error (ctx, where, _ ("has no condition; it would hold for every answer"));
  return TRUE;
}

/* A block or a list of blocks. */
static gboolean
parse_blocks (Ctx *ctx, JsonObject *detect, const char *member, GPtrArray **out)
{
  JsonNode *node = json_object_get_member (detect, member);
  g_autofree char *field = g_strdup_printf ("detect.%s", member);

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
    return field_error (ctx, field,
                        _ ("must be a block of conditions or a non-empty list of them"));
  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      g_autofree char *where = g_strdup_printf ("%s[%u]", field, i);
      AuraRuleBlock *block = NULL;
      gboolean ok =
          parse_block (ctx, json_array_get_element (json_node_get_array (node), i), where, &block);

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
  JsonNode *node = json_object_get_member (site_object, "detect");
  JsonObject *object;
  const char *otherwise = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return field_error (ctx, "detect", node == NULL ? _ ("missing") : _ ("must be an object"));
  object = json_node_get_object (node);
  if (!check_members (ctx, object, "detect", known) ||
      !parse_blocks (ctx, object, "found", &site->found) ||
      !parse_blocks (ctx, object, "not_found", &site->not_found) ||
      !parse_blocks (ctx, object, "blocked", &site->blocked) ||
      !get_string (ctx, object, "otherwise", "detect.otherwise", FALSE, &otherwise))
    return FALSE;
  if (site->found == NULL)
    return field_error (ctx, "detect.found", _ ("missing: a site needs a rule that says “found”"));
  if (otherwise == NULL || g_str_equal (otherwise, "unknown"))
    site->otherwise = AURA_VERDICT_UNKNOWN;
  else if (g_str_equal (otherwise, "not_found"))
    site->otherwise = AURA_VERDICT_NOT_FOUND;
  else
    return field_error (ctx, "detect.otherwise", _ ("must be “not_found” or “unknown”"));
  return TRUE;
}

static gboolean
is_token_char (char c)
{
  return g_ascii_isalnum (c) || strchr ("!#$%&'*+-.^_`|~", c) != NULL;
}

static gboolean
parse_headers (Ctx *ctx, JsonObject *site_object, AuraSite *site)
{
  JsonNode *node = json_object_get_member (site_object, "headers");
  g_autoptr (GList) members = NULL;
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  JsonObject *object;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return field_error (ctx, "headers", _ ("must be an object of header names and values"));
  object = json_node_get_object (node);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      g_autofree char *field = g_strdup_printf ("headers.%s", name);
      const char *value = NULL;

      if (*name == '\0')
        return field_error (ctx, "headers", _ ("a header has no name"));
      for (const char *p = name; *p != '\0'; p++)
        if (!is_token_char (*p))
          return field_error (ctx, field, _ ("not a valid header name"));
      if (!get_string (ctx, object, name, field, FALSE, &value))
        return FALSE;
      if (value == NULL || has_bad_chars (value))
        return field_error (ctx, field, _ ("the value must be a string without line breaks"));
      g_ptr_array_add (lines, g_strdup_printf ("%s: %s", name, value));
    }
  g_ptr_array_add (lines, NULL);
  site->headers = (char **)g_ptr_array_free (g_steal_pointer (&lines), FALSE);
  return TRUE;
}

static gboolean
parse_request (Ctx *ctx, JsonObject *object, AuraSite *site)
{
  const char *method = NULL, *body = NULL, *body_type = NULL;

  if (!get_string (ctx, object, "method", "method", FALSE, &method) ||
      !get_string (ctx, object, "body", "body", FALSE, &body) ||
      !get_string (ctx, object, "body_type", "body_type", FALSE, &body_type) ||
      !get_bool (ctx, object, "follow_redirects", TRUE, &site->follow_redirects) ||
      !parse_headers (ctx, object, site))
    return FALSE;
  if (method == NULL)
    method = "GET";
  if (!g_str_equal (method, "GET") && !g_str_equal (method, "HEAD") &&
      !g_str_equal (method, "POST"))
    return field_error (ctx, "method", _ ("must be GET, HEAD or POST"));
  site->method = g_strdup (method);
  if (body != NULL && !g_str_equal (method, "POST"))
    return field_error (ctx, "body", _ ("only a POST request has a body"));
  site->body = g_strdup (body);
  if (body_type == NULL || g_str_equal (body_type, "text"))
    site->body_type = AURA_BODY_TEXT;
  else if (g_str_equal (body_type, "json"))
    site->body_type = AURA_BODY_JSON;
  else if (g_str_equal (body_type, "form"))
    site->body_type = AURA_BODY_FORM;
  else
    return field_error (ctx, "body_type", _ ("must be “text”, “json” or “form”"));
  return TRUE;
}

static gboolean
parse_rate (Ctx *ctx, JsonObject *site_object, AuraSite *site)
{
  static const char *const known[] = { "requests_per_second", "max_concurrency", NULL };
  JsonNode *node = json_object_get_member (site_object, "rate");
  JsonObject *object;
  JsonNode *rps;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return field_error (ctx, "rate", _ ("must be an object"));
  object = json_node_get_object (node);
  if (!check_members (ctx, object, "rate", known) ||
      !get_uint (ctx, object, "max_concurrency", "rate.max_concurrency", 64,
                 &site->max_concurrency))
    return FALSE;
  rps = json_object_get_member (object, "requests_per_second");
  if (rps != NULL)
    {
      GType type = JSON_NODE_HOLDS_VALUE (rps) ? json_node_get_value_type (rps) : 0;

      if ((type != G_TYPE_DOUBLE && type != G_TYPE_INT64) || json_node_get_double (rps) <= 0.0 ||
          json_node_get_double (rps) > 1000.0)
        return field_error (ctx, "rate.requests_per_second",
                            _ ("must be a number above 0 and at most 1000"));
      site->rate = json_node_get_double (rps);
    }
  return TRUE;
}

/* g_ptr_array_sort() hands the comparison pointers to the elements. */
static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *)a, *(const char *const *)b);
}

static gboolean
parse_tags (Ctx *ctx, JsonObject *object, AuraSite *site)
{
  g_auto (GStrv) tags = NULL;
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func (g_free);

  if (!get_strv (ctx, object, "tags", "tags", &tags) ||
      !get_strv (ctx, object, "protection", "protection", &site->protection))
    return FALSE;
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      g_autofree char *tag = g_utf8_strdown (tags[i], -1);

      if (g_utf8_strlen (tag, -1) > TAG_MAX_CHARS || has_bad_chars (tag) || strchr (tag, ' '))
        return field_error (ctx, "tags", _ ("“%s” is not a tag (one word, at most %d characters)"),
                            tags[i], TAG_MAX_CHARS);
      if (!g_ptr_array_find_with_equal_func (out, tag, g_str_equal, NULL))
        g_ptr_array_add (out, g_steal_pointer (&tag));
    }
  g_ptr_array_sort (out, compare_strings);
  g_ptr_array_add (out, NULL);
  site->tags = (char **)g_ptr_array_free (g_steal_pointer (&out), FALSE);
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
  const char *name = NULL, *url = NULL, *probe = NULL, *profile = NULL, *value = NULL;
  JsonNode *username;

  if (!get_string (ctx, object, "name", "name", TRUE, &name))
    return FALSE;
  ctx->site = name;
  site->name = g_strdup (name);
  if (g_utf8_strlen (name, -1) > NAME_MAX_CHARS || has_bad_chars (name))
    return field_error (ctx, "name", _ ("at most %d characters, no control characters"),
                        NAME_MAX_CHARS);
  if (!check_members (ctx, object, NULL, known) ||
      !get_string (ctx, object, "url", "url", TRUE, &url) || !check_url (ctx, "url", url) ||
      !get_string (ctx, object, "profile_url", "profile_url", TRUE, &profile) ||
      !check_url (ctx, "profile_url", profile) ||
      !get_string (ctx, object, "probe_url", "probe_url", FALSE, &probe) ||
      (probe != NULL && !check_url (ctx, "probe_url", probe)) || !parse_request (ctx, object, site))
    return FALSE;
  site->main_url = g_strdup (url);
  site->profile_url = g_strdup (profile);
  site->probe_url = g_strdup (probe != NULL ? probe : profile);
  if (!has_placeholder (site->probe_url) && !has_placeholder (site->body))
    return field_error (ctx, "probe_url", _ ("has no {username}, and no body has one either"));
  site->in_host = placeholder_in_host (site->probe_url) || placeholder_in_host (profile);

  username = json_object_get_member (object, "username");
  if (username != NULL && !JSON_NODE_HOLDS_OBJECT (username))
    return field_error (ctx, "username", _ ("must be an object"));
  if (username != NULL && !parse_username (ctx, json_node_get_object (username), site))
    return FALSE;
  if (!parse_detect (ctx, object, site) || !parse_tags (ctx, object, site) ||
      !parse_rate (ctx, object, site) ||
      !get_bool (ctx, object, "disabled", FALSE, &site->disabled))
    return FALSE;

#define COPY_STRING(member, dest)                                                                  \
  G_STMT_START                                                                                     \
  {                                                                                                \
    if (!get_string (ctx, object, member, member, FALSE, &value))                                  \
      return FALSE;                                                                                \
    dest = g_strdup (value);                                                                       \
  }                                                                                                \
  G_STMT_END
  COPY_STRING ("known_present", site->known_present);
  COPY_STRING ("known_absent", site->known_absent);
  COPY_STRING ("disabled_reason", site->disabled_reason);
  COPY_STRING ("notes", site->notes);
  COPY_STRING ("source", site->source);
#undef COPY_STRING
  if (site->disabled && (site->disabled_reason == NULL || *site->disabled_reason == '\0'))
    return field_error (ctx, "disabled_reason", _ ("a disabled site needs a reason"));
  return TRUE;
}

AuraSite *
aura_site_from_json (JsonObject *object, const char *origin, GError **error)
{
  Ctx ctx = { origin, NULL, NULL, error };
  AuraSite *site = aura_site_new_empty ();

  if (!parse_site (&ctx, object, site))
    {
      aura_site_unref (site);
      return NULL;
    }
  return site;
}
