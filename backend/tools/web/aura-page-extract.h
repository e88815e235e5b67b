/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib-object.h>

#include "aura-entity-type.h"

G_BEGIN_DECLS

/**
 * AuraPageSource:
 * @AURA_PAGE_SOURCE_TITLE: the `<title>` element
 * @AURA_PAGE_SOURCE_OG: Open Graph `<meta property="og:…">` and `profile:…`
 * @AURA_PAGE_SOURCE_TWITTER: Twitter card `<meta name="twitter:…">`
 * @AURA_PAGE_SOURCE_META: standard `<meta name="description|author">`
 * @AURA_PAGE_SOURCE_REL_ME: a link or anchor with `rel="me"`
 * @AURA_PAGE_SOURCE_LINK: any other `<a href>` or `<link rel=…>`
 * @AURA_PAGE_SOURCE_JSON_LD: a `<script type="application/ld+json">` block
 * @AURA_PAGE_SOURCE_EMBEDDED_JSON: a JSON state blob (`__NEXT_DATA__`,
 *   `window.__INITIAL_STATE__ = …`, `application/json` scripts, or a JSON body)
 * @AURA_PAGE_SOURCE_TEXT: the visible text of the page
 *
 * Where an extracted item was read, so that the UI can show the evidence.
 */
typedef enum
{
  AURA_PAGE_SOURCE_TITLE,
  AURA_PAGE_SOURCE_OG,
  AURA_PAGE_SOURCE_TWITTER,
  AURA_PAGE_SOURCE_META,
  AURA_PAGE_SOURCE_REL_ME,
  AURA_PAGE_SOURCE_LINK,
  AURA_PAGE_SOURCE_JSON_LD,
  AURA_PAGE_SOURCE_EMBEDDED_JSON,
  AURA_PAGE_SOURCE_TEXT,
} AuraPageSource;

/* Stable machine name: "title", "og", "twitter", "meta", "rel-me", "link",
 * "json-ld", "embedded-json", "text". */
const char *aura_page_source_to_string (AuraPageSource source);

/**
 * AuraPageValue:
 * @value: UTF-8 text, NFC, without control or zero-width characters
 * @source: where it was read
 * @field: (nullable): the exact field: "og:title", "sameAs", "user.nickname"…
 *
 * One extracted value with its evidence.
 */
typedef struct
{
  char *value;
  AuraPageSource source;
  char *field;
} AuraPageValue;

/**
 * AuraPageLink:
 * @url: absolute http(s) URL, resolved against the page URL and `<base href>`
 * @text: (nullable): the anchor's visible text
 * @rel_me: the page says the link is the same person: `rel="me"` or a
 *   JSON-LD `sameAs`
 * @source: where the link was first seen
 */
typedef struct
{
  char *url;
  char *text;
  gboolean rel_me;
  AuraPageSource source;
} AuraPageLink;

/**
 * AuraPageHandle:
 * @platform: a stable lower-case name: "github", "twitter", "mastodon"…
 * @handle: the handle as the platform writes it, without a leading “@”
 *   ("alice"; "alice@mastodon.social" on the fediverse; a channel id for
 *   YouTube /channel/ links)
 * @service: the service part of an "account" entity: @platform, or the
 *   instance host for the fediverse
 * @url: the profile URL it was recognised in
 * @rel_me: the page asserts it is the same person (rel="me" or sameAs)
 * @source: where it was seen
 */
typedef struct
{
  char *platform;
  char *handle;
  char *service;
  char *url;
  gboolean rel_me;
  AuraPageSource source;
} AuraPageHandle;

/**
 * AuraPageFact:
 * @name: "birth_date", "joined", "followers", "following", "likes", "posts"
 * @value: dates as ISO 8601 ("1990-04-01", "2019-03-02T10:00:00Z"); counts
 *   as decimal digits
 * @source: where it was read
 * @field: (nullable): the exact field
 */
typedef struct
{
  char *name;
  char *value;
  AuraPageSource source;
  char *field;
} AuraPageFact;

/**
 * AuraPageInfo:
 * @page_url: (nullable): the URL the page was fetched from
 * @title: (nullable): the page title
 * @display_name: (nullable): the person's (or organisation's) name
 * @username: (nullable): the profile's own handle on the site
 * @description: (nullable): bio or description
 * @image: (nullable): avatar or profile image URL (absolute)
 * @canonical_url: (nullable): rel=canonical or og:url (absolute)
 * @site_name: (nullable): og:site_name or the like
 * @alternate_names: (element-type AuraPageValue): other names (JSON-LD
 *   alternateName)
 * @links: (element-type AuraPageLink): outbound links, deduplicated
 * @emails: (element-type AuraPageValue): email addresses, validated
 * @phones: (element-type AuraPageValue): phone numbers from tel: links and
 *   structured data, validated
 * @handles: (element-type AuraPageHandle): accounts on other platforms
 * @locations: (element-type AuraPageValue): places the profile states
 * @organisations: (element-type AuraPageValue): employers (JSON-LD worksFor)
 * @facts: (element-type AuraPageFact): dates and counts from structured data
 * @truncated: the page was longer than the byte limit and only its start
 *   was read
 *
 * What a profile page says about the person behind it. Single values keep
 * the best source (JSON-LD first, then embedded JSON, Open Graph, Twitter
 * cards, standard meta, the title).
 */
typedef struct
{
  char *page_url;
  AuraPageValue *title;
  AuraPageValue *display_name;
  AuraPageValue *username;
  AuraPageValue *description;
  AuraPageValue *image;
  AuraPageValue *canonical_url;
  AuraPageValue *site_name;
  GPtrArray *alternate_names;
  GPtrArray *links;
  GPtrArray *emails;
  GPtrArray *phones;
  GPtrArray *handles;
  GPtrArray *locations;
  GPtrArray *organisations;
  GPtrArray *facts;
  gboolean truncated;
} AuraPageInfo;

#define AURA_TYPE_PAGE_INFO (aura_page_info_get_type ())
GType aura_page_info_get_type (void) G_GNUC_CONST;
AuraPageInfo *aura_page_info_copy (const AuraPageInfo *info);
void aura_page_info_free (AuraPageInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraPageInfo, aura_page_info_free)

/**
 * AuraPageLimits:
 * @max_bytes: bytes of the page parsed at most; the rest is ignored and
 *   the info is marked truncated (default 4 MiB)
 * @max_links: outbound links kept (default 200)
 * @max_emails: email addresses kept (default 50)
 * @max_phones: phone numbers kept (default 50)
 * @max_handles: handles kept (default 100)
 * @max_values: entries of each other list (default 50)
 * @max_json_bytes: bytes of one JSON block parsed at most; larger blocks
 *   are skipped (default 2 MiB)
 * @max_json_total: JSON bytes parsed per page (default 8 MiB)
 * @max_json_depth: nesting of a JSON block; deeper blocks are skipped
 *   before parsing (default 64)
 * @max_json_nodes: JSON values visited per block (default 50,000)
 *
 * Bounds that keep extraction linear on hostile pages. Zero in a field
 * means its default.
 */
typedef struct
{
  gsize max_bytes;
  guint max_links;
  guint max_emails;
  guint max_phones;
  guint max_handles;
  guint max_values;
  gsize max_json_bytes;
  gsize max_json_total;
  guint max_json_depth;
  guint max_json_nodes;
} AuraPageLimits;

#define AURA_PAGE_DEFAULT_MAX_BYTES (4 * 1024 * 1024)

/**
 * aura_page_extract:
 * @data: the response body, @len bytes; may hold NUL bytes and invalid text
 * @len: its length
 * @content_type: (nullable): the Content-Type header; its charset wins over
 *   the page's own `<meta charset>`
 * @page_url: (nullable): the absolute URL the page came from, to resolve
 *   relative links (without it relative links are dropped)
 * @error: %G_IO_ERROR_NOT_SUPPORTED when the content type is not a page,
 *   %G_IO_ERROR_INVALID_DATA when the body is empty or cannot be parsed
 *
 * Reads what a profile page says about the person: names, bio, avatar,
 * links, emails, phones, handles on other platforms, places and dates, each
 * with where it was found. Nothing is fetched: external entities and the
 * network are off, and `javascript:`/`data:` URLs are dropped.
 *
 * Returns: (transfer full): the info, or %NULL with @error set.
 */
AuraPageInfo *aura_page_extract (
    const char *data, gsize len, const char *content_type, const char *page_url, GError **error);

/**
 * aura_page_extract_full:
 * @limits: (nullable): bounds; %NULL for the defaults
 *
 * As aura_page_extract(), with explicit limits.
 */
AuraPageInfo *aura_page_extract_full (const char *data,
                                      gsize len,
                                      const char *content_type,
                                      const char *page_url,
                                      const AuraPageLimits *limits,
                                      GError **error);

/**
 * AuraPageFinding:
 * @type: the entity type
 * @type_name: its store name ("email", "account"…)
 * @value: the value for display, as aura_entity_normalize() cleaned it
 * @key: the normalised key
 * @attributes_json: a JSON object: "source", "field" and per-type details
 *   ("platform", "url", "rel_me", "text")
 * @relation: the suggested relation from the profile to this entity:
 *   "has_name", "has_username", "has_email", "has_phone", "has_avatar",
 *   "links_to", "same_as", "has_account", "located_in", "works_for"
 *
 * One entity ready for the store.
 */
typedef struct
{
  AuraEntityType type;
  const char *type_name;
  char *value;
  char *key;
  char *attributes_json;
  const char *relation;
} AuraPageFinding;

void aura_page_finding_free (AuraPageFinding *finding);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraPageFinding, aura_page_finding_free)

/**
 * aura_page_info_to_findings:
 * @info: extracted info
 *
 * Flattens @info into entities, each validated and normalised with
 * aura_entity_normalize(); values the store would refuse are left out, and
 * one (type, key) appears once.
 *
 * Returns: (transfer full) (element-type AuraPageFinding): the findings
 */
GPtrArray *aura_page_info_to_findings (const AuraPageInfo *info);

/**
 * aura_page_info_to_attributes_json:
 * @info: extracted info
 *
 * The profile's own details as one JSON object for the attributes of the
 * entity the page belongs to: "title", "display_name", "description",
 * "image", "canonical_url", "site_name", "facts" ({name: {value, source}}),
 * and "truncated".
 *
 * Returns: (transfer full): a JSON object as text
 */
char *aura_page_info_to_attributes_json (const AuraPageInfo *info);

G_END_DECLS
