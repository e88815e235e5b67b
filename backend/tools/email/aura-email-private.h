/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "aura-email.h"

G_BEGIN_DECLS

/* Shared inside backend/tools/email only. */

/* Fills the provider, the canonical form and the pivots of a parsed
 * address from @data (nullable). */
void aura_email_address_analyze (AuraEmailAddress *address, AuraEmailData *data);

/* The text of an answer cut to a short, printable snippet for messages. */
char *aura_email_snippet (const char *text, gsize len);
/* @text with every occurrence of @secret (nullable) replaced by "[key]". */
char *aura_email_redact (const char *text, const char *secret);
/* The URL of @base (an override or the default) followed by @rest, with
 * exactly one "/" between them. */
char *aura_email_join_url (const char *base, const char *rest);

/* Engine requests of one lookup are cancelled together: a group of their
 * own (unless the caller gave one) and a GCancellable watch. */
typedef struct
{
  AuraEngine *engine;
  guint64 group;
  gboolean own_group;
  GCancellable *cancellable;
  gulong handler;
} AuraEmailCancel;

void aura_email_cancel_init (AuraEmailCancel *cancel,
                             AuraEngine *engine,
                             guint64 group,
                             GCancellable *cancellable);
void aura_email_cancel_clear (AuraEmailCancel *cancel);

/* ---- The lookups' shared glue (aura-email-service.c) ---------------------- */

/* Sends one request of a lookup: in its cancel group, holding a reference
 * on @task for @callback. */
void aura_email_service_submit (AuraEmailCancel *cancel,
                                GTask *task,
                                const char *url,
                                const char *const *headers,
                                gsize max_body,
                                guint timeout_ms,
                                const char *proxy_key,
                                AuraEngineCallback callback);
/* "no answer from SERVICE: why" when @response did not come, else NULL. */
char *aura_email_service_no_answer (const char *service, const AuraHttpResponse *response);
/* A string member, trimmed; NULL when absent, empty, not a string or not
 * UTF-8. */
char *aura_email_json_text (JsonObject *object, const char *member);
/* A boolean member (or the string "true"); FALSE otherwise. */
gboolean aura_email_json_flag (JsonObject *object, const char *member);
/* Members of a result written as JSON; a NULL string is null. */
void aura_email_json_add_string (JsonBuilder *builder, const char *name, const char *value);
void aura_email_json_add_bool (JsonBuilder *builder, const char *name, gboolean value);
void aura_email_json_add_strv (JsonBuilder *builder, const char *name, const char *const *values);

G_END_DECLS
