/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-rdap"
#include "config.h"

#include <string.h>

#include "aura-page-extract-private.h"
#include "aura-rdap-private.h"

/* The result structs, and the small text and JSON helpers every part of
 * the RDAP client shares. */

G_DEFINE_QUARK (aura - rdap - error - quark, aura_rdap_error)

const char *
aura_rdap_kind_to_string (AuraRdapKind kind)
{
  switch (kind)
    {
      case AURA_RDAP_KIND_DOMAIN:
        return "domain";
      case AURA_RDAP_KIND_IP:
        return "ip";
      case AURA_RDAP_KIND_AUTNUM:
        return "autnum";
      default:
        g_return_val_if_reached (NULL);
    }
}

/* ---- Structs ------------------------------------------------------------ */

AuraRdapResult *
aura_rdap_result_new (AuraRdapKind kind)
{
  AuraRdapResult *result = g_new0 (AuraRdapResult, 1);

  result->kind = kind;
  result->events = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_rdap_event_free);
  result->entities = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_rdap_entity_free);
  result->redactions = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_rdap_redaction_free);
  return result;
}

void
aura_rdap_result_free (AuraRdapResult *result)
{
  if (result == NULL)
    return;
  g_free (result->object_class);
  g_free (result->url);
  g_free (result->handle);
  g_free (result->ldh_name);
  g_free (result->unicode_name);
  g_free (result->port43);
  g_strfreev (result->status);
  g_ptr_array_unref (result->events);
  g_clear_pointer (&result->registered, g_date_time_unref);
  g_clear_pointer (&result->expires, g_date_time_unref);
  g_clear_pointer (&result->last_changed, g_date_time_unref);
  g_free (result->registrar_name);
  g_free (result->registrar_iana_id);
  g_free (result->related_url);
  g_ptr_array_unref (result->entities);
  g_strfreev (result->nameservers);
  g_free (result->start_address);
  g_free (result->end_address);
  g_free (result->ip_version);
  g_strfreev (result->cidrs);
  g_free (result->name);
  g_free (result->type);
  g_free (result->country);
  g_free (result->parent_handle);
  g_ptr_array_unref (result->redactions);
  aura_rdap_result_free (result->registrar_data);
  g_clear_error (&result->registrar_error);
  g_free (result);
}

AuraRdapEntity *
aura_rdap_entity_new (void)
{
  AuraRdapEntity *entity = g_new0 (AuraRdapEntity, 1);

  entity->roles = g_new0 (char *, 1);
  entity->emails = g_new0 (char *, 1);
  entity->phones = g_new0 (char *, 1);
  entity->faxes = g_new0 (char *, 1);
  entity->redacted = g_new0 (char *, 1);
  entity->parent = -1;
  return entity;
}

void
aura_rdap_entity_free (AuraRdapEntity *entity)
{
  if (entity == NULL)
    return;
  g_free (entity->handle);
  g_strfreev (entity->roles);
  g_free (entity->kind);
  g_free (entity->name);
  g_free (entity->organisation);
  g_strfreev (entity->emails);
  g_strfreev (entity->phones);
  g_strfreev (entity->faxes);
  g_free (entity->address);
  g_free (entity->country_code);
  g_free (entity->url);
  g_free (entity->contact_uri);
  g_free (entity->iana_id);
  g_strfreev (entity->redacted);
  g_free (entity);
}

void
aura_rdap_event_free (AuraRdapEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->action);
  g_free (event->date_text);
  g_clear_pointer (&event->date, g_date_time_unref);
  g_free (event->actor);
  g_free (event);
}

void
aura_rdap_redaction_free (AuraRdapRedaction *redaction)
{
  if (redaction == NULL)
    return;
  g_free (redaction->name);
  g_free (redaction->role);
  g_free (redaction->field);
  g_free (redaction->method);
  g_free (redaction->reason);
  g_free (redaction);
}

GStrv
aura_rdap_strv_from_array (GPtrArray *array)
{
  GStrv strv = g_new0 (char *, array->len + 1);

  for (guint i = 0; i < array->len; i++)
    strv[i] = g_strdup (array->pdata[i]);
  return strv;
}

void
aura_rdap_entity_mark_redacted (AuraRdapEntity *entity, const char *field)
{
  guint n = entity->redacted != NULL ? g_strv_length (entity->redacted) : 0;

  if (entity->redacted != NULL && g_strv_contains ((const char *const *)entity->redacted, field))
    return;
  entity->redacted = g_renew (char *, entity->redacted, n + 2);
  entity->redacted[n] = g_strdup (field);
  entity->redacted[n + 1] = NULL;
}

gboolean
aura_rdap_entity_has_role (const AuraRdapEntity *entity, const char *role)
{
  g_return_val_if_fail (entity != NULL, FALSE);
  g_return_val_if_fail (role != NULL, FALSE);

  for (guint i = 0; entity->roles != NULL && entity->roles[i] != NULL; i++)
    if (g_ascii_strcasecmp (entity->roles[i], role) == 0)
      return TRUE;
  return FALSE;
}

gboolean
aura_rdap_entity_is_redacted (const AuraRdapEntity *entity, const char *field)
{
  g_return_val_if_fail (entity != NULL, FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  return entity->redacted != NULL && g_strv_contains ((const char *const *)entity->redacted, field);
}

static const AuraRdapEntity *
find_in (const AuraRdapResult *result, const char *role)
{
  for (guint i = 0; result != NULL && i < result->entities->len; i++)
    if (aura_rdap_entity_has_role (result->entities->pdata[i], role))
      return result->entities->pdata[i];
  return NULL;
}

const AuraRdapEntity *
aura_rdap_result_find_entity (const AuraRdapResult *result, const char *role)
{
  const AuraRdapEntity *entity;

  g_return_val_if_fail (result != NULL, NULL);
  g_return_val_if_fail (role != NULL, NULL);

  entity = find_in (result->registrar_data, role);
  return entity != NULL ? entity : find_in (result, role);
}

/* ---- Text --------------------------------------------------------------- */

char *
aura_rdap_clean (const char *raw, guint max_chars)
{
  /* The page extractor's cleaning does exactly what RDAP text needs:
   * valid UTF-8, NFC, no controls, no bidirectional or zero-width tricks. */
  return aura_page_clean_text (raw, -1, FALSE, max_chars);
}

/* Words registries and registrars put in place of withheld data. Matched
 * case-insensitively as a substring, so “REDACTED FOR PRIVACY”, “Redacted |
 * EU Data Subject” and “[REDACTED]” are all caught. */
static const char *const redaction_markers[] = {
  "redacted",
  "data protected",
  "not disclosed",
  "non-public data",
  "statutory masking",
  "gdpr masked",
  "withheld for privacy purposes",
  "please query the rdap service of the registrar",
  "please query the whois server of the owning registrar",
};

/* Whole values that mean the same. */
static const char *const redaction_values[] = {
  "private", "withheld", "hidden", "not public", "xxx", "***",
};

/* Whole values that only say “nothing here”. */
static const char *const placeholder_values[] = {
  "n/a", "na", "none", "null", "-", "--", ".", "?", "unknown", "not applicable",
};

gboolean
aura_rdap_is_placeholder (const char *value)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *folded = NULL;

  if (value == NULL)
    return TRUE;
  trimmed = g_strstrip (g_strdup (value));
  if (*trimmed == '\0')
    return TRUE;
  folded = g_utf8_casefold (trimmed, -1);
  for (guint i = 0; i < G_N_ELEMENTS (placeholder_values); i++)
    if (strcmp (folded, placeholder_values[i]) == 0)
      return TRUE;
  return FALSE;
}

gboolean
aura_rdap_is_redacted_text (const char *value)
{
  g_autofree char *folded = NULL;
  g_autofree char *trimmed = NULL;

  if (value == NULL)
    return FALSE;
  trimmed = g_strstrip (g_strdup (value));
  folded = g_utf8_casefold (trimmed, -1);
  for (guint i = 0; i < G_N_ELEMENTS (redaction_markers); i++)
    if (strstr (folded, redaction_markers[i]) != NULL)
      return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (redaction_values); i++)
    if (strcmp (folded, redaction_values[i]) == 0)
      return TRUE;
  return FALSE;
}

/* ---- JSON --------------------------------------------------------------- */

const char *
aura_rdap_json_string (JsonNode *node)
{
  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

const char *
aura_rdap_member_string (JsonObject *object, const char *name)
{
  if (object == NULL || !json_object_has_member (object, name))
    return NULL;
  return aura_rdap_json_string (json_object_get_member (object, name));
}

gboolean
aura_rdap_check_depth (const char *json, gsize len, guint max_depth)
{
  guint depth = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = json[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > max_depth)
            return FALSE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}
