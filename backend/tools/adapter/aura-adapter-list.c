/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-adapter"
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "aura-adapter-private.h"

/* Lists of adapters, the folders they come from, and the cache of what
 * is installed on this machine. */

struct _AuraAdapterList
{
  GObject parent_instance;
  GPtrArray *adapters;      /* AuraAdapter */
  GPtrArray *warnings;      /* char *, NULL-terminated */
  GMutex lock;              /* guards availability: probes run in a worker */
  GHashTable *availability; /* id → AuraAdapterAvailability */
};

G_DEFINE_FINAL_TYPE (AuraAdapterList, aura_adapter_list, G_TYPE_OBJECT)

static void
aura_adapter_list_finalize (GObject *object)
{
  AuraAdapterList *self = AURA_ADAPTER_LIST (object);

  g_ptr_array_unref (self->adapters);
  g_ptr_array_unref (self->warnings);
  g_hash_table_unref (self->availability);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (aura_adapter_list_parent_class)->finalize (object);
}

static void
aura_adapter_list_class_init (AuraAdapterListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = aura_adapter_list_finalize;
}

static void
aura_adapter_list_init (AuraAdapterList *self)
{
  self->adapters = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_adapter_unref);
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->warnings, NULL);
  g_mutex_init (&self->lock);
  self->availability = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify)aura_adapter_availability_free);
}

AuraAdapterList *
aura_adapter_list_new (void)
{
  return g_object_new (AURA_TYPE_ADAPTER_LIST, NULL);
}

guint
aura_adapter_list_get_n_adapters (AuraAdapterList *self)
{
  g_return_val_if_fail (AURA_IS_ADAPTER_LIST (self), 0);
  return self->adapters->len;
}

AuraAdapter *
aura_adapter_list_get_adapter (AuraAdapterList *self, guint index)
{
  g_return_val_if_fail (AURA_IS_ADAPTER_LIST (self), NULL);
  g_return_val_if_fail (index < self->adapters->len, NULL);
  return self->adapters->pdata[index];
}

AuraAdapter *
aura_adapter_list_lookup (AuraAdapterList *self, const char *id)
{
  g_return_val_if_fail (AURA_IS_ADAPTER_LIST (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  for (guint i = 0; i < self->adapters->len; i++)
    {
      AuraAdapter *adapter = self->adapters->pdata[i];

      if (g_ascii_strcasecmp (adapter->id, id) == 0)
        return adapter;
    }
  return NULL;
}

static void
add_warning (AuraAdapterList *self, char *warning)
{
  self->warnings->pdata[self->warnings->len - 1] = warning;
  g_ptr_array_add (self->warnings, NULL);
}

void
aura_adapter_list_add (AuraAdapterList *self, AuraAdapter *adapter)
{
  g_return_if_fail (AURA_IS_ADAPTER_LIST (self));
  g_return_if_fail (adapter != NULL);
  for (guint i = 0; i < self->adapters->len; i++)
    {
      AuraAdapter *old = self->adapters->pdata[i];

      if (strcmp (old->id, adapter->id) == 0)
        {
          /* Translators: %s is an adapter's id, then two files. */
          add_warning (self, g_strdup_printf (_ ("adapter “%s” of %s replaces the one of %s"),
                                              adapter->id, adapter->origin, old->origin));
          self->adapters->pdata[i] = aura_adapter_ref (adapter);
          aura_adapter_unref (old);
          return;
        }
    }
  g_ptr_array_add (self->adapters, aura_adapter_ref (adapter));
}

const char *const *
aura_adapter_list_get_warnings (AuraAdapterList *self)
{
  g_return_val_if_fail (AURA_IS_ADAPTER_LIST (self), NULL);
  return (const char *const *)self->warnings->pdata;
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *)a, *(const char *const *)b);
}

AuraAdapterList *
aura_adapter_list_load_dir (const char *dir, GError **error)
{
  g_autoptr (AuraAdapterList) self = aura_adapter_list_new ();
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) local = NULL;
  g_autoptr (GDir) handle = NULL;
  const char *name;

  g_return_val_if_fail (dir != NULL, NULL);
  handle = g_dir_open (dir, 0, &local);
  if (handle == NULL)
    {
      /* Translators: %s is a folder, then the system's message. */
      g_set_error (error, AURA_ADAPTER_ERROR, AURA_ADAPTER_ERROR_NOT_FOUND,
                   _ ("Cannot read the adapter folder %s: %s"), dir, local->message);
      return NULL;
    }
  while ((name = g_dir_read_name (handle)) != NULL)
    if (g_str_has_suffix (name, ".json") && name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  if (names->len > AURA_ADAPTER_MAX_ADAPTERS)
    {
      g_set_error (error, AURA_ADAPTER_ERROR, AURA_ADAPTER_ERROR_TOO_LARGE,
                   _ ("%s holds more than %d adapter manifests"), dir, AURA_ADAPTER_MAX_ADAPTERS);
      return NULL;
    }
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, names->pdata[i], NULL);
      g_autoptr (AuraAdapter) adapter = aura_adapter_load_file (path, warnings, error);

      if (adapter == NULL)
        return NULL;
      aura_adapter_list_add (self, adapter);
    }
  for (guint i = 0; i < warnings->len; i++)
    add_warning (self, g_strdup (warnings->pdata[i]));
  return g_steal_pointer (&self);
}

char *
aura_adapter_list_get_bundled_dir (void)
{
  const char *env = g_getenv ("AURA_ADAPTERS_DIR");
  const char *root = g_getenv ("AURA_SOURCE_ROOT");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  if (root != NULL && *root != '\0')
    {
      g_autofree char *dir = g_build_filename (root, "data", "adapters", NULL);

      if (g_file_test (dir, G_FILE_TEST_IS_DIR))
        return g_steal_pointer (&dir);
    }
  return g_build_filename (PKGDATADIR, "adapters", NULL);
}

AuraAdapterList *
aura_adapter_list_load_bundled (GError **error)
{
  g_autofree char *dir = aura_adapter_list_get_bundled_dir ();

  return aura_adapter_list_load_dir (dir, error);
}

/* ---- Availability --------------------------------------------------------- */

static AuraAdapterAvailability *
cached (AuraAdapterList *self, const char *id)
{
  AuraAdapterAvailability *found;
  AuraAdapterAvailability *copy = NULL;

  g_mutex_lock (&self->lock);
  found = g_hash_table_lookup (self->availability, id);
  if (found != NULL)
    copy = aura_adapter_availability_copy (found);
  g_mutex_unlock (&self->lock);
  return copy;
}

static void
remember (AuraAdapterList *self, const char *id, const AuraAdapterAvailability *availability)
{
  g_mutex_lock (&self->lock);
  g_hash_table_replace (self->availability, g_strdup (id),
                        aura_adapter_availability_copy (availability));
  g_mutex_unlock (&self->lock);
}

AuraAdapterAvailability *
aura_adapter_list_get_availability (AuraAdapterList *self, AuraAdapter *adapter)
{
  AuraAdapterAvailability *availability;

  g_return_val_if_fail (AURA_IS_ADAPTER_LIST (self), NULL);
  g_return_val_if_fail (adapter != NULL, NULL);
  availability = cached (self, adapter->id);
  if (availability != NULL)
    return availability;
  availability = aura_adapter_check (adapter, NULL);
  remember (self, adapter->id, availability);
  return availability;
}

void
aura_adapter_list_forget_availability (AuraAdapterList *self)
{
  g_return_if_fail (AURA_IS_ADAPTER_LIST (self));
  g_mutex_lock (&self->lock);
  g_hash_table_remove_all (self->availability);
  g_mutex_unlock (&self->lock);
}

static void
check_all_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  AuraAdapterList *self = source;
  GPtrArray *adapters = task_data;

  (void)self;
  for (guint i = 0; i < adapters->len; i++)
    {
      AuraAdapter *adapter = adapters->pdata[i];
      g_autoptr (AuraAdapterAvailability) availability = NULL;

      if (g_task_return_error_if_cancelled (task))
        return;
      availability = cached (self, adapter->id);
      if (availability != NULL)
        continue;
      availability = aura_adapter_check (adapter, cancellable);
      remember (self, adapter->id, availability);
    }
  g_task_return_boolean (task, TRUE);
}

void
aura_adapter_list_check_all_async (AuraAdapterList *self,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  GPtrArray *adapters;

  g_return_if_fail (AURA_IS_ADAPTER_LIST (self));
  adapters = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_adapter_unref);
  for (guint i = 0; i < self->adapters->len; i++)
    g_ptr_array_add (adapters, aura_adapter_ref (self->adapters->pdata[i]));
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, aura_adapter_list_check_all_async);
  /* The worker reads a copy: the list may change meanwhile. */
  g_task_set_task_data (task, adapters, (GDestroyNotify)g_ptr_array_unref);
  g_task_run_in_thread (task, check_all_thread);
}

gboolean
aura_adapter_list_check_all_finish (AuraAdapterList *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (AURA_IS_ADAPTER_LIST (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
