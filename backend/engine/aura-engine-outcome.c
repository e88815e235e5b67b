/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-engine"
#include "config.h"

#include <glib/gi18n-lib.h>

#include "aura-engine-private.h"

/* What the end of an attempt means: the response as the caller sees it,
 * and whether retrying could help. */

static const char *
curl_detail (EngineTransfer *transfer, CURLcode code)
{
  if (transfer->errbuf != NULL && transfer->errbuf[0] != '\0')
    return transfer->errbuf;
  return curl_easy_strerror (code);
}

static gboolean
is_tls_error (CURLcode code)
{
  switch (code)
    {
      case CURLE_SSL_CONNECT_ERROR:
      case CURLE_PEER_FAILED_VERIFICATION:
      case CURLE_SSL_CERTPROBLEM:
      case CURLE_SSL_CIPHER:
      case CURLE_SSL_CACERT_BADFILE:
      case CURLE_SSL_ISSUER_ERROR:
      case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
      case CURLE_SSL_INVALIDCERTSTATUS:
      case CURLE_SSL_SHUTDOWN_FAILED:
      case CURLE_SSL_CRL_BADFILE:
        return TRUE;
      default:
        return FALSE;
    }
}

/* Sets the outcome, message and verdict of a failed attempt. */
static void
classify (EngineTransfer *transfer,
          CURLcode code,
          AuraHttpResponse *response,
          EngineVerdict *verdict)
{
  const char *detail = curl_detail (transfer, code);
  const char *host = transfer->host;
  gboolean via_proxy = transfer->proxy != NULL;
  AuraHttpOutcome outcome = AURA_HTTP_ERROR_FAILED;
  char *message = NULL;

  switch (code)
    {
      case CURLE_OPERATION_TIMEDOUT:
        outcome = AURA_HTTP_ERROR_TIMEOUT;
        verdict->transient = TRUE;
        message = g_strdup_printf (_ ("“%s” did not answer in time (%s)."), host, detail);
        break;
      case CURLE_COULDNT_RESOLVE_HOST:
        outcome = AURA_HTTP_ERROR_DNS;
        message = g_strdup_printf (_ ("The name “%s” could not be resolved (%s)."), host, detail);
        break;
      case CURLE_COULDNT_CONNECT:
        if (transfer->refused_address != NULL)
          {
            outcome = AURA_HTTP_ERROR_CONNECT;
            message = g_strdup_printf (_ ("Refused to connect to %s: this engine only connects "
                                          "to loopback addresses."),
                                       transfer->refused_address);
            break;
          }
        outcome = via_proxy ? AURA_HTTP_ERROR_PROXY : AURA_HTTP_ERROR_CONNECT;
        verdict->transient = TRUE;
        verdict->proxy_failure = via_proxy;
        message = g_strdup_printf (_ ("Could not connect to “%s” (%s)."),
                                   via_proxy ? transfer->proxy->display : host, detail);
        break;
      case CURLE_COULDNT_RESOLVE_PROXY:
      case CURLE_PROXY:
        outcome = AURA_HTTP_ERROR_PROXY;
        verdict->transient = TRUE;
        verdict->proxy_failure = TRUE;
        message = g_strdup_printf (_ ("The proxy %s failed (%s)."),
                                   via_proxy ? transfer->proxy->display : "?", detail);
        break;
      case CURLE_TOO_MANY_REDIRECTS:
        outcome = AURA_HTTP_ERROR_REDIRECTS;
        message = g_strdup_printf (_ ("Too many redirects (%s)."), detail);
        break;
      case CURLE_RECV_ERROR:
      case CURLE_SEND_ERROR:
      case CURLE_GOT_NOTHING:
      case CURLE_PARTIAL_FILE:
        /* A reset or a connection closed mid-response. Through a proxy it
         * is counted against the proxy: a proxy that dies looks like this
         * to the transfers it carried. */
        outcome = via_proxy ? AURA_HTTP_ERROR_PROXY : AURA_HTTP_ERROR_PROTOCOL;
        verdict->transient = TRUE;
        verdict->proxy_failure = via_proxy;
        message = g_strdup_printf (_ ("The connection to “%s” broke off (%s)."), host, detail);
        break;
      case CURLE_WEIRD_SERVER_REPLY:
      case CURLE_HTTP2:
      case CURLE_HTTP2_STREAM:
      case CURLE_BAD_CONTENT_ENCODING:
      case CURLE_UNSUPPORTED_PROTOCOL:
        outcome = AURA_HTTP_ERROR_PROTOCOL;
        message = g_strdup_printf (_ ("“%s” sent a malformed response (%s)."), host, detail);
        break;
      default:
        if (is_tls_error (code))
          {
            outcome = AURA_HTTP_ERROR_TLS;
            message =
                g_strdup_printf (_ ("The secure connection to “%s” failed (%s)."), host, detail);
          }
        else
          message = g_strdup_printf (_ ("The request to “%s” failed (%s)."), host, detail);
        break;
    }
  response->outcome = outcome;
  response->error_message = message;
}

/* The response of the attempt that just ended; fills @verdict. */
AuraHttpResponse *
engine_response_build (AuraEngine *self,
                       EngineTransfer *transfer,
                       CURLcode code,
                       EngineVerdict *verdict)
{
  AuraHttpResponse *response = aura_http_response_new (transfer->original_url);
  long status = 0;
  const char *effective = NULL;
  const char *redirect = NULL;
  const char *ip = NULL;
  const char *content_type;
  curl_off_t total_us = 0;
  curl_off_t size = 0;
  curl_off_t retry_after = 0;

  curl_easy_getinfo (transfer->easy, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_getinfo (transfer->easy, CURLINFO_EFFECTIVE_URL, &effective);
  curl_easy_getinfo (transfer->easy, CURLINFO_REDIRECT_URL, &redirect);
  curl_easy_getinfo (transfer->easy, CURLINFO_PRIMARY_IP, &ip);
  curl_easy_getinfo (transfer->easy, CURLINFO_TOTAL_TIME_T, &total_us);
  curl_easy_getinfo (transfer->easy, CURLINFO_SIZE_DOWNLOAD_T, &size);
  curl_easy_getinfo (transfer->easy, CURLINFO_RETRY_AFTER, &retry_after);

  response->status = (guint)status;
  response->final_url = g_strdup (effective != NULL ? effective : transfer->url);
  if (redirect != NULL && redirect[0] != '\0')
    response->redirect_url = g_strdup (redirect);
  if (ip != NULL && ip[0] != '\0')
    response->primary_ip = g_strdup (ip);
  g_hash_table_unref (response->headers);
  response->headers = g_steal_pointer (&transfer->resp_headers);
  content_type = g_hash_table_lookup (response->headers, "content-type");
  response->content_type = g_strdup (content_type);
  aura_http_response_set_body (response, transfer->body_buf->data, transfer->body_buf->len);
  response->truncated = transfer->truncated;
  response->latency_us = total_us;
  response->bytes = (guint64)size;
  if (transfer->proxy != NULL)
    response->proxy = g_strdup (transfer->proxy->display);
  engine_stats_update (self, 0, 0, 0, 0, 0, 0, (guint64)size);

  if (code == CURLE_OK || (code == CURLE_WRITE_ERROR && transfer->truncated))
    {
      response->outcome = AURA_HTTP_OK;
      verdict->transient = status == 429 || (status >= 500 && status <= 599);
      verdict->retry_after_s = retry_after;
    }
  else
    classify (transfer, code, response, verdict);
  return response;
}
