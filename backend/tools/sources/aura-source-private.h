/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "aura-source-list.h"

G_BEGIN_DECLS

/* What only backend/tools/sources sees: the parsed form of a source, the
 * JSON path and template mini-languages, extraction and normalisation. */

/* Hard caps whatever a manifest or the caller asks. */
#define AURA_SOURCE_MAX_PAGES_CAP 1000
#define AURA_SOURCE_MAX_RESULTS_CAP 100000
#define AURA_SOURCE_DEFAULT_MAX_PAGES 10
#define AURA_SOURCE_DEFAULT_MAX_RESULTS 10000
#define AURA_SOURCE_MAX_BODY_CAP (64 * 1024 * 1024)
/* JSON nested deeper than this is refused before json-glib parses it
 * (its parser recurses). */
#define AURA_SOURCE_JSON_MAX_DEPTH 256
/* A raw value longer than this is junk, not a name. */
#define AURA_SOURCE_VALUE_MAX_BYTES 2048

/* ---- JSON paths (aura-source-path.c) ----------------------------------- */

typedef struct _AuraSourcePath AuraSourcePath;

/* "data[*].attributes.name", "[-1].id", "$.a[\"odd.key\"][0]"… The
 * error message (translated) says what is wrong and where. */
AuraSourcePath *aura_source_path_parse (const char *text, GError **error);
void aura_source_path_free (AuraSourcePath *path);
const char *aura_source_path_get_text (const AuraSourcePath *path);
/* Appends to @out (borrowed JsonNode pointers) every node the path reaches
 * in @root, at most @limit of them. */
void
aura_source_path_collect (const AuraSourcePath *path, JsonNode *root, GPtrArray *out, guint limit);
/* The first node reached, or NULL. */
JsonNode *aura_source_path_first (const AuraSourcePath *path, JsonNode *root);
/* A scalar as text (strings as they are, numbers and booleans printed);
 * an array of scalars joined by ","; NULL for null, objects and the rest. */
char *aura_source_json_to_text (JsonNode *node);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraSourcePath, aura_source_path_free)

/* ---- Templates (aura-source-template.c) -------------------------------- */

typedef enum
{
  AURA_SOURCE_ESCAPE_URL,    /* percent-encoded, RFC 3986 unreserved kept */
  AURA_SOURCE_ESCAPE_HEADER, /* as is; line breaks and NUL refused */
  AURA_SOURCE_ESCAPE_TEXT,   /* as is */
  AURA_SOURCE_ESCAPE_JSON,   /* JSON string escaping */
  AURA_SOURCE_ESCAPE_FORM,   /* application/x-www-form-urlencoded */
  AURA_SOURCE_ESCAPE_REGEX,  /* a literal inside a regular expression */
} AuraSourceEscape;

typedef struct _AuraSourceTemplate AuraSourceTemplate;

/* Placeholders are "{name}" with name among @allowed; any other brace is
 * literal text, so JSON bodies need no escaping. A "{word}" whose word is
 * not allowed is an error (a typo). */
AuraSourceTemplate *
aura_source_template_parse (const char *text, const char *const *allowed, GError **error);
void aura_source_template_free (AuraSourceTemplate *tmpl);
const char *aura_source_template_get_text (const AuraSourceTemplate *tmpl);
gboolean aura_source_template_uses (const AuraSourceTemplate *tmpl, const char *name);
/* The placeholder the template starts with, or NULL. */
const char *aura_source_template_get_leading (const AuraSourceTemplate *tmpl);
/* Fills the template from @vars (name → value). A placeholder without a
 * value is an error naming it. With @raw_leading, a placeholder the
 * template starts with is inserted as it is (a base URL). */
char *aura_source_template_expand (const AuraSourceTemplate *tmpl,
                                   GHashTable *vars,
                                   AuraSourceEscape escape,
                                   gboolean raw_leading,
                                   GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraSourceTemplate, aura_source_template_free)

/* @value escaped for where it lands (a header value goes as it is: the
 * caller refuses line breaks). */
char *aura_source_escape (const char *value, AuraSourceEscape escape);
/* Percent-encodes every byte but RFC 3986's unreserved characters. */
char *aura_source_percent_encode (const char *text);
/* Replaces every occurrence of each secret of @secrets (and of its
 * percent-encoded and base64 forms) in @text by "REDACTED". */
char *aura_source_redact (const char *text, const char *const *secrets);
/* @url with its scheme and authority replaced by those of @base, and the
 * path of @base put in front of its path. NULL when @url does not parse. */
char *aura_source_rewrite_url (const char *url, const char *base);
/* Adds "name=value" (both encoded) to the query of @url. */
char *aura_source_add_query_param (const char *url, const char *name, const char *value);

/* ---- The source record (aura-source.c, aura-source-manifest.c) --------- */

typedef enum
{
  AURA_SOURCE_BODY_JSON,
  AURA_SOURCE_BODY_NDJSON,
  AURA_SOURCE_BODY_TEXT,
} AuraSourceBodyFormat;

typedef enum
{
  AURA_SOURCE_PAGING_NONE,
  AURA_SOURCE_PAGING_PAGE,
  AURA_SOURCE_PAGING_CURSOR,
  AURA_SOURCE_PAGING_OFFSET,
  AURA_SOURCE_PAGING_NEXT_URL,
} AuraSourcePaging;

typedef struct
{
  char *name;
  AuraSourceTemplate *value;
} AuraSourceHeader;

/* One rule reading values out of a response. */
typedef struct
{
  AuraEntityType kind;
  /* JSON and NDJSON: where the values are; NULL for text bodies. */
  AuraSourcePath *path;
  /* Applied to the body (text) or to each value (JSON): each match's
   * first capture group is a value. {domain} is the escaped domain. */
  AuraSourceTemplate *regex;
  /* Each value is cut at this separator into several. */
  char *split;
  /* The value is a URL: keep its host (names) or the URL (urls). */
  gboolean from_url;
  /* Builds the value: "{value}.{domain}" for labels. */
  AuraSourceTemplate *value;
} AuraSourceExtract;

struct _AuraSource
{
  gatomicrefcount ref;
  char *name;
  char *label;
  char *homepage;
  char *description;
  char *origin;
  guint yields; /* 1 << AuraEntityType */

  char *key_name;
  gboolean key_required;
  char *key_url;

  /* The request. */
  char *method;
  AuraSourceTemplate *url;
  GPtrArray *headers; /* AuraSourceHeader */
  AuraSourceTemplate *body;
  AuraSourceEscape body_escape;
  guint timeout_ms;

  /* The optional preparation request, whose answer fills {prepare_into}. */
  AuraSourceTemplate *prepare_url;
  GPtrArray *prepare_headers; /* AuraSourceHeader */
  AuraSourcePath *prepare_path;
  char *prepare_into;

  /* Reading the response. */
  AuraSourceBodyFormat format;
  GArray *empty_status; /* guint */
  AuraSourcePath *error_path;
  char **error_text;
  gsize max_body;

  /* Pagination. */
  AuraSourcePaging paging;
  char *page_param;
  guint page_from;
  guint page_to;
  guint offset_start;
  guint offset_step;
  AuraSourcePath *next_path;
  guint max_pages;

  /* When to stop before max_pages. */
  gboolean stop_when_empty;
  AuraSourcePath *empty_path;
  AuraSourcePath *count_path;
  AuraSourcePath *more_path;

  GPtrArray *extracts; /* AuraSourceExtract */
  double rate;
  guint max_results;
};

AuraSource *aura_source_new_empty (void);
void aura_source_extract_free (AuraSourceExtract *extract);
void aura_source_header_free (AuraSourceHeader *header);

/* Parses one source object. @warnings receives messages about fields it
 * ignored. On failure the message says "<origin>: source “name”: field
 * “x”: …". */
AuraSource *
aura_source_from_json (JsonObject *object, const char *origin, GPtrArray *warnings, GError **error);

/* ---- Extraction (aura-source-extract.c) -------------------------------- */

/* A domain's regular-expression form and the compiled regexes of a source,
 * made once per scan. */
typedef struct _AuraSourceReader AuraSourceReader;

AuraSourceReader *aura_source_reader_new (AuraSource *source, const char *domain, GError **error);
void aura_source_reader_free (AuraSourceReader *reader);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraSourceReader, aura_source_reader_free)

/* One raw value a page gave, before normalisation. */
typedef struct
{
  AuraEntityType kind;
  gboolean from_url;
  char *text;
} AuraSourceRaw;

void aura_source_raw_free (AuraSourceRaw *raw);

/* Reads the values of a parsed JSON document (@root) or of a text body into
 * @out (AuraSourceRaw), at most @limit. */
void aura_source_reader_extract_json (AuraSourceReader *reader,
                                      JsonNode *root,
                                      GPtrArray *out,
                                      guint limit);
void aura_source_reader_extract_text (AuraSourceReader *reader,
                                      const char *text,
                                      GPtrArray *out,
                                      guint limit);

/* Normalises one raw value for a scan of @domain (already normalised):
 * lower case, trailing dot and "*." removed, IDN to A-labels, kept only
 * when equal to or under @domain (names, emails' domains, URLs' hosts);
 * addresses checked. NULL when the value is refused; *out_kind then says
 * nothing. */
char *aura_source_normalize (AuraEntityType kind,
                             gboolean from_url,
                             const char *text,
                             const char *domain,
                             AuraEntityType domain_kind,
                             AuraEntityType *out_kind);

/* Parses JSON text, refusing documents nested deeper than
 * AURA_SOURCE_JSON_MAX_DEPTH. */
JsonNode *aura_source_parse_json (const char *text, gsize length, GError **error);

G_END_DECLS
