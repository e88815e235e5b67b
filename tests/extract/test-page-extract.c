/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-test"
#include "config.h"

#include <json-glib/json-glib.h>
#include <locale.h>

#include "page-test-utils.h"

/* Profile page extraction on realistic pages of fictional people (files
 * under pages/) and on small pages that exercise each source. */

/* ------------------------------------------------------------------------ */
/* Realistic pages                                                           */

static void
test_github_like (void)
{
  g_autoptr (AuraPageInfo) info =
      extract_fixture ("github-like.html", "https://github.com/adaquill");
  const AuraPageHandle *twitter;
  const AuraPageLink *site;

  g_assert_cmpstr (info->title->value, ==, "adaquill - Overview");
  g_assert_cmpint (info->title->source, ==, AURA_PAGE_SOURCE_OG);
  g_assert_cmpstr (info->username->value, ==, "adaquill");
  g_assert_cmpstr (info->description->value, ==, "Typesetting nerd. Maintainer of tiny tools.");
  g_assert_cmpstr (info->image->value, ==, "https://avatars.githubusercontent.example/u/4242?v=4");
  g_assert_cmpstr (info->canonical_url->value, ==, "https://github.com/adaquill");
  g_assert_cmpint (info->canonical_url->source, ==, AURA_PAGE_SOURCE_LINK);
  g_assert_cmpstr (info->site_name->value, ==, "GitHub");

  /* The vcard's email; the footer's support address is the site's. */
  g_assert_cmpuint (info->emails->len, ==, 1);
  g_assert_cmpstr (((AuraPageValue *)info->emails->pdata[0])->value, ==, "ada.quill@example.org");
  g_assert_cmpint (((AuraPageValue *)info->emails->pdata[0])->source, ==, AURA_PAGE_SOURCE_LINK);

  site = find_link (info, "https://adaquill.example.net");
  g_assert_nonnull (site);
  g_assert_true (site->rel_me);
  g_assert_cmpint (site->source, ==, AURA_PAGE_SOURCE_REL_ME);
  g_assert_nonnull (find_link (info, "https://adaquill.example.net/blog/"));
  g_assert_false (find_link (info, "https://adaquill.example.net/blog/")->rel_me);

  twitter = find_handle (info, "twitter", "ada_quill");
  g_assert_nonnull (twitter);
  g_assert_true (twitter->rel_me);
  g_assert_nonnull (find_handle (info, "mastodon", "ada@social.example"));
  g_assert_cmpuint (info->handles->len, ==, 2);

  /* Navigation, footer, and other users of the same site are not the
   * person's links. */
  g_assert_false (links_contain (info, "github.com"));
  g_assert_false (links_contain (info, "docs.github.example"));
  g_assert_false (links_contain (info, "youtube"));
  g_assert_false (links_contain (info, "linkedin"));
  g_assert_null (find_handle (info, "twitter", "github"));
  g_assert_null (find_handle (info, "github", "carol-codes"));
  assert_info_utf8 (info);
}

static void
test_mastodon_like (void)
{
  g_autoptr (AuraPageInfo) info =
      extract_fixture ("mastodon-like.html", "https://social.example/@ada");
  const AuraPageHandle *github;
  const AuraPageLink *site;

  g_assert_cmpstr (info->username->value, ==, "ada@social.example");
  g_assert_cmpstr (info->title->value, ==, "Ada Quill (@ada@social.example)");
  g_assert_cmpstr (info->site_name->value, ==, "Social Example");
  g_assert_true (g_str_has_prefix (info->description->value, "Typographer. She/her."));
  /* &amp; decoded. */
  g_assert_nonnull (strstr (info->description->value, "English & Português"));

  /* De-obfuscated from the visible bio. */
  g_assert_nonnull (find_value (info->emails, "ada@example.org"));
  g_assert_cmpint (find_value (info->emails, "ada@example.org")->source, ==, AURA_PAGE_SOURCE_TEXT);
  /* tel: with percent-encoded spaces. */
  g_assert_cmpuint (info->phones->len, ==, 1);
  g_assert_cmpstr (((AuraPageValue *)info->phones->pdata[0])->value, ==, "+351 912 345 678");

  /* <link rel=me> and the anchor rel=me collapse into one link. */
  site = find_link (info, "https://adaquill.example.net/");
  g_assert_nonnull (site);
  g_assert_true (site->rel_me);
  g_assert_null (find_link (info, "https://adaquill.example.net"));
  github = find_handle (info, "github", "adaquill");
  g_assert_nonnull (github);
  g_assert_true (github->rel_me);
  /* A user on another instance, linked without rel=me. */
  g_assert_nonnull (find_handle (info, "mastodon", "friend@other.example"));
  g_assert_false (find_handle (info, "mastodon", "friend@other.example")->rel_me);
  /* Same-instance users are other people. */
  g_assert_null (find_handle (info, "mastodon", "bob@social.example"));
  g_assert_false (links_contain (info, "social.example/@bob"));
  assert_info_utf8 (info);
}

static void
test_tiktok_like (void)
{
  g_autoptr (AuraPageInfo) info =
      extract_fixture ("tiktok-like.html", "https://www.tiktok.com/@dancing.ada");

  /* The user whose handle is in the URL wins over a shallower one. */
  g_assert_cmpstr (info->username->value, ==, "dancing.ada");
  g_assert_cmpint (info->username->source, ==, AURA_PAGE_SOURCE_EMBEDDED_JSON);
  g_assert_cmpstr (info->username->field, ==, "uniqueId");
  g_assert_cmpstr (info->display_name->value, ==, "Ada \u2728 Dances");
  g_assert_cmpstr (info->description->value, ==, "Lisbon \U0001F1F5\U0001F1F9 | ig: ada.moves");
  g_assert_cmpint (info->description->source, ==, AURA_PAGE_SOURCE_EMBEDDED_JSON);
  g_assert_cmpstr (info->image->value, ==,
                   "https://p16-sign.tiktokcdn.example/ada~c5_1080x1080.jpeg");
  g_assert_cmpstr (fact (info, "followers"), ==, "12345");
  g_assert_cmpstr (fact (info, "following"), ==, "67");
  g_assert_cmpstr (fact (info, "likes"), ==, "890123");
  g_assert_cmpstr (fact (info, "posts"), ==, "45");
  g_assert_cmpstr (fact (info, "joined"), ==, "2019-02-12T19:33:20Z");
  /* “linktr.ee/adaq” has no scheme: it is not resolved against the page. */
  g_assert_cmpuint (info->links->len, ==, 0);
  assert_info_utf8 (info);
}

static void
test_linktree_like (void)
{
  g_autoptr (AuraPageInfo) info = extract_fixture ("linktree-like.html", "https://linktr.ee/adaq");
  static const char *const expected[][2] = {
    { "youtube", "adaquill" },
    { "youtube", "UCabcdefghijklmnopqrstuv" },
    { "instagram", "ada.moves" },
    { "tiktok", "dancing.ada" },
    { "twitter", "ada_quill" },
    { "reddit", "ada_quill" },
    { "linkedin", "ada-quill-42" },
    { "facebook", "100000123456789" },
    { "telegram", "adaquill_chat" },
    { "keybase", "adaquill" },
    { "medium", "adaquill" },
    { "soundcloud", "ada-quill" },
    { "spotify", "adaq.music" },
    { "patreon", "adaquill" },
    { "pinterest", "adaquill" },
    { "snapchat", "ada.q" },
    { "twitch", "adaquill" },
    { "gitlab", "adaquill" },
    { "bluesky", "adaquill.example.net" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    if (find_handle (info, expected[i][0], expected[i][1]) == NULL)
      g_error ("no %s handle “%s”", expected[i][0], expected[i][1]);
  /* twitter:creator and the X link are one handle. */
  g_assert_cmpuint (info->handles->len, ==, G_N_ELEMENTS (expected));

  /* A Discord invitation and a video are links, not handles. */
  g_assert_nonnull (find_link (info, "https://discord.gg/AbCdEf"));
  g_assert_nonnull (find_link (info, "https://www.youtube.com/watch?v=dQw4w9WgXcQ"));
  /* &amp; decoded, and the two spellings are one link. */
  g_assert_nonnull (find_link (info, "https://shop.example.com/?ref=ada&utm_source=linktree"));
  /* Relative to <base href>, which is another site. */
  g_assert_nonnull (find_link (info, "https://links.example.net/ada/merch"));
  g_assert_cmpstr (info->image->value, ==, "https://links.example.net/images/adaq-avatar.png");
  /* Dangerous and non-web schemes are dropped, as is the site's footer. */
  for (guint i = 0; i < info->links->len; i++)
    g_assert_true (g_str_has_prefix (((AuraPageLink *)info->links->pdata[i])->url, "https://"));
  g_assert_false (links_contain (info, "linktree_"));
  g_assert_false (links_contain (info, "linktr.ee"));
  g_assert_cmpuint (info->links->len, ==, G_N_ELEMENTS (expected) + 4);
  assert_info_utf8 (info);
}

static void
test_jsonld_person (void)
{
  g_autoptr (AuraPageInfo) info =
      extract_fixture ("jsonld-person.html", "https://blog.example.com/about");
  const AuraPageHandle *github;

  g_assert_cmpstr (info->display_name->value, ==, "Ada Quill");
  g_assert_cmpint (info->display_name->source, ==, AURA_PAGE_SOURCE_JSON_LD);
  g_assert_cmpstr (info->display_name->field, ==, "name");
  g_assert_cmpstr (info->username->value, ==, "adaquill");
  g_assert_cmpstr (info->description->value, ==, "Typographer and dancer based in Lisbon.");
  g_assert_cmpstr (info->image->value, ==, "https://blog.example.com/img/ada.jpg");
  g_assert_nonnull (find_value (info->alternate_names, "A. Quill"));
  g_assert_nonnull (find_value (info->emails, "ada@example.com"));
  g_assert_nonnull (find_value (info->phones, "+351 21 123 4567"));
  g_assert_nonnull (find_value (info->locations, "Lisbon, Portugal"));
  g_assert_cmpint (find_value (info->locations, "Lisbon, Portugal")->source, ==,
                   AURA_PAGE_SOURCE_JSON_LD);
  g_assert_cmpuint (info->locations->len, ==, 1);
  g_assert_nonnull (find_value (info->organisations, "Quill & Co"));
  g_assert_cmpstr (fact (info, "birth_date"), ==, "1990-04-01");
  g_assert_cmpstr (fact (info, "joined"), ==, "2015-06-01T09:00:00Z");
  g_assert_cmpstr (fact (info, "followers"), ==, "1200");
  g_assert_cmpstr (fact (info, "posts"), ==, "87");

  /* sameAs: the page says these are the same person. */
  github = find_handle (info, "github", "adaquill");
  g_assert_nonnull (github);
  g_assert_true (github->rel_me);
  g_assert_cmpint (github->source, ==, AURA_PAGE_SOURCE_JSON_LD);
  g_assert_nonnull (find_handle (info, "mastodon", "ada@social.example"));
  g_assert_true (find_link (info, "https://www.wikidata.example/wiki/Q42")->rel_me);
  /* The page's own URL is not a link, nor is the site's publisher. */
  g_assert_false (links_contain (info, "blog.example.com"));
  g_assert_false (links_contain (info, "host.example.com"));
  g_assert_null (find_value (info->organisations, "Blog Hosting Ltd"));
  assert_info_utf8 (info);
}

static void
test_findings (void)
{
  g_autoptr (AuraPageInfo) info =
      extract_fixture ("jsonld-person.html", "https://blog.example.com/about");
  g_autoptr (GPtrArray) findings = aura_page_info_to_findings (info);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *profile = NULL;
  const AuraPageFinding *f;
  JsonObject *attributes;

  f = find_finding (findings, "person", "ada quill");
  g_assert_nonnull (f);
  g_assert_cmpstr (f->relation, ==, "has_name");
  g_assert_cmpint (f->type, ==, AURA_ENTITY_PERSON);
  g_assert_true (json_parser_load_from_data (parser, f->attributes_json, -1, NULL));
  attributes = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (attributes, "source"), ==, "json-ld");
  g_assert_cmpstr (json_object_get_string_member (attributes, "field"), ==, "name");

  g_assert_cmpstr (find_finding (findings, "username", "adaquill")->relation, ==, "has_username");
  g_assert_cmpstr (find_finding (findings, "person", "a. quill")->relation, ==, "has_name");
  g_assert_cmpstr (find_finding (findings, "email", "ada@example.com")->relation, ==, "has_email");
  g_assert_cmpstr (find_finding (findings, "phone", "+351211234567")->relation, ==, "has_phone");
  g_assert_cmpstr (find_finding (findings, "account", "github:adaquill")->relation, ==, "same_as");
  g_assert_cmpstr (find_finding (findings, "account", "social.example:ada")->relation, ==,
                   "same_as");
  g_assert_cmpstr (find_finding (findings, "url", "https://github.com/adaquill")->relation, ==,
                   "same_as");
  g_assert_cmpstr (find_finding (findings, "location", "lisbon, portugal")->relation, ==,
                   "located_in");
  g_assert_cmpstr (find_finding (findings, "organisation", "quill & co")->relation, ==,
                   "works_for");
  g_assert_cmpstr (
      find_finding (findings, "image", "https://blog.example.com/img/ada.jpg")->relation, ==,
      "has_avatar");

  /* Every finding is a value the store accepts, with its key. */
  for (guint i = 0; i < findings->len; i++)
    {
      const AuraPageFinding *each = findings->pdata[i];
      g_autofree char *key = aura_entity_normalize (each->type, each->value, NULL, NULL);

      g_assert_cmpstr (key, ==, each->key);
      g_assert_cmpstr (each->type_name, ==, aura_entity_type_to_string (each->type));
    }

  profile = aura_page_info_to_attributes_json (info);
  g_assert_true (json_parser_load_from_data (parser, profile, -1, NULL));
  attributes = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (
                       json_object_get_object_member (
                           json_object_get_object_member (attributes, "facts"), "birth_date"),
                       "value"),
                   ==, "1990-04-01");
  g_assert_false (json_object_get_boolean_member (attributes, "truncated"));
}

static void
test_findings_dedupe_and_validate (void)
{
  /* The handle appears as a link and as twitter:creator; an invalid
   * email-looking value never reaches the findings. */
  g_autoptr (AuraPageInfo) info = extract_string (
      "<meta name=twitter:creator content='@ada_quill'>"
      "<a href='https://twitter.com/ada_quill'>t</a><a href='https://x.com/Ada_Quill'>x</a>"
      "<a href='mailto:not-an-address'>m</a><a href='mailto:a@b@c.example.com'>m</a>",
      "https://example.net/ada");
  g_autoptr (GPtrArray) findings = aura_page_info_to_findings (info);
  guint accounts = 0;

  for (guint i = 0; i < findings->len; i++)
    {
      const AuraPageFinding *f = findings->pdata[i];

      g_assert_cmpstr (f->type_name, !=, "email");
      accounts += f->type == AURA_ENTITY_ACCOUNT ? 1 : 0;
    }
  g_assert_cmpuint (accounts, ==, 1);
  g_assert_nonnull (find_finding (findings, "account", "twitter:ada_quill"));
  g_assert_cmpuint (info->emails->len, ==, 0);
}

static void
test_copy (void)
{
  g_autoptr (AuraPageInfo) info = extract_fixture ("linktree-like.html", "https://linktr.ee/adaq");
  g_autoptr (AuraPageInfo) copy = g_boxed_copy (AURA_TYPE_PAGE_INFO, info);

  g_assert_true (copy != info);
  g_assert_cmpstr (copy->title->value, ==, info->title->value);
  g_assert_cmpuint (copy->links->len, ==, info->links->len);
  g_assert_cmpuint (copy->handles->len, ==, info->handles->len);
  g_assert_cmpstr (((AuraPageHandle *)copy->handles->pdata[0])->handle, ==,
                   ((AuraPageHandle *)info->handles->pdata[0])->handle);
  g_assert_cmpstr (aura_page_source_to_string (AURA_PAGE_SOURCE_EMBEDDED_JSON), ==,
                   "embedded-json");
}

/* ------------------------------------------------------------------------ */
/* Sources                                                                   */

static void
test_twitter_cards (void)
{
  g_autoptr (AuraPageInfo) info =
      extract_string ("<head><meta name='twitter:site' content='@blogsite'>"
                      "<meta name='twitter:creator' content='@ada_writes'>"
                      "<meta name='twitter:title' content='Ada writes'>"
                      "<meta name='twitter:description' content='Notes on type'>"
                      "<meta name='twitter:image' content='/a.png'></head>"
                      "<body><a href='https://twitter.com/blogsite'>Follow the blog</a></body>",
                      "https://blog.example.org/ada");

  g_assert_cmpstr (info->title->value, ==, "Ada writes");
  g_assert_cmpint (info->title->source, ==, AURA_PAGE_SOURCE_TWITTER);
  g_assert_cmpstr (info->description->value, ==, "Notes on type");
  g_assert_cmpstr (info->image->value, ==, "https://blog.example.org/a.png");
  g_assert_nonnull (find_handle (info, "twitter", "ada_writes"));
  g_assert_cmpint (find_handle (info, "twitter", "ada_writes")->source, ==,
                   AURA_PAGE_SOURCE_TWITTER);
  /* The site's own account is about the site. */
  g_assert_null (find_handle (info, "twitter", "blogsite"));
}

static void
test_og_profile_names (void)
{
  g_autoptr (AuraPageInfo) info =
      extract_string ("<meta property='profile:first_name' content='Ada'>"
                      "<meta property='profile:last_name' content='Quill'>"
                      "<meta name='author' content='Someone Else'>"
                      "<title>  Ada\n\t Quill  </title>",
                      NULL);

  g_assert_cmpstr (info->display_name->value, ==, "Ada Quill");
  g_assert_cmpint (info->display_name->source, ==, AURA_PAGE_SOURCE_OG);
  g_assert_cmpstr (info->title->value, ==, "Ada Quill");
  g_assert_cmpint (info->title->source, ==, AURA_PAGE_SOURCE_TITLE);
}

static void
test_window_state (void)
{
  g_autoptr (AuraPageInfo) info = extract_string (
      "<script>var x = 1; window.__INITIAL_STATE__ = {\"profile\":{\"user\":{"
      "\"screen_name\":\"ada_q\",\"name\":\"Ada Q\",\"description\":\"hi }{ there\","
      "\"profile_image_url_https\":\"https://img.example.com/a.jpg\","
      "\"followers_count\":\"321\",\"created_at\":\"2011-05-04T10:00:00Z\","
      "\"url\":\"https://ada.example.com/\",\"location\":\"Porto\"}}};"
      "window.__OTHER__ = 5;</script>",
      "https://site.example/ada_q");

  g_assert_cmpstr (info->username->value, ==, "ada_q");
  g_assert_cmpstr (info->username->field, ==, "screen_name");
  g_assert_cmpstr (info->display_name->value, ==, "Ada Q");
  g_assert_cmpstr (info->description->value, ==, "hi }{ there");
  g_assert_cmpstr (info->image->value, ==, "https://img.example.com/a.jpg");
  g_assert_cmpstr (fact (info, "followers"), ==, "321");
  g_assert_cmpstr (fact (info, "joined"), ==, "2011-05-04T10:00:00Z");
  g_assert_nonnull (find_link (info, "https://ada.example.com/"));
  g_assert_nonnull (find_value (info->locations, "Porto"));
}

static void
test_json_body (void)
{
  static const char body[] = "{\"login\":\"adaquill\",\"name\":\"Ada Quill\","
                             "\"bio\":\"Type\",\"blog\":\"https://ada.example.net\","
                             "\"location\":\"Lisbon\",\"company\":\"Quill & Co\","
                             "\"followers\":12,\"following\":3,\"public_repos\":7}";
  g_autoptr (GError) error = NULL;
  g_autoptr (AuraPageInfo) info =
      aura_page_extract (body, strlen (body), "application/json; charset=utf-8",
                         "https://api.example.com/users/adaquill", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (info->username->value, ==, "adaquill");
  g_assert_cmpstr (info->display_name->value, ==, "Ada Quill");
  g_assert_cmpstr (fact (info, "followers"), ==, "12");
  g_assert_cmpstr (fact (info, "posts"), ==, "7");
  g_assert_nonnull (find_value (info->organisations, "Quill & Co"));
  g_assert_nonnull (find_link (info, "https://ada.example.net"));
}

/* ------------------------------------------------------------------------ */
/* Emails and phones                                                         */

static void
test_emails_in_text (void)
{
  g_autoptr (AuraPageInfo) info =
      extract_string ("<p>Mail ada.quill+web@Example.ORG or bob [at] example [dot] com, "
                      "carol(AT)example(DOT)co(DOT)uk and dave { at } mail.example.net.</p>"
                      "<p>Not these: logo@2x.png, meet me (at) noon, eve at example dot com, "
                      "x@y@example.com, root@localhost, joe@example.invalidtld, @handle, a@.com</p>"
                      "<p>Split: <b>frank</b>@<i>example.org</i></p>",
                      NULL);
  static const char *const expected[] = { "ada.quill+web@example.org", "bob@example.com",
                                          "carol@example.co.uk", "dave@mail.example.net",
                                          "frank@example.org" };

  for (guint i = 0; i < info->emails->len; i++)
    g_test_message ("email: %s", ((AuraPageValue *)info->emails->pdata[i])->value);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    if (find_value (info->emails, expected[i]) == NULL)
      g_error ("“%s” was not found", expected[i]);
  g_assert_cmpuint (info->emails->len, ==, G_N_ELEMENTS (expected));
}

static void
test_phones (void)
{
  g_autoptr (AuraPageInfo) info = extract_string (
      "<a href='tel:+1-800-555-0100'>call</a><a href='tel:+1 (800) 555-0100'>again</a>"
      "<a href='tel:+33%201%2023%2045%2067%2089;ext=12'>fr</a>"
      "<a href='tel:call-me-maybe'>bad</a><a href='tel:'>empty</a>",
      NULL);
  g_autoptr (GPtrArray) findings = aura_page_info_to_findings (info);

  g_assert_cmpuint (info->phones->len, ==, 2);
  g_assert_nonnull (find_finding (findings, "phone", "+18005550100"));
  g_assert_nonnull (find_finding (findings, "phone", "+33123456789"));
}

/* ------------------------------------------------------------------------ */
/* URLs                                                                      */

static void
test_urls_dropped_schemes (void)
{
  g_autoptr (AuraPageInfo) info = extract_string (
      "<a href='javascript:alert(1)'>a</a><a href='  JAVASCRIPT:alert(1)'>b</a>"
      "<a href='java\nscript:alert(1)'>c</a><a href='data:text/html;base64,PHA+'>d</a>"
      "<a href='vbscript:x'>e</a><a href='ftp://files.example.com/'>f</a>"
      "<a href='//cdn.example.com/x'>g</a><a href='#top'>h</a><a href=''>i</a>"
      "<meta property='og:image' content='data:image/png;base64,iVBOR'>"
      "<a href='https://ok.example.com/'>ok</a>",
      NULL);

  g_assert_cmpuint (info->links->len, ==, 1);
  g_assert_cmpstr (((AuraPageLink *)info->links->pdata[0])->url, ==, "https://ok.example.com/");
  g_assert_null (info->image);
}

static void
test_urls_relative (void)
{
  g_autoptr (AuraPageInfo) info =
      extract_string ("<base href='../cdn/'><a href='x/../y?q=1#frag'>rel</a>"
                      "<a href='//other.example.net/p%20q'>scheme-relative</a>"
                      "<a href='https://other.example.net/caf\xc3\xa9 menu'>spaces</a>"
                      "<a href='https://other.example.net/100%'>stray percent</a>"
                      "<a href='https:\\\\back.example.net\\path'>backslashes</a>",
                      "https://page.example.com/users/ada/");

  for (guint i = 0; i < info->links->len; i++)
    g_test_message ("link: %s", ((AuraPageLink *)info->links->pdata[i])->url);
  /* Same-site links are navigation: “y” resolves on page.example.com. */
  g_assert_false (links_contain (info, "page.example.com"));
  g_assert_nonnull (find_link (info, "https://other.example.net/p%20q"));
  g_assert_nonnull (find_link (info, "https://other.example.net/caf%C3%A9%20menu"));
  g_assert_nonnull (find_link (info, "https://other.example.net/100%25"));
  g_assert_nonnull (find_link (info, "https://back.example.net/path"));
}

static void
test_urls_base_resolution (void)
{
  g_autoptr (AuraPageInfo) info =
      extract_string ("<base href='https://links.example.net/a/b/'><a href='../c?d=1'>c</a>"
                      "<meta property='og:image' content='img/me.png'>",
                      "https://page.example.com/ada");

  g_assert_nonnull (find_link (info, "https://links.example.net/a/c?d=1"));
  g_assert_cmpstr (info->image->value, ==, "https://links.example.net/a/b/img/me.png");
}

static void
test_urls_without_page_url (void)
{
  g_autoptr (AuraPageInfo) info =
      extract_string ("<a href='/relative'>r</a><a href='https://abs.example.com/x'>a</a>", NULL);

  g_assert_cmpuint (info->links->len, ==, 1);
  g_assert_nonnull (find_link (info, "https://abs.example.com/x"));
}

static void
test_entities_decoded (void)
{
  g_autoptr (AuraPageInfo) info =
      extract_string ("<meta property='og:title' content='Caf&eacute; &amp; &#x1F600; &lt;b&gt;'>"
                      "<a href='https://x.example.com/?a=1&amp;b=2&#38;c=3'>q</a>",
                      NULL);

  g_assert_cmpstr (info->title->value, ==, "Caf\u00e9 & \U0001F600 <b>");
  g_assert_nonnull (find_link (info, "https://x.example.com/?a=1&b=2&c=3"));
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/extract/page/github-like", test_github_like);
  g_test_add_func ("/extract/page/mastodon-like", test_mastodon_like);
  g_test_add_func ("/extract/page/tiktok-like-embedded-json", test_tiktok_like);
  g_test_add_func ("/extract/page/linktree-like-handles", test_linktree_like);
  g_test_add_func ("/extract/page/json-ld-person", test_jsonld_person);
  g_test_add_func ("/extract/findings/store-types-and-relations", test_findings);
  g_test_add_func ("/extract/findings/dedupe-and-validate", test_findings_dedupe_and_validate);
  g_test_add_func ("/extract/info/copy", test_copy);
  g_test_add_func ("/extract/source/twitter-cards", test_twitter_cards);
  g_test_add_func ("/extract/source/og-profile-names", test_og_profile_names);
  g_test_add_func ("/extract/source/window-state", test_window_state);
  g_test_add_func ("/extract/source/json-body", test_json_body);
  g_test_add_func ("/extract/email/text-and-obfuscated", test_emails_in_text);
  g_test_add_func ("/extract/phone/tel-links", test_phones);
  g_test_add_func ("/extract/url/dangerous-schemes-dropped", test_urls_dropped_schemes);
  g_test_add_func ("/extract/url/relative-and-escaping", test_urls_relative);
  g_test_add_func ("/extract/url/base-href", test_urls_base_resolution);
  g_test_add_func ("/extract/url/no-page-url", test_urls_without_page_url);
  g_test_add_func ("/extract/text/entities-decoded", test_entities_decoded);

  return g_test_run ();
}
