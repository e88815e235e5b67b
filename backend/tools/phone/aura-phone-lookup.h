/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "aura-engine.h"

G_BEGIN_DECLS

/* Online phone lookups with the user's key: numverify (README.md,
 * "numverify"). */

#define AURA_PHONE_LOOKUP_ERROR (aura_phone_lookup_error_quark ())
GQuark aura_phone_lookup_error_quark (void);

typedef enum
{
  AURA_PHONE_LOOKUP_ERROR_NO_KEY,    /* no key was given */
  AURA_PHONE_LOOKUP_ERROR_BAD_KEY,   /* the service refused the key */
  AURA_PHONE_LOOKUP_ERROR_QUOTA,     /* the plan's requests are used up */
  AURA_PHONE_LOOKUP_ERROR_PLAN,      /* the plan does not allow this (HTTPS) */
  AURA_PHONE_LOOKUP_ERROR_REFUSED,   /* the service refused the number */
  AURA_PHONE_LOOKUP_ERROR_MALFORMED, /* the answer could not be read */
  AURA_PHONE_LOOKUP_ERROR_NETWORK,   /* no answer (timeout, connection…) */
  AURA_PHONE_LOOKUP_ERROR_CANCELLED,
} AuraPhoneLookupError;

/**
 * AuraPhoneLookup:
 * @valid: whether the service deems the number valid
 * @number: the number as it answered (digits with country code)
 * @local_format, @international_format: its formats
 * @country_code: ISO 3166 code ("FR")
 * @country_name: (nullable): the country's name
 * @location: (nullable): the area ("Paris")
 * @carrier: (nullable): the network that holds the number
 * @line_type: (nullable): "mobile", "landline", "special_services",
 *   "toll_free", "premium_rate", "satellite", "paging"…
 */
typedef struct
{
  gboolean valid;
  char *number;
  char *local_format;
  char *international_format;
  char *country_code;
  char *country_name;
  char *location;
  char *carrier;
  char *line_type;
} AuraPhoneLookup;

void aura_phone_lookup_free (AuraPhoneLookup *lookup);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraPhoneLookup, aura_phone_lookup_free)
JsonNode *aura_phone_lookup_to_json (const AuraPhoneLookup *lookup);

/* Reads numverify's answer (an error object gives the matching error). */
AuraPhoneLookup *aura_phone_numverify_parse (const char *data, gsize length, GError **error);

/* The default endpoint; tests point @base_url at loopback. */
#define AURA_NUMVERIFY_URL "https://apilayer.net/api/validate"

/**
 * aura_phone_numverify_async:
 * @e164: the number in E.164 ("+33612345678")
 * @key: the user's numverify access key
 * @base_url: (nullable): the endpoint, %NULL for AURA_NUMVERIFY_URL
 *
 * Asks numverify through @engine. The key travels in the query string, as
 * the service requires; it never appears in an error message.
 */
void aura_phone_numverify_async (AuraEngine *engine,
                                 const char *e164,
                                 const char *key,
                                 const char *base_url,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data);
AuraPhoneLookup *aura_phone_numverify_finish (GAsyncResult *result, GError **error);

G_END_DECLS
