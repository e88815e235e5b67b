/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-tools"
#include "config.h"

#include <glib/gi18n-lib.h>

#include "aura-domain-scan-private.h"

/* The domain scan's core: options, the table of names, the parts and their
 * summary, recording into the store, progress and the end. The parts are
 * in aura-domain-scan-dns.c, -sources.c, -brute.c and -web.c. */

#define FLUSH_INTERVAL_MS 250
#define PROGRESS_INTERVAL_MS 100

enum
{
  SIGNAL_NAME,
  SIGNAL_SOURCE,
  SIGNAL_PROGRESS,
  SIGNAL_FINISHED,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (AuraDomainScan, aura_domain_scan, G_TYPE_OBJECT)

const char *
aura_domain_source_state_to_string (AuraDomainSourceState state)
{
  switch (state)
    {
      case AURA_DOMAIN_SOURCE_RUNNING:
        return "running";
      case AURA_DOMAIN_SOURCE_OK:
        return "ok";
      case AURA_DOMAIN_SOURCE_ERROR:
        return "error";
      case AURA_DOMAIN_SOURCE_SKIPPED:
        return "skipped";
      case AURA_DOMAIN_SOURCE_CANCELLED:
        return "cancelled";
      default:
        return "unknown";
    }
}

static void
domain_name_free (AuraDomainName *name)
{
  g_free (name->name);
  g_ptr_array_unref (name->addresses);
  g_ptr_array_unref (name->cnames);
  g_ptr_array_unref (name->sources);
  g_free (name);
}

static void
domain_source_free (AuraDomainSource *part)
{
  g_free (part->name);
  g_free (part->label);
  g_free (part->error);
  g_free (part);
}

void
aura_domain_network_free (AuraDomainNetwork *network)
{
  if (network == NULL)
    return;
  g_free (network->address);
  g_free (network->asn);
  g_free (network->prefix);
  g_free (network->country);
  g_free (network->registry);
  g_free (network->as_name);
  g_free (network);
}

static void
clear_timer (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static void
aura_domain_scan_dispose (GObject *object)
{
  AuraDomainScan *self = AURA_DOMAIN_SCAN (object);

  g_cancellable_cancel (self->cancellable);
  clear_timer (&self->flush_source);
  clear_timer (&self->progress_source);
  g_clear_object (&self->source_scan);
  g_clear_object (&self->brute);
  g_clear_object (&self->harvest);
  G_OBJECT_CLASS (aura_domain_scan_parent_class)->dispose (object);
}

static void
aura_domain_scan_finalize (GObject *object)
{
  AuraDomainScan *self = AURA_DOMAIN_SCAN (object);

  g_clear_object (&self->engine);
  g_clear_object (&self->store);
  g_clear_object (&self->dns);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->source_list);
  g_clear_object (&self->keys);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->domain);
  g_strfreev (self->resolvers);
  g_free (self->wordlist);
  g_strfreev (self->sources);
  g_strfreev (self->source_url_overrides);
  g_free (self->rdap_bootstrap_dir);
  g_free (self->web_scheme);
  g_hash_table_unref (self->names);
  g_ptr_array_unref (self->parts);
  g_hash_table_unref (self->emails);
  g_hash_table_unref (self->addresses);
  g_clear_pointer (&self->survey, aura_dns_survey_free);
  g_clear_pointer (&self->transfers, g_ptr_array_unref);
  g_clear_pointer (&self->rdap, json_node_unref);
  g_ptr_array_unref (self->web_findings);
  g_queue_clear_full (&self->to_resolve, g_free);
  g_queue_clear_full (&self->to_locate, g_free);
  g_clear_pointer (&self->recorder, aura_finding_recorder_free);
  g_clear_error (&self->error);
  G_OBJECT_CLASS (aura_domain_scan_parent_class)->finalize (object);
}

static void
aura_domain_scan_class_init (AuraDomainScanClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = aura_domain_scan_dispose;
  object_class->finalize = aura_domain_scan_finalize;

  signals[SIGNAL_NAME] = g_signal_new ("name", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[SIGNAL_SOURCE] = g_signal_new ("source", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[SIGNAL_PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
aura_domain_scan_init (AuraDomainScan *self)
{
  self->cancellable = g_cancellable_new ();
  self->names =
      g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify)domain_name_free);
  self->parts = g_ptr_array_new_with_free_func ((GDestroyNotify)domain_source_free);
  self->emails =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_ptr_array_unref);
  self->addresses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify)aura_domain_network_free);
  self->web_findings = g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref);
  g_queue_init (&self->to_resolve);
  g_queue_init (&self->to_locate);
}

/* The port of the first resolver ("IP:PORT", "[v6]:PORT"), 0 for 53. */
static guint16
resolver_port (const char *const *resolvers)
{
  const char *colon;

  if (resolvers == NULL || resolvers[0] == NULL)
    return 0;
  colon = strrchr (resolvers[0], ':');
  if (colon == NULL || (resolvers[0][0] != '[' && strchr (resolvers[0], ':') != colon))
    return 0;
  return (guint16)g_ascii_strtoull (colon + 1, NULL, 10);
}

static gboolean
check_sources (AuraDomainScan *self, GError **error)
{
  if (self->sources == NULL)
    return TRUE;
  for (guint i = 0; self->sources[i] != NULL; i++)
    {
      const char *name = self->sources[i];

      if (g_ascii_strcasecmp (name, "all") == 0 || g_ascii_strcasecmp (name, "none") == 0)
        {
          if (self->sources[1] != NULL || i > 0)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _ ("“%s” cannot be combined with source names"), name);
              return FALSE;
            }
          continue;
        }
      if (aura_source_list_lookup (self->source_list, name) == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _ ("There is no passive source named “%s” (see “aura-cli sources list”)"),
                       name);
          return FALSE;
        }
    }
  return TRUE;
}

AuraDomainScan *
aura_domain_scan_new (AuraEngine *engine,
                      AuraStore *store,
                      const AuraDomainScanOptions *options,
                      GError **error)
{
  g_autoptr (AuraDomainScan) self = NULL;
  g_autoptr (GError) local = NULL;
  AuraDnsClientOptions dns_options = { 0 };

  g_return_val_if_fail (AURA_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (store == NULL || AURA_IS_STORE (store), NULL);
  g_return_val_if_fail (options != NULL && options->domain != NULL, NULL);

  self = g_object_new (AURA_TYPE_DOMAIN_SCAN, NULL);
  self->engine = g_object_ref (engine);
  self->store = store != NULL ? g_object_ref (store) : NULL;
  self->domain = aura_dns_normalize_name (options->domain, &local);
  if (self->domain == NULL || strchr (self->domain, '.') == NULL || self->domain[0] == '*')
    {
      g_autofree char *shown = g_utf8_make_valid (options->domain, -1);

      if (local != NULL)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, local->message);
      else if (self->domain[0] == '*')
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     _ ("“%s” is a wildcard, not a domain name; scan the domain below it"), shown);
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     _ ("“%s” is not a domain name: a domain has at least two labels"), shown);
      return NULL;
    }
  self->domain_type = aura_entity_type_for_host (self->domain);
  self->resolvers = g_strdupv ((char **)options->resolvers);
  self->dns_port = resolver_port (options->resolvers);
  self->wordlist = g_strdup (options->wordlist);
  self->permutations = options->permutations;
  self->rate = options->rate;
  self->sources = g_strdupv ((char **)options->sources);
  self->keys = options->keys != NULL ? g_object_ref (options->keys) : aura_api_keys_new ();
  self->source_url_overrides = g_strdupv ((char **)options->source_url_overrides);
  self->rdap_bootstrap_dir = g_strdup (options->rdap_bootstrap_dir);
  self->no_transfer = options->no_transfer;
  self->no_rdap = options->no_rdap;
  self->no_harvest = options->no_harvest;
  self->no_asn = options->no_asn;
  self->harvest_pages = options->harvest_pages != 0 ? options->harvest_pages : 20;
  self->web_port = options->web_port;
  self->web_scheme = g_strdup (options->web_scheme);
  self->timeout_ms = options->timeout_ms;
  self->investigation_id = options->investigation_id;
  self->seed_entity_id = options->seed_entity_id;

  if (options->source_list != NULL)
    self->source_list = g_object_ref (options->source_list);
  else if ((self->source_list = aura_source_list_load_bundled (error)) == NULL)
    return NULL;
  if (!check_sources (self, error))
    return NULL;
  if (self->wordlist != NULL)
    {
      g_autofree char *path = aura_domain_scan_find_wordlist (self->wordlist, error);

      if (path == NULL)
        return NULL;
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _ ("The word list “%s” does not exist"), path);
          return NULL;
        }
    }

  dns_options.servers = options->resolvers;
  dns_options.timeout_ms = options->timeout_ms;
  self->dns = aura_dns_client_new (&dns_options, error);
  if (self->dns == NULL)
    return NULL;

  if (store != NULL)
    {
      g_autoptr (AuraInvestigation) investigation =
          aura_store_get_investigation (store, options->investigation_id, error);

      if (investigation == NULL)
        return NULL;
    }
  return g_steal_pointer (&self);
}

/* ---- Parts ---------------------------------------------------------------- */

AuraDomainSource *
aura_domain_scan_add_part (AuraDomainScan *self, const char *name, const char *label)
{
  AuraDomainSource *part = g_new0 (AuraDomainSource, 1);

  part->name = g_strdup (name);
  part->label = g_strdup (label);
  part->state = AURA_DOMAIN_SOURCE_RUNNING;
  g_ptr_array_add (self->parts, part);
  g_signal_emit (self, signals[SIGNAL_SOURCE], 0, part);
  return part;
}

AuraDomainSource *
aura_domain_scan_find_part (AuraDomainScan *self, const char *name)
{
  for (guint i = 0; i < self->parts->len; i++)
    {
      AuraDomainSource *part = self->parts->pdata[i];

      if (g_strcmp0 (part->name, name) == 0)
        return part;
    }
  return NULL;
}

void
aura_domain_scan_part_changed (AuraDomainScan *self, AuraDomainSource *part)
{
  g_signal_emit (self, signals[SIGNAL_SOURCE], 0, part);
}

void
aura_domain_scan_end_part (AuraDomainScan *self,
                           AuraDomainSource *part,
                           AuraDomainSourceState state,
                           const char *error)
{
  g_autofree char *summary = NULL;

  if (part->state != AURA_DOMAIN_SOURCE_RUNNING)
    return;
  part->state =
      self->cancelled && state == AURA_DOMAIN_SOURCE_ERROR ? AURA_DOMAIN_SOURCE_CANCELLED : state;
  g_free (part->error);
  part->error = g_strdup (error);
  summary = g_strdup_printf ("{\"found\":%u,\"requests\":%u}", part->found, part->requests);
  aura_domain_scan_record_result (
      self, part->name, NULL,
      part->state == AURA_DOMAIN_SOURCE_OK ? (part->found > 0 ? "found" : "not_found") : "unknown",
      aura_domain_source_state_to_string (part->state), summary);
  g_signal_emit (self, signals[SIGNAL_SOURCE], 0, part);
}

/* ---- Names ----------------------------------------------------------------- */

gboolean
aura_domain_scan_is_inside (AuraDomainScan *self, const char *name)
{
  gsize len = strlen (name), domain_len = strlen (self->domain);

  if (len == domain_len)
    return strcmp (name, self->domain) == 0;
  return len > domain_len && name[len - domain_len - 1] == '.' &&
         strcmp (name + len - domain_len, self->domain) == 0;
}

static gboolean
has_string (GPtrArray *array, const char *value)
{
  for (guint i = 0; i < array->len; i++)
    if (strcmp (array->pdata[i], value) == 0)
      return TRUE;
  return FALSE;
}

static void
add_source (GPtrArray *sources, const char *source)
{
  if (!has_string (sources, source))
    g_ptr_array_add (sources, g_strdup (source));
}

/* Records what the name resolves to: its addresses and its first alias. */
static void
record_resolution (AuraDomainScan *self, AuraDomainName *entry, const char *source)
{
  g_autofree char *attributes = NULL;
  AuraEntityType type =
      strcmp (entry->name, self->domain) == 0 ? self->domain_type : AURA_ENTITY_SUBDOMAIN;

  attributes =
      g_strdup_printf ("{\"resolves\":%s,\"dangling_cname\":%s}",
                       entry->resolves ? "true" : "false", entry->dangling ? "true" : "false");
  aura_domain_scan_record (self, type, entry->name, NULL, type, entry->name, attributes,
                           entry->resolves ? 1.0 : 0.5, source);
  for (guint i = 0; i < entry->addresses->len; i++)
    {
      aura_domain_scan_record (self, type, entry->name, "resolves_to", AURA_ENTITY_IP,
                               entry->addresses->pdata[i], NULL, 1.0, source);
      aura_domain_scan_add_address (self, entry->addresses->pdata[i]);
    }
  if (entry->cnames->len > 0)
    {
      const char *alias = entry->cnames->pdata[0];

      aura_domain_scan_record (self, type, entry->name, "alias_of", AURA_ENTITY_SUBDOMAIN, alias,
                               NULL, 1.0, source);
    }
}

static void
set_resolution (AuraDomainName *entry, const char *const *addresses, const char *const *cnames)
{
  for (guint i = 0; addresses != NULL && addresses[i] != NULL; i++)
    add_source (entry->addresses, addresses[i]);
  for (guint i = 0; cnames != NULL && cnames[i] != NULL; i++)
    add_source (entry->cnames, cnames[i]);
  entry->resolves = entry->addresses->len > 0;
  /* A finder that knows the alias and found no address at its end: the
   * alias points to a name that does not exist. */
  if (addresses != NULL && cnames != NULL && cnames[0] != NULL)
    entry->dangling = !entry->resolves;
}

AuraDomainName *
aura_domain_scan_add_name (AuraDomainScan *self,
                           const char *name,
                           const char *source,
                           const char *const *addresses,
                           const char *const *cnames)
{
  g_autofree char *normal = aura_dns_normalize_name (name, NULL);
  AuraDomainName *entry;
  gboolean known_source;

  if (normal == NULL || !aura_domain_scan_is_inside (self, normal) || normal[0] == '*')
    return NULL;
  entry = g_hash_table_lookup (self->names, normal);
  if (entry == NULL)
    {
      entry = g_new0 (AuraDomainName, 1);
      entry->name = g_steal_pointer (&normal);
      entry->addresses = g_ptr_array_new_with_free_func (g_free);
      entry->cnames = g_ptr_array_new_with_free_func (g_free);
      entry->sources = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (self->names, entry->name, entry);
      if (addresses == NULL && cnames == NULL)
        g_queue_push_tail (&self->to_resolve, g_strdup (entry->name));
    }
  known_source = has_string (entry->sources, source);
  add_source (entry->sources, source);
  if (addresses != NULL || cnames != NULL)
    set_resolution (entry, addresses, cnames);

  if (strcmp (entry->name, self->domain) != 0)
    aura_domain_scan_record (self, self->domain_type, self->domain, "has_subdomain",
                             AURA_ENTITY_SUBDOMAIN, entry->name, NULL,
                             addresses != NULL ? 1.0 : 0.5, source);
  if (addresses != NULL || cnames != NULL)
    record_resolution (self, entry, source);
  if (!known_source || addresses != NULL)
    g_signal_emit (self, signals[SIGNAL_NAME], 0, entry);
  aura_domain_scan_pump (self);
  return entry;
}

void
aura_domain_scan_resolved (AuraDomainScan *self, const char *name, AuraDnsChain *chain)
{
  AuraDomainName *entry = g_hash_table_lookup (self->names, name);

  if (entry == NULL)
    return;
  if (chain != NULL)
    {
      set_resolution (entry, (const char *const *)chain->addresses,
                      chain->names != NULL && chain->names[0] != NULL
                          ? (const char *const *)chain->names + 1
                          : NULL);
      entry->dangling = chain->status == AURA_DNS_CHAIN_DANGLING;
    }
  record_resolution (self, entry, "resolution");
  g_signal_emit (self, signals[SIGNAL_NAME], 0, entry);
}

void
aura_domain_scan_add_email (AuraDomainScan *self, const char *email, const char *source)
{
  g_autofree char *lower = g_utf8_strdown (email, -1);
  GPtrArray *sources = g_hash_table_lookup (self->emails, lower);

  if (sources == NULL)
    {
      sources = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (self->emails, g_strdup (lower), sources);
    }
  add_source (sources, source);
  aura_domain_scan_record (self, self->domain_type, self->domain, "has_email", AURA_ENTITY_EMAIL,
                           lower, NULL, 0.9, source);
}

void
aura_domain_scan_add_address (AuraDomainScan *self, const char *address)
{
  if (g_hash_table_contains (self->addresses, address))
    return;
  g_hash_table_insert (self->addresses, g_strdup (address), NULL);
  if (!self->no_asn)
    g_queue_push_tail (&self->to_locate, g_strdup (address));
  aura_domain_scan_pump (self);
}

/* ---- Recording ---------------------------------------------------------------- */

static void flush (AuraDomainScan *self);

static gboolean
flush_cb (gpointer data)
{
  AuraDomainScan *self = data;

  g_clear_pointer (&self->flush_source, g_source_unref);
  flush (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_flush (AuraDomainScan *self)
{
  if (self->recorder == NULL || self->flush_source != NULL || self->finished)
    return;
  self->flush_source = g_timeout_source_new (FLUSH_INTERVAL_MS);
  g_source_set_callback (self->flush_source, flush_cb, self, NULL);
  g_source_attach (self->flush_source, self->context);
}

static void
flush (AuraDomainScan *self)
{
  g_autoptr (GError) error = NULL;

  clear_timer (&self->flush_source);
  if (self->recorder == NULL || self->error != NULL)
    return;
  if (!aura_finding_recorder_flush (self->recorder, &error))
    {
      g_warning ("domain scan: recording failed: %s", error->message);
      self->error = g_steal_pointer (&error);
      aura_domain_scan_cancel (self);
      return;
    }
  /* More than one batch was queued: the rest goes soon, after the main
   * loop has had a turn. */
  if (aura_finding_recorder_get_pending (self->recorder) > 0 && !self->finished)
    {
      self->flush_source = g_timeout_source_new (10);
      g_source_set_callback (self->flush_source, flush_cb, self, NULL);
      g_source_attach (self->flush_source, self->context);
    }
}

void
aura_domain_scan_record (AuraDomainScan *self,
                         AuraEntityType from_type,
                         const char *from_value,
                         const char *relation,
                         AuraEntityType type,
                         const char *value,
                         const char *attributes_json,
                         double confidence,
                         const char *source)
{
  if (self->recorder == NULL)
    return;
  aura_finding_recorder_add (self->recorder, from_type, from_value, relation, type, value,
                             attributes_json, confidence, source);
  schedule_flush (self);
}

void
aura_domain_scan_record_result (AuraDomainScan *self,
                                const char *site,
                                const char *url,
                                const char *verdict,
                                const char *reason,
                                const char *result_json)
{
  AuraScanResultRecord row = { 0 };

  if (self->recorder == NULL)
    return;
  row.site = (char *)site;
  row.url = (char *)url;
  row.verdict = (char *)verdict;
  row.reason = (char *)reason;
  row.result = (char *)result_json;
  aura_finding_recorder_add_result (self->recorder, &row);
  schedule_flush (self);
}

/* ---- Progress and the end ----------------------------------------------------- */

void
aura_domain_scan_get_progress (AuraDomainScan *self, AuraDomainScanProgress *progress)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (AURA_IS_DOMAIN_SCAN (self) && progress != NULL);
  memset (progress, 0, sizeof *progress);
  progress->names = g_hash_table_size (self->names);
  g_hash_table_iter_init (&iter, self->names);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((AuraDomainName *)value)->resolves)
      progress->resolved++;
  progress->addresses = g_hash_table_size (self->addresses);
  progress->emails = g_hash_table_size (self->emails);
  progress->parts_total = self->parts->len;
  for (guint i = 0; i < self->parts->len; i++)
    if (((AuraDomainSource *)self->parts->pdata[i])->state != AURA_DOMAIN_SOURCE_RUNNING)
      progress->parts_done++;
  progress->dns_queries = self->dns_queries + self->brute_queries;
  progress->wildcard_discarded = self->wildcard_discarded;
  if (self->started_us != 0)
    progress->elapsed_us =
        (self->finished_us != 0 ? self->finished_us : g_get_monotonic_time ()) - self->started_us;
}

static gboolean
progress_cb (gpointer data)
{
  AuraDomainScan *self = data;

  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0);
  return G_SOURCE_CONTINUE;
}

static char *
summary_json (AuraDomainScan *self)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  AuraDomainScanProgress p;

  aura_domain_scan_get_progress (self, &p);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "names");
  json_builder_add_int_value (builder, p.names);
  json_builder_set_member_name (builder, "resolved");
  json_builder_add_int_value (builder, p.resolved);
  json_builder_set_member_name (builder, "addresses");
  json_builder_add_int_value (builder, p.addresses);
  json_builder_set_member_name (builder, "emails");
  json_builder_add_int_value (builder, p.emails);
  json_builder_set_member_name (builder, "dns_queries");
  json_builder_add_int_value (builder, (gint64)p.dns_queries);
  json_builder_set_member_name (builder, "wildcard_discarded");
  json_builder_add_int_value (builder, (gint64)p.wildcard_discarded);
  json_builder_set_member_name (builder, "parts");
  json_builder_begin_object (builder);
  for (guint i = 0; i < self->parts->len; i++)
    {
      AuraDomainSource *part = self->parts->pdata[i];

      json_builder_set_member_name (builder, part->name);
      json_builder_add_string_value (builder, aura_domain_source_state_to_string (part->state));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static void
finish (AuraDomainScan *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *summary = NULL;
  const char *status;

  if (self->finished)
    return;
  self->finished = TRUE;
  self->finished_us = g_get_monotonic_time ();
  clear_timer (&self->progress_source);
  if (self->recorder != NULL)
    {
      while (self->error == NULL && aura_finding_recorder_get_pending (self->recorder) > 0)
        flush (self);
      status = self->error != NULL ? "failed" : self->cancelled ? "cancelled" : "done";
      summary = summary_json (self);
      if (!aura_store_finish_scan (self->store, self->scan_id, status, summary,
                                   self->error != NULL ? self->error->message : NULL, &error) &&
          self->error == NULL)
        self->error = g_steal_pointer (&error);
    }
  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
}

void
aura_domain_scan_hold (AuraDomainScan *self)
{
  self->running++;
}

void
aura_domain_scan_release (AuraDomainScan *self)
{
  g_return_if_fail (self->running > 0);
  self->running--;
  aura_domain_scan_pump (self);
  if (self->running == 0 && self->resolving == 0 && self->locating == 0 &&
      (self->cancelled ||
       (g_queue_is_empty (&self->to_resolve) && g_queue_is_empty (&self->to_locate))))
    finish (self);
}

void
aura_domain_scan_start (AuraDomainScan *self)
{
  g_autoptr (GError) error = NULL;

  g_return_if_fail (AURA_IS_DOMAIN_SCAN (self));
  g_return_if_fail (!self->started);
  self->started = TRUE;
  self->started_us = g_get_monotonic_time ();
  self->context = g_main_context_ref_thread_default ();

  if (self->store != NULL)
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;
      g_autofree char *params = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "domain");
      json_builder_add_string_value (builder, self->domain);
      json_builder_set_member_name (builder, "wordlist");
      json_builder_add_string_value (builder, self->wordlist);
      json_builder_set_member_name (builder, "permutations");
      json_builder_add_boolean_value (builder, self->permutations);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      params = json_to_string (root, FALSE);
      self->scan_id = aura_store_begin_scan (self->store, self->investigation_id,
                                             self->seed_entity_id, "domain", params, &error);
      if (self->scan_id == 0)
        self->error = g_steal_pointer (&error);
      else
        {
          self->recorder = aura_finding_recorder_new (self->store, self->investigation_id,
                                                      self->scan_id, "domain", _ ("Domain scan"));
          aura_finding_recorder_set_batch_limit (self->recorder, 1000);
          aura_domain_scan_record (self, self->domain_type, NULL, NULL, self->domain_type,
                                   self->domain, NULL, 1.0, "seed");
        }
    }

  self->progress_source = g_timeout_source_new (PROGRESS_INTERVAL_MS);
  g_source_set_callback (self->progress_source, progress_cb, self, NULL);
  g_source_attach (self->progress_source, self->context);

  /* Held while the parts start, so that a part ending at once cannot
   * finish the scan before the others are under way. */
  aura_domain_scan_hold (self);
  if (self->error == NULL)
    {
      aura_domain_scan_start_dns (self);
      aura_domain_scan_start_sources (self);
      aura_domain_scan_start_brute (self);
      aura_domain_scan_start_web (self);
    }
  aura_domain_scan_release (self);
}

void
aura_domain_scan_cancel (AuraDomainScan *self)
{
  g_return_if_fail (AURA_IS_DOMAIN_SCAN (self));
  if (self->finished || self->cancelled)
    return;
  self->cancelled = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_queue_clear_full (&self->to_resolve, g_free);
  g_queue_clear_full (&self->to_locate, g_free);
  aura_domain_scan_cancel_parts (self);
  if (self->started)
    {
      aura_domain_scan_hold (self);
      aura_domain_scan_release (self);
    }
}

gboolean
aura_domain_scan_run (AuraDomainScan *self, GError **error)
{
  g_return_val_if_fail (AURA_IS_DOMAIN_SCAN (self), FALSE);
  aura_domain_scan_start (self);
  while (!self->finished)
    g_main_context_iteration (self->context, TRUE);
  if (self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return FALSE;
    }
  return TRUE;
}

gboolean
aura_domain_scan_is_finished (AuraDomainScan *self)
{
  return self->finished;
}

gboolean
aura_domain_scan_was_cancelled (AuraDomainScan *self)
{
  return self->cancelled;
}

/* GLib 2.74 has no g_hash_table_get_{keys,values}_as_ptr_array(). */
static GPtrArray *
table_to_array (GHashTable *table, gboolean keys)
{
  GPtrArray *array = g_ptr_array_sized_new (g_hash_table_size (table));
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_ptr_array_add (array, keys ? key : value);
  return array;
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  const AuraDomainName *x = *(AuraDomainName *const *)a;
  const AuraDomainName *y = *(AuraDomainName *const *)b;

  return strcmp (x->name, y->name);
}

GPtrArray *
aura_domain_scan_get_names (AuraDomainScan *self)
{
  GPtrArray *names = table_to_array (self->names, FALSE);

  g_ptr_array_sort (names, compare_names);
  return names;
}

GPtrArray *
aura_domain_scan_get_sources (AuraDomainScan *self)
{
  return g_ptr_array_ref (self->parts);
}

const char *
aura_domain_scan_get_domain (AuraDomainScan *self)
{
  g_return_val_if_fail (AURA_IS_DOMAIN_SCAN (self), NULL);
  return self->domain;
}

gint64
aura_domain_scan_get_scan_id (AuraDomainScan *self)
{
  return self->scan_id;
}

const GError *
aura_domain_scan_get_error (AuraDomainScan *self)
{
  return self->error;
}

/* ---- JSON ----------------------------------------------------------------------- */

static void
add_strings (JsonBuilder *builder, const char *member, GPtrArray *values)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < values->len; i++)
    json_builder_add_string_value (builder, values->pdata[i]);
  json_builder_end_array (builder);
}

static void
names_to_json (AuraDomainScan *self, JsonBuilder *builder)
{
  g_autoptr (GPtrArray) names = aura_domain_scan_get_names (self);

  json_builder_set_member_name (builder, "names");
  json_builder_begin_array (builder);
  for (guint i = 0; i < names->len; i++)
    {
      AuraDomainName *name = names->pdata[i];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, name->name);
      add_strings (builder, "addresses", name->addresses);
      add_strings (builder, "cnames", name->cnames);
      add_strings (builder, "sources", name->sources);
      json_builder_set_member_name (builder, "resolves");
      json_builder_add_boolean_value (builder, name->resolves);
      json_builder_set_member_name (builder, "dangling_cname");
      json_builder_add_boolean_value (builder, name->dangling);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
parts_to_json (AuraDomainScan *self, JsonBuilder *builder)
{
  json_builder_set_member_name (builder, "sources");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->parts->len; i++)
    {
      AuraDomainSource *part = self->parts->pdata[i];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, part->name);
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, part->label);
      json_builder_set_member_name (builder, "state");
      json_builder_add_string_value (builder, aura_domain_source_state_to_string (part->state));
      json_builder_set_member_name (builder, "found");
      json_builder_add_int_value (builder, part->found);
      json_builder_set_member_name (builder, "requests");
      json_builder_add_int_value (builder, part->requests);
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, part->error);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *)a, *(const char *const *)b);
}

static void
emails_and_networks_to_json (AuraDomainScan *self, JsonBuilder *builder)
{
  g_autoptr (GPtrArray) emails = table_to_array (self->emails, TRUE);
  g_autoptr (GPtrArray) addresses = table_to_array (self->addresses, TRUE);

  g_ptr_array_sort (emails, compare_strings);
  json_builder_set_member_name (builder, "emails");
  json_builder_begin_array (builder);
  for (guint i = 0; i < emails->len; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "email");
      json_builder_add_string_value (builder, emails->pdata[i]);
      add_strings (builder, "sources", g_hash_table_lookup (self->emails, emails->pdata[i]));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  g_ptr_array_sort (addresses, compare_strings);
  json_builder_set_member_name (builder, "addresses");
  json_builder_begin_array (builder);
  for (guint i = 0; i < addresses->len; i++)
    {
      AuraDomainNetwork *network = g_hash_table_lookup (self->addresses, addresses->pdata[i]);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "address");
      json_builder_add_string_value (builder, addresses->pdata[i]);
      json_builder_set_member_name (builder, "asn");
      json_builder_add_string_value (builder, network != NULL ? network->asn : NULL);
      json_builder_set_member_name (builder, "as_name");
      json_builder_add_string_value (builder, network != NULL ? network->as_name : NULL);
      json_builder_set_member_name (builder, "network");
      json_builder_add_string_value (builder, network != NULL ? network->prefix : NULL);
      json_builder_set_member_name (builder, "country");
      json_builder_add_string_value (builder, network != NULL ? network->country : NULL);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

JsonNode *
aura_domain_scan_to_json (AuraDomainScan *self)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  AuraDomainScanProgress p;

  g_return_val_if_fail (AURA_IS_DOMAIN_SCAN (self), NULL);
  aura_domain_scan_get_progress (self, &p);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "domain");
  json_builder_add_string_value (builder, self->domain);
  json_builder_set_member_name (builder, "scan_id");
  json_builder_add_int_value (builder, self->scan_id);
  json_builder_set_member_name (builder, "cancelled");
  json_builder_add_boolean_value (builder, self->cancelled);
  json_builder_set_member_name (builder, "elapsed_s");
  json_builder_add_double_value (builder, p.elapsed_us / (double)G_USEC_PER_SEC);
  names_to_json (self, builder);
  emails_and_networks_to_json (self, builder);
  aura_domain_scan_dns_to_json (self, builder);
  parts_to_json (self, builder);
  if (self->rdap != NULL)
    {
      json_builder_set_member_name (builder, "rdap");
      json_builder_add_value (builder, json_node_copy (self->rdap));
    }
  json_builder_set_member_name (builder, "web");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->web_findings->len; i++)
    {
      JsonNode *node = json_node_new (JSON_NODE_OBJECT);

      json_node_set_object (node, self->web_findings->pdata[i]);
      json_builder_add_value (builder, node);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "summary");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "names");
  json_builder_add_int_value (builder, p.names);
  json_builder_set_member_name (builder, "resolved");
  json_builder_add_int_value (builder, p.resolved);
  json_builder_set_member_name (builder, "addresses");
  json_builder_add_int_value (builder, p.addresses);
  json_builder_set_member_name (builder, "emails");
  json_builder_add_int_value (builder, p.emails);
  json_builder_set_member_name (builder, "dns_queries");
  json_builder_add_int_value (builder, (gint64)p.dns_queries);
  json_builder_set_member_name (builder, "wildcard_discarded");
  json_builder_add_int_value (builder, (gint64)p.wildcard_discarded);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
