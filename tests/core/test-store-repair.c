/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A damaged store: found at opening, by a read and by the full check; rebuilt with the queue, the
 * journal and the meta data kept and the cache empty. */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "swc-error.h"
#include "swc-store.h"
#include "swc-store-db.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
exec_ok (sqlite3 *db, const char *sql)
{
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

static gint64
one_int (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *s = NULL;
  gint64 v = -1;

  sqlite3_prepare_v2 (db, sql, -1, &s, NULL);
  if (sqlite3_step (s) == SQLITE_ROW)
    v = sqlite3_column_int64 (s, 0);
  sqlite3_finalize (s);
  return v;
}

/* A store with 400 objects, three queued changes (one of them in doubt), a merge and meta data. */
static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(SwcStore) store = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  f->dir = g_dir_make_tmp ("swc-repair-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "store.db", NULL);
  store = swc_store_open (f->path, &error);
  g_assert_no_error (error);
  db = swc_store_get_db (store);
  exec_ok (db,
           "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400)"
           " INSERT INTO objects (uuid, schema, json, name) SELECT 'u' || i, 'organisatie',"
           " '{\"naam\": \"' || hex (randomblob (200)) || '\"}', 'org ' || i FROM n;"
           "INSERT INTO queue (created, kind, schema, uuid, state, payload) VALUES"
           " ('2026-01-01', 'patch', 'organisatie', 'u1', 'pending', '{\"naam\": \"een\"}'),"
           " ('2026-01-01', 'patch', 'organisatie', 'u2', 'sending', '{\"naam\": \"twee\"}'),"
           " ('2026-01-01', 'delete', 'organisatie', 'u3', 'pending', NULL);"
           "INSERT INTO merges (created, schema, target, reason) VALUES ('2026-01-01', "
           "'organisatie', 'u4', 'x');"
           "INSERT INTO meta (key, value) VALUES ('user', 'admin'), ('last_sync', '2026-01-01');"
           "INSERT INTO sync_state (schema, full_done) VALUES ('organisatie', 1);");
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *p = g_build_filename (f->dir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static void
overwrite (const char *path, goffset offset, gsize length)
{
  g_autofree char *zeros = g_malloc0 (length);
  int fd = g_open (path, O_WRONLY, 0);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, zeros, length, offset), ==, (gssize) length);
  close (fd);
}

/* The objects table's root page zeroed: the client's own tables are sound. */
static void
damage_objects (Fixture *f)
{
  sqlite3 *db = NULL;
  gint64 root;

  sqlite3_open (f->path, &db);
  root = one_int (db, "SELECT rootpage FROM sqlite_master WHERE name = 'objects'");
  sqlite3_close (db);
  overwrite (f->path, (root - 1) * 4096, 4096);
}

static void
damaged_cb (SwcStore *store, gboolean *seen)
{
  *seen = TRUE;
}

static void
test_read_marks_damaged (Fixture *f, gconstpointer data)
{
  g_autoptr(SwcStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  gboolean seen = FALSE;

  damage_objects (f);
  store = swc_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_false (swc_store_is_damaged (store));
  g_signal_connect (store, "damaged", G_CALLBACK (damaged_cb), &seen);
  swc_store_count (swc_store_get_db (store), NULL);
  g_assert_true (swc_store_is_damaged (store));
  reason = swc_store_dup_damage (store);
  g_assert_cmpstr (reason, ==, "part of the file cannot be read");
  while (!seen)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_open_refuses_lost_header (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  SwcStore *store;

  overwrite (f->path, 0, 100);
  store = swc_store_open (f->path, &error);
  g_assert_null (store);
  g_assert_error (error, SWC_ERROR, SWC_ERROR_STORE_DAMAGED);
  g_assert_cmpint (swc_store_count_kept_changes (f->path), ==, 3);
}

static void
checked_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  int *sound = data;

  *sound = swc_store_check_finish (SWC_STORE (source), result, NULL);
}

static void
test_full_check_in_background (Fixture *f, gconstpointer data)
{
  g_autoptr(SwcStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int sound = -1;

  damage_objects (f);
  store = swc_store_open (f->path, &error);
  g_assert_no_error (error);
  swc_store_check_async (store, NULL, checked_cb, &sound);
  while (sound < 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (sound);
  g_assert_true (swc_store_is_damaged (store));
}

static void
test_rebuild_keeps_the_client_s_own (Fixture *f, gconstpointer data)
{
  g_autoptr(SwcStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *report = NULL;
  g_autofree char *damaged = g_strconcat (f->path, ".damaged", NULL);
  g_autofree char *user = NULL;
  g_autofree char *last = NULL;
  g_autofree char *rebuilt = NULL;
  struct stat st;
  sqlite3 *db;

  damage_objects (f);
  g_assert_true (swc_store_rebuild (f->path, &report, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (report, "queue: 3 rows kept\n"));
  g_assert_nonnull (strstr (report, "merges: 1 rows kept\n"));
  g_assert_cmpint (g_stat (damaged, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  store = swc_store_open (f->path, &error);
  g_assert_no_error (error);
  db = swc_store_get_db (store);
  g_assert_cmpint (one_int (db, "SELECT COUNT(*) FROM objects"), ==, 0);
  g_assert_cmpint (one_int (db, "SELECT COUNT(*) FROM sync_state"), ==, 0);
  g_assert_cmpint (one_int (db, "SELECT COUNT(*) FROM queue WHERE state = 'pending'"), ==, 2);
  /* the one that was being sent stays in doubt: checked on the server before it is sent again */
  g_assert_cmpint (one_int (db, "SELECT id FROM queue WHERE state = 'sending'"), ==, 2);
  user = swc_store_get_meta (store, "user");
  last = swc_store_get_meta (store, "last_sync");
  rebuilt = swc_store_get_meta (store, "rebuilt");
  g_assert_cmpstr (user, ==, "admin");
  g_assert_null (last);
  g_assert_nonnull (rebuilt);
  g_assert_true (swc_store_check (store));
  g_assert_false (swc_store_is_damaged (store));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/store/damage/read", Fixture, NULL, setup, test_read_marks_damaged, teardown);
  g_test_add ("/store/damage/header", Fixture, NULL, setup, test_open_refuses_lost_header,
              teardown);
  g_test_add ("/store/damage/full-check", Fixture, NULL, setup, test_full_check_in_background,
              teardown);
  g_test_add ("/store/damage/rebuild", Fixture, NULL, setup, test_rebuild_keeps_the_client_s_own,
              teardown);
  return g_test_run ();
}
