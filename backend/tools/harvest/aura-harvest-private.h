/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "aura-harvest.h"

G_BEGIN_DECLS

/* Shared by aura-harvest-*.c only. */

/* Bytes of one page or text read at most by the pure extractors. */
#define AURA_HARVEST_MAX_INPUT (8 * 1024 * 1024)
/* Findings and links kept per page. */
#define AURA_HARVEST_MAX_PAGE_FINDINGS 1000
#define AURA_HARVEST_MAX_PAGE_LINKS 1000
#define AURA_HARVEST_MAX_EVIDENCE 200

/**
 * AuraHarvestLink:
 * @url: an absolute http(s) URL on the site, without fragment
 * @text: (nullable): the anchor's text
 *
 * A same-site link a page points to, for the crawler.
 */
typedef struct
{
  char *url;
  char *text;
} AuraHarvestLink;

void aura_harvest_link_free (AuraHarvestLink *link);

/* What one page gives: findings (deduplicated by key) and same-site
 * links. */
typedef struct
{
  GPtrArray *findings; /* AuraHarvestFinding */
  GHashTable *index;   /* key → AuraHarvestFinding* */
  GPtrArray *links;    /* AuraHarvestLink */
  GHashTable *link_index;
  char *page_url;         /* nullable */
  char *base;             /* nullable: the base for relative links */
  char *site;             /* nullable: the registrable domain, lower case, A-labels */
  GHashTable *site_cache; /* host → registrable domain ("" for none) */
} AuraHarvestSink;

void aura_harvest_sink_init (AuraHarvestSink *sink, const char *page_url, const char *domain);
void aura_harvest_sink_clear (AuraHarvestSink *sink);
/* Is a finding with @key already there? (Scanners ask before building
 * the evidence of a repeat.) */
gboolean aura_harvest_sink_has (AuraHarvestSink *sink, const char *key);
/* Adds a finding unless its key is known; TRUE when added. Copies all. */
gboolean aura_harvest_sink_add (AuraHarvestSink *sink,
                                AuraHarvestKind kind,
                                const char *type,
                                const char *value,
                                const char *detail,
                                const char *key,
                                const char *evidence);
/* An email address: validated (public suffix), normalised. */
void aura_harvest_sink_add_email (AuraHarvestSink *sink,
                                  const char *raw,
                                  const char *type,
                                  const char *evidence);
/* The key of a phone number ("phone:+33123456789"), or NULL when it is not
 * one (letters, fewer than 7 or more than 15 digits). */
char *aura_harvest_phone_key (const char *number);
/* A phone number as written: kept when it has 7 to 15 digits. */
void aura_harvest_sink_add_phone (AuraHarvestSink *sink,
                                  const char *raw,
                                  const char *type,
                                  const char *evidence);
/* Any href or URL: mailto: and tel: become findings, profile URLs social
 * findings, same-site pages links when @crawl. */
void aura_harvest_sink_add_href (AuraHarvestSink *sink,
                                 const char *href,
                                 const char *text,
                                 gboolean crawl);
/* A host name seen in the page, kept when it is under the site. */
void aura_harvest_sink_add_host (AuraHarvestSink *sink, const char *host, const char *evidence);
/* @url resolved against the base: an absolute http(s) URL without
 * fragment, or NULL. */
char *aura_harvest_sink_resolve (AuraHarvestSink *sink, const char *href);
/* Is @url (absolute) on the site? */
gboolean aura_harvest_sink_same_site (AuraHarvestSink *sink, const char *url);

/* The registrable domain of a host or URL, lower case with A-labels, or
 * NULL. */
char *aura_harvest_site_of (const char *domain_or_url);
/* A one-line, valid UTF-8 snippet of @data around [@start, @end). */
char *aura_harvest_snippet (const char *data, gsize len, gsize start, gsize end);
/* Text as one clean line of at most @max_chars characters, or NULL. */
char *aura_harvest_clean (const char *raw, gssize len, guint max_chars);

/* Scanners (aura-harvest-scan.c) */

void aura_harvest_scan_trackers (AuraHarvestSink *sink, const char *data, gsize len);
void aura_harvest_scan_hosts (AuraHarvestSink *sink, const char *data, gsize len);
void aura_harvest_scan_phones (AuraHarvestSink *sink, const char *text, gsize len);
/* Email addresses in text, plain or obfuscated, with web/'s reader. */
void
aura_harvest_scan_emails (AuraHarvestSink *sink, const char *text, gsize len, const char *type);
/* http(s) URLs written in text. */
void aura_harvest_scan_urls (AuraHarvestSink *sink, const char *text, gsize len);
/* Cloudflare's email protection: the hex of data-cfemail or of an
 * /cdn-cgi/l/email-protection# link. */
void aura_harvest_add_cloudflare_email (AuraHarvestSink *sink, const char *hex);

/* Readers (aura-harvest-page.c) */

void aura_harvest_read_html (AuraHarvestSink *sink, const char *data, gsize len);
void aura_harvest_read_text (AuraHarvestSink *sink, const char *data, gsize len);
void aura_harvest_read_sitemap (AuraHarvestSink *sink, const char *data, gsize len);
void aura_harvest_read_json_ld (AuraHarvestSink *sink, const char *text, gsize len);

G_END_DECLS
