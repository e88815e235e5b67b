/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-bench"
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "aura.h"

/* Store benchmark: ingest N entities (default 1,000,000) with 1.5
 * relations each through the public API in batches, then time full-text
 * queries as a person types them and one-hop neighbourhood reads. Prints
 * `name: value unit` lines. */

#define BATCH_SIZE 10000

static const char *first_names[] = { "alice",   "bob",   "carol",  "dave",   "erin",
                                     "frank",   "grace", "heidi",  "ivan",   "judy",
                                     "mallory", "niaj",  "olivia", "peggy",  "rupert",
                                     "sybil",   "trent", "victor", "walter", "zoe" };
static const char *last_names[] = { "smith",   "jones",  "taylor",   "brown",  "williams", "wilson",
                                    "johnson", "davies", "robinson", "wright", "thompson", "evans",
                                    "walker",  "white",  "roberts",  "green" };
static const char *sites[] = { "github",    "gitlab",  "reddit",   "twitter", "tiktok",
                               "instagram", "keybase", "mastodon", "twitch",  "youtube" };

static int
compare_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *samples, double p)
{
  guint index;

  g_array_sort (samples, compare_double);
  index = (guint)(p * (samples->len - 1) + 0.5);
  return g_array_index (samples, double, index);
}

/* Entity i: mostly usernames, some emails, domains and URLs, named so that
 * words and prefixes recur as they do in real investigations. */
static AuraEntityType
make_entity (guint i, GRand *rand, char **out_value, char **out_attributes)
{
  const char *first = first_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (first_names))];
  const char *last = last_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (last_names))];
  const char *site = sites[i % G_N_ELEMENTS (sites)];

  *out_attributes = NULL;
  switch (i % 8)
    {
      case 0:
        *out_value = g_strdup_printf ("%s.%s%u@example.com", first, last, i);
        return AURA_ENTITY_EMAIL;
      case 1:
        *out_value = g_strdup_printf ("%s%u.%s.example.org", first, i, last);
        return AURA_ENTITY_SUBDOMAIN;
      case 2:
        *out_value = g_strdup_printf ("https://%s.com/%s_%s%u", site, first, last, i);
        *out_attributes = g_strdup_printf ("{\"site\":\"%s\",\"status\":200}", site);
        return AURA_ENTITY_URL;
      default:
        *out_value = g_strdup_printf ("%s_%s%u", first, last, i);
        if (i % 4 == 3)
          *out_attributes = g_strdup_printf ("{\"site\":\"%s\",\"bio\":\"%s %s from %s\"}", site,
                                             first, last, sites[(i / 7) % G_N_ELEMENTS (sites)]);
        return AURA_ENTITY_USERNAME;
    }
}

static double
ingest (AuraStore *store, gint64 inv, guint n, GArray *ids)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);
  AuraProvenance prov = { 0, "bench", "bench-store" };
  gint64 start = g_get_monotonic_time ();
  guint n_relations = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *value = NULL;
      g_autofree char *attributes = NULL;
      AuraEntityType type = make_entity (i, rand, &value, &attributes);
      AuraEntity *entity;
      gint64 id;

      if (i % BATCH_SIZE == 0 && !aura_store_batch_begin (store, "bench ingest", &error))
        g_error ("%s", error->message);
      entity =
          aura_store_add_entity (store, inv, type, value, attributes, 0.5, &prov, NULL, &error);
      if (entity == NULL)
        g_error ("%s", error->message);
      id = aura_entity_get_id (entity);
      g_array_append_val (ids, id);
      g_object_unref (entity);
      /* 1.5 relations per entity, to earlier entities. */
      for (guint r = 0; i > 0 && r < (i % 2 == 0 ? 1u : 2u); r++)
        {
          gint64 other = g_array_index (ids, gint64, g_rand_int_range (rand, 0, (gint32)i));
          AuraRelation *relation = aura_store_add_relation (
              store, inv, id, other, r == 0 ? "mentions" : "linked_to", NULL, 0.5, &prov, &error);
          if (relation == NULL)
            g_error ("%s", error->message);
          g_object_unref (relation);
          n_relations++;
        }
      if ((i + 1) % BATCH_SIZE == 0 || i + 1 == n)
        {
          if (!aura_store_batch_commit (store, &error))
            g_error ("%s", error->message);
        }
    }
  g_printerr ("ingested %u entities and %u relations\n", n, n_relations);
  return n / ((g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC);
}

static gboolean verbose;

static void
bench_fts (AuraStore *store, gint64 inv, GArray *samples)
{
  /* What a person types, keystroke by keystroke. */
  const char *typed[] = { "al",        "ali",         "alic",     "alice",     "alice sm",
                          "alice smi", "alice smith", "jo",       "jon",       "jones",
                          "gith",      "github",      "zoe wh",   "zoe white", "mallory",
                          "example",   "tr",          "trent ev", "vic",       "victor rob" };
  g_autoptr (GError) error = NULL;

  for (guint round = 0; round < 5; round++)
    for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
      {
        AuraEntityQuery q = AURA_ENTITY_QUERY_INIT;
        g_autoptr (GPtrArray) found = NULL;
        gint64 start = g_get_monotonic_time ();
        double ms;

        q.investigation_id = inv;
        q.text = typed[i];
        q.sort = AURA_ENTITY_SORT_RANK;
        q.limit = 50;
        found = aura_store_query_entities (store, &q, &error);
        if (found == NULL)
          g_error ("%s", error->message);
        ms = (g_get_monotonic_time () - start) / 1000.0;
        g_array_append_val (samples, ms);
        if (verbose && round == 4)
          g_printerr ("fts \"%s\": %.2f ms, %u rows\n", typed[i], ms, found->len);
      }
}

static void
bench_neighbourhood (AuraStore *store, GArray *ids, GArray *samples)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);

  for (guint i = 0; i < 500; i++)
    {
      gint64 id = g_array_index (ids, gint64, g_rand_int_range (rand, 0, (gint32)ids->len));
      gint64 start = g_get_monotonic_time ();
      g_autoptr (GPtrArray) neighbours = aura_store_get_neighbours (store, id, &error);
      double ms;

      if (neighbours == NULL)
        g_error ("%s", error->message);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (samples, ms);
    }
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (AuraStore) store = NULL;
  g_autoptr (AuraInvestigation) inv = NULL;
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray) fts = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) hops = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *keep = NULL;
  g_autofree char *existing = NULL;
  gint64 inv_id;
  int n_entities = 1000000;
  struct rusage usage;
  double rate;
  GOptionEntry entries[] = {
    { "entities", 'n', 0, G_OPTION_ARG_INT, &n_entities, "Entities to ingest", "N" },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep, "Write the database here and keep it", "PATH" },
    { "existing", 0, 0, G_OPTION_ARG_FILENAME, &existing,
      "Skip the ingest: query a database an earlier --keep wrote", "PATH" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, "Print each query's time", NULL },
    { NULL },
  };

  setlocale (LC_ALL, "");
  context = g_option_context_new ("— benchmark the Aura store");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_entities <= 0)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "--entities must be positive");
      return EXIT_FAILURE;
    }
  if (existing != NULL)
    path = g_strdup (existing);
  else if (keep != NULL)
    path = g_strdup (keep);
  else
    {
      dir = g_dir_make_tmp ("aura-bench-XXXXXX", &error);
      g_assert_no_error (error);
      path = g_build_filename (dir, "aura.db", NULL);
    }
  store = aura_store_open (path, AURA_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  if (existing != NULL)
    {
      g_autoptr (GPtrArray) all = aura_store_list_investigations (store, TRUE, &error);
      AuraEntityQuery q = AURA_ENTITY_QUERY_INIT;
      g_autoptr (GArray) found = NULL;

      if (all == NULL || all->len == 0)
        g_error ("%s: no investigation", path);
      inv_id = aura_investigation_get_id (all->pdata[0]);
      q.investigation_id = inv_id;
      found = aura_store_query_entity_ids (store, &q, NULL, &error);
      if (found == NULL)
        g_error ("%s", error->message);
      g_array_append_vals (ids, found->data, found->len);
      n_entities = (int)ids->len;
      rate = 0;
    }
  else
    {
      inv = aura_store_create_investigation (store, "Benchmark", NULL, &error);
      if (inv == NULL)
        g_error ("%s", error->message);
      inv_id = aura_investigation_get_id (inv);
      rate = ingest (store, inv_id, (guint)n_entities, ids);
    }
  bench_fts (store, inv_id, fts);
  bench_neighbourhood (store, ids, hops);
  getrusage (RUSAGE_SELF, &usage);

  g_print ("entities: %d count\n", n_entities);
  if (existing == NULL)
    g_print ("ingest_entities_per_s: %.0f entities/s\n", rate);
  g_print ("fts_p50_ms: %.2f ms\n", percentile (fts, 0.50));
  g_print ("fts_p95_ms: %.2f ms\n", percentile (fts, 0.95));
  g_print ("neighbourhood_p95_ms: %.2f ms\n", percentile (hops, 0.95));
  g_print ("peak_rss_mib: %.1f MiB\n", usage.ru_maxrss / 1024.0);

  g_clear_object (&store);
  if (dir != NULL)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);
      g_remove (path);
      g_remove (wal);
      g_remove (shm);
      g_rmdir (dir);
    }
  return EXIT_SUCCESS;
}
