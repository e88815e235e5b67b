/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-sources"
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "aura-source-private.h"

/* Templates of requests ("https://api.example/{domain}?page={page}"), URL
 * helpers, and the redaction of API keys from anything shown or recorded.
 * A template is split into literal parts and placeholders once, at load;
 * each value is escaped for where it lands when the template is filled. */

typedef struct
{
  gboolean placeholder;
  char *text; /* the literal text, or the placeholder's name */
} Part;

struct _AuraSourceTemplate
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
aura_source_template_free (AuraSourceTemplate *tmpl)
{
  if (tmpl == NULL)
    return;
  g_array_unref (tmpl->parts);
  g_free (tmpl->text);
  g_free (tmpl);
}

const char *
aura_source_template_get_text (const AuraSourceTemplate *tmpl)
{
  g_return_val_if_fail (tmpl != NULL, NULL);
  return tmpl->text;
}

static void
add_part (AuraSourceTemplate *tmpl, gboolean placeholder, const char *start, gsize len)
{
  Part part = { placeholder, g_strndup (start, len) };

  if (len == 0)
    {
      g_free (part.text);
      return;
    }
  g_array_append_val (tmpl->parts, part);
}

/* The length of a "{word}" placeholder shape at @p (word: a-z, 0-9, _,
 * starting with a letter), or 0. */
static gsize
placeholder_length (const char *p)
{
  gsize n = 1;

  if (p[0] != '{' || !g_ascii_islower (p[1]))
    return 0;
  while (g_ascii_islower (p[n]) || g_ascii_isdigit (p[n]) || p[n] == '_')
    n++;
  return p[n] == '}' ? n + 1 : 0;
}

AuraSourceTemplate *
aura_source_template_parse (const char *text, const char *const *allowed, GError **error)
{
  g_autoptr (AuraSourceTemplate) tmpl = g_new0 (AuraSourceTemplate, 1);
  const char *literal = text;
  const char *p = text;

  g_return_val_if_fail (text != NULL, NULL);
  tmpl->text = g_strdup (text);
  tmpl->parts = g_array_new (FALSE, FALSE, sizeof (Part));
  g_array_set_clear_func (tmpl->parts, (GDestroyNotify)part_clear);
  while (*p != '\0')
    {
      gsize len = placeholder_length (p);
      g_autofree char *name = NULL;

      if (len == 0)
        {
          p++;
          continue;
        }
      name = g_strndup (p + 1, len - 2);
      if (allowed == NULL || !g_strv_contains (allowed, name))
        {
          g_autofree char *known = allowed != NULL ? g_strjoinv ("}, {", (char **)allowed) : NULL;

          g_set_error (error, AURA_SOURCE_ERROR, AURA_SOURCE_ERROR_INVALID,
                       _ ("unknown placeholder “{%s}” (this field knows {%s})"), name,
                       known != NULL && *known != '\0' ? known : "");
          return NULL;
        }
      add_part (tmpl, FALSE, literal, p - literal);
      add_part (tmpl, TRUE, name, strlen (name));
      p += len;
      literal = p;
    }
  add_part (tmpl, FALSE, literal, p - literal);
  return g_steal_pointer (&tmpl);
}

gboolean
aura_source_template_uses (const AuraSourceTemplate *tmpl, const char *name)
{
  if (tmpl == NULL)
    return FALSE;
  for (guint i = 0; i < tmpl->parts->len; i++)
    {
      const Part *part = &g_array_index (tmpl->parts, Part, i);

      if (part->placeholder && g_str_equal (part->text, name))
        return TRUE;
    }
  return FALSE;
}

const char *
aura_source_template_get_leading (const AuraSourceTemplate *tmpl)
{
  const Part *part;

  g_return_val_if_fail (tmpl != NULL, NULL);
  if (tmpl->parts->len == 0)
    return NULL;
  part = &g_array_index (tmpl->parts, Part, 0);
  return part->placeholder ? part->text : NULL;
}

char *
aura_source_percent_encode (const char *text)
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

static char *
json_escape (const char *text)
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
aura_source_escape (const char *value, AuraSourceEscape escape)
{
  g_return_val_if_fail (value != NULL, NULL);

  switch (escape)
    {
      case AURA_SOURCE_ESCAPE_URL:
      case AURA_SOURCE_ESCAPE_FORM:
        return aura_source_percent_encode (value);
      case AURA_SOURCE_ESCAPE_JSON:
        return json_escape (value);
      case AURA_SOURCE_ESCAPE_REGEX:
        return g_regex_escape_string (value, -1);
      case AURA_SOURCE_ESCAPE_HEADER:
      case AURA_SOURCE_ESCAPE_TEXT:
      default:
        return g_strdup (value);
    }
}

static char *
escape_value (const char *name, const char *value, AuraSourceEscape escape, GError **error)
{
  if (escape == AURA_SOURCE_ESCAPE_HEADER && strpbrk (value, "\r\n") != NULL)
    {
      g_set_error (error, AURA_SOURCE_ERROR, AURA_SOURCE_ERROR_INVALID,
                   _ ("the value of {%s} holds a line break and cannot go in a header"), name);
      return NULL;
    }
  return aura_source_escape (value, escape);
}

char *
aura_source_template_expand (const AuraSourceTemplate *tmpl,
                             GHashTable *vars,
                             AuraSourceEscape escape,
                             gboolean raw_leading,
                             GError **error)
{
  g_autoptr (GString) out = g_string_new (NULL);

  g_return_val_if_fail (tmpl != NULL, NULL);
  for (guint i = 0; i < tmpl->parts->len; i++)
    {
      const Part *part = &g_array_index (tmpl->parts, Part, i);
      const char *value;
      g_autofree char *escaped = NULL;

      if (!part->placeholder)
        {
          g_string_append (out, part->text);
          continue;
        }
      value = vars != NULL ? g_hash_table_lookup (vars, part->text) : NULL;
      if (value == NULL)
        {
          g_set_error (error, AURA_SOURCE_ERROR, AURA_SOURCE_ERROR_INVALID,
                       _ ("no value for the placeholder {%s}"), part->text);
          return NULL;
        }
      if (i == 0 && raw_leading)
        escaped = escape == AURA_SOURCE_ESCAPE_HEADER
                      ? escape_value (part->text, value, escape, error)
                      : g_strdup (value);
      else
        escaped = escape_value (part->text, value, escape, error);
      if (escaped == NULL)
        return NULL;
      g_string_append (out, escaped);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---- Redaction ---------------------------------------------------------- */

static void
replace_all (GString *text, const char *needle)
{
  gsize len = strlen (needle);
  gsize from = 0;
  const char *hit;

  if (len == 0)
    return;
  while ((hit = strstr (text->str + from, needle)) != NULL)
    {
      gsize at = hit - text->str;

      g_string_erase (text, at, len);
      g_string_insert (text, at, "REDACTED");
      from = at + strlen ("REDACTED");
    }
}

char *
aura_source_redact (const char *text, const char *const *secrets)
{
  GString *out;

  if (text == NULL)
    return NULL;
  out = g_string_new (text);
  for (guint i = 0; secrets != NULL && secrets[i] != NULL; i++)
    {
      g_autofree char *encoded = NULL;
      g_autofree char *base64 = NULL;

      if (*secrets[i] == '\0')
        continue;
      encoded = aura_source_percent_encode (secrets[i]);
      base64 = g_base64_encode ((const guchar *)secrets[i], strlen (secrets[i]));
      /* Longest first, so that a form containing another is not left
       * half redacted. */
      replace_all (out, base64);
      replace_all (out, encoded);
      replace_all (out, secrets[i]);
    }
  return g_string_free (out, FALSE);
}

/* ---- URLs --------------------------------------------------------------- */

char *
aura_source_rewrite_url (const char *url, const char *base)
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

char *
aura_source_add_query_param (const char *url, const char *name, const char *value)
{
  g_autofree char *encoded_name = aura_source_percent_encode (name);
  g_autofree char *encoded_value = aura_source_percent_encode (value);
  gsize len = strlen (url);
  const char *glue;

  if (strchr (url, '?') == NULL)
    glue = "?";
  else if (len > 0 && (url[len - 1] == '?' || url[len - 1] == '&'))
    glue = "";
  else
    glue = "&";
  return g_strconcat (url, glue, encoded_name, "=", encoded_value, NULL);
}
