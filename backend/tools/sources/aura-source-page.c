/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-sources"
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "aura-source-scan-private.h"

/* Reading one page's body: the service's own error markers, then JSON,
 * JSON lines or text, the values the rules extract, and what the page says
 * about the next one (cursor, next URL, count, "more", emptiness). */

/* Characters of a body quoted in an error message. */
#define SNIPPET_CHARS 160
/* Values kept from one page at most, whatever the limits say. */
#define PAGE_MAX_VALUES AURA_SOURCE_MAX_RESULTS_CAP

void
aura_source_page_info_clear (AuraSourcePageInfo *info)
{
  g_clear_pointer (&info->next, g_free);
}

/* The start of @text on one line, printable, for a message. */
char *
aura_source_snippet (const char *text, gsize len)
{
  g_autofree char *valid = g_utf8_make_valid (text, (gssize)MIN (len, SNIPPET_CHARS * 4));
  GString *out = g_string_new (NULL);
  guint n = 0;

  for (const char *p = valid; *p != '\0' && n < SNIPPET_CHARS; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (out, g_unichar_isprint (c) ? c : ' ');
    }
  if (n == SNIPPET_CHARS)
    g_string_append (out, "…");
  g_strstrip (out->str);
  return g_string_free (out, FALSE);
}

gboolean
aura_source_looks_like_html (const char *text)
{
  while (g_ascii_isspace (*text))
    text++;
  return *text == '<';
}

/* The service's own error in a JSON answer (response.error_path), or
 * NULL when there is none. */
static char *
service_error (AuraSource *source, JsonNode *root)
{
  JsonNode *node;
  g_autofree char *text = NULL;

  if (source->error_path == NULL ||
      (node = aura_source_path_first (source->error_path, root)) == NULL ||
      JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN &&
      !json_node_get_boolean (node))
    return NULL;
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);

      text = g_strdup (json_object_get_string_member_with_default (object, "message", NULL));
    }
  else
    text = aura_source_json_to_text (node);
  if (text != NULL && *text == '\0')
    return NULL;
  if (text == NULL)
    text = g_strdup (_ ("an error without a message"));
  return g_strdup_printf (_ ("%s reported an error: “%s”"), source->label, text);
}

static void
read_info (AuraSource *source, JsonNode *root, AuraSourcePageInfo *info)
{
  JsonNode *node;

  if (source->next_path != NULL)
    {
      g_free (info->next);
      info->next = aura_source_json_to_text (aura_source_path_first (source->next_path, root));
    }
  if (source->count_path != NULL && (node = aura_source_path_first (source->count_path, root)) &&
      JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      info->has_count = TRUE;
      info->count = json_node_get_int (node);
    }
  if (source->empty_path != NULL)
    {
      /* Over several JSON lines, the page is empty when each line is. */
      node = aura_source_path_first (source->empty_path, root);
      info->empty = (!info->has_empty || info->empty) &&
                    (node == NULL || JSON_NODE_HOLDS_NULL (node) ||
                     (JSON_NODE_HOLDS_ARRAY (node) &&
                      json_array_get_length (json_node_get_array (node)) == 0) ||
                     (JSON_NODE_HOLDS_OBJECT (node) &&
                      json_object_get_size (json_node_get_object (node)) == 0));
      info->has_empty = TRUE;
    }
  if (source->more_path != NULL)
    {
      node = aura_source_path_first (source->more_path, root);
      info->has_more = TRUE;
      info->more = node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
                   json_node_get_value_type (node) == G_TYPE_BOOLEAN &&
                   json_node_get_boolean (node);
    }
}

static char *
read_json (AuraSource *source,
           AuraSourceReader *reader,
           const char *text,
           gsize len,
           AuraSourcePageInfo *info,
           GPtrArray *raws)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;
  char *problem;

  if (aura_source_looks_like_html (text))
    return g_strdup_printf (_ ("%s answered with an HTML page where JSON was expected (a block "
                               "page, a login wall or a changed API)"),
                            source->label);
  root = aura_source_parse_json (text, len, &error);
  if (root == NULL)
    return g_strdup_printf (_ ("%s answered with malformed JSON: %s"), source->label,
                            error->message);
  if ((problem = service_error (source, root)) != NULL)
    return problem;
  aura_source_reader_extract_json (reader, root, raws, PAGE_MAX_VALUES);
  read_info (source, root, info);
  return NULL;
}

/* One JSON document per line (Common Crawl's index). */
static char *
read_ndjson (AuraSource *source,
             AuraSourceReader *reader,
             char *text,
             AuraSourcePageInfo *info,
             GPtrArray *raws)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  guint good = 0, bad = 0;
  g_autofree char *first_error = NULL;

  if (aura_source_looks_like_html (text))
    return g_strdup_printf (_ ("%s answered with an HTML page where JSON was expected (a block "
                               "page, a login wall or a changed API)"),
                            source->label);
  for (guint i = 0; lines[i] != NULL && raws->len < PAGE_MAX_VALUES; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (JsonNode) root = NULL;
      char *line = g_strstrip (lines[i]);
      char *problem;

      if (*line == '\0')
        continue;
      root = aura_source_parse_json (line, strlen (line), &error);
      if (root == NULL)
        {
          if (first_error == NULL)
            first_error = g_strdup (error->message);
          bad++;
          continue;
        }
      if ((problem = service_error (source, root)) != NULL)
        return problem;
      good++;
      aura_source_reader_extract_json (reader, root, raws, PAGE_MAX_VALUES);
      read_info (source, root, info);
    }
  if (good == 0 && bad > 0)
    return g_strdup_printf (_ ("%s answered with malformed JSON lines: %s"), source->label,
                            first_error);
  if (bad > 0)
    g_debug ("%s: %u malformed lines skipped", source->name, bad);
  return NULL;
}

char *
aura_source_read_body (AuraSource *source,
                       AuraSourceReader *reader,
                       char *text,
                       AuraSourcePageInfo *info,
                       GPtrArray *raws)
{
  for (guint i = 0; source->error_text != NULL && source->error_text[i] != NULL; i++)
    if (strstr (text, source->error_text[i]) != NULL)
      {
        g_autofree char *said = aura_source_snippet (text, strlen (text));

        return g_strdup_printf (_ ("%s reported an error: “%s”"), source->label, said);
      }
  switch (source->format)
    {
      case AURA_SOURCE_BODY_JSON:
        return read_json (source, reader, text, strlen (text), info, raws);
      case AURA_SOURCE_BODY_NDJSON:
        return read_ndjson (source, reader, text, info, raws);
      case AURA_SOURCE_BODY_TEXT:
      default:
        aura_source_reader_extract_text (reader, text, raws, PAGE_MAX_VALUES);
        return NULL;
    }
}

/* ---- A whole page, in a worker thread ---------------------------------- */

static void
value_free (AuraSourceValue *value)
{
  g_free (value->value);
  g_free (value);
}

AuraSourcePageRead *
aura_source_page_read_new (AuraSource *source,
                           AuraSourceReader *reader,
                           AuraHttpResponse *response,
                           const char *domain,
                           AuraEntityType domain_kind,
                           guint kinds)
{
  AuraSourcePageRead *read = g_new0 (AuraSourcePageRead, 1);

  read->source = aura_source_ref (source);
  read->reader = reader;
  read->response = response;
  read->domain = g_strdup (domain);
  read->domain_kind = domain_kind;
  read->kinds = kinds;
  read->values = g_ptr_array_new_with_free_func ((GDestroyNotify)value_free);
  return read;
}

void
aura_source_page_read_free (AuraSourcePageRead *read)
{
  if (read == NULL)
    return;
  aura_source_unref (read->source);
  aura_http_response_free (read->response);
  g_free (read->domain);
  g_ptr_array_unref (read->values);
  aura_source_page_info_clear (&read->info);
  g_free (read->digest);
  g_free (read->problem);
  g_free (read);
}

/* Normalises the raw values; refused ones are counted. */
static void
normalize_values (AuraSourcePageRead *read, GPtrArray *raws)
{
  for (guint i = 0; i < raws->len; i++)
    {
      AuraSourceRaw *raw = raws->pdata[i];
      AuraSourceValue *value;
      AuraEntityType kind;
      char *text = aura_source_normalize (raw->kind, raw->from_url, raw->text, read->domain,
                                          read->domain_kind, &kind);

      if (text == NULL)
        {
          read->dropped++;
          continue;
        }
      if (read->kinds != 0 && (read->kinds & (1u << raw->kind)) == 0)
        {
          g_free (text);
          continue;
        }
      value = g_new0 (AuraSourceValue, 1);
      value->kind = kind;
      value->value = text;
      g_ptr_array_add (read->values, value);
    }
}

void
aura_source_page_read (AuraSourcePageRead *read)
{
  AuraSource *source = read->source;
  g_autoptr (GPtrArray) raws =
      g_ptr_array_new_with_free_func ((GDestroyNotify)aura_source_raw_free);
  g_autofree char *copy = NULL;
  g_autofree char *size = NULL;
  const char *body;
  gsize len;

  body = aura_http_response_get_text (read->response, &len);
  read->digest = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)body, len);
  if (read->response->truncated)
    {
      gsize end = len;

      while (end > 0 && body[end - 1] != '\n')
        end--;
      size = g_format_size (len);
      if (source->format == AURA_SOURCE_BODY_JSON || end == 0)
        {
          read->problem = g_strdup_printf (_ ("the answer of %s was cut at %s, the size limit, "
                                              "and cannot be read; narrow the query or raise "
                                              "response.max_body_mb"),
                                           source->label, size);
          return;
        }
      /* Text and JSON lines are read up to the last whole line. */
      len = end;
    }
  copy = g_utf8_make_valid (body, (gssize)len);
  read->problem = aura_source_read_body (source, read->reader, copy, &read->info, raws);
  if (read->problem != NULL)
    return;
  read->raw = raws->len;
  normalize_values (read, raws);
  if (read->response->truncated)
    read->problem = g_strdup_printf (_ ("the answer of %s was cut at %s, the size limit; what "
                                        "came before the cut is kept"),
                                     source->label, size);
}
