/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-dns"
#include "config.h"

#include <arpa/inet.h>
#include <string.h>

#include "aura-dns-private.h"

/* AuraDnsRecord: built from ldns' parse of the wire data, whether it came
 * from a c-ares answer or a zone transfer, and printed in a presentation of
 * Aura's own so that the text stays the same whatever ldns version runs.
 * Also the free functions of the result structs. */

static const char *const rcode_names[] = {
  "NOERROR",  "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP",  "REFUSED",
  "YXDOMAIN", "YXRRSET", "NXRRSET",  "NOTAUTH",  "NOTZONE",
};

const char *
dns_rcode_to_string (guint rcode)
{
  if (rcode < G_N_ELEMENTS (rcode_names))
    return rcode_names[rcode];
  return g_intern_static_string ("RCODE?");
}

GPtrArray *
dns_record_array_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify)aura_dns_record_free);
}

void
aura_dns_record_free (AuraDnsRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->name);
  g_free (record->address);
  g_free (record->target);
  g_strfreev (record->strings);
  g_free (record->text);
  g_free (record->mailbox);
  g_free (record->caa_tag);
  g_free (record->caa_value);
  g_free (record->rdata);
  g_free (record);
}

AuraDnsRecord *
aura_dns_record_copy (const AuraDnsRecord *record)
{
  AuraDnsRecord *copy;

  g_return_val_if_fail (record != NULL, NULL);

  copy = g_memdup2 (record, sizeof *record);
  copy->name = g_strdup (record->name);
  copy->address = g_strdup (record->address);
  copy->target = g_strdup (record->target);
  copy->strings = g_strdupv (record->strings);
  copy->text = g_strdup (record->text);
  copy->mailbox = g_strdup (record->mailbox);
  copy->caa_tag = g_strdup (record->caa_tag);
  copy->caa_value = g_strdup (record->caa_value);
  copy->rdata = g_strdup (record->rdata);
  return copy;
}

/* A name with its final dot, for presentation. */
static void
append_fqdn (GString *out, const char *name)
{
  g_string_append (out, name);
  if (!g_str_has_suffix (name, "."))
    g_string_append_c (out, '.');
}

char *
aura_dns_record_to_string (const AuraDnsRecord *record)
{
  GString *out;

  g_return_val_if_fail (record != NULL, NULL);

  out = g_string_new (NULL);
  append_fqdn (out, record->name != NULL ? record->name : ".");
  g_string_append_printf (out, " %u IN %s %s", record->ttl, aura_dns_type_to_string (record->type),
                          record->rdata != NULL ? record->rdata : "");
  return g_string_free (out, FALSE);
}

/* Reading ldns' fields -------------------------------------------------------- */

char *
dns_name_from_rdf (const ldns_rdf *rdf)
{
  char *text = ldns_rdf2str (rdf);
  char *name;
  gsize len;

  if (text == NULL)
    return NULL;
  name = g_ascii_strdown (text, -1);
  free (text);
  len = strlen (name);
  if (len > 1 && name[len - 1] == '.')
    name[len - 1] = '\0';
  return name;
}

/* Text from the bytes of a character-string: NUL bytes and bytes that are
 * not UTF-8 become U+FFFD, so the text can be shown and stored as it is. */
static char *
bytes_to_utf8 (const guint8 *data, gsize len)
{
  g_autoptr (GString) raw = g_string_sized_new (len);

  for (gsize i = 0; i < len; i++)
    {
      if (data[i] == 0)
        g_string_append (raw, "\xef\xbf\xbd");
      else
        g_string_append_c (raw, (char)data[i]);
    }
  return g_utf8_make_valid (raw->str, raw->len);
}

/* A character-string in zone-file presentation: quoted, with " and \
 * escaped and bytes outside printable ASCII as \DDD. */
static void
append_quoted (GString *out, const guint8 *data, gsize len)
{
  g_string_append_c (out, '"');
  for (gsize i = 0; i < len; i++)
    {
      if (data[i] == '"' || data[i] == '\\')
        g_string_append_printf (out, "\\%c", data[i]);
      else if (data[i] < 0x20 || data[i] >= 0x7f)
        g_string_append_printf (out, "\\%03u", data[i]);
      else
        g_string_append_c (out, (char)data[i]);
    }
  g_string_append_c (out, '"');
}

static gboolean
rdf_is (const ldns_rdf *rdf, ldns_rdf_type type, gsize size)
{
  return rdf != NULL && ldns_rdf_get_type (rdf) == type &&
         (size == 0 || ldns_rdf_size (rdf) == size);
}

static guint16
rdf_u16 (const ldns_rdf *rdf)
{
  const guint8 *data = ldns_rdf_data (rdf);

  return (guint16)((data[0] << 8) | data[1]);
}

static guint32
rdf_u32 (const ldns_rdf *rdf)
{
  const guint8 *data = ldns_rdf_data (rdf);

  return ((guint32)data[0] << 24) | ((guint32)data[1] << 16) | ((guint32)data[2] << 8) | data[3];
}

static gboolean
read_address (AuraDnsRecord *record, const ldns_rr *rr, int family, gsize size, GString *rdata)
{
  const ldns_rdf *rdf = ldns_rr_rdf (rr, 0);
  char text[INET6_ADDRSTRLEN];

  if (ldns_rr_rd_count (rr) != 1 || rdf == NULL || ldns_rdf_size (rdf) != size ||
      inet_ntop (family, ldns_rdf_data (rdf), text, sizeof text) == NULL)
    return FALSE;
  record->address = g_strdup (text);
  g_string_append (rdata, text);
  return TRUE;
}

/* CNAME, NS, PTR: one name. */
static gboolean
read_target (AuraDnsRecord *record, const ldns_rr *rr, GString *rdata)
{
  if (ldns_rr_rd_count (rr) != 1 || !rdf_is (ldns_rr_rdf (rr, 0), LDNS_RDF_TYPE_DNAME, 0))
    return FALSE;
  record->target = dns_name_from_rdf (ldns_rr_rdf (rr, 0));
  append_fqdn (rdata, record->target);
  return record->target != NULL;
}

static gboolean
read_mx (AuraDnsRecord *record, const ldns_rr *rr, GString *rdata)
{
  if (ldns_rr_rd_count (rr) != 2 || !rdf_is (ldns_rr_rdf (rr, 0), LDNS_RDF_TYPE_INT16, 2) ||
      !rdf_is (ldns_rr_rdf (rr, 1), LDNS_RDF_TYPE_DNAME, 0))
    return FALSE;
  record->preference = rdf_u16 (ldns_rr_rdf (rr, 0));
  record->target = dns_name_from_rdf (ldns_rr_rdf (rr, 1));
  g_string_append_printf (rdata, "%u ", record->preference);
  append_fqdn (rdata, record->target);
  return TRUE;
}

static gboolean
read_srv (AuraDnsRecord *record, const ldns_rr *rr, GString *rdata)
{
  if (ldns_rr_rd_count (rr) != 4 || !rdf_is (ldns_rr_rdf (rr, 3), LDNS_RDF_TYPE_DNAME, 0))
    return FALSE;
  for (gsize i = 0; i < 3; i++)
    if (!rdf_is (ldns_rr_rdf (rr, i), LDNS_RDF_TYPE_INT16, 2))
      return FALSE;
  record->priority = rdf_u16 (ldns_rr_rdf (rr, 0));
  record->weight = rdf_u16 (ldns_rr_rdf (rr, 1));
  record->port = rdf_u16 (ldns_rr_rdf (rr, 2));
  record->target = dns_name_from_rdf (ldns_rr_rdf (rr, 3));
  g_string_append_printf (rdata, "%u %u %u ", record->priority, record->weight, record->port);
  append_fqdn (rdata, record->target);
  return TRUE;
}

static gboolean
read_soa (AuraDnsRecord *record, const ldns_rr *rr, GString *rdata)
{
  guint32 values[5];

  if (ldns_rr_rd_count (rr) != 7 || !rdf_is (ldns_rr_rdf (rr, 0), LDNS_RDF_TYPE_DNAME, 0) ||
      !rdf_is (ldns_rr_rdf (rr, 1), LDNS_RDF_TYPE_DNAME, 0))
    return FALSE;
  for (gsize i = 0; i < 5; i++)
    {
      const ldns_rdf *rdf = ldns_rr_rdf (rr, 2 + i);

      if (rdf == NULL || ldns_rdf_size (rdf) != 4)
        return FALSE;
      values[i] = rdf_u32 (rdf);
    }
  record->target = dns_name_from_rdf (ldns_rr_rdf (rr, 0));
  record->mailbox = dns_name_from_rdf (ldns_rr_rdf (rr, 1));
  record->serial = values[0];
  record->refresh = values[1];
  record->retry = values[2];
  record->expire = values[3];
  record->minimum = values[4];
  append_fqdn (rdata, record->target);
  g_string_append_c (rdata, ' ');
  append_fqdn (rdata, record->mailbox);
  g_string_append_printf (rdata, " %u %u %u %u %u", values[0], values[1], values[2], values[3],
                          values[4]);
  return TRUE;
}

static gboolean
read_txt (AuraDnsRecord *record, const ldns_rr *rr, GString *rdata)
{
  gsize count = ldns_rr_rd_count (rr);
  g_autoptr (GStrvBuilder) strings = g_strv_builder_new ();
  g_autoptr (GString) joined = g_string_new (NULL);

  if (count == 0)
    return FALSE;
  for (gsize i = 0; i < count; i++)
    {
      const ldns_rdf *rdf = ldns_rr_rdf (rr, i);
      const guint8 *data;
      g_autofree char *text = NULL;

      /* A character-string: its length byte, then the bytes. */
      if (!rdf_is (rdf, LDNS_RDF_TYPE_STR, 0) || ldns_rdf_size (rdf) < 1 ||
          ldns_rdf_data (rdf)[0] != ldns_rdf_size (rdf) - 1)
        return FALSE;
      data = ldns_rdf_data (rdf);
      text = bytes_to_utf8 (data + 1, data[0]);
      g_string_append (joined, text);
      g_strv_builder_add (strings, text);
      if (i > 0)
        g_string_append_c (rdata, ' ');
      append_quoted (rdata, data + 1, data[0]);
    }
  record->strings = g_strv_builder_end (strings);
  record->text = g_string_free (g_steal_pointer (&joined), FALSE);
  return TRUE;
}

static gboolean
read_caa (AuraDnsRecord *record, const ldns_rr *rr, GString *rdata)
{
  const ldns_rdf *tag = ldns_rr_rdf (rr, 1);
  const ldns_rdf *value = ldns_rr_rdf (rr, 2);

  if (ldns_rr_rd_count (rr) != 3 || !rdf_is (ldns_rr_rdf (rr, 0), LDNS_RDF_TYPE_INT8, 1) ||
      !rdf_is (tag, LDNS_RDF_TYPE_TAG, 0) || ldns_rdf_size (tag) < 1 ||
      ldns_rdf_data (tag)[0] != ldns_rdf_size (tag) - 1 ||
      !rdf_is (value, LDNS_RDF_TYPE_LONG_STR, 0))
    return FALSE;
  record->caa_flags = ldns_rdf_data (ldns_rr_rdf (rr, 0))[0];
  record->caa_tag = bytes_to_utf8 (ldns_rdf_data (tag) + 1, ldns_rdf_data (tag)[0]);
  record->caa_value = bytes_to_utf8 (ldns_rdf_data (value), ldns_rdf_size (value));
  g_string_append_printf (rdata, "%u ", record->caa_flags);
  /* Tags are letters and digits (RFC 8659); anything else is escaped. */
  for (gsize i = 1; i < ldns_rdf_size (tag); i++)
    {
      guint8 c = ldns_rdf_data (tag)[i];

      if (g_ascii_isalnum (c))
        g_string_append_c (rdata, (char)c);
      else
        g_string_append_printf (rdata, "\\%03u", c);
    }
  g_string_append_c (rdata, ' ');
  append_quoted (rdata, ldns_rdf_data (value), ldns_rdf_size (value));
  return TRUE;
}

/* Other types: ldns' presentation of each field. */
static gboolean
read_other (const ldns_rr *rr, GString *rdata)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (gsize i = 0; i < ldns_rr_rd_count (rr); i++)
    {
      char *field = ldns_rdf2str (ldns_rr_rdf (rr, i));

      if (field == NULL)
        return FALSE;
      if (i > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, field);
      free (field);
    }
  g_string_append (rdata, text->str);
  return TRUE;
}

AuraDnsRecord *
dns_record_from_ldns (const ldns_rr *rr)
{
  g_autoptr (AuraDnsRecord) record = g_new0 (AuraDnsRecord, 1);
  g_autoptr (GString) rdata = g_string_new (NULL);
  gboolean ok;

  record->type = ldns_rr_get_type (rr);
  record->ttl = ldns_rr_ttl (rr);
  record->name = dns_name_from_rdf (ldns_rr_owner (rr));
  if (record->name == NULL)
    return NULL;
  switch (record->type)
    {
      case AURA_DNS_TYPE_A:
        ok = read_address (record, rr, AF_INET, 4, rdata);
        break;
      case AURA_DNS_TYPE_AAAA:
        ok = read_address (record, rr, AF_INET6, 16, rdata);
        break;
      case AURA_DNS_TYPE_CNAME:
      case AURA_DNS_TYPE_NS:
      case AURA_DNS_TYPE_PTR:
        ok = read_target (record, rr, rdata);
        break;
      case AURA_DNS_TYPE_MX:
        ok = read_mx (record, rr, rdata);
        break;
      case AURA_DNS_TYPE_SRV:
        ok = read_srv (record, rr, rdata);
        break;
      case AURA_DNS_TYPE_SOA:
        ok = read_soa (record, rr, rdata);
        break;
      case AURA_DNS_TYPE_TXT:
        ok = read_txt (record, rr, rdata);
        break;
      case AURA_DNS_TYPE_CAA:
        ok = read_caa (record, rr, rdata);
        break;
      default:
        ok = read_other (rr, rdata);
        break;
    }
  if (!ok)
    {
      g_debug ("skipped a %s record of %s whose data has the wrong shape",
               aura_dns_type_to_string (record->type), record->name);
      return NULL;
    }
  record->rdata = g_utf8_make_valid (rdata->str, rdata->len);
  return g_steal_pointer (&record);
}

/* Result structs ------------------------------------------------------------------ */

void
aura_dns_chain_free (AuraDnsChain *chain)
{
  if (chain == NULL)
    return;
  g_strfreev (chain->names);
  g_strfreev (chain->addresses);
  g_clear_pointer (&chain->records, g_ptr_array_unref);
  g_clear_error (&chain->error);
  g_free (chain);
}

void
aura_dns_survey_free (AuraDnsSurvey *survey)
{
  if (survey == NULL)
    return;
  g_free (survey->domain);
  for (guint i = 0; i < AURA_DNS_SURVEY_N_PARTS; i++)
    {
      g_clear_pointer (&survey->parts[i].records, g_ptr_array_unref);
      g_clear_error (&survey->parts[i].error);
    }
  g_clear_pointer (&survey->spf, aura_spf_record_free);
  g_clear_error (&survey->spf_error);
  g_clear_pointer (&survey->dmarc, aura_dmarc_record_free);
  g_clear_error (&survey->dmarc_error);
  g_free (survey);
}

void
aura_dns_transfer_free (AuraDnsTransfer *transfer)
{
  if (transfer == NULL)
    return;
  g_free (transfer->nameserver);
  g_free (transfer->server);
  g_clear_pointer (&transfer->records, g_ptr_array_unref);
  g_clear_error (&transfer->error);
  g_free (transfer);
}

void
dns_answer_free (DnsAnswer *answer)
{
  if (answer == NULL)
    return;
  g_clear_pointer (&answer->records, g_ptr_array_unref);
  g_free (answer);
}
