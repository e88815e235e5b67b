/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-rdap"
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "aura-rdap-private.h"

/* An RDAP answer (RFC 9083) into an AuraRdapResult. The JSON is checked
 * for size, UTF-8 and nesting before json-glib sees it; then each member
 * is read on its own and a member of the wrong shape is skipped, so one
 * odd field never costs the rest of the answer. */

static const char *
expected_class (AuraRdapKind kind)
{
  switch (kind)
    {
      case AURA_RDAP_KIND_IP:
        return "ip network";
      case AURA_RDAP_KIND_AUTNUM:
        return "autnum";
      case AURA_RDAP_KIND_DOMAIN:
      default:
        return "domain";
    }
}

static char *
member_text (JsonObject *object, const char *name)
{
  return aura_rdap_clean (aura_rdap_member_string (object, name), AURA_RDAP_MAX_TEXT_CHARS);
}

static JsonArray *
member_array (JsonObject *object, const char *name)
{
  JsonNode *node = object != NULL && json_object_has_member (object, name)
                       ? json_object_get_member (object, name)
                       : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static JsonObject *
member_object (JsonObject *object, const char *name)
{
  JsonNode *node = object != NULL && json_object_has_member (object, name)
                       ? json_object_get_member (object, name)
                       : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* The cleaned strings of an array member, at most AURA_RDAP_MAX_LIST. */
static GStrv
member_strings (JsonObject *object, const char *name, gboolean lower)
{
  JsonArray *array = member_array (object, name);
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  guint n = array != NULL ? json_array_get_length (array) : 0;

  for (guint i = 0; i < n && out->len < AURA_RDAP_MAX_LIST; i++)
    {
      char *text = aura_rdap_clean (aura_rdap_json_string (json_array_get_element (array, i)),
                                    AURA_RDAP_MAX_TEXT_CHARS);

      if (text != NULL && lower)
        {
          char *down = g_utf8_strdown (text, -1);
          g_free (text);
          text = down;
        }
      if (text != NULL)
        g_ptr_array_add (out, text);
    }
  return aura_rdap_strv_from_array (out);
}

/* A non-negative integer member, as a number or a string of digits. */
static gboolean
member_uint32 (JsonObject *object, const char *name, guint32 *out)
{
  JsonNode *node = object != NULL && json_object_has_member (object, name)
                       ? json_object_get_member (object, name)
                       : NULL;
  guint64 value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      gint64 number = json_node_get_int (node);

      if (number < 0 || number > G_MAXUINT32)
        return FALSE;
      *out = (guint32)number;
      return TRUE;
    }
  if (json_node_get_value_type (node) == G_TYPE_STRING &&
      g_ascii_string_to_unsigned (json_node_get_string (node), 10, 0, G_MAXUINT32, &value, NULL))
    {
      *out = (guint32)value;
      return TRUE;
    }
  return FALSE;
}

/* ---- Events ------------------------------------------------------------- */

static GDateTime *
parse_date (const char *text)
{
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  GDateTime *date;

  if (text == NULL)
    return NULL;
  date = g_date_time_new_from_iso8601 (text, utc);
  /* A date alone ("2024-03-01"), as a few servers write it. */
  if (date == NULL && strlen (text) == 10)
    {
      g_autofree char *midnight = g_strconcat (text, "T00:00:00Z", NULL);
      date = g_date_time_new_from_iso8601 (midnight, utc);
    }
  return date;
}

static void
read_events (JsonObject *root, AuraRdapResult *result)
{
  JsonArray *events = member_array (root, "events");
  guint n = events != NULL ? MIN (json_array_get_length (events), AURA_RDAP_MAX_LIST) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (events, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      g_autofree char *action = member_text (object, "eventAction");
      AuraRdapEvent *event;

      if (action == NULL)
        continue;
      event = g_new0 (AuraRdapEvent, 1);
      event->action = g_utf8_strdown (action, -1);
      event->date_text = member_text (object, "eventDate");
      event->date = parse_date (event->date_text);
      event->actor = member_text (object, "eventActor");
      g_ptr_array_add (result->events, event);
      if (event->date == NULL)
        continue;
      if (strcmp (event->action, "registration") == 0 && result->registered == NULL)
        result->registered = g_date_time_ref (event->date);
      else if (strcmp (event->action, "expiration") == 0 && result->expires == NULL)
        result->expires = g_date_time_ref (event->date);
      else if (strcmp (event->action, "last changed") == 0 && result->last_changed == NULL)
        result->last_changed = g_date_time_ref (event->date);
    }
}

/* ---- Entities ----------------------------------------------------------- */

static void
read_public_ids (JsonObject *object, AuraRdapEntity *entity)
{
  JsonArray *ids = member_array (object, "publicIds");
  guint n = ids != NULL ? MIN (json_array_get_length (ids), 16) : 0;

  for (guint i = 0; i < n && entity->iana_id == NULL; i++)
    {
      JsonNode *node = json_array_get_element (ids, i);
      JsonObject *id = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *type = aura_rdap_member_string (id, "type");
      JsonNode *value = id != NULL && json_object_has_member (id, "identifier")
                            ? json_object_get_member (id, "identifier")
                            : NULL;

      if (type == NULL || value == NULL || g_strrstr (type, "IANA") == NULL)
        continue;
      if (aura_rdap_json_string (value) != NULL)
        entity->iana_id = aura_rdap_clean (aura_rdap_json_string (value), 32);
      else if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_INT64)
        entity->iana_id = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
    }
}

static void
read_entities (JsonObject *parent, AuraRdapResult *result, int parent_index, guint depth);

static void
read_entity (JsonObject *object, AuraRdapResult *result, int parent_index, guint depth)
{
  AuraRdapEntity *entity = aura_rdap_entity_new ();
  const char *handle = aura_rdap_member_string (object, "handle");
  int index;

  if (handle != NULL && aura_rdap_is_redacted_text (handle))
    aura_rdap_entity_mark_redacted (entity, "handle");
  else
    entity->handle = aura_rdap_clean (handle, AURA_RDAP_MAX_TEXT_CHARS);
  g_strfreev (entity->roles);
  entity->roles = member_strings (object, "roles", TRUE);
  if (json_object_has_member (object, "vcardArray"))
    aura_rdap_read_vcard (json_object_get_member (object, "vcardArray"), entity);
  read_public_ids (object, entity);
  entity->parent = parent_index;
  index = (int)result->entities->len;
  g_ptr_array_add (result->entities, entity);
  read_entities (object, result, index, depth + 1);
}

static void
read_entities (JsonObject *parent, AuraRdapResult *result, int parent_index, guint depth)
{
  JsonArray *entities = member_array (parent, "entities");
  guint n = entities != NULL ? json_array_get_length (entities) : 0;

  if (depth > AURA_RDAP_MAX_ENTITY_NESTING)
    return;
  for (guint i = 0; i < n && result->entities->len < AURA_RDAP_MAX_ENTITIES; i++)
    {
      JsonNode *node = json_array_get_element (entities, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        read_entity (json_node_get_object (node), result, parent_index, depth);
    }
}

static void
read_registrar (AuraRdapResult *result)
{
  for (guint i = 0; i < result->entities->len; i++)
    {
      const AuraRdapEntity *entity = result->entities->pdata[i];

      if (!aura_rdap_entity_has_role (entity, "registrar"))
        continue;
      result->registrar_name =
          g_strdup (entity->name != NULL ? entity->name : entity->organisation);
      result->registrar_iana_id = g_strdup (entity->iana_id);
      return;
    }
}

/* ---- Domains, networks, AS numbers -------------------------------------- */

/* The registrar's RDAP URL: a link with rel "related" to an RDAP answer. */
static void
read_related (JsonObject *root, AuraRdapResult *result)
{
  JsonArray *links = member_array (root, "links");
  guint n = links != NULL ? MIN (json_array_get_length (links), AURA_RDAP_MAX_LIST) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (links, i);
      JsonObject *link = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *rel = aura_rdap_member_string (link, "rel");
      const char *type = aura_rdap_member_string (link, "type");
      g_autofree char *href = member_text (link, "href");

      if (rel == NULL || g_ascii_strcasecmp (rel, "related") != 0 || href == NULL ||
          (!g_str_has_prefix (href, "https://") && !g_str_has_prefix (href, "http://")))
        continue;
      if ((type != NULL && strstr (type, "rdap") != NULL) || strstr (href, "/domain/") != NULL)
        {
          result->related_url = g_steal_pointer (&href);
          return;
        }
    }
}

static void
read_nameservers (JsonObject *root, AuraRdapResult *result)
{
  JsonArray *servers = member_array (root, "nameservers");
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  guint n = servers != NULL ? json_array_get_length (servers) : 0;

  for (guint i = 0; i < n && names->len < AURA_RDAP_MAX_LIST; i++)
    {
      JsonNode *node = json_array_get_element (servers, i);
      JsonObject *server = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      g_autofree char *name = member_text (server, "ldhName");
      gsize len;

      if (name == NULL)
        name = member_text (server, "unicodeName");
      if (name == NULL)
        continue;
      len = strlen (name);
      if (len > 1 && name[len - 1] == '.')
        name[len - 1] = '\0';
      g_ptr_array_add (names, g_utf8_strdown (name, -1));
    }
  result->nameservers = aura_rdap_strv_from_array (names);
}

static void
read_domain (JsonObject *root, AuraRdapResult *result)
{
  JsonObject *secure = member_object (root, "secureDNS");
  g_autofree char *ldh = member_text (root, "ldhName");

  if (ldh != NULL)
    result->ldh_name = g_ascii_strdown (ldh, -1);
  result->unicode_name = member_text (root, "unicodeName");
  read_nameservers (root, result);
  read_related (root, result);
  if (secure != NULL && json_object_has_member (secure, "delegationSigned"))
    {
      JsonNode *node = json_object_get_member (secure, "delegationSigned");

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        result->secure_dns = json_node_get_boolean (node) ? AURA_RDAP_SECURE_DNS_SIGNED
                                                          : AURA_RDAP_SECURE_DNS_UNSIGNED;
    }
  if (secure != NULL && result->secure_dns == AURA_RDAP_SECURE_DNS_UNKNOWN)
    {
      JsonArray *ds = member_array (secure, "dsData");
      JsonArray *keys = member_array (secure, "keyData");

      if ((ds != NULL && json_array_get_length (ds) > 0) ||
          (keys != NULL && json_array_get_length (keys) > 0))
        result->secure_dns = AURA_RDAP_SECURE_DNS_SIGNED;
    }
}

/* The cidr0 extension: [{"v4prefix": "192.0.2.0", "length": 24}, …]. */
static GPtrArray *
read_cidr0 (JsonObject *root)
{
  JsonArray *cidrs = member_array (root, "cidr0_cidrs");
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  guint n = cidrs != NULL ? json_array_get_length (cidrs) : 0;

  for (guint i = 0; i < n && out->len < AURA_RDAP_MAX_CIDRS; i++)
    {
      JsonNode *node = json_array_get_element (cidrs, i);
      JsonObject *cidr = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *prefix = aura_rdap_member_string (cidr, "v4prefix");
      guint32 length = 0;
      guint8 bytes[16];
      guint bits = 0;
      g_autofree char *text = NULL;

      if (prefix == NULL)
        prefix = aura_rdap_member_string (cidr, "v6prefix");
      if (prefix == NULL || !member_uint32 (cidr, "length", &length))
        continue;
      text = g_strdup_printf ("%s/%u", prefix, length);
      if (aura_rdap_parse_ip (text, bytes, &bits, NULL) && strchr (prefix, '/') == NULL)
        g_ptr_array_add (out, g_steal_pointer (&text));
    }
  return out;
}

static void
read_network (JsonObject *root, AuraRdapResult *result)
{
  g_autoptr (GPtrArray) cidrs = read_cidr0 (root);
  g_autofree char *version = member_text (root, "ipVersion");

  result->start_address = member_text (root, "startAddress");
  result->end_address = member_text (root, "endAddress");
  if (version != NULL)
    result->ip_version = g_ascii_strdown (version, -1);
  result->name = member_text (root, "name");
  result->type = member_text (root, "type");
  result->country = member_text (root, "country");
  result->parent_handle = member_text (root, "parentHandle");
  if (cidrs->len == 0)
    {
      g_autoptr (GPtrArray) computed =
          aura_rdap_range_to_cidrs (result->start_address, result->end_address);

      if (computed != NULL)
        g_ptr_array_extend_and_steal (cidrs, g_steal_pointer (&computed));
    }
  result->cidrs = aura_rdap_strv_from_array (cidrs);
}

static void
read_autnum (JsonObject *root, AuraRdapResult *result)
{
  member_uint32 (root, "startAutnum", &result->start_autnum);
  if (!member_uint32 (root, "endAutnum", &result->end_autnum))
    result->end_autnum = result->start_autnum;
  result->name = member_text (root, "name");
  result->type = member_text (root, "type");
  result->country = member_text (root, "country");
}

/* ---- The answer --------------------------------------------------------- */

/* An RDAP error answer: {"errorCode": 404, "title": …, "description": […]}. */
static void
set_rdap_error (JsonObject *root, GError **error)
{
  JsonNode *code_node = json_object_get_member (root, "errorCode");
  gint64 code =
      JSON_NODE_HOLDS_VALUE (code_node) && json_node_get_value_type (code_node) == G_TYPE_INT64
          ? json_node_get_int (code_node)
          : 0;
  g_autofree char *title = member_text (root, "title");
  g_auto (GStrv) description = member_strings (root, "description", FALSE);
  g_autofree char *details = g_strjoinv (" ", description);
  const char *said = title != NULL ? title : *details != '\0' ? details : "";

  if (code == 404)
    g_set_error (error, AURA_RDAP_ERROR, AURA_RDAP_ERROR_NOT_FOUND,
                 _ ("Not found in RDAP (the server says: %s)"), *said != '\0' ? said : "404");
  else if (code == 429)
    g_set_error (error, AURA_RDAP_ERROR, AURA_RDAP_ERROR_RATE_LIMITED,
                 _ ("The RDAP server is limiting requests; try again later (it says: %s)"),
                 *said != '\0' ? said : "429");
  else
    g_set_error (error, AURA_RDAP_ERROR, AURA_RDAP_ERROR_HTTP,
                 _ ("The RDAP server answered with error %lld%s%s"), (long long)code,
                 *said != '\0' ? ": " : "", said);
}

static JsonNode *
load_json (const char *json, gsize len, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (GError) parse_error = NULL;
  const char *end = NULL;

  if (len == 0)
    {
      g_set_error_literal (error, AURA_RDAP_ERROR, AURA_RDAP_ERROR_MALFORMED,
                           _ ("The RDAP answer is empty"));
      return NULL;
    }
  if (len > AURA_RDAP_MAX_JSON_BYTES)
    {
      g_set_error (error, AURA_RDAP_ERROR, AURA_RDAP_ERROR_TOO_LARGE,
                   _ ("The RDAP answer is larger than %d MiB; it was not read"),
                   AURA_RDAP_MAX_JSON_BYTES / (1024 * 1024));
      return NULL;
    }
  if (len >= 3 && memcmp (json, "\xef\xbb\xbf", 3) == 0)
    {
      json += 3;
      len -= 3;
    }
  if (!g_utf8_validate_len (json, len, &end))
    {
      g_set_error (error, AURA_RDAP_ERROR, AURA_RDAP_ERROR_MALFORMED,
                   _ ("The RDAP answer is not valid UTF-8 text (bad byte at offset %lu)"),
                   (unsigned long)(end - json));
      return NULL;
    }
  if (!aura_rdap_check_depth (json, len, AURA_RDAP_MAX_DEPTH))
    {
      g_set_error (error, AURA_RDAP_ERROR, AURA_RDAP_ERROR_MALFORMED,
                   _ ("The RDAP answer nests deeper than %d levels; it was not read"),
                   AURA_RDAP_MAX_DEPTH);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, json, (gssize)len, &parse_error))
    {
      g_set_error (error, AURA_RDAP_ERROR, AURA_RDAP_ERROR_MALFORMED,
                   _ ("The RDAP answer is not JSON: %s"), parse_error->message);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, AURA_RDAP_ERROR, AURA_RDAP_ERROR_MALFORMED,
                           _ ("The RDAP answer is JSON but not an object"));
      return NULL;
    }
  return json_parser_steal_root (parser);
}

AuraRdapResult *
aura_rdap_parse (const char *json, gsize len, AuraRdapKind kind, GError **error)
{
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (AuraRdapResult) result = NULL;
  g_autofree char *object_class = NULL;
  const char *expected = expected_class (kind);
  JsonObject *root;

  g_return_val_if_fail (json != NULL || len == 0, NULL);
  g_return_val_if_fail (kind <= AURA_RDAP_KIND_AUTNUM, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  node = load_json (json, len, error);
  if (node == NULL)
    return NULL;
  root = json_node_get_object (node);
  object_class = member_text (root, "objectClassName");
  if (object_class == NULL && json_object_has_member (root, "errorCode"))
    {
      set_rdap_error (root, error);
      return NULL;
    }
  if (object_class == NULL)
    {
      g_set_error (error, AURA_RDAP_ERROR, AURA_RDAP_ERROR_WRONG_CLASS,
                   _ ("The answer names no RDAP object class; a “%s” was expected"), expected);
      return NULL;
    }
  if (g_ascii_strcasecmp (object_class, expected) != 0)
    {
      g_set_error (error, AURA_RDAP_ERROR, AURA_RDAP_ERROR_WRONG_CLASS,
                   _ ("The RDAP server described a “%s”, not the “%s” that was asked for"),
                   object_class, expected);
      return NULL;
    }
  result = aura_rdap_result_new (kind);
  result->object_class = g_ascii_strdown (object_class, -1);
  result->handle = member_text (root, "handle");
  result->port43 = member_text (root, "port43");
  result->status = member_strings (root, "status", FALSE);
  read_events (root, result);
  read_entities (root, result, -1, 0);
  read_registrar (result);
  if (kind == AURA_RDAP_KIND_DOMAIN)
    read_domain (root, result);
  else
    result->nameservers = g_new0 (char *, 1);
  if (kind == AURA_RDAP_KIND_IP)
    read_network (root, result);
  else
    result->cidrs = g_new0 (char *, 1);
  if (kind == AURA_RDAP_KIND_AUTNUM)
    read_autnum (root, result);
  aura_rdap_read_redactions (root, result);
  return g_steal_pointer (&result);
}
