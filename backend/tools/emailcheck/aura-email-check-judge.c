/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-emailcheck"
#include "config.h"

#include <string.h>

#include "aura-email-check-private.h"
#include "aura-site-list.h"

/* Reading a site's answer: transport failures first, then what says "slow
 * down" (429, the check's rate_limited rules), then bot walls (the check's
 * blocked rules, then the walls the username checks know), then the
 * check's not_found rules (which win over found, so that an inconsistent
 * answer never reads as an account), then found; anything else is unknown
 * with a reason a person can act on. Reasons are untranslated, recorded
 * as they are, and start with a word of a fixed vocabulary (README.md). */

/* Bodies past this size are not parsed for JSON rules. */
#define JSON_MAX_BYTES (4 * 1024 * 1024)

typedef struct
{
  const AuraHttpResponse *response;
  const char *text;
  gsize len;
  JsonNode *json;
  gboolean json_tried;
} Answer;

static JsonNode *
answer_json (Answer *answer)
{
  if (!answer->json_tried)
    {
      answer->json_tried = TRUE;
      if (answer->len <= JSON_MAX_BYTES)
        answer->json = aura_email_parse_json (answer->text, answer->len);
    }
  return answer->json;
}

static gboolean
body_contains (const Answer *answer, const char *needle)
{
  gsize n = strlen (needle);
  const char *p = answer->text;
  const char *end = answer->text + answer->len;

  if (n == 0 || n > answer->len)
    return FALSE;
  while ((gsize)(end - p) >= n && (p = memchr (p, needle[0], (gsize)(end - p) - n + 1)) != NULL)
    {
      if (memcmp (p, needle, n) == 0)
        return TRUE;
      p++;
    }
  return FALSE;
}

static char *
quote (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  if (g_utf8_strlen (valid, -1) > 60)
    {
      g_autofree char *cut = g_utf8_substring (valid, 0, 59);

      return g_strdup_printf ("“%s…”", cut);
    }
  return g_strdup_printf ("“%s”", valid);
}

static void
phrase_add (GString *reason, const char *phrase)
{
  if (reason->len > 0)
    g_string_append (reason, " and ");
  g_string_append (reason, phrase);
}

static gboolean
scalars_equal (JsonNode *actual, JsonNode *expected)
{
  GType want;
  GType have;

  if (JSON_NODE_HOLDS_NULL (expected))
    return JSON_NODE_HOLDS_NULL (actual);
  if (!JSON_NODE_HOLDS_VALUE (actual))
    return FALSE;
  want = json_node_get_value_type (expected);
  have = json_node_get_value_type (actual);
  if (want == G_TYPE_STRING || have == G_TYPE_STRING)
    return want == have &&
           g_str_equal (json_node_get_string (actual), json_node_get_string (expected));
  if (want == G_TYPE_BOOLEAN || have == G_TYPE_BOOLEAN)
    return want == have && json_node_get_boolean (actual) == json_node_get_boolean (expected);
  return json_node_get_double (actual) == json_node_get_double (expected);
}

static gboolean
json_cond_holds (AuraEmailJsonCond *cond, JsonNode *root, GString *reason)
{
  JsonNode *node = aura_source_path_first (cond->path, root);
  const char *path = aura_source_path_get_text (cond->path);
  gboolean present = node != NULL && !JSON_NODE_HOLDS_NULL (node);
  g_autofree char *phrase = NULL;

  switch (cond->op)
    {
      case AURA_EMAIL_JSON_EXISTS:
      case AURA_EMAIL_JSON_MISSING:
        if (present != (cond->op == AURA_EMAIL_JSON_EXISTS))
          return FALSE;
        phrase = g_strdup_printf ("json %s %s", path, present ? "exists" : "missing");
        break;
      case AURA_EMAIL_JSON_EQUALS:
      case AURA_EMAIL_JSON_IN:
        {
          gboolean hit = FALSE;
          g_autofree char *shown = NULL;

          for (guint i = 0; node != NULL && i < cond->values->len && !hit; i++)
            hit = scalars_equal (node, g_ptr_array_index (cond->values, i));
          if (!hit)
            return FALSE;
          shown = json_to_string (node, FALSE);
          phrase = g_strdup_printf ("json %s = %s", path, shown);
        }
        break;
      default:
        return FALSE;
    }
  phrase_add (reason, phrase);
  return TRUE;
}

static const char *
redirect_target (const AuraHttpResponse *response)
{
  if (response->redirect_url != NULL)
    return response->redirect_url;
  if (response->n_redirects > 0 && response->final_url != NULL)
    return response->final_url;
  return NULL;
}

/* A redirect pattern matches the whole target or its path and query, so
 * that a rule need not name the host (which tests move to loopback). */
static gboolean
redirect_matches (GPatternSpec *pattern, const char *target)
{
  g_autoptr (GUri) uri = NULL;
  g_autofree char *tail = NULL;

  if (g_pattern_spec_match_string (pattern, target))
    return TRUE;
  uri = g_uri_parse (target, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL)
    return FALSE;
  tail = g_uri_get_query (uri) != NULL
             ? g_strconcat (g_uri_get_path (uri), "?", g_uri_get_query (uri), NULL)
             : g_strdup (g_uri_get_path (uri));
  return g_pattern_spec_match_string (pattern, tail);
}

static gboolean
status_in (GArray *ranges, guint status)
{
  for (guint i = 0; i < ranges->len; i++)
    {
      AuraEmailStatusRange *range = &g_array_index (ranges, AuraEmailStatusRange, i);

      if (status >= range->lo && status <= range->hi)
        return TRUE;
    }
  return FALSE;
}

static gboolean
text_conditions_hold (AuraEmailRule *rule, Answer *answer, GString *reason)
{
  for (guint i = 0; rule->contains != NULL && rule->contains[i] != NULL; i++)
    {
      g_autofree char *quoted = NULL;
      g_autofree char *phrase = NULL;

      if (!body_contains (answer, rule->contains[i]))
        return FALSE;
      quoted = quote (rule->contains[i]);
      phrase = g_strdup_printf ("text %s present", quoted);
      phrase_add (reason, phrase);
    }
  for (guint i = 0; rule->not_contains != NULL && rule->not_contains[i] != NULL; i++)
    {
      g_autofree char *quoted = NULL;
      g_autofree char *phrase = NULL;

      if (body_contains (answer, rule->not_contains[i]))
        return FALSE;
      quoted = quote (rule->not_contains[i]);
      phrase = g_strdup_printf ("text %s absent", quoted);
      phrase_add (reason, phrase);
    }
  if (rule->regex != NULL)
    {
      g_autofree char *quoted = NULL;
      g_autofree char *phrase = NULL;

      g_autofree char *copy = NULL;
      gsize len;
      const char *valid = aura_email_regex_subject (answer->text, answer->len, &copy, &len);

      if (!g_regex_match_full (rule->regex, valid, (gssize)len, 0, 0, NULL, NULL))
        return FALSE;
      quoted = quote (rule->regex_text);
      phrase = g_strdup_printf ("regex %s matched", quoted);
      phrase_add (reason, phrase);
    }
  return TRUE;
}

static gboolean
rule_holds (AuraEmailRule *rule, Answer *answer, GString *reason)
{
  guint status = answer->response->status;

  if (rule->status != NULL)
    {
      g_autofree char *phrase = NULL;

      if (!status_in (rule->status, status))
        return FALSE;
      phrase = g_strdup_printf ("status %u", status);
      phrase_add (reason, phrase);
    }
  if (rule->redirect != NULL)
    {
      const char *target = redirect_target (answer->response);
      g_autofree char *phrase = NULL;

      if (target == NULL || !redirect_matches (rule->redirect, target))
        return FALSE;
      phrase = g_strdup_printf ("redirected to %s", target);
      phrase_add (reason, phrase);
    }
  if (!text_conditions_hold (rule, answer, reason))
    return FALSE;
  if (rule->json != NULL)
    {
      JsonNode *root = answer_json (answer);

      if (root == NULL)
        return FALSE;
      for (guint i = 0; i < rule->json->len; i++)
        if (!json_cond_holds (g_ptr_array_index (rule->json, i), root, reason))
          return FALSE;
    }
  return TRUE;
}

/* The reason of the first rule of @rules that holds, or NULL. */
static char *
first_rule (GPtrArray *rules, Answer *answer)
{
  for (guint i = 0; rules != NULL && i < rules->len; i++)
    {
      g_autoptr (GString) reason = g_string_new (NULL);

      if (rule_holds (g_ptr_array_index (rules, i), answer, reason))
        return g_string_free (g_steal_pointer (&reason), FALSE);
    }
  return NULL;
}

/* ---- Bot walls ----------------------------------------------------------------- */

/* A username site with no rule of its own: judging an answer with it says
 * only what the username checks recognise in any answer, which is their
 * bot-wall and CAPTCHA detection. */
static const char wall_manifest[] =
    "{\"format\": \"aura-sites\", \"version\": 1, \"sites\": [{"
    " \"name\": \"email-check-wall\", \"url\": \"http://wall.invalid/\","
    " \"profile_url\": \"http://wall.invalid/{username}\","
    " \"detect\": {\"found\": [{\"status\": [599], \"text_all\": [\"aura-never-present\"]}],"
    "  \"otherwise\": \"unknown\"}}]}";

AuraSite *
aura_email_wall_site_new (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraSiteList) list =
      aura_site_list_load_data (wall_manifest, -1, "email-check-wall", NULL, &error);

  if (list == NULL)
    {
      g_critical ("the bot-wall probe site does not load: %s", error->message);
      return NULL;
    }
  return aura_site_ref (aura_site_list_get_site (list, 0));
}

char *
aura_email_detect_wall (AuraSite *wall_site, const AuraHttpResponse *response)
{
  g_autofree char *reason = NULL;

  if (wall_site == NULL || response->outcome != AURA_HTTP_OK)
    return NULL;
  if (aura_site_judge (wall_site, "probe", response, &reason, NULL) == AURA_VERDICT_UNKNOWN &&
      reason != NULL && g_str_has_prefix (reason, "blocked: "))
    return g_strdup (reason + strlen ("blocked: "));
  return NULL;
}

/* ---- The verdict ----------------------------------------------------------------- */

static AuraVerdict
conclude (AuraEmailCheckReason *out_kind,
          char **out_reason,
          AuraVerdict verdict,
          AuraEmailCheckReason kind,
          char *reason)
{
  if (out_kind != NULL)
    *out_kind = kind;
  if (out_reason != NULL)
    *out_reason = reason;
  else
    g_free (reason);
  return verdict;
}

static AuraVerdict
judge_transport (const AuraHttpResponse *response,
                 AuraEmailCheckReason *out_kind,
                 char **out_reason)
{
  switch (response->outcome)
    {
      case AURA_HTTP_ERROR_TIMEOUT:
        return conclude (out_kind, out_reason, AURA_VERDICT_UNKNOWN,
                         AURA_EMAIL_CHECK_REASON_TIMEOUT,
                         g_strdup ("timeout: no complete answer in time"));
      case AURA_HTTP_ERROR_CANCELLED:
        return conclude (out_kind, out_reason, AURA_VERDICT_UNKNOWN,
                         AURA_EMAIL_CHECK_REASON_CANCELLED, g_strdup ("cancelled"));
      case AURA_HTTP_ERROR_PROTOCOL:
        return conclude (out_kind, out_reason, AURA_VERDICT_UNKNOWN,
                         AURA_EMAIL_CHECK_REASON_NETWORK,
                         g_strdup ("error: the connection closed before the answer was complete"));
      default:
        return conclude (
            out_kind, out_reason, AURA_VERDICT_UNKNOWN, AURA_EMAIL_CHECK_REASON_NETWORK,
            g_strdup_printf ("error: %s%s%s", aura_http_outcome_to_string (response->outcome),
                             response->error_message != NULL ? " — " : "",
                             response->error_message != NULL ? response->error_message : ""));
    }
}

AuraVerdict
aura_email_check_judge (const AuraEmailCheck *check,
                        AuraSite *wall_site,
                        const AuraHttpResponse *response,
                        AuraEmailCheckReason *out_kind,
                        char **out_reason)
{
  Answer answer = { response, NULL, 0, NULL, FALSE };
  g_autofree char *wall = NULL;
  char *reason = NULL;
  AuraVerdict verdict;

  g_return_val_if_fail (check != NULL, AURA_VERDICT_UNKNOWN);
  g_return_val_if_fail (response != NULL, AURA_VERDICT_UNKNOWN);

  if (response->outcome != AURA_HTTP_OK)
    return judge_transport (response, out_kind, out_reason);
  answer.text = aura_http_response_get_text (response, &answer.len);
  if (response->status == 429)
    verdict =
        conclude (out_kind, out_reason, AURA_VERDICT_UNKNOWN, AURA_EMAIL_CHECK_REASON_RATE_LIMITED,
                  g_strdup ("rate_limited: status 429"));
  else if ((reason = first_rule (check->rate_limited, &answer)) != NULL)
    verdict =
        conclude (out_kind, out_reason, AURA_VERDICT_UNKNOWN, AURA_EMAIL_CHECK_REASON_RATE_LIMITED,
                  g_strdup_printf ("rate_limited: %s", reason));
  else if ((reason = first_rule (check->blocked, &answer)) != NULL ||
           (wall = aura_email_detect_wall (wall_site, response)) != NULL)
    verdict = conclude (out_kind, out_reason, AURA_VERDICT_UNKNOWN, AURA_EMAIL_CHECK_REASON_BLOCKED,
                        g_strdup_printf ("blocked: %s", reason != NULL ? reason : wall));
  else if ((reason = first_rule (check->not_found, &answer)) != NULL)
    verdict = conclude (out_kind, out_reason, AURA_VERDICT_NOT_FOUND,
                        AURA_EMAIL_CHECK_REASON_MATCHED, g_strdup (reason));
  else if ((reason = first_rule (check->found, &answer)) != NULL)
    verdict = conclude (out_kind, out_reason, AURA_VERDICT_FOUND, AURA_EMAIL_CHECK_REASON_MATCHED,
                        g_strdup (reason));
  else if (response->status >= 500)
    verdict =
        conclude (out_kind, out_reason, AURA_VERDICT_UNKNOWN, AURA_EMAIL_CHECK_REASON_SERVER_ERROR,
                  g_strdup_printf ("error: status %u", response->status));
  else if (check->reads_json && answer_json (&answer) == NULL)
    verdict =
        conclude (out_kind, out_reason, AURA_VERDICT_UNKNOWN, AURA_EMAIL_CHECK_REASON_NOT_JSON,
                  g_strdup_printf ("not_json: the answer was not JSON (status %u%s%s)%s",
                                   response->status, response->content_type != NULL ? ", " : "",
                                   response->content_type != NULL ? response->content_type : "",
                                   response->truncated ? ", cut at the size limit" : ""));
  else
    verdict =
        conclude (out_kind, out_reason, AURA_VERDICT_UNKNOWN, AURA_EMAIL_CHECK_REASON_INCONCLUSIVE,
                  g_strdup_printf ("inconclusive: status %u, no rule matched", response->status));
  g_free (reason);
  g_clear_pointer (&answer.json, json_node_unref);
  return verdict;
}

/* ---- Recovery hints --------------------------------------------------------------- */

void
aura_email_hint_free (AuraEmailHint *hint)
{
  if (hint == NULL)
    return;
  g_free (hint->value);
  g_free (hint);
}

/* What a person should see of a hint: valid UTF-8, character references
 * decoded, controls, format characters (bidirectional overrides,
 * zero-width) and unassigned code points removed, spaces collapsed,
 * at most AURA_EMAIL_CHECK_HINT_MAX_CHARS characters. NULL when nothing is
 * left. */
static char *
clean_hint (const char *raw)
{
  g_autofree char *valid = g_utf8_make_valid (raw, -1);
  g_autofree char *decoded = aura_email_decode_entities (valid);
  g_autoptr (GString) out = g_string_new (NULL);
  guint chars = 0;
  gboolean space = FALSE;

  for (const char *p = decoded; *p != '\0' && chars < AURA_EMAIL_CHECK_HINT_MAX_CHARS;
       p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (g_unichar_isspace (c) || type == G_UNICODE_SPACE_SEPARATOR ||
          type == G_UNICODE_LINE_SEPARATOR || type == G_UNICODE_PARAGRAPH_SEPARATOR)
        {
          space = out->len > 0;
          continue;
        }
      if (type == G_UNICODE_CONTROL || type == G_UNICODE_FORMAT || type == G_UNICODE_UNASSIGNED ||
          type == G_UNICODE_SURROGATE || type == G_UNICODE_PRIVATE_USE)
        continue;
      if (space)
        {
          g_string_append_c (out, ' ');
          chars++;
          space = FALSE;
        }
      g_string_append_unichar (out, c);
      chars++;
    }
  if (out->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
add_hint (GPtrArray *hints, AuraEmailHintKind kind, const char *raw)
{
  g_autofree char *value = raw != NULL ? clean_hint (raw) : NULL;
  AuraEmailHint *hint;

  if (value == NULL || hints->len >= AURA_EMAIL_CHECK_MAX_HINTS)
    return;
  for (guint i = 0; i < hints->len; i++)
    {
      AuraEmailHint *other = g_ptr_array_index (hints, i);

      if (other->kind == kind && g_str_equal (other->value, value))
        return;
    }
  hint = g_new0 (AuraEmailHint, 1);
  hint->kind = kind;
  hint->value = g_steal_pointer (&value);
  g_ptr_array_add (hints, hint);
}

static void
hints_from_regex (AuraEmailHintRule *rule, const char *text, gsize len, GPtrArray *hints)
{
  g_autoptr (GMatchInfo) match = NULL;
  int group = g_regex_get_capture_count (rule->regex) > 0 ? 1 : 0;
  guint rounds = 0;
  g_autofree char *copy = NULL;
  gsize valid_len;
  const char *valid = aura_email_regex_subject (text, len, &copy, &valid_len);

  g_regex_match_full (rule->regex, valid, (gssize)valid_len, 0, 0, &match, NULL);
  while (g_match_info_matches (match) && rounds++ < AURA_EMAIL_CHECK_MAX_HINTS)
    {
      g_autofree char *value = g_match_info_fetch (match, group);

      add_hint (hints, rule->kind, value);
      g_match_info_next (match, NULL);
    }
}

static void
hints_from_json (AuraEmailHintRule *rule, JsonNode *root, GPtrArray *hints)
{
  JsonNode *node = aura_source_path_first (rule->path, root);

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array) && i < AURA_EMAIL_CHECK_MAX_HINTS; i++)
        {
          g_autofree char *value = aura_email_json_scalar_text (json_array_get_element (array, i));

          add_hint (hints, rule->kind, value);
        }
      return;
    }
  {
    g_autofree char *value = aura_email_json_scalar_text (node);

    add_hint (hints, rule->kind, value);
  }
}

void
aura_email_check_extract_hints (const AuraEmailCheck *check,
                                const AuraHttpResponse *response,
                                GPtrArray *hints)
{
  gsize len = 0;
  const char *text = aura_http_response_get_text (response, &len);
  g_autoptr (JsonNode) json = NULL;
  gboolean json_tried = FALSE;

  for (guint i = 0; check->hints != NULL && i < check->hints->len; i++)
    {
      AuraEmailHintRule *rule = g_ptr_array_index (check->hints, i);

      if (rule->regex != NULL)
        hints_from_regex (rule, text, len, hints);
      else
        {
          if (!json_tried)
            {
              json_tried = TRUE;
              json = len <= JSON_MAX_BYTES ? aura_email_parse_json (text, len) : NULL;
            }
          if (json != NULL)
            hints_from_json (rule, json, hints);
        }
    }
}
