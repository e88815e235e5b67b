/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-store"
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "aura-entity-type-private.h"

/* Entity types whose rules need no network knowledge: free text, user
 * names, hashtags, accounts, phone numbers, locations, fingerprints, AS
 * numbers and media. */

/* ------------------------------------------------------------------------ */
/* Free text, usernames, hashtags, accounts                                  */

char *
aura_entity_collapse_spaces (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));
  gboolean pending_space = FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          pending_space = TRUE;
          continue;
        }
      if (pending_space && out->len > 0)
        g_string_append_c (out, ' ');
      pending_space = FALSE;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

char *
aura_entity_normalize_free_text (const char *value, char **display)
{
  *display = aura_entity_collapse_spaces (value);
  return aura_entity_fold_key (*display);
}

char *
aura_entity_normalize_username (const char *value, char **display, GError **error)
{
  g_autofree char *quoted = aura_entity_shorten (value);
  const char *name = value[0] == '@' ? value + 1 : value;

  if (*name == '\0')
    {
      aura_entity_set_invalid (error, _ ("A username needs at least one character after “@”"));
      return NULL;
    }
  /* “@@alice” is a slip; keeping one “@” would give a name whose display
   * normalises to another key. */
  if (*name == '@')
    {
      aura_entity_set_invalid (error, _ ("A username can start with one “@” at most"));
      return NULL;
    }
  if (aura_entity_has_space (name))
    {
      aura_entity_set_invalid (
          error, _ ("“%s” is not a username: user names cannot contain spaces"), quoted);
      return NULL;
    }
  /* Most sites treat user names case-insensitively, so “Alice” and “alice”
   * are one identity; the display keeps the case as typed. */
  *display = g_strdup (name);
  return aura_entity_fold_key (name);
}

char *
aura_entity_normalize_hashtag (const char *value, char **display, GError **error)
{
  const char *tag = value[0] == '#' ? value + 1 : value;

  if (*tag == '\0')
    {
      aura_entity_set_invalid (error, _ ("A hashtag needs at least one character after “#”"));
      return NULL;
    }
  if (aura_entity_has_space (tag))
    {
      aura_entity_set_invalid (error,
                               _ ("A hashtag cannot contain spaces; add each hashtag separately"));
      return NULL;
    }
  if (strchr (tag, '#') != NULL)
    {
      aura_entity_set_invalid (
          error, _ ("A hashtag cannot contain another “#”; add each hashtag separately"));
      return NULL;
    }
  *display = g_strconcat ("#", tag, NULL);
  return aura_entity_fold_key (tag);
}

/* Tracking, analytics and account IDs (“G-ABC123XYZ”, “ca-pub-123…”,
 * “GTM-XXXX”): one token, compared without case, as the services that
 * issue them do; the display keeps what was found. */
char *
aura_entity_normalize_identifier (const char *value, char **display, GError **error)
{
  g_autofree char *quoted = aura_entity_shorten (value);

  if (aura_entity_has_space (value))
    {
      aura_entity_set_invalid (
          error, _ ("“%s” is not an identifier: an identifier is one word, without spaces"),
          quoted);
      return NULL;
    }
  *display = g_strdup (value);
  return aura_entity_fold_key (value);
}

static gboolean
looks_like_url (const char *value)
{
  return strstr (value, "://") != NULL || g_ascii_strncasecmp (value, "www.", 4) == 0;
}

char *
aura_entity_normalize_account (const char *value, char **display, GError **error)
{
  g_autofree char *service = NULL;
  g_autofree char *handle = NULL;
  g_autofree char *folded = NULL;
  const char *colon = strchr (value, ':');
  const char *name;

  if (looks_like_url (value))
    {
      aura_entity_set_invalid (error,
                               _ ("This is a web address; add profile links as a URL, and accounts "
                                  "as “service:handle”, like “github:alice”"));
      return NULL;
    }
  if (colon == NULL)
    {
      aura_entity_set_invalid (error,
                               _ ("An account is written “service:handle”, like “github:alice”"));
      return NULL;
    }
  service = g_ascii_strdown (value, colon - value);
  g_strstrip (service);
  if (*service == '\0')
    {
      aura_entity_set_invalid (error,
                               _ ("An account needs a service before “:”, like “github:alice”"));
      return NULL;
    }
  for (const char *p = service; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '-')
      {
        aura_entity_set_invalid (
            error, _ ("The service of an account may only contain letters a–z, digits, "
                      "dots and hyphens, like “github” or “mastodon.social”"));
        return NULL;
      }
  handle = aura_entity_trim (colon + 1);
  /* “mastodon:@alice” and “mastodon:alice” name the same account. */
  name = handle[0] == '@' ? handle + 1 : handle;
  if (*name == '\0')
    {
      aura_entity_set_invalid (error,
                               _ ("An account needs a handle after “:”, like “github:alice”"));
      return NULL;
    }
  if (aura_entity_has_space (name))
    {
      aura_entity_set_invalid (error, _ ("The handle of an account cannot contain spaces"));
      return NULL;
    }
  folded = aura_entity_fold_key (name);
  *display = g_strconcat (service, ":", name, NULL);
  return g_strconcat (service, ":", folded, NULL);
}

/* ------------------------------------------------------------------------ */
/* Phone numbers                                                             */

/* Finds a trailing extension (“ext. 123”, “x123”) and returns where the
 * number itself ends; @out_extension receives the extension's digits. */
static gsize
split_extension (const char *value, char **out_extension)
{
  g_autofree char *lower = g_ascii_strdown (value, -1);
  gsize len = strlen (lower);
  gsize digits_start = len;
  gsize marker;

  while (digits_start > 0 && g_ascii_isdigit (lower[digits_start - 1]))
    digits_start--;
  if (digits_start == len || len - digits_start > 10)
    return len;
  marker = digits_start;
  while (marker > 0 &&
         (lower[marker - 1] == ' ' || lower[marker - 1] == '.' || lower[marker - 1] == ':'))
    marker--;
  if (marker >= 3 && strncmp (lower + marker - 3, "ext", 3) == 0)
    marker -= 3;
  else if (marker >= 1 && lower[marker - 1] == 'x')
    marker -= 1;
  else
    return len;
  *out_extension = g_strdup (value + digits_start);
  while (marker > 0 && value[marker - 1] == ' ')
    marker--;
  return marker;
}

/* Letters stand for keypad digits in vanity numbers, written in capitals
 * (“1-800-FLOWERS”): then the message gives the digits to type. */
static gboolean
set_phone_letters (const char *number, gsize len, GError **error)
{
  static const char keypad[] = "22233344455566677778889999";
  g_autoptr (GString) digits = g_string_new (NULL);
  guint capitals = 0;

  for (gsize i = 0; i < len; i++)
    {
      if (g_ascii_islower (number[i]) || (guchar)number[i] >= 0x80)
        return aura_entity_set_invalid (error,
                                        _ ("A phone number can only contain digits, spaces, dots, "
                                           "dashes, parentheses and a leading “+”"));
      capitals += g_ascii_isupper (number[i]) ? 1 : 0;
      g_string_append_c (digits, g_ascii_isupper (number[i]) ? keypad[number[i] - 'A'] : number[i]);
    }
  if (capitals < 2)
    return aura_entity_set_invalid (error,
                                    _ ("A phone number can only contain digits, spaces, dots, "
                                       "dashes, parentheses and a leading “+”"));
  return aura_entity_set_invalid (
      error,
      _ ("A phone number must be written with digits; if the letters stand for "
         "keypad keys, the number is “%s”"),
      digits->str);
}

/* Collects the digits of @number (of any script: “٠١٢” are digits too)
 * and whether it starts with an international prefix, “+” or “00”. */
static gboolean
collect_phone_digits (
    const char *number, gsize len, GString *digits, gboolean *international, GError **error)
{
  gboolean plus = FALSE;

  for (const char *p = number; p < number + len; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isdigit (c))
        g_string_append_c (digits, (char)('0' + g_unichar_digit_value (c)));
      else if (c == '+' && digits->len == 0 && !plus)
        plus = TRUE;
      else if (g_unichar_isalpha (c))
        return set_phone_letters (number, len, error);
      else if (!g_unichar_isspace (c) && (c >= 0x80 || strchr (".-()/", (int)c) == NULL))
        return aura_entity_set_invalid (
            error,
            _ ("“%.*s” is not allowed in a phone number; use digits, spaces, "
               "dots, dashes, parentheses and a leading “+”"),
            (int)(g_utf8_next_char (p) - p), p);
    }
  *international = plus;
  if (!plus && g_str_has_prefix (digits->str, "00"))
    {
      g_string_erase (digits, 0, 2);
      *international = TRUE;
    }
  return TRUE;
}

/* “+44 (0)20 …”: the bracketed 0 is the trunk prefix dialled inside the
 * country, never after a country code, so it is left out of the digits. */
static char *
without_trunk_zero (const char *number)
{
  char *copy = g_strdup (number);
  char *trunk = strstr (copy, "(0)");

  if (trunk != NULL && (copy[0] == '+' || g_str_has_prefix (copy, "00")))
    memmove (trunk, trunk + 3, strlen (trunk + 3) + 1);
  return copy;
}

/* With a country code the key is E.164 (“+” and 8 to 15 digits); without
 * one it is the national digits, since the country cannot be guessed. A
 * later change brings libphonenumber, which knows each country's plan and
 * can validate lengths and find the country from context. */
char *
aura_entity_normalize_phone (const char *value, char **display, GError **error)
{
  g_autoptr (GString) digits = g_string_new (NULL);
  g_autofree char *extension = NULL;
  g_autofree char *number = NULL;
  g_autofree char *scanned = NULL;
  gboolean international = FALSE;
  gsize len = split_extension (value, &extension);

  number = g_strndup (value, len);
  scanned = without_trunk_zero (number);
  if (!collect_phone_digits (scanned, strlen (scanned), digits, &international, error))
    return NULL;
  if (international && (digits->len < 8 || digits->len > 15))
    aura_entity_set_invalid (
        error,
        _ ("An international phone number has 8 to 15 digits including the country "
           "code; this one has %u"),
        (guint)digits->len);
  else if (international && digits->str[0] == '0')
    aura_entity_set_invalid (error,
                             _ ("A country code never starts with 0; check the digits after “+”"));
  else if (!international && (digits->len < 3 || digits->len > 15))
    aura_entity_set_invalid (error, _ ("A phone number has 3 to 15 digits; this one has %u"),
                             (guint)digits->len);
  else
    {
      *display = aura_entity_collapse_spaces (number);
      if (extension != NULL)
        {
          g_autofree char *base = g_steal_pointer (display);
          *display = g_strdup_printf (_ ("%s ext. %s"), base, extension);
        }
      return international ? g_strconcat ("+", digits->str, NULL) : g_strdup (digits->str);
    }
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* Locations                                                                 */

typedef enum
{
  COORDS_OK,
  COORDS_NOT_COORDINATES, /* letters or other text: a place name */
  COORDS_SYNTAX,          /* only digits and punctuation, but not “LAT,LON” */
  COORDS_LATITUDE_RANGE,
  COORDS_LONGITUDE_RANGE,
} CoordsResult;

/* One decimal number: optional sign, digits, optional dot and digits. No
 * exponent, “inf” or “nan”, which strtod would accept. */
static gboolean
parse_degrees (const char *text, double *out)
{
  const char *p = text;
  gsize before, after = 0;

  if (*p == '+' || *p == '-')
    p++;
  before = strspn (p, "0123456789");
  p += before;
  if (*p == '.')
    {
      after = strspn (p + 1, "0123456789");
      p += 1 + after;
    }
  if (before + after == 0 || *p != '\0' || before > 3)
    return FALSE;
  *out = g_ascii_strtod (text, NULL);
  return TRUE;
}

static CoordsResult
parse_coordinates (const char *value, double *out_lat, double *out_lon)
{
  g_auto (GStrv) parts = NULL;
  double lat, lon;

  if (value[strspn (value, "0123456789+-., \t")] != '\0' || strpbrk (value, "0123456789") == NULL)
    return COORDS_NOT_COORDINATES;
  parts = g_strsplit (value, ",", -1);
  if (g_strv_length (parts) != 2 || !parse_degrees (g_strstrip (parts[0]), &lat) ||
      !parse_degrees (g_strstrip (parts[1]), &lon))
    return COORDS_SYNTAX;
  if (lat < -90.0 || lat > 90.0)
    return COORDS_LATITUDE_RANGE;
  if (lon < -180.0 || lon > 180.0)
    return COORDS_LONGITUDE_RANGE;
  *out_lat = lat;
  *out_lon = lon;
  return COORDS_OK;
}

gboolean
aura_entity_parse_location (const char *value, double *out_lat, double *out_lon)
{
  double lat = 0.0, lon = 0.0;

  g_return_val_if_fail (value != NULL, FALSE);

  if (parse_coordinates (value, &lat, &lon) != COORDS_OK)
    return FALSE;
  if (out_lat != NULL)
    *out_lat = lat;
  if (out_lon != NULL)
    *out_lon = lon;
  return TRUE;
}

/* Six decimals (about 11 cm) in the C locale; “-0.000000” becomes
 * “0.000000” so both sides of the meridian round to one key. */
static void
format_degrees (char *buffer, gsize size, double degrees)
{
  g_ascii_formatd (buffer, (int)size, "%.6f", degrees);
  if (strcmp (buffer, "-0.000000") == 0)
    g_strlcpy (buffer, "0.000000", size);
}

char *
aura_entity_normalize_location (const char *value, char **display, GError **error)
{
  char lat_text[G_ASCII_DTOSTR_BUF_SIZE];
  char lon_text[G_ASCII_DTOSTR_BUF_SIZE];
  double lat = 0.0, lon = 0.0;

  switch (parse_coordinates (value, &lat, &lon))
    {
      case COORDS_NOT_COORDINATES:
        return aura_entity_normalize_free_text (value, display);
      case COORDS_SYNTAX:
        aura_entity_set_invalid (
            error, _ ("Write coordinates as latitude and longitude in decimal degrees, "
                      "separated by a comma and with a dot for decimals, like "
                      "“48.8584, 2.2945”"));
        return NULL;
      case COORDS_LATITUDE_RANGE:
        aura_entity_set_invalid (error, _ ("The latitude must be between −90 and 90 degrees"));
        return NULL;
      case COORDS_LONGITUDE_RANGE:
        aura_entity_set_invalid (error, _ ("The longitude must be between −180 and 180 degrees"));
        return NULL;
      case COORDS_OK:
      default:
        break;
    }
  format_degrees (lat_text, sizeof lat_text, lat);
  format_degrees (lon_text, sizeof lon_text, lon);
  *display = g_strconcat (lat_text, ", ", lon_text, NULL);
  return g_strconcat (lat_text, ",", lon_text, NULL);
}

/* ------------------------------------------------------------------------ */
/* Fingerprints, AS numbers, media                                           */

static gboolean
is_hex_string (const char *text, gsize len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isxdigit (text[i]))
      return FALSE;
  return TRUE;
}

/* Strips one algorithm prefix (“sha256:”, “SHA-1 ”…), returning the digest
 * length it implies, or 0 when there is none. */
static gsize
strip_digest_prefix (const char **text)
{
  static const struct
  {
    const char *prefix;
    gsize hex_len;
  } prefixes[] = { { "sha256", 64 }, { "sha-256", 64 }, { "sha1", 40 }, { "sha-1", 40 } };

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      gsize len = strlen (prefixes[i].prefix);

      if (g_ascii_strncasecmp (*text, prefixes[i].prefix, len) == 0 &&
          strchr (":= ", (*text)[len]) != NULL && (*text)[len] != '\0')
        {
          *text += len + 1;
          return prefixes[i].hex_len;
        }
    }
  return 0;
}

char *
aura_entity_normalize_certificate (const char *value, char **display, GError **error)
{
  g_autoptr (GString) hex = g_string_new (NULL);
  g_autoptr (GString) shown = g_string_new (NULL);
  const char *text = value;
  gsize expected = strip_digest_prefix (&text);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == ':' || *p == ' ')
        continue;
      if (!g_ascii_isxdigit (*p))
        {
          aura_entity_set_invalid (error, _ ("A fingerprint is written in hexadecimal (0–9, a–f), "
                                             "optionally with “:” or spaces between the pairs"));
          return NULL;
        }
      g_string_append_c (hex, g_ascii_tolower (*p));
    }
  if ((expected != 0 && hex->len != expected) || (hex->len != 64 && hex->len != 40))
    {
      aura_entity_set_invalid (
          error,
          _ ("A certificate fingerprint has 64 hexadecimal digits (SHA-256) or 40 "
             "(SHA-1); this one has %u"),
          (guint)hex->len);
      return NULL;
    }
  /* The display uses the “AB:CD:…” form browsers and OpenSSL print. */
  for (gsize i = 0; i < hex->len; i += 2)
    g_string_append_printf (shown, "%s%c%c", i > 0 ? ":" : "", g_ascii_toupper (hex->str[i]),
                            g_ascii_toupper (hex->str[i + 1]));
  *display = g_string_free (g_steal_pointer (&shown), FALSE);
  return g_string_free (g_steal_pointer (&hex), FALSE);
}

/* “13335”, or the asdot form “1.10” (= 65546) of RFC 5396. */
static gboolean
parse_as_number (const char *text, guint64 *out)
{
  g_autofree char *high_text = NULL;
  const char *dot = strchr (text, '.');
  guint64 high = 0, low = 0;

  if (dot == NULL)
    return g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, out, NULL);
  high_text = g_strndup (text, (gsize)(dot - text));
  if (!g_ascii_string_to_unsigned (high_text, 10, 0, G_MAXUINT16, &high, NULL) ||
      !g_ascii_string_to_unsigned (dot + 1, 10, 0, G_MAXUINT16, &low, NULL))
    return FALSE;
  *out = (high << 16) | low;
  return TRUE;
}

/* “AS13335”, “as 13335” and “13335” all become “AS13335”. */
char *
aura_entity_normalize_asn (const char *value, char **display, GError **error)
{
  const char *p = value;
  const char *dot;
  guint64 number = 0;

  if (g_ascii_strncasecmp (p, "as", 2) == 0)
    p += 2;
  while (*p == ' ')
    p++;
  dot = strchr (p, '.');
  if (*p == '\0' || strspn (p, "0123456789.") != strlen (p) ||
      (dot != NULL && (dot == p || dot[1] == '\0' || strchr (dot + 1, '.') != NULL)))
    aura_entity_set_invalid (error, _ ("An AS number is written like “AS13335” or “13335”"));
  else if (!parse_as_number (p, &number))
    aura_entity_set_invalid (
        error, dot != NULL ? _ ("In the “X.Y” form of an AS number both parts go up to "
                                "65535")
                           : _ ("AS numbers go up to 4294967295"));
  else if (number == 0)
    aura_entity_set_invalid (error, _ ("AS0 is reserved and never identifies a network"));
  else
    {
      *display = g_strdup_printf ("AS%" G_GUINT64_FORMAT, number);
      return g_strdup (*display);
    }
  return NULL;
}

/* Images and videos are identified three ways: by a URL with an explicit
 * http(s)/ftp scheme (URL rules), by a SHA-256 content hash (“sha256:” and
 * 64 hex digits, or the bare digits), or else by a file name or path,
 * kept exactly as given (file systems are case-sensitive). A name without
 * a scheme is never taken for a URL: “photo.jpg” is a file, not a host. */
char *
aura_entity_normalize_media (const char *value, char **display, GError **error)
{
  g_autofree char *lower = NULL;
  const char *hex = value;
  gsize expected = strip_digest_prefix (&hex);

  if (strstr (value, "://") != NULL)
    return aura_entity_normalize_url (value, display, error);
  if (expected == 64 || (expected == 0 && strlen (value) == 64 && is_hex_string (value, 64)))
    {
      if (strlen (hex) != 64 || !is_hex_string (hex, 64))
        {
          aura_entity_set_invalid (error,
                                   _ ("A SHA-256 hash has 64 hexadecimal digits (0–9, a–f)"));
          return NULL;
        }
      lower = g_ascii_strdown (hex, 64);
      *display = g_strconcat ("sha256:", lower, NULL);
      return g_strdup (*display);
    }
  if (expected == 40)
    {
      aura_entity_set_invalid (error,
                               _ ("Images and videos are identified by SHA-256 hashes, not SHA-1"));
      return NULL;
    }
  *display = g_strdup (value);
  return g_strdup (value);
}
