/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <json-glib/json-glib.h>

#include "aura.h"

G_BEGIN_DECLS

/* Exit codes, documented in backend/cli/README.md. */
typedef enum
{
  AURA_CLI_EXIT_OK = 0,
  AURA_CLI_EXIT_FAILURE = 1,
  AURA_CLI_EXIT_USAGE = 2,
  AURA_CLI_EXIT_NOT_FOUND = 3,
  AURA_CLI_EXIT_INVALID = 4,
  AURA_CLI_EXIT_INTEGRITY = 5,
  AURA_CLI_EXIT_BUSY = 6,
  AURA_CLI_EXIT_DATABASE = 7,
  /* As shells report a command stopped by Ctrl-C. */
  AURA_CLI_EXIT_CANCELLED = 130,
} AuraCliExit;

#define AURA_CLI_ERROR (aura_cli_error_quark ())

/* Failures that belong to the command line itself rather than to the store:
 * they map to their own exit codes. */
typedef enum
{
  AURA_CLI_ERROR_USAGE,
  AURA_CLI_ERROR_INTEGRITY,
  AURA_CLI_ERROR_CANCELLED,
} AuraCliError;

GQuark aura_cli_error_quark (void);

/* What every command sees: the global options and the lazily opened store. */
typedef struct
{
  char *db_path;
  char *actor;
  gboolean json;
  /* Human output goes to a terminal: escape, truncate, colour. */
  gboolean tty;
  gboolean color;
  /* Terminal width; 0 when output must not be truncated. */
  int columns;
  AuraStore *store;
  /* A hint line printed after the error message, or NULL. */
  char *hint;
} AuraCli;

typedef gboolean (*AuraCliHandler) (AuraCli *cli, int argc, char **argv, GError **error);

typedef struct
{
  const char *name;
  AuraCliHandler handler;
  /* Untranslated; passed through gettext when shown. */
  const char *summary;
} AuraCliCommand;

/* aura-cli.c */
char *aura_cli_get_db_path (AuraCli *cli);
AuraStore *aura_cli_get_store (AuraCli *cli, GError **error);
GOptionContext *aura_cli_option_context_new (AuraCli *cli,
                                             const char *command,
                                             const char *parameters,
                                             const char *summary,
                                             const GOptionEntry *entries,
                                             gboolean *help);
gboolean aura_cli_parse (AuraCli *cli,
                         GOptionContext *context,
                         gboolean *help,
                         int *argc,
                         char ***argv,
                         int min_args,
                         int max_args,
                         GError **error);
gboolean aura_cli_dispatch (AuraCli *cli,
                            const char *group,
                            const AuraCliCommand *commands,
                            int argc,
                            char **argv,
                            GError **error);
AuraInvestigation *aura_cli_find_investigation (AuraCli *cli,
                                                const char *ref,
                                                gboolean include_deleted,
                                                GError **error);
gboolean aura_cli_parse_entity_type (const char *name, AuraEntityType *out_type, GError **error);
gboolean aura_cli_parse_id (const char *text, gint64 *out_id);
void aura_cli_set_hint (AuraCli *cli, const char *hint);

/* aura-cli-output.c */
typedef struct _AuraCliTable AuraCliTable;

AuraCliTable *aura_cli_table_new (guint n_columns, ...);
void aura_cli_table_add_row (AuraCliTable *table, ...);
void aura_cli_table_set_flexible (AuraCliTable *table, guint column);
void aura_cli_table_print (AuraCli *cli, AuraCliTable *table);
void aura_cli_table_free (AuraCliTable *table);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraCliTable, aura_cli_table_free)

int aura_cli_display_width (const char *text);
char *aura_cli_truncate (const char *text, int width);
char *aura_cli_escape (const char *text, gboolean escape_format);
char *aura_cli_printable (AuraCli *cli, const char *text);
char *aura_cli_format_time (gint64 unix_seconds);
char *aura_cli_format_time_usec (gint64 unix_usec);
char *aura_cli_highlight (AuraCli *cli, const char *snippet);
void aura_cli_print_json (JsonNode *node);
void aura_cli_print_line (AuraCli *cli, const char *label, const char *value);

JsonNode *aura_cli_investigation_to_json (AuraInvestigation *investigation, gboolean deleted);
JsonNode *aura_cli_entity_to_json (AuraEntity *entity);
JsonNode *aura_cli_relation_to_json (AuraRelation *relation);
JsonNode *aura_cli_audit_entry_to_json (AuraAuditEntry *entry);

/* aura-cli-net.c: the network options of the commands that go online. */
typedef struct
{
  int concurrency;
  int per_host;
  int timeout;
  char *rotation;
  char **proxies;
  char **resolve;
  char **dns_servers;
  char **user_agents;
  gboolean loopback_only;
  gboolean insecure;
} AuraCliNet;

void aura_cli_net_add_entries (AuraCliNet *net, GArray *entries);
AuraEngine *aura_cli_net_engine_new (AuraCliNet *net, GError **error);
void aura_cli_net_clear (AuraCliNet *net);

/* "a,b" given once or several times → one list (never NULL). */
GStrv aura_cli_split_list (char **values);
gboolean aura_cli_scan_domain (AuraCli *cli, int argc, char **argv, GError **error);
gboolean aura_cli_sources (AuraCli *cli, int argc, char **argv, GError **error);
gboolean aura_cli_keys (AuraCli *cli, int argc, char **argv, GError **error);
gboolean aura_cli_dns (AuraCli *cli, int argc, char **argv, GError **error);
gboolean aura_cli_rdap (AuraCli *cli, int argc, char **argv, GError **error);
gboolean aura_cli_phone (AuraCli *cli, int argc, char **argv, GError **error);
gboolean aura_cli_scan_phone (AuraCli *cli, int argc, char **argv, GError **error);
gboolean aura_cli_scan_email (AuraCli *cli, int argc, char **argv, GError **error);
gboolean aura_cli_scan_tiktok (AuraCli *cli, int argc, char **argv, GError **error);
gboolean aura_cli_tools (AuraCli *cli, int argc, char **argv, GError **error);
gboolean aura_cli_run_top (AuraCli *cli, int argc, char **argv, GError **error);

/* Command groups. */
gboolean aura_cli_investigation (AuraCli *cli, int argc, char **argv, GError **error);
gboolean aura_cli_target (AuraCli *cli, int argc, char **argv, GError **error);
gboolean aura_cli_entity (AuraCli *cli, int argc, char **argv, GError **error);
gboolean aura_cli_export (AuraCli *cli, int argc, char **argv, GError **error);
gboolean aura_cli_graph (AuraCli *cli, int argc, char **argv, GError **error);
gboolean aura_cli_audit (AuraCli *cli, int argc, char **argv, GError **error);
gboolean aura_cli_db (AuraCli *cli, int argc, char **argv, GError **error);
gboolean aura_cli_types (AuraCli *cli, int argc, char **argv, GError **error);
gboolean aura_cli_scan (AuraCli *cli, int argc, char **argv, GError **error);
gboolean aura_cli_version (AuraCli *cli, int argc, char **argv, GError **error);

G_END_DECLS
