/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "aura.h"
#include "aura-email.h"

/* Parsing email addresses: a table of valid and invalid addresses with the
 * exact error each gets, then canonical forms, pivots and hostile input.
 * The bundled data (data/email) is read from the source tree. */

#define VALID (-1)

typedef struct
{
  const char *input;
  AuraEmailParseFlags flags;
  int error;          /* an AuraEmailError, or VALID */
  const char *expect; /* the normalised address, or a word of the message */
} Case;

static const Case cases[] = {
  /* Plain dot-atoms. */
  { "user@example.com", 0, VALID, "user@example.com" },
  { "First.Last@Example.COM", 0, VALID, "First.Last@example.com" },
  { "  user@example.com \t", 0, VALID, "user@example.com" },
  { "\u00a0user@example.com\u3000", 0, VALID, "user@example.com" },
  { "a@b.co", 0, VALID, "a@b.co" },
  { "user+tag@example.com", 0, VALID, "user+tag@example.com" },
  { "o'brien@example.ie", 0, VALID, "o'brien@example.ie" },
  { "!#$%&'*+-/=?^_`{|}~@example.org", 0, VALID, "!#$%&'*+-/=?^_`{|}~@example.org" },
  { "user@sub.domain.example.co.uk", 0, VALID, "user@sub.domain.example.co.uk" },
  { "user@xn--bcher-kva.example", 0, VALID, "user@xn--bcher-kva.example" },
  { "user@a-b.example", 0, VALID, "user@a-b.example" },
  { "1234@example.com", 0, VALID, "1234@example.com" },
  /* Quoted local parts. */
  { "\"john doe\"@example.com", 0, VALID, "\"john doe\"@example.com" },
  { "\"john\"@example.com", 0, VALID, "john@example.com" },
  { "\"a@b\"@example.com", 0, VALID, "\"a@b\"@example.com" },
  { "\"a\\\"b\"@example.com", 0, VALID, "\"a\\\"b\"@example.com" },
  { "\"a..b\"@example.com", 0, VALID, "\"a..b\"@example.com" },
  { "\"\"@example.com", 0, AURA_EMAIL_ERROR_LOCAL_PART, "empty" },
  { "\"unclosed@example.com", 0, AURA_EMAIL_ERROR_LOCAL_PART, "never closed" },
  { "\"a\"b@example.com", 0, AURA_EMAIL_ERROR_LOCAL_PART, "closing quote" },
  { "\"john doe\"@example.com", AURA_EMAIL_PARSE_REFUSE_QUOTED, AURA_EMAIL_ERROR_REFUSED,
    "quoted" },
  { "\"john\"@example.com", AURA_EMAIL_PARSE_REFUSE_QUOTED, VALID, "john@example.com" },
  /* Dots and characters in the local part. */
  { ".user@example.com", 0, AURA_EMAIL_ERROR_LOCAL_PART, "start with a dot" },
  { "user.@example.com", 0, AURA_EMAIL_ERROR_LOCAL_PART, "end with a dot" },
  { "us..er@example.com", 0, AURA_EMAIL_ERROR_LOCAL_PART, "two dots" },
  { "us er@example.com", 0, AURA_EMAIL_ERROR_LOCAL_PART, "spaces" },
  { "us,er@example.com", 0, AURA_EMAIL_ERROR_LOCAL_PART, "“,”" },
  { "us[er@example.com", 0, AURA_EMAIL_ERROR_LOCAL_PART, "“[”" },
  { "us\\er@example.com", 0, AURA_EMAIL_ERROR_LOCAL_PART, "“\\”" },
  { "@example.com", 0, AURA_EMAIL_ERROR_LOCAL_PART, "nothing before" },
  { "userexample.com", 0, AURA_EMAIL_ERROR_NO_AT, "no “@”" },
  { "a@b@example.com", 0, AURA_EMAIL_ERROR_NO_AT, "more than one" },
  /* Lengths: 64 bytes before "@", 254 in all. */
  { "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@example.com", 0, VALID,
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@example.com" },
  { "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@example.com", 0,
    AURA_EMAIL_ERROR_TOO_LONG, "65 bytes" },
  { "user@aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com", 0,
    AURA_EMAIL_ERROR_DOMAIN, "at most 63" },
  /* Domains. */
  { "user@", 0, AURA_EMAIL_ERROR_DOMAIN, "nothing after" },
  { "user@localhost", 0, AURA_EMAIL_ERROR_DOMAIN, "no dot" },
  { "user@example.com.", 0, AURA_EMAIL_ERROR_DOMAIN, "ends with a dot" },
  { "user@.example.com", 0, AURA_EMAIL_ERROR_DOMAIN, "empty part" },
  { "user@example..com", 0, AURA_EMAIL_ERROR_DOMAIN, "empty part" },
  { "user@-example.com", 0, AURA_EMAIL_ERROR_DOMAIN, "start or end with “-”" },
  { "user@example-.com", 0, AURA_EMAIL_ERROR_DOMAIN, "start or end with “-”" },
  { "user@exa_mple.com", 0, AURA_EMAIL_ERROR_DOMAIN, "“_”" },
  { "user@exa mple.com", 0, AURA_EMAIL_ERROR_DOMAIN, "“ ”" },
  { "user@1.2.3.4", 0, AURA_EMAIL_ERROR_DOMAIN, "in brackets" },
  { "user@xn--zz.example", 0, AURA_EMAIL_ERROR_DOMAIN, "punycode" },
  /* International domains to A-labels. */
  { "user@bücher.example", 0, VALID, "user@xn--bcher-kva.example" },
  { "user@BÜCHER.example", 0, VALID, "user@xn--bcher-kva.example" },
  { "user@例え.テスト", 0, VALID, "user@xn--r8jz45g.xn--zckzah" },
  { "user@例え。テスト", 0, VALID, "user@xn--r8jz45g.xn--zckzah" },
  { "user@fass.example", 0, VALID, "user@fass.example" },
  { "user@faß.example", 0, VALID, "user@xn--fa-hia.example" },
  { "user@münchen.de", 0, VALID, "user@xn--mnchen-3ya.de" },
  /* Address literals. */
  { "user@[192.0.2.1]", 0, VALID, "user@[192.0.2.1]" },
  { "user@[IPv6:2001:DB8::1]", 0, VALID, "user@[IPv6:2001:db8::1]" },
  { "user@[192.0.2.256]", 0, AURA_EMAIL_ERROR_DOMAIN, "IPv4" },
  { "user@[192.0.2.01]", 0, AURA_EMAIL_ERROR_DOMAIN, "IPv4" },
  { "user@[IPv6:zz::1]", 0, AURA_EMAIL_ERROR_DOMAIN, "IPv6" },
  { "user@[2001:db8::1]", 0, AURA_EMAIL_ERROR_DOMAIN, "only those" },
  { "user@[192.0.2.1", 0, AURA_EMAIL_ERROR_DOMAIN, "“]”" },
  { "user@[192.0.2.1]", AURA_EMAIL_PARSE_REFUSE_IP_LITERAL, AURA_EMAIL_ERROR_REFUSED, "literal" },
  /* Internationalised local parts (EAI). */
  { "用户@例子.广告", 0, VALID, "用户@xn--fsqu00a.xn--4rr70v" },
  { "josé@example.com", 0, VALID, "josé@example.com" },
  { "jose\u0301@example.com", 0, VALID, "josé@example.com" },
  { "josé@example.com", AURA_EMAIL_PARSE_REFUSE_EAI, AURA_EMAIL_ERROR_REFUSED, "not ASCII" },
  /* Look-alikes and invisible characters. */
  { "p\u0430ypal@example.com", 0, AURA_EMAIL_ERROR_MIXED_SCRIPTS, "Cyrillic" },
  { "user@p\u0430ypal.com", 0, AURA_EMAIL_ERROR_MIXED_SCRIPTS, "Latin and Cyrillic" },
  { "user@\u03b1pple.com", 0, AURA_EMAIL_ERROR_MIXED_SCRIPTS, "Greek" },
  { "p\u0430ypal@example.com", AURA_EMAIL_PARSE_ALLOW_MIXED_SCRIPTS, VALID,
    "p\u0430ypal@example.com" },
  { "иван@пример.рф", 0, VALID, "иван@xn--e1afmkfd.xn--p1ai" },
  { "user\u202e@example.com", 0, AURA_EMAIL_ERROR_INVISIBLE, "U+202E" },
  { "us\u200ber@example.com", 0, AURA_EMAIL_ERROR_INVISIBLE, "zero-width space" },
  { "user@exam\u200dple.com", 0, AURA_EMAIL_ERROR_INVISIBLE, "zero-width joiner" },
  { "\ufeffuser@example.com", 0, AURA_EMAIL_ERROR_INVISIBLE, "U+FEFF" },
  { "user@exa\u00admple.com", 0, AURA_EMAIL_ERROR_INVISIBLE, "soft hyphen" },
  { "us\ter@example.com", 0, AURA_EMAIL_ERROR_ENCODING, "U+0009" },
  { "user@example.com\r\nBcc: x@example.com", 0, AURA_EMAIL_ERROR_ENCODING, "U+000D" },
  { "\xff\xfeuser@example.com", 0, AURA_EMAIL_ERROR_ENCODING, "UTF-8 (at byte 1)" },
  { "user@exam\xc3ple.com", 0, AURA_EMAIL_ERROR_ENCODING, "at byte 10" },
  /* Display names and comments. */
  { "Ann Example <ann@example.com>", 0, AURA_EMAIL_ERROR_DISPLAY_NAME, "display name" },
  { "Ann Example <ann@example.com>", AURA_EMAIL_PARSE_STRIP, VALID, "ann@example.com" },
  { "\"Example, Ann\" <ann@example.com>", AURA_EMAIL_PARSE_STRIP, VALID, "ann@example.com" },
  { "<ann@example.com>", 0, AURA_EMAIL_ERROR_DISPLAY_NAME, "angle brackets" },
  { "<ann@example.com>", AURA_EMAIL_PARSE_STRIP, VALID, "ann@example.com" },
  { "ann(work)@example.com", 0, AURA_EMAIL_ERROR_DISPLAY_NAME, "comment" },
  { "ann(work)@example.com", AURA_EMAIL_PARSE_STRIP, VALID, "ann@example.com" },
  { "ann@example.com (Ann (nested))", AURA_EMAIL_PARSE_STRIP, VALID, "ann@example.com" },
  { "ann@example.com (unclosed", AURA_EMAIL_PARSE_STRIP, AURA_EMAIL_ERROR_DISPLAY_NAME,
    "never closed" },
  { "Ann <ann@example.com", AURA_EMAIL_PARSE_STRIP, AURA_EMAIL_ERROR_DISPLAY_NAME, "match" },
  { "Ann <ann@example.com> trailing", AURA_EMAIL_PARSE_STRIP, AURA_EMAIL_ERROR_DISPLAY_NAME,
    "match" },
  { "\"(not a comment)\"@example.com", 0, VALID, "\"(not a comment)\"@example.com" },
  /* Empty. */
  { "", 0, AURA_EMAIL_ERROR_EMPTY, "empty" },
  { "   ", 0, AURA_EMAIL_ERROR_EMPTY, "empty" },
  { "<>", AURA_EMAIL_PARSE_STRIP, AURA_EMAIL_ERROR_EMPTY, "empty" },
};

static AuraEmailData *
data (void)
{
  g_autoptr (GError) error = NULL;
  AuraEmailData *result = aura_email_data_get_default (&error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static void
test_table (void)
{
  g_assert_cmpuint (G_N_ELEMENTS (cases), >=, 60);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      g_autoptr (GError) error = NULL;
      g_autoptr (AuraEmailAddress) address =
          aura_email_parse_full (data (), c->input, -1, c->flags, &error);

      g_autofree char *shown = g_strescape (c->input, NULL);

      g_test_message ("%u: %s", i, shown);
      if (c->error == VALID)
        {
          g_assert_no_error (error);
          g_assert_cmpstr (address->address, ==, c->expect);
        }
      else
        {
          g_assert_null (address);
          g_assert_error (error, AURA_EMAIL_ERROR, c->error);
          if (strstr (error->message, c->expect) == NULL)
            g_error ("case %u (%s): “%s” lacks “%s”", i, c->input, error->message, c->expect);
        }
    }
}

static void
test_fields (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraEmailAddress) idn = NULL;
  g_autoptr (AuraEmailAddress) quoted = NULL;
  g_autoptr (AuraEmailAddress) literal = NULL;
  g_autoptr (AuraEmailAddress) named = NULL;
  g_autoptr (AuraEmailAddress) eai = NULL;

  idn = aura_email_parse_full (data (), "Ann@Bücher.Example", -1, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (idn->domain, ==, "xn--bcher-kva.example");
  g_assert_cmpstr (idn->domain_unicode, ==, "bücher.example");
  g_assert_cmpstr (idn->display, ==, "Ann@bücher.example");
  g_assert_cmpstr (idn->local, ==, "Ann");
  g_assert_true (idn->flags & AURA_EMAIL_ADDRESS_IDN);
  g_assert_false (idn->flags & AURA_EMAIL_ADDRESS_EAI);

  quoted = aura_email_parse_full (data (), "\"a\\\"b c\"@example.com", -1, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (quoted->local_unquoted, ==, "a\"b c");
  g_assert_true (quoted->flags & AURA_EMAIL_ADDRESS_QUOTED);
  g_assert_null (quoted->username);
  g_assert_nonnull (strstr (quoted->username_refusal, "quoted"));

  literal = aura_email_parse_full (data (), "root@[IPv6:2001:db8::1]", -1, 0, &error);
  g_assert_no_error (error);
  g_assert_true (literal->flags & AURA_EMAIL_ADDRESS_IP_LITERAL);
  g_assert_cmpstr (literal->ip_literal, ==, "2001:db8::1");
  g_assert_null (literal->domain_target);
  g_assert_null (literal->provider);

  named = aura_email_parse_full (data (), "\"Example, Ann\" <ann@example.com>", -1,
                                 AURA_EMAIL_PARSE_STRIP, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (named->display_name, ==, "Example, Ann");
  g_assert_true (named->flags & AURA_EMAIL_ADDRESS_STRIPPED);

  eai = aura_email_parse_full (data (), "josé@example.com", -1, 0, &error);
  g_assert_no_error (error);
  g_assert_true (eai->flags & AURA_EMAIL_ADDRESS_EAI);
  g_assert_null (eai->username);
}

typedef struct
{
  const char *input;
  const char *canonical;
  const char *tag;
  const char *provider;
} CanonicalCase;

static void
test_canonical (void)
{
  static const CanonicalCase canonical[] = {
    { "J.Doe+News@GMail.com", "jdoe@gmail.com", "News", "gmail" },
    { "j.d.o.e@googlemail.com", "jdoe@gmail.com", NULL, "gmail" },
    { "+only@gmail.com", "+only@gmail.com", NULL, "gmail" },
    { "John.Doe+x@outlook.com", "john.doe@outlook.com", "x", "outlook" },
    { "john.doe@hotmail.co.uk", "john.doe@hotmail.co.uk", NULL, "outlook" },
    { "Ann+shop@protonmail.com", "ann@proton.me", "shop", "proton" },
    { "ann@pm.me", "ann@proton.me", NULL, "proton" },
    { "Ivan+a@ya.ru", "ivan@yandex.ru", "a", "yandex" },
    { "ann.b@yahoo.com", "ann.b@yahoo.com", NULL, "yahoo" },
    { "ann+x@icloud.com", "ann@icloud.com", "x", "icloud" },
    { "ann+x@fastmail.com", "ann@fastmail.com", "x", "fastmail" },
    { "Ann+x@example.com", "ann+x@example.com", NULL, NULL },
    { "Ann.B@corp.example", "ann.b@corp.example", NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (canonical); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (AuraEmailAddress) address =
          aura_email_parse_full (data (), canonical[i].input, -1, 0, &error);

      g_test_message ("%s", canonical[i].input);
      g_assert_no_error (error);
      g_assert_cmpstr (address->canonical, ==, canonical[i].canonical);
      g_assert_cmpstr (address->tag, ==, canonical[i].tag);
      g_assert_cmpstr (address->provider != NULL ? address->provider->id : NULL, ==,
                       canonical[i].provider);
    }
}

typedef struct
{
  const char *input;
  const char *username; /* NULL: refused */
  const char *refusal;  /* a word of the refusal */
  const char *domain_target;
  gboolean role;
} PivotCase;

static void
test_pivots (void)
{
  static const PivotCase pivots[] = {
    { "John.Doe+spam@gmail.com", "john.doe", NULL, NULL, FALSE },
    { "jdoe42@proton.me", "jdoe42", NULL, NULL, FALSE },
    { "ann@acme-corp.example", "ann", NULL, "acme-corp.example", FALSE },
    { "info@acme-corp.example", NULL, "role account", "acme-corp.example", TRUE },
    { "Contact+web@acme-corp.example", NULL, "role account", "acme-corp.example", TRUE },
    { "no-reply@acme-corp.example", NULL, "role account", "acme-corp.example", TRUE },
    { "postmaster@gmail.com", NULL, "role account", NULL, TRUE },
    { "0612345678@orange.fr", NULL, "only digits", NULL, FALSE },
    { "x@acme-corp.example", NULL, "too short", "acme-corp.example", FALSE },
    { "a!b@acme-corp.example", NULL, "“!”", "acme-corp.example", FALSE },
    { "ann@mailinator.com", "ann", NULL, NULL, FALSE },
    { "ann@inbox.mailinator.com", "ann", NULL, NULL, FALSE },
    { "ann@harvard.edu", "ann", NULL, "harvard.edu", FALSE },
    { "ann@comcast.net", "ann", NULL, NULL, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (pivots); i++)
    {
      const PivotCase *c = &pivots[i];
      g_autoptr (GError) error = NULL;
      g_autoptr (AuraEmailAddress) address =
          aura_email_parse_full (data (), c->input, -1, 0, &error);

      g_test_message ("%s", c->input);
      g_assert_no_error (error);
      g_assert_cmpstr (address->username, ==, c->username);
      if (c->refusal != NULL)
        g_assert_nonnull (strstr (address->username_refusal, c->refusal));
      else
        g_assert_null (address->username_refusal);
      g_assert_cmpstr (address->domain_target, ==, c->domain_target);
      g_assert_cmpint (!!(address->flags & AURA_EMAIL_ADDRESS_ROLE), ==, c->role);
    }
}

static void
test_hostile (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) big = g_string_new (NULL);
  g_autoptr (GString) long_domain = g_string_new ("user@");
  AuraEmailAddress *address;
  const char with_nul[] = "user\0evil@example.com";

  /* 10 kB of text is refused at once, without being read. */
  for (guint i = 0; i < 10240; i++)
    g_string_append_c (big, 'a');
  g_string_append (big, "@example.com");
  address = aura_email_parse_full (data (), big->str, -1, 0, &error);
  g_assert_null (address);
  g_assert_error (error, AURA_EMAIL_ERROR, AURA_EMAIL_ERROR_TOO_LONG);
  g_assert_nonnull (strstr (error->message, "10252 bytes"));
  g_clear_error (&error);

  /* A NUL byte inside the text. */
  address = aura_email_parse_full (data (), with_nul, sizeof with_nul - 1, 0, &error);
  g_assert_null (address);
  g_assert_error (error, AURA_EMAIL_ERROR, AURA_EMAIL_ERROR_ENCODING);
  g_assert_nonnull (strstr (error->message, "NUL byte (at byte 5)"));
  g_clear_error (&error);

  /* Over 254 bytes in all, each label legal. */
  for (guint i = 0; i < 4; i++)
    g_string_append (long_domain,
                     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.");
  g_string_append (long_domain, "com");
  address = aura_email_parse_full (data (), long_domain->str, -1, 0, &error);
  g_assert_null (address);
  g_assert_error (error, AURA_EMAIL_ERROR, AURA_EMAIL_ERROR_TOO_LONG);
  g_clear_error (&error);

  /* Every prefix of a valid address with multi-byte characters either
   * parses or fails with an error, never crashes. */
  {
    const char *text = "\"Ann\" <ännä+x@bücher.例え.テスト> (c)";
    gsize len = strlen (text);

    for (gsize i = 0; i <= len; i++)
      {
        g_autoptr (AuraEmailAddress) part =
            aura_email_parse_full (data (), text, (gssize)i, AURA_EMAIL_PARSE_STRIP, &error);

        g_assert_true ((part == NULL) != (error == NULL));
        g_clear_error (&error);
      }
  }
}

static void
test_without_data (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraEmailAddress) address =
      aura_email_parse_full (NULL, "Info+x@Gmail.com", -1, 0, &error);

  g_assert_no_error (error);
  g_assert_null (address->provider);
  g_assert_cmpstr (address->canonical, ==, "info+x@gmail.com");
  g_assert_cmpstr (address->username, ==, "info");
  g_assert_cmpstr (address->domain_target, ==, "gmail.com");
}

static void
test_json (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraEmailAddress) address =
      aura_email_parse_full (data (), "J.Doe+x@gmail.com", -1, 0, &error);
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  node = aura_email_address_to_json (address);
  text = json_to_string (node, FALSE);
  g_assert_nonnull (strstr (text, "\"canonical\":\"jdoe@gmail.com\""));
  g_assert_nonnull (strstr (text, "\"kind\":\"free-webmail\""));
  g_assert_nonnull (strstr (text, "\"username\":\"j.doe\""));
  g_assert_nonnull (strstr (text, "\"domain\":null"));
}

static void
test_default (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraEmailAddress) address = aura_email_parse ("ann@gmail.com", 0, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (address->provider->id, ==, "gmail");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/email/parse/table", test_table);
  g_test_add_func ("/email/parse/fields", test_fields);
  g_test_add_func ("/email/parse/canonical-per-provider", test_canonical);
  g_test_add_func ("/email/parse/pivots-and-roles", test_pivots);
  g_test_add_func ("/email/parse/hostile-input", test_hostile);
  g_test_add_func ("/email/parse/without-data", test_without_data);
  g_test_add_func ("/email/parse/json", test_json);
  g_test_add_func ("/email/parse/bundled-data", test_default);
  return g_test_run ();
}
