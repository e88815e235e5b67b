/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-sources"
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "aura-source-private.h"

/* The source record, lists of sources, and the manifest files they come
 * from (README.md). */

G_DEFINE_QUARK (aura - source - error - quark, aura_source_error)

/* The manifest version this Aura writes and fully understands. */
#define FORMAT_VERSION 1

/* ---- AuraSource --------------------------------------------------------- */

G_DEFINE_BOXED_TYPE (AuraSource, aura_source, aura_source_ref, aura_source_unref)

AuraSource *
aura_source_new_empty (void)
{
  AuraSource *source = g_new0 (AuraSource, 1);

  g_atomic_ref_count_init (&source->ref);
  source->headers = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_source_header_free);
  source->prepare_headers =
      g_ptr_array_new_with_free_func ((GDestroyNotify)aura_source_header_free);
  source->extracts = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_source_extract_free);
  return source;
}

void
aura_source_header_free (AuraSourceHeader *header)
{
  if (header == NULL)
    return;
  g_free (header->name);
  aura_source_template_free (header->value);
  g_free (header);
}

void
aura_source_extract_free (AuraSourceExtract *extract)
{
  if (extract == NULL)
    return;
  aura_source_path_free (extract->path);
  aura_source_template_free (extract->regex);
  aura_source_template_free (extract->value);
  g_free (extract->split);
  g_free (extract);
}

AuraSource *
aura_source_ref (AuraSource *source)
{
  g_return_val_if_fail (source != NULL, NULL);
  g_atomic_ref_count_inc (&source->ref);
  return source;
}

void
aura_source_unref (AuraSource *source)
{
  if (source == NULL || !g_atomic_ref_count_dec (&source->ref))
    return;
  g_free (source->name);
  g_free (source->label);
  g_free (source->homepage);
  g_free (source->description);
  g_free (source->origin);
  g_free (source->key_name);
  g_free (source->key_url);
  g_free (source->method);
  aura_source_template_free (source->url);
  g_ptr_array_unref (source->headers);
  aura_source_template_free (source->body);
  aura_source_template_free (source->prepare_url);
  g_clear_pointer (&source->prepare_headers, g_ptr_array_unref);
  aura_source_path_free (source->prepare_path);
  g_free (source->prepare_into);
  g_clear_pointer (&source->empty_status, g_array_unref);
  aura_source_path_free (source->error_path);
  g_strfreev (source->error_text);
  g_free (source->page_param);
  aura_source_path_free (source->next_path);
  aura_source_path_free (source->empty_path);
  aura_source_path_free (source->count_path);
  aura_source_path_free (source->more_path);
  g_ptr_array_unref (source->extracts);
  g_free (source);
}

const char *
aura_source_get_name (const AuraSource *source)
{
  g_return_val_if_fail (source != NULL, NULL);
  return source->name;
}

const char *
aura_source_get_label (const AuraSource *source)
{
  g_return_val_if_fail (source != NULL, NULL);
  return source->label;
}

const char *
aura_source_get_homepage (const AuraSource *source)
{
  g_return_val_if_fail (source != NULL, NULL);
  return source->homepage;
}

const char *
aura_source_get_description (const AuraSource *source)
{
  g_return_val_if_fail (source != NULL, NULL);
  return source->description;
}

gboolean
aura_source_yields (const AuraSource *source, AuraEntityType kind)
{
  g_return_val_if_fail (source != NULL, FALSE);
  return kind < AURA_ENTITY_N_TYPES && (source->yields & (1u << kind)) != 0;
}

const char *
aura_source_get_key_name (const AuraSource *source)
{
  g_return_val_if_fail (source != NULL, NULL);
  return source->key_name;
}

gboolean
aura_source_get_key_required (const AuraSource *source)
{
  g_return_val_if_fail (source != NULL, FALSE);
  return source->key_name != NULL && source->key_required;
}

const char *
aura_source_get_key_url (const AuraSource *source)
{
  g_return_val_if_fail (source != NULL, NULL);
  return source->key_url;
}

const char *
aura_source_get_origin (const AuraSource *source)
{
  g_return_val_if_fail (source != NULL, NULL);
  return source->origin;
}

/* ---- AuraSourceList ----------------------------------------------------- */

struct _AuraSourceList
{
  GObject parent_instance;

  GPtrArray *sources;  /* AuraSource */
  GHashTable *index;   /* lower-case name → position */
  GPtrArray *warnings; /* char *, NULL-terminated */
};

G_DEFINE_FINAL_TYPE (AuraSourceList, aura_source_list, G_TYPE_OBJECT)

static void
aura_source_list_finalize (GObject *object)
{
  AuraSourceList *self = AURA_SOURCE_LIST (object);

  g_ptr_array_unref (self->sources);
  g_hash_table_unref (self->index);
  g_ptr_array_unref (self->warnings);
  G_OBJECT_CLASS (aura_source_list_parent_class)->finalize (object);
}

static void
aura_source_list_class_init (AuraSourceListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = aura_source_list_finalize;
}

static void
aura_source_list_init (AuraSourceList *self)
{
  self->sources = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_source_unref);
  self->index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->warnings = g_ptr_array_new_null_terminated (0, g_free, TRUE);
}

AuraSourceList *
aura_source_list_new (void)
{
  return g_object_new (AURA_TYPE_SOURCE_LIST, NULL);
}

guint
aura_source_list_get_n_sources (AuraSourceList *self)
{
  g_return_val_if_fail (AURA_IS_SOURCE_LIST (self), 0);
  return self->sources->len;
}

AuraSource *
aura_source_list_get_source (AuraSourceList *self, guint index)
{
  g_return_val_if_fail (AURA_IS_SOURCE_LIST (self), NULL);
  g_return_val_if_fail (index < self->sources->len, NULL);
  return self->sources->pdata[index];
}

AuraSource *
aura_source_list_lookup (AuraSourceList *self, const char *name)
{
  g_autofree char *key = NULL;
  gpointer position;

  g_return_val_if_fail (AURA_IS_SOURCE_LIST (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  key = g_ascii_strdown (name, -1);
  if (!g_hash_table_lookup_extended (self->index, key, NULL, &position))
    return NULL;
  return self->sources->pdata[GPOINTER_TO_UINT (position)];
}

void
aura_source_list_add (AuraSourceList *self, AuraSource *source)
{
  char *key;
  gpointer position;

  g_return_if_fail (AURA_IS_SOURCE_LIST (self));
  g_return_if_fail (source != NULL);
  key = g_ascii_strdown (source->name, -1);
  if (g_hash_table_lookup_extended (self->index, key, NULL, &position))
    {
      guint i = GPOINTER_TO_UINT (position);

      aura_source_unref (self->sources->pdata[i]);
      self->sources->pdata[i] = aura_source_ref (source);
      g_free (key);
      return;
    }
  g_hash_table_insert (self->index, key, GUINT_TO_POINTER (self->sources->len));
  g_ptr_array_add (self->sources, aura_source_ref (source));
}

const char *const *
aura_source_list_get_warnings (AuraSourceList *self)
{
  static const char *const none[] = { NULL };

  g_return_val_if_fail (AURA_IS_SOURCE_LIST (self), NULL);
  /* A null-terminated GPtrArray has no storage until its first element. */
  if (self->warnings->pdata == NULL)
    return none;
  return (const char *const *)self->warnings->pdata;
}

static void
add_warning (AuraSourceList *self, char *warning)
{
  g_debug ("%s", warning);
  g_ptr_array_add (self->warnings, warning);
}

/* ---- Reading manifests -------------------------------------------------- */

static gboolean
read_header (
    JsonObject *root, const char *origin, AuraSourceList *list, gint64 *version, GError **error)
{
  static const char *const known[] = {
    "format", "version", "name", "description", "sources", NULL
  };
  JsonNode *node = json_object_get_member (root, "version");
  g_autoptr (GList) members = json_object_get_members (root);

  if (g_strcmp0 (json_object_get_string_member_with_default (root, "format", NULL),
                 "aura-sources") != 0)
    {
      g_set_error (error, AURA_SOURCE_ERROR, AURA_SOURCE_ERROR_FORMAT,
                   _ ("%s: not a source manifest (“format” must be “aura-sources”)"), origin);
      return FALSE;
    }
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64 || json_node_get_int (node) < 1)
    {
      g_set_error (error, AURA_SOURCE_ERROR, AURA_SOURCE_ERROR_FORMAT,
                   _ ("%s: “version” must be a whole number, 1 for this Aura"), origin);
      return FALSE;
    }
  *version = json_node_get_int (node);
  if (*version > FORMAT_VERSION)
    add_warning (list, g_strdup_printf (_ ("%s: written for a newer Aura (version %lld); what "
                                           "this one does not understand is left out"),
                                        origin, (long long)*version));
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (known, l->data) && *(const char *)l->data != '_')
      add_warning (list, g_strdup_printf (_ ("%s: unknown top-level field “%s” ignored"), origin,
                                          (const char *)l->data));
  node = json_object_get_member (root, "sources");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, AURA_SOURCE_ERROR, AURA_SOURCE_ERROR_FORMAT,
                   _ ("%s: “sources” must be a list"), origin);
      return FALSE;
    }
  if (json_array_get_length (json_node_get_array (node)) > AURA_SOURCE_MANIFEST_MAX_SOURCES)
    {
      g_set_error (error, AURA_SOURCE_ERROR, AURA_SOURCE_ERROR_TOO_LARGE,
                   _ ("%s: more than %d sources"), origin, AURA_SOURCE_MANIFEST_MAX_SOURCES);
      return FALSE;
    }
  return TRUE;
}

/* One element of "sources"; FALSE fails the load. In a newer manifest, a
 * source this Aura cannot read is left out with a warning instead. */
static gboolean
read_source (AuraSourceList *list,
             JsonNode *node,
             guint index,
             const char *origin,
             gboolean lenient,
             GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autoptr (AuraSource) source = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    g_set_error (&local, AURA_SOURCE_ERROR, AURA_SOURCE_ERROR_INVALID,
                 _ ("%s: source #%u: must be an object"), origin, index + 1);
  else
    source = aura_source_from_json (json_node_get_object (node), origin, list->warnings, &local);
  if (source != NULL && aura_source_list_lookup (list, source->name) != NULL)
    g_set_error (&local, AURA_SOURCE_ERROR, AURA_SOURCE_ERROR_INVALID,
                 _ ("%s: source “%s”: field “name”: another source of this file has it"), origin,
                 source->name);
  else if (source != NULL)
    {
      aura_source_list_add (list, source);
      return TRUE;
    }
  if (lenient)
    {
      add_warning (list, g_strdup_printf (_ ("%s (left out)"), local->message));
      return TRUE;
    }
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

AuraSourceList *
aura_source_list_load_data (const char *data, gssize length, const char *origin, GError **error)
{
  g_autoptr (AuraSourceList) list = aura_source_list_new ();
  g_autoptr (GError) local = NULL;
  gsize size;
  JsonNode *root;
  JsonArray *sources;
  gint64 version = 0;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  origin = origin != NULL ? origin : "-";
  size = length < 0 ? strlen (data) : (gsize)length;
  if (size > AURA_SOURCE_MANIFEST_MAX_BYTES)
    {
      g_set_error (error, AURA_SOURCE_ERROR, AURA_SOURCE_ERROR_TOO_LARGE,
                   _ ("%s: larger than %d MiB"), origin,
                   AURA_SOURCE_MANIFEST_MAX_BYTES / (1024 * 1024));
      return NULL;
    }
  root = aura_source_parse_json (data, size, &local);
  if (root == NULL)
    {
      g_set_error (error, AURA_SOURCE_ERROR, AURA_SOURCE_ERROR_PARSE, _ ("%s: not valid JSON: %s"),
                   origin, local->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      json_node_unref (root);
      g_set_error (error, AURA_SOURCE_ERROR, AURA_SOURCE_ERROR_FORMAT,
                   _ ("%s: not a source manifest (the document must be an object)"), origin);
      return NULL;
    }
  if (!read_header (json_node_get_object (root), origin, list, &version, error))
    {
      json_node_unref (root);
      return NULL;
    }
  sources = json_object_get_array_member (json_node_get_object (root), "sources");
  for (guint i = 0; i < json_array_get_length (sources); i++)
    if (!read_source (list, json_array_get_element (sources, i), i, origin,
                      version > FORMAT_VERSION, error))
      {
        json_node_unref (root);
        return NULL;
      }
  json_node_unref (root);
  return g_steal_pointer (&list);
}

AuraSourceList *
aura_source_list_load_file (const char *path, GError **error)
{
  g_autofree char *contents = NULL;
  g_autoptr (GError) local = NULL;
  GStatBuf st;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);
  if (g_stat (path, &st) == 0 && st.st_size > AURA_SOURCE_MANIFEST_MAX_BYTES)
    {
      g_set_error (error, AURA_SOURCE_ERROR, AURA_SOURCE_ERROR_TOO_LARGE,
                   _ ("%s: larger than %d MiB"), path,
                   AURA_SOURCE_MANIFEST_MAX_BYTES / (1024 * 1024));
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, &length, &local))
    {
      g_set_error (error, AURA_SOURCE_ERROR, AURA_SOURCE_ERROR_NOT_FOUND,
                   _ ("Cannot read the source manifest: %s"), local->message);
      return NULL;
    }
  return aura_source_list_load_data (contents, (gssize)length, path, error);
}

/* g_ptr_array_sort() hands the comparison pointers to the elements. */
static int
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *)a, *(const char *const *)b);
}

AuraSourceList *
aura_source_list_load_dir (const char *dir_path, GError **error)
{
  g_autoptr (AuraSourceList) list = aura_source_list_new ();
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) local = NULL;
  g_autoptr (GDir) dir = NULL;
  const char *name;

  g_return_val_if_fail (dir_path != NULL, NULL);
  dir = g_dir_open (dir_path, 0, &local);
  if (dir == NULL)
    {
      g_set_error (error, AURA_SOURCE_ERROR, AURA_SOURCE_ERROR_NOT_FOUND,
                   _ ("Cannot read the source manifests: %s"), local->message);
      return NULL;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strdup (name));
  if (names->len == 0)
    {
      g_set_error (error, AURA_SOURCE_ERROR, AURA_SOURCE_ERROR_NOT_FOUND,
                   _ ("No source manifest (*.json) in “%s”"), dir_path);
      return NULL;
    }
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir_path, names->pdata[i], NULL);
      g_autoptr (AuraSourceList) part = aura_source_list_load_file (path, error);

      if (part == NULL)
        return NULL;
      for (guint w = 0; w < part->warnings->len; w++)
        add_warning (list, g_strdup (part->warnings->pdata[w]));
      for (guint s = 0; s < part->sources->len; s++)
        {
          AuraSource *source = part->sources->pdata[s];
          AuraSource *earlier = aura_source_list_lookup (list, source->name);

          if (earlier != NULL)
            add_warning (list, g_strdup_printf (_ ("%s: source “%s” replaces the one of %s"), path,
                                                source->name, earlier->origin));
          aura_source_list_add (list, source);
        }
    }
  return g_steal_pointer (&list);
}

char *
aura_source_list_get_bundled_dir (void)
{
  const char *env = g_getenv ("AURA_SOURCES_DIR");
  const char *root = g_getenv ("AURA_SOURCE_ROOT");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  if (root != NULL && *root != '\0')
    {
      g_autofree char *dir = g_build_filename (root, "data", "sources", NULL);

      if (g_file_test (dir, G_FILE_TEST_IS_DIR))
        return g_steal_pointer (&dir);
    }
  return g_build_filename (PKGDATADIR, "sources", NULL);
}

AuraSourceList *
aura_source_list_load_bundled (GError **error)
{
  g_autofree char *dir = aura_source_list_get_bundled_dir ();

  return aura_source_list_load_dir (dir, error);
}
