/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-engine"
#include "config.h"

#include <string.h>

#include "aura-http.h"

AuraHttpResponse *
aura_http_response_new (const char *url)
{
  AuraHttpResponse *response = g_new0 (AuraHttpResponse, 1);

  response->url = g_strdup (url);
  response->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return response;
}

void
aura_http_response_free (AuraHttpResponse *response)
{
  if (response == NULL)
    return;
  g_free (response->error_message);
  g_free (response->url);
  g_free (response->final_url);
  g_free (response->redirect_url);
  g_clear_pointer (&response->headers, g_hash_table_unref);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_free (response->content_type);
  g_free (response->proxy);
  g_free (response->primary_ip);
  g_free (response);
}

const char *
aura_http_response_get_header (const AuraHttpResponse *response, const char *name)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (response != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  if (response->headers == NULL)
    return NULL;
  lower = g_ascii_strdown (name, -1);
  return g_hash_table_lookup (response->headers, lower);
}

void
aura_http_response_set_body (AuraHttpResponse *response, const void *data, gsize len)
{
  char *copy;

  g_return_if_fail (response != NULL);
  g_return_if_fail (data != NULL || len == 0);
  /* One NUL byte past the end, not counted in the size, so that the text
   * can be searched as a C string. */
  copy = g_malloc (len + 1);
  if (len > 0)
    memcpy (copy, data, len);
  copy[len] = '\0';
  g_clear_pointer (&response->body, g_bytes_unref);
  response->body = g_bytes_new_take (copy, len);
}

const char *
aura_http_response_get_text (const AuraHttpResponse *response, gsize *len)
{
  gsize size = 0;
  const char *data = NULL;

  g_return_val_if_fail (response != NULL, "");
  if (response->body != NULL)
    data = g_bytes_get_data (response->body, &size);
  if (len != NULL)
    *len = data != NULL ? size : 0;
  return data != NULL ? data : "";
}

const char *
aura_http_outcome_to_string (AuraHttpOutcome outcome)
{
  switch (outcome)
    {
      case AURA_HTTP_OK:
        return "ok";
      case AURA_HTTP_ERROR_TIMEOUT:
        return "timeout";
      case AURA_HTTP_ERROR_DNS:
        return "dns";
      case AURA_HTTP_ERROR_CONNECT:
        return "connect";
      case AURA_HTTP_ERROR_TLS:
        return "tls";
      case AURA_HTTP_ERROR_PROXY:
        return "proxy";
      case AURA_HTTP_ERROR_REDIRECTS:
        return "redirects";
      case AURA_HTTP_ERROR_PROTOCOL:
        return "protocol";
      case AURA_HTTP_ERROR_CANCELLED:
        return "cancelled";
      case AURA_HTTP_ERROR_FAILED:
      default:
        return "failed";
    }
}
