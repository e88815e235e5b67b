/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "aura-dns-private.h"
#include "aura-dns.h"

/* The pure parts of backend/tools/dns: names, reverse names, type names,
 * the presentation of records, and the SPF and DMARC parsers, on many
 * inputs, odd and hostile ones included. */

/* Names ------------------------------------------------------------------------------ */

static void
test_name_normalized (void)
{
  static const struct
  {
    const char *in;
    const char *out;
  } cases[] = {
    { "Example.TEST.", "example.test" },
    { "café.example.test", "xn--caf-dma.example.test" },
    { "CAFÉ.example.test", "xn--caf-dma.example.test" },
    { "ｅｘａｍｐｌｅ．test", "example.test" },
    { "例え。テスト", "xn--r8jz45g.xn--zckzah" },
    { "_dmarc.example.test", "_dmarc.example.test" },
    { "_sip._tcp.Example.test", "_sip._tcp.example.test" },
    { "*.example.test", "*.example.test" },
    { "xn--caf-dma.test", "xn--caf-dma.test" },
    { "-odd-.example.test", "-odd-.example.test" },
    { "localhost", "localhost" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *name = aura_dns_normalize_name (cases[i].in, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (name, ==, cases[i].out);
    }
}

static void
test_name_lengths (void)
{
  g_autofree char *label63 = g_strnfill (63, 'a');
  g_autofree char *label64 = g_strnfill (64, 'a');
  g_autofree char *ok63 = g_strconcat (label63, ".test", NULL);
  g_autofree char *bad64 = g_strconcat (label64, ".test", NULL);
  g_autoptr (GString) long_name = g_string_new (NULL);
  g_autofree char *name = NULL;
  g_autoptr (GError) error = NULL;

  name = aura_dns_normalize_name (ok63, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, ok63);
  g_clear_pointer (&name, g_free);

  name = aura_dns_normalize_name (bad64, &error);
  g_assert_null (name);
  g_assert_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_INVALID_NAME);
  g_assert_nonnull (strstr (error->message, "64 bytes"));
  g_assert_nonnull (strstr (error->message, "63"));
  g_clear_error (&error);

  /* 4 labels of 63 and one of 1: 4 × 64 - 1 + 2 = 257 bytes; 253 is the
   * most. */
  while (long_name->len < 253)
    g_string_append_printf (long_name, "%s%s", long_name->len > 0 ? "." : "", label63);
  g_string_truncate (long_name, 253);
  if (long_name->str[long_name->len - 1] == '.')
    long_name->str[long_name->len - 1] = 'b';
  name = aura_dns_normalize_name (long_name->str, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (name), ==, 253);
  g_clear_pointer (&name, g_free);

  g_string_append (long_name, "c");
  name = aura_dns_normalize_name (long_name->str, &error);
  g_assert_null (name);
  g_assert_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_INVALID_NAME);
  g_assert_nonnull (strstr (error->message, "254 bytes"));
  g_clear_error (&error);

  /* An international name under 253 characters but over 253 bytes once
   * encoded. */
  {
    g_autoptr (GString) idn = g_string_new (NULL);

    for (guint i = 0; i < 6; i++)
      g_string_append (idn, "ééééééééééééééééééééééééééééééééééééééé.");
    g_string_append (idn, "test");
    name = aura_dns_normalize_name (idn->str, &error);
    g_assert_null (name);
    g_assert_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_INVALID_NAME);
    g_clear_error (&error);
  }
}

static void
test_name_refused (void)
{
  static const struct
  {
    const char *in;
    const char *says;
  } cases[] = {
    { "", "empty" },
    { ".", "empty" },
    { "a..b.test", "empty label" },
    { ".a.test", "empty label" },
    { "exa mple.test", "space" },
    { "a/b.test", "“/”" },
    { "a@b.test", "“@”" },
    { "a\x01.test", "control character" },
    { "\xff\xfe.test", "UTF-8" },
    { "☃.test", "IDNA" },
    { "a\xe2\x80\x8b"
      "b.test",
      "U+200B" },
    { "\xe2\x80\xae"
      "abc.test",
      "U+202E" },
    { "\xd9\xa1\xd9\xa2"
      "a.test",
      "IDNA" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *name = aura_dns_normalize_name (cases[i].in, &error);

      g_assert_null (name);
      g_assert_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_INVALID_NAME);
      if (strstr (error->message, cases[i].says) == NULL)
        g_error ("“%s”: expected “%s” in “%s”", cases[i].in, cases[i].says, error->message);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
}

static void
test_name_huge (void)
{
  g_autofree char *huge = g_strnfill (1024 * 1024, 'a');
  g_autoptr (GError) error = NULL;
  g_autofree char *name = aura_dns_normalize_name (huge, &error);

  g_assert_null (name);
  g_assert_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_INVALID_NAME);
  /* The message quotes a short piece only. */
  g_assert_cmpuint (strlen (error->message), <, 400);
}

static void
test_reverse_names (void)
{
  static const struct
  {
    const char *in;
    const char *out;
  } cases[] = {
    { "127.0.0.9", "9.0.0.127.in-addr.arpa" },
    { "192.0.2.255", "255.2.0.192.in-addr.arpa" },
    { "::1", "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa" },
    { "2001:db8::abcd",
      "d.c.b.a.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa" },
  };
  static const char *const bad[] = { "nonsense", "256.1.1.1", "1.2.3", "", "::g", "127.0.0.1:53" };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *name = aura_dns_reverse_name (cases[i].in, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (name, ==, cases[i].out);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *name = aura_dns_reverse_name (bad[i], &error);

      g_assert_null (name);
      g_assert_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_INVALID_NAME);
    }
}

static void
test_type_names (void)
{
  guint type = 0;

  g_assert_cmpstr (aura_dns_type_to_string (AURA_DNS_TYPE_MX), ==, "MX");
  g_assert_cmpstr (aura_dns_type_to_string (AURA_DNS_TYPE_CAA), ==, "CAA");
  g_assert_cmpstr (aura_dns_type_to_string (48), ==, "DNSKEY");
  g_assert_cmpstr (aura_dns_type_to_string (65280), ==, "TYPE65280");
  g_assert_true (aura_dns_type_from_string ("aaaa", &type));
  g_assert_cmpuint (type, ==, AURA_DNS_TYPE_AAAA);
  g_assert_true (aura_dns_type_from_string ("TYPE257", &type));
  g_assert_cmpuint (type, ==, 257);
  g_assert_false (aura_dns_type_from_string ("TYPE", &type));
  g_assert_false (aura_dns_type_from_string ("TYPE70000", &type));
  g_assert_false (aura_dns_type_from_string ("TYPE12x", &type));
  g_assert_false (aura_dns_type_from_string ("BOGUS", &type));
}

/* Records ------------------------------------------------------------------------------- */

static AuraDnsRecord *
record_from (const char *line)
{
  ldns_rr *rr = NULL;
  AuraDnsRecord *record;

  g_assert_cmpint (ldns_rr_new_frm_str (&rr, line, 60, NULL, NULL), ==, LDNS_STATUS_OK);
  record = dns_record_from_ldns (rr);
  ldns_rr_free (rr);
  g_assert_nonnull (record);
  return record;
}

static void
assert_presented (const char *line, const char *expected)
{
  g_autoptr (AuraDnsRecord) record = record_from (line);
  g_autoptr (AuraDnsRecord) copy = aura_dns_record_copy (record);
  g_autofree char *text = aura_dns_record_to_string (copy);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_record_presentation (void)
{
  assert_presented ("Example.TEST. 300 IN A 127.0.0.1", "example.test. 300 IN A 127.0.0.1");
  assert_presented ("x.test. 60 IN AAAA 2001:0db8:0000::0001", "x.test. 60 IN AAAA 2001:db8::1");
  assert_presented ("x.test. 60 IN MX 10 Mail.X.test.", "x.test. 60 IN MX 10 mail.x.test.");
  assert_presented ("x.test. 60 IN MX 0 .", "x.test. 60 IN MX 0 .");
  assert_presented ("_sip._tcp.x.test. 60 IN SRV 10 60 5060 sip.x.test.",
                    "_sip._tcp.x.test. 60 IN SRV 10 60 5060 sip.x.test.");
  assert_presented ("x.test. 60 IN SOA ns1.x.test. host\\.master.x.test. 7 3600 600 86400 60",
                    "x.test. 60 IN SOA ns1.x.test. host\\.master.x.test. 7 3600 600 86400 60");
  assert_presented ("x.test. 60 IN CAA 128 issue \"ca.example; account=1\"",
                    "x.test. 60 IN CAA 128 issue \"ca.example; account=1\"");
  assert_presented ("x.test. 60 IN TXT \"a \\\"quoted\\\" \\\\ word\" \"caf\\195\\169\"",
                    "x.test. 60 IN TXT \"a \\\"quoted\\\" \\\\ word\" \"caf\\195\\169\"");
  assert_presented ("x.test. 60 IN TYPE65280 \\# 3 010203", "x.test. 60 IN TYPE65280 \\# 3 010203");
}

static void
test_record_fields (void)
{
  g_autoptr (AuraDnsRecord) txt =
      record_from ("x.test. 60 IN TXT \"v=spf1 ip4:192.0.2.0/24 \" \"-all\" \"caf\\195\\169\"");
  g_autoptr (AuraDnsRecord) binary = record_from ("x.test. 60 IN TXT \"a\\000b\\255c\"");
  g_autoptr (AuraDnsRecord) soa =
      record_from ("x.test. 60 IN SOA ns1.x.test. hostmaster.x.test. 7 3600 600 86400 30");
  g_autoptr (AuraDnsRecord) caa = record_from ("x.test. 60 IN CAA 0 iodef \"mailto:a@x.test\"");

  g_assert_cmpuint (txt->type, ==, AURA_DNS_TYPE_TXT);
  g_assert_cmpuint (g_strv_length (txt->strings), ==, 3);
  g_assert_cmpstr (txt->strings[0], ==, "v=spf1 ip4:192.0.2.0/24 ");
  /* RFC 7208 §3.3: the strings joined without anything added. */
  g_assert_cmpstr (txt->text, ==, "v=spf1 ip4:192.0.2.0/24 -allcafé");

  /* A NUL byte and a byte that is not UTF-8 become U+FFFD in the text, and
   * stay exact in the presentation. */
  g_assert_cmpstr (binary->text, ==,
                   "a\xef\xbf\xbd"
                   "b\xef\xbf\xbd"
                   "c");
  g_assert_cmpstr (binary->rdata, ==, "\"a\\000b\\255c\"");

  g_assert_cmpstr (soa->target, ==, "ns1.x.test");
  g_assert_cmpstr (soa->mailbox, ==, "hostmaster.x.test");
  g_assert_cmpuint (soa->serial, ==, 7);
  g_assert_cmpuint (soa->refresh, ==, 3600);
  g_assert_cmpuint (soa->retry, ==, 600);
  g_assert_cmpuint (soa->expire, ==, 86400);
  g_assert_cmpuint (soa->minimum, ==, 30);

  g_assert_cmpuint (caa->caa_flags, ==, 0);
  g_assert_cmpstr (caa->caa_tag, ==, "iodef");
  g_assert_cmpstr (caa->caa_value, ==, "mailto:a@x.test");
}

/* SPF ------------------------------------------------------------------------------------- */

static AuraSpfRecord *
spf_ok (const char *text)
{
  g_autoptr (GError) error = NULL;
  gsize offset = 99;
  AuraSpfRecord *record = aura_spf_parse (text, &offset, &error);

  if (error != NULL)
    g_error ("“%s” should parse: %s", text, error->message);
  g_assert_nonnull (record);
  return record;
}

static const AuraSpfMechanism *
mechanism (const AuraSpfRecord *record, guint i)
{
  g_assert_cmpuint (i, <, record->mechanisms->len);
  return g_ptr_array_index (record->mechanisms, i);
}

static gboolean
has_warning (const AuraSpfRecord *record, const char *part)
{
  for (guint i = 0; i < record->warnings->len; i++)
    if (strstr (g_ptr_array_index (record->warnings, i), part) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_spf_valid (void)
{
  g_autoptr (AuraSpfRecord) basic = spf_ok ("v=spf1 -all");
  g_autoptr (AuraSpfRecord) empty = spf_ok ("v=spf1");
  g_autoptr (AuraSpfRecord) upper = spf_ok ("V=SPF1 IP4:192.0.2.1 MX -ALL");
  g_autoptr (AuraSpfRecord) spaced = spf_ok ("v=spf1   ip4:192.0.2.0/24    ~all   ");
  g_autoptr (AuraSpfRecord) cidr =
      spf_ok ("v=spf1 a mx a:mail.example.com/24 mx:example.com//64 a/24//64 ?a//0 -all");
  g_autoptr (AuraSpfRecord) six =
      spf_ok ("v=spf1 ip6:2001:db8::/32 ip6:::1 ip6:::ffff:1.2.3.4 -all");

  g_assert_cmpuint (basic->mechanisms->len, ==, 1);
  g_assert_cmpint (mechanism (basic, 0)->type, ==, AURA_SPF_ALL);
  g_assert_cmpint (mechanism (basic, 0)->qualifier, ==, AURA_SPF_FAIL);
  g_assert_cmpuint (basic->dns_lookups, ==, 0);
  g_assert_cmpuint (basic->warnings->len, ==, 0);

  g_assert_cmpuint (empty->mechanisms->len, ==, 0);
  g_assert_true (has_warning (empty, "without “all”"));

  g_assert_cmpuint (upper->mechanisms->len, ==, 3);
  g_assert_cmpint (mechanism (upper, 0)->type, ==, AURA_SPF_IP4);
  g_assert_cmpstr (mechanism (upper, 0)->network, ==, "192.0.2.1");
  g_assert_cmpint (mechanism (upper, 0)->cidr4, ==, -1);
  g_assert_cmpuint (upper->dns_lookups, ==, 1);

  g_assert_cmpuint (spaced->mechanisms->len, ==, 2);
  g_assert_cmpint (mechanism (spaced, 0)->cidr4, ==, 24);
  g_assert_cmpint (mechanism (spaced, 1)->qualifier, ==, AURA_SPF_SOFTFAIL);
  g_assert_cmpuint (mechanism (spaced, 1)->offset, ==, 29);

  g_assert_cmpuint (cidr->mechanisms->len, ==, 7);
  g_assert_null (mechanism (cidr, 0)->domain);
  g_assert_cmpstr (mechanism (cidr, 2)->domain, ==, "mail.example.com");
  g_assert_cmpint (mechanism (cidr, 2)->cidr4, ==, 24);
  g_assert_cmpint (mechanism (cidr, 2)->cidr6, ==, -1);
  g_assert_cmpstr (mechanism (cidr, 3)->domain, ==, "example.com");
  g_assert_cmpint (mechanism (cidr, 3)->cidr4, ==, -1);
  g_assert_cmpint (mechanism (cidr, 3)->cidr6, ==, 64);
  g_assert_cmpint (mechanism (cidr, 4)->cidr4, ==, 24);
  g_assert_cmpint (mechanism (cidr, 4)->cidr6, ==, 64);
  g_assert_cmpint (mechanism (cidr, 5)->qualifier, ==, AURA_SPF_NEUTRAL);
  g_assert_cmpint (mechanism (cidr, 5)->cidr6, ==, 0);
  g_assert_cmpuint (cidr->dns_lookups, ==, 6);

  g_assert_cmpuint (six->mechanisms->len, ==, 4);
  g_assert_cmpstr (mechanism (six, 0)->network, ==, "2001:db8::");
  g_assert_cmpint (mechanism (six, 0)->cidr6, ==, 32);
  g_assert_cmpstr (mechanism (six, 1)->network, ==, "::1");
  g_assert_cmpstr (mechanism (six, 2)->network, ==, "::ffff:1.2.3.4");
}

static void
test_spf_modifiers_and_macros (void)
{
  g_autoptr (AuraSpfRecord) macros =
      spf_ok ("v=spf1 include:_spf.google.com include:%{d}.spf.example.com "
              "exists:%{ir}.%{l1r+-}._spf.%{d} exists:%{i}.%{v}.arpa._spf.%{D} -all");
  g_autoptr (AuraSpfRecord) redirect = spf_ok ("v=spf1 redirect=_spf.example.com");
  g_autoptr (AuraSpfRecord) exp = spf_ok ("v=spf1 exp=explain._spf.%{d} -all foo=bar%%%_%- x.y=");
  g_autoptr (AuraSpfRecord) dot = spf_ok ("v=spf1 a:example.com. include:123-456.example ~all");

  g_assert_cmpuint (macros->mechanisms->len, ==, 5);
  g_assert_cmpint (mechanism (macros, 1)->type, ==, AURA_SPF_INCLUDE);
  g_assert_cmpstr (mechanism (macros, 1)->domain, ==, "%{d}.spf.example.com");
  g_assert_cmpint (mechanism (macros, 2)->type, ==, AURA_SPF_EXISTS);
  g_assert_cmpstr (mechanism (macros, 2)->domain, ==, "%{ir}.%{l1r+-}._spf.%{d}");
  g_assert_cmpuint (macros->dns_lookups, ==, 4);

  g_assert_cmpstr (redirect->redirect, ==, "_spf.example.com");
  g_assert_cmpuint (redirect->dns_lookups, ==, 1);
  g_assert_cmpuint (redirect->warnings->len, ==, 0);

  g_assert_cmpstr (exp->explanation, ==, "explain._spf.%{d}");
  g_assert_cmpuint (exp->modifiers->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (exp->modifiers, 0), ==, "foo=bar%%%_%-");
  g_assert_cmpstr (g_ptr_array_index (exp->modifiers, 1), ==, "x.y=");
  g_assert_true (has_warning (exp, "after “all”") == FALSE);

  g_assert_cmpstr (mechanism (dot, 0)->domain, ==, "example.com.");
  g_assert_cmpstr (mechanism (dot, 1)->domain, ==, "123-456.example");
}

static void
test_spf_warnings (void)
{
  g_autoptr (AuraSpfRecord) ptr = spf_ok ("v=spf1 ptr -all");
  g_autoptr (AuraSpfRecord) plus = spf_ok ("v=spf1 +all");
  g_autoptr (AuraSpfRecord) after = spf_ok ("v=spf1 -all a");
  g_autoptr (AuraSpfRecord) both = spf_ok ("v=spf1 -all redirect=_spf.example.com");
  g_autoptr (GString) many = g_string_new ("v=spf1");
  g_autoptr (AuraSpfRecord) eleven = NULL;

  g_assert_true (has_warning (ptr, "deprecated"));
  g_assert_true (has_warning (plus, "any server"));
  g_assert_true (has_warning (after, "never reached"));
  g_assert_true (has_warning (both, "redirect"));

  for (guint i = 0; i < 11; i++)
    g_string_append_printf (many, " include:s%u.example.com", i);
  g_string_append (many, " -all");
  eleven = spf_ok (many->str);
  g_assert_cmpuint (eleven->dns_lookups, ==, 11);
  g_assert_true (has_warning (eleven, "11 DNS lookups"));
}

static void
test_spf_invalid (void)
{
  static const struct
  {
    const char *text;
    gsize offset;
    const char *says;
  } cases[] = {
    { "v=spf1 -all\tmx", 7, "no argument" },
    { "v=spf1 ip4:256.0.0.1", 7, "IPv4" },
    { "v=spf1 ip4:192.0.2.1/33", 7, "ip4" },
    { "v=spf1 ip4:192.0.2.01", 7, "leading zeros" },
    { "v=spf1 ip4:192.0.2", 7, "IPv4" },
    { "v=spf1 ip4", 7, "address" },
    { "v=spf1 ip6:2001:db8::/129", 7, "ip6" },
    { "v=spf1 ip6:nothex::", 7, "IPv6" },
    { "v=spf1 ip6:192.0.2.1", 7, "IPv6" },
    { "v=spf1 include", 7, "domain" },
    { "v=spf1 include:", 7, "empty" },
    { "v=spf1 include:localhost", 7, "top-level" },
    { "v=spf1 include:example.123", 7, "top-level" },
    { "v=spf1 include:example.com/24", 7, "prefix" },
    { "v=spf1 a:%{z}.example.com", 7, "macro" },
    { "v=spf1 a:%{d", 7, "macro" },
    { "v=spf1 a:50%.example.com", 7, "macro" },
    { "v=spf1 foo:bar", 7, "unknown mechanism" },
    { "v=spf1 mx ipv4:192.0.2.1", 10, "unknown mechanism" },
    { "v=spf1 redirect=a.example.com redirect=b.example.com", 30, "only once" },
    { "v=spf1 exp=a.example.com exp=b.example.com", 25, "only once" },
    { "v=spf1 redirect=", 7, "missing" },
    { "v=spf1 a:exämple.com", 7, "ASCII" },
    { "v=spf1 ip4:192.0.2.1 ~", 21, "qualifier" },
    { "v=spf1 all:foo", 7, "no argument" },
    { "v=spf1 ptr/24", 7, "prefix" },
    { "v=spf1 a/33", 7, "prefix" },
    { "v=spf1 a//129", 7, "prefix" },
    { "v=spf1 a/", 7, "prefix" },
    { "v=spf1 mx:example.com/08", 7, "prefix" },
    { "v=spf1 \x01", 7, "unknown mechanism" },
    { "v=spf1 -all bad", 12, "unknown mechanism" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      gsize offset = 999;
      g_autoptr (AuraSpfRecord) record = aura_spf_parse (cases[i].text, &offset, &error);

      if (record != NULL)
        g_error ("“%s” should be refused", cases[i].text);
      g_assert_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_POLICY_SYNTAX);
      if (offset != cases[i].offset || strstr (error->message, cases[i].says) == NULL)
        g_error ("“%s”: offset %zu, message “%s”", cases[i].text, offset, error->message);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
}

static void
test_spf_not_spf (void)
{
  static const char *const cases[] = {
    "v=spf10 -all",     "spf1 -all", " v=spf1 -all", "v=spf1\t-all", "",
    "v=DMARC1; p=none", "v=spf",     "hello world",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (AuraSpfRecord) record = aura_spf_parse (cases[i], NULL, &error);

      g_assert_null (record);
      g_assert_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_NOT_POLICY);
      g_assert_false (aura_spf_is_record (cases[i]));
    }
}

static void
test_spf_huge (void)
{
  g_autoptr (GString) text = g_string_new ("v=spf1");
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraSpfRecord) record = NULL;
  gsize offset = 0;

  /* Within the limit: a thousand mechanisms parse (and warn). */
  for (guint i = 0; i < 1000; i++)
    g_string_append (text, " a");
  record = spf_ok (text->str);
  g_assert_cmpuint (record->mechanisms->len, ==, 1000);
  g_assert_cmpuint (record->dns_lookups, ==, 1000);
  g_clear_pointer (&record, aura_spf_record_free);

  /* Past it: refused without reading on. */
  while (text->len <= 1024 * 1024)
    g_string_append (text, " ip4:192.0.2.1");
  record = aura_spf_parse (text->str, &offset, &error);
  g_assert_null (record);
  g_assert_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_POLICY_SYNTAX);
  g_assert_cmpuint (offset, ==, 4096);
}

/* DMARC ------------------------------------------------------------------------------------- */

static AuraDmarcRecord *
dmarc_ok (const char *text)
{
  g_autoptr (GError) error = NULL;
  AuraDmarcRecord *record = aura_dmarc_parse (text, &error);

  if (error != NULL)
    g_error ("“%s” should parse: %s", text, error->message);
  return record;
}

static gboolean
dmarc_warns (const AuraDmarcRecord *record, const char *part)
{
  for (guint i = 0; i < record->warnings->len; i++)
    if (strstr (g_ptr_array_index (record->warnings, i), part) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_dmarc_valid (void)
{
  g_autoptr (AuraDmarcRecord) minimal = dmarc_ok ("v=DMARC1; p=none");
  g_autoptr (AuraDmarcRecord) full = dmarc_ok (
      "v=DMARC1;p=reject;sp=quarantine;pct=50;rua=mailto:a@example.com,mailto:b@example.com!10m;"
      "ruf=mailto:f@example.com!1g;adkim=s;aspf=r;fo=0:1:D:s;ri=3600;rf=afrf:iodef");
  g_autoptr (AuraDmarcRecord) spaced =
      dmarc_ok ("  v = DMARC1 ;\tP = Quarantine ;  rua = mailto:x@example.com , "
                "https://r.example.com/x ;;");
  g_autoptr (AuraDmarcRecord) unknown =
      dmarc_ok ("v=DMARC1; p=reject; rua=mailto:a@x.test; foo=bär");
  g_autoptr (AuraDmarcRecord) fallback = dmarc_ok ("v=DMARC1; rua=mailto:a@x.test");
  g_autoptr (AuraDmarcRecord) bad_p = dmarc_ok ("v=DMARC1; p=block; rua=mailto:a@x.test");
  AuraDmarcUri *uri;

  g_assert_cmpint (minimal->policy, ==, AURA_DMARC_NONE);
  g_assert_cmpint (minimal->subdomain_policy, ==, AURA_DMARC_NONE);
  g_assert_false (minimal->has_subdomain_policy);
  g_assert_cmpuint (minimal->percent, ==, 100);
  g_assert_cmpint (minimal->adkim, ==, AURA_DMARC_RELAXED);
  g_assert_cmpstr (minimal->failure_options, ==, "0");
  g_assert_cmpuint (minimal->interval, ==, 86400);
  g_assert_cmpstr (minimal->report_format, ==, "afrf");
  g_assert_true (dmarc_warns (minimal, "only monitors"));
  g_assert_true (dmarc_warns (minimal, "rua"));

  g_assert_cmpint (full->policy, ==, AURA_DMARC_REJECT);
  g_assert_cmpint (full->subdomain_policy, ==, AURA_DMARC_QUARANTINE);
  g_assert_true (full->has_subdomain_policy);
  g_assert_cmpuint (full->percent, ==, 50);
  g_assert_cmpuint (full->rua->len, ==, 2);
  uri = g_ptr_array_index (full->rua, 1);
  g_assert_cmpstr (uri->uri, ==, "mailto:b@example.com");
  g_assert_cmpuint (uri->max_size, ==, 10 * 1024 * 1024);
  uri = g_ptr_array_index (full->ruf, 0);
  g_assert_cmpuint (uri->max_size, ==, G_GUINT64_CONSTANT (1) << 30);
  g_assert_cmpint (full->adkim, ==, AURA_DMARC_STRICT);
  g_assert_cmpint (full->aspf, ==, AURA_DMARC_RELAXED);
  g_assert_cmpstr (full->failure_options, ==, "0:1:d:s");
  g_assert_cmpuint (full->interval, ==, 3600);
  g_assert_cmpstr (full->report_format, ==, "afrf:iodef");
  g_assert_true (dmarc_warns (full, "pct=50"));

  g_assert_cmpint (spaced->policy, ==, AURA_DMARC_QUARANTINE);
  g_assert_cmpuint (spaced->rua->len, ==, 2);
  g_assert_cmpstr (((AuraDmarcUri *)g_ptr_array_index (spaced->rua, 1))->uri, ==,
                   "https://r.example.com/x");

  g_assert_true (dmarc_warns (unknown, "“foo”"));

  g_assert_cmpint (fallback->policy, ==, AURA_DMARC_NONE);
  g_assert_true (dmarc_warns (fallback, "§6.6.3"));
  g_assert_cmpint (bad_p->policy, ==, AURA_DMARC_NONE);
}

static void
test_dmarc_invalid (void)
{
  static const struct
  {
    const char *text;
    int code;
    const char *says;
  } cases[] = {
    { "v=DMARC2; p=none", AURA_DNS_ERROR_NOT_POLICY, "DMARC1" },
    { "v=dmarc1; p=none", AURA_DNS_ERROR_NOT_POLICY, "capitals" },
    { "p=none; v=DMARC1", AURA_DNS_ERROR_NOT_POLICY, "DMARC1" },
    { "", AURA_DNS_ERROR_NOT_POLICY, "DMARC1" },
    { "v=spf1 -all", AURA_DNS_ERROR_NOT_POLICY, "DMARC1" },
    { "v=DMARC1", AURA_DNS_ERROR_POLICY_SYNTAX, "p= is missing" },
    { "v=DMARC1; p=block", AURA_DNS_ERROR_POLICY_SYNTAX, "“block”" },
    { "v=DMARC1; p=none; pct=101", AURA_DNS_ERROR_POLICY_SYNTAX, "pct" },
    { "v=DMARC1; p=none; pct=-1", AURA_DNS_ERROR_POLICY_SYNTAX, "pct" },
    { "v=DMARC1; p=none; pct=", AURA_DNS_ERROR_POLICY_SYNTAX, "pct" },
    { "v=DMARC1; p=none; p=reject", AURA_DNS_ERROR_POLICY_SYNTAX, "twice" },
    { "v=DMARC1; p=none; rua=dmarc@example.com", AURA_DNS_ERROR_POLICY_SYNTAX, "URI" },
    { "v=DMARC1; p=none; rua=mailto:a@example.com!10x", AURA_DNS_ERROR_POLICY_SYNTAX, "size" },
    { "v=DMARC1; p=none; rua=mailto:a@example.com!", AURA_DNS_ERROR_POLICY_SYNTAX, "size" },
    { "v=DMARC1; p=none; rua=", AURA_DNS_ERROR_POLICY_SYNTAX, "empty" },
    { "v=DMARC1; p=none; rua=mailto:ü@example.com", AURA_DNS_ERROR_POLICY_SYNTAX, "URI" },
    { "v=DMARC1; p=none; adkim=x", AURA_DNS_ERROR_POLICY_SYNTAX, "relaxed" },
    { "v=DMARC1; p=none; fo=2", AURA_DNS_ERROR_POLICY_SYNTAX, "fo=" },
    { "v=DMARC1; p=none; ri=99999999999", AURA_DNS_ERROR_POLICY_SYNTAX, "ri=" },
    { "v=DMARC1; p=none; v=DMARC1", AURA_DNS_ERROR_POLICY_SYNTAX, "only once" },
    { "v=DMARC1; p=none; garbage", AURA_DNS_ERROR_POLICY_SYNTAX, "tag=value" },
    { "v=DMARC1; p=none; =x", AURA_DNS_ERROR_POLICY_SYNTAX, "tag name" },
    { "v=DMARC1; p=none; sp=everything", AURA_DNS_ERROR_POLICY_SYNTAX, "sp=" },
    { "v=DMARC1; p=none; rf=a b", AURA_DNS_ERROR_POLICY_SYNTAX, "rf=" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (AuraDmarcRecord) record = aura_dmarc_parse (cases[i].text, &error);

      if (record != NULL)
        g_error ("“%s” should be refused", cases[i].text);
      g_assert_error (error, AURA_DNS_ERROR, cases[i].code);
      if (strstr (error->message, cases[i].says) == NULL)
        g_error ("“%s”: message “%s”", cases[i].text, error->message);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
}

static void
test_dmarc_huge (void)
{
  g_autoptr (GString) text = g_string_new ("v=DMARC1; p=none; rua=");
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraDmarcRecord) record = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_printf (text, "%smailto:r%u@example.com", i > 0 ? "," : "", i);
  record = aura_dmarc_parse (text->str, &error);
  g_assert_null (record);
  g_assert_error (error, AURA_DNS_ERROR, AURA_DNS_ERROR_POLICY_SYNTAX);
  g_assert_nonnull (strstr (error->message, "4096"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dns/name/normalized", test_name_normalized);
  g_test_add_func ("/dns/name/length-limits", test_name_lengths);
  g_test_add_func ("/dns/name/refused-with-reason", test_name_refused);
  g_test_add_func ("/dns/name/huge-input", test_name_huge);
  g_test_add_func ("/dns/name/reverse", test_reverse_names);
  g_test_add_func ("/dns/type/names", test_type_names);
  g_test_add_func ("/dns/record/presentation-is-stable", test_record_presentation);
  g_test_add_func ("/dns/record/typed-fields", test_record_fields);
  g_test_add_func ("/dns/spf/valid", test_spf_valid);
  g_test_add_func ("/dns/spf/modifiers-and-macros", test_spf_modifiers_and_macros);
  g_test_add_func ("/dns/spf/warnings", test_spf_warnings);
  g_test_add_func ("/dns/spf/invalid-with-position", test_spf_invalid);
  g_test_add_func ("/dns/spf/not-spf", test_spf_not_spf);
  g_test_add_func ("/dns/spf/huge", test_spf_huge);
  g_test_add_func ("/dns/dmarc/valid", test_dmarc_valid);
  g_test_add_func ("/dns/dmarc/invalid-with-reason", test_dmarc_invalid);
  g_test_add_func ("/dns/dmarc/huge", test_dmarc_huge);

  return g_test_run ();
}
