/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "aura-site.h"

G_BEGIN_DECLS

#define AURA_MANIFEST_ERROR (aura_manifest_error_quark ())

/* Limits that keep a hostile manifest from costing much. */
#define AURA_MANIFEST_MAX_BYTES (64 * 1024 * 1024)
#define AURA_MANIFEST_MAX_SITES 100000
#define AURA_MANIFEST_MAX_REGEX 256

/**
 * AuraManifestError:
 * @AURA_MANIFEST_ERROR_PARSE: the file is not JSON
 * @AURA_MANIFEST_ERROR_FORMAT: the JSON is not a site list Aura knows
 * @AURA_MANIFEST_ERROR_INVALID: a site or a field breaks the format; the
 *   message names the file, the site and the field
 * @AURA_MANIFEST_ERROR_TOO_LARGE: over AURA_MANIFEST_MAX_BYTES or
 *   AURA_MANIFEST_MAX_SITES
 * @AURA_MANIFEST_ERROR_INVALID_USERNAME: the name cannot exist on the site
 * @AURA_MANIFEST_ERROR_NOT_FOUND: no site of that name
 */
typedef enum
{
  AURA_MANIFEST_ERROR_PARSE,
  AURA_MANIFEST_ERROR_FORMAT,
  AURA_MANIFEST_ERROR_INVALID,
  AURA_MANIFEST_ERROR_TOO_LARGE,
  AURA_MANIFEST_ERROR_INVALID_USERNAME,
  AURA_MANIFEST_ERROR_NOT_FOUND,
} AuraManifestError;

GQuark aura_manifest_error_quark (void);

/**
 * AuraSiteFormat:
 * @AURA_SITE_FORMAT_UNKNOWN: none recognised
 * @AURA_SITE_FORMAT_AURA: Aura's own format
 * @AURA_SITE_FORMAT_SHERLOCK: Sherlock's data.json
 * @AURA_SITE_FORMAT_MAIGRET: Maigret's data.json
 * @AURA_SITE_FORMAT_WHATSMYNAME: WhatsMyName's wmn-data.json
 */
typedef enum
{
  AURA_SITE_FORMAT_UNKNOWN,
  AURA_SITE_FORMAT_AURA,
  AURA_SITE_FORMAT_SHERLOCK,
  AURA_SITE_FORMAT_MAIGRET,
  AURA_SITE_FORMAT_WHATSMYNAME,
} AuraSiteFormat;

/* "aura", "sherlock", "maigret", "whatsmyname", "unknown". */
const char *aura_site_format_to_string (AuraSiteFormat format);

/**
 * AuraSiteProblem:
 * @site: (nullable): the site's name, NULL for a problem of the file
 * @message: what is wrong (translated), naming the field
 *
 * One entry of a validation or import report.
 */
typedef struct
{
  char *site;
  char *message;
} AuraSiteProblem;

/**
 * AuraSiteReport:
 * @format: the format the file was recognised as
 * @total: sites in the file
 * @mapped: sites loaded (or imported)
 * @problems: #AuraSiteProblem: each site not loaded, with the reason
 *
 * What aura_site_list_load_file() and aura_site_list_import_file() found.
 * For every file, mapped + problems->len == total.
 */
typedef struct
{
  AuraSiteFormat format;
  guint total;
  guint mapped;
  GPtrArray *problems;
} AuraSiteReport;

AuraSiteReport *aura_site_report_new (void);
void aura_site_report_free (AuraSiteReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraSiteReport, aura_site_report_free)

#define AURA_TYPE_SITE_LIST (aura_site_list_get_type ())
G_DECLARE_FINAL_TYPE (AuraSiteList, aura_site_list, AURA, SITE_LIST, GObject)

AuraSiteList *aura_site_list_new (void);
guint aura_site_list_get_n_sites (AuraSiteList *self);
AuraSite *aura_site_list_get_site (AuraSiteList *self, guint index);
/* By name, ignoring case; NULL when absent. */
AuraSite *aura_site_list_lookup (AuraSiteList *self, const char *name);
/* Adds @site (a reference is taken); a site of the same name (ignoring
 * case) is replaced. */
void aura_site_list_add (AuraSiteList *self, AuraSite *site);
/* Adds every site of @other, replacing those of the same name. */
void aura_site_list_merge (AuraSiteList *self, AuraSiteList *other);

/* Recognises the format of a JSON document from its content. */
AuraSiteFormat aura_site_format_detect (JsonNode *root);

/* Loads an Aura-format file strictly: any invalid site fails the load, with
 * a message naming the file, the site and the field (the first problem,
 * and how many more there are). @out_report, when given, receives every
 * problem found, even when the load fails. */
AuraSiteList *
aura_site_list_load_file (const char *path, AuraSiteReport **out_report, GError **error);
/* The same from text in memory; @origin names it in messages. */
AuraSiteList *aura_site_list_load_data (const char *data,
                                        gssize length,
                                        const char *origin,
                                        AuraSiteReport **out_report,
                                        GError **error);

/* Loads any supported format (Aura, Sherlock, Maigret, WhatsMyName),
 * recognised from the content. Sites that cannot be mapped to Aura's model
 * are left out and listed in @out_report with the reason; only a file that
 * cannot be read or recognised fails. */
AuraSiteList *
aura_site_list_import_file (const char *path, AuraSiteReport **out_report, GError **error);
AuraSiteList *aura_site_list_import_data (const char *data,
                                          gssize length,
                                          const char *origin,
                                          AuraSiteReport **out_report,
                                          GError **error);

/* The list in Aura's format, as a JSON document. */
JsonNode *aura_site_list_to_json (AuraSiteList *self);
char *aura_site_list_to_data (AuraSiteList *self, gsize *length);
/* Writes the list in Aura's format; the file is replaced atomically. */
gboolean aura_site_list_save_file (AuraSiteList *self, const char *path, GError **error);

/* One site in Aura's format (a JSON object). */
JsonNode *aura_site_to_json (const AuraSite *site);

/* The bundled manifest: $AURA_SITES_BUNDLED when set, else the installed
 * pkgdatadir/sites/aura-sites.json. */
char *aura_site_list_get_bundled_path (void);
/* Where imported lists are kept: $AURA_SITES_DIR when set, else
 * $XDG_DATA_HOME/aura/sites. */
char *aura_site_list_get_user_dir (void);
/* The bundled list merged with every *.json of the user folder (files in
 * name order; a later site replaces an earlier one of the same name).
 * Unreadable user files are reported in @out_report and skipped. */
AuraSiteList *aura_site_list_load_default (AuraSiteReport **out_report, GError **error);

G_END_DECLS
