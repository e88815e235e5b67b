/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "aura-api-keys.h"
#include "aura-entity-type.h"

G_BEGIN_DECLS

/* The tool registry: every tool Aura can run or offer, of four kinds, with
 * what it takes and yields, whether it needs a key and whether it is
 * available on this machine (README.md beside this file). */

typedef enum
{
  AURA_TOOL_KIND_NATIVE,   /* C code in libaura */
  AURA_TOOL_KIND_MANIFEST, /* a declarative check or source (data/) */
  AURA_TOOL_KIND_ADAPTER,  /* an installed command-line tool */
  AURA_TOOL_KIND_LINK_OUT, /* a pre-filled web address the user opens */
} AuraToolKind;

typedef enum
{
  AURA_TOOL_STATE_AVAILABLE,
  AURA_TOOL_STATE_NEEDS_KEY, /* a required API key is not set */
  AURA_TOOL_STATE_MISSING,   /* the external program is not installed */
  AURA_TOOL_STATE_BROKEN,    /* installed but does not answer as expected */
  AURA_TOOL_STATE_DISABLED,  /* turned off in its manifest, with a reason */
} AuraToolState;

/**
 * AuraToolInfo:
 * @id: stable identifier, "<family>.<name>" ("dns.survey", "email.github",
 *   "adapter.sherlock", "link.wayback-url")
 * @name: display name (translated for native tools)
 * @description: one sentence (translated for native tools)
 * @kind: which of the four kinds
 * @family: the group it belongs to ("dns", "username-site", "passive-source",
 *   "email-check", "adapter", "link-out"…)
 * @category: (nullable): a finer group ("archives", "reverse-image"…)
 * @inputs: entity types it takes, NULL-terminated names
 * @outputs: entity types it yields (empty for link-outs)
 * @key_name: (nullable): the API key it uses (AuraApiKeys name)
 * @key_required: %TRUE when it cannot run without that key
 * @state: available, needs a key, missing…
 * @state_reason: (nullable): why it is not available, in words
 * @homepage: (nullable): the service's or project's page
 * @origin: "built-in" or the manifest file it came from
 * @run_hint: (nullable): the aura-cli command that runs it
 *
 * One entry of the registry; owned by the registry.
 */
typedef struct
{
  char *id;
  char *name;
  char *description;
  AuraToolKind kind;
  char *family;
  char *category;
  char **inputs;
  char **outputs;
  char *key_name;
  gboolean key_required;
  AuraToolState state;
  char *state_reason;
  char *homepage;
  char *origin;
  char *run_hint;
} AuraToolInfo;

typedef struct _AuraToolRegistry AuraToolRegistry;

const char *aura_tool_kind_to_string (AuraToolKind kind);
gboolean aura_tool_kind_from_string (const char *text, AuraToolKind *out_kind);
/* Translated, for people. */
const char *aura_tool_kind_get_label (AuraToolKind kind);
const char *aura_tool_state_to_string (AuraToolState state);
const char *aura_tool_state_get_label (AuraToolState state);

AuraToolInfo *aura_tool_info_new (const char *id, AuraToolKind kind, const char *family);
void aura_tool_info_free (AuraToolInfo *info);
void aura_tool_info_set_inputs (AuraToolInfo *info, const char *const *inputs);
void aura_tool_info_set_outputs (AuraToolInfo *info, const char *const *outputs);
gboolean aura_tool_info_takes (const AuraToolInfo *info, AuraEntityType type);
JsonNode *aura_tool_info_to_json (const AuraToolInfo *info);
/* The aura-cli arguments (without "aura-cli") that run @info on @value,
 * from its run hint: @extra (nullable, NULL-terminated) go before "--" and
 * @value, which comes last. NULL with @error for a tool without a command
 * (link-outs are built, not run). */
char **aura_tool_info_get_run_argv (const AuraToolInfo *info,
                                    const char *value,
                                    const char *const *extra,
                                    GError **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraToolInfo, aura_tool_info_free)

/**
 * AuraToolRegistryFlags:
 * @AURA_TOOL_REGISTRY_NO_KEYRING: decide "needs a key" from explicit keys
 *   and the environment only (no wait for the desktop keyring)
 * @AURA_TOOL_REGISTRY_NO_PROBE: do not run external programs to check
 *   their version (PATH lookup only)
 */
typedef enum
{
  AURA_TOOL_REGISTRY_DEFAULT = 0,
  AURA_TOOL_REGISTRY_NO_KEYRING = 1 << 0,
  AURA_TOOL_REGISTRY_NO_PROBE = 1 << 1,
} AuraToolRegistryFlags;

AuraToolRegistry *aura_tool_registry_new (void);
void aura_tool_registry_free (AuraToolRegistry *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraToolRegistry, aura_tool_registry_free)

/* Adds @info (the registry takes it); FALSE and @info freed when its id is
 * already there. */
gboolean aura_tool_registry_add (AuraToolRegistry *self, AuraToolInfo *info);

/* Loads every family from the bundled data and the user's folders: native
 * tools, username sites, passive sources, email checks, adapters and
 * link-outs. A family that fails to load is left out with a warning (see
 * get_warnings); only a registry with nothing at all is an error. @keys
 * (nullable) decides which keys are set. */
AuraToolRegistry *
aura_tool_registry_load_default (AuraApiKeys *keys, AuraToolRegistryFlags flags, GError **error);

guint aura_tool_registry_get_n_tools (AuraToolRegistry *self);
const AuraToolInfo *aura_tool_registry_get_tool (AuraToolRegistry *self, guint index);
const AuraToolInfo *aura_tool_registry_lookup (AuraToolRegistry *self, const char *id);
/* The tools that take @type, in registry order. (element-type AuraToolInfo)
 * (transfer container) */
GPtrArray *aura_tool_registry_for_type (AuraToolRegistry *self, AuraEntityType type);
guint aura_tool_registry_count_kind (AuraToolRegistry *self, AuraToolKind kind);
/* Problems met while loading (translated), NULL-terminated. */
const char *const *aura_tool_registry_get_warnings (AuraToolRegistry *self);
void aura_tool_registry_add_warning (AuraToolRegistry *self, const char *message);
/* Sorts by kind, then family, then id. */
void aura_tool_registry_sort (AuraToolRegistry *self);

/* The families, each loaded by its own file (also used by tests). */
void aura_tool_registry_add_natives (AuraToolRegistry *self);
gboolean aura_tool_registry_add_sites (AuraToolRegistry *self, GError **error);
gboolean aura_tool_registry_add_sources (AuraToolRegistry *self, GError **error);
gboolean aura_tool_registry_add_email_checks (AuraToolRegistry *self, GError **error);
/* With @probe, an installed program's version probe runs (bounded);
 * without, a PATH lookup decides. */
gboolean aura_tool_registry_add_adapters (AuraToolRegistry *self, gboolean probe, GError **error);
gboolean aura_tool_registry_add_link_outs (AuraToolRegistry *self, GError **error);
/* Marks the tools whose required key is not set as needing one. */
void aura_tool_registry_check_keys (AuraToolRegistry *self,
                                    AuraApiKeys *keys,
                                    AuraToolRegistryFlags flags);

G_END_DECLS
