/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-tiktok"
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "aura-tiktok-private.h"

/* What a profile page's embedded JSON says about an account, in the three
 * shapes TikTok has used: the rehydration data of today's web app, the
 * older SIGI_STATE store and the Next.js __NEXT_DATA__ of before. */

/* ---- AuraTikTokProfile ---------------------------------------------------- */

AuraTikTokProfile *
aura_tiktok_profile_new (void)
{
  AuraTikTokProfile *profile = g_new0 (AuraTikTokProfile, 1);

  profile->followers = -1;
  profile->following = -1;
  profile->likes = -1;
  profile->videos = -1;
  profile->digg = -1;
  profile->friends = -1;
  return profile;
}

/**
 * aura_tiktok_profile_free:
 * @profile: (nullable): a profile
 */
void
aura_tiktok_profile_free (AuraTikTokProfile *profile)
{
  if (profile == NULL)
    return;
  g_free (profile->id);
  g_free (profile->handle);
  g_free (profile->nickname);
  g_free (profile->bio);
  g_free (profile->bio_link);
  g_free (profile->avatar_url);
  g_free (profile->avatar_thumb_url);
  g_free (profile->sec_uid);
  g_free (profile->region);
  g_free (profile->language);
  g_free (profile->source);
  g_free (profile);
}

/**
 * aura_tiktok_profile_copy:
 * @profile: a profile
 *
 * Returns: (transfer full): a deep copy
 */
AuraTikTokProfile *
aura_tiktok_profile_copy (const AuraTikTokProfile *profile)
{
  AuraTikTokProfile *copy;

  g_return_val_if_fail (profile != NULL, NULL);

  copy = g_memdup2 (profile, sizeof *profile);
  copy->id = g_strdup (profile->id);
  copy->handle = g_strdup (profile->handle);
  copy->nickname = g_strdup (profile->nickname);
  copy->bio = g_strdup (profile->bio);
  copy->bio_link = g_strdup (profile->bio_link);
  copy->avatar_url = g_strdup (profile->avatar_url);
  copy->avatar_thumb_url = g_strdup (profile->avatar_thumb_url);
  copy->sec_uid = g_strdup (profile->sec_uid);
  copy->region = g_strdup (profile->region);
  copy->language = g_strdup (profile->language);
  copy->source = g_strdup (profile->source);
  return copy;
}

G_DEFINE_BOXED_TYPE (AuraTikTokProfile,
                     aura_tiktok_profile,
                     aura_tiktok_profile_copy,
                     aura_tiktok_profile_free)

/* ---- Reading a user ------------------------------------------------------- */

/* A short token (ids, region codes): printable ASCII only. */
static char *
token (const char *raw, gsize max)
{
  gsize len;

  if (raw == NULL || *raw == '\0' || (len = strlen (raw)) > max)
    return NULL;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isgraph (raw[i]))
      return NULL;
  return g_strdup (raw);
}

/* An absolute http(s) URL as the page gives it, or NULL. */
static char *
web_url (const char *raw, gboolean add_scheme)
{
  g_autofree char *text = aura_tiktok_clean_text (raw, -1, FALSE, TRUE, AURA_TIKTOK_MAX_URL_BYTES);
  g_autofree char *full = NULL;
  g_autoptr (GUri) uri = NULL;

  if (text == NULL || strchr (text, ' ') != NULL)
    return NULL;
  if (add_scheme && strstr (text, "://") == NULL)
    full = g_strconcat ("https://", text, NULL);
  else
    full = g_steal_pointer (&text);
  uri = g_uri_parse (full, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      (g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") != 0 &&
       g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") != 0))
    return NULL;
  return g_steal_pointer (&full);
}

/* The id may be a string or a number. */
static char *
read_id (JsonObject *user)
{
  gint64 number;
  const char *text = aura_tiktok_json_string (user, "id");

  if (text != NULL)
    return token (text, 64);
  if (aura_tiktok_json_int (user, "id", &number) && number > 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, number);
  return NULL;
}

static gint64
read_count (JsonObject *stats, const char *member)
{
  gint64 value;

  if (!aura_tiktok_json_int (stats, member, &value) || value < 0)
    return -1;
  return value;
}

/* heartCount is a 32-bit field that wraps for the most liked accounts;
 * heart (when given) has the whole number. */
static gint64
read_likes (JsonObject *stats)
{
  gint64 count = -1, heart = -1;

  if (!aura_tiktok_json_int (stats, "heartCount", &count))
    count = -1;
  if (!aura_tiktok_json_int (stats, "heart", &heart))
    heart = -1;
  if (heart >= 0 && heart >= count)
    return heart;
  if (count < 0 && count >= G_MININT32)
    return count + ((gint64)1 << 32);
  return count;
}

gboolean
aura_tiktok_profile_fill (AuraTikTokProfile *profile, JsonObject *user, JsonObject *stats)
{
  static const char *const avatars[] = { "avatarLarger", "avatarMedium", "avatarThumb" };
  const char *handle = aura_tiktok_json_string (user, "uniqueId");
  JsonObject *bio_link = aura_tiktok_json_object (user, "bioLink");
  const char *avatar = NULL;
  gint64 created;

  /* The page's own handle is held to the same rules as one typed in. */
  if (handle == NULL || (profile->handle = aura_tiktok_normalize_handle (handle, NULL)) == NULL)
    return FALSE;
  profile->id = read_id (user);
  profile->nickname = aura_tiktok_clean_text (aura_tiktok_json_string (user, "nickname"), -1, FALSE,
                                              TRUE, AURA_TIKTOK_MAX_NAME_CHARS);
  profile->bio = aura_tiktok_clean_text (aura_tiktok_json_string (user, "signature"), -1, TRUE,
                                         FALSE, AURA_TIKTOK_MAX_BIO_CHARS);
  profile->sec_uid = token (aura_tiktok_json_string (user, "secUid"), 256);
  profile->region = token (aura_tiktok_json_string (user, "region"), 16);
  profile->language = token (aura_tiktok_json_string (user, "language"), 16);
  if (aura_tiktok_json_int (user, "createTime", &created) && created > 0)
    profile->created_at = created;
  profile->verified = aura_tiktok_json_bool (user, "verified");
  profile->private_account =
      aura_tiktok_json_bool (user, "privateAccount") || aura_tiktok_json_bool (user, "secret");
  if (bio_link != NULL)
    profile->bio_link = web_url (aura_tiktok_json_string (bio_link, "link"), TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (avatars); i++)
    if ((avatar = aura_tiktok_json_string (user, avatars[i])) != NULL)
      {
        g_autofree char *url = web_url (avatar, FALSE);

        if (url == NULL)
          continue;
        if (profile->avatar_url == NULL)
          profile->avatar_url = g_strdup (url);
        g_free (profile->avatar_thumb_url);
        profile->avatar_thumb_url = g_steal_pointer (&url);
      }

  /* Old pages kept the counts in the user object itself. */
  if (stats == NULL)
    stats = user;
  profile->followers = read_count (stats, "followerCount");
  profile->following = read_count (stats, "followingCount");
  profile->likes = read_likes (stats);
  profile->videos = read_count (stats, "videoCount");
  profile->digg = read_count (stats, "diggCount");
  profile->friends = read_count (stats, "friendCount");
  return TRUE;
}

/* ---- Reading a block ------------------------------------------------------ */

/* The status codes the page carries for an account that does not exist
 * (10202, 10221) or was banned (10223). */
static gboolean
is_not_found_code (gint64 code)
{
  return code == 10202 || code == 10221 || code == 10223;
}

#define PRIVATE_CODE 10222
#define CAPTCHA_CODE 10000

static void
set_changed (GError **error, const char *block, const char *missing)
{
  g_set_error (error, AURA_TIKTOK_ERROR, AURA_TIKTOK_ERROR_STRUCTURE_CHANGED,
               _ ("TikTok’s page structure has changed: the %s data has no “%s”; the profile "
                  "cannot be read until Aura is updated"),
               block, missing);
}

/* Shared by the three shapes: the page's status code decides first. */
static AuraTikTokProfile *
finish (const char *source,
        gint64 code,
        JsonObject *user,
        JsonObject *stats,
        const char *missing,
        GError **error)
{
  g_autoptr (AuraTikTokProfile) profile = aura_tiktok_profile_new ();

  if (is_not_found_code (code))
    {
      g_set_error (error, AURA_TIKTOK_ERROR, AURA_TIKTOK_ERROR_NOT_FOUND,
                   _ ("TikTok says this account does not exist or was banned (status code "
                      "%lld)"),
                   (long long)code);
      return NULL;
    }
  if (code == CAPTCHA_CODE && user == NULL)
    {
      g_set_error_literal (error, AURA_TIKTOK_ERROR, AURA_TIKTOK_ERROR_CAPTCHA,
                           _ ("TikTok answered with a CAPTCHA instead of the profile; try again "
                              "later or through another network"));
      return NULL;
    }
  if (user == NULL || !aura_tiktok_profile_fill (profile, user, stats))
    {
      set_changed (error, source, user == NULL ? missing : "uniqueId (a valid handle)");
      return NULL;
    }
  profile->status_code = (int)CLAMP (code, G_MININT, G_MAXINT);
  if (code == PRIVATE_CODE)
    profile->private_account = TRUE;
  profile->source = g_strdup (source);
  return g_steal_pointer (&profile);
}

static gint64
status_code (JsonObject *object)
{
  gint64 code = 0;

  if (!aura_tiktok_json_int (object, "statusCode", &code))
    aura_tiktok_json_int (object, "status_code", &code);
  return code;
}

static AuraTikTokProfile *
from_rehydration (JsonObject *root, GError **error)
{
  JsonObject *scope = aura_tiktok_json_object (root, "__DEFAULT_SCOPE__");
  JsonObject *detail = aura_tiktok_json_object (scope, "webapp.user-detail");
  JsonObject *info = aura_tiktok_json_object (detail, "userInfo");

  if (scope == NULL)
    {
      set_changed (error, "__UNIVERSAL_DATA_FOR_REHYDRATION__", "__DEFAULT_SCOPE__");
      return NULL;
    }
  if (detail == NULL)
    {
      set_changed (error, "__UNIVERSAL_DATA_FOR_REHYDRATION__",
                   "__DEFAULT_SCOPE__ → webapp.user-detail");
      return NULL;
    }
  return finish ("rehydration", status_code (detail), aura_tiktok_json_object (info, "user"),
                 aura_tiktok_json_object (info, "stats"), "webapp.user-detail → userInfo.user",
                 error);
}

/* SIGI_STATE keeps users and stats in maps keyed by handle. */
static JsonObject *
pick_user (JsonObject *users, const char *handle, const char **out_key)
{
  g_autoptr (GList) keys = json_object_get_members (users);
  JsonObject *first = NULL;

  for (GList *l = keys; l != NULL; l = l->next)
    {
      JsonObject *user = aura_tiktok_json_object (users, l->data);
      const char *unique = aura_tiktok_json_string (user, "uniqueId");

      if (user == NULL)
        continue;
      if (first == NULL)
        {
          first = user;
          *out_key = l->data;
        }
      if (handle != NULL && ((unique != NULL && g_ascii_strcasecmp (unique, handle) == 0) ||
                             g_ascii_strcasecmp (l->data, handle) == 0))
        {
          *out_key = l->data;
          return user;
        }
    }
  return first;
}

static AuraTikTokProfile *
from_sigi (JsonObject *root, const char *handle, GError **error)
{
  JsonObject *module = aura_tiktok_json_object (root, "UserModule");
  JsonObject *users = aura_tiktok_json_object (module, "users");
  JsonObject *page = aura_tiktok_json_object (root, "UserPage");
  JsonObject *user = NULL;
  const char *key = NULL;
  gint64 code = status_code (page);

  if (users != NULL)
    user = pick_user (users, handle, &key);
  if (user == NULL && !is_not_found_code (code) && module == NULL)
    {
      set_changed (error, "SIGI_STATE", "UserModule");
      return NULL;
    }
  return finish (
      "sigi", code, user,
      key != NULL ? aura_tiktok_json_object (aura_tiktok_json_object (module, "stats"), key) : NULL,
      "UserModule → users", error);
}

static AuraTikTokProfile *
from_next_data (JsonObject *root, GError **error)
{
  JsonObject *props =
      aura_tiktok_json_object (aura_tiktok_json_object (root, "props"), "pageProps");
  JsonObject *info = aura_tiktok_json_object (props, "userInfo");
  gint64 code = status_code (props);
  gint64 server = 0;

  if (props == NULL)
    {
      set_changed (error, "__NEXT_DATA__", "props → pageProps");
      return NULL;
    }
  if (aura_tiktok_json_int (props, "serverCode", &server) && server == 404 && info == NULL)
    code = 10202;
  return finish ("next-data", code, aura_tiktok_json_object (info, "user"),
                 aura_tiktok_json_object (info, "stats"), "pageProps → userInfo.user", error);
}

AuraTikTokProfile *
aura_tiktok_profile_from_block (const char *block_id,
                                JsonNode *root,
                                const char *handle,
                                GError **error)
{
  JsonObject *object;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, AURA_TIKTOK_ERROR, AURA_TIKTOK_ERROR_STRUCTURE_CHANGED,
                   _ ("TikTok’s page structure has changed: the %s data is not a JSON object"),
                   block_id);
      return NULL;
    }
  object = json_node_get_object (root);
  if (strcmp (block_id, "SIGI_STATE") == 0)
    return from_sigi (object, handle, error);
  if (strcmp (block_id, "__NEXT_DATA__") == 0)
    return from_next_data (object, error);
  return from_rehydration (object, error);
}

/* ---- Attributes ----------------------------------------------------------- */

static void
add_count (JsonBuilder *builder, const char *name, gint64 value)
{
  if (value < 0)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_string (JsonBuilder *builder, const char *name, const char *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static char *
builder_to_string (JsonBuilder *builder)
{
  g_autoptr (JsonNode) root = json_builder_get_root (builder);
  g_autoptr (JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/**
 * aura_tiktok_profile_to_attributes_json:
 * @profile: a profile
 * @profile_url: (nullable): its page
 *
 * Returns: (transfer full): a JSON object
 */
char *
aura_tiktok_profile_to_attributes_json (const AuraTikTokProfile *profile, const char *profile_url)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (profile != NULL, NULL);

  json_builder_begin_object (builder);
  add_string (builder, "platform", "tiktok");
  add_string (builder, "tiktok_id", profile->id);
  add_string (builder, "handle", profile->handle);
  add_string (builder, "nickname", profile->nickname);
  add_string (builder, "bio", profile->bio);
  add_string (builder, "bio_link", profile->bio_link);
  add_string (builder, "avatar_url", profile->avatar_url);
  add_string (builder, "profile_url", profile_url);
  add_string (builder, "sec_uid", profile->sec_uid);
  add_string (builder, "region", profile->region);
  add_string (builder, "language", profile->language);
  if (profile->created_at > 0)
    add_count (builder, "created_at", profile->created_at);
  json_builder_set_member_name (builder, "verified");
  json_builder_add_boolean_value (builder, profile->verified);
  json_builder_set_member_name (builder, "private");
  json_builder_add_boolean_value (builder, profile->private_account);
  add_count (builder, "followers", profile->followers);
  add_count (builder, "following", profile->following);
  add_count (builder, "likes", profile->likes);
  add_count (builder, "videos", profile->videos);
  add_count (builder, "digg", profile->digg);
  add_count (builder, "friends", profile->friends);
  json_builder_end_object (builder);
  return builder_to_string (builder);
}

/**
 * aura_tiktok_profile_to_snapshot_json:
 * @profile: a profile
 *
 * Returns: (transfer full): the snapshot's metadata, a JSON object
 */
char *
aura_tiktok_profile_to_snapshot_json (const AuraTikTokProfile *profile)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (profile != NULL, NULL);

  json_builder_begin_object (builder);
  add_string (builder, "handle", profile->handle);
  add_string (builder, "tiktok_id", profile->id);
  add_count (builder, "followers", profile->followers);
  add_count (builder, "following", profile->following);
  add_count (builder, "likes", profile->likes);
  add_count (builder, "videos", profile->videos);
  add_count (builder, "digg", profile->digg);
  add_count (builder, "friends", profile->friends);
  json_builder_set_member_name (builder, "verified");
  json_builder_add_boolean_value (builder, profile->verified);
  json_builder_set_member_name (builder, "private");
  json_builder_add_boolean_value (builder, profile->private_account);
  add_string (builder, "nickname", profile->nickname);
  add_string (builder, "source", profile->source);
  json_builder_end_object (builder);
  return builder_to_string (builder);
}
