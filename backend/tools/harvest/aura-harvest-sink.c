/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-harvest"
#include "config.h"

#include <string.h>

#include "aura-entity-type.h"
#include "aura-harvest-private.h"
#include "aura-page-extract-private.h"

/* The sink collects what one page gives: each finding validated,
 * normalised and kept once per key, and the same-site links for the
 * crawler. URLs are resolved here, and social profiles recognised with
 * web/'s profile-URL rules. */

const char *
aura_harvest_kind_to_string (AuraHarvestKind kind)
{
  switch (kind)
    {
      case AURA_HARVEST_EMAIL:
        return "email";
      case AURA_HARVEST_PHONE:
        return "phone";
      case AURA_HARVEST_HOST:
        return "host";
      case AURA_HARVEST_SOCIAL:
        return "social";
      case AURA_HARVEST_TRACKING_ID:
        return "tracking-id";
      default:
        g_return_val_if_reached (NULL);
    }
}

void
aura_harvest_finding_free (AuraHarvestFinding *finding)
{
  if (finding == NULL)
    return;
  g_free (finding->type);
  g_free (finding->value);
  g_free (finding->detail);
  g_free (finding->key);
  g_free (finding->evidence);
  g_clear_pointer (&finding->pages, g_ptr_array_unref);
  g_free (finding);
}

static gpointer
copy_string (gconstpointer text, gpointer data)
{
  return g_strdup (text);
}

AuraHarvestFinding *
aura_harvest_finding_copy (const AuraHarvestFinding *finding)
{
  AuraHarvestFinding *copy;

  g_return_val_if_fail (finding != NULL, NULL);

  copy = g_new0 (AuraHarvestFinding, 1);
  copy->kind = finding->kind;
  copy->type = g_strdup (finding->type);
  copy->value = g_strdup (finding->value);
  copy->detail = g_strdup (finding->detail);
  copy->key = g_strdup (finding->key);
  copy->evidence = g_strdup (finding->evidence);
  copy->pages = g_ptr_array_copy (finding->pages, copy_string, NULL);
  g_ptr_array_set_free_func (copy->pages, g_free);
  return copy;
}

void
aura_harvest_link_free (AuraHarvestLink *link)
{
  if (link == NULL)
    return;
  g_free (link->url);
  g_free (link->text);
  g_free (link);
}

/* ---- Text --------------------------------------------------------------- */

char *
aura_harvest_clean (const char *raw, gssize len, guint max_chars)
{
  if (raw == NULL)
    return NULL;
  return aura_page_clean_text (raw, len, FALSE, max_chars);
}

char *
aura_harvest_snippet (const char *data, gsize len, gsize start, gsize end)
{
  gsize from = start > 80 ? start - 80 : 0;
  gsize to = MIN (len, end + 80);
  g_autofree char *clean = NULL;

  /* Whole characters only. */
  while (from > 0 && from < len && ((guchar)data[from] & 0xC0) == 0x80)
    from--;
  while (to < len && ((guchar)data[to] & 0xC0) == 0x80)
    to++;
  clean = aura_harvest_clean (data + from, (gssize)(to - from), AURA_HARVEST_MAX_EVIDENCE);
  if (clean == NULL)
    return NULL;
  return g_strconcat (from > 0 ? "…" : "", clean, to < len ? "…" : "", NULL);
}

/* ---- Domains and URLs ------------------------------------------------------ */

char *
aura_harvest_site_of (const char *domain_or_url)
{
  g_autofree char *host = NULL;
  g_autofree char *ace = NULL;
  g_autoptr (GUri) uri = NULL;
  gsize n;

  if (domain_or_url == NULL)
    return NULL;
  if (strstr (domain_or_url, "://") != NULL)
    {
      uri = g_uri_parse (domain_or_url, G_URI_FLAGS_ENCODED, NULL);
      if (uri == NULL || g_uri_get_host (uri) == NULL)
        return NULL;
      host = g_strdup (g_uri_get_host (uri));
    }
  else
    host = g_strstrip (g_strdup (domain_or_url));
  n = strlen (host);
  if (n > 0 && host[n - 1] == '.')
    host[n - 1] = '\0';
  if (*host == '\0')
    return NULL;
  ace = aura_entity_normalize (AURA_ENTITY_DOMAIN, host, NULL, NULL);
  if (ace == NULL)
    ace = aura_entity_normalize (AURA_ENTITY_SUBDOMAIN, host, NULL, NULL);
  if (ace == NULL)
    {
      /* IP literals and names the store would refuse ("localhost"): kept
       * as they are when they are host-shaped at all. */
      for (const char *p = host; *p != '\0'; p++)
        if (!g_ascii_isalnum (*p) && strchr ("-._:[]", *p) == NULL)
          return NULL;
      return g_ascii_strdown (host, -1);
    }
  return aura_page_site_of_host (ace);
}

/* An href as browsers read it: surrounding white space gone, tabs and line
 * breaks inside dropped, backslashes read as slashes, spaces escaped. */
static char *
clean_href (const char *href)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (href));
  GString *out = g_string_sized_new (strlen (trimmed));

  for (const char *p = trimmed; *p != '\0'; p++)
    {
      if (*p == '\t' || *p == '\n' || *p == '\r')
        continue;
      if (*p == '\\')
        g_string_append_c (out, '/');
      else if (*p == ' ')
        g_string_append (out, "%20");
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

char *
aura_harvest_sink_resolve (AuraHarvestSink *sink, const char *href)
{
  g_autofree char *clean = NULL;
  g_autofree char *absolute = NULL;
  g_autoptr (GUri) uri = NULL;
  g_autoptr (GUri) bare = NULL;
  const char *scheme;

  if (href == NULL)
    return NULL;
  clean = clean_href (href);
  if (*clean == '\0' || strlen (clean) > 4096 || !g_utf8_validate (clean, -1, NULL))
    return NULL;
  scheme = g_uri_peek_scheme (clean);
  if (scheme != NULL)
    {
      if (strcmp (scheme, "http") != 0 && strcmp (scheme, "https") != 0)
        return NULL;
      absolute = g_steal_pointer (&clean);
    }
  else if (sink->base != NULL)
    absolute = g_uri_resolve_relative (sink->base, clean, G_URI_FLAGS_ENCODED, NULL);
  if (absolute == NULL)
    return NULL;
  uri = g_uri_parse (absolute, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return NULL;
  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    return NULL;
  bare = g_uri_build (G_URI_FLAGS_ENCODED, scheme, NULL, g_uri_get_host (uri), g_uri_get_port (uri),
                      *g_uri_get_path (uri) != '\0' ? g_uri_get_path (uri) : "/",
                      g_uri_get_query (uri), NULL);
  return g_uri_to_string (bare);
}

gboolean
aura_harvest_sink_same_site (AuraHarvestSink *sink, const char *url)
{
  g_autoptr (GUri) uri = NULL;
  const char *site;

  if (sink->site == NULL || url == NULL)
    return FALSE;
  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return FALSE;
  /* A page links to few hosts many times: their sites are remembered. */
  site = g_hash_table_lookup (sink->site_cache, g_uri_get_host (uri));
  if (site == NULL)
    {
      char *found = aura_harvest_site_of (g_uri_get_host (uri));

      site = found != NULL ? found : g_strdup ("");
      g_hash_table_insert (sink->site_cache, g_strdup (g_uri_get_host (uri)), (char *)site);
    }
  return strcmp (site, sink->site) == 0;
}

/* ---- The sink ------------------------------------------------------------ */

void
aura_harvest_sink_init (AuraHarvestSink *sink, const char *page_url, const char *domain)
{
  memset (sink, 0, sizeof *sink);
  sink->findings = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_harvest_finding_free);
  sink->index = g_hash_table_new (g_str_hash, g_str_equal);
  sink->links = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_harvest_link_free);
  sink->link_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sink->site_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sink->page_url = g_strdup (page_url);
  if (page_url != NULL)
    {
      g_autoptr (GUri) uri = g_uri_parse (page_url, G_URI_FLAGS_ENCODED, NULL);

      if (uri != NULL && g_uri_get_host (uri) != NULL &&
          (g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") == 0 ||
           g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0))
        sink->base = g_uri_to_string (uri);
    }
  sink->site = aura_harvest_site_of (domain != NULL ? domain : page_url);
}

void
aura_harvest_sink_clear (AuraHarvestSink *sink)
{
  g_clear_pointer (&sink->findings, g_ptr_array_unref);
  g_clear_pointer (&sink->index, g_hash_table_unref);
  g_clear_pointer (&sink->links, g_ptr_array_unref);
  g_clear_pointer (&sink->link_index, g_hash_table_unref);
  g_clear_pointer (&sink->site_cache, g_hash_table_unref);
  g_clear_pointer (&sink->page_url, g_free);
  g_clear_pointer (&sink->base, g_free);
  g_clear_pointer (&sink->site, g_free);
}

gboolean
aura_harvest_sink_has (AuraHarvestSink *sink, const char *key)
{
  return g_hash_table_contains (sink->index, key);
}

gboolean
aura_harvest_sink_add (AuraHarvestSink *sink,
                       AuraHarvestKind kind,
                       const char *type,
                       const char *value,
                       const char *detail,
                       const char *key,
                       const char *evidence)
{
  AuraHarvestFinding *finding;

  if (value == NULL || key == NULL || g_hash_table_contains (sink->index, key) ||
      sink->findings->len >= AURA_HARVEST_MAX_PAGE_FINDINGS)
    return FALSE;
  finding = g_new0 (AuraHarvestFinding, 1);
  finding->kind = kind;
  finding->type = g_strdup (type);
  finding->value = g_strdup (value);
  finding->detail = g_strdup (detail);
  finding->key = g_strdup (key);
  finding->evidence =
      aura_harvest_clean (evidence != NULL ? evidence : value, -1, AURA_HARVEST_MAX_EVIDENCE + 2);
  finding->pages = g_ptr_array_new_with_free_func (g_free);
  if (sink->page_url != NULL)
    g_ptr_array_add (finding->pages, g_strdup (sink->page_url));
  g_ptr_array_add (sink->findings, finding);
  g_hash_table_insert (sink->index, finding->key, finding);
  return TRUE;
}

void
aura_harvest_sink_add_email (AuraHarvestSink *sink,
                             const char *raw,
                             const char *type,
                             const char *evidence)
{
  g_autofree char *clean = aura_harvest_clean (raw, -1, 320);
  g_autofree char *display = NULL;
  g_autofree char *normal = NULL;
  g_autofree char *key = NULL;

  if (clean == NULL)
    return;
  normal = aura_entity_normalize (AURA_ENTITY_EMAIL, clean, &display, NULL);
  /* Addresses meant for strangers end in a real public suffix: this drops
   * “logo@2x.png” and “root@localhost”. */
  if (normal == NULL || !aura_page_has_public_suffix (strchr (normal, '@') + 1))
    return;
  key = g_strconcat ("email:", normal, NULL);
  aura_harvest_sink_add (sink, AURA_HARVEST_EMAIL, type, normal, NULL, key, evidence);
}

char *
aura_harvest_phone_key (const char *number)
{
  g_autoptr (GString) digits = g_string_new ("phone:");
  const char *p = number;
  gsize n;

  while (*p == ' ')
    p++;
  if (*p == '+')
    g_string_append_c (digits, '+');
  for (; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
    else if (g_ascii_isalpha (*p))
      return NULL;
  n = digits->len - strlen ("phone:") - (digits->str[strlen ("phone:")] == '+');
  if (n < 7 || n > 15)
    return NULL;
  return g_string_free (g_steal_pointer (&digits), FALSE);
}

void
aura_harvest_sink_add_phone (AuraHarvestSink *sink,
                             const char *raw,
                             const char *type,
                             const char *evidence)
{
  g_autofree char *clean = aura_harvest_clean (raw, -1, 64);
  g_autofree char *key = NULL;

  if (clean == NULL)
    return;
  key = aura_harvest_phone_key (clean);
  if (key == NULL)
    return;
  aura_harvest_sink_add (sink, AURA_HARVEST_PHONE, type, clean, key + strlen ("phone:"), key,
                         evidence);
}

static gboolean
valid_host (const char *host)
{
  const char *label = host;
  gsize total = strlen (host);

  if (total == 0 || total > 253)
    return FALSE;
  while (label != NULL)
    {
      const char *dot = strchr (label, '.');
      gsize n = dot != NULL ? (gsize)(dot - label) : strlen (label);

      if (n == 0 || n > 63 || label[0] == '-' || label[n - 1] == '-')
        return FALSE;
      for (gsize i = 0; i < n; i++)
        if (!g_ascii_isalnum (label[i]) && label[i] != '-' && label[i] != '_')
          return FALSE;
      label = dot != NULL ? dot + 1 : NULL;
    }
  return TRUE;
}

void
aura_harvest_sink_add_host (AuraHarvestSink *sink, const char *host, const char *evidence)
{
  g_autofree char *lower = NULL;
  g_autofree char *key = NULL;
  gsize n;
  gsize site_len;

  if (host == NULL || sink->site == NULL)
    return;
  lower = g_ascii_strdown (host, -1);
  n = strlen (lower);
  if (n > 0 && lower[n - 1] == '.')
    lower[--n] = '\0';
  site_len = strlen (sink->site);
  /* Names below the site only: the site itself says nothing new. */
  if (n <= site_len + 1 || !g_str_has_suffix (lower, sink->site) ||
      lower[n - site_len - 1] != '.' || !valid_host (lower))
    return;
  key = g_strconcat ("host:", lower, NULL);
  aura_harvest_sink_add (sink, AURA_HARVEST_HOST, NULL, lower, NULL, key, evidence);
}

/* The address part of a mailto: or tel: href, unescaped, without its
 * parameters. */
static char *
scheme_payload (const char *href, gsize prefix_len, const char *stops)
{
  g_autofree char *raw = g_strndup (href + prefix_len, strcspn (href + prefix_len, stops));

  return g_uri_unescape_string (raw, NULL);
}

static void
add_link (AuraHarvestSink *sink, const char *url, const char *text)
{
  AuraHarvestLink *link;

  if (g_hash_table_contains (sink->link_index, url) ||
      sink->links->len >= AURA_HARVEST_MAX_PAGE_LINKS)
    return;
  link = g_new0 (AuraHarvestLink, 1);
  link->url = g_strdup (url);
  link->text = aura_harvest_clean (text, -1, 120);
  g_ptr_array_add (sink->links, link);
  g_hash_table_add (sink->link_index, g_strdup (url));
}

void
aura_harvest_sink_add_href (AuraHarvestSink *sink,
                            const char *href,
                            const char *text,
                            gboolean crawl)
{
  g_autofree char *evidence = NULL;
  g_autofree char *url = NULL;
  char *platform = NULL;
  char *handle = NULL;
  char *service = NULL;
  const char *p = href;

  if (href == NULL)
    return;
  while (*p != '\0' && (guchar)*p <= ' ')
    p++;
  evidence = text != NULL && *text != '\0' ? g_strdup_printf ("%s (%s)", text, p) : g_strdup (p);
  if (g_ascii_strncasecmp (p, "mailto:", 7) == 0)
    {
      g_autofree char *payload = scheme_payload (p, 7, "?");
      g_auto (GStrv) addresses = payload != NULL ? g_strsplit (payload, ",", 8) : NULL;

      for (guint i = 0; addresses != NULL && addresses[i] != NULL; i++)
        aura_harvest_sink_add_email (sink, addresses[i], "mailto", evidence);
      return;
    }
  if (g_ascii_strncasecmp (p, "tel:", 4) == 0)
    {
      g_autofree char *number = scheme_payload (p, 4, ";?");
      aura_harvest_sink_add_phone (sink, number, "tel", evidence);
      return;
    }
  url = aura_harvest_sink_resolve (sink, p);
  if (url == NULL)
    return;
  if (aura_harvest_sink_same_site (sink, url))
    {
      if (crawl)
        add_link (sink, url, text);
      return;
    }
  if (aura_page_match_handle (url, &platform, &handle, &service))
    {
      g_autofree char *folded = g_utf8_casefold (handle, -1);
      g_autofree char *key = g_strconcat ("social:", service, "/", folded, NULL);

      aura_harvest_sink_add (sink, AURA_HARVEST_SOCIAL, platform, url, handle, key, evidence);
    }
  g_free (platform);
  g_free (handle);
  g_free (service);
}
