/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-store"
#include "config.h"

#include "aura-entity-list-private.h"

/* The model holds only the ordered ids of the matches (8 bytes a row) and
 * a few pages of AuraEntity objects. The ids are read in a GTask worker on
 * the store's reader connection; a newer read cancels the older one, whose
 * result is then dropped. Pages are read by id on the calling thread when
 * get_item() first touches them, and the least recently used page is
 * dropped beyond MAX_PAGES. */

#define PAGE_SIZE 256
#define MAX_PAGES 4
#define RELOAD_DELAY_MS 100

typedef struct
{
  guint index;
  guint64 last_used;
  GHashTable *by_id; /* gint64 id → AuraEntity */
} Page;

struct _AuraEntityList
{
  GObject parent_instance;

  AuraStore *store;
  gulong changed_id;
  gint64 investigation_id;
  int type;
  char *search_text;
  AuraEntitySort sort;
  gboolean descending;
  gboolean targets_only;

  GArray *ids; /* gint64, in model order */
  GCancellable *cancellable;
  gboolean loading;
  GError *error;
  guint reload_source;

  Page *pages[MAX_PAGES];
  guint64 use_clock;
  guint n_page_reads;
  /* Reads whose callback has not run yet, cancelled ones included. */
  guint n_reads_in_flight;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AuraEntityList,
                               aura_entity_list,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum
{
  PROP_0,
  PROP_STORE,
  PROP_INVESTIGATION_ID,
  PROP_ENTITY_TYPE,
  PROP_SEARCH_TEXT,
  PROP_SORT,
  PROP_DESCENDING,
  PROP_TARGETS_ONLY,
  PROP_LOADING,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
page_free (Page *page)
{
  g_hash_table_unref (page->by_id);
  g_free (page);
}

static void
clear_pages (AuraEntityList *self)
{
  for (guint i = 0; i < MAX_PAGES; i++)
    g_clear_pointer (&self->pages[i], page_free);
}

/* ---- Reading the ids ---------------------------------------------------- */

typedef struct
{
  AuraStore *store;
  AuraEntityQuery query;
  char *text;
} ReadData;

static void
read_data_free (ReadData *data)
{
  g_clear_object (&data->store);
  g_free (data->text);
  g_free (data);
}

static void
read_ids_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ReadData *data = task_data;
  GError *error = NULL;
  GArray *ids;

  ids = aura_store_query_entity_ids (data->store, &data->query, cancellable, &error);
  /* The worker may hold the task a little after the callback ran: it must
   * not keep the store alive that long. The list, which the callback
   * holds, keeps a reference meanwhile. */
  g_clear_object (&data->store);
  if (ids == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, ids, (GDestroyNotify)g_array_unref);
}

static void
set_loading (AuraEntityList *self, gboolean loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
read_ids_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (AuraEntityList) self = user_data;
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids = NULL;
  guint old_n, new_n;

  self->n_reads_in_flight--;
  ids = g_task_propagate_pointer (G_TASK (result), &error);
  /* A newer read replaced this one: its result is stale. */
  if (cancellable != self->cancellable)
    return;
  g_clear_object (&self->cancellable);
  g_clear_error (&self->error);
  if (ids == NULL)
    {
      g_warning ("Could not list entities: %s", error->message);
      self->error = g_steal_pointer (&error);
      ids = g_array_new (FALSE, FALSE, sizeof (gint64));
    }
  old_n = self->ids->len;
  new_n = ids->len;
  g_array_unref (self->ids);
  self->ids = g_steal_pointer (&ids);
  clear_pages (self);
  if (old_n != 0 || new_n != 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, new_n);
  if (old_n != new_n)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  set_loading (self, FALSE);
}

static void
start_read (AuraEntityList *self)
{
  g_autoptr (GTask) task = NULL;
  ReadData *data;

  if (self->store == NULL)
    return;
  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  data = g_new0 (ReadData, 1);
  data->text = g_strdup (self->search_text);
  data->query.investigation_id = self->investigation_id;
  data->query.type = self->type;
  data->query.text = data->text;
  data->query.targets_only = self->targets_only;
  data->query.sort = self->sort;
  data->query.descending = self->descending;

  data->store = g_object_ref (self->store);

  /* No source object: the callback holds the list instead, and drops it on
   * this thread. The task's cancellable tells the callback whether it is
   * still the latest read. */
  task = g_task_new (NULL, self->cancellable, read_ids_cb, g_object_ref (self));
  g_task_set_source_tag (task, start_read);
  g_task_set_task_data (task, data, (GDestroyNotify)read_data_free);
  g_task_run_in_thread (task, read_ids_thread);
  self->n_reads_in_flight++;
  set_loading (self, TRUE);
}

static gboolean
reload_timeout_cb (gpointer user_data)
{
  AuraEntityList *self = user_data;

  self->reload_source = 0;
  start_read (self);
  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (AuraStore *store, gint64 investigation_id, const char *what, gpointer user_data)
{
  AuraEntityList *self = user_data;

  /* 0 is a change outside any one investigation (or a batch over several). */
  if (investigation_id != 0 && self->investigation_id != 0 &&
      investigation_id != self->investigation_id)
    return;
  /* Bursts of changes coalesce into one read. */
  if (self->reload_source == 0)
    self->reload_source = g_timeout_add (RELOAD_DELAY_MS, reload_timeout_cb, self);
}

/* ---- GListModel --------------------------------------------------------- */

static GType
aura_entity_list_get_item_type (GListModel *model)
{
  return AURA_TYPE_ENTITY;
}

static guint
aura_entity_list_get_n_items (GListModel *model)
{
  return AURA_ENTITY_LIST (model)->ids->len;
}

static Page *
load_page (AuraEntityList *self, guint index)
{
  g_autoptr (GPtrArray) entities = NULL;
  g_autoptr (GError) error = NULL;
  guint start = index * PAGE_SIZE;
  guint n = MIN (PAGE_SIZE, self->ids->len - start);
  guint slot = 0;
  Page *page;

  entities =
      aura_store_get_entities (self->store, &g_array_index (self->ids, gint64, start), n, &error);
  if (entities == NULL)
    {
      g_warning ("Could not read entities: %s", error->message);
      return NULL;
    }
  self->n_page_reads++;
  page = g_new0 (Page, 1);
  page->index = index;
  page->by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  for (guint i = 0; i < entities->len; i++)
    {
      AuraEntity *entity = g_object_ref (entities->pdata[i]);
      gint64 id = aura_entity_get_id (entity);

      g_hash_table_insert (page->by_id, g_memdup2 (&id, sizeof id), entity);
    }
  for (guint i = 1; i < MAX_PAGES; i++)
    if (self->pages[i] == NULL ||
        (self->pages[slot] != NULL && self->pages[i]->last_used < self->pages[slot]->last_used))
      slot = i;
  g_clear_pointer (&self->pages[slot], page_free);
  self->pages[slot] = page;
  return page;
}

static gpointer
aura_entity_list_get_item (GListModel *model, guint position)
{
  AuraEntityList *self = AURA_ENTITY_LIST (model);
  guint index = position / PAGE_SIZE;
  Page *page = NULL;
  AuraEntity *entity;

  if (position >= self->ids->len)
    return NULL;
  for (guint i = 0; i < MAX_PAGES && page == NULL; i++)
    if (self->pages[i] != NULL && self->pages[i]->index == index)
      page = self->pages[i];
  if (page == NULL && (page = load_page (self, index)) == NULL)
    return NULL;
  page->last_used = ++self->use_clock;
  entity = g_hash_table_lookup (page->by_id, &g_array_index (self->ids, gint64, position));
  /* Deleted since the ids were read: a reload is on its way. */
  if (entity == NULL && self->reload_source == 0)
    self->reload_source = g_timeout_add (RELOAD_DELAY_MS, reload_timeout_cb, self);
  return entity != NULL ? g_object_ref (entity) : NULL;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = aura_entity_list_get_item_type;
  iface->get_n_items = aura_entity_list_get_n_items;
  iface->get_item = aura_entity_list_get_item;
}

/* ---- GObject ------------------------------------------------------------ */

static void
aura_entity_list_constructed (GObject *object)
{
  AuraEntityList *self = AURA_ENTITY_LIST (object);

  G_OBJECT_CLASS (aura_entity_list_parent_class)->constructed (object);

  if (self->store != NULL)
    {
      self->changed_id =
          g_signal_connect (self->store, "changed", G_CALLBACK (store_changed_cb), self);
      start_read (self);
    }
}

static void
aura_entity_list_dispose (GObject *object)
{
  AuraEntityList *self = AURA_ENTITY_LIST (object);

  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_signal_handler (&self->changed_id, self->store);
  clear_pages (self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (aura_entity_list_parent_class)->dispose (object);
}

static void
aura_entity_list_finalize (GObject *object)
{
  AuraEntityList *self = AURA_ENTITY_LIST (object);

  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_error (&self->error);
  g_free (self->search_text);

  G_OBJECT_CLASS (aura_entity_list_parent_class)->finalize (object);
}

static void
aura_entity_list_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  AuraEntityList *self = AURA_ENTITY_LIST (object);

  switch (prop_id)
    {
      case PROP_STORE:
        g_value_set_object (value, self->store);
        break;
      case PROP_INVESTIGATION_ID:
        g_value_set_int64 (value, self->investigation_id);
        break;
      case PROP_ENTITY_TYPE:
        g_value_set_int (value, self->type);
        break;
      case PROP_SEARCH_TEXT:
        g_value_set_string (value, self->search_text);
        break;
      case PROP_SORT:
        g_value_set_int (value, self->sort);
        break;
      case PROP_DESCENDING:
        g_value_set_boolean (value, self->descending);
        break;
      case PROP_TARGETS_ONLY:
        g_value_set_boolean (value, self->targets_only);
        break;
      case PROP_LOADING:
        g_value_set_boolean (value, self->loading);
        break;
      case PROP_N_ITEMS:
        g_value_set_uint (value, self->ids->len);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aura_entity_list_set_property (GObject *object,
                               guint prop_id,
                               const GValue *value,
                               GParamSpec *pspec)
{
  AuraEntityList *self = AURA_ENTITY_LIST (object);

  switch (prop_id)
    {
      case PROP_STORE:
        self->store = g_value_dup_object (value);
        break;
      case PROP_INVESTIGATION_ID:
        self->investigation_id = g_value_get_int64 (value);
        break;
      case PROP_ENTITY_TYPE:
        aura_entity_list_set_entity_type (self, g_value_get_int (value));
        break;
      case PROP_SEARCH_TEXT:
        aura_entity_list_set_search_text (self, g_value_get_string (value));
        break;
      case PROP_SORT:
        aura_entity_list_set_sort (self, g_value_get_int (value), self->descending);
        break;
      case PROP_DESCENDING:
        aura_entity_list_set_sort (self, self->sort, g_value_get_boolean (value));
        break;
      case PROP_TARGETS_ONLY:
        aura_entity_list_set_targets_only (self, g_value_get_boolean (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aura_entity_list_class_init (AuraEntityListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->constructed = aura_entity_list_constructed;
  object_class->dispose = aura_entity_list_dispose;
  object_class->finalize = aura_entity_list_finalize;
  object_class->get_property = aura_entity_list_get_property;
  object_class->set_property = aura_entity_list_set_property;

  properties[PROP_STORE] =
      g_param_spec_object ("store", NULL, NULL, AURA_TYPE_STORE,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INVESTIGATION_ID] =
      g_param_spec_int64 ("investigation-id", NULL, NULL, 0, G_MAXINT64, 0,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENTITY_TYPE] =
      g_param_spec_int ("entity-type", NULL, NULL, -1, AURA_ENTITY_N_TYPES - 1, -1, rw);
  properties[PROP_SEARCH_TEXT] = g_param_spec_string ("search-text", NULL, NULL, NULL, rw);
  properties[PROP_SORT] = g_param_spec_int ("sort", NULL, NULL, AURA_ENTITY_SORT_VALUE,
                                            AURA_ENTITY_SORT_RANK, AURA_ENTITY_SORT_VALUE, rw);
  properties[PROP_DESCENDING] = g_param_spec_boolean ("descending", NULL, NULL, FALSE, rw);
  properties[PROP_TARGETS_ONLY] = g_param_spec_boolean ("targets-only", NULL, NULL, FALSE, rw);
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE, ro);
  properties[PROP_N_ITEMS] = g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
aura_entity_list_init (AuraEntityList *self)
{
  self->type = -1;
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
}

/* ---- Public API --------------------------------------------------------- */

AuraEntityList *
aura_entity_list_new (AuraStore *store, gint64 investigation_id)
{
  g_return_val_if_fail (AURA_IS_STORE (store), NULL);

  return g_object_new (AURA_TYPE_ENTITY_LIST, "store", store, "investigation-id", investigation_id,
                       NULL);
}

AuraStore *
aura_entity_list_get_store (AuraEntityList *self)
{
  g_return_val_if_fail (AURA_IS_ENTITY_LIST (self), NULL);
  return self->store;
}

gint64
aura_entity_list_get_investigation_id (AuraEntityList *self)
{
  g_return_val_if_fail (AURA_IS_ENTITY_LIST (self), 0);
  return self->investigation_id;
}

void
aura_entity_list_set_entity_type (AuraEntityList *self, int type)
{
  g_return_if_fail (AURA_IS_ENTITY_LIST (self));
  g_return_if_fail (type >= -1 && type < AURA_ENTITY_N_TYPES);

  if (self->type == type)
    return;
  self->type = type;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENTITY_TYPE]);
  start_read (self);
}

int
aura_entity_list_get_entity_type (AuraEntityList *self)
{
  g_return_val_if_fail (AURA_IS_ENTITY_LIST (self), -1);
  return self->type;
}

void
aura_entity_list_set_search_text (AuraEntityList *self, const char *text)
{
  g_return_if_fail (AURA_IS_ENTITY_LIST (self));

  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (self->search_text, text) == 0)
    return;
  g_free (self->search_text);
  self->search_text = g_strdup (text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_TEXT]);
  start_read (self);
}

const char *
aura_entity_list_get_search_text (AuraEntityList *self)
{
  g_return_val_if_fail (AURA_IS_ENTITY_LIST (self), NULL);
  return self->search_text;
}

void
aura_entity_list_set_sort (AuraEntityList *self, AuraEntitySort sort, gboolean descending)
{
  g_return_if_fail (AURA_IS_ENTITY_LIST (self));
  g_return_if_fail (sort <= AURA_ENTITY_SORT_RANK);

  descending = !!descending;
  if (self->sort == sort && self->descending == descending)
    return;
  g_object_freeze_notify (G_OBJECT (self));
  if (self->sort != sort)
    {
      self->sort = sort;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT]);
    }
  if (self->descending != descending)
    {
      self->descending = descending;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCENDING]);
    }
  g_object_thaw_notify (G_OBJECT (self));
  start_read (self);
}

AuraEntitySort
aura_entity_list_get_sort (AuraEntityList *self)
{
  g_return_val_if_fail (AURA_IS_ENTITY_LIST (self), AURA_ENTITY_SORT_VALUE);
  return self->sort;
}

gboolean
aura_entity_list_get_descending (AuraEntityList *self)
{
  g_return_val_if_fail (AURA_IS_ENTITY_LIST (self), FALSE);
  return self->descending;
}

void
aura_entity_list_set_targets_only (AuraEntityList *self, gboolean targets_only)
{
  g_return_if_fail (AURA_IS_ENTITY_LIST (self));

  targets_only = !!targets_only;
  if (self->targets_only == targets_only)
    return;
  self->targets_only = targets_only;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TARGETS_ONLY]);
  start_read (self);
}

gboolean
aura_entity_list_get_targets_only (AuraEntityList *self)
{
  g_return_val_if_fail (AURA_IS_ENTITY_LIST (self), FALSE);
  return self->targets_only;
}

void
aura_entity_list_reload (AuraEntityList *self)
{
  g_return_if_fail (AURA_IS_ENTITY_LIST (self));
  start_read (self);
}

gboolean
aura_entity_list_get_loading (AuraEntityList *self)
{
  g_return_val_if_fail (AURA_IS_ENTITY_LIST (self), FALSE);
  return self->loading;
}

const GError *
aura_entity_list_get_error (AuraEntityList *self)
{
  g_return_val_if_fail (AURA_IS_ENTITY_LIST (self), NULL);
  return self->error;
}

guint
aura_entity_list_get_n_cached_pages (AuraEntityList *self)
{
  guint n = 0;

  for (guint i = 0; i < MAX_PAGES; i++)
    n += self->pages[i] != NULL;
  return n;
}

guint
aura_entity_list_get_n_page_reads (AuraEntityList *self)
{
  return self->n_page_reads;
}

guint
aura_entity_list_get_n_reads_in_flight (AuraEntityList *self)
{
  return self->n_reads_in_flight;
}
