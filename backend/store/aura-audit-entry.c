/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-store"
#include "config.h"

#include "aura-audit-entry.h"
#include "aura-records-private.h"

struct _AuraAuditEntry
{
  GObject parent_instance;

  gint64 id;
  gint64 at;
  char *actor;
  char *action;
  char *object_type;
  gint64 object_id;
  gint64 investigation_id;
  char *before_digest;
  char *after_digest;
  char *details;
  char *prev_hash;
  char *hash;
};

G_DEFINE_FINAL_TYPE (AuraAuditEntry, aura_audit_entry, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_AT,
  PROP_ACTOR,
  PROP_ACTION,
  PROP_OBJECT_TYPE,
  PROP_OBJECT_ID,
  PROP_INVESTIGATION_ID,
  PROP_BEFORE_DIGEST,
  PROP_AFTER_DIGEST,
  PROP_DETAILS,
  PROP_PREV_HASH,
  PROP_HASH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
aura_audit_entry_finalize (GObject *object)
{
  AuraAuditEntry *self = AURA_AUDIT_ENTRY (object);

  g_free (self->actor);
  g_free (self->action);
  g_free (self->object_type);
  g_free (self->before_digest);
  g_free (self->after_digest);
  g_free (self->details);
  g_free (self->prev_hash);
  g_free (self->hash);

  G_OBJECT_CLASS (aura_audit_entry_parent_class)->finalize (object);
}

static void
aura_audit_entry_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  AuraAuditEntry *self = AURA_AUDIT_ENTRY (object);

  switch (prop_id)
    {
      case PROP_ID:
        g_value_set_int64 (value, self->id);
        break;
      case PROP_AT:
        g_value_set_int64 (value, self->at);
        break;
      case PROP_ACTOR:
        g_value_set_string (value, self->actor);
        break;
      case PROP_ACTION:
        g_value_set_string (value, self->action);
        break;
      case PROP_OBJECT_TYPE:
        g_value_set_string (value, self->object_type);
        break;
      case PROP_OBJECT_ID:
        g_value_set_int64 (value, self->object_id);
        break;
      case PROP_INVESTIGATION_ID:
        g_value_set_int64 (value, self->investigation_id);
        break;
      case PROP_BEFORE_DIGEST:
        g_value_set_string (value, self->before_digest);
        break;
      case PROP_AFTER_DIGEST:
        g_value_set_string (value, self->after_digest);
        break;
      case PROP_DETAILS:
        g_value_set_string (value, self->details);
        break;
      case PROP_PREV_HASH:
        g_value_set_string (value, self->prev_hash);
        break;
      case PROP_HASH:
        g_value_set_string (value, self->hash);
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
aura_audit_entry_class_init (AuraAuditEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = aura_audit_entry_finalize;
  object_class->get_property = aura_audit_entry_get_property;

  properties[PROP_ID] = int64_prop ("id");
  properties[PROP_AT] = int64_prop ("at");
  properties[PROP_ACTOR] = string_prop ("actor");
  properties[PROP_ACTION] = string_prop ("action");
  properties[PROP_OBJECT_TYPE] = string_prop ("object-type");
  properties[PROP_OBJECT_ID] = int64_prop ("object-id");
  properties[PROP_INVESTIGATION_ID] = int64_prop ("investigation-id");
  properties[PROP_BEFORE_DIGEST] = string_prop ("before-digest");
  properties[PROP_AFTER_DIGEST] = string_prop ("after-digest");
  properties[PROP_DETAILS] = string_prop ("details");
  properties[PROP_PREV_HASH] = string_prop ("prev-hash");
  properties[PROP_HASH] = string_prop ("hash");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
aura_audit_entry_init (AuraAuditEntry *self)
{
}

AuraAuditEntry *
aura_audit_entry_new_from_stmt (sqlite3_stmt *stmt)
{
  AuraAuditEntry *self = g_object_new (AURA_TYPE_AUDIT_ENTRY, NULL);

  self->id = sqlite3_column_int64 (stmt, 0);
  self->at = sqlite3_column_int64 (stmt, 1);
  self->actor = aura_stmt_dup_text (stmt, 2);
  self->action = aura_stmt_dup_text (stmt, 3);
  self->object_type = aura_stmt_dup_text (stmt, 4);
  self->object_id = sqlite3_column_int64 (stmt, 5);
  self->investigation_id = sqlite3_column_int64 (stmt, 6);
  self->before_digest = aura_stmt_dup_text (stmt, 7);
  self->after_digest = aura_stmt_dup_text (stmt, 8);
  self->details = aura_stmt_dup_text (stmt, 9);
  self->prev_hash = aura_stmt_dup_text (stmt, 10);
  self->hash = aura_stmt_dup_text (stmt, 11);

  return self;
}

gint64
aura_audit_entry_get_id (AuraAuditEntry *self)
{
  g_return_val_if_fail (AURA_IS_AUDIT_ENTRY (self), 0);
  return self->id;
}

gint64
aura_audit_entry_get_at (AuraAuditEntry *self)
{
  g_return_val_if_fail (AURA_IS_AUDIT_ENTRY (self), 0);
  return self->at;
}

const char *
aura_audit_entry_get_actor (AuraAuditEntry *self)
{
  g_return_val_if_fail (AURA_IS_AUDIT_ENTRY (self), NULL);
  return self->actor;
}

const char *
aura_audit_entry_get_action (AuraAuditEntry *self)
{
  g_return_val_if_fail (AURA_IS_AUDIT_ENTRY (self), NULL);
  return self->action;
}

const char *
aura_audit_entry_get_object_type (AuraAuditEntry *self)
{
  g_return_val_if_fail (AURA_IS_AUDIT_ENTRY (self), NULL);
  return self->object_type;
}

gint64
aura_audit_entry_get_object_id (AuraAuditEntry *self)
{
  g_return_val_if_fail (AURA_IS_AUDIT_ENTRY (self), 0);
  return self->object_id;
}

gint64
aura_audit_entry_get_investigation_id (AuraAuditEntry *self)
{
  g_return_val_if_fail (AURA_IS_AUDIT_ENTRY (self), 0);
  return self->investigation_id;
}

const char *
aura_audit_entry_get_before_digest (AuraAuditEntry *self)
{
  g_return_val_if_fail (AURA_IS_AUDIT_ENTRY (self), NULL);
  return self->before_digest;
}

const char *
aura_audit_entry_get_after_digest (AuraAuditEntry *self)
{
  g_return_val_if_fail (AURA_IS_AUDIT_ENTRY (self), NULL);
  return self->after_digest;
}

const char *
aura_audit_entry_get_details (AuraAuditEntry *self)
{
  g_return_val_if_fail (AURA_IS_AUDIT_ENTRY (self), NULL);
  return self->details;
}

const char *
aura_audit_entry_get_prev_hash (AuraAuditEntry *self)
{
  g_return_val_if_fail (AURA_IS_AUDIT_ENTRY (self), NULL);
  return self->prev_hash;
}

const char *
aura_audit_entry_get_hash (AuraAuditEntry *self)
{
  g_return_val_if_fail (AURA_IS_AUDIT_ENTRY (self), NULL);
  return self->hash;
}
