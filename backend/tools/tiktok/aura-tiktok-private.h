/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "aura-tiktok.h"

G_BEGIN_DECLS

/* Shared by aura-tiktok-*.c only. */

#define AURA_TIKTOK_MAX_NAME_CHARS 256
#define AURA_TIKTOK_MAX_BIO_CHARS 4096
#define AURA_TIKTOK_MAX_URL_BYTES 4096

/* Valid UTF-8, NFC, without control, zero-width or bidirectional
 * formatting characters (a @name also loses ZWJ/ZWNJ), white space
 * collapsed (line breaks kept when @keep_newlines), at most @max_chars
 * characters; NULL when nothing is left. */
char *aura_tiktok_clean_text (
    const char *raw, gssize len, gboolean keep_newlines, gboolean name, guint max_chars);

/* Characters a handle may hold. */
gboolean aura_tiktok_is_handle_char (gunichar c);

/* Checks @text (@len bytes) as JSON without building it: FALSE with a
 * reason when it nests deeper than @max_depth, holds more than @max_values
 * values, or is not one balanced value. */
gboolean aura_tiktok_json_within_bounds (
    const char *text, gsize len, guint max_depth, guint max_values, const char **reason);

/* Members read leniently: NULL or the default when absent or of another
 * type. Numbers given as strings are read too. */
JsonObject *aura_tiktok_json_object (JsonObject *object, const char *member);
const char *aura_tiktok_json_string (JsonObject *object, const char *member);
gboolean aura_tiktok_json_int (JsonObject *object, const char *member, gint64 *out);
gboolean aura_tiktok_json_bool (JsonObject *object, const char *member);

/* Fills the profile from a user object and its stats object (either may
 * be NULL); FALSE when @user has no handle. */
gboolean aura_tiktok_profile_fill (AuraTikTokProfile *profile, JsonObject *user, JsonObject *stats);
AuraTikTokProfile *aura_tiktok_profile_new (void);

/* Reads one embedded block (already parsed); see aura-tiktok-profile.c. */
AuraTikTokProfile *aura_tiktok_profile_from_block (const char *block_id,
                                                   JsonNode *root,
                                                   const char *handle,
                                                   GError **error);

/* Is @domain under a public suffix (libpsl, ICANN section)? */
gboolean aura_tiktok_domain_has_suffix (const char *domain);

G_END_DECLS
