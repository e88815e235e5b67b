/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-dns"
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "aura-dns-private.h"

/* Lookups and CNAME chains. Both rest on one walk (Follow): ask for a type
 * at a name; follow the CNAMEs the answer holds; when the answer stops at
 * an alias without the records asked (an authoritative server answering
 * for a name outside its zones), ask again for the last alias. Each new
 * query needs at least one new alias, and the walk stops at
 * AURA_DNS_MAX_CNAME_HOPS aliases or at a name already seen, so it ends.
 *
 * A chain is a walk for A, then one AAAA query at the last name. */

/* Reading answers ------------------------------------------------------------------- */

static const AuraDnsRecord *
find_record (const DnsAnswer *answer, const char *name, guint type)
{
  for (guint i = 0; i < answer->records->len; i++)
    {
      const AuraDnsRecord *record = g_ptr_array_index (answer->records, i);

      if (record->type == type && g_str_equal (record->name, name))
        return record;
    }
  return NULL;
}

static gboolean
names_contain (GPtrArray *names, const char *name)
{
  return g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL);
}

const char *
dns_answer_follow (const DnsAnswer *answer,
                   GPtrArray *names,
                   GPtrArray *chain,
                   AuraDnsChainStatus *status)
{
  const char *current = g_ptr_array_index (names, names->len - 1);
  const AuraDnsRecord *alias;

  while ((alias = find_record (answer, current, AURA_DNS_TYPE_CNAME)) != NULL)
    {
      if (names_contain (names, alias->target))
        {
          g_ptr_array_add (chain, aura_dns_record_copy (alias));
          *status = AURA_DNS_CHAIN_LOOP;
          break;
        }
      if (names->len - 1 >= AURA_DNS_MAX_CNAME_HOPS)
        {
          *status = AURA_DNS_CHAIN_TOO_LONG;
          break;
        }
      g_ptr_array_add (chain, aura_dns_record_copy (alias));
      g_ptr_array_add (names, g_strdup (alias->target));
      current = alias->target;
    }
  return g_ptr_array_index (names, names->len - 1);
}

guint
dns_answer_collect (const DnsAnswer *answer, const char *name, guint type, GPtrArray *into)
{
  guint found = 0;

  for (guint i = 0; i < answer->records->len; i++)
    {
      const AuraDnsRecord *record = g_ptr_array_index (answer->records, i);

      if (record->type == type && g_str_equal (record->name, name))
        {
          g_ptr_array_add (into, aura_dns_record_copy (record));
          found++;
        }
    }
  return found;
}

GError *
dns_answer_error (
    AuraDnsClient *self, const DnsAnswer *answer, const char *asked, const char *name, guint type)
{
  const char *type_name = aura_dns_type_to_string (type);

  switch (answer->rcode)
    {
      case LDNS_RCODE_NXDOMAIN:
        if (g_str_equal (asked, name))
          return g_error_new (AURA_DNS_ERROR, AURA_DNS_ERROR_NXDOMAIN,
                              _ ("The name “%s” does not exist (NXDOMAIN)."), name);
        return g_error_new (AURA_DNS_ERROR, AURA_DNS_ERROR_NXDOMAIN,
                            _ ("“%s” is an alias of “%s”, which does not exist (NXDOMAIN)."), asked,
                            name);
      case LDNS_RCODE_NOERROR:
        if (g_str_equal (asked, name))
          return g_error_new (AURA_DNS_ERROR, AURA_DNS_ERROR_NODATA,
                              _ ("“%s” exists but has no %s record."), name, type_name);
        return g_error_new (AURA_DNS_ERROR, AURA_DNS_ERROR_NODATA,
                            _ ("“%s” is an alias of “%s”, which has no %s record."), asked, name,
                            type_name);
      case LDNS_RCODE_SERVFAIL:
        return g_error_new (AURA_DNS_ERROR, AURA_DNS_ERROR_SERVFAIL,
                            _ ("The DNS server %s failed to answer for “%s” (%s, SERVFAIL)."),
                            dns_client_describe_servers (self), name, type_name);
      case LDNS_RCODE_REFUSED:
        return g_error_new (AURA_DNS_ERROR, AURA_DNS_ERROR_REFUSED,
                            _ ("The DNS server %s refused to answer for “%s” (%s, REFUSED)."),
                            dns_client_describe_servers (self), name, type_name);
      default:
        return g_error_new (AURA_DNS_ERROR, AURA_DNS_ERROR_FAILED,
                            _ ("The DNS server %s answered %s for “%s” (%s)."),
                            dns_client_describe_servers (self), dns_rcode_to_string (answer->rcode),
                            name, type_name);
    }
}

static char *
describe_names (GPtrArray *names, const char *end)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < names->len; i++)
    {
      if (i > 0)
        g_string_append (out, " → ");
      g_string_append (out, g_ptr_array_index (names, i));
    }
  if (end != NULL)
    g_string_append_printf (out, " → %s", end);
  return g_string_free (out, FALSE);
}

/* The walk ---------------------------------------------------------------------------- */

typedef struct
{
  char *asked;
  guint type;
  GPtrArray *names;   /* char *, the asked name first */
  GPtrArray *records; /* AuraDnsRecord: the CNAMEs, then the records of @type */
  guint queries;
  AuraDnsChainStatus status;
  GError *error;
} Follow;

static void
follow_free (gpointer data)
{
  Follow *follow = data;

  g_free (follow->asked);
  g_ptr_array_unref (follow->names);
  g_clear_pointer (&follow->records, g_ptr_array_unref);
  g_clear_error (&follow->error);
  g_free (follow);
}

static void follow_ask (GTask *task);

static void
follow_end (GTask *task, AuraDnsChainStatus status, GError *error)
{
  Follow *follow = g_task_get_task_data (task);

  follow->status = status;
  follow->error = error;
  g_debug ("walk from %s for %s ended: %d after %u queries", follow->asked,
           aura_dns_type_to_string (follow->type), status, follow->queries);
  g_task_return_boolean (task, TRUE);
}

/* The error of a walk stopped by a loop or by its length. */
static GError *
walk_error (Follow *follow, const char *looped_to)
{
  g_autofree char *path = describe_names (follow->names, looped_to);

  if (follow->status == AURA_DNS_CHAIN_LOOP)
    return g_error_new (AURA_DNS_ERROR, AURA_DNS_ERROR_CNAME_LOOP,
                        _ ("The aliases of “%s” go round in a loop: %s."), follow->asked, path);
  return g_error_new (AURA_DNS_ERROR, AURA_DNS_ERROR_CNAME_TOO_LONG,
                      _ ("The aliases of “%s” go on for more than %u names (%s…); resolvers give "
                         "up there too."),
                      follow->asked, AURA_DNS_MAX_CNAME_HOPS, path);
}

static void
follow_answer_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GTask) task = data;
  AuraDnsClient *client = AURA_DNS_CLIENT (source);
  Follow *follow = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (DnsAnswer) answer = dns_client_query_finish (client, result, &error);
  guint before = follow->names->len;
  AuraDnsChainStatus stop = AURA_DNS_CHAIN_RESOLVED;
  const char *last;

  if (answer == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        follow_end (task, AURA_DNS_CHAIN_FAILED, g_steal_pointer (&error));
      return;
    }
  /* Asking for the CNAME itself means not following it. */
  if (follow->type == AURA_DNS_TYPE_CNAME)
    last = g_ptr_array_index (follow->names, before - 1);
  else
    last = dns_answer_follow (answer, follow->names, follow->records, &stop);
  if (stop != AURA_DNS_CHAIN_RESOLVED)
    {
      const AuraDnsRecord *alias = find_record (answer, last, AURA_DNS_TYPE_CNAME);

      follow->status = stop;
      follow_end (task, stop,
                  walk_error (follow, stop == AURA_DNS_CHAIN_LOOP ? alias->target : NULL));
      return;
    }
  if (dns_answer_collect (answer, last, follow->type, follow->records) > 0)
    {
      follow_end (task, AURA_DNS_CHAIN_RESOLVED, NULL);
      return;
    }
  if (answer->rcode == LDNS_RCODE_NOERROR && follow->names->len > before)
    {
      /* Only the alias came back: ask about its target. */
      follow_ask (g_steal_pointer (&task));
      return;
    }
  switch (answer->rcode)
    {
      case LDNS_RCODE_NXDOMAIN:
        stop = AURA_DNS_CHAIN_DANGLING;
        break;
      case LDNS_RCODE_NOERROR:
        stop = AURA_DNS_CHAIN_NO_ADDRESS;
        break;
      default:
        stop = AURA_DNS_CHAIN_FAILED;
        break;
    }
  follow_end (task, stop, dns_answer_error (client, answer, follow->asked, last, follow->type));
}

static void
follow_ask (GTask *task)
{
  Follow *follow = g_task_get_task_data (task);
  const char *name = g_ptr_array_index (follow->names, follow->names->len - 1);

  follow->queries++;
  dns_client_query_async (g_task_get_source_object (task), name, follow->type,
                          g_task_get_cancellable (task), follow_answer_cb, task);
}

/* @name must be normalised. */
static void
follow_async (AuraDnsClient *self,
              const char *name,
              guint type,
              GCancellable *cancellable,
              GAsyncReadyCallback callback,
              gpointer user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Follow *follow = g_new0 (Follow, 1);

  g_task_set_source_tag (task, follow_async);
  follow->asked = g_strdup (name);
  follow->type = type;
  follow->names = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (follow->names, g_strdup (name));
  follow->records = dns_record_array_new ();
  g_task_set_task_data (task, follow, follow_free);
  follow_ask (task);
}

/* The walk, owned by @result: valid while it is. */
static Follow *
follow_finish (GAsyncResult *result, GError **error)
{
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  return g_task_get_task_data (G_TASK (result));
}

/* Lookups ------------------------------------------------------------------------------- */

static char *
lookup_name (const char *name, guint type, GError **error)
{
  if (type == AURA_DNS_TYPE_PTR && g_hostname_is_ip_address (name))
    return aura_dns_reverse_name (name, error);
  return aura_dns_normalize_name (name, error);
}

static void
lookup_followed_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GTask) task = data;
  GError *error = NULL;
  Follow *follow = follow_finish (result, &error);

  if (follow == NULL)
    g_task_return_error (task, error);
  else if (follow->status != AURA_DNS_CHAIN_RESOLVED)
    g_task_return_error (task, g_steal_pointer (&follow->error));
  else
    g_task_return_pointer (task, g_steal_pointer (&follow->records),
                           (GDestroyNotify)g_ptr_array_unref);
}

/**
 * aura_dns_client_lookup_async:
 * @self: a client
 * @name: a domain name (international names are converted), or for PTR an
 *   IP address
 * @type: an #AuraDnsType or any type number
 * @cancellable: (nullable): to stop the lookup
 * @callback: called in the thread-default main context of the call
 * @user_data: for @callback
 *
 * Looks up the records of @type at @name.
 */
void
aura_dns_client_lookup_async (AuraDnsClient *self,
                              const char *name,
                              guint type,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char *normalized = NULL;
  GError *error = NULL;

  g_return_if_fail (AURA_IS_DNS_CLIENT (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (type > 0 && type <= G_MAXUINT16);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, aura_dns_client_lookup_async);
  normalized = lookup_name (name, type, &error);
  if (normalized == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  follow_async (self, normalized, type, cancellable, lookup_followed_cb, g_steal_pointer (&task));
}

/**
 * aura_dns_client_lookup_finish:
 *
 * Returns: (transfer full) (element-type AuraDnsRecord): the records, or
 *   NULL with @error set
 */
GPtrArray *
aura_dns_client_lookup_finish (AuraDnsClient *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == aura_dns_client_lookup_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

GPtrArray *
aura_dns_client_lookup_sync (
    AuraDnsClient *self, const char *name, guint type, GCancellable *cancellable, GError **error)
{
  DnsSync sync;
  GPtrArray *records;

  g_return_val_if_fail (AURA_IS_DNS_CLIENT (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dns_sync_begin (&sync);
  aura_dns_client_lookup_async (self, name, type, cancellable, dns_sync_cb, &sync);
  records = aura_dns_client_lookup_finish (self, dns_sync_wait (&sync), error);
  dns_sync_end (&sync, self);
  return records;
}

/* Chains -------------------------------------------------------------------------------- */

/* The task data of a chain, so that the chain can be handed out. */
typedef struct
{
  AuraDnsChain *chain;
} ChainJob;

static void
chain_job_free (gpointer data)
{
  ChainJob *job = data;

  g_clear_pointer (&job->chain, aura_dns_chain_free);
  g_free (job);
}

static void
chain_return (GTask *task)
{
  ChainJob *job = g_task_get_task_data (task);
  AuraDnsChain *chain = job->chain;
  const char *last = chain->names[g_strv_length (chain->names) - 1];
  g_autoptr (GStrvBuilder) addresses = g_strv_builder_new ();
  guint n_addresses = 0;

  for (guint i = 0; i < chain->records->len; i++)
    {
      const AuraDnsRecord *record = g_ptr_array_index (chain->records, i);

      if (record->address != NULL && g_str_equal (record->name, last))
        {
          g_strv_builder_add (addresses, record->address);
          n_addresses++;
        }
    }
  chain->addresses = g_strv_builder_end (addresses);
  /* Nothing to show: the name itself failed. */
  if (n_addresses == 0 && g_strv_length (chain->names) == 1)
    {
      if (chain->error == NULL)
        chain->error =
            g_error_new (AURA_DNS_ERROR, AURA_DNS_ERROR_NODATA,
                         _ ("“%s” exists but has no address (no A or AAAA record)."), last);
      g_task_return_error (task, g_steal_pointer (&chain->error));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&job->chain), (GDestroyNotify)aura_dns_chain_free);
}

static void
chain_aaaa_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GTask) task = data;
  AuraDnsClient *client = AURA_DNS_CLIENT (source);
  AuraDnsChain *chain = ((ChainJob *)g_task_get_task_data (task))->chain;
  const char *last = chain->names[g_strv_length (chain->names) - 1];
  g_autoptr (GError) error = NULL;
  g_autoptr (DnsAnswer) answer = dns_client_query_finish (client, result, &error);
  guint found = 0;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (answer != NULL)
    found = dns_answer_collect (answer, last, AURA_DNS_TYPE_AAAA, chain->records);
  if (chain->status == AURA_DNS_CHAIN_NO_ADDRESS)
    {
      g_clear_error (&chain->error);
      if (found > 0)
        chain->status = AURA_DNS_CHAIN_RESOLVED;
      else if (error != NULL)
        {
          chain->status = AURA_DNS_CHAIN_FAILED;
          chain->error = g_steal_pointer (&error);
        }
      else
        chain->error =
            g_error_new (AURA_DNS_ERROR, AURA_DNS_ERROR_NODATA,
                         _ ("“%s” exists but has no address (no A or AAAA record)."), last);
    }
  /* With IPv4 addresses already, a failed AAAA query changes nothing. */
  chain_return (task);
}

static void
chain_followed_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GTask) task = data;
  AuraDnsClient *client = AURA_DNS_CLIENT (source);
  GError *error = NULL;
  Follow *follow = follow_finish (result, &error);
  ChainJob *job;
  AuraDnsChain *chain;
  const char *last;

  if (follow == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  chain = g_new0 (AuraDnsChain, 1);
  g_ptr_array_add (follow->names, NULL);
  chain->names = g_strdupv ((char **)follow->names->pdata);
  g_ptr_array_remove_index (follow->names, follow->names->len - 1);
  chain->records = g_steal_pointer (&follow->records);
  chain->status = follow->status;
  chain->error = g_steal_pointer (&follow->error);
  job = g_new0 (ChainJob, 1);
  job->chain = chain;
  g_task_set_task_data (task, job, chain_job_free);

  last = chain->names[g_strv_length (chain->names) - 1];
  if (chain->status == AURA_DNS_CHAIN_RESOLVED || chain->status == AURA_DNS_CHAIN_NO_ADDRESS)
    {
      GCancellable *cancellable = g_task_get_cancellable (task);

      dns_client_query_async (client, last, AURA_DNS_TYPE_AAAA, cancellable, chain_aaaa_cb,
                              g_steal_pointer (&task));
    }
  else
    chain_return (task);
}

/**
 * aura_dns_client_resolve_chain_async:
 * @self: a client
 * @name: a domain name
 * @cancellable: (nullable): to stop the walk
 * @callback: called in the thread-default main context of the call
 * @user_data: for @callback
 *
 * Follows the aliases of @name to its addresses.
 */
void
aura_dns_client_resolve_chain_async (AuraDnsClient *self,
                                     const char *name,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char *normalized = NULL;
  GError *error = NULL;

  g_return_if_fail (AURA_IS_DNS_CLIENT (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, aura_dns_client_resolve_chain_async);
  normalized = aura_dns_normalize_name (name, &error);
  if (normalized == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  follow_async (self, normalized, AURA_DNS_TYPE_A, cancellable, chain_followed_cb,
                g_steal_pointer (&task));
}

/**
 * aura_dns_client_resolve_chain_finish:
 *
 * Returns: (transfer full): the chain, or NULL with @error set
 */
AuraDnsChain *
aura_dns_client_resolve_chain_finish (AuraDnsClient *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (
      g_task_get_source_tag (G_TASK (result)) == aura_dns_client_resolve_chain_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

AuraDnsChain *
aura_dns_client_resolve_chain_sync (AuraDnsClient *self,
                                    const char *name,
                                    GCancellable *cancellable,
                                    GError **error)
{
  DnsSync sync;
  AuraDnsChain *chain;

  g_return_val_if_fail (AURA_IS_DNS_CLIENT (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dns_sync_begin (&sync);
  aura_dns_client_resolve_chain_async (self, name, cancellable, dns_sync_cb, &sync);
  chain = aura_dns_client_resolve_chain_finish (self, dns_sync_wait (&sync), error);
  dns_sync_end (&sync, self);
  return chain;
}
