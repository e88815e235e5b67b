/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define AURA_TYPE_AUDIT_ENTRY (aura_audit_entry_get_type ())
G_DECLARE_FINAL_TYPE (AuraAuditEntry, aura_audit_entry, AURA, AUDIT_ENTRY, GObject)

/* One audit_logs row. The hash covers every other field and the previous
 * row's hash, so changing, removing or reordering rows breaks the chain. */
gint64 aura_audit_entry_get_id (AuraAuditEntry *self);
gint64 aura_audit_entry_get_at (AuraAuditEntry *self); /* Unix µs */
const char *aura_audit_entry_get_actor (AuraAuditEntry *self);
/* "investigation.create", "target.add", "entity.add", "batch", … */
const char *aura_audit_entry_get_action (AuraAuditEntry *self);
const char *aura_audit_entry_get_object_type (AuraAuditEntry *self);
gint64 aura_audit_entry_get_object_id (AuraAuditEntry *self);
gint64 aura_audit_entry_get_investigation_id (AuraAuditEntry *self); /* 0 if none */
/* Hex SHA-256 of the object's state before and after; NULL when absent
 * (before a creation, after a deletion). */
const char *aura_audit_entry_get_before_digest (AuraAuditEntry *self);
const char *aura_audit_entry_get_after_digest (AuraAuditEntry *self);
/* Short JSON object with what a person needs to read the row. */
const char *aura_audit_entry_get_details (AuraAuditEntry *self);
const char *aura_audit_entry_get_prev_hash (AuraAuditEntry *self);
const char *aura_audit_entry_get_hash (AuraAuditEntry *self);

G_END_DECLS
