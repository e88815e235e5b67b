/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-username"
#include "config.h"

#include <string.h>

#include "aura-site-private.h"

/* Reading a site's answer: transport errors, rate limits and bot walls
 * first, then the site's own not-found rules (which win), then its found
 * rules, then what the site says to conclude when nothing matched. */

/* Bot-wall pages are small; the generic detectors read this much. */
#define WALL_SCAN_BYTES (64 * 1024)
/* A body under this many bytes carries little evidence either way. */
#define TINY_BODY_BYTES 200
/* JSON bodies past this size are not parsed for json rules. */
#define JSON_MAX_BYTES (8 * 1024 * 1024)
#define CONFIDENCE_MAX 0.97

typedef struct
{
  const AuraSite *site;
  const char *username;
  const AuraHttpResponse *response;
  const char *text;
  gsize len;
  char *lower; /* lazily: the first WALL_SCAN_BYTES in ASCII lower case */
  JsonParser *parser;
  gboolean json_tried;
} Judge;

static const char *
judge_lower (Judge *judge)
{
  if (judge->lower == NULL)
    judge->lower = g_ascii_strdown (judge->text, MIN (judge->len, WALL_SCAN_BYTES));
  return judge->lower;
}

/* A substring search over the whole body, which may hold NUL bytes. */
static gboolean
body_contains (Judge *judge, const char *needle)
{
  gsize n = strlen (needle);
  const char *p = judge->text;
  const char *end = judge->text + judge->len;

  if (n == 0 || n > judge->len)
    return FALSE;
  while ((p = memchr (p, needle[0], (gsize)(end - p) - n + 1)) != NULL)
    {
      if (memcmp (p, needle, n) == 0)
        return TRUE;
      p++;
      if ((gsize)(end - p) < n)
        return FALSE;
    }
  return FALSE;
}

static gboolean
lower_contains (Judge *judge, const char *needle)
{
  return strstr (judge_lower (judge), needle) != NULL;
}

static JsonNode *
judge_json (Judge *judge)
{
  if (!judge->json_tried)
    {
      judge->json_tried = TRUE;
      if (judge->len > 0 && judge->len <= JSON_MAX_BYTES)
        {
          judge->parser = json_parser_new_immutable ();
          if (!json_parser_load_from_data (judge->parser, judge->text, (gssize)judge->len, NULL))
            g_clear_object (&judge->parser);
        }
    }
  return judge->parser != NULL ? json_parser_get_root (judge->parser) : NULL;
}

static gboolean
looks_like_json (Judge *judge)
{
  const char *type = judge->response->content_type;

  if (type != NULL && strstr (type, "json") != NULL)
    return TRUE;
  for (gsize i = 0; i < judge->len && i < 64; i++)
    {
      if (!g_ascii_isspace (judge->text[i]))
        return judge->text[i] == '{' || judge->text[i] == '[';
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

/* JSON paths: "data.user.login", "items[0].id", "$.a", "[\"odd.key\"]". */

static JsonNode *
path_step_key (JsonNode *node, const char *key)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_object_get_member (json_node_get_object (node), key);
}

static JsonNode *
path_step_index (JsonNode *node, guint64 index)
{
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  return index < json_array_get_length (array) ? json_array_get_element (array, (guint)index)
                                               : NULL;
}

/* Walks @path from @root. Returns FALSE when the path is malformed;
 * *out_node is NULL when it leads nowhere. */
static gboolean
json_path_walk (JsonNode *root, const char *path, JsonNode **out_node)
{
  const char *p = path;
  JsonNode *node = root;

  if (*p == '$')
    p++;
  if (*p == '.')
    p++;
  while (*p != '\0')
    {
      if (*p == '[')
        {
          const char *close;

          if (p[1] == '"')
            {
              close = strstr (p + 2, "\"]");
              if (close == NULL || close == p + 2)
                return FALSE;
              {
                g_autofree char *key = g_strndup (p + 2, (gsize)(close - p - 2));

                node = path_step_key (node, key);
              }
              p = close + 2;
            }
          else
            {
              char *end = NULL;
              guint64 index = g_ascii_strtoull (p + 1, &end, 10);

              if (end == p + 1 || *end != ']')
                return FALSE;
              node = path_step_index (node, index);
              p = end + 1;
            }
        }
      else
        {
          gsize n = strcspn (p, ".[]");
          g_autofree char *key = NULL;

          if (n == 0)
            return FALSE;
          key = g_strndup (p, n);
          node = path_step_key (node, key);
          p += n;
        }
      if (*p == '.')
        {
          p++;
          if (*p == '\0' || *p == '.' || *p == '[')
            return FALSE;
        }
      else if (*p != '\0' && *p != '[')
        return FALSE;
    }
  *out_node = node;
  return TRUE;
}

gboolean
aura_site_json_path_is_valid (const char *path)
{
  g_autoptr (JsonNode) empty = json_node_new (JSON_NODE_NULL);
  JsonNode *node = NULL;

  return path != NULL && *path != '\0' && json_path_walk (empty, path, &node);
}

static gboolean
json_values_equal (JsonNode *actual, JsonNode *expected, const char *username)
{
  GType expected_type;

  if (actual == NULL || !JSON_NODE_HOLDS_VALUE (actual))
    return JSON_NODE_HOLDS_NULL (expected) && actual != NULL && JSON_NODE_HOLDS_NULL (actual);
  if (JSON_NODE_HOLDS_NULL (expected))
    return FALSE;
  expected_type = json_node_get_value_type (expected);
  if (expected_type == G_TYPE_STRING)
    {
      g_autofree char *want = NULL;
      g_autofree char *a = NULL;
      g_autofree char *b = NULL;

      if (json_node_get_value_type (actual) != G_TYPE_STRING)
        return FALSE;
      want = aura_site_expand_body (json_node_get_string (expected), AURA_BODY_TEXT, username);
      /* Sites echo names in their own case: compare without it. */
      a = g_utf8_casefold (json_node_get_string (actual), -1);
      b = g_utf8_casefold (want, -1);
      return g_str_equal (a, b);
    }
  if (expected_type == G_TYPE_BOOLEAN)
    return json_node_get_value_type (actual) == G_TYPE_BOOLEAN &&
           json_node_get_boolean (actual) == json_node_get_boolean (expected);
  if (json_node_get_value_type (actual) == G_TYPE_STRING ||
      json_node_get_value_type (actual) == G_TYPE_BOOLEAN)
    return FALSE;
  return json_node_get_double (actual) == json_node_get_double (expected);
}

/* One block. Each condition that holds adds a phrase to @reason and its
 * strength to @miss (the product of 1 - strength). */
typedef struct
{
  GString *reason;
  double miss;
  gboolean text_rule;
  gboolean absence_rule;
  gboolean json_rule;
} Evidence;

static void
evidence_add (Evidence *evidence, double strength, const char *phrase)
{
  if (evidence->reason->len > 0)
    g_string_append (evidence->reason, " and ");
  g_string_append (evidence->reason, phrase);
  evidence->miss *= 1.0 - strength;
}

static gboolean
status_in (GArray *ranges, guint status)
{
  for (guint i = 0; i < ranges->len; i++)
    {
      AuraStatusRange *range = &g_array_index (ranges, AuraStatusRange, i);

      if (status >= range->lo && status <= range->hi)
        return TRUE;
    }
  return FALSE;
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

static gboolean
check_text (Judge *judge, AuraRuleBlock *block, Evidence *evidence)
{
  if (block->text_any != NULL)
    {
      const char *hit = NULL;
      g_autofree char *quoted = NULL;
      g_autofree char *phrase = NULL;

      for (guint i = 0; block->text_any[i] != NULL && hit == NULL; i++)
        if (body_contains (judge, block->text_any[i]))
          hit = block->text_any[i];
      if (hit == NULL)
        return FALSE;
      quoted = quote (hit);
      phrase = g_strdup_printf ("text %s present", quoted);
      evidence_add (evidence, 0.75, phrase);
      evidence->text_rule = TRUE;
    }
  if (block->text_all != NULL)
    {
      g_autofree char *quoted = NULL;
      g_autofree char *phrase = NULL;

      for (guint i = 0; block->text_all[i] != NULL; i++)
        if (!body_contains (judge, block->text_all[i]))
          return FALSE;
      quoted = quote (block->text_all[0]);
      phrase = g_strdup_printf ("text %s present", quoted);
      evidence_add (evidence, 0.75, phrase);
      evidence->text_rule = TRUE;
    }
  if (block->text_none != NULL)
    {
      g_autofree char *quoted = NULL;
      g_autofree char *phrase = NULL;

      for (guint i = 0; block->text_none[i] != NULL; i++)
        if (body_contains (judge, block->text_none[i]))
          return FALSE;
      quoted = quote (block->text_none[0]);
      phrase = g_strdup_printf ("text %s absent", quoted);
      evidence_add (evidence, 0.6, phrase);
      evidence->text_rule = TRUE;
      evidence->absence_rule = TRUE;
    }
  return TRUE;
}

static gboolean
check_json (Judge *judge, AuraRuleBlock *block, Evidence *evidence)
{
  JsonNode *root;

  if (block->json == NULL)
    return TRUE;
  root = judge_json (judge);
  if (root == NULL)
    return FALSE;
  for (guint i = 0; i < block->json->len; i++)
    {
      AuraJsonRule *rule = g_ptr_array_index (block->json, i);
      JsonNode *node = NULL;
      g_autofree char *phrase = NULL;
      gboolean present;

      if (!json_path_walk (root, rule->path, &node))
        return FALSE;
      present = node != NULL && !JSON_NODE_HOLDS_NULL (node);
      if (rule->has_equals)
        {
          g_autofree char *value = json_to_string (rule->equals, FALSE);

          if (!json_values_equal (node, rule->equals, judge->username))
            return FALSE;
          phrase = g_strdup_printf ("json %s = %s", rule->path, value);
          evidence_add (evidence, 0.9, phrase);
        }
      else
        {
          if (present != rule->exists)
            return FALSE;
          phrase = g_strdup_printf ("json %s %s", rule->path, present ? "exists" : "missing");
          evidence_add (evidence, present ? 0.8 : 0.7, phrase);
        }
    }
  evidence->json_rule = TRUE;
  return TRUE;
}

static gboolean
check_redirect_and_headers (Judge *judge, AuraRuleBlock *block, Evidence *evidence)
{
  if (block->redirect != NULL)
    {
      const char *target = redirect_target (judge->response);
      g_autofree char *phrase = NULL;
      gboolean match;

      if (target == NULL)
        return FALSE;
      if (strstr (block->redirect_text, "{username") != NULL)
        {
          g_autofree char *pattern = aura_site_expand_url (block->redirect_text, judge->username);

          match = g_pattern_match_simple (pattern, target);
        }
      else
        match = g_pattern_spec_match_string (block->redirect, target);
      if (!match)
        return FALSE;
      phrase = g_strdup_printf ("redirected to %s", target);
      evidence_add (evidence, 0.6, phrase);
    }
  for (guint i = 0; block->header != NULL && i < block->header->len; i++)
    {
      AuraHeaderRule *rule = g_ptr_array_index (block->header, i);
      const char *value = aura_http_response_get_header (judge->response, rule->name);
      g_autofree char *quoted = NULL;
      g_autofree char *phrase = NULL;

      if (value == NULL || !g_pattern_spec_match_string (rule->pattern, value))
        return FALSE;
      quoted = quote (value);
      phrase = g_strdup_printf ("header %s %s", rule->name, quoted);
      evidence_add (evidence, 0.6, phrase);
    }
  return TRUE;
}

static gboolean
block_holds (Judge *judge, AuraRuleBlock *block, gboolean implicit_2xx, Evidence *evidence)
{
  guint status = judge->response->status;

  if (block->status != NULL)
    {
      g_autofree char *phrase = NULL;

      if (!status_in (block->status, status))
        return FALSE;
      phrase = g_strdup_printf ("status %u", status);
      evidence_add (evidence, 0.55, phrase);
    }
  else if (implicit_2xx && (status < 200 || status > 299))
    return FALSE;
  return check_redirect_and_headers (judge, block, evidence) &&
         check_text (judge, block, evidence) && check_json (judge, block, evidence);
}

/* The first block of @blocks that holds, with its evidence. */
static gboolean
any_block_holds (Judge *judge, GPtrArray *blocks, gboolean implicit_2xx, Evidence *out)
{
  for (guint i = 0; blocks != NULL && i < blocks->len; i++)
    {
      Evidence evidence = { g_string_new (NULL), 1.0, FALSE, FALSE, FALSE };

      if (block_holds (judge, g_ptr_array_index (blocks, i), implicit_2xx, &evidence))
        {
          *out = evidence;
          return TRUE;
        }
      g_string_free (evidence.reason, TRUE);
    }
  return FALSE;
}

/* Generic bot walls. Each detector returns the wall's name or NULL. Markers
 * that also appear on ordinary pages (a captcha widget in a sign-up form,
 * Cloudflare's bot-management script) only count on an error status or
 * beside words that ask the visitor to prove they are human. */

static gboolean
status_is_wall (guint status)
{
  return status == 403 || status == 401 || status == 503 || status == 405 || status == 202;
}

static gboolean
asks_for_human (Judge *judge)
{
  static const char *const phrases[] = {
    "verify you are human",  "verify that you are human", "are you a robot",
    "not a robot",           "unusual traffic",           "complete the security check",
    "prove you are human",   "confirm you are human",     "human verification",
    "checking your browser",
  };

  for (guint i = 0; i < G_N_ELEMENTS (phrases); i++)
    if (lower_contains (judge, phrases[i]))
      return TRUE;
  return FALSE;
}

static const char *
detect_cloudflare (Judge *judge)
{
  const char *mitigated = aura_http_response_get_header (judge->response, "cf-mitigated");
  const char *server = aura_http_response_get_header (judge->response, "server");
  guint status = judge->response->status;

  if (mitigated != NULL && g_ascii_strcasecmp (mitigated, "challenge") == 0)
    return "Cloudflare challenge";
  if (lower_contains (judge, "_cf_chl_opt") || lower_contains (judge, "cf-chl-") ||
      lower_contains (judge, "<title>just a moment...</title>") ||
      lower_contains (judge, "<title>just a moment…</title>"))
    return "Cloudflare challenge";
  if (lower_contains (judge, "<title>attention required! | cloudflare</title>") ||
      (lower_contains (judge, "cf-error-details") && status >= 400))
    return "Cloudflare firewall";
  if ((status == 403 || status == 503 || status == 429) &&
      (lower_contains (judge, "/cdn-cgi/challenge-platform/") ||
       lower_contains (judge, "cf-browser-verification") ||
       (server != NULL && g_ascii_strcasecmp (server, "cloudflare") == 0 &&
        asks_for_human (judge))))
    return "Cloudflare challenge";
  return NULL;
}

static const char *
detect_captcha (Judge *judge)
{
  static const struct
  {
    const char *marker;
    const char *name;
  } markers[] = {
    { "g-recaptcha", "reCAPTCHA" },  { "google.com/recaptcha", "reCAPTCHA" },
    { "h-captcha", "hCaptcha" },     { "hcaptcha.com", "hCaptcha" },
    { "cf-turnstile", "Turnstile" }, { "challenges.cloudflare.com/turnstile", "Turnstile" },
  };
  gboolean strong = judge->response->status >= 400 || asks_for_human (judge);

  if (!strong)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (markers); i++)
    if (lower_contains (judge, markers[i].marker))
      return markers[i].name;
  return NULL;
}

static const char *
detect_vendor_walls (Judge *judge)
{
  const AuraHttpResponse *response = judge->response;
  const char *server = aura_http_response_get_header (response, "server");
  guint status = response->status;

  if (lower_contains (judge, "captcha-delivery.com") ||
      (status_is_wall (status) &&
       (aura_http_response_get_header (response, "x-datadome") != NULL ||
        (server != NULL && g_ascii_strcasecmp (server, "datadome") == 0))))
    return "DataDome";
  if (lower_contains (judge, "px-captcha") || lower_contains (judge, "_pxcaptcha") ||
      (status_is_wall (status) && lower_contains (judge, "perimeterx")))
    return "PerimeterX";
  if (lower_contains (judge, "access denied") &&
      (lower_contains (judge, "errors.edgesuite.net") || lower_contains (judge, "reference #")))
    return "Akamai";
  if (status_is_wall (status) && server != NULL && g_ascii_strcasecmp (server, "akamaighost") == 0)
    return "Akamai";
  if (aura_http_response_get_header (response, "x-amzn-waf-action") != NULL ||
      (status_is_wall (status) &&
       (lower_contains (judge, "awswafintegration") || lower_contains (judge, "token.awswaf.com"))))
    return "AWS WAF";
  if (lower_contains (judge, "incapsula incident id") ||
      (status_is_wall (status) && lower_contains (judge, "_incapsula_resource")))
    return "Imperva";
  if (lower_contains (judge, "sucuri website firewall") && lower_contains (judge, "access denied"))
    return "Sucuri";
  if (lower_contains (judge, "check.ddos-guard.net") ||
      (status_is_wall (status) && lower_contains (judge, "ddos-guard")))
    return "DDoS-Guard";
  /* LinkedIn and a few others answer robots with this made-up status. */
  if (status == 999)
    return "status 999";
  return NULL;
}

static AuraVerdict
conclude (
    char **out_reason, double *out_confidence, AuraVerdict verdict, char *reason, double confidence)
{
  if (out_reason != NULL)
    *out_reason = reason;
  else
    g_free (reason);
  if (out_confidence != NULL)
    *out_confidence = confidence;
  return verdict;
}

static double
evidence_confidence (Judge *judge, Evidence *evidence, AuraVerdict verdict)
{
  double confidence = MIN (1.0 - evidence->miss, CONFIDENCE_MAX);
  gboolean json = looks_like_json (judge);

  /* A tiny page says little: an empty 200 can be a soft error. */
  if (!json && judge->len < TINY_BODY_BYTES && !evidence->json_rule &&
      g_strcmp0 (judge->site->method, "HEAD") != 0)
    confidence *= 0.8;
  /* The absent text may sit past the cut. */
  if (evidence->absence_rule && judge->response->truncated)
    confidence *= 0.8;
  /* A profile page that never mentions the name is likely a generic page. */
  if (verdict == AURA_VERDICT_FOUND && !json && !evidence->json_rule &&
      judge->len >= TINY_BODY_BYTES && g_utf8_strlen (judge->username, -1) >= 3)
    {
      g_autofree char *name = g_ascii_strdown (judge->username, -1);
      g_autofree char *page = g_ascii_strdown (judge->text, MIN (judge->len, 4 * 1024 * 1024));

      if (strstr (page, name) == NULL)
        confidence *= 0.85;
    }
  return confidence;
}

static AuraVerdict
judge_transport (const AuraHttpResponse *response, char **out_reason, double *out_confidence)
{
  if (response->outcome == AURA_HTTP_ERROR_TIMEOUT)
    return conclude (out_reason, out_confidence, AURA_VERDICT_UNKNOWN, g_strdup ("timeout"), 0.0);
  return conclude (out_reason, out_confidence, AURA_VERDICT_UNKNOWN,
                   g_strdup_printf ("error: %s", aura_http_outcome_to_string (response->outcome)),
                   0.0);
}

static AuraVerdict
judge_rules (Judge *judge, char **out_reason, double *out_confidence)
{
  const AuraSite *site = judge->site;
  Evidence evidence;
  const char *wall;

  if (any_block_holds (judge, site->blocked, FALSE, &evidence))
    {
      g_autofree char *phrase = g_string_free (evidence.reason, FALSE);

      return conclude (out_reason, out_confidence, AURA_VERDICT_UNKNOWN,
                       g_strdup_printf ("blocked: %s", phrase), 0.0);
    }
  if ((wall = detect_cloudflare (judge)) != NULL || (wall = detect_captcha (judge)) != NULL ||
      (wall = detect_vendor_walls (judge)) != NULL)
    return conclude (out_reason, out_confidence, AURA_VERDICT_UNKNOWN,
                     g_strdup_printf ("blocked: %s", wall), 0.0);
  if (any_block_holds (judge, site->not_found, FALSE, &evidence))
    {
      double confidence = evidence_confidence (judge, &evidence, AURA_VERDICT_NOT_FOUND);

      return conclude (out_reason, out_confidence, AURA_VERDICT_NOT_FOUND,
                       g_string_free (evidence.reason, FALSE), confidence);
    }
  if (any_block_holds (judge, site->found, TRUE, &evidence))
    {
      double confidence = evidence_confidence (judge, &evidence, AURA_VERDICT_FOUND);

      return conclude (out_reason, out_confidence, AURA_VERDICT_FOUND,
                       g_string_free (evidence.reason, FALSE), confidence);
    }
  if (judge->response->status >= 500)
    return conclude (out_reason, out_confidence, AURA_VERDICT_UNKNOWN,
                     g_strdup_printf ("error: status %u", judge->response->status), 0.0);
  if (site->otherwise == AURA_VERDICT_NOT_FOUND)
    return conclude (out_reason, out_confidence, AURA_VERDICT_NOT_FOUND,
                     g_strdup_printf ("unmatched: status %u", judge->response->status), 0.5);
  return conclude (out_reason, out_confidence, AURA_VERDICT_UNKNOWN,
                   g_strdup_printf ("inconclusive: status %u", judge->response->status), 0.0);
}

AuraVerdict
aura_site_judge (const AuraSite *site,
                 const char *username,
                 const AuraHttpResponse *response,
                 char **out_reason,
                 double *out_confidence)
{
  g_autofree char *reason = NULL;
  g_autofree char *prepared = NULL;
  Judge judge = { 0 };
  AuraVerdict verdict;

  g_return_val_if_fail (site != NULL, AURA_VERDICT_UNKNOWN);
  g_return_val_if_fail (response != NULL, AURA_VERDICT_UNKNOWN);

  prepared = aura_site_prepare_username (site, username, &reason);
  if (prepared == NULL)
    return conclude (out_reason, out_confidence, AURA_VERDICT_INVALID, g_steal_pointer (&reason),
                     1.0);
  if (response->outcome != AURA_HTTP_OK)
    return judge_transport (response, out_reason, out_confidence);
  if (response->status == 429)
    return conclude (out_reason, out_confidence, AURA_VERDICT_UNKNOWN,
                     g_strdup ("rate_limited: status 429"), 0.0);

  judge.site = site;
  judge.username = prepared;
  judge.response = response;
  judge.text = aura_http_response_get_text (response, &judge.len);
  verdict = judge_rules (&judge, out_reason, out_confidence);
  g_free (judge.lower);
  g_clear_object (&judge.parser);
  return verdict;
}

AuraCalibration
aura_site_calibration_from_verdict (AuraVerdict random_verdict)
{
  switch (random_verdict)
    {
      case AURA_VERDICT_FOUND:
        return AURA_CALIBRATION_UNRELIABLE;
      case AURA_VERDICT_NOT_FOUND:
        return AURA_CALIBRATION_RELIABLE;
      case AURA_VERDICT_INVALID:
      case AURA_VERDICT_UNKNOWN:
      default:
        return AURA_CALIBRATION_INCONCLUSIVE;
    }
}

double
aura_site_calibrate_confidence (AuraVerdict verdict, double confidence, AuraCalibration calibration)
{
  confidence = CLAMP (confidence, 0.0, 1.0);
  if (verdict != AURA_VERDICT_FOUND)
    return confidence;
  switch (calibration)
    {
      case AURA_CALIBRATION_UNRELIABLE:
        /* The site says "found" to names nobody holds: a hit is a hint. */
        return MIN (confidence * 0.25, 0.2);
      case AURA_CALIBRATION_INCONCLUSIVE:
        return confidence * 0.9;
      case AURA_CALIBRATION_RELIABLE:
      case AURA_CALIBRATION_UNTESTED:
      default:
        return confidence;
    }
}
