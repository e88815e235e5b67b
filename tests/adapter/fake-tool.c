/* SPDX-License-Identifier: GPL-3.0-or-later */

/* One program that plays every tool the bundled adapters run. What it
 * plays is its name (argv[0]: a symbolic link named sherlock, maigret…);
 * how it behaves is $FAKE_TOOL_MODE, or the word in the file
 * $FAKE_TOOL_MODE_FILE names:
 *
 *   ok        canned output in the tool's own format (the default)
 *   fail      a message on stderr and exit status 2
 *   hang      never ends; starts a child that ignores SIGTERM and also
 *             holds stdout; writes "LEADER CHILD" pids to $FAKE_TOOL_PIDFILE
 *   garbage   output that is not in the tool's format (JSON lines tools:
 *             good lines around it)
 *   huge      $FAKE_TOOL_MB MiB (8 by default) of JSON lines on stdout
 *   chatter   200 KiB on stderr (with a byte that is not UTF-8), then ok
 *   slow      five JSON lines, 150 ms apart
 *   endless   JSON lines in the tool's format (subfinder's, or yt-dlp's
 *             videos) every 5 ms, never ending
 *   long      (yt-dlp) a video line of 1.5 MiB, then a good one
 *   badversion  the version option fails with a Python traceback
 *
 * It uses plain POSIX so that it stays a faithful stand-in for a foreign
 * program: no GLib. */

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char sherlock_csv[] =
    "username,name,url_main,url_user,exists,http_status,response_time_s\n"
    "alice_example,GitHub,https://www.github.com/,https://www.github.com/alice_example,Claimed,"
    "200,0.41\n"
    "alice_example,Reddit,https://www.reddit.com/,https://www.reddit.com/user/alice_example,"
    "Claimed,200,0.7702\n"
    "alice_example,\"Example, Inc\",https://example.org/,https://example.org/u/alice_example,"
    "Available,404,0.12\r\n";

static const char maigret_json[] =
    "{\n"
    "  \"GitHub\": {\"username\": \"alice_example\", \"parsing_enabled\": true,\n"
    "    \"url_main\": \"https://www.github.com/\", \"url_user\": "
    "\"https://github.com/alice_example\",\n"
    "    \"ids_usernames\": {\"alice_example\": \"username\"},\n"
    "    \"status\": {\"username\": \"alice_example\", \"site_name\": \"GitHub\",\n"
    "      \"url\": \"https://github.com/alice_example\", \"status\": \"Claimed\",\n"
    "      \"ids\": {\"uid\": \"583231\", \"fullname\": \"Alice Example\",\n"
    "        \"image\": \"https://avatars.githubusercontent.com/u/583231?v=4\", "
    "\"follower_count\": \"12\"},\n"
    "      \"tags\": [\"coding\"]},\n"
    "    \"http_status\": 200, \"is_similar\": false, \"rank\": 29,\n"
    "    \"site\": {\"urlMain\": \"https://www.github.com/\", \"tags\": [\"coding\"]}},\n"
    "  \"Reddit\": {\"username\": \"alice_example\", \"parsing_enabled\": false,\n"
    "    \"url_main\": \"https://www.reddit.com/\", \"url_user\": "
    "\"https://www.reddit.com/user/alice_example\",\n"
    "    \"status\": {\"username\": \"alice_example\", \"site_name\": \"Reddit\",\n"
    "      \"url\": \"https://www.reddit.com/user/alice_example\", \"status\": \"Claimed\",\n"
    "      \"ids\": {}, \"tags\": [\"discussion\", \"news\"]},\n"
    "    \"http_status\": 200, \"is_similar\": false, \"rank\": 18, \"site\": {}},\n"
    "  \"Pinterest\": {\"username\": \"alice_example\", \"url_main\": "
    "\"https://www.pinterest.com/\",\n"
    "    \"url_user\": \"https://www.pinterest.com/alice_example/\",\n"
    "    \"status\": {\"status\": \"Available\", \"ids\": {}, \"tags\": []},\n"
    "    \"http_status\": 404, \"is_similar\": false, \"rank\": 90, \"site\": {}}\n"
    "}\n";

static const char holehe_csv[] =
    "name,domain,method,frequent_rate_limit,rateLimit,exists,emailrecovery,phoneNumber,others\n"
    "instagram,instagram.com,register,True,False,True,,,\n"
    "twitter,twitter.com,register,False,False,True,a****e@e******.com,,\n"
    "spotify,spotify.com,register,True,False,False,,,\n"
    "adobe,adobe.com,password recovery,False,False,True,a****e@example.com,+33 * ** ** ** 42,\n";

static const char subfinder_jsonl[] =
    "{\"host\":\"www.example.com\",\"input\":\"example.com\",\"source\":\"crtsh\"}\n"
    "{\"host\":\"mail.example.com\",\"input\":\"example.com\",\"source\":\"hackertarget\"}\n"
    "{\"host\":\"www.example.com\",\"input\":\"example.com\",\"source\":\"alienvault\"}\n";

static const char amass_text[] =
    "example.com (FQDN) --> ns_record --> a.iana-servers.net (FQDN)\n"
    "example.com (FQDN) --> mx_record --> mail.example.com (FQDN)\n"
    "www.example.com (FQDN) --> a_record --> 93.184.216.34 (IPAddress)\n"
    "www.example.com (FQDN) --> aaaa_record --> 2606:2800:220:1:248:1893:25c8:1946 (IPAddress)\n"
    "dev.example.com (FQDN) --> cname_record --> www.example.com (FQDN)\n"
    "example.com (FQDN) --> node --> dev.example.com (FQDN)\n"
    "93.184.216.0/24 (Netblock) --> contains --> 93.184.216.34 (IPAddress)\n"
    "15133 (ASN) --> managed_by --> EDGECAST - MCI Communications Services, Inc. "
    "(RIROrganization)\n"
    "15133 (ASN) --> announces --> 93.184.216.0/24 (Netblock)\n"
    "The enumeration has finished\n";

static const char harvester_json[] =
    "{\"asns\": [\"AS15133\"], \"emails\": [\"info@example.com\", \"press@example.com\"],\n"
    " \"hosts\": [\"www.example.com:93.184.216.34\", \"mail.example.com\", "
    "\"dev.example.com:10.0.0.5\"],\n"
    " \"interesting_urls\": [\"https://www.example.com/login\"],\n"
    " \"ips\": [\"93.184.216.34\"], \"shodan\": []}\n";

static const char phoneinfoga_text[] = "Running scan for phone number +41 76 123 45 67\n"
                                       "\n"
                                       "Results for local\n"
                                       "Raw local: 0761234567\n"
                                       "Local: 076 123 45 67\n"
                                       "E164: +41761234567\n"
                                       "International: 41761234567\n"
                                       "Country: CH\n"
                                       "\n"
                                       "Results for numverify\n"
                                       "Valid: true\n"
                                       "Local format: 0761234567\n"
                                       "Country code: CH\n"
                                       "Location: \n"
                                       "Carrier: Swisscom\n"
                                       "Line type: mobile\n"
                                       "\n"
                                       "Results for googlesearch\n"
                                       "Social media:\n"
                                       "\tURL: https://www.google.com/search?q=%2B41761234567\n";

static const char ytdlp_line1[] =
    "{\"id\": \"7301234567890123456\", \"title\": \"Morning run #running #fitness\", "
    "\"description\": \"Morning run #running #fitness\", "
    "\"webpage_url\": \"https://www.tiktok.com/@alice_example/video/7301234567890123456\", "
    "\"timestamp\": 1700000000, \"upload_date\": \"20231114\", \"duration\": 15, "
    "\"view_count\": 12000, \"like_count\": 900, \"comment_count\": 42, \"repost_count\": 7, "
    "\"track\": \"original sound\", \"artist\": \"alice_example\", \"uploader\": "
    "\"alice_example\", "
    "\"uploader_id\": \"6801234567890123456\", \"tags\": [\"running\", \"fitness\"], "
    "\"extractor_key\": \"TikTok\"}\n";
static const char ytdlp_line2[] =
    "{\"id\": \"7302234567890123456\", \"title\": \"Stretching\", \"description\": "
    "\"Stretching \\u2728 #fitness\", "
    "\"webpage_url\": \"https://www.tiktok.com/@alice_example/video/7302234567890123456\", "
    "\"timestamp\": 1700100000, \"upload_date\": \"20231116\", \"duration\": 31.5, "
    "\"view_count\": 800, \"like_count\": 51, \"comment_count\": 3, \"repost_count\": 0, "
    "\"track\": \"Calm\", \"artist\": \"Someone\", \"uploader\": \"alice_example\", "
    "\"uploader_id\": \"6801234567890123456\", \"tags\": [\"fitness\"], \"extractor_key\": "
    "\"TikTok\"}\n";
static const char ytdlp_line3[] =
    "{\"id\": \"7303234567890123456\", \"title\": \"No tags\", "
    "\"webpage_url\": \"https://www.tiktok.com/@alice_example/video/7303234567890123456\", "
    "\"timestamp\": 1700200000, \"view_count\": 10, \"like_count\": 1, \"comment_count\": 0, "
    "\"repost_count\": 0, \"uploader\": \"alice_example\", \"tags\": [], \"extractor_key\": "
    "\"TikTok\"}\n";

static void
write_all (int fd, const char *data, size_t length)
{
  while (length > 0)
    {
      ssize_t n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        exit (3);
      data += n;
      length -= (size_t)n;
    }
}

static void
put (const char *text)
{
  write_all (1, text, strlen (text));
}

static void
write_file (const char *path, const char *text)
{
  FILE *file = fopen (path, "w");

  if (file == NULL)
    {
      fprintf (stderr, "cannot write %s: %s\n", path, strerror (errno));
      exit (4);
    }
  fputs (text, file);
  fclose (file);
}

/* The argument after @option, or NULL. */
static const char *
option (int argc, char **argv, const char *name)
{
  for (int i = 1; i + 1 < argc; i++)
    if (strcmp (argv[i], name) == 0)
      return argv[i + 1];
  return NULL;
}

static void
sleep_ms (long ms)
{
  struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

  while (nanosleep (&ts, &ts) < 0 && errno == EINTR)
    ;
}

static void
hang (const char *tool)
{
  const char *pidfile = getenv ("FAKE_TOOL_PIDFILE");
  pid_t child = fork ();
  char line[64];

  if (child == 0)
    {
      signal (SIGTERM, SIG_IGN);
      for (;;)
        pause ();
    }
  snprintf (line, sizeof line, "%d %d\n", (int)getpid (), (int)child);
  if (pidfile != NULL)
    write_file (pidfile, line);
  if (strcmp (tool, "yt-dlp") == 0)
    put (ytdlp_line1);
  else
    put ("{\"host\":\"before-hang.example.com\",\"source\":\"crtsh\"}\n");
  for (;;)
    pause ();
}

static void
huge (void)
{
  const char *mb = getenv ("FAKE_TOOL_MB");
  long total = (mb != NULL ? atol (mb) : 8) * 1024 * 1024;
  char line[128];

  for (long written = 0, i = 0; written < total; i++)
    {
      int n = snprintf (line, sizeof line, "{\"host\":\"h%ld.example.com\",\"source\":\"x\"}\n", i);

      write_all (1, line, (size_t)n);
      written += n;
    }
  exit (0);
}

static void
endless (const char *tool)
{
  char line[256];

  for (long i = 0;; i++)
    {
      if (strcmp (tool, "yt-dlp") == 0)
        snprintf (line, sizeof line,
                  "{\"id\": \"%ld\", \"webpage_url\": "
                  "\"https://www.tiktok.com/@alice_example/video/%ld\", \"timestamp\": %ld, "
                  "\"view_count\": %ld, \"like_count\": 1, \"tags\": [\"endless\"]}\n",
                  7400000000000000000L + i, 7400000000000000000L + i, 1700000000L + 3600 * i,
                  100 + i);
      else
        snprintf (line, sizeof line, "{\"host\":\"e%ld.example.com\",\"source\":\"x\"}\n", i);
      put (line);
      sleep_ms (5);
    }
}

/* A video line whose title alone is 1.5 MiB, then a good line. */
static void
long_line (void)
{
  static char filler[4096];

  memset (filler, 'a', sizeof filler);
  put ("{\"id\": \"7309999999999999999\", \"title\": \"");
  for (int i = 0; i < 384; i++)
    write_all (1, filler, sizeof filler);
  put ("\"}\n");
  put (ytdlp_line2);
  exit (0);
}

static void
chatter (void)
{
  char line[64];

  for (int i = 0; i < 4000; i++)
    {
      int n = snprintf (line, sizeof line, "progress %05d of 4000 ........\n", i);

      write_all (2, line, (size_t)n);
      if (i == 3990)
        write_all (2, "bad byte \xff here\n", 15);
    }
  write_all (2, "FINAL-STDERR-LINE\n", 18);
}

static int
play_ok (const char *tool, int argc, char **argv, int garbage)
{
  const char *bad = "this is <not> what you expected\n\x01\x02{\"unclosed\": [\n";

  if (strcmp (tool, "sherlock") == 0)
    {
      const char *dir = option (argc, argv, "--folderoutput");
      char path[4096];

      snprintf (path, sizeof path, "%s/%s.csv", dir != NULL ? dir : ".", argv[argc - 1]);
      write_file (path, garbage ? "\"unclosed,quote\n" : sherlock_csv);
      put ("[*] Checking username alice_example on:\n[+] GitHub: "
           "https://www.github.com/alice_example\n");
    }
  else if (strcmp (tool, "maigret") == 0)
    {
      const char *dir = option (argc, argv, "--folderoutput");
      char path[4096];

      snprintf (path, sizeof path, "%s/report_%s_simple.json", dir != NULL ? dir : ".", argv[1]);
      write_file (path, garbage ? bad : maigret_json);
    }
  else if (strcmp (tool, "holehe") == 0)
    {
      char path[4096];

      /* holehe writes its CSV in the current folder, named after the
       * time and the address. */
      snprintf (path, sizeof path, "holehe_%ld_%s_results.csv", (long)time (NULL), argv[1]);
      write_file (path, garbage ? bad : holehe_csv);
    }
  else if (strcmp (tool, "theHarvester") == 0)
    {
      const char *file = option (argc, argv, "-f");
      char path[4096];

      snprintf (path, sizeof path, "%s.json", file != NULL ? file : "out");
      write_file (path, garbage ? bad : harvester_json);
    }
  else if (strcmp (tool, "subfinder") == 0)
    {
      if (garbage)
        {
          put ("{\"host\":\"ok1.example.com\",\"source\":\"crtsh\"}\n");
          put (bad);
          put ("{\"host\":\"ok2.example.com\",\"source\":\"crtsh\"}\n");
        }
      else
        put (subfinder_jsonl);
    }
  else if (strcmp (tool, "amass") == 0)
    put (garbage ? bad : amass_text);
  else if (strcmp (tool, "phoneinfoga") == 0)
    put (garbage ? bad : phoneinfoga_text);
  else if (strcmp (tool, "yt-dlp") == 0)
    {
      put (ytdlp_line1);
      put (garbage ? bad : ytdlp_line2);
      put (ytdlp_line3);
    }
  else
    {
      fprintf (stderr, "fake-tool: no part for “%s”\n", tool);
      return 5;
    }
  return 0;
}

static const char *
read_mode (void)
{
  static char word[32];
  const char *path = getenv ("FAKE_TOOL_MODE_FILE");
  FILE *file;

  if (getenv ("FAKE_TOOL_MODE") != NULL)
    return getenv ("FAKE_TOOL_MODE");
  if (path == NULL || (file = fopen (path, "r")) == NULL)
    return "ok";
  if (fscanf (file, "%31s", word) != 1)
    strcpy (word, "ok");
  fclose (file);
  return word;
}

int
main (int argc, char **argv)
{
  const char *tool = strrchr (argv[0], '/') != NULL ? strrchr (argv[0], '/') + 1 : argv[0];
  const char *mode = read_mode ();

  if (argc == 2 && (strcmp (argv[1], "--version") == 0 || strcmp (argv[1], "-version") == 0 ||
                    strcmp (argv[1], "version") == 0))
    {
      if (strcmp (mode, "badversion") == 0)
        {
          fputs ("Traceback (most recent call last):\n  File \"/usr/bin/tool\", line 5\n"
                 "ModuleNotFoundError: No module named 'requests'\n",
                 stderr);
          return 1;
        }
      if (strcmp (tool, "yt-dlp") == 0)
        put ("2024.08.06\n");
      else if (strcmp (tool, "subfinder") == 0 || strcmp (tool, "amass") == 0)
        fputs ("Current Version: v2.6.3\n", stderr);
      else
        printf ("%s 0.14.3\n", tool);
      return 0;
    }
  if (strcmp (mode, "fail") == 0)
    {
      fputs ("Error: rate limited by upstream, try again later\n", stderr);
      return 2;
    }
  if (strcmp (mode, "hang") == 0)
    hang (tool);
  if (strcmp (mode, "endless") == 0)
    endless (tool);
  if (strcmp (mode, "long") == 0)
    long_line ();
  if (strcmp (mode, "huge") == 0)
    huge ();
  if (strcmp (mode, "slow") == 0)
    {
      for (int i = 0; i < 5; i++)
        {
          printf ("{\"host\":\"slow%d.example.com\",\"source\":\"crtsh\"}\n", i);
          fflush (stdout);
          sleep_ms (150);
        }
      return 0;
    }
  if (strcmp (mode, "chatter") == 0)
    chatter ();
  return play_ok (tool, argc, argv, strcmp (mode, "garbage") == 0);
}
