/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <unistd.h>

#include "app-test-utils.h"
#include "aura-application.h"
#include "aura-email-panel.h"
#include "aura-entity-details.h"
#include "aura-entity-table.h"
#include "aura-graph-view.h"
#include "aura-phone-panel.h"
#include "aura-investigation-page.h"
#include "aura-test-knot.h"
#include "aura-test-server.h"
#include "aura-tool-catalog.h"

/* The tools of the registry in the app: the catalogue's menus, the email
 * panel against loopback servers (Knot DNS for the mail servers, a
 * SoupServer playing an account check, Gravatar and Have I Been Pwned),
 * and a tool chosen on an entity of an investigation page — the email
 * panel, and an installed program (tests/adapter's fake-tool playing
 * sherlock) whose findings are recorded. */

#define TIMEOUT_MS 20000
#define ADDRESS "ann.example@mail.test"

static AuraTestKnot *knot;
static char *bin_dir;

typedef struct
{
  char *dir;
  AuraStore *store;
  gint64 investigation_id;
  AuraTestServer *server;
  char *base;
  AuraApplication *app;
} Fixture;

static const char zone_records[] = "@ MX 10 mx1\n"
                                   "mx1 A 127.0.0.1\n";

static const char v3_profile[] =
    "{\"hash\": \"x\", \"display_name\": \"Ann Example\", "
    "\"profile_url\": \"https://gravatar.com/annex\", \"location\": \"Lyon, France\", "
    "\"verified_accounts\": [{\"service_type\": \"github\", \"service_label\": \"GitHub\", "
    "\"url\": \"https://github.com/annex\", \"is_hidden\": false}]}";

static const char breaches_body[] =
    "[{\"Name\": \"Adobe\", \"Title\": \"Adobe\", \"Domain\": \"adobe.com\", "
    "\"BreachDate\": \"2013-10-04\", \"AddedDate\": \"2013-12-04T00:00:00Z\", "
    "\"PwnCount\": 152445165, \"DataClasses\": [\"Email addresses\", \"Passwords\"], "
    "\"IsVerified\": true}]";

/* ---- Fixture -------------------------------------------------------------------- */

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  static const char *const json[] = { "Content-Type: application/json", NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraInvestigation) investigation = NULL;
  g_autofree char *path = NULL;
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, ADDRESS, -1);
  g_autofree char *avatar = g_strdup_printf ("/%s", sha);
  g_autofree char *profile = g_strdup_printf ("/profiles/%s", sha);

  f->dir = g_dir_make_tmp ("aura-tools-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "aura.db", NULL);
  f->store = aura_store_open (path, AURA_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  investigation = aura_store_create_investigation (f->store, "Tools", NULL, &error);
  g_assert_no_error (error);
  f->investigation_id = aura_investigation_get_id (investigation);

  f->server = aura_test_server_new ();
  /* The "chess" account check: the address is taken. */
  aura_test_server_add_response (f->server, NULL, "/callback/email/available", 200, json,
                                 "{\"isEmailAvailable\":false}", 0);
  aura_test_server_add_response (f->server, NULL, avatar, 200, NULL, "PNG", 0);
  aura_test_server_add_response (f->server, NULL, profile, 200, json, v3_profile, 0);
  aura_test_server_add_response (f->server, NULL, "/api/v3/breachedaccount/" ADDRESS, 200, json,
                                 breaches_body, 0);
  aura_test_server_add_response (f->server, NULL, "/api/v3/pasteaccount/" ADDRESS, 404, NULL, "",
                                 0);
  aura_test_server_add_response (f->server, NULL, "*", 404, NULL, "no", 0);
  f->base = g_strdup_printf ("http://127.0.0.1:%u", aura_test_server_get_port (f->server));
  f->app = aura_application_new ();
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  app_test_drain (100);
  g_assert_finalize_object (f->app);
  g_clear_pointer (&f->server, aura_test_server_free);
  g_clear_object (&f->store);
  app_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->base);
}

static GtkWindow *
window_with (GtkWidget *child)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *overlay = adw_toast_overlay_new ();

  gtk_window_set_default_size (window, 1000, 800);
  gtk_window_set_child (window, overlay);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), child);
  gtk_window_present (window);
  return window;
}

/* ---- The catalogue -------------------------------------------------------------- */

/* The targets of every item of @model (and its sections and submenus)
 * whose action is @action, in order. */
static void
collect_targets (GMenuModel *model, const char *action, GPtrArray *out)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *name = NULL;
      g_autoptr (GVariant) target = NULL;
      g_autoptr (GMenuLinkIter) links = g_menu_model_iterate_item_links (model, i);
      GMenuModel *linked;

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &name) &&
          g_str_equal (name, action))
        {
          target = g_menu_model_get_item_attribute_value (model, i, G_MENU_ATTRIBUTE_TARGET, NULL);
          g_assert_nonnull (target);
          g_ptr_array_add (out, g_variant_is_of_type (target, G_VARIANT_TYPE_STRING)
                                    ? g_variant_dup_string (target, NULL)
                                    : g_variant_print (target, FALSE));
        }
      while (g_menu_link_iter_get_next (links, NULL, &linked))
        {
          collect_targets (linked, action, out);
          g_object_unref (linked);
        }
    }
}

static GVariant *
string_target (const char *tool_id, gpointer user_data)
{
  return g_variant_new_string (tool_id);
}

static GPtrArray *
menu_targets (AuraToolCatalog *catalog, AuraEntityType type, AuraToolMenuFlags flags, guint *n)
{
  g_autoptr (GMenu) menu = g_menu_new ();
  GPtrArray *targets = g_ptr_array_new_with_free_func (g_free);
  guint added = aura_tool_catalog_append_menu (catalog, menu, type, flags, "details.run-tool",
                                               string_target, NULL);

  collect_targets (G_MENU_MODEL (menu), "details.run-tool", targets);
  g_assert_cmpuint (added, ==, targets->len);
  if (n != NULL)
    *n = added;
  return targets;
}

static gboolean
has (GPtrArray *targets, const char *id)
{
  return g_ptr_array_find_with_equal_func (targets, id, g_str_equal, NULL);
}

static guint
count_prefix (GPtrArray *targets, const char *prefix)
{
  guint n = 0;

  for (guint i = 0; i < targets->len; i++)
    n += g_str_has_prefix (targets->pdata[i], prefix);
  return n;
}

static void
test_catalog_menus (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraToolCatalog) catalog = aura_tool_catalog_new_sync (&error);
  g_autoptr (GPtrArray) username = NULL;
  g_autoptr (GPtrArray) username_graph = NULL;
  g_autoptr (GPtrArray) email = NULL;
  g_autoptr (GPtrArray) domain = NULL;
  g_autoptr (GPtrArray) ip = NULL;
  g_autofree char *url = NULL;
  g_autofree char *hostile = NULL;

  g_assert_no_error (error);
  g_assert_true (aura_tool_catalog_is_loaded (catalog));
  g_assert_nonnull (aura_tool_catalog_get_registry (catalog));

  username = menu_targets (catalog, AURA_ENTITY_USERNAME, AURA_TOOL_MENU_SCANS, NULL);
  g_assert_true (has (username, "username.accounts"));
  g_assert_true (has (username, "tiktok.profile"));
  g_assert_cmpuint (count_prefix (username, "link."), >, 15);
  /* The fake sherlock is installed (on AURA_ADAPTER_PATH), maigret not. */
  g_assert_true (has (username, "adapter.sherlock"));
  g_assert_false (has (username, "adapter.maigret"));
  /* The graph has its own Look for Accounts. */
  username_graph = menu_targets (catalog, AURA_ENTITY_USERNAME, AURA_TOOL_MENU_DEFAULT, NULL);
  g_assert_false (has (username_graph, "username.accounts"));
  g_assert_true (has (username_graph, "tiktok.profile"));

  email = menu_targets (catalog, AURA_ENTITY_EMAIL, AURA_TOOL_MENU_SCANS, NULL);
  g_assert_true (has (email, "email.accounts"));
  g_assert_false (has (email, "tiktok.profile"));
  g_assert_cmpuint (count_prefix (email, "link."), >, 0);
  domain = menu_targets (catalog, AURA_ENTITY_DOMAIN, AURA_TOOL_MENU_SCANS, NULL);
  g_assert_true (has (domain, "domain.map"));
  g_assert_true (has (domain, "link.wayback-site"));
  ip = menu_targets (catalog, AURA_ENTITY_IP, AURA_TOOL_MENU_SCANS, NULL);
  g_assert_cmpuint (count_prefix (ip, "link."), ==, ip->len);
  g_assert_cmpuint (ip->len, >, 0);

  /* Link-outs are built with the value encoded; unknown ids are refused. */
  url = aura_tool_catalog_build_link (catalog, "link.wayback-site", AURA_ENTITY_DOMAIN,
                                      "example.org", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (url, ==, "https://web.archive.org/web/*/example.org/*");
  hostile = aura_tool_catalog_build_link (catalog, "link.wayback-site", AURA_ENTITY_DOMAIN,
                                          "evil.test/../@other.test", &error);
  if (hostile != NULL)
    g_assert_true (g_str_has_prefix (hostile, "https://web.archive.org/"));
  g_clear_error (&error);
  g_assert_null (aura_tool_catalog_build_link (catalog, "link.no-such", AURA_ENTITY_DOMAIN,
                                               "example.org", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (aura_tool_catalog_build_link (catalog, "adapter.sherlock", AURA_ENTITY_USERNAME,
                                               "alice", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (aura_tool_catalog_lookup_adapter (catalog, "adapter.sherlock"));
  g_assert_null (aura_tool_catalog_lookup_adapter (catalog, "link.wayback"));

  /* Labels: categories and the app's own scans. */
  g_assert_cmpstr (aura_tool_category_label ("reverse-image"), ==, "Reverse Image Search");
  g_assert_cmpstr (aura_tool_category_label ("brand-new"), ==, "brand-new");
  g_assert_cmpstr (aura_tool_native_label ("phone.offline"), ==, "Analyse Phone Number");
  g_assert_null (aura_tool_native_label ("dns.records"));
}

static gboolean
catalog_loaded (gpointer data)
{
  return aura_tool_catalog_is_loaded (aura_tool_catalog_get_default ());
}

/* ---- The graph's node menu ---------------------------------------------------- */

static void
node_action_cb (AuraGraphView *view, const char *action, guint node, gpointer user_data)
{
  GString *seen = user_data;

  g_string_append_printf (seen, "%s@%u;", action, node);
}

static void
test_graph_node_menu (void)
{
  g_autoptr (AuraGraph) graph = aura_graph_new ();
  AuraGraphView *view = aura_graph_view_new ();
  GtkWindow *window = window_with (GTK_WIDGET (view));
  g_autoptr (GString) seen = g_string_new (NULL);
  g_autoptr (GPtrArray) user = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) phone = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) mail = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GMenuModel) user_menu = NULL;
  g_autoptr (GMenuModel) phone_menu = NULL;
  g_autoptr (GMenuModel) mail_menu = NULL;

  app_test_wait_until (catalog_loaded, NULL, TIMEOUT_MS, "the tool registry");
  aura_graph_add_node (graph, 1, AURA_ENTITY_USERNAME, "alice", 0.9);
  aura_graph_add_node (graph, 2, AURA_ENTITY_PHONE, "+33612345678", 0.9);
  aura_graph_add_node (graph, 3, AURA_ENTITY_EMAIL, "alice@example.com", 0.9);
  aura_graph_add_edge (graph, 0, 1, "uses", 1.0, 0);
  aura_graph_add_edge (graph, 0, 2, "uses", 1.0, 0);
  aura_graph_view_set_graph (view, graph, NULL);
  user_menu = aura_graph_view_create_node_menu (view, 0);
  phone_menu = aura_graph_view_create_node_menu (view, 1);
  mail_menu = aura_graph_view_create_node_menu (view, 2);
  collect_targets (user_menu, "graph.run-tool", user);
  collect_targets (phone_menu, "graph.run-tool", phone);
  collect_targets (mail_menu, "graph.run-tool", mail);
  g_assert_true (has (user, "(0, 'tiktok.profile')"));
  g_assert_true (has (user, "(0, 'adapter.sherlock')"));
  g_assert_true (has (phone, "(1, 'phone.offline')"));
  g_assert_true (has (mail, "(2, 'email.accounts')"));
  g_assert_false (has (mail, "(2, 'phone.offline')"));
  g_assert_cmpuint (count_prefix (phone, "(1, 'link."), >, 3);

  /* Choosing one says which tool on which node; a stale node is ignored. */
  g_signal_connect (view, "node-action", G_CALLBACK (node_action_cb), seen);
  gtk_widget_activate_action (GTK_WIDGET (view), "graph.run-tool", "(us)", 1, "phone.offline");
  gtk_widget_activate_action (GTK_WIDGET (view), "graph.run-tool", "(us)", 7, "phone.offline");
  g_assert_cmpstr (seen->str, ==, "tool:phone.offline@1;");
  gtk_window_destroy (window);
  app_test_drain (100);
}

/* ---- The phone panel with a numverify key --------------------------------------- */

static gboolean
phone_settled (gpointer data)
{
  return !aura_phone_panel_get_running (data);
}

static void
test_phone_numverify (Fixture *f, gconstpointer data)
{
  static const char *const json[] = { "Content-Type: application/json", NULL };
  AuraPhonePanel *panel = aura_phone_panel_new ();
  GtkWindow *window = window_with (GTK_WIDGET (panel));
  g_autoptr (AuraApiKeys) keys = aura_api_keys_new ();
  g_autofree char *url = g_strdup_printf ("%s/api/validate", f->base);
  g_autofree char *sent = NULL;
  g_autoptr (GError) error = NULL;

  aura_test_server_add_response (
      f->server, NULL, "/api/validate", 200, json,
      "{\"valid\":true,\"number\":\"33612345678\",\"local_format\":\"0612345678\","
      "\"international_format\":\"+33612345678\",\"country_prefix\":\"+33\","
      "\"country_code\":\"FR\",\"country_name\":\"France\",\"location\":\"Paris\","
      "\"carrier\":\"Orange France SA\",\"line_type\":\"mobile\"}",
      0);
  aura_api_keys_set_use_keyring (keys, FALSE);
  aura_api_keys_set_use_environment (keys, FALSE);
  aura_api_keys_set (keys, "numverify", "nv-key");
  aura_phone_panel_set_test_options (panel, keys, url);
  g_assert_true (aura_phone_panel_start (panel, f->store, f->investigation_id, 0,
                                         "+33 6 12 34 56 78", &error));
  g_assert_no_error (error);
  app_test_wait_until (phone_settled, panel, TIMEOUT_MS, "numverify");
  g_assert_cmpint (aura_phone_panel_get_state (panel), ==, AURA_PHONE_PANEL_FINISHED);
  g_assert_cmpstr (aura_phone_panel_get_fact (panel, "Carrier"), ==, "Orange France SA");
  g_assert_cmpstr (aura_phone_panel_get_fact (panel, "Line type (numverify)"), ==, "mobile");
  g_assert_cmpstr (aura_phone_panel_get_fact (panel, "Location (numverify)"), ==, "Paris");
  g_assert_cmpuint (aura_test_server_get_hits (f->server, NULL, "/api/validate"), ==, 1);

  /* A refused key: the panel says so, the analysis stays. */
  aura_test_server_add_response (
      f->server, NULL, "/api/validate", 200, json,
      "{\"success\":false,\"error\":{\"code\":101,\"type\":\"invalid_access_key\"}}", 0);
  g_assert_true (aura_phone_panel_start (panel, f->store, f->investigation_id, 0,
                                         "+33 6 12 34 56 78", &error));
  app_test_wait_until (phone_settled, panel, TIMEOUT_MS, "numverify again");
  g_assert_cmpstr (aura_phone_panel_get_fact (panel, "Carrier"), !=, "Orange France SA");
  g_assert_nonnull (strstr (aura_phone_panel_get_fact (panel, "Carrier"), "key"));
  g_assert_cmpstr (aura_phone_panel_get_fact (panel, "Type"), ==, "Mobile");
  gtk_window_destroy (window);
  app_test_drain (100);
}

/* ---- The email panel ------------------------------------------------------------ */

static gboolean
email_settled (gpointer data)
{
  return !aura_email_panel_get_running (data);
}

static void
set_email_options (Fixture *f, AuraEmailPanel *panel, const char *hibp_key)
{
  g_autoptr (AuraApiKeys) keys = aura_api_keys_new ();
  g_autofree char *chess = g_strdup_printf ("chess=%s", f->base);
  g_autofree char *hibp = g_strdup_printf ("%s/api/v3", f->base);
  const char *checks[] = { "chess", NULL };
  const char *urls[] = { chess, NULL };
  const char *dns[] = { aura_test_knot_get_server (knot), NULL };

  aura_api_keys_set_use_keyring (keys, FALSE);
  aura_api_keys_set_use_environment (keys, FALSE);
  if (hibp_key != NULL)
    aura_api_keys_set (keys, "hibp", hibp_key);
  aura_email_panel_set_test_options (panel, keys, checks, urls, f->base, hibp, dns);
}

static guint
count_type (Fixture *f, AuraEntityType type, const char *value)
{
  g_autoptr (GError) error = NULL;
  AuraEntityQuery query = AURA_ENTITY_QUERY_INIT;
  g_autoptr (GPtrArray) found = NULL;
  guint n = 0;

  query.investigation_id = f->investigation_id;
  query.type = type;
  query.limit = 100;
  found = aura_store_query_entities (f->store, &query, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < found->len; i++)
    n += value == NULL || g_strcmp0 (aura_entity_get_value (found->pdata[i]), value) == 0;
  return n;
}

static void
test_email_panel (Fixture *f, gconstpointer data)
{
  AuraEmailPanel *panel = aura_email_panel_new ();
  GtkWindow *window = window_with (GTK_WIDGET (panel));
  g_autoptr (GError) error = NULL;

  set_email_options (f, panel, "test-key");
  g_assert_true (aura_email_panel_start (panel, f->store, f->investigation_id, ADDRESS, &error));
  g_assert_no_error (error);
  /* The address's own facts show at once. */
  g_assert_true (aura_email_panel_get_running (panel));
  g_assert_cmpstr (aura_email_panel_get_fact (panel, "Address"), ==, ADDRESS);
  g_assert_cmpstr (aura_email_panel_get_fact (panel, "Disposable"), ==, "No");
  g_assert_cmpstr (aura_email_panel_get_fact (panel, "Role Account"), ==, "No");
  g_assert_cmpstr (aura_email_panel_get_fact (panel, "Username Candidate"), ==, "ann.example");
  g_assert_nonnull (strstr (aura_email_panel_get_fact (panel, "Provider"), "Not a known provider"));
  /* One scan at a time. */
  g_assert_false (aura_email_panel_start (panel, f->store, f->investigation_id, ADDRESS, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_clear_error (&error);

  app_test_wait_until (email_settled, panel, TIMEOUT_MS, "the email scan");
  g_assert_cmpint (aura_email_panel_get_state (panel), ==, AURA_EMAIL_PANEL_FINISHED);
  g_assert_cmpuint (aura_email_panel_get_n_checked (panel), ==, 1);
  g_assert_cmpuint (aura_email_panel_get_n_registered (panel), ==, 1);
  g_assert_cmpstr (aura_email_panel_get_account (panel, "chess"), ==, "Registered");
  g_assert_nonnull (strstr (aura_email_panel_get_fact (panel, "Mail Servers"), "mx1.mail.test"));
  g_assert_nonnull (strstr (aura_email_panel_get_fact (panel, "Gravatar"), "Ann Example"));
  g_assert_nonnull (strstr (aura_email_panel_get_fact (panel, "Gravatar"), "Lyon"));
  g_assert_nonnull (strstr (aura_email_panel_get_fact (panel, "Breaches"), "Adobe"));
  g_assert_nonnull (strstr (aura_email_panel_get_summary (panel), "recorded"));
  /* Recorded: the address, the account, the username pivot. */
  g_assert_cmpuint (count_type (f, AURA_ENTITY_EMAIL, ADDRESS), ==, 1);
  g_assert_cmpuint (count_type (f, AURA_ENTITY_ACCOUNT, NULL), >=, 1);
  g_assert_cmpuint (count_type (f, AURA_ENTITY_USERNAME, "ann.example"), ==, 1);

  /* Without a HIBP key the panel says how to add one. */
  set_email_options (f, panel, NULL);
  g_assert_true (aura_email_panel_start (panel, f->store, f->investigation_id, ADDRESS, &error));
  app_test_wait_until (email_settled, panel, TIMEOUT_MS, "the second email scan");
  g_assert_nonnull (strstr (aura_email_panel_get_fact (panel, "Breaches"), "hibp"));

  /* A role account; not an address; hostile input. */
  g_assert_true (
      aura_email_panel_start (panel, f->store, f->investigation_id, "info@mail.test", &error));
  g_assert_nonnull (strstr (aura_email_panel_get_fact (panel, "Role Account"), "Yes"));
  g_assert_cmpstr (aura_email_panel_get_fact (panel, "Username Candidate"), !=, "info");
  aura_email_panel_cancel (panel);
  g_assert_cmpint (aura_email_panel_get_state (panel), ==, AURA_EMAIL_PANEL_CANCELLED);
  g_assert_true (
      aura_email_panel_start (panel, f->store, f->investigation_id, "ann@@mail.test", &error));
  g_assert_cmpint (aura_email_panel_get_state (panel), ==, AURA_EMAIL_PANEL_FAILED);
  g_assert_cmpstr (aura_email_panel_get_summary (panel), !=, "");
  g_assert_null (aura_email_panel_get_fact (panel, "Address"));
  g_assert_true (aura_email_panel_start (panel, f->store, f->investigation_id,
                                         "an\xe2\x80\xaen@mail.test", &error));
  g_assert_cmpint (aura_email_panel_get_state (panel), ==, AURA_EMAIL_PANEL_FAILED);
  g_assert_nonnull (strstr (aura_email_panel_get_summary (panel), "U+202E"));

  /* Cancelled while the check hangs: nothing more arrives, and closing
   * hides the panel. */
  aura_test_server_add_response (f->server, NULL, "/callback/email/available", 200, NULL, "{}",
                                 10000);
  g_assert_true (
      aura_email_panel_start (panel, f->store, f->investigation_id, "bo@mail.test", &error));
  app_test_drain (100);
  g_signal_emit_by_name (app_test_find_button (GTK_WIDGET (panel), "_Cancel"), "clicked");
  g_assert_cmpint (aura_email_panel_get_state (panel), ==, AURA_EMAIL_PANEL_CANCELLED);
  app_test_drain (300);
  g_assert_cmpint (aura_email_panel_get_state (panel), ==, AURA_EMAIL_PANEL_CANCELLED);
  g_assert_cmpuint (count_type (f, AURA_ENTITY_EMAIL, "bo@mail.test"), ==, 0);
  g_signal_emit_by_name (app_test_find_button (GTK_WIDGET (panel), "_Run Again"), "clicked");
  g_assert_true (aura_email_panel_get_running (panel));
  aura_email_panel_cancel (panel);

  g_object_add_weak_pointer (G_OBJECT (panel), (gpointer *)&panel);
  gtk_window_destroy (window);
  app_test_drain (200);
  g_assert_null (panel);
}

/* ---- Tools from an investigation page ------------------------------------------- */

typedef struct
{
  Fixture *f;
  const char *url;
} UrlWait;

static gboolean
url_recorded (gpointer data)
{
  UrlWait *wait = data;

  return count_type (wait->f, AURA_ENTITY_URL, wait->url) > 0;
}

typedef struct
{
  AuraEntityTable *table;
  gint64 id;
} SelectWait;

static gboolean
row_selected (gpointer data)
{
  SelectWait *wait = data;
  g_autoptr (AuraEntity) entity = aura_entity_table_get_selected_entity (wait->table);

  return entity != NULL && aura_entity_get_id (entity) == wait->id;
}

static void
record_tool (GString *seen, AuraEntity *entity, const char *tool_id)
{
  g_assert_true (AURA_IS_ENTITY (entity));
  g_string_append_printf (seen, "%s;", tool_id);
}

static void
test_page_runs_tools (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraInvestigation) investigation =
      aura_store_get_investigation (f->store, f->investigation_id, &error);
  AuraInvestigationPage *page = aura_investigation_page_new (f->store, investigation);
  GtkWindow *window = window_with (GTK_WIDGET (page));
  g_autoptr (AuraEntity) handle = NULL;
  g_autoptr (AuraEntity) mail = NULL;
  g_autoptr (GPtrArray) targets = g_ptr_array_new_with_free_func (g_free);
  AuraEntityDetails *details = aura_investigation_page_get_details (page);
  UrlWait wait = { f, "https://www.github.com/alice_example" };

  g_assert_no_error (error);
  app_test_wait_until (catalog_loaded, NULL, TIMEOUT_MS, "the tool registry");
  handle = aura_store_add_target (f->store, f->investigation_id, AURA_ENTITY_USERNAME,
                                  "alice_example", &error);
  g_assert_no_error (error);
  mail = aura_store_add_target (f->store, f->investigation_id, AURA_ENTITY_EMAIL, "bo@mail.test",
                                &error);
  g_assert_no_error (error);

  /* The details pane's Tools menu lists what the registry has for the type. */
  aura_entity_details_set_entity (details, f->store, handle);
  collect_targets (aura_entity_details_get_tools_menu (details), "details.run-tool", targets);
  g_assert_true (has (targets, "username.accounts"));
  g_assert_true (has (targets, "adapter.sherlock"));
  g_assert_cmpuint (count_prefix (targets, "link."), >, 0);

  /* The table's context menu: the same tools, and Show Details. */
  {
    AuraEntityTable *table = aura_investigation_page_get_entity_table (page);
    g_autoptr (GMenuModel) menu = aura_entity_table_create_menu (table, mail);
    g_autoptr (GPtrArray) table_targets = g_ptr_array_new_with_free_func (g_free);
    g_autoptr (GString) seen = g_string_new (NULL);

    collect_targets (menu, "table.run-tool", table_targets);
    g_assert_true (has (table_targets, "email.accounts"));
    g_assert_cmpuint (count_prefix (table_targets, "link."), >, 0);
    gint64 mail_id = aura_entity_get_id (mail);
    SelectWait select = { table, mail_id };

    /* Without a menu shown the actions act on the only selected row. (A
     * popover shown here would leave GTK 4.8 a tooltip timer that fires
     * after the window is gone.) */
    aura_entity_table_select_ids (table, &mail_id, 1);
    app_test_wait_until (row_selected, &select, TIMEOUT_MS, "the row selected");
    gtk_widget_activate_action (GTK_WIDGET (table), "table.details", NULL);
    g_assert_true (aura_entity_details_get_entity (details) == mail ||
                   aura_entity_get_id (aura_entity_details_get_entity (details)) ==
                       aura_entity_get_id (mail));
    g_signal_connect_swapped (table, "run-tool", G_CALLBACK (record_tool), seen);
    gtk_widget_activate_action (GTK_WIDGET (table), "table.run-tool", "s", "tools.no-such");
    g_assert_cmpstr (seen->str, ==, "tools.no-such;");
  }

  /* An installed program: run off the UI thread, its findings recorded. */
  aura_investigation_page_run_tool (page, handle, "adapter.sherlock");
  app_test_wait_until (url_recorded, &wait, TIMEOUT_MS, "sherlock's findings");

  /* The email panel, from the tool's id (its requests go nowhere: the
   * panel has no test options here, so it is cancelled at once). */
  aura_investigation_page_run_tool (page, mail, "tools.no-such");
  aura_investigation_page_run_tool (page, mail, "email.accounts");
  {
    GtkWidget *panel = NULL;

    for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (page)); w != NULL && panel == NULL;
         w = gtk_widget_get_first_child (w))
      for (GtkWidget *c = w; c != NULL && panel == NULL; c = gtk_widget_get_next_sibling (c))
        if (AURA_IS_EMAIL_PANEL (c))
          panel = c;
    g_assert_nonnull (panel);
    g_assert_true (gtk_widget_get_visible (panel));
    aura_email_panel_cancel (AURA_EMAIL_PANEL (panel));
  }

  gtk_window_destroy (window);
  app_test_drain (300);
}

int
main (int argc, char *argv[])
{
  const AuraTestZone zones[] = { { "mail.test", zone_records, FALSE } };
  g_autoptr (GError) error = NULL;
  g_autofree char *root = NULL;
  g_autofree char *fake = NULL;
  g_autofree char *link = NULL;
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  /* The data of the source tree, and the fake sherlock installed. */
  root = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "..", NULL);
  if (g_getenv ("AURA_SOURCE_ROOT") == NULL)
    g_setenv ("AURA_SOURCE_ROOT", root, TRUE);
  bin_dir = g_dir_make_tmp ("aura-tools-bin-XXXXXX", &error);
  g_assert_no_error (error);
  fake = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "adapter", "fake-tool", NULL);
  link = g_build_filename (bin_dir, "sherlock", NULL);
  g_assert_cmpint (symlink (fake, link), ==, 0);
  g_setenv ("AURA_ADAPTER_PATH", bin_dir, TRUE);

  gtk_init ();
  adw_init ();
  g_main_context_acquire (g_main_context_default ());
  knot = aura_test_knot_start (zones, G_N_ELEMENTS (zones), &error);
  if (knot == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_test_skip (error->message);
      return g_test_run ();
    }
  g_assert_no_error (error);
  g_test_add_func ("/app/tools/catalog-menus", test_catalog_menus);
  g_test_add_func ("/app/tools/graph-node-menu", test_graph_node_menu);
  g_test_add ("/app/tools/phone-numverify", Fixture, NULL, fixture_setup, test_phone_numverify,
              fixture_teardown);
  g_test_add ("/app/tools/email-panel", Fixture, NULL, fixture_setup, test_email_panel,
              fixture_teardown);
  g_test_add ("/app/tools/page-runs-tools", Fixture, NULL, fixture_setup, test_page_runs_tools,
              fixture_teardown);
  status = g_test_run ();
  aura_test_knot_stop (knot);
  g_unlink (link);
  g_rmdir (bin_dir);
  g_free (bin_dir);
  return status;
}
