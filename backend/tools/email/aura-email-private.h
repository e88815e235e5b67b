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

G_END_DECLS
