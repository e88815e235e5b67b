/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-web"
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "aura-page-extract-private.h"

/* JSON-LD and embedded JSON state. json-glib's parser recurses once per
 * nesting level, so every block is first scanned without parsing: its
 * depth and its number of values must be within the limits, or it is
 * skipped. The walks that follow are bounded by the same numbers. */

/* ------------------------------------------------------------------------ */
/* Bounded parsing                                                           */

/* Scans JSON text from @text, outside strings: the deepest nesting and the
 * number of values. With @stop_at_balance, stops where the first value
 * closes and returns its length; otherwise returns @len. Returns 0 when a
 * limit is passed or the brackets do not balance. */
static gsize
prescan (const char *text, gsize len, guint max_depth, guint max_values, gboolean stop_at_balance)
{
  guint depth = 0;
  guint values = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      switch (c)
        {
          case '"':
            in_string = TRUE;
            break;
          case '{':
          case '[':
            if (++depth > max_depth)
              return 0;
            values++;
            break;
          case '}':
          case ']':
            if (depth == 0)
              return 0;
            if (--depth == 0 && stop_at_balance)
              return i + 1;
            break;
          case ',':
          case ':':
            values++;
            break;
          default:
            break;
        }
      if (values > max_values)
        return 0;
    }
  return depth == 0 && !stop_at_balance ? len : 0;
}

static JsonNode *
parse_bounded (AuraPageBuilder *b, const char *text, gsize len)
{
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GError) error = NULL;

  while (len > 0 && g_ascii_isspace (*text))
    text++, len--;
  if (len == 0 || len > b->limits.max_json_bytes || b->json_bytes + len > b->limits.max_json_total)
    {
      g_debug ("JSON block of %" G_GSIZE_FORMAT " bytes skipped: over the size limits", len);
      return NULL;
    }
  if (prescan (text, len, b->limits.max_json_depth, b->limits.max_json_nodes, FALSE) == 0)
    {
      g_debug ("JSON block skipped: nested too deeply, too many values or unbalanced");
      return NULL;
    }
  b->json_bytes += len;
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, (gssize)len, &error))
    {
      g_debug ("JSON block skipped: %s", error->message);
      return NULL;
    }
  return json_parser_steal_root (parser);
}

/* ------------------------------------------------------------------------ */
/* Value helpers                                                             */

static const char *
get_string (JsonObject *object, const char *key)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) > 0)
    node = json_array_get_element (json_node_get_array (node), 0);
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

static JsonObject *
get_object (JsonObject *object, const char *key)
{
  JsonNode *node = json_object_get_member (object, key);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* A count as decimal digits: a JSON number, a string of digits, or an
 * object {"count": N} as some sites nest them. */
static char *
count_text (JsonNode *node)
{
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    node = json_object_get_member (json_node_get_object (node), "count");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_INT64 && json_node_get_int (node) >= 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE && json_node_get_double (node) >= 0 &&
      json_node_get_double (node) < 1e15)
    return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64)json_node_get_double (node));
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (node);
      gsize n = strlen (s);

      if (n > 0 && n <= 15 && strspn (s, "0123456789") == n)
        return g_strdup (s);
    }
  return NULL;
}

/* “1990-04-01”, “1990-04” or “1990”: TRUE when @s has one of these
 * shapes, with @out set to a copy when the date exists, NULL otherwise. */
static gboolean
partial_date (const char *s, char **out)
{
  gsize n = strlen (s);
  guint64 year = 0, month = 1, day = 1;
  char buf[11];

  *out = NULL;
  if (n != 4 && n != 7 && n != 10)
    return FALSE;
  memcpy (buf, s, n);
  buf[n] = '\0';
  if ((n >= 7 && buf[4] != '-') || (n == 10 && buf[7] != '-'))
    return FALSE;
  buf[4] = '\0';
  if (n == 10)
    buf[7] = '\0';
  if (!g_ascii_string_to_unsigned (buf, 10, 0, 9999, &year, NULL))
    return FALSE;
  if ((n >= 7 && !g_ascii_string_to_unsigned (buf + 5, 10, 1, 12, &month, NULL)) ||
      (n == 10 && !g_ascii_string_to_unsigned (buf + 8, 10, 1, 31, &day, NULL)))
    return TRUE;
  if (year >= 1000 && year <= 2100 &&
      g_date_valid_dmy ((GDateDay)day, (GDateMonth)month, (GDateYear)year))
    *out = g_strdup (s);
  return TRUE;
}

/* ISO 8601 for a date stated in structured data: “1990-04-01”, “1990-04”,
 * “1990”, a date-time, or Unix seconds (milliseconds when larger than any
 * plausible second count). NULL for anything else. */
static char *
date_text (JsonNode *node)
{
  g_autoptr (GDateTime) time = NULL;
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_INT64 ||
      json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      double seconds = json_node_get_double (node);

      if (json_node_get_value_type (node) == G_TYPE_INT64)
        seconds = (double)json_node_get_int (node);
      if (seconds > 1e11)
        seconds /= 1000;
      /* 1995 to 2100: account creation times, not anything else. */
      if (seconds < 788918400 || seconds > 4102444800)
        return NULL;
      time = g_date_time_new_from_unix_utc ((gint64)seconds);
    }
  else if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (node);
      char *partial = NULL;

      if (partial_date (s, &partial))
        return partial;
      time = g_date_time_new_from_iso8601 (s, utc);
    }
  if (time != NULL)
    {
      g_autoptr (GDateTime) in_utc = g_date_time_to_utc (time);

      return g_date_time_format (in_utc, "%Y-%m-%dT%H:%M:%SZ");
    }
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* JSON-LD                                                                   */

static gboolean
type_is (const char *value, const char *type)
{
  if (g_str_has_prefix (value, "http://schema.org/") ||
      g_str_has_prefix (value, "https://schema.org/"))
    value = strrchr (value, '/') + 1;
  else if (g_str_has_prefix (value, "schema:"))
    value += 7;
  return strcmp (value, type) == 0;
}

static gboolean
has_type (JsonObject *object, const char *type)
{
  JsonNode *node = json_object_get_member (object, "@type");

  if (node == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return type_is (json_node_get_string (node), type);
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array) && i < 16; i++)
        {
          const char *s = json_array_get_string_element (array, i);

          if (s != NULL && type_is (s, type))
            return TRUE;
        }
    }
  return FALSE;
}

/* Calls @func on a member that may be one value or an array of them. */
static void
each_member (JsonObject *object,
             const char *key,
             void (*func) (AuraPageBuilder *b, JsonNode *node, const char *key),
             AuraPageBuilder *b)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL)
    return;
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array) && i < 256; i++)
        func (b, json_array_get_element (array, i), key);
    }
  else
    func (b, node, key);
}

static const char *
node_string (JsonNode *node)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

static void
ld_link (AuraPageBuilder *b, JsonNode *node, const char *key)
{
  const char *url = node_string (node);

  if (url == NULL && JSON_NODE_HOLDS_OBJECT (node))
    url = get_string (json_node_get_object (node), "url");
  aura_page_builder_add_href (b, url, NULL, TRUE, AURA_PAGE_SOURCE_JSON_LD);
}

static void
ld_alternate_name (AuraPageBuilder *b, JsonNode *node, const char *key)
{
  const char *name = node_string (node);

  if (name == NULL)
    return;
  aura_page_builder_add_value (b, b->info->alternate_names, name, AURA_PAGE_SOURCE_JSON_LD, key);
  if (name[0] == '@')
    aura_page_builder_set (b, AURA_PAGE_SLOT_USERNAME, AURA_PAGE_RANK_JSON_LD, name,
                           AURA_PAGE_SOURCE_JSON_LD, key);
}

static void
ld_email (AuraPageBuilder *b, JsonNode *node, const char *key)
{
  const char *email = node_string (node);

  if (email != NULL && g_ascii_strncasecmp (email, "mailto:", 7) == 0)
    email += 7;
  aura_page_builder_add_email (b, email, AURA_PAGE_SOURCE_JSON_LD, key);
}

static void
ld_phone (AuraPageBuilder *b, JsonNode *node, const char *key)
{
  const char *phone = node_string (node);

  if (phone != NULL && g_ascii_strncasecmp (phone, "tel:", 4) == 0)
    phone += 4;
  aura_page_builder_add_phone (b, phone, AURA_PAGE_SOURCE_JSON_LD, key);
}

/* A PostalAddress as “Lyon, Auvergne-Rhône-Alpes, France”; street and
 * postal code are left out, they rarely identify more than the town. */
static char *
address_text (JsonNode *node)
{
  static const char *const parts[] = { "addressLocality", "addressRegion", "addressCountry" };
  g_autoptr (GString) text = g_string_new (NULL);
  JsonObject *object;

  if (node_string (node) != NULL)
    return g_strdup (node_string (node));
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      const char *part = get_string (object, parts[i]);
      JsonObject *nested = get_object (object, parts[i]);

      if (part == NULL && nested != NULL)
        part = get_string (nested, "name");
      if (part != NULL && *part != '\0')
        g_string_append_printf (text, "%s%s", text->len > 0 ? ", " : "", part);
    }
  if (text->len == 0 && get_string (object, "name") != NULL)
    g_string_append (text, get_string (object, "name"));
  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

static void
ld_location (AuraPageBuilder *b, JsonNode *node, const char *key)
{
  g_autofree char *text = NULL;

  /* A Place: its name, else its address. */
  if (JSON_NODE_HOLDS_OBJECT (node) && get_string (json_node_get_object (node), "name") != NULL)
    text = g_strdup (get_string (json_node_get_object (node), "name"));
  else if (JSON_NODE_HOLDS_OBJECT (node) &&
           json_object_has_member (json_node_get_object (node), "address"))
    text = address_text (json_object_get_member (json_node_get_object (node), "address"));
  else
    text = address_text (node);
  aura_page_builder_add_value (b, b->info->locations, text, AURA_PAGE_SOURCE_JSON_LD, key);
}

static void
ld_organisation (AuraPageBuilder *b, JsonNode *node, const char *key)
{
  const char *name = node_string (node);

  if (name == NULL && JSON_NODE_HOLDS_OBJECT (node))
    name = get_string (json_node_get_object (node), "name");
  aura_page_builder_add_value (b, b->info->organisations, name, AURA_PAGE_SOURCE_JSON_LD, key);
}

/* interactionStatistic: what others do to the profile (FollowAction:
 * followers); agentInteractionStatistic: what it does (FollowAction:
 * following, WriteAction: posts). */
static void
ld_statistic (AuraPageBuilder *b, JsonNode *node, const char *key)
{
  gboolean agent = strcmp (key, "agentInteractionStatistic") == 0;
  g_autofree char *count = NULL;
  JsonObject *object;
  const char *type;
  const char *name = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return;
  object = json_node_get_object (node);
  type = get_string (object, "interactionType");
  if (type == NULL && get_object (object, "interactionType") != NULL)
    type = get_string (get_object (object, "interactionType"), "@type");
  if (type == NULL)
    return;
  if (g_str_has_suffix (type, "FollowAction"))
    name = agent ? "following" : "followers";
  else if (g_str_has_suffix (type, "LikeAction"))
    name = agent ? NULL : "likes";
  else if (g_str_has_suffix (type, "WriteAction"))
    name = agent ? "posts" : NULL;
  count = count_text (json_object_get_member (object, "userInteractionCount"));
  if (name != NULL)
    aura_page_builder_add_fact (b, name, count, AURA_PAGE_SOURCE_JSON_LD, key);
}

static void
ld_image (AuraPageBuilder *b, JsonNode *node)
{
  const char *url;

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node) &&
      json_array_get_length (json_node_get_array (node)) > 0)
    node = json_array_get_element (json_node_get_array (node), 0);
  if (node == NULL)
    return;
  url = node_string (node);
  if (url == NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      url = get_string (json_node_get_object (node), "url");
      if (url == NULL)
        url = get_string (json_node_get_object (node), "contentUrl");
    }
  aura_page_builder_set_url (b, AURA_PAGE_SLOT_IMAGE, AURA_PAGE_RANK_JSON_LD, url,
                             AURA_PAGE_SOURCE_JSON_LD, "image");
}

static void
ld_person (AuraPageBuilder *b, JsonObject *person)
{
  const char *name = get_string (person, "name");
  g_autofree char *birth = date_text (json_object_get_member (person, "birthDate"));

  if (name == NULL && get_string (person, "givenName") != NULL)
    {
      g_autofree char *full = g_strjoin (" ", get_string (person, "givenName"),
                                         get_string (person, "familyName"), NULL);
      aura_page_builder_set (b, AURA_PAGE_SLOT_DISPLAY_NAME, AURA_PAGE_RANK_JSON_LD, full,
                             AURA_PAGE_SOURCE_JSON_LD, "givenName familyName");
    }
  aura_page_builder_set (b, AURA_PAGE_SLOT_DISPLAY_NAME, AURA_PAGE_RANK_JSON_LD, name,
                         AURA_PAGE_SOURCE_JSON_LD, "name");
  aura_page_builder_set (b, AURA_PAGE_SLOT_DESCRIPTION, AURA_PAGE_RANK_JSON_LD,
                         get_string (person, "description"), AURA_PAGE_SOURCE_JSON_LD,
                         "description");
  ld_image (b, json_object_get_member (person, "image"));
  each_member (person, "alternateName", ld_alternate_name, b);
  each_member (person, "sameAs", ld_link, b);
  each_member (person, "url", ld_link, b);
  each_member (person, "email", ld_email, b);
  each_member (person, "telephone", ld_phone, b);
  each_member (person, "address", ld_location, b);
  each_member (person, "homeLocation", ld_location, b);
  each_member (person, "location", ld_location, b);
  each_member (person, "worksFor", ld_organisation, b);
  each_member (person, "interactionStatistic", ld_statistic, b);
  each_member (person, "agentInteractionStatistic", ld_statistic, b);
  aura_page_builder_add_fact (b, "birth_date", birth, AURA_PAGE_SOURCE_JSON_LD, "birthDate");
}

static void ld_visit (AuraPageBuilder *b, JsonNode *node, gboolean main_entity, guint depth);

static void
ld_object (AuraPageBuilder *b, JsonObject *object, gboolean main_entity, guint depth)
{
  if (json_object_has_member (object, "@graph"))
    ld_visit (b, json_object_get_member (object, "@graph"), FALSE, depth + 1);
  if (has_type (object, "ProfilePage"))
    {
      g_autofree char *created = date_text (json_object_get_member (object, "dateCreated"));

      aura_page_builder_add_fact (b, "joined", created, AURA_PAGE_SOURCE_JSON_LD, "dateCreated");
      if (json_object_has_member (object, "mainEntity"))
        ld_visit (b, json_object_get_member (object, "mainEntity"), TRUE, depth + 1);
    }
  /* A site describes itself as an Organization on every page; only the
   * main entity of a profile page is the profile's organisation. */
  if (has_type (object, "Person") ||
      (main_entity && (has_type (object, "Organization") || has_type (object, "Corporation"))))
    ld_person (b, object);
}

static void
ld_visit (AuraPageBuilder *b, JsonNode *node, gboolean main_entity, guint depth)
{
  if (node == NULL || depth > 8)
    return;
  if (JSON_NODE_HOLDS_OBJECT (node))
    ld_object (b, json_node_get_object (node), main_entity, depth);
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array) && i < 256; i++)
        ld_visit (b, json_array_get_element (array, i), main_entity, depth + 1);
    }
}

void
aura_page_read_json_ld (AuraPageBuilder *b, const char *text, gsize len)
{
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *copy = g_strndup (text, len);
  char *start = g_strstrip (copy);

  /* Old pages wrap scripts in comments or CDATA markers. */
  if (g_str_has_prefix (start, "<!--"))
    start += 4;
  if (g_str_has_suffix (start, "-->"))
    start[strlen (start) - 3] = '\0';
  root = parse_bounded (b, start, strlen (start));
  ld_visit (b, root, FALSE, 0);
}

/* ------------------------------------------------------------------------ */
/* Embedded JSON state                                                        */

static const char *const username_keys[] = { "uniqueId", "screen_name", "username", "userName",
                                             "login",    "acct",        "handle" };
static const char *const name_keys[] = { "nickname",  "display_name", "displayName",
                                         "full_name", "fullName",     "name" };
static const char *const bio_keys[] = { "signature", "biography", "bio", "description", "note" };
static const char *const avatar_keys[] = {
  "profile_pic_url_hd", "avatarLarger",    "avatar_large",
  "avatarMedium",       "avatar",          "avatar_url",
  "avatarUrl",          "profile_pic_url", "profile_image_url_https",
  "profile_image_url",  "avatarThumb",     "avatar_static",
};
static const char *const link_keys[] = { "external_url", "website", "blog", "url" };
static const struct
{
  const char *fact;
  const char *key;
} count_keys[] = {
  { "followers", "followerCount" },
  { "followers", "followers_count" },
  { "followers", "followersCount" },
  { "followers", "follower_count" },
  { "followers", "edge_followed_by" },
  { "followers", "followers" },
  { "following", "followingCount" },
  { "following", "following_count" },
  { "following", "friends_count" },
  { "following", "edge_follow" },
  { "following", "following" },
  { "likes", "heartCount" },
  { "likes", "heart" },
  { "posts", "videoCount" },
  { "posts", "statuses_count" },
  { "posts", "media_count" },
  { "posts", "posts_count" },
  { "posts", "public_repos" },
};
static const char *const joined_keys[] = { "createTime", "created_at", "createdAt", "date_joined",
                                           "joined" };

typedef struct
{
  AuraPageBuilder *b;
  guint nodes;
  JsonObject *best;
  JsonObject *best_parent;
  int best_score;
} Search;

static const char *
first_string (JsonObject *object, const char *const *keys, guint n_keys, const char **out_key)
{
  for (guint i = 0; i < n_keys; i++)
    {
      const char *value = get_string (object, keys[i]);

      if (value != NULL && *value != '\0')
        {
          if (out_key != NULL)
            *out_key = keys[i];
          return value;
        }
    }
  return NULL;
}

/* How likely @object is the profile's own user: its handle is the one in
 * the page URL, or at least it has a handle, or a name and a bio. Shallow
 * objects win ties: other users (followers, comment authors) sit deeper. */
static int
score_object (Search *s, JsonObject *object, guint depth)
{
  const char *handle = first_string (object, username_keys, G_N_ELEMENTS (username_keys), NULL);

  if (handle != NULL && s->b->page_handle != NULL)
    {
      g_autofree char *a = g_utf8_casefold (handle[0] == '@' ? handle + 1 : handle, -1);
      g_autofree char *b = g_utf8_casefold (s->b->page_handle, -1);

      if (strcmp (a, b) == 0)
        return 3000 - (int)depth;
    }
  if (handle != NULL)
    return 2000 - (int)depth;
  if (first_string (object, name_keys, G_N_ELEMENTS (name_keys) - 1, NULL) != NULL &&
      first_string (object, bio_keys, G_N_ELEMENTS (bio_keys), NULL) != NULL)
    return 1000 - (int)depth;
  return 0;
}

static void
search_node (Search *s, JsonNode *node, JsonObject *parent, guint depth)
{
  if (node == NULL || ++s->nodes > s->b->limits.max_json_nodes ||
      depth > s->b->limits.max_json_depth)
    return;
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      int score = score_object (s, object, depth);
      JsonObjectIter iter;
      JsonNode *member;

      if (score > s->best_score)
        {
          s->best = object;
          s->best_parent = parent;
          s->best_score = score;
        }
      json_object_iter_init (&iter, object);
      while (json_object_iter_next (&iter, NULL, &member))
        search_node (s, member, object, depth + 1);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint n = json_array_get_length (array);

      for (guint i = 0; i < n && s->nodes <= s->b->limits.max_json_nodes; i++)
        search_node (s, json_array_get_element (array, i), parent, depth + 1);
    }
}

/* Strips tags from an HTML bio (Mastodon's “note”); entities stay. */
static char *
strip_tags (const char *html)
{
  GString *out = g_string_new (NULL);
  gboolean in_tag = FALSE;

  for (const char *p = html; *p != '\0'; p++)
    {
      if (*p == '<')
        in_tag = TRUE;
      else if (*p == '>' && in_tag)
        {
          in_tag = FALSE;
          g_string_append_c (out, ' ');
        }
      else if (!in_tag)
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static void
read_counts (AuraPageBuilder *b, JsonObject *object)
{
  for (guint i = 0; object != NULL && i < G_N_ELEMENTS (count_keys); i++)
    {
      g_autofree char *count = count_text (json_object_get_member (object, count_keys[i].key));

      aura_page_builder_add_fact (b, count_keys[i].fact, count, AURA_PAGE_SOURCE_EMBEDDED_JSON,
                                  count_keys[i].key);
    }
}

static void
read_profile (AuraPageBuilder *b, JsonObject *user, JsonObject *parent)
{
  const char *key = NULL;
  const char *value;

  value = first_string (user, username_keys, G_N_ELEMENTS (username_keys), &key);
  aura_page_builder_set (b, AURA_PAGE_SLOT_USERNAME, AURA_PAGE_RANK_EMBEDDED, value,
                         AURA_PAGE_SOURCE_EMBEDDED_JSON, key);
  value = first_string (user, name_keys, G_N_ELEMENTS (name_keys), &key);
  aura_page_builder_set (b, AURA_PAGE_SLOT_DISPLAY_NAME, AURA_PAGE_RANK_EMBEDDED, value,
                         AURA_PAGE_SOURCE_EMBEDDED_JSON, key);
  value = first_string (user, bio_keys, G_N_ELEMENTS (bio_keys), &key);
  if (value != NULL)
    {
      g_autofree char *text = strchr (value, '<') != NULL ? strip_tags (value) : g_strdup (value);

      aura_page_builder_set (b, AURA_PAGE_SLOT_DESCRIPTION, AURA_PAGE_RANK_EMBEDDED, text,
                             AURA_PAGE_SOURCE_EMBEDDED_JSON, key);
    }
  value = first_string (user, avatar_keys, G_N_ELEMENTS (avatar_keys), &key);
  aura_page_builder_set_url (b, AURA_PAGE_SLOT_IMAGE, AURA_PAGE_RANK_EMBEDDED, value,
                             AURA_PAGE_SOURCE_EMBEDDED_JSON, key);
  /* State blobs hold bare “example.com/x” too; only absolute URLs are
   * links, anything else would resolve against the page. */
  for (guint i = 0; i < G_N_ELEMENTS (link_keys); i++)
    {
      value = get_string (user, link_keys[i]);
      if (value != NULL && g_uri_peek_scheme (value) != NULL)
        aura_page_builder_add_href (b, value, NULL, FALSE, AURA_PAGE_SOURCE_EMBEDDED_JSON);
    }
  aura_page_builder_add_email (b, get_string (user, "email"), AURA_PAGE_SOURCE_EMBEDDED_JSON,
                               "email");
  aura_page_builder_add_email (b, get_string (user, "public_email"), AURA_PAGE_SOURCE_EMBEDDED_JSON,
                               "public_email");
  aura_page_builder_add_value (b, b->info->locations, get_string (user, "location"),
                               AURA_PAGE_SOURCE_EMBEDDED_JSON, "location");
  aura_page_builder_add_value (b, b->info->organisations, get_string (user, "company"),
                               AURA_PAGE_SOURCE_EMBEDDED_JSON, "company");
  for (guint i = 0; i < G_N_ELEMENTS (joined_keys); i++)
    {
      g_autofree char *date = date_text (json_object_get_member (user, joined_keys[i]));

      aura_page_builder_add_fact (b, "joined", date, AURA_PAGE_SOURCE_EMBEDDED_JSON,
                                  joined_keys[i]);
    }
  /* Counts sit in the user object, in its “stats”, or beside it (TikTok's
   * userInfo holds “user” and “stats”). */
  read_counts (b, user);
  read_counts (b, get_object (user, "stats"));
  if (parent != NULL)
    {
      read_counts (b, get_object (parent, "stats"));
      read_counts (b, get_object (parent, "statsV2"));
    }
}

void
aura_page_read_embedded_json (AuraPageBuilder *b, const char *text, gsize len, const char *field)
{
  g_autoptr (JsonNode) root = parse_bounded (b, text, len);
  Search s = { .b = b };

  if (root == NULL)
    return;
  search_node (&s, root, NULL, 0);
  if (s.best != NULL)
    read_profile (b, s.best, s.best_parent);
}

/* ------------------------------------------------------------------------ */
/* window.__STATE__ = {…}                                                     */

void
aura_page_read_script_state (AuraPageBuilder *b, const char *text, gsize len)
{
  const char *end = text + len;
  const char *p = text;
  guint found = 0;

  while (p < end && found < 16 && (p = g_strstr_len (p, end - p, "__")) != NULL)
    {
      const char *name = p;
      const char *q = p + 2;
      gsize body_len;

      while (q < end && (g_ascii_isalnum (*q) || *q == '_'))
        q++;
      p = q;
      if (q - name < 5 || q[-1] != '_' || q[-2] != '_')
        continue;
      while (q < end && (*q == ' ' || *q == '"' || *q == '\'' || *q == ']'))
        q++;
      if (q >= end || *q != '=' || (q + 1 < end && q[1] == '='))
        continue;
      q++;
      while (q < end && g_ascii_isspace (*q))
        q++;
      if (q >= end || (*q != '{' && *q != '['))
        continue;
      body_len = prescan (q, MIN ((gsize)(end - q), b->limits.max_json_bytes),
                          b->limits.max_json_depth, b->limits.max_json_nodes, TRUE);
      if (body_len == 0)
        continue;
      {
        g_autofree char *field = g_strndup (name, (gsize)(p - name));

        aura_page_read_embedded_json (b, q, body_len, field);
      }
      found++;
      p = q + body_len;
    }
}
