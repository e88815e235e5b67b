/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-store"
#include "config.h"

#include "aura-investigation.h"
#include "aura-records-private.h"

struct _AuraInvestigation
{
  GObject parent_instance;

  gint64 id;
  char *uuid;
  char *name;
  char *description;
  gboolean archived;
  gint64 created_at;
  gint64 updated_at;
  gint64 n_entities;
  gint64 n_targets;
  gint64 deleted_at;
};

G_DEFINE_FINAL_TYPE (AuraInvestigation, aura_investigation, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_UUID,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_ARCHIVED,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_N_ENTITIES,
  PROP_N_TARGETS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
aura_investigation_finalize (GObject *object)
{
  AuraInvestigation *self = AURA_INVESTIGATION (object);

  g_free (self->uuid);
  g_free (self->name);
  g_free (self->description);

  G_OBJECT_CLASS (aura_investigation_parent_class)->finalize (object);
}

static void
aura_investigation_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  AuraInvestigation *self = AURA_INVESTIGATION (object);

  switch (prop_id)
    {
      case PROP_ID:
        g_value_set_int64 (value, self->id);
        break;
      case PROP_UUID:
        g_value_set_string (value, self->uuid);
        break;
      case PROP_NAME:
        g_value_set_string (value, self->name);
        break;
      case PROP_DESCRIPTION:
        g_value_set_string (value, self->description);
        break;
      case PROP_ARCHIVED:
        g_value_set_boolean (value, self->archived);
        break;
      case PROP_CREATED_AT:
        g_value_set_int64 (value, self->created_at);
        break;
      case PROP_UPDATED_AT:
        g_value_set_int64 (value, self->updated_at);
        break;
      case PROP_N_ENTITIES:
        g_value_set_int64 (value, self->n_entities);
        break;
      case PROP_N_TARGETS:
        g_value_set_int64 (value, self->n_targets);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
int64_prop (const char *name)
{
  return g_param_spec_int64 (name, NULL, NULL, 0, G_MAXINT64, 0,
                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
string_prop (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static void
aura_investigation_class_init (AuraInvestigationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = aura_investigation_finalize;
  object_class->get_property = aura_investigation_get_property;

  properties[PROP_ID] = int64_prop ("id");
  properties[PROP_UUID] = string_prop ("uuid");
  properties[PROP_NAME] = string_prop ("name");
  properties[PROP_DESCRIPTION] = string_prop ("description");
  properties[PROP_ARCHIVED] = g_param_spec_boolean ("archived", NULL, NULL, FALSE,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CREATED_AT] = int64_prop ("created-at");
  properties[PROP_UPDATED_AT] = int64_prop ("updated-at");
  properties[PROP_N_ENTITIES] = int64_prop ("n-entities");
  properties[PROP_N_TARGETS] = int64_prop ("n-targets");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
aura_investigation_init (AuraInvestigation *self)
{
}

AuraInvestigation *
aura_investigation_new_from_stmt (sqlite3_stmt *stmt)
{
  AuraInvestigation *self = g_object_new (AURA_TYPE_INVESTIGATION, NULL);

  self->id = sqlite3_column_int64 (stmt, 0);
  self->uuid = aura_stmt_dup_text (stmt, 1);
  self->name = aura_stmt_dup_text (stmt, 2);
  self->description = aura_stmt_dup_text (stmt, 3);
  self->archived = sqlite3_column_int (stmt, 4) != 0;
  self->created_at = sqlite3_column_int64 (stmt, 5);
  self->updated_at = sqlite3_column_int64 (stmt, 6);
  self->n_entities = sqlite3_column_int64 (stmt, 7);
  self->n_targets = sqlite3_column_int64 (stmt, 8);
  self->deleted_at = sqlite3_column_int64 (stmt, 9);

  return self;
}

gint64
aura_investigation_get_deleted_at (AuraInvestigation *self)
{
  return self->deleted_at;
}

char *
aura_investigation_dup_canonical (AuraInvestigation *self)
{
  GString *out = g_string_new ("investigation;");

  aura_canon_append_int (out, self->id);
  aura_canon_append_string (out, self->uuid);
  aura_canon_append_string (out, self->name);
  aura_canon_append_string (out, self->description);
  aura_canon_append_int (out, self->archived);
  aura_canon_append_int (out, self->deleted_at);
  aura_canon_append_int (out, self->created_at);

  return g_string_free (out, FALSE);
}

gint64
aura_investigation_get_id (AuraInvestigation *self)
{
  g_return_val_if_fail (AURA_IS_INVESTIGATION (self), 0);
  return self->id;
}

const char *
aura_investigation_get_uuid (AuraInvestigation *self)
{
  g_return_val_if_fail (AURA_IS_INVESTIGATION (self), NULL);
  return self->uuid;
}

const char *
aura_investigation_get_name (AuraInvestigation *self)
{
  g_return_val_if_fail (AURA_IS_INVESTIGATION (self), NULL);
  return self->name;
}

const char *
aura_investigation_get_description (AuraInvestigation *self)
{
  g_return_val_if_fail (AURA_IS_INVESTIGATION (self), NULL);
  return self->description;
}

gboolean
aura_investigation_get_archived (AuraInvestigation *self)
{
  g_return_val_if_fail (AURA_IS_INVESTIGATION (self), FALSE);
  return self->archived;
}

gint64
aura_investigation_get_created_at (AuraInvestigation *self)
{
  g_return_val_if_fail (AURA_IS_INVESTIGATION (self), 0);
  return self->created_at;
}

gint64
aura_investigation_get_updated_at (AuraInvestigation *self)
{
  g_return_val_if_fail (AURA_IS_INVESTIGATION (self), 0);
  return self->updated_at;
}

gint64
aura_investigation_get_n_entities (AuraInvestigation *self)
{
  g_return_val_if_fail (AURA_IS_INVESTIGATION (self), 0);
  return self->n_entities;
}

gint64
aura_investigation_get_n_targets (AuraInvestigation *self)
{
  g_return_val_if_fail (AURA_IS_INVESTIGATION (self), 0);
  return self->n_targets;
}
