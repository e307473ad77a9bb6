/* SPDX-License-Identifier: GPL-3.0-or-later */
/* --faults: latency, HTTP 500s, connections closed mid-body, malformed JSON, stalls. */
#define G_LOG_DOMAIN "swc-testserver"

#include "srv.h"

#include <gio/gio.h>
#include <string.h>

gboolean
srv_faults_parse (SrvFaults *faults, const char *spec, GError **error)
{
  g_auto(GStrv) items = g_strsplit (spec ? spec : "", ",", -1);

  memset (faults, 0, sizeof *faults);
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
  static const char partial[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n"
                                "Content-Length: 100000\r\n\r\n{\"results\":[{\"id\":\"";
  GIOStream *stream = soup_server_message_steal_connection (msg);

  if (stream == NULL)
    return;
  g_output_stream_write_all (g_io_stream_get_output_stream (stream), partial, strlen (partial), NULL, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
  g_object_unref (stream);
}

static gboolean
roll (Srv *srv, double rate)
{
  return rate > 0 && g_rand_double (srv->rand) < rate;
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
