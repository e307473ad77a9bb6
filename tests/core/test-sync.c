/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sync against a real swc-testserver on loopback: cancelling half-way leaves a consistent store that a
 * second run completes; progress is reported; a malformed-answer storm ends in a clear error. */
#include "config.h"

#include <gio/gio.h>

#include "swc-error.h"
#include "swc-sync.h"
#include "swc-store-db.h"

typedef struct
{
  GSubprocess *server;
  char        *url;
  char        *dir;
} Server;

static void
server_start (Server *s, const char *faults)
{
  const char *bin = g_getenv ("SWC_TESTSERVER");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *db = NULL;

  s->dir = g_dir_make_tmp ("swc-sync-XXXXXX", NULL);
  db = g_build_filename (s->dir, "server.db", NULL);
  s->server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                                bin, "--port", "0", "--dataset", "demo", "--db", db, "--faults", faults ? faults : "",
                                NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (s->server));
  s->url = g_data_input_stream_read_line (out, NULL, NULL, &error); /* the first line: it serves */
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (s->url, "http://127.0.0.1:"));
}

static void
server_stop (Server *s)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", s->dir);

  g_subprocess_send_signal (s->server, SIGTERM);
  g_subprocess_wait (s->server, NULL, NULL);
  g_clear_object (&s->server);
  g_free (s->url);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (s->dir);
}

static void
done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static SwcSchemaSet *
detect (SwcClient *client, SwcStore *store)
{
  GAsyncResult *res = NULL;
  g_autoptr(GError) error = NULL;
  SwcCapabilities *caps;
  SwcSchemaSet *set;

  swc_client_detect_async (client, NULL, done_cb, &res);
  caps = swc_client_detect_finish (client, wait_for (&res), &error);
  g_assert_no_error (error);
  g_object_unref (res);
  swc_store_save_schemas (store, caps->registers_json, caps->schemas_json);
  set = g_steal_pointer (&caps->schemas);
  swc_capabilities_free (caps);
  return set;
}

/* Cancels once some objects are stored (empty schemas report progress too). */
static void
progress_cancel_cb (SwcSync *sync, const char *schema, gint64 done, gint64 total, gpointer data)
{
  if (done > 0)
    g_cancellable_cancel (G_CANCELLABLE (data));
}

static void
test_cancel_then_resume (void)
{
  Server s = { 0 };
  g_autofree char *path = NULL;
  g_autoptr(SwcStore) store = NULL;
  g_autoptr(SwcClient) client = NULL;
  g_autoptr(SwcSchemaSet) set = NULL;
  g_autoptr(SwcSync) sync = NULL;
  g_autoptr(GCancellable) cancel = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  GAsyncResult *res = NULL;
  SwcSyncStats stats = { 0 };
  gint64 partial;

  server_start (&s, "latency=100");
  path = g_build_filename (s.dir, "store.db", NULL);
  store = swc_store_open (path, &error);
  client = swc_client_new (s.url, "admin", "admin");
  set = detect (client, store);
  sync = swc_sync_new (client, store, set);
  g_signal_connect (sync, "progress", G_CALLBACK (progress_cancel_cb), cancel);
  swc_sync_run_async (sync, FALSE, cancel, done_cb, &res);
  g_assert_false (swc_sync_run_finish (sync, wait_for (&res), &stats, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&res);
  partial = swc_store_count (swc_store_get_db (store), NULL);
  g_assert_cmpint (partial, >, 0);
  g_signal_handlers_disconnect_by_func (sync, progress_cancel_cb, cancel);
  swc_sync_run_async (sync, FALSE, NULL, done_cb, &res);
  g_assert_true (swc_sync_run_finish (sync, wait_for (&res), &stats, &error));
  g_assert_no_error (error);
  g_clear_object (&res);
  g_assert_cmpint (stats.objects, >, partial);
  g_assert_cmpint (stats.added, ==, stats.objects - partial); /* resumed, nothing fetched twice into the store */
  server_stop (&s);
}

static void
test_broken_server_gives_a_clear_error (void)
{
  Server s = { 0 };
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(SwcStore) store = NULL;
  g_autoptr(SwcClient) client = NULL;
  g_autoptr(SwcSchemaSet) set = NULL;
  g_autoptr(SwcSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *res = NULL;

  server_start (&s, "");
  dir = g_dir_make_tmp ("swc-store-XXXXXX", NULL);
  path = g_build_filename (dir, "store.db", NULL);
  store = swc_store_open (path, &error);
  client = swc_client_new (s.url, "admin", "admin");
  set = detect (client, store);
  server_stop (&s);
  server_start (&s, "malformed-rate=1");  /* every answer broken now: at another address */
  g_clear_object (&client);
  client = swc_client_new (s.url, "admin", "admin");
  swc_client_set_retry_delay (client, 10); /* each broken answer is asked for again, as every fault is */
  sync = swc_sync_new (client, store, set);
  swc_sync_run_async (sync, FALSE, NULL, done_cb, &res);
  g_assert_false (swc_sync_run_finish (sync, wait_for (&res), NULL, &error));
  g_assert_error (error, SWC_ERROR, SWC_ERROR_MALFORMED);
  g_clear_object (&res);
  g_assert_cmpint (swc_store_count (swc_store_get_db (store), NULL), ==, 0);
  server_stop (&s);
  g_clear_object (&store);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
    g_assert_cmpint (system (cmd), ==, 0);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/sync/cancel-then-resume", test_cancel_then_resume);
  g_test_add_func ("/sync/broken-server", test_broken_server_gives_a_clear_error);
  return g_test_run ();
}
