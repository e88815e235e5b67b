/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <string.h>

#include "aura-email-check-private.h"
#include "aura-email-check-run.h"
#include "aura-email-check.h"
#include "aura-test-server.h"
#include "aura.h"

G_BEGIN_DECLS

/* Shared by the email check tests: a loopback server, an engine aimed at
 * it, and runs whose every check is sent to "http://ID.test:PORT/". */

typedef struct
{
  AuraTestServer *server;
  AuraEngine *engine;
} CheckFixture;

static inline void
check_fixture_set_up (CheckFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  const char *host_overrides[] = { "*.test:127.0.0.1", NULL };
  AuraEngineOptions options = { 0 };

  fixture->server = aura_test_server_new ();
  options.host_overrides = host_overrides;
  options.loopback_only = TRUE;
  options.timeout_ms = 4000;
  options.max_retries = 1;
  options.retry_base_ms = 10;
  options.retry_after_cap_ms = 100;
  options.max_per_host = 16;
  fixture->engine = aura_engine_new (&options, &error);
  g_assert_no_error (error);
}

static inline void
check_fixture_tear_down (CheckFixture *fixture, gconstpointer data)
{
  g_assert_finalize_object (fixture->engine);
  aura_test_server_free (fixture->server);
}

/* "ID.test" */
static inline char *
check_host (const char *id)
{
  return g_strconcat (id, ".test", NULL);
}

/* Overrides sending every check of @list to its own host on the server. */
static inline GStrv
check_overrides (CheckFixture *fixture, AuraEmailCheckList *list)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < aura_email_check_list_get_n_checks (list); i++)
    {
      const char *id = aura_email_check_get_id (aura_email_check_list_get_check (list, i));
      g_autofree char *host = check_host (id);
      g_autofree char *base = aura_test_server_url (fixture->server, host, "/");
      g_autofree char *entry = g_strdup_printf ("%s=%s", id, base);

      g_strv_builder_add (builder, entry);
    }
  return g_strv_builder_end (builder);
}

static inline AuraEmailCheckList *
check_list_from_text (const char *text)
{
  g_autoptr (GError) error = NULL;
  AuraEmailCheckList *list = aura_email_check_list_load_data (text, -1, "test.json", &error);

  g_assert_no_error (error);
  g_assert_nonnull (list);
  return list;
}

/* Runs every check of @list for @email to its end. */
static inline AuraEmailCheckRun *
check_run (CheckFixture *fixture,
           AuraEmailCheckList *list,
           const char *email,
           guint timeout_ms,
           guint max_concurrent)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) overrides = check_overrides (fixture, list);
  AuraEmailCheckRunOptions options = { 0 };
  AuraEmailCheckRun *run;

  options.email = email;
  options.checks = list;
  options.include_disabled = TRUE;
  options.url_overrides = (const char *const *)overrides;
  options.check_timeout_ms = timeout_ms;
  options.max_concurrent = max_concurrent;
  run = aura_email_check_run_new (fixture->engine, &options, &error);
  g_assert_no_error (error);
  g_assert_true (aura_email_check_run_run (run, &error));
  g_assert_no_error (error);
  g_assert_true (aura_email_check_run_is_finished (run));
  g_assert_cmpuint (aura_email_check_run_get_results (run)->len, ==,
                    aura_email_check_run_get_n_checks (run));
  return run;
}

G_END_DECLS
