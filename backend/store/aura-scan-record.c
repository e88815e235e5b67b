/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-store"
#include "config.h"

#include "aura-scan-record.h"

void
aura_scan_record_free (AuraScanRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->tool);
  g_free (record->status);
  g_free (record->params);
  g_free (record->summary);
  g_free (record->error);
  g_free (record->actor);
  g_free (record);
}

void
aura_scan_result_record_free (AuraScanResultRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->site);
  g_free (record->url);
  g_free (record->method);
  g_free (record->verdict);
  g_free (record->reason);
  g_free (record->result);
  g_free (record);
}
