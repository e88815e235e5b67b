/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "aura-email-check-run.h"
#include "aura-email-check.h"
#include "aura-source-private.h"
#include "aura-http.h"

G_BEGIN_DECLS

/* What only backend/tools/emailcheck sees: the parsed form of a check, the
 * template and JSON path mini-languages, and the judge. */

/* Caps on what one check may hold. */
#define AURA_EMAIL_CHECK_MAX_STRING 4096
#define AURA_EMAIL_CHECK_MAX_URL 2048
#define AURA_EMAIL_CHECK_MAX_REGEX 512
#define AURA_EMAIL_CHECK_MAX_LIST 32
#define AURA_EMAIL_CHECK_MAX_DEPTH 32
/* JSON documents nested deeper than this are refused before json-glib
 * parses them (its parser recurses). */
#define AURA_EMAIL_CHECK_JSON_MAX_DEPTH 128
/* Bodies kept at most: first pages can be large HTML; answers are small. */
#define AURA_EMAIL_CHECK_PREPARE_MAX_BODY (2 * 1024 * 1024)
#define AURA_EMAIL_CHECK_MAX_BODY (1024 * 1024)
#define AURA_EMAIL_CHECK_MAX_HINTS 8
#define AURA_EMAIL_CHECK_HINT_MAX_CHARS 128
#define AURA_EMAIL_CHECK_VALUE_MAX_BYTES 4096

/* ---- JSON paths ----------------------------------------------------------- */

/* JSON paths are the passive sources' (aura-source-path.c, AuraSourcePath):
 * one language for every manifest. A check reads the first node a path
 * reaches. */

/* A scalar as text (strings as they are, numbers and booleans printed);
 * NULL for null, objects and arrays. */
char *aura_email_json_scalar_text (JsonNode *node);
/* Parses JSON text with aura_source_parse_json() (its depth limit); NULL
 * when it is not JSON (an inner NUL byte included). */
JsonNode *aura_email_parse_json (const char *text, gsize length);

/* ---- Templates (aura-email-check-template.c) ----------------------------- */

typedef struct _AuraEmailTemplate AuraEmailTemplate;

typedef enum
{
  AURA_EMAIL_TEMPLATE_URL,  /* values must be URL-safe: {x|url} or a safe variable */
  AURA_EMAIL_TEMPLATE_TEXT, /* headers, form and JSON values, text bodies */
} AuraEmailTemplateContext;

/* Parses "{email}", "{email_url}", "{local|url}", "{prepare.csrf|json}",
 * "{random}". @prepare_names are the names the first request yields; any
 * other brace is literal text. A "{word}" that is not a known placeholder
 * is an error, and so is an unescaped value in a URL. */
AuraEmailTemplate *aura_email_template_parse (const char *text,
                                              AuraEmailTemplateContext context,
                                              const char *const *prepare_names,
                                              GError **error);
void aura_email_template_free (AuraEmailTemplate *tmpl);
const char *aura_email_template_get_text (const AuraEmailTemplate *tmpl);
/* Fills the template from @vars ("email", "local", "domain", "random",
 * "prepare.NAME" → value). Fails when a value holds a line break and
 * @single_line. */
char *aura_email_template_expand (const AuraEmailTemplate *tmpl,
                                  GHashTable *vars,
                                  gboolean single_line,
                                  GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraEmailTemplate, aura_email_template_free)

/* Escaping and URL rewriting are the passive sources' too:
 * aura_source_escape(), aura_source_percent_encode(),
 * aura_source_rewrite_url(). */

/* ---- The check record (aura-email-check-manifest.c) ---------------------- */

typedef enum
{
  AURA_EMAIL_EXTRACT_REGEX,
  AURA_EMAIL_EXTRACT_JSON,
  AURA_EMAIL_EXTRACT_COOKIE,
  AURA_EMAIL_EXTRACT_HEADER,
  AURA_EMAIL_EXTRACT_INPUT,
  AURA_EMAIL_EXTRACT_META,
} AuraEmailExtractKind;

/* A named value the first answer yields. */
typedef struct
{
  char *name;
  AuraEmailExtractKind kind;
  char *arg; /* the cookie, header, input or meta name; the path or regex text */
  GRegex *regex;
  AuraSourcePath *path;
} AuraEmailExtract;

typedef enum
{
  AURA_EMAIL_BODY_NONE,
  AURA_EMAIL_BODY_FORM,
  AURA_EMAIL_BODY_JSON,
  AURA_EMAIL_BODY_TEXT,
} AuraEmailBodyKind;

typedef struct
{
  char *name;
  AuraEmailTemplate *value;
} AuraEmailField;

typedef struct
{
  char *method;
  AuraEmailTemplate *url;
  GPtrArray *headers; /* AuraEmailField */
  AuraEmailBodyKind body_kind;
  GPtrArray *form;         /* AuraEmailField, for FORM */
  JsonNode *json;          /* for JSON: strings are templates, checked at load */
  AuraEmailTemplate *text; /* for TEXT */
  char *content_type;      /* for TEXT (NULL: text/plain) */
  gboolean follow_redirects;
  GPtrArray *extracts; /* AuraEmailExtract, first request only */
} AuraEmailRequestSpec;

typedef enum
{
  AURA_EMAIL_JSON_EXISTS,
  AURA_EMAIL_JSON_MISSING,
  AURA_EMAIL_JSON_EQUALS,
  AURA_EMAIL_JSON_IN,
} AuraEmailJsonOp;

typedef struct
{
  AuraSourcePath *path;
  AuraEmailJsonOp op;
  GPtrArray *values; /* JsonNode scalars, for EQUALS (one) and IN */
} AuraEmailJsonCond;

typedef struct
{
  guint lo;
  guint hi;
} AuraEmailStatusRange;

/* Conditions that all have to hold; unused ones are NULL. */
typedef struct
{
  GArray *status;      /* AuraEmailStatusRange, any */
  char **contains;     /* all present */
  char **not_contains; /* none present */
  GRegex *regex;
  char *regex_text;
  GPtrArray *json; /* AuraEmailJsonCond, all */
  GPatternSpec *redirect;
  char *redirect_text;
} AuraEmailRule;

typedef struct
{
  AuraEmailHintKind kind;
  GRegex *regex;
  char *regex_text;
  AuraSourcePath *path;
} AuraEmailHintRule;

struct _AuraEmailCheck
{
  gatomicrefcount ref;
  char *id;
  char *name;
  char *home;
  char *category;
  char *origin;
  char *notes;
  double rate;
  char *disabled_reason; /* non-NULL: disabled */
  gboolean needs_online_check;

  AuraEmailRequestSpec *prepare; /* nullable */
  AuraEmailRequestSpec *request;

  GPtrArray *found;        /* AuraEmailRule */
  GPtrArray *not_found;    /* AuraEmailRule */
  GPtrArray *rate_limited; /* AuraEmailRule, nullable */
  GPtrArray *blocked;      /* AuraEmailRule, nullable */
  gboolean reads_json;     /* some rule looks at a JSON path */

  GPtrArray *hints; /* AuraEmailHintRule, nullable */
};

AuraEmailCheck *aura_email_check_new_empty (void);
void aura_email_request_spec_free (AuraEmailRequestSpec *spec);
void aura_email_rule_free (AuraEmailRule *rule);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraEmailRequestSpec, aura_email_request_spec_free)

/* Parses one check object. On failure the message says
 * "<origin>: check “id”: field “x”: …". */
AuraEmailCheck *
aura_email_check_from_json (JsonObject *object, const char *origin, guint index, GError **error);

/* Compiles a manifest's regular expression: refuses long patterns and
 * nested quantifiers such as (a+)+ that backtrack catastrophically. */
GRegex *aura_email_compile_regex (const char *pattern, GError **error);

/* ---- Requests and answers (aura-email-check-judge.c) --------------------- */

/* A request ready for the engine, with the storage its strings point to. */
typedef struct
{
  AuraHttpRequest request;
  char *method;
  char *url;       /* as sent (after any override) */
  char *shown_url; /* as sent, values of the first answer redacted */
  char **headers;
  char *body;
} AuraEmailProbe;

void aura_email_probe_free (AuraEmailProbe *probe);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraEmailProbe, aura_email_probe_free)

/* Builds the request of @spec from @vars; @cookies ("name=value") go in a
 * Cookie header; @override (nullable) redirects the URL; @secrets are
 * redacted from shown_url. */
AuraEmailProbe *aura_email_probe_build (const AuraEmailRequestSpec *spec,
                                        GHashTable *vars,
                                        GPtrArray *cookies,
                                        const char *override,
                                        const char *const *secrets,
                                        GError **error);

/* Reads the Set-Cookie values of @response into @cookies ("name=value",
 * a later value of a name replacing an earlier one). */
void aura_email_collect_cookies (const AuraHttpResponse *response, GPtrArray *cookies);

/* Reads every value @spec's extracts name from @response into @vars as
 * "prepare.NAME". FALSE with the missing name in @out_missing when one is
 * absent. */
gboolean aura_email_extract_values (const AuraEmailRequestSpec *spec,
                                    const AuraHttpResponse *response,
                                    GPtrArray *cookies,
                                    GHashTable *vars,
                                    char **out_missing);

/* The bot wall @response shows ("Cloudflare challenge", "reCAPTCHA"…), or
 * NULL; the username checks' recognition. @wall_site is from
 * aura_email_wall_site_new(). */
AuraSite *aura_email_wall_site_new (void);
char *aura_email_detect_wall (AuraSite *wall_site, const AuraHttpResponse *response);

/* Judges the answer to the main request. */
AuraVerdict aura_email_check_judge (const AuraEmailCheck *check,
                                    AuraSite *wall_site,
                                    const AuraHttpResponse *response,
                                    AuraEmailCheckReason *out_kind,
                                    char **out_reason);

/* Appends to @hints (AuraEmailHint) what @check's hint rules find. */
void aura_email_check_extract_hints (const AuraEmailCheck *check,
                                     const AuraHttpResponse *response,
                                     GPtrArray *hints);
void aura_email_hint_free (AuraEmailHint *hint);

/* Decodes the character references (&amp; &#8226; &bull;…) of HTML text. */
char *aura_email_decode_entities (const char *text);
/* @text (@len bytes) as valid UTF-8 for GRegex, which refuses to match
 * anything else: @text itself when it is valid (and *out_copy NULL), else
 * a copy with each bad byte replaced, returned in *out_copy too. */
const char *aura_email_regex_subject (const char *text, gsize len, char **out_copy, gsize *out_len);

G_END_DECLS
