/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Finds the objects of a list answer ({"results":[{…},{…}],"total":…}) without building a tree, so
 * each object's text can be stored as the server sent it and parsed on its own. */
#define G_LOG_DOMAIN "swc-page"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "swc-error.h"
#include "swc-page.h"

typedef struct
{
  const char *p;
  const char *end;
} Scanner;

static gboolean
skip_string (Scanner *s)
{
  for (s->p++; s->p < s->end; s->p++)
    {
      if (*s->p == '\\')
        s->p++;
      else if (*s->p == '"')
        {
          s->p++;
          return TRUE;
        }
    }
  return FALSE;
}

/* Skips one value of any kind; s->p is at its first character and ends just after it. FALSE when the
 * body ends first (a truncated answer). */
static gboolean
skip_value (Scanner *s)
{
  int depth = 0;

  while (s->p < s->end)
    {
      char c = *s->p;
      if (c == '"')
        {
          if (!skip_string (s))
            return FALSE;
          if (depth == 0)
            return TRUE;
          continue;
        }
      if (c == '{' || c == '[')
        depth++;
      else if (c == '}' || c == ']')
        {
          if (depth == 0)
            return TRUE; /* the end of the enclosing container: a scalar ended */
          if (--depth == 0)
            {
              s->p++;
              return TRUE;
            }
        }
      else if (c == ',' && depth == 0)
        return TRUE;
      s->p++;
    }
  return FALSE;
}

static void
skip_space (Scanner *s)
{
  while (s->p < s->end && g_ascii_isspace (*s->p))
    s->p++;
}

static gboolean
scan_results (Scanner *s, const char *body, GArray *out)
{
  skip_space (s);
  if (s->p >= s->end || *s->p != '[')
    return FALSE;
  s->p++;
  for (;;)
    {
      const char *start;
      SwcSlice slice;
      skip_space (s);
      if (s->p < s->end && *s->p == ']')
        {
          s->p++;
          return TRUE;
        }
      if (s->p >= s->end || *s->p != '{')
        return FALSE;
      start = s->p;
      if (!skip_value (s))
        return FALSE;
      slice.offset = start - body;
      slice.length = s->p - start;
      g_array_append_val (out, slice);
      skip_space (s);
      if (s->p < s->end && *s->p == ',')
        s->p++;
    }
}

static gint64
scan_int (Scanner *s)
{
  char *end = NULL;
  gint64 v;

  skip_space (s);
  v = g_ascii_strtoll (s->p, &end, 10);
  if (end == s->p)
    {
      skip_value (s);
      return -1;
    }
  s->p = end;
  return v;
}

gboolean
swc_page_scan (const char *body, gsize length, SwcPage *page, GError **error)
{
  Scanner s = { body, body + length };
  gboolean have_results = FALSE;

  page->objects = g_array_new (FALSE, FALSE, sizeof (SwcSlice));
  page->total = page->page = page->pages = -1;
  skip_space (&s);
  if (s.p >= s.end || *s.p != '{')
    goto malformed;
  s.p++;
  for (;;)
    {
      const char *key;
      gsize key_len;
      skip_space (&s);
      if (s.p < s.end && *s.p == '}')
        break;
      if (s.p >= s.end || *s.p != '"')
        goto malformed;
      key = s.p + 1;
      if (!skip_string (&s))
        goto malformed;
      key_len = s.p - key - 1;
      skip_space (&s);
      if (s.p >= s.end || *s.p != ':')
        goto malformed;
      s.p++;
      skip_space (&s);
      if (key_len == 7 && memcmp (key, "results", 7) == 0)
        {
          if (!scan_results (&s, body, page->objects))
            goto malformed;
          have_results = TRUE;
        }
      else if (key_len == 5 && memcmp (key, "total", 5) == 0)
        page->total = scan_int (&s);
      else if (key_len == 5 && memcmp (key, "pages", 5) == 0)
        page->pages = scan_int (&s);
      else if (key_len == 4 && memcmp (key, "page", 4) == 0)
        page->page = scan_int (&s);
      else if (!skip_value (&s))
        goto malformed;
      skip_space (&s);
      if (s.p < s.end && *s.p == ',')
        s.p++;
    }
  if (have_results)
    return TRUE;

malformed:
  g_set_error (error, SWC_ERROR, SWC_ERROR_MALFORMED,
               _("The server's answer is incomplete or not valid JSON"));
  swc_page_clear (page);
  return FALSE;
}

void
swc_page_clear (SwcPage *page)
{
  g_clear_pointer (&page->objects, g_array_unref);
}

/* ---- members of one object, for storing objects without building a tree ---- */

/* The top-level members of the object in text; FALSE when it is not an object. */
gboolean
swc_json_members (const char *text, gsize length, GArray *members)
{
  Scanner s = { text, text + length };

  g_array_set_size (members, 0);
  skip_space (&s);
  if (s.p >= s.end || *s.p != '{')
    return FALSE;
  s.p++;
  for (;;)
    {
      SwcMember m;
      skip_space (&s);
      if (s.p < s.end && *s.p == '}')
        return TRUE;
      if (s.p >= s.end || *s.p != '"')
        return FALSE;
      m.key = s.p + 1;
      if (!skip_string (&s))
        return FALSE;
      m.key_len = s.p - m.key - 1;
      skip_space (&s);
      if (s.p >= s.end || *s.p != ':')
        return FALSE;
      s.p++;
      skip_space (&s);
      m.value = s.p;
      if (!skip_value (&s))
        return FALSE;
      m.value_len = s.p - m.value;
      while (m.value_len > 0 && g_ascii_isspace (m.value[m.value_len - 1]))
        m.value_len--;
      g_array_append_val (members, m);
      skip_space (&s);
      if (s.p < s.end && *s.p == ',')
        s.p++;
    }
}

const SwcMember *
swc_json_member (GArray *members, const char *key)
{
  gsize len = strlen (key);

  for (guint i = 0; i < members->len; i++)
    {
      const SwcMember *m = &g_array_index (members, SwcMember, i);
      if (m->key_len == len && memcmp (m->key, key, len) == 0)
        return m;
    }
  return NULL;
}

static void
append_code_point (GString *out, const char **p, const char *end)
{
  gunichar c = 0, low = 0;
  char hex4[5] = { 0 };

  if (end - *p < 5)
    return;
  memcpy (hex4, *p + 1, 4);
  c = g_ascii_strtoull (hex4, NULL, 16);
  *p += 4;
  if (c >= 0xD800 && c < 0xDC00 && end - *p >= 7 && (*p)[1] == '\\' && (*p)[2] == 'u')
    {
      char hex[5] = { (*p)[3], (*p)[4], (*p)[5], (*p)[6], 0 };
      low = g_ascii_strtoull (hex, NULL, 16);
      if (low >= 0xDC00 && low < 0xE000)
        {
          c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
          *p += 6;
        }
    }
  g_string_append_unichar (out, c);
}

/* The text of a JSON string value, unescaped; NULL when the value is not a string. */
char *
swc_json_string (const char *value, gsize length)
{
  const char *p, *end = value + length;
  GString *out;

  if (length < 2 || value[0] != '"' || value[length - 1] != '"')
    return NULL;
  if (memchr (value + 1, '\\', length - 2) == NULL)
    return g_strndup (value + 1, length - 2);
  out = g_string_sized_new (length);
  for (p = value + 1; p < end - 1; p++)
    {
      if (*p != '\\')
        {
          g_string_append_c (out, *p);
          continue;
        }
      p++;
      switch (*p)
        {
        case 'n': g_string_append_c (out, '\n'); break;
        case 't': g_string_append_c (out, '\t'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case 'b': g_string_append_c (out, '\b'); break;
        case 'f': g_string_append_c (out, '\f'); break;
        case 'u': append_code_point (out, &p, end); break;
        default: g_string_append_c (out, *p); break;
        }
    }
  return g_string_free (out, FALSE);
}

/* The string elements of a JSON array value (others are passed over). */
void
swc_json_array_strings (const char *value, gsize length, GPtrArray *out)
{
  Scanner s = { value, value + length };

  if (length < 2 || value[0] != '[')
    return;
  s.p++;
  for (;;)
    {
      const char *start;
      skip_space (&s);
      if (s.p >= s.end || *s.p == ']')
        return;
      start = s.p;
      if (!skip_value (&s))
        return;
      if (*start == '"')
        g_ptr_array_add (out, swc_json_string (start, s.p - start));
      skip_space (&s);
      if (s.p < s.end && *s.p == ',')
        s.p++;
    }
}
