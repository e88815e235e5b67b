/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>

#include "aura-phone.h"

typedef struct
{
  const char *text;
  const char *region;
  const char *e164;
  const char *number_region;
  int country_code;
  AuraPhoneType type;
  const char *description_en;
} Case;

/* Real ranges from libphonenumber's metadata (8.12): the kind of line is
 * what each country's numbering plan allocates to that prefix. */
static const Case world[] = {
  { "+33 1 42 68 53 00", NULL, "+33142685300", "FR", 33, AURA_PHONE_TYPE_FIXED_LINE, "Paris" },
  { "06 12 34 56 78", "FR", "+33612345678", "FR", 33, AURA_PHONE_TYPE_MOBILE, "France" },
  { "0800 12 34 56", "FR", "+33800123456", "FR", 33, AURA_PHONE_TYPE_TOLL_FREE, "France" },
  { "0891 12 34 56", "FR", "+33891123456", "FR", 33, AURA_PHONE_TYPE_PREMIUM_RATE, "France" },
  { "0810 12 34 56", "FR", "+33810123456", "FR", 33, AURA_PHONE_TYPE_SHARED_COST, "France" },
  { "09 12 34 56 78", "FR", "+33912345678", "FR", 33, AURA_PHONE_TYPE_VOIP, "France" },
  { "(201) 555-0123", "US", "+12015550123", "US", 1, AURA_PHONE_TYPE_FIXED_LINE_OR_MOBILE,
    "New Jersey" },
  { "+1 800 555 0199", NULL, "+18005550199", "US", 1, AURA_PHONE_TYPE_TOLL_FREE, "United States" },
  { "+1 900 555 0199", NULL, "+19005550199", "US", 1, AURA_PHONE_TYPE_PREMIUM_RATE,
    "United States" },
  { "020 7946 0958", "GB", "+442079460958", "GB", 44, AURA_PHONE_TYPE_FIXED_LINE, "London" },
  { "07400 123456", "GB", "+447400123456", "GB", 44, AURA_PHONE_TYPE_MOBILE, "United Kingdom" },
  { "+44 56 1234 5678", NULL, "+445612345678", "GB", 44, AURA_PHONE_TYPE_VOIP, "United Kingdom" },
  { "+44 70 1234 5678", NULL, "+447012345678", "GB", 44, AURA_PHONE_TYPE_PERSONAL_NUMBER,
    "United Kingdom" },
  { "+44 76 2345 6789", NULL, "+447623456789", "GB", 44, AURA_PHONE_TYPE_PAGER, "United Kingdom" },
  { "+44 330 123 4567", NULL, "+443301234567", "GB", 44, AURA_PHONE_TYPE_UAN, "United Kingdom" },
  { "030 123456", "DE", "+4930123456", "DE", 49, AURA_PHONE_TYPE_FIXED_LINE, "Berlin" },
  { "+49 1512 3456789", NULL, "+4915123456789", "DE", 49, AURA_PHONE_TYPE_MOBILE, "Germany" },
  { "+91 98765 43210", NULL, "+919876543210", "IN", 91, AURA_PHONE_TYPE_MOBILE, "India" },
  { "011 2345 6789", "IN", "+911123456789", "IN", 91, AURA_PHONE_TYPE_FIXED_LINE, "New Delhi" },
  { "(11) 91234-5678", "BR", "+5511912345678", "BR", 55, AURA_PHONE_TYPE_MOBILE, "São Paulo" },
  { "+55 11 2345-6789", NULL, "+551123456789", "BR", 55, AURA_PHONE_TYPE_FIXED_LINE, "São Paulo" },
  { "03-1234-5678", "JP", "+81312345678", "JP", 81, AURA_PHONE_TYPE_FIXED_LINE, "Tokyo" },
  { "+81 90-1234-5678", NULL, "+819012345678", "JP", 81, AURA_PHONE_TYPE_MOBILE, "Japan" },
  { "0803 123 4567", "NG", "+2348031234567", "NG", 234, AURA_PHONE_TYPE_MOBILE, "Nigeria" },
  { "8 (495) 123-45-67", "RU", "+74951234567", "RU", 7, AURA_PHONE_TYPE_FIXED_LINE, "Moscow" },
  { "+7 912 345-67-89", NULL, "+79123456789", "RU", 7, AURA_PHONE_TYPE_MOBILE, "Russia" },
  { "010 1234 5678", "CN", "+861012345678", "CN", 86, AURA_PHONE_TYPE_FIXED_LINE, "Beijing" },
  { "+86 138 0013 8000", NULL, "+8613800138000", "CN", 86, AURA_PHONE_TYPE_MOBILE, "Beijing" },
  { "(02) 9374 4000", "AU", "+61293744000", "AU", 61, AURA_PHONE_TYPE_FIXED_LINE, "Australia" },
  { "0412 345 678", "AU", "+61412345678", "AU", 61, AURA_PHONE_TYPE_MOBILE, "Australia" },
  { "1800 123 456", "AU", "+611800123456", "AU", 61, AURA_PHONE_TYPE_TOLL_FREE, "Australia" },
  { "+52 55 1234 5678", NULL, "+525512345678", "MX", 52, AURA_PHONE_TYPE_FIXED_LINE_OR_MOBILE,
    "Mexico City, FD" },
  { "021 123 4567", "ZA", "+27211234567", "ZA", 27, AURA_PHONE_TYPE_FIXED_LINE,
    "Cape Town/Gordons Bay/Somerset West/Stellenbosch" },
  { "082 123 4567", "ZA", "+27821234567", "ZA", 27, AURA_PHONE_TYPE_MOBILE, "South Africa" },
  { "050 123 4567", "AE", "+971501234567", "AE", 971, AURA_PHONE_TYPE_MOBILE,
    "United Arab Emirates" },
  { "+800 1234 5678", NULL, "+80012345678", "001", 800, AURA_PHONE_TYPE_TOLL_FREE, NULL },
};

static void
test_world_numbers (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (world); i++)
    {
      const Case *c = &world[i];
      g_autoptr (GError) error = NULL;
      g_autoptr (AuraPhoneInfo) info = NULL;

      g_test_message ("%s (%s)", c->text, c->region ? c->region : "no region");
      info = aura_phone_analyse (c->text, c->region, "en", &error);
      g_assert_no_error (error);
      g_assert_nonnull (info);
      g_assert_cmpstr (info->input, ==, c->text);
      g_assert_cmpstr (info->e164, ==, c->e164);
      g_assert_cmpstr (info->region, ==, c->number_region);
      g_assert_cmpint (info->country_code, ==, c->country_code);
      g_assert_true (info->is_possible);
      g_assert_cmpint (info->possibility, ==, AURA_PHONE_POSSIBLE);
      g_assert_true (info->is_valid);
      g_assert_cmpstr (aura_phone_type_to_string (info->type), ==,
                       aura_phone_type_to_string (c->type));
      g_assert_cmpstr (info->description, ==, c->description_en);
      g_assert_true (g_str_has_suffix (c->e164, info->national_number));
      g_assert_null (info->extension);
      g_assert_null (info->carrier);
      /* Every valid geographic number has its country's zones. */
      if (g_file_test ("/usr/share/zoneinfo/zone.tab", G_FILE_TEST_EXISTS) &&
          g_strcmp0 (info->region, "001") != 0)
        g_assert_nonnull (info->time_zones);
      g_assert_false (info->is_emergency);
    }
}

static void
test_formats (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraPhoneInfo) fr = aura_phone_analyse ("+33 6 12 34 56 78", NULL, "en", &error);
  g_autoptr (AuraPhoneInfo) us = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (fr->e164, ==, "+33612345678");
  g_assert_cmpstr (fr->international, ==, "+33 6 12 34 56 78");
  g_assert_cmpstr (fr->national, ==, "06 12 34 56 78");
  g_assert_cmpstr (fr->rfc3966, ==, "tel:+33-6-12-34-56-78");
  g_assert_cmpstr (fr->national_number, ==, "612345678");
  g_assert_cmpstr (fr->country_name, ==, "France");

  us = aura_phone_analyse ("201.555.0123", "us", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (us->international, ==, "+1 201-555-0123");
  g_assert_cmpstr (us->national, ==, "(201) 555-0123");
  g_assert_cmpstr (us->rfc3966, ==, "tel:+1-201-555-0123");
  g_assert_cmpstr (us->country_name, ==, "United States");
}

/* Written forms libphonenumber reads: full-width and Arabic-Indic digits,
 * the British “(0)” trunk prefix, extensions, vanity letters. */
static void
test_written_forms (void)
{
  static const struct
  {
    const char *text;
    const char *region;
    const char *e164;
    const char *extension;
  } forms[] = {
    { "＋３３ ６ １２ ３４ ５６ ７８", NULL, "+33612345678", NULL },
    { "+٩٧١ ٥٠ ١٢٣ ٤٥٦٧", NULL, "+971501234567", NULL },
    { "+44 (0)20 7946 0958", NULL, "+442079460958", NULL },
    { "+44 (0)20 7946 0958 ext. 12", NULL, "+442079460958", "12" },
    { "(201) 555-0123 x 7", "US", "+12015550123", "7" },
    { "1-800-FLOWERS", "US", "+18003569377", NULL },
    { "00 33 6 12 34 56 78", "FR", "+33612345678", NULL },
    { "011 44 20 7946 0958", "US", "+442079460958", NULL },
    { "  \t+33 6 12 34 56 78\n", NULL, "+33612345678", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (AuraPhoneInfo) info = NULL;
      g_autofree char *e164 = NULL;

      g_test_message ("%s", forms[i].text);
      info = aura_phone_analyse (forms[i].text, forms[i].region, "en", &error);
      g_assert_no_error (error);
      g_assert_cmpstr (info->e164, ==, forms[i].e164);
      g_assert_cmpstr (info->extension, ==, forms[i].extension);
      g_assert_true (info->is_valid);

      e164 = aura_phone_to_e164 (forms[i].text, forms[i].region, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (e164, ==, forms[i].e164);
    }

  {
    g_autoptr (GError) error = NULL;
    g_autoptr (AuraPhoneInfo) info =
        aura_phone_analyse ("+44 (0)20 7946 0958 ext. 12", NULL, "en", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (info->national, ==, "020 7946 0958 x12");
    g_assert_cmpstr (info->rfc3966, ==, "tel:+44-20-7946-0958;ext=12");
  }
}

/* Digits of the right length in a range nobody has allocated: possible, not
 * valid. */
static void
test_possible_but_invalid (void)
{
  static const char *const numbers[] = {
    "+1 123 456 7890", /* NANP area codes never start with 1 */
    "+971 4 123 4567", /* Dubai fixed lines start 4 [2-8] */
    "+33 0 12 34 56 78",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (AuraPhoneInfo) info = aura_phone_analyse (numbers[i], NULL, "en", &error);
      g_autofree char *e164 = NULL;

      g_test_message ("%s", numbers[i]);
      g_assert_no_error (error);
      g_assert_true (info->is_possible);
      g_assert_false (info->is_valid);
      g_assert_cmpint (info->type, ==, AURA_PHONE_TYPE_UNKNOWN);
      g_assert_cmpstr (aura_phone_type_to_string (info->type), ==, "unknown");
      g_assert_null (info->description);

      /* The store keeps such numbers: metadata lags behind new ranges. */
      e164 = aura_phone_to_e164 (numbers[i], NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (e164, ==, info->e164);
    }
}

static void
test_lengths (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraPhoneInfo) long_info = NULL;
  g_autoptr (AuraPhoneInfo) short_info = NULL;
  g_autoptr (AuraPhoneInfo) odd = NULL;
  char *e164;

  long_info = aura_phone_analyse ("+33 6 12 34 56 78 90", NULL, "en", &error);
  g_assert_no_error (error);
  g_assert_false (long_info->is_possible);
  g_assert_false (long_info->is_valid);
  g_assert_cmpint (long_info->possibility, ==, AURA_PHONE_POSSIBILITY_TOO_LONG);
  g_assert_cmpstr (aura_phone_possibility_to_string (long_info->possibility), ==, "too_long");
  e164 = aura_phone_to_e164 ("+33 6 12 34 56 78 90", NULL, &error);
  g_assert_error (error, AURA_PHONE_ERROR, AURA_PHONE_ERROR_TOO_LONG);
  g_assert_null (e164);
  g_clear_error (&error);

  short_info = aura_phone_analyse ("+33 6 12 34", NULL, "en", &error);
  g_assert_no_error (error);
  g_assert_cmpint (short_info->possibility, ==, AURA_PHONE_POSSIBILITY_TOO_SHORT);
  g_assert_cmpstr (aura_phone_possibility_to_string (short_info->possibility), ==, "too_short");
  e164 = aura_phone_to_e164 ("+33 6 12 34", NULL, &error);
  g_assert_error (error, AURA_PHONE_ERROR, AURA_PHONE_ERROR_TOO_SHORT);
  g_assert_null (e164);
  g_clear_error (&error);

  /* German numbers have lengths 5 to 15 but not every length between. */
  odd = aura_phone_analyse ("+49 1512 345", NULL, "en", &error);
  g_assert_no_error (error);
  g_assert_false (odd->is_valid);

  /* Fewer than two digits cannot even be parsed. */
  g_assert_null (aura_phone_analyse ("+33 1", NULL, "en", &error));
  g_assert_error (error, AURA_PHONE_ERROR, AURA_PHONE_ERROR_TOO_SHORT);
  g_clear_error (&error);

  /* More than 17 national digits: refused by the parser itself. */
  g_assert_null (aura_phone_analyse ("+33 1234 5678 9012 3456 78", NULL, "en", &error));
  g_assert_error (error, AURA_PHONE_ERROR, AURA_PHONE_ERROR_TOO_LONG);
  g_clear_error (&error);
}

static void
test_country_codes (void)
{
  g_autoptr (GError) error = NULL;

  g_assert_null (aura_phone_analyse ("+999 1234 5678", NULL, "en", &error));
  g_assert_error (error, AURA_PHONE_ERROR, AURA_PHONE_ERROR_INVALID_COUNTRY_CODE);
  g_assert_nonnull (strstr (error->message, "+999 1234 5678"));
  g_clear_error (&error);

  g_assert_null (aura_phone_analyse ("06 12 34 56 78", NULL, "en", &error));
  g_assert_error (error, AURA_PHONE_ERROR, AURA_PHONE_ERROR_NO_COUNTRY);
  g_clear_error (&error);

  g_assert_null (aura_phone_to_e164 ("06 12 34 56 78", NULL, &error));
  g_assert_error (error, AURA_PHONE_ERROR, AURA_PHONE_ERROR_NO_COUNTRY);
  g_clear_error (&error);

  g_assert_null (aura_phone_analyse ("06 12 34 56 78", "XX", "en", &error));
  g_assert_error (error, AURA_PHONE_ERROR, AURA_PHONE_ERROR_INVALID_REGION);
  g_clear_error (&error);

  g_assert_null (aura_phone_analyse ("06 12 34 56 78", "France", "en", &error));
  g_assert_error (error, AURA_PHONE_ERROR, AURA_PHONE_ERROR_INVALID_REGION);
  g_clear_error (&error);

  /* A number with “+” ignores the default region. */
  {
    g_autofree char *e164 = aura_phone_to_e164 ("+44 20 7946 0958", "FR", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (e164, ==, "+442079460958");
  }
}

/* The same digits are a valid mobile in France and in the Netherlands:
 * without “+” only the default region decides. */
static void
test_ambiguous (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraPhoneInfo) fr = aura_phone_analyse ("0612345678", "FR", "en", &error);
  g_autoptr (AuraPhoneInfo) nl = NULL;
  g_autoptr (AuraPhoneInfo) ca = NULL;

  g_assert_no_error (error);
  nl = aura_phone_analyse ("0612345678", "NL", "en", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fr->e164, ==, "+33612345678");
  g_assert_cmpstr (nl->e164, ==, "+31612345678");
  g_assert_true (fr->is_valid && nl->is_valid);
  g_assert_cmpint (fr->type, ==, AURA_PHONE_TYPE_MOBILE);
  g_assert_cmpint (nl->type, ==, AURA_PHONE_TYPE_MOBILE);
  g_assert_cmpstr (nl->region, ==, "NL");

  /* +1 is shared by the NANP: a New Jersey number read from Canada is
   * still a US number. */
  ca = aura_phone_analyse ("201 555 0123", "CA", "en", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ca->e164, ==, "+12015550123");
  g_assert_cmpstr (ca->region, ==, "US");
}

static void
test_short_and_emergency (void)
{
  static const struct
  {
    const char *text;
    const char *region;
    gboolean emergency;
  } shorts[] = {
    { "112", "FR", TRUE }, { "15", "FR", TRUE },  { "911", "US", TRUE },
    { "999", "GB", TRUE }, { "112", "DE", TRUE }, { "3949", "FR", FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (shorts); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (AuraPhoneInfo) info = NULL;

      g_test_message ("%s in %s", shorts[i].text, shorts[i].region);
      info = aura_phone_analyse (shorts[i].text, shorts[i].region, "en", &error);
      g_assert_no_error (error);
      g_assert_true (info->is_short_number);
      g_assert_cmpint (info->is_emergency, ==, shorts[i].emergency);
      g_assert_false (info->is_valid);
    }

  /* A full number is not a short one. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (AuraPhoneInfo) info = aura_phone_analyse ("+33612345678", NULL, "en", &error);

    g_assert_no_error (error);
    g_assert_false (info->is_short_number);
    g_assert_false (info->is_emergency);
  }
}

static void
test_geocoding_locales (void)
{
  static const struct
  {
    const char *text;
    const char *locale;
    const char *description;
    const char *country;
  } geo[] = {
    { "+41 22 730 11 11", "en", "Geneva", "Switzerland" },
    { "+41 22 730 11 11", "fr", "Genève", "Suisse" },
    { "+41 22 730 11 11", "fr_CH.UTF-8", "Genève", "Suisse" },
    { "+49 30 123456", "fr", "Berlin", "Allemagne" },
    { "+33 6 12 34 56 78", "fr", "France", "France" },
    { "+1 800 555 0199", "fr", "États-Unis", "États-Unis" },
    /* No French data for New Jersey: the English name is used. */
    { "+1 201 555 0123", "fr", "New Jersey", "États-Unis" },
    { "+41 22 730 11 11", "C", "Geneva", "Switzerland" },
    { "+41 22 730 11 11", NULL, "Geneva", "Switzerland" },
    { "+41 22 730 11 11", "../../etc", "Geneva", "Switzerland" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (geo); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (AuraPhoneInfo) info = NULL;

      g_test_message ("%s in %s", geo[i].text, geo[i].locale ? geo[i].locale : "(null)");
      info = aura_phone_analyse (geo[i].text, NULL, geo[i].locale, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (info->description, ==, geo[i].description);
      g_assert_cmpstr (info->country_name, ==, geo[i].country);
    }
}

static void
assert_refused (const char *text, const char *region, AuraPhoneError code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) error2 = NULL;
  g_autoptr (AuraPhoneInfo) info = aura_phone_analyse (text, region, "en", &error);
  g_autofree char *e164 = aura_phone_to_e164 (text, region, &error2);

  g_assert_null (info);
  g_assert_error (error, AURA_PHONE_ERROR, (int)code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_cmpuint (strlen (error->message), <, 1024);
  g_assert_null (e164);
  g_assert_error (error2, AURA_PHONE_ERROR, (int)code);
}

static void
test_hostile_input (void)
{
  g_autofree char *huge = g_strnfill (10 * 1024, '7');
  g_autofree char *just_over = g_strnfill (AURA_PHONE_MAX_INPUT + 1, ' ');
  g_autoptr (GError) error = NULL;

  assert_refused ("", NULL, AURA_PHONE_ERROR_NOT_A_NUMBER);
  assert_refused ("   ", "FR", AURA_PHONE_ERROR_NOT_A_NUMBER);
  assert_refused ("hello world", "FR", AURA_PHONE_ERROR_NOT_A_NUMBER);
  assert_refused ("ab", "FR", AURA_PHONE_ERROR_NOT_A_NUMBER);
  assert_refused (huge, "FR", AURA_PHONE_ERROR_INPUT_TOO_LONG);
  assert_refused (just_over, "FR", AURA_PHONE_ERROR_INPUT_TOO_LONG);
  assert_refused ("+33 6 12\xff 34 56 78", NULL, AURA_PHONE_ERROR_INVALID_INPUT);
  assert_refused ("+33 6 12 \xc0\xaf 34", NULL, AURA_PHONE_ERROR_INVALID_INPUT);
  /* RIGHT-TO-LEFT OVERRIDE, LEFT-TO-RIGHT ISOLATE, ZERO WIDTH SPACE,
   * BOM, a control character, private use. */
  assert_refused ("+33 6 \u202e87 65 43 21", NULL, AURA_PHONE_ERROR_HOSTILE_INPUT);
  assert_refused ("\u2066+33 6 12 34 56 78\u2069", NULL, AURA_PHONE_ERROR_HOSTILE_INPUT);
  assert_refused ("+33 6 12\u200b34 56 78", NULL, AURA_PHONE_ERROR_HOSTILE_INPUT);
  assert_refused ("\ufeff+33 6 12 34 56 78", NULL, AURA_PHONE_ERROR_HOSTILE_INPUT);
  assert_refused ("+33 6 12 34 56 78\x1b[0m", NULL, AURA_PHONE_ERROR_HOSTILE_INPUT);
  assert_refused ("+33 6 12 34 56 78\ue000", NULL, AURA_PHONE_ERROR_HOSTILE_INPUT);

  /* The hostile message names the code point. */
  g_assert_null (aura_phone_analyse ("+33 6 \u202e87", NULL, "en", &error));
  g_assert_nonnull (strstr (error->message, "U+202E"));
  g_clear_error (&error);

  /* A C string ends at its NUL: what follows is never read. */
  {
    static const char with_nul[] = "+33 6 12\0 34 56 78";
    g_autoptr (AuraPhoneInfo) info = aura_phone_analyse (with_nul, NULL, "en", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (info->e164, ==, "+33612");
    g_assert_false (info->is_valid);
  }

  /* Odd but harmless Unicode: letters of other scripts around digits. */
  assert_refused ("телефон", "RU", AURA_PHONE_ERROR_NOT_A_NUMBER);
  assert_refused ("☎☎☎", "FR", AURA_PHONE_ERROR_NOT_A_NUMBER);
}

static void
test_find_in_text (void)
{
  const char *text = "Écrivez à « Zoé » : +33 6 12 34 56 78, ou au bureau 01 42 68 53 00. "
                     "Pas 12345, ni 2024-01-01. London office: +44 20 7946 0958 ext. 12.";
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) matches = aura_phone_find_in_text (text, "FR", &error);
  const char *expected[][2] = {
    { "+33 6 12 34 56 78", "+33612345678" },
    { "01 42 68 53 00", "+33142685300" },
    { "+44 20 7946 0958 ext. 12", "+442079460958" },
  };

  g_assert_no_error (error);
  g_assert_cmpuint (matches->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < matches->len; i++)
    {
      AuraPhoneMatch *match = g_ptr_array_index (matches, i);

      g_assert_cmpstr (match->raw, ==, expected[i][0]);
      g_assert_cmpstr (match->e164, ==, expected[i][1]);
      /* Offsets are bytes into the UTF-8 text. */
      g_assert_cmpuint (match->length, ==, strlen (expected[i][0]));
      g_assert_true (strncmp (text + match->start, match->raw, match->length) == 0);
    }
  g_assert_cmpstr (((AuraPhoneMatch *)matches->pdata[1])->region, ==, "FR");
  g_assert_cmpstr (((AuraPhoneMatch *)matches->pdata[2])->region, ==, "GB");
}

static void
test_find_in_text_bad_input (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) none = aura_phone_find_in_text ("no numbers here, 42.", NULL, &error);
  g_autofree char *huge = g_strnfill (AURA_PHONE_MAX_TEXT + 1, 'a');
  g_autoptr (GString) many = g_string_new (NULL);
  g_autoptr (GPtrArray) found = NULL;
  gint64 begin;

  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);

  g_assert_null (aura_phone_find_in_text (huge, NULL, &error));
  g_assert_error (error, AURA_PHONE_ERROR, AURA_PHONE_ERROR_INPUT_TOO_LONG);
  g_clear_error (&error);

  g_assert_null (aura_phone_find_in_text ("call +33 6 12 34 56 78 \xfe", NULL, &error));
  g_assert_error (error, AURA_PHONE_ERROR, AURA_PHONE_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  g_assert_null (aura_phone_find_in_text ("call 06 12 34 56 78", "ZZZ", &error));
  g_assert_error (error, AURA_PHONE_ERROR, AURA_PHONE_ERROR_INVALID_REGION);
  g_clear_error (&error);

  /* A near-megabyte of digit soup is searched in bounded time, and the
   * number of matches is capped. */
  while (many->len < AURA_PHONE_MAX_TEXT - 64)
    g_string_append (many, "+33 6 12 34 56 78 / 0 1 2 3 4 5 6 7 8 9 ( ) - ");
  begin = g_get_monotonic_time ();
  found = aura_phone_find_in_text (many->str, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, >, 100);
  g_assert_cmpuint (found->len, <=, 2000);
  g_assert_cmpint (g_get_monotonic_time () - begin, <, 15 * G_USEC_PER_SEC);
  g_test_message ("digit soup: %u matches in %.2f s", found->len,
                  (g_get_monotonic_time () - begin) / (double)G_USEC_PER_SEC);
}

/* The text is searched in overlapping windows: a number across a window
 * edge is found once, whole, at its true offset. */
static void
test_find_across_windows (void)
{
  static const char line[] = "Appelez le +33 6 12 34 56 78 — merci. ";
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GError) error = NULL;
  gsize offset = strstr (line, "+33") - line;
  guint count = 0;

  while (text->len < 60 * 1024)
    {
      g_string_append (text, line);
      count++;
    }
  found = aura_phone_find_in_text (text->str, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, count);
  for (guint i = 0; i < found->len; i++)
    {
      AuraPhoneMatch *match = g_ptr_array_index (found, i);

      g_assert_cmpuint (match->start, ==, i * strlen (line) + offset);
      g_assert_cmpstr (match->raw, ==, "+33 6 12 34 56 78");
      g_assert_cmpstr (match->e164, ==, "+33612345678");
    }
}

static void
test_info_copy (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraPhoneInfo) info =
      aura_phone_analyse ("+44 20 7946 0958 ext. 12", NULL, "en", &error);
  g_autoptr (AuraPhoneInfo) copy = NULL;

  g_assert_no_error (error);
  copy = g_boxed_copy (AURA_TYPE_PHONE_INFO, info);
  g_assert_true (copy != info);
  g_assert_true (copy->e164 != info->e164);
  g_assert_cmpstr (copy->e164, ==, info->e164);
  g_assert_cmpstr (copy->extension, ==, "12");
  g_assert_cmpstr (copy->description, ==, "London");
  g_assert_cmpint (copy->type, ==, AURA_PHONE_TYPE_FIXED_LINE);
}

static void
test_type_names (void)
{
  g_assert_cmpstr (aura_phone_type_to_string (AURA_PHONE_TYPE_FIXED_LINE), ==, "fixed_line");
  g_assert_cmpstr (aura_phone_type_to_string (AURA_PHONE_TYPE_FIXED_LINE_OR_MOBILE), ==,
                   "fixed_line_or_mobile");
  g_assert_cmpstr (aura_phone_type_to_string (AURA_PHONE_TYPE_TOLL_FREE), ==, "toll_free");
  g_assert_cmpstr (aura_phone_type_to_string (AURA_PHONE_TYPE_PREMIUM_RATE), ==, "premium_rate");
  g_assert_cmpstr (aura_phone_type_to_string (AURA_PHONE_TYPE_SHARED_COST), ==, "shared_cost");
  g_assert_cmpstr (aura_phone_type_to_string (AURA_PHONE_TYPE_VOIP), ==, "voip");
  g_assert_cmpstr (aura_phone_type_to_string (AURA_PHONE_TYPE_PERSONAL_NUMBER), ==,
                   "personal_number");
  g_assert_cmpstr (aura_phone_type_to_string (AURA_PHONE_TYPE_PAGER), ==, "pager");
  g_assert_cmpstr (aura_phone_type_to_string (AURA_PHONE_TYPE_UAN), ==, "uan");
  g_assert_cmpstr (aura_phone_type_to_string (AURA_PHONE_TYPE_VOICEMAIL), ==, "voicemail");
  g_assert_cmpstr (aura_phone_possibility_to_string (AURA_PHONE_POSSIBLE_LOCAL_ONLY), ==,
                   "possible_local_only");
  g_assert_cmpstr (aura_phone_possibility_to_string (AURA_PHONE_POSSIBILITY_INVALID_LENGTH), ==,
                   "invalid_length");
}

/* The country's zones from tzdata: one for France, many for the United
 * States, none for a non-geographic number or an unknown region. */
static void
test_time_zones (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraPhoneInfo) fr = aura_phone_analyse ("+33 6 12 34 56 78", NULL, "en", &error);
  g_autoptr (AuraPhoneInfo) us = aura_phone_analyse ("+1 650 253 0000", NULL, "en", &error);
  g_autoptr (AuraPhoneInfo) freephone = aura_phone_analyse ("+800 1234 5678", NULL, "en", &error);
  g_auto (GStrv) none = aura_phone_time_zones_for_region ("ZZ");
  g_auto (GStrv) lower = aura_phone_time_zones_for_region ("fr");

  g_assert_no_error (error);
  if (!g_file_test ("/usr/share/zoneinfo/zone.tab", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("tzdata is not installed");
      return;
    }
  g_assert_nonnull (fr->time_zones);
  g_assert_cmpuint (g_strv_length (fr->time_zones), ==, 1);
  g_assert_cmpstr (fr->time_zones[0], ==, "Europe/Paris");
  g_assert_nonnull (us->time_zones);
  g_assert_cmpuint (g_strv_length (us->time_zones), >, 10);
  g_assert_true (g_strv_contains ((const char *const *)us->time_zones, "America/Los_Angeles"));
  g_assert_true (g_strv_contains ((const char *const *)us->time_zones, "America/New_York"));
  g_assert_null (freephone->time_zones);
  g_assert_null (none);
  g_assert_null (lower);
  g_assert_null (aura_phone_time_zones_for_region (NULL));
}

/* A damaged zone.tab ($AURA_ZONE_TAB, read once per process: checked in a
 * child): comments, blank and short lines, lower-case or long codes, zones
 * without a slash and text that is not UTF-8 are skipped; good lines stay. */
static void
test_time_zones_damaged_file (void)
{
  if (g_test_subprocess ())
    {
      g_auto (GStrv) fr = aura_phone_time_zones_for_region ("FR");
      g_auto (GStrv) de = aura_phone_time_zones_for_region ("DE");

      g_assert_nonnull (fr);
      g_assert_cmpuint (g_strv_length (fr), ==, 1);
      g_assert_cmpstr (fr[0], ==, "Europe/Paris");
      g_assert_null (de);
      g_assert_null (aura_phone_time_zones_for_region ("fr"));
      g_assert_null (aura_phone_time_zones_for_region ("FRA"));
      return;
    }
  {
    g_autoptr (GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp ("aura-zones-XXXXXX", &error);
    g_autofree char *good = g_build_filename (dir, "good.tab", NULL);
    g_autofree char *bad = g_build_filename (dir, "bad.tab", NULL);
    static const char text[] = "# comment\n\nXX\n"
                               "fr\t+4852+00220\tEurope/Lower\n"
                               "FRA\t+4852+00220\tEurope/Long\n"
                               "DE\t+5230+01322\tNoSlash\n"
                               "FR\t+4852+00220\tEurope/Paris\tcomment\n";

    g_assert_no_error (error);
    g_assert_true (g_file_set_contents (good, text, -1, &error));
    g_setenv ("AURA_ZONE_TAB", good, TRUE);
    g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_passed ();
    /* Not UTF-8 at all: the whole file is refused, nothing is known. */
    g_assert_true (g_file_set_contents (bad, "FR\t+4852+00220\tEurope/\xff\n", -1, &error));
    g_setenv ("AURA_ZONE_TAB", bad, TRUE);
    g_test_trap_subprocess ("/phone/analyse/time-zones-not-utf8", 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_passed ();
    g_unsetenv ("AURA_ZONE_TAB");
    g_remove (good);
    g_remove (bad);
    g_rmdir (dir);
  }
}

static void
test_time_zones_not_utf8 (void)
{
  if (g_test_subprocess ())
    g_assert_null (aura_phone_time_zones_for_region ("FR"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/phone/analyse/world-numbers", test_world_numbers);
  g_test_add_func ("/phone/analyse/formats", test_formats);
  g_test_add_func ("/phone/analyse/written-forms", test_written_forms);
  g_test_add_func ("/phone/analyse/possible-but-invalid", test_possible_but_invalid);
  g_test_add_func ("/phone/analyse/lengths", test_lengths);
  g_test_add_func ("/phone/analyse/country-codes", test_country_codes);
  g_test_add_func ("/phone/analyse/ambiguous-without-plus", test_ambiguous);
  g_test_add_func ("/phone/analyse/short-and-emergency", test_short_and_emergency);
  g_test_add_func ("/phone/analyse/geocoding-locales", test_geocoding_locales);
  g_test_add_func ("/phone/analyse/hostile-input-refused", test_hostile_input);
  g_test_add_func ("/phone/find/in-free-text", test_find_in_text);
  g_test_add_func ("/phone/find/bad-input", test_find_in_text_bad_input);
  g_test_add_func ("/phone/find/across-windows", test_find_across_windows);
  g_test_add_func ("/phone/info/copy", test_info_copy);
  g_test_add_func ("/phone/analyse/time-zones", test_time_zones);
  g_test_add_func ("/phone/analyse/time-zones-damaged-file", test_time_zones_damaged_file);
  g_test_add_func ("/phone/analyse/time-zones-not-utf8", test_time_zones_not_utf8);
  g_test_add_func ("/phone/names-are-stable", test_type_names);

  return g_test_run ();
}
