/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Connections the client closed are closed here too.
 *
 * libsoup 3.2 (Debian 12) keeps an idle keep-alive connection open after the client has closed it (fixed in
 * libsoup 3.3: GNOME/libsoup commit d20c6601), so every closed client connection cost the server a descriptor
 * until it could accept no more. Every second, the connections that have no request under way are looked
 * at; one whose client has gone (readable, and nothing to read) is closed. */
#define G_LOG_DOMAIN "swc-testserver"

#include "srv.h"

#include <gio/gio.h>

/* GSocket* (owned) -> requests under way on it */
static GHashTable *connections;

static void
request_started_cb (SoupServer *server, SoupServerMessage *msg, gpointer data)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  guint busy;

  if (socket == NULL)
    return;
  busy = GPOINTER_TO_UINT (g_hash_table_lookup (connections, socket));
  if (busy == 0 && !g_hash_table_contains (connections, socket))
    g_object_ref (socket);
  g_hash_table_insert (connections, socket, GUINT_TO_POINTER (busy + 1));
}

static void
request_ended_cb (SoupServer *server, SoupServerMessage *msg, gpointer data)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  guint busy = socket ? GPOINTER_TO_UINT (g_hash_table_lookup (connections, socket)) : 0;

  if (busy > 0)
    g_hash_table_insert (connections, socket, GUINT_TO_POINTER (busy - 1));
}

/* The client has gone when the socket is readable but a peek finds nothing (end of stream) or an error. */
static gboolean
client_gone (GSocket *socket)
{
  char byte;
  GInputVector v = { &byte, 1 };
  gint flags = G_SOCKET_MSG_PEEK;

  if (g_socket_is_closed (socket))
    return TRUE;
  if ((g_socket_condition_check (socket, G_IO_IN | G_IO_HUP | G_IO_ERR) & (G_IO_IN | G_IO_HUP | G_IO_ERR)) == 0)
    return FALSE;
  return g_socket_receive_message (socket, NULL, &v, 1, NULL, NULL, &flags, NULL, NULL) <= 0;
}

static gboolean
sweep_cb (gpointer data)
{
  GHashTableIter iter;
  gpointer socket, busy;

  g_hash_table_iter_init (&iter, connections);
  while (g_hash_table_iter_next (&iter, &socket, &busy))
    if (GPOINTER_TO_UINT (busy) == 0 && client_gone (socket))
      {
        g_socket_close (socket, NULL);
        g_hash_table_iter_remove (&iter);
      }
  return G_SOURCE_CONTINUE;
}

void
srv_conns_watch (Srv *srv)
{
  connections = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, NULL);
  g_signal_connect (srv->server, "request-started", G_CALLBACK (request_started_cb), NULL);
  g_signal_connect (srv->server, "request-finished", G_CALLBACK (request_ended_cb), NULL);
  g_signal_connect (srv->server, "request-aborted", G_CALLBACK (request_ended_cb), NULL);
  g_timeout_add_seconds (1, sweep_cb, NULL);
}

void
srv_conns_free (void)
{
  g_clear_pointer (&connections, g_hash_table_unref);
}
