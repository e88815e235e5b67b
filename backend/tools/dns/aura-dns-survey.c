/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-dns"
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "aura-dns-private.h"

/* The survey of one domain: every record type at once, the SRV records of
 * well-known services, the DMARC policy, then the PTR records of the
 * addresses found. Each part is a lookup of its own (aliases followed);
 * the survey ends when the last one is back. */

#define MAX_PTR_ADDRESSES 16

/* Services whose SRV records say something about an organisation: its
 * telephony, chat, mail and directory. */
static const char *const srv_services[] = {
  "_sip._tcp",          "_sip._udp",   "_sips._tcp",       "_xmpp-client._tcp", "_xmpp-server._tcp",
  "_autodiscover._tcp", "_imaps._tcp", "_submission._tcp", "_caldavs._tcp",     "_ldap._tcp",
};

static const struct
{
  const char *name;
  guint type;
} parts[AURA_DNS_SURVEY_N_PARTS] = {
  [AURA_DNS_SURVEY_A] = { "a", AURA_DNS_TYPE_A },
  [AURA_DNS_SURVEY_AAAA] = { "aaaa", AURA_DNS_TYPE_AAAA },
  [AURA_DNS_SURVEY_CNAME] = { "cname", AURA_DNS_TYPE_CNAME },
  [AURA_DNS_SURVEY_MX] = { "mx", AURA_DNS_TYPE_MX },
  [AURA_DNS_SURVEY_NS] = { "ns", AURA_DNS_TYPE_NS },
  [AURA_DNS_SURVEY_TXT] = { "txt", AURA_DNS_TYPE_TXT },
  [AURA_DNS_SURVEY_SOA] = { "soa", AURA_DNS_TYPE_SOA },
  [AURA_DNS_SURVEY_CAA] = { "caa", AURA_DNS_TYPE_CAA },
  [AURA_DNS_SURVEY_SRV] = { "srv", AURA_DNS_TYPE_SRV },
  [AURA_DNS_SURVEY_PTR] = { "ptr", AURA_DNS_TYPE_PTR },
  [AURA_DNS_SURVEY_DMARC] = { "dmarc", AURA_DNS_TYPE_TXT },
};

const char *
aura_dns_survey_part_to_string (AuraDnsSurveyPart part)
{
  g_return_val_if_fail (part < AURA_DNS_SURVEY_N_PARTS, NULL);

  return parts[part].name;
}

typedef struct
{
  AuraDnsSurvey *survey;
  guint pending;
  guint pending_addresses; /* A and AAAA, before the PTR lookups start */
  guint ptr_lookups;
  /* For SRV and PTR, made of several lookups: the first error other than
   * NXDOMAIN/NODATA, to report when nothing is found. */
  GError *first_error[AURA_DNS_SURVEY_N_PARTS];
} Survey;

typedef struct
{
  GTask *task;
  AuraDnsSurveyPart part;
} PartLookup;

static void
survey_free (gpointer data)
{
  Survey *survey = data;

  g_clear_pointer (&survey->survey, aura_dns_survey_free);
  for (guint i = 0; i < AURA_DNS_SURVEY_N_PARTS; i++)
    g_clear_error (&survey->first_error[i]);
  g_free (survey);
}

static gboolean
is_absence (const GError *error)
{
  return g_error_matches (error, AURA_DNS_ERROR, AURA_DNS_ERROR_NXDOMAIN) ||
         g_error_matches (error, AURA_DNS_ERROR, AURA_DNS_ERROR_NODATA);
}

/* Picks the SPF record among the TXT records and parses it. */
static void
read_spf (AuraDnsSurvey *survey)
{
  const AuraDnsSurveyResult *txt = &survey->parts[AURA_DNS_SURVEY_TXT];
  const AuraDnsRecord *spf = NULL;
  guint count = 0;

  if (txt->error != NULL && !is_absence (txt->error))
    {
      survey->spf_error = g_error_copy (txt->error);
      return;
    }
  for (guint i = 0; i < txt->records->len; i++)
    {
      const AuraDnsRecord *record = g_ptr_array_index (txt->records, i);

      if (aura_spf_is_record (record->text))
        {
          spf = record;
          count++;
        }
    }
  if (count == 0)
    g_set_error (&survey->spf_error, AURA_DNS_ERROR, AURA_DNS_ERROR_NOT_POLICY,
                 _ ("“%s” has no SPF record (no TXT record starting with “v=spf1”)."),
                 survey->domain);
  else if (count > 1)
    g_set_error (&survey->spf_error, AURA_DNS_ERROR, AURA_DNS_ERROR_POLICY_SYNTAX,
                 _ ("“%s” has %u SPF records; receivers treat that as an error (permerror, "
                    "RFC 7208 §4.5), so none of them applies."),
                 survey->domain, count);
  else
    survey->spf = aura_spf_parse (spf->text, NULL, &survey->spf_error);
}

static void
read_dmarc (AuraDnsSurvey *survey)
{
  const AuraDnsSurveyResult *txt = &survey->parts[AURA_DNS_SURVEY_DMARC];
  const AuraDnsRecord *dmarc = NULL;
  guint count = 0;

  if (txt->error != NULL && !is_absence (txt->error))
    {
      survey->dmarc_error = g_error_copy (txt->error);
      return;
    }
  for (guint i = 0; i < txt->records->len; i++)
    {
      const AuraDnsRecord *record = g_ptr_array_index (txt->records, i);

      /* RFC 7489 §6.6.3: records not starting with v=DMARC1 are ignored. */
      if (g_str_has_prefix (record->text, "v=DMARC1"))
        {
          dmarc = record;
          count++;
        }
    }
  if (count == 0)
    g_set_error (&survey->dmarc_error, AURA_DNS_ERROR, AURA_DNS_ERROR_NOT_POLICY,
                 _ ("“%s” has no DMARC policy (no TXT record at _dmarc.%s starting with "
                    "“v=DMARC1”)."),
                 survey->domain, survey->domain);
  else if (count > 1)
    g_set_error (&survey->dmarc_error, AURA_DNS_ERROR, AURA_DNS_ERROR_POLICY_SYNTAX,
                 _ ("_dmarc.%s has %u DMARC records; receivers then apply none (RFC 7489 "
                    "§6.6.3)."),
                 survey->domain, count);
  else
    survey->dmarc = aura_dmarc_parse (dmarc->text, &survey->dmarc_error);
}

static void
survey_complete (GTask *task)
{
  Survey *survey = g_task_get_task_data (task);
  AuraDnsSurvey *result = survey->survey;

  if (g_task_return_error_if_cancelled (task))
    return;
  for (guint i = 0; i < AURA_DNS_SURVEY_N_PARTS; i++)
    if (result->parts[i].records->len == 0 && result->parts[i].error == NULL)
      {
        if (survey->first_error[i] != NULL)
          result->parts[i].error = g_steal_pointer (&survey->first_error[i]);
        else if (i == AURA_DNS_SURVEY_SRV)
          result->parts[i].error =
              g_error_new (AURA_DNS_ERROR, AURA_DNS_ERROR_NODATA,
                           _ ("“%s” has no SRV record for the usual services (SIP, XMPP, "
                              "autodiscover, IMAP, submission, CalDAV, LDAP)."),
                           result->domain);
        else if (survey->ptr_lookups > 0)
          result->parts[i].error = g_error_new (
              AURA_DNS_ERROR, AURA_DNS_ERROR_NODATA,
              _ ("No address of “%s” has a PTR record (reverse name)."), result->domain);
        else
          result->parts[i].error = g_error_new (
              AURA_DNS_ERROR, AURA_DNS_ERROR_NODATA,
              _ ("“%s” has no address, so there is no reverse name to look up."), result->domain);
      }
  read_spf (result);
  read_dmarc (result);
  g_task_return_pointer (task, g_steal_pointer (&survey->survey),
                         (GDestroyNotify)aura_dns_survey_free);
}

static void part_lookup (GTask *task, AuraDnsSurveyPart part, const char *name, guint type);

/* Once A and AAAA are in: the PTR records of their addresses. */
static void
start_ptr_lookups (GTask *task)
{
  Survey *survey = g_task_get_task_data (task);
  AuraDnsSurvey *result = survey->survey;
  guint started = 0;

  for (AuraDnsSurveyPart p = AURA_DNS_SURVEY_A; p <= AURA_DNS_SURVEY_AAAA; p++)
    for (guint i = 0; i < result->parts[p].records->len && started < MAX_PTR_ADDRESSES; i++)
      {
        const AuraDnsRecord *record = g_ptr_array_index (result->parts[p].records, i);

        part_lookup (task, AURA_DNS_SURVEY_PTR, record->address, AURA_DNS_TYPE_PTR);
        started++;
        survey->ptr_lookups++;
      }
}

static void
part_done_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  PartLookup *lookup = data;
  g_autoptr (GTask) task = lookup->task;
  Survey *survey = g_task_get_task_data (task);
  AuraDnsSurveyResult *part = &survey->survey->parts[lookup->part];
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) records = NULL;
  AuraDnsSurveyPart which = lookup->part;
  guint type = parts[which].type;

  records = aura_dns_client_lookup_finish (AURA_DNS_CLIENT (source), res, &error);
  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      AuraDnsRecord *record = g_ptr_array_index (records, i);

      /* The aliases that led there are not records of the part. */
      if (record->type == type)
        g_ptr_array_add (part->records, aura_dns_record_copy (record));
    }
  if (error != NULL)
    {
      gboolean merged = which == AURA_DNS_SURVEY_SRV || which == AURA_DNS_SURVEY_PTR;

      if (!merged)
        part->error = g_steal_pointer (&error);
      else if (!is_absence (error) && survey->first_error[which] == NULL)
        survey->first_error[which] = g_steal_pointer (&error);
    }
  g_free (lookup);

  if ((which == AURA_DNS_SURVEY_A || which == AURA_DNS_SURVEY_AAAA) &&
      --survey->pending_addresses == 0)
    start_ptr_lookups (task);
  if (--survey->pending == 0)
    survey_complete (task);
}

static void
part_lookup (GTask *task, AuraDnsSurveyPart part, const char *name, guint type)
{
  Survey *survey = g_task_get_task_data (task);
  PartLookup *lookup = g_new0 (PartLookup, 1);

  lookup->task = g_object_ref (task);
  lookup->part = part;
  survey->pending++;
  aura_dns_client_lookup_async (g_task_get_source_object (task), name, type,
                                g_task_get_cancellable (task), part_done_cb, lookup);
}

/**
 * aura_dns_client_survey_async:
 * @self: a client
 * @domain: a domain name
 * @cancellable: (nullable): to stop the survey
 * @callback: called in the thread-default main context of the call
 * @user_data: for @callback
 *
 * Looks up every part of #AuraDnsSurvey for @domain at once.
 */
void
aura_dns_client_survey_async (AuraDnsClient *self,
                              const char *domain,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char *normalized = NULL;
  g_autofree char *dmarc = NULL;
  GError *error = NULL;
  Survey *survey;

  g_return_if_fail (AURA_IS_DNS_CLIENT (self));
  g_return_if_fail (domain != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, aura_dns_client_survey_async);
  normalized = aura_dns_normalize_name (domain, &error);
  if (normalized == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  survey = g_new0 (Survey, 1);
  survey->survey = g_new0 (AuraDnsSurvey, 1);
  survey->survey->domain = g_strdup (normalized);
  for (guint i = 0; i < AURA_DNS_SURVEY_N_PARTS; i++)
    survey->survey->parts[i].records = dns_record_array_new ();
  g_task_set_task_data (task, survey, survey_free);

  /* One reference for this function, so that answers coming back while
   * lookups are still being started cannot complete the survey early. */
  survey->pending = 1;
  survey->pending_addresses = 2;
  for (AuraDnsSurveyPart p = AURA_DNS_SURVEY_A; p <= AURA_DNS_SURVEY_CAA; p++)
    part_lookup (task, p, normalized, parts[p].type);
  for (guint i = 0; i < G_N_ELEMENTS (srv_services); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s.%s", srv_services[i], normalized);

      /* A domain near the length limit leaves no room for the prefix. */
      if (strlen (name) <= 253)
        part_lookup (task, AURA_DNS_SURVEY_SRV, name, AURA_DNS_TYPE_SRV);
    }
  dmarc = g_strdup_printf ("_dmarc.%s", normalized);
  part_lookup (task, AURA_DNS_SURVEY_DMARC, dmarc, AURA_DNS_TYPE_TXT);
  if (--survey->pending == 0)
    survey_complete (task);
}

/**
 * aura_dns_client_survey_finish:
 *
 * Returns: (transfer full): the survey, or NULL with @error set
 */
AuraDnsSurvey *
aura_dns_client_survey_finish (AuraDnsClient *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == aura_dns_client_survey_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

AuraDnsSurvey *
aura_dns_client_survey_sync (AuraDnsClient *self,
                             const char *domain,
                             GCancellable *cancellable,
                             GError **error)
{
  DnsSync sync;
  AuraDnsSurvey *survey;

  g_return_val_if_fail (AURA_IS_DNS_CLIENT (self), NULL);
  g_return_val_if_fail (domain != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dns_sync_begin (&sync);
  aura_dns_client_survey_async (self, domain, cancellable, dns_sync_cb, &sync);
  survey = aura_dns_client_survey_finish (self, dns_sync_wait (&sync), error);
  dns_sync_end (&sync, self);
  return survey;
}
