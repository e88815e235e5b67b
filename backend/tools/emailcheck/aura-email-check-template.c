/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-emailcheck"
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "aura-email-check-private.h"

/* The two small languages of a check: request templates
 * ("https://site/check?email={email_url}") and JSON paths
 * ("data.user.exists"), plus the URL and escaping helpers they need. Both
 * are parsed once, at load, so that a typo fails the load instead of a
 * check. */

/* ---- Templates ------------------------------------------------------------ */

typedef enum
{
  FILTER_NONE,
  FILTER_URL,
  FILTER_JSON,
} Filter;

typedef struct
{
  gboolean placeholder;
  char *text; /* literal text, or the variable's name */
  Filter filter;
} Part;

struct _AuraEmailTemplate
{
  char *text;
  GArray *parts; /* Part */
};

static void
part_clear (Part *part)
{
  g_free (part->text);
}

void
aura_email_template_free (AuraEmailTemplate *tmpl)
{
  if (tmpl == NULL)
    return;
  g_array_unref (tmpl->parts);
  g_free (tmpl->text);
  g_free (tmpl);
}

const char *
aura_email_template_get_text (const AuraEmailTemplate *tmpl)
{
  g_return_val_if_fail (tmpl != NULL, NULL);
  return tmpl->text;
}

static void
add_part (
    AuraEmailTemplate *tmpl, gboolean placeholder, const char *start, gsize len, Filter filter)
{
  Part part = { placeholder, NULL, filter };

  if (len == 0)
    return;
  part.text = g_strndup (start, len);
  g_array_append_val (tmpl->parts, part);
}

/* The length of a "{word}" shape at @p (word: a lower-case letter, then
 * letters, digits, "_", "." and one optional "|filter"), or 0. Other braces
 * are literal, so JSON and CSS need no escaping. */
static gsize
placeholder_length (const char *p)
{
  gsize n = 1;

  if (p[0] != '{' || !g_ascii_islower (p[1]))
    return 0;
  while (g_ascii_isalnum (p[n]) || p[n] == '_' || p[n] == '.' || p[n] == '|')
    n++;
  return p[n] == '}' ? n + 1 : 0;
}

static gboolean
name_is_known (const char *name, const char *const *prepare_names)
{
  static const char *const fixed[] = { "email", "local", "domain", "random", NULL };

  if (g_strv_contains (fixed, name))
    return TRUE;
  if (g_str_has_prefix (name, "prepare."))
    return prepare_names != NULL && g_strv_contains (prepare_names, name + strlen ("prepare."));
  return FALSE;
}

/* Splits "name|filter" and the aliases {email_url} and {email_json}. */
static gboolean
split_placeholder (const char *inner, char **out_name, Filter *out_filter, GError **error)
{
  const char *bar = strchr (inner, '|');
  g_autofree char *name = bar != NULL ? g_strndup (inner, bar - inner) : g_strdup (inner);
  Filter filter = FILTER_NONE;

  if (bar != NULL)
    {
      if (g_str_equal (bar + 1, "url"))
        filter = FILTER_URL;
      else if (g_str_equal (bar + 1, "json"))
        filter = FILTER_JSON;
      else
        {
          g_set_error (error, AURA_EMAIL_CHECK_ERROR, AURA_EMAIL_CHECK_ERROR_INVALID,
                       _ ("unknown filter “|%s” in “{%s}” (use |url or |json)"), bar + 1, inner);
          return FALSE;
        }
    }
  else if (g_str_equal (name, "email_url"))
    {
      g_free (name);
      name = g_strdup ("email");
      filter = FILTER_URL;
    }
  else if (g_str_equal (name, "email_json"))
    {
      g_free (name);
      name = g_strdup ("email");
      filter = FILTER_JSON;
    }
  *out_name = g_steal_pointer (&name);
  *out_filter = filter;
  return TRUE;
}

AuraEmailTemplate *
aura_email_template_parse (const char *text,
                           AuraEmailTemplateContext context,
                           const char *const *prepare_names,
                           GError **error)
{
  g_autoptr (AuraEmailTemplate) tmpl = g_new0 (AuraEmailTemplate, 1);
  const char *literal = text;
  const char *p = text;

  g_return_val_if_fail (text != NULL, NULL);
  tmpl->text = g_strdup (text);
  tmpl->parts = g_array_new (FALSE, FALSE, sizeof (Part));
  g_array_set_clear_func (tmpl->parts, (GDestroyNotify)part_clear);
  while (*p != '\0')
    {
      gsize len = placeholder_length (p);
      g_autofree char *inner = NULL;
      g_autofree char *name = NULL;
      Filter filter;

      if (len == 0)
        {
          p++;
          continue;
        }
      inner = g_strndup (p + 1, len - 2);
      if (!split_placeholder (inner, &name, &filter, error))
        return NULL;
      if (!name_is_known (name, prepare_names))
        {
          if (g_str_has_prefix (name, "prepare."))
            g_set_error (error, AURA_EMAIL_CHECK_ERROR, AURA_EMAIL_CHECK_ERROR_INVALID,
                         _ ("“{%s}” refers to “%s”, which the first request does not extract"),
                         inner, name + strlen ("prepare."));
          else
            g_set_error (error, AURA_EMAIL_CHECK_ERROR, AURA_EMAIL_CHECK_ERROR_INVALID,
                         _ ("unknown placeholder “{%s}” (known: {email}, {email_url}, "
                            "{email_json}, {local}, {domain}, {random}, {prepare.NAME})"),
                         inner);
          return NULL;
        }
      /* {random} is letters and digits; everything else may hold characters
       * that change a URL's structure (a "+" or "&" in the local part). */
      if (context == AURA_EMAIL_TEMPLATE_URL && filter != FILTER_URL &&
          !g_str_equal (name, "random"))
        {
          g_set_error (error, AURA_EMAIL_CHECK_ERROR, AURA_EMAIL_CHECK_ERROR_INVALID,
                       _ ("“{%s}” is not escaped for a URL: write “{%s|url}”%s"), inner, name,
                       g_str_equal (name, "email") ? _ (" or “{email_url}”") : "");
          return NULL;
        }
      add_part (tmpl, FALSE, literal, p - literal, FILTER_NONE);
      add_part (tmpl, TRUE, name, strlen (name), filter);
      p += len;
      literal = p;
    }
  add_part (tmpl, FALSE, literal, p - literal, FILTER_NONE);
  return g_steal_pointer (&tmpl);
}

char *
aura_email_percent_encode (const char *text)
{
  GString *out = g_string_sized_new (strlen (text) + 8);

  for (const guchar *p = (const guchar *)text; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '-' || *p == '.' || *p == '_' || *p == '~')
        g_string_append_c (out, (char)*p);
      else
        g_string_append_printf (out, "%%%02X", *p);
    }
  return g_string_free (out, FALSE);
}

char *
aura_email_json_escape (const char *text)
{
  GString *out = g_string_sized_new (strlen (text) + 8);

  for (const guchar *p = (const guchar *)text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char)*p);
        }
      else if (*p < 0x20 || *p == 0x7f)
        g_string_append_printf (out, "\\u%04x", *p);
      else
        g_string_append_c (out, (char)*p);
    }
  return g_string_free (out, FALSE);
}

char *
aura_email_template_expand (const AuraEmailTemplate *tmpl,
                            GHashTable *vars,
                            gboolean single_line,
                            GError **error)
{
  g_autoptr (GString) out = g_string_new (NULL);

  g_return_val_if_fail (tmpl != NULL, NULL);
  for (guint i = 0; i < tmpl->parts->len; i++)
    {
      const Part *part = &g_array_index (tmpl->parts, Part, i);
      const char *value;

      if (!part->placeholder)
        {
          g_string_append (out, part->text);
          continue;
        }
      value = vars != NULL ? g_hash_table_lookup (vars, part->text) : NULL;
      if (value == NULL)
        {
          g_set_error (error, AURA_EMAIL_CHECK_ERROR, AURA_EMAIL_CHECK_ERROR_INVALID,
                       _ ("no value for the placeholder {%s}"), part->text);
          return NULL;
        }
      if (part->filter == FILTER_URL)
        {
          g_autofree char *encoded = aura_email_percent_encode (value);

          g_string_append (out, encoded);
        }
      else if (part->filter == FILTER_JSON)
        {
          g_autofree char *escaped = aura_email_json_escape (value);

          g_string_append (out, escaped);
        }
      else
        {
          if (single_line && strpbrk (value, "\r\n") != NULL)
            {
              g_set_error (error, AURA_EMAIL_CHECK_ERROR, AURA_EMAIL_CHECK_ERROR_INVALID,
                           _ ("the value of {%s} holds a line break and cannot go in a header"),
                           part->text);
              return NULL;
            }
          g_string_append (out, value);
        }
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
aura_email_rewrite_url (const char *url, const char *base)
{
  g_autoptr (GUri) target = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  g_autoptr (GUri) to = g_uri_parse (base, G_URI_FLAGS_ENCODED, NULL);
  g_autoptr (GUri) built = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *path = NULL;
  gsize len;

  if (target == NULL || to == NULL)
    return NULL;
  prefix = g_strdup (g_uri_get_path (to));
  len = strlen (prefix);
  while (len > 0 && prefix[len - 1] == '/')
    prefix[--len] = '\0';
  path =
      g_strconcat (prefix, *g_uri_get_path (target) == '\0' ? "/" : g_uri_get_path (target), NULL);
  built = g_uri_build (G_URI_FLAGS_ENCODED, g_uri_get_scheme (to), NULL, g_uri_get_host (to),
                       g_uri_get_port (to), path, g_uri_get_query (target), NULL);
  return g_uri_to_string (built);
}

/* ---- JSON paths ----------------------------------------------------------- */

typedef struct
{
  gboolean is_index;
  guint64 index;
  char *key;
} Step;

struct _AuraEmailPath
{
  char *text;
  GArray *steps; /* Step */
};

static void
step_clear (Step *step)
{
  g_free (step->key);
}

void
aura_email_path_free (AuraEmailPath *path)
{
  if (path == NULL)
    return;
  g_array_unref (path->steps);
  g_free (path->text);
  g_free (path);
}

const char *
aura_email_path_get_text (const AuraEmailPath *path)
{
  g_return_val_if_fail (path != NULL, NULL);
  return path->text;
}

static gboolean
path_error (GError **error, const char *text, const char *why)
{
  g_set_error (error, AURA_EMAIL_CHECK_ERROR, AURA_EMAIL_CHECK_ERROR_INVALID,
               _ ("JSON path “%s”: %s"), text, why);
  return FALSE;
}

/* One bracket step at @p ("[3]" or "[\"key\"]"); returns the position
 * after it, or NULL. */
static const char *
parse_bracket (const char *p, Step *step)
{
  if (p[1] == '"')
    {
      const char *close = strstr (p + 2, "\"]");

      if (close == NULL || close == p + 2)
        return NULL;
      step->key = g_strndup (p + 2, close - p - 2);
      return close + 2;
    }
  else
    {
      char *end = NULL;

      if (!g_ascii_isdigit (p[1]))
        return NULL;
      step->is_index = TRUE;
      step->index = g_ascii_strtoull (p + 1, &end, 10);
      if (*end != ']' || end - (p + 1) > 9)
        return NULL;
      return end + 1;
    }
}

AuraEmailPath *
aura_email_path_parse (const char *text, GError **error)
{
  g_autoptr (AuraEmailPath) path = g_new0 (AuraEmailPath, 1);
  const char *p = text;

  g_return_val_if_fail (text != NULL, NULL);
  path->text = g_strdup (text);
  path->steps = g_array_new (FALSE, TRUE, sizeof (Step));
  g_array_set_clear_func (path->steps, (GDestroyNotify)step_clear);
  if (*p == '$')
    p++;
  if (*p == '.')
    p++;
  if (*p == '\0')
    {
      path_error (error, text, _ ("empty"));
      return NULL;
    }
  while (*p != '\0')
    {
      Step step = { 0 };

      if (path->steps->len >= AURA_EMAIL_CHECK_MAX_DEPTH)
        {
          path_error (error, text, _ ("too many steps"));
          return NULL;
        }
      if (*p == '[')
        {
          p = parse_bracket (p, &step);
          if (p == NULL)
            {
              g_free (step.key);
              path_error (error, text, _ ("a bracket holds neither an index nor a quoted key"));
              return NULL;
            }
        }
      else
        {
          gsize n = strcspn (p, ".[]\"");

          if (n == 0)
            {
              path_error (error, text, _ ("an empty step"));
              return NULL;
            }
          step.key = g_strndup (p, n);
          p += n;
        }
      g_array_append_val (path->steps, step);
      if (*p == '.')
        {
          p++;
          if (*p == '\0' || *p == '.' || *p == '[')
            {
              path_error (error, text, _ ("an empty step"));
              return NULL;
            }
        }
      else if (*p != '\0' && *p != '[')
        {
          path_error (error, text, _ ("unexpected character"));
          return NULL;
        }
    }
  return g_steal_pointer (&path);
}

JsonNode *
aura_email_path_walk (const AuraEmailPath *path, JsonNode *root)
{
  JsonNode *node = root;

  g_return_val_if_fail (path != NULL, NULL);
  for (guint i = 0; i < path->steps->len && node != NULL; i++)
    {
      const Step *step = &g_array_index (path->steps, Step, i);

      if (step->is_index)
        {
          JsonArray *array;

          if (!JSON_NODE_HOLDS_ARRAY (node))
            return NULL;
          array = json_node_get_array (node);
          node = step->index < json_array_get_length (array)
                     ? json_array_get_element (array, (guint)step->index)
                     : NULL;
        }
      else
        {
          if (!JSON_NODE_HOLDS_OBJECT (node))
            return NULL;
          node = json_object_get_member (json_node_get_object (node), step->key);
        }
    }
  return node;
}

char *
aura_email_json_scalar_text (JsonNode *node)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (type == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? "true" : "false");
  if (type == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  {
    char buffer[G_ASCII_DTOSTR_BUF_SIZE];

    return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node)));
  }
}

/* How deeply @text nests arrays and objects, strings skipped; stops
 * counting past @limit. */
static guint
json_depth (const char *text, gsize length, guint limit)
{
  guint depth = 0;
  guint deepest = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          depth++;
          deepest = MAX (deepest, depth);
          if (deepest > limit)
            return deepest;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return deepest;
}

JsonNode *
aura_email_parse_json (const char *text, gsize length)
{
  g_autoptr (JsonParser) parser = NULL;
  JsonNode *root;

  if (text == NULL || length == 0 ||
      json_depth (text, length, AURA_EMAIL_CHECK_JSON_MAX_DEPTH) > AURA_EMAIL_CHECK_JSON_MAX_DEPTH)
    return NULL;
  /* json-glib stops at an inner NUL byte; such a body is not JSON. */
  if (memchr (text, '\0', length) != NULL)
    return NULL;
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, (gssize)length, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  return root != NULL ? json_node_copy (root) : NULL;
}
