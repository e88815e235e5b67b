/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "aura-cli"

#include "config.h"

#include <math.h>
#include <stdio.h>

#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <signal.h>

#include "aura-cli-private.h"
#include "aura-tiktok-scan.h"

/* aura-cli scan tiktok: the public profile page (counts, bio, links, flags)
 * kept as a snapshot with -i, and the analytics of the videos yt-dlp lists
 * (read from a file of its JSON lines, or with --yt-dlp from yt-dlp run
 * through its adapter, its lines read as they come). Ctrl-C stops yt-dlp
 * and the visit: what was read is printed, nothing is recorded. */

#define DEFAULT_YTDLP_TIMEOUT_S 600

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

static const char *
kill_to_string (AuraAdapterKill killed)
{
  switch (killed)
    {
      case AURA_ADAPTER_KILL_TIMEOUT:
        return "timeout";
      case AURA_ADAPTER_KILL_CANCELLED:
        return "cancelled";
      case AURA_ADAPTER_KILL_OUTPUT_LIMIT:
        return "output_limit";
      case AURA_ADAPTER_KILL_STOPPED:
        return "max_videos";
      case AURA_ADAPTER_KILL_NONE:
      default:
        return "none";
    }
}

/* {url, exit_status, stopped, videos, lines, skipped, reasons, problem} */
static void
add_fetch_json (JsonBuilder *b, AuraTikTokVideoFetch *fetch)
{
  AuraAdapterResult *result = aura_tiktok_video_fetch_get_result (fetch);
  const AuraTikTokVideoParse *videos = aura_tiktok_video_fetch_get_videos (fetch);
  g_autofree char *problem = aura_tiktok_video_fetch_describe_problem (fetch);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "url");
  json_builder_add_string_value (b, aura_tiktok_video_fetch_get_url (fetch));
  json_builder_set_member_name (b, "exit_status");
  json_builder_add_int_value (b,
                              result != NULL ? aura_adapter_result_get_exit_status (result) : -1);
  json_builder_set_member_name (b, "stopped");
  json_builder_add_string_value (b, kill_to_string (result != NULL
                                                        ? aura_adapter_result_get_killed (result)
                                                        : AURA_ADAPTER_KILL_NONE));
  json_builder_set_member_name (b, "videos");
  json_builder_add_int_value (b, videos != NULL ? videos->videos->len : 0);
  json_builder_set_member_name (b, "lines");
  json_builder_add_int_value (b, videos != NULL ? videos->lines : 0);
  json_builder_set_member_name (b, "skipped");
  json_builder_add_int_value (b, videos != NULL ? videos->skipped : 0);
  json_builder_set_member_name (b, "reasons");
  json_builder_begin_array (b);
  for (guint i = 0; videos != NULL && i < videos->reasons->len && i < 10; i++)
    json_builder_add_string_value (b, videos->reasons->pdata[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "problem");
  if (problem != NULL)
    json_builder_add_string_value (b, problem);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
}

static void
add_json_text (JsonBuilder *b, const char *name, char *text)
{
  json_builder_set_member_name (b, name);
  if (text != NULL)
    json_builder_add_value (b, json_from_string (text, NULL));
  else
    json_builder_add_null_value (b);
  g_free (text);
}

/* {handle, verdict, reason, profile, analytics, yt_dlp?}; @scan is NULL
 * when the visit did not happen (cancelled while yt-dlp ran). */
static void
print_json (AuraTikTokScan *scan,
            const char *handle,
            const AuraTikTokAnalytics *analytics,
            AuraTikTokVideoFetch *fetch)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  const AuraTikTokProfile *profile = scan != NULL ? aura_tiktok_scan_get_profile (scan) : NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "handle");
  json_builder_add_string_value (b, handle);
  json_builder_set_member_name (b, "verdict");
  json_builder_add_string_value (
      b, aura_verdict_to_string (scan != NULL ? aura_tiktok_scan_get_verdict (scan)
                                              : AURA_VERDICT_UNKNOWN));
  json_builder_set_member_name (b, "reason");
  json_builder_add_string_value (b,
                                 scan != NULL ? aura_tiktok_scan_get_reason (scan) : "cancelled");
  add_json_text (b, "profile",
                 profile != NULL ? aura_tiktok_profile_to_attributes_json (
                                       profile, aura_tiktok_scan_get_profile_url (scan))
                                 : NULL);
  add_json_text (b, "analytics",
                 analytics != NULL ? aura_tiktok_analytics_to_json (analytics) : NULL);
  if (fetch != NULL)
    {
      json_builder_set_member_name (b, "yt_dlp");
      add_fetch_json (b, fetch);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  aura_cli_print_json (root);
}

static void
print_fetch (AuraCli *cli, AuraTikTokVideoFetch *fetch)
{
  const AuraTikTokVideoParse *videos = aura_tiktok_video_fetch_get_videos (fetch);
  guint n = videos != NULL ? videos->videos->len : 0;
  /* Translators: how many videos yt-dlp listed, from where, and how many
   * of its lines were skipped. */
  g_autofree char *text = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "%u video from %s; lines skipped: %u",
                   "%u videos from %s; lines skipped: %u", n),
      n, aura_tiktok_video_fetch_get_url (fetch), videos != NULL ? videos->skipped : 0);

  printf ("\n");
  aura_cli_print_line (cli, "yt-dlp", text);
}

typedef struct
{
  GCancellable *cancellable;
  guint source;
} Interrupt;

static gboolean
sigint_cb (gpointer data)
{
  Interrupt *interrupt = data;

  g_cancellable_cancel (interrupt->cancellable);
  interrupt->source = 0;
  return G_SOURCE_REMOVE;
}

/* Runs yt-dlp on the account's profile URL. NULL with an error when it
 * could not start, or failed without listing a video; a run cancelled by
 * Ctrl-C is returned (the caller sees the cancellable). Other trouble is
 * a warning on stderr. */
static AuraTikTokVideoFetch *
fetch_videos (const char *handle,
              const char *base_url,
              int max_videos,
              int timeout_s,
              int grace_ms,
              GCancellable *cancellable,
              GError **error)
{
  g_autoptr (AuraAdapter) adapter = aura_tiktok_load_ytdlp_adapter (error);
  g_autoptr (AuraTikTokVideoFetch) fetch = NULL;
  g_autoptr (GError) local = NULL;
  g_autofree char *problem = NULL;
  AuraTikTokFetchOptions options = { 0 };
  AuraAdapterResult *result;

  if (adapter == NULL)
    return NULL;
  options.handle = handle;
  options.base_url = base_url;
  options.max_videos = (guint)max_videos;
  options.timeout_ms = (guint)timeout_s * 1000;
  options.grace_ms = (guint)MAX (grace_ms, 0);
  fetch = aura_tiktok_video_fetch_new (adapter, &options, error);
  if (fetch == NULL)
    {
      (*error)->domain = G_IO_ERROR, (*error)->code = G_IO_ERROR_INVALID_ARGUMENT;
      return NULL;
    }
  if (!aura_tiktok_video_fetch_run (fetch, cancellable, &local) &&
      !g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (local != NULL)
    return g_steal_pointer (&fetch);
  problem = aura_tiktok_video_fetch_describe_problem (fetch);
  result = aura_tiktok_video_fetch_get_result (fetch);
  if (problem != NULL && aura_tiktok_video_fetch_get_videos (fetch)->videos->len == 0 &&
      !aura_adapter_result_get_success (result))
    {
      const char *said = aura_adapter_result_get_stderr (result);

      /* Everything yt-dlp said (the problem holds its last line only). */
      if (said != NULL && *said != '\0')
        g_printerr (_ ("aura-cli: yt-dlp said:\n%s\n"), said);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, problem);
      return NULL;
    }
  if (problem != NULL)
    g_printerr ("aura-cli: %s\n", problem);
  return g_steal_pointer (&fetch);
}

static gboolean
check_video_options (
    gboolean ytdlp, const char *videos_path, int max_videos, int timeout_s, GError **error)
{
  if (ytdlp && videos_path != NULL)
    {
      g_set_error_literal (error, AURA_CLI_ERROR, AURA_CLI_ERROR_USAGE,
                           _ ("Choose --videos FILE or --yt-dlp, not both"));
      return FALSE;
    }
  if (!ytdlp && (max_videos != 0 || timeout_s != 0))
    {
      g_set_error_literal (error, AURA_CLI_ERROR, AURA_CLI_ERROR_USAGE,
                           _ ("--max-videos and --yt-dlp-timeout go with --yt-dlp"));
      return FALSE;
    }
  if (max_videos < 0 || max_videos > AURA_TIKTOK_FETCH_MAX_VIDEOS)
    {
      g_set_error (error, AURA_CLI_ERROR, AURA_CLI_ERROR_USAGE,
                   _ ("--max-videos takes 1 to %d (yt-dlp lists the newest %d at most)"),
                   AURA_TIKTOK_FETCH_MAX_VIDEOS, AURA_TIKTOK_FETCH_MAX_VIDEOS);
      return FALSE;
    }
  if (timeout_s < 0 || timeout_s > 24 * 3600)
    {
      g_set_error_literal (error, AURA_CLI_ERROR, AURA_CLI_ERROR_USAGE,
                           _ ("--yt-dlp-timeout takes 1 to 86400 seconds"));
      return FALSE;
    }
  return TRUE;
}

/* What Ctrl-C during yt-dlp leaves: the videos read, analysed, printed;
 * no visit and nothing recorded. */
static gboolean
report_cancelled_fetch (AuraCli *cli,
                        AuraTikTokVideoFetch *fetch,
                        GTimeZone *time_zone,
                        GError **error)
{
  const AuraTikTokVideoParse *videos = aura_tiktok_video_fetch_get_videos (fetch);
  AuraTikTokAnalyticsOptions options = { time_zone, 0, -1 };
  g_autoptr (AuraTikTokAnalytics) analytics = aura_tiktok_analyse_videos (videos->videos, &options);

  if (cli->json)
    print_json (NULL, aura_tiktok_video_fetch_get_handle (fetch), analytics, fetch);
  else
    {
      print_fetch (cli, fetch);
      print_analytics (cli, analytics);
    }
  g_set_error_literal (error, AURA_CLI_ERROR, AURA_CLI_ERROR_CANCELLED,
                       _ ("Cancelled while yt-dlp listed the videos; those read are shown, "
                          "nothing was recorded"));
  return FALSE;
}

static gboolean
run_scan (AuraCli *cli,
          AuraEngine *engine,
          AuraTikTokScanOptions *options,
          AuraTikTokVideoFetch *fetch,
          GCancellable *cancellable,
          GError **error)
{
  g_autoptr (AuraTikTokScan) scan = NULL;
  g_autoptr (GError) local = NULL;
  const AuraTikTokProfile *profile;
  const AuraTikTokAnalytics *analytics;

  scan = aura_tiktok_scan_new (engine, options->investigation_id > 0 ? cli->store : NULL, options,
                               error);
  if (scan == NULL)
    {
      if ((*error)->domain == AURA_TIKTOK_ERROR)
        (*error)->domain = G_IO_ERROR, (*error)->code = G_IO_ERROR_INVALID_ARGUMENT;
      return FALSE;
    }
  if (!aura_tiktok_scan_run (scan, cancellable, &local))
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_set_error_literal (error, AURA_CLI_ERROR, AURA_CLI_ERROR_CANCELLED,
                             _ ("Cancelled while the profile was read; nothing was recorded"));
      else
        g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  profile = aura_tiktok_scan_get_profile (scan);
  analytics = aura_tiktok_scan_get_analytics (scan);
  if (cli->json)
    {
      print_json (scan, aura_tiktok_scan_get_handle (scan), analytics, fetch);
      return TRUE;
    }
  if (profile == NULL)
    printf (_ ("%s: %s\n"), aura_tiktok_scan_get_handle (scan), aura_tiktok_scan_get_reason (scan));
  else
    print_profile (cli, profile, aura_tiktok_scan_get_profile_url (scan));
  if (fetch != NULL)
    print_fetch (cli, fetch);
  if (profile != NULL && analytics != NULL)
    print_analytics (cli, analytics);
  return TRUE;
}

gboolean
aura_cli_scan_tiktok (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE;
  gboolean ytdlp = FALSE;
  int max_videos = 0;
  int ytdlp_timeout = 0;
  int ytdlp_grace = 0;
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
    { "yt-dlp", 0, 0, G_OPTION_ARG_NONE, &ytdlp,
      N_ ("Run yt-dlp on the profile and analyse the videos it lists (it must be installed)"),
      NULL },
    { "max-videos", 0, 0, G_OPTION_ARG_INT, &max_videos,
      N_ ("With --yt-dlp: stop once this many videos were read (default and most: 500)"),
      N_ ("N") },
    { "yt-dlp-timeout", 0, 0, G_OPTION_ARG_INT, &ytdlp_timeout,
      N_ ("With --yt-dlp: stop yt-dlp after this many seconds (default 600)"), N_ ("SECONDS") },
    { "time-zone", 0, 0, G_OPTION_ARG_STRING, &zone,
      N_ ("Time zone of the posting-hour heatmap (default UTC)"), N_ ("ZONE") },
    { "base-url", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &base_url,
      N_ ("Where TikTok’s pages are (tests, mirrors)"), N_ ("URL") },
    { "yt-dlp-grace-ms", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &ytdlp_grace,
      N_ ("Time between SIGTERM and SIGKILL when yt-dlp is stopped (tests)"), N_ ("MS") },
  };
  g_autoptr (GArray) entries = g_array_new (TRUE, TRUE, sizeof (GOptionEntry));
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (AuraEngine) engine = NULL;
  g_autoptr (AuraInvestigation) investigation = NULL;
  g_autoptr (GTimeZone) time_zone = NULL;
  g_autoptr (AuraTikTokVideoFetch) fetch = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *videos = NULL;
  AuraTikTokScanOptions options = { 0 };
  Interrupt interrupt = { cancellable, 0 };
  gboolean ok;

  net.loopback_only = g_strcmp0 (g_getenv ("AURA_LOOPBACK_ONLY"), "1") == 0;
  g_array_append_vals (entries, scan_entries, G_N_ELEMENTS (scan_entries));
  aura_cli_net_add_entries (&net, entries);
  context = aura_cli_option_context_new (
      cli, "scan tiktok", _ ("HANDLE"),
      N_ ("A TikTok account from its public profile page: counts, bio, links and flags, kept "
          "as a snapshot with -i so growth can be followed; with --videos or --yt-dlp, the "
          "analytics of its videos (posting hours, hashtags, engagement, top videos)."),
      (const GOptionEntry *)(void *)entries->data, &help);
  ok = aura_cli_parse (cli, context, &help, &argc, &argv, 1, 1, error);
  if (ok && !help && zone != NULL && (time_zone = g_time_zone_new_identifier (zone)) == NULL)
    {
      g_set_error (error, AURA_CLI_ERROR, AURA_CLI_ERROR_USAGE, _ ("Unknown time zone “%s”"), zone);
      ok = FALSE;
    }
  if (ok && !help)
    ok = check_video_options (ytdlp, videos_path, max_videos, ytdlp_timeout, error);
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

  interrupt.source = g_unix_signal_add (SIGINT, sigint_cb, &interrupt);
  if (ytdlp)
    {
      fetch = fetch_videos (argv[1], base_url, max_videos,
                            ytdlp_timeout > 0 ? ytdlp_timeout : DEFAULT_YTDLP_TIMEOUT_S,
                            ytdlp_grace, cancellable, error);
      ok = fetch != NULL;
      if (ok && g_cancellable_is_cancelled (cancellable))
        ok = report_cancelled_fetch (cli, fetch, time_zone, error);
    }
  if (ok)
    {
      options.handle = argv[1];
      options.base_url = base_url;
      options.videos_jsonl = videos;
      options.videos = fetch != NULL ? aura_tiktok_video_fetch_get_videos (fetch) : NULL;
      options.time_zone = time_zone;
      ok = run_scan (cli, engine, &options, fetch, cancellable, error);
    }
  if (interrupt.source != 0)
    g_source_remove (interrupt.source);
  return ok;
}
