/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-harvest"
#include "config.h"

#include <json-glib/json-glib.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <string.h>

#include "aura-harvest-private.h"
#include "aura-page-extract-private.h"

/* Reading one page. HTML goes through libxml2's HTML parser (no network,
 * recovering from any markup) and one iterative walk; the raw bytes are
 * scanned too, for tracking IDs and host names wherever they are written
 * (attributes, scripts, comments). Text files and sitemaps are read as
 * text. */

/* Elements read past these counts are ignored. */
#define MAX_ANCHORS 5000
#define MAX_OTHERS 2000
#define MAX_SCRIPTS 300
#define MAX_JSON_LD_BYTES (1024 * 1024)

typedef struct
{
  xmlNode *base;
  GPtrArray *anchors; /* a, area, iframe, frame: crawled */
  GPtrArray *links;   /* link: profiles and addresses only */
  GPtrArray *metas;
  GPtrArray *scripts;
  GPtrArray *protected_emails; /* elements with data-cfemail */
  GString *text;
  gsize max_text;
} Collected;

static gboolean
name_is (const xmlNode *node, const char *name)
{
  return node->name != NULL && g_ascii_strcasecmp ((const char *)node->name, name) == 0;
}

static char *
get_attr (xmlNode *node, const char *name)
{
  xmlChar *value = xmlGetProp (node, BAD_CAST name);
  char *copy = value != NULL ? g_strdup ((const char *)value) : NULL;

  xmlFree (value);
  return copy;
}

static void
add_limited (GPtrArray *array, xmlNode *node, guint max)
{
  if (array->len < max)
    g_ptr_array_add (array, node);
}

/* Records @node if it matters; returns whether to walk into it. */
static gboolean
visit_element (Collected *c, xmlNode *node)
{
  if (xmlHasProp (node, BAD_CAST "data-cfemail") != NULL)
    add_limited (c->protected_emails, node, MAX_OTHERS);
  if (name_is (node, "base") && c->base == NULL && xmlHasProp (node, BAD_CAST "href") != NULL)
    c->base = node;
  else if (name_is (node, "a") || name_is (node, "area") || name_is (node, "iframe") ||
           name_is (node, "frame"))
    add_limited (c->anchors, node, MAX_ANCHORS);
  else if (name_is (node, "link"))
    add_limited (c->links, node, MAX_OTHERS);
  else if (name_is (node, "meta"))
    add_limited (c->metas, node, MAX_OTHERS);
  else if (name_is (node, "script"))
    {
      add_limited (c->scripts, node, MAX_SCRIPTS);
      return FALSE;
    }
  return !name_is (node, "style") && !name_is (node, "template") && !name_is (node, "svg");
}

static void
text_break (Collected *c)
{
  if (c->text->len > 0 && c->text->str[c->text->len - 1] != '\n' && c->text->len < c->max_text)
    g_string_append_c (c->text, '\n');
}

static gboolean
is_inline (const xmlNode *node)
{
  static const char *const names[] = { "a",    "b",   "i",    "em",   "strong", "span", "small",
                                       "code", "u",   "font", "abbr", "mark",   "sub",  "sup",
                                       "bdi",  "bdo", "q",    "s",    "time",   "wbr",  "data" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (name_is (node, names[i]))
      return TRUE;
  return FALSE;
}

/* Walks the tree with a loop (libxml2 stops nesting at 256 levels, a loop
 * needs no stack at all). Block elements break the text into lines where
 * they open and close, so that neighbouring cells never join into one
 * phone number or one address. */
static void
walk (xmlNode *root, Collected *c)
{
  xmlNode *node = root->children;

  while (node != NULL)
    {
      gboolean descend = FALSE;

      if (node->type == XML_ELEMENT_NODE)
        {
          descend = visit_element (c, node);
          if (!is_inline (node))
            text_break (c);
        }
      else if ((node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) &&
               node->content != NULL && c->text->len < c->max_text)
        g_string_append_len (
            c->text, (const char *)node->content,
            (gssize)MIN (strlen ((const char *)node->content), c->max_text - c->text->len));
      if (descend && node->children != NULL)
        {
          node = node->children;
          continue;
        }
      if (node->type == XML_ELEMENT_NODE && !is_inline (node))
        text_break (c);
      while (node != NULL && node->next == NULL)
        {
          node = node->parent;
          if (node == NULL || node == root)
            return;
          if (node->type == XML_ELEMENT_NODE && !is_inline (node))
            text_break (c);
        }
      node = node->next;
    }
}

/* The first 200 bytes of an element's text, visiting at most 64 nodes. */
static char *
bounded_text (xmlNode *element)
{
  g_autofree char *text = aura_page_bounded_text (element, 200);

  return aura_harvest_clean (text != NULL ? text : "", -1, 120);
}

/* ---- Elements ------------------------------------------------------------ */

static const struct
{
  const char *name;
  const char *type;
} verifications[] = {
  { "google-site-verification", "google-site-verification" },
  { "facebook-domain-verification", "facebook-domain-verification" },
  { "msvalidate.01", "bing-site-verification" },
  { "yandex-verification", "yandex-verification" },
  { "p:domain_verify", "pinterest-verification" },
};

static void
read_meta (AuraHarvestSink *sink, xmlNode *meta)
{
  g_autofree char *name = get_attr (meta, "name");
  g_autofree char *property = get_attr (meta, "property");
  g_autofree char *content = get_attr (meta, "content");
  g_autofree char *lower = NULL;
  g_autofree char *value = NULL;

  if (name == NULL)
    name = g_steal_pointer (&property);
  if (name == NULL || content == NULL)
    return;
  lower = g_ascii_strdown (g_strstrip (name), -1);
  value = aura_harvest_clean (content, -1, 200);
  if (value == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (verifications); i++)
    if (strcmp (lower, verifications[i].name) == 0 && strchr (value, ' ') == NULL)
      {
        g_autofree char *key =
            g_strconcat ("tracking-id:", verifications[i].type, ":", value, NULL);
        g_autofree char *evidence =
            g_strdup_printf ("<meta name=\"%s\" content=\"%s\">", lower, value);

        aura_harvest_sink_add (sink, AURA_HARVEST_TRACKING_ID, verifications[i].type, value, NULL,
                               key, evidence);
      }
  /* The site's own account on Twitter/X. */
  if (strcmp (lower, "twitter:site") == 0 || strcmp (lower, "twitter:creator") == 0)
    {
      const char *handle = value[0] == '@' ? value + 1 : value;
      g_autofree char *url = NULL;

      if (*handle == '\0' || strlen (handle) > 15)
        return;
      for (const char *p = handle; *p != '\0'; p++)
        if (!g_ascii_isalnum (*p) && *p != '_')
          return;
      url = g_strconcat ("https://x.com/", handle, NULL);
      aura_harvest_sink_add_href (sink, url, lower, FALSE);
    }
}

static void
read_anchor (AuraHarvestSink *sink, xmlNode *anchor)
{
  gboolean frame = name_is (anchor, "iframe") || name_is (anchor, "frame");
  g_autofree char *href = get_attr (anchor, frame ? "src" : "href");
  g_autofree char *text = NULL;
  const char *protection;

  if (href == NULL)
    return;
  /* Cloudflare's protected address: /cdn-cgi/l/email-protection#HEX. */
  protection = strstr (href, "/cdn-cgi/l/email-protection#");
  if (protection != NULL)
    {
      aura_harvest_add_cloudflare_email (sink,
                                         protection + strlen ("/cdn-cgi/l/email-protection#"));
      return;
    }
  text = frame ? NULL : bounded_text (anchor);
  aura_harvest_sink_add_href (sink, href, text, TRUE);
}

static void
read_script (AuraHarvestSink *sink, xmlNode *script)
{
  g_autofree char *type = get_attr (script, "type");
  xmlChar *content;
  gsize len;

  if (xmlHasProp (script, BAD_CAST "src") != NULL)
    return;
  content = xmlNodeGetContent (script);
  if (content == NULL)
    return;
  len = strlen ((const char *)content);
  if (type != NULL && g_ascii_strncasecmp (g_strstrip (type), "application/ld+json", 19) == 0)
    aura_harvest_read_json_ld (sink, (const char *)content, len);
  else
    aura_harvest_scan_emails (sink, (const char *)content, len, "script");
  xmlFree (content);
}

/* ---- JSON-LD ------------------------------------------------------------- */

static void read_json_node (AuraHarvestSink *sink, JsonNode *node, guint depth, guint *budget);

static void
read_json_member (
    AuraHarvestSink *sink, const char *name, JsonNode *value, guint depth, guint *budget)
{
  const char *text =
      JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING
          ? json_node_get_string (value)
          : NULL;

  if (text != NULL && strcmp (name, "email") == 0)
    {
      g_autofree char *evidence = g_strdup_printf ("\"email\": \"%s\"", text);
      aura_harvest_sink_add_email (sink,
                                   g_ascii_strncasecmp (text, "mailto:", 7) == 0 ? text + 7 : text,
                                   "json-ld", evidence);
    }
  else if (text != NULL && (strcmp (name, "telephone") == 0 || strcmp (name, "faxNumber") == 0))
    {
      g_autofree char *evidence = g_strdup_printf ("\"%s\": \"%s\"", name, text);
      aura_harvest_sink_add_phone (sink, text, "json-ld", evidence);
    }
  else if (text != NULL && (strcmp (name, "sameAs") == 0 || strcmp (name, "url") == 0))
    aura_harvest_sink_add_href (sink, text, name, FALSE);
  else
    read_json_node (sink, value, depth + 1, budget);
}

static void
read_json_node (AuraHarvestSink *sink, JsonNode *node, guint depth, guint *budget)
{
  if (node == NULL || depth > 32 || *budget == 0)
    return;
  (*budget)--;
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &name, &value))
        read_json_member (sink, name, value, depth, budget);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array) && *budget > 0; i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          const char *text =
              JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING
                  ? json_node_get_string (element)
                  : NULL;

          /* "sameAs": ["https://…", …] */
          if (text != NULL &&
              (g_str_has_prefix (text, "http://") || g_str_has_prefix (text, "https://")))
            aura_harvest_sink_add_href (sink, text, NULL, FALSE);
          else
            read_json_node (sink, element, depth + 1, budget);
        }
    }
}

/* Nesting deeper than @max, found without parsing (json-glib recurses). */
static gboolean
too_deep (const char *text, gsize len, guint max)
{
  guint depth = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      if (in_string)
        {
          if (text[i] == '\\')
            i++;
          else if (text[i] == '"')
            in_string = FALSE;
        }
      else if (text[i] == '"')
        in_string = TRUE;
      else if ((text[i] == '{' || text[i] == '[') && ++depth > max)
        return TRUE;
      else if ((text[i] == '}' || text[i] == ']') && depth > 0)
        depth--;
    }
  return FALSE;
}

void
aura_harvest_read_json_ld (AuraHarvestSink *sink, const char *text, gsize len)
{
  g_autoptr (JsonParser) parser = NULL;
  guint budget = 20000;

  if (len == 0 || len > MAX_JSON_LD_BYTES || too_deep (text, len, 32) ||
      !g_utf8_validate_len (text, len, NULL))
    return;
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, (gssize)len, NULL))
    return;
  read_json_node (sink, json_parser_get_root (parser), 0, &budget);
}

/* ---- Documents ------------------------------------------------------------ */

static void
init_libxml (void)
{
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      xmlInitParser ();
      g_once_init_leave (&initialised, 1);
    }
}

/* NUL bytes become spaces; a page that is valid UTF-8 is read as UTF-8
 * whatever libxml2 would assume. */
static htmlDocPtr
parse (const char *data, gsize len)
{
  g_autofree char *input = g_malloc (len + 1);
  const char *end = NULL;
  const char *charset = NULL;
  htmlParserCtxtPtr ctxt;
  htmlDocPtr doc;

  memcpy (input, data, len);
  input[len] = '\0';
  for (char *p = memchr (input, '\0', len); p != NULL;
       p = memchr (p, '\0', len - (gsize)(p - input)))
    *p = ' ';
  if (g_utf8_validate_len (input, len, &end) || (gsize)(input + len - end) < 4)
    charset = "UTF-8";
  init_libxml ();
  ctxt = htmlNewParserCtxt ();
  if (ctxt == NULL)
    return NULL;
  doc = htmlCtxtReadMemory (ctxt, input, (int)len, NULL, charset,
                            HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                HTML_PARSE_NONET | HTML_PARSE_COMPACT);
  htmlFreeParserCtxt (ctxt);
  return doc;
}

static void
read_collected (AuraHarvestSink *sink, Collected *c)
{
  if (c->base != NULL)
    {
      g_autofree char *href = get_attr (c->base, "href");
      g_autofree char *base = aura_harvest_sink_resolve (sink, href);

      if (base != NULL)
        {
          g_free (sink->base);
          sink->base = g_steal_pointer (&base);
        }
    }
  for (guint i = 0; i < c->metas->len; i++)
    read_meta (sink, c->metas->pdata[i]);
  for (guint i = 0; i < c->anchors->len; i++)
    read_anchor (sink, c->anchors->pdata[i]);
  for (guint i = 0; i < c->links->len; i++)
    {
      g_autofree char *href = get_attr (c->links->pdata[i], "href");
      aura_harvest_sink_add_href (sink, href, NULL, FALSE);
    }
  for (guint i = 0; i < c->protected_emails->len; i++)
    {
      g_autofree char *hex = get_attr (c->protected_emails->pdata[i], "data-cfemail");
      aura_harvest_add_cloudflare_email (sink, hex);
    }
  for (guint i = 0; i < c->scripts->len; i++)
    read_script (sink, c->scripts->pdata[i]);
  aura_harvest_scan_emails (sink, c->text->str, c->text->len, "text");
  aura_harvest_scan_phones (sink, c->text->str, c->text->len);
}

void
aura_harvest_read_html (AuraHarvestSink *sink, const char *data, gsize len)
{
  htmlDocPtr doc;
  Collected c = { 0 };

  len = MIN (len, (gsize)AURA_HARVEST_MAX_INPUT);
  if (len == 0)
    return;
  doc = parse (data, len);
  if (doc != NULL && xmlDocGetRootElement (doc) != NULL)
    {
      c.anchors = g_ptr_array_new ();
      c.links = g_ptr_array_new ();
      c.metas = g_ptr_array_new ();
      c.scripts = g_ptr_array_new ();
      c.protected_emails = g_ptr_array_new ();
      c.text = g_string_new (NULL);
      c.max_text = len;
      walk ((xmlNode *)doc, &c);
      read_collected (sink, &c);
      g_ptr_array_unref (c.anchors);
      g_ptr_array_unref (c.links);
      g_ptr_array_unref (c.metas);
      g_ptr_array_unref (c.scripts);
      g_ptr_array_unref (c.protected_emails);
      g_string_free (c.text, TRUE);
    }
  if (doc != NULL)
    xmlFreeDoc (doc);
  /* Anywhere in the bytes: scripts, attributes, comments, noscript. */
  aura_harvest_scan_trackers (sink, data, len);
  aura_harvest_scan_hosts (sink, data, len);
}

void
aura_harvest_read_text (AuraHarvestSink *sink, const char *data, gsize len)
{
  g_autofree char *copy = NULL;
  g_autofree char *text = NULL;

  len = MIN (len, (gsize)AURA_HARVEST_MAX_INPUT);
  if (len == 0)
    return;
  /* NUL-free, valid UTF-8, so that the text scanners read it whole. */
  copy = g_malloc (len + 1);
  for (gsize i = 0; i < len; i++)
    copy[i] = (guchar)data[i] < ' ' && data[i] != '\t' ? '\n' : data[i];
  copy[len] = '\0';
  text = g_utf8_make_valid (copy, (gssize)len);
  aura_harvest_scan_emails (sink, text, strlen (text), "text");
  aura_harvest_scan_phones (sink, text, strlen (text));
  aura_harvest_scan_urls (sink, text, strlen (text));
  aura_harvest_scan_trackers (sink, data, len);
  aura_harvest_scan_hosts (sink, data, len);
}

void
aura_harvest_read_sitemap (AuraHarvestSink *sink, const char *data, gsize len)
{
  guint found = 0;

  len = MIN (len, (gsize)AURA_HARVEST_MAX_INPUT);
  for (gsize i = 0; i + 5 < len && found < AURA_HARVEST_MAX_PAGE_LINKS; i++)
    {
      const char *start;
      const char *close;
      g_autofree char *raw = NULL;
      g_auto (GStrv) parts = NULL;
      g_autofree char *url = NULL;

      if (data[i] != '<' || g_ascii_strncasecmp (data + i, "<loc>", 5) != 0)
        continue;
      start = data + i + 5;
      close = g_strstr_len (start, (gssize)MIN (len - i - 5, 4096), "</");
      if (close == NULL)
        continue;
      raw = g_strndup (start, (gsize)(close - start));
      /* The one entity a URL in XML needs. */
      parts = g_strsplit (g_strstrip (raw), "&amp;", -1);
      url = g_strjoinv ("&", parts);
      aura_harvest_sink_add_href (sink, url, NULL, TRUE);
      found++;
      i = (gsize)(close - data);
    }
  aura_harvest_scan_hosts (sink, data, len);
}

/* ---- Public -------------------------------------------------------------- */

static GPtrArray *
harvest (const char *data,
         gsize len,
         const char *base_url,
         const char *domain,
         void (*read) (AuraHarvestSink *, const char *, gsize))
{
  AuraHarvestSink sink;
  GPtrArray *findings;

  aura_harvest_sink_init (&sink, base_url, domain);
  read (&sink, data, len);
  findings = g_ptr_array_ref (sink.findings);
  aura_harvest_sink_clear (&sink);
  return findings;
}

GPtrArray *
aura_harvest_page (const char *html, gsize len, const char *base_url, const char *domain)
{
  g_return_val_if_fail (html != NULL || len == 0, NULL);
  return harvest (html, len, base_url, domain, aura_harvest_read_html);
}

GPtrArray *
aura_harvest_text (const char *text, gsize len, const char *base_url, const char *domain)
{
  g_return_val_if_fail (text != NULL || len == 0, NULL);
  return harvest (text, len, base_url, domain, aura_harvest_read_text);
}
