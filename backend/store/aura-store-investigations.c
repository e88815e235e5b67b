/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-store"
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "aura-store-private.h"

/* Investigations (create, rename, trash, restore, purge) and targets. */

AuraInvestigation *
aura_store_load_investigation (AuraStore *self, gint64 id, GError **error)
{
  sqlite3_stmt *stmt;
  AuraInvestigation *investigation = NULL;
  int rc;

  stmt = aura_store_prepare (
      self, "SELECT " AURA_INVESTIGATION_COLUMNS " FROM investigations i WHERE i.id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    investigation = aura_investigation_new_from_stmt (stmt);
  else if (rc == SQLITE_DONE)
    aura_store_set_not_found (error, _ ("There is no investigation with id %lld"), id);
  else
    aura_store_set_sqlite_error (self->db, rc, self->path, error);
  sqlite3_reset (stmt);
  return investigation;
}

gboolean
aura_store_check_live_investigation (AuraStore *self, gint64 id, GError **error)
{
  g_autoptr (AuraInvestigation) investigation = aura_store_load_investigation (self, id, error);

  if (investigation == NULL)
    return FALSE;
  if (aura_investigation_get_deleted_at (investigation) != 0)
    {
      g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID,
                   _ ("The investigation “%s” is in the trash; restore it first"),
                   aura_investigation_get_name (investigation));
      return FALSE;
    }
  return TRUE;
}

/* Returns the trimmed name, or NULL with @error set when it is empty, too
 * long or holds control characters. */
static char *
clean_name (const char *name, GError **error)
{
  g_autofree char *trimmed = NULL;
  glong n_chars;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error_literal (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID,
                           _ ("The name of an investigation must be valid UTF-8 text"));
      return NULL;
    }
  trimmed = g_strstrip (g_strdup (name));
  n_chars = g_utf8_strlen (trimmed, -1);
  if (n_chars == 0 || n_chars > AURA_INVESTIGATION_NAME_MAX)
    {
      g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID,
                   _ ("The name of an investigation must have 1 to %d characters"),
                   AURA_INVESTIGATION_NAME_MAX);
      return NULL;
    }
  for (const char *p = trimmed; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        g_set_error_literal (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID,
                             _ ("The name of an investigation cannot hold control characters such "
                                "as line breaks or tabs"));
        return NULL;
      }
  return g_steal_pointer (&trimmed);
}

/* The id of the live investigation named @name (compared case-folded, so
 * beyond ASCII too), or 0. */
static gint64
find_live_by_name (AuraStore *self, const char *name, GError **error)
{
  g_autofree char *key = g_utf8_casefold (name, -1);
  sqlite3_stmt *stmt;
  gint64 found = 0;
  int rc;

  stmt = aura_store_prepare (self, "SELECT id, name FROM investigations WHERE deleted_at IS NULL",
                             error);
  if (stmt == NULL)
    return -1;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW && found == 0)
    {
      g_autofree char *other = g_utf8_casefold ((const char *)sqlite3_column_text (stmt, 1), -1);
      if (strcmp (key, other) == 0)
        found = sqlite3_column_int64 (stmt, 0);
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      aura_store_set_sqlite_error (self->db, rc, self->path, error);
      found = -1;
    }
  sqlite3_reset (stmt);
  return found;
}

static gboolean
check_name_free (AuraStore *self, const char *name, gint64 except_id, GError **error)
{
  gint64 other = find_live_by_name (self, name, error);

  if (other < 0)
    return FALSE;
  if (other != 0 && other != except_id)
    {
      g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID,
                   _ ("An investigation named “%s” already exists; choose another name"), name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
audit_investigation (AuraStore *self,
                     const char *action,
                     AuraInvestigation *before,
                     gint64 id,
                     gboolean gone,
                     GError **error)
{
  g_autoptr (AuraInvestigation) after = NULL;
  g_autofree char *before_canon = NULL;
  g_autofree char *after_canon = NULL;
  g_autofree char *details = NULL;

  if (!gone && (after = aura_store_load_investigation (self, id, error)) == NULL)
    return FALSE;
  before_canon = before != NULL ? aura_investigation_dup_canonical (before) : NULL;
  after_canon = after != NULL ? aura_investigation_dup_canonical (after) : NULL;
  details = aura_store_details ("name",
                                aura_investigation_get_name (after != NULL ? after : before), NULL);
  return aura_store_audit (self, action, "investigation", id, id, before_canon, after_canon,
                           details, error);
}

AuraInvestigation *
aura_store_create_investigation (AuraStore *self,
                                 const char *name,
                                 const char *description,
                                 GError **error)
{
  g_autofree char *clean = NULL;
  g_autofree char *uuid = NULL;
  sqlite3_stmt *stmt;
  gint64 id = 0, now = aura_store_now ();
  gboolean ok;

  g_return_val_if_fail (AURA_IS_STORE (self), NULL);

  if ((clean = clean_name (name, error)) == NULL || !aura_store_change_begin (self, error))
    return NULL;
  ok = check_name_free (self, clean, 0, error);
  stmt = ok ? aura_store_prepare (self,
                                  "INSERT INTO investigations (uuid, name, description, "
                                  "created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                                  error)
            : NULL;
  ok = stmt != NULL;
  if (ok)
    {
      uuid = g_uuid_string_random ();
      sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, clean, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, description != NULL ? description : "", -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, now);
      sqlite3_bind_int64 (stmt, 5, now);
      ok = aura_store_step_done (self, stmt, error);
      id = sqlite3_last_insert_rowid (self->db);
    }
  ok = ok && audit_investigation (self, "investigation.create", NULL, id, FALSE, error);
  if (!aura_store_change_end (self, ok, error))
    return NULL;
  return aura_store_get_investigation (self, id, error);
}

AuraInvestigation *
aura_store_get_investigation (AuraStore *self, gint64 id, GError **error)
{
  AuraInvestigation *investigation;

  g_return_val_if_fail (AURA_IS_STORE (self), NULL);

  g_rec_mutex_lock (&self->lock);
  investigation = aura_store_load_investigation (self, id, error);
  g_rec_mutex_unlock (&self->lock);
  return investigation;
}

static gboolean
parse_id (const char *ref, gint64 *out_id)
{
  char *end = NULL;
  gint64 id;

  if (!g_ascii_isdigit (*ref))
    return FALSE;
  id = g_ascii_strtoll (ref, &end, 10);
  if (*end != '\0' || id <= 0)
    return FALSE;
  *out_id = id;
  return TRUE;
}

static gint64
find_by_uuid (AuraStore *self, const char *uuid, GError **error)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;
  int rc;

  stmt = aura_store_prepare (self, "SELECT id FROM investigations WHERE uuid = lower (?)", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    {
      aura_store_set_sqlite_error (self->db, rc, self->path, error);
      id = -1;
    }
  sqlite3_reset (stmt);
  return id;
}

AuraInvestigation *
aura_store_find_investigation (AuraStore *self, const char *ref, GError **error)
{
  g_autofree char *trimmed = NULL;
  AuraInvestigation *investigation = NULL;
  gint64 id = 0;

  g_return_val_if_fail (AURA_IS_STORE (self), NULL);
  g_return_val_if_fail (ref != NULL, NULL);

  trimmed = g_strstrip (g_strdup (ref));
  g_rec_mutex_lock (&self->lock);
  if (parse_id (trimmed, &id))
    investigation = aura_store_load_investigation (self, id, NULL);
  if (investigation == NULL && g_uuid_string_is_valid (trimmed))
    id = find_by_uuid (self, trimmed, NULL);
  if (investigation == NULL && id <= 0 && g_utf8_validate (trimmed, -1, NULL))
    id = find_live_by_name (self, trimmed, NULL);
  if (investigation == NULL && id > 0)
    investigation = aura_store_load_investigation (self, id, NULL);
  g_rec_mutex_unlock (&self->lock);

  if (investigation == NULL)
    g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_NOT_FOUND,
                 _ ("No investigation matches “%s” (give its number, its UUID or its exact name)"),
                 ref);
  return investigation;
}

static GPtrArray *
list_where (AuraStore *self, const char *sql, GError **error)
{
  g_autoptr (GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc = SQLITE_DONE;

  g_rec_mutex_lock (&self->lock);
  stmt = aura_store_prepare (self, sql, error);
  if (stmt != NULL)
    {
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (list, aura_investigation_new_from_stmt (stmt));
      if (rc != SQLITE_DONE)
        aura_store_set_sqlite_error (self->db, rc, self->path, error);
      sqlite3_reset (stmt);
    }
  g_rec_mutex_unlock (&self->lock);
  return stmt != NULL && rc == SQLITE_DONE ? g_steal_pointer (&list) : NULL;
}

GPtrArray *
aura_store_list_investigations (AuraStore *self, gboolean include_archived, GError **error)
{
  g_return_val_if_fail (AURA_IS_STORE (self), NULL);

  if (include_archived)
    return list_where (self,
                       "SELECT " AURA_INVESTIGATION_COLUMNS " FROM investigations i "
                       "WHERE i.deleted_at IS NULL ORDER BY i.created_at DESC, i.id DESC",
                       error);
  return list_where (self,
                     "SELECT " AURA_INVESTIGATION_COLUMNS " FROM investigations i "
                     "WHERE i.deleted_at IS NULL AND i.archived = 0 "
                     "ORDER BY i.created_at DESC, i.id DESC",
                     error);
}

GPtrArray *
aura_store_list_deleted_investigations (AuraStore *self, GError **error)
{
  g_return_val_if_fail (AURA_IS_STORE (self), NULL);

  return list_where (self,
                     "SELECT " AURA_INVESTIGATION_COLUMNS " FROM investigations i "
                     "WHERE i.deleted_at IS NOT NULL ORDER BY i.deleted_at DESC, i.id DESC",
                     error);
}

/* Runs one UPDATE of an investigation (parameters: ?1 the id, ?2 now, ?3
 * an optional text) in a change with its audit record. */
static gboolean
update_investigation (AuraStore *self,
                      gint64 id,
                      const char *action,
                      const char *sql,
                      const char *text,
                      gboolean require_live,
                      GError **error)
{
  g_autoptr (AuraInvestigation) before = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  if (!aura_store_change_begin (self, error))
    return FALSE;
  before = aura_store_load_investigation (self, id, error);
  ok = before != NULL;
  if (ok && require_live && aura_investigation_get_deleted_at (before) != 0)
    {
      g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID,
                   _ ("The investigation “%s” is in the trash; restore it first"),
                   aura_investigation_get_name (before));
      ok = FALSE;
    }
  if (ok && g_str_equal (action, "investigation.rename"))
    ok = check_name_free (self, text, id, error);
  if (ok && g_str_equal (action, "investigation.restore"))
    ok = check_name_free (self, aura_investigation_get_name (before), id, error);
  if (ok && (stmt = aura_store_prepare (self, sql, error)) == NULL)
    ok = FALSE;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int64 (stmt, 2, aura_store_now ());
      if (text != NULL)
        sqlite3_bind_text (stmt, 3, text, -1, SQLITE_STATIC);
      ok = aura_store_step_done (self, stmt, error);
    }
  ok = ok && audit_investigation (self, action, before, id,
                                  g_str_equal (action, "investigation.purge"), error);
  return aura_store_change_end (self, ok, error);
}

gboolean
aura_store_rename_investigation (AuraStore *self, gint64 id, const char *name, GError **error)
{
  g_autofree char *clean = NULL;

  g_return_val_if_fail (AURA_IS_STORE (self), FALSE);

  if ((clean = clean_name (name, error)) == NULL)
    return FALSE;
  return update_investigation (self, id, "investigation.rename",
                               "UPDATE investigations SET name = ?3, updated_at = ?2 WHERE id = ?1",
                               clean, TRUE, error);
}

gboolean
aura_store_set_investigation_description (AuraStore *self,
                                          gint64 id,
                                          const char *description,
                                          GError **error)
{
  g_return_val_if_fail (AURA_IS_STORE (self), FALSE);

  if (description != NULL && !g_utf8_validate (description, -1, NULL))
    {
      g_set_error_literal (error, AURA_STORE_ERROR, AURA_STORE_ERROR_INVALID,
                           _ ("The description must be valid UTF-8 text"));
      return FALSE;
    }
  return update_investigation (
      self, id, "investigation.describe",
      "UPDATE investigations SET description = ?3, updated_at = ?2 WHERE id = ?1",
      description != NULL ? description : "", FALSE, error);
}

gboolean
aura_store_archive_investigation (AuraStore *self, gint64 id, gboolean archived, GError **error)
{
  g_return_val_if_fail (AURA_IS_STORE (self), FALSE);

  if (archived)
    return update_investigation (
        self, id, "investigation.archive",
        "UPDATE investigations SET archived = 1, updated_at = ?2 WHERE id = ?1", NULL, FALSE,
        error);
  return update_investigation (
      self, id, "investigation.unarchive",
      "UPDATE investigations SET archived = 0, updated_at = ?2 WHERE id = ?1", NULL, FALSE, error);
}

gboolean
aura_store_delete_investigation (AuraStore *self, gint64 id, GError **error)
{
  g_return_val_if_fail (AURA_IS_STORE (self), FALSE);

  return update_investigation (
      self, id, "investigation.delete",
      "UPDATE investigations SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1", NULL, TRUE,
      error);
}

gboolean
aura_store_restore_investigation (AuraStore *self, gint64 id, GError **error)
{
  g_return_val_if_fail (AURA_IS_STORE (self), FALSE);

  return update_investigation (
      self, id, "investigation.restore",
      "UPDATE investigations SET deleted_at = NULL, updated_at = ?2 WHERE id = ?1", NULL, FALSE,
      error);
}

gboolean
aura_store_purge_investigation (AuraStore *self, gint64 id, GError **error)
{
  g_return_val_if_fail (AURA_IS_STORE (self), FALSE);

  /* ?2 is bound but unused: every update shares one binding scheme. */
  return update_investigation (self, id, "investigation.purge",
                               "DELETE FROM investigations WHERE id = ?1 AND ?2 IS NOT NULL", NULL,
                               FALSE, error);
}
