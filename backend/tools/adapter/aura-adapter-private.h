/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "aura-adapter.h"
#include "aura-finding-recorder.h"
#include "aura-source-private.h"

G_BEGIN_DECLS

/* What only backend/tools sees: the parsed form of an adapter, the
 * mapper that turns a tool's output into findings, and the recording of
 * findings. JSON paths are those of the source manifests
 * (aura-source-path.c). */

#define AURA_ADAPTER_FORMAT_VERSION 1
/* At most this many findings per run; the rest are counted as skipped. */
#define AURA_ADAPTER_MAX_FINDINGS 100000
/* A value longer than this is junk, not a name. */
#define AURA_ADAPTER_VALUE_MAX_BYTES 2048
/* Reasons kept for the result. */
#define AURA_ADAPTER_MAX_REASONS 10

typedef enum
{
  AURA_ADAPTER_FORMAT_JSON,
  AURA_ADAPTER_FORMAT_JSONL,
  AURA_ADAPTER_FORMAT_CSV,
  AURA_ADAPTER_FORMAT_TEXT,
} AuraAdapterFormat;

typedef enum
{
  AURA_ADAPTER_EACH_SELF,    /* the node reached is the record */
  AURA_ADAPTER_EACH_ELEMENT, /* each element of the array reached */
  AURA_ADAPTER_EACH_MEMBER,  /* each member of the object reached, @key its name */
} AuraAdapterEach;

typedef enum
{
  AURA_ADAPTER_FIELD_PATH,   /* a JSON path inside the record */
  AURA_ADAPTER_FIELD_NAME,   /* a CSV column or a named group of a line pattern */
  AURA_ADAPTER_FIELD_KEY,    /* @key: the member name of the record */
  AURA_ADAPTER_FIELD_INPUT,  /* @input: the value the tool was given */
  AURA_ADAPTER_FIELD_ITEM,   /* @item: the element of a for_each */
  AURA_ADAPTER_FIELD_RECORD, /* @record: the record itself */
} AuraAdapterFieldKind;

typedef struct
{
  AuraAdapterFieldKind kind;
  char *text;
  AuraSourcePath *path;
} AuraAdapterField;

typedef enum
{
  AURA_ADAPTER_COND_EQUALS,
  AURA_ADAPTER_COND_NOT_EQUALS,
  AURA_ADAPTER_COND_PRESENT,
  AURA_ADAPTER_COND_MATCHES,
  AURA_ADAPTER_COND_IN,
} AuraAdapterCondKind;

typedef struct
{
  AuraAdapterField *field;
  AuraAdapterCondKind kind;
  char *text; /* equals, not_equals */
  gboolean present;
  GRegex *regex; /* matches */
  GStrv choices; /* in */
} AuraAdapterCond;

/* A value template: literal text and {field} pieces. */
typedef struct
{
  char *literal; /* NULL for a field piece */
  AuraAdapterField *field;
} AuraAdapterPiece;

typedef struct
{
  char *text;
  GPtrArray *pieces; /* AuraAdapterPiece */
} AuraAdapterTemplate;

typedef struct
{
  char *name;
  AuraAdapterField *field;   /* a field copied with its JSON type… */
  AuraAdapterTemplate *tmpl; /* …or text built from a template… */
  JsonNode *constant;        /* …or a constant */
} AuraAdapterAttribute;

typedef struct
{
  char *id;
  /* "host": a domain or a subdomain, decided per value. */
  gboolean host;
  AuraEntityType type;
  AuraAdapterTemplate *value;
  GRegex *pattern; /* first group (or the match) of the value is kept */
  AuraAdapterField *for_each;
  GPtrArray *attributes; /* AuraAdapterAttribute */
  GPtrArray *when;       /* AuraAdapterCond */
} AuraAdapterEntitySpec;

typedef struct
{
  int from; /* an entity index, or -1 for the input value */
  int to;
  char *type;
} AuraAdapterRelationSpec;

typedef struct
{
  AuraSourcePath *records; /* json, jsonl; NULL: the document */
  AuraAdapterEach each;
  GRegex *line_pattern; /* text */
  GStrv line_groups;    /* its named groups */
  GPtrArray *when;      /* AuraAdapterCond */
  GPtrArray *entities;  /* AuraAdapterEntitySpec */
  GPtrArray *relations; /* AuraAdapterRelationSpec */
} AuraAdapterMapping;

struct _AuraAdapter
{
  gatomicrefcount ref;
  char *id;
  char *name;
  char *description;
  char *homepage;
  char *origin;
  GStrv executables;
  GStrv probe_args; /* NULL: no probe */
  GRegex *probe_pattern;
  guint inputs;  /* 1 << AuraEntityType */
  guint outputs; /* 1 << AuraEntityType */
  GStrv arguments;
  GStrv env_set; /* NAME=value */
  GStrv env_unset;
  guint timeout_s;
  GArray *success_codes; /* int */
  gboolean output_is_file;
  char *output_file; /* a glob in the output folder */
  AuraAdapterFormat format;
  GPtrArray *mappings; /* AuraAdapterMapping */
};

AuraAdapter *aura_adapter_new_empty (void);
void aura_adapter_field_free (AuraAdapterField *field);
void aura_adapter_cond_free (AuraAdapterCond *cond);
void aura_adapter_template_free (AuraAdapterTemplate *tmpl);
void aura_adapter_attribute_free (AuraAdapterAttribute *attribute);
void aura_adapter_entity_spec_free (AuraAdapterEntitySpec *spec);
void aura_adapter_relation_spec_free (AuraAdapterRelationSpec *spec);
void aura_adapter_mapping_free (AuraAdapterMapping *mapping);

/* The validating parser (aura-adapter-manifest.c). */
AuraAdapter *
aura_adapter_parse (JsonNode *root, const char *origin, GPtrArray *warnings, GError **error);

/* ---- Mapping output to findings (aura-adapter-map.c) ------------------- */

typedef struct _AuraAdapterMapper AuraAdapterMapper;

AuraAdapterMapper *aura_adapter_mapper_new (AuraAdapter *adapter,
                                            AuraEntityType input_type,
                                            const char *input_value,
                                            AuraAdapterFindingFunc on_finding,
                                            gpointer user_data);
void aura_adapter_mapper_free (AuraAdapterMapper *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraAdapterMapper, aura_adapter_mapper_free)

/* Feeds output as it arrives: complete lines are mapped at once for
 * jsonl and text; json and csv are kept until the end. */
void aura_adapter_mapper_feed (AuraAdapterMapper *self, const char *data, gsize length);
/* Maps what is left (the whole document for json and csv). */
void aura_adapter_mapper_finish (AuraAdapterMapper *self);
/* Records the output could not be read (the file is missing…). */
void aura_adapter_mapper_set_error (AuraAdapterMapper *self, const char *message);

GPtrArray *aura_adapter_mapper_get_findings (AuraAdapterMapper *self);
guint aura_adapter_mapper_get_n_mapped (AuraAdapterMapper *self);
guint aura_adapter_mapper_get_n_skipped (AuraAdapterMapper *self);
/* NULL-terminated. */
GPtrArray *aura_adapter_mapper_get_reasons (AuraAdapterMapper *self);
const char *aura_adapter_mapper_get_error (AuraAdapterMapper *self);

void aura_adapter_finding_free (AuraAdapterFinding *finding);
void aura_adapter_relation_free (AuraAdapterRelation *relation);

/* ---- Processes (aura-adapter-process.c) -------------------------------- */

/* Starts @argv (argv[0] a path) in a new process group, stdin from
 * /dev/null, stdout and stderr piped, in @cwd, with @adapter's
 * environment changes (nullable). */
GSubprocess *aura_adapter_spawn (const char *const *argv,
                                 const char *cwd,
                                 const AuraAdapter *adapter,
                                 GError **error);
/* Sends @signum to the process group of @process (whose leader it is). */
void aura_adapter_kill_group (GSubprocess *process, int signum);
/* The last @keep bytes of @bytes as valid UTF-8 (invalid bytes replaced). */
char *aura_adapter_tail_utf8 (const guint8 *bytes, gsize length, gsize keep);
/* Removes @dir and everything in it (not following symbolic links). */
void aura_adapter_remove_tree (const char *dir);

/* ---- Results ----------------------------------------------------------- */

AuraAdapterResult *aura_adapter_result_new (void);
struct _AuraAdapterResult
{
  gatomicrefcount ref;
  GPtrArray *findings;
  gboolean success;
  int exit_status;
  int term_signal;
  AuraAdapterKill killed;
  char *stderr_text;
  guint n_mapped;
  guint n_skipped;
  GPtrArray *reasons; /* NULL-terminated */
  char *output_error;
  guint duration_ms;
};

/* Queues every finding of @result, with each of its relations, on
 * @recorder with @source as the provenance (the adapter's id, usually);
 * returns how many findings were queued. */
guint aura_adapter_result_record (AuraAdapterResult *result,
                                  AuraFindingRecorder *recorder,
                                  const char *source,
                                  double confidence);

G_END_DECLS
