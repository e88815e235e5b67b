/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-app"
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "aura-tool-catalog.h"

/* The registry is read without the keyring and without running the
 * external programs (a PATH lookup decides whether one is installed): the
 * menus only need to know what exists; a run checks its program itself. */

struct _AuraToolCatalog
{
  GObject parent_instance;

  gboolean loaded;
  GError *error;
  AuraToolRegistry *registry;
  AuraLinkOutList *links;
  AuraAdapterList *adapters;
};

G_DEFINE_FINAL_TYPE (AuraToolCatalog, aura_tool_catalog, G_TYPE_OBJECT)

enum
{
  SIGNAL_LOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Where a link-out's menu opens a submenu per category instead of labelled
 * sections: a username has dozens. */
#define SECTIONS_MAX_LINKS 15

/* ---- Labels -------------------------------------------------------------------- */

static const struct
{
  const char *id;
  AuraToolMenuFlags flag;
  AuraEntityType types[2];
  const char *label;
} natives[] = {
  { "username.accounts",
    AURA_TOOL_MENU_SCANS,
    { AURA_ENTITY_USERNAME, AURA_ENTITY_USERNAME },
    N_ ("Look for Accounts") },
  { "tiktok.profile",
    0,
    { AURA_ENTITY_USERNAME, AURA_ENTITY_USERNAME },
    N_ ("Analyse TikTok Profile") },
  { "domain.map",
    AURA_TOOL_MENU_SCANS,
    { AURA_ENTITY_DOMAIN, AURA_ENTITY_SUBDOMAIN },
    N_ ("Map Domain") },
  { "email.accounts", 0, { AURA_ENTITY_EMAIL, AURA_ENTITY_EMAIL }, N_ ("Check Email Address") },
  { "phone.offline", 0, { AURA_ENTITY_PHONE, AURA_ENTITY_PHONE }, N_ ("Analyse Phone Number") },
};

const char *
aura_tool_native_label (const char *tool_id)
{
  for (guint i = 0; tool_id != NULL && i < G_N_ELEMENTS (natives); i++)
    if (g_str_equal (natives[i].id, tool_id))
      return _ (natives[i].label);
  return NULL;
}

const char *
aura_tool_category_label (const char *category)
{
  static const struct
  {
    const char *id;
    const char *label;
  } names[] = {
    { "archives", N_ ("Web Archives") },
    { "breaches", N_ ("Breaches and Pastes") },
    { "caller-id", N_ ("Caller ID") },
    { "certificates", N_ ("Certificates") },
    { "code", N_ ("Code Search") },
    { "dns", N_ ("DNS History") },
    { "dork", N_ ("Search Engine Queries") },
    { "email", N_ ("Email Tools") },
    { "maps", N_ ("Maps") },
    { "messaging", N_ ("Messaging") },
    { "network", N_ ("Networks and Routing") },
    { "registration", N_ ("Registration") },
    { "reputation", N_ ("Reputation") },
    { "reverse-image", N_ ("Reverse Image Search") },
    { "satellite", N_ ("Satellite Imagery") },
    { "scans", N_ ("Internet Scans") },
    { "search", N_ ("Search") },
    { "social", N_ ("Social Networks") },
    { "street-level", N_ ("Street-Level Imagery") },
    { "sun", N_ ("Sun Position") },
    { "technology", N_ ("Web Technology") },
  };

  if (category == NULL || *category == '\0')
    return _ ("Other");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (names[i].id, category))
      return _ (names[i].label);
  return category;
}

/* ---- Loading ------------------------------------------------------------------- */

typedef struct
{
  AuraToolRegistry *registry;
  AuraLinkOutList *links;
  AuraAdapterList *adapters;
} Loaded;

static void
loaded_free (Loaded *loaded)
{
  g_clear_pointer (&loaded->registry, aura_tool_registry_free);
  g_clear_pointer (&loaded->links, aura_link_out_list_free);
  g_clear_object (&loaded->adapters);
  g_free (loaded);
}

/* The registry must load; the link-outs and the adapters are needed to
 * run what it lists, and a menu without them still offers the rest. */
static Loaded *
load (GError **error)
{
  Loaded *loaded = g_new0 (Loaded, 1);
  g_autoptr (GError) links_error = NULL;
  g_autoptr (GError) adapters_error = NULL;

  loaded->registry = aura_tool_registry_load_default (
      NULL, AURA_TOOL_REGISTRY_NO_KEYRING | AURA_TOOL_REGISTRY_NO_PROBE, error);
  if (loaded->registry == NULL)
    {
      loaded_free (loaded);
      return NULL;
    }
  loaded->links = aura_link_out_list_load_bundled (&links_error);
  if (loaded->links == NULL)
    g_message ("The link-outs could not be read: %s", links_error->message);
  loaded->adapters = aura_adapter_list_load_bundled (&adapters_error);
  if (loaded->adapters == NULL)
    g_message ("The adapters could not be read: %s", adapters_error->message);
  return loaded;
}

static void
take_loaded (AuraToolCatalog *self, Loaded *loaded, GError *error)
{
  self->loaded = TRUE;
  if (loaded == NULL)
    {
      g_message ("The tool registry could not be read: %s", error->message);
      self->error = error;
      return;
    }
  self->registry = g_steal_pointer (&loaded->registry);
  self->links = g_steal_pointer (&loaded->links);
  self->adapters = g_steal_pointer (&loaded->adapters);
  loaded_free (loaded);
}

static void
load_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;
  Loaded *loaded = load (&error);

  if (loaded == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, loaded, (GDestroyNotify)loaded_free);
}

static void
load_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AuraToolCatalog *self = AURA_TOOL_CATALOG (source);
  GError *error = NULL;
  Loaded *loaded = g_task_propagate_pointer (G_TASK (result), &error);

  take_loaded (self, loaded, error);
  g_signal_emit (self, signals[SIGNAL_LOADED], 0);
}

AuraToolCatalog *
aura_tool_catalog_get_default (void)
{
  static AuraToolCatalog *catalog;

  if (catalog == NULL)
    {
      g_autoptr (GTask) task = NULL;

      catalog = g_object_new (AURA_TYPE_TOOL_CATALOG, NULL);
      task = g_task_new (catalog, NULL, load_done, NULL);
      g_task_set_source_tag (task, aura_tool_catalog_get_default);
      g_task_run_in_thread (task, load_thread);
    }
  return catalog;
}

AuraToolCatalog *
aura_tool_catalog_new_sync (GError **error)
{
  g_autoptr (AuraToolCatalog) self = g_object_new (AURA_TYPE_TOOL_CATALOG, NULL);
  GError *local_error = NULL;
  Loaded *loaded = load (&local_error);

  if (loaded == NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  take_loaded (self, loaded, NULL);
  return g_steal_pointer (&self);
}

gboolean
aura_tool_catalog_is_loaded (AuraToolCatalog *self)
{
  g_return_val_if_fail (AURA_IS_TOOL_CATALOG (self), FALSE);
  return self->loaded;
}

const GError *
aura_tool_catalog_get_error (AuraToolCatalog *self)
{
  g_return_val_if_fail (AURA_IS_TOOL_CATALOG (self), NULL);
  return self->error;
}

AuraToolRegistry *
aura_tool_catalog_get_registry (AuraToolCatalog *self)
{
  g_return_val_if_fail (AURA_IS_TOOL_CATALOG (self), NULL);
  return self->registry;
}

/* ---- Menus --------------------------------------------------------------------- */

static void
append_tool (GMenu *menu,
             const char *label,
             const char *tool_id,
             const char *action_name,
             AuraToolTargetFunc make_target,
             gpointer user_data)
{
  g_autoptr (GMenuItem) item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target_value (item, action_name, make_target (tool_id, user_data));
  g_menu_append_item (menu, item);
}

static guint
append_natives (GMenu *menu,
                AuraEntityType type,
                AuraToolMenuFlags flags,
                const char *action_name,
                AuraToolTargetFunc make_target,
                gpointer user_data)
{
  g_autoptr (GMenu) section = g_menu_new ();
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (natives); i++)
    {
      if ((natives[i].flag & flags) != natives[i].flag)
        continue;
      if (natives[i].types[0] != type && natives[i].types[1] != type)
        continue;
      append_tool (section, _ (natives[i].label), natives[i].id, action_name, make_target,
                   user_data);
      n++;
    }
  if (n > 0)
    g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  return n;
}

static guint
append_adapters (AuraToolCatalog *self,
                 GMenu *menu,
                 AuraEntityType type,
                 const char *action_name,
                 AuraToolTargetFunc make_target,
                 gpointer user_data)
{
  g_autoptr (GPtrArray) tools = aura_tool_registry_for_type (self->registry, type);
  g_autoptr (GMenu) submenu = g_menu_new ();
  g_autoptr (GMenu) section = g_menu_new ();
  guint n = 0;

  for (guint i = 0; i < tools->len; i++)
    {
      const AuraToolInfo *info = tools->pdata[i];

      if (info->kind != AURA_TOOL_KIND_ADAPTER || info->state != AURA_TOOL_STATE_AVAILABLE)
        continue;
      append_tool (submenu, info->name, info->id, action_name, make_target, user_data);
      n++;
    }
  if (n > 0)
    {
      g_menu_append_submenu (section, _ ("Run Installed _Tool"), G_MENU_MODEL (submenu));
      g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
    }
  return n;
}

/* The link-outs for @type grouped by category, in registry order. */
static GPtrArray *
group_links (AuraToolCatalog *self, AuraEntityType type, guint *out_n)
{
  g_autoptr (GPtrArray) tools = aura_tool_registry_for_type (self->registry, type);
  GPtrArray *groups = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);

  *out_n = 0;
  for (guint i = 0; i < tools->len; i++)
    {
      const AuraToolInfo *info = tools->pdata[i];
      GPtrArray *group = NULL;

      if (info->kind != AURA_TOOL_KIND_LINK_OUT)
        continue;
      for (guint g = 0; g < groups->len && group == NULL; g++)
        {
          GPtrArray *candidate = groups->pdata[g];
          const AuraToolInfo *first = candidate->pdata[0];

          if (g_strcmp0 (first->category, info->category) == 0)
            group = candidate;
        }
      if (group == NULL)
        {
          group = g_ptr_array_new ();
          g_ptr_array_add (groups, group);
        }
      g_ptr_array_add (group, (gpointer)info);
      (*out_n)++;
    }
  return groups;
}

static guint
append_links (AuraToolCatalog *self,
              GMenu *menu,
              AuraEntityType type,
              const char *action_name,
              AuraToolTargetFunc make_target,
              gpointer user_data)
{
  guint n = 0;
  g_autoptr (GPtrArray) groups = group_links (self, type, &n);
  g_autoptr (GMenu) submenu = g_menu_new ();
  g_autoptr (GMenu) section = g_menu_new ();

  if (n == 0)
    return 0;
  for (guint g = 0; g < groups->len; g++)
    {
      GPtrArray *group = groups->pdata[g];
      g_autoptr (GMenu) items = g_menu_new ();
      const char *label = aura_tool_category_label (((AuraToolInfo *)group->pdata[0])->category);

      for (guint i = 0; i < group->len; i++)
        {
          const AuraToolInfo *info = group->pdata[i];

          append_tool (items, info->name, info->id, action_name, make_target, user_data);
        }
      if (n <= SECTIONS_MAX_LINKS)
        g_menu_append_section (submenu, label, G_MENU_MODEL (items));
      else
        g_menu_append_submenu (submenu, label, G_MENU_MODEL (items));
    }
  g_menu_append_submenu (section, _ ("_Open In"), G_MENU_MODEL (submenu));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  return n;
}

guint
aura_tool_catalog_append_menu (AuraToolCatalog *self,
                               GMenu *menu,
                               AuraEntityType type,
                               AuraToolMenuFlags flags,
                               const char *action_name,
                               AuraToolTargetFunc make_target,
                               gpointer user_data)
{
  guint n;

  g_return_val_if_fail (AURA_IS_TOOL_CATALOG (self), 0);
  g_return_val_if_fail (G_IS_MENU (menu), 0);
  g_return_val_if_fail (action_name != NULL && make_target != NULL, 0);

  n = append_natives (menu, type, flags, action_name, make_target, user_data);
  if (self->registry == NULL)
    return n;
  n += append_adapters (self, menu, type, action_name, make_target, user_data);
  n += append_links (self, menu, type, action_name, make_target, user_data);
  return n;
}

/* ---- Running ------------------------------------------------------------------- */

char *
aura_tool_catalog_build_link (AuraToolCatalog *self,
                              const char *tool_id,
                              AuraEntityType type,
                              const char *value,
                              GError **error)
{
  const AuraLinkOut *link = NULL;

  g_return_val_if_fail (AURA_IS_TOOL_CATALOG (self), NULL);
  g_return_val_if_fail (tool_id != NULL && value != NULL, NULL);

  if (self->links != NULL && g_str_has_prefix (tool_id, "link."))
    link = aura_link_out_list_lookup (self->links, tool_id + strlen ("link."));
  if (link == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   /* Translators: %s is a tool's id ("link.wayback-url"). */
                   _ ("No web service “%s” is known here"), tool_id);
      return NULL;
    }
  return aura_link_out_build_url (link, type, value, error);
}

AuraLinkOutList *
aura_tool_catalog_get_link_outs (AuraToolCatalog *self)
{
  g_return_val_if_fail (AURA_IS_TOOL_CATALOG (self), NULL);
  return self->links;
}

AuraAdapter *
aura_tool_catalog_lookup_adapter (AuraToolCatalog *self, const char *tool_id)
{
  g_return_val_if_fail (AURA_IS_TOOL_CATALOG (self), NULL);
  g_return_val_if_fail (tool_id != NULL, NULL);

  if (self->adapters == NULL || !g_str_has_prefix (tool_id, "adapter."))
    return NULL;
  return aura_adapter_list_lookup (self->adapters, tool_id + strlen ("adapter."));
}

/* ---- GObject ------------------------------------------------------------------- */

static void
aura_tool_catalog_finalize (GObject *object)
{
  AuraToolCatalog *self = AURA_TOOL_CATALOG (object);

  g_clear_error (&self->error);
  g_clear_pointer (&self->registry, aura_tool_registry_free);
  g_clear_pointer (&self->links, aura_link_out_list_free);
  g_clear_object (&self->adapters);
  G_OBJECT_CLASS (aura_tool_catalog_parent_class)->finalize (object);
}

static void
aura_tool_catalog_class_init (AuraToolCatalogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = aura_tool_catalog_finalize;
  signals[SIGNAL_LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
aura_tool_catalog_init (AuraToolCatalog *self)
{
}
