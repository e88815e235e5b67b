/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "aura-entity-type.h"

G_BEGIN_DECLS

/* Shared by aura-entity-type*.c only. */

/* Longest accepted values, in characters after trimming and NFC. URLs (and
 * media, which may be URLs) get more room because tracking query strings
 * are routinely long. */
#define AURA_ENTITY_MAX_CHARS 2048
#define AURA_ENTITY_MAX_URL_CHARS 8192

/* Sets @error to AURA_ENTITY_ERROR_INVALID; always returns FALSE so
 * callers can `return aura_entity_set_invalid (…)`. */
gboolean aura_entity_set_invalid (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);
/* @text cut to 60 characters with “…”, for quoting it in a message. */
char *aura_entity_shorten (const char *text);
/* @text without leading and trailing Unicode white space. */
char *aura_entity_trim (const char *text);
gboolean aura_entity_has_space (const char *text);
/* Runs of white space as one space. */
char *aura_entity_collapse_spaces (const char *text);
/* Case-folded and NFC: the key of anything compared case-insensitively. */
char *aura_entity_fold_key (const char *text);

/* Each rule takes a value already cleaned by aura_entity_normalize()
 * (valid UTF-8, trimmed, NFC, within the length limit, no control or,
 * for identifiers, invisible characters), returns the key and sets
 * @display, or returns NULL with @error set and @display untouched. */
char *aura_entity_normalize_free_text (const char *value, char **display);
char *aura_entity_normalize_username (const char *value, char **display, GError **error);
char *aura_entity_normalize_hashtag (const char *value, char **display, GError **error);
char *aura_entity_normalize_identifier (const char *value, char **display, GError **error);
char *aura_entity_normalize_network (const char *value, char **display, GError **error);
char *aura_entity_normalize_account (const char *value, char **display, GError **error);
char *aura_entity_normalize_phone (const char *value, char **display, GError **error);
char *aura_entity_normalize_location (const char *value, char **display, GError **error);
char *aura_entity_normalize_certificate (const char *value, char **display, GError **error);
char *aura_entity_normalize_asn (const char *value, char **display, GError **error);
char *aura_entity_normalize_media (const char *value, char **display, GError **error);
char *aura_entity_normalize_domain (const char *value,
                                    gboolean subdomain,
                                    char **display,
                                    GError **error);
char *aura_entity_normalize_email (const char *value, char **display, GError **error);
char *aura_entity_normalize_ip (const char *value, char **display, GError **error);
char *aura_entity_normalize_url (const char *value, char **display, GError **error);

G_END_DECLS
