/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-graph"
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>
#include <libxml/xmlreader.h>

#include "aura-graph-exchange-private.h"

/* The reader: one pass of an xmlTextReader over the document, collecting
 * nodes and edges as strings, then building the AuraGraph once every node
 * is known (GraphML allows an edge before its nodes). Elements are matched
 * by local name, so GEXF 1.1, 1.2 and 1.3 and yEd's GraphML all read. Nested
 * graphs (GEXF hierarchies, yEd groups) are flattened. */

#define DEFAULT_NODE_CONFIDENCE 0.5

typedef struct
{
  char *id;
  char *label;
  char *value;
  char *type;
  char *graphics_label;
  double confidence;
  gint64 entity_id;
  gboolean has_position;
  float x, y;
  int line;
} PendingNode;

typedef struct
{
  char *source;
  char *target;
  char *type;
  char *label;
  double weight;
  gint64 relation_id;
  int line;
} PendingEdge;

typedef enum
{
  FORMAT_UNKNOWN,
  FORMAT_GEXF,
  FORMAT_GRAPHML,
} Format;

typedef struct
{
  const char *name;
  xmlTextReaderPtr reader;
  Format format;
  GArray *nodes; /* PendingNode */
  GArray *edges; /* PendingEdge */
  /* Open elements: the node or edge data and attributes belong to. */
  PendingNode *node;
  PendingEdge *edge;
  /* GEXF attribute ids and GraphML key ids → their names, per class:
   * "node:<id>" / "edge:<id>". */
  GHashTable *keys;
  char *attributes_class; /* GEXF <attributes class=…> */
  gboolean in_graphics;   /* inside a yEd nodegraphics/edgegraphics <data> */
  char *xml_error;
  int xml_error_line;
} Reader;

static void
pending_node_clear (gpointer data)
{
  PendingNode *node = data;

  g_free (node->id);
  g_free (node->label);
  g_free (node->value);
  g_free (node->type);
  g_free (node->graphics_label);
}

static void
pending_edge_clear (gpointer data)
{
  PendingEdge *edge = data;

  g_free (edge->source);
  g_free (edge->target);
  g_free (edge->type);
  g_free (edge->label);
}

static int
line (Reader *r)
{
  return xmlTextReaderGetParserLineNumber (r->reader);
}

static gboolean
fail (Reader *r, int at, GError **error, AuraGraphExchangeError code, const char *message)
{
  if (at > 0)
    g_set_error (error, AURA_GRAPH_EXCHANGE_ERROR, code, _ ("%s, line %d: %s"), r->name, at,
                 message);
  else
    g_set_error (error, AURA_GRAPH_EXCHANGE_ERROR, code, "%s: %s", r->name, message);
  return FALSE;
}

static char *
get_attr (Reader *r, const char *name)
{
  xmlChar *value = xmlTextReaderGetAttribute (r->reader, BAD_CAST name);
  char *copy = value != NULL ? g_strdup ((const char *)value) : NULL;

  xmlFree (value);
  return copy;
}

static char *
read_text (Reader *r)
{
  xmlChar *value = xmlTextReaderReadString (r->reader);
  char *copy = g_strstrip (g_strdup (value != NULL ? (const char *)value : ""));

  xmlFree (value);
  return copy;
}

static gboolean
parse_double (Reader *r, const char *text, double *out, GError **error)
{
  char *end = NULL;
  double value;

  if (text == NULL)
    return TRUE;
  value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (value))
    {
      g_autofree char *message = g_strdup_printf (_ ("“%s” is not a number"), text);

      return fail (r, line (r), error, AURA_GRAPH_EXCHANGE_ERROR_INVALID, message);
    }
  *out = value;
  return TRUE;
}

/* Ids that do not parse are ignored rather than refused: they only link
 * back to an Aura database, which a foreign file does not have. */
static gint64
parse_id (const char *text)
{
  gint64 value = 0;

  if (text == NULL || !g_ascii_string_to_signed (text, 10, 1, G_MAXINT64, &value, NULL))
    return 0;
  return value;
}

/* A value for attribute @key of the open node or edge. */
static gboolean
set_value (Reader *r, const char *key, const char *value, GError **error)
{
  if (key == NULL || value == NULL)
    return TRUE;
  if (r->node != NULL)
    {
      PendingNode *node = r->node;

      if (g_ascii_strcasecmp (key, "type") == 0)
        g_free (node->type), node->type = g_strdup (value);
      else if (g_ascii_strcasecmp (key, "value") == 0)
        g_free (node->value), node->value = g_strdup (value);
      else if (g_ascii_strcasecmp (key, "label") == 0)
        g_free (node->label), node->label = g_strdup (value);
      else if (g_ascii_strcasecmp (key, "confidence") == 0)
        return parse_double (r, value, &node->confidence, error);
      else if (g_ascii_strcasecmp (key, "entity_id") == 0)
        node->entity_id = parse_id (value);
      else if (g_ascii_strcasecmp (key, "x") == 0 || g_ascii_strcasecmp (key, "y") == 0)
        {
          double v = 0;

          if (!parse_double (r, value, &v, error))
            return FALSE;
          if (g_ascii_strcasecmp (key, "x") == 0)
            node->x = (float)v;
          else
            node->y = (float)v;
          node->has_position = TRUE;
        }
    }
  else if (r->edge != NULL)
    {
      PendingEdge *edge = r->edge;

      if (g_ascii_strcasecmp (key, "type") == 0)
        g_free (edge->type), edge->type = g_strdup (value);
      else if (g_ascii_strcasecmp (key, "label") == 0)
        g_free (edge->label), edge->label = g_strdup (value);
      else if (g_ascii_strcasecmp (key, "weight") == 0)
        return parse_double (r, value, &edge->weight, error);
      else if (g_ascii_strcasecmp (key, "relation_id") == 0)
        edge->relation_id = parse_id (value);
    }
  return TRUE;
}

static gboolean
open_node (Reader *r, GError **error)
{
  PendingNode node = { 0 };

  if (r->nodes->len >= AURA_GRAPH_IMPORT_MAX_NODES)
    return fail (r, line (r), error, AURA_GRAPH_EXCHANGE_ERROR_TOO_LARGE,
                 _ ("the file has more nodes than Aura imports (1,000,000)"));
  node.id = get_attr (r, "id");
  if (node.id == NULL)
    return fail (r, line (r), error, AURA_GRAPH_EXCHANGE_ERROR_INVALID,
                 _ ("a node has no id attribute"));
  node.label = get_attr (r, "label");
  node.confidence = DEFAULT_NODE_CONFIDENCE;
  node.line = line (r);
  g_array_append_val (r->nodes, node);
  r->node = &g_array_index (r->nodes, PendingNode, r->nodes->len - 1);
  r->edge = NULL;
  return TRUE;
}

static gboolean
open_edge (Reader *r, GError **error)
{
  PendingEdge edge = { 0 };
  g_autofree char *weight = NULL;

  if (r->edges->len >= AURA_GRAPH_IMPORT_MAX_EDGES)
    return fail (r, line (r), error, AURA_GRAPH_EXCHANGE_ERROR_TOO_LARGE,
                 _ ("the file has more edges than Aura imports (5,000,000)"));
  edge.source = get_attr (r, "source");
  edge.target = get_attr (r, "target");
  edge.line = line (r);
  edge.weight = 1.0;
  if (edge.source == NULL || edge.target == NULL)
    {
      pending_edge_clear (&edge);
      return fail (r, line (r), error, AURA_GRAPH_EXCHANGE_ERROR_INVALID,
                   _ ("an edge needs both a source and a target attribute"));
    }
  /* GEXF puts these on the element; GraphML never does. */
  edge.label = get_attr (r, "label");
  edge.type = get_attr (r, "kind");
  weight = get_attr (r, "weight");
  g_array_append_val (r->edges, edge);
  r->edge = &g_array_index (r->edges, PendingEdge, r->edges->len - 1);
  r->node = NULL;
  return parse_double (r, weight, &r->edge->weight, error);
}

/* <attribute> in GEXF, <key> in GraphML: remember what an id means. */
static void
declare_key (Reader *r, const char *klass, const char *id, const char *name)
{
  if (klass == NULL || id == NULL || name == NULL)
    return;
  g_hash_table_insert (r->keys, g_strdup_printf ("%s:%s", klass, id), g_strdup (name));
}

static const char *
lookup_key (Reader *r, const char *id)
{
  g_autofree char *key = NULL;

  if (id == NULL)
    return NULL;
  key = g_strdup_printf ("%s:%s", r->node != NULL ? "node" : "edge", id);
  return g_hash_table_lookup (r->keys, key);
}

static gboolean
gexf_element (Reader *r, const char *name, GError **error)
{
  if (g_str_equal (name, "node"))
    return open_node (r, error);
  if (g_str_equal (name, "edge"))
    return open_edge (r, error);
  if (g_str_equal (name, "attributes"))
    {
      g_free (r->attributes_class);
      r->attributes_class = get_attr (r, "class");
    }
  else if (g_str_equal (name, "attribute"))
    {
      g_autofree char *id = get_attr (r, "id");
      g_autofree char *title = get_attr (r, "title");

      declare_key (r, r->attributes_class, id, title != NULL ? title : id);
    }
  else if (g_str_equal (name, "attvalue") && (r->node != NULL || r->edge != NULL))
    {
      g_autofree char *id = get_attr (r, "for");
      g_autofree char *value = get_attr (r, "value");
      const char *key;

      if (id == NULL)
        id = get_attr (r, "id"); /* GEXF 1.1 */
      key = lookup_key (r, id);
      return set_value (r, key != NULL ? key : id, value, error);
    }
  else if (g_str_equal (name, "position") && r->node != NULL)
    {
      g_autofree char *x = get_attr (r, "x");
      g_autofree char *y = get_attr (r, "y");
      double dx = 0, dy = 0;

      if (!parse_double (r, x, &dx, error) || !parse_double (r, y, &dy, error))
        return FALSE;
      r->node->x = (float)dx;
      r->node->y = (float)dy;
      r->node->has_position = TRUE;
    }
  return TRUE;
}

static gboolean
yed_geometry (Reader *r, GError **error)
{
  g_autofree char *x = get_attr (r, "x");
  g_autofree char *y = get_attr (r, "y");
  g_autofree char *width = get_attr (r, "width");
  g_autofree char *height = get_attr (r, "height");
  double dx = 0, dy = 0, w = 0, h = 0;

  if (!parse_double (r, x, &dx, error) || !parse_double (r, y, &dy, error) ||
      !parse_double (r, width, &w, error) || !parse_double (r, height, &h, error))
    return FALSE;
  /* yEd gives the top-left corner; Aura positions are centres. A position
   * from the x/y data keys, if any, wins. */
  if (!r->node->has_position)
    {
      r->node->x = (float)(dx + w / 2);
      r->node->y = (float)(dy + h / 2);
      r->node->has_position = TRUE;
    }
  return TRUE;
}

static gboolean
graphml_element (Reader *r, const char *name, GError **error)
{
  if (g_str_equal (name, "node"))
    return open_node (r, error);
  if (g_str_equal (name, "edge"))
    return open_edge (r, error);
  if (g_str_equal (name, "key"))
    {
      g_autofree char *id = get_attr (r, "id");
      g_autofree char *klass = get_attr (r, "for");
      g_autofree char *attr_name = get_attr (r, "attr.name");
      g_autofree char *yfiles = get_attr (r, "yfiles.type");

      if (klass == NULL || g_str_equal (klass, "all"))
        {
          declare_key (r, "node", id, yfiles != NULL ? "@graphics" : attr_name);
          declare_key (r, "edge", id, yfiles != NULL ? "@graphics" : attr_name);
        }
      else
        declare_key (r, klass, id, yfiles != NULL ? "@graphics" : attr_name);
    }
  else if (g_str_equal (name, "data") && (r->node != NULL || r->edge != NULL))
    {
      g_autofree char *id = get_attr (r, "key");
      const char *key = lookup_key (r, id);
      g_autofree char *value = NULL;

      if (g_strcmp0 (key, "@graphics") == 0)
        {
          r->in_graphics = TRUE;
          return TRUE;
        }
      value = read_text (r);
      return set_value (r, key != NULL ? key : id, value, error);
    }
  else if (r->in_graphics && r->node != NULL && g_str_equal (name, "Geometry"))
    return yed_geometry (r, error);
  else if (r->in_graphics && r->node != NULL && g_str_equal (name, "NodeLabel") &&
           r->node->graphics_label == NULL)
    r->node->graphics_label = read_text (r);
  else if (r->in_graphics && r->edge != NULL && g_str_equal (name, "EdgeLabel") &&
           r->edge->label == NULL)
    r->edge->label = read_text (r);
  return TRUE;
}

static gboolean
root_element (Reader *r, const char *name, GError **error)
{
  if (g_str_equal (name, "gexf"))
    r->format = FORMAT_GEXF;
  else if (g_str_equal (name, "graphml"))
    r->format = FORMAT_GRAPHML;
  else
    {
      g_autofree char *message = g_strdup_printf (
          _ ("the root element is <%s>; a GEXF file starts with <gexf>, a GraphML file with "
             "<graphml>"),
          name);

      return fail (r, line (r), error, AURA_GRAPH_EXCHANGE_ERROR_INVALID, message);
    }
  return TRUE;
}

static void
end_element (Reader *r, const char *name)
{
  if (g_str_equal (name, "node"))
    r->node = NULL;
  else if (g_str_equal (name, "edge"))
    r->edge = NULL;
  else if (g_str_equal (name, "data"))
    r->in_graphics = FALSE;
}

static gboolean
element (Reader *r, GError **error)
{
  const char *name = (const char *)xmlTextReaderConstLocalName (r->reader);
  gboolean empty = xmlTextReaderIsEmptyElement (r->reader) == 1;
  gboolean ok;

  if (r->format == FORMAT_UNKNOWN)
    return root_element (r, name, error);
  ok = r->format == FORMAT_GEXF ? gexf_element (r, name, error) : graphml_element (r, name, error);
  /* <node/> and <edge/> have no end element of their own. */
  if (ok && empty)
    end_element (r, name);
  return ok;
}

static void
structured_error_cb (void *user_data, xmlErrorPtr xml_error)
{
  Reader *r = user_data;

  if (r->xml_error != NULL || xml_error == NULL)
    return;
  r->xml_error = g_strstrip (g_strdup (xml_error->message != NULL ? xml_error->message : ""));
  r->xml_error_line = xml_error->line;
}

static gboolean
read_document (Reader *r, GError **error)
{
  int rc;

  while ((rc = xmlTextReaderRead (r->reader)) == 1)
    {
      int type = xmlTextReaderNodeType (r->reader);

      if (type == XML_READER_TYPE_DOCUMENT_TYPE || type == XML_READER_TYPE_ENTITY_REFERENCE ||
          type == XML_READER_TYPE_ENTITY)
        return fail (r, line (r), error, AURA_GRAPH_EXCHANGE_ERROR_UNSAFE,
                     _ ("the file declares a DTD or entities, which graph files never need"));
      if (type == XML_READER_TYPE_ELEMENT && !element (r, error))
        return FALSE;
      if (type == XML_READER_TYPE_END_ELEMENT)
        end_element (r, (const char *)xmlTextReaderConstLocalName (r->reader));
    }
  if (rc < 0 || r->xml_error != NULL)
    {
      g_autofree char *message =
          g_strdup_printf (_ ("not well-formed XML (%s)"),
                           r->xml_error != NULL ? r->xml_error : _ ("unknown error"));

      return fail (r, r->xml_error_line, error, AURA_GRAPH_EXCHANGE_ERROR_MALFORMED, message);
    }
  if (r->format == FORMAT_UNKNOWN)
    return fail (r, 0, error, AURA_GRAPH_EXCHANGE_ERROR_MALFORMED, _ ("the file has no element"));
  return TRUE;
}

/* Refuses what the parser should never see: bytes that are not UTF-8 or
 * ASCII-compatible (so the scan below would be blind) and any DTD. */
static gboolean
check_bytes (Reader *r, const char *data, gsize length, GError **error)
{
  const char *p = data, *end = data + length;
  int at = 1;

  if (length > AURA_GRAPH_IMPORT_MAX_BYTES)
    return fail (r, 0, error, AURA_GRAPH_EXCHANGE_ERROR_TOO_LARGE,
                 _ ("the file is larger than Aura imports (64 MiB)"));
  if (length >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  while (p < end && g_ascii_isspace (*p))
    p++;
  if (p == end || *p != '<' || memchr (data, '\0', length) != NULL)
    return fail (r, 0, error, AURA_GRAPH_EXCHANGE_ERROR_MALFORMED,
                 _ ("not an XML file (Aura reads UTF-8 GEXF and GraphML)"));
  for (p = data; p < end; p++)
    {
      if (*p == '\n')
        at++;
      else if (*p == '<' && end - p >= 9 &&
               (memcmp (p, "<!DOCTYPE", 9) == 0 || memcmp (p, "<!ENTITY", 8) == 0))
        return fail (r, at, error, AURA_GRAPH_EXCHANGE_ERROR_UNSAFE,
                     _ ("the file declares a DTD or entities, which graph files never need"));
    }
  return TRUE;
}

AuraEntityType
aura_graph_guess_type (const char *value)
{
  static const AuraEntityType order[] = { AURA_ENTITY_URL, AURA_ENTITY_EMAIL, AURA_ENTITY_IP,
                                          AURA_ENTITY_DOMAIN };

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      g_autofree char *key = NULL;

      if (order[i] == AURA_ENTITY_URL && strstr (value, "://") == NULL)
        continue;
      if (order[i] == AURA_ENTITY_EMAIL && strchr (value, '@') == NULL)
        continue;
      if (order[i] == AURA_ENTITY_DOMAIN && strchr (value, '.') == NULL)
        continue;
      key = aura_entity_normalize (order[i], value, NULL, NULL);
      if (key != NULL)
        return order[i];
    }
  return AURA_ENTITY_PERSON;
}

static const char *
node_value (PendingNode *node)
{
  if (node->value != NULL && *node->value != '\0')
    return node->value;
  if (node->label != NULL && *node->label != '\0')
    return node->label;
  if (node->graphics_label != NULL && *node->graphics_label != '\0')
    return node->graphics_label;
  return node->id;
}

static gboolean
build_nodes (
    Reader *r, AuraGraph *graph, GHashTable *ids, AuraPoint **out_positions, GError **error)
{
  g_autofree AuraPoint *positions = NULL;

  for (guint i = 0; i < r->nodes->len; i++)
    {
      PendingNode *node = &g_array_index (r->nodes, PendingNode, i);
      g_autofree char *value = aura_graph_xml_safe (node_value (node));
      AuraEntityType type;
      gint64 entity_id = node->entity_id;
      guint index;

      if (g_hash_table_contains (ids, node->id))
        {
          g_autofree char *message = g_strdup_printf (_ ("two nodes have the id “%s”"), node->id);

          return fail (r, node->line, error, AURA_GRAPH_EXCHANGE_ERROR_INVALID, message);
        }
      if (node->type == NULL || !aura_entity_type_from_string (node->type, &type, NULL))
        type = aura_graph_guess_type (value);
      if (entity_id != 0 && aura_graph_find_node (graph, entity_id) >= 0)
        entity_id = 0;
      index = aura_graph_add_node (graph, entity_id, type, value, node->confidence);
      g_hash_table_insert (ids, node->id, GUINT_TO_POINTER (index));
      if (node->has_position && positions == NULL)
        {
          positions = g_new (AuraPoint, MAX (1, r->nodes->len));
          for (guint j = 0; j < r->nodes->len; j++)
            positions[j].x = positions[j].y = NAN;
        }
      if (node->has_position)
        positions[index].x = node->x, positions[index].y = node->y;
    }
  if (out_positions != NULL)
    *out_positions = g_steal_pointer (&positions);
  return TRUE;
}

static gboolean
resolve (Reader *r, GHashTable *ids, PendingEdge *edge, const char *id, guint *out, GError **error)
{
  gpointer value;
  g_autofree char *message = NULL;

  if (g_hash_table_lookup_extended (ids, id, NULL, &value))
    {
      *out = GPOINTER_TO_UINT (value);
      return TRUE;
    }
  message =
      g_strdup_printf (_ ("an edge points to the node “%s”, which the file does not define"), id);
  return fail (r, edge->line, error, AURA_GRAPH_EXCHANGE_ERROR_INVALID, message);
}

static AuraGraph *
build_graph (Reader *r, AuraPoint **out_positions, GError **error)
{
  g_autoptr (AuraGraph) graph = aura_graph_new ();
  g_autoptr (GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);

  if (!build_nodes (r, graph, ids, out_positions, error))
    return NULL;
  for (guint e = 0; e < r->edges->len; e++)
    {
      PendingEdge *edge = &g_array_index (r->edges, PendingEdge, e);
      const char *type = edge->type != NULL ? edge->type : edge->label;
      g_autofree char *safe = aura_graph_xml_safe (type != NULL ? type : "related");
      guint source, target;

      if (!resolve (r, ids, edge, edge->source, &source, error) ||
          !resolve (r, ids, edge, edge->target, &target, error))
        {
          if (out_positions != NULL)
            g_clear_pointer (out_positions, g_free);
          return NULL;
        }
      aura_graph_add_edge (graph, source, target, safe, edge->weight, edge->relation_id);
    }
  return g_steal_pointer (&graph);
}

AuraGraph *
aura_graph_import_data (
    const char *data, gsize length, const char *name, AuraPoint **out_positions, GError **error)
{
  Reader r = { 0 };
  AuraGraph *graph = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (out_positions != NULL)
    *out_positions = NULL;
  r.name = name != NULL ? name : _ ("graph file");
  if (!check_bytes (&r, data != NULL ? data : "", length, error))
    return NULL;
  /* No entity substitution, no DTD loading, no network: the defaults of
   * xmlReaderForMemory with NONET; XML_PARSE_HUGE is not set, so libxml2's
   * own depth and text-size limits stay on. */
  r.reader = xmlReaderForMemory (data, (int)length, NULL, NULL, XML_PARSE_NONET);
  if (r.reader == NULL)
    {
      fail (&r, 0, error, AURA_GRAPH_EXCHANGE_ERROR_MALFORMED, _ ("the XML parser refused it"));
      return NULL;
    }
  xmlTextReaderSetStructuredErrorHandler (r.reader, structured_error_cb, &r);
  r.nodes = g_array_new (FALSE, TRUE, sizeof (PendingNode));
  g_array_set_clear_func (r.nodes, pending_node_clear);
  r.edges = g_array_new (FALSE, TRUE, sizeof (PendingEdge));
  g_array_set_clear_func (r.edges, pending_edge_clear);
  r.keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (read_document (&r, error))
    graph = build_graph (&r, out_positions, error);

  xmlFreeTextReader (r.reader);
  g_array_unref (r.nodes);
  g_array_unref (r.edges);
  g_hash_table_unref (r.keys);
  g_free (r.attributes_class);
  g_free (r.xml_error);
  return graph;
}

AuraGraph *
aura_graph_import_file (const char *path, AuraPoint **out_positions, GError **error)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GFileInputStream) stream = NULL;
  g_autoptr (GByteArray) buffer = g_byte_array_new ();
  g_autofree char *name = NULL;
  guint8 chunk[65536];
  gssize got;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_file_new_for_commandline_arg (path);
  name = g_file_get_parse_name (file);
  stream = g_file_read (file, NULL, error);
  if (stream == NULL)
    return NULL;
  /* Read at most one byte past the limit, so /dev/zero or a huge file is
   * refused without being read whole. */
  while ((got = g_input_stream_read (G_INPUT_STREAM (stream), chunk, sizeof chunk, NULL, error)) >
         0)
    {
      g_byte_array_append (buffer, chunk, (guint)got);
      if (buffer->len > AURA_GRAPH_IMPORT_MAX_BYTES)
        {
          g_set_error (error, AURA_GRAPH_EXCHANGE_ERROR, AURA_GRAPH_EXCHANGE_ERROR_TOO_LARGE,
                       "%s: %s", name, _ ("the file is larger than Aura imports (64 MiB)"));
          return NULL;
        }
    }
  if (got < 0)
    return NULL;
  return aura_graph_import_data ((const char *)buffer->data, buffer->len, name, out_positions,
                                 error);
}
