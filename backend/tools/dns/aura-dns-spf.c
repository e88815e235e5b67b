/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-dns"
#include "config.h"

#include <arpa/inet.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "aura-dns-private.h"

/* The SPF record parser, after the grammar of RFC 7208 §12: a version,
 * then terms separated by spaces; each term a directive (an optional
 * qualifier and a mechanism) or a modifier (name=value). Domain-specs may
 * hold macros (%{d}, %{ir}…), which are checked but kept as written.
 * A pure function: nothing is looked up. */

#define SPF_LOOKUP_LIMIT 10

static const char *const mechanism_names[] = {
  [AURA_SPF_ALL] = "all", [AURA_SPF_INCLUDE] = "include", [AURA_SPF_A] = "a",
  [AURA_SPF_MX] = "mx",   [AURA_SPF_PTR] = "ptr",         [AURA_SPF_IP4] = "ip4",
  [AURA_SPF_IP6] = "ip6", [AURA_SPF_EXISTS] = "exists",
};

const char *
aura_spf_mechanism_type_to_string (AuraSpfMechanismType type)
{
  g_return_val_if_fail (type <= AURA_SPF_EXISTS, NULL);

  return mechanism_names[type];
}

gboolean
aura_spf_is_record (const char *text)
{
  g_return_val_if_fail (text != NULL, FALSE);

  return g_ascii_strncasecmp (text, "v=spf1", 6) == 0 && (text[6] == ' ' || text[6] == '\0');
}

static void
mechanism_free (gpointer data)
{
  AuraSpfMechanism *mechanism = data;

  g_free (mechanism->domain);
  g_free (mechanism->network);
  g_free (mechanism);
}

void
aura_spf_record_free (AuraSpfRecord *record)
{
  if (record == NULL)
    return;
  g_ptr_array_unref (record->mechanisms);
  g_free (record->redirect);
  g_free (record->explanation);
  g_ptr_array_unref (record->modifiers);
  g_ptr_array_unref (record->warnings);
  g_free (record);
}

/* Errors -------------------------------------------------------------------------- */

typedef struct
{
  const char *text;
  gsize *error_offset;
  GError **error;
} Parser;

/* Reports @reason about the term at @offset, @len bytes long. */
static gboolean
syntax_error (Parser *parser, gsize offset, gsize len, const char *reason)
{
  g_autofree char *term = g_strndup (parser->text + offset, len);
  g_autofree char *quoted = dns_quote (term, 60);

  if (parser->error_offset != NULL)
    *parser->error_offset = offset;
  g_set_error (parser->error, AURA_DNS_ERROR, AURA_DNS_ERROR_POLICY_SYNTAX,
               _ ("The SPF record is invalid at position %zu (“%s”): %s."), offset + 1, quoted,
               reason);
  return FALSE;
}

/* Domain-specs and macros ---------------------------------------------------------------- */

static gboolean
is_delimiter (char c)
{
  return strchr (".-+,/_=", c) != NULL && c != '\0';
}

/* Reads one macro-expand at @p (which points at "%"); returns its length,
 * 0 when it is not one. */
static gsize
macro_expand_length (const char *p, gsize len)
{
  gsize i;

  if (len < 2)
    return 0;
  if (p[1] == '%' || p[1] == '_' || p[1] == '-')
    return 2;
  if (p[1] != '{' || len < 4 || strchr ("slodiphcrtvSLODIPHCRTV", p[2]) == NULL || p[2] == '\0')
    return 0;
  i = 3;
  while (i < len && g_ascii_isdigit (p[i]))
    i++;
  if (i < len && (p[i] == 'r' || p[i] == 'R'))
    i++;
  while (i < len && is_delimiter (p[i]))
    i++;
  return i < len && p[i] == '}' ? i + 1 : 0;
}

/* Whether @label is a toplabel: letters and digits with at least one
 * letter, or letters and digits with inner hyphens. */
static gboolean
is_toplabel (const char *label, gsize len)
{
  gboolean alpha = FALSE;
  gboolean hyphen = FALSE;

  if (len == 0 || !g_ascii_isalnum (label[0]) || !g_ascii_isalnum (label[len - 1]))
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (g_ascii_isalpha (label[i]))
        alpha = TRUE;
      else if (label[i] == '-')
        hyphen = TRUE;
      else if (!g_ascii_isdigit (label[i]))
        return FALSE;
    }
  /* All digits is an address, not a top-level label; with a hyphen inside
   * it is a label again. */
  return alpha || hyphen;
}

/* Checks a macro-string; with @domain_end, that it ends as a domain-spec
 * must: a macro-expand, or "." and a toplabel (and an optional dot). */
static gboolean
check_macro_string (
    Parser *parser, gsize offset, gsize len, gboolean domain_end, gsize term_offset, gsize term_len)
{
  const char *s = parser->text + offset;
  gsize literal_start = 0;
  gboolean ends_with_macro = FALSE;

  for (gsize i = 0; i < len;)
    {
      guchar c = (guchar)s[i];

      if (c == '%')
        {
          gsize n = macro_expand_length (s + i, len - i);

          if (n == 0)
            return syntax_error (parser, term_offset, term_len,
                                 _ ("a “%” must start a macro such as %{d}, or be written %%"));
          i += n;
          literal_start = i;
          ends_with_macro = TRUE;
          continue;
        }
      if (c < 0x21 || c > 0x7e)
        return syntax_error (parser, term_offset, term_len,
                             c >= 0x80 ? _ ("SPF records are ASCII; this term has other characters")
                                       : _ ("it contains a control character"));
      ends_with_macro = FALSE;
      i++;
    }
  if (!domain_end || ends_with_macro)
    return TRUE;
  {
    /* The literal tail: ".toplabel" with an optional final dot. */
    const char *tail = s + literal_start;
    gsize tail_len = len - literal_start;
    const char *dot;

    if (tail_len > 0 && tail[tail_len - 1] == '.')
      tail_len--;
    dot = g_strrstr_len (tail, (gssize)tail_len, ".");
    if (len == 0)
      return syntax_error (parser, term_offset, term_len, _ ("the domain is missing"));
    if (dot == NULL || !is_toplabel (dot + 1, tail_len - (dot + 1 - tail)))
      return syntax_error (parser, term_offset, term_len,
                           _ ("the domain must end with a dot and a top-level label of letters "
                              "(as in “example.com”), or with a macro"));
  }
  return TRUE;
}

/* Where a dual-cidr-length starts after a domain-spec: the first "/" that is
 * not inside a macro. */
static gsize
find_cidr (const char *s, gsize len)
{
  gboolean in_macro = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      if (s[i] == '{' && i > 0 && s[i - 1] == '%')
        in_macro = TRUE;
      else if (s[i] == '}')
        in_macro = FALSE;
      else if (s[i] == '/' && !in_macro)
        return i;
    }
  return len;
}

/* A prefix length: "0", or digits without a leading zero, at most @max. */
static gboolean
read_prefix (const char *s, gsize len, int max, int *value)
{
  int number = 0;

  if (len == 0 || len > 3 || (s[0] == '0' && len > 1))
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return FALSE;
      number = number * 10 + (s[i] - '0');
    }
  if (number > max)
    return FALSE;
  *value = number;
  return TRUE;
}

/* "/24", "//64", "/24//64" (@allow4, @allow6 say which may appear). */
static gboolean
read_cidr (const char *s, gsize len, gboolean allow4, gboolean allow6, int *cidr4, int *cidr6)
{
  const char *six = NULL;
  gsize four_len;

  if (len == 0)
    return TRUE;
  if (s[0] != '/')
    return FALSE;
  if (allow6 && len >= 2 && s[1] == '/')
    six = s + 2;
  else if (allow6 && !allow4)
    six = s + 1;
  else
    {
      const char *slashes = g_strstr_len (s + 1, (gssize)len - 1, "//");

      four_len = (slashes != NULL ? (gsize)(slashes - s) : len) - 1;
      if (!allow4 || !read_prefix (s + 1, four_len, 32, cidr4))
        return FALSE;
      if (slashes == NULL)
        return TRUE;
      if (!allow6)
        return FALSE;
      six = slashes + 2;
    }
  return read_prefix (six, len - (six - s), 128, cidr6);
}

/* An IPv4 address written as RFC 7208 asks: four numbers 0–255, no leading
 * zeros. */
static gboolean
is_ip4_network (const char *s, gsize len)
{
  g_autofree char *text = g_strndup (s, len);
  g_auto (GStrv) parts = g_strsplit (text, ".", -1);

  if (g_strv_length (parts) != 4)
    return FALSE;
  for (guint i = 0; i < 4; i++)
    {
      int value;

      if (!read_prefix (parts[i], strlen (parts[i]), 255, &value))
        return FALSE;
    }
  return TRUE;
}

static gboolean
is_ip6_network (const char *s, gsize len)
{
  g_autofree char *text = g_strndup (s, len);
  struct in6_addr address;

  return len > 0 && inet_pton (AF_INET6, text, &address) == 1;
}

/* Terms ------------------------------------------------------------------------------- */

static gboolean
parse_modifier (Parser *parser, AuraSpfRecord *record, gsize offset, gsize len, gsize name_len)
{
  const char *term = parser->text + offset;
  gsize value_offset = offset + name_len + 1;
  gsize value_len = len - name_len - 1;
  gboolean redirect = name_len == 8 && g_ascii_strncasecmp (term, "redirect", 8) == 0;
  gboolean exp = name_len == 3 && g_ascii_strncasecmp (term, "exp", 3) == 0;
  char **slot = redirect ? &record->redirect : exp ? &record->explanation : NULL;

  if (!check_macro_string (parser, value_offset, value_len, slot != NULL, offset, len))
    return FALSE;
  if (slot == NULL)
    {
      g_ptr_array_add (record->modifiers, g_strndup (term, len));
      return TRUE;
    }
  if (*slot != NULL)
    return syntax_error (parser, offset, len,
                         redirect ? _ ("“redirect=” may appear only once")
                                  : _ ("“exp=” may appear only once"));
  *slot = g_strndup (parser->text + value_offset, value_len);
  if (redirect)
    record->dns_lookups++;
  return TRUE;
}

static gboolean
parse_mechanism_argument (Parser *parser,
                          AuraSpfMechanism *mechanism,
                          const char *arg,
                          gsize arg_len,
                          gsize offset,
                          gsize len)
{
  gboolean has_domain = arg_len > 0 && arg[0] == ':';
  gsize spec_len;

  switch (mechanism->type)
    {
      case AURA_SPF_ALL:
        if (arg_len > 0)
          return syntax_error (parser, offset, len, _ ("“all” takes no argument"));
        return TRUE;
      case AURA_SPF_INCLUDE:
      case AURA_SPF_EXISTS:
        if (!has_domain)
          return syntax_error (parser, offset, len, _ ("this mechanism needs a domain after “:”"));
        G_GNUC_FALLTHROUGH;
      case AURA_SPF_A:
      case AURA_SPF_MX:
      case AURA_SPF_PTR:
        if (arg_len > 0 && !has_domain && arg[0] != '/')
          return syntax_error (parser, offset, len, _ ("unknown mechanism"));
        spec_len = has_domain ? find_cidr (arg + 1, arg_len - 1) : 0;
        if (has_domain)
          {
            gsize spec_offset = (gsize)(arg + 1 - parser->text);

            if (spec_len == 0)
              return syntax_error (parser, offset, len, _ ("the domain after “:” is empty"));
            if (!check_macro_string (parser, spec_offset, spec_len, TRUE, offset, len))
              return FALSE;
            mechanism->domain = g_strndup (arg + 1, spec_len);
          }
        {
          const char *cidr = arg + (has_domain ? 1 + spec_len : 0);
          gsize cidr_len = arg_len - (cidr - arg);
          gboolean dual = mechanism->type == AURA_SPF_A || mechanism->type == AURA_SPF_MX;

          if (!dual && cidr_len > 0)
            return syntax_error (parser, offset, len,
                                 _ ("only a, mx, ip4 and ip6 take a prefix length"));
          if (!read_cidr (cidr, cidr_len, TRUE, TRUE, &mechanism->cidr4, &mechanism->cidr6))
            return syntax_error (parser, offset, len,
                                 _ ("the prefix length must be /0 to /32 for IPv4, //0 to "
                                    "//128 for IPv6"));
        }
        return TRUE;
      case AURA_SPF_IP4:
      case AURA_SPF_IP6:
        {
          gboolean four = mechanism->type == AURA_SPF_IP4;
          const char *slash;
          gsize net_len;

          if (!has_domain)
            return syntax_error (parser, offset, len, _ ("an address must follow “:”"));
          slash = memchr (arg, '/', arg_len);
          net_len = (slash != NULL ? (gsize)(slash - arg) : arg_len) - 1;
          if (four ? !is_ip4_network (arg + 1, net_len) : !is_ip6_network (arg + 1, net_len))
            return syntax_error (parser, offset, len,
                                 four ? _ ("this is not an IPv4 address as SPF writes them "
                                           "(four numbers 0–255, no leading zeros)")
                                      : _ ("this is not an IPv6 address"));
          mechanism->network = g_strndup (arg + 1, net_len);
          if (!read_cidr (arg + 1 + net_len, arg_len - 1 - net_len, four, !four, &mechanism->cidr4,
                          &mechanism->cidr6))
            return syntax_error (parser, offset, len,
                                 four ? _ ("the prefix length of ip4 must be /0 to /32")
                                      : _ ("the prefix length of ip6 must be /0 to /128"));
          return TRUE;
        }
    }
  return TRUE;
}

static gboolean
parse_directive (Parser *parser, AuraSpfRecord *record, gsize offset, gsize len)
{
  const char *term = parser->text + offset;
  g_autoptr (GPtrArray) keep = g_ptr_array_new_with_free_func (mechanism_free);
  AuraSpfMechanism *mechanism = g_new0 (AuraSpfMechanism, 1);
  gsize start = 0;
  gsize name_len;
  gboolean known = FALSE;

  g_ptr_array_add (keep, mechanism);
  mechanism->qualifier = AURA_SPF_PASS;
  mechanism->cidr4 = -1;
  mechanism->cidr6 = -1;
  mechanism->offset = offset;
  if (strchr ("+-~?", term[0]) != NULL)
    {
      mechanism->qualifier = (AuraSpfQualifier)term[0];
      start = 1;
    }
  name_len = start;
  while (name_len < len && g_ascii_isalnum (term[name_len]))
    name_len++;
  name_len -= start;
  for (guint i = 0; i < G_N_ELEMENTS (mechanism_names) && !known; i++)
    if (strlen (mechanism_names[i]) == name_len &&
        g_ascii_strncasecmp (term + start, mechanism_names[i], name_len) == 0)
      {
        mechanism->type = (AuraSpfMechanismType)i;
        known = TRUE;
      }
  if (!known)
    return syntax_error (parser, offset, len,
                         name_len == 0 && start == 1
                             ? _ ("a qualifier must be followed by a mechanism")
                             : _ ("unknown mechanism (SPF knows all, include, a, mx, "
                                  "ptr, ip4, ip6 and exists)"));
  if (!parse_mechanism_argument (parser, mechanism, term + start + name_len, len - start - name_len,
                                 offset, len))
    return FALSE;
  switch (mechanism->type)
    {
      case AURA_SPF_INCLUDE:
      case AURA_SPF_A:
      case AURA_SPF_MX:
      case AURA_SPF_PTR:
      case AURA_SPF_EXISTS:
        record->dns_lookups++;
        break;
      default:
        break;
    }
  g_ptr_array_add (record->mechanisms, g_ptr_array_steal_index (keep, 0));
  return TRUE;
}

/* The length of a modifier's name when the term is one ("name="), else 0. */
static gsize
modifier_name_length (const char *term, gsize len)
{
  gsize i = 0;

  if (len == 0 || !g_ascii_isalpha (term[0]))
    return 0;
  while (i < len &&
         (g_ascii_isalnum (term[i]) || term[i] == '-' || term[i] == '_' || term[i] == '.'))
    i++;
  return i < len && term[i] == '=' ? i : 0;
}

/* Warnings ------------------------------------------------------------------------------- */

static void
add_warnings (AuraSpfRecord *record)
{
  gssize all = -1;

  for (guint i = 0; i < record->mechanisms->len; i++)
    {
      const AuraSpfMechanism *mechanism = g_ptr_array_index (record->mechanisms, i);

      if (mechanism->type == AURA_SPF_PTR)
        g_ptr_array_add (record->warnings,
                         g_strdup (_ ("“ptr” is slow and deprecated (RFC 7208 §5.5); "
                                      "receivers may skip it.")));
      if (mechanism->type == AURA_SPF_ALL && all < 0)
        {
          all = i;
          if (mechanism->qualifier == AURA_SPF_PASS)
            g_ptr_array_add (record->warnings,
                             g_strdup (_ ("“+all” lets any server on the Internet send mail "
                                          "as this domain.")));
        }
    }
  if (all >= 0 && (guint)all + 1 < record->mechanisms->len)
    g_ptr_array_add (record->warnings, g_strdup (_ ("Mechanisms after “all” are never reached.")));
  if (all >= 0 && record->redirect != NULL)
    g_ptr_array_add (record->warnings,
                     g_strdup (_ ("“redirect=” is ignored because the record has “all” "
                                  "(RFC 7208 §6.1).")));
  if (all < 0 && record->redirect == NULL)
    g_ptr_array_add (record->warnings,
                     g_strdup (_ ("The record ends without “all” or “redirect=”, so other "
                                  "senders get a neutral result.")));
  if (record->dns_lookups > SPF_LOOKUP_LIMIT)
    g_ptr_array_add (record->warnings,
                     g_strdup_printf (_ ("This record alone needs %u DNS lookups; receivers "
                                         "stop at %u and fail it (permerror)."),
                                      record->dns_lookups, SPF_LOOKUP_LIMIT));
}

/**
 * aura_spf_parse:
 * @text: the record, as one string (the TXT strings joined)
 * @error_offset: (out) (optional): where the error is, as a byte offset
 * @error: where to put the reason the record is invalid
 *
 * Returns: (transfer full): the parsed record, or NULL with @error set
 */
AuraSpfRecord *
aura_spf_parse (const char *text, gsize *error_offset, GError **error)
{
  g_autoptr (AuraSpfRecord) record = NULL;
  Parser parser = { text, error_offset, error };
  gsize len;
  gsize pos = 6;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (error_offset != NULL)
    *error_offset = 0;
  len = strnlen (text, DNS_POLICY_MAX_LEN + 1);
  if (!aura_spf_is_record (text))
    {
      g_set_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_NOT_POLICY,
                   _ ("This is not an SPF record: it does not start with “v=spf1” and a "
                      "space."));
      return NULL;
    }
  if (len > DNS_POLICY_MAX_LEN)
    {
      if (error_offset != NULL)
        *error_offset = DNS_POLICY_MAX_LEN;
      g_set_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_POLICY_SYNTAX,
                   _ ("The SPF record is longer than %u bytes; Aura does not read it."),
                   DNS_POLICY_MAX_LEN);
      return NULL;
    }

  record = g_new0 (AuraSpfRecord, 1);
  record->mechanisms = g_ptr_array_new_with_free_func (mechanism_free);
  record->modifiers = g_ptr_array_new_with_free_func (g_free);
  record->warnings = g_ptr_array_new_with_free_func (g_free);
  while (pos < len)
    {
      gsize start;
      gsize name_len;

      if (text[pos] != ' ')
        {
          syntax_error (&parser, pos, 1,
                        _ ("terms are separated by spaces only (no tabs or other characters)"));
          return NULL;
        }
      while (pos < len && text[pos] == ' ')
        pos++;
      if (pos == len)
        break;
      start = pos;
      while (pos < len && text[pos] != ' ')
        pos++;
      name_len = modifier_name_length (text + start, pos - start);
      if (name_len > 0 ? !parse_modifier (&parser, record, start, pos - start, name_len)
                       : !parse_directive (&parser, record, start, pos - start))
        return NULL;
    }
  add_warnings (record);
  return g_steal_pointer (&record);
}
