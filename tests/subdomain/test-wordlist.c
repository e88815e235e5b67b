/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "aura-subdomain.h"

/* A word list written to a temporary file, removed at the end. */
typedef struct
{
  char *dir;
  char *path;
} ListFile;

static void
list_file_write (ListFile *file, const char *text, gssize len)
{
  g_autoptr (GError) error = NULL;

  file->dir = g_dir_make_tmp ("aura-wordlist-XXXXXX", &error);
  g_assert_no_error (error);
  file->path = g_build_filename (file->dir, "words.txt", NULL);
  g_file_set_contents (file->path, text, len, &error);
  g_assert_no_error (error);
}

static void
list_file_clear (ListFile *file)
{
  g_unlink (file->path);
  g_rmdir (file->dir);
  g_free (file->path);
  g_free (file->dir);
}

static AuraWordlist *
load_text (const char *text, gssize len, GError **error)
{
  ListFile file = { 0 };
  AuraWordlist *list;

  list_file_write (&file, text, len);
  list = aura_wordlist_load (file.path, error);
  list_file_clear (&file);
  return list;
}

static gboolean
problems_mention (AuraWordlist *list, const char *needle)
{
  const char *const *problems = aura_wordlist_get_problems (list);

  for (guint i = 0; problems[i] != NULL; i++)
    if (strstr (problems[i], needle) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_comments_blank_lines_and_case (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraWordlist) list = load_text (
      "# a header\n\nWWW\nmail # the mail host\n   api   \r\nwww\n#www2\nvpn", -1, &error);
  const char *const expected[] = { "www", "mail", "api", "vpn", NULL };

  g_assert_no_error (error);
  g_assert_cmpstrv (aura_wordlist_get_words (list), expected);
  g_assert_cmpuint (aura_wordlist_get_n_words (list), ==, 4);
  g_assert_cmpuint (aura_wordlist_get_n_rejected (list), ==, 0);
  g_assert_null (aura_wordlist_get_problems (list)[0]);
}

static void
test_bad_lines_are_reported_by_number (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *long_label = g_strnfill (64, 'a');
  g_autofree char *text =
      g_strdup_printf ("good\nbad_label\n-dash\ndash-\n%s\ntwo words\na..b\nfine-2\n", long_label);
  g_autoptr (AuraWordlist) list = load_text (text, -1, &error);
  const char *const expected[] = { "good", "fine-2", NULL };

  g_assert_no_error (error);
  g_assert_cmpstrv (aura_wordlist_get_words (list), expected);
  g_assert_cmpuint (aura_wordlist_get_n_rejected (list), ==, 6);
  for (guint line = 2; line <= 7; line++)
    {
      g_autofree char *needle = g_strdup_printf ("line %u:", line);

      g_assert_true (problems_mention (list, needle));
    }
  g_assert_false (problems_mention (list, "line 1:"));
  g_assert_false (problems_mention (list, "line 8:"));
  g_assert_true (problems_mention (list, "bad_label"));
  g_assert_true (problems_mention (list, "64 bytes"));
}

static void
test_international_labels_become_punycode (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraWordlist) list = load_text ("bücher\nпример\nXN--BCHER-KVA\n\xcc\x81"
                                             "abc\nxn--zz-invalid\n",
                                             -1, &error);
  const char *const expected[] = { "xn--bcher-kva", "xn--e1afmkfd", NULL };

  g_assert_no_error (error);
  /* The upper-case punycode of line 3 is the same word as line 1. */
  g_assert_cmpstrv (aura_wordlist_get_words (list), expected);
  /* A label that starts with a combining mark, and broken punycode. */
  g_assert_cmpuint (aura_wordlist_get_n_rejected (list), ==, 2);
  g_assert_true (problems_mention (list, "line 4:"));
  g_assert_true (problems_mention (list, "line 5:"));
}

static void
test_hostile_input (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) text = g_string_new ("first\n");
  g_autoptr (AuraWordlist) list = NULL;
  const char *const expected[] = { "first", "last", NULL };

  g_string_append_len (text, "nul\0byte\n", 9); /* line 2 */
  g_string_append (text, "\xff\xfe\n");         /* line 3: not UTF-8 */
  g_string_append (text, "ctl\x01"
                         "char\n"); /* line 4 */
  g_string_append (text, "evil\xe2\x80\xae"
                         "txt\n");   /* line 5: RIGHT-TO-LEFT OVERRIDE */
  for (guint i = 0; i < 100000; i++) /* line 6: 100 kB */
    g_string_append_c (text, 'x');
  g_string_append (text, "\n\t\n");
  g_string_append (text, "last"); /* line 8, no newline */
  list = load_text (text->str, (gssize)text->len, &error);

  g_assert_no_error (error);
  g_assert_cmpstrv (aura_wordlist_get_words (list), expected);
  g_assert_cmpuint (aura_wordlist_get_n_rejected (list), ==, 5);
  g_assert_true (problems_mention (list, "line 2: a NUL byte"));
  g_assert_true (problems_mention (list, "line 3: not valid UTF-8"));
  g_assert_true (problems_mention (list, "line 4:"));
  g_assert_true (problems_mention (list, "line 5:"));
  g_assert_true (problems_mention (list, "line 6: 100000 bytes"));
}

static void
test_empty_useless_and_missing_lists (void)
{
  g_autoptr (GError) error = NULL;
  AuraWordlist *list;

  list = load_text ("# nothing but comments\n\n", -1, &error);
  g_assert_null (list);
  g_assert_error (error, AURA_SUBDOMAIN_ERROR, AURA_SUBDOMAIN_ERROR_WORDLIST);
  g_assert_nonnull (strstr (error->message, "empty"));
  g_clear_error (&error);

  list = load_text ("bad_one\n-bad\n", -1, &error);
  g_assert_null (list);
  g_assert_error (error, AURA_SUBDOMAIN_ERROR, AURA_SUBDOMAIN_ERROR_WORDLIST);
  g_assert_nonnull (strstr (error->message, "line 1"));
  g_clear_error (&error);

  list = aura_wordlist_load ("/nonexistent/aura/words.txt", &error);
  g_assert_null (list);
  g_assert_error (error, AURA_SUBDOMAIN_ERROR, AURA_SUBDOMAIN_ERROR_WORDLIST);
  g_assert_nonnull (strstr (error->message, "/nonexistent/aura/words.txt"));
}

static void
test_problems_are_capped (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) text = g_string_new ("ok\n");
  g_autoptr (AuraWordlist) list = NULL;

  for (guint i = 0; i < 500; i++)
    g_string_append_printf (text, "bad_%u\n", i);
  list = load_text (text->str, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (aura_wordlist_get_n_words (list), ==, 1);
  g_assert_cmpuint (aura_wordlist_get_n_rejected (list), ==, 500);
  g_assert_cmpuint (g_strv_length ((char **)aura_wordlist_get_problems (list)), ==,
                    AURA_WORDLIST_MAX_PROBLEMS);
}

static void
test_line_cap (void)
{
  g_autoptr (GError) error = NULL;
  gsize size = AURA_WORDLIST_MAX_LINES + 16;
  g_autofree char *text = g_malloc (size);
  g_autoptr (AuraWordlist) list = NULL;
  const char *const expected[] = { "api", NULL };

  /* "api", ten million blank lines, then "www" past the cap. */
  memcpy (text, "api\n", 4);
  memset (text + 4, '\n', size - 4);
  memcpy (text + size - 4, "www\n", 4);
  list = load_text (text, (gssize)size, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (aura_wordlist_get_words (list), expected);
  g_assert_true (problems_mention (list, "10000000"));
}

static void
test_dotted_words (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraWordlist) list = load_text ("mail.internal\na.-b\nx.Y.z\n", -1, &error);
  const char *const expected[] = { "mail.internal", "x.y.z", NULL };

  g_assert_no_error (error);
  g_assert_cmpstrv (aura_wordlist_get_words (list), expected);
  g_assert_cmpuint (aura_wordlist_get_n_rejected (list), ==, 1);
}

static void
test_normalize_word (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *plain = aura_wordlist_normalize_word ("Mail-01", &error);
  g_autofree char *idn = aura_wordlist_normalize_word ("Bücher.Example", &error);
  g_autofree char *long_name = NULL;
  g_autofree char *label = g_strnfill (60, 'a');
  g_autofree char *too_long = g_strdup_printf ("%s.%s.%s.%s.%s", label, label, label, label, label);
  char *bad;

  g_assert_no_error (error);
  g_assert_cmpstr (plain, ==, "mail-01");
  g_assert_cmpstr (idn, ==, "xn--bcher-kva.example");

  long_name = aura_wordlist_normalize_word (too_long, &error);
  g_assert_null (long_name);
  g_assert_error (error, AURA_SUBDOMAIN_ERROR, AURA_SUBDOMAIN_ERROR_INVALID);
  g_clear_error (&error);

  bad = aura_wordlist_normalize_word ("", &error);
  g_assert_null (bad);
  g_assert_error (error, AURA_SUBDOMAIN_ERROR, AURA_SUBDOMAIN_ERROR_INVALID);
  g_clear_error (&error);

  bad = aura_wordlist_normalize_word ("under_score", &error);
  g_assert_null (bad);
  g_assert_nonnull (strstr (error->message, "_"));
}

static void
test_bundled_lists (void)
{
  static const struct
  {
    const char *name;
    guint min;
    guint max;
  } lists[] = {
    { "small", 80, 200 },
    { "medium", 1000, 2500 },
    { "large", 10000, 60000 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *path = aura_wordlist_find_bundled (lists[i].name, &error);
      g_autoptr (AuraWordlist) list = NULL;

      g_assert_no_error (error);
      g_assert_true (g_str_has_prefix (path, g_getenv ("AURA_SOURCE_ROOT")));
      list = aura_wordlist_load (path, &error);
      g_assert_no_error (error);
      /* The bundled lists are clean: no line is rejected. */
      g_assert_cmpuint (aura_wordlist_get_n_rejected (list), ==, 0);
      g_assert_cmpuint (aura_wordlist_get_n_words (list), >=, lists[i].min);
      g_assert_cmpuint (aura_wordlist_get_n_words (list), <=, lists[i].max);
      g_assert_true (g_strv_contains (aura_wordlist_get_words (list), "www"));
      g_assert_true (g_strv_contains (aura_wordlist_get_words (list), "mail"));
    }
}

static void
test_bundled_lookup_refuses_paths_and_unknown_names (void)
{
  g_autoptr (GError) error = NULL;
  char *path;

  path = aura_wordlist_find_bundled ("../../etc/passwd", &error);
  g_assert_null (path);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  path = aura_wordlist_find_bundled ("nonexistent", &error);
  g_assert_null (path);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "wordlists"));
}

static void
test_bundled_override_directory (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("aura-wordlists-XXXXXX", &error);
  g_autofree char *file = g_build_filename (dir, "custom.txt", NULL);
  g_autofree char *found = NULL;

  g_assert_no_error (error);
  g_file_set_contents (file, "alpha\n", -1, &error);
  g_assert_no_error (error);
  g_setenv ("AURA_WORDLISTS_DIR", dir, TRUE);
  found = aura_wordlist_find_bundled ("custom", &error);
  g_unsetenv ("AURA_WORDLISTS_DIR");
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, file);
  g_unlink (file);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/subdomain/wordlist/skips-comments-blank-lines-and-lowercases",
                   test_comments_blank_lines_and_case);
  g_test_add_func ("/subdomain/wordlist/reports-bad-lines-by-number",
                   test_bad_lines_are_reported_by_number);
  g_test_add_func ("/subdomain/wordlist/international-labels-become-punycode",
                   test_international_labels_become_punycode);
  g_test_add_func ("/subdomain/wordlist/survives-hostile-input", test_hostile_input);
  g_test_add_func ("/subdomain/wordlist/empty-useless-and-missing-lists-fail",
                   test_empty_useless_and_missing_lists);
  g_test_add_func ("/subdomain/wordlist/keeps-only-the-first-problems", test_problems_are_capped);
  g_test_add_func ("/subdomain/wordlist/reads-at-most-ten-million-lines", test_line_cap);
  g_test_add_func ("/subdomain/wordlist/accepts-dotted-words", test_dotted_words);
  g_test_add_func ("/subdomain/wordlist/normalizes-one-word", test_normalize_word);
  g_test_add_func ("/subdomain/wordlist/bundled-lists-load-clean", test_bundled_lists);
  g_test_add_func ("/subdomain/wordlist/bundled-lookup-refuses-paths-and-unknown-names",
                   test_bundled_lookup_refuses_paths_and_unknown_names);
  g_test_add_func ("/subdomain/wordlist/bundled-lookup-honours-the-override",
                   test_bundled_override_directory);
  return g_test_run ();
}
