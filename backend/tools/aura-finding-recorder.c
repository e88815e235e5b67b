/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-tools"
#include "config.h"

#include "aura-finding-recorder.h"

typedef struct
{
  AuraEntityType from_type;
  char *from_value;
  char *relation;
  AuraEntityType type;
  char *value;
  char *attributes_json;
  double confidence;
  char *source;
} Finding;

struct _AuraFindingRecorder
{
  AuraStore *store;
  gint64 investigation_id;
  gint64 scan_id;
  char *tool;
  char *description;
  GPtrArray *pending;   /* Finding */
  GPtrArray *results;   /* AuraScanResultRecord */
  GHashTable *ids;      /* "type\tvalue" → entity id (gint64 *) */
  GHashTable *recorded; /* "type\tvalue\tsource" and relation keys already written */
  guint rejected;
  guint created;
  guint batch_limit;
  gboolean failed;
};

static void
finding_free (Finding *finding)
{
  /* NULL for the slots emptied when a batch is cut at its limit. */
  if (finding == NULL)
    return;
  g_free (finding->from_value);
  g_free (finding->relation);
  g_free (finding->value);
  g_free (finding->attributes_json);
  g_free (finding->source);
  g_free (finding);
}

AuraFindingRecorder *
aura_finding_recorder_new (AuraStore *store,
                           gint64 investigation_id,
                           gint64 scan_id,
                           const char *tool,
                           const char *batch_description)
{
  AuraFindingRecorder *self = g_new0 (AuraFindingRecorder, 1);

  self->store = g_object_ref (store);
  self->investigation_id = investigation_id;
  self->scan_id = scan_id;
  self->tool = g_strdup (tool);
  self->description = g_strdup (batch_description);
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify)finding_free);
  self->results = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_scan_result_record_free);
  self->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->recorded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return self;
}

void
aura_finding_recorder_free (AuraFindingRecorder *self)
{
  if (self == NULL)
    return;
  g_object_unref (self->store);
  g_free (self->tool);
  g_free (self->description);
  g_ptr_array_unref (self->pending);
  g_ptr_array_unref (self->results);
  g_hash_table_unref (self->ids);
  g_hash_table_unref (self->recorded);
  g_free (self);
}

void
aura_finding_recorder_add (AuraFindingRecorder *self,
                           AuraEntityType from_type,
                           const char *from_value,
                           const char *relation,
                           AuraEntityType type,
                           const char *value,
                           const char *attributes_json,
                           double confidence,
                           const char *source)
{
  Finding *finding;

  g_return_if_fail (self != NULL && value != NULL);
  if (self->failed)
    return;
  finding = g_new0 (Finding, 1);
  finding->from_type = from_type;
  finding->from_value = g_strdup (from_value);
  finding->relation = g_strdup (from_value != NULL ? relation : NULL);
  finding->type = type;
  finding->value = g_strdup (value);
  finding->attributes_json = g_strdup (attributes_json);
  finding->confidence = CLAMP (confidence, 0.0, 1.0);
  finding->source = g_strdup (source);
  g_ptr_array_add (self->pending, finding);
}

void
aura_finding_recorder_add_result (AuraFindingRecorder *self, const AuraScanResultRecord *result)
{
  AuraScanResultRecord *copy;

  g_return_if_fail (self != NULL && result != NULL);
  if (self->failed)
    return;
  copy = g_new0 (AuraScanResultRecord, 1);
  copy->site = g_strdup (result->site);
  copy->url = g_strdup (result->url);
  copy->method = g_strdup (result->method);
  copy->http_status = result->http_status;
  copy->latency_ms = result->latency_ms;
  copy->bytes = result->bytes;
  copy->verdict = g_strdup (result->verdict);
  copy->reason = g_strdup (result->reason);
  copy->result = g_strdup (result->result);
  g_ptr_array_add (self->results, copy);
}

static gboolean
is_store_failure (const GError *error)
{
  return error != NULL && error->domain == AURA_STORE_ERROR &&
         error->code != AURA_STORE_ERROR_INVALID && error->code != AURA_STORE_ERROR_NOT_FOUND;
}

/* The entity's id, adding it (or a provenance row for a new @source) when
 * needed. 0 with no error when the store refuses the value. */
static gint64
entity_id (AuraFindingRecorder *self,
           AuraEntityType type,
           const char *value,
           const char *attributes_json,
           double confidence,
           const char *source,
           GError **error)
{
  g_autofree char *key = g_strdup_printf ("%d\t%s", type, value);
  g_autofree char *sourced = g_strdup_printf ("%s\t%s", key, source != NULL ? source : "");
  AuraProvenance provenance = { self->scan_id, self->tool, source };
  g_autoptr (AuraEntity) entity = NULL;
  gint64 *cached = g_hash_table_lookup (self->ids, key);
  gboolean created = FALSE;
  GError *local = NULL;

  if (cached != NULL && attributes_json == NULL && g_hash_table_contains (self->recorded, sourced))
    return *cached;
  entity = aura_store_add_entity (self->store, self->investigation_id, type, value, attributes_json,
                                  confidence, &provenance, &created, &local);
  if (entity == NULL)
    {
      if (is_store_failure (local))
        {
          g_propagate_error (error, local);
          return 0;
        }
      g_debug ("skipped %s “%s”: %s", aura_entity_type_to_string (type), value, local->message);
      g_clear_error (&local);
      self->rejected++;
      return 0;
    }
  if (created)
    self->created++;
  g_hash_table_add (self->recorded, g_steal_pointer (&sourced));
  if (cached == NULL)
    {
      gint64 *id = g_new (gint64, 1);

      *id = aura_entity_get_id (entity);
      g_hash_table_insert (self->ids, g_steal_pointer (&key), id);
      return *id;
    }
  return *cached;
}

static gboolean
write_finding (AuraFindingRecorder *self, Finding *finding, GError **error)
{
  AuraProvenance provenance = { self->scan_id, self->tool, finding->source };
  g_autoptr (AuraRelation) relation = NULL;
  g_autofree char *relation_key = NULL;
  GError *local = NULL;
  gint64 from = 0, to;

  if (finding->from_value != NULL)
    {
      from = entity_id (self, finding->from_type, finding->from_value, NULL, 1.0, finding->source,
                        &local);
      if (local != NULL)
        {
          g_propagate_error (error, local);
          return FALSE;
        }
    }
  to = entity_id (self, finding->type, finding->value, finding->attributes_json,
                  finding->confidence, finding->source, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  if (from == 0 || to == 0 || from == to)
    return TRUE;
  relation_key = g_strdup_printf ("%" G_GINT64_FORMAT ">%" G_GINT64_FORMAT "\t%s\t%s", from, to,
                                  finding->relation, finding->source ? finding->source : "");
  if (g_hash_table_contains (self->recorded, relation_key))
    return TRUE;
  relation =
      aura_store_add_relation (self->store, self->investigation_id, from, to, finding->relation,
                               NULL, finding->confidence, &provenance, &local);
  if (relation == NULL)
    {
      if (is_store_failure (local))
        {
          g_propagate_error (error, local);
          return FALSE;
        }
      g_debug ("relation %s skipped: %s", finding->relation, local->message);
      g_clear_error (&local);
      return TRUE;
    }
  g_hash_table_add (self->recorded, g_steal_pointer (&relation_key));
  return TRUE;
}

gboolean
aura_finding_recorder_flush (AuraFindingRecorder *self, GError **error)
{
  g_autoptr (GPtrArray) findings = NULL;
  g_autoptr (GPtrArray) results = NULL;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  if (self->failed)
    {
      g_set_error_literal (error, AURA_STORE_ERROR, AURA_STORE_ERROR_IO,
                           "the recorder stopped after an earlier store failure");
      return FALSE;
    }
  if (self->pending->len == 0 && self->results->len == 0)
    return TRUE;
  findings = g_steal_pointer (&self->pending);
  results = g_steal_pointer (&self->results);
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify)finding_free);
  self->results = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_scan_result_record_free);
  if (self->batch_limit > 0 && findings->len > self->batch_limit)
    {
      /* The rest waits for the next flush, in order. */
      for (guint i = self->batch_limit; i < findings->len; i++)
        g_ptr_array_add (self->pending, g_steal_pointer (&findings->pdata[i]));
      g_ptr_array_set_size (findings, self->batch_limit);
    }

  ok = aura_store_batch_begin (self->store, self->description, error);
  for (guint i = 0; ok && i < findings->len; i++)
    ok = write_finding (self, findings->pdata[i], error);
  if (ok && results->len > 0)
    ok = aura_store_add_scan_results (self->store, self->scan_id,
                                      (const AuraScanResultRecord *const *)results->pdata,
                                      results->len, error);
  if (ok)
    ok = aura_store_batch_commit (self->store, error);
  else
    aura_store_batch_rollback (self->store);
  if (!ok)
    {
      /* Entity ids cached during the rolled-back batch may not exist. */
      g_hash_table_remove_all (self->ids);
      g_hash_table_remove_all (self->recorded);
      self->failed = TRUE;
    }
  return ok;
}

void
aura_finding_recorder_set_batch_limit (AuraFindingRecorder *self, guint limit)
{
  g_return_if_fail (self != NULL);
  self->batch_limit = limit;
}

guint
aura_finding_recorder_get_pending (AuraFindingRecorder *self)
{
  return self->pending->len + self->results->len;
}

guint
aura_finding_recorder_get_rejected (AuraFindingRecorder *self)
{
  return self->rejected;
}

guint
aura_finding_recorder_get_created (AuraFindingRecorder *self)
{
  return self->created;
}
