/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-bench"
#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <stdlib.h>
#include <time.h>

#include "aura-graph-view-private.h"

/* One frame of the graph canvas at 10,000 nodes and 50,000 edges: a
 * Barabási–Albert graph (fixed seed, 5 edges per new node) laid out by
 * aura_layout_compute() (GRID by default, --layout circular), the view
 * fitted to a 1280 × 800 window, then 20 frames, each panned by a pixel so
 * nothing is reused from the last: the scene snapshot plus its rendering
 * to a texture with the window's GskRenderer. Prints the medians, fitted
 * and zoomed in, each in wall time and, on a line of its own ending in
 * _cpu, in CPU time of all threads. Fitted, also: _settle, the frame drawn
 * once the view rests after a pan (its lines in full resolution), and
 * _highlight, a frame after another node was selected in a still view
 * (the lines kept, coloured again), and _unselected, the full frame with
 * nothing selected (the window's first focus selects node 0, the biggest
 * hub, for the frames before); with --slow-modes also for the edge
 * layer as cairo strokes and as rotated colour nodes (3 frames each:
 * seconds a frame); with --png FILE the fitted frame is written out, to
 * compare pictures between versions.
 *
 *   GSK_RENDERER=cairo xvfb-run -a -s '-screen 0 1280x800x24' \
 *     _build/tests/bench/bench-graph-frame
 */

#define N_FRAMES 20

static int n_nodes = 10000;
static int edges_per_node = 5;
static char *layout_name = NULL;
static gboolean slow_modes = FALSE;
static char *png_path = NULL;

static AuraGraph *
barabasi_albert (guint n, guint m, guint32 seed)
{
  AuraGraph *graph = aura_graph_new ();
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  /* Every edge end once: picking from it is picking by degree. */
  g_autoptr (GArray) ends = g_array_new (FALSE, FALSE, sizeof (guint));
  static const char *const relations[] = { "uses", "links-to", "resolves-to", "registered" };

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *label = g_strdup_printf ("entity-%05u.example", i);

      aura_graph_add_node (graph, 0, i % AURA_ENTITY_N_TYPES, label, 0.5 + (i % 5) / 10.0);
    }
  for (guint i = 1; i < n; i++)
    for (guint k = 0; k < MIN (m, i); k++)
      {
        guint target = ends->len == 0 ? 0
                                      : g_array_index (ends, guint,
                                                       g_rand_int_range (rand, 0, (gint)ends->len));

        if (target == i)
          target = i - 1;
        aura_graph_add_edge (graph, i, target, relations[k % G_N_ELEMENTS (relations)], 1.0, 0);
        g_array_append_val (ends, i);
        g_array_append_val (ends, target);
      }
  return graph;
}

static gboolean
allocated (gpointer data)
{
  return gtk_widget_get_width (data) > 0 && gtk_widget_get_mapped (data);
}

/* CPU time of every thread of the process, in ms: what a frame costs
 * whatever else the machine runs. */
static double
process_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y;
}

/* What changes between two timed frames. */
typedef enum
{
  CHANGE_PAN,       /* panned by a pixel: every line drawn again */
  CHANGE_HIGHLIGHT, /* another node selected, the view still: lines kept */
  CHANGE_SETTLE,    /* panned, one frame drawn (moving), then the timed one
                     * once the view rests: lines drawn again in full */
} Change;

static void
snapshot_and_drop (AuraGraphView *view, int width, int height)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;

  aura_graph_view_snapshot_scene (view, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
}

static void
measure_change (AuraGraphView *view, const char *name, guint n_frames, Change change)
{
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (GTK_WIDGET (view)));
  int width = gtk_widget_get_width (GTK_WIDGET (view));
  int height = gtk_widget_get_height (GTK_WIDGET (view));
  double total[N_FRAMES], snap[N_FRAMES], cpu[N_FRAMES];

  for (guint f = 0; f < n_frames + 1; f++)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();
      g_autoptr (GskRenderNode) node = NULL;
      g_autoptr (GdkTexture) texture = NULL;
      gint64 t0, t1, t2;
      double c0;

      switch (change)
        {
          case CHANGE_HIGHLIGHT:
            aura_graph_view_select_node (view, (gint)(f * 97 % (guint)n_nodes), FALSE);
            break;
          case CHANGE_SETTLE:
            aura_graph_view_pan (view, f % 2 == 0 ? 1 : -1, 0);
            snapshot_and_drop (view, width, height);
            break;
          case CHANGE_PAN:
          default:
            aura_graph_view_pan (view, f % 2 == 0 ? 1 : -1, 0);
            break;
        }
      c0 = process_cpu_ms ();
      t0 = g_get_monotonic_time ();
      aura_graph_view_snapshot_scene (view, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
      t1 = g_get_monotonic_time ();
      texture =
          gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
      t2 = g_get_monotonic_time ();
      /* The first frame makes the icons and labels it caches: left out. */
      if (f == 0)
        continue;
      snap[f - 1] = (t1 - t0) / 1000.0;
      total[f - 1] = (t2 - t0) / 1000.0;
      cpu[f - 1] = process_cpu_ms () - c0;
    }
  qsort (total, n_frames, sizeof (double), compare_doubles);
  qsort (snap, n_frames, sizeof (double), compare_doubles);
  qsort (cpu, n_frames, sizeof (double), compare_doubles);
  g_print ("%s: %.1f ms (snapshot %.1f ms, min %.1f, max %.1f, %u frames)\n", name,
           total[n_frames / 2], snap[n_frames / 2], total[0], total[n_frames - 1], n_frames);
  /* On a line of its own: the same frames in CPU time, all threads added
   * up (the raster draws lines on two), which a busy machine does not
   * inflate as it does wall time. */
  g_print ("%s_cpu: %.1f ms (min %.1f, max %.1f)\n", name, cpu[n_frames / 2], cpu[0],
           cpu[n_frames - 1]);
}

/* The relations of the selected nodes. */
static guint
selected_degree (AuraGraphView *view)
{
  AuraGraph *graph = aura_graph_view_get_graph (view);
  guint n = 0;

  for (guint e = 0; e < graph->n_edges; e++)
    n += aura_graph_view_is_selected (view, graph->edge_source[e]) ||
         aura_graph_view_is_selected (view, graph->edge_target[e]);
  return n;
}

static void
measure (AuraGraphView *view, const char *name, guint n_frames)
{
  measure_change (view, name, n_frames, CHANGE_PAN);
}

int
main (int argc, char *argv[])
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraGraph) graph = NULL;
  g_autofree AuraPoint *positions = NULL;
  GtkWindow *window;
  AuraGraphView *view;
  AuraLayoutKind kind = AURA_LAYOUT_GRID;
  gint64 deadline;
  GOptionEntry entries[] = {
    { "nodes", 'n', 0, G_OPTION_ARG_INT, &n_nodes, "Nodes (10000)", "N" },
    { "edges-per-node", 'm', 0, G_OPTION_ARG_INT, &edges_per_node, "Edges per new node (5)", "M" },
    { "layout", 0, 0, G_OPTION_ARG_STRING, &layout_name, "grid or circular", "NAME" },
    { "slow-modes", 0, 0, G_OPTION_ARG_NONE, &slow_modes,
      "Also time the cairo and colour-node edge layers (seconds per frame)", NULL },
    { "png", 0, 0, G_OPTION_ARG_FILENAME, &png_path, "Write the fitted frame to FILE, to look at",
      "FILE" },
    { NULL },
  };

  setlocale (LC_ALL, "");
  context = g_option_context_new ("— time one frame of the graph canvas");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (g_strcmp0 (layout_name, "circular") == 0)
    kind = AURA_LAYOUT_CIRCULAR;
  if (g_getenv ("GSK_RENDERER") == NULL)
    g_setenv ("GSK_RENDERER", "cairo", TRUE);
  gtk_init ();
  adw_init ();

  graph = barabasi_albert ((guint)n_nodes, (guint)edges_per_node, 20240601);
  positions = g_new (AuraPoint, graph->n_nodes);
  aura_layout_compute (graph, kind, -1, positions);
  g_print ("graph: %u nodes, %u edges, layout %s, renderer %s\n", graph->n_nodes, graph->n_edges,
           kind == AURA_LAYOUT_GRID ? "grid" : "circular", g_getenv ("GSK_RENDERER"));

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1280, 800);
  view = aura_graph_view_new ();
  gtk_window_set_child (window, GTK_WIDGET (view));
  aura_graph_view_set_graph (view, graph, positions);
  gtk_window_present (window);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!allocated (view) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (!allocated (view))
    {
      g_printerr ("The window never showed: is there a display (xvfb-run)?\n");
      return 1;
    }
  aura_graph_view_fit (view);
  g_print ("view: %d x %d, zoom %.4f\n", gtk_widget_get_width (GTK_WIDGET (view)),
           gtk_widget_get_height (GTK_WIDGET (view)), aura_graph_view_get_zoom (view));

  /* What rendering any full-window frame costs with this renderer. */
  {
    GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (GTK_WIDGET (view)));
    GdkRGBA grey = { 0.9f, 0.9f, 0.9f, 1.0f };
    double times[N_FRAMES];

    for (guint f = 0; f < N_FRAMES; f++)
      {
        g_autoptr (GskRenderNode) node =
            gsk_color_node_new (&grey, &GRAPHENE_RECT_INIT (0, 0, 1280, 800));
        gint64 t0 = g_get_monotonic_time ();
        g_autoptr (GdkTexture) texture =
            gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, 1280, 800));

        times[f] = (g_get_monotonic_time () - t0) / 1000.0;
      }
    qsort (times, N_FRAMES, sizeof (double), compare_doubles);
    g_print ("render_empty_frame_ms: %.1f ms\n", times[N_FRAMES / 2]);
  }
  /* The default (AUTO) draws these edges through the raster. */
  measure (view, "frame_ms_10k", N_FRAMES);
  /* The still picture: drawn once the view rests, lines in full. */
  if (png_path != NULL && !aura_graph_view_save_png (view, png_path, &error))
    g_printerr ("%s\n", error->message);
  measure_change (view, "frame_ms_10k_settle", N_FRAMES, CHANGE_SETTLE);
  /* The window's first focus put the keyboard, and so the selection, on
   * node 0, the biggest hub: the frames above draw its hundreds of
   * highlighted edges one by one over the raster, as they always have.
   * The same full frame with nothing selected: */
  g_print ("selected_node_edges: %u\n", selected_degree (view));
  aura_graph_view_select_node (view, -1, FALSE);
  measure (view, "frame_ms_10k_unselected", N_FRAMES);
  measure_change (view, "frame_ms_10k_highlight", N_FRAMES, CHANGE_HIGHLIGHT);
  aura_graph_view_select_node (view, -1, FALSE);
  if (slow_modes)
    {
      aura_graph_view_set_edge_mode (view, AURA_GRAPH_EDGES_RECTS);
      measure (view, "frame_ms_10k_rect_edges", 3);
      aura_graph_view_set_edge_mode (view, AURA_GRAPH_EDGES_CAIRO);
      measure (view, "frame_ms_10k_cairo_edges", 3);
      aura_graph_view_set_edge_mode (view, AURA_GRAPH_EDGES_AUTO);
    }
  /* Zoomed in on the middle: culling leaves most of the graph out. */
  aura_graph_view_zoom_at (view, aura_graph_view_get_zoom (view) * 8, 640, 400);
  measure (view, "frame_ms_10k_zoomed_8x", N_FRAMES);
  /* Closer still: discs with icons and labels. */
  aura_graph_view_zoom_at (view, aura_graph_view_get_zoom (view) * 4, 640, 400);
  measure (view, "frame_ms_10k_zoomed_32x", N_FRAMES);

  gtk_window_destroy (window);
  return 0;
}
