/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a merge plan will move (the local reference index), what blocks it, and the server's own
 * count of the same references, asked per kind with a property filter (the backend's `…/used`
 * counts one page). */
#define G_LOG_DOMAIN "swc-merge"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "swc-error.h"
#include "swc-client-private.h"
#include "swc-merge-private.h"
#include "swc-db.h"

/* ---- what moves ---- */

static char *
in_list (guint n)
{
  GString *s = g_string_new ("(");

  for (guint i = 0; i < n; i++)
    g_string_append (s, i ? ", ?" : "?");
  g_string_append (s, ")");
  return g_string_free (s, FALSE);
}

/* Objects without a name of their own are named by what they join: sorted again once they are. */
static gint
by_name (gconstpointer pa, gconstpointer pb)
{
  const SwcMergeObject *a = *(SwcMergeObject **) pa, *b = *(SwcMergeObject **) pb;
  gint c = g_utf8_collate (a->name, b->name);

  return c ? c : g_strcmp0 (a->uuid, b->uuid);
}

/* Every live object that references a source, per schema and property, except the plan's own
 * records. */
GPtrArray *
_swc_merge_find_moves (SwcMergePlan *plan)
{
  GPtrArray *moves = g_ptr_array_new_with_free_func ((GDestroyNotify) swc_merge_move_free);
  guint n = plan->uuids->len;
  g_autofree char *sources = in_list (n - 1), *all = in_list (n);
  g_autofree char *sql =
      g_strdup_printf ("SELECT o.schema, r.property, o.uuid, o.name FROM refs r"
                       " JOIN objects o ON o.rowid = r.source"
                       " WHERE r.target IN %s AND o.deleted = 0 AND o.uuid NOT IN %s"
                       " ORDER BY o.schema, r.property, o.name COLLATE NOCASE, o.uuid",
                       sources, all);
  sqlite3_stmt *s = NULL;
  SwcMergeMove *current = NULL;

  s = swc_db_prepare (swc_store_get_db (plan->store), sql);
  for (guint i = 1; i < n; i++)
    sqlite3_bind_text (s, i, g_ptr_array_index (plan->uuids, i), -1, SQLITE_STATIC);
  for (guint i = 0; i < n; i++)
    sqlite3_bind_text (s, n + i, g_ptr_array_index (plan->uuids, i), -1, SQLITE_STATIC);
  while (sqlite3_step (s) == SQLITE_ROW)
    {
      const char *schema = (const char *) sqlite3_column_text (s, 0);
      const char *property = (const char *) sqlite3_column_text (s, 1);
      if (current == NULL || !g_str_equal (current->schema, schema) ||
          !g_str_equal (current->property, property))
        {
          current = _swc_merge_move_new (schema, property);
          g_ptr_array_add (moves, current);
        }
      /* one row per source referenced: the server counts per source too */
      current->references++;
      if (current->objects->len == 0 ||
          !g_str_equal (((SwcMergeObject *) g_ptr_array_index (current->objects,
                                                               current->objects->len - 1))
                            ->uuid,
                        (const char *) sqlite3_column_text (s, 2)))
        {
          const char *uuid = (const char *) sqlite3_column_text (s, 2);
          const char *stored = (const char *) sqlite3_column_text (s, 3);
          g_autofree char *name = NULL;
          if (stored && *stored && !g_uuid_string_is_valid (stored))
            name = g_strdup (stored);
          else
            name = swc_merge_object_name (plan->store, plan->schemas, uuid);
          _swc_merge_move_add (current, uuid, name);
        }
    }
  sqlite3_finalize (s);
  for (guint i = 0; i < moves->len; i++)
    g_ptr_array_sort (((SwcMergeMove *) g_ptr_array_index (moves, i))->objects, by_name);
  return moves;
}

/* ---- what stands in the way ---- */

static void
block (SwcMergePlan *plan, const char *uuid, char *message, const char *fix)
{
  SwcMergeBlocker *b = g_new0 (SwcMergeBlocker, 1);

  b->uuid = g_strdup (uuid);
  b->message = message;
  b->fix = g_strdup (fix);
  g_ptr_array_add (plan->blockers, b);
}

/* Not in the store, deleted, or already on its way out in a queued merge or delete. */
static gboolean
is_gone (SwcStore *store, const char *uuid)
{
  sqlite3_stmt *s = NULL;
  gboolean gone = TRUE;

  s = swc_db_prepare (
      swc_store_get_db (store),
      "SELECT deleted = 0 AND NOT EXISTS (SELECT 1 FROM queue q WHERE q.uuid = ?1"
      " AND q.kind IN ('merge', 'delete') AND q.state IN ('held', 'pending', 'sending'))"
      " FROM objects WHERE uuid = ?1");
  sqlite3_bind_text (s, 1, uuid, -1, SQLITE_STATIC);
  if (sqlite3_step (s) == SQLITE_ROW)
    gone = !sqlite3_column_int (s, 0);
  sqlite3_finalize (s);
  return gone;
}

/* Someone else's lock that has not expired: its holder, else NULL. */
static char *
locked_by_other (JsonObject *record, const char *me)
{
  JsonObject *self = json_object_has_member (record, "@self")
                         ? json_object_get_object_member (record, "@self")
                         : NULL;
  JsonNode *lock = self ? json_object_get_member (self, "locked") : NULL;
  JsonObject *l = lock && JSON_NODE_HOLDS_OBJECT (lock) ? json_node_get_object (lock) : NULL;
  g_autoptr(GDateTime) exp = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  const char *user;

  if (l == NULL)
    return NULL;
  exp = g_date_time_new_from_iso8601 (json_object_get_string_member_with_default (l, "expiration",
                                                                                  ""),
                                      NULL);
  user = json_object_get_string_member_with_default (l, "user", "");
  if (exp == NULL || g_date_time_compare (exp, now) <= 0 || g_strcmp0 (user, me) == 0)
    return NULL;
  return g_strdup (user);
}

static const char *
string_field (JsonObject *o, const char *field)
{
  JsonNode *n = json_object_get_member (o, field);

  return n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING
             ? json_node_get_string (n)
             : NULL;
}

/* A collaboration with members cannot disappear into something that is not a collaboration: its
 * members would be members of a municipality or a supplier. */
static void
check_members (SwcMergePlan *plan, guint i, const char *name)
{
  const char *participants = swc_schema_set_field (plan->schemas, SWC_FIELD_PARTICIPANTS);
  JsonObject *source = g_ptr_array_index (plan->records, i);
  JsonNode *members = participants ? json_object_get_member (source, participants) : NULL;
  g_autoptr(JsonObject) result = NULL;
  const char *type = string_field (source, "type");

  if (_swc_merge_value_empty (members) || type == NULL ||
      !g_str_equal (plan->schema->slug, "organisatie"))
    return;
  result = swc_merge_plan_result (plan);
  if (g_strcmp0 (string_field (result, "type"), type) != 0)
    block (plan, g_ptr_array_index (plan->uuids, i),
           g_strdup_printf (_("%s has members of its own (%s)"), name, swc_labels_value (type)),
           _("Merge it into an organisation of the same type, or remove its members first in step"
              " 1.3"));
}

static void
check_record (SwcMergePlan *plan, guint i, const char *me)
{
  const char *uuid = g_ptr_array_index (plan->uuids, i);
  const char *name = g_ptr_array_index (plan->names, i);
  g_autofree char *schema = swc_store_object_schema (plan->store, uuid);
  g_autofree char *holder = NULL;

  if (i > 0 && g_str_equal (uuid, plan->target))
    block (plan, uuid,
           g_strdup_printf (_("%s is both the one that remains and one that is merged"), name),
           _("Take it out of the sources"));
  else if (is_gone (plan->store, uuid))
    block (plan, uuid, g_strdup_printf (_("%s has already been merged or deleted"), name),
           _("Look it up in the merge history; choose a record that still exists"));
  else if (g_strcmp0 (schema, plan->schema->slug) != 0)
    block (plan, uuid, g_strdup_printf (_("%s is not of the same kind as the others"), name),
           _("Only records of one kind can be merged"));
  else if ((holder = locked_by_other (g_ptr_array_index (plan->records, i), me)) != NULL)
    block (plan, uuid, g_strdup_printf (_("%s is locked by %s"), name, holder),
           _("Ask them to finish their change, or wait until the lock expires"));
  else if (i > 0)
    check_members (plan, i, name);
}

void
_swc_merge_find_blockers (SwcMergePlan *plan)
{
  g_autofree char *me = swc_store_get_meta (plan->store, "user");

  g_ptr_array_set_size (plan->blockers, 0);
  if (plan->schema == NULL)
    {
      block (plan, NULL, g_strdup (_("The records are not in the local store")),
             _("Synchronise, then try again"));
      return;
    }
  for (guint i = plan->new_target ? 1 : 0; i < plan->uuids->len; i++)
    check_record (plan, i, me);
  for (guint i = 1; i < plan->uuids->len; i++)
    for (guint j = 1; j < i; j++)
      if (g_str_equal (g_ptr_array_index (plan->uuids, i), g_ptr_array_index (plan->uuids, j)))
        block (plan, g_ptr_array_index (plan->uuids, i),
               g_strdup_printf (_("%s is in the sources twice"),
                                (char *) g_ptr_array_index (plan->names, i)),
               _("Take it out once"));
  for (guint i = 0; plan->app_blockers && i < plan->app_blockers->len; i++)
    {
      SwcMergeBlocker *b = g_ptr_array_index (plan->app_blockers, i);
      block (plan, b->uuid, g_strdup (b->message), b->fix);
    }
}

/* ---- rewriting a reference ---- */

/* Replaces `from` by `to` in the property (a string or a list; a list keeps each id once). */
gboolean
_swc_merge_replace_ref (JsonObject *object, const char *property, const char *from, const char *to)
{
  JsonNode *n = json_object_get_member (object, property);
  gboolean changed = FALSE;

  if (n == NULL)
    return FALSE;
  if (g_strcmp0 (_swc_merge_ref_string (n), from) == 0)
    {
      json_object_set_string_member (object, property, to);
      return TRUE;
    }
  if (JSON_NODE_HOLDS_ARRAY (n))
    {
      JsonArray *a = json_node_get_array (n), *b = json_array_new ();
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          JsonNode *e = json_array_get_element (a, i);
          const char *v = _swc_merge_ref_string (e);
          if (g_strcmp0 (v, from) == 0)
            {
              v = to;
              changed = TRUE;
            }
          if (v != NULL && !g_hash_table_add (seen, (gpointer) v))
            continue;
          json_array_add_element (b, v ? json_node_init_string (json_node_alloc (), v)
                                       : json_node_copy (e));
        }
      json_object_set_array_member (object, property, b);
    }
  return changed;
}

/* ---- the server's count ---- */

typedef struct
{
  SwcMergePlan *plan;
  GHashTable *counts; /* "schema\x1fproperty" -> gint64* */
  guint pending;
  GError *error;
} Check;

static void
check_free (Check *c)
{
  swc_merge_plan_unref (c->plan);
  g_hash_table_unref (c->counts);
  g_clear_error (&c->error);
  g_free (c);
}

typedef struct
{
  GTask *task;
  char *key;
} Ask;

/* The records of the plan that reference a source through this kind: the server counts them, we do
 * not. */
static gint64
own_references (SwcMergePlan *plan, const char *schema, const char *property)
{
  gint64 n = 0;

  if (g_strcmp0 (schema, plan->schema->slug) != 0)
    return 0;
  for (guint i = 0; i < plan->records->len; i++)
    for (guint j = 1; j < plan->uuids->len; j++)
      if (_swc_merge_points_at (json_object_get_member (g_ptr_array_index (plan->records, i),
                                                        property),
                                g_ptr_array_index (plan->uuids, j)))
        n++;
  return n;
}

static void
finish_check (GTask *task)
{
  Check *c = g_task_get_task_data (task);
  SwcMergePlan *plan = c->plan;
  GHashTableIter iter;
  gpointer key, value;

  if (c->error)
    {
      g_task_return_error (task, g_steal_pointer (&c->error));
      return;
    }
  g_hash_table_iter_init (&iter, c->counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_auto(GStrv) parts = g_strsplit (key, "\x1f", 2);
      gint64 server = *(gint64 *) value - own_references (plan, parts[0], parts[1]);
      SwcMergeMove *move = NULL;
      for (guint i = 0; i < plan->moves->len && move == NULL; i++)
        {
          SwcMergeMove *m = g_ptr_array_index (plan->moves, i);
          if (g_str_equal (m->schema, parts[0]) && g_str_equal (m->property, parts[1]))
            move = m;
        }
      if (move == NULL && server > 0)
        {
          move = _swc_merge_move_new (parts[0], parts[1]);
          g_ptr_array_add (plan->moves, move);
        }
      if (move)
        move->server = MAX (server, 0);
    }
  if (plan->app_blockers->len > 0)
    _swc_merge_find_blockers (plan);
  plan->checked = TRUE;
  g_task_return_boolean (task, TRUE);
}

/* A question that got no usable answer: the first error is kept (a malformed answer when there is
 * none). */
static void
failed (Check *c, GError *error)
{
  if (c->error == NULL)
    c->error = error ? error
                     : g_error_new_literal (SWC_ERROR, SWC_ERROR_MALFORMED,
                                            _("The server's answer is not valid JSON"));
  else if (error != NULL)
    g_error_free (error);
}

/* One question answered: the last one finishes the check. */
static void
answered (Ask *ask)
{
  GTask *task = ask->task;
  Check *c = g_task_get_task_data (task);

  if (--c->pending == 0)
    finish_check (task);
  g_free (ask->key);
  g_free (ask);
  g_object_unref (task);
}

static void
counted_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Ask *ask = data;
  GTask *task = ask->task;
  Check *c = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = swc_client_get_finish (SWC_CLIENT (source), result, &error);
  g_autoptr(JsonNode) root = body ? _swc_parse_bytes (body, &error) : NULL;

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    *(gint64 *) g_hash_table_lookup (c->counts, ask->key) +=
        json_object_get_int_member_with_default (json_node_get_object (root), "total", 0);
  else
    failed (c, g_steal_pointer (&error));
  answered (ask);
}

/* The server's objects of schema whose property points at uuid, at most limit of them, their ids
 * only. */
char *
_swc_merge_referrers_path (SwcClient *client, SwcSchema *schema, const char *property,
                           const char *uuid, guint limit)
{
  g_autofree char *base = swc_client_objects_path (client, schema->register_slug, schema->slug);
  g_autofree char *p = g_uri_escape_string (property, NULL, TRUE);

  return g_strdup_printf ("%s?%s=%s&_limit=%u&_fields=id", base, p, uuid, limit);
}

static void
ask_count (GTask *task, SwcClient *client, SwcSchema *schema, const char *property,
           const char *source)
{
  Check *c = g_task_get_task_data (task);
  g_autofree char *path = _swc_merge_referrers_path (client, schema, property, source, 1);
  Ask *ask = g_new0 (Ask, 1);

  ask->task = g_object_ref (task);
  ask->key = g_strdup_printf ("%s\x1f%s", schema->slug, property);
  if (!g_hash_table_contains (c->counts, ask->key))
    g_hash_table_insert (c->counts, g_strdup (ask->key), g_new0 (gint64, 1));
  c->pending++;
  swc_client_get_json_async (client, path, SWC_TIMEOUT_READ, g_task_get_cancellable (task),
                             counted_cb, ask);
}

/* ---- the dry run of a backend that merges organisations itself ---- */

static void
add_app_count (SwcMergePlan *plan, const char *key, gint64 n)
{
  SwcMergeCount *c = NULL;

  for (guint i = 0; i < plan->app_counts->len && c == NULL; i++)
    if (g_str_equal (((SwcMergeCount *) g_ptr_array_index (plan->app_counts, i))->key, key))
      c = g_ptr_array_index (plan->app_counts, i);
  if (c == NULL)
    {
      c = g_new0 (SwcMergeCount, 1);
      c->key = g_strdup (key);
      c->label = g_strdup (_swc_merge_app_count_label (key));
      g_ptr_array_add (plan->app_counts, c);
    }
  c->count += n;
}

static void
add_app_blockers (SwcMergePlan *plan, const char *source, JsonArray *blockers)
{
  for (guint i = 0; blockers && i < json_array_get_length (blockers); i++)
    {
      JsonNode *n = json_array_get_element (blockers, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
      SwcMergeBlocker *b = g_new0 (SwcMergeBlocker, 1);
      const char *fix = NULL;

      _swc_merge_app_blocker (o ? json_object_get_string_member_with_default (o, "type", "") : "",
                              o ? json_object_get_string_member_with_default (o, "message", NULL)
                                : NULL,
                              &b->message, &fix);
      b->uuid = g_strdup (source);
      b->fix = g_strdup (fix);
      g_ptr_array_add (plan->app_blockers, b);
    }
}

static void
dry_run_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Ask *ask = data;
  GTask *task = ask->task;
  Check *c = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = swc_client_send_finish (SWC_CLIENT (source), result, &error);
  g_autoptr(JsonNode) root = body ? _swc_parse_bytes (body, &error) : NULL;
  JsonObject *answer = root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonNode *counts = answer ? json_object_get_member (answer, "counts") : NULL;
  JsonNode *blockers = answer ? json_object_get_member (answer, "blockers") : NULL;

  if (counts && JSON_NODE_HOLDS_OBJECT (counts))
    {
      JsonObjectIter iter;
      const char *key;
      JsonNode *n;
      json_object_iter_init (&iter, json_node_get_object (counts));
      while (json_object_iter_next (&iter, &key, &n))
        if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_INT64)
          add_app_count (c->plan, key, json_node_get_int (n));
      if (blockers && JSON_NODE_HOLDS_ARRAY (blockers))
        add_app_blockers (c->plan, ask->key, json_node_get_array (blockers));
    }
  else
    failed (c, g_steal_pointer (&error));
  answered (ask);
}

static void
ask_dry_run (GTask *task, SwcClient *client, const char *source)
{
  Check *c = g_task_get_task_data (task);
  g_autofree char *path = _swc_merge_app_path (source, TRUE);
  g_autoptr(JsonNode) body = _swc_merge_app_body (c->plan->target);
  Ask *ask = g_new0 (Ask, 1);

  ask->task = g_object_ref (task);
  ask->key = g_strdup (source);
  c->pending++;
  swc_client_send_async (client, "POST", path, body, SWC_TIMEOUT_READ,
                         g_task_get_cancellable (task), dry_run_cb, ask);
}

void
swc_merge_check_async (SwcMergePlan *plan, SwcClient *client, GCancellable *cancellable,
                       GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Check *c = g_new0 (Check, 1);

  g_return_if_fail (plan != NULL);
  g_return_if_fail (SWC_IS_CLIENT (client));

  g_task_set_source_tag (task, swc_merge_check_async);
  c->plan = swc_merge_plan_ref (plan);
  c->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_task_set_task_data (task, c, (GDestroyNotify) check_free);
  c->pending = 1; /* held until every question is out */
  g_ptr_array_set_size (plan->app_counts, 0);
  g_ptr_array_set_size (plan->app_blockers, 0);
  /* a target still to be created cannot be asked about: the merge itself will tell */
  if (plan->schema && !plan->new_target &&
      _swc_merge_via_app (client, plan->schemas, plan->schema->slug))
    for (guint k = 1; k < plan->uuids->len; k++)
      ask_dry_run (task, client, g_ptr_array_index (plan->uuids, k));
  for (guint i = 0; plan->schema && i < plan->schemas->schemas->len; i++)
    {
      SwcSchema *schema = g_ptr_array_index (plan->schemas->schemas, i);
      for (guint j = 0; j < schema->refs->len; j++)
        {
          SwcRef *ref = g_ptr_array_index (schema->refs, j);
          if (!g_str_equal (ref->target, plan->schema->slug))
            continue;
          for (guint k = 1; k < plan->uuids->len; k++)
            ask_count (task, client, schema, ref->property, g_ptr_array_index (plan->uuids, k));
        }
    }
  if (--c->pending == 0)
    finish_check (task);
}

gboolean
swc_merge_check_finish (SwcMergePlan *plan, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (plan != NULL, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
