/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-registry"
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "aura-tool-registry-private.h"

/* The registry itself: a list of AuraToolInfo with an index by id. The
 * families fill it (aura-tool-registry-*.c); nothing here knows how a tool
 * runs. */

static const char *const kind_names[] = { "native", "manifest", "adapter", "link-out" };
static const char *const state_names[] = { "available", "needs-key", "missing", "broken",
                                           "disabled" };

const char *
aura_tool_kind_to_string (AuraToolKind kind)
{
  g_return_val_if_fail ((guint)kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

gboolean
aura_tool_kind_from_string (const char *text, AuraToolKind *out_kind)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (kind_names); i++)
    if (g_ascii_strcasecmp (text, kind_names[i]) == 0)
      {
        if (out_kind != NULL)
          *out_kind = (AuraToolKind)i;
        return TRUE;
      }
  return FALSE;
}

const char *
aura_tool_kind_get_label (AuraToolKind kind)
{
  switch (kind)
    {
      case AURA_TOOL_KIND_NATIVE:
        return _ ("Built-in");
      case AURA_TOOL_KIND_MANIFEST:
        return _ ("Declarative check");
      case AURA_TOOL_KIND_ADAPTER:
        return _ ("External program");
      case AURA_TOOL_KIND_LINK_OUT:
        return _ ("Web link");
      default:
        g_return_val_if_reached (NULL);
    }
}

const char *
aura_tool_state_to_string (AuraToolState state)
{
  g_return_val_if_fail ((guint)state < G_N_ELEMENTS (state_names), NULL);
  return state_names[state];
}

const char *
aura_tool_state_get_label (AuraToolState state)
{
  switch (state)
    {
      case AURA_TOOL_STATE_AVAILABLE:
        return _ ("available");
      case AURA_TOOL_STATE_NEEDS_KEY:
        return _ ("needs a key");
      case AURA_TOOL_STATE_MISSING:
        return _ ("not installed");
      case AURA_TOOL_STATE_BROKEN:
        return _ ("broken");
      case AURA_TOOL_STATE_DISABLED:
        return _ ("disabled");
      default:
        g_return_val_if_reached (NULL);
    }
}

AuraToolInfo *
aura_tool_info_new (const char *id, AuraToolKind kind, const char *family)
{
  AuraToolInfo *info;
  static const char *const none[] = { NULL };

  g_return_val_if_fail (id != NULL && family != NULL, NULL);

  info = g_new0 (AuraToolInfo, 1);
  info->id = g_strdup (id);
  info->kind = kind;
  info->family = g_strdup (family);
  info->inputs = g_strdupv ((char **)none);
  info->outputs = g_strdupv ((char **)none);
  info->origin = g_strdup ("built-in");
  return info;
}

void
aura_tool_info_free (AuraToolInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->id);
  g_free (info->name);
  g_free (info->description);
  g_free (info->family);
  g_free (info->category);
  g_strfreev (info->inputs);
  g_strfreev (info->outputs);
  g_free (info->key_name);
  g_free (info->state_reason);
  g_free (info->homepage);
  g_free (info->origin);
  g_free (info->run_hint);
  g_free (info);
}

void
aura_tool_info_set_inputs (AuraToolInfo *info, const char *const *inputs)
{
  static const char *const none[] = { NULL };

  g_strfreev (info->inputs);
  info->inputs = g_strdupv ((char **)(inputs != NULL ? inputs : none));
}

void
aura_tool_info_set_outputs (AuraToolInfo *info, const char *const *outputs)
{
  static const char *const none[] = { NULL };

  g_strfreev (info->outputs);
  info->outputs = g_strdupv ((char **)(outputs != NULL ? outputs : none));
}

gboolean
aura_tool_info_takes (const AuraToolInfo *info, AuraEntityType type)
{
  const char *name = aura_entity_type_to_string (type);

  return name != NULL && g_strv_contains ((const char *const *)info->inputs, name);
}

static void
add_string_array (JsonBuilder *builder, const char *member, char **values)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

static void
add_string (JsonBuilder *builder, const char *member, const char *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

JsonNode *
aura_tool_info_to_json (const AuraToolInfo *info)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (info != NULL, NULL);

  json_builder_begin_object (builder);
  add_string (builder, "id", info->id);
  add_string (builder, "name", info->name);
  add_string (builder, "description", info->description);
  add_string (builder, "kind", aura_tool_kind_to_string (info->kind));
  add_string (builder, "family", info->family);
  add_string (builder, "category", info->category);
  add_string_array (builder, "inputs", info->inputs);
  add_string_array (builder, "outputs", info->outputs);
  json_builder_set_member_name (builder, "needs_key");
  json_builder_add_boolean_value (builder, info->key_name != NULL && info->key_required);
  add_string (builder, "key_name", info->key_name);
  json_builder_set_member_name (builder, "available");
  json_builder_add_boolean_value (builder, info->state == AURA_TOOL_STATE_AVAILABLE);
  add_string (builder, "state", aura_tool_state_to_string (info->state));
  add_string (builder, "state_reason", info->state_reason);
  add_string (builder, "homepage", info->homepage);
  add_string (builder, "origin", info->origin);
  add_string (builder, "run", info->run_hint);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

AuraToolRegistry *
aura_tool_registry_new (void)
{
  AuraToolRegistry *self = g_new0 (AuraToolRegistry, 1);

  self->tools = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_tool_info_free);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->warnings, NULL);
  return self;
}

void
aura_tool_registry_free (AuraToolRegistry *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->by_id);
  g_ptr_array_unref (self->tools);
  g_ptr_array_unref (self->warnings);
  g_free (self);
}

gboolean
aura_tool_registry_add (AuraToolRegistry *self, AuraToolInfo *info)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (info != NULL, FALSE);

  if (g_hash_table_contains (self->by_id, info->id))
    {
      g_autofree char *message =
          g_strdup_printf (_ ("Two tools are called “%s”; the second, from %s, was left out"),
                           info->id, info->origin);

      aura_tool_registry_add_warning (self, message);
      aura_tool_info_free (info);
      return FALSE;
    }
  g_ptr_array_add (self->tools, info);
  g_hash_table_insert (self->by_id, info->id, info);
  return TRUE;
}

guint
aura_tool_registry_get_n_tools (AuraToolRegistry *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->tools->len;
}

const AuraToolInfo *
aura_tool_registry_get_tool (AuraToolRegistry *self, guint index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->tools->len, NULL);
  return self->tools->pdata[index];
}

const AuraToolInfo *
aura_tool_registry_lookup (AuraToolRegistry *self, const char *id)
{
  g_return_val_if_fail (self != NULL, NULL);
  return id != NULL ? g_hash_table_lookup (self->by_id, id) : NULL;
}

GPtrArray *
aura_tool_registry_for_type (AuraToolRegistry *self, AuraEntityType type)
{
  GPtrArray *found = g_ptr_array_new ();

  g_return_val_if_fail (self != NULL, found);
  for (guint i = 0; i < self->tools->len; i++)
    if (aura_tool_info_takes (self->tools->pdata[i], type))
      g_ptr_array_add (found, self->tools->pdata[i]);
  return found;
}

guint
aura_tool_registry_count_kind (AuraToolRegistry *self, AuraToolKind kind)
{
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);
  for (guint i = 0; i < self->tools->len; i++)
    if (((AuraToolInfo *)self->tools->pdata[i])->kind == kind)
      n++;
  return n;
}

const char *const *
aura_tool_registry_get_warnings (AuraToolRegistry *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char *const *)self->warnings->pdata;
}

void
aura_tool_registry_add_warning (AuraToolRegistry *self, const char *message)
{
  g_return_if_fail (self != NULL && message != NULL);
  /* The array stays NULL-terminated. */
  self->warnings->pdata[self->warnings->len - 1] = g_strdup (message);
  g_ptr_array_add (self->warnings, NULL);
}

static int
compare_tools (gconstpointer a, gconstpointer b)
{
  const AuraToolInfo *x = *(AuraToolInfo *const *)a, *y = *(AuraToolInfo *const *)b;
  int order;

  if (x->kind != y->kind)
    return (int)x->kind - (int)y->kind;
  if ((order = g_strcmp0 (x->family, y->family)) != 0)
    return order;
  return g_strcmp0 (x->id, y->id);
}

void
aura_tool_registry_sort (AuraToolRegistry *self)
{
  g_return_if_fail (self != NULL);
  g_ptr_array_sort (self->tools, compare_tools);
}

void
aura_tool_registry_check_keys (AuraToolRegistry *self,
                               AuraApiKeys *keys,
                               AuraToolRegistryFlags flags)
{
  g_autoptr (GHashTable) known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (AuraApiKeys) own = NULL;

  g_return_if_fail (self != NULL);

  if (keys == NULL)
    keys = own = aura_api_keys_new ();
  for (guint i = 0; i < self->tools->len; i++)
    {
      AuraToolInfo *info = self->tools->pdata[i];
      gpointer have;

      if (info->key_name == NULL || !info->key_required || info->state != AURA_TOOL_STATE_AVAILABLE)
        continue;
      if (!g_hash_table_lookup_extended (known, info->key_name, NULL, &have))
        {
          /* Without the keyring, the caller's object is asked as it is
           * (explicit values and the environment), never changed. */
          g_autofree char *value = (flags & AURA_TOOL_REGISTRY_NO_KEYRING)
                                       ? aura_api_keys_get_quick (keys, info->key_name, NULL)
                                       : aura_api_keys_get (keys, info->key_name, NULL);

          have = GINT_TO_POINTER (value != NULL);
          g_hash_table_insert (known, g_strdup (info->key_name), have);
        }
      if (have != NULL)
        continue;
      info->state = AURA_TOOL_STATE_NEEDS_KEY;
      g_free (info->state_reason);
      info->state_reason = g_strdup_printf (_ ("No “%s” key: set one with aura-cli keys set %s"),
                                            info->key_name, info->key_name);
    }
}

char **
aura_tool_info_get_run_argv (const AuraToolInfo *info,
                             const char *value,
                             const char *const *extra,
                             GError **error)
{
  g_auto (GStrv) words = NULL;
  g_autoptr (GStrvBuilder) builder = NULL;

  g_return_val_if_fail (info != NULL && value != NULL, NULL);

  if (info->kind == AURA_TOOL_KIND_LINK_OUT || info->run_hint == NULL ||
      !g_str_has_prefix (info->run_hint, "aura-cli "))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _ ("“%s” is not run by a command of its own"), info->id);
      return NULL;
    }
  if (!g_shell_parse_argv (info->run_hint + strlen ("aura-cli "), NULL, &words, error))
    return NULL;
  builder = g_strv_builder_new ();
  for (guint i = 0; words[i] != NULL; i++)
    if (strcmp (words[i], "{value}") != 0)
      g_strv_builder_add (builder, words[i]);
  if (extra != NULL)
    g_strv_builder_addv (builder, (const char **)extra);
  /* The value comes last, after "--": it may start with "-". */
  g_strv_builder_add (builder, "--");
  g_strv_builder_add (builder, value);
  return g_strv_builder_end (builder);
}
