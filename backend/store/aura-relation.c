/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-store"
#include "config.h"

#include "aura-records-private.h"
#include "aura-relation.h"

struct _AuraRelation
{
  GObject parent_instance;

  gint64 id;
  gint64 investigation_id;
  gint64 source_id;
  gint64 target_id;
  char *type;
  char *attributes;
  double confidence;
  gint64 first_seen;
  gint64 last_seen;
};

G_DEFINE_FINAL_TYPE (AuraRelation, aura_relation, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_INVESTIGATION_ID,
  PROP_SOURCE_ID,
  PROP_TARGET_ID,
  PROP_RELATION_TYPE,
  PROP_ATTRIBUTES,
  PROP_CONFIDENCE,
  PROP_FIRST_SEEN,
  PROP_LAST_SEEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
aura_relation_finalize (GObject *object)
{
  AuraRelation *self = AURA_RELATION (object);

  g_free (self->type);
  g_free (self->attributes);

  G_OBJECT_CLASS (aura_relation_parent_class)->finalize (object);
}

static void
aura_relation_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  AuraRelation *self = AURA_RELATION (object);

  switch (prop_id)
    {
      case PROP_ID:
        g_value_set_int64 (value, self->id);
        break;
      case PROP_INVESTIGATION_ID:
        g_value_set_int64 (value, self->investigation_id);
        break;
      case PROP_SOURCE_ID:
        g_value_set_int64 (value, self->source_id);
        break;
      case PROP_TARGET_ID:
        g_value_set_int64 (value, self->target_id);
        break;
      case PROP_RELATION_TYPE:
        g_value_set_string (value, self->type);
        break;
      case PROP_ATTRIBUTES:
        g_value_set_string (value, aura_relation_get_attributes (self));
        break;
      case PROP_CONFIDENCE:
        g_value_set_double (value, self->confidence);
        break;
      case PROP_FIRST_SEEN:
        g_value_set_int64 (value, self->first_seen);
        break;
      case PROP_LAST_SEEN:
        g_value_set_int64 (value, self->last_seen);
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

static void
aura_relation_class_init (AuraRelationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = aura_relation_finalize;
  object_class->get_property = aura_relation_get_property;

  properties[PROP_ID] = int64_prop ("id");
  properties[PROP_INVESTIGATION_ID] = int64_prop ("investigation-id");
  properties[PROP_SOURCE_ID] = int64_prop ("source-id");
  properties[PROP_TARGET_ID] = int64_prop ("target-id");
  properties[PROP_RELATION_TYPE] = g_param_spec_string ("relation-type", NULL, NULL, NULL,
                                                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ATTRIBUTES] = g_param_spec_string ("attributes", NULL, NULL, NULL,
                                                     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONFIDENCE] = g_param_spec_double ("confidence", NULL, NULL, 0.0, 1.0, 0.0,
                                                     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIRST_SEEN] = int64_prop ("first-seen");
  properties[PROP_LAST_SEEN] = int64_prop ("last-seen");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
aura_relation_init (AuraRelation *self)
{
}

AuraRelation *
aura_relation_new_from_stmt (sqlite3_stmt *stmt)
{
  AuraRelation *self = g_object_new (AURA_TYPE_RELATION, NULL);

  self->id = sqlite3_column_int64 (stmt, 0);
  self->investigation_id = sqlite3_column_int64 (stmt, 1);
  self->source_id = sqlite3_column_int64 (stmt, 2);
  self->target_id = sqlite3_column_int64 (stmt, 3);
  self->type = aura_stmt_dup_text (stmt, 4);
  self->attributes = aura_stmt_dup_text (stmt, 5);
  self->confidence = sqlite3_column_double (stmt, 6);
  self->first_seen = sqlite3_column_int64 (stmt, 7);
  self->last_seen = sqlite3_column_int64 (stmt, 8);

  return self;
}

AuraRelation *
aura_relation_new (gint64 id,
                   gint64 investigation_id,
                   gint64 source_id,
                   gint64 target_id,
                   const char *type,
                   const char *attributes,
                   double confidence,
                   gint64 first_seen,
                   gint64 last_seen)
{
  AuraRelation *self = g_object_new (AURA_TYPE_RELATION, NULL);

  self->id = id;
  self->investigation_id = investigation_id;
  self->source_id = source_id;
  self->target_id = target_id;
  self->type = g_strdup (type);
  self->attributes = g_strdup (attributes);
  self->confidence = confidence;
  self->first_seen = first_seen;
  self->last_seen = last_seen;

  return self;
}

char *
aura_relation_dup_canonical (AuraRelation *self)
{
  GString *out = g_string_new ("relation;");

  aura_canon_append_int (out, self->id);
  aura_canon_append_int (out, self->investigation_id);
  aura_canon_append_int (out, self->source_id);
  aura_canon_append_int (out, self->target_id);
  aura_canon_append_string (out, self->type);
  aura_canon_append_string (out, aura_relation_get_attributes (self));
  aura_canon_append_double (out, self->confidence);
  aura_canon_append_int (out, self->first_seen);
  aura_canon_append_int (out, self->last_seen);

  return g_string_free (out, FALSE);
}

gint64
aura_relation_get_id (AuraRelation *self)
{
  g_return_val_if_fail (AURA_IS_RELATION (self), 0);
  return self->id;
}

gint64
aura_relation_get_investigation_id (AuraRelation *self)
{
  g_return_val_if_fail (AURA_IS_RELATION (self), 0);
  return self->investigation_id;
}

gint64
aura_relation_get_source_id (AuraRelation *self)
{
  g_return_val_if_fail (AURA_IS_RELATION (self), 0);
  return self->source_id;
}

gint64
aura_relation_get_target_id (AuraRelation *self)
{
  g_return_val_if_fail (AURA_IS_RELATION (self), 0);
  return self->target_id;
}

const char *
aura_relation_get_relation_type (AuraRelation *self)
{
  g_return_val_if_fail (AURA_IS_RELATION (self), NULL);
  return self->type;
}

const char *
aura_relation_get_attributes (AuraRelation *self)
{
  g_return_val_if_fail (AURA_IS_RELATION (self), NULL);
  return self->attributes != NULL ? self->attributes : "{}";
}

double
aura_relation_get_confidence (AuraRelation *self)
{
  g_return_val_if_fail (AURA_IS_RELATION (self), 0.0);
  return self->confidence;
}

gint64
aura_relation_get_first_seen (AuraRelation *self)
{
  g_return_val_if_fail (AURA_IS_RELATION (self), 0);
  return self->first_seen;
}

gint64
aura_relation_get_last_seen (AuraRelation *self)
{
  g_return_val_if_fail (AURA_IS_RELATION (self), 0);
  return self->last_seen;
}
