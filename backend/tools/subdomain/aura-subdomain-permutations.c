/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-subdomain"
#include "config.h"

#include <string.h>

#include "aura-subdomain.h"

/* Permutations of found names. Only the first label of a found name is
 * changed; the labels after it stay ("web1.eu" → "web2.eu"). The kinds of
 * candidates are made in rounds, the likeliest kind for every found name
 * before the next kind, so that the cap cuts the unlikely ones. */

/* Longest candidate kept, relative to the domain: room is left for the
 * domain itself within DNS's 253 bytes. */
#define MAX_RELATIVE 200
#define MAX_LABEL 63
/* Words of found names that are swapped into the others, at most. */
#define MAX_POOL 32
/* Hyphen-separated parts of one label considered, at most. */
#define MAX_TOKENS 8

/* How hosts of one service are told apart by environment, commonest
 * first. */
static const char *const environments[] = {
  "dev",     "staging", "test",     "qa",   "prod", "uat",        "stage",
  "stg",     "preprod", "sandbox",  "demo", "beta", "alpha",      "development",
  "testing", "int",     "internal", "old",  "new",  "production", NULL,
};

typedef struct
{
  GHashTable *seen; /* every name found or made so far */
  GPtrArray *out;   /* char *, the candidates */
  guint max;
} Output;

typedef struct
{
  char *label;      /* the first label */
  const char *rest; /* ".eu" or "", into the found name */
  char **tokens;    /* the label split at hyphens */
  guint n_tokens;
  char *stem;         /* the label without its trailing digits */
  const char *digits; /* its trailing digits, into label ("" if none) */
} Parts;

static gboolean
label_ok (const char *label, gsize len)
{
  if (len == 0 || len > MAX_LABEL || label[0] == '-' || label[len - 1] == '-')
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (label[i]) && label[i] != '-')
      return FALSE;
  return TRUE;
}

static gboolean
name_ok (const char *name)
{
  const char *start = name;
  gsize len = strlen (name);

  if (len == 0 || len > MAX_RELATIVE)
    return FALSE;
  for (const char *p = name;; p++)
    if (*p == '.' || *p == '\0')
      {
        if (!label_ok (start, (gsize)(p - start)))
          return FALSE;
        if (*p == '\0')
          return TRUE;
        start = p + 1;
      }
}

static gboolean
full (Output *output)
{
  return output->out->len >= output->max;
}

/* Adds @label + @rest when it is a valid name not seen yet. */
static void
emit (Output *output, const char *label, const char *rest)
{
  g_autofree char *name = g_strconcat (label, rest, NULL);

  if (full (output) || !name_ok (name) || g_hash_table_contains (output->seen, name))
    return;
  g_hash_table_add (output->seen, name);
  g_ptr_array_add (output->out, g_steal_pointer (&name));
}

static void emitf (Output *output, const char *rest, const char *format, ...) G_GNUC_PRINTF (3, 4);

static void
emitf (Output *output, const char *rest, const char *format, ...)
{
  g_autofree char *label = NULL;
  va_list args;

  va_start (args, format);
  label = g_strdup_vprintf (format, args);
  va_end (args);
  emit (output, label, rest);
}

static void
parts_clear (Parts *parts)
{
  g_free (parts->label);
  g_strfreev (parts->tokens);
  g_free (parts->stem);
}

static void
parts_init (Parts *parts, const char *name)
{
  const char *dot = strchr (name, '.');
  gsize len = dot != NULL ? (gsize)(dot - name) : strlen (name);
  gsize stem_len = len;

  parts->label = g_ascii_strdown (name, (gssize)len);
  parts->rest = dot != NULL ? dot : "";
  parts->tokens = g_strsplit (parts->label, "-", MAX_TOKENS);
  parts->n_tokens = g_strv_length (parts->tokens);
  while (stem_len > 0 && g_ascii_isdigit (parts->label[stem_len - 1]))
    stem_len--;
  parts->stem = g_strndup (parts->label, stem_len);
  parts->digits = parts->label + stem_len;
}

/* api → api1 api2 api3 api01 api-1 api-01; web2 → web1 web3 web4 web;
 * db02 → db01 db03. */
static void
make_numbers (Output *output, const Parts *parts)
{
  gsize width = strlen (parts->digits);
  const char *stem = parts->stem;

  if (width == 0)
    {
      for (guint n = 1; n <= 3; n++)
        emitf (output, parts->rest, "%s%u", stem, n);
      emitf (output, parts->rest, "%s01", stem);
      emitf (output, parts->rest, "%s-1", stem);
      emitf (output, parts->rest, "%s-01", stem);
      return;
    }
  if (width <= 4 && stem[0] != '\0')
    {
      guint value = (guint)g_ascii_strtoull (parts->digits, NULL, 10);
      gsize stem_len = strlen (stem);
      gboolean hyphen = stem_len > 0 && stem[stem_len - 1] == '-';
      g_autofree char *bare = g_strndup (stem, hyphen ? stem_len - 1 : stem_len);

      for (int delta = -1; delta <= 2; delta++)
        if (delta != 0 && (int)value + delta >= 0)
          emitf (output, parts->rest, "%s%0*u", stem, (int)width, (guint)((int)value + delta));
      emit (output, bare, parts->rest);
    }
}

/* api-v2 → api v2 apiv2. */
static void
make_splits (Output *output, const Parts *parts)
{
  g_autofree char *joined = NULL;

  if (parts->n_tokens < 2)
    return;
  for (guint i = 0; i < parts->n_tokens; i++)
    if (strlen (parts->tokens[i]) >= 2)
      emit (output, parts->tokens[i], parts->rest);
  joined = g_strjoinv ("", parts->tokens);
  emit (output, joined, parts->rest);
}

/* The label with token @index replaced by @word. */
static void
emit_swapped (Output *output, const Parts *parts, guint index, const char *word)
{
  g_autofree char **copy = g_memdup2 (parts->tokens, (parts->n_tokens + 1) * sizeof (char *));
  g_autofree char *label = NULL;

  copy[index] = (char *)word;
  label = g_strjoinv ("-", copy);
  emit (output, label, parts->rest);
}

static gboolean
is_environment (const char *word)
{
  return g_strv_contains (environments, word);
}

/* dev-api → staging-api qa-api … */
static void
make_environment_swaps (Output *output, const Parts *parts)
{
  for (guint i = 0; i < parts->n_tokens; i++)
    if (is_environment (parts->tokens[i]))
      for (guint e = 0; environments[e] != NULL; e++)
        emit_swapped (output, parts, i, environments[e]);
}

typedef enum
{
  AFFIX_HYPHEN, /* dev-api api-dev */
  AFFIX_DOT,    /* dev.api api.dev */
  AFFIX_JOINED, /* devapi apidev */
} Affix;

static void
make_environment_affixes (Output *output, const Parts *parts, Affix affix)
{
  static const char *const separators[] = { "-", ".", "" };
  const char *separator = separators[affix];

  for (guint e = 0; environments[e] != NULL; e++)
    {
      const char *env = environments[e];

      if (g_strv_contains ((const char *const *)parts->tokens, env))
        continue;
      emitf (output, parts->rest, "%s%s%s", env, separator, parts->label);
      emitf (output, parts->rest, "%s%s%s", parts->label, separator, env);
    }
}

/* mail-dev, with "api" found elsewhere → api-dev. */
static void
make_word_swaps (Output *output, const Parts *parts, GPtrArray *pool)
{
  if (parts->n_tokens < 2)
    return;
  for (guint i = 0; i < parts->n_tokens; i++)
    for (guint w = 0; w < pool->len; w++)
      emit_swapped (output, parts, i, g_ptr_array_index (pool, w));
}

static int
compare_counts (gconstpointer a, gconstpointer b, gpointer data)
{
  GHashTable *counts = data;
  guint ca = GPOINTER_TO_UINT (g_hash_table_lookup (counts, *(const char *const *)a));
  guint cb = GPOINTER_TO_UINT (g_hash_table_lookup (counts, *(const char *const *)b));

  if (ca != cb)
    return ca > cb ? -1 : 1;
  return strcmp (*(const char *const *)a, *(const char *const *)b);
}

/* The words found names are made of, the commonest first: what the
 * organisation names its hosts with. */
static GPtrArray *
word_pool (const Parts *parts, guint n_parts)
{
  g_autoptr (GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *pool = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  for (guint i = 0; i < n_parts; i++)
    for (guint t = 0; t < parts[i].n_tokens; t++)
      {
        const char *token = parts[i].tokens[t];

        if (strlen (token) >= 2 && !is_environment (token))
          g_hash_table_insert (
              counts, (gpointer)token,
              GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, token)) + 1));
      }
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (pool, key);
  g_ptr_array_sort_with_data (pool, compare_counts, counts);
  if (pool->len > MAX_POOL)
    g_ptr_array_set_size (pool, MAX_POOL);
  return pool;
}

GStrv
aura_subdomain_permutations (const char *const *found, guint max)
{
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) out = g_ptr_array_new ();
  g_autoptr (GPtrArray) pool = NULL;
  Output output = { seen, out, max > 0 ? max : AURA_SUBDOMAIN_DEFAULT_MAX_PERMUTATIONS };
  Parts *parts;
  guint n = 0;

  g_return_val_if_fail (found != NULL, NULL);

  parts = g_new0 (Parts, g_strv_length ((char **)found) + 1);
  for (guint i = 0; found[i] != NULL; i++)
    {
      g_autofree char *lower = g_ascii_strdown (found[i], -1);

      if (!name_ok (lower) || g_hash_table_contains (seen, lower))
        continue;
      parts_init (&parts[n], found[i]);
      g_hash_table_add (seen, g_steal_pointer (&lower));
      n++;
    }
  pool = word_pool (parts, n);

  for (guint i = 0; i < n && !full (&output); i++)
    make_numbers (&output, &parts[i]);
  for (guint i = 0; i < n && !full (&output); i++)
    make_splits (&output, &parts[i]);
  for (guint i = 0; i < n && !full (&output); i++)
    make_environment_swaps (&output, &parts[i]);
  for (Affix affix = AFFIX_HYPHEN; affix <= AFFIX_JOINED; affix++)
    for (guint i = 0; i < n && !full (&output); i++)
      make_environment_affixes (&output, &parts[i], affix);
  for (guint i = 0; i < n && !full (&output); i++)
    make_word_swaps (&output, &parts[i], pool);

  for (guint i = 0; i < n; i++)
    parts_clear (&parts[i]);
  g_free (parts);

  /* The strings belong to @seen, which frees them: copy them out. */
  {
    GStrv result = g_new (char *, out->len + 1);

    for (guint i = 0; i < out->len; i++)
      result[i] = g_strdup (g_ptr_array_index (out, i));
    result[out->len] = NULL;
    return result;
  }
}
