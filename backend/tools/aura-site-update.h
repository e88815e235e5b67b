/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "aura-engine.h"
#include "aura-site-list.h"

G_BEGIN_DECLS

/* Keeping the community site lists current for offline use: download each
 * through the engine, import it, and replace its copy in the user folder.
 * A source that cannot be fetched or read leaves its earlier copy as it
 * was. */

typedef struct
{
  const char *name;
  const char *url;
} AuraSiteSource;

/* Sherlock, Maigret and WhatsMyName, at their published raw URLs. */
const AuraSiteSource *aura_site_sources_get_default (guint *n_sources);

/**
 * AuraSiteUpdate:
 * @name: the source's name, also the file name (NAME.json)
 * @url: where it was fetched
 * @saved_path: (nullable): where the list was written, NULL on failure
 * @report: (nullable): the import report, NULL when nothing was read
 * @error: (nullable): why the source failed, NULL on success
 */
typedef struct
{
  char *name;
  char *url;
  char *saved_path;
  AuraSiteReport *report;
  GError *error;
} AuraSiteUpdate;

void aura_site_update_free (AuraSiteUpdate *update);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraSiteUpdate, aura_site_update_free)

/* Fetches every source at once and iterates the thread-default main
 * context until all have answered; writes into @dir (created when
 * missing). Returns (element-type AuraSiteUpdate) in the order of
 * @sources. */
GPtrArray *aura_site_update_run (AuraEngine *engine,
                                 const AuraSiteSource *sources,
                                 guint n_sources,
                                 const char *dir);

G_END_DECLS
