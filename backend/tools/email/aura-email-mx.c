/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-email"
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "aura-email-private.h"

/* Deliverability from the DNS alone (README.md): the MX records, and when
 * there are none the A and AAAA records that stand in for them (RFC 5321
 * §5.1). No SMTP conversation is ever started.
 *
 *   MX ──► records ──► deliverable, or null MX
 *    │──► NXDOMAIN ──► no domain
 *    │──► NODATA ──► A + AAAA together ──► implicit, no mail, unknown
 *    └──► failure ──► unknown (the reason kept) */

typedef struct
{
  AuraDnsClient *client;
  AuraEmailData *data;
  AuraEmailMxResult *result;
  guint pending;     /* A and AAAA queries out */
  GPtrArray *found;  /* addresses, A then AAAA */
  GError *failure;   /* the first A/AAAA failure other than NODATA */
  gboolean nxdomain; /* an A/AAAA query said NXDOMAIN */
} MxCheck;

static const char *const status_names[] = {
  [AURA_EMAIL_MX_DELIVERABLE] = "deliverable", [AURA_EMAIL_MX_IMPLICIT] = "implicit",
  [AURA_EMAIL_MX_NULL_MX] = "null-mx",         [AURA_EMAIL_MX_NO_DOMAIN] = "no-domain",
  [AURA_EMAIL_MX_NO_MAIL] = "no-mail",         [AURA_EMAIL_MX_UNKNOWN] = "unknown",
};

const char *
aura_email_mx_status_to_string (AuraEmailMxStatus status)
{
  g_return_val_if_fail ((guint)status < G_N_ELEMENTS (status_names), NULL);
  return status_names[status];
}

void
aura_email_mx_result_free (AuraEmailMxResult *result)
{
  if (result == NULL)
    return;
  g_free (result->domain);
  g_free (result->reason);
  g_clear_pointer (&result->mx, g_ptr_array_unref);
  g_strfreev (result->addresses);
  g_clear_pointer (&result->data, aura_email_data_unref);
  g_free (result);
}

static void
mx_check_free (MxCheck *check)
{
  g_clear_object (&check->client);
  g_clear_pointer (&check->data, aura_email_data_unref);
  aura_email_mx_result_free (check->result);
  g_clear_pointer (&check->found, g_ptr_array_unref);
  g_clear_error (&check->failure);
  g_free (check);
}

static gint
compare_mx (gconstpointer a, gconstpointer b)
{
  const AuraDnsRecord *x = *(AuraDnsRecord *const *)a;
  const AuraDnsRecord *y = *(AuraDnsRecord *const *)b;

  if (x->preference != y->preference)
    return x->preference < y->preference ? -1 : 1;
  return g_strcmp0 (x->target, y->target);
}

static void
set_unknown (AuraEmailMxResult *result, const GError *error)
{
  result->status = AURA_EMAIL_MX_UNKNOWN;
  g_free (result->reason);
  result->reason = g_strdup_printf (_ ("the DNS gave no answer to rely on: %s"), error->message);
}

/* Records the MX answer: null MX (a lone "." exchange) or deliverable, and
 * the provider behind the exchanges. */
static void
read_mx (MxCheck *check, GPtrArray *records)
{
  AuraEmailMxResult *result = check->result;
  g_autoptr (GStrvBuilder) hosts = g_strv_builder_new ();
  g_auto (GStrv) host_list = NULL;
  guint nulls = 0;

  for (guint i = 0; i < records->len; i++)
    {
      AuraDnsRecord *record = records->pdata[i];

      if (record->type != AURA_DNS_TYPE_MX)
        continue;
      if (g_strcmp0 (record->target, ".") == 0 || g_strcmp0 (record->target, "") == 0)
        {
          nulls++;
          continue;
        }
      g_ptr_array_add (result->mx, aura_dns_record_copy (record));
      g_strv_builder_add (hosts, record->target);
    }
  g_ptr_array_sort (result->mx, compare_mx);
  if (result->mx->len == 0 && nulls > 0)
    {
      result->status = AURA_EMAIL_MX_NULL_MX;
      return;
    }
  result->status = AURA_EMAIL_MX_DELIVERABLE;
  if (nulls > 0)
    result->reason = g_strdup (_ ("a null MX (RFC 7505) stands beside other MX records, which "
                                  "is a misconfiguration; the other records were kept"));
  host_list = g_strv_builder_end (hosts);
  if (result->provider == NULL && check->data != NULL)
    {
      result->provider = aura_email_data_lookup_mx (check->data, (const char *const *)host_list);
      result->provider_by_mx = result->provider != NULL;
    }
}

static void
finish_addresses (GTask *task)
{
  MxCheck *check = g_task_get_task_data (task);
  AuraEmailMxResult *result = check->result;

  if (check->found->len > 0)
    {
      result->status = AURA_EMAIL_MX_IMPLICIT;
      g_ptr_array_add (check->found, NULL);
      result->addresses = (char **)g_ptr_array_steal (check->found, NULL);
    }
  else if (check->failure != NULL)
    set_unknown (result, check->failure);
  else if (check->nxdomain)
    result->status = AURA_EMAIL_MX_NO_DOMAIN;
  else
    result->status = AURA_EMAIL_MX_NO_MAIL;
  g_task_return_pointer (task, g_steal_pointer (&check->result),
                         (GDestroyNotify)aura_email_mx_result_free);
}

static void
address_done_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  MxCheck *check = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) records = aura_dns_client_lookup_finish (check->client, res, &error);

  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      AuraDnsRecord *record = records->pdata[i];

      if (record->address != NULL &&
          (record->type == AURA_DNS_TYPE_A || record->type == AURA_DNS_TYPE_AAAA))
        g_ptr_array_add (check->found, g_strdup (record->address));
    }
  if (g_error_matches (error, AURA_DNS_ERROR, AURA_DNS_ERROR_NXDOMAIN))
    check->nxdomain = TRUE;
  else if (error != NULL && !g_error_matches (error, AURA_DNS_ERROR, AURA_DNS_ERROR_NODATA) &&
           check->failure == NULL)
    check->failure = g_steal_pointer (&error);
  if (--check->pending > 0)
    return;
  if (g_task_return_error_if_cancelled (task))
    return;
  finish_addresses (task);
}

static void
mx_done_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  MxCheck *check = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) records = aura_dns_client_lookup_finish (check->client, res, &error);

  if (g_task_return_error_if_cancelled (task))
    return;
  if (records != NULL)
    {
      read_mx (check, records);
      g_task_return_pointer (task, g_steal_pointer (&check->result),
                             (GDestroyNotify)aura_email_mx_result_free);
      return;
    }
  if (g_error_matches (error, AURA_DNS_ERROR, AURA_DNS_ERROR_NXDOMAIN))
    {
      check->result->status = AURA_EMAIL_MX_NO_DOMAIN;
      g_task_return_pointer (task, g_steal_pointer (&check->result),
                             (GDestroyNotify)aura_email_mx_result_free);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, AURA_DNS_ERROR, AURA_DNS_ERROR_INVALID_NAME))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!g_error_matches (error, AURA_DNS_ERROR, AURA_DNS_ERROR_NODATA))
    {
      set_unknown (check->result, error);
      g_task_return_pointer (task, g_steal_pointer (&check->result),
                             (GDestroyNotify)aura_email_mx_result_free);
      return;
    }
  /* No MX: the domain's own addresses receive its mail, if it has any. */
  check->pending = 2;
  check->found = g_ptr_array_new_with_free_func (g_free);
  aura_dns_client_lookup_async (check->client, check->result->domain, AURA_DNS_TYPE_A,
                                g_task_get_cancellable (task), address_done_cb,
                                g_object_ref (task));
  aura_dns_client_lookup_async (check->client, check->result->domain, AURA_DNS_TYPE_AAAA,
                                g_task_get_cancellable (task), address_done_cb,
                                g_object_ref (task));
}

void
aura_email_check_mx_async (AuraDnsClient *client,
                           AuraEmailData *data,
                           const char *domain,
                           GCancellable *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GError) error = NULL;
  MxCheck *check;

  g_return_if_fail (AURA_IS_DNS_CLIENT (client));
  g_return_if_fail (domain != NULL);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, aura_email_check_mx_async);
  if (*domain == '[')
    {
      g_task_return_new_error (task, AURA_EMAIL_ERROR, AURA_EMAIL_ERROR_DOMAIN,
                               _ ("“%s” is an address literal: there is no MX to ask"), domain);
      return;
    }
  check = g_new0 (MxCheck, 1);
  g_task_set_task_data (task, check, (GDestroyNotify)mx_check_free);
  check->client = g_object_ref (client);
  check->data = data != NULL ? aura_email_data_ref (data) : NULL;
  check->result = g_new0 (AuraEmailMxResult, 1);
  check->result->mx = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_dns_record_free);
  check->result->domain = aura_dns_normalize_name (domain, &error);
  if (check->result->domain == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (data != NULL)
    {
      check->result->data = aura_email_data_ref (data);
      check->result->provider = aura_email_data_lookup_domain (data, check->result->domain);
    }
  aura_dns_client_lookup_async (client, check->result->domain, AURA_DNS_TYPE_MX, cancellable,
                                mx_done_cb, g_steal_pointer (&task));
}

AuraEmailMxResult *
aura_email_check_mx_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == aura_email_check_mx_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

JsonNode *
aura_email_mx_result_to_json (const AuraEmailMxResult *result)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (result != NULL, NULL);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "domain");
  json_builder_add_string_value (builder, result->domain);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, aura_email_mx_status_to_string (result->status));
  json_builder_set_member_name (builder, "reason");
  if (result->reason != NULL)
    json_builder_add_string_value (builder, result->reason);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "mx");
  json_builder_begin_array (builder);
  for (guint i = 0; i < result->mx->len; i++)
    {
      AuraDnsRecord *record = result->mx->pdata[i];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "preference");
      json_builder_add_int_value (builder, record->preference);
      json_builder_set_member_name (builder, "host");
      json_builder_add_string_value (builder, record->target);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "addresses");
  json_builder_begin_array (builder);
  for (guint i = 0; result->addresses != NULL && result->addresses[i] != NULL; i++)
    json_builder_add_string_value (builder, result->addresses[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "provider");
  if (result->provider != NULL)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, result->provider->id);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, result->provider->name);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder,
                                     aura_email_provider_kind_to_string (result->provider->kind));
      json_builder_set_member_name (builder, "by");
      json_builder_add_string_value (builder, result->provider_by_mx ? "mx" : "domain");
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
