/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-bench"
#include "config.h"

/* sendmmsg() and recvmmsg() for the bare UDP baseline. */
#define _GNU_SOURCE
#include <ares.h>
#include <arpa/inet.h>
#include <ldns/ldns.h>
#include <locale.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "aura-subdomain-private.h"
#include "aura-subdomain.h"
#include "aura-test-bench.h"
#include "aura-test-knot.h"

/* The subdomain brute force of issue 5 against Knot DNS on loopback: a
 * zone of 20,000 names and a list of 100,000 generated words, every fifth
 * of which exists (fixed seed); the same names again in a zone whose
 * wildcard "* A 127.0.0.9" answers for every other word. Prints
 * "name: value unit" lines:
 *
 *   names_per_s (median of the runs), names_per_s_best, recall,
 *   peak_rss_mib, wildcard_false_positives, wildcard_recall.
 *
 * --baseline also measures what the brute force is built on, without
 * Aura's logic: a bare c-ares 1.18 loop (one channel, a window of queries
 * in flight) and a bare UDP loop (sendmmsg/recvmmsg, queries from an
 * ldns-made template), plus ldns's cost to parse an answer and to build a
 * query. --delay-ms N swaps knot for a responder that answers every query
 * NXDOMAIN after N ms (a distant resolver), to see the brute force with
 * thousands of queries in flight.
 *
 * Environment: BENCH_RUNS (5), BENCH_IN_FLIGHT (the brute force's
 * default), BENCH_TIMEOUT_MS (its default), BENCH_WINDOW (the baselines'
 * in-flight window, 100). */

#define N_WORDS 100000
#define N_REAL 20000
#define SEED 20240605
#define ZONE "bench.test"
#define WILD_ZONE "wild.test"

typedef struct
{
  GStrv words;
  GHashTable *real; /* "word" of the names that exist */
  guint16 port;
  char server[64];
} Bench;

/* Words. */

static GStrv
make_words (void)
{
  static const char *const onsets[] = { "b",  "c",  "d",  "f",  "g",  "h",  "j",  "k",
                                        "l",  "m",  "n",  "p",  "r",  "s",  "t",  "v",
                                        "w",  "z",  "br", "ch", "cl", "dr", "gr", "pl",
                                        "sh", "st", "tr", "th", "",   "sk", "sp", "qu" };
  static const char *const vowels[] = { "a", "e", "i", "o", "u", "ai", "ea", "io", "ou", "y" };
  g_autoptr (GRand) rand = g_rand_new_with_seed (SEED);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  guint n = 0;

  while (n < N_WORDS)
    {
      GString *word = g_string_new (NULL);
      guint syllables = (guint)g_rand_int_range (rand, 2, 5);

      for (guint s = 0; s < syllables; s++)
        {
          g_string_append (word, onsets[g_rand_int_range (rand, 0, G_N_ELEMENTS (onsets))]);
          g_string_append (word, vowels[g_rand_int_range (rand, 0, G_N_ELEMENTS (vowels))]);
        }
      if (g_rand_int_range (rand, 0, 4) == 0)
        g_string_append_printf (word, "%d", g_rand_int_range (rand, 1, 100));
      if (g_hash_table_contains (seen, word->str))
        {
          g_string_free (word, TRUE);
          continue;
        }
      g_strv_builder_add (builder, word->str);
      g_hash_table_add (seen, g_string_free (word, FALSE));
      n++;
    }
  return g_strv_builder_end (builder);
}

static char *
zone_records (Bench *bench, gboolean wildcard)
{
  GString *records = g_string_new (wildcard ? "* A 127.0.0.9\n" : NULL);

  for (guint i = 0; i < N_WORDS; i += N_WORDS / N_REAL)
    g_string_append_printf (records, "%s A 127.1.%u.%u\n", bench->words[i], (i / 250) % 256,
                            i % 250 + 1);
  return g_string_free (records, FALSE);
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y;
}

static guint
env_uint (const char *name, guint fallback)
{
  const char *value = g_getenv (name);

  return value != NULL && *value != '\0' ? (guint)g_ascii_strtoull (value, NULL, 10) : fallback;
}

/* The brute force. */

typedef struct
{
  double names_per_s;
  guint found;
  guint found_real;
  guint false_positives;
  guint64 timeouts;
  guint64 discarded;
} RunResult;

static RunResult
run_brute (Bench *bench, const char *domain, const char *server)
{
  const char *resolvers[] = { server, NULL };
  AuraSubdomainBruteOptions options = {
    .domain = domain,
    .words = (const char *const *)bench->words,
    .resolvers = resolvers,
    .max_in_flight = env_uint ("BENCH_IN_FLIGHT", 0),
    .timeout_ms = env_uint ("BENCH_TIMEOUT_MS", 0),
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraSubdomainBrute) brute = aura_subdomain_brute_new (&options, &error);
  g_autoptr (AuraSubdomainProgress) progress = NULL;
  RunResult result = { 0 };
  GPtrArray *hits;
  gint64 start;
  gsize suffix = strlen (domain) + 1;

  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  if (!aura_subdomain_brute_run (brute, &error))
    g_printerr ("brute force failed: %s\n", error->message);
  result.names_per_s = N_WORDS / ((g_get_monotonic_time () - start) / 1e6);
  hits = aura_subdomain_brute_get_hits (brute);
  progress = aura_subdomain_brute_get_progress (brute);
  result.found = hits->len;
  result.timeouts = progress->timeouts;
  result.discarded = progress->wildcard_discarded;
  for (guint i = 0; i < hits->len; i++)
    {
      const AuraSubdomainHit *hit = g_ptr_array_index (hits, i);
      g_autofree char *word = g_strndup (hit->name, strlen (hit->name) - suffix);

      if (g_hash_table_contains (bench->real, word))
        result.found_real++;
      else
        result.false_positives++;
    }
  return result;
}

/* Baselines: c-ares alone. */

typedef struct
{
  ares_socket_t fds[16];
  guint n_fds;
  guint done;
  guint found;
} CaresLoop;

static void
cares_sock_cb (void *data, ares_socket_t fd, int readable, int writable)
{
  CaresLoop *loop = data;
  guint i;

  for (i = 0; i < loop->n_fds && loop->fds[i] != fd; i++)
    ;
  if ((readable || writable) && i == loop->n_fds && loop->n_fds < G_N_ELEMENTS (loop->fds))
    loop->fds[loop->n_fds++] = fd;
  else if (!readable && !writable && i < loop->n_fds)
    loop->fds[i] = loop->fds[--loop->n_fds];
}

static void
cares_answer_cb (void *data, int status, int timeouts, unsigned char *abuf, int alen)
{
  CaresLoop *loop = data;

  loop->done++;
  if (abuf != NULL && alen > 12 && (abuf[3] & 0x0f) == 0 && (abuf[6] | abuf[7]) != 0)
    loop->found++;
}

static double
baseline_cares (Bench *bench, const char *server, gboolean knot, guint window)
{
  struct ares_options options = { 0 };
  CaresLoop loop = { 0 };
  ares_channel channel;
  gint64 start;
  guint next = 0;
  char name[300];

  options.flags = ARES_FLAG_NOCHECKRESP | ARES_FLAG_STAYOPEN | ARES_FLAG_NOSEARCH |
                  ARES_FLAG_NOALIASES | ARES_FLAG_EDNS;
  options.timeout = 1000;
  options.tries = 3;
  options.sock_state_cb = cares_sock_cb;
  options.sock_state_cb_data = &loop;
  options.socket_receive_buffer_size = 4 << 20;
  options.ednspsz = 1232;
  g_assert_cmpint (ares_init_options (&channel, &options,
                                      ARES_OPT_FLAGS | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES |
                                          ARES_OPT_DOMAINS | ARES_OPT_SOCK_STATE_CB |
                                          ARES_OPT_SOCK_RCVBUF | ARES_OPT_EDNSPSZ),
                   ==, ARES_SUCCESS);
  g_assert_cmpint (ares_set_servers_ports_csv (channel, server), ==, ARES_SUCCESS);
  start = g_get_monotonic_time ();
  while (loop.done < N_WORDS)
    {
      struct pollfd fds[16];
      struct timeval tv;
      int ready;

      for (; next < N_WORDS && next - loop.done < window; next++)
        {
          g_snprintf (name, sizeof name, "%s." ZONE, bench->words[next]);
          ares_query (channel, name, 1, 1, cares_answer_cb, &loop);
        }
      for (guint i = 0; i < loop.n_fds; i++)
        fds[i] = (struct pollfd){ .fd = loop.fds[i], .events = POLLIN };
      ready = poll (fds, loop.n_fds,
                    ares_timeout (channel, NULL, &tv) != NULL
                        ? (int)(tv.tv_sec * 1000 + tv.tv_usec / 1000)
                        : 100);
      if (ready == 0)
        ares_process_fd (channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
      for (guint i = 0; ready > 0 && i < loop.n_fds; i++)
        if (fds[i].revents != 0)
          ares_process_fd (channel, fds[i].fd, ARES_SOCKET_BAD);
    }
  ares_destroy (channel);
  if (knot && loop.found != N_REAL)
    g_printerr ("c-ares baseline: found %u of %u\n", loop.found, N_REAL);
  return N_WORDS / ((g_get_monotonic_time () - start) / 1e6);
}

/* Baselines: a bare UDP loop. The query for "x.DOMAIN" is made once by
 * ldns; each word's query is the template with the word's label spliced
 * in front of the domain and a fresh ID. */

#define BATCH 64

typedef struct
{
  guint8 head[12];
  guint8 tail[512]; /* the domain's labels, the root, type and class, EDNS */
  gsize tail_len;
} Template;

static void
make_template (Template *template, const char *domain)
{
  g_autofree char *name = g_strdup_printf ("x.%s.", domain);
  ldns_pkt *pkt =
      ldns_pkt_query_new (ldns_dname_new_frm_str (name), LDNS_RR_TYPE_A, LDNS_RR_CLASS_IN, LDNS_RD);
  uint8_t *wire = NULL;
  size_t len = 0;

  ldns_pkt_set_edns_udp_size (pkt, 1232);
  g_assert_cmpint (ldns_pkt2wire (&wire, pkt, &len), ==, LDNS_STATUS_OK);
  /* Header, then "\1x", then the rest. */
  memcpy (template->head, wire, 12);
  template->tail_len = len - 14;
  g_assert_cmpuint (template->tail_len, <=, sizeof template->tail);
  memcpy (template->tail, wire + 14, template->tail_len);
  free (wire);
  ldns_pkt_free (pkt);
}

static gsize
build_query (const Template *template, const char *word, guint16 id, guint8 *out)
{
  gsize len = strlen (word);

  memcpy (out, template->head, 12);
  out[0] = (guint8)(id >> 8);
  out[1] = (guint8)id;
  out[12] = (guint8)len;
  memcpy (out + 13, word, len);
  memcpy (out + 13 + len, template->tail, template->tail_len);
  return 13 + len + template->tail_len;
}

static double
baseline_udp (Bench *bench, guint16 port, const char *domain, guint window)
{
  struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons (port) };
  static guint8 queries[BATCH][600];
  static guint8 answers[BATCH][1500];
  struct mmsghdr out[BATCH], in[BATCH];
  struct iovec out_iov[BATCH], in_iov[BATCH];
  Template template;
  guint next = 0, done = 0, found = 0;
  int buffer = 4 << 20;
  int fd = socket (AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  gint64 start;

  inet_pton (AF_INET, "127.0.0.1", &to.sin_addr);
  setsockopt (fd, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof buffer);
  make_template (&template, domain);
  start = g_get_monotonic_time ();
  while (done < N_WORDS)
    {
      struct pollfd pfd = { .fd = fd, .events = POLLIN };
      int n = 0, got;

      while (next < N_WORDS && next - done < window && n < BATCH)
        {
          out_iov[n].iov_base = queries[n];
          out_iov[n].iov_len =
              build_query (&template, bench->words[next], (guint16)next, queries[n]);
          out[n] = (struct mmsghdr){ .msg_hdr = { .msg_name = &to,
                                                  .msg_namelen = sizeof to,
                                                  .msg_iov = &out_iov[n],
                                                  .msg_iovlen = 1 } };
          n++;
          next++;
        }
      if (n > 0 && sendmmsg (fd, out, (unsigned)n, 0) != n)
        g_printerr ("sendmmsg sent fewer queries than asked\n");
      /* No retries here: a lost answer ends the loop after a second. */
      if (poll (&pfd, 1, 1000) == 0)
        break;
      for (int i = 0; i < BATCH; i++)
        {
          in_iov[i] = (struct iovec){ answers[i], sizeof answers[i] };
          in[i] = (struct mmsghdr){ .msg_hdr = { .msg_iov = &in_iov[i], .msg_iovlen = 1 } };
        }
      got = recvmmsg (fd, in, BATCH, MSG_DONTWAIT, NULL);
      for (int i = 0; i < got; i++)
        {
          done++;
          if ((answers[i][3] & 0x0f) == 0 && (answers[i][6] | answers[i][7]) != 0)
            found++;
        }
    }
  close (fd);
  if (done < N_WORDS)
    g_printerr ("udp baseline: %u answers lost\n", N_WORDS - done);
  return done / ((g_get_monotonic_time () - start) / 1e6);
}

/* ldns's costs, per answer parsed and per query built. */
static void
baseline_ldns (void)
{
  ldns_pkt *pkt = ldns_pkt_query_new (ldns_dname_new_frm_str ("www." ZONE "."), LDNS_RR_TYPE_A,
                                      LDNS_RR_CLASS_IN, LDNS_RD);
  ldns_rr *rr = NULL;
  uint8_t *wire = NULL;
  size_t len = 0;
  const guint n = 200000;
  gint64 start;
  guint64 sum = 0;

  ldns_pkt_set_qr (pkt, true);
  ldns_rr_new_frm_str (&rr, "www." ZONE ". 60 IN A 127.1.2.3", 0, NULL, NULL);
  ldns_pkt_push_rr (pkt, LDNS_SECTION_ANSWER, rr);
  ldns_pkt_set_edns_udp_size (pkt, 1232);
  ldns_pkt2wire (&wire, pkt, &len);
  ldns_pkt_free (pkt);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GPtrArray) addresses = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *cname = NULL;

      aura_subdomain_answer_read (wire, len, "www." ZONE, 1, addresses, &cname);
      sum += addresses->len;
    }
  printf ("answer_parse_ns: %.0f ns\n", (g_get_monotonic_time () - start) * 1000.0 / n);
  g_assert_cmpuint (sum, ==, n);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      uint8_t *query = NULL;
      size_t query_len = 0;

      pkt = ldns_pkt_query_new (ldns_dname_new_frm_str ("www." ZONE "."), LDNS_RR_TYPE_A,
                                LDNS_RR_CLASS_IN, LDNS_RD);
      ldns_pkt2wire (&query, pkt, &query_len);
      sum += query_len;
      free (query);
      ldns_pkt_free (pkt);
    }
  printf ("ldns_query_build_ns: %.0f ns\n", (g_get_monotonic_time () - start) * 1000.0 / n);
  free (wire);
}

/* The delaying responder (this program with --serve). */

typedef struct
{
  gint64 due;
  struct sockaddr_in from;
  guint8 packet[512];
  gsize len;
} Held;

static int
serve (void)
{
  guint delay_ms = env_uint ("BENCH_DELAY_MS", 30);
  int fd = socket (AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  struct sockaddr_in address = { .sin_family = AF_INET };
  socklen_t address_len = sizeof address;
  int buffer = 4 << 20;
  const guint ring = 1 << 16;
  Held *held = g_new0 (Held, ring);
  guint head = 0, tail = 0;

  inet_pton (AF_INET, "127.0.0.1", &address.sin_addr);
  setsockopt (fd, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof buffer);
  setsockopt (fd, SOL_SOCKET, SO_SNDBUF, &buffer, sizeof buffer);
  if (bind (fd, (struct sockaddr *)&address, sizeof address) != 0)
    return 1;
  getsockname (fd, (struct sockaddr *)&address, &address_len);
  printf ("%u\n", ntohs (address.sin_port));
  fflush (stdout);
  for (;;)
    {
      struct pollfd fds[2] = { { .fd = 0, .events = POLLIN }, { .fd = fd, .events = POLLIN } };
      gint64 now = g_get_monotonic_time ();
      int wait = head != tail ? (int)MAX (0, (held[head % ring].due - now) / 1000) : 100;

      poll (fds, 2, wait);
      if (fds[0].revents != 0)
        break; /* the parent closed our standard input */
      now = g_get_monotonic_time ();
      for (guint k = 0; k < 4096 && tail - head < ring; k++)
        {
          Held *slot = &held[tail % ring];
          socklen_t from_len = sizeof slot->from;
          gssize got = recvfrom (fd, slot->packet, sizeof slot->packet, 0,
                                 (struct sockaddr *)&slot->from, &from_len);

          if (got < 12)
            break;
          slot->len = (gsize)got;
          slot->packet[2] |= 0x80; /* an answer */
          slot->packet[3] = 0x83;  /* RA, NXDOMAIN */
          slot->due = now + delay_ms * 1000;
          tail++;
        }
      while (head != tail && held[head % ring].due <= now)
        {
          Held *slot = &held[head++ % ring];

          sendto (fd, slot->packet, slot->len, 0, (struct sockaddr *)&slot->from,
                  sizeof slot->from);
        }
    }
  g_free (held);
  return 0;
}

static void
print_runs (const char *name, GArray *values)
{
  g_array_sort (values, compare_doubles);
  printf ("%s: %.0f names/s\n", name, g_array_index (values, double, values->len / 2));
  printf ("%s_best: %.0f names/s\n", name, g_array_index (values, double, values->len - 1));
}

static void
bench_delay (Bench *bench, const char *program, guint delay_ms)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *delay = g_strdup_printf ("%u", delay_ms);
  g_autofree char *server = NULL;
  GSubprocess *responder;
  guint port = 0;
  RunResult result;

  g_setenv ("BENCH_DELAY_MS", delay, TRUE);
  responder = aura_test_bench_server (program, &port, &error);
  g_assert_no_error (error);
  server = g_strdup_printf ("127.0.0.1:%u", port);
  result = run_brute (bench, ZONE, server);
  printf ("delayed_names_per_s: %.0f names/s (%u ms, %u in flight)\n", result.names_per_s, delay_ms,
          env_uint ("BENCH_IN_FLIGHT", 100));
  printf ("delayed_timeouts: %" G_GUINT64_FORMAT " tries\n", result.timeouts);
  printf ("delayed_cares_names_per_s: %.0f names/s\n",
          baseline_cares (bench, server, FALSE, env_uint ("BENCH_IN_FLIGHT", 100)));
  aura_test_bench_server_stop (responder);
  g_object_unref (responder);
}

/* The brute force on both zones, then (with --baseline) the bare loops. */
static void
bench_knot (Bench *bench, guint runs, gboolean baseline)
{
  g_autoptr (GArray) rates = g_array_new (FALSE, FALSE, sizeof (double));
  RunResult result = { 0 };
  struct rusage usage;

  for (guint run = 0; run < runs; run++)
    {
      result = run_brute (bench, ZONE, bench->server);
      g_array_append_val (rates, result.names_per_s);
      if (result.found_real != N_REAL || result.false_positives != 0)
        g_printerr ("run %u: %u of %u found, %u wrong\n", run, result.found_real, N_REAL,
                    result.false_positives);
    }
  print_runs ("names_per_s", rates);
  printf ("recall: %.4f\n", (double)result.found_real / N_REAL);
  printf ("timeouts: %" G_GUINT64_FORMAT " tries\n", result.timeouts);

  result = run_brute (bench, WILD_ZONE, bench->server);
  printf ("wildcard_false_positives: %u names\n", result.false_positives);
  printf ("wildcard_recall: %.4f\n", (double)result.found_real / N_REAL);
  printf ("wildcard_discarded: %" G_GUINT64_FORMAT " names\n", result.discarded);
  printf ("wildcard_names_per_s: %.0f names/s\n", result.names_per_s);

  /* Before the baselines, so that the figure is the brute force's. */
  getrusage (RUSAGE_SELF, &usage);
  printf ("peak_rss_mib: %.1f MiB\n", usage.ru_maxrss / 1024.0);

  if (baseline)
    {
      g_autoptr (GArray) cares = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr (GArray) udp = g_array_new (FALSE, FALSE, sizeof (double));
      guint window = env_uint ("BENCH_WINDOW", 100);

      for (guint run = 0; run < runs; run++)
        {
          double rate = baseline_cares (bench, bench->server, TRUE, window);

          g_array_append_val (cares, rate);
          rate = baseline_udp (bench, bench->port, ZONE, window);
          g_array_append_val (udp, rate);
        }
      print_runs ("cares_bare_names_per_s", cares);
      print_runs ("udp_bare_names_per_s", udp);
      baseline_ldns ();
    }
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraTestKnot) knot = NULL;
  g_autofree char *records = NULL;
  g_autofree char *wild_records = NULL;
  gboolean baseline = FALSE;
  guint delay_ms = 0;
  Bench bench = { 0 };

  setlocale (LC_ALL, "");
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--serve"))
        return serve ();
      if (g_str_equal (argv[i], "--baseline"))
        baseline = TRUE;
      else if (g_str_equal (argv[i], "--delay-ms") && i + 1 < argc)
        delay_ms = (guint)g_ascii_strtoull (argv[++i], NULL, 10);
    }
  /* Loopback only, as the tests are. */
  g_setenv ("AURA_LOOPBACK_ONLY", "1", TRUE);
  aura_test_raise_fd_limit ();

  bench.words = make_words ();
  bench.real = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < N_WORDS; i += N_WORDS / N_REAL)
    g_hash_table_add (bench.real, bench.words[i]);
  if (delay_ms > 0)
    bench_delay (&bench, argv[0], delay_ms);
  else
    {
      AuraTestZone zones[2];

      records = zone_records (&bench, FALSE);
      wild_records = zone_records (&bench, TRUE);
      zones[0] = (AuraTestZone){ ZONE, records, FALSE };
      zones[1] = (AuraTestZone){ WILD_ZONE, wild_records, FALSE };
      knot = aura_test_knot_start (zones, G_N_ELEMENTS (zones), &error);
      if (knot == NULL)
        {
          g_printerr ("knot did not start: %s\n", error->message);
          return 1;
        }
      g_strlcpy (bench.server, aura_test_knot_get_server (knot), sizeof bench.server);
      bench.port = aura_test_knot_get_port (knot);
      bench_knot (&bench, MAX (env_uint ("BENCH_RUNS", 5), 1u), baseline);
    }
  g_hash_table_unref (bench.real);
  g_strfreev (bench.words);
  return 0;
}
