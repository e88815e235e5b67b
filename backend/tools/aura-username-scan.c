/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-scan"
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "aura-page-extract.h"
#include "aura-manifest.h"
#include "aura-username-scan.h"

/* How a username sweep runs (see README.md):
 *
 * - every (name, site) pair is a check: refused at once when the site's
 *   rules say the name cannot exist there (invalid), else its probe goes to
 *   the engine, all at once (the engine queues and paces them);
 * - a site that reports a hit also gets one calibration check, a random
 *   name that cannot exist, sent on its first hit; a "found" waits for it,
 *   and for its profile page when the probe was not the page, before it is
 *   final (a Hit);
 * - verdicts, and the entities read from found profiles, are written to the
 *   store in batches at most every FLUSH_MS, in the scan's main context.
 *
 * Every job holds a reference on the scan, so the scan lives until the
 * engine has answered each of them. */

#define FLUSH_MS 250
#define FLUSH_MAX_ROWS 512
#define PROGRESS_MS 100
#define DEFAULT_MAX_REQUESTS 100000
/* Names taken from one profile for the next hop. */
#define MAX_NAMES_PER_PROFILE 10

typedef struct
{
  AuraSite *site;
  AuraCalibration calibration;
  gboolean calibration_pending;
  GPtrArray *held; /* Hit, waiting for the calibration */
} SiteState;

typedef struct
{
  AuraUsernameCheck *check; /* owned by the scan's checks once recorded */
  SiteState *site;
  AuraPageInfo *info;
  guint waits;
} Hit;

typedef enum
{
  JOB_CHECK,       /* the probe of a (name, site) pair */
  JOB_CALIBRATION, /* the random name of a site */
  JOB_PROFILE,     /* the profile page of a hit, for extraction */
} JobKind;

typedef struct
{
  AuraUsernameScan *scan;
  JobKind kind;
  SiteState *site;
  char *username;
  guint depth;
  AuraSiteProbe *probe;
  Hit *hit; /* JOB_PROFILE */
} Job;

struct _AuraUsernameScan
{
  GObject parent_instance;

  AuraEngine *engine;
  AuraStore *store;
  AuraSiteList *site_list;
  GStrv usernames;
  gboolean no_calibration;
  gboolean no_extract;
  guint variants;
  guint depth;
  guint max_requests;
  guint timeout_ms;
  gint64 investigation_id;
  gint64 seed_entity_id;
  AuraRateHints *rate_hints; /* NULL with ignore_rate_hints */

  GPtrArray *sites; /* SiteState */
  GHashTable *seen_names;
  GPtrArray *checks;
  GRand *rand;
  guint64 group;
  guint pending;
  gboolean started;
  gboolean finished;
  gboolean cancelled;
  gint64 start_time;
  AuraUsernameScanProgress progress;
  gint64 scan_id;
  GError *error;

  GMainContext *context;
  GPtrArray *pending_results; /* AuraScanResultRecord */
  GPtrArray *pending_hits;    /* Hit, final, to store */
  GSource *flush_source;
  GSource *progress_source;
  GMainLoop *loop;
};

enum
{
  SIGNAL_CHECK,
  SIGNAL_PROGRESS,
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (AuraUsernameScan, aura_username_scan, G_TYPE_OBJECT)

static void submit_check (AuraUsernameScan *self, SiteState *site, const char *name, guint depth);
static void maybe_finish (AuraUsernameScan *self);

void
aura_username_check_free (AuraUsernameCheck *check)
{
  if (check == NULL)
    return;
  g_free (check->username);
  g_free (check->site);
  g_free (check->url);
  g_free (check->profile_url);
  g_free (check->method);
  g_free (check->reason);
  g_free (check);
}

static void
site_state_free (SiteState *state)
{
  aura_site_unref (state->site);
  g_ptr_array_unref (state->held);
  g_free (state);
}

static void
hit_free (Hit *hit)
{
  g_clear_pointer (&hit->info, aura_page_info_free);
  g_free (hit);
}

static void
job_free (Job *job)
{
  g_clear_pointer (&job->probe, aura_site_probe_free);
  g_free (job->username);
  g_clear_object (&job->scan);
  g_free (job);
}

/* ---- Options ------------------------------------------------------------ */

static gboolean
strv_contains_nocase (const char *const *strv, const char *value)
{
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    if (g_ascii_strcasecmp (strv[i], value) == 0)
      return TRUE;
  return FALSE;
}

/* Whether the filters keep @site. */
static gboolean
site_selected (const AuraUsernameScanOptions *options, AuraSite *site)
{
  gboolean named = options->site_names != NULL;
  gboolean tagged = FALSE;

  if (named && !strv_contains_nocase (options->site_names, aura_site_get_name (site)))
    return FALSE;
  if (aura_site_get_disabled (site) && !options->include_disabled && !named)
    return FALSE;
  for (guint i = 0; options->tags != NULL && options->tags[i] != NULL; i++)
    if (aura_site_has_tag (site, options->tags[i]))
      tagged = TRUE;
  if (options->tags != NULL && !tagged)
    return FALSE;
  if (aura_site_is_nsfw (site) && !options->include_nsfw && !named &&
      !strv_contains_nocase (options->tags, "nsfw"))
    return FALSE;
  return TRUE;
}

/* ---- Recording ---------------------------------------------------------- */

static const char *
calibration_to_string (AuraCalibration calibration)
{
  switch (calibration)
    {
      case AURA_CALIBRATION_RELIABLE:
        return "reliable";
      case AURA_CALIBRATION_UNRELIABLE:
        return "unreliable";
      case AURA_CALIBRATION_INCONCLUSIVE:
        return "inconclusive";
      case AURA_CALIBRATION_UNTESTED:
      default:
        return "untested";
    }
}

static char *
check_result_json (const AuraUsernameCheck *check)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, check->username);
  json_builder_set_member_name (builder, "confidence");
  json_builder_add_double_value (builder, check->confidence);
  json_builder_set_member_name (builder, "calibration");
  json_builder_add_string_value (builder, calibration_to_string (check->calibration));
  if (check->profile_url != NULL)
    {
      json_builder_set_member_name (builder, "profile_url");
      json_builder_add_string_value (builder, check->profile_url);
    }
  json_builder_set_member_name (builder, "depth");
  json_builder_add_int_value (builder, check->depth);
  if (check->n_findings > 0)
    {
      json_builder_set_member_name (builder, "findings");
      json_builder_add_int_value (builder, check->n_findings);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static void schedule_progress (AuraUsernameScan *self);
static void schedule_flush (AuraUsernameScan *self);

/* Counts the check, emits it and queues its row for the store. The scan
 * takes @check. */
static void
record_check (AuraUsernameScan *self, AuraUsernameCheck *check)
{
  AuraUsernameScanProgress *p = &self->progress;

  g_ptr_array_add (self->checks, check);
  p->done++;
  switch (check->verdict)
    {
      case AURA_VERDICT_FOUND:
        p->found++;
        break;
      case AURA_VERDICT_NOT_FOUND:
        p->not_found++;
        break;
      case AURA_VERDICT_INVALID:
        p->invalid++;
        break;
      case AURA_VERDICT_UNKNOWN:
      default:
        p->unknown++;
        if (g_str_has_prefix (check->reason, "blocked") ||
            g_str_has_prefix (check->reason, "rate_limited"))
          p->blocked++;
        else if (!g_str_has_prefix (check->reason, "budget"))
          p->errors++;
        break;
    }
  if (self->store != NULL && self->error == NULL)
    {
      AuraScanResultRecord *row = g_new0 (AuraScanResultRecord, 1);

      row->site = g_strdup (check->site);
      row->url = g_strdup (check->url);
      row->method = g_strdup (check->method);
      row->http_status = check->http_status;
      row->latency_ms = check->latency_ms;
      row->bytes = (gint64)check->bytes;
      row->verdict = g_strdup (aura_verdict_to_string (check->verdict));
      row->reason = g_strdup (check->reason);
      row->result = check_result_json (check);
      g_ptr_array_add (self->pending_results, row);
      schedule_flush (self);
    }
  g_signal_emit (self, signals[SIGNAL_CHECK], 0, check);
  schedule_progress (self);
}

/* Records a request that is not a check of its own (a calibration probe,
 * a profile page) so that every request the scan made is in
 * scan_results; it is not counted nor emitted. */
static void
record_request (AuraUsernameScan *self,
                const Job *job,
                const AuraHttpResponse *response,
                AuraVerdict verdict,
                const char *reason,
                const char *kind)
{
  g_autoptr (JsonBuilder) builder = NULL;
  g_autoptr (JsonNode) root = NULL;
  AuraScanResultRecord *row;

  if (self->store == NULL || self->error != NULL)
    return;
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, kind);
  if (job->username != NULL)
    {
      json_builder_set_member_name (builder, "username");
      json_builder_add_string_value (builder, job->username);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  row = g_new0 (AuraScanResultRecord, 1);
  row->site = g_strdup (aura_site_get_name (job->site->site));
  row->url = g_strdup (job->probe->url);
  row->method = g_strdup (job->probe->request.method != NULL ? job->probe->request.method : "GET");
  row->http_status = response->status;
  row->latency_ms = response->latency_us / 1000;
  row->bytes = (gint64)response->bytes;
  row->verdict = g_strdup (aura_verdict_to_string (verdict));
  row->reason = g_strdup (reason != NULL ? reason : "");
  row->result = json_to_string (root, FALSE);
  g_ptr_array_add (self->pending_results, row);
  schedule_flush (self);
}

static AuraUsernameCheck *
check_new (SiteState *site, const char *username, guint depth)
{
  AuraUsernameCheck *check = g_new0 (AuraUsernameCheck, 1);

  check->username = g_strdup (username);
  check->site = g_strdup (aura_site_get_name (site->site));
  check->method = g_strdup (aura_site_get_method (site->site));
  check->depth = depth;
  check->calibration = site->calibration;
  return check;
}

/* ---- Writing findings --------------------------------------------------- */

/* "host:handle" for the account entity: the profile's host without
 * "www.", which the account type accepts as a service. */
static char *
account_value (const AuraUsernameCheck *check)
{
  g_autoptr (GUri) uri = NULL;
  const char *host;
  g_autofree char *service = NULL;

  if (check->profile_url != NULL)
    uri = g_uri_parse (check->profile_url, G_URI_FLAGS_NONE, NULL);
  host = uri != NULL ? g_uri_get_host (uri) : NULL;
  if (host == NULL || *host == '\0')
    {
      service = g_ascii_strdown (check->site, -1);
      g_strcanon (service, "abcdefghijklmnopqrstuvwxyz0123456789.-", '-');
    }
  else
    service = g_ascii_strdown (g_str_has_prefix (host, "www.") ? host + 4 : host, -1);
  return g_strconcat (service, ":", check->username, NULL);
}

static char *
account_attributes (const Hit *hit)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autofree char *page = NULL;
  JsonObject *object;

  page = hit->info != NULL ? aura_page_info_to_attributes_json (hit->info) : g_strdup ("{}");
  if (!json_parser_load_from_data (parser, page, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  object = json_node_get_object (json_parser_get_root (parser));
  json_object_set_string_member (object, "site", hit->check->site);
  if (hit->check->profile_url != NULL)
    json_object_set_string_member (object, "url", hit->check->profile_url);
  json_object_set_string_member (object, "reason", hit->check->reason);
  json_object_set_double_member (object, "confidence", hit->check->confidence);
  json_object_set_string_member (object, "calibration",
                                 calibration_to_string (hit->check->calibration));
  json_generator_set_root (generator, json_parser_get_root (parser));
  return json_generator_to_data (generator, NULL);
}

/* An invalid finding is skipped; only store failures (disk full, busy…)
 * stop the flush. */
static gboolean
is_store_failure (const GError *error)
{
  return error != NULL && error->domain == AURA_STORE_ERROR &&
         error->code != AURA_STORE_ERROR_INVALID && error->code != AURA_STORE_ERROR_NOT_FOUND;
}

static gboolean
write_hit (AuraUsernameScan *self, Hit *hit, GError **error)
{
  AuraProvenance provenance = { self->scan_id, "username", hit->check->profile_url };
  g_autofree char *account = account_value (hit->check);
  g_autofree char *attributes = account_attributes (hit);
  g_autoptr (AuraEntity) name = NULL;
  g_autoptr (AuraEntity) profile = NULL;
  g_autoptr (GPtrArray) findings = NULL;
  g_autoptr (AuraRelation) has = NULL;
  double confidence = hit->check->confidence;
  GError *local = NULL;

  name = aura_store_add_entity (self->store, self->investigation_id, AURA_ENTITY_USERNAME,
                                hit->check->username, NULL, 1.0, &provenance, NULL, &local);
  if (name == NULL)
    goto failed;
  profile = aura_store_add_entity (self->store, self->investigation_id, AURA_ENTITY_ACCOUNT,
                                   account, attributes, confidence, &provenance, NULL, &local);
  if (profile == NULL)
    goto failed;
  has = aura_store_add_relation (self->store, self->investigation_id, aura_entity_get_id (name),
                                 aura_entity_get_id (profile), "has_account", NULL, confidence,
                                 &provenance, &local);
  if (has == NULL)
    goto failed;
  if (hit->info == NULL)
    return TRUE;
  findings = aura_page_info_to_findings (hit->info);
  for (guint i = 0; i < findings->len; i++)
    {
      AuraPageFinding *finding = findings->pdata[i];
      g_autoptr (AuraEntity) entity = NULL;
      g_autoptr (AuraRelation) relation = NULL;

      entity =
          aura_store_add_entity (self->store, self->investigation_id, finding->type, finding->value,
                                 finding->attributes_json, confidence, &provenance, NULL, &local);
      if (entity != NULL && aura_entity_get_id (entity) != aura_entity_get_id (profile))
        relation = aura_store_add_relation (
            self->store, self->investigation_id, aura_entity_get_id (profile),
            aura_entity_get_id (entity), finding->relation, NULL, confidence, &provenance, &local);
      if (is_store_failure (local))
        goto failed;
      g_clear_error (&local);
    }
  return TRUE;

failed:
  if (!is_store_failure (local))
    {
      /* A value the store refuses (a site whose profile URL is odd):
       * the check itself is still recorded. */
      g_debug ("%s: %s", hit->check->site, local->message);
      g_clear_error (&local);
      return TRUE;
    }
  g_propagate_error (error, local);
  return FALSE;
}

static void
flush (AuraUsernameScan *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) hits = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  gboolean ok;

  if (self->flush_source != NULL)
    {
      g_source_destroy (self->flush_source);
      g_clear_pointer (&self->flush_source, g_source_unref);
    }
  if (self->store == NULL || self->error != NULL ||
      (self->pending_hits->len == 0 && self->pending_results->len == 0))
    return;
  hits = g_steal_pointer (&self->pending_hits);
  rows = g_steal_pointer (&self->pending_results);
  self->pending_hits = g_ptr_array_new_with_free_func ((GDestroyNotify)hit_free);
  self->pending_results =
      g_ptr_array_new_with_free_func ((GDestroyNotify)aura_scan_result_record_free);

  ok = aura_store_batch_begin (self->store, _ ("Username scan"), &error);
  for (guint i = 0; ok && i < hits->len; i++)
    ok = write_hit (self, hits->pdata[i], &error);
  ok = ok && aura_store_add_scan_results (self->store, self->scan_id,
                                          (const AuraScanResultRecord *const *)rows->pdata,
                                          rows->len, &error);
  if (ok)
    ok = aura_store_batch_commit (self->store, &error);
  else if (error != NULL && !g_error_matches (error, AURA_STORE_ERROR, AURA_STORE_ERROR_BUSY))
    aura_store_batch_rollback (self->store);
  if (!ok)
    {
      /* Nothing more can be recorded: stop asking, keep what is stored. */
      g_warning ("Recording the username scan failed: %s", error->message);
      self->error = g_steal_pointer (&error);
      aura_username_scan_cancel (self);
    }
}

static gboolean
flush_cb (gpointer data)
{
  AuraUsernameScan *self = data;

  g_clear_pointer (&self->flush_source, g_source_unref);
  flush (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_flush (AuraUsernameScan *self)
{
  if (self->pending_results->len + self->pending_hits->len >= FLUSH_MAX_ROWS)
    {
      flush (self);
      return;
    }
  if (self->flush_source != NULL)
    return;
  self->flush_source = g_timeout_source_new (FLUSH_MS);
  g_source_set_callback (self->flush_source, flush_cb, self, NULL);
  g_source_set_static_name (self->flush_source, "[aura] username scan flush");
  g_source_attach (self->flush_source, self->context);
}

/* ---- Progress ----------------------------------------------------------- */

static gboolean
progress_cb (gpointer data)
{
  AuraUsernameScan *self = data;

  g_clear_pointer (&self->progress_source, g_source_unref);
  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0);
  return G_SOURCE_REMOVE;
}

static void
schedule_progress (AuraUsernameScan *self)
{
  if (self->progress_source != NULL || self->finished)
    return;
  self->progress_source = g_timeout_source_new (PROGRESS_MS);
  g_source_set_callback (self->progress_source, progress_cb, self, NULL);
  g_source_set_static_name (self->progress_source, "[aura] username scan progress");
  g_source_attach (self->progress_source, self->context);
}

/* ---- Hits --------------------------------------------------------------- */

/* Plain names from the handles a profile shows, for the next hop. */
static void
follow_names (AuraUsernameScan *self, Hit *hit)
{
  guint taken = 0;

  if (hit->info == NULL || hit->check->depth >= self->depth || self->cancelled)
    return;
  for (guint i = 0; i < hit->info->handles->len && taken < MAX_NAMES_PER_PROFILE; i++)
    {
      AuraPageHandle *handle = hit->info->handles->pdata[i];

      if (handle->handle == NULL || strchr (handle->handle, '@') != NULL ||
          strchr (handle->handle, '/') != NULL)
        continue;
      for (guint s = 0; s < self->sites->len; s++)
        submit_check (self, self->sites->pdata[s], handle->handle, hit->check->depth + 1);
      taken++;
    }
}

static void
hit_release (AuraUsernameScan *self, Hit *hit)
{
  g_assert (hit->waits > 0);
  if (--hit->waits > 0)
    return;
  hit->check->calibration = hit->site->calibration;
  hit->check->confidence = aura_site_calibrate_confidence (
      AURA_VERDICT_FOUND, hit->check->confidence, hit->site->calibration);
  if (hit->site->calibration == AURA_CALIBRATION_UNRELIABLE)
    {
      g_autofree char *reason = g_strconcat (hit->check->reason, "; unreliable site", NULL);
      g_free (hit->check->reason);
      hit->check->reason = g_steal_pointer (&reason);
    }
  if (hit->info != NULL)
    {
      g_autoptr (GPtrArray) findings = aura_page_info_to_findings (hit->info);
      hit->check->n_findings = findings->len;
    }
  follow_names (self, hit);
  record_check (self, hit->check);
  if (self->store != NULL && self->error == NULL)
    {
      g_ptr_array_add (self->pending_hits, hit);
      schedule_flush (self);
    }
  else
    hit_free (hit);
}

static AuraPageInfo *
extract (const AuraHttpResponse *response)
{
  g_autoptr (GError) error = NULL;
  const char *text;
  gsize len;
  AuraPageInfo *info;

  if (response->outcome != AURA_HTTP_OK || response->status < 200 || response->status >= 300)
    return NULL;
  text = aura_http_response_get_text (response, &len);
  info =
      aura_page_extract (text, len, response->content_type,
                         response->final_url != NULL ? response->final_url : response->url, &error);
  if (info == NULL)
    g_debug ("No profile read from %s: %s", response->url, error->message);
  return info;
}

/* ---- Jobs --------------------------------------------------------------- */

static gboolean
budget_left (AuraUsernameScan *self)
{
  return self->progress.requests < self->max_requests;
}

static void job_done_cb (AuraEngine *engine, AuraHttpResponse *response, gpointer data);

static void
submit_job (AuraUsernameScan *self, Job *job)
{
  job->scan = g_object_ref (self);
  job->probe->request.group = self->group;
  if (self->timeout_ms > 0)
    job->probe->request.timeout_ms = self->timeout_ms;
  /* The site's hint paces the host its requests go to (the engine's
   * bucket for that host), calibration and profile pages included. */
  if (self->rate_hints != NULL)
    aura_rate_hints_apply (self->rate_hints, job->probe->request.url,
                           aura_site_get_rate (job->site->site));
  self->pending++;
  self->progress.requests++;
  aura_engine_submit (self->engine, &job->probe->request, job_done_cb, job);
}

static void
submit_check (AuraUsernameScan *self, SiteState *site, const char *name, guint depth)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *key = g_strdup_printf ("%s\n%s", aura_site_get_name (site->site), name);
  g_autofree char *reason = NULL;
  AuraUsernameCheck *check;
  Job *job;

  if (g_hash_table_contains (self->seen_names, key))
    return;
  g_hash_table_add (self->seen_names, g_steal_pointer (&key));
  self->progress.total++;
  if (!aura_site_check_username (site->site, name, &reason))
    {
      check = check_new (site, name, depth);
      check->verdict = AURA_VERDICT_INVALID;
      check->reason = g_steal_pointer (&reason);
      record_check (self, check);
      return;
    }
  if (!budget_left (self))
    {
      check = check_new (site, name, depth);
      check->verdict = AURA_VERDICT_UNKNOWN;
      check->reason = g_strdup ("budget: request budget exhausted");
      check->profile_url = aura_site_format_profile_url (site->site, name);
      record_check (self, check);
      return;
    }
  job = g_new0 (Job, 1);
  job->kind = JOB_CHECK;
  job->site = site;
  job->username = g_strdup (name);
  job->depth = depth;
  job->probe = aura_site_build_probe (site->site, name, &error);
  if (job->probe == NULL)
    {
      check = check_new (site, name, depth);
      check->verdict = AURA_VERDICT_INVALID;
      check->reason = g_strdup_printf ("invalid: %s", error->message);
      record_check (self, check);
      job_free (job);
      return;
    }
  submit_job (self, job);
}

static void
submit_calibration (AuraUsernameScan *self, SiteState *site)
{
  g_autofree char *name = aura_site_random_username (site->site, self->rand);
  Job *job;

  if (name == NULL || !budget_left (self))
    return;
  job = g_new0 (Job, 1);
  job->kind = JOB_CALIBRATION;
  job->site = site;
  job->username = g_steal_pointer (&name);
  job->probe = aura_site_build_probe (site->site, job->username, NULL);
  if (job->probe == NULL)
    {
      job_free (job);
      return;
    }
  site->calibration_pending = TRUE;
  submit_job (self, job);
}

static void
calibration_done (AuraUsernameScan *self, Job *job, const AuraHttpResponse *response)
{
  SiteState *site = job->site;
  g_autoptr (GPtrArray) held = NULL;

  if (response->outcome == AURA_HTTP_ERROR_CANCELLED)
    site->calibration = AURA_CALIBRATION_INCONCLUSIVE;
  else
    {
      g_autofree char *reason = NULL;
      g_autofree char *recorded = NULL;
      AuraVerdict verdict = aura_site_judge (site->site, job->username, response, &reason, NULL);

      site->calibration = aura_site_calibration_from_verdict (verdict);
      recorded = g_strdup_printf ("calibration: %s", reason != NULL ? reason : "");
      record_request (self, job, response, verdict, recorded, "calibration");
    }
  if (site->calibration == AURA_CALIBRATION_UNRELIABLE)
    self->progress.unreliable_sites++;
  site->calibration_pending = FALSE;
  held = g_steal_pointer (&site->held);
  site->held = g_ptr_array_new ();
  for (guint i = 0; i < held->len; i++)
    hit_release (self, held->pdata[i]);
}

static void
check_done (AuraUsernameScan *self, Job *job, const AuraHttpResponse *response)
{
  AuraUsernameCheck *check = check_new (job->site, job->username, job->depth);
  Hit *hit;

  check->url = g_strdup (job->probe->url);
  check->profile_url = g_strdup (job->probe->profile_url);
  check->http_status = response->status;
  check->latency_ms = response->latency_us / 1000;
  check->bytes = response->bytes;
  check->verdict = aura_site_judge (job->site->site, job->username, response, &check->reason,
                                    &check->confidence);
  if (check->reason == NULL)
    check->reason = g_strdup ("");
  if (check->verdict != AURA_VERDICT_FOUND)
    {
      record_check (self, check);
      return;
    }
  hit = g_new0 (Hit, 1);
  hit->check = check;
  hit->site = job->site;
  hit->waits = 1;
  if (!self->no_extract)
    {
      const char *page = response->final_url != NULL ? response->final_url : response->url;

      if (g_strcmp0 (job->probe->profile_url, job->probe->url) == 0 ||
          g_strcmp0 (job->probe->profile_url, page) == 0)
        hit->info = extract (response);
      else if (job->probe->profile_url != NULL && budget_left (self) && !self->cancelled)
        {
          Job *profile = g_new0 (Job, 1);
          AuraHttpRequest request = AURA_HTTP_REQUEST_INIT;

          profile->kind = JOB_PROFILE;
          profile->site = job->site;
          profile->hit = hit;
          profile->probe = g_new0 (AuraSiteProbe, 1);
          profile->probe->url = g_strdup (job->probe->profile_url);
          profile->probe->profile_url = g_strdup (job->probe->profile_url);
          request.url = profile->probe->url;
          request.proxy_key = aura_site_get_name (job->site->site);
          profile->probe->request = request;
          hit->waits++;
          submit_job (self, profile);
        }
    }
  /* A site is calibrated on its first hit: a "not found" needs no
   * check, and most sites of a sweep find nothing. */
  if (!self->no_calibration && job->site->calibration == AURA_CALIBRATION_UNTESTED &&
      !job->site->calibration_pending && !self->cancelled)
    submit_calibration (self, job->site);
  if (job->site->calibration_pending)
    {
      hit->waits++;
      g_ptr_array_add (job->site->held, hit);
    }
  hit_release (self, hit);
}

static void
job_done_cb (AuraEngine *engine, AuraHttpResponse *response, gpointer data)
{
  Job *job = data;
  AuraUsernameScan *self = job->scan;

  g_assert (self->pending > 0);
  self->pending--;
  switch (job->kind)
    {
      case JOB_CALIBRATION:
        calibration_done (self, job, response);
        break;
      case JOB_PROFILE:
        if (response->outcome != AURA_HTTP_ERROR_CANCELLED)
          {
            g_autofree char *reason =
                g_strdup_printf ("profile page: %s %u",
                                 aura_http_outcome_to_string (response->outcome), response->status);

            job->hit->info = extract (response);
            record_request (self, job, response, AURA_VERDICT_FOUND, reason, "profile");
          }
        hit_release (self, job->hit);
        break;
      case JOB_CHECK:
      default:
        /* A cancelled check has no verdict: it is not recorded. */
        if (response->outcome != AURA_HTTP_ERROR_CANCELLED)
          check_done (self, job, response);
        break;
    }
  aura_http_response_free (response);
  g_object_ref (self);
  job_free (job);
  maybe_finish (self);
  g_object_unref (self);
}

/* ---- Life cycle --------------------------------------------------------- */

static char *
summary_json (AuraUsernameScan *self)
{
  const AuraUsernameScanProgress *p = &self->progress;

  return g_strdup_printf (
      "{\"sites\":%u,\"checks\":%u,\"found\":%u,\"not_found\":%u,"
      "\"unknown\":%u,\"invalid\":%u,\"errors\":%u,\"blocked\":%u,"
      "\"requests\":%u,\"unreliable_sites\":%u,\"elapsed_ms\":%" G_GINT64_FORMAT "}",
      self->sites->len, p->done, p->found, p->not_found, p->unknown, p->invalid, p->errors,
      p->blocked, p->requests, p->unreliable_sites, p->elapsed_us / 1000);
}

static void
maybe_finish (AuraUsernameScan *self)
{
  g_autofree char *summary = NULL;

  if (!self->started || self->finished || self->pending > 0)
    return;
  self->finished = TRUE;
  self->progress.elapsed_us = g_get_monotonic_time () - self->start_time;
  flush (self);
  if (self->store != NULL && self->scan_id != 0)
    {
      g_autoptr (GError) error = NULL;
      const char *status = self->error != NULL ? "failed" : self->cancelled ? "cancelled" : "done";

      summary = summary_json (self);
      if (!aura_store_finish_scan (self->store, self->scan_id, status, summary,
                                   self->error != NULL ? self->error->message : NULL, &error) &&
          self->error == NULL)
        self->error = g_steal_pointer (&error);
    }
  if (self->progress_source != NULL)
    {
      g_source_destroy (self->progress_source);
      g_clear_pointer (&self->progress_source, g_source_unref);
    }
  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
  aura_engine_release_memory ();
  if (self->loop != NULL)
    g_main_loop_quit (self->loop);
}

static gboolean
start_idle_cb (gpointer data)
{
  maybe_finish (data);
  return G_SOURCE_REMOVE;
}

static char *
params_json (AuraUsernameScan *self)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "usernames");
  json_builder_begin_array (builder);
  for (guint i = 0; self->usernames[i] != NULL; i++)
    json_builder_add_string_value (builder, self->usernames[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "sites");
  json_builder_add_int_value (builder, self->sites->len);
  json_builder_set_member_name (builder, "calibration");
  json_builder_add_boolean_value (builder, !self->no_calibration);
  json_builder_set_member_name (builder, "variants");
  json_builder_add_int_value (builder, self->variants);
  json_builder_set_member_name (builder, "depth");
  json_builder_add_int_value (builder, self->depth);
  json_builder_set_member_name (builder, "max_requests");
  json_builder_add_int_value (builder, self->max_requests);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

void
aura_username_scan_start (AuraUsernameScan *self)
{
  g_return_if_fail (AURA_IS_USERNAME_SCAN (self));
  g_return_if_fail (!self->started);

  self->started = TRUE;
  self->start_time = g_get_monotonic_time ();
  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  self->group = aura_engine_new_group (self->engine);
  if (self->store != NULL)
    {
      g_autofree char *params = params_json (self);
      g_autoptr (GError) error = NULL;

      self->scan_id = aura_store_begin_scan (self->store, self->investigation_id,
                                             self->seed_entity_id, "username", params, &error);
      if (self->scan_id == 0)
        self->error = g_steal_pointer (&error);
    }
  if (self->error == NULL)
    {
      for (guint i = 0; self->usernames[i] != NULL; i++)
        {
          g_autoptr (GPtrArray) names = NULL;

          for (guint s = 0; s < self->sites->len; s++)
            submit_check (self, self->sites->pdata[s], self->usernames[i], 0);
          if (self->variants == 0)
            continue;
          names = aura_username_variants (self->usernames[i], self->variants);
          for (guint v = 0; v < names->len; v++)
            for (guint s = 0; s < self->sites->len; s++)
              submit_check (self, self->sites->pdata[s], names->pdata[v], 0);
        }
    }
  /* Finishing is never re-entrant with start(): with nothing to ask, the
   * scan ends from the main loop. */
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, start_idle_cb, g_object_ref (self),
                              g_object_unref);
}

void
aura_username_scan_cancel (AuraUsernameScan *self)
{
  g_return_if_fail (AURA_IS_USERNAME_SCAN (self));

  if (!self->started || self->finished || self->cancelled)
    return;
  self->cancelled = TRUE;
  aura_engine_cancel_group (self->engine, self->group);
}

gboolean
aura_username_scan_run (AuraUsernameScan *self, GError **error)
{
  g_return_val_if_fail (AURA_IS_USERNAME_SCAN (self), FALSE);

  if (!self->started)
    aura_username_scan_start (self);
  if (!self->finished)
    {
      self->loop = g_main_loop_new (self->context, FALSE);
      g_main_loop_run (self->loop);
      g_clear_pointer (&self->loop, g_main_loop_unref);
    }
  if (self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return FALSE;
    }
  return TRUE;
}

gboolean
aura_username_scan_is_finished (AuraUsernameScan *self)
{
  g_return_val_if_fail (AURA_IS_USERNAME_SCAN (self), FALSE);
  return self->finished;
}

gboolean
aura_username_scan_was_cancelled (AuraUsernameScan *self)
{
  g_return_val_if_fail (AURA_IS_USERNAME_SCAN (self), FALSE);
  return self->cancelled;
}

void
aura_username_scan_get_progress (AuraUsernameScan *self, AuraUsernameScanProgress *progress)
{
  g_return_if_fail (AURA_IS_USERNAME_SCAN (self));
  g_return_if_fail (progress != NULL);

  *progress = self->progress;
  if (self->started && !self->finished)
    progress->elapsed_us = g_get_monotonic_time () - self->start_time;
}

GPtrArray *
aura_username_scan_get_checks (AuraUsernameScan *self)
{
  g_return_val_if_fail (AURA_IS_USERNAME_SCAN (self), NULL);
  return self->checks;
}

gint64
aura_username_scan_get_scan_id (AuraUsernameScan *self)
{
  g_return_val_if_fail (AURA_IS_USERNAME_SCAN (self), 0);
  return self->scan_id;
}

const GError *
aura_username_scan_get_error (AuraUsernameScan *self)
{
  g_return_val_if_fail (AURA_IS_USERNAME_SCAN (self), NULL);
  return self->error;
}

guint
aura_username_scan_get_n_sites (AuraUsernameScan *self)
{
  g_return_val_if_fail (AURA_IS_USERNAME_SCAN (self), 0);
  return self->sites->len;
}

AuraUsernameScan *
aura_username_scan_new (AuraEngine *engine,
                        AuraStore *store,
                        const AuraUsernameScanOptions *options,
                        GError **error)
{
  g_autoptr (AuraUsernameScan) self = NULL;
  guint n_names = 0;

  g_return_val_if_fail (AURA_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (store == NULL || AURA_IS_STORE (store), NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (AURA_IS_SITE_LIST (options->sites), NULL);

  for (guint i = 0; options->usernames != NULL && options->usernames[i] != NULL; i++)
    {
      g_autofree char *name = g_strstrip (g_strdup (options->usernames[i]));
      if (*name != '\0')
        n_names++;
    }
  if (n_names == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _ ("Give at least one username to look for"));
      return NULL;
    }
  self = g_object_new (AURA_TYPE_USERNAME_SCAN, NULL);
  self->engine = g_object_ref (engine);
  self->store = store != NULL ? g_object_ref (store) : NULL;
  self->site_list = g_object_ref (options->sites);
  self->usernames = g_strdupv ((char **)options->usernames);
  self->no_calibration = options->no_calibration;
  self->no_extract = options->no_extract;
  self->variants = options->variants;
  self->depth = options->depth;
  self->max_requests = options->max_requests > 0 ? options->max_requests : DEFAULT_MAX_REQUESTS;
  self->timeout_ms = options->timeout_ms;
  self->investigation_id = options->investigation_id;
  self->seed_entity_id = options->seed_entity_id;
  if (!options->ignore_rate_hints)
    self->rate_hints = aura_rate_hints_new (engine, 1);
  for (guint i = 0; i < aura_site_list_get_n_sites (options->sites); i++)
    {
      AuraSite *site = aura_site_list_get_site (options->sites, i);
      SiteState *state;

      if (!site_selected (options, site))
        continue;
      state = g_new0 (SiteState, 1);
      state->site = aura_site_ref (site);
      state->held = g_ptr_array_new ();
      g_ptr_array_add (self->sites, state);
    }
  if (self->sites->len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _ ("No site is left to check: the site list is empty, or the tags "
                              "and names given match none"));
      return NULL;
    }
  if (store != NULL)
    {
      g_autoptr (AuraInvestigation) investigation =
          aura_store_get_investigation (store, options->investigation_id, error);
      if (investigation == NULL)
        return NULL;
    }
  return g_steal_pointer (&self);
}

static void
aura_username_scan_finalize (GObject *object)
{
  AuraUsernameScan *self = AURA_USERNAME_SCAN (object);

  if (self->flush_source != NULL)
    g_source_destroy (self->flush_source);
  g_clear_pointer (&self->flush_source, g_source_unref);
  if (self->progress_source != NULL)
    g_source_destroy (self->progress_source);
  g_clear_pointer (&self->progress_source, g_source_unref);
  g_clear_pointer (&self->rate_hints, aura_rate_hints_free);
  g_clear_object (&self->engine);
  g_clear_object (&self->store);
  g_clear_object (&self->site_list);
  g_strfreev (self->usernames);
  g_ptr_array_unref (self->sites);
  g_hash_table_unref (self->seen_names);
  g_ptr_array_unref (self->checks);
  g_rand_free (self->rand);
  g_clear_error (&self->error);
  g_ptr_array_unref (self->pending_results);
  g_ptr_array_unref (self->pending_hits);
  g_clear_pointer (&self->context, g_main_context_unref);
  G_OBJECT_CLASS (aura_username_scan_parent_class)->finalize (object);
}

static void
aura_username_scan_class_init (AuraUsernameScanClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = aura_username_scan_finalize;

  signals[SIGNAL_CHECK] = g_signal_new ("check", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[SIGNAL_PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
aura_username_scan_init (AuraUsernameScan *self)
{
  self->sites = g_ptr_array_new_with_free_func ((GDestroyNotify)site_state_free);
  self->seen_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->checks = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_username_check_free);
  self->rand = g_rand_new ();
  self->pending_results =
      g_ptr_array_new_with_free_func ((GDestroyNotify)aura_scan_result_record_free);
  self->pending_hits = g_ptr_array_new_with_free_func ((GDestroyNotify)hit_free);
  self->context = g_main_context_ref_thread_default ();
}
