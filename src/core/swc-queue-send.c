/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sending the queue: strictly in order, one entry at a time, each marked "sending" before its request. */
#define G_LOG_DOMAIN "swc-queue"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "swc-error.h"
#include "swc-merge.h"
#include "swc-queue-private.h"
#include "swc-db.h"

typedef struct
{
  gint64   id;
  char    *kind;
  char    *schema;
  char    *uuid;
  char    *payload;
  char    *base;
  char    *method;    /* an action's request */
  char    *path;
  gboolean in_doubt;  /* it was "sending" when picked: the last attempt may have reached the server */
  gint     attempts;
} Entry;

typedef struct
{
  SwcQueueStats stats;
  Entry        *entry;
} Send;

static void
entry_free (Entry *e)
{
  if (e == NULL)
    return;
  g_free (e->kind);
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
  entry_free (s->entry);
  g_free (s);
}

static void step (GTask *task);

static gint
count_active (sqlite3 *db)
{
  sqlite3_stmt *s = NULL;
  gint n = 0;

  s = swc_db_prepare (db, "SELECT COUNT(*) FROM queue WHERE state IN ('held', 'pending', 'sending')");
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

  s = swc_db_prepare (db, "SELECT id, kind, schema, uuid, payload, base, state, not_before, attempts, method, path"
                          " FROM queue WHERE state IN ('held', 'pending', 'sending') ORDER BY id LIMIT 1");
  if (sqlite3_step (s) == SQLITE_ROW &&
      (g_str_equal ((const char *) sqlite3_column_text (s, 6), SWC_CHANGE_SENDING) ||
       sqlite3_column_int64 (s, 7) <= g_get_real_time () / 1000))
    {
      e = g_new0 (Entry, 1);
      e->id = sqlite3_column_int64 (s, 0);
      e->kind = g_strdup ((const char *) sqlite3_column_text (s, 1));
      e->schema = g_strdup ((const char *) sqlite3_column_text (s, 2));
      e->uuid = g_strdup ((const char *) sqlite3_column_text (s, 3));
      e->payload = g_strdup ((const char *) sqlite3_column_text (s, 4));
      e->base = g_strdup ((const char *) sqlite3_column_text (s, 5));
      e->in_doubt = g_str_equal ((const char *) sqlite3_column_text (s, 6), SWC_CHANGE_SENDING);
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

  s = swc_db_prepare (db, "UPDATE queue SET state = 'sending', attempts = attempts + 1 WHERE id = ?");
  sqlite3_bind_int64 (s, 1, e->id);
  sqlite3_step (s);
  sqlite3_finalize (s);
}

static char *
object_path (SwcQueue *self, Entry *e, gboolean with_uuid)
{
  SwcSchema *schema = swc_schema_set_lookup (self->schemas, e->schema);
  g_autofree char *base = swc_client_objects_path (self->client, schema->register_slug, schema->slug);

  return with_uuid ? g_strdup_printf ("%s/%s", base, e->uuid) : g_steal_pointer (&base);
}

/* The server's answer is the store's copy now; the view is the copy plus whatever still waits. */
static void
confirm (SwcQueue *self, Send *send, const char *server_text)
{
  sqlite3 *db = _swc_queue_db (self);
  sqlite3_stmt *s = NULL;

  sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  _swc_queue_set_state (db, send->entry->id, SWC_CHANGE_DONE, NULL);
  s = swc_db_prepare (db, "UPDATE objects SET server_json = ?, pending = MAX (pending, 1) WHERE uuid = ?");
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
  g_autoptr(JsonObject) payload = g_str_equal (e->kind, "merge") ? _swc_queue_parse_object (e->payload) : NULL;

  return payload ? g_strdup (json_object_get_string_member_with_default (payload, "target", NULL)) : NULL;
}

/* A merge the server carried out (report: its answer; NULL when a check after a restart found the source
 * gone): the journal and the store take it over in one transaction. */
static void
confirm_merge (SwcQueue *self, Send *send, const char *report_text)
{
  sqlite3 *db = _swc_queue_db (self);
  g_autoptr(JsonObject) payload = _swc_queue_parse_object (send->entry->payload);
  g_autoptr(JsonObject) report = _swc_queue_parse_object (report_text);
  g_autofree char *target = merge_target (send->entry);

  sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  _swc_queue_set_state (db, send->entry->id, SWC_CHANGE_DONE, NULL);
  _swc_merge_step_confirmed (self, send->entry->id, send->entry->schema, send->entry->uuid, target, payload, report);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  send->stats.sent++;
  _swc_queue_emit_changed (self, send->entry->id);
}

static void
settle (SwcQueue *self, Send *send, const char *state, const char *message, const char *theirs)
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
      _swc_queue_recompute (self, target, NULL); /* a refused merge takes its values back from the target */
  }
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  _swc_queue_emit_changed (self, send->entry->id);
}

/* An answer that is not a success: wait and stop (network, server trouble, login), or refuse the entry. */
static gboolean
handle_error (GTask *task, Send *send, GError *error)
{
  SwcQueue *self = g_task_get_source_object (task);
  sqlite3 *db = _swc_queue_db (self);

  if (swc_error_is_transient (error) || g_error_matches (error, SWC_ERROR, SWC_ERROR_UNAUTHORIZED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      sqlite3_stmt *s = NULL;
      gint64 delay = MIN (30000, 1000 << MIN (send->entry->attempts, 5));
      /* refused login or no connection: it never arrived, so pending again; anything else (a time-out, a
       * broken connection, a server error) may have arrived: it stays "sending" and is checked first */
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
  settle (self, send, SWC_CHANGE_FAILED, error->message, NULL);
  send->stats.failed++;
  return TRUE;
}

static gboolean
values_equal (JsonNode *a, JsonNode *b)
{
  gboolean a_empty = a == NULL || JSON_NODE_HOLDS_NULL (a) ||
                     (JSON_NODE_HOLDS_VALUE (a) && json_node_get_value_type (a) == G_TYPE_STRING && !*json_node_get_string (a)) ||
                     (JSON_NODE_HOLDS_ARRAY (a) && json_array_get_length (json_node_get_array (a)) == 0);
  gboolean b_empty = b == NULL || JSON_NODE_HOLDS_NULL (b) ||
                     (JSON_NODE_HOLDS_VALUE (b) && json_node_get_value_type (b) == G_TYPE_STRING && !*json_node_get_string (b)) ||
                     (JSON_NODE_HOLDS_ARRAY (b) && json_array_get_length (json_node_get_array (b)) == 0);

  if (a_empty || b_empty)
    return a_empty && b_empty;
  return json_node_equal (a, b);
}

typedef enum { PATCH_SEND, PATCH_APPLIED, PATCH_CONFLICT } PatchCheck;

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
  g_autofree char *text = body ? g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body)) : NULL;

  if (error != NULL && g_str_equal (send->entry->kind, "delete") && g_error_matches (error, SWC_ERROR, SWC_ERROR_NOT_FOUND))
    g_clear_error (&error); /* already gone */
  if (error != NULL && !handle_error (task, send, error))
    return;
  if (error == NULL && g_str_equal (send->entry->kind, "merge"))
    confirm_merge (self, send, text);
  else if (error == NULL && g_str_equal (send->entry->kind, "action"))
    {
      settle (self, send, SWC_CHANGE_DONE, NULL, NULL); /* an account, not an object: the store keeps its copy */
      send->stats.sent++;
    }
  else if (error == NULL)
    confirm (self, send, g_str_equal (send->entry->kind, "delete") ? NULL : text);
  g_clear_pointer (&send->entry, entry_free);
  step (task);
}

static void
send_request (GTask *task, const char *method, gboolean with_uuid, const char *payload)
{
  SwcQueue *self = g_task_get_source_object (task);
  Send *send = g_task_get_task_data (task);
  g_autofree char *path = send->entry->path ? g_strdup (send->entry->path) : object_path (self, send->entry, with_uuid);
  g_autoptr(JsonObject) body = payload ? _swc_queue_parse_object (payload) : NULL;
  g_autoptr(JsonNode) node = body ? json_node_init_object (json_node_alloc (), body) : NULL;

  swc_client_send_async (self->client, method, path, node, SWC_TIMEOUT_LONG, g_task_get_cancellable (task),
                         answered_cb, g_object_ref (task));
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
  g_autofree char *text = body ? g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body)) : NULL;
  g_autoptr(JsonObject) server = _swc_queue_parse_object (text);
  g_autoptr(JsonObject) payload = _swc_queue_parse_object (e->payload);
  g_autoptr(JsonObject) base = _swc_queue_parse_object (e->base);
  g_autoptr(GString) fields = g_string_new (NULL);

  if (g_str_equal (e->kind, "merge"))
    {
      /* in doubt: a source the server no longer has was merged by the earlier attempt */
      if (g_error_matches (error, SWC_ERROR, SWC_ERROR_NOT_FOUND))
        confirm_merge (self, send, NULL);
      else if (error == NULL)
        {
          send_request (task, "POST", FALSE, e->payload);
          return;
        }
      else if (!handle_error (task, send, error))
        return;
      g_clear_pointer (&send->entry, entry_free);
      step (task);
      return;
    }
  if (g_str_equal (e->kind, "create"))
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
  if (error != NULL || server == NULL)
    {
      if (g_error_matches (error, SWC_ERROR, SWC_ERROR_NOT_FOUND))
        {
          settle (self, send, SWC_CHANGE_FAILED, _("The object was deleted on the server"), NULL);
          send->stats.failed++;
        }
      else
        {
          g_autoptr(GError) bad = error ? NULL : g_error_new_literal (SWC_ERROR, SWC_ERROR_MALFORMED,
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
        g_autofree char *msg = g_strdup_printf (_("Someone else changed %s meanwhile"), fields->str);
        settle (self, send, SWC_CHANGE_CONFLICT, msg, text);
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

  swc_client_get_json_async (self->client, path, SWC_TIMEOUT_READ, g_task_get_cancellable (task), current_cb,
                             g_object_ref (task));
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
  mark_sending (db, e);
  _swc_queue_emit_changed (self, e->id);
  if (g_str_equal (e->kind, "patch") || (g_str_equal (e->kind, "create") && e->in_doubt) ||
      (g_str_equal (e->kind, "merge") && e->in_doubt))
    read_current (task);
  else if (g_str_equal (e->kind, "merge"))
    send_request (task, "POST", FALSE, e->payload);
  else if (g_str_equal (e->kind, "create"))
    send_request (task, "POST", FALSE, e->payload);
  else if (g_str_equal (e->kind, "action"))
    send_request (task, e->method ? e->method : "POST", FALSE, e->payload);
  else
    send_request (task, "DELETE", TRUE, NULL);
}

void
swc_queue_send_async (SwcQueue *self, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, swc_queue_send_async);
  g_task_set_task_data (task, g_new0 (Send, 1), (GDestroyNotify) send_free);
  if (self->client == NULL)
    {
      g_task_return_new_error (task, SWC_ERROR, SWC_ERROR_NETWORK, _("Offline: the changes wait in the queue"));
      return;
    }
  step (task);
}

gboolean
swc_queue_send_finish (SwcQueue *self, GAsyncResult *result, SwcQueueStats *stats, GError **error)
{
  Send *send = g_task_get_task_data (G_TASK (result));

  if (stats)
    *stats = send->stats;
  return g_task_propagate_boolean (G_TASK (result), error);
}
