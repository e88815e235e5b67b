/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-emailcheck"
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "aura-email-check-private.h"

/* Building a check's requests from its templates, and reading what the
 * first answer yields: values by regex, JSON path, cookie, header, form
 * input or meta tag, and the cookies carried to the second request. */

void
aura_email_probe_free (AuraEmailProbe *probe)
{
  if (probe == NULL)
    return;
  g_free (probe->method);
  g_free (probe->url);
  g_free (probe->shown_url);
  g_strfreev (probe->headers);
  g_free (probe->body);
  g_free (probe);
}

/* A JSON body with every string filled. */
static JsonNode *
fill_json (JsonNode *node, GHashTable *vars, const char *const *names, GError **error)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr (JsonObject) out = json_object_new ();
      g_autoptr (GList) members = json_object_get_members (json_node_get_object (node));

      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *child = fill_json (
              json_object_get_member (json_node_get_object (node), l->data), vars, names, error);

          if (child == NULL)
            return NULL;
          json_object_set_member (out, l->data, child);
        }
      return json_node_init_object (json_node_alloc (), out);
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *in = json_node_get_array (node);
      g_autoptr (JsonArray) out = json_array_sized_new (json_array_get_length (in));

      for (guint i = 0; i < json_array_get_length (in); i++)
        {
          JsonNode *child = fill_json (json_array_get_element (in, i), vars, names, error);

          if (child == NULL)
            return NULL;
          json_array_add_element (out, child);
        }
      return json_node_init_array (json_node_alloc (), out);
    }
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_autoptr (AuraEmailTemplate) tmpl = aura_email_template_parse (
          json_node_get_string (node), AURA_EMAIL_TEMPLATE_TEXT, names, error);
      g_autofree char *text = NULL;

      if (tmpl == NULL)
        return NULL;
      text = aura_email_template_expand (tmpl, vars, FALSE, error);
      if (text == NULL)
        return NULL;
      return json_node_init_string (json_node_alloc (), text);
    }
  return json_node_copy (node);
}

/* The NAMEs of the "prepare.NAME" values of @vars, NULL-terminated
 * (borrowed), to parse the templates of a JSON body again at run time. */
static GPtrArray *
prepare_names (GHashTable *vars)
{
  GPtrArray *names = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, vars);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (g_str_has_prefix (key, "prepare."))
      g_ptr_array_add (names, (char *)key + strlen ("prepare."));
  g_ptr_array_add (names, NULL);
  return names;
}

static gboolean
has_header (GPtrArray *headers, const char *name)
{
  gsize len = strlen (name);

  for (guint i = 0; i < headers->len; i++)
    {
      const char *line = g_ptr_array_index (headers, i);

      if (line != NULL && g_ascii_strncasecmp (line, name, len) == 0 && line[len] == ':')
        return TRUE;
    }
  return FALSE;
}

static char *
build_form (GPtrArray *form, GHashTable *vars, GError **error)
{
  g_autoptr (GString) body = g_string_new (NULL);

  for (guint i = 0; i < form->len; i++)
    {
      AuraEmailField *field = g_ptr_array_index (form, i);
      g_autofree char *value = aura_email_template_expand (field->value, vars, FALSE, error);
      g_autofree char *name = NULL;
      g_autofree char *encoded = NULL;

      if (value == NULL)
        return NULL;
      name = aura_source_percent_encode (field->name);
      encoded = aura_source_percent_encode (value);
      g_string_append_printf (body, "%s%s=%s", i > 0 ? "&" : "", name, encoded);
    }
  return g_string_free (g_steal_pointer (&body), FALSE);
}

static gboolean
build_body (const AuraEmailRequestSpec *spec,
            GHashTable *vars,
            AuraEmailProbe *probe,
            GPtrArray *headers,
            GError **error)
{
  const char *type = NULL;

  switch (spec->body_kind)
    {
      case AURA_EMAIL_BODY_FORM:
        probe->body = build_form (spec->form, vars, error);
        type = "application/x-www-form-urlencoded";
        break;
      case AURA_EMAIL_BODY_JSON:
        {
          g_autoptr (GPtrArray) names = prepare_names (vars);
          g_autoptr (JsonNode) filled =
              fill_json (spec->json, vars, (const char *const *)names->pdata, error);

          if (filled != NULL)
            probe->body = json_to_string (filled, FALSE);
          type = "application/json";
        }
        break;
      case AURA_EMAIL_BODY_TEXT:
        probe->body = aura_email_template_expand (spec->text, vars, FALSE, error);
        type = spec->content_type != NULL ? spec->content_type : "text/plain; charset=utf-8";
        break;
      case AURA_EMAIL_BODY_NONE:
      default:
        return TRUE;
    }
  if (probe->body == NULL)
    return FALSE;
  if (!has_header (headers, "Content-Type"))
    g_ptr_array_add (headers, g_strdup_printf ("Content-Type: %s", type));
  return TRUE;
}

static char *
redact (const char *text, const char *const *secrets)
{
  GString *out = g_string_new (text);

  for (guint i = 0; secrets != NULL && secrets[i] != NULL; i++)
    {
      g_autofree char *encoded = aura_source_percent_encode (secrets[i]);
      const char *forms[] = { encoded, secrets[i] };

      /* Short values ("1", "ok") are not secrets and would mangle URLs. */
      if (strlen (secrets[i]) < 4)
        continue;
      for (guint f = 0; f < G_N_ELEMENTS (forms); f++)
        {
          gsize len = strlen (forms[f]);
          gsize from = 0;
          const char *hit;

          while ((hit = strstr (out->str + from, forms[f])) != NULL)
            {
              gsize at = hit - out->str;

              g_string_erase (out, at, len);
              g_string_insert (out, at, "REDACTED");
              from = at + strlen ("REDACTED");
            }
        }
    }
  return g_string_free (out, FALSE);
}

static char *
join_cookies (GPtrArray *cookies)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < cookies->len; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? "; " : "", (char *)g_ptr_array_index (cookies, i));
  return g_string_free (out, FALSE);
}

AuraEmailProbe *
aura_email_probe_build (const AuraEmailRequestSpec *spec,
                        GHashTable *vars,
                        GPtrArray *cookies,
                        const char *override,
                        const char *const *secrets,
                        GError **error)
{
  g_autoptr (AuraEmailProbe) probe = g_new0 (AuraEmailProbe, 1);
  g_autoptr (GPtrArray) headers = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *url = NULL;
  const char *cookie_header = NULL;

  url = aura_email_template_expand (spec->url, vars, TRUE, error);
  if (url == NULL)
    return NULL;
  if (override != NULL)
    {
      char *rewritten = aura_source_rewrite_url (url, override);

      if (rewritten == NULL)
        {
          g_set_error (error, AURA_EMAIL_CHECK_ERROR, AURA_EMAIL_CHECK_ERROR_INVALID,
                       _ ("the URL “%s” does not parse"), url);
          return NULL;
        }
      g_free (url);
      url = rewritten;
    }
  for (guint i = 0; spec->headers != NULL && i < spec->headers->len; i++)
    {
      AuraEmailField *field = g_ptr_array_index (spec->headers, i);
      g_autofree char *value = aura_email_template_expand (field->value, vars, TRUE, error);

      if (value == NULL)
        return NULL;
      if (g_ascii_strcasecmp (field->name, "Cookie") == 0 && cookies != NULL && cookies->len > 0)
        {
          /* One Cookie header: the manifest's values, then those the first
           * answer set. */
          g_autofree char *carried = join_cookies (cookies);

          g_ptr_array_add (headers, g_strdup_printf ("Cookie: %s; %s", value, carried));
          cookie_header = "done";
          continue;
        }
      g_ptr_array_add (headers, g_strdup_printf ("%s: %s", field->name, value));
    }
  if (cookie_header == NULL && cookies != NULL && cookies->len > 0)
    {
      g_autofree char *carried = join_cookies (cookies);

      g_ptr_array_add (headers, g_strdup_printf ("Cookie: %s", carried));
    }
  if (!build_body (spec, vars, probe, headers, error))
    return NULL;
  g_ptr_array_add (headers, NULL);
  probe->method = g_strdup (spec->method);
  probe->url = g_steal_pointer (&url);
  probe->shown_url = redact (probe->url, secrets);
  probe->headers = (char **)g_ptr_array_free (g_steal_pointer (&headers), FALSE);
  probe->request = (AuraHttpRequest)AURA_HTTP_REQUEST_INIT;
  probe->request.method = probe->method;
  probe->request.url = probe->url;
  probe->request.headers = (const char *const *)probe->headers;
  probe->request.body = probe->body;
  probe->request.body_len = probe->body != NULL ? strlen (probe->body) : 0;
  probe->request.follow_redirects = spec->follow_redirects;
  probe->request.max_redirects = 5;
  return g_steal_pointer (&probe);
}

/* ---- Cookies ----------------------------------------------------------------- */

static gboolean
is_token_char (char c)
{
  return g_ascii_isalnum (c) || strchr ("!#$%&'*+-.^_`|~", c) != NULL;
}

/* Whether a new cookie starts at @p: optional spaces, a token, "=". */
static gboolean
starts_cookie (const char *p)
{
  while (*p == ' ')
    p++;
  if (!is_token_char (*p))
    return FALSE;
  while (is_token_char (*p))
    p++;
  return *p == '=';
}

static void
add_cookie (GPtrArray *cookies, const char *start, gsize len)
{
  g_autofree char *text = g_strstrip (g_strndup (start, len));
  char *semicolon = strchr (text, ';');
  char *equals;
  gsize name_len;

  if (semicolon != NULL)
    *semicolon = '\0';
  g_strstrip (text);
  equals = strchr (text, '=');
  if (equals == NULL || equals == text || strlen (text) > AURA_EMAIL_CHECK_VALUE_MAX_BYTES ||
      cookies->len >= 64)
    return;
  name_len = equals - text + 1;
  for (guint i = 0; i < cookies->len; i++)
    if (strncmp (g_ptr_array_index (cookies, i), text, name_len) == 0)
      {
        g_free (g_ptr_array_index (cookies, i));
        g_ptr_array_index (cookies, i) = g_steal_pointer (&text);
        return;
      }
  g_ptr_array_add (cookies, g_steal_pointer (&text));
}

void
aura_email_collect_cookies (const AuraHttpResponse *response, GPtrArray *cookies)
{
  const char *joined = aura_http_response_get_header (response, "set-cookie");
  const char *start;

  if (joined == NULL)
    return;
  /* The engine joins repeated headers with ", ", and an Expires date holds
   * a comma too: a new cookie starts after a comma only where "name="
   * follows. */
  start = joined;
  for (const char *p = joined; *p != '\0'; p++)
    if (*p == ',' && starts_cookie (p + 1))
      {
        add_cookie (cookies, start, p - start);
        start = p + 1;
      }
  add_cookie (cookies, start, strlen (start));
}

static const char *
cookie_value (GPtrArray *cookies, const char *name)
{
  gsize len = strlen (name);

  for (guint i = 0; i < cookies->len; i++)
    {
      const char *cookie = g_ptr_array_index (cookies, i);

      if (strncmp (cookie, name, len) == 0 && cookie[len] == '=')
        return cookie + len + 1;
    }
  return NULL;
}

/* ---- Values of the first answer ------------------------------------------------ */

const char *
aura_email_regex_subject (const char *text, gsize len, char **out_copy, gsize *out_len)
{
  *out_copy = NULL;
  *out_len = len;
  if (g_utf8_validate_len (text, len, NULL))
    return text;
  *out_copy = g_utf8_make_valid (text, (gssize)len);
  *out_len = strlen (*out_copy);
  return *out_copy;
}

char *
aura_email_decode_entities (const char *text)
{
  static const struct
  {
    const char *name;
    const char *text;
  } named[] = {
    { "amp", "&" },         { "lt", "<" },   { "gt", ">" },     { "quot", "\"" },  { "apos", "'" },
    { "nbsp", "\xc2\xa0" }, { "bull", "•" }, { "middot", "·" }, { "hellip", "…" },
  };
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0'; p++)
    {
      const char *semi = *p == '&' ? strchr (p, ';') : NULL;
      gboolean done = FALSE;

      if (semi != NULL && semi - p <= 10)
        {
          g_autofree char *name = g_strndup (p + 1, semi - p - 1);

          if (name[0] == '#')
            {
              gboolean hex = name[1] == 'x' || name[1] == 'X';
              char *end = NULL;
              guint64 code = g_ascii_strtoull (name + (hex ? 2 : 1), &end, hex ? 16 : 10);

              if (end != NULL && *end == '\0' && end != name + (hex ? 2 : 1) &&
                  g_unichar_validate ((gunichar)code) && code != 0)
                {
                  g_string_append_unichar (out, (gunichar)code);
                  done = TRUE;
                }
            }
          for (guint i = 0; !done && i < G_N_ELEMENTS (named); i++)
            if (g_str_equal (name, named[i].name))
              {
                g_string_append (out, named[i].text);
                done = TRUE;
              }
        }
      if (done)
        p = semi;
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* The value of attribute @want in the tag text @tag, or NULL. */
static char *
tag_attribute (const char *tag, const char *want)
{
  static GRegex *attr = NULL;
  g_autoptr (GMatchInfo) match = NULL;

  if (g_once_init_enter (&attr))
    g_once_init_leave (&attr, g_regex_new ("([A-Za-z_:][-A-Za-z0-9_:.]*)\\s*=\\s*(?:\"([^\"]*)\"|'"
                                           "([^']*)'|([^\\s\"'>]+))",
                                           G_REGEX_OPTIMIZE, 0, NULL));
  g_regex_match (attr, tag, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *name = g_match_info_fetch (match, 1);

      if (g_ascii_strcasecmp (name, want) == 0)
        {
          for (int group = 2; group <= 4; group++)
            {
              gint start = -1;
              gint end = -1;

              if (g_match_info_fetch_pos (match, group, &start, &end) && start >= 0)
                {
                  g_autofree char *raw = g_strndup (tag + start, end - start);

                  return aura_email_decode_entities (raw);
                }
            }
        }
      g_match_info_next (match, NULL);
    }
  return NULL;
}

/* The @value_attr of the first <@element> whose name (or id, or property
 * for meta tags) is @name. */
static char *
find_tag_value (const char *text, const char *element, const char *name, const char *value_attr)
{
  g_autofree char *open = g_strconcat ("<", element, NULL);
  gsize open_len = strlen (open);
  const char *p = text;
  guint seen = 0;

  while ((p = strchr (p, '<')) != NULL && seen < 10000)
    {
      const char *end;
      g_autofree char *tag = NULL;
      g_autofree char *tag_name = NULL;
      g_autofree char *tag_id = NULL;
      g_autofree char *tag_property = NULL;

      if (g_ascii_strncasecmp (p, open, open_len) != 0 || !g_ascii_isspace (p[open_len]))
        {
          p++;
          continue;
        }
      seen++;
      end = strchr (p, '>');
      if (end == NULL || end - p > 8192)
        return NULL;
      tag = g_strndup (p, end - p);
      tag_name = tag_attribute (tag, "name");
      tag_id = tag_attribute (tag, "id");
      tag_property = tag_attribute (tag, "property");
      if (g_strcmp0 (tag_name, name) == 0 || g_strcmp0 (tag_id, name) == 0 ||
          g_strcmp0 (tag_property, name) == 0)
        return tag_attribute (tag, value_attr);
      p = end;
    }
  return NULL;
}

static char *
extract_one (const AuraEmailExtract *extract,
             const AuraHttpResponse *response,
             GPtrArray *cookies,
             const char *text,
             gsize len,
             JsonNode **json,
             gboolean *json_tried)
{
  switch (extract->kind)
    {
      case AURA_EMAIL_EXTRACT_REGEX:
        {
          g_autoptr (GMatchInfo) match = NULL;
          g_autofree char *copy = NULL;
          gsize valid_len;
          const char *valid = aura_email_regex_subject (text, len, &copy, &valid_len);

          if (!g_regex_match_full (extract->regex, valid, (gssize)valid_len, 0, 0, &match, NULL))
            return NULL;
          return g_match_info_fetch (match, 1);
        }
      case AURA_EMAIL_EXTRACT_JSON:
        if (!*json_tried)
          {
            *json_tried = TRUE;
            *json = aura_email_parse_json (text, len);
          }
        return *json != NULL
                   ? aura_email_json_scalar_text (aura_source_path_first (extract->path, *json))
                   : NULL;
      case AURA_EMAIL_EXTRACT_COOKIE:
        return g_strdup (cookie_value (cookies, extract->arg));
      case AURA_EMAIL_EXTRACT_HEADER:
        return g_strdup (aura_http_response_get_header (response, extract->arg));
      case AURA_EMAIL_EXTRACT_INPUT:
        return find_tag_value (text, "input", extract->arg, "value");
      case AURA_EMAIL_EXTRACT_META:
        return find_tag_value (text, "meta", extract->arg, "content");
      default:
        return NULL;
    }
}

gboolean
aura_email_extract_values (const AuraEmailRequestSpec *spec,
                           const AuraHttpResponse *response,
                           GPtrArray *cookies,
                           GHashTable *vars,
                           char **out_missing)
{
  gsize len = 0;
  const char *text = aura_http_response_get_text (response, &len);
  g_autoptr (JsonNode) json = NULL;
  gboolean json_tried = FALSE;

  for (guint i = 0; spec->extracts != NULL && i < spec->extracts->len; i++)
    {
      const AuraEmailExtract *extract = g_ptr_array_index (spec->extracts, i);
      g_autofree char *value =
          extract_one (extract, response, cookies, text, len, &json, &json_tried);

      /* A value that is empty, huge or not text cannot be a token. */
      if (value == NULL || *value == '\0' || strlen (value) > AURA_EMAIL_CHECK_VALUE_MAX_BYTES ||
          !g_utf8_validate (value, -1, NULL))
        {
          if (out_missing != NULL)
            *out_missing = g_strdup (extract->name);
          return FALSE;
        }
      g_hash_table_insert (vars, g_strconcat ("prepare.", extract->name, NULL),
                           g_steal_pointer (&value));
    }
  return TRUE;
}
