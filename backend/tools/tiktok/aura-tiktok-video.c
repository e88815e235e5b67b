/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-tiktok"
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "aura-tiktok-private.h"

/* yt-dlp's info dicts (`yt-dlp -j`, one JSON object per line) read into
 * AuraTikTokVideo. Running yt-dlp is the adapter's job; this only reads
 * what it printed. */

#define MAX_LINE AURA_TIKTOK_MAX_VIDEO_LINE
#define MAX_REASONS 100
#define MAX_TAGS 100
#define MAX_ENTRIES 10000

void
aura_tiktok_video_free (AuraTikTokVideo *video)
{
  if (video == NULL)
    return;
  g_free (video->id);
  g_free (video->url);
  g_free (video->title);
  g_free (video->description);
  g_free (video->track);
  g_free (video->artist);
  g_strfreev (video->hashtags);
  g_free (video->uploader);
  g_free (video->uploader_id);
  g_free (video);
}

void
aura_tiktok_video_parse_free (AuraTikTokVideoParse *parse)
{
  if (parse == NULL)
    return;
  g_ptr_array_unref (parse->videos);
  g_ptr_array_unref (parse->reasons);
  g_free (parse);
}

/**
 * aura_tiktok_video_copy:
 * @video: a video
 *
 * Returns: (transfer full): a deep copy
 */
AuraTikTokVideo *
aura_tiktok_video_copy (const AuraTikTokVideo *video)
{
  AuraTikTokVideo *copy;

  g_return_val_if_fail (video != NULL, NULL);
  copy = g_memdup2 (video, sizeof *video);
  copy->id = g_strdup (video->id);
  copy->url = g_strdup (video->url);
  copy->title = g_strdup (video->title);
  copy->description = g_strdup (video->description);
  copy->track = g_strdup (video->track);
  copy->artist = g_strdup (video->artist);
  copy->hashtags = g_strdupv (video->hashtags);
  copy->uploader = g_strdup (video->uploader);
  copy->uploader_id = g_strdup (video->uploader_id);
  return copy;
}

/**
 * aura_tiktok_video_parse_copy:
 * @parse: videos read
 *
 * Returns: (transfer full): a deep copy
 */
AuraTikTokVideoParse *
aura_tiktok_video_parse_copy (const AuraTikTokVideoParse *parse)
{
  AuraTikTokVideoParse *copy;

  g_return_val_if_fail (parse != NULL, NULL);
  copy = g_new0 (AuraTikTokVideoParse, 1);
  copy->videos = g_ptr_array_new_full (parse->videos->len, (GDestroyNotify)aura_tiktok_video_free);
  for (guint i = 0; i < parse->videos->len; i++)
    g_ptr_array_add (copy->videos, aura_tiktok_video_copy (parse->videos->pdata[i]));
  copy->reasons = g_ptr_array_new_full (parse->reasons->len, g_free);
  for (guint i = 0; i < parse->reasons->len; i++)
    g_ptr_array_add (copy->reasons, g_strdup (parse->reasons->pdata[i]));
  copy->lines = parse->lines;
  copy->skipped = parse->skipped;
  return copy;
}

static char *
read_text (JsonObject *object, const char *member, gboolean keep_newlines, guint max_chars)
{
  return aura_tiktok_clean_text (aura_tiktok_json_string (object, member), -1, keep_newlines, FALSE,
                                 max_chars);
}

/* A string, or a number written as text. */
static char *
read_token (JsonObject *object, const char *member)
{
  const char *text = aura_tiktok_json_string (object, member);
  gint64 number;

  if (text != NULL)
    return aura_tiktok_clean_text (text, -1, FALSE, TRUE, 128);
  if (aura_tiktok_json_int (object, member, &number))
    return g_strdup_printf ("%" G_GINT64_FORMAT, number);
  return NULL;
}

static gint64
read_count (JsonObject *object, const char *member)
{
  gint64 value;

  return aura_tiktok_json_int (object, member, &value) && value >= 0 ? value : -1;
}

/* "timestamp" (Unix seconds, maybe fractional), else "upload_date"
 * (YYYYMMDD) at midnight UTC. */
static gint64
read_timestamp (JsonObject *object)
{
  const char *date = aura_tiktok_json_string (object, "upload_date");
  gint64 value;

  if (aura_tiktok_json_int (object, "timestamp", &value) && value > 0)
    return value;
  if (date != NULL && strlen (date) == 8 && strspn (date, "0123456789") == 8)
    {
      int year = (int)g_ascii_strtoll (date, NULL, 10) / 10000;
      int month = (int)(g_ascii_strtoll (date, NULL, 10) / 100 % 100);
      int day = (int)(g_ascii_strtoll (date, NULL, 10) % 100);
      g_autoptr (GDateTime) dt = NULL;

      if (g_date_valid_dmy ((GDateDay)day, (GDateMonth)month, (GDateYear)year))
        dt = g_date_time_new_utc (year, month, day, 0, 0, 0);
      if (dt != NULL)
        return g_date_time_to_unix (dt);
    }
  return 0;
}

static double
read_duration (JsonObject *object)
{
  JsonNode *node = json_object_get_member (object, "duration");
  double value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return -1;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    value = (double)json_node_get_int (node);
  else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    value = json_node_get_double (node);
  else
    return -1;
  return isfinite (value) && value >= 0 ? value : -1;
}

static void
add_tag (GPtrArray *tags, GHashTable *seen, const char *raw)
{
  g_autofree char *clean = NULL;
  char *folded;

  if (raw == NULL || tags->len >= MAX_TAGS)
    return;
  while (*raw == '#')
    raw++;
  clean = aura_tiktok_clean_text (raw, -1, FALSE, TRUE, 100);
  if (clean == NULL || strchr (clean, ' ') != NULL || strchr (clean, '#') != NULL)
    return;
  folded = g_utf8_casefold (clean, -1);
  if (g_hash_table_add (seen, folded))
    g_ptr_array_add (tags, g_strdup (folded));
}

static char **
read_hashtags (JsonObject *object, const char *description)
{
  g_autoptr (GPtrArray) tags = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonNode *node = json_object_get_member (object, "tags");

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element) &&
              json_node_get_value_type (element) == G_TYPE_STRING)
            add_tag (tags, seen, json_node_get_string (element));
        }
    }
  if (description != NULL)
    {
      g_autoptr (GPtrArray) items = aura_tiktok_analyse_bio (description, NULL);

      for (guint i = 0; i < items->len; i++)
        {
          AuraTikTokBioItem *item = items->pdata[i];

          if (item->kind == AURA_TIKTOK_BIO_HASHTAG)
            add_tag (tags, seen, item->value);
        }
    }
  g_ptr_array_add (tags, NULL);
  return (char **)g_ptr_array_free (g_steal_pointer (&tags), FALSE);
}

/* The artist: "artist", else the first of "artists", else "creator". */
static char *
read_artist (JsonObject *object)
{
  JsonNode *node = json_object_get_member (object, "artists");
  char *artist = read_text (object, "artist", FALSE, 256);

  if (artist == NULL && node != NULL && JSON_NODE_HOLDS_ARRAY (node) &&
      json_array_get_length (json_node_get_array (node)) > 0)
    {
      JsonNode *first = json_array_get_element (json_node_get_array (node), 0);

      if (JSON_NODE_HOLDS_VALUE (first) && json_node_get_value_type (first) == G_TYPE_STRING)
        artist = aura_tiktok_clean_text (json_node_get_string (first), -1, FALSE, TRUE, 256);
    }
  return artist;
}

/**
 * aura_tiktok_video_from_json:
 * @object: one info dict
 * @error: return location for an %AURA_TIKTOK_ERROR_INVALID_DATA
 *
 * Returns: (transfer full) (nullable): the video
 */
AuraTikTokVideo *
aura_tiktok_video_from_json (JsonObject *object, GError **error)
{
  g_autoptr (AuraTikTokVideo) video = g_new0 (AuraTikTokVideo, 1);
  g_autofree char *url = NULL;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  video->id = read_token (object, "id");
  if (video->id == NULL || strchr (video->id, ' ') != NULL)
    {
      g_set_error_literal (error, AURA_TIKTOK_ERROR, AURA_TIKTOK_ERROR_INVALID_DATA,
                           _ ("The entry has no video id"));
      return NULL;
    }
  url = read_text (object, "webpage_url", FALSE, AURA_TIKTOK_MAX_URL_BYTES);
  if (url == NULL)
    url = read_text (object, "original_url", FALSE, AURA_TIKTOK_MAX_URL_BYTES);
  if (url != NULL && (g_str_has_prefix (url, "https://") || g_str_has_prefix (url, "http://")) &&
      strchr (url, ' ') == NULL)
    video->url = g_steal_pointer (&url);
  video->title = read_text (object, "title", FALSE, AURA_TIKTOK_MAX_BIO_CHARS);
  video->description = read_text (object, "description", TRUE, AURA_TIKTOK_MAX_BIO_CHARS);
  video->timestamp = read_timestamp (object);
  video->duration = read_duration (object);
  video->views = read_count (object, "view_count");
  video->likes = read_count (object, "like_count");
  video->comments = read_count (object, "comment_count");
  video->shares = read_count (object, "repost_count");
  video->track = read_text (object, "track", FALSE, 256);
  video->artist = read_artist (object);
  video->uploader = read_token (object, "uploader");
  video->uploader_id = read_token (object, "uploader_id");
  video->hashtags =
      read_hashtags (object, video->description != NULL ? video->description : video->title);
  return g_steal_pointer (&video);
}

/* ---- Lines ---------------------------------------------------------------- */

/* The reader behind aura_tiktok_parse_videos() and
 * AuraTikTokVideoReader: one line at a time, so that the same code reads a
 * file and yt-dlp's output as it comes. */
struct _AuraTikTokVideoReader
{
  AuraTikTokVideoParse *parse;
  GHashTable *ids;
  gboolean entries; /* numbering entries of an array, not lines */
  guint line;       /* lines seen, blank ones included */
};

typedef AuraTikTokVideoReader Reader;

static void
skip_line (Reader *r, guint line, const char *reason)
{
  r->parse->skipped++;
  if (r->parse->reasons->len < MAX_REASONS)
    g_ptr_array_add (r->parse->reasons, r->entries
                                            ? g_strdup_printf (_ ("entry %u: %s"), line, reason)
                                            : g_strdup_printf (_ ("line %u: %s"), line, reason));
}

static void
add_object (Reader *r, guint line, JsonObject *object)
{
  g_autoptr (GError) error = NULL;
  AuraTikTokVideo *video = aura_tiktok_video_from_json (object, &error);

  if (video == NULL)
    skip_line (r, line, error->message);
  else if (!g_hash_table_add (r->ids, g_strdup (video->id)))
    {
      g_autofree char *reason = g_strdup_printf (_ ("video %s was already read"), video->id);

      skip_line (r, line, reason);
      aura_tiktok_video_free (video);
    }
  else
    g_ptr_array_add (r->parse->videos, video);
}

static void
read_line (Reader *r, guint line, const char *text, gsize len)
{
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GError) error = NULL;
  const char *reason = NULL;
  JsonNode *root;
  JsonNode *entries;

  if (len > MAX_LINE)
    {
      skip_line (r, line, _ ("longer than 1 MiB"));
      return;
    }
  if (text[0] != '{')
    {
      skip_line (r, line, _ ("not a JSON object"));
      return;
    }
  if (!aura_tiktok_json_within_bounds (text, len, 64, 200000, &reason))
    {
      g_autofree char *message = g_strdup_printf (_ ("not valid JSON (%s)"), reason);
      {
        skip_line (r, line, message);
        return;
      }
    }
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, (gssize)len, &error))
    {
      g_autofree char *message = g_strdup_printf (_ ("not valid JSON (%s)"), error->message);
      {
        skip_line (r, line, message);
        return;
      }
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      skip_line (r, line, _ ("not a JSON object"));
      return;
    }
  /* A whole playlist (`yt-dlp -J`) holds its videos in "entries". */
  entries = json_object_get_member (json_node_get_object (root), "entries");
  if (entries != NULL && JSON_NODE_HOLDS_ARRAY (entries))
    {
      JsonArray *array = json_node_get_array (entries);

      for (guint i = 0; i < json_array_get_length (array) && i < MAX_ENTRIES; i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_OBJECT (element))
            add_object (r, line, json_node_get_object (element));
        }
      return;
    }
  add_object (r, line, json_node_get_object (root));
}

static AuraTikTokVideoParse *
parse_new (void)
{
  AuraTikTokVideoParse *parse = g_new0 (AuraTikTokVideoParse, 1);

  parse->videos = g_ptr_array_new_with_free_func ((GDestroyNotify)aura_tiktok_video_free);
  parse->reasons = g_ptr_array_new_with_free_func (g_free);
  return parse;
}

/**
 * aura_tiktok_video_reader_new:
 *
 * Returns: (transfer full): a reader of `yt-dlp -j` lines, empty
 */
AuraTikTokVideoReader *
aura_tiktok_video_reader_new (void)
{
  AuraTikTokVideoReader *self = g_new0 (AuraTikTokVideoReader, 1);

  self->parse = parse_new ();
  self->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return self;
}

void
aura_tiktok_video_reader_free (AuraTikTokVideoReader *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->parse, aura_tiktok_video_parse_free);
  g_hash_table_unref (self->ids);
  g_free (self);
}

/**
 * aura_tiktok_video_reader_add_line:
 * @self: a reader
 * @line: one line, without its line break (white space around it is
 *   ignored; a blank line only counts for the numbering)
 * @length: its length in bytes, -1 when NUL-terminated
 *
 * Reads one line as aura_tiktok_parse_videos() would. Past
 * AURA_TIKTOK_MAX_VIDEO_LINES lines, lines are ignored.
 *
 * Returns: %FALSE once the line limit is reached (this line and every
 *   later one is ignored)
 */
gboolean
aura_tiktok_video_reader_add_line (AuraTikTokVideoReader *self, const char *line, gssize length)
{
  AuraTikTokVideoParse *parse;
  gsize a = 0, b;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (line != NULL || length == 0, FALSE);

  if (self->line >= AURA_TIKTOK_MAX_VIDEO_LINES)
    return FALSE;
  parse = self->parse;
  b = length < 0 ? strlen (line) : (gsize)length;
  self->line++;
  while (a < b && g_ascii_isspace (line[a]))
    a++;
  while (b > a && g_ascii_isspace (line[b - 1]))
    b--;
  if (b > a)
    {
      parse->lines++;
      if (memchr (line + a, '\0', b - a) != NULL)
        skip_line (self, self->line, _ ("holds a NUL byte"));
      else
        read_line (self, self->line, line + a, b - a);
    }
  return TRUE;
}

/**
 * aura_tiktok_video_reader_skip_line:
 * @self: a reader
 * @reason: why the line could not be given (“longer than 4 MiB”)
 *
 * Counts a line that was not handed over, as a skipped line with its
 * reason.
 */
void
aura_tiktok_video_reader_skip_line (AuraTikTokVideoReader *self, const char *reason)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (reason != NULL);

  if (self->line >= AURA_TIKTOK_MAX_VIDEO_LINES)
    return;
  self->line++;
  self->parse->lines++;
  skip_line (self, self->line, reason);
}

/* The videos read so far (transfer none). */
const AuraTikTokVideoParse *
aura_tiktok_video_reader_get_parse (AuraTikTokVideoReader *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->parse;
}

/**
 * aura_tiktok_video_reader_finish:
 * @self: (transfer full): a reader, freed
 *
 * Returns: (transfer full): what it read
 */
AuraTikTokVideoParse *
aura_tiktok_video_reader_finish (AuraTikTokVideoReader *self)
{
  AuraTikTokVideoParse *parse;

  g_return_val_if_fail (self != NULL, NULL);
  parse = g_steal_pointer (&self->parse);
  aura_tiktok_video_reader_free (self);
  return parse;
}

/**
 * aura_tiktok_parse_videos:
 * @text: yt-dlp's output
 * @len: its length, -1 when NUL-terminated
 *
 * Returns: (transfer full): the videos and what was skipped
 */
AuraTikTokVideoParse *
aura_tiktok_parse_videos (const char *text, gssize len)
{
  AuraTikTokVideoReader *reader = aura_tiktok_video_reader_new ();
  gsize total = text == NULL ? 0 : len < 0 ? strlen (text) : (gsize)len;

  for (gsize start = 0; start < total;)
    {
      const char *nl = memchr (text + start, '\n', total - start);
      gsize end = nl != NULL ? (gsize)(nl - text) : total;

      if (!aura_tiktok_video_reader_add_line (reader, text + start, (gssize)(end - start)))
        break;
      start = end + 1;
    }
  return aura_tiktok_video_reader_finish (reader);
}

/**
 * aura_tiktok_parse_video_array:
 * @array: info dicts, as an adapter collected them
 *
 * Like aura_tiktok_parse_videos() for JSON already parsed: every element
 * that is not an info dict is counted and skipped ("entry N: why").
 *
 * Returns: (transfer full): the videos and what was skipped
 */
AuraTikTokVideoParse *
aura_tiktok_parse_video_array (JsonArray *array)
{
  AuraTikTokVideoParse *parse;
  Reader r = { NULL, NULL, TRUE, 0 };

  g_return_val_if_fail (array != NULL, NULL);

  parse = r.parse = parse_new ();
  r.ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < json_array_get_length (array) && i < AURA_TIKTOK_MAX_VIDEO_LINES; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      parse->lines++;
      if (!JSON_NODE_HOLDS_OBJECT (element))
        skip_line (&r, i + 1, _ ("not a JSON object"));
      else
        add_object (&r, i + 1, json_node_get_object (element));
    }
  g_hash_table_unref (r.ids);
  return parse;
}
