/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The C face of aura-phone-shim.cc, the one C++ file in Aura. Each function
 * translates one libphonenumber call and its enums; none throws. Strings are
 * returned newly allocated with g_malloc (free with g_free). Only
 * aura-phone.c includes this header. */

#pragma once

#include "aura-phone.h"

G_BEGIN_DECLS

typedef struct _AuraPhoneShimNumber AuraPhoneShimNumber;

/* PhoneNumberUtil::ErrorType, plus FAILED for a caught C++ exception. */
typedef enum
{
  AURA_PHONE_SHIM_OK,
  AURA_PHONE_SHIM_INVALID_COUNTRY_CODE,
  AURA_PHONE_SHIM_NOT_A_NUMBER,
  AURA_PHONE_SHIM_TOO_SHORT_AFTER_IDD,
  AURA_PHONE_SHIM_TOO_SHORT_NSN,
  AURA_PHONE_SHIM_TOO_LONG_NSN,
  AURA_PHONE_SHIM_FAILED,
} AuraPhoneShimStatus;

typedef enum
{
  AURA_PHONE_SHIM_E164,
  AURA_PHONE_SHIM_INTERNATIONAL,
  AURA_PHONE_SHIM_NATIONAL,
  AURA_PHONE_SHIM_RFC3966,
} AuraPhoneShimFormat;

/* Called for each match; return FALSE to stop. @start and @length are byte
 * offsets into the searched text. */
typedef gboolean (*AuraPhoneShimMatchFunc) (
    int start, int length, const char *raw, const AuraPhoneShimNumber *number, gpointer user_data);

gboolean aura_phone_shim_region_is_supported (const char *region);
AuraPhoneShimStatus
aura_phone_shim_parse (const char *text, const char *region, AuraPhoneShimNumber **out_number);
void aura_phone_shim_number_free (AuraPhoneShimNumber *number);

int aura_phone_shim_country_code (const AuraPhoneShimNumber *number);
char *aura_phone_shim_national_number (const AuraPhoneShimNumber *number);
char *aura_phone_shim_extension (const AuraPhoneShimNumber *number);
char *aura_phone_shim_region (const AuraPhoneShimNumber *number);
AuraPhonePossibility aura_phone_shim_possibility (const AuraPhoneShimNumber *number);
gboolean aura_phone_shim_is_valid (const AuraPhoneShimNumber *number);
AuraPhoneType aura_phone_shim_type (const AuraPhoneShimNumber *number);
char *aura_phone_shim_format (const AuraPhoneShimNumber *number, AuraPhoneShimFormat format);
char *aura_phone_shim_description (const AuraPhoneShimNumber *number, const char *locale);
char *aura_phone_shim_country_name (const char *region, const char *locale);
gboolean aura_phone_shim_is_valid_short (const AuraPhoneShimNumber *number);
gboolean aura_phone_shim_is_emergency (const char *digits, const char *region);
gboolean aura_phone_shim_find (const char *text,
                               const char *region,
                               int max_tries,
                               AuraPhoneShimMatchFunc func,
                               gpointer user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraPhoneShimNumber, aura_phone_shim_number_free)

G_END_DECLS
