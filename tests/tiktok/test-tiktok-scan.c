/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "aura-test-server.h"
#include "aura-tiktok-scan.h"
#include "aura-tiktok.h"
#include "aura.h"
#include "store-test-utils.h"

/* The whole scan: a SoupServer plays www.tiktok.com on loopback (the
 * engine maps the name to 127.0.0.1) and everything lands in a real
 * store: entities, relations, the scan, and snapshots whose series shows
 * growth between two runs. */

typedef struct
{
  StoreFixture store;
  gint64 investigation_id;
  AuraTestServer *server;
  AuraEngine *engine;
  char *base;
  char *pages[2];
  int hits;
} ScanFixture;

static char *
load_page (const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "tiktok", "pages", name, NULL);
  char *data = NULL;

  g_file_get_contents (path, &data, NULL, &error);
  g_assert_no_error (error);
  return data;
}

static char *
replace (const char *text, const char *from, const char *to)
{
  g_auto (GStrv) parts = g_strsplit (text, from, -1);

  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  return g_strjoinv (to, parts);
}

/* The first visit sees the saved page, later ones grown counts. */
static void
profile_handler (AuraTestServer *server,
                 SoupServerMessage *msg,
                 const char *host,
                 const char *path,
                 gpointer user_data)
{
  ScanFixture *fixture = user_data;
  int n = g_atomic_int_add (&fixture->hits, 1);
  const char *body = fixture->pages[MIN (n, 1)];

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_COPY, body,
                                    strlen (body));
}

static void
fixture_set_up (ScanFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *public_page = load_page ("public.html");
  g_autofree char *step1 = NULL, *step2 = NULL, *step3 = NULL;
  g_autofree char *not_found = load_page ("not-found.html");
  g_autofree char *login = load_page ("login.html");
  const char *overrides[] = { "www.tiktok.com:127.0.0.1", NULL };
  AuraEngineOptions options = { 0 };

  store_fixture_set_up (&fixture->store, data);
  fixture->investigation_id = store_fixture_investigation (&fixture->store, "TikTok");
  fixture->pages[0] = g_strdup (public_page);
  step1 = replace (public_page, "\"followerCount\":12345", "\"followerCount\":12400");
  step2 = replace (step1, "\"followingCount\":321", "\"followingCount\":320");
  step3 = replace (step2, "\"videoCount\":42", "\"videoCount\":43");
  fixture->pages[1] = replace (step3, "\"heart\":987654,\"heartCount\":987654",
                               "\"heart\":990000,\"heartCount\":990000");

  fixture->server = aura_test_server_new ();
  aura_test_server_add_handler (fixture->server, "www.tiktok.com", "/@ada.example", profile_handler,
                                fixture, NULL);
  aura_test_server_add_response (fixture->server, "www.tiktok.com", "/@nobody.here", 200, NULL,
                                 not_found, 0);
  aura_test_server_add_response (fixture->server, "www.tiktok.com", "/@walled", 200, NULL, login,
                                 0);
  aura_test_server_add_response (fixture->server, "www.tiktok.com", "/@busy.one", 429, NULL,
                                 "slow down", 0);
  aura_test_server_add_response (fixture->server, "www.tiktok.com", "/@slow.one", 200, NULL,
                                 public_page, 3000);
  aura_test_server_add_response (fixture->server, "www.tiktok.com", "*", 404, NULL, "no", 0);
  fixture->base =
      g_strdup_printf ("http://www.tiktok.com:%u", aura_test_server_get_port (fixture->server));

  options.host_overrides = overrides;
  options.loopback_only = TRUE;
  options.timeout_ms = 5000;
  options.max_retries = -1;
  fixture->engine = aura_engine_new (&options, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (ScanFixture *fixture, gconstpointer data)
{
  g_assert_finalize_object (fixture->engine);
  aura_test_server_free (fixture->server);
  g_free (fixture->base);
  g_free (fixture->pages[0]);
  g_free (fixture->pages[1]);
  store_fixture_tear_down (&fixture->store, data);
}

static AuraTikTokScan *
new_scan (ScanFixture *fixture, const char *handle, gint64 captured_at, const char *videos)
{
  g_autoptr (GError) error = NULL;
  AuraTikTokScanOptions options = { 0 };
  AuraTikTokScan *scan;

  options.handle = handle;
  options.base_url = fixture->base;
  options.investigation_id = fixture->investigation_id;
  options.captured_at = captured_at;
  options.videos_jsonl = videos;
  scan = aura_tiktok_scan_new (fixture->engine, fixture->store.store, &options, &error);
  g_assert_no_error (error);
  return scan;
}

static int
compare_lines (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *)a, *(char *const *)b);
}

/* "relation>type:value" for every relation from @entity_id, sorted. */
static char *
describe_relations (ScanFixture *fixture, gint64 entity_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) relations =
      aura_store_list_relations (fixture->store.store, entity_id, &error);
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  for (guint i = 0; i < relations->len; i++)
    {
      AuraRelation *relation = relations->pdata[i];
      g_autoptr (AuraEntity) target = NULL;

      if (aura_relation_get_source_id (relation) != entity_id)
        continue;
      target = aura_store_get_entity (fixture->store.store, aura_relation_get_target_id (relation),
                                      &error);
      g_assert_no_error (error);
      g_ptr_array_add (lines,
                       g_strdup_printf ("%s>%s:%s", aura_relation_get_relation_type (relation),
                                        aura_entity_get_type_name (target),
                                        aura_entity_get_value (target)));
    }
  g_ptr_array_sort (lines, compare_lines);
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **)lines->pdata);
}

static const char videos_jsonl[] =
    "{\"id\":\"7300000000000000001\",\"webpage_url\":\"https://www.tiktok.com/@ada.example/video/"
    "7300000000000000001\",\"timestamp\":1704103200,\"view_count\":1000,\"like_count\":100,"
    "\"comment_count\":10,\"repost_count\":40,\"tags\":[\"sourdough\",\"crumb\"]}\n"
    "not json at all\n"
    "{\"id\":\"7300000000000000002\",\"webpage_url\":\"https://www.tiktok.com/@ada.example/video/"
    "7300000000000000002\",\"timestamp\":1704279600,\"view_count\":200,\"like_count\":20}\n";

static void
test_scan_records_and_grows (ScanFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraTikTokScan) first = new_scan (fixture, "@Ada.Example", 1000, NULL);
  g_autoptr (AuraTikTokScan) second = NULL;
  g_autoptr (AuraEntity) entity = NULL;
  g_autoptr (GArray) series = NULL;
  g_autoptr (GPtrArray) results = NULL;
  g_autoptr (AuraScanRecord) record = NULL;
  g_autofree char *relations = NULL;
  g_autofree char *series_json = NULL;
  const AuraTikTokSnapshot *point;
  const AuraTikTokAnalytics *analytics;
  const AuraScanResultRecord *result;

  g_assert_true (aura_tiktok_scan_run (first, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (aura_tiktok_scan_get_verdict (first), ==, AURA_VERDICT_FOUND);
  g_assert_cmpstr (aura_tiktok_scan_get_reason (first), ==, "profile");
  g_assert_cmpint (aura_tiktok_scan_get_profile (first)->followers, ==, 12345);
  g_assert_cmpint (aura_tiktok_scan_get_snapshot_id (first), >, 0);
  g_assert_null (aura_tiktok_scan_get_analytics (first));

  entity = aura_store_find_entity (fixture->store.store, fixture->investigation_id,
                                   AURA_ENTITY_USERNAME, "ada.example", &error);
  g_assert_no_error (error);
  g_assert_cmpint (aura_entity_get_id (entity), ==, aura_tiktok_scan_get_entity_id (first));
  g_assert_nonnull (strstr (aura_entity_get_attributes (entity), "\"platform\":\"tiktok\""));
  g_assert_nonnull (
      strstr (aura_entity_get_attributes (entity), "\"tiktok_id\":\"6812345678901234567\""));
  g_assert_nonnull (strstr (aura_entity_get_attributes (entity), "\"avatar_url\":\"https://"));
  g_assert_nonnull (strstr (aura_entity_get_attributes (entity), "\"verified\":false"));

  relations = describe_relations (fixture, aura_entity_get_id (entity));
  g_assert_cmpstr (relations, ==,
                   "has_email>email:ada@example.org\n"
                   "links_to>url:https://example.org/ada\n"
                   "links_to>url:https://linktr.ee/ada.example\n"
                   "mentions>username:bread.club\n"
                   "uses_hashtag>hashtag:#BakeryLife\n"
                   "uses_hashtag>hashtag:#sourdough");

  record = aura_store_get_scan (fixture->store.store, aura_tiktok_scan_get_scan_id (first), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (record->tool, ==, "tiktok");
  g_assert_cmpstr (record->status, ==, "done");
  results = aura_store_list_scan_results (fixture->store.store,
                                          aura_tiktok_scan_get_scan_id (first), NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 1);
  result = results->pdata[0];
  g_assert_cmpstr (result->verdict, ==, "found");
  g_assert_cmpuint (result->http_status, ==, 200);
  g_assert_nonnull (strstr (result->url, "/@ada.example"));

  /* A second visit, with the videos: the counts have grown. */
  second = new_scan (fixture, "ada.example", 2000, videos_jsonl);
  g_assert_true (aura_tiktok_scan_run (second, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (aura_tiktok_scan_get_entity_id (second), ==, aura_entity_get_id (entity));
  series = aura_tiktok_load_snapshots (fixture->store.store, fixture->investigation_id,
                                       aura_entity_get_id (entity), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (series->len, ==, 2);
  point = &g_array_index (series, AuraTikTokSnapshot, 0);
  g_assert_cmpint (point->captured_at, ==, 1000);
  g_assert_cmpint (point->followers, ==, 12345);
  g_assert_false (point->has_previous);
  point = &g_array_index (series, AuraTikTokSnapshot, 1);
  g_assert_cmpint (point->captured_at, ==, 2000);
  g_assert_true (point->has_previous);
  g_assert_cmpint (point->followers, ==, 12400);
  g_assert_cmpint (point->d_followers, ==, 55);
  g_assert_cmpint (point->d_following, ==, -1);
  g_assert_cmpint (point->d_likes, ==, 2346);
  g_assert_cmpint (point->d_videos, ==, 1);
  series_json = aura_tiktok_snapshots_to_json (series);
  g_assert_nonnull (strstr (series_json, "\"delta\":{\"followers\":55,"));

  analytics = aura_tiktok_scan_get_analytics (second);
  g_assert_nonnull (analytics);
  g_assert_cmpuint (analytics->n_videos, ==, 2);
  g_assert_cmpint (analytics->followers, ==, 12400);
  g_assert_cmpuint (aura_tiktok_scan_get_videos (second)->skipped, ==, 1);
  g_clear_pointer (&relations, g_free);
  relations = describe_relations (fixture, aura_entity_get_id (entity));
  g_assert_nonnull (strstr (relations, "posted>url:https://www.tiktok.com/@ada.example/video/"
                                       "7300000000000000001"));
  g_assert_nonnull (strstr (relations, "posted>url:https://www.tiktok.com/@ada.example/video/"
                                       "7300000000000000002"));
  {
    g_autoptr (AuraEntity) video = aura_store_find_entity (
        fixture->store.store, fixture->investigation_id, AURA_ENTITY_URL,
        "https://www.tiktok.com/@ada.example/video/7300000000000000001", &error);
    g_autofree char *video_relations = NULL;

    g_assert_no_error (error);
    g_assert_nonnull (strstr (aura_entity_get_attributes (video), "\"views\":1000"));
    video_relations = describe_relations (fixture, aura_entity_get_id (video));
    g_assert_cmpstr (video_relations, ==,
                     "uses_hashtag>hashtag:#crumb\nuses_hashtag>hashtag:#sourdough");
  }
}

static void
test_scan_not_found (ScanFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraTikTokScan) scan = new_scan (fixture, "nobody.here", 0, NULL);
  g_autoptr (GPtrArray) results = NULL;
  g_autoptr (AuraEntity) entity = NULL;

  g_assert_true (aura_tiktok_scan_run (scan, NULL, &error));
  g_assert_cmpint (aura_tiktok_scan_get_verdict (scan), ==, AURA_VERDICT_NOT_FOUND);
  g_assert_null (aura_tiktok_scan_get_profile (scan));
  g_assert_error (aura_tiktok_scan_get_page_error (scan), AURA_TIKTOK_ERROR,
                  AURA_TIKTOK_ERROR_NOT_FOUND);
  g_assert_cmpint (aura_tiktok_scan_get_entity_id (scan), ==, 0);
  results = aura_store_list_scan_results (fixture->store.store, aura_tiktok_scan_get_scan_id (scan),
                                          NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 1);
  g_assert_cmpstr (((AuraScanResultRecord *)results->pdata[0])->verdict, ==, "not_found");
  g_assert_nonnull (strstr (((AuraScanResultRecord *)results->pdata[0])->result, "10221"));
  entity = aura_store_find_entity (fixture->store.store, fixture->investigation_id,
                                   AURA_ENTITY_USERNAME, "nobody.here", &error);
  g_assert_null (entity);
  g_clear_error (&error);
}

static void
test_scan_unknown (ScanFixture *fixture, gconstpointer data)
{
  static const struct
  {
    const char *handle;
    const char *reason;
  } cases[] = {
    { "walled", "blocked: login wall" },
    { "busy.one", "rate_limited: status 429" },
    { "no.such.path", "status 404" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (AuraTikTokScan) scan = new_scan (fixture, cases[i].handle, 0, NULL);

      g_assert_true (aura_tiktok_scan_run (scan, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (aura_tiktok_scan_get_reason (scan), ==, cases[i].reason);
      g_assert_cmpint (aura_tiktok_scan_get_verdict (scan), ==,
                       i == 2 ? AURA_VERDICT_NOT_FOUND : AURA_VERDICT_UNKNOWN);
    }
}

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_scan_cancel (ScanFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraTikTokScan) scan = new_scan (fixture, "slow.one", 0, NULL);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (AuraScanRecord) record = NULL;
  gint64 start = g_get_monotonic_time ();

  g_timeout_add (50, cancel_cb, cancellable);
  g_assert_false (aura_tiktok_scan_run (scan, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  record = aura_store_get_scan (fixture->store.store, aura_tiktok_scan_get_scan_id (scan), NULL);
  g_assert_cmpstr (record->status, ==, "cancelled");
}

/* Videos read before (by yt-dlp through its adapter) are analysed and
 * recorded as the same lines given as text. */
static void
test_scan_videos_given (ScanFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  AuraTikTokVideoParse *videos = aura_tiktok_parse_videos (videos_jsonl, -1);
  AuraTikTokScanOptions options = { 0 };
  g_autoptr (AuraTikTokScan) scan = NULL;
  g_autoptr (AuraScanRecord) record = NULL;
  g_autofree char *relations = NULL;
  const AuraTikTokAnalytics *analytics;

  options.handle = "ada.example";
  options.base_url = fixture->base;
  options.investigation_id = fixture->investigation_id;
  options.videos = videos;
  scan = aura_tiktok_scan_new (fixture->engine, fixture->store.store, &options, &error);
  g_assert_no_error (error);
  /* The scan keeps a copy. */
  aura_tiktok_video_parse_free (videos);
  g_assert_true (aura_tiktok_scan_run (scan, NULL, &error));
  g_assert_no_error (error);
  analytics = aura_tiktok_scan_get_analytics (scan);
  g_assert_nonnull (analytics);
  g_assert_cmpuint (analytics->n_videos, ==, 2);
  g_assert_cmpint (analytics->followers, ==, 12345);
  g_assert_cmpuint (aura_tiktok_scan_get_videos (scan)->skipped, ==, 1);
  relations = describe_relations (fixture, aura_tiktok_scan_get_entity_id (scan));
  g_assert_nonnull (strstr (relations, "posted>url:https://www.tiktok.com/@ada.example/video/"
                                       "7300000000000000002"));
  record = aura_store_get_scan (fixture->store.store, aura_tiktok_scan_get_scan_id (scan), &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (record->params, "\"videos\":true"));
  g_assert_nonnull (strstr (record->summary, "\"videos\":2"));
}

static void
test_scan_without_store (ScanFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  AuraTikTokScanOptions options = { .handle = "https://www.tiktok.com/@ada.example" };
  g_autoptr (AuraTikTokScan) scan = NULL;
  g_autoptr (AuraTikTokScan) invalid = NULL;

  options.base_url = fixture->base;
  scan = aura_tiktok_scan_new (fixture->engine, NULL, &options, &error);
  g_assert_no_error (error);
  g_assert_true (aura_tiktok_scan_run (scan, NULL, &error));
  g_assert_cmpint (aura_tiktok_scan_get_verdict (scan), ==, AURA_VERDICT_FOUND);
  g_assert_cmpint (aura_tiktok_scan_get_scan_id (scan), ==, 0);
  g_assert_cmpint (aura_tiktok_scan_get_snapshot_id (scan), ==, 0);

  options.handle = "bad handle!";
  invalid = aura_tiktok_scan_new (fixture->engine, NULL, &options, &error);
  g_assert_null (invalid);
  g_assert_error (error, AURA_TIKTOK_ERROR, AURA_TIKTOK_ERROR_INVALID_HANDLE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/tiktok/scan/records-entities-and-growth", ScanFixture, NULL, fixture_set_up,
              test_scan_records_and_grows, fixture_tear_down);
  g_test_add ("/tiktok/scan/not-found", ScanFixture, NULL, fixture_set_up, test_scan_not_found,
              fixture_tear_down);
  g_test_add ("/tiktok/scan/blocked-and-http-errors", ScanFixture, NULL, fixture_set_up,
              test_scan_unknown, fixture_tear_down);
  g_test_add ("/tiktok/scan/cancel", ScanFixture, NULL, fixture_set_up, test_scan_cancel,
              fixture_tear_down);
  g_test_add ("/tiktok/scan/videos-given-read", ScanFixture, NULL, fixture_set_up,
              test_scan_videos_given, fixture_tear_down);
  g_test_add ("/tiktok/scan/without-store", ScanFixture, NULL, fixture_set_up,
              test_scan_without_store, fixture_tear_down);
  return g_test_run ();
}
