/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-tools"
#include "config.h"

#include <glib/gi18n-lib.h>

#include "aura-domain-scan-private.h"
#include "aura-source-scan.h"

/* The passive sources of the domain scan: one AuraSourceScan asks them
 * all; each source is a part of the summary, its names join the table
 * (and are validated by resolution there), its emails and addresses are
 * recorded with the source as provenance. */

/* URLs (the web archive's) are many and are kept in the scan's JSON and
 * the sources' own records; this many become entities. */
#define MAX_URL_ENTITIES 500

static gboolean
wants_all (AuraDomainScan *self)
{
  return self->sources == NULL || g_ascii_strcasecmp (self->sources[0], "all") == 0;
}

static gboolean
wants_none (AuraDomainScan *self)
{
  return self->sources != NULL && self->sources[0] != NULL &&
         g_ascii_strcasecmp (self->sources[0], "none") == 0;
}

static gboolean
is_selected (AuraDomainScan *self, const char *name)
{
  if (wants_all (self))
    return TRUE;
  for (guint i = 0; self->sources[i] != NULL; i++)
    if (g_ascii_strcasecmp (self->sources[i], name) == 0)
      return TRUE;
  return FALSE;
}

static void
hit_cb (AuraSourceScan *scan, AuraSourceHit *hit, const char *source, gpointer data)
{
  AuraDomainScan *self = data;
  AuraDomainSource *part = aura_domain_scan_find_part (self, source);

  if (part != NULL)
    part->found++;
  switch (hit->kind)
    {
      case AURA_ENTITY_DOMAIN:
      case AURA_ENTITY_SUBDOMAIN:
        aura_domain_scan_add_name (self, hit->value, source, NULL, NULL);
        break;
      case AURA_ENTITY_EMAIL:
        aura_domain_scan_add_email (self, hit->value, source);
        break;
      case AURA_ENTITY_IP:
        aura_domain_scan_record (self, self->domain_type, self->domain, "associated_ip",
                                 AURA_ENTITY_IP, hit->value, NULL, 0.6, source);
        aura_domain_scan_add_address (self, hit->value);
        break;
      case AURA_ENTITY_URL:
        if (self->n_url_entities++ < MAX_URL_ENTITIES)
          aura_domain_scan_record (self, self->domain_type, self->domain, "has_url",
                                   AURA_ENTITY_URL, hit->value, NULL, 0.8, source);
        break;
      default:
        break;
    }
}

static void
request_cb (AuraSourceScan *scan, AuraSourceRequest *request, gpointer data)
{
  AuraDomainScan *self = data;
  AuraDomainSource *part = aura_domain_scan_find_part (self, request->source);
  g_autofree char *result = NULL;
  gboolean ok = request->outcome == AURA_HTTP_OK && request->status >= 200 &&
                request->status < 300 && request->error == NULL;

  if (part != NULL)
    {
      part->requests++;
      aura_domain_scan_part_changed (self, part);
    }
  result = g_strdup_printf ("{\"page\":%u,\"status\":%u,\"latency_ms\":%" G_GINT64_FORMAT
                            ",\"bytes\":%" G_GUINT64_FORMAT ",\"truncated\":%s}",
                            request->page, request->status, request->latency_ms, request->bytes,
                            request->truncated ? "true" : "false");
  aura_domain_scan_record_result (self, request->source, request->url, ok ? "found" : "unknown",
                                  request->error, result);
}

static void
source_done_cb (AuraSourceScan *scan, AuraSourceSummary *summary, gpointer data)
{
  AuraDomainScan *self = data;
  AuraDomainSource *part = aura_domain_scan_find_part (self, summary->source);
  AuraDomainSourceState state = AURA_DOMAIN_SOURCE_OK;

  if (part == NULL)
    part = aura_domain_scan_add_part (self, summary->source, summary->source);
  switch (summary->state)
    {
      case AURA_SOURCE_STATE_OK:
        state = AURA_DOMAIN_SOURCE_OK;
        break;
      case AURA_SOURCE_STATE_ERROR:
        state = AURA_DOMAIN_SOURCE_ERROR;
        break;
      case AURA_SOURCE_STATE_SKIPPED:
        state = AURA_DOMAIN_SOURCE_SKIPPED;
        break;
      case AURA_SOURCE_STATE_CANCELLED:
      default:
        state = AURA_DOMAIN_SOURCE_CANCELLED;
        break;
    }
  part->found = summary->found;
  part->requests = summary->requests;
  aura_domain_scan_end_part (self, part, state, summary->message);
}

static void
finished_cb (AuraSourceScan *scan, gpointer data)
{
  AuraDomainScan *self = data;

  /* Parts the sources never reported (none should be left). */
  for (guint i = 0; i < self->parts->len; i++)
    {
      AuraDomainSource *part = self->parts->pdata[i];

      if (part->state == AURA_DOMAIN_SOURCE_RUNNING &&
          aura_source_list_lookup (self->source_list, part->name) != NULL)
        aura_domain_scan_end_part (
            self, part, self->cancelled ? AURA_DOMAIN_SOURCE_CANCELLED : AURA_DOMAIN_SOURCE_OK,
            NULL);
    }
  aura_domain_scan_release (self);
}

void
aura_domain_scan_start_sources (AuraDomainScan *self)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  AuraSourceScanOptions options = { 0 };
  AuraSourceScan *scan;

  if (wants_none (self))
    return;
  for (guint i = 0; i < aura_source_list_get_n_sources (self->source_list); i++)
    {
      AuraSource *source = aura_source_list_get_source (self->source_list, i);

      if (!is_selected (self, aura_source_get_name (source)))
        continue;
      g_ptr_array_add (names, (gpointer)aura_source_get_name (source));
      aura_domain_scan_add_part (self, aura_source_get_name (source),
                                 aura_source_get_label (source));
    }
  if (names->len == 0)
    return;
  g_ptr_array_add (names, NULL);

  options.domain = self->domain;
  options.sources = self->source_list;
  options.source_names = (const char *const *)names->pdata;
  options.keys = self->keys;
  options.request_timeout_ms = self->timeout_ms;
  options.url_overrides = (const char *const *)self->source_url_overrides;
  scan = aura_source_scan_new (self->engine, &options, &error);
  if (scan == NULL)
    {
      for (guint i = 0; names->pdata[i] != NULL; i++)
        aura_domain_scan_end_part (self, aura_domain_scan_find_part (self, names->pdata[i]),
                                   AURA_DOMAIN_SOURCE_ERROR, error->message);
      return;
    }
  self->source_scan = G_OBJECT (scan);
  g_signal_connect (scan, "hit", G_CALLBACK (hit_cb), self);
  g_signal_connect (scan, "request", G_CALLBACK (request_cb), self);
  g_signal_connect (scan, "source-done", G_CALLBACK (source_done_cb), self);
  g_signal_connect (scan, "finished", G_CALLBACK (finished_cb), self);
  aura_domain_scan_hold (self);
  aura_source_scan_start (scan);
}

void
aura_domain_scan_cancel_parts (AuraDomainScan *self)
{
  if (self->source_scan != NULL)
    aura_source_scan_cancel (AURA_SOURCE_SCAN (self->source_scan));
  aura_domain_scan_cancel_brute (self);
  aura_domain_scan_cancel_web (self);
}
