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

/* Nesting deeper than this is refused (no answer of the backend comes near; a hostile one could
 * exhaust the stack). */
#define MAX_DEPTH 128

static void
skip_space (Scanner *s)
{
  while (s->p < s->end && (*s->p == ' ' || *s->p == '\n' || *s->p == '\r' || *s->p == '\t'))
    s->p++;
}

/* A string (s->p at its opening quote): escapes as JSON allows them, no raw control characters. */
static gboolean
skip_string (Scanner *s)
{
  for (s->p++; s->p < s->end; s->p++)
    {
      guchar c = (guchar) *s->p;
      if (c == '"')
        {
          s->p++;
          return TRUE;
        }
      if (c < 0x20)
        return FALSE;
      if (c != '\\')
        continue;
      if (++s->p >= s->end)
        return FALSE;
      if (*s->p == 'u')
        {
          if (s->end - s->p < 5)
            return FALSE;
          for (int i = 1; i <= 4; i++)
            if (!g_ascii_isxdigit (s->p[i]))
              return FALSE;
          s->p += 4;
        }
      else if (strchr ("\"\\/bfnrt", *s->p) == NULL || *s->p == '\0')
        return FALSE;
    }
  return FALSE;
}

static gboolean
skip_digits (Scanner *s)
{
  const char *start = s->p;

  while (s->p < s->end && g_ascii_isdigit (*s->p))
    s->p++;
  return s->p > start;
}

/* -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static gboolean
skip_number (Scanner *s)
{
  if (s->p < s->end && *s->p == '-')
    s->p++;
  if (s->p < s->end && *s->p == '0')
    s->p++;
  else if (!skip_digits (s))
    return FALSE;
  if (s->p < s->end && *s->p == '.' && (s->p++, !skip_digits (s)))
    return FALSE;
  if (s->p < s->end && (*s->p == 'e' || *s->p == 'E'))
    {
      s->p++;
      if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
        s->p++;
      if (!skip_digits (s))
        return FALSE;
    }
  return TRUE;
}

static gboolean
skip_word (Scanner *s, const char *word)
{
  gsize len = strlen (word);

  if ((gsize) (s->end - s->p) < len || memcmp (s->p, word, len) != 0)
    return FALSE;
  s->p += len;
  return TRUE;
}

typedef struct
{
  const char *key;
  gsize len;
  guint32 hash;
} Key;

static guint32
key_hash (const char *key, gsize len)
{
  guint32 h = 2166136261u;

  for (gsize i = 0; i < len; i++)
    h = (h ^ (guchar) key[i]) * 16777619u;
  return h;
}

/* The keys of one object: a short list looked through, or past KEYS_LISTED a hash table, so an
 * object with a hundred thousand keys costs no more than its size. */
#define KEYS_LISTED 32

typedef struct
{
  GArray *list;      /* Key */
  GHashTable *table; /* nullable: Key* (in list) -> itself, once the list is long */
} Keys;

static guint
key_hash_cb (gconstpointer k)
{
  return ((const Key *) k)->hash;
}

static gboolean
key_equal_cb (gconstpointer a, gconstpointer b)
{
  const Key *x = a, *y = b;

  return x->len == y->len && memcmp (x->key, y->key, x->len) == 0;
}

static void
keys_init (Keys *keys)
{
  keys->list = g_array_sized_new (FALSE, FALSE, sizeof (Key), KEYS_LISTED);
  keys->table = NULL;
}

static void
keys_clear (Keys *keys)
{
  g_clear_pointer (&keys->table, g_hash_table_unref);
  g_clear_pointer (&keys->list, g_array_unref);
}

/* Whether key was seen among the object's keys so far; adds it when not. */
static gboolean
key_repeated (Keys *keys, const char *key, gsize len)
{
  Key k = { key, len, key_hash (key, len) };

  if (keys->table != NULL)
    {
      Key *copy;
      if (g_hash_table_contains (keys->table, &k))
        return TRUE;
      copy = g_memdup2 (&k, sizeof k);
      g_hash_table_add (keys->table, copy);
      return FALSE;
    }
  for (guint i = 0; i < keys->list->len; i++)
    if (key_equal_cb (&g_array_index (keys->list, Key, i), &k))
      return TRUE;
  g_array_append_val (keys->list, k);
  if (keys->list->len >= KEYS_LISTED)
    {
      keys->table = g_hash_table_new_full (key_hash_cb, key_equal_cb, g_free, NULL);
      for (guint i = 0; i < keys->list->len; i++)
        g_hash_table_add (keys->table,
                          g_memdup2 (&g_array_index (keys->list, Key, i), sizeof (Key)));
    }
  return FALSE;
}

static gboolean skip_value_at (Scanner *s, guint depth);

/* An object (s->p at '{'): members separated by commas, every key once (a repeated key would make
 * the object mean whatever the reader takes: refused). */
static gboolean skip_object_keys (Scanner *s, guint depth, Keys *keys);

static gboolean
skip_object (Scanner *s, guint depth)
{
  Keys keys;
  gboolean ok;

  keys_init (&keys);
  ok = skip_object_keys (s, depth, &keys);
  keys_clear (&keys);
  return ok;
}

static gboolean
skip_object_keys (Scanner *s, guint depth, Keys *keys)
{
  s->p++;
  skip_space (s);
  if (s->p < s->end && *s->p == '}')
    {
      s->p++;
      return TRUE;
    }
  for (;;)
    {
      const char *key = s->p + 1;
      if (s->p >= s->end || *s->p != '"' || !skip_string (s) ||
          key_repeated (keys, key, s->p - key - 1))
        return FALSE;
      skip_space (s);
      if (s->p >= s->end || *s->p++ != ':')
        return FALSE;
      skip_space (s);
      if (!skip_value_at (s, depth + 1))
        return FALSE;
      skip_space (s);
      if (s->p < s->end && *s->p == '}')
        {
          s->p++;
          return TRUE;
        }
      if (s->p >= s->end || *s->p++ != ',')
        return FALSE;
      skip_space (s);
    }
}

static gboolean
skip_array (Scanner *s, guint depth)
{
  s->p++;
  skip_space (s);
  if (s->p < s->end && *s->p == ']')
    {
      s->p++;
      return TRUE;
    }
  for (;;)
    {
      if (!skip_value_at (s, depth + 1))
        return FALSE;
      skip_space (s);
      if (s->p < s->end && *s->p == ']')
        {
          s->p++;
          return TRUE;
        }
      if (s->p >= s->end || *s->p++ != ',')
        return FALSE;
      skip_space (s);
    }
}

/* One value of any kind, checked against JSON's grammar; s->p is at its first character and ends
 * just after it. FALSE for anything that is not JSON (a truncated answer, HTML, a repeated key). */
static gboolean
skip_value_at (Scanner *s, guint depth)
{
  if (s->p >= s->end || depth > MAX_DEPTH)
    return FALSE;
  switch (*s->p)
    {
    case '"':
      return skip_string (s);
    case '{':
      return skip_object (s, depth);
    case '[':
      return skip_array (s, depth);
    case 't':
      return skip_word (s, "true");
    case 'f':
      return skip_word (s, "false");
    case 'n':
      return skip_word (s, "null");
    default:
      return skip_number (s);
    }
}

static gboolean
skip_value (Scanner *s)
{
  return skip_value_at (s, 0);
}

static gboolean
scan_results (Scanner *s, const char *body, GArray *out)
{
  skip_space (s);
  if (s->p >= s->end || *s->p != '[')
    return FALSE;
  s->p++;
  skip_space (s);
  if (s->p < s->end && *s->p == ']')
    {
      s->p++;
      return TRUE;
    }
  for (;;)
    {
      const char *start = s->p;
      SwcSlice slice;
      if (s->p >= s->end || *s->p != '{' || !skip_object (s, 1))
        return FALSE;
      slice.offset = start - body;
      slice.length = s->p - start;
      g_array_append_val (out, slice);
      skip_space (s);
      if (s->p < s->end && *s->p == ']')
        {
          s->p++;
          return TRUE;
        }
      if (s->p >= s->end || *s->p++ != ',')
        return FALSE;
      skip_space (s);
    }
}

/* A paging number: a whole number that is not negative, or null (as good as absent: -1). FALSE for
 * any other value (a string, a fraction, a negative count). */
static gboolean
scan_count (Scanner *s, gint64 *out)
{
  const char *start = s->p;
  char digits[24];
  guint64 v;

  if (skip_word (s, "null"))
    {
      *out = -1;
      return TRUE;
    }
  if (!skip_number (s) || s->p == start || *start == '-' || memchr (start, '.', s->p - start) ||
      memchr (start, 'e', s->p - start) || memchr (start, 'E', s->p - start))
    return FALSE;
  if ((gsize) (s->p - start) >= sizeof digits)
    return FALSE; /* past any count a server can mean */
  memcpy (digits, start, s->p - start);
  digits[s->p - start] = '\0';
  if (!g_ascii_string_to_unsigned (digits, 10, 0, G_MAXINT64, &v, NULL))
    return FALSE;
  *out = (gint64) v;
  return TRUE;
}

static gboolean
scan_top_member (Scanner *s, const char *key, gsize key_len, const char *body, SwcPage *page,
                 gboolean *have_results)
{
  if (key_len == 7 && memcmp (key, "results", 7) == 0)
    return (*have_results = scan_results (s, body, page->objects));
  if (key_len == 5 && memcmp (key, "total", 5) == 0)
    return scan_count (s, &page->total);
  if (key_len == 5 && memcmp (key, "pages", 5) == 0)
    return scan_count (s, &page->pages);
  if (key_len == 4 && memcmp (key, "page", 4) == 0)
    return scan_count (s, &page->page);
  return skip_value_at (s, 1);
}

/* A list answer: one JSON object, nothing after it, in UTF-8, every key once, with "results" an
 * array of objects and the paging numbers whole numbers. Anything else is refused as a broken
 * answer, before any of it is used. */
gboolean
swc_page_scan (const char *body, gsize length, SwcPage *page, GError **error)
{
  Scanner s = { body, body + length };
  gboolean have_results = FALSE;
  Keys keys;

  page->objects = g_array_new (FALSE, FALSE, sizeof (SwcSlice));
  page->total = page->page = page->pages = -1;
  if (length == 0 || body == NULL)
    {
      g_set_error (error, SWC_ERROR, SWC_ERROR_MALFORMED, _("The server's answer is empty"));
      swc_page_clear (page);
      return FALSE;
    }
  keys_init (&keys);
  if (!g_utf8_validate_len (body, length, NULL))
    goto malformed;
  skip_space (&s);
  if (s.p >= s.end || *s.p++ != '{')
    goto malformed;
  skip_space (&s);
  while (s.p < s.end && *s.p != '}')
    {
      const char *key = s.p + 1;
      gsize key_len;
      if (*s.p != '"' || !skip_string (&s) || key_repeated (&keys, key, (key_len = s.p - key - 1)))
        goto malformed;
      skip_space (&s);
      if (s.p >= s.end || *s.p++ != ':')
        goto malformed;
      skip_space (&s);
      if (!scan_top_member (&s, key, key_len, body, page, &have_results))
        goto malformed;
      skip_space (&s);
      if (s.p < s.end && *s.p == ',')
        {
          s.p++;
          skip_space (&s);
          if (s.p < s.end && *s.p == '}')
            goto malformed;
        }
      else if (s.p < s.end && *s.p != '}')
        goto malformed;
    }
  if (s.p >= s.end)
    goto malformed;
  s.p++;
  skip_space (&s);
  if (have_results && s.p == s.end)
    {
      keys_clear (&keys);
      return TRUE;
    }

malformed:
  keys_clear (&keys);
  g_set_error (error, SWC_ERROR, SWC_ERROR_MALFORMED,
               _("The server's answer is incomplete or not valid JSON"));
  swc_page_clear (page);
  return FALSE;
}

/* Whether text is one JSON value and nothing else, by the same rules as a list answer (UTF-8, every
 * key of an object once, bounded nesting). */
gboolean
swc_json_valid (const char *text, gsize length)
{
  Scanner s = { text, text + length };

  if (text == NULL || length == 0 || !g_utf8_validate_len (text, length, NULL))
    return FALSE;
  skip_space (&s);
  if (!skip_value (&s))
    return FALSE;
  skip_space (&s);
  return s.p == s.end;
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
        case 'n':
          g_string_append_c (out, '\n');
          break;
        case 't':
          g_string_append_c (out, '\t');
          break;
        case 'r':
          g_string_append_c (out, '\r');
          break;
        case 'b':
          g_string_append_c (out, '\b');
          break;
        case 'f':
          g_string_append_c (out, '\f');
          break;
        case 'u':
          append_code_point (out, &p, end);
          break;
        default:
          g_string_append_c (out, *p);
          break;
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
