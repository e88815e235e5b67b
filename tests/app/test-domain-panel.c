/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>

#include "app-test-utils.h"
#include "aura-api-keys.h"
#include "aura-application.h"
#include "aura-domain-panel.h"
#include "aura-investigation-page.h"
#include "aura-preferences-window.h"
#include "aura-test-knot.h"
#include "aura-test-server.h"
#include "aura-window.h"

/* Domain scans from the investigation page, end to end and on loopback
 * only: Knot serves example.test, the brute force tries a small word list
 * the test writes, a SoupServer plays four passive sources of a manifest
 * the test writes (one that answers, one that needs a key nobody set, one
 * that answers garbage, one that can be made slow), and the real engine of
 * an AuraApplication (loopback only) asks them. The panel, the store and
 * the entities table show the result. Also the "Domain Scans" preferences.
 * Knot missing: every test is skipped. */

#define TIMEOUT_MS 20000
/* The slow source answers long after any test gives up waiting for it. */
#define SLOW_MS 15000
/* Names in the zone of the many-names test; fewer under AddressSanitizer,
 * where recording them in the store (every allocation unwinds the stack)
 * takes most of a minute. */
#if defined(__SANITIZE_ADDRESS__)
#define MANY 500
#else
#define MANY 2000
#endif

static char *sources_dir;

typedef struct
{
  char *dir;
  char *path;
  char *wordlist;
  char *resolvers[2];
  char **url_overrides;
  AuraTestKnot *knot;
  AuraTestServer *server;
  AuraApiKeys *keys;
  AuraApplication *app;
  AuraWindow *window;
  gboolean slow;
} Fixture;

typedef enum
{
  FIXTURE_PLAIN,
  FIXTURE_SLOW,
  FIXTURE_MANY,
} FixtureKind;

/* ---- The zone, the word list and the sources ---------------------------------- */

static const char example_zone[] = "@ A 127.0.0.1\n"
                                   "@ MX 10 mail\n"
                                   "www A 127.0.0.2\n"
                                   "mail A 127.0.0.3\n"
                                   "dev A 127.0.0.4\n"
                                   "old CNAME gone.example.test.\n";

static const char words[] = "# the test's words\nwww\nmail\ndev\nold\nnothing\n";

/* Four sources; the URL overrides send each to the loopback server. */
static const char manifest[] =
    "{\"format\": \"aura-sources\", \"version\": 1, \"sources\": ["
    " {\"name\": \"loop\", \"label\": \"Loop Source\", \"yields\": [\"subdomain\"],"
    "  \"request\": {\"url\": \"https://api.loop.example/v1/{domain}\"},"
    "  \"extract\": {\"kind\": \"subdomain\", \"path\": \"names[*]\"}},"
    " {\"name\": \"keyed\", \"label\": \"Keyed Source\", \"yields\": [\"subdomain\"],"
    "  \"key\": {\"name\": \"keyed\"},"
    "  \"request\": {\"url\": \"https://api.keyed.example/v1/{domain}?k={key}\"},"
    "  \"extract\": {\"kind\": \"subdomain\", \"path\": \"names[*]\"}},"
    " {\"name\": \"broken\", \"label\": \"Broken Source\", \"yields\": [\"subdomain\"],"
    "  \"request\": {\"url\": \"https://api.broken.example/v1/{domain}\"},"
    "  \"extract\": {\"kind\": \"subdomain\", \"path\": \"names[*]\"}},"
    " {\"name\": \"slow\", \"label\": \"Slow Source\", \"yields\": [\"subdomain\"],"
    "  \"request\": {\"url\": \"https://api.slow.example/v1/{domain}\"},"
    "  \"extract\": {\"kind\": \"subdomain\", \"path\": \"names[*]\"}}]}";

static void
respond (SoupServerMessage *msg, guint status, const char *type, const char *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY, body, strlen (body));
}

static void
source_cb (AuraTestServer *server,
           SoupServerMessage *msg,
           const char *host,
           const char *path,
           gpointer user_data)
{
  Fixture *f = user_data;
  /* A name that does not resolve, one the brute force finds too, a
   * dangling alias, and one outside the domain, which the scan leaves
   * out. */
  const char *names = "{\"names\": [\"extra.example.test\", \"dev.example.test\","
                      " \"old.example.test\", \"elsewhere.other.test\"]}";

  if (g_str_has_prefix (path, "/loop/"))
    respond (msg, 200, "application/json", names);
  else if (g_str_has_prefix (path, "/broken/"))
    respond (msg, 200, "application/json", "{\"names\": [unterminated");
  else if (g_str_has_prefix (path, "/slow/"))
    {
      if (f->slow)
        aura_test_server_respond_later (server, msg, SLOW_MS, 200, "{\"names\": []}");
      else
        respond (msg, 200, "application/json", "{\"names\": []}");
    }
  else
    respond (msg, 404, "application/json", "{}");
}

/* ---- Fixture ------------------------------------------------------------------ */

static void
populate (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraStore) store = aura_store_open (path, AURA_STORE_OPEN_DEFAULT, &error);
  g_autoptr (AuraInvestigation) alpha = NULL;
  g_autoptr (AuraInvestigation) beta = NULL;
  const struct
  {
    AuraEntityType type;
    const char *value;
  } targets[] = {
    { AURA_ENTITY_DOMAIN, "example.test" },
    { AURA_ENTITY_SUBDOMAIN, "www.example.test" },
    { AURA_ENTITY_USERNAME, "alice" },
    { AURA_ENTITY_EMAIL, "alice@example.test" },
  };

  g_assert_no_error (error);
  alpha = aura_store_create_investigation (store, "Alpha", "Who runs example.test?", &error);
  g_assert_no_error (error);
  beta = aura_store_create_investigation (store, "Beta", NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_autoptr (AuraEntity) target = aura_store_add_target (
          store, aura_investigation_get_id (alpha), targets[i].type, targets[i].value, &error);

      g_assert_no_error (error);
    }
}

/* The zone and word list of the many-names test: host0, host1… */
static char *
many_zone (void)
{
  GString *zone = g_string_new (example_zone);

  for (guint i = 0; i < MANY; i++)
    g_string_append_printf (zone, "host%u A 127.0.%u.%u\n", i, 1 + i / 250, 1 + i % 250);
  return g_string_free (zone, FALSE);
}

static char *
many_words (void)
{
  GString *list = g_string_new (words);

  for (guint i = 0; i < MANY; i++)
    g_string_append_printf (list, "host%u\n", i);
  return g_string_free (list, FALSE);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  FixtureKind kind = GPOINTER_TO_INT (data);
  g_autoptr (GError) error = NULL;
  g_autofree char *zone = kind == FIXTURE_MANY ? many_zone () : g_strdup (example_zone);
  g_autofree char *list = kind == FIXTURE_MANY ? many_words () : g_strdup (words);
  AuraTestZone zones[] = { { "example.test", zone, FALSE } };
  g_autoptr (GSettings) settings = g_settings_new (AURA_SETTINGS_SCHEMA);
  const char *names[] = { "loop", "keyed", "broken", "slow" };
  guint port;

  f->slow = kind == FIXTURE_SLOW;
  f->knot = aura_test_knot_start (zones, G_N_ELEMENTS (zones), &error);
  if (f->knot == NULL)
    {
      g_test_skip (error->message);
      return;
    }
  f->resolvers[0] = g_strdup (aura_test_knot_get_server (f->knot));

  f->dir = g_dir_make_tmp ("aura-domain-panel-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "aura.db", NULL);
  populate (f->path);
  f->wordlist = g_build_filename (f->dir, "words.txt", NULL);
  g_assert_true (g_file_set_contents (f->wordlist, list, -1, &error));

  f->server = aura_test_server_new ();
  aura_test_server_add_handler (f->server, "127.0.0.1", "*", source_cb, f, NULL);
  port = aura_test_server_get_port (f->server);
  f->url_overrides = g_new0 (char *, G_N_ELEMENTS (names) + 1);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    f->url_overrides[i] = g_strdup_printf ("%s=http://127.0.0.1:%u/%s", names[i], port, names[i]);
  /* Neither the keyring nor the environment: "keyed" has no key. */
  f->keys = aura_api_keys_new ();
  aura_api_keys_set_use_keyring (f->keys, FALSE);
  aura_api_keys_set_use_environment (f->keys, FALSE);

  /* The parts the loopback cannot play are off in the settings. */
  g_settings_set_boolean (settings, "domain-rdap", FALSE);
  g_settings_set_boolean (settings, "domain-harvest", FALSE);
  /* Not registered, not run: it becomes the process's default
   * application, where the page finds the engine. */
  f->app = aura_application_new ();
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_autoptr (GSettings) settings = g_settings_new (AURA_SETTINGS_SCHEMA);
  const char *keys[] = { "domain-wordlist", "domain-permutations", "domain-sources", "domain-rate",
                         "domain-harvest",  "domain-rdap",         "domain-transfer" };

  if (f->window != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (f->window));
      /* A cancelled scan hears back from every part before it lets go. */
      app_test_drain (300);
      g_assert_finalize_object (f->window);
    }
  if (f->app != NULL)
    g_assert_finalize_object (f->app);
  g_clear_object (&f->keys);
  g_clear_pointer (&f->server, aura_test_server_free);
  g_clear_pointer (&f->knot, aura_test_knot_stop);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_settings_reset (settings, keys[i]);
  if (f->dir != NULL)
    app_test_remove_tree (f->dir);
  g_strfreev (f->url_overrides);
  g_free (f->resolvers[0]);
  g_free (f->wordlist);
  g_free (f->path);
  g_free (f->dir);
}

/* ---- Finding things --------------------------------------------------------- */

static GtkWidget *
find_widget (GtkWidget *root, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
collect_by_tooltip (GtkWidget *root, const char *tooltip, GPtrArray *found)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_widget_get_tooltip_text (root), tooltip) == 0)
    g_ptr_array_add (found, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_by_tooltip (child, tooltip, found);
}

/* A label showing @text (as text, whatever its markup) outside @skip. */
static GtkWidget *
find_text_outside (GtkWidget *root, const char *text, GtkWidget *skip)
{
  if (root == skip)
    return NULL;
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_text_outside (child, text, skip);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_row (GtkWidget *root, GType type, const char *title)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, type, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static guint
count_widgets (GtkWidget *root, GType type)
{
  guint n = G_TYPE_CHECK_INSTANCE_TYPE (root, type) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_widgets (child, type);
  return n;
}

static AuraInvestigationPage *
page_of (AuraWindow *window)
{
  return AURA_INVESTIGATION_PAGE (aura_window_get_investigation_page (window));
}

static AuraDomainPanel *
panel_of (AuraWindow *window)
{
  return AURA_DOMAIN_PANEL (find_widget (GTK_WIDGET (page_of (window)), AURA_TYPE_DOMAIN_PANEL));
}

static AuraDomainNameItem *
find_name (AuraDomainPanel *panel, const char *name)
{
  GListModel *names = aura_domain_panel_get_names (panel);

  for (guint i = 0; i < g_list_model_get_n_items (names); i++)
    {
      g_autoptr (AuraDomainNameItem) item = g_list_model_get_item (names, i);

      if (g_strcmp0 (aura_domain_name_item_get_name (item), name) == 0)
        return item; /* the model keeps it alive */
    }
  return NULL;
}

static gint64
store_count (AuraWindow *window, int type, const char *text)
{
  AuraEntityQuery query = AURA_ENTITY_QUERY_INIT;
  g_autoptr (GError) error = NULL;
  gint64 n;

  query.investigation_id = aura_investigation_page_get_investigation_id (page_of (window));
  query.type = type;
  query.text = text;
  n = aura_store_count_entities (aura_window_get_store (window), &query, &error);
  g_assert_no_error (error);
  return n;
}

static gboolean
store_has (AuraWindow *window, AuraEntityType type, const char *value)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraEntity) entity = aura_store_find_entity (
      aura_window_get_store (window),
      aura_investigation_page_get_investigation_id (page_of (window)), type, value, &error);

  return entity != NULL;
}

/* ---- Conditions --------------------------------------------------------------- */

static gboolean
window_ready (gpointer data)
{
  return aura_window_get_store (data) != NULL &&
         g_list_model_get_n_items (aura_window_get_investigations (data)) > 0;
}

static gboolean
targets_loaded (gpointer data)
{
  return aura_investigation_page_get_targets (page_of (data)) != NULL;
}

static gboolean
panel_ended (gpointer data)
{
  AuraDomainPanelState state = aura_domain_panel_get_state (data);

  return state == AURA_DOMAIN_PANEL_FINISHED || state == AURA_DOMAIN_PANEL_CANCELLED ||
         state == AURA_DOMAIN_PANEL_FAILED;
}

static gboolean
panel_shown (gpointer data)
{
  return gtk_widget_get_visible (data);
}

static gboolean
panel_hidden (gpointer data)
{
  return !gtk_widget_get_visible (data);
}

static gboolean
brute_done (gpointer data)
{
  return aura_domain_panel_get_part_state (data, "brute") == AURA_DOMAIN_SOURCE_OK &&
         aura_domain_panel_get_part_state (data, "dns-records") == AURA_DOMAIN_SOURCE_OK;
}

static gboolean
names_listed (gpointer data)
{
  return g_list_model_get_n_items (aura_domain_panel_get_shown_names (data)) >= 3;
}

static gboolean
table_matches_store (gpointer data)
{
  AuraEntityList *list =
      aura_entity_table_get_list (aura_investigation_page_get_entity_table (page_of (data)));

  return !aura_entity_list_get_loading (list) &&
         g_list_model_get_n_items (G_LIST_MODEL (list)) == (guint)store_count (data, -1, NULL);
}

static gboolean
scan_finished (gpointer data)
{
  return aura_domain_scan_is_finished (data);
}

/* ---- Driving the page ------------------------------------------------------------ */

/* The overrides the loopback needs; the rest comes from the settings. */
static void
set_test_options (Fixture *f, AuraDomainPanel *panel, gboolean with_wordlist)
{
  AuraDomainScanOptions options = { 0 };

  options.resolvers = (const char *const *)f->resolvers;
  options.wordlist = with_wordlist ? f->wordlist : NULL;
  options.keys = f->keys;
  options.source_url_overrides = (const char *const *)f->url_overrides;
  options.no_asn = TRUE;
  /* The slow source must still be waiting when the test cancels. */
  options.timeout_ms = f->slow ? 2 * SLOW_MS : 2000;
  aura_domain_panel_set_test_options (panel, &options);
}

static void
open_alpha (Fixture *f)
{
  f->window = g_object_ref_sink (aura_window_new (NULL, f->path));
  gtk_window_present (GTK_WINDOW (f->window));
  app_test_wait_until (window_ready, f->window, TIMEOUT_MS, "the investigations");
  g_assert_true (aura_window_select_investigation (f->window, "Alpha"));
  app_test_wait_until (targets_loaded, f->window, TIMEOUT_MS, "the targets");
  set_test_options (f, panel_of (f->window), TRUE);
}

/* The target row's button with @tooltip, of the target titled @value. */
static GtkWidget *
target_button (Fixture *f, const char *tooltip, const char *value)
{
  g_autoptr (GPtrArray) buttons = g_ptr_array_new ();

  collect_by_tooltip (GTK_WIDGET (page_of (f->window)), tooltip, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *row = gtk_widget_get_ancestor (buttons->pdata[i], ADW_TYPE_ACTION_ROW);

      if (row != NULL &&
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), value) == 0)
        return buttons->pdata[i];
    }
  return NULL;
}

/* A button activated this way emits "clicked" a moment later, as for a
 * key press: callers wait. */
static void
map_domain (Fixture *f, const char *value)
{
  GtkWidget *button = target_button (f, "Map Domain", value);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_activate (button));
}

static void
assert_part (AuraDomainPanel *panel,
             const char *name,
             AuraDomainSourceState state,
             const char *title,
             gboolean with_reason)
{
  GtkWidget *row = aura_domain_panel_get_part_row (panel, name);
  const char *subtitle;

  if (row == NULL)
    g_error ("no row for the part “%s”", name);
  g_assert_cmpint (aura_domain_panel_get_part_state (panel, name), ==, state);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, title);
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
  if (with_reason)
    g_assert_true (subtitle != NULL && *subtitle != '\0');
  else
    g_assert_true (subtitle == NULL || *subtitle == '\0');
}

/* ---- Tests ------------------------------------------------------------------------ */

static void
test_maps_domain (Fixture *f, gconstpointer data)
{
  AuraDomainPanel *panel;
  AuraDomainNameItem *item;
  g_autoptr (GPtrArray) buttons = g_ptr_array_new ();
  GtkWidget *axfr;

  if (f->knot == NULL)
    return;
  open_alpha (f);
  panel = panel_of (f->window);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (panel)));

  /* The domain and the subdomain targets can be mapped; the username and
   * the email address cannot; the username keeps its own button. */
  collect_by_tooltip (GTK_WIDGET (page_of (f->window)), "Map Domain", buttons);
  g_assert_cmpuint (buttons->len, ==, 2);
  g_assert_nonnull (target_button (f, "Map Domain", "www.example.test"));
  g_assert_nonnull (target_button (f, "Look for Accounts", "alice"));
  g_assert_null (target_button (f, "Map Domain", "alice@example.test"));

  map_domain (f, "example.test");
  app_test_wait_until (panel_shown, panel, TIMEOUT_MS, "the panel");
  g_assert_cmpstr (aura_domain_panel_get_heading (panel), ==, "Mapping “example.test”");
  app_test_wait_until (panel_ended, panel, TIMEOUT_MS, "the scan to end");
  g_assert_cmpint (aura_domain_panel_get_state (panel), ==, AURA_DOMAIN_PANEL_FINISHED);

  /* One row per part, in words: the transfer refused (the expected
   * answer, said so), a source without its key skipped and why, a source
   * answering garbage failed and why; RDAP and the web site off in the
   * settings, so no row. */
  assert_part (panel, "dns-records", AURA_DOMAIN_SOURCE_OK, "DNS records", FALSE);
  assert_part (panel, "axfr", AURA_DOMAIN_SOURCE_OK, "Zone transfer", TRUE);
  axfr = aura_domain_panel_get_part_row (panel, "axfr");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (axfr)), "refused"));
  assert_part (panel, "brute", AURA_DOMAIN_SOURCE_OK, "Brute force", FALSE);
  assert_part (panel, "loop", AURA_DOMAIN_SOURCE_OK, "Loop Source", FALSE);
  assert_part (panel, "keyed", AURA_DOMAIN_SOURCE_SKIPPED, "Keyed Source", TRUE);
  assert_part (panel, "broken", AURA_DOMAIN_SOURCE_ERROR, "Broken Source", TRUE);
  assert_part (panel, "slow", AURA_DOMAIN_SOURCE_OK, "Slow Source", FALSE);
  g_assert_null (aura_domain_panel_get_part_row (panel, "rdap"));
  g_assert_null (aura_domain_panel_get_part_row (panel, "harvest"));
  g_assert_nonnull (
      find_text_outside (aura_domain_panel_get_part_row (panel, "keyed"), "No API key", NULL));
  g_assert_nonnull (
      find_text_outside (aura_domain_panel_get_part_row (panel, "broken"), "Failed", NULL));

  /* The names, with what they resolve to and who found them. */
  item = find_name (panel, "www.example.test");
  g_assert_nonnull (item);
  g_assert_cmpint (aura_domain_name_item_get_status (item), ==, AURA_DOMAIN_NAME_RESOLVES);
  g_assert_cmpstr (aura_domain_name_item_get_details (item), ==, "127.0.0.2");
  g_assert_nonnull (strstr (aura_domain_name_item_get_sources (item), "Brute force"));
  item = find_name (panel, "mail.example.test");
  g_assert_nonnull (item);
  g_assert_nonnull (strstr (aura_domain_name_item_get_sources (item), "DNS records"));
  item = find_name (panel, "dev.example.test");
  g_assert_nonnull (item);
  g_assert_cmpstr (aura_domain_name_item_get_details (item), ==, "127.0.0.4");
  g_assert_nonnull (strstr (aura_domain_name_item_get_sources (item), "Loop Source"));
  item = find_name (panel, "old.example.test");
  g_assert_nonnull (item);
  g_assert_cmpint (aura_domain_name_item_get_status (item), ==, AURA_DOMAIN_NAME_DANGLING);
  g_assert_cmpstr (aura_domain_name_item_get_details (item), ==,
                   "Dangling alias to gone.example.test");
  item = find_name (panel, "extra.example.test");
  g_assert_nonnull (item);
  g_assert_cmpint (aura_domain_name_item_get_status (item), ==, AURA_DOMAIN_NAME_NO_ADDRESS);
  g_assert_cmpstr (aura_domain_name_item_get_details (item), ==, "Does not resolve");
  g_assert_cmpstr (aura_domain_name_item_get_sources (item), ==, "Loop Source");
  g_assert_null (find_name (panel, "nothing.example.test"));
  g_assert_null (find_name (panel, "elsewhere.other.test"));

  /* The texts. */
  g_assert_true (g_str_has_prefix (aura_domain_panel_get_status (panel), "7 names · 5 resolve · "));
  g_assert_nonnull (strstr (aura_domain_panel_get_status (panel), "7 of 7 parts done"));
  g_assert_true (g_str_has_prefix (aura_domain_panel_get_summary (panel), "Finished in "));
  g_assert_nonnull (strstr (aura_domain_panel_get_summary (panel),
                            "7 names found, 5 resolve. 1 part failed: its row says why."));
  g_assert_null (aura_domain_panel_get_empty_text (panel));
  g_assert_true (gtk_widget_get_visible (app_test_find_button (GTK_WIDGET (panel), "_Run Again")));
  g_assert_false (gtk_widget_get_visible (app_test_find_button (GTK_WIDGET (panel), "_Cancel")));

  /* The filter: by name or address, any case; an empty state says why. */
  aura_domain_panel_set_filter_text (panel, "127.0.0.3");
  g_assert_cmpuint (g_list_model_get_n_items (aura_domain_panel_get_shown_names (panel)), ==, 1);
  aura_domain_panel_set_filter_text (panel, "WWW");
  g_assert_cmpuint (g_list_model_get_n_items (aura_domain_panel_get_shown_names (panel)), ==, 1);
  aura_domain_panel_set_filter_text (panel, "WWW.zz");
  g_assert_cmpuint (g_list_model_get_n_items (aura_domain_panel_get_shown_names (panel)), ==, 0);
  g_assert_cmpstr (aura_domain_panel_get_empty_text (panel), ==, "No name matches “WWW.zz”");
  aura_domain_panel_set_filter_text (panel, "");
  g_assert_cmpuint (g_list_model_get_n_items (aura_domain_panel_get_shown_names (panel)), ==, 7);

  /* Recorded, and the table followed by itself. */
  g_assert_true (store_has (f->window, AURA_ENTITY_DOMAIN, "example.test"));
  g_assert_true (store_has (f->window, AURA_ENTITY_SUBDOMAIN, "www.example.test"));
  g_assert_true (store_has (f->window, AURA_ENTITY_SUBDOMAIN, "mail.example.test"));
  g_assert_true (store_has (f->window, AURA_ENTITY_SUBDOMAIN, "dev.example.test"));
  g_assert_true (store_has (f->window, AURA_ENTITY_SUBDOMAIN, "extra.example.test"));
  g_assert_true (store_has (f->window, AURA_ENTITY_IP, "127.0.0.4"));
  app_test_wait_until (table_matches_store, f->window, TIMEOUT_MS, "the table to reload");
}

static gboolean
toast_shown (gpointer data)
{
  const char *const *texts = data;

  return find_text_outside (GTK_WIDGET (texts[0]), texts[1], NULL) != NULL;
}

static void
wait_toast (AuraWindow *window, const char *text)
{
  gconstpointer texts[] = { window, text };

  app_test_wait_until (toast_shown, texts, TIMEOUT_MS, text);
}

static void
test_cancel_and_refusals (Fixture *f, gconstpointer data)
{
  AuraDomainPanel *panel;
  AuraDomainScan *scan;
  g_autoptr (GPtrArray) close = g_ptr_array_new ();
  gint64 start;
  gint64 cancelled_at;

  if (f->knot == NULL)
    return;
  open_alpha (f);
  panel = panel_of (f->window);
  start = g_get_monotonic_time ();
  map_domain (f, "example.test");
  app_test_wait_until (brute_done, panel, TIMEOUT_MS, "the brute force");
  g_assert_true (aura_domain_panel_get_running (panel));
  g_assert_cmpint (aura_domain_panel_get_part_state (panel, "slow"), ==,
                   AURA_DOMAIN_SOURCE_RUNNING);
  /* New names join the list within 100 ms, in batches. */
  app_test_wait_until (names_listed, panel, TIMEOUT_MS, "the names in the list");
  g_assert_null (aura_domain_panel_get_empty_text (panel));
  g_assert_true (g_str_has_suffix (aura_domain_panel_get_heading (panel), "“example.test”"));
  scan = aura_domain_panel_get_scan (panel);

  /* One scan at a time per page: a second domain scan, or a username
   * scan, is refused with a toast. */
  map_domain (f, "www.example.test");
  wait_toast (f->window,
              "A scan is already running here: cancel it, or wait until it ends, before starting "
              "another");
  g_assert_true (aura_domain_panel_get_scan (panel) == scan);
  g_assert_true (gtk_widget_activate (target_button (f, "Look for Accounts", "alice")));
  wait_toast (f->window, "A domain scan is running on this page: cancel it, or wait until it "
                         "ends, before looking for accounts");

  cancelled_at = g_get_monotonic_time ();
  g_assert_true (gtk_widget_activate (app_test_find_button (GTK_WIDGET (panel), "_Cancel")));
  app_test_wait_until (panel_ended, panel, TIMEOUT_MS, "the cancelled scan to end");
  /* At once, and before the slow source would have answered (the second
   * toast above waited for the first to go, some 5 s). */
  g_assert_cmpint (g_get_monotonic_time () - cancelled_at, <, 3 * G_USEC_PER_SEC);
  g_assert_cmpint (g_get_monotonic_time () - start, <, SLOW_MS * 1000);
  g_assert_cmpint (aura_domain_panel_get_state (panel), ==, AURA_DOMAIN_PANEL_CANCELLED);
  g_assert_cmpstr (aura_domain_panel_get_summary (panel), ==,
                   "Cancelled: what was found so far is kept");
  g_assert_cmpint (aura_domain_panel_get_part_state (panel, "slow"), ==,
                   AURA_DOMAIN_SOURCE_CANCELLED);
  g_assert_cmpint (aura_domain_panel_get_part_state (panel, "brute"), ==, AURA_DOMAIN_SOURCE_OK);
  g_assert_nonnull (find_name (panel, "www.example.test"));
  g_assert_true (store_has (f->window, AURA_ENTITY_SUBDOMAIN, "www.example.test"));

  /* Closing hides the panel and lets go of the scan. */
  collect_by_tooltip (GTK_WIDGET (panel), "Close the Domain Scan", close);
  g_assert_cmpuint (close->len, ==, 1);
  g_assert_true (gtk_widget_activate (close->pdata[0]));
  app_test_wait_until (panel_hidden, panel, TIMEOUT_MS, "the panel to close");
  g_assert_cmpint (aura_domain_panel_get_state (panel), ==, AURA_DOMAIN_PANEL_IDLE);
  g_assert_null (aura_domain_panel_get_scan (panel));
  g_assert_cmpuint (g_list_model_get_n_items (aura_domain_panel_get_names (panel)), ==, 0);
}

static void
test_leaving_page_cancels (Fixture *f, gconstpointer data)
{
  AuraDomainPanel *panel;
  g_autoptr (AuraDomainScan) scan = NULL;

  if (f->knot == NULL)
    return;
  open_alpha (f);
  panel = panel_of (f->window);
  map_domain (f, "example.test");
  app_test_wait_until (brute_done, panel, TIMEOUT_MS, "the brute force");
  scan = g_object_ref (aura_domain_panel_get_scan (panel));

  /* Another investigation replaces the page, which goes with its scan. */
  g_assert_true (aura_window_select_investigation (f->window, "Beta"));
  app_test_wait_until (scan_finished, scan, TIMEOUT_MS, "the scan to stop");
  g_assert_true (aura_domain_scan_was_cancelled (scan));
  g_assert_null (aura_domain_scan_get_error (scan));
}

static guint
count_part_rows (AuraDomainPanel *panel)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (aura_domain_panel_get_parts (panel), (int)n) != NULL)
    n++;
  return n;
}

static gboolean
scan_replaced (gpointer data)
{
  gpointer *pair = data;

  return aura_domain_panel_get_scan (pair[0]) != pair[1] && panel_ended (pair[0]);
}

static void
test_run_again (Fixture *f, gconstpointer data)
{
  AuraDomainPanel *panel;
  AuraDomainScan *first;
  gint64 first_id;
  guint n_names;
  gpointer pair[2];
  g_autoptr (AuraScanRecord) record = NULL;
  g_autoptr (GError) error = NULL;

  if (f->knot == NULL)
    return;
  open_alpha (f);
  panel = panel_of (f->window);
  map_domain (f, "example.test");
  app_test_wait_until (panel_ended, panel, TIMEOUT_MS, "the first scan");
  first = aura_domain_panel_get_scan (panel);
  first_id = aura_domain_scan_get_scan_id (first);
  n_names = g_list_model_get_n_items (aura_domain_panel_get_names (panel));
  g_assert_cmpuint (n_names, ==, 7);

  g_assert_true (gtk_widget_activate (app_test_find_button (GTK_WIDGET (panel), "_Run Again")));
  pair[0] = panel;
  pair[1] = first;
  app_test_wait_until (scan_replaced, pair, TIMEOUT_MS, "the second scan");
  g_assert_cmpint (aura_domain_panel_get_state (panel), ==, AURA_DOMAIN_PANEL_FINISHED);
  g_assert_cmpint (aura_domain_scan_get_scan_id (aura_domain_panel_get_scan (panel)), >, first_id);
  /* The list was started afresh, not doubled. */
  g_assert_cmpuint (g_list_model_get_n_items (aura_domain_panel_get_names (panel)), ==, n_names);
  g_assert_cmpuint (count_part_rows (panel), ==, 7);
  record = aura_store_get_scan (aura_window_get_store (f->window), first_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (record->status, ==, "done");
}

static void
test_settings_shape_the_scan (Fixture *f, gconstpointer data)
{
  g_autoptr (GSettings) settings = g_settings_new (AURA_SETTINGS_SCHEMA);
  AuraDomainPanel *panel;
  AuraDomainNameItem *item;
  g_autoptr (GError) error = NULL;

  if (f->knot == NULL)
    return;
  /* No word list, no transfer, no source: only the DNS records. */
  g_settings_set_string (settings, "domain-wordlist", "none");
  g_settings_set_string (settings, "domain-sources", "none");
  g_settings_set_boolean (settings, "domain-transfer", FALSE);
  open_alpha (f);
  panel = panel_of (f->window);
  set_test_options (f, panel, FALSE);
  g_assert_true (
      aura_domain_panel_start (panel, aura_window_get_store (f->window),
                               aura_investigation_page_get_investigation_id (page_of (f->window)),
                               0, "Example.TEST", &error));
  g_assert_no_error (error);
  app_test_wait_until (panel_ended, panel, TIMEOUT_MS, "the scan");
  g_assert_cmpint (aura_domain_panel_get_state (panel), ==, AURA_DOMAIN_PANEL_FINISHED);
  assert_part (panel, "dns-records", AURA_DOMAIN_SOURCE_OK, "DNS records", FALSE);
  g_assert_null (aura_domain_panel_get_part_row (panel, "axfr"));
  g_assert_null (aura_domain_panel_get_part_row (panel, "brute"));
  g_assert_null (aura_domain_panel_get_part_row (panel, "loop"));
  /* The mail server of the MX record, found by the records alone. */
  item = find_name (panel, "mail.example.test");
  g_assert_nonnull (item);
  g_assert_cmpstr (aura_domain_name_item_get_sources (item), ==, "DNS records");
  g_assert_null (find_name (panel, "www.example.test"));
}

/* What the scan itself says of @domain with @wordlist: the panel must
 * show that, whatever its wording. */
static char *
scan_refusal (Fixture *f, const char *domain, const char *wordlist)
{
  AuraDomainScanOptions options = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraDomainScan) scan = NULL;
  AuraEngine *engine = aura_application_get_engine (f->app, &error);

  g_assert_no_error (error);
  options.domain = domain;
  options.resolvers = (const char *const *)f->resolvers;
  options.wordlist = wordlist;
  options.sources = (const char *const[]){ "none", NULL };
  scan = aura_domain_scan_new (engine, NULL, &options, &error);
  g_assert_null (scan);
  g_assert_nonnull (error);
  return g_utf8_make_valid (error->message, -1);
}

static void
assert_refused (
    Fixture *f, AuraDomainPanel *panel, const char *domain, const char *wordlist, gboolean toast)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *expected = scan_refusal (f, domain, wordlist);
  const char *summary;

  g_assert_true (aura_domain_panel_start (
      panel, aura_window_get_store (f->window),
      aura_investigation_page_get_investigation_id (page_of (f->window)), 0, domain, &error));
  g_assert_no_error (error);
  app_test_wait_until (panel_ended, panel, TIMEOUT_MS, "the refusal");
  g_assert_cmpint (aura_domain_panel_get_state (panel), ==, AURA_DOMAIN_PANEL_FAILED);
  g_assert_null (aura_domain_panel_get_scan (panel));
  g_assert_true (g_utf8_validate (aura_domain_panel_get_heading (panel), -1, NULL));
  summary = aura_domain_panel_get_summary (panel);
  /* A message too long for a label is shown with its middle left out. */
  if (g_utf8_strlen (expected, -1) <= 600)
    g_assert_cmpstr (summary, ==, expected);
  else
    {
      g_assert_cmpint (g_utf8_strlen (summary, -1), ==, 600);
      g_assert_nonnull (strstr (summary, "…"));
      g_assert_true (strncmp (summary, expected, 100) == 0);
    }
  g_assert_cmpint (g_utf8_strlen (aura_domain_panel_get_heading (panel), -1), <=, 300);
  g_assert_cmpstr (aura_domain_panel_get_status (panel), ==, "");
  g_assert_cmpuint (count_part_rows (panel), ==, 0);
  g_assert_cmpstr (aura_domain_panel_get_empty_text (panel), ==,
                   "The scan found no names before it stopped");
  /* Run Again is there, to try once more after fixing what was wrong. */
  g_assert_true (gtk_widget_get_visible (app_test_find_button (GTK_WIDGET (panel), "_Run Again")));
  /* And a toast says it too, as text; the overlay shows one toast at a
   * time, so only the first refusal's is on screen. */
  if (toast)
    g_assert_nonnull (find_text_outside (GTK_WIDGET (f->window), summary, GTK_WIDGET (panel)));
}

static void
test_invalid_domain_fails_clearly (Fixture *f, gconstpointer data)
{
  AuraDomainPanel *panel;
  g_autofree char *huge = NULL;
  g_autoptr (GString) long_label = g_string_new (NULL);
  const char *plain[] = { "localhost", "exa mple.test", "*.example.test", "<b>bold</b>.test & co",
                          /* A right-to-left override hidden in a name. */
                          "exa\u202Eelpm.test" };

  if (f->knot == NULL)
    return;
  open_alpha (f);
  panel = panel_of (f->window);
  for (guint i = 0; i < G_N_ELEMENTS (plain); i++)
    {
      assert_refused (f, panel, plain[i], f->wordlist, i == 0);
      /* The message names what was typed. */
      g_assert_nonnull (strstr (aura_domain_panel_get_summary (panel), plain[i]));
    }
  /* Invalid UTF-8 is shown with replacement characters, never passed on. */
  assert_refused (f, panel, "\xff\xfe.test", f->wordlist, FALSE);
  /* A label of 300 characters, and a name of 100,000. */
  for (guint i = 0; i < 300; i++)
    g_string_append_c (long_label, 'a');
  g_string_append (long_label, ".test");
  assert_refused (f, panel, long_label->str, f->wordlist, FALSE);
  huge = g_strnfill (100000, 'x');
  huge[50000] = '.';
  assert_refused (f, panel, huge, f->wordlist, FALSE);
  /* A word list that does not exist: the message names it. */
  {
    AuraDomainScanOptions options = { 0 };

    options.resolvers = (const char *const *)f->resolvers;
    options.wordlist = "/nonexistent/aura-words.txt";
    aura_domain_panel_set_test_options (panel, &options);
    assert_refused (f, panel, "example.test", options.wordlist, FALSE);
    g_assert_nonnull (
        strstr (aura_domain_panel_get_summary (panel), "/nonexistent/aura-words.txt"));
  }
}

/* The longest the main loop went without turning, while names stream in. */
typedef struct
{
  gint64 last;
  gint64 worst;
} Stall;

static gboolean
stall_tick_cb (gpointer data)
{
  Stall *stall = data;
  gint64 now = g_get_monotonic_time ();

  if (stall->last != 0)
    stall->worst = MAX (stall->worst, now - stall->last);
  stall->last = now;
  return G_SOURCE_CONTINUE;
}

static void
count_change_cb (guint *n_changes)
{
  (*n_changes)++;
}

static void
test_thousands_of_names (Fixture *f, gconstpointer data)
{
  AuraDomainPanel *panel;
  GtkWidget *view;
  Stall stall = { 0 };
  guint tick;
  gint64 start;
  double seconds;
  guint rows;
  guint n_changes = 0;
  guint n_matching = 0;

  if (f->knot == NULL)
    return;
  open_alpha (f);
  panel = panel_of (f->window);
  start = g_get_monotonic_time ();
  tick = g_timeout_add (5, stall_tick_cb, &stall);
  g_signal_connect_swapped (aura_domain_panel_get_names (panel), "items-changed",
                            G_CALLBACK (count_change_cb), &n_changes);
  map_domain (f, "example.test");
  app_test_wait_until (panel_ended, panel, 3 * TIMEOUT_MS, "the scan of many names");
  g_source_remove (tick);
  g_signal_handlers_disconnect_by_data (aura_domain_panel_get_names (panel), &n_changes);
  seconds = (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
  g_assert_cmpint (aura_domain_panel_get_state (panel), ==, AURA_DOMAIN_PANEL_FINISHED);
  g_assert_cmpuint (g_list_model_get_n_items (aura_domain_panel_get_names (panel)), ==, MANY + 7);

  /* Only the rows around the visible ones are widgets: GTK 4.8's list
   * view keeps at most 200. */
  app_test_drain (100);
  view = find_widget (GTK_WIDGET (panel), GTK_TYPE_LIST_VIEW);
  rows = count_widgets (view, GTK_TYPE_LABEL) / 3;
  g_assert_cmpuint (rows, <=, 210);
  aura_domain_panel_set_filter_text (panel, "HOST19");
  /* host19, host190…host199, host1900…host1999 */
  for (guint i = 0; i < MANY; i++)
    {
      g_autofree char *host = g_strdup_printf ("host%u", i);

      n_matching += g_str_has_prefix (host, "host19");
    }
  g_assert_cmpuint (g_list_model_get_n_items (aura_domain_panel_get_shown_names (panel)), ==,
                    n_matching);
  g_test_message ("%u names in %.2f s, added to the list in %u changes; longest main loop "
                  "stall %.0f ms; %u row widgets",
                  MANY + 7, seconds, n_changes, stall.worst / 1000.0, rows);
  /* The names went in by batches (one per 100 ms at most, and one at the
   * end), not one by one: GTK 4.8 rebinds the rows around every change,
   * which for 2,000 single insertions froze the window for seconds. The
   * stall itself depends on the machine's load, so it is only printed. */
  g_assert_cmpuint (n_changes, <, 1 + (guint)(seconds * 1000 / 100) + 2);
}

static void
test_preferences_domain_scans (void)
{
  g_autoptr (GSettings) settings = g_settings_new (AURA_SETTINGS_SCHEMA);
  AuraPreferencesWindow *prefs = g_object_ref_sink (aura_preferences_window_new (NULL));
  GtkWidget *wordlist;
  GtkWidget *sources;
  GtkWidget *permutations;
  GtkWidget *rate;
  GtkWidget *transfer;
  g_autofree char *text = NULL;

  gtk_window_present (GTK_WINDOW (prefs));
  wordlist = find_row (GTK_WIDGET (prefs), ADW_TYPE_COMBO_ROW, "Brute-Force Word List");
  sources = find_row (GTK_WIDGET (prefs), ADW_TYPE_COMBO_ROW, "Passive Sources");
  permutations = find_widget (find_row (GTK_WIDGET (prefs), ADW_TYPE_ACTION_ROW, "Permutations"),
                              GTK_TYPE_SWITCH);
  rate = find_widget (find_row (GTK_WIDGET (prefs), ADW_TYPE_ACTION_ROW, "DNS Queries per Second"),
                      GTK_TYPE_SPIN_BUTTON);
  transfer = find_widget (find_row (GTK_WIDGET (prefs), ADW_TYPE_ACTION_ROW, "Zone Transfers"),
                          GTK_TYPE_SWITCH);
  g_assert_nonnull (wordlist);
  g_assert_nonnull (sources);
  g_assert_nonnull (permutations);
  g_assert_nonnull (rate);
  g_assert_nonnull (transfer);
  g_assert_nonnull (find_row (GTK_WIDGET (prefs), ADW_TYPE_ACTION_ROW, "Registration Data (RDAP)"));
  g_assert_nonnull (find_row (GTK_WIDGET (prefs), ADW_TYPE_ACTION_ROW, "Read the Web Site"));

  /* The defaults, then both ways. */
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (wordlist)), ==, 1);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (sources)), ==, 0);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (permutations)));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (transfer)));
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (rate)), ==, 0);

  adw_combo_row_set_selected (ADW_COMBO_ROW (wordlist), 3);
  text = g_settings_get_string (settings, "domain-wordlist");
  g_assert_cmpstr (text, ==, "large");
  g_clear_pointer (&text, g_free);
  adw_combo_row_set_selected (ADW_COMBO_ROW (sources), 1);
  text = g_settings_get_string (settings, "domain-sources");
  g_assert_cmpstr (text, ==, "none");
  g_settings_set_string (settings, "domain-wordlist", "none");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (wordlist)), ==, 0);
  gtk_switch_set_active (GTK_SWITCH (permutations), TRUE);
  g_assert_true (g_settings_get_boolean (settings, "domain-permutations"));
  g_settings_set_boolean (settings, "domain-transfer", FALSE);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (transfer)));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (rate), 250);
  g_assert_cmpint (g_settings_get_int (settings, "domain-rate"), ==, 250);

  gtk_window_destroy (GTK_WINDOW (prefs));
  app_test_drain (50);
  g_assert_finalize_object (prefs);
  g_settings_reset (settings, "domain-wordlist");
  g_settings_reset (settings, "domain-sources");
  g_settings_reset (settings, "domain-permutations");
  g_settings_reset (settings, "domain-transfer");
  g_settings_reset (settings, "domain-rate");
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autofree char *manifest_path = NULL;
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  /* Whatever the environment says, no request leaves the machine. */
  g_setenv ("AURA_LOOPBACK_ONLY", "1", TRUE);
  /* The bundled passive sources are the four of the test, read by the
   * panel's worker thread as the real ones would be. */
  sources_dir = g_dir_make_tmp ("aura-domain-sources-XXXXXX", &error);
  g_assert_no_error (error);
  manifest_path = g_build_filename (sources_dir, "test.json", NULL);
  g_assert_true (g_file_set_contents (manifest_path, manifest, -1, &error));
  g_setenv ("AURA_SOURCES_DIR", sources_dir, TRUE);
  gtk_init ();
  adw_init ();
  /* As in test-window.c: the store's "changed" reaches the thread that
   * owns the default context, which these hand-run loops take once. */
  g_main_context_acquire (g_main_context_default ());

#define ADD(path, kind, func)                                                                      \
  g_test_add (path, Fixture, GINT_TO_POINTER (kind), fixture_setup, func, fixture_teardown)

  ADD ("/app/domain-panel/maps-a-domain-live", FIXTURE_PLAIN, test_maps_domain);
  ADD ("/app/domain-panel/cancel-keeps-results-and-refuses-a-second", FIXTURE_SLOW,
       test_cancel_and_refusals);
  ADD ("/app/domain-panel/leaving-the-page-cancels", FIXTURE_SLOW, test_leaving_page_cancels);
  ADD ("/app/domain-panel/run-again", FIXTURE_PLAIN, test_run_again);
  ADD ("/app/domain-panel/settings-shape-the-scan", FIXTURE_PLAIN, test_settings_shape_the_scan);
  ADD ("/app/domain-panel/invalid-domain-fails-clearly", FIXTURE_PLAIN,
       test_invalid_domain_fails_clearly);
  ADD ("/app/domain-panel/thousands-of-names-stay-fluid", FIXTURE_MANY, test_thousands_of_names);
  g_test_add_func ("/app/preferences/domain-scans-bind", test_preferences_domain_scans);

  status = g_test_run ();
  g_remove (manifest_path);
  g_rmdir (sources_dir);
  g_free (sources_dir);
  return status;
}
