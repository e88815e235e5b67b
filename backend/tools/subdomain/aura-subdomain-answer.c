/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-subdomain"
#include "config.h"

#include <arpa/inet.h>
#include <ldns/ldns.h>
#include <string.h>

#include "aura-subdomain-private.h"

/* One answer, read in two steps. The header and the question are checked
 * by hand, without allocating: most answers of a brute force are NXDOMAIN
 * and need nothing more. Answers with records are parsed with ldns, which
 * handles name compression and record layouts; it costs about 0.7 µs an
 * answer here (bench-dns prints the figure), a small part of a query's
 * cost, so a hand-written record parser is not worth its risk. */

#define HEADER 12
/* CNAME links followed inside one answer, at most. */
#define MAX_CHAIN 16

/* g_ascii_tolower() is not inlined; this runs for every answer. */
static inline guint8
lower (guint8 c)
{
  return c >= 'A' && c <= 'Z' ? (guint8)(c + 32) : c;
}

/* Whether the question section holds exactly "@name IN @qtype". The
 * first name of a message cannot be compressed (there is nothing before
 * it to point to), so a compression pointer here is refused. */
static gboolean
question_matches (const guint8 *buf, gsize len, const char *name, guint16 qtype)
{
  gsize pos = HEADER;
  const char *p = name;

  if (len < HEADER || (buf[2] & 0x80) == 0 || ((buf[2] >> 3) & 0x0f) != 0 || buf[4] != 0 ||
      buf[5] != 1)
    return FALSE;
  for (;;)
    {
      guint label;

      if (pos >= len)
        return FALSE;
      label = buf[pos++];
      if (label == 0)
        break;
      if (label > 63 || pos + label > len)
        return FALSE;
      if (p != name)
        {
          if (*p != '.')
            return FALSE;
          p++;
        }
      for (guint i = 0; i < label; i++, p++)
        if (*p == '\0' || lower (buf[pos + i]) != lower ((guint8)*p))
          return FALSE;
      pos += label;
    }
  if (*p != '\0' || pos + 4 > len)
    return FALSE;
  return ((buf[pos] << 8) | buf[pos + 1]) == qtype && buf[pos + 2] == 0 && buf[pos + 3] == 1;
}

static char *
dname_to_text (const ldns_rdf *rdf)
{
  char *text = ldns_rdf2str (rdf);
  char *result;
  gsize len;

  if (text == NULL)
    return NULL;
  len = strlen (text);
  if (len > 1 && text[len - 1] == '.')
    text[len - 1] = '\0';
  result = g_ascii_strdown (text, -1);
  free (text);
  return result;
}

/* The target of @owner's CNAME in @answer, or NULL. */
static const ldns_rdf *
cname_of (const ldns_rr_list *answer, const ldns_rdf *owner)
{
  for (size_t i = 0; i < ldns_rr_list_rr_count (answer); i++)
    {
      const ldns_rr *rr = ldns_rr_list_rr (answer, i);

      if (ldns_rr_get_type (rr) == LDNS_RR_TYPE_CNAME &&
          ldns_rr_get_class (rr) == LDNS_RR_CLASS_IN && ldns_rr_rd_count (rr) == 1 &&
          ldns_dname_compare (ldns_rr_owner (rr), owner) == 0)
        return ldns_rr_rdf (rr, 0);
    }
  return NULL;
}

static void
collect_addresses (const ldns_rr_list *answer,
                   const ldns_rdf *owner,
                   guint16 qtype,
                   GPtrArray *addresses)
{
  for (size_t i = 0; i < ldns_rr_list_rr_count (answer); i++)
    {
      const ldns_rr *rr = ldns_rr_list_rr (answer, i);
      const ldns_rdf *rdata;
      char text[INET6_ADDRSTRLEN];
      int family;
      gsize size;

      if (ldns_rr_get_type (rr) != qtype || ldns_rr_get_class (rr) != LDNS_RR_CLASS_IN ||
          ldns_rr_rd_count (rr) != 1 || ldns_dname_compare (ldns_rr_owner (rr), owner) != 0)
        continue;
      rdata = ldns_rr_rdf (rr, 0);
      family = qtype == AURA_SUBDOMAIN_DNS_TYPE_A ? AF_INET : AF_INET6;
      size = family == AF_INET ? 4 : 16;
      if (ldns_rdf_size (rdata) != size ||
          inet_ntop (family, ldns_rdf_data (rdata), text, sizeof text) == NULL)
        continue;
      g_ptr_array_add (addresses, g_strdup (text));
    }
}

/* Follows the name's CNAME chain inside the answer and takes the
 * addresses of its end. */
static AuraAnswerKind
read_records (const guint8 *buf, gsize len, guint16 qtype, GPtrArray *addresses, char **cname)
{
  ldns_pkt *pkt = NULL;
  const ldns_rr_list *question;
  const ldns_rr_list *answer;
  const ldns_rdf *current;
  guint before = addresses->len;

  if (ldns_wire2pkt (&pkt, buf, len) != LDNS_STATUS_OK)
    return AURA_ANSWER_MISMATCH;
  question = ldns_pkt_question (pkt);
  answer = ldns_pkt_answer (pkt);
  if (ldns_rr_list_rr_count (question) != 1)
    {
      ldns_pkt_free (pkt);
      return AURA_ANSWER_MISMATCH;
    }
  current = ldns_rr_owner (ldns_rr_list_rr (question, 0));
  for (guint hops = 0; hops < MAX_CHAIN; hops++)
    {
      const ldns_rdf *target = cname_of (answer, current);

      if (target == NULL)
        break;
      if (hops == 0)
        *cname = dname_to_text (target);
      current = target;
    }
  collect_addresses (answer, current, qtype, addresses);
  ldns_pkt_free (pkt);
  return *cname != NULL || addresses->len > before ? AURA_ANSWER_HIT : AURA_ANSWER_NODATA;
}

AuraAnswerKind
aura_subdomain_answer_read (const guint8 *buf,
                            gsize len,
                            const char *name,
                            guint16 qtype,
                            GPtrArray *addresses,
                            char **cname)
{
  g_return_val_if_fail (name != NULL && addresses != NULL && cname != NULL, AURA_ANSWER_MISMATCH);

  *cname = NULL;
  if (buf == NULL || !question_matches (buf, len, name, qtype))
    return AURA_ANSWER_MISMATCH;
  switch (buf[3] & 0x0f)
    {
      case 0:
        if (buf[6] == 0 && buf[7] == 0)
          return AURA_ANSWER_NODATA;
        return read_records (buf, len, qtype, addresses, cname);
      case 3:
        /* A CNAME to a name that does not exist in the same zone comes
         * back NXDOMAIN, the alias in the answer: the queried name exists,
         * it is a dangling alias. */
        if ((buf[6] != 0 || buf[7] != 0) &&
            read_records (buf, len, qtype, addresses, cname) == AURA_ANSWER_HIT)
          return AURA_ANSWER_HIT;
        return AURA_ANSWER_NXDOMAIN;
      case 5:
        return AURA_ANSWER_REFUSED;
      default:
        return AURA_ANSWER_SERVFAIL;
    }
}
