/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <aura.h>
#include <gtk/gtk.h>

G_BEGIN_DECLS

#define AURA_TYPE_COLUMN_SORTER (aura_column_sorter_get_type ())
G_DECLARE_FINAL_TYPE (AuraColumnSorter, aura_column_sorter, AURA, COLUMN_SORTER, GtkSorter)

/* A sorter that never sorts: it marks a GtkColumnViewColumn as sortable
 * and names the SQL ordering the column stands for. GTK 4.8 has no API to
 * ask a GtkColumnViewSorter which column is primary (that is 4.10), so
 * aura_column_sorter_probe() asks it by comparing two dummy items: only the
 * primary column's sorter is called, because it never answers "equal". */
AuraColumnSorter *aura_column_sorter_new (AuraEntitySort key);
AuraEntitySort aura_column_sorter_get_key (AuraColumnSorter *self);

/* Reads the primary sort key and direction of @view_sorter (the sorter of a
 * GtkColumnView whose sortable columns all carry an AuraColumnSorter).
 * Returns %FALSE when no column is sorted. */
gboolean aura_column_sorter_probe (GtkSorter *view_sorter,
                                   AuraEntitySort *out_key,
                                   gboolean *out_descending);

G_END_DECLS
