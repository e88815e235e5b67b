/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "aura-cli"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "aura-cli-private.h"

/* aura-cli scan username: the username sweep from the shell. */

typedef struct
{
  AuraCli *cli;
  AuraUsernameScan *scan;
  gboolean progress_line;
  gboolean csv;
  guint sigint_source;
} ScanRun;

/* "a,b" given once or several times → one list. */
GStrv
aura_cli_split_list (char **values)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      g_auto (GStrv) parts = g_strsplit (values[i], ",", -1);
      for (guint j = 0; parts[j] != NULL; j++)
        {
          g_strstrip (parts[j]);
          if (*parts[j] != '\0')
            g_strv_builder_add (builder, parts[j]);
        }
    }
  return g_strv_builder_end (builder);
}

static void
print_progress (ScanRun *run, gboolean final)
{
  AuraUsernameScanProgress p;
  double seconds;

  if (!run->progress_line)
    return;
  aura_username_scan_get_progress (run->scan, &p);
  seconds = p.elapsed_us / (double)G_USEC_PER_SEC;
  /* Translators: the live progress line of a username scan: checks done
   * of total, accounts found, checks per second, errors. */
  fputs ("\r\033[K", stderr);
  fprintf (stderr, _ ("%u/%u checked · %u found · %.0f/s · %u errors"), p.done, p.total, p.found,
           seconds > 0 ? p.done / seconds : 0.0, p.errors + p.blocked);
  if (final)
    fputc ('\n', stderr);
  fflush (stderr);
}

static void
progress_cb (AuraUsernameScan *scan, gpointer data)
{
  print_progress (data, FALSE);
}

static gboolean
sigint_cb (gpointer data)
{
  ScanRun *run = data;

  aura_username_scan_cancel (run->scan);
  run->sigint_source = 0;
  return G_SOURCE_REMOVE;
}

static JsonNode *
check_to_json (const AuraUsernameCheck *check)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, check->username);
  json_builder_set_member_name (builder, "site");
  json_builder_add_string_value (builder, check->site);
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, check->url);
  json_builder_set_member_name (builder, "profile_url");
  json_builder_add_string_value (builder, check->profile_url);
  json_builder_set_member_name (builder, "verdict");
  json_builder_add_string_value (builder, aura_verdict_to_string (check->verdict));
  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder, check->reason);
  json_builder_set_member_name (builder, "confidence");
  json_builder_add_double_value (builder, check->confidence);
  json_builder_set_member_name (builder, "http_status");
  json_builder_add_int_value (builder, check->http_status);
  json_builder_set_member_name (builder, "latency_ms");
  json_builder_add_int_value (builder, check->latency_ms);
  json_builder_set_member_name (builder, "bytes");
  json_builder_add_int_value (builder, (gint64)check->bytes);
  json_builder_set_member_name (builder, "depth");
  json_builder_add_int_value (builder, check->depth);
  json_builder_set_member_name (builder, "findings");
  json_builder_add_int_value (builder, check->n_findings);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
print_json (ScanRun *run)
{
  g_autoptr (JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr (JsonObject) object = json_object_new ();
  GPtrArray *checks = aura_username_scan_get_checks (run->scan);
  JsonObject *summary = json_object_new ();
  JsonArray *array = json_array_sized_new (checks->len);
  AuraUsernameScanProgress p;

  aura_username_scan_get_progress (run->scan, &p);
  json_object_set_int_member (object, "scan_id", aura_username_scan_get_scan_id (run->scan));
  json_object_set_boolean_member (object, "cancelled",
                                  aura_username_scan_was_cancelled (run->scan));
  json_object_set_int_member (summary, "sites", aura_username_scan_get_n_sites (run->scan));
  json_object_set_int_member (summary, "checks", p.done);
  json_object_set_int_member (summary, "found", p.found);
  json_object_set_int_member (summary, "not_found", p.not_found);
  json_object_set_int_member (summary, "unknown", p.unknown);
  json_object_set_int_member (summary, "invalid", p.invalid);
  json_object_set_int_member (summary, "errors", p.errors);
  json_object_set_int_member (summary, "blocked", p.blocked);
  json_object_set_int_member (summary, "requests", p.requests);
  json_object_set_int_member (summary, "unreliable_sites", p.unreliable_sites);
  json_object_set_double_member (summary, "elapsed_s", p.elapsed_us / (double)G_USEC_PER_SEC);
  json_object_set_object_member (object, "summary", summary);
  for (guint i = 0; i < checks->len; i++)
    json_array_add_element (array, check_to_json (checks->pdata[i]));
  json_object_set_array_member (object, "checks", array);
  json_node_set_object (root, object);
  aura_cli_print_json (root);
}

static void
print_csv (ScanRun *run)
{
  GPtrArray *checks = aura_username_scan_get_checks (run->scan);
  g_autoptr (GString) line = g_string_new (NULL);

  printf ("username,site,url,profile_url,verdict,reason,confidence,http_status,latency_ms,bytes,"
          "depth\n");
  for (guint i = 0; i < checks->len; i++)
    {
      const AuraUsernameCheck *check = checks->pdata[i];
      char confidence[G_ASCII_DTOSTR_BUF_SIZE];
      g_autofree char *status = g_strdup_printf ("%u", check->http_status);
      g_autofree char *latency = g_strdup_printf ("%" G_GINT64_FORMAT, check->latency_ms);
      g_autofree char *bytes = g_strdup_printf ("%" G_GUINT64_FORMAT, check->bytes);
      g_autofree char *depth = g_strdup_printf ("%u", check->depth);

      g_ascii_formatd (confidence, sizeof confidence, "%.2f", check->confidence);
      g_string_truncate (line, 0);
      aura_csv_append_cell (line, check->username, TRUE);
      aura_csv_append_cell (line, check->site, FALSE);
      aura_csv_append_cell (line, check->url, FALSE);
      aura_csv_append_cell (line, check->profile_url, FALSE);
      aura_csv_append_cell (line, aura_verdict_to_string (check->verdict), FALSE);
      aura_csv_append_cell (line, check->reason, FALSE);
      aura_csv_append_cell (line, confidence, FALSE);
      aura_csv_append_cell (line, status, FALSE);
      aura_csv_append_cell (line, latency, FALSE);
      aura_csv_append_cell (line, bytes, FALSE);
      aura_csv_append_cell (line, depth, FALSE);
      puts (line->str);
    }
}

static void
print_human (ScanRun *run)
{
  GPtrArray *checks = aura_username_scan_get_checks (run->scan);
  g_autoptr (AuraCliTable) table = NULL;
  AuraUsernameScanProgress p;
  guint n_found = 0;

  aura_username_scan_get_progress (run->scan, &p);
  table = aura_cli_table_new (4, _ ("USERNAME"), _ ("SITE"), _ ("PROFILE"), _ ("CONFIDENCE"));
  aura_cli_table_set_flexible (table, 2);
  for (guint i = 0; i < checks->len; i++)
    {
      const AuraUsernameCheck *check = checks->pdata[i];
      g_autofree char *confidence = NULL;

      if (check->verdict != AURA_VERDICT_FOUND)
        continue;
      confidence = g_strdup_printf ("%.0f %%", check->confidence * 100);
      aura_cli_table_add_row (table, check->username, check->site, check->profile_url, confidence);
      n_found++;
    }
  if (n_found > 0)
    aura_cli_table_print (run->cli, table);
  printf (_ ("%u sites, %u checks in %.1f s: %u found, %u not found, %u unknown (%u errors, %u "
             "blocked), %u invalid\n"),
          aura_username_scan_get_n_sites (run->scan), p.done, p.elapsed_us / (double)G_USEC_PER_SEC,
          p.found, p.not_found, p.unknown, p.errors, p.blocked, p.invalid);
  if (p.unreliable_sites > 0)
    printf (g_dngettext (GETTEXT_PACKAGE,
                         "%u site answered “found” for a name that cannot exist: its hits have "
                         "low confidence\n",
                         "%u sites answered “found” for a name that cannot exist: their hits "
                         "have low confidence\n",
                         p.unreliable_sites),
            p.unreliable_sites);
  if (aura_username_scan_get_scan_id (run->scan) != 0)
    printf (_ ("Recorded as scan %lld\n"), (long long)aura_username_scan_get_scan_id (run->scan));
}

static AuraSiteList *
load_sites (const char *path, GError **error)
{
  g_autoptr (AuraSiteReport) report = NULL;
  AuraSiteList *sites;

  if (path == NULL)
    return aura_site_list_load_default (NULL, error);
  sites = aura_site_list_import_file (path, &report, error);
  if (sites != NULL && report != NULL && report->problems->len > 0)
    g_printerr (g_dngettext (GETTEXT_PACKAGE,
                             "%s: %u site skipped (see “aura-cli sites validate”)\n",
                             "%s: %u sites skipped (see “aura-cli sites validate”)\n",
                             report->problems->len),
                path, report->problems->len);
  return sites;
}

static gboolean
scan_username (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE, csv = FALSE, nsfw = FALSE, no_calibration = FALSE, no_extract = FALSE;
  g_autofree char *investigation_ref = NULL;
  g_autofree char *sites_path = NULL;
  g_auto (GStrv) tags_args = NULL;
  g_auto (GStrv) site_args = NULL;
  int variants = 0, depth = 0, max_requests = 0;
  AuraCliNet net = { 0 };
  const GOptionEntry scan_entries[] = {
    { "investigation", 'i', 0, G_OPTION_ARG_STRING, &investigation_ref,
      N_ ("Record the scan and its findings in this investigation"), N_ ("INV") },
    { "sites", 0, 0, G_OPTION_ARG_FILENAME, &sites_path,
      N_ ("Site list to use: Aura, Sherlock, Maigret or WhatsMyName format (default: the bundled "
          "list and your imported lists)"),
      N_ ("FILE") },
    { "tags", 't', 0, G_OPTION_ARG_STRING_ARRAY, &tags_args,
      N_ ("Only sites with one of these tags (comma-separated)"), N_ ("TAGS") },
    { "site", 's', 0, G_OPTION_ARG_STRING_ARRAY, &site_args,
      N_ ("Only these sites (repeat or comma-separate)"), N_ ("NAME") },
    { "nsfw", 0, 0, G_OPTION_ARG_NONE, &nsfw, N_ ("Also check sites tagged nsfw"), NULL },
    { "variants", 0, 0, G_OPTION_ARG_INT, &variants,
      N_ ("Also look for up to N variants of each name"), N_ ("N") },
    { "depth", 0, 0, G_OPTION_ARG_INT, &depth,
      N_ ("Look in turn for names found on the profiles, N hops away"), N_ ("N") },
    { "max-requests", 0, 0, G_OPTION_ARG_INT, &max_requests,
      N_ ("Send at most N requests (default 100000)"), N_ ("N") },
    { "no-calibration", 0, 0, G_OPTION_ARG_NONE, &no_calibration,
      N_ ("Do not check a random name on each site"), NULL },
    { "no-extract", 0, 0, G_OPTION_ARG_NONE, &no_extract, N_ ("Do not read the profiles found"),
      NULL },
    { "csv", 0, 0, G_OPTION_ARG_NONE, &csv, N_ ("Print every check as CSV"), NULL },
  };
  g_autoptr (GArray) entries = g_array_new (TRUE, TRUE, sizeof (GOptionEntry));
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (AuraSiteList) sites = NULL;
  g_autoptr (AuraEngine) engine = NULL;
  g_autoptr (AuraInvestigation) investigation = NULL;
  g_autoptr (AuraUsernameScan) scan = NULL;
  g_auto (GStrv) tags = NULL;
  g_auto (GStrv) site_names = NULL;
  AuraUsernameScanOptions options = { 0 };
  ScanRun run = { 0 };
  gboolean ok;

  net.loopback_only = g_strcmp0 (g_getenv ("AURA_LOOPBACK_ONLY"), "1") == 0;
  g_array_append_vals (entries, scan_entries, G_N_ELEMENTS (scan_entries));
  aura_cli_net_add_entries (&net, entries);
  context = aura_cli_option_context_new (
      cli, "scan username", _ ("NAME…"),
      N_ ("Look for accounts by these usernames on every site of the list."),
      (const GOptionEntry *)(void *)entries->data, &help);
  ok = aura_cli_parse (cli, context, &help, &argc, &argv, 1, G_MAXINT, error);
  if (!ok || help)
    {
      aura_cli_net_clear (&net);
      return ok;
    }
  if (variants < 0 || depth < 0 || max_requests < 0)
    {
      g_set_error (error, AURA_CLI_ERROR, AURA_CLI_ERROR_USAGE,
                   _ ("Counts and times take a number of zero or more"));
      aura_cli_net_clear (&net);
      return FALSE;
    }
  engine = aura_cli_net_engine_new (&net, error);
  aura_cli_net_clear (&net);
  if (engine == NULL)
    return FALSE;
  if (investigation_ref != NULL &&
      (investigation = aura_cli_find_investigation (cli, investigation_ref, FALSE, error)) == NULL)
    return FALSE;
  if ((sites = load_sites (sites_path, error)) == NULL)
    return FALSE;

  tags = aura_cli_split_list (tags_args);
  site_names = aura_cli_split_list (site_args);
  options.usernames = (const char *const *)(argv + 1);
  options.sites = sites;
  options.tags = tags[0] != NULL ? (const char *const *)tags : NULL;
  options.site_names = site_names[0] != NULL ? (const char *const *)site_names : NULL;
  options.include_nsfw = nsfw;
  options.no_calibration = no_calibration;
  options.no_extract = no_extract;
  options.variants = (guint)variants;
  options.depth = (guint)depth;
  options.max_requests = (guint)max_requests;
  if (investigation != NULL)
    options.investigation_id = aura_investigation_get_id (investigation);
  scan =
      aura_username_scan_new (engine, investigation != NULL ? cli->store : NULL, &options, error);
  if (scan == NULL)
    return FALSE;

  run.cli = cli;
  run.scan = scan;
  run.csv = csv;
  run.progress_line = !cli->json && !csv && isatty (STDERR_FILENO);
  g_signal_connect (scan, "progress", G_CALLBACK (progress_cb), &run);
  run.sigint_source = g_unix_signal_add (SIGINT, sigint_cb, &run);
  ok = aura_username_scan_run (scan, error);
  if (run.sigint_source != 0)
    g_source_remove (run.sigint_source);
  print_progress (&run, TRUE);

  if (cli->json)
    print_json (&run);
  else if (csv)
    print_csv (&run);
  else
    print_human (&run);
  if (ok && aura_username_scan_was_cancelled (scan))
    {
      g_set_error_literal (error, AURA_CLI_ERROR, AURA_CLI_ERROR_CANCELLED,
                           _ ("Cancelled; what was checked so far is shown and kept"));
      return FALSE;
    }
  return ok;
}

gboolean
aura_cli_scan (AuraCli *cli, int argc, char **argv, GError **error)
{
  static const AuraCliCommand commands[] = {
    { "username", scan_username, N_ ("Look for accounts by username across sites") },
    { "domain", aura_cli_scan_domain,
      N_ ("Map a domain: records, subdomains, registration, networks, pages") },
    { "email", aura_cli_scan_email,
      N_ ("An email address: provider, mail servers, sites it is registered on, breaches") },
    { "phone", aura_cli_scan_phone,
      N_ ("A phone number: offline analysis, numverify, links to open") },
    { "tiktok", aura_cli_scan_tiktok,
      N_ ("A TikTok account: profile, snapshot of its counts, video analytics") },
    { NULL },
  };

  return aura_cli_dispatch (cli, "scan", commands, argc, argv, error);
}
