/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-adapter"
#include "config.h"

#include "aura-adapter-private.h"
#include "aura-adapter-scan.h"
#include "aura-finding-recorder.h"

static char *
summary_json (AuraAdapter *adapter, AuraAdapterResult *result)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) summary = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "tool");
  json_builder_add_string_value (builder, aura_adapter_get_id (adapter));
  json_builder_set_member_name (builder, "exit_status");
  json_builder_add_int_value (builder, aura_adapter_result_get_exit_status (result));
  json_builder_set_member_name (builder, "mapped");
  json_builder_add_int_value (builder, aura_adapter_result_get_n_mapped (result));
  json_builder_set_member_name (builder, "skipped");
  json_builder_add_int_value (builder, aura_adapter_result_get_n_skipped (result));
  json_builder_set_member_name (builder, "duration_ms");
  json_builder_add_int_value (builder, aura_adapter_result_get_duration_ms (result));
  json_builder_set_member_name (builder, "stderr");
  json_builder_add_string_value (builder, aura_adapter_result_get_stderr (result));
  json_builder_end_object (builder);
  summary = json_builder_get_root (builder);
  return json_to_string (summary, FALSE);
}

gint64
aura_adapter_record_run (AuraStore *store,
                         gint64 investigation_id,
                         AuraAdapter *adapter,
                         AuraEntityType type,
                         const char *value,
                         AuraAdapterResult *result,
                         GError **error)
{
  g_autoptr (AuraEntity) seed = NULL;
  g_autoptr (AuraFindingRecorder) recorder = NULL;
  g_autofree char *summary = NULL;
  g_autoptr (GError) local_error = NULL;
  AuraProvenance provenance = { 0, "adapter", NULL };
  gboolean success;
  gint64 scan;

  g_return_val_if_fail (AURA_IS_STORE (store), 0);
  g_return_val_if_fail (adapter != NULL && result != NULL && value != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  provenance.source = aura_adapter_get_id (adapter);
  seed = aura_store_add_entity (store, investigation_id, type, value, NULL, 1.0, &provenance, NULL,
                                error);
  if (seed == NULL)
    return 0;
  scan = aura_store_begin_scan (store, investigation_id, aura_entity_get_id (seed), "adapter", "{}",
                                error);
  if (scan == 0)
    return 0;
  recorder = aura_finding_recorder_new (store, investigation_id, scan, "adapter",
                                        aura_adapter_get_id (adapter));
  aura_adapter_result_record (result, recorder, aura_adapter_get_id (adapter), 0.8);
  summary = summary_json (adapter, result);
  if (!aura_finding_recorder_flush (recorder, &local_error))
    {
      aura_store_finish_scan (store, scan, "failed", summary, local_error->message, NULL);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return 0;
    }
  success = aura_adapter_result_get_success (result);
  if (!aura_store_finish_scan (store, scan, success ? "done" : "failed", summary,
                               success ? NULL : aura_adapter_result_get_output_error (result),
                               error))
    return 0;
  return scan;
}
