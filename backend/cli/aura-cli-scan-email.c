/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "aura-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n-lib.h>

#include "aura-cli-private.h"

/* aura-cli scan email: the address checked (syntax, provider, disposable,
 * mail servers), the sites it is registered on, Gravatar and Have I Been
 * Pwned; recorded with its pivots with -i. */

static void
print_address (AuraCli *cli, const AuraEmailAddress *address)
{
  aura_cli_print_line (cli, _ ("Address"), address->address);
  if (g_strcmp0 (address->canonical, address->address) != 0)
    aura_cli_print_line (cli, _ ("Canonical"), address->canonical);
  if (address->provider != NULL)
    {
      g_autofree char *provider =
          g_strdup_printf ("%s (%s)", address->provider->name,
                           aura_email_provider_kind_to_string (address->provider->kind));

      aura_cli_print_line (cli, _ ("Provider"), provider);
    }
  if (address->disposable_match != NULL)
    aura_cli_print_line (cli, _ ("Disposable"), address->disposable_match);
  aura_cli_print_line (cli, _ ("Username to try"),
                       address->username != NULL ? address->username : address->username_refusal);
  aura_cli_print_line (cli, _ ("Domain to map"), address->domain_target);
}

static void
print_mail (AuraCli *cli, AuraEmailScan *scan)
{
  const AuraEmailMxResult *mx = aura_email_scan_get_mx (scan);
  g_autoptr (GString) hosts = g_string_new (NULL);

  if (mx == NULL)
    {
      aura_cli_print_line (cli, _ ("Mail"), aura_email_scan_get_mx_error (scan));
      return;
    }
  aura_cli_print_line (cli, _ ("Mail"), aura_email_mx_status_to_string (mx->status));
  for (guint i = 0; mx->mx != NULL && i < mx->mx->len; i++)
    g_string_append_printf (hosts, "%s%s", i > 0 ? ", " : "",
                            ((AuraDnsRecord *)mx->mx->pdata[i])->target);
  aura_cli_print_line (cli, _ ("Mail servers"), hosts->len > 0 ? hosts->str : NULL);
  if (mx->provider != NULL && mx->provider_by_mx)
    aura_cli_print_line (cli, _ ("Mail provider"), mx->provider->name);
  aura_cli_print_line (cli, _ ("Note"), mx->reason);
}

static void
print_lookups (AuraCli *cli, AuraEmailScan *scan)
{
  const AuraGravatarResult *gravatar = aura_email_scan_get_gravatar (scan);
  const AuraHibpResult *hibp = aura_email_scan_get_hibp (scan);

  if (gravatar != NULL)
    {
      aura_cli_print_line (cli, _ ("Gravatar"),
                           gravatar->profile == AURA_EMAIL_LOOKUP_FOUND ? gravatar->profile_url
                           : gravatar->avatar == AURA_EMAIL_LOOKUP_FOUND
                               ? gravatar->avatar_url
                               : aura_email_lookup_state_to_string (gravatar->profile));
      aura_cli_print_line (cli, _ ("Name"), gravatar->display_name);
      aura_cli_print_line (cli, _ ("Location"), gravatar->location);
    }
  else if (aura_email_scan_get_gravatar_error (scan) != NULL)
    aura_cli_print_line (cli, _ ("Gravatar"), aura_email_scan_get_gravatar_error (scan));
  if (hibp != NULL)
    {
      g_autoptr (GString) names = g_string_new (NULL);

      for (guint i = 0; hibp->breaches != NULL && i < hibp->breaches->len; i++)
        g_string_append_printf (names, "%s%s", i > 0 ? ", " : "",
                                ((AuraHibpBreach *)hibp->breaches->pdata[i])->name);
      aura_cli_print_line (cli, _ ("Breaches"),
                           names->len > 0 ? names->str
                           : hibp->breaches_reason != NULL
                               ? hibp->breaches_reason
                               : aura_email_lookup_state_to_string (hibp->breaches_state));
    }
  else if (aura_email_scan_get_hibp_error (scan) != NULL)
    aura_cli_print_line (cli, _ ("Breaches"), aura_email_scan_get_hibp_error (scan));
}

static void
print_checks (AuraCli *cli, GPtrArray *results)
{
  g_autoptr (AuraCliTable) table = NULL;
  guint found = 0;

  if (results == NULL || results->len == 0)
    return;
  table = aura_cli_table_new (4, _ ("SITE"), _ ("VERDICT"), _ ("REASON"), _ ("HINTS"));
  aura_cli_table_set_flexible (table, 2);
  for (guint i = 0; i < results->len; i++)
    {
      const AuraEmailCheckResult *result = results->pdata[i];
      g_autoptr (GString) hints = g_string_new (NULL);

      found += result->verdict == AURA_VERDICT_FOUND;
      for (guint j = 0; result->hints != NULL && j < result->hints->len; j++)
        g_string_append_printf (hints, "%s%s", j > 0 ? ", " : "",
                                ((AuraEmailHint *)result->hints->pdata[j])->value);
      aura_cli_table_add_row (table, result->name, aura_verdict_to_string (result->verdict),
                              result->reason, hints->str);
    }
  printf ("\n");
  aura_cli_table_print (cli, table);
  printf (g_dngettext (GETTEXT_PACKAGE, "Registered on %u site of %u\n",
                       "Registered on %u sites of %u\n", found),
          found, results->len);
}

gboolean
aura_cli_scan_email (AuraCli *cli, int argc, char **argv, GError **error)
{
  gboolean help = FALSE, no_mx = FALSE, no_checks = FALSE, no_gravatar = FALSE;
  gboolean no_breaches = FALSE;
  g_autofree char *investigation_ref = NULL;
  g_auto (GStrv) check_ids = NULL;
  g_auto (GStrv) key_args = NULL;
  g_auto (GStrv) check_urls = NULL;
  g_autofree char *gravatar_url = NULL;
  g_autofree char *hibp_url = NULL;
  AuraCliNet net = { 0 };
  const GOptionEntry scan_entries[] = {
    { "investigation", 'i', 0, G_OPTION_ARG_STRING, &investigation_ref,
      N_ ("Record the address, its accounts and pivots in this investigation"), N_ ("INV") },
    { "check", 'c', 0, G_OPTION_ARG_STRING_ARRAY, &check_ids,
      N_ ("Only this account check (repeat for more; aura-cli tools list --family email-check)"),
      N_ ("ID") },
    { "no-mx", 0, 0, G_OPTION_ARG_NONE, &no_mx, N_ ("Do not look up the mail servers"), NULL },
    { "no-checks", 0, 0, G_OPTION_ARG_NONE, &no_checks,
      N_ ("Do not check which sites the address is registered on"), NULL },
    { "no-gravatar", 0, 0, G_OPTION_ARG_NONE, &no_gravatar, N_ ("Do not ask Gravatar"), NULL },
    { "no-breaches", 0, 0, G_OPTION_ARG_NONE, &no_breaches,
      N_ ("Do not ask Have I Been Pwned (it needs a “hibp” key anyway)"), NULL },
    { "key", 0, 0, G_OPTION_ARG_STRING_ARRAY, &key_args,
      N_ ("API key, as NAME=VALUE (else AURA_KEY_NAME or the keyring)"), N_ ("NAME=VALUE") },
    { "check-url", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING_ARRAY, &check_urls,
      N_ ("Send a check’s requests to another base URL (tests, mirrors)"), N_ ("ID=URL") },
    { "gravatar-url", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &gravatar_url,
      N_ ("Gravatar’s base URL (tests, mirrors)"), N_ ("URL") },
    { "hibp-url", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &hibp_url,
      N_ ("Have I Been Pwned’s base URL (tests, mirrors)"), N_ ("URL") },
  };
  g_autoptr (GArray) entries = g_array_new (TRUE, TRUE, sizeof (GOptionEntry));
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (AuraEngine) engine = NULL;
  g_autoptr (AuraInvestigation) investigation = NULL;
  g_autoptr (AuraEmailScan) scan = NULL;
  g_autoptr (AuraApiKeys) keys = aura_api_keys_new ();
  g_auto (GStrv) dns_servers = NULL;
  AuraEmailScanOptions options = { 0 };
  AuraGravatarOptions gravatar = { 0 };
  AuraHibpOptions hibp = { 0 };
  gboolean ok;

  net.loopback_only = g_strcmp0 (g_getenv ("AURA_LOOPBACK_ONLY"), "1") == 0;
  g_array_append_vals (entries, scan_entries, G_N_ELEMENTS (scan_entries));
  aura_cli_net_add_entries (&net, entries);
  context = aura_cli_option_context_new (
      cli, "scan email", _ ("ADDRESS"),
      N_ ("What an email address gives away: its syntax, provider and mail servers, whether it "
          "is disposable, the sites it is registered on (with the recovery hints they show), "
          "its Gravatar profile and the breaches it appears in (with a “hibp” key)."),
      (const GOptionEntry *)(void *)entries->data, &help);
  ok = aura_cli_parse (cli, context, &help, &argc, &argv, 1, 1, error);
  for (guint i = 0; ok && !help && key_args != NULL && key_args[i] != NULL; i++)
    ok = aura_api_keys_parse_assignment (keys, key_args[i], error);
  if (ok && !help)
    engine = aura_cli_net_engine_new (&net, error);
  dns_servers = g_strdupv (net.dns_servers);
  options.loopback_only = net.loopback_only;
  aura_cli_net_clear (&net);
  if (!ok || help)
    return ok;
  if (engine == NULL)
    return FALSE;
  if (investigation_ref != NULL)
    {
      investigation = aura_cli_find_investigation (cli, investigation_ref, FALSE, error);
      if (investigation == NULL)
        return FALSE;
      options.investigation_id = aura_investigation_get_id (investigation);
    }
  options.email = argv[1];
  options.no_mx = no_mx;
  options.no_checks = no_checks;
  options.no_gravatar = no_gravatar;
  options.no_breaches = no_breaches;
  options.check_ids = (const char *const *)check_ids;
  options.url_overrides = (const char *const *)check_urls;
  options.keys = keys;
  options.dns_servers = (const char *const *)dns_servers;
  if (gravatar_url != NULL)
    {
      gravatar.avatar_base = gravatar.profile_base = gravatar.api_base = gravatar_url;
      options.gravatar = &gravatar;
    }
  if (hibp_url != NULL)
    {
      hibp.base_url = hibp_url;
      options.hibp = &hibp;
    }
  scan = aura_email_scan_new (engine, investigation != NULL ? cli->store : NULL, &options, error);
  if (scan == NULL)
    {
      if ((*error)->domain == AURA_EMAIL_ERROR)
        (*error)->domain = G_IO_ERROR, (*error)->code = G_IO_ERROR_INVALID_ARGUMENT;
      return FALSE;
    }
  if (!aura_email_scan_run (scan, NULL, error))
    return FALSE;
  if (cli->json)
    {
      g_autoptr (JsonNode) root = aura_email_scan_to_json (scan);

      aura_cli_print_json (root);
      return TRUE;
    }
  print_address (cli, aura_email_scan_get_address (scan));
  if (!no_mx)
    print_mail (cli, scan);
  print_lookups (cli, scan);
  print_checks (cli, aura_email_scan_get_check_results (scan));
  return TRUE;
}
