/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-sources"
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "aura-source-private.h"

/* The JSON path mini-language of source manifests (README.md):
 *
 *   path    := [ "$" ] [ name ] step*
 *   step    := "." name | ".*" | "[" integer "]" | "[*]" | "[" quoted "]"
 *
 * A name is any run of characters other than ". [ ] \"" and control
 * characters; a negative index counts from the end; "*" takes every element
 * of an array or every member of an object. A path is compiled once at load
 * and walked without allocation but for the result array. */

#define PATH_MAX_STEPS 32
#define PATH_MAX_BYTES 512

typedef enum
{
  STEP_MEMBER,
  STEP_INDEX,
  STEP_ALL,
} StepKind;

typedef struct
{
  StepKind kind;
  char *name;
  gint64 index;
} Step;

struct _AuraSourcePath
{
  char *text;
  GArray *steps; /* Step */
};

static void
step_clear (Step *step)
{
  g_free (step->name);
}

void
aura_source_path_free (AuraSourcePath *path)
{
  if (path == NULL)
    return;
  g_array_unref (path->steps);
  g_free (path->text);
  g_free (path);
}

const char *
aura_source_path_get_text (const AuraSourcePath *path)
{
  g_return_val_if_fail (path != NULL, NULL);
  return path->text;
}

static gboolean
path_error (GError **error, const char *text, gsize at, const char *what)
{
  /* Translators: the first %s is a JSON path, %u a position in it (from 1),
   * the last %s what is wrong there. */
  g_set_error (error, AURA_SOURCE_ERROR, AURA_SOURCE_ERROR_INVALID, _ ("path “%s”, at %u: %s"),
               text, (guint)at + 1, what);
  return FALSE;
}

static gboolean
is_name_char (char c)
{
  return c != '.' && c != '[' && c != ']' && c != '"' && (guchar)c >= 0x20 && c != 0x7f;
}

static gboolean
add_step (AuraSourcePath *path, Step *step, const char *text, gsize at, GError **error)
{
  if (path->steps->len >= PATH_MAX_STEPS)
    {
      step_clear (step);
      return path_error (error, text, at, _ ("more than 32 steps"));
    }
  g_array_append_val (path->steps, *step);
  return TRUE;
}

/* A name starting at *p; moves *p past it. */
static gboolean
parse_name (AuraSourcePath *path, const char *text, const char **p, GError **error)
{
  const char *start = *p;
  Step step = { STEP_MEMBER, NULL, 0 };

  if (**p == '*')
    {
      (*p)++;
      step.kind = STEP_ALL;
      return add_step (path, &step, text, start - text, error);
    }
  while (**p != '\0' && is_name_char (**p))
    (*p)++;
  if (*p == start)
    return path_error (error, text, start - text, _ ("a member name is expected"));
  step.name = g_strndup (start, *p - start);
  return add_step (path, &step, text, start - text, error);
}

/* "[…]" starting at *p (on the bracket); moves *p past it. */
static gboolean
parse_bracket (AuraSourcePath *path, const char *text, const char **p, GError **error)
{
  const char *start = *p;
  Step step = { STEP_INDEX, NULL, 0 };

  (*p)++;
  if (**p == '*')
    {
      step.kind = STEP_ALL;
      (*p)++;
    }
  else if (**p == '"')
    {
      const char *name = ++(*p);

      while (**p != '\0' && **p != '"')
        (*p)++;
      if (**p != '"' || *p == name)
        return path_error (error, text, start - text,
                           _ ("a quoted name must be closed and not empty"));
      step.kind = STEP_MEMBER;
      step.name = g_strndup (name, *p - name);
      (*p)++;
    }
  else
    {
      char *end = NULL;

      if (!(g_ascii_isdigit (**p) || (**p == '-' && g_ascii_isdigit ((*p)[1]))))
        return path_error (error, text, start - text,
                           _ ("“[” takes a number, “*” or a quoted name"));
      step.index = g_ascii_strtoll (*p, &end, 10);
      if (step.index > G_MAXINT || step.index < -G_MAXINT)
        return path_error (error, text, start - text, _ ("the index is too large"));
      *p = end;
    }
  if (**p != ']')
    {
      step_clear (&step);
      return path_error (error, text, *p - text, _ ("“]” is missing"));
    }
  (*p)++;
  return add_step (path, &step, text, start - text, error);
}

AuraSourcePath *
aura_source_path_parse (const char *text, GError **error)
{
  g_autoptr (AuraSourcePath) path = g_new0 (AuraSourcePath, 1);
  const char *p = text;

  g_return_val_if_fail (text != NULL, NULL);
  path->text = g_strdup (text);
  path->steps = g_array_new (FALSE, FALSE, sizeof (Step));
  g_array_set_clear_func (path->steps, (GDestroyNotify)step_clear);
  if (strlen (text) > PATH_MAX_BYTES)
    {
      path_error (error, text, 0, _ ("longer than 512 bytes"));
      return NULL;
    }
  if (*p == '$')
    p++;
  if (*p != '\0' && *p != '.' && *p != '[' && !parse_name (path, text, &p, error))
    return NULL;
  while (*p != '\0')
    {
      if (*p == '.')
        {
          p++;
          if (!parse_name (path, text, &p, error))
            return NULL;
        }
      else if (*p == '[')
        {
          if (!parse_bracket (path, text, &p, error))
            return NULL;
        }
      else
        {
          path_error (error, text, p - text, _ ("“.” or “[” is expected"));
          return NULL;
        }
    }
  return g_steal_pointer (&path);
}

static void
walk (const AuraSourcePath *path, guint at, JsonNode *node, GPtrArray *out, guint limit)
{
  const Step *step;

  if (node == NULL || out->len >= limit)
    return;
  if (at == path->steps->len)
    {
      g_ptr_array_add (out, node);
      return;
    }
  step = &g_array_index (path->steps, Step, at);
  switch (step->kind)
    {
      case STEP_MEMBER:
        if (JSON_NODE_HOLDS_OBJECT (node))
          walk (path, at + 1, json_object_get_member (json_node_get_object (node), step->name), out,
                limit);
        break;
      case STEP_INDEX:
        if (JSON_NODE_HOLDS_ARRAY (node))
          {
            JsonArray *array = json_node_get_array (node);
            gint64 n = json_array_get_length (array);
            gint64 i = step->index < 0 ? n + step->index : step->index;

            if (i >= 0 && i < n)
              walk (path, at + 1, json_array_get_element (array, (guint)i), out, limit);
          }
        break;
      case STEP_ALL:
      default:
        if (JSON_NODE_HOLDS_ARRAY (node))
          {
            JsonArray *array = json_node_get_array (node);
            guint n = json_array_get_length (array);

            for (guint i = 0; i < n && out->len < limit; i++)
              walk (path, at + 1, json_array_get_element (array, i), out, limit);
          }
        else if (JSON_NODE_HOLDS_OBJECT (node))
          {
            JsonObjectIter iter;
            JsonNode *member;

            json_object_iter_init (&iter, json_node_get_object (node));
            while (out->len < limit && json_object_iter_next (&iter, NULL, &member))
              walk (path, at + 1, member, out, limit);
          }
        break;
    }
}

void
aura_source_path_collect (const AuraSourcePath *path, JsonNode *root, GPtrArray *out, guint limit)
{
  g_return_if_fail (path != NULL);
  g_return_if_fail (out != NULL);
  walk (path, 0, root, out, limit);
}

JsonNode *
aura_source_path_first (const AuraSourcePath *path, JsonNode *root)
{
  g_autoptr (GPtrArray) found = g_ptr_array_new ();

  g_return_val_if_fail (path != NULL, NULL);
  walk (path, 0, root, found, 1);
  return found->len > 0 ? found->pdata[0] : NULL;
}

static char *
scalar_to_text (JsonNode *node)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (!JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  switch (json_node_get_value_type (node))
    {
      case G_TYPE_STRING:
        return g_strdup (json_node_get_string (node));
      case G_TYPE_INT64:
        return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      case G_TYPE_DOUBLE:
        return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node)));
      case G_TYPE_BOOLEAN:
        return g_strdup (json_node_get_boolean (node) ? "true" : "false");
      default:
        return NULL;
    }
}

char *
aura_source_json_to_text (JsonNode *node)
{
  g_autoptr (GString) joined = NULL;
  JsonArray *array;

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return scalar_to_text (node);
  /* urlscan's search_after is the last result's "sort" array, sent back
   * as its values joined by commas. */
  array = json_node_get_array (node);
  joined = g_string_new (NULL);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *item = scalar_to_text (json_array_get_element (array, i));

      if (item == NULL)
        return NULL;
      if (i > 0)
        g_string_append_c (joined, ',');
      g_string_append (joined, item);
    }
  return joined->len > 0 ? g_string_free (g_steal_pointer (&joined), FALSE) : NULL;
}
