/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-web"
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <libxml/HTMLparser.h>
#include <libxml/encoding.h>
#include <libxml/parser.h>
#include <string.h>

#include "aura-page-extract-private.h"

/* Profile page extraction: libxml2's HTML parser builds the tree (no
 * network, no external entities, recovering from any markup), one
 * iterative walk collects the elements that matter and the visible text,
 * and each is read in turn into an AuraPageBuilder. */

static const char *const source_names[] = {
  [AURA_PAGE_SOURCE_TITLE] = "title",     [AURA_PAGE_SOURCE_OG] = "og",
  [AURA_PAGE_SOURCE_TWITTER] = "twitter", [AURA_PAGE_SOURCE_META] = "meta",
  [AURA_PAGE_SOURCE_REL_ME] = "rel-me",   [AURA_PAGE_SOURCE_LINK] = "link",
  [AURA_PAGE_SOURCE_JSON_LD] = "json-ld", [AURA_PAGE_SOURCE_EMBEDDED_JSON] = "embedded-json",
  [AURA_PAGE_SOURCE_TEXT] = "text",
};

const char *
aura_page_source_to_string (AuraPageSource source)
{
  g_return_val_if_fail (source <= AURA_PAGE_SOURCE_TEXT, NULL);
  return source_names[source];
}

/* ------------------------------------------------------------------------ */
/* AuraPageInfo                                                              */

static void
value_free (gpointer data)
{
  AuraPageValue *value = data;

  if (value == NULL)
    return;
  g_free (value->value);
  g_free (value->field);
  g_free (value);
}

static gpointer
value_copy (gconstpointer data, gpointer user_data)
{
  const AuraPageValue *value = data;
  AuraPageValue *copy;

  if (value == NULL)
    return NULL;
  copy = g_new0 (AuraPageValue, 1);
  copy->value = g_strdup (value->value);
  copy->source = value->source;
  copy->field = g_strdup (value->field);
  return copy;
}

static void
link_free (gpointer data)
{
  AuraPageLink *link = data;

  g_free (link->url);
  g_free (link->text);
  g_free (link);
}

static gpointer
link_copy (gconstpointer data, gpointer user_data)
{
  const AuraPageLink *link = data;
  AuraPageLink *copy = g_new0 (AuraPageLink, 1);

  copy->url = g_strdup (link->url);
  copy->text = g_strdup (link->text);
  copy->rel_me = link->rel_me;
  copy->source = link->source;
  return copy;
}

static void
handle_free (gpointer data)
{
  AuraPageHandle *handle = data;

  g_free (handle->platform);
  g_free (handle->handle);
  g_free (handle->service);
  g_free (handle->url);
  g_free (handle);
}

static gpointer
handle_copy (gconstpointer data, gpointer user_data)
{
  const AuraPageHandle *handle = data;
  AuraPageHandle *copy = g_new0 (AuraPageHandle, 1);

  copy->platform = g_strdup (handle->platform);
  copy->handle = g_strdup (handle->handle);
  copy->service = g_strdup (handle->service);
  copy->url = g_strdup (handle->url);
  copy->rel_me = handle->rel_me;
  copy->source = handle->source;
  return copy;
}

static void
fact_free (gpointer data)
{
  AuraPageFact *fact = data;

  g_free (fact->name);
  g_free (fact->value);
  g_free (fact->field);
  g_free (fact);
}

static gpointer
fact_copy (gconstpointer data, gpointer user_data)
{
  const AuraPageFact *fact = data;
  AuraPageFact *copy = g_new0 (AuraPageFact, 1);

  copy->name = g_strdup (fact->name);
  copy->value = g_strdup (fact->value);
  copy->source = fact->source;
  copy->field = g_strdup (fact->field);
  return copy;
}

static AuraPageInfo *
page_info_new (const char *page_url)
{
  AuraPageInfo *info = g_new0 (AuraPageInfo, 1);

  info->page_url = g_strdup (page_url);
  info->alternate_names = g_ptr_array_new_with_free_func (value_free);
  info->links = g_ptr_array_new_with_free_func (link_free);
  info->emails = g_ptr_array_new_with_free_func (value_free);
  info->phones = g_ptr_array_new_with_free_func (value_free);
  info->handles = g_ptr_array_new_with_free_func (handle_free);
  info->locations = g_ptr_array_new_with_free_func (value_free);
  info->organisations = g_ptr_array_new_with_free_func (value_free);
  info->facts = g_ptr_array_new_with_free_func (fact_free);
  return info;
}

/**
 * aura_page_info_free:
 * @info: (nullable): an info
 *
 * Frees @info and everything in it.
 */
void
aura_page_info_free (AuraPageInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->page_url);
  value_free (info->title);
  value_free (info->display_name);
  value_free (info->username);
  value_free (info->description);
  value_free (info->image);
  value_free (info->canonical_url);
  value_free (info->site_name);
  g_ptr_array_unref (info->alternate_names);
  g_ptr_array_unref (info->links);
  g_ptr_array_unref (info->emails);
  g_ptr_array_unref (info->phones);
  g_ptr_array_unref (info->handles);
  g_ptr_array_unref (info->locations);
  g_ptr_array_unref (info->organisations);
  g_ptr_array_unref (info->facts);
  g_free (info);
}

static GPtrArray *
copy_array (GPtrArray *array, GCopyFunc copy, GDestroyNotify free_func)
{
  GPtrArray *out = g_ptr_array_copy (array, copy, NULL);

  g_ptr_array_set_free_func (out, free_func);
  return out;
}

/**
 * aura_page_info_copy:
 * @info: an info
 *
 * Returns: (transfer full): a deep copy of @info
 */
AuraPageInfo *
aura_page_info_copy (const AuraPageInfo *info)
{
  AuraPageInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_new0 (AuraPageInfo, 1);
  copy->page_url = g_strdup (info->page_url);
  copy->title = value_copy (info->title, NULL);
  copy->display_name = value_copy (info->display_name, NULL);
  copy->username = value_copy (info->username, NULL);
  copy->description = value_copy (info->description, NULL);
  copy->image = value_copy (info->image, NULL);
  copy->canonical_url = value_copy (info->canonical_url, NULL);
  copy->site_name = value_copy (info->site_name, NULL);
  copy->alternate_names = copy_array (info->alternate_names, value_copy, value_free);
  copy->links = copy_array (info->links, link_copy, link_free);
  copy->emails = copy_array (info->emails, value_copy, value_free);
  copy->phones = copy_array (info->phones, value_copy, value_free);
  copy->handles = copy_array (info->handles, handle_copy, handle_free);
  copy->locations = copy_array (info->locations, value_copy, value_free);
  copy->organisations = copy_array (info->organisations, value_copy, value_free);
  copy->facts = copy_array (info->facts, fact_copy, fact_free);
  copy->truncated = info->truncated;
  return copy;
}

G_DEFINE_BOXED_TYPE (AuraPageInfo, aura_page_info, aura_page_info_copy, aura_page_info_free)

/* ------------------------------------------------------------------------ */
/* Collecting the elements                                                   */

/* Elements read past these counts are ignored, so that a page of 400,000
 * anchors costs no more than one of 2,000. */
#define MAX_ANCHORS 2000
#define MAX_METAS 1000
#define MAX_SCRIPTS 200

typedef struct
{
  xmlNode *title;
  xmlNode *base;
  GPtrArray *metas;
  GPtrArray *links;
  GPtrArray *anchors;
  GPtrArray *scripts;
  GString *text;
  gsize max_text;
} Collected;

static gboolean
name_is (const xmlNode *node, const char *name)
{
  return node->name != NULL && g_ascii_strcasecmp ((const char *)node->name, name) == 0;
}

/* Inline elements do not separate words in the visible text; every other
 * element does. */
static gboolean
is_inline (const xmlNode *node)
{
  static const char *const names[] = { "a",    "abbr", "b",     "bdi",  "bdo",    "cite",
                                       "code", "data", "em",    "font", "i",      "mark",
                                       "q",    "s",    "small", "span", "strong", "sub",
                                       "sup",  "time", "u",     "wbr" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (name_is (node, names[i]))
      return TRUE;
  return FALSE;
}

static void
text_break (Collected *c)
{
  if (c->text->len > 0 && c->text->str[c->text->len - 1] != ' ' && c->text->len < c->max_text)
    g_string_append_c (c->text, ' ');
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
  if (name_is (node, "title"))
    {
      if (c->title == NULL)
        c->title = node;
      return FALSE;
    }
  if (name_is (node, "base") && c->base == NULL && xmlHasProp (node, BAD_CAST "href") != NULL)
    c->base = node;
  else if (name_is (node, "meta"))
    add_limited (c->metas, node, MAX_METAS);
  else if (name_is (node, "link"))
    add_limited (c->links, node, MAX_METAS);
  else if (name_is (node, "a") || name_is (node, "area"))
    add_limited (c->anchors, node, MAX_ANCHORS);
  else if (name_is (node, "script"))
    {
      add_limited (c->scripts, node, MAX_SCRIPTS);
      return FALSE;
    }
  return !name_is (node, "style") && !name_is (node, "template") && !name_is (node, "svg");
}

/* Walks the whole tree without recursion (libxml2 stops nesting at 256
 * levels, but a loop needs no stack at all). */
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

static char *
get_attr (xmlNode *node, const char *name)
{
  xmlChar *value = xmlGetProp (node, BAD_CAST name);
  char *copy = value != NULL ? g_strdup ((const char *)value) : NULL;

  xmlFree (value);
  return copy;
}

/* Does the space-separated attribute @name of @node hold @token? */
static gboolean
has_token (xmlNode *node, const char *name, const char *token)
{
  g_autofree char *value = get_attr (node, name);
  g_auto (GStrv) tokens = NULL;

  if (value == NULL)
    return FALSE;
  tokens = g_strsplit_set (value, " \t\r\n\f", 32);
  for (guint i = 0; tokens[i] != NULL; i++)
    if (g_ascii_strcasecmp (tokens[i], token) == 0)
      return TRUE;
  return FALSE;
}

/* The first 256 bytes of an element's text, visiting at most 64 nodes. */
char *
aura_page_bounded_text (xmlNode *element, gsize max)
{
  g_autoptr (GString) text = g_string_new (NULL);
  xmlNode *node = element->children;
  guint visited = 0;

  while (node != NULL && visited++ < 64 && text->len < max)
    {
      if (node->type == XML_TEXT_NODE && node->content != NULL)
        g_string_append_len (text, (const char *)node->content,
                             (gssize)MIN (strlen ((const char *)node->content), max));
      if (node->type == XML_ELEMENT_NODE && node->children != NULL)
        {
          node = node->children;
          continue;
        }
      while (node != NULL && node->next == NULL)
        {
          node = node->parent;
          if (node == element)
            node = NULL;
        }
      if (node != NULL)
        node = node->next;
    }
  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

/* Inside the site's navigation or footer: links there are the site's,
 * not the person's. */
static gboolean
in_site_chrome (xmlNode *node)
{
  for (xmlNode *p = node->parent; p != NULL && p->type == XML_ELEMENT_NODE; p = p->parent)
    if (name_is (p, "nav") || name_is (p, "footer") || has_token (p, "role", "navigation") ||
        has_token (p, "role", "contentinfo"))
      return TRUE;
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* Reading the elements                                                      */

typedef struct
{
  const char *name;
  AuraPageSlot slot;
  AuraPageRank rank;
  AuraPageSource source;
  gboolean url;
} MetaRule;

static const MetaRule meta_rules[] = {
  { "og:title", AURA_PAGE_SLOT_TITLE, AURA_PAGE_RANK_OG, AURA_PAGE_SOURCE_OG, FALSE },
  { "twitter:title", AURA_PAGE_SLOT_TITLE, AURA_PAGE_RANK_TWITTER, AURA_PAGE_SOURCE_TWITTER,
    FALSE },
  { "og:description", AURA_PAGE_SLOT_DESCRIPTION, AURA_PAGE_RANK_OG, AURA_PAGE_SOURCE_OG, FALSE },
  { "twitter:description", AURA_PAGE_SLOT_DESCRIPTION, AURA_PAGE_RANK_TWITTER,
    AURA_PAGE_SOURCE_TWITTER, FALSE },
  { "description", AURA_PAGE_SLOT_DESCRIPTION, AURA_PAGE_RANK_META, AURA_PAGE_SOURCE_META, FALSE },
  { "og:image", AURA_PAGE_SLOT_IMAGE, AURA_PAGE_RANK_OG, AURA_PAGE_SOURCE_OG, TRUE },
  { "og:image:secure_url", AURA_PAGE_SLOT_IMAGE, AURA_PAGE_RANK_OG, AURA_PAGE_SOURCE_OG, TRUE },
  { "og:image:url", AURA_PAGE_SLOT_IMAGE, AURA_PAGE_RANK_OG, AURA_PAGE_SOURCE_OG, TRUE },
  { "twitter:image", AURA_PAGE_SLOT_IMAGE, AURA_PAGE_RANK_TWITTER, AURA_PAGE_SOURCE_TWITTER, TRUE },
  { "twitter:image:src", AURA_PAGE_SLOT_IMAGE, AURA_PAGE_RANK_TWITTER, AURA_PAGE_SOURCE_TWITTER,
    TRUE },
  { "og:url", AURA_PAGE_SLOT_CANONICAL_URL, AURA_PAGE_RANK_OG, AURA_PAGE_SOURCE_OG, TRUE },
  { "og:site_name", AURA_PAGE_SLOT_SITE_NAME, AURA_PAGE_RANK_OG, AURA_PAGE_SOURCE_OG, FALSE },
  { "application-name", AURA_PAGE_SLOT_SITE_NAME, AURA_PAGE_RANK_META, AURA_PAGE_SOURCE_META,
    FALSE },
  { "profile:username", AURA_PAGE_SLOT_USERNAME, AURA_PAGE_RANK_OG, AURA_PAGE_SOURCE_OG, FALSE },
  { "author", AURA_PAGE_SLOT_DISPLAY_NAME, AURA_PAGE_RANK_META, AURA_PAGE_SOURCE_META, FALSE },
};

/* <meta property=…> (Open Graph), name=… (Twitter cards, standard) or
 * itemprop=…, lower case. */
static char *
meta_name (xmlNode *meta)
{
  static const char *const attributes[] = { "property", "name", "itemprop" };

  for (guint i = 0; i < G_N_ELEMENTS (attributes); i++)
    {
      g_autofree char *name = get_attr (meta, attributes[i]);

      if (name != NULL && *name != '\0')
        return g_ascii_strdown (g_strstrip (name), -1);
    }
  return NULL;
}

static void
read_metas (AuraPageBuilder *b, GPtrArray *metas)
{
  g_autofree char *first_name = NULL;
  g_autofree char *last_name = NULL;
  g_autofree char *creator = NULL;

  for (guint i = 0; i < metas->len; i++)
    {
      g_autofree char *name = meta_name (metas->pdata[i]);
      g_autofree char *content = get_attr (metas->pdata[i], "content");

      if (name == NULL || content == NULL)
        continue;
      for (guint r = 0; r < G_N_ELEMENTS (meta_rules); r++)
        if (strcmp (name, meta_rules[r].name) == 0)
          {
            const MetaRule *rule = &meta_rules[r];

            if (rule->url)
              aura_page_builder_set_url (b, rule->slot, rule->rank, content, rule->source, name);
            else
              aura_page_builder_set (b, rule->slot, rule->rank, content, rule->source, name);
          }
      if (strcmp (name, "profile:first_name") == 0 && first_name == NULL)
        first_name = g_steal_pointer (&content);
      else if (strcmp (name, "profile:last_name") == 0 && last_name == NULL)
        last_name = g_steal_pointer (&content);
      else if (strcmp (name, "twitter:creator") == 0 && creator == NULL)
        creator = g_steal_pointer (&content);
      else if (strcmp (name, "twitter:site") == 0 && b->twitter_site == NULL)
        b->twitter_site = g_strdup (g_strstrip (content)[0] == '@' ? content + 1 : content);
    }
  if (first_name != NULL)
    {
      g_autofree char *full = g_strjoin (" ", first_name, last_name, NULL);

      aura_page_builder_set (b, AURA_PAGE_SLOT_DISPLAY_NAME, AURA_PAGE_RANK_OG, full,
                             AURA_PAGE_SOURCE_OG, "profile:first_name profile:last_name");
    }
  if (creator != NULL)
    aura_page_builder_add_handle (b, "twitter", creator, AURA_PAGE_SOURCE_TWITTER);
}

static void
read_links (AuraPageBuilder *b, GPtrArray *links)
{
  for (guint i = 0; i < links->len; i++)
    {
      xmlNode *link = links->pdata[i];
      g_autofree char *href = get_attr (link, "href");

      if (href == NULL)
        continue;
      if (has_token (link, "rel", "me"))
        aura_page_builder_add_href (b, href, NULL, TRUE, AURA_PAGE_SOURCE_REL_ME);
      if (has_token (link, "rel", "canonical"))
        aura_page_builder_set_url (b, AURA_PAGE_SLOT_CANONICAL_URL, AURA_PAGE_RANK_REL, href,
                                   AURA_PAGE_SOURCE_LINK, "rel=canonical");
      if (has_token (link, "rel", "author"))
        aura_page_builder_add_href (b, href, NULL, FALSE, AURA_PAGE_SOURCE_LINK);
    }
}

static void
read_anchors (AuraPageBuilder *b, GPtrArray *anchors)
{
  for (guint i = 0; i < anchors->len; i++)
    {
      xmlNode *anchor = anchors->pdata[i];
      g_autofree char *href = get_attr (anchor, "href");
      g_autofree char *text = NULL;
      gboolean rel_me;

      if (href == NULL)
        continue;
      rel_me = has_token (anchor, "rel", "me");
      if (!rel_me && in_site_chrome (anchor))
        continue;
      text = aura_page_bounded_text (anchor, 256);
      aura_page_builder_add_href (b, href, text, rel_me,
                                  rel_me ? AURA_PAGE_SOURCE_REL_ME : AURA_PAGE_SOURCE_LINK);
    }
}

static void
read_scripts (AuraPageBuilder *b, GPtrArray *scripts)
{
  for (guint i = 0; i < scripts->len; i++)
    {
      xmlNode *script = scripts->pdata[i];
      g_autofree char *type = get_attr (script, "type");
      g_autofree char *id = get_attr (script, "id");
      xmlChar *content = NULL;
      gsize len;

      if (type != NULL)
        {
          type[strcspn (type, ";")] = '\0';
          g_strstrip (type);
        }
      if (xmlHasProp (script, BAD_CAST "src") != NULL)
        continue;
      content = xmlNodeGetContent (script);
      if (content == NULL)
        continue;
      len = strlen ((const char *)content);
      if (type != NULL && g_ascii_strcasecmp (type, "application/ld+json") == 0)
        aura_page_read_json_ld (b, (const char *)content, len);
      else if ((type != NULL && g_ascii_strcasecmp (type, "application/json") == 0) ||
               g_strcmp0 (id, "__NEXT_DATA__") == 0)
        aura_page_read_embedded_json (b, (const char *)content, len,
                                      id != NULL ? id : "application/json");
      else if (type == NULL || *type == '\0' || g_ascii_strcasecmp (type, "text/javascript") == 0 ||
               g_ascii_strcasecmp (type, "application/javascript") == 0 ||
               g_ascii_strcasecmp (type, "module") == 0)
        aura_page_read_script_state (b, (const char *)content, len);
      xmlFree (content);
    }
}

/* ------------------------------------------------------------------------ */
/* Parsing                                                                   */

static void
init_libxml (void)
{
  static gsize initialised = 0;

  /* xmlInitParser() must run once before threads use the parser. */
  if (g_once_init_enter (&initialised))
    {
      xmlInitParser ();
      g_once_init_leave (&initialised, 1);
    }
}

/* The charset parameter of a Content-Type, when libxml2 has a converter
 * for it; otherwise the page's own declaration (or sniffing) decides. */
static char *
content_type_charset (const char *content_type)
{
  const char *p = content_type != NULL ? strchr (content_type, ';') : NULL;

  while (p != NULL)
    {
      g_autofree char *param = NULL;
      const char *next = strchr (p + 1, ';');
      char *value;

      param = next != NULL ? g_strndup (p + 1, (gsize)(next - p - 1)) : g_strdup (p + 1);
      g_strstrip (param);
      if (g_ascii_strncasecmp (param, "charset=", 8) == 0)
        {
          xmlCharEncodingHandlerPtr handler;

          value = g_strstrip (param + 8);
          if (*value == '"')
            value++;
          value[strcspn (value, "\"")] = '\0';
          handler = *value != '\0' ? xmlFindCharEncodingHandler (value) : NULL;
          if (handler == NULL)
            return NULL;
          xmlCharEncCloseFunc (handler);
          return g_strdup (value);
        }
      p = next;
    }
  return NULL;
}

typedef enum
{
  BODY_HTML,
  BODY_JSON,
  BODY_JSON_LD,
  BODY_UNSUPPORTED,
} BodyKind;

static BodyKind
body_kind (const char *content_type)
{
  g_autofree char *media = NULL;

  if (content_type == NULL)
    return BODY_HTML;
  media = g_ascii_strdown (content_type, (gssize)strcspn (content_type, ";"));
  g_strstrip (media);
  if (*media == '\0' || g_str_has_prefix (media, "text/") ||
      strcmp (media, "application/xhtml+xml") == 0)
    return BODY_HTML;
  if (strcmp (media, "application/ld+json") == 0)
    return BODY_JSON_LD;
  if (strcmp (media, "application/json") == 0 || g_str_has_suffix (media, "+json"))
    return BODY_JSON;
  return BODY_UNSUPPORTED;
}

/* A copy of the bytes to parse with NUL bytes turned into spaces, unless
 * the page is UTF-16 (where NUL bytes are half of every ASCII letter). */
static char *
prepare_input (const char *data, gsize len)
{
  gboolean utf16 = len >= 2 && (((guchar)data[0] == 0xFF && (guchar)data[1] == 0xFE) ||
                                ((guchar)data[0] == 0xFE && (guchar)data[1] == 0xFF));
  char *copy = g_malloc (len + 1);

  memcpy (copy, data, len);
  copy[len] = '\0';
  if (!utf16)
    for (char *p = memchr (copy, '\0', len); p != NULL; p = memchr (p, '\0', len - (p - copy)))
      *p = ' ';
  return copy;
}

/* libxml2 reads a page that declares no charset as ISO-8859-1. Most pages
 * today are UTF-8 without saying so: when the page mentions no charset
 * near its start and its bytes are valid UTF-8 (a character cut at the
 * end aside), it is read as UTF-8. */
static char *
sniff_charset (const char *input, gsize len)
{
  gsize head = MIN (len, 4096);
  const char *end = NULL;

  for (gsize i = 0; i + 7 <= head; i++)
    if (g_ascii_strncasecmp (input + i, "charset", 7) == 0)
      return NULL;
  if (len >= 2 && ((guchar)input[0] == 0xFF || (guchar)input[0] == 0xFE))
    return NULL;
  if (g_utf8_validate_len (input, len, &end) || (gsize)(input + len - end) < 4)
    return g_strdup ("UTF-8");
  return NULL;
}

static gboolean
read_html (
    AuraPageBuilder *b, const char *data, gsize len, const char *content_type, GError **error)
{
  g_autofree char *input = prepare_input (data, len);
  g_autofree char *charset = content_type_charset (content_type);
  htmlParserCtxtPtr ctxt = NULL;
  htmlDocPtr doc = NULL;
  xmlNode *root;
  Collected c = { 0 };

  if (charset == NULL)
    charset = sniff_charset (input, len);
  init_libxml ();
  ctxt = htmlNewParserCtxt ();
  if (ctxt == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _ ("The HTML parser could not start; the system may be out of memory"));
      return FALSE;
    }
  doc = htmlCtxtReadMemory (ctxt, input, (int)len, b->base, charset,
                            HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                HTML_PARSE_NONET | HTML_PARSE_COMPACT);
  htmlFreeParserCtxt (ctxt);
  if (doc == NULL || (root = xmlDocGetRootElement (doc)) == NULL)
    {
      if (doc != NULL)
        xmlFreeDoc (doc);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _ ("The page holds nothing that reads as HTML"));
      return FALSE;
    }
  c.metas = g_ptr_array_new ();
  c.links = g_ptr_array_new ();
  c.anchors = g_ptr_array_new ();
  c.scripts = g_ptr_array_new ();
  c.text = g_string_new (NULL);
  c.max_text = b->limits.max_bytes;
  walk ((xmlNode *)doc, &c);

  if (c.base != NULL)
    {
      g_autofree char *href = get_attr (c.base, "href");
      aura_page_builder_set_base (b, href);
    }
  if (c.title != NULL)
    {
      g_autofree char *title = aura_page_bounded_text (c.title, 256);
      aura_page_builder_set (b, AURA_PAGE_SLOT_TITLE, AURA_PAGE_RANK_TITLE, title,
                             AURA_PAGE_SOURCE_TITLE, "title");
    }
  read_metas (b, c.metas);
  read_scripts (b, c.scripts);
  read_links (b, c.links);
  read_anchors (b, c.anchors);
  aura_page_scan_text_emails (b, c.text->str, c.text->len);

  g_ptr_array_unref (c.metas);
  g_ptr_array_unref (c.links);
  g_ptr_array_unref (c.anchors);
  g_ptr_array_unref (c.scripts);
  g_string_free (c.text, TRUE);
  xmlFreeDoc (doc);
  return TRUE;
}

AuraPageInfo *
aura_page_extract_full (const char *data,
                        gsize len,
                        const char *content_type,
                        const char *page_url,
                        const AuraPageLimits *limits,
                        GError **error)
{
  g_autoptr (AuraPageInfo) info = NULL;
  AuraPageBuilder b;
  BodyKind kind = body_kind (content_type);
  gboolean ok = TRUE;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (kind == BODY_UNSUPPORTED)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _ ("The response is “%s”, not a web page; profile details are read from "
                      "HTML and JSON only"),
                   content_type);
      return NULL;
    }
  if (len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _ ("The page is empty; there is nothing to read"));
      return NULL;
    }
  info = page_info_new (page_url);
  aura_page_builder_init (&b, info, limits, page_url);
  if (len > b.limits.max_bytes || len > G_MAXINT)
    {
      len = MIN (b.limits.max_bytes, (gsize)G_MAXINT);
      info->truncated = TRUE;
    }
  if (kind == BODY_HTML)
    ok = read_html (&b, data, len, content_type, error);
  else if (kind == BODY_JSON_LD)
    aura_page_read_json_ld (&b, data, len);
  else
    aura_page_read_embedded_json (&b, data, len, "body");
  aura_page_builder_clear (&b);
  return ok ? g_steal_pointer (&info) : NULL;
}

AuraPageInfo *
aura_page_extract (
    const char *data, gsize len, const char *content_type, const char *page_url, GError **error)
{
  return aura_page_extract_full (data, len, content_type, page_url, NULL, error);
}
