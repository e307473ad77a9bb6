/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The local store: one SQLite database (WAL, mode 0600) per server and user with every synced
 * object as the JSON the server sent, a reference index derived from the schemas, full-text search
 * with diacritics folded, the sync bookkeeping, and (issue 3, later) the change queue. */
#define G_LOG_DOMAIN "swc-store"

#include "config.h"

#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "swc-error.h"
#include "swc-page.h"
#include "swc-store.h"
#include "swc-store-private.h"

struct _SwcStore
{
  GObject parent_instance;

  char *path;  /* owned */
  sqlite3 *db; /* owned: the main thread's connection */
};

G_DEFINE_FINAL_TYPE (SwcStore, swc_store, G_TYPE_OBJECT)

static const char ddl[] =
    /* uuid is unique through the index objects_uuid (stores made before it: an inline UNIQUE),
     * which a first sync into an empty store drops and builds once at the end
     * (swc_store_begin_bulk_load) */
    "CREATE TABLE IF NOT EXISTS objects (rowid INTEGER PRIMARY KEY, uuid TEXT NOT NULL,"
    " schema TEXT NOT NULL, json TEXT NOT NULL, server_json TEXT, name TEXT, updated TEXT, version"
    " TEXT,"
    " pending INTEGER NOT NULL DEFAULT 0, deleted INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX IF NOT EXISTS objects_schema ON objects (schema);"
    /* clustered by source, so an object's references are written and replaced in one place */
    "CREATE TABLE IF NOT EXISTS refs (source INTEGER NOT NULL, property TEXT NOT NULL, target TEXT"
    " NOT NULL,"
    " PRIMARY KEY (source, property, target)) WITHOUT ROWID;"
    "CREATE INDEX IF NOT EXISTS refs_target ON refs (target);"
    "CREATE VIRTUAL TABLE IF NOT EXISTS search USING fts5 (name, body,"
    " tokenize = 'unicode61 remove_diacritics 2');"
    "CREATE TABLE IF NOT EXISTS schemas (key TEXT PRIMARY KEY, json TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS sync_state (schema TEXT PRIMARY KEY, watermark TEXT, full_done"
    " INTEGER,"
    " server_total INTEGER, last_id_check TEXT, deltas_since_check INTEGER);"
    "CREATE TABLE IF NOT EXISTS sync_pages (schema TEXT NOT NULL, page INTEGER NOT NULL,"
    " PRIMARY KEY (schema, page));"
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);"
    "CREATE TABLE IF NOT EXISTS queue (id INTEGER PRIMARY KEY, created TEXT NOT NULL, kind TEXT"
    " NOT NULL,"
    " schema TEXT, uuid TEXT, method TEXT, path TEXT, payload TEXT, base TEXT, state TEXT NOT NULL,"
    " not_before INTEGER NOT NULL DEFAULT 0, attempts INTEGER NOT NULL DEFAULT 0, error TEXT,"
    " theirs TEXT,"
    " label TEXT, done_at TEXT);"
    "CREATE INDEX IF NOT EXISTS queue_state ON queue (state, id);"
    /* the merge journal: the plan, then per source its queued step and, once confirmed, what it
       changed */
    "CREATE TABLE IF NOT EXISTS merges (id INTEGER PRIMARY KEY, created TEXT NOT NULL, schema TEXT"
    " NOT NULL,"
    " target TEXT NOT NULL, target_name TEXT, new_target INTEGER NOT NULL DEFAULT 0, reason TEXT"
    " NOT NULL,"
    " result TEXT, target_before TEXT, create_id INTEGER, reversal_from INTEGER, reversal_to"
    " INTEGER);"
    "CREATE TABLE IF NOT EXISTS merge_steps (merge INTEGER NOT NULL, seq INTEGER NOT NULL, source"
    " TEXT NOT NULL,"
    " source_name TEXT, queue_id INTEGER NOT NULL, source_before TEXT, refs_before TEXT, report"
    " TEXT,"
    " PRIMARY KEY (merge, seq));"
    "CREATE INDEX IF NOT EXISTS merge_steps_queue ON merge_steps (queue_id);"
    /* pairs marked "not a duplicate", with the versions they had then: a change of either brings
       them back */
    "CREATE TABLE IF NOT EXISTS duplicate_dismissals (a TEXT NOT NULL, b TEXT NOT NULL,"
    " fingerprint TEXT,"
    " PRIMARY KEY (a, b));";

static void
swc_store_finalize (GObject *object)
{
  SwcStore *self = SWC_STORE (object);

  if (self->db != NULL)
    sqlite3_close (self->db);
  g_free (self->path);
  G_OBJECT_CLASS (swc_store_parent_class)->finalize (object);
}

enum
{
  CHANGED,
  DAMAGED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static void
swc_store_class_init (SwcStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = swc_store_finalize;
  /* before SQLite's first use: without memory statistics its allocations take no global lock (the
   * writer thread and the main loop allocate at the same time); a no-op if it is already
   * initialised */
  sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
  /* every read or write that meets a damaged file, wherever it is, marks the store damaged */
  _swc_store_init_damage_log ();
  /* changed (schema or NULL): objects of the schema were written; list models refresh */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* damaged: a read, a write or the background check met a damaged file (what: dup_damage) */
  signals[DAMAGED] = g_signal_new ("damaged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 0);
}

void
_swc_store_emit_damaged (SwcStore *self)
{
  g_signal_emit (self, signals[DAMAGED], 0);
}

/* Tells the list models (main thread) that objects of a schema changed. */
void
swc_store_notify_changed (SwcStore *self, const char *schema)
{
  g_return_if_fail (SWC_IS_STORE (self));

  g_signal_emit (self, signals[CHANGED], 0, schema);
}

static void
swc_store_init (SwcStore *self)
{
}

gboolean
_swc_store_exec (sqlite3 *db, const char *sql, GError **error)
{
  char *msg = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &msg) == SQLITE_OK)
    return TRUE;
  g_set_error (error, SWC_ERROR, SWC_ERROR_STORE, _("The local store failed: %s"),
               msg ? msg : "?");
  sqlite3_free (msg);
  return FALSE;
}

sqlite3_stmt *
_swc_store_prepare (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_critical ("Cannot prepare %s: %s", sql, sqlite3_errmsg (db));
  return stmt;
}

/* The file exists with mode 0600 before SQLite opens it: contact persons' personal data live here.
 */
static gboolean
create_private_file (const char *path, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, SWC_ERROR, SWC_ERROR_STORE, _("Cannot create the folder %s"), dir);
      return FALSE;
    }
  fd = g_open (path, O_CREAT | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      g_set_error (error, SWC_ERROR, SWC_ERROR_STORE, _("Cannot open the local store %s"), path);
      return FALSE;
    }
  fchmod (fd, 0600);
  close (fd);
  return TRUE;
}

static void
damaged_error (GError **error, const char *reason)
{
  g_set_error (error, SWC_ERROR, SWC_ERROR_STORE_DAMAGED, "%s", reason);
}

static sqlite3 *
open_connection (const char *path, GError **error)
{
  sqlite3 *db = NULL;
  int rc;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      g_set_error (error, SWC_ERROR, SWC_ERROR_STORE, _("Cannot open the local store %s: %s"),
                   path, db ? sqlite3_errmsg (db) : "?");
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 30000);
  rc = sqlite3_exec (db,
                     "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                     " PRAGMA cache_size = -16384;",
                     NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      int code = sqlite3_extended_errcode (db) & 0xff;

      if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
        damaged_error (error, _("the file is no longer a database"));
      else
        g_set_error (error, SWC_ERROR, SWC_ERROR_STORE, _("The local store failed: %s"),
                     sqlite3_errmsg (db));
      sqlite3_close (db);
      return NULL;
    }
  return db;
}

/* Whether uuids are indexed (and unique): objects_uuid, or the inline UNIQUE of stores made before
 * it. */
gboolean
_swc_store_uuid_indexed (sqlite3 *db)
{
  sqlite3_stmt *s = NULL;
  gboolean found = FALSE;

  if (sqlite3_prepare_v2 (
          db,
          "SELECT 1 FROM sqlite_master WHERE type = 'index' AND tbl_name = 'objects'"
          " AND name IN ('objects_uuid', 'sqlite_autoindex_objects_1')",
          -1, &s, NULL) != SQLITE_OK)
    return FALSE; /* a file that cannot say: the index is built (or its damage found) as for a new
                     one */
  found = sqlite3_step (s) == SQLITE_ROW;
  sqlite3_finalize (s);
  return found;
}

/* After a bulk load: an object a page repeated (the server's paging shifts when objects change
 * meanwhile) keeps its last copy; then the unique index, built once by sorting instead of row by
 * row. Repeats are rare: the index is tried first and the repeats are looked for only when it finds
 * one. */
static gboolean
build_uuid_index (sqlite3 *db, GError **error)
{
  static const char dedupe[] =
      "BEGIN IMMEDIATE;"
      "CREATE TEMP TABLE repeated AS SELECT o.rowid AS id FROM objects o"
      " JOIN (SELECT uuid, MAX (rowid) AS keep FROM objects GROUP BY uuid HAVING COUNT (*) > 1) d"
      " ON d.uuid = o.uuid AND o.rowid != d.keep;"
      "DELETE FROM refs WHERE source IN (SELECT id FROM repeated);"
      "DELETE FROM search WHERE rowid IN (SELECT id FROM repeated);"
      "DELETE FROM objects WHERE rowid IN (SELECT id FROM repeated);"
      "DROP TABLE repeated;"
      "CREATE UNIQUE INDEX IF NOT EXISTS objects_uuid ON objects (uuid);"
      "COMMIT;";

  if (sqlite3_exec (db, "CREATE UNIQUE INDEX IF NOT EXISTS objects_uuid ON objects (uuid)", NULL,
                    NULL, NULL) == SQLITE_OK)
    return TRUE;
  if (_swc_store_exec (db, dedupe, error))
    return TRUE;
  _swc_store_exec (db, "ROLLBACK", NULL);
  return FALSE;
}

SwcStore *
swc_store_open (const char *path, GError **error)
{
  g_autoptr(SwcStore) self = g_object_new (SWC_TYPE_STORE, NULL);

  g_autofree char *problem = NULL;

  if (!_swc_store_header_sound (path))
    {
      damaged_error (error, _("the file’s header cannot be read"));
      return NULL;
    }
  if (!create_private_file (path, error))
    return NULL;
  self->path = g_strdup (path);
  _swc_store_register (self);
  self->db = open_connection (path, error);
  if (self->db == NULL)
    return NULL;
  /* cheap, at every start: the schema and the client's own tables */
  if ((problem = _swc_store_check_open (self->db)) != NULL)
    {
      damaged_error (error, problem);
      return NULL;
    }
  if (!_swc_store_exec (self->db, ddl, error))
    return NULL;
  /* a first sync killed half-way left its objects without the index: dedupe and build it now, and
   * let the full-text index merge its segments again */
  if (!_swc_store_uuid_indexed (self->db) &&
      (!build_uuid_index (self->db, error) ||
       !_swc_store_exec (self->db, "INSERT INTO search (search, rank) VALUES ('automerge', 4);",
                         error)))
    return NULL;
  return g_steal_pointer (&self);
}

const char *
swc_store_get_path (SwcStore *self)
{
  g_return_val_if_fail (SWC_IS_STORE (self), NULL);

  return self->path;
}

sqlite3 *
swc_store_get_db (SwcStore *self)
{
  g_return_val_if_fail (SWC_IS_STORE (self), NULL);

  return self->db;
}

/* A connection of its own, for the writer thread (SQLite connections are not shared across
 * threads). It checkpoints the WAL less often (each checkpoint copies what the pages wrote once
 * more), and keeps a small cache: a load appends, and a larger cache was measured slower and bigger
 * (tests/bench/bench-sync.py: 64 MiB made a first sync at scale 10 take 8.0 s and 157 MiB, 4
 * MiB 6.3 s and 33 MiB). */
sqlite3 *
swc_store_open_connection (SwcStore *self, GError **error)
{
  sqlite3 *db = open_connection (self->path, error);

  if (db != NULL)
    _swc_store_exec (db, "PRAGMA wal_autocheckpoint = 8192; PRAGMA cache_size = -4096;", NULL);
  return db;
}

char *
swc_store_get_meta (SwcStore *self, const char *key)
{
  sqlite3_stmt *s;
  char *value = NULL;

  g_return_val_if_fail (SWC_IS_STORE (self), NULL);

  s = _swc_store_prepare (self->db, "SELECT value FROM meta WHERE key = ?");
  sqlite3_bind_text (s, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (s) == SQLITE_ROW && sqlite3_column_text (s, 0) != NULL)
    value = g_strdup ((const char *) sqlite3_column_text (s, 0));
  sqlite3_finalize (s);
  return value;
}

void
swc_store_set_meta (SwcStore *self, const char *key, const char *value)
{
  sqlite3_stmt *s;

  g_return_if_fail (SWC_IS_STORE (self));

  s = _swc_store_prepare (self->db, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)");
  sqlite3_bind_text (s, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 2, value, -1, SQLITE_STATIC);
  sqlite3_step (s);
  sqlite3_finalize (s);
}

gboolean
swc_store_save_schemas (SwcStore *self, const char *registers, const char *schemas)
{
  sqlite3_stmt *s;
  gboolean ok;

  g_return_val_if_fail (SWC_IS_STORE (self), FALSE);

  s = _swc_store_prepare (self->db, "INSERT OR REPLACE INTO schemas (key, json) VALUES (?, ?)");
  sqlite3_bind_text (s, 1, "registers", -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 2, registers, -1, SQLITE_STATIC);
  ok = sqlite3_step (s) == SQLITE_DONE;
  sqlite3_reset (s);
  sqlite3_bind_text (s, 1, "schemas", -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 2, schemas, -1, SQLITE_STATIC);
  ok = ok && sqlite3_step (s) == SQLITE_DONE;
  sqlite3_finalize (s);
  return ok;
}

/* Whether the store already holds exactly these registers and schemas. */
gboolean
swc_store_schemas_unchanged (SwcStore *self, const char *registers, const char *schemas)
{
  sqlite3_stmt *s;
  gboolean same;

  g_return_val_if_fail (SWC_IS_STORE (self), FALSE);

  s = _swc_store_prepare (self->db, "SELECT (SELECT json FROM schemas WHERE key = 'registers') = ?1"
                                    " AND (SELECT json FROM schemas WHERE key = 'schemas') = ?2");
  sqlite3_bind_text (s, 1, registers, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 2, schemas, -1, SQLITE_STATIC);
  same = sqlite3_step (s) == SQLITE_ROW && sqlite3_column_int (s, 0) == 1;
  sqlite3_finalize (s);
  return same;
}

static JsonNode *
load_cached (SwcStore *self, const char *key)
{
  sqlite3_stmt *s = _swc_store_prepare (self->db, "SELECT json FROM schemas WHERE key = ?");
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *node = NULL;

  sqlite3_bind_text (s, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (s) == SQLITE_ROW &&
      json_parser_load_from_data (parser, (const char *) sqlite3_column_text (s, 0), -1, NULL))
    node = json_node_copy (json_parser_get_root (parser));
  sqlite3_finalize (s);
  return node;
}

/* The schemas as the server gave them at the last login, so the store works offline. */
/* Records which dialect the backend spoke at this sync; TRUE when it spoke another one before, so
 * the store's copy must be read again in full. */
gboolean
swc_store_note_dialect (SwcStore *self, SwcDialect dialect)
{
  g_autofree char *before = NULL;
  const char *now = swc_dialect_name (dialect);

  g_return_val_if_fail (SWC_IS_STORE (self), FALSE);

  before = swc_store_get_meta (self, "dialect");
  if (g_strcmp0 (before, now) == 0)
    return FALSE;
  swc_store_set_meta (self, "dialect", now);
  return before != NULL && *before != '\0';
}

SwcSchemaSet *
swc_store_load_schemas (SwcStore *self, GError **error)
{
  g_autoptr(JsonNode) registers = NULL;
  g_autoptr(JsonNode) schemas = NULL;

  g_return_val_if_fail (SWC_IS_STORE (self), NULL);

  registers = load_cached (self, "registers");
  schemas = load_cached (self, "schemas");
  if (registers == NULL || schemas == NULL)
    {
      g_set_error (error, SWC_ERROR, SWC_ERROR_STORE,
                   _("The local store is empty; synchronise first"));
      return NULL;
    }
  return swc_schema_set_new_from_json (registers, schemas, error);
}

/* ---- queries ---- */

/* A first sync into an empty store: the indexes on random keys (uuids, reference targets) are built
 * once at the end, by sorting, instead of being updated at random places on every page (at 500,000
 * objects that rewrote thousands of index pages per page of objects). The schema index stays: a
 * page appends to it in one place, and the sync counts each schema with it. */
void
swc_store_begin_bulk_load (SwcStore *self)
{
  sqlite3_stmt *s = NULL;
  gboolean empty;

  g_return_if_fail (SWC_IS_STORE (self));

  empty = sqlite3_prepare_v2 (self->db, "SELECT NOT EXISTS (SELECT 1 FROM objects)", -1, &s,
                              NULL) == SQLITE_OK &&
          sqlite3_step (s) == SQLITE_ROW && sqlite3_column_int (s, 0);
  sqlite3_finalize (s);
  _swc_store_exec (self->db, "DROP INDEX IF EXISTS refs_target;", NULL);
  if (empty)
    _swc_store_exec (self->db,
                     "DROP INDEX IF EXISTS objects_uuid;"
                     /* the full-text index merges its segments once, at the end */
                     " INSERT INTO search (search, rank) VALUES ('automerge', 0);",
                     NULL);
}

static void
timed_exec (sqlite3 *db, const char *what, const char *sql)
{
  gint64 start = g_get_monotonic_time ();

  _swc_store_exec (db, sql, NULL);
  g_debug ("bulk load: %s in %.3f s", what, (g_get_monotonic_time () - start) / 1e6);
}

/* On the connection that did the load (its cache holds what the indexes are built from). */
void
swc_store_end_bulk_load (sqlite3 *db)
{
  gint64 start = g_get_monotonic_time ();

  if (!_swc_store_uuid_indexed (db))
    build_uuid_index (db, NULL);
  g_debug ("bulk load: uuid index in %.3f s", (g_get_monotonic_time () - start) / 1e6);
  timed_exec (db, "reference index", "CREATE INDEX IF NOT EXISTS refs_target ON refs (target)");
  timed_exec (db, "schema index", "CREATE INDEX IF NOT EXISTS objects_schema ON objects (schema)");
  timed_exec (db, "full-text index",
              "INSERT INTO search (search, rank) VALUES ('automerge', 4);"
              " INSERT INTO search (search) VALUES ('optimize');");
}

gboolean
swc_store_is_empty (sqlite3 *db)
{
  sqlite3_stmt *s =
      _swc_store_prepare (db, "SELECT NOT EXISTS (SELECT 1 FROM objects WHERE deleted = 0)");
  gboolean empty = sqlite3_step (s) == SQLITE_ROW && sqlite3_column_int (s, 0);

  sqlite3_finalize (s);
  return empty;
}

gint64
swc_store_count (sqlite3 *db, const char *schema)
{
  sqlite3_stmt *s =
      _swc_store_prepare (db, schema
                                  ? "SELECT COUNT(*) FROM objects WHERE schema = ? AND deleted = 0"
                                  : "SELECT COUNT(*) FROM objects WHERE deleted = 0");
  gint64 n = 0;

  if (schema)
    sqlite3_bind_text (s, 1, schema, -1, SQLITE_STATIC);
  if (sqlite3_step (s) == SQLITE_ROW)
    n = sqlite3_column_int64 (s, 0);
  sqlite3_finalize (s);
  return n;
}

GHashTable *
swc_store_uuids (sqlite3 *db, const char *schema)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *s = _swc_store_prepare (db, "SELECT uuid FROM objects WHERE schema = ?");

  sqlite3_bind_text (s, 1, schema, -1, SQLITE_STATIC);
  while (sqlite3_step (s) == SQLITE_ROW)
    g_hash_table_add (set, g_strdup ((const char *) sqlite3_column_text (s, 0)));
  sqlite3_finalize (s);
  return set;
}

/* Removes the objects of a schema that the server no longer has (not those with changes waiting).
 */
guint
swc_store_delete_missing (sqlite3 *db, const char *schema, GHashTable *server_uuids)
{
  g_autoptr(GHashTable) local = swc_store_uuids (db, schema);
  sqlite3_stmt *del =
      _swc_store_prepare (db, "DELETE FROM objects WHERE uuid = ? AND pending = 0 RETURNING rowid");
  sqlite3_stmt *refs = _swc_store_prepare (db, "DELETE FROM refs WHERE source = ?");
  sqlite3_stmt *search = _swc_store_prepare (db, "DELETE FROM search WHERE rowid = ?");
  GHashTableIter iter;
  gpointer key;
  guint deleted = 0;

  _swc_store_exec (db, "BEGIN IMMEDIATE", NULL);
  g_hash_table_iter_init (&iter, local);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (g_hash_table_contains (server_uuids, key))
        continue;
      sqlite3_bind_text (del, 1, key, -1, SQLITE_STATIC);
      if (sqlite3_step (del) == SQLITE_ROW)
        {
          gint64 rowid = sqlite3_column_int64 (del, 0);
          sqlite3_reset (del);
          sqlite3_bind_int64 (refs, 1, rowid);
          _swc_store_step (refs);
          sqlite3_bind_int64 (search, 1, rowid);
          _swc_store_step (search);
          deleted++;
        }
      sqlite3_reset (del);
    }
  _swc_store_exec (db, "COMMIT", NULL);
  sqlite3_finalize (del);
  sqlite3_finalize (refs);
  sqlite3_finalize (search);
  return deleted;
}

static char *
object_column (SwcStore *self, const char *column_sql, const char *uuid)
{
  sqlite3_stmt *s = _swc_store_prepare (self->db, column_sql);
  char *v = NULL;

  sqlite3_bind_text (s, 1, uuid, -1, SQLITE_STATIC);
  if (sqlite3_step (s) == SQLITE_ROW && sqlite3_column_text (s, 0))
    v = g_strdup ((const char *) sqlite3_column_text (s, 0));
  sqlite3_finalize (s);
  return v;
}

char *
swc_store_object_json (SwcStore *self, const char *uuid)
{
  g_return_val_if_fail (SWC_IS_STORE (self), NULL);

  return object_column (self, "SELECT json FROM objects WHERE uuid = ?", uuid);
}

/* The object as the user sees it, parsed; NULL when the store does not have it. */
JsonObject *
swc_store_object (SwcStore *self, const char *uuid)
{
  g_autofree char *json = NULL;
  g_autoptr(JsonParser) p = json_parser_new ();

  g_return_val_if_fail (SWC_IS_STORE (self), NULL);

  json = swc_store_object_json (self, uuid);
  if (json == NULL || !json_parser_load_from_data (p, json, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (p)))
    return NULL;
  return json_object_ref (json_node_get_object (json_parser_get_root (p)));
}

/* What a record is called where it is shown or referenced; one a 2026 backend merged away (a
 * tombstone with mergedInto) names the record it went into: "Centric Oud (merged into Centric)". */
char *
swc_store_object_name (SwcStore *self, const char *uuid)
{
  g_autofree char *name = NULL;
  g_autofree char *survivor = NULL;

  g_return_val_if_fail (SWC_IS_STORE (self), NULL);

  name = object_column (self, "SELECT name FROM objects WHERE uuid = ?", uuid);
  survivor = name ? object_column (self,
                                   "SELECT s.name FROM objects o JOIN objects s ON s.uuid ="
                                   " json_extract (o.json, '$.mergedInto') WHERE o.uuid = ?",
                                   uuid)
                  : NULL;
  if (survivor == NULL)
    return g_steal_pointer (&name);
  /* TRANSLATORS: a record merged into another one on the server, e.g. "Centric Oud (merged into
   * Centric)" */
  return g_strdup_printf (_("%s (merged into %s)"), name, survivor);
}

char *
swc_store_object_schema (SwcStore *self, const char *uuid)
{
  g_return_val_if_fail (SWC_IS_STORE (self), NULL);

  return object_column (self, "SELECT schema FROM objects WHERE uuid = ?", uuid);
}

/* Every word must match the start of a word in the name or the text ("sudwest" finds
 * "Súdwest-Fryslân"): an FTS5 expression for the search table, "" when the query has no words. */
char *
swc_store_fts_query (const char *query)
{
  g_auto(GStrv) words = g_strsplit_set (query, " \t-'\".,;:()*", -1);
  GString *q = g_string_new (NULL);

  for (guint i = 0; words[i]; i++)
    if (*words[i])
      g_string_append_printf (q, "%s\"%s\"*", q->len ? " " : "", words[i]);
  return g_string_free (q, FALSE);
}

GPtrArray *
swc_store_search (SwcStore *self, const char *query, guint limit, GError **error)
{
  g_autofree char *match = swc_store_fts_query (query);
  GPtrArray *hits = g_ptr_array_new_with_free_func ((GDestroyNotify) swc_search_hit_free);
  sqlite3_stmt *s;

  g_return_val_if_fail (SWC_IS_STORE (self), NULL);

  if (*match == '\0')
    return hits;
  s = _swc_store_prepare (
      self->db,
      "SELECT o.schema, o.uuid, o.name FROM search JOIN objects o ON o.rowid = search.rowid"
      " WHERE search MATCH ? ORDER BY bm25(search, 10.0, 1.0), o.name LIMIT ?");
  sqlite3_bind_text (s, 1, match, -1, SQLITE_STATIC);
  sqlite3_bind_int (s, 2, limit);
  while (sqlite3_step (s) == SQLITE_ROW)
    {
      SwcSearchHit *hit = g_new0 (SwcSearchHit, 1);
      hit->schema = g_strdup ((const char *) sqlite3_column_text (s, 0));
      hit->uuid = g_strdup ((const char *) sqlite3_column_text (s, 1));
      hit->name = g_strdup ((const char *) sqlite3_column_text (s, 2));
      g_ptr_array_add (hits, hit);
    }
  sqlite3_finalize (s);
  return hits;
}

void
swc_search_hit_free (SwcSearchHit *hit)
{
  g_free (hit->schema);
  g_free (hit->uuid);
  g_free (hit->name);
  g_free (hit);
}

/* What points at the given objects, per schema and property: a query on the reference index.
 * Objects in `excluded` (the merge's own objects) are not counted. */
GPtrArray *
swc_store_reference_counts (SwcStore *self, const char *const *targets, const char *const *excluded)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) swc_ref_count_free);
  g_autoptr(GString) sql =
      g_string_new ("SELECT o.schema, r.property, COUNT(*) FROM refs r"
                    " JOIN objects o ON o.rowid = r.source WHERE r.target IN (");
  guint n = g_strv_length ((GStrv) targets), m = excluded ? g_strv_length ((GStrv) excluded) : 0;
  sqlite3_stmt *s;

  g_return_val_if_fail (SWC_IS_STORE (self), NULL);

  for (guint i = 0; i < n; i++)
    g_string_append (sql, i ? ", ?" : "?");
  g_string_append (sql, ") AND o.uuid NOT IN (''");
  for (guint i = 0; i < m; i++)
    g_string_append (sql, ", ?");
  g_string_append (sql, ") GROUP BY o.schema, r.property ORDER BY o.schema, r.property");
  s = _swc_store_prepare (self->db, sql->str);
  for (guint i = 0; i < n; i++)
    sqlite3_bind_text (s, i + 1, targets[i], -1, SQLITE_STATIC);
  for (guint i = 0; i < m; i++)
    sqlite3_bind_text (s, n + i + 1, excluded[i], -1, SQLITE_STATIC);
  while (sqlite3_step (s) == SQLITE_ROW)
    {
      SwcRefCount *c = g_new0 (SwcRefCount, 1);
      c->schema = g_strdup ((const char *) sqlite3_column_text (s, 0));
      c->property = g_strdup ((const char *) sqlite3_column_text (s, 1));
      c->count = sqlite3_column_int64 (s, 2);
      g_ptr_array_add (rows, c);
    }
  sqlite3_finalize (s);
  return rows;
}

void
swc_ref_count_free (SwcRefCount *count)
{
  g_free (count->schema);
  g_free (count->property);
  g_free (count);
}

/* ---- sync bookkeeping ---- */

static gboolean
valid_sync_column (const char *column)
{
  static const char *columns[] = { "watermark",     "full_done",          "server_total",
                                   "last_id_check", "deltas_since_check", NULL };

  return g_strv_contains (columns, column);
}

char *
swc_store_sync_get (sqlite3 *db, const char *schema, const char *column)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *s;
  char *v = NULL;

  g_return_val_if_fail (valid_sync_column (column), NULL);
  sql = g_strdup_printf ("SELECT %s FROM sync_state WHERE schema = ?", column);
  s = _swc_store_prepare (db, sql);
  sqlite3_bind_text (s, 1, schema, -1, SQLITE_STATIC);
  if (sqlite3_step (s) == SQLITE_ROW && sqlite3_column_text (s, 0))
    v = g_strdup ((const char *) sqlite3_column_text (s, 0));
  sqlite3_finalize (s);
  return v;
}

void
swc_store_sync_set (sqlite3 *db, const char *schema, const char *column, const char *value)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *s;

  g_return_if_fail (valid_sync_column (column));
  sql = g_strdup_printf ("INSERT INTO sync_state (schema, %s) VALUES (?1, ?2)"
                         " ON CONFLICT (schema) DO UPDATE SET %s = ?2",
                         column, column);
  s = _swc_store_prepare (db, sql);
  sqlite3_bind_text (s, 1, schema, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 2, value, -1, SQLITE_STATIC);
  sqlite3_step (s);
  sqlite3_finalize (s);
}

GHashTable *
swc_store_sync_pages_done (sqlite3 *db, const char *schema)
{
  GHashTable *done = g_hash_table_new (g_direct_hash, g_direct_equal);
  sqlite3_stmt *s = _swc_store_prepare (db, "SELECT page FROM sync_pages WHERE schema = ?");

  sqlite3_bind_text (s, 1, schema, -1, SQLITE_STATIC);
  while (sqlite3_step (s) == SQLITE_ROW)
    g_hash_table_add (done, GINT_TO_POINTER (sqlite3_column_int (s, 0)));
  sqlite3_finalize (s);
  return done;
}

void
swc_store_sync_reset_pages (sqlite3 *db, const char *schema)
{
  sqlite3_stmt *s = _swc_store_prepare (db, "DELETE FROM sync_pages WHERE schema = ?");

  sqlite3_bind_text (s, 1, schema, -1, SQLITE_STATIC);
  sqlite3_step (s);
  sqlite3_finalize (s);
}
