/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Carrying out a merge plan and keeping its journal. The plan and its steps (a create for a new
 * target, one merge per source) are written to the queue and the journal in one transaction, so a
 * killed app resumes where it stopped and the queue's exactly-once sending means no step is done
 * twice. When the server confirms a step, the store takes it over (the source gone, its references
 * re-pointed, the target's new values) and the journal keeps what was there before: the source,
 * each re-pointed reference and the target's old values. Reversal replays that journal backwards as
 * ordinary queued changes. */
#define G_LOG_DOMAIN "swc-merge"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "swc-error.h"
#include "swc-merge-private.h"
#include "swc-queue-private.h"
#include "swc-db.h"

static char *
text_of (JsonObject *o)
{
  g_autoptr(JsonNode) node = NULL;

  if (o == NULL)
    return NULL;
  node = json_node_init_object (json_node_alloc (), o);
  return json_to_string (node, FALSE);
}

static char *
array_text (JsonArray *a)
{
  g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), a);

  return json_to_string (node, FALSE);
}

/* ---- executing ---- */

/* The fields whose merged value differs from the target's: what the merge request asks to set. */
static JsonObject *
changed_values (SwcMergePlan *plan, JsonObject *result)
{
  JsonObject *target = swc_merge_plan_record (plan, 0);
  JsonObject *out = json_object_new ();
  GPtrArray *fields = swc_merge_plan_fields (plan);

  for (guint i = 0; i < fields->len; i++)
    {
      const char *f = g_ptr_array_index (fields, i);
      JsonNode *r = json_object_get_member (result, f);
      if (!_swc_merge_values_equal (r, json_object_get_member (target, f)))
        json_object_set_member (out, f, r ? json_node_copy (r) : json_node_new (JSON_NODE_NULL));
    }
  return out;
}

static gint64
insert_plan (sqlite3 *db, SwcMergePlan *plan, const char *reason, JsonObject *result,
             const char *target_name)
{
  sqlite3_stmt *s = swc_db_prepare (
      db, "INSERT INTO merges (created, schema, target, target_name, new_target, reason, result)"
          " VALUES (strftime ('%Y-%m-%dT%H:%M:%SZ', 'now'), ?, ?, ?, ?, ?, ?)");
  g_autofree char *result_text = text_of (result);
  gint64 id = 0;

  sqlite3_bind_text (s, 1, swc_merge_plan_get_schema (plan), -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 2, swc_merge_plan_get_target (plan), -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 3, target_name, -1, SQLITE_STATIC);
  sqlite3_bind_int (s, 4, swc_merge_plan_is_new_target (plan));
  sqlite3_bind_text (s, 5, reason, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 6, result_text, -1, SQLITE_STATIC);
  if (sqlite3_step (s) == SQLITE_DONE)
    id = sqlite3_last_insert_rowid (db);
  sqlite3_finalize (s);
  return id;
}

static gboolean
insert_step (sqlite3 *db, gint64 merge, guint seq, const char *source, const char *name,
             gint64 queue_id)
{
  sqlite3_stmt *s = swc_db_prepare (
      db,
      "INSERT INTO merge_steps (merge, seq, source, source_name, queue_id) VALUES (?, ?, ?, ?, ?)");
  gboolean ok;

  sqlite3_bind_int64 (s, 1, merge);
  sqlite3_bind_int (s, 2, seq);
  sqlite3_bind_text (s, 3, source, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 4, name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (s, 5, queue_id);
  ok = sqlite3_step (s) == SQLITE_DONE;
  sqlite3_finalize (s);
  return ok;
}

static gint64
queue_create_target (SwcQueue *queue, SwcMergePlan *plan, JsonObject *result, const char *name,
                     GError **error)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autofree char *label = g_strdup_printf (_("Create %s for a merge"), name);
  GList *members = json_object_get_members (result);

  for (GList *l = members; l; l = l->next)
    json_object_set_member (object, l->data,
                            json_node_copy (json_object_get_member (result, l->data)));
  g_list_free (members);
  json_object_set_string_member (object, "id", swc_merge_plan_get_target (plan));
  return swc_queue_create (queue, swc_merge_plan_get_schema (plan), object, 0, label, error);
}

static gint64
queue_merge_step (SwcQueue *queue, SwcMergePlan *plan, guint column, JsonObject *values,
                  JsonObject *keep, const char *target_name, GError **error)
{
  SwcSchema *schema = swc_schema_set_lookup (queue->schemas, swc_merge_plan_get_schema (plan));
  const char *source = swc_merge_plan_record_uuid (plan, column);
  g_autofree char *base =
      queue->client ? swc_client_objects_path (queue->client, schema->register_slug, schema->slug)
                    : g_strdup_printf ("/index.php/apps/openregister/api/objects/%s/%s",
                                       schema->register_slug, schema->slug);
  g_autofree char *path = g_strdup_printf ("%s/%s/merge", base, source);
  g_autofree char *label = g_strdup_printf (_("Merge %s into %s"),
                                            swc_merge_plan_record_name (plan, column), target_name);
  g_autoptr(JsonObject) body = json_object_new ();

  json_object_set_string_member (body, "target", swc_merge_plan_get_target (plan));
  /* OpenRegister refuses an empty "object" (400 "Object data is required"): without chosen
   * values, send one value the merged target has anyway, which changes nothing */
  json_object_set_object_member (body, "object",
                                 json_object_ref (json_object_get_size (values) > 0 ? values
                                                                                    : keep));
  json_object_set_string_member (body, "fileAction", "transfer");
  json_object_set_string_member (body, "relationAction", "transfer");
  json_object_set_string_member (body, "referenceAction", "transfer");
  return _swc_queue_insert (queue, SWC_CHANGE_KIND_MERGE, schema->slug, source, body, NULL, "POST",
                            path, 0, label, error);
}

/* One member of the merged result that holds a value ("id" aside): the target has it after the
 * merge. */
static JsonObject *
one_value (JsonObject *result)
{
  JsonObject *keep = json_object_new ();
  GList *members = json_object_get_members (result);

  for (GList *l = members; l; l = l->next)
    {
      JsonNode *n = json_object_get_member (result, l->data);
      if (g_str_equal (l->data, "id") || g_str_equal (l->data, "@self") || JSON_NODE_HOLDS_NULL (n))
        continue;
      json_object_set_member (keep, l->data, json_node_copy (n));
      break;
    }
  g_list_free (members);
  return keep;
}

static gboolean
queue_steps (SwcQueue *queue, SwcMergePlan *plan, gint64 merge, JsonObject *result,
             const char *target_name, GError **error)
{
  sqlite3 *db = _swc_queue_db (queue);
  g_autoptr(JsonObject) values =
      swc_merge_plan_is_new_target (plan) ? json_object_new () : changed_values (plan, result);
  g_autoptr(JsonObject) none = json_object_new ();
  g_autoptr(JsonObject) keep = one_value (result);

  if (swc_merge_plan_is_new_target (plan))
    {
      gint64 create = queue_create_target (queue, plan, result, target_name, error);
      sqlite3_stmt *s = swc_db_prepare (db, "UPDATE merges SET create_id = ? WHERE id = ?");
      if (create == 0)
        return FALSE;
      sqlite3_bind_int64 (s, 1, create);
      sqlite3_bind_int64 (s, 2, merge);
      sqlite3_step (s);
      sqlite3_finalize (s);
    }
  for (guint i = 1; i < swc_merge_plan_n_records (plan); i++)
    {
      /* the chosen values go with the first step; the later ones only move references */
      gint64 q =
          queue_merge_step (queue, plan, i, i == 1 ? values : none, keep, target_name, error);
      if (q == 0 || !insert_step (db, merge, i, swc_merge_plan_record_uuid (plan, i),
                                  swc_merge_plan_record_name (plan, i), q))
        return FALSE;
    }
  _swc_queue_recompute (queue, swc_merge_plan_get_target (plan), NULL);
  return TRUE;
}

gint64
swc_merge_execute (SwcMergePlan *plan, SwcQueue *queue, const char *reason, GError **error)
{
  sqlite3 *db;
  g_autoptr(JsonObject) result = NULL;
  GPtrArray *blockers;
  g_autofree char *target_name = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (reason ? reason : ""));
  gint64 merge;
  gboolean ok;

  g_return_val_if_fail (plan != NULL, 0);
  g_return_val_if_fail (SWC_IS_QUEUE (queue), 0);

  db = _swc_queue_db (queue);
  result = swc_merge_plan_result (plan);
  blockers = swc_merge_plan_blockers (plan);
  if (blockers->len > 0)
    {
      SwcMergeBlocker *b = g_ptr_array_index (blockers, 0);
      g_set_error (error, SWC_ERROR, SWC_ERROR_INVALID, "%s. %s", b->message, b->fix);
      return 0;
    }
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, SWC_ERROR, SWC_ERROR_INVALID, _("A merge needs a reason"));
      return 0;
    }
  {
    SwcSchema *schema = swc_schema_set_lookup (queue->schemas, swc_merge_plan_get_schema (plan));
    const char *name_field = schema && schema->name_field ? schema->name_field : "naam";
    JsonNode *n = json_object_get_member (result, name_field);
    target_name = g_strdup (swc_merge_plan_is_new_target (plan)
                                ? (n && JSON_NODE_HOLDS_VALUE (n) ? json_node_get_string (n) : NULL)
                                : swc_merge_plan_record_name (plan, 0));
    if (target_name == NULL || *target_name == '\0')
      {
        g_set_error_literal (error, SWC_ERROR, SWC_ERROR_INVALID,
                             _("The new record needs a name"));
        return 0;
      }
  }
  if (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    {
      g_set_error (error, SWC_ERROR, SWC_ERROR_STORE, _("The local store is busy: %s"),
                   sqlite3_errmsg (db));
      return 0;
    }
  _swc_queue_batch (queue, TRUE);
  merge = insert_plan (db, plan, trimmed, result, target_name);
  ok = merge != 0 && queue_steps (queue, plan, merge, result, target_name, error);
  if (!ok && error && *error == NULL)
    g_set_error (error, SWC_ERROR, SWC_ERROR_STORE, _("The merge could not be stored: %s"),
                 sqlite3_errmsg (db));
  sqlite3_exec (db, ok ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
  _swc_queue_batch (queue, FALSE);
  return ok ? merge : 0;
}

/* ---- a confirmed step ---- */

typedef struct
{
  char *schema;
  GHashTable *properties; /* set */
} Referrer;

static void
referrer_free (Referrer *r)
{
  g_free (r->schema);
  g_hash_table_unref (r->properties);
  g_free (r);
}

static void
add_referrer (GHashTable *map, const char *uuid, const char *schema, const char *property)
{
  Referrer *r = g_hash_table_lookup (map, uuid);

  if (r == NULL)
    {
      r = g_new0 (Referrer, 1);
      r->schema = g_strdup (schema);
      r->properties = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (map, g_strdup (uuid), r);
    }
  g_hash_table_add (r->properties, g_strdup (property));
}

/* What referenced the source: the local index, and the server's report where it names more. */
static GHashTable *
referrers (sqlite3 *db, const char *source, const char *target, JsonObject *report)
{
  GHashTable *map =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) referrer_free);
  sqlite3_stmt *s = swc_db_prepare (
      db, "SELECT o.uuid, o.schema, r.property FROM refs r JOIN objects o ON o.rowid = r.source"
          " WHERE r.target = ? AND o.uuid != ?");
  JsonObject *actions = report && json_object_has_member (report, "actions")
                            ? json_object_get_object_member (report, "actions")
                            : NULL;
  JsonArray *refs = actions && json_object_has_member (actions, "references")
                        ? json_object_get_array_member (actions, "references")
                        : NULL;

  sqlite3_bind_text (s, 1, source, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 2, target, -1, SQLITE_STATIC);
  while (sqlite3_step (s) == SQLITE_ROW)
    add_referrer (map, (const char *) sqlite3_column_text (s, 0),
                  (const char *) sqlite3_column_text (s, 1),
                  (const char *) sqlite3_column_text (s, 2));
  sqlite3_finalize (s);
  for (guint i = 0; refs && i < json_array_get_length (refs); i++)
    {
      JsonObject *e = json_array_get_object_element (refs, i);
      JsonArray *props = e && json_object_has_member (e, "properties")
                             ? json_object_get_array_member (e, "properties")
                             : NULL;
      const char *uuid =
          e ? json_object_get_string_member_with_default (e, "objectId", NULL) : NULL;
      for (guint j = 0; uuid && props && j < json_array_get_length (props); j++)
        add_referrer (map, uuid, json_object_get_string_member_with_default (e, "schema", ""),
                      json_array_get_string_element (props, j));
    }
  return map;
}

/* The server's copy of an object in the store (the view when nothing waits), or NULL. */
static JsonObject *
server_copy (sqlite3 *db, const char *uuid, char **schema, gint *pending)
{
  g_autofree char *json = NULL, *server_json = NULL;

  if (!swc_store_read_object (db, uuid, schema, &json, &server_json, pending))
    return NULL;
  return _swc_merge_parse_object (*pending > 0 ? server_json : json);
}

/* Replaces the server's copy; when changes of its own still wait, the queue applies them on top. */
static void
store_server_copy (SwcQueue *queue, const char *uuid, const char *schema, gint pending,
                   JsonObject *copy)
{
  sqlite3 *db = _swc_queue_db (queue);
  g_autofree char *text = NULL;
  sqlite3_stmt *s;

  if (pending == 0 && schema != NULL && swc_schema_set_lookup (queue->schemas, schema) != NULL)
    {
      /* nothing waits: the server's copy is the view (the common case, and ten thousand of them can
       * move) */
      swc_store_write_view (db, swc_schema_set_lookup (queue->schemas, schema), uuid, copy, FALSE,
                            0, NULL, FALSE, NULL);
      return;
    }
  text = text_of (copy);
  s = swc_db_prepare (
      db, "UPDATE objects SET server_json = ?, pending = MAX (pending, 1) WHERE uuid = ?");
  sqlite3_bind_text (s, 1, text, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 2, uuid, -1, SQLITE_STATIC);
  sqlite3_step (s);
  sqlite3_finalize (s);
  _swc_queue_recompute (queue, uuid, NULL);
}

/* The store's view of an object (its server copy with the changes that wait), or NULL. */
static JsonObject *
view_copy (sqlite3 *db, const char *uuid, char **schema)
{
  g_autofree char *json = NULL, *server_json = NULL;
  gint pending = 0;

  if (!swc_store_read_object (db, uuid, schema, &json, &server_json, &pending))
    return NULL;
  return _swc_merge_parse_object (json);
}

/* The backend's app merged (swc-merge-app.c): it re-points some references, and only within the
 * first 10,000 objects of a kind (api-2026.md §3). Every reference is re-pointed by an ordinary
 * queued change, made on the view (a later step of the same merge builds on an earlier one's); one
 * the app moved already is confirmed without a request when it is sent. Returns what it was before,
 * as move_references. */
static JsonObject *
queue_repoint (SwcQueue *queue, const char *uuid, Referrer *r, const char *source,
               const char *target, char **schema_out)
{
  sqlite3 *db = _swc_queue_db (queue);
  g_autoptr(JsonObject) view = view_copy (db, uuid, schema_out);
  g_autoptr(JsonObject) mine = json_object_new (), base = json_object_new ();
  JsonObject *before = json_object_new ();
  GHashTableIter pi;
  gpointer prop;

  g_hash_table_iter_init (&pi, r->properties);
  while (g_hash_table_iter_next (&pi, &prop, NULL))
    {
      JsonNode *v = view ? json_object_get_member (view, prop) : NULL;
      g_autoptr(JsonObject) tmp = json_object_new ();
      json_object_set_member (before, prop,
                              v ? json_node_copy (v) : json_node_new (JSON_NODE_NULL));
      json_object_set_member (tmp, prop, v ? json_node_copy (v) : json_node_new (JSON_NODE_NULL));
      if (view == NULL || !_swc_merge_replace_ref (tmp, prop, source, target))
        continue;
      json_object_set_member (base, prop, json_node_copy (v));
      json_object_set_member (mine, prop, json_node_copy (json_object_get_member (tmp, prop)));
    }
  if (json_object_get_size (mine) > 0)
    {
      g_autofree char *name = swc_store_object_name (queue->store, uuid);
      g_autofree char *target_name = swc_store_object_name (queue->store, target);
      /* TRANSLATORS: a line in the change queue after a merge, e.g. "Point Dimpact at Centric
       * (merge)" */
      g_autofree char *label = g_strdup_printf (_("Point %s at %s (merge)"), name ? name : uuid,
                                                target_name ? target_name : target);
      _swc_queue_insert (queue, SWC_CHANGE_KIND_PATCH, *schema_out ? *schema_out : r->schema, uuid,
                         mine, base, NULL, NULL, 0, label, NULL);
    }
  return before;
}

/* Re-points every reference locally and returns what each was before: [{uuid, schema, before{prop:
 * value}}]. app: the backend's app merged; the references it left (leftovers, NULL: maybe all) are
 * queued changes (queue_repoint). */
static JsonArray *
move_references (SwcQueue *queue, const char *source, const char *target, JsonObject *report,
                 gboolean app, GHashTable *leftovers)
{
  sqlite3 *db = _swc_queue_db (queue);
  g_autoptr(GHashTable) map = referrers (db, source, target, report);
  JsonArray *journal = json_array_new ();
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, map);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Referrer *r = value;
      g_autofree char *schema = NULL;
      gint pending = 0;
      gboolean queued = app && (leftovers == NULL || g_hash_table_contains (leftovers, key));
      g_autoptr(JsonObject) copy = queued ? NULL : server_copy (db, key, &schema, &pending);
      JsonObject *entry = json_object_new (), *before = NULL;
      GHashTableIter pi;
      gpointer prop;

      if (queued)
        before = queue_repoint (queue, key, r, source, target, &schema);
      else
        {
          before = json_object_new ();
          g_hash_table_iter_init (&pi, r->properties);
          while (g_hash_table_iter_next (&pi, &prop, NULL))
            {
              JsonNode *v = copy ? json_object_get_member (copy, prop) : NULL;
              json_object_set_member (before, prop,
                                      v ? json_node_copy (v) : json_node_new (JSON_NODE_NULL));
              if (copy)
                _swc_merge_replace_ref (copy, prop, source, target);
            }
          if (copy)
            store_server_copy (queue, key, schema, pending, copy);
        }
      json_object_set_string_member (entry, "uuid", key);
      json_object_set_string_member (entry, "schema", schema ? schema : r->schema);
      json_object_set_object_member (entry, "before", before);
      json_array_add_object_element (journal, entry);
    }
  return journal;
}

static void
journal_step (sqlite3 *db, gint64 queue_id, JsonObject *source_before, JsonArray *refs,
              JsonObject *report, JsonObject *target_before)
{
  g_autofree char *source_text = text_of (source_before), *report_text = text_of (report);
  g_autofree char *refs_text = array_text (refs), *target_text = text_of (target_before);
  sqlite3_stmt *s = swc_db_prepare (
      db,
      "UPDATE merge_steps SET source_before = ?, refs_before = ?, report = ? WHERE queue_id = ?");

  sqlite3_bind_text (s, 1, source_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 2, refs_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 3, report_text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (s, 4, queue_id);
  sqlite3_step (s);
  sqlite3_finalize (s);
  /* the target as it was before the first step of its merge */
  s = swc_db_prepare (db, "UPDATE merges SET target_before = ? WHERE target_before IS NULL AND id ="
                          " (SELECT merge FROM merge_steps WHERE queue_id = ?)");
  sqlite3_bind_text (s, 1, target_text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (s, 2, queue_id);
  sqlite3_step (s);
  sqlite3_finalize (s);
}

/* What the journal keeps of the server's answer; a step the app carried out is marked so, for its
 * reversal (the source is to be revived, not created again). */
static JsonObject *
journal_report_of (JsonObject *report, gboolean tombstone)
{
  JsonObject *copy = json_object_new ();
  GList *members = report ? json_object_get_members (report) : NULL;

  if (report == NULL && !tombstone)
    {
      json_object_unref (copy);
      return NULL;
    }
  for (GList *l = members; l; l = l->next)
    json_object_set_member (copy, l->data,
                            json_node_copy (json_object_get_member (report, l->data)));
  g_list_free (members);
  if (tombstone)
    json_object_set_boolean_member (copy, "tombstone", TRUE);
  return copy;
}

void
_swc_merge_step_confirmed (SwcQueue *queue, gint64 queue_id, const char *schema, const char *source,
                           const char *target, JsonObject *payload, JsonObject *report,
                           gboolean tombstone, GHashTable *leftovers)
{
  sqlite3 *db = _swc_queue_db (queue);
  g_autofree char *source_schema = NULL, *target_schema = NULL;
  gint source_pending = 0, target_pending = 0;
  gint64 started = g_get_monotonic_time ();
  g_autoptr(JsonObject) source_before = server_copy (db, source, &source_schema, &source_pending);
  g_autoptr(JsonObject) target_before =
      target ? server_copy (db, target, &target_schema, &target_pending) : NULL;
  g_autoptr(JsonArray) refs = NULL;
  g_autoptr(JsonObject) journal_report = journal_report_of (report, tombstone);
  JsonNode *merged = report && json_object_has_member (report, "mergedObject")
                         ? json_object_get_member (report, "mergedObject")
                         : NULL;
  g_autoptr(JsonObject) target_after = NULL;

  _swc_queue_batch (queue, TRUE); /* the queued re-pointings say "changed" once, with the rest */
  refs = move_references (queue, source, target, report, tombstone, leftovers);
  _swc_queue_batch (queue, FALSE);
  journal_step (db, queue_id, source_before, refs, journal_report, target_before);
  g_debug ("merge step %" G_GINT64_FORMAT ": %u references applied in %.0f ms", queue_id,
           json_array_get_length (refs), (g_get_monotonic_time () - started) / 1000.0);
  /* the source is gone on the server (no server copy), or a tombstone there; nothing of this merge
   * waits any more */
  {
    g_autoptr(JsonObject) grave = tombstone ? _swc_merge_tombstone (source_before, target) : NULL;
    g_autofree char *grave_text = grave ? text_of (grave) : NULL;
    sqlite3_stmt *s = swc_db_prepare (
        db, "UPDATE objects SET server_json = ?, pending = MAX (pending, 1) WHERE uuid = ?");
    sqlite3_bind_text (s, 1, grave_text, -1, SQLITE_STATIC);
    sqlite3_bind_text (s, 2, source, -1, SQLITE_STATIC);
    sqlite3_step (s);
    sqlite3_finalize (s);
    _swc_queue_recompute (queue, source, NULL);
  }
  if (target == NULL || target_before == NULL)
    return;
  if (merged && JSON_NODE_HOLDS_OBJECT (merged))
    target_after = json_object_ref (json_node_get_object (merged));
  else
    {
      /* no report (confirmed after a restart): the chosen values, as the server applied them */
      JsonObject *values = payload && json_object_has_member (payload, "object")
                               ? json_object_get_object_member (payload, "object")
                               : NULL;
      GList *names = values ? json_object_get_members (values) : NULL;
      target_after = json_object_ref (target_before);
      for (GList *l = names; l; l = l->next)
        json_object_set_member (target_after, l->data,
                                json_node_copy (json_object_get_member (values, l->data)));
      g_list_free (names);
    }
  store_server_copy (queue, target, target_schema, target_pending, target_after);
}
