/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include <locale.h>

#include "rdap-test-utils.h"

/* aura_rdap_parse() on answers shaped as registries, registrars and RIRs
 * write them (samples/), on jCard variants, redactions, and on hostile or
 * broken input. */

/* ---- Domains ----------------------------------------------------------- */

static void
test_domain_registry (void)
{
  g_autoptr (AuraRdapResult) result =
      rdap_parse_sample ("domain-registry.json", AURA_RDAP_KIND_DOMAIN);
  g_autofree char *registered = rdap_date_string (result->registered);
  g_autofree char *expires = rdap_date_string (result->expires);
  g_autofree char *changed = rdap_date_string (result->last_changed);
  const AuraRdapEntity *registrar;
  const AuraRdapEntity *abuse;

  g_assert_cmpstr (result->object_class, ==, "domain");
  g_assert_cmpstr (result->handle, ==, "2871234567_DOMAIN_COM-VRSN");
  g_assert_cmpstr (result->ldh_name, ==, "example-shop.com");
  g_assert_null (result->unicode_name);
  g_assert_null (result->url);
  g_assert_cmpuint (g_strv_length (result->status), ==, 3);
  g_assert_cmpstr (result->status[1], ==, "client transfer prohibited");
  g_assert_cmpstr (registered, ==, "2009-03-17T14:02:11Z");
  g_assert_cmpstr (expires, ==, "2027-03-17T14:02:11Z");
  g_assert_cmpstr (changed, ==, "2024-02-20T08:15:00Z");
  g_assert_cmpuint (result->events->len, ==, 4);
  g_assert_cmpstr (((AuraRdapEvent *)result->events->pdata[3])->action, ==,
                   "last update of rdap database");
  g_assert_cmpstr (result->registrar_name, ==, "Example Registrar, Inc.");
  g_assert_cmpstr (result->registrar_iana_id, ==, "9999");
  g_assert_cmpstr (result->related_url, ==, "https://rdap.registrar.test/domain/EXAMPLE-SHOP.COM");
  g_assert_cmpuint (g_strv_length (result->nameservers), ==, 2);
  g_assert_cmpstr (result->nameservers[0], ==, "ns1.example-dns.net");
  g_assert_cmpstr (result->nameservers[1], ==, "ns2.example-dns.net");
  g_assert_cmpint (result->secure_dns, ==, AURA_RDAP_SECURE_DNS_UNSIGNED);
  g_assert_cmpuint (g_strv_length (result->cidrs), ==, 0);

  /* The registrar's abuse contact is nested in the registrar. */
  g_assert_cmpuint (result->entities->len, ==, 2);
  registrar = result->entities->pdata[0];
  abuse = result->entities->pdata[1];
  g_assert_true (aura_rdap_entity_has_role (registrar, "registrar"));
  g_assert_cmpint (registrar->parent, ==, -1);
  g_assert_cmpstr (registrar->iana_id, ==, "9999");
  g_assert_true (aura_rdap_entity_has_role (abuse, "abuse"));
  g_assert_cmpint (abuse->parent, ==, 0);
  g_assert_cmpstr (abuse->emails[0], ==, "abuse@registrar.example");
  g_assert_cmpstr (abuse->phones[0], ==, "+1.4805550100");
  g_assert_null (abuse->name);
  g_assert_true (aura_rdap_result_find_entity (result, "abuse") == abuse);
  g_assert_null (aura_rdap_result_find_entity (result, "registrant"));
}

static void
test_domain_redacted (void)
{
  g_autoptr (AuraRdapResult) result =
      rdap_parse_sample ("domain-registrar-redacted.json", AURA_RDAP_KIND_DOMAIN);
  const AuraRdapEntity *registrant = rdap_entity_with_role (result, "registrant");
  const AuraRdapEntity *tech = rdap_entity_with_role (result, "technical");
  const AuraRdapRedaction *redaction;

  g_assert_nonnull (registrant);
  /* Withheld: the handle (by text and by RFC 9537), the name (empty), the
   * phone (empty), the email (replaced by a form), the street. */
  g_assert_null (registrant->handle);
  g_assert_null (registrant->name);
  g_assert_cmpuint (g_strv_length (registrant->phones), ==, 0);
  g_assert_cmpuint (g_strv_length (registrant->emails), ==, 0);
  g_assert_true (aura_rdap_entity_is_redacted (registrant, "handle"));
  g_assert_true (aura_rdap_entity_is_redacted (registrant, "name"));
  g_assert_true (aura_rdap_entity_is_redacted (registrant, "phone"));
  g_assert_true (aura_rdap_entity_is_redacted (registrant, "email"));
  g_assert_true (aura_rdap_entity_is_redacted (registrant, "address"));
  g_assert_false (aura_rdap_entity_is_redacted (registrant, "organisation"));
  /* Public: the organisation, the region and country, the contact form. */
  g_assert_cmpstr (registrant->organisation, ==, "Acme Widgets Ltd");
  g_assert_cmpstr (registrant->address, ==, "Greater London, GB");
  g_assert_cmpstr (registrant->country_code, ==, "GB");
  g_assert_cmpstr (registrant->contact_uri, ==,
                   "https://registrar.example/contact-registrant?domain=example-shop.com");

  /* “REDACTED FOR PRIVACY” and “Please query the RDAP service…” texts. */
  g_assert_nonnull (tech);
  g_assert_null (tech->name);
  g_assert_cmpuint (g_strv_length (tech->emails), ==, 0);
  g_assert_true (aura_rdap_entity_is_redacted (tech, "name"));
  g_assert_true (aura_rdap_entity_is_redacted (tech, "email"));

  g_assert_cmpstr (result->registrar_iana_id, ==, "9999");
  g_assert_cmpstr (result->port43, ==, "whois.registrar.example");
  g_assert_cmpuint (result->redactions->len, ==, 6);
  redaction = result->redactions->pdata[0];
  g_assert_cmpstr (redaction->name, ==, "Registry Registrant ID");
  g_assert_cmpstr (redaction->role, ==, "registrant");
  g_assert_cmpstr (redaction->field, ==, "handle");
  g_assert_cmpstr (redaction->method, ==, "removal");
  g_assert_cmpstr (redaction->reason, ==, "Server policy");
  redaction = result->redactions->pdata[2];
  g_assert_cmpstr (redaction->field, ==, "phone");
  redaction = result->redactions->pdata[3];
  g_assert_cmpstr (redaction->field, ==, "email");
  g_assert_cmpstr (redaction->method, ==, "replacementValue");
  redaction = result->redactions->pdata[4];
  g_assert_cmpstr (redaction->role, ==, "registrant");
  g_assert_cmpstr (redaction->field, ==, "address");
  redaction = result->redactions->pdata[5];
  g_assert_cmpstr (redaction->name, ==, "Administrative contact");
  g_assert_cmpstr (redaction->role, ==, "administrative");
  g_assert_null (rdap_entity_with_role (result, "administrative"));
}

static void
test_domain_full_contacts (void)
{
  g_autoptr (AuraRdapResult) result =
      rdap_parse_sample ("domain-full-contacts.json", AURA_RDAP_KIND_DOMAIN);
  const AuraRdapEntity *org = rdap_entity_with_handle (result, "EXS123-FRNIC");
  const AuraRdapEntity *tech = rdap_entity_with_handle (result, "TEC456-FRNIC");
  g_autofree char *registered = rdap_date_string (result->registered);
  g_autofree char *expires = rdap_date_string (result->expires);
  const AuraRdapEvent *bad_date = result->events->pdata[2];

  g_assert_cmpstr (result->ldh_name, ==, "xn--exemple-caf-lbb.fr");
  g_assert_cmpstr (result->unicode_name, ==, "exemple-caf\u00e9.fr");
  g_assert_cmpint (result->secure_dns, ==, AURA_RDAP_SECURE_DNS_SIGNED);
  /* +02:00 read as such; a date alone is midnight UTC; a bad date is kept
   * as text. */
  g_assert_cmpstr (registered, ==, "2015-06-01T07:30:00Z");
  g_assert_cmpstr (expires, ==, "2026-06-01T00:00:00Z");
  g_assert_null (result->last_changed);
  g_assert_cmpstr (bad_date->date_text, ==, "not a date");
  g_assert_null (bad_date->date);
  g_assert_cmpstr (((AuraRdapEvent *)result->events->pdata[0])->actor, ==, "REG-1");
  g_assert_cmpstr (((AuraRdapEvent *)result->events->pdata[3])->action, ==, "transfer");

  g_assert_nonnull (org);
  g_assert_true (aura_rdap_entity_has_role (org, "registrant"));
  g_assert_true (aura_rdap_entity_has_role (org, "ADMINISTRATIVE"));
  g_assert_cmpstr (org->kind, ==, "org");
  g_assert_cmpstr (org->name, ==, "Exemple SARL");
  g_assert_cmpstr (org->organisation, ==, "Exemple SARL, Direction g\u00e9n\u00e9rale");
  g_assert_cmpstr (org->address, ==,
                   "12 rue de l'Exemple, 3e \u00e9tage, B\u00e2timent B, Lyon, 69001, France");
  g_assert_cmpstr (org->country_code, ==, "FR");
  g_assert_cmpuint (g_strv_length (org->phones), ==, 2);
  g_assert_cmpstr (org->phones[0], ==, "+33.478000000;ext=12");
  g_assert_cmpstr (org->phones[1], ==, "+33 4 78 00 00 02");
  g_assert_cmpuint (g_strv_length (org->faxes), ==, 1);
  g_assert_cmpstr (org->faxes[0], ==, "+33.478000001");
  g_assert_cmpuint (g_strv_length (org->emails), ==, 2);
  g_assert_cmpstr (org->emails[1], ==, "direction@exemple-cafe.example");
  g_assert_cmpstr (org->url, ==, "https://exemple-cafe.example/");
  g_assert_cmpuint (g_strv_length (org->redacted), ==, 0);

  /* No fn: the structured name; "N/A" is no phone, and not a redaction. */
  g_assert_cmpstr (tech->name, ==, "Claire Martin");
  g_assert_cmpstr (tech->kind, ==, "individual");
  g_assert_cmpuint (g_strv_length (tech->phones), ==, 0);
  g_assert_false (aura_rdap_entity_is_redacted (tech, "phone"));
}

static void
test_jcard_variants (void)
{
  g_autoptr (AuraRdapResult) result =
      rdap_parse_sample ("domain-jcard-variants.json", AURA_RDAP_KIND_DOMAIN);
  const AuraRdapEntity *caps = rdap_entity_with_handle (result, "CAPS");
  const AuraRdapEntity *label = rdap_entity_with_handle (result, "LABEL");
  const AuraRdapEntity *doubled = rdap_entity_with_handle (result, "DOUBLE");
  const AuraRdapEntity *bare = rdap_entity_with_handle (result, "BARE");
  const AuraRdapEntity *odd = rdap_entity_with_handle (result, "ODD");
  const AuraRdapEntity *broken = rdap_entity_with_handle (result, "BROKEN");
  const AuraRdapEntity *empty = rdap_entity_with_handle (result, "EMPTY");
  const AuraRdapEntity *noc = rdap_entity_with_role (result, "noc");

  g_assert_cmpuint (result->entities->len, ==, 8);
  /* Capitals, null parameters, "type" as a string. */
  g_assert_true (aura_rdap_entity_has_role (caps, "registrant"));
  g_assert_cmpstr (caps->roles[0], ==, "registrant");
  g_assert_cmpstr (caps->name, ==, "Upper Case");
  g_assert_cmpstr (caps->phones[0], ==, "+44 20 7946 0000");
  g_assert_cmpstr (caps->emails[0], ==, "caps@variants.example");
  /* The address in the label parameter only. */
  g_assert_cmpstr (label->address, ==,
                   "2600 Example Avenue, Suite 100, Springfield, VA, 20000, United States");
  g_assert_false (aura_rdap_entity_is_redacted (label, "address"));
  /* Wrappers doubled or missing. */
  g_assert_cmpstr (doubled->name, ==, "Doubled Wrapper");
  g_assert_cmpstr (bare->name, ==, "Bare Properties");
  g_assert_cmpstr (bare->emails[0], ==, "bare@variants.example");
  /* Odd values: a number as the phone, a plain string address, a form
   * instead of an address, nesting past the bound, junk properties. */
  g_assert_cmpuint (g_strv_length (odd->roles), ==, 1);
  g_assert_cmpstr (odd->phones[0], ==, "5551234567");
  g_assert_cmpstr (odd->address, ==, "1 Plain String Road, Townsville");
  g_assert_cmpstr (odd->contact_uri, ==, "https://variants.example/contact-form");
  g_assert_true (aura_rdap_entity_is_redacted (odd, "email"));
  g_assert_cmpstr (odd->organisation, ==, "Nested, Deeper");
  g_assert_null (odd->name);
  /* Not a jCard at all: the entity stays, empty. */
  g_assert_null (broken->name);
  g_assert_cmpuint (g_strv_length (broken->emails), ==, 0);
  g_assert_null (empty->name);
  /* Invisible and bidirectional characters go; markers are withheld data. */
  g_assert_cmpstr (noc->name, ==, "AliecilA ZeroWidth");
  g_assert_true (aura_rdap_entity_is_redacted (noc, "email"));
  g_assert_true (aura_rdap_entity_is_redacted (noc, "organisation"));
  g_assert_true (aura_rdap_entity_is_redacted (noc, "fax"));
  g_assert_null (noc->organisation);
  g_assert_cmpuint (g_strv_length (noc->faxes), ==, 0);
}

/* ---- Networks and AS numbers ---------------------------------------------- */

static void
test_ip_network_cidr0 (void)
{
  g_autoptr (AuraRdapResult) result = rdap_parse_sample ("ip-network-v4.json", AURA_RDAP_KIND_IP);
  const AuraRdapEntity *registrant = rdap_entity_with_role (result, "registrant");
  const AuraRdapEntity *abuse = rdap_entity_with_role (result, "abuse");
  g_autofree char *registered = rdap_date_string (result->registered);

  g_assert_cmpstr (result->object_class, ==, "ip network");
  g_assert_cmpstr (result->start_address, ==, "203.0.113.0");
  g_assert_cmpstr (result->end_address, ==, "203.0.113.255");
  g_assert_cmpstr (result->ip_version, ==, "v4");
  g_assert_cmpstr (result->name, ==, "EXAMPLE-NET");
  g_assert_cmpstr (result->type, ==, "DIRECT ALLOCATION");
  g_assert_cmpstr (result->country, ==, "US");
  g_assert_cmpstr (result->parent_handle, ==, "NET-203-0-0-0-0");
  g_assert_cmpuint (g_strv_length (result->cidrs), ==, 1);
  g_assert_cmpstr (result->cidrs[0], ==, "203.0.113.0/24");
  g_assert_cmpstr (registered, ==, "2011-05-04T15:00:00Z");
  g_assert_cmpstr (registrant->name, ==, "Example Networks LLC");
  g_assert_cmpstr (registrant->address, ==, "100 Example Way, Anytown, CA, 90000, United States");
  g_assert_cmpint (abuse->parent, ==, 0);
  g_assert_cmpstr (abuse->emails[0], ==, "abuse@example-networks.example");
  g_assert_cmpstr (abuse->phones[0], ==, "+1-555-0100");
  g_assert_cmpuint (g_strv_length (result->nameservers), ==, 0);
}

static void
test_ip_network_computed (void)
{
  g_autoptr (AuraRdapResult) range = rdap_parse_sample ("ip-network-range.json", AURA_RDAP_KIND_IP);
  g_autoptr (AuraRdapResult) v6 = rdap_parse_sample ("ip-network-v6.json", AURA_RDAP_KIND_IP);
  const AuraRdapEntity *hostmaster = rdap_entity_with_handle (v6, "EX-RIPE");

  g_assert_cmpuint (g_strv_length (range->cidrs), ==, 2);
  g_assert_cmpstr (range->cidrs[0], ==, "198.51.100.0/25");
  g_assert_cmpstr (range->cidrs[1], ==, "198.51.100.128/26");
  g_assert_null (range->parent_handle);
  g_assert_cmpuint (range->entities->len, ==, 0);

  g_assert_cmpuint (g_strv_length (v6->cidrs), ==, 1);
  g_assert_cmpstr (v6->cidrs[0], ==, "2001:db8::/32");
  g_assert_cmpstr (v6->ip_version, ==, "v6");
  g_assert_true (aura_rdap_entity_has_role (hostmaster, "technical"));
  g_assert_cmpstr (hostmaster->address, ==, "Beispielstra\u00dfe 1, 10115 Berlin, Germany");
  g_assert_cmpstr (hostmaster->emails[0], ==, "hostmaster@example-v6.example");
}

static AuraRdapResult *
parse_range (const char *start, const char *end)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *json = g_strdup_printf (
      "{\"objectClassName\": \"ip network\", \"startAddress\": \"%s\", \"endAddress\": \"%s\"}",
      start, end);
  AuraRdapResult *result = aura_rdap_parse (json, strlen (json), AURA_RDAP_KIND_IP, &error);

  g_assert_no_error (error);
  return result;
}

static void
test_cidrs_from_ranges (void)
{
  static const struct
  {
    const char *start;
    const char *end;
    const char *cidrs;
  } cases[] = {
    { "0.0.0.0", "255.255.255.255", "0.0.0.0/0" },
    { "10.0.0.1", "10.0.0.1", "10.0.0.1/32" },
    { "10.0.0.1", "10.0.0.6", "10.0.0.1/32 10.0.0.2/31 10.0.0.4/31 10.0.0.6/32" },
    { "255.255.255.254", "255.255.255.255", "255.255.255.254/31" },
    { "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "::/0" },
    { "2001:db8::1", "2001:db8::3", "2001:db8::1/128 2001:db8::2/127" },
    { "2001:db8:0:0:8000::", "2001:db8:0:1:ffff:ffff:ffff:ffff",
      "2001:db8:0:0:8000::/65 2001:db8:0:1::/64" },
    { "10.0.0.9", "10.0.0.1", "" },
    { "10.0.0.1", "::1", "" },
    { "not an address", "10.0.0.1", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (AuraRdapResult) result = parse_range (cases[i].start, cases[i].end);
      g_autofree char *joined = g_strjoinv (" ", result->cidrs);

      g_assert_cmpstr (joined, ==, cases[i].cidrs);
    }
}

static void
test_cidrs_bounded (void)
{
  /* The worst IPv6 range needs 254 blocks; the list stops at 256. */
  g_autoptr (AuraRdapResult) result =
      parse_range ("::1", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe");

  g_assert_cmpuint (g_strv_length (result->cidrs), ==, 254);
  g_assert_cmpstr (result->cidrs[0], ==, "::1/128");
  g_assert_cmpstr (result->cidrs[253], ==, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/128");
}

static void
test_autnum (void)
{
  g_autoptr (AuraRdapResult) result = rdap_parse_sample ("autnum.json", AURA_RDAP_KIND_AUTNUM);

  g_assert_cmpstr (result->object_class, ==, "autnum");
  g_assert_cmpuint (result->start_autnum, ==, 64500);
  g_assert_cmpuint (result->end_autnum, ==, 64500);
  g_assert_cmpstr (result->name, ==, "EXAMPLE-AS");
  g_assert_cmpstr (result->country, ==, "NL");
  g_assert_cmpstr (rdap_entity_with_role (result, "registrant")->name, ==, "Example Transit B.V.");
}

/* ---- Errors -------------------------------------------------------------- */

static void
assert_parse_error (const char *json, gssize len, AuraRdapKind kind, int code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraRdapResult) result =
      aura_rdap_parse (json, len < 0 ? strlen (json) : (gsize)len, kind, &error);

  g_assert_null (result);
  g_assert_error (error, AURA_RDAP_ERROR, code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_cmpuint (strlen (error->message), >, 10);
}

static void
test_error_answers (void)
{
  gsize len = 0;
  g_autofree char *not_found = rdap_read_sample ("error-404.json", &len);
  g_autofree char *entity = NULL;
  g_autofree char *domain = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraRdapResult) result = NULL;

  result = aura_rdap_parse (not_found, len, AURA_RDAP_KIND_DOMAIN, &error);
  g_assert_error (error, AURA_RDAP_ERROR, AURA_RDAP_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Not Found"));
  g_clear_error (&error);

  entity = rdap_read_sample ("wrong-class.json", &len);
  assert_parse_error (entity, (gssize)len, AURA_RDAP_KIND_DOMAIN, AURA_RDAP_ERROR_WRONG_CLASS);
  domain = rdap_read_sample ("domain-registry.json", &len);
  assert_parse_error (domain, (gssize)len, AURA_RDAP_KIND_IP, AURA_RDAP_ERROR_WRONG_CLASS);
  assert_parse_error (domain, (gssize)len, AURA_RDAP_KIND_AUTNUM, AURA_RDAP_ERROR_WRONG_CLASS);
  assert_parse_error ("{\"handle\": \"X\"}", -1, AURA_RDAP_KIND_DOMAIN,
                      AURA_RDAP_ERROR_WRONG_CLASS);
  assert_parse_error ("{\"errorCode\": 429, \"title\": \"Too many\"}", -1, AURA_RDAP_KIND_IP,
                      AURA_RDAP_ERROR_RATE_LIMITED);
  assert_parse_error ("{\"errorCode\": 500}", -1, AURA_RDAP_KIND_IP, AURA_RDAP_ERROR_HTTP);
}

static void
test_malformed (void)
{
  assert_parse_error ("", 0, AURA_RDAP_KIND_DOMAIN, AURA_RDAP_ERROR_MALFORMED);
  assert_parse_error ("<html><body>Rate limited</body></html>", -1, AURA_RDAP_KIND_DOMAIN,
                      AURA_RDAP_ERROR_MALFORMED);
  assert_parse_error ("{\"objectClassName\": \"domain\",", -1, AURA_RDAP_KIND_DOMAIN,
                      AURA_RDAP_ERROR_MALFORMED);
  assert_parse_error ("[{\"objectClassName\": \"domain\"}]", -1, AURA_RDAP_KIND_DOMAIN,
                      AURA_RDAP_ERROR_MALFORMED);
  assert_parse_error ("\"domain\"", -1, AURA_RDAP_KIND_DOMAIN, AURA_RDAP_ERROR_MALFORMED);
  assert_parse_error ("{\"objectClassName\": \"dom\xff\xfe\"}", -1, AURA_RDAP_KIND_DOMAIN,
                      AURA_RDAP_ERROR_MALFORMED);
  assert_parse_error ("{\"objectClassName\": \"domain\"}\0trailing", 38, AURA_RDAP_KIND_DOMAIN,
                      AURA_RDAP_ERROR_MALFORMED);
}

static void
test_byte_order_mark (void)
{
  static const char json[] =
      "\xef\xbb\xbf{\"objectClassName\": \"domain\", \"ldhName\": \"A.TEST\"}";
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraRdapResult) result =
      aura_rdap_parse (json, strlen (json), AURA_RDAP_KIND_DOMAIN, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (result->ldh_name, ==, "a.test");
  g_assert_cmpuint (result->entities->len, ==, 0);
  g_assert_cmpuint (g_strv_length (result->status), ==, 0);
  g_assert_cmpint (result->secure_dns, ==, AURA_RDAP_SECURE_DNS_UNKNOWN);
}

/* ---- Hostile answers ------------------------------------------------------ */

static void
test_nesting_bomb (void)
{
  g_autoptr (GString) json = g_string_new ("{\"objectClassName\": \"domain\", \"x\": ");
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < 200000; i++)
    g_string_append_c (json, '[');
  for (guint i = 0; i < 200000; i++)
    g_string_append_c (json, ']');
  g_string_append_c (json, '}');
  assert_parse_error (json->str, (gssize)json->len, AURA_RDAP_KIND_DOMAIN,
                      AURA_RDAP_ERROR_MALFORMED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
}

static void
test_too_large (void)
{
  gsize len = 9 * 1024 * 1024;
  g_autofree char *json = g_malloc (len);

  memset (json, ' ', len);
  json[0] = '{';
  json[len - 1] = '}';
  assert_parse_error (json, (gssize)len, AURA_RDAP_KIND_DOMAIN, AURA_RDAP_ERROR_TOO_LARGE);
}

static void
test_many_entities_bounded (void)
{
  g_autoptr (GString) json = g_string_new ("{\"objectClassName\": \"domain\", \"entities\": [");
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraRdapResult) result = NULL;
  gint64 start = g_get_monotonic_time ();

  /* 20,000 entities with a vCard each: the first 512 are read. */
  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (json,
                            "%s{\"roles\": [\"technical\"], \"vcardArray\": [\"vcard\", "
                            "[[\"fn\", {}, \"text\", \"T%u\"], [\"email\", {}, \"text\", "
                            "\"t%u@x.example\"]]]}",
                            i > 0 ? "," : "", i, i);
  g_string_append (json, "]}");

  result = aura_rdap_parse (json->str, json->len, AURA_RDAP_KIND_DOMAIN, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->entities->len, ==, 512);
  g_assert_cmpstr (((AuraRdapEntity *)result->entities->pdata[511])->emails[0], ==,
                   "t511@x.example");
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

static void
test_deep_entities_bounded (void)
{
  g_autoptr (GString) json = g_string_new ("{\"objectClassName\": \"domain\", \"entities\": [");
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraRdapResult) result = NULL;

  for (guint i = 0; i < 30; i++)
    g_string_append (json, "{\"roles\": [\"abuse\"], \"entities\": [");
  for (guint i = 0; i < 30; i++)
    g_string_append (json, "]}");
  g_string_append (json, "]}");
  result = aura_rdap_parse (json->str, json->len, AURA_RDAP_KIND_DOMAIN, &error);
  g_assert_no_error (error);
  /* Levels 0 to 6 are read. */
  g_assert_cmpuint (result->entities->len, ==, 7);
  g_assert_cmpint (((AuraRdapEntity *)result->entities->pdata[6])->parent, ==, 5);
}

static void
test_odd_members (void)
{
  static const char json[] =
      "{\"objectClassName\": \"domain\", \"ldhName\": 42, \"status\": \"active\", "
      "\"events\": [null, 3, {\"eventDate\": \"2020-01-01T00:00:00Z\"}, "
      "{\"eventAction\": \"expiration\", \"eventDate\": 17}], "
      "\"entities\": {\"roles\": []}, \"nameservers\": [\"ns1.test\", {\"ldhName\": null}], "
      "\"secureDNS\": {\"delegationSigned\": \"yes\"}, \"links\": [{\"rel\": \"related\", "
      "\"href\": \"javascript:alert(1)\"}, {\"rel\": \"related\", \"href\": "
      "\"ftp://x/domain/a\"}], \"redacted\": [7, {}, {\"name\": \"Tech Email\"}]}";
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraRdapResult) result =
      aura_rdap_parse (json, strlen (json), AURA_RDAP_KIND_DOMAIN, &error);

  g_assert_no_error (error);
  g_assert_null (result->ldh_name);
  g_assert_cmpuint (g_strv_length (result->status), ==, 0);
  g_assert_cmpuint (result->events->len, ==, 1);
  g_assert_null (result->expires);
  g_assert_cmpuint (result->entities->len, ==, 0);
  g_assert_cmpuint (g_strv_length (result->nameservers), ==, 0);
  g_assert_cmpint (result->secure_dns, ==, AURA_RDAP_SECURE_DNS_UNKNOWN);
  g_assert_null (result->related_url);
  g_assert_cmpuint (result->redactions->len, ==, 1);
  g_assert_cmpstr (((AuraRdapRedaction *)result->redactions->pdata[0])->role, ==, "technical");
  g_assert_cmpstr (((AuraRdapRedaction *)result->redactions->pdata[0])->field, ==, "email");
}

static void
test_guess_kind (void)
{
  static const struct
  {
    const char *query;
    gboolean ok;
    AuraRdapKind kind;
  } cases[] = {
    { "AS13335", TRUE, AURA_RDAP_KIND_AUTNUM },
    { "as 64500", TRUE, AURA_RDAP_KIND_AUTNUM },
    { "13335", TRUE, AURA_RDAP_KIND_AUTNUM },
    { "192.0.2.1", TRUE, AURA_RDAP_KIND_IP },
    { "2001:db8::/32", TRUE, AURA_RDAP_KIND_IP },
    { "example.com", TRUE, AURA_RDAP_KIND_DOMAIN },
    { "b\u00fccher", TRUE, AURA_RDAP_KIND_DOMAIN },
    { "4294967296", FALSE, 0 },
    { "AS", FALSE, 0 },
    { "hello", FALSE, 0 },
    { "", FALSE, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      AuraRdapKind kind = AURA_RDAP_KIND_DOMAIN;
      gboolean ok = aura_rdap_guess_kind (cases[i].query, &kind);

      g_assert_cmpint (ok, ==, cases[i].ok);
      if (ok)
        g_assert_cmpint (kind, ==, cases[i].kind);
    }
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rdap/parse/domain/registry-answer", test_domain_registry);
  g_test_add_func ("/rdap/parse/domain/redacted-contacts", test_domain_redacted);
  g_test_add_func ("/rdap/parse/domain/full-contacts", test_domain_full_contacts);
  g_test_add_func ("/rdap/parse/jcard/variants", test_jcard_variants);
  g_test_add_func ("/rdap/parse/ip/cidr0", test_ip_network_cidr0);
  g_test_add_func ("/rdap/parse/ip/computed-cidrs", test_ip_network_computed);
  g_test_add_func ("/rdap/parse/ip/ranges-to-cidrs", test_cidrs_from_ranges);
  g_test_add_func ("/rdap/parse/ip/cidrs-bounded", test_cidrs_bounded);
  g_test_add_func ("/rdap/parse/autnum", test_autnum);
  g_test_add_func ("/rdap/parse/errors/rdap-error-and-class", test_error_answers);
  g_test_add_func ("/rdap/parse/errors/malformed", test_malformed);
  g_test_add_func ("/rdap/parse/byte-order-mark", test_byte_order_mark);
  g_test_add_func ("/rdap/parse/hostile/nesting-bomb", test_nesting_bomb);
  g_test_add_func ("/rdap/parse/hostile/too-large", test_too_large);
  g_test_add_func ("/rdap/parse/hostile/many-entities", test_many_entities_bounded);
  g_test_add_func ("/rdap/parse/hostile/deep-entities", test_deep_entities_bounded);
  g_test_add_func ("/rdap/parse/hostile/odd-members", test_odd_members);
  g_test_add_func ("/rdap/guess-kind", test_guess_kind);

  return g_test_run ();
}
