/* SPDX-License-Identifier: GPL-3.0-or-later */
/* For tests against a real swc-testserver on loopback (SWC_TESTSERVER): start it on a free port (or
 * the port it had, on the same data), stop it, and speak to it as the web back-end would, around
 * the code under test. */
#pragma once

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>

#include "swc-client.h"
#include "swc-store.h"

typedef struct
{
  GSubprocess *server;
  char *url;
  char *dir;          /* the test's own directory: the server's data, and the app's */
  char *port;         /* "0" at first; then the port it serves on, kept for a restart */
  const char *faults; /* --faults, or NULL */
} SwcTestServer;

static inline void
swc_test_server_run (SwcTestServer *s)
{
  const char *bin = g_getenv ("SWC_TESTSERVER");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *db = NULL;

  if (s->dir == NULL)
    s->dir = g_dir_make_tmp ("swc-test-XXXXXX", NULL);
  if (s->port == NULL)
    s->port = g_strdup ("0");
  db = g_build_filename (s->dir, "server.db", NULL);
  s->server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                &error, bin, "--port", s->port, "--dataset", "demo", "--db", db,
                                "--faults", s->faults ? s->faults : "", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (s->server));
  g_free (s->url);
  s->url = g_data_input_stream_read_line (out, NULL, NULL, &error); /* the first line: it serves */
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (s->url, "http://127.0.0.1:"));
  g_free (s->port);
  s->port = g_strdup (strrchr (s->url, ':') + 1);
}

static inline void
swc_test_server_halt (SwcTestServer *s)
{
  g_subprocess_send_signal (s->server, SIGTERM);
  g_subprocess_wait (s->server, NULL, NULL);
  g_clear_object (&s->server);
}

static inline void
swc_test_server_stop (SwcTestServer *s)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", s->dir);

  if (s->server)
    swc_test_server_halt (s);
  g_clear_pointer (&s->url, g_free);
  g_clear_pointer (&s->port, g_free);
  g_assert_cmpint (system (cmd), ==, 0);
  g_clear_pointer (&s->dir, g_free);
}

static inline void
swc_test_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

/* Runs the main loop until the call ends; the caller unrefs what it returns. */
static inline GAsyncResult *
swc_test_wait (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/* A request as the web back-end (or another administrator) makes it: the answer's body, or NULL and
 * error. */
static inline char *
swc_test_server_request (SwcTestServer *s, const char *method, const char *path, const char *body,
                         GError **error)
{
  g_autoptr(SwcClient) client = swc_client_new (s->url, "admin", "admin");
  g_autoptr(JsonNode) node = body ? json_from_string (body, NULL) : NULL;
  g_autoptr(GBytes) answer = NULL;
  GAsyncResult *res = NULL;

  if (g_str_equal (method, "GET"))
    {
      swc_client_get_async (client, path, 0, NULL, swc_test_done_cb, &res);
      answer = swc_client_get_finish (client, swc_test_wait (&res), error);
    }
  else
    {
      swc_client_send_async (client, method, path, node, 0, NULL, swc_test_done_cb, &res);
      answer = swc_client_send_finish (client, swc_test_wait (&res), error);
    }
  g_object_unref (res);
  return answer ? g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer)) : NULL;
}

static inline char *
swc_test_server_get (SwcTestServer *s, const char *path)
{
  g_autoptr(GError) error = NULL;
  char *body = swc_test_server_request (s, "GET", path, NULL, &error);

  g_assert_no_error (error);
  return body;
}

/* What the client finds at the server, its schemas kept in the store as a login does. */
static inline SwcSchemaSet *
swc_test_detect (SwcClient *client, SwcStore *store)
{
  GAsyncResult *res = NULL;
  g_autoptr(GError) error = NULL;
  SwcCapabilities *caps;
  SwcSchemaSet *set;

  swc_client_detect_async (client, NULL, swc_test_done_cb, &res);
  caps = swc_client_detect_finish (client, swc_test_wait (&res), &error);
  g_assert_no_error (error);
  g_object_unref (res);
  swc_store_save_schemas (store, caps->registers_json, caps->schemas_json);
  set = g_steal_pointer (&caps->schemas);
  swc_capabilities_free (caps);
  return set;
}
