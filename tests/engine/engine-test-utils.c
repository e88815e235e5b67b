/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include "engine-test-utils.h"

typedef struct
{
  Collector *collector;
  guint tag;
} Ticket;

static void
response_cb (AuraEngine *engine, AuraHttpResponse *response, gpointer data)
{
  Ticket *ticket = data;
  Collector *collector = ticket->collector;

  g_assert_true (AURA_IS_ENGINE (engine));
  /* The callback runs in the submitter's context, never twice. */
  g_assert_true (g_main_context_is_owner (collector->context));
  g_assert_false (g_hash_table_contains (collector->seen, GUINT_TO_POINTER (ticket->tag)));
  g_hash_table_add (collector->seen, GUINT_TO_POINTER (ticket->tag));
  g_assert_nonnull (response);
  if (response->outcome != AURA_HTTP_OK)
    g_assert_nonnull (response->error_message);
  g_ptr_array_add (collector->responses, response);
  g_free (ticket);
}

void
collector_init (Collector *collector)
{
  collector->responses = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_http_response_free);
  collector->seen = g_hash_table_new (NULL, NULL);
  collector->context = g_main_context_ref_thread_default ();
  collector->next_tag = 1;
}

void
collector_clear (Collector *collector)
{
  g_clear_pointer (&collector->responses, g_ptr_array_unref);
  g_clear_pointer (&collector->seen, g_hash_table_unref);
  g_clear_pointer (&collector->context, g_main_context_unref);
}

guint
collector_submit (Collector *collector, AuraEngine *engine, const AuraHttpRequest *request)
{
  Ticket *ticket = g_new0 (Ticket, 1);

  ticket->collector = collector;
  ticket->tag = collector->next_tag++;
  aura_engine_submit (engine, request, response_cb, ticket);
  return ticket->tag;
}

guint
collector_get (Collector *collector, AuraEngine *engine, const char *url)
{
  AuraHttpRequest request = AURA_HTTP_REQUEST_INIT;

  request.url = url;
  return collector_submit (collector, engine, &request);
}

static gboolean
timed_out_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

void
collector_wait (Collector *collector, guint n, guint timeout_s)
{
  gboolean timed_out = FALSE;
  g_autoptr (GSource) timer = g_timeout_source_new_seconds (timeout_s);

  g_source_set_callback (timer, timed_out_cb, &timed_out, NULL);
  g_source_attach (timer, collector->context);
  while (collector->responses->len < n && !timed_out)
    g_main_context_iteration (collector->context, TRUE);
  g_source_destroy (timer);
  if (collector->responses->len < n)
    g_error ("only %u of %u responses after %u s", collector->responses->len, n, timeout_s);
}

AuraHttpResponse *
collector_response (Collector *collector, guint index)
{
  g_assert_cmpuint (index, <, collector->responses->len);
  return g_ptr_array_index (collector->responses, index);
}

guint
collector_count (Collector *collector, AuraHttpOutcome outcome)
{
  guint n = 0;

  for (guint i = 0; i < collector->responses->len; i++)
    n += collector_response (collector, i)->outcome == outcome;
  return n;
}

AuraEngineOptions
engine_test_options (void)
{
  static const char *const overrides[] = { "*.test:127.0.0.1", NULL };
  AuraEngineOptions options = { 0 };

  options.loopback_only = TRUE;
  options.host_overrides = overrides;
  options.retry_base_ms = 50;
  options.connect_timeout_ms = 3000;
  options.timeout_ms = 10000;
  return options;
}
