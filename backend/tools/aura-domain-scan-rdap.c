/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-tools"
#include "config.h"

#include <glib/gi18n-lib.h>

#include "aura-domain-scan-private.h"
#include "aura-rdap.h"

/* RDAP in the domain scan: who registered the domain, when, through which
 * registrar, with which contacts (where public) and name servers. */

static const struct
{
  const char *role;
  const char *relation;
} contact_roles[] = {
  { "registrant", "registrant" },
  { "administrative", "admin_contact" },
  { "technical", "tech_contact" },
  { "abuse", "abuse_contact" },
};

static void
record_contact (AuraDomainScan *self, const AuraRdapEntity *entity, const char *relation)
{
  if (entity->organisation != NULL)
    aura_domain_scan_record (self, self->domain_type, self->domain, relation,
                             AURA_ENTITY_ORGANISATION, entity->organisation, NULL, 0.9, "rdap");
  if (entity->name != NULL && g_strcmp0 (entity->kind, "org") != 0 &&
      g_strcmp0 (entity->name, entity->organisation) != 0)
    aura_domain_scan_record (self, self->domain_type, self->domain, relation, AURA_ENTITY_PERSON,
                             entity->name, NULL, 0.9, "rdap");
  for (guint i = 0; entity->emails != NULL && entity->emails[i] != NULL; i++)
    {
      aura_domain_scan_record (self, self->domain_type, self->domain, relation, AURA_ENTITY_EMAIL,
                               entity->emails[i], NULL, 0.9, "rdap");
      aura_domain_scan_add_email (self, entity->emails[i], "rdap");
    }
  for (guint i = 0; entity->phones != NULL && entity->phones[i] != NULL; i++)
    aura_domain_scan_record (self, self->domain_type, self->domain, relation, AURA_ENTITY_PHONE,
                             entity->phones[i], NULL, 0.9, "rdap");
}

static void
record_entities (AuraDomainScan *self, const AuraRdapResult *result)
{
  for (guint i = 0; result->entities != NULL && i < result->entities->len; i++)
    {
      const AuraRdapEntity *entity = result->entities->pdata[i];

      for (guint r = 0; r < G_N_ELEMENTS (contact_roles); r++)
        if (aura_rdap_entity_has_role (entity, contact_roles[r].role))
          record_contact (self, entity, contact_roles[r].relation);
    }
}

static void
add_date (JsonBuilder *builder, const char *member, GDateTime *date)
{
  g_autofree char *text = date != NULL ? g_date_time_format_iso8601 (date) : NULL;

  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, text);
}

static void
add_strv (JsonBuilder *builder, const char *member, char **values)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

static void
contacts_to_json (JsonBuilder *builder, const AuraRdapResult *result)
{
  for (guint i = 0; result->entities != NULL && i < result->entities->len; i++)
    {
      const AuraRdapEntity *entity = result->entities->pdata[i];

      json_builder_begin_object (builder);
      add_strv (builder, "roles", entity->roles);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, entity->name);
      json_builder_set_member_name (builder, "organisation");
      json_builder_add_string_value (builder, entity->organisation);
      add_strv (builder, "emails", entity->emails);
      add_strv (builder, "phones", entity->phones);
      json_builder_set_member_name (builder, "address");
      json_builder_add_string_value (builder, entity->address);
      json_builder_set_member_name (builder, "country");
      json_builder_add_string_value (builder, entity->country_code);
      add_strv (builder, "redacted", entity->redacted);
      json_builder_end_object (builder);
    }
}

JsonNode *
aura_rdap_result_summary_to_json (const AuraRdapResult *result)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  const AuraRdapResult *registrar = result->registrar_data;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, result->url);
  json_builder_set_member_name (builder, "handle");
  json_builder_add_string_value (builder, result->handle);
  json_builder_set_member_name (builder, "registrar");
  json_builder_add_string_value (builder, result->registrar_name);
  json_builder_set_member_name (builder, "registrar_iana_id");
  json_builder_add_string_value (builder, result->registrar_iana_id);
  add_date (builder, "registered", result->registered);
  add_date (builder, "expires", result->expires);
  add_date (builder, "last_changed", result->last_changed);
  add_strv (builder, "status", result->status);
  add_strv (builder, "nameservers", result->nameservers);
  json_builder_set_member_name (builder, "dnssec");
  json_builder_add_string_value (builder,
                                 result->secure_dns == AURA_RDAP_SECURE_DNS_SIGNED     ? "signed"
                                 : result->secure_dns == AURA_RDAP_SECURE_DNS_UNSIGNED ? "unsigned"
                                                                                       : "unknown");
  json_builder_set_member_name (builder, "contacts");
  json_builder_begin_array (builder);
  contacts_to_json (builder, result);
  if (registrar != NULL)
    contacts_to_json (builder, registrar);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "registrar_error");
  json_builder_add_string_value (
      builder, result->registrar_error != NULL ? result->registrar_error->message : NULL);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static char *
domain_attributes (const AuraRdapResult *result)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (builder);
  add_date (builder, "registered", result->registered);
  add_date (builder, "expires", result->expires);
  json_builder_set_member_name (builder, "registrar");
  json_builder_add_string_value (builder, result->registrar_name);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static void
rdap_cb (GObject *object, GAsyncResult *async_result, gpointer data)
{
  AuraDomainScan *self = data;
  AuraDomainSource *part = aura_domain_scan_find_part (self, "rdap");
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraRdapResult) result = aura_rdap_lookup_finish (async_result, &error);

  part->requests = result != NULL && result->registrar_data != NULL ? 2 : 1;
  if (result == NULL)
    {
      AuraDomainSourceState state = AURA_DOMAIN_SOURCE_ERROR;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        state = AURA_DOMAIN_SOURCE_CANCELLED;
      aura_domain_scan_end_part (self, part, state, error->message);
    }
  else
    {
      g_autofree char *attributes = domain_attributes (result);

      part->found = 1;
      self->rdap = aura_rdap_result_summary_to_json (result);
      aura_domain_scan_record (self, self->domain_type, NULL, NULL, self->domain_type, self->domain,
                               attributes, 1.0, "rdap");
      if (result->registrar_name != NULL)
        aura_domain_scan_record (self, self->domain_type, self->domain, "registered_with",
                                 AURA_ENTITY_ORGANISATION, result->registrar_name, NULL, 1.0,
                                 "rdap");
      for (guint i = 0; result->nameservers != NULL && result->nameservers[i] != NULL; i++)
        {
          const char *host = result->nameservers[i];

          aura_domain_scan_record (self, self->domain_type, self->domain, "name_server",
                                   aura_entity_type_for_host (host), host, NULL, 1.0, "rdap");
        }
      record_entities (self, result);
      if (result->registrar_data != NULL)
        record_entities (self, result->registrar_data);
      aura_domain_scan_end_part (self, part, AURA_DOMAIN_SOURCE_OK, NULL);
    }
  aura_domain_scan_release (self);
  g_object_unref (self);
}

void
aura_domain_scan_start_rdap (AuraDomainScan *self)
{
  g_autoptr (AuraRdapBootstrap) bootstrap = NULL;
  g_autoptr (GError) error = NULL;
  AuraRdapLookupOptions options = { 0 };
  AuraDomainSource *part;

  if (self->no_rdap)
    return;
  part = aura_domain_scan_add_part (self, "rdap", _ ("RDAP registration data"));
  bootstrap = self->rdap_bootstrap_dir != NULL
                  ? aura_rdap_bootstrap_new_from_dirs (self->rdap_bootstrap_dir,
                                                       self->rdap_bootstrap_dir, &error)
                  : aura_rdap_bootstrap_new_default (&error);
  if (bootstrap == NULL)
    {
      aura_domain_scan_end_part (self, part, AURA_DOMAIN_SOURCE_ERROR, error->message);
      return;
    }
  options.bootstrap = bootstrap;
  options.timeout_ms = self->timeout_ms;
  aura_domain_scan_hold (self);
  aura_rdap_lookup_async (self->engine, AURA_RDAP_KIND_DOMAIN, self->domain, &options,
                          self->cancellable, rdap_cb, g_object_ref (self));
}
