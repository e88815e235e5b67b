/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>
#include <string.h>

#include "aura.h"

/* Helpers shared by the extraction tests. */

/* ------------------------------------------------------------------------ */
/* Helpers                                                                   */

static inline AuraPageInfo *
extract_string (const char *html, const char *url)
{
  g_autoptr (GError) error = NULL;
  AuraPageInfo *info = aura_page_extract (html, strlen (html), "text/html", url, &error);

  g_assert_no_error (error);
  g_assert_nonnull (info);
  return info;
}

static inline AuraPageInfo *
extract_fixture (const char *name, const char *url)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "extract", "pages", name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  gsize len = 0;
  AuraPageInfo *info;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  info = aura_page_extract (contents, len, "text/html; charset=utf-8", url, &error);
  g_assert_no_error (error);
  g_assert_nonnull (info);
  return info;
}

static inline const AuraPageHandle *
find_handle (const AuraPageInfo *info, const char *platform, const char *handle)
{
  for (guint i = 0; i < info->handles->len; i++)
    {
      const AuraPageHandle *h = info->handles->pdata[i];

      if (strcmp (h->platform, platform) == 0 && strcmp (h->handle, handle) == 0)
        return h;
    }
  return NULL;
}

static inline const AuraPageLink *
find_link (const AuraPageInfo *info, const char *url)
{
  for (guint i = 0; i < info->links->len; i++)
    {
      const AuraPageLink *link = info->links->pdata[i];

      if (strcmp (link->url, url) == 0)
        return link;
    }
  return NULL;
}

static inline const AuraPageValue *
find_value (GPtrArray *values, const char *value)
{
  for (guint i = 0; i < values->len; i++)
    {
      const AuraPageValue *v = values->pdata[i];

      if (strcmp (v->value, value) == 0)
        return v;
    }
  return NULL;
}

static inline const char *
fact (const AuraPageInfo *info, const char *name)
{
  for (guint i = 0; i < info->facts->len; i++)
    {
      const AuraPageFact *f = info->facts->pdata[i];

      if (strcmp (f->name, name) == 0)
        return f->value;
    }
  return NULL;
}

static inline gboolean
links_contain (const AuraPageInfo *info, const char *needle)
{
  for (guint i = 0; i < info->links->len; i++)
    if (strstr (((AuraPageLink *)info->links->pdata[i])->url, needle) != NULL)
      return TRUE;
  return FALSE;
}

static inline void
assert_utf8 (const char *text)
{
  if (text != NULL)
    g_assert_true (g_utf8_validate (text, -1, NULL));
}

static inline void
assert_values_utf8 (GPtrArray *values)
{
  for (guint i = 0; i < values->len; i++)
    assert_utf8 (((AuraPageValue *)values->pdata[i])->value);
}

/* Every string of @info is valid UTF-8, whatever the page was. */
static inline void
assert_info_utf8 (const AuraPageInfo *info)
{
  const AuraPageValue *slots[] = { info->title,       info->display_name, info->username,
                                   info->description, info->image,        info->canonical_url,
                                   info->site_name };

  for (guint i = 0; i < G_N_ELEMENTS (slots); i++)
    if (slots[i] != NULL)
      assert_utf8 (slots[i]->value);
  assert_values_utf8 (info->alternate_names);
  assert_values_utf8 (info->emails);
  assert_values_utf8 (info->phones);
  assert_values_utf8 (info->locations);
  assert_values_utf8 (info->organisations);
  for (guint i = 0; i < info->links->len; i++)
    {
      const AuraPageLink *link = info->links->pdata[i];
      assert_utf8 (link->url);
      assert_utf8 (link->text);
    }
  for (guint i = 0; i < info->handles->len; i++)
    assert_utf8 (((AuraPageHandle *)info->handles->pdata[i])->handle);
}

static inline const AuraPageFinding *
find_finding (GPtrArray *findings, const char *type_name, const char *key)
{
  for (guint i = 0; i < findings->len; i++)
    {
      const AuraPageFinding *f = findings->pdata[i];

      if (strcmp (f->type_name, type_name) == 0 && strcmp (f->key, key) == 0)
        return f;
    }
  return NULL;
}
