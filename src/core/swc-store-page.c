/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writing objects into the store: a list answer of the server, or an object as the user sees it.
 *
 * In two steps: preparing (no database: the page is split into its objects, and of each object its
 * identity, the text to keep, its name, its references and the text people search for) and applying
 * (one transaction with the statements that store what was prepared). Preparing first means a
 * broken answer is refused before a transaction begins. (Preparing on a thread of its own beside
 * the writer was measured: on two cores it gained nothing and cost CPU time.) */
#define G_LOG_DOMAIN "swc-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "swc-error.h"
#include "swc-page.h"
#include "swc-store-private.h"

typedef struct
{
  const char *property; /* the schema's */
  char *target;
} PreparedRef;

typedef struct
{
  char *uuid;
  char *updated;
  char *version;
  char *name;
  char *search;    /* the text people search for */
  const char *raw; /* the object as the server sent it (in the page's body, or the caller's text) */
  gsize raw_len;
  GString
      *compact; /* what is kept of it: without the @self members the app does not use; NULL: raw */
  GArray *refs; /* PreparedRef */
} PreparedObject;

typedef struct
{
  SwcSchema *schema;
  GBytes *body;
  GArray *objects; /* PreparedObject */
  gint64 total;
  gint64 pages;
} PreparedPage;

/* ---- preparing ---- */

static gboolean
looks_like_uuid (const char *s)
{
  return strlen (s) == 36 && s[8] == '-' && s[13] == '-' && s[18] == '-' && s[23] == '-';
}

/* A member's value as text when it is a JSON string (owned), else NULL. */
static char *
member_string (GArray *members, const char *key)
{
  const SwcMember *m = swc_json_member (members, key);

  return m ? swc_json_string (m->value, m->value_len) : NULL;
}

/* A name a person can read: never a UUID where a name can be found. */
static char *
object_name (SwcSchema *schema, GArray *members)
{
  static const char *fallbacks[] = { "naam", "name", "title", "achternaam", NULL };
  char *v;

  if (g_str_equal (schema->slug, "contactpersoon"))
    {
      g_autoptr(GString) s = g_string_new (NULL);
      static const char *parts[] = { "voornaam", "tussenvoegsel", "achternaam", NULL };
      for (guint i = 0; parts[i]; i++)
        {
          g_autofree char *part = member_string (members, parts[i]);
          if (part && *part)
            g_string_append_printf (s, "%s%s", s->len ? " " : "", part);
        }
      if (s->len)
        return g_string_free (g_steal_pointer (&s), FALSE);
    }
  if (schema->name_field && (v = member_string (members, schema->name_field)) != NULL)
    {
      if (*v && !looks_like_uuid (v))
        return v;
      g_free (v);
    }
  for (guint i = 0; fallbacks[i]; i++)
    if ((v = member_string (members, fallbacks[i])) != NULL)
      {
        if (*v)
          return v;
        g_free (v);
      }
  return NULL;
}

static void
append_search_text (GString *body, const char *text)
{
  if (text && *text && !looks_like_uuid (text) && body->len < 4096)
    {
      g_string_append (body, text);
      g_string_append_c (body, ' ');
    }
}

/* The text people search for: every string value, and the strings of arrays, except references. */
static char *
search_body (GArray *members)
{
  GString *body = g_string_new (NULL);
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < members->len; i++)
    {
      const SwcMember *m = &g_array_index (members, SwcMember, i);
      if (m->key_len == 0 || m->key[0] == '@' || m->value_len == 0)
        continue;
      if (m->value[0] == '"')
        {
          g_autofree char *text = swc_json_string (m->value, m->value_len);
          append_search_text (body, text);
        }
      else if (m->value[0] == '[')
        swc_json_array_strings (m->value, m->value_len, strings);
    }
  for (guint i = 0; i < strings->len; i++)
    append_search_text (body, g_ptr_array_index (strings, i));
  return g_string_free (body, FALSE);
}

/* The reference index's rows: one per (property, referenced uuid), from the schema's references. */
static GArray *
object_refs (SwcSchema *schema, GArray *members)
{
  GArray *refs = g_array_new (FALSE, FALSE, sizeof (PreparedRef));

  for (guint i = 0; i < schema->refs->len; i++)
    {
      SwcRef *ref = g_ptr_array_index (schema->refs, i);
      const SwcMember *m = swc_json_member (members, ref->property);
      g_autoptr(GPtrArray) targets = NULL;

      if (m == NULL || m->value_len == 0)
        continue;
      targets = g_ptr_array_new ();
      if (m->value[0] == '[')
        swc_json_array_strings (m->value, m->value_len, targets);
      else
        g_ptr_array_add (targets, swc_json_string (m->value, m->value_len));
      for (guint j = 0; j < targets->len; j++)
        {
          PreparedRef r = { ref->property, g_ptr_array_index (targets, j) };
          if (r.target != NULL)
            g_array_append_val (refs, r);
        }
    }
  return refs;
}

/* The object's text with only the @self members the app uses ("@self" is most of an object's size:
 * uri, files, relations, …); the members are copied as the server wrote them. NULL: keep the text
 * whole. */
static GString *
compact_text (const char *text, gsize length, const SwcMember *self, GArray *self_members)
{
  static const char *keep[] = { "id",     "register", "schema",  "version", "owner", "organisation",
                                "locked", "deleted",  "created", "updated", NULL };
  GString *out;
  gboolean first = TRUE;

  if (self == NULL || self->value_len == 0 || self->value[0] != '{')
    return NULL;
  out = g_string_sized_new (length);
  g_string_append_len (out, text, self->value - text);
  g_string_append_c (out, '{');
  for (guint i = 0; keep[i]; i++)
    {
      const SwcMember *m = swc_json_member (self_members, keep[i]);
      if (m == NULL)
        continue;
      if (!first)
        g_string_append_c (out, ',');
      g_string_append_c (out, '"');
      g_string_append (out, keep[i]);
      g_string_append_len (out, "\":", 2);
      g_string_append_len (out, m->value, m->value_len);
      first = FALSE;
    }
  g_string_append_c (out, '}');
  g_string_append_len (out, self->value + self->value_len,
                       text + length - (self->value + self->value_len));
  return out;
}

static void
prepared_object_clear (PreparedObject *o)
{
  g_free (o->uuid);
  g_free (o->updated);
  g_free (o->version);
  g_free (o->name);
  g_free (o->search);
  if (o->compact)
    g_string_free (o->compact, TRUE);
  if (o->refs)
    {
      for (guint i = 0; i < o->refs->len; i++)
        g_free (g_array_index (o->refs, PreparedRef, i).target);
      g_array_unref (o->refs);
    }
}

/* Everything the store keeps of one object. members and self_members are scratch space. FALSE when
 * the text is not an object, or (need_id) has no id. */
static gboolean
prepare_object (SwcSchema *schema, const char *text, gsize length, gboolean need_id,
                GArray *members, GArray *self_members, PreparedObject *o, GError **error)
{
  const SwcMember *self;

  memset (o, 0, sizeof *o);
  g_array_set_size (self_members, 0);
  if (!swc_json_members (text, length, members))
    {
      g_set_error (error, SWC_ERROR, SWC_ERROR_MALFORMED,
                   _("The server sent an object that is not valid JSON"));
      return FALSE;
    }
  self = swc_json_member (members, "@self");
  if (self != NULL)
    swc_json_members (self->value, self->value_len, self_members);
  o->uuid = member_string (members, "id");
  if (o->uuid == NULL)
    o->uuid = member_string (self_members, "id");
  if (o->uuid == NULL && need_id)
    {
      g_set_error (error, SWC_ERROR, SWC_ERROR_MALFORMED,
                   _("The server sent an object without an id"));
      return FALSE;
    }
  o->updated = member_string (self_members, "updated");
  o->version = member_string (self_members, "version");
  o->raw = text;
  o->raw_len = length;
  o->compact = compact_text (text, length, self, self_members);
  o->name = object_name (schema, members);
  o->search = search_body (members);
  o->refs = object_refs (schema, members);
  return TRUE;
}

static void
prepared_page_free (PreparedPage *page)
{
  if (page == NULL)
    return;
  for (guint i = 0; i < page->objects->len; i++)
    prepared_object_clear (&g_array_index (page->objects, PreparedObject, i));
  g_array_unref (page->objects);
  g_bytes_unref (page->body);
  g_free (page);
}

/* Splits a list answer into its objects and prepares each; touches no database. NULL
 * with an error when the answer or one of its objects is broken. */
static PreparedPage *
prepare_page (SwcSchema *schema, GBytes *body, GError **error)
{
  gsize length = 0;
  const char *text = g_bytes_get_data (body, &length);
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (SwcMember));
  g_autoptr(GArray) self_members = g_array_new (FALSE, FALSE, sizeof (SwcMember));
  SwcPage scan = { 0 };
  PreparedPage *page;

  if (!swc_page_scan (text, length, &scan, error))
    return NULL;
  page = g_new0 (PreparedPage, 1);
  page->schema = schema;
  page->body = g_bytes_ref (body);
  page->total = scan.total;
  page->pages = scan.pages;
  page->objects = g_array_sized_new (FALSE, TRUE, sizeof (PreparedObject), scan.objects->len);
  for (guint i = 0; i < scan.objects->len; i++)
    {
      SwcSlice *slice = &g_array_index (scan.objects, SwcSlice, i);
      PreparedObject o;
      if (!prepare_object (schema, text + slice->offset, slice->length, TRUE, members, self_members,
                           &o, error))
        {
          prepared_object_clear (&o);
          swc_page_clear (&scan);
          prepared_page_free (page);
          return NULL;
        }
      g_array_append_val (page->objects, o);
    }
  swc_page_clear (&scan);
  return page;
}

/* ---- applying ---- */

typedef struct
{
  sqlite3 *db;
  sqlite3_stmt *find;
  sqlite3_stmt *insert;
  sqlite3_stmt *update;
  sqlite3_stmt *update_pending;
  sqlite3_stmt *refs_delete;
  sqlite3_stmt *refs_insert;
  sqlite3_stmt *search_delete;
  sqlite3_stmt *search_insert;
  gboolean bulk; /* a first sync into an empty store: every object is new, none is looked up */
} Writer;

static void
writer_init (Writer *w, sqlite3 *db)
{
  w->db = db;
  w->find =
      _swc_store_prepare (db,
                          "SELECT rowid, updated, version, pending FROM objects WHERE uuid = ?");
  w->bulk = !_swc_store_uuid_indexed (db);
  w->insert =
      _swc_store_prepare (db, "INSERT INTO objects (uuid, schema, json, name, updated, version)"
                              " VALUES (?, ?, ?, ?, ?, ?)");
  w->update =
      _swc_store_prepare (db, "UPDATE objects SET schema = ?2, json = ?3, name = ?4, updated = ?5,"
                              " version = ?6, server_json = NULL WHERE rowid = ?1");
  w->update_pending =
      _swc_store_prepare (db, "UPDATE objects SET server_json = ?2, updated = ?3, version = ?4"
                              " WHERE rowid = ?1");
  w->refs_delete = _swc_store_prepare (db, "DELETE FROM refs WHERE source = ?");
  w->refs_insert =
      _swc_store_prepare (db,
                          "INSERT OR IGNORE INTO refs (source, property, target) VALUES (?, ?, ?)");
  w->search_delete = _swc_store_prepare (db, "DELETE FROM search WHERE rowid = ?");
  w->search_insert =
      _swc_store_prepare (db, "INSERT INTO search (rowid, name, body) VALUES (?, ?, ?)");
}

static void
writer_clear (Writer *w)
{
  sqlite3_finalize (w->find);
  sqlite3_finalize (w->insert);
  sqlite3_finalize (w->update);
  sqlite3_finalize (w->update_pending);
  sqlite3_finalize (w->refs_delete);
  sqlite3_finalize (w->refs_insert);
  sqlite3_finalize (w->search_delete);
  sqlite3_finalize (w->search_insert);
}

static void
write_refs (Writer *w, gint64 rowid, PreparedObject *o, gboolean replace)
{
  if (replace)
    {
      sqlite3_bind_int64 (w->refs_delete, 1, rowid);
      _swc_store_step (w->refs_delete);
    }
  for (guint i = 0; i < o->refs->len; i++)
    {
      PreparedRef *r = &g_array_index (o->refs, PreparedRef, i);
      sqlite3_bind_int64 (w->refs_insert, 1, rowid);
      sqlite3_bind_text (w->refs_insert, 2, r->property, -1, SQLITE_STATIC);
      sqlite3_bind_text (w->refs_insert, 3, r->target, -1, SQLITE_STATIC);
      _swc_store_step (w->refs_insert);
    }
}

static void
write_search (Writer *w, gint64 rowid, PreparedObject *o, gboolean replace)
{
  if (replace)
    {
      sqlite3_bind_int64 (w->search_delete, 1, rowid);
      _swc_store_step (w->search_delete);
    }
  sqlite3_bind_int64 (w->search_insert, 1, rowid);
  sqlite3_bind_text (w->search_insert, 2, o->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (w->search_insert, 3, o->search, -1, SQLITE_STATIC);
  _swc_store_step (w->search_insert);
}

static void
replace_str (char **field, const char *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

static void
note_updated (SwcPageResult *r, const char *updated)
{
  if (updated == NULL)
    return;
  if (r->newest == NULL || strcmp (updated, r->newest) > 0)
    replace_str (&r->newest, updated);
  if (r->oldest == NULL || strcmp (updated, r->oldest) < 0)
    replace_str (&r->oldest, updated);
}

typedef struct
{
  gint64 rowid;
  gboolean same;
  gboolean pending;
} Existing;

static Existing
find_existing (Writer *w, PreparedObject *o)
{
  Existing e = { 0 };

  if (w->bulk)
    return e; /* without the index a look-up would read the whole table; repeats are removed at the
                 end */
  sqlite3_bind_text (w->find, 1, o->uuid, -1, SQLITE_STATIC);
  if (sqlite3_step (w->find) == SQLITE_ROW)
    {
      e.rowid = sqlite3_column_int64 (w->find, 0);
      e.same = g_strcmp0 ((const char *) sqlite3_column_text (w->find, 1), o->updated) == 0 &&
               g_strcmp0 ((const char *) sqlite3_column_text (w->find, 2), o->version) == 0;
      e.pending = sqlite3_column_int (w->find, 3) > 0;
    }
  sqlite3_reset (w->find);
  return e;
}

static void
store_row (Writer *w, SwcSchema *schema, Existing *e, PreparedObject *o)
{
  sqlite3_stmt *s = e->rowid ? w->update : w->insert;

  /* ?1 is the uuid (insert) or the rowid (update) */
  if (e->rowid)
    sqlite3_bind_int64 (s, 1, e->rowid);
  else
    sqlite3_bind_text (s, 1, o->uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 2, schema->slug, -1, SQLITE_STATIC);
  if (o->compact)
    sqlite3_bind_text (s, 3, o->compact->str, o->compact->len, SQLITE_STATIC);
  else
    sqlite3_bind_text (s, 3, o->raw, o->raw_len, SQLITE_STATIC);
  sqlite3_bind_text (s, 4, o->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 5, o->updated, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 6, o->version, -1, SQLITE_STATIC);
  _swc_store_step (s);
}

static void
write_object (Writer *w, SwcSchema *schema, PreparedObject *o, SwcPageResult *r)
{
  Existing e;

  note_updated (r, o->updated);
  e = find_existing (w, o);
  if (e.rowid && e.same)
    r->unchanged++;
  else if (e.pending)
    {
      /* a local change waits in the queue: keep it on screen, remember the server's version */
      sqlite3_bind_int64 (w->update_pending, 1, e.rowid);
      sqlite3_bind_text (w->update_pending, 2, o->raw, o->raw_len, SQLITE_STATIC);
      sqlite3_bind_text (w->update_pending, 3, o->updated, -1, SQLITE_STATIC);
      sqlite3_bind_text (w->update_pending, 4, o->version, -1, SQLITE_STATIC);
      _swc_store_step (w->update_pending);
      r->updated++;
    }
  else
    {
      gboolean is_new = e.rowid == 0;
      store_row (w, schema, &e, o);
      if (is_new)
        e.rowid = sqlite3_last_insert_rowid (w->db);
      write_refs (w, e.rowid, o, !is_new);
      write_search (w, e.rowid, o, !is_new);
      if (is_new)
        r->added++;
      else
        r->updated++;
    }
}

static void
note_page_done (sqlite3 *db, SwcSchema *schema, SwcPageKind kind, gint64 page, SwcPageResult *r)
{
  g_autofree char *watermark = NULL;
  sqlite3_stmt *s;

  if (kind != SWC_PAGE_FULL)
    return;
  s = _swc_store_prepare (db, "INSERT OR IGNORE INTO sync_pages (schema, page) VALUES (?, ?)");
  sqlite3_bind_text (s, 1, schema->slug, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (s, 2, page);
  sqlite3_step (s);
  sqlite3_finalize (s);
  watermark = swc_store_sync_get (db, schema->slug, "watermark");
  if (r->newest != NULL && (watermark == NULL || strcmp (r->newest, watermark) > 0))
    swc_store_sync_set (db, schema->slug, "watermark", r->newest);
}

/* Stores a prepared answer in one transaction: every object, its references and search text, and
 * the sync bookkeeping of the page. Either all of it lands or nothing does. */
static gboolean
apply_prepared (sqlite3 *db, PreparedPage *page, SwcPageKind kind, gint64 page_number,
                SwcPageResult *result, GError **error)
{
  Writer w = { 0 };

  memset (result, 0, sizeof *result);
  result->received = page->objects->len;
  result->total = page->total;
  result->pages = page->pages;
  if (!_swc_store_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;
  writer_init (&w, db);
  for (guint i = 0; i < page->objects->len; i++)
    write_object (&w, page->schema, &g_array_index (page->objects, PreparedObject, i), result);
  writer_clear (&w);
  note_page_done (db, page->schema, kind, page_number, result);
  if (_swc_store_exec (db, "COMMIT", error))
    return TRUE;
  _swc_store_exec (db, "ROLLBACK", NULL);
  return FALSE;
}

gboolean
swc_store_apply_page (sqlite3 *db, SwcSchema *schema, GBytes *body, SwcPageKind kind,
                      gint64 page_number, SwcPageResult *result, GError **error)
{
  PreparedPage *page = prepare_page (schema, body, error);
  gboolean ok;

  memset (result, 0, sizeof *result);
  if (page == NULL)
    return FALSE;
  ok = apply_prepared (db, page, kind, page_number, result, error);
  prepared_page_free (page);
  return ok;
}

void
swc_page_result_clear (SwcPageResult *result)
{
  g_clear_pointer (&result->oldest, g_free);
  g_clear_pointer (&result->newest, g_free);
}

/* ---- the user's view of one object ---- */

static void
delete_object (Writer *w, const char *uuid, gint64 rowid)
{
  sqlite3_stmt *s;

  if (rowid != 0)
    {
      sqlite3_bind_int64 (w->refs_delete, 1, rowid);
      _swc_store_step (w->refs_delete);
      sqlite3_bind_int64 (w->search_delete, 1, rowid);
      _swc_store_step (w->search_delete);
    }
  s = _swc_store_prepare (w->db, "DELETE FROM objects WHERE uuid = ?");
  sqlite3_bind_text (s, 1, uuid, -1, SQLITE_STATIC);
  _swc_store_step (s);
  sqlite3_finalize (s);
}

static gboolean
upsert_view (sqlite3 *db, SwcSchema *schema, const char *uuid, PreparedObject *o, gboolean deleted,
             gint pending, const char *server_json, gboolean keep_server, GError **error)
{
  static const char *keep =
      "INSERT INTO objects (uuid, schema, json, name, updated, version, pending, deleted)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (uuid) DO UPDATE SET"
      " json = ?3, name = ?4, updated = ?5, version = ?6, pending = ?7, deleted = ?8";
  static const char *replace =
      "INSERT INTO objects (uuid, schema, json, name, updated, version, pending, deleted,"
      " server_json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (uuid) DO UPDATE SET"
      " json = ?3, name = ?4, updated = ?5, version = ?6, pending = ?7, deleted = ?8,"
      " server_json = ?9";
  sqlite3_stmt *s = _swc_store_prepare (db, keep_server ? keep : replace);
  gboolean ok;

  sqlite3_bind_text (s, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 2, schema->slug, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 3, o->raw, o->raw_len, SQLITE_STATIC);
  sqlite3_bind_text (s, 4, o->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 5, o->updated, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 6, o->version, -1, SQLITE_STATIC);
  sqlite3_bind_int (s, 7, pending);
  sqlite3_bind_int (s, 8, deleted);
  if (!keep_server)
    sqlite3_bind_text (s, 9, server_json, -1, SQLITE_STATIC);
  ok = sqlite3_step (s) == SQLITE_DONE;
  if (!ok)
    g_set_error (error, SWC_ERROR, SWC_ERROR_STORE, _("The local store failed: %s"),
                 sqlite3_errmsg (db));
  sqlite3_finalize (s);
  return ok;
}

/* Writes the object as the user sees it (queued changes applied), or removes it when view is NULL.
 * server_json: the server's last version to keep beside it (NULL: none, or keep when keep_server).
 */
gboolean
swc_store_write_view (sqlite3 *db, SwcSchema *schema, const char *uuid, JsonObject *view,
                      gboolean deleted, gint pending, const char *server_json, gboolean keep_server,
                      GError **error)
{
  Writer w = { 0 };
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (SwcMember));
  g_autoptr(GArray) self_members = g_array_new (FALSE, FALSE, sizeof (SwcMember));
  PreparedObject o = { 0 };
  gint64 rowid = 0;
  gboolean ok;

  writer_init (&w, db);
  sqlite3_bind_text (w.find, 1, uuid, -1, SQLITE_STATIC);
  if (sqlite3_step (w.find) == SQLITE_ROW)
    rowid = sqlite3_column_int64 (w.find, 0);
  sqlite3_reset (w.find);
  if (view == NULL)
    {
      delete_object (&w, uuid, rowid);
      writer_clear (&w);
      return TRUE;
    }
  if (rowid != 0)
    {
      sqlite3_bind_int64 (w.refs_delete, 1, rowid);
      _swc_store_step (w.refs_delete);
      sqlite3_bind_int64 (w.search_delete, 1, rowid);
      _swc_store_step (w.search_delete);
    }
  node = json_node_init_object (json_node_alloc (), view);
  text = json_to_string (node, FALSE);
  ok = prepare_object (schema, text, strlen (text), FALSE, members, self_members, &o, error) &&
       upsert_view (db, schema, uuid, &o, deleted, pending, server_json, keep_server, error);
  if (ok && rowid == 0)
    rowid = sqlite3_last_insert_rowid (db);
  if (ok && !deleted)
    {
      write_refs (&w, rowid, &o, FALSE);
      write_search (&w, rowid, &o, FALSE);
    }
  prepared_object_clear (&o);
  writer_clear (&w);
  return ok;
}

/* The stored texts of one object: the view and the server's copy beside it; FALSE when unknown. */
gboolean
swc_store_read_object (sqlite3 *db, const char *uuid, char **schema, char **json,
                       char **server_json, gint *pending)
{
  sqlite3_stmt *s =
      _swc_store_prepare (db,
                          "SELECT schema, json, server_json, pending FROM objects WHERE uuid = ?");
  gboolean found = FALSE;

  sqlite3_bind_text (s, 1, uuid, -1, SQLITE_STATIC);
  if (sqlite3_step (s) == SQLITE_ROW)
    {
      found = TRUE;
      if (schema)
        *schema = g_strdup ((const char *) sqlite3_column_text (s, 0));
      if (json)
        *json = g_strdup ((const char *) sqlite3_column_text (s, 1));
      if (server_json)
        *server_json = g_strdup ((const char *) sqlite3_column_text (s, 2));
      if (pending)
        *pending = sqlite3_column_int (s, 3);
    }
  sqlite3_finalize (s);
  return found;
}
