/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-rdap"
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <libpsl.h>
#include <string.h>

#include "aura-entity-type.h"
#include "aura-rdap-private.h"

/* What a query is: a registered domain, an address or network, an AS
 * number; and the CIDR blocks of an address range. */

static const psl_ctx_t *
get_psl (void)
{
  static gsize initialised = 0;
  static const psl_ctx_t *psl = NULL;

  if (g_once_init_enter (&initialised))
    {
      psl = psl_latest (NULL);
      if (psl == NULL)
        psl = psl_builtin ();
      g_once_init_leave (&initialised, 1);
    }
  return psl;
}

/* The host of a pasted URL, or a copy of @query. */
static char *
host_of (const char *query)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (query));
  g_autoptr (GUri) uri = NULL;
  gsize len;

  if (strstr (trimmed, "://") != NULL)
    {
      uri = g_uri_parse (trimmed, G_URI_FLAGS_NON_DNS, NULL);
      if (uri != NULL && g_uri_get_host (uri) != NULL)
        {
          g_free (trimmed);
          trimmed = g_strdup (g_uri_get_host (uri));
        }
    }
  len = strlen (trimmed);
  if (len > 1 && trimmed[len - 1] == '.')
    trimmed[len - 1] = '\0';
  return g_steal_pointer (&trimmed);
}

char *
aura_rdap_normalize_domain (const char *query, GError **error)
{
  g_autofree char *host = host_of (query);
  g_autoptr (GError) domain_error = NULL;
  g_autofree char *ace = NULL;
  const psl_ctx_t *psl = get_psl ();
  const char *previous = NULL;

  ace = aura_entity_normalize (AURA_ENTITY_DOMAIN, host, NULL, &domain_error);
  if (ace == NULL)
    ace = aura_entity_normalize (AURA_ENTITY_SUBDOMAIN, host, NULL, NULL);
  if (ace == NULL)
    {
      g_set_error_literal (error, AURA_RDAP_ERROR, AURA_RDAP_ERROR_INVALID_QUERY,
                           domain_error->message);
      return NULL;
    }
  /* Registries know registered names only: ask for the name one label
   * above the longest ICANN suffix ("blog.example.co.uk" → "example.co.uk";
   * "alice.github.io" → "github.io", which the .io registry holds). */
  for (const char *p = ace; p != NULL; p = strchr (p, '.') != NULL ? strchr (p, '.') + 1 : NULL)
    {
      if (psl == NULL || psl_is_public_suffix2 (psl, p, PSL_TYPE_ICANN))
        break;
      previous = p;
    }
  if (previous == NULL)
    {
      g_set_error (error, AURA_RDAP_ERROR, AURA_RDAP_ERROR_INVALID_QUERY,
                   _ ("“%s” is a public suffix, not a registered domain; RDAP describes "
                      "names registered below it"),
                   ace);
      return NULL;
    }
  return g_strdup (previous);
}

gboolean
aura_rdap_parse_asn (const char *query, guint32 *out_asn)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (query));
  const char *digits = trimmed;
  guint64 value = 0;

  if (g_ascii_strncasecmp (digits, "as", 2) == 0)
    digits += 2;
  while (*digits == ' ')
    digits++;
  if (*digits == '\0' || strlen (digits) > 10)
    return FALSE;
  for (const char *p = digits; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      value = value * 10 + (guint64)(*p - '0');
    }
  if (value > G_MAXUINT32)
    return FALSE;
  if (out_asn != NULL)
    *out_asn = (guint32)value;
  return TRUE;
}

gboolean
aura_rdap_parse_ip (const char *query, guint8 bytes[16], guint *out_bits, guint *out_prefix)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (query));
  g_autoptr (GInetAddress) address = NULL;
  char *slash = strchr (trimmed, '/');
  guint bits;
  guint prefix;
  gsize size;

  if (slash != NULL)
    *slash = '\0';
  address = g_inet_address_new_from_string (trimmed);
  if (address == NULL)
    return FALSE;
  size = g_inet_address_get_native_size (address);
  bits = (guint)size * 8;
  prefix = bits;
  if (slash != NULL)
    {
      guint64 value = 0;

      if (slash[1] == '\0' || strlen (slash + 1) > 3 ||
          !g_ascii_string_to_unsigned (slash + 1, 10, 0, bits, &value, NULL))
        return FALSE;
      prefix = (guint)value;
    }
  memset (bytes, 0, 16);
  memcpy (bytes, g_inet_address_to_bytes (address), size);
  if (out_bits != NULL)
    *out_bits = bits;
  if (out_prefix != NULL)
    *out_prefix = prefix;
  return TRUE;
}

gboolean
aura_rdap_guess_kind (const char *query, AuraRdapKind *out_kind)
{
  guint8 bytes[16];
  AuraRdapKind kind;

  g_return_val_if_fail (query != NULL, FALSE);

  if (aura_rdap_parse_asn (query, NULL))
    kind = AURA_RDAP_KIND_AUTNUM;
  else if (aura_rdap_parse_ip (query, bytes, NULL, NULL))
    kind = AURA_RDAP_KIND_IP;
  else if (strchr (query, '.') != NULL || !g_str_is_ascii (query))
    kind = AURA_RDAP_KIND_DOMAIN;
  else
    return FALSE;
  if (out_kind != NULL)
    *out_kind = kind;
  return TRUE;
}

/* ---- Ranges to CIDRs ------------------------------------------------------ */

/* A 128-bit number; IPv4 addresses use the low 32 bits. */
typedef struct
{
  guint64 hi;
  guint64 lo;
} U128;

static U128
u128_from_bytes (const guint8 *bytes, guint size)
{
  U128 value = { 0, 0 };

  for (guint i = 0; i < size; i++)
    {
      value.hi = (value.hi << 8) | (value.lo >> 56);
      value.lo = (value.lo << 8) | bytes[i];
    }
  return value;
}

static void
u128_to_bytes (U128 value, guint8 *bytes, guint size)
{
  for (guint i = size; i > 0; i--)
    {
      bytes[i - 1] = (guint8)(value.lo & 0xff);
      value.lo = (value.lo >> 8) | (value.hi << 56);
      value.hi >>= 8;
    }
}

static int
u128_cmp (U128 a, U128 b)
{
  if (a.hi != b.hi)
    return a.hi < b.hi ? -1 : 1;
  if (a.lo != b.lo)
    return a.lo < b.lo ? -1 : 1;
  return 0;
}

/* @value with its low @k bits set. */
static U128
u128_fill_low (U128 value, guint k)
{
  if (k >= 128)
    return (U128){ G_MAXUINT64, G_MAXUINT64 };
  if (k >= 64)
    {
      value.lo = G_MAXUINT64;
      value.hi |= k == 64 ? 0 : (G_GUINT64_CONSTANT (1) << (k - 64)) - 1;
    }
  else if (k > 0)
    value.lo |= (G_GUINT64_CONSTANT (1) << k) - 1;
  return value;
}

static guint
u128_trailing_zeros (U128 value)
{
  if (value.lo != 0)
    return (guint)__builtin_ctzll (value.lo);
  if (value.hi != 0)
    return 64 + (guint)__builtin_ctzll (value.hi);
  return 128;
}

/* @value + 1, or FALSE on overflow past @bits. */
static gboolean
u128_increment (U128 *value, guint bits)
{
  value->lo++;
  if (value->lo == 0)
    {
      value->hi++;
      if (value->hi == 0)
        return FALSE;
    }
  return bits == 128 || (value->hi == 0 && value->lo <= G_MAXUINT32);
}

static char *
format_cidr (U128 value, guint size, guint prefix)
{
  guint8 bytes[16];
  g_autoptr (GInetAddress) address = NULL;
  g_autofree char *text = NULL;

  u128_to_bytes (value, bytes, size);
  address = g_inet_address_new_from_bytes (bytes,
                                           size == 4 ? G_SOCKET_FAMILY_IPV4 : G_SOCKET_FAMILY_IPV6);
  text = g_inet_address_to_string (address);
  return g_strdup_printf ("%s/%u", text, prefix);
}

GPtrArray *
aura_rdap_range_to_cidrs (const char *start, const char *end)
{
  g_autoptr (GInetAddress) first = NULL;
  g_autoptr (GInetAddress) last = NULL;
  g_autoptr (GPtrArray) cidrs = NULL;
  guint size;
  guint bits;
  U128 current;
  U128 stop;

  if (start == NULL || end == NULL)
    return NULL;
  first = g_inet_address_new_from_string (start);
  last = g_inet_address_new_from_string (end);
  if (first == NULL || last == NULL ||
      g_inet_address_get_family (first) != g_inet_address_get_family (last))
    return NULL;
  size = (guint)g_inet_address_get_native_size (first);
  bits = size * 8;
  current = u128_from_bytes (g_inet_address_to_bytes (first), size);
  stop = u128_from_bytes (g_inet_address_to_bytes (last), size);
  if (u128_cmp (current, stop) > 0)
    return NULL;
  cidrs = g_ptr_array_new_with_free_func (g_free);
  while (cidrs->len < AURA_RDAP_MAX_CIDRS)
    {
      /* The largest aligned block starting here that ends within range. */
      guint k = MIN (u128_trailing_zeros (current), bits);
      U128 block_end;

      while (k > 0 && u128_cmp (u128_fill_low (current, k), stop) > 0)
        k--;
      block_end = u128_fill_low (current, k);
      g_ptr_array_add (cidrs, format_cidr (current, size, bits - k));
      if (u128_cmp (block_end, stop) >= 0)
        break;
      current = block_end;
      if (!u128_increment (&current, bits))
        break;
    }
  return g_steal_pointer (&cidrs);
}
