/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>

#include "emailcheck-test-utils.h"

/* The validator: every kind of mistake in a manifest is refused, with a
 * message naming the file, the check and the exact field; the bundled
 * folder, the user folder and the environment override are found. */

/* A valid check, as a template: each case replaces one "@X@" marker. */
static const char base_check[] =
    "{'id': 'site', 'name': 'Site', 'home': 'https://site.example/', 'category': 'social',"
    " @TOP@"
    " 'prepare': {'url': 'https://site.example/signup', 'extract': {@EXTRACT@}},"
    " 'request': {'method': 'POST', 'url': '@URL@', @BODY@},"
    " 'detect': {'found': [@FOUND@], 'not_found': [{'status': 404}] @DETECT@},"
    " 'hints': [@HINTS@]}";

typedef struct
{
  const char *marker;
  const char *text;
  const char *field; /* expected in the message */
} Case;

static char *
build (const char *marker, const char *text)
{
  static const char *const markers[] = { "@TOP@",   "@EXTRACT@", "@URL@",  "@BODY@",
                                         "@FOUND@", "@DETECT@",  "@HINTS@" };
  static const char *const defaults[] = {
    "",
    "'csrf': {'input': 'csrf'}",
    "https://site.example/check?e={email_url}",
    "'form': {'email': '{email}', 'csrf': '{prepare.csrf}'}",
    "{'status': 200, 'json': {'path': 'taken', 'equals': true}}",
    "",
    "{'kind': 'phone', 'json': 'phone'}",
  };
  g_autoptr (GString) out = g_string_new (base_check);

  for (guint i = 0; i < G_N_ELEMENTS (markers); i++)
    g_string_replace (out, markers[i],
                      marker != NULL && g_str_equal (marker, markers[i]) ? text : defaults[i], 1);
  g_string_prepend (out, "{'format': 'aura-email-checks', 'version': 1, 'checks': [");
  g_string_append (out, "]}");
  g_strdelimit (out->str, "'", '"');
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static const Case bad_cases[] = {
  { "@TOP@", "'colour': 'red',", "field “colour”: unknown field" },
  { "@TOP@", "'rate': 0,", "field “rate”" },
  { "@TOP@", "'rate': 'fast',", "field “rate”" },
  { "@TOP@", "'disabled': true,", "field “disabled”" },
  { "@TOP@", "'needs_online_check': 'yes',", "field “needs_online_check”" },
  { "@TOP@", "'notes': '',", "field “notes”: must not be empty" },
  { "@EXTRACT@", "", "field “prepare.extract”: must name at least one value" },
  { "@EXTRACT@", "'csrf': {'input': 'csrf', 'meta': 'csrf'}", "field “prepare.extract.csrf”" },
  { "@EXTRACT@", "'csrf': {'xpath': '//a'}", "field “prepare.extract.csrf.xpath”: unknown" },
  { "@EXTRACT@", "'csrf': {'regex': 'token=[a-z]+'}", "field “prepare.extract.csrf.regex”" },
  { "@EXTRACT@", "'csrf': {'regex': '(a+)+b'}", "field “prepare.extract.csrf.regex”" },
  { "@EXTRACT@", "'csrf': {'regex': '([a-z'}", "field “prepare.extract.csrf.regex”" },
  { "@EXTRACT@", "'csrf': {'json': 'a..b'}", "field “prepare.extract.csrf.json”" },
  { "@EXTRACT@", "'CSRF': {'cookie': 'x'}", "field “prepare.extract.CSRF”" },
  { "@EXTRACT@", "'csrf': {'cookie': 'bad name'}", "field “prepare.extract.csrf.cookie”" },
  { "@URL@", "ftp://site.example/", "field “request.url”: must be an absolute http" },
  { "@URL@", "https://site.example/check?e={email}",
    "field “request.url”: “{email}” is not "
    "escaped" },
  { "@URL@", "https://site.example/check?e={mail_url}",
    "field “request.url”: unknown "
    "placeholder" },
  { "@URL@", "https://site.example/check?t={prepare.token|url}",
    "field “request.url”: "
    "“{prepare.token|url}” refers "
    "to “token”" },
  { "@URL@", "https://site.example/check?e={email|base64}",
    "field “request.url”: unknown "
    "filter" },
  { "@BODY@", "'form': {'email': '{prepare.nope}'}", "field “request.form.email”" },
  { "@BODY@", "'form': {'email': 3}", "field “request.form.email”: must be a string" },
  { "@BODY@", "'form': {'a': 'b'}, 'json': {'a': 'b'}", "field “request”: give one of" },
  { "@BODY@", "'json': {'deep': ['{random}', {'x': '{locale}'}]}",
    "field “request.json”: "
    "unknown placeholder" },
  { "@BODY@", "'json': 'text'", "field “request.json”: must be an object or an array" },
  { "@BODY@", "'content_type': 'text/plain'", "field “request.content_type”: only goes with" },
  { "@BODY@", "'headers': {'X-A': 'one\\ntwo'}", "field “request.headers.X-A”: a header value" },
  { "@BODY@", "'headers': {'Bad Header': 'x'}", "field “request.headers.Bad Header”" },
  { "@BODY@", "'method': 'DELETE'", "field “request.method”" },
  { "@BODY@", "'follow_redirects': 'no'", "field “request.follow_redirects”" },
  { "@BODY@", "'extract': {}", "field “request.extract”: unknown field" },
  { "@FOUND@", "", "field “detect.found”: give 1 to" },
  { "@FOUND@", "{}", "field “detect.found[0]”: an empty rule" },
  { "@FOUND@", "{'status': 'ok'}", "field “detect.found[0].status”" },
  { "@FOUND@", "{'status': [200, 1000]}", "field “detect.found[0].status[1]”" },
  { "@FOUND@", "{'contains': []}", "field “detect.found[0].contains”" },
  { "@FOUND@", "{'contains': [1]}", "field “detect.found[0].contains”" },
  { "@FOUND@", "{'regex': '(x*)*y'}", "field “detect.found[0].regex”" },
  { "@FOUND@", "{'json': {'path': 'a'}}", "field “detect.found[0].json”: give exactly one" },
  { "@FOUND@", "{'json': {'path': 'a', 'equals': [1]}}", "field “detect.found[0].json”" },
  { "@FOUND@", "{'json': [{'path': 'a', 'in': []}]}", "field “detect.found[0].json[0].in”" },
  { "@FOUND@", "{'json': {'path': 'a[x]', 'exists': true}}", "field “detect.found[0].json.path”" },
  { "@FOUND@", "{'redirect': ''}", "field “detect.found[0].redirect”" },
  { "@FOUND@", "{'statuses': [200]}", "field “detect.found[0].statuses”: unknown" },
  { "@DETECT@", ", 'maybe': []", "field “detect.maybe”: unknown field" },
  { "@DETECT@", ", 'blocked': {}", "field “detect.blocked”: must be a list" },
  { "@HINTS@", "{'kind': 'fax', 'json': 'a'}", "field “hints[0].kind”" },
  { "@HINTS@", "{'kind': 'phone'}", "field “hints[0]”: give either" },
  { "@HINTS@", "{'kind': 'email', 'regex': 'a', 'json': 'b'}", "field “hints[0]”: give either" },
};

static void
test_malformed_checks_name_the_field (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *text = build (bad_cases[i].marker, bad_cases[i].text);
      g_autoptr (GError) error = NULL;
      g_autoptr (AuraEmailCheckList) list =
          aura_email_check_list_load_data (text, -1, "bad.json", &error);

      if (list != NULL || error == NULL || strstr (error->message, bad_cases[i].field) == NULL ||
          !g_str_has_prefix (error->message, "bad.json: check “site”: "))
        g_error ("case %u (%s): expected an error naming %s, got “%s”\n%s", i, bad_cases[i].marker,
                 bad_cases[i].field, error != NULL ? error->message : "no error", text);
      g_assert_error (error, AURA_EMAIL_CHECK_ERROR, AURA_EMAIL_CHECK_ERROR_INVALID);
    }
  g_assert_cmpuint (G_N_ELEMENTS (bad_cases), >=, 30);
}

static void
test_valid_check_loads (void)
{
  g_autofree char *text = build (NULL, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraEmailCheckList) list =
      aura_email_check_list_load_data (text, -1, "good.json", &error);
  AuraEmailCheck *check;

  g_assert_no_error (error);
  g_assert_cmpuint (aura_email_check_list_get_n_checks (list), ==, 1);
  check = aura_email_check_list_lookup (list, "SITE");
  g_assert_nonnull (check);
  g_assert_cmpstr (aura_email_check_get_name (check), ==, "Site");
  g_assert_cmpstr (aura_email_check_get_category (check), ==, "social");
  g_assert_true (aura_email_check_has_prepare (check));
  g_assert_false (aura_email_check_get_disabled (check));
  g_assert_false (aura_email_check_get_needs_online_check (check));
  g_assert_cmpstr (aura_email_check_get_origin (check), ==, "good.json");
}

typedef struct
{
  const char *text;
  AuraEmailCheckError code;
  const char *part;
} FileCase;

static void
test_bad_files (void)
{
  g_autofree char *deep = NULL;
  g_autofree char *many = NULL;
  g_autoptr (GString) huge = g_string_new ("{\"format\": \"aura-email-checks\", \"version\": 1, "
                                           "\"description\": \"");
  g_autofree char *dupe = NULL;
  g_autofree char *one = build (NULL, NULL);
  FileCase cases[] = {
    { "not json", AURA_EMAIL_CHECK_ERROR_PARSE, "not valid JSON" },
    { "[]", AURA_EMAIL_CHECK_ERROR_FORMAT, "top level must be an object" },
    { "{\"format\": \"aura-sites\", \"version\": 1, \"checks\": []}", AURA_EMAIL_CHECK_ERROR_FORMAT,
      "field “format”" },
    { "{\"format\": \"aura-email-checks\", \"version\": 2, \"checks\": []}",
      AURA_EMAIL_CHECK_ERROR_FORMAT, "field “version”" },
    { "{\"format\": \"aura-email-checks\", \"version\": 1, \"checks\": {}}",
      AURA_EMAIL_CHECK_ERROR_FORMAT, "field “checks”" },
    { "{\"format\": \"aura-email-checks\", \"version\": 1, \"checks\": [], \"x\": 1}",
      AURA_EMAIL_CHECK_ERROR_FORMAT, "field “x”" },
    { "{\"format\": \"aura-email-checks\", \"version\": 1, \"checks\": [3]}",
      AURA_EMAIL_CHECK_ERROR_INVALID, "check #1" },
    { "{\"format\": \"aura-email-checks\", \"version\": 1, \"checks\": [{\"id\": \"Bad Id\"}]}",
      AURA_EMAIL_CHECK_ERROR_INVALID, "check “#1”: field “id”" },
    { "{\"format\": \"aura-email-checks\", \"version\": 1, \"checks\": [{\"id\": \"x\"}]}",
      AURA_EMAIL_CHECK_ERROR_INVALID, "check “x”: field “name”: missing" },
    { "{\"format\": \"aura-email-checks\", \"version\": 1, \"checks\": [{\"id\": \"x\", \"name\":"
      " \"X\", \"home\": \"https://x.example/\", \"category\": \"cats\"}]}",
      AURA_EMAIL_CHECK_ERROR_INVALID, "field “category”: “cats” is not a category" },
    { "\xff\xfe{}", AURA_EMAIL_CHECK_ERROR_PARSE, "not UTF-8" },
    { NULL, AURA_EMAIL_CHECK_ERROR_PARSE, "nested deeper" },
    { NULL, AURA_EMAIL_CHECK_ERROR_TOO_LARGE, "larger than" },
    { NULL, AURA_EMAIL_CHECK_ERROR_INVALID, "field “id”: the id is already used" },
    { NULL, AURA_EMAIL_CHECK_ERROR_TOO_LARGE, "more than 2000 checks" },
  };
  GString *nest = g_string_new (NULL);
  GString *list =
      g_string_new ("{\"format\": \"aura-email-checks\", \"version\": 1, \"checks\": [");

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (nest, '[');
  deep = g_string_free (nest, FALSE);
  while (huge->len < AURA_EMAIL_CHECK_MAX_FILE_BYTES + 10)
    g_string_append (huge, "padding padding padding padding ");
  g_string_append (huge, "\", \"checks\": []}");
  /* The same check twice. */
  dupe = g_strdup (one);
  {
    g_autofree char *inner =
        g_strndup (strchr (one, '[') + 1, strrchr (one, ']') - strchr (one, '[') - 1);
    g_autofree char *prefix = g_strndup (one, strchr (one, '[') - one + 1);

    g_free (dupe);
    dupe = g_strdup_printf ("%s%s, %s]}", prefix, inner, inner);
  }
  for (guint i = 0; i < AURA_EMAIL_CHECK_MAX_CHECKS + 1; i++)
    g_string_append_printf (list, "%s{}", i > 0 ? "," : "");
  g_string_append (list, "]}");
  many = g_string_free (list, FALSE);
  cases[11].text = deep;
  cases[12].text = huge->str;
  cases[13].text = dupe;
  cases[14].text = many;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (AuraEmailCheckList) loaded =
          aura_email_check_list_load_data (cases[i].text, -1, "file.json", &error);

      g_assert_null (loaded);
      if (error == NULL || error->code != (int)cases[i].code ||
          strstr (error->message, cases[i].part) == NULL)
        g_error ("file case %u: expected “%s”, got “%s”", i, cases[i].part,
                 error != NULL ? error->message : "no error");
    }
}

static void
test_folders (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("aura-emailcheck-XXXXXX", NULL);
  g_autofree char *user = g_build_filename (tmp, "aura", "email-checks", NULL);
  g_autofree char *bundled = g_build_filename (tmp, "bundled", NULL);
  g_autofree char *one = build (NULL, NULL);
  g_autofree char *a = g_build_filename (bundled, "a.json", NULL);
  g_autofree char *b = g_build_filename (bundled, "b.json", NULL);
  g_autofree char *u = g_build_filename (user, "mine.json", NULL);
  g_autofree char *dir = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraEmailCheckList) list = NULL;
  const char *const *warnings;

  g_assert_cmpint (g_mkdir_with_parents (user, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (bundled, 0700), ==, 0);
  g_assert_true (g_file_set_contents (a, one, -1, NULL));
  g_assert_true (g_file_set_contents (u, one, -1, NULL));
  g_setenv ("XDG_DATA_HOME", tmp, TRUE);
  g_setenv ("AURA_EMAIL_CHECKS_DIR", bundled, TRUE);
  dir = aura_email_check_list_get_bundled_dir ();
  g_assert_cmpstr (dir, ==, bundled);
  g_clear_pointer (&dir, g_free);
  dir = aura_email_check_list_get_user_dir ();
  g_assert_cmpstr (dir, ==, user);

  /* A user check replaces the bundled one of the same id, with a warning. */
  list = aura_email_check_list_load_default (&error);
  g_assert_no_error (error);
  g_assert_cmpuint (aura_email_check_list_get_n_checks (list), ==, 1);
  g_assert_cmpstr (aura_email_check_get_origin (aura_email_check_list_get_check (list, 0)), ==, u);
  warnings = aura_email_check_list_get_warnings (list);
  g_assert_nonnull (warnings[0]);
  g_assert_nonnull (strstr (warnings[0], "replaces"));
  g_clear_object (&list);

  /* Two bundled files with the same id are an error naming both. */
  g_assert_true (g_file_set_contents (b, one, -1, NULL));
  list = aura_email_check_list_load_dir (bundled, &error);
  g_assert_null (list);
  g_assert_error (error, AURA_EMAIL_CHECK_ERROR, AURA_EMAIL_CHECK_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "b.json: check “site”: field “id”"));
  g_assert_nonnull (strstr (error->message, "a.json"));
  g_clear_error (&error);

  list = aura_email_check_list_load_file ("/nonexistent/checks.json", &error);
  g_assert_null (list);
  g_assert_error (error, AURA_EMAIL_CHECK_ERROR, AURA_EMAIL_CHECK_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_unsetenv ("AURA_EMAIL_CHECKS_DIR");
  g_clear_pointer (&dir, g_free);
  dir = aura_email_check_list_get_bundled_dir ();
  g_assert_true (g_str_has_suffix (dir, "data/email-checks"));
  g_remove (a);
  g_remove (b);
  g_remove (u);
  g_rmdir (user);
  g_clear_pointer (&user, g_free);
  user = g_build_filename (tmp, "aura", NULL);
  g_rmdir (user);
  g_rmdir (bundled);
  g_rmdir (tmp);
}

static void
test_templates_and_paths (void)
{
  const char *const names[] = { "csrf", NULL };
  g_autoptr (GHashTable) vars = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (AuraEmailTemplate) url = NULL;
  g_autoptr (AuraEmailTemplate) body = NULL;
  g_autoptr (AuraEmailTemplate) header = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *filled = NULL;
  g_autoptr (AuraSourcePath) path = NULL;
  g_autoptr (JsonNode) root = NULL;

  g_hash_table_insert (vars, "email", "a+b&c@x.example");
  g_hash_table_insert (vars, "local", "a+b&c");
  g_hash_table_insert (vars, "domain", "x.example");
  g_hash_table_insert (vars, "random", "r4nd0m");
  g_hash_table_insert (vars, "prepare.csrf", "q\"\nz");
  url = aura_email_template_parse ("https://x.example/{random}?e={email_url}&l={local|url}"
                                   "&{\"literal\": 1}",
                                   AURA_EMAIL_TEMPLATE_URL, names, &error);
  g_assert_no_error (error);
  filled = aura_email_template_expand (url, vars, TRUE, &error);
  g_assert_cmpstr (filled, ==,
                   "https://x.example/r4nd0m?e=a%2Bb%26c%40x.example&l=a%2Bb%26c&{\"literal\": 1}");
  g_clear_pointer (&filled, g_free);
  body = aura_email_template_parse ("{\"e\": \"{email_json}\", \"t\": \"{prepare.csrf|json}\"}",
                                    AURA_EMAIL_TEMPLATE_TEXT, names, &error);
  g_assert_no_error (error);
  filled = aura_email_template_expand (body, vars, FALSE, &error);
  g_assert_cmpstr (filled, ==, "{\"e\": \"a+b&c@x.example\", \"t\": \"q\\\"\\u000az\"}");
  /* A value with a line break never goes in a header. */
  header = aura_email_template_parse ("{prepare.csrf}", AURA_EMAIL_TEMPLATE_TEXT, names, &error);
  g_assert_null (aura_email_template_expand (header, vars, TRUE, &error));
  g_assert_error (error, AURA_EMAIL_CHECK_ERROR, AURA_EMAIL_CHECK_ERROR_INVALID);
  g_clear_error (&error);

  root = json_from_string ("{\"a\": {\"odd.key\": [10, {\"b\": \"x\"}]}}", NULL);
  path = aura_source_path_parse ("$.a[\"odd.key\"][1].b", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_node_get_string (aura_source_path_first (path, root)), ==, "x");
  g_clear_pointer (&path, aura_source_path_free);
  path = aura_source_path_parse ("a[\"odd.key\"][7]", &error);
  g_assert_null (aura_source_path_first (path, root));
  g_clear_pointer (&path, aura_source_path_free);
  /* The sources' path language: "" is the root there (a manifest refuses
   * an empty string before it is a path). */
  for (guint i = 0; i < 4; i++)
    {
      const char *bad[] = { "a..b", "a[", "a[x]", "a.\"b\"" };

      g_assert_null (aura_source_path_parse (bad[i], &error));
      g_assert_error (error, AURA_SOURCE_ERROR, AURA_SOURCE_ERROR_INVALID);
      g_clear_error (&error);
    }
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/emailcheck/manifest/malformed-checks-name-the-field",
                   test_malformed_checks_name_the_field);
  g_test_add_func ("/emailcheck/manifest/valid-check-loads", test_valid_check_loads);
  g_test_add_func ("/emailcheck/manifest/bad-files", test_bad_files);
  g_test_add_func ("/emailcheck/manifest/folders-and-overrides", test_folders);
  g_test_add_func ("/emailcheck/manifest/templates-and-paths", test_templates_and_paths);
  return g_test_run ();
}
