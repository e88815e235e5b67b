/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-adapter"
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "aura-adapter-private.h"
#include "aura-manifest.h"

/* The validating parser of one adapter manifest (README.md). Every error
 * names the file, the adapter and the field, so that a person can go and
 * fix it. Unknown fields are warnings; fields starting with "_" or "x-"
 * are comments and extensions, ignored without a word. */

#define MAX_EXECUTABLES 8
#define MAX_ARGUMENTS 64
#define MAX_ENV 32
#define MAX_MAPPINGS 32
#define MAX_ENTITIES 16
#define MAX_RELATIONS 32
#define MAX_ATTRIBUTES 48
#define MAX_CONDS 8
#define MAX_TIMEOUT_S (24 * 3600)

typedef struct
{
  AuraManifestCtx m;
  AuraAdapterFormat format;
  /* Within one mapping: whether @key and @item make sense, and the named
   * groups of a text line pattern. */
  gboolean has_key;
  gboolean has_item;
  GStrv groups;
} Ctx;

static gboolean
node_is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
compile_regex (Ctx *ctx, const char *field, const char *text, GRegex **out)
{
  g_autoptr (GError) local = NULL;

  *out = g_regex_new (text, G_REGEX_OPTIMIZE, 0, &local);
  if (*out == NULL)
    return aura_manifest_error (&ctx->m, field, _ ("not a valid regular expression: %s"),
                                local->message);
  return TRUE;
}

static gboolean
is_identifier (const char *text, gboolean allow_dash)
{
  if (!g_ascii_isalpha (text[0]) && text[0] != '_')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && !(allow_dash && *p == '-'))
      return FALSE;
  return strlen (text) <= 64;
}

/* ---- Fields, templates, conditions -------------------------------------- */

static gboolean
parse_field (Ctx *ctx, const char *field, const char *text, AuraAdapterField **out)
{
  g_autoptr (GError) local = NULL;
  AuraAdapterField *result;

  *out = NULL;
  if (!aura_manifest_check_text (&ctx->m, field, text, AURA_MANIFEST_OPTIONAL, 0))
    return FALSE;
  result = g_new0 (AuraAdapterField, 1);
  result->text = g_strdup (text);
  *out = result;
  if (strcmp (text, "@key") == 0)
    {
      result->kind = AURA_ADAPTER_FIELD_KEY;
      if (!ctx->has_key)
        return aura_manifest_error (&ctx->m, field,
                                    _ ("“@key” needs records taken with \"each\": \"member\""));
    }
  else if (strcmp (text, "@input") == 0)
    result->kind = AURA_ADAPTER_FIELD_INPUT;
  else if (strcmp (text, "@record") == 0)
    result->kind = AURA_ADAPTER_FIELD_RECORD;
  else if (strcmp (text, "@item") == 0)
    {
      result->kind = AURA_ADAPTER_FIELD_ITEM;
      if (!ctx->has_item)
        return aura_manifest_error (&ctx->m, field, _ ("“@item” is only known inside “for_each”"));
    }
  else if (text[0] == '@')
    return aura_manifest_error (&ctx->m, field,
                                _ ("“%s” is not one of @key, @input, @item, @record"), text);
  else if (ctx->format == AURA_ADAPTER_FORMAT_JSON || ctx->format == AURA_ADAPTER_FORMAT_JSONL)
    {
      result->kind = AURA_ADAPTER_FIELD_PATH;
      result->path = aura_source_path_parse (text, &local);
      if (result->path == NULL)
        return aura_manifest_error (&ctx->m, field, "%s", local->message);
    }
  else
    {
      result->kind = AURA_ADAPTER_FIELD_NAME;
      if (ctx->format == AURA_ADAPTER_FORMAT_TEXT &&
          (ctx->groups == NULL || !g_strv_contains ((const char *const *)ctx->groups, text)))
        return aura_manifest_error (&ctx->m, field, _ ("the line pattern has no group named “%s”"),
                                    text);
    }
  return TRUE;
}

static gboolean
parse_template (Ctx *ctx, const char *field, const char *text, AuraAdapterTemplate **out)
{
  g_autoptr (GString) literal = g_string_new (NULL);
  AuraAdapterTemplate *tmpl = g_new0 (AuraAdapterTemplate, 1);
  const char *p = text;

  tmpl->text = g_strdup (text);
  tmpl->pieces = g_ptr_array_new ();
  *out = tmpl;
  if (!aura_manifest_check_text (&ctx->m, field, text, AURA_MANIFEST_OPTIONAL, 0))
    return FALSE;
  while (*p != '\0')
    {
      if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}'))
        {
          g_string_append_c (literal, p[0]);
          p += 2;
        }
      else if (*p == '{')
        {
          const char *end = strchr (p, '}');
          g_autofree char *name = NULL;
          AuraAdapterPiece *piece;

          if (end == NULL || end == p + 1)
            return aura_manifest_error (&ctx->m, field,
                                        _ ("“{” opens a field that is not closed or empty"));
          if (literal->len > 0)
            {
              piece = g_new0 (AuraAdapterPiece, 1);
              piece->literal = g_strdup (literal->str);
              g_ptr_array_add (tmpl->pieces, piece);
              g_string_truncate (literal, 0);
            }
          name = g_strndup (p + 1, end - p - 1);
          piece = g_new0 (AuraAdapterPiece, 1);
          g_ptr_array_add (tmpl->pieces, piece);
          if (!parse_field (ctx, field, name, &piece->field))
            return FALSE;
          p = end + 1;
        }
      else
        g_string_append_c (literal, *p++);
    }
  if (literal->len > 0)
    {
      AuraAdapterPiece *piece = g_new0 (AuraAdapterPiece, 1);

      piece->literal = g_strdup (literal->str);
      g_ptr_array_add (tmpl->pieces, piece);
    }
  return TRUE;
}

static gboolean
parse_cond (Ctx *ctx, const char *field, JsonObject *object, AuraAdapterCond **out)
{
  static const char *const known[] = { "field",   "equals", "not_equals", "present",
                                       "matches", "in",     NULL };
  AuraAdapterCond *cond = g_new0 (AuraAdapterCond, 1);
  g_autofree char *where = g_strdup_printf ("%s.field", field);
  const char *text = NULL;
  guint operators = 0;

  *out = cond;
  if (!aura_manifest_get_string (&ctx->m, object, "field", where, AURA_MANIFEST_REQUIRED, 0,
                                 &text) ||
      !parse_field (ctx, where, text, &cond->field))
    return FALSE;
  for (const char *const *op = known + 1; *op != NULL; op++)
    if (json_object_has_member (object, *op))
      operators++;
  if (operators != 1)
    return aura_manifest_error (
        &ctx->m, field, _ ("needs exactly one of equals, not_equals, present, matches, in"));
  aura_manifest_check_members (&ctx->m, object, field, known);
  if (json_object_has_member (object, "equals") || json_object_has_member (object, "not_equals"))
    {
      gboolean equals = json_object_has_member (object, "equals");
      JsonNode *node = json_object_get_member (object, equals ? "equals" : "not_equals");

      g_free (where);
      where = g_strdup_printf ("%s.%s", field, equals ? "equals" : "not_equals");
      cond->kind = equals ? AURA_ADAPTER_COND_EQUALS : AURA_ADAPTER_COND_NOT_EQUALS;
      cond->text = aura_source_json_to_text (node);
      if (cond->text == NULL || JSON_NODE_HOLDS_ARRAY (node))
        return aura_manifest_error (&ctx->m, where,
                                    _ ("must be a string, a number or true or false"));
    }
  else if (json_object_has_member (object, "present"))
    {
      JsonNode *node = json_object_get_member (object, "present");

      cond->kind = AURA_ADAPTER_COND_PRESENT;
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        {
          g_free (where);
          where = g_strdup_printf ("%s.present", field);
          return aura_manifest_error (&ctx->m, where, _ ("must be true or false"));
        }
      cond->present = json_node_get_boolean (node);
    }
  else if (json_object_has_member (object, "matches"))
    {
      g_free (where);
      where = g_strdup_printf ("%s.matches", field);
      cond->kind = AURA_ADAPTER_COND_MATCHES;
      if (!aura_manifest_get_string (&ctx->m, object, "matches", where, AURA_MANIFEST_REQUIRED, 0,
                                     &text) ||
          !compile_regex (ctx, where, text, &cond->regex))
        return FALSE;
    }
  else
    {
      g_free (where);
      where = g_strdup_printf ("%s.in", field);
      cond->kind = AURA_ADAPTER_COND_IN;
      if (!aura_manifest_get_strv (&ctx->m, object, "in", where,
                                   AURA_MANIFEST_REQUIRED | AURA_MANIFEST_EMPTY_ITEMS, 64,
                                   &cond->choices))
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_conds (Ctx *ctx, const char *field, JsonObject *object, GPtrArray *out)
{
  JsonArray *array = NULL;

  if (!aura_manifest_get_objects (&ctx->m, object, "when", field, AURA_MANIFEST_OPTIONAL, MAX_CONDS,
                                  &array))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *where = g_strdup_printf ("%s[%u]", field, i);
      AuraAdapterCond *cond = NULL;
      gboolean ok = parse_cond (ctx, where, json_array_get_object_element (array, i), &cond);

      g_ptr_array_add (out, cond);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

/* ---- Entities, relations, mappings -------------------------------------- */

static gboolean
parse_attribute (Ctx *ctx, const char *field, const char *name, JsonNode *node, GPtrArray *out)
{
  AuraAdapterAttribute *attribute = g_new0 (AuraAdapterAttribute, 1);

  attribute->name = g_strdup (name);
  g_ptr_array_add (out, attribute);
  if (!is_identifier (name, FALSE))
    return aura_manifest_error (&ctx->m, field, _ ("an attribute name is letters, digits and “_”"));
  if (node_is_string (node))
    return parse_field (ctx, field, json_node_get_string (node), &attribute->field);
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);

      if (json_object_has_member (object, "template") && json_object_get_size (object) == 1)
        {
          const char *text = NULL;
          g_autofree char *where = g_strdup_printf ("%s.template", field);

          return aura_manifest_get_string (&ctx->m, object, "template", where,
                                           AURA_MANIFEST_REQUIRED, 0, &text) &&
                 parse_template (ctx, where, text, &attribute->tmpl);
        }
      if (json_object_has_member (object, "value") && json_object_get_size (object) == 1)
        {
          attribute->constant = json_node_copy (json_object_get_member (object, "value"));
          return TRUE;
        }
    }
  return aura_manifest_error (&ctx->m, field,
                              _ ("must be a field name, {\"template\": …} or {\"value\": …}"));
}

static gboolean
parse_entity_type (Ctx *ctx, const char *field, const char *text, AuraAdapterEntitySpec *spec)
{
  g_autoptr (GError) local = NULL;

  if (g_ascii_strcasecmp (text, "host") == 0)
    {
      spec->host = TRUE;
      spec->type = AURA_ENTITY_SUBDOMAIN;
      return TRUE;
    }
  if (!aura_entity_type_from_string (text, &spec->type, &local))
    return aura_manifest_error (&ctx->m, field, "%s", local->message);
  return TRUE;
}

static gboolean
parse_entity (
    Ctx *ctx, const char *field, JsonObject *object, guint outputs, AuraAdapterEntitySpec *spec)
{
  static const char *const known[] = { "id",   "type",       "value",    "pattern",
                                       "when", "attributes", "for_each", NULL };
  g_autofree char *where = NULL;
  const char *text = NULL;
  JsonObject *attributes = NULL;
  gboolean ok;

  aura_manifest_check_members (&ctx->m, object, field, known);
  where = g_strdup_printf ("%s.id", field);
  if (!aura_manifest_get_string (&ctx->m, object, "id", where, AURA_MANIFEST_REQUIRED, 0, &text))
    return FALSE;
  if (!is_identifier (text, FALSE) || text[0] == '@')
    return aura_manifest_error (&ctx->m, where, _ ("an id is letters, digits and “_”"));
  spec->id = g_strdup (text);
  g_free (where);
  where = g_strdup_printf ("%s.type", field);
  if (!aura_manifest_get_string (&ctx->m, object, "type", where, AURA_MANIFEST_REQUIRED, 0,
                                 &text) ||
      !parse_entity_type (ctx, where, text, spec))
    return FALSE;
  if (spec->host ? (outputs & (1u << AURA_ENTITY_DOMAIN | 1u << AURA_ENTITY_SUBDOMAIN)) == 0
                 : (outputs & (1u << spec->type)) == 0)
    return aura_manifest_error (&ctx->m, where, _ ("“%s” is not among the adapter’s output_types"),
                                text);
  g_free (where);
  where = g_strdup_printf ("%s.for_each", field);
  if (!aura_manifest_get_string (&ctx->m, object, "for_each", where, AURA_MANIFEST_OPTIONAL, 0,
                                 &text))
    return FALSE;
  if (text != NULL && !parse_field (ctx, where, text, &spec->for_each))
    return FALSE;
  ctx->has_item = spec->for_each != NULL;
  g_free (where);
  where = g_strdup_printf ("%s.value", field);
  ok = aura_manifest_get_string (&ctx->m, object, "value", where, AURA_MANIFEST_REQUIRED, 0,
                                 &text) &&
       parse_template (ctx, where, text, &spec->value);
  g_free (where);
  where = g_strdup_printf ("%s.pattern", field);
  ok = ok &&
       aura_manifest_get_string (&ctx->m, object, "pattern", where, AURA_MANIFEST_OPTIONAL, 0,
                                 &text) &&
       (text == NULL || compile_regex (ctx, where, text, &spec->pattern));
  g_free (where);
  where = g_strdup_printf ("%s.when", field);
  ok = ok && parse_conds (ctx, where, object, spec->when);
  g_free (where);
  where = g_strdup_printf ("%s.attributes", field);
  ok = ok && aura_manifest_get_object (&ctx->m, object, "attributes", where, AURA_MANIFEST_OPTIONAL,
                                       &attributes);
  if (ok && attributes != NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *node;

      if (json_object_get_size (attributes) > MAX_ATTRIBUTES)
        ok = aura_manifest_error (&ctx->m, where, _ ("more than %u items"), MAX_ATTRIBUTES);
      json_object_iter_init (&iter, attributes);
      while (ok && json_object_iter_next (&iter, &name, &node))
        {
          g_autofree char *attribute = g_strdup_printf ("%s.%s", where, name);

          ok = parse_attribute (ctx, attribute, name, node, spec->attributes);
        }
    }
  ctx->has_item = FALSE;
  return ok;
}

static int
find_entity (GPtrArray *entities, const char *id)
{
  for (guint i = 0; i < entities->len; i++)
    if (strcmp (((AuraAdapterEntitySpec *)entities->pdata[i])->id, id) == 0)
      return (int)i;
  return -2;
}

static gboolean
parse_relation (Ctx *ctx, const char *field, JsonObject *object, AuraAdapterMapping *mapping)
{
  static const char *const known[] = { "from", "to", "type", NULL };
  AuraAdapterRelationSpec *spec = g_new0 (AuraAdapterRelationSpec, 1);
  g_autofree char *where = NULL;
  const char *text = NULL;

  g_ptr_array_add (mapping->relations, spec);
  aura_manifest_check_members (&ctx->m, object, field, known);
  where = g_strdup_printf ("%s.from", field);
  if (!aura_manifest_get_string (&ctx->m, object, "from", where, AURA_MANIFEST_REQUIRED, 0, &text))
    return FALSE;
  spec->from = strcmp (text, "@input") == 0 ? -1 : find_entity (mapping->entities, text);
  if (spec->from == -2)
    return aura_manifest_error (
        &ctx->m, where, _ ("“%s” is neither @input nor an entity id of this mapping"), text);
  g_free (where);
  where = g_strdup_printf ("%s.to", field);
  if (!aura_manifest_get_string (&ctx->m, object, "to", where, AURA_MANIFEST_REQUIRED, 0, &text))
    return FALSE;
  spec->to = find_entity (mapping->entities, text);
  if (spec->to < 0)
    return aura_manifest_error (&ctx->m, where, _ ("“%s” is not an entity id of this mapping"),
                                text);
  if (spec->to == spec->from)
    return aura_manifest_error (&ctx->m, where,
                                _ ("a relation cannot lead from an entity to itself"));
  g_free (where);
  where = g_strdup_printf ("%s.type", field);
  if (!aura_manifest_get_string (&ctx->m, object, "type", where, AURA_MANIFEST_REQUIRED, 0, &text))
    return FALSE;
  if (!is_identifier (text, FALSE))
    return aura_manifest_error (&ctx->m, where, _ ("a relation type is letters, digits and “_”"));
  spec->type = g_strdup (text);
  return TRUE;
}

/* The named groups of a line pattern, "(?<name>" and "(?P<name>". */
static GStrv
pattern_groups (const char *pattern)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  const char *p = pattern;

  while ((p = strstr (p, "(?")) != NULL)
    {
      const char *start;

      p += 2;
      if (*p == 'P')
        p++;
      if (*p != '<' || p[1] == '=' || p[1] == '!')
        continue;
      start = ++p;
      while (g_ascii_isalnum (*p) || *p == '_')
        p++;
      if (*p == '>' && p > start)
        {
          g_autofree char *name = g_strndup (start, p - start);

          g_strv_builder_add (builder, name);
        }
    }
  return g_strv_builder_end (builder);
}

static gboolean
parse_records (Ctx *ctx, const char *field, JsonObject *object, AuraAdapterMapping *mapping)
{
  g_autofree char *where = g_strdup_printf ("%s.records", field);
  gboolean json =
      ctx->format == AURA_ADAPTER_FORMAT_JSON || ctx->format == AURA_ADAPTER_FORMAT_JSONL;
  const char *text = NULL;
  g_autoptr (GError) local = NULL;

  if (!aura_manifest_get_string (&ctx->m, object, "records", where, AURA_MANIFEST_OPTIONAL, 0,
                                 &text))
    return FALSE;
  if (text != NULL && !json)
    return aura_manifest_error (&ctx->m, where, _ ("only JSON output has record paths"));
  if (text != NULL && (mapping->records = aura_source_path_parse (text, &local)) == NULL)
    return aura_manifest_error (&ctx->m, where, "%s", local->message);
  g_free (where);
  where = g_strdup_printf ("%s.each", field);
  if (!aura_manifest_get_string (&ctx->m, object, "each", where, AURA_MANIFEST_OPTIONAL, 0, &text))
    return FALSE;
  if (text == NULL || strcmp (text, "self") == 0)
    mapping->each = AURA_ADAPTER_EACH_SELF;
  else if (strcmp (text, "element") == 0)
    mapping->each = AURA_ADAPTER_EACH_ELEMENT;
  else if (strcmp (text, "member") == 0)
    mapping->each = AURA_ADAPTER_EACH_MEMBER;
  else
    return aura_manifest_error (&ctx->m, where, _ ("must be “self”, “element” or “member”"));
  if (mapping->each != AURA_ADAPTER_EACH_SELF && !json)
    return aura_manifest_error (&ctx->m, where, _ ("only JSON output has elements and members"));
  ctx->has_key = mapping->each == AURA_ADAPTER_EACH_MEMBER;
  g_free (where);
  where = g_strdup_printf ("%s.line_pattern", field);
  if (!aura_manifest_get_string (&ctx->m, object, "line_pattern", where,
                                 (ctx->format == AURA_ADAPTER_FORMAT_TEXT) ? AURA_MANIFEST_REQUIRED
                                                                           : AURA_MANIFEST_OPTIONAL,
                                 0, &text))
    return FALSE;
  if (text != NULL && ctx->format != AURA_ADAPTER_FORMAT_TEXT)
    return aura_manifest_error (&ctx->m, where, _ ("only text output has line patterns"));
  if (text != NULL)
    {
      if (!compile_regex (ctx, where, text, &mapping->line_pattern))
        return FALSE;
      mapping->line_groups = pattern_groups (text);
      ctx->groups = g_strdupv (mapping->line_groups);
    }
  return TRUE;
}

static gboolean
parse_mapping (
    Ctx *ctx, const char *field, JsonObject *object, guint outputs, AuraAdapterMapping *mapping)
{
  static const char *const known[] = { "records",   "each", "line_pattern", "when", "entities",
                                       "relations", NULL };
  g_autofree char *where = NULL;
  JsonArray *array = NULL;

  aura_manifest_check_members (&ctx->m, object, field, known);
  if (!parse_records (ctx, field, object, mapping))
    return FALSE;
  where = g_strdup_printf ("%s.when", field);
  if (!parse_conds (ctx, where, object, mapping->when))
    return FALSE;
  g_free (where);
  where = g_strdup_printf ("%s.entities", field);
  if (!aura_manifest_get_objects (&ctx->m, object, "entities", where, AURA_MANIFEST_REQUIRED,
                                  MAX_ENTITIES, &array))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *entity = g_strdup_printf ("%s[%u]", where, i);
      AuraAdapterEntitySpec *spec = g_new0 (AuraAdapterEntitySpec, 1);

      spec->attributes =
          g_ptr_array_new_with_free_func ((GDestroyNotify)aura_adapter_attribute_free);
      spec->when = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_adapter_cond_free);
      g_ptr_array_add (mapping->entities, spec);
      if (!parse_entity (ctx, entity, json_array_get_object_element (array, i), outputs, spec))
        return FALSE;
      if (find_entity (mapping->entities, spec->id) != (int)i)
        {
          g_free (entity);
          entity = g_strdup_printf ("%s[%u].id", where, i);
          return aura_manifest_error (&ctx->m, entity, _ ("“%s” is used twice"), spec->id);
        }
    }
  g_free (where);
  where = g_strdup_printf ("%s.relations", field);
  if (!aura_manifest_get_objects (&ctx->m, object, "relations", where, AURA_MANIFEST_OPTIONAL,
                                  MAX_RELATIONS, &array))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *relation = g_strdup_printf ("%s[%u]", where, i);

      if (!parse_relation (ctx, relation, json_array_get_object_element (array, i), mapping))
        return FALSE;
    }
  return TRUE;
}

/* ---- The adapter ---------------------------------------------------------- */

static gboolean
parse_types (Ctx *ctx, JsonObject *object, const char *member, guint *out)
{
  g_auto (GStrv) names = NULL;

  if (!aura_manifest_get_strv (&ctx->m, object, member, member,
                               AURA_MANIFEST_REQUIRED | AURA_MANIFEST_EMPTY_ITEMS, 32, &names))
    return FALSE;
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr (GError) local = NULL;
      g_autofree char *where = g_strdup_printf ("%s[%u]", member, i);
      AuraEntityType type;

      if (g_ascii_strcasecmp (names[i], "host") == 0)
        {
          *out |= 1u << AURA_ENTITY_DOMAIN | 1u << AURA_ENTITY_SUBDOMAIN;
          continue;
        }
      if (!aura_entity_type_from_string (names[i], &type, &local))
        return aura_manifest_error (&ctx->m, where, "%s", local->message);
      *out |= 1u << type;
    }
  return TRUE;
}

static gboolean
parse_executables (Ctx *ctx, JsonObject *object, AuraAdapter *adapter)
{
  if (!aura_manifest_get_strv (&ctx->m, object, "executables", "executables",
                               AURA_MANIFEST_REQUIRED | AURA_MANIFEST_EMPTY_ITEMS, MAX_EXECUTABLES,
                               &adapter->executables))
    return FALSE;
  for (guint i = 0; adapter->executables[i] != NULL; i++)
    {
      const char *name = adapter->executables[i];
      g_autofree char *where = g_strdup_printf ("executables[%u]", i);

      if (*name == '\0' || *name == '-' || *name == '.' || strchr (name, '/') != NULL)
        return aura_manifest_error (&ctx->m, where,
                                    _ ("a program name without “/”, not starting with “-” or “.”"));
      for (const char *p = name; *p != '\0'; p++)
        if ((guchar)*p < 0x20 || *p == 0x7f)
          return aura_manifest_error (&ctx->m, where, _ ("control characters are not allowed"));
    }
  return TRUE;
}

static gboolean
parse_probe (Ctx *ctx, JsonObject *object, AuraAdapter *adapter)
{
  static const char *const known[] = { "args", "pattern", NULL };
  JsonObject *probe = NULL;
  const char *text = NULL;

  if (!aura_manifest_get_object (&ctx->m, object, "version_probe", "version_probe",
                                 AURA_MANIFEST_OPTIONAL, &probe))
    return FALSE;
  if (probe == NULL)
    return TRUE;
  aura_manifest_check_members (&ctx->m, probe, "version_probe", known);
  if (!aura_manifest_get_strv (&ctx->m, probe, "args", "version_probe.args",
                               AURA_MANIFEST_REQUIRED | AURA_MANIFEST_EMPTY_ITEMS, 8,
                               &adapter->probe_args))
    return FALSE;
  for (guint i = 0; adapter->probe_args[i] != NULL; i++)
    if (strchr (adapter->probe_args[i], '{') != NULL)
      return aura_manifest_error (&ctx->m, "version_probe.args",
                                  _ ("placeholders are not allowed here"));
  return aura_manifest_get_string (&ctx->m, probe, "pattern", "version_probe.pattern",
                                   AURA_MANIFEST_REQUIRED, 0, &text) &&
         compile_regex (ctx, "version_probe.pattern", text, &adapter->probe_pattern);
}

/* Checks each "{name}" of the arguments. */
static gboolean
parse_arguments (Ctx *ctx, JsonObject *object, AuraAdapter *adapter)
{
  static const char *const placeholders[] = { "value", "output_dir", "output_file", "timeout_s",
                                              NULL };
  gboolean uses_value = FALSE;

  if (!aura_manifest_get_strv (&ctx->m, object, "arguments", "arguments",
                               AURA_MANIFEST_REQUIRED | AURA_MANIFEST_EMPTY_ITEMS, MAX_ARGUMENTS,
                               &adapter->arguments))
    return FALSE;
  for (guint i = 0; adapter->arguments[i] != NULL; i++)
    {
      g_autofree char *where = g_strdup_printf ("arguments[%u]", i);

      for (const char *p = strchr (adapter->arguments[i], '{'); p != NULL; p = strchr (p, '{'))
        {
          const char *end = strchr (p, '}');
          g_autofree char *name = end != NULL ? g_strndup (p + 1, end - p - 1) : NULL;

          if (name == NULL || !g_strv_contains (placeholders, name))
            return aura_manifest_error (&ctx->m, where,
                                        _ ("“{” starts no placeholder of {value}, {output_dir}, "
                                           "{output_file}, {timeout_s}"));
          uses_value |= strcmp (name, "value") == 0;
          p = end + 1;
        }
    }
  if (!uses_value)
    return aura_manifest_error (&ctx->m, "arguments", _ ("no argument gives the tool {value}"));
  return TRUE;
}

static gboolean
parse_environment (Ctx *ctx, JsonObject *object, AuraAdapter *adapter)
{
  static const char *const known[] = { "set", "unset", NULL };
  JsonObject *env = NULL, *set = NULL;
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  if (!aura_manifest_get_object (&ctx->m, object, "environment", "environment",
                                 AURA_MANIFEST_OPTIONAL, &env))
    return FALSE;
  if (env == NULL)
    return TRUE;
  aura_manifest_check_members (&ctx->m, env, "environment", known);
  if (!aura_manifest_get_object (&ctx->m, env, "set", "environment.set", AURA_MANIFEST_OPTIONAL,
                                 &set))
    return FALSE;
  if (set != NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *node;

      if (json_object_get_size (set) > MAX_ENV)
        return aura_manifest_error (&ctx->m, "environment.set", _ ("more than %u items"), MAX_ENV);
      json_object_iter_init (&iter, set);
      while (json_object_iter_next (&iter, &name, &node))
        {
          g_autofree char *where = g_strdup_printf ("environment.set.%s", name);

          if (!is_identifier (name, FALSE))
            return aura_manifest_error (&ctx->m, where, _ ("not a variable name"));
          if (!node_is_string (node) ||
              !aura_manifest_check_text (&ctx->m, where, json_node_get_string (node),
                                         AURA_MANIFEST_MAY_BE_EMPTY, 0))
            return aura_manifest_error (&ctx->m, where, _ ("must be a string"));
          g_autofree char *pair = g_strdup_printf ("%s=%s", name, json_node_get_string (node));

          g_strv_builder_add (builder, pair);
        }
    }
  adapter->env_set = g_strv_builder_end (builder);
  if (!aura_manifest_get_strv (&ctx->m, env, "unset", "environment.unset",
                               AURA_MANIFEST_OPTIONAL | AURA_MANIFEST_EMPTY_ITEMS, MAX_ENV,
                               &adapter->env_unset))
    return FALSE;
  for (guint i = 0; adapter->env_unset != NULL && adapter->env_unset[i] != NULL; i++)
    if (!is_identifier (adapter->env_unset[i], FALSE))
      return aura_manifest_error (&ctx->m, "environment.unset", _ ("“%s” is not a variable name"),
                                  adapter->env_unset[i]);
  return TRUE;
}

static gboolean
parse_output (Ctx *ctx, JsonObject *object, AuraAdapter *adapter)
{
  static const char *const known[] = { "from", "file", "format", NULL };
  JsonObject *output = NULL;
  const char *from = NULL, *format = NULL, *file = NULL;

  if (!aura_manifest_get_object (&ctx->m, object, "output", "output", AURA_MANIFEST_REQUIRED,
                                 &output))
    return FALSE;
  aura_manifest_check_members (&ctx->m, output, "output", known);
  if (!aura_manifest_get_string (&ctx->m, output, "from", "output.from", AURA_MANIFEST_REQUIRED, 0,
                                 &from))
    return FALSE;
  if (strcmp (from, "stdout") != 0 && strcmp (from, "file") != 0)
    return aura_manifest_error (&ctx->m, "output.from", _ ("must be “stdout” or “file”"));
  adapter->output_is_file = strcmp (from, "file") == 0;
  if (!aura_manifest_get_string (
          &ctx->m, output, "file", "output.file",
          (adapter->output_is_file) ? AURA_MANIFEST_REQUIRED : AURA_MANIFEST_OPTIONAL, 0, &file))
    return FALSE;
  if (file != NULL && !adapter->output_is_file)
    return aura_manifest_error (&ctx->m, "output.file",
                                _ ("only output from a file has a file name"));
  if (file != NULL && (strchr (file, '/') != NULL || strcmp (file, "..") == 0))
    return aura_manifest_error (&ctx->m, "output.file",
                                _ ("a name in the output folder, without “/”"));
  adapter->output_file = g_strdup (file);
  if (!aura_manifest_get_string (&ctx->m, output, "format", "output.format", AURA_MANIFEST_REQUIRED,
                                 0, &format))
    return FALSE;
  if (strcmp (format, "json") == 0)
    adapter->format = AURA_ADAPTER_FORMAT_JSON;
  else if (strcmp (format, "jsonl") == 0)
    adapter->format = AURA_ADAPTER_FORMAT_JSONL;
  else if (strcmp (format, "csv") == 0)
    adapter->format = AURA_ADAPTER_FORMAT_CSV;
  else if (strcmp (format, "text") == 0)
    adapter->format = AURA_ADAPTER_FORMAT_TEXT;
  else
    return aura_manifest_error (&ctx->m, "output.format",
                                _ ("must be “json”, “jsonl”, “csv” or “text”"));
  ctx->format = adapter->format;
  return TRUE;
}

static gboolean
parse_run (Ctx *ctx, JsonObject *object, AuraAdapter *adapter)
{
  gint64 timeout = 600;
  JsonNode *codes = json_object_get_member (object, "success_exit_codes");

  if (!aura_manifest_get_int (&ctx->m, object, "timeout_s", "timeout_s", 1, MAX_TIMEOUT_S,
                              &timeout))
    return FALSE;
  adapter->timeout_s = (guint)timeout;
  if (codes == NULL)
    {
      int zero = 0;

      g_array_append_val (adapter->success_codes, zero);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (codes) || json_array_get_length (json_node_get_array (codes)) == 0 ||
      json_array_get_length (json_node_get_array (codes)) > 32)
    return aura_manifest_error (&ctx->m, "success_exit_codes",
                                _ ("must be a list of 1 to 32 exit codes"));
  for (guint i = 0; i < json_array_get_length (json_node_get_array (codes)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (codes), i);
      g_autofree char *where = g_strdup_printf ("success_exit_codes[%u]", i);
      int code;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
          json_node_get_int (node) < 0 || json_node_get_int (node) > 255)
        return aura_manifest_error (&ctx->m, where,
                                    _ ("an exit code is a whole number from 0 to 255"));
      code = (int)json_node_get_int (node);
      g_array_append_val (adapter->success_codes, code);
    }
  return TRUE;
}

static gboolean
parse_header (Ctx *ctx, JsonObject *object, AuraAdapter *adapter)
{
  JsonNode *version = json_object_get_member (object, "aura_adapter");
  const char *text = NULL;

  if (!aura_manifest_get_string (&ctx->m, object, "id", "id", AURA_MANIFEST_REQUIRED, 0, &text))
    return FALSE;
  if (!is_identifier (text, TRUE))
    return aura_manifest_error (&ctx->m, "id",
                                _ ("an id is letters, digits, “_” and “-”, at most 64"));
  adapter->id = g_ascii_strdown (text, -1);
  aura_manifest_ctx_take_item (&ctx->m, g_strdup_printf (_ ("adapter “%s”"), adapter->id));
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) ||
      json_node_get_value_type (version) != G_TYPE_INT64)
    return aura_manifest_error (&ctx->m, "aura_adapter",
                                _ ("must be the format version, a whole number"));
  if (json_node_get_int (version) != AURA_ADAPTER_FORMAT_VERSION)
    return aura_manifest_error (
        &ctx->m, "aura_adapter", _ ("version %lld is not understood (this Aura reads %d)"),
        (long long)json_node_get_int (version), AURA_ADAPTER_FORMAT_VERSION);
  if (!aura_manifest_get_string (&ctx->m, object, "name", "name", AURA_MANIFEST_REQUIRED, 0, &text))
    return FALSE;
  adapter->name = g_strdup (text);
  if (!aura_manifest_get_string (&ctx->m, object, "description", "description",
                                 AURA_MANIFEST_OPTIONAL, 0, &text))
    return FALSE;
  adapter->description = g_strdup (text);
  if (!aura_manifest_get_string (&ctx->m, object, "homepage", "homepage", AURA_MANIFEST_OPTIONAL, 0,
                                 &text))
    return FALSE;
  if (text != NULL && !g_str_has_prefix (text, "https://") && !g_str_has_prefix (text, "http://"))
    return aura_manifest_error (&ctx->m, "homepage", _ ("must be an http or https address"));
  adapter->homepage = g_strdup (text);
  return TRUE;
}

static gboolean
parse_mappings (Ctx *ctx, JsonObject *object, AuraAdapter *adapter)
{
  JsonArray *array = NULL;

  if (!aura_manifest_get_objects (&ctx->m, object, "mapping", "mapping", AURA_MANIFEST_REQUIRED,
                                  MAX_MAPPINGS, &array))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = g_strdup_printf ("mapping[%u]", i);
      AuraAdapterMapping *mapping = g_new0 (AuraAdapterMapping, 1);
      gboolean ok;

      mapping->when = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_adapter_cond_free);
      mapping->entities =
          g_ptr_array_new_with_free_func ((GDestroyNotify)aura_adapter_entity_spec_free);
      mapping->relations =
          g_ptr_array_new_with_free_func ((GDestroyNotify)aura_adapter_relation_spec_free);
      g_ptr_array_add (adapter->mappings, mapping);
      ctx->has_key = FALSE;
      g_clear_pointer (&ctx->groups, g_strfreev);
      ok = parse_mapping (ctx, where, json_array_get_object_element (array, i), adapter->outputs,
                          mapping);
      g_clear_pointer (&ctx->groups, g_strfreev);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

AuraAdapter *
aura_adapter_parse (JsonNode *root, const char *origin, GPtrArray *warnings, GError **error)
{
  static const char *const known[] = {
    "aura_adapter",       "id",          "name",          "description",
    "homepage",           "executables", "version_probe", "input_types",
    "output_types",       "arguments",   "environment",   "timeout_s",
    "success_exit_codes", "output",      "mapping",       NULL
  };
  g_autoptr (AuraAdapter) adapter = aura_adapter_new_empty ();
  Ctx ctx = { { 0 }, AURA_ADAPTER_FORMAT_JSON, FALSE, FALSE, NULL };
  JsonObject *object;
  AuraAdapter *result = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, AURA_ADAPTER_ERROR, AURA_ADAPTER_ERROR_INVALID,
                   _ ("%s: an adapter manifest is a JSON object"), origin);
      return NULL;
    }
  object = json_node_get_object (root);
  adapter->origin = g_strdup (origin);
  aura_manifest_ctx_init (&ctx.m, origin, AURA_ADAPTER_ERROR, AURA_ADAPTER_ERROR_INVALID,
                          AURA_MANIFEST_DEFAULT, warnings, error);
  aura_manifest_ctx_take_item (&ctx.m, g_strdup_printf (_ ("adapter “%s”"), "?"));
  if (parse_header (&ctx, object, adapter) &&
      aura_manifest_check_members (&ctx.m, object, NULL, known) &&
      parse_executables (&ctx, object, adapter) && parse_probe (&ctx, object, adapter) &&
      parse_types (&ctx, object, "input_types", &adapter->inputs) &&
      parse_types (&ctx, object, "output_types", &adapter->outputs) &&
      parse_arguments (&ctx, object, adapter) && parse_environment (&ctx, object, adapter) &&
      parse_run (&ctx, object, adapter) && parse_output (&ctx, object, adapter) &&
      parse_mappings (&ctx, object, adapter))
    result = g_steal_pointer (&adapter);
  aura_manifest_ctx_clear (&ctx.m);
  return result;
}
