/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "aura-source-private.h"
#include "aura-source-scan.h"

G_BEGIN_DECLS

/* The scan object and the per-source runs it drives (aura-source-run.c)
 * share these. Everything runs in the scan's main context. */

typedef struct _AuraSourceRun AuraSourceRun;

struct _AuraSourceScan
{
  GObject parent_instance;

  AuraEngine *engine;
  AuraApiKeys *keys;
  char *domain;
  AuraEntityType domain_kind;
  guint kinds; /* 1 << AuraEntityType; 0: all */
  guint max_results;
  guint max_pages;
  guint request_timeout_ms;
  guint timeout_ms;
  gboolean ignore_rate_hints;

  GPtrArray *runs;       /* AuraSourceRun */
  GPtrArray *hits;       /* AuraSourceHit, in the order found */
  GHashTable *hit_index; /* "kind\nvalue" → AuraSourceHit */
  GPtrArray *summaries;  /* AuraSourceSummary, one per run */
  GPtrArray *requests;   /* AuraSourceRequest */

  GCancellable *cancellable; /* key lookups */
  guint64 group;             /* engine requests */
  gboolean started;
  gboolean starting;
  gboolean finished;
  gboolean cancelled;
  gboolean timed_out;
  GMainContext *context;
  GMainLoop *loop;
  GSource *deadline;
};

/* ---- Runs (aura-source-run.c) ------------------------------------------ */

AuraSourceRun *aura_source_run_new (AuraSourceScan *scan,
                                    AuraSource *source,
                                    const char *url_override,
                                    AuraSourceSummary *summary,
                                    GError **error);
void aura_source_run_free (AuraSourceRun *run);
void aura_source_run_start (AuraSourceRun *run);
/* Ends a run that has nothing in flight (pending, or waiting to pace
 * itself) because the scan was cancelled or ran out of time; runs with a
 * request or a key lookup in flight end when it comes back. */
void aura_source_run_stop (AuraSourceRun *run);
gboolean aura_source_run_is_done (const AuraSourceRun *run);
AuraSource *aura_source_run_get_source (const AuraSourceRun *run);

/* ---- Reading a page (aura-source-page.c) ------------------------------- */

/* What a page says about the next one. */
typedef struct
{
  char *next; /* the next cursor or next URL */
  gboolean has_count;
  gint64 count;
  gboolean has_more;
  gboolean more;
  gboolean has_empty;
  gboolean empty;
} AuraSourcePageInfo;

void aura_source_page_info_clear (AuraSourcePageInfo *info);
/* Reads @text (valid UTF-8, may be modified): the values go to @raws
 * (AuraSourceRaw). Returns what is wrong with it, or NULL. */
char *aura_source_read_body (AuraSource *source,
                             AuraSourceReader *reader,
                             char *text,
                             AuraSourcePageInfo *info,
                             GPtrArray *raws);
/* One normalised value of a page. */
typedef struct
{
  AuraEntityType kind;
  char *value;
} AuraSourceValue;

/* Everything about one page that can be done away from the scan's main
 * context (parsing, extraction, normalisation, a digest of the body), so
 * that a 30 MiB certificate log or a 37,000-line text page never stalls
 * the caller's main loop. */
typedef struct
{
  /* In. The reader belongs to the run, which outlives the read. */
  AuraSource *source;
  AuraSourceReader *reader;
  AuraHttpResponse *response;
  char *domain;
  AuraEntityType domain_kind;
  guint kinds;
  /* Out. */
  AuraSourcePageInfo info;
  GPtrArray *values; /* AuraSourceValue */
  guint raw;         /* values read before normalisation */
  guint dropped;     /* values normalisation refused */
  char *digest;      /* of the body, to notice a page repeated */
  char *problem;     /* ends the run, after the values are kept */
} AuraSourcePageRead;

/* Takes @response. */
AuraSourcePageRead *aura_source_page_read_new (AuraSource *source,
                                               AuraSourceReader *reader,
                                               AuraHttpResponse *response,
                                               const char *domain,
                                               AuraEntityType domain_kind,
                                               guint kinds);
void aura_source_page_read_free (AuraSourcePageRead *read);
/* Reads the page; safe in any thread. */
void aura_source_page_read (AuraSourcePageRead *read);

/* The start of @text on one line, printable, for a message. */
char *aura_source_snippet (const char *text, gsize len);
/* Whether @text starts (after white space) with "<". */
gboolean aura_source_looks_like_html (const char *text);

/* ---- Called by runs (aura-source-scan.c) ------------------------------- */

/* Adds one normalised value found by @source; FALSE when the source has
 * reached its result limit (the value is then not added). */
gboolean aura_source_scan_add_value (AuraSourceScan *self,
                                     AuraSourceSummary *summary,
                                     guint max_results,
                                     AuraEntityType kind,
                                     const char *value);
/* Keeps @request (taken) and emits "request". */
void aura_source_scan_record_request (AuraSourceScan *self, AuraSourceRequest *request);
/* Emits "source-done" for @summary, then "finished" when every run is
 * done. */
void aura_source_scan_run_done (AuraSourceScan *self, AuraSourceSummary *summary);

void aura_source_request_free (AuraSourceRequest *request);
void aura_source_summary_free (AuraSourceSummary *summary);

G_END_DECLS
