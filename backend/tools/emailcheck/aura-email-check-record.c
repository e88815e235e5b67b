/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-emailcheck"
#include "config.h"

#include "aura-email-check-private.h"

/* What a run's results become in the store: a scan_results row per check,
 * and the metadata of a "recovery_hint" evidence row when the site showed
 * a masked phone number or backup address. */

static void
add_hints (JsonBuilder *builder, GPtrArray *hints)
{
  json_builder_begin_array (builder);
  for (guint i = 0; hints != NULL && i < hints->len; i++)
    {
      AuraEmailHint *hint = g_ptr_array_index (hints, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, aura_email_hint_kind_to_string (hint->kind));
      json_builder_set_member_name (builder, "value");
      json_builder_add_string_value (builder, hint->value);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static char *
builder_text (JsonBuilder *builder)
{
  g_autoptr (JsonNode) root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

/**
 * aura_email_check_result_to_record:
 * @result: a check's result
 * @scan_id: the scan it belongs to
 *
 * Returns: (transfer full): the scan_results row for @result.
 */
AuraScanResultRecord *
aura_email_check_result_to_record (const AuraEmailCheckResult *result, gint64 scan_id)
{
  AuraScanResultRecord *record;
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (result != NULL, NULL);
  record = g_new0 (AuraScanResultRecord, 1);
  record->scan_id = scan_id;
  record->site = g_strdup (result->check_id);
  record->url = g_strdup (result->url);
  record->method = g_strdup (result->method);
  record->http_status = result->http_status;
  record->latency_ms = result->latency_ms;
  record->bytes = (gint64)result->bytes;
  record->verdict = g_strdup (aura_verdict_to_string (result->verdict));
  record->reason = g_strdup (result->reason);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "check");
  json_builder_add_string_value (builder, result->check_id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, result->name);
  json_builder_set_member_name (builder, "category");
  json_builder_add_string_value (builder, result->category);
  json_builder_set_member_name (builder, "reason_code");
  json_builder_add_string_value (builder, aura_email_check_reason_to_string (result->reason_kind));
  json_builder_set_member_name (builder, "requests");
  json_builder_add_int_value (builder, result->requests);
  json_builder_set_member_name (builder, "needs_online_check");
  json_builder_add_boolean_value (builder, result->needs_online_check);
  json_builder_set_member_name (builder, "hints");
  add_hints (builder, result->hints);
  json_builder_end_object (builder);
  record->result = builder_text (builder);
  return record;
}

/**
 * aura_email_check_result_hints_to_json:
 * @result: a check's result
 * @email: (nullable): the address checked
 *
 * Returns: (transfer full) (nullable): the metadata of a "recovery_hint"
 *   evidence row, or %NULL when @result has no hints.
 */
char *
aura_email_check_result_hints_to_json (const AuraEmailCheckResult *result, const char *email)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (result != NULL, NULL);
  if (result->hints == NULL || result->hints->len == 0)
    return NULL;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, AURA_EMAIL_CHECK_EVIDENCE_KIND);
  if (email != NULL)
    {
      json_builder_set_member_name (builder, "email");
      json_builder_add_string_value (builder, email);
    }
  json_builder_set_member_name (builder, "check");
  json_builder_add_string_value (builder, result->check_id);
  json_builder_set_member_name (builder, "site");
  json_builder_add_string_value (builder, result->name);
  json_builder_set_member_name (builder, "url");
  if (result->url != NULL)
    json_builder_add_string_value (builder, result->url);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "needs_online_check");
  json_builder_add_boolean_value (builder, result->needs_online_check);
  json_builder_set_member_name (builder, "hints");
  add_hints (builder, result->hints);
  json_builder_end_object (builder);
  return builder_text (builder);
}
