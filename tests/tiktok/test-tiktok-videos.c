/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "aura-tiktok.h"
#include "aura.h"

/* yt-dlp's JSON lines with garbage among them, and the analytics checked
 * against values computed by hand. */

/* Monday 2024-01-01 00:00:00 UTC. */
#define MONDAY G_GINT64_CONSTANT (1704067200)
#define HOUR 3600
#define DAY (24 * HOUR)

static const char ytdlp_lines[] =
    "{\"id\":\"7300000000000000001\",\"webpage_url\":\"https://www.tiktok.com/@ada.example/video/"
    "7300000000000000001\",\"title\":\"Crumb shot\",\"description\":\"Crumb shot #Sourdough "
    "#bread\",\"timestamp\":1704103200,\"duration\":15,\"view_count\":1000,\"like_count\":100,"
    "\"comment_count\":10,\"repost_count\":40,\"track\":\"original sound\",\"artist\":\"Ada\","
    "\"tags\":[\"sourdough\",\"Baking\"],\"uploader\":\"ada.example\","
    "\"uploader_id\":\"6812345678901234567\"}\n"
    "WARNING: [TikTok] Unable to extract something; please report this issue\n"
    "\n"
    "{\"id\":\"7300000000000000002\",\"webpage_url\":\"https://www.tiktok.com/@ada.example/video/"
    "7300000000000000002\",\"title\":\"Starter\",\"timestamp\":1704279600,\"duration\":30.5,"
    "\"view_count\":200,\"like_count\":20,\"comment_count\":0,\"repost_count\":0,"
    "\"tags\":[\"#sourdough\",\"starter\"],\"artists\":[\"DJ Loaf\"]}\r\n"
    "{\"id\":\"7300000000000000003\",\"title\":\"broken\",\n"
    "[1,2,3]\n"
    "{\"title\":\"no id\"}\n"
    "{\"id\":\"7300000000000000003\",\"webpage_url\":\"https://www.tiktok.com/@ada.example/video/"
    "7300000000000000003\",\"upload_date\":\"20240115\",\"view_count\":0,\"like_count\":5,"
    "\"tags\":[\"bread\"]}\n"
    "{\"id\":\"7300000000000000001\",\"title\":\"again\"}\n"
    "{\"id\":7300000000000000004,\"webpage_url\":\"https://www.tiktok.com/@ada.example/video/"
    "7300000000000000004\",\"timestamp\":1705496400,\"view_count\":400,\"like_count\":60,"
    "\"comment_count\":20,\"repost_count\":0,\"description\":\"#Bread #sourdough\"}\n";

static AuraTikTokVideoParse *
parse_sample (void)
{
  return aura_tiktok_parse_videos (ytdlp_lines, -1);
}

static void
test_videos_parse (void)
{
  g_autoptr (AuraTikTokVideoParse) parse = parse_sample ();
  AuraTikTokVideo *first, *second, *third, *fourth;

  g_assert_cmpuint (parse->lines, ==, 9);
  g_assert_cmpuint (parse->videos->len, ==, 4);
  g_assert_cmpuint (parse->skipped, ==, 5);
  g_assert_cmpuint (parse->reasons->len, ==, 5);
  g_assert_true (g_str_has_prefix (parse->reasons->pdata[0], "line 2: not a JSON object"));
  g_assert_true (g_str_has_prefix (parse->reasons->pdata[1], "line 5: not valid JSON"));
  g_assert_true (g_str_has_prefix (parse->reasons->pdata[2], "line 6: not a JSON object"));
  g_assert_true (g_str_has_prefix (parse->reasons->pdata[3], "line 7: The entry has no video id"));
  g_assert_true (g_str_has_prefix (parse->reasons->pdata[4], "line 9: video 7300000000000000001"));

  first = parse->videos->pdata[0];
  g_assert_cmpstr (first->id, ==, "7300000000000000001");
  g_assert_cmpstr (first->url, ==, "https://www.tiktok.com/@ada.example/video/7300000000000000001");
  g_assert_cmpstr (first->title, ==, "Crumb shot");
  g_assert_cmpint (first->timestamp, ==, 1704103200);
  g_assert_cmpfloat (first->duration, ==, 15.0);
  g_assert_cmpint (first->views, ==, 1000);
  g_assert_cmpint (first->likes, ==, 100);
  g_assert_cmpint (first->comments, ==, 10);
  g_assert_cmpint (first->shares, ==, 40);
  g_assert_cmpstr (first->track, ==, "original sound");
  g_assert_cmpstr (first->artist, ==, "Ada");
  g_assert_cmpstr (first->uploader, ==, "ada.example");
  g_assert_cmpstr (first->uploader_id, ==, "6812345678901234567");
  /* Tags first, then the description's hashtags, folded, each once. */
  g_assert_cmpuint (g_strv_length (first->hashtags), ==, 3);
  g_assert_cmpstr (first->hashtags[0], ==, "sourdough");
  g_assert_cmpstr (first->hashtags[1], ==, "baking");
  g_assert_cmpstr (first->hashtags[2], ==, "bread");

  second = parse->videos->pdata[1];
  g_assert_cmpfloat (second->duration, ==, 30.5);
  g_assert_cmpstr (second->artist, ==, "DJ Loaf");
  g_assert_null (second->track);

  third = parse->videos->pdata[2];
  g_assert_cmpint (third->timestamp, ==, MONDAY + 14 * DAY);
  g_assert_cmpint (third->views, ==, 0);
  g_assert_cmpint (third->comments, ==, -1);
  g_assert_cmpfloat (third->duration, ==, -1);

  fourth = parse->videos->pdata[3];
  g_assert_cmpstr (fourth->id, ==, "7300000000000000004");
}

static void
test_videos_garbage (void)
{
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (AuraTikTokVideoParse) parse = NULL;
  g_autoptr (AuraTikTokVideoParse) empty = aura_tiktok_parse_videos (NULL, 0);
  g_autoptr (AuraTikTokVideoParse) nul = aura_tiktok_parse_videos ("{\"id\":\"1\"}\0{}", 12);

  for (guint i = 0; i < 150; i++)
    g_string_append (text, "[[[[[[[[[[\n{\"id\":\"x\",\"tags\":\"notalist\",\"view_count\":"
                           "\"lots\",\"timestamp\":-5,\"duration\":\"long\"}\n");
  for (guint i = 0; i < 100; i++)
    g_string_append_c (text, '{');
  g_string_append_c (text, '\n');
  parse = aura_tiktok_parse_videos (text->str, (gssize)text->len);
  g_assert_cmpuint (parse->videos->len, ==, 1);
  g_assert_cmpint (((AuraTikTokVideo *)parse->videos->pdata[0])->views, ==, -1);
  g_assert_cmpint (((AuraTikTokVideo *)parse->videos->pdata[0])->timestamp, ==, 0);
  g_assert_cmpuint (parse->skipped, ==, 150 + 149 + 1);
  g_assert_cmpuint (parse->reasons->len, ==, 100);
  g_assert_cmpuint (empty->videos->len, ==, 0);
  g_assert_cmpuint (empty->lines, ==, 0);
  g_assert_cmpuint (nul->videos->len, ==, 0);
  g_assert_cmpuint (nul->skipped, ==, 1);
}

/* The same lines handed one by one, as the adapter hands yt-dlp's output
 * (no line break, no carriage return), read exactly as the file. */
static void
test_videos_reader_streams_like_a_file (void)
{
  g_autoptr (AuraTikTokVideoParse) whole = parse_sample ();
  g_autoptr (AuraTikTokVideoParse) streamed = NULL;
  g_autoptr (AuraTikTokVideoParse) copy = NULL;
  g_auto (GStrv) lines = g_strsplit (ytdlp_lines, "\n", -1);
  AuraTikTokVideoReader *reader = aura_tiktok_video_reader_new ();
  guint n = g_strv_length (lines);

  /* The text ends with a line break: the last piece is not a line. */
  g_assert_cmpstr (lines[n - 1], ==, "");
  for (guint i = 0; i + 1 < n; i++)
    {
      g_strchomp (lines[i]);
      g_assert_true (aura_tiktok_video_reader_add_line (reader, lines[i], -1));
      g_assert_cmpuint (aura_tiktok_video_reader_get_parse (reader)->lines, <=, whole->lines);
    }
  streamed = aura_tiktok_video_reader_finish (reader);
  g_assert_cmpuint (streamed->lines, ==, whole->lines);
  g_assert_cmpuint (streamed->skipped, ==, whole->skipped);
  g_assert_cmpuint (streamed->reasons->len, ==, whole->reasons->len);
  for (guint i = 0; i < whole->reasons->len; i++)
    g_assert_cmpstr (streamed->reasons->pdata[i], ==, whole->reasons->pdata[i]);
  g_assert_cmpuint (streamed->videos->len, ==, whole->videos->len);
  for (guint i = 0; i < whole->videos->len; i++)
    {
      AuraTikTokVideo *a = whole->videos->pdata[i], *b = streamed->videos->pdata[i];

      g_assert_cmpstr (a->id, ==, b->id);
      g_assert_cmpstr (a->url, ==, b->url);
      g_assert_cmpint (a->timestamp, ==, b->timestamp);
      g_assert_cmpint (a->views, ==, b->views);
      g_assert_true (
          g_strv_equal ((const char *const *)a->hashtags, (const char *const *)b->hashtags));
    }

  /* A deep copy outlives what it was copied from. */
  copy = aura_tiktok_video_parse_copy (streamed);
  g_clear_pointer (&streamed, aura_tiktok_video_parse_free);
  g_assert_cmpuint (copy->videos->len, ==, 4);
  g_assert_cmpuint (copy->skipped, ==, 5);
  g_assert_cmpstr (((AuraTikTokVideo *)copy->videos->pdata[0])->hashtags[1], ==, "baking");
  g_assert_cmpstr (((AuraTikTokVideo *)copy->videos->pdata[1])->artist, ==, "DJ Loaf");
  g_assert_true (g_str_has_prefix (copy->reasons->pdata[4], "line 9: "));
}

static void
test_videos_reader_limits (void)
{
  g_autoptr (AuraTikTokVideoReader) reader = aura_tiktok_video_reader_new ();
  const AuraTikTokVideoParse *parse;
  guint accepted = 0;

  /* A line the adapter could not hand over is counted with its reason. */
  g_assert_true (aura_tiktok_video_reader_add_line (reader, "{\"id\":\"1\"}", -1));
  aura_tiktok_video_reader_skip_line (reader, "longer than 1 MiB");
  g_assert_true (aura_tiktok_video_reader_add_line (reader, "  {\"id\":\"2\"}\t", -1));
  /* An explicit length: the NUL inside is refused, not a cut. */
  g_assert_true (aura_tiktok_video_reader_add_line (reader, "{\"id\":\"3\"}\0x", 12));
  parse = aura_tiktok_video_reader_get_parse (reader);
  g_assert_cmpuint (parse->videos->len, ==, 2);
  g_assert_cmpuint (parse->skipped, ==, 2);
  g_assert_cmpstr (parse->reasons->pdata[0], ==, "line 2: longer than 1 MiB");
  g_assert_cmpstr (parse->reasons->pdata[1], ==, "line 4: holds a NUL byte");

  /* At most AURA_TIKTOK_MAX_VIDEO_LINES lines, blank ones included. */
  while (aura_tiktok_video_reader_add_line (reader, "", 0))
    accepted++;
  g_assert_cmpuint (accepted + 4, ==, AURA_TIKTOK_MAX_VIDEO_LINES);
  g_assert_false (aura_tiktok_video_reader_add_line (reader, "{\"id\":\"9\"}", -1));
  aura_tiktok_video_reader_skip_line (reader, "ignored");
  g_assert_cmpuint (parse->videos->len, ==, 2);
  g_assert_cmpuint (parse->skipped, ==, 2);
}

static void
test_videos_playlist (void)
{
  const char *playlist = "{\"_type\":\"playlist\",\"id\":\"ada\",\"entries\":[{\"id\":\"1\","
                         "\"view_count\":3},{\"id\":\"2\"},\"junk\",{\"title\":\"x\"}]}";
  g_autoptr (AuraTikTokVideoParse) parse = aura_tiktok_parse_videos (playlist, -1);

  g_assert_cmpuint (parse->videos->len, ==, 2);
  g_assert_cmpuint (parse->skipped, ==, 1);
}

static void
test_videos_array (void)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraTikTokVideoParse) parse = NULL;

  json_parser_load_from_data (
      parser, "[{\"id\":\"1\",\"view_count\":5},7,{\"id\":\"1\"},{\"id\":\"2\"},null]", -1, &error);
  g_assert_no_error (error);
  parse = aura_tiktok_parse_video_array (json_node_get_array (json_parser_get_root (parser)));
  g_assert_cmpuint (parse->lines, ==, 5);
  g_assert_cmpuint (parse->videos->len, ==, 2);
  g_assert_cmpuint (parse->skipped, ==, 3);
  g_assert_cmpstr (parse->reasons->pdata[0], ==, "entry 2: not a JSON object");
  g_assert_true (g_str_has_prefix (parse->reasons->pdata[1], "entry 3: video 1"));
}

/* ---- Analytics ------------------------------------------------------------ */

static AuraTikTokVideo *
video_new (const char *id,
           gint64 timestamp,
           gint64 views,
           gint64 likes,
           gint64 comments,
           gint64 shares,
           const char *tags)
{
  AuraTikTokVideo *video = g_new0 (AuraTikTokVideo, 1);

  video->id = g_strdup (id);
  video->url = g_strdup_printf ("https://www.tiktok.com/@t/video/%s", id);
  video->timestamp = timestamp;
  video->duration = 10;
  video->views = views;
  video->likes = likes;
  video->comments = comments;
  video->shares = shares;
  video->hashtags = g_strsplit (tags, ",", -1);
  return video;
}

static GPtrArray *
sample_videos (void)
{
  GPtrArray *videos = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_tiktok_video_free);

  /* Rates: a 0.15, b 0.10, c none (0 views), d 0.20, e 0.30 (unknown
   * comments count as 0). */
  g_ptr_array_add (videos,
                   video_new ("a", MONDAY + 10 * HOUR, 1000, 100, 10, 40, "bread,sourdough"));
  g_ptr_array_add (videos, video_new ("b", MONDAY + 2 * DAY + 10 * HOUR, 200, 20, 0, 0, "bread"));
  g_ptr_array_add (videos, video_new ("c", MONDAY + 14 * DAY, 0, 5, -1, -1, "bread,starter"));
  g_ptr_array_add (videos,
                   video_new ("d", MONDAY + 16 * DAY + 13 * HOUR, 400, 60, 20, 0, "sourdough"));
  g_ptr_array_add (videos, video_new ("e", MONDAY + 17 * DAY + 23 * HOUR, 100, 30, -1, 0, ""));
  return videos;
}

static void
test_analytics_utc (void)
{
  g_autoptr (GPtrArray) videos = sample_videos ();
  AuraTikTokAnalyticsOptions options = { .top_n = 2, .followers = 1000 };
  g_autoptr (AuraTikTokAnalytics) a = aura_tiktok_analyse_videos (videos, &options);
  const AuraTikTokTagCount *tag;
  guint total = 0;

  g_assert_cmpstr (a->time_zone, ==, "UTC");
  g_assert_cmpuint (a->heatmap[0][10], ==, 1); /* a: Monday 10:00 */
  g_assert_cmpuint (a->heatmap[2][10], ==, 1); /* b: Wednesday 10:00 */
  g_assert_cmpuint (a->heatmap[0][0], ==, 1);  /* c: Monday 00:00 */
  g_assert_cmpuint (a->heatmap[2][13], ==, 1); /* d: Wednesday 13:00 */
  g_assert_cmpuint (a->heatmap[3][23], ==, 1); /* e: Thursday 23:00 */
  for (guint d = 0; d < 7; d++)
    for (guint h = 0; h < 24; h++)
      total += a->heatmap[d][h];
  g_assert_cmpuint (total, ==, 5);

  g_assert_cmpuint (a->hashtags->len, ==, 2);
  tag = a->hashtags->pdata[0];
  g_assert_cmpstr (tag->tag, ==, "bread");
  g_assert_cmpuint (tag->count, ==, 3);
  tag = a->hashtags->pdata[1];
  g_assert_cmpstr (tag->tag, ==, "sourdough");
  g_assert_cmpuint (tag->count, ==, 2);

  g_assert_cmpuint (a->n_videos, ==, 5);
  g_assert_cmpint (a->total_views, ==, 1700);
  g_assert_cmpint (a->total_likes, ==, 215);
  g_assert_cmpint (a->total_comments, ==, 30);
  g_assert_cmpint (a->total_shares, ==, 40);

  g_assert_cmpuint (a->n_rated, ==, 4);
  g_assert_true (isnan (g_array_index (a->engagement, double, 2)));
  g_assert_cmpfloat_with_epsilon (g_array_index (a->engagement, double, 0), 0.15, 1e-12);
  g_assert_cmpfloat_with_epsilon (a->engagement_mean, (0.15 + 0.10 + 0.20 + 0.30) / 4, 1e-12);
  /* Even count: the mean of the middle two, 0.15 and 0.20. */
  g_assert_cmpfloat_with_epsilon (a->engagement_median, 0.175, 1e-12);
  /* (150 + 20 + 5 + 80 + 30) / 5 videos / 1000 followers. */
  g_assert_cmpfloat_with_epsilon (a->engagement_per_follower, 0.057, 1e-12);

  g_assert_cmpuint (a->top_by_views->len, ==, 2);
  g_assert_cmpuint (g_array_index (a->top_by_views, AuraTikTokRanked, 0).index, ==, 0);
  g_assert_cmpuint (g_array_index (a->top_by_views, AuraTikTokRanked, 1).index, ==, 3);
  g_assert_cmpuint (g_array_index (a->top_by_engagement, AuraTikTokRanked, 0).index, ==, 4);
  g_assert_cmpuint (g_array_index (a->top_by_engagement, AuraTikTokRanked, 1).index, ==, 3);

  g_assert_cmpint (a->first_post, ==, MONDAY + 10 * HOUR);
  g_assert_cmpint (a->last_post, ==, MONDAY + 17 * DAY + 23 * HOUR);
  /* The longest gap: b (day 2, 10:00) to c (day 14, 00:00). */
  g_assert_cmpint (a->longest_gap, ==, 12 * DAY - 10 * HOUR);
  g_assert_cmpint (a->longest_gap_start, ==, MONDAY + 2 * DAY + 10 * HOUR);
  /* 5 videos over 17 days 13 hours = 421 / 168 weeks. */
  g_assert_cmpfloat_with_epsilon (a->videos_per_week, 5.0 / (421.0 / 168.0), 1e-12);
}

/* Paris is UTC+1 in winter and UTC+2 from 2024-03-31 01:00 UTC. */
static void
test_analytics_paris_dst (void)
{
  g_autoptr (GPtrArray) videos =
      g_ptr_array_new_with_free_func ((GDestroyNotify)aura_tiktok_video_free);
  g_autoptr (GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
  AuraTikTokAnalyticsOptions options = { .followers = -1 };
  g_autoptr (AuraTikTokAnalytics) utc = NULL;
  g_autoptr (AuraTikTokAnalytics) a = NULL;
  /* Saturday 2024-03-30 00:30 UTC, Sunday 2024-03-31 00:30 UTC (before the
   * change) and 01:30 UTC (after it). */
  const gint64 saturday = G_GINT64_CONSTANT (1711758600);

  if (paris == NULL)
    {
      g_test_skip ("no tzdata for Europe/Paris");
      return;
    }
  g_ptr_array_add (videos, video_new ("s", saturday, 10, 1, 0, 0, ""));
  g_ptr_array_add (videos, video_new ("t", saturday + DAY, 10, 1, 0, 0, ""));
  g_ptr_array_add (videos, video_new ("u", saturday + DAY + HOUR, 10, 1, 0, 0, ""));
  options.time_zone = paris;
  a = aura_tiktok_analyse_videos (videos, &options);
  g_assert_cmpstr (a->time_zone, ==, "Europe/Paris");
  g_assert_cmpuint (a->heatmap[5][1], ==, 1); /* Saturday 01:30 CET */
  g_assert_cmpuint (a->heatmap[6][1], ==, 1); /* Sunday 01:30 CET */
  g_assert_cmpuint (a->heatmap[6][3], ==, 1); /* Sunday 03:30 CEST: 02:xx never happened */
  g_assert_cmpuint (a->heatmap[6][2], ==, 0);
  g_assert_true (isnan (a->engagement_per_follower));

  utc = aura_tiktok_analyse_videos (videos, NULL);
  g_assert_cmpuint (utc->heatmap[5][0], ==, 1);
  g_assert_cmpuint (utc->heatmap[6][0], ==, 1);
  g_assert_cmpuint (utc->heatmap[6][1], ==, 1);
}

static void
test_analytics_empty_and_zero_views (void)
{
  g_autoptr (GPtrArray) none = g_ptr_array_new ();
  g_autoptr (AuraTikTokAnalytics) empty = aura_tiktok_analyse_videos (none, NULL);
  g_autoptr (GPtrArray) zero =
      g_ptr_array_new_with_free_func ((GDestroyNotify)aura_tiktok_video_free);
  g_autoptr (AuraTikTokAnalytics) a = NULL;
  g_autofree char *json = NULL;

  g_assert_cmpuint (empty->n_videos, ==, 0);
  g_assert_true (isnan (empty->engagement_mean));
  g_assert_true (isnan (empty->engagement_median));
  g_assert_cmpint (empty->longest_gap, ==, 0);
  json = aura_tiktok_analytics_to_json (empty);
  g_assert_nonnull (strstr (json, "\"mean\":null"));
  g_assert_nonnull (strstr (json, "\"videos_per_week\":null"));

  g_ptr_array_add (zero, video_new ("z", MONDAY, 0, 0, 0, 0, ""));
  g_ptr_array_add (zero, video_new ("y", 0, -1, 3, 0, 0, ""));
  a = aura_tiktok_analyse_videos (zero, NULL);
  g_assert_cmpuint (a->n_rated, ==, 0);
  g_assert_cmpuint (a->n_dated, ==, 1);
  g_assert_cmpfloat (a->videos_per_week, ==, 1.0);
  g_assert_cmpuint (a->top_by_views->len, ==, 1);
}

static void
test_analytics_json (void)
{
  g_autoptr (GPtrArray) videos = sample_videos ();
  AuraTikTokAnalyticsOptions options = { .top_n = 3, .followers = 1000 };
  g_autoptr (AuraTikTokAnalytics) a = aura_tiktok_analyse_videos (videos, &options);
  g_autofree char *json = aura_tiktok_analytics_to_json (a);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonObject *root;
  JsonArray *heatmap;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  heatmap = json_object_get_array_member (root, "heatmap");
  g_assert_cmpuint (json_array_get_length (heatmap), ==, 7);
  g_assert_cmpuint (json_array_get_length (json_array_get_array_element (heatmap, 0)), ==, 24);
  g_assert_cmpint (json_array_get_int_element (json_array_get_array_element (heatmap, 3), 23), ==,
                   1);
  g_assert_cmpint (
      json_object_get_int_member (json_object_get_object_member (root, "totals"), "views"), ==,
      1700);
  g_assert_cmpfloat_with_epsilon (
      json_object_get_double_member (json_object_get_object_member (root, "engagement"), "median"),
      0.175, 1e-12);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "hashtags")), ==, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "videos")), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (
                       json_array_get_object_element (
                           json_object_get_array_member (root, "top_by_engagement"), 0),
                       "id"),
                   ==, "e");
  g_assert_true (json_object_get_null_member (
      json_array_get_object_element (json_object_get_array_member (root, "videos"), 2),
      "engagement"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/tiktok/videos/parse-with-garbage", test_videos_parse);
  g_test_add_func ("/tiktok/videos/hostile-lines", test_videos_garbage);
  g_test_add_func ("/tiktok/videos/reader-streams-like-a-file",
                   test_videos_reader_streams_like_a_file);
  g_test_add_func ("/tiktok/videos/reader-limits", test_videos_reader_limits);
  g_test_add_func ("/tiktok/videos/playlist-entries", test_videos_playlist);
  g_test_add_func ("/tiktok/videos/json-array", test_videos_array);
  g_test_add_func ("/tiktok/analytics/utc", test_analytics_utc);
  g_test_add_func ("/tiktok/analytics/paris-across-dst", test_analytics_paris_dst);
  g_test_add_func ("/tiktok/analytics/empty-and-zero-views", test_analytics_empty_and_zero_views);
  g_test_add_func ("/tiktok/analytics/json", test_analytics_json);
  return g_test_run ();
}
