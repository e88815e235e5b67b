/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "aura-source-private.h"
#include "aura-sources.h"

/* Source manifests: the bundled ones load and say what the brief asks of
 * each service; every kind of mistake is refused with a message naming the
 * file, the source and the field; unknown fields and newer versions only
 * warn. Also the small languages inside: JSON paths, templates, redaction,
 * URL rewriting, and the normalisation of what sources return. */

static char *
bundled_dir (void)
{
  return g_build_filename (g_getenv ("AURA_SOURCE_ROOT"), "data", "sources", NULL);
}

static AuraSourceList *
load_bundled (void)
{
  g_autofree char *dir = bundled_dir ();
  g_autoptr (GError) error = NULL;
  AuraSourceList *list = aura_source_list_load_dir (dir, &error);

  g_assert_no_error (error);
  return list;
}

static void
test_bundled_loads (void)
{
  static const struct
  {
    const char *name;
    const char *key;
    gboolean required;
  } expected[] = {
    { "crtsh", NULL, FALSE },
    { "certspotter", "certspotter", FALSE },
    { "hackertarget", NULL, FALSE },
    { "alienvault", "alienvault", FALSE },
    { "urlscan", "urlscan", FALSE },
    { "anubis", NULL, FALSE },
    { "rapiddns", NULL, FALSE },
    { "wayback", NULL, FALSE },
    { "commoncrawl", NULL, FALSE },
    { "virustotal", "virustotal", TRUE },
    { "securitytrails", "securitytrails", TRUE },
    { "shodan", "shodan", TRUE },
    { "censys", "censys", TRUE },
    { "chaos", "chaos", TRUE },
    { "github", "github", TRUE },
    { "hunter", "hunter", TRUE },
  };
  g_autoptr (AuraSourceList) list = load_bundled ();

  g_assert_cmpuint (aura_source_list_get_n_sources (list), ==, G_N_ELEMENTS (expected));
  /* The bundled files carry no unknown field: warnings there are typos. */
  g_assert_null (aura_source_list_get_warnings (list)[0]);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      AuraSource *source = aura_source_list_lookup (list, expected[i].name);

      if (source == NULL)
        g_error ("the bundled sources lack %s", expected[i].name);
      g_assert_cmpstr (aura_source_get_key_name (source), ==, expected[i].key);
      g_assert_cmpint (aura_source_get_key_required (source), ==, expected[i].required);
      g_assert_true (g_str_has_prefix (aura_source_get_homepage (source), "https://"));
      g_assert_nonnull (aura_source_get_label (source));
      g_assert_nonnull (aura_source_get_description (source));
      g_assert_true (g_str_has_suffix (aura_source_get_origin (source), ".json"));
    }
  g_assert_true (aura_source_yields (aura_source_list_lookup (list, "hunter"), AURA_ENTITY_EMAIL));
  g_assert_false (
      aura_source_yields (aura_source_list_lookup (list, "hunter"), AURA_ENTITY_SUBDOMAIN));
  g_assert_true (
      aura_source_yields (aura_source_list_lookup (list, "CRTSH"), AURA_ENTITY_SUBDOMAIN));
  g_assert_true (
      aura_source_yields (aura_source_list_lookup (list, "hackertarget"), AURA_ENTITY_IP));
}

static void
test_bundled_dir (void)
{
  g_autofree char *expected = bundled_dir ();
  g_autofree char *dir = NULL;
  g_autoptr (AuraSourceList) list = NULL;
  g_autoptr (GError) error = NULL;

  /* The test environment sets AURA_SOURCE_ROOT: the source tree wins. */
  dir = aura_source_list_get_bundled_dir ();
  g_assert_cmpstr (dir, ==, expected);
  g_setenv ("AURA_SOURCES_DIR", "/nonexistent/aura-sources", TRUE);
  g_clear_pointer (&dir, g_free);
  dir = aura_source_list_get_bundled_dir ();
  g_assert_cmpstr (dir, ==, "/nonexistent/aura-sources");
  list = aura_source_list_load_bundled (&error);
  g_assert_error (error, AURA_SOURCE_ERROR, AURA_SOURCE_ERROR_NOT_FOUND);
  g_assert_null (list);
  g_assert_nonnull (strstr (error->message, "/nonexistent/aura-sources"));
  g_unsetenv ("AURA_SOURCES_DIR");
  g_clear_error (&error);
  list = aura_source_list_load_bundled (&error);
  g_assert_no_error (error);
  g_assert_nonnull (list);
}

/* ---- Validation --------------------------------------------------------- */

/* A valid source as JSON text, with @extra members spliced in (they
 * replace earlier ones of the same name: json-glib keeps the last). */
static char *
manifest_with (const char *extra)
{
  return g_strdup_printf ("{\"format\": \"aura-sources\", \"version\": 1, \"sources\": [{"
                          "\"name\": \"demo\", \"label\": \"Demo\", \"yields\": [\"subdomain\"],"
                          "\"request\": {\"url\": \"https://api.demo.example/v1/{domain}\"},"
                          "\"extract\": {\"kind\": \"subdomain\", \"path\": \"names[*]\"}%s%s}]}",
                          extra != NULL && *extra != '\0' ? ", " : "", extra != NULL ? extra : "");
}

static void
assert_refused (const char *extra, AuraSourceError code, const char *field, const char *words)
{
  g_autofree char *json = manifest_with (extra);
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraSourceList) list = aura_source_list_load_data (json, -1, "demo.json", &error);

  if (list != NULL)
    g_error ("accepted: %s", extra);
  g_assert_error (error, AURA_SOURCE_ERROR, (int)code);
  g_assert_nonnull (strstr (error->message, "demo.json"));
  if (field != NULL)
    {
      g_autofree char *quoted = g_strdup_printf ("field “%s”", field);

      if (strstr (error->message, quoted) == NULL)
        g_error ("“%s” does not name %s", error->message, quoted);
      /* A source is named by its name once it has a valid one. */
      if (!g_str_equal (field, "name"))
        g_assert_nonnull (strstr (error->message, "source “demo”"));
    }
  if (words != NULL && strstr (error->message, words) == NULL)
    g_error ("“%s” does not say “%s”", error->message, words);
}

static void
test_valid_minimal (void)
{
  g_autofree char *json = manifest_with (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraSourceList) list = aura_source_list_load_data (json, -1, "demo.json", &error);
  AuraSource *source;

  g_assert_no_error (error);
  source = aura_source_list_lookup (list, "demo");
  g_assert_nonnull (source);
  g_assert_cmpuint (source->max_pages, ==, 1);
  g_assert_cmpuint (source->max_results, ==, AURA_SOURCE_DEFAULT_MAX_RESULTS);
  g_assert_true (source->stop_when_empty);
  g_assert_null (aura_source_get_key_name (source));
}

static void
test_refuses_documents (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraSourceList) list = NULL;
  g_autofree char *huge = g_strnfill (AURA_SOURCE_MANIFEST_MAX_BYTES + 1, ' ');
  g_autofree char *deep = NULL;
  GString *nest = g_string_new (NULL);

  list = aura_source_list_load_data ("{\"format\": ", -1, "cut.json", &error);
  g_assert_error (error, AURA_SOURCE_ERROR, AURA_SOURCE_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "cut.json"));
  g_clear_error (&error);
  list = aura_source_list_load_data ("[1, 2]", -1, "array.json", &error);
  g_assert_error (error, AURA_SOURCE_ERROR, AURA_SOURCE_ERROR_FORMAT);
  g_clear_error (&error);
  list = aura_source_list_load_data ("{\"format\": \"aura-sites\", \"version\": 1, \"sites\": []}",
                                     -1, "sites.json", &error);
  g_assert_error (error, AURA_SOURCE_ERROR, AURA_SOURCE_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "aura-sources"));
  g_clear_error (&error);
  list = aura_source_list_load_data ("{\"format\": \"aura-sources\", \"sources\": []}", -1,
                                     "nover.json", &error);
  g_assert_error (error, AURA_SOURCE_ERROR, AURA_SOURCE_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "version"));
  g_clear_error (&error);
  list = aura_source_list_load_data (
      "{\"format\": \"aura-sources\", \"version\": \"1\", \"sources\": []}", -1, "v.json", &error);
  g_assert_error (error, AURA_SOURCE_ERROR, AURA_SOURCE_ERROR_FORMAT);
  g_clear_error (&error);
  list = aura_source_list_load_data (
      "{\"format\": \"aura-sources\", \"version\": 1, \"sources\": {}}", -1, "s.json", &error);
  g_assert_error (error, AURA_SOURCE_ERROR, AURA_SOURCE_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "sources"));
  g_clear_error (&error);
  list = aura_source_list_load_data (
      "{\"format\": \"aura-sources\", \"version\": 1, \"sources\": [7]}", -1, "seven.json", &error);
  g_assert_error (error, AURA_SOURCE_ERROR, AURA_SOURCE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "#1"));
  g_clear_error (&error);
  list = aura_source_list_load_data (huge, -1, "huge.json", &error);
  g_assert_error (error, AURA_SOURCE_ERROR, AURA_SOURCE_ERROR_TOO_LARGE);
  g_clear_error (&error);
  /* Nesting that would make a recursive parser run out of stack. */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (nest, '[');
  deep = g_string_free (nest, FALSE);
  list = aura_source_list_load_data (deep, -1, "deep.json", &error);
  g_assert_error (error, AURA_SOURCE_ERROR, AURA_SOURCE_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "nested deeper"));
  g_assert_null (list);
}

/* One mistake each: what is added to a valid source, the error, the field
 * the message must name and words it must hold. */
typedef struct
{
  const char *name;
  const char *extra;
  AuraSourceError code;
  const char *field;
  const char *words;
} Mistake;

static const Mistake mistakes[] = {
  { "identity/name-missing", "\"name\": null", AURA_SOURCE_ERROR_INVALID, "name", "missing" },
  { "identity/name-upper-case", "\"name\": \"Demo\"", AURA_SOURCE_ERROR_INVALID, "name",
    "lower case" },
  { "identity/name-with-space", "\"name\": \"de mo\"", AURA_SOURCE_ERROR_INVALID, "name", NULL },
  { "identity/label-not-string", "\"label\": 3", AURA_SOURCE_ERROR_INVALID, "label", "string" },
  { "identity/label-empty", "\"label\": \"\"", AURA_SOURCE_ERROR_INVALID, "label", "empty" },
  { "identity/homepage-not-http", "\"homepage\": \"ftp://demo.example/\"",
    AURA_SOURCE_ERROR_INVALID, "homepage", NULL },
  { "identity/yields-empty", "\"yields\": []", AURA_SOURCE_ERROR_INVALID, "yields", NULL },
  { "identity/yields-unknown-kind", "\"yields\": [\"phone\"]", AURA_SOURCE_ERROR_INVALID, "yields",
    "phone" },
  { "identity/yields-kind-without-rule", "\"yields\": [\"subdomain\", \"email\"]",
    AURA_SOURCE_ERROR_INVALID, "yields", "no extract rule" },
  { "identity/max-results-zero", "\"max_results\": 0", AURA_SOURCE_ERROR_INVALID, "max_results",
    NULL },
  { "identity/max-results-over-cap", "\"max_results\": 1000001", AURA_SOURCE_ERROR_INVALID,
    "max_results", NULL },
  { "identity/rate-zero", "\"rate\": {\"requests_per_second\": 0}", AURA_SOURCE_ERROR_INVALID,
    "rate.requests_per_second", NULL },
  { "identity/rate-not-number", "\"rate\": {\"requests_per_second\": \"fast\"}",
    AURA_SOURCE_ERROR_INVALID, "rate.requests_per_second", "number" },
  /* The sources keep the shared ceiling (100), below the username sites'. */
  { "identity/rate-over-cap", "\"rate\": {\"requests_per_second\": 100.5}",
    AURA_SOURCE_ERROR_INVALID, "rate.requests_per_second", "at most 100 " },
  { "requests/request-missing", "\"request\": null", AURA_SOURCE_ERROR_INVALID, "request",
    "missing" },
  { "requests/url-not-absolute", "\"request\": {\"url\": \"demo.example/{domain}\"}",
    AURA_SOURCE_ERROR_INVALID, "request.url", "http" },
  { "requests/placeholder-in-host", "\"request\": {\"url\": \"https://{domain}/x\"}",
    AURA_SOURCE_ERROR_INVALID, "request.url", "host" },
  { "requests/unknown-placeholder", "\"request\": {\"url\": \"https://demo.example/{domian}\"}",
    AURA_SOURCE_ERROR_INVALID, "request.url", "{domian}" },
  { "requests/key-placeholder-without-key",
    "\"request\": {\"url\": \"https://demo.example/{key}\"}", AURA_SOURCE_ERROR_INVALID,
    "request.url", "{key}" },
  { "requests/method-put", "\"request\": {\"url\": \"https://demo.example/\", \"method\": \"PUT\"}",
    AURA_SOURCE_ERROR_INVALID, "request.method", NULL },
  { "requests/body-with-get",
    "\"request\": {\"url\": \"https://demo.example/\", \"body\": \"{domain}\"}",
    AURA_SOURCE_ERROR_INVALID, "request.body", "POST" },
  { "requests/body-type-unknown",
    "\"request\": {\"url\": \"https://demo.example/\", \"method\": \"POST\","
    " \"body\": \"x\", \"body_type\": \"xml\"}",
    AURA_SOURCE_ERROR_INVALID, "request.body_type", NULL },
  { "requests/header-name-invalid",
    "\"request\": {\"url\": \"https://demo.example/\","
    " \"headers\": {\"Bad Name\": \"x\"}}",
    AURA_SOURCE_ERROR_INVALID, "request.headers.Bad Name", NULL },
  { "requests/header-value-line-break",
    "\"request\": {\"url\": \"https://demo.example/\","
    " \"headers\": {\"X-A\": \"one\\r\\nX-B: two\"}}",
    AURA_SOURCE_ERROR_INVALID, "request.headers.X-A", "one line" },
  { "requests/timeout-zero", "\"request\": {\"url\": \"https://demo.example/\", \"timeout_s\": 0}",
    AURA_SOURCE_ERROR_INVALID, "request.timeout_s", NULL },
  { "requests/page-placeholder-without-paging",
    "\"request\": {\"url\": \"https://demo.example/{page}\"}", AURA_SOURCE_ERROR_INVALID, "request",
    "pagination" },
  { "keys/key-name-invalid",
    "\"key\": {\"name\": \"vt key\"}, \"request\": {\"url\": "
    "\"https://demo.example/{key}\"}",
    AURA_SOURCE_ERROR_INVALID, "key.name", NULL },
  { "keys/key-never-used", "\"key\": {\"name\": \"demo\"}", AURA_SOURCE_ERROR_INVALID, "key",
    "never uses" },
  { "keys/optional-key-in-url",
    "\"key\": {\"name\": \"demo\", \"required\": false},"
    " \"request\": {\"url\": \"https://demo.example/?k={key}\"}",
    AURA_SOURCE_ERROR_INVALID, "request", "optional key" },
  { "keys/key-required-not-bool",
    "\"key\": {\"name\": \"demo\", \"required\": \"yes\"},"
    " \"request\": {\"url\": \"https://demo.example/?k={key}\"}",
    AURA_SOURCE_ERROR_INVALID, "key.required", NULL },
  { "pagination/paging-type-unknown", "\"pagination\": {\"type\": \"scroll\"}",
    AURA_SOURCE_ERROR_INVALID, "pagination.type", NULL },
  { "pagination/page-without-placeholder-or-param", "\"pagination\": {\"type\": \"page\"}",
    AURA_SOURCE_ERROR_INVALID, "pagination", "{page}" },
  { "pagination/cursor-without-path", "\"pagination\": {\"type\": \"cursor\", \"param\": \"c\"}",
    AURA_SOURCE_ERROR_INVALID, "pagination.path", "missing" },
  { "pagination/offset-without-step", "\"pagination\": {\"type\": \"offset\", \"param\": \"o\"}",
    AURA_SOURCE_ERROR_INVALID, "pagination.step", NULL },
  { "pagination/page-to-below-from",
    "\"pagination\": {\"type\": \"page\", \"param\": \"p\", \"from\": 5, \"to\": 2}",
    AURA_SOURCE_ERROR_INVALID, "pagination.to", NULL },
  { "pagination/max-pages-over-cap",
    "\"pagination\": {\"type\": \"page\", \"param\": \"p\", \"max_pages\": 5000}",
    AURA_SOURCE_ERROR_INVALID, "pagination.max_pages", NULL },
  { "pagination/next-url-with-param",
    "\"pagination\": {\"type\": \"next_url\", \"path\": \"next\", \"param\": \"p\"}",
    AURA_SOURCE_ERROR_INVALID, "pagination.param", NULL },
  { "pagination/path-unclosed-bracket",
    "\"pagination\": {\"type\": \"next_url\", \"path\": \"a[0\"}", AURA_SOURCE_ERROR_INVALID,
    "pagination.path", "“]” is missing" },
  { "pagination/cursor-on-text-response",
    "\"response\": {\"format\": \"text\"}, \"extract\": {\"kind\": \"subdomain\","
    " \"regex\": \"(x)\"}, \"pagination\": {\"type\": \"cursor\", \"path\": \"c\","
    " \"param\": \"c\"}",
    AURA_SOURCE_ERROR_INVALID, "pagination.path", "json" },
  { "pagination/count-path-invalid", "\"done_when\": {\"count_path\": \"[x]\"}",
    AURA_SOURCE_ERROR_INVALID, "done_when.count_path", NULL },
  { "pagination/empty-page-not-bool", "\"done_when\": {\"empty_page\": 1}",
    AURA_SOURCE_ERROR_INVALID, "done_when.empty_page", NULL },
  { "extraction/extract-missing", "\"extract\": null", AURA_SOURCE_ERROR_INVALID, "extract",
    "missing" },
  { "extraction/extract-empty", "\"extract\": []", AURA_SOURCE_ERROR_INVALID, "extract", NULL },
  { "extraction/extract-kind-not-yielded", "\"extract\": {\"kind\": \"email\", \"path\": \"a\"}",
    AURA_SOURCE_ERROR_INVALID, "extract[0].kind", "yields" },
  { "extraction/extract-path-missing", "\"extract\": {\"kind\": \"subdomain\"}",
    AURA_SOURCE_ERROR_INVALID, "extract[0].path", "missing" },
  { "extraction/extract-path-invalid", "\"extract\": {\"kind\": \"subdomain\", \"path\": \"a..b\"}",
    AURA_SOURCE_ERROR_INVALID, "extract[0].path", NULL },
  { "extraction/regex-invalid",
    "\"extract\": {\"kind\": \"subdomain\", \"path\": \"a\", \"regex\": \"(\"}",
    AURA_SOURCE_ERROR_INVALID, "extract[0].regex", "regular expression" },
  { "extraction/regex-without-group",
    "\"extract\": {\"kind\": \"subdomain\", \"path\": \"a\", \"regex\": \"x+\"}",
    AURA_SOURCE_ERROR_INVALID, "extract[0].regex", "capture group" },
  { "extraction/from-unknown",
    "\"extract\": {\"kind\": \"subdomain\", \"path\": \"a\", \"from\": \"html\"}",
    AURA_SOURCE_ERROR_INVALID, "extract[0].from", NULL },
  { "extraction/value-without-placeholder",
    "\"extract\": {\"kind\": \"subdomain\", \"path\": \"a\", \"value\": "
    "\"{domain}\"}",
    AURA_SOURCE_ERROR_INVALID, "extract[0].value", "{value}" },
  { "extraction/text-response-needs-regex", "\"response\": {\"format\": \"text\"}",
    AURA_SOURCE_ERROR_INVALID, "extract[0].path", "regex" },
  { "extraction/response-format-unknown", "\"response\": {\"format\": \"yaml\"}",
    AURA_SOURCE_ERROR_INVALID, "response.format", NULL },
  { "extraction/empty-status-out-of-range", "\"response\": {\"empty_status\": [404, 1000]}",
    AURA_SOURCE_ERROR_INVALID, "response.empty_status", "item 2" },
  { "extraction/max-body-over-cap", "\"response\": {\"max_body_mb\": 1000}",
    AURA_SOURCE_ERROR_INVALID, "response.max_body_mb", NULL },
  { "extraction/extract-item-not-object",
    "\"extract\": [{\"kind\": \"subdomain\", \"path\": \"a\"}, 3]", AURA_SOURCE_ERROR_INVALID,
    "extract", "item 2" },
  { "prepare/prepare-into-reserved",
    "\"prepare\": {\"url\": \"https://demo.example/list\", \"path\": \"[0]\","
    " \"into\": \"domain\"}",
    AURA_SOURCE_ERROR_INVALID, "prepare.into", "fills itself" },
  { "prepare/prepare-into-unused",
    "\"prepare\": {\"url\": \"https://demo.example/list\", \"path\": \"[0]\","
    " \"into\": \"base\"}",
    AURA_SOURCE_ERROR_INVALID, "prepare.into", "never uses" },
  { "prepare/leading-placeholder-not-prepared", "\"request\": {\"url\": \"{base}/x\"}",
    AURA_SOURCE_ERROR_INVALID, "request.url", NULL },
  { "prepare/prepare-url-paging-placeholder",
    "\"prepare\": {\"url\": \"https://demo.example/{page}\", \"path\": \"[0]\","
    " \"into\": \"base\"}, \"request\": {\"url\": \"{base}?q={domain}\"}",
    AURA_SOURCE_ERROR_INVALID, "prepare.url", "{page}" },
};

static void
test_refuses_mistake (gconstpointer data)
{
  const Mistake *mistake = data;

  assert_refused (mistake->extra, mistake->code, mistake->field, mistake->words);
}

static void
test_duplicate_names (void)
{
  static const char json[] = "{\"format\": \"aura-sources\", \"version\": 1, \"sources\": ["
                             "{\"name\": \"twin\", \"label\": \"A\", \"yields\": [\"subdomain\"],"
                             " \"request\": {\"url\": \"https://a.example/{domain}\"},"
                             " \"extract\": {\"kind\": \"subdomain\", \"path\": \"[*]\"}},"
                             "{\"name\": \"twin\", \"label\": \"B\", \"yields\": [\"subdomain\"],"
                             " \"request\": {\"url\": \"https://b.example/{domain}\"},"
                             " \"extract\": {\"kind\": \"subdomain\", \"path\": \"[*]\"}}]}";
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraSourceList) list = aura_source_list_load_data (json, -1, "twins.json", &error);

  g_assert_null (list);
  g_assert_error (error, AURA_SOURCE_ERROR, AURA_SOURCE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "source “twin”"));
}

static void
test_unknown_fields_warn (void)
{
  g_autofree char *json =
      manifest_with ("\"colour\": \"blue\", \"_comment\": \"ignored\", \"x-vendor\": 1,"
                     " \"pagination\": {\"type\": \"none\", \"depth\": 3}");
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraSourceList) list = aura_source_list_load_data (json, -1, "demo.json", &error);
  const char *const *warnings;

  g_assert_no_error (error);
  warnings = aura_source_list_get_warnings (list);
  g_assert_cmpuint (g_strv_length ((char **)warnings), ==, 2);
  g_assert_nonnull (strstr (warnings[0], "“colour”"));
  g_assert_nonnull (strstr (warnings[0], "demo.json"));
  g_assert_nonnull (strstr (warnings[1], "“pagination.depth”"));
}

static void
test_newer_version (void)
{
  static const char json[] =
      "{\"format\": \"aura-sources\", \"version\": 3, \"sources\": ["
      "{\"name\": \"future\", \"label\": \"F\", \"yields\": [\"subdomain\"],"
      " \"request\": {\"url\": \"https://f.example/{domain}\"},"
      " \"pagination\": {\"type\": \"graphql-relay\"},"
      " \"extract\": {\"kind\": \"subdomain\", \"path\": \"[*]\"}},"
      "{\"name\": \"plain\", \"label\": \"P\", \"yields\": [\"subdomain\"], \"tags\": [\"new\"],"
      " \"request\": {\"url\": \"https://p.example/{domain}\"},"
      " \"extract\": {\"kind\": \"subdomain\", \"path\": \"[*]\"}}]}";
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraSourceList) list = aura_source_list_load_data (json, -1, "v3.json", &error);
  const char *const *warnings;

  g_assert_no_error (error);
  g_assert_cmpuint (aura_source_list_get_n_sources (list), ==, 1);
  g_assert_nonnull (aura_source_list_lookup (list, "plain"));
  warnings = aura_source_list_get_warnings (list);
  g_assert_nonnull (strstr (warnings[0], "newer Aura"));
  g_assert_nonnull (warnings[1]);
  g_assert_nonnull (warnings[2]);
  g_assert_nonnull (strstr (warnings[1], "“tags”") != NULL ? warnings[1] : warnings[2]);
  g_assert_nonnull (strstr (warnings[1], "left out") != NULL ? warnings[1] : warnings[2]);
}

static void
test_dir_replaces (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("aura-sources-XXXXXX", &error);
  g_autofree char *a = g_build_filename (dir, "a.json", NULL);
  g_autofree char *b = g_build_filename (dir, "b.json", NULL);
  g_autofree char *first = manifest_with ("\"label\": \"First\"");
  g_autofree char *second = manifest_with ("\"label\": \"Second\"");
  g_autoptr (AuraSourceList) list = NULL;

  g_assert_no_error (error);
  g_file_set_contents (a, first, -1, &error);
  g_file_set_contents (b, second, -1, &error);
  g_assert_no_error (error);
  list = aura_source_list_load_dir (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (aura_source_list_get_n_sources (list), ==, 1);
  g_assert_cmpstr (aura_source_get_label (aura_source_list_get_source (list, 0)), ==, "Second");
  g_assert_nonnull (strstr (aura_source_list_get_warnings (list)[0], "replaces"));
  g_remove (a);
  g_remove (b);
  g_rmdir (dir);
}

/* ---- JSON paths --------------------------------------------------------- */

static char *
collect_text (const char *path_text, const char *json)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraSourcePath) path = aura_source_path_parse (path_text, &error);
  g_autoptr (JsonNode) root = aura_source_parse_json (json, strlen (json), &error);
  g_autoptr (GPtrArray) nodes = g_ptr_array_new ();
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) texts = NULL;

  g_assert_no_error (error);
  aura_source_path_collect (path, root, nodes, 100);
  for (guint i = 0; i < nodes->len; i++)
    {
      g_autofree char *text = aura_source_json_to_text (nodes->pdata[i]);

      g_strv_builder_add (builder, text != NULL ? text : "?");
    }
  texts = g_strv_builder_end (builder);
  return g_strjoinv ("|", texts);
}

static void
test_paths (void)
{
  static const char doc[] =
      "{\"data\": [{\"id\": \"a\", \"n\": 1}, {\"id\": \"b\", \"n\": 2.5}, {\"x\": true}],"
      " \"odd.key\": {\"v\": \"dot\"}, \"meta\": {\"cursor\": null, \"sort\": [17, \"z\"]},"
      " \"map\": {\"k1\": \"v1\", \"k2\": \"v2\"}}";
  static const struct
  {
    const char *path;
    const char *expected;
  } cases[] = {
    { "data[*].id", "a|b" }, { "$.data[*].n", "1|2.5" }, { "data[-1].x", "true" },
    { "data[0].id", "a" },   { "data[7].id", "" },       { "[\"odd.key\"].v", "dot" },
    { "meta.sort", "17,z" }, { "meta.cursor", "?" },     { "map.*", "v1|v2" },
    { "map[*]", "v1|v2" },   { "nothing.here", "" },
  };
  static const char *const bad[] = { "a..b", "a[", "a[x]", "a[\"\"]", "a]", "a b[0", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = collect_text (cases[i].path, doc);

      if (!g_str_equal (got, cases[i].expected))
        g_error ("%s gave “%s”, not “%s”", cases[i].path, got, cases[i].expected);
    }
  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (AuraSourcePath) path = aura_source_path_parse (bad[i], &error);

      if (path != NULL)
        g_error ("the path “%s” was accepted", bad[i]);
      g_assert_nonnull (strstr (error->message, bad[i]));
    }
}

/* ---- Templates, redaction, URLs ----------------------------------------- */

static void
test_templates (void)
{
  static const char *const allowed[] = { "domain", "key", NULL };
  g_autoptr (GHashTable) vars = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraSourceTemplate) url = NULL;
  g_autoptr (AuraSourceTemplate) body = NULL;
  g_autoptr (AuraSourceTemplate) header = NULL;
  g_autofree char *out = NULL;

  g_hash_table_insert (vars, "domain", "é x/y?&#");
  g_hash_table_insert (vars, "key", "k\"\\\n");
  url = aura_source_template_parse ("https://h.example/{domain}?q=%25.{domain}", allowed, &error);
  g_assert_no_error (error);
  out = aura_source_template_expand (url, vars, AURA_SOURCE_ESCAPE_URL, FALSE, &error);
  g_assert_cmpstr (out, ==,
                   "https://h.example/%C3%A9%20x%2Fy%3F%26%23?q=%25.%C3%A9%20x%2Fy%3F%26%23");
  g_clear_pointer (&out, g_free);
  /* Braces that are not placeholders are text: JSON bodies as they are. */
  body = aura_source_template_parse ("{\"q\": \"{domain}\", \"k\": \"{key}\", \"n\": {}}", allowed,
                                     &error);
  g_assert_no_error (error);
  out = aura_source_template_expand (body, vars, AURA_SOURCE_ESCAPE_JSON, FALSE, &error);
  g_assert_cmpstr (out, ==, "{\"q\": \"é x/y?&#\", \"k\": \"k\\\"\\\\\\u000a\", \"n\": {}}");
  g_clear_pointer (&out, g_free);
  header = aura_source_template_parse ("Bearer {key}", allowed, &error);
  out = aura_source_template_expand (header, vars, AURA_SOURCE_ESCAPE_HEADER, FALSE, &error);
  g_assert_null (out);
  g_assert_error (error, AURA_SOURCE_ERROR, AURA_SOURCE_ERROR_INVALID);
  g_clear_error (&error);
  g_hash_table_remove (vars, "key");
  out = aura_source_template_expand (header, vars, AURA_SOURCE_ESCAPE_HEADER, FALSE, &error);
  g_assert_null (out);
  g_assert_nonnull (strstr (error->message, "{key}"));
  g_clear_error (&error);
  g_assert_null (aura_source_template_parse ("x{cursor}", allowed, &error));
  g_assert_nonnull (strstr (error->message, "{cursor}"));
}

static void
test_redaction (void)
{
  static const char *const secrets[] = { "s3cr+t/k=y", NULL };
  g_autofree char *base64 = g_base64_encode ((const guchar *)"s3cr+t/k=y", 10);
  g_autofree char *text = g_strdup_printf ("a s3cr+t/k=y b s3cr%%2Bt%%2Fk%%3Dy c %s d", base64);
  g_autofree char *out = aura_source_redact (text, secrets);

  g_assert_cmpstr (out, ==, "a REDACTED b REDACTED c REDACTED d");
  g_assert_null (aura_source_redact (NULL, secrets));
}

static void
test_urls (void)
{
  g_autofree char *a = aura_source_rewrite_url ("https://crt.sh/?q=%25.example.com&output=json",
                                                "http://crt.test:8080");
  g_autofree char *b =
      aura_source_rewrite_url ("https://api.example/v1/x?y=1", "http://127.0.0.1:9/mirror/");
  g_autofree char *c = aura_source_add_query_param ("https://h.example/p?a=1", "after", "1,b c");
  g_autofree char *d = aura_source_add_query_param ("https://h.example/p", "page", "2");

  g_assert_cmpstr (a, ==, "http://crt.test:8080/?q=%25.example.com&output=json");
  g_assert_cmpstr (b, ==, "http://127.0.0.1:9/mirror/v1/x?y=1");
  g_assert_cmpstr (c, ==, "https://h.example/p?a=1&after=1%2Cb%20c");
  g_assert_cmpstr (d, ==, "https://h.example/p?page=2");
}

/* ---- Normalisation ------------------------------------------------------ */

static void
assert_normal (AuraEntityType kind,
               gboolean from_url,
               const char *text,
               const char *expected,
               AuraEntityType expected_kind)
{
  AuraEntityType got_kind = AURA_ENTITY_N_TYPES;
  g_autofree char *got =
      aura_source_normalize (kind, from_url, text, "example.com", AURA_ENTITY_DOMAIN, &got_kind);

  if (g_strcmp0 (got, expected) != 0)
    g_error ("“%s” gave “%s”, not “%s”", text, got, expected);
  if (expected != NULL)
    g_assert_cmpint (got_kind, ==, expected_kind);
}

static void
test_normalize (void)
{
  const AuraEntityType S = AURA_ENTITY_SUBDOMAIN;

  assert_normal (S, FALSE, "WWW.Example.COM.", "www.example.com", S);
  assert_normal (S, FALSE, " *.dev.example.com\r", "dev.example.com", S);
  assert_normal (S, FALSE, "*.example.com", "example.com", AURA_ENTITY_DOMAIN);
  assert_normal (S, FALSE, ".mail.example.com", "mail.example.com", S);
  assert_normal (S, FALSE, "bücher.example.com", "xn--bcher-kva.example.com", S);
  assert_normal (S, FALSE, "ＷＷＷ。example。com", "www.example.com", S);
  assert_normal (S, FALSE, "_dmarc.example.com", "_dmarc.example.com", S);
  assert_normal (S, FALSE, "notexample.com", NULL, S);
  assert_normal (S, FALSE, "example.com.evil.net", NULL, S);
  assert_normal (S, FALSE, "www.example.org", NULL, S);
  assert_normal (S, FALSE, "w\xe2\x80\x8bww.example.com", NULL, S); /* zero-width space */
  assert_normal (S, FALSE, "\xe2\x80\xaemoc.example.com", NULL, S); /* right-to-left override */
  assert_normal (S, FALSE, "a*b.example.com", NULL, S);
  assert_normal (S, FALSE, "admin@example.com", NULL, S);
  assert_normal (S, FALSE, "www.example.com/path", NULL, S);
  assert_normal (S, FALSE, "bad\xff.example.com", NULL, S);
  assert_normal (S, FALSE, "", NULL, S);
  assert_normal (S, TRUE, "https://Shop.Example.com:8443/a?b#c", "shop.example.com", S);
  assert_normal (S, TRUE, "archive.example.com/page", "archive.example.com", S);
  assert_normal (S, TRUE, "original", NULL, S);
  assert_normal (AURA_ENTITY_EMAIL, FALSE, "Alice@EXAMPLE.com", "alice@example.com",
                 AURA_ENTITY_EMAIL);
  assert_normal (AURA_ENTITY_EMAIL, FALSE, "mailto:bob@hr.example.com", "bob@hr.example.com",
                 AURA_ENTITY_EMAIL);
  assert_normal (AURA_ENTITY_EMAIL, FALSE, "carol@other.org", NULL, AURA_ENTITY_EMAIL);
  assert_normal (AURA_ENTITY_EMAIL, FALSE, "not an email", NULL, AURA_ENTITY_EMAIL);
  assert_normal (AURA_ENTITY_IP, FALSE, "93.184.216.34", "93.184.216.34", AURA_ENTITY_IP);
  assert_normal (AURA_ENTITY_IP, FALSE, "2606:2800:0220:0001::1", "2606:2800:220:1::1",
                 AURA_ENTITY_IP);
  assert_normal (AURA_ENTITY_IP, FALSE, "NXDOMAIN", NULL, AURA_ENTITY_IP);
  assert_normal (AURA_ENTITY_IP, FALSE, "mx.example.net", NULL, AURA_ENTITY_IP);
  assert_normal (AURA_ENTITY_URL, FALSE, "https://www.example.com/a", "https://www.example.com/a",
                 AURA_ENTITY_URL);
  assert_normal (AURA_ENTITY_URL, FALSE, "https://www.example.org/a", NULL, AURA_ENTITY_URL);
}

static void
test_huge_value (void)
{
  g_autofree char *label = g_strnfill (5000, 'a');
  g_autofree char *name = g_strconcat (label, ".example.com", NULL);

  assert_normal (AURA_ENTITY_SUBDOMAIN, FALSE, name, NULL, AURA_ENTITY_SUBDOMAIN);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sources/manifest/bundled-loads", test_bundled_loads);
  g_test_add_func ("/sources/manifest/bundled-dir", test_bundled_dir);
  g_test_add_func ("/sources/manifest/valid-minimal", test_valid_minimal);
  g_test_add_func ("/sources/manifest/refuses-documents", test_refuses_documents);
  for (guint i = 0; i < G_N_ELEMENTS (mistakes); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sources/manifest/refuses/%s", mistakes[i].name);

      g_test_add_data_func (path, &mistakes[i], test_refuses_mistake);
    }
  g_test_add_func ("/sources/manifest/duplicate-names", test_duplicate_names);
  g_test_add_func ("/sources/manifest/unknown-fields-warn", test_unknown_fields_warn);
  g_test_add_func ("/sources/manifest/newer-version-lenient", test_newer_version);
  g_test_add_func ("/sources/manifest/dir-later-replaces", test_dir_replaces);
  g_test_add_func ("/sources/path/syntax-and-walk", test_paths);
  g_test_add_func ("/sources/template/escaping", test_templates);
  g_test_add_func ("/sources/template/redaction", test_redaction);
  g_test_add_func ("/sources/template/url-rewrite", test_urls);
  g_test_add_func ("/sources/normalize/names-emails-ips-urls", test_normalize);
  g_test_add_func ("/sources/normalize/huge-value", test_huge_value);

  return g_test_run ();
}
