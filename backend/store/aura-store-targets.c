/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-store"
#include "config.h"

#include <glib/gi18n-lib.h>

#include "aura-store-private.h"

/* Targets: the seeds of an investigation, each an entity with a targets
 * row. */

static gboolean
find_entity_id (AuraStore *self,
                gint64 investigation_id,
                AuraEntityType type,
                const char *normalized,
                gint64 *out_id,
                gint64 *out_target_id,
                GError **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = aura_store_prepare (self,
                             "SELECT e.id, t.id FROM entities e "
                             "LEFT JOIN targets t ON t.entity_id = e.id "
                             "WHERE e.investigation_id = ? AND e.type = ? AND e.normalized = ?",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, investigation_id);
  sqlite3_bind_text (stmt, 2, aura_entity_type_to_string (type), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, normalized, -1, SQLITE_STATIC);
  *out_id = *out_target_id = 0;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out_id = sqlite3_column_int64 (stmt, 0);
      *out_target_id = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      aura_store_set_sqlite_error (self->db, rc, self->path, error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
insert_target (AuraStore *self,
               gint64 investigation_id,
               gint64 entity_id,
               gint64 provenance_id,
               GError **error)
{
  g_autoptr (AuraEntity) entity = NULL;
  g_autofree char *canon = NULL;
  g_autofree char *details = NULL;
  sqlite3_stmt *stmt;

  stmt = aura_store_prepare (self,
                             "INSERT INTO targets (investigation_id, entity_id, provenance_id, "
                             "created_at) VALUES (?, ?, ?, ?)",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, investigation_id);
  sqlite3_bind_int64 (stmt, 2, entity_id);
  if (provenance_id != 0)
    sqlite3_bind_int64 (stmt, 3, provenance_id);
  sqlite3_bind_int64 (stmt, 4, aura_store_now ());
  if (!aura_store_step_done (self, stmt, error) ||
      (entity = aura_store_load_entity (self, entity_id, error)) == NULL)
    return FALSE;
  canon = g_strdup_printf ("target;%" G_GINT64_FORMAT ";%s", aura_entity_get_target_id (entity),
                           aura_entity_get_normalized (entity));
  details = aura_store_details ("type", aura_entity_get_type_name (entity), "value",
                                aura_entity_get_value (entity), NULL);
  return aura_store_audit (self, "target.add", "entity", entity_id, investigation_id, NULL, canon,
                           details, error);
}

AuraEntity *
aura_store_add_target (AuraStore *self,
                       gint64 investigation_id,
                       AuraEntityType type,
                       const char *value,
                       GError **error)
{
  g_autofree char *normalized = NULL;
  gint64 entity_id = 0, target_id = 0, provenance_id = 0;
  gboolean ok;

  g_return_val_if_fail (AURA_IS_STORE (self), NULL);
  g_return_val_if_fail (type >= 0 && type < AURA_ENTITY_N_TYPES, NULL);
  g_return_val_if_fail (value != NULL, NULL);

  if ((normalized = aura_entity_normalize (type, value, NULL, error)) == NULL ||
      !aura_store_change_begin (self, error))
    return NULL;
  ok = aura_store_check_live_investigation (self, investigation_id, error) &&
       find_entity_id (self, investigation_id, type, normalized, &entity_id, &target_id, error);
  if (ok && target_id != 0)
    {
      g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID,
                   _ ("“%s” is already a target of this investigation"), value);
      ok = FALSE;
    }
  if (ok && entity_id == 0)
    {
      AuraProvenance manual = { 0, "manual", NULL };
      ok = aura_store_upsert_entity (self, investigation_id, type, value, NULL, 1.0, &manual, NULL,
                                     &entity_id, &provenance_id, NULL, error);
    }
  ok = ok && insert_target (self, investigation_id, entity_id, provenance_id, error);
  if (!aura_store_change_end (self, ok, error))
    return NULL;
  return aura_store_get_entity (self, entity_id, error);
}

GPtrArray *
aura_store_list_targets (AuraStore *self, gint64 investigation_id, GError **error)
{
  g_autoptr (GPtrArray) targets = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc = SQLITE_DONE;

  g_return_val_if_fail (AURA_IS_STORE (self), NULL);

  g_rec_mutex_lock (&self->lock);
  stmt = aura_store_prepare (self,
                             "SELECT " AURA_ENTITY_COLUMNS " FROM targets t "
                             "JOIN entities e ON e.id = t.entity_id "
                             "WHERE t.investigation_id = ? ORDER BY t.id",
                             error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, investigation_id);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (targets, aura_entity_new_from_stmt (stmt));
      if (rc != SQLITE_DONE)
        aura_store_set_sqlite_error (self->db, rc, self->path, error);
      sqlite3_reset (stmt);
    }
  g_rec_mutex_unlock (&self->lock);
  return stmt != NULL && rc == SQLITE_DONE ? g_steal_pointer (&targets) : NULL;
}

/* Whether anything but the target's own addition refers to the entity. */
static gboolean
entity_is_referenced (AuraStore *self,
                      gint64 entity_id,
                      gint64 own_provenance_id,
                      gboolean *out_referenced,
                      GError **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = aura_store_prepare (
      self,
      "SELECT EXISTS (SELECT 1 FROM relations WHERE source_id = ?1 OR target_id = ?1) "
      "OR EXISTS (SELECT 1 FROM provenance WHERE entity_id = ?1 AND id IS NOT ?2)",
      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entity_id);
  if (own_provenance_id != 0)
    sqlite3_bind_int64 (stmt, 2, own_provenance_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_referenced = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      aura_store_set_sqlite_error (self->db, rc, self->path, error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
exec_with_id (AuraStore *self, const char *sql, gint64 id, GError **error)
{
  sqlite3_stmt *stmt = aura_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return aura_store_step_done (self, stmt, error);
}

gboolean
aura_store_remove_target (AuraStore *self, gint64 entity_id, GError **error)
{
  g_autoptr (AuraEntity) entity = NULL;
  g_autofree char *canon = NULL;
  g_autofree char *details = NULL;
  sqlite3_stmt *stmt;
  gint64 provenance_id = 0;
  gboolean referenced = TRUE, ok;

  g_return_val_if_fail (AURA_IS_STORE (self), FALSE);

  if (!aura_store_change_begin (self, error))
    return FALSE;
  entity = aura_store_load_entity (self, entity_id, error);
  ok = entity != NULL;
  if (ok && !aura_entity_get_is_target (entity))
    {
      g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_NOT_FOUND,
                   _ ("“%s” is not a target of its investigation"), aura_entity_get_value (entity));
      ok = FALSE;
    }
  if (ok && (stmt = aura_store_prepare (self, "SELECT provenance_id FROM targets WHERE id = ?",
                                        error)) != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, aura_entity_get_target_id (entity));
      if (sqlite3_step (stmt) == SQLITE_ROW)
        provenance_id = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }
  ok = ok && exec_with_id (self, "DELETE FROM targets WHERE entity_id = ?", entity_id, error) &&
       entity_is_referenced (self, entity_id, provenance_id, &referenced, error);
  if (ok && !referenced)
    ok = exec_with_id (self, "DELETE FROM entities WHERE id = ?", entity_id, error);
  if (ok)
    {
      canon = g_strdup_printf ("target;%" G_GINT64_FORMAT ";%s", aura_entity_get_target_id (entity),
                               aura_entity_get_normalized (entity));
      details = aura_store_details ("value", aura_entity_get_value (entity), "entity_removed",
                                    referenced ? "no" : "yes", NULL);
      ok =
          aura_store_audit (self, "target.remove", "entity", entity_id,
                            aura_entity_get_investigation_id (entity), canon, NULL, details, error);
    }
  return aura_store_change_end (self, ok, error);
}
