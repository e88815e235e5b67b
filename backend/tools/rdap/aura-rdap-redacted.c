/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-rdap"
#include "config.h"

#include <string.h>

#include "aura-rdap-private.h"

/* RFC 9537 redactions. Each member of the "redacted" array names a field
 * ({"type": "Registrant Email"} or {"description": …}) and usually a
 * JSONPath to it ("$.entities[?(@.roles[0]=='registrant')].vcardArray[1]
 * [?(@[0]=='email')][3]"). Aura does not evaluate JSONPath: the role and
 * the vCard property are read from the path's text, or failing that from
 * the field's name, which registries write in the words of the ICANN
 * profile ("Registrant Name", "Tech Phone", "Registry Registrant ID"). */

/* {"type": "…"} or {"description": "…"} or a plain string. */
static char *
name_text (JsonObject *object, const char *member)
{
  JsonNode *node =
      json_object_has_member (object, member) ? json_object_get_member (object, member) : NULL;
  const char *text = NULL;

  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      text = aura_rdap_member_string (json_node_get_object (node), "type");
      if (text == NULL)
        text = aura_rdap_member_string (json_node_get_object (node), "description");
    }
  else
    text = aura_rdap_json_string (node);
  return aura_rdap_clean (text, 256);
}

static const struct
{
  const char *word;
  const char *role;
} role_words[] = {
  { "registrant", "registrant" }, { "administrative", "administrative" },
  { "admin", "administrative" },  { "technical", "technical" },
  { "tech", "technical" },        { "billing", "billing" },
  { "abuse", "abuse" },
};

static const char *
role_of (const char *path, const char *name)
{
  g_autofree char *lower_path = path != NULL ? g_ascii_strdown (path, -1) : NULL;
  g_autofree char *lower_name = name != NULL ? g_ascii_strdown (name, -1) : NULL;

  for (guint i = 0; lower_path != NULL && i < G_N_ELEMENTS (role_words); i++)
    {
      g_autofree char *quoted = g_strdup_printf ("'%s'", role_words[i].word);
      g_autofree char *double_quoted = g_strdup_printf ("\"%s\"", role_words[i].word);

      if (strstr (lower_path, quoted) != NULL || strstr (lower_path, double_quoted) != NULL)
        return role_words[i].role;
    }
  for (guint i = 0; lower_name != NULL && i < G_N_ELEMENTS (role_words); i++)
    if (g_str_has_prefix (lower_name, role_words[i].word) ||
        (g_str_has_prefix (lower_name, "registry ") &&
         strstr (lower_name, role_words[i].word) != NULL))
      return role_words[i].role;
  return NULL;
}

static const struct
{
  const char *property;
  const char *field;
} path_properties[] = {
  { "'fn'", "name" },     { "'org'", "organisation" },  { "'email'", "email" },
  { "'adr'", "address" }, { "'contact-uri'", "email" },
};

static const struct
{
  const char *word;
  const char *field;
} name_words[] = {
  { "email", "email" },
  { "e-mail", "email" },
  { "fax", "fax" },
  { "phone", "phone" },
  { "organization", "organisation" },
  { "organisation", "organisation" },
  { "street", "address" },
  { "city", "address" },
  { "postal", "address" },
  { "state", "address" },
  { "province", "address" },
  { "country", "address" },
  { "address", "address" },
  { " id", "handle" },
  { "handle", "handle" },
  { "name", "name" },
};

static const char *
field_of (const char *path, const char *name)
{
  g_autofree char *lower_path = path != NULL ? g_ascii_strdown (path, -1) : NULL;
  g_autofree char *lower_name = name != NULL ? g_ascii_strdown (name, -1) : NULL;

  /* The name is checked first for telephones: the path says 'tel' for
   * both voice and fax. */
  if (lower_name != NULL && strstr (lower_name, "fax") != NULL)
    return "fax";
  for (guint i = 0; lower_path != NULL && i < G_N_ELEMENTS (path_properties); i++)
    if (strstr (lower_path, path_properties[i].property) != NULL)
      return path_properties[i].field;
  if (lower_path != NULL && strstr (lower_path, "'tel'") != NULL)
    return "phone";
  if (lower_path != NULL && g_str_has_suffix (lower_path, ".handle"))
    return "handle";
  for (guint i = 0; lower_name != NULL && i < G_N_ELEMENTS (name_words); i++)
    if (strstr (lower_name, name_words[i].word) != NULL)
      return name_words[i].field;
  return NULL;
}

static void
mark_entities (AuraRdapResult *result, const char *role, const char *field, const char *method)
{
  gboolean stand_in = g_strcmp0 (method, "replacementValue") == 0;

  if (role == NULL || field == NULL)
    return;
  for (guint i = 0; i < result->entities->len; i++)
    {
      AuraRdapEntity *entity = result->entities->pdata[i];

      if (!aura_rdap_entity_has_role (entity, role))
        continue;
      aura_rdap_entity_mark_redacted (entity, field);
      /* A "replacementValue" left a stand-in name or address: it is not the
       * contact's. (A replaced email address still reaches the contact, and
       * a "partialValue" keeps what is public.) */
      if (!stand_in)
        continue;
      if (strcmp (field, "name") == 0)
        g_clear_pointer (&entity->name, g_free);
      else if (strcmp (field, "organisation") == 0)
        g_clear_pointer (&entity->organisation, g_free);
      else if (strcmp (field, "address") == 0)
        g_clear_pointer (&entity->address, g_free);
    }
}

void
aura_rdap_read_redactions (JsonObject *root, AuraRdapResult *result)
{
  JsonNode *node =
      json_object_has_member (root, "redacted") ? json_object_get_member (root, "redacted") : NULL;
  JsonArray *array;
  guint n;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;
  array = json_node_get_array (node);
  n = MIN (json_array_get_length (array), AURA_RDAP_MAX_LIST);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object;
      AuraRdapRedaction *redaction;
      const char *path;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      object = json_node_get_object (element);
      redaction = g_new0 (AuraRdapRedaction, 1);
      redaction->name = name_text (object, "name");
      redaction->method = aura_rdap_clean (aura_rdap_member_string (object, "method"), 64);
      redaction->reason = name_text (object, "reason");
      path = aura_rdap_member_string (object, "prePath");
      if (path == NULL)
        path = aura_rdap_member_string (object, "postPath");
      redaction->role = g_strdup (role_of (path, redaction->name));
      redaction->field = g_strdup (field_of (path, redaction->name));
      if (redaction->name == NULL && path == NULL)
        {
          aura_rdap_redaction_free (redaction);
          continue;
        }
      if (redaction->name == NULL)
        redaction->name = aura_rdap_clean (path, 256);
      mark_entities (result, redaction->role, redaction->field, redaction->method);
      g_ptr_array_add (result->redactions, redaction);
    }
}
