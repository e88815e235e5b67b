/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "aura-cli"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "aura-cli-private.h"

G_DEFINE_QUARK (aura - cli - error - quark, aura_cli_error)

/* aura-cli-sites.c */
gboolean aura_cli_sites (AuraCli *cli, int argc, char **argv, GError **error);

static const AuraCliCommand top_commands[] = {
  { "investigation", aura_cli_investigation,
    N_ ("Create, list, rename, archive, delete investigations") },
  { "target", aura_cli_target, N_ ("Add, list and remove the targets of an investigation") },
  { "entity", aura_cli_entity, N_ ("List, show and search entities") },
  { "export", aura_cli_export, N_ ("Export an investigation as JSON or CSV") },
  { "graph", aura_cli_graph,
    N_ ("Graph statistics, shortest paths, GEXF and GraphML export and import") },
  { "audit", aura_cli_audit, N_ ("Read and verify the audit log") },
  { "db", aura_cli_db, N_ ("Check the database, show its path") },
  { "sites", aura_cli_sites, N_ ("List, show, validate and import username site lists") },
  { "scan", aura_cli_scan, N_ ("Run a tool: accounts by username, or map a domain") },
  { "sources", aura_cli_sources, N_ ("The passive sources of domain scans") },
  { "keys", aura_cli_keys, N_ ("API keys of the sources, in the desktop keyring") },
  { "dns", aura_cli_dns, N_ ("DNS records and zone transfers") },
  { "rdap", aura_cli_rdap, N_ ("Registration data of a domain, an address or an AS") },
  { "phone", aura_cli_phone, N_ ("What a phone number says by itself, offline") },
  { "tools", aura_cli_tools, N_ ("The tool registry: list, show and run tools") },
  { "types", aura_cli_types, N_ ("List the entity types") },
  { "version", aura_cli_version, N_ ("Show the version") },
  { NULL, NULL, NULL },
};

void
aura_cli_set_hint (AuraCli *cli, const char *hint)
{
  g_free (cli->hint);
  cli->hint = g_strdup (hint);
}

gboolean
aura_cli_parse_id (const char *text, gint64 *out_id)
{
  guint64 value = 0;

  if (text == NULL || !g_ascii_isdigit (text[0]))
    return FALSE;
  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;
  *out_id = (gint64)value;
  return TRUE;
}

gboolean
aura_cli_parse_entity_type (const char *name, AuraEntityType *out_type, GError **error)
{
  return aura_entity_type_from_string (name, out_type, error);
}

/* --db, then $AURA_DB, then the store's default. */
char *
aura_cli_get_db_path (AuraCli *cli)
{
  const char *env = g_getenv ("AURA_DB");

  if (cli->db_path != NULL)
    return g_strdup (cli->db_path);
  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return aura_store_get_default_path ();
}

AuraStore *
aura_cli_get_store (AuraCli *cli, GError **error)
{
  g_autofree char *path = NULL;

  if (cli->store != NULL)
    return cli->store;

  path = aura_cli_get_db_path (cli);

  cli->store = aura_store_open (path, AURA_STORE_OPEN_DEFAULT, error);
  if (cli->store == NULL)
    return NULL;
  if (cli->actor != NULL)
    aura_store_set_actor (cli->store, cli->actor);
  return cli->store;
}

static gboolean
investigation_matches (AuraInvestigation *investigation, const char *ref)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  gint64 id = 0;

  if (aura_cli_parse_id (ref, &id))
    return aura_investigation_get_id (investigation) == id;
  if (g_ascii_strcasecmp (aura_investigation_get_uuid (investigation), ref) == 0)
    return TRUE;
  a = g_utf8_casefold (aura_investigation_get_name (investigation), -1);
  b = g_utf8_casefold (ref, -1);
  return g_strcmp0 (a, b) == 0;
}

/* The store finds investigations that are not in the trash; restoring and
 * purging also need the ones that are, so those look through the trash too. */
AuraInvestigation *
aura_cli_find_investigation (AuraCli *cli,
                             const char *ref,
                             gboolean include_deleted,
                             GError **error)
{
  AuraStore *store = aura_cli_get_store (cli, error);
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GPtrArray) deleted = NULL;
  AuraInvestigation *found;

  if (store == NULL)
    return NULL;

  found = aura_store_find_investigation (store, ref, &local_error);
  if (found != NULL)
    return found;
  if (!include_deleted ||
      !g_error_matches (local_error, AURA_STORE_ERROR, AURA_STORE_ERROR_NOT_FOUND))
    goto fail;

  deleted = aura_store_list_deleted_investigations (store, error);
  if (deleted == NULL)
    return NULL;
  for (guint i = 0; i < deleted->len; i++)
    {
      AuraInvestigation *investigation = g_ptr_array_index (deleted, i);

      if (investigation_matches (investigation, ref))
        return g_object_ref (investigation);
    }

fail:
  if (g_error_matches (local_error, AURA_STORE_ERROR, AURA_STORE_ERROR_NOT_FOUND))
    aura_cli_set_hint (cli, _ ("List investigations with “aura-cli investigation list”."));
  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

/* The global options are accepted after the command too, so that
 * `aura-cli investigation list --json` works as well as the canonical form.
 * They land in separate variables: GOption does not free a value it
 * overwrites. */
typedef struct
{
  char *db_path;
  char *actor;
} LateOptions;

static LateOptions late;

GOptionContext *
aura_cli_option_context_new (AuraCli *cli,
                             const char *command,
                             const char *parameters,
                             const char *summary,
                             const GOptionEntry *entries,
                             gboolean *help)
{
  g_autofree char *usage = g_strdup_printf ("%s %s", command, parameters ? parameters : "");
  GOptionContext *context = g_option_context_new (usage);
  GOptionGroup *global;
  const GOptionEntry help_entries[] = {
    { "help", 'h', 0, G_OPTION_ARG_NONE, help, N_ ("Show help options"), NULL },
    G_OPTION_ENTRY_NULL,
  };
  const GOptionEntry global_entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &late.db_path, N_ ("Database file"), N_ ("PATH") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &cli->json, N_ ("Print JSON"), NULL },
    { "actor", 0, 0, G_OPTION_ARG_STRING, &late.actor, N_ ("Name written in the audit log"),
      N_ ("NAME") },
    G_OPTION_ENTRY_NULL,
  };

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (context, FALSE);
  if (summary != NULL)
    g_option_context_set_summary (context, _ (summary));
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, help_entries, GETTEXT_PACKAGE);

  global =
      g_option_group_new ("global", _ ("Global options:"), _ ("Show global options"), NULL, NULL);
  g_option_group_set_translation_domain (global, GETTEXT_PACKAGE);
  g_option_group_add_entries (global, global_entries);
  g_option_context_add_group (context, global);
  return context;
}

gboolean
aura_cli_parse (AuraCli *cli,
                GOptionContext *context,
                gboolean *help,
                int *argc,
                char ***argv,
                int min_args,
                int max_args,
                GError **error)
{
  int n_args;

  if (!g_option_context_parse (context, argc, argv, error))
    {
      aura_cli_set_hint (cli, _ ("Add --help after the command to see its options."));
      return FALSE;
    }
  if (late.db_path != NULL)
    {
      g_free (cli->db_path);
      cli->db_path = g_steal_pointer (&late.db_path);
    }
  if (late.actor != NULL)
    {
      g_free (cli->actor);
      cli->actor = g_steal_pointer (&late.actor);
    }
  if (*help)
    {
      g_autofree char *text = g_option_context_get_help (context, FALSE, NULL);

      fputs (text, stdout);
      return TRUE;
    }

  /* A "--" that ends the options is left in argv by GOption; skip it. */
  if (*argc > 1 && g_str_equal ((*argv)[1], "--"))
    {
      memmove (&(*argv)[1], &(*argv)[2], sizeof (char *) * (gsize)(*argc - 1));
      (*argc)--;
    }

  n_args = *argc - 1;
  if (n_args < min_args || (max_args >= 0 && n_args > max_args))
    {
      g_set_error (error, AURA_CLI_ERROR, AURA_CLI_ERROR_USAGE,
                   n_args < min_args ? _ ("Missing argument") : _ ("Too many arguments"));
      aura_cli_set_hint (cli, _ ("Add --help after the command to see how to call it."));
      return FALSE;
    }
  return TRUE;
}

/* The list of commands of a group (@group "" for the top level). */
static void
print_commands (FILE *out, const char *group, const AuraCliCommand *commands)
{
  fprintf (out,
           _ ("Usage:\n  aura-cli [--db PATH] [--json] [--actor NAME] %s%sCOMMAND [OPTION…]\n\n"),
           group, *group != '\0' ? " " : "");
  fprintf (out, "%s\n", _ ("Commands:"));
  for (guint i = 0; commands[i].name != NULL; i++)
    fprintf (out, "  %-15s %s\n", commands[i].name, _ (commands[i].summary));
  fprintf (out, "\n%s\n", _ ("Add --help after a command to see its options."));
}

static gboolean
is_help (const char *arg)
{
  return g_str_equal (arg, "--help") || g_str_equal (arg, "-h") || g_str_equal (arg, "help");
}

gboolean
aura_cli_dispatch (AuraCli *cli,
                   const char *group,
                   const AuraCliCommand *commands,
                   int argc,
                   char **argv,
                   GError **error)
{
  if (argc >= 2 && is_help (argv[1]))
    {
      print_commands (stdout, group, commands);
      return TRUE;
    }
  if (argc < 2)
    {
      g_autofree char *hint = g_strdup_printf (
          _ ("Run “aura-cli %s%s--help” to list the commands."), group, *group != '\0' ? " " : "");

      g_set_error (error, AURA_CLI_ERROR, AURA_CLI_ERROR_USAGE, _ ("Missing command"));
      aura_cli_set_hint (cli, hint);
      return FALSE;
    }

  for (guint i = 0; commands[i].name != NULL; i++)
    {
      if (g_str_equal (commands[i].name, argv[1]))
        return commands[i].handler (cli, argc - 1, argv + 1, error);
    }

  g_set_error (error, AURA_CLI_ERROR, AURA_CLI_ERROR_USAGE, _ ("Unknown command “%s”"), argv[1]);
  aura_cli_set_hint (cli, _ ("Run “aura-cli --help” to list the commands."));
  return FALSE;
}

/* Runs a whole command line (argv[0] is the program) as if typed: for
 * `tools run`, which hands a tool to the command that runs it. */
gboolean
aura_cli_run_top (AuraCli *cli, int argc, char **argv, GError **error)
{
  return aura_cli_dispatch (cli, "", top_commands, argc, argv, error);
}

static int
exit_code_for_error (const GError *error)
{
  if (error->domain == AURA_CLI_ERROR)
    return error->code == AURA_CLI_ERROR_INTEGRITY   ? AURA_CLI_EXIT_INTEGRITY
           : error->code == AURA_CLI_ERROR_CANCELLED ? AURA_CLI_EXIT_CANCELLED
                                                     : AURA_CLI_EXIT_USAGE;
  if (error->domain == AURA_MANIFEST_ERROR || error->domain == AURA_ENGINE_ERROR ||
      error->domain == AURA_LINK_OUT_ERROR ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT))
    return AURA_CLI_EXIT_INVALID;
  if (error->domain == G_OPTION_ERROR)
    return AURA_CLI_EXIT_USAGE;
  if (error->domain == AURA_ENTITY_ERROR)
    return AURA_CLI_EXIT_INVALID;
  if (error->domain != AURA_STORE_ERROR)
    return AURA_CLI_EXIT_FAILURE;

  switch ((AuraStoreError)error->code)
    {
      case AURA_STORE_ERROR_NOT_FOUND:
        return AURA_CLI_EXIT_NOT_FOUND;
      case AURA_STORE_ERROR_INVALID:
        return AURA_CLI_EXIT_INVALID;
      case AURA_STORE_ERROR_BUSY:
        return AURA_CLI_EXIT_BUSY;
      case AURA_STORE_ERROR_CORRUPT:
      case AURA_STORE_ERROR_TOO_NEW:
        return AURA_CLI_EXIT_DATABASE;
      case AURA_STORE_ERROR_FULL:
      case AURA_STORE_ERROR_READONLY:
      case AURA_STORE_ERROR_IO:
      case AURA_STORE_ERROR_FAILED:
      default:
        return AURA_CLI_EXIT_FAILURE;
    }
}

static const char *
default_hint (int code)
{
  switch (code)
    {
      case AURA_CLI_EXIT_USAGE:
        return _ ("Run “aura-cli --help” for usage.");
      case AURA_CLI_EXIT_BUSY:
        return _ ("Another program is writing to the database; try again in a moment.");
      case AURA_CLI_EXIT_DATABASE:
        return _ ("Check the --db path (or AURA_DB); the file must be an Aura database.");
      default:
        return NULL;
    }
}

static void
print_error (AuraCli *cli, const GError *error, int code)
{
  g_autofree char *message = aura_cli_escape (error->message, TRUE);
  const char *hint = cli->hint != NULL ? cli->hint : default_hint (code);

  /* One line: a multi-line message (an integrity report) is joined. */
  g_strdelimit (message, "\n", ' ');
  fprintf (stderr, "aura-cli: %s\n", message);
  if (hint != NULL)
    fprintf (stderr, _ ("Hint: %s\n"), hint);
}

static int
terminal_columns (void)
{
  struct winsize size;
  const char *env = g_getenv ("COLUMNS");
  guint64 value = 0;

  if (ioctl (STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
    return size.ws_col;
  if (env != NULL && g_ascii_string_to_unsigned (env, 10, 20, 10000, &value, NULL))
    return (int)value;
  return 80;
}

/* AURA_CLI_TTY=1 or 0 forces terminal formatting on or off; the tests use it
 * to check escaping and truncation without a pseudo-terminal. */
static void
detect_terminal (AuraCli *cli)
{
  const char *force = g_getenv ("AURA_CLI_TTY");
  const char *no_color = g_getenv ("NO_COLOR");
  g_autofree char *forced_columns = NULL;

  if (force != NULL && *force != '\0')
    cli->tty = g_str_equal (force, "1");
  else
    cli->tty = isatty (STDOUT_FILENO);
  cli->color = cli->tty && (no_color == NULL || *no_color == '\0');
  cli->columns = cli->tty ? terminal_columns () : 0;
}

static void
print_top_help (FILE *out)
{
  print_commands (out, "", top_commands);
  fprintf (out, "\n%s\n", _ ("Global options (before or after the command):"));
  fprintf (out, "  --db PATH      %s\n",
           _ ("Database file (default: $AURA_DB or the user data folder)"));
  fprintf (out, "  --json         %s\n", _ ("Print one JSON document on standard output"));
  fprintf (out, "  --actor NAME   %s\n", _ ("Name written in the audit log"));
}

/* Hand-parses the global options in front of the command; each command
 * parses the rest with a GOptionContext of its own. */
static int
parse_globals (AuraCli *cli, int argc, char **argv, GError **error)
{
  int i;

  for (i = 1; i < argc && argv[i][0] == '-'; i++)
    {
      const char *arg = argv[i];
      char **target = NULL;
      const char *value = NULL;

      if (g_str_equal (arg, "--json"))
        cli->json = TRUE;
      else if (is_help (arg))
        return -1;
      else if (g_str_equal (arg, "--db") || g_str_equal (arg, "--actor"))
        {
          target = g_str_equal (arg, "--db") ? &cli->db_path : &cli->actor;
          if (++i >= argc)
            {
              g_set_error (error, AURA_CLI_ERROR, AURA_CLI_ERROR_USAGE,
                           _ ("Option %s needs a value"), arg);
              return -2;
            }
          value = argv[i];
        }
      else if (g_str_has_prefix (arg, "--db="))
        target = &cli->db_path, value = arg + strlen ("--db=");
      else if (g_str_has_prefix (arg, "--actor="))
        target = &cli->actor, value = arg + strlen ("--actor=");
      else
        {
          g_set_error (error, AURA_CLI_ERROR, AURA_CLI_ERROR_USAGE, _ ("Unknown option %s"), arg);
          return -2;
        }
      if (target != NULL)
        {
          g_free (*target);
          *target = g_strdup (value);
        }
    }
  return i;
}

static int
run (AuraCli *cli, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  int first = parse_globals (cli, argc, argv, &error);
  int code;

  if (first == -1)
    {
      print_top_help (stdout);
      return AURA_CLI_EXIT_OK;
    }
  if (first >= 0 && first >= argc)
    {
      g_set_error (&error, AURA_CLI_ERROR, AURA_CLI_ERROR_USAGE, _ ("Missing command"));
      aura_cli_set_hint (cli, _ ("Run “aura-cli --help” to list the commands."));
    }
  else if (first >= 0)
    {
      /* argv[first - 1] stands in for the program name of the group. */
      argv[first - 1] = (char *)"aura-cli";
      if (aura_cli_dispatch (cli, "", top_commands, argc - first + 1, argv + first - 1, &error))
        return AURA_CLI_EXIT_OK;
    }

  code = exit_code_for_error (error);
  print_error (cli, error, code);
  return code;
}

int
main (int argc, char **argv)
{
  AuraCli cli = { 0 };
  int code;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_set_prgname ("aura-cli");

  detect_terminal (&cli);
  code = run (&cli, argc, argv);
  fflush (stdout);

  g_clear_object (&cli.store);
  g_free (cli.db_path);
  g_free (cli.actor);
  g_free (cli.hint);
  g_clear_pointer (&late.db_path, g_free);
  g_clear_pointer (&late.actor, g_free);
  return code;
}
