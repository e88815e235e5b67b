/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-email"
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "aura-email-private.h"

/* What a parsed address means: its provider, its canonical form, and the
 * pivots it offers (a username candidate, a domain to scan). */

void
aura_email_address_free (AuraEmailAddress *address)
{
  if (address == NULL)
    return;
  g_free (address->address);
  g_free (address->display);
  g_free (address->local);
  g_free (address->local_unquoted);
  g_free (address->domain);
  g_free (address->domain_unicode);
  g_free (address->ip_literal);
  g_free (address->display_name);
  g_free (address->tag);
  g_free (address->canonical);
  g_free (address->disposable_match);
  g_free (address->username);
  g_free (address->username_refusal);
  g_free (address->domain_target);
  g_clear_pointer (&address->data, aura_email_data_unref);
  g_free (address);
}

/* Where the sub-address starts in @local, or NULL: the first separator
 * that is not the first character. */
static const char *
find_tag (const char *local, const char *separators)
{
  const char *tag;

  if (separators == NULL || *local == '\0')
    return NULL;
  tag = strpbrk (local + 1, separators);
  return tag;
}

static gboolean
needs_quotes (const char *local)
{
  if (*local == '\0' || *local == '.' || local[strlen (local) - 1] == '.' ||
      strstr (local, "..") != NULL)
    return TRUE;
  for (const char *p = local; *p != '\0'; p++)
    if ((guchar)*p < 0x80 && !g_ascii_isalnum (*p) && strchr ("!#$%&'*+-/=?^_`{|}~.", *p) == NULL)
      return TRUE;
  return FALSE;
}

char *
aura_email_canonicalize (const AuraEmailAddress *address,
                         const AuraEmailProvider *provider,
                         char **out_tag)
{
  g_autofree char *local = NULL;
  g_autofree char *lower = NULL;
  const char *domain;
  const char *tag;
  GString *quoted;

  g_return_val_if_fail (address != NULL, NULL);
  if (out_tag != NULL)
    *out_tag = NULL;
  local = g_strdup (address->local_unquoted);
  domain = address->domain;
  if (provider != NULL)
    {
      tag = find_tag (local, provider->tag_separators);
      if (tag != NULL)
        {
          if (out_tag != NULL)
            *out_tag = g_strdup (tag + 1);
          local[tag - local] = '\0';
        }
      if (provider->strip_dots)
        {
          GString *out = g_string_new (NULL);

          for (const char *p = local; *p != '\0'; p++)
            if (*p != '.')
              g_string_append_c (out, *p);
          g_free (local);
          local = g_string_free (out, FALSE);
        }
      if (provider->canonical_domain != NULL)
        domain = provider->canonical_domain;
    }
  if (provider == NULL || provider->lowercase)
    lower = g_utf8_strdown (local, -1);
  else
    lower = g_strdup (local);
  if (!needs_quotes (lower))
    return g_strconcat (lower, "@", domain, NULL);
  quoted = g_string_new ("\"");
  for (const char *p = lower; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (quoted, '\\');
      g_string_append_c (quoted, *p);
    }
  g_string_append (quoted, "\"@");
  g_string_append (quoted, domain);
  return g_string_free (quoted, FALSE);
}

/* Why @handle (the local part without its tag, lower case) is not a
 * username candidate, or NULL when it is one. */
static char *
username_refusal (const AuraEmailAddress *address, const char *handle, gboolean role)
{
  gsize len = strlen (handle);
  gboolean digits = TRUE;

  if (address->flags & AURA_EMAIL_ADDRESS_QUOTED)
    return g_strdup (_ ("a quoted local part is not a handle"));
  if (!g_str_is_ascii (handle))
    return g_strdup (_ ("the local part is not ASCII, which usernames on most sites are"));
  if (role)
    return g_strdup_printf (_ ("“%s” is a role account, shared by whoever does the job, not a "
                               "person’s handle"),
                            handle);
  if (len < 2)
    return g_strdup (_ ("the local part is too short to be a handle"));
  for (const char *p = handle; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && strchr ("._-", *p) == NULL)
        return g_strdup_printf (_ ("“%c” is not a character usernames use"), *p);
      if (!g_ascii_isdigit (*p))
        digits = FALSE;
    }
  if (digits)
    return g_strdup (_ ("the local part is only digits (a number, not a handle)"));
  return NULL;
}

static gboolean
domain_is_shared (const AuraEmailProvider *provider)
{
  if (provider == NULL)
    return FALSE;
  switch (provider->kind)
    {
      case AURA_EMAIL_PROVIDER_FREE_WEBMAIL:
      case AURA_EMAIL_PROVIDER_PRIVACY:
      case AURA_EMAIL_PROVIDER_ISP:
      case AURA_EMAIL_PROVIDER_DISPOSABLE:
        return TRUE;
      case AURA_EMAIL_PROVIDER_CORPORATE_SUITE:
      case AURA_EMAIL_PROVIDER_HOSTING:
      case AURA_EMAIL_PROVIDER_SECURITY_GATEWAY:
      case AURA_EMAIL_PROVIDER_EDUCATION:
      default:
        return FALSE;
    }
}

void
aura_email_address_analyze (AuraEmailAddress *address, AuraEmailData *data)
{
  const char *separators = "+";
  g_autofree char *handle = NULL;
  const char *tag;
  gboolean role = FALSE;

  if (data != NULL && !(address->flags & AURA_EMAIL_ADDRESS_IP_LITERAL))
    {
      const char *disposable = aura_email_data_match_disposable (data, address->domain);

      address->data = aura_email_data_ref (data);
      address->provider = aura_email_data_lookup_domain (data, address->domain);
      if (disposable != NULL)
        {
          address->flags |= AURA_EMAIL_ADDRESS_DISPOSABLE;
          address->disposable_match = g_strdup (disposable);
        }
      if (address->provider != NULL && address->provider->kind == AURA_EMAIL_PROVIDER_DISPOSABLE)
        address->flags |= AURA_EMAIL_ADDRESS_DISPOSABLE;
    }
  address->canonical = aura_email_canonicalize (address, address->provider, &address->tag);
  if (address->provider != NULL)
    separators = address->provider->tag_separators;
  handle = g_ascii_strdown (address->local_unquoted, -1);
  tag = find_tag (handle, separators);
  if (tag != NULL)
    handle[tag - handle] = '\0';
  if (data != NULL && aura_email_data_is_role (data, handle))
    {
      role = TRUE;
      address->flags |= AURA_EMAIL_ADDRESS_ROLE;
    }
  address->username_refusal = username_refusal (address, handle, role);
  if (address->username_refusal == NULL)
    address->username = g_steal_pointer (&handle);
  if (!(address->flags & (AURA_EMAIL_ADDRESS_IP_LITERAL | AURA_EMAIL_ADDRESS_DISPOSABLE)) &&
      !domain_is_shared (address->provider))
    address->domain_target = g_strdup (address->domain);
}

static void
add_string (JsonBuilder *builder, const char *name, const char *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_flags (JsonBuilder *builder, AuraEmailAddressFlags flags)
{
  static const struct
  {
    AuraEmailAddressFlags flag;
    const char *name;
  } names[] = {
    { AURA_EMAIL_ADDRESS_QUOTED, "quoted" },
    { AURA_EMAIL_ADDRESS_IP_LITERAL, "ip-literal" },
    { AURA_EMAIL_ADDRESS_EAI, "eai" },
    { AURA_EMAIL_ADDRESS_IDN, "idn" },
    { AURA_EMAIL_ADDRESS_STRIPPED, "stripped" },
    { AURA_EMAIL_ADDRESS_MIXED_SCRIPTS, "mixed-scripts" },
    { AURA_EMAIL_ADDRESS_DISPOSABLE, "disposable" },
    { AURA_EMAIL_ADDRESS_ROLE, "role" },
  };

  json_builder_set_member_name (builder, "flags");
  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (flags & names[i].flag)
      json_builder_add_string_value (builder, names[i].name);
  json_builder_end_array (builder);
}

JsonNode *
aura_email_address_to_json (const AuraEmailAddress *address)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  const AuraEmailProvider *provider;

  g_return_val_if_fail (address != NULL, NULL);
  provider = address->provider;
  json_builder_begin_object (builder);
  add_string (builder, "address", address->address);
  add_string (builder, "display", address->display);
  add_string (builder, "local", address->local);
  add_string (builder, "domain", address->domain);
  add_string (builder, "domain_unicode", address->domain_unicode);
  add_string (builder, "ip_literal", address->ip_literal);
  add_string (builder, "display_name", address->display_name);
  add_flags (builder, address->flags);
  add_string (builder, "canonical", address->canonical);
  add_string (builder, "tag", address->tag);
  json_builder_set_member_name (builder, "provider");
  if (provider != NULL)
    {
      json_builder_begin_object (builder);
      add_string (builder, "id", provider->id);
      add_string (builder, "name", provider->name);
      add_string (builder, "kind", aura_email_provider_kind_to_string (provider->kind));
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  add_string (builder, "disposable_match", address->disposable_match);
  json_builder_set_member_name (builder, "pivots");
  json_builder_begin_object (builder);
  add_string (builder, "username", address->username);
  add_string (builder, "username_refusal", address->username_refusal);
  add_string (builder, "domain", address->domain_target);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
