/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-username"
#include "config.h"

#include <string.h>

#include "aura-site-private.h"

/* Writing a site back in Aura's format (README.md): what the parser in
 * aura-site-manifest.c reads, field for field, so that a saved list loads
 * to the same sites. Defaults are left out. */

static void
add_strv (JsonObject *object, const char *member, char **strv)
{
  JsonArray *array;

  if (strv == NULL)
    return;
  array = json_array_new ();
  for (guint i = 0; strv[i] != NULL; i++)
    json_array_add_string_element (array, strv[i]);
  json_object_set_array_member (object, member, array);
}

static void
set_string (JsonObject *object, const char *member, const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
}

static JsonNode *
status_to_json (AuraStatusRange *range)
{
  g_autofree char *text = NULL;

  if (range->lo == range->hi)
    return json_node_init_int (json_node_alloc (), range->lo);
  if (range->lo % 100 == 0 && range->hi == range->lo + 99)
    text = g_strdup_printf ("%uxx", range->lo / 100);
  else
    text = g_strdup_printf ("%u-%u", range->lo, range->hi);
  return json_node_init_string (json_node_alloc (), text);
}

static JsonNode *
block_to_json (AuraRuleBlock *block)
{
  JsonObject *object = json_object_new ();

  if (block->status != NULL)
    {
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < block->status->len; i++)
        json_array_add_element (
            array, status_to_json (&g_array_index (block->status, AuraStatusRange, i)));
      json_object_set_array_member (object, "status", array);
    }
  add_strv (object, "text_any", block->text_any);
  add_strv (object, "text_all", block->text_all);
  add_strv (object, "text_none", block->text_none);
  if (block->json != NULL)
    {
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < block->json->len; i++)
        {
          AuraJsonRule *rule = g_ptr_array_index (block->json, i);
          JsonObject *item = json_object_new ();

          json_object_set_string_member (item, "path", rule->path);
          if (rule->has_equals)
            json_object_set_member (item, "equals", json_node_copy (rule->equals));
          else
            json_object_set_boolean_member (item, "exists", rule->exists);
          json_array_add_object_element (array, item);
        }
      json_object_set_array_member (object, "json", array);
    }
  set_string (object, "redirect", block->redirect_text);
  if (block->header != NULL)
    {
      JsonObject *headers = json_object_new ();

      for (guint i = 0; i < block->header->len; i++)
        {
          AuraHeaderRule *rule = g_ptr_array_index (block->header, i);

          json_object_set_string_member (headers, rule->name, rule->pattern_text);
        }
      json_object_set_object_member (object, "header", headers);
    }
  return json_node_init_object (json_node_alloc (), object);
}

static void
add_blocks (JsonObject *object, const char *member, GPtrArray *blocks)
{
  JsonArray *array;

  if (blocks == NULL)
    return;
  array = json_array_new ();
  for (guint i = 0; i < blocks->len; i++)
    json_array_add_element (array, block_to_json (g_ptr_array_index (blocks, i)));
  json_object_set_array_member (object, member, array);
}

static void
add_request (JsonObject *object, const AuraSite *site)
{
  static const char *const body_types[] = { "text", "json", "form" };

  if (!g_str_equal (site->method, "GET"))
    json_object_set_string_member (object, "method", site->method);
  if (site->headers != NULL && site->headers[0] != NULL)
    {
      JsonObject *headers = json_object_new ();

      for (guint i = 0; site->headers[i] != NULL; i++)
        {
          const char *colon = strchr (site->headers[i], ':');
          g_autofree char *name = g_strndup (site->headers[i], (gsize)(colon - site->headers[i]));

          json_object_set_string_member (headers, name, colon + 2);
        }
      json_object_set_object_member (object, "headers", headers);
    }
  set_string (object, "body", site->body);
  if (site->body != NULL && site->body_type != AURA_BODY_TEXT)
    json_object_set_string_member (object, "body_type", body_types[site->body_type]);
  if (!site->follow_redirects)
    json_object_set_boolean_member (object, "follow_redirects", FALSE);
}

static void
add_username (JsonObject *object, const AuraSite *site)
{
  JsonObject *rules = json_object_new ();

  set_string (rules, "regex", site->regex_text);
  if (site->min_length > 0)
    json_object_set_int_member (rules, "min_length", site->min_length);
  if (site->max_length > 0)
    json_object_set_int_member (rules, "max_length", site->max_length);
  set_string (rules, "allowed", site->allowed_text);
  if (site->lowercase)
    json_object_set_boolean_member (rules, "lowercase", TRUE);
  if (site->strip != NULL && *site->strip != '\0')
    json_object_set_string_member (rules, "strip", site->strip);
  if (json_object_get_size (rules) > 0)
    json_object_set_object_member (object, "username", rules);
  else
    json_object_unref (rules);
}

JsonNode *
aura_site_to_json (const AuraSite *site)
{
  JsonObject *object = json_object_new ();
  JsonObject *detect = json_object_new ();

  g_return_val_if_fail (site != NULL, NULL);

  json_object_set_string_member (object, "name", site->name);
  json_object_set_string_member (object, "url", site->main_url);
  if (!g_str_equal (site->probe_url, site->profile_url))
    json_object_set_string_member (object, "probe_url", site->probe_url);
  json_object_set_string_member (object, "profile_url", site->profile_url);
  add_request (object, site);
  add_username (object, site);

  add_blocks (detect, "found", site->found);
  add_blocks (detect, "not_found", site->not_found);
  add_blocks (detect, "blocked", site->blocked);
  json_object_set_string_member (
      detect, "otherwise", site->otherwise == AURA_VERDICT_NOT_FOUND ? "not_found" : "unknown");
  json_object_set_object_member (object, "detect", detect);

  if (site->tags != NULL && site->tags[0] != NULL)
    add_strv (object, "tags", site->tags);
  if (site->rate > 0.0 || site->max_concurrency > 0)
    {
      JsonObject *rate = json_object_new ();

      if (site->rate > 0.0)
        json_object_set_double_member (rate, "requests_per_second", site->rate);
      if (site->max_concurrency > 0)
        json_object_set_int_member (rate, "max_concurrency", site->max_concurrency);
      json_object_set_object_member (object, "rate", rate);
    }
  set_string (object, "known_present", site->known_present);
  set_string (object, "known_absent", site->known_absent);
  if (site->disabled)
    json_object_set_boolean_member (object, "disabled", TRUE);
  set_string (object, "disabled_reason", site->disabled_reason);
  if (site->protection != NULL && site->protection[0] != NULL)
    add_strv (object, "protection", site->protection);
  set_string (object, "notes", site->notes);
  set_string (object, "source", site->source);
  return json_node_init_object (json_node_alloc (), object);
}
