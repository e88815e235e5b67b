/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "aura.h"
#include "aura-adapter.h"

/* The adapter manifest format: the bundled manifests load cleanly, and
 * every kind of broken manifest is refused with a message naming the
 * file, the adapter and the field. */

static const char base_manifest[] =
    "{\n"
    " \"aura_adapter\": 1,\n"
    " \"id\": \"t\",\n"
    " \"name\": \"Test\",\n"
    " \"homepage\": \"https://example.org/\",\n"
    " \"executables\": [\"tool\"],\n"
    " \"version_probe\": {\"args\": [\"--version\"], \"pattern\": \"([0-9.]+)\"},\n"
    " \"input_types\": [\"username\"],\n"
    " \"output_types\": [\"url\", \"person\"],\n"
    " \"arguments\": [\"--out\", \"{output_dir}\", \"{value}\"],\n"
    " \"environment\": {\"set\": {\"LANG\": \"C\"}, \"unset\": [\"DISPLAY\"]},\n"
    " \"timeout_s\": 60,\n"
    " \"success_exit_codes\": [0],\n"
    " \"output\": {\"from\": \"stdout\", \"format\": \"jsonl\"},\n"
    " \"mapping\": [{\"records\": \"items\", \"each\": \"element\",\n"
    "   \"when\": [{\"field\": \"ok\", \"equals\": true}],\n"
    "   \"entities\": [{\"id\": \"u\", \"type\": \"url\", \"value\": \"{url}\", \"attributes\": "
    "{\"n\": \"name\"}},\n"
    "                {\"id\": \"p\", \"type\": \"person\", \"value\": \"{name}\"}],\n"
    "   \"relations\": [{\"from\": \"@input\", \"to\": \"u\", \"type\": \"has_account\"},\n"
    "                 {\"from\": \"u\", \"to\": \"p\", \"type\": \"has_name\"}]}]\n"
    "}\n";

typedef struct
{
  const char *find;
  const char *replace;
  const char *field;
} Case;

static const Case bad_cases[] = {
  { "\"aura_adapter\": 1", "\"aura_adapter\": 2", "aura_adapter" },
  { "\"aura_adapter\": 1,", "", "aura_adapter" },
  { "\"id\": \"t\"", "\"id\": \"bad id!\"", "id" },
  { "\"name\": \"Test\",", "", "name" },
  { "https://example.org/", "ftp://example.org/", "homepage" },
  { "[\"tool\"]", "[]", "executables" },
  { "[\"tool\"]", "[\"/bin/sh\"]", "executables[0]" },
  { "[\"tool\"]", "[\"-x\"]", "executables[0]" },
  { "[\"tool\"]", "\"tool\"", "executables" },
  { "\"pattern\": \"([0-9.]+)\"", "\"pattern\": \"([0-9.\"", "version_probe.pattern" },
  { "[\"--version\"]", "[\"{value}\"]", "version_probe.args" },
  { "[\"username\"]", "[\"wizard\"]", "input_types[0]" },
  { "\"output_types\": [\"url\", \"person\"]", "\"output_types\": [\"url\"]",
    "mapping[0].entities[1].type" },
  { "\"{output_dir}\", \"{value}\"", "\"{output_dir}\"", "arguments" },
  { "\"{output_dir}\"", "\"{outdir}\"", "arguments[1]" },
  { "\"--out\"", "42", "arguments[0]" },
  { "\"LANG\": \"C\"", "\"LA NG\": \"C\"", "environment.set.LA NG" },
  { "\"LANG\": \"C\"", "\"LANG\": 3", "environment.set.LANG" },
  { "[\"DISPLAY\"]", "[\"1X\"]", "environment.unset" },
  { "\"timeout_s\": 60", "\"timeout_s\": 0", "timeout_s" },
  { "\"timeout_s\": 60", "\"timeout_s\": \"60\"", "timeout_s" },
  { "\"success_exit_codes\": [0]", "\"success_exit_codes\": [256]", "success_exit_codes[0]" },
  { "\"success_exit_codes\": [0]", "\"success_exit_codes\": []", "success_exit_codes" },
  { "\"from\": \"stdout\"", "\"from\": \"pipe\"", "output.from" },
  { "\"format\": \"jsonl\"", "\"format\": \"xml\"", "output.format" },
  { "\"from\": \"stdout\", ", "\"from\": \"file\", ", "output.file" },
  { "\"from\": \"stdout\", ", "\"from\": \"file\", \"file\": \"../x\", ", "output.file" },
  { "\"from\": \"stdout\", ", "\"from\": \"stdout\", \"file\": \"x\", ", "output.file" },
  { "\"output\": {\"from\": \"stdout\", \"format\": \"jsonl\"},", "", "output" },
  { "\"records\": \"items\"", "\"records\": \"items[\"", "mapping[0].records" },
  { "\"each\": \"element\"", "\"each\": \"every\"", "mapping[0].each" },
  { "\"equals\": true", "\"equals\": true, \"present\": true", "mapping[0].when[0]" },
  { "\"equals\": true", "\"matches\": \"(\"", "mapping[0].when[0].matches" },
  { "\"equals\": true", "\"equals\": [1]", "mapping[0].when[0].equals" },
  { "\"equals\": true", "\"present\": \"yes\"", "mapping[0].when[0].present" },
  { "{\"field\": \"ok\"", "{\"field\": \"@nothing\"", "mapping[0].when[0].field" },
  { "\"type\": \"url\"", "\"type\": \"spaceship\"", "mapping[0].entities[0].type" },
  { "\"value\": \"{url}\"", "\"value\": \"{url\"", "mapping[0].entities[0].value" },
  { "\"value\": \"{url}\"", "\"value\": \"{@key}\"", "mapping[0].entities[0].value" },
  { "\"value\": \"{url}\"", "\"value\": \"{@item}\"", "mapping[0].entities[0].value" },
  { "\"value\": \"{url}\"", "\"value\": \"\"", "mapping[0].entities[0].value" },
  { "\"value\": \"{url}\", ", "", "mapping[0].entities[0].value" },
  { "{\"id\": \"p\"", "{\"id\": \"u\"", "mapping[0].entities[1].id" },
  { "\"to\": \"u\"", "\"to\": \"zz\"", "mapping[0].relations[0].to" },
  { "{\"from\": \"u\", \"to\": \"p\"", "{\"from\": \"nobody\", \"to\": \"p\"",
    "mapping[0].relations[1].from" },
  { "{\"from\": \"u\", \"to\": \"p\"", "{\"from\": \"p\", \"to\": \"p\"",
    "mapping[0].relations[1].to" },
  { "\"type\": \"has_name\"", "\"type\": \"has name\"", "mapping[0].relations[1].type" },
  { "\"attributes\": {\"n\": \"name\"}", "\"attributes\": {\"n\": 5}",
    "mapping[0].entities[0].attributes.n" },
  { "\"attributes\": {\"n\": \"name\"}", "\"attributes\": {\"bad name\": \"name\"}",
    "mapping[0].entities[0].attributes.bad name" },
  { "\"attributes\": {\"n\": \"name\"}", "\"attributes\": {\"n\": \"a[\"}",
    "mapping[0].entities[0].attributes.n" },
  { "\"type\": \"url\", \"value\"", "\"type\": \"url\", \"for_each\": 3, \"value\"",
    "mapping[0].entities[0].for_each" },
  { "\"type\": \"url\", \"value\"", "\"type\": \"url\", \"pattern\": \"[\", \"value\"",
    "mapping[0].entities[0].pattern" },
  { "\"mapping\": [{", "\"mapping\": [], \"x-old\": [{", "mapping" },
  { "\"entities\": [{\"id\": \"u\"", "\"entities\": [], \"x\": [{\"id\": \"u\"",
    "mapping[0].entities" },
  { "\"format\": \"jsonl\"", "\"format\": \"csv\"", "mapping[0].records" },
  { "\"format\": \"jsonl\"", "\"format\": \"text\"", "mapping[0].records" },
  { "\"records\": \"items\", \"each\": \"element\",", "\"each\": \"nothing\",", "mapping[0].each" },
};

static char *
replace_once (const char *text, const char *find, const char *replace)
{
  const char *at = strstr (text, find);

  g_assert_nonnull (at);
  /* Each case's text must be unique in the base, or the case would test
   * something else than it says. */
  g_assert_null (strstr (at + 1, find));
  return g_strdup_printf ("%.*s%s%s", (int)(at - text), text, replace, at + strlen (find));
}

static void
test_base_is_valid (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (AuraAdapter) adapter =
      aura_adapter_load_data (base_manifest, -1, "base.json", warnings, &error);

  g_assert_no_error (error);
  g_assert_nonnull (adapter);
  g_assert_cmpuint (warnings->len, ==, 0);
  g_assert_cmpstr (aura_adapter_get_id (adapter), ==, "t");
  g_assert_true (aura_adapter_accepts (adapter, AURA_ENTITY_USERNAME));
  g_assert_false (aura_adapter_accepts (adapter, AURA_ENTITY_EMAIL));
  g_assert_true (aura_adapter_yields (adapter, AURA_ENTITY_PERSON));
  g_assert_cmpuint (aura_adapter_get_timeout (adapter), ==, 60);
}

static void
test_bad_case (gconstpointer data)
{
  const Case *bad = data;
  g_autofree char *text = replace_once (base_manifest, bad->find, bad->replace);
  g_autofree char *expected = g_strdup_printf ("field “%s”", bad->field);
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraAdapter) adapter = aura_adapter_load_data (text, -1, "bad.json", NULL, &error);

  g_assert_null (adapter);
  g_assert_error (error, AURA_ADAPTER_ERROR, AURA_ADAPTER_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "bad.json: adapter “"));
  if (strcmp (bad->field, "id") != 0)
    g_assert_nonnull (strstr (error->message, "adapter “t”"));
  g_assert_nonnull (strstr (error->message, expected));
}

static void
test_not_json (void)
{
  static const char *const texts[] = { "",  "{", "[1, 2]", "\"text\"", "{\"id\": \"x\"} trailing",
                                       NULL };

  for (guint i = 0; texts[i] != NULL; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (AuraAdapter) adapter =
          aura_adapter_load_data (texts[i], -1, "x.json", NULL, &error);

      g_assert_null (adapter);
      g_assert_nonnull (error);
      g_assert_true (g_error_matches (error, AURA_ADAPTER_ERROR, AURA_ADAPTER_ERROR_PARSE) ||
                     g_error_matches (error, AURA_ADAPTER_ERROR, AURA_ADAPTER_ERROR_INVALID));
      g_assert_true (g_str_has_prefix (error->message, "x.json: "));
    }
}

static void
test_hostile_sizes (void)
{
  g_autoptr (GString) deep = g_string_new (NULL);
  g_autoptr (GString) big = g_string_new ("{\"id\": \"");
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraAdapter) adapter = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  adapter = aura_adapter_load_data (deep->str, -1, "deep.json", NULL, &error);
  g_assert_null (adapter);
  g_assert_error (error, AURA_ADAPTER_ERROR, AURA_ADAPTER_ERROR_PARSE);
  g_clear_error (&error);

  for (guint i = 0; i < AURA_ADAPTER_MANIFEST_MAX_BYTES; i++)
    g_string_append_c (big, 'a');
  g_string_append (big, "\"}");
  adapter = aura_adapter_load_data (big->str, -1, "big.json", NULL, &error);
  g_assert_null (adapter);
  g_assert_error (error, AURA_ADAPTER_ERROR, AURA_ADAPTER_ERROR_TOO_LARGE);
}

static void
test_unknown_fields_warn (void)
{
  g_autofree char *text =
      replace_once (base_manifest, "\"timeout_s\": 60,",
                    "\"timeout_s\": 60, \"colour\": \"red\", \"_comment\": \"ok\", \"x-ours\": 1,");
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraAdapter) adapter = aura_adapter_load_data (text, -1, "w.json", warnings, &error);

  g_assert_no_error (error);
  g_assert_nonnull (adapter);
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_nonnull (strstr (warnings->pdata[0], "“colour”"));
}

static void
test_text_groups_checked (void)
{
  static const char manifest[] =
      "{\"aura_adapter\": 1, \"id\": \"lines\", \"name\": \"Lines\", \"executables\": [\"l\"],"
      " \"input_types\": [\"domain\"], \"output_types\": [\"ip\"], \"arguments\": [\"{value}\"],"
      " \"output\": {\"from\": \"stdout\", \"format\": \"text\"},"
      " \"mapping\": [{\"line_pattern\": \"^(?<addr>\\\\S+)$\","
      "   \"entities\": [{\"id\": \"a\", \"type\": \"ip\", \"value\": \"{%s}\"}]}]}";
  g_autofree char *good = g_strdup_printf (manifest, "addr");
  g_autofree char *bad = g_strdup_printf (manifest, "address");
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraAdapter) adapter = aura_adapter_load_data (good, -1, "l.json", NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (adapter);
  g_clear_pointer (&adapter, aura_adapter_unref);
  adapter = aura_adapter_load_data (bad, -1, "l.json", NULL, &error);
  g_assert_null (adapter);
  g_assert_error (error, AURA_ADAPTER_ERROR, AURA_ADAPTER_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "mapping[0].entities[0].value"));
  g_assert_nonnull (strstr (error->message, "“address”"));
}

static void
test_bundled_load (void)
{
  static const char *const ids[] = { "amass",        "holehe",   "maigret",
                                     "phoneinfoga",  "sherlock", "subfinder",
                                     "theharvester", "yt-dlp",   NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraAdapterList) list = aura_adapter_list_load_bundled (&error);

  g_assert_no_error (error);
  g_assert_nonnull (list);
  g_assert_cmpuint (aura_adapter_list_get_n_adapters (list), ==, g_strv_length ((GStrv)ids));
  for (guint i = 0; aura_adapter_list_get_warnings (list)[i] != NULL; i++)
    g_test_message ("warning: %s", aura_adapter_list_get_warnings (list)[i]);
  g_assert_null (aura_adapter_list_get_warnings (list)[0]);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      AuraAdapter *adapter = aura_adapter_list_lookup (list, ids[i]);

      g_assert_nonnull (adapter);
      g_assert_nonnull (aura_adapter_get_description (adapter));
      g_assert_true (g_str_has_prefix (aura_adapter_get_homepage (adapter), "https://"));
    }
  g_assert_true (
      aura_adapter_accepts (aura_adapter_list_lookup (list, "holehe"), AURA_ENTITY_EMAIL));
  g_assert_true (
      aura_adapter_accepts (aura_adapter_list_lookup (list, "THEHARVESTER"), AURA_ENTITY_DOMAIN));
  g_assert_true (
      aura_adapter_yields (aura_adapter_list_lookup (list, "yt-dlp"), AURA_ENTITY_VIDEO));
  g_assert_finalize_object (g_steal_pointer (&list));
}

static void
test_missing_dir (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraAdapterList) list = aura_adapter_list_load_dir ("/nonexistent/aura", &error);

  g_assert_null (list);
  g_assert_error (error, AURA_ADAPTER_ERROR, AURA_ADAPTER_ERROR_NOT_FOUND);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/adapter/manifest/base-is-valid", test_base_is_valid);
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/adapter/manifest/refused/%02u", i);

      g_test_add_data_func (name, &bad_cases[i], test_bad_case);
    }
  g_test_add_func ("/adapter/manifest/not-json", test_not_json);
  g_test_add_func ("/adapter/manifest/hostile-sizes", test_hostile_sizes);
  g_test_add_func ("/adapter/manifest/unknown-fields-warn", test_unknown_fields_warn);
  g_test_add_func ("/adapter/manifest/text-groups-checked", test_text_groups_checked);
  g_test_add_func ("/adapter/manifest/bundled-load", test_bundled_load);
  g_test_add_func ("/adapter/manifest/missing-dir", test_missing_dir);
  return g_test_run ();
}
