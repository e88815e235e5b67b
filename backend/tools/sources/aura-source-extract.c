/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-sources"
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "aura-source-private.h"

/* Reading values out of a response, and normalising them.
 *
 * A rule's values go through: the JSON path (or the whole text body), then
 * the regex (each match's first capture group), then the split, then the
 * value template. Normalisation then decides what is kept: a name equal to
 * or under the domain, an email address at it, a valid address, a URL on
 * it; everything else — junk, other domains, invisible characters — is
 * dropped, and counted as dropped by the scan. */

struct _AuraSourceReader
{
  AuraSource *source;
  char *domain;
  GPtrArray *regexes; /* GRegex or NULL, one per extract rule */
};

void
aura_source_reader_free (AuraSourceReader *reader)
{
  if (reader == NULL)
    return;
  aura_source_unref (reader->source);
  g_free (reader->domain);
  g_ptr_array_unref (reader->regexes);
  g_free (reader);
}

static void
regex_free (gpointer regex)
{
  if (regex != NULL)
    g_regex_unref (regex);
}

AuraSourceReader *
aura_source_reader_new (AuraSource *source, const char *domain, GError **error)
{
  g_autoptr (AuraSourceReader) reader = g_new0 (AuraSourceReader, 1);
  g_autoptr (GHashTable) vars = g_hash_table_new (g_str_hash, g_str_equal);

  reader->source = aura_source_ref (source);
  reader->domain = g_strdup (domain);
  reader->regexes = g_ptr_array_new_with_free_func (regex_free);
  g_hash_table_insert (vars, "domain", (gpointer)domain);
  for (guint i = 0; i < source->extracts->len; i++)
    {
      AuraSourceExtract *extract = source->extracts->pdata[i];
      g_autofree char *pattern = NULL;
      GRegex *regex = NULL;

      if (extract->regex != NULL)
        {
          pattern = aura_source_template_expand (extract->regex, vars, AURA_SOURCE_ESCAPE_REGEX,
                                                 FALSE, error);
          if (pattern == NULL)
            return NULL;
          /* Bytes, not UTF-8: GLib 2.74 has PCRE2 check the whole subject
           * for valid UTF-8 at every g_match_info_next(), which makes
           * reading 30,000 lines of a 1 MiB body take over a minute;
           * in RAW mode it takes 20 ms. Names are ASCII or plain UTF-8
           * bytes, which [^…] classes take as they are. */
          regex = g_regex_new (pattern, G_REGEX_MULTILINE | G_REGEX_RAW, 0, error);
          if (regex == NULL)
            return NULL;
        }
      g_ptr_array_add (reader->regexes, regex);
    }
  return g_steal_pointer (&reader);
}

void
aura_source_raw_free (AuraSourceRaw *raw)
{
  if (raw == NULL)
    return;
  g_free (raw->text);
  g_free (raw);
}

/* The value template, then the result. */
static void
emit (AuraSourceReader *reader,
      AuraSourceExtract *extract,
      const char *text,
      GPtrArray *out,
      guint limit)
{
  AuraSourceRaw *raw;
  char *value;

  if (out->len >= limit || *text == '\0')
    return;
  if (extract->value != NULL)
    {
      g_autoptr (GHashTable) vars = g_hash_table_new (g_str_hash, g_str_equal);

      g_hash_table_insert (vars, "value", (gpointer)text);
      g_hash_table_insert (vars, "domain", reader->domain);
      value =
          aura_source_template_expand (extract->value, vars, AURA_SOURCE_ESCAPE_TEXT, FALSE, NULL);
    }
  else
    value = g_strdup (text);
  raw = g_new0 (AuraSourceRaw, 1);
  raw->kind = extract->kind;
  raw->from_url = extract->from_url;
  raw->text = value;
  g_ptr_array_add (out, raw);
}

/* The split, then emit(). */
static void
split_and_emit (AuraSourceReader *reader,
                AuraSourceExtract *extract,
                const char *text,
                GPtrArray *out,
                guint limit)
{
  g_auto (GStrv) pieces = NULL;

  if (extract->split == NULL)
    {
      emit (reader, extract, text, out, limit);
      return;
    }
  pieces = g_strsplit (text, extract->split, -1);
  for (guint i = 0; pieces[i] != NULL && out->len < limit; i++)
    emit (reader, extract, pieces[i], out, limit);
}

/* The regex (when the rule has one), then split_and_emit(). @text must be
 * valid UTF-8. */
static void
match_and_emit (AuraSourceReader *reader,
                guint rule,
                const char *text,
                gssize length,
                GPtrArray *out,
                guint limit)
{
  AuraSourceExtract *extract = reader->source->extracts->pdata[rule];
  GRegex *regex = reader->regexes->pdata[rule];
  g_autoptr (GMatchInfo) match = NULL;
  g_autoptr (GError) error = NULL;

  if (regex == NULL)
    {
      split_and_emit (reader, extract, text, out, limit);
      return;
    }
  g_regex_match_full (regex, text, length, 0, G_REGEX_MATCH_NOTEMPTY, &match, &error);
  while (error == NULL && g_match_info_matches (match) && out->len < limit)
    {
      g_autofree char *value = g_match_info_fetch (match, 1);

      if (value != NULL)
        split_and_emit (reader, extract, value, out, limit);
      g_match_info_next (match, &error);
    }
  if (error != NULL)
    g_debug ("%s: regex stopped: %s", reader->source->name, error->message);
}

void
aura_source_reader_extract_json (AuraSourceReader *reader,
                                 JsonNode *root,
                                 GPtrArray *out,
                                 guint limit)
{
  g_return_if_fail (reader != NULL);
  for (guint r = 0; r < reader->source->extracts->len; r++)
    {
      AuraSourceExtract *extract = reader->source->extracts->pdata[r];
      g_autoptr (GPtrArray) nodes = g_ptr_array_new ();

      aura_source_path_collect (extract->path, root, nodes, limit);
      for (guint i = 0; i < nodes->len && out->len < limit; i++)
        {
          g_autofree char *text = NULL;

          /* Only scalars are values: an array where a name was expected
           * means the path lacks a "[*]". */
          if (!JSON_NODE_HOLDS_VALUE (nodes->pdata[i]))
            continue;
          text = aura_source_json_to_text (nodes->pdata[i]);
          if (text != NULL && g_utf8_validate (text, -1, NULL))
            match_and_emit (reader, r, text, -1, out, limit);
        }
    }
}

void
aura_source_reader_extract_text (AuraSourceReader *reader,
                                 const char *text,
                                 GPtrArray *out,
                                 guint limit)
{
  g_return_if_fail (reader != NULL);
  for (guint r = 0; r < reader->source->extracts->len; r++)
    match_and_emit (reader, r, text, -1, out, limit);
}

/* ---- Normalisation ------------------------------------------------------ */

/* Control, format (bidirectional overrides, zero-width), separator and
 * unassigned characters make look-alike names: refused outright. */
static gboolean
has_invisible (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      switch (g_unichar_type (g_utf8_get_char (p)))
        {
          case G_UNICODE_CONTROL:
          case G_UNICODE_FORMAT:
          case G_UNICODE_UNASSIGNED:
          case G_UNICODE_LINE_SEPARATOR:
          case G_UNICODE_PARAGRAPH_SEPARATOR:
          case G_UNICODE_PRIVATE_USE:
          case G_UNICODE_SURROGATE:
            return TRUE;
          default:
            break;
        }
    }
  return FALSE;
}

static gboolean
is_at_or_under (const char *name, const char *domain)
{
  gsize n = strlen (name), d = strlen (domain);

  if (n == d)
    return g_str_equal (name, domain);
  return n > d && name[n - d - 1] == '.' && g_str_equal (name + n - d, domain);
}

/* A host name as A-labels when it is @domain or under it; its kind in
 * @out_kind. */
static char *
normalize_host (const char *host,
                const char *domain,
                AuraEntityType domain_kind,
                AuraEntityType *out_kind)
{
  g_autofree char *name = NULL;
  const char *p = host;

  /* Certificates name wildcards ("*.example.com"); lists sometimes keep a
   * leading dot. */
  while (g_str_has_prefix (p, "*.") || *p == '.')
    p += *p == '.' ? 1 : 2;
  if (*p == '\0' || strchr (p, '*') != NULL)
    return NULL;
  name = aura_entity_normalize (AURA_ENTITY_SUBDOMAIN, p, NULL, NULL);
  if (name == NULL)
    {
      name = aura_entity_normalize (AURA_ENTITY_DOMAIN, p, NULL, NULL);
      if (name == NULL || !g_str_equal (name, domain))
        return NULL;
    }
  if (!is_at_or_under (name, domain))
    return NULL;
  *out_kind = g_str_equal (name, domain) ? domain_kind : AURA_ENTITY_SUBDOMAIN;
  return g_steal_pointer (&name);
}

static char *
url_host (const char *text)
{
  g_autoptr (GUri) uri = NULL;
  g_autofree char *full = NULL;

  if (strstr (text, "://") == NULL)
    text = full = g_strconcat ("http://", text, NULL);
  uri = g_uri_parse (text, G_URI_FLAGS_PARSE_RELAXED | G_URI_FLAGS_NON_DNS, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return NULL;
  return g_strdup (g_uri_get_host (uri));
}

static char *
normalize_email (const char *text, const char *domain)
{
  g_autofree char *email = NULL;
  const char *at;

  if (g_ascii_strncasecmp (text, "mailto:", 7) == 0)
    text += 7;
  email = aura_entity_normalize (AURA_ENTITY_EMAIL, text, NULL, NULL);
  if (email == NULL || (at = strrchr (email, '@')) == NULL || !is_at_or_under (at + 1, domain))
    return NULL;
  return g_steal_pointer (&email);
}

static char *
normalize_url (const char *text, const char *domain, AuraEntityType domain_kind)
{
  g_autofree char *url = aura_entity_normalize (AURA_ENTITY_URL, text, NULL, NULL);
  g_autofree char *host = NULL;
  g_autofree char *name = NULL;
  AuraEntityType kind;

  if (url == NULL || (host = url_host (url)) == NULL)
    return NULL;
  name = normalize_host (host, domain, domain_kind, &kind);
  return name != NULL ? g_steal_pointer (&url) : NULL;
}

char *
aura_source_normalize (AuraEntityType kind,
                       gboolean from_url,
                       const char *text,
                       const char *domain,
                       AuraEntityType domain_kind,
                       AuraEntityType *out_kind)
{
  g_autofree char *value = NULL;
  g_autofree char *host = NULL;

  g_return_val_if_fail (text != NULL && domain != NULL && out_kind != NULL, NULL);
  if (strlen (text) > AURA_SOURCE_VALUE_MAX_BYTES || !g_utf8_validate (text, -1, NULL))
    return NULL;
  value = g_strstrip (g_strdup (text));
  if (*value == '\0' || has_invisible (value))
    return NULL;
  *out_kind = kind;
  switch (kind)
    {
      case AURA_ENTITY_SUBDOMAIN:
        if (from_url && (host = url_host (value)) == NULL)
          return NULL;
        return normalize_host (host != NULL ? host : value, domain, domain_kind, out_kind);
      case AURA_ENTITY_EMAIL:
        return normalize_email (value, domain);
      case AURA_ENTITY_IP:
        return aura_entity_normalize (AURA_ENTITY_IP, value, NULL, NULL);
      case AURA_ENTITY_URL:
        return normalize_url (value, domain, domain_kind);
      default:
        return NULL;
    }
}

/* ---- JSON --------------------------------------------------------------- */

/* The deepest nesting of @text, counting brackets outside strings, or
 * G_MAXUINT as soon as it passes @max. */
static guint
json_depth (const char *text, gsize length, guint max)
{
  guint depth = 0, deepest = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > max)
            return G_MAXUINT;
          deepest = MAX (deepest, depth);
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return deepest;
}

JsonNode *
aura_source_parse_json (const char *text, gsize length, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;

  if (json_depth (text, length, AURA_SOURCE_JSON_MAX_DEPTH) == G_MAXUINT)
    {
      g_set_error (error, AURA_SOURCE_ERROR, AURA_SOURCE_ERROR_PARSE,
                   _ ("nested deeper than %d levels"), AURA_SOURCE_JSON_MAX_DEPTH);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, text, (gssize)length, error))
    return NULL;
  root = json_parser_steal_root (parser);
  if (root == NULL)
    g_set_error_literal (error, AURA_SOURCE_ERROR, AURA_SOURCE_ERROR_PARSE, _ ("empty document"));
  return root;
}
