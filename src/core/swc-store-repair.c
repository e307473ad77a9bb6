/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A damaged store: found, reported in plain words, and rebuilt without losing what only the client
 * holds.
 *
 * Detection has one mechanism for every read and write: SQLite's error log (set once, before the
 * first connection) reports each SQLITE_CORRUPT and SQLITE_NOTADB, wherever it happens, and marks
 * every open store damaged; opening checks the header and the small client-only tables at once
 * (swc_store_open), and swc_store_check_async runs a full quick_check on a connection of its own,
 * off the main thread.
 *
 * The rebuild: the queue, the merge journal, the dismissals, the meta data and the schemas are
 * copied row by row from the damaged file into a new one beside it (around damaged pages: what
 * cannot be read is counted and reported, never silently dropped); the cache stays empty, so the
 * next sync is a first sync. The new file is complete (a `rebuilt` meta row, written last) before
 * it replaces the old one atomically; the damaged file is kept as <name>.damaged (0600) for
 * support. */
#define G_LOG_DOMAIN "swc-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "swc-error.h"
#include "swc-store-private.h"
#include "swc-store.h"
#include "swc-db.h"

/* What only the client holds, copied by a rebuild (the schemas too: the queue needs them offline).
 */
static const char *const kept_tables[] = {
  "queue", "merges", "merge_steps", "duplicate_dismissals", "meta", "schemas", NULL
};
/* Checked at every start: small, and the client's own. */
static const char *const checked_tables[] = { "queue", "merges",     "merge_steps",
                                              "meta",  "sync_state", NULL };

static GMutex damage_lock;
static char *damage_reason; /* guarded by damage_lock: the first damage seen since the last open */
static GPtrArray *open_stores; /* guarded by damage_lock: GWeakRef * of every open store */

static const char *
reason_for (int code)
{
  return (code & 0xff) == SQLITE_NOTADB ? _("the file is no longer a database")
                                        : _("part of the file cannot be read");
}

static gboolean
emit_damaged (gpointer data)
{
  GWeakRef *ref = data;
  g_autoptr(SwcStore) store = g_weak_ref_get (ref);

  if (store != NULL)
    _swc_store_emit_damaged (store);
  g_weak_ref_clear (ref);
  g_free (ref);
  return G_SOURCE_REMOVE;
}

/* Any thread: remembers the damage and tells every open store, in the main context. */
void
_swc_store_mark_damaged (const char *reason)
{
  g_mutex_lock (&damage_lock);
  if (damage_reason == NULL)
    {
      damage_reason = g_strdup (reason);
      for (guint i = 0; open_stores != NULL && i < open_stores->len; i++)
        {
          g_autoptr(GObject) store = g_weak_ref_get (g_ptr_array_index (open_stores, i));
          GWeakRef *ref = g_new0 (GWeakRef, 1);

          g_weak_ref_init (ref, store);
          g_idle_add_full (G_PRIORITY_DEFAULT, emit_damaged, ref, NULL);
        }
    }
  g_mutex_unlock (&damage_lock);
}

static void
log_cb (void *data, int code, const char *message)
{
  int primary = code & 0xff;

  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
    {
      g_debug ("damage: %s", message);
      _swc_store_mark_damaged (reason_for (code));
    }
}

/* Before SQLite's first use (the store's class_init). */
void
_swc_store_init_damage_log (void)
{
  sqlite3_config (SQLITE_CONFIG_LOG, log_cb, NULL);
}

void
_swc_store_register (SwcStore *self)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, self);
  g_mutex_lock (&damage_lock);
  if (open_stores == NULL)
    open_stores = g_ptr_array_new ();
  /* a store opened now starts from its own check */
  g_clear_pointer (&damage_reason, g_free);
  for (guint i = open_stores->len; i > 0; i--)
    {
      GWeakRef *old = g_ptr_array_index (open_stores, i - 1);
      GObject *alive = g_weak_ref_get (old);

      if (alive != NULL)
        {
          g_object_unref (alive);
          continue;
        }
      g_weak_ref_clear (old);
      g_free (old);
      g_ptr_array_remove_index (open_stores, i - 1);
    }
  g_ptr_array_add (open_stores, ref);
  g_mutex_unlock (&damage_lock);
}

/* Whether a read or write met damage since the store was opened; what, in plain words (NULL: none).
 */
char *
swc_store_dup_damage (SwcStore *self)
{
  char *reason;

  g_return_val_if_fail (SWC_IS_STORE (self), NULL);

  g_mutex_lock (&damage_lock);
  reason = g_strdup (damage_reason);
  g_mutex_unlock (&damage_lock);
  return reason;
}

gboolean
swc_store_is_damaged (SwcStore *self)
{
  g_autofree char *reason = NULL;

  g_return_val_if_fail (SWC_IS_STORE (self), FALSE);

  reason = swc_store_dup_damage (self);
  return reason != NULL;
}

/* ---- checks ---- */

static gboolean
table_exists (sqlite3 *db, const char *schema, const char *table)
{
  g_autofree char *sql =
      g_strdup_printf ("SELECT 1 FROM %s.sqlite_master WHERE type = 'table' AND name = ?", schema);
  sqlite3_stmt *s = NULL;
  gboolean found;

  s = swc_db_prepare (db, sql);
  sqlite3_bind_text (s, 1, table, -1, SQLITE_STATIC);
  found = sqlite3_step (s) == SQLITE_ROW;
  sqlite3_finalize (s);
  return found;
}

/* A quick_check (of one table, or all with NULL): NULL when it is sound, else what is wrong. */
static char *
quick_check (sqlite3 *db, const char *table)
{
  g_autofree char *sql =
      table ? g_strdup_printf ("PRAGMA quick_check(%s)", table) : g_strdup ("PRAGMA quick_check");
  sqlite3_stmt *s = NULL;
  char *problem = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &s, NULL);

  if (rc == SQLITE_OK)
    rc = sqlite3_step (s);
  if (rc == SQLITE_ROW && g_strcmp0 ((const char *) sqlite3_column_text (s, 0), "ok") != 0)
    problem = g_strdup (_("part of the file cannot be read"));
  else if (rc != SQLITE_ROW)
    problem = g_strdup (reason_for (rc));
  sqlite3_finalize (s);
  return problem;
}

/* At every start, cheap: the schema readable and the client's own tables sound. NULL: sound. */
char *
_swc_store_check_open (sqlite3 *db)
{
  sqlite3_stmt *s = NULL;
  int rc = sqlite3_prepare_v2 (db, "SELECT COUNT(*) FROM sqlite_master", -1, &s, NULL);

  if (rc == SQLITE_OK)
    rc = sqlite3_step (s);
  sqlite3_finalize (s);
  if (rc != SQLITE_ROW)
    return g_strdup (reason_for (rc));
  for (guint i = 0; checked_tables[i]; i++)
    if (table_exists (db, "main", checked_tables[i]))
      {
        char *problem = quick_check (db, checked_tables[i]);
        if (problem != NULL)
          return problem;
      }
  return NULL;
}

/* Whether the file starts like a database; a short or foreign header is damage (an empty file is
 * new). */
gboolean
_swc_store_header_sound (const char *path)
{
  char header[100] = { 0 };
  gssize n;
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0)
    return TRUE;
  n = read (fd, header, sizeof header);
  close (fd);
  return n == 0 || (n == sizeof header && memcmp (header, "SQLite format 3", 16) == 0);
}

/* The full check, here and now (the command line's status and queue list): FALSE, and the store
 * marked, when the file is damaged. */
gboolean
swc_store_check (SwcStore *self)
{
  g_autofree char *problem = NULL;

  g_return_val_if_fail (SWC_IS_STORE (self), FALSE);

  problem = quick_check (swc_store_get_db (self), NULL);
  if (problem != NULL)
    _swc_store_mark_damaged (problem);
  return problem == NULL;
}

static void
check_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  SwcStore *self = source;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = swc_store_open_connection (self, &error);
  char *problem;

  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  problem = quick_check (db, NULL);
  sqlite3_close (db);
  if (problem != NULL)
    _swc_store_mark_damaged (problem);
  g_task_return_boolean (task, problem == NULL);
  g_free (problem);
}

/* The full check, on a connection of its own in a worker thread; damage found marks the store (its
 * "damaged" signal). Finishes TRUE when the file is sound. */
void
swc_store_check_async (SwcStore *self, GCancellable *cancellable, GAsyncReadyCallback callback,
                       gpointer data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SWC_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, data);
  g_task_set_source_tag (task, swc_store_check_async);
  g_task_run_in_thread (task, check_thread);
}

gboolean
swc_store_check_finish (SwcStore *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (SWC_IS_STORE (self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- reading a damaged file ---- */

/* A damaged file's header rewritten to something SQLite reads, so the pages behind it can be
 * salvaged: on a copy, never on the original. A header that is gone becomes a new one (4096-byte
 * pages, SQLite's default); a page count beyond the end of a cut-off file becomes the pages that
 * are there. */
static gboolean
rewrite_header (const char *copy)
{
  unsigned char h[100] = { 0 };
  int fd = g_open (copy, O_RDWR | O_CLOEXEC, 0);
  struct stat st;
  guint page_size, pages, counted;
  gboolean ok;

  if (fd < 0 || fstat (fd, &st) != 0)
    {
      if (fd >= 0)
        close (fd);
      return FALSE;
    }
  if (read (fd, h, sizeof h) != sizeof h || memcmp (h, "SQLite format 3", 16) != 0)
    {
      memset (h, 0, sizeof h);
      memcpy (h, "SQLite format 3", 16);
      h[16] = 0x10;      /* 4096-byte pages */
      h[18] = h[19] = 1; /* legacy journal: the copy has no WAL */
      h[21] = 64, h[22] = 32, h[23] = 32;
      h[47] = 4; /* schema format */
      h[59] = 1; /* UTF-8 */
    }
  page_size = h[16] << 8 | h[17];
  page_size = page_size == 1 ? 65536 : MAX (page_size, 512);
  pages = st.st_size / page_size;
  counted = (guint) h[28] << 24 | h[29] << 16 | h[30] << 8 | h[31];
  if (counted > pages)
    {
      h[28] = pages >> 24, h[29] = pages >> 16, h[30] = pages >> 8, h[31] = pages;
    }
  ok = pwrite (fd, h, sizeof h, 0) == sizeof h;
  close (fd);
  return ok;
}

static gboolean
copy_file (const char *from, const char *to, GError **error)
{
  g_autoptr(GFile) src = g_file_new_for_path (from);
  g_autoptr(GFile) dst = g_file_new_for_path (to);

  if (!g_file_copy (src, dst, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, error))
    return FALSE;
  g_chmod (to, 0600);
  return TRUE;
}

/* The damaged file as a database that can be read: a copy (with its WAL) beside it, its header
 * rewritten when it is gone. *copy is the copy's path, to remove afterwards. */
static sqlite3 *
open_damaged (const char *path, char **copy, GError **error)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *copy_wal = NULL;
  sqlite3 *db = NULL;

  *copy = g_strconcat (path, ".salvage", NULL);
  copy_wal = g_strconcat (*copy, "-wal", NULL);
  g_unlink (copy_wal);
  if (!copy_file (path, *copy, error) ||
      (g_file_test (wal, G_FILE_TEST_EXISTS) && _swc_store_header_sound (path) &&
       !copy_file (wal, copy_wal, error)))
    return NULL;
  if (!rewrite_header (*copy) ||
      sqlite3_open_v2 (*copy, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      g_set_error (error, SWC_ERROR, SWC_ERROR_STORE, _("Cannot read the damaged local store %s"),
                   path);
      sqlite3_close (db);
      return NULL;
    }
  return db;
}

static gboolean
attach_old (sqlite3 *db, const char *copy)
{
  sqlite3_stmt *s = NULL;
  gboolean ok;

  /* a schema row whose table lies past the end of a cut-off file does not stop the others being
   * read */
  sqlite3_exec (db, "PRAGMA writable_schema = ON", NULL, NULL, NULL);
  s = swc_db_prepare (db, "ATTACH ? AS old");
  sqlite3_bind_text (s, 1, copy, -1, SQLITE_STATIC);
  ok = sqlite3_step (s) == SQLITE_DONE;
  sqlite3_finalize (s);
  return ok;
}

static void
remove_copy (const char *copy)
{
  g_autofree char *wal = g_strconcat (copy, "-wal", NULL);
  g_autofree char *shm = g_strconcat (copy, "-shm", NULL);

  g_unlink (copy);
  g_unlink (wal);
  g_unlink (shm);
}

/* The rowids of a table that can be read: scanned from both ends, then the gap between probed one
 * by one. *damaged: some part of the table could not be read. */
static GArray *
readable_rowids (sqlite3 *db, const char *table, gboolean *damaged)
{
  g_autofree char *up = g_strdup_printf ("SELECT rowid FROM old.\"%s\" ORDER BY rowid", table);
  g_autofree char *down =
      g_strdup_printf ("SELECT rowid FROM old.\"%s\" ORDER BY rowid DESC", table);
  g_autofree char *one = g_strdup_printf ("SELECT rowid FROM old.\"%s\" WHERE rowid = ?", table);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *s = NULL;
  gint64 low = G_MININT64, high = G_MAXINT64, start;
  int rc;

  *damaged = FALSE;
  s = swc_db_prepare (db, up);
  while ((rc = sqlite3_step (s)) == SQLITE_ROW)
    {
      low = sqlite3_column_int64 (s, 0);
      g_array_append_val (ids, low);
    }
  sqlite3_finalize (s);
  if (rc == SQLITE_DONE)
    return ids;
  *damaged = TRUE;
  s = swc_db_prepare (db, down);
  while (sqlite3_step (s) == SQLITE_ROW && (high = sqlite3_column_int64 (s, 0)) > low)
    g_array_append_val (ids, high);
  sqlite3_finalize (s);
  if (high == G_MAXINT64)
    high = MAX (low, 0) + 100000;
  start = MAX (low + 1, 1);
  s = swc_db_prepare (db, one);
  for (gint64 id = start; id < high && id - start <= 1000000; id++)
    {
      sqlite3_bind_int64 (s, 1, id);
      if (sqlite3_step (s) == SQLITE_ROW)
        g_array_append_val (ids, id);
      sqlite3_reset (s);
    }
  sqlite3_finalize (s);
  return ids;
}

static char *
column_list (sqlite3 *db, const char *table)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA old.table_info(\"%s\")", table);
  GString *cols = g_string_new (NULL);
  sqlite3_stmt *s = NULL;

  s = swc_db_prepare (db, sql);
  while (sqlite3_step (s) == SQLITE_ROW)
    g_string_append_printf (cols, "%s\"%s\"", cols->len ? ", " : "", sqlite3_column_text (s, 1));
  sqlite3_finalize (s);
  return g_string_free (cols, FALSE);
}

/* Whether SQLite finds nothing wrong with a table of the damaged copy. */
static gboolean
old_table_sound (sqlite3 *db, const char *table)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA old.quick_check(\"%s\")", table);
  sqlite3_stmt *s = NULL;
  gboolean sound = sqlite3_prepare_v2 (db, sql, -1, &s, NULL) == SQLITE_OK &&
                   sqlite3_step (s) == SQLITE_ROW &&
                   g_strcmp0 ((const char *) sqlite3_column_text (s, 0), "ok") == 0;

  sqlite3_finalize (s);
  return sound;
}

/* Copies every readable row of a table from old into main; returns how many, *lost how many could
 * not be read (rows that failed after their rowid was read, or -1: an unknown part of the table).
 */
static guint
salvage_table (sqlite3 *db, const char *table, gint *lost)
{
  g_autofree char *cols = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GArray) ids = NULL;
  sqlite3_stmt *s = NULL;
  gboolean damaged;
  guint copied = 0;

  *lost = 0;
  if (!table_exists (db, "old", table))
    {
      *lost = -1; /* every store has the client's tables: one that cannot be found was in the
                     damaged part */
      return 0;
    }
  cols = column_list (db, table);
  ids = readable_rowids (db, table, &damaged);
  /* a scan that ended without an error may still have passed over damaged pages (cells it could not
   * see) */
  damaged = damaged || !old_table_sound (db, table);
  sql = g_strdup_printf (
      "INSERT OR IGNORE INTO main.\"%s\" (%s) SELECT %s FROM old.\"%s\" WHERE rowid = ?", table,
      cols, cols, table);
  s = swc_db_prepare (db, sql);
  for (guint i = 0; i < ids->len; i++)
    {
      sqlite3_bind_int64 (s, 1, g_array_index (ids, gint64, i));
      if (sqlite3_step (s) == SQLITE_DONE)
        copied += sqlite3_changes (db) > 0;
      else
        (*lost)++;
      sqlite3_reset (s);
    }
  sqlite3_finalize (s);
  if (damaged && *lost == 0)
    *lost = -1;
  return copied;
}

static void
report_table (GString *report, const char *table, guint copied, gint lost)
{
  if (lost == 0)
    g_string_append_printf (report, _("%s: %u rows kept\n"), table, copied);
  else if (lost > 0)
    g_string_append_printf (report, _("%s: %u rows kept, %d could not be read\n"), table, copied,
                            lost);
  else
    g_string_append_printf (report, _("%s: %u rows kept, a damaged part could not be read\n"),
                            table, copied);
}

/* Queued changes the user still has (not sent, not discarded), as far as the damaged file lets them
 * be read: for the message that says they are kept. -1: the queue cannot be read at all. */
gint
swc_store_count_kept_changes (const char *path)
{
  g_autofree char *copy = NULL;
  g_autoptr(GArray) ids = NULL;
  sqlite3 *db = open_damaged (path, &copy, NULL);
  sqlite3_stmt *s = NULL;
  gboolean damaged;
  gint n = 0;

  if (db == NULL)
    {
      if (copy != NULL)
        remove_copy (copy);
      return -1;
    }
  sqlite3_close (db);
  /* the same row-by-row reading as the rebuild */
  sqlite3_open (":memory:", &db);
  if (attach_old (db, copy) && table_exists (db, "old", "queue"))
    {
      ids = readable_rowids (db, "queue", &damaged);
      s = swc_db_prepare (
          db, "SELECT state NOT IN ('done', 'discarded') FROM old.queue WHERE rowid = ?");
      for (guint i = 0; i < ids->len; i++)
        {
          sqlite3_bind_int64 (s, 1, g_array_index (ids, gint64, i));
          n += sqlite3_step (s) == SQLITE_ROW && sqlite3_column_int (s, 0);
          sqlite3_reset (s);
        }
      sqlite3_finalize (s);
    }
  else
    n = -1;
  sqlite3_close (db);
  remove_copy (copy);
  return n;
}

/* ---- the rebuild ---- */

static gboolean
fsync_path (const char *path)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = fsync (fd) == 0;
  close (fd);
  return ok;
}

/* Writes the new store with every readable row of the client's own tables; the cache stays empty.
 */
static gboolean
write_salvaged (const char *path, const char *fresh, GString *report, GError **error)
{
  g_autofree char *copy = NULL;
  g_autoptr(SwcStore) store = NULL;
  g_autofree char *stamp = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  sqlite3 *db = open_damaged (path, &copy, error);
  sqlite3 *out;
  gboolean ok;

  if (db == NULL)
    goto out;
  sqlite3_close (db);
  store = swc_store_open (fresh, error);
  if (store == NULL)
    goto out;
  out = swc_store_get_db (store);
  if (!attach_old (out, copy))
    {
      g_set_error (error, SWC_ERROR, SWC_ERROR_STORE, _("Cannot read the damaged local store %s"),
                   path);
      goto out;
    }
  /* row by row, each on its own: a damaged page met while reading must not take a transaction with
   * it */
  for (guint i = 0; kept_tables[i]; i++)
    {
      gint lost;
      guint copied = salvage_table (out, kept_tables[i], &lost);

      report_table (report, kept_tables[i], copied, lost);
    }
  /* the cache starts again: no record of an earlier sync */
  stamp = g_date_time_format_iso8601 (now);
  ok = _swc_store_exec (out,
                        "DETACH old; PRAGMA writable_schema = OFF;"
                        " DELETE FROM meta WHERE key = 'last_sync';",
                        error);
  /* last: the mark of a complete file */
  swc_store_set_meta (store, "rebuilt", stamp);
  ok = ok && _swc_store_exec (out, "PRAGMA wal_checkpoint(TRUNCATE)", error);
  g_clear_object (&store);
  remove_copy (copy);
  return ok && fsync_path (fresh);
out:
  if (copy != NULL)
    remove_copy (copy);
  return FALSE;
}

/* A new file a rebuild finished writing (its `rebuilt` row is written last) but did not put in
 * place. */
static gboolean
fresh_complete (const char *fresh)
{
  g_autofree char *uri = g_strdup_printf ("file:%s?mode=ro", fresh);
  sqlite3 *db = NULL;
  sqlite3_stmt *s = NULL;
  gboolean done = FALSE;

  if (!g_file_test (fresh, G_FILE_TEST_EXISTS))
    return FALSE;
  if (sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "SELECT 1 FROM meta WHERE key = 'rebuilt'", -1, &s, NULL) ==
          SQLITE_OK)
    done = sqlite3_step (s) == SQLITE_ROW;
  sqlite3_finalize (s);
  sqlite3_close (db);
  return done;
}

static void
move_aside (const char *from, const char *to)
{
  g_unlink (to);
  if (g_file_test (from, G_FILE_TEST_EXISTS) && g_rename (from, to) == 0)
    g_chmod (to, 0600);
}

/* Rebuilds the damaged store at path (no connection to it may be open): a new file beside it with
 * every readable queued change, merge, dismissal and meta row, the cache empty; it replaces the old
 * file atomically and the old one stays as <path>.damaged. *report: what was kept and what could
 * not be read, a line per table. A rebuild cut off before the replacement finishes it next time. */
gboolean
swc_store_rebuild (const char *path, char **report, GError **error)
{
  g_autofree char *fresh = g_strconcat (path, ".new", NULL);
  g_autofree char *damaged = g_strconcat (path, ".damaged", NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GString) text = g_string_new (NULL);
  const char *suffixes[] = { "-wal", "-shm" };

  if (fresh_complete (fresh))
    g_string_append (text, _("a rebuild that was cut off is finished\n"));
  else
    {
      remove_copy (fresh);
      if (!write_salvaged (path, fresh, text, error))
        {
          remove_copy (fresh);
          return FALSE;
        }
    }
  /* the damaged file stays for support, and its WAL must never meet the new file */
  g_unlink (damaged);
  if (link (path, damaged) != 0 && !copy_file (path, damaged, error))
    return FALSE;
  g_chmod (damaged, 0600);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (damaged, suffixes[i], NULL);

      if (i == 0)
        move_aside (from, to);
      else
        g_unlink (from);
    }
  if (g_rename (fresh, path) != 0)
    {
      g_set_error (error, SWC_ERROR, SWC_ERROR_STORE, _("Cannot replace the local store %s: %s"),
                   path, g_strerror (errno));
      return FALSE;
    }
  fsync_path (dir);
  g_mutex_lock (&damage_lock);
  g_clear_pointer (&damage_reason, g_free);
  g_mutex_unlock (&damage_lock);
  if (report != NULL)
    *report = g_strdup (text->str);
  return TRUE;
}

/* ---- the same, off the main thread (the app) ---- */

static void
count_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  g_task_return_int (task, swc_store_count_kept_changes (data));
}

/* swc_store_count_kept_changes in a worker thread: reading a damaged file may mean copying it. */
void
swc_store_count_kept_changes_async (const char *path, GCancellable *cancellable,
                                    GAsyncReadyCallback callback, gpointer data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, data);

  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, count_thread);
}

gint
swc_store_count_kept_changes_finish (GAsyncResult *result)
{
  g_return_val_if_fail (G_IS_TASK (result), 0);

  return (gint) g_task_propagate_int (G_TASK (result), NULL);
}

static void
rebuild_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  GError *error = NULL;
  char *report = NULL;

  if (swc_store_rebuild (data, &report, &error))
    g_task_return_pointer (task, report, g_free);
  else
    g_task_return_error (task, error);
}

/* swc_store_rebuild in a worker thread; no connection to the store may be open. */
void
swc_store_rebuild_async (const char *path, GCancellable *cancellable, GAsyncReadyCallback callback,
                         gpointer data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, data);

  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, rebuild_thread);
}

/* The report (what was kept, what could not be read), or NULL and the error. */
char *
swc_store_rebuild_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
