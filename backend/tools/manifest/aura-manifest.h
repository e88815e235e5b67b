/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "aura-engine.h"

G_BEGIN_DECLS

/* What the manifest validators of libaura share (README.md): a context
 * naming the file, the item and the field of every message, typed getters
 * of members, the unknown-member check, and the rate hints. Inside libaura
 * only: not part of aura.h. */

/* The longest string a getter takes when the caller gives 0. */
#define AURA_MANIFEST_TEXT_MAX_BYTES 4096
/* A rate hint is above 0 and at most this many requests a second. */
#define AURA_MANIFEST_RATE_MAX 100.0

/**
 * AuraManifestFlags:
 * @AURA_MANIFEST_STRICT: an unknown member is an error (a typo would
 *   switch a rule off), not a warning
 * @AURA_MANIFEST_NULL_IS_VALUE: a member set to null is a value of the
 *   wrong type, not an absent member
 */
typedef enum
{
  AURA_MANIFEST_DEFAULT = 0,
  AURA_MANIFEST_STRICT = 1 << 0,
  AURA_MANIFEST_NULL_IS_VALUE = 1 << 1,
} AuraManifestFlags;

/**
 * AuraManifestNeed:
 * @AURA_MANIFEST_OPTIONAL: the member may be absent
 * @AURA_MANIFEST_REQUIRED: an absent member is an error ("missing")
 * @AURA_MANIFEST_MAY_BE_EMPTY: an empty string or list is accepted
 * @AURA_MANIFEST_EMPTY_ITEMS: the strings of a list may be empty
 */
typedef enum
{
  AURA_MANIFEST_OPTIONAL = 0,
  AURA_MANIFEST_REQUIRED = 1 << 0,
  AURA_MANIFEST_MAY_BE_EMPTY = 1 << 1,
  AURA_MANIFEST_EMPTY_ITEMS = 1 << 2,
} AuraManifestNeed;

/* One validation: every message reads "ORIGIN: ITEM: field “FIELD”:
 * what is wrong", ITEM being what the caller set ("source “crtsh”"). */
typedef struct
{
  const char *origin;
  char *item;
  /* Put before field names in messages ("detect.found[0]"), or NULL. */
  const char *prefix;
  GQuark domain;
  int code;
  AuraManifestFlags flags;
  /* Unknown members when not strict; may be NULL. */
  GPtrArray *warnings;
  GError **error;
} AuraManifestCtx;

void aura_manifest_ctx_init (AuraManifestCtx *ctx,
                             const char *origin,
                             GQuark domain,
                             int code,
                             AuraManifestFlags flags,
                             GPtrArray *warnings,
                             GError **error);
/* Takes @item ("source “crtsh”", translated by the caller). */
void aura_manifest_ctx_take_item (AuraManifestCtx *ctx, char *item);
void aura_manifest_ctx_clear (AuraManifestCtx *ctx);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AuraManifestCtx, aura_manifest_ctx_clear)

/* Sets the context's error about @field (NULL: the item as a whole) and
 * returns FALSE. */
gboolean aura_manifest_error (AuraManifestCtx *ctx, const char *field, const char *format, ...)
    G_GNUC_PRINTF (3, 4);
/* The same with the message of @inner (freed): an error of a helper (a
 * path, a template, a regular expression) reported against @field. */
gboolean aura_manifest_error_take (AuraManifestCtx *ctx, const char *field, GError *inner);

/* Members starting with "_" (comments) or "x-" (extensions) are never
 * unknown. */
gboolean aura_manifest_member_is_ignored (const char *name);
/* Each member of @object not in @known: a warning, or with
 * AURA_MANIFEST_STRICT an error (FALSE). @where names the object
 * ("request"), NULL at the top. */
gboolean aura_manifest_check_members (AuraManifestCtx *ctx,
                                      JsonObject *object,
                                      const char *where,
                                      const char *const *known);

/* Checks a string found elsewhere as the getters do: not empty unless
 * AURA_MANIFEST_MAY_BE_EMPTY, at most @max_bytes (0: the default), UTF-8. */
gboolean aura_manifest_check_text (AuraManifestCtx *ctx,
                                   const char *field,
                                   const char *value,
                                   AuraManifestNeed need,
                                   gsize max_bytes);

/* The getters. @field is what messages name (NULL: @member). When the
 * member is absent and optional they return TRUE and leave *out alone
 * (bool, numbers) or set it to NULL (strings, objects, lists). */
gboolean aura_manifest_get_string (AuraManifestCtx *ctx,
                                   JsonObject *object,
                                   const char *member,
                                   const char *field,
                                   AuraManifestNeed need,
                                   gsize max_bytes,
                                   const char **out);
gboolean aura_manifest_get_bool (
    AuraManifestCtx *ctx, JsonObject *object, const char *member, const char *field, gboolean *out);
gboolean aura_manifest_get_int (AuraManifestCtx *ctx,
                                JsonObject *object,
                                const char *member,
                                const char *field,
                                gint64 lo,
                                gint64 hi,
                                gint64 *out);
gboolean aura_manifest_get_uint (AuraManifestCtx *ctx,
                                 JsonObject *object,
                                 const char *member,
                                 const char *field,
                                 guint lo,
                                 guint hi,
                                 guint *out);
/* A number of requests per second, above 0 and at most
 * AURA_MANIFEST_RATE_MAX. */
gboolean aura_manifest_get_rate (
    AuraManifestCtx *ctx, JsonObject *object, const char *member, const char *field, double *out);
/* The same with a format's own ceiling @max (above 0): the username sites
 * allow up to 1000 requests per second. */
gboolean aura_manifest_get_rate_max (AuraManifestCtx *ctx,
                                     JsonObject *object,
                                     const char *member,
                                     const char *field,
                                     double max,
                                     double *out);
gboolean aura_manifest_get_object (AuraManifestCtx *ctx,
                                   JsonObject *object,
                                   const char *member,
                                   const char *field,
                                   AuraManifestNeed need,
                                   JsonObject **out);
/* A list of at most @max elements (of any kind). */
gboolean aura_manifest_get_array (AuraManifestCtx *ctx,
                                  JsonObject *object,
                                  const char *member,
                                  const char *field,
                                  AuraManifestNeed need,
                                  guint max,
                                  JsonArray **out);
/* A list of at most @max objects; an element that is not one is an error
 * naming "field[i]". */
gboolean aura_manifest_get_objects (AuraManifestCtx *ctx,
                                    JsonObject *object,
                                    const char *member,
                                    const char *field,
                                    AuraManifestNeed need,
                                    guint max,
                                    JsonArray **out);
/* A list of at most @max strings (0: no limit), each non-empty unless
 * AURA_MANIFEST_EMPTY_ITEMS, valid UTF-8 and at most
 * AURA_MANIFEST_TEXT_MAX_BYTES. */
gboolean aura_manifest_get_strv (AuraManifestCtx *ctx,
                                 JsonObject *object,
                                 const char *member,
                                 const char *field,
                                 AuraManifestNeed need,
                                 guint max,
                                 GStrv *out);
/* A string among @names: its index in *out (left alone when absent and
 * optional). The error lists the names. */
gboolean aura_manifest_get_enum (AuraManifestCtx *ctx,
                                 JsonObject *object,
                                 const char *member,
                                 const char *field,
                                 AuraManifestNeed need,
                                 const char *const *names,
                                 int *out);

/* Whether @url is an absolute http or https URL with a host. */
gboolean aura_manifest_is_http_url (const char *url);

/* ---- Rate hints (aura-manifest-rate.c) ---------------------------------- */

/* The rate hints of one scan's sites, given to the engine host by host
 * (aura_engine_set_host_rate()); a host shared by several sites gets the
 * strictest. */
typedef struct _AuraRateHints AuraRateHints;

AuraRateHints *aura_rate_hints_new (AuraEngine *engine, guint burst);
void aura_rate_hints_free (AuraRateHints *hints);
/* Gives the host of @url the rate @rate (requests per second; 0: none,
 * nothing done) unless it has a stricter one already. */
void aura_rate_hints_apply (AuraRateHints *hints, const char *url, double rate);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraRateHints, aura_rate_hints_free)

G_END_DECLS
