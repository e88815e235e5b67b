/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-tiktok"
#include "config.h"

#include <math.h>
#include <string.h>

#include "aura-tiktok-private.h"

/* Analytics over a list of videos: pure functions of their fields, so that
 * every figure can be checked by hand. */

#define DEFAULT_TOP_N 10
#define WEEK (7 * 24 * 3600)

void
aura_tiktok_analytics_free (AuraTikTokAnalytics *analytics)
{
  if (analytics == NULL)
    return;
  g_clear_pointer (&analytics->videos, g_ptr_array_unref);
  g_free (analytics->time_zone);
  g_clear_pointer (&analytics->hashtags, g_ptr_array_unref);
  g_clear_pointer (&analytics->engagement, g_array_unref);
  g_clear_pointer (&analytics->top_by_views, g_array_unref);
  g_clear_pointer (&analytics->top_by_engagement, g_array_unref);
  g_free (analytics);
}

static void
tag_count_free (AuraTikTokTagCount *count)
{
  g_free (count->tag);
  g_free (count);
}

static gint64
known (gint64 value)
{
  return value > 0 ? value : 0;
}

static void
fill_heatmap (AuraTikTokAnalytics *a, GTimeZone *tz)
{
  for (guint i = 0; i < a->videos->len; i++)
    {
      AuraTikTokVideo *video = a->videos->pdata[i];
      g_autoptr (GDateTime) utc = NULL;
      g_autoptr (GDateTime) local = NULL;

      if (video->timestamp <= 0)
        continue;
      utc = g_date_time_new_from_unix_utc (video->timestamp);
      local = utc != NULL ? g_date_time_to_timezone (utc, tz) : NULL;
      if (local == NULL)
        continue;
      a->heatmap[g_date_time_get_day_of_week (local) - 1][g_date_time_get_hour (local)]++;
    }
}

static int
compare_tags (gconstpointer x, gconstpointer y)
{
  const AuraTikTokTagCount *a = *(AuraTikTokTagCount *const *)x;
  const AuraTikTokTagCount *b = *(AuraTikTokTagCount *const *)y;

  if (a->count != b->count)
    return a->count > b->count ? -1 : 1;
  return strcmp (a->tag, b->tag);
}

static void
count_hashtags (AuraTikTokAnalytics *a, guint top_n)
{
  g_autoptr (GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < a->videos->len; i++)
    {
      AuraTikTokVideo *video = a->videos->pdata[i];

      for (guint t = 0; video->hashtags != NULL && video->hashtags[t] != NULL; t++)
        {
          g_autofree char *folded = g_utf8_casefold (video->hashtags[t], -1);
          AuraTikTokTagCount *count = g_hash_table_lookup (counts, folded);

          if (count == NULL)
            {
              count = g_new0 (AuraTikTokTagCount, 1);
              count->tag = g_steal_pointer (&folded);
              g_hash_table_insert (counts, count->tag, count);
              g_ptr_array_add (a->hashtags, count);
            }
          count->count++;
        }
    }
  g_ptr_array_sort (a->hashtags, compare_tags);
  if (a->hashtags->len > top_n)
    g_ptr_array_set_size (a->hashtags, top_n);
}

static int
compare_doubles (gconstpointer x, gconstpointer y)
{
  double a = *(const double *)x, b = *(const double *)y;

  return (a > b) - (a < b);
}

static int
compare_ranked (gconstpointer x, gconstpointer y)
{
  const AuraTikTokRanked *a = x, *b = y;

  if (a->value != b->value)
    return a->value > b->value ? -1 : 1;
  return (a->index > b->index) - (a->index < b->index);
}

static void
rate_engagement (AuraTikTokAnalytics *a, guint top_n)
{
  g_autoptr (GArray) rates = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 interactions = 0;
  double sum = 0;

  for (guint i = 0; i < a->videos->len; i++)
    {
      AuraTikTokVideo *video = a->videos->pdata[i];
      gint64 acts = known (video->likes) + known (video->comments) + known (video->shares);
      double rate = NAN;
      AuraTikTokRanked ranked = { i, 0 };

      interactions += acts;
      if (video->views > 0)
        {
          rate = (double)acts / (double)video->views;
          g_array_append_val (rates, rate);
          sum += rate;
          ranked.value = rate;
          g_array_append_val (a->top_by_engagement, ranked);
        }
      if (video->views >= 0)
        {
          ranked.value = (double)video->views;
          g_array_append_val (a->top_by_views, ranked);
        }
      g_array_append_val (a->engagement, rate);
    }
  a->n_rated = rates->len;
  a->engagement_mean = rates->len > 0 ? sum / rates->len : NAN;
  a->engagement_median = NAN;
  if (rates->len > 0)
    {
      guint mid = rates->len / 2;

      g_array_sort (rates, compare_doubles);
      a->engagement_median =
          rates->len % 2 == 1
              ? g_array_index (rates, double, mid)
              : (g_array_index (rates, double, mid - 1) + g_array_index (rates, double, mid)) / 2.0;
    }
  a->engagement_per_follower = NAN;
  if (a->followers > 0 && a->n_videos > 0)
    a->engagement_per_follower = (double)interactions / a->n_videos / (double)a->followers;
  g_array_sort (a->top_by_views, compare_ranked);
  g_array_sort (a->top_by_engagement, compare_ranked);
  if (a->top_by_views->len > top_n)
    g_array_set_size (a->top_by_views, top_n);
  if (a->top_by_engagement->len > top_n)
    g_array_set_size (a->top_by_engagement, top_n);
}

static int
compare_times (gconstpointer x, gconstpointer y)
{
  gint64 a = *(const gint64 *)x, b = *(const gint64 *)y;

  return (a > b) - (a < b);
}

static void
measure_cadence (AuraTikTokAnalytics *a)
{
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  double weeks;

  for (guint i = 0; i < a->videos->len; i++)
    {
      AuraTikTokVideo *video = a->videos->pdata[i];

      if (video->timestamp > 0)
        g_array_append_val (times, video->timestamp);
    }
  a->n_dated = times->len;
  if (times->len == 0)
    return;
  g_array_sort (times, compare_times);
  a->first_post = g_array_index (times, gint64, 0);
  a->last_post = g_array_index (times, gint64, times->len - 1);
  for (guint i = 1; i < times->len; i++)
    {
      gint64 gap = g_array_index (times, gint64, i) - g_array_index (times, gint64, i - 1);

      if (gap > a->longest_gap)
        {
          a->longest_gap = gap;
          a->longest_gap_start = g_array_index (times, gint64, i - 1);
        }
    }
  weeks = (double)(a->last_post - a->first_post) / WEEK;
  a->videos_per_week = times->len / MAX (1.0, weeks);
}

/**
 * aura_tiktok_analyse_videos:
 * @videos: (element-type AuraTikTokVideo): the videos
 * @options: (nullable): time zone, top N and followers
 *
 * Returns: (transfer full): the analytics
 */
AuraTikTokAnalytics *
aura_tiktok_analyse_videos (GPtrArray *videos, const AuraTikTokAnalyticsOptions *options)
{
  AuraTikTokAnalytics *a;
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  GTimeZone *tz = options != NULL && options->time_zone != NULL ? options->time_zone : utc;
  guint top_n = options != NULL && options->top_n > 0 ? options->top_n : DEFAULT_TOP_N;

  g_return_val_if_fail (videos != NULL, NULL);

  a = g_new0 (AuraTikTokAnalytics, 1);
  a->videos = g_ptr_array_ref (videos);
  a->time_zone = g_strdup (g_time_zone_get_identifier (tz));
  a->hashtags = g_ptr_array_new_with_free_func ((GDestroyNotify)tag_count_free);
  a->engagement = g_array_new (FALSE, FALSE, sizeof (double));
  a->top_by_views = g_array_new (FALSE, FALSE, sizeof (AuraTikTokRanked));
  a->top_by_engagement = g_array_new (FALSE, FALSE, sizeof (AuraTikTokRanked));
  a->followers = options != NULL ? options->followers : -1;
  a->n_videos = videos->len;
  for (guint i = 0; i < videos->len; i++)
    {
      AuraTikTokVideo *video = videos->pdata[i];

      a->total_views += known (video->views);
      a->total_likes += known (video->likes);
      a->total_comments += known (video->comments);
      a->total_shares += known (video->shares);
    }
  fill_heatmap (a, tz);
  count_hashtags (a, top_n);
  rate_engagement (a, top_n);
  measure_cadence (a);
  return a;
}

/* ---- JSON ----------------------------------------------------------------- */

static void
member_int (JsonBuilder *b, const char *name, gint64 value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

/* NaN (no value) becomes null. */
static void
member_double (JsonBuilder *b, const char *name, double value)
{
  json_builder_set_member_name (b, name);
  if (isfinite (value))
    json_builder_add_double_value (b, value);
  else
    json_builder_add_null_value (b);
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

static void
member_string (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_video (JsonBuilder *b, const AuraTikTokVideo *video, double rate)
{
  json_builder_begin_object (b);
  member_string (b, "id", video->id);
  member_string (b, "url", video->url);
  member_string (b, "title", video->title);
  member_int (b, "timestamp", video->timestamp);
  member_double (b, "duration", video->duration >= 0 ? video->duration : NAN);
  member_count (b, "views", video->views);
  member_count (b, "likes", video->likes);
  member_count (b, "comments", video->comments);
  member_count (b, "shares", video->shares);
  member_double (b, "engagement", rate);
  member_string (b, "track", video->track);
  member_string (b, "artist", video->artist);
  json_builder_set_member_name (b, "hashtags");
  json_builder_begin_array (b);
  for (guint t = 0; video->hashtags != NULL && video->hashtags[t] != NULL; t++)
    json_builder_add_string_value (b, video->hashtags[t]);
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
add_ranked (JsonBuilder *b, const AuraTikTokAnalytics *a, GArray *ranked, const char *name)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; i < ranked->len; i++)
    {
      const AuraTikTokRanked *r = &g_array_index (ranked, AuraTikTokRanked, i);
      const AuraTikTokVideo *video = a->videos->pdata[r->index];

      json_builder_begin_object (b);
      member_int (b, "index", r->index);
      member_string (b, "id", video->id);
      member_string (b, "url", video->url);
      member_double (b, "value", r->value);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
add_summary (JsonBuilder *b, const AuraTikTokAnalytics *a)
{
  json_builder_set_member_name (b, "totals");
  json_builder_begin_object (b);
  member_int (b, "videos", a->n_videos);
  member_int (b, "dated", a->n_dated);
  member_int (b, "views", a->total_views);
  member_int (b, "likes", a->total_likes);
  member_int (b, "comments", a->total_comments);
  member_int (b, "shares", a->total_shares);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "engagement");
  json_builder_begin_object (b);
  member_int (b, "rated", a->n_rated);
  member_double (b, "mean", a->engagement_mean);
  member_double (b, "median", a->engagement_median);
  member_count (b, "followers", a->followers);
  member_double (b, "per_follower", a->engagement_per_follower);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "cadence");
  json_builder_begin_object (b);
  member_int (b, "first_post", a->first_post);
  member_int (b, "last_post", a->last_post);
  member_double (b, "videos_per_week", a->n_dated > 0 ? a->videos_per_week : NAN);
  member_int (b, "longest_gap_seconds", a->longest_gap);
  member_int (b, "longest_gap_start", a->longest_gap_start);
  json_builder_end_object (b);
}

/**
 * aura_tiktok_analytics_to_json:
 * @analytics: the analytics
 *
 * Returns: (transfer full): the whole result as a JSON object
 */
char *
aura_tiktok_analytics_to_json (const AuraTikTokAnalytics *analytics)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;

  g_return_val_if_fail (analytics != NULL, NULL);

  json_builder_begin_object (b);
  member_string (b, "time_zone", analytics->time_zone);
  add_summary (b, analytics);
  json_builder_set_member_name (b, "heatmap");
  json_builder_begin_array (b);
  for (guint day = 0; day < 7; day++)
    {
      json_builder_begin_array (b);
      for (guint hour = 0; hour < 24; hour++)
        json_builder_add_int_value (b, analytics->heatmap[day][hour]);
      json_builder_end_array (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "hashtags");
  json_builder_begin_array (b);
  for (guint i = 0; i < analytics->hashtags->len; i++)
    {
      const AuraTikTokTagCount *count = analytics->hashtags->pdata[i];

      json_builder_begin_object (b);
      member_string (b, "tag", count->tag);
      member_int (b, "count", count->count);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  add_ranked (b, analytics, analytics->top_by_views, "top_by_views");
  add_ranked (b, analytics, analytics->top_by_engagement, "top_by_engagement");
  json_builder_set_member_name (b, "videos");
  json_builder_begin_array (b);
  for (guint i = 0; i < analytics->videos->len; i++)
    add_video (b, analytics->videos->pdata[i], g_array_index (analytics->engagement, double, i));
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}
