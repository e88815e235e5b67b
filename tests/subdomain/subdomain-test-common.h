/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "aura-subdomain.h"

G_BEGIN_DECLS

/* A brute force run to its end, with what its signals said. */
typedef struct
{
  AuraSubdomainBrute *brute;
  GError *error;
  gboolean ok;
  GHashTable *hits; /* name → AuraSubdomainHit * (owned by brute) */
  guint found_batches;
  guint finished_signals;
  guint progress_signals;
  gint64 min_progress_gap; /* µs between two "progress" signals, smallest */
  gboolean wrong_thread;   /* a signal came from another thread */
  gint64 elapsed_us;
  AuraSubdomainProgress *progress;
} TestScan;

/* Called from the "progress" handler, for tests that act mid-scan. */
typedef void (*TestProgressFunc) (TestScan *scan,
                                  const AuraSubdomainProgress *progress,
                                  gpointer data);

TestScan *test_scan_run (const AuraSubdomainBruteOptions *options,
                         TestProgressFunc on_progress,
                         gpointer data);
void test_scan_free (TestScan *scan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestScan, test_scan_free)

/* The hit for @name, or NULL. */
const AuraSubdomainHit *test_scan_hit (TestScan *scan, const char *name);
/* Whether @hit's addresses are exactly @expected (NULL-terminated), in any order. */
gboolean test_hit_has_addresses (const AuraSubdomainHit *hit, const char *const *expected);
/* "127.0.0.1:PORT" where nothing listens (UDP). */
char *test_closed_server (void);
/* @n random labels unlikely to exist ("zq3k…"), fixed by @seed. */
GStrv test_random_words (guint n, guint32 seed);

G_END_DECLS
