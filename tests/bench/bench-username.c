/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE 1 /* accept4 */
#define G_LOG_DOMAIN "aura-bench"
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "aura-test-bench.h"

/* The username sweep benchmark (issue 3): 3,000 sites, each under its own
 * host name (site0001.test …) resolved by dnsmasq, each answering after its
 * own delay drawn from 50–300 ms, the name present on half of them; the real
 * `aura-cli scan username` runs across all of them. Prints wall_s,
 * checks_per_s, peak_rss_mib (aura-cli's), precision and recall against
 * the fixture's truth.
 *
 * The sites are played by a small epoll HTTP server in a child process (this
 * program with --serve), written here rather than with SoupServer because a
 * GLib main loop polls every open socket at each iteration: with 6,000
 * connections open at once the fixture itself, not Aura, would be what is
 * measured. */

#define N_SITES 3000
#define SEED 20261130
#define NAME "alice"
#define MAX_CONN 16384
#define REQ_MAX 4096

typedef struct
{
  int fd;
  gsize len;
  gint64 due; /* 0 until the request is read */
  guint status;
  char buf[REQ_MAX];
} Conn;

static guint delays[N_SITES + 1];
static gboolean present[N_SITES + 1];

static void
draw_fixture (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (SEED);

  for (guint i = 1; i <= N_SITES; i++)
    {
      delays[i] = (guint)g_rand_int_range (rand, 50, 301);
      present[i] = g_rand_boolean (rand);
    }
}

/* Reads "GET /NAME …" and "Host: siteNNNN.test…"; sets the answer. */
static gboolean
parse_request (Conn *conn)
{
  const char *host = g_strstr_len (conn->buf, conn->len, "\r\nHost: ");
  const char *path = conn->buf + 4;
  guint n = 0;
  gboolean wanted;

  if (g_strstr_len (conn->buf, conn->len, "\r\n\r\n") == NULL)
    return FALSE;
  if (host == NULL || sscanf (host + 8, "site%u.test", &n) != 1 || n < 1 || n > N_SITES ||
      strncmp (conn->buf, "GET /", 5) != 0)
    {
      conn->status = 400;
      conn->due = g_get_monotonic_time ();
      return TRUE;
    }
  wanted = strncmp (path, "/" NAME " ", strlen (NAME) + 2) == 0;
  conn->status = wanted && present[n] ? 200 : 404;
  conn->due = g_get_monotonic_time () + delays[n] * 1000;
  return TRUE;
}

static void
answer (Conn *conn)
{
  static const char found[] =
      "<html><head><title>alice</title><meta property=\"og:title\" content=\"Alice\"></head>"
      "<body>profile of alice</body></html>";
  static const char missing[] = "<html><body>No such user</body></html>";
  const char *body = conn->status == 200 ? found : missing;
  char out[512];
  int n = snprintf (out, sizeof out,
                    "HTTP/1.1 %u %s\r\nContent-Type: text/html; charset=utf-8\r\n"
                    "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
                    conn->status, conn->status == 200 ? "OK" : "Not Found", strlen (body), body);

  if (write (conn->fd, out, (size_t)n) < 0)
    {
      /* The client went away: nothing to do. */
    }
  close (conn->fd);
  conn->fd = -1;
}

static int
serve (void)
{
  struct sockaddr_in addr = { 0 };
  socklen_t addr_len = sizeof addr;
  struct epoll_event event = { 0 };
  struct epoll_event events[256];
  Conn **conns = g_new0 (Conn *, MAX_CONN);
  GPtrArray *waiting = g_ptr_array_new ();
  int listener, epfd;
  char line[16];

  aura_test_raise_fd_limit ();
  draw_fixture ();
  listener = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (listener < 0 || bind (listener, (struct sockaddr *)&addr, sizeof addr) < 0 ||
      listen (listener, 8192) < 0 ||
      getsockname (listener, (struct sockaddr *)&addr, &addr_len) < 0)
    {
      perror ("listen");
      return 1;
    }
  printf ("%u\n", ntohs (addr.sin_port));
  fflush (stdout);
  epfd = epoll_create1 (0);
  event.events = EPOLLIN;
  event.data.fd = listener;
  epoll_ctl (epfd, EPOLL_CTL_ADD, listener, &event);
  event.data.fd = STDIN_FILENO;
  epoll_ctl (epfd, EPOLL_CTL_ADD, STDIN_FILENO, &event);

  for (;;)
    {
      gint64 now = g_get_monotonic_time (), next = G_MAXINT64;
      int timeout, n;

      /* Answer what is due; the rest sets the wait. */
      for (guint i = 0; i < waiting->len;)
        {
          Conn *conn = waiting->pdata[i];
          if (conn->due <= now)
            {
              answer (conn);
              g_ptr_array_remove_index_fast (waiting, i);
              continue;
            }
          next = MIN (next, conn->due);
          i++;
        }
      timeout = next == G_MAXINT64 ? -1 : (int)MAX (0, (next - now + 999) / 1000);
      n = epoll_wait (epfd, events, G_N_ELEMENTS (events), timeout);
      for (int e = 0; e < n; e++)
        {
          int fd = events[e].data.fd;

          if (fd == STDIN_FILENO)
            {
              /* The parent closed our stdin: the benchmark is over. */
              if (fgets (line, sizeof line, stdin) == NULL)
                return 0;
              continue;
            }
          if (fd == listener)
            {
              int client;
              while ((client = accept4 (listener, NULL, NULL, SOCK_NONBLOCK)) >= 0)
                {
                  if (client >= MAX_CONN)
                    {
                      close (client);
                      continue;
                    }
                  if (conns[client] == NULL)
                    conns[client] = g_new0 (Conn, 1);
                  conns[client]->fd = client;
                  conns[client]->len = 0;
                  conns[client]->due = 0;
                  event.events = EPOLLIN;
                  event.data.fd = client;
                  epoll_ctl (epfd, EPOLL_CTL_ADD, client, &event);
                }
              continue;
            }
          {
            Conn *conn = conns[fd];
            ssize_t got;

            if (conn == NULL || conn->fd < 0 || conn->due != 0)
              continue;
            got = read (fd, conn->buf + conn->len, sizeof conn->buf - 1 - conn->len);
            if (got <= 0)
              {
                if (got < 0 && errno == EAGAIN)
                  continue;
                epoll_ctl (epfd, EPOLL_CTL_DEL, fd, NULL);
                close (fd);
                conn->fd = -1;
                continue;
              }
            conn->len += (gsize)got;
            conn->buf[conn->len] = '\0';
            if (parse_request (conn) || conn->len >= sizeof conn->buf - 1)
              {
                epoll_ctl (epfd, EPOLL_CTL_DEL, fd, NULL);
                if (conn->due == 0)
                  {
                    conn->status = 400;
                    conn->due = g_get_monotonic_time ();
                  }
                g_ptr_array_add (waiting, conn);
              }
          }
        }
    }
}

static char *
write_sites (guint port, GError **error)
{
  g_autoptr (GString) json =
      g_string_new ("{\"format\": \"aura-sites\", \"version\": 1, \"sites\": [");
  g_autofree char *dir = g_dir_make_tmp ("aura-bench-username-XXXXXX", error);
  char *path;

  if (dir == NULL)
    return NULL;
  for (guint i = 1; i <= N_SITES; i++)
    g_string_append_printf (
        json,
        "%s{\"name\": \"Site%04u\", \"url\": \"http://site%04u.test:%u/\","
        " \"profile_url\": \"http://site%04u.test:%u/{username}\","
        " \"detect\": {\"found\": [{\"status\": [200]}], \"not_found\": [{\"status\": [404]}]},"
        " \"tags\": [\"bench\"]}",
        i > 1 ? ",\n" : "", i, i, port, i, port);
  g_string_append (json, "]}\n");
  path = g_build_filename (dir, "sites.json", NULL);
  if (!g_file_set_contents (path, json->str, (gssize)json->len, error))
    g_clear_pointer (&path, g_free);
  return path;
}

int
main (int argc, char **argv)
{
  g_autoptr (AuraTestDns) dns = NULL;
  g_autoptr (GSubprocess) server = NULL;
  g_autoptr (GSubprocess) scan = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *sites = NULL;
  g_autofree char *report = NULL;
  g_autofree char *db_dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *sites_dir = NULL;
  const char *aura_cli = g_getenv ("AURA_CLI") != NULL ? g_getenv ("AURA_CLI") : AURA_CLI_PATH;
  struct rusage usage;
  JsonArray *checks;
  guint true_pos = 0, false_pos = 0, false_neg = 0, n_present = 0;
  gint64 start;
  double wall;
  guint port;

  setlocale (LC_ALL, "");
  if (argc > 1 && g_str_equal (argv[1], "--serve"))
    return serve ();
  aura_test_raise_fd_limit ();
  draw_fixture ();

  dns = aura_test_bench_dns (N_SITES, &error);
  if (dns == NULL)
    g_error ("dnsmasq: %s", error->message);
  server = aura_test_bench_server (argv[0], &port, &error);
  if (server == NULL)
    g_error ("server: %s", error->message);
  sites = write_sites (port, &error);
  if (sites == NULL)
    g_error ("%s", error->message);
  db_dir = g_path_get_dirname (sites);
  db = g_build_filename (db_dir, "aura.db", NULL);
  sites_dir = g_build_filename (db_dir, "user-sites", NULL);

  {
    g_autoptr (GSubprocessLauncher) launcher =
        g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
    const char *args[] = { aura_cli,
                           "--db",
                           db,
                           "--json",
                           "scan",
                           "username",
                           NAME,
                           "--sites",
                           sites,
                           "--dns-server",
                           aura_test_dns_get_server (dns),
                           "--loopback-only",
                           "--concurrency",
                           g_getenv ("BENCH_CONCURRENCY") != NULL ? g_getenv ("BENCH_CONCURRENCY")
                                                                  : "1500",
                           NULL };

    g_subprocess_launcher_setenv (launcher, "AURA_SITES_DIR", sites_dir, TRUE);
    start = g_get_monotonic_time ();
    scan = g_subprocess_launcher_spawnv (launcher, args, &error);
    if (scan == NULL)
      g_error ("%s: %s", aura_cli, error->message);
    g_subprocess_communicate_utf8 (scan, NULL, NULL, &report, NULL, &error);
    wall = (double)(g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  }
  /* Only aura-cli has been waited for yet: its peak is the children's. */
  getrusage (RUSAGE_CHILDREN, &usage);
  if (error != NULL || !json_parser_load_from_data (parser, report, -1, &error))
    g_error ("aura-cli printed no report: %s", error->message);
  checks =
      json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "checks");
  for (guint i = 1; i <= N_SITES; i++)
    n_present += present[i];
  for (guint i = 0; i < json_array_get_length (checks); i++)
    {
      JsonObject *check = json_array_get_object_element (checks, i);
      guint n = 0;
      gboolean found = g_str_equal (json_object_get_string_member (check, "verdict"), "found");

      if (sscanf (json_object_get_string_member (check, "site"), "Site%u", &n) != 1 || n < 1 ||
          n > N_SITES)
        continue;
      if (found && present[n])
        true_pos++;
      else if (found)
        false_pos++;
    }
  false_neg = n_present - true_pos;

  printf ("sites: %u count\n", N_SITES);
  printf ("checks: %u count\n", json_array_get_length (checks));
  printf ("wall_s: %.3f s\n", wall);
  printf ("checks_per_s: %.0f checks/s\n", json_array_get_length (checks) / wall);
  printf ("peak_rss_mib: %.1f MiB\n", usage.ru_maxrss / 1024.0);
  printf ("precision: %.4f ratio\n",
          true_pos + false_pos > 0 ? true_pos / (double)(true_pos + false_pos) : 0.0);
  printf ("recall: %.4f ratio\n", n_present > 0 ? true_pos / (double)n_present : 0.0);
  printf ("sherlock_wall_ratio: %.1f x (Sherlock 0.16: 27.5 s on this fixture, issue 3)\n",
          27.5 / wall);

  aura_test_bench_server_stop (server);
  g_remove (sites);
  g_remove (db);
  {
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);
    g_remove (wal);
    g_remove (shm);
  }
  g_rmdir (sites_dir);
  g_rmdir (db_dir);
  return false_neg == 0 && false_pos == 0 ? 0 : 1;
}
