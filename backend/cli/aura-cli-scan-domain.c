/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "aura-cli"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "aura-api-keys.h"
#include "aura-cli-private.h"
#include "aura-domain-scan.h"

/* aura-cli scan domain: subdomains, records, sources, RDAP and harvest. */

typedef struct
{
  AuraCli *cli;
  AuraDomainScan *scan;
  gboolean progress_line;
  gboolean verbose;
  guint sigint_source;
} DomainRun;

/* One "IP[:PORT]" a line; blank lines and "#" comments skipped. */
static GStrv
read_resolvers (const char *path, GError **error)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) resolvers = NULL;

  if (!g_file_get_contents (path, &text, NULL, error))
    return NULL;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *hash = strchr (lines[i], '#');

      if (hash != NULL)
        *hash = '\0';
      g_strstrip (lines[i]);
      if (*lines[i] == '\0')
        continue;
      if (strchr (lines[i], ' ') != NULL || strchr (lines[i], '\t') != NULL)
        {
          g_set_error (error, AURA_CLI_ERROR, AURA_CLI_ERROR_USAGE,
                       _ ("%s, line %u: “%s” is not a resolver; write one IP[:PORT] a line"), path,
                       i + 1, lines[i]);
          return NULL;
        }
      g_strv_builder_add (builder, lines[i]);
    }
  resolvers = g_strv_builder_end (builder);
  if (resolvers[0] == NULL)
    {
      g_set_error (error, AURA_CLI_ERROR, AURA_CLI_ERROR_USAGE,
                   _ ("%s lists no resolver; write one IP[:PORT] a line"), path);
      return NULL;
    }
  return g_steal_pointer (&resolvers);
}

static void
print_progress (DomainRun *run, gboolean final)
{
  AuraDomainScanProgress p;

  if (!run->progress_line)
    return;
  aura_domain_scan_get_progress (run->scan, &p);
  fputs ("\r\033[K", stderr);
  /* Translators: the live progress line of a domain scan. */
  fprintf (stderr,
           _ ("%u names (%u resolve) · %u addresses · %u emails · %u/%u parts done · %.1f s"),
           p.names, p.resolved, p.addresses, p.emails, p.parts_done, p.parts_total,
           p.elapsed_us / (double)G_USEC_PER_SEC);
  if (final)
    fputc ('\n', stderr);
  fflush (stderr);
}

static void
progress_cb (AuraDomainScan *scan, gpointer data)
{
  print_progress (data, FALSE);
}

static void
source_cb (AuraDomainScan *scan, AuraDomainSource *part, gpointer data)
{
  DomainRun *run = data;

  if (!run->verbose || part->state == AURA_DOMAIN_SOURCE_RUNNING)
    return;
  if (run->progress_line)
    fputs ("\r\033[K", stderr);
  fprintf (stderr, "%s: %s, %u\n", part->label, aura_domain_source_state_to_string (part->state),
           part->found);
}

static gboolean
sigint_cb (gpointer data)
{
  DomainRun *run = data;

  aura_domain_scan_cancel (run->scan);
  run->sigint_source = 0;
  return G_SOURCE_REMOVE;
}

static const char *
state_label (AuraDomainSourceState state)
{
  switch (state)
    {
      case AURA_DOMAIN_SOURCE_RUNNING:
        return _ ("running");
      case AURA_DOMAIN_SOURCE_OK:
        return _ ("done");
      case AURA_DOMAIN_SOURCE_ERROR:
        return _ ("failed");
      case AURA_DOMAIN_SOURCE_SKIPPED:
        return _ ("skipped");
      case AURA_DOMAIN_SOURCE_CANCELLED:
      default:
        return _ ("cancelled");
    }
}

static char *
join (GPtrArray *values, const char *separator)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; i < values->len; i++)
    {
      if (i > 0)
        g_string_append (text, separator);
      g_string_append (text, values->pdata[i]);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
print_human (DomainRun *run)
{
  g_autoptr (GPtrArray) names = aura_domain_scan_get_names (run->scan);
  g_autoptr (GPtrArray) parts = aura_domain_scan_get_sources (run->scan);
  g_autoptr (AuraCliTable) table = NULL;
  g_autoptr (AuraCliTable) summary = NULL;
  AuraDomainScanProgress p;

  aura_domain_scan_get_progress (run->scan, &p);
  if (names->len > 0)
    {
      table = aura_cli_table_new (3, _ ("NAME"), _ ("ADDRESSES"), _ ("FOUND BY"));
      aura_cli_table_set_flexible (table, 1);
      for (guint i = 0; i < names->len; i++)
        {
          AuraDomainName *name = names->pdata[i];
          g_autofree char *addresses = join (name->addresses, " ");
          g_autofree char *sources = join (name->sources, ",");
          g_autofree char *shown = NULL;

          if (!name->resolves)
            shown = g_strdup (name->dangling ? _ ("(dangling alias)") : _ ("(does not resolve)"));
          aura_cli_table_add_row (table, name->name, shown != NULL ? shown : addresses, sources);
        }
      aura_cli_table_print (run->cli, table);
      printf ("\n");
    }
  summary = aura_cli_table_new (4, _ ("SOURCE"), _ ("STATE"), _ ("FOUND"), _ ("NOTE"));
  aura_cli_table_set_flexible (summary, 3);
  for (guint i = 0; i < parts->len; i++)
    {
      AuraDomainSource *part = parts->pdata[i];
      g_autofree char *found = g_strdup_printf ("%u", part->found);

      aura_cli_table_add_row (summary, part->label, state_label (part->state), found,
                              part->error != NULL ? part->error : "");
    }
  aura_cli_table_print (run->cli, summary);
  printf (_ ("%s: %u names (%u resolve), %u addresses, %u emails in %.1f s\n"),
          aura_domain_scan_get_domain (run->scan), p.names, p.resolved, p.addresses, p.emails,
          p.elapsed_us / (double)G_USEC_PER_SEC);
  if (p.wildcard_discarded > 0)
    printf (g_dngettext (GETTEXT_PACKAGE,
                         "%llu answer matched a wildcard record and was left out\n",
                         "%llu answers matched a wildcard record and were left out\n",
                         (gulong)MIN (p.wildcard_discarded, G_MAXULONG)),
            (unsigned long long)p.wildcard_discarded);
  if (aura_domain_scan_get_scan_id (run->scan) != 0)
    printf (_ ("Recorded as scan %lld\n"), (long long)aura_domain_scan_get_scan_id (run->scan));
}

gboolean
aura_cli_scan_domain (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE, permutations = FALSE, no_transfer = FALSE, no_rdap = FALSE,
           no_harvest = FALSE, no_asn = FALSE, verbose = FALSE;
  g_autofree char *investigation_ref = NULL;
  g_autofree char *brute = NULL;
  g_autofree char *resolvers_path = NULL;
  g_autofree char *rdap_bootstrap = NULL;
  g_autofree char *web_scheme = NULL;
  g_auto (GStrv) source_args = NULL;
  g_auto (GStrv) key_args = NULL;
  g_auto (GStrv) source_urls = NULL;
  int rate = 0, pages = 0, web_port = 0;
  AuraCliNet net = { 0 };
  const GOptionEntry scan_entries[] = {
    { "investigation", 'i', 0, G_OPTION_ARG_STRING, &investigation_ref,
      N_ ("Record the scan and its findings in this investigation"), N_ ("INV") },
    { "brute", 'b', 0, G_OPTION_ARG_FILENAME, &brute,
      N_ ("Try the names of this word list (a file, or small, medium or large)"), N_ ("WORDLIST") },
    { "permutations", 'p', 0, G_OPTION_ARG_NONE, &permutations,
      N_ ("Also try permutations of the names found"), NULL },
    { "sources", 's', 0, G_OPTION_ARG_STRING_ARRAY, &source_args,
      N_ ("Passive sources to ask: names (comma-separated), all or none (default all)"),
      N_ ("LIST") },
    { "resolvers", 'r', 0, G_OPTION_ARG_FILENAME, &resolvers_path,
      N_ ("DNS servers to use, one IP[:PORT] a line (default: the system’s)"), N_ ("FILE") },
    { "rate", 0, 0, G_OPTION_ARG_INT, &rate,
      N_ ("DNS queries per second for the brute force (default: no limit)"), N_ ("N") },
    { "key", 0, 0, G_OPTION_ARG_STRING_ARRAY, &key_args,
      N_ ("API key for a source, as NAME=VALUE (else AURA_KEY_NAME or the keyring)"),
      N_ ("NAME=VALUE") },
    { "no-transfer", 0, 0, G_OPTION_ARG_NONE, &no_transfer, N_ ("Do not try zone transfers"),
      NULL },
    { "no-rdap", 0, 0, G_OPTION_ARG_NONE, &no_rdap, N_ ("Do not ask RDAP"), NULL },
    { "no-harvest", 0, 0, G_OPTION_ARG_NONE, &no_harvest,
      N_ ("Do not read the domain’s own web pages"), NULL },
    { "no-asn", 0, 0, G_OPTION_ARG_NONE, &no_asn,
      N_ ("Do not look up the network and AS of the addresses"), NULL },
    { "pages", 0, 0, G_OPTION_ARG_INT, &pages,
      N_ ("Web pages of the domain read at most (default 20)"), N_ ("N") },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, N_ ("Say when each source ends"), NULL },
    { "source-url", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING_ARRAY, &source_urls,
      N_ ("Send a source’s requests to another base URL (tests, mirrors)"), N_ ("NAME=URL") },
    { "rdap-bootstrap", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &rdap_bootstrap,
      N_ ("Read the RDAP bootstrap files from this folder"), N_ ("DIR") },
    { "web-port", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &web_port,
      N_ ("Port of the domain’s web site"), N_ ("PORT") },
    { "web-scheme", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &web_scheme,
      N_ ("Scheme of the domain’s web site (http or https)"), N_ ("SCHEME") },
  };
  g_autoptr (GArray) entries = g_array_new (TRUE, TRUE, sizeof (GOptionEntry));
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (AuraEngine) engine = NULL;
  g_autoptr (AuraInvestigation) investigation = NULL;
  g_autoptr (AuraDomainScan) scan = NULL;
  g_autoptr (AuraApiKeys) keys = aura_api_keys_new ();
  g_auto (GStrv) resolvers = NULL;
  g_auto (GStrv) sources = NULL;
  AuraDomainScanOptions options = { 0 };
  DomainRun run = { 0 };
  gboolean ok;

  net.loopback_only = g_strcmp0 (g_getenv ("AURA_LOOPBACK_ONLY"), "1") == 0;
  g_array_append_vals (entries, scan_entries, G_N_ELEMENTS (scan_entries));
  aura_cli_net_add_entries (&net, entries);
  context = aura_cli_option_context_new (
      cli, "scan domain", _ ("DOMAIN"),
      N_ ("Map a domain: its records, subdomains from passive sources, zone transfers and a "
          "brute force, its registration (RDAP), its networks, and what its own pages say."),
      (const GOptionEntry *)(void *)entries->data, &help);
  ok = aura_cli_parse (cli, context, &help, &argc, &argv, 1, 1, error);
  if (!ok || help)
    {
      aura_cli_net_clear (&net);
      return ok;
    }
  if (rate < 0 || pages < 0 || web_port < 0 || web_port > 65535)
    {
      g_set_error (error, AURA_CLI_ERROR, AURA_CLI_ERROR_USAGE,
                   _ ("Counts and times take a number of zero or more"));
      aura_cli_net_clear (&net);
      return FALSE;
    }
  if (resolvers_path != NULL && (resolvers = read_resolvers (resolvers_path, error)) == NULL)
    {
      aura_cli_net_clear (&net);
      return FALSE;
    }
  /* The web requests use the same resolvers unless told otherwise. */
  if (net.dns_servers == NULL && resolvers != NULL)
    {
      g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

      /* The engine wants IP:PORT; a resolvers file may leave port 53 out. */
      for (guint i = 0; resolvers[i] != NULL; i++)
        {
          const char *r = resolvers[i];
          gboolean has_port = r[0] == '['
                                  ? strstr (r, "]:") != NULL
                                  : strchr (r, ':') != NULL && strchr (r, ':') == strrchr (r, ':');

          g_autofree char *full = NULL;

          if (has_port)
            full = g_strdup (r);
          else if (strchr (r, ':') != NULL && r[0] != '[')
            full = g_strdup_printf ("[%s]:53", r);
          else
            full = g_strdup_printf ("%s:53", r);
          g_strv_builder_add (builder, full);
        }
      net.dns_servers = g_strv_builder_end (builder);
    }
  engine = aura_cli_net_engine_new (&net, error);
  aura_cli_net_clear (&net);
  if (engine == NULL)
    return FALSE;
  for (guint i = 0; key_args != NULL && key_args[i] != NULL; i++)
    if (!aura_api_keys_parse_assignment (keys, key_args[i], error))
      return FALSE;
  if (investigation_ref != NULL &&
      (investigation = aura_cli_find_investigation (cli, investigation_ref, FALSE, error)) == NULL)
    return FALSE;

  sources = aura_cli_split_list (source_args);
  options.domain = argv[1];
  options.resolvers = (const char *const *)resolvers;
  options.wordlist = brute;
  options.permutations = permutations;
  options.rate = (guint)rate;
  options.sources = sources[0] != NULL ? (const char *const *)sources : NULL;
  options.keys = keys;
  options.source_url_overrides = (const char *const *)source_urls;
  options.rdap_bootstrap_dir = rdap_bootstrap;
  options.no_transfer = no_transfer;
  options.no_rdap = no_rdap;
  options.no_harvest = no_harvest;
  options.no_asn = no_asn;
  options.harvest_pages = (guint)pages;
  options.web_port = (guint)web_port;
  options.web_scheme = web_scheme;
  if (investigation != NULL)
    options.investigation_id = aura_investigation_get_id (investigation);
  scan = aura_domain_scan_new (engine, investigation != NULL ? cli->store : NULL, &options, error);
  if (scan == NULL)
    return FALSE;

  run.cli = cli;
  run.scan = scan;
  run.verbose = verbose;
  run.progress_line = !cli->json && isatty (STDERR_FILENO);
  g_signal_connect (scan, "progress", G_CALLBACK (progress_cb), &run);
  g_signal_connect (scan, "source", G_CALLBACK (source_cb), &run);
  run.sigint_source = g_unix_signal_add (SIGINT, sigint_cb, &run);
  ok = aura_domain_scan_run (scan, error);
  if (run.sigint_source != 0)
    g_source_remove (run.sigint_source);
  print_progress (&run, TRUE);

  if (cli->json)
    {
      g_autoptr (JsonNode) root = aura_domain_scan_to_json (scan);

      aura_cli_print_json (root);
    }
  else
    print_human (&run);
  if (ok && aura_domain_scan_was_cancelled (scan))
    {
      g_set_error_literal (error, AURA_CLI_ERROR, AURA_CLI_ERROR_CANCELLED,
                           _ ("Cancelled; what was found so far is shown and kept"));
      return FALSE;
    }
  return ok;
}
