/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "aura-tiktok.h"
#include "aura.h"

/* Handles, the profile page parser on the saved pages (tests/tiktok/pages,
 * written for these tests in the shapes TikTok has used), hostile pages,
 * and the bio's links, mentions, hashtags and emails. */

static char *
load_page (const char *name, gsize *len)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "tiktok", "pages", name, NULL);
  char *data = NULL;

  g_file_get_contents (path, &data, len, &error);
  g_assert_no_error (error);
  return data;
}

static AuraTikTokProfile *
parse_page (const char *name, const char *handle, GError **error)
{
  gsize len = 0;
  g_autofree char *data = load_page (name, &len);

  return aura_tiktok_parse_profile_page (data, len, handle, NULL, error);
}

/* ---- Handles -------------------------------------------------------------- */

static void
test_handle_valid (void)
{
  static const struct
  {
    const char *input;
    const char *expected;
  } cases[] = {
    { "@Ada.Example", "ada.example" },
    { "ada_example", "ada_example" },
    { "  @x1  ", "x1" },
    { "a.b_c.d", "a.b_c.d" },
    { "abcdefghijklmnopqrstuvwx", "abcdefghijklmnopqrstuvwx" },
    { "https://www.tiktok.com/@Ada.Example?lang=en", "ada.example" },
    { "https://m.tiktok.com/@ada_example/video/123", "ada_example" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *handle = aura_tiktok_normalize_handle (cases[i].input, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (handle, ==, cases[i].expected);
    }
}

static void
test_handle_invalid (void)
{
  static const struct
  {
    const char *input;
    const char *message_part;
  } cases[] = {
    { "", "2 to 24" },
    { "@", "2 to 24" },
    { "a", "2 to 24" },
    { "abcdefghijklmnopqrstuvwxy", "has 25" },
    { "ada.", "end with a dot" },
    { "ada example", "invisible or spacing" },
    { "ada-example", "“-”" },
    { "@@ada", "“@”" },
    { "ad\xe2\x80\x8b"
      "a",
      "U+200B" }, /* zero-width space */
    { "\xe2\x80\xae"
      "ada",
      "U+202E" }, /* right-to-left override */
    { "\xd0\xb0"
      "da",
      "U+0430" },                         /* Cyrillic a */
    { "ada\xf0\x9f\x98\x80", "U+1F600" }, /* emoji */
    { "ad\xff", "UTF-8" },
    { "https://example.com/@ada", "not a TikTok address" },
    { "https://www.tiktok.com/tag/bread", "not a profile" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *handle = aura_tiktok_normalize_handle (cases[i].input, &error);

      g_assert_null (handle);
      g_assert_error (error, AURA_TIKTOK_ERROR, AURA_TIKTOK_ERROR_INVALID_HANDLE);
      if (strstr (error->message, cases[i].message_part) == NULL)
        g_error ("“%s”: message “%s” lacks “%s”", cases[i].input, error->message,
                 cases[i].message_part);
    }
}

static void
test_profile_url (void)
{
  g_autofree char *a = aura_tiktok_profile_url ("ada.example", NULL);
  g_autofree char *b = aura_tiktok_profile_url ("ada.example", "http://127.0.0.1:8080//");

  g_assert_cmpstr (a, ==, "https://www.tiktok.com/@ada.example");
  g_assert_cmpstr (b, ==, "http://127.0.0.1:8080/@ada.example");
}

/* ---- Pages ---------------------------------------------------------------- */

static void
test_page_rehydration (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraTikTokProfile) profile = parse_page ("public.html", "ada.example", &error);
  g_autoptr (AuraTikTokProfile) copy = NULL;
  g_autofree char *attributes = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (profile);
  g_assert_cmpstr (profile->source, ==, "rehydration");
  g_assert_cmpstr (profile->id, ==, "6812345678901234567");
  g_assert_cmpstr (profile->handle, ==, "ada.example");
  g_assert_cmpstr (profile->nickname, ==, "Ada Example");
  g_assert_cmpstr (profile->bio, ==,
                   "Baker \xf0\x9f\x8d\x9e & coder. Collabs: ada@example.org\n"
                   "Also @bread.club and #sourdough #BakeryLife\nshop: linktr.ee/ada.example");
  g_assert_cmpstr (profile->bio_link, ==, "https://example.org/ada");
  g_assert_cmpstr (profile->avatar_url, ==,
                   "https://p16-sign.tiktokcdn.example/ada~c5_1080x1080.jpeg");
  g_assert_cmpstr (profile->avatar_thumb_url, ==,
                   "https://p16-sign.tiktokcdn.example/ada~c5_100x100.jpeg");
  g_assert_cmpstr (profile->sec_uid, ==, "MS4wLjABAAAAadaTestSecUid");
  g_assert_cmpstr (profile->region, ==, "GB");
  g_assert_cmpstr (profile->language, ==, "en");
  g_assert_cmpint (profile->created_at, ==, 1577836800);
  g_assert_false (profile->verified);
  g_assert_false (profile->private_account);
  g_assert_cmpint (profile->followers, ==, 12345);
  g_assert_cmpint (profile->following, ==, 321);
  g_assert_cmpint (profile->likes, ==, 987654);
  g_assert_cmpint (profile->videos, ==, 42);
  g_assert_cmpint (profile->digg, ==, 7);
  g_assert_cmpint (profile->friends, ==, 3);
  g_assert_cmpint (profile->status_code, ==, 0);

  copy = aura_tiktok_profile_copy (profile);
  g_assert_cmpstr (copy->bio, ==, profile->bio);
  g_assert_cmpint (copy->likes, ==, profile->likes);

  attributes =
      aura_tiktok_profile_to_attributes_json (profile, "https://www.tiktok.com/@ada.example");
  g_assert_nonnull (strstr (attributes, "\"platform\":\"tiktok\""));
  g_assert_nonnull (strstr (attributes, "\"followers\":12345"));
  g_assert_nonnull (strstr (attributes, "\"private\":false"));
  g_assert_nonnull (strstr (attributes, "\"profile_url\":\"https://www.tiktok.com/@ada.example\""));
}

static void
test_page_sigi (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraTikTokProfile) profile = parse_page ("sigi.html", "Old.Style", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (profile->source, ==, "sigi");
  /* The map also holds another user, listed first: the one asked wins. */
  g_assert_cmpstr (profile->handle, ==, "old.style");
  g_assert_cmpstr (profile->id, ==, "222");
  g_assert_true (profile->verified);
  g_assert_cmpint (profile->followers, ==, 500);
  g_assert_cmpint (profile->likes, ==, 9000);
  g_assert_cmpint (profile->videos, ==, 12);
  g_assert_cmpint (profile->friends, ==, -1);
  g_assert_cmpstr (profile->avatar_url, ==, "https://p16.tiktokcdn.example/old-large.jpeg");
  g_assert_cmpstr (profile->avatar_thumb_url, ==, "https://p16.tiktokcdn.example/old-thumb.jpeg");
}

static void
test_page_next_data (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraTikTokProfile) profile = parse_page ("next-data.html", NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (profile->source, ==, "next-data");
  g_assert_cmpstr (profile->id, ==, "456");
  g_assert_cmpstr (profile->handle, ==, "next.user");
  g_assert_null (profile->bio);
  g_assert_cmpint (profile->followers, ==, 70000000);
  /* heartCount wrapped around 32 bits: 3,000,000,000 likes. */
  g_assert_cmpint (profile->likes, ==, G_GINT64_CONSTANT (3000000000));
  g_assert_cmpstr (profile->avatar_url, ==, "https://p16.tiktokcdn.example/next.jpeg");
}

static void
test_page_private (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraTikTokProfile) profile = parse_page ("private.html", "quiet.one", &error);

  g_assert_no_error (error);
  g_assert_true (profile->private_account);
  g_assert_cmpint (profile->status_code, ==, 10222);
  g_assert_cmpint (profile->followers, ==, 88);
  g_assert_cmpint (profile->videos, ==, 0);
  g_assert_null (profile->bio_link);
}

static void
test_page_not_found (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraTikTokProfile) profile = parse_page ("not-found.html", "nobody.here", &error);

  g_assert_null (profile);
  g_assert_error (error, AURA_TIKTOK_ERROR, AURA_TIKTOK_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "10221"));
}

static void
test_page_not_found_codes (void)
{
  static const char *const bodies[] = {
    "{\"__DEFAULT_SCOPE__\":{\"webapp.user-detail\":{\"statusCode\":10202,\"userInfo\":{}}}}",
    "{\"__DEFAULT_SCOPE__\":{\"webapp.user-detail\":{\"statusCode\":10223}}}",
    "{\"UserModule\":{},\"UserPage\":{\"statusCode\":10202}}",
    "{\"props\":{\"pageProps\":{\"statusCode\":10221}}}",
    "{\"props\":{\"pageProps\":{\"serverCode\":404}}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (AuraTikTokProfile) profile =
          aura_tiktok_parse_profile_page (bodies[i], strlen (bodies[i]), NULL, NULL, &error);

      g_assert_null (profile);
      g_assert_error (error, AURA_TIKTOK_ERROR, AURA_TIKTOK_ERROR_NOT_FOUND);
    }
}

static void
test_page_changed (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraTikTokProfile) profile = parse_page ("changed.html", "ada.example", &error);
  g_autoptr (GError) empty_error = NULL;
  const char *empty = "<html><head><title>TikTok</title></head><body><div id=app></div>"
                      "<script src=/app.js></script></body></html>";
  g_autoptr (AuraTikTokProfile) none =
      aura_tiktok_parse_profile_page (empty, strlen (empty), NULL, NULL, &empty_error);
  g_autoptr (GError) user_error = NULL;
  const char *no_user = "{\"__DEFAULT_SCOPE__\":{\"webapp.user-detail\":{\"statusCode\":0,"
                        "\"userInfo\":{\"person\":{}}}}}";
  g_autoptr (AuraTikTokProfile) no_profile =
      aura_tiktok_parse_profile_page (no_user, strlen (no_user), NULL, NULL, &user_error);

  g_assert_null (profile);
  g_assert_error (error, AURA_TIKTOK_ERROR, AURA_TIKTOK_ERROR_STRUCTURE_CHANGED);
  g_assert_nonnull (strstr (error->message, "webapp.user-detail"));

  g_assert_null (none);
  g_assert_error (empty_error, AURA_TIKTOK_ERROR, AURA_TIKTOK_ERROR_STRUCTURE_CHANGED);
  g_assert_nonnull (strstr (empty_error->message, "SIGI_STATE"));

  g_assert_null (no_profile);
  g_assert_error (user_error, AURA_TIKTOK_ERROR, AURA_TIKTOK_ERROR_STRUCTURE_CHANGED);
  g_assert_nonnull (strstr (user_error->message, "userInfo.user"));

  {
    const char *bad = "{\"__DEFAULT_SCOPE__\":{\"webapp.user-detail\":{\"statusCode\":0,"
                      "\"userInfo\":{\"user\":{\"uniqueId\":\"bad handle\u202e!\"}}}}}";
    g_autoptr (GError) bad_error = NULL;

    g_assert_null (aura_tiktok_parse_profile_page (bad, strlen (bad), NULL, NULL, &bad_error));
    g_assert_error (bad_error, AURA_TIKTOK_ERROR, AURA_TIKTOK_ERROR_STRUCTURE_CHANGED);
    g_assert_nonnull (strstr (bad_error->message, "uniqueId"));
  }
}

static void
test_page_walls (void)
{
  static const struct
  {
    const char *body;
    int code;
  } cases[] = {
    { "<html><head><title>Security Check</title></head><body>"
      "<div id=\"captcha-verify-container\">Drag the slider to fit the puzzle</div></body></html>",
      AURA_TIKTOK_ERROR_CAPTCHA },
    { "<html><body><div class=\"verify-wrap\"><p>Verify to continue:</p></div></body></html>",
      AURA_TIKTOK_ERROR_CAPTCHA },
    { "<html><head><title>TikTok</title></head><body><main><h1>TikTok</h1><p>Sorry, TikTok "
      "isn't available in your region.</p></main></body></html>",
      AURA_TIKTOK_ERROR_REGION_BLOCKED },
    { "{\"__DEFAULT_SCOPE__\":{\"webapp.user-detail\":{\"statusCode\":10000}}}",
      AURA_TIKTOK_ERROR_CAPTCHA },
    /* A page with the data block but no user, and a login form. */
    { "<html><head><title>Log in | TikTok</title></head><body><script "
      "id=\"__UNIVERSAL_DATA_FOR_REHYDRATION__\">{\"__DEFAULT_SCOPE__\":{\"webapp.app-context\":"
      "{}}}</script></body></html>",
      AURA_TIKTOK_ERROR_LOGIN_WALL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (AuraTikTokProfile) profile = aura_tiktok_parse_profile_page (
          cases[i].body, strlen (cases[i].body), NULL, NULL, &error);

      g_assert_null (profile);
      g_assert_error (error, AURA_TIKTOK_ERROR, cases[i].code);
    }
}

static void
test_page_login (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraTikTokProfile) profile = parse_page ("login.html", "ada.example", &error);

  g_assert_null (profile);
  g_assert_error (error, AURA_TIKTOK_ERROR, AURA_TIKTOK_ERROR_LOGIN_WALL);
}

static void
test_page_malformed (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraTikTokProfile) profile = parse_page ("malformed.html", "ada.example", &error);
  g_autoptr (GError) empty_error = NULL;

  g_assert_null (profile);
  g_assert_error (error, AURA_TIKTOK_ERROR, AURA_TIKTOK_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "__UNIVERSAL_DATA_FOR_REHYDRATION__"));

  g_assert_null (aura_tiktok_parse_profile_page (" \n\t", 3, NULL, NULL, &empty_error));
  g_assert_error (empty_error, AURA_TIKTOK_ERROR, AURA_TIKTOK_ERROR_INVALID_DATA);
}

/* A bad block is made up for by a good one of another shape. */
static void
test_page_fallback (void)
{
  const char *page =
      "<html><body><script id=\"__UNIVERSAL_DATA_FOR_REHYDRATION__\">{\"__DEFAULT_SCOPE__\":"
      "</script><script id=\"SIGI_STATE\">{\"UserModule\":{\"users\":{\"b.b\":{\"uniqueId\":"
      "\"b.b\",\"id\":\"9\"}},\"stats\":{\"b.b\":{\"followerCount\":5}}}}</script></body></html>";
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraTikTokProfile) profile =
      aura_tiktok_parse_profile_page (page, strlen (page), "b.b", NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (profile->source, ==, "sigi");
  g_assert_cmpint (profile->followers, ==, 5);
}

static void
test_page_unicode (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraTikTokProfile) profile = parse_page ("unicode.html", "rtl.emoji", &error);
  g_autoptr (GPtrArray) items = NULL;

  g_assert_no_error (error);
  /* The override, the zero-width space, the isolate and (in a name) the
   * zero-width joiner are gone. */
  g_assert_cmpstr (profile->nickname, ==, "Ada Example \xf0\x9f\x91\xa9\xf0\x9f\x92\xbb");
  /* The bio keeps the joiner (it makes one emoji of two) and composes
   * “é”. */
  g_assert_cmpstr (profile->bio, ==,
                   "\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7 @alice #\xd8\xae\xd8\xa8\xd8\xb2 "
                   "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb caf\xc3\xa9 http://example.com/x\n"
                   "#Caf\xc3\xa9Life");
  items = aura_tiktok_analyse_bio (profile->bio, NULL);
  g_assert_cmpuint (items->len, ==, 4);
  g_assert_cmpstr (((AuraTikTokBioItem *)items->pdata[0])->value, ==, "alice");
  g_assert_cmpint (((AuraTikTokBioItem *)items->pdata[0])->char_offset, ==, 6);
  g_assert_cmpstr (((AuraTikTokBioItem *)items->pdata[1])->value, ==, "\xd8\xae\xd8\xa8\xd8\xb2");
  g_assert_cmpstr (((AuraTikTokBioItem *)items->pdata[2])->value, ==, "http://example.com/x");
  g_assert_cmpstr (((AuraTikTokBioItem *)items->pdata[3])->value, ==, "Caf\xc3\xa9Life");
}

/* 20 MB of markup before the data: read in one pass, no tree built. */
static void
test_page_huge (void)
{
  gsize len = 0;
  g_autofree char *public_page = load_page ("public.html", &len);
  g_autoptr (GString) page = g_string_sized_new (21 * 1024 * 1024);
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraTikTokProfile) profile = NULL;
  g_autoptr (GError) cut_error = NULL;
  g_autoptr (AuraTikTokProfile) cut = NULL;
  AuraTikTokPageLimits limits = { .max_page_bytes = 4 * 1024 * 1024 };
  const char *body = strstr (public_page, "<body>");
  gint64 start;
  double seconds;

  g_string_append_len (page, public_page, body - public_page + 6);
  while (page->len < 20 * 1024 * 1024)
    g_string_append (page, "<div class=\"item\"><span>video</span><a href=\"/@x/video/1\">"
                           "&amp; more</a></div><p>Lorem ipsum dolor sit amet</p>\n");
  g_string_append (page, body + 6);

  start = g_get_monotonic_time ();
  profile = aura_tiktok_parse_profile_page (page->str, page->len, "ada.example", NULL, &error);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_test_message ("20 MB page read in %.2f s", seconds);
  g_assert_no_error (error);
  g_assert_cmpint (profile->followers, ==, 12345);

  /* With a smaller bound, the data past it is not read. */
  cut = aura_tiktok_parse_profile_page (page->str, page->len, "ada.example", &limits, &cut_error);
  g_assert_null (cut);
  g_assert_error (cut_error, AURA_TIKTOK_ERROR, AURA_TIKTOK_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (cut_error->message, "larger than"));
}

static void
test_page_hostile_json (void)
{
  g_autoptr (GString) deep = g_string_new ("<html><body><script id=\"SIGI_STATE\">");
  g_autoptr (GString) big = g_string_new ("<script id=\"__NEXT_DATA__\">{\"props\":[");
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) big_error = NULL;
  AuraTikTokPageLimits limits = { .max_json_bytes = 64 * 1024 };

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  g_string_append (deep, "</script></body></html>");
  g_assert_null (aura_tiktok_parse_profile_page (deep->str, deep->len, NULL, NULL, &error));
  g_assert_error (error, AURA_TIKTOK_ERROR, AURA_TIKTOK_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "nested too deep"));

  while (big->len < 100 * 1024)
    g_string_append (big, "1,");
  g_string_append (big, "1]}</script>");
  g_assert_null (aura_tiktok_parse_profile_page (big->str, big->len, NULL, &limits, &big_error));
  g_assert_error (big_error, AURA_TIKTOK_ERROR, AURA_TIKTOK_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (big_error->message, "larger than"));
}

/* 100,000 unclosed elements before the data: no recursion, no tree. */
static void
test_page_deep_markup (void)
{
  gsize len = 0;
  g_autofree char *public_page = load_page ("public.html", &len);
  const char *script = strstr (public_page, "<script id=");
  g_autoptr (GString) page = g_string_new ("<html><body>");
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraTikTokProfile) profile = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append (page, i % 2 ? "<div>" : "<span>");
  g_string_append (page, script);
  profile = aura_tiktok_parse_profile_page (page->str, page->len, "ada.example", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (profile->followers, ==, 12345);
}

static void
test_page_random_bytes (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (6);

  for (guint round = 0; round < 50; round++)
    {
      gsize len = 1 + g_rand_int_range (rand, 0, 4096);
      g_autofree char *data = g_malloc (len);
      g_autoptr (GError) error = NULL;
      g_autoptr (AuraTikTokProfile) profile = NULL;

      for (gsize i = 0; i < len; i++)
        data[i] = (char)g_rand_int_range (rand, 0, 256);
      if (round % 2 == 0)
        data[0] = '<';
      profile = aura_tiktok_parse_profile_page (data, len, NULL, NULL, &error);
      g_assert_null (profile);
      g_assert_nonnull (error);
      g_assert_true (error->domain == AURA_TIKTOK_ERROR);
    }
}

/* ---- Bio ------------------------------------------------------------------ */

static const AuraTikTokBioItem *
item_at (GPtrArray *items, guint i)
{
  g_assert_cmpuint (i, <, items->len);
  return items->pdata[i];
}

static void
test_bio_items (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraTikTokProfile) profile = parse_page ("public.html", NULL, &error);
  g_autoptr (GPtrArray) items = aura_tiktok_analyse_bio (profile->bio, profile->bio_link);
  static const struct
  {
    AuraTikTokBioKind kind;
    const char *value;
    const char *text;
    gssize char_offset;
  } expected[] = {
    { AURA_TIKTOK_BIO_LINK, "https://example.org/ada", "https://example.org/ada", -1 },
    { AURA_TIKTOK_BIO_EMAIL, "ada@example.org", "ada@example.org", 26 },
    { AURA_TIKTOK_BIO_MENTION, "bread.club", "@bread.club", 47 },
    { AURA_TIKTOK_BIO_HASHTAG, "sourdough", "#sourdough", 63 },
    { AURA_TIKTOK_BIO_HASHTAG, "BakeryLife", "#BakeryLife", 74 },
    { AURA_TIKTOK_BIO_LINK, "https://linktr.ee/ada.example", "linktr.ee/ada.example", 92 },
  };

  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const AuraTikTokBioItem *item = item_at (items, i);

      g_assert_cmpint (item->kind, ==, expected[i].kind);
      g_assert_cmpstr (item->value, ==, expected[i].value);
      g_assert_cmpstr (item->text, ==, expected[i].text);
      g_assert_cmpint (item->char_offset, ==, expected[i].char_offset);
      if (item->offset >= 0)
        g_assert_cmpint (strncmp (profile->bio + item->offset, item->text, item->length), ==, 0);
    }
  g_assert_cmpstr (aura_tiktok_bio_kind_to_string (AURA_TIKTOK_BIO_MENTION), ==, "mention");
}

static void
test_bio_edges (void)
{
  const char *bio = "Mail me: Shop@Example.COM, not logo@2x.png or a@b. "
                    "See https://example.net/a_(b), (www.example.com/x). "
                    "Ping @x @ab. @toolongtoolongtoolongtoolong "
                    "email@mention.com@other #1 #2024vibes #tag#again "
                    "e.g. hello.world and mr.smith; @Bread.Club again, #SOURDOUGH#sourdough";
  g_autoptr (GPtrArray) items = aura_tiktok_analyse_bio (bio, NULL);
  g_autoptr (GString) seen = g_string_new (NULL);

  for (guint i = 0; i < items->len; i++)
    {
      const AuraTikTokBioItem *item = items->pdata[i];

      g_string_append_printf (seen, "%s:%s|", aura_tiktok_bio_kind_to_string (item->kind),
                              item->value);
    }
  g_assert_cmpstr (seen->str, ==,
                   "email:shop@example.com|link:https://example.net/a_(b)|"
                   "link:https://www.example.com/x|mention:ab|email:email@mention.com|"
                   "hashtag:2024vibes|hashtag:tag|mention:bread.club|hashtag:SOURDOUGH|");
}

static void
test_bio_hostile (void)
{
  g_autoptr (GString) bio = g_string_new (NULL);
  g_autoptr (GPtrArray) items = NULL;
  g_autoptr (GPtrArray) none = aura_tiktok_analyse_bio (NULL, NULL);
  g_autoptr (GPtrArray) invalid = aura_tiktok_analyse_bio ("\xff@ab\xfe #x\xc0", NULL);

  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (bio, "#t%u @u%u ", i, i);
  items = aura_tiktok_analyse_bio (bio->str, NULL);
  g_assert_cmpuint (items->len, ==, 200);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (invalid->len, ==, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/tiktok/handle/valid", test_handle_valid);
  g_test_add_func ("/tiktok/handle/invalid-with-clear-errors", test_handle_invalid);
  g_test_add_func ("/tiktok/handle/profile-url", test_profile_url);
  g_test_add_func ("/tiktok/page/rehydration", test_page_rehydration);
  g_test_add_func ("/tiktok/page/sigi-picks-the-handle", test_page_sigi);
  g_test_add_func ("/tiktok/page/next-data-unwraps-likes", test_page_next_data);
  g_test_add_func ("/tiktok/page/private", test_page_private);
  g_test_add_func ("/tiktok/page/not-found", test_page_not_found);
  g_test_add_func ("/tiktok/page/not-found-codes", test_page_not_found_codes);
  g_test_add_func ("/tiktok/page/structure-changed-names-what", test_page_changed);
  g_test_add_func ("/tiktok/page/walls", test_page_walls);
  g_test_add_func ("/tiktok/page/login-wall", test_page_login);
  g_test_add_func ("/tiktok/page/malformed-json", test_page_malformed);
  g_test_add_func ("/tiktok/page/falls-back-to-another-block", test_page_fallback);
  g_test_add_func ("/tiktok/page/odd-unicode", test_page_unicode);
  g_test_add_func ("/tiktok/page/huge-page-bounded", test_page_huge);
  g_test_add_func ("/tiktok/page/hostile-json", test_page_hostile_json);
  g_test_add_func ("/tiktok/page/deep-markup", test_page_deep_markup);
  g_test_add_func ("/tiktok/page/random-bytes", test_page_random_bytes);
  g_test_add_func ("/tiktok/bio/items-with-offsets", test_bio_items);
  g_test_add_func ("/tiktok/bio/edges", test_bio_edges);
  g_test_add_func ("/tiktok/bio/hostile", test_bio_hostile);
  return g_test_run ();
}
