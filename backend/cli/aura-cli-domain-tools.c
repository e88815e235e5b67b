/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "aura-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <unistd.h>

#include "aura-api-keys.h"
#include "aura-cli-private.h"
#include "aura-dns.h"
#include "aura-domain-scan.h"
#include "aura-rdap.h"
#include "aura-source-list.h"

/* The domain tools one by one: `sources` (the passive source manifests),
 * `keys` (API keys in the keyring), `dns` (records and zone transfers) and
 * `rdap` (registration data). `scan domain` runs them all. */

/* ---- sources ---------------------------------------------------------------- */

static const char *
yields_text (AuraSource *source)
{
  static const AuraEntityType kinds[] = { AURA_ENTITY_SUBDOMAIN, AURA_ENTITY_EMAIL, AURA_ENTITY_IP,
                                          AURA_ENTITY_URL };
  static char text[64];

  text[0] = '\0';
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (aura_source_yields (source, kinds[i]))
      {
        if (text[0] != '\0')
          g_strlcat (text, ",", sizeof text);
        g_strlcat (text, aura_entity_type_to_string (kinds[i]), sizeof text);
      }
  return text;
}

static gboolean
print_sources (AuraCli *cli, AuraSourceList *list)
{
  g_autoptr (AuraApiKeys) keys = aura_api_keys_new ();
  g_autoptr (AuraCliTable) table = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  guint n = aura_source_list_get_n_sources (list);

  /* Listing never waits for a keyring: only the environment is read. */
  aura_api_keys_set_use_keyring (keys, FALSE);
  table = aura_cli_table_new (4, _ ("NAME"), _ ("SOURCE"), _ ("YIELDS"), _ ("API KEY"));
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      AuraSource *source = aura_source_list_get_source (list, i);
      const char *key_name = aura_source_get_key_name (source);
      g_autofree char *key = key_name != NULL ? aura_api_keys_get (keys, key_name, NULL) : NULL;
      g_autofree char *env = key_name != NULL ? aura_api_keys_get_env_name (key_name) : NULL;
      g_autofree char *key_text = NULL;

      if (key_name == NULL)
        key_text = g_strdup (_ ("none needed"));
      else if (key != NULL)
        key_text = g_strdup_printf (_ ("%s (set in %s)"), key_name, env);
      else
        key_text = g_strdup_printf (_ ("%s (not in %s; keyring not asked)"), key_name, env);
      aura_cli_table_add_row (table, aura_source_get_name (source), aura_source_get_label (source),
                              yields_text (source), key_text);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, aura_source_get_name (source));
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, aura_source_get_label (source));
      json_builder_set_member_name (builder, "homepage");
      json_builder_add_string_value (builder, aura_source_get_homepage (source));
      json_builder_set_member_name (builder, "yields");
      json_builder_add_string_value (builder, yields_text (source));
      json_builder_set_member_name (builder, "key");
      json_builder_add_string_value (builder, key_name);
      json_builder_set_member_name (builder, "key_required");
      json_builder_add_boolean_value (builder, aura_source_get_key_required (source));
      json_builder_set_member_name (builder, "key_in_environment");
      json_builder_add_boolean_value (builder, key != NULL);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  if (cli->json)
    {
      g_autoptr (JsonNode) root = json_builder_get_root (builder);

      aura_cli_print_json (root);
    }
  else
    aura_cli_table_print (cli, table);
  return TRUE;
}

static gboolean
sources_list (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE;
  g_autoptr (GOptionContext) context = aura_cli_option_context_new (
      cli, "sources list", NULL,
      N_ ("The passive sources a domain scan asks, and the API key each needs."), NULL, &help);
  g_autoptr (AuraSourceList) list = NULL;

  if (!aura_cli_parse (cli, context, &help, &argc, &argv, 0, 0, error) || help)
    return !help ? FALSE : TRUE;
  list = aura_source_list_load_bundled (error);
  return list != NULL && print_sources (cli, list);
}

static gboolean
sources_validate (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE;
  g_autoptr (GOptionContext) context = aura_cli_option_context_new (
      cli, "sources validate", _ ("FILE"), N_ ("Check a source manifest and list its sources."),
      NULL, &help);
  g_autoptr (AuraSourceList) list = NULL;
  const char *const *warnings;

  if (!aura_cli_parse (cli, context, &help, &argc, &argv, 1, 1, error) || help)
    return !help ? FALSE : TRUE;
  list = aura_source_list_load_file (argv[1], error);
  if (list == NULL)
    {
      /* A manifest that does not validate is invalid input (exit code 4). */
      if ((*error)->domain != G_FILE_ERROR)
        (*error)->domain = G_IO_ERROR, (*error)->code = G_IO_ERROR_INVALID_ARGUMENT;
      return FALSE;
    }
  warnings = aura_source_list_get_warnings (list);
  for (guint i = 0; warnings != NULL && warnings[i] != NULL; i++)
    g_printerr ("%s\n", warnings[i]);
  return print_sources (cli, list);
}

static gboolean
cli_sources (AuraCli *cli, int argc, char **argv, GError **error)
{
  static const AuraCliCommand commands[] = {
    { "list", sources_list, N_ ("The bundled passive sources and their keys") },
    { "validate", sources_validate, N_ ("Check a source manifest") },
    { NULL },
  };

  return aura_cli_dispatch (cli, "sources", commands, argc, argv, error);
}

/* ---- keys ---------------------------------------------------------------------- */

static gboolean
keys_set (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE;
  g_autoptr (GOptionContext) context = aura_cli_option_context_new (
      cli, "keys set", _ ("NAME"),
      N_ ("Save an API key in the desktop keyring; the key is read from the standard input, so "
          "that it stays out of the shell’s history."),
      NULL, &help);
  g_autoptr (AuraApiKeys) keys = aura_api_keys_new ();
  char line[4096];

  if (!aura_cli_parse (cli, context, &help, &argc, &argv, 1, 1, error) || help)
    return !help ? FALSE : TRUE;
  if (!aura_api_keys_name_is_valid (argv[1]))
    {
      g_set_error (error, AURA_CLI_ERROR, AURA_CLI_ERROR_USAGE,
                   _ ("“%s” is not a key name: use letters, digits, “-” and “_”"), argv[1]);
      return FALSE;
    }
  if (isatty (STDIN_FILENO))
    fprintf (stderr, _ ("Key for %s: "), argv[1]);
  if (fgets (line, sizeof line, stdin) == NULL || g_strstrip (line)[0] == '\0')
    {
      g_set_error_literal (error, AURA_CLI_ERROR, AURA_CLI_ERROR_USAGE,
                           _ ("No key was given on the standard input"));
      return FALSE;
    }
  if (!aura_api_keys_store_sync (keys, argv[1], line, error))
    return FALSE;
  memset (line, 0, sizeof line);
  if (!cli->json)
    printf (_ ("Saved the key “%s” in the keyring\n"), argv[1]);
  return TRUE;
}

static gboolean
keys_clear (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE;
  g_autoptr (GOptionContext) context =
      aura_cli_option_context_new (cli, "keys clear", _ ("NAME"),
                                   N_ ("Remove an API key from the desktop keyring."), NULL, &help);
  g_autoptr (AuraApiKeys) keys = aura_api_keys_new ();

  if (!aura_cli_parse (cli, context, &help, &argc, &argv, 1, 1, error) || help)
    return !help ? FALSE : TRUE;
  if (!aura_api_keys_clear_sync (keys, argv[1], error))
    return FALSE;
  if (!cli->json)
    printf (_ ("Removed the key “%s” from the keyring\n"), argv[1]);
  return TRUE;
}

static gboolean
cli_keys (AuraCli *cli, int argc, char **argv, GError **error)
{
  static const AuraCliCommand commands[] = {
    { "set", keys_set, N_ ("Save an API key in the keyring (read from standard input)") },
    { "clear", keys_clear, N_ ("Remove an API key from the keyring") },
    { NULL },
  };

  return aura_cli_dispatch (cli, "keys", commands, argc, argv, error);
}

/* ---- dns ------------------------------------------------------------------------- */

static void
print_records (AuraCli *cli, GPtrArray *records)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < records->len; i++)
    {
      g_autofree char *line = aura_dns_record_to_string (records->pdata[i]);

      if (cli->json)
        json_builder_add_string_value (builder, line);
      else
        printf ("%s\n", line);
    }
  json_builder_end_array (builder);
  if (cli->json)
    {
      g_autoptr (JsonNode) root = json_builder_get_root (builder);

      aura_cli_print_json (root);
    }
}

static gboolean
dns_lookup (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE;
  g_auto (GStrv) servers = NULL;
  const GOptionEntry entries[] = {
    { "server", 's', 0, G_OPTION_ARG_STRING_ARRAY, &servers,
      N_ ("DNS server to ask (repeat for several; default: the system’s)"), N_ ("IP[:PORT]") },
    { NULL },
  };
  g_autoptr (GOptionContext) context = aura_cli_option_context_new (
      cli, "dns lookup", _ ("NAME [TYPE]"),
      N_ ("The records of a name: A, AAAA, CNAME, MX, NS, TXT, SOA, CAA, SRV or PTR (default A; "
          "PTR takes an address)."),
      entries, &help);
  g_autoptr (AuraDnsClient) client = NULL;
  g_autoptr (GPtrArray) records = NULL;
  AuraDnsClientOptions options = { 0 };
  guint type = AURA_DNS_TYPE_A;

  if (!aura_cli_parse (cli, context, &help, &argc, &argv, 1, 2, error) || help)
    return !help ? FALSE : TRUE;
  if (argc > 2 && !aura_dns_type_from_string (argv[2], &type))
    {
      g_set_error (error, AURA_CLI_ERROR, AURA_CLI_ERROR_USAGE,
                   _ ("“%s” is not a record type Aura knows"), argv[2]);
      return FALSE;
    }
  options.servers = (const char *const *)servers;
  client = aura_dns_client_new (&options, error);
  if (client == NULL)
    return FALSE;
  records = aura_dns_client_lookup_sync (client, argv[1], type, NULL, error);
  if (records == NULL)
    return FALSE;
  print_records (cli, records);
  return TRUE;
}

static gboolean
dns_axfr (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE;
  g_autoptr (GOptionContext) context = aura_cli_option_context_new (
      cli, "dns axfr", _ ("ZONE SERVER"),
      N_ ("Ask a name server (IP[:PORT]) for a whole zone; most refuse, and say so."), NULL, &help);
  g_autoptr (GPtrArray) records = NULL;

  if (!aura_cli_parse (cli, context, &help, &argc, &argv, 2, 2, error) || help)
    return !help ? FALSE : TRUE;
  records = aura_dns_axfr (argv[2], argv[1], 0, NULL, error);
  if (records == NULL)
    return FALSE;
  print_records (cli, records);
  return TRUE;
}

static gboolean
cli_dns (AuraCli *cli, int argc, char **argv, GError **error)
{
  static const AuraCliCommand commands[] = {
    { "lookup", dns_lookup, N_ ("The records of a name") },
    { "axfr", dns_axfr, N_ ("Try a zone transfer") },
    { NULL },
  };

  return aura_cli_dispatch (cli, "dns", commands, argc, argv, error);
}

/* ---- rdap -------------------------------------------------------------------------- */

static void
print_line (AuraCli *cli, const char *label, const char *value)
{
  if (value != NULL && *value != '\0')
    aura_cli_print_line (cli, label, value);
}

static void
print_date (AuraCli *cli, const char *label, GDateTime *date)
{
  g_autofree char *text = date != NULL ? g_date_time_format (date, "%Y-%m-%d") : NULL;

  print_line (cli, label, text);
}

static void
print_rdap (AuraCli *cli, const AuraRdapResult *result)
{
  g_autofree char *status = result->status != NULL ? g_strjoinv (", ", result->status) : NULL;
  g_autofree char *nameservers =
      result->nameservers != NULL ? g_strjoinv (", ", result->nameservers) : NULL;
  g_autofree char *cidrs = result->cidrs != NULL ? g_strjoinv (", ", result->cidrs) : NULL;

  print_line (cli, _ ("Object"), result->object_class);
  print_line (cli, _ ("Handle"), result->handle);
  print_line (cli, _ ("Name"), result->ldh_name != NULL ? result->ldh_name : result->name);
  print_line (cli, _ ("Registrar"), result->registrar_name);
  print_date (cli, _ ("Registered"), result->registered);
  print_date (cli, _ ("Expires"), result->expires);
  print_date (cli, _ ("Last changed"), result->last_changed);
  print_line (cli, _ ("Status"), status);
  print_line (cli, _ ("Name servers"), nameservers);
  print_line (cli, _ ("Networks"), cidrs);
  print_line (cli, _ ("Country"), result->country);
  for (guint i = 0; result->entities != NULL && i < result->entities->len; i++)
    {
      const AuraRdapEntity *entity = result->entities->pdata[i];
      g_autofree char *roles = g_strjoinv (", ", entity->roles);
      g_autofree char *emails = g_strjoinv (", ", entity->emails);
      g_autofree char *who =
          g_strjoin (" · ", entity->name != NULL ? entity->name : "",
                     entity->organisation != NULL ? entity->organisation : "", emails, NULL);

      print_line (cli, roles, g_strstrip (who));
    }
  print_line (cli, _ ("Source"), result->url);
  if (result->registrar_data != NULL)
    {
      printf ("\n");
      print_rdap (cli, result->registrar_data);
    }
}

static gboolean
cli_rdap (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE;
  g_autofree char *bootstrap_dir = NULL;
  const GOptionEntry entries[] = {
    { "bootstrap", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &bootstrap_dir,
      N_ ("Read the RDAP bootstrap files from this folder"), N_ ("DIR") },
    { NULL },
  };
  g_autoptr (GOptionContext) context = aura_cli_option_context_new (
      cli, "rdap", _ ("DOMAIN|IP|ASN"),
      N_ ("Registration data of a domain, an IP address or network, or an AS number."), entries,
      &help);
  g_autoptr (AuraRdapBootstrap) bootstrap = NULL;
  g_autoptr (AuraRdapResult) result = NULL;
  g_autoptr (AuraEngine) engine = NULL;
  AuraCliNet net = { 0 };
  AuraRdapLookupOptions options = { 0 };
  AuraRdapKind kind;

  if (!aura_cli_parse (cli, context, &help, &argc, &argv, 1, 1, error) || help)
    return !help ? FALSE : TRUE;
  if (!aura_rdap_guess_kind (argv[1], &kind))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _ ("“%s” is neither a domain, an IP address nor an AS number"), argv[1]);
      return FALSE;
    }
  bootstrap = bootstrap_dir != NULL
                  ? aura_rdap_bootstrap_new_from_dirs (bootstrap_dir, bootstrap_dir, error)
                  : aura_rdap_bootstrap_new_default (error);
  if (bootstrap == NULL)
    return FALSE;
  net.loopback_only = g_strcmp0 (g_getenv ("AURA_LOOPBACK_ONLY"), "1") == 0;
  engine = aura_cli_net_engine_new (&net, error);
  aura_cli_net_clear (&net);
  if (engine == NULL)
    return FALSE;
  options.bootstrap = bootstrap;
  result = aura_rdap_lookup_run (engine, kind, argv[1], &options, error);
  if (result == NULL)
    return FALSE;
  if (cli->json)
    {
      g_autoptr (JsonNode) root = aura_rdap_result_summary_to_json (result);

      aura_cli_print_json (root);
    }
  else
    print_rdap (cli, result);
  return TRUE;
}

gboolean
aura_cli_sources (AuraCli *cli, int argc, char **argv, GError **error)
{
  return cli_sources (cli, argc, argv, error);
}

gboolean
aura_cli_keys (AuraCli *cli, int argc, char **argv, GError **error)
{
  return cli_keys (cli, argc, argv, error);
}

gboolean
aura_cli_dns (AuraCli *cli, int argc, char **argv, GError **error)
{
  return cli_dns (cli, argc, argv, error);
}

gboolean
aura_cli_rdap (AuraCli *cli, int argc, char **argv, GError **error)
{
  return cli_rdap (cli, argc, argv, error);
}
