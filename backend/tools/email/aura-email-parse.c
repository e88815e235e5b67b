/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-email"
#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <idn2.h>

#include "aura-email-private.h"
#include "aura-entity-type.h"

/* The syntax of one address (README.md, "Parsing"): the RFC 5321 Mailbox
 * (dot-atom or quoted local part, a domain or an address literal) with
 * RFC 6531 UTF-8 local parts and IDNA 2008 domains, after refusing text
 * that cannot be an address or is built to look like another one. The
 * analysis that needs the provider data is in aura-email-address.c. */

typedef struct
{
  AuraEmailParseFlags flags;
  AuraEmailAddress *address;
} Parse;

static gboolean fail (GError **error, AuraEmailError code, const char *format, ...)
    G_GNUC_PRINTF (3, 4);

static gboolean
fail (GError **error, AuraEmailError code, const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, AURA_EMAIL_ERROR, code, message);
  return FALSE;
}

/* ---- Characters -----------------------------------------------------------
 * The invisible characters refused (bidirectional controls that make
 * "moc.evil" read "live.com", zero-width ones that make two addresses look
 * the same) are the store's list: aura_invisible_character_name(). */

static gboolean
check_characters (const char *text, GError **error)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      const char *name = aura_invisible_character_name (c);

      if (name == NULL && g_unichar_type (c) == G_UNICODE_FORMAT)
        name = _ ("invisible formatting character");
      if (name != NULL)
        return fail (error, AURA_EMAIL_ERROR_INVISIBLE,
                     _ ("The text contains the invisible character U+%04X (%s), which can make "
                        "one address look like another; remove it"),
                     c, name);
      if (g_unichar_type (c) == G_UNICODE_CONTROL)
        return fail (error, AURA_EMAIL_ERROR_ENCODING,
                     _ ("The text contains the control character U+%04X, which no email "
                        "address can hold"),
                     c);
    }
  return TRUE;
}

static const char *
script_name (GUnicodeScript script)
{
  switch (script)
    {
      case G_UNICODE_SCRIPT_LATIN:
        return _ ("Latin");
      case G_UNICODE_SCRIPT_CYRILLIC:
        return _ ("Cyrillic");
      case G_UNICODE_SCRIPT_GREEK:
        return _ ("Greek");
      case G_UNICODE_SCRIPT_ARMENIAN:
        return _ ("Armenian");
      case G_UNICODE_SCRIPT_CHEROKEE:
        return _ ("Cherokee");
      case G_UNICODE_SCRIPT_ARABIC:
        return _ ("Arabic");
      case G_UNICODE_SCRIPT_HEBREW:
        return _ ("Hebrew");
      default:
        return NULL;
    }
}

/* The script's name, else its ISO 15924 code written into @code. */
static const char *
script_label (GUnicodeScript script, char code[5])
{
  const char *name = script_name (script);
  guint32 iso = g_unicode_script_to_iso15924 (script);

  if (name != NULL)
    return name;
  for (guint i = 0; i < 4; i++)
    code[i] = (char)((iso >> (24 - 8 * i)) & 0xFF);
  code[4] = '\0';
  return code;
}

/* Whether the scripts in @mask may share a name: one script, or the
 * mixes East Asian writing uses with Latin (Japanese, Chinese, Korean). */
static gboolean
scripts_compatible (guint64 mask)
{
  static const GUnicodeScript han_sets[][4] = {
    { G_UNICODE_SCRIPT_LATIN, G_UNICODE_SCRIPT_HAN, G_UNICODE_SCRIPT_HIRAGANA,
      G_UNICODE_SCRIPT_KATAKANA },
    { G_UNICODE_SCRIPT_LATIN, G_UNICODE_SCRIPT_HAN, G_UNICODE_SCRIPT_BOPOMOFO,
      G_UNICODE_SCRIPT_BOPOMOFO },
    { G_UNICODE_SCRIPT_LATIN, G_UNICODE_SCRIPT_HAN, G_UNICODE_SCRIPT_HANGUL,
      G_UNICODE_SCRIPT_HANGUL },
  };

  if ((mask & (mask - 1)) == 0)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (han_sets); i++)
    {
      guint64 allowed = 0;

      for (guint j = 0; j < G_N_ELEMENTS (han_sets[i]); j++)
        allowed |= G_GUINT64_CONSTANT (1) << han_sets[i][j];
      if ((mask & ~allowed) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Refuses (or flags) a part mixing scripts whose letters look alike, the
 * mark of a look-alike address ("pаypal" with a Cyrillic "а"). */
static gboolean
check_scripts (Parse *parse, const char *text, GError **error)
{
  guint64 mask = 0;
  GUnicodeScript first = G_UNICODE_SCRIPT_INVALID_CODE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeScript script = g_unichar_get_script (c);
      const char *first_name;
      const char *other_name;
      char first_code[5];
      char other_code[5];

      if (script == G_UNICODE_SCRIPT_COMMON || script == G_UNICODE_SCRIPT_INHERITED ||
          script == G_UNICODE_SCRIPT_UNKNOWN || (guint)script >= 64)
        continue;
      if (first == G_UNICODE_SCRIPT_INVALID_CODE)
        first = script;
      mask |= G_GUINT64_CONSTANT (1) << script;
      if (scripts_compatible (mask))
        continue;
      if (parse->flags & AURA_EMAIL_PARSE_ALLOW_MIXED_SCRIPTS)
        {
          parse->address->flags |= AURA_EMAIL_ADDRESS_MIXED_SCRIPTS;
          return TRUE;
        }
      first_name = script_label (first, first_code);
      other_name = script_label (script, other_code);
      return fail (error, AURA_EMAIL_ERROR_MIXED_SCRIPTS,
                   _ ("“%s” mixes %s and %s letters (U+%04X is %s), as look-alike addresses "
                      "do; check that it is typed as intended"),
                   text, first_name, other_name, c, other_name);
    }
  return TRUE;
}

/* ---- Display names and comments ---------------------------------------------- */

/* The end of the quoted string starting at @p (on its opening quote): the
 * closing quote, or NULL when it never closes. */
static const char *
skip_quoted (const char *p)
{
  for (p++; *p != '\0'; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        p++;
      else if (*p == '"')
        return p;
    }
  return NULL;
}

/* Removes (comments) outside quotes and address literals. */
static char *
strip_comments (const char *text, gboolean *found, GError **error)
{
  GString *out = g_string_new (NULL);
  const char *p = text;

  *found = FALSE;
  while (*p != '\0')
    {
      if (*p == '"' && skip_quoted (p) != NULL)
        {
          const char *end = skip_quoted (p);

          g_string_append_len (out, p, end - p + 1);
          p = end + 1;
        }
      else if (*p == '[' && strchr (p, ']') != NULL)
        {
          const char *end = strchr (p, ']');

          g_string_append_len (out, p, end - p + 1);
          p = end + 1;
        }
      else if (*p == '(')
        {
          guint depth = 0;

          *found = TRUE;
          for (; *p != '\0'; p++)
            {
              if (*p == '\\' && p[1] != '\0')
                p++;
              else if (*p == '(')
                depth++;
              else if (*p == ')' && --depth == 0)
                break;
            }
          if (*p == '\0')
            {
              g_string_free (out, TRUE);
              fail (error, AURA_EMAIL_ERROR_DISPLAY_NAME,
                    _ ("A comment opened with “(” is never closed"));
              return NULL;
            }
          p++;
        }
      else if (*p == ')')
        {
          g_string_free (out, TRUE);
          fail (error, AURA_EMAIL_ERROR_DISPLAY_NAME,
                _ ("“)” closes a comment that was never opened"));
          return NULL;
        }
      else
        g_string_append_c (out, *p++);
    }
  return g_strstrip (g_string_free (out, FALSE));
}

static char *
unquote_phrase (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  gsize len = strlen (copy);
  GString *out;

  if (len < 2 || copy[0] != '"' || copy[len - 1] != '"')
    return g_steal_pointer (&copy);
  out = g_string_new (NULL);
  for (gsize i = 1; i + 1 < len; i++)
    {
      if (copy[i] == '\\' && i + 2 < len)
        i++;
      g_string_append_c (out, copy[i]);
    }
  return g_string_free (out, FALSE);
}

/* Takes the address out of "Name <addr>", "<addr>" or "addr (comment)"
 * when %AURA_EMAIL_PARSE_STRIP allows it; refuses them otherwise. */
static char *
strip_wrapper (Parse *parse, const char *text, GError **error)
{
  gboolean strip = (parse->flags & AURA_EMAIL_PARSE_STRIP) != 0;
  gboolean comments = FALSE;
  g_autofree char *bare = strip_comments (text, &comments, error);
  const char *open = NULL;
  const char *close;

  if (bare == NULL)
    return NULL;
  if (comments && !strip)
    {
      fail (error, AURA_EMAIL_ERROR_DISPLAY_NAME,
            _ ("A comment in parentheses is not part of an address; remove it, or let Aura "
               "strip it"));
      return NULL;
    }
  for (const char *p = bare; *p != '\0'; p++)
    {
      if (*p == '"' && skip_quoted (p) != NULL)
        p = skip_quoted (p);
      else if (*p == '<')
        {
          open = p;
          break;
        }
    }
  if (open == NULL)
    {
      if (comments)
        parse->address->flags |= AURA_EMAIL_ADDRESS_STRIPPED;
      return g_steal_pointer (&bare);
    }
  close = strchr (open, '>');
  if (close == NULL || close[1] != '\0' || strchr (open + 1, '<') != NULL)
    {
      fail (error, AURA_EMAIL_ERROR_DISPLAY_NAME,
            _ ("The angle brackets around the address do not match: write “Name "
               "<user@example.com>” or the address alone"));
      return NULL;
    }
  if (!strip)
    {
      fail (error, AURA_EMAIL_ERROR_DISPLAY_NAME,
            open == bare ? _ ("The address is in angle brackets; give it without them")
                         : _ ("The text has a display name; give only the address between “<” "
                              "and “>”"));
      return NULL;
    }
  parse->address->flags |= AURA_EMAIL_ADDRESS_STRIPPED;
  if (open > bare)
    {
      g_autofree char *name = g_strndup (bare, open - bare);

      parse->address->display_name = unquote_phrase (name);
      if (*parse->address->display_name == '\0')
        g_clear_pointer (&parse->address->display_name, g_free);
    }
  return g_strstrip (g_strndup (open + 1, close - open - 1));
}

/* ---- Local part -------------------------------------------------------------- */

/* RFC 5322 atext, plus every non-ASCII character (RFC 6532). */
static gboolean
is_atext (guchar c)
{
  return c >= 0x80 || g_ascii_isalnum (c) || strchr ("!#$%&'*+-/=?^_`{|}~", c) != NULL;
}

static gboolean
is_dot_atom (const char *text)
{
  if (*text == '\0' || *text == '.' || text[strlen (text) - 1] == '.' ||
      strstr (text, "..") != NULL)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (*p != '.' && !is_atext ((guchar)*p))
      return FALSE;
  return TRUE;
}

static gboolean
check_dot_atom (const char *local, GError **error)
{
  if (*local == '\0')
    return fail (error, AURA_EMAIL_ERROR_LOCAL_PART, _ ("There is nothing before the “@”"));
  if (*local == '.')
    return fail (error, AURA_EMAIL_ERROR_LOCAL_PART,
                 _ ("The part before “@” cannot start with a dot"));
  if (local[strlen (local) - 1] == '.')
    return fail (error, AURA_EMAIL_ERROR_LOCAL_PART,
                 _ ("The part before “@” cannot end with a dot"));
  if (strstr (local, "..") != NULL)
    return fail (error, AURA_EMAIL_ERROR_LOCAL_PART,
                 _ ("The part before “@” cannot have two dots in a row"));
  for (const char *p = local; *p != '\0'; p++)
    {
      if (*p == '.' || is_atext ((guchar)*p))
        continue;
      if (*p == ' ')
        return fail (error, AURA_EMAIL_ERROR_LOCAL_PART,
                     _ ("The part before “@” cannot contain spaces unless it is quoted"));
      return fail (error, AURA_EMAIL_ERROR_LOCAL_PART,
                   _ ("“%c” is not allowed in the part before “@” unless it is quoted"), *p);
    }
  return TRUE;
}

/* Reads the quoted string @text..@end (both quotes included) into its
 * content. */
static char *
read_quoted (const char *text, const char *end, GError **error)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text + 1; p < end; p++)
    {
      if (*p == '\\')
        {
          p++;
          if ((guchar)*p < 0x20 || (guchar)*p > 0x7E)
            {
              g_string_free (out, TRUE);
              fail (error, AURA_EMAIL_ERROR_LOCAL_PART,
                    _ ("A “\\” in the quoted part can only escape a visible ASCII character or "
                       "a space"));
              return NULL;
            }
        }
      g_string_append_c (out, *p);
    }
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      fail (error, AURA_EMAIL_ERROR_LOCAL_PART, _ ("The quoted part before “@” is empty"));
      return NULL;
    }
  return g_string_free (out, FALSE);
}

static char *
quote (const char *content)
{
  GString *out = g_string_new ("\"");

  for (const char *p = content; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

/* Splits @text into the local part's content and the domain text, and
 * checks the local part. */
static gboolean
parse_local (Parse *parse, const char *text, const char **out_domain, GError **error)
{
  AuraEmailAddress *address = parse->address;
  g_autofree char *content = NULL;
  g_autofree char *nfc = NULL;
  const char *at;
  gboolean quoted = FALSE;

  if (*text == '"')
    {
      const char *end = skip_quoted (text);

      if (end == NULL)
        return fail (error, AURA_EMAIL_ERROR_LOCAL_PART,
                     _ ("The quoted part before “@” is never closed"));
      if (end[1] != '@')
        return fail (
            error, strchr (end, '@') == NULL ? AURA_EMAIL_ERROR_NO_AT : AURA_EMAIL_ERROR_LOCAL_PART,
            strchr (end, '@') == NULL
                ? _ ("The text has no “@”; an email address is “user@example.com”")
                : _ ("The “@” must come right after the closing quote"));
      if ((content = read_quoted (text, end, error)) == NULL)
        return FALSE;
      at = end + 1;
      quoted = TRUE;
    }
  else
    {
      at = strchr (text, '@');
      if (at == NULL)
        return fail (error, AURA_EMAIL_ERROR_NO_AT,
                     _ ("The text has no “@”; an email address is “user@example.com”"));
      if (strchr (at + 1, '@') != NULL)
        return fail (error, AURA_EMAIL_ERROR_NO_AT,
                     _ ("The text has more than one “@”; only a quoted local part can hold one"));
      content = g_strndup (text, at - text);
      if (!check_dot_atom (content, error))
        return FALSE;
    }
  nfc = g_utf8_normalize (content, -1, G_NORMALIZE_NFC);
  if (!g_str_is_ascii (nfc))
    {
      if (parse->flags & AURA_EMAIL_PARSE_REFUSE_EAI)
        return fail (error, AURA_EMAIL_ERROR_REFUSED,
                     _ ("The part before “@” is not ASCII (an internationalised address); "
                        "those are refused here"));
      address->flags |= AURA_EMAIL_ADDRESS_EAI;
      if (!check_scripts (parse, nfc, error))
        return FALSE;
    }
  if (quoted && !is_dot_atom (nfc))
    {
      if (parse->flags & AURA_EMAIL_PARSE_REFUSE_QUOTED)
        return fail (error, AURA_EMAIL_ERROR_REFUSED,
                     _ ("The part before “@” is quoted; quoted addresses are refused here"));
      address->flags |= AURA_EMAIL_ADDRESS_QUOTED;
      address->local = quote (nfc);
    }
  else
    address->local = g_strdup (nfc);
  address->local_unquoted = g_steal_pointer (&nfc);
  if (strlen (address->local) > AURA_EMAIL_MAX_LOCAL)
    return fail (error, AURA_EMAIL_ERROR_TOO_LONG,
                 _ ("The part before “@” is %u bytes long; at most %u are allowed"),
                 (guint)strlen (address->local), AURA_EMAIL_MAX_LOCAL);
  *out_domain = at + 1;
  return TRUE;
}

/* ---- Domain ------------------------------------------------------------------- */

static gboolean
is_dotted_quad (const char *text)
{
  g_auto (GStrv) parts = g_strsplit (text, ".", -1);

  if (g_strv_length (parts) != 4)
    return FALSE;
  for (guint i = 0; i < 4; i++)
    {
      gsize len = strlen (parts[i]);

      if (len == 0 || len > 3 || (len > 1 && parts[i][0] == '0'))
        return FALSE;
      for (gsize j = 0; j < len; j++)
        if (!g_ascii_isdigit (parts[i][j]))
          return FALSE;
      if (atoi (parts[i]) > 255)
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_literal (Parse *parse, const char *text, GError **error)
{
  AuraEmailAddress *address = parse->address;
  gsize len = strlen (text);
  g_autofree char *inner = NULL;
  g_autoptr (GInetAddress) inet = NULL;
  gboolean v6;

  if (text[len - 1] != ']')
    return fail (error, AURA_EMAIL_ERROR_DOMAIN,
                 _ ("The address literal after “@” must end with “]”"));
  inner = g_strndup (text + 1, len - 2);
  v6 = g_ascii_strncasecmp (inner, "IPv6:", 5) == 0;
  if (!v6 && strchr (inner, ':') != NULL)
    return fail (error, AURA_EMAIL_ERROR_DOMAIN,
                 _ ("“%s” is not an IPv4 or IPv6 address literal; only those are supported"), text);
  if (v6)
    inet = g_inet_address_new_from_string (inner + 5);
  else if (is_dotted_quad (inner))
    inet = g_inet_address_new_from_string (inner);
  if (inet == NULL ||
      g_inet_address_get_family (inet) != (v6 ? G_SOCKET_FAMILY_IPV6 : G_SOCKET_FAMILY_IPV4))
    return fail (error, AURA_EMAIL_ERROR_DOMAIN,
                 v6 ? _ ("“%s” is not a valid IPv6 address literal")
                    : _ ("“%s” is not a valid IPv4 address literal (four numbers 0–255, no "
                         "leading zeros)"),
                 text);
  if (parse->flags & AURA_EMAIL_PARSE_REFUSE_IP_LITERAL)
    return fail (error, AURA_EMAIL_ERROR_REFUSED,
                 _ ("The domain is an IP address literal; those are refused here"));
  address->flags |= AURA_EMAIL_ADDRESS_IP_LITERAL;
  address->ip_literal = g_inet_address_to_string (inet);
  address->domain = g_strdup_printf (v6 ? "[IPv6:%s]" : "[%s]", address->ip_literal);
  address->domain_unicode = g_strdup (address->domain);
  return TRUE;
}

static gboolean
check_ldh (const char *label, GError **error)
{
  gsize len = strlen (label);

  if (len > 63)
    return fail (error, AURA_EMAIL_ERROR_DOMAIN,
                 _ ("The domain part “%s” is %u characters long; at most 63 are allowed"), label,
                 (guint)len);
  if (label[0] == '-' || label[len - 1] == '-')
    return fail (error, AURA_EMAIL_ERROR_DOMAIN,
                 _ ("The domain part “%s” cannot start or end with “-”"), label);
  for (const char *p = label; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-')
      return fail (error, AURA_EMAIL_ERROR_DOMAIN, _ ("“%c” is not allowed in a domain name"), *p);
  return TRUE;
}

/* One label to its lower-case A-label, and its U-label to @unicode. */
static gboolean
convert_label (Parse *parse, const char *label, GString *ascii, GString *unicode, GError **error)
{
  char *converted = NULL;
  g_autofree char *lower = NULL;
  int rc;

  if (g_str_is_ascii (label))
    {
      lower = g_ascii_strdown (label, -1);
      if (!check_ldh (lower, error))
        return FALSE;
      g_string_append (ascii, lower);
      if (!g_str_has_prefix (lower, "xn--"))
        {
          g_string_append (unicode, lower);
          return TRUE;
        }
      rc = idn2_to_unicode_8z8z (lower, &converted, 0);
      if (rc != IDN2_OK)
        return fail (error, AURA_EMAIL_ERROR_DOMAIN,
                     _ ("The domain part “%s” is not valid punycode (%s)"), lower,
                     idn2_strerror (rc));
      parse->address->flags |= AURA_EMAIL_ADDRESS_IDN;
      g_string_append (unicode, converted);
      idn2_free (converted);
      return TRUE;
    }
  if (!check_scripts (parse, label, error))
    return FALSE;
  rc = idn2_to_ascii_8z (label, &converted, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
  if (rc != IDN2_OK)
    rc = idn2_to_ascii_8z (label, &converted, IDN2_NFC_INPUT | IDN2_TRANSITIONAL);
  if (rc != IDN2_OK)
    return fail (error, AURA_EMAIL_ERROR_DOMAIN,
                 _ ("The domain part “%s” is not a valid international name (%s)"), label,
                 idn2_strerror (rc));
  lower = g_ascii_strdown (converted, -1);
  idn2_free (converted);
  converted = NULL;
  if (!check_ldh (lower, error))
    return FALSE;
  g_string_append (ascii, lower);
  parse->address->flags |= AURA_EMAIL_ADDRESS_IDN;
  rc = idn2_to_unicode_8z8z (lower, &converted, 0);
  g_string_append (unicode, rc == IDN2_OK ? converted : label);
  idn2_free (converted);
  return TRUE;
}

/* IDNA reads the ideographic and full-width full stops as dots. */
static char *
unify_dots (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (out, c == 0x3002 || c == 0xFF0E || c == 0xFF61 ? '.' : c);
    }
  return g_string_free (out, FALSE);
}

static gboolean
parse_domain (Parse *parse, const char *text, GError **error)
{
  AuraEmailAddress *address = parse->address;
  g_autofree char *dotted = NULL;
  g_auto (GStrv) labels = NULL;
  g_autoptr (GString) ascii = g_string_new (NULL);
  g_autoptr (GString) unicode = g_string_new (NULL);
  guint n;

  if (*text == '\0')
    return fail (error, AURA_EMAIL_ERROR_DOMAIN, _ ("There is nothing after the “@”"));
  if (*text == '[')
    return parse_literal (parse, text, error);
  dotted = unify_dots (text);
  if (dotted[strlen (dotted) - 1] == '.')
    return fail (error, AURA_EMAIL_ERROR_DOMAIN, _ ("The domain “%s” ends with a dot; remove it"),
                 text);
  if (*dotted == '.' || strstr (dotted, "..") != NULL)
    return fail (error, AURA_EMAIL_ERROR_DOMAIN,
                 _ ("The domain “%s” has an empty part between dots"), text);
  labels = g_strsplit (dotted, ".", -1);
  n = g_strv_length (labels);
  if (n < 2)
    return fail (error, AURA_EMAIL_ERROR_DOMAIN,
                 _ ("The domain “%s” has no dot; an address on the internet needs a domain "
                    "such as “example.com”"),
                 text);
  if (g_str_is_ascii (labels[n - 1]) &&
      strspn (labels[n - 1], "0123456789") == strlen (labels[n - 1]))
    return fail (error, AURA_EMAIL_ERROR_DOMAIN,
                 _ ("“%s” looks like an IP address; an address literal is written in brackets, "
                    "as in “user@[192.0.2.1]”"),
                 text);
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        {
          g_string_append_c (ascii, '.');
          g_string_append_c (unicode, '.');
        }
      if (!convert_label (parse, labels[i], ascii, unicode, error))
        return FALSE;
    }
  if (ascii->len > 253)
    return fail (error, AURA_EMAIL_ERROR_TOO_LONG,
                 _ ("The domain is %u bytes long once encoded; at most 253 are allowed"),
                 (guint)ascii->len);
  address->domain = g_string_free (g_steal_pointer (&ascii), FALSE);
  address->domain_unicode = g_string_free (g_steal_pointer (&unicode), FALSE);
  return TRUE;
}

/* ---- The whole address ---------------------------------------------------------- */

/* Trims white space, Unicode spaces included, from both ends. */
static char *
trim (const char *text)
{
  const char *start = text;
  const char *end = text + strlen (text);

  while (*start != '\0' && g_unichar_isspace (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  while (end > start)
    {
      const char *prev = g_utf8_prev_char (end);

      if (!g_unichar_isspace (g_utf8_get_char (prev)))
        break;
      end = prev;
    }
  return g_strndup (start, end - start);
}

static gboolean
check_text (const char *text, gsize len, GError **error)
{
  const char *bad = NULL;

  if (len > AURA_EMAIL_MAX_INPUT)
    return fail (error, AURA_EMAIL_ERROR_TOO_LONG,
                 _ ("The text is %lu bytes long; an email address has at most %u"),
                 (unsigned long)len, AURA_EMAIL_MAX_ADDRESS);
  if (memchr (text, '\0', len) != NULL)
    return fail (error, AURA_EMAIL_ERROR_ENCODING,
                 _ ("The text contains a NUL byte (at byte %u), which no email address can "
                    "hold"),
                 (guint)((const char *)memchr (text, '\0', len) - text) + 1);
  if (!g_utf8_validate_len (text, len, &bad))
    return fail (error, AURA_EMAIL_ERROR_ENCODING,
                 _ ("The text is not valid UTF-8 (at byte %u); check how it was copied"),
                 (guint)(bad - text) + 1);
  return TRUE;
}

AuraEmailAddress *
aura_email_parse_full (
    AuraEmailData *data, const char *text, gssize len, AuraEmailParseFlags flags, GError **error)
{
  g_autoptr (AuraEmailAddress) address = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *bare = NULL;
  const char *domain_text = NULL;
  Parse parse = { flags, NULL };

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  if (len < 0)
    len = (gssize)strlen (text);
  if (!check_text (text, (gsize)len, error))
    return NULL;
  copy = g_strndup (text, len);
  trimmed = trim (copy);
  if (*trimmed == '\0')
    {
      fail (error, AURA_EMAIL_ERROR_EMPTY, _ ("The email address is empty"));
      return NULL;
    }
  if (!check_characters (trimmed, error))
    return NULL;
  address = g_new0 (AuraEmailAddress, 1);
  parse.address = address;
  if ((bare = strip_wrapper (&parse, trimmed, error)) == NULL)
    return NULL;
  if (*bare == '\0')
    {
      fail (error, AURA_EMAIL_ERROR_EMPTY, _ ("The email address is empty"));
      return NULL;
    }
  if (!parse_local (&parse, bare, &domain_text, error) ||
      !parse_domain (&parse, domain_text, error))
    return NULL;
  address->address = g_strconcat (address->local, "@", address->domain, NULL);
  address->display = g_strconcat (address->local, "@", address->domain_unicode, NULL);
  if (strlen (address->address) > AURA_EMAIL_MAX_ADDRESS)
    {
      fail (error, AURA_EMAIL_ERROR_TOO_LONG,
            _ ("The address is %u bytes long once encoded; at most %u are allowed"),
            (guint)strlen (address->address), AURA_EMAIL_MAX_ADDRESS);
      return NULL;
    }
  aura_email_address_analyze (address, data);
  return g_steal_pointer (&address);
}

AuraEmailAddress *
aura_email_parse (const char *text, AuraEmailParseFlags flags, GError **error)
{
  g_return_val_if_fail (text != NULL, NULL);
  return aura_email_parse_full (aura_email_data_get_default (NULL), text, -1, flags, error);
}
