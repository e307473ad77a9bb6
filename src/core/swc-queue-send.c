/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sending the queue: strictly in order, one entry at a time, each marked "sending" before its
 * request. */
#define G_LOG_DOMAIN "swc-queue"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "swc-error.h"
#include "swc-merge-private.h"
#include "swc-queue-private.h"
#include "swc-db.h"

typedef struct
{
  gint64 id;
  SwcChangeKind kind;
  char *schema;
  char *uuid;
  char *payload;
  char *base;
  char *method; /* an action's request */
  char *path;
  gboolean
      in_doubt; /* it was "sending" when picked: the last attempt may have reached the server */
  gint attempts;
} Entry;

typedef struct
{
  SwcQueueStats stats;
  Entry *entry;
  gboolean via_app; /* the entry is a merge the backend's app carries out (swc-merge-app.c) */
  /* after the app's merge: the objects that still point at the source (NULL: not known), its answer
   */
  GHashTable *leftovers;
  guint asking;
  char *report;
} Send;

static void
entry_free (Entry *e)
{
  if (e == NULL)
    return;
  g_free (e->schema);
  g_free (e->uuid);
  g_free (e->payload);
  g_free (e->base);
  g_free (e->method);
  g_free (e->path);
  g_free (e);
}

static void
send_free (Send *s)
{
  g_clear_pointer (&s->leftovers, g_hash_table_unref);
  g_free (s->report);
  entry_free (s->entry);
  g_free (s);
}

static void step (GTask *task);
static void app_merge (GTask *task);
static void ask_leftovers (GTask *task, const char *report);

static gint
count_active (sqlite3 *db)
{
  sqlite3_stmt *s = NULL;
  gint n = 0;

  s = swc_db_prepare (db,
                      "SELECT COUNT(*) FROM queue WHERE state IN ('held', 'pending', 'sending')");
  if (sqlite3_step (s) == SQLITE_ROW)
    n = sqlite3_column_int (s, 0);
  sqlite3_finalize (s);
  return n;
}

/* The first active entry, when it is due; NULL when there is none or it is still held. */
static Entry *
next_entry (sqlite3 *db)
{
  sqlite3_stmt *s = NULL;
  Entry *e = NULL;

  s = swc_db_prepare (
      db, "SELECT id, kind, schema, uuid, payload, base, state, not_before, attempts, method, path"
          " FROM queue WHERE state IN ('held', 'pending', 'sending') ORDER BY id LIMIT 1");
  if (sqlite3_step (s) == SQLITE_ROW &&
      (swc_change_state_from_string ((const char *) sqlite3_column_text (s, 6)) ==
           SWC_CHANGE_STATE_SENDING ||
       sqlite3_column_int64 (s, 7) <= g_get_real_time () / 1000))
    {
      e = g_new0 (Entry, 1);
      e->id = sqlite3_column_int64 (s, 0);
      e->kind = swc_change_kind_from_string ((const char *) sqlite3_column_text (s, 1));
      e->schema = g_strdup ((const char *) sqlite3_column_text (s, 2));
      e->uuid = g_strdup ((const char *) sqlite3_column_text (s, 3));
      e->payload = g_strdup ((const char *) sqlite3_column_text (s, 4));
      e->base = g_strdup ((const char *) sqlite3_column_text (s, 5));
      e->in_doubt = swc_change_state_from_string ((const char *) sqlite3_column_text (s, 6)) ==
                    SWC_CHANGE_STATE_SENDING;
      e->attempts = sqlite3_column_int (s, 8);
      e->method = g_strdup ((const char *) sqlite3_column_text (s, 9));
      e->path = g_strdup ((const char *) sqlite3_column_text (s, 10));
    }
  sqlite3_finalize (s);
  return e;
}

/* Durable before the request leaves: after a crash this entry is checked, not blindly resent. */
static void
mark_sending (sqlite3 *db, Entry *e)
{
  sqlite3_stmt *s = NULL;

  s = swc_db_prepare (db,
                      "UPDATE queue SET state = 'sending', attempts = attempts + 1 WHERE id = ?");
  sqlite3_bind_int64 (s, 1, e->id);
  sqlite3_step (s);
  sqlite3_finalize (s);
}

static char *
object_path (SwcQueue *self, Entry *e, gboolean with_uuid)
{
  SwcSchema *schema = swc_schema_set_lookup (self->schemas, e->schema);
  g_autofree char *base =
      swc_client_objects_path (self->client, schema->register_slug, schema->slug);

  return with_uuid ? g_strdup_printf ("%s/%s", base, e->uuid) : g_steal_pointer (&base);
}

/* The server's answer is the store's copy now; the view is the copy plus whatever still waits. */
static void
confirm (SwcQueue *self, Send *send, const char *server_text)
{
  sqlite3 *db = _swc_queue_db (self);
  sqlite3_stmt *s = NULL;

  sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  _swc_queue_set_state (db, send->entry->id, SWC_CHANGE_STATE_DONE, NULL);
  s = swc_db_prepare (
      db, "UPDATE objects SET server_json = ?, pending = MAX (pending, 1) WHERE uuid = ?");
  sqlite3_bind_text (s, 1, server_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 2, send->entry->uuid, -1, SQLITE_STATIC);
  sqlite3_step (s);
  sqlite3_finalize (s);
  _swc_queue_recompute (self, send->entry->uuid, NULL);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  send->stats.sent++;
  _swc_queue_emit_changed (self, send->entry->id);
}

static char *
merge_target (Entry *e)
{
  g_autoptr(JsonObject) payload =
      e->kind == SWC_CHANGE_KIND_MERGE ? _swc_queue_parse_object (e->payload) : NULL;

  return payload ? g_strdup (json_object_get_string_member_with_default (payload, "target", NULL))
                 : NULL;
}

/* A merge the server carried out (report: its answer; NULL when a check after a restart found the
 * source gone): the journal and the store take it over in one transaction. */
static void
confirm_merge (SwcQueue *self, Send *send, const char *report_text)
{
  sqlite3 *db = _swc_queue_db (self);
  g_autoptr(JsonObject) payload = _swc_queue_parse_object (send->entry->payload);
  g_autoptr(JsonObject) report = _swc_queue_parse_object (report_text);
  g_autofree char *target = merge_target (send->entry);

  sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  _swc_queue_set_state (db, send->entry->id, SWC_CHANGE_STATE_DONE, NULL);
  _swc_merge_step_confirmed (self, send->entry->id, send->entry->schema, send->entry->uuid, target,
                             payload, report, send->via_app, send->leftovers);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  send->stats.sent++;
  _swc_queue_emit_changed (self, send->entry->id);
}

static void
settle (SwcQueue *self, Send *send, SwcChangeState state, const char *message, const char *theirs)
{
  sqlite3 *db = _swc_queue_db (self);
  sqlite3_stmt *s = NULL;

  sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  _swc_queue_set_state (db, send->entry->id, state, message);
  if (theirs != NULL)
    {
      s = swc_db_prepare (db, "UPDATE queue SET theirs = ? WHERE id = ?");
      sqlite3_bind_text (s, 1, theirs, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (s, 2, send->entry->id);
      sqlite3_step (s);
      sqlite3_finalize (s);
      /* theirs is the server's copy now: the view shows it, not the conflicting change */
      s = swc_db_prepare (db, "UPDATE objects SET server_json = ? WHERE uuid = ?");
      sqlite3_bind_text (s, 1, theirs, -1, SQLITE_STATIC);
      sqlite3_bind_text (s, 2, send->entry->uuid, -1, SQLITE_STATIC);
      sqlite3_step (s);
      sqlite3_finalize (s);
    }
  _swc_queue_recompute (self, send->entry->uuid, NULL);
  {
    g_autofree char *target = merge_target (send->entry);
    if (target)
      _swc_queue_recompute (self, target,
                            NULL); /* a refused merge takes its values back from the target */
  }
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  _swc_queue_emit_changed (self, send->entry->id);
}

/* An answer that is not a success: wait and stop (network, server trouble, login), or refuse the
 * entry. */
static gboolean
handle_error (GTask *task, Send *send, GError *error)
{
  SwcQueue *self = g_task_get_source_object (task);
  sqlite3 *db = _swc_queue_db (self);

  if (swc_error_is_transient (error) ||
      g_error_matches (error, SWC_ERROR, SWC_ERROR_UNAUTHORIZED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      sqlite3_stmt *s = NULL;
      gint64 delay = MIN (30000, 1000 << MIN (send->entry->attempts, 5));
      /* refused login or no connection: it never arrived, so pending again; anything else (a
       * time-out, a broken connection, a server error) may have arrived: it stays "sending" and is
       * checked first */
      gboolean never_arrived = g_error_matches (error, SWC_ERROR, SWC_ERROR_UNAUTHORIZED) ||
                               g_error_matches (error, SWC_ERROR, SWC_ERROR_OFFLINE);
      s = swc_db_prepare (db, "UPDATE queue SET not_before = ?, error = ?,"
                              " state = CASE WHEN ? THEN 'pending' ELSE state END WHERE id = ?");
      sqlite3_bind_int64 (s, 1, g_get_real_time () / 1000 + delay);
      sqlite3_bind_text (s, 2, error->message, -1, SQLITE_STATIC);
      sqlite3_bind_int (s, 3, never_arrived);
      sqlite3_bind_int64 (s, 4, send->entry->id);
      sqlite3_step (s);
      sqlite3_finalize (s);
      send->stats.waiting = count_active (db);
      g_task_return_error (task, g_error_copy (error));
      return FALSE;
    }
  settle (self, send, SWC_CHANGE_STATE_FAILED, error->message, NULL);
  send->stats.failed++;
  return TRUE;
}

static gboolean
values_equal (JsonNode *a, JsonNode *b)
{
  gboolean a_empty =
      a == NULL || JSON_NODE_HOLDS_NULL (a) ||
      (JSON_NODE_HOLDS_VALUE (a) && json_node_get_value_type (a) == G_TYPE_STRING &&
       !*json_node_get_string (a)) ||
      (JSON_NODE_HOLDS_ARRAY (a) && json_array_get_length (json_node_get_array (a)) == 0);
  gboolean b_empty =
      b == NULL || JSON_NODE_HOLDS_NULL (b) ||
      (JSON_NODE_HOLDS_VALUE (b) && json_node_get_value_type (b) == G_TYPE_STRING &&
       !*json_node_get_string (b)) ||
      (JSON_NODE_HOLDS_ARRAY (b) && json_array_get_length (json_node_get_array (b)) == 0);

  if (a_empty || b_empty)
    return a_empty && b_empty;
  return json_node_equal (a, b);
}

typedef enum
{
  PATCH_SEND,
  PATCH_APPLIED,
  PATCH_CONFLICT
} PatchCheck;

/* Compares the server's object with the values the user started from and the values they want. */
static PatchCheck
check_patch (JsonObject *server, JsonObject *payload, JsonObject *base, GString *fields)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *mine;
  gboolean applied = TRUE;

  json_object_iter_init (&iter, payload);
  while (json_object_iter_next (&iter, &key, &mine))
    {
      JsonNode *theirs = json_object_get_member (server, key);
      JsonNode *was = base ? json_object_get_member (base, key) : NULL;
      if (!values_equal (theirs, mine))
        applied = FALSE;
      if (!values_equal (theirs, was) && !values_equal (theirs, mine))
        g_string_append_printf (fields, "%s%s", fields->len ? ", " : "", key);
    }
  if (fields->len)
    return PATCH_CONFLICT;
  return applied ? PATCH_APPLIED : PATCH_SEND;
}

static void
answered_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GTask) task = data;
  SwcQueue *self = g_task_get_source_object (task);
  Send *send = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = swc_client_send_finish (SWC_CLIENT (source), result, &error);
  g_autofree char *text =
      body ? g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body)) : NULL;

  if (error != NULL && send->entry->kind == SWC_CHANGE_KIND_DELETE &&
      g_error_matches (error, SWC_ERROR, SWC_ERROR_NOT_FOUND))
    g_clear_error (&error); /* already gone */
  if (error != NULL && !handle_error (task, send, error))
    return;
  if (error == NULL && send->entry->kind == SWC_CHANGE_KIND_MERGE && send->via_app)
    {
      ask_leftovers (task, text);
      return;
    }
  if (error == NULL && send->entry->kind == SWC_CHANGE_KIND_MERGE)
    confirm_merge (self, send, text);
  else if (error == NULL && (send->entry->kind == SWC_CHANGE_KIND_ACTION ||
                             send->entry->kind == SWC_CHANGE_KIND_MODERATE))
    {
      settle (self, send, SWC_CHANGE_STATE_DONE, NULL,
              NULL); /* an account, not an object: the store keeps its copy */
      send->stats.sent++;
    }
  else if (error == NULL)
    confirm (self, send, send->entry->kind == SWC_CHANGE_KIND_DELETE ? NULL : text);
  g_clear_pointer (&send->entry, entry_free);
  step (task);
}

static void
send_request (GTask *task, const char *method, gboolean with_uuid, const char *payload)
{
  SwcQueue *self = g_task_get_source_object (task);
  Send *send = g_task_get_task_data (task);
  g_autofree char *path =
      send->entry->path ? g_strdup (send->entry->path) : object_path (self, send->entry, with_uuid);
  g_autoptr(JsonObject) body = payload ? _swc_queue_parse_object (payload) : NULL;
  g_autoptr(JsonNode) node = body ? json_node_init_object (json_node_alloc (), body) : NULL;

  swc_client_send_async (self->client, method, path, node, SWC_TIMEOUT_LONG,
                         g_task_get_cancellable (task), answered_cb, g_object_ref (task));
}

/* A registration's decision where the backend moderates (api-2026.md §3), asked for only while the
 * registration waits for one: one decided meanwhile (or by an earlier attempt that did arrive), or
 * an organisation that never was a registration, needs nothing more. */
static void
moderate (GTask *task, JsonObject *server)
{
  SwcQueue *self = g_task_get_source_object (task);
  Send *send = g_task_get_task_data (task);
  g_autoptr(JsonObject) payload = _swc_queue_parse_object (send->entry->payload);
  const char *decision =
      payload ? json_object_get_string_member_with_default (payload, "decision", "") : "";

  if (swc_org_registration (server) != SWC_REGISTRATION_PENDING ||
      !(g_str_equal (decision, "approve") || g_str_equal (decision, "reject")))
    {
      settle (self, send, SWC_CHANGE_STATE_DONE, NULL, NULL);
      g_clear_pointer (&send->entry, entry_free);
      step (task);
      return;
    }
  g_free (send->entry->path);
  send->entry->path =
      g_strdup_printf ("/index.php/apps/stackiq/api/moderation/%s/%s?type=organization",
                       send->entry->uuid, decision);
  send_request (task, "POST", FALSE, NULL);
}

/* ---- a merge the backend's app carries out (swc-merge-app.c) ---- */

/* The chosen values the target does not have on the server yet: the app merge takes none. */
static JsonObject *
target_changes (SwcQueue *self, const char *target, JsonObject *payload)
{
  JsonObject *values = payload && json_object_has_member (payload, "object")
                           ? json_object_get_object_member (payload, "object")
                           : NULL;
  JsonObject *changes = json_object_new ();
  g_autofree char *schema = NULL, *json = NULL, *server_json = NULL;
  g_autoptr(JsonObject) server = NULL;
  gint pending = 0;
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  if (values == NULL || target == NULL)
    return changes;
  if (swc_store_read_object (_swc_queue_db (self), target, &schema, &json, &server_json, &pending))
    server = _swc_queue_parse_object (pending > 0 ? server_json : json);
  json_object_iter_init (&iter, values);
  while (json_object_iter_next (&iter, &key, &value))
    if (server == NULL || !values_equal (json_object_get_member (server, key), value))
      json_object_set_member (changes, key, json_node_copy (value));
  return changes;
}

static void
app_merge_post (GTask *task)
{
  SwcQueue *self = g_task_get_source_object (task);
  Send *send = g_task_get_task_data (task);
  g_autofree char *target = merge_target (send->entry);
  g_autofree char *path = _swc_merge_app_path (send->entry->uuid, FALSE);
  g_autoptr(JsonNode) body = _swc_merge_app_body (target);

  swc_client_send_async (self->client, "POST", path, body, SWC_TIMEOUT_LONG,
                         g_task_get_cancellable (task), answered_cb, g_object_ref (task));
}

static void
target_patched_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GTask) task = data;
  Send *send = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = swc_client_send_finish (SWC_CLIENT (source), result, &error);

  if (error == NULL)
    {
      app_merge_post (task);
      return;
    }
  if (!handle_error (task, send, error))
    return;
  g_clear_pointer (&send->entry, entry_free);
  step (task);
}

/* After the app's merge: which objects still point at the source. It re-points only some kinds, and
 * only in the first 10,000 objects of each (api-2026.md §3); a question per kind of reference
 * instead of one per object. Those objects get queued changes (swc-merge-journal.c); a kind that
 * cannot be asked is all queued. */
static void
leftovers_done (GTask *task)
{
  SwcQueue *self = g_task_get_source_object (task);
  Send *send = g_task_get_task_data (task);

  if (--send->asking > 0)
    return;
  confirm_merge (self, send, send->report);
  g_clear_pointer (&send->report, g_free);
  g_clear_pointer (&send->leftovers, g_hash_table_unref);
  g_clear_pointer (&send->entry, entry_free);
  step (task);
}

static void
leftover_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GTask) task = data;
  Send *send = g_task_get_task_data (task);
  g_autoptr(GBytes) body = swc_client_get_finish (SWC_CLIENT (source), result, NULL);
  g_autofree char *text =
      body ? g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body)) : NULL;
  g_autoptr(JsonObject) page = _swc_queue_parse_object (text);
  JsonArray *results = page && json_object_has_member (page, "results")
                           ? json_object_get_array_member (page, "results")
                           : NULL;
  guint n = results ? json_array_get_length (results) : 0;

  if (send->leftovers != NULL &&
      (results == NULL || json_object_get_int_member_with_default (page, "total", 0) > n))
    g_clear_pointer (&send->leftovers,
                     g_hash_table_unref); /* not known: every reference is queued */
  for (guint i = 0; send->leftovers && i < n; i++)
    {
      JsonNode *o = json_array_get_element (results, i);
      const char *id =
          JSON_NODE_HOLDS_OBJECT (o)
              ? json_object_get_string_member_with_default (json_node_get_object (o), "id", NULL)
              : NULL;
      if (id)
        g_hash_table_add (send->leftovers, g_strdup (id));
    }
  leftovers_done (task);
}

static void
ask_leftovers (GTask *task, const char *report)
{
  SwcQueue *self = g_task_get_source_object (task);
  Send *send = g_task_get_task_data (task);
  const char *org = send->entry->schema;

  send->report = g_strdup (report);
  send->leftovers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  send->asking = 1; /* held until every question is out */
  for (guint i = 0; i < self->schemas->schemas->len; i++)
    {
      SwcSchema *schema = g_ptr_array_index (self->schemas->schemas, i);
      for (guint j = 0; j < schema->refs->len; j++)
        {
          SwcRef *ref = g_ptr_array_index (schema->refs, j);
          g_autofree char *path = NULL;
          if (!g_str_equal (ref->target, org))
            continue;
          path = _swc_merge_referrers_path (self->client, schema, ref->property, send->entry->uuid,
                                            1000);
          send->asking++;
          swc_client_get_json_async (self->client, path, SWC_TIMEOUT_READ,
                                     g_task_get_cancellable (task), leftover_cb,
                                     g_object_ref (task));
        }
    }
  leftovers_done (task);
}

/* The target's chosen values first (a PATCH, when the server lacks any), then the app's merge. */
static void
app_merge (GTask *task)
{
  SwcQueue *self = g_task_get_source_object (task);
  Send *send = g_task_get_task_data (task);
  g_autoptr(JsonObject) payload = _swc_queue_parse_object (send->entry->payload);
  g_autofree char *target = merge_target (send->entry);
  g_autoptr(JsonObject) changes = target_changes (self, target, payload);
  SwcSchema *schema = swc_schema_set_lookup (self->schemas, send->entry->schema);
  g_autofree char *base = NULL, *path = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (json_object_get_size (changes) == 0 || schema == NULL)
    {
      app_merge_post (task);
      return;
    }
  base = swc_client_objects_path (self->client, schema->register_slug, schema->slug);
  path = g_strdup_printf ("%s/%s", base, target);
  node = json_node_init_object (json_node_alloc (), changes);
  swc_client_send_async (self->client, "PATCH", path, node, SWC_TIMEOUT_LONG,
                         g_task_get_cancellable (task), target_patched_cb, g_object_ref (task));
}

/* After reading the server's current object: decide what a create or patch still needs. */
static void
current_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GTask) task = data;
  SwcQueue *self = g_task_get_source_object (task);
  Send *send = g_task_get_task_data (task);
  Entry *e = send->entry;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = swc_client_get_finish (SWC_CLIENT (source), result, &error);
  g_autofree char *text =
      body ? g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body)) : NULL;
  g_autoptr(JsonObject) server = _swc_queue_parse_object (text);
  g_autoptr(JsonObject) payload = _swc_queue_parse_object (e->payload);
  g_autoptr(JsonObject) base = _swc_queue_parse_object (e->base);
  g_autoptr(GString) fields = g_string_new (NULL);

  if (e->kind == SWC_CHANGE_KIND_MERGE)
    {
      g_autofree char *target = merge_target (e);
      /* in doubt: a source the server no longer has (OpenRegister), or has as a tombstone that went
       * into the target (the app), was merged by the earlier attempt */
      if (g_error_matches (error, SWC_ERROR, SWC_ERROR_NOT_FOUND))
        {
          send->via_app = FALSE;
          confirm_merge (self, send, NULL);
        }
      else if (error == NULL && send->via_app && _swc_merge_is_tombstone_of (server, target))
        {
          ask_leftovers (task, NULL);
          return;
        }
      else if (error == NULL)
        {
          if (send->via_app)
            app_merge (task);
          else
            send_request (task, "POST", FALSE, e->payload);
          return;
        }
      else if (!handle_error (task, send, error))
        return;
      g_clear_pointer (&send->entry, entry_free);
      step (task);
      return;
    }
  if (e->kind == SWC_CHANGE_KIND_CREATE)
    {
      if (g_error_matches (error, SWC_ERROR, SWC_ERROR_NOT_FOUND))
        send_request (task, "POST", FALSE, e->payload);
      else if (error == NULL)
        {
          confirm (self, send, text); /* the earlier attempt did arrive */
          g_clear_pointer (&send->entry, entry_free);
          step (task);
        }
      else if (handle_error (task, send, error))
        step (task);
      return;
    }
  if (e->kind == SWC_CHANGE_KIND_MODERATE && server != NULL)
    {
      moderate (task, server);
      return;
    }
  if (error != NULL || server == NULL)
    {
      if (g_error_matches (error, SWC_ERROR, SWC_ERROR_NOT_FOUND))
        {
          settle (self, send, SWC_CHANGE_STATE_FAILED, _("The object was deleted on the server"),
                  NULL);
          send->stats.failed++;
        }
      else
        {
          g_autoptr(GError) bad =
              error ? NULL
                    : g_error_new_literal (SWC_ERROR, SWC_ERROR_MALFORMED,
                                           _("The server's answer is not valid JSON"));
          if (!handle_error (task, send, error ? error : bad))
            return;
        }
      g_clear_pointer (&send->entry, entry_free);
      step (task);
      return;
    }
  switch (check_patch (server, payload, base, fields))
    {
    case PATCH_APPLIED:
      confirm (self, send, text);
      break;
    case PATCH_CONFLICT:
      {
        g_autofree char *msg =
            g_strdup_printf (_("Someone else changed %s meanwhile"), fields->str);
        settle (self, send, SWC_CHANGE_STATE_CONFLICT, msg, text);
        send->stats.conflicts++;
      }
      break;
    case PATCH_SEND:
      send_request (task, "PATCH", TRUE, e->payload);
      return;
    }
  g_clear_pointer (&send->entry, entry_free);
  step (task);
}

static void
read_current (GTask *task)
{
  SwcQueue *self = g_task_get_source_object (task);
  Send *send = g_task_get_task_data (task);
  g_autofree char *path = object_path (self, send->entry, TRUE);

  swc_client_get_json_async (self->client, path, SWC_TIMEOUT_READ, g_task_get_cancellable (task),
                             current_cb, g_object_ref (task));
}

/* The entry is settled without a request; on to the next. */
static void
settle_and_go_on (GTask *task, SwcChangeState state, const char *message)
{
  Send *send = g_task_get_task_data (task);

  settle (g_task_get_source_object (task), send, state, message, NULL);
  g_clear_pointer (&send->entry, entry_free);
  step (task);
}

static void
step (GTask *task)
{
  SwcQueue *self = g_task_get_source_object (task);
  Send *send = g_task_get_task_data (task);
  sqlite3 *db = _swc_queue_db (self);
  Entry *e;

  if (g_task_return_error_if_cancelled (task))
    return;
  e = next_entry (db);
  if (e == NULL)
    {
      send->stats.waiting = count_active (db);
      g_task_return_boolean (task, TRUE);
      return;
    }
  send->entry = e;
  send->via_app = e->kind == SWC_CHANGE_KIND_MERGE &&
                  _swc_merge_via_app (self->client, self->schemas, e->schema);
  mark_sending (db, e);
  _swc_queue_emit_changed (self, e->id);
  switch (e->kind)
    {
    case SWC_CHANGE_KIND_MODERATE:
      /* a backend without moderation: the status that follows is the whole decision */
      if (self->schemas->dialect != SWC_DIALECT_2026)
        settle_and_go_on (task, SWC_CHANGE_STATE_DONE, NULL);
      else
        read_current (task);
      break;
    case SWC_CHANGE_KIND_PATCH:
      read_current (task);
      break;
    case SWC_CHANGE_KIND_CREATE:
      if (e->in_doubt)
        read_current (task);
      else
        send_request (task, "POST", FALSE, e->payload);
      break;
    case SWC_CHANGE_KIND_MERGE:
      if (e->in_doubt)
        read_current (task);
      else if (send->via_app)
        app_merge (task);
      else
        send_request (task, "POST", FALSE, e->payload);
      break;
    case SWC_CHANGE_KIND_ACTION:
      send_request (task, e->method ? e->method : "POST", FALSE, e->payload);
      break;
    case SWC_CHANGE_KIND_DELETE:
      send_request (task, "DELETE", TRUE, NULL);
      break;
    case SWC_CHANGE_KIND_UNKNOWN: /* never guessed at */
      send->stats.failed++;
      settle_and_go_on (task, SWC_CHANGE_STATE_FAILED,
                        _("This version of the app cannot send this change"));
      break;
    }
}

void
swc_queue_send_async (SwcQueue *self, GCancellable *cancellable, GAsyncReadyCallback callback,
                      gpointer user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SWC_IS_QUEUE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, swc_queue_send_async);
  g_task_set_task_data (task, g_new0 (Send, 1), (GDestroyNotify) send_free);
  if (self->client == NULL)
    {
      g_task_return_new_error (task, SWC_ERROR, SWC_ERROR_NETWORK,
                               _("Offline: the changes wait in the queue"));
      return;
    }
  step (task);
}

gboolean
swc_queue_send_finish (SwcQueue *self, GAsyncResult *result, SwcQueueStats *stats, GError **error)
{
  Send *send = g_task_get_task_data (G_TASK (result));

  g_return_val_if_fail (SWC_IS_QUEUE (self), FALSE);

  if (stats)
    *stats = send->stats;
  return g_task_propagate_boolean (G_TASK (result), error);
}
