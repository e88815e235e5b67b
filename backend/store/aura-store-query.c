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
  /* The rowid of the :window-th most recent match (see rank_floor()). */
  SELECT_FLOOR,
} SelectMode;

/* Ranked searches order the most recent RANK_WINDOW matches by bm25() (see
 * query_ranked()). */
#define RANK_WINDOW 300

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
/* How the words of a query match: as whole words, as prefixes, or whole
 * words but the last (still being typed) as a prefix. */
typedef enum
{
  MATCH_PREFIX,
  MATCH_WORDS_THEN_PREFIX,
  MATCH_WORDS,
} MatchMode;

static char *
fts_query_build (const char *text, MatchMode mode, guint *out_n_words, gsize *out_last_len)
{
  g_autoptr (GString) query = NULL;
  g_autoptr (GString) word = g_string_new (NULL);
  g_autofree char *valid = NULL;
  g_autoptr (GPtrArray) words = g_ptr_array_new_with_free_func (g_free);

  if (text == NULL)
    return NULL;
  valid = g_utf8_make_valid (text, -1);
  g_strstrip (valid);
  if (*valid == '\0')
    return NULL;
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
          g_ptr_array_add (words, g_strdup (word->str));
          g_string_truncate (word, 0);
        }
      if (c == 0)
        break;
    }
  query = g_string_new (NULL);
  for (guint i = 0; i < words->len; i++)
    {
      gboolean last = i + 1 == words->len;
      gboolean prefix = mode == MATCH_PREFIX || (mode == MATCH_WORDS_THEN_PREFIX && last);

      g_string_append_printf (query, "%s\"%s\"%s", i > 0 ? " AND " : "",
                              (const char *)words->pdata[i], prefix ? "*" : "");
    }
  if (out_n_words != NULL)
    *out_n_words = words->len;
  if (out_last_len != NULL)
    *out_last_len = words->len > 0 ? g_utf8_strlen (words->pdata[words->len - 1], -1) : 0;
  return g_string_free (g_steal_pointer (&query), FALSE);
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
  return fts_query_build (text, MATCH_PREFIX, NULL, NULL);
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

typedef enum
{
  WINDOW_NONE,
  WINDOW_FROM_FLOOR, /* only matches from rowid :floor on */
  WINDOW_ONE_ROW,    /* only the match of rowid :floor */
} Window;

static char *
build_sql (const AuraEntityQuery *query, gboolean fts, SelectMode mode, Window window)
{
  GString *sql = g_string_new ("SELECT ");
  const char *dir = query->descending ? "DESC" : "ASC";

  if (mode == SELECT_COUNT)
    g_string_append (sql, "count(*)");
  else if (mode == SELECT_FLOOR)
    g_string_append (sql, "entities_fts.rowid");
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
  if (fts && window == WINDOW_FROM_FLOOR)
    g_string_append (sql, " AND entities_fts.rowid >= :floor");
  else if (fts && window == WINDOW_ONE_ROW)
    g_string_append (sql, " AND entities_fts.rowid = :floor");
  if (query->investigation_id != 0)
    g_string_append (sql, " AND e.investigation_id = :inv");
  else
    g_string_append (sql, " AND e.investigation_id IN "
                          "(SELECT id FROM investigations WHERE deleted_at IS NULL)");
  if (query->type >= 0)
    g_string_append (sql, " AND e.type = :type");
  if (mode == SELECT_FLOOR)
    g_string_append (sql, " ORDER BY entities_fts.rowid DESC LIMIT 1 OFFSET :window");
  else if (mode != SELECT_COUNT)
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
  bind_named (stmt, ":window", RANK_WINDOW);
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
  sql = build_sql (query, fts != NULL, mode, WINDOW_NONE);
  stmt = aura_store_prepare_dynamic (self, sql, error);
  if (stmt != NULL)
    bind_query (stmt, query, fts);
  return stmt;
}

/* Runs one entities query with the full-text query @fts (NULL for none),
 * restricted by @window and @floor; appends to @entities. Called with the
 * lock held. */
static gboolean
run_entities (AuraStore *self,
              const AuraEntityQuery *query,
              const char *fts,
              Window window,
              gint64 floor,
              GPtrArray *entities,
              GError **error)
{
  g_autofree char *sql = build_sql (query, fts != NULL, SELECT_ENTITIES, window);
  sqlite3_stmt *stmt = aura_store_prepare_dynamic (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_query (stmt, query, fts);
  bind_named (stmt, ":floor", floor);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AuraEntity *entity = aura_entity_new_from_stmt (stmt);

      if (fts != NULL)
        aura_entity_set_match (entity,
                               (const char *)sqlite3_column_text (stmt, AURA_ENTITY_N_COLUMNS),
                               sqlite3_column_double (stmt, AURA_ENTITY_N_COLUMNS + 1));
      g_ptr_array_add (entities, entity);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      aura_store_set_sqlite_error (self->db, rc, self->path, error);
      return FALSE;
    }
  return TRUE;
}

/* The rowid of the RANK_WINDOW-th most recent match of @fts that @query
 * keeps, or 0 when there are fewer matches. Walking the matches newest
 * first is cheap: FTS5 reads its doclists backwards and stops there. */
static gboolean
rank_floor (AuraStore *self,
            const AuraEntityQuery *query,
            const char *fts,
            gint64 *out_floor,
            GError **error)
{
  g_autofree char *sql = build_sql (query, TRUE, SELECT_FLOOR, WINDOW_NONE);
  sqlite3_stmt *stmt = aura_store_prepare_dynamic (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_query (stmt, query, fts);
  rc = sqlite3_step (stmt);
  *out_floor = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      aura_store_set_sqlite_error (self->db, rc, self->path, error);
      return FALSE;
    }
  return TRUE;
}

/* The ids of the entities whose normalised value is exactly @text, read
 * as each type in turn (or the query's type). */
static gboolean
exact_ids (AuraStore *self, const AuraEntityQuery *query, GArray *ids, GError **error)
{
  sqlite3_stmt *stmt;

  stmt = aura_store_prepare (
      self,
      "SELECT id FROM entities WHERE type = :type AND normalized = :normalized AND "
      "(investigation_id = :inv OR (:inv = 0 AND investigation_id IN "
      "(SELECT id FROM investigations WHERE deleted_at IS NULL)))",
      error);
  if (stmt == NULL)
    return FALSE;
  for (int type = 0; type < AURA_ENTITY_N_TYPES; type++)
    {
      g_autofree char *normalized = NULL;
      int rc;

      if (query->type >= 0 && type != query->type)
        continue;
      normalized = aura_entity_normalize (type, query->text, NULL, NULL);
      if (normalized == NULL)
        continue;
      sqlite3_bind_text (stmt, 1, aura_entity_type_to_string (type), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, normalized, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, query->investigation_id);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          g_array_append_val (ids, id);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          aura_store_set_sqlite_error (self->db, rc, self->path, error);
          return FALSE;
        }
    }
  return TRUE;
}

/* Puts the entities whose value is exactly what was typed at the head of
 * the first page (they may be older than the ranked window), each with its
 * own snippet and rank, without duplicates. */
static gboolean
prepend_exact (AuraStore *self, const AuraEntityQuery *query, GPtrArray *entities, GError **error)
{
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GPtrArray) exact = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *fts = aura_store_fts_query (query->text);
  AuraEntityQuery one = *query;

  if (query->offset != 0)
    return TRUE;
  if (!exact_ids (self, query, ids, error))
    return FALSE;
  one.offset = 0;
  one.limit = 1;
  for (guint i = 0; i < ids->len; i++)
    if (!run_entities (self, &one, fts, WINDOW_ONE_ROW, g_array_index (ids, gint64, i), exact,
                       error))
      return FALSE;
  for (guint i = 0; i < exact->len; i++)
    {
      gint64 id = aura_entity_get_id (exact->pdata[i]);

      for (guint j = 0; j < entities->len; j++)
        if (aura_entity_get_id (entities->pdata[j]) == id)
          {
            g_ptr_array_remove_index (entities, j);
            break;
          }
    }
  for (guint i = exact->len; i > 0; i--)
    g_ptr_array_insert (entities, 0, g_object_ref (exact->pdata[i - 1]));
  if (entities->len > query->limit)
    g_ptr_array_set_size (entities, query->limit);
  return TRUE;
}

/* A ranked search for the first page of results, fast whatever the size of
 * the investigation. bm25() costs microseconds per matching row, too much
 * to rank 250,000 matches of a common word while a person types, so:
 *
 * - whole words are tried before prefixes: while "example" is typed, rows
 *   holding the word "example" come before "examples"; a later pass runs
 *   only when an earlier one fills less than the page. The last word is
 *   always a prefix when it is 3 characters or shorter (FTS5's prefix
 *   indexes answer those at once).
 * - when a pass matches more than RANK_WINDOW rows, only the RANK_WINDOW
 *   most recent are ranked (findings of the latest scans first), the rest
 *   are left out of that page.
 *
 * - entities whose value is exactly the text typed come first on the
 *   first page, whatever their age.
 *
 * A deeper page (offset + limit beyond RANK_WINDOW) or a descending rank
 * falls back on ranking every match. */
static gboolean
query_ranked (AuraStore *self, const AuraEntityQuery *query, GPtrArray *entities, GError **error)
{
  static const MatchMode passes[] = { MATCH_WORDS, MATCH_WORDS_THEN_PREFIX, MATCH_PREFIX };
  for (guint i = 0; i < G_N_ELEMENTS (passes); i++)
    {
      g_autofree char *fts = NULL;
      guint n_words = 0;
      gsize last_len = 0;
      gint64 floor = 0;

      fts = fts_query_build (query->text, passes[i], &n_words, &last_len);
      /* Whole-word passes are skipped on a short last word, and the mixed
       * pass on one word (it would ask what the prefix pass asks). */
      if (passes[i] == MATCH_WORDS && last_len <= 3)
        continue;
      if (passes[i] == MATCH_WORDS_THEN_PREFIX && n_words == 1)
        continue;
      g_ptr_array_set_size (entities, 0);
      if (!rank_floor (self, query, fts, &floor, error) ||
          !run_entities (self, query, fts, floor != 0 ? WINDOW_FROM_FLOOR : WINDOW_NONE, floor,
                         entities, error))
        return FALSE;
      if (entities->len >= query->limit)
        break;
    }
  return prepend_exact (self, query, entities, error);
}

GPtrArray *
aura_store_query_entities (AuraStore *self, const AuraEntityQuery *query, GError **error)
{
  g_autoptr (GPtrArray) entities = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *fts = NULL;
  gboolean ok;

  g_return_val_if_fail (AURA_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  fts = aura_store_fts_query (query->text);
  if (fts != NULL && *fts == '\0')
    return g_steal_pointer (&entities);
  g_rec_mutex_lock (&self->lock);
  if (fts != NULL && query->sort == AURA_ENTITY_SORT_RANK && !query->descending &&
      query->limit > 0 && query->offset + query->limit <= RANK_WINDOW)
    ok = query_ranked (self, query, entities, error);
  else
    ok = run_entities (self, query, fts, WINDOW_NONE, 0, entities, error);
  g_rec_mutex_unlock (&self->lock);
  return ok ? g_steal_pointer (&entities) : NULL;
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
  sql = build_sql (query, fts != NULL, SELECT_IDS, WINDOW_NONE);
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
GPtrArray *
aura_store_list_by_id (AuraStore *self,
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

  return aura_store_list_by_id (self,
                                "SELECT " AURA_RELATION_COLUMNS
                                " FROM relations r WHERE r.source_id = ?1 "
                                "UNION ALL SELECT " AURA_RELATION_COLUMNS " FROM relations r "
                                "WHERE r.target_id = ?1 AND r.source_id <> ?1 ORDER BY 1",
                                entity_id, relation_from_stmt, g_object_unref, error);
}

GPtrArray *
aura_store_get_neighbours (AuraStore *self, gint64 entity_id, GError **error)
{
  g_return_val_if_fail (AURA_IS_STORE (self), NULL);

  return aura_store_list_by_id (self,
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

  return aura_store_list_by_id (self,
                                "SELECT scan_id, tool, source, actor, created_at FROM provenance "
                                "WHERE entity_id = ?1 ORDER BY id",
                                entity_id, provenance_new_from_stmt,
                                (GDestroyNotify)json_object_unref, error);
}
