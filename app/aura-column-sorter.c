/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-app"
#include "config.h"

#include "aura-column-sorter.h"

struct _AuraColumnSorter
{
  GtkSorter parent_instance;

  AuraEntitySort key;
};

G_DEFINE_FINAL_TYPE (AuraColumnSorter, aura_column_sorter, GTK_TYPE_SORTER)

/* The probe runs on the UI thread only, and compare() is never called for
 * real sorting (no GtkSortListModel uses these sorters), so one static slot
 * is enough to carry the key out of compare(). */
static struct
{
  gboolean called;
  AuraEntitySort key;
} probe;

static GtkOrdering
aura_column_sorter_compare (GtkSorter *sorter, gpointer item1, gpointer item2)
{
  AuraColumnSorter *self = AURA_COLUMN_SORTER (sorter);

  if (!probe.called)
    {
      probe.called = TRUE;
      probe.key = self->key;
    }
  return GTK_ORDERING_SMALLER;
}

static GtkSorterOrder
aura_column_sorter_get_order (GtkSorter *sorter)
{
  return GTK_SORTER_ORDER_PARTIAL;
}

static void
aura_column_sorter_class_init (AuraColumnSorterClass *klass)
{
  GtkSorterClass *sorter_class = GTK_SORTER_CLASS (klass);

  sorter_class->compare = aura_column_sorter_compare;
  sorter_class->get_order = aura_column_sorter_get_order;
}

static void
aura_column_sorter_init (AuraColumnSorter *self)
{
}

AuraColumnSorter *
aura_column_sorter_new (AuraEntitySort key)
{
  AuraColumnSorter *self = g_object_new (AURA_TYPE_COLUMN_SORTER, NULL);

  self->key = key;
  return self;
}

AuraEntitySort
aura_column_sorter_get_key (AuraColumnSorter *self)
{
  g_return_val_if_fail (AURA_IS_COLUMN_SORTER (self), AURA_ENTITY_SORT_VALUE);
  return self->key;
}

gboolean
aura_column_sorter_probe (GtkSorter *view_sorter, AuraEntitySort *out_key, gboolean *out_descending)
{
  g_autoptr (GObject) a = NULL;
  g_autoptr (GObject) b = NULL;
  GtkOrdering order;

  g_return_val_if_fail (GTK_IS_SORTER (view_sorter), FALSE);

  a = g_object_new (G_TYPE_OBJECT, NULL);
  b = g_object_new (G_TYPE_OBJECT, NULL);
  probe.called = FALSE;
  order = gtk_sorter_compare (view_sorter, a, b);
  if (!probe.called || order == GTK_ORDERING_EQUAL)
    return FALSE;
  if (out_key != NULL)
    *out_key = probe.key;
  /* The column view's sorter inverts a descending column's answer. */
  if (out_descending != NULL)
    *out_descending = order == GTK_ORDERING_LARGER;
  return TRUE;
}
