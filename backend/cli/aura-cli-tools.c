/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "aura-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "aura-adapter-private.h"
#include "aura-cli-private.h"

/* aura-cli tools: the tool registry. `list` and `show` read it; `run`
 * builds a link-out's address, or runs a tool through the aura-cli command
 * its registry entry names. */

static AuraToolRegistry *
load_registry (AuraCli *cli, AuraToolRegistryFlags flags, GError **error)
{
  g_autoptr (AuraApiKeys) keys = aura_api_keys_new ();
  AuraToolRegistry *registry = aura_tool_registry_load_default (keys, flags, error);
  const char *const *warnings;

  if (registry == NULL)
    return NULL;
  warnings = aura_tool_registry_get_warnings (registry);
  for (guint i = 0; warnings[i] != NULL; i++)
    g_printerr (_ ("aura-cli: %s\n"), warnings[i]);
  return registry;
}

static gboolean
matches (const AuraToolInfo *info,
         gboolean have_kind,
         AuraToolKind kind,
         gboolean have_type,
         AuraEntityType type,
         const char *family,
         gboolean available)
{
  if (have_kind && info->kind != kind)
    return FALSE;
  if (have_type && !aura_tool_info_takes (info, type))
    return FALSE;
  if (family != NULL && g_strcmp0 (info->family, family) != 0)
    return FALSE;
  if (available && info->state != AURA_TOOL_STATE_AVAILABLE)
    return FALSE;
  return TRUE;
}

/* "username,email,phone +4": at most three types, then how many more. */
static char *
join_types (char **types)
{
  GString *text = g_string_new (NULL);
  guint n = g_strv_length (types);

  for (guint i = 0; i < MIN (n, 3); i++)
    g_string_append_printf (text, "%s%s", i > 0 ? "," : "", types[i]);
  if (n > 3)
    g_string_append_printf (text, " +%u", n - 3);
  return g_string_free (text, FALSE);
}

static gboolean
cmd_list (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE, available = FALSE, no_keyring = FALSE;
  g_autofree char *kind_name = NULL;
  g_autofree char *type_name = NULL;
  g_autofree char *family = NULL;
  const GOptionEntry entries[] = {
    { "kind", 'k', 0, G_OPTION_ARG_STRING, &kind_name,
      N_ ("Only this kind: native, manifest, adapter or link-out"), N_ ("KIND") },
    { "input", 't', 0, G_OPTION_ARG_STRING, &type_name, N_ ("Only tools that take this type"),
      N_ ("TYPE") },
    { "family", 'f', 0, G_OPTION_ARG_STRING, &family,
      N_ ("Only this family (username-site, passive-source, link-out…)"), N_ ("FAMILY") },
    { "available", 'a', 0, G_OPTION_ARG_NONE, &available, N_ ("Only tools that can run here"),
      NULL },
    { "no-keyring", 0, 0, G_OPTION_ARG_NONE, &no_keyring,
      N_ ("Decide which keys are set without asking the desktop keyring"), NULL },
    G_OPTION_ENTRY_NULL,
  };
  g_autoptr (GOptionContext) context = aura_cli_option_context_new (
      cli, "tools list", NULL,
      N_ ("List the tools: native tools, declarative checks, external programs and web links, "
          "with what they take, whether they need a key and whether they can run here."),
      entries, &help);
  g_autoptr (AuraToolRegistry) registry = NULL;
  g_autoptr (AuraCliTable) table = NULL;
  g_autoptr (JsonNode) root = NULL;
  JsonArray *array = NULL;
  AuraToolKind kind = AURA_TOOL_KIND_NATIVE;
  AuraEntityType type = AURA_ENTITY_USERNAME;
  guint shown = 0;

  if (!aura_cli_parse (cli, context, &help, &argc, &argv, 0, 0, error))
    return FALSE;
  if (help)
    return TRUE;
  if (kind_name != NULL && !aura_tool_kind_from_string (kind_name, &kind))
    {
      g_set_error (error, AURA_CLI_ERROR, AURA_CLI_ERROR_USAGE, _ ("Unknown kind “%s”"), kind_name);
      aura_cli_set_hint (cli, _ ("The kinds are native, manifest, adapter and link-out."));
      return FALSE;
    }
  if (type_name != NULL && !aura_cli_parse_entity_type (type_name, &type, error))
    return FALSE;
  if ((registry = load_registry (cli, no_keyring ? AURA_TOOL_REGISTRY_NO_KEYRING : 0, error)) ==
      NULL)
    return FALSE;

  if (cli->json)
    {
      root = json_node_new (JSON_NODE_ARRAY);
      array = json_array_new ();
      json_node_take_array (root, array);
    }
  else
    {
      table = aura_cli_table_new (5, _ ("ID"), _ ("KIND"), _ ("TAKES"), _ ("STATE"), _ ("NAME"));
      aura_cli_table_set_flexible (table, 4);
    }
  for (guint i = 0; i < aura_tool_registry_get_n_tools (registry); i++)
    {
      const AuraToolInfo *info = aura_tool_registry_get_tool (registry, i);
      g_autofree char *inputs = NULL;

      if (!matches (info, kind_name != NULL, kind, type_name != NULL, type, family, available))
        continue;
      shown++;
      if (array != NULL)
        {
          json_array_add_element (array, aura_tool_info_to_json (info));
          continue;
        }
      inputs = join_types (info->inputs);
      aura_cli_table_add_row (table, info->id, aura_tool_kind_to_string (info->kind), inputs,
                              aura_tool_state_get_label (info->state), info->name);
    }
  if (root != NULL)
    {
      aura_cli_print_json (root);
      return TRUE;
    }
  aura_cli_table_print (cli, table);
  if (kind_name == NULL && type_name == NULL && family == NULL && !available)
    printf (_ ("%u tools: %u native, %u declarative checks, %u external programs, %u web links\n"),
            shown, aura_tool_registry_count_kind (registry, AURA_TOOL_KIND_NATIVE),
            aura_tool_registry_count_kind (registry, AURA_TOOL_KIND_MANIFEST),
            aura_tool_registry_count_kind (registry, AURA_TOOL_KIND_ADAPTER),
            aura_tool_registry_count_kind (registry, AURA_TOOL_KIND_LINK_OUT));
  else
    printf (g_dngettext (GETTEXT_PACKAGE, "%u tool\n", "%u tools\n", shown), shown);
  return TRUE;
}

static const AuraToolInfo *
find_tool (AuraCli *cli, AuraToolRegistry *registry, const char *id, GError **error)
{
  const AuraToolInfo *info = aura_tool_registry_lookup (registry, id);

  if (info == NULL)
    {
      g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_NOT_FOUND, _ ("No tool “%s”"), id);
      aura_cli_set_hint (cli, _ ("List the tools with “aura-cli tools list”."));
    }
  return info;
}

static gboolean
cmd_show (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE, no_keyring = FALSE;
  const GOptionEntry entries[] = {
    { "no-keyring", 0, 0, G_OPTION_ARG_NONE, &no_keyring,
      N_ ("Decide which keys are set without asking the desktop keyring"), NULL },
    G_OPTION_ENTRY_NULL,
  };
  g_autoptr (GOptionContext) context = aura_cli_option_context_new (
      cli, "tools show", N_ ("ID"), N_ ("Show one tool of the registry."), entries, &help);
  g_autoptr (AuraToolRegistry) registry = NULL;
  const AuraToolInfo *info;
  g_autofree char *inputs = NULL;
  g_autofree char *outputs = NULL;

  if (!aura_cli_parse (cli, context, &help, &argc, &argv, 1, 1, error))
    return FALSE;
  if (help)
    return TRUE;
  if ((registry = load_registry (cli, no_keyring ? AURA_TOOL_REGISTRY_NO_KEYRING : 0, error)) ==
      NULL)
    return FALSE;
  if ((info = find_tool (cli, registry, argv[1], error)) == NULL)
    return FALSE;
  if (cli->json)
    {
      g_autoptr (JsonNode) node = aura_tool_info_to_json (info);

      aura_cli_print_json (node);
      return TRUE;
    }
  inputs = g_strjoinv (", ", info->inputs);
  outputs = g_strjoinv (", ", info->outputs);
  aura_cli_print_line (cli, _ ("Tool"), info->id);
  aura_cli_print_line (cli, _ ("Name"), info->name);
  aura_cli_print_line (cli, _ ("Description"), info->description);
  aura_cli_print_line (cli, _ ("Kind"), aura_tool_kind_get_label (info->kind));
  aura_cli_print_line (cli, _ ("Family"), info->family);
  aura_cli_print_line (cli, _ ("Category"), info->category);
  aura_cli_print_line (cli, _ ("Takes"), inputs);
  aura_cli_print_line (cli, _ ("Yields"), *outputs != '\0' ? outputs : NULL);
  aura_cli_print_line (cli, _ ("Key"), info->key_name);
  aura_cli_print_line (cli, _ ("State"), aura_tool_state_get_label (info->state));
  aura_cli_print_line (cli, _ ("Why"), info->state_reason);
  aura_cli_print_line (cli, _ ("Home page"), info->homepage);
  aura_cli_print_line (cli, _ ("From"), info->origin);
  aura_cli_print_line (cli, _ ("Run"), info->run_hint);
  return TRUE;
}

/* A link-out: its address for the value, printed (and opened with --open). */
static gboolean
run_link_out (AuraCli *cli,
              const AuraToolInfo *info,
              const char *type_name,
              const char *value,
              gboolean open,
              GError **error)
{
  g_autoptr (AuraLinkOutList) links = aura_link_out_list_load_bundled (error);
  const AuraLinkOut *link;
  AuraEntityType type;
  g_autofree char *url = NULL;

  if (links == NULL)
    return FALSE;
  link = aura_link_out_list_lookup (links, info->id + strlen ("link."));
  if (link == NULL)
    {
      g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_NOT_FOUND, _ ("No link-out “%s”"),
                   info->id);
      return FALSE;
    }
  if (!aura_cli_parse_entity_type (type_name != NULL ? type_name : info->inputs[0], &type, error))
    return FALSE;
  url = aura_link_out_build_url (link, type, value, error);
  if (url == NULL)
    return FALSE;
  if (cli->json)
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();
      g_autoptr (JsonNode) node = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "tool");
      json_builder_add_string_value (builder, info->id);
      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, url);
      json_builder_set_member_name (builder, "account");
      json_builder_add_boolean_value (builder, aura_link_out_needs_account (link));
      json_builder_end_object (builder);
      node = json_builder_get_root (builder);
      aura_cli_print_json (node);
    }
  else
    printf ("%s\n", url);
  if (open && !g_app_info_launch_default_for_uri (url, NULL, error))
    return FALSE;
  return TRUE;
}

typedef struct
{
  AuraAdapter *adapter;
  AuraAdapterResult *result;
  GError *error;
  gboolean done;
} AdapterRun;

static void
adapter_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AdapterRun *run = user_data;

  run->result = aura_adapter_run_finish (run->adapter, result, &run->error);
  run->done = TRUE;
}

/* Records what an adapter found (aura_adapter_record_run()). */
static gboolean
record_adapter (AuraCli *cli,
                const char *investigation_ref,
                AuraAdapter *adapter,
                AuraEntityType type,
                const char *value,
                AuraAdapterResult *result,
                GError **error)
{
  g_autoptr (AuraInvestigation) investigation = NULL;

  investigation = aura_cli_find_investigation (cli, investigation_ref, FALSE, error);
  if (investigation == NULL)
    return FALSE;
  return aura_adapter_record_run (cli->store, aura_investigation_get_id (investigation), adapter,
                                  type, value, result, error) != 0;
}

/* An external program: run it (own process group, time limit), print or
 * record what its output maps to. */
static gboolean
run_adapter (AuraCli *cli,
             const AuraToolInfo *info,
             const char *type_name,
             const char *value,
             const char *investigation_ref,
             GError **error)
{
  g_autoptr (AuraAdapterList) list = aura_adapter_list_load_bundled (error);
  g_autoptr (GMainContext) context = NULL;
  g_autoptr (AuraCliTable) table = NULL;
  AuraAdapter *adapter;
  AuraEntityType type = AURA_ENTITY_USERNAME;
  AdapterRun run = { 0 };
  GPtrArray *findings;
  const char *stderr_text;

  if (list == NULL)
    return FALSE;
  adapter = aura_adapter_list_lookup (list, info->id + strlen ("adapter."));
  if (adapter == NULL)
    {
      g_set_error (error, AURA_STORE_ERROR, AURA_STORE_ERROR_NOT_FOUND, _ ("No tool “%s”"),
                   info->id);
      return FALSE;
    }
  if (!aura_cli_parse_entity_type (type_name != NULL ? type_name : info->inputs[0], &type, error))
    return FALSE;
  {
    g_autoptr (AuraAdapterAvailability) availability = aura_adapter_check (adapter, NULL);

    if (availability->state != AURA_ADAPTER_AVAILABLE)
      {
        g_set_error (error, AURA_CLI_ERROR, AURA_CLI_ERROR_USAGE, _ ("“%s” cannot run here: %s"),
                     info->id, availability->detail != NULL ? availability->detail : "");
        return FALSE;
      }
  }
  context = g_main_context_new ();
  run.adapter = adapter;
  g_main_context_push_thread_default (context);
  aura_adapter_run_async (adapter, type, value, NULL, NULL, adapter_done, &run);
  while (!run.done)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);
  if (run.result == NULL)
    {
      g_propagate_error (error, run.error);
      return FALSE;
    }
  if (investigation_ref != NULL &&
      !record_adapter (cli, investigation_ref, adapter, type, value, run.result, error))
    {
      aura_adapter_result_unref (run.result);
      return FALSE;
    }
  findings = aura_adapter_result_get_findings (run.result);
  stderr_text = aura_adapter_result_get_stderr (run.result);
  if (cli->json)
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "tool");
      json_builder_add_string_value (builder, info->id);
      json_builder_set_member_name (builder, "success");
      json_builder_add_boolean_value (builder, aura_adapter_result_get_success (run.result));
      json_builder_set_member_name (builder, "exit_status");
      json_builder_add_int_value (builder, aura_adapter_result_get_exit_status (run.result));
      json_builder_set_member_name (builder, "stderr");
      json_builder_add_string_value (builder, stderr_text);
      json_builder_set_member_name (builder, "findings");
      json_builder_begin_array (builder);
      for (guint i = 0; i < findings->len; i++)
        {
          const AuraAdapterFinding *finding = findings->pdata[i];

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "type");
          json_builder_add_string_value (builder, aura_entity_type_to_string (finding->type));
          json_builder_set_member_name (builder, "value");
          json_builder_add_string_value (builder, finding->value);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      aura_cli_print_json (root);
    }
  else
    {
      table = aura_cli_table_new (3, _ ("TYPE"), _ ("VALUE"), _ ("RELATION"));
      aura_cli_table_set_flexible (table, 1);
      for (guint i = 0; i < findings->len; i++)
        {
          const AuraAdapterFinding *finding = findings->pdata[i];
          const AuraAdapterRelation *relation =
              finding->relations != NULL && finding->relations->len > 0
                  ? finding->relations->pdata[0]
                  : NULL;

          aura_cli_table_add_row (table, aura_entity_type_to_string (finding->type), finding->value,
                                  relation != NULL ? relation->relation : "");
        }
      aura_cli_table_print (cli, table);
      if (!aura_adapter_result_get_success (run.result) && stderr_text != NULL && *stderr_text)
        g_printerr (_ ("aura-cli: %s said:\n%s\n"), info->name, stderr_text);
    }
  if (!aura_adapter_result_get_success (run.result))
    {
      const char *why = aura_adapter_result_get_output_error (run.result);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _ ("%s did not finish cleanly: %s"),
                   info->name, why != NULL ? why : _ ("see its messages above"));
      aura_adapter_result_unref (run.result);
      return FALSE;
    }
  aura_adapter_result_unref (run.result);
  return TRUE;
}

static gboolean
cmd_run (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE, open = FALSE;
  g_autofree char *type_name = NULL;
  g_autofree char *investigation = NULL;
  const GOptionEntry entries[] = {
    { "type", 't', 0, G_OPTION_ARG_STRING, &type_name,
      N_ ("The value’s type, for links that take several"), N_ ("TYPE") },
    { "investigation", 'i', 0, G_OPTION_ARG_STRING, &investigation,
      N_ ("Record what the tool finds in this investigation"), N_ ("INV") },
    { "open", 0, 0, G_OPTION_ARG_NONE, &open, N_ ("Open a link in the web browser"), NULL },
    G_OPTION_ENTRY_NULL,
  };
  g_autoptr (GOptionContext) context = aura_cli_option_context_new (
      cli, "tools run", N_ ("ID VALUE"),
      N_ ("Run one tool on a value. A web link prints its address (--open opens it); other "
          "tools run through the aura-cli command their entry names."),
      entries, &help);
  g_autoptr (AuraToolRegistry) registry = NULL;
  const AuraToolInfo *info;
  g_auto (GStrv) run_argv = NULL;
  g_autoptr (GStrvBuilder) extra_builder = NULL;
  g_auto (GStrv) extra = NULL;

  if (!aura_cli_parse (cli, context, &help, &argc, &argv, 2, 2, error))
    return FALSE;
  if (help)
    return TRUE;
  /* Only the tool run needs its program checked (run_adapter does): no
   * version probe of every installed program here. */
  if ((registry = load_registry (cli, AURA_TOOL_REGISTRY_NO_KEYRING | AURA_TOOL_REGISTRY_NO_PROBE,
                                 error)) == NULL)
    return FALSE;
  if ((info = find_tool (cli, registry, argv[1], error)) == NULL)
    return FALSE;
  if (info->kind == AURA_TOOL_KIND_LINK_OUT)
    return run_link_out (cli, info, type_name, argv[2], open, error);
  if (info->kind == AURA_TOOL_KIND_ADAPTER)
    {
      if (investigation != NULL && aura_cli_get_store (cli, error) == NULL)
        return FALSE;
      return run_adapter (cli, info, type_name, argv[2], investigation, error);
    }
  if (info->state == AURA_TOOL_STATE_DISABLED || info->state == AURA_TOOL_STATE_MISSING ||
      info->state == AURA_TOOL_STATE_BROKEN)
    {
      g_set_error (error, AURA_CLI_ERROR, AURA_CLI_ERROR_USAGE, _ ("“%s” cannot run here: %s"),
                   info->id, info->state_reason != NULL ? info->state_reason : "");
      return FALSE;
    }
  extra_builder = g_strv_builder_new ();
  if (investigation != NULL)
    {
      g_strv_builder_add (extra_builder, "--investigation");
      g_strv_builder_add (extra_builder, investigation);
    }
  extra = g_strv_builder_end (extra_builder);
  run_argv = aura_tool_info_get_run_argv (info, argv[2], (const char *const *)extra, error);
  if (run_argv == NULL)
    return FALSE;
  {
    /* The command's parser rearranges its vector: hand it a copy. */
    g_autoptr (GStrvBuilder) full = g_strv_builder_new ();
    g_auto (GStrv) command = NULL;
    g_autofree char **shallow = NULL;

    g_strv_builder_add (full, "aura-cli");
    g_strv_builder_addv (full, (const char **)run_argv);
    command = g_strv_builder_end (full);
    shallow = g_memdup2 (command, sizeof (char *) * (g_strv_length (command) + 1));
    return aura_cli_run_top (cli, (int)g_strv_length (command), shallow, error);
  }
}

gboolean
aura_cli_tools (AuraCli *cli, int argc, char **argv, GError **error)
{
  static const AuraCliCommand commands[] = {
    { "list", cmd_list, N_ ("List the tools, with their kind, input and state") },
    { "show", cmd_show, N_ ("Show one tool") },
    { "run", cmd_run, N_ ("Run a tool on a value, or print a web link’s address") },
    { NULL, NULL, NULL },
  };

  return aura_cli_dispatch (cli, "tools", commands, argc, argv, error);
}
