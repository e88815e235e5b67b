/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "aura-tool-registry.h"

G_BEGIN_DECLS

struct _AuraToolRegistry
{
  GPtrArray *tools;    /* AuraToolInfo, owned */
  GHashTable *by_id;   /* id → AuraToolInfo, borrowed */
  GPtrArray *warnings; /* char *, NULL-terminated */
};

G_END_DECLS

G_BEGIN_DECLS

char *aura_tool_registry_slug (const char *name);
char *aura_tool_registry_unique_id (AuraToolRegistry *self, const char *family, const char *name);

G_END_DECLS
