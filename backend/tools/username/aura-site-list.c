/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-username"
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "aura-site-private.h"

/* A list of sites, in file order, with a case-insensitive index by name;
 * and the files it comes from: Aura's own format, or a community list to
 * import. */

G_DEFINE_QUARK (aura - manifest - error - quark, aura_manifest_error)

struct _AuraSiteList
{
  GObject parent_instance;

  GPtrArray *sites;  /* AuraSite */
  GHashTable *index; /* casefolded name → position in sites */
};

G_DEFINE_FINAL_TYPE (AuraSiteList, aura_site_list, G_TYPE_OBJECT)

static void
aura_site_list_finalize (GObject *object)
{
  AuraSiteList *self = AURA_SITE_LIST (object);

  g_ptr_array_unref (self->sites);
  g_hash_table_unref (self->index);
  G_OBJECT_CLASS (aura_site_list_parent_class)->finalize (object);
}

static void
aura_site_list_class_init (AuraSiteListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = aura_site_list_finalize;
}

static void
aura_site_list_init (AuraSiteList *self)
{
  self->sites = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_site_unref);
  self->index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

AuraSiteList *
aura_site_list_new (void)
{
  return g_object_new (AURA_TYPE_SITE_LIST, NULL);
}

guint
aura_site_list_get_n_sites (AuraSiteList *self)
{
  g_return_val_if_fail (AURA_IS_SITE_LIST (self), 0);
  return self->sites->len;
}

AuraSite *
aura_site_list_get_site (AuraSiteList *self, guint index)
{
  g_return_val_if_fail (AURA_IS_SITE_LIST (self), NULL);
  g_return_val_if_fail (index < self->sites->len, NULL);
  return g_ptr_array_index (self->sites, index);
}

static char *
name_key (const char *name)
{
  return g_utf8_casefold (name, -1);
}

AuraSite *
aura_site_list_lookup (AuraSiteList *self, const char *name)
{
  g_autofree char *key = NULL;
  gpointer position;

  g_return_val_if_fail (AURA_IS_SITE_LIST (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  key = name_key (name);
  if (!g_hash_table_lookup_extended (self->index, key, NULL, &position))
    return NULL;
  return g_ptr_array_index (self->sites, GPOINTER_TO_UINT (position));
}

void
aura_site_list_add (AuraSiteList *self, AuraSite *site)
{
  char *key;
  gpointer position;

  g_return_if_fail (AURA_IS_SITE_LIST (self));
  g_return_if_fail (site != NULL);
  key = name_key (site->name);
  if (g_hash_table_lookup_extended (self->index, key, NULL, &position))
    {
      guint i = GPOINTER_TO_UINT (position);

      aura_site_unref (g_ptr_array_index (self->sites, i));
      g_ptr_array_index (self->sites, i) = aura_site_ref (site);
      g_free (key);
      return;
    }
  g_hash_table_insert (self->index, key, GUINT_TO_POINTER (self->sites->len));
  g_ptr_array_add (self->sites, aura_site_ref (site));
}

void
aura_site_list_merge (AuraSiteList *self, AuraSiteList *other)
{
  g_return_if_fail (AURA_IS_SITE_LIST (self));
  g_return_if_fail (AURA_IS_SITE_LIST (other));
  for (guint i = 0; i < other->sites->len; i++)
    aura_site_list_add (self, g_ptr_array_index (other->sites, i));
}

/* Reports. */

static void
problem_free (AuraSiteProblem *problem)
{
  g_free (problem->site);
  g_free (problem->message);
  g_free (problem);
}

AuraSiteReport *
aura_site_report_new (void)
{
  AuraSiteReport *report = g_new0 (AuraSiteReport, 1);

  report->problems = g_ptr_array_new_with_free_func ((GDestroyNotify)problem_free);
  return report;
}

void
aura_site_report_free (AuraSiteReport *report)
{
  if (report == NULL)
    return;
  g_ptr_array_unref (report->problems);
  g_free (report);
}

void
aura_site_report_add (AuraSiteReport *report, const char *site, const char *message)
{
  AuraSiteProblem *problem = g_new0 (AuraSiteProblem, 1);

  problem->site = g_strdup (site);
  problem->message = g_strdup (message);
  g_ptr_array_add (report->problems, problem);
}

const char *
aura_site_format_to_string (AuraSiteFormat format)
{
  switch (format)
    {
      case AURA_SITE_FORMAT_AURA:
        return "aura";
      case AURA_SITE_FORMAT_SHERLOCK:
        return "sherlock";
      case AURA_SITE_FORMAT_MAIGRET:
        return "maigret";
      case AURA_SITE_FORMAT_WHATSMYNAME:
        return "whatsmyname";
      case AURA_SITE_FORMAT_UNKNOWN:
      default:
        return "unknown";
    }
}

/* Format detection: by the shape of the document, never the file name. */

static gboolean
looks_like_sherlock (JsonObject *root)
{
  g_autoptr (GList) members = json_object_get_members (root);
  guint checked = 0, matched = 0;

  for (GList *l = members; l != NULL && checked < 8; l = l->next)
    {
      JsonNode *node = json_object_get_member (root, l->data);
      JsonObject *entry;

      if (g_str_equal (l->data, "$schema"))
        continue;
      checked++;
      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      entry = json_node_get_object (node);
      if (json_object_has_member (entry, "errorType") ||
          (json_object_has_member (entry, "url") && json_object_has_member (entry, "urlMain")))
        matched++;
    }
  return checked > 0 && matched * 2 > checked;
}

AuraSiteFormat
aura_site_format_detect (JsonNode *root)
{
  JsonObject *object;
  JsonNode *sites;

  g_return_val_if_fail (root != NULL, AURA_SITE_FORMAT_UNKNOWN);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return AURA_SITE_FORMAT_UNKNOWN;
  object = json_node_get_object (root);
  if (g_strcmp0 (json_object_get_string_member_with_default (object, "format", NULL),
                 "aura-sites") == 0)
    return AURA_SITE_FORMAT_AURA;
  sites = json_object_get_member (object, "sites");
  if (sites != NULL && JSON_NODE_HOLDS_ARRAY (sites))
    {
      JsonArray *array = json_node_get_array (sites);
      JsonNode *first =
          json_array_get_length (array) > 0 ? json_array_get_element (array, 0) : NULL;

      if (first != NULL && JSON_NODE_HOLDS_OBJECT (first) &&
          json_object_has_member (json_node_get_object (first), "uri_check"))
        return AURA_SITE_FORMAT_WHATSMYNAME;
      return AURA_SITE_FORMAT_UNKNOWN;
    }
  if (sites != NULL && JSON_NODE_HOLDS_OBJECT (sites))
    return AURA_SITE_FORMAT_MAIGRET;
  if (looks_like_sherlock (object))
    return AURA_SITE_FORMAT_SHERLOCK;
  return AURA_SITE_FORMAT_UNKNOWN;
}

/* Reading files. */

static JsonParser *
parse_document (const char *data, gssize length, const char *origin, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) local = NULL;
  gsize size = length < 0 ? strlen (data) : (gsize)length;

  if (size > AURA_MANIFEST_MAX_BYTES)
    {
      g_set_error (error, AURA_MANIFEST_ERROR, AURA_MANIFEST_ERROR_TOO_LARGE,
                   _ ("%s: larger than %d MB; split the list"), origin,
                   AURA_MANIFEST_MAX_BYTES / (1024 * 1024));
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, (gssize)size, &local))
    {
      g_set_error (error, AURA_MANIFEST_ERROR, AURA_MANIFEST_ERROR_PARSE,
                   _ ("%s: not valid JSON: %s"), origin, local->message);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, AURA_MANIFEST_ERROR, AURA_MANIFEST_ERROR_PARSE, _ ("%s: empty document"),
                   origin);
      return NULL;
    }
  return g_steal_pointer (&parser);
}

static char *
read_file (const char *path, gsize *length, GError **error)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFileInfo) info = NULL;
  char *contents = NULL;

  info =
      g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL, error);
  if (info == NULL)
    return NULL;
  if (g_file_info_get_size (info) > AURA_MANIFEST_MAX_BYTES)
    {
      g_set_error (error, AURA_MANIFEST_ERROR, AURA_MANIFEST_ERROR_TOO_LARGE,
                   _ ("%s: larger than %d MB; split the list"), path,
                   AURA_MANIFEST_MAX_BYTES / (1024 * 1024));
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, length, error))
    return NULL;
  return contents;
}

/* Adds @site to @list unless a site of that name came earlier. */
static void
keep_site (AuraSiteList *list, AuraSiteReport *report, AuraSite *site)
{
  if (aura_site_list_lookup (list, site->name) != NULL)
    {
      aura_site_report_add (report, site->name, _ ("a site of the same name comes earlier"));
      return;
    }
  aura_site_list_add (list, site);
  report->mapped++;
}

static gboolean
check_count (guint count, const char *origin, GError **error)
{
  if (count > AURA_MANIFEST_MAX_SITES)
    {
      g_set_error (error, AURA_MANIFEST_ERROR, AURA_MANIFEST_ERROR_TOO_LARGE,
                   _ ("%s: more than %d sites"), origin, AURA_MANIFEST_MAX_SITES);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_aura (JsonObject *root,
           const char *origin,
           AuraSiteList *list,
           AuraSiteReport *report,
           GError **error)
{
  static const char *const known[] = { "format", "version", "name", "description", "sites", NULL };
  JsonNode *sites = json_object_get_member (root, "sites");
  JsonNode *version = json_object_get_member (root, "version");
  g_autoptr (GList) members = json_object_get_members (root);
  JsonArray *array;

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (known, l->data) && *(const char *)l->data != '_')
      {
        g_set_error (error, AURA_MANIFEST_ERROR, AURA_MANIFEST_ERROR_FORMAT,
                     _ ("%s: unknown top-level field “%s”"), origin, (const char *)l->data);
        return FALSE;
      }
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) ||
      json_node_get_value_type (version) != G_TYPE_INT64 || json_node_get_int (version) != 1)
    {
      g_set_error (error, AURA_MANIFEST_ERROR, AURA_MANIFEST_ERROR_FORMAT,
                   _ ("%s: “version” must be 1 (a newer Aura may have written this file)"), origin);
      return FALSE;
    }
  if (sites == NULL || !JSON_NODE_HOLDS_ARRAY (sites))
    {
      g_set_error (error, AURA_MANIFEST_ERROR, AURA_MANIFEST_ERROR_FORMAT,
                   _ ("%s: “sites” must be a list"), origin);
      return FALSE;
    }
  array = json_node_get_array (sites);
  if (!check_count (json_array_get_length (array), origin, error))
    return FALSE;
  report->total = json_array_get_length (array);
  for (guint i = 0; i < report->total; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autoptr (GError) local = NULL;
      g_autoptr (AuraSite) site = NULL;
      g_autofree char *label = g_strdup_printf ("#%u", i + 1);
      const char *name = label;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_autofree char *message =
              g_strdup_printf (_ ("%s: site %s: must be an object"), origin, label);

          aura_site_report_add (report, label, message);
          continue;
        }
      name =
          json_object_get_string_member_with_default (json_node_get_object (node), "name", label);
      site = aura_site_from_json (json_node_get_object (node), origin, &local);
      if (site == NULL)
        aura_site_report_add (report, name, local->message);
      else
        keep_site (list, report, site);
    }
  return TRUE;
}

/* One translated community entry through Aura's parser. */
static void
import_entry (AuraSiteList *list,
              AuraSiteReport *report,
              const char *origin,
              const char *name,
              JsonObject *translated,
              const char *reason)
{
  g_autoptr (GError) local = NULL;
  g_autoptr (AuraSite) site = NULL;

  if (translated == NULL)
    {
      aura_site_report_add (report, name, reason != NULL ? reason : _ ("cannot be mapped"));
      return;
    }
  site = aura_site_from_json (translated, origin, &local);
  if (site == NULL)
    aura_site_report_add (report, name, local->message);
  else
    keep_site (list, report, site);
}

static gboolean
read_sherlock (JsonObject *root, const char *origin, AuraSiteList *list, AuraSiteReport *report)
{
  g_autoptr (GList) members = json_object_get_members (root);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *node = json_object_get_member (root, name);
      g_autofree char *reason = NULL;
      g_autoptr (JsonObject) translated = NULL;

      if (name[0] == '$')
        continue;
      report->total++;
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          aura_site_report_add (report, name, _ ("not an object"));
          continue;
        }
      translated = aura_import_sherlock_site (name, json_node_get_object (node), &reason);
      import_entry (list, report, origin, name, translated, reason);
    }
  return TRUE;
}

static gboolean
read_maigret (JsonObject *root, const char *origin, AuraSiteList *list, AuraSiteReport *report)
{
  JsonObject *sites = json_object_get_object_member (root, "sites");
  JsonNode *engines = json_object_get_member (root, "engines");
  g_autoptr (GList) members = json_object_get_members (sites);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *node = json_object_get_member (sites, name);
      g_autofree char *reason = NULL;
      g_autoptr (JsonObject) translated = NULL;

      report->total++;
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          aura_site_report_add (report, name, _ ("not an object"));
          continue;
        }
      translated = aura_import_maigret_site (name, json_node_get_object (node),
                                             engines != NULL && JSON_NODE_HOLDS_OBJECT (engines)
                                                 ? json_node_get_object (engines)
                                                 : NULL,
                                             &reason);
      import_entry (list, report, origin, name, translated, reason);
    }
  return TRUE;
}

static gboolean
read_wmn (JsonObject *root, const char *origin, AuraSiteList *list, AuraSiteReport *report)
{
  JsonArray *sites = json_object_get_array_member (root, "sites");

  for (guint i = 0; i < json_array_get_length (sites); i++)
    {
      JsonNode *node = json_array_get_element (sites, i);
      g_autofree char *reason = NULL;
      g_autofree char *name = NULL;
      g_autofree char *label = g_strdup_printf ("#%u", i + 1);
      g_autoptr (JsonObject) translated = NULL;

      report->total++;
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          aura_site_report_add (report, label, _ ("not an object"));
          continue;
        }
      translated = aura_import_wmn_site (json_node_get_object (node), &name, &reason);
      import_entry (list, report, origin, name != NULL ? name : label, translated, reason);
    }
  return TRUE;
}

static guint
count_entries (JsonObject *root, AuraSiteFormat format)
{
  switch (format)
    {
      case AURA_SITE_FORMAT_SHERLOCK:
        return json_object_get_size (root);
      case AURA_SITE_FORMAT_MAIGRET:
        return json_object_get_size (json_object_get_object_member (root, "sites"));
      case AURA_SITE_FORMAT_WHATSMYNAME:
        return json_array_get_length (json_object_get_array_member (root, "sites"));
      case AURA_SITE_FORMAT_AURA:
      case AURA_SITE_FORMAT_UNKNOWN:
      default:
        return 0;
    }
}

static AuraSiteList *
read_document (const char *data,
               gssize length,
               const char *origin,
               gboolean aura_only,
               AuraSiteReport **out_report,
               GError **error)
{
  g_autoptr (JsonParser) parser = parse_document (data, length, origin, error);
  g_autoptr (AuraSiteList) list = aura_site_list_new ();
  g_autoptr (AuraSiteReport) report = aura_site_report_new ();
  JsonObject *root;
  gboolean ok = FALSE;

  if (parser == NULL)
    return NULL;
  report->format = aura_site_format_detect (json_parser_get_root (parser));
  if (report->format == AURA_SITE_FORMAT_UNKNOWN)
    {
      g_set_error (error, AURA_MANIFEST_ERROR, AURA_MANIFEST_ERROR_FORMAT,
                   _ ("%s: not a site list Aura knows (Aura, Sherlock, Maigret or WhatsMyName)"),
                   origin);
      return NULL;
    }
  if (aura_only && report->format != AURA_SITE_FORMAT_AURA)
    {
      g_set_error (error, AURA_MANIFEST_ERROR, AURA_MANIFEST_ERROR_FORMAT,
                   _ ("%s: a %s list, not Aura’s format; import it first"), origin,
                   aura_site_format_to_string (report->format));
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (parser));
  if (!check_count (count_entries (root, report->format), origin, error))
    return NULL;
  switch (report->format)
    {
      case AURA_SITE_FORMAT_AURA:
        ok = read_aura (root, origin, list, report, error);
        break;
      case AURA_SITE_FORMAT_SHERLOCK:
        ok = read_sherlock (root, origin, list, report);
        break;
      case AURA_SITE_FORMAT_MAIGRET:
        ok = read_maigret (root, origin, list, report);
        break;
      case AURA_SITE_FORMAT_WHATSMYNAME:
        ok = read_wmn (root, origin, list, report);
        break;
      case AURA_SITE_FORMAT_UNKNOWN:
      default:
        g_assert_not_reached ();
    }
  if (out_report != NULL)
    *out_report = g_steal_pointer (&report);
  return ok ? g_steal_pointer (&list) : NULL;
}

static AuraSiteList *
load_strict (AuraSiteList *list, AuraSiteReport *report, const char *origin, GError **error)
{
  AuraSiteProblem *first;

  if (list == NULL || report->problems->len == 0)
    return list;
  first = g_ptr_array_index (report->problems, 0);
  if (report->problems->len == 1)
    g_set_error_literal (error, AURA_MANIFEST_ERROR, AURA_MANIFEST_ERROR_INVALID, first->message);
  else
    g_set_error (error, AURA_MANIFEST_ERROR, AURA_MANIFEST_ERROR_INVALID,
                 g_dngettext (GETTEXT_PACKAGE, "%s (and %u more problem)",
                              "%s (and %u more problems)", report->problems->len - 1),
                 first->message, report->problems->len - 1);
  g_object_unref (list);
  return NULL;
}

AuraSiteList *
aura_site_list_load_data (const char *data,
                          gssize length,
                          const char *origin,
                          AuraSiteReport **out_report,
                          GError **error)
{
  AuraSiteReport *report = NULL;
  AuraSiteList *list;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  list = read_document (data, length, origin ? origin : "-", TRUE, &report, error);
  if (report != NULL)
    list = load_strict (list, report, origin, error);
  if (out_report != NULL)
    *out_report = report;
  else
    aura_site_report_free (report);
  return list;
}

AuraSiteList *
aura_site_list_load_file (const char *path, AuraSiteReport **out_report, GError **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);
  if (out_report != NULL)
    *out_report = NULL;
  if ((contents = read_file (path, &length, error)) == NULL)
    return NULL;
  return aura_site_list_load_data (contents, (gssize)length, path, out_report, error);
}

AuraSiteList *
aura_site_list_import_data (const char *data,
                            gssize length,
                            const char *origin,
                            AuraSiteReport **out_report,
                            GError **error)
{
  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  if (out_report != NULL)
    *out_report = NULL;
  return read_document (data, length, origin ? origin : "-", FALSE, out_report, error);
}

AuraSiteList *
aura_site_list_import_file (const char *path, AuraSiteReport **out_report, GError **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);
  if (out_report != NULL)
    *out_report = NULL;
  if ((contents = read_file (path, &length, error)) == NULL)
    return NULL;
  return aura_site_list_import_data (contents, (gssize)length, path, out_report, error);
}

/* Writing. */

JsonNode *
aura_site_list_to_json (AuraSiteList *self)
{
  JsonObject *root = json_object_new ();
  JsonArray *sites = json_array_sized_new (self->sites->len);

  g_return_val_if_fail (AURA_IS_SITE_LIST (self), NULL);
  json_object_set_string_member (root, "format", "aura-sites");
  json_object_set_int_member (root, "version", 1);
  for (guint i = 0; i < self->sites->len; i++)
    json_array_add_element (sites, aura_site_to_json (g_ptr_array_index (self->sites, i)));
  json_object_set_array_member (root, "sites", sites);
  return json_node_init_object (json_node_alloc (), root);
}

char *
aura_site_list_to_data (AuraSiteList *self, gsize *length)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (JsonGenerator) generator = json_generator_new ();

  g_return_val_if_fail (AURA_IS_SITE_LIST (self), NULL);
  root = aura_site_list_to_json (self);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  return json_generator_to_data (generator, length);
}

gboolean
aura_site_list_save_file (AuraSiteList *self, const char *path, GError **error)
{
  g_autofree char *data = NULL;
  g_autofree char *dir = NULL;
  gsize length = 0;

  g_return_val_if_fail (AURA_IS_SITE_LIST (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  data = aura_site_list_to_data (self, &length);
  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _ ("Cannot create the folder “%s”: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  /* g_file_set_contents() writes a temporary file and renames it: a
   * failure leaves the old list as it was. */
  return g_file_set_contents_full (path, data, (gssize)length, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                   error);
}

/* Where lists live. */

char *
aura_site_list_get_bundled_path (void)
{
  const char *env = g_getenv ("AURA_SITES_BUNDLED");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (PKGDATADIR, "sites", "aura-sites.json", NULL);
}

char *
aura_site_list_get_user_dir (void)
{
  const char *env = g_getenv ("AURA_SITES_DIR");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "aura", "sites", NULL);
}

/* g_ptr_array_sort() hands the comparison pointers to the elements. */
static int
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *)a, *(const char *const *)b);
}

static gboolean
merge_user_dir (AuraSiteList *list, AuraSiteReport *report, GError **error)
{
  g_autofree char *dir_path = aura_site_list_get_user_dir ();
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return TRUE;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir_path, g_ptr_array_index (names, i), NULL);
      g_autoptr (GError) local = NULL;
      g_autoptr (AuraSiteList) user = aura_site_list_load_file (path, NULL, &local);

      if (user == NULL)
        {
          aura_site_report_add (report, NULL, local->message);
          continue;
        }
      aura_site_list_merge (list, user);
    }
  return TRUE;
}

AuraSiteList *
aura_site_list_load_default (AuraSiteReport **out_report, GError **error)
{
  g_autofree char *bundled = aura_site_list_get_bundled_path ();
  g_autoptr (AuraSiteReport) report = aura_site_report_new ();
  g_autoptr (AuraSiteList) list = aura_site_list_load_file (bundled, NULL, error);

  if (list == NULL)
    return NULL;
  if (!merge_user_dir (list, report, error))
    return NULL;
  report->format = AURA_SITE_FORMAT_AURA;
  report->total = report->mapped = aura_site_list_get_n_sites (list);
  if (out_report != NULL)
    *out_report = g_steal_pointer (&report);
  return g_steal_pointer (&list);
}
