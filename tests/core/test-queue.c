/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The change queue against a real swc-testserver on loopback: a change goes out exactly once, also
 * when the app died between the request and storing its answer; someone else's change to the same
 * field makes a conflict with both sides kept, resolved by the user's choice; a change the server
 * refuses is rolled back; an entry this version cannot read is never guessed at. */
#include "config.h"

#include <sqlite3.h>

#include "swc-queue.h"
#include "swc-registration.h"
#include "swc-store-db.h"
#include "swc-sync.h"
#include "swc-test-server.h"

#define OBJECTS "/index.php/apps/openregister/api/objects/voorzieningen/organisatie/"

typedef struct
{
  SwcTestServer server;
  SwcStore *store;
  SwcClient *client;
  SwcSchemaSet *schemas;
  SwcQueue *queue;
  char *uuid; /* an active organisation with a website */
} Fixture;

static char *
first_org_with_website (SwcStore *store)
{
  sqlite3_stmt *s = NULL;
  char *uuid = NULL;

  sqlite3_prepare_v2 (
      swc_store_get_db (store),
      "SELECT uuid FROM objects WHERE schema = 'organisatie' AND json_extract (json, '$.status') ="
      " 'Actief'"
      " AND json_extract (json, '$.website') IS NOT NULL ORDER BY name LIMIT 1",
      -1, &s, NULL);
  g_assert_cmpint (sqlite3_step (s), ==, SQLITE_ROW);
  uuid = g_strdup ((const char *) sqlite3_column_text (s, 0));
  sqlite3_finalize (s);
  return uuid;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(SwcSync) sync = NULL;
  GAsyncResult *res = NULL;

  swc_test_server_run (&f->server);
  path = g_build_filename (f->server.dir, "store.db", NULL);
  f->store = swc_store_open (path, &error);
  g_assert_no_error (error);
  f->client = swc_client_new (f->server.url, "admin", "admin");
  f->schemas = swc_test_detect (f->client, f->store);
  sync = swc_sync_new (f->client, f->store, f->schemas);
  swc_sync_run_async (sync, FALSE, NULL, swc_test_done_cb, &res);
  g_assert_true (swc_sync_run_finish (sync, swc_test_wait (&res), NULL, &error));
  g_assert_no_error (error);
  g_object_unref (res);
  f->queue = swc_queue_new (f->store, f->schemas);
  swc_queue_set_client (f->queue, f->client);
  f->uuid = first_org_with_website (f->store);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_assert_finalize_object (f->queue);
  g_clear_object (&f->client);
  g_clear_pointer (&f->schemas, swc_schema_set_free);
  g_assert_finalize_object (f->store);
  g_free (f->uuid);
  swc_test_server_stop (&f->server);
}

/* Sends what waits; the stats of the run. */
static SwcQueueStats
send (Fixture *f)
{
  GAsyncResult *res = NULL;
  g_autoptr(GError) error = NULL;
  SwcQueueStats stats = { 0 };

  swc_queue_send_async (f->queue, NULL, swc_test_done_cb, &res);
  g_assert_true (swc_queue_send_finish (f->queue, swc_test_wait (&res), &stats, &error));
  g_assert_no_error (error);
  g_object_unref (res);
  return stats;
}

static gint64
patch_website (Fixture *f, const char *website)
{
  g_autoptr(JsonObject) change = json_object_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  json_object_set_string_member (change, "website", website);
  id = swc_queue_patch (f->queue, f->uuid, change, 0, "Website", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* How often the server has stored a change to the object (its audit trail). */
static gint64
updates_on_server (Fixture *f)
{
  g_autofree char *path =
      g_strdup_printf ("/index.php/apps/openregister/api/audit-trails?action=update&object=%s",
                       f->uuid);
  g_autofree char *body = swc_test_server_get (&f->server, path);
  g_autoptr(JsonNode) node = json_from_string (body, NULL);

  return json_object_get_int_member (json_node_get_object (node), "total");
}

static char *
website_on_server (Fixture *f)
{
  g_autofree char *path = g_strconcat (OBJECTS, f->uuid, NULL);
  g_autofree char *body = swc_test_server_get (&f->server, path);
  g_autoptr(JsonNode) node = json_from_string (body, NULL);

  return g_strdup (
      json_object_get_string_member_with_default (json_node_get_object (node), "website", NULL));
}

static char *
website_here (Fixture *f)
{
  g_autoptr(JsonObject) o = swc_store_object (f->store, f->uuid);

  return g_strdup (json_object_get_string_member_with_default (o, "website", NULL));
}

static SwcChangeState
state_of (Fixture *f, gint64 id)
{
  g_autoptr(GPtrArray) list = swc_queue_list (f->queue, TRUE);

  for (guint i = 0; i < list->len; i++)
    if (((SwcChange *) g_ptr_array_index (list, i))->id == id)
      return ((SwcChange *) g_ptr_array_index (list, i))->state;
  g_assert_not_reached ();
}

static void
set_stored_word (Fixture *f, gint64 id, const char *column, const char *word)
{
  g_autofree char *sql =
      g_strdup_printf ("UPDATE queue SET %s = '%s' WHERE id = %" G_GINT64_FORMAT, column, word, id);

  g_assert_cmpint (sqlite3_exec (swc_store_get_db (f->store), sql, NULL, NULL, NULL), ==,
                   SQLITE_OK);
}

static void
test_words (void)
{
  for (SwcChangeState s = 0; s < SWC_CHANGE_N_STATES; s++)
    g_assert_cmpint (swc_change_state_from_string (swc_change_state_to_string (s)), ==, s);
  for (SwcChangeKind k = 0; k <= SWC_CHANGE_KIND_UNKNOWN; k++)
    g_assert_cmpint (swc_change_kind_from_string (swc_change_kind_to_string (k)), ==, k);
  g_assert_cmpstr (swc_change_state_to_string (SWC_CHANGE_STATE_CONFLICT), ==,
                   "conflict"); /* as stored */
  g_assert_cmpstr (swc_change_kind_to_string (SWC_CHANGE_KIND_MODERATE), ==, "moderate");
  g_assert_cmpint (swc_change_state_from_string ("frozen"), ==, SWC_CHANGE_N_STATES);
  g_assert_cmpint (swc_change_kind_from_string ("frobnicate"), ==, SWC_CHANGE_KIND_UNKNOWN);
  g_assert_cmpint (swc_change_kind_from_string (NULL), ==, SWC_CHANGE_KIND_UNKNOWN);
}

static void
test_sent_exactly_once (Fixture *f, gconstpointer data)
{
  gint64 id = patch_website (f, "https://www.eens.example");
  g_autofree char *here = website_here (f);
  g_autofree char *there = NULL;
  SwcQueueStats stats;

  g_assert_cmpstr (here, ==, "https://www.eens.example"); /* the store shows it at once */
  g_assert_cmpint (state_of (f, id), ==, SWC_CHANGE_STATE_PENDING);
  stats = send (f);
  g_assert_cmpuint (stats.sent, ==, 1);
  g_assert_cmpint (state_of (f, id), ==, SWC_CHANGE_STATE_DONE);
  there = website_on_server (f);
  g_assert_cmpstr (there, ==, "https://www.eens.example");
  stats = send (f); /* nothing left: nothing sent again */
  g_assert_cmpuint (stats.sent, ==, 0);
  g_assert_cmpint (updates_on_server (f), ==, 1);
}

/* The app died after the request reached the server and before its answer was stored: the entry is
 * still "sending". The next run checks the server first and finds the change there: it is not sent
 * again. */
static void
test_in_doubt_checked_not_resent (Fixture *f, gconstpointer data)
{
  gint64 id = patch_website (f, "https://www.twijfel.example");
  g_autofree char *there = NULL;
  SwcQueueStats stats;

  send (f);
  g_assert_cmpint (updates_on_server (f), ==, 1);
  set_stored_word (f, id, "state", swc_change_state_to_string (SWC_CHANGE_STATE_SENDING));
  stats = send (f);
  g_assert_cmpuint (stats.failed, ==, 0);
  g_assert_cmpuint (stats.conflicts, ==, 0);
  g_assert_cmpint (state_of (f, id), ==, SWC_CHANGE_STATE_DONE);
  g_assert_cmpint (updates_on_server (f), ==, 1);
  there = website_on_server (f);
  g_assert_cmpstr (there, ==, "https://www.twijfel.example");
}

/* Someone changed the same field meanwhile: a conflict with the three sides kept and the server's
 * value shown; the user's choice then goes out. */
static void
test_conflict_kept_then_resolved (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_strconcat (OBJECTS, f->uuid, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL, *here = NULL, *there = NULL;
  g_autoptr(JsonObject) base = NULL, mine = NULL, theirs = NULL;
  g_autoptr(JsonObject) choice = json_object_new ();
  gint64 id = patch_website (f, "https://www.mijn.example");
  SwcQueueStats stats;

  answer = swc_test_server_request (&f->server, "PATCH", path,
                                    "{\"website\": \"https://www.hun.example\"}", &error);
  g_assert_no_error (error);
  stats = send (f);
  g_assert_cmpuint (stats.conflicts, ==, 1);
  g_assert_cmpuint (stats.sent, ==, 0);
  g_assert_cmpint (state_of (f, id), ==, SWC_CHANGE_STATE_CONFLICT);
  here = website_here (f);
  g_assert_cmpstr (here, ==, "https://www.hun.example");
  g_assert_true (swc_queue_get_conflict (f->queue, id, &base, &mine, &theirs));
  g_assert_cmpstr (json_object_get_string_member (mine, "website"), ==, "https://www.mijn.example");
  g_assert_cmpstr (json_object_get_string_member (theirs, "website"), ==,
                   "https://www.hun.example");
  g_assert_cmpstr (json_object_get_string_member (base, "website"), !=, "https://www.hun.example");
  json_object_set_string_member (choice, "website", "https://www.mijn.example");
  g_assert_true (swc_queue_resolve (f->queue, id, choice, &error));
  g_assert_no_error (error);
  stats = send (f);
  g_assert_cmpuint (stats.sent, ==, 1);
  there = website_on_server (f);
  g_assert_cmpstr (there, ==, "https://www.mijn.example");
  g_assert_false (swc_queue_resolve (f->queue, id, choice, &error)); /* once */
  g_assert_nonnull (error);
}

static char *
status_on_server (Fixture *f)
{
  g_autofree char *path = g_strconcat (OBJECTS, f->uuid, NULL);
  g_autofree char *body = swc_test_server_get (&f->server, path);
  g_autoptr(JsonNode) node = json_from_string (body, NULL);

  return g_strdup (
      json_object_get_string_member_with_default (json_node_get_object (node), "status", NULL));
}

/* Rejecting a registration (swc-registration.c): the decision, then the status, both held behind
 * the Undo; cancelled, neither goes; decided again, the backend without moderation (2025) gets the
 * status only, once. */
static void
test_registration (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) undone =
      swc_registration_decide (f->queue, f->uuid, FALSE, 60000, "Reject", &error);
  g_autoptr(GArray) ids = NULL;
  g_autofree char *status = NULL;
  SwcQueueStats stats;

  g_assert_no_error (error);
  g_assert_cmpuint (undone->len, ==, 2);
  g_assert_cmpint (state_of (f, g_array_index (undone, gint64, 0)), ==, SWC_CHANGE_STATE_HELD);
  g_assert_cmpint (state_of (f, g_array_index (undone, gint64, 1)), ==, SWC_CHANGE_STATE_HELD);
  for (guint i = undone->len; i > 0; i--)
    g_assert_true (swc_queue_cancel (f->queue, g_array_index (undone, gint64, i - 1), NULL));
  stats = send (f);
  g_assert_cmpuint (stats.sent, ==, 0);
  status = status_on_server (f);
  g_assert_cmpstr (status, ==, "Actief");

  ids = swc_registration_decide (f->queue, f->uuid, FALSE, 0, "Reject", &error);
  g_assert_no_error (error);
  stats = send (f);
  g_assert_cmpint (state_of (f, g_array_index (ids, gint64, 0)), ==, SWC_CHANGE_STATE_DONE);
  g_assert_cmpint (state_of (f, g_array_index (ids, gint64, 1)), ==, SWC_CHANGE_STATE_DONE);
  g_clear_pointer (&status, g_free);
  status = status_on_server (f);
  g_assert_cmpstr (status, ==, "Deactief");
  g_assert_cmpint (updates_on_server (f), ==, 1);
}

/* The object was deleted on the server meanwhile: the change is refused with the reason, and the
 * store no longer shows it. */
static void
test_refused_rolled_back (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_strconcat (OBJECTS, f->uuid, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL, *here = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gint64 id = patch_website (f, "https://www.weg.example");
  SwcQueueStats stats;

  answer = swc_test_server_request (&f->server, "DELETE", path, NULL, &error);
  g_assert_no_error (error);
  stats = send (f);
  g_assert_cmpuint (stats.failed, ==, 1);
  g_assert_cmpint (state_of (f, id), ==, SWC_CHANGE_STATE_FAILED);
  list = swc_queue_list (f->queue, FALSE);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_nonnull (
      ((SwcChange *) g_ptr_array_index (list, 0))->error); /* the reason, for the user */
  here = website_here (f);
  g_assert_cmpstr (here, !=, "https://www.weg.example");
  g_assert_cmpuint (swc_queue_discard (f->queue, id), ==, 1);
}

/* A kind this version does not know (a damaged store, a newer version's entry) is refused, never
 * sent as something else: the object stays on the server. */
static void
test_unknown_kind_never_sent (Fixture *f, gconstpointer data)
{
  gint64 id = patch_website (f, "https://www.vreemd.example");
  g_autofree char *there = NULL;
  g_autoptr(GPtrArray) list = NULL;
  SwcQueueStats stats;

  set_stored_word (f, id, "kind", "frobnicate");
  stats = send (f);
  g_assert_cmpuint (stats.failed, ==, 1);
  g_assert_cmpuint (stats.sent, ==, 0);
  list = swc_queue_list (f->queue, FALSE);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((SwcChange *) g_ptr_array_index (list, 0))->kind, ==, SWC_CHANGE_KIND_UNKNOWN);
  g_assert_cmpint (((SwcChange *) g_ptr_array_index (list, 0))->state, ==, SWC_CHANGE_STATE_FAILED);
  there = website_on_server (f); /* still there, unchanged */
  g_assert_nonnull (there);
  g_assert_cmpstr (there, !=, "https://www.vreemd.example");
  g_assert_cmpint (updates_on_server (f), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/queue/words", test_words);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/queue/registration", test_registration);
  ADD ("/queue/sent-exactly-once", test_sent_exactly_once);
  ADD ("/queue/in-doubt-checked-not-resent", test_in_doubt_checked_not_resent);
  ADD ("/queue/conflict-kept-then-resolved", test_conflict_kept_then_resolved);
  ADD ("/queue/refused-rolled-back", test_refused_rolled_back);
  ADD ("/queue/unknown-kind-never-sent", test_unknown_kind_never_sent);
  return g_test_run ();
}
