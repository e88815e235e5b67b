/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "aura-cli"

#include "config.h"

#include <math.h>
#include <stdio.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "aura-cli-private.h"
#include "aura-tiktok-scan.h"

/* aura-cli scan tiktok: the public profile page (counts, bio, links, flags)
 * kept as a snapshot with -i, and the analytics of the videos yt-dlp lists
 * (read from a file of its JSON lines). */

static char *
read_videos (const char *path, GError **error)
{
  g_autofree char *text = NULL;
  gsize length = 0;
  GStatBuf st;

  if (g_stat (path, &st) == 0 && st.st_size > 256 * 1024 * 1024)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _ ("%s is larger than 256 MiB; split the video list"), path);
      return NULL;
    }
  if (!g_file_get_contents (path, &text, &length, error))
    return NULL;
  return g_steal_pointer (&text);
}

static char *
count_text (gint64 value)
{
  return value < 0 ? g_strdup ("—") : g_strdup_printf ("%'lld", (long long)value);
}

static void
print_profile (AuraCli *cli, const AuraTikTokProfile *profile, const char *url)
{
  g_autofree char *followers = count_text (profile->followers);
  g_autofree char *following = count_text (profile->following);
  g_autofree char *likes = count_text (profile->likes);
  g_autofree char *videos = count_text (profile->videos);
  g_autofree char *bio = profile->bio != NULL ? aura_cli_printable (cli, profile->bio) : NULL;
  g_autoptr (GPtrArray) items = aura_tiktok_analyse_bio (profile->bio, profile->bio_link);

  aura_cli_print_line (cli, _ ("Handle"), profile->handle);
  aura_cli_print_line (cli, _ ("Name"), profile->nickname);
  aura_cli_print_line (cli, _ ("Account id"), profile->id);
  aura_cli_print_line (cli, _ ("Profile"), url);
  aura_cli_print_line (cli, _ ("Followers"), followers);
  aura_cli_print_line (cli, _ ("Following"), following);
  aura_cli_print_line (cli, _ ("Likes"), likes);
  aura_cli_print_line (cli, _ ("Videos"), videos);
  aura_cli_print_line (cli, _ ("Verified"), profile->verified ? _ ("yes") : _ ("no"));
  aura_cli_print_line (cli, _ ("Private"), profile->private_account ? _ ("yes") : _ ("no"));
  aura_cli_print_line (cli, _ ("Bio"), bio);
  aura_cli_print_line (cli, _ ("Bio link"), profile->bio_link);
  aura_cli_print_line (cli, _ ("Avatar"), profile->avatar_url);
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      AuraTikTokBioItem *item = items->pdata[i];
      g_autofree char *value = aura_cli_printable (cli, item->value);

      aura_cli_print_line (cli, aura_tiktok_bio_kind_to_string (item->kind), value);
    }
}

static void
print_analytics (AuraCli *cli, const AuraTikTokAnalytics *analytics)
{
  static const char *const days[] = { N_ ("Mon"), N_ ("Tue"), N_ ("Wed"), N_ ("Thu"),
                                      N_ ("Fri"), N_ ("Sat"), N_ ("Sun") };
  g_autoptr (GString) tags = g_string_new (NULL);
  g_autofree char *n = g_strdup_printf ("%u", analytics->n_videos);
  g_autofree char *rate = NULL;
  g_autofree char *cadence = NULL;

  printf ("\n");
  aura_cli_print_line (cli, _ ("Videos analysed"), n);
  if (!isnan (analytics->engagement_median))
    rate = g_strdup_printf (_ ("%.2f %% median, %.2f %% mean"), 100 * analytics->engagement_median,
                            100 * analytics->engagement_mean);
  aura_cli_print_line (cli, _ ("Engagement"), rate);
  if (analytics->n_dated > 0)
    cadence = g_strdup_printf (_ ("%.1f videos a week"), analytics->videos_per_week);
  aura_cli_print_line (cli, _ ("Cadence"), cadence);
  for (guint i = 0; i < analytics->hashtags->len && i < 10; i++)
    {
      AuraTikTokTagCount *tag = analytics->hashtags->pdata[i];

      g_string_append_printf (tags, "%s#%s (%u)", i > 0 ? ", " : "", tag->tag, tag->count);
    }
  aura_cli_print_line (cli, _ ("Hashtags"), tags->len > 0 ? tags->str : NULL);
  if (analytics->n_dated == 0)
    return;
  /* The posting hours as a small text heatmap: one row a weekday. */
  printf ("\n%s (%s)\n       0     4     8     12    16    20\n", _ ("Posting hours"),
          analytics->time_zone);
  for (guint d = 0; d < 7; d++)
    {
      printf ("  %-4s ", _ (days[d]));
      for (guint h = 0; h < 24; h++)
        {
          guint v = analytics->heatmap[d][h];

          printf ("%s", v == 0 ? "·" : v == 1 ? "▪" : v < 4 ? "◼" : "█");
          if (h % 4 == 3)
            printf ("  ");
        }
      printf ("\n");
    }
}

gboolean
aura_cli_scan_tiktok (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE;
  g_autofree char *investigation_ref = NULL;
  g_autofree char *videos_path = NULL;
  g_autofree char *zone = NULL;
  g_autofree char *base_url = NULL;
  AuraCliNet net = { 0 };
  const GOptionEntry scan_entries[] = {
    { "investigation", 'i', 0, G_OPTION_ARG_STRING, &investigation_ref,
      N_ ("Record the account, its links, mentions and hashtags, and a snapshot of its counts"),
      N_ ("INV") },
    { "videos", 0, 0, G_OPTION_ARG_FILENAME, &videos_path,
      N_ ("Analyse the videos in this file of yt-dlp JSON lines (yt-dlp -j URL > FILE)"),
      N_ ("FILE") },
    { "time-zone", 0, 0, G_OPTION_ARG_STRING, &zone,
      N_ ("Time zone of the posting-hour heatmap (default UTC)"), N_ ("ZONE") },
    { "base-url", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &base_url,
      N_ ("Where TikTok’s pages are (tests, mirrors)"), N_ ("URL") },
  };
  g_autoptr (GArray) entries = g_array_new (TRUE, TRUE, sizeof (GOptionEntry));
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (AuraEngine) engine = NULL;
  g_autoptr (AuraTikTokScan) scan = NULL;
  g_autoptr (AuraInvestigation) investigation = NULL;
  g_autoptr (GTimeZone) time_zone = NULL;
  g_autofree char *videos = NULL;
  AuraTikTokScanOptions options = { 0 };
  const AuraTikTokProfile *profile;
  const AuraTikTokAnalytics *analytics;
  gboolean ok;

  net.loopback_only = g_strcmp0 (g_getenv ("AURA_LOOPBACK_ONLY"), "1") == 0;
  g_array_append_vals (entries, scan_entries, G_N_ELEMENTS (scan_entries));
  aura_cli_net_add_entries (&net, entries);
  context = aura_cli_option_context_new (
      cli, "scan tiktok", _ ("HANDLE"),
      N_ ("A TikTok account from its public profile page: counts, bio, links and flags, kept "
          "as a snapshot with -i so growth can be followed; with --videos, the analytics of its "
          "videos (posting hours, hashtags, engagement, top videos)."),
      (const GOptionEntry *)(void *)entries->data, &help);
  ok = aura_cli_parse (cli, context, &help, &argc, &argv, 1, 1, error);
  if (ok && !help && zone != NULL && (time_zone = g_time_zone_new_identifier (zone)) == NULL)
    {
      g_set_error (error, AURA_CLI_ERROR, AURA_CLI_ERROR_USAGE, _ ("Unknown time zone “%s”"), zone);
      ok = FALSE;
    }
  if (ok && !help && videos_path != NULL && (videos = read_videos (videos_path, error)) == NULL)
    ok = FALSE;
  if (ok && !help)
    engine = aura_cli_net_engine_new (&net, error);
  aura_cli_net_clear (&net);
  if (!ok || help)
    return ok;
  if (engine == NULL)
    return FALSE;
  if (investigation_ref != NULL)
    {
      investigation = aura_cli_find_investigation (cli, investigation_ref, FALSE, error);
      if (investigation == NULL)
        return FALSE;
      options.investigation_id = aura_investigation_get_id (investigation);
    }
  options.handle = argv[1];
  options.base_url = base_url;
  options.videos_jsonl = videos;
  options.time_zone = time_zone;
  scan = aura_tiktok_scan_new (engine, investigation != NULL ? cli->store : NULL, &options, error);
  if (scan == NULL)
    {
      if ((*error)->domain == AURA_TIKTOK_ERROR)
        (*error)->domain = G_IO_ERROR, (*error)->code = G_IO_ERROR_INVALID_ARGUMENT;
      return FALSE;
    }
  if (!aura_tiktok_scan_run (scan, NULL, error))
    return FALSE;
  profile = aura_tiktok_scan_get_profile (scan);
  analytics = aura_tiktok_scan_get_analytics (scan);

  if (cli->json)
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "handle");
      json_builder_add_string_value (builder, aura_tiktok_scan_get_handle (scan));
      json_builder_set_member_name (builder, "verdict");
      json_builder_add_string_value (builder,
                                     aura_verdict_to_string (aura_tiktok_scan_get_verdict (scan)));
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, aura_tiktok_scan_get_reason (scan));
      json_builder_set_member_name (builder, "profile");
      if (profile != NULL)
        {
          g_autofree char *text = aura_tiktok_profile_to_attributes_json (
              profile, aura_tiktok_scan_get_profile_url (scan));

          json_builder_add_value (builder, json_from_string (text, NULL));
        }
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "analytics");
      if (analytics != NULL)
        {
          g_autofree char *text = aura_tiktok_analytics_to_json (analytics);

          json_builder_add_value (builder, json_from_string (text, NULL));
        }
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      aura_cli_print_json (root);
      return TRUE;
    }
  if (profile == NULL)
    {
      printf (_ ("%s: %s\n"), aura_tiktok_scan_get_handle (scan),
              aura_tiktok_scan_get_reason (scan));
      return TRUE;
    }
  print_profile (cli, profile, aura_tiktok_scan_get_profile_url (scan));
  if (analytics != NULL)
    print_analytics (cli, analytics);
  return TRUE;
}
