/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-app"
#include "config.h"

#include <glib/gi18n.h>

#include "aura-app-util.h"
#include "aura-investigation-row.h"

struct _AuraInvestigationRow
{
  GtkWidget parent_instance;

  GtkLabel *name_label;
  GtkLabel *counts_label;
  GtkLabel *archived_badge;
};

G_DEFINE_FINAL_TYPE (AuraInvestigationRow, aura_investigation_row, GTK_TYPE_WIDGET)

AuraInvestigationRow *
aura_investigation_row_new (void)
{
  return g_object_new (AURA_TYPE_INVESTIGATION_ROW, NULL);
}

void
aura_investigation_row_set_investigation (AuraInvestigationRow *self, AuraInvestigation *inv)
{
  gint64 n_entities, n_targets;
  g_autofree char *entities = NULL;
  g_autofree char *targets = NULL;
  g_autofree char *counts = NULL;

  g_return_if_fail (AURA_IS_INVESTIGATION_ROW (self));
  g_return_if_fail (AURA_IS_INVESTIGATION (inv));

  n_entities = aura_investigation_get_n_entities (inv);
  n_targets = aura_investigation_get_n_targets (inv);
  /* long long rather than G_GINT64_FORMAT: xgettext cannot see through a
   * macro inside a message. */
  entities = g_strdup_printf (ngettext ("%'lld entity", "%'lld entities", (gulong)n_entities),
                              (long long)n_entities);
  targets = g_strdup_printf (ngettext ("%'lld target", "%'lld targets", (gulong)n_targets),
                             (long long)n_targets);
  /* Translators: "12 entities · 2 targets". */
  counts = g_strdup_printf (_ ("%s · %s"), entities, targets);

  gtk_label_set_label (self->name_label, aura_investigation_get_name (inv));
  gtk_label_set_label (self->counts_label, counts);
  gtk_widget_set_visible (GTK_WIDGET (self->archived_badge), aura_investigation_get_archived (inv));
}

static void
aura_investigation_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), AURA_TYPE_INVESTIGATION_ROW);
  aura_widget_unparent_children (GTK_WIDGET (object));
  G_OBJECT_CLASS (aura_investigation_row_parent_class)->dispose (object);
}

static void
aura_investigation_row_class_init (AuraInvestigationRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aura_investigation_row_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/aura-investigation-row.ui");
  gtk_widget_class_bind_template_child (widget_class, AuraInvestigationRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, AuraInvestigationRow, counts_label);
  gtk_widget_class_bind_template_child (widget_class, AuraInvestigationRow, archived_badge);
}

static void
aura_investigation_row_init (AuraInvestigationRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
