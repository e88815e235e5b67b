/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "aura-rdap.h"

G_BEGIN_DECLS

/* Shared by aura-rdap-*.c only. */

/* Bounds that keep a hostile answer cheap. */
#define AURA_RDAP_MAX_JSON_BYTES (8 * 1024 * 1024)
#define AURA_RDAP_MAX_DEPTH 64
#define AURA_RDAP_MAX_ENTITIES 512
#define AURA_RDAP_MAX_ENTITY_NESTING 6
#define AURA_RDAP_MAX_VCARD_PROPERTIES 1000
#define AURA_RDAP_MAX_LIST 256
#define AURA_RDAP_MAX_CIDRS 256
#define AURA_RDAP_MAX_TEXT_CHARS 1024

/* Results (aura-rdap-result.c) */

AuraRdapResult *aura_rdap_result_new (AuraRdapKind kind);
AuraRdapEntity *aura_rdap_entity_new (void);
void aura_rdap_entity_free (AuraRdapEntity *entity);
void aura_rdap_event_free (AuraRdapEvent *event);
void aura_rdap_redaction_free (AuraRdapRedaction *redaction);
/* Adds @field to the entity's redacted list once. */
void aura_rdap_entity_mark_redacted (AuraRdapEntity *entity, const char *field);
/* A NULL-terminated copy of the strings of @array (which may be empty). */
GStrv aura_rdap_strv_from_array (GPtrArray *array);

/* Text (aura-rdap-result.c) */

/* Valid UTF-8, NFC, without controls or invisible formatting characters,
 * white space collapsed, at most @max_chars characters; NULL when nothing
 * is left. */
char *aura_rdap_clean (const char *raw, guint max_chars);
/* Does @value stand in for withheld data ("REDACTED FOR PRIVACY", "Data
 * Protected", "Not Disclosed"…)? */
gboolean aura_rdap_is_redacted_text (const char *value);
/* Is @value empty or a “nothing here” placeholder ("N/A", "none", "-")? */
gboolean aura_rdap_is_placeholder (const char *value);
/* The string of @node when it is a string value, else NULL. */
const char *aura_rdap_json_string (JsonNode *node);
/* The member @name of @object when it is a string, else NULL. */
const char *aura_rdap_member_string (JsonObject *object, const char *name);
/* Refuses nesting deeper than @max_depth without parsing (json-glib
 * recurses once per level). */
gboolean aura_rdap_check_depth (const char *json, gsize len, guint max_depth);

/* jCard (aura-rdap-vcard.c) */

/* Fills the contact fields of @entity from a jCard ("vcardArray"). Any
 * shape is accepted; what cannot be read is skipped. */
void aura_rdap_read_vcard (JsonNode *vcard_array, AuraRdapEntity *entity);

/* Queries (aura-rdap-query.c) */

/* The registered domain of @query as an A-label ("www.Bücher.example" →
 * "xn--bcher-kva.example"), or NULL with AURA_RDAP_ERROR_INVALID_QUERY. */
char *aura_rdap_normalize_domain (const char *query, GError **error);
/* "AS13335", "as13335", "13335" → 13335. */
gboolean aura_rdap_parse_asn (const char *query, guint32 *out_asn);
/* An address or CIDR: its 16 bytes (IPv4 in the first 4), its family's
 * width (32 or 128) and prefix length (the width for a single address). */
gboolean
aura_rdap_parse_ip (const char *query, guint8 bytes[16], guint *out_bits, guint *out_prefix);
/* The CIDR blocks covering [@start, @end] (same family), at most
 * AURA_RDAP_MAX_CIDRS; NULL when the range cannot be read. */
GPtrArray *aura_rdap_range_to_cidrs (const char *start, const char *end);

/* Lookups (aura-rdap-lookup.c) */

/* A GAsyncReadyCallback that keeps a reference to the result in
 * *(GAsyncResult **)@data, for the _run() helpers. */
void aura_rdap_store_result_cb (GObject *source, GAsyncResult *result, gpointer data);

/* Parsing (aura-rdap-parse.c) */

/* Reads the RFC 9537 "redacted" array and marks the entities it names. */
void aura_rdap_read_redactions (JsonObject *root, AuraRdapResult *result);

G_END_DECLS
