/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include <locale.h>

#include "aura-link-out.h"
#include "aura-tool-registry.h"
#include "aura.h"

/* The tool registry and the link-outs: the bundled manifests load and
 * every link builds a safe address for a value of each type it takes;
 * malformed manifests are refused naming the field; the registry lists
 * the four kinds with their keys and states. */

static const char *
sample_value (const char *type)
{
  static const struct
  {
    const char *type, *value;
  } samples[] = {
    { "username", "alice_01" },
    { "email", "Alice.Martin@Example.org" },
    { "phone", "+33 6 12 34 56 78" },
    { "domain", "example.org" },
    { "subdomain", "www.example.org" },
    { "ip", "192.0.2.7" },
    { "url", "https://example.org/a b?c=d&e=f#g" },
    { "person", "Alice Martin" },
    { "organisation", "Example & Co" },
    { "location", "48.8584, 2.2945" },
    { "image", "https://example.org/p.jpg" },
    { "hashtag", "#osint" },
    { "asn", "AS64500" },
    { "identifier", "UA-12345-1" },
    { "network", "192.0.2.0/24" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    if (g_strcmp0 (samples[i].type, type) == 0)
      return samples[i].value;
  return NULL;
}

static char *
template_host (const char *template)
{
  g_autoptr (GRegex) field = g_regex_new ("\\{[a-z0-9_]+\\}", 0, 0, NULL);
  g_autofree char *sample = g_regex_replace_literal (field, template, -1, 0, "x", 0, NULL);
  g_autoptr (GUri) uri = g_uri_parse (sample, G_URI_FLAGS_ENCODED, NULL);

  g_assert_nonnull (uri);
  return g_strdup (g_uri_get_host (uri));
}

static void
test_bundled_link_outs (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraLinkOutList) list = aura_link_out_list_load_bundled (&error);
  guint built = 0;

  g_assert_no_error (error);
  g_assert_nonnull (list);
  g_assert_cmpuint (aura_link_out_list_get_n_links (list), >=, 100);

  for (guint i = 0; i < aura_link_out_list_get_n_links (list); i++)
    {
      const AuraLinkOut *link = aura_link_out_list_get_link (list, i);
      const char *const *inputs = aura_link_out_get_inputs (link);
      g_autofree char *host = template_host (aura_link_out_get_template (link));

      g_assert_nonnull (aura_link_out_get_category (link));
      for (guint j = 0; inputs[j] != NULL; j++)
        {
          AuraEntityType type;
          const char *value = sample_value (inputs[j]);
          g_autofree char *url = NULL;
          g_autoptr (GUri) uri = NULL;

          g_assert_true (aura_entity_type_from_string (inputs[j], &type, NULL));
          if (value == NULL)
            g_error ("no sample value for %s (link %s)", inputs[j], aura_link_out_get_id (link));
          url = aura_link_out_build_url (link, type, value, &error);
          g_assert_no_error (error);
          uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, &error);
          g_assert_no_error (error);
          g_assert_cmpstr (g_uri_get_host (uri), ==, host);
          g_assert_null (strchr (url, ' '));
          built++;
        }
    }
  g_test_message ("%u addresses built", built);
}

static const AuraLinkOut *
lookup (AuraLinkOutList *list, const char *id)
{
  const AuraLinkOut *link = aura_link_out_list_lookup (list, id);

  g_assert_nonnull (link);
  return link;
}

static void
assert_url (AuraLinkOutList *list,
            const char *id,
            AuraEntityType type,
            const char *value,
            const char *expected)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *url = aura_link_out_build_url (lookup (list, id), type, value, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (url, ==, expected);
}

static void
test_fields (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraLinkOutList) list = aura_link_out_list_load_bundled (&error);
  g_autofree char *url = NULL;

  g_assert_no_error (error);
  assert_url (list, "whatsapp", AURA_ENTITY_PHONE, "+33 6 12 34 56 78",
              "https://wa.me/33612345678");
  assert_url (list, "telegram-phone", AURA_ENTITY_PHONE, "+33612345678",
              "https://t.me/+33612345678");
  assert_url (list, "truecaller", AURA_ENTITY_PHONE, "+44 20 7946 0018",
              "https://www.truecaller.com/search/gb/02079460018");
  assert_url (list, "x-profile", AURA_ENTITY_USERNAME, "@alice", "https://x.com/alice");
  assert_url (list, "tiktok-hashtag", AURA_ENTITY_HASHTAG, "#OSINT",
              "https://www.tiktok.com/tag/OSINT");
  assert_url (list, "gravatar-profile", AURA_ENTITY_EMAIL, "Alice@Example.COM",
              "https://gravatar.com/c160f8cc69a4f0bf2b0362752353d060");
  assert_url (list, "bgp-he-asn", AURA_ENTITY_ASN, "AS13335", "https://bgp.he.net/AS13335");
  assert_url (list, "suncalc", AURA_ENTITY_LOCATION, "48.8584,2.2945",
              "https://www.suncalc.org/#/48.858400,2.294500,17/");
  /* A hostile value stays inside the query: no new host, path or fragment. */
  assert_url (list, "google", AURA_ENTITY_PERSON, "a\"b #c/d?e&f",
              "https://www.google.com/search?q=%22a%22b%20%23c%2Fd%3Fe%26f%22");
  assert_url (list, "duckduckgo", AURA_ENTITY_PERSON, "Zoë Ωmega",
              "https://duckduckgo.com/?q=%22Zo%C3%AB%20%CE%A9mega%22");

  /* Coordinates are needed where the link says so. */
  url = aura_link_out_build_url (lookup (list, "google-street-view"), AURA_ENTITY_LOCATION,
                                 "Eiffel Tower, Paris", &error);
  g_assert_error (error, AURA_LINK_OUT_ERROR, AURA_LINK_OUT_ERROR_MISSING_FIELD);
  g_assert_null (url);
  g_clear_error (&error);
  /* A type the link does not take. */
  url = aura_link_out_build_url (lookup (list, "whatsapp"), AURA_ENTITY_EMAIL, "a@example.org",
                                 &error);
  g_assert_error (error, AURA_LINK_OUT_ERROR, AURA_LINK_OUT_ERROR_WRONG_INPUT);
  g_clear_error (&error);
  /* A value that is not one. */
  url = aura_link_out_build_url (lookup (list, "whatsapp"), AURA_ENTITY_PHONE, "not a number",
                                 &error);
  g_assert_error (error, AURA_LINK_OUT_ERROR, AURA_LINK_OUT_ERROR_MISSING_FIELD);
  g_clear_error (&error);
  url = aura_link_out_build_url (lookup (list, "x-profile"), AURA_ENTITY_USERNAME, "", &error);
  g_assert_nonnull (error);
  g_clear_error (&error);
}

/* Each malformed manifest is refused with the field it names, and leaves
 * the list as it was. */
static void
test_malformed (void)
{
  static const struct
  {
    const char *json, *expected;
  } cases[] = {
    { "[", "not valid JSON" },
    { "[]", "a JSON object is expected" },
    { "{\"version\":1,\"link_outs\":[]}", "format" },
    { "{\"format\":\"other\",\"version\":1,\"link_outs\":[]}", "format" },
    { "{\"format\":\"aura-link-outs\",\"version\":2,\"link_outs\":[]}", "version" },
    { "{\"format\":\"aura-link-outs\",\"version\":1}", "link_outs" },
    { "{\"format\":\"aura-link-outs\",\"version\":1,\"link_outs\":{}}", "link_outs" },
    { "{\"format\":\"aura-link-outs\",\"version\":1,\"link_outs\":[],\"extra\":1}", "extra" },
    { "{\"format\":\"aura-link-outs\",\"version\":1,\"link_outs\":[3]}", "not an object" },
    { "{\"format\":\"aura-link-outs\",\"version\":1,\"link_outs\":[{}]}", "id: missing" },
    { "{\"format\":\"aura-link-outs\",\"version\":1,\"link_outs\":[{\"id\":\"Bad Id\"}]}", "id:" },
  };
  static const struct
  {
    const char *link, *expected;
  } links[] = {
    { "\"name\":\"N\",\"category\":\"c\",\"inputs\":[\"email\"]", "url: missing" },
    { "\"category\":\"c\",\"inputs\":[\"email\"],\"url\":\"https://a.test/{value}\"",
      "name: missing" },
    { "\"name\":\"N\",\"inputs\":[\"email\"],\"url\":\"https://a.test/{value}\"",
      "category: missing" },
    { "\"name\":\"N\",\"category\":\"Bad Cat\",\"inputs\":[\"email\"],\"url\":\"https://a.test/\"",
      "category:" },
    { "\"name\":\"N\",\"category\":\"c\",\"url\":\"https://a.test/{value}\"", "inputs:" },
    { "\"name\":\"N\",\"category\":\"c\",\"inputs\":[],\"url\":\"https://a.test/{value}\"",
      "inputs:" },
    { "\"name\":\"N\",\"category\":\"c\",\"inputs\":[\"planet\"],\"url\":\"https://a.test/\"",
      "inputs:" },
    { "\"name\":\"N\",\"category\":\"c\",\"inputs\":[\"org\"],\"url\":\"https://a.test/\"",
      "inputs:" },
    { "\"name\":\"N\",\"category\":\"c\",\"inputs\":[\"email\"],\"url\":\"javascript:alert(1)\"",
      "url: not an http" },
    { "\"name\":\"N\",\"category\":\"c\",\"inputs\":[\"email\"],\"url\":\"https://{value}.test/\"",
      "url: the host" },
    { "\"name\":\"N\",\"category\":\"c\",\"inputs\":[\"email\"],\"url\":\"https://{value}/\"",
      "url: the host" },
    { "\"name\":\"N\",\"category\":\"c\",\"inputs\":[\"email\"],\"url\":\"https://a.test/{value\"",
      "closing brace" },
    { "\"name\":\"N\",\"category\":\"c\",\"inputs\":[\"email\"],\"url\":\"https://a.test/{}\"",
      "closing brace" },
    { "\"name\":\"N\",\"category\":\"c\",\"inputs\":[\"email\"],\"url\":\"https://a.test/{Value}\"",
      "lower-case" },
    { "\"name\":\"N\",\"category\":\"c\",\"inputs\":[\"email\",\"ip\"],\"url\":\"https://a.test/"
      "{local}\"",
      "“local” does not exist for ip" },
    { "\"name\":\"N\",\"category\":\"c\",\"inputs\":[\"email\"],\"url\":\"https://a.test/a b\"",
      "printable ASCII" },
    { "\"name\":\"N\",\"category\":\"c\",\"inputs\":[\"email\"],\"url\":\"https://a.test/\","
      "\"homepage\":\"ftp://a.test/\"",
      "homepage" },
    { "\"name\":\"N\",\"category\":\"c\",\"inputs\":[\"email\"],\"url\":\"https://a.test/\","
      "\"account\":\"yes\"",
      "account" },
    { "\"name\":\"N\",\"category\":\"c\",\"inputs\":[\"email\"],\"url\":\"https://a.test/\","
      "\"colour\":\"red\"",
      "colour: unknown field" },
    { "\"name\":\"\",\"category\":\"c\",\"inputs\":[\"email\"],\"url\":\"https://a.test/\"",
      "name: empty" },
    { "\"name\":7,\"category\":\"c\",\"inputs\":[\"email\"],\"url\":\"https://a.test/\"",
      "name: not a string" },
  };
  g_autoptr (AuraLinkOutList) list = aura_link_out_list_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *huge = NULL;
  const char *good = "{\"format\":\"aura-link-outs\",\"version\":1,\"link_outs\":[{\"id\":\"one\","
                     "\"name\":\"One\",\"category\":\"c\",\"inputs\":[\"email\"],"
                     "\"url\":\"https://a.test/?q={value}\"}]}";

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_false (aura_link_out_list_load_data (list, cases[i].json, -1, "bad.json", &error));
      g_assert_error (error, AURA_LINK_OUT_ERROR, AURA_LINK_OUT_ERROR_INVALID);
      if (strstr (error->message, cases[i].expected) == NULL)
        g_error ("case %u: “%s” does not say “%s”", i, error->message, cases[i].expected);
      g_assert_true (g_str_has_prefix (error->message, "bad.json: "));
      g_clear_error (&error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (links); i++)
    {
      g_autofree char *json = g_strdup_printf (
          "{\"format\":\"aura-link-outs\",\"version\":1,\"link_outs\":[{\"id\":\"fine\","
          "\"name\":\"F\",\"category\":\"c\",\"inputs\":[\"email\"],\"url\":\"https://a.test/\"},"
          "{\"id\":\"x\",%s}]}",
          links[i].link);

      g_assert_false (aura_link_out_list_load_data (list, json, -1, "bad.json", &error));
      g_assert_error (error, AURA_LINK_OUT_ERROR, AURA_LINK_OUT_ERROR_INVALID);
      if (strstr (error->message, links[i].expected) == NULL)
        g_error ("link case %u: “%s” does not say “%s”", i, error->message, links[i].expected);
      g_assert_nonnull (strstr (error->message, "link-out 2 (“x”)"));
      g_clear_error (&error);
    }
  /* Nothing of the bad files was kept; a good file loads, twice is a clash. */
  g_assert_cmpuint (aura_link_out_list_get_n_links (list), ==, 0);
  g_assert_true (aura_link_out_list_load_data (list, good, -1, "good.json", &error));
  g_assert_no_error (error);
  g_assert_false (aura_link_out_list_load_data (list, good, -1, "again.json", &error));
  g_assert_error (error, AURA_LINK_OUT_ERROR, AURA_LINK_OUT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "another link-out has this id"));
  g_clear_error (&error);
  g_assert_cmpuint (aura_link_out_list_get_n_links (list), ==, 1);

  huge = g_strnfill (2 * 1024 * 1024, ' ');
  g_assert_false (aura_link_out_list_load_data (list, huge, -1, "huge.json", &error));
  g_assert_error (error, AURA_LINK_OUT_ERROR, AURA_LINK_OUT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (aura_link_out_list_load_dir (list, "/nonexistent-aura-dir", &error));
  g_assert_nonnull (error);
}

static void
test_registry (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraApiKeys) keys = aura_api_keys_new ();
  g_autoptr (AuraToolRegistry) registry = NULL;
  g_autoptr (GPtrArray) phone_tools = NULL;
  g_autoptr (JsonNode) json = NULL;
  const AuraToolInfo *numverify, *crtsh, *site;
  gboolean has_whatsapp = FALSE, has_offline = FALSE;
  guint n;

  aura_api_keys_set_use_keyring (keys, FALSE);
  aura_api_keys_set_use_environment (keys, FALSE);
  registry = aura_tool_registry_load_default (keys, AURA_TOOL_REGISTRY_NO_KEYRING, &error);
  g_assert_no_error (error);
  n = aura_tool_registry_get_n_tools (registry);
  g_test_message ("%u tools: %u native, %u manifest, %u adapter, %u link-out", n,
                  aura_tool_registry_count_kind (registry, AURA_TOOL_KIND_NATIVE),
                  aura_tool_registry_count_kind (registry, AURA_TOOL_KIND_MANIFEST),
                  aura_tool_registry_count_kind (registry, AURA_TOOL_KIND_ADAPTER),
                  aura_tool_registry_count_kind (registry, AURA_TOOL_KIND_LINK_OUT));
  g_assert_cmpuint (n, >=, 150);
  g_assert_cmpuint (aura_tool_registry_count_kind (registry, AURA_TOOL_KIND_NATIVE), >=, 15);
  g_assert_cmpuint (aura_tool_registry_count_kind (registry, AURA_TOOL_KIND_MANIFEST), >=, 100);
  g_assert_cmpuint (aura_tool_registry_count_kind (registry, AURA_TOOL_KIND_LINK_OUT), >=, 100);
  g_assert_null (aura_tool_registry_get_warnings (registry)[0]);

  /* Sorted by kind: natives first, link-outs last. */
  g_assert_cmpint (aura_tool_registry_get_tool (registry, 0)->kind, ==, AURA_TOOL_KIND_NATIVE);
  g_assert_cmpint (aura_tool_registry_get_tool (registry, n - 1)->kind, ==,
                   AURA_TOOL_KIND_LINK_OUT);

  numverify = aura_tool_registry_lookup (registry, "phone.numverify");
  g_assert_nonnull (numverify);
  g_assert_cmpint (numverify->state, ==, AURA_TOOL_STATE_NEEDS_KEY);
  g_assert_nonnull (strstr (numverify->state_reason, "numverify"));
  crtsh = aura_tool_registry_lookup (registry, "passive-source.crtsh");
  g_assert_nonnull (crtsh);
  g_assert_cmpint (crtsh->state, ==, AURA_TOOL_STATE_AVAILABLE);
  g_assert_true (g_strv_contains ((const char *const *)crtsh->outputs, "subdomain"));
  site = aura_tool_registry_lookup (registry, "username-site.github");
  g_assert_nonnull (site);
  g_assert_cmpint (site->kind, ==, AURA_TOOL_KIND_MANIFEST);
  g_assert_nonnull (strstr (site->run_hint, "--site 'GitHub'"));
  g_assert_null (aura_tool_registry_lookup (registry, "no.such-tool"));
  /* Every tool with a command builds its arguments; the value comes last. */
  for (guint i = 0; i < n; i++)
    {
      const AuraToolInfo *info = aura_tool_registry_get_tool (registry, i);
      g_auto (GStrv) run_argv = NULL;

      if (info->kind == AURA_TOOL_KIND_LINK_OUT || info->kind == AURA_TOOL_KIND_ADAPTER ||
          info->run_hint == NULL)
        continue;
      run_argv = aura_tool_info_get_run_argv (info, "-value", NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (run_argv[g_strv_length (run_argv) - 1], ==, "-value");
      g_assert_cmpstr (run_argv[g_strv_length (run_argv) - 2], ==, "--");
    }
  g_assert_nonnull (
      strstr (aura_tool_registry_lookup (registry, "tiktok.videos")->run_hint, "--yt-dlp"));

  phone_tools = aura_tool_registry_for_type (registry, AURA_ENTITY_PHONE);
  for (guint i = 0; i < phone_tools->len; i++)
    {
      const AuraToolInfo *info = phone_tools->pdata[i];

      has_whatsapp |= g_strcmp0 (info->id, "link.whatsapp") == 0;
      has_offline |= g_strcmp0 (info->id, "phone.offline") == 0;
      g_assert_true (aura_tool_info_takes (info, AURA_ENTITY_PHONE));
    }
  g_assert_true (has_whatsapp && has_offline);

  json = aura_tool_info_to_json (numverify);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json), "kind"), ==,
                   "native");
  g_assert_true (json_object_get_boolean_member (json_node_get_object (json), "needs_key"));
  g_assert_false (json_object_get_boolean_member (json_node_get_object (json), "available"));

  /* With the key set, the tool is available. */
  aura_api_keys_set (keys, "numverify", "0123456789abcdef");
  g_clear_pointer (&registry, aura_tool_registry_free);
  registry = aura_tool_registry_load_default (keys, AURA_TOOL_REGISTRY_NO_KEYRING, &error);
  g_assert_no_error (error);
  g_assert_cmpint (aura_tool_registry_lookup (registry, "phone.numverify")->state, ==,
                   AURA_TOOL_STATE_AVAILABLE);
}

/* NO_KEYRING leaves the caller's keys as they were: it asks them without
 * the keyring, it does not switch their keyring off. */
static void
test_check_keys_leaves_keys (void)
{
  g_autoptr (AuraApiKeys) keys = aura_api_keys_new ();
  g_autoptr (AuraToolRegistry) registry = aura_tool_registry_new ();
  AuraToolInfo *needs = aura_tool_info_new ("a.needs", AURA_TOOL_KIND_NATIVE, "A");
  AuraToolInfo *has = aura_tool_info_new ("a.has", AURA_TOOL_KIND_NATIVE, "A");
  AuraApiKeyOrigin origin = AURA_API_KEY_ORIGIN_KEYRING;
  g_autofree char *value = NULL;

  needs->key_name = g_strdup ("nosuchkey-aura-test");
  needs->key_required = TRUE;
  has->key_name = g_strdup ("testkey");
  has->key_required = TRUE;
  g_assert_true (aura_tool_registry_add (registry, needs));
  g_assert_true (aura_tool_registry_add (registry, has));
  aura_api_keys_set_use_environment (keys, FALSE);
  aura_api_keys_set (keys, "testkey", "value");
  g_assert_true (aura_api_keys_get_use_keyring (keys));

  aura_tool_registry_check_keys (registry, keys, AURA_TOOL_REGISTRY_NO_KEYRING);
  g_assert_true (aura_api_keys_get_use_keyring (keys));
  g_assert_false (aura_api_keys_get_use_environment (keys));
  /* The keyring was never asked. */
  g_assert_null (aura_api_keys_get_keyring_problem (keys));
  g_assert_cmpint (aura_tool_registry_lookup (registry, "a.needs")->state, ==,
                   AURA_TOOL_STATE_NEEDS_KEY);
  g_assert_cmpint (aura_tool_registry_lookup (registry, "a.has")->state, ==,
                   AURA_TOOL_STATE_AVAILABLE);

  value = aura_api_keys_get_quick (keys, "TestKey", &origin);
  g_assert_cmpstr (value, ==, "value");
  g_assert_cmpint (origin, ==, AURA_API_KEY_ORIGIN_EXPLICIT);
  g_clear_pointer (&value, g_free);
  value = aura_api_keys_get_quick (keys, "nosuchkey-aura-test", &origin);
  g_assert_null (value);
  g_assert_cmpint (origin, ==, AURA_API_KEY_ORIGIN_NONE);
}

static void
test_duplicates_and_kinds (void)
{
  g_autoptr (AuraToolRegistry) registry = aura_tool_registry_new ();
  AuraToolKind kind;

  g_assert_true (aura_tool_registry_add (registry, aura_tool_info_new ("a.one", 0, "a")));
  g_assert_false (aura_tool_registry_add (registry, aura_tool_info_new ("a.one", 0, "a")));
  g_assert_nonnull (aura_tool_registry_get_warnings (registry)[0]);
  g_assert_null (aura_tool_registry_get_warnings (registry)[1]);
  g_assert_cmpuint (aura_tool_registry_get_n_tools (registry), ==, 1);
  for (guint i = 0; i <= AURA_TOOL_KIND_LINK_OUT; i++)
    {
      g_assert_true (aura_tool_kind_from_string (aura_tool_kind_to_string (i), &kind));
      g_assert_cmpint (kind, ==, i);
      g_assert_nonnull (aura_tool_kind_get_label (i));
    }
  g_assert_false (aura_tool_kind_from_string ("plugin", NULL));
}

int
main (int argc, char **argv)
{
  g_autofree char *sites = NULL;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  sites =
      g_build_filename (g_getenv ("AURA_SOURCE_ROOT"), "data", "sites", "aura-sites.json", NULL);
  g_setenv ("AURA_SITES_BUNDLED", sites, TRUE);
  g_setenv ("AURA_SITES_DIR", "/nonexistent-aura-user-sites", TRUE);

  g_test_add_func ("/registry/link-outs/bundled", test_bundled_link_outs);
  g_test_add_func ("/registry/link-outs/fields", test_fields);
  g_test_add_func ("/registry/link-outs/malformed", test_malformed);
  g_test_add_func ("/registry/load", test_registry);
  g_test_add_func ("/registry/duplicates-and-kinds", test_duplicates_and_kinds);
  g_test_add_func ("/registry/check-keys-leaves-keys", test_check_keys_leaves_keys);
  return g_test_run ();
}
