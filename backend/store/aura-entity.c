/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-store"
#include "config.h"

#include <string.h>

#include "aura-entity.h"
#include "aura-records-private.h"

struct _AuraEntity
{
  GObject parent_instance;

  gint64 id;
  gint64 investigation_id;
  AuraEntityType type;
  char *value;
  char *normalized;
  char *attributes;
  double confidence;
  gint64 first_seen;
  gint64 last_seen;
  gint64 target_id;
  gint64 n_sources;
  char *snippet;
  double rank;
};

G_DEFINE_FINAL_TYPE (AuraEntity, aura_entity, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_INVESTIGATION_ID,
  PROP_ENTITY_TYPE,
  PROP_TYPE_NAME,
  PROP_VALUE,
  PROP_NORMALIZED,
  PROP_ATTRIBUTES,
  PROP_CONFIDENCE,
  PROP_FIRST_SEEN,
  PROP_LAST_SEEN,
  PROP_IS_TARGET,
  PROP_TARGET_ID,
  PROP_N_SOURCES,
  PROP_SNIPPET,
  PROP_RANK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
aura_entity_finalize (GObject *object)
{
  AuraEntity *self = AURA_ENTITY (object);

  g_free (self->value);
  g_free (self->normalized);
  g_free (self->attributes);
  g_free (self->snippet);

  G_OBJECT_CLASS (aura_entity_parent_class)->finalize (object);
}

static void
aura_entity_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  AuraEntity *self = AURA_ENTITY (object);

  switch (prop_id)
    {
      case PROP_ID:
        g_value_set_int64 (value, self->id);
        break;
      case PROP_INVESTIGATION_ID:
        g_value_set_int64 (value, self->investigation_id);
        break;
      case PROP_ENTITY_TYPE:
        g_value_set_int (value, self->type);
        break;
      case PROP_TYPE_NAME:
        g_value_set_string (value, aura_entity_get_type_name (self));
        break;
      case PROP_VALUE:
        g_value_set_string (value, self->value);
        break;
      case PROP_NORMALIZED:
        g_value_set_string (value, self->normalized);
        break;
      case PROP_ATTRIBUTES:
        g_value_set_string (value, aura_entity_get_attributes (self));
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
      case PROP_IS_TARGET:
        g_value_set_boolean (value, self->target_id != 0);
        break;
      case PROP_TARGET_ID:
        g_value_set_int64 (value, self->target_id);
        break;
      case PROP_N_SOURCES:
        g_value_set_int64 (value, self->n_sources);
        break;
      case PROP_SNIPPET:
        g_value_set_string (value, self->snippet);
        break;
      case PROP_RANK:
        g_value_set_double (value, self->rank);
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
aura_entity_class_init (AuraEntityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = aura_entity_finalize;
  object_class->get_property = aura_entity_get_property;

  properties[PROP_ID] = int64_prop ("id");
  properties[PROP_INVESTIGATION_ID] = int64_prop ("investigation-id");
  properties[PROP_ENTITY_TYPE] =
      g_param_spec_int ("entity-type", NULL, NULL, 0, AURA_ENTITY_N_TYPES - 1, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TYPE_NAME] = string_prop ("type-name");
  properties[PROP_VALUE] = string_prop ("value");
  properties[PROP_NORMALIZED] = string_prop ("normalized");
  properties[PROP_ATTRIBUTES] = string_prop ("attributes");
  properties[PROP_CONFIDENCE] = g_param_spec_double ("confidence", NULL, NULL, 0.0, 1.0, 0.0,
                                                     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIRST_SEEN] = int64_prop ("first-seen");
  properties[PROP_LAST_SEEN] = int64_prop ("last-seen");
  properties[PROP_IS_TARGET] = g_param_spec_boolean ("is-target", NULL, NULL, FALSE,
                                                     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TARGET_ID] = int64_prop ("target-id");
  properties[PROP_N_SOURCES] = int64_prop ("n-sources");
  properties[PROP_SNIPPET] = string_prop ("snippet");
  properties[PROP_RANK] = g_param_spec_double ("rank", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0.0,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
aura_entity_init (AuraEntity *self)
{
}

char *
aura_stmt_dup_text (sqlite3_stmt *stmt, int column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text != NULL ? g_strdup ((const char *)text) : NULL;
}

AuraEntity *
aura_entity_new_from_stmt (sqlite3_stmt *stmt)
{
  AuraEntity *self = g_object_new (AURA_TYPE_ENTITY, NULL);
  const char *type_name = (const char *)sqlite3_column_text (stmt, 2);
  AuraEntityType type = AURA_ENTITY_PERSON;

  self->id = sqlite3_column_int64 (stmt, 0);
  self->investigation_id = sqlite3_column_int64 (stmt, 1);
  /* A type name this build does not know can only come from a newer
   * schema, which the store refuses; fall back rather than abort. */
  if (type_name == NULL || !aura_entity_type_from_string (type_name, &type, NULL))
    type = AURA_ENTITY_PERSON;
  self->type = type;
  self->value = aura_stmt_dup_text (stmt, 3);
  self->normalized = aura_stmt_dup_text (stmt, 4);
  self->attributes = aura_stmt_dup_text (stmt, 5);
  self->confidence = sqlite3_column_double (stmt, 6);
  self->first_seen = sqlite3_column_int64 (stmt, 7);
  self->last_seen = sqlite3_column_int64 (stmt, 8);
  self->target_id = sqlite3_column_int64 (stmt, 9);
  self->n_sources = sqlite3_column_int64 (stmt, 10);

  return self;
}

AuraEntity *
aura_entity_new (gint64 id,
                 gint64 investigation_id,
                 AuraEntityType type,
                 const char *value,
                 const char *normalized,
                 const char *attributes,
                 double confidence,
                 gint64 first_seen,
                 gint64 last_seen,
                 gint64 target_id,
                 gint64 n_sources)
{
  AuraEntity *self = g_object_new (AURA_TYPE_ENTITY, NULL);

  self->id = id;
  self->investigation_id = investigation_id;
  self->type = type;
  self->value = g_strdup (value);
  self->normalized = g_strdup (normalized);
  self->attributes = g_strdup (attributes);
  self->confidence = confidence;
  self->first_seen = first_seen;
  self->last_seen = last_seen;
  self->target_id = target_id;
  self->n_sources = n_sources;

  return self;
}

void
aura_entity_set_match (AuraEntity *self, const char *snippet, double rank)
{
  g_free (self->snippet);
  self->snippet = g_strdup (snippet);
  self->rank = rank;
}

char *
aura_entity_dup_canonical (AuraEntity *self)
{
  GString *out = g_string_new ("entity;");

  aura_canon_append_int (out, self->id);
  aura_canon_append_int (out, self->investigation_id);
  aura_canon_append_string (out, aura_entity_get_type_name (self));
  aura_canon_append_string (out, self->value);
  aura_canon_append_string (out, self->normalized);
  aura_canon_append_string (out, aura_entity_get_attributes (self));
  aura_canon_append_double (out, self->confidence);
  aura_canon_append_int (out, self->first_seen);
  aura_canon_append_int (out, self->last_seen);

  return g_string_free (out, FALSE);
}

void
aura_canon_append_string (GString *out, const char *value)
{
  if (value == NULL)
    {
      g_string_append_c (out, '~');
      return;
    }
  g_string_append_printf (out, "%zu:", strlen (value));
  g_string_append (out, value);
}

void
aura_canon_append_int (GString *out, gint64 value)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, value);
  aura_canon_append_string (out, buf);
}

void
aura_canon_append_double (GString *out, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  aura_canon_append_string (out, g_ascii_dtostr (buf, sizeof buf, value));
}

gint64
aura_entity_get_id (AuraEntity *self)
{
  g_return_val_if_fail (AURA_IS_ENTITY (self), 0);
  return self->id;
}

gint64
aura_entity_get_investigation_id (AuraEntity *self)
{
  g_return_val_if_fail (AURA_IS_ENTITY (self), 0);
  return self->investigation_id;
}

AuraEntityType
aura_entity_get_entity_type (AuraEntity *self)
{
  g_return_val_if_fail (AURA_IS_ENTITY (self), AURA_ENTITY_PERSON);
  return self->type;
}

const char *
aura_entity_get_type_name (AuraEntity *self)
{
  g_return_val_if_fail (AURA_IS_ENTITY (self), NULL);
  return aura_entity_type_to_string (self->type);
}

const char *
aura_entity_get_value (AuraEntity *self)
{
  g_return_val_if_fail (AURA_IS_ENTITY (self), NULL);
  return self->value;
}

const char *
aura_entity_get_normalized (AuraEntity *self)
{
  g_return_val_if_fail (AURA_IS_ENTITY (self), NULL);
  return self->normalized;
}

const char *
aura_entity_get_attributes (AuraEntity *self)
{
  g_return_val_if_fail (AURA_IS_ENTITY (self), NULL);
  return self->attributes != NULL ? self->attributes : "{}";
}

double
aura_entity_get_confidence (AuraEntity *self)
{
  g_return_val_if_fail (AURA_IS_ENTITY (self), 0.0);
  return self->confidence;
}

gint64
aura_entity_get_first_seen (AuraEntity *self)
{
  g_return_val_if_fail (AURA_IS_ENTITY (self), 0);
  return self->first_seen;
}

gint64
aura_entity_get_last_seen (AuraEntity *self)
{
  g_return_val_if_fail (AURA_IS_ENTITY (self), 0);
  return self->last_seen;
}

gboolean
aura_entity_get_is_target (AuraEntity *self)
{
  g_return_val_if_fail (AURA_IS_ENTITY (self), FALSE);
  return self->target_id != 0;
}

gint64
aura_entity_get_target_id (AuraEntity *self)
{
  g_return_val_if_fail (AURA_IS_ENTITY (self), 0);
  return self->target_id;
}

gint64
aura_entity_get_n_sources (AuraEntity *self)
{
  g_return_val_if_fail (AURA_IS_ENTITY (self), 0);
  return self->n_sources;
}

const char *
aura_entity_get_snippet (AuraEntity *self)
{
  g_return_val_if_fail (AURA_IS_ENTITY (self), NULL);
  return self->snippet;
}

double
aura_entity_get_rank (AuraEntity *self)
{
  g_return_val_if_fail (AURA_IS_ENTITY (self), 0.0);
  return self->rank;
}
