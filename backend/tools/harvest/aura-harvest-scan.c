/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-harvest"
#include "config.h"

#include <string.h>

#include "aura-entity-type.h"
#include "aura-harvest-private.h"
#include "aura-page-extract-private.h"

/* Scanners over raw bytes or visible text: tracking IDs (regular
 * expressions with no nested repetition, so matching stays linear), host
 * names under the site, phone numbers after a label, email addresses
 * (web/'s reader), URLs written out, and Cloudflare's protected
 * addresses. */

/* ---- Tracking IDs --------------------------------------------------------- */

typedef enum
{
  RULE_PLAIN = 0,
  RULE_UPPER = 1 << 0,      /* the ID in capitals */
  RULE_CA_PREFIX = 1 << 1,  /* ads.txt "pub-N" is AdSense "ca-pub-N" */
  RULE_GA_CONTEXT = 1 << 2, /* a G- ID only near Google's tag */
  RULE_UA_ACCOUNT = 1 << 3, /* the detail is the UA account */
} RuleFlags;

typedef struct
{
  const char *type;
  const char *pattern; /* group 1 is the ID */
  RuleFlags flags;
} TrackerRule;

static const TrackerRule tracker_rules[] = {
  { "google-analytics", "\\b(UA-[0-9]{4,10}-[0-9]{1,4})\\b", RULE_UA_ACCOUNT },
  { "google-analytics-4", "\\b(G-[A-Z0-9]{8,12})\\b", RULE_GA_CONTEXT },
  { "google-tag-manager", "\\b(GTM-[A-Z0-9]{4,9})\\b", RULE_PLAIN },
  { "google-adsense", "\\b(ca-pub-[0-9]{10,20})\\b", RULE_PLAIN },
  { "google-adsense", "\\bgoogle\\.com\\s*,\\s*(pub-[0-9]{10,20})\\b", RULE_CA_PREFIX },
  { "facebook-pixel", "fbq\\(\\s*['\"]init['\"]\\s*,\\s*['\"]?([0-9]{8,20})", RULE_PLAIN },
  { "facebook-pixel", "facebook\\.com/tr/?\\?id=([0-9]{8,20})", RULE_PLAIN },
  { "yandex-metrica", "\\bym\\(\\s*([0-9]{5,12})\\s*,\\s*['\"]init['\"]", RULE_PLAIN },
  { "yandex-metrica", "mc\\.yandex\\.(?:ru|com)/watch/([0-9]{5,12})", RULE_PLAIN },
  { "yandex-metrica", "\\byaCounter([0-9]{5,12})\\b", RULE_PLAIN },
  { "hotjar", "\\bhjid\\s*:\\s*([0-9]{4,10})\\b", RULE_PLAIN },
  { "hotjar", "static\\.hotjar\\.com/c/hotjar-([0-9]{4,10})\\.js", RULE_PLAIN },
  { "matomo", "_paq\\.push\\(\\s*\\[\\s*['\"]setSiteId['\"]\\s*,\\s*['\"]?([0-9A-Za-z]{1,20})",
    RULE_PLAIN },
  { "matomo", "(?:matomo|piwik)\\.php\\?idsite=([0-9]{1,10})", RULE_PLAIN },
  { "microsoft-clarity", "clarity\\.ms/tag/([a-z0-9]{6,12})\\b", RULE_PLAIN },
  { "microsoft-clarity",
    "\\(\\s*window\\s*,\\s*document\\s*,\\s*['\"]clarity['\"]\\s*,\\s*['\"]script['\"]\\s*,\\s*"
    "['\"]([a-z0-9]{6,12})['\"]",
    RULE_PLAIN },
};

/* Matomo's tracker: `var u="//stats.example.com/";` or setTrackerUrl. */
static const char matomo_host_pattern[] =
    "(?:\\bvar\\s+u\\s*=|setTrackerUrl['\"]\\s*,)\\s*['\"]((?:https?:)?//[^'\"/\\s]{1,200})";

static GRegex *
compile (const char *pattern)
{
  g_autoptr (GError) error = NULL;
  GRegex *regex = g_regex_new (pattern, G_REGEX_RAW | G_REGEX_OPTIMIZE, 0, &error);

  /* The patterns are constants: failing to compile one is a bug. */
  if (regex == NULL)
    g_error ("tracker pattern “%s”: %s", pattern, error->message);
  return regex;
}

static GRegex **
get_regexes (void)
{
  static gsize initialised = 0;
  static GRegex *regexes[G_N_ELEMENTS (tracker_rules) + 1];

  if (g_once_init_enter (&initialised))
    {
      for (guint i = 0; i < G_N_ELEMENTS (tracker_rules); i++)
        regexes[i] = compile (tracker_rules[i].pattern);
      regexes[G_N_ELEMENTS (tracker_rules)] = compile (matomo_host_pattern);
      g_once_init_leave (&initialised, 1);
    }
  return regexes;
}

/* Does the text just before @start mention Google's tag? A bare "G-…"
 * word is too common to be taken alone. */
static gboolean
near_google_tag (const char *data, gsize start)
{
  static const char *const words[] = { "gtag", "googletagmanager", "google-analytics",
                                       "google_analytics", "measurement" };
  gsize from = start > 400 ? start - 400 : 0;

  for (gsize i = from; i < start; i++)
    for (guint w = 0; w < G_N_ELEMENTS (words); w++)
      {
        gsize n = strlen (words[w]);

        if (i + n <= start && g_ascii_strncasecmp (data + i, words[w], n) == 0)
          return TRUE;
      }
  return FALSE;
}

static gboolean
has_digit_and_letter (const char *text)
{
  gboolean digit = FALSE;
  gboolean letter = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      digit |= g_ascii_isdigit (*p);
      letter |= g_ascii_isalpha (*p);
    }
  return digit && letter;
}

static char *
matomo_host (const char *data, gsize len)
{
  GRegex *regex = get_regexes ()[G_N_ELEMENTS (tracker_rules)];
  g_autoptr (GMatchInfo) info = NULL;
  g_autofree char *url = NULL;
  g_autofree char *absolute = NULL;
  g_autoptr (GUri) uri = NULL;

  if (!g_regex_match_full (regex, data, (gssize)len, 0, 0, &info, NULL))
    return NULL;
  url = g_match_info_fetch (info, 1);
  absolute = g_str_has_prefix (url, "//") ? g_strconcat ("https:", url, NULL) : g_strdup (url);
  uri = g_uri_parse (absolute, G_URI_FLAGS_ENCODED, NULL);
  return uri != NULL && g_uri_get_host (uri) != NULL ? g_ascii_strdown (g_uri_get_host (uri), -1)
                                                     : NULL;
}

static void
add_tracker (AuraHarvestSink *sink,
             const TrackerRule *rule,
             const char *raw_id,
             const char *data,
             gsize len,
             gint start,
             gint end)
{
  g_autofree char *id = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *key = NULL;
  g_autofree char *evidence = NULL;

  if (rule->flags & RULE_GA_CONTEXT)
    {
      if (!has_digit_and_letter (raw_id + 2) || !near_google_tag (data, (gsize)start))
        return;
    }
  if (rule->flags & RULE_CA_PREFIX)
    id = g_strconcat ("ca-", raw_id, NULL);
  else if (rule->flags & RULE_UPPER)
    id = g_ascii_strup (raw_id, -1);
  else
    id = g_strdup (raw_id);
  key = g_strconcat ("tracking-id:", rule->type, ":", id, NULL);
  if (aura_harvest_sink_has (sink, key))
    return;
  if (rule->flags & RULE_UA_ACCOUNT)
    detail = g_strndup (id, (gsize)(strrchr (id, '-') - id));
  else if (strcmp (rule->type, "matomo") == 0)
    detail = matomo_host (data, len);
  evidence = aura_harvest_snippet (data, len, (gsize)start, (gsize)end);
  aura_harvest_sink_add (sink, AURA_HARVEST_TRACKING_ID, rule->type, id, detail, key, evidence);
}

void
aura_harvest_scan_trackers (AuraHarvestSink *sink, const char *data, gsize len)
{
  GRegex **regexes = get_regexes ();

  if (len > G_MAXINT)
    len = G_MAXINT;
  for (guint r = 0; r < G_N_ELEMENTS (tracker_rules); r++)
    {
      g_autoptr (GMatchInfo) info = NULL;
      guint matches = 0;

      g_regex_match_full (regexes[r], data, (gssize)len, 0, 0, &info, NULL);
      while (g_match_info_matches (info) && matches++ < 64)
        {
          g_autofree char *id = g_match_info_fetch (info, 1);
          gint start = 0;
          gint end = 0;

          g_match_info_fetch_pos (info, 0, &start, &end);
          if (id != NULL && *id != '\0')
            add_tracker (sink, &tracker_rules[r], id, data, len, start, end);
          g_match_info_next (info, NULL);
        }
    }
}

/* ---- Host names ------------------------------------------------------------ */

static gboolean
is_host_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '.' || c == '_';
}

/* Where the name ending at @dot starts: ASCII host characters, and
 * letters or digits of other scripts (IDN labels written in Unicode). */
static gsize
name_start (const char *lower, gsize dot)
{
  gsize from = dot;

  while (from > 0 && dot - from < 253)
    {
      const char *previous;
      gunichar c;

      if (is_host_char (lower[from - 1]))
        {
          from--;
          continue;
        }
      if ((guchar)lower[from - 1] < 0x80)
        break;
      previous = g_utf8_find_prev_char (lower + (from > 4 ? from - 4 : 0), lower + from);
      if (previous == NULL)
        break;
      c = g_utf8_get_char_validated (previous, (gssize)(lower + from - previous));
      if (c == (gunichar)-1 || c == (gunichar)-2 || !g_unichar_isalnum (c))
        break;
      from = (gsize)(previous - lower);
    }
  return from;
}

/* The labels before ".SITE" at @dot, with an escape that ran into them
 * ("%2F", "\u002F", "\x2F", "\n") taken off, as A-labels. */
static char *
labels_before (const char *lower, gsize dot)
{
  gsize from = name_start (lower, dot);
  const char *p = lower + from;
  g_autofree char *labels = NULL;

  if (from > 0 && lower[from - 1] == '%' && g_ascii_isxdigit (p[0]) && g_ascii_isxdigit (p[1]))
    p += 2;
  else if (from > 0 && lower[from - 1] == '\\')
    {
      if (p[0] == 'u' && p[1] == '0' && p[2] == '0' && g_ascii_isxdigit (p[3]) &&
          g_ascii_isxdigit (p[4]))
        p += 5;
      else if (p[0] == 'x' && g_ascii_isxdigit (p[1]) && g_ascii_isxdigit (p[2]))
        p += 3;
      else if (p[0] == 'n' || p[0] == 't' || p[0] == 'r')
        p += 1;
    }
  while (p < lower + dot && (*p == '.' || *p == '-' || *p == '_'))
    p++;
  if (p >= lower + dot)
    return NULL;
  labels = g_strndup (p, (gsize)(lower + dot - p));
  if (!g_str_is_ascii (labels))
    {
      /* "bücher" → "xn--bcher-kva", through the store's IDNA rules. */
      g_autofree char *probe = g_strconcat (labels, ".example.com", NULL);
      g_autofree char *ace = aura_entity_normalize (AURA_ENTITY_SUBDOMAIN, probe, NULL, NULL);

      if (ace == NULL || !g_str_has_suffix (ace, ".example.com"))
        return NULL;
      ace[strlen (ace) - strlen (".example.com")] = '\0';
      return g_steal_pointer (&ace);
    }
  return g_steal_pointer (&labels);
}

void
aura_harvest_scan_hosts (AuraHarvestSink *sink, const char *data, gsize len)
{
  g_autofree char *lower = NULL;
  g_autofree char *needle = NULL;
  gsize needle_len;
  const char *p;
  const char *end;

  if (sink->site == NULL || len == 0)
    return;
  /* A copy in lower case, NUL bytes included (g_ascii_strdown() would stop
   * at the first). */
  lower = g_malloc (len + 1);
  for (gsize i = 0; i < len; i++)
    lower[i] = g_ascii_tolower (data[i]);
  lower[len] = '\0';
  needle = g_strconcat (".", sink->site, NULL);
  needle_len = strlen (needle);
  end = lower + len;
  p = lower;
  while ((p = memchr (p, '.', (gsize)(end - p))) != NULL)
    {
      const char *after = p + needle_len;
      g_autofree char *labels = NULL;
      g_autofree char *host = NULL;
      g_autofree char *evidence = NULL;

      if ((gsize)(end - p) < needle_len || memcmp (p, needle, needle_len) != 0)
        {
          p++;
          continue;
        }
      /* "example.com.evil.test" and "example.community" are other sites. */
      if (after < end && (g_ascii_isalnum (*after) || *after == '-' || *after == '_' ||
                          (*after == '.' && after + 1 < end && g_ascii_isalnum (after[1]))))
        {
          p = after;
          continue;
        }
      labels = labels_before (lower, (gsize)(p - lower));
      if (labels != NULL)
        {
          g_autofree char *key = NULL;

          host = g_strconcat (labels, needle, NULL);
          key = g_strconcat ("host:", host, NULL);
          if (!aura_harvest_sink_has (sink, key))
            {
              gsize from =
                  (gsize)(p - lower) > strlen (labels) ? (gsize)(p - lower) - strlen (labels) : 0;

              evidence = aura_harvest_snippet (data, len, from, (gsize)(after - lower));
              aura_harvest_sink_add_host (sink, host, evidence);
            }
        }
      p = after;
    }
}

/* ---- Phone numbers ------------------------------------------------------- */

/* Words that announce a phone number, in lower case. */
static const char *const phone_labels[] = {
  "tel",      "tél",     "phone",    "fon",      "fax",       "mobile",  "mobil", "cell", "call",
  "whatsapp", "telefon", "teléfono", "telefono", "téléphone", "hotline", "☎",     "📞",    "ruf",
};

static gboolean
labelled (const char *text, gsize start)
{
  gsize from = start > 32 ? start - 32 : 0;

  for (gsize i = from; i < start; i++)
    for (guint l = 0; l < G_N_ELEMENTS (phone_labels); l++)
      {
        gsize n = strlen (phone_labels[l]);

        if (i + n <= start && g_ascii_strncasecmp (text + i, phone_labels[l], n) == 0)
          return TRUE;
      }
  return FALSE;
}

/* "2024-03-01", "01.03.2024", "1/3/2024": eight digits in three groups. */
static gboolean
looks_like_date (const char *number, gsize len)
{
  guint groups[4] = { 0 };
  guint n = 0;

  for (gsize i = 0; i < len; i++)
    {
      if (g_ascii_isdigit (number[i]))
        {
          if (n >= 3)
            return FALSE;
          groups[n]++;
        }
      else if (strchr ("-./", number[i]) != NULL && groups[n] > 0)
        n++;
      else
        return FALSE;
    }
  if (n != 2)
    return FALSE;
  return (groups[0] == 4 && groups[1] <= 2 && groups[2] <= 2) ||
         (groups[0] <= 2 && groups[1] <= 2 && (groups[2] == 4 || groups[2] == 2));
}

/* The end of a number candidate starting at @start, and its digit count. */
static gsize
number_end (const char *text, gsize len, gsize start, guint *out_digits)
{
  gsize last_digit_end = start;
  guint digits = 0;
  gsize j = start;

  while (j < len && j - start < 40)
    {
      guchar c = (guchar)text[j];

      if (g_ascii_isdigit (c))
        {
          digits++;
          last_digit_end = j + 1;
        }
      else if (c == ' ' && j + 1 < len && text[j + 1] == ' ')
        break;
      else if (c == 0xC2 && j + 1 < len && (guchar)text[j + 1] == 0xA0)
        j++;
      else if (c == '\0' || (strchr (" -.()/", c) == NULL && !(c == '+' && j == start)))
        break;
      j++;
    }
  *out_digits = digits;
  return last_digit_end;
}

void
aura_harvest_scan_phones (AuraHarvestSink *sink, const char *text, gsize len)
{
  gsize i = 0;

  while (i < len)
    {
      char c = text[i];
      gsize end;
      guint digits = 0;

      if (!(c == '+' || c == '(' || g_ascii_isdigit (c)) ||
          (i > 0 && (g_ascii_isalnum (text[i - 1]) || strchr ("+-./_@", text[i - 1]) != NULL)))
        {
          i++;
          continue;
        }
      end = number_end (text, len, i, &digits);
      if (digits >= 7 && digits <= 15 && !(end < len && g_ascii_isalpha (text[end])) &&
          ((c == '+' && digits >= 8) || labelled (text, i)) && !looks_like_date (text + i, end - i))
        {
          g_autofree char *number = g_strndup (text + i, end - i);
          g_autofree char *key = aura_harvest_phone_key (number);

          if (key != NULL && !aura_harvest_sink_has (sink, key))
            {
              g_autofree char *evidence = aura_harvest_snippet (text, len, i, end);
              aura_harvest_sink_add_phone (sink, number, "text", evidence);
            }
        }
      i = MAX (end, i + 1);
    }
}

/* ---- Email addresses -------------------------------------------------------- */

static void
page_value_free (gpointer data)
{
  AuraPageValue *value = data;

  g_free (value->value);
  g_free (value->field);
  g_free (value);
}

/* Where in @lower (the text in lower case) the address, or its local part
 * for de-obfuscated ones, was written. */
static char *
email_evidence (const char *text, const char *lower, gsize len, const char *address)
{
  g_autofree char *folded = g_ascii_strdown (address, -1);
  const char *at = strchr (folded, '@');
  const char *found = strstr (lower, folded);

  if (found == NULL && at != NULL)
    {
      g_autofree char *local = g_strndup (folded, (gsize)(at - folded));
      found = strstr (lower, local);
    }
  if (found == NULL)
    return NULL;
  return aura_harvest_snippet (text, len, (gsize)(found - lower),
                               MIN (len, (gsize)(found - lower) + strlen (folded)));
}

void
aura_harvest_scan_emails (AuraHarvestSink *sink, const char *text, gsize len, const char *type)
{
  AuraPageInfo info = { 0 };
  AuraPageLimits limits = { .max_emails = 200 };
  AuraPageBuilder builder;
  g_autofree char *lower = NULL;

  if (len == 0)
    return;
  /* web/ finds addresses in text, the bracketed “[at]”/“(dot)” forms
   * included; its builder only needs the emails list. */
  info.emails = g_ptr_array_new_with_free_func (page_value_free);
  aura_page_builder_init (&builder, &info, &limits, NULL);
  aura_page_scan_text_emails (&builder, text, len);
  aura_page_builder_clear (&builder);
  if (info.emails->len > 0)
    {
      lower = g_malloc (len + 1);
      for (gsize i = 0; i < len; i++)
        lower[i] = g_ascii_tolower (text[i]);
      lower[len] = '\0';
    }
  for (guint i = 0; i < info.emails->len; i++)
    {
      const AuraPageValue *value = info.emails->pdata[i];
      gboolean obfuscated = g_strcmp0 (value->field, "text (de-obfuscated)") == 0;
      g_autofree char *evidence = email_evidence (text, lower, len, value->value);

      aura_harvest_sink_add_email (sink, value->value, obfuscated ? "text-deobfuscated" : type,
                                   evidence);
    }
  g_ptr_array_unref (info.emails);
}

void
aura_harvest_add_cloudflare_email (AuraHarvestSink *sink, const char *hex)
{
  g_autoptr (GString) address = g_string_new (NULL);
  gsize n = hex != NULL ? strlen (hex) : 0;
  guint key;
  g_autofree char *evidence = NULL;

  /* The first byte is the key; every next byte is a character XOR it. */
  if (n < 4 || n % 2 != 0 || n > 512)
    return;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isxdigit (hex[i]))
      return;
  key = (guint)(g_ascii_xdigit_value (hex[0]) * 16 + g_ascii_xdigit_value (hex[1]));
  for (gsize i = 2; i < n; i += 2)
    {
      guint c = (guint)(g_ascii_xdigit_value (hex[i]) * 16 + g_ascii_xdigit_value (hex[i + 1]));

      c ^= key;
      if (c < 0x21 || c > 0x7e)
        return;
      g_string_append_c (address, (char)c);
    }
  evidence = g_strdup_printf ("data-cfemail=\"%s\"", hex);
  aura_harvest_sink_add_email (sink, address->str, "cloudflare", evidence);
}

/* ---- URLs in text -------------------------------------------------------- */

void
aura_harvest_scan_urls (AuraHarvestSink *sink, const char *text, gsize len)
{
  guint found = 0;

  for (gsize i = 0; i + 8 < len && found < AURA_HARVEST_MAX_PAGE_LINKS; i++)
    {
      gsize end;
      g_autofree char *url = NULL;

      if (text[i] != 'h' ||
          (strncmp (text + i, "http://", 7) != 0 && strncmp (text + i, "https://", 8) != 0))
        continue;
      end = i;
      while (end < len && end - i < 2048 && (guchar)text[end] > ' ' &&
             strchr ("\"'<>`", text[end]) == NULL)
        end++;
      while (end > i && strchr (".,;:!?)]}", text[end - 1]) != NULL)
        end--;
      url = g_strndup (text + i, end - i);
      aura_harvest_sink_add_href (sink, url, NULL, TRUE);
      found++;
      i = end;
    }
}
