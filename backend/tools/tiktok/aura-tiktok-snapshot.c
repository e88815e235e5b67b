/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-tiktok"
#include "config.h"

#include "aura-tiktok-private.h"

/* Each profile visit is kept as inline evidence (its counts and flags);
 * the series of them is the account's growth. */

/**
 * aura_tiktok_record_snapshot:
 * @store: the store
 * @investigation_id: the investigation
 * @entity_id: the account's entity
 * @scan_id: the scan that saw it, 0 when none
 * @profile: what was seen
 * @profile_url: (nullable): where
 * @captured_at: Unix seconds, 0 for now
 * @error: return location for a store error
 *
 * Returns: the evidence id, 0 on error
 */
gint64
aura_tiktok_record_snapshot (AuraStore *store,
                             gint64 investigation_id,
                             gint64 entity_id,
                             gint64 scan_id,
                             const AuraTikTokProfile *profile,
                             const char *profile_url,
                             gint64 captured_at,
                             GError **error)
{
  g_autofree char *metadata = NULL;

  g_return_val_if_fail (AURA_IS_STORE (store), 0);
  g_return_val_if_fail (profile != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  metadata = aura_tiktok_profile_to_snapshot_json (profile);
  if (captured_at <= 0)
    captured_at = g_get_real_time () / G_USEC_PER_SEC;
  return aura_store_add_evidence (store, investigation_id, entity_id, scan_id,
                                  AURA_TIKTOK_SNAPSHOT_KIND, profile_url, metadata, captured_at,
                                  error);
}

static gint64
count_of (JsonObject *object, const char *member)
{
  gint64 value;

  return aura_tiktok_json_int (object, member, &value) && value >= 0 ? value : -1;
}

static gint64
delta (gint64 now, gint64 before)
{
  return now >= 0 && before >= 0 ? now - before : 0;
}

/* The snapshot in @metadata, FALSE when it is not one. */
static gboolean
read_snapshot (const AuraEvidenceRecord *record, AuraTikTokSnapshot *out)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;
  JsonObject *object;

  if (record->metadata == NULL ||
      !json_parser_load_from_data (parser, record->metadata, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  object = json_node_get_object (root);
  if (!json_object_has_member (object, "followers") && !json_object_has_member (object, "likes"))
    return FALSE;
  out->evidence_id = record->id;
  out->captured_at = record->captured_at;
  out->followers = count_of (object, "followers");
  out->following = count_of (object, "following");
  out->likes = count_of (object, "likes");
  out->videos = count_of (object, "videos");
  out->private_account = aura_tiktok_json_bool (object, "private");
  out->verified = aura_tiktok_json_bool (object, "verified");
  return TRUE;
}

/**
 * aura_tiktok_load_snapshots:
 * @store: the store
 * @investigation_id: the investigation
 * @entity_id: the account's entity
 * @error: return location for a store error
 *
 * Returns: (transfer full) (element-type AuraTikTokSnapshot): the series,
 *   oldest first, or NULL on error
 */
GArray *
aura_tiktok_load_snapshots (AuraStore *store,
                            gint64 investigation_id,
                            gint64 entity_id,
                            GError **error)
{
  g_autoptr (GPtrArray) records = NULL;
  GArray *series;

  g_return_val_if_fail (AURA_IS_STORE (store), NULL);
  g_return_val_if_fail (entity_id > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  records = aura_store_list_evidence (store, investigation_id, entity_id, AURA_TIKTOK_SNAPSHOT_KIND,
                                      error);
  if (records == NULL)
    return NULL;
  series = g_array_new (FALSE, TRUE, sizeof (AuraTikTokSnapshot));
  for (guint i = 0; i < records->len; i++)
    {
      AuraTikTokSnapshot point = { 0 };

      if (!read_snapshot (records->pdata[i], &point))
        continue;
      if (series->len > 0)
        {
          const AuraTikTokSnapshot *previous =
              &g_array_index (series, AuraTikTokSnapshot, series->len - 1);

          point.has_previous = TRUE;
          point.d_followers = delta (point.followers, previous->followers);
          point.d_following = delta (point.following, previous->following);
          point.d_likes = delta (point.likes, previous->likes);
          point.d_videos = delta (point.videos, previous->videos);
        }
      g_array_append_val (series, point);
    }
  return series;
}

static void
member_count (JsonBuilder *b, const char *name, gint64 value)
{
  json_builder_set_member_name (b, name);
  if (value >= 0)
    json_builder_add_int_value (b, value);
  else
    json_builder_add_null_value (b);
}

/**
 * aura_tiktok_snapshots_to_json:
 * @series: (element-type AuraTikTokSnapshot): a series
 *
 * Returns: (transfer full): a JSON array, one object per snapshot
 */
char *
aura_tiktok_snapshots_to_json (GArray *series)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;

  g_return_val_if_fail (series != NULL, NULL);

  json_builder_begin_array (b);
  for (guint i = 0; i < series->len; i++)
    {
      const AuraTikTokSnapshot *point = &g_array_index (series, AuraTikTokSnapshot, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "time");
      json_builder_add_int_value (b, point->captured_at);
      member_count (b, "followers", point->followers);
      member_count (b, "following", point->following);
      member_count (b, "likes", point->likes);
      member_count (b, "videos", point->videos);
      json_builder_set_member_name (b, "private");
      json_builder_add_boolean_value (b, point->private_account);
      json_builder_set_member_name (b, "verified");
      json_builder_add_boolean_value (b, point->verified);
      if (point->has_previous)
        {
          json_builder_set_member_name (b, "delta");
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "followers");
          json_builder_add_int_value (b, point->d_followers);
          json_builder_set_member_name (b, "following");
          json_builder_add_int_value (b, point->d_following);
          json_builder_set_member_name (b, "likes");
          json_builder_add_int_value (b, point->d_likes);
          json_builder_set_member_name (b, "videos");
          json_builder_add_int_value (b, point->d_videos);
          json_builder_end_object (b);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}
