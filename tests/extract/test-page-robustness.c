/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include <json-glib/json-glib.h>
#include <locale.h>

#include "page-test-utils.h"

/* Extraction on hostile pages: encodings, NUL bytes, odd Unicode, limits,
 * nesting bombs, random bytes; and the time a large page takes. */

/* ------------------------------------------------------------------------ */
/* Encodings and odd text                                                    */

static void
test_charset_meta_latin1 (void)
{
  g_autoptr (AuraPageInfo) info =
      extract_string ("<meta charset=iso-8859-1><title>Jos\xe9 M\xfcller</title>", NULL);

  g_assert_cmpstr (info->title->value, ==, "Jos\u00e9 M\u00fcller");
}

static void
test_charset_content_type_wins (void)
{
  static const char page[] = "<meta charset=utf-8><title>Jos\xe9</title>";
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraPageInfo) info =
      aura_page_extract (page, strlen (page), "text/html; charset=\"ISO-8859-1\"", NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (info->title->value, ==, "Jos\u00e9");
}

static void
test_charset_shift_jis (void)
{
  /* 山田 太郎 in Shift_JIS. */
  g_autoptr (AuraPageInfo) info =
      extract_string ("<meta http-equiv='Content-Type' content='text/html; charset=Shift_JIS'>"
                      "<title>\x8e\x52\x93\x63 \x91\xbe\x98\x59</title>",
                      NULL);

  g_assert_cmpstr (info->title->value, ==, "\u5c71\u7530 \u592a\u90ce");
}

static void
test_charset_invalid_utf8 (void)
{
  static const char page[] = "<meta charset=utf-8><title>Ada \xff\xfe Quill \xc3</title>"
                             "<meta property='og:description' content='bad \xed\xa0\x80 bytes'>";
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraPageInfo) info = aura_page_extract (page, strlen (page), NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (info->title);
  g_assert_true (g_str_has_prefix (info->title->value, "Ada"));
  assert_info_utf8 (info);
}

static void
test_nul_bytes (void)
{
  static const char page[] = "<title>Ada\0Quill</title>\0\0"
                             "<meta property='og:description' content='after the NUL'>"
                             "<a href='https://ok.example.com/\0x'>l</a>";
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraPageInfo) info =
      aura_page_extract (page, sizeof page - 1, "text/html", NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (info->title->value, ==, "Ada Quill");
  g_assert_cmpstr (info->description->value, ==, "after the NUL");
  assert_info_utf8 (info);
}

static void
test_odd_unicode (void)
{
  /* RLM, ZWSP, an RLO, ZWJ, a BOM and a decomposed “é” in a name; an emoji
   * ZWJ sequence in a bio, which keeps its ZWJ. */
  g_autoptr (AuraPageInfo) info = extract_string (
      "<script type='application/ld+json'>{\"@type\":\"Person\","
      "\"name\":\"\\u200fJose\\u0301\\u200b Qu\\u200dill\\u202e\\ufeff\","
      "\"description\":\"dev \\ud83d\\udc69\\u200d\\ud83d\\udcbb\\u202e \\u0000ok\"}</script>",
      NULL);

  g_assert_cmpstr (info->display_name->value, ==, "Jos\u00e9 Quill");
  /* json-glib hands strings out as C strings: a \u0000 ends them. */
  g_assert_cmpstr (info->description->value, ==, "dev \U0001F469\u200d\U0001F4BB");
}

/* ------------------------------------------------------------------------ */
/* Limits and hostile pages                                                  */

static void
test_limit_links (void)
{
  g_autoptr (GString) page = g_string_new (NULL);
  g_autoptr (AuraPageInfo) info = NULL;
  g_autoptr (AuraPageInfo) small = NULL;
  AuraPageLimits limits = { .max_links = 10 };

  for (guint i = 0; i < 1000; i++)
    g_string_append_printf (page, "<a href='https://site%u.example.com/'>%u</a>", i, i);
  info = extract_string (page->str, NULL);
  g_assert_cmpuint (info->links->len, ==, 200);
  small = aura_page_extract_full (page->str, page->len, NULL, NULL, &limits, NULL);
  g_assert_cmpuint (small->links->len, ==, 10);
}

static void
test_limit_emails (void)
{
  g_autoptr (GString) page = g_string_new ("<p>");
  g_autoptr (AuraPageInfo) info = NULL;

  for (guint i = 0; i < 500; i++)
    g_string_append_printf (page, "user%u@example.com ", i);
  info = extract_string (page->str, NULL);
  g_assert_cmpuint (info->emails->len, ==, 50);
}

static void
test_limit_bytes (void)
{
  g_autoptr (GString) page = g_string_new ("<title>Start</title><p>");
  AuraPageLimits limits = { .max_bytes = 4096 };
  g_autoptr (AuraPageInfo) info = NULL;

  while (page->len < 8192)
    g_string_append (page, "filler text ");
  g_string_append (page, "late@example.com</p>");
  info = aura_page_extract_full (page->str, page->len, NULL, NULL, &limits, NULL);
  g_assert_nonnull (info);
  g_assert_true (info->truncated);
  g_assert_cmpstr (info->title->value, ==, "Start");
  g_assert_cmpuint (info->emails->len, ==, 0);
}

static void
test_hostile_deep_html (void)
{
  g_autoptr (GString) page = g_string_new ("<title>Deep</title><body>");
  g_autoptr (AuraPageInfo) info = NULL;
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < 200000; i++)
    g_string_append (page, "<div><span>");
  g_string_append (page, "<a href='https://deep.example.com/'>deep</a>");
  info = extract_string (page->str, NULL);
  /* libxml2 stops nesting at 256 levels; what came before is read. */
  g_assert_cmpstr (info->title->value, ==, "Deep");
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
}

static void
test_hostile_unclosed_elements (void)
{
  g_autoptr (GString) page = g_string_new ("<title>Many</title>");
  g_autoptr (AuraPageInfo) info = NULL;
  gint64 start = g_get_monotonic_time ();

  /* Elements that auto-close one another and stray end tags: each one
   * must cost the same, not more as the page grows. */
  for (guint i = 0; i < 100000; i++)
    g_string_append (page, "<p><li><td></b></i><a href=x>");
  info = extract_string (page->str, "https://many.example.com/");
  g_assert_cmpstr (info->title->value, ==, "Many");
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
}

static void
test_hostile_json_bombs (void)
{
  g_autoptr (GString) page = g_string_new ("<script type='application/ld+json'>");
  g_autoptr (AuraPageInfo) info = NULL;

  /* 100,000 levels would overflow json-glib's recursive parser. */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (page, '[');
  g_string_append (page, "</script><script id='__NEXT_DATA__' type='application/json'>");
  for (guint i = 0; i < 100000; i++)
    g_string_append (page, "{\"a\":");
  g_string_append (page, "</script><script>window.__INITIAL_STATE__ = ");
  for (guint i = 0; i < 100000; i++)
    g_string_append (page, "[{\"username\":\"x\",\"b\":");
  g_string_append (page, "</script><script type='application/ld+json'>"
                         "{\"@type\":\"Person\",\"name\":\"Still Read\"}</script>");
  info = extract_string (page->str, NULL);
  g_assert_cmpstr (info->display_name->value, ==, "Still Read");
  g_assert_null (info->username);
}

static void
test_hostile_json_size (void)
{
  g_autoptr (GString) page = g_string_new ("<script type='application/ld+json'>"
                                           "{\"@type\":\"Person\",\"name\":\"Too Big\","
                                           "\"description\":\"");
  g_autoptr (AuraPageInfo) info = NULL;
  AuraPageLimits limits = { .max_json_bytes = 64 * 1024 };

  while (page->len < 128 * 1024)
    g_string_append (page, "padding ");
  g_string_append (page, "\"}</script><script type='application/ld+json'>"
                         "{\"@type\":\"Person\",\"name\":\"Small\"}</script>");
  info = aura_page_extract_full (page->str, page->len, NULL, NULL, &limits, NULL);
  g_assert_cmpstr (info->display_name->value, ==, "Small");
}

static void
test_hostile_random_bytes (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (20240501);
  static const char *const pieces[] = { "<a href='",
                                        "'>",
                                        "<meta property='og:title' content='",
                                        "<script type='application/ld+json'>",
                                        "</script>",
                                        "{\"@type\":\"Person\",\"name\":",
                                        "mailto:",
                                        "[at]",
                                        "@",
                                        "<div>",
                                        "</div>",
                                        "&amp;",
                                        "&#x0;",
                                        "\"",
                                        "<!--" };

  for (guint round = 0; round < 200; round++)
    {
      g_autoptr (GString) page = g_string_new (NULL);
      g_autoptr (AuraPageInfo) info = NULL;
      g_autoptr (GPtrArray) findings = NULL;
      guint n = (guint)g_rand_int_range (rand, 1, 400);

      for (guint i = 0; i < n; i++)
        {
          if (g_rand_boolean (rand))
            g_string_append (page, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
          else
            g_string_append_c (page, (char)g_rand_int_range (rand, 1, 256));
        }
      info = aura_page_extract (page->str, page->len, NULL, "https://fuzz.example.com/p", NULL);
      if (info == NULL)
        continue;
      assert_info_utf8 (info);
      findings = aura_page_info_to_findings (info);
      for (guint i = 0; i < findings->len; i++)
        assert_utf8 (((AuraPageFinding *)findings->pdata[i])->value);
    }
}

static void
test_errors (void)
{
  g_autoptr (GError) error = NULL;
  AuraPageInfo *info;

  info = aura_page_extract ("", 0, "text/html", NULL, &error);
  g_assert_null (info);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  info = aura_page_extract ("\x89PNG\r\n", 6, "image/png", NULL, &error);
  g_assert_null (info);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "image/png"));
  g_clear_error (&error);

  /* Plain text is read like a page; invalid JSON bodies give an empty info. */
  info = aura_page_extract ("write to ada@example.com", 24, "text/plain", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info->emails->len, ==, 1);
  aura_page_info_free (info);
  info = aura_page_extract ("{not json", 9, "application/json", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (info->display_name);
  aura_page_info_free (info);
}

/* ------------------------------------------------------------------------ */
/* Timing                                                                    */

/* A realistic page: a head with metadata, a JSON blob, and a body of
 * profile content and links, repeated to @size bytes. */
static GString *
typical_page (gsize size)
{
  g_autofree char *path =
      g_test_build_filename (G_TEST_DIST, "extract", "pages", "github-like.html", NULL);
  g_autofree char *head = NULL;
  GString *page;
  guint i = 0;

  g_file_get_contents (path, &head, NULL, NULL);
  page = g_string_new (head);
  while (page->len < size)
    g_string_append_printf (page,
                            "<div class='post'><h2>Post %u</h2><p>Some text about type, "
                            "kerning and dance, by <a href='https://site%u.example.com/p/%u'>a "
                            "friend</a> &amp; me. Mail ada%u@example.org.</p>"
                            "<script type='application/json'>{\"id\":%u,\"likes\":%u}</script>"
                            "</div>\n",
                            i, i % 500, i, i % 80, i, i * 7),
        i++;
  return page;
}

static double
time_extract (const GString *page)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr (AuraPageInfo) info =
      aura_page_extract (page->str, page->len, "text/html", "https://github.com/adaquill", NULL);

  g_assert_nonnull (info);
  return (double)(g_get_monotonic_time () - start) / G_USEC_PER_SEC;
}

static void
test_timing (void)
{
  g_autoptr (GString) typical = typical_page (200 * 1024);
  g_autoptr (GString) large = typical_page (AURA_PAGE_DEFAULT_MAX_BYTES);
  double t_typical = time_extract (typical);
  double t_large = time_extract (large);

  g_test_message ("extract: 200 KiB page in %.1f ms, 4 MiB page in %.1f ms", t_typical * 1000,
                  t_large * 1000);
  g_printerr ("# extract: 200 KiB page in %.1f ms, 4 MiB page in %.1f ms\n", t_typical * 1000,
              t_large * 1000);
  /* Generous bounds that still catch quadratic behaviour (sanitizer
   * builds run several times slower). */
  g_assert_cmpfloat (t_typical, <, 2.0);
  g_assert_cmpfloat (t_large, <, 20.0);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/extract/charset/meta-latin1", test_charset_meta_latin1);
  g_test_add_func ("/extract/charset/content-type-wins", test_charset_content_type_wins);
  g_test_add_func ("/extract/charset/shift-jis", test_charset_shift_jis);
  g_test_add_func ("/extract/charset/invalid-utf8", test_charset_invalid_utf8);
  g_test_add_func ("/extract/text/nul-bytes", test_nul_bytes);
  g_test_add_func ("/extract/text/odd-unicode", test_odd_unicode);
  g_test_add_func ("/extract/limits/links", test_limit_links);
  g_test_add_func ("/extract/limits/emails", test_limit_emails);
  g_test_add_func ("/extract/limits/bytes", test_limit_bytes);
  g_test_add_func ("/extract/hostile/deep-html", test_hostile_deep_html);
  g_test_add_func ("/extract/hostile/unclosed-elements", test_hostile_unclosed_elements);
  g_test_add_func ("/extract/hostile/json-nesting-bombs", test_hostile_json_bombs);
  g_test_add_func ("/extract/hostile/json-size", test_hostile_json_size);
  g_test_add_func ("/extract/hostile/random-bytes", test_hostile_random_bytes);
  g_test_add_func ("/extract/errors", test_errors);
  g_test_add_func ("/extract/timing", test_timing);

  return g_test_run ();
}
