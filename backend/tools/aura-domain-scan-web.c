/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-tools"
#include "config.h"

#include <glib/gi18n-lib.h>

#include "aura-domain-scan-private.h"
#include "aura-harvest.h"

/* The web parts of the domain scan: RDAP (aura-domain-scan-rdap.c) and the
 * harvest of the domain's own pages — emails, phones, hosts, social
 * profiles and the tracking IDs that tie sites to one owner. */

static void
add_web_finding (AuraDomainScan *self, const AuraHarvestFinding *finding)
{
  JsonObject *object = json_object_new ();
  JsonArray *pages = json_array_new ();

  json_object_set_string_member (object, "kind", aura_harvest_kind_to_string (finding->kind));
  json_object_set_string_member (object, "type", finding->type);
  json_object_set_string_member (object, "value", finding->value);
  for (guint i = 0; finding->pages != NULL && i < finding->pages->len; i++)
    json_array_add_string_element (pages, finding->pages->pdata[i]);
  json_object_set_array_member (object, "pages", pages);
  g_ptr_array_add (self->web_findings, object);
}

static void
finding_cb (AuraHarvest *harvest, AuraHarvestFinding *finding, gpointer data)
{
  AuraDomainScan *self = data;
  AuraDomainSource *part = aura_domain_scan_find_part (self, "harvest");
  const char *page =
      finding->pages != NULL && finding->pages->len > 0 ? finding->pages->pdata[0] : "harvest";
  g_autofree char *attributes = NULL;

  part->found++;
  add_web_finding (self, finding);
  switch (finding->kind)
    {
      case AURA_HARVEST_EMAIL:
        aura_domain_scan_add_email (self, finding->value, "harvest");
        break;
      case AURA_HARVEST_PHONE:
        aura_domain_scan_record (
            self, self->domain_type, self->domain, "lists_phone", AURA_ENTITY_PHONE,
            finding->detail != NULL ? finding->detail : finding->value, NULL, 0.8, page);
        break;
      case AURA_HARVEST_HOST:
        aura_domain_scan_add_name (self, finding->value, "harvest", NULL, NULL);
        break;
      case AURA_HARVEST_SOCIAL:
        aura_domain_scan_record (self, self->domain_type, self->domain, "links_to_profile",
                                 AURA_ENTITY_URL, finding->value, NULL, 0.8, page);
        break;
      case AURA_HARVEST_TRACKING_ID:
        attributes = g_strdup_printf ("{\"tracker\":\"%s\"}",
                                      finding->type != NULL ? finding->type : "unknown");
        aura_domain_scan_record (self, self->domain_type, self->domain, "uses_tracking_id",
                                 AURA_ENTITY_IDENTIFIER, finding->value, attributes, 0.9, page);
        break;
      default:
        break;
    }
  aura_domain_scan_part_changed (self, part);
}

static void
page_cb (AuraHarvest *harvest, AuraHarvestPage *page, gpointer data)
{
  AuraDomainScan *self = data;
  AuraDomainSource *part = aura_domain_scan_find_part (self, "harvest");
  g_autofree char *result = g_strdup_printf (
      "{\"status\":%u,\"bytes\":%" G_GUINT64_FORMAT ",\"findings\":%u,\"truncated\":%s}",
      page->status, page->bytes, page->n_findings, page->truncated ? "true" : "false");

  part->requests++;
  aura_domain_scan_record_result (self, "harvest", page->url,
                                  page->outcome == AURA_HTTP_OK && page->status < 400 ? "found"
                                                                                      : "unknown",
                                  page->error_message, result);
}

static void
finished_cb (AuraHarvest *harvest, gpointer data)
{
  AuraDomainScan *self = data;
  AuraDomainSource *part = aura_domain_scan_find_part (self, "harvest");
  AuraHarvestStop stop = aura_harvest_get_stop_reason (harvest);

  switch (stop)
    {
      case AURA_HARVEST_STOP_CANCELLED:
        aura_domain_scan_end_part (self, part, AURA_DOMAIN_SOURCE_CANCELLED, NULL);
        break;
      case AURA_HARVEST_STOP_UNREACHABLE:
        aura_domain_scan_end_part (self, part, AURA_DOMAIN_SOURCE_ERROR,
                                   _ ("The domain’s web site did not answer"));
        break;
      case AURA_HARVEST_STOP_PAGES:
      case AURA_HARVEST_STOP_BYTES:
      case AURA_HARVEST_STOP_TIME:
        {
          g_autofree char *note =
              g_strdup_printf (_ ("Stopped at the %s limit"), aura_harvest_stop_to_string (stop));

          aura_domain_scan_end_part (self, part, AURA_DOMAIN_SOURCE_OK, note);
          break;
        }
      default:
        aura_domain_scan_end_part (self, part, AURA_DOMAIN_SOURCE_OK, NULL);
        break;
    }
  aura_domain_scan_release (self);
}

static void
start_harvest (AuraDomainScan *self)
{
  g_autoptr (GError) error = NULL;
  AuraHarvestOptions options = { 0 };
  AuraDomainSource *part;
  AuraHarvest *harvest;

  if (self->no_harvest)
    return;
  part = aura_domain_scan_add_part (self, "harvest", _ ("The domain’s web pages"));
  options.domain = self->domain;
  options.max_pages = self->harvest_pages;
  options.request_timeout_ms = self->timeout_ms != 0 ? self->timeout_ms * 4 : 0;
  options.scheme = self->web_scheme;
  options.port = self->web_port;
  harvest = aura_harvest_new (self->engine, &options, &error);
  if (harvest == NULL)
    {
      aura_domain_scan_end_part (self, part, AURA_DOMAIN_SOURCE_ERROR, error->message);
      return;
    }
  self->harvest = G_OBJECT (harvest);
  g_signal_connect (harvest, "finding", G_CALLBACK (finding_cb), self);
  g_signal_connect (harvest, "page", G_CALLBACK (page_cb), self);
  g_signal_connect (harvest, "finished", G_CALLBACK (finished_cb), self);
  aura_domain_scan_hold (self);
  aura_harvest_start (harvest);
}

void
aura_domain_scan_start_web (AuraDomainScan *self)
{
  aura_domain_scan_start_rdap (self);
  start_harvest (self);
}

void
aura_domain_scan_cancel_web (AuraDomainScan *self)
{
  if (self->harvest != NULL)
    aura_harvest_cancel (AURA_HARVEST (self->harvest));
}
