/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "aura-store.h"

G_BEGIN_DECLS

/* TikTok profile analysis (README.md): handles, the public profile page's
 * embedded JSON, the bio's links, mentions, hashtags and emails, profile
 * snapshots kept as evidence, yt-dlp's per-video JSON and the analytics
 * computed from it. Nothing here touches the network; AuraTikTokScan
 * (aura-tiktok-scan.h) fetches through the engine. */

#define AURA_TIKTOK_ERROR (aura_tiktok_error_quark ())

/**
 * AuraTikTokError:
 * @AURA_TIKTOK_ERROR_INVALID_HANDLE: not a TikTok handle (the message says
 *   why)
 * @AURA_TIKTOK_ERROR_NOT_FOUND: the page says the account does not exist
 *   (status codes 10202, 10221, 10223, or a 404)
 * @AURA_TIKTOK_ERROR_LOGIN_WALL: the page asks to log in instead
 * @AURA_TIKTOK_ERROR_CAPTCHA: the page is a CAPTCHA or a bot check
 * @AURA_TIKTOK_ERROR_REGION_BLOCKED: TikTok is not served in the region the
 *   request came from
 * @AURA_TIKTOK_ERROR_STRUCTURE_CHANGED: the page no longer carries the data
 *   where it used to; the message names what was missing
 * @AURA_TIKTOK_ERROR_INVALID_DATA: empty or unreadable input
 */
typedef enum
{
  AURA_TIKTOK_ERROR_INVALID_HANDLE,
  AURA_TIKTOK_ERROR_NOT_FOUND,
  AURA_TIKTOK_ERROR_LOGIN_WALL,
  AURA_TIKTOK_ERROR_CAPTCHA,
  AURA_TIKTOK_ERROR_REGION_BLOCKED,
  AURA_TIKTOK_ERROR_STRUCTURE_CHANGED,
  AURA_TIKTOK_ERROR_INVALID_DATA,
} AuraTikTokError;

GQuark aura_tiktok_error_quark (void);

#define AURA_TIKTOK_DEFAULT_BASE "https://www.tiktok.com"
#define AURA_TIKTOK_HANDLE_MIN 2
#define AURA_TIKTOK_HANDLE_MAX 24

/* ---- Handles -------------------------------------------------------------- */

/* The handle in canonical form (lower case, no “@”) from “@Name”, “name”
 * or a profile URL (https://www.tiktok.com/@name…); NULL with
 * %AURA_TIKTOK_ERROR_INVALID_HANDLE saying what is wrong. */
char *aura_tiktok_normalize_handle (const char *input, GError **error);
/* "BASE/@HANDLE"; @base NULL for %AURA_TIKTOK_DEFAULT_BASE (a trailing
 * slash is dropped). @handle must already be normalised. */
char *aura_tiktok_profile_url (const char *handle, const char *base);

/* ---- Profiles ------------------------------------------------------------- */

/**
 * AuraTikTokProfile:
 * @id: the numeric account id, as text
 * @handle: the handle (uniqueId)
 * @nickname: (nullable): the display name, cleaned
 * @bio: (nullable): the bio (signature), cleaned, line breaks kept
 * @bio_link: (nullable): the link TikTok shows under the bio
 * @avatar_url: (nullable): the largest avatar offered
 * @avatar_thumb_url: (nullable): the smallest one
 * @sec_uid: (nullable): the secUid, stable across handle changes
 * @region, @language: (nullable): when the page states them
 * @created_at: account creation, Unix seconds, 0 when not stated
 * @verified, @private_account: the flags
 * @followers, @following, @likes, @videos, @digg, @friends: the counts,
 *   -1 when the page did not give them
 * @status_code: the page's own status code (0 on success, 10222 private…)
 * @source: which embedded shape it came from: "rehydration", "sigi" or
 *   "next-data"
 *
 * What a profile page says about an account.
 */
typedef struct
{
  char *id;
  char *handle;
  char *nickname;
  char *bio;
  char *bio_link;
  char *avatar_url;
  char *avatar_thumb_url;
  char *sec_uid;
  char *region;
  char *language;
  gint64 created_at;
  gboolean verified;
  gboolean private_account;
  gint64 followers;
  gint64 following;
  gint64 likes;
  gint64 videos;
  gint64 digg;
  gint64 friends;
  int status_code;
  char *source;
} AuraTikTokProfile;

#define AURA_TYPE_TIKTOK_PROFILE (aura_tiktok_profile_get_type ())
GType aura_tiktok_profile_get_type (void) G_GNUC_CONST;
AuraTikTokProfile *aura_tiktok_profile_copy (const AuraTikTokProfile *profile);
void aura_tiktok_profile_free (AuraTikTokProfile *profile);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraTikTokProfile, aura_tiktok_profile_free)

/* Bounds of the page parser; 0 means the default in brackets. */
typedef struct
{
  gsize max_page_bytes;  /* bytes of HTML read at most (32 MiB) */
  gsize max_json_bytes;  /* bytes of one embedded script kept (8 MiB) */
  guint max_json_depth;  /* nesting of that JSON (64) */
  guint max_json_values; /* values in that JSON (500,000) */
} AuraTikTokPageLimits;

/**
 * aura_tiktok_parse_profile_page:
 * @data: the page's bytes (HTML, or the bare JSON of one embedded block)
 * @len: their length
 * @handle: (nullable): the handle asked for; with several users in the
 *   data, the one with this handle is taken
 * @limits: (nullable): bounds, %NULL for the defaults
 *
 * Reads the JSON a profile page embeds: `__UNIVERSAL_DATA_FOR_REHYDRATION__`,
 * the older `SIGI_STATE`, or `__NEXT_DATA__`. A private account is a
 * profile with @private_account set. Otherwise NULL with an
 * %AURA_TIKTOK_ERROR saying which: not found, login wall, CAPTCHA, region
 * block, or a structure change naming what was missing.
 */
AuraTikTokProfile *aura_tiktok_parse_profile_page (const char *data,
                                                   gsize len,
                                                   const char *handle,
                                                   const AuraTikTokPageLimits *limits,
                                                   GError **error);

/* The profile's details as a JSON object for the attributes of its entity
 * (platform, id, nickname, counts, flags, avatar and profile URLs). */
char *aura_tiktok_profile_to_attributes_json (const AuraTikTokProfile *profile,
                                              const char *profile_url);

/* ---- Bio ------------------------------------------------------------------ */

typedef enum
{
  AURA_TIKTOK_BIO_LINK,
  AURA_TIKTOK_BIO_MENTION,
  AURA_TIKTOK_BIO_HASHTAG,
  AURA_TIKTOK_BIO_EMAIL,
} AuraTikTokBioKind;

/**
 * AuraTikTokBioItem:
 * @kind: what it is
 * @value: the value to pivot on: an absolute http(s) URL, a handle without
 *   “@” (lower case), a hashtag without “#” (as written), an email address
 * @text: the text as it stood in the bio
 * @offset: where @text starts in the bio, in bytes; -1 for the bio link
 * @char_offset: the same in characters; -1 for the bio link
 * @length: @text's length in bytes
 *
 * One thing found in a bio.
 */
typedef struct
{
  AuraTikTokBioKind kind;
  char *value;
  char *text;
  gssize offset;
  gssize char_offset;
  gsize length;
} AuraTikTokBioItem;

void aura_tiktok_bio_item_free (AuraTikTokBioItem *item);
const char *aura_tiktok_bio_kind_to_string (AuraTikTokBioKind kind);
/* (element-type AuraTikTokBioItem): the links (the @bio_link first, then
 * URLs and bare domains in the text), @mentions, #hashtags and email
 * addresses of @bio, in order, each value once per kind. At most 200. */
GPtrArray *aura_tiktok_analyse_bio (const char *bio, const char *bio_link);

/* ---- Snapshots ------------------------------------------------------------ */

#define AURA_TIKTOK_SNAPSHOT_KIND "tiktok_profile_snapshot"

/* The evidence metadata of one visit: the counts and flags. */
char *aura_tiktok_profile_to_snapshot_json (const AuraTikTokProfile *profile);
/* Stores a snapshot of @profile as evidence of @entity_id (kind
 * %AURA_TIKTOK_SNAPSHOT_KIND); @captured_at 0 for now. The evidence id, 0
 * on error. */
gint64 aura_tiktok_record_snapshot (AuraStore *store,
                                    gint64 investigation_id,
                                    gint64 entity_id,
                                    gint64 scan_id,
                                    const AuraTikTokProfile *profile,
                                    const char *profile_url,
                                    gint64 captured_at,
                                    GError **error);

/**
 * AuraTikTokSnapshot:
 * @evidence_id: the evidence row
 * @captured_at: Unix seconds
 * @followers, @following, @likes, @videos: the counts, -1 when unknown
 * @private_account, @verified: the flags then
 * @has_previous: a snapshot came before this one
 * @d_followers, @d_following, @d_likes, @d_videos: the change since the
 *   previous snapshot; 0 when either count is unknown
 *
 * One point of an account's growth series.
 */
typedef struct
{
  gint64 evidence_id;
  gint64 captured_at;
  gint64 followers;
  gint64 following;
  gint64 likes;
  gint64 videos;
  gboolean private_account;
  gboolean verified;
  gboolean has_previous;
  gint64 d_followers;
  gint64 d_following;
  gint64 d_likes;
  gint64 d_videos;
} AuraTikTokSnapshot;

/* (element-type AuraTikTokSnapshot): the entity's snapshots, oldest first,
 * with deltas. Evidence whose metadata is not a snapshot is skipped. */
GArray *aura_tiktok_load_snapshots (AuraStore *store,
                                    gint64 investigation_id,
                                    gint64 entity_id,
                                    GError **error);
/* The series as a JSON array for the growth chart. */
char *aura_tiktok_snapshots_to_json (GArray *series);

/* ---- Videos --------------------------------------------------------------- */

/**
 * AuraTikTokVideo:
 * @id: the video id
 * @url: (nullable): its page (webpage_url)
 * @title, @description: (nullable)
 * @timestamp: when it was posted, Unix seconds (timestamp, else
 *   upload_date at 00:00 UTC); 0 when unknown
 * @duration: seconds, -1 when unknown
 * @views, @likes, @comments, @shares: -1 when unknown
 * @track, @artist: (nullable): the music
 * @hashtags: (array zero-terminated=1): tags and #hashtags of the
 *   description, without “#”, case-folded, each once
 * @uploader, @uploader_id: (nullable)
 */
typedef struct
{
  char *id;
  char *url;
  char *title;
  char *description;
  gint64 timestamp;
  double duration;
  gint64 views;
  gint64 likes;
  gint64 comments;
  gint64 shares;
  char *track;
  char *artist;
  char **hashtags;
  char *uploader;
  char *uploader_id;
} AuraTikTokVideo;

AuraTikTokVideo *aura_tiktok_video_copy (const AuraTikTokVideo *video);
void aura_tiktok_video_free (AuraTikTokVideo *video);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraTikTokVideo, aura_tiktok_video_free)

/* One yt-dlp info dict; NULL with %AURA_TIKTOK_ERROR_INVALID_DATA when it
 * has no id. */
AuraTikTokVideo *aura_tiktok_video_from_json (JsonObject *object, GError **error);

/**
 * AuraTikTokVideoParse:
 * @videos: (element-type AuraTikTokVideo): the videos read, in order, each
 *   id once
 * @lines: non-empty lines seen
 * @skipped: lines that gave no video
 * @reasons: "line N: why" for the first 100 skipped lines
 */
typedef struct
{
  GPtrArray *videos;
  guint lines;
  guint skipped;
  GPtrArray *reasons;
} AuraTikTokVideoParse;

AuraTikTokVideoParse *aura_tiktok_video_parse_copy (const AuraTikTokVideoParse *parse);
void aura_tiktok_video_parse_free (AuraTikTokVideoParse *parse);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraTikTokVideoParse, aura_tiktok_video_parse_free)

/* Lines read at most, and the longest line read (a longer one is skipped). */
#define AURA_TIKTOK_MAX_VIDEO_LINES 100000
#define AURA_TIKTOK_MAX_VIDEO_LINE (1024 * 1024)

/* Reads `yt-dlp -j` output: one JSON object per line. Lines that are not
 * an info dict are counted and skipped with their reason (at most 100,000
 * lines and 1 MiB per line). Never fails. */
AuraTikTokVideoParse *aura_tiktok_parse_videos (const char *text, gssize len);
/* The same for info dicts already parsed (at most 100,000); @lines counts
 * the elements and reasons read "entry N: why". */
AuraTikTokVideoParse *aura_tiktok_parse_video_array (JsonArray *array);

/* The same, one line at a time, as yt-dlp prints them (the adapter's
 * line callback feeds it): a file read whole and the same lines streamed
 * give the same result. */
typedef struct _AuraTikTokVideoReader AuraTikTokVideoReader;

AuraTikTokVideoReader *aura_tiktok_video_reader_new (void);
void aura_tiktok_video_reader_free (AuraTikTokVideoReader *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraTikTokVideoReader, aura_tiktok_video_reader_free)
/* One line, without its line break; FALSE (and the line ignored) once
 * AURA_TIKTOK_MAX_VIDEO_LINES lines were seen. */
gboolean
aura_tiktok_video_reader_add_line (AuraTikTokVideoReader *self, const char *line, gssize length);
/* A line that could not be handed over (too long), counted as skipped
 * with @reason. */
void aura_tiktok_video_reader_skip_line (AuraTikTokVideoReader *self, const char *reason);
/* What was read so far. */
const AuraTikTokVideoParse *aura_tiktok_video_reader_get_parse (AuraTikTokVideoReader *self);
/* What was read; frees the reader. */
AuraTikTokVideoParse *aura_tiktok_video_reader_finish (AuraTikTokVideoReader *self);

/* ---- Analytics ------------------------------------------------------------ */

typedef struct
{
  char *tag;
  guint count;
} AuraTikTokTagCount;

/**
 * AuraTikTokRanked:
 * @index: the video's index in the analysed array
 * @value: views, or engagement rate
 */
typedef struct
{
  guint index;
  double value;
} AuraTikTokRanked;

/**
 * AuraTikTokAnalytics:
 * @videos: (element-type AuraTikTokVideo): the videos analysed (a ref)
 * @time_zone: the zone of @heatmap, as its identifier
 * @heatmap: videos posted per weekday (0 Monday … 6 Sunday) and hour
 * @hashtags: (element-type AuraTikTokTagCount): most used first, ties by
 *   name, at most top_n
 * @n_videos, @n_dated: videos, and those with a date
 * @total_views, @total_likes, @total_comments, @total_shares: sums of the
 *   known counts
 * @engagement: per video, (likes + comments + shares) / views, NaN when
 *   views is unknown or 0 (unknown likes, comments or shares count as 0)
 * @n_rated: videos with a rate
 * @engagement_mean, @engagement_median: over rated videos (NaN if none)
 * @followers: the follower count used, -1 when unknown
 * @engagement_per_follower: mean interactions per video / followers (NaN
 *   without followers)
 * @top_by_views, @top_by_engagement: (element-type AuraTikTokRanked)
 * @first_post, @last_post: Unix seconds, 0 without dates
 * @videos_per_week: dated videos / max(1, weeks between first and last)
 * @longest_gap: the longest time between two consecutive posts, seconds
 * @longest_gap_start: when that gap began
 */
typedef struct
{
  GPtrArray *videos;
  char *time_zone;
  guint heatmap[7][24];
  GPtrArray *hashtags;
  guint n_videos;
  guint n_dated;
  gint64 total_views;
  gint64 total_likes;
  gint64 total_comments;
  gint64 total_shares;
  GArray *engagement;
  guint n_rated;
  double engagement_mean;
  double engagement_median;
  gint64 followers;
  double engagement_per_follower;
  GArray *top_by_views;
  GArray *top_by_engagement;
  gint64 first_post;
  gint64 last_post;
  double videos_per_week;
  gint64 longest_gap;
  gint64 longest_gap_start;
} AuraTikTokAnalytics;

/**
 * AuraTikTokAnalyticsOptions:
 * @time_zone: (nullable): for the heatmap, UTC when %NULL
 * @top_n: hashtags and top videos kept (0: 10)
 * @followers: the account's followers, -1 when unknown
 */
typedef struct
{
  GTimeZone *time_zone;
  guint top_n;
  gint64 followers;
} AuraTikTokAnalyticsOptions;

AuraTikTokAnalytics *aura_tiktok_analyse_videos (GPtrArray *videos,
                                                 const AuraTikTokAnalyticsOptions *options);
void aura_tiktok_analytics_free (AuraTikTokAnalytics *analytics);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraTikTokAnalytics, aura_tiktok_analytics_free)
/* The whole result as a JSON object for the app's charts. */
char *aura_tiktok_analytics_to_json (const AuraTikTokAnalytics *analytics);

G_END_DECLS
