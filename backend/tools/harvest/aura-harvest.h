/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "aura-engine.h"

G_BEGIN_DECLS

/* What a domain's own pages give away: email addresses, phone numbers,
 * other host names under the domain, social profiles, and the analytics,
 * advertising and verification IDs that tie sites to one owner. A pure
 * extractor reads one page; AuraHarvest crawls a few pages of the site
 * through the engine. See README.md beside this file. */

/**
 * AuraHarvestKind:
 * @AURA_HARVEST_EMAIL: an email address
 * @AURA_HARVEST_PHONE: a phone number
 * @AURA_HARVEST_HOST: a host name under the domain ("cdn.example.com")
 * @AURA_HARVEST_SOCIAL: a profile on a social platform
 * @AURA_HARVEST_TRACKING_ID: an analytics, advertising or site
 *   verification ID
 */
typedef enum
{
  AURA_HARVEST_EMAIL,
  AURA_HARVEST_PHONE,
  AURA_HARVEST_HOST,
  AURA_HARVEST_SOCIAL,
  AURA_HARVEST_TRACKING_ID,
} AuraHarvestKind;

/* "email", "phone", "host", "social", "tracking-id". */
const char *aura_harvest_kind_to_string (AuraHarvestKind kind);

/**
 * AuraHarvestFinding:
 * @kind: what was found
 * @type: (nullable): more precisely —
 *   emails and phones: where ("mailto", "tel", "text",
 *   "text-deobfuscated", "script", "json-ld", "cloudflare");
 *   social profiles: the platform ("github", "twitter", "linkedin"…);
 *   tracking IDs: the tracker ("google-analytics", "google-analytics-4",
 *   "google-tag-manager", "google-adsense", "facebook-pixel",
 *   "yandex-metrica", "hotjar", "matomo", "microsoft-clarity",
 *   "google-site-verification", "facebook-domain-verification",
 *   "bing-site-verification", "yandex-verification",
 *   "pinterest-verification"); hosts: %NULL
 * @value: the address (domain in lower case), the phone number as
 *   written, the host name (lower case, IDNA A-labels), the profile URL,
 *   or the ID ("UA-1234567-1", "G-ABCDEF1234", "GTM-ABC123",
 *   "ca-pub-1234567890123456", "1234567890")
 * @detail: (nullable): phones: the digits only, with a leading "+" when
 *   the number was written with one; social profiles: the handle; Google
 *   Analytics UA IDs: the account ("UA-1234567"); Matomo: the tracker's
 *   host when the page names it
 * @key: what makes two findings the same: the kind and a normalised value
 *   (lower-case address, digits, platform and case-folded handle, tracker
 *   and ID)
 * @evidence: a short snippet of the page around the finding (at most 200
 *   characters, valid UTF-8, one line)
 * @pages: (element-type utf8): the URLs of the pages it was seen on
 *
 * One thing a page gives away.
 */
typedef struct
{
  AuraHarvestKind kind;
  char *type;
  char *value;
  char *detail;
  char *key;
  char *evidence;
  GPtrArray *pages;
} AuraHarvestFinding;

void aura_harvest_finding_free (AuraHarvestFinding *finding);
AuraHarvestFinding *aura_harvest_finding_copy (const AuraHarvestFinding *finding);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraHarvestFinding, aura_harvest_finding_free)

/**
 * aura_harvest_page:
 * @html: the page, @len bytes; may hold NUL bytes and invalid text
 * @len: its length (at most 8 MiB are read)
 * @base_url: (nullable): the absolute URL the page came from, to resolve
 *   relative links and to record in #AuraHarvestFinding.pages
 * @domain: (nullable): the domain harvested; host names are collected
 *   under its registrable domain (from @base_url's host when %NULL)
 *
 * Reads one HTML page: mailto: and tel: links, addresses in the text
 * (also “alice [at] example [dot] com”, “alice(at)example.com” and
 * Cloudflare's protected addresses), phone numbers written after a label
 * ("Tel.", "Phone", "Fax"…) or in international form, JSON-LD email and
 * telephone, host names under the domain anywhere in the page, profile
 * links on known platforms (footers included), tracking IDs in scripts,
 * attributes and tags, and verification meta tags. Nothing is fetched.
 *
 * Returns: (transfer full) (element-type AuraHarvestFinding): the
 *   findings, deduplicated, in the order first seen
 */
GPtrArray *
aura_harvest_page (const char *html, gsize len, const char *base_url, const char *domain);

/**
 * aura_harvest_text:
 *
 * As aura_harvest_page() for plain text (robots.txt, security.txt,
 * humans.txt, ads.txt): addresses, phone numbers, host names, profile
 * URLs and tracking IDs (an ads.txt "google.com, pub-…" line is an AdSense
 * ID).
 */
GPtrArray *
aura_harvest_text (const char *text, gsize len, const char *base_url, const char *domain);

/* ---- The crawler ---------------------------------------------------------- */

/**
 * AuraHarvestOptions:
 * @domain: the domain (or host) whose pages are read: "example.com",
 *   "www.example.com", "bücher.example"
 * @max_pages: requests made at most, redirects and the well-known files
 *   included (0: 20)
 * @max_bytes: body bytes read at most, all pages together (0: 8 MiB)
 * @max_page_bytes: body bytes read at most per page; a longer page is read
 *   up to there (0: 1 MiB)
 * @timeout_ms: time the whole crawl may take (0: 60 s)
 * @request_timeout_ms: time one request may take (0: 15 s)
 * @max_concurrent: requests in flight at once (0: 4)
 * @scheme: (nullable): "https" or "http" for the start page; %NULL tries
 *   https and falls back on http when https cannot be reached
 * @port: (optional): the start page's port (0: the scheme's); pages on
 *   this port or the scheme's default are followed
 * @no_well_known: do not ask for robots.txt, sitemap.xml,
 *   .well-known/security.txt, humans.txt and ads.txt
 *
 * How a crawl runs. All zeros but @domain is the default.
 */
typedef struct
{
  const char *domain;
  guint max_pages;
  guint64 max_bytes;
  gsize max_page_bytes;
  guint timeout_ms;
  guint request_timeout_ms;
  guint max_concurrent;
  const char *scheme;
  guint port;
  gboolean no_well_known;
} AuraHarvestOptions;

/**
 * AuraHarvestPage:
 * @url: the URL asked
 * @outcome: how the exchange ended
 * @status: the HTTP status, 0 when none arrived
 * @error_message: (nullable): why no answer came
 * @content_type: (nullable): the Content-Type
 * @redirect_url: (nullable): where a 3xx answer pointed
 * @bytes: body bytes read
 * @truncated: the body was longer than the page limit
 * @n_findings: findings first seen on this page
 *
 * One request of a crawl.
 */
typedef struct
{
  char *url;
  AuraHttpOutcome outcome;
  guint status;
  char *error_message;
  char *content_type;
  char *redirect_url;
  guint64 bytes;
  gboolean truncated;
  guint n_findings;
} AuraHarvestPage;

void aura_harvest_page_free (AuraHarvestPage *page);

/**
 * AuraHarvestStop:
 * @AURA_HARVEST_STOP_NONE: not finished
 * @AURA_HARVEST_STOP_DONE: every page found was read
 * @AURA_HARVEST_STOP_PAGES: the page limit was reached
 * @AURA_HARVEST_STOP_BYTES: the byte limit was reached
 * @AURA_HARVEST_STOP_TIME: the time limit was reached
 * @AURA_HARVEST_STOP_CANCELLED: aura_harvest_cancel() was called
 * @AURA_HARVEST_STOP_UNREACHABLE: the start page could not be fetched
 *
 * Why a crawl ended.
 */
typedef enum
{
  AURA_HARVEST_STOP_NONE,
  AURA_HARVEST_STOP_DONE,
  AURA_HARVEST_STOP_PAGES,
  AURA_HARVEST_STOP_BYTES,
  AURA_HARVEST_STOP_TIME,
  AURA_HARVEST_STOP_CANCELLED,
  AURA_HARVEST_STOP_UNREACHABLE,
} AuraHarvestStop;

/* "none", "done", "pages", "bytes", "time", "cancelled", "unreachable". */
const char *aura_harvest_stop_to_string (AuraHarvestStop stop);

#define AURA_TYPE_HARVEST (aura_harvest_get_type ())
G_DECLARE_FINAL_TYPE (AuraHarvest, aura_harvest, AURA, HARVEST, GObject)

/* Checks the options (a domain that is a domain). Signals are emitted in
 * the thread-default main context of the caller of aura_harvest_start():
 * "page" (AuraHarvestPage *, owned by the crawl) after each request that
 * was answered or failed (requests cancelled by aura_harvest_cancel() or
 * the time limit are not reported), "finding" (AuraHarvestFinding *, owned
 * by the crawl) when something is first seen (its pages grow as it is seen
 * again), "finished" once. */
AuraHarvest *
aura_harvest_new (AuraEngine *engine, const AuraHarvestOptions *options, GError **error);
void aura_harvest_start (AuraHarvest *self);
/* Stops every request; what was found stays. */
void aura_harvest_cancel (AuraHarvest *self);
/* Starts the crawl and iterates the thread-default main context until it
 * finishes. FALSE with an error when the start page could not be fetched
 * (G_IO_ERROR_HOST_UNREACHABLE…) or the crawl was cancelled
 * (G_IO_ERROR_CANCELLED); the findings so far stay readable. */
gboolean aura_harvest_run (AuraHarvest *self, GError **error);
gboolean aura_harvest_is_finished (AuraHarvest *self);
AuraHarvestStop aura_harvest_get_stop_reason (AuraHarvest *self);
/* (element-type AuraHarvestFinding): everything found, in order. */
GPtrArray *aura_harvest_get_findings (AuraHarvest *self);
/* (element-type AuraHarvestPage): every request, in order answered. */
GPtrArray *aura_harvest_get_pages (AuraHarvest *self);
/* The registrable domain the crawl stays within ("example.com"). */
const char *aura_harvest_get_site (AuraHarvest *self);
/* The start page's URL. */
const char *aura_harvest_get_start_url (AuraHarvest *self);

G_END_DECLS
