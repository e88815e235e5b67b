/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-registry"
#include "config.h"

#include <glib/gi18n-lib.h>

#include "aura-adapter.h"
#include "aura-email-check.h"
#include "aura-site-list.h"
#include "aura-source-list.h"
#include "aura-tool-registry-private.h"

/* The declarative families: the username sites, the passive subdomain
 * sources and the email checks; and the adapters of installed programs. Each site or source is a tool of its own, run
 * alone through the scan that drives its family. */

/* "Mastodon.social" → "mastodon-social": lower-case ASCII letters and
 * digits, other runs of characters as one "-". */
char *
aura_tool_registry_slug (const char *name)
{
  GString *slug = g_string_new (NULL);
  gboolean dash = FALSE;

  for (const char *p = name; p != NULL && *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        {
          if (dash && slug->len > 0)
            g_string_append_c (slug, '-');
          g_string_append_c (slug, g_ascii_tolower (*p));
          dash = FALSE;
        }
      else
        dash = TRUE;
    }
  if (slug->len == 0)
    g_string_append (slug, "unnamed");
  return g_string_free (slug, FALSE);
}

/* "<family>.<slug>", with "-2", "-3"… when two names give the same slug. */
char *
aura_tool_registry_unique_id (AuraToolRegistry *self, const char *family, const char *name)
{
  g_autofree char *slug = aura_tool_registry_slug (name);
  char *id = g_strdup_printf ("%s.%s", family, slug);

  for (guint n = 2; g_hash_table_contains (self->by_id, id) && n < 1000; n++)
    {
      g_free (id);
      id = g_strdup_printf ("%s.%s-%u", family, slug, n);
    }
  return id;
}

gboolean
aura_tool_registry_add_sites (AuraToolRegistry *self, GError **error)
{
  static const char *const inputs[] = { "username", NULL };
  static const char *const outputs[] = { "account", "url", NULL };
  g_autoptr (AuraSiteReport) report = NULL;
  g_autoptr (AuraSiteList) list = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  list = aura_site_list_load_default (&report, error);
  if (list == NULL)
    return FALSE;
  for (guint i = 0; report != NULL && i < report->problems->len; i++)
    aura_tool_registry_add_warning (
        self, ((AuraSiteProblem *)g_ptr_array_index (report->problems, i))->message);

  for (guint i = 0; i < aura_site_list_get_n_sites (list); i++)
    {
      AuraSite *site = aura_site_list_get_site (list, i);
      const char *name = aura_site_get_name (site);
      g_autofree char *id = aura_tool_registry_unique_id (self, "username-site", name);
      AuraToolInfo *info = aura_tool_info_new (id, AURA_TOOL_KIND_MANIFEST, "username-site");
      const char *const *tags = aura_site_get_tags (site);

      info->name = g_strdup (name);
      info->description = g_strdup_printf (_ ("Whether the username has an account on %s"), name);
      info->category = g_strdup (tags != NULL && tags[0] != NULL ? tags[0] : NULL);
      aura_tool_info_set_inputs (info, inputs);
      aura_tool_info_set_outputs (info, outputs);
      info->homepage = g_strdup (aura_site_get_main_url (site));
      g_free (info->origin);
      info->origin = g_strdup (aura_site_get_source (site));
      if (aura_site_get_disabled (site))
        {
          info->state = AURA_TOOL_STATE_DISABLED;
          info->state_reason = g_strdup (aura_site_get_disabled_reason (site));
        }
      info->run_hint = g_strdup_printf ("aura-cli scan username {value} --site '%s'", name);
      aura_tool_registry_add (self, info);
    }
  return TRUE;
}

static void
set_source_outputs (AuraToolInfo *info, const AuraSource *source)
{
  static const AuraEntityType candidates[] = { AURA_ENTITY_SUBDOMAIN, AURA_ENTITY_DOMAIN,
                                               AURA_ENTITY_IP, AURA_ENTITY_EMAIL, AURA_ENTITY_URL };
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) outputs = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (aura_source_yields (source, candidates[i]))
      g_strv_builder_add (builder, aura_entity_type_to_string (candidates[i]));
  outputs = g_strv_builder_end (builder);
  aura_tool_info_set_outputs (info, (const char *const *)outputs);
}

gboolean
aura_tool_registry_add_sources (AuraToolRegistry *self, GError **error)
{
  static const char *const inputs[] = { "domain", NULL };
  g_autoptr (AuraSourceList) list = NULL;
  const char *const *warnings;

  g_return_val_if_fail (self != NULL, FALSE);

  list = aura_source_list_load_bundled (error);
  if (list == NULL)
    return FALSE;
  warnings = aura_source_list_get_warnings (list);
  for (guint i = 0; warnings != NULL && warnings[i] != NULL; i++)
    aura_tool_registry_add_warning (self, warnings[i]);

  for (guint i = 0; i < aura_source_list_get_n_sources (list); i++)
    {
      AuraSource *source = aura_source_list_get_source (list, i);
      g_autofree char *id =
          aura_tool_registry_unique_id (self, "passive-source", aura_source_get_name (source));
      AuraToolInfo *info = aura_tool_info_new (id, AURA_TOOL_KIND_MANIFEST, "passive-source");

      info->name = g_strdup (aura_source_get_label (source));
      info->description = g_strdup (aura_source_get_description (source));
      info->category = g_strdup ("subdomains");
      aura_tool_info_set_inputs (info, inputs);
      set_source_outputs (info, source);
      info->key_name = g_strdup (aura_source_get_key_name (source));
      info->key_required = info->key_name != NULL && aura_source_get_key_required (source);
      info->homepage = g_strdup (aura_source_get_homepage (source));
      g_free (info->origin);
      info->origin = g_strdup (aura_source_get_origin (source));
      info->run_hint = g_strdup_printf (
          "aura-cli scan domain {value} --sources %s --no-transfer --no-rdap --no-harvest --no-asn",
          aura_source_get_name (source));
      aura_tool_registry_add (self, info);
    }
  return TRUE;
}

gboolean
aura_tool_registry_add_email_checks (AuraToolRegistry *self, GError **error)
{
  static const char *const inputs[] = { "email", NULL };
  static const char *const outputs[] = { "account", "phone", "email", NULL };
  g_autoptr (AuraEmailCheckList) list = NULL;
  const char *const *warnings;

  g_return_val_if_fail (self != NULL, FALSE);

  list = aura_email_check_list_load_default (error);
  if (list == NULL)
    return FALSE;
  warnings = aura_email_check_list_get_warnings (list);
  for (guint i = 0; warnings != NULL && warnings[i] != NULL; i++)
    aura_tool_registry_add_warning (self, warnings[i]);

  for (guint i = 0; i < aura_email_check_list_get_n_checks (list); i++)
    {
      AuraEmailCheck *check = aura_email_check_list_get_check (list, i);
      const char *check_id = aura_email_check_get_id (check);
      g_autofree char *id = aura_tool_registry_unique_id (self, "email-check", check_id);
      AuraToolInfo *info = aura_tool_info_new (id, AURA_TOOL_KIND_MANIFEST, "email-check");

      info->name = g_strdup (aura_email_check_get_name (check));
      info->description = g_strdup_printf (_ ("Whether the address is registered on %s"),
                                           aura_email_check_get_name (check));
      info->category = g_strdup (aura_email_check_get_category (check));
      aura_tool_info_set_inputs (info, inputs);
      aura_tool_info_set_outputs (info, outputs);
      info->homepage = g_strdup (aura_email_check_get_home (check));
      g_free (info->origin);
      info->origin = g_strdup (aura_email_check_get_origin (check));
      if (aura_email_check_get_disabled (check))
        {
          info->state = AURA_TOOL_STATE_DISABLED;
          info->state_reason = g_strdup (aura_email_check_get_disabled_reason (check));
        }
      info->run_hint = g_strdup_printf (
          "aura-cli scan email {value} --check %s --no-gravatar --no-breaches", check_id);
      aura_tool_registry_add (self, info);
    }
  return TRUE;
}

static char **
adapter_types (AuraAdapter *adapter, gboolean inputs)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  for (guint t = 0; t < AURA_ENTITY_N_TYPES; t++)
    if (inputs ? aura_adapter_accepts (adapter, t) : aura_adapter_yields (adapter, t))
      g_strv_builder_add (builder, aura_entity_type_to_string (t));
  return g_strv_builder_end (builder);
}

gboolean
aura_tool_registry_add_adapters (AuraToolRegistry *self, gboolean probe, GError **error)
{
  g_autoptr (AuraAdapterList) list = NULL;
  const char *const *warnings;

  g_return_val_if_fail (self != NULL, FALSE);

  list = aura_adapter_list_load_bundled (error);
  if (list == NULL)
    return FALSE;
  warnings = aura_adapter_list_get_warnings (list);
  for (guint i = 0; warnings != NULL && warnings[i] != NULL; i++)
    aura_tool_registry_add_warning (self, warnings[i]);

  for (guint i = 0; i < aura_adapter_list_get_n_adapters (list); i++)
    {
      AuraAdapter *adapter = aura_adapter_list_get_adapter (list, i);
      g_autofree char *id = g_strdup_printf ("adapter.%s", aura_adapter_get_id (adapter));
      AuraToolInfo *info = aura_tool_info_new (id, AURA_TOOL_KIND_ADAPTER, "adapter");
      g_auto (GStrv) inputs = adapter_types (adapter, TRUE);
      g_auto (GStrv) outputs = adapter_types (adapter, FALSE);

      info->name = g_strdup (aura_adapter_get_name (adapter));
      info->description = g_strdup (aura_adapter_get_description (adapter));
      aura_tool_info_set_inputs (info, (const char *const *)inputs);
      aura_tool_info_set_outputs (info, (const char *const *)outputs);
      info->homepage = g_strdup (aura_adapter_get_homepage (adapter));
      g_free (info->origin);
      info->origin = g_strdup (aura_adapter_get_origin (adapter));
      info->run_hint = g_strdup_printf ("aura-cli tools run %s {value}", id);
      if (probe)
        {
          /* Runs the tool's version probe (bounded) when it is installed. */
          g_autoptr (AuraAdapterAvailability) availability = aura_adapter_check (adapter, NULL);

          if (availability->state != AURA_ADAPTER_AVAILABLE)
            {
              info->state = availability->state == AURA_ADAPTER_MISSING ? AURA_TOOL_STATE_MISSING
                                                                        : AURA_TOOL_STATE_BROKEN;
              info->state_reason = g_strdup (availability->detail);
            }
        }
      else
        {
          g_autofree char *path = aura_adapter_find_executable (adapter);
          g_autofree char *names =
              g_strjoinv (", ", (char **)aura_adapter_get_executables (adapter));

          if (path == NULL)
            {
              info->state = AURA_TOOL_STATE_MISSING;
              info->state_reason =
                  g_strdup_printf (_ ("Not installed: none of %s is in PATH"), names);
            }
        }
      aura_tool_registry_add (self, info);
    }
  return TRUE;
}
