/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One HTTP exchange as the engine runs it: the request a tool asks for and
 * the response it gets back. Plain structs, so that tools and their tests
 * can build responses without an engine (detection rules are judged on an
 * AuraHttpResponse whatever produced it). */

/**
 * AuraHttpOutcome:
 * @AURA_HTTP_OK: a response arrived (any status, 4xx and 5xx included)
 * @AURA_HTTP_ERROR_TIMEOUT: connect, total or low-speed timeout
 * @AURA_HTTP_ERROR_DNS: the host name did not resolve
 * @AURA_HTTP_ERROR_CONNECT: refused, reset or unreachable
 * @AURA_HTTP_ERROR_TLS: the TLS handshake or certificate failed
 * @AURA_HTTP_ERROR_PROXY: the proxy refused or failed
 * @AURA_HTTP_ERROR_REDIRECTS: too many redirects
 * @AURA_HTTP_ERROR_PROTOCOL: a malformed response, or a connection closed
 *   mid-response
 * @AURA_HTTP_ERROR_CANCELLED: cancelled by the caller
 * @AURA_HTTP_ERROR_FAILED: anything else; the message says what
 *
 * How an exchange ended, at the transport level. An HTTP status (404, 429,
 * 503…) is not an error here: it is @AURA_HTTP_OK with that status.
 */
typedef enum
{
  AURA_HTTP_OK,
  AURA_HTTP_ERROR_TIMEOUT,
  AURA_HTTP_ERROR_DNS,
  AURA_HTTP_ERROR_CONNECT,
  AURA_HTTP_ERROR_TLS,
  AURA_HTTP_ERROR_PROXY,
  AURA_HTTP_ERROR_REDIRECTS,
  AURA_HTTP_ERROR_PROTOCOL,
  AURA_HTTP_ERROR_CANCELLED,
  AURA_HTTP_ERROR_FAILED,
} AuraHttpOutcome;

/**
 * AuraHttpRequest:
 * @method: "GET" (when NULL), "HEAD" or "POST"…
 * @url: an absolute http or https URL
 * @headers: (nullable): extra headers, each "Name: value"
 * @body: (nullable): the request body, @body_len bytes
 * @follow_redirects: follow Location (at most @max_redirects, 0 for the
 *   engine's default); when FALSE the response is the first one and
 *   @redirect_url tells where it pointed
 * @max_body: bytes of body kept at most (0 for the engine's default); the
 *   transfer stops there and the response is marked truncated
 * @timeout_ms: total time allowed (0 for the engine's default)
 * @max_retries: retries on 429, 5xx and transient errors (-1 for the
 *   engine's default)
 * @proxy_key: (nullable): groups requests for sticky proxy rotation (the
 *   site's name); NULL means the host
 * @group: requests of one scan share a group, which can be cancelled at once
 *
 * The engine copies everything it needs at submission.
 */
typedef struct
{
  const char *method;
  const char *url;
  const char *const *headers;
  const char *body;
  gsize body_len;
  gboolean follow_redirects;
  guint max_redirects;
  gsize max_body;
  guint timeout_ms;
  int max_retries;
  const char *proxy_key;
  guint64 group;
} AuraHttpRequest;

#define AURA_HTTP_REQUEST_INIT                                                                     \
  {                                                                                                \
    .method = "GET", .follow_redirects = TRUE, .max_retries = -1                                   \
  }

/**
 * AuraHttpResponse:
 * @outcome: how the exchange ended
 * @error_message: (nullable): what went wrong, in words, when @outcome is
 *   not %AURA_HTTP_OK
 * @status: the HTTP status of the last response, 0 when none arrived
 * @url: the URL requested
 * @final_url: (nullable): the URL of the last response, after redirects
 * @redirect_url: (nullable): where the last response pointed (its
 *   Location, resolved), when redirects were not followed
 * @n_redirects: redirects followed
 * @headers: (nullable): the last response's headers, names in lower case
 *   (a repeated header keeps its values joined by ", ")
 * @body: (nullable): the body, decoded (gzip, deflate, br), at most the
 *   request's max_body bytes; set with aura_http_response_set_body()
 * @truncated: the body was cut at max_body
 * @content_type: (nullable): the Content-Type header, shortcut
 * @latency_us: from the start of the last attempt to its end
 * @bytes: body bytes received on the wire in the last attempt
 * @retries: retries done before this response
 * @proxy: (nullable): the proxy used, as a URL without credentials
 * @primary_ip: (nullable): the address connected to
 */
typedef struct
{
  AuraHttpOutcome outcome;
  char *error_message;
  guint status;
  char *url;
  char *final_url;
  char *redirect_url;
  guint n_redirects;
  GHashTable *headers;
  GBytes *body;
  gboolean truncated;
  char *content_type;
  gint64 latency_us;
  guint64 bytes;
  guint retries;
  char *proxy;
  char *primary_ip;
} AuraHttpResponse;

AuraHttpResponse *aura_http_response_new (const char *url);
void aura_http_response_free (AuraHttpResponse *response);
/* The header's value, or NULL; @name in any case. */
const char *aura_http_response_get_header (const AuraHttpResponse *response, const char *name);
/* Sets the body to a copy of @data. Bodies are always set this way: the
 * copy ends with a NUL byte past @len, so the text can be read as a C
 * string. */
void aura_http_response_set_body (AuraHttpResponse *response, const void *data, gsize len);
/* The body as text (NUL-terminated, may hold invalid UTF-8 and inner NUL
 * bytes), "" when none; @len receives its length. Valid as long as the
 * response. */
const char *aura_http_response_get_text (const AuraHttpResponse *response, gsize *len);
/* A stable, untranslated name for an outcome: "ok", "timeout", "dns"… */
const char *aura_http_outcome_to_string (AuraHttpOutcome outcome);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuraHttpResponse, aura_http_response_free)

G_END_DECLS
