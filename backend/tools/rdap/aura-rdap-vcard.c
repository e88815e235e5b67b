/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-rdap"
#include "config.h"

#include <string.h>

#include "aura-rdap-private.h"

/* jCard (RFC 7095) as RDAP servers write it. The standard shape is
 *
 *   ["vcard", [["version", {}, "text", "4.0"],
 *              ["fn", {}, "text", "Alice Example"],
 *              ["adr", {"cc": "FR"}, "text", ["", "", "1 rue X", "Paris", "", "75001", "France"]],
 *              ["tel", {"type": ["voice", "work"]}, "uri", "tel:+33.123456789"],
 *              ["email", {}, "text", "alice@example.fr"]]]
 *
 * but servers differ: parameters missing or null, "type" as a string or an
 * array, property names in capitals, values that are strings, arrays or
 * arrays of arrays (several street lines), an address only in the "label"
 * parameter, the outer "vcard" wrapper doubled or missing. Each property is
 * read on its own, and what cannot be read is skipped. */

typedef struct
{
  GPtrArray *emails;
  GPtrArray *phones;
  GPtrArray *faxes;
  char *given_name; /* from "n", used when there is no "fn" */
} VcardState;

/* Appends the text of @node (a string, a number, or an array of them, at
 * any depth up to 3) to @out, parts separated by @separator. */
static void
append_text (GString *out, JsonNode *node, const char *separator, guint depth)
{
  if (node == NULL || depth > 3)
    return;
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint n = MIN (json_array_get_length (array), 32);

      for (guint i = 0; i < n; i++)
        append_text (out, json_array_get_element (array, i), separator, depth + 1);
      return;
    }
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      g_autofree char *text = NULL;
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_STRING)
        text = aura_rdap_clean (json_node_get_string (node), AURA_RDAP_MAX_TEXT_CHARS);
      else if (type == G_TYPE_INT64)
        text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      if (text == NULL || aura_rdap_is_placeholder (text))
        return;
      if (out->len > 0)
        g_string_append (out, separator);
      g_string_append (out, text);
    }
}

/* The values of a property (elements 3 and on) as one text. */
static char *
property_text (JsonArray *property, const char *separator)
{
  g_autoptr (GString) out = g_string_new (NULL);
  guint n = json_array_get_length (property);

  for (guint i = 3; i < n && i < 16; i++)
    append_text (out, json_array_get_element (property, i), separator, 0);
  return out->len > 0 ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

/* The raw first value string, for the redaction test (cleaning would turn
 * an empty value into NULL). */
static const char *
first_value_string (JsonArray *property)
{
  return json_array_get_length (property) > 3
             ? aura_rdap_json_string (json_array_get_element (property, 3))
             : NULL;
}

static JsonObject *
property_params (JsonArray *property)
{
  JsonNode *node =
      json_array_get_length (property) > 1 ? json_array_get_element (property, 1) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* Does the "type" parameter (a string, a comma list, or an array) hold
 * @wanted? */
static gboolean
has_type (JsonObject *params, const char *wanted)
{
  JsonNode *node = params != NULL && json_object_has_member (params, "type")
                       ? json_object_get_member (params, "type")
                       : NULL;
  g_autoptr (GString) text = g_string_new (NULL);
  g_auto (GStrv) parts = NULL;

  if (node == NULL)
    return FALSE;
  append_text (text, node, ",", 0);
  parts = g_strsplit (text->str, ",", 16);
  for (guint i = 0; parts[i] != NULL; i++)
    if (g_ascii_strcasecmp (g_strstrip (parts[i]), wanted) == 0)
      return TRUE;
  return FALSE;
}

static char *
strip_prefix (char *text, const char *prefix)
{
  gsize n = strlen (prefix);

  if (text != NULL && g_ascii_strncasecmp (text, prefix, n) == 0)
    {
      char *rest = g_strstrip (g_strdup (text + n));
      g_free (text);
      return rest;
    }
  return text;
}

static void
add_unique (GPtrArray *list, char *value)
{
  for (guint i = 0; i < list->len; i++)
    if (g_ascii_strcasecmp (list->pdata[i], value) == 0)
      {
        g_free (value);
        return;
      }
  if (list->len < AURA_RDAP_MAX_LIST)
    g_ptr_array_add (list, value);
  else
    g_free (value);
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

/* Checks a value for redaction: TRUE when it holds public data. An empty
 * value counts as withheld when @empty_is_redacted (RFC 9537 "emptyValue"
 * on fn, email, tel). */
static gboolean
keep_value (AuraRdapEntity *entity,
            const char *field,
            const char *raw,
            const char *clean,
            gboolean empty_is_redacted)
{
  if ((raw != NULL && aura_rdap_is_redacted_text (raw)) ||
      (clean != NULL && aura_rdap_is_redacted_text (clean)))
    {
      aura_rdap_entity_mark_redacted (entity, field);
      return FALSE;
    }
  if (clean == NULL || aura_rdap_is_placeholder (clean))
    {
      /* "" is how RFC 9537 empties a value; "N/A" only says there is none. */
      if (empty_is_redacted && raw != NULL && is_blank (raw))
        aura_rdap_entity_mark_redacted (entity, field);
      return FALSE;
    }
  return TRUE;
}

/* ---- Addresses ---------------------------------------------------------- */

/* One address component: a string, or an array of strings (several lines). */
static void
append_component (GString *out, JsonNode *node, gboolean *out_redacted)
{
  g_autoptr (GString) part = g_string_new (NULL);

  append_text (part, node, ", ", 1);
  if (part->len == 0)
    return;
  if (aura_rdap_is_redacted_text (part->str))
    {
      *out_redacted = TRUE;
      return;
    }
  if (out->len > 0)
    g_string_append (out, ", ");
  g_string_append_len (out, part->str, (gssize)part->len);
}

static void
read_address (AuraRdapEntity *entity, JsonArray *property)
{
  /* vCard order: post office box, extended, street, locality, region,
   * postal code, country. */
  static const guint order[] = { 2, 1, 0, 3, 4, 5, 6 };
  JsonObject *params = property_params (property);
  JsonNode *value =
      json_array_get_length (property) > 3 ? json_array_get_element (property, 3) : NULL;
  g_autoptr (GString) line = g_string_new (NULL);
  gboolean redacted = FALSE;
  const char *cc = aura_rdap_member_string (params, "cc");

  if (entity->address != NULL)
    return;
  if (value != NULL && JSON_NODE_HOLDS_ARRAY (value))
    {
      JsonArray *parts = json_node_get_array (value);
      guint n = json_array_get_length (parts);

      for (guint i = 0; i < G_N_ELEMENTS (order); i++)
        if (order[i] < n)
          append_component (line, json_array_get_element (parts, order[i]), &redacted);
    }
  else if (value != NULL)
    append_component (line, value, &redacted);
  /* An address given only as a label (ARIN's shape): its lines. */
  if (line->len == 0 && aura_rdap_member_string (params, "label") != NULL)
    {
      g_auto (GStrv) lines = g_strsplit (aura_rdap_member_string (params, "label"), "\n", 16);

      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_autofree char *clean = aura_rdap_clean (lines[i], AURA_RDAP_MAX_TEXT_CHARS);

          if (clean == NULL)
            continue;
          if (aura_rdap_is_redacted_text (clean))
            {
              redacted = TRUE;
              continue;
            }
          if (line->len > 0)
            g_string_append (line, ", ");
          g_string_append (line, clean);
        }
    }
  if (redacted || line->len == 0)
    aura_rdap_entity_mark_redacted (entity, "address");
  if (line->len > 0)
    entity->address = aura_rdap_clean (line->str, AURA_RDAP_MAX_TEXT_CHARS);
  if (cc != NULL && entity->country_code == NULL)
    {
      g_autofree char *clean = aura_rdap_clean (cc, 8);

      if (clean != NULL && strlen (clean) == 2 && g_ascii_isalpha (clean[0]) &&
          g_ascii_isalpha (clean[1]))
        entity->country_code = g_ascii_strup (clean, -1);
    }
}

/* ---- Properties --------------------------------------------------------- */

static void
read_name_parts (VcardState *state, JsonArray *property)
{
  JsonNode *value =
      json_array_get_length (property) > 3 ? json_array_get_element (property, 3) : NULL;
  JsonArray *parts;
  g_autoptr (GString) name = g_string_new (NULL);
  /* given, additional, family */
  static const guint order[] = { 1, 2, 0 };

  if (value == NULL || !JSON_NODE_HOLDS_ARRAY (value) || state->given_name != NULL)
    return;
  parts = json_node_get_array (value);
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (order[i] < json_array_get_length (parts))
      append_text (name, json_array_get_element (parts, order[i]), " ", 1);
  if (name->len > 0)
    state->given_name = g_string_free (g_steal_pointer (&name), FALSE);
}

static void
read_tel (AuraRdapEntity *entity, VcardState *state, JsonArray *property)
{
  JsonObject *params = property_params (property);
  gboolean fax = has_type (params, "fax");
  const char *field = fax ? "fax" : "phone";
  const char *raw = first_value_string (property);
  char *text = strip_prefix (property_text (property, " "), "tel:");

  if (!keep_value (entity, field, raw, text, TRUE))
    {
      g_free (text);
      return;
    }
  add_unique (fax ? state->faxes : state->phones, text);
}

static void
read_email (AuraRdapEntity *entity, VcardState *state, JsonArray *property)
{
  const char *raw = first_value_string (property);
  char *text = strip_prefix (property_text (property, " "), "mailto:");

  if (!keep_value (entity, "email", raw, text, TRUE))
    {
      g_free (text);
      return;
    }
  /* Some servers put a web form where the address would be. */
  if (strchr (text, '@') == NULL || strchr (text, ' ') != NULL)
    {
      aura_rdap_entity_mark_redacted (entity, "email");
      if (entity->contact_uri == NULL && g_str_has_prefix (text, "http"))
        entity->contact_uri = text;
      else
        g_free (text);
      return;
    }
  add_unique (state->emails, text);
}

/* Sets *@slot from a single-valued property, once. */
static void
read_single (AuraRdapEntity *entity,
             char **slot,
             const char *field,
             JsonArray *property,
             const char *separator,
             gboolean empty_is_redacted)
{
  const char *raw = first_value_string (property);
  g_autofree char *text = property_text (property, separator);

  if (*slot != NULL)
    return;
  if (field != NULL)
    {
      if (!keep_value (entity, field, raw, text, empty_is_redacted))
        return;
    }
  else if (text == NULL || aura_rdap_is_redacted_text (text))
    return;
  *slot = g_steal_pointer (&text);
}

static void
read_property (AuraRdapEntity *entity, VcardState *state, JsonArray *property)
{
  const char *raw_name = json_array_get_length (property) > 0
                             ? aura_rdap_json_string (json_array_get_element (property, 0))
                             : NULL;
  g_autofree char *name = raw_name != NULL ? g_ascii_strdown (raw_name, -1) : NULL;

  if (name == NULL)
    return;
  if (strcmp (name, "fn") == 0)
    read_single (entity, &entity->name, "name", property, " ", TRUE);
  else if (strcmp (name, "n") == 0)
    read_name_parts (state, property);
  else if (strcmp (name, "org") == 0)
    read_single (entity, &entity->organisation, "organisation", property, ", ", FALSE);
  else if (strcmp (name, "kind") == 0)
    {
      read_single (entity, &entity->kind, NULL, property, " ", FALSE);
      if (entity->kind != NULL)
        {
          char *lower = g_utf8_strdown (entity->kind, -1);
          g_free (entity->kind);
          entity->kind = lower;
        }
    }
  else if (strcmp (name, "adr") == 0)
    read_address (entity, property);
  else if (strcmp (name, "tel") == 0)
    read_tel (entity, state, property);
  else if (strcmp (name, "email") == 0)
    read_email (entity, state, property);
  else if (strcmp (name, "url") == 0)
    read_single (entity, &entity->url, NULL, property, " ", FALSE);
  else if (strcmp (name, "contact-uri") == 0)
    read_single (entity, &entity->contact_uri, NULL, property, " ", FALSE);
}

/* The property list inside a jCard, whatever wraps it. */
static JsonArray *
find_properties (JsonNode *node, guint depth)
{
  JsonArray *array;
  JsonNode *first;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) || depth > 3)
    return NULL;
  array = json_node_get_array (node);
  if (json_array_get_length (array) == 0)
    return NULL;
  first = json_array_get_element (array, 0);
  if (aura_rdap_json_string (first) != NULL &&
      g_ascii_strcasecmp (aura_rdap_json_string (first), "vcard") == 0)
    return json_array_get_length (array) > 1
               ? find_properties (json_array_get_element (array, 1), depth + 1)
               : NULL;
  if (JSON_NODE_HOLDS_ARRAY (first))
    {
      JsonArray *inner = json_node_get_array (first);

      /* [["vcard", [...]]]: a doubled wrapper. */
      if (json_array_get_length (inner) > 0 &&
          aura_rdap_json_string (json_array_get_element (inner, 0)) != NULL &&
          g_ascii_strcasecmp (aura_rdap_json_string (json_array_get_element (inner, 0)), "vcard") ==
              0)
        return find_properties (first, depth + 1);
      /* A list of properties. */
      return array;
    }
  return NULL;
}

void
aura_rdap_read_vcard (JsonNode *vcard_array, AuraRdapEntity *entity)
{
  JsonArray *properties = find_properties (vcard_array, 0);
  VcardState state = { 0 };
  guint n;

  if (properties == NULL)
    return;
  state.emails = g_ptr_array_new_with_free_func (g_free);
  state.phones = g_ptr_array_new_with_free_func (g_free);
  state.faxes = g_ptr_array_new_with_free_func (g_free);
  n = MIN (json_array_get_length (properties), AURA_RDAP_MAX_VCARD_PROPERTIES);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (properties, i);

      if (JSON_NODE_HOLDS_ARRAY (node))
        read_property (entity, &state, json_node_get_array (node));
    }
  if (entity->name == NULL && state.given_name != NULL &&
      !aura_rdap_is_redacted_text (state.given_name))
    entity->name = g_steal_pointer (&state.given_name);
  g_strfreev (entity->emails);
  g_strfreev (entity->phones);
  g_strfreev (entity->faxes);
  entity->emails = aura_rdap_strv_from_array (state.emails);
  entity->phones = aura_rdap_strv_from_array (state.phones);
  entity->faxes = aura_rdap_strv_from_array (state.faxes);
  g_ptr_array_unref (state.emails);
  g_ptr_array_unref (state.phones);
  g_ptr_array_unref (state.faxes);
  g_free (state.given_name);
}
