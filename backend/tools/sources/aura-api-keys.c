/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-sources"
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "aura-api-keys.h"

/* API keys: explicit values, then the environment, then the keyring
 * (aura-api-keys.h). Every keyring call runs with the non-blocking
 * libsecret API under a timeout that cancels it: with no secret service
 * (CI, a bare session) libsecret fails at once, but a session bus that
 * accepts a connection and never answers would otherwise hang the caller.
 * A keyring that failed once is not asked again by the same object.
 *
 * Values are wiped from memory when this object lets go of them. */

#define DEFAULT_KEYRING_TIMEOUT_MS 3000
#define NAME_MAX_CHARS 64

static const SecretSchema key_schema = {
  "io.github.aura.ApiKey",
  SECRET_SCHEMA_NONE,
  {
      { "name", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
  },
};

struct _AuraApiKeys
{
  GObject parent_instance;

  GHashTable *explicit_keys; /* name → value */
  GHashTable *keyring_cache; /* name → value, "" when the keyring has none */
  gboolean use_keyring;
  gboolean use_environment;
  guint keyring_timeout_ms;
  char *keyring_problem;
};

G_DEFINE_FINAL_TYPE (AuraApiKeys, aura_api_keys, G_TYPE_OBJECT)

static void
wipe_free (gpointer data)
{
  char *value = data;

  if (value == NULL)
    return;
  memset (value, 0, strlen (value));
  g_free (value);
}

const char *
aura_api_key_origin_to_string (AuraApiKeyOrigin origin)
{
  switch (origin)
    {
      case AURA_API_KEY_ORIGIN_EXPLICIT:
        return "explicit";
      case AURA_API_KEY_ORIGIN_ENVIRONMENT:
        return "environment";
      case AURA_API_KEY_ORIGIN_KEYRING:
        return "keyring";
      case AURA_API_KEY_ORIGIN_NONE:
      default:
        return "none";
    }
}

static void
aura_api_keys_finalize (GObject *object)
{
  AuraApiKeys *self = AURA_API_KEYS (object);

  g_hash_table_unref (self->explicit_keys);
  g_hash_table_unref (self->keyring_cache);
  g_free (self->keyring_problem);
  G_OBJECT_CLASS (aura_api_keys_parent_class)->finalize (object);
}

static void
aura_api_keys_class_init (AuraApiKeysClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = aura_api_keys_finalize;
}

static void
aura_api_keys_init (AuraApiKeys *self)
{
  self->explicit_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, wipe_free);
  self->keyring_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, wipe_free);
  self->use_keyring = TRUE;
  self->use_environment = TRUE;
  self->keyring_timeout_ms = DEFAULT_KEYRING_TIMEOUT_MS;
}

AuraApiKeys *
aura_api_keys_new (void)
{
  return g_object_new (AURA_TYPE_API_KEYS, NULL);
}

void
aura_api_keys_set_use_keyring (AuraApiKeys *self, gboolean use_keyring)
{
  g_return_if_fail (AURA_IS_API_KEYS (self));
  self->use_keyring = use_keyring;
}

void
aura_api_keys_set_use_environment (AuraApiKeys *self, gboolean use_environment)
{
  g_return_if_fail (AURA_IS_API_KEYS (self));
  self->use_environment = use_environment;
}

gboolean
aura_api_keys_get_use_keyring (AuraApiKeys *self)
{
  g_return_val_if_fail (AURA_IS_API_KEYS (self), FALSE);
  return self->use_keyring;
}

gboolean
aura_api_keys_get_use_environment (AuraApiKeys *self)
{
  g_return_val_if_fail (AURA_IS_API_KEYS (self), FALSE);
  return self->use_environment;
}

void
aura_api_keys_set_keyring_timeout (AuraApiKeys *self, guint timeout_ms)
{
  g_return_if_fail (AURA_IS_API_KEYS (self));
  self->keyring_timeout_ms = timeout_ms > 0 ? timeout_ms : DEFAULT_KEYRING_TIMEOUT_MS;
}

gboolean
aura_api_keys_name_is_valid (const char *name)
{
  gsize len;

  if (name == NULL)
    return FALSE;
  len = strlen (name);
  if (len == 0 || len > NAME_MAX_CHARS)
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

char *
aura_api_keys_get_env_name (const char *name)
{
  g_autofree char *upper = NULL;

  g_return_val_if_fail (aura_api_keys_name_is_valid (name), NULL);
  upper = g_ascii_strup (name, -1);
  g_strdelimit (upper, "-", '_');
  return g_strconcat ("AURA_KEY_", upper, NULL);
}

void
aura_api_keys_set (AuraApiKeys *self, const char *name, const char *value)
{
  g_return_if_fail (AURA_IS_API_KEYS (self));
  g_return_if_fail (aura_api_keys_name_is_valid (name));

  if (value == NULL)
    {
      g_autofree char *lower = g_ascii_strdown (name, -1);

      g_hash_table_remove (self->explicit_keys, lower);
    }
  else
    g_hash_table_replace (self->explicit_keys, g_ascii_strdown (name, -1), g_strdup (value));
}

gboolean
aura_api_keys_parse_assignment (AuraApiKeys *self, const char *assignment, GError **error)
{
  g_autofree char *name = NULL;
  const char *equals;

  g_return_val_if_fail (AURA_IS_API_KEYS (self), FALSE);
  g_return_val_if_fail (assignment != NULL, FALSE);
  equals = strchr (assignment, '=');
  if (equals != NULL)
    name = g_strndup (assignment, equals - assignment);
  if (equals == NULL || !aura_api_keys_name_is_valid (name) || equals[1] == '\0' ||
      strpbrk (equals + 1, "\r\n") != NULL)
    {
      /* The value is never repeated in the message: it may be a key. */
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _ ("Give a key as NAME=VALUE, for example virustotal=…; the name is "
                              "made of a-z, 0-9, “-” and “_”, the value is one line"));
      return FALSE;
    }
  aura_api_keys_set (self, name, equals + 1);
  return TRUE;
}

const char *
aura_api_keys_get_keyring_problem (AuraApiKeys *self)
{
  g_return_val_if_fail (AURA_IS_API_KEYS (self), NULL);
  return self->keyring_problem;
}

/* Explicit values and the environment: no waiting. */
static char *
lookup_quick (AuraApiKeys *self, const char *name, AuraApiKeyOrigin *origin)
{
  const char *value = g_hash_table_lookup (self->explicit_keys, name);

  if (value != NULL)
    {
      *origin = AURA_API_KEY_ORIGIN_EXPLICIT;
      return g_strdup (value);
    }
  if (self->use_environment)
    {
      g_autofree char *variable = aura_api_keys_get_env_name (name);

      value = g_getenv (variable);
      if (value != NULL && *value != '\0')
        {
          *origin = AURA_API_KEY_ORIGIN_ENVIRONMENT;
          return g_strdup (value);
        }
    }
  *origin = AURA_API_KEY_ORIGIN_NONE;
  return NULL;
}

/* ---- Keyring calls under a timeout ------------------------------------- */

typedef enum
{
  OP_LOOKUP,
  OP_STORE,
  OP_CLEAR,
} OpKind;

typedef struct
{
  OpKind kind;
  char *name;
  char *value;               /* OP_STORE */
  GCancellable *cancellable; /* ours, cancelled by the timeout or the caller's */
  GCancellable *caller;
  gulong caller_handler;
  GSource *timeout;
  gboolean timed_out;
} Op;

typedef struct
{
  char *key;
  AuraApiKeyOrigin origin;
} Found;

static void
found_free (Found *found)
{
  wipe_free (found->key);
  g_free (found);
}

static void
op_free (Op *op)
{
  if (op->timeout != NULL)
    {
      g_source_destroy (op->timeout);
      g_source_unref (op->timeout);
    }
  if (op->caller_handler != 0)
    g_cancellable_disconnect (op->caller, op->caller_handler);
  g_clear_object (&op->caller);
  g_clear_object (&op->cancellable);
  g_free (op->name);
  wipe_free (op->value);
  g_free (op);
}

static gboolean
op_timeout_cb (gpointer data)
{
  Op *op = data;

  op->timed_out = TRUE;
  g_cancellable_cancel (op->cancellable);
  g_clear_pointer (&op->timeout, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
op_caller_cancelled_cb (GCancellable *caller, gpointer data)
{
  g_cancellable_cancel (data);
}

static GTask *
op_task_new (AuraApiKeys *self,
             OpKind kind,
             const char *name,
             GCancellable *cancellable,
             GAsyncReadyCallback callback,
             gpointer user_data,
             gpointer source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Op *op = g_new0 (Op, 1);

  g_task_set_source_tag (task, source_tag);
  op->kind = kind;
  op->name = g_ascii_strdown (name, -1);
  op->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      op->caller = g_object_ref (cancellable);
      op->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (op_caller_cancelled_cb),
                                                  g_object_ref (op->cancellable), g_object_unref);
    }
  op->timeout = g_timeout_source_new (self->keyring_timeout_ms);
  g_source_set_callback (op->timeout, op_timeout_cb, op, NULL);
  g_source_set_static_name (op->timeout, "[aura] keyring timeout");
  g_source_attach (op->timeout, g_main_context_get_thread_default ());
  g_task_set_task_data (task, op, (GDestroyNotify)op_free);
  return task;
}

/* Why a keyring call failed, in words a person can act on. */
static char *
keyring_problem (AuraApiKeys *self, const Op *op, const GError *error)
{
  if (op->timed_out)
    return g_strdup_printf (_ ("the keyring did not answer within %u s"),
                            MAX (1, self->keyring_timeout_ms / 1000));
  return g_strdup_printf (_ ("no keyring is available (%s)"), error->message);
}

static gboolean
caller_cancelled (const Op *op)
{
  return op->caller != NULL && g_cancellable_is_cancelled (op->caller);
}

static void
lookup_done_cb (GObject *object, GAsyncResult *result, gpointer data)
{
  g_autoptr (GTask) task = data;
  AuraApiKeys *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  char *password = secret_password_lookup_finish (result, &error);
  Found *found = g_new0 (Found, 1);

  if (error != NULL && caller_cancelled (op))
    {
      g_free (found);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _ ("Cancelled"));
      return;
    }
  if (error != NULL)
    {
      g_free (self->keyring_problem);
      self->keyring_problem = keyring_problem (self, op, error);
      g_debug ("Keyring lookup of “%s” failed: %s", op->name, self->keyring_problem);
    }
  else
    {
      g_hash_table_replace (self->keyring_cache, g_strdup (op->name),
                            g_strdup (password != NULL ? password : ""));
      if (password != NULL && *password != '\0')
        {
          found->key = g_strdup (password);
          found->origin = AURA_API_KEY_ORIGIN_KEYRING;
        }
    }
  if (password != NULL)
    secret_password_free (password);
  g_task_return_pointer (task, found, (GDestroyNotify)found_free);
}

void
aura_api_keys_lookup_async (AuraApiKeys *self,
                            const char *name,
                            GCancellable *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char *lower = NULL;
  Found *found;
  const char *cached;
  Op *op;

  g_return_if_fail (AURA_IS_API_KEYS (self));
  g_return_if_fail (aura_api_keys_name_is_valid (name));

  lower = g_ascii_strdown (name, -1);
  found = g_new0 (Found, 1);
  found->key = lookup_quick (self, lower, &found->origin);
  cached = g_hash_table_lookup (self->keyring_cache, lower);
  if (found->key == NULL && cached != NULL && *cached != '\0')
    {
      found->key = g_strdup (cached);
      found->origin = AURA_API_KEY_ORIGIN_KEYRING;
    }
  if (found->key != NULL || !self->use_keyring || self->keyring_problem != NULL || cached != NULL)
    {
      task = g_task_new (self, cancellable, callback, user_data);
      g_task_set_source_tag (task, aura_api_keys_lookup_async);
      g_task_return_pointer (task, found, (GDestroyNotify)found_free);
      return;
    }
  found_free (found);
  task = op_task_new (self, OP_LOOKUP, lower, cancellable, callback, user_data,
                      aura_api_keys_lookup_async);
  op = g_task_get_task_data (task);
  secret_password_lookup (&key_schema, op->cancellable, lookup_done_cb, g_steal_pointer (&task),
                          "name", op->name, NULL);
}

char *
aura_api_keys_lookup_finish (AuraApiKeys *self,
                             GAsyncResult *result,
                             AuraApiKeyOrigin *out_origin,
                             GError **error)
{
  Found *found;
  char *key;

  g_return_val_if_fail (AURA_IS_API_KEYS (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (out_origin != NULL)
    *out_origin = AURA_API_KEY_ORIGIN_NONE;
  found = g_task_propagate_pointer (G_TASK (result), error);
  if (found == NULL)
    return NULL;
  if (out_origin != NULL)
    *out_origin = found->origin;
  key = g_steal_pointer (&found->key);
  found_free (found);
  return key;
}

/* Runs an async call to its end on a private main context. */
typedef struct
{
  GAsyncResult *result;
} SyncWait;

static void
sync_done_cb (GObject *object, GAsyncResult *result, gpointer data)
{
  SyncWait *wait = data;

  wait->result = g_object_ref (result);
}

static void
sync_wait (SyncWait *wait, GMainContext *context)
{
  while (wait->result == NULL)
    g_main_context_iteration (context, TRUE);
}

char *
aura_api_keys_get (AuraApiKeys *self, const char *name, AuraApiKeyOrigin *out_origin)
{
  g_autoptr (GMainContext) context = NULL;
  SyncWait wait = { NULL };
  char *key;

  g_return_val_if_fail (AURA_IS_API_KEYS (self), NULL);
  g_return_val_if_fail (aura_api_keys_name_is_valid (name), NULL);

  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  aura_api_keys_lookup_async (self, name, NULL, sync_done_cb, &wait);
  sync_wait (&wait, context);
  g_main_context_pop_thread_default (context);
  key = aura_api_keys_lookup_finish (self, wait.result, out_origin, NULL);
  g_object_unref (wait.result);
  return key;
}

char *
aura_api_keys_get_quick (AuraApiKeys *self, const char *name, AuraApiKeyOrigin *out_origin)
{
  g_autofree char *lower = NULL;
  AuraApiKeyOrigin origin;
  char *key;

  g_return_val_if_fail (AURA_IS_API_KEYS (self), NULL);
  g_return_val_if_fail (aura_api_keys_name_is_valid (name), NULL);

  lower = g_ascii_strdown (name, -1);
  key = lookup_quick (self, lower, &origin);
  if (out_origin != NULL)
    *out_origin = origin;
  return key;
}

/* ---- Storing and clearing ---------------------------------------------- */

static void
change_done (GTask *task, GError *error)
{
  AuraApiKeys *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  g_autofree char *variable = aura_api_keys_get_env_name (op->name);
  g_autofree char *problem = NULL;

  g_hash_table_remove (self->keyring_cache, op->name);
  if (error == NULL)
    {
      if (op->kind == OP_STORE)
        g_hash_table_replace (self->keyring_cache, g_strdup (op->name), g_strdup (op->value));
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (caller_cancelled (op))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _ ("Cancelled"));
      return;
    }
  problem = keyring_problem (self, op, error);
  if (op->kind == OP_STORE)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                             _ ("Cannot save the key “%s” in the keyring: %s. Without a keyring, "
                                "set the environment variable %s instead."),
                             op->name, problem, variable);
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                             _ ("Cannot remove the key “%s” from the keyring: %s"), op->name,
                             problem);
}

static void
store_done_cb (GObject *object, GAsyncResult *result, gpointer data)
{
  g_autoptr (GTask) task = data;
  g_autoptr (GError) error = NULL;
  secret_password_store_finish (result, &error);
  change_done (task, error);
}

static void
clear_done_cb (GObject *object, GAsyncResult *result, gpointer data)
{
  g_autoptr (GTask) task = data;
  g_autoptr (GError) error = NULL;

  /* FALSE without an error means there was nothing to remove: fine. */
  secret_password_clear_finish (result, &error);
  change_done (task, error);
}

void
aura_api_keys_store_async (AuraApiKeys *self,
                           const char *name,
                           const char *value,
                           GCancellable *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char *label = NULL;
  Op *op;

  g_return_if_fail (AURA_IS_API_KEYS (self));
  g_return_if_fail (aura_api_keys_name_is_valid (name));
  g_return_if_fail (value != NULL && *value != '\0');

  task = op_task_new (self, OP_STORE, name, cancellable, callback, user_data,
                      aura_api_keys_store_async);
  op = g_task_get_task_data (task);
  op->value = g_strdup (value);
  /* Translators: the label of an API key in the desktop keyring. */
  label = g_strdup_printf (_ ("Aura API key: %s"), op->name);
  secret_password_store (&key_schema, SECRET_COLLECTION_DEFAULT, label, op->value, op->cancellable,
                         store_done_cb, g_steal_pointer (&task), "name", op->name, NULL);
}

gboolean
aura_api_keys_store_finish (AuraApiKeys *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (AURA_IS_API_KEYS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
aura_api_keys_clear_async (AuraApiKeys *self,
                           const char *name,
                           GCancellable *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  Op *op;

  g_return_if_fail (AURA_IS_API_KEYS (self));
  g_return_if_fail (aura_api_keys_name_is_valid (name));

  task = op_task_new (self, OP_CLEAR, name, cancellable, callback, user_data,
                      aura_api_keys_clear_async);
  op = g_task_get_task_data (task);
  secret_password_clear (&key_schema, op->cancellable, clear_done_cb, g_steal_pointer (&task),
                         "name", op->name, NULL);
}

gboolean
aura_api_keys_clear_finish (AuraApiKeys *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (AURA_IS_API_KEYS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
aura_api_keys_store_sync (AuraApiKeys *self, const char *name, const char *value, GError **error)
{
  g_autoptr (GMainContext) context = g_main_context_new ();
  SyncWait wait = { NULL };
  gboolean ok;

  g_return_val_if_fail (AURA_IS_API_KEYS (self), FALSE);
  g_main_context_push_thread_default (context);
  aura_api_keys_store_async (self, name, value, NULL, sync_done_cb, &wait);
  sync_wait (&wait, context);
  g_main_context_pop_thread_default (context);
  ok = aura_api_keys_store_finish (self, wait.result, error);
  g_object_unref (wait.result);
  return ok;
}

gboolean
aura_api_keys_clear_sync (AuraApiKeys *self, const char *name, GError **error)
{
  g_autoptr (GMainContext) context = g_main_context_new ();
  SyncWait wait = { NULL };
  gboolean ok;

  g_return_val_if_fail (AURA_IS_API_KEYS (self), FALSE);
  g_main_context_push_thread_default (context);
  aura_api_keys_clear_async (self, name, NULL, sync_done_cb, &wait);
  sync_wait (&wait, context);
  g_main_context_pop_thread_default (context);
  ok = aura_api_keys_clear_finish (self, wait.result, error);
  g_object_unref (wait.result);
  return ok;
}
