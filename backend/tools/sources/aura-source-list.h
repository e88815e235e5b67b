/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "aura-entity-type.h"

G_BEGIN_DECLS

/* Passive sources (certificate logs, passive DNS, archives, search APIs)
 * described by declarative manifests: what to ask, how to page through
 * the answers and how to read names out of them. The format is described
 * in backend/tools/sources/README.md. */

#define AURA_SOURCE_ERROR (aura_source_error_quark ())

/* Limits that keep a hostile manifest from costing much. */
#define AURA_SOURCE_MANIFEST_MAX_BYTES (4 * 1024 * 1024)
#define AURA_SOURCE_MANIFEST_MAX_SOURCES 1000

/**
 * AuraSourceError:
 * @AURA_SOURCE_ERROR_PARSE: the file is not JSON
 * @AURA_SOURCE_ERROR_FORMAT: the JSON is not a source manifest, or its
 *   top level is wrong
 * @AURA_SOURCE_ERROR_INVALID: a source or a field breaks the format; the
 *   message names the file, the source and the field
 * @AURA_SOURCE_ERROR_TOO_LARGE: over %AURA_SOURCE_MANIFEST_MAX_BYTES or
 *   %AURA_SOURCE_MANIFEST_MAX_SOURCES
 * @AURA_SOURCE_ERROR_NOT_FOUND: no manifest where one was expected, or no
 *   source of that name
 *
 * Errors of loading manifests and of setting up a source scan.
 */
typedef enum
{
  AURA_SOURCE_ERROR_PARSE,
  AURA_SOURCE_ERROR_FORMAT,
  AURA_SOURCE_ERROR_INVALID,
  AURA_SOURCE_ERROR_TOO_LARGE,
  AURA_SOURCE_ERROR_NOT_FOUND,
} AuraSourceError;

GQuark aura_source_error_quark (void);

#define AURA_TYPE_SOURCE (aura_source_get_type ())

/* One source, immutable once loaded and reference counted. */
typedef struct _AuraSource AuraSource;

GType aura_source_get_type (void) G_GNUC_CONST;
AuraSource *aura_source_ref (AuraSource *source);
void aura_source_unref (AuraSource *source);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraSource, aura_source_unref)

/* The stable id ("crtsh"), lower case. */
const char *aura_source_get_name (const AuraSource *source);
/* The name people read ("crt.sh"). */
const char *aura_source_get_label (const AuraSource *source);
/* (nullable): the service's home page. */
const char *aura_source_get_homepage (const AuraSource *source);
/* (nullable): a sentence on what the source is. */
const char *aura_source_get_description (const AuraSource *source);
/* Whether the source yields values of @kind (subdomain, email, ip, url). */
gboolean aura_source_yields (const AuraSource *source, AuraEntityType kind);
/* (nullable): the name of the API key the source uses ("virustotal"), as
 * stored in the keyring; NULL when it uses none. */
const char *aura_source_get_key_name (const AuraSource *source);
/* Whether the source cannot run without its key (some only go faster
 * with one). */
gboolean aura_source_get_key_required (const AuraSource *source);
/* (nullable): where a person gets a key. */
const char *aura_source_get_key_url (const AuraSource *source);
/* The file the source was read from. */
const char *aura_source_get_origin (const AuraSource *source);

#define AURA_TYPE_SOURCE_LIST (aura_source_list_get_type ())
G_DECLARE_FINAL_TYPE (AuraSourceList, aura_source_list, AURA, SOURCE_LIST, GObject)

AuraSourceList *aura_source_list_new (void);
guint aura_source_list_get_n_sources (AuraSourceList *self);
AuraSource *aura_source_list_get_source (AuraSourceList *self, guint index);
/* By name, ignoring case; NULL when absent. */
AuraSource *aura_source_list_lookup (AuraSourceList *self, const char *name);
/* Adds @source (a reference is taken); a source of the same name is
 * replaced where it stands. */
void aura_source_list_add (AuraSourceList *self, AuraSource *source);
/* What loading noticed without failing: unknown fields, a manifest written
 * for a newer Aura, a source replaced by a later file. NULL-terminated,
 * owned by the list; each line names the file and the source. */
const char *const *aura_source_list_get_warnings (AuraSourceList *self);

/* Loads one manifest. A source that breaks the format fails the load, with
 * a message naming the file, the source and the field; unknown fields are
 * warnings. A manifest whose version is newer than Aura's is read as far
 * as it is understood: its sources that do not validate are left out with
 * a warning instead. */
AuraSourceList *aura_source_list_load_file (const char *path, GError **error);
/* The same from text in memory; @origin names it in messages. */
AuraSourceList *
aura_source_list_load_data (const char *data, gssize length, const char *origin, GError **error);
/* Every *.json file of @dir, in name order; a later source replaces an
 * earlier one of the same name (with a warning). */
AuraSourceList *aura_source_list_load_dir (const char *dir, GError **error);
/* Where the bundled manifests are: $AURA_SOURCES_DIR when set; else
 * $AURA_SOURCE_ROOT/data/sources when that folder exists (tests and
 * development trees); else the installed pkgdatadir/sources. */
char *aura_source_list_get_bundled_dir (void);
/* aura_source_list_load_dir() on aura_source_list_get_bundled_dir(). */
AuraSourceList *aura_source_list_load_bundled (GError **error);

G_END_DECLS
