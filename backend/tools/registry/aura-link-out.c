/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-registry"
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "aura-link-out.h"
#include "aura-phone.h"

/* Link-outs (README.md, "Link-outs"). A template is an http(s) address
 * whose path, query or fragment holds fields in braces; the fields a link
 * may use depend on the entity types it takes, and are checked when the
 * manifest loads so that a link never fails for want of a field at run
 * time, except where the value itself lacks it (coordinates). */

G_DEFINE_QUARK (aura - link - out - error - quark, aura_link_out_error)

#define MAX_MANIFEST_BYTES (1024 * 1024)
#define MAX_LINKS_PER_FILE 1000
#define MAX_TEMPLATE_LENGTH 2048
#define MAX_TEXT_LENGTH 512

struct _AuraLinkOut
{
  char *id;
  char *name;
  char *description;
  char *category;
  char *homepage;
  char *template;
  char *origin;
  char **inputs;
  gboolean account;
};

struct _AuraLinkOutList
{
  GPtrArray *links; /* AuraLinkOut */
  GHashTable *by_id;
};

static void
link_out_free (AuraLinkOut *link)
{
  if (link == NULL)
    return;
  g_free (link->id);
  g_free (link->name);
  g_free (link->description);
  g_free (link->category);
  g_free (link->homepage);
  g_free (link->template);
  g_free (link->origin);
  g_strfreev (link->inputs);
  g_free (link);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraLinkOut, link_out_free)

const char *
aura_link_out_get_id (const AuraLinkOut *link)
{
  return link->id;
}

const char *
aura_link_out_get_name (const AuraLinkOut *link)
{
  return link->name;
}

const char *
aura_link_out_get_description (const AuraLinkOut *link)
{
  return link->description;
}

const char *
aura_link_out_get_category (const AuraLinkOut *link)
{
  return link->category;
}

const char *
aura_link_out_get_homepage (const AuraLinkOut *link)
{
  return link->homepage;
}

const char *
aura_link_out_get_template (const AuraLinkOut *link)
{
  return link->template;
}

const char *
aura_link_out_get_origin (const AuraLinkOut *link)
{
  return link->origin;
}

const char *const *
aura_link_out_get_inputs (const AuraLinkOut *link)
{
  return (const char *const *)link->inputs;
}

gboolean
aura_link_out_needs_account (const AuraLinkOut *link)
{
  return link->account;
}

gboolean
aura_link_out_takes (const AuraLinkOut *link, AuraEntityType type)
{
  const char *name = aura_entity_type_to_string (type);

  return name != NULL && g_strv_contains ((const char *const *)link->inputs, name);
}

/* ---- Fields ---------------------------------------------------------------
 * Which fields each input type offers. "value" and "url" (the value with
 * ":" and "/" left as they are, for services that take an address in their
 * path) are offered by every type. */

typedef struct
{
  const char *type;
  const char *fields; /* separated by spaces */
} TypeFields;

static const TypeFields type_fields[] = {
  { "email", "local domain md5 sha256" },
  { "phone", "e164 digits national national_digits international region" },
  { "url", "host" },
  { "location", "lat lon" },
  { "asn", "number" },
};

static gboolean
type_offers (const char *type, const char *field)
{
  if (strcmp (field, "value") == 0 || strcmp (field, "url") == 0)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (type_fields); i++)
    if (strcmp (type_fields[i].type, type) == 0)
      {
        g_auto (GStrv) fields = g_strsplit (type_fields[i].fields, " ", -1);

        return g_strv_contains ((const char *const *)fields, field);
      }
  return FALSE;
}

/* Calls @func for each "{field}" of @template and appends what it returns
 * to @out (when not NULL); FALSE with @error for a brace that does not
 * close, an empty or odd name, or a field @func refuses (it returns NULL). */
typedef const char *(*FieldFunc) (const char *field, gpointer user_data, GError **error);

static gboolean
scan_fields (const char *template, FieldFunc func, gpointer user_data, GString *out, GError **error)
{
  const char *p = template;

  while (*p != '\0')
    {
      const char *close, *replacement;
      g_autofree char *field = NULL;

      if (*p != '{')
        {
          if (out != NULL)
            g_string_append_c (out, *p);
          p++;
          continue;
        }
      close = strchr (p, '}');
      if (close == NULL || close == p + 1 || close - p > 32)
        {
          g_set_error (error, AURA_LINK_OUT_ERROR, AURA_LINK_OUT_ERROR_INVALID,
                       _ ("a field at byte %d has no closing brace or no name"),
                       (int)(p - template));
          return FALSE;
        }
      field = g_strndup (p + 1, close - p - 1);
      for (const char *c = field; *c != '\0'; c++)
        if (!g_ascii_islower (*c) && !g_ascii_isdigit (*c) && *c != '_')
          {
            g_set_error (error, AURA_LINK_OUT_ERROR, AURA_LINK_OUT_ERROR_INVALID,
                         _ ("the field “%s” is not a lower-case name"), field);
            return FALSE;
          }
      replacement = func (field, user_data, error);
      if (replacement == NULL)
        return FALSE;
      if (out != NULL)
        g_string_append (out, replacement);
      p = close + 1;
    }
  return TRUE;
}

/* ---- Building an address ------------------------------------------------- */

static char *
escape_query (const char *text)
{
  return g_uri_escape_string (text, NULL, FALSE);
}

static void
put (GHashTable *fields, const char *name, const char *raw)
{
  if (raw != NULL)
    g_hash_table_insert (fields, g_strdup (name), escape_query (raw));
}

static char *
digits_only (const char *text)
{
  GString *digits = g_string_new (NULL);

  for (const char *p = text; p != NULL && *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  return g_string_free (digits, FALSE);
}

static gboolean
fill_phone (GHashTable *fields, const char *value, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (AuraPhoneInfo) info = aura_phone_analyse (value, NULL, "en", &local_error);
  g_autofree char *digits = NULL;
  g_autofree char *national_digits = NULL;
  g_autofree char *region = NULL;

  if (info == NULL)
    {
      g_set_error (error, AURA_LINK_OUT_ERROR, AURA_LINK_OUT_ERROR_MISSING_FIELD,
                   _ ("The phone number could not be read: %s"), local_error->message);
      return FALSE;
    }
  digits = digits_only (info->e164);
  national_digits = digits_only (info->national);
  region = info->region != NULL ? g_ascii_strdown (info->region, -1) : NULL;
  put (fields, "e164", info->e164);
  put (fields, "digits", digits);
  put (fields, "national", info->national);
  put (fields, "national_digits", national_digits);
  put (fields, "international", info->international);
  put (fields, "region", region);
  put (fields, "value", info->e164);
  return TRUE;
}

static void
fill_email (GHashTable *fields, const char *normalised)
{
  const char *at = strrchr (normalised, '@');
  g_autofree char *local = at != NULL ? g_strndup (normalised, at - normalised) : NULL;
  g_autofree char *md5 = g_compute_checksum_for_string (G_CHECKSUM_MD5, normalised, -1);
  g_autofree char *sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, normalised, -1);

  put (fields, "local", local);
  put (fields, "domain", at != NULL ? at + 1 : NULL);
  put (fields, "md5", md5);
  put (fields, "sha256", sha256);
}

static gboolean
fill_fields (GHashTable *fields, AuraEntityType type, const char *value, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *display = NULL;
  g_autofree char *key = aura_entity_normalize (type, value, &display, &local_error);
  const char *text;

  if (key == NULL)
    {
      g_set_error_literal (error, AURA_LINK_OUT_ERROR, AURA_LINK_OUT_ERROR_MISSING_FIELD,
                           local_error->message);
      return FALSE;
    }
  /* Services want the value as people write it, minus decorations. */
  text = display != NULL ? display : key;
  if ((type == AURA_ENTITY_USERNAME && text[0] == '@') ||
      (type == AURA_ENTITY_HASHTAG && text[0] == '#'))
    text++;
  put (fields, "value", text);
  g_hash_table_insert (fields, g_strdup ("url"), g_uri_escape_string (text, ":/", FALSE));

  switch (type)
    {
      case AURA_ENTITY_PHONE:
        return fill_phone (fields, value, error);
      case AURA_ENTITY_EMAIL:
        fill_email (fields, key);
        break;
      case AURA_ENTITY_URL:
        {
          g_autoptr (GUri) uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);

          put (fields, "host", uri != NULL ? g_uri_get_host (uri) : NULL);
        }
        break;
      case AURA_ENTITY_LOCATION:
        {
          double lat, lon;

          if (aura_entity_parse_location (text, &lat, &lon))
            {
              char buffer[G_ASCII_DTOSTR_BUF_SIZE];

              put (fields, "lat", g_ascii_formatd (buffer, sizeof buffer, "%.6f", lat));
              put (fields, "lon", g_ascii_formatd (buffer, sizeof buffer, "%.6f", lon));
            }
        }
        break;
      case AURA_ENTITY_ASN:
        {
          g_autofree char *number = digits_only (text);

          put (fields, "number", number);
        }
        break;
      default:
        break;
    }
  return TRUE;
}

static const char *
build_field (const char *field, gpointer user_data, GError **error)
{
  GHashTable *fields = user_data;
  const char *value = g_hash_table_lookup (fields, field);

  if (value == NULL)
    {
      if (strcmp (field, "lat") == 0 || strcmp (field, "lon") == 0)
        g_set_error_literal (error, AURA_LINK_OUT_ERROR, AURA_LINK_OUT_ERROR_MISSING_FIELD,
                             _ ("This link needs coordinates (“LAT,LON”)"));
      else
        g_set_error (error, AURA_LINK_OUT_ERROR, AURA_LINK_OUT_ERROR_MISSING_FIELD,
                     _ ("This value has no “%s” for this link"), field);
    }
  return value;
}

char *
aura_link_out_build_url (const AuraLinkOut *link,
                         AuraEntityType type,
                         const char *value,
                         GError **error)
{
  g_autoptr (GHashTable) fields = NULL;
  g_autoptr (GString) out = NULL;

  g_return_val_if_fail (link != NULL, NULL);
  g_return_val_if_fail (value != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!aura_link_out_takes (link, type))
    {
      g_set_error (error, AURA_LINK_OUT_ERROR, AURA_LINK_OUT_ERROR_WRONG_INPUT,
                   _ ("“%s” does not take a value of type %s"), link->name,
                   aura_entity_type_to_string (type));
      return NULL;
    }
  fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (!fill_fields (fields, type, value, error))
    return NULL;
  out = g_string_new (NULL);
  if (!scan_fields (link->template, build_field, fields, out, error))
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---- Loading ----------------------------------------------------------- */

static gboolean
is_slug (const char *text, gsize max)
{
  gsize len = text != NULL ? strlen (text) : 0;

  if (len == 0 || len > max || text[0] == '-' || text[len - 1] == '-')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

/* "file: link 3 (“wayback”): field: message" */
static void
link_error (GError **error,
            const char *origin,
            guint index,
            const char *id,
            const char *field,
            const char *message)
{
  if (id != NULL)
    g_set_error (error, AURA_LINK_OUT_ERROR, AURA_LINK_OUT_ERROR_INVALID,
                 _ ("%s: link-out %u (“%s”): %s: %s"), origin, index + 1, id, field, message);
  else
    g_set_error (error, AURA_LINK_OUT_ERROR, AURA_LINK_OUT_ERROR_INVALID,
                 _ ("%s: link-out %u: %s: %s"), origin, index + 1, field, message);
}

static const char *
get_text (
    JsonObject *object, const char *member, gboolean required, gsize max, const char **problem)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *text;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        *problem = _ ("missing");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      *problem = _ ("not a string");
      return NULL;
    }
  text = json_node_get_string (node);
  if (*text == '\0' || strlen (text) > max)
    {
      *problem = _ ("empty or too long");
      return NULL;
    }
  return text;
}

static gboolean
is_web_address (const char *text)
{
  return g_str_has_prefix (text, "https://") || g_str_has_prefix (text, "http://");
}

typedef struct
{
  char **inputs;
  const char *missing_type; /* set on failure */
} CheckFields;

static const char *
check_field (const char *field, gpointer user_data, GError **error)
{
  CheckFields *check = user_data;

  for (guint i = 0; check->inputs[i] != NULL; i++)
    if (!type_offers (check->inputs[i], field))
      {
        g_set_error (error, AURA_LINK_OUT_ERROR, AURA_LINK_OUT_ERROR_INVALID,
                     _ ("the field “%s” does not exist for %s values"), field, check->inputs[i]);
        return NULL;
      }
  return "x";
}

/* The template: an http(s) address of at most MAX_TEMPLATE_LENGTH bytes,
 * printable ASCII, whose scheme and host hold no field, and whose fields
 * all exist for every input type. */
static gboolean
check_template (const char *template, char **inputs, const char **problem, GError **error)
{
  const char *host = strstr (template, "://");
  const char *host_end;
  g_autoptr (GString) sample_text = NULL;
  g_autoptr (GUri) uri = NULL;
  CheckFields check = { inputs, NULL };

  for (const char *p = template; *p != '\0'; p++)
    if (*p <= ' ' || *p > '~')
      {
        *problem = _ ("only printable ASCII without spaces (percent-encode the rest)");
        return FALSE;
      }
  if (!is_web_address (template) || host == NULL)
    {
      *problem = _ ("not an http or https address");
      return FALSE;
    }
  host += 3;
  host_end = host + strcspn (host, "/?#");
  if (memchr (host, '{', host_end - host) != NULL || host_end == host)
    {
      *problem = _ ("the host must be written out, without fields");
      return FALSE;
    }
  /* With its fields replaced, the address must parse. */
  sample_text = g_string_new (NULL);
  if (!scan_fields (template, check_field, &check, sample_text, error))
    return FALSE;
  uri = g_uri_parse (sample_text->str, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    {
      *problem = _ ("not a valid address once filled");
      return FALSE;
    }
  return TRUE;
}

static char **
read_inputs (JsonObject *object, const char **problem)
{
  JsonNode *node = json_object_get_member (object, "inputs");
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      *problem = _ ("missing or not a list of entity types");
      return NULL;
    }
  array = json_node_get_array (node);
  if (json_array_get_length (array) == 0 || json_array_get_length (array) > 32)
    {
      *problem = _ ("must name 1 to 32 entity types");
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      AuraEntityType type;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING ||
          !aura_entity_type_from_string (json_node_get_string (element), &type, NULL) ||
          strcmp (aura_entity_type_to_string (type), json_node_get_string (element)) != 0)
        {
          *problem = _ ("not an entity type name (aura-cli types lists them)");
          return NULL;
        }
      g_strv_builder_add (builder, json_node_get_string (element));
    }
  return g_strv_builder_end (builder);
}

static const char *const link_members[] = { "id",  "name",     "description", "category", "inputs",
                                            "url", "homepage", "account",     "notes",    NULL };

static AuraLinkOut *
read_link (JsonNode *node, const char *origin, guint index, GError **error)
{
  g_autoptr (AuraLinkOut) link = NULL;
  JsonObject *object;
  const char *problem = NULL, *text;
  const char *id = NULL;
  g_autoptr (GList) members = NULL;
  JsonNode *account;
  g_autofree char *notes = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      link_error (error, origin, index, NULL, "-", _ ("not an object"));
      return NULL;
    }
  object = json_node_get_object (node);
  link = g_new0 (AuraLinkOut, 1);

  id = get_text (object, "id", TRUE, 64, &problem);
  if (id == NULL || !is_slug (id, 64))
    {
      link_error (error, origin, index, NULL, "id",
                  problem != NULL ? problem : _ ("lower-case letters, digits and dashes only"));
      return NULL;
    }
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (link_members, l->data))
      {
        link_error (error, origin, index, id, l->data, _ ("unknown field"));
        return NULL;
      }
  link->id = g_strdup (id);
  link->origin = g_strdup (origin);
#define TEXT(member, required, max, dest)                                                          \
  G_STMT_START                                                                                     \
  {                                                                                                \
    problem = NULL;                                                                                \
    text = get_text (object, member, required, max, &problem);                                     \
    if (problem != NULL || (text != NULL && !g_utf8_validate (text, -1, NULL)))                    \
      {                                                                                            \
        link_error (error, origin, index, id, member,                                              \
                    problem != NULL ? problem : _ ("not valid UTF-8"));                            \
        return NULL;                                                                               \
      }                                                                                            \
    dest = g_strdup (text);                                                                        \
  }                                                                                                \
  G_STMT_END
  TEXT ("name", TRUE, MAX_TEXT_LENGTH, link->name);
  TEXT ("description", FALSE, MAX_TEXT_LENGTH, link->description);
  TEXT ("category", TRUE, 64, link->category);
  TEXT ("url", TRUE, MAX_TEMPLATE_LENGTH, link->template);
  TEXT ("homepage", FALSE, MAX_TEMPLATE_LENGTH, link->homepage);
  TEXT ("notes", FALSE, 4 * MAX_TEXT_LENGTH, notes);
#undef TEXT
  if (!is_slug (link->category, 64))
    {
      link_error (error, origin, index, id, "category",
                  _ ("lower-case letters, digits and dashes only"));
      return NULL;
    }
  if (link->homepage != NULL && !is_web_address (link->homepage))
    {
      link_error (error, origin, index, id, "homepage", _ ("not an http or https address"));
      return NULL;
    }
  link->inputs = read_inputs (object, &problem);
  if (link->inputs == NULL)
    {
      link_error (error, origin, index, id, "inputs", problem);
      return NULL;
    }
  problem = NULL;
  {
    g_autoptr (GError) field_error = NULL;

    if (!check_template (link->template, link->inputs, &problem, &field_error))
      {
        link_error (error, origin, index, id, "url",
                    problem != NULL ? problem : field_error->message);
        return NULL;
      }
  }
  account = json_object_get_member (object, "account");
  if (account != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (account) || json_node_get_value_type (account) != G_TYPE_BOOLEAN)
        {
          link_error (error, origin, index, id, "account", _ ("not true or false"));
          return NULL;
        }
      link->account = json_node_get_boolean (account);
    }
  return g_steal_pointer (&link);
}

AuraLinkOutList *
aura_link_out_list_new (void)
{
  AuraLinkOutList *self = g_new0 (AuraLinkOutList, 1);

  self->links = g_ptr_array_new_with_free_func ((GDestroyNotify)link_out_free);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  return self;
}

void
aura_link_out_list_free (AuraLinkOutList *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->by_id);
  g_ptr_array_unref (self->links);
  g_free (self);
}

guint
aura_link_out_list_get_n_links (AuraLinkOutList *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->links->len;
}

const AuraLinkOut *
aura_link_out_list_get_link (AuraLinkOutList *self, guint index)
{
  g_return_val_if_fail (self != NULL && index < self->links->len, NULL);
  return self->links->pdata[index];
}

const AuraLinkOut *
aura_link_out_list_lookup (AuraLinkOutList *self, const char *id)
{
  g_return_val_if_fail (self != NULL, NULL);
  return id != NULL ? g_hash_table_lookup (self->by_id, id) : NULL;
}

static gboolean
check_root (JsonNode *root, const char *origin, JsonArray **out_links, GError **error)
{
  JsonObject *object;
  JsonNode *format, *version, *links;
  g_autoptr (GList) members = NULL;
  static const char *const root_members[] = { "format", "version", "link_outs", "description",
                                              NULL };

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, AURA_LINK_OUT_ERROR, AURA_LINK_OUT_ERROR_INVALID,
                   _ ("%s: not a link-out manifest (a JSON object is expected)"), origin);
      return FALSE;
    }
  object = json_node_get_object (root);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (root_members, l->data))
      {
        g_set_error (error, AURA_LINK_OUT_ERROR, AURA_LINK_OUT_ERROR_INVALID,
                     _ ("%s: %s: unknown field"), origin, (const char *)l->data);
        return FALSE;
      }
  format = json_object_get_member (object, "format");
  version = json_object_get_member (object, "version");
  links = json_object_get_member (object, "link_outs");
  if (format == NULL || !JSON_NODE_HOLDS_VALUE (format) ||
      json_node_get_value_type (format) != G_TYPE_STRING ||
      strcmp (json_node_get_string (format), "aura-link-outs") != 0)
    {
      g_set_error (error, AURA_LINK_OUT_ERROR, AURA_LINK_OUT_ERROR_INVALID,
                   _ ("%s: format: must be “aura-link-outs”"), origin);
      return FALSE;
    }
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) ||
      json_node_get_value_type (version) != G_TYPE_INT64 || json_node_get_int (version) != 1)
    {
      g_set_error (error, AURA_LINK_OUT_ERROR, AURA_LINK_OUT_ERROR_INVALID,
                   _ ("%s: version: this Aura reads version 1"), origin);
      return FALSE;
    }
  if (links == NULL || !JSON_NODE_HOLDS_ARRAY (links) ||
      json_array_get_length (json_node_get_array (links)) > MAX_LINKS_PER_FILE)
    {
      g_set_error (error, AURA_LINK_OUT_ERROR, AURA_LINK_OUT_ERROR_INVALID,
                   _ ("%s: link_outs: must be a list of at most %d link-outs"), origin,
                   MAX_LINKS_PER_FILE);
      return FALSE;
    }
  *out_links = json_node_get_array (links);
  return TRUE;
}

gboolean
aura_link_out_list_load_data (
    AuraLinkOutList *self, const char *data, gssize length, const char *origin, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (GError) parse_error = NULL;
  g_autoptr (GPtrArray) loaded = NULL;
  g_autoptr (GHashTable) seen = NULL;
  JsonArray *links;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (origin != NULL, FALSE);

  if (length < 0)
    length = (gssize)strlen (data);
  if (length > MAX_MANIFEST_BYTES)
    {
      g_set_error (error, AURA_LINK_OUT_ERROR, AURA_LINK_OUT_ERROR_INVALID,
                   _ ("%s: larger than %d KiB"), origin, MAX_MANIFEST_BYTES / 1024);
      return FALSE;
    }
  if (!json_parser_load_from_data (parser, data, length, &parse_error))
    {
      g_set_error (error, AURA_LINK_OUT_ERROR, AURA_LINK_OUT_ERROR_INVALID,
                   _ ("%s: not valid JSON: %s"), origin, parse_error->message);
      return FALSE;
    }
  if (!check_root (json_parser_get_root (parser), origin, &links, error))
    return FALSE;

  /* All or nothing: the file's links join the list only once all validate. */
  loaded = g_ptr_array_new_with_free_func ((GDestroyNotify)link_out_free);
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < json_array_get_length (links); i++)
    {
      AuraLinkOut *link = read_link (json_array_get_element (links, i), origin, i, error);

      if (link == NULL)
        return FALSE;
      g_ptr_array_add (loaded, link);
      if (g_hash_table_contains (self->by_id, link->id) || !g_hash_table_add (seen, link->id))
        {
          link_error (error, origin, i, link->id, "id", _ ("another link-out has this id"));
          return FALSE;
        }
    }
  for (guint i = 0; i < loaded->len; i++)
    {
      AuraLinkOut *link = loaded->pdata[i];

      g_hash_table_insert (self->by_id, link->id, link);
      g_ptr_array_add (self->links, link);
      loaded->pdata[i] = NULL;
    }
  return TRUE;
}

gboolean
aura_link_out_list_load_file (AuraLinkOutList *self, const char *path, GError **error)
{
  g_autofree char *data = NULL;
  g_autofree char *base = NULL;
  gsize length;
  GStatBuf st;

  g_return_val_if_fail (self != NULL && path != NULL, FALSE);

  if (g_stat (path, &st) == 0 && st.st_size > MAX_MANIFEST_BYTES)
    {
      g_set_error (error, AURA_LINK_OUT_ERROR, AURA_LINK_OUT_ERROR_INVALID,
                   _ ("%s: larger than %d KiB"), path, MAX_MANIFEST_BYTES / 1024);
      return FALSE;
    }
  if (!g_file_get_contents (path, &data, &length, error))
    return FALSE;
  base = g_path_get_basename (path);
  return aura_link_out_list_load_data (self, data, (gssize)length, base, error);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *)a, *(char *const *)b);
}

gboolean
aura_link_out_list_load_dir (AuraLinkOutList *self, const char *dir, GError **error)
{
  g_autoptr (GDir) handle = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_return_val_if_fail (self != NULL && dir != NULL, FALSE);

  handle = g_dir_open (dir, 0, error);
  if (handle == NULL)
    return FALSE;
  while ((name = g_dir_read_name (handle)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, names->pdata[i], NULL);

      if (!aura_link_out_list_load_file (self, path, error))
        return FALSE;
    }
  return TRUE;
}

char *
aura_link_out_list_get_bundled_dir (void)
{
  const char *env = g_getenv ("AURA_LINKOUTS_DIR");
  const char *root = g_getenv ("AURA_SOURCE_ROOT");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  if (root != NULL && *root != '\0')
    {
      g_autofree char *dir = g_build_filename (root, "data", "linkouts", NULL);

      if (g_file_test (dir, G_FILE_TEST_IS_DIR))
        return g_steal_pointer (&dir);
    }
  return g_build_filename (PKGDATADIR, "linkouts", NULL);
}

AuraLinkOutList *
aura_link_out_list_load_bundled (GError **error)
{
  g_autoptr (AuraLinkOutList) list = aura_link_out_list_new ();
  g_autofree char *dir = aura_link_out_list_get_bundled_dir ();

  if (!aura_link_out_list_load_dir (list, dir, error))
    return NULL;
  return g_steal_pointer (&list);
}
