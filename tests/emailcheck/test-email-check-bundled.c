/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include <locale.h>

#include "emailcheck-test-utils.h"

/* Every bundled check, run twice through the engine against a loopback
 * server that plays the site: once answering as its first "found" rule
 * describes, once as its first "not_found" rule does. The answers are
 * written here from the manifest's own JSON (not from the parsed checks),
 * so a check whose rules contradict each other (a registered answer that
 * also matches a not_found rule), whose first page does not yield what
 * its request uses, or whose request does not carry those values back,
 * fails. */

typedef struct
{
  JsonObject *check;  /* the manifest's JSON */
  char *request_text; /* the "request" object as text, to see which values it uses */
  gint registered;
  gint hits;
  char *failure;
} Site;

static void
site_free (Site *site)
{
  json_object_unref (site->check);
  g_free (site->request_text);
  g_free (site->failure);
  g_free (site);
}

/* Sets @value at a dotted path ("a.b[0].c") in @root, making objects and
 * arrays on the way. */
static void
set_path (JsonObject *root, const char *path, JsonNode *value)
{
  g_auto (GStrv) steps = NULL;
  g_autofree char *flat = g_strdup (path[0] == '$' ? path + 1 : path);
  JsonNode *holder = json_node_init_object (json_node_alloc (), root);

  g_strdelimit (flat, "[", '.');
  steps = g_strsplit (flat, ".", -1);
  for (guint i = 0; steps[i] != NULL; i++)
    {
      gboolean last = TRUE;
      char *step = steps[i];
      gboolean index = g_str_has_suffix (step, "]");
      JsonNode *next = NULL;

      if (*step == '\0')
        continue;
      for (guint j = i + 1; steps[j] != NULL; j++)
        if (*steps[j] != '\0')
          last = FALSE;
      if (index)
        step[strlen (step) - 1] = '\0';
      if (step[0] == '"')
        {
          step++;
          step[strlen (step) - 1] = '\0';
          index = FALSE;
        }
      if (index)
        {
          guint n = (guint)g_ascii_strtoull (step, NULL, 10);
          JsonArray *array = json_node_get_array (holder);

          while (json_array_get_length (array) <= n)
            json_array_add_null_element (array);
          next = last ? value : json_array_get_element (array, n);
          if (last)
            {
              json_array_remove_element (array, n);
              json_array_add_element (array, value);
              break;
            }
        }
      else
        {
          JsonObject *object = json_node_get_object (holder);

          if (last)
            {
              json_object_set_member (object, step, value);
              break;
            }
          next = json_object_get_member (object, step);
        }
      if (next == NULL || JSON_NODE_HOLDS_NULL (next))
        {
          gboolean want_array = g_str_has_suffix (steps[i + 1], "]") && steps[i + 1][0] != '"';
          JsonNode *made = want_array
                               ? json_node_init_array (json_node_alloc (), json_array_new ())
                               : json_node_init_object (json_node_alloc (), json_object_new ());

          if (index)
            {
              JsonArray *array = json_node_get_array (holder);
              guint n = (guint)g_ascii_strtoull (step, NULL, 10);

              /* Replace the null placeholder. */
              json_array_remove_element (array, n);
              json_array_add_element (array, made);
            }
          else
            json_object_set_member (json_node_get_object (holder), step, made);
          next = made;
        }
      json_node_unref (holder);
      holder = json_node_ref (next);
    }
  json_node_unref (holder);
}

static void
append_texts (GString *out, JsonObject *rule, const char *member)
{
  JsonNode *node = json_object_get_member (rule, member);

  if (node == NULL)
    return;
  if (JSON_NODE_HOLDS_ARRAY (node))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
      g_string_append_printf (out, " %s",
                              json_array_get_string_element (json_node_get_array (node), i));
  else
    g_string_append_printf (out, " %s", json_node_get_string (node));
}

/* The answer a rule describes: status, Location and body. */
static void
answer_rule (SoupServerMessage *msg, JsonObject *rule)
{
  JsonNode *status = json_object_get_member (rule, "status");
  JsonNode *json = json_object_get_member (rule, "json");
  const char *redirect = json_object_get_string_member_with_default (rule, "redirect", NULL);
  g_autoptr (GString) texts = g_string_new (NULL);
  g_autofree char *body = NULL;
  guint code = redirect != NULL ? 302 : 200;

  if (status != NULL)
    {
      JsonNode *first = JSON_NODE_HOLDS_ARRAY (status)
                            ? json_array_get_element (json_node_get_array (status), 0)
                            : status;

      if (json_node_get_value_type (first) == G_TYPE_STRING)
        code = (guint)(json_node_get_string (first)[0] - '0') * 100 + (redirect != NULL ? 2 : 0);
      else
        code = (guint)json_node_get_int (first);
    }
  if (redirect != NULL)
    {
      g_autoptr (GString) location = g_string_new (redirect);

      while (location->len > 0 && location->str[0] == '*')
        g_string_erase (location, 0, 1);
      g_string_replace (location, "*", "x", 0);
      g_string_replace (location, "?", "x", 0);
      if (location->str[0] != '/' && !g_str_has_prefix (location->str, "http"))
        g_string_prepend_c (location, '/');
      soup_message_headers_append (soup_server_message_get_response_headers (msg), "Location",
                                   location->str);
    }
  append_texts (texts, rule, "contains");
  if (json != NULL)
    {
      g_autoptr (JsonObject) root = json_object_new ();
      g_autoptr (JsonNode) node = NULL;
      guint n =
          JSON_NODE_HOLDS_ARRAY (json) ? json_array_get_length (json_node_get_array (json)) : 1;

      for (guint i = 0; i < n; i++)
        {
          JsonObject *cond = JSON_NODE_HOLDS_ARRAY (json)
                                 ? json_array_get_object_element (json_node_get_array (json), i)
                                 : json_node_get_object (json);
          const char *path = json_object_get_string_member (cond, "path");

          if (json_object_has_member (cond, "equals"))
            set_path (root, path, json_node_copy (json_object_get_member (cond, "equals")));
          else if (json_object_has_member (cond, "in"))
            set_path (root, path,
                      json_node_copy (
                          json_array_get_element (json_object_get_array_member (cond, "in"), 0)));
          else if (json_object_get_boolean_member (cond, "exists"))
            set_path (root, path, json_node_init_string (json_node_alloc (), "present"));
        }
      if (texts->len > 0)
        json_object_set_string_member (root, "_texts", texts->str);
      node = json_node_init_object (json_node_alloc (), root);
      body = json_to_string (node, FALSE);
      soup_server_message_set_status (msg, code, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body,
                                        strlen (body));
      return;
    }
  body = g_strdup_printf ("<!DOCTYPE html><html><body><p>%s</p></body></html>", texts->str);
  soup_server_message_set_status (msg, code, NULL);
  soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_COPY, body, strlen (body));
}

/* The first page: every value the check extracts, as "tok" + its name. */
static void
answer_prepare (Site *site, SoupServerMessage *msg)
{
  JsonObject *prepare = json_object_get_object_member (site->check, "prepare");
  JsonObject *extract = json_object_get_object_member (prepare, "extract");
  g_autoptr (GList) names = json_object_get_members (extract);
  g_autoptr (GString) html = g_string_new ("<!DOCTYPE html><html><head>");
  g_autoptr (JsonObject) json = NULL;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autofree char *body = NULL;

  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonObject *how = json_object_get_object_member (extract, l->data);
      g_autofree char *value = g_strconcat ("tok", (char *)l->data, NULL);

      if (json_object_has_member (how, "input"))
        g_string_append_printf (html, "<input type=\"hidden\" name=\"%s\" value=\"%s\">",
                                json_object_get_string_member (how, "input"), value);
      else if (json_object_has_member (how, "meta"))
        g_string_append_printf (html, "<meta name=\"%s\" content=\"%s\">",
                                json_object_get_string_member (how, "meta"), value);
      else if (json_object_has_member (how, "cookie"))
        {
          g_autofree char *cookie =
              g_strdup_printf ("%s=%s; Path=/; Expires=Wed, 21 Oct 2037 07:28:00 GMT",
                               json_object_get_string_member (how, "cookie"), value);

          soup_message_headers_append (headers, "Set-Cookie", cookie);
        }
      else if (json_object_has_member (how, "header"))
        soup_message_headers_append (headers, json_object_get_string_member (how, "header"), value);
      else if (json_object_has_member (how, "json"))
        {
          if (json == NULL)
            json = json_object_new ();
          set_path (json, json_object_get_string_member (how, "json"),
                    json_node_init_string (json_node_alloc (), value));
        }
      else
        site->failure = g_strdup_printf ("cannot play the extract “%s”", (char *)l->data);
    }
  if (json != NULL)
    {
      g_autoptr (JsonNode) node =
          json_node_init_object (json_node_alloc (), json_object_ref (json));

      if (strstr (html->str, "<input") != NULL || strstr (html->str, "<meta") != NULL)
        site->failure = g_strdup ("cannot play HTML and JSON values in one page");
      body = json_to_string (node, FALSE);
    }
  else
    body = g_strconcat (html->str, "</head><body><form></form></body></html>", NULL);
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, json != NULL ? "application/json" : "text/html",
                                    SOUP_MEMORY_COPY, body, strlen (body));
}

/* Whether the request carried every value of the first page that the
 * manifest's request uses, and every cookie. */
static char *
missing_value (Site *site, SoupServerMessage *msg)
{
  JsonObject *prepare = json_object_get_object_member (site->check, "prepare");
  JsonObject *extract = json_object_get_object_member (prepare, "extract");
  g_autoptr (GList) names = json_object_get_members (extract);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr (GString) seen = g_string_new (NULL);
  g_autofree char *url = g_uri_to_string (soup_server_message_get_uri (msg));
  SoupMessageHeadersIter iter;
  const char *name;
  const char *value;

  g_string_append_printf (seen, "%s\n", url);
  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    g_string_append_printf (seen, "%s: %s\n", name, value);
  g_string_append_len (seen, body->data, (gssize)body->length);
  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonObject *how = json_object_get_object_member (extract, l->data);
      g_autofree char *token = g_strconcat ("tok", (char *)l->data, NULL);
      g_autofree char *use = g_strconcat ("{prepare.", (char *)l->data, NULL);
      g_autofree char *cookie = NULL;

      if (json_object_has_member (how, "cookie"))
        {
          const char *header = soup_message_headers_get_one (headers, "Cookie");

          cookie = g_strdup_printf ("%s=%s", json_object_get_string_member (how, "cookie"), token);
          if (header == NULL || strstr (header, cookie) == NULL)
            return g_strdup_printf ("the cookie %s did not come back", cookie);
        }
      if (strstr (site->request_text, use) != NULL && strstr (seen->str, token) == NULL)
        return g_strdup_printf ("the value “%s” did not come back", (char *)l->data);
    }
  return NULL;
}

static void
site_cb (AuraTestServer *server,
         SoupServerMessage *msg,
         const char *host,
         const char *path,
         gpointer user_data)
{
  Site *site = user_data;
  gint hit = g_atomic_int_add (&site->hits, 1);
  gboolean registered = g_atomic_int_get (&site->registered);
  JsonObject *detect = json_object_get_object_member (site->check, "detect");
  JsonArray *rules = json_object_get_array_member (detect, registered ? "found" : "not_found");
  gboolean has_prepare = json_object_has_member (site->check, "prepare");
  g_autofree char *missing = NULL;

  if (has_prepare && hit % 2 == 0)
    {
      answer_prepare (site, msg);
      return;
    }
  if (has_prepare && (missing = missing_value (site, msg)) != NULL)
    {
      soup_server_message_set_status (msg, 418, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_COPY, missing,
                                        strlen (missing));
      return;
    }
  answer_rule (msg, json_array_get_object_element (rules, 0));
}

static GPtrArray *
load_sites (CheckFixture *fixture, AuraEmailCheckList *list)
{
  g_autofree char *dir = aura_email_check_list_get_bundled_dir ();
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  GPtrArray *sites = g_ptr_array_new_with_free_func ((GDestroyNotify)site_free);
  const char *file;

  g_assert_nonnull (handle);
  while ((file = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, file, NULL);
      g_autoptr (JsonParser) parser = json_parser_new ();
      JsonArray *checks;

      if (!g_str_has_suffix (file, ".json"))
        continue;
      g_assert_true (json_parser_load_from_file (parser, path, NULL));
      checks = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                             "checks");
      for (guint i = 0; i < json_array_get_length (checks); i++)
        {
          Site *site = g_new0 (Site, 1);
          g_autofree char *host = NULL;
          g_autoptr (JsonNode) request = NULL;

          site->check = json_object_ref (json_array_get_object_element (checks, i));
          request = json_node_copy (json_object_get_member (site->check, "request"));
          site->request_text = json_to_string (request, FALSE);
          host = check_host (json_object_get_string_member (site->check, "id"));
          aura_test_server_add_handler (fixture->server, host, "*", site_cb, site, NULL);
          g_ptr_array_add (sites, site);
        }
    }
  g_assert_cmpuint (sites->len, ==, aura_email_check_list_get_n_checks (list));
  return sites;
}

static guint
check_verdicts (GPtrArray *sites, AuraEmailCheckRun *run, gboolean registered)
{
  guint failures = 0;

  for (guint i = 0; i < sites->len; i++)
    {
      Site *site = g_ptr_array_index (sites, i);
      const char *id = json_object_get_string_member (site->check, "id");
      const AuraEmailCheckResult *result = aura_email_check_run_lookup (run, id);
      AuraVerdict want = registered ? AURA_VERDICT_FOUND : AURA_VERDICT_NOT_FOUND;

      g_assert_nonnull (result);
      if (result->verdict != want || site->failure != NULL)
        {
          g_test_message ("%s (%s): expected %s, got %s: %s%s%s", id,
                          registered ? "registered" : "not registered",
                          aura_verdict_to_string (want), aura_verdict_to_string (result->verdict),
                          result->reason, site->failure != NULL ? " — " : "",
                          site->failure != NULL ? site->failure : "");
          failures++;
        }
      g_assert_true (result->needs_online_check);
      g_assert_nonnull (result->url);
    }
  return failures;
}

static void
test_every_bundled_check (CheckFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraEmailCheckList) list = aura_email_check_list_load_default (&error);
  g_autoptr (GPtrArray) sites = NULL;
  g_autoptr (AuraEmailCheckRun) found = NULL;
  g_autoptr (AuraEmailCheckRun) absent = NULL;
  g_autoptr (GHashTable) categories = g_hash_table_new (g_str_hash, g_str_equal);
  guint failures;

  g_assert_no_error (error);
  g_assert_cmpuint (aura_email_check_list_get_n_checks (list), >=, 40);
  for (guint i = 0; i < aura_email_check_list_get_n_checks (list); i++)
    g_hash_table_add (categories, (gpointer)aura_email_check_get_category (
                                      aura_email_check_list_get_check (list, i)));
  g_assert_cmpuint (g_hash_table_size (categories), >=, 6);
  sites = load_sites (fixture, list);
  for (guint i = 0; i < sites->len; i++)
    g_atomic_int_set (&((Site *)g_ptr_array_index (sites, i))->registered, TRUE);
  found = check_run (fixture, list, "registered.person@example.com", 5000, 16);
  failures = check_verdicts (sites, found, TRUE);
  for (guint i = 0; i < sites->len; i++)
    {
      Site *site = g_ptr_array_index (sites, i);

      g_atomic_int_set (&site->registered, FALSE);
      g_atomic_int_set (&site->hits, 0);
    }
  absent = check_run (fixture, list, "nobody.here@example.com", 5000, 16);
  failures += check_verdicts (sites, absent, FALSE);
  g_assert_cmpuint (failures, ==, 0);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_setenv ("XDG_DATA_HOME", "/nonexistent", TRUE);
  g_test_add ("/emailcheck/bundled/every-check-registered-and-not", CheckFixture, NULL,
              check_fixture_set_up, test_every_bundled_check, check_fixture_tear_down);
  return g_test_run ();
}
