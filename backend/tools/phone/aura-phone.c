/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "aura-phone"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "aura-phone.h"
#include "aura-phone-shim.h"

/* Bounds on aura_phone_find_in_text(), so that a huge or hostile text takes
 * bounded time: candidates PhoneNumberMatcher may try in one window, the
 * window and overlap sizes (see find_in_windows()), and matches returned. */
#define FIND_MAX_TRIES 2000
#define FIND_WINDOW 8192
#define FIND_OVERLAP 512
#define FIND_MAX_MATCHES 2000

/* Written out rather than with G_DEFINE_QUARK, whose hyphenated argument
 * clang-format would split. */
GQuark
aura_phone_error_quark (void)
{
  return g_quark_from_static_string ("aura-phone-error-quark");
}

G_DEFINE_BOXED_TYPE (AuraPhoneInfo, aura_phone_info, aura_phone_info_copy, aura_phone_info_free)

/**
 * aura_phone_info_copy:
 * @info: an #AuraPhoneInfo
 *
 * Returns: (transfer full): a deep copy of @info
 */
AuraPhoneInfo *
aura_phone_info_copy (const AuraPhoneInfo *info)
{
  AuraPhoneInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_new0 (AuraPhoneInfo, 1);
  *copy = *info;
  copy->input = g_strdup (info->input);
  copy->region = g_strdup (info->region);
  copy->national_number = g_strdup (info->national_number);
  copy->extension = g_strdup (info->extension);
  copy->e164 = g_strdup (info->e164);
  copy->international = g_strdup (info->international);
  copy->national = g_strdup (info->national);
  copy->rfc3966 = g_strdup (info->rfc3966);
  copy->country_name = g_strdup (info->country_name);
  copy->description = g_strdup (info->description);
  copy->carrier = g_strdup (info->carrier);
  copy->time_zones = g_strdupv (info->time_zones);
  return copy;
}

/**
 * aura_phone_info_free:
 * @info: (nullable): an #AuraPhoneInfo
 *
 * Frees @info and every string it holds.
 */
void
aura_phone_info_free (AuraPhoneInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->input);
  g_free (info->region);
  g_free (info->national_number);
  g_free (info->extension);
  g_free (info->e164);
  g_free (info->international);
  g_free (info->national);
  g_free (info->rfc3966);
  g_free (info->country_name);
  g_free (info->description);
  g_free (info->carrier);
  g_strfreev (info->time_zones);
  g_free (info);
}

/**
 * aura_phone_match_free:
 * @match: (nullable): an #AuraPhoneMatch
 */
void
aura_phone_match_free (AuraPhoneMatch *match)
{
  if (match == NULL)
    return;
  g_free (match->raw);
  g_free (match->e164);
  g_free (match->region);
  g_free (match);
}

/**
 * aura_phone_type_to_string:
 * @type: an #AuraPhoneType
 *
 * Returns: the stable machine name of @type ("mobile", "toll_free"…)
 */
const char *
aura_phone_type_to_string (AuraPhoneType type)
{
  static const char *const names[] = {
    [AURA_PHONE_TYPE_UNKNOWN] = "unknown",
    [AURA_PHONE_TYPE_FIXED_LINE] = "fixed_line",
    [AURA_PHONE_TYPE_MOBILE] = "mobile",
    [AURA_PHONE_TYPE_FIXED_LINE_OR_MOBILE] = "fixed_line_or_mobile",
    [AURA_PHONE_TYPE_TOLL_FREE] = "toll_free",
    [AURA_PHONE_TYPE_PREMIUM_RATE] = "premium_rate",
    [AURA_PHONE_TYPE_SHARED_COST] = "shared_cost",
    [AURA_PHONE_TYPE_VOIP] = "voip",
    [AURA_PHONE_TYPE_PERSONAL_NUMBER] = "personal_number",
    [AURA_PHONE_TYPE_PAGER] = "pager",
    [AURA_PHONE_TYPE_UAN] = "uan",
    [AURA_PHONE_TYPE_VOICEMAIL] = "voicemail",
  };

  g_return_val_if_fail ((guint)type < G_N_ELEMENTS (names), "unknown");
  return names[type];
}

/**
 * aura_phone_possibility_to_string:
 * @possibility: an #AuraPhonePossibility
 *
 * Returns: the stable machine name of @possibility ("too_short"…)
 */
const char *
aura_phone_possibility_to_string (AuraPhonePossibility possibility)
{
  static const char *const names[] = {
    [AURA_PHONE_POSSIBLE] = "possible",
    [AURA_PHONE_POSSIBLE_LOCAL_ONLY] = "possible_local_only",
    [AURA_PHONE_POSSIBILITY_INVALID_COUNTRY_CODE] = "invalid_country_code",
    [AURA_PHONE_POSSIBILITY_TOO_SHORT] = "too_short",
    [AURA_PHONE_POSSIBILITY_TOO_LONG] = "too_long",
    [AURA_PHONE_POSSIBILITY_INVALID_LENGTH] = "invalid_length",
  };

  g_return_val_if_fail ((guint)possibility < G_N_ELEMENTS (names), "invalid_length");
  return names[possibility];
}

/* Characters that change how text looks without being seen: bidirectional
 * controls (U+202E can make "+33 6 12" read backwards), zero-width ones,
 * other format and control characters, and private-use code points. Tab,
 * line feed and carriage return are plain white space in a pasted number. */
static gboolean
is_hostile_char (gunichar c)
{
  if (c == '\t' || c == '\n' || c == '\r')
    return FALSE;
  switch (g_unichar_type (c))
    {
      case G_UNICODE_CONTROL:
      case G_UNICODE_FORMAT:
      case G_UNICODE_PRIVATE_USE:
      case G_UNICODE_SURROGATE:
        return TRUE;
      default:
        return FALSE;
    }
}

static gboolean
check_text (const char *text, GError **error)
{
  gsize len = strlen (text);

  if (len > AURA_PHONE_MAX_INPUT)
    {
      g_set_error (error, AURA_PHONE_ERROR, AURA_PHONE_ERROR_INPUT_TOO_LONG,
                   _ ("The text is %lu bytes long; a phone number is at most %d bytes. Paste "
                      "only the number."),
                   (unsigned long)len, AURA_PHONE_MAX_INPUT);
      return FALSE;
    }
  if (!g_utf8_validate (text, len, NULL))
    {
      g_set_error_literal (error, AURA_PHONE_ERROR, AURA_PHONE_ERROR_INVALID_INPUT,
                           _ ("The text is not valid UTF-8; check how it was copied or decoded."));
      return FALSE;
    }
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_hostile_char (c))
        {
          g_set_error (error, AURA_PHONE_ERROR, AURA_PHONE_ERROR_HOSTILE_INPUT,
                       _ ("The text holds an invisible or control character (U+%04X) that can "
                          "disguise a number; retype the number by hand."),
                       c);
          return FALSE;
        }
    }
  return TRUE;
}

/* The default region as libphonenumber wants it ("fr" → "FR"), or NULL for
 * none. */
static gboolean
normalise_region (const char *region, char **out_region, GError **error)
{
  g_autofree char *upper = NULL;

  *out_region = NULL;
  if (region == NULL || *region == '\0')
    return TRUE;
  upper = g_ascii_strup (region, -1);
  if (strlen (upper) != 2 || !g_ascii_isalpha (upper[0]) || !g_ascii_isalpha (upper[1]) ||
      !aura_phone_shim_region_is_supported (upper))
    {
      g_autofree char *shown = g_utf8_make_valid (region, -1);

      g_set_error (error, AURA_PHONE_ERROR, AURA_PHONE_ERROR_INVALID_REGION,
                   _ ("“%s” is not a region code libphonenumber knows; use a two-letter ISO 3166 "
                      "code such as “FR” or “US”."),
                   shown);
      return FALSE;
    }
  *out_region = g_steal_pointer (&upper);
  return TRUE;
}

/* "fr_FR.UTF-8@euro" → "fr_FR"; anything unusable (NULL, "C", "POSIX",
 * stray characters) → "en". */
static char *
normalise_locale (const char *locale)
{
  g_autofree char *copy = NULL;
  char *cut;

  if (locale == NULL || g_str_equal (locale, "C") || g_str_equal (locale, "POSIX"))
    return g_strdup ("en");
  copy = g_strdup (locale);
  cut = strpbrk (copy, ".@");
  if (cut != NULL)
    *cut = '\0';
  g_strdelimit (copy, "-", '_');
  if (*copy == '\0' || strlen (copy) > 16 || !g_ascii_isalpha (*copy))
    return g_strdup ("en");
  for (const char *p = copy; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return g_strdup ("en");
  return g_steal_pointer (&copy);
}

static void
set_parse_error (AuraPhoneShimStatus status, const char *text, const char *region, GError **error)
{
  switch (status)
    {
      case AURA_PHONE_SHIM_INVALID_COUNTRY_CODE:
        if (region == NULL && strchr (text, '+') == NULL)
          g_set_error (error, AURA_PHONE_ERROR, AURA_PHONE_ERROR_NO_COUNTRY,
                       _ ("“%s” has no country code; write it with “+” and the country code "
                          "(“+33 6 12 34 56 78”) or choose the country it belongs to."),
                       text);
        else
          g_set_error (error, AURA_PHONE_ERROR, AURA_PHONE_ERROR_INVALID_COUNTRY_CODE,
                       _ ("“%s” does not start with a country calling code in use; check the "
                          "digits after “+”."),
                       text);
        break;
      case AURA_PHONE_SHIM_TOO_SHORT_AFTER_IDD:
      case AURA_PHONE_SHIM_TOO_SHORT_NSN:
        g_set_error (error, AURA_PHONE_ERROR, AURA_PHONE_ERROR_TOO_SHORT,
                     _ ("“%s” has too few digits to be a phone number."), text);
        break;
      case AURA_PHONE_SHIM_TOO_LONG_NSN:
        g_set_error (error, AURA_PHONE_ERROR, AURA_PHONE_ERROR_TOO_LONG,
                     _ ("“%s” has more digits than any phone number (at most 17 after the "
                        "country code)."),
                     text);
        break;
      case AURA_PHONE_SHIM_FAILED:
        g_set_error (error, AURA_PHONE_ERROR, AURA_PHONE_ERROR_FAILED,
                     _ ("libphonenumber failed while reading “%s”; the system may be out of "
                        "memory."),
                     text);
        break;
      case AURA_PHONE_SHIM_NOT_A_NUMBER:
      case AURA_PHONE_SHIM_OK:
      default:
        if (*text == '\0')
          g_set_error_literal (error, AURA_PHONE_ERROR, AURA_PHONE_ERROR_NOT_A_NUMBER,
                               _ ("The phone number is empty."));
        else
          g_set_error (error, AURA_PHONE_ERROR, AURA_PHONE_ERROR_NOT_A_NUMBER,
                       _ ("“%s” is not a phone number: it needs digits, optionally with “+”, "
                          "spaces, dashes, dots or brackets."),
                       text);
        break;
    }
}

/* Checks the text and region, then parses; on failure sets @error. */
/* ---- Time zones --------------------------------------------------------- */

/* tzdata's zone.tab: "CC<TAB>coordinates<TAB>TZ[<TAB>comments]" per line,
 * '#' comments. Read once; region → GPtrArray of zone names in file order. */
static GHashTable *
load_zone_tab (const char *path)
{
  GHashTable *zones =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_ptr_array_unref);
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &text, &length, NULL) || length > 1024 * 1024 ||
      !g_utf8_validate (text, (gssize)length, NULL))
    return zones;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) fields = NULL;
      GPtrArray *list;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      fields = g_strsplit (lines[i], "\t", 4);
      if (g_strv_length (fields) < 3 || strlen (fields[0]) != 2 ||
          !g_ascii_isupper (fields[0][0]) || !g_ascii_isupper (fields[0][1]) ||
          strchr (fields[2], '/') == NULL)
        continue;
      list = g_hash_table_lookup (zones, fields[0]);
      if (list == NULL)
        {
          list = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (zones, g_strdup (fields[0]), list);
        }
      g_ptr_array_add (list, g_strdup (g_strstrip (fields[2])));
    }
  return zones;
}

char **
aura_phone_time_zones_for_region (const char *region)
{
  static GHashTable *zones;
  GPtrArray *list;
  char **out;

  if (g_once_init_enter (&zones))
    {
      const char *path = g_getenv ("AURA_ZONE_TAB");

      g_once_init_leave (
          &zones,
          load_zone_tab (path != NULL && *path != '\0' ? path : "/usr/share/zoneinfo/zone.tab"));
    }
  if (region == NULL)
    return NULL;
  list = g_hash_table_lookup (zones, region);
  if (list == NULL || list->len == 0)
    return NULL;
  out = g_new0 (char *, list->len + 1);
  for (guint i = 0; i < list->len; i++)
    out[i] = g_strdup (list->pdata[i]);
  return out;
}

static AuraPhoneShimNumber *
parse (const char *text, const char *default_region, char **out_region, GError **error)
{
  g_autofree char *region = NULL;
  g_autofree char *stripped = NULL;
  AuraPhoneShimNumber *number = NULL;
  AuraPhoneShimStatus status;

  if (!check_text (text, error) || !normalise_region (default_region, &region, error))
    return NULL;
  stripped = g_strstrip (g_strdup (text));
  status = aura_phone_shim_parse (stripped, region, &number);
  if (status != AURA_PHONE_SHIM_OK)
    {
      set_parse_error (status, stripped, region, error);
      return NULL;
    }
  if (out_region != NULL)
    *out_region = g_steal_pointer (&region);
  return number;
}

static char *
describe (const AuraPhoneShimNumber *number, const char *locale)
{
  char *text = aura_phone_shim_description (number, locale);

  /* The geocoder has no English fallback for Chinese, Japanese and Korean;
   * Aura prefers an English name to none. */
  if (text == NULL && !g_str_has_prefix (locale, "en"))
    text = aura_phone_shim_description (number, "en");
  return text;
}

static char *
name_country (const char *region, const char *locale)
{
  char *name;

  if (region == NULL || g_str_equal (region, "001"))
    return NULL;
  name = aura_phone_shim_country_name (region, locale);
  if (name == NULL && !g_str_has_prefix (locale, "en"))
    name = aura_phone_shim_country_name (region, "en");
  return name;
}

/**
 * aura_phone_analyse:
 * @text: a phone number as a person wrote it: “+33 6 12 34 56 78”,
 *   “(0)20 7946 0958 ext. 12”, “1-800-FLOWERS”, full-width or Arabic-Indic
 *   digits
 * @default_region: (nullable): ISO 3166 code of the country to read numbers
 *   without “+” in ("FR"), or %NULL for none
 * @locale: (nullable): locale of the descriptions ("en", "fr_FR"); %NULL
 *   means English
 * @error: set in the %AURA_PHONE_ERROR domain when @text cannot be read
 *
 * Tells everything libphonenumber knows about a number, offline. A number
 * that parses is returned even when it is not valid: look at
 * @is_possible, @possibility and @is_valid.
 *
 * Returns: (transfer full): the analysis, or %NULL with @error set
 */
AuraPhoneInfo *
aura_phone_analyse (const char *text,
                    const char *default_region,
                    const char *locale,
                    GError **error)
{
  g_autoptr (AuraPhoneShimNumber) number = NULL;
  g_autoptr (AuraPhoneInfo) info = NULL;
  g_autofree char *region = NULL;
  g_autofree char *lang = NULL;
  g_autofree char *digits = NULL;
  const char *short_region;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  number = parse (text, default_region, &region, error);
  if (number == NULL)
    return NULL;

  lang = normalise_locale (locale);
  info = g_new0 (AuraPhoneInfo, 1);
  info->input = g_strdup (text);
  info->region = aura_phone_shim_region (number);
  info->country_code = aura_phone_shim_country_code (number);
  info->national_number = aura_phone_shim_national_number (number);
  info->extension = aura_phone_shim_extension (number);
  info->possibility = aura_phone_shim_possibility (number);
  info->is_possible = info->possibility == AURA_PHONE_POSSIBLE ||
                      info->possibility == AURA_PHONE_POSSIBLE_LOCAL_ONLY;
  info->is_valid = aura_phone_shim_is_valid (number);
  info->type = aura_phone_shim_type (number);
  info->e164 = aura_phone_shim_format (number, AURA_PHONE_SHIM_E164);
  info->international = aura_phone_shim_format (number, AURA_PHONE_SHIM_INTERNATIONAL);
  info->national = aura_phone_shim_format (number, AURA_PHONE_SHIM_NATIONAL);
  info->rfc3966 = aura_phone_shim_format (number, AURA_PHONE_SHIM_RFC3966);
  info->country_name = name_country (info->region, lang);
  info->description = describe (number, lang);
  /* Debian's C++ libphonenumber ships neither PhoneNumberToCarrierMapper
   * nor PhoneNumberToTimeZonesMapper: the carrier stays NULL (numverify
   * gives it online), the time zones are the country's, from tzdata. */
  info->carrier = NULL;
  info->time_zones = aura_phone_time_zones_for_region (info->region);

  /* Short numbers (112, 911) belong to no region by themselves: look them
   * up in the region they were dialled from. */
  short_region = info->region != NULL ? info->region : region;
  info->is_short_number = aura_phone_shim_is_valid_short (number);
  digits = g_strstrip (g_strdup (text));
  info->is_emergency = short_region != NULL && aura_phone_shim_is_emergency (digits, short_region);

  if (info->e164 == NULL || info->international == NULL || info->national == NULL ||
      info->rfc3966 == NULL || info->national_number == NULL)
    {
      g_set_error (error, AURA_PHONE_ERROR, AURA_PHONE_ERROR_FAILED,
                   _ ("libphonenumber failed while formatting “%s”; the system may be out of "
                      "memory."),
                   text);
      return NULL;
    }
  return g_steal_pointer (&info);
}

/**
 * aura_phone_to_e164:
 * @text: a phone number as a person wrote it
 * @default_region: (nullable): as for aura_phone_analyse()
 * @error: set in the %AURA_PHONE_ERROR domain when @text is not a number
 *   of a possible length
 *
 * The E.164 key of a number ("+33612345678"), for normalising stored
 * values. The number must have a possible length; it need not be in a range
 * libphonenumber's metadata knows to be allocated, since new ranges open
 * before the metadata learns of them. An extension is dropped.
 *
 * Returns: (transfer full): the E.164 form, or %NULL with @error set
 */
char *
aura_phone_to_e164 (const char *text, const char *default_region, GError **error)
{
  g_autoptr (AuraPhoneShimNumber) number = NULL;
  g_autofree char *e164 = NULL;
  AuraPhonePossibility possibility;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  number = parse (text, default_region, NULL, error);
  if (number == NULL)
    return NULL;

  possibility = aura_phone_shim_possibility (number);
  switch (possibility)
    {
      case AURA_PHONE_POSSIBLE:
      case AURA_PHONE_POSSIBLE_LOCAL_ONLY:
        break;
      case AURA_PHONE_POSSIBILITY_INVALID_COUNTRY_CODE:
        set_parse_error (AURA_PHONE_SHIM_INVALID_COUNTRY_CODE, text, "", error);
        return NULL;
      case AURA_PHONE_POSSIBILITY_TOO_SHORT:
        set_parse_error (AURA_PHONE_SHIM_TOO_SHORT_NSN, text, NULL, error);
        return NULL;
      case AURA_PHONE_POSSIBILITY_TOO_LONG:
        g_set_error (error, AURA_PHONE_ERROR, AURA_PHONE_ERROR_TOO_LONG,
                     _ ("“%s” has more digits than numbers of its country have."), text);
        return NULL;
      case AURA_PHONE_POSSIBILITY_INVALID_LENGTH:
      default:
        g_set_error (error, AURA_PHONE_ERROR, AURA_PHONE_ERROR_NOT_A_NUMBER,
                     _ ("“%s” has a number of digits its country does not use; check for a "
                        "missing or extra digit."),
                     text);
        return NULL;
    }

  e164 = aura_phone_shim_format (number, AURA_PHONE_SHIM_E164);
  if (e164 == NULL)
    {
      set_parse_error (AURA_PHONE_SHIM_FAILED, text, NULL, error);
      return NULL;
    }
  return g_steal_pointer (&e164);
}

typedef struct
{
  GPtrArray *matches;
  gsize window_start; /* byte offset of the window in the whole text */
  gsize defer_from;   /* matches starting here or later wait for the next window */
  gsize last_end;     /* end of the last match kept, to drop repeats */
} FindState;

static gboolean
add_match_cb (
    int start, int length, const char *raw, const AuraPhoneShimNumber *number, gpointer user_data)
{
  FindState *state = user_data;
  AuraPhoneMatch *match;
  gsize abs_start;

  if (start < 0 || length <= 0)
    return TRUE;
  abs_start = state->window_start + (gsize)start;
  if (abs_start < state->last_end)
    return TRUE;
  if (abs_start >= state->defer_from)
    return FALSE;
  match = g_new0 (AuraPhoneMatch, 1);
  match->start = abs_start;
  match->length = (gsize)length;
  match->raw = g_strdup (raw);
  match->e164 = aura_phone_shim_format (number, AURA_PHONE_SHIM_E164);
  match->region = aura_phone_shim_region (number);
  g_ptr_array_add (state->matches, match);
  state->last_end = abs_start + (gsize)length;
  return state->matches->len < FIND_MAX_MATCHES;
}

/* PhoneNumberMatcher rescans the rest of the text for every match, which is
 * quadratic on a long text full of numbers. The text is therefore searched
 * in windows of FIND_WINDOW bytes that overlap by FIND_OVERLAP, more than the
 * longest number libphonenumber parses (250 characters): a number starting
 * in the overlap is left to the next window, which holds it whole. */
static gboolean
find_in_windows (const char *text, gsize len, const char *region, GPtrArray *matches)
{
  FindState state = { matches, 0, 0, 0 };
  gsize pos = 0;

  while (pos < len && matches->len < FIND_MAX_MATCHES)
    {
      gsize end = MIN (len, pos + FIND_WINDOW);
      g_autofree char *window = NULL;

      while (end < len && (text[end] & 0xC0) == 0x80)
        end--;
      window = g_strndup (text + pos, end - pos);
      state.window_start = pos;
      state.defer_from = end < len ? end - FIND_OVERLAP : G_MAXSIZE;
      if (!aura_phone_shim_find (window, region, FIND_MAX_TRIES, add_match_cb, &state))
        return FALSE;
      if (end == len)
        break;
      pos = end - FIND_OVERLAP;
      while ((text[pos] & 0xC0) == 0x80)
        pos++;
    }
  return TRUE;
}

/**
 * aura_phone_find_in_text:
 * @text: UTF-8 free text (a page, a bio, a document), at most
 *   %AURA_PHONE_MAX_TEXT bytes
 * @default_region: (nullable): as for aura_phone_analyse()
 * @error: set when @text is not UTF-8, too long, or the region is unknown
 *
 * Finds the valid phone numbers in free text with libphonenumber's
 * PhoneNumberMatcher (leniency VALID), searching 8 KiB windows and keeping at
 * most 2,000 matches, so that the time taken stays bounded. Invisible characters are not refused here, since real text
 * carries them; a number split by one is simply not found.
 *
 * Returns: (transfer full) (element-type AuraPhoneMatch): the matches in
 *   order of position (possibly none), or %NULL with @error set
 */
GPtrArray *
aura_phone_find_in_text (const char *text, const char *default_region, GError **error)
{
  g_autoptr (GPtrArray) matches = NULL;
  g_autofree char *region = NULL;
  gsize len;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  len = strlen (text);
  if (len > AURA_PHONE_MAX_TEXT)
    {
      g_set_error (error, AURA_PHONE_ERROR, AURA_PHONE_ERROR_INPUT_TOO_LONG,
                   _ ("The text is %lu bytes long; phone numbers are searched in at most %d "
                      "bytes at a time. Split the text."),
                   (unsigned long)len, AURA_PHONE_MAX_TEXT);
      return NULL;
    }
  if (!g_utf8_validate (text, len, NULL))
    {
      g_set_error_literal (error, AURA_PHONE_ERROR, AURA_PHONE_ERROR_INVALID_INPUT,
                           _ ("The text is not valid UTF-8; check how it was copied or decoded."));
      return NULL;
    }
  if (!normalise_region (default_region, &region, error))
    return NULL;

  matches = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_phone_match_free);
  if (!find_in_windows (text, len, region, matches))
    {
      g_set_error_literal (error, AURA_PHONE_ERROR, AURA_PHONE_ERROR_FAILED,
                           _ ("libphonenumber failed while searching the text; the system may "
                              "be out of memory."));
      return NULL;
    }
  return g_steal_pointer (&matches);
}
