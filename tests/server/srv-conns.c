/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Connections the client closed are closed here too.
 *
 * libsoup 3.2 (Debian 12) keeps an idle keep-alive connection open after the client has closed it
 * (fixed in libsoup 3.3: GNOME/libsoup commit d20c6601), so every closed client connection cost the
 * server a descriptor until it could accept no more. Every second, the connections that have no
 * request under way are looked at; one whose client has gone (readable, and nothing to read) is
 * closed. */
#define G_LOG_DOMAIN "swc-testserver"

#include "srv.h"

#include <gio/gio.h>

typedef struct
{
  GSocket *socket; /* nullable: known once a request on it has finished */
  guint busy;      /* requests under way */
} Conn;

static void
conn_free (Conn *c)
{
  g_clear_object (&c->socket);
  g_free (c);
}

/* "address:port" of the client -> Conn. The message's socket is asked for only once its request has
 * finished: asked for while a request starts, libsoup 3.2 then writes through it wrongly. */
static GHashTable *connections;

static char *
conn_key (SoupServerMessage *msg)
{
  GSocketAddress *a = soup_server_message_get_remote_address (msg);
  g_autofree char *host = NULL;

  if (!G_IS_INET_SOCKET_ADDRESS (a))
    return NULL;
  host = g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (a)));
  return g_strdup_printf ("%s:%u", host,
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (a)));
}

static void
request_started_cb (SoupServer *server, SoupServerMessage *msg, gpointer data)
{
  char *key = conn_key (msg);
  Conn *c;

  if (key == NULL)
    return;
  if ((c = g_hash_table_lookup (connections, key)) == NULL)
    g_hash_table_insert (connections, g_strdup (key), (c = g_new0 (Conn, 1)));
  c->busy++;
  g_free (key);
}

static void
request_ended_cb (SoupServer *server, SoupServerMessage *msg, gpointer data)
{
  g_autofree char *key = conn_key (msg);
  Conn *c = key ? g_hash_table_lookup (connections, key) : NULL;

  if (c == NULL)
    return;
  if (c->busy > 0)
    c->busy--;
  if (c->socket == NULL && soup_server_message_get_socket (msg) != NULL)
    c->socket = g_object_ref (soup_server_message_get_socket (msg));
}

/* The client has gone when the socket is readable and a peek finds the end of the stream (0 bytes)
 * or a reset; nothing there yet (it would block) means the connection is alive. */
static gboolean
client_gone (GSocket *socket)
{
  char byte;
  GInputVector v = { &byte, 1 };
  gint flags = G_SOCKET_MSG_PEEK;
  g_autoptr(GError) error = NULL;
  gssize n;

  if (g_socket_is_closed (socket))
    return TRUE;
  if ((g_socket_condition_check (socket, G_IO_IN | G_IO_HUP | G_IO_ERR) &
       (G_IO_IN | G_IO_HUP | G_IO_ERR)) == 0)
    return FALSE;
  n = g_socket_receive_message (socket, NULL, &v, 1, NULL, NULL, &flags, NULL, &error);
  return n == 0 || (n < 0 && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK));
}

static gboolean
sweep_cb (gpointer data)
{
  GHashTableIter iter;
  Conn *c;

  g_hash_table_iter_init (&iter, connections);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &c))
    if (c->busy == 0 && c->socket != NULL && client_gone (c->socket))
      {
        g_socket_close (c->socket, NULL);
        g_hash_table_iter_remove (&iter);
      }
  return G_SOURCE_CONTINUE;
}

void
srv_conns_watch (Srv *srv)
{
  connections = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) conn_free);
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
