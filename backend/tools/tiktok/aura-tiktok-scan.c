/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-tiktok"
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "aura-finding-recorder.h"
#include "aura-tiktok-private.h"
#include "aura-tiktok-scan.h"

/* One TikTok account: its profile page through the engine, read, and
 * (with a store) recorded as entities, relations, a snapshot and a scan
 * row; yt-dlp's video list, when given, recorded and analysed. The scan
 * lives in the caller's main context: the engine's callback does the rest
 * there, in two short store batches. */

#define TOOL "tiktok"
#define MAX_PAGE_BODY (16 * 1024 * 1024)

struct _AuraTikTokScan
{
  GObject parent_instance;

  AuraEngine *engine;
  AuraStore *store;
  char *handle;
  char *profile_url;
  char *videos_jsonl;
  GTimeZone *time_zone;
  guint top_n;
  guint timeout_ms;
  gint64 investigation_id;
  gint64 captured_at;

  gboolean started;
  guint64 group;
  GTask *task;
  gulong cancel_id;

  AuraVerdict verdict;
  char *reason;
  AuraTikTokProfile *profile;
  GError *page_error;
  AuraTikTokVideoParse *videos;
  AuraTikTokAnalytics *analytics;
  gint64 scan_id;
  gint64 entity_id;
  gint64 snapshot_id;
};

G_DEFINE_FINAL_TYPE (AuraTikTokScan, aura_tiktok_scan, G_TYPE_OBJECT)

static void
aura_tiktok_scan_finalize (GObject *object)
{
  AuraTikTokScan *self = AURA_TIKTOK_SCAN (object);

  g_clear_object (&self->engine);
  g_clear_object (&self->store);
  g_free (self->handle);
  g_free (self->profile_url);
  g_free (self->videos_jsonl);
  g_clear_pointer (&self->time_zone, g_time_zone_unref);
  g_free (self->reason);
  g_clear_pointer (&self->profile, aura_tiktok_profile_free);
  g_clear_error (&self->page_error);
  g_clear_pointer (&self->videos, aura_tiktok_video_parse_free);
  g_clear_pointer (&self->analytics, aura_tiktok_analytics_free);
  G_OBJECT_CLASS (aura_tiktok_scan_parent_class)->finalize (object);
}

static void
aura_tiktok_scan_class_init (AuraTikTokScanClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = aura_tiktok_scan_finalize;
}

static void
aura_tiktok_scan_init (AuraTikTokScan *self)
{
  self->verdict = AURA_VERDICT_UNKNOWN;
}

/**
 * aura_tiktok_scan_new:
 * @engine: the engine every request goes through
 * @store: (nullable): where to record, with @options->investigation_id
 * @options: what to scan
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the scan, not started
 */
AuraTikTokScan *
aura_tiktok_scan_new (AuraEngine *engine,
                      AuraStore *store,
                      const AuraTikTokScanOptions *options,
                      GError **error)
{
  g_autoptr (AuraTikTokScan) self = NULL;
  g_autofree char *handle = NULL;

  g_return_val_if_fail (AURA_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (store == NULL || AURA_IS_STORE (store), NULL);
  g_return_val_if_fail (options != NULL && options->handle != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  handle = aura_tiktok_normalize_handle (options->handle, error);
  if (handle == NULL)
    return NULL;
  if (store != NULL)
    {
      g_autoptr (AuraInvestigation) investigation =
          aura_store_get_investigation (store, options->investigation_id, error);

      if (investigation == NULL)
        return NULL;
    }
  self = g_object_new (AURA_TYPE_TIKTOK_SCAN, NULL);
  self->engine = g_object_ref (engine);
  self->store = store != NULL ? g_object_ref (store) : NULL;
  self->handle = g_steal_pointer (&handle);
  self->profile_url = aura_tiktok_profile_url (self->handle, options->base_url);
  self->videos_jsonl = g_strdup (options->videos_jsonl);
  /* Videos already read (yt-dlp run through its adapter): analysed and
   * recorded as if read from @videos_jsonl. */
  if (options->videos_jsonl == NULL && options->videos != NULL)
    self->videos = aura_tiktok_video_parse_copy (options->videos);
  self->time_zone = options->time_zone != NULL ? g_time_zone_ref (options->time_zone) : NULL;
  self->top_n = options->top_n;
  self->timeout_ms = options->timeout_ms;
  self->investigation_id = options->investigation_id;
  self->captured_at = options->captured_at;
  return g_steal_pointer (&self);
}

/* ---- Judging the page ----------------------------------------------------- */

static void
set_verdict (AuraTikTokScan *self, AuraVerdict verdict, const char *reason)
{
  self->verdict = verdict;
  g_free (self->reason);
  self->reason = g_strdup (reason);
}

static const char *
reason_for_error (const GError *error)
{
  switch ((AuraTikTokError)error->code)
    {
      case AURA_TIKTOK_ERROR_NOT_FOUND:
        return "not_found";
      case AURA_TIKTOK_ERROR_LOGIN_WALL:
        return "blocked: login wall";
      case AURA_TIKTOK_ERROR_CAPTCHA:
        return "blocked: CAPTCHA";
      case AURA_TIKTOK_ERROR_REGION_BLOCKED:
        return "blocked: region";
      case AURA_TIKTOK_ERROR_STRUCTURE_CHANGED:
        return "structure_changed";
      case AURA_TIKTOK_ERROR_INVALID_HANDLE:
      case AURA_TIKTOK_ERROR_INVALID_DATA:
      default:
        return "unreadable";
    }
}

static gboolean
is_login_redirect (const AuraHttpResponse *response)
{
  g_autoptr (GUri) uri = NULL;

  if (response->final_url == NULL)
    return FALSE;
  uri = g_uri_parse (response->final_url, G_URI_FLAGS_NONE, NULL);
  return uri != NULL && strstr (g_uri_get_path (uri), "/login") != NULL;
}

static void
judge (AuraTikTokScan *self, AuraHttpResponse *response)
{
  g_autofree char *reason = NULL;
  const char *body;
  gsize len;

  if (response->outcome != AURA_HTTP_OK)
    {
      reason = g_strdup_printf ("%s: %s", aura_http_outcome_to_string (response->outcome),
                                response->error_message != NULL ? response->error_message : "");
      set_verdict (self, AURA_VERDICT_UNKNOWN, reason);
      return;
    }
  if (response->status == 429)
    {
      set_verdict (self, AURA_VERDICT_UNKNOWN, "rate_limited: status 429");
      return;
    }
  if (response->status >= 500 || response->status == 403)
    {
      reason = g_strdup_printf ("status %u", response->status);
      {
        set_verdict (self, AURA_VERDICT_UNKNOWN, reason);
        return;
      }
    }
  if (is_login_redirect (response))
    {
      set_verdict (self, AURA_VERDICT_UNKNOWN, "blocked: login wall");
      return;
    }
  body = aura_http_response_get_text (response, &len);
  self->profile = aura_tiktok_parse_profile_page (body, len, self->handle, NULL, &self->page_error);
  if (self->profile != NULL)
    {
      set_verdict (self, AURA_VERDICT_FOUND,
                   self->profile->private_account ? "private profile" : "profile");
      return;
    }
  if (response->status == 404 &&
      !g_error_matches (self->page_error, AURA_TIKTOK_ERROR, AURA_TIKTOK_ERROR_CAPTCHA))
    {
      set_verdict (self, AURA_VERDICT_NOT_FOUND, "status 404");
      return;
    }
  if (g_error_matches (self->page_error, AURA_TIKTOK_ERROR, AURA_TIKTOK_ERROR_NOT_FOUND))
    {
      set_verdict (self, AURA_VERDICT_NOT_FOUND, "not_found");
      return;
    }
  set_verdict (self, AURA_VERDICT_UNKNOWN, reason_for_error (self->page_error));
}

/* ---- Recording ------------------------------------------------------------ */

static char *
bio_attributes (const AuraTikTokBioItem *item)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "found_in");
  json_builder_add_string_value (b, item->offset < 0 ? "tiktok_bio_link" : "tiktok_bio");
  json_builder_set_member_name (b, "text");
  json_builder_add_string_value (b, item->text);
  if (item->offset >= 0)
    {
      json_builder_set_member_name (b, "offset");
      json_builder_add_int_value (b, item->char_offset);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static void
record_bio (AuraTikTokScan *self, AuraFindingRecorder *recorder, const char *handle)
{
  g_autoptr (GPtrArray) items =
      aura_tiktok_analyse_bio (self->profile->bio, self->profile->bio_link);

  for (guint i = 0; i < items->len; i++)
    {
      const AuraTikTokBioItem *item = items->pdata[i];
      g_autofree char *attributes = bio_attributes (item);
      g_autofree char *tag = NULL;

      switch (item->kind)
        {
          case AURA_TIKTOK_BIO_LINK:
            aura_finding_recorder_add (recorder, AURA_ENTITY_USERNAME, handle, "links_to",
                                       AURA_ENTITY_URL, item->value, attributes, 0.9,
                                       self->profile_url);
            break;
          case AURA_TIKTOK_BIO_MENTION:
            if (g_ascii_strcasecmp (item->value, handle) != 0)
              aura_finding_recorder_add (recorder, AURA_ENTITY_USERNAME, handle, "mentions",
                                         AURA_ENTITY_USERNAME, item->value, attributes, 0.8,
                                         self->profile_url);
            break;
          case AURA_TIKTOK_BIO_HASHTAG:
            tag = g_strconcat ("#", item->value, NULL);
            aura_finding_recorder_add (recorder, AURA_ENTITY_USERNAME, handle, "uses_hashtag",
                                       AURA_ENTITY_HASHTAG, tag, attributes, 0.9,
                                       self->profile_url);
            break;
          case AURA_TIKTOK_BIO_EMAIL:
            aura_finding_recorder_add (recorder, AURA_ENTITY_USERNAME, handle, "has_email",
                                       AURA_ENTITY_EMAIL, item->value, attributes, 0.9,
                                       self->profile_url);
            break;
          default:
            break;
        }
    }
}

static char *
video_attributes (const AuraTikTokVideo *video, double rate)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  const struct
  {
    const char *name;
    gint64 value;
  } counts[] = {
    { "views", video->views },
    { "likes", video->likes },
    { "comments", video->comments },
    { "shares", video->shares },
    { "posted_at", video->timestamp > 0 ? video->timestamp : -1 },
  };

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, "tiktok_video");
  json_builder_set_member_name (b, "video_id");
  json_builder_add_string_value (b, video->id);
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    if (counts[i].value >= 0)
      {
        json_builder_set_member_name (b, counts[i].name);
        json_builder_add_int_value (b, counts[i].value);
      }
  if (video->duration >= 0)
    {
      json_builder_set_member_name (b, "duration");
      json_builder_add_double_value (b, video->duration);
    }
  if (!isnan (rate))
    {
      json_builder_set_member_name (b, "engagement");
      json_builder_add_double_value (b, rate);
    }
  if (video->title != NULL)
    {
      json_builder_set_member_name (b, "title");
      json_builder_add_string_value (b, video->title);
    }
  if (video->track != NULL)
    {
      json_builder_set_member_name (b, "track");
      json_builder_add_string_value (b, video->track);
    }
  if (video->artist != NULL)
    {
      json_builder_set_member_name (b, "artist");
      json_builder_add_string_value (b, video->artist);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static void
record_videos (AuraTikTokScan *self, AuraFindingRecorder *recorder, const char *handle)
{
  for (guint i = 0; i < self->videos->videos->len; i++)
    {
      const AuraTikTokVideo *video = self->videos->videos->pdata[i];
      double rate = g_array_index (self->analytics->engagement, double, i);
      g_autofree char *attributes = NULL;

      if (video->url == NULL)
        continue;
      attributes = video_attributes (video, rate);
      aura_finding_recorder_add (recorder, AURA_ENTITY_USERNAME, handle, "posted", AURA_ENTITY_URL,
                                 video->url, attributes, 1.0, "yt-dlp");
      for (guint t = 0; video->hashtags[t] != NULL; t++)
        {
          g_autofree char *tag = g_strconcat ("#", video->hashtags[t], NULL);

          aura_finding_recorder_add (recorder, AURA_ENTITY_URL, video->url, "uses_hashtag",
                                     AURA_ENTITY_HASHTAG, tag, NULL, 1.0, "yt-dlp");
        }
    }
}

static void
add_result (AuraTikTokScan *self, AuraFindingRecorder *recorder, AuraHttpResponse *response)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *result_json = NULL;
  AuraScanResultRecord result = { 0 };

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "handle");
  json_builder_add_string_value (b, self->handle);
  json_builder_set_member_name (b, "profile_url");
  json_builder_add_string_value (b, self->profile_url);
  if (self->page_error != NULL)
    {
      json_builder_set_member_name (b, "message");
      json_builder_add_string_value (b, self->page_error->message);
    }
  if (self->profile != NULL)
    {
      json_builder_set_member_name (b, "source");
      json_builder_add_string_value (b, self->profile->source);
      json_builder_set_member_name (b, "private");
      json_builder_add_boolean_value (b, self->profile->private_account);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  result_json = json_generator_to_data (generator, NULL);

  result.site = (char *)TOOL;
  result.url = self->profile_url;
  result.method = (char *)"GET";
  result.http_status = response->status;
  result.latency_ms = response->latency_us / 1000;
  result.bytes = (gint64)response->bytes;
  result.verdict = (char *)aura_verdict_to_string (self->verdict);
  result.reason = self->reason;
  result.result = result_json;
  aura_finding_recorder_add_result (recorder, &result);
}

static char *
summary_json (AuraTikTokScan *self)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "verdict");
  json_builder_add_string_value (b, aura_verdict_to_string (self->verdict));
  json_builder_set_member_name (b, "reason");
  json_builder_add_string_value (b, self->reason);
  if (self->profile != NULL)
    {
      json_builder_set_member_name (b, "followers");
      json_builder_add_int_value (b, self->profile->followers);
      json_builder_set_member_name (b, "likes");
      json_builder_add_int_value (b, self->profile->likes);
    }
  if (self->videos != NULL)
    {
      json_builder_set_member_name (b, "videos");
      json_builder_add_int_value (b, self->videos->videos->len);
      json_builder_set_member_name (b, "skipped_lines");
      json_builder_add_int_value (b, self->videos->skipped);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* Two batches: the findings and the scan result, then (once the account's
 * entity has its id) the snapshot. */
static gboolean
record (AuraTikTokScan *self, AuraHttpResponse *response, GError **error)
{
  g_autoptr (AuraFindingRecorder) recorder = NULL;
  g_autofree char *description = g_strdup_printf ("TikTok @%s", self->handle);
  g_autoptr (AuraEntity) entity = NULL;
  const char *handle = self->profile != NULL ? self->profile->handle : self->handle;

  recorder = aura_finding_recorder_new (self->store, self->investigation_id, self->scan_id, TOOL,
                                        description);
  if (self->profile != NULL)
    {
      g_autofree char *attributes =
          aura_tiktok_profile_to_attributes_json (self->profile, self->profile_url);

      aura_finding_recorder_add (recorder, AURA_ENTITY_USERNAME, NULL, NULL, AURA_ENTITY_USERNAME,
                                 handle, attributes, 1.0, self->profile_url);
      record_bio (self, recorder, handle);
      if (self->videos != NULL)
        record_videos (self, recorder, handle);
    }
  add_result (self, recorder, response);
  if (!aura_finding_recorder_flush (recorder, error))
    return FALSE;
  if (self->profile == NULL)
    return TRUE;
  entity = aura_store_find_entity (self->store, self->investigation_id, AURA_ENTITY_USERNAME,
                                   handle, error);
  if (entity == NULL)
    return FALSE;
  self->entity_id = aura_entity_get_id (entity);
  self->snapshot_id = aura_tiktok_record_snapshot (self->store, self->investigation_id,
                                                   self->entity_id, self->scan_id, self->profile,
                                                   self->profile_url, self->captured_at, error);
  return self->snapshot_id > 0;
}

/* ---- Running -------------------------------------------------------------- */

static void
analyse_videos (AuraTikTokScan *self)
{
  AuraTikTokAnalyticsOptions options = { 0 };

  if (self->videos_jsonl != NULL)
    self->videos = aura_tiktok_parse_videos (self->videos_jsonl, -1);
  if (self->videos == NULL)
    return;
  options.time_zone = self->time_zone;
  options.top_n = self->top_n;
  options.followers = self->profile != NULL ? self->profile->followers : -1;
  self->analytics = aura_tiktok_analyse_videos (self->videos->videos, &options);
}

static void
finish_scan (AuraTikTokScan *self, const char *status, const GError *error)
{
  g_autoptr (GError) local = NULL;
  g_autofree char *summary = NULL;

  if (self->store == NULL || self->scan_id == 0)
    return;
  summary = summary_json (self);
  if (!aura_store_finish_scan (self->store, self->scan_id, status, summary,
                               error != NULL ? error->message : NULL, &local))
    g_warning ("Could not close TikTok scan %" G_GINT64_FORMAT ": %s", self->scan_id,
               local->message);
}

static void
page_done_cb (AuraEngine *engine, AuraHttpResponse *response, gpointer user_data)
{
  g_autoptr (AuraHttpResponse) owned = response;
  g_autoptr (GTask) task = user_data;
  AuraTikTokScan *self = g_task_get_source_object (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr (GError) error = NULL;

  g_cancellable_disconnect (cancellable, self->cancel_id);
  self->cancel_id = 0;
  if (response->outcome == AURA_HTTP_ERROR_CANCELLED || g_cancellable_is_cancelled (cancellable))
    {
      set_verdict (self, AURA_VERDICT_UNKNOWN, "cancelled");
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _ ("The TikTok scan was cancelled"));
      finish_scan (self, "cancelled", NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  judge (self, response);
  analyse_videos (self);
  if (self->store != NULL && !record (self, response, &error))
    {
      finish_scan (self, "failed", error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  finish_scan (self, "done", NULL);
  g_task_return_boolean (task, TRUE);
}

static void
cancelled_cb (GCancellable *cancellable, gpointer user_data)
{
  AuraTikTokScan *self = user_data;

  aura_engine_cancel_group (self->engine, self->group);
}

static char *
params_json (AuraTikTokScan *self)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "handle");
  json_builder_add_string_value (b, self->handle);
  json_builder_set_member_name (b, "profile_url");
  json_builder_add_string_value (b, self->profile_url);
  json_builder_set_member_name (b, "videos");
  json_builder_add_boolean_value (b, self->videos_jsonl != NULL || self->videos != NULL);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

void
aura_tiktok_scan_run_async (AuraTikTokScan *self,
                            GCancellable *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GError) error = NULL;
  AuraHttpRequest request = AURA_HTTP_REQUEST_INIT;
  static const char *const headers[] = { "Accept: text/html,application/xhtml+xml",
                                         "Accept-Language: en-US,en;q=0.8", NULL };

  g_return_if_fail (AURA_IS_TIKTOK_SCAN (self));
  g_return_if_fail (!self->started);

  self->started = TRUE;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, aura_tiktok_scan_run_async);
  if (self->store != NULL)
    {
      g_autofree char *params = params_json (self);

      self->scan_id =
          aura_store_begin_scan (self->store, self->investigation_id, 0, TOOL, params, &error);
      if (self->scan_id == 0)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }
  if (g_task_return_error_if_cancelled (task))
    {
      finish_scan (self, "cancelled", NULL);
      return;
    }
  self->group = aura_engine_new_group (self->engine);
  if (cancellable != NULL)
    self->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), self, NULL);
  request.url = self->profile_url;
  request.headers = headers;
  request.max_body = MAX_PAGE_BODY;
  request.timeout_ms = self->timeout_ms;
  request.proxy_key = TOOL;
  request.group = self->group;
  aura_engine_submit (self->engine, &request, page_done_cb, g_steal_pointer (&task));
}

gboolean
aura_tiktok_scan_run_finish (AuraTikTokScan *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (AURA_IS_TIKTOK_SCAN (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
run_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

gboolean
aura_tiktok_scan_run (AuraTikTokScan *self, GCancellable *cancellable, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;
  GMainContext *context = g_main_context_get_thread_default ();

  g_return_val_if_fail (AURA_IS_TIKTOK_SCAN (self), FALSE);

  aura_tiktok_scan_run_async (self, cancellable, run_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  return aura_tiktok_scan_run_finish (self, result, error);
}

/* ---- Getters -------------------------------------------------------------- */

const char *
aura_tiktok_scan_get_handle (AuraTikTokScan *self)
{
  g_return_val_if_fail (AURA_IS_TIKTOK_SCAN (self), NULL);
  return self->handle;
}

const char *
aura_tiktok_scan_get_profile_url (AuraTikTokScan *self)
{
  g_return_val_if_fail (AURA_IS_TIKTOK_SCAN (self), NULL);
  return self->profile_url;
}

AuraVerdict
aura_tiktok_scan_get_verdict (AuraTikTokScan *self)
{
  g_return_val_if_fail (AURA_IS_TIKTOK_SCAN (self), AURA_VERDICT_UNKNOWN);
  return self->verdict;
}

const char *
aura_tiktok_scan_get_reason (AuraTikTokScan *self)
{
  g_return_val_if_fail (AURA_IS_TIKTOK_SCAN (self), NULL);
  return self->reason;
}

const AuraTikTokProfile *
aura_tiktok_scan_get_profile (AuraTikTokScan *self)
{
  g_return_val_if_fail (AURA_IS_TIKTOK_SCAN (self), NULL);
  return self->profile;
}

const GError *
aura_tiktok_scan_get_page_error (AuraTikTokScan *self)
{
  g_return_val_if_fail (AURA_IS_TIKTOK_SCAN (self), NULL);
  return self->page_error;
}

const AuraTikTokVideoParse *
aura_tiktok_scan_get_videos (AuraTikTokScan *self)
{
  g_return_val_if_fail (AURA_IS_TIKTOK_SCAN (self), NULL);
  return self->videos;
}

const AuraTikTokAnalytics *
aura_tiktok_scan_get_analytics (AuraTikTokScan *self)
{
  g_return_val_if_fail (AURA_IS_TIKTOK_SCAN (self), NULL);
  return self->analytics;
}

gint64
aura_tiktok_scan_get_scan_id (AuraTikTokScan *self)
{
  g_return_val_if_fail (AURA_IS_TIKTOK_SCAN (self), 0);
  return self->scan_id;
}

gint64
aura_tiktok_scan_get_entity_id (AuraTikTokScan *self)
{
  g_return_val_if_fail (AURA_IS_TIKTOK_SCAN (self), 0);
  return self->entity_id;
}

gint64
aura_tiktok_scan_get_snapshot_id (AuraTikTokScan *self)
{
  g_return_val_if_fail (AURA_IS_TIKTOK_SCAN (self), 0);
  return self->snapshot_id;
}
