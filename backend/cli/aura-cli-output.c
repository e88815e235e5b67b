/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "aura-cli"

#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "aura-cli-private.h"

/* Columns narrower than this are not shrunk further to fit the terminal. */
#define MIN_COLUMN_WIDTH 6

struct _AuraCliTable
{
  guint n_columns;
  GPtrArray *rows; /* of GStrv, the first one the header */
  /* Bit per column: free text that gives way first when the table is too
   * wide, so that ids and times stay whole. */
  guint64 flexible;
};

static GStrv
collect_row (guint n_columns, va_list args)
{
  GStrv row = g_new0 (char *, n_columns + 1);

  for (guint i = 0; i < n_columns; i++)
    {
      const char *cell = va_arg (args, const char *);

      row[i] = g_strdup (cell != NULL ? cell : "");
    }
  return row;
}

/**
 * aura_cli_table_new:
 * @n_columns: how many columns
 * @...: @n_columns header strings
 */
AuraCliTable *
aura_cli_table_new (guint n_columns, ...)
{
  AuraCliTable *table = g_new0 (AuraCliTable, 1);
  va_list args;

  table->n_columns = n_columns;
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  va_start (args, n_columns);
  g_ptr_array_add (table->rows, collect_row (n_columns, args));
  va_end (args);
  return table;
}

/* Takes as many strings as the table has columns; NULL prints empty. */
void
aura_cli_table_add_row (AuraCliTable *table, ...)
{
  va_list args;

  va_start (args, table);
  g_ptr_array_add (table->rows, collect_row (table->n_columns, args));
  va_end (args);
}

/* Marks @column as free text, cut first when the terminal is too narrow. */
void
aura_cli_table_set_flexible (AuraCliTable *table, guint column)
{
  g_return_if_fail (column < table->n_columns && column < 64);

  table->flexible |= G_GUINT64_CONSTANT (1) << column;
}

void
aura_cli_table_free (AuraCliTable *table)
{
  g_ptr_array_unref (table->rows);
  g_free (table);
}

static int
char_width (gunichar c)
{
  if (g_unichar_iszerowidth (c))
    return 0;
  return g_unichar_iswide (c) ? 2 : 1;
}

/* The number of terminal cells @text takes: CJK and emoji count two,
 * combining marks none. */
int
aura_cli_display_width (const char *text)
{
  int width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    width += char_width (g_utf8_get_char (p));
  return width;
}

/* Cuts @text to at most @width cells, ending with "…" when cut. */
char *
aura_cli_truncate (const char *text, int width)
{
  GString *out;
  int used = 0;

  if (aura_cli_display_width (text) <= width)
    return g_strdup (text);

  out = g_string_new (NULL);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      int w = char_width (c);

      if (used + w > width - 1)
        break;
      g_string_append_unichar (out, c);
      used += w;
    }
  if (width > 0)
    g_string_append (out, "…");
  return g_string_free (out, FALSE);
}

static gboolean
is_bidi_control (gunichar c)
{
  return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069);
}

/* Control characters always become \uXXXX (a table row stays one line);
 * with @escape_format the bidi controls and line separators too, so that a
 * hostile value cannot reorder what the terminal shows. */
char *
aura_cli_escape (const char *text, gboolean escape_format)
{
  GString *out = g_string_sized_new (strlen (text));
  g_autofree char *valid = NULL;

  /* Arguments and messages that quote them may not be UTF-8; the walk
   * below must never step past the end of a cut sequence. */
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean control = g_unichar_type (c) == G_UNICODE_CONTROL;
      gboolean format = is_bidi_control (c) || c == 0x2028 || c == 0x2029;

      if (control || (escape_format && format))
        g_string_append_printf (out, "\\u%04X", c);
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

char *
aura_cli_printable (AuraCli *cli, const char *text)
{
  return aura_cli_escape (text != NULL ? text : "", cli->tty);
}

/* Shrinks the widest column among those @mask allows, one cell at a time,
 * until the table fits or none can shrink further. Returns the new total. */
static int
shrink (int *widths, guint n_columns, guint64 mask, int total, int columns)
{
  while (total > columns)
    {
      int widest = -1;

      for (guint c = 0; c < n_columns; c++)
        if ((mask & (G_GUINT64_CONSTANT (1) << c)) != 0 && widths[c] > MIN_COLUMN_WIDTH &&
            (widest < 0 || widths[c] > widths[widest]))
          widest = (int)c;
      if (widest < 0)
        break;
      widths[widest]--;
      total--;
    }
  return total;
}

static void
fit_widths (AuraCli *cli, AuraCliTable *table, int *widths)
{
  int total = 2 * ((int)table->n_columns - 1);

  if (cli->columns <= 0)
    return;
  for (guint c = 0; c < table->n_columns; c++)
    total += widths[c];
  /* Free text gives way first; other columns only when that is not
   * enough. */
  total = shrink (widths, table->n_columns, table->flexible, total, cli->columns);
  shrink (widths, table->n_columns, G_MAXUINT64, total, cli->columns);
}

static void
print_row (GStrv cells, const int *widths, guint n_columns, gboolean bold)
{
  GString *line = g_string_new (NULL);

  if (bold)
    g_string_append (line, "\033[1m");
  for (guint c = 0; c < n_columns; c++)
    {
      g_autofree char *cell = aura_cli_truncate (cells[c], widths[c]);

      g_string_append (line, cell);
      if (c + 1 < n_columns)
        {
          int pad = widths[c] - aura_cli_display_width (cell) + 2;

          for (int i = 0; i < pad; i++)
            g_string_append_c (line, ' ');
        }
    }
  if (bold)
    g_string_append (line, "\033[0m");
  g_string_append_c (line, '\n');
  fputs (line->str, stdout);
  g_string_free (line, TRUE);
}

void
aura_cli_table_print (AuraCli *cli, AuraCliTable *table)
{
  g_autofree int *widths = g_new0 (int, table->n_columns);

  for (guint r = 0; r < table->rows->len; r++)
    {
      GStrv row = g_ptr_array_index (table->rows, r);

      for (guint c = 0; c < table->n_columns; c++)
        {
          g_autofree char *escaped = aura_cli_printable (cli, row[c]);

          g_free (row[c]);
          row[c] = g_steal_pointer (&escaped);
          widths[c] = MAX (widths[c], aura_cli_display_width (row[c]));
        }
    }
  fit_widths (cli, table, widths);
  for (guint r = 0; r < table->rows->len; r++)
    print_row (g_ptr_array_index (table->rows, r), widths, table->n_columns, r == 0 && cli->color);
}

char *
aura_cli_format_time (gint64 unix_seconds)
{
  g_autoptr (GDateTime) dt = NULL;

  if (unix_seconds <= 0)
    return g_strdup ("");
  dt = g_date_time_new_from_unix_local (unix_seconds);
  return dt != NULL ? g_date_time_format_iso8601 (dt) : g_strdup ("");
}

char *
aura_cli_format_time_usec (gint64 unix_usec)
{
  g_autoptr (GDateTime) seconds = NULL;
  g_autoptr (GDateTime) dt = NULL;

  if (unix_usec <= 0)
    return g_strdup ("");
  seconds = g_date_time_new_from_unix_local (unix_usec / G_USEC_PER_SEC);
  if (seconds == NULL)
    return g_strdup ("");
  dt = g_date_time_add (seconds, unix_usec % G_USEC_PER_SEC);
  return dt != NULL ? g_date_time_format_iso8601 (dt) : g_strdup ("");
}

/* The store marks matches with "[" and "]": bold on a colour terminal,
 * brackets kept otherwise. */
char *
aura_cli_highlight (AuraCli *cli, const char *snippet)
{
  g_autofree char *escaped = aura_cli_printable (cli, snippet);
  GString *out;

  if (!cli->color)
    return g_steal_pointer (&escaped);

  out = g_string_new (NULL);
  for (const char *p = escaped; *p != '\0'; p++)
    {
      if (*p == '[')
        g_string_append (out, "\033[1m");
      else if (*p == ']')
        g_string_append (out, "\033[0m");
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

void
aura_cli_print_json (JsonNode *node)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  fputs (text, stdout);
  fputc ('\n', stdout);
}

void
aura_cli_print_line (AuraCli *cli, const char *label, const char *value)
{
  g_autofree char *printable = NULL;
  int pad = 16 - aura_cli_display_width (label);

  /* A field with no value is left out rather than shown empty. */
  if (value == NULL)
    return;
  printable = aura_cli_printable (cli, value);
  printf ("%s%*s %s\n", label, MAX (pad, 0), "", printable);
}

static void
add_time (JsonBuilder *builder, const char *key, gint64 unix_seconds)
{
  g_autofree char *text = aura_cli_format_time (unix_seconds);

  json_builder_set_member_name (builder, key);
  if (unix_seconds > 0)
    json_builder_add_string_value (builder, text);
  else
    json_builder_add_null_value (builder);
}

static void
add_string (JsonBuilder *builder, const char *key, const char *value)
{
  json_builder_set_member_name (builder, key);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_int (JsonBuilder *builder, const char *key, gint64 value)
{
  json_builder_set_member_name (builder, key);
  json_builder_add_int_value (builder, value);
}

/* A JSON text stored by the store (attributes, details) embedded as JSON,
 * not as a string; kept as a string if it does not parse. */
static void
add_json_text (JsonBuilder *builder, const char *key, const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();

  json_builder_set_member_name (builder, key);
  if (text == NULL)
    json_builder_add_null_value (builder);
  else if (json_parser_load_from_data (parser, text, -1, NULL) &&
           json_parser_get_root (parser) != NULL)
    json_builder_add_value (builder, json_node_copy (json_parser_get_root (parser)));
  else
    json_builder_add_string_value (builder, text);
}

JsonNode *
aura_cli_investigation_to_json (AuraInvestigation *investigation, gboolean deleted)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_int (builder, "id", aura_investigation_get_id (investigation));
  add_string (builder, "uuid", aura_investigation_get_uuid (investigation));
  add_string (builder, "name", aura_investigation_get_name (investigation));
  add_string (builder, "description", aura_investigation_get_description (investigation));
  json_builder_set_member_name (builder, "archived");
  json_builder_add_boolean_value (builder, aura_investigation_get_archived (investigation));
  json_builder_set_member_name (builder, "deleted");
  json_builder_add_boolean_value (builder, deleted);
  add_time (builder, "created_at", aura_investigation_get_created_at (investigation));
  add_time (builder, "updated_at", aura_investigation_get_updated_at (investigation));
  add_int (builder, "n_entities", aura_investigation_get_n_entities (investigation));
  add_int (builder, "n_targets", aura_investigation_get_n_targets (investigation));
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

JsonNode *
aura_cli_entity_to_json (AuraEntity *entity)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_int (builder, "id", aura_entity_get_id (entity));
  add_int (builder, "investigation_id", aura_entity_get_investigation_id (entity));
  add_string (builder, "type", aura_entity_type_to_string (aura_entity_get_entity_type (entity)));
  add_string (builder, "value", aura_entity_get_value (entity));
  add_string (builder, "normalized", aura_entity_get_normalized (entity));
  add_json_text (builder, "attributes", aura_entity_get_attributes (entity));
  json_builder_set_member_name (builder, "confidence");
  json_builder_add_double_value (builder, aura_entity_get_confidence (entity));
  add_time (builder, "first_seen", aura_entity_get_first_seen (entity));
  add_time (builder, "last_seen", aura_entity_get_last_seen (entity));
  json_builder_set_member_name (builder, "is_target");
  json_builder_add_boolean_value (builder, aura_entity_get_is_target (entity));
  add_int (builder, "n_sources", aura_entity_get_n_sources (entity));
  if (aura_entity_get_snippet (entity) != NULL)
    {
      add_string (builder, "snippet", aura_entity_get_snippet (entity));
      json_builder_set_member_name (builder, "rank");
      json_builder_add_double_value (builder, aura_entity_get_rank (entity));
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

JsonNode *
aura_cli_relation_to_json (AuraRelation *relation)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_int (builder, "id", aura_relation_get_id (relation));
  add_int (builder, "source_id", aura_relation_get_source_id (relation));
  add_int (builder, "target_id", aura_relation_get_target_id (relation));
  add_string (builder, "type", aura_relation_get_relation_type (relation));
  add_json_text (builder, "attributes", aura_relation_get_attributes (relation));
  json_builder_set_member_name (builder, "confidence");
  json_builder_add_double_value (builder, aura_relation_get_confidence (relation));
  add_time (builder, "first_seen", aura_relation_get_first_seen (relation));
  add_time (builder, "last_seen", aura_relation_get_last_seen (relation));
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

JsonNode *
aura_cli_audit_entry_to_json (AuraAuditEntry *entry)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree char *at = aura_cli_format_time_usec (aura_audit_entry_get_at (entry));

  json_builder_begin_object (builder);
  add_int (builder, "id", aura_audit_entry_get_id (entry));
  add_string (builder, "at", at);
  add_string (builder, "actor", aura_audit_entry_get_actor (entry));
  add_string (builder, "action", aura_audit_entry_get_action (entry));
  add_string (builder, "object_type", aura_audit_entry_get_object_type (entry));
  add_int (builder, "object_id", aura_audit_entry_get_object_id (entry));
  add_int (builder, "investigation_id", aura_audit_entry_get_investigation_id (entry));
  add_string (builder, "before_digest", aura_audit_entry_get_before_digest (entry));
  add_string (builder, "after_digest", aura_audit_entry_get_after_digest (entry));
  add_json_text (builder, "details", aura_audit_entry_get_details (entry));
  add_string (builder, "prev_hash", aura_audit_entry_get_prev_hash (entry));
  add_string (builder, "hash", aura_audit_entry_get_hash (entry));
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
