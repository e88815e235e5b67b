/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-web"
#include "config.h"

#include <string.h>

#include "aura-page-extract-private.h"

/* The builder fills an AuraPageInfo: it cleans every value, resolves and
 * filters URLs, deduplicates, keeps the best source of single values, and
 * enforces the per-list limits. */

static void
set_default (gsize *field, gsize value)
{
  if (*field == 0)
    *field = value;
}

static void
set_default_uint (guint *field, guint value)
{
  if (*field == 0)
    *field = value;
}

/* The last non-empty path segment of @uri, unescaped, without “@”: the
 * handle a profile URL names (github.com/alice, tiktok.com/@alice). */
static char *
handle_of_uri (GUri *uri)
{
  g_auto (GStrv) segments = g_strsplit (g_uri_get_path (uri), "/", -1);
  const char *last = NULL;
  char *unescaped;

  for (guint i = 0; segments[i] != NULL; i++)
    if (*segments[i] != '\0')
      last = segments[i];
  if (last == NULL)
    return NULL;
  unescaped = g_uri_unescape_string (last[0] == '@' ? last + 1 : last, NULL);
  if (unescaped != NULL && (*unescaped == '\0' || !g_utf8_validate (unescaped, -1, NULL)))
    g_clear_pointer (&unescaped, g_free);
  return unescaped;
}

void
aura_page_builder_init (AuraPageBuilder *b,
                        AuraPageInfo *info,
                        const AuraPageLimits *limits,
                        const char *page_url)
{
  memset (b, 0, sizeof *b);
  b->info = info;
  if (limits != NULL)
    b->limits = *limits;
  set_default (&b->limits.max_bytes, AURA_PAGE_DEFAULT_MAX_BYTES);
  set_default_uint (&b->limits.max_links, 200);
  set_default_uint (&b->limits.max_emails, 50);
  set_default_uint (&b->limits.max_phones, 50);
  set_default_uint (&b->limits.max_handles, 100);
  set_default_uint (&b->limits.max_values, 50);
  set_default (&b->limits.max_json_bytes, 2 * 1024 * 1024);
  set_default (&b->limits.max_json_total, 8 * 1024 * 1024);
  set_default_uint (&b->limits.max_json_depth, 64);
  set_default_uint (&b->limits.max_json_nodes, 200000);
  for (guint i = 0; i < AURA_PAGE_N_SLOTS; i++)
    b->ranks[i] = AURA_PAGE_RANK_NONE;
  b->link_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  b->handle_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  b->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (page_url != NULL)
    {
      g_autoptr (GUri) uri =
          g_uri_parse (page_url, G_URI_FLAGS_ENCODED | G_URI_FLAGS_NON_DNS, NULL);
      const char *scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;

      if (scheme != NULL && g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0' &&
          (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0))
        {
          b->base = g_uri_to_string (uri);
          b->page_site = aura_page_site_of_host (g_uri_get_host (uri));
          b->page_handle = handle_of_uri (uri);
          b->page_key = aura_entity_normalize (AURA_ENTITY_URL, b->base, NULL, NULL);
        }
    }
}

void
aura_page_builder_clear (AuraPageBuilder *b)
{
  g_clear_pointer (&b->base, g_free);
  g_clear_pointer (&b->page_site, g_free);
  g_clear_pointer (&b->page_handle, g_free);
  g_clear_pointer (&b->page_key, g_free);
  g_clear_pointer (&b->twitter_site, g_free);
  g_clear_pointer (&b->link_index, g_hash_table_unref);
  g_clear_pointer (&b->handle_index, g_hash_table_unref);
  g_clear_pointer (&b->seen, g_hash_table_unref);
}

/* ------------------------------------------------------------------------ */
/* URLs                                                                      */

/* Prepares an href as browsers do: surrounding white space and controls
 * go, tabs and line breaks inside are dropped, backslashes are slashes,
 * and a “%” that starts no escape is escaped itself. */
static char *
clean_href (const char *href)
{
  GString *out = g_string_new (NULL);
  const char *end = href + strlen (href);

  while (*href != '\0' && (guchar)*href <= ' ')
    href++;
  while (end > href && (guchar)end[-1] <= ' ')
    end--;
  for (const char *p = href; p < end; p++)
    {
      if (*p == '\t' || *p == '\n' || *p == '\r')
        continue;
      if (*p == '\\')
        g_string_append_c (out, '/');
      else if (*p == '%' && !(g_ascii_isxdigit (p[1]) && g_ascii_isxdigit (p[2])))
        g_string_append (out, "%25");
      else if ((guchar)*p < ' ' || *p == 0x7f || strchr ("\"<>`", *p) != NULL)
        g_string_append_printf (out, "%%%02X", (guchar)*p);
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* An absolute http(s) URL for @href, or NULL: other schemes (javascript:,
 * data:, file:…) are dropped, and relative links need a base. */
static char *
resolve_url (const char *base, const char *href)
{
  g_autofree char *clean = NULL;
  g_autofree char *absolute = NULL;
  g_autoptr (GUri) uri = NULL;
  const char *scheme;
  const char *host;

  if (href == NULL)
    return NULL;
  clean = clean_href (href);
  if (*clean == '\0' || strlen (clean) > AURA_PAGE_MAX_URL_BYTES ||
      !g_utf8_validate (clean, -1, NULL))
    return NULL;
  scheme = g_uri_peek_scheme (clean);
  if (scheme != NULL && strcmp (scheme, "http") != 0 && strcmp (scheme, "https") != 0)
    return NULL;
  if (scheme != NULL)
    absolute = g_steal_pointer (&clean);
  else if (base != NULL)
    absolute =
        g_uri_resolve_relative (base, clean, G_URI_FLAGS_ENCODED | G_URI_FLAGS_NON_DNS, NULL);
  if (absolute == NULL)
    return NULL;
  uri = g_uri_parse (absolute, G_URI_FLAGS_ENCODED | G_URI_FLAGS_NON_DNS, NULL);
  if (uri == NULL)
    return NULL;
  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0' ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0))
    return NULL;
  return g_uri_to_string (uri);
}

void
aura_page_builder_set_base (AuraPageBuilder *b, const char *href)
{
  char *base = resolve_url (b->base, href);

  if (base != NULL)
    {
      g_free (b->base);
      b->base = base;
    }
}

/* ------------------------------------------------------------------------ */
/* Single values                                                             */

static AuraPageValue **
slot_pointer (AuraPageInfo *info, AuraPageSlot slot)
{
  switch (slot)
    {
      case AURA_PAGE_SLOT_TITLE:
        return &info->title;
      case AURA_PAGE_SLOT_DISPLAY_NAME:
        return &info->display_name;
      case AURA_PAGE_SLOT_USERNAME:
        return &info->username;
      case AURA_PAGE_SLOT_DESCRIPTION:
        return &info->description;
      case AURA_PAGE_SLOT_IMAGE:
        return &info->image;
      case AURA_PAGE_SLOT_CANONICAL_URL:
        return &info->canonical_url;
      case AURA_PAGE_SLOT_SITE_NAME:
      case AURA_PAGE_N_SLOTS:
      default:
        return &info->site_name;
    }
}

static AuraPageValue *
value_new (char *value, AuraPageSource source, const char *field)
{
  AuraPageValue *v = g_new0 (AuraPageValue, 1);

  v->value = value;
  v->source = source;
  v->field = g_strdup (field);
  return v;
}

static void
store_slot (AuraPageBuilder *b,
            AuraPageSlot slot,
            AuraPageRank rank,
            char *value,
            AuraPageSource source,
            const char *field)
{
  AuraPageValue **pointer = slot_pointer (b->info, slot);

  if (value == NULL || rank >= b->ranks[slot])
    {
      g_free (value);
      return;
    }
  if (*pointer != NULL)
    {
      g_free ((*pointer)->value);
      g_free ((*pointer)->field);
      g_free (*pointer);
    }
  *pointer = value_new (value, source, field);
  b->ranks[slot] = rank;
}

void
aura_page_builder_set (AuraPageBuilder *b,
                       AuraPageSlot slot,
                       AuraPageRank rank,
                       const char *raw,
                       AuraPageSource source,
                       const char *field)
{
  gboolean name = slot == AURA_PAGE_SLOT_DISPLAY_NAME || slot == AURA_PAGE_SLOT_USERNAME;
  guint max =
      slot == AURA_PAGE_SLOT_DESCRIPTION ? AURA_PAGE_MAX_TEXT_CHARS : AURA_PAGE_MAX_NAME_CHARS;
  char *clean;

  if (rank >= b->ranks[slot])
    return;
  clean = aura_page_clean_text (raw, -1, name, max);
  if (clean != NULL && slot == AURA_PAGE_SLOT_USERNAME && clean[0] == '@')
    memmove (clean, clean + 1, strlen (clean));
  if (clean != NULL && *clean == '\0')
    g_clear_pointer (&clean, g_free);
  store_slot (b, slot, rank, clean, source, field);
}

void
aura_page_builder_set_url (AuraPageBuilder *b,
                           AuraPageSlot slot,
                           AuraPageRank rank,
                           const char *href,
                           AuraPageSource source,
                           const char *field)
{
  if (rank >= b->ranks[slot])
    return;
  store_slot (b, slot, rank, resolve_url (b->base, href), source, field);
}

/* ------------------------------------------------------------------------ */
/* Lists                                                                     */

/* Remembers @key in the namespace @list; FALSE when it was already there. */
static gboolean
first_time (AuraPageBuilder *b, const char *list, const char *key)
{
  g_autofree char *folded = g_utf8_casefold (key, -1);
  char *full = g_strconcat (list, "\x1f", folded, NULL);

  if (g_hash_table_contains (b->seen, full))
    {
      g_free (full);
      return FALSE;
    }
  g_hash_table_add (b->seen, full);
  return TRUE;
}

gboolean
aura_page_builder_add_email (AuraPageBuilder *b,
                             const char *raw,
                             AuraPageSource source,
                             const char *field)
{
  g_autofree char *clean = aura_page_clean_text (raw, -1, TRUE, AURA_PAGE_MAX_NAME_CHARS);
  g_autofree char *display = NULL;
  g_autofree char *key = NULL;

  if (clean == NULL || b->info->emails->len >= b->limits.max_emails)
    return FALSE;
  key = aura_entity_normalize (AURA_ENTITY_EMAIL, clean, &display, NULL);
  /* The store accepts names without a public suffix (“x@corp.internal”);
   * a page is not a place where such addresses are meant for strangers. */
  if (key == NULL || !aura_page_has_public_suffix (strchr (key, '@') + 1))
    return FALSE;
  if (first_time (b, "email", key))
    g_ptr_array_add (b->info->emails, value_new (g_steal_pointer (&display), source, field));
  return TRUE;
}

void
aura_page_builder_add_phone (AuraPageBuilder *b,
                             const char *raw,
                             AuraPageSource source,
                             const char *field)
{
  g_autofree char *clean = aura_page_clean_text (raw, -1, TRUE, 64);
  g_autofree char *display = NULL;
  g_autofree char *key = NULL;

  if (clean == NULL || b->info->phones->len >= b->limits.max_phones)
    return;
  key = aura_entity_normalize (AURA_ENTITY_PHONE, clean, &display, NULL);
  if (key != NULL && first_time (b, "phone", key))
    g_ptr_array_add (b->info->phones, value_new (g_steal_pointer (&display), source, field));
}

void
aura_page_builder_add_value (
    AuraPageBuilder *b, GPtrArray *list, const char *raw, AuraPageSource source, const char *field)
{
  const char *list_name = list == b->info->alternate_names ? "name"
                          : list == b->info->locations     ? "location"
                                                           : "organisation";
  char *clean;

  if (list->len >= b->limits.max_values)
    return;
  clean =
      aura_page_clean_text (raw, -1, list == b->info->alternate_names, AURA_PAGE_MAX_NAME_CHARS);
  if (clean == NULL)
    return;
  if (first_time (b, list_name, clean))
    g_ptr_array_add (list, value_new (clean, source, field));
  else
    g_free (clean);
}

void
aura_page_builder_add_fact (AuraPageBuilder *b,
                            const char *name,
                            const char *value,
                            AuraPageSource source,
                            const char *field)
{
  AuraPageFact *fact;

  if (value == NULL || b->info->facts->len >= b->limits.max_values || !first_time (b, "fact", name))
    return;
  fact = g_new0 (AuraPageFact, 1);
  fact->name = g_strdup (name);
  fact->value = g_strdup (value);
  fact->source = source;
  fact->field = g_strdup (field);
  g_ptr_array_add (b->info->facts, fact);
}

static void
add_handle_entry (AuraPageBuilder *b,
                  char *platform,
                  char *handle,
                  char *service,
                  const char *url,
                  gboolean rel_me,
                  AuraPageSource source)
{
  g_autofree char *folded = g_utf8_casefold (handle, -1);
  g_autofree char *key = g_strconcat (service, "\x1f", folded, NULL);
  AuraPageHandle *entry = g_hash_table_lookup (b->handle_index, key);

  /* The site's own account (twitter:site) is about the site, not the
   * person, wherever it is linked. */
  if (b->twitter_site != NULL && strcmp (platform, "twitter") == 0 &&
      g_ascii_strcasecmp (handle, b->twitter_site) == 0)
    entry = NULL;
  else if (entry != NULL)
    entry->rel_me |= rel_me;
  else if (b->info->handles->len < b->limits.max_handles)
    {
      entry = g_new0 (AuraPageHandle, 1);
      entry->platform = g_steal_pointer (&platform);
      entry->handle = g_steal_pointer (&handle);
      entry->service = g_steal_pointer (&service);
      entry->url = g_strdup (url);
      entry->rel_me = rel_me;
      entry->source = source;
      g_ptr_array_add (b->info->handles, entry);
      g_hash_table_insert (b->handle_index, g_steal_pointer (&key), entry);
    }
  g_free (platform);
  g_free (handle);
  g_free (service);
}

void
aura_page_builder_add_handle (AuraPageBuilder *b,
                              const char *platform,
                              const char *handle,
                              AuraPageSource source)
{
  g_autofree char *clean = aura_page_clean_text (handle, -1, TRUE, 64);
  g_autofree char *url = NULL;
  const char *name;

  if (clean == NULL)
    return;
  name = clean[0] == '@' ? clean + 1 : clean;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return;
  if (*name == '\0' || strlen (name) > 15)
    return;
  url = g_strconcat ("https://x.com/", name, NULL);
  add_handle_entry (b, g_strdup (platform), g_strdup (name), g_strdup (platform), url, FALSE,
                    source);
}

/* Same registrable domain as the page (“github.com” for
 * “gist.github.com”)? */
static gboolean
is_same_site (AuraPageBuilder *b, const char *url)
{
  g_autoptr (GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED | G_URI_FLAGS_NON_DNS, NULL);
  g_autofree char *site = NULL;

  if (b->page_site == NULL || uri == NULL || g_uri_get_host (uri) == NULL)
    return FALSE;
  site = aura_page_site_of_host (g_uri_get_host (uri));
  return g_ascii_strcasecmp (site, b->page_site) == 0;
}

static void
add_link (
    AuraPageBuilder *b, const char *href, const char *text, gboolean rel_me, AuraPageSource source)
{
  g_autofree char *url = resolve_url (b->base, href);
  g_autofree char *display = NULL;
  g_autofree char *key = NULL;
  char *platform = NULL, *handle = NULL, *service = NULL;
  AuraPageLink *link;

  if (url == NULL)
    return;
  /* Links within the site are its navigation, and profiles on the same
   * site are other people (followers, authors): only what the page says
   * is the same person (rel=me, sameAs) is kept from the site itself. */
  if (!rel_me && is_same_site (b, url))
    return;
  key = aura_entity_normalize (AURA_ENTITY_URL, url, &display, NULL);
  if (key == NULL || g_strcmp0 (key, b->page_key) == 0)
    return;
  if (aura_page_match_handle (url, &platform, &handle, &service))
    add_handle_entry (b, platform, handle, service, url,
                      rel_me || source == AURA_PAGE_SOURCE_REL_ME,
                      rel_me ? source : AURA_PAGE_SOURCE_LINK);
  link = g_hash_table_lookup (b->link_index, key);
  if (link != NULL)
    {
      link->rel_me |= rel_me;
      if (link->text == NULL && text != NULL)
        link->text = aura_page_clean_text (text, -1, FALSE, AURA_PAGE_MAX_NAME_CHARS);
      return;
    }
  if (b->info->links->len >= b->limits.max_links)
    return;
  link = g_new0 (AuraPageLink, 1);
  link->url = g_steal_pointer (&url);
  link->text = aura_page_clean_text (text, -1, FALSE, AURA_PAGE_MAX_NAME_CHARS);
  link->rel_me = rel_me;
  link->source = source;
  g_ptr_array_add (b->info->links, link);
  g_hash_table_insert (b->link_index, g_steal_pointer (&key), link);
}

/* The address of a mailto: or tel: href, unescaped, without parameters
 * (“?subject=…”, “;ext=…”) and without further recipients. */
static char *
scheme_payload (const char *href, gsize prefix_len, const char *stops)
{
  g_autofree char *clean = clean_href (href);
  g_autofree char *raw = NULL;

  if (strlen (clean) <= prefix_len)
    return NULL;
  raw = g_strndup (clean + prefix_len, strcspn (clean + prefix_len, stops));
  return g_uri_unescape_string (raw, NULL);
}

void
aura_page_builder_add_href (
    AuraPageBuilder *b, const char *href, const char *text, gboolean rel_me, AuraPageSource source)
{
  const char *p = href;

  if (href == NULL)
    return;
  while (*p != '\0' && (guchar)*p <= ' ')
    p++;
  if (g_ascii_strncasecmp (p, "mailto:", 7) == 0)
    {
      g_autofree char *address = scheme_payload (p, 7, "?,;");
      aura_page_builder_add_email (b, address, source, "mailto");
    }
  else if (g_ascii_strncasecmp (p, "tel:", 4) == 0)
    {
      g_autofree char *number = scheme_payload (p, 4, ";?");
      aura_page_builder_add_phone (b, number, source, "tel");
    }
  else
    add_link (b, p, text, rel_me, source);
}
