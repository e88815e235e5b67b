/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-registry"
#include "config.h"

#include <glib/gi18n-lib.h>

#include "aura-link-out.h"
#include "aura-tool-registry-private.h"

/* Loading the whole registry, and the link-out family. */

gboolean
aura_tool_registry_add_link_outs (AuraToolRegistry *self, GError **error)
{
  g_autoptr (AuraLinkOutList) list = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  list = aura_link_out_list_load_bundled (error);
  if (list == NULL)
    return FALSE;
  for (guint i = 0; i < aura_link_out_list_get_n_links (list); i++)
    {
      const AuraLinkOut *link = aura_link_out_list_get_link (list, i);
      g_autofree char *id = g_strdup_printf ("link.%s", aura_link_out_get_id (link));
      AuraToolInfo *info = aura_tool_info_new (id, AURA_TOOL_KIND_LINK_OUT, "link-out");

      info->name = g_strdup (aura_link_out_get_name (link));
      info->description = g_strdup (aura_link_out_get_description (link));
      info->category = g_strdup (aura_link_out_get_category (link));
      aura_tool_info_set_inputs (info, aura_link_out_get_inputs (link));
      info->homepage = g_strdup (aura_link_out_get_homepage (link));
      g_free (info->origin);
      info->origin = g_strdup (aura_link_out_get_origin (link));
      info->run_hint = g_strdup_printf ("aura-cli tools run %s {value}", id);
      aura_tool_registry_add (self, info);
    }
  return TRUE;
}

typedef gboolean (*FamilyLoader) (AuraToolRegistry *self, GError **error);

static void
add_family (AuraToolRegistry *self, FamilyLoader loader, const char *what)
{
  g_autoptr (GError) error = NULL;

  if (!loader (self, &error))
    {
      g_autofree char *message =
          g_strdup_printf (_ ("The %s were left out: %s"), what, error->message);

      aura_tool_registry_add_warning (self, message);
    }
}

AuraToolRegistry *
aura_tool_registry_load_default (AuraApiKeys *keys, AuraToolRegistryFlags flags, GError **out_error)
{
  g_autoptr (AuraToolRegistry) self = aura_tool_registry_new ();
  g_autoptr (GError) error = NULL;

  aura_tool_registry_add_natives (self);
  add_family (self, aura_tool_registry_add_sites, _ ("username sites"));
  add_family (self, aura_tool_registry_add_sources, _ ("passive sources"));
  add_family (self, aura_tool_registry_add_email_checks, _ ("email checks"));
  if (!aura_tool_registry_add_adapters (self, !(flags & AURA_TOOL_REGISTRY_NO_PROBE), &error))
    {
      g_autofree char *message =
          g_strdup_printf (_ ("The %s were left out: %s"), _ ("external programs"), error->message);

      aura_tool_registry_add_warning (self, message);
    }
  add_family (self, aura_tool_registry_add_link_outs, _ ("link-outs"));
  aura_tool_registry_check_keys (self, keys, flags);
  aura_tool_registry_sort (self);
  if (self->tools->len == 0)
    {
      g_set_error_literal (out_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _ ("No tool could be loaded; is Aura installed completely?"));
      return NULL;
    }
  return g_steal_pointer (&self);
}
