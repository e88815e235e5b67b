/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-tools"
#include "config.h"

#include <glib/gi18n-lib.h>

#include "aura-domain-scan-private.h"

/* The DNS parts of the domain scan: the domain's own records and policies,
 * zone transfers from its name servers, the validation of names found
 * without addresses, and the AS and network of every address (Team Cymru's
 * IP-to-ASN service, asked over DNS: one TXT query per address, which
 * works through any resolver and in bulk, unlike whois). */

#define MAX_RESOLVING 64
#define MAX_LOCATING 16
#define MAX_LOCATED 512

/* TXT records that prove control of a domain to a service: the token ties
 * every domain carrying it to one account at that service. */
static const char *const verification_prefixes[] = {
  "google-site-verification=",
  "facebook-domain-verification=",
  "ms=",
  "apple-domain-verification=",
  "atlassian-domain-verification=",
  "docusign=",
  "stripe-verification=",
  "adobe-idp-site-verification=",
  "globalsign-domain-verification=",
  "zoom-domain-verification=",
  "slack-domain-verification=",
  "dropbox-domain-verification=",
  "yandex-verification:",
  "hubspot-developer-verification=",
  "onetrust-domain-verification=",
  "openai-domain-verification=",
};

typedef struct
{
  AuraDomainScan *scan;
  char *value;
} Pending;

static Pending *
pending_new (AuraDomainScan *scan, const char *value)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->scan = g_object_ref (scan);
  pending->value = g_strdup (value);
  return pending;
}

static void
pending_free (Pending *pending)
{
  g_object_unref (pending->scan);
  g_free (pending->value);
  g_free (pending);
}

/* ---- The domain's records ------------------------------------------------------ */

static GPtrArray *
part_records (AuraDnsSurvey *survey, AuraDnsSurveyPart part)
{
  return survey->parts[part].records;
}

static void
record_host (AuraDomainScan *self,
             const char *relation,
             const char *host,
             const char *attributes,
             const char *source)
{
  if (host == NULL || *host == '\0' || strcmp (host, ".") == 0)
    return;
  aura_domain_scan_record (self, self->domain_type, self->domain, relation,
                           aura_entity_type_for_host (host), host, attributes, 1.0, source);
  if (aura_domain_scan_is_inside (self, host))
    aura_domain_scan_add_name (self, host, source, NULL, NULL);
}

static void
record_txt (AuraDomainScan *self, const AuraDnsRecord *record)
{
  const char *text = record->text;

  if (text == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (verification_prefixes); i++)
    if (g_ascii_strncasecmp (text, verification_prefixes[i], strlen (verification_prefixes[i])) ==
            0 &&
        strchr (text, ' ') == NULL)
      {
        aura_domain_scan_record (self, self->domain_type, self->domain, "verified_with",
                                 AURA_ENTITY_IDENTIFIER, text, NULL, 1.0, "dns-records");
        return;
      }
}

static void
record_spf (AuraDomainScan *self, const AuraSpfRecord *spf)
{
  for (guint i = 0; i < spf->mechanisms->len; i++)
    {
      const AuraSpfMechanism *mechanism = spf->mechanisms->pdata[i];

      if (mechanism->type == AURA_SPF_INCLUDE && mechanism->domain != NULL &&
          strchr (mechanism->domain, '%') == NULL)
        aura_domain_scan_record (self, self->domain_type, self->domain, "spf_include",
                                 aura_entity_type_for_host (mechanism->domain), mechanism->domain,
                                 NULL, 1.0, "dns-records");
      else if ((mechanism->type == AURA_SPF_IP4 || mechanism->type == AURA_SPF_IP6) &&
               mechanism->network != NULL)
        {
          int length = mechanism->type == AURA_SPF_IP4 ? mechanism->cidr4 : mechanism->cidr6;
          g_autofree char *value = length >= 0
                                       ? g_strdup_printf ("%s/%d", mechanism->network, length)
                                       : g_strdup (mechanism->network);

          aura_domain_scan_record (self, self->domain_type, self->domain, "spf_allows",
                                   length >= 0 ? AURA_ENTITY_NETWORK : AURA_ENTITY_IP, value, NULL,
                                   1.0, "dns-records");
        }
    }
  if (spf->redirect != NULL && strchr (spf->redirect, '%') == NULL)
    aura_domain_scan_record (self, self->domain_type, self->domain, "spf_include",
                             aura_entity_type_for_host (spf->redirect), spf->redirect, NULL, 1.0,
                             "dns-records");
}

static void
record_dmarc_uris (AuraDomainScan *self, GPtrArray *uris)
{
  for (guint i = 0; uris != NULL && i < uris->len; i++)
    {
      const AuraDmarcUri *uri = uris->pdata[i];

      if (g_ascii_strncasecmp (uri->uri, "mailto:", 7) == 0)
        {
          aura_domain_scan_record (self, self->domain_type, self->domain, "dmarc_reports_to",
                                   AURA_ENTITY_EMAIL, uri->uri + 7, NULL, 1.0, "dns-records");
          aura_domain_scan_add_email (self, uri->uri + 7, "dns-records");
        }
    }
}

/* The SOA's mailbox "hostmaster.example.com" is hostmaster@example.com
 * (a "\." inside the first label is a dot of the local part). */
static char *
soa_mailbox_to_email (const char *mailbox)
{
  g_autoptr (GString) local = g_string_new (NULL);
  const char *p = mailbox;

  for (; *p != '\0' && *p != '.'; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        p++;
      g_string_append_c (local, *p);
    }
  if (*p != '.' || p[1] == '\0' || local->len == 0)
    return NULL;
  return g_strdup_printf ("%s@%s", local->str, p + 1);
}

static void
record_survey (AuraDomainScan *self, AuraDomainSource *part)
{
  AuraDnsSurvey *survey = self->survey;
  g_autoptr (GPtrArray) addresses = g_ptr_array_new ();
  GPtrArray *records;

  for (guint p = 0; p < AURA_DNS_SURVEY_N_PARTS; p++)
    part->found += part_records (survey, p)->len;

  records = part_records (survey, AURA_DNS_SURVEY_A);
  for (guint i = 0; i < records->len; i++)
    g_ptr_array_add (addresses, ((AuraDnsRecord *)records->pdata[i])->address);
  records = part_records (survey, AURA_DNS_SURVEY_AAAA);
  for (guint i = 0; i < records->len; i++)
    g_ptr_array_add (addresses, ((AuraDnsRecord *)records->pdata[i])->address);
  g_ptr_array_add (addresses, NULL);
  if (addresses->len > 1)
    aura_domain_scan_add_name (self, self->domain, "dns-records",
                               (const char *const *)addresses->pdata, NULL);

  records = part_records (survey, AURA_DNS_SURVEY_MX);
  for (guint i = 0; i < records->len; i++)
    {
      const AuraDnsRecord *record = records->pdata[i];
      g_autofree char *attributes = g_strdup_printf ("{\"preference\":%u}", record->preference);

      record_host (self, "mail_server", record->target, attributes, "dns-records");
    }
  records = part_records (survey, AURA_DNS_SURVEY_NS);
  for (guint i = 0; i < records->len; i++)
    record_host (self, "name_server", ((AuraDnsRecord *)records->pdata[i])->target, NULL,
                 "dns-records");
  records = part_records (survey, AURA_DNS_SURVEY_SRV);
  for (guint i = 0; i < records->len; i++)
    {
      const AuraDnsRecord *record = records->pdata[i];
      g_autofree char *attributes =
          g_strdup_printf ("{\"service\":\"%s\",\"port\":%u}", record->name, record->port);

      record_host (self, "offers_service", record->target, attributes, "dns-records");
    }
  records = part_records (survey, AURA_DNS_SURVEY_TXT);
  for (guint i = 0; i < records->len; i++)
    record_txt (self, records->pdata[i]);
  records = part_records (survey, AURA_DNS_SURVEY_PTR);
  for (guint i = 0; i < records->len; i++)
    {
      const AuraDnsRecord *record = records->pdata[i];

      if (record->target != NULL && strcmp (record->target, ".") != 0)
        aura_domain_scan_record (self, self->domain_type, self->domain, "reverse_name",
                                 aura_entity_type_for_host (record->target), record->target, NULL,
                                 1.0, "dns-records");
    }
  records = part_records (survey, AURA_DNS_SURVEY_SOA);
  if (records->len > 0)
    {
      const AuraDnsRecord *soa = records->pdata[0];
      g_autofree char *email = soa->mailbox != NULL ? soa_mailbox_to_email (soa->mailbox) : NULL;

      if (email != NULL)
        {
          aura_domain_scan_record (self, self->domain_type, self->domain, "soa_contact",
                                   AURA_ENTITY_EMAIL, email, NULL, 0.8, "dns-records");
          aura_domain_scan_add_email (self, email, "dns-records");
        }
    }
  if (survey->spf != NULL)
    record_spf (self, survey->spf);
  if (survey->dmarc != NULL)
    {
      record_dmarc_uris (self, survey->dmarc->rua);
      record_dmarc_uris (self, survey->dmarc->ruf);
    }
}

static void start_transfers (AuraDomainScan *self);

static void
survey_cb (GObject *object, GAsyncResult *result, gpointer data)
{
  AuraDomainScan *self = data;
  AuraDomainSource *part = aura_domain_scan_find_part (self, "dns-records");
  g_autoptr (GError) error = NULL;

  self->survey = aura_dns_client_survey_finish (AURA_DNS_CLIENT (object), result, &error);
  part->requests = AURA_DNS_SURVEY_N_PARTS;
  if (self->survey == NULL)
    aura_domain_scan_end_part (self, part,
                               g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                                   ? AURA_DOMAIN_SOURCE_CANCELLED
                                   : AURA_DOMAIN_SOURCE_ERROR,
                               error->message);
  else
    {
      record_survey (self, part);
      aura_domain_scan_end_part (self, part, AURA_DOMAIN_SOURCE_OK, NULL);
    }
  if (!self->no_transfer)
    start_transfers (self);
  aura_domain_scan_release (self);
  g_object_unref (self);
}

/* ---- Zone transfers ------------------------------------------------------------- */

/* Groups a transferred zone by owner name and adds each name inside the
 * domain once, with its addresses and alias. */
static guint
add_zone (AuraDomainScan *self, GPtrArray *records)
{
  g_autoptr (GHashTable) addresses =
      g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify)g_ptr_array_unref);
  g_autoptr (GHashTable) aliases = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) owners = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key;
  guint added = 0;

  for (guint i = 0; i < records->len; i++)
    {
      const AuraDnsRecord *record = records->pdata[i];
      GPtrArray *list;

      if (record->name == NULL || !aura_domain_scan_is_inside (self, record->name) ||
          record->name[0] == '*')
        continue;
      g_hash_table_add (owners, record->name);
      if ((record->type == AURA_DNS_TYPE_A || record->type == AURA_DNS_TYPE_AAAA) &&
          record->address != NULL)
        {
          list = g_hash_table_lookup (addresses, record->name);
          if (list == NULL)
            {
              list = g_ptr_array_new ();
              g_hash_table_insert (addresses, record->name, list);
            }
          g_ptr_array_add (list, record->address);
        }
      else if (record->type == AURA_DNS_TYPE_CNAME && record->target != NULL)
        g_hash_table_insert (aliases, record->name, record->target);
    }
  g_hash_table_iter_init (&iter, owners);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      GPtrArray *list = g_hash_table_lookup (addresses, key);
      const char *alias = g_hash_table_lookup (aliases, key);
      const char *cnames[] = { alias, NULL };

      if (list != NULL)
        g_ptr_array_add (list, NULL);
      if (list != NULL || alias != NULL)
        {
          /* An alias's addresses come from resolving it. */
          if (list == NULL)
            aura_domain_scan_add_name (self, key, "axfr", NULL, NULL);
          else
            aura_domain_scan_add_name (self, key, "axfr", (const char *const *)list->pdata,
                                       alias != NULL ? cnames : NULL);
        }
      else
        aura_domain_scan_add_name (self, key, "axfr", NULL, NULL);
      added++;
    }
  return added;
}

static void
transfers_cb (GObject *object, GAsyncResult *result, gpointer data)
{
  AuraDomainScan *self = data;
  AuraDomainSource *part = aura_domain_scan_find_part (self, "axfr");
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) refusals = g_string_new (NULL);
  guint succeeded = 0;

  self->transfers = aura_dns_client_try_transfers_finish (AURA_DNS_CLIENT (object), result, &error);
  if (self->transfers == NULL)
    {
      aura_domain_scan_end_part (self, part,
                                 g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                                     ? AURA_DOMAIN_SOURCE_CANCELLED
                                     : AURA_DOMAIN_SOURCE_ERROR,
                                 error->message);
      aura_domain_scan_release (self);
      g_object_unref (self);
      return;
    }
  for (guint i = 0; i < self->transfers->len; i++)
    {
      AuraDnsTransfer *transfer = self->transfers->pdata[i];

      part->requests++;
      if (transfer->records != NULL)
        {
          succeeded++;
          part->found += add_zone (self, transfer->records);
        }
      else if (transfer->error != NULL)
        {
          if (refusals->len > 0)
            g_string_append (refusals, "; ");
          g_string_append (refusals, transfer->error->message);
        }
      aura_domain_scan_record_result (
          self, "axfr", transfer->server, transfer->records != NULL ? "found" : "not_found",
          transfer->error != NULL ? transfer->error->message : NULL, NULL);
    }
  /* A refused transfer is the expected answer, not a failure of the scan:
   * the part ends "ok" and says who refused. */
  aura_domain_scan_end_part (self, part, AURA_DOMAIN_SOURCE_OK,
                             succeeded == 0 && refusals->len > 0 ? refusals->str : NULL);
  aura_domain_scan_release (self);
  g_object_unref (self);
}

static void
start_transfers (AuraDomainScan *self)
{
  if (self->cancelled)
    return;
  aura_domain_scan_add_part (self, "axfr", _ ("Zone transfer"));
  aura_domain_scan_hold (self);
  aura_dns_client_try_transfers_async (self->dns, self->domain, self->dns_port,
                                       self->timeout_ms != 0 ? self->timeout_ms * 4 : 0,
                                       self->cancellable, transfers_cb, g_object_ref (self));
}

void
aura_domain_scan_start_dns (AuraDomainScan *self)
{
  aura_domain_scan_add_part (self, "dns-records", _ ("DNS records"));
  aura_domain_scan_hold (self);
  aura_dns_client_survey_async (self->dns, self->domain, self->cancellable, survey_cb,
                                g_object_ref (self));
}

/* ---- Validation by resolution --------------------------------------------------- */

static void
resolve_cb (GObject *object, GAsyncResult *result, gpointer data)
{
  Pending *pending = data;
  AuraDomainScan *self = pending->scan;
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraDnsChain) chain =
      aura_dns_client_resolve_chain_finish (AURA_DNS_CLIENT (object), result, &error);

  self->resolving--;
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    aura_domain_scan_resolved (self, pending->value, chain);
  aura_domain_scan_hold (self);
  aura_domain_scan_release (self);
  pending_free (pending);
}

/* ---- AS and network of each address ---------------------------------------------- */

/* "d.c.b.a.origin.asn.cymru.com" or the nibbles of an IPv6 address under
 * "origin6.asn.cymru.com". */
static char *
origin_name (const char *address)
{
  g_autofree char *reverse = aura_dns_reverse_name (address, NULL);

  if (reverse == NULL)
    return NULL;
  if (g_str_has_suffix (reverse, ".in-addr.arpa"))
    {
      reverse[strlen (reverse) - strlen (".in-addr.arpa")] = '\0';
      return g_strconcat (reverse, ".origin.asn.cymru.com", NULL);
    }
  if (g_str_has_suffix (reverse, ".ip6.arpa"))
    {
      reverse[strlen (reverse) - strlen (".ip6.arpa")] = '\0';
      return g_strconcat (reverse, ".origin6.asn.cymru.com", NULL);
    }
  return NULL;
}

/* "64500 64501 | 192.0.2.0/24 | FR | ripencc | 2001-01-01" → fields. */
static char **
split_fields (const char *text)
{
  char **fields = g_strsplit (text, "|", 6);

  for (guint i = 0; fields[i] != NULL; i++)
    g_strstrip (fields[i]);
  return fields;
}

static const char *
field (char **fields, guint index)
{
  for (guint i = 0; i <= index; i++)
    if (fields[i] == NULL)
      return NULL;
  return *fields[index] != '\0' ? fields[index] : NULL;
}

static void
as_name_cb (GObject *object, GAsyncResult *result, gpointer data)
{
  Pending *pending = data;
  AuraDomainScan *self = pending->scan;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) records =
      aura_dns_client_lookup_finish (AURA_DNS_CLIENT (object), result, &error);

  self->locating--;
  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      const AuraDnsRecord *record = records->pdata[i];
      g_auto (GStrv) fields = NULL;
      const char *name;
      GHashTableIter iter;
      gpointer value;

      if (record->type != AURA_DNS_TYPE_TXT || record->text == NULL)
        continue;
      fields = split_fields (record->text);
      name = field (fields, 4);
      if (name == NULL)
        continue;
      aura_domain_scan_record (self, AURA_ENTITY_ASN, pending->value, "operated_by",
                               AURA_ENTITY_ORGANISATION, name, NULL, 0.9, "asn");
      g_hash_table_iter_init (&iter, self->addresses);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          AuraDomainNetwork *network = value;

          if (network != NULL && g_strcmp0 (network->asn, pending->value) == 0)
            {
              g_free (network->as_name);
              network->as_name = g_strdup (name);
            }
        }
      break;
    }
  aura_domain_scan_hold (self);
  aura_domain_scan_release (self);
  pending_free (pending);
}

static gboolean
asn_named (AuraDomainScan *self, const char *asn)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->addresses);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      AuraDomainNetwork *network = value;

      if (network != NULL && g_strcmp0 (network->asn, asn) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
origin_cb (GObject *object, GAsyncResult *result, gpointer data)
{
  Pending *pending = data;
  AuraDomainScan *self = pending->scan;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) records =
      aura_dns_client_lookup_finish (AURA_DNS_CLIENT (object), result, &error);
  AuraDomainNetwork *network = NULL;

  self->locating--;
  for (guint i = 0; records != NULL && i < records->len && network == NULL; i++)
    {
      const AuraDnsRecord *record = records->pdata[i];
      g_auto (GStrv) fields = NULL;
      g_auto (GStrv) asns = NULL;
      const char *first;

      if (record->type != AURA_DNS_TYPE_TXT || record->text == NULL)
        continue;
      fields = split_fields (record->text);
      first = field (fields, 0);
      if (first == NULL)
        continue;
      asns = g_strsplit (first, " ", 2);
      if (asns[0] == NULL || !g_ascii_isdigit (asns[0][0]))
        continue;
      network = g_new0 (AuraDomainNetwork, 1);
      network->address = g_strdup (pending->value);
      network->asn = g_strdup_printf ("AS%s", asns[0]);
      network->prefix = g_strdup (field (fields, 1));
      network->country = g_strdup (field (fields, 2));
      network->registry = g_strdup (field (fields, 3));
    }
  if (network != NULL)
    {
      gboolean named = asn_named (self, network->asn);
      g_autofree char *attributes = network->country != NULL
                                        ? g_strdup_printf ("{\"country\":\"%s\"}", network->country)
                                        : NULL;

      if (network->prefix != NULL)
        {
          aura_domain_scan_record (self, AURA_ENTITY_IP, pending->value, "in_network",
                                   AURA_ENTITY_NETWORK, network->prefix, NULL, 0.9, "asn");
          aura_domain_scan_record (self, AURA_ENTITY_NETWORK, network->prefix, "announced_by",
                                   AURA_ENTITY_ASN, network->asn, attributes, 0.9, "asn");
        }
      else
        aura_domain_scan_record (self, AURA_ENTITY_IP, pending->value, "announced_by",
                                 AURA_ENTITY_ASN, network->asn, attributes, 0.9, "asn");
      g_hash_table_replace (self->addresses, g_strdup (pending->value), network);
      if (!named && !self->cancelled)
        {
          g_autofree char *name = g_strdup_printf ("%s.asn.cymru.com", network->asn);

          self->locating++;
          self->dns_queries++;
          aura_dns_client_lookup_async (self->dns, name, AURA_DNS_TYPE_TXT, self->cancellable,
                                        as_name_cb, pending_new (self, network->asn));
        }
    }
  aura_domain_scan_hold (self);
  aura_domain_scan_release (self);
  pending_free (pending);
}

void
aura_domain_scan_pump (AuraDomainScan *self)
{
  if (!self->started || self->cancelled || self->finished)
    return;
  while (self->resolving < MAX_RESOLVING && !g_queue_is_empty (&self->to_resolve))
    {
      g_autofree char *name = g_queue_pop_head (&self->to_resolve);

      self->resolving++;
      self->dns_queries++;
      aura_dns_client_resolve_chain_async (self->dns, name, self->cancellable, resolve_cb,
                                           pending_new (self, name));
    }
  while (self->locating < MAX_LOCATING && !g_queue_is_empty (&self->to_locate))
    {
      g_autofree char *address = g_queue_pop_head (&self->to_locate);
      g_autofree char *name = NULL;

      if (self->located >= MAX_LOCATED || (name = origin_name (address)) == NULL)
        continue;
      self->located++;
      self->locating++;
      self->dns_queries++;
      aura_dns_client_lookup_async (self->dns, name, AURA_DNS_TYPE_TXT, self->cancellable,
                                    origin_cb, pending_new (self, address));
    }
}

/* ---- JSON ---------------------------------------------------------------------- */

static void
records_to_json (JsonBuilder *builder, GPtrArray *records)
{
  json_builder_begin_array (builder);
  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      g_autofree char *line = aura_dns_record_to_string (records->pdata[i]);

      json_builder_add_string_value (builder, line);
    }
  json_builder_end_array (builder);
}

void
aura_domain_scan_dns_to_json (AuraDomainScan *self, JsonBuilder *builder)
{
  json_builder_set_member_name (builder, "records");
  json_builder_begin_object (builder);
  for (guint p = 0; self->survey != NULL && p < AURA_DNS_SURVEY_N_PARTS; p++)
    {
      AuraDnsSurveyResult *part = &self->survey->parts[p];

      json_builder_set_member_name (builder, aura_dns_survey_part_to_string (p));
      records_to_json (builder, part->records);
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "spf");
  if (self->survey != NULL && self->survey->spf != NULL)
    {
      AuraSpfRecord *spf = self->survey->spf;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "mechanisms");
      json_builder_begin_array (builder);
      for (guint i = 0; i < spf->mechanisms->len; i++)
        {
          const AuraSpfMechanism *m = spf->mechanisms->pdata[i];
          g_autofree char *term = g_strdup_printf (
              "%c%s%s%s", (char)m->qualifier, aura_spf_mechanism_type_to_string (m->type),
              m->domain != NULL || m->network != NULL ? ":" : "",
              m->domain != NULL    ? m->domain
              : m->network != NULL ? m->network
                                   : "");

          json_builder_add_string_value (builder, term);
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "dns_lookups");
      json_builder_add_int_value (builder, spf->dns_lookups);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "dmarc");
  if (self->survey != NULL && self->survey->dmarc != NULL)
    {
      AuraDmarcRecord *dmarc = self->survey->dmarc;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "policy");
      json_builder_add_string_value (builder, aura_dmarc_policy_to_string (dmarc->policy));
      json_builder_set_member_name (builder, "subdomain_policy");
      json_builder_add_string_value (builder,
                                     aura_dmarc_policy_to_string (dmarc->subdomain_policy));
      json_builder_set_member_name (builder, "percent");
      json_builder_add_int_value (builder, dmarc->percent);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "transfers");
  json_builder_begin_array (builder);
  for (guint i = 0; self->transfers != NULL && i < self->transfers->len; i++)
    {
      AuraDnsTransfer *transfer = self->transfers->pdata[i];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "nameserver");
      json_builder_add_string_value (builder, transfer->nameserver);
      json_builder_set_member_name (builder, "server");
      json_builder_add_string_value (builder, transfer->server);
      json_builder_set_member_name (builder, "records");
      json_builder_add_int_value (builder, transfer->records != NULL ? transfer->records->len : 0);
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder,
                                     transfer->error != NULL ? transfer->error->message : NULL);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}
