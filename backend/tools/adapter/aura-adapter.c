/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-adapter"
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "aura-adapter-private.h"

/* The adapter record, its parsed pieces, results, and loading one
 * manifest file. */

G_DEFINE_QUARK (aura - adapter - error - quark, aura_adapter_error)

G_DEFINE_BOXED_TYPE (AuraAdapter, aura_adapter, aura_adapter_ref, aura_adapter_unref)

AuraAdapter *
aura_adapter_new_empty (void)
{
  AuraAdapter *adapter = g_new0 (AuraAdapter, 1);

  g_atomic_ref_count_init (&adapter->ref);
  adapter->success_codes = g_array_new (FALSE, FALSE, sizeof (int));
  adapter->mappings = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_adapter_mapping_free);
  adapter->timeout_s = 600;
  return adapter;
}

AuraAdapter *
aura_adapter_ref (AuraAdapter *adapter)
{
  g_return_val_if_fail (adapter != NULL, NULL);
  g_atomic_ref_count_inc (&adapter->ref);
  return adapter;
}

void
aura_adapter_unref (AuraAdapter *adapter)
{
  if (adapter == NULL || !g_atomic_ref_count_dec (&adapter->ref))
    return;
  g_free (adapter->id);
  g_free (adapter->name);
  g_free (adapter->description);
  g_free (adapter->homepage);
  g_free (adapter->origin);
  g_strfreev (adapter->executables);
  g_strfreev (adapter->probe_args);
  g_clear_pointer (&adapter->probe_pattern, g_regex_unref);
  g_strfreev (adapter->arguments);
  g_strfreev (adapter->env_set);
  g_strfreev (adapter->env_unset);
  g_array_unref (adapter->success_codes);
  g_free (adapter->output_file);
  g_ptr_array_unref (adapter->mappings);
  g_free (adapter);
}

void
aura_adapter_field_free (AuraAdapterField *field)
{
  if (field == NULL)
    return;
  g_free (field->text);
  aura_source_path_free (field->path);
  g_free (field);
}

void
aura_adapter_cond_free (AuraAdapterCond *cond)
{
  if (cond == NULL)
    return;
  aura_adapter_field_free (cond->field);
  g_free (cond->text);
  g_clear_pointer (&cond->regex, g_regex_unref);
  g_strfreev (cond->choices);
  g_free (cond);
}

static void
piece_free (AuraAdapterPiece *piece)
{
  g_free (piece->literal);
  aura_adapter_field_free (piece->field);
  g_free (piece);
}

void
aura_adapter_template_free (AuraAdapterTemplate *tmpl)
{
  if (tmpl == NULL)
    return;
  g_free (tmpl->text);
  for (guint i = 0; i < tmpl->pieces->len; i++)
    piece_free (tmpl->pieces->pdata[i]);
  g_ptr_array_unref (tmpl->pieces);
  g_free (tmpl);
}

void
aura_adapter_attribute_free (AuraAdapterAttribute *attribute)
{
  if (attribute == NULL)
    return;
  g_free (attribute->name);
  aura_adapter_field_free (attribute->field);
  aura_adapter_template_free (attribute->tmpl);
  g_clear_pointer (&attribute->constant, json_node_unref);
  g_free (attribute);
}

void
aura_adapter_entity_spec_free (AuraAdapterEntitySpec *spec)
{
  if (spec == NULL)
    return;
  g_free (spec->id);
  aura_adapter_template_free (spec->value);
  g_clear_pointer (&spec->pattern, g_regex_unref);
  aura_adapter_field_free (spec->for_each);
  g_ptr_array_unref (spec->attributes);
  g_ptr_array_unref (spec->when);
  g_free (spec);
}

void
aura_adapter_relation_spec_free (AuraAdapterRelationSpec *spec)
{
  if (spec == NULL)
    return;
  g_free (spec->type);
  g_free (spec);
}

void
aura_adapter_mapping_free (AuraAdapterMapping *mapping)
{
  if (mapping == NULL)
    return;
  aura_source_path_free (mapping->records);
  g_clear_pointer (&mapping->line_pattern, g_regex_unref);
  g_strfreev (mapping->line_groups);
  g_ptr_array_unref (mapping->when);
  g_ptr_array_unref (mapping->entities);
  g_ptr_array_unref (mapping->relations);
  g_free (mapping);
}

/* ---- Loading -------------------------------------------------------------- */

AuraAdapter *
aura_adapter_load_data (
    const char *data, gssize length, const char *origin, GPtrArray *warnings, GError **error)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) local = NULL;
  gsize size;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (origin != NULL, NULL);
  size = length < 0 ? strlen (data) : (gsize)length;
  if (size > AURA_ADAPTER_MANIFEST_MAX_BYTES)
    {
      g_set_error (error, AURA_ADAPTER_ERROR, AURA_ADAPTER_ERROR_TOO_LARGE,
                   _ ("%s: larger than %d bytes; an adapter manifest is small"), origin,
                   AURA_ADAPTER_MANIFEST_MAX_BYTES);
      return NULL;
    }
  root = aura_source_parse_json (data, size, &local);
  if (root == NULL)
    {
      /* Translators: %s is a file, the second %s the JSON parser's message. */
      g_set_error (error, AURA_ADAPTER_ERROR, AURA_ADAPTER_ERROR_PARSE,
                   _ ("%s: not a JSON document: %s"), origin, local->message);
      return NULL;
    }
  return aura_adapter_parse (root, origin, warnings, error);
}

AuraAdapter *
aura_adapter_load_file (const char *path, GPtrArray *warnings, GError **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);
  if (!g_file_get_contents (path, &data, &length, error))
    return NULL;
  return aura_adapter_load_data (data, (gssize)length, path, warnings, error);
}

/* ---- Getters -------------------------------------------------------------- */

const char *
aura_adapter_get_id (const AuraAdapter *adapter)
{
  g_return_val_if_fail (adapter != NULL, NULL);
  return adapter->id;
}

const char *
aura_adapter_get_name (const AuraAdapter *adapter)
{
  g_return_val_if_fail (adapter != NULL, NULL);
  return adapter->name;
}

const char *
aura_adapter_get_description (const AuraAdapter *adapter)
{
  g_return_val_if_fail (adapter != NULL, NULL);
  return adapter->description;
}

const char *
aura_adapter_get_homepage (const AuraAdapter *adapter)
{
  g_return_val_if_fail (adapter != NULL, NULL);
  return adapter->homepage;
}

const char *
aura_adapter_get_origin (const AuraAdapter *adapter)
{
  g_return_val_if_fail (adapter != NULL, NULL);
  return adapter->origin;
}

const char *const *
aura_adapter_get_executables (const AuraAdapter *adapter)
{
  g_return_val_if_fail (adapter != NULL, NULL);
  return (const char *const *)adapter->executables;
}

gboolean
aura_adapter_accepts (const AuraAdapter *adapter, AuraEntityType type)
{
  g_return_val_if_fail (adapter != NULL, FALSE);
  return type < AURA_ENTITY_N_TYPES && (adapter->inputs & (1u << type)) != 0;
}

gboolean
aura_adapter_yields (const AuraAdapter *adapter, AuraEntityType type)
{
  g_return_val_if_fail (adapter != NULL, FALSE);
  return type < AURA_ENTITY_N_TYPES && (adapter->outputs & (1u << type)) != 0;
}

guint
aura_adapter_get_timeout (const AuraAdapter *adapter)
{
  g_return_val_if_fail (adapter != NULL, 0);
  return adapter->timeout_s;
}

/* ---- Results -------------------------------------------------------------- */

G_DEFINE_BOXED_TYPE (AuraAdapterResult,
                     aura_adapter_result,
                     aura_adapter_result_ref,
                     aura_adapter_result_unref)

void
aura_adapter_relation_free (AuraAdapterRelation *relation)
{
  if (relation == NULL)
    return;
  g_free (relation->from_value);
  g_free (relation->relation);
  g_free (relation);
}

void
aura_adapter_finding_free (AuraAdapterFinding *finding)
{
  if (finding == NULL)
    return;
  g_free (finding->value);
  g_free (finding->attributes_json);
  g_ptr_array_unref (finding->relations);
  g_free (finding);
}

AuraAdapterResult *
aura_adapter_result_new (void)
{
  AuraAdapterResult *self = g_new0 (AuraAdapterResult, 1);

  g_atomic_ref_count_init (&self->ref);
  self->findings = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_adapter_finding_free);
  self->reasons = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->reasons, NULL);
  self->exit_status = -1;
  self->stderr_text = g_strdup ("");
  return self;
}

AuraAdapterResult *
aura_adapter_result_ref (AuraAdapterResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
aura_adapter_result_unref (AuraAdapterResult *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref))
    return;
  g_ptr_array_unref (self->findings);
  g_ptr_array_unref (self->reasons);
  g_free (self->stderr_text);
  g_free (self->output_error);
  g_free (self);
}

GPtrArray *
aura_adapter_result_get_findings (AuraAdapterResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->findings;
}

gboolean
aura_adapter_result_get_success (AuraAdapterResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->success;
}

int
aura_adapter_result_get_exit_status (AuraAdapterResult *self)
{
  g_return_val_if_fail (self != NULL, -1);
  return self->exit_status;
}

int
aura_adapter_result_get_term_signal (AuraAdapterResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->term_signal;
}

AuraAdapterKill
aura_adapter_result_get_killed (AuraAdapterResult *self)
{
  g_return_val_if_fail (self != NULL, AURA_ADAPTER_KILL_NONE);
  return self->killed;
}

const char *
aura_adapter_result_get_stderr (AuraAdapterResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->stderr_text;
}

guint
aura_adapter_result_get_n_mapped (AuraAdapterResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_mapped;
}

guint
aura_adapter_result_get_n_skipped (AuraAdapterResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_skipped;
}

const char *const *
aura_adapter_result_get_skip_reasons (AuraAdapterResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char *const *)self->reasons->pdata;
}

const char *
aura_adapter_result_get_output_error (AuraAdapterResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->output_error;
}

guint
aura_adapter_result_get_duration_ms (AuraAdapterResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->duration_ms;
}

guint
aura_adapter_result_record (AuraAdapterResult *result,
                            AuraFindingRecorder *recorder,
                            const char *source,
                            double confidence)
{
  guint queued = 0;

  g_return_val_if_fail (result != NULL, 0);
  g_return_val_if_fail (recorder != NULL, 0);
  for (guint i = 0; i < result->findings->len; i++)
    {
      AuraAdapterFinding *finding = result->findings->pdata[i];

      /* The recorder takes one link per finding: the entity is queued once
       * per relation, and its attributes merge. */
      if (finding->relations->len == 0)
        aura_finding_recorder_add (recorder, finding->type, NULL, NULL, finding->type,
                                   finding->value, finding->attributes_json, confidence, source);
      for (guint j = 0; j < finding->relations->len; j++)
        {
          AuraAdapterRelation *relation = finding->relations->pdata[j];

          aura_finding_recorder_add (recorder, relation->from_type, relation->from_value,
                                     relation->relation, finding->type, finding->value,
                                     j == 0 ? finding->attributes_json : NULL, confidence, source);
        }
      queued++;
    }
  return queued;
}
