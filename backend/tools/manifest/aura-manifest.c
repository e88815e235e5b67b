/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-manifest"
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "aura-manifest.h"

/* The validation context and the typed getters the manifest validators
 * share (sources, email checks, adapters, username sites): one wording of
 * every message, one treatment of null, empty strings, sizes and UTF-8. */

void
aura_manifest_ctx_init (AuraManifestCtx *ctx,
                        const char *origin,
                        GQuark domain,
                        int code,
                        AuraManifestFlags flags,
                        GPtrArray *warnings,
                        GError **error)
{
  g_return_if_fail (ctx != NULL);

  memset (ctx, 0, sizeof *ctx);
  ctx->origin = origin != NULL ? origin : "?";
  ctx->domain = domain;
  ctx->code = code;
  ctx->flags = flags;
  ctx->warnings = warnings;
  ctx->error = error;
}

void
aura_manifest_ctx_take_item (AuraManifestCtx *ctx, char *item)
{
  g_return_if_fail (ctx != NULL);

  g_free (ctx->item);
  ctx->item = item;
}

void
aura_manifest_ctx_clear (AuraManifestCtx *ctx)
{
  g_return_if_fail (ctx != NULL);
  g_clear_pointer (&ctx->item, g_free);
}

static char *
full_field (AuraManifestCtx *ctx, const char *field)
{
  if (ctx->prefix != NULL && field != NULL)
    return g_strdup_printf ("%s.%s", ctx->prefix, field);
  return g_strdup (field != NULL ? field : ctx->prefix);
}

gboolean
aura_manifest_error (AuraManifestCtx *ctx, const char *field, const char *format, ...)
{
  g_autofree char *message = NULL;
  g_autofree char *name = NULL;
  va_list args;

  g_return_val_if_fail (ctx != NULL, FALSE);

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  name = full_field (ctx, field);
  if (name == NULL)
    /* Translators: a file, the item of the manifest ("source “crtsh”"),
     * then what is wrong with it. */
    g_set_error (ctx->error, ctx->domain, ctx->code, _ ("%s: %s: %s"), ctx->origin,
                 ctx->item != NULL ? ctx->item : "?", message);
  else
    /* Translators: a file, the item of the manifest ("source “crtsh”"),
     * a field of it, then what is wrong with that field. */
    g_set_error (ctx->error, ctx->domain, ctx->code, _ ("%s: %s: field “%s”: %s"), ctx->origin,
                 ctx->item != NULL ? ctx->item : "?", name, message);
  return FALSE;
}

gboolean
aura_manifest_error_take (AuraManifestCtx *ctx, const char *field, GError *inner)
{
  g_return_val_if_fail (inner != NULL, FALSE);

  aura_manifest_error (ctx, field, "%s", inner->message);
  g_error_free (inner);
  return FALSE;
}

gboolean
aura_manifest_member_is_ignored (const char *name)
{
  return name[0] == '_' || g_str_has_prefix (name, "x-");
}

gboolean
aura_manifest_check_members (AuraManifestCtx *ctx,
                             JsonObject *object,
                             const char *where,
                             const char *const *known)
{
  JsonObjectIter iter;
  const char *name;

  g_return_val_if_fail (ctx != NULL && object != NULL && known != NULL, FALSE);

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, NULL))
    {
      g_autofree char *field = NULL;
      g_autofree char *full = NULL;

      if (aura_manifest_member_is_ignored (name) || g_strv_contains (known, name))
        continue;
      field = where != NULL ? g_strdup_printf ("%s.%s", where, name) : g_strdup (name);
      if (ctx->flags & AURA_MANIFEST_STRICT)
        return aura_manifest_error (ctx, field,
                                    _ ("unknown field (a typo? fields starting with “_” are "
                                       "comments)"));
      if (ctx->warnings == NULL)
        continue;
      full = full_field (ctx, field);
      g_ptr_array_add (ctx->warnings,
                       g_strdup_printf (_ ("%s: %s: unknown field “%s” ignored"), ctx->origin,
                                        ctx->item != NULL ? ctx->item : "?", full));
    }
  return TRUE;
}

/* The member, or NULL when it is absent (or null, unless null is a
 * value). */
static JsonNode *
member_node (AuraManifestCtx *ctx, JsonObject *object, const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node != NULL && JSON_NODE_HOLDS_NULL (node) && !(ctx->flags & AURA_MANIFEST_NULL_IS_VALUE))
    return NULL;
  return node;
}

static gboolean
absent (AuraManifestCtx *ctx, const char *field, AuraManifestNeed need)
{
  if (need & AURA_MANIFEST_REQUIRED)
    return aura_manifest_error (ctx, field, _ ("missing"));
  return TRUE;
}

static gboolean
node_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

gboolean
aura_manifest_check_text (AuraManifestCtx *ctx,
                          const char *field,
                          const char *value,
                          AuraManifestNeed need,
                          gsize max_bytes)
{
  if (max_bytes == 0)
    max_bytes = AURA_MANIFEST_TEXT_MAX_BYTES;
  if (*value == '\0' && !(need & AURA_MANIFEST_MAY_BE_EMPTY))
    return aura_manifest_error (ctx, field, _ ("must not be empty"));
  if (strlen (value) > max_bytes)
    return aura_manifest_error (ctx, field, _ ("longer than %lu bytes"), (unsigned long)max_bytes);
  if (!g_utf8_validate (value, -1, NULL))
    return aura_manifest_error (ctx, field, _ ("not valid UTF-8"));
  return TRUE;
}

gboolean
aura_manifest_get_string (AuraManifestCtx *ctx,
                          JsonObject *object,
                          const char *member,
                          const char *field,
                          AuraManifestNeed need,
                          gsize max_bytes,
                          const char **out)
{
  JsonNode *node = member_node (ctx, object, member);

  *out = NULL;
  field = field != NULL ? field : member;
  if (node == NULL)
    return absent (ctx, field, need);
  if (!node_is_string (node))
    return aura_manifest_error (ctx, field, _ ("must be a string"));
  if (!aura_manifest_check_text (ctx, field, json_node_get_string (node), need, max_bytes))
    return FALSE;
  *out = json_node_get_string (node);
  return TRUE;
}

gboolean
aura_manifest_get_bool (
    AuraManifestCtx *ctx, JsonObject *object, const char *member, const char *field, gboolean *out)
{
  JsonNode *node = member_node (ctx, object, member);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return aura_manifest_error (ctx, field != NULL ? field : member, _ ("must be true or false"));
  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
aura_manifest_get_int (AuraManifestCtx *ctx,
                       JsonObject *object,
                       const char *member,
                       const char *field,
                       gint64 lo,
                       gint64 hi,
                       gint64 *out)
{
  JsonNode *node = member_node (ctx, object, member);
  gint64 value;

  field = field != NULL ? field : member;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return aura_manifest_error (ctx, field, _ ("must be a whole number"));
  value = json_node_get_int (node);
  if (value < lo || value > hi)
    return aura_manifest_error (ctx, field, _ ("must be between %lld and %lld"), (long long)lo,
                                (long long)hi);
  *out = value;
  return TRUE;
}

gboolean
aura_manifest_get_uint (AuraManifestCtx *ctx,
                        JsonObject *object,
                        const char *member,
                        const char *field,
                        guint lo,
                        guint hi,
                        guint *out)
{
  gint64 value = *out;

  if (!aura_manifest_get_int (ctx, object, member, field, lo, hi, &value))
    return FALSE;
  *out = (guint)value;
  return TRUE;
}

gboolean
aura_manifest_get_rate_max (AuraManifestCtx *ctx,
                            JsonObject *object,
                            const char *member,
                            const char *field,
                            double max,
                            double *out)
{
  JsonNode *node = member_node (ctx, object, member);
  double value;

  g_return_val_if_fail (max > 0.0, FALSE);

  field = field != NULL ? field : member;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || (json_node_get_value_type (node) != G_TYPE_DOUBLE &&
                                        json_node_get_value_type (node) != G_TYPE_INT64))
    return aura_manifest_error (ctx, field, _ ("must be a number of requests per second"));
  value = json_node_get_double (node);
  if (!(value > 0.0 && value <= max))
    return aura_manifest_error (ctx, field,
                                _ ("must be above 0 and at most %g requests per second"), max);
  *out = value;
  return TRUE;
}

gboolean
aura_manifest_get_rate (
    AuraManifestCtx *ctx, JsonObject *object, const char *member, const char *field, double *out)
{
  return aura_manifest_get_rate_max (ctx, object, member, field, AURA_MANIFEST_RATE_MAX, out);
}

gboolean
aura_manifest_get_object (AuraManifestCtx *ctx,
                          JsonObject *object,
                          const char *member,
                          const char *field,
                          AuraManifestNeed need,
                          JsonObject **out)
{
  JsonNode *node = member_node (ctx, object, member);

  *out = NULL;
  field = field != NULL ? field : member;
  if (node == NULL)
    return absent (ctx, field, need);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return aura_manifest_error (ctx, field, _ ("must be an object"));
  *out = json_node_get_object (node);
  return TRUE;
}

gboolean
aura_manifest_get_array (AuraManifestCtx *ctx,
                         JsonObject *object,
                         const char *member,
                         const char *field,
                         AuraManifestNeed need,
                         guint max,
                         JsonArray **out)
{
  JsonNode *node = member_node (ctx, object, member);
  guint length;

  *out = NULL;
  field = field != NULL ? field : member;
  if (node == NULL)
    return absent (ctx, field, need);
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return aura_manifest_error (ctx, field, _ ("must be a list"));
  length = json_array_get_length (json_node_get_array (node));
  if (max > 0 && length > max)
    return aura_manifest_error (ctx, field, _ ("more than %u items"), max);
  if (length == 0 && (need & AURA_MANIFEST_REQUIRED) && !(need & AURA_MANIFEST_MAY_BE_EMPTY))
    return aura_manifest_error (ctx, field, _ ("must not be empty"));
  *out = json_node_get_array (node);
  return TRUE;
}

gboolean
aura_manifest_get_objects (AuraManifestCtx *ctx,
                           JsonObject *object,
                           const char *member,
                           const char *field,
                           AuraManifestNeed need,
                           guint max,
                           JsonArray **out)
{
  field = field != NULL ? field : member;
  if (!aura_manifest_get_array (ctx, object, member, field, need, max, out))
    return FALSE;
  for (guint i = 0; *out != NULL && i < json_array_get_length (*out); i++)
    if (!JSON_NODE_HOLDS_OBJECT (json_array_get_element (*out, i)))
      {
        g_autofree char *where = g_strdup_printf ("%s[%u]", field, i);

        *out = NULL;
        return aura_manifest_error (ctx, where, _ ("must be an object"));
      }
  return TRUE;
}

gboolean
aura_manifest_get_strv (AuraManifestCtx *ctx,
                        JsonObject *object,
                        const char *member,
                        const char *field,
                        AuraManifestNeed need,
                        guint max,
                        GStrv *out)
{
  g_autoptr (GStrvBuilder) builder = NULL;
  JsonArray *array;

  *out = NULL;
  field = field != NULL ? field : member;
  if (!aura_manifest_get_array (ctx, object, member, field, need, max, &array))
    return FALSE;
  if (array == NULL)
    return TRUE;
  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *where = g_strdup_printf ("%s[%u]", field, i);

      if (!node_is_string (element))
        return aura_manifest_error (ctx, where, _ ("must be a string"));
      if (!aura_manifest_check_text (ctx, where, json_node_get_string (element),
                                     (need & AURA_MANIFEST_EMPTY_ITEMS) ? AURA_MANIFEST_MAY_BE_EMPTY
                                                                        : AURA_MANIFEST_OPTIONAL,
                                     0))
        return FALSE;
      g_strv_builder_add (builder, json_node_get_string (element));
    }
  *out = g_strv_builder_end (builder);
  return TRUE;
}

gboolean
aura_manifest_get_enum (AuraManifestCtx *ctx,
                        JsonObject *object,
                        const char *member,
                        const char *field,
                        AuraManifestNeed need,
                        const char *const *names,
                        int *out)
{
  g_autoptr (GString) list = NULL;
  const char *value;

  field = field != NULL ? field : member;
  if (!aura_manifest_get_string (ctx, object, member, field, need, 0, &value))
    return FALSE;
  if (value == NULL)
    return TRUE;
  for (int i = 0; names[i] != NULL; i++)
    if (g_str_equal (names[i], value))
      {
        *out = i;
        return TRUE;
      }
  list = g_string_new (NULL);
  for (guint i = 0; names[i] != NULL; i++)
    g_string_append_printf (list, "%s“%s”", i > 0 ? ", " : "", names[i]);
  return aura_manifest_error (ctx, field, _ ("must be one of %s"), list->str);
}

gboolean
aura_manifest_is_http_url (const char *url)
{
  g_autoptr (GUri) uri = NULL;
  const char *scheme;

  if (url == NULL)
    return FALSE;
  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED, NULL);
  if (uri == NULL)
    return FALSE;
  scheme = g_uri_get_scheme (uri);
  return (g_str_equal (scheme, "http") || g_str_equal (scheme, "https")) &&
         g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0';
}
