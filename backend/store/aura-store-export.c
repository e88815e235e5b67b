/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-store"
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "aura-store-private.h"

/* Export of one investigation as JSON or CSV, streamed row by row: SQLite
 * builds each entity's JSON (attributes and provenance included), and the
 * output is flushed every 64 KiB, so memory stays flat whatever the size. */

#define FLUSH_SIZE (64 * 1024)

typedef struct
{
  GOutputStream *stream;
  GCancellable *cancellable;
  GString *buffer;
} Writer;

static gboolean
writer_flush (Writer *writer, gboolean force, GError **error)
{
  if (writer->buffer->len == 0 || (!force && writer->buffer->len < FLUSH_SIZE))
    return TRUE;
  if (!g_output_stream_write_all (writer->stream, writer->buffer->str, writer->buffer->len, NULL,
                                  writer->cancellable, error))
    return FALSE;
  g_string_truncate (writer->buffer, 0);
  return TRUE;
}

static const char entity_json_sql[] =
    "SELECT json_object ('id', e.id, 'type', e.type, 'value', e.value, "
    "'normalized', e.normalized, 'attributes', json (e.attributes), "
    "'confidence', e.confidence, 'first_seen', e.first_seen, 'last_seen', e.last_seen, "
    "'is_target', json (CASE WHEN t.id IS NULL THEN 'false' ELSE 'true' END), "
    "'provenance', (SELECT json_group_array (json_object ('scan_id', p.scan_id, "
    "'tool', p.tool, 'source', p.source, 'actor', p.actor, 'at', p.created_at)) "
    "FROM (SELECT * FROM provenance WHERE entity_id = e.id ORDER BY id) p)) "
    "FROM entities e LEFT JOIN targets t ON t.entity_id = e.id "
    "WHERE e.investigation_id = ? ORDER BY e.id";

static const char target_json_sql[] =
    "SELECT json_object ('entity_id', e.id, 'type', e.type, 'value', e.value, "
    "'added_at', t.created_at) FROM targets t JOIN entities e ON e.id = t.entity_id "
    "WHERE t.investigation_id = ? ORDER BY t.id";

static const char relation_json_sql[] =
    "SELECT json_object ('id', r.id, 'source_id', r.source_id, 'target_id', r.target_id, "
    "'type', r.type, 'attributes', json (r.attributes), 'confidence', r.confidence, "
    "'first_seen', r.first_seen, 'last_seen', r.last_seen, "
    "'provenance', (SELECT json_group_array (json_object ('scan_id', p.scan_id, "
    "'tool', p.tool, 'source', p.source, 'actor', p.actor, 'at', p.created_at)) "
    "FROM (SELECT * FROM provenance WHERE relation_id = r.id ORDER BY id) p)) "
    "FROM relations r WHERE r.investigation_id = ? ORDER BY r.id";

/* Writes `"name":[row,row,…]` from a one-column query of JSON texts. */
static gboolean
write_json_array (AuraStore *self,
                  Writer *writer,
                  const char *name,
                  const char *sql,
                  gint64 investigation_id,
                  GError **error)
{
  sqlite3_stmt *stmt = aura_store_prepare (self, sql, error);
  gboolean first = TRUE;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, investigation_id);
  g_string_append_printf (writer->buffer, ",\n\"%s\":[", name);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_string_append (writer->buffer, first ? "\n" : ",\n");
      g_string_append (writer->buffer, (const char *)sqlite3_column_text (stmt, 0));
      first = FALSE;
      if (!writer_flush (writer, FALSE, error))
        {
          sqlite3_reset (stmt);
          return FALSE;
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      aura_store_set_sqlite_error (self->db, rc, self->path, error);
      return FALSE;
    }
  g_string_append (writer->buffer, "]");
  return TRUE;
}

static char *
investigation_json (AuraInvestigation *investigation)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, aura_investigation_get_id (investigation));
  json_builder_set_member_name (builder, "uuid");
  json_builder_add_string_value (builder, aura_investigation_get_uuid (investigation));
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, aura_investigation_get_name (investigation));
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, aura_investigation_get_description (investigation));
  json_builder_set_member_name (builder, "created_at");
  json_builder_add_int_value (builder, aura_investigation_get_created_at (investigation));
  json_builder_set_member_name (builder, "updated_at");
  json_builder_add_int_value (builder, aura_investigation_get_updated_at (investigation));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static gboolean
export_json (AuraStore *self, AuraInvestigation *investigation, Writer *writer, GError **error)
{
  g_autofree char *header = investigation_json (investigation);
  gint64 id = aura_investigation_get_id (investigation);

  g_string_append_printf (writer->buffer,
                          "{\"format\":\"aura-export\",\"version\":1,\n"
                          "\"investigation\":%s",
                          header);
  if (!write_json_array (self, writer, "targets", target_json_sql, id, error) ||
      !write_json_array (self, writer, "entities", entity_json_sql, id, error) ||
      !write_json_array (self, writer, "relations", relation_json_sql, id, error))
    return FALSE;
  g_string_append (writer->buffer, "}\n");
  return writer_flush (writer, TRUE, error);
}

/* RFC 4180, plus the guard against formula injection: a text cell that a
 * spreadsheet would run (= + - @, tab, carriage return first) gets a
 * leading quote. */
void
aura_csv_append_cell (GString *out, const char *text, gboolean first)
{
  gboolean guard, quote;

  g_return_if_fail (out != NULL);

  if (!first)
    g_string_append_c (out, ',');
  if (text == NULL)
    return;
  guard = strchr ("=+-@\t\r", text[0]) != NULL && text[0] != '\0';
  quote = guard || strpbrk (text, ",\"\r\n") != NULL;
  if (quote)
    g_string_append_c (out, '"');
  if (guard)
    g_string_append_c (out, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  if (quote)
    g_string_append_c (out, '"');
}

static const char entity_csv_sql[] =
    "SELECT e.id, e.type, e.value, e.normalized, e.confidence, e.first_seen, e.last_seen, "
    "CASE WHEN t.id IS NULL THEN 'no' ELSE 'yes' END, e.n_sources, e.attributes, "
    "(SELECT group_concat (tool, ';') FROM (SELECT DISTINCT tool FROM provenance "
    "WHERE entity_id = e.id ORDER BY tool)) "
    "FROM entities e LEFT JOIN targets t ON t.entity_id = e.id "
    "WHERE e.investigation_id = ? ORDER BY e.id";

static gboolean
export_csv (AuraStore *self, AuraInvestigation *investigation, Writer *writer, GError **error)
{
  sqlite3_stmt *stmt = aura_store_prepare (self, entity_csv_sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  g_string_append (writer->buffer, "id,type,value,normalized,confidence,first_seen,last_seen,"
                                   "is_target,n_sources,attributes,tools\r\n");
  sqlite3_bind_int64 (stmt, 1, aura_investigation_get_id (investigation));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int column = 0; column < 11; column++)
        aura_csv_append_cell (writer->buffer, (const char *)sqlite3_column_text (stmt, column),
                              column == 0);
      g_string_append (writer->buffer, "\r\n");
      if (!writer_flush (writer, FALSE, error))
        {
          sqlite3_reset (stmt);
          return FALSE;
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      aura_store_set_sqlite_error (self->db, rc, self->path, error);
      return FALSE;
    }
  return writer_flush (writer, TRUE, error);
}

gboolean
aura_store_export (AuraStore *self,
                   gint64 investigation_id,
                   AuraExportFormat format,
                   GOutputStream *stream,
                   GCancellable *cancellable,
                   GError **error)
{
  g_autoptr (AuraInvestigation) investigation = NULL;
  g_autoptr (GString) buffer = g_string_sized_new (FLUSH_SIZE + 4096);
  Writer writer = { stream, cancellable, buffer };
  gboolean ok;

  g_return_val_if_fail (AURA_IS_STORE (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  /* One read transaction so the export is a consistent snapshot. */
  g_rec_mutex_lock (&self->lock);
  investigation = aura_store_load_investigation (self, investigation_id, error);
  ok = investigation != NULL && (self->in_batch || aura_store_exec (self, "BEGIN DEFERRED", error));
  if (ok)
    {
      ok = format == AURA_EXPORT_CSV ? export_csv (self, investigation, &writer, error)
                                     : export_json (self, investigation, &writer, error);
      if (!self->in_batch)
        sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
    }
  g_rec_mutex_unlock (&self->lock);
  return ok;
}
