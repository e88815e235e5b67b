/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-email-scan"
#include "config.h"

#include <glib/gi18n-lib.h>

#include "aura-email-scan.h"

/* The email scan: the parts run at once in a private main context (MX
 * through c-ares, Gravatar, HIBP and the account checks through the
 * engine); when all have ended, what they found is recorded in one pass.
 * Recording happens after the run so that a cancelled or failed part never
 * leaves half a finding: each part's state is in the scan results. */

struct _AuraEmailScan
{
  AuraEngine *engine;
  AuraStore *store;
  AuraApiKeys *keys;
  AuraEmailCheckList *checks;
  AuraEmailData *data;
  AuraEmailAddress *address;
  gint64 investigation_id;
  gboolean no_mx, no_checks, no_gravatar, no_breaches;
  char **check_ids;
  char **url_overrides;
  char **dns_servers;
  gboolean loopback_only;
  AuraEmailScanCheckFunc on_check_result;
  gpointer user_data;
  guint n_checks_done;
  AuraGravatarOptions gravatar_options;
  gboolean have_gravatar_options;
  AuraHibpOptions hibp_options;
  gboolean have_hibp_options;

  guint pending;
  AuraEmailMxResult *mx;
  char *mx_error;
  AuraGravatarResult *gravatar;
  char *gravatar_error;
  AuraHibpResult *hibp;
  char *hibp_error;
  AuraEmailCheckRun *run;
  GPtrArray *check_results;
  gint64 scan_id;
};

void
aura_email_scan_free (AuraEmailScan *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->engine);
  g_clear_object (&self->store);
  g_clear_object (&self->keys);
  g_clear_object (&self->checks);
  g_clear_pointer (&self->data, aura_email_data_unref);
  g_clear_pointer (&self->address, aura_email_address_free);
  g_strfreev (self->check_ids);
  g_strfreev (self->url_overrides);
  g_strfreev (self->dns_servers);
  g_clear_pointer (&self->mx, aura_email_mx_result_free);
  g_clear_pointer (&self->gravatar, aura_gravatar_result_free);
  g_clear_pointer (&self->hibp, aura_hibp_result_free);
  g_free (self->mx_error);
  g_free (self->gravatar_error);
  g_free (self->hibp_error);
  g_clear_object (&self->run);
  g_clear_pointer (&self->check_results, g_ptr_array_unref);
  g_free (self);
}

AuraEmailScan *
aura_email_scan_new (AuraEngine *engine,
                     AuraStore *store,
                     const AuraEmailScanOptions *options,
                     GError **error)
{
  g_autoptr (AuraEmailScan) self = NULL;
  AuraEmailData *data;

  g_return_val_if_fail (AURA_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (store == NULL || AURA_IS_STORE (store), NULL);
  g_return_val_if_fail (options != NULL && options->email != NULL, NULL);

  self = g_new0 (AuraEmailScan, 1);
  self->engine = g_object_ref (engine);
  self->store = store != NULL ? g_object_ref (store) : NULL;
  self->keys = options->keys != NULL ? g_object_ref (options->keys) : aura_api_keys_new ();
  data = aura_email_data_get_default (error);
  if (data == NULL)
    return NULL;
  self->data = aura_email_data_ref (data);
  self->address =
      aura_email_parse_full (self->data, options->email, -1, AURA_EMAIL_PARSE_STRIP, error);
  if (self->address == NULL)
    return NULL;
  self->investigation_id = store != NULL ? options->investigation_id : 0;
  self->no_mx = options->no_mx || self->address->ip_literal != NULL;
  self->no_checks = options->no_checks;
  self->no_gravatar = options->no_gravatar;
  self->no_breaches = options->no_breaches;
  self->check_ids = g_strdupv ((char **)options->check_ids);
  self->url_overrides = g_strdupv ((char **)options->url_overrides);
  self->dns_servers = g_strdupv ((char **)options->dns_servers);
  self->loopback_only = options->loopback_only;
  self->on_check_result = options->on_check_result;
  self->user_data = options->user_data;
  if (options->gravatar != NULL)
    {
      self->gravatar_options = *options->gravatar;
      self->have_gravatar_options = TRUE;
    }
  if (options->hibp != NULL)
    {
      self->hibp_options = *options->hibp;
      self->have_hibp_options = TRUE;
    }
  if (!self->no_checks)
    {
      self->checks = aura_email_check_list_load_default (error);
      if (self->checks == NULL)
        return NULL;
    }
  return g_steal_pointer (&self);
}

/* ---- Running ----------------------------------------------------------- */

static void
part_done (AuraEmailScan *self)
{
  g_assert (self->pending > 0);
  self->pending--;
}

static void
mx_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AuraEmailScan *self = user_data;
  g_autoptr (GError) error = NULL;

  self->mx = aura_email_check_mx_finish (result, &error);
  if (self->mx == NULL)
    self->mx_error = g_strdup (error->message);
  part_done (self);
}

static void
gravatar_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AuraEmailScan *self = user_data;
  g_autoptr (GError) error = NULL;

  self->gravatar = aura_gravatar_lookup_finish (result, &error);
  if (self->gravatar == NULL)
    self->gravatar_error = g_strdup (error->message);
  part_done (self);
}

static void
hibp_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AuraEmailScan *self = user_data;
  g_autoptr (GError) error = NULL;

  self->hibp = aura_hibp_lookup_finish (result, &error);
  if (self->hibp == NULL)
    self->hibp_error = g_strdup (error->message);
  part_done (self);
}

static void
checks_finished (AuraEmailCheckRun *run, gpointer user_data)
{
  AuraEmailScan *self = user_data;

  self->check_results = g_ptr_array_ref (aura_email_check_run_get_results (run));
  part_done (self);
}

static void
check_result (AuraEmailCheckRun *run, AuraEmailCheckResult *result, gpointer user_data)
{
  AuraEmailScan *self = user_data;

  self->n_checks_done++;
  if (self->on_check_result != NULL)
    self->on_check_result (result, self->n_checks_done, aura_email_check_run_get_n_checks (run),
                           self->user_data);
}

static void
cancel_run (GCancellable *cancellable, gpointer user_data)
{
  AuraEmailScan *self = user_data;

  if (self->run != NULL)
    aura_email_check_run_cancel (self->run);
}

static gboolean
start_checks (AuraEmailScan *self, GError **error)
{
  AuraEmailCheckRunOptions options = { 0 };

  options.email = self->address->address;
  options.checks = self->checks;
  options.check_ids = (const char *const *)self->check_ids;
  options.url_overrides = (const char *const *)self->url_overrides;
  self->run = aura_email_check_run_new (self->engine, &options, error);
  if (self->run == NULL)
    return FALSE;
  g_signal_connect (self->run, "result", G_CALLBACK (check_result), self);
  g_signal_connect (self->run, "finished", G_CALLBACK (checks_finished), self);
  self->pending++;
  aura_email_check_run_start (self->run);
  return TRUE;
}

static gboolean
start_mx (AuraEmailScan *self, GCancellable *cancellable, GError **error)
{
  g_autoptr (AuraDnsClient) client = NULL;
  AuraDnsClientOptions options = { 0 };

  options.servers = (const char *const *)self->dns_servers;
  options.loopback_only = self->loopback_only;
  client = aura_dns_client_new (&options, error);
  if (client == NULL)
    return FALSE;
  self->pending++;
  aura_email_check_mx_async (client, self->data, self->address->domain, cancellable, mx_done, self);
  return TRUE;
}

static gboolean record (AuraEmailScan *self, GError **error);

gboolean
aura_email_scan_run (AuraEmailScan *self, GCancellable *cancellable, GError **error)
{
  g_autoptr (GMainContext) context = g_main_context_new ();
  gulong cancel_id = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->pending == 0 && self->scan_id == 0, FALSE);

  g_main_context_push_thread_default (context);
  if (!self->no_mx)
    {
      g_autoptr (GError) mx_error = NULL;

      /* No usable resolver is the mail part's failure, not the scan's. */
      if (!start_mx (self, cancellable, &mx_error))
        self->mx_error = g_strdup (mx_error->message);
    }
  if (!self->no_gravatar)
    {
      self->pending++;
      aura_gravatar_lookup_async (self->engine, self->address->address,
                                  self->have_gravatar_options ? &self->gravatar_options : NULL,
                                  cancellable, gravatar_done, self);
    }
  if (!self->no_breaches)
    {
      self->pending++;
      aura_hibp_lookup_async (self->engine, self->keys, self->address->address,
                              self->have_hibp_options ? &self->hibp_options : NULL, cancellable,
                              hibp_done, self);
    }
  if (!self->no_checks)
    ok = start_checks (self, error);
  if (cancellable != NULL)
    cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (cancel_run), self, NULL);
  /* Every part ends, even after a failure to start another: wait. */
  while (self->pending > 0)
    g_main_context_iteration (context, TRUE);
  if (cancel_id != 0)
    g_cancellable_disconnect (cancellable, cancel_id);
  g_main_context_pop_thread_default (context);
  if (!ok)
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  return self->store == NULL || self->investigation_id == 0 || record (self, error);
}

/* ---- Recording ----------------------------------------------------------- */

static AuraEntity *
add_entity (AuraEmailScan *self,
            AuraEntityType type,
            const char *value,
            const char *attributes,
            double confidence,
            const char *source,
            GError **error)
{
  AuraProvenance provenance = { self->scan_id, "email", source };

  return aura_store_add_entity (self->store, self->investigation_id, type, value, attributes,
                                confidence, &provenance, NULL, error);
}

static gboolean
link_entities (AuraEmailScan *self,
               AuraEntity *from,
               AuraEntity *to,
               const char *relation,
               double confidence,
               const char *source,
               GError **error)
{
  AuraProvenance provenance = { self->scan_id, "email", source };
  g_autoptr (AuraRelation) link = NULL;

  link = aura_store_add_relation (self->store, self->investigation_id, aura_entity_get_id (from),
                                  aura_entity_get_id (to), relation, NULL, confidence, &provenance,
                                  error);
  return link != NULL;
}

/* Adds @value of @type linked from @from; a value the store refuses (a
 * malformed URL a site gave) is skipped, not an error. */
static gboolean
add_linked (AuraEmailScan *self,
            AuraEntity *from,
            AuraEntityType type,
            const char *value,
            const char *relation,
            double confidence,
            const char *source,
            GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (AuraEntity) entity = NULL;

  if (value == NULL || *value == '\0')
    return TRUE;
  entity = add_entity (self, type, value, NULL, confidence, source, &local_error);
  if (entity == NULL)
    {
      if (g_error_matches (local_error, AURA_ENTITY_ERROR, AURA_ENTITY_ERROR_INVALID))
        {
          g_debug ("%s: skipped %s “%s”: %s", source, aura_entity_type_to_string (type), value,
                   local_error->message);
          return TRUE;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return link_entities (self, from, entity, relation, confidence, source, error);
}

static char *
email_attributes (AuraEmailScan *self)
{
  g_autoptr (JsonNode) node = aura_email_address_to_json (self->address);
  JsonObject *object = json_node_get_object (node);

  if (self->mx != NULL)
    json_object_set_member (object, "mail", aura_email_mx_result_to_json (self->mx));
  if (self->hibp != NULL && self->hibp->breaches != NULL)
    {
      JsonArray *names = json_array_new ();

      for (guint i = 0; i < self->hibp->breaches->len; i++)
        json_array_add_string_element (names,
                                       ((AuraHibpBreach *)self->hibp->breaches->pdata[i])->name);
      json_object_set_array_member (object, "breaches", names);
    }
  return json_to_string (node, FALSE);
}

static gboolean
record_pivots (AuraEmailScan *self, AuraEntity *email, GError **error)
{
  const AuraEmailAddress *address = self->address;

  if (address->domain_target != NULL)
    {
      g_autoptr (AuraEntity) domain = NULL;

      domain = add_entity (self, aura_entity_type_for_host (address->domain_target),
                           address->domain_target, NULL, 0.9, "syntax", error);
      if (domain == NULL || !link_entities (self, domain, email, "has_email", 0.9, "syntax", error))
        return FALSE;
      for (guint i = 0; self->mx != NULL && self->mx->mx != NULL && i < self->mx->mx->len; i++)
        {
          AuraDnsRecord *record = self->mx->mx->pdata[i];

          if (!add_linked (self, domain, aura_entity_type_for_host (record->target), record->target,
                           "mail_server", 0.9, "mx", error))
            return FALSE;
        }
    }
  /* A local part is only a guess at a username: low confidence. */
  return add_linked (self, email, AURA_ENTITY_USERNAME, address->username, "possible_username", 0.4,
                     "syntax", error);
}

static gboolean
record_gravatar (AuraEmailScan *self, AuraEntity *email, GError **error)
{
  const AuraGravatarResult *gravatar = self->gravatar;
  g_autofree char *account = NULL;
  g_autoptr (AuraEntity) profile = NULL;

  if (gravatar == NULL || gravatar->profile != AURA_EMAIL_LOOKUP_FOUND)
    return gravatar == NULL || gravatar->avatar != AURA_EMAIL_LOOKUP_FOUND ||
           add_linked (self, email, AURA_ENTITY_IMAGE, gravatar->avatar_url, "has_avatar", 0.9,
                       "gravatar", error);
  account = g_strdup_printf ("gravatar:%s",
                             gravatar->username != NULL ? gravatar->username : gravatar->md5);
  profile = add_entity (self, AURA_ENTITY_ACCOUNT, account, NULL, 0.95, "gravatar", error);
  if (profile == NULL ||
      !link_entities (self, email, profile, "has_account", 0.95, "gravatar", error))
    return FALSE;
  if (!add_linked (self, profile, AURA_ENTITY_IMAGE, gravatar->avatar_url, "has_avatar", 0.9,
                   "gravatar", error) ||
      !add_linked (self, profile, AURA_ENTITY_PERSON, gravatar->display_name, "named", 0.7,
                   "gravatar", error) ||
      !add_linked (self, profile, AURA_ENTITY_LOCATION, gravatar->location, "located_in", 0.6,
                   "gravatar", error) ||
      !add_linked (self, profile, AURA_ENTITY_ORGANISATION, gravatar->company, "works_at", 0.6,
                   "gravatar", error))
    return FALSE;
  for (guint i = 0; gravatar->accounts != NULL && i < gravatar->accounts->len; i++)
    {
      AuraGravatarAccount *linked = gravatar->accounts->pdata[i];

      if (!add_linked (self, profile, AURA_ENTITY_URL, linked->url, "links_to_profile",
                       linked->verified ? 0.9 : 0.7, "gravatar", error))
        return FALSE;
    }
  for (guint i = 0; gravatar->urls != NULL && gravatar->urls[i] != NULL; i++)
    if (!add_linked (self, profile, AURA_ENTITY_URL, gravatar->urls[i], "links_to", 0.7, "gravatar",
                     error))
      return FALSE;
  return TRUE;
}

static gboolean
record_checks (AuraEmailScan *self, AuraEntity *email, GError **error)
{
  g_autoptr (GPtrArray) rows =
      g_ptr_array_new_with_free_func ((GDestroyNotify)aura_scan_result_record_free);

  for (guint i = 0; self->check_results != NULL && i < self->check_results->len; i++)
    {
      const AuraEmailCheckResult *result = self->check_results->pdata[i];
      g_autofree char *hints = NULL;

      g_ptr_array_add (rows, aura_email_check_result_to_record (result, self->scan_id));
      if (result->verdict != AURA_VERDICT_FOUND)
        continue;
      {
        g_autofree char *account =
            g_strdup_printf ("%s:%s", result->check_id, self->address->address);

        if (!add_linked (self, email, AURA_ENTITY_ACCOUNT, account, "has_account", 0.8,
                         result->check_id, error))
          return FALSE;
      }
      hints = aura_email_check_result_hints_to_json (result, self->address->address);
      if (hints != NULL &&
          aura_store_add_evidence (self->store, self->investigation_id, aura_entity_get_id (email),
                                   self->scan_id, AURA_EMAIL_CHECK_EVIDENCE_KIND, result->url,
                                   hints, 0, error) == 0)
        return FALSE;
    }
  return rows->len == 0 || aura_store_add_scan_results (
                               self->store, self->scan_id,
                               (const AuraScanResultRecord *const *)rows->pdata, rows->len, error);
}

static gboolean
record_breaches (AuraEmailScan *self, AuraEntity *email, GError **error)
{
  for (guint i = 0;
       self->hibp != NULL && self->hibp->breaches != NULL && i < self->hibp->breaches->len; i++)
    {
      g_autoptr (JsonNode) node = NULL;
      g_autoptr (JsonBuilder) builder = json_builder_new ();
      g_autofree char *metadata = NULL;
      AuraHibpBreach *breach = self->hibp->breaches->pdata[i];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "email");
      json_builder_add_string_value (builder, self->address->address);
      json_builder_set_member_name (builder, "breach");
      json_builder_add_string_value (builder, breach->name);
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, breach->title);
      json_builder_set_member_name (builder, "domain");
      json_builder_add_string_value (builder, breach->domain);
      json_builder_set_member_name (builder, "date");
      json_builder_add_string_value (builder, breach->breach_date);
      json_builder_set_member_name (builder, "data_classes");
      json_builder_begin_array (builder);
      for (guint j = 0; breach->data_classes != NULL && breach->data_classes[j] != NULL; j++)
        json_builder_add_string_value (builder, breach->data_classes[j]);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      node = json_builder_get_root (builder);
      metadata = json_to_string (node, FALSE);
      if (aura_store_add_evidence (self->store, self->investigation_id, aura_entity_get_id (email),
                                   self->scan_id, "breach", NULL, metadata, 0, error) == 0)
        return FALSE;
    }
  return TRUE;
}

static AuraScanResultRecord *
part_row (const char *site, const char *verdict, const char *reason)
{
  AuraScanResultRecord *row = g_new0 (AuraScanResultRecord, 1);

  row->site = g_strdup (site);
  row->verdict = g_strdup (verdict);
  row->reason = g_strdup (reason);
  return row;
}

static const char *
state_verdict (AuraEmailLookupState state)
{
  return state == AURA_EMAIL_LOOKUP_FOUND  ? "found"
         : state == AURA_EMAIL_LOOKUP_NONE ? "not_found"
                                           : "unknown";
}

static gboolean
record_parts (AuraEmailScan *self, GError **error)
{
  g_autoptr (GPtrArray) rows =
      g_ptr_array_new_with_free_func ((GDestroyNotify)aura_scan_result_record_free);

  if (!self->no_mx)
    g_ptr_array_add (rows,
                     part_row ("mx",
                               self->mx != NULL && (self->mx->status == AURA_EMAIL_MX_DELIVERABLE ||
                                                    self->mx->status == AURA_EMAIL_MX_IMPLICIT)
                                   ? "found"
                               : self->mx != NULL && self->mx->status != AURA_EMAIL_MX_UNKNOWN
                                   ? "not_found"
                                   : "unknown",
                               self->mx != NULL ? aura_email_mx_status_to_string (self->mx->status)
                                                : self->mx_error));
  if (!self->no_gravatar)
    g_ptr_array_add (
        rows,
        part_row ("gravatar",
                  self->gravatar != NULL ? state_verdict (self->gravatar->profile) : "unknown",
                  self->gravatar != NULL ? self->gravatar->profile_reason : self->gravatar_error));
  if (!self->no_breaches)
    g_ptr_array_add (
        rows, part_row ("hibp",
                        self->hibp != NULL ? state_verdict (self->hibp->breaches_state) : "unknown",
                        self->hibp != NULL ? self->hibp->breaches_reason : self->hibp_error));
  return rows->len == 0 || aura_store_add_scan_results (
                               self->store, self->scan_id,
                               (const AuraScanResultRecord *const *)rows->pdata, rows->len, error);
}

static gboolean
record (AuraEmailScan *self, GError **error)
{
  g_autoptr (AuraEntity) email = NULL;
  g_autofree char *attributes = email_attributes (self);
  g_autoptr (GError) local_error = NULL;
  gboolean ok;

  email = add_entity (self, AURA_ENTITY_EMAIL, self->address->address, attributes, 1.0, "syntax",
                      error);
  if (email == NULL)
    return FALSE;
  self->scan_id = aura_store_begin_scan (self->store, self->investigation_id,
                                         aura_entity_get_id (email), "email", "{}", error);
  if (self->scan_id == 0)
    return FALSE;
  ok = record_parts (self, &local_error) && record_pivots (self, email, &local_error) &&
       record_gravatar (self, email, &local_error) && record_checks (self, email, &local_error) &&
       record_breaches (self, email, &local_error);
  if (!ok)
    {
      aura_store_finish_scan (self->store, self->scan_id, "failed", NULL, local_error->message,
                              NULL);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return aura_store_finish_scan (self->store, self->scan_id, "done", NULL, NULL, error);
}

/* ---- Results ------------------------------------------------------------- */

const AuraEmailAddress *
aura_email_scan_get_address (AuraEmailScan *self)
{
  return self->address;
}

const AuraEmailMxResult *
aura_email_scan_get_mx (AuraEmailScan *self)
{
  return self->mx;
}

const char *
aura_email_scan_get_mx_error (AuraEmailScan *self)
{
  return self->mx_error;
}

const AuraGravatarResult *
aura_email_scan_get_gravatar (AuraEmailScan *self)
{
  return self->gravatar;
}

const char *
aura_email_scan_get_gravatar_error (AuraEmailScan *self)
{
  return self->gravatar_error;
}

const AuraHibpResult *
aura_email_scan_get_hibp (AuraEmailScan *self)
{
  return self->hibp;
}

const char *
aura_email_scan_get_hibp_error (AuraEmailScan *self)
{
  return self->hibp_error;
}

GPtrArray *
aura_email_scan_get_check_results (AuraEmailScan *self)
{
  return self->check_results;
}

gint64
aura_email_scan_get_scan_id (AuraEmailScan *self)
{
  return self->scan_id;
}

static void
add_part (JsonBuilder *builder, const char *member, JsonNode *node, const char *error_text)
{
  json_builder_set_member_name (builder, member);
  if (node != NULL)
    json_builder_add_value (builder, node);
  else
    json_builder_add_null_value (builder);
  if (error_text != NULL)
    {
      g_autofree char *name = g_strdup_printf ("%s_error", member);

      json_builder_set_member_name (builder, name);
      json_builder_add_string_value (builder, error_text);
    }
}

JsonNode *
aura_email_scan_to_json (AuraEmailScan *self)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_part (builder, "address", aura_email_address_to_json (self->address), NULL);
  add_part (builder, "mail", self->mx != NULL ? aura_email_mx_result_to_json (self->mx) : NULL,
            self->mx_error);
  add_part (builder, "gravatar",
            self->gravatar != NULL ? aura_gravatar_result_to_json (self->gravatar) : NULL,
            self->gravatar_error);
  add_part (builder, "breaches", self->hibp != NULL ? aura_hibp_result_to_json (self->hibp) : NULL,
            self->hibp_error);
  json_builder_set_member_name (builder, "checks");
  json_builder_begin_array (builder);
  for (guint i = 0; self->check_results != NULL && i < self->check_results->len; i++)
    {
      const AuraEmailCheckResult *result = self->check_results->pdata[i];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, result->check_id);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, result->name);
      json_builder_set_member_name (builder, "verdict");
      json_builder_add_string_value (builder, aura_verdict_to_string (result->verdict));
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, result->reason);
      json_builder_set_member_name (builder, "hints");
      json_builder_begin_array (builder);
      for (guint j = 0; result->hints != NULL && j < result->hints->len; j++)
        json_builder_add_string_value (builder, ((AuraEmailHint *)result->hints->pdata[j])->value);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
