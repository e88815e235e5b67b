/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The only C++ in Aura: an extern "C" layer over libphonenumber's
 * PhoneNumberUtil, ShortNumberInfo, PhoneNumberMatcher and
 * PhoneNumberOfflineGeocoder. Each function translates one call and its
 * enums and nothing more; every C++ exception stops here. */

#define G_LOG_DOMAIN "aura-phone"

#include "config.h"

#include <string>

#include <phonenumbers/geocoding/phonenumber_offline_geocoder.h>
#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumbermatch.h>
#include <phonenumbers/phonenumbermatcher.h>
#include <phonenumbers/phonenumberutil.h>
#include <phonenumbers/shortnumberinfo.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include "aura-phone-shim.h"

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberMatch;
using i18n::phonenumbers::PhoneNumberMatcher;
using i18n::phonenumbers::PhoneNumberOfflineGeocoder;
using i18n::phonenumbers::PhoneNumberUtil;
using i18n::phonenumbers::ShortNumberInfo;

struct _AuraPhoneShimNumber
{
  PhoneNumber number;
};

/* "ZZ" is libphonenumber's "no region". */
#define UNKNOWN_REGION "ZZ"

static const PhoneNumberUtil &
util (void)
{
  return *PhoneNumberUtil::GetInstance ();
}

/* Built once, on first use; C++ makes the initialisation thread-safe and the
 * classes are safe to share between threads afterwards. */
static const PhoneNumberOfflineGeocoder &
geocoder (void)
{
  static const PhoneNumberOfflineGeocoder instance;
  return instance;
}

static const ShortNumberInfo &
short_info (void)
{
  static const ShortNumberInfo instance;
  return instance;
}

static char *
dup_string (const std::string &s)
{
  return g_strndup (s.data (), s.size ());
}

extern "C" gboolean
aura_phone_shim_region_is_supported (const char *region)
{
  try
    {
      return util ().GetCountryCodeForRegion (region) != 0;
    }
  catch (...)
    {
      return FALSE;
    }
}

extern "C" AuraPhoneShimStatus
aura_phone_shim_parse (const char *text, const char *region, AuraPhoneShimNumber **out_number)
{
  try
    {
      auto number = new AuraPhoneShimNumber;
      auto status = util ().Parse (text, region ? region : UNKNOWN_REGION, &number->number);

      if (status == PhoneNumberUtil::NO_PARSING_ERROR)
        {
          *out_number = number;
          return AURA_PHONE_SHIM_OK;
        }
      delete number;
      switch (status)
        {
          case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR:
            return AURA_PHONE_SHIM_INVALID_COUNTRY_CODE;
          case PhoneNumberUtil::TOO_SHORT_AFTER_IDD:
            return AURA_PHONE_SHIM_TOO_SHORT_AFTER_IDD;
          case PhoneNumberUtil::TOO_SHORT_NSN:
            return AURA_PHONE_SHIM_TOO_SHORT_NSN;
          case PhoneNumberUtil::TOO_LONG_NSN:
            return AURA_PHONE_SHIM_TOO_LONG_NSN;
          case PhoneNumberUtil::NOT_A_NUMBER:
          default:
            return AURA_PHONE_SHIM_NOT_A_NUMBER;
        }
    }
  catch (...)
    {
      return AURA_PHONE_SHIM_FAILED;
    }
}

extern "C" void
aura_phone_shim_number_free (AuraPhoneShimNumber *number)
{
  delete number;
}

extern "C" int
aura_phone_shim_country_code (const AuraPhoneShimNumber *number)
{
  return number->number.country_code ();
}

extern "C" char *
aura_phone_shim_national_number (const AuraPhoneShimNumber *number)
{
  try
    {
      std::string nsn;
      util ().GetNationalSignificantNumber (number->number, &nsn);
      return dup_string (nsn);
    }
  catch (...)
    {
      return NULL;
    }
}

extern "C" char *
aura_phone_shim_extension (const AuraPhoneShimNumber *number)
{
  try
    {
      if (!number->number.has_extension () || number->number.extension ().empty ())
        return NULL;
      return dup_string (number->number.extension ());
    }
  catch (...)
    {
      return NULL;
    }
}

extern "C" char *
aura_phone_shim_region (const AuraPhoneShimNumber *number)
{
  try
    {
      std::string region;
      util ().GetRegionCodeForNumber (number->number, &region);
      if (region.empty () || region == UNKNOWN_REGION)
        return NULL;
      return dup_string (region);
    }
  catch (...)
    {
      return NULL;
    }
}

extern "C" AuraPhonePossibility
aura_phone_shim_possibility (const AuraPhoneShimNumber *number)
{
  try
    {
      switch (util ().IsPossibleNumberWithReason (number->number))
        {
          case PhoneNumberUtil::IS_POSSIBLE:
            return AURA_PHONE_POSSIBLE;
          case PhoneNumberUtil::IS_POSSIBLE_LOCAL_ONLY:
            return AURA_PHONE_POSSIBLE_LOCAL_ONLY;
          case PhoneNumberUtil::INVALID_COUNTRY_CODE:
            return AURA_PHONE_POSSIBILITY_INVALID_COUNTRY_CODE;
          case PhoneNumberUtil::TOO_SHORT:
            return AURA_PHONE_POSSIBILITY_TOO_SHORT;
          case PhoneNumberUtil::TOO_LONG:
            return AURA_PHONE_POSSIBILITY_TOO_LONG;
          case PhoneNumberUtil::INVALID_LENGTH:
          default:
            return AURA_PHONE_POSSIBILITY_INVALID_LENGTH;
        }
    }
  catch (...)
    {
      return AURA_PHONE_POSSIBILITY_INVALID_LENGTH;
    }
}

extern "C" gboolean
aura_phone_shim_is_valid (const AuraPhoneShimNumber *number)
{
  try
    {
      return util ().IsValidNumber (number->number);
    }
  catch (...)
    {
      return FALSE;
    }
}

extern "C" AuraPhoneType
aura_phone_shim_type (const AuraPhoneShimNumber *number)
{
  try
    {
      switch (util ().GetNumberType (number->number))
        {
          case PhoneNumberUtil::FIXED_LINE:
            return AURA_PHONE_TYPE_FIXED_LINE;
          case PhoneNumberUtil::MOBILE:
            return AURA_PHONE_TYPE_MOBILE;
          case PhoneNumberUtil::FIXED_LINE_OR_MOBILE:
            return AURA_PHONE_TYPE_FIXED_LINE_OR_MOBILE;
          case PhoneNumberUtil::TOLL_FREE:
            return AURA_PHONE_TYPE_TOLL_FREE;
          case PhoneNumberUtil::PREMIUM_RATE:
            return AURA_PHONE_TYPE_PREMIUM_RATE;
          case PhoneNumberUtil::SHARED_COST:
            return AURA_PHONE_TYPE_SHARED_COST;
          case PhoneNumberUtil::VOIP:
            return AURA_PHONE_TYPE_VOIP;
          case PhoneNumberUtil::PERSONAL_NUMBER:
            return AURA_PHONE_TYPE_PERSONAL_NUMBER;
          case PhoneNumberUtil::PAGER:
            return AURA_PHONE_TYPE_PAGER;
          case PhoneNumberUtil::UAN:
            return AURA_PHONE_TYPE_UAN;
          case PhoneNumberUtil::VOICEMAIL:
            return AURA_PHONE_TYPE_VOICEMAIL;
          case PhoneNumberUtil::UNKNOWN:
          default:
            return AURA_PHONE_TYPE_UNKNOWN;
        }
    }
  catch (...)
    {
      return AURA_PHONE_TYPE_UNKNOWN;
    }
}

extern "C" char *
aura_phone_shim_format (const AuraPhoneShimNumber *number, AuraPhoneShimFormat format)
{
  PhoneNumberUtil::PhoneNumberFormat cxx_format;

  switch (format)
    {
      case AURA_PHONE_SHIM_INTERNATIONAL:
        cxx_format = PhoneNumberUtil::INTERNATIONAL;
        break;
      case AURA_PHONE_SHIM_NATIONAL:
        cxx_format = PhoneNumberUtil::NATIONAL;
        break;
      case AURA_PHONE_SHIM_RFC3966:
        cxx_format = PhoneNumberUtil::RFC3966;
        break;
      case AURA_PHONE_SHIM_E164:
      default:
        cxx_format = PhoneNumberUtil::E164;
        break;
    }
  try
    {
      std::string formatted;
      util ().Format (number->number, cxx_format, &formatted);
      return dup_string (formatted);
    }
  catch (...)
    {
      return NULL;
    }
}

extern "C" char *
aura_phone_shim_description (const AuraPhoneShimNumber *number, const char *locale)
{
  try
    {
      std::string text = geocoder ().GetDescriptionForNumber (number->number, icu::Locale (locale));
      return text.empty () ? NULL : dup_string (text);
    }
  catch (...)
    {
      return NULL;
    }
}

extern "C" char *
aura_phone_shim_country_name (const char *region, const char *locale)
{
  try
    {
      icu::UnicodeString name;
      std::string utf8;

      icu::Locale ("", region).getDisplayCountry (icu::Locale (locale), name);
      name.toUTF8String (utf8);
      /* ICU echoes the code back when it has no name for it. */
      if (utf8.empty () || utf8 == region)
        return NULL;
      return dup_string (utf8);
    }
  catch (...)
    {
      return NULL;
    }
}

extern "C" gboolean
aura_phone_shim_is_valid_short (const AuraPhoneShimNumber *number)
{
  try
    {
      return short_info ().IsValidShortNumber (number->number);
    }
  catch (...)
    {
      return FALSE;
    }
}

extern "C" gboolean
aura_phone_shim_is_emergency (const char *digits, const char *region)
{
  try
    {
      return short_info ().IsEmergencyNumber (digits, region);
    }
  catch (...)
    {
      return FALSE;
    }
}

extern "C" gboolean
aura_phone_shim_find (const char *text,
                      const char *region,
                      int max_tries,
                      AuraPhoneShimMatchFunc func,
                      gpointer user_data)
{
  try
    {
      PhoneNumberMatcher matcher (util (), text, region ? region : UNKNOWN_REGION,
                                  PhoneNumberMatcher::VALID, max_tries);
      PhoneNumberMatch match;

      while (matcher.HasNext ())
        {
          AuraPhoneShimNumber number;

          if (!matcher.Next (&match))
            break;
          number.number = match.number ();
          if (!func (match.start (), match.length (), match.raw_string ().c_str (), &number,
                     user_data))
            break;
        }
      return TRUE;
    }
  catch (...)
    {
      return FALSE;
    }
}
