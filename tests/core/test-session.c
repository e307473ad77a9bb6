/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The session against a real swc-testserver on loopback: the queue lists a change by its object's
 * name and what it does; with the server gone a change makes the session offline within seconds;
 * when a server answers again on the same port and data, the change goes out by itself, exactly
 * once, and the session is online again. */
#include "config.h"

#include <gio/gio.h>
#include <sqlite3.h>

#include "swc-error.h"
#include "swc-session.h"
#include "swc-store-db.h"
#include "swc-test-server.h"

static gboolean
timed_out_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Condition) (SwcSession *session);

/* Runs the main loop until the condition holds; FALSE after timeout_s. */
static gboolean
wait_until (SwcSession *session, Condition condition, guint timeout_s)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (timeout_s, timed_out_cb, &timed_out);

  while (!condition (session) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return condition (session);
}

static gint
count_active (SwcSession *session)
{
  sqlite3_stmt *s = NULL;
  gint n = 0;

  sqlite3_prepare_v2 (swc_store_get_db (swc_session_get_store (session)),
                      "SELECT COUNT(*) FROM queue WHERE state IN ('held', 'pending', 'sending')",
                      -1, &s, NULL);
  if (sqlite3_step (s) == SQLITE_ROW)
    n = sqlite3_column_int (s, 0);
  sqlite3_finalize (s);
  return n;
}

static gboolean
is_offline (SwcSession *session)
{
  return swc_session_get_offline (session);
}

static gboolean
all_sent_and_online (SwcSession *session)
{
  return count_active (session) == 0 && !swc_session_get_offline (session) &&
         !swc_session_get_syncing (session);
}

/* A municipality waiting to be approved: its id and name. */
static void
concept_org (SwcSession *session, char **uuid, char **name)
{
  sqlite3_stmt *s = NULL;

  sqlite3_prepare_v2 (swc_store_get_db (swc_session_get_store (session)),
                      "SELECT uuid, name FROM objects WHERE schema = 'organisatie'"
                      " AND json_extract (json, '$.status') = 'Concept' ORDER BY name LIMIT 1",
                      -1, &s, NULL);
  g_assert_cmpint (sqlite3_step (s), ==, SQLITE_ROW);
  *uuid = g_strdup ((const char *) sqlite3_column_text (s, 0));
  *name = g_strdup ((const char *) sqlite3_column_text (s, 1));
  sqlite3_finalize (s);
}

static SwcSession *
open_synced (SwcTestServer *s)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = g_build_filename (s->dir, "app", NULL);
  g_autoptr(SwcSession) session = swc_session_open (s->url, "admin", "admin", data, &error);
  GAsyncResult *res = NULL;

  g_assert_no_error (error);
  swc_session_sync_async (session, FALSE, NULL, swc_test_done_cb, &res);
  g_assert_true (swc_session_sync_finish (session, swc_test_wait (&res), NULL, &error));
  g_assert_no_error (error);
  g_object_unref (res);
  g_assert_false (swc_session_get_offline (session));
  return g_steal_pointer (&session);
}

static gint64
approve (SwcSession *session, const char *uuid)
{
  g_autoptr(JsonObject) change = json_object_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  json_object_set_string_member (change, "status", "Actief");
  id = swc_queue_patch (swc_session_get_queue (session), uuid, change, 0, "Approve", &error);
  g_assert_no_error (error);
  return id;
}

static void
test_list_names (void)
{
  SwcTestServer s = { 0 };
  g_autoptr(SwcSession) session = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *uuid = NULL, *name = NULL;
  SwcChange *c;

  swc_test_server_run (&s);
  session = open_synced (&s);
  concept_org (session, &uuid, &name);
  approve (session, uuid);
  g_assert_true (swc_queue_delete (swc_session_get_queue (session), uuid, 60000, NULL, NULL) > 0);
  list = swc_queue_list (swc_session_get_queue (session), FALSE);
  g_assert_cmpuint (list->len, ==, 2);
  c = g_ptr_array_index (list, 0);
  g_assert_cmpstr (c->name, ==, name);
  g_assert_cmpstr (c->what, ==, "approve");
  c = g_ptr_array_index (list, 1);
  g_assert_cmpstr (c->name, ==, name); /* removed from the view, still named */
  g_assert_cmpstr (c->what, ==, "remove");
  g_assert_cmpuint (swc_queue_discard (swc_session_get_queue (session), c->id), ==, 1);
  g_assert_cmpuint (swc_queue_discard (swc_session_get_queue (session),
                                       ((SwcChange *) list->pdata[0])->id),
                    ==, 1);
  g_assert_cmpint (count_active (session), ==, 0);
  g_clear_object (&session);
  swc_test_server_stop (&s);
}

static void
test_offline_then_resumed (void)
{
  SwcTestServer s = { 0 };
  g_autoptr(SwcSession) session = NULL;
  g_autofree char *uuid = NULL, *name = NULL, *object = NULL, *audit = NULL, *path = NULL,
                  *audit_path = NULL;
  gint64 t0;

  swc_test_server_run (&s);
  session = open_synced (&s);
  concept_org (session, &uuid, &name);
  swc_test_server_halt (&s);

  approve (session, uuid);
  t0 = g_get_monotonic_time ();
  swc_session_send_later (session, 0);
  g_assert_true (wait_until (session, is_offline, 10));
  g_assert_cmpint (g_get_monotonic_time () - t0, <,
                   5 * G_USEC_PER_SEC); /* not after the reads' retries */
  g_assert_cmpint (count_active (session), ==, 1);

  swc_test_server_run (&s); /* the same port and data */
  g_assert_true (wait_until (session, all_sent_and_online, 60));
  path = g_strdup_printf ("/index.php/apps/openregister/api/objects/voorzieningen/organisatie/%s",
                          uuid);
  object = swc_test_server_get (&s, path);
  g_assert_nonnull (strstr (object, "\"status\":\"Actief\""));
  audit_path =
      g_strdup_printf ("/index.php/apps/openregister/api/audit-trails?action=update&object=%s",
                       uuid);
  audit = swc_test_server_get (&s, audit_path);
  g_assert_nonnull (strstr (audit, "\"total\":1")); /* exactly once */
  g_clear_object (&session);
  swc_test_server_stop (&s);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/session/queue-lists-names", test_list_names);
  g_test_add_func ("/session/offline-then-resumed", test_offline_then_resumed);
  return g_test_run ();
}
