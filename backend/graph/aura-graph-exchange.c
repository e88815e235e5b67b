/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-graph"
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>
#include <libxml/xmlwriter.h>

#include "aura-graph-exchange-private.h"

/* The writers: GEXF 1.3 and GraphML with yEd's graphics extension, streamed
 * to a GOutputStream through an xmlTextWriter. Node ids are "n<index>",
 * edge ids "e<index>". */

G_DEFINE_QUARK (aura - graph - exchange - error - quark, aura_graph_exchange_error)

#define GEXF_NS "http://gexf.net/1.3"
#define GEXF_VIZ_NS "http://gexf.net/1.3/viz"
#define GRAPHML_NS "http://graphml.graphdrawing.org/xmlns"
#define YWORKS_NS "http://www.yworks.com/xml/graphml"
#define YED_NODE_SIZE 30.0

gboolean
aura_graph_format_from_string (const char *name, AuraGraphFormat *out_format, GError **error)
{
  g_return_val_if_fail (out_format != NULL, FALSE);

  if (name != NULL && g_ascii_strcasecmp (name, "gexf") == 0)
    *out_format = AURA_GRAPH_FORMAT_GEXF;
  else if (name != NULL && g_ascii_strcasecmp (name, "graphml") == 0)
    *out_format = AURA_GRAPH_FORMAT_GRAPHML;
  else
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _ ("Unknown graph format “%s”; use gexf or graphml"), name ? name : "");
      return FALSE;
    }
  return TRUE;
}

const char *
aura_graph_format_to_string (AuraGraphFormat format)
{
  return format == AURA_GRAPH_FORMAT_GRAPHML ? "graphml" : "gexf";
}

/* XML 1.0 cannot carry most control characters, even escaped: they become
 * U+FFFD, and invalid UTF-8 is repaired the same way. */
char *
aura_graph_xml_safe (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *out = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE || c == 0xFFFF)
        g_string_append_unichar (out, 0xFFFD);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  return g_string_free (out, FALSE);
}

typedef struct
{
  GOutputStream *stream;
  GCancellable *cancellable;
  GError *error;
} Sink;

static int
sink_write (void *context, const char *buffer, int len)
{
  Sink *sink = context;

  if (sink->error != NULL)
    return -1;
  if (!g_output_stream_write_all (sink->stream, buffer, (gsize)len, NULL, sink->cancellable,
                                  &sink->error))
    return -1;
  return len;
}

static int
sink_close (void *context)
{
  return 0;
}

typedef struct
{
  AuraGraph *graph;
  const AuraPoint *positions;
  const guint32 *colors;
  const float *sizes;
  xmlTextWriterPtr w;
  int rc; /* the first negative xmlTextWriter result, or 0 */
} Writer;

static void
start (Writer *wr, const char *name)
{
  if (wr->rc >= 0)
    wr->rc = xmlTextWriterStartElement (wr->w, BAD_CAST name);
}

static void
end (Writer *wr)
{
  if (wr->rc >= 0)
    wr->rc = xmlTextWriterEndElement (wr->w);
}

static void
attr (Writer *wr, const char *name, const char *value)
{
  g_autofree char *safe = NULL;

  if (wr->rc < 0)
    return;
  safe = aura_graph_xml_safe (value);
  wr->rc = xmlTextWriterWriteAttribute (wr->w, BAD_CAST name, BAD_CAST safe);
}

static void
attr_double (Writer *wr, const char *name, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  attr (wr, name, g_ascii_dtostr (buf, sizeof buf, value));
}

static void
attr_float (Writer *wr, const char *name, float value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  attr (wr, name, g_ascii_formatd (buf, sizeof buf, "%.9g", value));
}

static void
attr_int (Writer *wr, const char *name, gint64 value)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, value);
  attr (wr, name, buf);
}

static void
text (Writer *wr, const char *value)
{
  g_autofree char *safe = NULL;

  if (wr->rc < 0)
    return;
  safe = aura_graph_xml_safe (value);
  wr->rc = xmlTextWriterWriteString (wr->w, BAD_CAST safe);
}

static gboolean
has_position (Writer *wr, guint i)
{
  return wr->positions != NULL && isfinite (wr->positions[i].x) && isfinite (wr->positions[i].y);
}

static const char *
edge_type (AuraGraph *graph, guint e)
{
  const char *type = graph->edge_types[e];

  return type != NULL && *type != '\0' ? type : "related";
}

/* ---- GEXF --------------------------------------------------------------- */

static void
gexf_declare (Writer *wr, const char *klass, const char *const *ids, const char *const *types)
{
  start (wr, "attributes");
  attr (wr, "class", klass);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      start (wr, "attribute");
      attr (wr, "id", ids[i]);
      attr (wr, "title", ids[i]);
      attr (wr, "type", types[i]);
      end (wr);
    }
  end (wr);
}

static void
gexf_attvalue (Writer *wr, const char *key, const char *value)
{
  start (wr, "attvalue");
  attr (wr, "for", key);
  attr (wr, "value", value);
  end (wr);
}

static void
gexf_node (Writer *wr, guint i)
{
  AuraGraph *graph = wr->graph;
  char id[24], buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_snprintf (id, sizeof id, "n%u", i);
  start (wr, "node");
  attr (wr, "id", id);
  attr (wr, "label", graph->labels[i]);
  start (wr, "attvalues");
  gexf_attvalue (wr, "type", aura_entity_type_to_string (graph->types[i]));
  gexf_attvalue (wr, "value", graph->labels[i]);
  gexf_attvalue (wr, "confidence", g_ascii_dtostr (buf, sizeof buf, graph->confidence[i]));
  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, graph->entity_ids[i]);
  gexf_attvalue (wr, "entity_id", buf);
  end (wr);
  if (wr->colors != NULL)
    {
      start (wr, "viz:color");
      attr_int (wr, "r", (wr->colors[i] >> 16) & 0xff);
      attr_int (wr, "g", (wr->colors[i] >> 8) & 0xff);
      attr_int (wr, "b", wr->colors[i] & 0xff);
      end (wr);
    }
  if (has_position (wr, i))
    {
      start (wr, "viz:position");
      attr_float (wr, "x", wr->positions[i].x);
      attr_float (wr, "y", wr->positions[i].y);
      attr (wr, "z", "0");
      end (wr);
    }
  if (wr->sizes != NULL)
    {
      start (wr, "viz:size");
      attr_float (wr, "value", wr->sizes[i]);
      end (wr);
    }
  end (wr);
}

static void
gexf_edge (Writer *wr, guint e)
{
  AuraGraph *graph = wr->graph;
  char id[24];

  start (wr, "edge");
  g_snprintf (id, sizeof id, "e%u", e);
  attr (wr, "id", id);
  g_snprintf (id, sizeof id, "n%u", graph->edge_source[e]);
  attr (wr, "source", id);
  g_snprintf (id, sizeof id, "n%u", graph->edge_target[e]);
  attr (wr, "target", id);
  attr (wr, "label", edge_type (graph, e));
  attr (wr, "kind", edge_type (graph, e));
  attr_double (wr, "weight", graph->edge_weight[e]);
  start (wr, "attvalues");
  g_snprintf (id, sizeof id, "%" G_GINT64_FORMAT, graph->relation_ids[e]);
  gexf_attvalue (wr, "relation_id", id);
  end (wr);
  end (wr);
}

static gboolean
write_gexf (Writer *wr, GCancellable *cancellable)
{
  static const char *const node_ids[] = { "type", "value", "confidence", "entity_id", NULL };
  static const char *const node_types[] = { "string", "string", "double", "long", NULL };
  static const char *const edge_ids[] = { "relation_id", NULL };
  static const char *const edge_types[] = { "long", NULL };

  start (wr, "gexf");
  attr (wr, "xmlns", GEXF_NS);
  attr (wr, "xmlns:viz", GEXF_VIZ_NS);
  attr (wr, "version", "1.3");
  start (wr, "meta");
  start (wr, "creator");
  text (wr, "Aura " PACKAGE_VERSION);
  end (wr);
  end (wr);
  start (wr, "graph");
  attr (wr, "defaultedgetype", "directed");
  attr (wr, "mode", "static");
  gexf_declare (wr, "node", node_ids, node_types);
  gexf_declare (wr, "edge", edge_ids, edge_types);
  start (wr, "nodes");
  for (guint i = 0; i < wr->graph->n_nodes && wr->rc >= 0; i++)
    {
      if (i % 1024 == 0 && g_cancellable_is_cancelled (cancellable))
        return FALSE;
      gexf_node (wr, i);
    }
  end (wr);
  start (wr, "edges");
  for (guint e = 0; e < wr->graph->n_edges && wr->rc >= 0; e++)
    {
      if (e % 1024 == 0 && g_cancellable_is_cancelled (cancellable))
        return FALSE;
      gexf_edge (wr, e);
    }
  end (wr);
  end (wr);
  end (wr);
  return TRUE;
}

/* ---- GraphML ------------------------------------------------------------ */

static void
graphml_key (Writer *wr, const char *id, const char *for_, const char *name, const char *type)
{
  start (wr, "key");
  attr (wr, "id", id);
  attr (wr, "for", for_);
  if (g_str_has_prefix (name, "yfiles:"))
    attr (wr, "yfiles.type", name + strlen ("yfiles:"));
  else
    {
      attr (wr, "attr.name", name);
      attr (wr, "attr.type", type);
    }
  end (wr);
}

static void
graphml_data (Writer *wr, const char *key, const char *value)
{
  start (wr, "data");
  attr (wr, "key", key);
  text (wr, value);
  end (wr);
}

static void
graphml_yed_node (Writer *wr, guint i)
{
  char color[8];

  start (wr, "data");
  attr (wr, "key", "d_graphics");
  start (wr, "y:ShapeNode");
  if (has_position (wr, i))
    {
      start (wr, "y:Geometry");
      /* yEd places a node by its top-left corner. */
      attr_double (wr, "x", wr->positions[i].x - YED_NODE_SIZE / 2);
      attr_double (wr, "y", wr->positions[i].y - YED_NODE_SIZE / 2);
      attr_double (wr, "width", YED_NODE_SIZE);
      attr_double (wr, "height", YED_NODE_SIZE);
      end (wr);
    }
  if (wr->colors != NULL)
    {
      g_snprintf (color, sizeof color, "#%06X", wr->colors[i] & 0xffffff);
      start (wr, "y:Fill");
      attr (wr, "color", color);
      attr (wr, "transparent", "false");
      end (wr);
    }
  start (wr, "y:NodeLabel");
  text (wr, wr->graph->labels[i]);
  end (wr);
  end (wr);
  end (wr);
}

static void
graphml_node (Writer *wr, guint i)
{
  AuraGraph *graph = wr->graph;
  char id[24], buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_snprintf (id, sizeof id, "n%u", i);
  start (wr, "node");
  attr (wr, "id", id);
  graphml_data (wr, "d_label", graph->labels[i]);
  graphml_data (wr, "d_type", aura_entity_type_to_string (graph->types[i]));
  graphml_data (wr, "d_value", graph->labels[i]);
  graphml_data (wr, "d_confidence", g_ascii_dtostr (buf, sizeof buf, graph->confidence[i]));
  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, graph->entity_ids[i]);
  graphml_data (wr, "d_entity_id", buf);
  if (has_position (wr, i))
    {
      graphml_data (wr, "d_x", g_ascii_formatd (buf, sizeof buf, "%.9g", wr->positions[i].x));
      graphml_data (wr, "d_y", g_ascii_formatd (buf, sizeof buf, "%.9g", wr->positions[i].y));
    }
  if (wr->colors != NULL)
    {
      g_snprintf (buf, sizeof buf, "#%06X", wr->colors[i] & 0xffffff);
      graphml_data (wr, "d_color", buf);
    }
  if (wr->sizes != NULL)
    graphml_data (wr, "d_size", g_ascii_formatd (buf, sizeof buf, "%.9g", wr->sizes[i]));
  graphml_yed_node (wr, i);
  end (wr);
}

static void
graphml_edge (Writer *wr, guint e)
{
  AuraGraph *graph = wr->graph;
  char id[24], buf[G_ASCII_DTOSTR_BUF_SIZE];

  start (wr, "edge");
  g_snprintf (id, sizeof id, "e%u", e);
  attr (wr, "id", id);
  g_snprintf (id, sizeof id, "n%u", graph->edge_source[e]);
  attr (wr, "source", id);
  g_snprintf (id, sizeof id, "n%u", graph->edge_target[e]);
  attr (wr, "target", id);
  graphml_data (wr, "e_type", edge_type (graph, e));
  graphml_data (wr, "e_weight", g_ascii_dtostr (buf, sizeof buf, graph->edge_weight[e]));
  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, graph->relation_ids[e]);
  graphml_data (wr, "e_relation_id", buf);
  start (wr, "data");
  attr (wr, "key", "e_graphics");
  start (wr, "y:PolyLineEdge");
  start (wr, "y:EdgeLabel");
  text (wr, edge_type (graph, e));
  end (wr);
  end (wr);
  end (wr);
  end (wr);
}

static gboolean
write_graphml (Writer *wr, GCancellable *cancellable)
{
  start (wr, "graphml");
  attr (wr, "xmlns", GRAPHML_NS);
  attr (wr, "xmlns:y", YWORKS_NS);
  graphml_key (wr, "d_label", "node", "label", "string");
  graphml_key (wr, "d_type", "node", "type", "string");
  graphml_key (wr, "d_value", "node", "value", "string");
  graphml_key (wr, "d_confidence", "node", "confidence", "double");
  graphml_key (wr, "d_entity_id", "node", "entity_id", "long");
  graphml_key (wr, "d_x", "node", "x", "double");
  graphml_key (wr, "d_y", "node", "y", "double");
  graphml_key (wr, "d_color", "node", "color", "string");
  graphml_key (wr, "d_size", "node", "size", "double");
  graphml_key (wr, "d_graphics", "node", "yfiles:nodegraphics", NULL);
  graphml_key (wr, "e_type", "edge", "type", "string");
  graphml_key (wr, "e_weight", "edge", "weight", "double");
  graphml_key (wr, "e_relation_id", "edge", "relation_id", "long");
  graphml_key (wr, "e_graphics", "edge", "yfiles:edgegraphics", NULL);
  start (wr, "graph");
  attr (wr, "id", "G");
  attr (wr, "edgedefault", "directed");
  for (guint i = 0; i < wr->graph->n_nodes && wr->rc >= 0; i++)
    {
      if (i % 1024 == 0 && g_cancellable_is_cancelled (cancellable))
        return FALSE;
      graphml_node (wr, i);
    }
  for (guint e = 0; e < wr->graph->n_edges && wr->rc >= 0; e++)
    {
      if (e % 1024 == 0 && g_cancellable_is_cancelled (cancellable))
        return FALSE;
      graphml_edge (wr, e);
    }
  end (wr);
  end (wr);
  return TRUE;
}

gboolean
aura_graph_export (AuraGraph *graph,
                   AuraGraphFormat format,
                   const AuraPoint *positions,
                   const guint32 *colors,
                   const float *sizes,
                   GOutputStream *stream,
                   GCancellable *cancellable,
                   GError **error)
{
  Sink sink = { stream, cancellable, NULL };
  Writer wr = { graph, positions, colors, sizes, NULL, 0 };
  xmlOutputBufferPtr out;
  gboolean complete;

  g_return_val_if_fail (graph != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (format == AURA_GRAPH_FORMAT_GEXF || format == AURA_GRAPH_FORMAT_GRAPHML,
                        FALSE);

  out = xmlOutputBufferCreateIO (sink_write, sink_close, &sink, NULL);
  wr.w = xmlNewTextWriter (out);
  xmlTextWriterSetIndent (wr.w, 1);
  xmlTextWriterSetIndentString (wr.w, BAD_CAST "  ");
  wr.rc = xmlTextWriterStartDocument (wr.w, NULL, "UTF-8", NULL);
  if (format == AURA_GRAPH_FORMAT_GEXF)
    complete = write_gexf (&wr, cancellable);
  else
    complete = write_graphml (&wr, cancellable);
  if (complete && wr.rc >= 0)
    wr.rc = xmlTextWriterEndDocument (wr.w);
  xmlFreeTextWriter (wr.w);

  if (sink.error != NULL)
    {
      g_propagate_error (error, sink.error);
      return FALSE;
    }
  if (!complete)
    return !g_cancellable_set_error_if_cancelled (cancellable, error);
  if (wr.rc < 0)
    {
      g_set_error_literal (error, AURA_GRAPH_EXCHANGE_ERROR, AURA_GRAPH_EXCHANGE_ERROR_INVALID,
                           _ ("Could not write the graph as XML"));
      return FALSE;
    }
  return TRUE;
}
