/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-emailcheck"
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "aura-email-check-private.h"

/* The check record and lists of checks: files, folders, the bundled
 * folder and the user's. */

#define FORMAT_TAG "aura-email-checks"
#define FORMAT_VERSION 1

G_DEFINE_QUARK (aura - email - check - error - quark, aura_email_check_error)

/* ---- One check ---------------------------------------------------------------- */

G_DEFINE_BOXED_TYPE (AuraEmailCheck, aura_email_check, aura_email_check_ref, aura_email_check_unref)

AuraEmailCheck *
aura_email_check_new_empty (void)
{
  AuraEmailCheck *check = g_new0 (AuraEmailCheck, 1);

  g_atomic_ref_count_init (&check->ref);
  return check;
}

AuraEmailCheck *
aura_email_check_ref (AuraEmailCheck *check)
{
  g_return_val_if_fail (check != NULL, NULL);
  g_atomic_ref_count_inc (&check->ref);
  return check;
}

void
aura_email_check_unref (AuraEmailCheck *check)
{
  if (check == NULL || !g_atomic_ref_count_dec (&check->ref))
    return;
  g_free (check->id);
  g_free (check->name);
  g_free (check->home);
  g_free (check->category);
  g_free (check->origin);
  g_free (check->notes);
  g_free (check->disabled_reason);
  aura_email_request_spec_free (check->prepare);
  aura_email_request_spec_free (check->request);
  g_clear_pointer (&check->found, g_ptr_array_unref);
  g_clear_pointer (&check->not_found, g_ptr_array_unref);
  g_clear_pointer (&check->rate_limited, g_ptr_array_unref);
  g_clear_pointer (&check->blocked, g_ptr_array_unref);
  g_clear_pointer (&check->hints, g_ptr_array_unref);
  g_free (check);
}

const char *
aura_email_check_get_id (const AuraEmailCheck *check)
{
  g_return_val_if_fail (check != NULL, NULL);
  return check->id;
}

const char *
aura_email_check_get_name (const AuraEmailCheck *check)
{
  g_return_val_if_fail (check != NULL, NULL);
  return check->name;
}

const char *
aura_email_check_get_home (const AuraEmailCheck *check)
{
  g_return_val_if_fail (check != NULL, NULL);
  return check->home;
}

const char *
aura_email_check_get_category (const AuraEmailCheck *check)
{
  g_return_val_if_fail (check != NULL, NULL);
  return check->category;
}

gboolean
aura_email_check_has_prepare (const AuraEmailCheck *check)
{
  g_return_val_if_fail (check != NULL, FALSE);
  return check->prepare != NULL;
}

double
aura_email_check_get_rate (const AuraEmailCheck *check)
{
  g_return_val_if_fail (check != NULL, 0.0);
  return check->rate;
}

gboolean
aura_email_check_get_disabled (const AuraEmailCheck *check)
{
  g_return_val_if_fail (check != NULL, FALSE);
  return check->disabled_reason != NULL;
}

const char *
aura_email_check_get_disabled_reason (const AuraEmailCheck *check)
{
  g_return_val_if_fail (check != NULL, NULL);
  return check->disabled_reason;
}

gboolean
aura_email_check_get_needs_online_check (const AuraEmailCheck *check)
{
  g_return_val_if_fail (check != NULL, FALSE);
  return check->needs_online_check;
}

const char *
aura_email_check_get_notes (const AuraEmailCheck *check)
{
  g_return_val_if_fail (check != NULL, NULL);
  return check->notes;
}

const char *
aura_email_check_get_origin (const AuraEmailCheck *check)
{
  g_return_val_if_fail (check != NULL, NULL);
  return check->origin;
}

/* ---- Lists ---------------------------------------------------------------------- */

struct _AuraEmailCheckList
{
  GObject parent_instance;
  GPtrArray *checks; /* AuraEmailCheck */
  GHashTable *index; /* lower-case id → position */
  GPtrArray *warnings;
};

G_DEFINE_FINAL_TYPE (AuraEmailCheckList, aura_email_check_list, G_TYPE_OBJECT)

static void
aura_email_check_list_finalize (GObject *object)
{
  AuraEmailCheckList *self = AURA_EMAIL_CHECK_LIST (object);

  g_ptr_array_unref (self->checks);
  g_hash_table_unref (self->index);
  g_ptr_array_unref (self->warnings);
  G_OBJECT_CLASS (aura_email_check_list_parent_class)->finalize (object);
}

static void
aura_email_check_list_class_init (AuraEmailCheckListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = aura_email_check_list_finalize;
}

static void
aura_email_check_list_init (AuraEmailCheckList *self)
{
  self->checks = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_email_check_unref);
  self->index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->warnings, NULL);
}

AuraEmailCheckList *
aura_email_check_list_new (void)
{
  return g_object_new (AURA_TYPE_EMAIL_CHECK_LIST, NULL);
}

guint
aura_email_check_list_get_n_checks (AuraEmailCheckList *self)
{
  g_return_val_if_fail (AURA_IS_EMAIL_CHECK_LIST (self), 0);
  return self->checks->len;
}

AuraEmailCheck *
aura_email_check_list_get_check (AuraEmailCheckList *self, guint index)
{
  g_return_val_if_fail (AURA_IS_EMAIL_CHECK_LIST (self), NULL);
  g_return_val_if_fail (index < self->checks->len, NULL);
  return g_ptr_array_index (self->checks, index);
}

AuraEmailCheck *
aura_email_check_list_lookup (AuraEmailCheckList *self, const char *id)
{
  g_autofree char *key = NULL;
  gpointer position;

  g_return_val_if_fail (AURA_IS_EMAIL_CHECK_LIST (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  key = g_ascii_strdown (id, -1);
  if (!g_hash_table_lookup_extended (self->index, key, NULL, &position))
    return NULL;
  return g_ptr_array_index (self->checks, GPOINTER_TO_UINT (position));
}

static void
add_warning (AuraEmailCheckList *self, char *warning)
{
  g_ptr_array_insert (self->warnings, (gint)self->warnings->len - 1, warning);
}

void
aura_email_check_list_add (AuraEmailCheckList *self, AuraEmailCheck *check)
{
  gpointer position;

  g_return_if_fail (AURA_IS_EMAIL_CHECK_LIST (self));
  g_return_if_fail (check != NULL);
  if (g_hash_table_lookup_extended (self->index, check->id, NULL, &position))
    {
      AuraEmailCheck *old = g_ptr_array_index (self->checks, GPOINTER_TO_UINT (position));

      add_warning (self, g_strdup_printf (_ ("%s: check “%s” replaces the one of %s"),
                                          check->origin, check->id, old->origin));
      aura_email_check_unref (old);
      g_ptr_array_index (self->checks, GPOINTER_TO_UINT (position)) = aura_email_check_ref (check);
      return;
    }
  g_hash_table_insert (self->index, g_strdup (check->id), GUINT_TO_POINTER (self->checks->len));
  g_ptr_array_add (self->checks, aura_email_check_ref (check));
}

const char *const *
aura_email_check_list_get_warnings (AuraEmailCheckList *self)
{
  g_return_val_if_fail (AURA_IS_EMAIL_CHECK_LIST (self), NULL);
  return (const char *const *)self->warnings->pdata;
}

static gboolean
read_top (JsonNode *root, const char *origin, JsonArray **out_checks, GError **error)
{
  static const char *const known[] = { "format", "version", "description", "checks", NULL };
  JsonObject *object;
  JsonNode *format;
  JsonNode *version;
  JsonNode *checks;
  g_autoptr (GList) members = NULL;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, AURA_EMAIL_CHECK_ERROR, AURA_EMAIL_CHECK_ERROR_FORMAT,
                   _ ("%s: not an email check manifest (the top level must be an object)"), origin);
      return FALSE;
    }
  object = json_node_get_object (root);
  format = json_object_get_member (object, "format");
  if (format == NULL || !JSON_NODE_HOLDS_VALUE (format) ||
      g_strcmp0 (json_node_get_string (format), FORMAT_TAG) != 0)
    {
      g_set_error (error, AURA_EMAIL_CHECK_ERROR, AURA_EMAIL_CHECK_ERROR_FORMAT,
                   _ ("%s: field “format”: must be “%s”"), origin, FORMAT_TAG);
      return FALSE;
    }
  version = json_object_get_member (object, "version");
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) ||
      json_node_get_value_type (version) != G_TYPE_INT64 ||
      json_node_get_int (version) != FORMAT_VERSION)
    {
      g_set_error (error, AURA_EMAIL_CHECK_ERROR, AURA_EMAIL_CHECK_ERROR_FORMAT,
                   _ ("%s: field “version”: this Aura reads version %d only"), origin,
                   FORMAT_VERSION);
      return FALSE;
    }
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (known, l->data) && ((const char *)l->data)[0] != '_')
      {
        g_set_error (error, AURA_EMAIL_CHECK_ERROR, AURA_EMAIL_CHECK_ERROR_FORMAT,
                     _ ("%s: field “%s”: unknown field"), origin, (const char *)l->data);
        return FALSE;
      }
  checks = json_object_get_member (object, "checks");
  if (checks == NULL || !JSON_NODE_HOLDS_ARRAY (checks))
    {
      g_set_error (error, AURA_EMAIL_CHECK_ERROR, AURA_EMAIL_CHECK_ERROR_FORMAT,
                   _ ("%s: field “checks”: must be a list"), origin);
      return FALSE;
    }
  if (json_array_get_length (json_node_get_array (checks)) > AURA_EMAIL_CHECK_MAX_CHECKS)
    {
      g_set_error (error, AURA_EMAIL_CHECK_ERROR, AURA_EMAIL_CHECK_ERROR_TOO_LARGE,
                   _ ("%s: field “checks”: more than %d checks"), origin,
                   AURA_EMAIL_CHECK_MAX_CHECKS);
      return FALSE;
    }
  *out_checks = json_node_get_array (checks);
  return TRUE;
}

/* Appends the checks of one document to @list; an id already in @seen is
 * an error. */
static gboolean
load_into (AuraEmailCheckList *list,
           const char *data,
           gssize length,
           const char *origin,
           GHashTable *seen,
           GError **error)
{
  gsize len = length < 0 ? strlen (data) : (gsize)length;
  g_autoptr (JsonNode) root = NULL;
  JsonArray *checks;

  if (len > AURA_EMAIL_CHECK_MAX_FILE_BYTES)
    {
      g_set_error (error, AURA_EMAIL_CHECK_ERROR, AURA_EMAIL_CHECK_ERROR_TOO_LARGE,
                   _ ("%s: larger than %d MiB; a check manifest is far smaller"), origin,
                   AURA_EMAIL_CHECK_MAX_FILE_BYTES / (1024 * 1024));
      return FALSE;
    }
  if (!g_utf8_validate_len (data, len, NULL))
    {
      g_set_error (error, AURA_EMAIL_CHECK_ERROR, AURA_EMAIL_CHECK_ERROR_PARSE,
                   _ ("%s: not UTF-8 text"), origin);
      return FALSE;
    }
  root = aura_email_parse_json (data, len);
  if (root == NULL)
    {
      g_set_error (error, AURA_EMAIL_CHECK_ERROR, AURA_EMAIL_CHECK_ERROR_PARSE,
                   _ ("%s: not valid JSON (or nested deeper than %d levels)"), origin,
                   AURA_EMAIL_CHECK_JSON_MAX_DEPTH);
      return FALSE;
    }
  if (!read_top (root, origin, &checks, error))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (checks); i++)
    {
      JsonNode *node = json_array_get_element (checks, i);
      g_autoptr (AuraEmailCheck) check = NULL;
      const char *other;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, AURA_EMAIL_CHECK_ERROR, AURA_EMAIL_CHECK_ERROR_INVALID,
                       _ ("%s: check #%u: must be an object"), origin, i + 1);
          return FALSE;
        }
      check = aura_email_check_from_json (json_node_get_object (node), origin, i, error);
      if (check == NULL)
        return FALSE;
      if ((other = g_hash_table_lookup (seen, check->id)) != NULL)
        {
          g_set_error (error, AURA_EMAIL_CHECK_ERROR, AURA_EMAIL_CHECK_ERROR_INVALID,
                       _ ("%s: check “%s”: field “id”: the id is already used (in %s)"), origin,
                       check->id, other);
          return FALSE;
        }
      g_hash_table_insert (seen, g_strdup (check->id), g_strdup (origin));
      aura_email_check_list_add (list, check);
    }
  return TRUE;
}

AuraEmailCheckList *
aura_email_check_list_load_data (const char *data,
                                 gssize length,
                                 const char *origin,
                                 GError **error)
{
  g_autoptr (AuraEmailCheckList) list = aura_email_check_list_new ();
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  if (!load_into (list, data, length, origin != NULL ? origin : "(data)", seen, error))
    return NULL;
  return g_steal_pointer (&list);
}

static gboolean
load_file_into (AuraEmailCheckList *list, const char *path, GHashTable *seen, GError **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;
  GStatBuf st;
  GError *inner = NULL;

  if (g_stat (path, &st) == 0 && st.st_size > AURA_EMAIL_CHECK_MAX_FILE_BYTES)
    {
      g_set_error (error, AURA_EMAIL_CHECK_ERROR, AURA_EMAIL_CHECK_ERROR_TOO_LARGE,
                   _ ("%s: larger than %d MiB; a check manifest is far smaller"), path,
                   AURA_EMAIL_CHECK_MAX_FILE_BYTES / (1024 * 1024));
      return FALSE;
    }
  if (!g_file_get_contents (path, &data, &length, &inner))
    {
      g_set_error (error, AURA_EMAIL_CHECK_ERROR, AURA_EMAIL_CHECK_ERROR_NOT_FOUND,
                   _ ("Cannot read the check manifest: %s"), inner->message);
      g_error_free (inner);
      return FALSE;
    }
  return load_into (list, data, (gssize)length, path, seen, error);
}

AuraEmailCheckList *
aura_email_check_list_load_file (const char *path, GError **error)
{
  g_autoptr (AuraEmailCheckList) list = aura_email_check_list_new ();
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  if (!load_file_into (list, path, seen, error))
    return NULL;
  return g_steal_pointer (&list);
}

/* The *.json files of @dir in name order; NULL with an error when the
 * folder cannot be read. */
static GPtrArray *
list_json_files (const char *dir, GError **error)
{
  g_autoptr (GDir) handle = NULL;
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  GError *inner = NULL;
  const char *name;

  handle = g_dir_open (dir, 0, &inner);
  if (handle == NULL)
    {
      g_set_error (error, AURA_EMAIL_CHECK_ERROR, AURA_EMAIL_CHECK_ERROR_NOT_FOUND,
                   _ ("Cannot read the check folder: %s"), inner->message);
      g_error_free (inner);
      return NULL;
    }
  while ((name = g_dir_read_name (handle)) != NULL)
    if (g_str_has_suffix (name, ".json") && name[0] != '.')
      g_ptr_array_add (files, g_build_filename (dir, name, NULL));
  return g_steal_pointer (&files);
}

static int
compare_paths (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char *const *)a, *(char *const *)b);
}

static gboolean
load_dir_into (AuraEmailCheckList *list, const char *dir, GHashTable *seen, GError **error)
{
  g_autoptr (GPtrArray) files = list_json_files (dir, error);

  if (files == NULL)
    return FALSE;
  g_ptr_array_sort (files, compare_paths);
  for (guint i = 0; i < files->len; i++)
    if (!load_file_into (list, g_ptr_array_index (files, i), seen, error))
      return FALSE;
  return TRUE;
}

AuraEmailCheckList *
aura_email_check_list_load_dir (const char *dir, GError **error)
{
  g_autoptr (AuraEmailCheckList) list = aura_email_check_list_new ();
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  if (!load_dir_into (list, dir, seen, error))
    return NULL;
  return g_steal_pointer (&list);
}

char *
aura_email_check_list_get_bundled_dir (void)
{
  const char *env = g_getenv ("AURA_EMAIL_CHECKS_DIR");
  const char *root = g_getenv ("AURA_SOURCE_ROOT");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  if (root != NULL && *root != '\0')
    {
      g_autofree char *dir = g_build_filename (root, "data", "email-checks", NULL);

      if (g_file_test (dir, G_FILE_TEST_IS_DIR))
        return g_steal_pointer (&dir);
    }
  return g_build_filename (PKGDATADIR, "email-checks", NULL);
}

char *
aura_email_check_list_get_user_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "aura", "email-checks", NULL);
}

AuraEmailCheckList *
aura_email_check_list_load_default (GError **error)
{
  g_autofree char *bundled = aura_email_check_list_get_bundled_dir ();
  g_autofree char *user = aura_email_check_list_get_user_dir ();
  g_autoptr (AuraEmailCheckList) list = aura_email_check_list_new ();
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GHashTable) user_seen =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  if (!load_dir_into (list, bundled, seen, error))
    return NULL;
  /* The user's checks may replace bundled ones (a fixed endpoint), so they
   * are only checked for duplicates among themselves. */
  if (g_file_test (user, G_FILE_TEST_IS_DIR) && !load_dir_into (list, user, user_seen, error))
    return NULL;
  return g_steal_pointer (&list);
}
