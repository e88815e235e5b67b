/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "aura-entity-type.h"

G_BEGIN_DECLS

/* External command-line tools (sherlock, maigret, subfinder…) described by
 * adapter manifests: how to run the tool and how to turn what it writes
 * into entities and relations. The format is described in
 * backend/tools/adapter/README.md. */

#define AURA_ADAPTER_ERROR (aura_adapter_error_quark ())

/* Limits that keep a hostile manifest from costing much. */
#define AURA_ADAPTER_MANIFEST_MAX_BYTES (1024 * 1024)
#define AURA_ADAPTER_MAX_ADAPTERS 500

/**
 * AuraAdapterError:
 * @AURA_ADAPTER_ERROR_PARSE: the manifest is not JSON
 * @AURA_ADAPTER_ERROR_INVALID: a field breaks the format; the message names
 *   the file, the adapter and the field
 * @AURA_ADAPTER_ERROR_TOO_LARGE: a manifest or a folder over the limits
 * @AURA_ADAPTER_ERROR_NOT_FOUND: no manifest folder, or no adapter of that id
 * @AURA_ADAPTER_ERROR_MISSING: the tool is not installed (no executable
 *   of the names the manifest gives is in the search path)
 * @AURA_ADAPTER_ERROR_SPAWN: the tool could not be started
 * @AURA_ADAPTER_ERROR_INPUT: the value cannot be given to this tool (wrong
 *   type, control characters, looks like an option)
 *
 * Errors of loading adapters and of starting a run.
 */
typedef enum
{
  AURA_ADAPTER_ERROR_PARSE,
  AURA_ADAPTER_ERROR_INVALID,
  AURA_ADAPTER_ERROR_TOO_LARGE,
  AURA_ADAPTER_ERROR_NOT_FOUND,
  AURA_ADAPTER_ERROR_MISSING,
  AURA_ADAPTER_ERROR_SPAWN,
  AURA_ADAPTER_ERROR_INPUT,
} AuraAdapterError;

GQuark aura_adapter_error_quark (void);

/* ---- One adapter ------------------------------------------------------- */

#define AURA_TYPE_ADAPTER (aura_adapter_get_type ())

/* One adapter, immutable once loaded and reference counted. */
typedef struct _AuraAdapter AuraAdapter;

GType aura_adapter_get_type (void) G_GNUC_CONST;
AuraAdapter *aura_adapter_ref (AuraAdapter *adapter);
void aura_adapter_unref (AuraAdapter *adapter);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraAdapter, aura_adapter_unref)

/* Reads one manifest (one adapter per file). Every error names @origin,
 * the adapter and the field. Unknown fields are not errors: a line naming
 * each is appended to @warnings (nullable, of char *). */
AuraAdapter *aura_adapter_load_data (
    const char *data, gssize length, const char *origin, GPtrArray *warnings, GError **error);
AuraAdapter *aura_adapter_load_file (const char *path, GPtrArray *warnings, GError **error);

/* The stable id ("sherlock"). */
const char *aura_adapter_get_id (const AuraAdapter *adapter);
/* The name people read ("Sherlock"). */
const char *aura_adapter_get_name (const AuraAdapter *adapter);
/* (nullable) */
const char *aura_adapter_get_description (const AuraAdapter *adapter);
/* (nullable) */
const char *aura_adapter_get_homepage (const AuraAdapter *adapter);
/* The file it was read from. */
const char *aura_adapter_get_origin (const AuraAdapter *adapter);
/* The executable names looked for, in order; NULL-terminated. */
const char *const *aura_adapter_get_executables (const AuraAdapter *adapter);
/* Whether the tool takes values of @type. */
gboolean aura_adapter_accepts (const AuraAdapter *adapter, AuraEntityType type);
/* Whether the tool yields values of @type. */
gboolean aura_adapter_yields (const AuraAdapter *adapter, AuraEntityType type);
/* The default time limit of a run, in seconds. */
guint aura_adapter_get_timeout (const AuraAdapter *adapter);

/* The first executable of the adapter found in $AURA_ADAPTER_PATH (tests)
 * and then $PATH, or NULL. */
char *aura_adapter_find_executable (const AuraAdapter *adapter);

/* ---- Availability ------------------------------------------------------ */

/**
 * AuraAdapterState:
 * @AURA_ADAPTER_AVAILABLE: found, and its version probe (if any) passed
 * @AURA_ADAPTER_MISSING: no executable of the names looked for
 * @AURA_ADAPTER_BROKEN: found, but the version probe failed
 */
typedef enum
{
  AURA_ADAPTER_AVAILABLE,
  AURA_ADAPTER_MISSING,
  AURA_ADAPTER_BROKEN,
} AuraAdapterState;

/* What a look for the tool on this machine found. */
typedef struct
{
  AuraAdapterState state;
  /* (nullable): the executable found. */
  char *path;
  /* (nullable): what the version probe read. */
  char *version;
  /* A sentence for people: the names looked for when missing, the
   * probe's failure and the end of its stderr when broken. */
  char *detail;
} AuraAdapterAvailability;

#define AURA_TYPE_ADAPTER_AVAILABILITY (aura_adapter_availability_get_type ())
GType aura_adapter_availability_get_type (void) G_GNUC_CONST;
AuraAdapterAvailability *aura_adapter_availability_copy (const AuraAdapterAvailability *self);
void aura_adapter_availability_free (AuraAdapterAvailability *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraAdapterAvailability, aura_adapter_availability_free)

/* Looks for the tool and runs its version probe (at most
 * AURA_ADAPTER_PROBE_TIMEOUT_MS, the tool's process group killed past
 * it). Blocks: call it from a worker thread, or use the list's cached
 * aura_adapter_list_check_all_async(). */
#define AURA_ADAPTER_PROBE_TIMEOUT_MS 5000
AuraAdapterAvailability *aura_adapter_check (AuraAdapter *adapter, GCancellable *cancellable);

/* ---- Lists of adapters ------------------------------------------------- */

#define AURA_TYPE_ADAPTER_LIST (aura_adapter_list_get_type ())
G_DECLARE_FINAL_TYPE (AuraAdapterList, aura_adapter_list, AURA, ADAPTER_LIST, GObject)

AuraAdapterList *aura_adapter_list_new (void);
guint aura_adapter_list_get_n_adapters (AuraAdapterList *self);
AuraAdapter *aura_adapter_list_get_adapter (AuraAdapterList *self, guint index);
/* By id, ignoring case; NULL when absent. */
AuraAdapter *aura_adapter_list_lookup (AuraAdapterList *self, const char *id);
/* Adds @adapter (a reference is taken); one of the same id is replaced
 * where it stands. */
void aura_adapter_list_add (AuraAdapterList *self, AuraAdapter *adapter);
/* What loading noticed without failing; NULL-terminated, owned by the list. */
const char *const *aura_adapter_list_get_warnings (AuraAdapterList *self);

/* Every *.json of @dir in name order. A manifest that does not validate
 * fails the load with its error (so that the bundled set is always whole);
 * @dir missing is %AURA_ADAPTER_ERROR_NOT_FOUND. */
AuraAdapterList *aura_adapter_list_load_dir (const char *dir, GError **error);
/* $AURA_ADAPTERS_DIR when set; else $AURA_SOURCE_ROOT/data/adapters when
 * it exists (tests, development trees); else pkgdatadir/adapters. */
char *aura_adapter_list_get_bundled_dir (void);
AuraAdapterList *aura_adapter_list_load_bundled (GError **error);

/* aura_adapter_check(), cached in the list for its lifetime (one probe per
 * tool per run of Aura). Blocks on the first call for a tool. */
AuraAdapterAvailability *aura_adapter_list_get_availability (AuraAdapterList *self,
                                                             AuraAdapter *adapter);
/* Checks every adapter in a worker thread and fills the cache; then
 * aura_adapter_list_get_availability() answers at once. */
void aura_adapter_list_check_all_async (AuraAdapterList *self,
                                        GCancellable *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer user_data);
gboolean
aura_adapter_list_check_all_finish (AuraAdapterList *self, GAsyncResult *result, GError **error);
/* Forgets the cached checks (after the user installed a tool). */
void aura_adapter_list_forget_availability (AuraAdapterList *self);

/* ---- Findings ---------------------------------------------------------- */

/* A link to a finding from another entity. */
typedef struct
{
  AuraEntityType from_type;
  char *from_value;
  /* "has_account", "has_subdomain"… */
  char *relation;
} AuraAdapterRelation;

/* One entity a run found, with every relation leading to it. Values are
 * as the tool wrote them (display form); the store normalises them. */
typedef struct
{
  AuraEntityType type;
  char *value;
  /* (nullable): a JSON object of attributes. */
  char *attributes_json;
  /* (element-type AuraAdapterRelation) */
  GPtrArray *relations;
} AuraAdapterFinding;

/* ---- Running a tool ---------------------------------------------------- */

/**
 * AuraAdapterKill:
 * @AURA_ADAPTER_KILL_NONE: the tool ended by itself
 * @AURA_ADAPTER_KILL_TIMEOUT: past its time limit
 * @AURA_ADAPTER_KILL_CANCELLED: the caller cancelled the run
 * @AURA_ADAPTER_KILL_OUTPUT_LIMIT: it wrote more than the output cap
 * @AURA_ADAPTER_KILL_STOPPED: the caller had read enough: its line
 *   callback returned %FALSE (the result is then not a success, since the
 *   tool did not end by itself, but nothing went wrong)
 */
typedef enum
{
  AURA_ADAPTER_KILL_NONE,
  AURA_ADAPTER_KILL_TIMEOUT,
  AURA_ADAPTER_KILL_CANCELLED,
  AURA_ADAPTER_KILL_OUTPUT_LIMIT,
  AURA_ADAPTER_KILL_STOPPED,
} AuraAdapterKill;

/* Called in the caller's main context once per distinct entity, when it
 * is first mapped (relations found later are added to the result only). */
typedef void (*AuraAdapterFindingFunc) (const AuraAdapterFinding *finding, gpointer user_data);

/* Called in the caller's main context with each line of the tool's
 * output as it arrives, in order: stdout, or the output files in name
 * order (each file's last line even without a line break). @line is
 * NUL-terminated, without its line break (nor a carriage return before
 * it); @length is its length in bytes. A line longer than the run's
 * max_line is not kept: @line is then %NULL and @length says how long it
 * was, so that the caller can count it. Only output within max_output is
 * handed over. Return %FALSE to stop the tool (it is ended as a cancel
 * would, with %AURA_ADAPTER_KILL_STOPPED) once the caller has read enough;
 * no line is handed over after that. */
typedef gboolean (*AuraAdapterLineFunc) (const char *line, gsize length, gpointer user_data);

#define AURA_ADAPTER_DEFAULT_MAX_OUTPUT (64 * 1024 * 1024)
#define AURA_ADAPTER_DEFAULT_MAX_LINE (4 * 1024 * 1024)
#define AURA_ADAPTER_STDERR_KEEP (64 * 1024)
#define AURA_ADAPTER_DEFAULT_GRACE_MS 2000

typedef struct
{
  /* 0: the manifest's time limit. */
  guint timeout_ms;
  /* Between SIGTERM and SIGKILL; 0: AURA_ADAPTER_DEFAULT_GRACE_MS. */
  guint grace_ms;
  /* Bytes of output read (stdout or the output file); 0: the default. */
  gsize max_output;
  AuraAdapterFindingFunc on_finding;
  /* For on_finding and on_line. */
  gpointer user_data;
  /* (nullable): the raw lines of the output, for a caller that reads
   * them itself (the TikTok analytics read yt-dlp's lines). */
  AuraAdapterLineFunc on_line;
  /* Bytes of one line handed to on_line; 0: AURA_ADAPTER_DEFAULT_MAX_LINE. */
  gsize max_line;
} AuraAdapterRunOptions;

typedef struct _AuraAdapterResult AuraAdapterResult;

#define AURA_TYPE_ADAPTER_RESULT (aura_adapter_result_get_type ())
GType aura_adapter_result_get_type (void) G_GNUC_CONST;
AuraAdapterResult *aura_adapter_result_ref (AuraAdapterResult *self);
void aura_adapter_result_unref (AuraAdapterResult *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraAdapterResult, aura_adapter_result_unref)

/* (element-type AuraAdapterFinding) (transfer none): one per distinct
 * entity, in the order first found. */
GPtrArray *aura_adapter_result_get_findings (AuraAdapterResult *self);
/* Whether the tool ended by itself with an exit code the manifest counts
 * as success. */
gboolean aura_adapter_result_get_success (AuraAdapterResult *self);
/* The exit code, or -1 when a signal ended it. */
int aura_adapter_result_get_exit_status (AuraAdapterResult *self);
/* The signal that ended it, or 0. */
int aura_adapter_result_get_term_signal (AuraAdapterResult *self);
AuraAdapterKill aura_adapter_result_get_killed (AuraAdapterResult *self);
/* The last AURA_ADAPTER_STDERR_KEEP bytes of its stderr, valid UTF-8. */
const char *aura_adapter_result_get_stderr (AuraAdapterResult *self);
/* Records that gave at least one entity, and records left out. */
guint aura_adapter_result_get_n_mapped (AuraAdapterResult *self);
guint aura_adapter_result_get_n_skipped (AuraAdapterResult *self);
/* The first few reasons records or values were left out; NULL-terminated. */
const char *const *aura_adapter_result_get_skip_reasons (AuraAdapterResult *self);
/* (nullable): why the output could not be read as a whole (not JSON, a
 * broken CSV, no output file); what was mapped before is kept. */
const char *aura_adapter_result_get_output_error (AuraAdapterResult *self);
/* Wall-clock time of the run. */
guint aura_adapter_result_get_duration_ms (AuraAdapterResult *self);

/* Runs @adapter's tool on @value in a private temporary folder, in a
 * process group of its own, never through a shell, and maps its output.
 * The callback runs in the thread-default main context of the call.
 * Cancelling @cancellable or passing the time limit kills the whole
 * process group (SIGTERM, then SIGKILL after the grace); the run still
 * finishes with a result that says so and keeps what was mapped. */
void aura_adapter_run_async (AuraAdapter *adapter,
                             AuraEntityType type,
                             const char *value,
                             const AuraAdapterRunOptions *options,
                             GCancellable *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer user_data);
/* NULL with an error only when the tool could not be started at all
 * (missing, bad input, spawn failure). */
AuraAdapterResult *
aura_adapter_run_finish (AuraAdapter *adapter, GAsyncResult *result, GError **error);

G_END_DECLS
