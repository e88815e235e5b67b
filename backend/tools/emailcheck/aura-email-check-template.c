/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-emailcheck"
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "aura-email-check-private.h"

/* The request templates of a check ("https://site/check?email={email_url}"),
 * parsed once, at load, so that a typo fails the load instead of a check.
 * Their grammar is the checks' own (filters "|url" and "|json", dotted
 * "{prepare.NAME}"); escaping, JSON paths, JSON parsing and URL rewriting
 * are the passive sources' (aura-source-private.h). */

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
          g_autofree char *encoded = aura_source_escape (value, AURA_SOURCE_ESCAPE_URL);

          g_string_append (out, encoded);
        }
      else if (part->filter == FILTER_JSON)
        {
          g_autofree char *escaped = aura_source_escape (value, AURA_SOURCE_ESCAPE_JSON);

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
aura_email_json_scalar_text (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return aura_source_json_to_text (node);
}

JsonNode *
aura_email_parse_json (const char *text, gsize length)
{
  /* json-glib stops at an inner NUL byte; such a body is not JSON. */
  if (text == NULL || length == 0 || memchr (text, '\0', length) != NULL)
    return NULL;
  return aura_source_parse_json (text, length, NULL);
}
