/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-adapter"
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "aura-adapter-private.h"

/* Turns what a tool wrote into findings (README.md, “Mapping”). JSON
 * lines and text are mapped line by line as they arrive, so that findings
 * stream; a JSON document or a CSV file is mapped at the end. The same
 * entity found twice is one finding: its attributes merge and its
 * relations add up. A record or a value the mapping cannot use is counted
 * and the first few reasons kept, never fatal. */

#define MAX_ITEMS 256
#define MAX_RECORDS_PER_DOCUMENT 1000000

typedef struct
{
  AuraAdapterFinding *finding;
  JsonObject *attributes;
} Entry;

struct _AuraAdapterMapper
{
  AuraAdapter *adapter;
  AuraEntityType input_type;
  char *input;
  AuraAdapterFindingFunc on_finding;
  gpointer user_data;

  GString *pending;
  guint line_no;
  guint n_lines;
  guint n_garbage;

  GPtrArray *findings; /* AuraAdapterFinding, in the order first found */
  GHashTable *entries; /* "type\x1fkey" → Entry */
  guint n_mapped;
  guint n_skipped;
  guint n_refused;
  GPtrArray *reasons; /* char *, NULL-terminated */
  char *error;
};

/* One record being mapped: a JSON node, or named text fields (a CSV row,
 * the groups of a matched line). */
typedef struct
{
  JsonNode *node;
  GHashTable *names;
  const char *key;
  const char *text;
  JsonNode *item;
  const char *where; /* "line 3", for reasons */
} Record;

static void
entry_free (Entry *entry)
{
  g_clear_pointer (&entry->attributes, json_object_unref);
  g_free (entry);
}

AuraAdapterMapper *
aura_adapter_mapper_new (AuraAdapter *adapter,
                         AuraEntityType input_type,
                         const char *input_value,
                         AuraAdapterFindingFunc on_finding,
                         gpointer user_data)
{
  AuraAdapterMapper *self = g_new0 (AuraAdapterMapper, 1);

  self->adapter = aura_adapter_ref (adapter);
  self->input_type = input_type;
  self->input = g_strdup (input_value);
  self->on_finding = on_finding;
  self->user_data = user_data;
  self->pending = g_string_new (NULL);
  self->findings = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_adapter_finding_free);
  self->entries =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)entry_free);
  self->reasons = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->reasons, NULL);
  return self;
}

void
aura_adapter_mapper_free (AuraAdapterMapper *self)
{
  if (self == NULL)
    return;
  aura_adapter_unref (self->adapter);
  g_free (self->input);
  g_string_free (self->pending, TRUE);
  g_hash_table_unref (self->entries);
  g_ptr_array_unref (self->findings);
  g_ptr_array_unref (self->reasons);
  g_free (self->error);
  g_free (self);
}

static void add_reason (AuraAdapterMapper *self, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
add_reason (AuraAdapterMapper *self, const char *format, ...)
{
  va_list args;

  if (self->reasons->len > AURA_ADAPTER_MAX_REASONS)
    return;
  va_start (args, format);
  self->reasons->pdata[self->reasons->len - 1] = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (self->reasons, NULL);
}

void
aura_adapter_mapper_set_error (AuraAdapterMapper *self, const char *message)
{
  g_return_if_fail (self != NULL);
  if (self->error == NULL)
    self->error = g_strdup (message);
}

/* ---- Reading fields ------------------------------------------------------- */

static gboolean
text_present (const char *text)
{
  return text != NULL && *text != '\0';
}

/* The node a field reaches, for JSON records (borrowed), or NULL. */
static JsonNode *
field_node (const Record *record, const AuraAdapterField *field)
{
  switch (field->kind)
    {
      case AURA_ADAPTER_FIELD_PATH:
        return record->node != NULL ? aura_source_path_first (field->path, record->node) : NULL;
      case AURA_ADAPTER_FIELD_ITEM:
        return record->item;
      case AURA_ADAPTER_FIELD_RECORD:
        return record->node;
      case AURA_ADAPTER_FIELD_NAME:
      case AURA_ADAPTER_FIELD_KEY:
      case AURA_ADAPTER_FIELD_INPUT:
      default:
        return NULL;
    }
}

/* A field as text, or NULL when it is absent, null, empty or an object. */
static char *
field_text (AuraAdapterMapper *self, const Record *record, const AuraAdapterField *field)
{
  char *text = NULL;

  switch (field->kind)
    {
      case AURA_ADAPTER_FIELD_NAME:
        text = record->names != NULL ? g_strdup (g_hash_table_lookup (record->names, field->text))
                                     : NULL;
        break;
      case AURA_ADAPTER_FIELD_KEY:
        text = g_strdup (record->key);
        break;
      case AURA_ADAPTER_FIELD_INPUT:
        text = g_strdup (self->input);
        break;
      case AURA_ADAPTER_FIELD_RECORD:
        text = record->node != NULL ? aura_source_json_to_text (record->node)
                                    : g_strdup (record->text);
        break;
      case AURA_ADAPTER_FIELD_PATH:
      case AURA_ADAPTER_FIELD_ITEM:
      default:
        text = aura_source_json_to_text (field_node (record, field));
        break;
    }
  if (!text_present (text))
    g_clear_pointer (&text, g_free);
  return text;
}

static gboolean
node_present (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return FALSE;
  if (JSON_NODE_HOLDS_ARRAY (node))
    return json_array_get_length (json_node_get_array (node)) > 0;
  if (JSON_NODE_HOLDS_OBJECT (node))
    return json_object_get_size (json_node_get_object (node)) > 0;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return *json_node_get_string (node) != '\0';
  return TRUE;
}

static gboolean
cond_holds (AuraAdapterMapper *self, const Record *record, const AuraAdapterCond *cond)
{
  g_autofree char *text = field_text (self, record, cond->field);

  switch (cond->kind)
    {
      case AURA_ADAPTER_COND_EQUALS:
        return text != NULL && strcmp (text, cond->text) == 0;
      case AURA_ADAPTER_COND_NOT_EQUALS:
        return text == NULL || strcmp (text, cond->text) != 0;
      case AURA_ADAPTER_COND_PRESENT:
        {
          JsonNode *node = field_node (record, cond->field);
          gboolean present = node != NULL ? node_present (node) : text != NULL;

          return present == cond->present;
        }
      case AURA_ADAPTER_COND_MATCHES:
        return text != NULL && g_regex_match (cond->regex, text, 0, NULL);
      case AURA_ADAPTER_COND_IN:
      default:
        return text != NULL && g_strv_contains ((const char *const *)cond->choices, text);
    }
}

static gboolean
conds_hold (AuraAdapterMapper *self, const Record *record, GPtrArray *conds)
{
  for (guint i = 0; i < conds->len; i++)
    if (!cond_holds (self, record, conds->pdata[i]))
      return FALSE;
  return TRUE;
}

/* The template filled from @record; NULL (and *missing set) when a field
 * it needs is absent. */
static char *
expand (AuraAdapterMapper *self,
        const Record *record,
        const AuraAdapterTemplate *tmpl,
        const char **missing)
{
  g_autoptr (GString) out = g_string_new (NULL);

  for (guint i = 0; i < tmpl->pieces->len; i++)
    {
      const AuraAdapterPiece *piece = tmpl->pieces->pdata[i];
      g_autofree char *text = NULL;

      if (piece->literal != NULL)
        {
          g_string_append (out, piece->literal);
          continue;
        }
      text = field_text (self, record, piece->field);
      if (text == NULL)
        {
          *missing = piece->field->text;
          return NULL;
        }
      g_string_append (out, text);
      if (out->len > AURA_ADAPTER_VALUE_MAX_BYTES * 4)
        break;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---- Findings ------------------------------------------------------------- */

static void
set_attributes (AuraAdapterMapper *self,
                const Record *record,
                GPtrArray *specs,
                JsonObject *attributes)
{
  for (guint i = 0; i < specs->len; i++)
    {
      const AuraAdapterAttribute *spec = specs->pdata[i];
      JsonNode *node = NULL;

      if (spec->constant != NULL)
        node = json_node_copy (spec->constant);
      else if (spec->tmpl != NULL)
        {
          const char *missing = NULL;
          char *text = expand (self, record, spec->tmpl, &missing);

          if (text != NULL)
            {
              node = json_node_new (JSON_NODE_VALUE);
              json_node_set_string (node, text);
              g_free (text);
            }
        }
      else if (field_node (record, spec->field) != NULL)
        {
          if (node_present (field_node (record, spec->field)))
            node = json_node_copy (field_node (record, spec->field));
        }
      else
        {
          char *text = field_text (self, record, spec->field);

          if (text != NULL)
            {
              node = json_node_new (JSON_NODE_VALUE);
              json_node_set_string (node, text);
              g_free (text);
            }
        }
      if (node != NULL)
        json_object_set_member (attributes, spec->name, node);
    }
}

static void
serialize_attributes (Entry *entry)
{
  g_autoptr (JsonNode) node = NULL;

  g_clear_pointer (&entry->finding->attributes_json, g_free);
  if (json_object_get_size (entry->attributes) == 0)
    return;
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, entry->attributes);
  entry->finding->attributes_json = json_to_string (node, FALSE);
}

/* The finding for @value (validated), created or merged; NULL when the
 * store would refuse the value. */
static Entry *
add_finding (AuraAdapterMapper *self,
             const Record *record,
             const AuraAdapterEntitySpec *spec,
             const char *value)
{
  g_autoptr (GError) local = NULL;
  g_autofree char *display = NULL;
  g_autofree char *key = NULL;
  g_autofree char *hash_key = NULL;
  AuraEntityType type = spec->host ? aura_entity_type_for_host (value) : spec->type;
  g_autoptr (JsonObject) attributes = json_object_new ();
  Entry *entry;

  key = aura_entity_normalize (type, value, &display, &local);
  if (key == NULL)
    {
      self->n_refused++;
      /* Translators: %s is where in the output (“line 4”), then an entity
       * id of the manifest, then the store's message. */
      add_reason (self, _ ("%s: entity “%s”: %s"), record->where, spec->id, local->message);
      return NULL;
    }
  set_attributes (self, record, spec->attributes, attributes);
  hash_key = g_strdup_printf ("%d\x1f%s", (int)type, key);
  entry = g_hash_table_lookup (self->entries, hash_key);
  if (entry != NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *node;

      json_object_iter_init (&iter, attributes);
      while (json_object_iter_next (&iter, &name, &node))
        json_object_set_member (entry->attributes, name, json_node_copy (node));
      return entry;
    }
  if (self->findings->len >= AURA_ADAPTER_MAX_FINDINGS)
    {
      self->n_refused++;
      add_reason (self, _ ("%s: more than %d entities; the rest are left out"), record->where,
                  AURA_ADAPTER_MAX_FINDINGS);
      return NULL;
    }
  entry = g_new0 (Entry, 1);
  entry->finding = g_new0 (AuraAdapterFinding, 1);
  entry->finding->type = type;
  entry->finding->value = g_steal_pointer (&display);
  entry->finding->relations =
      g_ptr_array_new_with_free_func ((GDestroyNotify)aura_adapter_relation_free);
  entry->attributes = g_steal_pointer (&attributes);
  g_ptr_array_add (self->findings, entry->finding);
  g_hash_table_insert (self->entries, g_steal_pointer (&hash_key), entry);
  serialize_attributes (entry);
  if (self->on_finding != NULL)
    self->on_finding (entry->finding, self->user_data);
  return entry;
}

static void
add_relation (AuraAdapterFinding *to,
              AuraEntityType from_type,
              const char *from_value,
              const char *type)
{
  AuraAdapterRelation *relation;

  if (from_type == to->type && strcmp (from_value, to->value) == 0)
    return;
  for (guint i = 0; i < to->relations->len; i++)
    {
      relation = to->relations->pdata[i];
      if (relation->from_type == from_type && strcmp (relation->from_value, from_value) == 0 &&
          strcmp (relation->relation, type) == 0)
        return;
    }
  relation = g_new0 (AuraAdapterRelation, 1);
  relation->from_type = from_type;
  relation->from_value = g_strdup (from_value);
  relation->relation = g_strdup (type);
  g_ptr_array_add (to->relations, relation);
}

/* The value of one entity instance: the template, cut by the pattern,
 * trimmed and bounded. NULL with a reason when it cannot be had. */
static char *
entity_value (AuraAdapterMapper *self, const Record *record, const AuraAdapterEntitySpec *spec)
{
  const char *missing = NULL;
  g_autofree char *value = expand (self, record, spec->value, &missing);
  g_autoptr (GMatchInfo) match = NULL;

  if (value == NULL)
    return NULL;
  if (spec->pattern != NULL)
    {
      char *cut;

      if (!g_regex_match (spec->pattern, value, 0, &match))
        return NULL;
      cut = g_match_info_fetch (match, g_match_info_get_match_count (match) > 1 ? 1 : 0);
      g_free (value);
      value = cut;
    }
  g_strstrip (value);
  if (*value == '\0')
    return NULL;
  if (strlen (value) > AURA_ADAPTER_VALUE_MAX_BYTES)
    {
      add_reason (self, _ ("%s: entity “%s”: a value longer than %d bytes"), record->where,
                  spec->id, AURA_ADAPTER_VALUE_MAX_BYTES);
      return NULL;
    }
  return g_steal_pointer (&value);
}

/* Emits the instances of one entity spec for @record into @out. */
static void
map_entity (AuraAdapterMapper *self,
            Record *record,
            const AuraAdapterEntitySpec *spec,
            GPtrArray *out)
{
  JsonNode *items = NULL;
  guint n = 1;

  if (spec->for_each != NULL)
    {
      items = field_node (record, spec->for_each);
      if (items != NULL && JSON_NODE_HOLDS_ARRAY (items))
        n = MIN (json_array_get_length (json_node_get_array (items)), MAX_ITEMS);
      else if (items == NULL || !node_present (items))
        return;
    }
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *value = NULL;
      Entry *entry;

      record->item = NULL;
      if (items != NULL)
        record->item = JSON_NODE_HOLDS_ARRAY (items)
                           ? json_array_get_element (json_node_get_array (items), i)
                           : items;
      if (!conds_hold (self, record, spec->when))
        continue;
      value = entity_value (self, record, spec);
      if (value == NULL)
        continue;
      entry = add_finding (self, record, spec, value);
      if (entry != NULL)
        g_ptr_array_add (out, entry);
    }
  record->item = NULL;
}

static void
map_record (AuraAdapterMapper *self, Record *record, const AuraAdapterMapping *mapping)
{
  g_autoptr (GPtrArray) instances =
      g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  guint emitted = 0;

  if (!conds_hold (self, record, mapping->when))
    {
      self->n_skipped++;
      return;
    }
  for (guint i = 0; i < mapping->entities->len; i++)
    {
      GPtrArray *out = g_ptr_array_new ();

      map_entity (self, record, mapping->entities->pdata[i], out);
      emitted += out->len;
      g_ptr_array_add (instances, out);
    }
  for (guint i = 0; i < mapping->relations->len; i++)
    {
      const AuraAdapterRelationSpec *spec = mapping->relations->pdata[i];
      GPtrArray *to = instances->pdata[spec->to];

      for (guint t = 0; t < to->len; t++)
        {
          Entry *target = to->pdata[t];

          if (spec->from < 0)
            {
              add_relation (target->finding, self->input_type, self->input, spec->type);
              continue;
            }
          for (guint f = 0; f < ((GPtrArray *)instances->pdata[spec->from])->len; f++)
            {
              Entry *source = ((GPtrArray *)instances->pdata[spec->from])->pdata[f];

              add_relation (target->finding, source->finding->type, source->finding->value,
                            spec->type);
            }
        }
    }
  for (guint i = 0; i < instances->len; i++)
    {
      GPtrArray *out = instances->pdata[i];

      for (guint j = 0; j < out->len; j++)
        serialize_attributes (out->pdata[j]);
    }
  if (emitted > 0)
    self->n_mapped++;
  else
    {
      self->n_skipped++;
      add_reason (self, _ ("%s: no entity could be taken from it"), record->where);
    }
}

/* ---- JSON ----------------------------------------------------------------- */

/* Maps the records @mapping finds in @document. */
static void
map_document (AuraAdapterMapper *self,
              JsonNode *document,
              const AuraAdapterMapping *mapping,
              const char *where)
{
  JsonNode *node =
      mapping->records != NULL ? aura_source_path_first (mapping->records, document) : document;
  Record record = { 0 };

  record.where = where;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return;
  if (mapping->each == AURA_ADAPTER_EACH_SELF)
    {
      record.node = node;
      map_record (self, &record, mapping);
    }
  else if (mapping->each == AURA_ADAPTER_EACH_ELEMENT && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array) && i < MAX_RECORDS_PER_DOCUMENT; i++)
        {
          g_autofree char *item = g_strdup_printf ("%s, [%u]", where, i);

          record.where = item;
          record.node = json_array_get_element (array, i);
          map_record (self, &record, mapping);
        }
    }
  else if (mapping->each == AURA_ADAPTER_EACH_MEMBER && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &name, &member))
        {
          g_autofree char *item = g_strdup_printf ("%s, “%s”", where, name);

          record.where = item;
          record.key = name;
          record.node = member;
          map_record (self, &record, mapping);
        }
    }
  else
    {
      self->n_skipped++;
      /* Translators: %s is where in the output, then a JSON path. */
      add_reason (self, _ ("%s: “%s” leads to no %s"), where,
                  mapping->records != NULL ? aura_source_path_get_text (mapping->records) : "$",
                  mapping->each == AURA_ADAPTER_EACH_ELEMENT ? _ ("list") : _ ("object"));
    }
}

static void
map_json_text (AuraAdapterMapper *self, const char *text, gsize length, const char *where)
{
  g_autoptr (GError) local = NULL;
  g_autoptr (JsonNode) document = aura_source_parse_json (text, length, &local);

  if (document == NULL)
    {
      self->n_garbage++;
      self->n_skipped++;
      /* Translators: %s is where in the output, then the parser's message. */
      add_reason (self, _ ("%s: not JSON: %s"), where, local->message);
      return;
    }
  for (guint i = 0; i < self->adapter->mappings->len; i++)
    map_document (self, document, self->adapter->mappings->pdata[i], where);
}

/* ---- Text lines ----------------------------------------------------------- */

static void
map_text_line (AuraAdapterMapper *self, const char *line, const char *where)
{
  for (guint i = 0; i < self->adapter->mappings->len; i++)
    {
      const AuraAdapterMapping *mapping = self->adapter->mappings->pdata[i];
      g_autoptr (GMatchInfo) match = NULL;
      g_autoptr (GHashTable) names = NULL;
      Record record = { 0 };

      if (!g_regex_match (mapping->line_pattern, line, 0, &match))
        continue;
      names = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
      for (guint g = 0; mapping->line_groups[g] != NULL; g++)
        g_hash_table_replace (names, mapping->line_groups[g],
                              g_match_info_fetch_named (match, mapping->line_groups[g]));
      record.names = names;
      record.text = line;
      record.where = where;
      map_record (self, &record, mapping);
    }
}

static void
map_line (AuraAdapterMapper *self, char *line)
{
  g_autofree char *where = NULL;
  gsize length = strlen (line);

  self->line_no++;
  if (length > 0 && line[length - 1] == '\r')
    line[--length] = '\0';
  if (length == 0 || (g_ascii_isspace (line[0]) && *g_strchug (line) == '\0'))
    return;
  self->n_lines++;
  /* Translators: %u is a line number of a tool's output. */
  where = g_strdup_printf (_ ("line %u"), self->line_no);
  if (!g_utf8_validate (line, (gssize)length, NULL))
    {
      self->n_garbage++;
      self->n_skipped++;
      add_reason (self, _ ("%s: not valid UTF-8"), where);
      return;
    }
  if (self->adapter->format == AURA_ADAPTER_FORMAT_JSONL)
    map_json_text (self, line, length, where);
  else
    map_text_line (self, line, where);
}

/* ---- CSV ------------------------------------------------------------------ */

/* Reads one RFC 4180 row from *p into @fields; FALSE at the end. *broken
 * is set when a quoted field is not closed. */
static gboolean
csv_row (const char **p, const char *end, GPtrArray *fields, gboolean *broken)
{
  g_autoptr (GString) field = g_string_new (NULL);
  gboolean quoted = FALSE, any = FALSE;

  g_ptr_array_set_size (fields, 0);
  if (*p >= end)
    return FALSE;
  while (*p < end)
    {
      char c = **p;

      any = TRUE;
      (*p)++;
      if (quoted)
        {
          if (c == '"' && *p < end && **p == '"')
            {
              g_string_append_c (field, '"');
              (*p)++;
            }
          else if (c == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, c);
        }
      else if (c == '"' && field->len == 0)
        quoted = TRUE;
      else if (c == ',')
        {
          g_ptr_array_add (fields, g_strdup (field->str));
          g_string_truncate (field, 0);
        }
      else if (c == '\n')
        break;
      else if (c != '\r')
        g_string_append_c (field, c);
    }
  if (quoted)
    *broken = TRUE;
  if (any)
    g_ptr_array_add (fields, g_strdup (field->str));
  return any;
}

static void
map_csv (AuraAdapterMapper *self, const char *text, gsize length)
{
  g_autoptr (GPtrArray) header = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  const char *p = text, *end = text + length;
  gboolean broken = FALSE;
  guint row = 1;

  if (length >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
    p += 3;
  if (!csv_row (&p, end, header, &broken) || broken || header->len < 2)
    {
      aura_adapter_mapper_set_error (self, _ ("The output is not CSV with a header row"));
      return;
    }
  while (!broken && row < MAX_RECORDS_PER_DOCUMENT && csv_row (&p, end, fields, &broken))
    {
      g_autoptr (GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
      g_autofree char *where = NULL;
      Record record = { 0 };

      row++;
      if (fields->len == 1 && *(char *)fields->pdata[0] == '\0')
        continue;
      /* Translators: %u is a row number of a CSV file. */
      where = g_strdup_printf (_ ("row %u"), row);
      if (broken)
        {
          /* Translators: %s is “row 7”. */
          g_autofree char *message = g_strdup_printf (
              _ ("The CSV output breaks at %s: a quoted field is not closed"), where);

          aura_adapter_mapper_set_error (self, message);
          self->n_skipped++;
          break;
        }
      for (guint i = 0; i < header->len && i < fields->len; i++)
        if (!g_hash_table_contains (names, header->pdata[i]))
          g_hash_table_insert (names, header->pdata[i], fields->pdata[i]);
      record.names = names;
      record.where = where;
      for (guint i = 0; i < self->adapter->mappings->len; i++)
        map_record (self, &record, self->adapter->mappings->pdata[i]);
    }
}

/* ---- Feeding -------------------------------------------------------------- */

static gboolean
is_line_format (AuraAdapterMapper *self)
{
  return self->adapter->format == AURA_ADAPTER_FORMAT_JSONL ||
         self->adapter->format == AURA_ADAPTER_FORMAT_TEXT;
}

void
aura_adapter_mapper_feed (AuraAdapterMapper *self, const char *data, gsize length)
{
  gsize start = 0;

  g_return_if_fail (self != NULL);
  g_string_append_len (self->pending, data, (gssize)length);
  if (!is_line_format (self))
    return;
  for (gsize i = 0; i < self->pending->len; i++)
    if (self->pending->str[i] == '\n')
      {
        self->pending->str[i] = '\0';
        map_line (self, self->pending->str + start);
        start = i + 1;
      }
  g_string_erase (self->pending, 0, (gssize)start);
}

void
aura_adapter_mapper_finish (AuraAdapterMapper *self)
{
  g_return_if_fail (self != NULL);
  if (is_line_format (self))
    {
      g_autofree char *rest = g_string_free (g_steal_pointer (&self->pending), FALSE);

      self->pending = g_string_new (NULL);
      map_line (self, rest);
      if (self->n_garbage > 0 && self->adapter->format == AURA_ADAPTER_FORMAT_JSONL)
        {
          /* Translators: the first %u is a count of lines, the second too. */
          g_autofree char *message = g_strdup_printf (
              _ ("%u of %u lines of the output are not JSON; the others were read"),
              self->n_garbage, self->n_lines);

          aura_adapter_mapper_set_error (self, message);
        }
    }
  else if (self->pending->len > 0 && self->adapter->format == AURA_ADAPTER_FORMAT_JSON)
    {
      g_autoptr (GError) local = NULL;
      g_autoptr (JsonNode) document =
          aura_source_parse_json (self->pending->str, self->pending->len, &local);

      if (document == NULL)
        {
          /* Translators: %s is the JSON parser's message. */
          g_autofree char *message =
              g_strdup_printf (_ ("The output is not JSON: %s"), local->message);

          aura_adapter_mapper_set_error (self, message);
          self->n_skipped++;
        }
      for (guint i = 0; document != NULL && i < self->adapter->mappings->len; i++)
        map_document (self, document, self->adapter->mappings->pdata[i], _ ("the output"));
    }
  else if (self->pending->len > 0)
    map_csv (self, self->pending->str, self->pending->len);
  g_string_truncate (self->pending, 0);
}

GPtrArray *
aura_adapter_mapper_get_findings (AuraAdapterMapper *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->findings;
}

guint
aura_adapter_mapper_get_n_mapped (AuraAdapterMapper *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_mapped;
}

guint
aura_adapter_mapper_get_n_skipped (AuraAdapterMapper *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_skipped;
}

GPtrArray *
aura_adapter_mapper_get_reasons (AuraAdapterMapper *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->reasons;
}

const char *
aura_adapter_mapper_get_error (AuraAdapterMapper *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->error;
}
