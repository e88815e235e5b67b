/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <json-glib/json-glib.h>

#include "aura-site-list.h"
#include "aura-site.h"

G_BEGIN_DECLS

/* The longest username Aura ever sends, in characters: no site allows more,
 * and it bounds the cost of a site's regular expression. */
#define AURA_USERNAME_MAX_CHARS 128

/* A range of allowed characters, inclusive. */
typedef struct
{
  gunichar lo;
  gunichar hi;
} AuraCharRange;

/* One JSON path condition: "exists" (present and not null) or "equals". */
typedef struct
{
  char *path;
  gboolean has_equals;
  /* exists: TRUE means present and not null, FALSE absent or null. */
  gboolean exists;
  /* A copy of the expected scalar; strings may hold {username}. */
  JsonNode *equals;
} AuraJsonRule;

/* A status condition: codes lo..hi inclusive ("404", or "2xx" as 200..299). */
typedef struct
{
  guint lo;
  guint hi;
} AuraStatusRange;

/* A block of conditions that all have to hold. Lists are NULL when the
 * condition is not used. */
typedef struct
{
  GArray *status;   /* AuraStatusRange */
  char **text_any;  /* at least one present */
  char **text_all;  /* all present */
  char **text_none; /* none present */
  GPtrArray *json;  /* AuraJsonRule, all hold */
  GPatternSpec *redirect;
  char *redirect_text;
  GPtrArray *header; /* AuraHeaderRule */
} AuraRuleBlock;

typedef struct
{
  char *name;
  GPatternSpec *pattern;
  char *pattern_text;
} AuraHeaderRule;

typedef enum
{
  AURA_BODY_TEXT,
  AURA_BODY_JSON,
  AURA_BODY_FORM,
} AuraBodyType;

struct _AuraSite
{
  char *name;
  char *main_url;
  char *probe_url;
  char *profile_url;
  char *method;
  char **headers; /* "Name: value" */
  char *body;
  AuraBodyType body_type;
  gboolean follow_redirects;

  /* Username rules. */
  GRegex *regex;
  char *regex_text;
  guint min_length;
  guint max_length;
  GArray *allowed; /* AuraCharRange, NULL for any */
  char *allowed_text;
  gboolean lowercase;
  char *strip;
  /* {username} sits in the host: the name must be a DNS label. */
  gboolean in_host;

  GPtrArray *found;     /* AuraRuleBlock */
  GPtrArray *not_found; /* AuraRuleBlock */
  GPtrArray *blocked;   /* AuraRuleBlock */
  /* Verdict when no rule decides: NOT_FOUND or UNKNOWN. */
  AuraVerdict otherwise;

  char **tags;
  double rate;
  guint max_concurrency;
  char *known_present;
  char *known_absent;
  gboolean disabled;
  char *disabled_reason;
  char **protection;
  char *notes;
  char *source;
};

AuraSite *aura_site_new_empty (void);
void aura_rule_block_free (AuraRuleBlock *block);
void aura_json_rule_free (AuraJsonRule *rule);
void aura_header_rule_free (AuraHeaderRule *rule);

/* Parses one site object of Aura's format. On failure the error message
 * says "<origin>: site “name”: field “x”: …". */
AuraSite *aura_site_from_json (JsonObject *object, const char *origin, GError **error);

/* The username as the site receives it: NFC, stripped, lower-cased as the
 * site asks. NULL (with a reason) when it is invalid there. */
char *aura_site_prepare_username (const AuraSite *site, const char *username, char **out_reason);

/* Expands {username} and {username_raw} in @template. In URLs {username} is
 * percent-encoded; in bodies it follows @body_type. */
char *aura_site_expand_url (const char *template, const char *username);
char *aura_site_expand_body (const char *template, AuraBodyType body_type, const char *username);

/* A percent-encoding of @text (UTF-8 bytes) keeping only RFC 3986
 * unreserved characters as they are. */
char *aura_percent_encode (const char *text);

/* Refuses patterns that are too long or have a nested quantifier such as
 * (a+)+ that backtracks catastrophically; compiles the others. */
GRegex *aura_site_compile_regex (const char *pattern, GError **error);

/* Whether @path is a JSON path the json rules understand. */
gboolean aura_site_json_path_is_valid (const char *path);

/* Parses an "allowed" character set ("a-z0-9._-"). */
GArray *aura_site_parse_charset (const char *text, GError **error);

/* Builds the site from a community entry already translated to Aura's JSON
 * model; shared by the importers. */
JsonObject *aura_import_sherlock_site (const char *name, JsonObject *entry, char **out_reason);
JsonObject *aura_import_maigret_site (const char *name,
                                      JsonObject *entry,
                                      JsonObject *engines,
                                      char **out_reason);
JsonObject *aura_import_wmn_site (JsonObject *entry, char **out_name, char **out_reason);

/* Report helpers. */
void aura_site_report_add (AuraSiteReport *report, const char *site, const char *message);

G_END_DECLS
