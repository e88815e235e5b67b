/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-web"
#include "config.h"

#include <libpsl.h>
#include <string.h>

#include "aura-page-extract-private.h"

/* Text cleaning and email addresses in visible text. */

/* Characters that change how text is shown without being part of it:
 * zero-width spaces, bidirectional marks, embeddings, overrides and
 * isolates, the byte-order mark, soft hyphens. They are how look-alike
 * names are made, so they never reach a value. ZWJ and ZWNJ are needed by
 * Persian, Indic scripts and emoji sequences: only names lose them. */
static gboolean
is_invisible (gunichar c, gboolean name)
{
  switch (c)
    {
      case 0x00AD:
      case 0x061C:
      case 0x180E:
      case 0x200B:
      case 0x200E:
      case 0x200F:
      case 0x2060:
      case 0x2061:
      case 0x2062:
      case 0x2063:
      case 0x2064:
      case 0xFEFF:
        return TRUE;
      case 0x200C:
      case 0x200D:
        return name;
      default:
        break;
    }
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) ||
         (name && g_unichar_type (c) == G_UNICODE_FORMAT);
}

char *
aura_page_clean_text (const char *raw, gssize len, gboolean name, guint max_chars)
{
  g_autofree char *valid = NULL;
  g_autofree char *nfc = NULL;
  g_autoptr (GString) out = NULL;
  gboolean pending_space = FALSE;
  guint n_chars = 0;

  if (raw == NULL)
    return NULL;
  valid = g_utf8_make_valid (raw, len);
  out = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p != '\0' && n_chars < max_chars; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == '\t' || c == '\n' || c == '\r')
        {
          pending_space = TRUE;
          continue;
        }
      if (g_unichar_type (c) == G_UNICODE_CONTROL || is_invisible (c, name))
        continue;
      if (pending_space && out->len > 0)
        {
          g_string_append_c (out, ' ');
          n_chars++;
        }
      pending_space = FALSE;
      g_string_append_unichar (out, c);
      n_chars++;
    }
  if (out->len == 0)
    return NULL;
  nfc = g_utf8_normalize (out->str, (gssize)out->len, G_NORMALIZE_DEFAULT_COMPOSE);
  return g_steal_pointer (&nfc);
}

/* ------------------------------------------------------------------------ */
/* Domains                                                                   */

static const psl_ctx_t *
get_psl (void)
{
  static gsize initialised = 0;
  static const psl_ctx_t *psl = NULL;

  /* The system list (Debian's publicsuffix package) is fresher than the
   * copy built into libpsl; either answers the same questions. */
  if (g_once_init_enter (&initialised))
    {
      psl = psl_latest (NULL);
      if (psl == NULL)
        psl = psl_builtin ();
      g_once_init_leave (&initialised, 1);
    }
  return psl;
}

char *
aura_page_site_of_host (const char *host)
{
  g_autofree char *lower = g_ascii_strdown (host, -1);
  const psl_ctx_t *psl = get_psl ();
  const char *site = psl != NULL ? psl_registrable_domain (psl, lower) : NULL;

  return g_strdup (site != NULL ? site : lower);
}

gboolean
aura_page_has_public_suffix (const char *domain)
{
  const psl_ctx_t *psl = get_psl ();
  const char *dot = strrchr (domain, '.');
  g_autofree char *tld = NULL;

  if (dot == NULL || dot[1] == '\0')
    return FALSE;
  tld = g_ascii_strdown (dot + 1, -1);
  for (const char *p = tld; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-')
      return FALSE;
  /* Without a list, an alphabetic label of two letters or more will do. */
  if (psl == NULL)
    return strlen (tld) >= 2 && g_ascii_isalpha (tld[0]);
  return psl_is_public_suffix2 (psl, tld, PSL_TYPE_ICANN | PSL_TYPE_NO_STAR_RULE) != 0;
}

/* ------------------------------------------------------------------------ */
/* Email addresses in text                                                   */

#define MAX_LOCAL 64
#define MAX_DOMAIN 253

static gboolean
is_local_char (char c)
{
  return g_ascii_isalnum (c) || (c != '\0' && strchr ("._%+-", c) != NULL);
}

static gboolean
is_label_char (char c)
{
  return g_ascii_isalnum (c) || c == '-';
}

/* Matches a bracketed word like “[at]”, “( dot )” or “{AT}” at @p, with
 * spaces allowed inside the brackets. Returns its length, or 0. */
static gsize
match_token (const char *p, const char *end, const char *word)
{
  static const char opens[] = "[({";
  static const char closes[] = "])}";
  const char *open = p < end ? strchr (opens, *p) : NULL;
  const char *q = p + 1;
  gsize wlen = strlen (word);

  if (open == NULL || *p == '\0')
    return 0;
  while (q < end && *q == ' ')
    q++;
  if ((gsize)(end - q) < wlen || g_ascii_strncasecmp (q, word, wlen) != 0)
    return 0;
  q += wlen;
  while (q < end && *q == ' ')
    q++;
  if (q >= end || *q != closes[open - opens])
    return 0;
  return (gsize)(q + 1 - p);
}

static const char *
skip_spaces (const char *p, const char *end)
{
  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  return p;
}

/* Reads “example [dot] com” or “example.com” from @p into @domain; returns
 * where it ended. A separator is a literal dot or a bracketed “dot”. */
static const char *
read_domain (const char *p, const char *end, GString *domain)
{
  const char *last_end = p;

  while (p < end && domain->len < MAX_DOMAIN)
    {
      const char *label = p;
      const char *q;
      gsize token;

      while (p < end && is_label_char (*p) && (gsize)(p - label) < 63)
        p++;
      if (p == label)
        break;
      g_string_append_len (domain, label, p - label);
      last_end = p;
      if (p < end && *p == '.' && p + 1 < end && is_label_char (p[1]))
        {
          g_string_append_c (domain, '.');
          p++;
          continue;
        }
      q = skip_spaces (p, end);
      token = match_token (q, end, "dot");
      if (token == 0)
        break;
      q = skip_spaces (q + token, end);
      if (q >= end || !is_label_char (*q))
        break;
      g_string_append_c (domain, '.');
      p = q;
    }
  /* A separator that no label followed is not part of the address. */
  if (domain->len > 0 && domain->str[domain->len - 1] == '.')
    g_string_truncate (domain, domain->len - 1);
  return last_end;
}

/* Tries an address around the “@” (or bracketed “at”) at [@at, @at_end).
 * Returns where the scan may resume. */
static const char *
try_address (AuraPageBuilder *b,
             const char *text,
             const char *at,
             const char *at_end,
             const char *end,
             gboolean obfuscated)
{
  g_autoptr (GString) domain = g_string_new (NULL);
  g_autofree char *address = NULL;
  const char *local_end = at;
  const char *local;
  const char *after;

  if (obfuscated)
    while (local_end > text && local_end[-1] == ' ')
      local_end--;
  local = local_end;
  while (local > text && is_local_char (local[-1]) && local_end - local < MAX_LOCAL)
    local--;
  /* “a@b@c”, or a local part longer than the cap, is ambiguous: skip it. */
  if (local > text && (local[-1] == '@' || is_local_char (local[-1])))
    return at_end;
  while (local < local_end && (*local == '.' || *local == '-'))
    local++;
  if (local == local_end)
    return at_end;
  after = obfuscated ? skip_spaces (at_end, end) : at_end;
  after = read_domain (after, end, domain);
  if (domain->len == 0 || strchr (domain->str, '.') == NULL || (after < end && *after == '@'))
    return at_end;
  if (!aura_page_has_public_suffix (domain->str))
    return after;
  address = g_strdup_printf ("%.*s@%s", (int)(local_end - local), local, domain->str);
  aura_page_builder_add_email (b, address, AURA_PAGE_SOURCE_TEXT,
                               obfuscated ? "text (de-obfuscated)" : "text");
  return after;
}

void
aura_page_scan_text_emails (AuraPageBuilder *b, const char *text, gsize len)
{
  const char *end = text + len;
  const char *p = text;

  /* Each candidate looks at most 64 bytes back and 253 forward, so the
   * scan stays linear whatever the text. */
  while (p < end && b->info->emails->len < b->limits.max_emails)
    {
      gsize token;

      if (*p == '@')
        {
          p = try_address (b, text, p, p + 1, end, FALSE);
          continue;
        }
      if ((*p == '[' || *p == '(' || *p == '{') && (token = match_token (p, end, "at")) > 0)
        {
          p = try_address (b, text, p, p + token, end, TRUE);
          continue;
        }
      p++;
    }
}
