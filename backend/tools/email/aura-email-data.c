/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-email"
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "aura-email-private.h"

/* The data behind the email tools: providers.json, disposable.txt and
 * roles.txt (formats in README.md). Loaded once, then only read, so one
 * copy serves every thread. */

struct _AuraEmailData
{
  gatomicrefcount ref_count;
  GPtrArray *providers;   /* AuraEmailProvider, in file order */
  GHashTable *by_domain;  /* domain → AuraEmailProvider (borrowed) */
  GHashTable *disposable; /* domain → itself */
  GHashTable *roles;      /* local part → itself */
};

G_DEFINE_QUARK (aura - email - error - quark, aura_email_error)

static const char *const kind_names[] = {
  [AURA_EMAIL_PROVIDER_FREE_WEBMAIL] = "free-webmail",
  [AURA_EMAIL_PROVIDER_PRIVACY] = "privacy",
  [AURA_EMAIL_PROVIDER_ISP] = "isp",
  [AURA_EMAIL_PROVIDER_CORPORATE_SUITE] = "corporate-suite",
  [AURA_EMAIL_PROVIDER_HOSTING] = "hosting",
  [AURA_EMAIL_PROVIDER_SECURITY_GATEWAY] = "security-gateway",
  [AURA_EMAIL_PROVIDER_EDUCATION] = "education",
  [AURA_EMAIL_PROVIDER_DISPOSABLE] = "disposable",
};

const char *
aura_email_provider_kind_to_string (AuraEmailProviderKind kind)
{
  g_return_val_if_fail ((guint)kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

gboolean
aura_email_provider_kind_from_string (const char *text, AuraEmailProviderKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (text, kind_names[i]) == 0)
      {
        *kind = (AuraEmailProviderKind)i;
        return TRUE;
      }
  return FALSE;
}

static void
provider_free (AuraEmailProvider *provider)
{
  g_free (provider->id);
  g_free (provider->name);
  g_strfreev (provider->domains);
  g_strfreev (provider->mx_patterns);
  g_free (provider->tag_separators);
  g_free (provider->canonical_domain);
  g_free (provider);
}

static gboolean data_error (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
data_error (GError **error, const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, AURA_EMAIL_ERROR, AURA_EMAIL_ERROR_DATA, message);
  return FALSE;
}

/* A domain of the data files: a host name with a dot (unless
 * @single_label), no "_" nor "*", returned in lower-case A-labels. */
static char *
check_domain (const char *text, gboolean single_label, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *name = NULL;

  if (strpbrk (text, " \t_*/@:") != NULL)
    {
      g_set_error (error, AURA_EMAIL_ERROR, AURA_EMAIL_ERROR_DATA, _ ("“%s” is not a domain name"),
                   text);
      return NULL;
    }
  name = aura_dns_normalize_name (text, &local_error);
  if (name == NULL)
    {
      g_set_error_literal (error, AURA_EMAIL_ERROR, AURA_EMAIL_ERROR_DATA, local_error->message);
      return NULL;
    }
  if (name[0] == '-' || strstr (name, "-.") != NULL || strstr (name, ".-") != NULL ||
      g_str_has_suffix (name, "-"))
    {
      g_set_error (error, AURA_EMAIL_ERROR, AURA_EMAIL_ERROR_DATA,
                   _ ("“%s” is not a domain name: a part cannot start or end with “-”"), text);
      return NULL;
    }
  if (!single_label && strchr (name, '.') == NULL)
    {
      g_set_error (error, AURA_EMAIL_ERROR, AURA_EMAIL_ERROR_DATA,
                   _ ("“%s” has no dot; a mail domain looks like “example.com”"), text);
      return NULL;
    }
  return g_steal_pointer (&name);
}

static char *
data_domain (const char *text, GError **error)
{
  return check_domain (text, FALSE, error);
}

/* ---- providers.json ------------------------------------------------------ */

static char **
read_domains (JsonObject *object, const char *member, gboolean patterns, GError **error)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strv_builder_end (builder);
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      data_error (error, _ ("“%s” must be a list of strings"), member);
      return NULL;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *text;
      g_autofree char *domain = NULL;
      gboolean wildcard;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        {
          data_error (error, _ ("“%s” must be a list of strings"), member);
          return NULL;
        }
      text = json_node_get_string (element);
      wildcard = patterns && g_str_has_prefix (text, "*.");
      /* Providers may name a whole top-level domain ("edu"). */
      domain = check_domain (wildcard ? text + 2 : text, !patterns, error);
      if (domain == NULL)
        return NULL;
      if (wildcard)
        {
          g_autofree char *pattern = g_strconcat ("*.", domain, NULL);

          g_strv_builder_add (builder, pattern);
        }
      else
        g_strv_builder_add (builder, domain);
    }
  return g_strv_builder_end (builder);
}

static const char *
read_string (JsonObject *object, const char *member, gboolean required, GError **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        data_error (error, _ ("“%s” is missing"), member);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      *json_node_get_string (node) == '\0')
    {
      data_error (error, _ ("“%s” must be a non-empty string"), member);
      return NULL;
    }
  return json_node_get_string (node);
}

static gboolean
read_canonical (AuraEmailProvider *provider, JsonObject *object, GError **error)
{
  JsonNode *node = json_object_get_member (object, "canonical");
  JsonObject *rules;
  const char *separators;
  const char *domain;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return data_error (error, _ ("“canonical” must be an object"));
  rules = json_node_get_object (node);
  provider->lowercase = json_object_get_boolean_member_with_default (rules, "lowercase", TRUE);
  provider->strip_dots = json_object_get_boolean_member_with_default (rules, "strip_dots", FALSE);
  if (json_object_has_member (rules, "tag_separators"))
    {
      separators = read_string (rules, "tag_separators", TRUE, error);
      if (separators == NULL)
        return FALSE;
      for (const char *p = separators; *p != '\0'; p++)
        if (!g_ascii_ispunct (*p) || *p == '.' || *p == '"' || *p == '@')
          return data_error (error, _ ("“%c” cannot separate a sub-address"), *p);
      provider->tag_separators = g_strdup (separators);
    }
  if (json_object_has_member (rules, "domain"))
    {
      domain = read_string (rules, "domain", TRUE, error);
      if (domain == NULL || (provider->canonical_domain = data_domain (domain, error)) == NULL)
        return FALSE;
    }
  return TRUE;
}

static AuraEmailProvider *
read_provider (JsonNode *node, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  AuraEmailProvider *provider;
  JsonObject *object;
  const char *kind;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      data_error (error, _ ("each provider must be an object"));
      return NULL;
    }
  object = json_node_get_object (node);
  provider = g_new0 (AuraEmailProvider, 1);
  provider->lowercase = TRUE;
  if ((provider->id = g_strdup (read_string (object, "id", TRUE, &local_error))) == NULL ||
      (provider->name = g_strdup (read_string (object, "name", TRUE, &local_error))) == NULL ||
      (kind = read_string (object, "kind", TRUE, &local_error)) == NULL)
    goto failed;
  if (!aura_email_provider_kind_from_string (kind, &provider->kind))
    {
      data_error (&local_error, _ ("the kind “%s” is not one of those README.md lists"), kind);
      goto failed;
    }
  if ((provider->domains = read_domains (object, "domains", FALSE, &local_error)) == NULL ||
      (provider->mx_patterns = read_domains (object, "mx", TRUE, &local_error)) == NULL ||
      !read_canonical (provider, object, &local_error))
    goto failed;
  if (provider->domains[0] == NULL && provider->mx_patterns[0] == NULL)
    {
      data_error (&local_error, _ ("it has neither domains nor MX patterns"));
      goto failed;
    }
  return provider;

failed:
  data_error (error, _ ("provider “%s”: %s"), provider->id != NULL ? provider->id : "?",
              local_error->message);
  provider_free (provider);
  return NULL;
}

static gboolean
load_providers (AuraEmailData *data, const char *text, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) local_error = NULL;
  JsonNode *root;
  JsonNode *list;

  if (!json_parser_load_from_data (parser, text, -1, &local_error))
    return data_error (error, _ ("providers.json is not valid JSON: %s"), local_error->message);
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (list = json_object_get_member (json_node_get_object (root), "providers")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (list))
    return data_error (error, _ ("providers.json must be an object with a “providers” list"));
  for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
    {
      AuraEmailProvider *provider =
          read_provider (json_array_get_element (json_node_get_array (list), i), &local_error);

      if (provider == NULL)
        return data_error (error, "providers.json: %s", local_error->message);
      if (aura_email_data_get_provider (data, provider->id) != NULL)
        {
          data_error (error, _ ("providers.json: the id “%s” is used twice"), provider->id);
          provider_free (provider);
          return FALSE;
        }
      g_ptr_array_add (data->providers, provider);
      for (guint d = 0; provider->domains[d] != NULL; d++)
        {
          if (g_hash_table_contains (data->by_domain, provider->domains[d]))
            return data_error (error, _ ("providers.json: the domain “%s” is listed twice"),
                               provider->domains[d]);
          g_hash_table_insert (data->by_domain, provider->domains[d], provider);
        }
    }
  return TRUE;
}

/* ---- Text lists ------------------------------------------------------------ */

typedef char *(*EntryReader) (const char *text, GError **error);

static char *
role_entry (const char *text, GError **error)
{
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr (".-_", *p) == NULL)
      {
        g_set_error (error, AURA_EMAIL_ERROR, AURA_EMAIL_ERROR_DATA,
                     _ ("“%s” is not a local part (only letters, digits, “.”, “-” and “_”)"), text);
        return NULL;
      }
  return g_ascii_strdown (text, -1);
}

/* One entry a line; "#" starts a comment, blank lines are skipped. */
static gboolean
load_list (GHashTable *set, const char *file, const char *text, EntryReader reader, GError **error)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);

  if (!g_utf8_validate (text, -1, NULL))
    return data_error (error, _ ("%s is not UTF-8 text"), file);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr (GError) local_error = NULL;
      char *hash = strchr (lines[i], '#');
      char *entry;

      if (hash != NULL)
        *hash = '\0';
      g_strstrip (lines[i]);
      if (*lines[i] == '\0')
        continue;
      entry = reader (lines[i], &local_error);
      if (entry == NULL)
        return data_error (error, _ ("%s, line %u: %s"), file, i + 1, local_error->message);
      g_hash_table_add (set, entry);
    }
  return TRUE;
}

/* ---- The data --------------------------------------------------------------- */

AuraEmailData *
aura_email_data_new_from_text (const char *providers_json,
                               const char *disposable,
                               const char *roles,
                               GError **error)
{
  AuraEmailData *data = g_new0 (AuraEmailData, 1);

  g_atomic_ref_count_init (&data->ref_count);
  data->providers = g_ptr_array_new_with_free_func ((GDestroyNotify)provider_free);
  data->by_domain = g_hash_table_new (g_str_hash, g_str_equal);
  data->disposable = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  data->roles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if ((providers_json != NULL && !load_providers (data, providers_json, error)) ||
      (disposable != NULL &&
       !load_list (data->disposable, "disposable.txt", disposable, data_domain, error)) ||
      (roles != NULL && !load_list (data->roles, "roles.txt", roles, role_entry, error)))
    {
      aura_email_data_unref (data);
      return NULL;
    }
  return data;
}

AuraEmailData *
aura_email_data_load_dir (const char *dir, GError **error)
{
  static const char *const names[] = { "providers.json", "disposable.txt", "roles.txt" };
  char *texts[G_N_ELEMENTS (names)] = { NULL };
  AuraEmailData *data;

  g_return_val_if_fail (dir != NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_autoptr (GError) local_error = NULL;

      if (!g_file_get_contents (path, &texts[i], NULL, &local_error))
        {
          data_error (error, _ ("cannot read the email data file %s: %s"), path,
                      local_error->message);
          for (guint j = 0; j < i; j++)
            g_free (texts[j]);
          return NULL;
        }
    }
  data = aura_email_data_new_from_text (texts[0], texts[1], texts[2], error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_free (texts[i]);
  return data;
}

char *
aura_email_data_get_bundled_dir (void)
{
  const char *env = g_getenv ("AURA_EMAIL_DATA_DIR");
  const char *root = g_getenv ("AURA_SOURCE_ROOT");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  if (root != NULL && *root != '\0')
    {
      g_autofree char *dir = g_build_filename (root, "data", "email", NULL);

      if (g_file_test (dir, G_FILE_TEST_IS_DIR))
        return g_steal_pointer (&dir);
    }
  return g_build_filename (PKGDATADIR, "email", NULL);
}

static AuraEmailData *default_data;
static GError *default_error;

AuraEmailData *
aura_email_data_get_default (GError **error)
{
  static gsize loaded;

  if (g_once_init_enter (&loaded))
    {
      g_autofree char *dir = aura_email_data_get_bundled_dir ();

      default_data = aura_email_data_load_dir (dir, &default_error);
      g_once_init_leave (&loaded, 1);
    }
  if (default_data == NULL && error != NULL)
    *error = g_error_copy (default_error);
  return default_data;
}

AuraEmailData *
aura_email_data_ref (AuraEmailData *data)
{
  g_return_val_if_fail (data != NULL, NULL);
  g_atomic_ref_count_inc (&data->ref_count);
  return data;
}

void
aura_email_data_unref (AuraEmailData *data)
{
  g_return_if_fail (data != NULL);
  if (!g_atomic_ref_count_dec (&data->ref_count))
    return;
  g_hash_table_unref (data->by_domain);
  g_ptr_array_unref (data->providers);
  g_hash_table_unref (data->disposable);
  g_hash_table_unref (data->roles);
  g_free (data);
}

/* Looks @domain, then each parent below the top-level label, up in @table. */
static gpointer
lookup_with_parents (GHashTable *table, const char *domain, const char **out_key)
{
  g_autofree char *lower = g_ascii_strdown (domain, -1);
  gsize len = strlen (lower);
  const char *name = lower;

  if (len > 0 && lower[len - 1] == '.')
    lower[len - 1] = '\0';
  while (name != NULL && *name != '\0')
    {
      gpointer key;
      gpointer value;

      if (g_hash_table_lookup_extended (table, name, &key, &value))
        {
          if (out_key != NULL)
            *out_key = key;
          return value;
        }
      name = strchr (name, '.') != NULL ? strchr (name, '.') + 1 : NULL;
    }
  return NULL;
}

const AuraEmailProvider *
aura_email_data_lookup_domain (AuraEmailData *data, const char *domain)
{
  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (domain != NULL, NULL);
  return lookup_with_parents (data->by_domain, domain, NULL);
}

static gboolean
pattern_matches (const char *pattern, const char *host)
{
  gsize host_len = strlen (host);
  gsize suffix_len;

  if (!g_str_has_prefix (pattern, "*."))
    return g_ascii_strcasecmp (pattern, host) == 0;
  suffix_len = strlen (pattern + 1);
  return host_len > suffix_len &&
         g_ascii_strcasecmp (host + host_len - suffix_len, pattern + 1) == 0;
}

const AuraEmailProvider *
aura_email_data_lookup_mx (AuraEmailData *data, const char *const *mx_hosts)
{
  g_return_val_if_fail (data != NULL, NULL);
  for (guint i = 0; i < data->providers->len; i++)
    {
      AuraEmailProvider *provider = data->providers->pdata[i];

      for (guint h = 0; mx_hosts != NULL && mx_hosts[h] != NULL; h++)
        {
          g_autofree char *host = g_strdup (mx_hosts[h]);
          gsize len = strlen (host);

          if (len > 0 && host[len - 1] == '.')
            host[len - 1] = '\0';
          for (guint p = 0; provider->mx_patterns[p] != NULL; p++)
            if (pattern_matches (provider->mx_patterns[p], host))
              return provider;
        }
    }
  return NULL;
}

const AuraEmailProvider *
aura_email_data_get_provider (AuraEmailData *data, const char *id)
{
  g_return_val_if_fail (data != NULL, NULL);
  for (guint i = 0; i < data->providers->len; i++)
    {
      AuraEmailProvider *provider = data->providers->pdata[i];

      if (g_strcmp0 (provider->id, id) == 0)
        return provider;
    }
  return NULL;
}

guint
aura_email_data_get_n_providers (AuraEmailData *data)
{
  g_return_val_if_fail (data != NULL, 0);
  return data->providers->len;
}

const char *
aura_email_data_match_disposable (AuraEmailData *data, const char *domain)
{
  const char *key = NULL;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (domain != NULL, NULL);
  lookup_with_parents (data->disposable, domain, &key);
  return key;
}

guint
aura_email_data_get_n_disposable (AuraEmailData *data)
{
  g_return_val_if_fail (data != NULL, 0);
  return g_hash_table_size (data->disposable);
}

gboolean
aura_email_data_is_role (AuraEmailData *data, const char *local)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (local != NULL, FALSE);
  lower = g_ascii_strdown (local, -1);
  return g_hash_table_contains (data->roles, lower);
}

/* ---- Small helpers shared by the lookups ------------------------------------- */

char *
aura_email_snippet (const char *text, gsize len)
{
  GString *out = g_string_new (NULL);
  const char *end = text + len;

  for (const char *p = text; p < end && out->len < 160;)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (c == (gunichar)-1 || c == (gunichar)-2)
        {
          p++;
          continue;
        }
      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        {
          if (out->len > 0 && out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
        }
      else
        g_string_append_unichar (out, c);
      p = g_utf8_next_char (p);
    }
  if (out->len >= 160)
    g_string_append (out, "…");
  return g_strstrip (g_string_free (out, FALSE));
}

char *
aura_email_redact (const char *text, const char *secret)
{
  GString *out;

  if (text == NULL)
    return NULL;
  if (secret == NULL || *secret == '\0')
    return g_strdup (text);
  out = g_string_new (text);
  g_string_replace (out, secret, "[key]", 0);
  return g_string_free (out, FALSE);
}

char *
aura_email_join_url (const char *base, const char *rest)
{
  gsize len = strlen (base);

  while (*rest == '/')
    rest++;
  if (len > 0 && base[len - 1] == '/')
    return g_strconcat (base, rest, NULL);
  return g_strconcat (base, "/", rest, NULL);
}

static void
cancelled_cb (GCancellable *cancellable, gpointer user_data)
{
  AuraEmailCancel *cancel = user_data;

  /* A caller's group may hold other requests: only a group of our own is
   * cancelled here. */
  if (cancel->own_group)
    aura_engine_cancel_group (cancel->engine, cancel->group);
}

void
aura_email_cancel_init (AuraEmailCancel *cancel,
                        AuraEngine *engine,
                        guint64 group,
                        GCancellable *cancellable)
{
  cancel->engine = g_object_ref (engine);
  cancel->own_group = group == 0;
  cancel->group = group != 0 ? group : aura_engine_new_group (engine);
  cancel->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  cancel->handler = 0;
  if (cancellable != NULL)
    cancel->handler = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), cancel, NULL);
}

void
aura_email_cancel_clear (AuraEmailCancel *cancel)
{
  if (cancel->cancellable != NULL)
    g_cancellable_disconnect (cancel->cancellable, cancel->handler);
  g_clear_object (&cancel->cancellable);
  g_clear_object (&cancel->engine);
}
