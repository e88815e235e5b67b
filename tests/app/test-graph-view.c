/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>

#include "app-test-utils.h"
#include "aura-graph-page.h"
#include "aura-graph-view-private.h"
#include "aura-investigation-page.h"
#include "aura-window.h"

/* The graph canvas on graphs built by hand with known positions (hit
 * testing, selection, rubber band, dragging, zoom and pan, filters,
 * search, highlights, menus, export), and the graph page on a real
 * temporary store (reads, reloads on change, details, deletion). Pointer
 * input goes through the same entry points the gestures call. */

#define TIMEOUT_MS 20000

/* ---- A small graph: alice —uses— alice@example.com —at— example.com,
 * alice —knows— bob —seen— 192.0.2.4 —resolves— example.com, and a lone
 * person far away. Shortest path alice → 192.0.2.4: via bob. */

enum
{
  ALICE,
  ALICE_MAIL,
  DOMAIN,
  BOB,
  IP,
  LONER,
  N_SMALL
};

static const AuraPoint small_positions[N_SMALL] = {
  { 0, 0 }, { 100, 0 }, { 200, 0 }, { 0, 100 }, { 200, 100 }, { 400, 300 },
};

/* Entity ids @base + 1… when @base is not 0. */
static AuraGraph *
small_graph_with_ids (gint64 base)
{
  AuraGraph *graph = aura_graph_new ();
  gint64 id = base;

  aura_graph_add_node (graph, base ? ++id : 0, AURA_ENTITY_USERNAME, "alice", 0.9);
  aura_graph_add_node (graph, base ? ++id : 0, AURA_ENTITY_EMAIL, "alice@example.com", 0.8);
  aura_graph_add_node (graph, base ? ++id : 0, AURA_ENTITY_DOMAIN, "example.com", 0.5);
  aura_graph_add_node (graph, base ? ++id : 0, AURA_ENTITY_USERNAME, "bob", 0.3);
  aura_graph_add_node (graph, base ? ++id : 0, AURA_ENTITY_IP, "192.0.2.4", 0.6);
  aura_graph_add_node (graph, base ? ++id : 0, AURA_ENTITY_PERSON, "Ålice Ünicode", 1.0);
  aura_graph_add_edge (graph, ALICE, ALICE_MAIL, "uses", 1.0, 0);
  aura_graph_add_edge (graph, ALICE_MAIL, DOMAIN, "at", 1.0, 0);
  aura_graph_add_edge (graph, ALICE, BOB, "knows", 0.5, 0);
  aura_graph_add_edge (graph, DOMAIN, IP, "resolves", 1.0, 0);
  aura_graph_add_edge (graph, BOB, IP, "seen", 0.5, 0);
  return graph;
}

static AuraGraph *
small_graph (void)
{
  return small_graph_with_ids (0);
}

typedef struct
{
  GtkWindow *window;
  AuraGraphView *view;
  AuraGraph *graph;
} ViewFixture;

static gboolean
view_allocated (gpointer data)
{
  return gtk_widget_get_width (data) > 0 && gtk_widget_get_mapped (data);
}

static void
view_setup (ViewFixture *f, gconstpointer data)
{
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 800, 600);
  f->view = aura_graph_view_new ();
  gtk_window_set_child (f->window, GTK_WIDGET (f->view));
  f->graph = small_graph ();
  aura_graph_view_set_graph (f->view, f->graph, small_positions);
  gtk_window_present (f->window);
  app_test_wait_until (view_allocated, f->view, TIMEOUT_MS, "the graph view to be allocated");
  aura_graph_view_fit (f->view);
}

static void
view_teardown (ViewFixture *f, gconstpointer data)
{
  g_object_add_weak_pointer (G_OBJECT (f->view), (gpointer *)&f->view);
  gtk_window_destroy (f->window);
  app_test_drain (50);
  g_assert_null (f->view);
  g_clear_pointer (&f->graph, aura_graph_unref);
}

static void
node_point (AuraGraphView *view, guint node, double *x, double *y)
{
  const AuraPoint *p = &aura_graph_view_get_positions (view)[node];

  aura_graph_view_world_to_view (view, p->x, p->y, x, y);
}

static void
click (AuraGraphView *view, double x, double y, GdkModifierType mods)
{
  aura_graph_view_pointer_down (view, x, y, mods);
  aura_graph_view_pointer_up (view, x, y);
}

static void
click_node (AuraGraphView *view, guint node, GdkModifierType mods)
{
  double x, y;

  node_point (view, node, &x, &y);
  click (view, x, y, mods);
}

/* ---- Hit testing ------------------------------------------------------------ */

static void
test_hit_testing (ViewFixture *f, gconstpointer data)
{
  double x, y, ax, ay, bx, by;

  for (guint i = 0; i < N_SMALL; i++)
    {
      node_point (f->view, i, &x, &y);
      g_assert_cmpint (aura_graph_view_node_at (f->view, x, y), ==, i);
      /* A couple of pixels off the centre still hits. */
      g_assert_cmpint (aura_graph_view_node_at (f->view, x + 2, y - 2), ==, i);
    }
  /* Half-way between LONER and the rest: nothing. */
  node_point (f->view, IP, &ax, &ay);
  node_point (f->view, LONER, &bx, &by);
  g_assert_cmpint (aura_graph_view_node_at (f->view, (ax + bx) / 2, (ay + by) / 2 - 40), ==, -1);
  g_assert_cmpint (aura_graph_view_node_at (f->view, -500, -500), ==, -1);
  /* The middle of alice —uses— alice@example.com is that edge. */
  node_point (f->view, ALICE, &ax, &ay);
  node_point (f->view, ALICE_MAIL, &bx, &by);
  g_assert_cmpint (aura_graph_view_node_at (f->view, (ax + bx) / 2, (ay + by) / 2), ==, -1);
  g_assert_cmpint (aura_graph_view_edge_at (f->view, (ax + bx) / 2, (ay + by) / 2 + 1), ==, 0);
  g_assert_cmpstr (f->graph->edge_types[0], ==, "uses");
  g_assert_cmpint (aura_graph_view_edge_at (f->view, (ax + bx) / 2, (ay + by) / 2 + 30), ==, -1);
}

/* Against a brute-force search, on a random graph large enough for the
 * grid to have many cells. */
static void
test_hit_testing_matches_brute_force (void)
{
  g_autoptr (AuraGraph) graph = aura_graph_new ();
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  g_autofree AuraPoint *positions = g_new (AuraPoint, 3000);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  AuraGraphView *view = aura_graph_view_new ();

  for (guint i = 0; i < 3000; i++)
    {
      aura_graph_add_node (graph, 0, i % AURA_ENTITY_N_TYPES, "n", 1.0);
      positions[i].x = (float)g_rand_double_range (rand, -5000, 5000);
      positions[i].y = (float)g_rand_double_range (rand, -3000, 3000);
    }
  gtk_window_set_default_size (window, 800, 600);
  gtk_window_set_child (window, GTK_WIDGET (view));
  aura_graph_view_set_graph (view, graph, positions);
  gtk_window_present (window);
  app_test_wait_until (view_allocated, view, TIMEOUT_MS, "the view to be allocated");
  aura_graph_view_zoom_at (view, aura_graph_view_get_zoom (view) * 8, 400, 300);
  for (guint k = 0; k < 400; k++)
    {
      double x = g_rand_double_range (rand, 0, 800), y = g_rand_double_range (rand, 0, 600);
      double wx, wy, best = G_MAXDOUBLE, limit;
      gint expected = -1, got = aura_graph_view_node_at (view, x, y);

      aura_graph_view_view_to_world (view, x, y, &wx, &wy);
      for (guint i = 0; i < 3000; i++)
        {
          double d = hypot (positions[i].x - wx, positions[i].y - wy);

          limit = MAX (view->radius[i], 6.0 / view->zoom) + 2.0 / view->zoom;
          if (d <= limit && d < best)
            {
              best = d;
              expected = (gint)i;
            }
        }
      g_assert_cmpint (got, ==, expected);
    }
  gtk_window_destroy (window);
  app_test_drain (20);
}

/* ---- Selection, rubber band, drag ---------------------------------------------- */

static void
count_cb (gpointer data)
{
  (*(guint *)data)++;
}

static void
test_click_selects (ViewFixture *f, gconstpointer data)
{
  guint changes = 0;
  g_autoptr (GArray) selection = NULL;

  g_signal_connect_swapped (f->view, "selection-changed", G_CALLBACK (count_cb), &changes);
  click_node (f->view, ALICE_MAIL, 0);
  g_assert_true (aura_graph_view_is_selected (f->view, ALICE_MAIL));
  g_assert_cmpuint (aura_graph_view_get_n_selected (f->view), ==, 1);
  g_assert_cmpint (aura_graph_view_get_cursor (f->view), ==, ALICE_MAIL);
  /* Another click replaces; Ctrl+click adds; Ctrl+click again removes. */
  click_node (f->view, DOMAIN, 0);
  g_assert_false (aura_graph_view_is_selected (f->view, ALICE_MAIL));
  g_assert_true (aura_graph_view_is_selected (f->view, DOMAIN));
  click_node (f->view, ALICE, GDK_CONTROL_MASK);
  selection = aura_graph_view_get_selection (f->view);
  g_assert_cmpuint (selection->len, ==, 2);
  g_assert_cmpuint (g_array_index (selection, guint, 0), ==, ALICE);
  g_assert_cmpuint (g_array_index (selection, guint, 1), ==, DOMAIN);
  click_node (f->view, ALICE, GDK_CONTROL_MASK);
  g_assert_false (aura_graph_view_is_selected (f->view, ALICE));
  /* A click on the background clears. */
  click (f->view, 5, 5, 0);
  g_assert_cmpuint (aura_graph_view_get_n_selected (f->view), ==, 0);
  g_assert_cmpuint (changes, ==, 5);
}

static void
test_rubber_band_selects_inside (ViewFixture *f, gconstpointer data)
{
  double ax, ay, bx, by;

  /* Around alice and alice@example.com only, from and to empty space. */
  aura_graph_view_world_to_view (f->view, -60, -60, &ax, &ay);
  aura_graph_view_world_to_view (f->view, 150, 45, &bx, &by);
  g_assert_cmpint (aura_graph_view_node_at (f->view, ax, ay), ==, -1);
  g_assert_cmpint (aura_graph_view_node_at (f->view, bx, by), ==, -1);
  aura_graph_view_pointer_down (f->view, ax, ay, GDK_SHIFT_MASK);
  aura_graph_view_pointer_drag (f->view, (ax + bx) / 2, ay);
  g_assert_cmpint (f->view->drag_mode, ==, DRAG_RUBBER);
  aura_graph_view_pointer_up (f->view, bx, by);
  g_assert_cmpuint (aura_graph_view_get_n_selected (f->view), ==, 2);
  g_assert_true (aura_graph_view_is_selected (f->view, ALICE));
  g_assert_true (aura_graph_view_is_selected (f->view, ALICE_MAIL));
  g_assert_false (aura_graph_view_is_selected (f->view, BOB));
  /* Without Shift the same drag pans and selects nothing new. */
  aura_graph_view_select_node (f->view, -1, FALSE);
  aura_graph_view_pointer_down (f->view, ax, ay, 0);
  aura_graph_view_pointer_up (f->view, bx, by);
  g_assert_cmpuint (aura_graph_view_get_n_selected (f->view), ==, 0);
}

static void
test_drag_moves_and_pins (ViewFixture *f, gconstpointer data)
{
  double x, y, zoom = aura_graph_view_get_zoom (f->view);
  AuraPoint before = aura_graph_view_get_positions (f->view)[DOMAIN];
  AuraPoint after;
  guint moved = 0;

  g_signal_connect_swapped (f->view, "node-moved", G_CALLBACK (count_cb), &moved);
  node_point (f->view, DOMAIN, &x, &y);
  g_assert_false (aura_graph_view_get_pinned (f->view, DOMAIN));
  aura_graph_view_pointer_down (f->view, x, y, 0);
  aura_graph_view_pointer_drag (f->view, x + 25, y + 10);
  aura_graph_view_pointer_up (f->view, x + 50, y + 20);
  after = aura_graph_view_get_positions (f->view)[DOMAIN];
  g_assert_cmpfloat_with_epsilon (after.x - before.x, 50 / zoom, 1e-3);
  g_assert_cmpfloat_with_epsilon (after.y - before.y, 20 / zoom, 1e-3);
  g_assert_true (aura_graph_view_get_pinned (f->view, DOMAIN));
  g_assert_cmpuint (moved, ==, 1);
  /* The node is found where it now is. */
  g_assert_cmpint (aura_graph_view_node_at (f->view, x + 50, y + 20), ==, DOMAIN);
  /* A press and release without moving is a click, not a move. */
  aura_graph_view_pointer_down (f->view, x + 50, y + 20, 0);
  aura_graph_view_pointer_up (f->view, x + 51, y + 20);
  g_assert_cmpuint (moved, ==, 1);
  g_assert_true (aura_graph_view_is_selected (f->view, DOMAIN));
}

/* ---- Zoom, pan, fit --------------------------------------------------------------- */

static void
test_zoom_pan_fit (ViewFixture *f, gconstpointer data)
{
  double zoom = aura_graph_view_get_zoom (f->view), ox, oy, ox2, oy2, wx, wy, wx2, wy2;
  int w = gtk_widget_get_width (GTK_WIDGET (f->view));
  int h = gtk_widget_get_height (GTK_WIDGET (f->view));

  g_assert_true (aura_graph_view_get_fitted (f->view));
  /* Zooming keeps the anchor where it is. */
  aura_graph_view_view_to_world (f->view, 120, 80, &wx, &wy);
  aura_graph_view_zoom_at (f->view, zoom * 2, 120, 80);
  g_assert_cmpfloat_with_epsilon (aura_graph_view_get_zoom (f->view), zoom * 2, 1e-9);
  aura_graph_view_view_to_world (f->view, 120, 80, &wx2, &wy2);
  g_assert_cmpfloat_with_epsilon (wx, wx2, 1e-6);
  g_assert_cmpfloat_with_epsilon (wy, wy2, 1e-6);
  g_assert_false (aura_graph_view_get_fitted (f->view));
  /* The wheel zooms out around the pointer. */
  aura_graph_view_pointer_motion (f->view, 300, 200);
  aura_graph_view_scroll_zoom (f->view, 1.0);
  g_assert_cmpfloat (aura_graph_view_get_zoom (f->view), <, zoom * 2);
  /* Panning moves the offset by exactly the drag. */
  aura_graph_view_get_offset (f->view, &ox, &oy);
  aura_graph_view_pan (f->view, 15, -25);
  aura_graph_view_get_offset (f->view, &ox2, &oy2);
  g_assert_cmpfloat_with_epsilon (ox2 - ox, 15, 1e-9);
  g_assert_cmpfloat_with_epsilon (oy2 - oy, -25, 1e-9);
  /* A background drag pans too. */
  aura_graph_view_pointer_down (f->view, 10, 500, 0);
  aura_graph_view_pointer_up (f->view, 40, 520);
  aura_graph_view_get_offset (f->view, &ox, &oy);
  g_assert_cmpfloat_with_epsilon (ox - ox2, 30, 1e-9);
  g_assert_cmpfloat_with_epsilon (oy - oy2, 20, 1e-9);
  /* Zoom limits hold however far one goes. */
  for (guint k = 0; k < 200; k++)
    aura_graph_view_zoom_in (f->view);
  g_assert_cmpfloat (aura_graph_view_get_zoom (f->view) * f->view->unit, <=, 120.0 + 1e-6);
  /* Fit puts every node inside the widget. */
  aura_graph_view_fit (f->view);
  g_assert_true (aura_graph_view_get_fitted (f->view));
  for (guint i = 0; i < N_SMALL; i++)
    {
      double x, y;

      node_point (f->view, i, &x, &y);
      g_assert_cmpfloat (x, >=, 0);
      g_assert_cmpfloat (x, <=, w);
      g_assert_cmpfloat (y, >=, 0);
      g_assert_cmpfloat (y, <=, h);
    }
}

/* ---- Filters ---------------------------------------------------------------------- */

static void
test_filters_hide_nodes (ViewFixture *f, gconstpointer data)
{
  double x, y;

  click_node (f->view, ALICE, 0);
  aura_graph_view_set_type_filter (f->view, AURA_ENTITY_EMAIL);
  g_assert_false (aura_graph_view_is_visible (f->view, ALICE));
  g_assert_true (aura_graph_view_is_visible (f->view, ALICE_MAIL));
  g_assert_cmpuint (aura_graph_view_get_n_visible (f->view), ==, 1);
  /* A hidden node is neither hit nor selected any more. */
  node_point (f->view, ALICE, &x, &y);
  g_assert_cmpint (aura_graph_view_node_at (f->view, x, y), ==, -1);
  g_assert_cmpuint (aura_graph_view_get_n_selected (f->view), ==, 0);
  aura_graph_view_select_node (f->view, ALICE, FALSE);
  g_assert_cmpuint (aura_graph_view_get_n_selected (f->view), ==, 0);
  node_point (f->view, ALICE_MAIL, &x, &y);
  g_assert_cmpint (aura_graph_view_node_at (f->view, x, y), ==, ALICE_MAIL);
  aura_graph_view_set_type_filter (f->view, -1);
  g_assert_cmpuint (aura_graph_view_get_n_visible (f->view), ==, N_SMALL);

  /* Confidence 0.55: bob (0.3) and example.com (0.5) go. */
  aura_graph_view_set_min_confidence (f->view, 0.55);
  g_assert_false (aura_graph_view_is_visible (f->view, BOB));
  g_assert_false (aura_graph_view_is_visible (f->view, DOMAIN));
  g_assert_true (aura_graph_view_is_visible (f->view, IP));
  node_point (f->view, BOB, &x, &y);
  g_assert_cmpint (aura_graph_view_node_at (f->view, x, y), ==, -1);
  aura_graph_view_set_min_confidence (f->view, 0.0);
  g_assert_cmpint (aura_graph_view_node_at (f->view, x, y), ==, BOB);

  /* Hidden by hand, then shown again. */
  aura_graph_view_set_node_hidden (f->view, BOB, TRUE);
  g_assert_cmpuint (aura_graph_view_get_n_hidden (f->view), ==, 1);
  g_assert_cmpint (aura_graph_view_node_at (f->view, x, y), ==, -1);
  aura_graph_view_show_hidden (f->view);
  g_assert_cmpuint (aura_graph_view_get_n_hidden (f->view), ==, 0);
  g_assert_cmpint (aura_graph_view_node_at (f->view, x, y), ==, BOB);
}

/* ---- Search and highlights ------------------------------------------------------- */

static void
test_search_focuses_match (ViewFixture *f, gconstpointer data)
{
  double x, y;
  int w = gtk_widget_get_width (GTK_WIDGET (f->view));
  int h = gtk_widget_get_height (GTK_WIDGET (f->view));

  g_assert_cmpuint (aura_graph_view_search (f->view, "EXAMPLE.com"), ==, 2);
  g_assert_true (aura_graph_view_is_match (f->view, ALICE_MAIL));
  g_assert_true (aura_graph_view_is_match (f->view, DOMAIN));
  g_assert_false (aura_graph_view_is_match (f->view, ALICE));
  /* The first match is selected and in the middle of the view. */
  g_assert_cmpint (aura_graph_view_get_cursor (f->view), ==, ALICE_MAIL);
  g_assert_true (aura_graph_view_is_selected (f->view, ALICE_MAIL));
  node_point (f->view, ALICE_MAIL, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, w / 2.0, 0.5);
  g_assert_cmpfloat_with_epsilon (y, h / 2.0, 0.5);
  /* Next goes round the matches. */
  g_assert_cmpint (aura_graph_view_search_next (f->view), ==, DOMAIN);
  g_assert_cmpint (aura_graph_view_search_next (f->view), ==, ALICE_MAIL);
  /* Case folding covers non-ASCII letters. */
  g_assert_cmpuint (aura_graph_view_search (f->view, "ünicode"), ==, 1);
  g_assert_cmpint (aura_graph_view_get_cursor (f->view), ==, LONER);
  /* Nothing, and bad input, match nothing. */
  g_assert_cmpuint (aura_graph_view_search (f->view, "zzz"), ==, 0);
  g_assert_cmpuint (aura_graph_view_search (f->view, "\xff\xfe"), ==, 0);
  g_assert_cmpuint (aura_graph_view_search (f->view, ""), ==, 0);
  g_assert_cmpint (aura_graph_view_search_next (f->view), ==, -1);
}

static void
test_neighbourhood_highlight (ViewFixture *f, gconstpointer data)
{
  click_node (f->view, ALICE, 0);
  for (guint i = 0; i < N_SMALL; i++)
    g_assert_cmpint (aura_graph_view_is_neighbour (f->view, i), ==, i == ALICE_MAIL || i == BOB);
  click_node (f->view, IP, 0);
  for (guint i = 0; i < N_SMALL; i++)
    g_assert_cmpint (aura_graph_view_is_neighbour (f->view, i), ==, i == DOMAIN || i == BOB);
  /* Switched off: nothing marked. */
  aura_graph_view_set_highlight_neighbours (f->view, FALSE);
  for (guint i = 0; i < N_SMALL; i++)
    g_assert_false (aura_graph_view_is_neighbour (f->view, i));
}

static void
test_path_highlight (ViewFixture *f, gconstpointer data)
{
  const guint *path;
  guint n;

  click_node (f->view, ALICE, 0);
  path = aura_graph_view_get_path (f->view, &n);
  g_assert_cmpuint (n, ==, 0);
  g_assert_null (path);
  click_node (f->view, IP, GDK_CONTROL_MASK);
  path = aura_graph_view_get_path (f->view, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (path[0], ==, ALICE);
  g_assert_cmpuint (path[1], ==, BOB);
  g_assert_cmpuint (path[2], ==, IP);
  /* With bob hidden the path goes the long way. */
  aura_graph_view_set_node_hidden (f->view, BOB, TRUE);
  path = aura_graph_view_get_path (f->view, &n);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpuint (path[1], ==, ALICE_MAIL);
  g_assert_cmpuint (path[2], ==, DOMAIN);
  /* No path to the lone person. */
  aura_graph_view_select_node (f->view, ALICE, FALSE);
  aura_graph_view_select_node (f->view, LONER, TRUE);
  aura_graph_view_get_path (f->view, &n);
  g_assert_cmpuint (n, ==, 0);
}

/* ---- Menus and keyboard ------------------------------------------------------------ */

static gboolean
menu_has_action (GMenuModel *menu, const char *action)
{
  for (int s = 0; s < g_menu_model_get_n_items (menu); s++)
    {
      g_autoptr (GMenuModel) section = g_menu_model_get_item_link (menu, s, G_MENU_LINK_SECTION);

      for (int i = 0; section != NULL && i < g_menu_model_get_n_items (section); i++)
        {
          g_autofree char *name = NULL;

          if (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_ACTION, "s", &name) &&
              g_str_equal (name, action))
            return TRUE;
        }
    }
  return FALSE;
}

static void
test_context_menu_per_type (ViewFixture *f, gconstpointer data)
{
  g_autoptr (GMenuModel) user = aura_graph_view_create_node_menu (f->view, ALICE);
  g_autoptr (GMenuModel) mail = aura_graph_view_create_node_menu (f->view, ALICE_MAIL);
  g_autoptr (GMenuModel) pinned = NULL;
  g_autoptr (GMenuModel) domain = aura_graph_view_create_node_menu (f->view, DOMAIN);

  g_assert_true (menu_has_action (user, "graph.look-for-accounts"));
  g_assert_false (menu_has_action (mail, "graph.look-for-accounts"));
  /* Map Domain on domains (and subdomains) only. */
  g_assert_true (menu_has_action (domain, "graph.map-domain"));
  g_assert_false (menu_has_action (domain, "graph.look-for-accounts"));
  g_assert_false (menu_has_action (user, "graph.map-domain"));
  g_assert_false (menu_has_action (mail, "graph.map-domain"));
  for (guint k = 0; k < 2; k++)
    {
      GMenuModel *menu = k == 0 ? user : mail;

      g_assert_true (menu_has_action (menu, "graph.details"));
      g_assert_true (menu_has_action (menu, "graph.hide"));
      g_assert_true (menu_has_action (menu, "graph.delete"));
      g_assert_true (menu_has_action (menu, "graph.pin"));
      g_assert_false (menu_has_action (menu, "graph.unpin"));
    }
  /* The actions do what they say. */
  gtk_widget_activate_action (GTK_WIDGET (f->view), "graph.pin", "u", (guint32)ALICE_MAIL);
  g_assert_true (aura_graph_view_get_pinned (f->view, ALICE_MAIL));
  pinned = aura_graph_view_create_node_menu (f->view, ALICE_MAIL);
  g_assert_true (menu_has_action (pinned, "graph.unpin"));
  g_assert_false (menu_has_action (pinned, "graph.pin"));
  gtk_widget_activate_action (GTK_WIDGET (f->view), "graph.hide", "u", (guint32)ALICE_MAIL);
  g_assert_false (aura_graph_view_is_visible (f->view, ALICE_MAIL));
  /* An index out of range is ignored. */
  gtk_widget_activate_action (GTK_WIDGET (f->view), "graph.hide", "u", (guint32)999);
  g_assert_cmpuint (aura_graph_view_get_n_hidden (f->view), ==, 1);
  /* The popover opens at a node without complaint. */
  aura_graph_view_popup_menu (f->view, ALICE);
  app_test_drain (50);
  g_assert_nonnull (f->view->popover);
  g_assert_true (gtk_widget_get_visible (f->view->popover));
  gtk_popover_popdown (GTK_POPOVER (f->view->popover));
}

static void
record_node_cb (AuraGraphView *view, guint node, gpointer data)
{
  *(gint *)data = (gint)node;
}

static void
test_keyboard_moves_selection (ViewFixture *f, gconstpointer data)
{
  gint activated = -1;

  g_signal_connect (f->view, "node-activated", G_CALLBACK (record_node_cb), &activated);
  /* The window may have focused the canvas as it opened. */
  gtk_window_set_focus (f->window, NULL);
  aura_graph_view_select_node (f->view, -1, FALSE);
  f->view->cursor = -1;
  /* Tab into the canvas lands on the first node, then walks them. */
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (f->view), GTK_DIR_TAB_FORWARD));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (f->view)));
  g_assert_cmpint (aura_graph_view_get_cursor (f->view), ==, ALICE);
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (f->view), GTK_DIR_TAB_FORWARD));
  g_assert_cmpint (aura_graph_view_get_cursor (f->view), ==, ALICE_MAIL);
  g_assert_true (aura_graph_view_is_selected (f->view, ALICE_MAIL));
  g_assert_cmpuint (aura_graph_view_get_n_selected (f->view), ==, 1);
  /* Hidden nodes are skipped; past the last, the focus may leave. */
  aura_graph_view_set_node_hidden (f->view, DOMAIN, TRUE);
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (f->view), GTK_DIR_TAB_FORWARD));
  g_assert_cmpint (aura_graph_view_get_cursor (f->view), ==, BOB);
  aura_graph_view_select_node (f->view, LONER, FALSE);
  g_assert_false (gtk_widget_child_focus (GTK_WIDGET (f->view), GTK_DIR_TAB_FORWARD));
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (f->view), GTK_DIR_TAB_BACKWARD));
  g_assert_cmpint (aura_graph_view_get_cursor (f->view), ==, IP);
  /* Arrows go to the nearest node that way. */
  aura_graph_view_select_node (f->view, ALICE, FALSE);
  aura_graph_view_cursor_towards (f->view, 1, 0, FALSE);
  g_assert_cmpint (aura_graph_view_get_cursor (f->view), ==, ALICE_MAIL);
  aura_graph_view_cursor_towards (f->view, -1, 0, FALSE);
  aura_graph_view_cursor_towards (f->view, 0, 1, TRUE);
  g_assert_cmpint (aura_graph_view_get_cursor (f->view), ==, BOB);
  g_assert_cmpuint (aura_graph_view_get_n_selected (f->view), ==, 2);
  /* Nothing to the left of alice: the cursor stays. */
  aura_graph_view_select_node (f->view, ALICE, FALSE);
  aura_graph_view_cursor_towards (f->view, -1, 0, FALSE);
  g_assert_cmpint (aura_graph_view_get_cursor (f->view), ==, ALICE);
  /* "Show details" from the menu is the same activation as Enter. */
  gtk_widget_activate_action (GTK_WIDGET (f->view), "graph.details", "u", (guint32)BOB);
  g_assert_cmpint (activated, ==, BOB);
}

/* ---- Drawing and export ------------------------------------------------------------- */

/* Whether the pixel a third of the way along alice —knows— bob differs
 * from the background in the corner. */
static gboolean
edge_pixel_drawn (AuraGraphView *view, GdkTexture *texture)
{
  int w = gdk_texture_get_width (texture), h = gdk_texture_get_height (texture);
  g_autofree guint32 *pixels = g_new (guint32, (gsize)w * h);
  double ax, ay, bx, by, r = view->radius[ALICE] * view->zoom;
  int x, y;

  gdk_texture_download (texture, (guchar *)pixels, (gsize)w * 4);
  node_point (view, ALICE, &ax, &ay);
  node_point (view, BOB, &bx, &by);
  /* Just past alice's disc, on the line. */
  x = (int)ax;
  y = (int)(ay + r + (by - ay - 2 * r) / 2);
  return pixels[(gsize)y * w + x] != pixels[(gsize)2 * w + 2];
}

static void
test_render_and_export (ViewFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("aura-graph-XXXXXX", &error);
  g_autofree char *png = g_build_filename (dir, "graph.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "graph.svg", NULL);
  g_autofree char *bad = g_build_filename (dir, "missing", "graph.png", NULL);
  g_autofree char *svg_text = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autoptr (GdkTexture) loaded = NULL;
  g_autoptr (GFile) file = NULL;

  g_assert_no_error (error);
  /* Selected, matching, pinned and on a path: every kind of mark drawn. */
  aura_graph_view_set_pinned (f->view, LONER, TRUE);
  aura_graph_view_search (f->view, "bob");
  aura_graph_view_select_node (f->view, ALICE, FALSE);
  aura_graph_view_select_node (f->view, IP, TRUE);
  texture = aura_graph_view_render_texture (f->view);
  g_assert_nonnull (texture);
  g_assert_cmpint (gdk_texture_get_width (texture), ==,
                   gtk_widget_get_width (GTK_WIDGET (f->view)));
  /* Every way of drawing the edges draws them where they are: the middle
   * of alice —knows— bob is not the background any more. */
  for (AuraGraphEdgeMode mode = AURA_GRAPH_EDGES_AUTO; mode <= AURA_GRAPH_EDGES_RASTER; mode++)
    {
      g_autoptr (GdkTexture) drawn = NULL;

      aura_graph_view_set_edge_mode (f->view, mode);
      drawn = aura_graph_view_render_texture (f->view);
      g_assert_nonnull (drawn);
      g_assert_true (edge_pixel_drawn (f->view, drawn));
    }
  aura_graph_view_set_edge_mode (f->view, AURA_GRAPH_EDGES_AUTO);

  g_assert_true (aura_graph_view_save_png (f->view, png, &error));
  g_assert_no_error (error);
  file = g_file_new_for_path (png);
  loaded = gdk_texture_new_from_file (file, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_height (loaded), ==,
                   gtk_widget_get_height (GTK_WIDGET (f->view)));

  g_assert_true (aura_graph_view_save_svg (f->view, svg, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg, &svg_text, NULL, &error));
  g_assert_nonnull (strstr (svg_text, "<svg"));

  /* A folder that does not exist: a clear error, nothing written. */
  g_assert_false (aura_graph_view_save_png (f->view, bad, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "missing"));
  g_clear_error (&error);
  g_remove (png);
  g_remove (svg);
  g_rmdir (dir);
}

/* Hostile labels (huge, right-to-left, combining marks, emoji, controls),
 * non-finite positions, and an empty graph draw without trouble. */
static void
test_odd_input_draws (ViewFixture *f, gconstpointer data)
{
  g_autoptr (AuraGraph) graph = aura_graph_new ();
  g_autoptr (AuraGraph) empty = aura_graph_new ();
  g_autoptr (GString) huge = g_string_new (NULL);
  g_autoptr (GdkTexture) texture = NULL;
  AuraPoint positions[5] = {
    { 0, 0 }, { NAN, 5 }, { INFINITY, -INFINITY }, { 1e30f, 1e30f }, { 3, 3 }
  };

  for (guint i = 0; i < 20000; i++)
    g_string_append (huge, "w\xcc\x81");
  aura_graph_add_node (graph, 0, AURA_ENTITY_PERSON, huge->str, 0.5);
  aura_graph_add_node (graph, 0, AURA_ENTITY_USERNAME, "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d", 0.5);
  aura_graph_add_node (graph, 0, AURA_ENTITY_HASHTAG, "#\xf0\x9f\x98\x80\xf0\x9f\x91\x8d", 0.5);
  aura_graph_add_node (graph, 0, AURA_ENTITY_DOCUMENT, "tab\there\nnew line", 0.5);
  aura_graph_add_node (graph, 0, AURA_ENTITY_URL, "", 0.5);
  aura_graph_add_edge (graph, 0, 1, "x", 1, 0);
  aura_graph_add_edge (graph, 2, 2, "self", 1, 0);
  aura_graph_add_edge (graph, 3, 4, "far", 1, 0);
  aura_graph_view_set_graph (f->view, graph, positions);
  g_assert_true (isfinite (aura_graph_view_get_positions (f->view)[1].x));
  g_assert_true (isfinite (aura_graph_view_get_positions (f->view)[2].y));
  aura_graph_view_fit (f->view);
  g_assert_true (isfinite (aura_graph_view_get_zoom (f->view)));
  aura_graph_view_center_on_node (f->view, 0);
  for (guint k = 0; k < 40; k++)
    aura_graph_view_zoom_in (f->view);
  texture = aura_graph_view_render_texture (f->view);
  g_assert_nonnull (texture);
  g_assert_cmpuint (aura_graph_view_search (f->view, "\xf0\x9f\x98\x80"), ==, 1);
  g_clear_object (&texture);

  aura_graph_view_set_graph (f->view, empty, NULL);
  aura_graph_view_fit (f->view);
  g_assert_cmpint (aura_graph_view_node_at (f->view, 10, 10), ==, -1);
  g_assert_cmpint (aura_graph_view_edge_at (f->view, 10, 10), ==, -1);
  texture = aura_graph_view_render_texture (f->view);
  g_assert_nonnull (texture);
  aura_graph_view_pointer_down (f->view, 10, 10, GDK_SHIFT_MASK);
  aura_graph_view_pointer_up (f->view, 100, 100);
  g_assert_cmpuint (aura_graph_view_get_n_selected (f->view), ==, 0);
}

/* ---- The page on a real store ------------------------------------------------------ */

/* ---- Sizes and colours, selection by entity, merging, accessibility ------ */

static void
test_sizes_and_groups (ViewFixture *f, gconstpointer data)
{
  double values[N_SMALL] = { 0, 0, 0, 1.0, 0.25, 0 };
  guint groups[N_SMALL] = { 0, 0, 1, 0, 1, 40 };
  g_autoptr (GdkTexture) texture = NULL;

  /* By degree (the default): alice (2 relations) over the lone person. */
  g_assert_cmpint (aura_graph_view_get_size_mode (f->view), ==, AURA_GRAPH_SIZE_DEGREE);
  g_assert_cmpfloat (f->view->radius[ALICE], >, f->view->radius[LONER]);
  aura_graph_view_set_node_sizes (f->view, AURA_GRAPH_SIZE_UNIFORM, NULL, 0);
  g_assert_cmpfloat (f->view->radius[ALICE], ==, f->view->radius[LONER]);
  /* By value: the area follows it; no value is the smallest disc. */
  aura_graph_view_set_node_sizes (f->view, AURA_GRAPH_SIZE_VALUES, values, N_SMALL);
  g_assert_cmpfloat (f->view->radius[BOB], >, f->view->radius[IP]);
  g_assert_cmpfloat (f->view->radius[IP], >, f->view->radius[ALICE]);
  g_assert_cmpfloat_with_epsilon (f->view->radius[BOB] / f->view->radius[ALICE], 2.6, 1e-4);
  /* Hit testing follows the new sizes. */
  aura_graph_view_fit (f->view);
  for (guint i = 0; i < N_SMALL; i++)
    {
      double x, y;

      node_point (f->view, i, &x, &y);
      g_assert_cmpint (aura_graph_view_node_at (f->view, x, y), ==, i);
    }

  g_assert_cmpint (aura_graph_view_get_node_group (f->view, ALICE), ==, -1);
  aura_graph_view_set_node_groups (f->view, groups, N_SMALL);
  g_assert_cmpint (aura_graph_view_get_node_group (f->view, IP), ==, 1);
  g_assert_true (gdk_rgba_equal (aura_graph_view_node_base_color (f->view, DOMAIN),
                                 aura_graph_view_group_color (1)));
  /* Groups past the palette share one grey. */
  g_assert_true (gdk_rgba_equal (aura_graph_view_node_base_color (f->view, LONER),
                                 aura_graph_view_group_color (AURA_GRAPH_N_GROUP_COLORS)));
  g_assert_false (
      gdk_rgba_equal (aura_graph_view_group_color (0), aura_graph_view_group_color (1)));
  texture = aura_graph_view_render_texture (f->view);
  g_assert_nonnull (texture);
  /* Another graph: back to types and degrees. */
  aura_graph_view_set_graph (f->view, f->graph, small_positions);
  g_assert_cmpint (aura_graph_view_get_node_group (f->view, IP), ==, -1);
  g_assert_cmpint (aura_graph_view_get_size_mode (f->view), ==, AURA_GRAPH_SIZE_DEGREE);
}

static void
test_select_entities (ViewFixture *f, gconstpointer data)
{
  g_autoptr (AuraGraph) graph = small_graph_with_ids (100);
  gint64 wanted[] = { 104, 999, 101, 104 }; /* bob, unknown, alice, bob again */
  guint changes = 0;

  aura_graph_view_set_graph (f->view, graph, small_positions);
  g_signal_connect_swapped (f->view, "selection-changed", G_CALLBACK (count_cb), &changes);
  g_assert_cmpuint (aura_graph_view_select_entities (f->view, wanted, G_N_ELEMENTS (wanted)), ==,
                    2);
  g_assert_true (aura_graph_view_is_selected (f->view, ALICE));
  g_assert_true (aura_graph_view_is_selected (f->view, BOB));
  g_assert_cmpint (aura_graph_view_get_cursor (f->view), ==, ALICE);
  g_assert_cmpuint (changes, ==, 1);
  /* The same again is no change and says nothing. */
  aura_graph_view_select_entities (f->view, wanted, 3);
  g_assert_cmpuint (changes, ==, 1);
  /* A hidden node is not selected; an empty list clears. */
  aura_graph_view_set_node_hidden (f->view, BOB, TRUE);
  changes = 0;
  aura_graph_view_select_entities (f->view, wanted, 1);
  g_assert_cmpuint (aura_graph_view_get_n_selected (f->view), ==, 0);
  g_assert_cmpuint (changes, ==, 1);
  aura_graph_view_set_node_hidden (f->view, BOB, FALSE);
  /* A node far out of view is brought into it. */
  aura_graph_view_zoom_at (f->view, aura_graph_view_get_zoom (f->view) * 8, 0, 0);
  {
    gint64 loner = 106;
    double x, y;

    aura_graph_view_select_entities (f->view, &loner, 1);
    node_point (f->view, LONER, &x, &y);
    g_assert_cmpfloat (x, >=, 0);
    g_assert_cmpfloat (x, <=, gtk_widget_get_width (GTK_WIDGET (f->view)));
    g_assert_cmpfloat (y, >=, 0);
    g_assert_cmpfloat (y, <=, gtk_widget_get_height (GTK_WIDGET (f->view)));
  }
}

/* Runs what the canvas binds to @keyval with @mods, as a key press would:
 * the class's key bindings live in a shortcut controller of the widget.
 * Returns whether a binding took the key. */
static gboolean
press_key (GtkWidget *widget, guint keyval, GdkModifierType mods)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (controller)); k++)
        {
          g_autoptr (GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), k);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == mods)
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget,
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }
  return FALSE;
}

typedef struct
{
  char *action;
  gint node;
} ActionRecord;

static void
record_action_cb (AuraGraphView *view, const char *action, guint node, ActionRecord *record)
{
  g_free (record->action);
  record->action = g_strdup (action);
  record->node = (gint)node;
}

static void
test_merge_offered_for_one_type (ViewFixture *f, gconstpointer data)
{
  g_autoptr (AuraGraph) graph = small_graph_with_ids (100);
  g_autoptr (GMenuModel) single = NULL;
  g_autoptr (GMenuModel) two = NULL;
  g_autoptr (GMenuModel) mixed = NULL;
  ActionRecord record = { NULL, -1 };

  aura_graph_view_set_graph (f->view, graph, small_positions);
  g_signal_connect (f->view, "node-action", G_CALLBACK (record_action_cb), &record);
  aura_graph_view_select_node (f->view, ALICE, FALSE);
  single = aura_graph_view_create_node_menu (f->view, ALICE);
  g_assert_false (menu_has_action (single, "graph.merge"));
  /* Two usernames: offered on either, keeping the one whose menu it is. */
  aura_graph_view_select_node (f->view, BOB, TRUE);
  g_assert_true (aura_graph_view_can_merge (f->view, ALICE));
  g_assert_true (aura_graph_view_can_merge (f->view, BOB));
  g_assert_false (aura_graph_view_can_merge (f->view, IP));
  two = aura_graph_view_create_node_menu (f->view, BOB);
  g_assert_true (menu_has_action (two, "graph.merge"));
  gtk_widget_activate_action (GTK_WIDGET (f->view), "graph.merge", "u", (guint32)BOB);
  g_assert_cmpstr (record.action, ==, "merge");
  g_assert_cmpint (record.node, ==, BOB);
  /* Ctrl+M keeps the node the keyboard is on (the last one selected). */
  g_clear_pointer (&record.action, g_free);
  g_assert_true (press_key (GTK_WIDGET (f->view), GDK_KEY_m, GDK_CONTROL_MASK));
  g_assert_cmpstr (record.action, ==, "merge");
  g_assert_cmpint (record.node, ==, BOB);
  /* A selection of mixed types is not offered, and the action refuses. */
  aura_graph_view_select_node (f->view, IP, TRUE);
  mixed = aura_graph_view_create_node_menu (f->view, ALICE);
  g_assert_false (menu_has_action (mixed, "graph.merge"));
  g_clear_pointer (&record.action, g_free);
  gtk_widget_activate_action (GTK_WIDGET (f->view), "graph.merge", "u", (guint32)ALICE);
  g_assert_null (record.action);
  g_assert_false (press_key (GTK_WIDGET (f->view), GDK_KEY_m, GDK_CONTROL_MASK));
  g_assert_null (record.action);
  /* Nodes without an entity (a graph built by hand) cannot be merged. */
  aura_graph_view_set_graph (f->view, f->graph, small_positions);
  aura_graph_view_select_node (f->view, ALICE, FALSE);
  aura_graph_view_select_node (f->view, BOB, TRUE);
  g_assert_false (aura_graph_view_can_merge (f->view, ALICE));
  g_free (record.action);
}

/* What a screen reader is told: the entity the keyboard is on, its type,
 * its relations and neighbours, the selection's size. */
static void
test_accessible_announces_focused_entity (ViewFixture *f, gconstpointer data)
{
  g_autofree char *label = NULL;
  g_autofree char *description = NULL;

  aura_graph_view_select_node (f->view, ALICE, FALSE);
  label = gtk_test_accessible_check_property (
      GTK_ACCESSIBLE (f->view), GTK_ACCESSIBLE_PROPERTY_LABEL, "Graph, on “alice”, Username");
  g_assert_null (label);
  description = gtk_test_accessible_check_property (GTK_ACCESSIBLE (f->view),
                                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                    "2 relations, 2 neighbours; 1 selected");
  g_assert_null (description);
  /* The keyboard moves on: the announcement follows. */
  aura_graph_view_cursor_towards (f->view, 0, 1, TRUE);
  g_assert_cmpint (aura_graph_view_get_cursor (f->view), ==, BOB);
  g_clear_pointer (&description, g_free);
  description = gtk_test_accessible_check_property (GTK_ACCESSIBLE (f->view),
                                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                    "2 relations, 2 neighbours; 2 selected");
  g_assert_null (description);
  /* Every action from the keyboard: arrows, Menu and Shift+F10, Delete. */
  g_assert_true (press_key (GTK_WIDGET (f->view), GDK_KEY_Up, 0));
  g_assert_cmpint (aura_graph_view_get_cursor (f->view), ==, ALICE);
  g_assert_true (press_key (GTK_WIDGET (f->view), GDK_KEY_Menu, 0));
  app_test_drain (50);
  g_assert_true (gtk_widget_get_visible (f->view->popover));
  gtk_popover_popdown (GTK_POPOVER (f->view->popover));
  g_assert_true (press_key (GTK_WIDGET (f->view), GDK_KEY_F10, GDK_SHIFT_MASK));
  app_test_drain (50);
  g_assert_true (gtk_widget_get_visible (f->view->popover));
  gtk_popover_popdown (GTK_POPOVER (f->view->popover));
  {
    ActionRecord record = { NULL, -1 };
    gulong id = g_signal_connect (f->view, "node-action", G_CALLBACK (record_action_cb), &record);

    g_assert_true (press_key (GTK_WIDGET (f->view), GDK_KEY_Delete, 0));
    g_assert_cmpstr (record.action, ==, "delete");
    g_assert_cmpint (record.node, ==, ALICE);
    g_signal_handler_disconnect (f->view, id);
    g_free (record.action);
  }
  aura_graph_view_select_node (f->view, -1, FALSE);
  g_clear_pointer (&label, g_free);
  label = gtk_test_accessible_check_property (
      GTK_ACCESSIBLE (f->view), GTK_ACCESSIBLE_PROPERTY_LABEL, "Graph of the investigation");
  g_assert_null (label);
}

typedef struct
{
  char *dir;
  char *path;
  AuraStore *store;
  gint64 investigation_id;
  GArray *entity_ids;
  GtkWindow *window;
  AdwToastOverlay *overlay;
  AuraGraphPage *page;
} PageFixture;

#define PAGE_NODES 200

/* ~200 entities of several types joined like a small investigation:
 * each new entity relates to one or two earlier ones, preferring the
 * well-connected (fixed seed). */
static void
populate_graph (PageFixture *f)
{
  static const AuraEntityType types[] = { AURA_ENTITY_USERNAME, AURA_ENTITY_EMAIL,
                                          AURA_ENTITY_DOMAIN,   AURA_ENTITY_URL,
                                          AURA_ENTITY_IP,       AURA_ENTITY_ACCOUNT };
  static const char *const relations[] = { "uses", "registered", "links-to", "resolves-to" };
  g_autoptr (GError) error = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);
  g_autoptr (AuraInvestigation) inv = NULL;
  g_autoptr (GArray) ends = g_array_new (FALSE, FALSE, sizeof (gint64));
  AuraProvenance provenance = { 0, "test-fixture", "test-graph-view.c" };

  inv = aura_store_create_investigation (f->store, "Graph", NULL, &error);
  g_assert_no_error (error);
  f->investigation_id = aura_investigation_get_id (inv);
  g_assert_true (aura_store_batch_begin (f->store, "graph fixture", &error));
  for (guint i = 0; i < PAGE_NODES; i++)
    {
      AuraEntityType type = types[i % G_N_ELEMENTS (types)];
      g_autofree char *value = NULL;
      g_autoptr (AuraEntity) entity = NULL;
      gint64 id;

      switch (type)
        {
          case AURA_ENTITY_USERNAME:
            value = g_strdup_printf ("user%u", i);
            break;
          case AURA_ENTITY_EMAIL:
            value = g_strdup_printf ("person%u@example.org", i);
            break;
          case AURA_ENTITY_DOMAIN:
            value = g_strdup_printf ("site%u.example", i);
            break;
          case AURA_ENTITY_URL:
            value = g_strdup_printf ("https://example.net/p/%u", i);
            break;
          case AURA_ENTITY_IP:
            value = g_strdup_printf ("192.0.2.%u", i % 250 + 1);
            break;
          default:
            value = g_strdup_printf ("github:user%u", i);
            break;
        }
      entity = aura_store_add_entity (f->store, f->investigation_id, type, value, NULL,
                                      0.3 + 0.7 * (i % 10) / 9.0, &provenance, NULL, &error);
      g_assert_no_error (error);
      id = aura_entity_get_id (entity);
      g_array_append_val (f->entity_ids, id);
      for (guint k = 0; k < (i % 3 == 0 ? 2u : 1u) && ends->len > 0; k++)
        {
          gint64 other = g_array_index (ends, gint64, g_rand_int_range (rand, 0, (int)ends->len));
          g_autoptr (AuraRelation) relation = NULL;

          if (other == id)
            continue;
          relation = aura_store_add_relation (f->store, f->investigation_id, id, other,
                                              relations[(i + k) % G_N_ELEMENTS (relations)], NULL,
                                              0.8, &provenance, &error);
          g_assert_no_error (error);
          g_array_append_val (ends, other);
          g_array_append_val (ends, id);
        }
      if (ends->len == 0)
        g_array_append_val (ends, id);
    }
  g_assert_true (aura_store_batch_commit (f->store, &error));
}

static void
page_setup (PageFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("aura-graph-page-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "aura.db", NULL);
  f->store = aura_store_open (f->path, AURA_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  f->entity_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  populate_graph (f);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1280, 800);
  f->overlay = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  gtk_window_set_child (f->window, GTK_WIDGET (f->overlay));
  f->page = aura_graph_page_new (f->store, f->investigation_id);
  adw_toast_overlay_set_child (f->overlay, GTK_WIDGET (f->page));
  gtk_window_present (f->window);
}

static void
remove_tree (const char *dir)
{
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (dir);
}

static void
page_teardown (PageFixture *f, gconstpointer data)
{
  if (f->window != NULL)
    gtk_window_destroy (f->window);
  /* Jobs started by the page report (as cancelled) before the store goes. */
  app_test_drain (300);
  g_assert_finalize_object (f->store);
  g_array_unref (f->entity_ids);
  remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static gboolean
page_idle (gpointer data)
{
  AuraGraphPage *page = data;

  return aura_graph_page_get_n_loads (page) > 0 && !aura_graph_page_get_busy (page);
}

typedef struct
{
  AuraGraphPage *page;
  guint loads;
} LoadWait;

static gboolean
loaded_again (gpointer data)
{
  LoadWait *wait = data;

  return aura_graph_page_get_n_loads (wait->page) > wait->loads && page_idle (wait->page);
}

static void
wait_for_reload (AuraGraphPage *page, guint loads_before, const char *what)
{
  LoadWait wait = { page, loads_before };

  app_test_wait_until (loaded_again, &wait, TIMEOUT_MS, what);
}

static gint64
count_entities (PageFixture *f)
{
  AuraEntityQuery query = AURA_ENTITY_QUERY_INIT;
  g_autoptr (GError) error = NULL;
  gint64 n;

  query.investigation_id = f->investigation_id;
  n = aura_store_count_entities (f->store, &query, &error);
  g_assert_no_error (error);
  return n;
}

/* Renders the page (toolbar, canvas, legend) to $AURA_GRAPH_SCREENSHOT
 * when set, for a person to look at. */
static void
maybe_screenshot (GtkWidget *widget)
{
  const char *output = g_getenv ("AURA_GRAPH_SCREENSHOT");
  g_autoptr (GdkPaintable) paintable = NULL;
  g_autoptr (GtkSnapshot) snapshot = NULL;
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);

  if (output == NULL)
    return;
  /* Let the window draw a frame first. */
  app_test_drain (500);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, output));
  g_test_message ("screenshot written to %s", output);
}

static void
test_page_shows_store_graph (PageFixture *f, gconstpointer data)
{
  AuraGraphView *view = aura_graph_page_get_view (f->page);
  AuraGraph *graph;
  guint edges = 0;
  gint node;
  const AuraPoint *p;

  app_test_wait_until (page_idle, f->page, TIMEOUT_MS, "the graph to be read and laid out");
  g_assert_cmpstr (aura_graph_page_get_view_name (f->page), ==, "graph");
  graph = aura_graph_view_get_graph (view);
  g_assert_cmpuint (graph->n_nodes, ==, PAGE_NODES);
  g_assert_cmpuint (graph->n_edges, >, PAGE_NODES - 1);
  /* Laid out: positions spread, every node inside the fitted view. */
  p = aura_graph_view_get_positions (view);
  for (guint i = 0; i < graph->n_nodes; i++)
    {
      double x, y;

      g_assert_true (isfinite (p[i].x) && isfinite (p[i].y));
      aura_graph_view_world_to_view (view, p[i].x, p[i].y, &x, &y);
      g_assert_cmpfloat (x, >=, -1);
      g_assert_cmpfloat (x, <=, gtk_widget_get_width (GTK_WIDGET (view)) + 1);
      edges += p[i].x != p[0].x;
    }
  g_assert_cmpuint (edges, >, PAGE_NODES / 2);
  g_assert_cmpfloat (aura_layout_quality (graph, p, 2000, 1), <, 0.5);
  maybe_screenshot (GTK_WIDGET (f->window));
  /* Saving positions is the page's own change: it reads nothing again. */
  g_assert_cmpuint (aura_graph_page_get_n_loads (f->page), ==, 1);

  /* The toolbar's filters reach the view. */
  gtk_drop_down_set_selected (aura_graph_page_get_type_dropdown (f->page), 1 + AURA_ENTITY_EMAIL);
  g_assert_cmpint (aura_graph_view_get_type_filter (view), ==, AURA_ENTITY_EMAIL);
  g_assert_cmpuint (aura_graph_view_get_n_visible (view), ==, PAGE_NODES / 6 + 1);
  gtk_drop_down_set_selected (aura_graph_page_get_type_dropdown (f->page), 0);
  gtk_range_set_value (aura_graph_page_get_confidence_scale (f->page), 100);
  g_assert_cmpuint (aura_graph_view_get_n_visible (view), ==, PAGE_NODES / 10);
  gtk_range_set_value (aura_graph_page_get_confidence_scale (f->page), 0);
  gtk_editable_set_text (GTK_EDITABLE (aura_graph_page_get_search_entry (f->page)), "person7@");
  app_test_wait_until ((AppTestCondition)aura_graph_view_get_n_selected, view, TIMEOUT_MS,
                       "the search to select its match");
  node = aura_graph_view_get_cursor (view);
  g_assert_cmpint (node, >=, 0);
  graph = aura_graph_view_get_graph (view);
  g_assert_cmpstr (graph->labels[node], ==, "person7@example.org");
}

static void
record_entity_cb (AuraGraphPage *page, AuraEntity *entity, gpointer data)
{
  g_set_object ((AuraEntity **)data, entity);
}

static gboolean
have_entity (gpointer data)
{
  return *(AuraEntity **)data != NULL;
}

static gboolean
restored_once (gpointer data)
{
  return aura_graph_page_get_n_restores (data) == 1;
}

static void
test_page_follows_store (PageFixture *f, gconstpointer data)
{
  AuraGraphView *view = aura_graph_page_get_view (f->page);
  g_autoptr (AuraEntity) added = NULL;
  g_autoptr (AuraEntity) activated = NULL;
  g_autoptr (AuraEntity) scanned = NULL;
  g_autoptr (GError) error = NULL;
  AuraProvenance provenance = { 0, "test-fixture", "test-graph-view.c" };
  gint node, username;
  AuraPoint kept;
  guint loads;

  app_test_wait_until (page_idle, f->page, TIMEOUT_MS, "the graph to be read and laid out");
  /* A node moved and pinned by hand keeps its place across a reload. */
  username = aura_graph_find_node (aura_graph_view_get_graph (view),
                                   g_array_index (f->entity_ids, gint64, 0));
  g_assert_cmpint (username, >=, 0);
  aura_graph_view_move_node (view, (guint)username, 12345, -777);
  aura_graph_view_set_pinned (view, (guint)username, TRUE);
  g_signal_emit_by_name (view, "node-moved", (guint)username);
  kept = aura_graph_view_get_positions (view)[username];

  loads = aura_graph_page_get_n_loads (f->page);
  added = aura_store_add_entity (f->store, f->investigation_id, AURA_ENTITY_EMAIL,
                                 "newcomer@example.org", NULL, 0.9, &provenance, NULL, &error);
  g_assert_no_error (error);
  wait_for_reload (f->page, loads, "the graph to reload after a change");
  g_assert_cmpuint (aura_graph_view_get_graph (view)->n_nodes, ==, PAGE_NODES + 1);
  node = aura_graph_find_node (aura_graph_view_get_graph (view), aura_entity_get_id (added));
  g_assert_cmpint (node, >=, 0);
  g_assert_true (isfinite (aura_graph_view_get_positions (view)[node].x));
  username = aura_graph_find_node (aura_graph_view_get_graph (view),
                                   g_array_index (f->entity_ids, gint64, 0));
  g_assert_true (aura_graph_view_get_pinned (view, (guint)username));
  g_assert_cmpfloat (aura_graph_view_get_positions (view)[username].x, ==, kept.x);
  g_assert_cmpfloat (aura_graph_view_get_positions (view)[username].y, ==, kept.y);

  /* Details and "Look for Accounts" hand the page the stored entity. */
  g_signal_connect (f->page, "entity-activated", G_CALLBACK (record_entity_cb), &activated);
  g_signal_connect (f->page, "look-for-accounts", G_CALLBACK (record_entity_cb), &scanned);
  g_signal_emit_by_name (view, "node-activated", (guint)node);
  app_test_wait_until (have_entity, &activated, TIMEOUT_MS, "the entity for its details");
  g_assert_cmpint (aura_entity_get_id (activated), ==, aura_entity_get_id (added));
  gtk_widget_activate_action (GTK_WIDGET (view), "graph.look-for-accounts", "u", (guint32)username);
  app_test_wait_until (have_entity, &scanned, TIMEOUT_MS, "the username to look for");
  g_assert_cmpstr (aura_entity_get_value (scanned), ==, "user0");

  /* Delete: hidden and deleted at once; the toast's Undo puts it back
   * with its relations. */
  loads = aura_graph_page_get_n_loads (f->page);
  aura_graph_page_delete_node (f->page, (guint)node);
  g_assert_false (aura_graph_view_is_visible (view, (guint)node));
  wait_for_reload (f->page, loads, "the graph to reload after the deletion");
  g_assert_cmpint (count_entities (f), ==, PAGE_NODES);
  g_assert_cmpint (
      aura_graph_find_node (aura_graph_view_get_graph (view), aura_entity_get_id (added)), ==, -1);
  loads = aura_graph_page_get_n_loads (f->page);
  g_assert_true (aura_graph_page_undo_delete (f->page));
  g_assert_false (aura_graph_page_undo_delete (f->page)); /* once */
  app_test_wait_until (restored_once, f->page, TIMEOUT_MS, "the deletion to be undone");
  wait_for_reload (f->page, loads, "the graph to reload after the undo");
  g_assert_cmpint (count_entities (f), ==, PAGE_NODES + 1);
  node = aura_graph_find_node (aura_graph_view_get_graph (view), aura_entity_get_id (added));
  g_assert_cmpint (node, >=, 0);
  g_assert_true (aura_graph_view_is_visible (view, (guint)node));
  gtk_window_destroy (f->window);
  f->window = NULL;
  app_test_drain (100);
  g_assert_cmpint (count_entities (f), ==, PAGE_NODES + 1);
}

static void
test_page_delete_without_toast_overlay (PageFixture *f, gconstpointer data)
{
  AuraGraphPage *page = aura_graph_page_new (f->store, f->investigation_id);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  guint loads;

  g_object_add_weak_pointer (G_OBJECT (page), (gpointer *)&page);
  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);
  app_test_wait_until (page_idle, page, TIMEOUT_MS, "the second page to be ready");
  loads = aura_graph_page_get_n_loads (page);
  aura_graph_page_delete_node (page, 3);
  wait_for_reload (page, loads, "the graph to reload after the deletion");
  g_assert_cmpint (count_entities (f), ==, PAGE_NODES - 1);
  g_assert_cmpuint (aura_graph_view_get_graph (aura_graph_page_get_view (page))->n_nodes, ==,
                    PAGE_NODES - 1);
  gtk_window_destroy (window);
  app_test_drain (100);
  g_assert_null (page);
}

static gboolean
sized_by_values (gpointer data)
{
  AuraGraphPage *page = data;

  return page_idle (page) &&
         aura_graph_view_get_size_mode (aura_graph_page_get_view (page)) == AURA_GRAPH_SIZE_VALUES;
}

static gboolean
coloured_by_group (gpointer data)
{
  AuraGraphPage *page = data;

  return page_idle (page) &&
         aura_graph_view_get_node_group (aura_graph_page_get_view (page), 0) >= 0;
}

static const char *
first_legend_line (AuraGraphPage *page)
{
  GtkWidget *box = gtk_widget_get_first_child (GTK_WIDGET (page));

  /* The page's children: the toolbar, then the stack; find the legend by
   * its accessible role's parent: the card box inside the overlay. */
  for (GtkWidget *w = box; w != NULL;)
    {
      if (GTK_IS_BOX (w) && gtk_widget_has_css_class (w, "card"))
        {
          GtkWidget *row = gtk_widget_get_first_child (w);

          return row != NULL ? gtk_label_get_label (GTK_LABEL (gtk_widget_get_last_child (row)))
                             : NULL;
        }
      /* Depth first. */
      if (gtk_widget_get_first_child (w) != NULL)
        w = gtk_widget_get_first_child (w);
      else
        {
          while (w != NULL && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w) == GTK_WIDGET (page) ? NULL : gtk_widget_get_parent (w);
          if (w != NULL)
            w = gtk_widget_get_next_sibling (w);
        }
    }
  return NULL;
}

static void
test_page_sizes_and_colours (PageFixture *f, gconstpointer data)
{
  AuraGraphView *view = aura_graph_page_get_view (f->page);
  AuraGraph *graph;
  guint loads;

  app_test_wait_until (page_idle, f->page, TIMEOUT_MS, "the graph to be read and laid out");
  graph = aura_graph_view_get_graph (view);
  g_assert_true (g_str_has_prefix (first_legend_line (f->page), "Username"));
  /* Size by betweenness, computed in a worker. */
  gtk_drop_down_set_selected (aura_graph_page_get_size_dropdown (f->page), 2);
  app_test_wait_until (sized_by_values, f->page, TIMEOUT_MS, "the betweenness");
  /* The biggest disc is a node the most shortest paths go through: one
   * with more than one relation. */
  {
    guint best = 0;

    for (guint i = 1; i < graph->n_nodes; i++)
      if (view->radius[i] > view->radius[best])
        best = i;
    g_assert_cmpuint (view->adj_offsets[best + 1] - view->adj_offsets[best], >, 1);
  }
  /* Colour by community: groups from 0, a legend line per community. */
  gtk_drop_down_set_selected (aura_graph_page_get_colour_dropdown (f->page), 1);
  app_test_wait_until (coloured_by_group, f->page, TIMEOUT_MS, "the communities");
  g_assert_true (g_str_has_prefix (first_legend_line (f->page), "Community 1 ("));
  /* The fixture is one connected piece: one component. */
  gtk_drop_down_set_selected (aura_graph_page_get_colour_dropdown (f->page), 2);
  app_test_wait_until (coloured_by_group, f->page, TIMEOUT_MS, "the components");
  g_assert_cmpstr (first_legend_line (f->page), ==, "Component 1 (200)");
  for (guint i = 0; i < graph->n_nodes; i++)
    g_assert_cmpint (aura_graph_view_get_node_group (view, i), ==, 0);
  /* A reload keeps the choices: they are computed again. */
  loads = aura_graph_page_get_n_loads (f->page);
  aura_graph_page_reload (f->page);
  wait_for_reload (f->page, loads, "the graph to be read again");
  app_test_wait_until (coloured_by_group, f->page, TIMEOUT_MS, "the components again");
  g_assert_cmpint (aura_graph_view_get_size_mode (view), ==, AURA_GRAPH_SIZE_VALUES);
  /* Back to types and uniform sizes, at once. */
  gtk_drop_down_set_selected (aura_graph_page_get_colour_dropdown (f->page), 0);
  gtk_drop_down_set_selected (aura_graph_page_get_size_dropdown (f->page), 0);
  g_assert_cmpint (aura_graph_view_get_node_group (view, 0), ==, -1);
  g_assert_cmpint (aura_graph_view_get_size_mode (view), ==, AURA_GRAPH_SIZE_UNIFORM);
  g_assert_true (g_str_has_prefix (first_legend_line (f->page), "Username"));
}

static GtkWidget *
find_merge_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WIDGET (window);
    }
  return NULL;
}

static gboolean
merge_dialog_shown (gpointer data)
{
  return find_merge_dialog () != NULL;
}

static gboolean
merged_and_read (gpointer data)
{
  AuraGraphPage *page = data;

  return aura_graph_page_get_n_merges (page) > 0 && page_idle (page) &&
         aura_graph_view_get_graph (aura_graph_page_get_view (page))->n_nodes == PAGE_NODES - 2;
}

/* Three usernames selected, "Merge Selection Into This…" on one of them,
 * confirmed: the other two are gone from the store and the graph, the kept
 * one has their relations and stays selected. */
static void
test_page_merges_selection (PageFixture *f, gconstpointer data)
{
  AuraGraphView *view = aura_graph_page_get_view (f->page);
  AuraGraph *graph;
  gint64 keep = g_array_index (f->entity_ids, gint64, 0);  /* user0 */
  gint64 dup1 = g_array_index (f->entity_ids, gint64, 6);  /* user6 */
  gint64 dup2 = g_array_index (f->entity_ids, gint64, 12); /* user12 */
  gint64 other = g_array_index (f->entity_ids, gint64, 1); /* an email */
  gint64 ids[] = { keep, dup1, dup2 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) before = NULL;
  g_autoptr (GPtrArray) after = NULL;
  g_autoptr (AuraEntity) gone = NULL;
  gint node;

  app_test_wait_until (page_idle, f->page, TIMEOUT_MS, "the graph to be read and laid out");
  graph = aura_graph_view_get_graph (view);
  /* Mixed types are refused with a toast, nothing merged. */
  {
    gint64 mixed[] = { keep, other };

    aura_graph_view_select_entities (view, mixed, 2);
    aura_graph_page_merge_into (f->page, (guint)aura_graph_find_node (graph, keep), FALSE);
    app_test_drain (100);
    g_assert_cmpuint (aura_graph_page_get_n_merges (f->page), ==, 0);
  }
  before = aura_store_list_relations (f->store, dup1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (aura_graph_view_select_entities (view, ids, 3), ==, 3);
  node = aura_graph_find_node (graph, keep);
  gtk_widget_activate_action (GTK_WIDGET (view), "graph.merge", "u", (guint32)node);
  app_test_wait_until (merge_dialog_shown, NULL, TIMEOUT_MS, "the merge confirmation");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (find_merge_dialog ()), "merge");
  app_test_wait_until (merged_and_read, f->page, TIMEOUT_MS, "the merge and the graph read again");

  gone = aura_store_get_entity (f->store, dup1, &error);
  g_assert_null (gone);
  g_assert_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  after = aura_store_list_relations (f->store, keep, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, >=, before->len);
  graph = aura_graph_view_get_graph (view);
  g_assert_cmpint (aura_graph_find_node (graph, dup1), ==, -1);
  g_assert_cmpint (aura_graph_find_node (graph, dup2), ==, -1);
  node = aura_graph_find_node (graph, keep);
  g_assert_cmpint (node, >=, 0);
  g_assert_true (aura_graph_view_is_selected (view, (guint)node));
  g_assert_cmpint (count_entities (f), ==, PAGE_NODES - 2);
}

/* The investigation page's "Graph" view, in the real window. */
static gboolean
window_listed (gpointer data)
{
  return g_list_model_get_n_items (aura_window_get_investigations (data)) > 0;
}

static gboolean
graph_page_ready (gpointer data)
{
  GtkWidget *page = aura_investigation_page_get_graph_page (data);

  return page != NULL && page_idle (page);
}

static gboolean
table_has_rows (gpointer data)
{
  AuraEntityTable *table = data;

  return g_list_model_get_n_items (G_LIST_MODEL (aura_entity_table_get_list (table))) > 0 &&
         !aura_entity_list_get_loading (aura_entity_table_get_list (table));
}

typedef struct
{
  GtkSelectionModel *model;
  guint position;
  guint n_selected;
} RowWait;

static gboolean
row_selected (gpointer data)
{
  RowWait *wait = data;
  g_autoptr (GtkBitset) rows = gtk_selection_model_get_selection (wait->model);

  return gtk_bitset_get_size (rows) == wait->n_selected &&
         gtk_selection_model_is_selected (wait->model, wait->position);
}

static gint64
row_entity_id (AuraEntityTable *table, guint position)
{
  g_autoptr (AuraEntity) entity =
      g_list_model_get_item (G_LIST_MODEL (aura_entity_table_get_list (table)), position);

  return aura_entity_get_id (entity);
}

typedef struct
{
  AuraEntityDetails *details;
  gint64 id;
} DetailsWait;

static gboolean
details_show (gpointer data)
{
  DetailsWait *wait = data;
  AuraEntity *entity = aura_entity_details_get_entity (wait->details);

  return entity != NULL && aura_entity_get_id (entity) == wait->id;
}

/* The investigation page's "Graph" view, in the real window, made when
 * first shown. Rows selected in the table select their nodes in the graph
 * and the other way round, each change crossing once; the details panel,
 * when open, follows. */
static void
test_table_and_graph_selection_in_sync (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("aura-graph-sync-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "aura.db", NULL);
  AuraWindow *window;
  AuraInvestigationPage *page;
  AuraEntityTable *table;
  GtkSelectionModel *model;
  AuraGraphView *view;
  AuraGraph *graph;
  g_autoptr (GArray) nodes = NULL;
  guint graph_changes = 0, table_changes = 0;
  gint64 first, third;
  RowWait wait;
  DetailsWait details;

  app_test_populate (path, 60);
  window = g_object_ref_sink (aura_window_new (NULL, path));
  gtk_window_present (GTK_WINDOW (window));
  app_test_wait_until (window_listed, window, TIMEOUT_MS, "the investigations");
  g_assert_true (aura_window_select_investigation (window, "Alpha"));
  page = AURA_INVESTIGATION_PAGE (aura_window_get_investigation_page (window));
  table = aura_investigation_page_get_entity_table (page);
  model = aura_entity_table_get_selection_model (table);
  app_test_wait_until (table_has_rows, table, TIMEOUT_MS, "the table's rows");

  /* Selected in the table before the graph exists: the graph opens on it. */
  gtk_selection_model_select_item (model, 0, TRUE);
  first = row_entity_id (table, 0);
  g_assert_null (aura_investigation_page_get_graph_page (page));
  aura_investigation_page_show_view (page, "graph");
  app_test_wait_until (graph_page_ready, page, TIMEOUT_MS, "the graph view of Alpha");
  view = aura_graph_page_get_view (AURA_GRAPH_PAGE (aura_investigation_page_get_graph_page (page)));
  graph = aura_graph_view_get_graph (view);
  /* Two targets and sixty entities. */
  g_assert_cmpuint (graph->n_nodes, ==, 62);
  aura_investigation_page_focus_search (page);
  nodes = aura_graph_view_get_selection (view);
  g_assert_cmpuint (nodes->len, ==, 1);
  g_assert_cmpint (graph->entity_ids[g_array_index (nodes, guint, 0)], ==, first);
  g_clear_pointer (&nodes, g_array_unref);

  g_signal_connect_swapped (view, "selection-changed", G_CALLBACK (count_cb), &graph_changes);
  g_signal_connect_swapped (table, "selection-changed", G_CALLBACK (count_cb), &table_changes);
  /* Table → graph: a second row added. */
  gtk_selection_model_select_item (model, 2, FALSE);
  third = row_entity_id (table, 2);
  g_assert_true (aura_graph_view_is_selected (view, (guint)aura_graph_find_node (graph, third)));
  g_assert_cmpuint (aura_graph_view_get_n_selected (view), ==, 2);
  g_assert_cmpuint (graph_changes, ==, 1);
  g_assert_cmpuint (table_changes, ==, 1);

  /* Graph → table: one node clicked; the table's row follows (its order
   * is read in a worker), and nothing echoes back. */
  aura_graph_view_select_node (view, aura_graph_find_node (graph, third), FALSE);
  wait = (RowWait){ model, 2, 1 };
  app_test_wait_until (row_selected, &wait, TIMEOUT_MS, "the table to select the node's row");
  app_test_drain (100);
  g_assert_cmpuint (graph_changes, ==, 2);
  g_assert_cmpuint (table_changes, ==, 1);

  /* With the details open, they follow the selection, from either side. */
  {
    g_autoptr (AuraEntity) entity =
        g_list_model_get_item (G_LIST_MODEL (aura_entity_table_get_list (table)), 2);

    g_signal_emit_by_name (table, "entity-activated", entity);
  }
  details = (DetailsWait){ aura_investigation_page_get_details (page), first };
  gtk_selection_model_select_item (model, 0, TRUE);
  app_test_wait_until (details_show, &details, TIMEOUT_MS, "the details of the table's row");
  details.id = third;
  aura_graph_view_select_node (view, aura_graph_find_node (graph, third), FALSE);
  app_test_wait_until (details_show, &details, TIMEOUT_MS, "the details of the graph's node");

  /* The table's selection survives a reload of its list. */
  aura_entity_list_reload (aura_entity_table_get_list (table));
  app_test_wait_until (table_has_rows, table, TIMEOUT_MS, "the table to read again");
  wait = (RowWait){ model, 2, 1 };
  app_test_wait_until (row_selected, &wait, TIMEOUT_MS, "the row selected again after a reload");

  gtk_window_destroy (GTK_WINDOW (window));
  app_test_drain (300);
  g_assert_finalize_object (window);
  remove_tree (dir);
}

static void
scene_frame (AuraGraphView *view)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;

  aura_graph_view_snapshot_scene (view, snapshot, gtk_widget_get_width (GTK_WIDGET (view)),
                                  gtk_widget_get_height (GTK_WIDGET (view)));
  node = gtk_snapshot_free_to_node (snapshot);
}

static gboolean
rested (gpointer data)
{
  AuraGraphView *view = data;

  return view->settle_source == 0 && !view->half_lines;
}

/* A big graph's edges go through the raster: its lines are drawn again
 * only when they move (not for a selection), at half resolution while the
 * view moves, and in full once it rests. */
static void
test_raster_keeps_lines_until_they_move (ViewFixture *f, gconstpointer data)
{
  g_autoptr (AuraGraph) graph = aura_graph_new ();
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  g_autofree AuraPoint *positions = g_new (AuraPoint, 1500);
  guint draws;

  /* 1,500 nodes on a circle and 9,000 chords: millions of pixels of lines. */
  for (guint i = 0; i < 1500; i++)
    {
      aura_graph_add_node (graph, 0, i % AURA_ENTITY_N_TYPES, "n", 1.0);
      positions[i].x = (float)(1000.0 * cos (2 * G_PI * i / 1500));
      positions[i].y = (float)(1000.0 * sin (2 * G_PI * i / 1500));
    }
  for (guint e = 0; e < 9000; e++)
    aura_graph_add_edge (graph, g_rand_int_range (rand, 0, 1500), g_rand_int_range (rand, 0, 1500),
                         "links-to", 1.0, 0);
  aura_graph_view_set_graph (f->view, graph, positions);
  aura_graph_view_fit (f->view);
  scene_frame (f->view);
  draws = f->view->n_line_draws;
  g_assert_cmpuint (draws, >, 0);
  /* The same picture again: the view rests, lines in full. */
  scene_frame (f->view);
  g_assert_cmpuint (f->view->n_line_draws, ==, draws + 1);
  g_assert_false (f->view->half_lines);
  scene_frame (f->view);
  g_assert_cmpuint (f->view->n_line_draws, ==, draws + 1);
  /* A selection only colours them again. */
  aura_graph_view_select_node (f->view, 3, FALSE);
  scene_frame (f->view);
  aura_graph_view_select_node (f->view, 700, TRUE);
  scene_frame (f->view);
  g_assert_cmpuint (f->view->n_line_draws, ==, draws + 1);
  g_assert_false (f->view->half_lines);
  /* Moving draws them, at half resolution, until the view rests. */
  aura_graph_view_pan (f->view, 5, 0);
  scene_frame (f->view);
  g_assert_cmpuint (f->view->n_line_draws, ==, draws + 2);
  g_assert_true (f->view->half_lines);
  g_assert_cmpuint (f->view->settle_source, !=, 0);
  app_test_wait_until (rested, f->view, TIMEOUT_MS, "the view to draw its lines in full");
  g_assert_cmpuint (f->view->n_line_draws, >=, draws + 3);
  /* Hiding a node moves no line of others but drops its own: drawn again. */
  draws = f->view->n_line_draws;
  aura_graph_view_set_node_hidden (f->view, 3, TRUE);
  scene_frame (f->view);
  g_assert_cmpuint (f->view->n_line_draws, ==, draws + 1);
}

/* Type icons are black or white, whichever reads better on the disc. */
static void
test_icon_contrast (void)
{
  const GdkRGBA white = { 1, 1, 1, 1 }, black = { 0, 0, 0, 1 };
  const GdkRGBA grey = { 0.5f, 0.5f, 0.5f, 1 };

  g_assert_cmpfloat_with_epsilon (aura_graph_view_contrast_ratio (&white, &black), 21.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (aura_graph_view_contrast_ratio (&black, &white), 21.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (aura_graph_view_contrast_ratio (&grey, &grey), 1.0, 1e-9);
  /* Mid grey (luminance 0.214) reads better with black. */
  g_assert_true (gdk_rgba_equal (aura_graph_view_icon_color (&grey), &black));
  g_assert_true (gdk_rgba_equal (aura_graph_view_icon_color (&white), &black));
  g_assert_true (gdk_rgba_equal (aura_graph_view_icon_color (&black), &white));
  /* The light colours (yellow 3, blue 1, green 1, and by WCAG's measure
   * blue 3 too) take black icons, the dark ones (purple 3, red 3, blue 5,
   * red 5) white. */
  g_assert_true (
      gdk_rgba_equal (aura_graph_view_icon_color (aura_graph_view_group_color (5)), &black));
  g_assert_true (
      gdk_rgba_equal (aura_graph_view_icon_color (aura_graph_view_group_color (9)), &black));
  g_assert_true (
      gdk_rgba_equal (aura_graph_view_icon_color (aura_graph_view_group_color (10)), &black));
  g_assert_true (
      gdk_rgba_equal (aura_graph_view_icon_color (aura_graph_view_group_color (0)), &black));
  g_assert_true (
      gdk_rgba_equal (aura_graph_view_icon_color (aura_graph_view_group_color (3)), &white));
  g_assert_true (gdk_rgba_equal (
      aura_graph_view_icon_color (aura_graph_view_type_color (AURA_ENTITY_ACCOUNT)), &white));
  g_assert_true (gdk_rgba_equal (
      aura_graph_view_icon_color (aura_graph_view_type_color (AURA_ENTITY_ORGANISATION)), &white));
  g_assert_true (
      gdk_rgba_equal (aura_graph_view_icon_color (aura_graph_view_group_color (4)), &white));
  /* Whatever the palette, the icon chosen contrasts at least 4.5:1 and
   * never less than the other choice would. */
  for (guint g = 0; g <= AURA_GRAPH_N_GROUP_COLORS + AURA_ENTITY_N_TYPES; g++)
    {
      const GdkRGBA *disc = g <= AURA_GRAPH_N_GROUP_COLORS
                                ? aura_graph_view_group_color (g)
                                : aura_graph_view_type_color (g - AURA_GRAPH_N_GROUP_COLORS - 1);
      const GdkRGBA *icon = aura_graph_view_icon_color (disc);
      const GdkRGBA *other = gdk_rgba_equal (icon, &white) ? &black : &white;

      g_assert_cmpfloat (aura_graph_view_contrast_ratio (disc, icon), >=, 4.5);
      g_assert_cmpfloat (aura_graph_view_contrast_ratio (disc, icon), >=,
                         aura_graph_view_contrast_ratio (disc, other));
    }
}

/* The shortcuts window lists every key of the canvas, each accelerator
 * valid. */
static void
test_shortcuts_window_lists_graph_keys (void)
{
  static const char *const wanted[] = {
    "Left Up Right Down",
    "<Shift>Left <Shift>Up <Shift>Right <Shift>Down",
    "Return space",
    "Menu <Shift>F10",
    "Delete",
    "<Control>m",
    "<Control>a",
    "plus",
    "minus",
    "0",
    "Escape",
  };
  g_autoptr (GtkBuilder) builder =
      gtk_builder_new_from_resource (RESOURCE_PREFIX "/gtk/help-overlay.ui");
  g_autoptr (GSList) objects = gtk_builder_get_objects (builder);
  g_autoptr (GHashTable) found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean graph_group = FALSE;

  for (GSList *l = objects; l != NULL; l = l->next)
    {
      g_autofree char *accelerator = NULL;
      g_autofree char *title = NULL;

      if (GTK_IS_SHORTCUTS_GROUP (l->data))
        {
          g_object_get (l->data, "title", &title, NULL);
          graph_group |= g_strcmp0 (title, "Graph") == 0;
          continue;
        }
      if (!GTK_IS_SHORTCUTS_SHORTCUT (l->data))
        continue;
      g_object_get (l->data, "accelerator", &accelerator, "title", &title, NULL);
      g_assert_nonnull (title);
      g_assert_cmpstr (title, !=, "");
      if (accelerator == NULL)
        continue;
      /* Every key of a list parses. */
      {
        g_auto (GStrv) keys = g_strsplit (accelerator, " ", -1);

        for (guint k = 0; keys[k] != NULL; k++)
          {
            guint key = 0;
            GdkModifierType mods = 0;

            g_assert_true (gtk_accelerator_parse (keys[k], &key, &mods));
            g_assert_cmpuint (key, !=, 0);
          }
      }
      g_hash_table_add (found, g_steal_pointer (&accelerator));
    }
  g_assert_true (graph_group);
  for (guint i = 0; i < G_N_ELEMENTS (wanted); i++)
    if (!g_hash_table_contains (found, wanted[i]))
      g_error ("The shortcuts window does not list “%s”", wanted[i]);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  /* GTK's test accessibility backend keeps what widgets tell assistive
   * technologies where the tests can read it, without a bus. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_init ();
  adw_init ();
  /* As in test-window.c: the store's "changed" signal is delivered in the
   * default context only when some thread owns it. */
  g_main_context_acquire (g_main_context_default ());

#define VIEW(path, func) g_test_add (path, ViewFixture, NULL, view_setup, func, view_teardown)
#define PAGE(path, func) g_test_add (path, PageFixture, NULL, page_setup, func, page_teardown)

  VIEW ("/app/graph-view/hit-test-picks-node-and-edge", test_hit_testing);
  g_test_add_func ("/app/graph-view/hit-test-matches-brute-force",
                   test_hit_testing_matches_brute_force);
  VIEW ("/app/graph-view/click-selects", test_click_selects);
  VIEW ("/app/graph-view/shift-drag-rubber-band-selects-inside", test_rubber_band_selects_inside);
  VIEW ("/app/graph-view/drag-node-moves-and-pins", test_drag_moves_and_pins);
  VIEW ("/app/graph-view/zoom-pan-and-fit", test_zoom_pan_fit);
  VIEW ("/app/graph-view/filters-hide-nodes-from-hit-test", test_filters_hide_nodes);
  VIEW ("/app/graph-view/search-focuses-match", test_search_focuses_match);
  VIEW ("/app/graph-view/neighbourhood-highlight-marks-neighbours", test_neighbourhood_highlight);
  VIEW ("/app/graph-view/path-highlight-is-shortest-path", test_path_highlight);
  VIEW ("/app/graph-view/context-menu-per-type", test_context_menu_per_type);
  VIEW ("/app/graph-view/keyboard-moves-selection", test_keyboard_moves_selection);
  VIEW ("/app/graph-view/render-and-export-png-svg", test_render_and_export);
  VIEW ("/app/graph-view/odd-labels-and-positions-draw", test_odd_input_draws);
  VIEW ("/app/graph-view/sizes-and-group-colours", test_sizes_and_groups);
  VIEW ("/app/graph-view/raster-keeps-lines-until-they-move",
        test_raster_keeps_lines_until_they_move);
  g_test_add_func ("/app/graph-view/icon-colour-by-contrast", test_icon_contrast);
  g_test_add_func ("/app/graph-view/shortcuts-window-lists-graph-keys",
                   test_shortcuts_window_lists_graph_keys);
  VIEW ("/app/graph-view/select-entities-by-id", test_select_entities);
  VIEW ("/app/graph-view/merge-offered-for-one-type", test_merge_offered_for_one_type);
  VIEW ("/app/graph-view/accessible-announces-focused-entity",
        test_accessible_announces_focused_entity);
  PAGE ("/app/graph-page/shows-store-graph", test_page_shows_store_graph);
  PAGE ("/app/graph-page/follows-store-changes", test_page_follows_store);
  PAGE ("/app/graph-page/delete-without-toast-overlay", test_page_delete_without_toast_overlay);
  PAGE ("/app/graph-page/size-and-colour-by-analytics", test_page_sizes_and_colours);
  PAGE ("/app/graph-page/merges-selection-into-kept", test_page_merges_selection);
  g_test_add_func ("/app/investigation-page/switches-to-graph-in-sync-with-table",
                   test_table_and_graph_selection_in_sync);

  return g_test_run ();
}
