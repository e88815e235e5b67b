/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-dns"
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <idn2.h>
#include <string.h>

#include "aura-dns-private.h"

/* Names before they are sent: record type names, IDNA conversion and the
 * length rules of RFC 1035, reverse names, and the "IP[:PORT]" servers. */

G_DEFINE_QUARK (aura - dns - error - quark, aura_dns_error)

#define MAX_NAME_LEN 253
#define MAX_LABEL_LEN 63

static const struct
{
  guint type;
  const char *name;
} type_names[] = {
  { AURA_DNS_TYPE_A, "A" },     { AURA_DNS_TYPE_NS, "NS" },     { AURA_DNS_TYPE_CNAME, "CNAME" },
  { AURA_DNS_TYPE_SOA, "SOA" }, { AURA_DNS_TYPE_PTR, "PTR" },   { AURA_DNS_TYPE_MX, "MX" },
  { AURA_DNS_TYPE_TXT, "TXT" }, { AURA_DNS_TYPE_AAAA, "AAAA" }, { AURA_DNS_TYPE_SRV, "SRV" },
  { AURA_DNS_TYPE_CAA, "CAA" },
};

const char *
aura_dns_type_to_string (guint type)
{
  g_autofree char *generic = NULL;
  char *ldns_name;

  for (guint i = 0; i < G_N_ELEMENTS (type_names); i++)
    if (type_names[i].type == type)
      return type_names[i].name;
  /* Types met in zone transfers: ldns knows their mnemonics. */
  ldns_name = type <= G_MAXUINT16 ? ldns_rr_type2str ((ldns_rr_type)type) : NULL;
  generic = g_strdup (ldns_name != NULL ? ldns_name : "");
  free (ldns_name);
  if (generic[0] == '\0')
    {
      g_free (generic);
      generic = g_strdup_printf ("TYPE%u", type);
    }
  return g_intern_string (generic);
}

gboolean
aura_dns_type_from_string (const char *text, guint *type)
{
  guint64 number;
  char *end = NULL;

  g_return_val_if_fail (text != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (type_names); i++)
    if (g_ascii_strcasecmp (text, type_names[i].name) == 0)
      {
        if (type != NULL)
          *type = type_names[i].type;
        return TRUE;
      }
  if (g_ascii_strncasecmp (text, "TYPE", 4) != 0 || !g_ascii_isdigit (text[4]))
    return FALSE;
  number = g_ascii_strtoull (text + 4, &end, 10);
  if (*end != '\0' || number == 0 || number > G_MAXUINT16)
    return FALSE;
  if (type != NULL)
    *type = (guint)number;
  return TRUE;
}

/* Messages ----------------------------------------------------------------- */

char *
dns_quote (const char *text, gsize max)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *out = g_string_new (NULL);
  gsize n = 0;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (n == max)
        {
          g_string_append (out, "…");
          break;
        }
      /* Control characters would make the message unreadable. */
      if (g_unichar_iscntrl (c))
        g_string_append_printf (out, "\\x%02x", c);
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* Returns NULL, for the functions that return a name. */
static gpointer
set_invalid_name (GError **error, const char *name, const char *reason)
{
  g_autofree char *quoted = dns_quote (name, 80);

  g_set_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_INVALID_NAME,
               _ ("“%s” cannot be looked up: %s."), quoted, reason);
  return NULL;
}

/* Names --------------------------------------------------------------------- */

static gboolean
check_label (const char *name, const char *label, GError **error)
{
  gsize len = strlen (label);

  if (len == 0)
    {
      set_invalid_name (error, name, _ ("it has an empty label (two dots in a row)"));
      return FALSE;
    }
  if (len > MAX_LABEL_LEN)
    {
      g_autofree char *reason = g_strdup_printf (
          _ ("its label “%.20s…” is %zu bytes long, and DNS allows at most 63"), label, len);

      set_invalid_name (error, name, reason);
      return FALSE;
    }
  if (g_str_equal (label, "*"))
    return TRUE;
  for (const char *p = label; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      {
        g_autofree char *reason = NULL;

        if (*p == ' ' || *p == '\t')
          reason = g_strdup (_ ("it contains a space"));
        else if (g_ascii_isgraph (*p))
          reason = g_strdup_printf (_ ("“%c” is not allowed in a domain name"), *p);
        else
          reason =
              g_strdup_printf (_ ("it contains the control character 0x%02x"), (guint)(guchar)*p);
        set_invalid_name (error, name, reason);
        return FALSE;
      }
  return TRUE;
}

/* One label to its lower-case A-label. ASCII labels are kept as they are
 * (IDNA would refuse the "_" of "_dmarc"); others go through IDNA 2008 with
 * the UTS #46 non-transitional mapping, as browsers do. */
static char *
label_to_ascii (const char *name, const char *label, GError **error)
{
  char *converted = NULL;
  char *result;
  int rc;

  if (g_str_is_ascii (label))
    return g_ascii_strdown (label, -1);
  rc = idn2_to_ascii_8z (label, &converted, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
  if (rc != IDN2_OK)
    {
      g_autofree char *quoted = dns_quote (label, 40);
      g_autofree char *reason = g_strdup_printf (
          _ ("the international label “%s” is refused by IDNA (%s)"), quoted, idn2_strerror (rc));

      return set_invalid_name (error, name, reason);
    }
  result = g_ascii_strdown (converted, -1);
  idn2_free (converted);
  return result;
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

/* UTS #46 silently drops some invisible characters (U+200B…), so "a\u200bb"
 * would be looked up as "ab": refuse them instead, as the store refuses
 * them in identifiers. ZWNJ and ZWJ are left to IDNA, whose CONTEXTJ rules
 * know where a script needs them. */
static gboolean
check_visible (const char *name, GError **error)
{
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0x200C && c != 0x200D && g_unichar_type (c) == G_UNICODE_FORMAT)
        {
          g_autofree char *reason =
              g_strdup_printf (_ ("it contains the invisible character U+%04X"), c);

          set_invalid_name (error, name, reason);
          return FALSE;
        }
    }
  return TRUE;
}

char *
aura_dns_normalize_name (const char *name, GError **error)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) labels = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  gsize len;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* A hostile name could be megabytes long: look at no more than needed. */
  if (strnlen (name, 4 * MAX_NAME_LEN + 2) > 4 * MAX_NAME_LEN)
    return set_invalid_name (error, name, _ ("it is far longer than the 253 bytes DNS allows"));
  if (!g_utf8_validate (name, -1, NULL))
    return set_invalid_name (error, name, _ ("it is not valid UTF-8 text"));
  if (!check_visible (name, error))
    return NULL;
  text = unify_dots (name);
  len = strlen (text);
  if (len > 1 && text[len - 1] == '.')
    text[--len] = '\0';
  if (len == 0 || g_str_equal (text, "."))
    return set_invalid_name (error, name, _ ("it is empty"));

  labels = g_strsplit (text, ".", -1);
  for (guint i = 0; labels[i] != NULL; i++)
    {
      g_autofree char *label = NULL;

      if (labels[i][0] == '\0')
        return set_invalid_name (error, name, _ ("it has an empty label (two dots in a row)"));
      label = label_to_ascii (name, labels[i], error);
      if (label == NULL || !check_label (name, label, error))
        return NULL;
      if (out->len > 0)
        g_string_append_c (out, '.');
      g_string_append (out, label);
    }
  if (out->len > MAX_NAME_LEN)
    {
      g_autofree char *reason = g_strdup_printf (
          _ ("it is %zu bytes long once encoded, and DNS allows at most 253"), out->len);

      return set_invalid_name (error, name, reason);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
aura_dns_reverse_name (const char *address, GError **error)
{
  g_autoptr (GInetAddress) inet = NULL;
  GString *out;
  const guint8 *bytes;
  gsize size;

  g_return_val_if_fail (address != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  inet = g_inet_address_new_from_string (address);
  if (inet == NULL)
    {
      g_autofree char *quoted = dns_quote (address, 80);

      g_set_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_INVALID_NAME,
                   _ ("“%s” is not an IPv4 or IPv6 address, so it has no reverse name."), quoted);
      return NULL;
    }
  bytes = g_inet_address_to_bytes (inet);
  size = g_inet_address_get_native_size (inet);
  out = g_string_new (NULL);
  if (size == 4)
    {
      g_string_printf (out, "%u.%u.%u.%u.in-addr.arpa", bytes[3], bytes[2], bytes[1], bytes[0]);
      return g_string_free (out, FALSE);
    }
  for (gsize i = size; i > 0; i--)
    g_string_append_printf (out, "%x.%x.", bytes[i - 1] & 0x0f, bytes[i - 1] >> 4);
  g_string_append (out, "ip6.arpa");
  return g_string_free (out, FALSE);
}

/* Servers ------------------------------------------------------------------ */

gboolean
dns_parse_server (
    const char *entry, guint16 default_port, char **address, guint16 *port, GError **error)
{
  g_autofree char *host = NULL;
  g_autoptr (GInetAddress) inet = NULL;
  const char *colon;
  guint64 number = default_port;

  if (entry == NULL)
    goto bad;
  colon = strrchr (entry, ':');
  if (entry[0] == '[')
    {
      const char *close = strchr (entry, ']');

      if (close == NULL || (close[1] != '\0' && close[1] != ':'))
        goto bad;
      host = g_strndup (entry + 1, close - entry - 1);
      colon = close[1] == ':' ? close + 1 : NULL;
    }
  else if (colon != NULL && strchr (entry, ':') == colon)
    host = g_strndup (entry, colon - entry);
  else
    {
      /* No colon, or several: a bare IPv6 address. */
      host = g_strdup (entry);
      colon = NULL;
    }
  if (colon != NULL)
    {
      char *end = NULL;

      number = g_ascii_strtoull (colon + 1, &end, 10);
      if (end == colon + 1 || *end != '\0' || number == 0 || number > 65535)
        goto bad;
    }
  inet = g_inet_address_new_from_string (host);
  if (inet == NULL || strchr (host, '%') != NULL)
    goto bad;
  *address = g_inet_address_to_string (inet);
  *port = (guint16)number;
  return TRUE;

bad:
  {
    g_autofree char *quoted = dns_quote (entry != NULL ? entry : "", 80);

    g_set_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_INVALID_SERVER,
                 _ ("The DNS server “%s” is not of the form IP or IP:PORT (for example "
                    "127.0.0.1:5353, or [::1]:5353 for IPv6)."),
                 quoted);
    return FALSE;
  }
}

char *
dns_format_server (const char *address, guint16 port)
{
  if (strchr (address, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", address, port);
  return g_strdup_printf ("%s:%u", address, port);
}

gboolean
dns_address_is_loopback (const char *address)
{
  g_autoptr (GInetAddress) inet = g_inet_address_new_from_string (address);

  /* 127.0.0.0/8 for IPv4, ::1 for IPv6; an IPv4-mapped 127.x is refused, to
   * stay on the safe side. */
  return inet != NULL && g_inet_address_get_is_loopback (inet);
}

gboolean
dns_loopback_forced (void)
{
  return g_strcmp0 (g_getenv ("AURA_LOOPBACK_ONLY"), "1") == 0;
}

void
dns_set_not_loopback (GError **error, const char *server)
{
  g_set_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_NOT_LOOPBACK,
               _ ("The DNS server %s is outside 127.0.0.0/8, and loopback-only mode is on "
                  "(AURA_LOOPBACK_ONLY=1 or the loopback-only option): nothing was sent to it."),
               server);
}
