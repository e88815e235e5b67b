/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-store"
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "aura-entity-type-private.h"

/* Entity types: their names, labels and icons, and the validation that
 * turns what a person typed (or a tool found) into the key that makes an
 * entity unique within an investigation. Every rule rejects with a message
 * that names the problem, because the person fixing the value is usually
 * looking at a form or a CLI line, not at this code.
 *
 * This file holds the type table and the steps every type shares; the
 * rules of each type are in aura-entity-type-network.c (domains, email,
 * IP addresses, URLs) and aura-entity-type-values.c (the others). */

/* Written out rather than with G_DEFINE_QUARK, whose hyphenated argument
 * clang-format would space apart (and the quark string with it). */
GQuark
aura_entity_error_quark (void)
{
  return g_quark_from_static_string ("aura-entity-error-quark");
}

typedef struct
{
  const char *name;
  const char *label;
  const char *icon_name;
  const char *hint;
} TypeInfo;

static const TypeInfo type_infos[AURA_ENTITY_N_TYPES] = {
  [AURA_ENTITY_USERNAME] = { "username", N_ ("Username"), "avatar-default-symbolic",
                             N_ ("A user name as a site shows it, with or without “@”") },
  [AURA_ENTITY_EMAIL] = { "email", N_ ("Email address"), "mail-unread-symbolic",
                          N_ ("An address like “alice@example.com”") },
  [AURA_ENTITY_PHONE] = { "phone", N_ ("Phone number"), "call-start-symbolic",
                          N_ ("Digits, best with the country code: “+33 1 23 45 67 89”") },
  [AURA_ENTITY_DOMAIN] = { "domain", N_ ("Domain"), "network-workgroup-symbolic",
                           N_ ("A registered domain name like “example.com”") },
  [AURA_ENTITY_SUBDOMAIN] = { "subdomain", N_ ("Subdomain"), "network-server-symbolic",
                              N_ ("A host name below a domain, like “mail.example.com”") },
  [AURA_ENTITY_IP] = { "ip", N_ ("IP address"), "network-wired-symbolic",
                       N_ ("An IPv4 address like “192.0.2.1” or an IPv6 address") },
  [AURA_ENTITY_URL] = { "url", N_ ("URL"), "insert-link-symbolic",
                        N_ ("A web address like “https://example.com/page”") },
  [AURA_ENTITY_ACCOUNT] = { "account", N_ ("Account"), "x-office-address-book-symbolic",
                            N_ ("A service and a handle: “github:alice”") },
  [AURA_ENTITY_PERSON] = { "person", N_ ("Person"), "emoji-people-symbolic",
                           N_ ("A person’s name, as free text") },
  [AURA_ENTITY_ORGANISATION] = { "organisation", N_ ("Organisation"), "user-home-symbolic",
                                 N_ ("A company, group or institution, as free text") },
  [AURA_ENTITY_LOCATION] = { "location", N_ ("Location"), "mark-location-symbolic",
                             N_ ("Coordinates like “48.8584, 2.2945” or a place name") },
  [AURA_ENTITY_IMAGE] = { "image", N_ ("Image"), "image-x-generic-symbolic",
                          N_ ("An image URL, a “sha256:” hash or a file name") },
  [AURA_ENTITY_VIDEO] = { "video", N_ ("Video"), "video-x-generic-symbolic",
                          N_ ("A video URL, a “sha256:” hash or a file name") },
  [AURA_ENTITY_HASHTAG] = { "hashtag", N_ ("Hashtag"), "user-bookmarks-symbolic",
                            N_ ("A tag with or without “#”, like “#osint”") },
  [AURA_ENTITY_CERTIFICATE] = { "certificate", N_ ("Certificate"), "channel-secure-symbolic",
                                N_ ("A SHA-256 or SHA-1 fingerprint in hexadecimal") },
  [AURA_ENTITY_ASN] = { "asn", N_ ("Autonomous system"), "network-transmit-receive-symbolic",
                        N_ ("An AS number like “AS13335”") },
  [AURA_ENTITY_DOCUMENT] = { "document", N_ ("Document"), "x-office-document-symbolic",
                             N_ ("A document title or file name, as free text") },
  [AURA_ENTITY_IDENTIFIER] = { "identifier", N_ ("Identifier"), "dialog-password-symbolic",
                               N_ ("A tracking or account ID that ties things together, like "
                                   "“G-ABC123XYZ” or “ca-pub-1234567890”") },
  [AURA_ENTITY_NETWORK] = { "network", N_ ("Network"), "network-wired-disconnected-symbolic",
                            N_ ("An IP range in CIDR form, like “192.0.2.0/24”") },
};

static const struct
{
  const char *alias;
  AuraEntityType type;
} type_aliases[] = {
  { "user", AURA_ENTITY_USERNAME },
  { "handle", AURA_ENTITY_USERNAME },
  { "e-mail", AURA_ENTITY_EMAIL },
  { "mail", AURA_ENTITY_EMAIL },
  { "tel", AURA_ENTITY_PHONE },
  { "telephone", AURA_ENTITY_PHONE },
  { "host", AURA_ENTITY_SUBDOMAIN },
  { "hostname", AURA_ENTITY_SUBDOMAIN },
  { "fqdn", AURA_ENTITY_SUBDOMAIN },
  { "ipv4", AURA_ENTITY_IP },
  { "ipv6", AURA_ENTITY_IP },
  { "ip-address", AURA_ENTITY_IP },
  { "uri", AURA_ENTITY_URL },
  { "link", AURA_ENTITY_URL },
  { "profile", AURA_ENTITY_ACCOUNT },
  { "organization", AURA_ENTITY_ORGANISATION },
  { "org", AURA_ENTITY_ORGANISATION },
  { "company", AURA_ENTITY_ORGANISATION },
  { "place", AURA_ENTITY_LOCATION },
  { "geo", AURA_ENTITY_LOCATION },
  { "photo", AURA_ENTITY_IMAGE },
  { "picture", AURA_ENTITY_IMAGE },
  { "tag", AURA_ENTITY_HASHTAG },
  { "cert", AURA_ENTITY_CERTIFICATE },
  { "fingerprint", AURA_ENTITY_CERTIFICATE },
  { "as", AURA_ENTITY_ASN },
  { "doc", AURA_ENTITY_DOCUMENT },
  { "file", AURA_ENTITY_DOCUMENT },
  { "id", AURA_ENTITY_IDENTIFIER },
  { "tracking-id", AURA_ENTITY_IDENTIFIER },
  { "cidr", AURA_ENTITY_NETWORK },
  { "netblock", AURA_ENTITY_NETWORK },
};

const char *
aura_entity_type_to_string (AuraEntityType type)
{
  g_return_val_if_fail (type < AURA_ENTITY_N_TYPES, NULL);
  return type_infos[type].name;
}

/* Shortens @text for quoting it in an error message, so a 100 KB paste
 * does not become a 100 KB message. */
char *
aura_entity_shorten (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  if (g_utf8_strlen (valid, -1) <= 60)
    return g_steal_pointer (&valid);
  *g_utf8_offset_to_pointer (valid, 57) = '\0';
  return g_strconcat (valid, "…", NULL);
}

gboolean
aura_entity_type_from_string (const char *name, AuraEntityType *out_type, GError **error)
{
  g_autoptr (GString) names = g_string_new (NULL);
  g_autofree char *quoted = NULL;
  int found = -1;

  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < AURA_ENTITY_N_TYPES && found < 0; i++)
    if (g_ascii_strcasecmp (name, type_infos[i].name) == 0)
      found = (int)i;
  for (guint i = 0; i < G_N_ELEMENTS (type_aliases) && found < 0; i++)
    if (g_ascii_strcasecmp (name, type_aliases[i].alias) == 0)
      found = (int)type_aliases[i].type;
  if (found >= 0)
    {
      if (out_type != NULL)
        *out_type = (AuraEntityType)found;
      return TRUE;
    }

  for (guint i = 0; i < AURA_ENTITY_N_TYPES; i++)
    g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", type_infos[i].name);
  quoted = aura_entity_shorten (name);
  g_set_error (error, AURA_ENTITY_ERROR, AURA_ENTITY_ERROR_UNKNOWN_TYPE,
               _ ("“%s” is not an entity type Aura knows; use one of: %s"), quoted, names->str);
  return FALSE;
}

const char *
aura_entity_type_get_label (AuraEntityType type)
{
  g_return_val_if_fail (type < AURA_ENTITY_N_TYPES, NULL);
  return _ (type_infos[type].label);
}

const char *
aura_entity_type_get_icon_name (AuraEntityType type)
{
  g_return_val_if_fail (type < AURA_ENTITY_N_TYPES, NULL);
  return type_infos[type].icon_name;
}

const char *
aura_entity_type_get_hint (AuraEntityType type)
{
  g_return_val_if_fail (type < AURA_ENTITY_N_TYPES, NULL);
  return _ (type_infos[type].hint);
}

/* ------------------------------------------------------------------------ */
/* Shared helpers                                                           */

gboolean
aura_entity_set_invalid (GError **error, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, AURA_ENTITY_ERROR, AURA_ENTITY_ERROR_INVALID, message);
  return FALSE;
}

static gboolean
is_free_text (AuraEntityType type)
{
  return type == AURA_ENTITY_PERSON || type == AURA_ENTITY_ORGANISATION ||
         type == AURA_ENTITY_DOCUMENT || type == AURA_ENTITY_LOCATION;
}

/* Names of the invisible characters that identifiers refuse. Bidirectional
 * overrides and isolates reorder what is shown (U+202E turns “moc.evil”
 * into “live.com” on screen) and zero-width characters make two different
 * names look the same; in a username, a domain or a file name they only
 * serve to deceive. The bidirectional marks (LRM, RLM, ALM) are refused for
 * the same reason. Free text (names, titles, places) keeps them: Persian and
 * Indic scripts need ZWNJ/ZWJ, emoji sequences need ZWJ. */
const char *
aura_invisible_character_name (gunichar c)
{
  switch (c)
    {
      case 0x00AD:
        return _ ("soft hyphen");
      case 0x034F:
        return _ ("combining grapheme joiner");
      case 0x180E:
        return _ ("Mongolian vowel separator");
      case 0x061C:
        return _ ("Arabic letter mark");
      case 0x200B:
        return _ ("zero-width space");
      case 0x200C:
        return _ ("zero-width non-joiner");
      case 0x200D:
        return _ ("zero-width joiner");
      case 0x200E:
        return _ ("left-to-right mark");
      case 0x200F:
        return _ ("right-to-left mark");
      case 0x202A:
        return _ ("left-to-right embedding");
      case 0x202B:
        return _ ("right-to-left embedding");
      case 0x202C:
        return _ ("pop directional formatting");
      case 0x202D:
        return _ ("left-to-right override");
      case 0x202E:
        return _ ("right-to-left override");
      case 0x2060:
        return _ ("word joiner");
      case 0x2066:
        return _ ("left-to-right isolate");
      case 0x2067:
        return _ ("right-to-left isolate");
      case 0x2068:
        return _ ("first strong isolate");
      case 0x2069:
        return _ ("pop directional isolate");
      case 0xFEFF:
        return _ ("zero-width no-break space");
      default:
        return NULL;
    }
}

static gboolean
check_characters (AuraEntityType type, const char *text, GError **error)
{
  gboolean free_text = is_free_text (type);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      const char *name;

      /* Free text collapses tabs and line breaks into spaces later. */
      if (free_text && (c == '\t' || c == '\n' || c == '\r'))
        continue;
      if (g_unichar_type (c) == G_UNICODE_CONTROL)
        return aura_entity_set_invalid (
            error,
            _ ("The value contains the control character U+%04X, which cannot be "
               "part of it; remove it"),
            c);
      name = free_text ? NULL : aura_invisible_character_name (c);
      if (name != NULL)
        return aura_entity_set_invalid (
            error,
            _ ("The value contains the invisible character U+%04X (%s), which "
               "can make one name look like another; remove it"),
            c, name);
    }
  return TRUE;
}

/* Trims Unicode white space (including no-break and ideographic spaces,
 * which g_strstrip() leaves) from both ends. */
char *
aura_entity_trim (const char *text)
{
  const char *start = text;
  const char *end = text;

  while (*start != '\0' && g_unichar_isspace (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  for (const char *p = start; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      end = g_utf8_next_char (p);
  return g_strndup (start, end > start ? (gsize)(end - start) : 0);
}

static gboolean
set_too_long (GError **error, guint limit)
{
  return aura_entity_set_invalid (
      error,
      g_dngettext (GETTEXT_PACKAGE, "The value is too long: at most %u character is allowed",
                   "The value is too long: at most %u characters are allowed", limit),
      limit);
}

/* The steps every type shares: valid UTF-8, trimmed, NFC, not empty, not
 * too long, no control characters and, for identifiers, no invisible
 * characters. */
static char *
clean_input (AuraEntityType type, const char *value, GError **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *nfc = NULL;
  guint limit = AURA_ENTITY_MAX_CHARS;

  if (type == AURA_ENTITY_URL || type == AURA_ENTITY_IMAGE || type == AURA_ENTITY_VIDEO)
    limit = AURA_ENTITY_MAX_URL_CHARS;
  if (!g_utf8_validate (value, -1, NULL))
    {
      aura_entity_set_invalid (
          error, _ ("The value is not valid UTF-8 text; it may come from a file saved "
                    "in another encoding"));
      return NULL;
    }
  trimmed = aura_entity_trim (value);
  /* NFC composes at most three characters into one (Hangul jamo), so a
   * longer input cannot fit and is refused before normalising it. */
  if (g_utf8_strlen (trimmed, -1) > 3 * (glong)limit)
    {
      set_too_long (error, limit);
      return NULL;
    }
  nfc = g_utf8_normalize (trimmed, -1, G_NORMALIZE_NFC);
  if (nfc == NULL || *nfc == '\0')
    {
      aura_entity_set_invalid (error, _ ("The value is empty"));
      return NULL;
    }
  if (g_utf8_strlen (nfc, -1) > (glong)limit)
    {
      set_too_long (error, limit);
      return NULL;
    }
  if (!check_characters (type, nfc, error))
    return NULL;
  return g_steal_pointer (&nfc);
}

/* Case-folded, then recomposed: folding can leave decomposed sequences
 * (“İ” folds to “i” + U+0307) and keys must be in one form. */
char *
aura_entity_fold_key (const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);

  return g_utf8_normalize (folded, -1, G_NORMALIZE_NFC);
}

gboolean
aura_entity_has_space (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isspace (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

/* ------------------------------------------------------------------------ */

static char *
normalize_clean (AuraEntityType type, const char *value, char **display, GError **error)
{
  switch (type)
    {
      case AURA_ENTITY_USERNAME:
        return aura_entity_normalize_username (value, display, error);
      case AURA_ENTITY_EMAIL:
        return aura_entity_normalize_email (value, display, error);
      case AURA_ENTITY_PHONE:
        return aura_entity_normalize_phone (value, display, error);
      case AURA_ENTITY_DOMAIN:
        return aura_entity_normalize_domain (value, FALSE, display, error);
      case AURA_ENTITY_SUBDOMAIN:
        return aura_entity_normalize_domain (value, TRUE, display, error);
      case AURA_ENTITY_IP:
        return aura_entity_normalize_ip (value, display, error);
      case AURA_ENTITY_URL:
        return aura_entity_normalize_url (value, display, error);
      case AURA_ENTITY_ACCOUNT:
        return aura_entity_normalize_account (value, display, error);
      case AURA_ENTITY_LOCATION:
        return aura_entity_normalize_location (value, display, error);
      case AURA_ENTITY_IMAGE:
      case AURA_ENTITY_VIDEO:
        return aura_entity_normalize_media (value, display, error);
      case AURA_ENTITY_HASHTAG:
        return aura_entity_normalize_hashtag (value, display, error);
      case AURA_ENTITY_CERTIFICATE:
        return aura_entity_normalize_certificate (value, display, error);
      case AURA_ENTITY_ASN:
        return aura_entity_normalize_asn (value, display, error);
      case AURA_ENTITY_PERSON:
      case AURA_ENTITY_ORGANISATION:
      case AURA_ENTITY_DOCUMENT:
        return aura_entity_normalize_free_text (value, display);
      case AURA_ENTITY_IDENTIFIER:
        return aura_entity_normalize_identifier (value, display, error);
      case AURA_ENTITY_NETWORK:
        return aura_entity_normalize_network (value, display, error);
      case AURA_ENTITY_N_TYPES:
      default:
        g_assert_not_reached ();
    }
}

char *
aura_entity_normalize (AuraEntityType type, const char *value, char **out_display, GError **error)
{
  g_autofree char *clean = NULL;
  g_autofree char *display = NULL;
  char *key;

  g_return_val_if_fail (type < AURA_ENTITY_N_TYPES, NULL);
  g_return_val_if_fail (value != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  clean = clean_input (type, value, error);
  if (clean == NULL)
    return NULL;
  key = normalize_clean (type, clean, &display, error);
  if (key == NULL)
    return NULL;
  g_assert (display != NULL);
  if (out_display != NULL)
    *out_display = g_steal_pointer (&display);
  return key;
}
