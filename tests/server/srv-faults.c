/* SPDX-License-Identifier: GPL-3.0-or-later */
/* --faults: latency, HTTP 500s, connections closed mid-body, malformed JSON, stalls; and mutations
 * of the real answers, so clients can be tested against whatever a broken or hostile server sends.
 */
#define G_LOG_DOMAIN "swc-testserver"

#include "srv.h"

#include <gio/gio.h>
#include <string.h>

static const char *const mutations[] = {
  "no-paging",      /* total, page and pages left out */
  "negative-pages", /* pages and total are -1 */
  "huge-pages",     /* pages is 2^31, total 2^40 */
  "wrong-types",    /* total and pages as strings */
  "duplicate-keys", /* every object's "id" twice, the first with another value */
  "empty-body",     /* 200 with nothing in it */
  "truncate",       /* the body cut off at a random byte */
  "html",           /* 200 with an HTML error page */
  NULL,
};

gboolean
srv_faults_parse (SrvFaults *faults, const char *spec, GError **error)
{
  g_auto(GStrv) items = g_strsplit (spec ? spec : "", ",", -1);

  memset (faults, 0, sizeof *faults);
  faults->mutate_rate = 1;
  for (guint i = 0; items[i]; i++)
    {
      g_auto(GStrv) kv = g_strsplit (g_strstrip (items[i]), "=", 2);
      double v;
      if (kv[0][0] == '\0')
        continue;
      if (g_strv_length (kv) != 2)
        goto bad;
      v = g_ascii_strtod (kv[1], NULL);
      if (g_str_equal (kv[0], "latency"))
        faults->latency_ms = v;
      else if (g_str_equal (kv[0], "error-rate"))
        faults->error_rate = v;
      else if (g_str_equal (kv[0], "reset-rate"))
        faults->reset_rate = v;
      else if (g_str_equal (kv[0], "malformed-rate"))
        faults->malformed_rate = v;
      else if (g_str_equal (kv[0], "stall-rate"))
        faults->stall_rate = v;
      else if (g_str_equal (kv[0], "malformed-first"))
        faults->malformed_first = (guint) v;
      else if (g_str_equal (kv[0], "mutate") && g_strv_contains (mutations, kv[1]))
        faults->mutate = g_strdup (kv[1]);
      else if (g_str_equal (kv[0], "mutate-rate"))
        faults->mutate_rate = v;
      else if (g_str_equal (kv[0], "mutate-path"))
        faults->mutate_path = g_strdup (kv[1]);
      else
        goto bad;
      continue;
    bad:
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "Unknown fault '%s'", items[i]);
      return FALSE;
    }
  return TRUE;
}

static gboolean
roll (Srv *srv, double rate)
{
  return rate > 0 && g_rand_double (srv->rand) < rate;
}

static gboolean
unpause_cb (gpointer data)
{
  soup_server_message_unpause (data);
  g_object_unref (data);
  return G_SOURCE_REMOVE;
}

static void
finish_later (Srv *srv, SoupServerMessage *msg, guint ms)
{
  soup_server_message_pause (msg);
  g_timeout_add (ms, unpause_cb, g_object_ref (msg));
}

/* Sends headers that promise a long body, part of it, and closes the connection. */
static void
reset_connection (SoupServerMessage *msg)
{
  static const char partial[] =
      "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n"
      "Content-Length: 100000\r\n\r\n{\"results\":[{\"id\":\"";
  GIOStream *stream = soup_server_message_steal_connection (msg);

  if (stream == NULL)
    return;
  g_output_stream_write_all (g_io_stream_get_output_stream (stream), partial, strlen (partial),
                             NULL, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
  g_object_unref (stream);
}

/* TRUE when the fault answered the request itself. */
gboolean
srv_faults_apply (Srv *srv, SoupServerMessage *msg)
{
  SrvFaults *f = &srv->faults;

  if (roll (srv, f->stall_rate))
    {
      srv_reply_error (msg, 504, "message", "Gateway Timeout");
      finish_later (srv, msg, 60000);
      return TRUE;
    }
  if (roll (srv, f->error_rate))
    {
      srv_reply_error (msg, 500, "error", "Internal Server Error");
      if (f->latency_ms > 0)
        finish_later (srv, msg, f->latency_ms);
      return TRUE;
    }
  if (roll (srv, f->reset_rate))
    {
      reset_connection (msg);
      return TRUE;
    }
  if (f->malformed_first > 0 || roll (srv, f->malformed_rate))
    {
      if (f->malformed_first > 0)
        f->malformed_first--;
      srv_reply_json_text (msg, 200, "{\"results\":[{\"id\":\"broken\",\"naam\":\"Gemeente", -1);
      return TRUE;
    }
  if (f->latency_ms > 0)
    finish_later (srv, msg, f->latency_ms);
  return FALSE;
}

/* ---- mutations of real answers ---- */

static char *
replace_all (const char *text, const char *pattern, const char *replacement)
{
  g_autoptr(GRegex) re = g_regex_new (pattern, G_REGEX_OPTIMIZE, 0, NULL);

  return g_regex_replace (re, text, -1, 0, replacement, 0, NULL);
}

static char *
mutated (Srv *srv, const char *kind, const char *body, gsize len)
{
  if (g_str_equal (kind, "no-paging"))
    return replace_all (body, "\"(total|page|pages)\":", "\"_\\1\":");
  if (g_str_equal (kind, "negative-pages"))
    return replace_all (body, "\"(total|pages)\":\\d+", "\"\\1\":-1");
  if (g_str_equal (kind, "huge-pages"))
    {
      g_autofree char *a = replace_all (body, "\"pages\":\\d+", "\"pages\":2147483648");
      return replace_all (a, "\"total\":\\d+", "\"total\":1099511627776");
    }
  if (g_str_equal (kind, "wrong-types"))
    return replace_all (body, "\"(total|pages)\":(\\d+)", "\"\\1\":\"\\2\"");
  if (g_str_equal (kind, "duplicate-keys"))
    return replace_all (body,
                        "\\{\"id\":", "{\"id\":\"00000000-0000-4000-8000-00000000dead\",\"id\":");
  if (g_str_equal (kind, "truncate"))
    return g_strndup (body, len > 1
                                ? g_rand_int_range (srv->rand, 0, (gint32) MIN (len, G_MAXINT32))
                                : 0);
  return NULL;
}

/* Mutates the answer the server prepared, as --faults mutate=KIND says (for mutate-rate of the
 * answers whose path contains mutate-path). The answer's status stays. */
void
srv_faults_mutate (Srv *srv, SoupServerMessage *msg, const char *path)
{
  SrvFaults *f = &srv->faults;
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  char *changed;

  if (f->mutate == NULL || (f->mutate_path && strstr (path, f->mutate_path) == NULL) ||
      !roll (srv, f->mutate_rate))
    return;
  if (g_str_equal (f->mutate, "empty-body") || g_str_equal (f->mutate, "html"))
    {
      const char *html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
      gboolean empty = g_str_equal (f->mutate, "empty-body");
      soup_message_body_truncate (body); /* set_response appends to what the body holds */
      soup_server_message_set_response (msg, empty ? "application/json" : "text/html",
                                        SOUP_MEMORY_STATIC, empty ? "" : html,
                                        empty ? 0 : strlen (html));
      return;
    }
  bytes = soup_message_body_flatten (body);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  if ((changed = mutated (srv, f->mutate, text, g_bytes_get_size (bytes))) == NULL)
    return;
  soup_message_body_truncate (body);
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_TAKE,
                                    changed, strlen (changed));
}
