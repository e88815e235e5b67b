/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-engine"
#include "config.h"

#include <sys/epoll.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>

#include "aura-engine-private.h"

/* The libcurl multi handle on the engine's GMainContext, with the multi
 * socket API: curl tells which sockets to watch (socket_cb) and when to
 * wake it (timer_cb). The sockets go into one epoll set watched by a single
 * GSource, and a timeout GSource is the timer; both call
 * curl_multi_socket_action(), after which finished transfers are collected
 * with curl_multi_info_read(). curl is never polled.
 *
 * Why one epoll set and not a GSource per socket: GLib prepares and checks
 * every source at each main-loop iteration, so with thousands of
 * connections open every event would cost thousands of checks. */

typedef struct
{
  GSource source;
  AuraEngine *engine;
} EpollSource;

#define EPOLL_BATCH 256

static void
collect_finished (AuraEngine *self)
{
  CURLMsg *message;
  int left = 0;

  while ((message = curl_multi_info_read (self->multi, &left)) != NULL)
    {
      EngineTransfer *transfer = NULL;

      if (message->msg != CURLMSG_DONE)
        continue;
      curl_easy_getinfo (message->easy_handle, CURLINFO_PRIVATE, (char **)&transfer);
      g_assert (transfer != NULL);
      engine_transfer_attempt_done (self, transfer, message->data.result);
    }
}

static gboolean
epoll_dispatch (GSource *source, GSourceFunc callback, gpointer data)
{
  AuraEngine *self = ((EpollSource *)source)->engine;
  struct epoll_event events[EPOLL_BATCH];
  int n = epoll_wait (self->epoll_fd, events, EPOLL_BATCH, 0);

  for (int i = 0; i < n; i++)
    {
      int action = 0;
      int running = 0;

      if (events[i].events & EPOLLIN)
        action |= CURL_CSELECT_IN;
      if (events[i].events & EPOLLOUT)
        action |= CURL_CSELECT_OUT;
      if (events[i].events & (EPOLLERR | EPOLLHUP))
        action |= CURL_CSELECT_ERR;
      curl_multi_socket_action (self->multi, events[i].data.fd, action, &running);
    }
  collect_finished (self);
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs epoll_funcs = { NULL, NULL, epoll_dispatch, NULL, NULL, NULL };

static int
socket_cb (CURL *easy, curl_socket_t fd, int what, void *user_data, void *socket_data)
{
  AuraEngine *self = user_data;
  struct epoll_event event = { 0 };

  event.data.fd = fd;
  if (what == CURL_POLL_REMOVE)
    {
      if (socket_data != NULL)
        {
          /* Fails harmlessly when the socket was closed already. */
          epoll_ctl (self->epoll_fd, EPOLL_CTL_DEL, fd, &event);
          curl_multi_assign (self->multi, fd, NULL);
        }
      return 0;
    }
  if (what & CURL_POLL_IN)
    event.events |= EPOLLIN;
  if (what & CURL_POLL_OUT)
    event.events |= EPOLLOUT;
  if (socket_data == NULL)
    {
      if (epoll_ctl (self->epoll_fd, EPOLL_CTL_ADD, fd, &event) != 0)
        return -1;
      curl_multi_assign (self->multi, fd, GINT_TO_POINTER (1));
    }
  else if (epoll_ctl (self->epoll_fd, EPOLL_CTL_MOD, fd, &event) != 0)
    return -1;
  return 0;
}

static gboolean
timer_fired_cb (gpointer data)
{
  AuraEngine *self = data;
  int running = 0;

  /* curl may set a new timer from inside the call. */
  g_clear_pointer (&self->curl_timer, g_source_unref);
  curl_multi_socket_action (self->multi, CURL_SOCKET_TIMEOUT, 0, &running);
  collect_finished (self);
  return G_SOURCE_REMOVE;
}

static int
timer_cb (CURLM *multi, long timeout_ms, void *user_data)
{
  AuraEngine *self = user_data;

  if (self->curl_timer != NULL)
    {
      g_source_destroy (self->curl_timer);
      g_clear_pointer (&self->curl_timer, g_source_unref);
    }
  if (timeout_ms < 0)
    return 0;
  self->curl_timer = g_timeout_source_new ((guint)timeout_ms);
  g_source_set_callback (self->curl_timer, timer_fired_cb, self, NULL);
  g_source_set_static_name (self->curl_timer, "[aura-engine] curl timer");
  g_source_attach (self->curl_timer, self->context);
  return 0;
}

static gpointer
curl_global_once (gpointer data)
{
  return GINT_TO_POINTER (curl_global_init (CURL_GLOBAL_DEFAULT) == CURLE_OK);
}

gboolean
engine_curl_init (AuraEngine *self, GError **error)
{
  static GOnce once = G_ONCE_INIT;

  if (!GPOINTER_TO_INT (g_once (&once, curl_global_once, NULL)))
    {
      g_set_error (error, AURA_ENGINE_ERROR, AURA_ENGINE_ERROR_FAILED,
                   _ ("libcurl could not be initialised."));
      return FALSE;
    }
  self->epoll_fd = epoll_create1 (EPOLL_CLOEXEC);
  if (self->epoll_fd < 0)
    {
      g_set_error (error, AURA_ENGINE_ERROR, AURA_ENGINE_ERROR_FAILED,
                   _ ("The engine could not create its socket watch (epoll)."));
      return FALSE;
    }
  self->multi = curl_multi_init ();
  if (self->multi == NULL)
    {
      g_set_error (error, AURA_ENGINE_ERROR, AURA_ENGINE_ERROR_FAILED,
                   _ ("libcurl could not create a transfer handle."));
      return FALSE;
    }
  curl_multi_setopt (self->multi, CURLMOPT_SOCKETFUNCTION, socket_cb);
  curl_multi_setopt (self->multi, CURLMOPT_SOCKETDATA, self);
  curl_multi_setopt (self->multi, CURLMOPT_TIMERFUNCTION, timer_cb);
  curl_multi_setopt (self->multi, CURLMOPT_TIMERDATA, self);
  curl_multi_setopt (self->multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
  /* Idle connections kept for reuse. curl checks the cached connections
   * one by one at times, so a huge cache costs more than it saves. */
  curl_multi_setopt (self->multi, CURLMOPT_MAXCONNECTS, 256L);
  return TRUE;
}

/* Engine thread, after every transfer is gone; or finalize when the thread
 * never started. */
void
engine_curl_shutdown (AuraEngine *self)
{
  if (self->multi != NULL)
    {
      /* Closes the cached connections. */
      curl_multi_cleanup (g_steal_pointer (&self->multi));
    }
  if (self->epoll_source != NULL)
    {
      g_source_destroy (self->epoll_source);
      g_clear_pointer (&self->epoll_source, g_source_unref);
    }
  if (self->epoll_fd >= 0)
    {
      close (self->epoll_fd);
      self->epoll_fd = -1;
    }
  if (self->curl_timer != NULL)
    {
      g_source_destroy (self->curl_timer);
      g_clear_pointer (&self->curl_timer, g_source_unref);
    }
}

/* Engine thread, once: the GSource of the epoll set. */
void
engine_curl_attach (AuraEngine *self)
{
  self->epoll_source = g_source_new (&epoll_funcs, sizeof (EpollSource));
  ((EpollSource *)self->epoll_source)->engine = self;
  g_source_add_unix_fd (self->epoll_source, self->epoll_fd, G_IO_IN);
  g_source_set_static_name (self->epoll_source, "[aura-engine] curl sockets");
  g_source_attach (self->epoll_source, self->context);
}

gboolean
engine_curl_add (AuraEngine *self, EngineTransfer *transfer)
{
  return curl_multi_add_handle (self->multi, transfer->easy) == CURLM_OK;
}

void
engine_curl_remove (AuraEngine *self, EngineTransfer *transfer)
{
  if (transfer->easy == NULL)
    return;
  curl_multi_remove_handle (self->multi, transfer->easy);
}
