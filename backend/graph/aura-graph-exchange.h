/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "aura-graph.h"
#include "aura-layout.h"
#include "aura-store.h"

G_BEGIN_DECLS

/* GEXF 1.3 and GraphML export and import of an AuraGraph, and import of a
 * graph file into an investigation (backend/graph/README.md, "Exchange
 * formats"). */

#define AURA_GRAPH_EXCHANGE_ERROR (aura_graph_exchange_error_quark ())

/**
 * AuraGraphExchangeError:
 * @AURA_GRAPH_EXCHANGE_ERROR_MALFORMED: the file is not well-formed XML, or
 *   not UTF-8; the message names the file and the line
 * @AURA_GRAPH_EXCHANGE_ERROR_INVALID: well-formed XML that is not a graph
 *   Aura can read (another root element, an edge to a node the file does
 *   not define, a duplicate node id, a number that is not one)
 * @AURA_GRAPH_EXCHANGE_ERROR_UNSAFE: the file declares a DTD or entities
 *   (what "billion laughs" and external-entity attacks need); graph files
 *   never need one, so it is refused before parsing
 * @AURA_GRAPH_EXCHANGE_ERROR_TOO_LARGE: over the size, node or edge limit
 */
typedef enum
{
  AURA_GRAPH_EXCHANGE_ERROR_MALFORMED,
  AURA_GRAPH_EXCHANGE_ERROR_INVALID,
  AURA_GRAPH_EXCHANGE_ERROR_UNSAFE,
  AURA_GRAPH_EXCHANGE_ERROR_TOO_LARGE,
} AuraGraphExchangeError;

GQuark aura_graph_exchange_error_quark (void);

/* Limits of the reader. */
#define AURA_GRAPH_IMPORT_MAX_BYTES (64 * 1024 * 1024)
#define AURA_GRAPH_IMPORT_MAX_NODES 1000000
#define AURA_GRAPH_IMPORT_MAX_EDGES 5000000

typedef enum
{
  AURA_GRAPH_FORMAT_GEXF,
  AURA_GRAPH_FORMAT_GRAPHML,
} AuraGraphFormat;

/* "gexf" or "graphml" (case-insensitive); a usage error otherwise. */
gboolean
aura_graph_format_from_string (const char *name, AuraGraphFormat *out_format, GError **error);
const char *aura_graph_format_to_string (AuraGraphFormat format);

/**
 * aura_graph_export:
 * @positions: (nullable): graph->n_nodes points, written as viz:position
 *   (GEXF) or x/y data and a yEd geometry (GraphML); NaN skips a node
 * @colors: (nullable): graph->n_nodes colours as 0xRRGGBB
 * @sizes: (nullable): graph->n_nodes node sizes
 *
 * Writes @graph to @stream: nodes with label and the attributes type,
 * value, confidence and entity_id; edges with type (as label) and weight.
 */
gboolean aura_graph_export (AuraGraph *graph,
                            AuraGraphFormat format,
                            const AuraPoint *positions,
                            const guint32 *colors,
                            const float *sizes,
                            GOutputStream *stream,
                            GCancellable *cancellable,
                            GError **error);

/**
 * aura_graph_import_data:
 * @name: the file name used in error messages
 * @out_positions: (out) (optional) (transfer full): graph->n_nodes points
 *   (NaN where a node had none), or %NULL when the file has no positions
 *
 * Reads a GEXF (1.1–1.3) or GraphML document, told apart by its root
 * element. Node types come from a "type" attribute naming an Aura entity
 * type, else are inferred from the value (URL, email, IP address, domain),
 * else are "person". Entity and relation ids are read from the
 * entity_id/relation_id attributes when positive and unique, else 0.
 */
AuraGraph *aura_graph_import_data (
    const char *data, gsize length, const char *name, AuraPoint **out_positions, GError **error);
/* Reads @path (at most AURA_GRAPH_IMPORT_MAX_BYTES) with aura_graph_import_data(). */
AuraGraph *aura_graph_import_file (const char *path, AuraPoint **out_positions, GError **error);

typedef struct
{
  guint node;    /* index in the imported graph */
  char *message; /* why the store refused it, naming the value */
} AuraGraphImportRejection;

typedef struct
{
  guint n_created;       /* entities new to the investigation */
  guint n_merged;        /* entities the investigation already had */
  guint n_relations;     /* relations added or merged */
  guint n_edges_skipped; /* edges with a refused end, or an unusable type */
  GArray *rejected;      /* (element-type AuraGraphImportRejection) */
  gint64 *entity_ids;    /* per node of the graph: the entity, 0 if refused */
} AuraGraphImportReport;

void aura_graph_import_report_free (AuraGraphImportReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraGraphImportReport, aura_graph_import_report_free)

/**
 * aura_graph_import_into_store:
 * @source: what was imported (a file name), recorded as provenance source
 *
 * Adds the nodes of @graph as entities and its edges as relations of the
 * investigation, in one batch, with provenance tool "import". A node whose
 * value its type refuses is listed in the report's rejected array and its
 * edges are skipped; that is not an error. Any other failure rolls the
 * whole batch back. Edges without a type become "related"; confidences are
 * clamped to 0–1.
 */
AuraGraphImportReport *aura_graph_import_into_store (AuraStore *store,
                                                     gint64 investigation_id,
                                                     AuraGraph *graph,
                                                     const char *source,
                                                     GError **error);

/* Saves the file's @positions (one per node of @imported, NaN when it had
 * none, as aura_graph_import_file() returns them; may be NULL) for the
 * entities of @report that have no saved position yet, so a graph laid
 * out in Gephi or yEd opens as it was drawn; entities placed before keep
 * their place. @out_saved (optional): positions saved. */
gboolean aura_graph_import_save_positions (AuraStore *store,
                                           gint64 investigation_id,
                                           AuraGraph *imported,
                                           const AuraGraphImportReport *report,
                                           const AuraPoint *positions,
                                           guint *out_saved,
                                           GError **error);

G_END_DECLS
