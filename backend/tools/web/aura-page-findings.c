/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-web"
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "aura-page-extract-private.h"

/* From an AuraPageInfo to entities the store accepts: each candidate goes
 * through aura_entity_normalize(), the store's own validator, and one
 * (type, key) is kept once, with the first source seen. */

void
aura_page_finding_free (AuraPageFinding *finding)
{
  if (finding == NULL)
    return;
  g_free (finding->value);
  g_free (finding->key);
  g_free (finding->attributes_json);
  g_free (finding);
}

typedef struct
{
  GPtrArray *findings;
  GHashTable *keys;
} Findings;

static JsonBuilder *
attributes_begin (AuraPageSource source, const char *field)
{
  JsonBuilder *builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "source");
  json_builder_add_string_value (builder, aura_page_source_to_string (source));
  if (field != NULL)
    {
      json_builder_set_member_name (builder, "field");
      json_builder_add_string_value (builder, field);
    }
  return builder;
}

static void
add_string_member (JsonBuilder *builder, const char *name, const char *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static char *
attributes_end (JsonBuilder *builder)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  g_object_unref (builder);
  return json_generator_to_data (generator, NULL);
}

/* Takes @builder. */
static void
add_finding (
    Findings *f, AuraEntityType type, const char *value, JsonBuilder *builder, const char *relation)
{
  g_autofree char *display = NULL;
  g_autofree char *key = NULL;
  g_autofree char *index_key = NULL;
  AuraPageFinding *finding;

  if (value != NULL)
    key = aura_entity_normalize (type, value, &display, NULL);
  if (key != NULL)
    index_key = g_strdup_printf ("%d\x1f%s", (int)type, key);
  if (key == NULL || g_hash_table_contains (f->keys, index_key))
    {
      g_object_unref (builder);
      return;
    }
  finding = g_new0 (AuraPageFinding, 1);
  finding->type = type;
  finding->type_name = aura_entity_type_to_string (type);
  finding->value = g_steal_pointer (&display);
  finding->key = g_steal_pointer (&key);
  finding->attributes_json = attributes_end (builder);
  finding->relation = relation;
  g_ptr_array_add (f->findings, finding);
  g_hash_table_add (f->keys, g_steal_pointer (&index_key));
}

static void
add_value (Findings *f, AuraEntityType type, const AuraPageValue *value, const char *relation)
{
  if (value != NULL)
    add_finding (f, type, value->value, attributes_begin (value->source, value->field), relation);
}

static void
add_values (Findings *f, AuraEntityType type, GPtrArray *values, const char *relation)
{
  for (guint i = 0; i < values->len; i++)
    add_value (f, type, values->pdata[i], relation);
}

static void
add_handles (Findings *f, GPtrArray *handles)
{
  for (guint i = 0; i < handles->len; i++)
    {
      const AuraPageHandle *handle = handles->pdata[i];
      g_autofree char *account = g_strdup_printf ("%s:%s", handle->service, handle->handle);
      JsonBuilder *builder = attributes_begin (handle->source, NULL);
      const char *at;

      /* A fediverse handle is “user@instance”; the instance is already
       * the service. */
      if (strcmp (handle->platform, "mastodon") == 0 && (at = strchr (handle->handle, '@')))
        {
          g_free (account);
          account = g_strdup_printf ("%s:%.*s", handle->service, (int)(at - handle->handle),
                                     handle->handle);
        }
      add_string_member (builder, "platform", handle->platform);
      add_string_member (builder, "handle", handle->handle);
      add_string_member (builder, "url", handle->url);
      json_builder_set_member_name (builder, "rel_me");
      json_builder_add_boolean_value (builder, handle->rel_me);
      add_finding (f, AURA_ENTITY_ACCOUNT, account, builder,
                   handle->rel_me ? "same_as" : "has_account");
    }
}

static void
add_links (Findings *f, GPtrArray *links)
{
  for (guint i = 0; i < links->len; i++)
    {
      const AuraPageLink *link = links->pdata[i];
      JsonBuilder *builder = attributes_begin (link->source, NULL);

      add_string_member (builder, "text", link->text);
      json_builder_set_member_name (builder, "rel_me");
      json_builder_add_boolean_value (builder, link->rel_me);
      add_finding (f, AURA_ENTITY_URL, link->url, builder, link->rel_me ? "same_as" : "links_to");
    }
}

/* Alternate names: “@alice” is a handle, anything else another name. */
static void
add_alternate_names (Findings *f, GPtrArray *names)
{
  for (guint i = 0; i < names->len; i++)
    {
      const AuraPageValue *name = names->pdata[i];

      if (name->value[0] == '@')
        add_value (f, AURA_ENTITY_USERNAME, name, "has_username");
      else
        add_value (f, AURA_ENTITY_PERSON, name, "has_name");
    }
}

GPtrArray *
aura_page_info_to_findings (const AuraPageInfo *info)
{
  Findings f;

  g_return_val_if_fail (info != NULL, NULL);

  f.findings = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_page_finding_free);
  f.keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  add_value (&f, AURA_ENTITY_PERSON, info->display_name, "has_name");
  add_value (&f, AURA_ENTITY_USERNAME, info->username, "has_username");
  add_alternate_names (&f, info->alternate_names);
  add_value (&f, AURA_ENTITY_IMAGE, info->image, "has_avatar");
  add_values (&f, AURA_ENTITY_EMAIL, info->emails, "has_email");
  add_values (&f, AURA_ENTITY_PHONE, info->phones, "has_phone");
  add_handles (&f, info->handles);
  add_links (&f, info->links);
  add_values (&f, AURA_ENTITY_LOCATION, info->locations, "located_in");
  add_values (&f, AURA_ENTITY_ORGANISATION, info->organisations, "works_for");
  g_hash_table_unref (f.keys);
  return f.findings;
}

static void
add_slot (JsonBuilder *builder, const char *name, const AuraPageValue *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  add_string_member (builder, "value", value->value);
  add_string_member (builder, "source", aura_page_source_to_string (value->source));
  add_string_member (builder, "field", value->field);
  json_builder_end_object (builder);
}

char *
aura_page_info_to_attributes_json (const AuraPageInfo *info)
{
  g_autoptr (JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;

  g_return_val_if_fail (info != NULL, NULL);

  json_builder_begin_object (builder);
  add_string_member (builder, "page_url", info->page_url);
  add_slot (builder, "title", info->title);
  add_slot (builder, "display_name", info->display_name);
  add_slot (builder, "username", info->username);
  add_slot (builder, "description", info->description);
  add_slot (builder, "image", info->image);
  add_slot (builder, "canonical_url", info->canonical_url);
  add_slot (builder, "site_name", info->site_name);
  json_builder_set_member_name (builder, "facts");
  json_builder_begin_object (builder);
  for (guint i = 0; i < info->facts->len; i++)
    {
      const AuraPageFact *fact = info->facts->pdata[i];

      json_builder_set_member_name (builder, fact->name);
      json_builder_begin_object (builder);
      add_string_member (builder, "value", fact->value);
      add_string_member (builder, "source", aura_page_source_to_string (fact->source));
      add_string_member (builder, "field", fact->field);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "truncated");
  json_builder_add_boolean_value (builder, info->truncated);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}
