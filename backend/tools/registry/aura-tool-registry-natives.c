/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-registry"
#include "config.h"

#include <glib/gi18n-lib.h>

#include "aura-tool-registry-private.h"

/* The native tools: C code in libaura. Each entry says what it takes and
 * yields and the aura-cli command that runs it alone; `aura-cli tools run`
 * runs that command ({value} is the input). Inputs and outputs are entity
 * type names, separated by spaces. */

typedef struct
{
  const char *id;
  const char *family;
  const char *name;
  const char *description;
  const char *inputs;
  const char *outputs;
  const char *key_name;
  gboolean key_required;
  const char *run; /* aura-cli arguments, separated by spaces; NULL when it
                    * needs more than a value (a file) */
} Native;

static const Native natives[] = {
  { "username.accounts", "username", N_ ("Accounts by username"),
    N_ ("Looks for the username on hundreds of sites and reads the profiles found"), "username",
    "account url username email person image location", NULL, FALSE, "scan username {value}" },
  { "domain.map", "domain", N_ ("Map a domain"),
    N_ ("Every domain tool at once: records, transfers, subdomains, sources, registration, web "
        "site and networks"),
    "domain subdomain", "subdomain ip domain email phone url identifier network asn organisation",
    NULL, FALSE, "scan domain {value}" },
  { "dns.records", "dns", N_ ("DNS records"),
    N_ ("A, AAAA, CNAME, MX, NS, TXT, SOA, CAA, SRV and PTR records, with alias chains"),
    "domain subdomain ip", "ip domain subdomain", NULL, FALSE, "dns lookup {value}" },
  { "dns.zone-transfer", "dns", N_ ("Zone transfer"),
    N_ ("Asks every name server of the domain for the whole zone (AXFR)"), "domain", "subdomain ip",
    NULL, FALSE, "dns axfr {value}" },
  { "dns.mail-policy", "dns", N_ ("Mail policy"),
    N_ ("SPF and DMARC records parsed and checked, with the servers and reporters they name"),
    "domain", "domain ip network email", NULL, FALSE,
    "scan domain {value} --sources none --no-transfer --no-rdap --no-harvest --no-asn" },
  { "subdomain.brute-force", "subdomain", N_ ("Subdomain brute force"),
    N_ ("Resolves a word list under the domain, with wildcard detection at every level"), "domain",
    "subdomain ip", NULL, FALSE,
    "scan domain {value} --brute medium --sources none --no-transfer --no-rdap --no-harvest" },
  { "subdomain.permutations", "subdomain", N_ ("Subdomain permutations"),
    N_ ("Tries variations of the names already found: numbers, environments, joined words"),
    "domain", "subdomain ip", NULL, FALSE,
    "scan domain {value} --brute small --permutations --sources none --no-transfer --no-rdap "
    "--no-harvest" },
  { "rdap.domain", "rdap", N_ ("Domain registration (RDAP)"),
    N_ ("Registrar, dates, status and the contacts the registry still shows"), "domain",
    "organisation person email phone", NULL, FALSE, "rdap {value}" },
  { "rdap.address", "rdap", N_ ("Address registration (RDAP)"),
    N_ ("The network an IP address belongs to and who holds it"), "ip",
    "network organisation email", NULL, FALSE, "rdap {value}" },
  { "rdap.as-number", "rdap", N_ ("AS registration (RDAP)"),
    N_ ("Who holds an autonomous system number"), "asn", "organisation email", NULL, FALSE,
    "rdap {value}" },
  { "network.ip-to-asn", "network", N_ ("Networks of a domain"),
    N_ ("The BGP prefix and autonomous system announcing each address of the domain (Team Cymru, "
        "over DNS)"),
    "domain subdomain", "network asn", NULL, FALSE,
    "scan domain {value} --sources none --no-transfer --no-rdap --no-harvest" },
  { "web.harvest", "web", N_ ("Web site harvest"),
    N_ ("Reads the domain’s own pages for emails, phones, hosts, profiles and tracking IDs"),
    "domain", "email phone subdomain url identifier", NULL, FALSE,
    "scan domain {value} --sources none --no-transfer --no-rdap --no-asn" },
  { "phone.offline", "phone", N_ ("Phone number analysis"),
    N_ ("Validity, type, formats, country and area, with no network (libphonenumber)"), "phone",
    "location", NULL, FALSE, "phone {value}" },
  { "phone.numverify", "phone", N_ ("Phone lookup (numverify)"),
    N_ ("Line type, carrier and location from the numverify service"), "phone",
    "organisation location", "numverify", TRUE, "scan phone {value} --online" },
  { "email.syntax", "email", N_ ("Email address check"),
    N_ ("Syntax, provider, disposable domains and mail servers of an address"), "email",
    "domain username", NULL, FALSE, "scan email {value} --no-checks --no-gravatar --no-breaches" },
  { "email.accounts", "email", N_ ("Accounts by email"),
    N_ ("Which sites an address is registered on, with the recovery hints they show"), "email",
    "account url phone email", NULL, FALSE, "scan email {value} --no-gravatar --no-breaches" },
  { "email.gravatar", "email", N_ ("Gravatar profile"),
    N_ ("The avatar and public profile tied to the address’s hash"), "email",
    "person image url account location", NULL, FALSE,
    "scan email {value} --no-checks --no-breaches" },
  { "email.breaches", "email", N_ ("Breaches (Have I Been Pwned)"),
    N_ ("The data breaches and pastes that contain the address"), "email", "document", "hibp", TRUE,
    "scan email {value} --no-checks --no-gravatar" },
  { "tiktok.profile", "tiktok", N_ ("TikTok profile"),
    N_ ("Counts, bio, links and flags from the public profile page, kept as snapshots"), "username",
    "account url username hashtag email", NULL, FALSE, "scan tiktok {value}" },
  { "tiktok.videos", "tiktok", N_ ("TikTok videos and analytics"),
    N_ ("Videos with their figures listed by yt-dlp (installed, or its output in a file with "
        "--videos FILE), with posting hours, hashtags and engagement"),
    "username", "video hashtag", NULL, FALSE, "scan tiktok {value} --yt-dlp" },
};

/* A space-separated list as a NULL-terminated vector. */
static void
set_types (AuraToolInfo *info, const char *inputs, const char *outputs)
{
  g_auto (GStrv) in = g_strsplit (inputs, " ", -1);
  g_auto (GStrv) out = g_strsplit (outputs, " ", -1);

  aura_tool_info_set_inputs (info, (const char *const *)in);
  aura_tool_info_set_outputs (info, (const char *const *)out);
}

void
aura_tool_registry_add_natives (AuraToolRegistry *self)
{
  g_return_if_fail (self != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (natives); i++)
    {
      const Native *native = &natives[i];
      AuraToolInfo *info = aura_tool_info_new (native->id, AURA_TOOL_KIND_NATIVE, native->family);

      info->name = g_strdup (_ (native->name));
      info->description = g_strdup (_ (native->description));
      set_types (info, native->inputs, native->outputs);
      info->key_name = g_strdup (native->key_name);
      info->key_required = native->key_required;
      if (native->run != NULL)
        info->run_hint = g_strdup_printf ("aura-cli %s", native->run);
      aura_tool_registry_add (self, info);
    }
}
