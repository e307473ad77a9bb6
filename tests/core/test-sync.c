/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sync against a real swc-testserver on loopback: cancelling half-way leaves a consistent store
 * that a second run completes; progress is reported; a malformed-answer storm ends in a clear
 * error. */
#include "config.h"

#include <gio/gio.h>

#include "swc-error.h"
#include "swc-sync.h"
#include "swc-store-db.h"
#include "swc-test-server.h"

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
  SwcTestServer s = { 0 };
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

  s.faults = "latency=100";
  swc_test_server_run (&s);
  path = g_build_filename (s.dir, "store.db", NULL);
  store = swc_store_open (path, &error);
  client = swc_client_new (s.url, "admin", "admin");
  set = swc_test_detect (client, store);
  sync = swc_sync_new (client, store, set);
  g_signal_connect (sync, "progress", G_CALLBACK (progress_cancel_cb), cancel);
  swc_sync_run_async (sync, FALSE, cancel, swc_test_done_cb, &res);
  g_assert_false (swc_sync_run_finish (sync, swc_test_wait (&res), &stats, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&res);
  partial = swc_store_count (swc_store_get_db (store), NULL);
  g_assert_cmpint (partial, >, 0);
  g_signal_handlers_disconnect_by_func (sync, progress_cancel_cb, cancel);
  swc_sync_run_async (sync, FALSE, NULL, swc_test_done_cb, &res);
  g_assert_true (swc_sync_run_finish (sync, swc_test_wait (&res), &stats, &error));
  g_assert_no_error (error);
  g_clear_object (&res);
  g_assert_cmpint (stats.objects, >, partial);
  g_assert_cmpint (stats.added, ==,
                   stats.objects - partial); /* resumed, nothing fetched twice into the store */
  swc_test_server_stop (&s);
}

static void
test_broken_server_gives_a_clear_error (void)
{
  SwcTestServer s = { 0 };
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(SwcStore) store = NULL;
  g_autoptr(SwcClient) client = NULL;
  g_autoptr(SwcSchemaSet) set = NULL;
  g_autoptr(SwcSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *res = NULL;

  swc_test_server_run (&s);
  dir = g_dir_make_tmp ("swc-store-XXXXXX", NULL);
  path = g_build_filename (dir, "store.db", NULL);
  store = swc_store_open (path, &error);
  client = swc_client_new (s.url, "admin", "admin");
  set = swc_test_detect (client, store);
  swc_test_server_stop (&s);
  s.faults = "malformed-rate=1"; /* every answer broken now: at another address */
  swc_test_server_run (&s);
  g_clear_object (&client);
  client = swc_client_new (s.url, "admin", "admin");
  swc_client_set_retry_delay (client,
                              10); /* each broken answer is asked for again, as every fault is */
  sync = swc_sync_new (client, store, set);
  swc_sync_run_async (sync, FALSE, NULL, swc_test_done_cb, &res);
  g_assert_false (swc_sync_run_finish (sync, swc_test_wait (&res), NULL, &error));
  g_assert_error (error, SWC_ERROR, SWC_ERROR_MALFORMED);
  g_clear_object (&res);
  g_assert_cmpint (swc_store_count (swc_store_get_db (store), NULL), ==, 0);
  swc_test_server_stop (&s);
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
