/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-store"
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "aura-store-private.h"

/* Reading entities: lookups, AuraEntityQuery, full-text search, the
 * reader connection of query_entity_ids(), relations and provenance. */

typedef enum
{
  SELECT_ENTITIES,
  SELECT_IDS,
  SELECT_COUNT,
} SelectMode;

static gboolean
is_word_char (gunichar c)
{
  switch (g_unichar_type (c))
    {
      case G_UNICODE_NON_SPACING_MARK:
      case G_UNICODE_SPACING_MARK:
      case G_UNICODE_ENCLOSING_MARK:
        return TRUE;
      default:
        return g_unichar_isalnum (c);
    }
}

/* Turns what a person typed into an FTS5 query that cannot be read as
 * syntax: the words are cut where unicode61 would cut them (at anything
 * but letters, digits and marks), and each becomes a quoted prefix term,
 * all joined by AND. Quotes, stars, parentheses, colons and operators are
 * separators, so they never reach FTS5. Returns NULL when there is no text
 * to search, "" when the text holds no searchable word (it matches
 * nothing). */
char *
aura_store_fts_query (const char *text)
{
  g_autoptr (GString) query = NULL;
  g_autoptr (GString) word = g_string_new (NULL);
  g_autofree char *valid = NULL;

  if (text == NULL)
    return NULL;
  valid = g_utf8_make_valid (text, -1);
  g_strstrip (valid);
  if (*valid == '\0')
    return NULL;
  query = g_string_new (NULL);
  for (const char *p = valid;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && is_word_char (c))
        {
          g_string_append_unichar (word, c);
          continue;
        }
      if (word->len > 0)
        {
          g_string_append_printf (query, "%s\"%s\"*", query->len > 0 ? " AND " : "", word->str);
          g_string_truncate (word, 0);
        }
      if (c == 0)
        break;
    }
  return g_string_free (g_steal_pointer (&query), FALSE);
}

static const char *
sort_column (AuraEntitySort sort, gboolean fts)
{
  switch (sort)
    {
      case AURA_ENTITY_SORT_TYPE:
        return "e.type";
      case AURA_ENTITY_SORT_CONFIDENCE:
        return "e.confidence";
      case AURA_ENTITY_SORT_FIRST_SEEN:
        return "e.first_seen";
      case AURA_ENTITY_SORT_LAST_SEEN:
        return "e.last_seen";
      case AURA_ENTITY_SORT_N_SOURCES:
        return "e.n_sources";
      case AURA_ENTITY_SORT_RANK:
        /* Without a text query every row ranks the same: fall back on the
       * value. */
        return fts ? "bm25 (entities_fts)" : "e.normalized";
      case AURA_ENTITY_SORT_VALUE:
      default:
        /* The normalised key sorts as a person expects (case-folded), and
       * is indexed. */
        return "e.normalized";
    }
}

static char *
build_sql (const AuraEntityQuery *query, gboolean fts, SelectMode mode)
{
  GString *sql = g_string_new ("SELECT ");
  const char *dir = query->descending ? "DESC" : "ASC";

  if (mode == SELECT_COUNT)
    g_string_append (sql, "count(*)");
  else if (mode == SELECT_IDS)
    g_string_append (sql, "e.id");
  else
    {
      g_string_append (sql, AURA_ENTITY_COLUMNS);
      if (fts)
        g_string_append (sql, ", snippet (entities_fts, -1, '[', ']', '…', 12), "
                              "bm25 (entities_fts)");
    }
  if (fts)
    /* CROSS JOIN keeps the full-text match as the outer loop: left to
     * itself, the planner may scan the investigation's rows and re-run the
     * MATCH for each (minutes, not milliseconds, at 200,000 rows). */
    g_string_append (sql, " FROM entities_fts CROSS JOIN entities e ON e.id = entities_fts.rowid");
  else
    g_string_append (sql, " FROM entities e");
  g_string_append (sql, query->targets_only ? " JOIN targets t ON t.entity_id = e.id"
                                            : " LEFT JOIN targets t ON t.entity_id = e.id");
  g_string_append (sql, " WHERE 1");
  if (fts)
    g_string_append (sql, " AND entities_fts MATCH :fts");
  if (query->investigation_id != 0)
    g_string_append (sql, " AND e.investigation_id = :inv");
  else
    g_string_append (sql, " AND e.investigation_id IN "
                          "(SELECT id FROM investigations WHERE deleted_at IS NULL)");
  if (query->type >= 0)
    g_string_append (sql, " AND e.type = :type");
  if (mode != SELECT_COUNT)
    {
      g_string_append_printf (sql, " ORDER BY %s %s, e.id %s", sort_column (query->sort, fts), dir,
                              dir);
      g_string_append (sql, " LIMIT :limit OFFSET :offset");
    }
  return g_string_free (sql, FALSE);
}

static void
bind_named (sqlite3_stmt *stmt, const char *name, gint64 value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0)
    sqlite3_bind_int64 (stmt, index, value);
}

static void
bind_query (sqlite3_stmt *stmt, const AuraEntityQuery *query, const char *fts)
{
  int index = sqlite3_bind_parameter_index (stmt, ":fts");

  if (index > 0)
    sqlite3_bind_text (stmt, index, fts, -1, SQLITE_TRANSIENT);
  index = sqlite3_bind_parameter_index (stmt, ":type");
  if (index > 0 && query->type >= 0 && query->type < AURA_ENTITY_N_TYPES)
    sqlite3_bind_text (stmt, index, aura_entity_type_to_string (query->type), -1, SQLITE_STATIC);
  bind_named (stmt, ":inv", query->investigation_id);
  bind_named (stmt, ":limit", query->limit > 0 ? (gint64)query->limit : -1);
  bind_named (stmt, ":offset", query->offset);
}

/* Prepares @query on the main connection (cached by its SQL); NULL with
 * *out_empty TRUE when the text can match nothing. */
static sqlite3_stmt *
prepare_query (AuraStore *self,
               const AuraEntityQuery *query,
               SelectMode mode,
               gboolean *out_empty,
               GError **error)
{
  g_autofree char *fts = aura_store_fts_query (query->text);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  *out_empty = fts != NULL && *fts == '\0';
  if (*out_empty)
    return NULL;
  sql = build_sql (query, fts != NULL, mode);
  stmt = aura_store_prepare_dynamic (self, sql, error);
  if (stmt != NULL)
    bind_query (stmt, query, fts);
  return stmt;
}

GPtrArray *
aura_store_query_entities (AuraStore *self, const AuraEntityQuery *query, GError **error)
{
  g_autoptr (GPtrArray) entities = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  gboolean empty = FALSE;
  int rc = SQLITE_DONE;

  g_return_val_if_fail (AURA_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  g_rec_mutex_lock (&self->lock);
  stmt = prepare_query (self, query, SELECT_ENTITIES, &empty, error);
  if (stmt != NULL)
    {
      gboolean fts = sqlite3_column_count (stmt) > AURA_ENTITY_N_COLUMNS;

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          AuraEntity *entity = aura_entity_new_from_stmt (stmt);
          if (fts)
            aura_entity_set_match (entity,
                                   (const char *)sqlite3_column_text (stmt, AURA_ENTITY_N_COLUMNS),
                                   sqlite3_column_double (stmt, AURA_ENTITY_N_COLUMNS + 1));
          g_ptr_array_add (entities, entity);
        }
      if (rc != SQLITE_DONE)
        aura_store_set_sqlite_error (self->db, rc, self->path, error);
      sqlite3_reset (stmt);
    }
  g_rec_mutex_unlock (&self->lock);
  if ((stmt == NULL && !empty) || rc != SQLITE_DONE)
    return NULL;
  return g_steal_pointer (&entities);
}

gint64
aura_store_count_entities (AuraStore *self, const AuraEntityQuery *query, GError **error)
{
  sqlite3_stmt *stmt;
  gboolean empty = FALSE;
  gint64 count = 0;
  int rc;

  g_return_val_if_fail (AURA_IS_STORE (self), -1);
  g_return_val_if_fail (query != NULL, -1);

  g_rec_mutex_lock (&self->lock);
  stmt = prepare_query (self, query, SELECT_COUNT, &empty, error);
  if (stmt != NULL)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        count = sqlite3_column_int64 (stmt, 0);
      else
        {
          aura_store_set_sqlite_error (self->db, rc, self->path, error);
          count = -1;
        }
      sqlite3_reset (stmt);
    }
  else if (!empty)
    count = -1;
  g_rec_mutex_unlock (&self->lock);
  return count;
}

static int
progress_cb (void *data)
{
  return g_cancellable_is_cancelled (data) ? 1 : 0;
}

static gboolean
ensure_reader (AuraStore *self, GError **error)
{
  int rc;

  if (self->reader != NULL)
    return TRUE;
  rc =
      sqlite3_open_v2 (self->path, &self->reader, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      aura_store_set_sqlite_error (self->reader, rc, self->path, error);
      g_clear_pointer (&self->reader, sqlite3_close);
      return FALSE;
    }
  sqlite3_busy_timeout (self->reader, (int)MIN (self->busy_timeout_ms, (guint)G_MAXINT));
  return TRUE;
}

static gboolean
read_ids (AuraStore *self,
          const AuraEntityQuery *query,
          GArray *ids,
          GCancellable *cancellable,
          GError **error)
{
  g_autofree char *fts = aura_store_fts_query (query->text);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (fts != NULL && *fts == '\0')
    return TRUE;
  sql = build_sql (query, fts != NULL, SELECT_IDS);
  rc = sqlite3_prepare_v2 (self->reader, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      bind_query (stmt, query, fts);
      sqlite3_progress_handler (self->reader, 4000, cancellable != NULL ? progress_cb : NULL,
                                cancellable);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          g_array_append_val (ids, id);
        }
      sqlite3_progress_handler (self->reader, 0, NULL, NULL);
    }
  sqlite3_finalize (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  aura_store_set_sqlite_error (self->reader, rc, self->path, error);
  return FALSE;
}

GArray *
aura_store_query_entity_ids (AuraStore *self,
                             const AuraEntityQuery *query,
                             GCancellable *cancellable,
                             GError **error)
{
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean ok;

  g_return_val_if_fail (AURA_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  g_mutex_lock (&self->reader_lock);
  ok = ensure_reader (self, error) && read_ids (self, query, ids, cancellable, error);
  g_mutex_unlock (&self->reader_lock);
  return ok ? g_steal_pointer (&ids) : NULL;
}

AuraEntity *
aura_store_load_entity (AuraStore *self, gint64 id, GError **error)
{
  sqlite3_stmt *stmt;
  AuraEntity *entity = NULL;
  int rc;

  stmt = aura_store_prepare (self,
                             "SELECT " AURA_ENTITY_COLUMNS " FROM entities e "
                             "LEFT JOIN targets t ON t.entity_id = e.id WHERE e.id = ?",
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    entity = aura_entity_new_from_stmt (stmt);
  else if (rc == SQLITE_DONE)
    aura_store_set_not_found (error, _ ("There is no entity with id %lld"), id);
  else
    aura_store_set_sqlite_error (self->db, rc, self->path, error);
  sqlite3_reset (stmt);
  return entity;
}

AuraEntity *
aura_store_get_entity (AuraStore *self, gint64 id, GError **error)
{
  AuraEntity *entity;

  g_return_val_if_fail (AURA_IS_STORE (self), NULL);

  g_rec_mutex_lock (&self->lock);
  entity = aura_store_load_entity (self, id, error);
  g_rec_mutex_unlock (&self->lock);
  return entity;
}

AuraEntity *
aura_store_find_entity (AuraStore *self,
                        gint64 investigation_id,
                        AuraEntityType type,
                        const char *value,
                        GError **error)
{
  g_autofree char *normalized = NULL;
  sqlite3_stmt *stmt;
  AuraEntity *entity = NULL;
  int rc;

  g_return_val_if_fail (AURA_IS_STORE (self), NULL);
  g_return_val_if_fail (value != NULL, NULL);

  if ((normalized = aura_entity_normalize (type, value, NULL, error)) == NULL)
    return NULL;
  g_rec_mutex_lock (&self->lock);
  stmt = aura_store_prepare (self,
                             "SELECT " AURA_ENTITY_COLUMNS " FROM entities e "
                             "LEFT JOIN targets t ON t.entity_id = e.id "
                             "WHERE e.investigation_id = ? AND e.type = ? AND e.normalized = ?",
                             error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, investigation_id);
      sqlite3_bind_text (stmt, 2, aura_entity_type_to_string (type), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, normalized, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        entity = aura_entity_new_from_stmt (stmt);
      else if (rc == SQLITE_DONE)
        g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_NOT_FOUND,
                     _ ("There is no %s “%s” in this investigation"),
                     aura_entity_type_get_label (type), value);
      else
        aura_store_set_sqlite_error (self->db, rc, self->path, error);
      sqlite3_reset (stmt);
    }
  g_rec_mutex_unlock (&self->lock);
  return entity;
}

GPtrArray *
aura_store_get_entities (AuraStore *self, const gint64 *ids, guint n_ids, GError **error)
{
  g_autoptr (GHashTable) by_id = NULL;
  g_autoptr (GString) list = g_string_new ("[");
  GPtrArray *entities;
  sqlite3_stmt *stmt;
  int rc = SQLITE_DONE;

  g_return_val_if_fail (AURA_IS_STORE (self), NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);

  by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  for (guint i = 0; i < n_ids; i++)
    g_string_append_printf (list, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", ids[i]);
  g_string_append_c (list, ']');

  /* One query for the page: the ids travel as a JSON array. */
  g_rec_mutex_lock (&self->lock);
  stmt = aura_store_prepare (self,
                             "SELECT " AURA_ENTITY_COLUMNS " FROM entities e "
                             "LEFT JOIN targets t ON t.entity_id = e.id "
                             "WHERE e.id IN (SELECT value FROM json_each (?))",
                             error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, list->str, (int)list->len, SQLITE_STATIC);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          g_hash_table_insert (by_id, g_memdup2 (&id, sizeof id), aura_entity_new_from_stmt (stmt));
        }
      if (rc != SQLITE_DONE)
        aura_store_set_sqlite_error (self->db, rc, self->path, error);
      sqlite3_reset (stmt);
    }
  g_rec_mutex_unlock (&self->lock);
  if (stmt == NULL || rc != SQLITE_DONE)
    return NULL;
  entities = g_ptr_array_new_full (n_ids, g_object_unref);
  for (guint i = 0; i < n_ids; i++)
    {
      AuraEntity *entity = g_hash_table_lookup (by_id, &ids[i]);
      if (entity != NULL)
        g_ptr_array_add (entities, g_object_ref (entity));
    }
  return entities;
}

/* Runs @sql with ?1 bound to @id and builds one object per row. */
static GPtrArray *
list_by_id (AuraStore *self,
            const char *sql,
            gint64 id,
            gpointer (*build) (sqlite3_stmt *),
            GDestroyNotify free_func,
            GError **error)
{
  g_autoptr (GPtrArray) list = g_ptr_array_new_with_free_func (free_func);
  sqlite3_stmt *stmt;
  int rc = SQLITE_DONE;

  g_rec_mutex_lock (&self->lock);
  stmt = aura_store_prepare (self, sql, error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (list, build (stmt));
      if (rc != SQLITE_DONE)
        aura_store_set_sqlite_error (self->db, rc, self->path, error);
      sqlite3_reset (stmt);
    }
  g_rec_mutex_unlock (&self->lock);
  return stmt != NULL && rc == SQLITE_DONE ? g_steal_pointer (&list) : NULL;
}

static gpointer
relation_from_stmt (sqlite3_stmt *stmt)
{
  return aura_relation_new_from_stmt (stmt);
}

static gpointer
entity_from_stmt (sqlite3_stmt *stmt)
{
  return aura_entity_new_from_stmt (stmt);
}

GPtrArray *
aura_store_list_relations (AuraStore *self, gint64 entity_id, GError **error)
{
  g_return_val_if_fail (AURA_IS_STORE (self), NULL);

  return list_by_id (self,
                     "SELECT " AURA_RELATION_COLUMNS " FROM relations r WHERE r.source_id = ?1 "
                     "UNION ALL SELECT " AURA_RELATION_COLUMNS " FROM relations r "
                     "WHERE r.target_id = ?1 AND r.source_id <> ?1 ORDER BY 1",
                     entity_id, relation_from_stmt, g_object_unref, error);
}

GPtrArray *
aura_store_get_neighbours (AuraStore *self, gint64 entity_id, GError **error)
{
  g_return_val_if_fail (AURA_IS_STORE (self), NULL);

  return list_by_id (self,
                     "SELECT " AURA_ENTITY_COLUMNS " FROM entities e "
                     "LEFT JOIN targets t ON t.entity_id = e.id WHERE e.id IN "
                     "(SELECT target_id FROM relations WHERE source_id = ?1 "
                     "UNION SELECT source_id FROM relations WHERE target_id = ?1) "
                     "AND e.id <> ?1 ORDER BY e.id",
                     entity_id, entity_from_stmt, g_object_unref, error);
}

static gpointer
provenance_new_from_stmt (sqlite3_stmt *stmt)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "scan_id", sqlite3_column_int64 (stmt, 0));
  json_object_set_string_member (object, "tool", (const char *)sqlite3_column_text (stmt, 1));
  json_object_set_string_member (object, "source", (const char *)sqlite3_column_text (stmt, 2));
  json_object_set_string_member (object, "actor", (const char *)sqlite3_column_text (stmt, 3));
  json_object_set_int_member (object, "at", sqlite3_column_int64 (stmt, 4));
  return object;
}

GPtrArray *
aura_store_list_provenance (AuraStore *self, gint64 entity_id, GError **error)
{
  g_return_val_if_fail (AURA_IS_STORE (self), NULL);

  return list_by_id (self,
                     "SELECT scan_id, tool, source, actor, created_at FROM provenance "
                     "WHERE entity_id = ?1 ORDER BY id",
                     entity_id, provenance_new_from_stmt, (GDestroyNotify)json_object_unref, error);
}
