/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* API keys of the sources that need one, looked up by name ("virustotal")
 * in this order: values the caller set (tests, `aura-cli --key NAME=VALUE`),
 * the environment variable AURA_KEY_<NAME> (upper case, "-" as "_"), then
 * the desktop keyring through libsecret (schema "io.github.aura.ApiKey",
 * attribute "name"). A keyring that is absent, or that does not answer in
 * time, counts as "no key": the reason is kept for messages, and it is not
 * asked again by the same object. Keys never appear in logs. */

/**
 * AuraApiKeyOrigin:
 * @AURA_API_KEY_ORIGIN_NONE: no key
 * @AURA_API_KEY_ORIGIN_EXPLICIT: set by the caller
 * @AURA_API_KEY_ORIGIN_ENVIRONMENT: from AURA_KEY_<NAME>
 * @AURA_API_KEY_ORIGIN_KEYRING: from the desktop keyring
 */
typedef enum
{
  AURA_API_KEY_ORIGIN_NONE,
  AURA_API_KEY_ORIGIN_EXPLICIT,
  AURA_API_KEY_ORIGIN_ENVIRONMENT,
  AURA_API_KEY_ORIGIN_KEYRING,
} AuraApiKeyOrigin;

/* "none", "explicit", "environment", "keyring". */
const char *aura_api_key_origin_to_string (AuraApiKeyOrigin origin);

#define AURA_TYPE_API_KEYS (aura_api_keys_get_type ())
G_DECLARE_FINAL_TYPE (AuraApiKeys, aura_api_keys, AURA, API_KEYS, GObject)

/* Explicit values, the environment and the keyring. */
AuraApiKeys *aura_api_keys_new (void);
/* Whether to ask the keyring (default TRUE) and the environment (default
 * TRUE). Tests turn the keyring off. */
void aura_api_keys_set_use_keyring (AuraApiKeys *self, gboolean use_keyring);
void aura_api_keys_set_use_environment (AuraApiKeys *self, gboolean use_environment);
gboolean aura_api_keys_get_use_keyring (AuraApiKeys *self);
gboolean aura_api_keys_get_use_environment (AuraApiKeys *self);
/* How long a keyring lookup may take before it counts as "no keyring"
 * (0: 3 s). */
void aura_api_keys_set_keyring_timeout (AuraApiKeys *self, guint timeout_ms);

/* Key names are 1 to 64 characters among a-z, 0-9, "-" and "_" (any case;
 * they are compared in lower case). */
gboolean aura_api_keys_name_is_valid (const char *name);
/* "AURA_KEY_VIRUSTOTAL" for "virustotal". */
char *aura_api_keys_get_env_name (const char *name);

/* Sets an explicit value for this object only (NULL removes it). */
void aura_api_keys_set (AuraApiKeys *self, const char *name, const char *value);
/* Parses "NAME=VALUE" (the CLI's --key) and sets it. */
gboolean aura_api_keys_parse_assignment (AuraApiKeys *self, const char *assignment, GError **error);

/* The key, or NULL. May wait for the keyring up to its timeout, iterating
 * a private main context: for the CLI and tests, not for a UI thread. */
char *aura_api_keys_get (AuraApiKeys *self, const char *name, AuraApiKeyOrigin *out_origin);
/* Explicit values and the environment only: never the keyring, never
 * waiting, and the object is not changed. */
char *aura_api_keys_get_quick (AuraApiKeys *self, const char *name, AuraApiKeyOrigin *out_origin);
/* The same without blocking; the callback runs in the thread-default main
 * context of the caller. */
void aura_api_keys_lookup_async (AuraApiKeys *self,
                                 const char *name,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data);
/* The key, or NULL without an error when there is none (the keyring being
 * unavailable included). An error only for cancellation. */
char *aura_api_keys_lookup_finish (AuraApiKeys *self,
                                   GAsyncResult *result,
                                   AuraApiKeyOrigin *out_origin,
                                   GError **error);
/* Why the keyring could not be asked (translated), or NULL when it
 * answered or was never asked. */
const char *aura_api_keys_get_keyring_problem (AuraApiKeys *self);

/* Saves or removes a key in the desktop keyring (for the app's
 * preferences and `aura-cli keys`). Errors say what to do when there is no
 * keyring. Forgets what this object remembered about that name. */
void aura_api_keys_store_async (AuraApiKeys *self,
                                const char *name,
                                const char *value,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer user_data);
gboolean aura_api_keys_store_finish (AuraApiKeys *self, GAsyncResult *result, GError **error);
void aura_api_keys_clear_async (AuraApiKeys *self,
                                const char *name,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer user_data);
gboolean aura_api_keys_clear_finish (AuraApiKeys *self, GAsyncResult *result, GError **error);
/* Blocking forms of the above, bounded by the keyring timeout. */
gboolean
aura_api_keys_store_sync (AuraApiKeys *self, const char *name, const char *value, GError **error);
gboolean aura_api_keys_clear_sync (AuraApiKeys *self, const char *name, GError **error);

G_END_DECLS
