/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include <locale.h>
#include <string.h>

#include "aura.h"

/* Entity types: names, labels, and the normalisation that decides when two
 * values are the same entity. The tables list what people and tools really
 * produce, including the look-alike tricks identities are spoofed with. */

typedef struct
{
  AuraEntityType type;
  const char *input;
  const char *key;
  const char *display;
} Accepted;

typedef struct
{
  AuraEntityType type;
  const char *input;
  /* A word the message must contain, so it says what is wrong. */
  const char *mentions;
} Rejected;

static const Accepted accepted[] = {
  /* username */
  { AURA_ENTITY_USERNAME, "alice", "alice", "alice" },
  { AURA_ENTITY_USERNAME, "@Alice", "alice", "Alice" },
  { AURA_ENTITY_USERNAME, "  Alice_99 \n", "alice_99", "Alice_99" },
  { AURA_ENTITY_USERNAME, "\u00a0bob\u3000", "bob", "bob" },
  { AURA_ENTITY_USERNAME, "alice@mastodon.social", "alice@mastodon.social",
    "alice@mastodon.social" },
  { AURA_ENTITY_USERNAME, "Jos\u00e9", "jos\u00e9", "Jos\u00e9" },
  { AURA_ENTITY_USERNAME, "Jose\u0301", "jos\u00e9", "Jos\u00e9" },
  { AURA_ENTITY_USERNAME, "STRASSE", "strasse", "STRASSE" },
  { AURA_ENTITY_USERNAME, "Stra\u00dfe", "strasse", "Stra\u00dfe" },
  { AURA_ENTITY_USERNAME, "\uff41\uff4c\uff49\uff43\uff45", "\uff41\uff4c\uff49\uff43\uff45",
    "\uff41\uff4c\uff49\uff43\uff45" },
  { AURA_ENTITY_USERNAME, "\u0430lice", "\u0430lice", "\u0430lice" },
  { AURA_ENTITY_USERNAME, "\u5c71\u7530", "\u5c71\u7530", "\u5c71\u7530" },
  /* email */
  { AURA_ENTITY_EMAIL, "alice@example.com", "alice@example.com", "alice@example.com" },
  { AURA_ENTITY_EMAIL, " Alice.Smith@Example.COM ", "alice.smith@example.com",
    "Alice.Smith@example.com" },
  { AURA_ENTITY_EMAIL, "a+tag@sub.example.co.uk.", "a+tag@sub.example.co.uk",
    "a+tag@sub.example.co.uk" },
  { AURA_ENTITY_EMAIL, "hans@M\u00fcnchen.de", "hans@xn--mnchen-3ya.de", "hans@m\u00fcnchen.de" },
  { AURA_ENTITY_EMAIL, "j\u00f6rg@example.org", "j\u00f6rg@example.org", "j\u00f6rg@example.org" },
  { AURA_ENTITY_EMAIL, "x@corp.internal", "x@corp.internal", "x@corp.internal" },
  /* phone */
  { AURA_ENTITY_PHONE, "+33 1 23 45 67 89", "+33123456789", "+33 1 23 45 67 89" },
  { AURA_ENTITY_PHONE, "0033 1 23 45 67 89", "+33123456789", "0033 1 23 45 67 89" },
  { AURA_ENTITY_PHONE, "+33 (0)1-23.45.67.89", "+33123456789", "+33 (0)1-23.45.67.89" },
  { AURA_ENTITY_PHONE, "+1 (800) 555-0100", "+18005550100", "+1 (800) 555-0100" },
  { AURA_ENTITY_PHONE, "+1.800.555.0100", "+18005550100", "+1.800.555.0100" },
  { AURA_ENTITY_PHONE, "+1 800 555 0100 ext. 42", "+18005550100", "+1 800 555 0100 ext. 42" },
  { AURA_ENTITY_PHONE, "+1 800 555 0100 x42", "+18005550100", "+1 800 555 0100 ext. 42" },
  { AURA_ENTITY_PHONE, "01 23 45 67 89", "0123456789", "01 23 45 67 89" },
  { AURA_ENTITY_PHONE, "(020)  7946 0018", "02079460018", "(020) 7946 0018" },
  { AURA_ENTITY_PHONE, "112", "112", "112" },
  { AURA_ENTITY_PHONE, "+\u0669\u0667\u0661 50 123 4567", "+971501234567",
    "+\u0669\u0667\u0661 50 123 4567" },
  { AURA_ENTITY_PHONE, "+\uff14\uff19 30 123456", "+4930123456", "+\uff14\uff19 30 123456" },
  /* domain */
  { AURA_ENTITY_DOMAIN, "example.com", "example.com", "example.com" },
  { AURA_ENTITY_DOMAIN, "Example.COM.", "example.com", "example.com" },
  { AURA_ENTITY_DOMAIN, "m\u00fcnchen.de", "xn--mnchen-3ya.de", "m\u00fcnchen.de" },
  { AURA_ENTITY_DOMAIN, "M\u00dcNCHEN.DE", "xn--mnchen-3ya.de", "m\u00fcnchen.de" },
  { AURA_ENTITY_DOMAIN, "xn--mnchen-3ya.de", "xn--mnchen-3ya.de", "xn--mnchen-3ya.de" },
  { AURA_ENTITY_DOMAIN, "fa\u00df.de", "xn--fa-hia.de", "fa\u00df.de" },
  { AURA_ENTITY_DOMAIN, "\u4f8b\u3048\u3002jp", "xn--r8jz45g.jp", "\u4f8b\u3048.jp" },
  { AURA_ENTITY_DOMAIN, "example.co.uk", "example.co.uk", "example.co.uk" },
  { AURA_ENTITY_DOMAIN, "github.io", "github.io", "github.io" },
  { AURA_ENTITY_DOMAIN, "alice.github.io", "alice.github.io", "alice.github.io" },
  { AURA_ENTITY_DOMAIN, "corp.internal", "corp.internal", "corp.internal" },
  { AURA_ENTITY_DOMAIN, "p\u0430ypal.com", "xn--pypal-4ve.com", "p\u0430ypal.com" },
  { AURA_ENTITY_DOMAIN, "a-b.example", "a-b.example", "a-b.example" },
  /* IDNA 2003 (the transitional fallback) accepts emoji, and such domains
   * are registered and used in phishing. */
  { AURA_ENTITY_DOMAIN, "\U0001F600.com", "xn--e28h.com", "\U0001F600.com" },
  /* subdomain */
  { AURA_ENTITY_SUBDOMAIN, "www.example.com", "www.example.com", "www.example.com" },
  { AURA_ENTITY_SUBDOMAIN, "_dmarc.example.com", "_dmarc.example.com", "_dmarc.example.com" },
  { AURA_ENTITY_SUBDOMAIN, "Mail.Example.co.uk.", "mail.example.co.uk", "mail.example.co.uk" },
  { AURA_ENTITY_SUBDOMAIN, "a.b.c.example.org", "a.b.c.example.org", "a.b.c.example.org" },
  { AURA_ENTITY_SUBDOMAIN, "www.m\u00fcnchen.de", "www.xn--mnchen-3ya.de", "www.m\u00fcnchen.de" },
  { AURA_ENTITY_SUBDOMAIN, "dc1.corp.internal", "dc1.corp.internal", "dc1.corp.internal" },
  /* ip */
  { AURA_ENTITY_IP, "192.0.2.1", "192.0.2.1", "192.0.2.1" },
  { AURA_ENTITY_IP, "0.0.0.0", "0.0.0.0", "0.0.0.0" },
  { AURA_ENTITY_IP, "255.255.255.255", "255.255.255.255", "255.255.255.255" },
  { AURA_ENTITY_IP, "2001:DB8:0:0:0:0:0:1", "2001:db8::1", "2001:db8::1" },
  { AURA_ENTITY_IP, "2001:0db8::0001", "2001:db8::1", "2001:db8::1" },
  { AURA_ENTITY_IP, "[::1]", "::1", "::1" },
  { AURA_ENTITY_IP, "::", "::", "::" },
  { AURA_ENTITY_IP, "::ffff:192.0.2.1", "::ffff:192.0.2.1", "::ffff:192.0.2.1" },
  { AURA_ENTITY_IP, " fe80::1 ", "fe80::1", "fe80::1" },
  /* url */
  { AURA_ENTITY_URL, "https://example.com", "https://example.com/", "https://example.com/" },
  { AURA_ENTITY_URL, "HTTPS://Example.COM:443/a/./b/../c?q=1#top", "https://example.com/a/c?q=1",
    "https://example.com/a/c?q=1#top" },
  { AURA_ENTITY_URL, "example.com/page", "https://example.com/page", "https://example.com/page" },
  { AURA_ENTITY_URL, "localhost:8080", "https://localhost:8080/", "https://localhost:8080/" },
  { AURA_ENTITY_URL, "http://example.com:80/x", "http://example.com/x", "http://example.com/x" },
  { AURA_ENTITY_URL, "http://example.com:8080/x", "http://example.com:8080/x",
    "http://example.com:8080/x" },
  { AURA_ENTITY_URL, "https://m\u00fcnchen.de/\u00e4", "https://xn--mnchen-3ya.de/%C3%A4",
    "https://m\u00fcnchen.de/%C3%A4" },
  { AURA_ENTITY_URL, "https://example.com/%7Ealice/%2F", "https://example.com/~alice/%2F",
    "https://example.com/~alice/%2F" },
  { AURA_ENTITY_URL, "https://user:secret@example.com/", "https://user:secret@example.com/",
    "https://user:secret@example.com/" },
  { AURA_ENTITY_URL, "http://[2001:DB8::1]:80/", "http://[2001:db8::1]/", "http://[2001:db8::1]/" },
  { AURA_ENTITY_URL, "ftp://files.example.org/pub", "ftp://files.example.org/pub",
    "ftp://files.example.org/pub" },
  { AURA_ENTITY_URL, "wss://chat.example.net/socket", "wss://chat.example.net/socket",
    "wss://chat.example.net/socket" },
  { AURA_ENTITY_URL, "http://duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion/",
    "http://duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion/",
    "http://duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion/" },
  { AURA_ENTITY_URL, "https://example.com/a b", "https://example.com/a%20b",
    "https://example.com/a%20b" },
  /* account */
  { AURA_ENTITY_ACCOUNT, "github:alice", "github:alice", "github:alice" },
  { AURA_ENTITY_ACCOUNT, "GitHub: Alice ", "github:alice", "github:Alice" },
  { AURA_ENTITY_ACCOUNT, "mastodon.social:@Bob", "mastodon.social:bob", "mastodon.social:Bob" },
  { AURA_ENTITY_ACCOUNT, "x:jos\u00e9", "x:jos\u00e9", "x:jos\u00e9" },
  /* person, organisation, document */
  { AURA_ENTITY_PERSON, "  Ada   Lovelace ", "ada lovelace", "Ada Lovelace" },
  { AURA_ENTITY_PERSON, "Ada\tLovelace\n", "ada lovelace", "Ada Lovelace" },
  { AURA_ENTITY_PERSON, "Ren\u00e9e Dupont", "ren\u00e9e dupont", "Ren\u00e9e Dupont" },
  { AURA_ENTITY_PERSON, "Rene\u0301e Dupont", "ren\u00e9e dupont", "Ren\u00e9e Dupont" },
  { AURA_ENTITY_PERSON, "Alex \U0001F469\u200D\U0001F4BB", "alex \U0001F469\u200D\U0001F4BB",
    "Alex \U0001F469\u200D\U0001F4BB" },
  { AURA_ENTITY_PERSON, "\u0645\u062d\u0645\u062f \u0639\u0644\u064a",
    "\u0645\u062d\u0645\u062f \u0639\u0644\u064a", "\u0645\u062d\u0645\u062f \u0639\u0644\u064a" },
  { AURA_ENTITY_ORGANISATION, "ACME  Corp.", "acme corp.", "ACME Corp." },
  { AURA_ENTITY_DOCUMENT, "Annual Report 2024.pdf", "annual report 2024.pdf",
    "Annual Report 2024.pdf" },
  /* location */
  { AURA_ENTITY_LOCATION, "48.8584, 2.2945", "48.858400,2.294500", "48.858400, 2.294500" },
  { AURA_ENTITY_LOCATION, "48.8584,2.2945", "48.858400,2.294500", "48.858400, 2.294500" },
  { AURA_ENTITY_LOCATION, "-33.8688 , 151.2093", "-33.868800,151.209300",
    "-33.868800, 151.209300" },
  { AURA_ENTITY_LOCATION, "+90,-180", "90.000000,-180.000000", "90.000000, -180.000000" },
  { AURA_ENTITY_LOCATION, "-0.0000001, 0", "0.000000,0.000000", "0.000000, 0.000000" },
  { AURA_ENTITY_LOCATION, "Paris,  France", "paris, france", "Paris, France" },
  { AURA_ENTITY_LOCATION, "221B Baker Street", "221b baker street", "221B Baker Street" },
  /* image, video */
  { AURA_ENTITY_IMAGE, "https://example.com/a.jpg#x", "https://example.com/a.jpg",
    "https://example.com/a.jpg#x" },
  { AURA_ENTITY_IMAGE, "sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
    "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
  { AURA_ENTITY_IMAGE, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
  { AURA_ENTITY_IMAGE, "IMG_0042.JPG", "IMG_0042.JPG", "IMG_0042.JPG" },
  { AURA_ENTITY_VIDEO, "clips/Protest 2024.mp4", "clips/Protest 2024.mp4",
    "clips/Protest 2024.mp4" },
  /* hashtag */
  { AURA_ENTITY_HASHTAG, "#OSINT", "osint", "#OSINT" },
  { AURA_ENTITY_HASHTAG, "osint", "osint", "#osint" },
  { AURA_ENTITY_HASHTAG, "#caf\u00e9", "caf\u00e9", "#caf\u00e9" },
  { AURA_ENTITY_HASHTAG, "#cafe\u0301", "caf\u00e9", "#caf\u00e9" },
  /* identifier */
  { AURA_ENTITY_IDENTIFIER, " G-ABC123XYZ ", "g-abc123xyz", "G-ABC123XYZ" },
  { AURA_ENTITY_IDENTIFIER, "ca-pub-1234567890123456", "ca-pub-1234567890123456",
    "ca-pub-1234567890123456" },
  { AURA_ENTITY_IDENTIFIER, "UA-12345-1", "ua-12345-1", "UA-12345-1" },
  /* network */
  { AURA_ENTITY_NETWORK, "192.0.2.77/24", "192.0.2.0/24", "192.0.2.0/24" },
  { AURA_ENTITY_NETWORK, "10.1.2.3/0", "0.0.0.0/0", "0.0.0.0/0" },
  { AURA_ENTITY_NETWORK, "203.0.113.9/32", "203.0.113.9/32", "203.0.113.9/32" },
  { AURA_ENTITY_NETWORK, "2001:DB8:ABCD:12::1/52", "2001:db8:abcd::/52", "2001:db8:abcd::/52" },
  { AURA_ENTITY_NETWORK, "104.16.0.0/12", "104.16.0.0/12", "104.16.0.0/12" },
  /* certificate */
  { AURA_ENTITY_CERTIFICATE,
    "E3:B0:C4:42:98:FC:1C:14:9A:FB:F4:C8:99:6F:B9:24:"
    "27:AE:41:E4:64:9B:93:4C:A4:95:99:1B:78:52:B8:55",
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "E3:B0:C4:42:98:FC:1C:14:9A:FB:F4:C8:99:6F:B9:24:27:AE:41:E4:64:9B:93:4C:A4:95:99:1B:78:52:"
    "B8:55" },
  { AURA_ENTITY_CERTIFICATE, "sha1: da39a3ee 5e6b4b0d 3255bfef 95601890 afd80709",
    "da39a3ee5e6b4b0d3255bfef95601890afd80709",
    "DA:39:A3:EE:5E:6B:4B:0D:32:55:BF:EF:95:60:18:90:AF:D8:07:09" },
  /* asn */
  { AURA_ENTITY_ASN, "AS13335", "AS13335", "AS13335" },
  { AURA_ENTITY_ASN, "as13335", "AS13335", "AS13335" },
  { AURA_ENTITY_ASN, "13335", "AS13335", "AS13335" },
  { AURA_ENTITY_ASN, "AS 64512", "AS64512", "AS64512" },
  { AURA_ENTITY_ASN, "4294967295", "AS4294967295", "AS4294967295" },
  { AURA_ENTITY_ASN, "1.10", "AS65546", "AS65546" },
};

static const Rejected rejected[] = {
  /* every type */
  { AURA_ENTITY_PERSON, "", "empty" },
  { AURA_ENTITY_PERSON, " \t\n\u00a0\u3000 ", "empty" },
  { AURA_ENTITY_PERSON, "Ada\aLovelace", "U+0007" },
  { AURA_ENTITY_PERSON, "Ada\xc2\x85Lovelace", "U+0085" },
  { AURA_ENTITY_DOCUMENT, "report\x7f", "U+007F" },
  { AURA_ENTITY_ORGANISATION, "\001ACME", "U+0001" },
  /* username */
  { AURA_ENTITY_USERNAME, "@", "@" },
  { AURA_ENTITY_USERNAME, "@@alice", "@" },
  { AURA_ENTITY_USERNAME, "alice smith", "spaces" },
  { AURA_ENTITY_USERNAME, "alice\u202Eecila", "U+202E" },
  { AURA_ENTITY_USERNAME, "ali\u200Dce", "U+200D" },
  { AURA_ENTITY_USERNAME, "ali\u200Bce", "U+200B" },
  { AURA_ENTITY_USERNAME, "\uFEFFalice", "U+FEFF" },
  { AURA_ENTITY_USERNAME, "alice\u2066x\u2069", "U+2066" },
  { AURA_ENTITY_USERNAME, "alice\tsmith", "U+0009" },
  /* email */
  { AURA_ENTITY_EMAIL, "alice.example.com", "exactly one" },
  { AURA_ENTITY_EMAIL, "alice@@example.com", "exactly one" },
  { AURA_ENTITY_EMAIL, "a@b@example.com", "exactly one" },
  { AURA_ENTITY_EMAIL, "@example.com", "nothing before" },
  { AURA_ENTITY_EMAIL, "alice@", "nothing after" },
  { AURA_ENTITY_EMAIL, ".alice@example.com", "dot" },
  { AURA_ENTITY_EMAIL, "alice.@example.com", "dot" },
  { AURA_ENTITY_EMAIL, "al..ice@example.com", "dot" },
  { AURA_ENTITY_EMAIL, "\"al ice\"@example.com", NULL },
  { AURA_ENTITY_EMAIL, "\"alice\"@example.com", "quoted" },
  { AURA_ENTITY_EMAIL, "ali(ce)@example.com", "(" },
  { AURA_ENTITY_EMAIL, "alice@example", "two parts" },
  { AURA_ENTITY_EMAIL, "alice@exa mple.com", "spaces" },
  { AURA_ENTITY_EMAIL, "alice@[192.0.2.1]", "IP address" },
  { AURA_ENTITY_EMAIL,
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@example.com", "64" },
  { AURA_ENTITY_EMAIL, "ali\u200Bce@example.com", "U+200B" },
  { AURA_ENTITY_EMAIL, "alice@ex_ample.com", "_" },
  /* phone */
  { AURA_ENTITY_PHONE, "1-800-FLOWERS", "1-800-3569377" },
  { AURA_ENTITY_PHONE, "call me", "digits" },
  { AURA_ENTITY_PHONE, "+33 1 23", "8 to 15" },
  { AURA_ENTITY_PHONE, "+1234567890123456", "8 to 15" },
  { AURA_ENTITY_PHONE, "+0 123 456 789", "0" },
  { AURA_ENTITY_PHONE, "12", "3 to 15" },
  { AURA_ENTITY_PHONE, "555*1234", "*" },
  { AURA_ENTITY_PHONE, "+33 1 23+45 67 89", "+" },
  { AURA_ENTITY_PHONE, "\u0442\u0435\u043b 123", "digits" },
  /* domain */
  { AURA_ENTITY_DOMAIN, "exa mple.com", "spaces are not allowed" },
  { AURA_ENTITY_DOMAIN, "https://example.com/", "URL" },
  { AURA_ENTITY_DOMAIN, "example.com/path", "URL" },
  { AURA_ENTITY_DOMAIN, "alice@example.com", "email" },
  { AURA_ENTITY_DOMAIN, "example.com:443", "port" },
  { AURA_ENTITY_DOMAIN, "192.0.2.1", "IP address" },
  { AURA_ENTITY_DOMAIN, "co.uk", "public suffix" },
  { AURA_ENTITY_DOMAIN, "com", "two parts" },
  { AURA_ENTITY_DOMAIN, "localhost", "two parts" },
  { AURA_ENTITY_DOMAIN, "www.example.com", "subdomain" },
  { AURA_ENTITY_DOMAIN, "_dmarc.example.com", "_" },
  { AURA_ENTITY_DOMAIN, "example..com", "empty part" },
  { AURA_ENTITY_DOMAIN, ".example.com", "empty part" },
  { AURA_ENTITY_DOMAIN, "example.com..", "empty part" },
  { AURA_ENTITY_DOMAIN, ".", "not a domain name" },
  { AURA_ENTITY_DOMAIN, "-example.com", "-" },
  { AURA_ENTITY_DOMAIN, "example-.com", "-" },
  { AURA_ENTITY_DOMAIN, "exa!mple.com", "!" },
  { AURA_ENTITY_DOMAIN, "1.2.3", "digits" },
  { AURA_ENTITY_DOMAIN, "xn--zz.com", "punycode" },
  { AURA_ENTITY_DOMAIN, "exa\uFFFDmple.com", "refused" },
  { AURA_ENTITY_DOMAIN, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com",
    "63" },
  { AURA_ENTITY_DOMAIN, "exa\u200Bmple.com", "U+200B" },
  { AURA_ENTITY_DOMAIN, "example\u202Emoc.com", "U+202E" },
  /* subdomain */
  { AURA_ENTITY_SUBDOMAIN, "example.com", "add it as a domain" },
  { AURA_ENTITY_SUBDOMAIN, "co.uk", "public suffix" },
  { AURA_ENTITY_SUBDOMAIN, "www.ex_ample.com", "_" },
  { AURA_ENTITY_SUBDOMAIN, "host", "two parts" },
  /* ip */
  { AURA_ENTITY_IP, "1.2.3", "four numbers" },
  { AURA_ENTITY_IP, "1.2.3.4.5", "four numbers" },
  { AURA_ENTITY_IP, "01.2.3.4", "leading" },
  { AURA_ENTITY_IP, "1.2.3.010", "octal" },
  { AURA_ENTITY_IP, "256.1.1.1", "0 to 255" },
  { AURA_ENTITY_IP, "1.2.3.-4", "0 to 255" },
  { AURA_ENTITY_IP, "1.2.3.4/24", "0 to 255" },
  { AURA_ENTITY_IP, "0x7f.0.0.1", "domain" },
  { AURA_ENTITY_IP, "2001:db8::g", "IPv6" },
  { AURA_ENTITY_IP, "1:2:3:4:5:6:7:8:9", "IPv6" },
  { AURA_ENTITY_IP, "fe80::1%eth0", "zone" },
  { AURA_ENTITY_IP, "example.com", "domain" },
  { AURA_ENTITY_IP, "1.2.3.4\u200B", "U+200B" },
  /* url */
  { AURA_ENTITY_URL, "mailto:alice@example.com", "mailto" },
  { AURA_ENTITY_URL, "javascript:alert(1)", "javascript" },
  { AURA_ENTITY_URL, "file:///etc/passwd", "file" },
  { AURA_ENTITY_URL, "gopher://example.com/", "gopher" },
  { AURA_ENTITY_URL, "/just/a/path", "host" },
  { AURA_ENTITY_URL, "https://exa mple.com/", "spaces" },
  { AURA_ENTITY_URL, "https://example.com:99999/", "99999" },
  { AURA_ENTITY_URL, "https://example.com/%zz", NULL },
  { AURA_ENTITY_URL, "https:///path", "host" },
  { AURA_ENTITY_URL, "https://exa\u202Emple.com/", "U+202E" },
  { AURA_ENTITY_URL, "https://01.2.3.4/", "octal" },
  /* account */
  { AURA_ENTITY_ACCOUNT, "alice", "service:handle" },
  { AURA_ENTITY_ACCOUNT, ":alice", "service" },
  { AURA_ENTITY_ACCOUNT, "github:", "handle" },
  { AURA_ENTITY_ACCOUNT, "git hub:alice", "letters" },
  { AURA_ENTITY_ACCOUNT, "github:alice smith", "spaces" },
  { AURA_ENTITY_ACCOUNT, "https://github.com/alice", "URL" },
  { AURA_ENTITY_ACCOUNT, "github:ali\u200Dce", "U+200D" },
  /* location */
  { AURA_ENTITY_LOCATION, "91, 0", "latitude" },
  { AURA_ENTITY_LOCATION, "-90.5, 0", "latitude" },
  { AURA_ENTITY_LOCATION, "45, 180.0001", "longitude" },
  { AURA_ENTITY_LOCATION, "48,8584, 2,2945", "dot" },
  { AURA_ENTITY_LOCATION, "48.8584", "comma" },
  /* image, video */
  { AURA_ENTITY_IMAGE, "sha256:1234", "64" },
  { AURA_ENTITY_IMAGE, "sha1:da39a3ee5e6b4b0d3255bfef95601890afd80709", "SHA-1" },
  { AURA_ENTITY_IMAGE, "mailto://x", "mailto" },
  { AURA_ENTITY_VIDEO, "clip\u202Ekcod.exe", "U+202E" },
  /* hashtag */
  { AURA_ENTITY_HASHTAG, "#", "#" },
  { AURA_ENTITY_HASHTAG, "#two words", "spaces" },
  { AURA_ENTITY_HASHTAG, "#one#two", "#" },
  { AURA_ENTITY_HASHTAG, "#osi\u200Bnt", "U+200B" },
  /* identifier */
  { AURA_ENTITY_IDENTIFIER, "G-ABC 123", "spaces" },
  { AURA_ENTITY_IDENTIFIER, "GTM-\u200BX", "U+200B" },
  /* network */
  { AURA_ENTITY_NETWORK, "192.0.2.0", "prefix" },
  { AURA_ENTITY_NETWORK, "192.0.2.0/33", "0 to 32" },
  { AURA_ENTITY_NETWORK, "2001:db8::/129", "0 to 128" },
  { AURA_ENTITY_NETWORK, "192.0.2.0/-1", "0 to 32" },
  { AURA_ENTITY_NETWORK, "192.0.2.0/24x", "0 to 32" },
  { AURA_ENTITY_NETWORK, "example.com/24", "IP" },
  /* certificate */
  { AURA_ENTITY_CERTIFICATE, "e3b0c442", "64" },
  { AURA_ENTITY_CERTIFICATE, "zz:b0", "hexadecimal" },
  { AURA_ENTITY_CERTIFICATE,
    "sha1:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "40" },
  /* asn */
  { AURA_ENTITY_ASN, "AS0", "AS0" },
  { AURA_ENTITY_ASN, "0", "AS0" },
  { AURA_ENTITY_ASN, "AS4294967296", "4294967295" },
  { AURA_ENTITY_ASN, "AS99999999999999999999999", "4294967295" },
  { AURA_ENTITY_ASN, "AS-1", "AS13335" },
  { AURA_ENTITY_ASN, "ASN", "AS13335" },
  { AURA_ENTITY_ASN, "AS", "AS13335" },
  { AURA_ENTITY_ASN, "65536.1", "65535" },
};

/* Normalising a value must give the same key as normalising its display
 * or its key again: the store re-normalises what it shows. */
static void
assert_stable (AuraEntityType type, const char *key, const char *display)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *again = aura_entity_normalize (type, display, NULL, &error);
  g_autofree char *from_key = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, key);
  /* Hashtag and username keys drop their “#”/“@”, media hashes keep a
   * prefix, so only types whose key is itself a valid input are checked. */
  if (type == AURA_ENTITY_PERSON || type == AURA_ENTITY_ORGANISATION || type == AURA_ENTITY_ASN ||
      type == AURA_ENTITY_DOMAIN || type == AURA_ENTITY_SUBDOMAIN || type == AURA_ENTITY_IP ||
      type == AURA_ENTITY_URL || type == AURA_ENTITY_EMAIL || type == AURA_ENTITY_PHONE ||
      type == AURA_ENTITY_CERTIFICATE || type == AURA_ENTITY_LOCATION)
    {
      from_key = aura_entity_normalize (type, key, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (from_key, ==, key);
    }
}

static void
test_accepts (gconstpointer data)
{
  AuraEntityType type = GPOINTER_TO_UINT (data);
  guint checked = 0;

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      const Accepted *c = &accepted[i];
      g_autoptr (GError) error = NULL;
      g_autofree char *display = NULL;
      g_autofree char *key = NULL;

      if (c->type != type)
        continue;
      g_test_message ("accepting %s “%s”", aura_entity_type_to_string (type), c->input);
      key = aura_entity_normalize (type, c->input, &display, &error);
      g_assert_no_error (error);
      g_assert_nonnull (key);
      g_assert_true (g_utf8_validate (key, -1, NULL));
      g_assert_true (g_utf8_validate (display, -1, NULL));
      if (c->key != NULL)
        {
          g_assert_cmpstr (key, ==, c->key);
          g_assert_cmpstr (display, ==, c->display);
        }
      assert_stable (type, key, display);
      checked++;
    }
  g_assert_cmpuint (checked, >, 0);
}

static void
test_rejects (gconstpointer data)
{
  AuraEntityType type = GPOINTER_TO_UINT (data);
  guint checked = 0;

  for (guint i = 0; i < G_N_ELEMENTS (rejected); i++)
    {
      const Rejected *c = &rejected[i];
      g_autoptr (GError) error = NULL;
      char *display = (char *)"untouched";
      g_autofree char *key = NULL;

      if (c->type != type)
        continue;
      g_test_message ("rejecting %s “%s”", aura_entity_type_to_string (type), c->input);
      key = aura_entity_normalize (type, c->input, &display, &error);
      g_assert_null (key);
      g_assert_error (error, AURA_ENTITY_ERROR, AURA_ENTITY_ERROR_INVALID);
      g_assert_cmpstr (display, ==, "untouched");
      g_assert_cmpuint (strlen (error->message), >, 10);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      if (c->mentions != NULL && strstr (error->message, c->mentions) == NULL)
        g_error ("the message “%s” for “%s” does not mention “%s”", error->message, c->input,
                 c->mentions);
      checked++;
    }
  g_assert_cmpuint (checked, >, 0);
}

static void
test_names_round_trip (void)
{
  for (guint i = 0; i < AURA_ENTITY_N_TYPES; i++)
    {
      const char *name = aura_entity_type_to_string (i);
      g_autofree char *upper = g_ascii_strup (name, -1);
      AuraEntityType type = AURA_ENTITY_N_TYPES;

      g_assert_nonnull (name);
      g_assert_true (aura_entity_type_from_string (name, &type, NULL));
      g_assert_cmpuint (type, ==, i);
      type = AURA_ENTITY_N_TYPES;
      g_assert_true (aura_entity_type_from_string (upper, &type, NULL));
      g_assert_cmpuint (type, ==, i);
    }
  /* The stable names are part of the file format. */
  g_assert_cmpstr (aura_entity_type_to_string (AURA_ENTITY_USERNAME), ==, "username");
  g_assert_cmpstr (aura_entity_type_to_string (AURA_ENTITY_ORGANISATION), ==, "organisation");
  g_assert_cmpstr (aura_entity_type_to_string (AURA_ENTITY_DOCUMENT), ==, "document");
}

static void
test_aliases (void)
{
  static const struct
  {
    const char *alias;
    AuraEntityType type;
  } aliases[] = {
    { "organization", AURA_ENTITY_ORGANISATION },
    { "Org", AURA_ENTITY_ORGANISATION },
    { "host", AURA_ENTITY_SUBDOMAIN },
    { "e-mail", AURA_ENTITY_EMAIL },
    { "IPv6", AURA_ENTITY_IP },
    { "tel", AURA_ENTITY_PHONE },
    { "as", AURA_ENTITY_ASN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    {
      AuraEntityType type = AURA_ENTITY_N_TYPES;

      g_assert_true (aura_entity_type_from_string (aliases[i].alias, &type, NULL));
      g_assert_cmpuint (type, ==, aliases[i].type);
    }
  g_assert_true (aura_entity_type_from_string ("email", NULL, NULL));
}

static void
test_unknown_type (void)
{
  static const char *const names[] = { "", "planet", "user name", "emails", "\xff\xfe", "ip " };
  g_autofree char *huge = g_strnfill (100000, 'x');

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr (GError) error = NULL;
      AuraEntityType type = AURA_ENTITY_DOMAIN;

      g_assert_false (aura_entity_type_from_string (names[i], &type, &error));
      g_assert_error (error, AURA_ENTITY_ERROR, AURA_ENTITY_ERROR_UNKNOWN_TYPE);
      g_assert_cmpuint (type, ==, AURA_ENTITY_DOMAIN);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_nonnull (strstr (error->message, "username"));
    }
  {
    g_autoptr (GError) error = NULL;

    g_assert_false (aura_entity_type_from_string (huge, NULL, &error));
    g_assert_error (error, AURA_ENTITY_ERROR, AURA_ENTITY_ERROR_UNKNOWN_TYPE);
    g_assert_cmpuint (strlen (error->message), <, 1000);
  }
}

static gboolean
icon_in_adwaita (const char *icon_name)
{
  g_autofree char *file = g_strconcat (icon_name, ".svg", NULL);
  g_autoptr (GDir) dir = g_dir_open ("/usr/share/icons/Adwaita/scalable", 0, NULL);
  const char *context;

  while (dir != NULL && (context = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path =
          g_build_filename ("/usr/share/icons/Adwaita/scalable", context, file, NULL);
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        return TRUE;
    }
  return FALSE;
}

static void
test_labels_icons_hints (void)
{
  gboolean have_theme = g_file_test ("/usr/share/icons/Adwaita/scalable", G_FILE_TEST_IS_DIR);

  for (guint i = 0; i < AURA_ENTITY_N_TYPES; i++)
    {
      const char *icon = aura_entity_type_get_icon_name (i);

      g_assert_cmpuint (strlen (aura_entity_type_get_label (i)), >, 1);
      g_assert_cmpuint (strlen (aura_entity_type_get_hint (i)), >, 10);
      g_assert_true (g_str_has_suffix (icon, "-symbolic"));
      if (have_theme && !icon_in_adwaita (icon))
        g_error ("icon %s of %s is not in the Adwaita theme", icon, aura_entity_type_to_string (i));
      for (guint j = 0; j < i; j++)
        g_assert_cmpstr (aura_entity_type_get_label (i), !=, aura_entity_type_get_label (j));
    }
  if (!have_theme)
    g_test_message ("Adwaita icon theme not installed: icon names not checked");
}

static char *
normalize_or_null (AuraEntityType type, const char *value)
{
  return aura_entity_normalize (type, value, NULL, NULL);
}

/* Composed and decomposed “é” are one key; look-alikes from other
 * scripts and full-width forms are other identities and stay apart. */
static void
test_unicode_identity (void)
{
  g_autofree char *composed = normalize_or_null (AURA_ENTITY_USERNAME, "ren\u00e9");
  g_autofree char *decomposed = normalize_or_null (AURA_ENTITY_USERNAME, "rene\u0301");
  g_autofree char *latin = normalize_or_null (AURA_ENTITY_USERNAME, "paypal");
  g_autofree char *cyrillic = normalize_or_null (AURA_ENTITY_USERNAME, "p\u0430yp\u0430l");
  g_autofree char *fullwidth = normalize_or_null (AURA_ENTITY_USERNAME, "\uff50aypal");
  g_autofree char *latin_domain = normalize_or_null (AURA_ENTITY_DOMAIN, "paypal.com");
  g_autofree char *cyrillic_domain = normalize_or_null (AURA_ENTITY_DOMAIN, "p\u0430ypal.com");
  g_autofree char *fullwidth_domain =
      normalize_or_null (AURA_ENTITY_DOMAIN, "\uff50\uff41\uff59\uff50\uff41\uff4c.com");
  g_autofree char *ligature = normalize_or_null (AURA_ENTITY_USERNAME, "\ufb01sh");
  g_autofree char *plain = normalize_or_null (AURA_ENTITY_USERNAME, "fish");

  g_assert_cmpstr (composed, ==, decomposed);
  g_assert_cmpstr (latin, !=, cyrillic);
  g_assert_cmpstr (latin, !=, fullwidth);
  g_assert_cmpstr (latin_domain, !=, cyrillic_domain);
  /* IDNA maps full-width letters to ASCII, so DNS resolves both alike. */
  g_assert_cmpstr (fullwidth_domain, ==, latin_domain);
  /* Case folding expands the “fi” ligature; NFKC is not applied. */
  g_assert_cmpstr (ligature, ==, plain);
}

static void
test_invalid_utf8 (void)
{
  static const char *const inputs[] = {
    "\xff",
    "alice\xc3",
    "\xc3\x28",
    "\xed\xa0\x80",
    "\xf4\x90\x80\x80",
    "a\xc0\xaf"
    "b",
  };

  for (guint t = 0; t < AURA_ENTITY_N_TYPES; t++)
    for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
      {
        g_autoptr (GError) error = NULL;
        g_autofree char *key = aura_entity_normalize (t, inputs[i], NULL, &error);

        g_assert_null (key);
        g_assert_error (error, AURA_ENTITY_ERROR, AURA_ENTITY_ERROR_INVALID);
        g_assert_nonnull (strstr (error->message, "UTF-8"));
      }
}

static void
test_huge_values (void)
{
  g_autofree char *huge = g_strnfill (100 * 1024, 'a');
  g_autofree char *url = g_strconcat ("https://example.com/", huge, NULL);
  g_autofree char *limit = g_strnfill (2048, 'b');
  g_autofree char *over = g_strnfill (2049, 'b');
  g_autofree char *huge_decomposed = NULL;
  g_autoptr (GString) combining = g_string_new (NULL);
  g_autofree char *key = NULL;

  for (guint t = 0; t < AURA_ENTITY_N_TYPES; t++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *k = aura_entity_normalize (t, huge, NULL, &error);

      g_assert_null (k);
      g_assert_error (error, AURA_ENTITY_ERROR, AURA_ENTITY_ERROR_INVALID);
      g_assert_cmpuint (strlen (error->message), <, 400);
    }
  g_assert_null (normalize_or_null (AURA_ENTITY_URL, url));
  key = normalize_or_null (AURA_ENTITY_PERSON, limit);
  g_assert_cmpuint (strlen (key), ==, 2048);
  g_assert_null (normalize_or_null (AURA_ENTITY_PERSON, over));
  /* 2048 “é” typed decomposed are 4096 characters before NFC and fit after. */
  for (guint i = 0; i < 2048; i++)
    g_string_append (combining, "e\u0301");
  huge_decomposed = normalize_or_null (AURA_ENTITY_PERSON, combining->str);
  g_assert_nonnull (huge_decomposed);
  g_assert_cmpuint (g_utf8_strlen (huge_decomposed, -1), ==, 2048);
}

static void
test_phone_formats_share_key (void)
{
  static const char *const forms[] = {
    "+44 20 7946 0018", "0044 20 7946 0018",        "+44 (20) 7946-0018",   "+44.20.7946.0018",
    "+442079460018",    " +44 20 7946 0018 ext. 7", "+44 20 7946 0018 x 7",
  };

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autofree char *key = normalize_or_null (AURA_ENTITY_PHONE, forms[i]);
      g_assert_cmpstr (key, ==, "+442079460018");
    }
}

static void
test_parse_location (void)
{
  double lat = 0, lon = 0;

  g_assert_true (aura_entity_parse_location ("48.8584, 2.2945", &lat, &lon));
  g_assert_cmpfloat_with_epsilon (lat, 48.8584, 1e-9);
  g_assert_cmpfloat_with_epsilon (lon, 2.2945, 1e-9);
  g_assert_true (aura_entity_parse_location (" -90 ,  180 ", &lat, &lon));
  g_assert_cmpfloat (lat, ==, -90.0);
  g_assert_cmpfloat (lon, ==, 180.0);
  g_assert_true (aura_entity_parse_location ("0,0", NULL, NULL));
  g_assert_false (aura_entity_parse_location ("90.0001,0", &lat, &lon));
  g_assert_false (aura_entity_parse_location ("0,-180.5", &lat, &lon));
  g_assert_false (aura_entity_parse_location ("nan,0", &lat, &lon));
  g_assert_false (aura_entity_parse_location ("inf,0", &lat, &lon));
  g_assert_false (aura_entity_parse_location ("0x10,0", &lat, &lon));
  g_assert_false (aura_entity_parse_location ("1e1,0", &lat, &lon));
  g_assert_false (aura_entity_parse_location ("1,2,3", &lat, &lon));
  g_assert_false (aura_entity_parse_location ("Paris", &lat, &lon));
  g_assert_false (aura_entity_parse_location ("", &lat, &lon));
  g_assert_false (aura_entity_parse_location (",", &lat, &lon));
}

/* Keys must not depend on the locale: a French locale writes “48,858400”
 * with printf and would read “48.8584” as 48 with strtod. */
static void
test_location_ignores_locale (void)
{
  g_autofree char *key = NULL;

  if (setlocale (LC_NUMERIC, "fr_FR.UTF-8") == NULL &&
      setlocale (LC_NUMERIC, "de_DE.UTF-8") == NULL)
    {
      g_test_skip ("no locale with a decimal comma is installed");
      return;
    }
  key = normalize_or_null (AURA_ENTITY_LOCATION, "48.8584, 2.2945");
  setlocale (LC_NUMERIC, "C");
  g_assert_cmpstr (key, ==, "48.858400,2.294500");
}

/* Random bytes and random Unicode must never crash, and every answer is
 * either a key with a display or an error with a message. */
static void
test_random_input_is_safe (void)
{
  static const char alphabet[] = "aZ09.:@#/-_+ [](),%\t";
  static const gunichar specials[] = { 0x202E, 0x200D, 0x0301,  0xFF41, 0x0430,
                                       0x00DF, 0x3002, 0x1F600, 0xFEFF, 0x0085 };

  for (guint round = 0; round < 3000; round++)
    {
      g_autoptr (GString) s = g_string_new (NULL);
      AuraEntityType type = g_test_rand_int_range (0, AURA_ENTITY_N_TYPES);
      guint len = g_test_rand_int_range (0, 40);
      g_autoptr (GError) error = NULL;
      g_autofree char *display = NULL;
      g_autofree char *key = NULL;

      for (guint i = 0; i < len; i++)
        {
          int pick = g_test_rand_int_range (0, 10);
          if (pick < 7)
            g_string_append_c (s, alphabet[g_test_rand_int_range (0, sizeof alphabet - 1)]);
          else if (pick < 9)
            g_string_append_unichar (s, specials[g_test_rand_int_range (0, 10)]);
          else
            g_string_append_c (s, (char)g_test_rand_int_range (1, 256));
        }
      key = aura_entity_normalize (type, s->str, &display, &error);
      if (key != NULL)
        {
          g_assert_no_error (error);
          g_assert_nonnull (display);
          g_assert_true (g_utf8_validate (key, -1, NULL));
        }
      else
        {
          g_assert_error (error, AURA_ENTITY_ERROR, AURA_ENTITY_ERROR_INVALID);
          g_assert_null (display);
        }
    }
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/entity-type/names-round-trip", test_names_round_trip);
  g_test_add_func ("/store/entity-type/aliases-resolve", test_aliases);
  g_test_add_func ("/store/entity-type/unknown-type-lists-known-ones", test_unknown_type);
  g_test_add_func ("/store/entity-type/labels-icons-hints-exist", test_labels_icons_hints);
  for (guint i = 0; i < AURA_ENTITY_N_TYPES; i++)
    {
      g_autofree char *accepts = g_strdup_printf ("/store/entity-type/%s/accepts-and-normalises",
                                                  aura_entity_type_to_string (i));
      g_autofree char *rejects = g_strdup_printf ("/store/entity-type/%s/rejects-with-reason",
                                                  aura_entity_type_to_string (i));

      g_test_add_data_func (accepts, GUINT_TO_POINTER (i), test_accepts);
      g_test_add_data_func (rejects, GUINT_TO_POINTER (i), test_rejects);
    }
  g_test_add_func ("/store/entity-type/nfc-joins-look-alikes-stay-apart", test_unicode_identity);
  g_test_add_func ("/store/entity-type/invalid-utf8-is-refused", test_invalid_utf8);
  g_test_add_func ("/store/entity-type/huge-values-are-refused", test_huge_values);
  g_test_add_func ("/store/entity-type/phone-formats-share-e164-key", test_phone_formats_share_key);
  g_test_add_func ("/store/entity-type/location/parses-decimal-degrees", test_parse_location);
  g_test_add_func ("/store/entity-type/location/key-ignores-locale", test_location_ignores_locale);
  g_test_add_func ("/store/entity-type/random-input-is-safe", test_random_input_is_safe);

  return g_test_run ();
}
