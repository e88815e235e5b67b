/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-dns"
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "aura-dns-private.h"

/* Following a domain's SPF record through its includes and redirect, as a
 * receiver evaluates it (RFC 7208 §5.2, §6.1): depth first, in the order
 * written, the redirect last and only when the record has no "all". The
 * lookups are counted across all records, and the walk stops at the first
 * error a receiver would stop at, at the eleventh lookup, and after
 * MAX_STEPS records whatever happens. One lookup at a time: a receiver
 * could not do better, and it keeps the walk polite. */

#define MAX_STEPS 32
#define LOOKUP_LIMIT 10

typedef struct
{
  char *domain;
  guint depth;
  const char *via;
  GPtrArray *ancestors; /* char *, the domains that led here */
} Pending;

typedef struct
{
  AuraSpfCheck *check;
  GQueue pending; /* Pending; the head is evaluated next */
} Checker;

static void
pending_free (gpointer data)
{
  Pending *pending = data;

  g_free (pending->domain);
  g_ptr_array_unref (pending->ancestors);
  g_free (pending);
}

static void
step_free (gpointer data)
{
  AuraSpfCheckStep *step = data;

  g_free (step->domain);
  g_free (step->text);
  g_clear_pointer (&step->record, aura_spf_record_free);
  g_clear_error (&step->error);
  g_free (step);
}

void
aura_spf_check_free (AuraSpfCheck *check)
{
  if (check == NULL)
    return;
  g_ptr_array_unref (check->steps);
  g_clear_error (&check->error);
  g_free (check);
}

static void
checker_free (gpointer data)
{
  Checker *checker = data;

  g_clear_pointer (&checker->check, aura_spf_check_free);
  g_queue_clear_full (&checker->pending, pending_free);
  g_free (checker);
}

/* Ends the walk with @result, unless it has ended already. */
static void
set_result (AuraSpfCheck *check, AuraSpfCheckResult result, const GError *error)
{
  if (check->result != AURA_SPF_CHECK_OK)
    return;
  check->result = result;
  check->error = g_error_copy (error);
}

static Pending *
pending_new (const char *domain, guint depth, const char *via, GPtrArray *ancestors)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->domain = g_strdup (domain);
  pending->depth = depth;
  pending->via = via;
  pending->ancestors = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; ancestors != NULL && i < ancestors->len; i++)
    g_ptr_array_add (pending->ancestors, g_strdup (g_ptr_array_index (ancestors, i)));
  return pending;
}

/* Queues the includes, then the redirect, of @step's record, ahead of what
 * was already waiting: depth first. */
static void
queue_children (Checker *checker, const AuraSpfCheckStep *step, const Pending *from)
{
  const AuraSpfRecord *record = step->record;
  g_autoptr (GPtrArray) ancestors = g_ptr_array_new_with_free_func (g_free);
  GList *children = NULL;
  gboolean has_all = FALSE;

  for (guint i = 0; i < from->ancestors->len; i++)
    g_ptr_array_add (ancestors, g_strdup (g_ptr_array_index (from->ancestors, i)));
  g_ptr_array_add (ancestors, g_strdup (step->domain));
  for (guint i = 0; i < record->mechanisms->len; i++)
    {
      const AuraSpfMechanism *mechanism = g_ptr_array_index (record->mechanisms, i);

      if (mechanism->type == AURA_SPF_ALL)
        has_all = TRUE;
      if (mechanism->type == AURA_SPF_INCLUDE)
        children = g_list_prepend (
            children, pending_new (mechanism->domain, step->depth + 1, "include", ancestors));
    }
  if (record->redirect != NULL && !has_all)
    children = g_list_prepend (
        children, pending_new (record->redirect, step->depth + 1, "redirect", ancestors));
  /* The list is in reverse: pushing each to the head restores the order. */
  for (GList *l = children; l != NULL; l = l->next)
    g_queue_push_head (&checker->pending, l->data);
  g_list_free (children);
}

/* Reads the TXT answer of one step into its record, or its error. */
static void
read_step (AuraSpfCheck *check, AuraSpfCheckStep *step, GPtrArray *records, GError *error)
{
  const AuraDnsRecord *spf = NULL;
  guint count = 0;

  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      const AuraDnsRecord *record = g_ptr_array_index (records, i);

      if (record->type == AURA_DNS_TYPE_TXT && aura_spf_is_record (record->text))
        {
          spf = record;
          count++;
        }
    }
  if (error != NULL && !g_error_matches (error, AURA_DNS_ERROR, AURA_DNS_ERROR_NXDOMAIN) &&
      !g_error_matches (error, AURA_DNS_ERROR, AURA_DNS_ERROR_NODATA))
    {
      step->error = g_error_copy (error);
      set_result (check, AURA_SPF_CHECK_TEMPERROR, error);
      return;
    }
  if (count == 0)
    {
      step->error = g_error_new (AURA_DNS_ERROR, AURA_DNS_ERROR_NOT_POLICY,
                                 _ ("“%s” has no SPF record."), step->domain);
      /* A missing record is "none" for the domain checked, an error for a
       * target it names (RFC 7208 §5.2, §6.1). */
      set_result (check, step->depth == 0 ? AURA_SPF_CHECK_NONE : AURA_SPF_CHECK_PERMERROR,
                  step->error);
      return;
    }
  if (count > 1)
    {
      step->error = g_error_new (AURA_DNS_ERROR, AURA_DNS_ERROR_POLICY_SYNTAX,
                                 _ ("“%s” has %u SPF records; receivers fail it (permerror)."),
                                 step->domain, count);
      set_result (check, AURA_SPF_CHECK_PERMERROR, step->error);
      return;
    }
  step->text = g_strdup (spf->text);
  step->record = aura_spf_parse (spf->text, NULL, &step->error);
  if (step->record == NULL)
    {
      set_result (check, AURA_SPF_CHECK_PERMERROR, step->error);
      return;
    }
  check->dns_lookups += step->record->dns_lookups;
  if (check->dns_lookups > LOOKUP_LIMIT)
    {
      g_autoptr (GError) over = g_error_new (
          AURA_DNS_ERROR, AURA_DNS_ERROR_POLICY_SYNTAX,
          _ ("The SPF records of this domain need more than %u DNS lookups (%u counted when "
             "“%s” is reached); receivers fail them (permerror)."),
          LOOKUP_LIMIT, check->dns_lookups, step->domain);

      set_result (check, AURA_SPF_CHECK_PERMERROR, over);
    }
}

static void check_next (GTask *task);

static void
step_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GTask) task = data;
  Checker *checker = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) records =
      aura_dns_client_lookup_finish (AURA_DNS_CLIENT (source), result, &error);
  Pending *pending = g_queue_pop_head (&checker->pending);
  AuraSpfCheckStep *step = g_new0 (AuraSpfCheckStep, 1);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      pending_free (pending);
      g_free (step);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  step->domain = g_strdup (pending->domain);
  step->depth = pending->depth;
  step->via = pending->via;
  g_ptr_array_add (checker->check->steps, step);
  read_step (checker->check, step, records, error);
  if (step->record != NULL && checker->check->result == AURA_SPF_CHECK_OK)
    queue_children (checker, step, pending);
  pending_free (pending);
  check_next (g_steal_pointer (&task));
}

/* A step that is not looked up: its domain has macros, is invalid, or
 * loops. Returns FALSE when the walk ends there. */
static gboolean
skip_step (Checker *checker, Pending *pending, char **name)
{
  AuraSpfCheck *check = checker->check;
  AuraSpfCheckStep *step;
  GError *error = NULL;
  gboolean loops =
      g_ptr_array_find_with_equal_func (pending->ancestors, pending->domain, g_str_equal, NULL);

  if (strchr (pending->domain, '%') == NULL && !loops)
    {
      *name = aura_dns_normalize_name (pending->domain, &error);
      if (*name != NULL)
        return TRUE;
    }
  step = g_new0 (AuraSpfCheckStep, 1);
  step->domain = g_strdup (pending->domain);
  step->depth = pending->depth;
  step->via = pending->via;
  g_ptr_array_add (check->steps, step);
  if (loops)
    {
      step->error = g_error_new (AURA_DNS_ERROR, AURA_DNS_ERROR_POLICY_SYNTAX,
                                 _ ("“%s” includes itself again: receivers loop until the "
                                    "lookup limit and fail (permerror)."),
                                 pending->domain);
      set_result (check, AURA_SPF_CHECK_PERMERROR, step->error);
    }
  else if (error != NULL)
    {
      step->error = error;
      set_result (check, AURA_SPF_CHECK_PERMERROR, step->error);
    }
  else
    step->error = g_error_new (AURA_DNS_ERROR, AURA_DNS_ERROR_FAILED,
                               _ ("“%s” holds macros, which only a receiver handling a message "
                                  "can expand; it was not followed."),
                               pending->domain);
  g_queue_pop_head (&checker->pending);
  pending_free (pending);
  return FALSE;
}

static void
check_next (GTask *task)
{
  Checker *checker = g_task_get_task_data (task);
  AuraSpfCheck *check = checker->check;

  while (check->result == AURA_SPF_CHECK_OK && checker->pending.length > 0)
    {
      Pending *pending = g_queue_peek_head (&checker->pending);
      g_autofree char *name = NULL;

      if (check->steps->len >= MAX_STEPS)
        {
          g_autoptr (GError) error =
              g_error_new (AURA_DNS_ERROR, AURA_DNS_ERROR_POLICY_SYNTAX,
                           _ ("The SPF records of this domain go past %u records; Aura stopped "
                              "there."),
                           MAX_STEPS);

          set_result (check, AURA_SPF_CHECK_PERMERROR, error);
          break;
        }
      if (!skip_step (checker, pending, &name))
        continue;
      aura_dns_client_lookup_async (g_task_get_source_object (task), name, AURA_DNS_TYPE_TXT,
                                    g_task_get_cancellable (task), step_cb, task);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&checker->check),
                         (GDestroyNotify)aura_spf_check_free);
  g_object_unref (task);
}

/**
 * aura_dns_client_check_spf_async:
 * @self: a client
 * @domain: the domain whose SPF record to check
 * @cancellable: (nullable): to stop the walk
 * @callback: called in the thread-default main context of the call
 * @user_data: for @callback
 *
 * Follows @domain's SPF record through its includes and redirect.
 */
void
aura_dns_client_check_spf_async (AuraDnsClient *self,
                                 const char *domain,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  GTask *task;
  g_autofree char *normalized = NULL;
  GError *error = NULL;
  Checker *checker;

  g_return_if_fail (AURA_IS_DNS_CLIENT (self));
  g_return_if_fail (domain != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, aura_dns_client_check_spf_async);
  normalized = aura_dns_normalize_name (domain, &error);
  if (normalized == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  checker = g_new0 (Checker, 1);
  checker->check = g_new0 (AuraSpfCheck, 1);
  checker->check->steps = g_ptr_array_new_with_free_func (step_free);
  g_queue_push_head (&checker->pending, pending_new (normalized, 0, NULL, NULL));
  g_task_set_task_data (task, checker, checker_free);
  check_next (task);
}

/**
 * aura_dns_client_check_spf_finish:
 *
 * Returns: (transfer full): the walk, or NULL with @error set
 */
AuraSpfCheck *
aura_dns_client_check_spf_finish (AuraDnsClient *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == aura_dns_client_check_spf_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

AuraSpfCheck *
aura_dns_client_check_spf_sync (AuraDnsClient *self,
                                const char *domain,
                                GCancellable *cancellable,
                                GError **error)
{
  DnsSync sync;
  AuraSpfCheck *check;

  g_return_val_if_fail (AURA_IS_DNS_CLIENT (self), NULL);
  g_return_val_if_fail (domain != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dns_sync_begin (&sync);
  aura_dns_client_check_spf_async (self, domain, cancellable, dns_sync_cb, &sync);
  check = aura_dns_client_check_spf_finish (self, dns_sync_wait (&sync), error);
  dns_sync_end (&sync, self);
  return check;
}
