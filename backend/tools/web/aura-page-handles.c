/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-web"
#include "config.h"

#include <string.h>

#include "aura-page-extract-private.h"

/* Profile URL shapes: which links name an account, and which account.
 * Each rule gives the hosts, where the handle sits in the path, the
 * characters a handle may use on that platform, and the first path
 * segments that are the site's own pages rather than people. */

typedef enum
{
  SHAPE_SEGMENT,    /* host/NAME */
  SHAPE_AT_SEGMENT, /* host/@NAME */
  SHAPE_PREFIXED,   /* host/PREFIX/NAME */
} Shape;

typedef struct
{
  const char *platform;
  const char *hosts; /* space-separated; a leading “.” accepts subdomains */
  Shape shape;
  const char *prefixes; /* space-separated, for SHAPE_PREFIXED */
  const char *extra;    /* allowed besides ASCII letters and digits */
  guint min_len, max_len;
  const char *reserved; /* space-separated first segments, lower case */
} HandleRule;

static const HandleRule rules[] = {
  { "twitter", "twitter.com x.com", SHAPE_SEGMENT, NULL, "_", 1, 15,
    "home explore search hashtag i intent share settings login signup messages notifications "
    "tos privacy compose about download" },
  { "instagram", "instagram.com", SHAPE_SEGMENT, NULL, "._", 1, 30,
    "p reel reels explore accounts stories tv direct about developer legal web" },
  { "tiktok", "tiktok.com", SHAPE_AT_SEGMENT, NULL, "._", 2, 24, NULL },
  { "github", "github.com", SHAPE_SEGMENT, NULL, "-", 1, 39,
    "about pricing features enterprise team login join signup settings marketplace topics "
    "collections trending sponsors apps site security explore notifications pulls issues new "
    "organizations orgs customer-stories readme contact search codespaces" },
  { "gitlab", "gitlab.com", SHAPE_SEGMENT, NULL, "._-", 2, 255,
    "explore users help dashboard projects groups search admin -" },
  { "gitlab", "gitlab.com", SHAPE_PREFIXED, "users", "._-", 2, 255, NULL },
  { "youtube", "youtube.com", SHAPE_AT_SEGMENT, NULL, "._-", 3, 30, NULL },
  { "youtube", "youtube.com", SHAPE_PREFIXED, "channel c user", "_-", 1, 64, NULL },
  { "twitch", "twitch.tv", SHAPE_SEGMENT, NULL, "_", 3, 25,
    "directory p settings downloads jobs turbo search videos subscriptions wallet" },
  { "reddit", "reddit.com", SHAPE_PREFIXED, "user u", "_-", 3, 20, NULL },
  { "linkedin", ".linkedin.com", SHAPE_PREFIXED, "in", "-_", 3, 100, NULL },
  { "facebook", "facebook.com fb.com", SHAPE_SEGMENT, NULL, ".", 5, 50,
    "sharer sharer.php share dialog groups events pages watch marketplace login help "
    "policies privacy plugins tr profile.php people photo.php gaming business ads" },
  { "telegram", "t.me telegram.me", SHAPE_SEGMENT, NULL, "_", 5, 32,
    "joinchat addstickers share iv proxy socks contact" },
  { "keybase", "keybase.io", SHAPE_SEGMENT, NULL, "_", 2, 16, "docs download blog jobs" },
  { "medium", "medium.com", SHAPE_AT_SEGMENT, NULL, "._-", 1, 50, NULL },
  { "soundcloud", "soundcloud.com", SHAPE_SEGMENT, NULL, "_-", 3, 25,
    "discover stream upload you search pages terms-of-use charts jobs imprint" },
  { "spotify", "open.spotify.com", SHAPE_PREFIXED, "user", "._-", 1, 64, NULL },
  { "patreon", "patreon.com", SHAPE_SEGMENT, NULL, "_-", 1, 64,
    "login signup home explore about pricing posts join bepatron user c policy search" },
  { "patreon", "patreon.com", SHAPE_PREFIXED, "c", "_-", 1, 64, NULL },
  { "pinterest", ".pinterest.com pinterest.fr pinterest.de pinterest.co.uk pinterest.ca",
    SHAPE_SEGMENT, NULL, "_", 3, 30,
    "pin search ideas today business explore settings _ about login categories" },
  { "snapchat", "snapchat.com", SHAPE_PREFIXED, "add", "._-", 3, 15, NULL },
  { "bluesky", "bsky.app", SHAPE_PREFIXED, "profile", ".-:", 3, 253, NULL },
  { "threads", "threads.net threads.com", SHAPE_AT_SEGMENT, NULL, "._", 1, 30, NULL },
};

/* Hosts of the rules, and invitation hosts, never read as fediverse
 * instances. */
static const char known_hosts[] = "discord.gg discord.com discordapp.com linktr.ee vk.com";

static gboolean
word_in_list (const char *list, const char *word, gsize len)
{
  const char *p = list;

  while (p != NULL && *p != '\0')
    {
      gsize n = strcspn (p, " ");

      if (n == len && g_ascii_strncasecmp (p, word, len) == 0)
        return TRUE;
      p += n;
      while (*p == ' ')
        p++;
    }
  return FALSE;
}

/* Does @host (lower case, without “www.”, “m.”…) belong to @hosts? */
static gboolean
host_matches (const char *hosts, const char *host)
{
  const char *p = hosts;
  gsize host_len = strlen (host);

  while (*p != '\0')
    {
      gsize n = strcspn (p, " ");

      if (*p == '.')
        {
          /* “.linkedin.com” accepts “linkedin.com” and “fr.linkedin.com”. */
          if ((host_len == n - 1 && strncmp (host, p + 1, n - 1) == 0) ||
              (host_len > n && strncmp (host + host_len - n, p, n) == 0))
            return TRUE;
        }
      else if (host_len == n && strncmp (host, p, n) == 0)
        return TRUE;
      p += n;
      while (*p == ' ')
        p++;
    }
  return FALSE;
}

static gboolean
valid_handle (const HandleRule *rule, const char *name)
{
  gsize len = strlen (name);

  if (len < rule->min_len || len > rule->max_len)
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr (rule->extra, *p) == NULL)
      return FALSE;
  return TRUE;
}

/* The handle a rule finds in @segments (the non-empty path segments,
 * unescaped), or NULL. */
static const char *
apply_rule (const HandleRule *rule, char **segments, guint n)
{
  const char *name = NULL;

  switch (rule->shape)
    {
      case SHAPE_SEGMENT:
        if (n == 1 && !word_in_list (rule->reserved, segments[0], strlen (segments[0])))
          name = segments[0];
        break;
      case SHAPE_AT_SEGMENT:
        if (n == 1 && segments[0][0] == '@')
          name = segments[0] + 1;
        break;
      case SHAPE_PREFIXED:
      default:
        if (n == 2 && word_in_list (rule->prefixes, segments[0], strlen (segments[0])))
          name = segments[1];
        break;
    }
  return name != NULL && valid_handle (rule, name) ? name : NULL;
}

/* “https://host/@alice” or “https://host/@alice@other.host”, on a host no
 * rule knows: the fediverse (Mastodon, Pleroma, Misskey…). */
static gboolean
match_fediverse (const char *host, char **segments, guint n, char **out_handle, char **out_service)
{
  const char *name;
  const char *at;
  g_autofree char *user = NULL;
  g_autofree char *instance = NULL;

  if (n != 1 || segments[0][0] != '@' || word_in_list (known_hosts, host, strlen (host)))
    return FALSE;
  name = segments[0] + 1;
  at = strchr (name, '@');
  user = at != NULL ? g_strndup (name, (gsize)(at - name)) : g_strdup (name);
  instance = g_strdup (at != NULL ? at + 1 : host);
  if (*user == '\0' || strlen (user) > 64 || *instance == '\0' || strchr (instance, '.') == NULL)
    return FALSE;
  for (const char *p = user; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '.' && *p != '-')
      return FALSE;
  for (const char *p = instance; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '-')
      return FALSE;
  *out_handle = g_strdup_printf ("%s@%s", user, instance);
  *out_service = g_ascii_strdown (instance, -1);
  return TRUE;
}

/* Facebook's numeric profiles: /profile.php?id=1234. */
static char *
facebook_profile_id (GUri *uri)
{
  g_autoptr (GHashTable) params = NULL;
  const char *id;

  if (g_strcmp0 (g_uri_get_path (uri), "/profile.php") != 0 || g_uri_get_query (uri) == NULL)
    return NULL;
  params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);
  id = params != NULL ? g_hash_table_lookup (params, "id") : NULL;
  if (id == NULL || *id == '\0' || strlen (id) > 20 || strspn (id, "0123456789") != strlen (id))
    return NULL;
  return g_strdup (id);
}

static char *
platform_host (const char *raw_host)
{
  static const char *const prefixes[] = { "www.", "m.", "mobile.", "old.", "new.", "vm." };
  g_autofree char *host = g_ascii_strdown (raw_host, -1);
  gsize len = strlen (host);

  if (len > 0 && host[len - 1] == '.')
    host[len - 1] = '\0';
  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (g_str_has_prefix (host, prefixes[i]))
      return g_strdup (host + strlen (prefixes[i]));
  return g_steal_pointer (&host);
}

/* The non-empty segments of @path, unescaped; NULL when one does not
 * unescape to UTF-8 without “/”. */
static GStrv
path_segments (const char *path, guint *out_n)
{
  g_auto (GStrv) raw = g_strsplit (path, "/", 8);
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  guint n = 0;

  for (guint i = 0; raw[i] != NULL; i++)
    {
      g_autofree char *segment = NULL;

      if (*raw[i] == '\0')
        continue;
      segment = g_uri_unescape_segment (raw[i], NULL, "/");
      if (segment == NULL || !g_utf8_validate (segment, -1, NULL))
        return NULL;
      g_strv_builder_add (builder, segment);
      n++;
    }
  *out_n = n;
  return g_strv_builder_end (builder);
}

gboolean
aura_page_match_handle (const char *url, char **out_platform, char **out_handle, char **out_service)
{
  g_autoptr (GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED | G_URI_FLAGS_NON_DNS, NULL);
  g_autofree char *host = NULL;
  g_autofree char *facebook_id = NULL;
  g_auto (GStrv) segments = NULL;
  guint n = 0;

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return FALSE;
  host = platform_host (g_uri_get_host (uri));
  if (host_matches ("facebook.com", host) && (facebook_id = facebook_profile_id (uri)) != NULL)
    {
      *out_platform = g_strdup ("facebook");
      *out_handle = g_steal_pointer (&facebook_id);
      *out_service = g_strdup ("facebook");
      return TRUE;
    }
  segments = path_segments (g_uri_get_path (uri), &n);
  if (segments == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      const char *name;

      if (!host_matches (rules[i].hosts, host))
        continue;
      name = apply_rule (&rules[i], segments, n);
      if (name != NULL)
        {
          *out_platform = g_strdup (rules[i].platform);
          *out_handle = g_strdup (name);
          *out_service = g_strdup (rules[i].platform);
          return TRUE;
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    if (host_matches (rules[i].hosts, host))
      return FALSE;
  if (match_fediverse (host, segments, n, out_handle, out_service))
    {
      *out_platform = g_strdup ("mastodon");
      return TRUE;
    }
  return FALSE;
}
