/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-username"
#include "config.h"

#include <string.h>

#include "aura-site-private.h"

/* The site record itself, its username rules, and the requests built from
 * it. Detection lives in aura-site-judge.c, the manifest format in
 * aura-site-manifest.c. */

G_DEFINE_BOXED_TYPE (AuraSite, aura_site, aura_site_ref, aura_site_unref)

AuraSite *
aura_site_new_empty (void)
{
  AuraSite *site = g_atomic_rc_box_new0 (AuraSite);

  site->follow_redirects = TRUE;
  site->otherwise = AURA_VERDICT_UNKNOWN;
  return site;
}

void
aura_json_rule_free (AuraJsonRule *rule)
{
  if (rule == NULL)
    return;
  g_free (rule->path);
  g_clear_pointer (&rule->equals, json_node_unref);
  g_free (rule);
}

void
aura_header_rule_free (AuraHeaderRule *rule)
{
  if (rule == NULL)
    return;
  g_free (rule->name);
  g_clear_pointer (&rule->pattern, g_pattern_spec_free);
  g_free (rule->pattern_text);
  g_free (rule);
}

void
aura_rule_block_free (AuraRuleBlock *block)
{
  if (block == NULL)
    return;
  g_clear_pointer (&block->status, g_array_unref);
  g_strfreev (block->text_any);
  g_strfreev (block->text_all);
  g_strfreev (block->text_none);
  g_clear_pointer (&block->json, g_ptr_array_unref);
  g_clear_pointer (&block->redirect, g_pattern_spec_free);
  g_free (block->redirect_text);
  g_clear_pointer (&block->header, g_ptr_array_unref);
  g_free (block);
}

static void
site_clear (AuraSite *site)
{
  g_free (site->name);
  g_free (site->main_url);
  g_free (site->probe_url);
  g_free (site->profile_url);
  g_free (site->method);
  g_strfreev (site->headers);
  g_free (site->body);
  g_clear_pointer (&site->regex, g_regex_unref);
  g_free (site->regex_text);
  g_clear_pointer (&site->allowed, g_array_unref);
  g_free (site->allowed_text);
  g_free (site->strip);
  g_clear_pointer (&site->found, g_ptr_array_unref);
  g_clear_pointer (&site->not_found, g_ptr_array_unref);
  g_clear_pointer (&site->blocked, g_ptr_array_unref);
  g_strfreev (site->tags);
  g_free (site->known_present);
  g_free (site->known_absent);
  g_free (site->disabled_reason);
  g_strfreev (site->protection);
  g_free (site->notes);
  g_free (site->source);
}

AuraSite *
aura_site_ref (AuraSite *site)
{
  g_return_val_if_fail (site != NULL, NULL);
  return g_atomic_rc_box_acquire (site);
}

void
aura_site_unref (AuraSite *site)
{
  g_return_if_fail (site != NULL);
  g_atomic_rc_box_release_full (site, (GDestroyNotify)site_clear);
}

const char *
aura_site_get_name (const AuraSite *site)
{
  g_return_val_if_fail (site != NULL, NULL);
  return site->name;
}

const char *
aura_site_get_main_url (const AuraSite *site)
{
  g_return_val_if_fail (site != NULL, NULL);
  return site->main_url;
}

const char *
aura_site_get_probe_url_template (const AuraSite *site)
{
  g_return_val_if_fail (site != NULL, NULL);
  return site->probe_url;
}

const char *
aura_site_get_profile_url_template (const AuraSite *site)
{
  g_return_val_if_fail (site != NULL, NULL);
  return site->profile_url;
}

const char *
aura_site_get_method (const AuraSite *site)
{
  g_return_val_if_fail (site != NULL, NULL);
  return site->method;
}

const char *const *
aura_site_get_tags (const AuraSite *site)
{
  static const char *const none[] = { NULL };

  g_return_val_if_fail (site != NULL, NULL);
  return site->tags != NULL ? (const char *const *)site->tags : none;
}

gboolean
aura_site_has_tag (const AuraSite *site, const char *tag)
{
  g_return_val_if_fail (site != NULL, FALSE);
  g_return_val_if_fail (tag != NULL, FALSE);
  return site->tags != NULL && g_strv_contains ((const char *const *)site->tags, tag);
}

gboolean
aura_site_is_nsfw (const AuraSite *site)
{
  g_return_val_if_fail (site != NULL, FALSE);
  return aura_site_has_tag (site, "nsfw") || aura_site_has_tag (site, "porn");
}

gboolean
aura_site_get_disabled (const AuraSite *site)
{
  g_return_val_if_fail (site != NULL, FALSE);
  return site->disabled;
}

const char *
aura_site_get_disabled_reason (const AuraSite *site)
{
  g_return_val_if_fail (site != NULL, NULL);
  return site->disabled_reason;
}

const char *
aura_site_get_known_present (const AuraSite *site)
{
  g_return_val_if_fail (site != NULL, NULL);
  return site->known_present;
}

double
aura_site_get_rate (const AuraSite *site)
{
  g_return_val_if_fail (site != NULL, 0.0);
  return site->rate;
}

guint
aura_site_get_max_concurrency (const AuraSite *site)
{
  g_return_val_if_fail (site != NULL, 0);
  return site->max_concurrency;
}

const char *
aura_site_get_source (const AuraSite *site)
{
  g_return_val_if_fail (site != NULL, NULL);
  return site->source != NULL ? site->source : "aura";
}

const char *const *
aura_site_get_protection (const AuraSite *site)
{
  static const char *const none[] = { NULL };

  g_return_val_if_fail (site != NULL, NULL);
  return site->protection != NULL ? (const char *const *)site->protection : none;
}

const char *
aura_site_get_notes (const AuraSite *site)
{
  g_return_val_if_fail (site != NULL, NULL);
  return site->notes;
}

/* Username rules. */

static gboolean
is_hidden_char (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  /* Control and format characters (bidirectional overrides, zero-width
   * joiners, BOM) make look-alike names and never belong in a handle. */
  return type == G_UNICODE_CONTROL || type == G_UNICODE_FORMAT || type == G_UNICODE_SURROGATE ||
         type == G_UNICODE_UNASSIGNED || c == 0x2028 || c == 0x2029;
}

static gboolean
charset_contains (GArray *ranges, gunichar c)
{
  for (guint i = 0; i < ranges->len; i++)
    {
      AuraCharRange *range = &g_array_index (ranges, AuraCharRange, i);

      if (c >= range->lo && c <= range->hi)
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_dns_label (const char *text)
{
  gsize len = strlen (text);

  if (len == 0 || len > 63 || text[0] == '-' || text[len - 1] == '-')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-')
        return FALSE;
    }
  return TRUE;
}

static char *
strip_chars (const char *text, const char *strip)
{
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_utf8_strchr (strip, -1, c) == NULL)
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static gboolean
invalid (char **out_reason, const char *reason)
{
  if (out_reason != NULL)
    *out_reason = g_strdup (reason);
  return FALSE;
}

/* The checks that do not depend on the site. */
static gboolean
check_basic (const char *username, char **out_reason)
{
  if (username == NULL || *username == '\0')
    return invalid (out_reason, "invalid: empty");
  if (!g_utf8_validate (username, -1, NULL))
    return invalid (out_reason, "invalid: not UTF-8");
  for (const char *p = username; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (is_hidden_char (g_utf8_get_char (p)))
        return invalid (out_reason, "invalid: control or invisible character");
    }
  return TRUE;
}

static gboolean
check_rules (const AuraSite *site, const char *name, char **out_reason)
{
  glong n_chars = g_utf8_strlen (name, -1);
  g_autoptr (GError) error = NULL;

  if (n_chars == 0)
    return invalid (out_reason, "invalid: empty");
  if (n_chars > AURA_USERNAME_MAX_CHARS)
    return invalid (out_reason, "invalid: longer than any site allows");
  if (site->min_length > 0 && (gulong)n_chars < site->min_length)
    {
      if (out_reason != NULL)
        *out_reason = g_strdup_printf ("invalid: shorter than %u characters", site->min_length);
      return FALSE;
    }
  if (site->max_length > 0 && (gulong)n_chars > site->max_length)
    {
      if (out_reason != NULL)
        *out_reason = g_strdup_printf ("invalid: longer than %u characters", site->max_length);
      return FALSE;
    }
  if (site->allowed != NULL)
    {
      for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
        {
          if (!charset_contains (site->allowed, g_utf8_get_char (p)))
            return invalid (out_reason, "invalid: character not allowed");
        }
    }
  if (site->in_host && !is_dns_label (name))
    return invalid (out_reason, "invalid: cannot be a host name");
  if (site->regex != NULL)
    {
      if (!g_regex_match_full (site->regex, name, -1, 0, 0, NULL, &error))
        {
          /* PCRE's backtracking limit ends a catastrophic match with an
           * error; the name is refused rather than checked. */
          if (error != NULL)
            {
              g_debug ("%s: username rule failed on a name: %s", site->name, error->message);
              return invalid (out_reason, "invalid: username rule too costly to evaluate");
            }
          return invalid (out_reason, "invalid: does not match the site’s username rule");
        }
    }
  return TRUE;
}

char *
aura_site_prepare_username (const AuraSite *site, const char *username, char **out_reason)
{
  g_autofree char *normal = NULL;
  g_autofree char *stripped = NULL;

  if (!check_basic (username, out_reason))
    return NULL;
  /* NFC first, so that a precomposed and a decomposed "é" make the same
   * request. */
  normal = g_utf8_normalize (username, -1, G_NORMALIZE_NFC);
  if (normal == NULL)
    {
      invalid (out_reason, "invalid: not UTF-8");
      return NULL;
    }
  if (site->strip != NULL && *site->strip != '\0')
    stripped = strip_chars (normal, site->strip);
  else
    stripped = g_steal_pointer (&normal);
  if (site->lowercase)
    {
      char *lower = g_utf8_strdown (stripped, -1);

      g_free (stripped);
      stripped = lower;
    }
  if (!check_rules (site, stripped, out_reason))
    return NULL;
  return g_steal_pointer (&stripped);
}

gboolean
aura_site_check_username (const AuraSite *site, const char *username, char **out_reason)
{
  g_autofree char *prepared = NULL;

  g_return_val_if_fail (site != NULL, FALSE);
  if (out_reason != NULL)
    *out_reason = NULL;
  prepared = aura_site_prepare_username (site, username, out_reason);
  return prepared != NULL;
}

/* Templates. */

char *
aura_percent_encode (const char *text)
{
  static const char hex[] = "0123456789ABCDEF";
  GString *out = g_string_sized_new (strlen (text) * 3);

  for (const guchar *p = (const guchar *)text; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '-' || *p == '.' || *p == '_' || *p == '~')
        g_string_append_c (out, (char)*p);
      else
        {
          g_string_append_c (out, '%');
          g_string_append_c (out, hex[*p >> 4]);
          g_string_append_c (out, hex[*p & 0xf]);
        }
    }
  return g_string_free (out, FALSE);
}

static char *
json_escape (const char *text)
{
  GString *out = g_string_sized_new (strlen (text) + 8);

  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar)*p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char)c);
        }
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char)c);
    }
  return g_string_free (out, FALSE);
}

static char *
expand (const char *template, const char *encoded, const char *raw)
{
  GString *out = g_string_sized_new (strlen (template) + 32);

  for (const char *p = template; *p != '\0';)
    {
      if (g_str_has_prefix (p, "{username}"))
        {
          g_string_append (out, encoded);
          p += strlen ("{username}");
        }
      else if (g_str_has_prefix (p, "{username_raw}"))
        {
          g_string_append (out, raw);
          p += strlen ("{username_raw}");
        }
      else
        g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

char *
aura_site_expand_url (const char *template, const char *username)
{
  g_autofree char *encoded = aura_percent_encode (username);

  return expand (template, encoded, username);
}

char *
aura_site_expand_body (const char *template, AuraBodyType body_type, const char *username)
{
  g_autofree char *encoded = NULL;

  switch (body_type)
    {
      case AURA_BODY_JSON:
        encoded = json_escape (username);
        break;
      case AURA_BODY_FORM:
        encoded = aura_percent_encode (username);
        break;
      case AURA_BODY_TEXT:
      default:
        encoded = g_strdup (username);
        break;
    }
  return expand (template, encoded, username);
}

char *
aura_site_format_profile_url (const AuraSite *site, const char *username)
{
  g_autofree char *prepared = NULL;

  g_return_val_if_fail (site != NULL, NULL);
  prepared = aura_site_prepare_username (site, username, NULL);
  if (prepared == NULL)
    return NULL;
  return aura_site_expand_url (site->profile_url, prepared);
}

AuraSiteProbe *
aura_site_build_probe (const AuraSite *site, const char *username, GError **error)
{
  g_autofree char *reason = NULL;
  g_autofree char *prepared = NULL;
  AuraSiteProbe *probe;
  guint n_headers;

  g_return_val_if_fail (site != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  prepared = aura_site_prepare_username (site, username, &reason);
  if (prepared == NULL)
    {
      g_set_error (error, AURA_MANIFEST_ERROR, AURA_MANIFEST_ERROR_INVALID_USERNAME, "%s: %s",
                   site->name, reason);
      return NULL;
    }

  probe = g_new0 (AuraSiteProbe, 1);
  probe->username = g_steal_pointer (&prepared);
  probe->url = aura_site_expand_url (site->probe_url, probe->username);
  probe->profile_url = aura_site_expand_url (site->profile_url, probe->username);
  n_headers = site->headers != NULL ? g_strv_length (site->headers) : 0;
  probe->headers = g_new0 (char *, n_headers + 1);
  for (guint i = 0; i < n_headers; i++)
    probe->headers[i] = aura_site_expand_body (site->headers[i], AURA_BODY_TEXT, probe->username);
  if (site->body != NULL)
    probe->body = aura_site_expand_body (site->body, site->body_type, probe->username);

  probe->request = (AuraHttpRequest)AURA_HTTP_REQUEST_INIT;
  probe->request.method = site->method;
  probe->request.url = probe->url;
  probe->request.headers = (const char *const *)probe->headers;
  probe->request.body = probe->body;
  probe->request.body_len = probe->body != NULL ? strlen (probe->body) : 0;
  probe->request.follow_redirects = site->follow_redirects;
  probe->request.proxy_key = site->name;
  return probe;
}

void
aura_site_probe_free (AuraSiteProbe *probe)
{
  if (probe == NULL)
    return;
  g_free (probe->username);
  g_free (probe->url);
  g_free (probe->profile_url);
  g_strfreev (probe->headers);
  g_free (probe->body);
  g_free (probe);
}

/* Calibration names. */

static char *
random_name (GRand *rand, const char *alphabet, guint length)
{
  gsize n = strlen (alphabet);
  GString *out = g_string_sized_new (length);

  for (guint i = 0; i < length; i++)
    {
      /* A letter first where the alphabet has letters: many sites want it. */
      const char *set = alphabet;
      gsize size = n;

      if (i == 0 && g_ascii_isalpha (alphabet[0]))
        {
          size = 0;
          while (g_ascii_isalpha (alphabet[size]))
            size++;
        }
      g_string_append_c (out, set[g_rand_int_range (rand, 0, (gint32)size)]);
    }
  return g_string_free (out, FALSE);
}

char *
aura_site_random_username (const AuraSite *site, GRand *rand)
{
  static const char *const alphabets[] = {
    "abcdefghijklmnopqrstuvwxyz0123456789",
    "abcdefghijklmnopqrstuvwxyz",
    "0123456789",
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
  };
  static const guint lengths[] = { 14, 12, 16, 10, 8, 20, 6, 9, 5, 4, 3, 24, 2, 1 };

  g_return_val_if_fail (site != NULL, NULL);
  g_return_val_if_fail (rand != NULL, NULL);

  /* Bounded: every alphabet at every length a few times, and the first name
   * the site's rules accept wins. Long names come first: they are the least
   * likely to be taken. */
  for (guint a = 0; a < G_N_ELEMENTS (alphabets); a++)
    for (guint l = 0; l < G_N_ELEMENTS (lengths); l++)
      {
        if ((site->min_length > 0 && lengths[l] < site->min_length) ||
            (site->max_length > 0 && lengths[l] > site->max_length))
          continue;
        for (guint attempt = 0; attempt < 4; attempt++)
          {
            g_autofree char *name = random_name (rand, alphabets[a], lengths[l]);
            g_autofree char *prepared = aura_site_prepare_username (site, name, NULL);

            if (prepared != NULL && g_str_equal (prepared, name))
              return g_steal_pointer (&name);
          }
      }
  return NULL;
}

const char *
aura_verdict_to_string (AuraVerdict verdict)
{
  switch (verdict)
    {
      case AURA_VERDICT_FOUND:
        return "found";
      case AURA_VERDICT_NOT_FOUND:
        return "not_found";
      case AURA_VERDICT_INVALID:
        return "invalid";
      case AURA_VERDICT_UNKNOWN:
      default:
        return "unknown";
    }
}

const char *
aura_calibration_to_string (AuraCalibration calibration)
{
  switch (calibration)
    {
      case AURA_CALIBRATION_RELIABLE:
        return "reliable";
      case AURA_CALIBRATION_UNRELIABLE:
        return "unreliable";
      case AURA_CALIBRATION_INCONCLUSIVE:
        return "inconclusive";
      case AURA_CALIBRATION_UNTESTED:
      default:
        return "untested";
    }
}

/* Variants. */

static gboolean
is_separator (char c)
{
  return c == '.' || c == '_' || c == '-' || c == ' ';
}

/* Splits "John.Smith_92" into {"John", "Smith"} and "92"; a name without
 * separators is split at lower-to-upper case changes ("JohnSmith"). */
static GPtrArray *
split_parts (const char *username, char **out_digits)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func (g_free);
  gsize len = strlen (username);
  gsize end = len;
  GString *part = g_string_new (NULL);
  gboolean has_separator = FALSE;

  while (end > 0 && g_ascii_isdigit (username[end - 1]))
    end--;
  /* A name that is all digits keeps them. */
  if (end == 0)
    end = len;
  *out_digits = g_strndup (username + end, len - end);

  for (gsize i = 0; i < end; i++)
    has_separator |= is_separator (username[i]);
  for (gsize i = 0; i < end; i++)
    {
      char c = username[i];
      gboolean boundary = is_separator (c);

      if (!has_separator && i > 0 && g_ascii_isupper (c) && g_ascii_islower (username[i - 1]))
        {
          g_ptr_array_add (parts, g_strdup (part->str));
          g_string_truncate (part, 0);
        }
      if (boundary)
        {
          if (part->len > 0)
            g_ptr_array_add (parts, g_strdup (part->str));
          g_string_truncate (part, 0);
        }
      else
        g_string_append_c (part, c);
    }
  if (part->len > 0)
    g_ptr_array_add (parts, g_strdup (part->str));
  g_string_free (part, TRUE);
  return parts;
}

static char *
join_parts (GPtrArray *parts, const char *separator, gboolean reversed, const char *suffix)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < parts->len; i++)
    {
      guint index = reversed ? parts->len - 1 - i : i;

      if (i > 0)
        g_string_append (out, separator);
      g_string_append (out, g_ptr_array_index (parts, index));
    }
  g_string_append (out, suffix);
  return g_string_free (out, FALSE);
}

static void
add_variant (GPtrArray *out, GHashTable *seen, char *variant, guint max)
{
  if (out->len < max && *variant != '\0' && !g_hash_table_contains (seen, variant))
    {
      g_hash_table_add (seen, g_strdup (variant));
      g_ptr_array_add (out, variant);
    }
  else
    g_free (variant);
}

GPtrArray *
aura_username_variants (const char *username, guint max)
{
  static const char *const separators[] = { "", ".", "_", "-" };
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) parts = NULL;
  g_autofree char *digits = NULL;

  g_return_val_if_fail (username != NULL, NULL);
  if (!g_utf8_validate (username, -1, NULL))
    return g_steal_pointer (&out);

  g_hash_table_add (seen, g_strdup (username));
  parts = split_parts (username, &digits);
  if (parts->len == 0)
    return g_steal_pointer (&out);

  for (guint s = 0; s < G_N_ELEMENTS (separators); s++)
    add_variant (out, seen, join_parts (parts, separators[s], FALSE, digits), max);
  if (*digits != '\0')
    for (guint s = 0; s < G_N_ELEMENTS (separators); s++)
      add_variant (out, seen, join_parts (parts, separators[s], FALSE, ""), max);
  if (parts->len > 1)
    for (guint s = 0; s < 3; s++)
      add_variant (out, seen, join_parts (parts, separators[s], TRUE, ""), max);
  /* Most sites ignore case; a lower-case form still reads differently to
   * the ones that do not. */
  add_variant (out, seen, g_utf8_strdown (username, -1), max);
  return g_steal_pointer (&out);
}
