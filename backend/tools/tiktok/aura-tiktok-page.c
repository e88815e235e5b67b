/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-tiktok"
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <string.h>

#include "aura-tiktok-private.h"

/* The profile page parser. libxml2's HTML parser runs in SAX mode and
 * builds no tree: it hands over the text of the three scripts that carry
 * the data, the title and the start of the visible text, so that a 20 MB
 * page costs a pass over its bytes and memory for what is kept. */

#define DEFAULT_MAX_PAGE (32 * 1024 * 1024)
#define DEFAULT_MAX_JSON (8 * 1024 * 1024)
#define DEFAULT_MAX_DEPTH 64
#define DEFAULT_MAX_VALUES 500000
#define MAX_TITLE 1024
#define MAX_TEXT (64 * 1024)

/* The embedded blocks, in the order they are preferred. */
static const char *const block_ids[] = {
  "__UNIVERSAL_DATA_FOR_REHYDRATION__",
  "SIGI_STATE",
  "__NEXT_DATA__",
};
#define N_BLOCKS G_N_ELEMENTS (block_ids)

typedef struct
{
  AuraTikTokPageLimits limits;
  GString *blocks[N_BLOCKS];
  gboolean truncated[N_BLOCKS];
  int capture; /* block being read, -1 none, -2 another script */
  guint skip;  /* inside <style>, <noscript>, <template> */
  gboolean in_title;
  GString *title;
  GString *text;
  gboolean captcha_marker; /* an element named for a CAPTCHA */
  gboolean login_marker;   /* an element named for a login form */
} Sax;

static gboolean
name_is (const xmlChar *name, const char *expected)
{
  return name != NULL && g_ascii_strcasecmp ((const char *)name, expected) == 0;
}

static const char *
attribute (const xmlChar **atts, const char *name)
{
  for (guint i = 0; atts != NULL && atts[i] != NULL; i += 2)
    if (name_is (atts[i], name))
      return atts[i + 1] != NULL ? (const char *)atts[i + 1] : "";
  return NULL;
}

/* Does @haystack hold @needle (lower case), ignoring ASCII case? Looks at
 * the first 256 bytes only, and allocates nothing: it runs for every
 * element with an id or a class. */
static gboolean
contains_folded (const char *haystack, const char *needle)
{
  gsize n = strlen (needle);

  if (haystack == NULL)
    return FALSE;
  for (gsize i = 0; i < 256 && haystack[i] != '\0'; i++)
    {
      gsize j = 0;

      while (j < n && haystack[i + j] != '\0' && g_ascii_tolower (haystack[i + j]) == needle[j])
        j++;
      if (j == n)
        return TRUE;
    }
  return FALSE;
}

/* Elements whose id or class name a CAPTCHA or a login form. */
static void
check_markers (Sax *sax, const xmlChar **atts)
{
  static const char *const names[] = { "id", "class" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *value = attribute (atts, names[i]);

      if (contains_folded (value, "captcha") || contains_folded (value, "verify-bar"))
        sax->captcha_marker = TRUE;
      if (contains_folded (value, "login-modal") || contains_folded (value, "logincontainer"))
        sax->login_marker = TRUE;
    }
}

static void
start_element_cb (void *data, const xmlChar *name, const xmlChar **atts)
{
  Sax *sax = data;

  check_markers (sax, atts);
  if (name_is (name, "script"))
    {
      const char *id = attribute (atts, "id");

      sax->capture = -2;
      for (guint i = 0; id != NULL && i < N_BLOCKS; i++)
        if (strcmp (id, block_ids[i]) == 0 && sax->blocks[i] == NULL)
          {
            sax->blocks[i] = g_string_new (NULL);
            sax->capture = (int)i;
          }
    }
  else if (name_is (name, "title"))
    sax->in_title = TRUE;
  else if (name_is (name, "style") || name_is (name, "noscript") || name_is (name, "template"))
    sax->skip++;
}

static void
end_element_cb (void *data, const xmlChar *name)
{
  Sax *sax = data;

  if (name_is (name, "script"))
    sax->capture = -1;
  else if (name_is (name, "title"))
    sax->in_title = FALSE;
  else if ((name_is (name, "style") || name_is (name, "noscript") || name_is (name, "template")) &&
           sax->skip > 0)
    sax->skip--;
  else if (sax->text->len < MAX_TEXT)
    g_string_append_c (sax->text, ' ');
}

static void
append_bounded (GString *string, const xmlChar *chars, int len, gsize max, gboolean *truncated)
{
  gsize room = string->len < max ? max - string->len : 0;

  if ((gsize)len > room && truncated != NULL)
    *truncated = TRUE;
  g_string_append_len (string, (const char *)chars, (gssize)MIN ((gsize)len, room));
}

static void
characters_cb (void *data, const xmlChar *chars, int len)
{
  Sax *sax = data;

  if (len <= 0)
    return;
  if (sax->capture >= 0)
    append_bounded (sax->blocks[sax->capture], chars, len, sax->limits.max_json_bytes,
                    &sax->truncated[sax->capture]);
  else if (sax->capture == -2 || sax->skip > 0)
    return;
  else if (sax->in_title)
    append_bounded (sax->title, chars, len, MAX_TITLE, NULL);
  else
    append_bounded (sax->text, chars, len, MAX_TEXT, NULL);
}

static void
run_sax (Sax *sax, const char *data, gsize len)
{
  htmlParserCtxtPtr ctxt = htmlCreateMemoryParserCtxt (data, (int)len);

  if (ctxt == NULL)
    return;
  /* Only these callbacks: no tree is built. */
  memset (ctxt->sax, 0, sizeof *ctxt->sax);
  ctxt->sax->startElement = start_element_cb;
  ctxt->sax->endElement = end_element_cb;
  ctxt->sax->characters = characters_cb;
  ctxt->sax->cdataBlock = characters_cb;
  ctxt->sax->ignorableWhitespace = characters_cb;
  ctxt->userData = sax;
  htmlCtxtUseOptions (ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                HTML_PARSE_NONET | HTML_PARSE_NOBLANKS);
  /* TikTok serves UTF-8; libxml2 would assume ISO-8859-1 otherwise. */
  xmlSwitchEncoding (ctxt, XML_CHAR_ENCODING_UTF8);
  htmlParseDocument (ctxt);
  htmlFreeParserCtxt (ctxt);
}

static void
sax_clear (Sax *sax)
{
  for (guint i = 0; i < N_BLOCKS; i++)
    if (sax->blocks[i] != NULL)
      g_string_free (sax->blocks[i], TRUE);
  g_string_free (sax->title, TRUE);
  g_string_free (sax->text, TRUE);
}

/* ---- Walls ---------------------------------------------------------------- */

static gboolean
text_has_any (const char *lower, const char *const *phrases)
{
  for (guint i = 0; phrases[i] != NULL; i++)
    if (strstr (lower, phrases[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* A page without the data: a CAPTCHA, a region block or a login wall?
 * FALSE when it looks like none of them. */
static gboolean
detect_wall (Sax *sax, GError **error)
{
  static const char *const captcha[] = {
    "captcha",         "verify to continue",   "security check",
    "drag the slider", "verify you are human", NULL
  };
  static const char *const region[] = {
    "not available in your region",   "not available in your country",
    "isn't available in your region", "isn’t available in your region",
    "unavailable in your region",     NULL
  };
  static const char *const login[] = { "log in to tiktok", "log in to continue", "log in to see",
                                       "sign in to continue", NULL };
  g_autofree char *title = g_ascii_strdown (sax->title->str, (gssize)sax->title->len);
  g_autofree char *text = g_ascii_strdown (sax->text->str, (gssize)sax->text->len);

  if (sax->captcha_marker || text_has_any (title, captcha) || text_has_any (text, captcha))
    {
      g_set_error_literal (error, AURA_TIKTOK_ERROR, AURA_TIKTOK_ERROR_CAPTCHA,
                           _ ("TikTok answered with a CAPTCHA instead of the profile; try again "
                              "later or through another network"));
      return TRUE;
    }
  if (text_has_any (title, region) || text_has_any (text, region))
    {
      g_set_error_literal (error, AURA_TIKTOK_ERROR, AURA_TIKTOK_ERROR_REGION_BLOCKED,
                           _ ("TikTok is not available in the region this request came from; "
                              "use a proxy in another country"));
      return TRUE;
    }
  if (sax->login_marker || g_str_has_prefix (title, "log in") || text_has_any (text, login))
    {
      g_set_error_literal (error, AURA_TIKTOK_ERROR, AURA_TIKTOK_ERROR_LOGIN_WALL,
                           _ ("TikTok asks to log in before showing this profile; Aura reads "
                              "public pages only"));
      return TRUE;
    }
  return FALSE;
}

/* ---- Blocks --------------------------------------------------------------- */

static AuraTikTokProfile *
read_block (const AuraTikTokPageLimits *limits,
            const char *id,
            const char *text,
            gsize len,
            const char *handle,
            GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (GError) local = NULL;
  const char *reason = NULL;

  if (!aura_tiktok_json_within_bounds (text, len, limits->max_json_depth, limits->max_json_values,
                                       &reason))
    {
      g_set_error (error, AURA_TIKTOK_ERROR, AURA_TIKTOK_ERROR_INVALID_DATA,
                   _ ("The profile data in the page (%s) cannot be read: %s"), id, reason);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, text, (gssize)len, &local))
    {
      g_set_error (error, AURA_TIKTOK_ERROR, AURA_TIKTOK_ERROR_INVALID_DATA,
                   _ ("The profile data in the page (%s) is not valid JSON: %s"), id,
                   local->message);
      return NULL;
    }
  return aura_tiktok_profile_from_block (id, json_parser_get_root (parser), handle, error);
}

/* A bare JSON body: which block it is, by its top-level keys. */
static const char *
guess_block (const char *data, gsize len)
{
  gsize head = MIN (len, 4096);
  g_autofree char *start = g_strndup (data, head);

  if (strstr (start, "\"UserModule\"") != NULL || strstr (start, "\"UserPage\"") != NULL)
    return block_ids[1];
  if (strstr (start, "\"props\"") != NULL && strstr (start, "__DEFAULT_SCOPE__") == NULL)
    return block_ids[2];
  return block_ids[0];
}

static void
init_limits (AuraTikTokPageLimits *out, const AuraTikTokPageLimits *limits)
{
  if (limits != NULL)
    *out = *limits;
  else
    memset (out, 0, sizeof *out);
  if (out->max_page_bytes == 0)
    out->max_page_bytes = DEFAULT_MAX_PAGE;
  if (out->max_json_bytes == 0)
    out->max_json_bytes = DEFAULT_MAX_JSON;
  if (out->max_json_depth == 0)
    out->max_json_depth = DEFAULT_MAX_DEPTH;
  if (out->max_json_values == 0)
    out->max_json_values = DEFAULT_MAX_VALUES;
}

static AuraTikTokProfile *
read_blocks (Sax *sax, const char *handle, gboolean cut, GError **error)
{
  g_autoptr (GError) first_error = NULL;

  for (guint i = 0; i < N_BLOCKS; i++)
    {
      g_autoptr (GError) local = NULL;
      AuraTikTokProfile *profile;

      if (sax->blocks[i] == NULL)
        continue;
      if (sax->truncated[i])
        local =
            g_error_new (AURA_TIKTOK_ERROR, AURA_TIKTOK_ERROR_INVALID_DATA,
                         _ ("The profile data in the page (%s) is larger than %lu bytes and was "
                            "not read"),
                         block_ids[i], (unsigned long)sax->limits.max_json_bytes);
      else if ((profile = read_block (&sax->limits, block_ids[i], sax->blocks[i]->str,
                                      sax->blocks[i]->len, handle, &local)) != NULL)
        return profile;
      /* An account that does not exist, or a CAPTCHA, is the answer;
       * unreadable data may be made up for by another block. */
      if (!g_error_matches (local, AURA_TIKTOK_ERROR, AURA_TIKTOK_ERROR_INVALID_DATA) &&
          !g_error_matches (local, AURA_TIKTOK_ERROR, AURA_TIKTOK_ERROR_STRUCTURE_CHANGED))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
      if (first_error == NULL)
        first_error = g_steal_pointer (&local);
    }
  if (detect_wall (sax, error))
    return NULL;
  if (first_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&first_error));
      return NULL;
    }
  if (cut)
    {
      g_set_error (error, AURA_TIKTOK_ERROR, AURA_TIKTOK_ERROR_INVALID_DATA,
                   _ ("The page is larger than %lu bytes and the profile data was not in the "
                      "part read"),
                   (unsigned long)sax->limits.max_page_bytes);
      return NULL;
    }
  g_set_error (error, AURA_TIKTOK_ERROR, AURA_TIKTOK_ERROR_STRUCTURE_CHANGED,
               _ ("TikTok’s page structure has changed: the page has none of the scripts %s, "
                  "%s or %s that carried the profile; the profile cannot be read until Aura is "
                  "updated"),
               block_ids[0], block_ids[1], block_ids[2]);
  return NULL;
}

AuraTikTokProfile *
aura_tiktok_parse_profile_page (const char *data,
                                gsize len,
                                const char *handle,
                                const AuraTikTokPageLimits *limits,
                                GError **error)
{
  Sax sax = { 0 };
  AuraTikTokProfile *profile;
  gsize skip = 0;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  init_limits (&sax.limits, limits);
  while (skip < len && g_ascii_isspace (data[skip]))
    skip++;
  if (skip == len)
    {
      g_set_error_literal (error, AURA_TIKTOK_ERROR, AURA_TIKTOK_ERROR_INVALID_DATA,
                           _ ("The page is empty; there is no profile to read"));
      return NULL;
    }
  if (data[skip] == '{')
    {
      if (len - skip > sax.limits.max_json_bytes)
        {
          g_set_error (error, AURA_TIKTOK_ERROR, AURA_TIKTOK_ERROR_INVALID_DATA,
                       _ ("The profile data is larger than %lu bytes and was not read"),
                       (unsigned long)sax.limits.max_json_bytes);
          return NULL;
        }
      return read_block (&sax.limits, guess_block (data + skip, len - skip), data + skip,
                         len - skip, handle, error);
    }
  sax.capture = -1;
  sax.title = g_string_new (NULL);
  sax.text = g_string_new (NULL);
  run_sax (&sax, data, MIN (len, sax.limits.max_page_bytes));
  profile = read_blocks (&sax, handle, len > sax.limits.max_page_bytes, error);
  sax_clear (&sax);
  return profile;
}
