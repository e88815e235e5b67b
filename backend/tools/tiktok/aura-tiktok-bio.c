/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-tiktok"
#include "config.h"

#include <string.h>

#include "aura-tiktok-private.h"

/* A bio's links, @mentions, #hashtags and email addresses, with where each
 * stands, ready to become entities. Three passes over the text: links
 * first, then email addresses outside them, then mentions, hashtags and
 * bare domains outside both; the items are then put in text order. */

#define MAX_ITEMS 200
#define MAX_HASHTAG_CHARS 100

void
aura_tiktok_bio_item_free (AuraTikTokBioItem *item)
{
  if (item == NULL)
    return;
  g_free (item->value);
  g_free (item->text);
  g_free (item);
}

const char *
aura_tiktok_bio_kind_to_string (AuraTikTokBioKind kind)
{
  static const char *const names[] = { "link", "mention", "hashtag", "email" };

  g_return_val_if_fail (kind <= AURA_TIKTOK_BIO_EMAIL, NULL);
  return names[kind];
}

typedef struct
{
  const char *bio;
  gsize len;
  GPtrArray *items;
  GHashTable *seen; /* "kind\tfolded value" */
  guint8 *taken;    /* bytes already part of an item */
} Scan;

static gboolean
is_taken (Scan *s, gsize start, gsize end)
{
  for (gsize i = start; i < end; i++)
    if (s->taken[i])
      return TRUE;
  return FALSE;
}

static void
add_item (Scan *s, AuraTikTokBioKind kind, char *value, gsize start, gsize end)
{
  g_autofree char *owned = value;
  g_autofree char *folded = g_utf8_casefold (value, -1);
  g_autofree char *key = g_strdup_printf ("%d\t%s", kind, folded);
  AuraTikTokBioItem *item;

  memset (s->taken + start, 1, end - start);
  if (s->items->len >= MAX_ITEMS || !g_hash_table_add (s->seen, g_steal_pointer (&key)))
    return;
  item = g_new0 (AuraTikTokBioItem, 1);
  item->kind = kind;
  item->value = g_steal_pointer (&owned);
  item->text = g_strndup (s->bio + start, end - start);
  item->offset = (gssize)start;
  item->char_offset = g_utf8_pointer_to_offset (s->bio, s->bio + start);
  item->length = end - start;
  g_ptr_array_add (s->items, item);
}

/* The character before byte @at, 0 at the start. */
static gunichar
char_before (Scan *s, gsize at)
{
  if (at == 0)
    return 0;
  return g_utf8_get_char (g_utf8_find_prev_char (s->bio, s->bio + at));
}

static gboolean
is_word_char (gunichar c)
{
  return c != 0 && (g_unichar_isalnum (c) || c == '_' || g_unichar_ismark (c));
}

/* ---- Links ---------------------------------------------------------------- */

static gboolean
url_char (char c)
{
  return (guchar)c > ' ' && (guchar)c < 0x80 && strchr ("<>\"`{}|\\^", c) == NULL;
}

/* Drops what ends a sentence rather than the link; a closing bracket
 * stays when the link opened it ("…/Bread_(food)"). */
static gsize
trim_url_end (const char *text, gsize start, gsize end)
{
  while (end > start && strchr (".,;:!?)]}'*", text[end - 1]) != NULL)
    {
      if (text[end - 1] == ')')
        {
          guint open = 0, close = 0;

          for (gsize i = start; i < end; i++)
            {
              open += text[i] == '(';
              close += text[i] == ')';
            }
          if (open >= close)
            break;
        }
      end--;
    }
  return end;
}

static gboolean
valid_web_url (const char *url)
{
  g_autoptr (GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED, NULL);
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

  return host != NULL && strchr (host, '.') != NULL && strlen (url) <= AURA_TIKTOK_MAX_URL_BYTES;
}

static void
scan_links (Scan *s)
{
  for (gsize i = 0; i < s->len; i++)
    {
      gsize prefix = 0, end;
      gboolean www = FALSE;

      if (g_ascii_strncasecmp (s->bio + i, "https://", 8) == 0)
        prefix = 8;
      else if (g_ascii_strncasecmp (s->bio + i, "http://", 7) == 0)
        prefix = 7;
      else if (g_ascii_strncasecmp (s->bio + i, "www.", 4) == 0)
        www = TRUE;
      if ((prefix == 0 && !www) || is_word_char (char_before (s, i)))
        continue;
      for (end = i + prefix; end < s->len && url_char (s->bio[end]); end++)
        ;
      end = trim_url_end (s->bio, i + prefix, end);
      if (end > i + prefix + 3)
        {
          g_autofree char *text = g_strndup (s->bio + i, end - i);
          char *url = www ? g_strconcat ("https://", text, NULL) : g_steal_pointer (&text);

          if (valid_web_url (url))
            add_item (s, AURA_TIKTOK_BIO_LINK, url, i, end);
          else
            g_free (url);
          i = end - 1;
        }
    }
}

/* ---- Email addresses ------------------------------------------------------ */

static gboolean
local_char (char c)
{
  return g_ascii_isalnum (c) || strchr ("._%+-", c) != NULL;
}

static gboolean
domain_char (char c)
{
  return g_ascii_isalnum (c) || c == '.' || c == '-';
}

static void
scan_emails (Scan *s)
{
  for (gsize at = 1; at + 1 < s->len; at++)
    {
      gsize start = at, end = at + 1;

      if (s->bio[at] != '@' || s->taken[at])
        continue;
      while (start > 0 && local_char (s->bio[start - 1]))
        start--;
      while (end < s->len && domain_char (s->bio[end]))
        end++;
      while (end > at + 1 && (s->bio[end - 1] == '.' || s->bio[end - 1] == '-'))
        end--;
      while (start < at && s->bio[start] == '.')
        start++;
      if (start == at || end <= at + 1 || at - start > 64 || end - at - 1 > 253 ||
          is_taken (s, start, end))
        continue;
      {
        g_autofree char *domain = g_strndup (s->bio + at + 1, end - at - 1);

        if (strstr (domain, "..") != NULL || domain[0] == '.' ||
            !aura_tiktok_domain_has_suffix (domain))
          continue;
      }
      add_item (s, AURA_TIKTOK_BIO_EMAIL, g_ascii_strdown (s->bio + start, (gssize)(end - start)),
                start, end);
    }
}

/* ---- Mentions, hashtags and bare domains ---------------------------------- */

static gsize
scan_mention (Scan *s, gsize at)
{
  gsize end = at + 1;

  while (end < s->len && end - at - 1 < AURA_TIKTOK_HANDLE_MAX &&
         aura_tiktok_is_handle_char ((guchar)s->bio[end]))
    end++;
  /* A longer run is not a handle; neither is the part of it that fits. */
  if (end < s->len && aura_tiktok_is_handle_char ((guchar)s->bio[end]))
    return end;
  while (end > at + 1 && s->bio[end - 1] == '.')
    end--;
  if (end - at - 1 >= AURA_TIKTOK_HANDLE_MIN && !is_taken (s, at, end))
    add_item (s, AURA_TIKTOK_BIO_MENTION, g_ascii_strdown (s->bio + at + 1, (gssize)(end - at - 1)),
              at, end);
  return end;
}

static gsize
scan_hashtag (Scan *s, gsize at)
{
  const char *p = s->bio + at + 1;
  const char *end = s->bio + s->len;
  gboolean letter = FALSE;
  guint chars = 0;

  while (p < end && chars < MAX_HASHTAG_CHARS)
    {
      gunichar c = g_utf8_get_char (p);

      if (!is_word_char (c))
        break;
      if (!g_unichar_isdigit (c))
        letter = TRUE;
      p = g_utf8_next_char (p);
      chars++;
    }
  if (chars > 0 && letter && !is_taken (s, at, (gsize)(p - s->bio)))
    add_item (s, AURA_TIKTOK_BIO_HASHTAG, g_strndup (s->bio + at + 1, (gsize)(p - s->bio) - at - 1),
              at, (gsize)(p - s->bio));
  return (gsize)(p - s->bio);
}

/* Top-level domains that bios name without a scheme often enough, and
 * that ordinary words joined by a dot rarely end with. */
static gboolean
common_tld (const char *tld)
{
  static const char *const tlds[] = { "com", "net", "org", "io", "me",  "co",   "ee",
                                      "gg",  "ly",  "to",  "tv", "app", "bio",  "link",
                                      "uk",  "de",  "fr",  "es", "it",  "shop", "store" };

  for (guint i = 0; i < G_N_ELEMENTS (tlds); i++)
    if (g_ascii_strcasecmp (tld, tlds[i]) == 0)
      return TRUE;
  return FALSE;
}

/* "linktr.ee/name", "example.com": a link without a scheme. */
static gsize
scan_bare_domain (Scan *s, gsize at)
{
  gsize end = at, host_end;
  const char *dot;
  g_autofree char *host = NULL;

  while (end < s->len && domain_char (s->bio[end]))
    end++;
  while (end > at && (s->bio[end - 1] == '.' || s->bio[end - 1] == '-'))
    end--;
  host_end = end;
  host = g_strndup (s->bio + at, host_end - at);
  dot = strrchr (host, '.');
  if (dot == NULL || strstr (host, "..") != NULL || !g_ascii_isalpha (dot[1]) ||
      !aura_tiktok_domain_has_suffix (host))
    return MAX (host_end, at + 1);
  if (end < s->len && s->bio[end] == '/')
    {
      while (end < s->len && url_char (s->bio[end]))
        end++;
      end = trim_url_end (s->bio, host_end, end);
    }
  else if (!common_tld (dot + 1))
    return host_end;
  if (!is_taken (s, at, end) && (end >= s->len || s->bio[end] != '@'))
    {
      g_autofree char *text = g_strndup (s->bio + at, end - at);

      add_item (s, AURA_TIKTOK_BIO_LINK, g_strconcat ("https://", text, NULL), at, end);
    }
  return end;
}

static void
scan_words (Scan *s)
{
  gsize i = 0;

  while (i < s->len)
    {
      gunichar before = char_before (s, i);
      char c = s->bio[i];

      if (s->taken[i])
        i++;
      else if (c == '@' && !is_word_char (before))
        i = scan_mention (s, i);
      else if (c == '#' && !is_word_char (before))
        i = scan_hashtag (s, i);
      else if (g_ascii_isalnum (c) && !is_word_char (before) && before != '@' && before != '.' &&
               before != '#')
        i = scan_bare_domain (s, i);
      else
        i = (gsize)(g_utf8_next_char (s->bio + i) - s->bio);
    }
}

static int
compare_items (gconstpointer a, gconstpointer b)
{
  const AuraTikTokBioItem *x = *(AuraTikTokBioItem *const *)a;
  const AuraTikTokBioItem *y = *(AuraTikTokBioItem *const *)b;

  return (x->offset > y->offset) - (x->offset < y->offset);
}

/**
 * aura_tiktok_analyse_bio:
 * @bio: (nullable): the bio, UTF-8 (repaired when invalid)
 * @bio_link: (nullable): the profile's bio link
 *
 * Returns: (transfer container) (element-type AuraTikTokBioItem): what the
 *   bio holds, in text order, the bio link first
 */
GPtrArray *
aura_tiktok_analyse_bio (const char *bio, const char *bio_link)
{
  g_autofree char *valid = bio != NULL ? g_utf8_make_valid (bio, -1) : g_strdup ("");
  Scan s = { 0 };

  s.bio = valid;
  s.len = strlen (valid);
  s.items = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_tiktok_bio_item_free);
  s.seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  s.taken = g_malloc0 (s.len + 1);
  if (bio_link != NULL && *bio_link != '\0')
    {
      AuraTikTokBioItem *item = g_new0 (AuraTikTokBioItem, 1);
      g_autofree char *folded = g_utf8_casefold (bio_link, -1);

      item->kind = AURA_TIKTOK_BIO_LINK;
      item->value = g_strdup (bio_link);
      item->text = g_strdup (bio_link);
      item->offset = -1;
      item->char_offset = -1;
      item->length = strlen (bio_link);
      g_ptr_array_add (s.items, item);
      g_hash_table_add (s.seen, g_strdup_printf ("%d\t%s", AURA_TIKTOK_BIO_LINK, folded));
    }
  scan_links (&s);
  scan_emails (&s);
  scan_words (&s);
  g_ptr_array_sort (s.items, compare_items);
  g_hash_table_unref (s.seen);
  g_free (s.taken);
  return s.items;
}
