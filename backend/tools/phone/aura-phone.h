/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * AuraPhoneType:
 *
 * What kind of line a number is, as libphonenumber's metadata says. The
 * string form (aura_phone_type_to_string()) is stable: the store, the CLI and
 * exports use it.
 */
typedef enum
{
  AURA_PHONE_TYPE_UNKNOWN,
  AURA_PHONE_TYPE_FIXED_LINE,
  AURA_PHONE_TYPE_MOBILE,
  /* Regions (the NANP) where the two cannot be told apart. */
  AURA_PHONE_TYPE_FIXED_LINE_OR_MOBILE,
  AURA_PHONE_TYPE_TOLL_FREE,
  AURA_PHONE_TYPE_PREMIUM_RATE,
  AURA_PHONE_TYPE_SHARED_COST,
  AURA_PHONE_TYPE_VOIP,
  AURA_PHONE_TYPE_PERSONAL_NUMBER,
  AURA_PHONE_TYPE_PAGER,
  AURA_PHONE_TYPE_UAN,
  AURA_PHONE_TYPE_VOICEMAIL,
} AuraPhoneType;

/**
 * AuraPhonePossibility:
 *
 * Whether the length of a number is one its country uses, and if not, why.
 * "Possible" only looks at the length; "valid" (AuraPhoneInfo.is_valid) also
 * checks the number ranges the country has allocated.
 */
typedef enum
{
  AURA_PHONE_POSSIBLE,
  /* Possible only when dialled inside its area (no area code given). */
  AURA_PHONE_POSSIBLE_LOCAL_ONLY,
  AURA_PHONE_POSSIBILITY_INVALID_COUNTRY_CODE,
  AURA_PHONE_POSSIBILITY_TOO_SHORT,
  AURA_PHONE_POSSIBILITY_TOO_LONG,
  /* Between the shortest and longest lengths, but not one in use. */
  AURA_PHONE_POSSIBILITY_INVALID_LENGTH,
} AuraPhonePossibility;

#define AURA_PHONE_ERROR (aura_phone_error_quark ())

/**
 * AuraPhoneError:
 * @AURA_PHONE_ERROR_INVALID_INPUT: the text is not valid UTF-8
 * @AURA_PHONE_ERROR_HOSTILE_INPUT: the text holds invisible, bidirectional
 *   or control characters that could disguise what it says
 * @AURA_PHONE_ERROR_INPUT_TOO_LONG: the text is longer than
 *   %AURA_PHONE_MAX_INPUT bytes (%AURA_PHONE_MAX_TEXT for free text)
 * @AURA_PHONE_ERROR_NOT_A_NUMBER: empty, or no phone number can be read
 * @AURA_PHONE_ERROR_NO_COUNTRY: the number has no “+” country code and no
 *   default region was given
 * @AURA_PHONE_ERROR_INVALID_COUNTRY_CODE: the “+” code is not a country
 *   calling code in use
 * @AURA_PHONE_ERROR_INVALID_REGION: the default region is not a region
 *   libphonenumber knows
 * @AURA_PHONE_ERROR_TOO_SHORT: too few digits to be a phone number
 * @AURA_PHONE_ERROR_TOO_LONG: more digits than any phone number has
 * @AURA_PHONE_ERROR_FAILED: libphonenumber itself failed (out of memory)
 */
typedef enum
{
  AURA_PHONE_ERROR_INVALID_INPUT,
  AURA_PHONE_ERROR_HOSTILE_INPUT,
  AURA_PHONE_ERROR_INPUT_TOO_LONG,
  AURA_PHONE_ERROR_NOT_A_NUMBER,
  AURA_PHONE_ERROR_NO_COUNTRY,
  AURA_PHONE_ERROR_INVALID_COUNTRY_CODE,
  AURA_PHONE_ERROR_INVALID_REGION,
  AURA_PHONE_ERROR_TOO_SHORT,
  AURA_PHONE_ERROR_TOO_LONG,
  AURA_PHONE_ERROR_FAILED,
} AuraPhoneError;

/* Longest text aura_phone_analyse() and aura_phone_to_e164() accept. */
#define AURA_PHONE_MAX_INPUT 256
/* Longest text aura_phone_find_in_text() searches. */
#define AURA_PHONE_MAX_TEXT (1024 * 1024)

/**
 * AuraPhoneInfo:
 * @input: the text as given
 * @region: ISO 3166-1 alpha-2 code of the region the number belongs to
 *   ("FR"), "001" for non-geographic numbers (+800, +882…), %NULL when the
 *   number matches no region
 * @country_code: the country calling code (33 for France)
 * @national_number: the national significant number, digits only, without
 *   the trunk prefix ("612345678")
 * @extension: the extension ("12" for “ext. 12”), or %NULL
 * @possibility: whether the length is possible, and why not
 * @is_possible: @possibility is %AURA_PHONE_POSSIBLE or
 *   %AURA_PHONE_POSSIBLE_LOCAL_ONLY
 * @is_valid: the number is in a range its country has allocated
 * @type: the kind of line; %AURA_PHONE_TYPE_UNKNOWN when not valid
 * @e164: "+33612345678"
 * @international: "+33 6 12 34 56 78"
 * @national: "06 12 34 56 78"
 * @rfc3966: "tel:+33-6-12-34-56-78"
 * @country_name: the region's name in the requested locale ("France"), or
 *   %NULL
 * @description: the geocoder's description in the requested locale, with an
 *   English fallback: a town or area for fixed lines ("Paris"), the country
 *   for others; %NULL when it has none
 * @carrier: always %NULL: Debian's C++ libphonenumber has no carrier mapper
 * @time_zones: (nullable): the time zones of the number's country, from
 *   tzdata's zone.tab (Debian's C++ libphonenumber has no prefix-level
 *   time-zone mapper): one for most countries, all of them for those that
 *   span several ("US" gives 29); %NULL without a region
 * @is_short_number: a valid short number (112, 3949…) in @region
 * @is_emergency: the digits are exactly an emergency number in @region
 *
 * What libphonenumber says about one number, computed offline.
 */
typedef struct
{
  char *input;
  char *region;
  int country_code;
  char *national_number;
  char *extension;
  AuraPhonePossibility possibility;
  gboolean is_possible;
  gboolean is_valid;
  AuraPhoneType type;
  char *e164;
  char *international;
  char *national;
  char *rfc3966;
  char *country_name;
  char *description;
  char *carrier;
  GStrv time_zones;
  gboolean is_short_number;
  gboolean is_emergency;
} AuraPhoneInfo;

/**
 * AuraPhoneMatch:
 * @start: byte offset of the match in the searched text
 * @length: length of the match in bytes
 * @raw: the matched text as written
 * @e164: the number in E.164 form
 * @region: the number's region, as in #AuraPhoneInfo
 *
 * A phone number aura_phone_find_in_text() found in free text.
 */
typedef struct
{
  gsize start;
  gsize length;
  char *raw;
  char *e164;
  char *region;
} AuraPhoneMatch;

GQuark aura_phone_error_quark (void);

#define AURA_TYPE_PHONE_INFO (aura_phone_info_get_type ())
GType aura_phone_info_get_type (void) G_GNUC_CONST;

AuraPhoneInfo *aura_phone_info_copy (const AuraPhoneInfo *info);
void aura_phone_info_free (AuraPhoneInfo *info);
void aura_phone_match_free (AuraPhoneMatch *match);

/* Stable machine names: "mobile", "fixed_line", "toll_free" … */
const char *aura_phone_type_to_string (AuraPhoneType type);
/* "possible", "possible_local_only", "too_short", "too_long",
 * "invalid_length", "invalid_country_code" */
const char *aura_phone_possibility_to_string (AuraPhonePossibility possibility);

AuraPhoneInfo *aura_phone_analyse (const char *text,
                                   const char *default_region,
                                   const char *locale,
                                   GError **error);
char *aura_phone_to_e164 (const char *text, const char *default_region, GError **error);
GPtrArray *aura_phone_find_in_text (const char *text, const char *default_region, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraPhoneInfo, aura_phone_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraPhoneMatch, aura_phone_match_free)

/* The IANA time zones of @region ("FR" → "Europe/Paris"), from tzdata's
 * zone.tab ($AURA_ZONE_TAB, else /usr/share/zoneinfo/zone.tab, read once),
 * in the file's order; %NULL for an unknown region or a missing file. */
char **aura_phone_time_zones_for_region (const char *region);

G_END_DECLS
