/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-store"
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <idn2.h>
#include <libpsl.h>
#include <string.h>

#include "aura-entity-type-private.h"

/* Entity types that name things on the network: domains and subdomains
 * (IDNA with libidn2, public suffixes with libpsl), email addresses, IP
 * addresses and URLs. */

/* ------------------------------------------------------------------------ */
/* Host names: domains, subdomains, the host of URLs and email addresses    */

static gboolean
check_alabel (const char *quoted, const char *label, gboolean allow_underscore, GError **error)
{
  gsize len = strlen (label);

  if (len > 63)
    return aura_entity_set_invalid (
        error,
        _ ("“%s” is not a domain name: each part between dots can have at most "
           "63 characters"),
        quoted);
  if (label[0] == '-' || label[len - 1] == '-')
    return aura_entity_set_invalid (
        error, _ ("“%s” is not a domain name: a part cannot start or end with “-”"), quoted);
  for (const char *p = label; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '-')
        continue;
      if (*p == '_' && allow_underscore)
        continue;
      if (*p == '_')
        return aura_entity_set_invalid (
            error,
            _ ("“%s” is not a domain name: only the parts of a subdomain before "
               "its domain can contain “_”, as in “_dmarc.example.com”"),
            quoted);
      return aura_entity_set_invalid (error, _ ("“%s” is not a domain name: “%c” is not allowed"),
                                      quoted, *p);
    }
  return TRUE;
}

/* Converts one label to its lower-case A-label. ASCII labels are checked
 * as they are (libidn2 would refuse the “_” of “_dmarc”); labels already
 * in punycode must decode. Others go through IDNA 2008 with the UTS 46
 * non-transitional mapping (“faß” stays distinct from “fass”), falling back
 * to transitional processing for names only IDNA 2003 accepted. */
static char *
label_to_ascii (const char *quoted, const char *label, gboolean allow_underscore, GError **error)
{
  char *converted = NULL;
  g_autofree char *result = NULL;
  int rc;

  if (g_str_is_ascii (label))
    {
      result = g_ascii_strdown (label, -1);
      if (g_str_has_prefix (result, "xn--"))
        {
          rc = idn2_to_unicode_8z8z (result, &converted, 0);
          idn2_free (converted);
          if (rc != IDN2_OK)
            {
              aura_entity_set_invalid (
                  error, _ ("“%s” is not a domain name: “%s” is not valid punycode (%s)"), quoted,
                  result, idn2_strerror (rc));
              return NULL;
            }
        }
    }
  else
    {
      rc = idn2_to_ascii_8z (label, &converted, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
      if (rc != IDN2_OK)
        rc = idn2_to_ascii_8z (label, &converted, IDN2_NFC_INPUT | IDN2_TRANSITIONAL);
      if (rc != IDN2_OK)
        {
          aura_entity_set_invalid (
              error, _ ("“%s” is not a valid international domain name: “%s” is refused (%s)"),
              quoted, label, idn2_strerror (rc));
          return NULL;
        }
      result = g_ascii_strdown (converted, -1);
      idn2_free (converted);
    }
  if (!check_alabel (quoted, result, allow_underscore, error))
    return NULL;
  return g_steal_pointer (&result);
}

/* IDNA treats the ideographic and full-width full stops as dots. */
static char *
unify_dots (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0x3002 || c == 0xFF0E || c == 0xFF61)
        c = '.';
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static gboolean
check_host_shape (const char *host, const char *quoted, GError **error)
{
  if (strstr (host, "://") != NULL || strchr (host, '/') != NULL || strchr (host, '?') != NULL)
    return aura_entity_set_invalid (
        error,
        _ ("“%s” looks like a web address; add it as a URL, or keep only the "
           "host name"),
        quoted);
  if (strchr (host, '@') != NULL)
    return aura_entity_set_invalid (
        error, _ ("“%s” looks like an email address; add it as an email address"), quoted);
  if (aura_entity_has_space (host))
    return aura_entity_set_invalid (error, _ ("“%s” is not a domain name: spaces are not allowed"),
                                    quoted);
  if (g_hostname_is_ip_address (host) || host[0] == '[')
    return aura_entity_set_invalid (error, _ ("“%s” is an IP address; add it as an IP address"),
                                    quoted);
  if (strchr (host, ':') != NULL)
    return aura_entity_set_invalid (
        error, _ ("“%s” is not a domain name: “:” is not allowed (a port belongs in a URL)"),
        quoted);
  return TRUE;
}

/* Validates a host name and returns it as lower-case A-labels without the
 * trailing dot; @out_unicode receives the name as typed, lower-cased. */
static char *
host_to_ascii (const char *host,
               gboolean allow_underscore,
               gboolean need_two_labels,
               char **out_unicode,
               GError **error)
{
  g_autofree char *quoted = aura_entity_shorten (host);
  g_autofree char *down = NULL;
  g_autofree char *lower = NULL;
  g_auto (GStrv) labels = NULL;
  g_autoptr (GPtrArray) ascii = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;
  const char *last;
  gsize len;

  if (!check_host_shape (host, quoted, error))
    return NULL;
  down = g_utf8_strdown (host, -1);
  lower = unify_dots (down);
  len = strlen (lower);
  if (len > 0 && lower[len - 1] == '.')
    lower[len - 1] = '\0';
  if (*lower == '\0')
    {
      aura_entity_set_invalid (error, _ ("“%s” is not a domain name"), quoted);
      return NULL;
    }
  labels = g_strsplit (lower, ".", -1);
  for (guint i = 0; labels[i] != NULL; i++)
    {
      char *label;

      if (labels[i][0] == '\0')
        {
          aura_entity_set_invalid (
              error, _ ("“%s” is not a domain name: it has an empty part between dots"), quoted);
          return NULL;
        }
      label = label_to_ascii (quoted, labels[i], allow_underscore, error);
      if (label == NULL)
        return NULL;
      g_ptr_array_add (ascii, label);
    }
  /* A numeric top-level label would make “1.2.3” a host name. */
  last = g_ptr_array_index (ascii, ascii->len - 1);
  if (strspn (last, "0123456789") == strlen (last))
    {
      aura_entity_set_invalid (
          error, _ ("“%s” is not a domain name: the last part cannot be only digits"), quoted);
      return NULL;
    }
  if (need_two_labels && ascii->len < 2)
    {
      aura_entity_set_invalid (error, _ ("“%s” needs at least two parts, like “example.com”"),
                               quoted);
      return NULL;
    }
  g_ptr_array_add (ascii, NULL);
  joined = g_strjoinv (".", (char **)ascii->pdata);
  if (strlen (joined) > 253)
    {
      aura_entity_set_invalid (
          error, _ ("“%s” is not a domain name: it is longer than 253 characters"), quoted);
      return NULL;
    }
  if (out_unicode != NULL)
    *out_unicode = g_steal_pointer (&lower);
  return g_steal_pointer (&joined);
}

static const psl_ctx_t *
get_psl (void)
{
  static gsize initialised = 0;
  static const psl_ctx_t *psl = NULL;

  /* psl_latest() prefers the system list in /usr/share/publicsuffix when
   * it is newer than the one built into libpsl. The context lives for the
   * whole process, like the list itself. */
  if (g_once_init_enter (&initialised))
    {
      psl = psl_latest (NULL);
      if (psl == NULL)
        psl = psl_builtin ();
      g_once_init_leave (&initialised, 1);
    }
  return psl;
}

typedef enum
{
  HOST_PUBLIC_SUFFIX, /* "co.uk": shared by everyone below it */
  HOST_REGISTRABLE,   /* "example.co.uk", "github.io" */
  HOST_BELOW,         /* "www.example.co.uk" */
} HostKind;

/* The name made of one label and the longest ICANN public suffix of @ace,
 * or NULL when @ace is itself such a suffix. */
static const char *
icann_registrable (const psl_ctx_t *psl, const char *ace)
{
  const char *previous = NULL;
  const char *p = ace;

  while (p != NULL)
    {
      if (psl_is_public_suffix2 (psl, p, PSL_TYPE_ICANN))
        return previous;
      previous = p;
      p = strchr (p, '.');
      if (p != NULL)
        p++;
    }
  /* The “*” rule makes every top-level label a suffix, so this is only
   * reached with a list that lacks it: treat the whole name as registrable. */
  return ace;
}

/* Where @ace sits relative to the Public Suffix List. A name is registrable
 * when the full list (with private suffixes such as “github.io”) says so,
 * or when it is one label above an ICANN suffix: “github.io” itself is a
 * domain someone registered even though its users’ sites sit below it.
 * Unknown top-level domains follow the list’s “*” rule, so internal names
 * like “corp.internal” count as registrable: investigations meet them. */
static HostKind
classify_host (const char *ace, const char **out_registrable)
{
  const psl_ctx_t *psl = get_psl ();
  const char *registrable = psl_registrable_domain (psl, ace);

  if (registrable == NULL)
    registrable = icann_registrable (psl, ace);
  *out_registrable = registrable;
  if (registrable == NULL)
    return HOST_PUBLIC_SUFFIX;
  return registrable == ace ? HOST_REGISTRABLE : HOST_BELOW;
}

char *
aura_entity_normalize_domain (const char *value, gboolean subdomain, char **display, GError **error)
{
  g_autofree char *quoted = aura_entity_shorten (value);
  g_autofree char *ace = NULL;
  const char *registrable = NULL;
  HostKind kind;

  ace = host_to_ascii (value, subdomain, TRUE, display, error);
  if (ace == NULL)
    return NULL;
  kind = classify_host (ace, &registrable);
  if (kind == HOST_PUBLIC_SUFFIX)
    aura_entity_set_invalid (
        error,
        _ ("“%s” is a public suffix shared by many owners, not a domain someone "
           "registered; add a name below it, like “example.%s”"),
        quoted, ace);
  else if (!subdomain && kind == HOST_BELOW)
    aura_entity_set_invalid (
        error,
        _ ("“%s” is a subdomain of “%s”; add it as a subdomain, or add “%s” as the "
           "domain"),
        quoted, registrable, registrable);
  else if (subdomain && kind == HOST_REGISTRABLE)
    aura_entity_set_invalid (
        error, _ ("“%s” is a registered domain, not a name below one; add it as a domain"), quoted);
  else if (subdomain && strchr (registrable, '_') != NULL)
    aura_entity_set_invalid (
        error,
        _ ("“%s” is not a domain name: only the parts of a subdomain before its domain "
           "can contain “_”, as in “_dmarc.example.com”"),
        quoted);
  else
    return g_steal_pointer (&ace);
  g_clear_pointer (display, g_free);
  return NULL;
}

AuraEntityType
aura_entity_type_for_host (const char *host)
{
  g_autofree char *ace = NULL;
  g_autofree char *display = NULL;
  const char *registrable = NULL;

  g_return_val_if_fail (host != NULL, AURA_ENTITY_SUBDOMAIN);
  ace = host_to_ascii (host, TRUE, TRUE, &display, NULL);
  if (ace == NULL)
    return AURA_ENTITY_SUBDOMAIN;
  return classify_host (ace, &registrable) == HOST_REGISTRABLE ? AURA_ENTITY_DOMAIN
                                                               : AURA_ENTITY_SUBDOMAIN;
}

/* Characters RFC 5322 allows in a local part only between quotes. */
#define EMAIL_SPECIALS "()<>[]:;,\\\""

static gboolean
check_email_local (const char *value, const char *local, gsize local_len, GError **error)
{
  g_autofree char *quoted = aura_entity_shorten (value);

  if (local_len == 0)
    return aura_entity_set_invalid (error, _ ("“%s” has nothing before the “@”"), quoted);
  if (local_len > 64)
    return aura_entity_set_invalid (error,
                                    _ ("The part before “@” is %u bytes long; an "
                                       "email address allows at most 64"),
                                    (guint)local_len);
  if (local[0] == '.' || local[local_len - 1] == '.' ||
      g_strstr_len (local, local_len, "..") != NULL)
    return aura_entity_set_invalid (error,
                                    _ ("The part before “@” cannot start or end with a dot, nor "
                                       "have two dots in a row"));
  for (gsize i = 0; i < local_len; i++)
    if (strchr (EMAIL_SPECIALS, local[i]) != NULL)
      return aura_entity_set_invalid (error, _ ("“%c” is not allowed in the part before “@”"),
                                      local[i]);
  return TRUE;
}

/* Quoted local parts ("john doe"@example.com) are refused: RFC 5321 keeps
 * them only for compatibility, no mail provider hands them out, and
 * refusing them keeps “exactly one @” unambiguous. Non-ASCII local parts
 * (RFC 6531) are accepted. */
char *
aura_entity_normalize_email (const char *value, char **display, GError **error)
{
  g_autofree char *quoted = aura_entity_shorten (value);
  g_autofree char *domain = NULL;
  g_autofree char *ace = NULL;
  g_autofree char *local_lower = NULL;
  const char *at = strchr (value, '@');
  gsize local_len;

  if (aura_entity_has_space (value))
    {
      aura_entity_set_invalid (error, _ ("An email address cannot contain spaces"));
      return NULL;
    }
  if (strchr (value, '"') != NULL)
    {
      aura_entity_set_invalid (
          error, _ ("Email addresses with a quoted part (“\"…\"@”) are not supported"));
      return NULL;
    }
  if (at == NULL || strchr (at + 1, '@') != NULL)
    {
      aura_entity_set_invalid (error, _ ("An email address needs exactly one “@”"));
      return NULL;
    }
  local_len = (gsize)(at - value);
  if (!check_email_local (value, value, local_len, error))
    return NULL;
  if (at[1] == '\0')
    {
      aura_entity_set_invalid (error, _ ("“%s” has nothing after the “@”"), quoted);
      return NULL;
    }
  ace = host_to_ascii (at + 1, FALSE, TRUE, &domain, error);
  if (ace == NULL)
    return NULL;
  /* Local parts are case-sensitive in theory and never in practice; the
   * display keeps them as typed. */
  local_lower = g_utf8_strdown (value, (gssize)local_len);
  *display = g_strdup_printf ("%.*s@%s", (int)local_len, value, domain);
  return g_strconcat (local_lower, "@", ace, NULL);
}

/* ------------------------------------------------------------------------ */
/* IP addresses and URLs                                                     */

/* Dotted quads only, four decimal numbers without leading zeros: “1.2.3”
 * and “01.2.3.4” mean different addresses to different parsers (inet_aton
 * reads the zero as octal), so they are refused rather than guessed. */
static gboolean
check_ipv4 (const char *text, GError **error)
{
  g_autofree char *quoted = aura_entity_shorten (text);
  g_auto (GStrv) parts = g_strsplit (text, ".", -1);

  if (g_strv_length (parts) != 4)
    return aura_entity_set_invalid (
        error,
        _ ("“%s” is not an IPv4 address: it needs four numbers separated by "
           "dots, like “192.0.2.1”"),
        quoted);
  for (guint i = 0; i < 4; i++)
    {
      gsize len = strlen (parts[i]);

      if (len == 0 || len > 3 || strspn (parts[i], "0123456789") != len)
        return aura_entity_set_invalid (
            error,
            _ ("“%s” is not an IPv4 address: each of its four parts must be a "
               "number from 0 to 255"),
            quoted);
      if (len > 1 && parts[i][0] == '0')
        return aura_entity_set_invalid (
            error,
            _ ("“%s” is ambiguous: some programs read a number with a leading "
               "zero, like “%s”, as octal; write it without the zero"),
            quoted, parts[i]);
      if (g_ascii_strtoull (parts[i], NULL, 10) > 255)
        return aura_entity_set_invalid (
            error,
            _ ("“%s” is not an IPv4 address: each of its four parts must be a "
               "number from 0 to 255"),
            quoted);
    }
  return TRUE;
}

/* Returns the canonical form: IPv4 dotted quad, IPv6 compressed lower-case
 * (IPv4-mapped addresses stay IPv6: they are how a dual-stack service saw
 * a client, and the tool that found them may rely on it). */
static char *
canonical_ip (const char *text, GError **error)
{
  g_autofree char *quoted = aura_entity_shorten (text);
  g_autoptr (GInetAddress) address = NULL;
  gboolean is_v6 = strchr (text, ':') != NULL;

  if (strchr (text, '%') != NULL)
    {
      aura_entity_set_invalid (
          error,
          _ ("“%s” has a zone index (“%%…”), which only means something on one computer; "
             "remove it"),
          quoted);
      return NULL;
    }
  if (is_v6 && strchr (text, '.') != NULL && strchr (text, ':') == strrchr (text, ':'))
    {
      aura_entity_set_invalid (
          error,
          _ ("“%s” has a port after “:”; add the address without it, or the whole as "
             "a URL"),
          quoted);
      return NULL;
    }
  if (!is_v6 && !check_ipv4 (text, error))
    return NULL;
  address = g_inet_address_new_from_string (text);
  if (address == NULL || (is_v6 && g_inet_address_get_family (address) != G_SOCKET_FAMILY_IPV6))
    {
      aura_entity_set_invalid (error, _ ("“%s” is not a valid IPv6 address"), quoted);
      return NULL;
    }
  return g_inet_address_to_string (address);
}

char *
aura_entity_normalize_ip (const char *value, char **display, GError **error)
{
  g_autofree char *inner = NULL;
  gsize len = strlen (value);
  char *key;

  if (len >= 2 && value[0] == '[' && value[len - 1] == ']')
    inner = g_strndup (value + 1, len - 2);
  else
    inner = g_strdup (value);
  if (strchr (inner, ':') == NULL && strpbrk (inner, "abcdefghijklmnopqrstuvwxyz"
                                                     "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != NULL)
    {
      g_autofree char *quoted = aura_entity_shorten (value);
      aura_entity_set_invalid (error,
                               _ ("“%s” is not an IP address; add host names as a domain or a "
                                  "subdomain"),
                               quoted);
      return NULL;
    }
  key = canonical_ip (inner, error);
  if (key != NULL)
    *display = g_strdup (key);
  return key;
}

/* A CIDR block, "192.0.2.7/24" → "192.0.2.0/24": the host bits are cleared,
 * as RDAP and routing tables write a network. */
char *
aura_entity_normalize_network (const char *value, char **display, GError **error)
{
  g_autofree char *quoted = aura_entity_shorten (value);
  const char *slash = strrchr (value, '/');
  g_autofree char *address_text = NULL;
  g_autofree char *canonical = NULL;
  g_autoptr (GInetAddress) address = NULL;
  g_autoptr (GInetAddress) network = NULL;
  guint8 bytes[16];
  guint64 prefix;
  gsize n_bytes;
  char *end = NULL;

  if (slash == NULL || slash[1] == '\0')
    {
      aura_entity_set_invalid (
          error, _ ("“%s” is not a network: write it as an address, “/” and a prefix length"),
          quoted);
      return NULL;
    }
  address_text = g_strndup (value, slash - value);
  canonical = canonical_ip (address_text, error);
  if (canonical == NULL)
    return NULL;
  address = g_inet_address_new_from_string (canonical);
  n_bytes = g_inet_address_get_native_size (address);
  prefix = g_ascii_strtoull (slash + 1, &end, 10);
  if (*end != '\0' || !g_ascii_isdigit (slash[1]) || prefix > n_bytes * 8)
    {
      aura_entity_set_invalid (error, _ ("“%s” has a prefix length outside 0 to %u"), quoted,
                               (guint)(n_bytes * 8));
      return NULL;
    }
  memcpy (bytes, g_inet_address_to_bytes (address), n_bytes);
  for (gsize i = 0; i < n_bytes; i++)
    {
      guint keep = prefix >= (i + 1) * 8 ? 8 : prefix > i * 8 ? (guint)(prefix - i * 8) : 0;

      bytes[i] &= (guint8)(keep == 0 ? 0 : 0xff << (8 - keep));
    }
  network = g_inet_address_new_from_bytes (bytes, g_inet_address_get_family (address));
  {
    g_autofree char *text = g_inet_address_to_string (network);

    *display = g_strdup_printf ("%s/%u", text, (guint)prefix);
  }
  return g_strdup (*display);
}

static const struct
{
  const char *scheme;
  int default_port;
} url_schemes[] = {
  { "http", 80 }, { "https", 443 }, { "ftp", 21 }, { "ftps", 990 }, { "ws", 80 }, { "wss", 443 },
};

static gboolean
find_scheme (const char *scheme, int *out_default_port)
{
  for (guint i = 0; i < G_N_ELEMENTS (url_schemes); i++)
    if (g_strcmp0 (scheme, url_schemes[i].scheme) == 0)
      {
        *out_default_port = url_schemes[i].default_port;
        return TRUE;
      }
  return FALSE;
}

static gboolean
is_port_suffix (const char *text)
{
  gsize digits = strspn (text, "0123456789");

  return digits > 0 && (text[digits] == '\0' || strchr ("/?#", text[digits]) != NULL);
}

/* People paste “example.com/page”; a value without “://” is taken as a
 * host and path over https, unless it names another scheme (“mailto:”).
 * “host:8080” is a port, not a scheme. */
static char *
add_default_scheme (const char *value, GError **error)
{
  const char *scheme;
  const char *after;

  if (strstr (value, "://") != NULL)
    return g_strdup (value);
  if (g_str_has_prefix (value, "//"))
    return g_strconcat ("https:", value, NULL);
  scheme = g_uri_peek_scheme (value);
  after = scheme != NULL ? value + strlen (scheme) + 1 : NULL;
  if (after != NULL && !is_port_suffix (after))
    {
      aura_entity_set_invalid (
          error,
          _ ("“%s:” addresses are not web addresses; a URL starts with http://, "
             "https://, ftp://, ftps://, ws:// or wss://"),
          scheme);
      return NULL;
    }
  if (!g_ascii_isalnum (value[0]) && value[0] != '[' && (guchar)value[0] < 0x80)
    {
      g_autofree char *quoted = aura_entity_shorten (value);
      aura_entity_set_invalid (error, _ ("“%s” is not a web address: it has no host name"), quoted);
      return NULL;
    }
  return g_strconcat ("https://", value, NULL);
}

/* The host of a URL in its key form (A-labels, canonical IP) and, in
 * @out_display, as typed but lower-cased. Single-label hosts such as
 * “localhost” or “intranet” are accepted: they are real in investigations. */
static char *
url_host (const char *encoded_host, char **out_display, GError **error)
{
  g_autofree char *host = NULL;
  char *key;

  /* IPv6 literals are not percent-decoded: their zone index (“%25eth0”)
   * gets its own message from canonical_ip(). */
  if (strchr (encoded_host, ':') != NULL)
    host = g_strdup (encoded_host);
  else
    host = g_uri_unescape_string (encoded_host, NULL);
  if (host == NULL || !g_utf8_validate (host, -1, NULL) || *host == '\0')
    {
      aura_entity_set_invalid (error, _ ("The web address has no valid host name"));
      return NULL;
    }
  if (strchr (host, ':') != NULL || strspn (host, "0123456789.") == strlen (host))
    key = canonical_ip (host, error);
  else
    return host_to_ascii (host, TRUE, FALSE, out_display, error);
  if (key != NULL)
    *out_display = g_strdup (key);
  return key;
}

/* The key is the URL with a lower-case scheme and host, IDNA host,
 * default port removed, dot segments resolved, “/” for an empty path,
 * percent-encoding kept as found (GLib only decodes unreserved
 * characters), and no fragment, which never reaches the server. The
 * display keeps the fragment and the host as typed. */
char *
aura_entity_normalize_url (const char *value, char **display, GError **error)
{
  g_autofree char *full = NULL;
  g_autofree char *host_key = NULL;
  g_autofree char *host_display = NULL;
  g_autoptr (GUri) uri = NULL;
  g_autoptr (GError) local_error = NULL;
  GUriFlags flags = G_URI_FLAGS_ENCODED | G_URI_FLAGS_SCHEME_NORMALIZE | G_URI_FLAGS_NON_DNS;
  const char *path;
  int default_port = -1;
  int port;

  full = add_default_scheme (value, error);
  if (full == NULL)
    return NULL;
  /* G_URI_FLAGS_NON_DNS keeps the host as typed: GLib's own IDNA would
   * map “faß” to “fass” (IDNA 2003), unlike domains elsewhere in Aura. */
  uri = g_uri_parse (full, flags, &local_error);
  if (uri == NULL)
    {
      g_autofree char *quoted = aura_entity_shorten (value);
      aura_entity_set_invalid (error, _ ("“%s” is not a valid web address: %s"), quoted,
                               local_error->message);
      return NULL;
    }
  if (!find_scheme (g_uri_get_scheme (uri), &default_port))
    {
      aura_entity_set_invalid (
          error,
          _ ("“%s:” addresses are not web addresses; a URL starts with http://, "
             "https://, ftp://, ftps://, ws:// or wss://"),
          g_uri_get_scheme (uri));
      return NULL;
    }
  host_key =
      url_host (g_uri_get_host (uri) != NULL ? g_uri_get_host (uri) : "", &host_display, error);
  if (host_key == NULL)
    return NULL;
  port = g_uri_get_port (uri) == default_port ? -1 : g_uri_get_port (uri);
  if (port == 0)
    {
      aura_entity_set_invalid (error,
                               _ ("Port 0 cannot be connected to; remove it or use the real port"));
      return NULL;
    }
  path = *g_uri_get_path (uri) != '\0' ? g_uri_get_path (uri) : "/";
  *display = g_uri_join (flags, g_uri_get_scheme (uri), g_uri_get_userinfo (uri), host_display,
                         port, path, g_uri_get_query (uri), g_uri_get_fragment (uri));
  return g_uri_join (flags, g_uri_get_scheme (uri), g_uri_get_userinfo (uri), host_key, port, path,
                     g_uri_get_query (uri), NULL);
}
