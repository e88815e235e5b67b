/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-rdap"
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "aura-rdap-private.h"

/* The IANA bootstrap files (RFC 9224):
 *
 *   {"version": "1.0", "publication": "…", "description": "…",
 *    "services": [[["com", "net"], ["https://rdap.example/com/v1/"]], …]}
 *
 * where the entries are top-level domains (dns.json), CIDR prefixes
 * (ipv4.json, ipv6.json) or AS number ranges "1-1876" (asn.json). Each file
 * is read from the user cache when it is there and valid, else from the
 * bundled copy. */

#define MAX_FILE_BYTES (16 * 1024 * 1024)
#define MAX_SERVICES 10000
#define MAX_ENTRIES 200000

static const char *const file_names[AURA_RDAP_N_REGISTRIES] = {
  [AURA_RDAP_REGISTRY_DNS] = "dns.json",
  [AURA_RDAP_REGISTRY_IPV4] = "ipv4.json",
  [AURA_RDAP_REGISTRY_IPV6] = "ipv6.json",
  [AURA_RDAP_REGISTRY_ASN] = "asn.json",
};

typedef struct
{
  guint8 bytes[16];
  guint prefix;
  guint service;
} Prefix;

typedef struct
{
  guint32 first;
  guint32 last;
  guint service;
} AsnRange;

/* One file, read. Services are GStrv of base URLs, https first. */
typedef struct
{
  GPtrArray *services;
  GHashTable *domains; /* label → service index + 1 */
  GArray *prefixes;    /* Prefix */
  GArray *asns;        /* AsnRange */
  char *publication;
} Table;

struct _AuraRdapBootstrap
{
  GObject parent_instance;

  Table tables[AURA_RDAP_N_REGISTRIES];
  char *paths[AURA_RDAP_N_REGISTRIES];
};

G_DEFINE_FINAL_TYPE (AuraRdapBootstrap, aura_rdap_bootstrap, G_TYPE_OBJECT)

const char *
aura_rdap_registry_get_file_name (AuraRdapRegistry registry)
{
  g_return_val_if_fail (registry < AURA_RDAP_N_REGISTRIES, NULL);
  return file_names[registry];
}

static void
table_init (Table *table)
{
  table->services = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  table->domains = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  table->prefixes = g_array_new (FALSE, FALSE, sizeof (Prefix));
  table->asns = g_array_new (FALSE, FALSE, sizeof (AsnRange));
}

static void
table_clear (Table *table)
{
  g_clear_pointer (&table->services, g_ptr_array_unref);
  g_clear_pointer (&table->domains, g_hash_table_unref);
  g_clear_pointer (&table->prefixes, g_array_unref);
  g_clear_pointer (&table->asns, g_array_unref);
  g_clear_pointer (&table->publication, g_free);
}

/* ---- Reading a file ------------------------------------------------------ */

static gboolean
fail (GError **error, AuraRdapRegistry registry, const char *what)
{
  g_set_error (error, AURA_RDAP_ERROR, AURA_RDAP_ERROR_BOOTSTRAP,
               _ ("The RDAP bootstrap file %s is not valid: %s"), file_names[registry], what);
  return FALSE;
}

static gboolean
valid_label (const char *label, gsize len)
{
  if (len == 0 || len > 63 || label[0] == '-' || label[len - 1] == '-')
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (label[i]) && label[i] != '-')
      return FALSE;
  return TRUE;
}

/* A domain entry: LDH labels, any case ("com", "co.uk", "XN--P1AI"). */
static char *
read_domain_entry (const char *text)
{
  g_autofree char *lower = g_ascii_strdown (text, -1);
  const char *p = lower;

  if (*lower == '\0' || strlen (lower) > 253)
    return NULL;
  while (TRUE)
    {
      const char *dot = strchr (p, '.');
      gsize len = dot != NULL ? (gsize)(dot - p) : strlen (p);

      if (!valid_label (p, len))
        return NULL;
      if (dot == NULL)
        break;
      p = dot + 1;
    }
  return g_steal_pointer (&lower);
}

static gboolean
read_prefix_entry (const char *text, AuraRdapRegistry registry, Prefix *out)
{
  guint bits = 0;

  if (strchr (text, '/') == NULL || !aura_rdap_parse_ip (text, out->bytes, &bits, &out->prefix))
    return FALSE;
  return bits == (registry == AURA_RDAP_REGISTRY_IPV4 ? 32 : 128);
}

static gboolean
read_asn_entry (const char *text, AsnRange *out)
{
  g_auto (GStrv) parts = g_strsplit (text, "-", 3);
  guint64 first = 0;
  guint64 last = 0;

  if (parts[0] == NULL || (parts[1] != NULL && parts[2] != NULL))
    return FALSE;
  if (!g_ascii_string_to_unsigned (parts[0], 10, 0, G_MAXUINT32, &first, NULL))
    return FALSE;
  last = first;
  if (parts[1] != NULL && !g_ascii_string_to_unsigned (parts[1], 10, 0, G_MAXUINT32, &last, NULL))
    return FALSE;
  if (last < first)
    return FALSE;
  out->first = (guint32)first;
  out->last = (guint32)last;
  return TRUE;
}

/* Base URLs, each ending in "/", https ones first. */
static GStrv
read_urls (JsonArray *array)
{
  g_autoptr (GPtrArray) secure = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) plain = g_ptr_array_new_with_free_func (g_free);
  guint n = json_array_get_length (array);

  for (guint i = 0; i < n && i < 16; i++)
    {
      const char *text = aura_rdap_json_string (json_array_get_element (array, i));
      g_autoptr (GUri) uri = NULL;
      gboolean https;

      if (text == NULL)
        return NULL;
      uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
      if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
        return NULL;
      https = g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0;
      if (!https && g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") != 0)
        return NULL;
      g_ptr_array_add (https ? secure : plain, g_str_has_suffix (text, "/")
                                                   ? g_strdup (text)
                                                   : g_strconcat (text, "/", NULL));
    }
  g_ptr_array_extend_and_steal (secure, g_steal_pointer (&plain));
  if (secure->len == 0)
    return NULL;
  return aura_rdap_strv_from_array (secure);
}

static gboolean
read_entry (Table *table, AuraRdapRegistry registry, const char *text, guint service)
{
  if (registry == AURA_RDAP_REGISTRY_DNS)
    {
      char *label = read_domain_entry (text);

      if (label == NULL)
        return FALSE;
      g_hash_table_replace (table->domains, label, GUINT_TO_POINTER (service + 1));
    }
  else if (registry == AURA_RDAP_REGISTRY_ASN)
    {
      AsnRange range = { .service = service };

      if (!read_asn_entry (text, &range))
        return FALSE;
      g_array_append_val (table->asns, range);
    }
  else
    {
      Prefix prefix = { .service = service };

      if (!read_prefix_entry (text, registry, &prefix))
        return FALSE;
      g_array_append_val (table->prefixes, prefix);
    }
  return TRUE;
}

static gboolean
read_service (
    Table *table, AuraRdapRegistry registry, JsonNode *node, guint *entries, GError **error)
{
  JsonArray *service;
  JsonNode *keys;
  JsonNode *urls;
  GStrv list;
  guint index = table->services->len;

  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) < 2)
    return fail (error, registry, _ ("a service is not a pair of lists"));
  service = json_node_get_array (node);
  keys = json_array_get_element (service, 0);
  urls = json_array_get_element (service, 1);
  if (!JSON_NODE_HOLDS_ARRAY (keys) || !JSON_NODE_HOLDS_ARRAY (urls))
    return fail (error, registry, _ ("a service is not a pair of lists"));
  list = read_urls (json_node_get_array (urls));
  if (list == NULL)
    return fail (error, registry, _ ("a service has no valid http or https URL"));
  g_ptr_array_add (table->services, list);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (keys)); i++)
    {
      const char *text =
          aura_rdap_json_string (json_array_get_element (json_node_get_array (keys), i));

      if (text == NULL || !read_entry (table, registry, text, index))
        {
          g_autofree char *what = g_strdup_printf (_ ("the entry “%s” cannot be read"),
                                                   text != NULL ? text : "(not a string)");
          return fail (error, registry, what);
        }
      if (++*entries > MAX_ENTRIES)
        return fail (error, registry, _ ("it lists too many entries"));
    }
  return TRUE;
}

static gboolean
read_table (Table *table, const char *data, gsize len, AuraRdapRegistry registry, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (GError) parse_error = NULL;
  JsonObject *root;
  JsonArray *services;
  const char *version;
  guint entries = 0;

  if (len == 0)
    return fail (error, registry, _ ("it is empty"));
  if (len > MAX_FILE_BYTES)
    return fail (error, registry, _ ("it is larger than 16 MiB"));
  if (!g_utf8_validate_len (data, len, NULL) || !aura_rdap_check_depth (data, len, 16))
    return fail (error, registry, _ ("it is not UTF-8 JSON of the expected shape"));
  if (!json_parser_load_from_data (parser, data, (gssize)len, &parse_error))
    return fail (error, registry, parse_error->message);
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return fail (error, registry, _ ("it is not a JSON object"));
  root = json_node_get_object (json_parser_get_root (parser));
  version = aura_rdap_member_string (root, "version");
  if (g_strcmp0 (version, "1.0") != 0)
    return fail (error, registry, _ ("its “version” is not “1.0”"));
  if (!json_object_has_member (root, "services") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "services")))
    return fail (error, registry, _ ("it has no “services” list"));
  services = json_object_get_array_member (root, "services");
  if (json_array_get_length (services) == 0)
    return fail (error, registry, _ ("its “services” list is empty"));
  if (json_array_get_length (services) > MAX_SERVICES)
    return fail (error, registry, _ ("it lists too many services"));
  for (guint i = 0; i < json_array_get_length (services); i++)
    if (!read_service (table, registry, json_array_get_element (services, i), &entries, error))
      return FALSE;
  table->publication = aura_rdap_clean (aura_rdap_member_string (root, "publication"), 64);
  return TRUE;
}

gboolean
aura_rdap_bootstrap_validate (
    const char *data, gsize len, AuraRdapRegistry registry, guint *out_n_services, GError **error)
{
  Table table = { 0 };
  gboolean ok;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (registry < AURA_RDAP_N_REGISTRIES, FALSE);

  table_init (&table);
  ok = read_table (&table, data, len, registry, error);
  if (ok && out_n_services != NULL)
    *out_n_services = table.services->len;
  table_clear (&table);
  return ok;
}

/* ---- Loading ------------------------------------------------------------- */

char *
aura_rdap_bootstrap_get_cache_dir (void)
{
  const char *env = g_getenv ("AURA_RDAP_CACHE_DIR");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_cache_dir (), "aura", "rdap", NULL);
}

char *
aura_rdap_bootstrap_get_bundled_dir (void)
{
  const char *env = g_getenv ("AURA_RDAP_BUNDLED_DIR");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (PKGDATADIR, "rdap", NULL);
}

static gboolean
load_file (Table *table, const char *path, AuraRdapRegistry registry, GError **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &data, &len, error))
    return FALSE;
  table_init (table);
  if (!read_table (table, data, len, registry, error))
    {
      table_clear (table);
      return FALSE;
    }
  return TRUE;
}

AuraRdapBootstrap *
aura_rdap_bootstrap_new_from_dirs (const char *cache_dir, const char *bundled_dir, GError **error)
{
  g_autoptr (AuraRdapBootstrap) self = NULL;

  g_return_val_if_fail (bundled_dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (AURA_TYPE_RDAP_BOOTSTRAP, NULL);
  for (guint r = 0; r < AURA_RDAP_N_REGISTRIES; r++)
    {
      g_autofree char *cached =
          cache_dir != NULL ? g_build_filename (cache_dir, file_names[r], NULL) : NULL;
      g_autofree char *bundled = g_build_filename (bundled_dir, file_names[r], NULL);
      g_autoptr (GError) cache_error = NULL;
      g_autoptr (GError) bundled_error = NULL;

      if (cached != NULL && g_file_test (cached, G_FILE_TEST_EXISTS))
        {
          if (load_file (&self->tables[r], cached, r, &cache_error))
            {
              self->paths[r] = g_steal_pointer (&cached);
              continue;
            }
          g_debug ("%s: %s; using the bundled copy", cached, cache_error->message);
        }
      if (!load_file (&self->tables[r], bundled, r, &bundled_error))
        {
          g_set_error (error, AURA_RDAP_ERROR, AURA_RDAP_ERROR_BOOTSTRAP,
                       _ ("No usable RDAP bootstrap file %s: %s. Reinstall Aura, or set "
                          "AURA_RDAP_BUNDLED_DIR to the folder that holds it"),
                       file_names[r], bundled_error->message);
          return NULL;
        }
      self->paths[r] = g_steal_pointer (&bundled);
    }
  return g_steal_pointer (&self);
}

AuraRdapBootstrap *
aura_rdap_bootstrap_new_default (GError **error)
{
  g_autofree char *cache_dir = aura_rdap_bootstrap_get_cache_dir ();
  g_autofree char *bundled_dir = aura_rdap_bootstrap_get_bundled_dir ();

  return aura_rdap_bootstrap_new_from_dirs (cache_dir, bundled_dir, error);
}

const char *
aura_rdap_bootstrap_get_path (AuraRdapBootstrap *self, AuraRdapRegistry registry)
{
  g_return_val_if_fail (AURA_IS_RDAP_BOOTSTRAP (self), NULL);
  g_return_val_if_fail (registry < AURA_RDAP_N_REGISTRIES, NULL);
  return self->paths[registry];
}

const char *
aura_rdap_bootstrap_get_publication (AuraRdapBootstrap *self, AuraRdapRegistry registry)
{
  g_return_val_if_fail (AURA_IS_RDAP_BOOTSTRAP (self), NULL);
  g_return_val_if_fail (registry < AURA_RDAP_N_REGISTRIES, NULL);
  return self->tables[registry].publication;
}

/* ---- Matching ------------------------------------------------------------ */

static GStrv
service_urls (Table *table, guint service)
{
  return g_strdupv (g_ptr_array_index (table->services, service));
}

/* Longest match: "example.co.uk" tries itself, "co.uk", then "uk". */
static GStrv
lookup_domain (AuraRdapBootstrap *self, const char *query, GError **error)
{
  Table *table = &self->tables[AURA_RDAP_REGISTRY_DNS];
  g_autofree char *name = aura_rdap_normalize_domain (query, error);
  const char *tld;

  if (name == NULL)
    return NULL;
  for (const char *p = name; p != NULL; p = strchr (p, '.') != NULL ? strchr (p, '.') + 1 : NULL)
    {
      guint service = GPOINTER_TO_UINT (g_hash_table_lookup (table->domains, p));

      if (service > 0)
        return service_urls (table, service - 1);
    }
  tld = strrchr (name, '.') != NULL ? strrchr (name, '.') + 1 : name;
  g_set_error (error, AURA_RDAP_ERROR, AURA_RDAP_ERROR_NO_SERVER,
               _ ("No RDAP server is known for “.%s” domains. The bundled bootstrap files are "
                  "a partial copy: refresh them from IANA, or the registry may not offer RDAP"),
               tld);
  return NULL;
}

static gboolean
prefix_matches (const Prefix *entry, const guint8 *bytes, guint prefix)
{
  guint whole = entry->prefix / 8;
  guint rest = entry->prefix % 8;

  if (entry->prefix > prefix || memcmp (entry->bytes, bytes, whole) != 0)
    return FALSE;
  if (rest == 0)
    return TRUE;
  return ((entry->bytes[whole] ^ bytes[whole]) & (0xff << (8 - rest))) == 0;
}

static GStrv
lookup_ip (AuraRdapBootstrap *self, const char *query, GError **error)
{
  guint8 bytes[16];
  guint bits = 0;
  guint prefix = 0;
  Table *table;
  const Prefix *best = NULL;

  if (!aura_rdap_parse_ip (query, bytes, &bits, &prefix))
    {
      g_set_error (error, AURA_RDAP_ERROR, AURA_RDAP_ERROR_INVALID_QUERY,
                   _ ("“%s” is not an IP address or network (such as 192.0.2.1, "
                      "2001:db8::/32)"),
                   query);
      return NULL;
    }
  table = &self->tables[bits == 32 ? AURA_RDAP_REGISTRY_IPV4 : AURA_RDAP_REGISTRY_IPV6];
  for (guint i = 0; i < table->prefixes->len; i++)
    {
      const Prefix *entry = &g_array_index (table->prefixes, Prefix, i);

      if (prefix_matches (entry, bytes, prefix) && (best == NULL || entry->prefix > best->prefix))
        best = entry;
    }
  if (best != NULL)
    return service_urls (table, best->service);
  g_set_error (error, AURA_RDAP_ERROR, AURA_RDAP_ERROR_NO_SERVER,
               _ ("No RDAP server is known for %s. The bundled bootstrap files are a partial "
                  "copy: refresh them from IANA"),
               query);
  return NULL;
}

static GStrv
lookup_asn (AuraRdapBootstrap *self, const char *query, GError **error)
{
  Table *table = &self->tables[AURA_RDAP_REGISTRY_ASN];
  const AsnRange *best = NULL;
  guint32 asn;

  if (!aura_rdap_parse_asn (query, &asn))
    {
      g_set_error (error, AURA_RDAP_ERROR, AURA_RDAP_ERROR_INVALID_QUERY,
                   _ ("“%s” is not an AS number (such as AS13335 or 13335)"), query);
      return NULL;
    }
  for (guint i = 0; i < table->asns->len; i++)
    {
      const AsnRange *range = &g_array_index (table->asns, AsnRange, i);

      if (asn >= range->first && asn <= range->last &&
          (best == NULL || range->last - range->first < best->last - best->first))
        best = range;
    }
  if (best != NULL)
    return service_urls (table, best->service);
  g_set_error (error, AURA_RDAP_ERROR, AURA_RDAP_ERROR_NO_SERVER,
               _ ("No RDAP server is known for AS%u. The bundled bootstrap files are a partial "
                  "copy: refresh them from IANA"),
               asn);
  return NULL;
}

GStrv
aura_rdap_bootstrap_lookup (AuraRdapBootstrap *self,
                            AuraRdapKind kind,
                            const char *query,
                            GError **error)
{
  g_return_val_if_fail (AURA_IS_RDAP_BOOTSTRAP (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  switch (kind)
    {
      case AURA_RDAP_KIND_DOMAIN:
        return lookup_domain (self, query, error);
      case AURA_RDAP_KIND_IP:
        return lookup_ip (self, query, error);
      case AURA_RDAP_KIND_AUTNUM:
        return lookup_asn (self, query, error);
      default:
        g_return_val_if_reached (NULL);
    }
}

/* ---- Object -------------------------------------------------------------- */

static void
aura_rdap_bootstrap_finalize (GObject *object)
{
  AuraRdapBootstrap *self = AURA_RDAP_BOOTSTRAP (object);

  for (guint r = 0; r < AURA_RDAP_N_REGISTRIES; r++)
    {
      table_clear (&self->tables[r]);
      g_free (self->paths[r]);
    }
  G_OBJECT_CLASS (aura_rdap_bootstrap_parent_class)->finalize (object);
}

static void
aura_rdap_bootstrap_class_init (AuraRdapBootstrapClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = aura_rdap_bootstrap_finalize;
}

static void
aura_rdap_bootstrap_init (AuraRdapBootstrap *self)
{
}
