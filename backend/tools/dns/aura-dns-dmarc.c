/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-dns"
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "aura-dns-private.h"

/* The DMARC record parser (RFC 7489 §6.3–6.4): "v=DMARC1" first, then
 * tag=value pairs separated by ";", spaces and tabs allowed around both.
 * Tag names and keyword values are read in any case; the version must be
 * "DMARC1" exactly. Unknown tags are ignored with a warning. The RFC lets
 * receivers quietly ignore a known tag with a bad value; Aura is an audit
 * tool, so it refuses the record and says which tag is wrong, except for
 * the one fallback the RFC spells out: p missing or invalid with a valid
 * rua reads as p=none (§6.6.3). A pure function. */

static const char *const policy_names[] = {
  [AURA_DMARC_NONE] = "none",
  [AURA_DMARC_QUARANTINE] = "quarantine",
  [AURA_DMARC_REJECT] = "reject",
};

const char *
aura_dmarc_policy_to_string (AuraDmarcPolicy policy)
{
  g_return_val_if_fail (policy <= AURA_DMARC_REJECT, NULL);

  return policy_names[policy];
}

static void
uri_free (gpointer data)
{
  AuraDmarcUri *uri = data;

  g_free (uri->uri);
  g_free (uri);
}

void
aura_dmarc_record_free (AuraDmarcRecord *record)
{
  if (record == NULL)
    return;
  g_ptr_array_unref (record->rua);
  g_ptr_array_unref (record->ruf);
  g_free (record->failure_options);
  g_free (record->report_format);
  g_ptr_array_unref (record->warnings);
  g_free (record);
}

static gboolean
is_wsp (char c)
{
  return c == ' ' || c == '\t';
}

/* @text without its leading and trailing spaces and tabs, copied. */
static char *
strip_wsp (const char *text, gsize len)
{
  while (len > 0 && is_wsp (text[0]))
    text++, len--;
  while (len > 0 && is_wsp (text[len - 1]))
    len--;
  return g_strndup (text, len);
}

static gboolean invalid (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError **error, const char *format, ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_POLICY_SYNTAX,
               _ ("The DMARC record is invalid: %s."), reason);
  return FALSE;
}

/* Values ------------------------------------------------------------------------------ */

static gboolean
read_policy (const char *value, AuraDmarcPolicy *policy)
{
  for (guint i = 0; i < G_N_ELEMENTS (policy_names); i++)
    if (g_ascii_strcasecmp (value, policy_names[i]) == 0)
      {
        *policy = (AuraDmarcPolicy)i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
read_number (const char *value, guint64 max, guint64 *number)
{
  guint64 result = 0;

  if (value[0] == '\0')
    return FALSE;
  for (const char *p = value; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      result = result * 10 + (guint64)(*p - '0');
      if (result > max)
        return FALSE;
    }
  *number = result;
  return TRUE;
}

/* A URI: a scheme, ":", then visible ASCII (no "!", ",", ";"). */
static gboolean
is_uri (const char *uri)
{
  const char *colon = strchr (uri, ':');

  if (colon == NULL || colon == uri || colon[1] == '\0' || !g_ascii_isalpha (uri[0]))
    return FALSE;
  for (const char *p = uri; p < colon; p++)
    if (!g_ascii_isalnum (*p) && *p != '+' && *p != '-' && *p != '.')
      return FALSE;
  for (const char *p = colon + 1; *p != '\0'; p++)
    if ((guchar)*p < 0x21 || (guchar)*p > 0x7e || *p == '!' || *p == ',' || *p == ';')
      return FALSE;
  return TRUE;
}

/* "mailto:a@example.com!10m" */
static AuraDmarcUri *
read_uri (const char *text, const char *tag, GError **error)
{
  g_autofree char *uri = g_strdup (text);
  char *bang = strchr (uri, '!');
  guint64 size = 0;
  g_autofree char *quoted = dns_quote (text, 80);
  AuraDmarcUri *result;

  if (bang != NULL)
    {
      g_autofree char *digits = g_strdup (bang + 1);
      gsize n = strlen (digits);
      guint shift = 0;

      *bang = '\0';
      if (n > 0 && strchr ("kKmMgGtT", digits[n - 1]) != NULL)
        {
          shift = (guint)(strchr ("kmgt", g_ascii_tolower (digits[n - 1])) - "kmgt" + 1) * 10;
          digits[n - 1] = '\0';
        }
      if (!read_number (digits, G_MAXUINT64 >> 40, &size) || size == 0)
        {
          invalid (error,
                   _ ("the size limit in %s=“%s” must be a number with an optional k, m, "
                      "g or t"),
                   tag, quoted);
          return NULL;
        }
      size <<= shift;
    }
  if (!is_uri (uri))
    {
      invalid (error, _ ("%s=“%s” is not a URI such as mailto:dmarc@example.com"), tag, quoted);
      return NULL;
    }
  result = g_new0 (AuraDmarcUri, 1);
  result->uri = g_steal_pointer (&uri);
  result->max_size = size;
  return result;
}

static gboolean
read_uris (const char *value, const char *tag, GPtrArray *into, GError **error)
{
  g_auto (GStrv) parts = g_strsplit (value, ",", -1);

  if (value[0] == '\0')
    return invalid (error, _ ("%s= is empty"), tag);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *part = strip_wsp (parts[i], strlen (parts[i]));
      AuraDmarcUri *uri = read_uri (part, tag, error);

      if (uri == NULL)
        return FALSE;
      g_ptr_array_add (into, uri);
    }
  return TRUE;
}

static gboolean
read_alignment (const char *value, const char *tag, AuraDmarcAlignment *alignment, GError **error)
{
  if (g_ascii_strcasecmp (value, "r") == 0)
    *alignment = AURA_DMARC_RELAXED;
  else if (g_ascii_strcasecmp (value, "s") == 0)
    *alignment = AURA_DMARC_STRICT;
  else
    {
      g_autofree char *quoted = dns_quote (value, 40);

      return invalid (error, _ ("%s=“%s” must be r (relaxed) or s (strict)"), tag, quoted);
    }
  return TRUE;
}

/* fo: "0", "1", "d", "s" separated by ":". */
static gboolean
read_failure_options (const char *value, char **options, GError **error)
{
  g_auto (GStrv) parts = g_strsplit (value, ":", -1);
  g_autoptr (GString) out = g_string_new (NULL);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *part = strip_wsp (parts[i], strlen (parts[i]));

      if (strlen (part) != 1 || strchr ("01dDsS", part[0]) == NULL)
        {
          g_autofree char *quoted = dns_quote (value, 40);

          return invalid (error, _ ("fo=“%s” must list 0, 1, d or s, separated by “:”"), quoted);
        }
      if (out->len > 0)
        g_string_append_c (out, ':');
      g_string_append_c (out, g_ascii_tolower (part[0]));
    }
  *options = g_string_free (g_steal_pointer (&out), FALSE);
  return TRUE;
}

/* rf: keywords (a letter, then letters, digits, "-") separated by ":". */
static gboolean
read_report_format (const char *value, char **format, GError **error)
{
  g_auto (GStrv) parts = g_strsplit (value, ":", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *part = strip_wsp (parts[i], strlen (parts[i]));
      gboolean ok = g_ascii_isalpha (part[0]);

      for (const char *p = part; ok && *p != '\0'; p++)
        ok = g_ascii_isalnum (*p) || *p == '-';
      if (!ok)
        {
          g_autofree char *quoted = dns_quote (value, 40);

          return invalid (error, _ ("rf=“%s” must list report formats such as afrf"), quoted);
        }
    }
  *format = g_strdup (value);
  return TRUE;
}

/* Tags --------------------------------------------------------------------------------- */

typedef struct
{
  AuraDmarcRecord *record;
  GHashTable *seen;
  gboolean policy_ok;
  char *bad_policy; /* the p= value that was not a policy */
} Reader;

static gboolean
read_tag (Reader *reader, const char *tag, const char *value, GError **error)
{
  AuraDmarcRecord *record = reader->record;
  g_autofree char *quoted = dns_quote (value, 40);
  guint64 number;

  if (g_str_equal (tag, "p"))
    {
      reader->policy_ok = read_policy (value, &record->policy);
      if (!reader->policy_ok)
        reader->bad_policy = g_strdup (quoted);
      return TRUE;
    }
  if (g_str_equal (tag, "sp"))
    {
      if (!read_policy (value, &record->subdomain_policy))
        return invalid (error, _ ("sp=“%s” must be none, quarantine or reject"), quoted);
      record->has_subdomain_policy = TRUE;
      return TRUE;
    }
  if (g_str_equal (tag, "pct"))
    {
      if (!read_number (value, 100, &number))
        return invalid (error, _ ("pct=“%s” must be a whole number from 0 to 100"), quoted);
      record->percent = (guint)number;
      return TRUE;
    }
  if (g_str_equal (tag, "rua"))
    return read_uris (value, "rua", record->rua, error);
  if (g_str_equal (tag, "ruf"))
    return read_uris (value, "ruf", record->ruf, error);
  if (g_str_equal (tag, "adkim"))
    return read_alignment (value, "adkim", &record->adkim, error);
  if (g_str_equal (tag, "aspf"))
    return read_alignment (value, "aspf", &record->aspf, error);
  if (g_str_equal (tag, "fo"))
    {
      g_clear_pointer (&record->failure_options, g_free);
      return read_failure_options (value, &record->failure_options, error);
    }
  if (g_str_equal (tag, "ri"))
    {
      if (!read_number (value, G_MAXUINT32, &number))
        return invalid (error, _ ("ri=“%s” must be a number of seconds"), quoted);
      record->interval = (guint32)number;
      return TRUE;
    }
  if (g_str_equal (tag, "rf"))
    {
      g_clear_pointer (&record->report_format, g_free);
      return read_report_format (value, &record->report_format, error);
    }
  g_ptr_array_add (record->warnings, g_strdup_printf (_ ("The unknown tag “%s” is ignored."), tag));
  return TRUE;
}

/* A tag name: a letter, then letters, digits and "_". */
static gboolean
is_tag_name (const char *name)
{
  if (!g_ascii_isalpha (name[0]))
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

static gboolean
read_pair (Reader *reader, const char *pair, gboolean first, GError **error)
{
  const char *equals = strchr (pair, '=');
  g_autofree char *raw_name = NULL;
  g_autofree char *name = NULL;
  g_autofree char *value = NULL;
  g_autofree char *quoted = dns_quote (pair, 60);

  if (equals == NULL)
    return invalid (error, _ ("“%s” is not of the form tag=value"), quoted);
  raw_name = strip_wsp (pair, equals - pair);
  value = strip_wsp (equals + 1, strlen (equals + 1));
  if (!is_tag_name (raw_name))
    return invalid (error, _ ("“%s” does not start with a tag name"), quoted);
  name = g_ascii_strdown (raw_name, -1);
  if (first)
    {
      if (!g_str_equal (name, "v"))
        return FALSE;
      return g_str_equal (value, "DMARC1");
    }
  if (g_str_equal (name, "v"))
    return invalid (error, _ ("v= may appear only once, first"));
  if (!g_hash_table_add (reader->seen, g_strdup (name)))
    return invalid (error, _ ("the tag %s= appears twice"), name);
  return read_tag (reader, name, value, error);
}

/* After the tags: the defaults, the p= fallback and the warnings. */
static gboolean
finish_record (Reader *reader, GError **error)
{
  AuraDmarcRecord *record = reader->record;

  if (!reader->policy_ok)
    {
      if (record->rua->len == 0)
        return reader->bad_policy != NULL
                   ? invalid (error, _ ("p=“%s” must be none, quarantine or reject"),
                              reader->bad_policy)
                   : invalid (error, _ ("the policy tag p= is missing"));
      record->policy = AURA_DMARC_NONE;
      g_ptr_array_add (record->warnings,
                       g_strdup (_ ("The policy p= is missing or invalid; with a valid rua= it "
                                    "reads as p=none (RFC 7489 §6.6.3).")));
    }
  if (!record->has_subdomain_policy)
    record->subdomain_policy = record->policy;
  if (record->policy == AURA_DMARC_NONE)
    g_ptr_array_add (record->warnings,
                     g_strdup (_ ("p=none only monitors: mail that fails DMARC is still "
                                  "delivered.")));
  if (record->percent < 100)
    g_ptr_array_add (record->warnings,
                     g_strdup_printf (_ ("pct=%u: the policy applies to only part of the "
                                         "failing mail."),
                                      record->percent));
  if (record->rua->len == 0)
    g_ptr_array_add (record->warnings,
                     g_strdup (_ ("Without rua=, nobody receives the aggregate reports.")));
  return TRUE;
}

/**
 * aura_dmarc_parse:
 * @text: the record, as one string (the TXT strings joined)
 * @error: where to put the reason the record is invalid
 *
 * Returns: (transfer full): the parsed record, or NULL with @error set
 */
AuraDmarcRecord *
aura_dmarc_parse (const char *text, GError **error)
{
  g_autoptr (AuraDmarcRecord) record = NULL;
  g_autoptr (GHashTable) seen = NULL;
  g_auto (GStrv) pairs = NULL;
  g_autofree char *bad_policy = NULL;
  Reader reader = { 0 };
  gsize len;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  len = strnlen (text, DNS_POLICY_MAX_LEN + 1);
  if (len > DNS_POLICY_MAX_LEN)
    {
      invalid (error, _ ("it is longer than %u bytes"), DNS_POLICY_MAX_LEN);
      return NULL;
    }
  record = g_new0 (AuraDmarcRecord, 1);
  record->percent = 100;
  record->rua = g_ptr_array_new_with_free_func (uri_free);
  record->ruf = g_ptr_array_new_with_free_func (uri_free);
  record->adkim = AURA_DMARC_RELAXED;
  record->aspf = AURA_DMARC_RELAXED;
  record->failure_options = g_strdup ("0");
  record->interval = 86400;
  record->report_format = g_strdup ("afrf");
  record->warnings = g_ptr_array_new_with_free_func (g_free);
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  reader.record = record;
  reader.seen = seen;

  pairs = g_strsplit (text, ";", -1);
  if (pairs[0] == NULL || !read_pair (&reader, pairs[0], TRUE, NULL))
    {
      g_set_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_NOT_POLICY,
                   _ ("This is not a DMARC record: it does not start with “v=DMARC1” (the "
                      "version is written exactly so, in capitals)."));
      return NULL;
    }
  for (guint i = 1; pairs[i] != NULL; i++)
    {
      g_autofree char *pair = strip_wsp (pairs[i], strlen (pairs[i]));

      /* An empty pair: the ";" that may end the record, or a doubled one. */
      if (pair[0] == '\0')
        continue;
      if (!read_pair (&reader, pair, FALSE, error))
        {
          g_free (reader.bad_policy);
          return NULL;
        }
    }
  bad_policy = reader.bad_policy;
  if (!finish_record (&reader, error))
    return NULL;
  return g_steal_pointer (&record);
}
