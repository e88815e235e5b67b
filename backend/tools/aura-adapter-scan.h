/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "aura-adapter.h"
#include "aura-store.h"

G_BEGIN_DECLS

/* Records a finished run of an external tool in @investigation_id: @value
 * of @type (what the tool was given) as the seed entity, an "adapter" scan
 * row whose summary holds the tool's id, exit status, counts and the kept
 * stderr, and every finding with its relations (provenance: the scan, the
 * source "adapter", the tool's id; confidence 0.8). The scan ends "done"
 * when the tool succeeded, "failed" with the output error otherwise.
 * Returns the scan's id, or 0 with @error when the store refused. */
gint64 aura_adapter_record_run (AuraStore *store,
                                gint64 investigation_id,
                                AuraAdapter *adapter,
                                AuraEntityType type,
                                const char *value,
                                AuraAdapterResult *result,
                                GError **error);

G_END_DECLS
