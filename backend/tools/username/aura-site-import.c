/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-username"
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "aura-site-private.h"

/* The community formats, translated entry by entry into Aura's JSON model.
 * The result then goes through the same parser as Aura's own files, so an
 * imported site is checked exactly like a hand-written one. An entry that
 * cannot be expressed is refused with the reason, never half-imported. */

static gboolean refuse (char **out_reason, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
refuse (char **out_reason, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  *out_reason = g_strdup_vprintf (format, args);
  va_end (args);
  return FALSE;
}

static const char *
member_string (JsonObject *object, const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
member_true (JsonObject *object, const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

/* A string or a list of strings, as a JSON array of strings (NULL when
 * there are none). */
static JsonArray *
string_list (JsonObject *object, const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;
  JsonArray *out;

  if (node == NULL)
    return NULL;
  out = json_array_new ();
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      if (*json_node_get_string (node) != '\0')
        json_array_add_string_element (out, json_node_get_string (node));
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element) &&
              json_node_get_value_type (element) == G_TYPE_STRING &&
              *json_node_get_string (element) != '\0')
            json_array_add_string_element (out, json_node_get_string (element));
        }
    }
  if (json_array_get_length (out) == 0)
    g_clear_pointer (&out, json_array_unref);
  return out;
}

static char *
replace_all (const char *text, const char *from, const char *to)
{
  g_auto (GStrv) parts = g_strsplit (text, from, -1);

  return g_strjoinv (to, parts);
}

/* Python's regular expressions write a code point as \uXXXX, which PCRE
 * spells \x{XXXX}; the rest of the syntax the lists use is shared. */
static char *
python_regex (const char *pattern)
{
  GString *out = g_string_new (NULL);

  for (const char *p = pattern; *p != '\0'; p++)
    {
      if (p[0] == '\\' && p[1] == 'u' && g_ascii_isxdigit (p[2]) && g_ascii_isxdigit (p[3]) &&
          g_ascii_isxdigit (p[4]) && g_ascii_isxdigit (p[5]))
        {
          g_string_append_printf (out, "\\x{%.4s}", p + 2);
          p += 5;
        }
      else if (p[0] == '\\' && p[1] != '\0')
        {
          g_string_append_len (out, p, 2);
          p++;
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static void
set_regex (JsonObject *site, const char *pattern)
{
  g_autofree char *converted = NULL;
  JsonObject *rules;

  if (pattern == NULL)
    return;
  converted = python_regex (pattern);
  rules = json_object_new ();
  json_object_set_string_member (rules, "regex", converted);
  json_object_set_object_member (site, "username", rules);
}

static JsonArray *
status_list (gint64 code)
{
  JsonArray *array = json_array_new ();

  json_array_add_int_element (array, code);
  return array;
}

static JsonArray *
status_2xx (void)
{
  JsonArray *array = json_array_new ();

  json_array_add_string_element (array, "2xx");
  return array;
}

static JsonObject *
block_with (const char *member, JsonArray *array)
{
  JsonObject *block = json_object_new ();

  json_object_set_array_member (block, member, array);
  return block;
}

static void
add_block (JsonObject *detect, const char *member, JsonObject *block)
{
  JsonNode *node = json_object_get_member (detect, member);

  if (node == NULL)
    {
      json_object_set_array_member (detect, member, json_array_new ());
      node = json_object_get_member (detect, member);
    }
  json_array_add_object_element (json_node_get_array (node), block);
}

/* Copies a JSON object of header names and string values. */
static void
copy_headers (JsonObject *site, JsonObject *source, const char *member)
{
  JsonNode *node = json_object_get_member (source, member);

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node) &&
      json_object_get_size (json_node_get_object (node)) > 0)
    json_object_set_member (site, "headers", json_node_copy (node));
}

static const char *
header_value (JsonObject *site, const char *name)
{
  JsonNode *node = json_object_get_member (site, "headers");
  g_autoptr (GList) members = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  members = json_object_get_members (json_node_get_object (node));
  for (GList *l = members; l != NULL; l = l->next)
    if (g_ascii_strcasecmp (l->data, name) == 0)
      return member_string (json_node_get_object (node), l->data);
  return NULL;
}

static void
set_tags (JsonObject *site, JsonArray *tags, gboolean nsfw)
{
  JsonArray *out = json_array_new ();

  for (guint i = 0; tags != NULL && i < json_array_get_length (tags); i++)
    {
      const char *tag = json_array_get_string_element (tags, i);

      if (g_strcmp0 (tag, "xx NSFW xx") == 0 || g_strcmp0 (tag, "porn") == 0 ||
          g_strcmp0 (tag, "erotic") == 0 || g_strcmp0 (tag, "webcam") == 0)
        nsfw = TRUE;
      if (tag != NULL && strchr (tag, ' ') == NULL)
        json_array_add_string_element (out, tag);
    }
  if (nsfw)
    json_array_add_string_element (out, "nsfw");
  if (json_array_get_length (out) > 0)
    json_object_set_array_member (site, "tags", out);
  else
    json_array_unref (out);
}

/* The site's home page from one of its URLs: scheme and host. */
static char *
main_url_of (const char *url)
{
  g_autoptr (GUri) uri = NULL;
  g_autofree char *sample = NULL;

  if (url == NULL)
    return NULL;
  sample = replace_all (url, "{username}", "user");
  uri = g_uri_parse (sample, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return NULL;
  return g_strdup_printf ("%s://%s/", g_uri_get_scheme (uri), g_uri_get_host (uri));
}

/* Sherlock: errorType status_code, message or response_url (or a list of
 * them), "{}" as the placeholder. */

static char *
sherlock_template (const char *text)
{
  return text != NULL ? replace_all (text, "{}", "{username}") : NULL;
}

typedef char *(*Converter) (const char *text, gconstpointer data, char **reason);

/* Converts the placeholders of every string of a JSON payload. */
static JsonNode *
payload_with_placeholder (JsonNode *node, Converter convert, gconstpointer data, char **reason)
{
  JsonNode *copy = json_node_copy (node);

  if (JSON_NODE_HOLDS_VALUE (copy) && json_node_get_value_type (copy) == G_TYPE_STRING)
    {
      g_autofree char *text = convert (json_node_get_string (copy), data, reason);

      if (text == NULL)
        {
          json_node_unref (copy);
          return NULL;
        }
      json_node_set_string (copy, text);
    }
  else if (JSON_NODE_HOLDS_OBJECT (copy))
    {
      JsonObject *object = json_node_get_object (copy);
      g_autoptr (GList) members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *child = payload_with_placeholder (json_object_get_member (object, l->data),
                                                      convert, data, reason);

          if (child == NULL)
            {
              json_node_unref (copy);
              return NULL;
            }
          json_object_set_member (object, l->data, child);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (copy))
    {
      JsonArray *array = json_node_get_array (copy);
      JsonArray *out = json_array_new ();

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *child =
              payload_with_placeholder (json_array_get_element (array, i), convert, data, reason);

          if (child == NULL)
            {
              json_array_unref (out);
              json_node_unref (copy);
              return NULL;
            }
          json_array_add_element (out, child);
        }
      json_node_take_array (copy, out);
    }
  return copy;
}

static char *
sherlock_convert (const char *text, gconstpointer data, char **reason)
{
  return sherlock_template (text);
}

static void
set_json_body (JsonObject *site, JsonNode *payload)
{
  g_autofree char *body = json_to_string (payload, FALSE);

  json_object_set_string_member (site, "body", body);
  json_object_set_string_member (site, "body_type", "json");
  if (header_value (site, "Content-Type") == NULL)
    {
      JsonNode *node = json_object_get_member (site, "headers");

      if (node == NULL)
        {
          json_object_set_object_member (site, "headers", json_object_new ());
          node = json_object_get_member (site, "headers");
        }
      json_object_set_string_member (json_node_get_object (node), "Content-Type",
                                     "application/json");
    }
}

static gboolean
sherlock_detect (JsonObject *entry, JsonObject *site, JsonObject *detect, char **out_reason)
{
  g_autoptr (JsonArray) types = string_list (entry, "errorType");
  JsonObject *found = json_object_new ();

  json_object_set_object_member (detect, "found", found);
  json_object_set_string_member (detect, "otherwise", "not_found");
  if (types == NULL)
    return refuse (out_reason, _ ("no errorType"));
  for (guint i = 0; i < json_array_get_length (types); i++)
    {
      const char *type = json_array_get_string_element (types, i);

      if (g_str_equal (type, "status_code"))
        {
          JsonNode *codes = json_object_get_member (entry, "errorCode");

          json_object_set_array_member (found, "status", status_2xx ());
          if (codes != NULL && JSON_NODE_HOLDS_VALUE (codes))
            add_block (detect, "not_found",
                       block_with ("status", status_list (json_node_get_int (codes))));
          else if (codes != NULL && JSON_NODE_HOLDS_ARRAY (codes))
            add_block (detect, "not_found", block_with ("status", json_node_dup_array (codes)));
        }
      else if (g_str_equal (type, "message"))
        {
          JsonArray *messages = string_list (entry, "errorMsg");

          if (messages == NULL)
            return refuse (out_reason, _ ("errorType “message” without an errorMsg"));
          json_object_set_array_member (found, "text_none", json_array_ref (messages));
          add_block (detect, "not_found", block_with ("text_any", messages));
        }
      else if (g_str_equal (type, "response_url"))
        {
          g_autofree char *error_url = sherlock_template (member_string (entry, "errorUrl"));

          json_object_set_boolean_member (site, "follow_redirects", FALSE);
          json_object_set_array_member (found, "status", status_2xx ());
          if (error_url != NULL)
            {
              JsonObject *block = json_object_new ();
              g_autofree char *pattern = g_strconcat (error_url, "*", NULL);

              json_object_set_string_member (block, "redirect", pattern);
              add_block (detect, "not_found", block);
            }
        }
      else
        return refuse (out_reason, _ ("unsupported errorType “%s”"), type);
    }
  return TRUE;
}

JsonObject *
aura_import_sherlock_site (const char *name, JsonObject *entry, char **out_reason)
{
  g_autoptr (JsonObject) site = json_object_new ();
  JsonObject *detect = json_object_new ();
  g_autofree char *profile = sherlock_template (member_string (entry, "url"));
  g_autofree char *probe = sherlock_template (member_string (entry, "urlProbe"));
  const char *method = member_string (entry, "request_method");
  const char *main_url = member_string (entry, "urlMain");
  JsonNode *payload = json_object_get_member (entry, "request_payload");

  json_object_set_string_member (site, "name", name);
  json_object_set_object_member (site, "detect", detect);
  json_object_set_string_member (site, "source", "sherlock");
  if (profile == NULL)
    return refuse (out_reason, _ ("missing URL")), NULL;
  json_object_set_string_member (site, "profile_url", profile);
  if (main_url != NULL)
    json_object_set_string_member (site, "url", main_url);
  if (probe != NULL)
    json_object_set_string_member (site, "probe_url", probe);
  if (method != NULL)
    json_object_set_string_member (site, "method", method);
  copy_headers (site, entry, "headers");
  if (payload != NULL)
    {
      g_autoptr (JsonNode) body =
          payload_with_placeholder (payload, sherlock_convert, NULL, out_reason);

      set_json_body (site, body);
    }
  set_regex (site, member_string (entry, "regexCheck"));
  if (!sherlock_detect (entry, site, detect, out_reason))
    return NULL;
  set_tags (site, NULL, member_true (entry, "isNSFW"));
  if (member_string (entry, "username_claimed") != NULL)
    json_object_set_string_member (site, "known_present",
                                   member_string (entry, "username_claimed"));
  return g_steal_pointer (&site);
}

/* Maigret: Python format strings ({username}, {urlMain}, {urlSubpath},
 * "{{" for "{"), engines whose "site" part fills in what an entry leaves
 * out, checkType message / status_code / response_url. */

typedef struct
{
  const char *main_url;
  const char *subpath;
} MaigretVars;

static char *
maigret_convert (const char *text, gconstpointer data, char **reason)
{
  const MaigretVars *vars = data;
  g_autoptr (GString) out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}'))
        {
          g_string_append_c (out, *p++);
          continue;
        }
      if (*p == '{')
        {
          const char *close = strchr (p, '}');
          g_autofree char *name = close != NULL ? g_strndup (p + 1, (gsize)(close - p - 1)) : NULL;

          if (name == NULL)
            {
              refuse (reason, _ ("unbalanced “{” in “%s”"), text);
              return NULL;
            }
          if (g_str_equal (name, "username"))
            g_string_append (out, "{username}");
          else if (g_str_equal (name, "urlMain") && vars->main_url != NULL)
            g_string_append (out, vars->main_url);
          else if (g_str_equal (name, "urlSubpath"))
            g_string_append (out, vars->subpath != NULL ? vars->subpath : "");
          else
            {
              refuse (reason, _ ("unknown placeholder “{%s}”"), name);
              return NULL;
            }
          p = close;
          continue;
        }
      g_string_append_c (out, *p);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The entry with its engine's defaults filled in (a new object). */
static JsonObject *
maigret_merge_engine (JsonObject *entry, JsonObject *engines, char **out_reason)
{
  JsonObject *merged = json_object_new ();
  const char *engine = member_string (entry, "engine");
  g_autoptr (GList) members = json_object_get_members (entry);

  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (merged, l->data,
                            json_node_copy (json_object_get_member (entry, l->data)));
  if (engine != NULL)
    {
      JsonNode *node = engines != NULL ? json_object_get_member (engines, engine) : NULL;
      JsonObject *defaults = NULL;
      g_autoptr (GList) keys = NULL;

      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonNode *site = json_object_get_member (json_node_get_object (node), "site");

          if (site != NULL && JSON_NODE_HOLDS_OBJECT (site))
            defaults = json_node_get_object (site);
        }
      if (defaults == NULL)
        {
          json_object_unref (merged);
          return refuse (out_reason, _ ("unknown engine “%s”"), engine), NULL;
        }
      keys = json_object_get_members (defaults);
      for (GList *l = keys; l != NULL; l = l->next)
        if (!json_object_has_member (merged, l->data))
          json_object_set_member (merged, l->data,
                                  json_node_copy (json_object_get_member (defaults, l->data)));
    }
  return merged;
}

/* Entries Aura cannot run: other identifiers, other networks, token
 * pre-requests. */
static gboolean
maigret_supported (JsonObject *entry, char **out_reason)
{
  const char *type = member_string (entry, "type");
  const char *protocol = member_string (entry, "protocol");
  JsonNode *activation = json_object_get_member (entry, "activation");

  if (type != NULL && !g_str_equal (type, "username"))
    return refuse (out_reason, _ ("checks a “%s” identifier, not a username"), type);
  if (protocol != NULL && !g_str_equal (protocol, "http") && !g_str_equal (protocol, "https"))
    return refuse (out_reason, _ ("needs the “%s” protocol, not HTTP"), protocol);
  if (activation != NULL)
    {
      const char *method = JSON_NODE_HOLDS_OBJECT (activation)
                               ? member_string (json_node_get_object (activation), "method")
                               : NULL;

      return refuse (out_reason, _ ("needs a token pre-request (activation “%s”)"),
                     method ? method : "?");
    }
  return TRUE;
}

static gboolean
maigret_detect (JsonObject *entry, JsonObject *site, JsonObject *detect, char **out_reason)
{
  const char *check = member_string (entry, "checkType");
  JsonObject *found = json_object_new ();
  g_autoptr (JsonArray) errors = json_array_new ();
  JsonNode *error_map = json_object_get_member (entry, "errors");

  json_object_set_object_member (detect, "found", found);
  json_object_set_string_member (detect, "otherwise", "not_found");
  if (check == NULL)
    return refuse (out_reason, _ ("no checkType"));
  if (g_str_equal (check, "message"))
    {
      JsonArray *present = string_list (entry, "presenseStrs");
      JsonArray *absent = string_list (entry, "absenceStrs");

      if (present == NULL)
        present = string_list (entry, "presenceStrs");
      if (present == NULL && absent == NULL)
        return refuse (out_reason, _ ("checkType “message” without any text to look for"));
      if (present != NULL)
        json_object_set_array_member (found, "text_any", present);
      if (absent != NULL)
        {
          json_object_set_array_member (found, "text_none", json_array_ref (absent));
          add_block (detect, "not_found", block_with ("text_any", absent));
        }
    }
  else if (g_str_equal (check, "status_code") || g_str_equal (check, "response_url"))
    {
      json_object_set_array_member (found, "status", status_2xx ());
      if (g_str_equal (check, "response_url"))
        json_object_set_boolean_member (site, "follow_redirects", FALSE);
    }
  else
    return refuse (out_reason, _ ("unsupported checkType “%s”"), check);

  /* Maigret treats a 403 as an error unless told otherwise, and its
   * "errors" strings mark pages that answer nothing. */
  if (!member_true (entry, "ignore403"))
    add_block (detect, "blocked", block_with ("status", status_list (403)));
  if (error_map != NULL && JSON_NODE_HOLDS_OBJECT (error_map))
    {
      g_autoptr (GList) keys = json_object_get_members (json_node_get_object (error_map));

      for (GList *l = keys; l != NULL; l = l->next)
        if (*(const char *)l->data != '\0')
          json_array_add_string_element (errors, l->data);
      if (json_array_get_length (errors) > 0)
        add_block (detect, "blocked", block_with ("text_any", g_steal_pointer (&errors)));
    }
  return TRUE;
}

static gboolean
maigret_request (JsonObject *entry, JsonObject *site, const MaigretVars *vars, char **out_reason)
{
  const char *method = member_string (entry, "requestMethod");
  JsonNode *payload = json_object_get_member (entry, "requestPayload");

  if (member_true (entry, "requestHeadOnly"))
    method = "HEAD";
  if (method != NULL)
    {
      g_autofree char *upper = g_ascii_strup (method, -1);

      json_object_set_string_member (site, "method", upper);
    }
  copy_headers (site, entry, "headers");
  if (payload != NULL)
    {
      g_autoptr (JsonNode) body =
          payload_with_placeholder (payload, maigret_convert, vars, out_reason);

      if (body == NULL)
        return FALSE;
      set_json_body (site, body);
    }
  return TRUE;
}

static void
maigret_extras (JsonObject *entry, JsonObject *site)
{
  g_autoptr (GString) notes = g_string_new (NULL);
  JsonArray *protection = string_list (entry, "protection");
  const char *alias = member_string (entry, "source");

  set_regex (site, member_string (entry, "regexCheck"));
  if (member_true (entry, "disabled"))
    {
      json_object_set_boolean_member (site, "disabled", TRUE);
      json_object_set_string_member (site, "disabled_reason", "disabled in Maigret’s list");
    }
  if (member_string (entry, "usernameClaimed") != NULL)
    json_object_set_string_member (site, "known_present", member_string (entry, "usernameClaimed"));
  if (member_string (entry, "usernameUnclaimed") != NULL)
    json_object_set_string_member (site, "known_absent",
                                   member_string (entry, "usernameUnclaimed"));
  if (protection != NULL)
    json_object_set_array_member (site, "protection", protection);
  if (member_true (entry, "similarSearch"))
    g_string_append (notes, "The site searches: results may list similar names. ");
  if (alias != NULL)
    g_string_append_printf (notes, "Another view of %s. ", alias);
  if (notes->len > 0)
    {
      g_string_truncate (notes, notes->len - 1);
      json_object_set_string_member (site, "notes", notes->str);
    }
}

JsonObject *
aura_import_maigret_site (const char *name,
                          JsonObject *raw_entry,
                          JsonObject *engines,
                          char **out_reason)
{
  g_autoptr (JsonObject) entry = maigret_merge_engine (raw_entry, engines, out_reason);
  g_autoptr (JsonObject) site = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *probe = NULL;
  g_autoptr (JsonArray) tags = NULL;
  const char *main_url;
  MaigretVars vars;

  if (entry == NULL || !maigret_supported (entry, out_reason))
    return NULL;
  main_url = member_string (entry, "urlMain");
  vars.main_url = main_url;
  vars.subpath = member_string (entry, "urlSubpath");
  if (member_string (entry, "url") == NULL)
    return refuse (out_reason, _ ("missing URL")), NULL;
  if ((profile = maigret_convert (member_string (entry, "url"), &vars, out_reason)) == NULL)
    return NULL;
  if (member_string (entry, "urlProbe") != NULL &&
      (probe = maigret_convert (member_string (entry, "urlProbe"), &vars, out_reason)) == NULL)
    return NULL;

  site = json_object_new ();
  json_object_set_string_member (site, "name", name);
  json_object_set_string_member (site, "source", "maigret");
  json_object_set_string_member (site, "profile_url", profile);
  if (main_url != NULL)
    json_object_set_string_member (site, "url", main_url);
  else
    {
      g_autofree char *derived = main_url_of (profile);

      if (derived != NULL)
        json_object_set_string_member (site, "url", derived);
    }
  if (probe != NULL)
    json_object_set_string_member (site, "probe_url", probe);
  if (!maigret_request (entry, site, &vars, out_reason))
    return NULL;
  json_object_set_object_member (site, "detect", json_object_new ());
  if (!maigret_detect (entry, site, json_object_get_object_member (site, "detect"), out_reason))
    return NULL;
  tags = string_list (entry, "tags");
  set_tags (site, tags, FALSE);
  maigret_extras (entry, site);
  return g_steal_pointer (&site);
}

/* WhatsMyName: {account}, e_code + e_string mean found, m_code + m_string
 * mean missing, anything else is no answer. */

static gboolean
wmn_code (JsonObject *entry, const char *member, gint64 *out)
{
  JsonNode *node = json_object_get_member (entry, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

static void
wmn_body (JsonObject *entry, JsonObject *site)
{
  const char *body = member_string (entry, "post_body");
  const char *type;
  g_autofree char *converted = NULL;

  if (body == NULL)
    return;
  converted = replace_all (body, "{account}", "{username}");
  json_object_set_string_member (site, "method", "POST");
  json_object_set_string_member (site, "body", converted);
  type = header_value (site, "Content-Type");
  if (type != NULL && strstr (type, "json") != NULL)
    json_object_set_string_member (site, "body_type", "json");
  else if (type != NULL && strstr (type, "x-www-form-urlencoded") != NULL)
    json_object_set_string_member (site, "body_type", "form");
}

JsonObject *
aura_import_wmn_site (JsonObject *entry, char **out_name, char **out_reason)
{
  g_autoptr (JsonObject) site = json_object_new ();
  JsonObject *detect = json_object_new ();
  JsonObject *found = json_object_new ();
  const char *name = member_string (entry, "name");
  const char *check = member_string (entry, "uri_check");
  const char *pretty = member_string (entry, "uri_pretty");
  const char *e_string = member_string (entry, "e_string");
  const char *m_string = member_string (entry, "m_string");
  g_autofree char *probe = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *main_url = NULL;
  g_autoptr (JsonArray) category = string_list (entry, "cat");
  JsonNode *known = json_object_get_member (entry, "known");
  gint64 e_code = 0, m_code = 0;

  *out_name = g_strdup (name);
  json_object_set_object_member (site, "detect", detect);
  json_object_set_object_member (detect, "found", found);
  if (name == NULL)
    return refuse (out_reason, _ ("no name")), NULL;
  json_object_set_string_member (site, "name", name);
  json_object_set_string_member (site, "source", "whatsmyname");
  if (check == NULL)
    return refuse (out_reason, _ ("missing URL")), NULL;
  probe = replace_all (check, "{account}", "{username}");
  profile = replace_all (pretty != NULL ? pretty : check, "{account}", "{username}");
  main_url = main_url_of (profile);
  json_object_set_string_member (site, "probe_url", probe);
  json_object_set_string_member (site, "profile_url", profile);
  if (main_url != NULL)
    json_object_set_string_member (site, "url", main_url);
  copy_headers (site, entry, "headers");
  wmn_body (entry, site);

  if (!wmn_code (entry, "e_code", &e_code))
    return refuse (out_reason, _ ("no e_code")), NULL;
  json_object_set_array_member (found, "status", status_list (e_code));
  if (e_string != NULL && *e_string != '\0')
    {
      JsonArray *texts = json_array_new ();

      json_array_add_string_element (texts, e_string);
      json_object_set_array_member (found, "text_all", texts);
    }
  if (wmn_code (entry, "m_code", &m_code))
    {
      JsonObject *block = block_with ("status", status_list (m_code));

      if (m_string != NULL && *m_string != '\0')
        {
          JsonArray *texts = json_array_new ();

          json_array_add_string_element (texts, m_string);
          json_object_set_array_member (block, "text_all", texts);
        }
      add_block (detect, "not_found", block);
    }
  json_object_set_string_member (detect, "otherwise", "unknown");

  if (member_string (entry, "strip_bad_char") != NULL &&
      *member_string (entry, "strip_bad_char") != '\0')
    {
      JsonObject *rules = json_object_new ();

      json_object_set_string_member (rules, "strip", member_string (entry, "strip_bad_char"));
      json_object_set_object_member (site, "username", rules);
    }
  set_tags (site, category, FALSE);
  if (known != NULL && JSON_NODE_HOLDS_ARRAY (known) &&
      json_array_get_length (json_node_get_array (known)) > 0 &&
      json_node_get_value_type (json_array_get_element (json_node_get_array (known), 0)) ==
          G_TYPE_STRING)
    json_object_set_string_member (site, "known_present",
                                   json_array_get_string_element (json_node_get_array (known), 0));
  {
    JsonNode *valid = json_object_get_member (entry, "valid");

    if (valid != NULL && JSON_NODE_HOLDS_VALUE (valid) &&
        json_node_get_value_type (valid) == G_TYPE_BOOLEAN && !json_node_get_boolean (valid))
      {
        json_object_set_boolean_member (site, "disabled", TRUE);
        json_object_set_string_member (site, "disabled_reason",
                                       "marked not valid in WhatsMyName’s list");
      }
  }
  {
    JsonArray *protection = string_list (entry, "protection");

    if (protection != NULL)
      json_object_set_array_member (site, "protection", protection);
  }
  return g_steal_pointer (&site);
}
