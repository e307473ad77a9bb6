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
