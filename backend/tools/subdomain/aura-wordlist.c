/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-subdomain"
#include "config.h"

#include <glib/gi18n-lib.h>
#include <idn2.h>
#include <string.h>

#include "aura-subdomain.h"

/* Word lists: one host label (or a few dotted labels) a line, read from a
 * memory-mapped file so that a list of millions of lines costs its words,
 * not a copy of the file. Words live in one GStringChunk. */

#define MAX_NAME 253
#define MAX_LABEL 63
/* A line longer than this cannot be a name: it is reported, not copied. */
#define MAX_LINE 1024

struct _AuraWordlist
{
  GStringChunk *chunk;
  GPtrArray *words;    /* const char *, into chunk, NULL-terminated */
  GPtrArray *problems; /* char *, NULL-terminated */
  guint n_rejected;
};

G_DEFINE_QUARK (aura - subdomain - error - quark, aura_subdomain_error)

/* Letters, digits and hyphens, not at either end. */
static gboolean
check_ldh (const char *label, gsize len, GError **error)
{
  if (len == 0)
    {
      g_set_error_literal (error, AURA_SUBDOMAIN_ERROR, AURA_SUBDOMAIN_ERROR_INVALID,
                           _ ("an empty label (two dots in a row, or a dot at an end)"));
      return FALSE;
    }
  if (len > MAX_LABEL)
    {
      g_set_error (error, AURA_SUBDOMAIN_ERROR, AURA_SUBDOMAIN_ERROR_INVALID,
                   _ ("a label of %u bytes (at most %u)"), (guint)len, MAX_LABEL);
      return FALSE;
    }
  if (label[0] == '-' || label[len - 1] == '-')
    {
      g_set_error (error, AURA_SUBDOMAIN_ERROR, AURA_SUBDOMAIN_ERROR_INVALID,
                   _ ("“%.*s” begins or ends with a hyphen"), (int)len, label);
      return FALSE;
    }
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (label[i]) && label[i] != '-')
      {
        g_set_error (error, AURA_SUBDOMAIN_ERROR, AURA_SUBDOMAIN_ERROR_INVALID,
                     _ ("“%.*s” holds “%c”: a host label has only letters, digits and hyphens"),
                     (int)len, label, g_ascii_isprint (label[i]) ? label[i] : '?');
        return FALSE;
      }
  return TRUE;
}

/* One label to its lower-case ASCII form: punycode for an international
 * label (IDNA 2008, UTS 46 non-transitional mapping). */
static gboolean
append_label (GString *out, const char *label, gsize len, GError **error)
{
  g_autofree char *copy = g_strndup (label, len);
  char *converted = NULL;
  int rc;

  if (!g_str_is_ascii (copy))
    {
      rc = idn2_to_ascii_8z (copy, &converted, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
      if (rc != IDN2_OK)
        {
          g_set_error (error, AURA_SUBDOMAIN_ERROR, AURA_SUBDOMAIN_ERROR_INVALID,
                       _ ("the international label “%s” is refused by IDNA (%s)"), copy,
                       idn2_strerror (rc));
          return FALSE;
        }
      g_free (copy);
      copy = g_strdup (converted);
      idn2_free (converted);
    }
  for (char *p = copy; *p != '\0'; p++)
    *p = g_ascii_tolower (*p);
  if (!check_ldh (copy, strlen (copy), error))
    return FALSE;
  if (g_str_has_prefix (copy, "xn--"))
    {
      char *again = NULL;

      /* Punycode decodes almost anything: the label must also come back
       * the same through IDNA, which refuses symbols and broken forms. */
      rc = idn2_to_unicode_8z8z (copy, &converted, 0);
      if (rc == IDN2_OK)
        rc = idn2_to_ascii_8z (converted, &again, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
      if (rc == IDN2_OK && g_ascii_strcasecmp (again, copy) != 0)
        rc = IDN2_ENCODING_ERROR;
      idn2_free (converted);
      idn2_free (again);
      if (rc != IDN2_OK)
        {
          g_set_error (error, AURA_SUBDOMAIN_ERROR, AURA_SUBDOMAIN_ERROR_INVALID,
                       _ ("“%s” is not valid punycode (%s)"), copy, idn2_strerror (rc));
          return FALSE;
        }
    }
  if (out->len > 0)
    g_string_append_c (out, '.');
  g_string_append (out, copy);
  return TRUE;
}

char *
aura_wordlist_normalize_word (const char *word, GError **error)
{
  g_autoptr (GString) out = NULL;
  const char *start;
  gsize len;

  g_return_val_if_fail (word != NULL, NULL);

  len = strlen (word);
  if (len > MAX_LINE)
    {
      g_set_error (error, AURA_SUBDOMAIN_ERROR, AURA_SUBDOMAIN_ERROR_INVALID,
                   _ ("%u bytes long: a host name has at most %u"), (guint)len, MAX_NAME);
      return NULL;
    }
  if (!g_utf8_validate (word, (gssize)len, NULL))
    {
      g_set_error_literal (error, AURA_SUBDOMAIN_ERROR, AURA_SUBDOMAIN_ERROR_INVALID,
                           _ ("not valid UTF-8 text"));
      return NULL;
    }
  out = g_string_sized_new (len + 8);
  start = word;
  for (const char *p = word;; p++)
    {
      if (*p == '.' || *p == '\0')
        {
          if (!append_label (out, start, (gsize)(p - start), error))
            return NULL;
          if (*p == '\0')
            break;
          start = p + 1;
        }
    }
  if (out->len > MAX_NAME)
    {
      g_set_error (error, AURA_SUBDOMAIN_ERROR, AURA_SUBDOMAIN_ERROR_INVALID,
                   _ ("%u bytes long: a host name has at most %u"), (guint)out->len, MAX_NAME);
      return NULL;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
add_problem (AuraWordlist *self, guint64 line, const char *message)
{
  self->n_rejected++;
  if (self->problems->len < AURA_WORDLIST_MAX_PROBLEMS)
    g_ptr_array_add (self->problems,
                     g_strdup_printf (_ ("line %llu: %s"), (unsigned long long)line, message));
}

/* Strips a comment (a "#" at the start or after blank space) and the
 * blank space around the word. */
static const char *
trim_line (const char *line, gsize len, gsize *out_len)
{
  const char *end;

  for (gsize i = 0; i < len; i++)
    if (line[i] == '#' && (i == 0 || g_ascii_isspace (line[i - 1])))
      {
        len = i;
        break;
      }
  end = line + len;
  while (line < end && g_ascii_isspace (*line))
    line++;
  while (end > line && g_ascii_isspace (end[-1]))
    end--;
  *out_len = (gsize)(end - line);
  return line;
}

static void
read_line (AuraWordlist *self, GHashTable *seen, guint64 number, const char *line, gsize len)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *word = NULL;
  char *stored;
  gsize word_len;
  const char *start = trim_line (line, len, &word_len);

  if (word_len == 0)
    return;
  if (memchr (start, '\0', word_len) != NULL)
    {
      add_problem (self, number, _ ("a NUL byte in the line"));
      return;
    }
  if (word_len > MAX_LINE)
    {
      g_autofree char *message = g_strdup_printf (_ ("%u bytes long: a host name has at most %u"),
                                                  (guint)word_len, MAX_NAME);

      add_problem (self, number, message);
      return;
    }
  if (memchr (start, ' ', word_len) != NULL || memchr (start, '\t', word_len) != NULL)
    {
      add_problem (self, number, _ ("more than one word on the line"));
      return;
    }
  copy = g_strndup (start, word_len);
  word = aura_wordlist_normalize_word (copy, &error);
  if (word == NULL)
    {
      add_problem (self, number, error->message);
      return;
    }
  if (g_hash_table_contains (seen, word))
    return;
  stored = g_string_chunk_insert (self->chunk, word);
  g_ptr_array_add (self->words, stored);
  g_hash_table_add (seen, stored);
}

AuraWordlist *
aura_wordlist_load (const char *path, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autoptr (GMappedFile) file = NULL;
  g_autoptr (GHashTable) seen = NULL;
  AuraWordlist *self;
  const char *data;
  gsize size;
  gsize pos = 0;
  guint64 number = 0;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_mapped_file_new (path, FALSE, &local);
  if (file == NULL)
    {
      g_set_error (error, AURA_SUBDOMAIN_ERROR, AURA_SUBDOMAIN_ERROR_WORDLIST,
                   _ ("Cannot read the word list “%s”: %s"), path, local->message);
      return NULL;
    }
  data = g_mapped_file_get_contents (file);
  size = g_mapped_file_get_length (file);

  self = g_new0 (AuraWordlist, 1);
  self->chunk = g_string_chunk_new (64 * 1024);
  self->words = g_ptr_array_new ();
  self->problems = g_ptr_array_new_with_free_func (g_free);
  seen = g_hash_table_new (g_str_hash, g_str_equal);

  while (pos < size)
    {
      const char *line = data + pos;
      const char *newline = memchr (line, '\n', size - pos);
      gsize len = newline != NULL ? (gsize)(newline - line) : size - pos;

      if (++number > AURA_WORDLIST_MAX_LINES)
        {
          g_autofree char *message = g_strdup_printf (
              _ ("only the first %u lines are read; the rest is ignored"), AURA_WORDLIST_MAX_LINES);

          if (self->problems->len < AURA_WORDLIST_MAX_PROBLEMS)
            g_ptr_array_add (self->problems, g_steal_pointer (&message));
          break;
        }
      read_line (self, seen, number, line, len);
      pos += len + 1;
    }
  g_ptr_array_add (self->words, NULL);
  g_ptr_array_add (self->problems, NULL);

  if (self->words->len == 1)
    {
      if (self->n_rejected > 0)
        g_set_error (error, AURA_SUBDOMAIN_ERROR, AURA_SUBDOMAIN_ERROR_WORDLIST,
                     _ ("The word list “%s” holds no usable word: %s"), path,
                     (const char *)g_ptr_array_index (self->problems, 0));
      else
        g_set_error (error, AURA_SUBDOMAIN_ERROR, AURA_SUBDOMAIN_ERROR_WORDLIST,
                     _ ("The word list “%s” is empty: give one host label a line."), path);
      aura_wordlist_free (self);
      return NULL;
    }
  return self;
}

const char *const *
aura_wordlist_get_words (AuraWordlist *wordlist)
{
  g_return_val_if_fail (wordlist != NULL, NULL);
  return (const char *const *)wordlist->words->pdata;
}

guint
aura_wordlist_get_n_words (AuraWordlist *wordlist)
{
  g_return_val_if_fail (wordlist != NULL, 0);
  return wordlist->words->len - 1;
}

guint
aura_wordlist_get_n_rejected (AuraWordlist *wordlist)
{
  g_return_val_if_fail (wordlist != NULL, 0);
  return wordlist->n_rejected;
}

const char *const *
aura_wordlist_get_problems (AuraWordlist *wordlist)
{
  g_return_val_if_fail (wordlist != NULL, NULL);
  return (const char *const *)wordlist->problems->pdata;
}

void
aura_wordlist_free (AuraWordlist *wordlist)
{
  if (wordlist == NULL)
    return;
  g_string_chunk_free (wordlist->chunk);
  g_ptr_array_unref (wordlist->words);
  g_ptr_array_unref (wordlist->problems);
  g_free (wordlist);
}

/* Bundled lists. */

static gboolean
bundled_name_is_valid (const char *name)
{
  if (name[0] == '\0' || strlen (name) > 64)
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

char *
aura_wordlist_find_bundled (const char *name, GError **error)
{
  g_autoptr (GPtrArray) dirs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) looked = g_string_new (NULL);
  g_autofree char *file = NULL;
  const char *env;

  g_return_val_if_fail (name != NULL, NULL);

  if (!bundled_name_is_valid (name))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _ ("“%s” is not the name of a bundled word list (try “small”, “medium” or "
                      "“large”)."),
                   name);
      return NULL;
    }
  /* An override first, then a source tree (tests and development), then
   * the installed copy: the same order aura_site_list_get_bundled_path()
   * gives the site list. */
  env = g_getenv ("AURA_WORDLISTS_DIR");
  if (env != NULL && *env != '\0')
    g_ptr_array_add (dirs, g_strdup (env));
  env = g_getenv ("AURA_SOURCE_ROOT");
  if (env != NULL && *env != '\0')
    g_ptr_array_add (dirs, g_build_filename (env, "data", "wordlists", NULL));
  g_ptr_array_add (dirs, g_build_filename (PKGDATADIR, "wordlists", NULL));

  file = g_strconcat (name, ".txt", NULL);
  for (guint i = 0; i < dirs->len; i++)
    {
      g_autofree char *path = g_build_filename (g_ptr_array_index (dirs, i), file, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&path);
      g_string_append_printf (looked, "%s%s", looked->len > 0 ? ", " : "",
                              (const char *)g_ptr_array_index (dirs, i));
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               _ ("No bundled word list named “%s” (looked in %s)."), name, looked->str);
  return NULL;
}
