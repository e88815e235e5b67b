/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <string.h>

#include "aura-rdap.h"
#include "aura.h"

/* Helpers shared by the RDAP tests. */

static inline char *
rdap_sample_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "rdap", "samples", name, NULL);
}

static inline char *
rdap_read_sample (const char *name, gsize *len)
{
  g_autofree char *path = rdap_sample_path (name);
  g_autoptr (GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, len, &error);
  g_assert_no_error (error);
  return contents;
}

static inline AuraRdapResult *
rdap_parse_sample (const char *name, AuraRdapKind kind)
{
  g_autoptr (GError) error = NULL;
  gsize len = 0;
  g_autofree char *json = rdap_read_sample (name, &len);
  AuraRdapResult *result = aura_rdap_parse (json, len, kind, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static inline const AuraRdapEntity *
rdap_entity_with_handle (const AuraRdapResult *result, const char *handle)
{
  for (guint i = 0; i < result->entities->len; i++)
    {
      const AuraRdapEntity *entity = result->entities->pdata[i];

      if (g_strcmp0 (entity->handle, handle) == 0)
        return entity;
    }
  return NULL;
}

static inline const AuraRdapEntity *
rdap_entity_with_role (const AuraRdapResult *result, const char *role)
{
  for (guint i = 0; i < result->entities->len; i++)
    if (aura_rdap_entity_has_role (result->entities->pdata[i], role))
      return result->entities->pdata[i];
  return NULL;
}

static inline char *
rdap_date_string (GDateTime *date)
{
  g_autoptr (GDateTime) utc = NULL;

  if (date == NULL)
    return NULL;
  utc = g_date_time_to_utc (date);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

/* Writes the four bootstrap files into @dir, each pointing every entry of
 * the test at @base_url ("http://127.0.0.1:PORT/registry/"). */
static inline void
rdap_write_bootstrap (const char *dir, const char *base_url)
{
  g_autoptr (GError) error = NULL;
  const char *files[][2] = {
    { "dns.json", "[\"test\", \"example\", \"co.test\"]" },
    { "ipv4.json", "[\"192.0.2.0/24\", \"203.0.113.0/24\", \"198.51.100.0/24\"]" },
    { "ipv6.json", "[\"2001:db8::/32\"]" },
    { "asn.json", "[\"64496-64511\", \"65536-65551\"]" },
  };

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i][0], NULL);
      g_autofree char *json =
          g_strdup_printf ("{\"version\": \"1.0\", \"publication\": \"2025-01-01T00:00:00Z\", "
                           "\"services\": [[%s, [\"%s\"]]]}",
                           files[i][1], base_url);

      g_file_set_contents (path, json, -1, &error);
      g_assert_no_error (error);
    }
}

/* The bundled copy in the source tree. */
static inline char *
rdap_bundled_dir (void)
{
  const char *root = g_getenv ("AURA_SOURCE_ROOT");

  g_assert_nonnull (root);
  return g_build_filename (root, "data", "rdap", NULL);
}
