/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The durable change queue. Every edit is validated against the schema, written to the queue table
 * and applied to the local view in one transaction before anything is sent; entries go out strictly
 * in order; the server's answer becomes the store's copy, or the change is rolled back with the
 * reason.
 *
 * Exactly once: an entry is marked "sending" before its request; an entry still "sending" at the
 * next start is in doubt and is checked on the server first (does the object exist, does it already
 * hold the new values) instead of being sent again. Before a PATCH the server's current object is
 * compared with the values the user started from: a field someone else changed meanwhile makes the
 * entry a conflict. */
#define G_LOG_DOMAIN "swc-queue"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "swc-error.h"
#include "swc-queue-private.h"
#include "swc-validate.h"
#include "swc-db.h"

enum
{
  CHANGED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SwcQueue, swc_queue, G_TYPE_OBJECT)

static void
swc_queue_dispose (GObject *object)
{
  SwcQueue *self = SWC_QUEUE (object);

  g_clear_object (&self->store);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (swc_queue_parent_class)->dispose (object);
}

static void
swc_queue_class_init (SwcQueueClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = swc_queue_dispose;
  /* changed (entry id): an entry was added, sent, confirmed, refused or cancelled */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
swc_queue_init (SwcQueue *self)
{
}

SwcQueue *
swc_queue_new (SwcStore *store, SwcSchemaSet *schemas)
{
  SwcQueue *self;

  g_return_val_if_fail (SWC_IS_STORE (store), NULL);
  g_return_val_if_fail (schemas != NULL, NULL);

  self = g_object_new (SWC_TYPE_QUEUE, NULL);
  self->store = g_object_ref (store);
  self->schemas = schemas;
  return self;
}

void
swc_queue_set_client (SwcQueue *self, SwcClient *client)
{
  g_return_if_fail (SWC_IS_QUEUE (self));

  g_set_object (&self->client, client);
}

/* ---- the words stored in the queue table ---- */

static const char *const state_words[SWC_CHANGE_N_STATES] = {
  [SWC_CHANGE_STATE_HELD] = "held",           [SWC_CHANGE_STATE_PENDING] = "pending",
  [SWC_CHANGE_STATE_SENDING] = "sending",     [SWC_CHANGE_STATE_DONE] = "done",
  [SWC_CHANGE_STATE_FAILED] = "failed",       [SWC_CHANGE_STATE_CONFLICT] = "conflict",
  [SWC_CHANGE_STATE_DISCARDED] = "discarded",
};

static const char *const kind_words[] = {
  [SWC_CHANGE_KIND_CREATE] = "create",     [SWC_CHANGE_KIND_PATCH] = "patch",
  [SWC_CHANGE_KIND_DELETE] = "delete",     [SWC_CHANGE_KIND_ACTION] = "action",
  [SWC_CHANGE_KIND_MODERATE] = "moderate", [SWC_CHANGE_KIND_MERGE] = "merge",
  [SWC_CHANGE_KIND_UNKNOWN] = "unknown",
};

const char *
swc_change_state_to_string (SwcChangeState state)
{
  g_return_val_if_fail (state < SWC_CHANGE_N_STATES, NULL);
  return state_words[state];
}

/* SWC_CHANGE_N_STATES for a word this version does not know. */
SwcChangeState
swc_change_state_from_string (const char *text)
{
  for (guint i = 0; i < SWC_CHANGE_N_STATES; i++)
    if (g_strcmp0 (text, state_words[i]) == 0)
      return i;
  return SWC_CHANGE_N_STATES;
}

const char *
swc_change_kind_to_string (SwcChangeKind kind)
{
  g_return_val_if_fail (kind <= SWC_CHANGE_KIND_UNKNOWN, NULL);
  return kind_words[kind];
}

SwcChangeKind
swc_change_kind_from_string (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_words); i++)
    if (g_strcmp0 (text, kind_words[i]) == 0)
      return i;
  return SWC_CHANGE_KIND_UNKNOWN;
}

/* A set of states as SQL: "'held', 'pending'". */
char *
_swc_queue_states_sql (guint states)
{
  GString *sql = g_string_new (NULL);

  for (guint i = 0; i < SWC_CHANGE_N_STATES; i++)
    if (states & SWC_CHANGE_STATES (i))
      g_string_append_printf (sql, "%s'%s'", sql->len ? ", " : "", state_words[i]);
  return g_string_free (sql, FALSE);
}

/* ---- helpers ---- */

sqlite3 *
_swc_queue_db (SwcQueue *self)
{
  return swc_store_get_db (self->store);
}

JsonObject *
_swc_queue_parse_object (const char *text)
{
  g_autoptr(JsonParser) p = json_parser_new ();

  if (text == NULL || !json_parser_load_from_data (p, text, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (p)))
    return NULL;
  return json_object_ref (json_node_get_object (json_parser_get_root (p)));
}

static char *
object_text (JsonObject *o)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), o);

  return json_to_string (node, FALSE);
}

static char *
now_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format_iso8601 (now);
}

static gboolean
exec (sqlite3 *db, const char *sql)
{
  return sqlite3_exec (db, sql, NULL, NULL, NULL) == SQLITE_OK;
}

/* A transaction of its own, or a savepoint inside the caller's (a merge queues many entries as
 * one). */
gboolean
_swc_queue_begin (sqlite3 *db, gboolean *nested)
{
  *nested = !sqlite3_get_autocommit (db);
  return exec (db, *nested ? "SAVEPOINT queue_entry" : "BEGIN IMMEDIATE");
}

void
_swc_queue_end (sqlite3 *db, gboolean nested, gboolean commit)
{
  if (nested && !commit)
    exec (db, "ROLLBACK TO queue_entry");
  if (nested)
    exec (db, "RELEASE queue_entry");
  else
    exec (db, commit ? "COMMIT" : "ROLLBACK");
}

static void
merge_into (JsonObject *target, JsonObject *changes)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  json_object_iter_init (&iter, changes);
  while (json_object_iter_next (&iter, &key, &value))
    json_object_set_member (target, key, json_node_copy (value));
}

/* ---- the local view ---- */

/* The object as the user should see it: the server's copy with every active entry applied in order.
 */
gboolean
_swc_queue_recompute (SwcQueue *self, const char *uuid, GError **error)
{
  sqlite3 *db = _swc_queue_db (self);
  g_autofree char *schema_slug = NULL, *json = NULL, *server_json = NULL;
  g_autoptr(JsonObject) view = NULL;
  const char *base;
  gint pending = 0, active = 0;
  gboolean deleted = FALSE;
  sqlite3_stmt *s;
  SwcSchema *schema;

  if (!swc_store_read_object (db, uuid, &schema_slug, &json, &server_json, &pending))
    {
      s = NULL;
      s = swc_db_prepare (db, "SELECT schema FROM queue WHERE uuid = ? ORDER BY id LIMIT 1");
      sqlite3_bind_text (s, 1, uuid, -1, SQLITE_STATIC);
      if (sqlite3_step (s) == SQLITE_ROW)
        schema_slug = g_strdup ((const char *) sqlite3_column_text (s, 0));
      sqlite3_finalize (s);
      if (schema_slug == NULL)
        return TRUE;
    }
  schema = swc_schema_set_lookup (self->schemas, schema_slug);
  if (schema == NULL)
    return TRUE;
  base = pending > 0 ? server_json : json;
  view = _swc_queue_parse_object (base);
  /* a merge waiting in the queue: its source is gone, its target has the chosen values already */
  s = swc_db_prepare (
      db, "SELECT kind, payload, uuid = ?1 FROM queue WHERE state IN ('held', 'pending', 'sending')"
          " AND (uuid = ?1 OR (kind = 'merge' AND json_extract (payload, '$.target') = ?1))"
          " AND kind NOT IN ('action', 'moderate') ORDER BY id");
  sqlite3_bind_text (s, 1, uuid, -1, SQLITE_STATIC);
  while (sqlite3_step (s) == SQLITE_ROW)
    {
      SwcChangeKind kind = swc_change_kind_from_string ((const char *) sqlite3_column_text (s, 0));
      g_autoptr(JsonObject) payload =
          _swc_queue_parse_object ((const char *) sqlite3_column_text (s, 1));
      gboolean own = sqlite3_column_int (s, 2);
      active++;
      if (kind == SWC_CHANGE_KIND_MERGE && !own && payload && view &&
          json_object_has_member (payload, "object") &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (payload, "object")))
        merge_into (view, json_object_get_object_member (payload, "object"));
      else if (kind == SWC_CHANGE_KIND_MERGE)
        deleted = TRUE;
      else if (kind == SWC_CHANGE_KIND_CREATE && payload)
        {
          g_clear_pointer (&view, json_object_unref);
          view = json_object_ref (payload);
          deleted = FALSE;
        }
      else if (kind == SWC_CHANGE_KIND_PATCH && payload && view)
        merge_into (view, payload);
      else if (kind == SWC_CHANGE_KIND_DELETE)
        deleted = TRUE;
    }
  sqlite3_finalize (s);
  if (active == 0)
    return swc_store_write_view (db, schema, uuid, view, FALSE, 0, NULL, FALSE, error);
  return swc_store_write_view (db, schema, uuid, view, deleted, active, base, FALSE, error);
}

/* ---- adding entries ---- */

gint64
_swc_queue_insert (SwcQueue *self, SwcChangeKind kind, const char *schema, const char *uuid,
                   JsonObject *payload, JsonObject *base, const char *method, const char *path,
                   guint hold_ms, const char *label, GError **error)
{
  sqlite3 *db = _swc_queue_db (self);
  g_autofree char *created = now_iso ();
  g_autofree char *payload_text = payload ? object_text (payload) : NULL;
  g_autofree char *base_text = base ? object_text (base) : NULL;
  sqlite3_stmt *s = NULL;
  gint64 id = 0;
  gboolean nested;

  if (!_swc_queue_begin (db, &nested))
    {
      g_set_error (error, SWC_ERROR, SWC_ERROR_STORE, _("The local store is busy: %s"),
                   sqlite3_errmsg (db));
      return 0;
    }
  s = swc_db_prepare (
      db, "INSERT INTO queue (created, kind, schema, uuid, payload, base, state, not_before, label,"
          " method, path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  sqlite3_bind_text (s, 1, created, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 2, swc_change_kind_to_string (kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 3, schema, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 4, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 5, payload_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 6, base_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 7, state_words[hold_ms ? SWC_CHANGE_STATE_HELD : SWC_CHANGE_STATE_PENDING],
                     -1, SQLITE_STATIC);
  sqlite3_bind_int64 (s, 8, g_get_real_time () / 1000 + hold_ms);
  sqlite3_bind_text (s, 9, label, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 10, method, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 11, path, -1, SQLITE_STATIC);
  if (sqlite3_step (s) == SQLITE_DONE)
    id = sqlite3_last_insert_rowid (db);
  sqlite3_finalize (s);
  if (id == 0 || !_swc_queue_recompute (self, uuid, error))
    {
      if (id == 0)
        g_set_error (error, SWC_ERROR, SWC_ERROR_STORE, _("The change could not be stored: %s"),
                     sqlite3_errmsg (db));
      _swc_queue_end (db, nested, FALSE);
      return 0;
    }
  _swc_queue_end (db, nested, TRUE);
  _swc_queue_emit_changed (self, id);
  return id;
}

static gint64
insert_entry (SwcQueue *self, SwcChangeKind kind, const char *schema, const char *uuid,
              JsonObject *payload, JsonObject *base, guint hold_ms, const char *label,
              GError **error)
{
  return _swc_queue_insert (self, kind, schema, uuid, payload, base, NULL, NULL, hold_ms, label,
                            error);
}

/* A request to one of the backend's own endpoints (a user's account: enable, disable, groups,
 * password), in order with the other changes. uuid names the object it is about (for the queue's
 * list); the local store is not changed by it. The endpoints are idempotent, so a request in doubt
 * after a crash is sent again. */
gint64
swc_queue_action (SwcQueue *self, const char *schema, const char *uuid, const char *path,
                  JsonObject *payload, guint hold_ms, const char *label, GError **error)
{
  g_return_val_if_fail (SWC_IS_QUEUE (self), 0);

  return _swc_queue_insert (self, SWC_CHANGE_KIND_ACTION, schema, uuid, payload, NULL, "POST", path,
                            hold_ms, label, error);
}

gint64
swc_queue_create (SwcQueue *self, const char *schema_slug, JsonObject *object, guint hold_ms,
                  const char *label, GError **error)
{
  SwcSchema *schema = swc_schema_set_lookup (self->schemas, schema_slug);
  g_autoptr(JsonObject) copy = json_object_new ();
  g_autofree char *uuid = NULL;

  g_return_val_if_fail (schema != NULL, 0);
  merge_into (copy, object);
  if (!json_object_has_member (copy, "id"))
    {
      g_autofree char *fresh =
          g_uuid_string_random (); /* a client-made id: resending cannot duplicate */
      json_object_set_string_member (copy, "id", fresh);
    }
  uuid = g_strdup (json_object_get_string_member (copy, "id"));
  if (!swc_validate_object (schema, copy, NULL, error))
    return 0;
  return insert_entry (self, SWC_CHANGE_KIND_CREATE, schema_slug, uuid, copy, NULL, hold_ms, label,
                       error);
}

static JsonObject *
current_view (SwcQueue *self, const char *uuid, char **schema_slug, GError **error)
{
  g_autofree char *json = NULL;
  JsonObject *view;

  if (!swc_store_read_object (_swc_queue_db (self), uuid, schema_slug, &json, NULL, NULL) ||
      (view = _swc_queue_parse_object (json)) == NULL)
    {
      g_set_error (error, SWC_ERROR, SWC_ERROR_NOT_FOUND,
                   _("The object %s is not in the local store"), uuid);
      return NULL;
    }
  return view;
}

gint64
swc_queue_patch (SwcQueue *self, const char *uuid, JsonObject *changes, guint hold_ms,
                 const char *label, GError **error)
{
  g_autofree char *schema_slug = NULL;
  g_autoptr(JsonObject) view = NULL;
  g_autoptr(JsonObject) base = NULL;
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  g_return_val_if_fail (SWC_IS_QUEUE (self), 0);
  g_return_val_if_fail (uuid != NULL && changes != NULL, 0);

  view = current_view (self, uuid, &schema_slug, error);
  base = json_object_new ();
  if (view == NULL)
    return 0;
  /* the values the user started from, to recognise someone else's change at send time */
  json_object_iter_init (&iter, changes);
  while (json_object_iter_next (&iter, &key, &value))
    json_object_set_member (base, key,
                            json_object_has_member (view, key)
                                ? json_node_copy (json_object_get_member (view, key))
                                : json_node_new (JSON_NODE_NULL));
  merge_into (view, changes);
  if (!swc_validate_object (swc_schema_set_lookup (self->schemas, schema_slug), view, changes,
                            error))
    return 0;
  return insert_entry (self, SWC_CHANGE_KIND_PATCH, schema_slug, uuid, changes, base, hold_ms,
                       label, error);
}

gint64
swc_queue_delete (SwcQueue *self, const char *uuid, guint hold_ms, const char *label,
                  GError **error)
{
  g_autofree char *schema_slug = NULL;
  g_autoptr(JsonObject) view = NULL;

  g_return_val_if_fail (SWC_IS_QUEUE (self), 0);
  g_return_val_if_fail (uuid != NULL, 0);

  view = current_view (self, uuid, &schema_slug, error);
  if (view == NULL)
    return 0;
  return insert_entry (self, SWC_CHANGE_KIND_DELETE, schema_slug, uuid, NULL, NULL, hold_ms, label,
                       error);
}

/* ---- changing entries ---- */

/* what Undo and removal from the queue may still take back */
#define HELD_OR_PENDING                                                                            \
  (SWC_CHANGE_STATES (SWC_CHANGE_STATE_HELD) | SWC_CHANGE_STATES (SWC_CHANGE_STATE_PENDING))

static char *
entry_uuid (sqlite3 *db, gint64 id, guint states)
{
  g_autofree char *in = _swc_queue_states_sql (states);
  g_autofree char *sql =
      g_strdup_printf ("SELECT uuid FROM queue WHERE id = ? AND state IN (%s)", in);
  sqlite3_stmt *s = NULL;
  char *uuid = NULL;

  s = swc_db_prepare (db, sql);
  sqlite3_bind_int64 (s, 1, id);
  if (sqlite3_step (s) == SQLITE_ROW)
    uuid = g_strdup ((const char *) sqlite3_column_text (s, 0));
  sqlite3_finalize (s);
  return uuid;
}

void
_swc_queue_set_state (sqlite3 *db, gint64 id, SwcChangeState state, const char *error_text)
{
  sqlite3_stmt *s = NULL;
  g_autofree char *now = now_iso ();

  s = swc_db_prepare (db, "UPDATE queue SET state = ?, error = ?, done_at = ? WHERE id = ?");
  sqlite3_bind_text (s, 1, swc_change_state_to_string (state), -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 2, error_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 3, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (s, 4, id);
  sqlite3_step (s);
  sqlite3_finalize (s);
}

/* Moves entries (one, or all of from_states with id -1) to a new state and recomputes their
 * objects. */
static guint
move_entries (SwcQueue *self, gint64 id, guint from_states, SwcChangeState to_state)
{
  sqlite3 *db = _swc_queue_db (self);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *in = _swc_queue_states_sql (from_states);
  g_autofree char *sql =
      g_strdup_printf ("SELECT id, uuid FROM queue WHERE state IN (%s)%s ORDER BY id", in,
                       id >= 0 ? " AND id = ?" : "");
  sqlite3_stmt *s = NULL;

  exec (db, "BEGIN IMMEDIATE");
  s = swc_db_prepare (db, sql);
  if (id >= 0)
    sqlite3_bind_int64 (s, 1, id);
  while (sqlite3_step (s) == SQLITE_ROW)
    {
      g_ptr_array_add (ids, GINT_TO_POINTER ((gint) sqlite3_column_int64 (s, 0)));
      g_ptr_array_add (uuids, g_strdup ((const char *) sqlite3_column_text (s, 1)));
    }
  sqlite3_finalize (s);
  for (guint i = 0; i < ids->len; i++)
    {
      _swc_queue_set_state (db, GPOINTER_TO_INT (g_ptr_array_index (ids, i)), to_state, NULL);
      _swc_queue_recompute (self, g_ptr_array_index (uuids, i), NULL);
    }
  exec (db, "COMMIT");
  for (guint i = 0; i < ids->len; i++)
    _swc_queue_emit_changed (self, (gint64) GPOINTER_TO_INT (g_ptr_array_index (ids, i)));
  return ids->len;
}

/* Undo while the change waits out its hold. */
gboolean
swc_queue_cancel (SwcQueue *self, gint64 id, GError **error)
{
  g_autofree char *uuid = NULL;

  g_return_val_if_fail (SWC_IS_QUEUE (self), FALSE);

  uuid = entry_uuid (_swc_queue_db (self), id, HELD_OR_PENDING);
  if (uuid == NULL)
    {
      g_set_error (error, SWC_ERROR, SWC_ERROR_CONFLICT, _("The change has already been sent"));
      return FALSE;
    }
  return move_entries (self, id, HELD_OR_PENDING, SWC_CHANGE_STATE_DISCARDED) == 1;
}

/* Sends failed changes again; for a conflict, the user's values win this time. */
guint
swc_queue_retry (SwcQueue *self, gint64 id)
{
  sqlite3_stmt *s = NULL;

  g_return_val_if_fail (SWC_IS_QUEUE (self), 0);

  /* a retried conflict compares against the server's values as they are now */
  s = swc_db_prepare (
      _swc_queue_db (self),
      "UPDATE queue SET base = theirs WHERE state = 'conflict' AND theirs IS NOT NULL"
      " AND (?1 < 0 OR id = ?1)");
  sqlite3_bind_int64 (s, 1, id);
  sqlite3_step (s);
  sqlite3_finalize (s);
  return move_entries (self, id, SWC_CHANGE_STATES_REFUSED, SWC_CHANGE_STATE_PENDING);
}

/* Milliseconds until the first waiting change is due (0: now), or -1 when nothing waits. */
gint64
swc_queue_next_due_ms (SwcQueue *self)
{
  sqlite3_stmt *s = NULL;
  gint64 due = -1;

  g_return_val_if_fail (SWC_IS_QUEUE (self), 0);

  s = swc_db_prepare (
      _swc_queue_db (self),
      "SELECT MIN (not_before) FROM queue WHERE state IN ('held', 'pending', 'sending')");
  if (sqlite3_step (s) == SQLITE_ROW && sqlite3_column_type (s, 0) != SQLITE_NULL)
    due = MAX (0, sqlite3_column_int64 (s, 0) - g_get_real_time () / 1000);
  sqlite3_finalize (s);
  return due;
}

/* Sends what waits out a backoff without waiting longer ("send now"); held changes keep their Undo
 * time. */
void
swc_queue_retry_now (SwcQueue *self)
{
  g_return_if_fail (SWC_IS_QUEUE (self));

  exec (_swc_queue_db (self),
        "UPDATE queue SET not_before = 0 WHERE state IN ('pending', 'sending')");
}

/* A conflict's three sides: the values the user started from, the user's values, and the server's
 * object. */
gboolean
swc_queue_get_conflict (SwcQueue *self, gint64 id, JsonObject **base, JsonObject **mine,
                        JsonObject **theirs)
{
  sqlite3_stmt *s = NULL;
  gboolean found = FALSE;

  g_return_val_if_fail (SWC_IS_QUEUE (self), FALSE);

  s = swc_db_prepare (
      _swc_queue_db (self),
      "SELECT base, payload, theirs FROM queue WHERE id = ? AND state = 'conflict'");
  sqlite3_bind_int64 (s, 1, id);
  if (sqlite3_step (s) == SQLITE_ROW)
    {
      *base = _swc_queue_parse_object ((const char *) sqlite3_column_text (s, 0));
      *mine = _swc_queue_parse_object ((const char *) sqlite3_column_text (s, 1));
      *theirs = _swc_queue_parse_object ((const char *) sqlite3_column_text (s, 2));
      found = *mine != NULL && *theirs != NULL;
      if (!found)
        {
          g_clear_pointer (base, json_object_unref);
          g_clear_pointer (mine, json_object_unref);
          g_clear_pointer (theirs, json_object_unref);
        }
    }
  sqlite3_finalize (s);
  return found;
}

/* Resolves a conflict with the values the user chose (result: property → value): the change is sent
 * again with those, compared against the server's values as they were shown. */
gboolean
swc_queue_resolve (SwcQueue *self, gint64 id, JsonObject *result, GError **error)
{
  sqlite3 *db;
  g_autoptr(JsonObject) base = NULL, mine = NULL, theirs = NULL;
  g_autoptr(JsonObject) new_base = NULL;
  g_autofree char *payload_text = NULL, *base_text = NULL, *uuid = NULL;
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;
  sqlite3_stmt *s = NULL;

  g_return_val_if_fail (SWC_IS_QUEUE (self), FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  db = _swc_queue_db (self);
  new_base = json_object_new ();
  if (!swc_queue_get_conflict (self, id, &base, &mine, &theirs))
    {
      g_set_error (error, SWC_ERROR, SWC_ERROR_NOT_FOUND,
                   _("This conflict has been resolved already"));
      return FALSE;
    }
  json_object_iter_init (&iter, result);
  while (json_object_iter_next (&iter, &key, &value))
    json_object_set_member (new_base, key,
                            json_object_has_member (theirs, key)
                                ? json_node_copy (json_object_get_member (theirs, key))
                                : json_node_new (JSON_NODE_NULL));
  payload_text = object_text (result);
  base_text = object_text (new_base);
  exec (db, "BEGIN IMMEDIATE");
  s = swc_db_prepare (
      db, "UPDATE queue SET payload = ?, base = ?, state = 'pending', error = NULL, not_before = 0"
          " WHERE id = ? AND state = 'conflict' RETURNING uuid");
  sqlite3_bind_text (s, 1, payload_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 2, base_text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (s, 3, id);
  if (sqlite3_step (s) == SQLITE_ROW)
    uuid = g_strdup ((const char *) sqlite3_column_text (s, 0));
  sqlite3_finalize (s);
  if (uuid == NULL || !_swc_queue_recompute (self, uuid, error))
    {
      exec (db, "ROLLBACK");
      if (uuid == NULL)
        g_set_error (error, SWC_ERROR, SWC_ERROR_STORE, _("The change could not be stored: %s"),
                     sqlite3_errmsg (db));
      return FALSE;
    }
  exec (db, "COMMIT");
  _swc_queue_emit_changed (self, id);
  return TRUE;
}

guint
swc_queue_discard (SwcQueue *self, gint64 id)
{
  g_return_val_if_fail (SWC_IS_QUEUE (self), 0);

  return move_entries (self, id,
                       id >= 0 ? HELD_OR_PENDING | SWC_CHANGE_STATES_REFUSED
                               : SWC_CHANGE_STATES_REFUSED,
                       SWC_CHANGE_STATE_DISCARDED);
}

void
swc_change_free (SwcChange *c)
{
  g_free (c->schema);
  g_free (c->uuid);
  g_free (c->label);
  g_free (c->error);
  g_free (c->created);
  g_free (c->name);
  g_free (c->what);
  g_free (c);
}

static char *
col (sqlite3_stmt *s, int i)
{
  return g_strdup ((const char *) sqlite3_column_text (s, i));
}

/* What a change does, in a word or two: a patch that only sets the status approves or rejects, and
 * so does the backend's moderation of a registration (a "moderate" entry, swc-registration.c). */
static char *
change_what (SwcChangeKind kind, const char *payload_text)
{
  g_autoptr(JsonObject) payload = NULL;
  const char *status;

  if (kind == SWC_CHANGE_KIND_MODERATE)
    {
      payload = _swc_queue_parse_object (payload_text);
      return g_strdup (
          g_strcmp0 (payload
                         ? json_object_get_string_member_with_default (payload, "decision", NULL)
                         : NULL,
                     "approve") == 0
              ? C_("queued change", "approve")
              : C_("queued change", "reject"));
    }
  if (kind == SWC_CHANGE_KIND_CREATE)
    return g_strdup (C_("queued change", "create"));
  if (kind == SWC_CHANGE_KIND_DELETE)
    return g_strdup (C_("queued change", "remove"));
  if (kind == SWC_CHANGE_KIND_MERGE)
    return g_strdup (C_("queued change", "merge"));
  if (kind == SWC_CHANGE_KIND_ACTION)
    return g_strdup (C_("queued change", "change the account"));
  payload = _swc_queue_parse_object (payload_text);
  status = payload && json_object_get_size (payload) == 1
               ? json_object_get_string_member_with_default (payload, "status", NULL)
               : NULL;
  if (g_strcmp0 (status, swc_org_status_value (SWC_ORG_STATUS_ACTIVE)) == 0)
    return g_strdup (C_("queued change", "approve"));
  if (g_strcmp0 (status, swc_org_status_value (SWC_ORG_STATUS_INACTIVE)) == 0 ||
      g_strcmp0 (status, "Afgewezen") == 0)
    return g_strdup (C_("queued change", "reject"));
  return g_strdup (C_("queued change", "change"));
}

/* The entries in order, each with its object's name (never only an id) and what it does. */
GPtrArray *
swc_queue_list (SwcQueue *self, gboolean include_done)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) swc_change_free);
  sqlite3_stmt *s = NULL;

  g_return_val_if_fail (SWC_IS_QUEUE (self), NULL);

  s = swc_db_prepare (
      _swc_queue_db (self),
      include_done
          ? "SELECT id, kind, schema, uuid, state, label, error, created, attempts, payload,"
            " (SELECT name FROM objects WHERE objects.uuid = queue.uuid), not_before FROM queue"
            " ORDER BY id"
          : "SELECT id, kind, schema, uuid, state, label, error, created, attempts, payload,"
            " (SELECT name FROM objects WHERE objects.uuid = queue.uuid), not_before FROM queue"
            " WHERE state NOT IN ('done', 'discarded') ORDER BY id");
  while (sqlite3_step (s) == SQLITE_ROW)
    {
      SwcChange *c = g_new0 (SwcChange, 1);
      c->id = sqlite3_column_int64 (s, 0);
      c->kind = swc_change_kind_from_string ((const char *) sqlite3_column_text (s, 1));
      c->schema = col (s, 2);
      c->uuid = col (s, 3);
      c->state = swc_change_state_from_string ((const char *) sqlite3_column_text (s, 4));
      if (c->state == SWC_CHANGE_N_STATES)
        c->state = SWC_CHANGE_STATE_FAILED; /* a word this version does not know: it cannot be sent,
                                               only removed */
      if (c->state == SWC_CHANGE_STATE_HELD &&
          sqlite3_column_int64 (s, 11) <= g_get_real_time () / 1000)
        c->state = SWC_CHANGE_STATE_PENDING; /* its Undo time is over: it waits to be sent */
      c->label = col (s, 5);
      c->error = col (s, 6);
      c->created = col (s, 7);
      c->attempts = sqlite3_column_int (s, 8);
      c->what = change_what (c->kind, (const char *) sqlite3_column_text (s, 9));
      c->name = col (s, 10);
      if (c->name != NULL && *c->name == '\0')
        g_clear_pointer (&c->name, g_free);
      g_ptr_array_add (list, c);
    }
  sqlite3_finalize (s);
  return list;
}

/* Entries per state. */
void
swc_queue_counts (SwcStore *store, guint counts[SWC_CHANGE_N_STATES])
{
  sqlite3_stmt *s = NULL;

  g_return_if_fail (SWC_IS_STORE (store));

  memset (counts, 0, SWC_CHANGE_N_STATES * sizeof (guint));
  s = swc_db_prepare (swc_store_get_db (store), "SELECT state, COUNT(*) FROM queue GROUP BY state");
  while (sqlite3_step (s) == SQLITE_ROW)
    {
      SwcChangeState state =
          swc_change_state_from_string ((const char *) sqlite3_column_text (s, 0));
      if (state < SWC_CHANGE_N_STATES)
        counts[state] = sqlite3_column_int (s, 1);
    }
  sqlite3_finalize (s);
}

void
_swc_queue_emit_changed (SwcQueue *self, gint64 id)
{
  g_autofree char *schema = NULL;
  SwcChangeKind kind = SWC_CHANGE_KIND_UNKNOWN;
  sqlite3_stmt *s = NULL;

  if (self->batch > 0)
    {
      self->batch_changed = TRUE;
      return;
    }
  if (id >= 0)
    {
      s = swc_db_prepare (_swc_queue_db (self), "SELECT kind, schema FROM queue WHERE id = ?");
      sqlite3_bind_int64 (s, 1, id);
      if (sqlite3_step (s) == SQLITE_ROW)
        {
          kind = swc_change_kind_from_string ((const char *) sqlite3_column_text (s, 0));
          schema = g_strdup ((const char *) sqlite3_column_text (s, 1));
        }
      sqlite3_finalize (s);
    }
  g_signal_emit (self, signals[CHANGED], 0, id);
  /* an account action or a moderation changes no object here: the lists stay as they are (the
   * queue's own signal says it) */
  if (kind == SWC_CHANGE_KIND_ACTION || kind == SWC_CHANGE_KIND_MODERATE)
    return;
  /* a merge touches objects of every kind; anything else only the lists of its schema */
  swc_store_notify_changed (self->store, kind == SWC_CHANGE_KIND_MERGE ? NULL : schema);
}

/* Many entries at once (a merge plan, a reversal): one "changed" at the end instead of one per
 * entry. */
void
_swc_queue_batch (SwcQueue *self, gboolean begin)
{
  if (begin)
    {
      self->batch++;
      return;
    }
  if (--self->batch == 0 && self->batch_changed)
    {
      self->batch_changed = FALSE;
      _swc_queue_emit_changed (self, -1);
    }
}
