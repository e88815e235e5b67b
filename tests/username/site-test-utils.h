/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Helpers shared by the username tests: sites from inline JSON, and HTTP
 * responses built by hand (no network at all). */

#include <aura.h>
#include <string.h>

/* One site from the JSON text of a site object, which must validate. */
static inline AuraSite *
site_from (const char *json)
{
  g_autofree char *doc =
      g_strdup_printf ("{\"format\": \"aura-sites\", \"version\": 1, \"sites\": [%s]}", json);
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraSiteList) list = aura_site_list_load_data (doc, -1, "inline", NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (aura_site_list_get_n_sites (list), ==, 1);
  return aura_site_ref (aura_site_list_get_site (list, 0));
}

/* The error loading one inline site gives. */
static inline GError *
site_error (const char *json)
{
  g_autofree char *doc =
      g_strdup_printf ("{\"format\": \"aura-sites\", \"version\": 1, \"sites\": [%s]}", json);
  GError *error = NULL;
  g_autoptr (AuraSiteList) list = aura_site_list_load_data (doc, -1, "inline.json", NULL, &error);

  if (list != NULL)
    g_error ("this site should not validate: %s", json);
  g_assert_nonnull (error);
  return error;
}

static inline AuraHttpResponse *
response_new (guint status, const char *body)
{
  AuraHttpResponse *response = aura_http_response_new ("https://example.com/probe");

  response->outcome = AURA_HTTP_OK;
  response->status = status;
  if (body != NULL)
    aura_http_response_set_body (response, body, strlen (body));
  return response;
}

static inline void
response_set_header (AuraHttpResponse *response, const char *name, const char *value)
{
  g_hash_table_replace (response->headers, g_ascii_strdown (name, -1), g_strdup (value));
}

/* Judges and checks the verdict; returns the reason (owned by the caller) and
 * the confidence. */
static inline char *
judge_expect (AuraSite *site,
              const char *username,
              AuraHttpResponse *response,
              AuraVerdict expected,
              double *out_confidence)
{
  char *reason = NULL;
  double confidence = -1.0;
  AuraVerdict verdict = aura_site_judge (site, username, response, &reason, &confidence);

  if (verdict != expected)
    g_error ("expected %s, got %s (%s)", aura_verdict_to_string (expected),
             aura_verdict_to_string (verdict), reason);
  g_assert_nonnull (reason);
  g_assert_cmpfloat (confidence, >=, 0.0);
  g_assert_cmpfloat (confidence, <=, 1.0);
  if (out_confidence != NULL)
    *out_confidence = confidence;
  return reason;
}

/* A minimal valid site object with @extra members spliced in. */
#define SITE_JSON(extra)                                                                           \
  "{\"name\": \"Example\", \"url\": \"https://example.com/\", "                                    \
  "\"profile_url\": \"https://example.com/u/{username}\", " extra "}"
