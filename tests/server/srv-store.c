/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The server's storage: one SQLite database (WAL) holding objects, references, audit trail and
 * users. */
#define G_LOG_DOMAIN "swc-testserver"

#include "srv.h"

#include <string.h>
#include <sys/stat.h>

static const char *ddl =
    "CREATE TABLE IF NOT EXISTS objects ("
    " rowid INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, register INTEGER NOT NULL,"
    " schema INTEGER NOT NULL, data TEXT NOT NULL, owner TEXT, organisation TEXT,"
    " version TEXT NOT NULL, created TEXT NOT NULL, updated TEXT NOT NULL, deleted TEXT,"
    " locked TEXT, name TEXT, summary TEXT, description TEXT, relations TEXT, search TEXT);"
    "CREATE TABLE IF NOT EXISTS refs (source INTEGER NOT NULL, property TEXT NOT NULL, target TEXT"
    " NOT NULL);"
    "CREATE TABLE IF NOT EXISTS audit ("
    " id INTEGER PRIMARY KEY, uuid TEXT NOT NULL, register INTEGER, schema INTEGER, object INTEGER,"
    " object_uuid TEXT, action TEXT NOT NULL, changed TEXT, user TEXT, user_name TEXT, session"
    " TEXT,"
    " request TEXT, ip TEXT, version TEXT, created TEXT NOT NULL, size INTEGER);"
    "CREATE TABLE IF NOT EXISTS users (uid TEXT PRIMARY KEY, password TEXT NOT NULL, display_name"
    " TEXT,"
    " email TEXT, enabled INTEGER NOT NULL DEFAULT 1, last_login INTEGER NOT NULL DEFAULT 0,"
    " created INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE IF NOT EXISTS groups (gid TEXT PRIMARY KEY);"
    "CREATE TABLE IF NOT EXISTS user_groups (uid TEXT NOT NULL, gid TEXT NOT NULL, PRIMARY KEY"
    " (uid, gid));"
    "CREATE TABLE IF NOT EXISTS app_passwords (token TEXT PRIMARY KEY, uid TEXT NOT NULL, created"
    " INTEGER);"
    "CREATE TABLE IF NOT EXISTS login_flows (poll_token TEXT PRIMARY KEY, flow_token TEXT NOT NULL"
    " UNIQUE,"
    " uid TEXT, app_password TEXT, created INTEGER);"
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);";

/* Lists read live objects of one schema, in insertion order or by @self.updated/created: partial
 * indexes over the live rows keep counting and paging cheap at a million objects. */
static const char *object_indexes =
    "CREATE INDEX IF NOT EXISTS objects_live ON objects (schema) WHERE deleted IS NULL;"
    "CREATE INDEX IF NOT EXISTS objects_live_updated_desc ON objects (schema, updated DESC, rowid)"
    " WHERE deleted IS NULL;"
    "CREATE INDEX IF NOT EXISTS objects_live_updated_asc ON objects (schema, updated, rowid) WHERE"
    " deleted IS NULL;"
    "CREATE INDEX IF NOT EXISTS objects_live_created_desc ON objects (schema, created DESC, rowid)"
    " WHERE deleted IS NULL;"
    "CREATE INDEX IF NOT EXISTS objects_live_created_asc ON objects (schema, created, rowid) WHERE"
    " deleted IS NULL;"
    "CREATE INDEX IF NOT EXISTS objects_trash ON objects (updated) WHERE deleted IS NOT NULL;"
    /* the two properties lists are filtered on most (status=Concept, type=Gemeente); the
     * expressions are the ones srv-query.c writes for them, so SQLite can use these indexes */
    "CREATE INDEX IF NOT EXISTS objects_live_status ON objects (schema, json_extract (data,"
    " '$.\"status\"') COLLATE NOCASE)"
    " WHERE deleted IS NULL;"
    "CREATE INDEX IF NOT EXISTS objects_live_type ON objects (schema, json_extract (data,"
    " '$.\"type\"') COLLATE NOCASE)"
    " WHERE deleted IS NULL;";

static const char *indexes =
    "CREATE INDEX IF NOT EXISTS refs_target ON refs (target);"
    "CREATE INDEX IF NOT EXISTS refs_source ON refs (source);"
    "CREATE INDEX IF NOT EXISTS audit_object ON audit (object_uuid, created);";

gboolean
srv_exec (Srv *srv, const char *sql)
{
  char *err = NULL;

  if (sqlite3_exec (srv->db, sql, NULL, NULL, &err) != SQLITE_OK)
    {
      g_warning ("SQL failed: %s (%s)", err, sql);
      sqlite3_free (err);
      return FALSE;
    }
  return TRUE;
}

sqlite3_stmt *
srv_prepare (Srv *srv, const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (srv->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("Cannot prepare %s: %s", sql, sqlite3_errmsg (srv->db));
  return stmt;
}

gboolean
srv_store_open (Srv *srv, const char *path, gboolean *created, GError **error)
{
  sqlite3_stmt *stmt;

  if (sqlite3_open (path, &srv->db) != SQLITE_OK)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "Cannot open %s: %s", path,
                   sqlite3_errmsg (srv->db));
      return FALSE;
    }
  if (path[0] != '\0' && g_strcmp0 (path, ":memory:") != 0)
    chmod (path, 0600);
  sqlite3_busy_timeout (srv->db, 5000);
  srv_exec (srv, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=OFF;");
  if (!srv_exec (srv, ddl) || !srv_exec (srv, indexes))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "Cannot create tables in %s", path);
      return FALSE;
    }
  stmt = srv_prepare (srv, "SELECT value FROM meta WHERE key = 'dataset'");
  *created = sqlite3_step (stmt) != SQLITE_ROW;
  sqlite3_finalize (stmt);
  return TRUE;
}

/* The object indexes, made after seeding (building them once is faster than keeping them up). */
gboolean
srv_store_index (Srv *srv)
{
  return srv_exec (srv, object_indexes) && srv_exec (srv, "ANALYZE;");
}

void
srv_store_close (Srv *srv)
{
  if (srv->db == NULL)
    return;
  sqlite3_exec (srv->db, "PRAGMA wal_checkpoint(TRUNCATE);", NULL, NULL, NULL);
  sqlite3_close (srv->db);
  srv->db = NULL;
}

char *
srv_time_format (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_time);

  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S+00:00");
}

char *
srv_now (Srv *srv)
{
  return srv_time_format (g_get_real_time () / G_USEC_PER_SEC + srv->clock_offset);
}

char *
srv_uuid_new (Srv *srv)
{
  guint32 w[4];

  for (int i = 0; i < 4; i++)
    w[i] = g_rand_int (srv->rand);
  return g_strdup_printf ("%08x-%04x-4%03x-%04x-%04x%08x", w[0], w[1] >> 16, w[1] & 0xfff,
                          0x8000 | (w[2] & 0x3fff), w[2] >> 16, w[3]);
}

/* Case and diacritics folded, for _search. */
char *
srv_fold (const char *text)
{
  g_autofree char *ascii = g_str_to_ascii (text, "C");

  return g_ascii_strdown (ascii, -1);
}

SrvObject *
srv_object_new (SrvSchema *schema)
{
  SrvObject *obj = g_new0 (SrvObject, 1);

  obj->schema = schema;
  obj->data = json_object_new ();
  return obj;
}

void
srv_object_free (SrvObject *obj)
{
  if (obj == NULL)
    return;
  g_free (obj->uuid);
  if (obj->data)
    json_object_unref (obj->data);
  g_free (obj->owner);
  g_free (obj->organisation);
  g_free (obj->version);
  g_free (obj->created);
  g_free (obj->updated);
  g_free (obj->deleted);
  g_free (obj->locked);
  g_free (obj);
}

static char *
column_dup (sqlite3_stmt *stmt, int col)
{
  const char *t = (const char *) sqlite3_column_text (stmt, col);

  return t ? g_strdup (t) : NULL;
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL))
    return json_object_new ();
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return json_object_new ();
  return json_object_ref (json_node_get_object (root));
}

static SrvObject *
object_from_row (Srv *srv, sqlite3_stmt *stmt)
{
  SrvObject *obj = g_new0 (SrvObject, 1);

  obj->rowid = sqlite3_column_int64 (stmt, 0);
  obj->uuid = column_dup (stmt, 1);
  obj->schema = srv_schema_by_id (srv, sqlite3_column_int64 (stmt, 2));
  obj->data = parse_object ((const char *) sqlite3_column_text (stmt, 3));
  obj->owner = column_dup (stmt, 4);
  obj->organisation = column_dup (stmt, 5);
  obj->version = column_dup (stmt, 6);
  obj->created = column_dup (stmt, 7);
  obj->updated = column_dup (stmt, 8);
  obj->deleted = column_dup (stmt, 9);
  obj->locked = column_dup (stmt, 10);
  return obj;
}

SrvObject *
srv_object_load (Srv *srv, const char *uuid, gboolean include_deleted)
{
  sqlite3_stmt *stmt =
      srv_prepare (srv, "SELECT " SRV_OBJECT_COLUMNS " FROM objects o WHERE o.uuid = ?");
  SrvObject *obj = NULL;

  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    obj = object_from_row (srv, stmt);
  sqlite3_finalize (stmt);
  if (obj != NULL && obj->deleted != NULL && !include_deleted)
    g_clear_pointer (&obj, srv_object_free);
  return obj;
}

SrvObject *
srv_object_load_rowid (Srv *srv, gint64 rowid)
{
  sqlite3_stmt *stmt =
      srv_prepare (srv, "SELECT " SRV_OBJECT_COLUMNS " FROM objects o WHERE o.rowid = ?");
  SrvObject *obj = NULL;

  sqlite3_bind_int64 (stmt, 1, rowid);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    obj = object_from_row (srv, stmt);
  sqlite3_finalize (stmt);
  return obj;
}

gboolean
srv_value_is_empty (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_NULL:
      return TRUE;
    case JSON_NODE_ARRAY:
      return json_array_get_length (json_node_get_array (node)) == 0;
    case JSON_NODE_OBJECT:
      return json_object_get_size (json_node_get_object (node)) == 0;
    case JSON_NODE_VALUE:
      return json_node_get_value_type (node) == G_TYPE_STRING &&
             json_node_get_string (node)[0] == '\0';
    default:
      return FALSE;
    }
}

static void
strip_empty (JsonObject *data)
{
  GList *names = json_object_get_members (data);

  for (GList *l = names; l; l = l->next)
    if (srv_value_is_empty (json_object_get_member (data, l->data)))
      json_object_remove_member (data, l->data);
  g_list_free (names);
}

/* (property, uuid) pairs of every reference the object holds, through the schema's reference
 * properties. */
void
srv_refs_collect (SrvSchema *schema, JsonObject *data, GPtrArray *out)
{
  for (guint i = 0; i < schema->ref_props->len; i++)
    {
      const char *prop = g_ptr_array_index (schema->ref_props, i);
      JsonNode *n;

      if (!json_object_has_member (data, prop))
        continue;
      n = json_object_get_member (data, prop);
      if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
        {
          g_ptr_array_add (out, g_strdup (prop));
          g_ptr_array_add (out, g_strdup (json_node_get_string (n)));
        }
      else if (JSON_NODE_HOLDS_ARRAY (n))
        {
          JsonArray *a = json_node_get_array (n);
          for (guint j = 0; j < json_array_get_length (a); j++)
            {
              JsonNode *e = json_array_get_element (a, j);
              if (JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING)
                {
                  g_ptr_array_add (out, g_strdup_printf ("%s.%u", prop, j));
                  g_ptr_array_add (out, g_strdup (json_node_get_string (e)));
                }
            }
        }
    }
}

static void
write_refs (Srv *srv, gint64 rowid, GPtrArray *pairs)
{
  sqlite3_stmt *del = srv_prepare (srv, "DELETE FROM refs WHERE source = ?");
  sqlite3_stmt *ins =
      srv_prepare (srv, "INSERT INTO refs (source, property, target) VALUES (?, ?, ?)");

  sqlite3_bind_int64 (del, 1, rowid);
  sqlite3_step (del);
  sqlite3_finalize (del);
  for (guint i = 0; pairs != NULL && i + 1 < pairs->len; i += 2)
    {
      g_auto(GStrv) path = g_strsplit (g_ptr_array_index (pairs, i), ".", 2);
      sqlite3_reset (ins);
      sqlite3_bind_int64 (ins, 1, rowid);
      sqlite3_bind_text (ins, 2, path[0], -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (ins, 3, g_ptr_array_index (pairs, i + 1), -1, SQLITE_TRANSIENT);
      sqlite3_step (ins);
    }
  sqlite3_finalize (ins);
}

static char *
relations_text (GPtrArray *pairs)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (b);
  for (guint i = 0; i + 1 < pairs->len; i += 2)
    {
      json_builder_set_member_name (b, g_ptr_array_index (pairs, i));
      json_builder_add_string_value (b, g_ptr_array_index (pairs, i + 1));
    }
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  return json_to_string (node, FALSE);
}

static char *
string_member (JsonObject *data, const char *field)
{
  JsonNode *n;

  if (field == NULL || !json_object_has_member (data, field))
    return NULL;
  n = json_object_get_member (data, field);
  if (JSON_NODE_HOLDS_VALUE (n))
    {
      GValue v = G_VALUE_INIT;
      char *s;
      json_node_get_value (n, &v);
      if (G_VALUE_HOLDS_STRING (&v))
        s = g_value_dup_string (&v);
      else
        {
          GValue sv = G_VALUE_INIT;
          g_value_init (&sv, G_TYPE_STRING);
          s = g_value_transform (&v, &sv) ? g_value_dup_string (&sv) : NULL;
          g_value_unset (&sv);
        }
      g_value_unset (&v);
      return s;
    }
  return NULL;
}

static void
append_search_text (GString *s, JsonNode *n)
{
  if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
    {
      g_string_append (s, json_node_get_string (n));
      g_string_append_c (s, ' ');
    }
  else if (JSON_NODE_HOLDS_ARRAY (n))
    {
      JsonArray *a = json_node_get_array (n);
      for (guint i = 0; i < json_array_get_length (a); i++)
        append_search_text (s, json_array_get_element (a, i));
    }
}

static char *
search_text (JsonObject *data)
{
  g_autoptr(GString) s = g_string_new (NULL);
  GList *names = json_object_get_members (data);

  for (GList *l = names; l; l = l->next)
    append_search_text (s, json_object_get_member (data, l->data));
  g_list_free (names);
  return srv_fold (s->str);
}

static char *
version_bump (const char *version)
{
  g_auto(GStrv) parts = NULL;

  if (version == NULL)
    return g_strdup ("0.0.1");
  parts = g_strsplit (version, ".", 3);
  if (g_strv_length (parts) != 3)
    return g_strdup ("0.0.1");
  return g_strdup_printf ("%s.%s.%" G_GINT64_FORMAT, parts[0], parts[1],
                          g_ascii_strtoll (parts[2], NULL, 10) + 1);
}

static void
bind_text_or_null (sqlite3_stmt *stmt, int col, const char *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, col, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, col);
}

static char *
data_text (JsonObject *data)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, data);
  return json_to_string (node, FALSE);
}

static void
row_write (Srv *srv, SrvObject *obj, GPtrArray *pairs)
{
  static const char *insert_sql =
      "INSERT INTO objects (uuid, register, schema, data, owner, organisation, version, created,"
      " updated,"
      " deleted, locked, name, summary, description, relations, search)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)";
  static const char *update_sql =
      "UPDATE objects SET uuid = ?1, register = ?2, schema = ?3, data = ?4, owner = ?5,"
      " organisation = ?6,"
      " version = ?7, created = ?8, updated = ?9, deleted = ?10, locked = ?11, name = ?12, summary"
      " = ?13,"
      " description = ?14, relations = ?15, search = ?16 WHERE rowid = ?17";
  sqlite3_stmt *stmt = srv_prepare (srv, obj->rowid ? update_sql : insert_sql);
  g_autofree char *text = data_text (obj->data);
  g_autofree char *name = string_member (obj->data, obj->schema->name_field);
  g_autofree char *summary = string_member (obj->data, obj->schema->summary_field);
  g_autofree char *description = string_member (obj->data, obj->schema->description_field);
  g_autofree char *relations = relations_text (pairs);
  g_autofree char *search = search_text (obj->data);

  bind_text_or_null (stmt, 1, obj->uuid);
  sqlite3_bind_int64 (stmt, 2, obj->schema->register_id);
  sqlite3_bind_int64 (stmt, 3, obj->schema->id);
  bind_text_or_null (stmt, 4, text);
  bind_text_or_null (stmt, 5, obj->owner);
  bind_text_or_null (stmt, 6, obj->organisation);
  bind_text_or_null (stmt, 7, obj->version);
  bind_text_or_null (stmt, 8, obj->created);
  bind_text_or_null (stmt, 9, obj->updated);
  bind_text_or_null (stmt, 10, obj->deleted);
  bind_text_or_null (stmt, 11, obj->locked);
  bind_text_or_null (stmt, 12, name ? name : obj->uuid);
  bind_text_or_null (stmt, 13, summary);
  bind_text_or_null (stmt, 14, description);
  bind_text_or_null (stmt, 15, relations);
  bind_text_or_null (stmt, 16, search);
  if (obj->rowid)
    sqlite3_bind_int64 (stmt, 17, obj->rowid);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    g_warning ("Cannot write object %s: %s", obj->uuid, sqlite3_errmsg (srv->db));
  if (obj->rowid == 0)
    obj->rowid = sqlite3_last_insert_rowid (srv->db);
  sqlite3_finalize (stmt);
}

/* Writes the object (new when rowid is 0): strips empty values, bumps the version, keeps the
 * reference index, and writes an audit entry when asked. */
gboolean
srv_object_store (Srv *srv, SrvObject *obj, const char *user, const char *action,
                  JsonObject *changed, gboolean audit, GError **error)
{
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *now = srv_now (srv);
  char *v;

  strip_empty (obj->data);
  if (srv->live_counts != NULL)
    g_hash_table_remove (srv->live_counts, GINT_TO_POINTER ((gint) obj->schema->id));
  if (srv->page_cursors != NULL)
    g_hash_table_remove_all (srv->page_cursors);
  if (obj->uuid == NULL)
    obj->uuid = srv_uuid_new (srv);
  if (obj->created == NULL)
    obj->created = g_strdup (now);
  if (obj->owner == NULL && user != NULL)
    obj->owner = g_strdup (user);
  g_free (obj->updated);
  obj->updated = g_strdup (now);
  v = version_bump (obj->rowid ? obj->version : NULL);
  g_free (obj->version);
  obj->version = v;
  if (obj->deleted == NULL)
    srv_refs_collect (obj->schema, obj->data, pairs);
  row_write (srv, obj, pairs);
  write_refs (srv, obj->rowid, pairs);
  if (audit)
    srv_audit_write (srv, obj, action, changed ? changed : obj->data, user);
  return TRUE;
}

void
srv_object_soft_delete (Srv *srv, SrvObject *obj, const char *user, const char *reason)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *now = srv_now (srv);
  g_autofree char *purge = srv_time_format (g_get_real_time () / G_USEC_PER_SEC + 30 * 86400);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "deleted");
  json_builder_add_string_value (b, now);
  json_builder_set_member_name (b, "deletedBy");
  json_builder_add_string_value (b, user);
  json_builder_set_member_name (b, "deletedReason");
  json_builder_add_string_value (b, reason);
  json_builder_set_member_name (b, "retentionPeriod");
  json_builder_add_int_value (b, 30);
  json_builder_set_member_name (b, "purgeDate");
  json_builder_add_string_value (b, purge);
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  g_free (obj->deleted);
  obj->deleted = json_to_string (node, FALSE);
  srv_object_store (srv, obj, user, "delete", NULL, FALSE, NULL);
  srv_audit_write (srv, obj, "delete", json_object_new (), user);
}

GPtrArray *
srv_refs_to (Srv *srv, const char *uuid)
{
  GPtrArray *rows = g_ptr_array_new ();
  sqlite3_stmt *stmt =
      srv_prepare (srv, "SELECT DISTINCT source FROM refs WHERE target = ? ORDER BY source");

  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (rows, GINT_TO_POINTER ((gint) sqlite3_column_int64 (stmt, 0)));
  sqlite3_finalize (stmt);
  return rows;
}

void
srv_audit_write (Srv *srv, SrvObject *obj, const char *action, JsonObject *changed,
                 const char *user)
{
  sqlite3_stmt *stmt = srv_prepare (
      srv, "INSERT INTO audit (uuid, register, schema, object, object_uuid, action, changed, user,"
           " user_name,"
           " session, request, ip, version, created, size) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  g_autofree char *uuid = srv_uuid_new (srv);
  g_autofree char *text = data_text (changed);
  g_autofree char *now = srv_now (srv);
  g_autofree char *request = g_strdup_printf ("%08x", g_rand_int (srv->rand));

  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, obj->schema->register_id);
  sqlite3_bind_int64 (stmt, 3, obj->schema->id);
  sqlite3_bind_int64 (stmt, 4, obj->rowid);
  sqlite3_bind_text (stmt, 5, obj->uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, action, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, text, -1, SQLITE_TRANSIENT);
  bind_text_or_null (stmt, 8, user ? user : "anonymous");
  bind_text_or_null (stmt, 9, user ? user : "Anonymous");
  sqlite3_bind_text (stmt, 10, "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 11, request, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 12, "127.0.0.1", -1, SQLITE_STATIC);
  bind_text_or_null (stmt, 13, obj->version);
  sqlite3_bind_text (stmt, 14, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 15, strlen (text));
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
}
