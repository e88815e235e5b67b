/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-tiktok"
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "aura-page-extract-private.h"
#include "aura-tiktok-private.h"

/* Handles, profile URLs, text cleaning and lenient JSON reading shared by
 * the TikTok module. */

G_DEFINE_QUARK (aura - tiktok - error - quark, aura_tiktok_error)

/* ---- Text ----------------------------------------------------------------- */

/* Zero-width and bidirectional formatting characters: invisible, and used
 * to make look-alike names or to flip how text reads. */
static gboolean
is_invisible (gunichar c, gboolean name)
{
  if (c == 0x200C || c == 0x200D)
    return name;
  return c == 0x200B || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2060 && c <= 0x2064) || (c >= 0x2066 && c <= 0x2069) || c == 0x061C ||
         c == 0xFEFF || c == 0x180E || c == 0x00AD;
}

char *
aura_tiktok_clean_text (
    const char *raw, gssize len, gboolean keep_newlines, gboolean name, guint max_chars)
{
  g_autofree char *valid = NULL;
  g_autofree char *nfc = NULL;
  g_autoptr (GString) out = NULL;
  gboolean space = FALSE;
  guint newlines = 0;
  guint chars = 0;

  if (raw == NULL)
    return NULL;
  valid = g_utf8_make_valid (raw, len);
  nfc = g_utf8_normalize (valid, -1, G_NORMALIZE_DEFAULT_COMPOSE);
  if (nfc == NULL)
    return NULL;
  out = g_string_sized_new (strlen (nfc));
  for (const char *p = nfc; *p != '\0' && chars < max_chars; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (keep_newlines && (c == '\n' || c == 0x2028 || c == 0x2029))
        {
          space = FALSE;
          newlines++;
          continue;
        }
      if (g_unichar_isspace (c) || c == '\r' || c == '\n')
        {
          space = TRUE;
          continue;
        }
      if (is_invisible (c, name) || g_unichar_type (c) == G_UNICODE_CONTROL)
        continue;
      if (out->len > 0 && newlines > 0)
        {
          g_string_append_len (out, "\n\n", MIN (newlines, 2));
          chars += MIN (newlines, 2);
        }
      else if (out->len > 0 && space)
        {
          g_string_append_c (out, ' ');
          chars++;
        }
      space = FALSE;
      newlines = 0;
      g_string_append_unichar (out, c);
      chars++;
    }
  if (out->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---- Handles -------------------------------------------------------------- */

gboolean
aura_tiktok_is_handle_char (gunichar c)
{
  return c < 0x80 && (g_ascii_isalnum ((char)c) || c == '_' || c == '.');
}

static gboolean set_handle_error (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
set_handle_error (GError **error, const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, AURA_TIKTOK_ERROR, AURA_TIKTOK_ERROR_INVALID_HANDLE, message);
  return FALSE;
}

/* The handle part of a profile URL, or NULL with an error. */
static char *
handle_from_url (const char *input, GError **error)
{
  g_autoptr (GUri) uri = g_uri_parse (input, G_URI_FLAGS_NONE, NULL);
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;
  const char *path = uri != NULL ? g_uri_get_path (uri) : NULL;
  g_autofree char *lower = NULL;

  if (host == NULL || path == NULL)
    {
      set_handle_error (error, _ ("“%s” is not a web address TikTok handles can be read from"),
                        input);
      return NULL;
    }
  lower = g_ascii_strdown (host, -1);
  if (strcmp (lower, "tiktok.com") != 0 && !g_str_has_suffix (lower, ".tiktok.com"))
    {
      set_handle_error (error,
                        _ ("“%s” is not a TikTok address; give the handle or a link "
                           "like https://www.tiktok.com/@name"),
                        input);
      return NULL;
    }
  if (g_str_has_prefix (path, "/@"))
    return g_strndup (path + 2, strcspn (path + 2, "/"));
  set_handle_error (error,
                    _ ("The TikTok address “%s” is not a profile: a profile link looks "
                       "like https://www.tiktok.com/@name"),
                    input);
  return NULL;
}

static gboolean
check_handle_chars (const char *name, GError **error)
{
  if (!g_utf8_validate (name, -1, NULL))
    return set_handle_error (error, _ ("The handle is not valid UTF-8 text"));
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (aura_tiktok_is_handle_char (c))
        continue;
      if (type == G_UNICODE_FORMAT || type == G_UNICODE_CONTROL || g_unichar_isspace (c))
        return set_handle_error (error,
                                 _ ("The handle holds an invisible or spacing character "
                                    "(U+%04X); TikTok handles use only letters a–z, digits, "
                                    "“_” and “.”"),
                                 c);
      return set_handle_error (error,
                               _ ("“%.*s” (U+%04X) cannot be part of a TikTok handle: only "
                                  "letters a–z, digits, “_” and “.” can"),
                               (int)(g_utf8_next_char (p) - p), p, c);
    }
  return TRUE;
}

/**
 * aura_tiktok_normalize_handle:
 * @input: “@name”, “name” or a profile URL
 * @error: return location for an %AURA_TIKTOK_ERROR_INVALID_HANDLE
 *
 * Returns: (transfer full) (nullable): the handle in lower case, without “@”
 */
char *
aura_tiktok_normalize_handle (const char *input, GError **error)
{
  g_autofree char *copy = NULL;
  g_autofree char *from_url = NULL;
  const char *name;
  glong n_chars;

  g_return_val_if_fail (input != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  copy = g_strstrip (g_strdup (input));
  if (g_ascii_strncasecmp (copy, "http://", 7) == 0 ||
      g_ascii_strncasecmp (copy, "https://", 8) == 0)
    {
      from_url = handle_from_url (copy, error);
      if (from_url == NULL)
        return NULL;
      name = from_url;
    }
  else
    name = copy[0] == '@' ? copy + 1 : copy;
  if (!check_handle_chars (name, error))
    return NULL;
  n_chars = (glong)strlen (name);
  if (n_chars < AURA_TIKTOK_HANDLE_MIN || n_chars > AURA_TIKTOK_HANDLE_MAX)
    {
      set_handle_error (error, _ ("A TikTok handle has %d to %d characters; “%s” has %ld"),
                        AURA_TIKTOK_HANDLE_MIN, AURA_TIKTOK_HANDLE_MAX, name, n_chars);
      return NULL;
    }
  if (name[n_chars - 1] == '.')
    {
      set_handle_error (error, _ ("A TikTok handle cannot end with a dot (“%s”)"), name);
      return NULL;
    }
  return g_ascii_strdown (name, -1);
}

/**
 * aura_tiktok_profile_url:
 * @handle: a normalised handle
 * @base: (nullable): the site's base URL
 *
 * Returns: (transfer full): the profile page's URL
 */
char *
aura_tiktok_profile_url (const char *handle, const char *base)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (handle != NULL, NULL);

  trimmed = g_strdup (base != NULL ? base : AURA_TIKTOK_DEFAULT_BASE);
  while (*trimmed != '\0' && trimmed[strlen (trimmed) - 1] == '/')
    trimmed[strlen (trimmed) - 1] = '\0';
  return g_strdup_printf ("%s/@%s", trimmed, handle);
}

gboolean
aura_tiktok_domain_has_suffix (const char *domain)
{
  return aura_page_has_public_suffix (domain);
}

/* ---- JSON ----------------------------------------------------------------- */

gboolean
aura_tiktok_json_within_bounds (
    const char *text, gsize len, guint max_depth, guint max_values, const char **reason)
{
  guint depth = 0;
  guint values = 0;
  gboolean started = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      switch (c)
        {
          case '"':
            for (i++; i < len && text[i] != '"'; i++)
              if (text[i] == '\\')
                i++;
            if (i >= len)
              {
                *reason = "unterminated string";
                return FALSE;
              }
            values++;
            break;
          case '{':
          case '[':
            started = TRUE;
            values++;
            if (++depth > max_depth)
              {
                *reason = "nested too deep";
                return FALSE;
              }
            break;
          case '}':
          case ']':
            if (depth == 0)
              {
                *reason = "unbalanced brackets";
                return FALSE;
              }
            depth--;
            break;
          case ',':
            values++;
            break;
          default:
            break;
        }
      if (values > max_values)
        {
          *reason = "too many values";
          return FALSE;
        }
    }
  if (!started || depth != 0)
    {
      *reason = started ? "unbalanced brackets" : "no object or array";
      return FALSE;
    }
  return TRUE;
}

JsonObject *
aura_tiktok_json_object (JsonObject *object, const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

const char *
aura_tiktok_json_string (JsonObject *object, const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gboolean
aura_tiktok_json_int (JsonObject *object, const char *member, gint64 *out)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *out = json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      if (!(d >= -9.0e18 && d <= 9.0e18))
        return FALSE;
      *out = (gint64)d;
    }
  else if (type == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (node);
      char *end = NULL;
      gint64 v;

      if (s == NULL || *s == '\0')
        return FALSE;
      v = g_ascii_strtoll (s, &end, 10);
      if (end == s || *end != '\0')
        return FALSE;
      *out = v;
    }
  else
    return FALSE;
  return TRUE;
}

gboolean
aura_tiktok_json_bool (JsonObject *object, const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;
  gint64 v = 0;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  return aura_tiktok_json_int (object, member, &v) && v != 0;
}
