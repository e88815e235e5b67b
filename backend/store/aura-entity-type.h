/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * AuraEntityType:
 *
 * What an entity is. The string form (aura_entity_type_to_string()) is what
 * the store, the CLI and exports use; it never changes once released.
 */
typedef enum
{
  AURA_ENTITY_USERNAME,
  AURA_ENTITY_EMAIL,
  AURA_ENTITY_PHONE,
  AURA_ENTITY_DOMAIN,
  AURA_ENTITY_SUBDOMAIN,
  AURA_ENTITY_IP,
  AURA_ENTITY_URL,
  AURA_ENTITY_ACCOUNT,
  AURA_ENTITY_PERSON,
  AURA_ENTITY_ORGANISATION,
  AURA_ENTITY_LOCATION,
  AURA_ENTITY_IMAGE,
  AURA_ENTITY_VIDEO,
  AURA_ENTITY_HASHTAG,
  AURA_ENTITY_CERTIFICATE,
  AURA_ENTITY_ASN,
  AURA_ENTITY_DOCUMENT,
  AURA_ENTITY_IDENTIFIER,
  AURA_ENTITY_NETWORK,
  AURA_ENTITY_N_TYPES,
} AuraEntityType;

#define AURA_ENTITY_ERROR (aura_entity_error_quark ())

/**
 * AuraEntityError:
 * @AURA_ENTITY_ERROR_UNKNOWN_TYPE: the type name is not one Aura knows
 * @AURA_ENTITY_ERROR_INVALID: the value cannot be a value of that type; the
 *   message says why in words a person can act on
 */
typedef enum
{
  AURA_ENTITY_ERROR_UNKNOWN_TYPE,
  AURA_ENTITY_ERROR_INVALID,
} AuraEntityError;

GQuark aura_entity_error_quark (void);

/* Stable machine name: "username", "email", … */
const char *aura_entity_type_to_string (AuraEntityType type);
/* Accepts the machine name (case-insensitive) and a few aliases
 * ("organization", "org", "subdomain", "host" …). */
gboolean aura_entity_type_from_string (const char *name, AuraEntityType *out_type, GError **error);
/* For a host name a tool found: %AURA_ENTITY_DOMAIN when it is a
 * registered domain ("example.co.uk"), %AURA_ENTITY_SUBDOMAIN otherwise
 * ("www.example.co.uk", and names the store would refuse either way). */
AuraEntityType aura_entity_type_for_host (const char *host);
/* Translated, human name: "Username", "Email address", … */
const char *aura_entity_type_get_label (AuraEntityType type);
/* Symbolic icon name for lists and the graph. */
const char *aura_entity_type_get_icon_name (AuraEntityType type);
/* One-line translated hint on the accepted form, shown beside an input. */
const char *aura_entity_type_get_hint (AuraEntityType type);

/**
 * aura_entity_normalize:
 * @type: the entity type
 * @value: UTF-8 text as a person typed or a tool found it
 * @out_display: (out) (optional): the value cleaned for display (trimmed,
 *   NFC, canonical where the type has a canonical form)
 * @error: set to %AURA_ENTITY_ERROR_INVALID with a message that says what is
 *   wrong ("an email address needs exactly one @")
 *
 * Validates @value and computes the key that makes an entity unique within
 * an investigation: email lower-case with an IDNA domain, phone in E.164
 * when a country code is present, domains as lower-case A-labels without the
 * trailing dot, IP addresses in canonical form, URLs normalised, free text
 * case-folded with collapsed white space.
 *
 * Returns: (transfer full): the normalised key, or %NULL with @error set.
 */
char *
aura_entity_normalize (AuraEntityType type, const char *value, char **out_display, GError **error);

/* The name of an invisible character that identifiers refuse (bidirectional
 * controls and marks, zero-width characters, soft hyphen…), translated; NULL
 * for any other character. */
const char *aura_invisible_character_name (gunichar c);

/**
 * aura_entity_parse_location:
 * @value: "LAT,LON" in decimal degrees (spaces allowed)
 *
 * Returns: %TRUE when @value is a coordinate pair within range.
 */
gboolean aura_entity_parse_location (const char *value, double *out_lat, double *out_lon);

G_END_DECLS
