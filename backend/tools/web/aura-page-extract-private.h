/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <libxml/tree.h>

#include "aura-page-extract.h"

G_BEGIN_DECLS

/* Shared by aura-page-*.c, and by the harvest (tools/harvest) and RDAP
 * (tools/rdap) modules, which reuse the text cleaning and email scanning. */

/* Longest text kept for a name and for a description, in characters. */
#define AURA_PAGE_MAX_NAME_CHARS 256
#define AURA_PAGE_MAX_TEXT_CHARS 4096
#define AURA_PAGE_MAX_URL_BYTES 4096

/* Rank of a candidate for a single value: lower wins. */
typedef enum
{
  AURA_PAGE_RANK_JSON_LD,
  AURA_PAGE_RANK_EMBEDDED,
  AURA_PAGE_RANK_REL,
  AURA_PAGE_RANK_OG,
  AURA_PAGE_RANK_TWITTER,
  AURA_PAGE_RANK_META,
  AURA_PAGE_RANK_TITLE,
  AURA_PAGE_RANK_NONE,
} AuraPageRank;

typedef enum
{
  AURA_PAGE_SLOT_TITLE,
  AURA_PAGE_SLOT_DISPLAY_NAME,
  AURA_PAGE_SLOT_USERNAME,
  AURA_PAGE_SLOT_DESCRIPTION,
  AURA_PAGE_SLOT_IMAGE,
  AURA_PAGE_SLOT_CANONICAL_URL,
  AURA_PAGE_SLOT_SITE_NAME,
  AURA_PAGE_N_SLOTS,
} AuraPageSlot;

/* The state of one extraction: the info being filled, the limits, the base
 * URL for relative links and the indexes that deduplicate. */
typedef struct
{
  AuraPageInfo *info;
  AuraPageLimits limits;
  char *base;         /* absolute base for relative links, or NULL */
  char *page_site;    /* registrable domain of the page's host, or NULL */
  char *page_handle;  /* last path segment of the page URL, without “@” */
  char *page_key;     /* the page URL normalised, to skip self-links */
  char *twitter_site; /* the site's own Twitter handle */
  AuraPageRank ranks[AURA_PAGE_N_SLOTS];
  GHashTable *link_index;   /* normalised URL → AuraPageLink* */
  GHashTable *handle_index; /* "service\x1fhandle" folded → AuraPageHandle* */
  GHashTable *seen;         /* "list\x1fkey" for the other lists */
  gsize json_bytes;         /* JSON parsed so far */
} AuraPageBuilder;

void aura_page_builder_init (AuraPageBuilder *b,
                             AuraPageInfo *info,
                             const AuraPageLimits *limits,
                             const char *page_url);
void aura_page_builder_clear (AuraPageBuilder *b);
void aura_page_builder_set_base (AuraPageBuilder *b, const char *href);

/* Each takes raw text and cleans it; empty or invalid values are ignored. */
void aura_page_builder_set (AuraPageBuilder *b,
                            AuraPageSlot slot,
                            AuraPageRank rank,
                            const char *raw,
                            AuraPageSource source,
                            const char *field);
/* Resolves @href first (for image and canonical URL slots). */
void aura_page_builder_set_url (AuraPageBuilder *b,
                                AuraPageSlot slot,
                                AuraPageRank rank,
                                const char *href,
                                AuraPageSource source,
                                const char *field);
/* Any href: mailto: and tel: go to emails and phones, http(s) links to
 * links (outbound only, unless @rel_me) and handles; others are dropped. */
void aura_page_builder_add_href (
    AuraPageBuilder *b, const char *href, const char *text, gboolean rel_me, AuraPageSource source);
gboolean aura_page_builder_add_email (AuraPageBuilder *b,
                                      const char *raw,
                                      AuraPageSource source,
                                      const char *field);
void aura_page_builder_add_phone (AuraPageBuilder *b,
                                  const char *raw,
                                  AuraPageSource source,
                                  const char *field);
/* For alternate_names, locations and organisations. */
void aura_page_builder_add_value (
    AuraPageBuilder *b, GPtrArray *list, const char *raw, AuraPageSource source, const char *field);
/* A handle stated outright (twitter:creator), not read from a link. */
void aura_page_builder_add_handle (AuraPageBuilder *b,
                                   const char *platform,
                                   const char *handle,
                                   AuraPageSource source);
void aura_page_builder_add_fact (AuraPageBuilder *b,
                                 const char *name,
                                 const char *value,
                                 AuraPageSource source,
                                 const char *field);

/* Text (aura-page-text.c) */

/* Valid UTF-8, NFC, controls and zero-width or bidirectional formatting
 * characters removed (also ZWJ/ZWNJ when @name), white space collapsed,
 * at most @max_chars characters; NULL when nothing is left. */
char *aura_page_clean_text (const char *raw, gssize len, gboolean name, guint max_chars);
/* Finds email addresses in visible text, plain or in the bracketed
 * “name [at] example [dot] com” forms, and adds them. */
void aura_page_scan_text_emails (AuraPageBuilder *b, const char *text, gsize len);
/* The registrable domain of @host (lower case), or @host itself. */
char *aura_page_site_of_host (const char *host);
/* Is the last label of @domain a public suffix (“com”, “fr”…)? */
gboolean aura_page_has_public_suffix (const char *domain);

/* Handles (aura-page-handles.c) */

/* Recognises a profile URL shape; fills the handle's platform, handle and
 * service and returns TRUE. @url is absolute and escaped. */
gboolean aura_page_match_handle (const char *url,
                                 char **out_platform,
                                 char **out_handle,
                                 char **out_service);

/* JSON (aura-page-json.c) */

void aura_page_read_json_ld (AuraPageBuilder *b, const char *text, gsize len);
void
aura_page_read_embedded_json (AuraPageBuilder *b, const char *text, gsize len, const char *field);
/* Finds `window.__NAME__ = {…}` assignments in a script and reads them. */
void aura_page_read_script_state (AuraPageBuilder *b, const char *text, gsize len);

/* The text under @element, at most @max bytes from at most 64 nodes (a
 * hostile page cannot make it walk a huge subtree); NULL when empty. */
char *aura_page_bounded_text (xmlNode *element, gsize max);

G_END_DECLS
