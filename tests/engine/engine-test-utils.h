/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "aura.h"

G_BEGIN_DECLS

/* Collects the responses of an engine's callbacks, checking that each
 * request is answered once and in the expected thread. */
typedef struct
{
  GPtrArray *responses; /* AuraHttpResponse, in arrival order */
  GHashTable *seen;     /* tags already answered */
  GMainContext *context;
  guint next_tag;
} Collector;

void collector_init (Collector *collector);
void collector_clear (Collector *collector);
/* Submits a GET (or @request when not NULL) and returns its tag. */
guint collector_submit (Collector *collector, AuraEngine *engine, const AuraHttpRequest *request);
guint collector_get (Collector *collector, AuraEngine *engine, const char *url);
/* Runs the thread-default main context until @n responses arrived; fails
 * the test after @timeout_s seconds. */
void collector_wait (Collector *collector, guint n, guint timeout_s);
AuraHttpResponse *collector_response (Collector *collector, guint index);
guint collector_count (Collector *collector, AuraHttpOutcome outcome);

/* Options every test starts from: loopback only, .test names on 127.0.0.1,
 * quick retries. */
AuraEngineOptions engine_test_options (void);

G_END_DECLS
